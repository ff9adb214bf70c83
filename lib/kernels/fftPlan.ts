/**
 * FFT plans: how a transform of length n is computed, built once per length
 * and kept in a small LRU cache bounded in count and in memory.
 *
 * A length whose prime factors are all at most `MAX_DIRECT_RADIX` gets a
 * mixed-radix plan: passes of radix 4, 2, 3, 5 and then the other primes
 * (generic odd radix, O(p²) per butterfly, which measured faster than
 * Bluestein up to p ≈ 61 on V8), see ./fftRadix.ts. Any other length uses
 * Bluestein's algorithm: the DFT written as a convolution with a chirp,
 *
 *     X_k = w_k Σ_j (x_j w_j) conj(w_(k-j)),   w_j = exp(-iπ j²/n)
 *
 * (from jk = (j² + k² - (k-j)²)/2), evaluated by mixed-radix FFTs of a
 * smooth length m >= 2n - 1 (2^a 3^b 5^c). Every twiddle and chirp value is
 * computed directly, with cos/sin of an angle reduced to [0, π/4] by exact
 * integer arithmetic (`unitRoot`), never by a recurrence, so each is within
 * an ulp or two.
 */
import { runPass } from "./fftRadix.ts";
import type { GenericScratch, Pass } from "./fftRadix.ts";

/** Primes above this go to Bluestein's algorithm instead of an O(p²) butterfly. */
export const MAX_DIRECT_RADIX = 61;

/** How many plans the cache keeps (least recently used is dropped first). */
export const PLAN_CACHE_SIZE = 16;

/** The most float64 elements of twiddles and chirps the cached plans may hold together (128 MiB); the newest plan is always kept. */
export const PLAN_CACHE_ELEMENTS = 1 << 24;

/** A mixed-radix plan: the passes in order. */
interface MixedPlan {
  readonly kind: "mixed";
  readonly n: number;
  readonly passes: readonly Pass[];
  /** The largest radix (sizes the generic butterfly's scratch). */
  readonly maxRadix: number;
}

/** A Bluestein plan: the chirp and the transformed convolution kernel. */
interface BluesteinPlan {
  readonly kind: "bluestein";
  readonly n: number;
  /** The mixed-radix plan of the convolution length m. */
  readonly inner: MixedPlan;
  /** w_j = exp(-iπ j²/n), interleaved (re, im), j < n. */
  readonly chirp: Float64Array;
  /** FFT_m(b) / m with b_j = conj(w_|j|) for |j| < n (indices mod m), split planes. */
  readonly kernelRe: Float64Array;
  readonly kernelIm: Float64Array;
}

/** How a transform of one length is computed. */
export type FftPlan = MixedPlan | BluesteinPlan;

/** Reusable work arrays for transforming lines with one plan. */
export interface FftScratch {
  readonly re: Float64Array;
  readonly im: Float64Array;
  readonly generic: GenericScratch;
  /** Bluestein only: the length-m work planes and the inner plan's scratch. */
  readonly bluestein: { readonly re: Float64Array; readonly im: Float64Array; readonly inner: FftScratch } | null;
}

// utils

/**
 * cos and sin of 2π r / n, written to out[at], out[at + 1]. The angle is
 * reduced to [0, π/4] with exact integer arithmetic first, so the result is
 * as accurate as Math.cos/Math.sin on a small argument.
 */
export function unitRoot(r: number, n: number, out: Float64Array, at: number): void {
  let num = r % n;
  if (num < 0) num += n;
  let den = n;
  let sinSign = 1;
  let cosSign = 1;
  let swap = false;
  // 2π num/den in (π, 2π): the angle 2π - θ has the same cos and the opposite sin.
  if (2 * num > den) {
    num = den - num;
    sinSign = -1;
  }
  // θ in (π/2, π]: θ = π - θ' with θ' = 2π (den - 2 num) / (2 den).
  if (4 * num > den) {
    num = den - 2 * num;
    den *= 2;
    cosSign = -1;
  }
  // θ in (π/4, π/2]: θ = π/2 - θ'' with θ'' = 2π (den - 4 num) / (4 den).
  if (8 * num > den) {
    num = den - 4 * num;
    den *= 4;
    swap = true;
  }
  const angle = (2 * Math.PI * num) / den;
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  out[at] = cosSign * (swap ? s : c);
  out[at + 1] = sinSign * (swap ? c : s);
}

/** The radices of a mixed-radix plan for n, or null when n has a prime factor above MAX_DIRECT_RADIX. */
function factorize(n: number): number[] | null {
  const factors: number[] = [];
  let rest = n;
  while (rest % 4 === 0) {
    factors.push(4);
    rest /= 4;
  }
  for (const p of [2, 3, 5]) {
    while (rest % p === 0) {
      factors.push(p);
      rest /= p;
    }
  }
  for (let p = 7; p * p <= rest; p += 2) {
    while (rest % p === 0) {
      factors.push(p);
      rest /= p;
    }
  }
  if (rest > 1) factors.push(rest);
  return factors.every((p) => p <= MAX_DIRECT_RADIX) ? factors : null;
}

/** The smallest 2^a 3^b 5^c that is at least `minimum`. */
export function smoothLength(minimum: number): number {
  let best = Infinity;
  for (let p5 = 1; p5 < 2 * minimum; p5 *= 5) {
    for (let p35 = p5; p35 < 2 * minimum; p35 *= 3) {
      let size = p35;
      while (size < minimum) size *= 2;
      if (size < best) best = size;
    }
  }
  return best;
}

// constructors

function mixedPlan(n: number, factors: readonly number[]): MixedPlan {
  const passes: Pass[] = [];
  let l1 = 1;
  for (const radix of factors) {
    const ido = n / (l1 * radix);
    const twiddles = new Float64Array(2 * (radix - 1) * ido);
    for (let i = 0; i < ido; i++) {
      for (let m = 1; m < radix; m++) {
        const at = 2 * ((radix - 1) * i + m - 1);
        unitRoot(i * m, ido * radix, twiddles, at);
        twiddles[at + 1] = -twiddles[at + 1];
      }
    }
    let roots = new Float64Array(0);
    if (radix > 5) {
      roots = new Float64Array(2 * radix);
      for (let r = 0; r < radix; r++) unitRoot(r, radix, roots, 2 * r);
    }
    passes.push({ radix, l1, ido, twiddles, roots });
    l1 *= radix;
  }
  return { kind: "mixed", n, passes, maxRadix: Math.max(1, ...factors) };
}

function bluesteinPlan(n: number): BluesteinPlan {
  const m = smoothLength(2 * n - 1);
  const inner = mixedPlan(m, factorize(m)!);
  // w_j = exp(-2πi (j² mod 2n) / (2n)); j² mod 2n by the recurrence (j+1)² = j² + 2j + 1, exact in integers.
  const chirp = new Float64Array(2 * n);
  let square = 0;
  for (let j = 0; j < n; j++) {
    unitRoot(square, 2 * n, chirp, 2 * j);
    chirp[2 * j + 1] = -chirp[2 * j + 1];
    square += 2 * j + 1;
    if (square >= 2 * n) square -= 2 * n;
  }
  const kernelRe = new Float64Array(m);
  const kernelIm = new Float64Array(m);
  for (let j = 0; j < n; j++) {
    // b_j = conj(w_j), stored at j and m - j
    kernelRe[j] = chirp[2 * j];
    kernelIm[j] = -chirp[2 * j + 1];
    if (j > 0) {
      kernelRe[m - j] = kernelRe[j];
      kernelIm[m - j] = kernelIm[j];
    }
  }
  transformLine(inner, kernelRe, kernelIm, createScratch(inner));
  for (let k = 0; k < m; k++) {
    kernelRe[k] /= m;
    kernelIm[k] /= m;
  }
  return { kind: "bluestein", n, inner, chirp, kernelRe, kernelIm };
}

const cache = new Map<number, FftPlan>();
let cachedElements = 0;

/** The float64 elements a plan holds. */
function planElements(plan: FftPlan): number {
  if (plan.kind === "bluestein") return planElements(plan.inner) + plan.chirp.length + 2 * plan.kernelRe.length;
  let total = 0;
  for (const pass of plan.passes) total += pass.twiddles.length + pass.roots.length;
  return total;
}

/** The plan for length n (n >= 1), from the cache or built and cached. */
export function planFor(n: number): FftPlan {
  const hit = cache.get(n);
  if (hit !== undefined) {
    cache.delete(n);
    cache.set(n, hit);
    return hit;
  }
  const factors = factorize(n);
  const plan = factors === null ? bluesteinPlan(n) : mixedPlan(n, factors);
  cache.set(n, plan);
  cachedElements += planElements(plan);
  while (cache.size > 1 && (cache.size > PLAN_CACHE_SIZE || cachedElements > PLAN_CACHE_ELEMENTS)) {
    const oldest = cache.keys().next().value!;
    cachedElements -= planElements(cache.get(oldest)!);
    cache.delete(oldest);
  }
  return plan;
}

/** The lengths whose plans are cached, least recently used first (for tests). */
export function cachedPlanLengths(): number[] {
  return [...cache.keys()];
}

/** The float64 elements the cached plans hold together (for tests). */
export function cachedPlanElements(): number {
  return cachedElements;
}

/** Work arrays for transforming lines with `plan` (allocate once per call, reuse per line). */
export function createScratch(plan: FftPlan): FftScratch {
  if (plan.kind === "bluestein") {
    const m = plan.inner.n;
    const inner = createScratch(plan.inner);
    return {
      re: new Float64Array(0),
      im: new Float64Array(0),
      generic: inner.generic,
      bluestein: { re: new Float64Array(m), im: new Float64Array(m), inner },
    };
  }
  const p = plan.maxRadix;
  return {
    re: new Float64Array(plan.n),
    im: new Float64Array(plan.n),
    generic: { sumRe: new Float64Array(p), sumIm: new Float64Array(p), diffRe: new Float64Array(p), diffIm: new Float64Array(p) },
    bluestein: null,
  };
}

// transforms

/**
 * The forward DFT X_k = Σ_j x_j exp(-2πi jk/n) of one line, in place in
 * (re, im) (length plan.n). Cost O(n Σ radices) for a mixed plan, three
 * FFTs of length m ~ 2n..4n for Bluestein.
 */
export function transformLine(plan: FftPlan, re: Float64Array, im: Float64Array, scratch: FftScratch): void {
  if (plan.kind === "bluestein") {
    bluesteinLine(plan, re, im, scratch);
    return;
  }
  let aRe = re, aIm = im, bRe = scratch.re, bIm = scratch.im;
  for (const pass of plan.passes) {
    runPass(pass, aRe, aIm, bRe, bIm, scratch.generic);
    const tRe = aRe, tIm = aIm;
    aRe = bRe;
    aIm = bIm;
    bRe = tRe;
    bIm = tIm;
  }
  if (aRe !== re) {
    re.set(aRe);
    im.set(aIm);
  }
}

function bluesteinLine(plan: BluesteinPlan, re: Float64Array, im: Float64Array, scratch: FftScratch): void {
  const { n, chirp, kernelRe, kernelIm, inner } = plan;
  const work = scratch.bluestein!;
  const m = inner.n;
  const aRe = work.re, aIm = work.im;
  // a_j = x_j w_j, zero-padded to m
  for (let j = 0; j < n; j++) {
    const wr = chirp[2 * j], wi = chirp[2 * j + 1];
    aRe[j] = re[j] * wr - im[j] * wi;
    aIm[j] = re[j] * wi + im[j] * wr;
  }
  aRe.fill(0, n);
  aIm.fill(0, n);
  transformLine(inner, aRe, aIm, work.inner);
  // c = IFFT(A B) = conj(FFT(conj(A B))) (B holds the 1/m): form conj(A B) here
  for (let k = 0; k < m; k++) {
    const ar = aRe[k], ai = aIm[k], br = kernelRe[k], bi = kernelIm[k];
    aRe[k] = ar * br - ai * bi;
    aIm[k] = -(ar * bi + ai * br);
  }
  transformLine(inner, aRe, aIm, work.inner);
  // X_k = w_k conj(D_k)
  for (let k = 0; k < n; k++) {
    const wr = chirp[2 * k], wi = chirp[2 * k + 1];
    const dr = aRe[k], di = -aIm[k];
    re[k] = dr * wr - di * wi;
    im[k] = dr * wi + di * wr;
  }
}
