/**
 * `nn`: activations and normalizations, each numerically stable in float64
 * up to |x| = 1e300 (no overflow in values or gradients).
 *
 * @example
 * nn.softmax(np.array([1, 2, 3])) // array([0.09003057, 0.24472847, 0.66524096])
 */
import * as ops from "../core/ops.ts";
import { axisArgOrThrow, dtypeOptionsOrThrow, intOrThrow, numberOrThrow, toTensor } from "../core/convert.ts";
import { ArgumentError } from "../core/errors.ts";
import { bufferSizeOrThrow } from "../core/limits.ts";
import { isFloat, type DType } from "../array/dtype.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";
import { floatOperand } from "./promote.ts";
import { softplusOf } from "./activations.ts";
import { distinctAxesOf } from "./shape.ts";


/**
 * σ(x) = 1 / (1 + e⁻ˣ), a primitive with a stable kernel.
 *
 * @example
 * nn.sigmoid([-1, 0, 1]); // array([0.26894142, 0.5       , 0.73105858])
 */
export function sigmoid(x: ArrayLike): Tensor {
  return ops.logistic(floatOperand(x, "sigmoid"));
}

/**
 * max(x, 0), NaN for NaN (as JAX); its derivative at 0 is 0, as JAX's.
 *
 * @example
 * nn.relu([-1, 0, 2]); // array([0., 0., 2.])
 */
export function relu(x: ArrayLike): Tensor {
  const t = toTensor(x, "relu");
  const zero = ops.scalar(0, t.dtype);
  // x <= 0 is false for NaN, so NaN passes through (debugNans sees it)
  return ops.select(ops.le(t, zero), zero, t);
}

/**
 * x for x >= 0, `negativeSlope`·x otherwise.
 *
 * @example
 * nn.leakyRelu([-2, 3], 0.1); // array([-0.2,  3. ])
 */
export function leakyRelu(x: ArrayLike, negativeSlope: number = 0.01): Tensor {
  numberOrThrow("leakyRelu", "negativeSlope", negativeSlope, true);
  const t = floatOperand(x, "leakyRelu");
  return ops.select(ops.ge(t, ops.scalar(0, t.dtype)), t, ops.mulScalar(t, negativeSlope));
}

/**
 * log(1 + eˣ): x + log1p(e⁻ˣ) above 0, log1p(eˣ) otherwise, two forms of one analytic function, each on
 * its own side (computed with one exp and one log1p), so no overflow and every derivative is right at 0
 * (σ(0) = ½, then ¼; max(x, 0) + log1p(e^−|x|) has the kinks of max and |·| there).
 *
 * @example
 * nn.softplus([-1, 0, 1]); // array([0.31326169, 0.69314718, 1.31326169])
 * nn.softplus(1000); // array(1000.)
 */
export function softplus(x: ArrayLike): Tensor {
  return softplusOf(floatOperand(x, "softplus"));
}

/**
 * log σ(x) = -softplus(-x).
 *
 * @example
 * nn.logSigmoid([-1, 0, 1]); // array([-1.31326169, -0.69314718, -0.31326169])
 * nn.logSigmoid(-1000); // array(-1000.)
 */
export function logSigmoid(x: ArrayLike): Tensor {
  return ops.neg(softplus(ops.neg(floatOperand(x, "logSigmoid"))));
}

/** Sorted normalized axes (all axes for null/undefined); a repeated axis is an error. */
function axesOf(op: string, x: Tensor, axis: number | readonly number[] | null | undefined): number[] {
  const checked = axisArgOrThrow(op, axis);
  if (checked === null || checked === undefined) return x.shape.map((_, i) => i);
  return distinctAxesOf(op, typeof checked === "number" ? [checked] : checked, x.ndim, x).sort((a, b) => a - b);
}

/**
 * log Σ eˣ over `axis` (all axes by default), shifted by the max so nothing overflows.
 *
 * @example
 * nn.logsumexp([1, 2, 3]); // array(3.40760596)
 * nn.logsumexp([1000, 1000]); // array(1000.69314718)
 */
export function logsumexp(x: ArrayLike, axis?: number | readonly number[] | null, keepdims: boolean = false): Tensor {
  const t = floatOperand(x, "logsumexp");
  if (typeof keepdims !== "boolean") throw new ArgumentError(`logsumexp: keepdims must be a boolean.`);
  const axes = axesOf("logsumexp", t, axis);
  const kept = ops.keptAxes(t.ndim, axes);
  const rawMax = ops.reduceMax(t, axes);
  // the shift carries no gradient, and an infinite max shifts by 0
  const shift = ops.stopGradient(ops.select(ops.isFinite(rawMax), rawMax, ops.scalar(0, t.dtype)));
  const shifted = ops.sub(t, ops.broadcastInDim(shift, t.shape, kept));
  const out = ops.add(ops.log(ops.reduceSum(ops.exp(shifted), axes)), shift);
  return keepdims ? ops.reshape(out, t.shape.map((d, i) => (axes.includes(i) ? 1 : d))) : out;
}

/**
 * x - logsumexp(x) along `axis`.
 *
 * @example
 * nn.logSoftmax([1, 2, 3]); // array([-2.40760596, -1.40760596, -0.40760596])
 */
export function logSoftmax(x: ArrayLike, axis: number | readonly number[] = -1): Tensor {
  const t = floatOperand(x, "logSoftmax");
  return ops.sub(t, ops.broadcastTo(logsumexp(t, axis, true), t.shape));
}

/**
 * eˣ / Σ eˣ along `axis`, computed from the max-shifted values.
 *
 * @example
 * nn.softmax([1, 2, 3]); // array([0.09003057, 0.24472847, 0.66524096])
 */
export function softmax(x: ArrayLike, axis: number | readonly number[] = -1): Tensor {
  const t = floatOperand(x, "softmax");
  const axes = axesOf("softmax", t, axis);
  const kept = ops.keptAxes(t.ndim, axes);
  const shift = ops.stopGradient(ops.reduceMax(t, axes));
  const e = ops.exp(ops.sub(t, ops.broadcastInDim(shift, t.shape, kept)));
  return ops.div(e, ops.broadcastInDim(ops.reduceSum(e, axes), t.shape, kept));
}

/** Options of `oneHot`. */
export interface OneHotOptions {
  readonly dtype?: DType;
}

/**
 * One-hot rows: `oneHot([0, 2], 3)` is `[[1,0,0],[0,0,1]]` (float64; `oneHot(i, n, "float32")` or
 * `{ dtype }` for another dtype). As JAX, an index outside `[0, numClasses)` or not an integer
 * (0.5, NaN) gives a row of zeros.
  *
  * @example
  * nn.oneHot([0, 2], 3);
  * // array([[1., 0., 0.],
  * //        [0., 0., 1.]])
 */
export function oneHot(indices: ArrayLike, numClasses: number, dtype?: DType | OneHotOptions): Tensor {
  const op = "oneHot";
  const options = dtypeOptionsOrThrow<OneHotOptions>(op, dtype, ["dtype"]);
  intOrThrow(op, "numClasses", numClasses, 0);
  const outDtype = options.dtype ?? "float64";
  const raw = toTensor(indices, op);
  bufferSizeOrThrow(op, [...raw.shape, numClasses], outDtype);
  // compare in the indices' own kind (as JAX's `x[..., None] == arange(n)`), so 0.5 matches no class
  const compareDtype: DType = isFloat(raw.dtype) ? raw.dtype : "int32";
  const idx = ops.convert(raw, compareDtype);
  const classes = ops.broadcastInDim(
    toTensor(Int32Array.from({ length: numClasses }, (_, i) => i), op, compareDtype),
    [...idx.shape, numClasses],
    [idx.ndim],
  );
  const expanded = ops.broadcastInDim(idx, [...idx.shape, numClasses], idx.shape.map((_, i) => i));
  return ops.convert(ops.eq(expanded, classes), outDtype);
}

export { maxPool, avgPool } from "./pooling.ts";
export {
  gelu, celu, elu, selu, glu, silu, swish, mish, relu6, hardSigmoid, hardSilu, hardSwish, hardTanh, softSign, sparsePlus,
  sparseSigmoid, squareplus, identity, standardize, logmeanexp, log1mexp,
} from "./activations.ts";
export { dotProductAttention, type AttentionOptions } from "./attention.ts";
// nn.initializers (initializers.ts)
export * as initializers from "./initializers.ts";
