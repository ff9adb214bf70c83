/**
 * `nn`: activations and normalizations, each numerically stable in float64
 * up to |x| = 1e300 (no overflow in values or gradients).
 *
 * @example
 * nn.softmax(np.array([1, 2, 3])) // array([0.09003057, 0.24472847, 0.66524096])
 */
import * as ops from "../core/ops.ts";
import { axisArgOrThrow, toTensor } from "../core/convert.ts";
import { ArgumentError } from "../core/errors.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";
import { floatOperand } from "./promote.ts";
import { axisOf } from "./shape.ts";


/** σ(x) = 1 / (1 + e⁻ˣ), a primitive with a stable kernel. */
export function sigmoid(x: ArrayLike): Tensor {
  return ops.logistic(floatOperand(x, "sigmoid"));
}

/** max(x, 0); its derivative at 0 is 0, as JAX's. */
export function relu(x: ArrayLike): Tensor {
  const t = toTensor(x, "relu");
  const zero = ops.scalar(0, t.dtype);
  return ops.select(ops.gt(t, zero), t, zero);
}

/** x for x >= 0, `negativeSlope`·x otherwise. */
export function leakyRelu(x: ArrayLike, negativeSlope = 0.01): Tensor {
  const t = floatOperand(x, "leakyRelu");
  return ops.select(ops.ge(t, ops.scalar(0, t.dtype)), t, ops.mulScalar(t, negativeSlope));
}

/** log(1 + eˣ), as max(x, 0) + log1p(e^-|x|). */
export function softplus(x: ArrayLike): Tensor {
  const t = floatOperand(x, "softplus");
  return ops.add(ops.max(t, ops.scalar(0, t.dtype)), ops.log1p(ops.exp(ops.neg(ops.abs(t)))));
}

/** log σ(x) = -softplus(-x). */
export function logSigmoid(x: ArrayLike): Tensor {
  return ops.neg(softplus(ops.neg(floatOperand(x, "logSigmoid"))));
}

function axesOf(op: string, x: Tensor, axis: number | readonly number[] | null | undefined): number[] {
  axisArgOrThrow(op, axis);
  if (axis === null || axis === undefined) return x.shape.map((_, i) => i);
  const list = typeof axis === "number" ? [axis] : [...axis];
  return list.map((a) => axisOf(op, a, x.ndim, x)).sort((a, b) => a - b);
}

/** log Σ eˣ over `axis` (all axes by default), shifted by the max so nothing overflows. */
export function logsumexp(x: ArrayLike, axis?: number | readonly number[] | null, keepdims = false): Tensor {
  const t = floatOperand(x, "logsumexp");
  const axes = axesOf("logsumexp", t, axis);
  const kept = ops.keptAxes(t.ndim, axes);
  const rawMax = ops.reduceMax(t, axes);
  // the shift carries no gradient, and an infinite max shifts by 0
  const shift = ops.stopGradient(ops.select(ops.isFinite(rawMax), rawMax, ops.scalar(0, t.dtype)));
  const shifted = ops.sub(t, ops.broadcastInDim(shift, t.shape, kept));
  const out = ops.add(ops.log(ops.reduceSum(ops.exp(shifted), axes)), shift);
  return keepdims ? ops.reshape(out, t.shape.map((d, i) => (axes.includes(i) ? 1 : d))) : out;
}

/** x - logsumexp(x) along `axis`. */
export function logSoftmax(x: ArrayLike, axis: number | readonly number[] = -1): Tensor {
  const t = floatOperand(x, "logSoftmax");
  return ops.sub(t, ops.broadcastTo(logsumexp(t, axis, true), t.shape));
}

/** eˣ / Σ eˣ along `axis`, computed from the max-shifted values. */
export function softmax(x: ArrayLike, axis: number | readonly number[] = -1): Tensor {
  const t = floatOperand(x, "softmax");
  const axes = axesOf("softmax", t, axis);
  const kept = ops.keptAxes(t.ndim, axes);
  const shift = ops.stopGradient(ops.reduceMax(t, axes));
  const e = ops.exp(ops.sub(t, ops.broadcastInDim(shift, t.shape, kept)));
  return ops.div(e, ops.broadcastInDim(ops.reduceSum(e, axes), t.shape, kept));
}

/** One-hot rows: `oneHot([0, 2], 3)` is `[[1,0,0],[0,0,1]]` (float64). */
export function oneHot(indices: ArrayLike, numClasses: number, options: { dtype?: "float64" | "float32" } = {}): Tensor {
  if (!Number.isInteger(numClasses) || numClasses < 0) throw new ArgumentError(`oneHot: numClasses ${numClasses} must be a non-negative integer.`);
  const idx = ops.convert(toTensor(indices, "oneHot"), "int32");
  const classes = ops.broadcastInDim(
    toTensor(Int32Array.from({ length: numClasses }, (_, i) => i)),
    [...idx.shape, numClasses],
    [idx.ndim],
  );
  const expanded = ops.broadcastInDim(idx, [...idx.shape, numClasses], idx.shape.map((_, i) => i));
  return ops.convert(ops.eq(expanded, classes), options.dtype ?? "float64");
}

export { maxPool, avgPool } from "./pooling.ts";
