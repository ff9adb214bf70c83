/**
 * Rounding and integer division of `np`: `floor ceil trunc fix rint round
 * around`, `remainder mod fmod floorDivide divmod modf`. Integer and bool
 * inputs pass through the rounding functions unchanged (numpy 2 and JAX keep
 * their dtype; `rint` gives float64). Division follows numpy: `remainder`
 * (= `mod`, Python's `%`) takes the sign of the divisor, `fmod` (C's) that of
 * the dividend, and `floorDivide` of floats is numpy's `npy_divmod`:
 * (a − fmod(a, b))/b, corrected by one where fmod and b differ in sign, then
 * rounded to the nearest integer; integer division by 0 gives 0. All these
 * are piecewise constant, with zero derivatives, except `remainder`/`fmod`
 * (∂/∂a = 1, ∂/∂b = −floor or −trunc of a/b, as JAX) and `modf`'s fraction.
 *
 * @example
 * np.remainder([-7, 7], 3);   // array([2, 1], dtype=int32)
 * np.fmod([-7, 7], 3);        // array([-1, 1], dtype=int32)
 * np.floorDivide(-7, 2);      // array(-4)
 */
import * as ops from "../core/ops.ts";
import { showValue, toTensor } from "../core/convert.ts";
import { ArgumentError } from "../core/errors.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";
import { isFloat } from "../array/dtype.ts";
import { broadcastOperands, floatOperand } from "./promote.ts";

const scalarOf = (x: Tensor, v: number): Tensor => ops.scalar(v, x.dtype);
const isZero = (x: Tensor): Tensor => ops.eq(x, scalarOf(x, 0));
const isNegative = (x: Tensor): Tensor => ops.lt(x, scalarOf(x, 0));
/** p ∧ q and p ∨ q of bool tensors. */
const and = (p: Tensor, q: Tensor): Tensor => ops.select(p, q, p);
const or = (p: Tensor, q: Tensor): Tensor => ops.select(p, p, q);

/** ±0 with the sign of `x` (−0 for negative x and −0). */
function signedZero(x: Tensor): Tensor {
  const negative = or(isNegative(x), ops.lt(ops.div(scalarOf(x, 1), x), scalarOf(x, 0)));
  return ops.select(negative, scalarOf(x, -0), scalarOf(x, 0));
}

/** Integer (or bool, as int32) operands keep their dtype; floats too. */
function numericOperands(op: string, a: ArrayLike, b: ArrayLike): [Tensor, Tensor] {
  const [x, y] = broadcastOperands(op, a, b);
  return x.dtype === "bool" ? [ops.convert(x, "int32"), ops.convert(y, "int32")] : [x, y];
}

/** The divisor with 0 replaced by 1 for integers (so x % 0 and x // 0 are 0, as numpy's), as is for floats. */
function safeIntegerDivisor(b: Tensor): Tensor {
  return isFloat(b.dtype) ? b : ops.select(isZero(b), scalarOf(b, 1), b);
}

// rounding

/** The float rounding `f` of a float tensor; integers and bools unchanged. */
function rounding(op: string, f: (x: Tensor) => Tensor): (x: ArrayLike) => Tensor {
  return (x) => {
    const t = toTensor(x, op);
    return isFloat(t.dtype) ? f(t) : t;
  };
}

/** Toward zero: ceil for negative x, floor otherwise (−0.5 gives −0). */
const truncOf = (t: Tensor): Tensor => ops.select(isNegative(t), ops.ceil(t), ops.floor(t));

/**
 * The largest integer <= x (integers unchanged).
 *
 * @example
 * np.floor([-1.5, 1.5]); // array([-2, 1])
 */
export const floor: (x: ArrayLike) => Tensor = rounding("floor", ops.floor);

/**
 * The smallest integer >= x (integers unchanged).
 *
 * @example
 * np.ceil([-1.5, 1.5]); // array([-1, 2])
 */
export const ceil: (x: ArrayLike) => Tensor = rounding("ceil", ops.ceil);

/**
 * x rounded toward zero (integers unchanged).
 *
 * @example
 * np.trunc([-1.5, 1.5]); // array([-1, 1])
 */
export const trunc: (x: ArrayLike) => Tensor = rounding("trunc", truncOf);

/**
 * x rounded toward zero, numpy's older name for `trunc`.
 *
 * @example
 * np.fix([-2.7, 2.7]); // array([-2, 2])
 */
export const fix: (x: ArrayLike) => Tensor = rounding("fix", truncOf);

/**
 * x rounded to the nearest integer, ties to even; integers and bools become float64 (numpy's and JAX's rint).
 *
 * @example
 * np.rint([0.5, 1.5, 2.5]); // array([0, 2, 2])
 */
export function rint(x: ArrayLike): Tensor {
  return ops.round(floatOperand(x, "rint"), "toNearestEven");
}

/**
 * x rounded to `decimals` decimal places, ties to even, as numpy: x·10ᵈ rounded and divided by 10ᵈ
 * (negative `decimals` round to tens, hundreds, …, integers included). Integers keep their dtype.
 *
 * @example
 * np.round([0.5, 1.5, 2.675], 0); // array([0, 2, 3])
 * np.round(1234, -2);             // array(1200)
 */
export function round(x: ArrayLike, decimals = 0): Tensor {
  if (typeof decimals !== "number" || !Number.isInteger(decimals)) {
    throw new ArgumentError(`round: decimals must be an integer, got ${showValue(decimals)}.`);
  }
  const t = toTensor(x, "round");
  if (!isFloat(t.dtype)) {
    if (decimals >= 0) return t;
    // to tens, hundreds, …: in float64, exact for int32 values
    const scale = 10 ** -decimals;
    const rounded = ops.mulScalar(ops.round(ops.mulScalar(ops.convert(t, "float64"), 1 / scale), "toNearestEven"), scale);
    return ops.convert(rounded, t.dtype === "bool" ? "int32" : t.dtype);
  }
  if (decimals === 0) return ops.round(t, "toNearestEven");
  // numpy multiplies (or divides, for negative decimals) by an exact power of ten, rounds, and undoes it
  const power = scalarOf(t, 10 ** Math.abs(decimals));
  const scaled = decimals > 0 ? ops.mul(t, power) : ops.div(t, power);
  const rounded = ops.round(scaled, "toNearestEven");
  return decimals > 0 ? ops.div(rounded, power) : ops.mul(rounded, power);
}

/**
 * `round` under its older numpy name.
 *
 * @example
 * np.around([1.25, 1.35], 1); // array([1.2, 1.4])
 */
export const around = (x: ArrayLike, decimals = 0): Tensor => round(x, decimals);

// division

/** remainder of tensors of one dtype: Python's %, the sign of b (numpy's npy_divmod for floats). */
export function remainderOf(a: Tensor, b: Tensor): Tensor {
  const divisor = safeIntegerDivisor(b);
  const mod = ops.rem(a, divisor);
  // fmod has a's sign: one divisor more where it differs from b's
  const adjust = and(ops.ne(mod, scalarOf(mod, 0)), ops.ne(isNegative(mod), isNegative(divisor)));
  const out = ops.select(adjust, ops.add(mod, divisor), mod);
  // an exact multiple gives 0 with b's sign (numpy's copysign(0, b))
  return isFloat(a.dtype) ? ops.select(isZero(mod), signedZero(divisor), out) : out;
}

/**
 * The remainder of floor division, with the sign of the divisor (Python's `%`); x % 0 is NaN for floats and 0
 * for integers. Its derivative is 1 in `x1` and −floor(x1/x2) in `x2`.
 *
 * @example
 * np.remainder([-7, 7], [3, -3]); // array([2, -2])
 */
export function remainder(x1: ArrayLike, x2: ArrayLike): Tensor {
  return remainderOf(...numericOperands("remainder", x1, x2));
}

/**
 * C's `fmod`: the remainder of truncated division, with the sign of the dividend (integers: x % 0 is 0).
 *
 * @example
 * np.fmod([-7, 7], 3); // array([-1, 1])
 */
export function fmod(x1: ArrayLike, x2: ArrayLike): Tensor {
  const [a, b] = numericOperands("fmod", x1, x2);
  return ops.rem(a, safeIntegerDivisor(b));
}

/** floor(a/b) of tensors of one dtype, as numpy's floor_divide. */
function floorDivideOf(a: Tensor, b: Tensor): Tensor {
  if (!isFloat(a.dtype)) {
    // truncated division (int32 division truncates), one less where the signs differ and it is not exact
    const divisor = safeIntegerDivisor(b);
    const quotient = ops.select(isZero(b), scalarOf(a, 0), ops.div(a, divisor));
    const lower = and(ops.ne(ops.rem(a, divisor), scalarOf(a, 0)), ops.ne(isNegative(a), isNegative(b)));
    return ops.select(lower, ops.sub(quotient, scalarOf(a, 1)), quotient);
  }
  const mod = ops.rem(a, b);
  let quotient = ops.div(ops.sub(a, mod), b);
  const lower = and(ops.ne(mod, scalarOf(mod, 0)), ops.ne(isNegative(mod), isNegative(b)));
  quotient = ops.select(lower, ops.sub(quotient, scalarOf(a, 1)), quotient);
  // the nearest integer to a quotient that is one up to rounding; 0 with the sign of a/b
  const down = ops.floor(quotient);
  const nearest = ops.select(ops.gt(ops.sub(quotient, down), scalarOf(a, 0.5)), ops.add(down, scalarOf(a, 1)), down);
  const exact = ops.div(a, b);
  const floored = ops.select(isZero(quotient), signedZero(exact), nearest);
  return ops.stopGradient(ops.select(isZero(b), exact, floored));
}

/**
 * floor(x1/x2), numpy's `//`: for floats (x1 − fmod(x1, x2))/x2 rounded, as numpy computes it, so that
 * `x1 = x2·floorDivide(x1, x2) + remainder(x1, x2)` to rounding; x/0 is ±∞ or NaN for floats, 0 for integers.
 * Piecewise constant: zero derivatives.
 *
 * @example
 * np.floorDivide([7, -7], 2); // array([3, -4])
 */
export function floorDivide(x1: ArrayLike, x2: ArrayLike): Tensor {
  return floorDivideOf(...numericOperands("floorDivide", x1, x2));
}

/**
 * `[floorDivide(x1, x2), remainder(x1, x2)]`.
 *
 * @example
 * np.divmod([7, -7], 2); // [array([3, -4]), array([1, 1])]
 */
export function divmod(x1: ArrayLike, x2: ArrayLike): [Tensor, Tensor] {
  const [a, b] = numericOperands("divmod", x1, x2);
  return [floorDivideOf(a, b), remainderOf(a, b)];
}

/**
 * `[fraction, whole]`: x = fraction + whole, both with the sign of x (integers become float64). For ±∞ the
 * fraction is ±0, as numpy's. The fraction's derivative is 1; the whole part's is 0.
 *
 * @example
 * np.modf([-2.5, 3]); // [array([-0.5, 0]), array([-2, 3])]
 */
export function modf(x: ArrayLike): [Tensor, Tensor] {
  const t = floatOperand(x, "modf");
  const whole = truncOf(t);
  const fraction = ops.sub(t, whole);
  // the sign of x on a zero fraction (−3 gives −0), and ±0 for ±∞ (whose x − whole is NaN)
  const infinite = ops.eq(ops.abs(t), scalarOf(t, Infinity));
  const signed = ops.select(isZero(fraction), signedZero(t), fraction);
  return [ops.select(infinite, signedZero(t), signed), whole];
}
