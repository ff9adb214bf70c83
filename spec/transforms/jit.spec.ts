/**
 * jit: equals the function it compiles, for random programs of several ops;
 * traces once per input avals (and static values) and retraces for new
 * shapes, dtypes, tree structures and static values; composes with grad and
 * vmap in every order; evalShape gives shapes and dtypes; reading a traced
 * value is a ConcretizationError pointing to lax.cond/lax.whileLoop.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Tensor } from "../../lib/core/tensor.ts";
import { StagedTracer } from "../../lib/ir/build.ts";
import { ArgumentError, ClosedJaxpr, ConcretizationError, evalShape, grad, jit, jvp, lax, makeJaxpr, np, TracerLeakError, vmap } from "../../lib/index.ts";
import { programArb, programLoss, programTree } from "./_programs.ts";
import { expectAllclose, loopVmap, randTensor, seedArb, shapeArb, thrown } from "./_util.ts";

const RUNS = 30;
const TIGHT = { rtol: 1e-12, atol: 1e-14 };

describe("jit equals the function", () => {
  it("for random programs of several ops (trees out)", () => {
    fc.assert(
      fc.property(programArb, seedArb, (p, seed) => {
        const x = randTensor(p.xShape, seed);
        const y = randTensor(p.yShape, seed + 1);
        const f = programTree(p);
        expectAllclose(jit(f)(x, y), f(x, y), TIGHT, `jit(${p.text})`);
        expectAllclose(jit(programLoss(p))(x, y), programLoss(p)(x, y), TIGHT, "jit(loss)");
      }),
      { numRuns: RUNS },
    );
  });

  it("jit(grad(f)), grad(jit(f)), jit(jit(f)), vmap(jit(f)), jit(vmap(grad(f))) all agree", () => {
    fc.assert(
      fc.property(programArb, fc.integer({ min: 1, max: 3 }), seedArb, (p, size, seed) => {
        const x = randTensor(p.xShape, seed);
        const y = randTensor(p.yShape, seed + 1);
        const f = programLoss(p);
        const argnums = [0, 1];
        const g = grad(f, { argnums });
        const expected = g(x, y);
        expectAllclose(jit(g)(x, y), expected, TIGHT, "jit(grad(f))");
        expectAllclose(grad(jit(f), { argnums })(x, y), expected, TIGHT, "grad(jit(f))");
        expectAllclose(jit(grad(jit(f), { argnums }))(x, y), expected, TIGHT, "jit(grad(jit(f)))");
        expectAllclose(jit(jit(f))(x, y), f(x, y), TIGHT, "jit(jit(f))");
        const xs = randTensor([size, ...p.xShape], seed + 2);
        const perExample = loopVmap((xi) => f(xi, y), [0], 0, [xs]);
        expectAllclose(vmap(jit(f), { inAxes: [0, null] })(xs, y), perExample, TIGHT, "vmap(jit(f))");
        const perGrad = loopVmap((xi) => g(xi, y) as Tensor[], [0], 0, [xs]);
        expectAllclose(jit(vmap(g, { inAxes: [0, null] }))(xs, y), perGrad, TIGHT, "jit(vmap(grad(f)))");
        expectAllclose(vmap(jit(g), { inAxes: [0, null] })(xs, y), perGrad, TIGHT, "vmap(jit(grad(f)))");
        const tx = randTensor(p.xShape, seed + 3);
        expectAllclose(jvp(jit(f), [x, y], [tx, np.zerosLike(y)]), jvp(f, [x, y], [tx, np.zerosLike(y)]), TIGHT, "jvp(jit(f))");
      }),
      { numRuns: RUNS },
    );
  });

  it("closing over a tracer of an outer transform (not cached across calls)", () => {
    fc.assert(
      fc.property(shapeArb(0, 2), seedArb, (s, seed) => {
        const x = randTensor(s, seed);
        const inner = (w: Tensor) => jit((v: Tensor) => np.sum(np.multiply(np.sin(v), w)));
        // d/dw Σ sin(x)·w = sin(x); the jit is traced anew for each w tracer
        expectAllclose(grad((w: Tensor) => inner(w)(x))(x), np.sin(x), TIGHT, "grad through a closed-over tracer");
        expectAllclose(vmap((w: Tensor) => inner(w)(x))(np.stack([x, x])), np.full([2], np.sum(np.multiply(np.sin(x), x)).item()), TIGHT, "vmap through a closed-over tracer");
      }),
      { numRuns: 10 },
    );
  });
});

describe("the jit cache", () => {
  it("traces once per input avals, and again for new shapes, dtypes and tree structures", () => {
    fc.assert(
      fc.property(fc.array(shapeArb(0, 2, 3), { minLength: 1, maxLength: 6 }), fc.array(fc.constantFrom<"float64" | "float32">("float64", "float32"), { minLength: 6, maxLength: 6 }), (shapes, dtypes) => {
        let traces = 0;
        const f = jit((x: Tensor) => {
          traces++;
          return np.multiply(np.sin(x), 2);
        });
        const seen = new Set<string>();
        shapes.forEach((s, i) => {
          const x = randTensor(s, i, -1, 1, dtypes[i]);
          const key = `${dtypes[i]}[${s}]`;
          const before = traces;
          for (let k = 0; k < 3; k++) expectAllclose(f(np.add(x, k)), np.multiply(np.sin(np.add(x, k)), 2), { rtol: 1e-6, atol: 1e-7 }, "value");
          expect(traces - before).toBe(seen.has(key) ? 0 : 1);
          seen.add(key);
        });
        expect(traces).toBe(seen.size);
      }),
      { numRuns: RUNS },
    );
  });

  it("retraces for a new tree structure but not for new leaf values", () => {
    let traces = 0;
    const f = jit((t: unknown) => {
      traces++;
      return np.sum(np.concatenate((Array.isArray(t) ? t : [(t as { a: Tensor }).a]).map((v: Tensor) => np.ravel(v)), 0));
    });
    f([np.ones([2]), np.ones([3])]);
    f([np.zeros([2]), np.full([3], 2)]);
    expect(traces).toBe(1);
    f({ a: np.ones([2]) });
    expect(traces).toBe(2);
    f([np.ones([2]), np.ones([3]), np.ones([1])]);
    expect(traces).toBe(3);
    f({ a: np.ones([5]) });
    expect(traces).toBe(4);
    f({ a: np.zeros([5]) });
    expect(traces).toBe(4);
  });

  it("static arguments are part of the key by value: a JS branch on them is allowed", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 8 }), (ns) => {
        let traces = 0;
        const f = jit(
          (x: Tensor, n: number, mode: string) => {
            traces++;
            let y = x;
            for (let i = 0; i < n; i++) y = np.sin(y);
            return mode === "double" ? np.multiply(y, 2) : y;
          },
          { staticArgnums: [1, 2] },
        );
        const seen = new Set<number>();
        for (const n of ns) {
          const before = traces;
          let expected: Tensor = np.array([0.5, 1]);
          for (let i = 0; i < n; i++) expected = np.sin(expected);
          expectAllclose(f(np.array([0.5, 1]), n, "double"), np.multiply(expected, 2), TIGHT, "static loop count");
          expect(traces - before).toBe(seen.has(n) ? 0 : 1);
          seen.add(n);
        }
        const before = traces;
        f(np.array([0.5, 1]), ns[0], "single");
        expect(traces).toBe(before + 1);
      }),
      { numRuns: RUNS },
    );
  });

  it("staticArgnums counts negative positions from the end, as JAX", () => {
    const f = jit((x: Tensor, n: number) => np.power(x, n), { staticArgnums: -1 });
    expect(f(np.array([2, 3]), 3).toArray()).toEqual([8, 27]);
    expect(f(np.array([2, 3]), 2).toArray()).toEqual([4, 9]);
  });

  it("an out-of-range staticArgnums is an ArgumentError", () => {
    const e = thrown(() => jit((x: Tensor) => x, { staticArgnums: 3 })(np.ones([2])));
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e.message).toMatch(/staticArgnums 3 is out of range/);
  });

  it("stages one jit equation holding the traced jaxpr", () => {
    const f = jit(function double(x: Tensor) {
      return np.multiply(np.sin(x), 2);
    });
    expect(makeJaxpr((x: Tensor) => np.add(f(x), 1))(np.ones([3])).toString()).toMatchInlineSnapshot(`
      "{ lambda ; a:f64[3]. let
          b:f64[3] = jit[jaxpr={ lambda ; c:f64[3]. let
                d:f64[3] = sin c
                e:f64[3] = mul d 2.0
              in (e,) } name=double] a
          f:f64[3] = add b 1.0
        in (f,) }"
    `);
  });

  it("compiles the simplified jaxpr that makeJaxpr prints", () => {
    const f = (x: Tensor) => np.multiply(np.add(np.sin(x), -0), 1);
    const staged = makeJaxpr(jit(f), { simplify: false })(np.ones([3])).jaxpr.eqns[0].params.jaxpr as ClosedJaxpr;
    expect(staged.toString()).toBe(makeJaxpr(f)(np.ones([3])).toString());
    expect(staged.jaxpr.eqns.map((e) => e.primitive.name)).toEqual(["sin"]);
  });
});

describe("evalShape", () => {
  it("gives the output shapes and dtypes of random programs without computing", () => {
    fc.assert(
      fc.property(programArb, seedArb, (p, seed) => {
        const x = randTensor(p.xShape, seed);
        const y = randTensor(p.yShape, seed + 1);
        const eager = programTree(p)(x, y);
        const structs = evalShape(programTree(p))(x, y);
        expect(structs).toEqual({
          last: { shape: [...eager.last.shape], dtype: "float64" },
          sums: [{ shape: [], dtype: "float64" }, { shape: [], dtype: "float64" }],
        });
      }),
      { numRuns: RUNS },
    );
  });

  it("reports non-float dtypes, and does not run f's ops eagerly", () => {
    let calls = 0;
    const f = (x: Tensor) => {
      calls++;
      // a traced x: any eager read would throw
      expect(x.constructor.name).not.toBe("ConcreteTensor");
      return { i: np.argmax(x, 0), b: np.greater(x, 0), c: np.sum(x.astype("int32")), h: x.astype("float32") };
    };
    const structs = evalShape(f)(np.zeros([4, 3]));
    expect(calls).toBe(1);
    expect(structs).toEqual({
      b: { shape: [4, 3], dtype: "bool" },
      c: { shape: [], dtype: "int32" },
      h: { shape: [4, 3], dtype: "float32" },
      i: { shape: [3], dtype: "int32" },
    });
  });
});

describe("reading traced values", () => {
  const cases: [string, (x: Tensor) => unknown][] = [
    ["x.item()", (x) => np.multiply(x, x.sum().item())],
    ["if (x > 0)", (x) => ((x.sum() as unknown as number) > 0 ? x : np.negative(x))],
    ["x.toArray()", (x) => np.add(x, (x.toArray() as number[])[0])],
    ["Number(x)", (x) => np.add(x, Number(x.sum()))],
  ];
  for (const [what, f] of cases) {
    it(`${what} under jit and evalShape is a ConcretizationError pointing to lax.cond/lax.whileLoop`, () => {
      for (const transform of [jit, evalShape]) {
        const e = thrown(() => transform(f)(np.array([1, -2])));
        expect(e).toBeInstanceOf(ConcretizationError);
        expect(e.message).toMatch(/lax\.cond\/lax\.whileLoop/);
        expect(e.message).toMatch(/f64\[2\]|float64\[2\]|\[\]/);
      }
      // the value-dependent version with lax.cond works under jit and eagerly, and the cache is not corrupted
      const g = jit((x: Tensor) => lax.cond(np.greater(x.sum(), 0), (v: Tensor) => v, (v: Tensor) => np.negative(v), x));
      expectAllclose(g(np.array([1, -2])), np.array([-1, 2]), {}, "lax.cond instead");
      expectAllclose(g(np.array([3, -2])), np.array([3, -2]), {}, "lax.cond instead");
    });
  }

  it("a tracer stored outside jit, vmap, grad or scan and used later is a TracerLeakError, and nothing is corrupted", () => {
    let leaked: Tensor | undefined;
    const keep = (x: Tensor) => ((leaked = x), x);
    const runs: [string, () => unknown][] = [
      ["jit", () => jit(keep)(np.ones([2]))],
      ["vmap", () => vmap(keep)(np.ones([2]))],
      ["grad", () => grad((x: Tensor) => np.sum(keep(x)))(np.ones([2]))],
      ["scan", () => lax.scan((c: Tensor, x: Tensor) => [keep(c), x], np.array(0), np.ones([2]))],
    ];
    for (const [name, run] of runs) {
      run();
      const e = thrown(() => np.add(leaked!, 1));
      expect(e, name).toBeInstanceOf(TracerLeakError);
      expect(e.message).toContain(`tracer of ${name === "grad" ? "jvp" : name}`);
    }
    expectAllclose(jit((x: Tensor) => np.add(x, 1))(np.ones([2])), np.full([2], 2), {}, "after leaks");
  });

  it("an error message shows a traced argument as traced, also when class names are minified", () => {
    const badArgnums = (x: Tensor) => grad((v: Tensor) => v, { argnums: x as never })(x);
    expect(thrown(() => jit(badArgnums)(np.array(1))).message).toContain("got float64[] (traced)");
    // a minifier renames classes: the check is instanceof, not the constructor's name
    const name = Object.getOwnPropertyDescriptor(StagedTracer, "name")!;
    Object.defineProperty(StagedTracer, "name", { value: "a" });
    try {
      expect(thrown(() => jit(badArgnums)(np.array(1))).message).toContain("got float64[] (traced)");
    } finally {
      Object.defineProperty(StagedTracer, "name", name);
    }
    expect(StagedTracer.name).toBe("StagedTracer");
  });

  it("under grad, reading a value is allowed (as in JAX), so JS control flow on values works", () => {
    const f = (x: Tensor) => ((x.sum().item() > 0 ? np.sin(x) : np.cos(x)) as Tensor).sum();
    expectAllclose(grad(f)(np.array([1, 2])), np.cos(np.array([1, 2])), TIGHT, "positive branch");
    expectAllclose(grad(f)(np.array([-1, -2])), np.negative(np.sin(np.array([-1, -2]))), TIGHT, "negative branch");
  });
});
