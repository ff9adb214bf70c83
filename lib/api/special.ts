/**
 * `special` (scipy.special): the error function and its inverse, the gamma
 * family, `betaln`, `xlogy`/`xlog1py`/`entr`, `logit`/`expit` and
 * `logsumexp`. The normal distribution's `ndtr ndtri logNdtr` are in
 * `normal.ts`, `i0e i1e` in `bessel.ts`. Integer inputs become float64.
 * Accuracy against mpmath is pinned in spec/api/specialAccuracy.spec.ts
 * (a few ulp over each function's domain; see the README's table).
 *
 * @example
 * special.gammaln(0.5);      // array(0.5723649429247001)
 * special.xlogy(0, 0);       // array(0)
 * special.logit(0.25);       // array(-1.0986122886681098)
 */
import * as ops from "../core/ops.ts";
import { axisArgOrThrow, optionsOrThrow, showValue, toTensor } from "../core/convert.ts";
import { ArgumentError, DTypeError, ShapeError } from "../core/errors.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";
import { isFloat } from "../array/dtype.ts";
import { broadcastShapes } from "../array/shape.ts";
import { broadcastOperands, floatOperand, scalarWeakType } from "./promote.ts";
import { axisOf } from "./shape.ts";

const scalarOf = (x: Tensor, v: number) => ops.scalar(v, x.dtype);
const and = (p: Tensor, q: Tensor) => ops.select(p, q, p);
const or = (p: Tensor, q: Tensor) => ops.select(p, p, q);

// the error function

/**
 * The error function (2/√π)∫₀ˣ e^(−t²) dt (fdlibm's approximations, within 1 ulp).
 *
 * @example
 * special.erf([0, 1]); // array([0, 0.8427007929497149])
 */
export const erf = (x: ArrayLike): Tensor => ops.erf(floatOperand(x, "erf"));

/**
 * 1 − erf(x), accurate where it is tiny (x ≫ 1).
 *
 * @example
 * special.erfc([0, 10]); // array([1, 2.088487583762545e-45])
 */
export const erfc = (x: ArrayLike): Tensor => ops.erfc(floatOperand(x, "erfc"));

/**
 * The inverse error function on [−1, 1] (±∞ at ±1, NaN outside); its derivative is (√π/2)·exp(erfinv(x)²).
 *
 * @example
 * special.erfinv([0, 0.5]); // array([0, 0.4769362762044699])
 */
export const erfinv = (x: ArrayLike): Tensor => ops.erfInv(floatOperand(x, "erfinv"));

// the gamma family

/**
 * log|Γ(x)| (+∞ at 0, −1, −2, …); its derivative is `digamma`.
 *
 * @example
 * special.gammaln([0.5, 10]); // array([0.5723649429247001, 12.801827480081469])
 */
export const gammaln = (x: ArrayLike): Tensor => ops.lgamma(floatOperand(x, "gammaln"));

/**
 * ψ(x) = Γ'(x)/Γ(x); its derivative is `polygamma(1, x)`.
 *
 * @example
 * special.digamma([1, 0.5]); // array([-0.5772156649015329, -1.9635100260214235])
 */
export const digamma = (x: ArrayLike): Tensor => ops.digamma(floatOperand(x, "digamma"));

/**
 * ψ⁽ⁿ⁾(x), the n-th derivative of `digamma`, for integer orders n >= 0 (a JS integer or an integer tensor,
 * broadcast against x; NaN for negative orders). Its derivative in x is `polygamma(n + 1, x)`.
 *
 * @example
 * special.polygamma(1, [1, 2]); // array([1.6449340668482264, 0.6449340668482264])
 */
export function polygamma(n: ArrayLike, x: ArrayLike): Tensor {
  if (typeof n === "number" && !(Number.isInteger(n) && n >= 0)) {
    throw new ArgumentError(`polygamma: the order n must be a non-negative integer, got ${showValue(n)}.`);
  }
  const weak = scalarWeakType(n, "polygamma");
  const order = toTensor(n, "polygamma");
  if (weak === "float" || (weak === undefined && isFloat(order.dtype))) {
    throw new DTypeError(`polygamma: the order n must be an integer, got ${showValue(n)}; pass an int32 tensor or a JS integer.`);
  }
  const t = floatOperand(x, "polygamma");
  return ops.polygamma(...broadcastOperands("polygamma", ops.convert(order, t.dtype), t));
}

/** B₂ₖ/(2k(2k − 1)), k = 1…8: Stirling's correction δ(x) = log Γ(x) − ((x − ½)log x − x + ½ log 2π) = Σ c_k/x²ᵏ⁻¹. */
const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400];
const HALF_LOG_2PI = 0.9189385332046728;

/** Stirling's correction δ(x) for x >= 10, to 1e-17. */
function stirlingCorrection(x: Tensor): Tensor {
  const z = ops.div(scalarOf(x, 1), ops.mul(x, x));
  let sum: Tensor = ops.broadcastTo(scalarOf(x, STIRLING[STIRLING.length - 1]), x.shape);
  for (let k = STIRLING.length - 2; k >= 0; k--) sum = ops.addScalar(ops.mul(sum, z), STIRLING[k]);
  return ops.div(sum, x);
}

/**
 * log|B(a, b)| = log|Γ(a)Γ(b)/Γ(a + b)|. Large gamma values are never subtracted: with b the larger argument
 * (0 <= a), b is first raised to b + n >= 10 by B(a, b) = B(a, b + n)·Π (a + b + k)/(b + k), whose logs are
 * log1p(a/(b + k)); then Stirling's series is rearranged so its leading terms cancel analytically (log1p of the
 * ratio of the arguments), as in TOMS 708. Negative arguments take lgamma(a) + lgamma(b) − lgamma(a + b).
 * Within a few ulp of mpmath where |betaln| >= 1, and 4e-15 absolute next to its zeros; scipy's loses half its
 * digits for large arguments (`betaln(1, 1e10)` only to 1e-6).
 *
 * @example
 * special.betaln(1, 1e10); // array(-23.025850929940457)
 */
export function betaln(a: ArrayLike, b: ArrayLike): Tensor {
  const [x, y] = broadcastOperands("betaln", a, b, "float");
  // ordered by a select, not min/max (whose tie-splitting derivatives would be wrong at a = b for second order)
  const swap = ops.gt(x, y);
  const lo = ops.select(swap, y, x);
  const hi = ops.select(swap, x, y);
  const ten = scalarOf(lo, 10);
  const zero = scalarOf(lo, 0);
  const negative = ops.lt(lo, zero);
  const bothLarge = ops.ge(lo, ten);
  // each branch sees only arguments inside its own range (10 or 1 for the others' elements), so the
  // branches not taken stay finite and pass zero, not NaN, cotangents through the selects
  const pick = (mask: Tensor, v: Tensor, fallback: number) => ops.select(mask, v, scalarOf(v, fallback));
  // a negative argument: lgamma(a) + lgamma(b) − lgamma(a + b)
  const la = pick(negative, lo, 1);
  const ha = pick(negative, hi, 1);
  const direct = ops.sub(ops.add(ops.lgamma(la), ops.lgamma(ha)), ops.lgamma(ops.add(la, ha)));
  // 0 <= lo < 10: hi raised by n steps to hs >= 10, collecting log1p(lo/(hi + k)), then
  // lgamma(lo) − (hs − ½)·log1p(lo/hs) − lo·log(lo + hs) + lo + δ(hs) − δ(lo + hs)
  const mixedMask = ops.select(negative, ops.ne(lo, lo), ops.lt(lo, ten));
  const lb = pick(mixedMask, lo, 1);
  let hs = pick(mixedMask, hi, 10);
  let raised: Tensor = ops.zerosLike(lb);
  for (let k = 0; k < 10; k++) {
    const below = ops.lt(hs, ten);
    raised = ops.add(raised, ops.select(below, ops.log1p(ops.div(lb, hs)), zero));
    hs = ops.select(below, ops.addScalar(hs, 1), hs);
  }
  const sumB = ops.add(lb, hs);
  const mixed = ops.add(
    ops.add(ops.sub(ops.lgamma(lb), ops.mul(ops.addScalar(hs, -0.5), ops.log1p(ops.div(lb, hs)))), raised),
    ops.add(ops.sub(lb, ops.mul(lb, ops.log(sumB))), ops.sub(stirlingCorrection(hs), stirlingCorrection(sumB))),
  );
  // both >= 10: ½log 2π − ½log hi − (lo − ½)·log1p(hi/lo) − hi·log1p(lo/hi) + δ(lo) + δ(hi) − δ(lo + hi)
  const lc = pick(bothLarge, lo, 10);
  const hc = pick(bothLarge, hi, 10);
  const large = ops.add(
    ops.sub(
      ops.sub(ops.addScalar(ops.mulScalar(ops.log(hc), -0.5), HALF_LOG_2PI), ops.mul(ops.addScalar(lc, -0.5), ops.log1p(ops.div(hc, lc)))),
      ops.mul(hc, ops.log1p(ops.div(lc, hc))),
    ),
    ops.sub(ops.add(stirlingCorrection(lc), stirlingCorrection(hc)), stirlingCorrection(ops.add(lc, hc))),
  );
  return ops.select(negative, direct, ops.select(bothLarge, large, mixed));
}

// x·log y and entropy

/** x·f(y') where y' is y except where x = 0 and f(y) is not finite (there 0·f(y) is 0); −0 results become 0. */
function xTimes(op: string, x1: ArrayLike, x2: ArrayLike, f: (y: Tensor) => Tensor, outside: (y: Tensor) => Tensor, neutral: number): Tensor {
  const [x, y] = broadcastOperands(op, x1, x2, "float");
  const xZero = ops.eq(x, scalarOf(x, 0));
  const safeY = ops.select(and(xZero, outside(y)), scalarOf(y, neutral), y);
  const product = ops.mul(x, f(safeY));
  return ops.select(xZero, ops.add(product, scalarOf(product, 0)), product);
}

/**
 * x·log(y), with 0 where x = 0 (unless y is NaN), so 0·log 0 = 0. Its derivative is log(y) in x (at x = 0 too,
 * as JAX's rule) and x/y in y; at x = y = 0 both are 0.
 *
 * @example
 * special.xlogy([0, 2], [0, 3]); // array([0, 2.1972245773362196])
 */
export function xlogy(x: ArrayLike, y: ArrayLike): Tensor {
  return xTimes("xlogy", x, y, ops.log, (v) => or(ops.le(v, scalarOf(v, 0)), ops.eq(v, scalarOf(v, Infinity))), 1);
}

/**
 * x·log(1 + y), with 0 where x = 0 (unless y is NaN); derivatives as `xlogy`'s.
 *
 * @example
 * special.xlog1py([0, 2], [-1, 1e-20]); // array([0, 2e-20])
 */
export function xlog1py(x: ArrayLike, y: ArrayLike): Tensor {
  return xTimes("xlog1py", x, y, ops.log1p, (v) => or(ops.le(v, scalarOf(v, -1)), ops.eq(v, scalarOf(v, Infinity))), 0);
}

/**
 * The entropy term −x·log x for x > 0, 0 at 0 and −∞ for x < 0; its derivative is −(log x + 1) (0 at 0).
 *
 * @example
 * special.entr([0, 0.5, 1]); // array([0, 0.34657359027997264, -0])
 */
export function entr(x: ArrayLike): Tensor {
  const t = floatOperand(x, "entr");
  const value = ops.neg(xlogy(t, t));
  const zero = scalarOf(t, 0);
  return ops.select(ops.lt(t, zero), scalarOf(t, -Infinity), ops.select(ops.eq(t, zero), zero, value));
}

// the logistic function

/**
 * log(p/(1 − p)): log1p((2p − 1)/(1 − p)) on [¼, ¾] (accurate near its root at ½), log p − log1p(−p)
 * outside; ∓∞ at 0 and 1, NaN outside [0, 1]. Its derivative is 1/(p(1 − p)).
 *
 * @example
 * special.logit([0.25, 0.5]); // array([-1.0986122886681098, 0])
 */
export function logit(p: ArrayLike): Tensor {
  const t = floatOperand(p, "logit");
  const middle = ops.le(ops.abs(ops.addScalar(t, -0.5)), scalarOf(t, 0.25));
  const m = ops.select(middle, t, scalarOf(t, 0.5));
  const o = ops.select(middle, scalarOf(t, 0.1), t);
  const near = ops.log1p(ops.div(ops.addScalar(ops.mulScalar(m, 2), -1), ops.sub(scalarOf(m, 1), m)));
  const far = ops.sub(ops.log(o), ops.log1p(ops.neg(o)));
  return ops.select(middle, near, far);
}

/**
 * The logistic function 1/(1 + e⁻ˣ) (`nn.sigmoid`).
 *
 * @example
 * special.expit([0, 800]); // array([0.5, 1])
 */
export const expit = (x: ArrayLike): Tensor => ops.logistic(floatOperand(x, "expit"));

// logsumexp

/**
 * log Σ b·eᵃ over `axis` (all axes by default), shifted by the maximum so nothing overflows. With
 * `returnSign` it returns `[log|Σ b·eᵃ|, sign]`; without it a negative sum gives NaN (scipy's convention).
 * Elements with b = 0 are left out of the maximum.
 *
 * @example
 * special.logsumexp([1, 2, 3]);                            // array(3.4076059644443806)
 * special.logsumexp([1, 2], null, { b: [1, -1], returnSign: true }); // [array(1.5413248546129181), array(-1)]
 */
export function logsumexp(
  a: ArrayLike,
  axis?: number | readonly number[] | null,
  options?: { b?: ArrayLike; keepdims?: boolean; returnSign?: boolean },
): Tensor | [Tensor, Tensor] {
  const { b, keepdims = false, returnSign = false } = optionsOrThrow<NonNullable<typeof options>>("logsumexp", options, ["b", "keepdims", "returnSign"]);
  if (typeof keepdims !== "boolean") throw new ArgumentError(`logsumexp: keepdims must be a boolean, got ${showValue(keepdims)}.`);
  if (typeof returnSign !== "boolean") throw new ArgumentError(`logsumexp: returnSign must be a boolean, got ${showValue(returnSign)}.`);
  let x: Tensor;
  let weights: Tensor | null = null;
  if (b === undefined || b === null) x = floatOperand(a, "logsumexp");
  else {
    const [pa, pb] = broadcastOperands("logsumexp", a, b as ArrayLike, "float");
    const shape = broadcastShapes(pa.shape, pb.shape);
    if (shape === null) throw new ShapeError(`logsumexp: cannot broadcast a ${pa.dtype}[${pa.shape}] with b ${pb.dtype}[${pb.shape}].`);
    weights = ops.broadcastTo(pb, shape);
    x = ops.select(ops.ne(weights, scalarOf(pb, 0)), ops.broadcastTo(pa, shape), scalarOf(pa, -Infinity));
  }
  axisArgOrThrow("logsumexp", axis);
  const axes =
    axis === null || axis === undefined
      ? x.shape.map((_, i) => i)
      : (typeof axis === "number" ? [axis] : [...axis]).map((ax) => axisOf("logsumexp", ax, x.ndim, x)).sort((p, q) => p - q);
  const kept = ops.keptAxes(x.ndim, axes);
  const rawMax = ops.reduceMax(x, axes);
  // the shift carries no gradient, and an infinite maximum shifts by 0
  const shift = ops.stopGradient(ops.select(ops.isFinite(rawMax), rawMax, scalarOf(x, 0)));
  let terms = ops.exp(ops.sub(x, ops.broadcastInDim(shift, x.shape, kept)));
  if (weights !== null) terms = ops.mul(terms, weights);
  const total = ops.reduceSum(terms, axes);
  const sign = ops.stopGradient(ops.sign(total));
  let out = ops.add(ops.log(weights === null ? total : ops.abs(total)), shift);
  const reshape = (t: Tensor) => (keepdims ? ops.reshape(t, x.shape.map((d, i) => (axes.includes(i) ? 1 : d))) : t);
  if (returnSign) {
    // sign 1, 0 where the sum is 0 (log gives −∞), NaN where it is NaN
    const s = ops.select(ops.ne(out, out), out, ops.select(ops.eq(total, scalarOf(total, 0)), scalarOf(total, 0), weights === null ? scalarOf(total, 1) : sign));
    return [reshape(out), reshape(s)];
  }
  if (weights !== null) out = ops.select(ops.lt(sign, scalarOf(sign, 0)), scalarOf(out, NaN), out);
  return reshape(out);
}
