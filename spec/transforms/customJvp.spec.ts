/**
 * customJvp: the rule is used by jvp, and by grad transposed; jit, vmap,
 * nesting (the outer derivative differentiates the rule). With customVjp:
 * closing over vmap/jit tracers works, and differentiating with respect to a
 * closed-over value is an error, as in JAX.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Tensor } from "../../lib/core/tensor.ts";
import { customJvp, customVjp, grad, hessian, jacfwd, jacrev, jit, jvp, np, numericalGrad, TracegradError, vmap } from "../../lib/index.ts";
import { expectAllclose, loopVmap, randTensor, seedArb, shapeArb, thrown } from "./_util.ts";

const RUNS = 20;
const TIGHT = { rtol: 1e-12, atol: 1e-14 };

/** sin whose rule says 2·cos: jvp gives 2·cos·t and grad (its transpose) 2·cos. */
const sinJ = customJvp((x: Tensor) => np.sin(x), ([x]: Tensor[], [t]: Tensor[]) => [np.sin(x), np.multiply(np.multiply(2, np.cos(x)), t)]);

/** JAX's log1pexp example: the rule is stable where autodiff of the formula gives NaN. */
const log1pexpFormula = (x: Tensor) => np.log(np.add(1, np.exp(x)));
const log1pexp = customJvp(log1pexpFormula, ([x]: Tensor[], [t]: Tensor[]) => [
  log1pexpFormula(x),
  np.multiply(t, np.subtract(1, np.divide(1, np.add(1, np.exp(x))))),
]);

describe("customJvp", () => {
  it("the rule is used by jvp, and transposed by grad and jacrev", () => {
    fc.assert(
      fc.property(shapeArb(0, 2), seedArb, (s, seed) => {
        const x = randTensor(s, seed);
        const t = randTensor(s, seed + 1);
        const [y, ty] = jvp(sinJ, [x], [t]);
        expectAllclose(y, np.sin(x), {}, "primal");
        expectAllclose(ty, np.multiply(np.multiply(2, np.cos(x)), t), TIGHT, "jvp uses the rule");
        expectAllclose(grad((v: Tensor) => np.sum(sinJ(v)))(x), np.multiply(2, np.cos(x)), TIGHT, "grad transposes the rule");
        expectAllclose(jacrev(sinJ)(x), jacfwd(sinJ)(x), TIGHT, "jacrev = jacfwd");
      }),
      { numRuns: RUNS },
    );
  });

  it("under jit and vmap, in both orders with jvp and grad", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), shapeArb(0, 2), seedArb, (size, s, seed) => {
        const xs = randTensor([size, ...s], seed);
        const ts = randTensor([size, ...s], seed + 1);
        const expectedT = np.multiply(np.multiply(2, np.cos(xs)), ts);
        const jvpOne = (x: Tensor, t: Tensor) => jvp(sinJ, [x], [t])[1];
        expectAllclose(vmap(jvpOne)(xs, ts), expectedT, TIGHT, "vmap(jvp)");
        expectAllclose(jvp(vmap(sinJ), [xs], [ts])[1], expectedT, TIGHT, "jvp(vmap)");
        expectAllclose(jit(vmap(jvpOne))(xs, ts), expectedT, TIGHT, "jit(vmap(jvp))");
        expectAllclose(jvp(jit(sinJ), [xs], [ts])[1], expectedT, TIGHT, "jvp(jit)");
        const sumSinJ = (v: Tensor) => np.sum(sinJ(v));
        expectAllclose(vmap(grad(sumSinJ))(xs), np.multiply(2, np.cos(xs)), TIGHT, "vmap(grad)");
        expectAllclose(jit(grad(sumSinJ))(xs), np.multiply(2, np.cos(xs)), TIGHT, "jit(grad)");
        expectAllclose(grad(jit(sumSinJ))(xs), np.multiply(2, np.cos(xs)), TIGHT, "grad(jit)");
        // the unbatched argument of a two-argument custom function under vmap
        const scaled = customJvp((a: Tensor, b: Tensor) => np.multiply(a, np.exp(b)), ([a, b]: Tensor[], [ta, tb]: Tensor[]) => [
          np.multiply(a, np.exp(b)),
          np.add(np.multiply(ta, np.exp(b)), np.multiply(np.multiply(a, np.exp(b)), np.multiply(3, tb))),
        ]);
        const b = randTensor(s, seed + 2);
        const g = (a: Tensor, bb: Tensor) => grad((u: Tensor, v: Tensor) => np.sum(scaled(u, v)), { argnums: [0, 1] })(a, bb) as Tensor[];
        expectAllclose(vmap(g, { inAxes: [0, null] })(xs, b), loopVmap(g, [0, null], 0, [xs, b]), TIGHT, "vmap(grad) with an unbatched argument");
      }),
      { numRuns: RUNS },
    );
  });

  it("nests: second derivatives differentiate the rule (d/dx 2cos x = -2 sin x)", () => {
    fc.assert(
      fc.property(shapeArb(0, 2), seedArb, (s, seed) => {
        const x = randTensor(s, seed);
        const sumSinJ = (v: Tensor) => np.sum(sinJ(v));
        expectAllclose(grad((v: Tensor) => np.sum(grad(sumSinJ)(v)))(x), np.multiply(-2, np.sin(x)), TIGHT, "grad(grad)");
        const H = hessian(sumSinJ)(np.ravel(x));
        expectAllclose(H, np.multiply(np.eye(x.size), np.multiply(-2, np.sin(np.ravel(x)))), TIGHT, "hessian");
        expectAllclose(jacfwd(jacfwd(sumSinJ))(np.ravel(x)), H, TIGHT, "jacfwd(jacfwd)");
      }),
      { numRuns: RUNS },
    );
  });

  it("JAX's log1pexp: the custom rule is finite where the formula's autodiff is NaN", () => {
    const gradF = grad((v: Tensor) => np.sum(log1pexp(v)));
    expectAllclose(gradF(np.array([0, 1, -3])), numericalGrad((v: Tensor) => np.sum(log1pexp(v)))(np.array([0, 1, -3])), { rtol: 1e-8, atol: 1e-10 }, "matches numerics");
    expectAllclose(gradF(np.array([800.0])), np.array([1.0]), {}, "grad at 800");
    expect(Number.isNaN((grad((v: Tensor) => np.sum(log1pexpFormula(v)))(np.array([800.0])).toArray() as number[])[0])).toBe(true);
    expectAllclose(vmap(grad(log1pexp))(np.array([800.0, 0])), np.array([1, 0.5]), {}, "vmap(grad) at 800");
  });
});

// ---------------------------------------------------------------------------
// closure over tracers

describe("customVjp and customJvp closing over tracers", () => {
  const makeVjp = (w: Tensor) =>
    customVjp((x: Tensor) => np.multiply(x, w), {
      fwd: (x: Tensor) => [np.multiply(x, w), null],
      bwd: (_r: null, g: Tensor) => [np.multiply(g, w)],
    });
  const makeJvp = (w: Tensor) => customJvp((x: Tensor) => np.multiply(x, w), ([x]: Tensor[], [t]: Tensor[]) => [np.multiply(x, w), np.multiply(t, w)]);

  it("closing over vmap and jit tracers works", () => {
    const ws = np.array([1, 2, 3]);
    const x = np.array([0.5, -1]);
    for (const make of [makeVjp, makeJvp]) {
      const perW = (w: Tensor) => grad((v: Tensor) => np.sum(np.square(make(w)(v))))(x);
      const expected = loopVmap(perW, [0], 0, [ws]);
      expectAllclose(vmap(perW)(ws), expected, TIGHT, `vmap over a closed-over value (${make.name})`);
      expectAllclose(jit(vmap(perW))(ws), expected, TIGHT, `jit(vmap) over a closed-over value (${make.name})`);
      expectAllclose(jit(perW)(np.array(2)), perW(np.array(2)), TIGHT, `jit with a closed-over traced value (${make.name})`);
    }
  });

  it("differentiating with respect to a closed-over value is a TracegradError, as in JAX", () => {
    const x = np.array([1.0, 2.0]);
    for (const [name, make] of [["customVjp", makeVjp], ["customJvp", makeJvp]] as const) {
      for (const run of [
        () => grad((w: Tensor) => np.sum(make(w)(x)))(np.array(2.0)),
        () => jvp((w: Tensor) => make(w)(x), [np.array(2.0)], [np.array(1.0)]),
        () => grad((v: Tensor) => np.sum(make(np.sum(v))(v)))(x),
      ]) {
        const e = thrown(run);
        expect(e).toBeInstanceOf(TracegradError);
        expect(e.message).toContain(`${name}: detected differentiation of a ${name} function with respect to a closed-over value`);
      }
    }
    // a closed-over constant that is not differentiated is fine
    expectAllclose(grad((v: Tensor) => np.sum(makeVjp(np.array(3))(v)))(x), np.full([2], 3), TIGHT, "constant closure");
  });
});

