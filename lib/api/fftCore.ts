/**
 * The machinery behind `np.fft` (JAX's `_fft_core`): complex values as
 * `{ re, im }` pairs of real tensors, argument checks, axes moved to the end,
 * inputs cropped or zero-padded to the lengths asked for, one `fft` primitive
 * over all transformed axes, and numpy's normalizations.
 *
 * tracegrad has no complex dtype. A complex array is a plain object
 * `{ re, im }` of two real tensors of one shape and dtype (a pytree, so
 * `grad`, `vmap` and `jit` carry it like any other tree); a real array
 * passed where a complex one is expected has `im = 0`.
 *
 * @example
 * const X = fftCore("fft", "FFT", np.array([1, 2, 3, 4]), undefined, [-1], undefined); // { re: [10, -2, -2, -2], im: [0, 2, 0, -2] }
 */
import { isFloat, promoteTypes } from "../array/dtype.ts";
import { ArgumentError, DTypeError } from "../core/errors.ts";
import { denseArrayOrThrow, intOrThrow, isArrayArg, isTensorArg, showValue, toTensor } from "../core/convert.ts";
import { readUserData } from "../core/tree.ts";
import * as ops from "../core/ops.ts";
import { avalText } from "../core/primitives/check.ts";
import { Tensor, type ArrayLike } from "../core/tensor.ts";
import { axisOf } from "./shape.ts";

/** A complex array: its real and imaginary parts, real tensors of one shape and dtype. */
export interface Complex {
  readonly re: Tensor;
  readonly im: Tensor;
}

/** What the complex-input functions accept: `{ re, im }` of array-likes, or a real array-like (imaginary part 0). */
export type ComplexLike = ArrayLike | { readonly re: ArrayLike; readonly im: ArrayLike };

/** numpy's normalization modes ("backward" is the default). */
export type FftNorm = "backward" | "ortho" | "forward";

/** The lax.fft kinds. */
export type FftKind = "FFT" | "IFFT" | "RFFT" | "IRFFT";

// arguments

/** Whether `x` is an object other than a tensor, an array or a typed array (a Proxy whose traps throw is an `ArgumentError`). */
export function isRecordArg(op: string, x: unknown): x is object {
  if (x === null || typeof x !== "object" || isTensorArg(op, x) || isArrayArg(op, x)) return false;
  return readUserData(op, "an argument", () => !ArrayBuffer.isView(x));
}

/** Whether `x` is a `{ re, im }` object (rather than an array-like). */
export function isComplexObject(op: string, x: unknown): x is { readonly re: ArrayLike; readonly im: ArrayLike } {
  return isRecordArg(op, x) && readUserData(op, "a complex value", () => "re" in x && "im" in x);
}

function floatTensor(op: string, x: ArrayLike): Tensor {
  const t = toTensor(x, op);
  return isFloat(t.dtype) ? t : ops.convert(t, "float64");
}

/** A complex operand: parts of one float dtype (int and bool become float64) and one shape. */
export function complexOf(op: string, a: ComplexLike): Complex {
  if (!isComplexObject(op, a)) {
    if (isRecordArg(op, a)) {
      throw new ArgumentError(`${op}: expected an array or a complex value { re, im }, got ${showValue(a)}.`);
    }
    const re = floatTensor(op, a);
    return { re, im: ops.zerosLike(re) };
  }
  const [reArg, imArg] = readUserData(op, "a complex value", () => [a.re, a.im]);
  const re = floatTensor(op, reArg);
  const im = floatTensor(op, imArg);
  if (re.shape.length !== im.shape.length || re.shape.some((d, i) => d !== im.shape[i])) {
    throw new ArgumentError(`${op}: the real part ${avalText(re)} and the imaginary part ${avalText(im)} must have one shape.`);
  }
  const dtype = promoteTypes(re.dtype, im.dtype);
  return { re: ops.convert(re, dtype), im: ops.convert(im, dtype) };
}

/** A real operand (a complex value is an error: the real transforms take real input, as JAX's). */
export function realOf(op: string, a: ArrayLike): Tensor {
  if (isComplexObject(op, a)) {
    throw new DTypeError(`${op}: needs a real array, got a complex value { re, im }; transform the real part (x.re) or use the complex transform.`);
  }
  return floatTensor(op, a);
}

/** The normalization mode; undefined and null are "backward". */
export function normOf(op: string, norm: unknown): FftNorm {
  if (norm === undefined || norm === null) return "backward";
  if (norm === "backward" || norm === "ortho" || norm === "forward") return norm;
  throw new ArgumentError(`${op}: invalid norm ${showValue(norm)}; use "backward", "ortho" or "forward".`);
}

/** A transform length: a positive integer, or undefined/null for the input's. */
export function lengthOf(op: string, what: string, n: unknown): number | undefined {
  if (n === undefined || n === null) return undefined;
  return intOrThrow(op, what, n, 1);
}

function intArray(op: string, what: string, value: unknown): number[] {
  const list = isArrayArg(op, value) ? denseArrayOrThrow(op, what, value) : null;
  if (list === null || !list.every((v) => typeof v === "number" && Number.isSafeInteger(v))) {
    throw new ArgumentError(`${op}: ${what} must be an array of integers, got ${showValue(value)}.`);
  }
  return list as number[];
}

/** `s` (lengths, each positive) and `axes` (distinct, in range) as numpy's n-dimensional transforms read them. */
export function shapeAndAxes(op: string, x: Tensor, s: unknown, axes: unknown): { lengths: (number | undefined)[]; axes: number[] } {
  const lengths = s === undefined || s === null ? undefined : intArray(op, "s", s).map((n, i) => lengthOf(op, `s[${i}]`, n)!);
  let chosen: number[];
  if (axes === undefined || axes === null) {
    chosen = lengths === undefined ? x.shape.map((_, i) => i) : lengths.map((_, i) => x.ndim - lengths.length + i);
    if (chosen.some((a) => a < 0)) throw new ArgumentError(`${op}: s has ${lengths!.length} lengths but the input ${avalText(x)} has only ${x.ndim} axes.`);
  } else {
    chosen = intArray(op, "axes", axes).map((a) => axisOf(op, a, x.ndim, x));
  }
  if (new Set(chosen).size !== chosen.length) {
    throw new ArgumentError(`${op}: repeated axes ${showValue(axes)} for ${avalText(x)}; each axis may be transformed once (as JAX; numpy transforms it again).`);
  }
  if (lengths !== undefined && lengths.length !== chosen.length) {
    throw new ArgumentError(`${op}: s ${showValue(s)} and axes ${showValue(axes)} have different lengths.`);
  }
  if (chosen.length === 0) throw new ArgumentError(`${op}: no axes to transform for ${avalText(x)}.`);
  return { lengths: lengths ?? chosen.map(() => undefined), axes: chosen };
}

/** One axis (default -1) and one length, for the 1-D transforms. */
export function axisAndLength(op: string, x: Tensor, n: unknown, axis: unknown): { lengths: (number | undefined)[]; axes: number[] } {
  if (x.ndim === 0) throw new ArgumentError(`${op}: needs an array of at least one dimension, got ${avalText(x)}.`);
  const a = axis === undefined || axis === null ? -1 : intOrThrow(op, "axis", axis);
  return { lengths: [lengthOf(op, "n", n)], axes: [axisOf(op, a, x.ndim, x)] };
}

// the transform

/** `x` cropped or zero-padded at the end of `axis` to `length`. */
function fitAxis(x: Tensor, axis: number, length: number): Tensor {
  const have = x.shape[axis];
  if (have === length) return x;
  if (have > length) return ops.slice(x, x.shape.map(() => 0), x.shape.map((d, i) => (i === axis ? length : d)));
  return ops.pad(x, x.shape.map(() => 0), x.shape.map((_, i) => (i === axis ? length - have : 0)));
}

/** The permutation moving `axes` (in their order) to the end, the others keeping theirs. */
function toEnd(ndim: number, axes: readonly number[]): number[] {
  return [...Array.from({ length: ndim }, (_, i) => i).filter((i) => !axes.includes(i)), ...axes];
}

function inverse(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

/** The scale numpy's `norm` applies after the unnormalized transform (`inverse`: the kinds that carry 1/N). */
function normScale(norm: FftNorm, N: number, inverseKind: boolean): number {
  if (norm === "backward") return 1;
  if (norm === "ortho") return inverseKind ? Math.sqrt(N) : 1 / Math.sqrt(N);
  return inverseKind ? N : 1 / N;
}

function scaled(x: Tensor, c: number): Tensor {
  return c === 1 ? x : ops.mulScalar(x, c);
}

/**
 * One numpy transform: `kind` over `axes` with `lengths` (undefined: the
 * input's; IRFFT's last defaults to 2(m - 1)), normalized by `norm`.
 * Complex parts come in and go out as `{ re, im }`; RFFT takes and IRFFT
 * gives a real tensor.
 */
export function transform(op: string, kind: FftKind, input: Complex | Tensor, lengths: readonly (number | undefined)[], axes: readonly number[], norm: FftNorm): Complex | Tensor {
  const parts = input instanceof Tensor ? [input] : [input.re, input.im];
  const x = parts[0];
  const perm = toEnd(x.ndim, axes);
  const k = axes.length;
  const n = lengths.map((len, i) => {
    if (len !== undefined) return len;
    const have = x.shape[axes[i]];
    return kind === "IRFFT" && i === k - 1 ? 2 * (have - 1) : have;
  });
  if (n.some((v) => v < 1)) {
    throw new ArgumentError(`${op}: invalid number of data points ${n.find((v) => v < 1)} for ${avalText(x)} along axes [${axes.join(", ")}]; pass n (or s) of at least 1.`);
  }
  const fitted = parts.map((p) => {
    let t = ops.transpose(p, perm);
    n.forEach((len, i) => {
      const axis = t.ndim - k + i;
      t = fitAxis(t, axis, kind === "IRFFT" && i === k - 1 ? (len >> 1) + 1 : len);
    });
    return t;
  });
  const N = n.reduce((a, b) => a * b, 1);
  const c = normScale(norm, N, kind === "IFFT" || kind === "IRFFT");
  const outs = ops.fftGeneral(fitted, kind, n).map((t) => ops.transpose(scaled(t, c), inverse(perm)));
  return outs.length === 1 ? outs[0] : { re: outs[0], im: outs[1] };
}

/** numpy's hfft/ihfft swap the direction of the normalization. */
export function swapDirection(norm: FftNorm): FftNorm {
  return norm === "backward" ? "forward" : norm === "forward" ? "backward" : "ortho";
}

/** The complex conjugate. */
export function conj(z: Complex): Complex {
  return { re: z.re, im: ops.neg(z.im) };
}
