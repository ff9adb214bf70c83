/** Specs for the symmetric eigensolver: A V = V Λ, Vᵀ V = I, ascending values, NaN on failure. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { eigh, qr } from "../../../lib/kernels/linalg/index.ts";
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
  naiveMatmul,
  naiveTranspose,
  orthonormalityError,
  symmetric,
} from "./helpers.ts";

/** Random symmetric batches: the lower triangle is the matrix, the upper triangle holds junk. */
const caseArb = fc
  .record({ batch: batchArb(3), n: fc.integer({ min: 0, max: 9 }) })
  .chain((c) => fc.tuple(entriesArb(c.batch * c.n * c.n), entriesArb(c.batch * c.n * c.n)).map(([a, junk]) => ({ ...c, a, junk })));

/** The symmetric matrix whose lower triangle `a` stores. */
function fromLower(a: ArrayLike<number>, n: number): Float64Array {
  const s = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) s[i * n + j] = s[j * n + i] = a[i * n + j];
  return s;
}

/** Lower triangle of `a`, upper triangle of `junk` (scaled up), per matrix of the batch. */
function withJunkAbove(a: ArrayLike<number>, junk: ArrayLike<number>, batch: number, n: number): Float64Array {
  const out = new Float64Array(batch * n * n);
  for (let t = 0; t < batch; t++) {
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      const at = t * n * n + i * n + j;
      out[at] = j <= i ? a[at] : 50 * junk[at];
    }
  }
  return out;
}

function checkEigh(a: ArrayLike<number>, values: ArrayLike<number>, vectors: ArrayLike<number>, n: number, eps: number): void {
  for (let i = 1; i < n; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
  const av = naiveMatmul(a, vectors, n, n, n);
  const vl = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) vl[i * n + j] = vectors[i * n + j] * values[j];
  expect(distance(av, vl)).toBeLessThanOrEqual(bound(n, frobenius(a), eps));
  expect(orthonormalityError(vectors, n, n)).toBeLessThanOrEqual(bound(n, Math.sqrt(n), eps));
}

/** A random orthogonal n×n matrix: Q of the QR of a fixed pseudo-random matrix. */
function orthogonal(n: number, seed: number): Float64Array {
  const g = new Float64Array(n * n).map((_, i) => Math.sin((i + 1) * seed) * 43758.5453 % 1);
  return qr(g, 1, n, n).q!;
}

/** s·I of order n. */
function identityTimes(n: number, s: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = s;
  return a;
}

/** Q diag(lambda) Qᵀ. */
function withSpectrum(lambda: readonly number[], seed: number): Float64Array {
  const n = lambda.length;
  const q = orthogonal(n, seed);
  const ql = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) ql[i * n + j] = q[i * n + j] * lambda[j];
  return symmetric(naiveMatmul(ql, naiveTranspose(q, n, n), n, n, n), n);
}

describe("eigh", () => {
  it("gives ascending eigenvalues and orthonormal eigenvectors with A V = V Λ, reading the lower triangle", () => {
    fc.assert(
      fc.property(caseArb, ({ batch, n, a, junk }) => {
        const { values, vectors } = eigh(withJunkAbove(a, junk, batch, n), batch, n);
        expect(values.length).toBe(batch * n);
        expect(vectors!.length).toBe(batch * n * n);
        for (let t = 0; t < batch; t++) {
          checkEigh(fromLower(matrixAt(a, t, n, n), n), matrixAt(values, t, 1, n), matrixAt(vectors!, t, n, n), n, Number.EPSILON);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("is accurate on medium matrices (blocked reduction, divide and conquer)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 33, max: 100 }).chain((n) => entriesArb(n * n).map((a) => ({ n, a: symmetric(a, n) }))),
        ({ n, a }) => {
          const { values, vectors } = eigh(a, 1, n);
          checkEigh(a, values, vectors!, n, Number.EPSILON);
          // the values-only path (QL) agrees to rounding
          const alone = eigh(a, 1, n, { computeVectors: false }).values;
          alone.forEach((x, i) => expect(Math.abs(x - values[i])).toBeLessThanOrEqual(bound(n, frobenius(a))));
        },
      ),
      { numRuns: 8 },
    );
  });

  it("deflates in divide and conquer: repeated, clustered, low-rank and glued spectra", () => {
    const n = 90;
    const cases: Float64Array[] = [];
    cases.push(identityTimes(n, 2));
    cases.push(withSpectrum(Array.from({ length: n }, (_, i) => i % 3), 0.37));
    cases.push(withSpectrum(Array.from({ length: n }, (_, i) => 1 + 1e-13 * Math.sin(i)), 0.91));
    const x = Array.from({ length: n }, (_, i) => Math.cos(i));
    cases.push(Float64Array.from({ length: n * n }, (_, k) => x[Math.floor(k / n)] * x[k % n])); // rank one
    const glued = new Float64Array(n * n); // three Wilkinson W21+ glued by 1e-8, as LAPACK's test matrices
    for (let i = 0; i < n; i++) {
      glued[i * n + i] = Math.abs(10 - (i % 21));
      if (i + 1 < n) glued[i * n + i + 1] = glued[(i + 1) * n + i] = i % 21 === 20 ? 1e-8 : 1;
    }
    cases.push(glued);
    for (const a of cases) {
      const { values, vectors } = eigh(a, 1, n);
      checkEigh(a, values, vectors!, n, Number.EPSILON);
    }
  });

  it("reads the upper triangle with lower: false", () => {
    fc.assert(
      fc.property(caseArb, ({ batch, n, a, junk }) => {
        const lowerStored = withJunkAbove(a, junk, batch, n);
        const upperStored = new Float64Array(batch * n * n);
        for (let t = 0; t < batch; t++) upperStored.set(naiveTranspose(lowerStored, n, n, t * n * n), t * n * n);
        expect(eigh(upperStored, batch, n, { lower: false })).toEqual(eigh(lowerStored, batch, n));
      }),
      { numRuns: 30 },
    );
  });

  it("computes the same eigenvalues without eigenvectors", () => {
    fc.assert(
      fc.property(caseArb, ({ batch, n, a }) => {
        const valuesOnly = eigh(a, batch, n, { computeVectors: false });
        expect(valuesOnly.vectors).toBeUndefined();
        expect(valuesOnly.values).toEqual(eigh(a, batch, n).values);
      }),
      { numRuns: 30 },
    );
  });

  it("keeps float32 storage and float32 accuracy", () => {
    fc.assert(
      fc.property(caseArb, ({ batch, n, a }) => {
        const a32 = Float32Array.from(a);
        const { values, vectors } = eigh(a32, batch, n);
        expect(values).toBeInstanceOf(Float32Array);
        for (let t = 0; t < batch; t++) {
          checkEigh(fromLower(matrixAt(a32, t, n, n), n), matrixAt(values, t, 1, n), matrixAt(vectors!, t, n, n), n, EPS32);
        }
      }),
      { numRuns: 30 },
    );
  });

  it("resolves repeated eigenvalues into an orthonormal basis", () => {
    for (const spectrum of [[1, 1, 1, 2, 2, 3], [0, 0, 0, 0], [-2, 5, 5, 5, 5, 5, 5, -2], [1e-9, 0, -1e-9, 1]]) {
      const n = spectrum.length;
      const a = withSpectrum(spectrum, 0.7 + n);
      const { values, vectors } = eigh(a, 1, n);
      checkEigh(a, values, vectors!, n, Number.EPSILON);
      const sorted = [...spectrum].sort((x, y) => x - y);
      values.forEach((x, i) => expect(Math.abs(x - sorted[i])).toBeLessThanOrEqual(1e-14 * Math.max(1, ...spectrum.map(Math.abs))));
    }
  });

  it("matches closed forms: 2×2, diagonal, identity, 1×1 and 0×0", () => {
    const two = eigh(new Float64Array([2, 1, 1, 2]), 1, 2);
    expect(two.values[0]).toBeCloseTo(1, 15);
    expect(two.values[1]).toBeCloseTo(3, 15);
    expect(Math.abs(two.vectors![1])).toBeCloseTo(Math.SQRT1_2, 15); // (1, 1)/√2 for λ = 3
    expect(Array.from(eigh(new Float64Array([3, 0, 0, 0, -1, 0, 0, 0, 2]), 1, 3).values)).toEqual([-1, 2, 3]);
    const id = eigh(new Float64Array([1, 0, 0, 1]), 1, 2);
    expect(Array.from(id.values)).toEqual([1, 1]);
    expect(orthonormalityError(id.vectors!, 2, 2)).toBe(0);
    expect(Array.from(eigh(new Float64Array([-4]), 1, 1).values)).toEqual([-4]);
    expect(Array.from(eigh(new Float64Array([-4]), 1, 1).vectors!)).toEqual([1]);
    expect(eigh(new Float64Array(0), 1, 0).values.length).toBe(0);
    expect(eigh(new Float64Array(0), 0, 4).vectors!.length).toBe(0);
  });

  it("keeps the trace and handles the Wilkinson matrix W21+ (pairs equal to 14 digits)", () => {
    const n = 21;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = Math.abs(10 - i);
      if (i + 1 < n) a[i * n + i + 1] = a[(i + 1) * n + i] = 1;
    }
    const { values, vectors } = eigh(a, 1, n);
    checkEigh(a, values, vectors!, n, Number.EPSILON);
    expect(values[n - 1]).toBeCloseTo(10.746194182903393, 12); // largest eigenvalue of W21+
    expect(values[n - 2]).toBeCloseTo(10.746194182903322, 12);
    expect(values.reduce((s, x) => s + x, 0)).toBeCloseTo(110, 12);
  });

  it("is accurate on a 120×120 matrix and at extreme scales", () => {
    const n = 120;
    const a = symmetric(new Float64Array(n * n).map((_, i) => Math.sin(i * 0.77)), n);
    const { values, vectors } = eigh(a, 1, n);
    checkEigh(a, values, vectors!, n, Number.EPSILON);
    for (const scale of [1e200, 1e-200, 1e-310]) {
      const small = withSpectrum([1, -2, 3], 1.3).map((x) => x * scale);
      const scaled = eigh(small, 1, 3);
      expect(scaled.values[0] / scale).toBeCloseTo(-2, scale === 1e-310 ? 4 : 13);
      expect(scaled.values[2] / scale).toBeCloseTo(3, scale === 1e-310 ? 4 : 13);
      expect(orthonormalityError(scaled.vectors!, 3, 3)).toBeLessThan(1e-14);
    }
  });

  it("reports a NaN or infinite entry as NaN values and vectors for that matrix only", () => {
    const out = eigh(new Float64Array([2, 1, 1, 2, NaN, 0, 0, 1, Infinity, 0, 0, 1]), 3, 2);
    expect(out.values[0]).toBeCloseTo(1, 15);
    expect(allNaN(out.values.subarray(2, 6))).toBe(true);
    expect(allNaN(out.vectors!.subarray(4, 12))).toBe(true);
    expect(out.vectors!.subarray(0, 4).every(Number.isFinite)).toBe(true);
  });

  it("rejects a mismatched buffer with a ShapeError", () => {
    expect(() => eigh(new Float64Array(3), 1, 2)).toThrow(ShapeError);
  });
});
