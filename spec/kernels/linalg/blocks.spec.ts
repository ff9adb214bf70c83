/** Specs for the shared building blocks: norm2, Householder reflectors, Givens rotations, safe-range scaling. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { dot, norm2 } from "../../../lib/kernels/linalg/blas.ts";
import { makeRotation, rotateRows } from "../../../lib/kernels/linalg/givens.ts";
import { applyReflectorLeft, applyReflectorRight, makeReflector, readReflector } from "../../../lib/kernels/linalg/householder.ts";
import { scaleIntoSafeRange } from "../../../lib/kernels/linalg/scaling.ts";
import { distance, entriesArb, naiveMatmul } from "./helpers.ts";

/** Vectors with entries scaled by 10^e for e in [minExponent, 300]: subnormal to huge. */
function scaledVectorArb(minExponent = -320): fc.Arbitrary<{ x: Float64Array; exponent: number }> {
  return fc
    .record({ len: fc.integer({ min: 1, max: 12 }), exponent: fc.integer({ min: minExponent, max: 300 }) })
    .chain(({ len, exponent }) => entriesArb(len).map((x) => ({ x: x.map((v) => v * 10 ** exponent), exponent })));
}

/** The explicit H = I - tau v vᵀ. */
function reflectorMatrix(v: Float64Array, tau: number, len: number): Float64Array {
  const h = new Float64Array(len * len);
  for (let i = 0; i < len; i++) for (let j = 0; j < len; j++) h[i * len + j] = (i === j ? 1 : 0) - tau * v[i] * v[j];
  return h;
}

describe("norm2", () => {
  it("neither overflows nor underflows and agrees with the scaled definition", () => {
    fc.assert(
      fc.property(scaledVectorArb(), ({ x }) => {
        const big = Math.max(...x.map(Math.abs));
        const reference = big === 0 ? 0 : big * Math.sqrt(x.reduce((s, v) => s + (v / big) ** 2, 0));
        expect(Math.abs(norm2(x, 0, 1, x.length) - reference)).toBeLessThanOrEqual(4 * x.length * Number.EPSILON * reference);
      }),
    );
    expect(norm2(new Float64Array([3e200, 4e200]), 0, 1, 2)).toBeCloseTo(5e200, -186);
    expect(norm2(new Float64Array([3, 0, 4]), 0, 2, 2)).toBe(5); // strided
    expect(norm2(new Float64Array([NaN, 1]), 0, 1, 2)).toBeNaN();
    expect(dot(new Float64Array([1, 2, 3, 4, 5]), 0, new Float64Array([1, 1, 1, 1, 2]), 0, 5)).toBe(20);
  });
});

describe("Householder reflectors", () => {
  it("map x onto beta e₁ with |beta| = ‖x‖ and H orthogonal, from tiny to huge x", () => {
    fc.assert(
      // A norm in the subnormal range cannot be represented to relative accuracy; above it (and
      // below 1e-292, where the reflector is built on a rescaled copy) beta is accurate.
      fc.property(scaledVectorArb(-300).filter(({ x }) => norm2(x, 0, 1, x.length) === 0 || norm2(x, 0, 1, x.length) > 1e-300), ({ x }) => {
        const len = x.length;
        const norm = norm2(x, 0, 1, len);
        const stored = Float64Array.from(x);
        const tau = makeReflector(stored, 0, 1, len);
        const beta = stored[0];
        const v = new Float64Array(len);
        readReflector(stored, 0, 1, len, v);
        expect(tau === 0 || (tau >= 1 && tau <= 2)).toBe(true);
        if (tau === 0) {
          expect(beta).toBe(x[0]);
          return;
        }
        expect(Math.abs(Math.abs(beta) - norm)).toBeLessThanOrEqual(8 * len * Number.EPSILON * norm);
        // H x = beta e₁, computed on x scaled to unit size to stay in range
        const unit = x.map((value) => value / norm);
        const hx = naiveMatmul(reflectorMatrix(v, tau, len), unit, len, len, 1);
        const target = new Float64Array(len);
        target[0] = beta / norm;
        expect(distance(hx, target)).toBeLessThanOrEqual(16 * len * Number.EPSILON);
      }),
      { numRuns: 300 },
    );
  });

  it("stay finite with tau in [1, 2] for subnormal input", () => {
    for (const x of [[0, 1.5e-323, 5e-324], [5e-324, -5e-324], [-1e-310, 3e-320, 7e-315]]) {
      const stored = Float64Array.from(x);
      const tau = makeReflector(stored, 0, 1, x.length);
      expect(tau).toBeGreaterThanOrEqual(1);
      expect(tau).toBeLessThanOrEqual(2);
      expect(stored.every(Number.isFinite)).toBe(true);
      expect(stored[0]).not.toBe(0);
    }
  });

  it("apply from the left and from the right as the explicit matrix does", () => {
    fc.assert(
      fc.property(
        fc.record({ rows: fc.integer({ min: 1, max: 6 }), cols: fc.integer({ min: 1, max: 6 }) }).chain((c) =>
          fc.tuple(fc.constant(c), entriesArb(c.rows * c.cols), entriesArb(Math.max(c.rows, c.cols))),
        ),
        ([{ rows, cols }, a, x]) => {
          // left: a reflector of length rows acting on a [rows, cols]
          const left = x.slice(0, rows);
          const tauL = makeReflector(left, 0, 1, rows);
          const vL = new Float64Array(rows);
          readReflector(left, 0, 1, rows, vL);
          const byKernel = Float64Array.from(a);
          applyReflectorLeft(byKernel, cols, 0, 0, rows, cols, vL, tauL, new Float64Array(cols));
          expect(distance(byKernel, naiveMatmul(reflectorMatrix(vL, tauL, rows), a, rows, rows, cols))).toBeLessThan(1e-14);
          // right: a reflector of length cols acting on a [rows, cols]
          const right = x.slice(0, cols);
          const tauR = makeReflector(right, 0, 1, cols);
          const vR = new Float64Array(cols);
          readReflector(right, 0, 1, cols, vR);
          const byKernelR = Float64Array.from(a);
          applyReflectorRight(byKernelR, cols, 0, 0, rows, cols, vR, tauR);
          expect(distance(byKernelR, naiveMatmul(a, reflectorMatrix(vR, tauR, cols), rows, cols, cols))).toBeLessThan(1e-14);
        },
      ),
    );
  });
});

describe("Givens rotations", () => {
  it("zero the second entry and keep c² + s² = 1", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e308, max: 1e308, noNaN: true }), fc.double({ min: -1e308, max: 1e308, noNaN: true }), (f, g) => {
        const { c, s, r } = makeRotation(f, g);
        expect(Math.abs(c * c + s * s - 1)).toBeLessThanOrEqual(4 * Number.EPSILON);
        const scale = Math.max(Math.abs(f), Math.abs(g));
        // plus a few units of the subnormal spacing, where products round absolutely
        expect(Math.abs(c * f + s * g - r)).toBeLessThanOrEqual(4 * Number.EPSILON * scale + 4 * Number.MIN_VALUE);
        expect(Math.abs(c * g - s * f)).toBeLessThanOrEqual(4 * Number.EPSILON * scale + 4 * Number.MIN_VALUE);
      }),
    );
    expect(makeRotation(3, 4)).toEqual({ c: 0.6, s: 0.8, r: 5 });
  });

  it("rotate two rows of a matrix in place", () => {
    const a = new Float64Array([1, 2, 3, 4, 5, 6, 7]);
    rotateRows(a, 0, 3, 3, 0.6, 0.8); // rows [1, 2, 3] and [4, 5, 6]
    const expected = [0.6 * 1 + 0.8 * 4, 0.6 * 2 + 0.8 * 5, 0.6 * 3 + 0.8 * 6, 0.6 * 4 - 0.8 * 1, 0.6 * 5 - 0.8 * 2, 0.6 * 6 - 0.8 * 3, 7];
    a.forEach((x, i) => expect(x).toBeCloseTo(expected[i], 15));
  });
});

describe("scaleIntoSafeRange", () => {
  it("scales by an exact power of two only outside [1e-150, 1e150]", () => {
    fc.assert(
      fc.property(scaledVectorArb(), ({ x }) => {
        const a = Float64Array.from(x);
        const sigma = scaleIntoSafeRange(a, a.length);
        const big = Math.max(...x.map(Math.abs));
        expect(Number.isInteger(Math.log2(sigma))).toBe(true);
        if (big === 0 || (big >= 1e-150 && big <= 1e150)) expect(sigma).toBe(1);
        else expect(Math.max(...a.map(Math.abs))).toBeGreaterThanOrEqual(0.5);
        const scaledBig = Math.max(...a.map(Math.abs));
        expect(scaledBig).toBeLessThanOrEqual(Math.max(2, big));
        // exact wherever neither the entry nor its scaled value is subnormal: scaling back restores it
        x.forEach((v, i) => {
          const normal = 2.2250738585072014e-308;
          if (Math.abs(v) >= normal && Math.abs(a[i]) >= normal) expect(a[i] * sigma).toBe(v);
        });
      }),
    );
  });
});
