/**
 * The gamma family on plain JS numbers: `lgamma(x) = log|Γ(x)|`, the digamma
 * function `ψ = Γ'/Γ` and the polygamma functions `ψ⁽ᵐ⁾`. The kernels of the
 * `lgamma`, `digamma` and `polygamma` primitives call these by name, eagerly
 * and in fused loops alike.
 *
 * The methods (coefficients computed with mpmath at 50 digits):
 * - lgamma: on [0.5, 2.5) the Taylor series of log Γ(2 + t) in t = x − 2 or
 *   x − 1 (both exact), whose coefficients are (−1)ᵏ(ζ(k) − 1)/k, with
 *   log Γ(x) = log Γ(x + 1) − log x below; the recurrence down to [1.5, 2.5)
 *   below 10; Stirling's series above; reflection for x < 0.
 * - digamma: the Taylor series of ψ about its positive root x₀ ≈ 1.4616
 *   (coefficients (−1)ᵏ⁺¹ζ(k + 1, x₀)), in t = x − x₀ with x₀ split into two
 *   doubles, so ψ keeps its relative accuracy next to the root; the
 *   recurrence ψ(x + 1) = ψ(x) + 1/x onto [x₀ − ½, x₀ + ½); the asymptotic
 *   series above 10; reflection ψ(1 − x) − π cot(πx) for x < 0.
 * - polygamma (m ≥ 1): (−1)ᵐ⁺¹ m! ζ(m + 1, x), the Hurwitz zeta function
 *   summed directly up to x + N ≥ 10 + m and by Euler–Maclaurin beyond;
 *   reflection for x < 0 through the m-th derivative of cot, a polynomial in cot.
 *
 * Against mpmath (spec/kernels/gamma.spec.ts pins the values): lgamma and
 * digamma within 4 ulp for x > 0 (the relative accuracy of any method is lost
 * next to their negative roots), trigamma within 4 ulp.
 *
 * @example
 * lgamma(0.5);      // 0.5723649429247001 (log √π)
 * digamma(1);       // -0.5772156649015329 (−γ)
 * polygamma(1, 1);  // 1.6449340668482264 (π²/6)
 */

const HALF_LOG_2PI = 0.9189385332046728;
const LOG_PI = 1.1447298858494002;

/** log Γ(2 + t) = Σₖ LGAMMA_AT_2[k−1]·tᵏ: (1 − γ), then (−1)ᵏ(ζ(k) − 1)/k; 28 terms reach 1e-17 relative for |t| <= ½. */
const LGAMMA_AT_2 = [
  0.42278433509846713, 0.3224670334241132, -0.0673523010531981, 0.020580808427784546, -0.007385551028673986,
  0.0028905103307415234, -0.001192753911703261, 0.0005096695247430425, -0.00022315475845357939, 9.945751278180853e-5,
  -4.492623673813314e-5, 2.050721277567069e-5, -9.439488275268397e-6, 4.374866789907488e-6, -2.039215753801366e-6,
  9.55141213040742e-7, -4.492469198764566e-7, 2.1207184805554665e-7, -1.0043224823968099e-7, 4.7698101693639804e-8,
  -2.2711094608943164e-8, 1.0838659214896955e-8, -5.183475041970047e-9, 2.4836745438024785e-9, -1.1921401405860912e-9,
  5.731367241678862e-10, -2.7595228851242334e-10, 1.330476437424449e-10, -6.4229645638381e-11, 3.1044247747322276e-11,
];

/** The positive root of ψ, x₀ = ROOT_HI + ROOT_LO, and x₀ − 1 the same way. */
const ROOT_HI = 1.4616321449683622;
const ROOT_LO = 9.549995429965697e-17;
const ROOT_M1_HI = 0.46163214496836236;
const ROOT_M1_LO = -1.5522348162858677e-17;

/** ψ(x₀ + t) = Σₖ PSI_AT_ROOT[k−1]·tᵏ, the k-th being (−1)ᵏ⁺¹ζ(k + 1, x₀); 38 terms reach 1e-17 relative for |t| <= ½. */
const PSI_AT_ROOT = [
  0.9676722454476212, -0.4427631689835921, 0.258499760955651, -0.16394270544240652, 0.10782405069126237,
  -0.07219956125645471, 0.04880428816414311, -0.03316112647484736, 0.022597648232218104, -0.01542476590494896,
  0.010538791616612175, -0.007204534386356869, 0.004926781395729853, -0.003369801655439328, 0.002305126326734928,
  -0.0015769367714301972, 0.0010788252019162967, -0.0007380709389960052, 0.000504953265834602, -0.0003454680251063077,
  0.00023635601564027053, -0.00016170622091974803, 0.0001106337276874741, -7.569179582195066e-5, 5.178575795222081e-5,
  -3.5430070947659604e-5, 2.424006611860132e-5, -1.6584242271854135e-5, 1.134638458466385e-5, -7.762817668462094e-6,
  5.3110609208898636e-6, -3.6336507898010456e-6, 2.486022733129538e-6, -1.7008538854332607e-6, 1.1636675363548843e-6,
  -7.96142543124197e-7, 5.446941930669446e-7, -3.7266161283438227e-7,
];

/** The Bernoulli numbers B₂, B₄, …, B₂₀. */
const BERNOULLI = [1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510, 43867 / 798, -174611 / 330];

/** B₂ₖ/(2k(2k − 1)): Stirling's series log Γ(x) − ((x − ½) log x − x + ½ log 2π) = Σ STIRLING[k−1]/x²ᵏ⁻¹. */
const STIRLING = BERNOULLI.slice(0, 8).map((b, i) => b / ((2 * i + 2) * (2 * i + 1)));

/** B₂ₖ/(2k): ψ(x) ~ log x − 1/(2x) − Σ DIGAMMA_SERIES[k−1]/x²ᵏ. */
const DIGAMMA_SERIES = BERNOULLI.slice(0, 8).map((b, i) => b / (2 * i + 2));

/** B₂ₖ/(2k)!: the Euler–Maclaurin coefficients of the Hurwitz zeta tail. */
const EULER_MACLAURIN = BERNOULLI.map((b, i) => {
  let factorial = 1;
  for (let j = 2; j <= 2 * i + 2; j++) factorial *= j;
  return b / factorial;
});

// helpers

/** Σₖ c[k−1]·tᵏ (no constant term), by Horner's rule. */
function seriesAt(c: readonly number[], t: number): number {
  let s = c[c.length - 1];
  for (let i = c.length - 2; i >= 0; i--) s = s * t + c[i];
  return s * t;
}

/** Σₖ c[k−1]·zᵏ⁻¹ (a polynomial in z), by Horner's rule. */
function polynomial(c: readonly number[], z: number): number {
  let s = c[c.length - 1];
  for (let i = c.length - 2; i >= 0; i--) s = s * z + c[i];
  return s;
}

/** sin(πx), with the argument reduced exactly first (x − 2·round(x/2) is exact), so it is accurate for large |x|. */
export function sinpi(x: number): number {
  let r = x - 2 * Math.round(x / 2); // in [−1, 1]
  if (r > 0.5) r = 1 - r;
  else if (r < -0.5) r = -1 - r;
  return Math.sin(Math.PI * r);
}

/** tan(πx) (period 1), from the exactly reduced r = x − round(x). */
function tanpi(x: number): number {
  return Math.tan(Math.PI * (x - Math.round(x)));
}

// log|Γ(x)|

/** log Γ(x) for x > 0. */
function lgammaPositive(x: number): number {
  // Γ(x) = Γ(x + 2)/(x(x + 1)); the series is in t = x itself
  if (x < 0.5) return seriesAt(LGAMMA_AT_2, x) - Math.log(x) - Math.log1p(x);
  // Γ(x) = Γ(x + 1)/x with t = x − 1 (exact)
  if (x < 1.5) return seriesAt(LGAMMA_AT_2, x - 1) - Math.log1p(x - 1);
  if (x < 2.5) return seriesAt(LGAMMA_AT_2, x - 2);
  if (x < 10) {
    // Γ(x) = (x − 1)(x − 2)…(x − n)·Γ(x − n); each x − k is exact
    let product = 1;
    while (x >= 2.5) {
      x -= 1;
      product *= x;
    }
    return seriesAt(LGAMMA_AT_2, x - 2) + Math.log(product);
  }
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + polynomial(STIRLING, 1 / (x * x)) / x;
}

/** log|Γ(x)| (scipy's `gammaln`): +∞ at the poles 0, −1, −2, … and at ±∞; NaN for NaN. */
export function lgamma(x: number): number {
  if (x !== x) return x;
  if (x > 0) return x === Infinity ? x : lgammaPositive(x);
  if (x === Math.floor(x)) return Infinity;
  // |Γ(x)Γ(1 − x)| = π/|sin πx|
  return LOG_PI - Math.log(Math.abs(sinpi(x))) - lgammaPositive(1 - x);
}

// ψ(x)

/** ψ(x) for x > 0. */
function digammaPositive(x: number): number {
  // ψ(x) = ψ(x + 1) − 1/x, with x + 1 − x₀ = x − (x₀ − 1)
  if (x < ROOT_HI - 0.5) return seriesAt(PSI_AT_ROOT, x - ROOT_M1_HI - ROOT_M1_LO) - 1 / x;
  if (x < ROOT_HI + 0.5) return seriesAt(PSI_AT_ROOT, x - ROOT_HI - ROOT_LO);
  if (x < 10) {
    // ψ(x) = ψ(x − n) + Σ 1/(x − k); each x − k is exact
    let sum = 0;
    while (x >= ROOT_HI + 0.5) {
      x -= 1;
      sum += 1 / x;
    }
    return seriesAt(PSI_AT_ROOT, x - ROOT_HI - ROOT_LO) + sum;
  }
  const z = 1 / (x * x);
  return Math.log(x) - 0.5 / x - seriesAt(DIGAMMA_SERIES, z);
}

/** The digamma function ψ(x) = Γ'(x)/Γ(x) (scipy's `digamma`): −∞ at +0, +∞ at −0, NaN at −1, −2, … and −∞. */
export function digamma(x: number): number {
  if (x !== x) return x;
  if (x > 0) return x === Infinity ? x : digammaPositive(x);
  if (x === 0) return Object.is(x, -0) ? Infinity : -Infinity;
  if (x === Math.floor(x)) return NaN;
  // ψ(1 − x) − ψ(x) = π cot(πx)
  return digammaPositive(1 - x) - Math.PI / tanpi(x);
}

// ψ⁽ᵐ⁾(x)

/** ζ(s, q) = Σₖ (q + k)⁻ˢ for an integer s >= 2 and q > 0: the terms up to q + N >= 10 + s, then Euler–Maclaurin. */
function hurwitzZeta(s: number, q: number): number {
  const n = Math.max(0, Math.ceil(10 + s - q));
  const a = q + n;
  // the tail from a: a¹⁻ˢ/(s − 1) + a⁻ˢ/2 + Σⱼ B₂ⱼ/(2j)!·s(s + 1)…(s + 2j − 2)·a⁻ˢ⁻²ʲ⁺¹
  let rising = s / a; // s(s + 1)…(s + 2j − 2)/a²ʲ⁻¹
  let correction = 0;
  for (let j = 0; j < EULER_MACLAURIN.length; j++) {
    correction += EULER_MACLAURIN[j] * rising;
    rising *= ((s + 2 * j + 1) * (s + 2 * j + 2)) / (a * a);
  }
  // a¹⁻ˢ factored out, so a large q underflows only where ζ does
  let sum = Math.pow(a, 1 - s) * (1 / (s - 1) + (0.5 + correction) / a);
  // the largest terms last
  for (let k = n - 1; k >= 0; k--) sum += Math.pow(q + k, -s);
  return sum;
}

/** Coefficients (by power of c) of Pₘ with dᵐ/dyᵐ cot(y) = Pₘ(cot y): P₀ = c, Pₖ₊₁ = −(1 + c²)·Pₖ'. */
const COT_DERIVATIVES: number[][] = [[0, 1]];

function cotDerivative(m: number): number[] {
  while (COT_DERIVATIVES.length <= m) {
    const p = COT_DERIVATIVES[COT_DERIVATIVES.length - 1];
    const derivative = p.slice(1).map((c, i) => c * (i + 1));
    const next = new Array<number>(derivative.length + 2).fill(0);
    derivative.forEach((c, i) => {
      next[i] -= c;
      next[i + 2] -= c;
    });
    COT_DERIVATIVES.push(next);
  }
  return COT_DERIVATIVES[m];
}

function factorial(m: number): number {
  let f = 1;
  for (let j = 2; j <= m; j++) f *= j;
  return f;
}

/**
 * The polygamma function ψ⁽ᵐ⁾(x), the m-th derivative of ψ (scipy's `polygamma`): `m` a non-negative
 * integer (NaN otherwise); ψ⁽⁰⁾ is ψ. At the poles 0, −1, −2, … it is (−1)ᵐ⁺¹·∞, as scipy's, and so for
 * m > 170, where m! overflows.
 */
export function polygamma(m: number, x: number): number {
  if (!(m >= 0) || m !== Math.floor(m) || m === Infinity) return NaN;
  if (m === 0) return digamma(x);
  if (x !== x || x === -Infinity) return NaN;
  const sign = m % 2 === 1 ? 1 : -1;
  // m! overflows: ±∞, as scipy's m!·ζ(m + 1, x)
  if (m > 170) return sign * Infinity;
  if (x === Infinity) return sign * 0;
  if (x > 0) return sign * factorial(m) * hurwitzZeta(m + 1, x);
  if (x === Math.floor(x)) return sign * Infinity;
  // (−1)ᵐψ⁽ᵐ⁾(1 − x) − ψ⁽ᵐ⁾(x) = πᵐ⁺¹·Pₘ(cot πx), the m-th derivative of ψ(1 − x) − ψ(x) = π cot(πx)
  const cot = 1 / tanpi(x);
  const p = cotDerivative(m);
  let value = p[p.length - 1];
  for (let i = p.length - 2; i >= 0; i--) value = value * cot + p[i];
  return -sign * polygamma(m, 1 - x) - Math.pow(Math.PI, m + 1) * value;
}
