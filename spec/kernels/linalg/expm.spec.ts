/** Specs for expm: closed forms (diagonal, nilpotent, rotation generators), Taylor series, eigen-decomposition, group laws. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { eigh, expm } from "../../../lib/kernels/linalg/index.ts";
import { ShapeError } from "../../../lib/core/errors.ts";
import { EPS32, allNaN, distance, entriesArb, frobenius, identity, naiveMatmul, naiveTranspose, symmetric } from "./helpers.ts";

/** Σ_{k ≤ terms} A^k / k!: the Taylor series (accurate for small ‖A‖, exact for nilpotent A). */
function taylor(a: Float64Array, n: number, terms: number): Float64Array {
  const sum = identity(n);
  let term = identity(n);
  for (let k = 1; k <= terms; k++) {
    term = naiveMatmul(term, a, n, n, n).map((x) => x / k);
    for (let i = 0; i < n * n; i++) sum[i] += term[i];
  }
  return sum;
}

/** Square matrices with entries in [-scale, scale], the scale spanning every Padé degree's range. */
const scaledArb = fc
  .record({ n: fc.integer({ min: 1, max: 6 }), scale: fc.constantFrom(1e-3, 0.02, 0.1, 0.3, 1, 3, 10) })
  .chain((c) => entriesArb(c.n * c.n).map((a) => ({ ...c, a: a.map((x) => x * c.scale / c.n) })));

describe("expm", () => {
  it("matches the Taylor series for small norms (degrees 3 to 9)", () => {
    fc.assert(
      fc.property(scaledArb.filter(({ scale }) => scale <= 1), ({ n, a }) => {
        const reference = taylor(a, n, 30);
        expect(distance(expm(a, 1, n), reference)).toBeLessThanOrEqual(20 * n * Number.EPSILON * frobenius(reference));
      }),
      { numRuns: 200 },
    );
  });

  it("equals V exp(Λ) Vᵀ for symmetric A at every scale (degree 13 with squaring)", () => {
    fc.assert(
      fc.property(scaledArb, ({ n, a }) => {
        const s = symmetric(a, n);
        const { values, vectors } = eigh(s, 1, n);
        const ve = new Float64Array(n * n);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) ve[i * n + j] = vectors![i * n + j] * Math.exp(values[j]);
        const reference = naiveMatmul(ve, naiveTranspose(vectors!, n, n), n, n, n);
        expect(distance(expm(s, 1, n), reference)).toBeLessThanOrEqual(200 * n * Number.EPSILON * frobenius(reference));
      }),
      { numRuns: 200 },
    );
  });

  it("satisfies exp(A) exp(-A) = I and exp(A)² = exp(2A)", () => {
    fc.assert(
      fc.property(scaledArb, ({ n, a }) => {
        const e = expm(a, 1, n);
        const eInv = expm(a.map((x) => -x), 1, n);
        const scale = frobenius(e) * frobenius(eInv);
        expect(distance(naiveMatmul(e, eInv, n, n, n), identity(n))).toBeLessThanOrEqual(500 * n * Number.EPSILON * scale);
        const e2 = expm(a.map((x) => 2 * x), 1, n);
        expect(distance(naiveMatmul(e, e, n, n, n), e2)).toBeLessThanOrEqual(500 * n * Number.EPSILON * frobenius(e) ** 2);
      }),
      { numRuns: 100 },
    );
  });

  it("exponentiates diagonal matrices entrywise", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: 1, maxLength: 6 }), (diag) => {
        const n = diag.length;
        const a = new Float64Array(n * n);
        diag.forEach((x, i) => (a[i * n + i] = x));
        const e = expm(a, 1, n);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            if (i === j) expect(Math.abs(e[i * n + i] - Math.exp(diag[i]))).toBeLessThanOrEqual(1e-13 * Math.exp(diag[i]));
            else expect(e[i * n + j]).toBe(0);
          }
        }
      }),
    );
  });

  it("sums the finite series of a nilpotent (strictly upper-triangular) matrix", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(fc.constant(n), entriesArb(n * n))), ([n, raw]) => {
        const a = new Float64Array(n * n);
        for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) a[i * n + j] = 4 * raw[i * n + j];
        const reference = taylor(a, n, n); // N^n = 0
        expect(distance(expm(a, 1, n), reference)).toBeLessThanOrEqual(200 * n * Number.EPSILON * frobenius(reference));
        expect(Array.from(expm(new Float64Array([0, 1, 0, 0]), 1, 2))).toEqual([1, 1, 0, 1]);
      }),
    );
  });

  it("turns a rotation generator into the rotation", () => {
    fc.assert(
      fc.property(fc.double({ min: -40, max: 40, noNaN: true }), (theta) => {
        const e = expm(new Float64Array([0, theta, -theta, 0]), 1, 2);
        const [c, s] = [Math.cos(theta), Math.sin(theta)];
        // each squaring can double the rounding of the scaled approximant
        const tolerance = 1e-15 * Math.max(1, Math.abs(theta)) * 8;
        [c, s, -s, c].forEach((x, i) => expect(Math.abs(e[i] - x)).toBeLessThanOrEqual(tolerance));
      }),
    );
    // generator of rotations about z in 3-D
    const e = expm(new Float64Array([0, -Math.PI / 2, 0, Math.PI / 2, 0, 0, 0, 0, 0]), 1, 3);
    [0, -1, 0, 1, 0, 0, 0, 0, 1].forEach((x, i) => expect(e[i]).toBeCloseTo(x, 15));
  });

  it("handles batches, float32, 1×1, 0×0 and non-finite input", () => {
    const batch = expm(new Float64Array([1, 0, 0, 2, 0, 1, -1, 0]), 2, 2);
    expect(batch[0]).toBeCloseTo(Math.E, 15);
    expect(batch[3]).toBeCloseTo(Math.exp(2), 14);
    expect(batch[5]).toBeCloseTo(Math.sin(1), 15);
    const e32 = expm(new Float32Array([0, 1, -1, 0]), 1, 2);
    expect(e32).toBeInstanceOf(Float32Array);
    expect(Math.abs(e32[1] - Math.sin(1))).toBeLessThanOrEqual(EPS32);
    expect(expm(new Float64Array([3]), 1, 1)[0]).toBeCloseTo(Math.exp(3), 13);
    expect(expm(new Float64Array(0), 1, 0).length).toBe(0);
    expect(allNaN(expm(new Float64Array([NaN, 0, 0, 1]), 1, 2))).toBe(true);
    expect(allNaN(expm(new Float64Array([Infinity, 0, 0, 1]), 1, 2))).toBe(true);
    expect(Array.from(expm(new Float64Array([1, 0, 0, 1, NaN, 0, 0, 0]), 2, 2).subarray(0, 4))).toEqual([Math.E, 0, 0, Math.E]);
    expect(() => expm(new Float64Array(3), 1, 2)).toThrow(ShapeError);
  });
});
