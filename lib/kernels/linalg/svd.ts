/**
 * Singular value decomposition A = U diag(s) Vᵀ of a batch of rectangular
 * matrices, singular values descending, as `jax.lax.linalg.svd`.
 *
 * @example
 * const { s, u, vt } = svd(new Float64Array([3, 0, 0, -2]), 1, 2, 2);
 * // s = [3, 2]; u diag(s) vt reproduces [[3, 0], [0, -2]]
 */
import { bidiagonalize, formLeftTransposed } from "./bidiagonal.ts";
import { makeRotation, rotateRows } from "./givens.ts";
import type { Rotation } from "./givens.ts";
import { allFinite, allocateLike, checkDims, checkLength, loadMatrix, storeMatrix, transposeInto } from "./layout.ts";
import type { FloatArray } from "./layout.ts";
import { scaleIntoSafeRange } from "./scaling.ts";
import { formQTransposed } from "./tridiagonal.ts";

const EPS = Number.EPSILON;

/** QR sweeps allowed per singular value before the iteration gives up (LAPACK's dbdsqr allows 6 per value per row). */
export const MAX_SWEEPS_PER_VALUE = 30;

/** Options of `svd` (JAX's defaults: both true). */
export interface SvdOptions {
  /** U [m, m] and Vᵀ [n, n] (true) or the thin U [m, k] and Vᵀ [k, n] (false). */
  readonly fullMatrices?: boolean;
  /** Compute U and Vᵀ (true) or only s. */
  readonly computeUv?: boolean;
}

/** s [batch, k] descending and, with `computeUv`, U and Vᵀ (k = min(m, n)). */
export interface SvdResult<T extends FloatArray> {
  readonly s: T;
  readonly u?: T;
  readonly vt?: T;
}

/**
 * The singular values (descending, ≥ 0) of each [m, n] matrix of `a`
 * ([batch, m, n]) and, with `computeUv` (default), U and Vᵀ with
 * orthonormal columns/rows: U [m, m] and Vᵀ [n, n] with `fullMatrices`
 * (default), else U [m, k] and Vᵀ [k, n]. Signs of singular vectors are
 * arbitrary; rank-deficient A gets zeros in s and orthonormal completions.
 *
 * Failure is reported as JAX does (NaN outputs where LAPACK's gesdd reports
 * info ≠ 0): a matrix with a NaN or infinite entry, or one whose bidiagonal
 * QR has not converged within 30 sweeps per singular value (not seen in
 * practice), gets NaN s, U and Vᵀ. Nothing throws or hangs.
 *
 * Algorithm (Golub–Kahan–Reinsch): wide A is handled as Aᵀ. Householder
 * bidiagonalization A = Q B Pᵀ (4mn² - 4n³/3 flops, half of them in
 * matrix products from n = 64), Qᵀ and Pᵀ formed explicitly (blocked), then
 * implicit-shift QR sweeps on B (Wilkinson shift from the trailing 2×2 of
 * BᵀB, deflating when |e_i| ≤ ε max(|d_i| + |d_{i+1}|, ‖B‖) or
 * |d_i| ≤ ε ‖B‖: rounding leaves noise of order ε‖B‖), each rotation
 * applied to the rows of Uᵀ or Vᵀ: about 0.9 n² rotations, 6(m + n) flops
 * each, which dominate for large matrices (LAPACK's gesdd replaces them by
 * divide and conquer; not done here). Backward stable: ‖A - U S Vᵀ‖ is
 * O(n ε ‖A‖).
 */
export function svd<T extends FloatArray>(a: T, batch: number, m: number, n: number, options: SvdOptions = {}): SvdResult<T> {
  const { fullMatrices = true, computeUv = true } = options;
  checkDims("svd", { batch, m, n });
  checkLength("svd", "a", a, [batch, m, n]);
  const k = Math.min(m, n);
  const uCols = fullMatrices ? m : k;
  const vtRows = fullMatrices ? n : k;
  const s = allocateLike(a, batch * k);
  const u = computeUv ? allocateLike(a, batch * m * uCols) : undefined;
  const vt = computeUv ? allocateLike(a, batch * vtRows * n) : undefined;
  // The tall problem: A itself (m ≥ n) or Aᵀ (m < n), of size tallM × k.
  const tallM = Math.max(m, n);
  const wide = m < n;
  const tallRows = fullMatrices ? tallM : k; // rows of the tall problem's Uᵀ
  const input = new Float64Array(m * n);
  const work = wide ? new Float64Array(m * n) : input;
  const ut = new Float64Array(computeUv ? tallRows * tallM : 0);
  const vtk = new Float64Array(computeUv ? k * k : 0);
  const out = new Float64Array(computeUv ? Math.max(m * uCols, vtRows * n) : 0);
  const d = new Float64Array(k);
  const e = new Float64Array(k);
  const tauQ = new Float64Array(k);
  const tauP = new Float64Array(k);
  const v = new Float64Array(tallM);
  const w = new Float64Array(tallM);
  for (let t = 0; t < batch; t++) {
    loadMatrix(a, t, m * n, input);
    let ok = allFinite(input, m * n);
    if (ok) {
      if (wide) transposeInto(input, m, n, work);
      const scale = scaleIntoSafeRange(work, m * n);
      bidiagonalize(work, tallM, k, d, e, tauQ, tauP, v, w);
      if (computeUv) {
        formLeftTransposed(work, tallM, k, tauQ, ut, tallRows, v);
        formQTransposed(work, k, tauP, vtk, v);
      }
      ok = bidiagonalQr(d, e, k, computeUv ? ut : null, tallM, computeUv ? vtk : null);
      if (ok) {
        sortDescending(d, k, computeUv ? ut : null, tallM, computeUv ? vtk : null);
        for (let i = 0; i < k; i++) s[t * k + i] = d[i] * scale;
        if (u !== undefined && vt !== undefined) {
          if (!wide) {
            // A = (Uᵀ)ᵀ S Vᵀ
            transposeInto(ut, tallRows, tallM, out);
            storeMatrix(out, u, t, m * uCols);
            storeMatrix(vtk, vt, t, vtRows * n);
          } else {
            // Aᵀ = U' S V'ᵀ, so A = V' S U'ᵀ: U = (V'ᵀ)ᵀ and Vᵀ = U'ᵀ
            transposeInto(vtk, k, k, out);
            storeMatrix(out, u, t, m * uCols);
            storeMatrix(ut, vt, t, vtRows * n);
          }
        }
      }
    }
    if (!ok) {
      s.fill(NaN, t * k, (t + 1) * k);
      u?.fill(NaN, t * m * uCols, (t + 1) * m * uCols);
      vt?.fill(NaN, t * vtRows * n, (t + 1) * vtRows * n);
    }
  }
  return u === undefined ? { s } : { s, u, vt };
}

/**
 * In place: the upper bidiagonal B (diagonal d[0..n), superdiagonal
 * e[0..n-1)) is diagonalized by rotations; d becomes the singular values
 * up to sign and order. Left rotations are applied to the first n rows of
 * `ut` (rows of length uLen) and right rotations to the rows of `vt` (n×n),
 * so ut ← Ūᵀ ut and vt ← V̄ᵀ vt where B = Ū diag(d) V̄ᵀ. False when the
 * sweep budget (MAX_SWEEPS_PER_VALUE · n) ran out.
 */
export function bidiagonalQr(
  d: Float64Array,
  e: Float64Array,
  n: number,
  ut: Float64Array | null,
  uLen: number,
  vt: Float64Array | null,
): boolean {
  if (n <= 1) return true;
  e[n - 1] = 0;
  let norm = 0;
  for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(d[i]) + Math.abs(e[i]));
  const tiny = EPS * norm;
  const rot: Rotation = { c: 1, s: 0, r: 0 };
  const cs = new Float64Array(4 * n);
  let budget = MAX_SWEEPS_PER_VALUE * n;
  let hi = n - 1;
  while (hi > 0) {
    // deflate negligible couplings and diagonal entries
    for (let i = 0; i < hi; i++) {
      const coupling = Math.abs(e[i]);
      if (coupling <= tiny || coupling <= EPS * (Math.abs(d[i]) + Math.abs(d[i + 1]))) e[i] = 0;
    }
    if (e[hi - 1] === 0) {
      hi--;
      continue;
    }
    let lo = hi - 1;
    while (lo > 0 && e[lo - 1] !== 0) lo--;
    // a (numerically) zero diagonal entry in lo..hi: rotate its couplings out
    let zeroAt = -1;
    for (let i = lo; i <= hi; i++) {
      if (Math.abs(d[i]) <= tiny) {
        zeroAt = i;
        break;
      }
    }
    if (zeroAt >= 0) {
      d[zeroAt] = 0;
      if (zeroAt < hi) chaseRowOut(d, e, zeroAt, hi, ut, uLen, rot);
      if (zeroAt > lo) chaseColumnOut(d, e, lo, zeroAt, vt, n, rot);
      continue;
    }
    if (--budget < 0) return false;
    qrSweep(d, e, lo, hi, ut, uLen, vt, n, rot, cs);
  }
  return true;
}

/**
 * One implicit-shift Golub–Kahan QR sweep on the unreduced block lo..hi.
 * The rotations are recorded in `cs` (4 per step: right c, s, left c, s)
 * and applied afterwards, all of Vᵀ's then all of Uᵀ's, so each pass
 * streams through one matrix.
 */
function qrSweep(
  d: Float64Array,
  e: Float64Array,
  lo: number,
  hi: number,
  ut: Float64Array | null,
  uLen: number,
  vt: Float64Array | null,
  vLen: number,
  rot: Rotation,
  cs: Float64Array,
): void {
  // Wilkinson shift: the eigenvalue of BᵀB's trailing 2×2 closer to its last entry
  const dm = d[hi - 1];
  const em = e[hi - 1];
  const emPrev = hi - 1 > lo ? e[hi - 2] : 0;
  const t11 = dm * dm + emPrev * emPrev;
  const t12 = dm * em;
  const t22 = d[hi] * d[hi] + em * em;
  const half = (t11 - t22) / 2;
  const root = Math.hypot(half, t12);
  const mu = t22 - (t12 * t12) / (half + (half >= 0 ? root : -root) || 1);
  let y = d[lo] * d[lo] - mu;
  let z = d[lo] * e[lo];
  for (let k = lo; k < hi; k++) {
    // right rotation of columns k, k+1 zeroes z against y
    makeRotation(y, z, rot);
    let c = rot.c;
    let s = rot.s;
    cs[4 * k] = c;
    cs[4 * k + 1] = s;
    if (k > lo) e[k - 1] = rot.r;
    y = c * d[k] + s * e[k];
    e[k] = c * e[k] - s * d[k];
    z = s * d[k + 1];
    d[k + 1] = c * d[k + 1];
    // left rotation of rows k, k+1 zeroes the bulge z below the diagonal
    makeRotation(y, z, rot);
    c = rot.c;
    s = rot.s;
    cs[4 * k + 2] = c;
    cs[4 * k + 3] = s;
    d[k] = rot.r;
    y = c * e[k] + s * d[k + 1];
    d[k + 1] = c * d[k + 1] - s * e[k];
    if (k + 1 < hi) {
      z = s * e[k + 1];
      e[k + 1] = c * e[k + 1];
    }
  }
  e[hi - 1] = y;
  if (vt !== null) applySweep(vt, vLen, lo, hi, cs, 0);
  if (ut !== null) applySweep(ut, uLen, lo, hi, cs, 2);
}

/** Rows k, k+1 of x (row length len) rotated by (cs[4k + at], cs[4k + at + 1]) for k = lo..hi-1, in order. */
function applySweep(x: Float64Array, len: number, lo: number, hi: number, cs: Float64Array, at: number): void {
  for (let k = lo; k < hi; k++) rotateRows(x, k * len, (k + 1) * len, len, cs[4 * k + at], cs[4 * k + at + 1]);
}

/** d[i] = 0 with i < hi: left rotations of rows (j, i), j = i+1..hi, move e[i] right and off the end. */
function chaseRowOut(d: Float64Array, e: Float64Array, i: number, hi: number, ut: Float64Array | null, uLen: number, rot: Rotation): void {
  let f = e[i];
  e[i] = 0;
  for (let j = i + 1; j <= hi && f !== 0; j++) {
    makeRotation(d[j], f, rot);
    d[j] = rot.r;
    if (j < hi) {
      f = -rot.s * e[j];
      e[j] = rot.c * e[j];
    }
    if (ut !== null) rotateRows(ut, j * uLen, i * uLen, uLen, rot.c, rot.s);
  }
}

/** d[i] = 0 with i > lo: right rotations of columns (j, i), j = i-1..lo, move e[i-1] up and off the top. */
function chaseColumnOut(d: Float64Array, e: Float64Array, lo: number, i: number, vt: Float64Array | null, vLen: number, rot: Rotation): void {
  let f = e[i - 1];
  e[i - 1] = 0;
  for (let j = i - 1; j >= lo && f !== 0; j--) {
    makeRotation(d[j], f, rot);
    d[j] = rot.r;
    if (j > lo) {
      f = -rot.s * e[j - 1];
      e[j - 1] = rot.c * e[j - 1];
    }
    if (vt !== null) rotateRows(vt, j * vLen, i * vLen, vLen, rot.c, rot.s);
  }
}

/** Makes d[0..n) nonnegative (negating rows of vt) and sorts it descending, permuting rows of ut and vt alike. */
function sortDescending(d: Float64Array, n: number, ut: Float64Array | null, uLen: number, vt: Float64Array | null): void {
  for (let i = 0; i < n; i++) {
    if (d[i] < 0) {
      d[i] = -d[i];
      if (vt !== null) for (let c = 0; c < n; c++) vt[i * n + c] = -vt[i * n + c];
    } else if (d[i] === 0) {
      d[i] = 0; // not -0
    }
  }
  for (let i = 0; i < n; i++) {
    let k = i;
    for (let j = i + 1; j < n; j++) if (d[j] > d[k]) k = j;
    if (k === i) continue;
    const tmp = d[i];
    d[i] = d[k];
    d[k] = tmp;
    if (ut !== null) swapRows(ut, i * uLen, k * uLen, uLen);
    if (vt !== null) swapRows(vt, i * n, k * n, n);
  }
}

function swapRows(a: Float64Array, x: number, y: number, len: number): void {
  for (let p = 0; p < len; p++) {
    const tmp = a[x + p];
    a[x + p] = a[y + p];
    a[y + p] = tmp;
  }
}
