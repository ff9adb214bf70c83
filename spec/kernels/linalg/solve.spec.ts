/** Specs for solve, luSolve and inv: A · solve(A, B) = B, Aᵀ X = B from the same factors, inv(A) A = I. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { inv, lu, luSolve, solve } from "../../../lib/kernels/linalg/index.ts";
import { ShapeError } from "../../../lib/core/errors.ts";
import { EPS32, batchArb, bound, distance, entriesArb, frobenius, identity, matrixAt, mediumDimArb, naiveMatmul, naiveTranspose, shifted } from "./helpers.ts";

/** Batches of well-conditioned A (random + (n+1)·I: strictly diagonally dominant, ‖A⁻¹‖_∞ ≤ 1) with right-hand sides [n, nrhs]. */
const caseArb = fc
  .record({ batch: batchArb(3), n: fc.integer({ min: 0, max: 8 }), nrhs: fc.integer({ min: 0, max: 4 }) })
  .chain((c) =>
    fc.tuple(entriesArb(c.batch * c.n * c.n), entriesArb(c.batch * c.n * c.nrhs)).map(([raw, b]) => {
      const a = new Float64Array(c.batch * c.n * c.n);
      for (let t = 0; t < c.batch; t++) a.set(shifted(matrixAt(raw, t, c.n, c.n), c.n, c.n + 1), t * c.n * c.n);
      return { ...c, a, b };
    }),
  );

/** ‖op(A) X - B‖ ≤ bound(n, ‖A‖‖X‖) per matrix of the batch. */
function checkSolution(
  a: ArrayLike<number>,
  x: ArrayLike<number>,
  b: ArrayLike<number>,
  batch: number,
  n: number,
  nrhs: number,
  transpose: boolean,
  eps: number,
): void {
  for (let t = 0; t < batch; t++) {
    const at = matrixAt(a, t, n, n);
    const op = transpose ? naiveTranspose(at, n, n) : at;
    const xt = matrixAt(x, t, n, nrhs);
    const residual = distance(naiveMatmul(op, xt, n, n, nrhs), matrixAt(b, t, n, nrhs));
    expect(residual).toBeLessThanOrEqual(bound(n, frobenius(at) * frobenius(xt), eps));
  }
}

describe("solve", () => {
  it("gives A X = B on random well-conditioned batches", () => {
    fc.assert(
      fc.property(caseArb, ({ batch, n, nrhs, a, b }) => {
        const x = solve(a, b, batch, n, nrhs);
        expect(x.length).toBe(batch * n * nrhs);
        checkSolution(a, x, b, batch, n, nrhs, false, Number.EPSILON);
      }),
      { numRuns: 200 },
    );
  });

  it("keeps float32 storage and float32 accuracy", () => {
    fc.assert(
      fc.property(caseArb, ({ batch, n, nrhs, a, b }) => {
        const [a32, b32] = [Float32Array.from(a), Float32Array.from(b)];
        const x = solve(a32, b32, batch, n, nrhs);
        expect(x).toBeInstanceOf(Float32Array);
        checkSolution(a32, x, b32, batch, n, nrhs, false, EPS32);
      }),
      { numRuns: 30 },
    );
  });

  it("matches a closed form and needs pivoting on a zero leading entry", () => {
    expect(Array.from(solve(new Float64Array([2, 1, 1, 3]), new Float64Array([3, 5]), 1, 2, 1)).map((x) => +x.toFixed(14))).toEqual([0.8, 1.4]);
    expect(Array.from(solve(new Float64Array([0, 1, 1, 0]), new Float64Array([2, 3]), 1, 2, 1))).toEqual([3, 2]);
  });

  it("solves medium systems (the blocked paths) and a 150×150 one to backward-error accuracy", () => {
    fc.assert(
      fc.property(
        fc
          .record({ n: mediumDimArb, nrhs: fc.integer({ min: 1, max: 12 }) })
          .chain((c) => fc.tuple(entriesArb(c.n * c.n), entriesArb(c.n * c.nrhs)).map(([a, b]) => ({ ...c, a: shifted(a, c.n, c.n + 1), b }))),
        ({ n, nrhs, a, b }) => {
          checkSolution(a, solve(a, b, 1, n, nrhs), b, 1, n, nrhs, false, Number.EPSILON);
          const factors = lu(a, 1, n, n);
          checkSolution(a, luSolve(factors.lu, factors.permutation, b, 1, n, nrhs, true), b, 1, n, nrhs, true, Number.EPSILON);
        },
      ),
      { numRuns: 6 },
    );
    const n = 150;
    const a = new Float64Array(n * n).map((_, i) => Math.sin(i * 0.61) + Math.cos(i * 0.0031));
    const b = new Float64Array(n * 2).map((_, i) => Math.cos(i));
    checkSolution(a, solve(a, b, 1, n, 2), b, 1, n, 2, false, Number.EPSILON);
  });

  it("gives non-finite entries, not an error, for a singular matrix (as JAX)", () => {
    const x = solve(new Float64Array([1, 2, 2, 4]), new Float64Array([1, 1]), 1, 2, 1);
    expect(x.some((v) => !Number.isFinite(v))).toBe(true);
  });

  it("rejects mismatched buffers with a ShapeError naming solve", () => {
    expect(() => solve(new Float64Array(4), new Float64Array(3), 1, 2, 1)).toThrow(ShapeError);
    expect(() => solve(new Float64Array(4), new Float64Array(3), 1, 2, 1)).toThrow(/solve: b has 3 elements/);
  });
});

describe("luSolve", () => {
  it("solves A X = B and Aᵀ X = B from lu's packed factors and permutation", () => {
    fc.assert(
      fc.property(caseArb, fc.boolean(), ({ batch, n, nrhs, a, b }, transpose) => {
        const factors = lu(a, batch, n, n);
        const x = luSolve(factors.lu, factors.permutation, b, batch, n, nrhs, transpose);
        checkSolution(a, x, b, batch, n, nrhs, transpose, Number.EPSILON);
      }),
      { numRuns: 200 },
    );
  });

  it("agrees with solve when not transposed", () => {
    fc.assert(
      fc.property(caseArb, ({ batch, n, nrhs, a, b }) => {
        const factors = lu(a, batch, n, n);
        expect(luSolve(factors.lu, factors.permutation, b, batch, n, nrhs)).toEqual(solve(a, b, batch, n, nrhs));
      }),
      { numRuns: 30 },
    );
  });

  it("rejects a permutation of the wrong length", () => {
    expect(() => luSolve(new Float64Array(4), new Int32Array(3), new Float64Array(2), 1, 2, 1)).toThrow(/lu_solve: permutation/);
  });
});

describe("inv", () => {
  it("gives inv(A) A = I and A inv(A) = I", () => {
    fc.assert(
      fc.property(caseArb, ({ batch, n, a }) => {
        const x = inv(a, batch, n);
        for (let t = 0; t < batch; t++) {
          const at = matrixAt(a, t, n, n);
          const xt = matrixAt(x, t, n, n);
          const scale = frobenius(at) * frobenius(xt);
          expect(distance(naiveMatmul(xt, at, n, n, n), identity(n))).toBeLessThanOrEqual(bound(n, scale));
          expect(distance(naiveMatmul(at, xt, n, n, n), identity(n))).toBeLessThanOrEqual(bound(n, scale));
        }
      }),
      { numRuns: 100 },
    );
  });

  it("inverts an 80×80 matrix (blocked solves), matches closed forms and handles 0×0", () => {
    const n = 80;
    const a = new Float64Array(n * n).map((_, i) => Math.sin(i * 0.41) + (i % (n + 1) === 0 ? 3 : 0));
    const x = inv(a, 1, n);
    expect(distance(naiveMatmul(x, a, n, n, n), identity(n))).toBeLessThanOrEqual(bound(n, frobenius(a) * frobenius(x)));
    expect(Array.from(inv(new Float64Array([4, 7, 2, 6]), 1, 2)).map((x) => +x.toFixed(14))).toEqual([0.6, -0.7, -0.2, 0.4]);
    expect(Array.from(inv(new Float32Array([0.5]), 1, 1))).toEqual([2]);
    expect(inv(new Float64Array(0), 1, 0).length).toBe(0);
  });

  it("gives non-finite entries for a singular matrix, never throws", () => {
    expect(inv(new Float64Array([1, 2, 2, 4]), 1, 2).some((v) => !Number.isFinite(v))).toBe(true);
  });
});
