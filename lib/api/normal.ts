/**
 * The standard normal distribution of `special`: `ndtr` (its CDF Φ),
 * `logNdtr` (log Φ) and `ndtri` (Φ⁻¹), compositions of primitives computed
 * in float64 (float32 inputs are rounded once at the end).
 *
 * - `ndtr(x) = ½·erfc(−x/√2)`, where −x/√2 is carried as a double plus its
 *   rounding error (Dekker's exact product, and the error of the constant
 *   1/√2) and erfc takes the first-order correction −(2/√π)e^(−u²)·δ. scipy's
 *   ndtr rounds the argument and loses ~2u² ulp (hundreds in the far tail);
 *   this one stays within a few ulp down to the underflow at x ≈ −38.
 * - `logNdtr`: log1p(−Φ(−x)) above −1, log Φ(x) down to −20, and the
 *   asymptotic series −x²/2 − log(−x) − ½log 2π + log(1 − 1/x² + 3/x⁴ − …)
 *   below, so it is finite and smooth far into both tails.
 * - `ndtri`: Cephes' rational approximations (the ones JAX uses), then in the
 *   tails (p < e⁻²) one Newton step on log Φ(x) = log p, which makes the
 *   value accurate and the derivative exactly 1/φ(x) up to rounding.
 *
 * @example
 * special.ndtr(-30);    // array(4.906713927148187e-198)
 * special.logNdtr(-40); // array(-804.6084420137538)
 * special.ndtri(0.975); // array(1.959963984540054)
 */
import * as ops from "../core/ops.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";
import { floatOperand } from "./promote.ts";

const f64 = (v: number) => ops.scalar(v, "float64");

/** 1/√2 = SQRT1_2 + SQRT1_2_LO (mpmath). */
const SQRT1_2_LO = -4.833646656726457e-17;
/** SQRT1_2 = SPLIT_HI + SPLIT_LO with 26-bit halves (Dekker's split, exact). */
const SPLIT = 134217729; // 2^27 + 1
const SPLIT_HI = Math.SQRT1_2 * SPLIT - (Math.SQRT1_2 * SPLIT - Math.SQRT1_2);
const SPLIT_LO = Math.SQRT1_2 - SPLIT_HI;
const TWO_OVER_SQRT_PI = 1.1283791670955126;
const HALF_LOG_2PI = 0.9189385332046728;

/** `f` on x in float64, the result in x's dtype. */
function inFloat64(op: string, x: ArrayLike, f: (t: Tensor) => Tensor): Tensor {
  const t = floatOperand(x, op);
  return ops.convert(f(ops.convert(t, "float64")), t.dtype);
}

/** Φ(x) of a float64 tensor. */
function ndtrOf(x: Tensor): Tensor {
  // u = −x·SQRT1_2 rounded; the exact −x/√2 is u + δ
  const product = ops.mulScalar(x, Math.SQRT1_2);
  const u = ops.neg(product);
  // δ from x clamped to ±64 (beyond, e^(−u²) is 0 and the correction vanishes): no overflow in the split
  const xc = ops.stopGradient(ops.min(ops.max(x, f64(-64)), f64(64)));
  const pc = ops.mulScalar(xc, Math.SQRT1_2);
  const scaled = ops.mulScalar(xc, SPLIT);
  const xHi = ops.sub(scaled, ops.sub(scaled, xc));
  const xLo = ops.sub(xc, xHi);
  // Dekker: xc·SQRT1_2 − pc, exactly
  const productError = ops.add(
    ops.add(ops.add(ops.sub(ops.mulScalar(xHi, SPLIT_HI), pc), ops.mulScalar(xHi, SPLIT_LO)), ops.mulScalar(xLo, SPLIT_HI)),
    ops.mulScalar(xLo, SPLIT_LO),
  );
  const delta = ops.stopGradient(ops.neg(ops.add(productError, ops.mulScalar(xc, SQRT1_2_LO))));
  // erfc(u + δ) = erfc(u) − (2/√π)·e^(−u²)·δ to first order (δ is ~1e-16·|u|)
  const correction = ops.mul(ops.mulScalar(ops.exp(ops.neg(ops.mul(u, u))), TWO_OVER_SQRT_PI), delta);
  return ops.mulScalar(ops.sub(ops.erfc(u), correction), 0.5);
}

/**
 * The standard normal CDF Φ(x) = ½·erfc(−x/√2), accurate to a few ulp into the far lower tail.
 *
 * @example
 * special.ndtr([0, 1.959963984540054]); // array([0.5, 0.975])
 */
export function ndtr(x: ArrayLike): Tensor {
  return inFloat64("ndtr", x, ndtrOf);
}

/** (−1)ⁿ(2n − 1)!!, n = 1…12: Φ(x) ~ φ(x)/(−x)·(1 + Σ ASYMPTOTIC[n−1]/x²ⁿ) as x → −∞. */
const ASYMPTOTIC = Array.from({ length: 12 }, (_, i) => {
  let doubleFactorial = 1;
  for (let j = 2 * i + 1; j > 1; j -= 2) doubleFactorial *= j;
  return (i % 2 === 0 ? -1 : 1) * doubleFactorial;
});

/** log Φ(x) of a float64 tensor. */
function logNdtrOf(x: Tensor): Tensor {
  const upper = ops.gt(x, f64(-1));
  const lower = ops.le(x, f64(-20));
  // each branch sees only arguments of its own range, so the unselected ones stay finite under grad
  const a = ops.select(upper, x, f64(0));
  const b = ops.select(ops.select(upper, upper, lower), f64(-5), x);
  const c = ops.select(lower, x, f64(-30));
  const fromAbove = ops.log1p(ops.neg(ndtrOf(ops.neg(a))));
  const direct = ops.log(ndtrOf(b));
  const z = ops.div(f64(1), ops.mul(c, c));
  let series: Tensor = ops.broadcastTo(f64(ASYMPTOTIC[ASYMPTOTIC.length - 1]), c.shape);
  for (let n = ASYMPTOTIC.length - 2; n >= 0; n--) series = ops.addScalar(ops.mul(series, z), ASYMPTOTIC[n]);
  const asymptotic = ops.add(
    ops.sub(ops.addScalar(ops.mulScalar(ops.mul(c, c), -0.5), -HALF_LOG_2PI), ops.log(ops.neg(c))),
    ops.log1p(ops.mul(series, z)),
  );
  return ops.select(upper, fromAbove, ops.select(lower, asymptotic, direct));
}

/**
 * log Φ(x), finite and accurate far into both tails (−x²/2 − log(−x) − ½log 2π + … for x → −∞, −Φ(−x) for
 * x → ∞). Its derivative φ(x)/Φ(x) is accurate there too.
 *
 * @example
 * special.logNdtr([-40, 0, 10]); // array([-804.6084420137538, -0.6931471805599453, -7.619853024160527e-24])
 */
export function logNdtr(x: ArrayLike): Tensor {
  return inFloat64("logNdtr", x, logNdtrOf);
}

// Cephes' ndtri coefficients, highest degree first (Q's leading 1 included)
const P0 = [-5.99633501014107895267e1, 9.80010754185999661536e1, -5.66762857469070293439e1, 1.39312609387279679503e1, -1.23916583867381258016e0];
const Q0 = [
  1, 1.95448858338141759834e0, 4.67627912898881538453e0, 8.63602421390890590575e1, -2.25462687854119370527e2, 2.00260212380060660359e2,
  -8.20372256168333339912e1, 1.59056225126211695515e1, -1.18331621121330003142e0,
];
const P1 = [
  4.05544892305962419923e0, 3.15251094599893866154e1, 5.71628192246421288162e1, 4.408050738932008347e1, 1.46849561928858024014e1,
  2.18663306850790267539e0, -1.40256079171354495875e-1, -3.50424626827848203418e-2, -8.57456785154685413611e-4,
];
const Q1 = [
  1, 1.57799883256466749731e1, 4.53907635128879210584e1, 4.1317203825467203044e1, 1.50425385692907503408e1, 2.50464946208309415979e0,
  -1.42182922854787788574e-1, -3.80806407691578277194e-2, -9.33259480895457427372e-4,
];
const P2 = [
  3.2377489177694603597e0, 6.91522889068984211695e0, 3.93881025292474443415e0, 1.33303460815807542389e0, 2.01485389549179081538e-1,
  1.23716634817820021358e-2, 3.01581553508235416007e-4, 2.65806974686737550832e-6, 6.2397453918498329373e-9,
];
const Q2 = [
  1, 6.02427039364742014255e0, 3.67983563856160859403e0, 1.37702099489081330271e0, 2.1623699359449663589e-1, 1.34204006088543189037e-2,
  3.28014464682127739104e-4, 2.89247864745380683936e-6, 6.79019408009981274425e-9,
];

/** Σ c[k]·z^(n−k), Horner's rule. */
function polynomial(coefficients: readonly number[], z: Tensor): Tensor {
  let s: Tensor = ops.broadcastTo(f64(coefficients[0]), z.shape);
  for (let k = 1; k < coefficients.length; k++) s = ops.addScalar(ops.mul(s, z), coefficients[k]);
  return s;
}

const EXP_MINUS_2 = 0.1353352832366127;

/** Φ⁻¹(q) of a float64 tensor with 0 < q <= ½ (Cephes, then a Newton step in the tail). */
function lowerNdtri(q: Tensor): Tensor {
  const central = ops.gt(q, f64(EXP_MINUS_2));
  // central: x = (w + w³·P0(w²)/Q0(w²))·√(2π), w = q − ½
  const w = ops.addScalar(ops.select(central, q, f64(0.5)), -0.5);
  const w2 = ops.mul(w, w);
  const middle = ops.mulScalar(ops.add(w, ops.mul(w, ops.div(ops.mul(w2, polynomial(P0, w2)), polynomial(Q0, w2)))), Math.sqrt(2 * Math.PI));
  // tail: x = −(z − log(z)/z − P(1/z)/(z·Q(1/z))), z = √(−2 log q)
  const tq = ops.select(central, f64(EXP_MINUS_2 / 2), q);
  const z = ops.sqrt(ops.mulScalar(ops.log(tq), -2));
  const inv = ops.div(f64(1), z);
  const far = ops.ge(z, f64(8));
  const rational = ops.select(far, ops.div(polynomial(P2, inv), polynomial(Q2, inv)), ops.div(polynomial(P1, inv), polynomial(Q1, inv)));
  const x0 = ops.neg(ops.sub(ops.sub(z, ops.div(ops.log(z), z)), ops.mul(rational, inv)));
  // Newton on g(x) = log Φ(x) − log q: x − g(x)·Φ(x)/φ(x), with Φ/φ = exp(log Φ − log φ)
  const logCdf = logNdtrOf(x0);
  const logPdf = ops.addScalar(ops.mulScalar(ops.mul(x0, x0), -0.5), -HALF_LOG_2PI);
  const tail = ops.sub(x0, ops.mul(ops.sub(logCdf, ops.log(tq)), ops.exp(ops.sub(logCdf, logPdf))));
  return ops.select(central, middle, tail);
}

/** Φ⁻¹(p) of a float64 tensor. */
function ndtriOf(p: Tensor): Tensor {
  const upperHalf = ops.gt(p, f64(0.5));
  // 1 − p is exact for p >= ½
  const q = ops.select(upperHalf, ops.sub(f64(1), p), p);
  const x = lowerNdtri(ops.select(ops.gt(q, f64(0)), q, f64(0.5)));
  const signed = ops.select(upperHalf, ops.neg(x), x);
  // 0 → −∞, 1 → +∞, outside [0, 1] (or NaN) → NaN
  const edges = ops.select(ops.eq(p, f64(0)), f64(-Infinity), ops.select(ops.eq(p, f64(1)), f64(Infinity), f64(NaN)));
  const valid = ops.select(ops.gt(p, f64(0)), ops.lt(p, f64(1)), ops.gt(p, f64(0)));
  return ops.select(valid, signed, edges);
}

/**
 * The inverse of `ndtr`: the x with Φ(x) = p (−∞ at 0, +∞ at 1, NaN outside [0, 1]); its derivative is
 * √(2π)·e^(x²/2).
 *
 * @example
 * special.ndtri([0.5, 0.975, 1e-300]); // array([0, 1.959963984540054, -37.0470962993612])
 */
export function ndtri(p: ArrayLike): Tensor {
  return inFloat64("ndtri", p, ndtriOf);
}
