/**
 * `lax.foriLoop` and `lax.whileLoop`: foriLoop with concrete bounds
 * differentiates both ways (it is a scan); whileLoop is forward-mode only
 * (jvp matches, grad is a TracegradError pointing at forward mode); both
 * agree with eager evaluation under vmap (batched predicates and trip
 * counts included) and jit.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Tensor } from "../../lib/core/tensor.ts";
import { grad, jit, jvp, lax, np, numericalJvp, ShapeError, TracegradError, vmap } from "../../lib/index.ts";
import { checkDerivatives, expectAllclose, GRAD_TOL, loopVmap, randTensor, seedArb, shapeArb, thrown } from "./_util.ts";

const RUNS = 20;

describe("foriLoop", () => {
  const body = (w: Tensor) => (i: Tensor, [v, acc]: [Tensor, Tensor]): [Tensor, Tensor] => {
    const next = np.sin(np.add(np.multiply(v, w), np.multiply(i, 0.1)));
    return [next, np.add(acc, np.multiply(np.sum(next), i))];
  };
  const loopLoss = (lo: number, hi: number) => (x: Tensor, w: Tensor) => {
    const [v, acc] = lax.foriLoop(lo, hi, body(w), [x, np.array(0)]);
    return np.add(np.sum(np.square(v)), acc);
  };

  it("with concrete bounds: grad and jvp match central differences", () => {
    fc.assert(
      fc.property(shapeArb(0, 2), fc.integer({ min: -1, max: 2 }), fc.integer({ min: 0, max: 4 }), seedArb, (s, lo, trips, seed) => {
        checkDerivatives(loopLoss(lo, lo + trips), [randTensor(s, seed), randTensor(s, seed + 1)], seed, `foriLoop(${lo}, ${lo + trips})`);
      }),
      { numRuns: RUNS },
    );
  });

  it("equals a JS for-loop; under vmap and jit (traced bounds too) it equals eager", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), shapeArb(0, 2), fc.integer({ min: 0, max: 4 }), seedArb, (size, s, hi, seed) => {
        const x = randTensor([size, ...s], seed);
        const w = randTensor(s, seed + 1);
        const f = (xi: Tensor) => loopLoss(0, hi)(xi, w);
        let v = x.slice(0);
        let acc = np.array(0) as Tensor;
        for (let i = 0; i < hi; i++) [v, acc] = body(w)(np.array(i, { dtype: "int32" }), [v, acc]);
        expectAllclose(f(x.slice(0)), np.add(np.sum(np.square(v)), acc), { rtol: 1e-14, atol: 1e-14 }, "foriLoop vs JS loop");
        expectAllclose(vmap(f)(x), loopVmap(f, [0], 0, [x]), {}, "vmap(foriLoop)");
        expectAllclose(jit(f)(x.slice(0)), f(x.slice(0)), {}, "jit(foriLoop)");
        // a traced upper bound: a while loop inside jit
        const dynamic = jit((xi: Tensor, n: Tensor) => lax.foriLoop(0, n, body(w), [xi, np.array(0)]));
        expectAllclose(dynamic(x.slice(0), np.array(hi, { dtype: "int32" })), lax.foriLoop(0, hi, body(w), [x.slice(0), np.array(0)]), {}, "jit(foriLoop) with traced bound");
        // per-example trip counts under vmap: a batched traced bound
        const counts = np.array(Array.from({ length: size }, (_, b) => (hi + b) % 4), { dtype: "int32" });
        const g = (xi: Tensor, n: Tensor) => lax.foriLoop(0, n, body(w), [xi, np.array(0)]);
        expectAllclose(vmap(g)(x, counts), loopVmap((a, n) => g(a, n.item() as never), [0, 0], 0, [x, counts]), {}, "vmap(foriLoop) with batched bounds");
      }),
      { numRuns: RUNS },
    );
  });
});

describe("whileLoop", () => {
  /** Runs a fixed number of steps counted in the carry, so small perturbations of x keep the trip count. */
  const counted = (n: number) => (x: Tensor, w: Tensor) => {
    const [, v] = lax.whileLoop(
      ([k]: [Tensor, Tensor]) => np.less(k, n),
      ([k, v]: [Tensor, Tensor]): [Tensor, Tensor] => [np.add(k, 1), np.add(np.multiply(np.sin(v), w), 0.1)],
      [np.array(0, { dtype: "int32" }), x],
    );
    return v;
  };
  /** Doubles until the sum exceeds a threshold: the trip count depends on the value. */
  const untilLarge = (x: Tensor) =>
    lax.whileLoop(
      ([v]: [Tensor, Tensor]) => np.less(np.sum(np.abs(v)), 10),
      ([v, k]: [Tensor, Tensor]): [Tensor, Tensor] => [np.add(np.multiply(v, 2), 0.5), np.add(k, 1)],
      [x, np.array(0, { dtype: "int32" })],
    );

  it("jvp matches central differences", () => {
    fc.assert(
      fc.property(shapeArb(0, 2), fc.integer({ min: 0, max: 4 }), seedArb, (s, n, seed) => {
        const xs = [randTensor(s, seed), randTensor(s, seed + 1)];
        const ts = xs.map((x, i) => randTensor(x.shape, seed + 5 + i));
        const [y, t] = jvp(counted(n), xs, ts);
        const [y0, t0] = numericalJvp(counted(n), xs, ts);
        expectAllclose(y, y0, {}, "primal");
        expectAllclose(t, t0, GRAD_TOL, "tangent");
        // a value-dependent trip count: the jvp is the derivative of the path taken
        const x = randTensor(s, seed + 9, 0.5, 1);
        const tx = randTensor(s, seed + 10);
        const [[yv], [tv]] = jvp(untilLarge, [x], [tx]) as unknown as [[Tensor], [Tensor]];
        const k = (untilLarge(x)[1] as Tensor).item();
        expectAllclose(tv, np.multiply(tx, 2 ** k), { rtol: 1e-14, atol: 0 }, "d(2^k x + c)");
        expectAllclose(yv, untilLarge(x)[0], {}, "value");
      }),
      { numRuns: RUNS },
    );
  });

  it("grad is a TracegradError that points to forward mode", () => {
    const e = thrown(() => grad((x: Tensor) => np.sum(counted(3)(x, np.array(1.5))))(np.ones([2])));
    expect(e).toBeInstanceOf(TracegradError);
    expect(e.message).toMatch(/whileLoop/);
    expect(e.message).toMatch(/forward/);
    expect(e.message).toMatch(/jvp|jacfwd/);
    // and the library still works afterwards
    expectAllclose(grad((x: Tensor) => np.sum(np.sin(x)))(np.zeros([2])), np.ones([2]), {}, "after the error");
  });

  it("under vmap with a batched predicate (per-element trip counts), under jit, and jvp under vmap, equal eager", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), shapeArb(0, 2), seedArb, (size, s, seed) => {
        const x = randTensor([size, ...s], seed, 0, 3);
        const expected = loopVmap((xi) => untilLarge(xi), [0], 0, [x]);
        expectAllclose(vmap(untilLarge)(x), expected, {}, "vmap(while), batched predicate");
        expectAllclose(jit(vmap(untilLarge))(x), expected, {}, "jit(vmap(while))");
        expectAllclose(jit(untilLarge)(x.slice(0)), untilLarge(x.slice(0)), {}, "jit(while)");
        // an unbatched predicate over a batched body value
        const w = randTensor([size, ...s], seed + 1);
        const f = (wi: Tensor) => counted(3)(x.slice(0), wi);
        expectAllclose(vmap(f)(w), loopVmap(f, [0], 0, [w]), {}, "vmap(while), batched body constant");
        // forward mode and vmap, in both orders
        const t = randTensor([size, ...s], seed + 2);
        const jvpOne = (xi: Tensor, ti: Tensor) => jvp((v: Tensor) => untilLarge(v)[0], [xi], [ti]);
        const looped = loopVmap((a, b) => jvpOne(a, b) as Tensor[], [0, 0], 0, [x, t]);
        expectAllclose(vmap(jvpOne)(x, t), looped, {}, "vmap(jvp(while))");
        expectAllclose(jvp(vmap((v: Tensor) => untilLarge(v)[0]), [x], [t]), looped, {}, "jvp(vmap(while))");
      }),
      { numRuns: RUNS },
    );
  });

  it("a body that changes the carry's shape is a ShapeError", () => {
    const e = thrown(() => lax.whileLoop((v: Tensor) => np.less(np.sum(v), 3), (v: Tensor) => np.concatenate([v, v], 0), np.ones([1])));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toMatch(/bodyFn must return the carry/);
  });
});

