/**
 * `nn` activations in JAX's definitions (jax.nn), compositions of primitives
 * in a float dtype (integers become float64): `gelu celu elu selu glu silu
 * swish mish relu6 hardSigmoid hardSilu hardSwish hardTanh softSign
 * sparsePlus sparseSigmoid squareplus identity`, and `standardize
 * logmeanexp log1mexp`. Derivatives at kinks are JAX's: relu6's is 0 at 0
 * and 6, hardTanh's is 1 at ±1, sparseSigmoid's splits ties (as `clip`).
 *
 * @example
 * nn.gelu([-1, 0, 1]);                         // approximate (tanh) form, JAX's default
 * nn.gelu([-1, 0, 1], { approximate: false }); // x·Φ(x) through erfc
 */
import * as ops from "../core/ops.ts";
import { axisArgOrThrow, optionsOrThrow, showValue, toTensor } from "../core/convert.ts";
import { ArgumentError, ShapeError } from "../core/errors.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";
import { logsumexp } from "./special.ts";
import { broadcastOperands, floatOperand } from "./promote.ts";
import { axisOf } from "./shape.ts";

const scalarOf = (x: Tensor, v: number) => ops.scalar(v, x.dtype);
const isNan = (x: Tensor) => ops.ne(x, x);

/**
 * The Gaussian error linear unit x·Φ(x): by default JAX's tanh approximation
 * x/2·(1 + tanh(√(2/π)(x + 0.044715x³))); with `{ approximate: false }` exactly, x/2·erfc(−x/√2).
 *
 * @example
 * nn.gelu(1, { approximate: false }); // array(0.8413447460685429)
 */
export function gelu(x: ArrayLike, options?: { approximate?: boolean }): Tensor {
  const { approximate = true } = optionsOrThrow<NonNullable<typeof options>>("gelu", options, ["approximate"]);
  if (typeof approximate !== "boolean") throw new ArgumentError(`gelu: approximate must be a boolean, got ${showValue(approximate)}.`);
  const t = floatOperand(x, "gelu");
  if (!approximate) return ops.mul(ops.mulScalar(t, 0.5), ops.erfc(ops.mulScalar(t, -Math.SQRT1_2)));
  const inner = ops.mulScalar(ops.add(t, ops.mulScalar(ops.integerPow(t, 3), 0.044715)), Math.sqrt(2 / Math.PI));
  return ops.mul(t, ops.mulScalar(ops.addScalar(ops.tanh(inner), 1), 0.5));
}

/**
 * log(1 + eˣ) of a float tensor: x + log1p(e⁻ˣ) for x > 0, log1p(eˣ) otherwise. Two forms of one analytic
 * function, each on its own side, so every derivative is right at 0, where max(x, 0) + log1p(e^−|x|) written
 * with max and |·| has their kinks (a second derivative of 0 instead of ¼). Both forms are
 * select(x > 0, x, 0) + log1p(e^a) with a = select(x > 0, −x, x) (= −|x|, each side analytic), so one exp and
 * one log1p serve both sides instead of one pair per side.
 */
export function softplusOf(t: Tensor): Tensor {
  const zero = scalarOf(t, 0);
  const positive = ops.gt(t, zero);
  // d a = select(x > 0, −dx, dx); d softplus = select(x > 0, dx, 0) + e^a/(1 + e^a)·da = σ(x) dx on both sides
  const a = ops.select(positive, ops.neg(t), t);
  return ops.add(ops.select(positive, t, zero), ops.log1p(ops.exp(a)));
}

/** α·expm1(x) for x <= 0, x above (the argument of expm1 clamped to 0, so the branch not taken stays finite). */
function eluOf(t: Tensor, alpha: Tensor): Tensor {
  const positive = ops.gt(t, scalarOf(t, 0));
  return ops.select(positive, t, ops.mul(alpha, ops.expm1(ops.select(positive, scalarOf(t, 0), t))));
}

/**
 * The exponential linear unit: x for x > 0, α·(eˣ − 1) otherwise (α a number or an array, default 1).
 *
 * @example
 * nn.elu([-1, 2]); // array([-0.6321205588285577, 2])
 */
export function elu(x: ArrayLike, alpha: ArrayLike = 1): Tensor {
  const [t, a] = broadcastOperands("elu", x, alpha, "float");
  return eluOf(t, a);
}

/**
 * The continuously differentiable ELU: max(x, 0) + α·expm1(min(x, 0)/α).
 *
 * @example
 * nn.celu([-1, 2], 2); // array([-0.7869386805747332, 2])
 */
export function celu(x: ArrayLike, alpha: ArrayLike = 1): Tensor {
  const [t, a] = broadcastOperands("celu", x, alpha, "float");
  const zero = scalarOf(t, 0);
  return ops.add(ops.max(t, zero), ops.mul(a, ops.expm1(ops.div(ops.min(t, zero), a))));
}

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

/**
 * The scaled ELU of self-normalizing networks: λ·elu(x, α) with λ ≈ 1.0507, α ≈ 1.6733.
 *
 * @example
 * nn.selu([-1, 1]); // array([-1.1113307378125625, 1.0507009873554805])
 */
export function selu(x: ArrayLike): Tensor {
  const t = floatOperand(x, "selu");
  return ops.mulScalar(eluOf(t, scalarOf(t, SELU_ALPHA)), SELU_SCALE);
}

/**
 * The gated linear unit: x splits in two halves along `axis` (−1), a·σ(b). The axis length must be even.
 *
 * @example
 * nn.glu([1, 2, 0, 100]); // array([0.5, 2])
 */
export function glu(x: ArrayLike, axis = -1): Tensor {
  const t = floatOperand(x, "glu");
  axisArgOrThrow("glu", axis);
  if (typeof axis !== "number") throw new ArgumentError(`glu: axis must be one integer, got ${showValue(axis)}.`);
  if (t.ndim === 0) throw new ShapeError(`glu: needs an array of at least one dimension, got a 0-d tensor.`);
  const ax = axisOf("glu", axis, t.ndim, t);
  const n = t.shape[ax];
  if (n % 2 !== 0) throw new ShapeError(`glu: the length ${n} of axis ${axis} of ${t.dtype}[${t.shape}] must be even, to split it in two halves.`);
  const start = t.shape.map(() => 0);
  const half = (from: number) => ops.slice(t, start.map((_, i) => (i === ax ? from : 0)), t.shape.map((d, i) => (i === ax ? from + n / 2 : d)));
  return ops.mul(half(0), ops.logistic(half(n / 2)));
}

/**
 * The sigmoid linear unit (swish) x·σ(x).
 *
 * @example
 * nn.silu([0, 1]); // array([0, 0.7310585786300049])
 */
export function silu(x: ArrayLike): Tensor {
  const t = floatOperand(x, "silu");
  return ops.mul(t, ops.logistic(t));
}

/**
 * `silu` under its other name.
 *
 * @example
 * nn.swish([0, 1]); // array([0, 0.7310585786300049])
 */
export const swish = silu;

/**
 * x·tanh(softplus(x)).
 *
 * @example
 * nn.mish([0, 1]); // array([0, 0.8650983882673103])
 */
export function mish(x: ArrayLike): Tensor {
  const t = floatOperand(x, "mish");
  return ops.mul(t, ops.tanh(softplusOf(t)));
}

/** min(max(x, 0), 6) with derivative 1 strictly inside (0, 6) and 0 elsewhere (JAX's rule at 0 and 6); NaN stays NaN. */
function relu6Of(t: Tensor): Tensor {
  const six = scalarOf(t, 6);
  const zero = scalarOf(t, 0);
  const clipped = ops.select(ops.gt(t, zero), ops.select(ops.lt(t, six), t, six), zero);
  return ops.select(isNan(t), t, clipped);
}

/**
 * min(max(x, 0), 6); its derivative is 0 at 0 and at 6, as JAX's.
 *
 * @example
 * nn.relu6([-1, 3, 7]); // array([0, 3, 6])
 */
export function relu6(x: ArrayLike): Tensor {
  return relu6Of(floatOperand(x, "relu6"));
}

/**
 * relu6(x + 3)/6.
 *
 * @example
 * nn.hardSigmoid([-3, 0, 3]); // array([0, 0.5, 1])
 */
export function hardSigmoid(x: ArrayLike): Tensor {
  return ops.mulScalar(relu6Of(ops.addScalar(floatOperand(x, "hardSigmoid"), 3)), 1 / 6);
}

/**
 * x·hardSigmoid(x) (hard swish).
 *
 * @example
 * nn.hardSilu([-3, 1, 3]); // array([-0, 0.6666666666666666, 3])
 */
export function hardSilu(x: ArrayLike): Tensor {
  const t = floatOperand(x, "hardSilu");
  return ops.mul(t, ops.mulScalar(relu6Of(ops.addScalar(t, 3)), 1 / 6));
}

/**
 * `hardSilu` under its other name.
 *
 * @example
 * nn.hardSwish([1, 3]); // array([0.6666666666666666, 3])
 */
export const hardSwish = hardSilu;

/**
 * −1 below −1, x on [−1, 1], 1 above; its derivative is 1 at ±1, as JAX's.
 *
 * @example
 * nn.hardTanh([-2, 0.5, 2]); // array([-1, 0.5, 1])
 */
export function hardTanh(x: ArrayLike): Tensor {
  const t = floatOperand(x, "hardTanh");
  const one = scalarOf(t, 1);
  return ops.select(ops.gt(t, one), one, ops.select(ops.lt(t, ops.neg(one)), ops.neg(one), t));
}

/**
 * x/(|x| + 1).
 *
 * @example
 * nn.softSign([-1, 3]); // array([-0.5, 0.75])
 */
export function softSign(x: ArrayLike): Tensor {
  const t = floatOperand(x, "softSign");
  return ops.div(t, ops.addScalar(ops.abs(t), 1));
}

/**
 * 0 for x <= −1, (x + 1)²/4 on (−1, 1), x for x >= 1: a softplus with exact zeros.
 *
 * @example
 * nn.sparsePlus([-2, 0, 2]); // array([0, 0.25, 2])
 */
export function sparsePlus(x: ArrayLike): Tensor {
  const t = floatOperand(x, "sparsePlus");
  const quadratic = ops.mulScalar(ops.integerPow(ops.addScalar(t, 1), 2), 0.25);
  return ops.select(ops.le(t, scalarOf(t, -1)), scalarOf(t, 0), ops.select(ops.ge(t, scalarOf(t, 1)), t, quadratic));
}

/**
 * ½·clip(x + 1, 0, 2), the derivative of `sparsePlus`.
 *
 * @example
 * nn.sparseSigmoid([-2, 0, 2]); // array([0, 0.5, 1])
 */
export function sparseSigmoid(x: ArrayLike): Tensor {
  const t = floatOperand(x, "sparseSigmoid");
  const shifted = ops.addScalar(t, 1);
  return ops.mulScalar(ops.min(ops.max(shifted, scalarOf(t, 0)), scalarOf(t, 2)), 0.5);
}

/**
 * (x + √(x² + b))/2, a smooth ReLU (b = 4 by default; a number or an array).
 *
 * @example
 * nn.squareplus([0, 3]); // array([1, 3.5])
 */
export function squareplus(x: ArrayLike, b: ArrayLike = 4): Tensor {
  const [t, c] = broadcastOperands("squareplus", x, b, "float");
  return ops.mulScalar(ops.add(t, ops.sqrt(ops.add(ops.mul(t, t), c))), 0.5);
}

/**
 * x itself, as a tensor (any dtype).
 *
 * @example
 * nn.identity([1, 2]); // array([1, 2])
 */
export function identity(x: ArrayLike): Tensor {
  return toTensor(x, "identity");
}

// normalization and reductions

/** Sorted, normalized axes of `t` (all for null/undefined). */
function axesOf(op: string, t: Tensor, axis: number | readonly number[] | null | undefined): number[] {
  axisArgOrThrow(op, axis);
  if (axis === null || axis === undefined) return t.shape.map((_, i) => i);
  const list = typeof axis === "number" ? [axis] : [...axis];
  return list.map((a) => axisOf(op, a, t.ndim, t)).sort((a, b) => a - b);
}

/**
 * (x − mean)/√(variance + ε) along `axis` (−1), with mean = E[x] and variance = E[x²] − E[x]² (JAX's
 * definition) unless given.
 *
 * @example
 * nn.standardize([1, 2, 3]); // array([-1.2247356859083902, 0, 1.2247356859083902])
 */
export function standardize(
  x: ArrayLike,
  axis: number | readonly number[] | null = -1,
  options?: { mean?: ArrayLike; variance?: ArrayLike; epsilon?: number },
): Tensor {
  const { mean, variance, epsilon = 1e-5 } = optionsOrThrow<NonNullable<typeof options>>("standardize", options, ["mean", "variance", "epsilon"]);
  if (typeof epsilon !== "number") throw new ArgumentError(`standardize: epsilon must be a number, got ${showValue(epsilon)}.`);
  const t = floatOperand(x, "standardize");
  const axes = axesOf("standardize", t, axis);
  const count = axes.reduce((n, a) => n * t.shape[a], 1);
  const kept = ops.keptAxes(t.ndim, axes);
  const meanOver = (v: Tensor) => ops.broadcastInDim(ops.mulScalar(ops.reduceSum(v, axes), 1 / count), t.shape, kept);
  const m = mean === undefined ? meanOver(t) : broadcastOperands("standardize", t, mean as ArrayLike)[1];
  const v = variance === undefined ? ops.sub(meanOver(ops.mul(t, t)), ops.mul(m, m)) : broadcastOperands("standardize", t, variance as ArrayLike)[1];
  return ops.div(ops.sub(t, m), ops.sqrt(ops.addScalar(v, epsilon)));
}

/**
 * log of the mean of eˣ over `axis` (all axes by default): logsumexp(x) − log n, without overflow.
 *
 * @example
 * nn.logmeanexp([0, Math.log(3)]); // array(0.6931471805599453)
 */
export function logmeanexp(x: ArrayLike, axis?: number | readonly number[] | null, keepdims = false): Tensor {
  if (typeof keepdims !== "boolean") throw new ArgumentError(`logmeanexp: keepdims must be a boolean, got ${showValue(keepdims)}.`);
  const t = floatOperand(x, "logmeanexp");
  const axes = axesOf("logmeanexp", t, axis);
  const count = axes.reduce((n, a) => n * t.shape[a], 1);
  return ops.addScalar(logsumexp(t, axes, { keepdims }) as Tensor, -Math.log(count));
}

/**
 * log(1 − e⁻ˣ) for x >= 0 (NaN below): log(−expm1(−x)) up to log 2, log1p(−e⁻ˣ) above, accurate at both ends.
 *
 * @example
 * nn.log1mexp([1e-10, 50]); // array([-23.025850929990456, -1.9287498479639178e-22])
 */
export function log1mexp(x: ArrayLike): Tensor {
  const t = floatOperand(x, "log1mexp");
  const near = ops.le(t, scalarOf(t, Math.LN2));
  const a = ops.select(near, t, scalarOf(t, Math.LN2));
  const b = ops.select(near, scalarOf(t, 1), t);
  return ops.select(near, ops.log(ops.neg(ops.expm1(ops.neg(a)))), ops.log1p(ops.neg(ops.exp(ops.neg(b)))));
}

