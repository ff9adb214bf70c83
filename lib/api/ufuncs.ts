/**
 * Elementwise math of `np` beyond the basics of `math.ts`: reciprocals and
 * roots, base-2 and base-10 exponentials and logarithms, `logaddexp`,
 * trigonometric and hyperbolic functions and their inverses (with numpy 2's
 * short aliases), `hypot`, `sinc` and angle conversions. Integer inputs
 * become float64, as numpy's ufuncs do; each function is a primitive or a
 * short composition of primitives, so it differentiates, batches and fuses.
 *
 * @example
 * np.arcsinh(np.array([0, 1]));   // array([0, 0.881373587019543])
 * np.logaddexp(1000, 1000);       // array(1000.6931471805599)
 */
import * as ops from "../core/ops.ts";
import { toTensor } from "../core/convert.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";
import { broadcastOperands, floatOperand } from "./promote.ts";

const scalarOf = (x: Tensor, v: number) => ops.scalar(v, x.dtype);

// arithmetic

/**
 * 1/x in a float dtype (integers give float64, as `jnp.reciprocal`; numpy's integer reciprocal truncates).
 *
 * @example
 * np.reciprocal([1, 2, 4]); // array([1, 0.5, 0.25])
 */
export function reciprocal(x: ArrayLike): Tensor {
  const t = floatOperand(x, "reciprocal");
  return ops.div(scalarOf(t, 1), t);
}

/**
 * +x: the value itself (as a tensor), any dtype.
 *
 * @example
 * np.positive([-1, 2]); // array([-1, 2])
 */
export function positive(x: ArrayLike): Tensor {
  return toTensor(x, "positive");
}

/**
 * The real cube root ∛x (negative for negative x).
 *
 * @example
 * np.cbrt([-8, 27]); // array([-2, 3])
 */
export const cbrt = (x: ArrayLike): Tensor => ops.cbrt(floatOperand(x, "cbrt"));

/**
 * 2ˣ, exact at integers.
 *
 * @example
 * np.exp2([-1, 10]); // array([0.5, 1024])
 */
export const exp2 = (x: ArrayLike): Tensor => ops.exp2(floatOperand(x, "exp2"));

/**
 * log₂x, exact at powers of 2.
 *
 * @example
 * np.log2([0.25, 8]); // array([-2, 3])
 */
export const log2 = (x: ArrayLike): Tensor => ops.log2(floatOperand(x, "log2"));

/**
 * log₁₀x, exact at powers of 10.
 *
 * @example
 * np.log10([0.01, 1000]); // array([-2, 3])
 */
export const log10 = (x: ArrayLike): Tensor => ops.log10(floatOperand(x, "log10"));

/**
 * log_base(base^a + base^b) as the larger plus log1p(base^−|a − b|)/log(base), chosen by a select between two
 * expressions of the same analytic function (not max and |·|, whose kinks at a = b would make the second
 * derivative wrong there).
 */
function logAddExpBase(op: string, a: ArrayLike, b: ArrayLike, power: (x: Tensor) => Tensor, logBase: number): Tensor {
  const [x, y] = broadcastOperands(op, a, b, "float");
  const delta = ops.sub(x, y);
  // infinities of one sign (or a NaN) give a NaN delta: x + y is the answer there; each branch sees a finite
  // delta of its own sign (0 otherwise), so the unselected ones pass zero, not NaN, cotangents
  const undefinedDelta = ops.ne(delta, delta);
  const zero = scalarOf(delta, 0);
  const xLarger = ops.gt(delta, zero);
  const safe = ops.select(undefinedDelta, zero, delta);
  const tail = (d: Tensor) => {
    const t = ops.log1p(power(d));
    return logBase === 1 ? t : ops.mulScalar(t, 1 / logBase);
  };
  const fromX = ops.add(x, tail(ops.neg(ops.select(xLarger, safe, zero))));
  const fromY = ops.add(y, tail(ops.select(xLarger, zero, safe)));
  return ops.select(undefinedDelta, ops.add(x, y), ops.select(xLarger, fromX, fromY));
}

/**
 * log(eˣ + eʸ) without overflow or underflow. Its derivative is σ(x − y) in x and σ(y − x) in y; at
 * (+∞, +∞) both are 1 (as JAX's), and with one argument +∞ the other's is 0 (JAX's rule gives e^y there).
 *
 * @example
 * np.logaddexp(1000, 1000); // array(1000.6931471805599)
 */
export function logaddexp(a: ArrayLike, b: ArrayLike): Tensor {
  return logAddExpBase("logaddexp", a, b, ops.exp, 1);
}

/**
 * log₂(2ˣ + 2ʸ) without overflow or underflow.
 *
 * @example
 * np.logaddexp2(1, 1); // array(2)
 */
export function logaddexp2(a: ArrayLike, b: ArrayLike): Tensor {
  return logAddExpBase("logaddexp2", a, b, ops.exp2, Math.LN2);
}

// trigonometric and hyperbolic

/**
 * Hyperbolic sine.
 *
 * @example
 * np.sinh([0, 1]); // array([0, 1.1752011936438014])
 */
export const sinh = (x: ArrayLike): Tensor => ops.sinh(floatOperand(x, "sinh"));

/**
 * Hyperbolic cosine.
 *
 * @example
 * np.cosh([0, 1]); // array([1, 1.5430806348152437])
 */
export const cosh = (x: ArrayLike): Tensor => ops.cosh(floatOperand(x, "cosh"));

/**
 * Inverse sine, in [−π/2, π/2] (NaN outside [−1, 1]).
 *
 * @example
 * np.arcsin([0, 1]); // array([0, 1.5707963267948966])
 */
export const arcsin = (x: ArrayLike): Tensor => ops.asin(floatOperand(x, "arcsin"));

/**
 * Inverse cosine, in [0, π] (NaN outside [−1, 1]).
 *
 * @example
 * np.arccos([1, 0]); // array([0, 1.5707963267948966])
 */
export const arccos = (x: ArrayLike): Tensor => ops.acos(floatOperand(x, "arccos"));

/**
 * Inverse hyperbolic sine, accurate near 0 and without overflow for large |x|.
 *
 * @example
 * np.arcsinh([0, 1]); // array([0, 0.881373587019543])
 */
export const arcsinh = (x: ArrayLike): Tensor => ops.asinh(floatOperand(x, "arcsinh"));

/**
 * Inverse hyperbolic cosine (NaN below 1), accurate next to 1.
 *
 * @example
 * np.arccosh([1, 2]); // array([0, 1.3169578969248166])
 */
export const arccosh = (x: ArrayLike): Tensor => ops.acosh(floatOperand(x, "arccosh"));

/**
 * Inverse hyperbolic tangent (±∞ at ±1, NaN outside), accurate near 0.
 *
 * @example
 * np.arctanh([0, 0.5]); // array([0, 0.5493061443340549])
 */
export const arctanh = (x: ArrayLike): Tensor => ops.atanh(floatOperand(x, "arctanh"));

/**
 * The angle of the point (x2, x1) in (−π, π]: `arctan(x1/x2)` in the right quadrant.
 *
 * @example
 * np.arctan2([1, -1], [-1, -1]); // array([2.356194490192345, -2.356194490192345])
 */
export function arctan2(x1: ArrayLike, x2: ArrayLike): Tensor {
  return ops.atan2(...broadcastOperands("arctan2", x1, x2, "float"));
}

/**
 * √(x1² + x2²) without overflow or underflow: max·√(1 + (min/max)²), +∞ where either is infinite (even with a NaN).
 * Its derivative is x/h in each argument (0 at the origin).
 *
 * @example
 * np.hypot(3, 4); // array(5)
 */
export function hypot(x1: ArrayLike, x2: ArrayLike): Tensor {
  const [x, y] = broadcastOperands("hypot", x1, x2, "float");
  const ax = ops.abs(x);
  const ay = ops.abs(y);
  const one = scalarOf(x, 1);
  const zero = scalarOf(x, 0);
  // |x|·√(1 + (y/x)²) where |x| >= |y|, else |y|·√(1 + (x/y)²): one analytic function either way, so the
  // derivatives are right at |x| = |y| (max/min would split them); the other branch gets 1 and 0
  const xLarger = ops.ge(ax, ay);
  const xBig = ops.select(xLarger, ops.select(ops.gt(ax, zero), x, one), one);
  const ySmall = ops.select(xLarger, y, zero);
  const yBig = ops.select(xLarger, one, y);
  const xSmall = ops.select(xLarger, zero, x);
  const scaled = (big: Tensor, small: Tensor) => {
    const r = ops.div(small, big);
    return ops.mul(ops.abs(big), ops.sqrt(ops.add(one, ops.mul(r, r))));
  };
  const finite = ops.select(xLarger, scaled(xBig, ySmall), scaled(yBig, xSmall));
  const inf = scalarOf(x, Infinity);
  const anyInfinite = ops.select(ops.eq(ax, inf), ops.eq(ax, inf), ops.eq(ay, inf));
  const bothZero = ops.select(ops.eq(ax, zero), ops.eq(ay, zero), ops.eq(ax, zero));
  return ops.select(anyInfinite, inf, ops.select(bothZero, zero, finite));
}

/** (−1)ᵏ/(2k + 1)!: sin(y)/y = Σ SINC_SERIES[k]·y²ᵏ, to 1e-17 for |y| <= π/4. */
const SINC_SERIES = Array.from({ length: 10 }, (_, k) => {
  let factorial = 1;
  for (let j = 2; j <= 2 * k + 1; j++) factorial *= j;
  return (k % 2 === 0 ? 1 : -1) / factorial;
});

/**
 * The normalized sinc function sin(πx)/(πx), 1 at 0. Near 0 it is its Taylor polynomial, so every derivative
 * is right there (sinc'(0) = 0, sinc''(0) = −π²/3: what JAX's custom rule gives); elsewhere sin(πx) is taken
 * after reducing x exactly, so it stays accurate for large x and is exactly 0 at the nonzero integers (numpy's
 * sin(πx)/(πx) gives 3.9e-17 at 1).
 *
 * @example
 * np.sinc([0, 0.5, 1]); // array([1, 0.6366197723675814, 0])
 */
export function sinc(x: ArrayLike): Tensor {
  const t = floatOperand(x, "sinc");
  const near = ops.lt(ops.abs(t), scalarOf(t, 0.25));
  // each branch sees only arguments of its own range, so the branch not taken stays finite under grad
  const nearX = ops.select(near, t, scalarOf(t, 0));
  const farX = ops.select(near, scalarOf(t, 1), t);
  const y = ops.mulScalar(nearX, Math.PI);
  const y2 = ops.mul(y, y);
  let series: Tensor = ops.broadcastTo(scalarOf(t, SINC_SERIES[SINC_SERIES.length - 1]), t.shape);
  for (let k = SINC_SERIES.length - 2; k >= 0; k--) series = ops.addScalar(ops.mul(series, y2), SINC_SERIES[k]);
  // sin(πx) = sin(πr) with r = x − 2·round(x/2) in [−1, 1] (exact), folded into [−½, ½] by sin(πr) = sin(π(±1 − r)),
  // so sinc is exactly 0 at the nonzero integers
  const whole = ops.sub(farX, ops.mulScalar(ops.round(ops.mulScalar(farX, 0.5)), 2));
  const r = ops.select(
    ops.gt(whole, scalarOf(t, 0.5)),
    ops.sub(scalarOf(t, 1), whole),
    ops.select(ops.lt(whole, scalarOf(t, -0.5)), ops.sub(scalarOf(t, -1), whole), whole),
  );
  const far = ops.div(ops.sin(ops.mulScalar(r, Math.PI)), ops.mulScalar(farX, Math.PI));
  return ops.select(near, series, far);
}

// angles

/**
 * Degrees to radians, x·π/180.
 *
 * @example
 * np.deg2rad([180, 90]); // array([3.141592653589793, 1.5707963267948966])
 */
export const deg2rad = (x: ArrayLike): Tensor => ops.mulScalar(floatOperand(x, "deg2rad"), Math.PI / 180);

/**
 * Radians to degrees, x·180/π.
 *
 * @example
 * np.rad2deg([Math.PI]); // array([180])
 */
export const rad2deg = (x: ArrayLike): Tensor => ops.mulScalar(floatOperand(x, "rad2deg"), 180 / Math.PI);
