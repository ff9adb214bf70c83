/** Specs for the LU kernel: P A = L U with LAPACK pivots and JAX's permutation. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { lu } from "../../../lib/kernels/linalg/index.ts";
import { ShapeError } from "../../../lib/core/errors.ts";
import { EPS32, batchArb, bound, distance, entriesArb, frobenius, lowRank, matrixAt, mediumDimArb, naiveMatmul } from "./helpers.ts";

const caseArb = fc
  .record({ batch: batchArb(3), m: fc.integer({ min: 0, max: 8 }), n: fc.integer({ min: 0, max: 8 }) })
  .chain((c) => entriesArb(c.batch * c.m * c.n).map((a) => ({ ...c, a })));

/** Unpacks L (m×k, unit lower) and U (k×n, upper) from the packed factors. */
function unpack(packed: ArrayLike<number>, m: number, n: number): { l: Float64Array; u: Float64Array } {
  const k = Math.min(m, n);
  const l = new Float64Array(m * k);
  const u = new Float64Array(k * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const x = packed[i * n + j];
      if (j < i && j < k) l[i * k + j] = x;
      if (i === j && i < k) l[i * k + j] = 1;
      if (j >= i && i < k) u[i * n + j] = x;
    }
  }
  return { l, u };
}

function checkFactors(a: ArrayLike<number>, batch: number, m: number, n: number, eps: number): void {
  const k = Math.min(m, n);
  const { lu: packed, pivots, permutation } = lu(a as Float64Array, batch, m, n);
  expect(packed.length).toBe(batch * m * n);
  expect(pivots).toBeInstanceOf(Int32Array);
  expect(pivots.length).toBe(batch * k);
  expect(permutation).toBeInstanceOf(Int32Array);
  expect(permutation.length).toBe(batch * m);
  for (let t = 0; t < batch; t++) {
    const at = matrixAt(a, t, m, n);
    const { l, u } = unpack(matrixAt(packed, t, m, n), m, n);
    // partial pivoting bounds the multipliers by 1
    for (const x of l) expect(Math.abs(x)).toBeLessThanOrEqual(1);
    // the permutation is the pivots' swaps applied to 0..m-1
    const perm = Array.from({ length: m }, (_, i) => i);
    for (let j = 0; j < k; j++) {
      const p = pivots[t * k + j];
      expect(p).toBeGreaterThanOrEqual(j);
      expect(p).toBeLessThan(m);
      [perm[j], perm[p]] = [perm[p], perm[j]];
    }
    expect(Array.from(permutation.subarray(t * m, (t + 1) * m))).toEqual(perm);
    // (P A)[i] = A[perm[i]] = (L U)[i]
    const pa = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) pa[i * n + j] = at[perm[i] * n + j];
    expect(distance(naiveMatmul(l, u, m, k, n), pa)).toBeLessThanOrEqual(bound(Math.max(m, n), frobenius(at), eps));
  }
}

describe("lu", () => {
  it("factors random square, tall and wide batches as P A = L U", () => {
    fc.assert(fc.property(caseArb, ({ batch, m, n, a }) => checkFactors(a, batch, m, n, Number.EPSILON)), { numRuns: 200 });
  });

  it("factors rank-deficient matrices without NaN", () => {
    fc.assert(
      fc.property(
        fc.record({ m: fc.integer({ min: 1, max: 7 }), n: fc.integer({ min: 1, max: 7 }), r: fc.integer({ min: 0, max: 2 }) }).chain((c) =>
          fc.tuple(entriesArb(c.m * c.r), entriesArb(c.r * c.n)).map(([x, y]) => ({ ...c, a: lowRank(x, y, c.m, c.r, c.n) })),
        ),
        ({ m, n, a }) => {
          checkFactors(a, 1, m, n, Number.EPSILON);
          expect(lu(a, 1, m, n).lu.every((x) => Number.isFinite(x))).toBe(true);
        },
      ),
    );
  });

  it("keeps float32 storage and float32 accuracy", () => {
    fc.assert(
      fc.property(caseArb, ({ batch, m, n, a }) => {
        const a32 = Float32Array.from(a);
        expect(lu(a32, batch, m, n).lu).toBeInstanceOf(Float32Array);
        checkFactors(a32, batch, m, n, EPS32);
      }),
      { numRuns: 30 },
    );
  });

  it("matches LAPACK's getrf on a 2×2 and a 3×3 example", () => {
    const two = lu(new Float64Array([1, 2, 3, 4]), 1, 2, 2);
    expect(Array.from(two.lu)).toEqual([3, 4, 1 / 3, 2 - 4 / 3]);
    expect(Array.from(two.pivots)).toEqual([1, 1]);
    expect(Array.from(two.permutation)).toEqual([1, 0]);
    // scipy.linalg.lu_factor([[1, 2, 3], [4, 5, 6], [7, 8, 10]]): piv = [2, 2, 2]
    const three = lu(new Float64Array([1, 2, 3, 4, 5, 6, 7, 8, 10]), 1, 3, 3);
    expect(Array.from(three.pivots)).toEqual([2, 2, 2]);
    expect(Array.from(three.permutation)).toEqual([2, 0, 1]);
    const expected = [7, 8, 10, 1 / 7, 2 - 8 / 7, 3 - 10 / 7, 4 / 7, 0.5, 6 - 40 / 7 - 0.5 * (3 - 10 / 7)];
    three.lu.forEach((x, i) => expect(x).toBeCloseTo(expected[i], 14));
  });

  it("leaves an exact zero on U's diagonal for a zero column, as getrf", () => {
    const { lu: packed, pivots } = lu(new Float64Array([0, 1, 0, 2]), 1, 2, 2);
    expect(Array.from(pivots)).toEqual([0, 1]);
    expect(Array.from(packed)).toEqual([0, 1, 0, 2]);
  });

  it("handles 0×0, 1×1 and empty batches", () => {
    const empty = lu(new Float64Array(0), 1, 0, 0);
    expect(empty.lu.length + empty.pivots.length + empty.permutation.length).toBe(0);
    const one = lu(new Float64Array([-3]), 1, 1, 1);
    expect(Array.from(one.lu)).toEqual([-3]);
    expect(Array.from(one.pivots)).toEqual([0]);
    expect(Array.from(lu(new Float64Array(0), 1, 3, 0).permutation)).toEqual([0, 1, 2]);
    expect(lu(new Float64Array(0), 0, 3, 3).lu.length).toBe(0);
  });

  it("factors medium matrices (the blocked path) and a 100×100 one accurately", () => {
    fc.assert(
      fc.property(
        fc.record({ m: mediumDimArb, n: mediumDimArb }).chain((c) => entriesArb(c.m * c.n).map((a) => ({ ...c, a }))),
        ({ m, n, a }) => checkFactors(a, 1, m, n, Number.EPSILON),
      ),
      { numRuns: 6 },
    );
    const n = 100;
    const a = new Float64Array(n * n).map((_, i) => Math.sin(i * 0.7) + Math.cos(i * 0.013));
    checkFactors(a, 1, n, n, Number.EPSILON);
  });

  it("rejects a mismatched buffer with a ShapeError", () => {
    expect(() => lu(new Float64Array(5), 1, 2, 3)).toThrow(ShapeError);
  });
});
