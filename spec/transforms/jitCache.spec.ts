/**
 * The jit cache (issue 7, item 8): a bounded LRU per jitted function
 * (`config "jitCacheSize"`, 1024 by default), emptied by `f.clearCache()`
 * or `clearCaches()`; evicted signatures retrace and compute the right
 * values. Static arguments are keyed by value (plain objects and arrays by
 * content, functions and class instances by identity); tensors, cycles and
 * runaway nesting are refused with an ArgumentError.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import type { Tensor } from "../../lib/core/tensor.ts";
import { ArgumentError, clearCaches, config, jit, np } from "../../lib/index.ts";
import { DEFAULT_JIT_CACHE_SIZE } from "../../lib/transforms/jitCache.ts";
import { thrown } from "./_util.ts";

/** A jitted `sum(sin(x) * 2)` that counts its traces. */
function counted() {
  const state = { traces: 0 };
  const f = jit((x: Tensor) => {
    state.traces++;
    return np.sum(np.multiply(np.sin(x), 2));
  });
  return { f, state };
}
const expected = (n: number) => np.sum(np.multiply(np.sin(np.arange(n)), 2)).item();

describe("the jit cache is a bounded LRU", () => {
  afterEach(() => config.update("jitCacheSize", DEFAULT_JIT_CACHE_SIZE));

  it("has a documented default bound", () => {
    expect(config.get("jitCacheSize")).toBe(1024);
  });

  it("many shapes: the cache stays at its bound; evicted shapes retrace and compute the right value", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 60 }), (bound, sizes) => {
        config.update("jitCacheSize", bound);
        const { f, state } = counted();
        const recent: number[] = []; // the model: most recently used last
        for (const n of sizes) {
          const hit = recent.includes(n);
          const before = state.traces;
          expect(f(np.arange(n)).item()).toBeCloseTo(expected(n), 12);
          expect(state.traces - before, `shape [${n}] ${hit ? "cached" : "new or evicted"}`).toBe(hit ? 0 : 1);
          if (hit) recent.splice(recent.indexOf(n), 1);
          recent.push(n);
          if (recent.length > bound) recent.shift();
          expect(f.cacheSize()).toBe(recent.length);
          expect(f.cacheSize()).toBeLessThanOrEqual(bound);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("a hit makes an entry the most recently used", () => {
    config.update("jitCacheSize", 3);
    const { f, state } = counted();
    for (const n of [1, 2, 3]) f(np.arange(n));
    f(np.arange(1)); // 1 is now newest: 2 is the oldest
    f(np.arange(4)); // evicts 2
    expect(state.traces).toBe(4);
    f(np.arange(1));
    f(np.arange(3));
    expect(state.traces).toBe(4);
    f(np.arange(2));
    expect(state.traces).toBe(5);
  });

  it("lowering the bound trims live caches at once; a bad bound is refused", () => {
    const { f } = counted();
    for (let n = 1; n <= 10; n++) f(np.arange(n));
    expect(f.cacheSize()).toBe(10);
    config.update("jitCacheSize", 4);
    expect(f.cacheSize()).toBe(4);
    for (const bad of [0, -1, 2.5, NaN, "8", null]) {
      expect(thrown(() => config.update("jitCacheSize", bad as number))).toBeInstanceOf(ArgumentError);
    }
    expect(config.get("jitCacheSize")).toBe(4);
  });

  it("f.clearCache() empties one function's cache; clearCaches() every one", () => {
    const a = counted();
    const b = counted();
    a.f(np.arange(3));
    b.f(np.arange(3));
    a.f.clearCache();
    expect(a.f.cacheSize()).toBe(0);
    expect(b.f.cacheSize()).toBe(1);
    expect(a.f(np.arange(3)).item()).toBeCloseTo(expected(3), 12);
    expect(a.state.traces).toBe(2);
    clearCaches();
    expect(a.f.cacheSize()).toBe(0);
    expect(b.f.cacheSize()).toBe(0);
    expect(b.f(np.arange(3)).item()).toBeCloseTo(expected(3), 12);
    expect(b.state.traces).toBe(2);
  });
});

describe("static arguments are hashed by value", () => {
  /** A jitted `x * opts.lr` with static `opts`, counting traces. */
  function step() {
    const state = { traces: 0 };
    // the static argument is typed loosely: the specs pass hostile values in its place
    const f = jit(
      (x: Tensor, opts: { lr: number } | any) => {
        state.traces++;
        return np.multiply(x, opts.lr);
      },
      { staticArgnums: 1 },
    );
    return { f, state };
  }

  it("the reproduction: jit(f, { staticArgnums: 1 })(x, { lr: 0.1 }) traces once, not on every call", () => {
    const { f, state } = step();
    for (let i = 0; i < 5; i++) expect(f(np.ones([2]), { lr: 0.1 }).toArray()).toEqual([0.1, 0.1]);
    expect(state.traces).toBe(1);
    expect(f(np.ones([2]), { lr: 0.2 }).toArray()).toEqual([0.2, 0.2]);
    expect(state.traces).toBe(2);
  });

  it("equal values share a trace, different ones do not", () => {
    const same: [unknown, unknown][] = [
      [{ a: 1, b: 2 }, { b: 2, a: 1 }],
      [[1, [2, "x"]], [1, [2, "x"]]],
      [{ nested: { deep: [true, null, undefined] } }, { nested: { deep: [true, null, undefined] } }],
      [new Float32Array([1, 2]), new Float32Array([1, 2])],
      [NaN, NaN],
      [Object.assign(Object.create(null), { k: 1 }), { k: 1 }],
      [10n, 10n],
    ];
    const different: [unknown, unknown][] = [
      [1, "1"],
      [null, undefined],
      [0, -0],
      [[1, 2], [[1, 2]]],
      [{ a: 1 }, { a: 1, b: undefined }],
      [[1, 2], new Float64Array([1, 2])],
      [new Float32Array([1, 2]), new Float64Array([1, 2])],
      [{ a: [1] }, { a: 1 }],
      [true, 1],
      [() => 1, () => 1],
    ];
    const keyOf = (pair: [unknown, unknown]) => {
      let traces = 0;
      const f = jit(
        (x: Tensor, _key?: unknown) => {
          traces++;
          return np.add(x, 1);
        },
        { staticArgnums: 1 },
      );
      f(np.ones([1]), pair[0]);
      f(np.ones([1]), pair[1]);
      return traces;
    };
    same.forEach((pair, i) => expect(keyOf(pair), `pair ${i} of the equal ones shares a trace`).toBe(1));
    different.forEach((pair, i) => expect(keyOf(pair), `pair ${i} of the different ones traces twice`).toBe(2));
  });

  it("functions and class instances by identity; a mutated plain object retraces with its new value", () => {
    class Schedule {
      constructor(readonly lr: number) {}
    }
    const { f, state } = step();
    const s = new Schedule(0.5);
    f(np.ones([1]), s);
    f(np.ones([1]), s);
    expect(state.traces).toBe(1);
    expect(f(np.ones([1]), new Schedule(0.5)).item()).toBe(0.5);
    expect(state.traces).toBe(2);
    const opts = { lr: 0.25 };
    expect(f(np.ones([1]), opts).item()).toBe(0.25);
    opts.lr = 4;
    expect(f(np.ones([1]), opts).item()).toBe(4);
    expect(state.traces).toBe(4);
  });

  it("refuses tensors (as JAX refuses arrays), cycles and runaway nesting, naming the argument; the next call works", () => {
    const { f } = step();
    const tensorArg = thrown(() => f(np.ones([2]), { lr: np.array(0.1) }));
    expect(tensorArg).toBeInstanceOf(ArgumentError);
    expect(tensorArg.message).toMatch(/static argument 1 .*contains a tensor .*dynamic argument/);
    expect(thrown(() => f(np.ones([2]), np.array(0.1)))).toBeInstanceOf(ArgumentError);
    const cyclic: Record<string, unknown> = { lr: 1 };
    cyclic.self = cyclic;
    expect(thrown(() => f(np.ones([2]), cyclic)).message).toMatch(/static argument 1 .*is cyclic/);
    let deep: unknown = { lr: 1 };
    for (let i = 0; i < 10_000; i++) deep = { inner: deep };
    expect(thrown(() => f(np.ones([2]), deep)).message).toMatch(/nested deeper than/);
    expect(f(np.ones([2]), { lr: 3 }).toArray()).toEqual([3, 3]);
    // a shared (acyclic) subtree is not a cycle
    const shared = { v: 1 };
    expect(f(np.ones([1]), { lr: 2, a: shared, b: shared } as never).item()).toBe(2);
  });

  it("reads a static argument under the user-value boundary: throwing getters and Proxies, lying lengths, same message under an outer jit", () => {
    const { f } = step();
    const throwing = new Proxy({ lr: 1 }, { ownKeys: () => { throw new Error("hostile"); } });
    expect(thrown(() => f(np.ones([2]), throwing))).toBeInstanceOf(ArgumentError);
    const getter = Object.defineProperty({}, "lr", { enumerable: true, get: () => { throw new Error("hostile"); } });
    expect(thrown(() => f(np.ones([2]), getter)).message).toMatch(/jit: reading static argument 1 threw/);
    const lying = new Proxy([1, 2], { get: (t, k) => (k === "length" ? 1e12 : Reflect.get(t, k)) });
    const started = performance.now();
    expect(thrown(() => f(np.ones([2]), lying)).message).toMatch(/static argument 1 .*holds more than 1048576 entries/);
    expect(performance.now() - started).toBeLessThan(1000);
    // the tensor refusal names the aval only, so eager and an outer jit (a tracer) say the same
    const inner = jit((x: Tensor, _opts: unknown) => x, { staticArgnums: 1 });
    const eager = thrown(() => inner(np.ones([2]), np.ones([2])));
    const staged = thrown(() => jit((v: Tensor) => inner(np.ones([2]), v))(np.ones([2])));
    expect(staged.message).toBe(eager.message);
    expect(eager.message).toMatch(/static argument 1 contains a tensor \(f64\[2\]\)/);
  });
});

describe("clearCaches and clearCache take no arguments", () => {
  it("an argument is refused (it would look like clearing one entry), none empties every cache", () => {
    const f = jit((x: Tensor) => np.sin(x));
    f(np.ones([2]));
    expect(thrown(() => f.clearCache("key" as never)).message).toMatch(/jit\(f\).clearCache: takes no arguments, got "key"/);
    expect(thrown(() => clearCaches(f as never))).toBeInstanceOf(ArgumentError);
    expect(f.cacheSize()).toBe(1);
    clearCaches();
    expect(f.cacheSize()).toBe(0);
  });
});

describe("the cache key of the arguments' structure", () => {
  it("tells every structure apart (keys that look like delimiters, null and undefined, nesting), and the outputs keep theirs", () => {
    const state = { traces: 0 };
    const f = jit((t: unknown) => {
      state.traces++;
      return t;
    });
    const x = np.ones([2]);
    const trees: unknown[] = [
      { a: x, b: x },
      { "a,b": x },
      { 'a":*,"b': x },
      [x, x],
      [[x], x],
      [x, [x]],
      { a: [x, null] },
      { a: [x, undefined] },
      { a: x, b: { c: x } },
      JSON.parse('{"__proto__": 1, "b": 2}'),
    ];
    for (const t of trees) {
      const out = f(t) as unknown;
      // the same structure comes back, own "__proto__" key included
      expect(JSON.stringify(Object.keys(out as object))).toBe(JSON.stringify(Object.keys(t as object)));
    }
    expect(state.traces).toBe(trees.length);
    for (const t of trees) f(t);
    expect(state.traces).toBe(trees.length);
    const proto = f(JSON.parse('{"__proto__": 1, "b": 2}')) as unknown as Record<string, Tensor>;
    expect(Object.prototype.hasOwnProperty.call(proto, "__proto__")).toBe(true);
    expect(proto["__proto__"].item()).toBe(1);
  });
});
