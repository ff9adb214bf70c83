/**
 * Specs for the FFT kernels against the O(n²) DFT written out plainly:
 * every length 1..64 (radix 2, 3, 4, 5, the generic odd radix and, past 61,
 * Bluestein), large primes and composites, strided batches over any axis,
 * round trips, Parseval, linearity, the real forms, float32 and the cache.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ShapeError } from "../../lib/core/errors.ts";
import { fft, irfft, rfft } from "../../lib/kernels/fft.ts";
import { cachedPlanElements, cachedPlanLengths, MAX_DIRECT_RADIX, PLAN_CACHE_ELEMENTS, PLAN_CACHE_SIZE, planFor, unitRoot } from "../../lib/kernels/fftPlan.ts";

/** X_k = Σ_j x_j exp(sign 2πi jk/n), each angle from the exact residue jk mod n. */
function naiveDft(re: ArrayLike<number>, im: ArrayLike<number>, sign: number): [number[], number[]] {
  const n = re.length;
  const cos = Array.from({ length: n }, (_, r) => Math.cos((2 * Math.PI * r) / n));
  const sin = Array.from({ length: n }, (_, r) => sign * Math.sin((2 * Math.PI * r) / n));
  const outRe: number[] = [];
  const outIm: number[] = [];
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    for (let j = 0; j < n; j++) {
      const c = cos[(j * k) % n];
      const s = sin[(j * k) % n];
      sr += re[j] * c - im[j] * s;
      si += re[j] * s + im[j] * c;
    }
    outRe.push(sr);
    outIm.push(si);
  }
  return [outRe, outIm];
}

/** ||got - want||₂ / ||want||₂ over both planes (0 when both vanish). */
function relativeError(gotRe: ArrayLike<number>, gotIm: ArrayLike<number>, wantRe: ArrayLike<number>, wantIm: ArrayLike<number>): number {
  let err = 0;
  let norm = 0;
  for (let k = 0; k < wantRe.length; k++) {
    err += (gotRe[k] - wantRe[k]) ** 2 + (gotIm[k] - wantIm[k]) ** 2;
    norm += wantRe[k] ** 2 + wantIm[k] ** 2;
  }
  return norm === 0 ? Math.sqrt(err) : Math.sqrt(err / norm);
}

/** A deterministic pseudo-random line in [-1, 1). */
function randomLine(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  let state = seed * 2654435761 + 12345;
  for (let i = 0; i < n; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out[i] = state / 1073741824 - 1;
  }
  return out;
}

const LENGTHS = [...Array.from({ length: 64 }, (_, i) => i + 1), 67, 97, 128, 134, 213, 256, 1000, 1009, 2048, 3 * 1009];
const F64_TOLERANCE = 1e-13;
const F32_TOLERANCE = 2e-6;

describe("fft against the O(n²) DFT", () => {
  it("matches forward and inverse for every n in 1..64 and large primes and composites (float64)", () => {
    let worst = 0;
    for (const n of LENGTHS) {
      const re = randomLine(n, n);
      const im = randomLine(n, n + 1000);
      const got = fft(re, im, [n], 0, false);
      const [wantRe, wantIm] = naiveDft(re, im, -1);
      const forward = relativeError(got.re, got.im, wantRe, wantIm);
      const back = fft(re, im, [n], 0, true);
      const [invRe, invIm] = naiveDft(re, im, 1);
      const inverse = relativeError(back.re, back.im, invRe.map((v) => v / n), invIm.map((v) => v / n));
      expect(forward, `n = ${n}`).toBeLessThan(F64_TOLERANCE);
      expect(inverse, `n = ${n}`).toBeLessThan(F64_TOLERANCE);
      worst = Math.max(worst, forward, inverse);
    }
    expect(worst).toBeGreaterThan(0);
  });

  it("covers both algorithms: the lengths above include generic radices and Bluestein plans", () => {
    expect(MAX_DIRECT_RADIX).toBeLessThan(64);
    expect(planFor(61).kind).toBe("mixed");
    expect(planFor(2 * 3 * 59).kind).toBe("mixed");
    for (const n of [67, 97, 134, 213, 1009, 3 * 1009]) expect(planFor(n).kind, `n = ${n}`).toBe("bluestein");
  });

  it("gives the closed forms of impulses and constants exactly", () => {
    const n = 12;
    const impulse = new Float64Array(n);
    impulse[0] = 1;
    const spectrum = fft(impulse, new Float64Array(n), [n], 0, false);
    expect(Array.from(spectrum.re)).toEqual(new Array(n).fill(1));
    expect(Array.from(spectrum.im)).toEqual(new Array(n).fill(0));
    const { re, im } = fft(new Float64Array([1, 2, 3, 4]), new Float64Array(4), [4], 0, false);
    expect(Array.from(re)).toEqual([10, -2, -2, -2]);
    expect(Array.from(im)).toEqual([0, 2, 0, -2]);
  });

  it("transforms every line of a strided batch along any axis", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 3 }),
        fc.nat(),
        fc.boolean(),
        fc.integer({ min: 1, max: 1000 }),
        (shape, axisSeed, inverse, seed) => {
          const axis = axisSeed % shape.length;
          const size = shape.reduce((a, b) => a * b, 1);
          const re = randomLine(size, seed);
          const im = randomLine(size, seed + 1);
          const got = fft(re, im, shape, axis, inverse);
          const n = shape[axis];
          const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
          const outer = size / (n * inner);
          for (let o = 0; o < outer; o++) {
            for (let j = 0; j < inner; j++) {
              const at = (t: number) => o * n * inner + t * inner + j;
              const lineRe = Array.from({ length: n }, (_, t) => re[at(t)]);
              const lineIm = Array.from({ length: n }, (_, t) => im[at(t)]);
              const [wantRe, wantIm] = naiveDft(lineRe, lineIm, inverse ? 1 : -1);
              const scale = inverse ? 1 / n : 1;
              const gotRe = Array.from({ length: n }, (_, t) => got.re[at(t)]);
              const gotIm = Array.from({ length: n }, (_, t) => got.im[at(t)]);
              expect(relativeError(gotRe, gotIm, wantRe.map((v) => v * scale), wantIm.map((v) => v * scale))).toBeLessThan(F64_TOLERANCE);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("fft identities", () => {
  const lengths = fc.oneof(fc.integer({ min: 1, max: 70 }), fc.constantFrom(97, 256, 1000, 1009));

  it("round-trips: ifft(fft(x)) = x and fft(ifft(x)) = x", () => {
    fc.assert(
      fc.property(lengths, fc.integer({ min: 1, max: 1000 }), (n, seed) => {
        const re = randomLine(n, seed);
        const im = randomLine(n, seed + 7);
        const there = fft(re, im, [n], 0, false);
        const back = fft(there.re, there.im, [n], 0, true);
        expect(relativeError(back.re, back.im, re, im)).toBeLessThan(F64_TOLERANCE);
        const inv = fft(re, im, [n], 0, true);
        const again = fft(inv.re, inv.im, [n], 0, false);
        expect(relativeError(again.re, again.im, re, im)).toBeLessThan(F64_TOLERANCE);
      }),
      { numRuns: 80 },
    );
  });

  it("keeps Parseval's identity: Σ|x|² = Σ|X|² / n", () => {
    fc.assert(
      fc.property(lengths, fc.integer({ min: 1, max: 1000 }), (n, seed) => {
        const re = randomLine(n, seed);
        const im = randomLine(n, seed + 3);
        const { re: fr, im: fi } = fft(re, im, [n], 0, false);
        let energy = 0;
        let spectral = 0;
        for (let k = 0; k < n; k++) {
          energy += re[k] ** 2 + im[k] ** 2;
          spectral += fr[k] ** 2 + fi[k] ** 2;
        }
        expect(Math.abs(spectral / n - energy)).toBeLessThan(1e-12 * Math.max(1, energy));
      }),
      { numRuns: 80 },
    );
  });

  it("is linear: fft(a x + b y) = a fft(x) + b fft(y)", () => {
    fc.assert(
      fc.property(lengths, fc.integer({ min: 1, max: 1000 }), fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), (n, seed, a, b) => {
        const xr = randomLine(n, seed), xi = randomLine(n, seed + 1);
        const yr = randomLine(n, seed + 2), yi = randomLine(n, seed + 3);
        const mix = (u: Float64Array, v: Float64Array) => u.map((value, i) => a * value + b * v[i]);
        const lhs = fft(mix(xr, yr), mix(xi, yi), [n], 0, false);
        const fx = fft(xr, xi, [n], 0, false);
        const fy = fft(yr, yi, [n], 0, false);
        const rhs = { re: mix(fx.re as Float64Array, fy.re as Float64Array), im: mix(fx.im as Float64Array, fy.im as Float64Array) };
        let err = 0;
        let scale = 0;
        for (let k = 0; k < n; k++) {
          err = Math.max(err, Math.abs(lhs.re[k] - rhs.re[k]), Math.abs(lhs.im[k] - rhs.im[k]));
          scale = Math.max(scale, Math.abs(fx.re[k]) + Math.abs(fx.im[k]) + Math.abs(fy.re[k]) + Math.abs(fy.im[k]));
        }
        expect(err).toBeLessThanOrEqual(1e-13 * Math.max(1, scale) * (Math.abs(a) + Math.abs(b) + 1));
      }),
      { numRuns: 60 },
    );
  });
});

describe("rfft and irfft", () => {
  it("rfft gives the first n/2 + 1 bins of the complex DFT of a real line, for every n in 1..64 and large n", () => {
    for (const n of LENGTHS) {
      const x = randomLine(n, 3 * n);
      const got = rfft(x, [n], 0);
      const bins = (n >> 1) + 1;
      expect(got.re.length).toBe(bins);
      const [wantRe, wantIm] = naiveDft(x, new Float64Array(n), -1);
      expect(relativeError(got.re, got.im, wantRe.slice(0, bins), wantIm.slice(0, bins)), `n = ${n}`).toBeLessThan(F64_TOLERANCE);
    }
  });

  it("irfft inverts rfft for every n in 1..64 and large n, and equals the inverse of the Hermitian extension", () => {
    for (const n of LENGTHS) {
      const x = randomLine(n, 5 * n);
      const spectrum = rfft(x, [n], 0);
      const back = irfft(spectrum.re, spectrum.im, [(n >> 1) + 1], 0, n);
      expect(relativeError(back, new Float64Array(n), x, new Float64Array(n)), `n = ${n}`).toBeLessThan(F64_TOLERANCE);
      // a random half spectrum (not the rfft of anything): invert its Hermitian extension naively
      const bins = (n >> 1) + 1;
      const hr = randomLine(bins, 7 * n);
      const hi = randomLine(bins, 11 * n);
      const fullRe = new Float64Array(n);
      const fullIm = new Float64Array(n);
      for (let k = 0; k < bins; k++) {
        // numpy ignores the imaginary parts of bin 0 and, for even n, of bin n/2
        const ignored = k === 0 || (n % 2 === 0 && k === n / 2);
        fullRe[k] = hr[k];
        fullIm[k] = ignored ? 0 : hi[k];
        if (k > 0) {
          fullRe[n - k] = hr[k];
          fullIm[n - k] = ignored ? 0 : -hi[k];
        }
      }
      const [wantRe] = naiveDft(fullRe, fullIm, 1);
      const got = irfft(hr, hi, [bins], 0, n);
      expect(relativeError(got, new Float64Array(n), wantRe.map((v) => v / n), new Float64Array(n)), `n = ${n}`).toBeLessThan(F64_TOLERANCE);
    }
  });

  it("work along any axis of a batch", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 3 }), fc.nat(), fc.integer({ min: 1, max: 1000 }), (shape, axisSeed, seed) => {
        const axis = axisSeed % shape.length;
        const size = shape.reduce((a, b) => a * b, 1);
        const x = randomLine(size, seed);
        const spectrum = rfft(x, shape, axis);
        const full = fft(x, new Float64Array(size), shape, axis, false);
        const n = shape[axis];
        const bins = (n >> 1) + 1;
        const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
        const outer = size / (n * inner);
        for (let o = 0; o < outer; o++) {
          for (let k = 0; k < bins; k++) {
            for (let j = 0; j < inner; j++) {
              const at = o * bins * inner + k * inner + j;
              const from = o * n * inner + k * inner + j;
              expect(Math.abs(spectrum.re[at] - full.re[from]) + Math.abs(spectrum.im[at] - full.im[from])).toBeLessThan(1e-12);
            }
          }
        }
        const halfShape = shape.map((d, i) => (i === axis ? bins : d));
        const back = irfft(spectrum.re, spectrum.im, halfShape, axis, n);
        expect(relativeError(back, new Float64Array(size), x, new Float64Array(size))).toBeLessThan(F64_TOLERANCE);
      }),
      { numRuns: 60 },
    );
  });

  it("reject a bin count that does not fit the output length", () => {
    expect(() => irfft(new Float64Array(4), new Float64Array(4), [4], 0, 4)).toThrow(ShapeError);
    expect(() => irfft(new Float64Array(3), new Float64Array(3), [3], 0, 0)).toThrow(/irfft/);
    expect(() => rfft(new Float64Array(0), [0], 0)).toThrow(ShapeError);
  });
});

describe("float32", () => {
  it(`stays within ${F32_TOLERANCE} (relative, L2) of the float64 DFT of the same float32 inputs`, () => {
    for (const n of [...LENGTHS.filter((n) => n <= 64 || n === 97 || n === 1009), 1024]) {
      const re = Float32Array.from(randomLine(n, n + 1));
      const im = Float32Array.from(randomLine(n, n + 2));
      const got = fft(re, im, [n], 0, false);
      expect(got.re).toBeInstanceOf(Float32Array);
      const [wantRe, wantIm] = naiveDft(re, im, -1);
      expect(relativeError(got.re, got.im, wantRe, wantIm), `n = ${n}`).toBeLessThan(F32_TOLERANCE);
      const real = rfft(re, [n], 0);
      expect(real.re).toBeInstanceOf(Float32Array);
      const back = irfft(real.re, real.im, [(n >> 1) + 1], 0, n);
      expect(back).toBeInstanceOf(Float32Array);
      expect(relativeError(back, new Float32Array(n), re, new Float32Array(n)), `n = ${n}`).toBeLessThan(F32_TOLERANCE);
    }
  });
});

describe("plans and twiddles", () => {
  it("keeps at most PLAN_CACHE_SIZE plans, dropping the least recently used", () => {
    for (let n = 100; n < 100 + 3 * PLAN_CACHE_SIZE; n++) fft(new Float64Array(n), new Float64Array(n), [n], 0, false);
    const lengths = cachedPlanLengths();
    expect(lengths.length).toBeLessThanOrEqual(PLAN_CACHE_SIZE);
    expect(lengths[lengths.length - 1]).toBe(99 + 3 * PLAN_CACHE_SIZE);
    expect(lengths).not.toContain(100);
  });

  it("keeps the cached plans' twiddles under PLAN_CACHE_ELEMENTS (a single larger plan alone), dropping the least recently used", () => {
    const lengths = [1 << 21, 3 << 20, 5 << 19, 1 << 22];
    for (const n of lengths) {
      planFor(n);
      const cached = cachedPlanLengths();
      expect(cached[cached.length - 1]).toBe(n);
      expect(cached.length === 1 || cachedPlanElements() <= PLAN_CACHE_ELEMENTS).toBe(true);
    }
    expect(cachedPlanLengths()).not.toContain(lengths[0]);
  });

  it("computes roots of unity directly: exact at multiples of π/4's symmetric points, unit modulus, consistent under scaling", () => {
    const out = new Float64Array(2);
    const at = (r: number, n: number) => (unitRoot(r, n, out, 0), [out[0], out[1]]);
    expect(at(0, 7)).toEqual([1, 0]);
    expect(at(1, 4)).toEqual([0, 1]);
    expect(at(2, 4)).toEqual([-1, 0]);
    expect(at(3, 4)).toEqual([0, -1]);
    expect(at(1, 8)).toEqual([Math.cos(Math.PI / 4), Math.sin(Math.PI / 4)]);
    for (const n of [3, 5, 7, 12, 97, 1009, 4096, 1 << 20]) {
      for (const r of [1, 2, n >> 2, (n >> 1) + 1, n - 1]) {
        const [c, s] = at(r, n);
        expect(Math.abs(c * c + s * s - 1)).toBeLessThan(4e-16);
        // the same angle as a fraction of 3n
        const [c3, s3] = at(3 * r, 3 * n);
        expect([c3, s3]).toEqual([c, s]);
        // against the unreduced formula, within a few ulps of the unreduced argument
        expect(Math.abs(c - Math.cos((2 * Math.PI * r) / n))).toBeLessThan(2e-15);
        expect(Math.abs(s - Math.sin((2 * Math.PI * r) / n))).toBeLessThan(2e-15);
      }
    }
  });

  it("rejects an axis out of range and planes of the wrong size", () => {
    expect(() => fft(new Float64Array(4), new Float64Array(4), [4], 1, false)).toThrow(ShapeError);
    expect(() => fft(new Float64Array(4), new Float64Array(3), [4], 0, false)).toThrow(/fft/);
  });

  it("leaves empty batches empty", () => {
    const { re } = fft(new Float64Array(0), new Float64Array(0), [0, 5], 1, false);
    expect(re.length).toBe(0);
    expect(fft(new Float64Array(0), new Float64Array(0), [3, 0], 1, true).re.length).toBe(0);
  });
});
