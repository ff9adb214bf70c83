/** Specs for Householder QR: Q R = A, Qᵀ Q = I, R upper trapezoidal, in every mode; geqrf and householderProduct. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { geqrf, householderProduct, qr } from "../../../lib/kernels/linalg/index.ts";
import type { QrMode } from "../../../lib/kernels/linalg/index.ts";
import { ShapeError } from "../../../lib/core/errors.ts";
import { EPS32, batchArb, bound, distance, entriesArb, frobenius, lowRank, matrixAt, mediumDimArb, naiveMatmul, orthonormalityError } from "./helpers.ts";

const caseArb = fc
  .record({
    batch: batchArb(3),
    m: fc.integer({ min: 0, max: 8 }),
    n: fc.integer({ min: 0, max: 8 }),
    mode: fc.constantFrom<QrMode>("reduced", "complete"),
  })
  .chain((c) => entriesArb(c.batch * c.m * c.n).map((a) => ({ ...c, a })));

function checkQr(a: ArrayLike<number>, batch: number, m: number, n: number, mode: QrMode, eps: number): void {
  const k = Math.min(m, n);
  const qCols = mode === "complete" ? m : k;
  const rRows = mode === "complete" ? m : k;
  const { q, r } = qr(a as Float64Array, batch, m, n, mode);
  expect(q!.length).toBe(batch * m * qCols);
  expect(r.length).toBe(batch * rRows * n);
  for (let t = 0; t < batch; t++) {
    const at = matrixAt(a, t, m, n);
    const qt = matrixAt(q!, t, m, qCols);
    const rt = matrixAt(r, t, rRows, n);
    for (let i = 0; i < rRows; i++) for (let j = 0; j < Math.min(i, n); j++) expect(rt[i * n + j]).toBe(0);
    expect(orthonormalityError(qt, m, qCols)).toBeLessThanOrEqual(bound(m, Math.sqrt(qCols), eps));
    expect(distance(naiveMatmul(qt, rt, m, qCols, n), at)).toBeLessThanOrEqual(bound(m, frobenius(at), eps));
  }
}

describe("qr", () => {
  it("gives Q R = A with orthonormal Q and upper-trapezoidal R, tall and wide, reduced and complete", () => {
    fc.assert(fc.property(caseArb, ({ batch, m, n, mode, a }) => checkQr(a, batch, m, n, mode, Number.EPSILON)), { numRuns: 200 });
  });

  it("mode 'r' returns the reduced R alone", () => {
    fc.assert(
      fc.property(caseArb, ({ batch, m, n, a }) => {
        const only = qr(a, batch, m, n, "r");
        expect(only.q).toBeUndefined();
        expect(only.r).toEqual(qr(a, batch, m, n, "reduced").r);
      }),
      { numRuns: 30 },
    );
  });

  it("keeps Q orthonormal for rank-deficient A", () => {
    fc.assert(
      fc.property(
        fc
          .record({ m: fc.integer({ min: 1, max: 8 }), n: fc.integer({ min: 1, max: 8 }), r: fc.integer({ min: 0, max: 2 }), mode: fc.constantFrom<QrMode>("reduced", "complete") })
          .chain((c) => fc.tuple(entriesArb(c.m * c.r), entriesArb(c.r * c.n)).map(([x, y]) => ({ ...c, a: lowRank(x, y, c.m, c.r, c.n) }))),
        ({ m, n, mode, a }) => checkQr(a, 1, m, n, mode, Number.EPSILON),
      ),
    );
  });

  it("keeps float32 storage and float32 accuracy", () => {
    fc.assert(
      fc.property(caseArb, ({ batch, m, n, mode, a }) => {
        const a32 = Float32Array.from(a);
        expect(qr(a32, batch, m, n, mode).r).toBeInstanceOf(Float32Array);
        checkQr(a32, batch, m, n, mode, EPS32);
      }),
      { numRuns: 30 },
    );
  });

  it("matches a closed form and handles empty shapes", () => {
    const { q, r } = qr(new Float64Array([3, 4]), 1, 2, 1);
    expect(q![0]).toBeCloseTo(-0.6, 15);
    expect(q![1]).toBeCloseTo(-0.8, 15);
    expect(Array.from(r)).toEqual([-5]);
    // a zero column needs no reflection: Q = I, R = A
    expect(Array.from(qr(new Float64Array([0, 0]), 1, 2, 1, "complete").q!)).toEqual([1, 0, 0, 1]);
    // [3, 0] complete: Q = I (identity for 3 rows), R [3, 0]
    const tallEmpty = qr(new Float64Array(0), 1, 3, 0, "complete");
    expect(Array.from(tallEmpty.q!)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(tallEmpty.r.length).toBe(0);
    expect(qr(new Float64Array(0), 1, 0, 3).r.length).toBe(0);
  });

  it("factors medium matrices (the blocked path), a 120×80 and an 80×120 one accurately", () => {
    fc.assert(
      fc.property(
        fc
          .record({ m: mediumDimArb, n: mediumDimArb, mode: fc.constantFrom<QrMode>("reduced", "complete") })
          .chain((c) => entriesArb(c.m * c.n).map((a) => ({ ...c, a }))),
        ({ m, n, mode, a }) => checkQr(a, 1, m, n, mode, Number.EPSILON),
      ),
      { numRuns: 6 },
    );
    const a = new Float64Array(120 * 80).map((_, i) => Math.sin(i * 0.31) * Math.cos(i * 0.0007));
    checkQr(a, 1, 120, 80, "reduced", Number.EPSILON);
    checkQr(a, 1, 80, 120, "complete", Number.EPSILON);
  });
});

describe("geqrf and householderProduct", () => {
  it("rebuild the reduced Q of qr, and R sits in geqrf's upper trapezoid", () => {
    fc.assert(
      fc.property(
        fc
          .record({ batch: batchArb(2), m: fc.integer({ min: 0, max: 8 }), n: fc.integer({ min: 0, max: 8 }) })
          .filter(({ m, n }) => n <= m)
          .chain((c) => entriesArb(c.batch * c.m * c.n).map((a) => ({ ...c, a }))),
        ({ batch, m, n, a }) => {
          const { a: packed, taus } = geqrf(a, batch, m, n);
          expect(taus.length).toBe(batch * n);
          const q = householderProduct(packed, taus, batch, m, n);
          const reference = qr(a, batch, m, n, "reduced");
          expect(distance(q, reference.q!)).toBeLessThanOrEqual(1e-14);
          for (let t = 0; t < batch; t++) {
            for (let i = 0; i < n; i++) {
              for (let j = i; j < n; j++) expect(packed[t * m * n + i * n + j]).toBe(reference.r[t * n * n + i * n + j]);
            }
          }
        },
      ),
    );
  });

  it("uses only the first k reflectors when k < n", () => {
    // reflectors of a 3×2 matrix, product of the first one only: H_0's first two columns
    const { a: packed, taus } = geqrf(new Float64Array([3, 1, 4, 2, 0, 5]), 1, 3, 2);
    const q1 = householderProduct(packed, taus.subarray(0, 1), 1, 3, 2, 1);
    expect(orthonormalityError(q1, 3, 2)).toBeLessThan(1e-15);
    expect(q1[0]).toBeCloseTo(-0.6, 15); // H_0 e₁ = -[3, 4, 0]/5
    expect(q1[2]).toBeCloseTo(-0.8, 15);
  });

  it("rejects n > m and mismatched taus with a ShapeError", () => {
    expect(() => householderProduct(new Float64Array(6), new Float64Array(2), 1, 2, 3)).toThrow(ShapeError);
    expect(() => householderProduct(new Float64Array(6), new Float64Array(3), 1, 3, 2)).toThrow(/householder_product: taus/);
  });
});
