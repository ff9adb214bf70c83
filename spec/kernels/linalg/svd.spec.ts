/** Specs for the SVD: U diag(s) Vᵀ = A with orthonormal U and V, s descending and ≥ 0, NaN on failure. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { eigh, svd } from "../../../lib/kernels/linalg/index.ts";
import { ShapeError } from "../../../lib/core/errors.ts";
import {
  EPS32,
  allNaN,
  batchArb,
  bound,
  distance,
  entriesArb,
  frobenius,
  lowRank,
  matrixAt,
  mediumDimArb,
  naiveMatmul,
  naiveTranspose,
  orthonormalityError,
} from "./helpers.ts";

const caseArb = fc
  .record({
    batch: batchArb(3),
    m: fc.integer({ min: 0, max: 8 }),
    n: fc.integer({ min: 0, max: 8 }),
    fullMatrices: fc.boolean(),
  })
  .chain((c) => entriesArb(c.batch * c.m * c.n).map((a) => ({ ...c, a })));

function checkSvd(a: ArrayLike<number>, batch: number, m: number, n: number, fullMatrices: boolean, eps: number): void {
  const k = Math.min(m, n);
  const uCols = fullMatrices ? m : k;
  const vtRows = fullMatrices ? n : k;
  const { s, u, vt } = svd(a as Float64Array, batch, m, n, { fullMatrices });
  expect(s.length).toBe(batch * k);
  expect(u!.length).toBe(batch * m * uCols);
  expect(vt!.length).toBe(batch * vtRows * n);
  for (let t = 0; t < batch; t++) {
    const at = matrixAt(a, t, m, n);
    const st = matrixAt(s, t, 1, k);
    const ut = matrixAt(u!, t, m, uCols);
    const vtt = matrixAt(vt!, t, vtRows, n);
    for (let i = 0; i < k; i++) {
      expect(st[i]).toBeGreaterThanOrEqual(0);
      if (i > 0) expect(st[i]).toBeLessThanOrEqual(st[i - 1]);
    }
    expect(orthonormalityError(ut, m, uCols)).toBeLessThanOrEqual(bound(m, Math.sqrt(uCols), eps));
    expect(orthonormalityError(naiveTranspose(vtt, vtRows, n), n, vtRows)).toBeLessThanOrEqual(bound(n, Math.sqrt(vtRows), eps));
    // U[:, :k] diag(s) Vᵀ[:k, :]
    const us = new Float64Array(m * k);
    for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) us[i * k + p] = ut[i * uCols + p] * st[p];
    const recon = naiveMatmul(us, vtt.subarray(0, k * n), m, k, n);
    expect(distance(recon, at)).toBeLessThanOrEqual(bound(Math.max(m, n), frobenius(at), eps));
  }
}

describe("svd", () => {
  it("gives U diag(s) Vᵀ = A with orthonormal U, V and s descending, tall and wide, full and thin", () => {
    fc.assert(fc.property(caseArb, ({ batch, m, n, fullMatrices, a }) => checkSvd(a, batch, m, n, fullMatrices, Number.EPSILON)), {
      numRuns: 200,
    });
  });

  it("computes the same singular values without U and V", () => {
    fc.assert(
      fc.property(caseArb, ({ batch, m, n, a }) => {
        const only = svd(a, batch, m, n, { computeUv: false });
        expect(only.u).toBeUndefined();
        expect(only.vt).toBeUndefined();
        const withVectors = svd(a, batch, m, n).s;
        only.s.forEach((x, i) => expect(Math.abs(x - withVectors[i])).toBeLessThanOrEqual(1e-14 * Math.max(1, withVectors[0] ?? 0)));
      }),
      { numRuns: 50 },
    );
  });

  it("agrees with the eigenvalues of AᵀA", () => {
    fc.assert(
      fc.property(caseArb, ({ batch, m, n, a }) => {
        const k = Math.min(m, n);
        const { s } = svd(a, batch, m, n, { computeUv: false });
        for (let t = 0; t < batch; t++) {
          const at = matrixAt(a, t, m, n);
          // the k largest eigenvalues of the smaller Gram matrix
          const wide = m < n;
          const gram = wide ? naiveMatmul(at, naiveTranspose(at, m, n), m, n, m) : naiveMatmul(naiveTranspose(at, m, n), at, n, m, n);
          const values = eigh(gram, 1, k).values;
          for (let i = 0; i < k; i++) {
            expect(Math.abs(s[t * k + i] ** 2 - values[k - 1 - i])).toBeLessThanOrEqual(1e-13 * Math.max(1, frobenius(at) ** 2));
          }
        }
      }),
      { numRuns: 50 },
    );
  });

  it("handles rank-deficient matrices: zeros in s and orthonormal completions", () => {
    fc.assert(
      fc.property(
        fc
          .record({ m: fc.integer({ min: 1, max: 8 }), n: fc.integer({ min: 1, max: 8 }), r: fc.integer({ min: 0, max: 2 }), fullMatrices: fc.boolean() })
          .chain((c) => fc.tuple(entriesArb(c.m * c.r), entriesArb(c.r * c.n)).map(([x, y]) => ({ ...c, a: lowRank(x, y, c.m, c.r, c.n) }))),
        ({ m, n, r, fullMatrices, a }) => {
          checkSvd(a, 1, m, n, fullMatrices, Number.EPSILON);
          const { s } = svd(a, 1, m, n);
          for (let i = r; i < Math.min(m, n); i++) expect(s[i]).toBeLessThanOrEqual(1e-14 * Math.max(1, s[0]));
        },
      ),
    );
  });

  it("keeps float32 storage and float32 accuracy", () => {
    fc.assert(
      fc.property(caseArb, ({ batch, m, n, fullMatrices, a }) => {
        const a32 = Float32Array.from(a);
        expect(svd(a32, batch, m, n).s).toBeInstanceOf(Float32Array);
        checkSvd(a32, batch, m, n, fullMatrices, EPS32);
      }),
      { numRuns: 30 },
    );
  });

  it("matches closed forms: diagonal, a rotation times a scale, 1×1, zero and empty", () => {
    const diag = svd(new Float64Array([3, 0, 0, -2]), 1, 2, 2);
    expect(Array.from(diag.s)).toEqual([3, 2]);
    // [[cos, -sin], [sin, cos]] · diag(5, 1): singular values 5 and 1
    const c = Math.cos(0.3), sn = Math.sin(0.3);
    const rot = svd(new Float64Array([5 * c, -sn, 5 * sn, c]), 1, 2, 2, { computeUv: false }).s;
    expect(rot[0]).toBeCloseTo(5, 14);
    expect(rot[1]).toBeCloseTo(1, 14);
    expect(Array.from(svd(new Float64Array([-7]), 1, 1, 1).s)).toEqual([7]);
    const zero = svd(new Float64Array(6), 1, 2, 3);
    expect(Array.from(zero.s)).toEqual([0, 0]);
    expect(orthonormalityError(zero.u!, 2, 2)).toBe(0);
    // a 3×0 matrix: no singular values, U = I₃, Vᵀ empty (as numpy)
    const tallEmpty = svd(new Float64Array(0), 1, 3, 0);
    expect(tallEmpty.s.length).toBe(0);
    expect(Array.from(tallEmpty.u!)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(svd(new Float64Array(0), 0, 3, 3).u!.length).toBe(0);
  });

  it("is accurate on medium matrices (the blocked path), 90×60, 60×90 and at extreme scales", () => {
    fc.assert(
      fc.property(
        fc.record({ m: mediumDimArb, n: mediumDimArb, fullMatrices: fc.boolean() }).chain((c) => entriesArb(c.m * c.n).map((a) => ({ ...c, a }))),
        ({ m, n, fullMatrices, a }) => checkSvd(a, 1, m, n, fullMatrices, Number.EPSILON),
      ),
      { numRuns: 4 },
    );
    const a = new Float64Array(90 * 60).map((_, i) => Math.sin(i * 0.29) + 0.1 * Math.cos(i * 1.7));
    checkSvd(a, 1, 90, 60, false, Number.EPSILON);
    checkSvd(a, 1, 60, 90, true, Number.EPSILON);
    for (const scale of [1e250, 1e-250]) {
      const s = svd(new Float64Array([3, 0, 4, 0, 0, 2]).map((x) => x * scale), 1, 3, 2, { computeUv: false }).s;
      expect(s[0] / scale).toBeCloseTo(5, 13);
      expect(s[1] / scale).toBeCloseTo(2, 13);
    }
  });

  it("reports a NaN or infinite entry as NaN outputs for that matrix only", () => {
    const out = svd(new Float64Array([1, 0, 0, 1, NaN, 0, 0, 1, 0, -Infinity, 0, 1]), 3, 2, 2);
    expect(Array.from(out.s.subarray(0, 2))).toEqual([1, 1]);
    expect(allNaN(out.s.subarray(2))).toBe(true);
    expect(allNaN(out.u!.subarray(4))).toBe(true);
    expect(allNaN(out.vt!.subarray(4))).toBe(true);
  });

  it("rejects a mismatched buffer with a ShapeError", () => {
    expect(() => svd(new Float64Array(5), 1, 2, 3)).toThrow(ShapeError);
  });
});
