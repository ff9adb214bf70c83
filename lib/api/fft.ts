/**
 * `np.fft`: numpy's discrete Fourier transforms, any length (mixed radix,
 * Bluestein for large primes), over any axes, with `n`/`s`, `axis`/`axes`
 * and `norm` ("backward", "ortho", "forward"), differentiable in both modes
 * and under `vmap` and `jit` (each is one `fft` primitive plus transposes,
 * slices, pads and a scale).
 *
 * Complex values are `{ re, im }` objects of two real tensors (tracegrad has
 * no complex dtype; see the README): transforms that return a complex array
 * return one, those that take one accept `{ re, im }` or a real array. The
 * gradient of a real loss with respect to a complex input is `{ re: ∂L/∂re,
 * im: ∂L/∂im }` (JAX returns the conjugate of that as one complex array).
 *
 * Each 1-D transform takes `(a, n?, axis?, norm?)` as numpy, or
 * `(a, { n, axis, norm })`; each n-D one `(a, s?, axes?, norm?)` or
 * `(a, { s, axes, norm })`.
 *
 * @example
 * const X = np.fft.fft(np.array([1, 2, 3, 4])); // X.re [10, -2, -2, -2], X.im [0, 2, 0, -2]
 * np.fft.ifft(X).re;                            // [1, 2, 3, 4]
 * np.fft.irfft(np.fft.rfft(np.array([1, 2, 3, 4]))); // [1, 2, 3, 4]
 */
import { ArgumentError } from "../core/errors.ts";
import { Tensor, type ArrayLike } from "../core/tensor.ts";
import { optionsOrThrow } from "../core/convert.ts";
import {
  axisAndLength, complexOf, conj, isRecordArg, normOf, realOf, shapeAndAxes, swapDirection, transform,
  type Complex, type ComplexLike, type FftKind, type FftNorm,
} from "./fftCore.ts";

export { fftfreq, rfftfreq, fftshift, ifftshift } from "./fftFreq.ts";
export type { Complex, ComplexLike, FftNorm };

/** The options of the 1-D transforms (numpy's positional-or-keyword arguments). */
export interface Fft1dOptions {
  readonly n?: number | null;
  readonly axis?: number;
  readonly norm?: FftNorm | null;
}

/** The options of the n-D transforms. */
export interface FftNdOptions {
  readonly s?: readonly number[] | null;
  readonly axes?: readonly number[] | null;
  readonly norm?: FftNorm | null;
}

// argument forms

/** `(n, axis, norm)` positionally or as one options object in place of `n`. */
function oneDim(op: string, nOrOptions: unknown, axis: unknown, norm: unknown): { n: unknown; axis: unknown; norm: FftNorm } {
  if (isRecordArg(op, nOrOptions)) {
    if (axis !== undefined || norm !== undefined) throw new ArgumentError(`${op}: pass either an options object { n, axis, norm } or positional n, axis, norm, not both.`);
    const o = optionsOrThrow<Fft1dOptions>(op, nOrOptions, ["n", "axis", "norm"]);
    return { n: o.n, axis: o.axis, norm: normOf(op, o.norm) };
  }
  return { n: nOrOptions, axis, norm: normOf(op, norm) };
}

/** `(s, axes, norm)` positionally or as one options object in place of `s`. */
function nDim(op: string, sOrOptions: unknown, axes: unknown, norm: unknown): { s: unknown; axes: unknown; norm: FftNorm } {
  if (isRecordArg(op, sOrOptions)) {
    if (axes !== undefined || norm !== undefined) throw new ArgumentError(`${op}: pass either an options object { s, axes, norm } or positional s, axes, norm, not both.`);
    const o = optionsOrThrow<FftNdOptions>(op, sOrOptions, ["s", "axes", "norm"]);
    return { s: o.s, axes: o.axes, norm: normOf(op, o.norm) };
  }
  return { s: sOrOptions, axes, norm: normOf(op, norm) };
}

function complex1d(op: string, kind: FftKind, a: ComplexLike, nOrOptions: unknown, axis: unknown, norm: unknown): Complex | Tensor {
  const args = oneDim(op, nOrOptions, axis, norm);
  const z = kind === "RFFT" ? realOf(op, a as ArrayLike) : complexOf(op, a);
  const x = z instanceof Tensor ? z : z.re;
  const { lengths, axes } = axisAndLength(op, x, args.n, args.axis);
  return transform(op, kind, z, lengths, axes, args.norm);
}

function complexNd(op: string, kind: FftKind, a: ComplexLike, sOrOptions: unknown, axes: unknown, norm: unknown, defaultAxes?: readonly number[]): Complex | Tensor {
  const args = nDim(op, sOrOptions, axes, norm);
  const z = kind === "RFFT" ? realOf(op, a as ArrayLike) : complexOf(op, a);
  const x = z instanceof Tensor ? z : z.re;
  const chosen = shapeAndAxes(op, x, args.s, args.axes ?? defaultAxes);
  return transform(op, kind, z, chosen.lengths, chosen.axes, args.norm);
}

// one dimension

/**
 * The discrete Fourier transform along `axis` (default -1), of `n` points
 * (the input cropped or zero-padded; default its length).
 *
 * @example
 * np.fft.fft([1, 2, 3, 4]) // { re: [10, -2, -2, -2], im: [0, 2, 0, -2] }
 */
export function fft(a: ComplexLike, n?: number | null | Fft1dOptions, axis?: number, norm?: FftNorm | null): Complex {
  return complex1d("fft", "FFT", a, n, axis, norm) as Complex;
}

/**
 * The inverse discrete Fourier transform (with 1/n for norm "backward").
 *
 * @example
 * np.fft.ifft([1, 2, 3, 4]) // { re: [2.5, -0.5, -0.5, -0.5], im: [0, -0.5, 0, 0.5] }
 */
export function ifft(a: ComplexLike, n?: number | null | Fft1dOptions, axis?: number, norm?: FftNorm | null): Complex {
  return complex1d("ifft", "IFFT", a, n, axis, norm) as Complex;
}

/**
 * The transform of a real array: the n/2 + 1 non-negative frequencies.
 *
 * @example
 * np.fft.rfft([1, 2, 3, 4]) // { re: [10, -2, -2], im: [0, 2, 0] }
 */
export function rfft(a: ArrayLike, n?: number | null | Fft1dOptions, axis?: number, norm?: FftNorm | null): Complex {
  return complex1d("rfft", "RFFT", a, n, axis, norm) as Complex;
}

/**
 * The inverse of `rfft`: `n` real points (default 2(m - 1) for m bins) from
 * the non-negative frequencies; the imaginary parts of bin 0 (and n/2 for
 * even n) are ignored, as numpy.
 *
 * @example
 * np.fft.irfft({ re: [10, -2, -2], im: [0, 2, 0] }) // [1, 2, 3, 4]
 */
export function irfft(a: ComplexLike, n?: number | null | Fft1dOptions, axis?: number, norm?: FftNorm | null): Tensor {
  return complex1d("irfft", "IRFFT", a, n, axis, norm) as Tensor;
}

/**
 * The transform of a Hermitian-symmetric signal given by its first half:
 * real output of `n` points (default 2(m - 1)); `irfft(conj(a))` with the
 * normalization direction swapped, as numpy.
 *
 * @example
 * np.fft.hfft([1, 2, 3]) // [8, -2, 0, -2]
 */
export function hfft(a: ComplexLike, n?: number | null | Fft1dOptions, axis?: number, norm?: FftNorm | null): Tensor {
  const args = oneDim("hfft", n, axis, norm);
  const z = conj(complexOf("hfft", a));
  const { lengths, axes } = axisAndLength("hfft", z.re, args.n, args.axis);
  return transform("hfft", "IRFFT", z, lengths, axes, swapDirection(args.norm)) as Tensor;
}

/**
 * The inverse of `hfft`: `conj(rfft(a))` with the normalization direction swapped.
 *
 * @example
 * np.fft.ihfft([1, 2, 3, 4]) // { re: [2.5, -0.5, -0.5], im: [0, -0.5, 0] }
 */
export function ihfft(a: ArrayLike, n?: number | null | Fft1dOptions, axis?: number, norm?: FftNorm | null): Complex {
  const args = oneDim("ihfft", n, axis, norm);
  const x = realOf("ihfft", a);
  const { lengths, axes } = axisAndLength("ihfft", x, args.n, args.axis);
  return conj(transform("ihfft", "RFFT", x, lengths, axes, swapDirection(args.norm)) as Complex);
}

// two dimensions (default axes [-2, -1])

/**
 * The 2-D transform over `axes` (default the last two).
 *
 * @example
 * np.fft.fft2([[1, 2], [3, 4]]) // { re: [[10, -2], [-4, 0]], im: [[0, 0], [0, 0]] }
 */
export function fft2(a: ComplexLike, s?: readonly number[] | null | FftNdOptions, axes?: readonly number[] | null, norm?: FftNorm | null): Complex {
  return complexNd("fft2", "FFT", a, s, axes, norm, [-2, -1]) as Complex;
}

/**
 * The 2-D inverse transform.
 *
 * @example
 * np.fft.ifft2([[1, 2], [3, 4]]).re // [[2.5, -0.5], [-1, 0]]
 */
export function ifft2(a: ComplexLike, s?: readonly number[] | null | FftNdOptions, axes?: readonly number[] | null, norm?: FftNorm | null): Complex {
  return complexNd("ifft2", "IFFT", a, s, axes, norm, [-2, -1]) as Complex;
}

/**
 * The 2-D transform of a real array (the last of `axes` halved).
 *
 * @example
 * np.fft.rfft2([[1, 2], [3, 4]]).re // [[10, -2], [-4, 0]]
 */
export function rfft2(a: ArrayLike, s?: readonly number[] | null | FftNdOptions, axes?: readonly number[] | null, norm?: FftNorm | null): Complex {
  return complexNd("rfft2", "RFFT", a, s, axes, norm, [-2, -1]) as Complex;
}

/**
 * The inverse of `rfft2`.
 *
 * @example
 * np.fft.irfft2([[10, -2], [-4, 0]]) // [[1, 2], [3, 4]]
 */
export function irfft2(a: ComplexLike, s?: readonly number[] | null | FftNdOptions, axes?: readonly number[] | null, norm?: FftNorm | null): Tensor {
  return complexNd("irfft2", "IRFFT", a, s, axes, norm, [-2, -1]) as Tensor;
}

// n dimensions (default: every axis, or the last len(s))

/**
 * The n-D transform over `axes` (default all, or the last `s.length`).
 *
 * @example
 * np.fft.fftn([[1, 2], [3, 4]]).re // [[10, -2], [-4, 0]]
 */
export function fftn(a: ComplexLike, s?: readonly number[] | null | FftNdOptions, axes?: readonly number[] | null, norm?: FftNorm | null): Complex {
  return complexNd("fftn", "FFT", a, s, axes, norm) as Complex;
}

/**
 * The n-D inverse transform.
 *
 * @example
 * np.fft.ifftn([[1, 2], [3, 4]]).re // [[2.5, -0.5], [-1, 0]]
 */
export function ifftn(a: ComplexLike, s?: readonly number[] | null | FftNdOptions, axes?: readonly number[] | null, norm?: FftNorm | null): Complex {
  return complexNd("ifftn", "IFFT", a, s, axes, norm) as Complex;
}

/**
 * The n-D transform of a real array (the last of `axes` halved).
 *
 * @example
 * np.fft.rfftn([[1, 2], [3, 4]]).re // [[10, -2], [-4, 0]]
 */
export function rfftn(a: ArrayLike, s?: readonly number[] | null | FftNdOptions, axes?: readonly number[] | null, norm?: FftNorm | null): Complex {
  return complexNd("rfftn", "RFFT", a, s, axes, norm) as Complex;
}

/**
 * The inverse of `rfftn` (the last axis of `s` defaults to 2(m - 1)).
 *
 * @example
 * np.fft.irfftn([[10, -2], [-4, 0]]) // [[1, 2], [3, 4]]
 */
export function irfftn(a: ComplexLike, s?: readonly number[] | null | FftNdOptions, axes?: readonly number[] | null, norm?: FftNorm | null): Tensor {
  return complexNd("irfftn", "IRFFT", a, s, axes, norm) as Tensor;
}
