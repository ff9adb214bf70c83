/**
 * The compiler from IR to fused loops: what it fuses (read from each
 * primitive's `lower`), that a compiled jaxpr computes exactly what eager
 * evaluation does, bit for bit and for every dtype (fused sums included:
 * both use the one compensated summation), and that programs of any length
 * compile into bounded loops.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { explainJit, grad, jit, makeJaxpr, nn, np, valueAndGrad, type Tensor } from "../lib/index.ts";
import { wasmAvailable } from "../lib/wasm/index.ts";
import { compileJaxpr } from "../lib/compile/index.ts";
import { MAX_LOOP_EQNS, plan } from "../lib/compile/fuse.ts";
import type { ConcreteTensor } from "../lib/core/tensor.ts";

const b2 = (x: Tensor) => np.sum(np.add(np.multiply(np.tanh(x), np.exp(np.negative(np.multiply(x, x)))), nn.sigmoid(x)));

/** The compiled jaxpr of `f` gives eager `f`'s value bit for bit (toEqual tells -0 from 0; NaN equals NaN). */
function compiledEqualsEager(f: (...xs: Tensor[]) => Tensor, args: Tensor[]): void {
  const closed = makeJaxpr(f, { simplify: false })(...args);
  const [compiled] = compileJaxpr(closed)(args as ConcreteTensor[]);
  const eager = f(...args);
  expect(compiled.dtype).toBe(eager.dtype);
  expect(compiled.shape).toEqual(eager.shape);
  expect(Array.from(compiled.toTypedArray())).toEqual(Array.from(eager.toTypedArray()));
}

/** The kinds of the plan's steps: `loop(n)` for a loop of n equations, the primitive's name for a call. */
function stepKinds(f: (...xs: Tensor[]) => Tensor, args: Tensor[]): string[] {
  return plan(makeJaxpr(f)(...args).jaxpr).map((s) => (s.kind === "call" ? s.eqn.primitive.name : `loop(${s.eqns.length})`));
}

describe("fusion plan", () => {
  it("puts the whole value-and-grad of an elementwise loss in one loop", () => {
    const steps = plan(makeJaxpr(valueAndGrad(b2))(np.ones([8])).jaxpr);
    expect(steps.map((s) => s.kind)).toEqual(["loop"]);
  });

  it("keeps matmul as a kernel call and fuses the bias add and tanh after it", () => {
    const layer = (x: Tensor, w: Tensor, b: Tensor) => np.tanh(np.add(np.matmul(x, w), b));
    expect(stepKinds(layer, [np.ones([4, 3]), np.ones([3, 5]), np.ones([5])])).toEqual(["dot_general", "loop(2)"]);
  });

  it("fuses broadcasts of scalars, of trailing rows and of leading columns as reads", () => {
    const x = np.ones([4, 3]);
    const row = np.ones([3]);
    const column = np.ones([4]);
    expect(stepKinds((x, r) => np.exp(np.add(x, np.broadcastTo(np.sin(r), [4, 3]))), [x, row])).toEqual(["sin", "loop(3)"]);
    const alongRows = (x: Tensor, c: Tensor) => np.exp(np.add(x, np.broadcastTo(np.reshape(np.sin(c), [4, 1]), [4, 3])));
    expect(stepKinds(alongRows, [x, column])).toEqual(["sin", "reshape", "loop(3)"]);
    compiledEqualsEager(alongRows, [np.array([[1, 2, 3], [4, 5, 6], [7, 8, 9], [0, 1, 2]]), np.array([0.5, 1, 1.5, 2])]);
  });

  it("fuses sums over leading axes (bias gradients) and trailing axes (softmax rows) into the loop that makes their operand", () => {
    const layer = (w: Tensor, b: Tensor, x: Tensor) => np.sum(np.tanh(np.add(np.matmul(x, w), b)));
    const biasGradient = makeJaxpr(grad(layer, { argnums: 1 }))(np.ones([3, 5]), np.ones([5]), np.ones([4, 3])).jaxpr;
    const loops = plan(biasGradient).filter((s) => s.kind === "loop");
    expect(loops.flatMap((l) => [...l.sums.values()])).toContainEqual({ cells: 5, inner: 1 });
    const softmaxSteps = plan(makeJaxpr((x: Tensor) => nn.softmax(x, -1))(np.ones([4, 6])).jaxpr);
    const rowSums = softmaxSteps.flatMap((s) => (s.kind === "loop" ? [...s.sums.values()] : []));
    expect(rowSums).toContainEqual({ cells: 4, inner: 6 });
    expect(softmaxSteps.some((s) => s.kind === "call" && s.eqn.primitive.name === "reduce_sum")).toBe(false);
  });
});

describe("lone elementwise equations", () => {
  // logistic regression's loss: the gradient's −y is made before the matmul, read only by the loops after it
  const logistic = (w: Tensor, x: Tensor, y: Tensor) => np.mean(nn.softplus(np.multiply(np.negative(y), np.matmul(x, w))));
  const args = () => [np.array([0.5, -1]), np.reshape(np.array([1, 2, -3, 0.5, 2, 2, -1, 0, 4, 1]), [5, 2]), np.array([1, -1, 1, 1, -1])];

  it("move into the loop of their first reader instead of running alone between calls", () => {
    const kinds = stepKinds(valueAndGrad(logistic) as never, args());
    expect(kinds.includes("neg")).toBe(false);
    expect(kinds.filter((k) => k === "dot_general")).toHaveLength(2);
    // a value read before and after a call stays a call when its reader is no loop
    expect(stepKinds((x: Tensor, w: Tensor) => np.matmul(np.sin(x), w), [np.ones([2, 2]), np.ones([2, 2])])).toEqual(["sin", "dot_general"]);
  });

  it("give the same bits moved as in order, eager and under jit", () => {
    const [w, x, y] = args();
    const [value, g] = valueAndGrad(logistic)(w, x, y);
    const [jv, jg] = jit(valueAndGrad(logistic))(w, x, y);
    expect(Object.is(jv.item(), value.item())).toBe(true);
    expect(Array.from(jg.toTypedArray())).toEqual(Array.from(g.toTypedArray()));
  });
});

describe("compiled jaxprs compute what eager does", () => {
  const arbValues = (n: number) => fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: n, maxLength: n });

  it("elementwise chains with scalar and row broadcasts, bit for bit", () => {
    fc.assert(
      fc.property(arbValues(6), arbValues(3), (a, b) => {
        const x = np.array(a).reshape(2, 3);
        const bias = np.array(b);
        compiledEqualsEager((x, bias) => np.maximum(np.multiply(np.sin(np.add(x, bias)), 2.5), np.divide(x, np.add(np.square(bias), 1))), [x, bias]);
      }),
      { numRuns: 50 },
    );
  });

  it("float32, int32 and bool results round exactly as the kernels store them", () => {
    fc.assert(
      fc.property(arbValues(5), (a) => {
        const x32 = np.array(a, { dtype: "float32" });
        compiledEqualsEager((x) => np.tanh(np.multiply(np.exp(x), np.sqrt(np.add(np.square(x), 1)))), [x32]);
        const xi = np.array(a.map((v) => Math.round(v * 1e4)), { dtype: "int32" });
        compiledEqualsEager((x) => np.multiply(np.add(np.multiply(x, x), 7), np.subtract(x, 3)), [xi]);
        compiledEqualsEager((x) => np.where(np.notEqual(np.greater(x, 0), np.less(x, -1)), np.negative(x), np.abs(x)), [np.array(a)]);
      }),
      { numRuns: 50 },
    );
  });

  it("fused reductions, and jit of grad, equal eager bit for bit", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }).chain(arbValues), (a) => {
        const x = np.array(a);
        compiledEqualsEager(b2, [x]);
        expect(Array.from(jit(grad(b2))(x).toTypedArray())).toEqual(Array.from(grad(b2)(x).toTypedArray()));
        compiledEqualsEager(b2, [x.astype("float32")]);
      }),
      { numRuns: 50 },
    );
  });

  it("a fused sum is exact where pairwise summation is not: sum(2x) over [1e16, 1 (126 times), -1e16] is 252, eager and jit", () => {
    const x = np.array([1e16, ...new Array<number>(126).fill(1), -1e16]);
    const f = (x: Tensor) => np.sum(np.multiply(x, 2));
    expect(stepKinds(f, [x])).toEqual(["loop(2)"]);
    expect(f(x).item()).toBe(252);
    expect(jit(f)(x).item()).toBe(252);
  });

  it("casts to bool in a fused loop as astype does: NaN, fractions and negatives are true", () => {
    const x = np.array([NaN, 0.5, -0.25, -3, 0, -0, Infinity, 1e-300]);
    const f = (x: Tensor) => {
      const b = np.negative(x).astype("bool");
      return np.multiply(b, b);
    };
    expect(stepKinds(f, [x])).toEqual(["loop(3)"]);
    compiledEqualsEager(f, [x]);
    expect(jit(f)(x).toArray()).toEqual([true, true, true, true, false, false, true, true]);
  });

  it("casts between every pair of dtypes inside a loop as numpy's astype does, on NaN, ±0, ±∞, fractions, negatives and large values", () => {
    const special = fc.constantFrom(NaN, 0, -0, Infinity, -Infinity, 0.5, -0.5, -0.25, 1e-300, -3, 2.5, -2.5, 2 ** 31 + 0.5, -(2 ** 33), 1e20);
    const dtypes = ["float64", "float32", "int32", "bool"] as const;
    /** numpy's astype of one stored value, in plain JS (int32: truncation and wrapping; bool: nonzero, NaN included). */
    const store = (v: number, dtype: (typeof dtypes)[number]): number =>
      dtype === "float64" ? v : dtype === "float32" ? Math.fround(v) : dtype === "int32" ? v | 0 : v !== 0 ? 1 : 0;
    fc.assert(
      fc.property(fc.array(fc.oneof(special, fc.double({ min: -1e3, max: 1e3 })), { minLength: 1, maxLength: 80 }), fc.constantFrom(...dtypes), fc.constantFrom(...dtypes), (values, mid, to) => {
        const x = np.array(values);
        // negate first so the cast is of a loop value, not of an input read; the last multiply keeps it in the loop
        const f = (t: Tensor) => {
          const y = np.negative(t).astype(mid).astype(to);
          return np.multiply(y, y);
        };
        const compiled = compileJaxpr(makeJaxpr(f, { simplify: false })(x))([x as ConcreteTensor])[0];
        expect(compiled.dtype).toBe(f(x).dtype);
        // y·y as the kernels compute it: wrapping for int32 (Math.imul), logical and for bool, rounded for float32
        const want = values.map((v) => {
          const y = store(store(-v, mid), to);
          return to === "int32" ? Math.imul(y, y) : to === "bool" ? y & y : store(y * y, to);
        });
        const got = Array.from(compiled.toTypedArray());
        expect(got.map((v, i) => Object.is(v, want[i]) || (Number.isNaN(v) && Number.isNaN(want[i])) || (v === 0 && want[i] === 0))).toEqual(values.map(() => true));
        compiledEqualsEager(f, [x]);
      }),
      { numRuns: 60 },
    );
  });

  it("fused sums are exact, each rounded once: integer data with ±1e16 among it (the compensation), eager and jit", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 20, arbitrary: fc.integer({ min: -6, max: 6 }) }, { weight: 1, arbitrary: fc.constantFrom(1e16, -1e16) }), { minLength: 1, maxLength: 400 }),
        (values) => {
          const x = np.array(values);
          const f = (t: Tensor) => np.sum(np.multiply(t, 2));
          const exact = Number(values.reduce((s, v) => s + 2n * BigInt(v), 0n));
          expect(f(x).item()).toBe(exact);
          expect(jit(f)(x).item()).toBe(exact);
          compiledEqualsEager(f, [x]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("long rows: loops over [3, 70] with a [70] bias (read at i % 70) and a full sum equal eager bit for bit", () => {
    fc.assert(
      fc.property(arbValues(210), arbValues(70), (a, b) => {
        const x = np.array(a).reshape(3, 70);
        const bias = np.array(b);
        compiledEqualsEager((x, bias) => np.sum(np.tanh(np.multiply(np.add(x, bias), np.subtract(bias, 0.5)))), [x, bias]);
        compiledEqualsEager((x, bias) => np.exp(np.multiply(np.add(x, bias), -0.5)), [x, bias]);
      }),
      { numRuns: 10 },
    );
  });

  it("keeps the sign of a -0 literal", () => {
    const f = (x: Tensor) => np.divide(1, np.multiply(np.exp(x), -0));
    compiledEqualsEager(f, [np.array([1, 2])]);
    expect(jit(f)(np.array([1, 2])).toArray()).toEqual([-Infinity, -Infinity]);
  });
});

describe("sums over some axes and column reads compute what eager does", () => {
  const shapeArb = fc.record({ rows: fc.integer({ min: 1, max: 7 }), columns: fc.integer({ min: 1, max: 19 }) });
  const valuesArb = ({ rows, columns }: { rows: number; columns: number }) =>
    fc.array(fc.double({ min: -4, max: 4, noNaN: true }), { minLength: rows * columns, maxLength: rows * columns });

  it("softmax, logsumexp, row and column sums, bias gradients, in float64 and float32, bit for bit", () => {
    fc.assert(
      fc.property(shapeArb.chain((s) => fc.tuple(fc.constant(s), valuesArb(s), valuesArb({ rows: 1, columns: s.columns }))), ([{ rows, columns }, values, bias]) => {
        for (const dtype of ["float64", "float32"] as const) {
          const x = np.array(values, { dtype }).reshape(rows, columns);
          const b = np.array(bias, { dtype });
          compiledEqualsEager((x: Tensor) => nn.softmax(x, -1), [x]);
          compiledEqualsEager((x: Tensor) => nn.logsumexp(np.multiply(x, 3), -1), [x]);
          compiledEqualsEager((x: Tensor, b: Tensor) => np.sum(np.exp(np.add(x, b)), 0), [x, b]);
          compiledEqualsEager((x: Tensor) => np.sum(np.square(np.sin(x)), 1), [x]);
          compiledEqualsEager((x: Tensor, b: Tensor) => grad((b: Tensor) => np.sum(np.tanh(np.add(x, b))))(b), [x, b]);
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe("programs of any length", () => {
  it(`split at ${MAX_LOOP_EQNS} equations: values and sums across the boundary equal eager, bit for bit`, () => {
    // chains of MAX_LOOP_EQNS - 2 .. MAX_LOOP_EQNS + 2 equations reading the first value again at the end
    // (written out by the first loop, read by the second) and summed at the end (a fused sum or a call)
    for (let n = MAX_LOOP_EQNS - 2; n <= MAX_LOOP_EQNS + 2; n++) {
      const f = (x: Tensor) => {
        const first = np.sin(x);
        let y = first;
        for (let i = 0; i < n - 4; i++) y = i % 2 === 0 ? np.multiply(y, 1.0001) : np.add(y, 0.001);
        return np.sum(np.add(np.multiply(y, first), x));
      };
      const x = np.array(Array.from({ length: 70 }, (_, i) => Math.cos(i) * 2));
      const closed = makeJaxpr(f, { simplify: false })(x);
      expect(closed.jaxpr.eqns.length, `${n} equations`).toBe(n);
      const steps = plan(closed.jaxpr);
      expect(steps.every((s) => s.kind === "call" || s.eqns.length <= MAX_LOOP_EQNS), `${n}: loops of at most ${MAX_LOOP_EQNS}`).toBe(true);
      compiledEqualsEager(f, [x]);
      expect(Object.is(jit(f)(x).item(), f(x).item()), `${n}: jit`).toBe(true);
    }
  });

  it(`compile a straight-line elementwise program of 100,000 equations into loops of at most ${MAX_LOOP_EQNS}, equal to eager`, () => {
    const n = 100_000;
    const f = (x: Tensor) => {
      let [a, b] = [x, np.sin(x)];
      for (let i = 0; i < n - 1; i++) [a, b] = [b, i % 3 === 0 ? np.add(a, b) : i % 3 === 1 ? np.multiply(b, 0.5) : np.tanh(b)];
      return b;
    };
    const x = np.array([0.5, -1, 2]);
    const closed = makeJaxpr(f)(x);
    expect(closed.jaxpr.eqns.length).toBe(n);
    const loops = plan(closed.jaxpr);
    expect(loops.every((s) => s.kind === "loop" && s.eqns.length <= MAX_LOOP_EQNS)).toBe(true);
    expect(loops.length).toBe(Math.ceil(n / MAX_LOOP_EQNS));
    expect(Array.from(jit(f)(x).toTypedArray())).toEqual(Array.from(f(x).toTypedArray()));
    // about 2.5 s alone (the same on main); with the machine's two cores shared it took 6 s once, past vitest's default 5 s
  }, 30_000);
});

describe("explainJit", () => {
  it("prints the plan: the jaxpr makeJaxpr prints, split into loops (with their reads, writes and sums) and calls", () => {
    const f = (x: Tensor, w: Tensor, b: Tensor) => nn.logsumexp(np.add(np.matmul(x, w), b), -1);
    const text = explainJit(f)(np.ones([4, 3]), np.ones([3, 5]), np.ones([5]));
    expect(text).toMatchInlineSnapshot(`
      "jit plan: 6 steps (3 loops, 3 calls)
        call d:f64[4,5] = dot_general[contracting=((1,), (0,)) batch=((), ())] a b
        call e:f64[4,5] = add d c
        call f:f64[4] = reduce_max[axes=(1,)] e
        loop over [4] (JavaScript), reads f, writes i, 3 equations:
          g:bool[4] = is_finite f
          h:f64[4] = select g f 0.0
          i:f64[4] = stop_gradient h
        loop over [4,5] (JavaScript), reads i (column) e, sums m (4 rows), 4 equations:
          j:f64[4,5] = broadcast_in_dim[shape=(4, 5) broadcastDimensions=(0,)] i
          k:f64[4,5] = sub e j
          l:f64[4,5] = exp k
          m:f64[4] = reduce_sum[axes=(1,)] l
        loop over [4] (JavaScript), reads m i, writes o (into i's buffer), 2 equations:
          n:f64[4] = log m
          o:f64[4] = add n i
        out (o,)"
    `);
    // the same variable names as makeJaxpr
    const jaxprText = makeJaxpr(f)(np.ones([4, 3]), np.ones([3, 5]), np.ones([5])).toString();
    for (const line of text.split("\n").filter((l) => l.startsWith("    "))) expect(jaxprText).toContain(line.trim().replace(/\{ … \}/g, ""));
  });

  it("says when a loop runs in WebAssembly", () => {
    const text = explainJit(valueAndGrad(b2))(np.ones([10_000]));
    expect(text.split("\n")[0]).toBe("jit plan: 1 step (1 loop, 0 calls)");
    expect(text).toContain(wasmAvailable() ? "(WebAssembly SIMD)" : "(JavaScript)");
    expect(() => explainJit(42 as never)).toThrow(/explainJit/);
  });
});

describe("buffer reuse", () => {
  it("writes a loop's output into a dead intermediate's buffer, never into an argument, a returned value or a view", () => {
    const f = (x: Tensor, v: Tensor, u: Tensor) => {
      const y = np.multiply(np.exp(x), 2); // loop 1: y is read once more, by loop 2
      const w = np.matmul(v, u); // a call between the loops
      const r = np.tanh(np.add(y, w)); // loop 2: may take over y's buffer
      const q = np.reshape(r, [3, 4]); // a view of r's buffer, returned
      return [np.sin(np.multiply(r, 3)), q, y] as const;
    };
    const x = np.array([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9], [1, 1.1, 1.2]]);
    const v = np.ones([4, 2]);
    const u = np.array([[1, 2, 3], [4, 5, 6]]);
    const before = Array.from(x.toTypedArray());
    const eager = f(x, v, u).map((t) => Array.from(t.toTypedArray()));
    for (let run = 0; run < 2; run++) {
      const jitted = jit(f)(x, v, u) as unknown as Tensor[];
      expect(jitted.map((t) => Array.from(t.toTypedArray()))).toEqual(eager);
    }
    expect(Array.from(x.toTypedArray())).toEqual(before);
    const g = (x: Tensor) => {
      const y = np.exp(np.sin(x));
      const z = np.matmul(np.reshape(np.cos(x), [1, 12]), np.ones([12, 1]));
      return np.add(np.multiply(y, 2), z);
    };
    compiledEqualsEager(g, [np.reshape(x, [12])]);
    const h = (x: Tensor, v: Tensor, u: Tensor) => np.sin(np.tanh(np.add(np.multiply(np.exp(x), 2), np.matmul(v, u))));
    expect(explainJit(h)(x, v, u)).toContain("writes i (into e's buffer)");
    compiledEqualsEager(h, [x, v, u]);
    expect(Array.from(x.toTypedArray())).toEqual(before);
  });
});
