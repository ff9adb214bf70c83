/**
 * The kernels of the samplers that loop per element, as JAX writes them in
 * `jax/_src/random.py`: the gamma sampler (Marsaglia and Tsang's rejection
 * method with JAX's key splitting, in value or log space), the derivative
 * of a gamma sample with respect to its shape parameter (implicit
 * reparameterization, JAX's `random_gamma_grad`), and the poisson sampler
 * (Knuth's product of uniforms below λ = 10, Hörmann's transformed rejection
 * above, both over the whole array as JAX's while loops). They draw with
 * `prng.ts`, so they give the numbers JAX's algorithms give from the same
 * words (to the last bit only where no `log`/`exp` intervenes: those are
 * the runtime's `Math.log`/`Math.exp`, as everywhere in tracegrad).
 *
 * @example
 * gammaSample([0, 1], 2.5, false, false, "partitionable"); // one Gamma(2.5) draw
 * gammaGrad(2.5, 1.7); // ∂x/∂α at x = 1.7
 */
import { erfinv, erfinv32 } from "./erfinv.ts";
import { splitKey, unitFloats, type KeyWords, type ThreefryLayout } from "./prng.ts";

// special functions (double precision)

const HALF_LOG_2PI = 0.9189385332046728;

/** log Γ(x) for x > 0: Stirling's series from x ≥ 16 (its next term is below 1e-16 there), the recurrence Γ(x + 1) = x Γ(x) below. */
export function lgamma(x: number): number {
  if (!(x > 0)) return x === 0 ? Infinity : NaN;
  if (x === Infinity) return Infinity;
  let shift = 0;
  let product = 1;
  while (x < 16) {
    product *= x;
    x += 1;
    shift++;
  }
  const inv = 1 / x, inv2 = inv * inv;
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188))));
  const stirling = (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + series;
  return shift === 0 ? stirling : stirling - Math.log(product);
}

/** ψ(x) = d log Γ(x) / dx for x > 0: the recurrence ψ(x) = ψ(x + 1) - 1/x up to x ≥ 16, then the asymptotic series (its next term below 1e-16). */
export function digamma(x: number): number {
  let result = 0;
  while (x < 16) {
    result -= 1 / x;
    x += 1;
  }
  const inv = 1 / x, inv2 = inv * inv;
  const series = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 / 132))));
  return result + Math.log(x) - 0.5 * inv - series;
}

// the derivative of a gamma sample

const EPS = 1e-16;
const TINY = 1e-300;

/**
 * ∂x/∂α for a Gamma(α, 1) sample x, holding its CDF P(α, x) fixed:
 * ∂x/∂α = -(∂P/∂α) / (∂P/∂x) (implicit reparameterization, Figurnov et al.
 * 2018; JAX's `random_gamma_grad`). ∂P/∂α comes from P's series (x < α + 1)
 * or from the continued fraction of Q = 1 - P, each differentiated term by
 * term in α (forward mode); ∂P/∂x is the density.
 */
export function gammaGrad(alpha: number, x: number): number {
  if (!(x > 0) || !(alpha > 0) || x === Infinity) return 0;
  const logX = Math.log(x);
  if (x < alpha + 1) {
    // P = x^α e^-x / Γ(α + 1) · Σ t_n, t_0 = 1, t_n = t_{n-1} x / (α + n);  d t_n/dα = t_n h_n, h_n = -Σ_{k ≤ n} 1/(α + k)
    let t = 1, h = 0, sum = 1, dsum = 0;
    for (let n = 1; n < 100000; n++) {
      t *= x / (alpha + n);
      h -= 1 / (alpha + n);
      sum += t;
      dsum += t * h;
      if (t < EPS * sum && Math.abs(t * h) < EPS * Math.abs(dsum)) break;
    }
    // density = x^(α-1) e^-x / Γ(α): the prefactor over it is x / α
    return (-(x / alpha)) * ((logX - digamma(alpha + 1)) * sum + dsum);
  }
  // Q = x^α e^-x / Γ(α) · 1/(b_0 + a_1/(b_1 + a_2/(b_2 + ...))), a_i = -i (i - α), b_i = x + 2i + 1 - α (modified Lentz), with d/dα carried along
  let b = x + 1 - alpha, db = -1;
  let c = 1 / TINY, dc = 0;
  let d = 1 / b, dd = -db / (b * b);
  let f = d, df = dd;
  for (let i = 1; i < 100000; i++) {
    const an = -i * (i - alpha), dan = i;
    b += 2;
    // d <- 1 / (an d + b), c <- b + an / c
    let den = an * d + b;
    const dden = dan * d + an * dd + db;
    if (Math.abs(den) < TINY) den = TINY;
    let cn = b + an / c;
    const dcn = db + (dan * c - an * dc) / (c * c);
    if (Math.abs(cn) < TINY) cn = TINY;
    d = 1 / den;
    dd = -dden / (den * den);
    c = cn;
    dc = dcn;
    const delta = c * d, ddelta = dc * d + c * dd;
    df = df * delta + f * ddelta;
    f *= delta;
    // the derivative converges more slowly than the value: wait for both
    if (Math.abs(delta - 1) < EPS && Math.abs(f * ddelta) <= EPS * Math.abs(df)) break;
  }
  // ∂x/∂α = (∂Q/∂α) / density, the prefactor over the density being x
  return x * ((logX - digamma(alpha)) * f + df);
}

// the gamma sampler

/** Arithmetic in a float dtype: every result rounded to it. */
type Round = (x: number) => number;
const identity: Round = (x) => x;

/** One uniform in [0, 1) of `random.uniform(key, [], dtype)`. */
function uniformOne(k: KeyWords, float32: boolean, layout: ThreefryLayout): number {
  return unitFloats(k, 1, float32, layout)[0];
}

/** One standard normal of `random.normal(key, [], dtype)`: √2 erfinv(u), u uniform on (nextafter(-1, 0), 1). */
function normalOne(k: KeyWords, float32: boolean, layout: ThreefryLayout): number {
  const f = unitFloats(k, 1, float32, layout)[0];
  if (float32) {
    const lo = Math.fround(-1 + 2 ** -24), span = Math.fround(1 - lo);
    const u = Math.max(lo, Math.fround(Math.fround(f * span) + lo));
    return Math.fround(Math.fround(Math.SQRT2) * erfinv32(u));
  }
  const lo = -1 + 2 ** -53;
  return Math.SQRT2 * erfinv(Math.max(lo, f * (1 - lo) + lo));
}

/**
 * One Gamma(α, 1) draw (its log with `logSpace`), JAX's `_gamma_one`: α < 1
 * is boosted to α + 1 and the draw scaled by U^(1/α); each round splits the
 * key in three, draws normals until v = 1 + c·x > 0, and accepts when
 * U < 1 - 0.0331 x⁴ or log U < x²/2 + d (1 - v³ + log v³).
 */
export function gammaSample(key: KeyWords, alpha: number, logSpace: boolean, float32: boolean, layout: ThreefryLayout): number {
  const r: Round = float32 ? Math.fround : identity;
  const one = 1, third = r(1 / 3), squeeze = r(0.0331);
  const boost = alpha >= one;
  const a = boost ? alpha : r(alpha + one);
  const d = r(a - third);
  const c = r(third / r(Math.sqrt(d)));
  let [k, sub] = splitKey(key, 2, layout);
  let X = 0, V = 1, U = 2;
  // reject while U ≥ 1 - 0.0331 X² and log U ≥ X/2 + d (1 - V + log V) (both evaluated, as lax.bitwise_and)
  const rejected = () => U >= r(one - r(squeeze * r(X * X))) && r(Math.log(U)) >= r(r(X * 0.5) + r(d * r(r(one - V) + r(Math.log(V)))));
  let rounds = 0;
  while (rejected() && rounds++ < 100000) {
    const [next, xKey, uKey] = splitKey(k, 3, layout);
    k = next;
    let inner = xKey, x = 0, v = -1;
    while (v <= 0) {
      const [nextInner, subkey] = splitKey(inner, 2, layout);
      inner = nextInner;
      x = normalOne(subkey, float32, layout);
      v = r(one + r(x * c));
    }
    X = r(x * x);
    V = r(r(v * v) * v);
    U = uniformOne(uKey, float32, layout);
  }
  if (logSpace) {
    // log U(0,1] as JAX draws it: -exponential(subkey) = log1p(-u)
    const logU = r(Math.log1p(-uniformOne(sub, float32, layout)));
    const logBoost = boost || logU === 0 ? 0 : r(logU * r(one / alpha));
    return r(r(r(Math.log(d)) + r(Math.log(V))) + logBoost);
  }
  const u = r(one - uniformOne(sub, float32, layout));
  const scale = boost ? one : r(Math.pow(u, r(one / alpha)));
  return r(r(d * V) * scale);
}

// the poisson sampler

/** Per-element work of one pass over the array: `update(i, u)` with each element's fresh uniform(s). */
function uniforms(k: KeyWords, n: number, layout: ThreefryLayout): Float64Array {
  return unitFloats(k, n, true, layout);
}

/** Knuth's algorithm over the whole array: count uniforms until their product falls below e^-λ (JAX's `_poisson_knuth`). */
function poissonKnuth(key: KeyWords, lam: Float32Array, layout: ThreefryLayout): Float64Array {
  const n = lam.length, f = Math.fround;
  const k = new Float64Array(n), logProd = new Float32Array(n);
  let rng = key;
  const active = () => {
    for (let i = 0; i < n; i++) if (logProd[i] > -lam[i]) return true;
    return false;
  };
  for (let iteration = 0; active() && iteration < 100000; iteration++) {
    const [next, sub] = splitKey(rng, 2, layout);
    rng = next;
    const u = uniforms(sub, n, layout);
    for (let i = 0; i < n; i++) {
      if (logProd[i] > -lam[i]) k[i] += 1;
      logProd[i] = f(logProd[i] + f(Math.log(u[i])));
    }
  }
  for (let i = 0; i < n; i++) k[i] -= 1;
  return k;
}

/** Hörmann's transformed rejection (PTRS) over the whole array, until every element is accepted (JAX's `_poisson_rejection`). */
function poissonRejection(key: KeyWords, lam: Float32Array, layout: ThreefryLayout): Float64Array {
  const n = lam.length, f = Math.fround;
  const out = new Float64Array(n).fill(-1);
  const accepted = new Uint8Array(n);
  const logLam = lam.map((l) => f(Math.log(l)));
  const b = lam.map((l) => f(f(0.931) + f(f(2.53) * f(Math.sqrt(l)))));
  const a = b.map((bi) => f(f(-0.059) + f(f(0.02483) * bi)));
  const invAlpha = b.map((bi) => f(f(1.1239) + f(f(1.1328) / f(bi - f(3.4)))));
  const vr = b.map((bi) => f(f(0.9277) - f(f(3.6224) / f(bi - 2))));
  let rng = key;
  // every finite λ is accepted with probability about 0.89 per pass: the cap only stops λ = ∞ (which stays -1, as JAX after its cap)
  for (let iteration = 0; accepted.includes(0) && iteration < 1000; iteration++) {
    const [next, k0, k1] = splitKey(rng, 3, layout);
    rng = next;
    const us = uniforms(k0, n, layout), vs = uniforms(k1, n, layout);
    for (let i = 0; i < n; i++) {
      const u = f(us[i] - 0.5), v = vs[i];
      const uShifted = f(0.5 - Math.abs(u));
      const k = Math.floor(f(f(f(f(f(f(2 * a[i]) / uShifted) + b[i]) * u) + lam[i]) + f(0.43)));
      const s = f(Math.log(f(f(v * invAlpha[i]) / f(f(a[i] / f(uShifted * uShifted)) + b[i]))));
      const t = f(f(f(-lam[i]) + f(k * logLam[i])) - f(lgamma(f(k + 1))));
      const accept1 = uShifted >= f(0.07) && v <= vr[i];
      const reject = k < 0 || (uShifted < f(0.013) && v > uShifted);
      const accept = accept1 || (!reject && s <= t);
      if (accept) out[i] = k;
      if (accept) accepted[i] = 1;
    }
  }
  return out;
}

/**
 * Poisson(λ) draws for every λ (float32, as JAX converts it), JAX's
 * `_poisson`: both algorithms run over the array (Knuth's with λ where
 * λ < 10 or NaN and 0 elsewhere, the rejection with λ where λ ≥ 10 and 1e5
 * elsewhere) from the same key, each element taking its own; λ = 0 gives 0.
 */
export function poissonSample(key: KeyWords, lam: Float32Array, layout: ThreefryLayout): Float64Array {
  const useKnuth = Array.from(lam, (l) => Number.isNaN(l) || l < 10);
  const knuth = poissonKnuth(key, lam.map((l, i) => (useKnuth[i] ? l : 0)), layout);
  const rejection = poissonRejection(key, lam.map((l, i) => (useKnuth[i] ? 1e5 : l)), layout);
  return knuth.map((k, i) => (lam[i] === 0 ? 0 : useKnuth[i] ? k : rejection[i]));
}
