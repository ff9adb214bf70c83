/**
 * Floating-point inspection and manipulation of `np`: `signbit copysign
 * heaviside fmax fmin floatPower nanToNum isinf isposinf isneginf isclose
 * ldexp frexp unwrap`. Predicates give bool tensors (zero derivatives);
 * `ldexp`/`frexp` scale by exact powers of two.
 *
 * @example
 * np.copysign(3, -0);             // array(-3)
 * np.frexp(8);                    // [array(0.5), array(4, dtype=int32)]
 * np.isclose([1, NaN], [1.000001, NaN], { equalNan: true }); // array([true, true])
 */
import * as ops from "../core/ops.ts";
import { axisArgOrThrow, optionsOrThrow, showValue, toTensor } from "../core/convert.ts";
import { ArgumentError, DTypeError } from "../core/errors.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";
import { isFloat } from "../array/dtype.ts";
import { broadcastOperands, floatOperand, scalarWeakType } from "./promote.ts";
import { remainderOf } from "./rounding.ts";
import { axisOf } from "./shape.ts";

const scalarOf = (x: Tensor, v: number) => ops.scalar(v, x.dtype);
const and = (p: Tensor, q: Tensor) => ops.select(p, q, p);
const or = (p: Tensor, q: Tensor) => ops.select(p, p, q);
const isNan = (x: Tensor) => ops.ne(x, x);
const falseLike = (x: Tensor) => ops.full(x.shape, 0, "bool");

/** The sign bit of a float tensor: x < 0, or −0 (1/−0 = −∞). A NaN's sign bit cannot be read in JS: false. */
function signbitOf(x: Tensor): Tensor {
  return or(ops.lt(x, scalarOf(x, 0)), ops.lt(ops.div(scalarOf(x, 1), x), scalarOf(x, 0)));
}

// signs

/**
 * Whether the sign bit is set: true for negative numbers, −0 and −∞ (integers: x < 0). JS cannot read the sign
 * of a NaN, so NaNs give false (numpy reads the bit).
 *
 * @example
 * np.signbit([-1, -0, 0, 2]); // array([true, true, false, false])
 */
export function signbit(x: ArrayLike): Tensor {
  const t = toTensor(x, "signbit");
  if (isFloat(t.dtype)) return signbitOf(t);
  return t.dtype === "bool" ? falseLike(t) : ops.lt(t, scalarOf(t, 0));
}

/**
 * |x1| with the sign of x2 (−0 counts as negative).
 *
 * @example
 * np.copysign([1, 2], [-0, 3]); // array([-1, 2])
 */
export function copysign(x1: ArrayLike, x2: ArrayLike): Tensor {
  const [a, b] = broadcastOperands("copysign", x1, x2, "float");
  const magnitude = ops.abs(a);
  return ops.select(signbitOf(b), ops.neg(magnitude), magnitude);
}

/**
 * The Heaviside step: 0 for x1 < 0, `x2` at 0, 1 for x1 > 0 (NaN for NaN). Zero derivative in x1.
 *
 * @example
 * np.heaviside([-1, 0, 2], 0.5); // array([0, 0.5, 1])
 */
export function heaviside(x1: ArrayLike, x2: ArrayLike): Tensor {
  const [x, h] = broadcastOperands("heaviside", x1, x2, "float");
  const step = ops.select(ops.lt(x, scalarOf(x, 0)), scalarOf(x, 0), ops.select(ops.gt(x, scalarOf(x, 0)), scalarOf(x, 1), h));
  return ops.select(isNan(x), x, step);
}

// NaN-ignoring extrema

/**
 * The elementwise maximum ignoring NaNs (NaN only where both are); ties pass the derivative to x1, as JAX's.
 *
 * @example
 * np.fmax([1, NaN, NaN], [2, 3, NaN]); // array([2, 3, NaN])
 */
export function fmax(x1: ArrayLike, x2: ArrayLike): Tensor {
  const [a, b] = broadcastOperands("fmax", x1, x2);
  if (!isFloat(a.dtype)) return ops.max(a, b);
  return ops.select(or(ops.lt(a, b), isNan(a)), b, a);
}

/**
 * The elementwise minimum ignoring NaNs (NaN only where both are); ties pass the derivative to x1, as JAX's.
 *
 * @example
 * np.fmin([1, NaN, NaN], [2, 3, NaN]); // array([1, 3, NaN])
 */
export function fmin(x1: ArrayLike, x2: ArrayLike): Tensor {
  const [a, b] = broadcastOperands("fmin", x1, x2);
  if (!isFloat(a.dtype)) return ops.min(a, b);
  return ops.select(or(ops.gt(a, b), isNan(a)), b, a);
}

/**
 * x1 ** x2 computed in float64 whatever the inputs (numpy's `float_power`; negative bases with fractional
 * exponents give NaN).
 *
 * @example
 * np.floatPower([2, 4], -1); // array([0.5, 0.25])
 */
export function floatPower(x1: ArrayLike, x2: ArrayLike): Tensor {
  const [a, b] = broadcastOperands("floatPower", x1, x2);
  return ops.pow(ops.convert(a, "float64"), ops.convert(b, "float64"));
}

// non-finite values

/** The largest finite value of a float dtype. */
const FLOAT_MAX = { float64: Number.MAX_VALUE, float32: 3.4028234663852886e38 } as const;

/**
 * NaN replaced by `nan` (0), +∞ by `posinf` and −∞ by `neginf` (the largest finite values of the dtype by
 * default); integers unchanged. numpy's `copy` option is accepted and ignored (tensors are immutable).
 *
 * @example
 * np.nanToNum([NaN, Infinity, -1]); // array([0, 1.7976931348623157e308, -1])
 */
export function nanToNum(x: ArrayLike, options?: { copy?: boolean; nan?: number; posinf?: number | null; neginf?: number | null }): Tensor {
  const { nan = 0, posinf, neginf } = optionsOrThrow<NonNullable<typeof options>>("nanToNum", options, ["copy", "nan", "posinf", "neginf"]);
  for (const [name, v] of [["nan", nan], ["posinf", posinf], ["neginf", neginf]] as const) {
    if (v !== undefined && v !== null && typeof v !== "number") throw new ArgumentError(`nanToNum: ${name} must be a number, got ${showValue(v)}.`);
  }
  const t = toTensor(x, "nanToNum");
  if (!isFloat(t.dtype)) return t;
  const big = FLOAT_MAX[t.dtype as "float64" | "float32"];
  const high = scalarOf(t, (posinf as number | null | undefined) ?? big);
  const low = scalarOf(t, (neginf as number | null | undefined) ?? -big);
  const inf = scalarOf(t, Infinity);
  const finite = ops.select(ops.eq(t, inf), high, ops.select(ops.eq(t, ops.neg(inf)), low, t));
  return ops.select(isNan(t), scalarOf(t, nan as number), finite);
}

/**
 * Whether each element is +∞ or −∞ (integers: never).
 *
 * @example
 * np.isinf([1, Infinity, -Infinity, NaN]); // array([false, true, true, false])
 */
export function isinf(x: ArrayLike): Tensor {
  const t = toTensor(x, "isinf");
  return isFloat(t.dtype) ? ops.eq(ops.abs(t), scalarOf(t, Infinity)) : falseLike(t);
}

/**
 * Whether each element is +∞.
 *
 * @example
 * np.isposinf([Infinity, -Infinity]); // array([true, false])
 */
export function isposinf(x: ArrayLike): Tensor {
  const t = toTensor(x, "isposinf");
  return isFloat(t.dtype) ? ops.eq(t, scalarOf(t, Infinity)) : falseLike(t);
}

/**
 * Whether each element is −∞.
 *
 * @example
 * np.isneginf([Infinity, -Infinity]); // array([false, true])
 */
export function isneginf(x: ArrayLike): Tensor {
  const t = toTensor(x, "isneginf");
  return isFloat(t.dtype) ? ops.eq(t, scalarOf(t, -Infinity)) : falseLike(t);
}

/**
 * Elementwise |a − b| <= atol + rtol·|b| (numpy's asymmetric test, in a float dtype); infinities are close only
 * to themselves, NaNs only with `equalNan`.
 *
 * @example
 * np.isclose([1, 1e-9], [1.000001, 2e-9]); // array([true, true])
 */
export function isclose(a: ArrayLike, b: ArrayLike, options?: { rtol?: number; atol?: number; equalNan?: boolean }): Tensor {
  const { rtol = 1e-5, atol = 1e-8, equalNan = false } = optionsOrThrow<NonNullable<typeof options>>("isclose", options, ["rtol", "atol", "equalNan"]);
  for (const [name, v] of [["rtol", rtol], ["atol", atol]] as const) {
    if (typeof v !== "number" || !(v >= 0)) throw new ArgumentError(`isclose: ${name} must be a non-negative number, got ${showValue(v)}.`);
  }
  if (typeof equalNan !== "boolean") throw new ArgumentError(`isclose: equalNan must be a boolean, got ${showValue(equalNan)}.`);
  const [x, y] = broadcastOperands("isclose", a, b, "float");
  const within = ops.le(ops.abs(ops.sub(x, y)), ops.add(scalarOf(y, atol as number), ops.mulScalar(ops.abs(y), rtol as number)));
  const inf = scalarOf(x, Infinity);
  const anyInfinite = or(ops.eq(ops.abs(x), inf), ops.eq(ops.abs(y), inf));
  const close = ops.select(anyInfinite, ops.eq(x, y), within);
  return equalNan ? or(close, and(isNan(x), isNan(y))) : close;
}

// powers of two

/** x·2ᵉ for an integer-valued float tensor e in [−2100, 2100], by three exact factors 2^e₁·2^e₂·2^e₃ with eᵢ of one sign. */
function scaleByPowerOfTwo(x: Tensor, e: Tensor): Tensor {
  const clamp = (v: Tensor, lo: number, hi: number) => ops.min(ops.max(v, scalarOf(v, lo)), scalarOf(v, hi));
  const e1 = clamp(e, -1022, 1023);
  const e2 = clamp(ops.sub(e, e1), -1022, 1023);
  const e3 = ops.sub(ops.sub(e, e1), e2);
  return ops.mul(ops.mul(ops.mul(x, ops.exp2(e1)), ops.exp2(e2)), ops.exp2(e3));
}

/**
 * x1·2^x2 for integer x2 (int32, bool or an integer JS number), exact unless the result overflows or is
 * subnormal; integers x1 give float64. Its derivative in x1 is 2^x2.
 *
 * @example
 * np.ldexp([1, 0.75], [3, -1]); // array([8, 0.375])
 */
export function ldexp(x1: ArrayLike, x2: ArrayLike): Tensor {
  const x = floatOperand(x1, "ldexp");
  const exponent = ops.convert(integerExponentOrThrow(x2), "float64");
  const clamped = ops.min(ops.max(exponent, ops.scalar(-2100, "float64")), ops.scalar(2100, "float64"));
  // in float64, then rounded once to x's dtype
  return ops.convert(scaleByPowerOfTwo(ops.convert(x, "float64"), ops.stopGradient(clamped)), x.dtype);
}

/** An integer exponent as a tensor: an integer JS number (or one passed through a transform), a bool, or an integer tensor. */
function integerExponentOrThrow(x2: ArrayLike): Tensor {
  const weak = scalarWeakType(x2, "ldexp");
  if ((typeof x2 === "number" && !Number.isInteger(x2)) || weak === "float") {
    throw new DTypeError(`ldexp: the exponent must be an integer, got ${showValue(x2)}.`);
  }
  const exponent = toTensor(x2, "ldexp");
  if (weak === undefined && isFloat(exponent.dtype)) {
    throw new DTypeError(`ldexp: the exponent must have an integer dtype, got ${exponent.dtype}; convert it with astype("int32").`);
  }
  return exponent;
}

/**
 * `[mantissa, exponent]` with x = mantissa·2^exponent, 0.5 <= |mantissa| < 1 (the exponent int32); 0, ±∞ and
 * NaN give themselves and exponent 0. Integers become float64.
 *
 * @example
 * np.frexp([8, -0.375]); // [array([0.5, -0.75]), array([4, -1], dtype=int32)]
 */
export function frexp(x: ArrayLike): [Tensor, Tensor] {
  const t = floatOperand(x, "frexp");
  const wide = ops.convert(t, "float64");
  const magnitude = ops.abs(wide);
  const regular = and(ops.isFinite(wide), ops.ne(wide, ops.scalar(0, "float64")));
  const safe = ops.select(regular, magnitude, ops.scalar(1, "float64"));
  // floor(log₂|x|) + 1, then one correction where log₂ rounded across a power of two
  let e = ops.stopGradient(ops.addScalar(ops.floor(ops.log2(safe)), 1));
  let m = scaleByPowerOfTwo(ops.select(regular, wide, ops.scalar(1, "float64")), ops.neg(e));
  const tooBig = ops.ge(ops.abs(m), ops.scalar(1, "float64"));
  const tooSmall = ops.lt(ops.abs(m), ops.scalar(0.5, "float64"));
  m = ops.select(tooBig, ops.mulScalar(m, 0.5), ops.select(tooSmall, ops.mulScalar(m, 2), m));
  e = ops.select(tooBig, ops.addScalar(e, 1), ops.select(tooSmall, ops.addScalar(e, -1), e));
  const mantissa = ops.convert(ops.select(regular, m, wide), t.dtype);
  const exponent = ops.convert(ops.select(regular, e, ops.scalar(0, "float64")), "int32");
  return [mantissa, exponent];
}

// phases

/**
 * Unwraps phase angles along `axis` (−1): where consecutive values jump by more than `discont` (period/2 at
 * least), a multiple of `period` (2π) is added so the jump becomes its remainder in [−period/2, period/2].
 * Integers become float64. Its derivative is the identity.
 *
 * @example
 * np.unwrap([0, 3, 6.5]); // array([0, 3, 0.21681469282041377])
 */
export function unwrap(p: ArrayLike, options?: { discont?: number | null; axis?: number; period?: number }): Tensor {
  const { discont, axis = -1, period = 2 * Math.PI } = optionsOrThrow<NonNullable<typeof options>>("unwrap", options, ["discont", "axis", "period"]);
  if (typeof period !== "number" || !(period > 0) || period === Infinity) {
    throw new ArgumentError(`unwrap: period must be a positive finite number, got ${showValue(period)}.`);
  }
  if (discont !== undefined && discont !== null && typeof discont !== "number") {
    throw new ArgumentError(`unwrap: discont must be a number or null, got ${showValue(discont)}.`);
  }
  const t = floatOperand(p, "unwrap");
  if (t.ndim === 0) throw new ArgumentError(`unwrap: needs an array of at least one dimension, got a 0-d tensor.`);
  axisArgOrThrow("unwrap", axis);
  const ax = axisOf("unwrap", axis as number, t.ndim, t);
  const n = t.shape[ax];
  if (n < 2) return t;
  const half = period / 2;
  const threshold = Math.max((discont as number | null | undefined) ?? half, half);
  const start = t.shape.map(() => 0);
  const along = (from: number, to: number) => ops.slice(t, start.map((_, i) => (i === ax ? from : 0)), t.shape.map((d, i) => (i === ax ? to : d)));
  const diff = ops.sub(along(1, n), along(0, n - 1));
  // the jump's remainder in [−period/2, period/2), +period/2 for a positive jump of exactly period/2
  let wrapped = ops.addScalar(remainderOf(ops.addScalar(diff, half), ops.broadcastTo(scalarOf(diff, period), diff.shape)), -half);
  wrapped = ops.select(and(ops.eq(wrapped, scalarOf(diff, -half)), ops.gt(diff, scalarOf(diff, 0))), scalarOf(diff, half), wrapped);
  const correction = ops.select(ops.lt(ops.abs(diff), scalarOf(diff, threshold)), scalarOf(diff, 0), ops.sub(wrapped, diff));
  return ops.concatenate([along(0, 1), ops.add(along(1, n), ops.cumsum(correction, ax))], ax);
}

