/**
 * `lax.reduceWindow`: JAX's `lax.reduce_window` for the three monoids it
 * has primitives for (sum, max, min), with strides, padding, base and
 * window dilation on every axis. Differentiable: the sum is linear (its
 * transpose is another windowed sum); max and min differentiate through
 * the element each window selects (its first maximum or minimum, as XLA's
 * select-and-scatter), so ties give the whole derivative to one element.
 *
 * @example
 * import { lax, np } from "tracegrad";
 * // sums of adjacent pairs
 * lax.reduceWindow(np.array([1, 2, 3, 4, 5]), 0, "add", [2], [1], "VALID").toArray(); // [3, 5, 7, 9]
 */
import { isTensorArg, showValue, toTensor } from "../core/convert.ts";
import { ArgumentError, DTypeError, TracegradError } from "../core/errors.ts";
import * as ops from "../core/ops.ts";
import { avalText } from "../core/primitives/check.ts";
import { Tensor, type ArrayLike } from "../core/tensor.ts";
import { Tracer } from "../core/trace.ts";
import { reduceWindowShape, reductionIdentity } from "../kernels/window.ts";
import { add, maximum, minimum } from "./math.ts";
import { dilated, intsOrThrow, paddingOrThrow, type Padding } from "./convArgs.ts";

/** What `reduceWindow` reduces with: a name, or the numpy function. */
export type WindowComputation = "add" | "max" | "min" | typeof add | typeof maximum | typeof minimum;

const COMPUTATIONS = new Map<unknown, "sum" | "max" | "min">([
  ["add", "sum"],
  ["max", "max"],
  ["min", "min"],
  [add, "sum"],
  [maximum, "max"],
  [minimum, "min"],
]);

/** The window of every axis, checked; named padding resolved as JAX's padtype_to_pads (on the dilated window). */
export function windowParamsOrThrow(
  op: string,
  x: Tensor,
  windowDimensions: unknown,
  windowStrides: unknown,
  padding: unknown,
  baseDilation: unknown,
  windowDilation: unknown,
) {
  const rank = x.ndim;
  const dims = intsOrThrow(op, "windowDimensions", windowDimensions, rank, 0);
  const strides = intsOrThrow(op, "windowStrides", windowStrides, rank, 1);
  const base = intsOrThrow(op, "baseDilation", baseDilation, rank, 1, 1);
  const rate = intsOrThrow(op, "windowDilation", windowDilation, rank, 1, 1);
  const pads = paddingOrThrow(op, padding, x.shape, dims.map((k, d) => dilated(k, rate[d])), strides);
  const params = { windowDimensions: dims, windowStrides: strides, padding: pads, baseDilation: base, windowDilation: rate };
  try {
    reduceWindowShape(x.shape, params);
  } catch (error) {
    if (!(error instanceof TracegradError)) throw error;
    const Kind = error.constructor as new (message: string) => TracegradError;
    throw new Kind(`${op}: operand ${avalText(x)}: ${error.message.replace(/^reduce_window: /, "")}`);
  }
  return params;
}

/**
 * JAX's `lax.reduce_window(operand, init_value, computation,
 * window_dimensions, window_strides, padding, base_dilation, window_dilation)`:
 * reduces every window of `operand` with `computation` ("add", "max", "min",
 * or `np.add`, `np.maximum`, `np.minimum`). Each argument after `padding`
 * has one entry per axis of `operand` (a 1 where an axis is not pooled);
 * `padding` is "VALID", "SAME", "SAME_LOWER" or (low, high) pairs (negative
 * crops). Padding and dilation holes hold `initValue`, as in XLA: a sum
 * needs `initValue` 0; for max and min any `initValue` works (it joins every
 * window), `-Infinity`/`Infinity` being the neutral ones.
 *
 * @example
 * // 2×2 max pooling with stride 2 of a [1, 4, 4, 1] NHWC image
 * const x = np.arange(16).reshape([1, 4, 4, 1]).astype("float64");
 * lax.reduceWindow(x, -Infinity, np.maximum, [1, 2, 2, 1], [1, 2, 2, 1], "VALID").reshape([2, 2]).toArray(); // [[5, 7], [13, 15]]
 */
export function reduceWindow(
  operand: ArrayLike,
  initValue: ArrayLike,
  computation: WindowComputation,
  windowDimensions: readonly number[],
  windowStrides: readonly number[],
  padding: Padding,
  baseDilation?: readonly number[] | null,
  windowDilation?: readonly number[] | null,
): Tensor {
  const op = "reduceWindow";
  const kind = COMPUTATIONS.get(computation);
  if (kind === undefined) {
    throw new ArgumentError(`${op}: computation must be "add", "max", "min", np.add, np.maximum or np.minimum, got ${showValue(computation)}.`);
  }
  const x = toTensor(operand, op);
  if (kind === "sum" && x.dtype === "bool") throw new DTypeError(`${op}: a sum of bool ${avalText(x)} is not defined; cast the operand to int32 or a float dtype.`);
  const init = initOrThrow(op, initValue, x);
  const params = windowParamsOrThrow(op, x, windowDimensions, windowStrides, padding, baseDilation, windowDilation);
  if (kind === "sum") {
    if (!(init instanceof Tensor) && init !== 0) {
      throw new ArgumentError(`${op}: a sum needs initValue 0 (padding holds the init value, so it would be added once per padded element), got ${init}; add a constant to the result instead.`);
    }
    if (init instanceof Tensor) throw new ArgumentError(`${op}: a sum needs the initValue 0 as a number, got a traced ${avalText(init)}.`);
    return ops.reduceWindowSum(x, params);
  }
  const reduced = kind === "max" ? ops.reduceWindowMax(x, params) : ops.reduceWindowMin(x, params);
  // max and min are idempotent: an init value joins each window once, whatever the padding;
  // one at or beyond the dtype's extreme (-Infinity for max) changes nothing
  const identity = reductionIdentity(kind, x.dtype);
  if (!(init instanceof Tensor) && (kind === "max" ? init <= identity : init >= identity)) return reduced;
  if (!(init instanceof Tensor) && x.dtype === "int32" && !Number.isInteger(init)) {
    throw new ArgumentError(`${op}: initValue ${init} is not an integer, for an int32 operand ${avalText(x)}.`);
  }
  const initTensor = init instanceof Tensor ? init : ops.scalar(init, x.dtype);
  return kind === "max" ? ops.max(reduced, ops.broadcastTo(initTensor, reduced.shape)) : ops.min(reduced, ops.broadcastTo(initTensor, reduced.shape));
}

/** The init value: a JS number, or a traced 0-d tensor converted to the operand's dtype. */
function initOrThrow(op: string, initValue: unknown, x: Tensor): number | Tensor {
  if (typeof initValue === "number") return initValue;
  if (typeof initValue === "boolean") return Number(initValue);
  if (isTensorArg(op, initValue) && initValue.ndim === 0) {
    if (initValue instanceof Tracer) return ops.convert(initValue, x.dtype);
    return initValue.item();
  }
  throw new ArgumentError(`${op}: initValue must be a number or a 0-d tensor, got ${showValue(initValue)}.`);
}
