/**
 * Statistics for the distribution tests of `random`: the Kolmogorov–Smirnov
 * distance of a sample from a CDF, moments, and the CDFs the samplers are
 * checked against, written independently of the library (the regularized
 * incomplete gamma and beta functions by their series and continued
 * fractions, log Γ by Lanczos' approximation). The tests draw with fixed
 * keys, so each check is deterministic; the bounds are ~4 standard errors,
 * far below what a wrong distribution gives.
 */
import { erfc } from "../../lib/kernels/special.ts";

/** sup |F_n(x) - F(x)| of the sample. */
export function ksDistance(samples: ArrayLike<number>, cdf: (x: number) => number): number {
  const xs = Float64Array.from(samples).sort();
  const n = xs.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(xs[i]);
    d = Math.max(d, Math.abs(f - i / n), Math.abs((i + 1) / n - f));
  }
  return d;
}

/** The KS bound used with n draws: 2/√n (a correct sampler exceeds it with probability about 3e-4). */
export const ksBound = (n: number) => 2 / Math.sqrt(n);

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

export function variance(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i] - m) ** 2;
  return s / (xs.length - 1);
}

/** Φ(x). */
export const normalCdf = (x: number) => 0.5 * erfc(-x / Math.SQRT2);

/** log Γ(x), Lanczos' approximation (g = 7, 9 terms), x > 0. */
export function lanczosLogGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lanczosLogGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(a, x), the regularized lower incomplete gamma function: its series below a + 1, 1 - the continued fraction of Q above. */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const front = Math.exp(a * Math.log(x) - x - lanczosLogGamma(a));
  if (x < a + 1) {
    let term = 1 / a, sum = term;
    for (let n = 1; n < 10000 && Math.abs(term) > 1e-17 * sum; n++) sum += (term *= x / (a + n));
    return front * sum;
  }
  let b = x + 1 - a, c = 1e300, d = 1 / b, h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = 1 / (an * d + b);
    c = b + an / c;
    h *= d * c;
    if (Math.abs(d * c - 1) < 1e-16) break;
  }
  return 1 - front * h;
}

/** I_x(a, b), the regularized incomplete beta function (Lentz's continued fraction, by symmetry where it converges fast). */
export function betaI(a: number, b: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lanczosLogGamma(a + b) - lanczosLogGamma(a) - lanczosLogGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  const fraction = (a: number, b: number, x: number) => {
    let c = 1, d = 1 - ((a + b) * x) / (a + 1);
    d = 1 / d;
    let h = d;
    for (let m = 1; m < 10000; m++) {
      const m2 = 2 * m;
      let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
      d = 1 / (1 + aa * d);
      c = 1 + aa / c;
      h *= d * c;
      aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
      d = 1 / (1 + aa * d);
      c = 1 + aa / c;
      const del = d * c;
      h *= del;
      if (Math.abs(del - 1) < 1e-15) break;
    }
    return h;
  };
  return x < (a + 1) / (a + b + 2) ? (front * fraction(a, b, x)) / a : 1 - (front * fraction(b, a, 1 - x)) / b;
}

/** Student's t CDF with ν degrees of freedom. */
export function tCdf(x: number, nu: number): number {
  const tail = 0.5 * betaI(nu / 2, 0.5, nu / (nu + x * x));
  return x > 0 ? 1 - tail : tail;
}
