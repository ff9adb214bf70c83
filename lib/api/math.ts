/**
 * Elementwise math of `np`: arithmetic with numpy broadcasting and dtype
 * promotion, transcendental functions, comparisons, `where` and `clip`.
 * Each is one primitive or a short composition of primitives.
 */
import * as ops from "../core/ops.ts";
import { toTensor } from "../core/convert.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";
import { isFloat } from "../array/dtype.ts";
import { floatOperand, operands } from "./promote.ts";

// arithmetic

/**
 * `a + b`.
 *
 * @example
 * np.add(np.array([1, 2]), 3); // array([4., 5.])
 */
export function add(a: ArrayLike, b: ArrayLike): Tensor {
  return ops.add(...operands("add", a, b));
}
/**
 * `a - b`.
 *
 * @example
 * np.subtract([5, 7], [1, 2]); // array([4., 5.])
 */
export function subtract(a: ArrayLike, b: ArrayLike): Tensor {
  return ops.sub(...operands("subtract", a, b));
}
/**
 * `a * b`.
 *
 * @example
 * np.multiply([1, 2], [3, 4]); // array([3., 8.])
 */
export function multiply(a: ArrayLike, b: ArrayLike): Tensor {
  return ops.mul(...operands("multiply", a, b));
}
/**
 * `a / b` (true division: integers give float64; also `np.trueDivide`).
 *
 * @example
 * np.divide([1, 3], 2); // array([0.5, 1.5])
 */
export function divide(a: ArrayLike, b: ArrayLike): Tensor {
  return ops.div(...operands("divide", a, b, "float"));
}
/**
 * `-x`.
 *
 * @example
 * np.negative([1, -2]); // array([-1.,  2.])
 */
export function negative(x: ArrayLike): Tensor {
  return ops.neg(toTensor(x, "negative"));
}
/**
 * `a ** b`; an integer JS exponent uses `integer_pow` (exact, defined for negative bases). A traced JS
 * number exponent (weakly typed, e.g. `jit(np.power)(x, 3)`) is not known while tracing, so it uses `pow`:
 * the same dtype and the same values (both compute `Math.pow`, and V8's `Math.pow(x, 2)` is `x * x`).
  *
  * @example
  * np.power([2, 3], 2); // array([4., 9.])
  * np.power(2, [0.5, -1]); // array([1.41421356, 0.5       ])
 */
export function power(a: ArrayLike, b: ArrayLike): Tensor {
  if (typeof b === "number" && Number.isInteger(b) && Math.abs(b) <= 64 && typeof a !== "number") {
    const base = toTensor(a, "power");
    // bool ** n is int32, as numpy and JAX (and as pow gives it for a traced n)
    if (b >= 0 || isFloat(base.dtype)) return ops.integerPow(base.dtype === "bool" ? ops.convert(base, "int32") : base, b);
  }
  return ops.pow(...operands("power", a, b));
}
/**
 * `x * x`.
 *
 * @example
 * np.square([1.5, -2]); // array([2.25, 4.  ])
 */
export function square(x: ArrayLike): Tensor {
  return ops.integerPow(toTensor(x, "square"), 2);
}

// transcendental

/**
 * √x.
 *
 * @example
 * np.sqrt([4, 2]); // array([2.        , 1.41421356])
 */
export const sqrt = (x: ArrayLike): Tensor => ops.sqrt(floatOperand(x, "sqrt"));
/**
 * eˣ.
 *
 * @example
 * np.exp([0, 1]); // array([1.        , 2.71828183])
 */
export const exp = (x: ArrayLike): Tensor => ops.exp(floatOperand(x, "exp"));
/**
 * Natural logarithm.
 *
 * @example
 * np.log([1, Math.E]); // array([0., 1.])
 */
export const log = (x: ArrayLike): Tensor => ops.log(floatOperand(x, "log"));
/**
 * log(1 + x), accurate near 0.
 *
 * @example
 * np.log1p(1e-10); // array(1.e-10)
 */
export const log1p = (x: ArrayLike): Tensor => ops.log1p(floatOperand(x, "log1p"));
/**
 * eˣ - 1, accurate near 0.
 *
 * @example
 * np.expm1(1e-10); // array(1.e-10)
 */
export const expm1 = (x: ArrayLike): Tensor => ops.expm1(floatOperand(x, "expm1"));
/**
 * Sine.
 *
 * @example
 * np.sin([0, Math.PI / 2]); // array([0., 1.])
 */
export const sin = (x: ArrayLike): Tensor => ops.sin(floatOperand(x, "sin"));
/**
 * Cosine.
 *
 * @example
 * np.cos([0, Math.PI]); // array([ 1., -1.])
 */
export const cos = (x: ArrayLike): Tensor => ops.cos(floatOperand(x, "cos"));
/**
 * Tangent (its own primitive, as `lax.tan`: Math.tan is within an ulp where sin/cos is not).
 *
 * @example
 * np.tan(Math.PI / 4); // array(1.)
 */
export const tan = (x: ArrayLike): Tensor => ops.tan(floatOperand(x, "tan"));
/**
 * Hyperbolic tangent.
 *
 * @example
 * np.tanh([0, 1]); // array([0.        , 0.76159416])
 */
export const tanh = (x: ArrayLike): Tensor => ops.tanh(floatOperand(x, "tanh"));
/**
 * Arctangent (also `np.atan`).
 *
 * @example
 * np.arctan([0, 1]); // array([0.        , 0.78539816])
 */
export const arctan = (x: ArrayLike): Tensor => ops.atan(floatOperand(x, "arctan"));
/**
 * |x| (also `np.absolute`).
 *
 * @example
 * np.abs([-1.5, 2]); // array([1.5, 2. ])
 */
export const abs = (x: ArrayLike): Tensor => ops.abs(toTensor(x, "abs"));
/**
 * -1, 0 or 1 (nan for nan).
 *
 * @example
 * np.sign([-2, 0, 3]); // array([-1.,  0.,  1.])
 */
export const sign = (x: ArrayLike): Tensor => ops.sign(toTensor(x, "sign"));

// comparisons and selection

/**
 * Elementwise max (NaN-propagating; ties split the gradient).
 *
 * @example
 * np.maximum([1, 5], [3, 2]); // array([3., 5.])
 */
export function maximum(a: ArrayLike, b: ArrayLike): Tensor {
  return ops.max(...operands("maximum", a, b));
}
/**
 * Elementwise min.
 *
 * @example
 * np.minimum([1, 5], [3, 2]); // array([1., 2.])
 */
export function minimum(a: ArrayLike, b: ArrayLike): Tensor {
  return ops.min(...operands("minimum", a, b));
}
/**
 * `a == b`.
 *
 * @example
 * np.equal([1, 2], [1, 3]); // array([ True, False])
 */
export const equal = (a: ArrayLike, b: ArrayLike): Tensor => ops.eq(...operands("equal", a, b));
/**
 * `a != b`.
 *
 * @example
 * np.notEqual([1, 2], [1, 3]); // array([False,  True])
 */
export const notEqual = (a: ArrayLike, b: ArrayLike): Tensor => ops.ne(...operands("notEqual", a, b));
/**
 * `a < b`.
 *
 * @example
 * np.less([1, 2, 3], 2); // array([ True, False, False])
 */
export const less = (a: ArrayLike, b: ArrayLike): Tensor => ops.lt(...operands("less", a, b));
/**
 * `a <= b`.
 *
 * @example
 * np.lessEqual([1, 2, 3], 2); // array([ True,  True, False])
 */
export const lessEqual = (a: ArrayLike, b: ArrayLike): Tensor => ops.le(...operands("lessEqual", a, b));
/**
 * `a > b`.
 *
 * @example
 * np.greater([1, 2, 3], 2); // array([False, False,  True])
 */
export const greater = (a: ArrayLike, b: ArrayLike): Tensor => ops.gt(...operands("greater", a, b));
/**
 * `a >= b`.
 *
 * @example
 * np.greaterEqual([1, 2, 3], 2); // array([False,  True,  True])
 */
export const greaterEqual = (a: ArrayLike, b: ArrayLike): Tensor => ops.ge(...operands("greaterEqual", a, b));

/**
 * Whether each element is NaN.
 *
 * @example
 * np.isnan([1, NaN]); // array([False,  True])
 */
export function isnan(x: ArrayLike): Tensor {
  const t = toTensor(x, "isnan");
  return isFloat(t.dtype) ? ops.ne(t, t) : ops.full(t.shape, 0, "bool");
}
/**
 * Whether each element is finite.
 *
 * @example
 * np.isfinite([1, Infinity, NaN]); // array([ True, False, False])
 */
export function isfinite(x: ArrayLike): Tensor {
  const t = toTensor(x, "isfinite");
  return isFloat(t.dtype) ? ops.isFinite(t) : ops.full(t.shape, 1, "bool");
}

/**
 * `condition ? a : b`, elementwise with broadcasting.
 *
 * @example
 * np.where([true, false], [1, 2], [10, 20]); // array([ 1., 20.])
 */
export function where(condition: ArrayLike, a: ArrayLike, b: ArrayLike): Tensor {
  const c = toTensor(condition, "where");
  const pred = c.dtype === "bool" ? c : ops.ne(c, ops.scalar(0, c.dtype));
  const [ta, tb] = operands("where", a, b);
  return ops.select(pred, ta, tb);
}

/**
 * Limits values to `[lo, hi]` (either may be null).
 *
 * @example
 * np.clip([-2, 0.5, 3], 0, 1); // array([0. , 0.5, 1. ])
 */
export function clip(x: ArrayLike, lo: ArrayLike | null, hi: ArrayLike | null): Tensor {
  let out = toTensor(x, "clip");
  if (lo !== null && lo !== undefined) out = maximum(out, lo);
  if (hi !== null && hi !== undefined) out = minimum(out, hi);
  return out;
}
