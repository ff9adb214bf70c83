/**
 * Pooling in `nn`, with flax's signatures (`flax.linen.max_pool`,
 * `avg_pool`): inputs are channels-last, `[...batch, ...window axes,
 * features]` (NHWC for images; any number of leading batch axes, none for
 * a single example), `windowShape` and `strides` have one entry per pooled
 * axis, and `padding` is "VALID" (the default), "SAME", "SAME_LOWER" or
 * (low, high) pairs for the pooled axes. Both are `lax.reduceWindow` with a
 * window of 1 on the batch and feature axes; for channels-first data (NCHW)
 * call `lax.reduceWindow` with the window on the last axes.
 *
 * @example
 * import { nn, np } from "tracegrad";
 * const x = np.arange(16).reshape([1, 4, 4, 1]).astype("float64"); // one 4×4 image, one channel
 * nn.maxPool(x, [2, 2], [2, 2]).reshape([2, 2]).toArray(); // [[5, 7], [13, 15]]
 * nn.avgPool(x, [2, 2], [2, 2]).reshape([2, 2]).toArray(); // [[2.5, 4.5], [10.5, 12.5]]
 */
import { denseArrayOrThrow, isArrayArg, showValue, toTensor } from "../core/convert.ts";
import { ArgumentError, ShapeError } from "../core/errors.ts";
import * as ops from "../core/ops.ts";
import { avalText } from "../core/primitives/check.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";
import { intsOrThrow, type Padding } from "./convArgs.ts";
import { booleanArg } from "./options.ts";
import { windowParamsOrThrow } from "./reduceWindow.ts";
import { divide } from "./math.ts";

/** The window over every axis of `x`: 1 on the batch axes and the feature axis, `windowShape` in between. */
function poolWindow(op: string, x: Tensor, windowShape: unknown, strides: unknown, padding: unknown) {
  const given = isArrayArg(op, windowShape) ? denseArrayOrThrow(op, "windowShape", windowShape) : null;
  if (given === null) throw new ArgumentError(`${op}: windowShape must be an array of window sizes, one per pooled axis, got ${showValue(windowShape)}.`);
  const window = intsOrThrow(op, "windowShape", given, given.length, 1);
  const batchAxes = x.ndim - (window.length + 1);
  if (batchAxes < 0) {
    throw new ShapeError(`${op}: inputs ${avalText(x)} need at least ${window.length + 1} axes: the ${window.length} pooled axes of windowShape [${window.join(", ")}] and a feature axis last.`);
  }
  const step = intsOrThrow(op, "strides", strides, window.length, 1, 1);
  const ones = (n: number) => new Array<number>(n).fill(1);
  let pads: unknown = padding;
  if (isArrayArg(op, padding)) {
    const pairs = denseArrayOrThrow(op, "padding", padding);
    if (pairs.length !== window.length) {
      throw new ShapeError(`${op}: padding needs ${window.length} (low, high) pairs, one per pooled axis, got ${pairs.length}.`);
    }
    pads = [...ones(batchAxes).map(() => [0, 0]), ...pairs, [0, 0]];
  }
  return { batchAxes, window, params: windowParamsOrThrow(op, x, [...ones(batchAxes), ...window, 1], [...ones(batchAxes), ...step, 1], pads ?? "VALID", null, null) };
}

/**
 * Max pooling (flax's `nn.max_pool`): the largest element of each window
 * over the axes between the leading batch axes and the trailing feature
 * axis. `strides` defaults to 1 on every pooled axis, `padding` to "VALID".
 * The gradient goes to the first largest element of each window.
 *
 * @example
 * // 2×2 pooling with stride 2 halves 28×28 feature maps: [64, 28, 28, 32] -> [64, 14, 14, 32]
 * nn.maxPool(np.zeros([64, 28, 28, 32]), [2, 2], [2, 2]).shape; // [64, 14, 14, 32]
 */
export function maxPool(inputs: ArrayLike, windowShape: readonly number[], strides?: readonly number[] | null, padding: Padding = "VALID"): Tensor {
  const x = toTensor(inputs, "maxPool");
  return ops.reduceWindowMax(x, poolWindow("maxPool", x, windowShape, strides, padding).params);
}

/**
 * Average pooling (flax's `nn.avg_pool`): the mean of each window over the
 * axes between the leading batch axes and the trailing feature axis. With
 * `countIncludePad` (the default, as flax) padding counts as zeros in the
 * mean; without, each window is divided by the number of input elements it
 * holds. Integer inputs give float64.
 *
 * @example
 * // "SAME" padding without counting the padding: edge windows average fewer elements
 * nn.avgPool(np.array([[[1], [2], [3]]]), [2], null, "SAME", false).reshape([3]).toArray(); // [1.5, 2.5, 3]
 */
export function avgPool(
  inputs: ArrayLike,
  windowShape: readonly number[],
  strides?: readonly number[] | null,
  padding: Padding = "VALID",
  countIncludePad = true,
): Tensor {
  const op = "avgPool";
  const x = toTensor(inputs, op);
  const { batchAxes, window, params } = poolWindow(op, x, windowShape, strides, padding);
  const includePad = booleanArg(op, "countIncludePad", countIncludePad, true);
  const sums = ops.reduceWindowSum(x.dtype === "bool" ? ops.convert(x, "int32") : x, params);
  if (includePad) return divide(sums, window.reduce((a, b) => a * b, 1));
  // the number of input elements in each window: the same windowed sum over ones (one batch element, one feature)
  const onesShape = x.shape.map((d, i) => (i < batchAxes || i === x.ndim - 1 ? 1 : d));
  const counts = ops.reduceWindowSum(ops.full(onesShape, 1, "float64"), params);
  return divide(sums, counts);
}
