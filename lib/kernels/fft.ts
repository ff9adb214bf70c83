/**
 * Fast Fourier transforms over one axis of a row-major array, for every line
 * of the batch the other axes describe. Complex values are two planes of the
 * same shape (real and imaginary parts), Float64Array or Float32Array; the
 * outputs have the kind of the input's real plane. Lines are computed in
 * float64 (./fftPlan.ts: mixed radix 2/3/4/5/odd primes up to 61, Bluestein
 * beyond) and rounded once when stored.
 *
 * Conventions (numpy's and XLA's `norm="backward"`):
 *   fft:   X_k = Σ_j x_j exp(-2πi jk/n)
 *   ifft:  x_j = (1/n) Σ_k X_k exp(+2πi jk/n)
 *   rfft:  the n/2 + 1 non-negative frequencies of the fft of a real line
 *   irfft: the real line of length n whose rfft is the input (n/2 + 1 bins);
 *          like numpy, it ignores the imaginary parts of bin 0 and, for even
 *          n, of bin n/2 (it inverts the Hermitian extension of the input).
 * Other normalizations ("ortho", "forward") are a scaling the caller applies.
 *
 * @example
 * const { re, im } = fft(new Float64Array([1, 2, 3, 4]), new Float64Array(4), [4], 0, false);
 * // re = [10, -2, -2, -2], im = [0, 2, 0, -2]
 */
import { ShapeError } from "../core/errors.ts";
import type { Shape } from "../array/shape.ts";
import { createScratch, planFor, transformLine, unitRoot } from "./fftPlan.ts";

/** A floating-point plane. */
export type FloatArray = Float64Array | Float32Array;

/** A complex array as its real and imaginary planes. */
export interface ComplexPlanes {
  readonly re: FloatArray;
  readonly im: FloatArray;
}

function allocateLike(x: FloatArray, size: number): FloatArray {
  return x instanceof Float32Array ? new Float32Array(size) : new Float64Array(size);
}

/** The batch around `axis`: lines = outer * inner, each of `shape[axis]` elements `inner` apart. */
function lineLayout(op: string, shape: Shape, axis: number): { outer: number; inner: number } {
  if (!Number.isInteger(axis) || axis < 0 || axis >= shape.length) {
    throw new ShapeError(`${op}: axis ${axis} is out of range for shape [${shape.join(", ")}]; pass a non-negative axis below the rank`);
  }
  let outer = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d];
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  return { outer, inner };
}

function checkPlanes(op: string, re: FloatArray, im: FloatArray, size: number, shape: Shape): void {
  if (re.length !== size || im.length !== size) {
    throw new ShapeError(`${op}: planes of ${re.length} and ${im.length} elements for shape [${shape.join(", ")}] (${size} elements); pass both planes with the shape's size`);
  }
}

// complex

/**
 * The complex FFT (or, with `inverse`, the inverse FFT including its 1/n)
 * along `axis` of the complex array (re, im) of `shape`; returns new planes
 * of the same shape. The inverse is conj(fft(conj(x)))/n, conjugated on the
 * way in and out of each line. Cost O(size log n) (O(size) more per line to
 * gather and scatter strided lines).
 *
 * @example
 * fft(new Float64Array([0, 1, 0, 0]), new Float64Array(4), [4], 0, false); // re = [1, 0, -1, 0], im = [0, -1, 0, 1]
 */
export function fft(re: FloatArray, im: FloatArray, shape: Shape, axis: number, inverse: boolean): ComplexPlanes {
  const op = inverse ? "ifft" : "fft";
  const { outer, inner } = lineLayout(op, shape, axis);
  const n = shape[axis];
  const size = outer * n * inner;
  checkPlanes(op, re, im, size, shape);
  const outRe = allocateLike(re, size);
  const outIm = allocateLike(re, size);
  if (size === 0) return { re: outRe, im: outIm };
  const plan = planFor(n);
  const scratch = createScratch(plan);
  const lineRe = new Float64Array(n);
  const lineIm = new Float64Array(n);
  const sign = inverse ? -1 : 1;
  const scale = inverse ? 1 / n : 1;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * n * inner + j;
      for (let t = 0, at = base; t < n; t++, at += inner) {
        lineRe[t] = re[at];
        lineIm[t] = sign * im[at];
      }
      transformLine(plan, lineRe, lineIm, scratch);
      for (let t = 0, at = base; t < n; t++, at += inner) {
        outRe[at] = scale * lineRe[t];
        outIm[at] = sign * scale * lineIm[t];
      }
    }
  }
  return { re: outRe, im: outIm };
}

// real

/** ω_n^k = exp(-2πi k/n) for k <= n/2, interleaved; cached for the last few n (at most 8 tables, 2^22 elements). */
const halfTwiddleCache = new Map<number, Float64Array>();
let halfTwiddleElements = 0;

function halfTwiddles(n: number): Float64Array {
  const hit = halfTwiddleCache.get(n);
  if (hit !== undefined) return hit;
  const h = n >> 1;
  const table = new Float64Array(2 * (h + 1));
  for (let k = 0; k <= h; k++) {
    unitRoot(k, n, table, 2 * k);
    table[2 * k + 1] = -table[2 * k + 1];
  }
  halfTwiddleCache.set(n, table);
  halfTwiddleElements += table.length;
  while (halfTwiddleCache.size > 1 && (halfTwiddleCache.size > 8 || halfTwiddleElements > 1 << 22)) {
    const oldest = halfTwiddleCache.keys().next().value!;
    halfTwiddleElements -= halfTwiddleCache.get(oldest)!.length;
    halfTwiddleCache.delete(oldest);
  }
  return table;
}

/**
 * The FFT of a real array along `axis`: the n/2 + 1 bins X_0 .. X_(n/2) of
 * each line (the others are their conjugates). Even n packs the line into a
 * complex line of length n/2 (z_t = x_2t + i x_2t+1), transforms it and
 * separates the even and odd halves:
 *   X_k = E_k + ω_n^k O_k,  E_k = (Z_k + conj Z_(h-k))/2,  O_k = (Z_k - conj Z_(h-k))/(2i)
 * so it costs about half a complex FFT of length n; odd n runs the complex
 * FFT with a zero imaginary part. The output shape is `shape` with
 * shape[axis] = n/2 + 1 (floor).
 *
 * @example
 * rfft(new Float64Array([1, 2, 3, 4]), [4], 0); // re = [10, -2, -2], im = [0, 2, 0]
 */
export function rfft(x: FloatArray, shape: Shape, axis: number): ComplexPlanes {
  const { outer, inner } = lineLayout("rfft", shape, axis);
  const n = shape[axis];
  checkPlanes("rfft", x, x, outer * n * inner, shape);
  if (n === 0) throw new ShapeError(`rfft: the transform axis ${axis} of shape [${shape.join(", ")}] is empty; a real FFT needs n >= 1`);
  const bins = (n >> 1) + 1;
  const outSize = outer * bins * inner;
  const outRe = allocateLike(x, outSize);
  const outIm = allocateLike(x, outSize);
  if (outSize === 0) return { re: outRe, im: outIm };
  const even = n % 2 === 0;
  const h = even ? n >> 1 : n;
  const plan = planFor(h);
  const scratch = createScratch(plan);
  const zRe = new Float64Array(h);
  const zIm = new Float64Array(h);
  const tw = even ? halfTwiddles(n) : null;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const inBase = o * n * inner + j;
      const outBase = o * bins * inner + j;
      if (tw === null) {
        for (let t = 0, at = inBase; t < n; t++, at += inner) {
          zRe[t] = x[at];
          zIm[t] = 0;
        }
        transformLine(plan, zRe, zIm, scratch);
        for (let k = 0, at = outBase; k < bins; k++, at += inner) {
          outRe[at] = zRe[k];
          outIm[at] = zIm[k];
        }
        continue;
      }
      for (let t = 0, at = inBase; t < h; t++, at += 2 * inner) {
        zRe[t] = x[at];
        zIm[t] = x[at + inner];
      }
      transformLine(plan, zRe, zIm, scratch);
      for (let k = 0, at = outBase; k <= h; k++, at += inner) {
        const a = k === h ? 0 : k;
        const b = k === 0 ? 0 : h - k;
        const zr = zRe[a], zi = zIm[a], cr = zRe[b], ci = -zIm[b];
        const er = 0.5 * (zr + cr), ei = 0.5 * (zi + ci);
        // O = (Z - conj Z')/(2i) = (d_im, -d_re)/2 with d = Z - conj Z'
        const orr = 0.5 * (zi - ci), oi = -0.5 * (zr - cr);
        const wr = tw[2 * k], wi = tw[2 * k + 1];
        outRe[at] = er + orr * wr - oi * wi;
        outIm[at] = ei + orr * wi + oi * wr;
      }
    }
  }
  return { re: outRe, im: outIm };
}

/**
 * The inverse of `rfft`: from n/2 + 1 bins per line along `axis` (the input
 * shape must have shape[axis] = floor(n/2) + 1), the real line of length n,
 * including the 1/n. Even n forms Z_k = E_k + i O_k with
 *   E_k = (X_k + conj X_(h-k))/2,  O_k = (X_k - conj X_(h-k)) conj(ω_n^k)/2
 * and inverts a complex FFT of length n/2 (x_2t = Re z_t, x_2t+1 = Im z_t);
 * odd n inverts the Hermitian extension with a complex FFT of length n.
 * The imaginary parts of X_0 (and X_(n/2) for even n) are ignored.
 *
 * @example
 * irfft(new Float64Array([10, -2, -2]), new Float64Array([0, 2, 0]), [3], 0, 4); // [1, 2, 3, 4]
 */
export function irfft(re: FloatArray, im: FloatArray, shape: Shape, axis: number, n: number): FloatArray {
  const { outer, inner } = lineLayout("irfft", shape, axis);
  const bins = shape[axis];
  checkPlanes("irfft", re, im, outer * bins * inner, shape);
  if (!Number.isInteger(n) || n < 1 || bins !== (n >> 1) + 1) {
    throw new ShapeError(
      `irfft: an output length of ${n} needs ${Number.isInteger(n) && n >= 1 ? (n >> 1) + 1 : "n >= 1 and"} bins, but axis ${axis} of shape [${shape.join(", ")}] has ${bins}; pad or slice the input to floor(n/2) + 1 bins first`,
    );
  }
  const out = allocateLike(re, outer * n * inner);
  if (out.length === 0) return out;
  const even = n % 2 === 0;
  const h = even ? n >> 1 : n;
  const plan = planFor(h);
  const scratch = createScratch(plan);
  const zRe = new Float64Array(h);
  const zIm = new Float64Array(h);
  const tw = even ? halfTwiddles(n) : null;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const inBase = o * bins * inner + j;
      const outBase = o * n * inner + j;
      if (tw === null) {
        // Hermitian extension, conjugated for the inverse: conj(Y_k) = conj(X_k), conj(Y_(n-k)) = X_k.
        zRe[0] = re[inBase];
        zIm[0] = 0;
        for (let k = 1, at = inBase + inner; k < bins; k++, at += inner) {
          zRe[k] = re[at];
          zIm[k] = -im[at];
          zRe[n - k] = re[at];
          zIm[n - k] = im[at];
        }
        transformLine(plan, zRe, zIm, scratch);
        for (let t = 0, at = outBase; t < n; t++, at += inner) out[at] = zRe[t] / n;
        continue;
      }
      for (let k = 0; k < h; k++) {
        const a = inBase + k * inner;
        const b = inBase + (h - k) * inner;
        const xr = re[a], xi = k === 0 ? 0 : im[a];
        const yr = re[b], yi = k === 0 ? 0 : -im[b];
        const er = 0.5 * (xr + yr), ei = 0.5 * (xi + yi);
        const dr = 0.5 * (xr - yr), di = 0.5 * (xi - yi);
        // O = d conj(ω^k)
        const wr = tw[2 * k], wi = -tw[2 * k + 1];
        const orr = dr * wr - di * wi, oi = dr * wi + di * wr;
        // Z = E + i O, conjugated for the inverse transform
        zRe[k] = er - oi;
        zIm[k] = -(ei + orr);
      }
      transformLine(plan, zRe, zIm, scratch);
      for (let t = 0, at = outBase; t < h; t++, at += 2 * inner) {
        out[at] = zRe[t] / h;
        out[at + inner] = -zIm[t] / h;
      }
    }
  }
  return out;
}
