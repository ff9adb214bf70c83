/**
 * QR factorization A = Q R by Householder reflections, of a batch of
 * rectangular matrices: `qr` (numpy's modes), and its two LAPACK halves
 * `geqrf` (packed reflectors) and `householderProduct` (Q from them), as
 * `jax.lax.linalg.geqrf` / `householder_product`.
 *
 * @example
 * const { q, r } = qr(new Float64Array([3, 4]), 1, 2, 1); // q = [-0.6, -0.8], r = [-5]
 */
import { applyBlockLeft, columnReflectors } from "./blockReflector.ts";
import { applyReflectorLeft, makeReflector, readReflector } from "./householder.ts";
import { allocateLike, checkDims, checkLength, loadMatrix, storeMatrix } from "./layout.ts";
import type { FloatArray } from "./layout.ts";
import { ShapeError } from "../../core/errors.ts";

/** numpy's QR modes: Q [m, k] and R [k, n]; Q [m, m] and R [m, n]; or R [k, n] alone (k = min(m, n)). */
export type QrMode = "reduced" | "complete" | "r";

/** Q (absent in mode "r") and R of A = Q R. */
export interface QrResult<T extends FloatArray> {
  readonly q?: T;
  readonly r: T;
}

/** LAPACK's compact QR: R on and above the diagonal, reflector vectors below, and their scalars. */
export interface GeqrfResult<T extends FloatArray> {
  /** [batch, m, n]: R in the upper trapezoid, reflector j's v[1..] below the diagonal in column j. */
  readonly a: T;
  /** [batch, min(m, n)]: H_j = I - taus[j] v_j v_jᵀ. */
  readonly taus: T;
}

/**
 * A = Q R for each [m, n] matrix of `a` ([batch, m, n]), any m and n.
 * Q has orthonormal columns and R is upper trapezoidal; R's diagonal may be
 * negative (LAPACK's sign convention, as numpy and JAX). Rank-deficient A
 * factors without error (R gets zeros on its diagonal; Q stays orthonormal).
 *
 * Algorithm: Householder QR (LAPACK's geqrf: 2n²(m - n/3) flops for m ≥ n),
 * then Q by backward accumulation of the reflectors (orgqr: about the same
 * again for the reduced Q, 4(m²n - mn² + n³/3) for the complete one). From
 * min(m, n) ≥ 64 both go by blocks of 32 reflectors applied as
 * I - V T Vᵀ (compact WY) through the matmul kernel.
 */
export function qr<T extends FloatArray>(a: T, batch: number, m: number, n: number, mode: QrMode = "reduced"): QrResult<T> {
  checkDims("qr", { batch, m, n });
  checkLength("qr", "a", a, [batch, m, n]);
  const k = Math.min(m, n);
  const rRows = mode === "complete" ? m : k;
  const qCols = mode === "complete" ? m : k;
  const r = allocateLike(a, batch * rRows * n);
  const q = mode === "r" ? undefined : allocateLike(a, batch * m * qCols);
  const work = new Float64Array(m * n);
  const taus = new Float64Array(k);
  const qWork = new Float64Array(m * qCols);
  const v = new Float64Array(m);
  const w = new Float64Array(Math.max(m, n));
  for (let t = 0; t < batch; t++) {
    loadMatrix(a, t, m * n, work);
    factorInPlace(work, m, n, taus, v, w);
    if (q !== undefined) {
      formQ(work, m, n, taus, qWork, qCols, v, w);
      storeMatrix(qWork, q, t, m * qCols);
    }
    // R: the upper trapezoid of the first k rows (rows k..m of "complete" stay zero)
    const rOffset = t * rRows * n;
    for (let i = 0; i < k; i++) {
      for (let j = i; j < n; j++) r[rOffset + i * n + j] = work[i * n + j];
    }
  }
  return q === undefined ? { r } : { q, r };
}

/**
 * The compact QR of each [m, n] matrix of `a`: R and the Householder
 * vectors packed into one [m, n] matrix plus the scalars `taus`, as LAPACK's
 * geqrf and `jax.lax.linalg.geqrf`. 2n²(m - n/3) flops.
 */
export function geqrf<T extends FloatArray>(a: T, batch: number, m: number, n: number): GeqrfResult<T> {
  checkDims("geqrf", { batch, m, n });
  checkLength("geqrf", "a", a, [batch, m, n]);
  const k = Math.min(m, n);
  const packed = allocateLike(a, batch * m * n);
  const taus = allocateLike(a, batch * k);
  const work = new Float64Array(m * n);
  const tauWork = new Float64Array(k);
  const v = new Float64Array(m);
  const w = new Float64Array(Math.max(m, n));
  for (let t = 0; t < batch; t++) {
    loadMatrix(a, t, m * n, work);
    factorInPlace(work, m, n, tauWork, v, w);
    storeMatrix(work, packed, t, m * n);
    taus.set(tauWork, t * k);
  }
  return { a: packed, taus };
}

/**
 * The first n columns of H_0 H_1 ⋯ H_{k-1} for k reflectors packed below the
 * diagonal of each [m, n] matrix of `a` (k ≤ n ≤ m) with scalars `taus`
 * ([batch, k]), as LAPACK's orgqr and `jax.lax.linalg.householder_product`.
 * About 4mnk - 2(m + n)k² + 4k³/3 flops.
 */
export function householderProduct<T extends FloatArray>(
  a: T,
  taus: T,
  batch: number,
  m: number,
  n: number,
  k: number = Math.min(m, n),
): T {
  checkDims("householder_product", { batch, m, n, k });
  checkLength("householder_product", "a", a, [batch, m, n]);
  checkLength("householder_product", "taus", taus, [batch, k]);
  if (n > m || k > n) {
    throw new ShapeError(`householder_product: needs k ≤ n ≤ m, got a [${batch}, ${m}, ${n}] and ${k} reflectors`);
  }
  const out = allocateLike(a, batch * m * n);
  const work = new Float64Array(m * n);
  const tauWork = new Float64Array(k);
  const qWork = new Float64Array(m * n);
  const v = new Float64Array(m);
  const w = new Float64Array(n);
  for (let t = 0; t < batch; t++) {
    loadMatrix(a, t, m * n, work);
    loadMatrix(taus, t, k, tauWork);
    formQ(work, m, n, tauWork, qWork, n, v, w);
    storeMatrix(qWork, out, t, m * n);
  }
  return out;
}

/** Reflectors per block in the blocked paths (compact WY with the matmul kernel). */
const BLOCK = 32;
/** Below this many reflectors the unblocked loops are as fast. */
const BLOCKED_FROM = 2 * BLOCK;

/**
 * In place: `a` (m×n at offset 0) becomes its compact QR and taus[j] the
 * scalar of reflector j, for j < min(m, n). `v` (m) and `w` (n) are scratch.
 * Panels of BLOCK columns are factored reflector by reflector; the rest of
 * the matrix is then updated by the panel's block reflector (geqrf).
 */
export function factorInPlace(a: Float64Array, m: number, n: number, taus: Float64Array, v: Float64Array, w: Float64Array): void {
  const k = Math.min(m, n);
  const blocked = k >= BLOCKED_FROM;
  for (let j0 = 0; j0 < k; j0 += blocked ? BLOCK : k) {
    const b = blocked ? Math.min(BLOCK, k - j0) : k;
    const panelEnd = blocked ? j0 + b : n; // columns the reflector-by-reflector loop updates
    for (let j = j0; j < j0 + b; j++) {
      const tau = makeReflector(a, j * n + j, n, m - j);
      taus[j] = tau;
      if (tau !== 0 && j + 1 < panelEnd) {
        readReflector(a, j * n + j, n, m - j, v);
        applyReflectorLeft(a, n, j, j + 1, m - j, panelEnd - j - 1, v, tau, w);
      }
    }
    if (blocked && j0 + b < n) {
      // A[j0:, j0+b:] ← (H_j0 ⋯ H_{j0+b-1})ᵀ A[j0:, j0+b:] = (I - V Tᵀ Vᵀ) A
      const { vt, t } = columnReflectors(a, n, m, j0, b, taus);
      applyBlockLeft(a, n, j0, j0 + b, m - j0, n - j0 - b, vt, b, t, true);
    }
  }
}

/**
 * q (m×qCols) ← the first qCols columns of H_0 ⋯ H_{k-1} (k = taus.length
 * reflectors packed in `a`, m×n), by backward accumulation: H_j only touches
 * rows and columns ≥ j of the partial product, as LAPACK's org2r; in blocks
 * of BLOCK reflectors (I - V T Vᵀ) when there are many.
 */
export function formQ(
  a: Float64Array,
  m: number,
  n: number,
  taus: ArrayLike<number>,
  q: Float64Array,
  qCols: number,
  v: Float64Array,
  w: Float64Array,
): void {
  q.fill(0, 0, m * qCols);
  for (let i = 0; i < Math.min(m, qCols); i++) q[i * qCols + i] = 1;
  const k = Math.min(taus.length, m);
  if (k >= BLOCKED_FROM) {
    const last = Math.floor((k - 1) / BLOCK) * BLOCK;
    for (let j0 = last; j0 >= 0; j0 -= BLOCK) {
      const b = Math.min(BLOCK, k - j0);
      const { vt, t } = columnReflectors(a, n, m, j0, b, taus);
      applyBlockLeft(q, qCols, j0, j0, m - j0, qCols - j0, vt, b, t, false);
    }
    return;
  }
  for (let j = k - 1; j >= 0; j--) {
    if (taus[j] === 0) continue;
    readReflector(a, j * n + j, n, m - j, v);
    applyReflectorLeft(q, qCols, j, j, m - j, qCols - j, v, taus[j], w);
  }
}
