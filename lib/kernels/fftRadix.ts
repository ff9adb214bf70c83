/**
 * The butterfly passes of the mixed-radix FFT (Stockham autosort, decimation
 * in frequency, as FFTPACK's `passf`): radix 2, 3, 4, 5 and a generic odd
 * radix. Every pass reads one buffer pair and writes the other, so the result
 * comes out in natural order without a bit-reversal permutation.
 *
 * A pass of radix p over a transform of length n, after earlier passes of
 * product `l1`, sees `l1` independent sequences of length `ido * p`
 * (ido = n / (l1 p)), stored as `in[i + ido (j + p k)]` for element
 * `i + ido j` of sequence k. It writes
 *
 *     out[i + ido (k + l1 m)] = w^(i m) · Σ_j in[i + ido (j + p k)] ω_p^(j m)
 *
 * with ω_p = exp(-2πi/p) and w = exp(-2πi/(ido p)): the p-point DFT of the
 * decimated elements, then the twiddle that makes sub-sequence m of every
 * sequence an ordinary DFT of length ido for the next pass. Forward transform
 * only (exp(-2πi jk/n), unnormalized); the inverse is the conjugate of the
 * forward transform of the conjugate, arranged by the caller.
 *
 * Cost per pass: n/p butterflies of O(p) (radix 2..5) or O(p²/2) (generic)
 * complex multiply-adds, plus n complex twiddle multiplications.
 */

/** One butterfly pass of a plan: its radix, the sizes and its twiddles. */
export interface Pass {
  /** The radix p of this pass. */
  readonly radix: number;
  /** The product of the radices of the earlier passes (the number of sequences). */
  readonly l1: number;
  /** n / (l1 p): the length of each sub-sequence this pass produces. */
  readonly ido: number;
  /**
   * Twiddles w^(i m) for i < ido and 1 <= m < p, interleaved (re, im) at
   * 2 ((p - 1) i + m - 1): re = cos(2π i m / (ido p)), im = -sin(...).
   */
  readonly twiddles: Float64Array;
  /** For the generic radix: cos(2π r/p), sin(2π r/p) interleaved for r < p; empty otherwise. */
  readonly roots: Float64Array;
}

/** Work arrays the generic radix needs (length p each); the caller owns them. */
export interface GenericScratch {
  sumRe: Float64Array;
  sumIm: Float64Array;
  diffRe: Float64Array;
  diffIm: Float64Array;
}

const SIN_PI_3 = Math.sqrt(3) / 2;
const COS_2PI_5 = Math.cos((2 * Math.PI) / 5);
const COS_4PI_5 = Math.cos((4 * Math.PI) / 5);
const SIN_2PI_5 = Math.sin((2 * Math.PI) / 5);
const SIN_4PI_5 = Math.sin((4 * Math.PI) / 5);

/** Runs one pass from (aRe, aIm) into (bRe, bIm); `scratch` serves the generic radix. */
export function runPass(p: Pass, aRe: Float64Array, aIm: Float64Array, bRe: Float64Array, bIm: Float64Array, scratch: GenericScratch): void {
  switch (p.radix) {
    case 2:
      return pass2(p, aRe, aIm, bRe, bIm);
    case 3:
      return pass3(p, aRe, aIm, bRe, bIm);
    case 4:
      return pass4(p, aRe, aIm, bRe, bIm);
    case 5:
      return pass5(p, aRe, aIm, bRe, bIm);
    default:
      return passGeneric(p, aRe, aIm, bRe, bIm, scratch);
  }
}

// u0 = t0 + t1, u1 = t0 - t1
function pass2(p: Pass, aRe: Float64Array, aIm: Float64Array, bRe: Float64Array, bIm: Float64Array): void {
  const { l1, ido, twiddles: tw } = p;
  const outStride = ido * l1;
  for (let k = 0; k < l1; k++) {
    for (let i = 0; i < ido; i++) {
      const a = i + ido * 2 * k;
      const b = i + ido * k;
      const t0r = aRe[a], t0i = aIm[a], t1r = aRe[a + ido], t1i = aIm[a + ido];
      bRe[b] = t0r + t1r;
      bIm[b] = t0i + t1i;
      const ur = t0r - t1r, ui = t0i - t1i;
      const wr = tw[2 * i], wi = tw[2 * i + 1];
      bRe[b + outStride] = ur * wr - ui * wi;
      bIm[b + outStride] = ur * wi + ui * wr;
    }
  }
}

// u0 = t0 + s, u1,2 = t0 - s/2 ∓ i (√3/2) d with s = t1 + t2, d = t1 - t2
function pass3(p: Pass, aRe: Float64Array, aIm: Float64Array, bRe: Float64Array, bIm: Float64Array): void {
  const { l1, ido, twiddles: tw } = p;
  const outStride = ido * l1;
  for (let k = 0; k < l1; k++) {
    for (let i = 0; i < ido; i++) {
      const a = i + ido * 3 * k;
      const b = i + ido * k;
      const t0r = aRe[a], t0i = aIm[a];
      const t1r = aRe[a + ido], t1i = aIm[a + ido];
      const t2r = aRe[a + 2 * ido], t2i = aIm[a + 2 * ido];
      const sr = t1r + t2r, si = t1i + t2i;
      const dr = (t1r - t2r) * SIN_PI_3, di = (t1i - t2i) * SIN_PI_3;
      const mr = t0r - 0.5 * sr, mi = t0i - 0.5 * si;
      bRe[b] = t0r + sr;
      bIm[b] = t0i + si;
      // -i d = (di, -dr)
      const u1r = mr + di, u1i = mi - dr;
      const u2r = mr - di, u2i = mi + dr;
      const w = 4 * i;
      bRe[b + outStride] = u1r * tw[w] - u1i * tw[w + 1];
      bIm[b + outStride] = u1r * tw[w + 1] + u1i * tw[w];
      bRe[b + 2 * outStride] = u2r * tw[w + 2] - u2i * tw[w + 3];
      bIm[b + 2 * outStride] = u2r * tw[w + 3] + u2i * tw[w + 2];
    }
  }
}

// a0 = t0 + t2, a1 = t0 - t2, a2 = t1 + t3, a3 = t1 - t3;
// u0 = a0 + a2, u2 = a0 - a2, u1 = a1 - i a3, u3 = a1 + i a3
function pass4(p: Pass, aRe: Float64Array, aIm: Float64Array, bRe: Float64Array, bIm: Float64Array): void {
  const { l1, ido, twiddles: tw } = p;
  const outStride = ido * l1;
  for (let k = 0; k < l1; k++) {
    for (let i = 0; i < ido; i++) {
      const a = i + ido * 4 * k;
      const b = i + ido * k;
      const t0r = aRe[a], t0i = aIm[a];
      const t1r = aRe[a + ido], t1i = aIm[a + ido];
      const t2r = aRe[a + 2 * ido], t2i = aIm[a + 2 * ido];
      const t3r = aRe[a + 3 * ido], t3i = aIm[a + 3 * ido];
      const a0r = t0r + t2r, a0i = t0i + t2i;
      const a1r = t0r - t2r, a1i = t0i - t2i;
      const a2r = t1r + t3r, a2i = t1i + t3i;
      const a3r = t1r - t3r, a3i = t1i - t3i;
      bRe[b] = a0r + a2r;
      bIm[b] = a0i + a2i;
      const u1r = a1r + a3i, u1i = a1i - a3r;
      const u2r = a0r - a2r, u2i = a0i - a2i;
      const u3r = a1r - a3i, u3i = a1i + a3r;
      const w = 6 * i;
      bRe[b + outStride] = u1r * tw[w] - u1i * tw[w + 1];
      bIm[b + outStride] = u1r * tw[w + 1] + u1i * tw[w];
      bRe[b + 2 * outStride] = u2r * tw[w + 2] - u2i * tw[w + 3];
      bIm[b + 2 * outStride] = u2r * tw[w + 3] + u2i * tw[w + 2];
      bRe[b + 3 * outStride] = u3r * tw[w + 4] - u3i * tw[w + 5];
      bIm[b + 3 * outStride] = u3r * tw[w + 5] + u3i * tw[w + 4];
    }
  }
}

// With s14 = t1 + t4, d14 = t1 - t4, s23 = t2 + t3, d23 = t2 - t3 and c/s of 2π/5, 4π/5:
// u1,4 = t0 + c1 s14 + c2 s23 ∓ i (s1 d14 + s2 d23), u2,3 = t0 + c2 s14 + c1 s23 ∓ i (s2 d14 - s1 d23)
function pass5(p: Pass, aRe: Float64Array, aIm: Float64Array, bRe: Float64Array, bIm: Float64Array): void {
  const { l1, ido, twiddles: tw } = p;
  const outStride = ido * l1;
  for (let k = 0; k < l1; k++) {
    for (let i = 0; i < ido; i++) {
      const a = i + ido * 5 * k;
      const b = i + ido * k;
      const t0r = aRe[a], t0i = aIm[a];
      const t1r = aRe[a + ido], t1i = aIm[a + ido];
      const t2r = aRe[a + 2 * ido], t2i = aIm[a + 2 * ido];
      const t3r = aRe[a + 3 * ido], t3i = aIm[a + 3 * ido];
      const t4r = aRe[a + 4 * ido], t4i = aIm[a + 4 * ido];
      const s14r = t1r + t4r, s14i = t1i + t4i, d14r = t1r - t4r, d14i = t1i - t4i;
      const s23r = t2r + t3r, s23i = t2i + t3i, d23r = t2r - t3r, d23i = t2i - t3i;
      bRe[b] = t0r + s14r + s23r;
      bIm[b] = t0i + s14i + s23i;
      const a1r = t0r + COS_2PI_5 * s14r + COS_4PI_5 * s23r, a1i = t0i + COS_2PI_5 * s14i + COS_4PI_5 * s23i;
      const b1r = SIN_2PI_5 * d14r + SIN_4PI_5 * d23r, b1i = SIN_2PI_5 * d14i + SIN_4PI_5 * d23i;
      const a2r = t0r + COS_4PI_5 * s14r + COS_2PI_5 * s23r, a2i = t0i + COS_4PI_5 * s14i + COS_2PI_5 * s23i;
      const b2r = SIN_4PI_5 * d14r - SIN_2PI_5 * d23r, b2i = SIN_4PI_5 * d14i - SIN_2PI_5 * d23i;
      // a ∓ i b: -i b = (bi, -br)
      const u1r = a1r + b1i, u1i = a1i - b1r, u4r = a1r - b1i, u4i = a1i + b1r;
      const u2r = a2r + b2i, u2i = a2i - b2r, u3r = a2r - b2i, u3i = a2i + b2r;
      const w = 8 * i;
      bRe[b + outStride] = u1r * tw[w] - u1i * tw[w + 1];
      bIm[b + outStride] = u1r * tw[w + 1] + u1i * tw[w];
      bRe[b + 2 * outStride] = u2r * tw[w + 2] - u2i * tw[w + 3];
      bIm[b + 2 * outStride] = u2r * tw[w + 3] + u2i * tw[w + 2];
      bRe[b + 3 * outStride] = u3r * tw[w + 4] - u3i * tw[w + 5];
      bIm[b + 3 * outStride] = u3r * tw[w + 5] + u3i * tw[w + 4];
      bRe[b + 4 * outStride] = u4r * tw[w + 6] - u4i * tw[w + 7];
      bIm[b + 4 * outStride] = u4r * tw[w + 7] + u4i * tw[w + 6];
    }
  }
}

// Odd p, pairing j with p - j: with s_j = t_j + t_(p-j), d_j = t_j - t_(p-j) (1 <= j <= (p-1)/2),
// u_m, u_(p-m) = t0 + Σ_j cos(2π jm/p) s_j ∓ i Σ_j sin(2π jm/p) d_j
function passGeneric(p: Pass, aRe: Float64Array, aIm: Float64Array, bRe: Float64Array, bIm: Float64Array, scratch: GenericScratch): void {
  const { radix, l1, ido, twiddles: tw, roots } = p;
  const half = (radix - 1) >> 1;
  const outStride = ido * l1;
  const { sumRe, sumIm, diffRe, diffIm } = scratch;
  for (let k = 0; k < l1; k++) {
    for (let i = 0; i < ido; i++) {
      const a = i + ido * radix * k;
      const b = i + ido * k;
      const t0r = aRe[a], t0i = aIm[a];
      let u0r = t0r, u0i = t0i;
      for (let j = 1; j <= half; j++) {
        const x = a + j * ido, y = a + (radix - j) * ido;
        const sr = aRe[x] + aRe[y], si = aIm[x] + aIm[y];
        sumRe[j] = sr;
        sumIm[j] = si;
        diffRe[j] = aRe[x] - aRe[y];
        diffIm[j] = aIm[x] - aIm[y];
        u0r += sr;
        u0i += si;
      }
      bRe[b] = u0r;
      bIm[b] = u0i;
      const w = 2 * (radix - 1) * i;
      for (let m = 1; m <= half; m++) {
        let ar = t0r, ai = t0i, br = 0, bi = 0;
        let r = 0;
        for (let j = 1; j <= half; j++) {
          r += m;
          if (r >= radix) r -= radix;
          const c = roots[2 * r], s = roots[2 * r + 1];
          ar += c * sumRe[j];
          ai += c * sumIm[j];
          br += s * diffRe[j];
          bi += s * diffIm[j];
        }
        const umr = ar + bi, umi = ai - br;
        const vmr = ar - bi, vmi = ai + br;
        const wm = w + 2 * (m - 1);
        const wp = w + 2 * (radix - m - 1);
        bRe[b + m * outStride] = umr * tw[wm] - umi * tw[wm + 1];
        bIm[b + m * outStride] = umr * tw[wm + 1] + umi * tw[wm];
        bRe[b + (radix - m) * outStride] = vmr * tw[wp] - vmi * tw[wp + 1];
        bIm[b + (radix - m) * outStride] = vmr * tw[wp + 1] + vmi * tw[wp];
      }
    }
  }
}
