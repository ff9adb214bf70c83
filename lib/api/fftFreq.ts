/**
 * The helpers of `np.fft`: sample frequencies (`fftfreq`, `rfftfreq`) and
 * the shifts that put the zero frequency in the middle (`fftshift`,
 * `ifftshift`), which also accept complex values `{ re, im }`.
 *
 * @example
 * np.fft.fftfreq(5)                 // [0, 0.2, 0.4, -0.4, -0.2]
 * np.fft.fftshift(np.arange(5))     // [3, 4, 0, 1, 2]
 */
import { isFloat, type DType } from "../array/dtype.ts";
import { ArgumentError } from "../core/errors.ts";
import { bufferSizeOrThrow } from "../core/limits.ts";
import { dtypeOptionsOrThrow, intOrThrow, showValue, toTensor } from "../core/convert.ts";
import * as ops from "../core/ops.ts";
import { Tensor, type ArrayLike } from "../core/tensor.ts";
import { intList } from "./options.ts";
import { complexOf, isComplexObject, type Complex } from "./fftCore.ts";
import { divide, multiply } from "./math.ts";
import { roll } from "./rearrange.ts";
import { axisOf } from "./shape.ts";

/** The `dtype` of a dtype string or `{ dtype }` (undefined when absent). */
function dtypeOptionOf(op: string, options: unknown): DType | undefined {
  return dtypeOptionsOrThrow<{ dtype?: DType }>(op, options, ["dtype"]).dtype;
}

function countOf(op: string, n: unknown): number {
  const count = intOrThrow(op, "n", n, 1);
  bufferSizeOrThrow(op, [count], "float64");
  return count;
}

/** `k / (n·d)` for the integer frequencies `k`, computed as numpy does (`k · (1/(n·d))`); `d` may be traced. */
function frequencies(op: string, k: readonly number[], n: number, d: ArrayLike, dtype: DType | undefined): Tensor {
  const spacing = toTensor(d, op);
  if (spacing.ndim !== 0) throw new ArgumentError(`${op}: d must be a scalar sample spacing, got ${showValue(d)}.`);
  const ks = ops.convert(ops.fromInt32(Int32Array.from(k)), "float64");
  const out = typeof d === "number" ? ops.mulScalar(ks, 1 / (n * d)) : multiply(ks, divide(1, multiply(n, d)));
  const want = dtype ?? (isFloat(out.dtype) ? out.dtype : "float64");
  return ops.convert(out, want);
}

/**
 * The sample frequencies of an `n`-point transform with sample spacing `d`:
 * `[0, 1, …, ⌈n/2⌉ - 1, -⌊n/2⌋, …, -1] / (n·d)`.
 *
 * @example
 * np.fft.fftfreq(4, 0.5) // [0, 0.5, -1, -0.5]
 */
export function fftfreq(n: number, d: ArrayLike = 1, options?: DType | { readonly dtype?: DType }): Tensor {
  const count = countOf("fftfreq", n);
  const dtype = dtypeOptionOf("fftfreq", options);
  const k = Array.from({ length: count }, (_, i) => (i < Math.ceil(count / 2) ? i : i - count));
  return frequencies("fftfreq", k, count, d, dtype);
}

/**
 * The non-negative sample frequencies of `rfft`: `[0, 1, …, ⌊n/2⌋] / (n·d)`.
 *
 * @example
 * np.fft.rfftfreq(5) // [0, 0.2, 0.4]
 */
export function rfftfreq(n: number, d: ArrayLike = 1, options?: DType | { readonly dtype?: DType }): Tensor {
  const count = countOf("rfftfreq", n);
  const dtype = dtypeOptionOf("rfftfreq", options);
  const k = Array.from({ length: (count >> 1) + 1 }, (_, i) => i);
  return frequencies("rfftfreq", k, count, d, dtype);
}

function shifted(op: string, x: Tensor, axes: number | readonly number[] | null | undefined, sign: 1 | -1): Tensor {
  const list = axes === undefined || axes === null ? x.shape.map((_, i) => i) : intList(op, "axes", axes);
  const normalized = list.map((a) => axisOf(op, a, x.ndim, x));
  if (normalized.length === 0) return x;
  return roll(x, normalized.map((a) => sign * (x.shape[a] >> 1)), normalized);
}

function applyParts<T extends Tensor | Complex>(op: string, x: ArrayLike | Complex, f: (t: Tensor) => Tensor): T {
  if (isComplexObject(op, x)) {
    const z = complexOf(op, x);
    return { re: f(z.re), im: f(z.im) } as T;
  }
  return f(toTensor(x as ArrayLike, op)) as T;
}

/**
 * Moves the zero frequency to the middle: rolls each of `axes` (default
 * all) by ⌊n/2⌋. A complex `{ re, im }` is shifted part by part.
 *
 * @example
 * np.fft.fftshift(np.fft.fftfreq(5)) // [-0.4, -0.2, 0, 0.2, 0.4]
 */
export function fftshift<T extends ArrayLike | Complex>(x: T, axes?: number | readonly number[] | null): T extends Complex ? Complex : Tensor {
  return applyParts("fftshift", x, (t) => shifted("fftshift", t, axes, 1));
}

/**
 * The inverse of `fftshift` (rolls by -⌊n/2⌋; they differ for odd n).
 *
 * @example
 * np.fft.ifftshift(np.arange(5)) // [2, 3, 4, 0, 1]
 */
export function ifftshift<T extends ArrayLike | Complex>(x: T, axes?: number | readonly number[] | null): T extends Complex ? Complex : Tensor {
  return applyParts("ifftshift", x, (t) => shifted("ifftshift", t, axes, -1));
}
