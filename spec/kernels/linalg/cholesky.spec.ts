/** Specs for the Cholesky kernel: L Lᵀ = A, L lower with a positive diagonal, NaN for non-SPD input. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { cholesky } from "../../../lib/kernels/linalg/index.ts";
import { ShapeError } from "../../../lib/core/errors.ts";
import {
  EPS32,
  allNaN,
  batchArb,
  bound,
  distance,
  entriesArb,
  frobenius,
  matrixAt,
  mediumDimArb,
  naiveMatmul,
  naiveTranspose,
  positiveDefinite,
} from "./helpers.ts";

/** A batch of B Bᵀ + n I matrices: [batch, n, n]. */
const spdBatchArb = fc
  .record({ batch: batchArb(3), n: fc.integer({ min: 0, max: 9 }) })
  .chain(({ batch, n }) =>
    entriesArb(batch * n * n).map((b) => {
      const a = new Float64Array(batch * n * n);
      for (let t = 0; t < batch; t++) a.set(positiveDefinite(matrixAt(b, t, n, n), n), t * n * n);
      return { batch, n, a };
    }),
  );

function checkFactor(a: ArrayLike<number>, l: ArrayLike<number>, n: number, eps: number): void {
  for (let i = 0; i < n; i++) {
    expect(l[i * n + i]).toBeGreaterThan(0);
    for (let j = i + 1; j < n; j++) expect(l[i * n + j]).toBe(0);
  }
  const llt = naiveMatmul(l, naiveTranspose(l, n, n), n, n, n);
  expect(distance(llt, a)).toBeLessThanOrEqual(bound(n, frobenius(a), eps));
}

describe("cholesky", () => {
  it("gives lower-triangular L with L Lᵀ = A on random SPD batches", () => {
    fc.assert(
      fc.property(spdBatchArb, ({ batch, n, a }) => {
        const l = cholesky(a, batch, n);
        expect(l).toBeInstanceOf(Float64Array);
        expect(l.length).toBe(batch * n * n);
        for (let t = 0; t < batch; t++) checkFactor(matrixAt(a, t, n, n), matrixAt(l, t, n, n), n, Number.EPSILON);
      }),
    );
  });

  it("keeps float32 storage and float32 accuracy", () => {
    fc.assert(
      fc.property(spdBatchArb, ({ batch, n, a }) => {
        const a32 = Float32Array.from(a);
        const l = cholesky(a32, batch, n);
        expect(l).toBeInstanceOf(Float32Array);
        for (let t = 0; t < batch; t++) checkFactor(matrixAt(a32, t, n, n), matrixAt(l, t, n, n), n, EPS32);
      }),
      { numRuns: 30 },
    );
  });

  it("reads only the lower triangle", () => {
    fc.assert(
      fc.property(spdBatchArb, entriesArb(81), ({ batch, n, a }, junk) => {
        const scribbled = Float64Array.from(a);
        for (let t = 0; t < batch; t++) {
          for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) scribbled[t * n * n + i * n + j] = 100 * junk[i * 9 + j];
        }
        expect(cholesky(scribbled, batch, n)).toEqual(cholesky(a, batch, n));
      }),
      { numRuns: 30 },
    );
  });

  it("factors medium and larger matrices (the blocked path)", () => {
    fc.assert(
      fc.property(mediumDimArb.chain((n) => entriesArb(n * n).map((b) => ({ n, a: positiveDefinite(b, n) }))), ({ n, a }) => {
        checkFactor(a, cholesky(a, 1, n), n, Number.EPSILON);
      }),
      { numRuns: 5 },
    );
    const n = 70;
    const b = new Float64Array(n * n).map((_, i) => Math.sin(i * 0.37));
    const a = positiveDefinite(b, n);
    checkFactor(a, cholesky(a, 1, n), n, Number.EPSILON);
  });

  it("matches closed forms for 0×0, 1×1 and 2×2", () => {
    expect(cholesky(new Float64Array(0), 1, 0)).toEqual(new Float64Array(0));
    expect(cholesky(new Float64Array(0), 0, 3)).toEqual(new Float64Array(0));
    expect(Array.from(cholesky(new Float64Array([9]), 1, 1))).toEqual([3]);
    expect(Array.from(cholesky(new Float64Array([4, 2, 2, 5]), 1, 2))).toEqual([2, 0, 1, 2]);
  });

  it("fills a non-positive-definite matrix with NaN and leaves the rest of the batch alone", () => {
    const good = [4, 2, 2, 5];
    const indefinite = [1, 2, 2, 1]; // eigenvalues 3 and -1
    const semidefinite = [1, 1, 1, 1]; // singular: the second pivot is 0
    const out = cholesky(new Float64Array([...good, ...indefinite, ...semidefinite, ...good]), 4, 2);
    expect(Array.from(out.subarray(0, 4))).toEqual([2, 0, 1, 2]);
    expect(allNaN(out.subarray(4, 8))).toBe(true);
    expect(allNaN(out.subarray(8, 12))).toBe(true);
    expect(Array.from(out.subarray(12, 16))).toEqual([2, 0, 1, 2]);
    expect(allNaN(cholesky(new Float64Array([-1]), 1, 1))).toBe(true);
    expect(allNaN(cholesky(new Float64Array([0]), 1, 1))).toBe(true);
    expect(allNaN(cholesky(new Float64Array([NaN, 0, 0, 1]), 1, 2))).toBe(true);
    expect(allNaN(cholesky(new Float64Array([Infinity, 0, 0, 1]), 1, 2))).toBe(true);
  });

  it("rejects a buffer that does not match the shape with a ShapeError naming the op", () => {
    expect(() => cholesky(new Float64Array(5), 1, 2)).toThrow(ShapeError);
    expect(() => cholesky(new Float64Array(5), 1, 2)).toThrow(/cholesky: a has 5 elements .*\[1, 2, 2\]/);
    expect(() => cholesky(new Float64Array(4), 1, 2.5)).toThrow(/cholesky: n must be a non-negative integer/);
  });
});
