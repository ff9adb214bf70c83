/**
 * Householder reflections H = I - tau v vᵀ (v[0] = 1), as LAPACK's dlarfg
 * and dlarf: build one that maps a vector onto a multiple of e₁, and apply
 * one to a block of a row-major matrix from the left or from the right.
 * Both applications stream over contiguous rows.
 *
 * @example
 * const x = new Float64Array([3, 4]);
 * const tau = makeReflector(x, 0, 1, 2); // x = [-5, 0.5]: beta = -5, v = [1, 0.5]
 */
import { axpy, dot, hypot, norm2 } from "./blas.ts";

const SAFE_MIN = 2.2250738585072014e-308 / Number.EPSILON;

/**
 * Turns x = (x[start], x[start + stride], ..., len entries) into a reflector:
 * afterwards H x = beta e₁ with H = I - tau v vᵀ, x[start] holds beta,
 * the other entries hold v[1..] (v[0] = 1 is implicit), and tau is returned.
 * tau = 0 (H = I) when the entries after the first are all zero; otherwise
 * beta = -sign(x₀) ‖x‖ and 1 ≤ tau ≤ 2. Cost: 3 len flops.
 */
export function makeReflector(x: Float64Array, start: number, stride: number, len: number): number {
  if (len <= 1) return 0;
  let alpha = x[start];
  let tailNorm = norm2(x, start + stride, stride, len - 1);
  if (tailNorm === 0) return 0;
  let beta = -Math.sign(alpha || 1) * hypot(alpha, tailNorm);
  // Rescale tiny columns so that v = x / (alpha - beta) cannot overflow
  // (at most ~20 rounds for subnormal input, as dlarfg).
  let rescales = 0;
  while (Math.abs(beta) < SAFE_MIN && rescales < 20) {
    rescales++;
    for (let p = 1; p < len; p++) x[start + p * stride] /= SAFE_MIN;
    alpha /= SAFE_MIN;
    beta /= SAFE_MIN;
  }
  if (rescales > 0) {
    tailNorm = norm2(x, start + stride, stride, len - 1);
    beta = -Math.sign(alpha || 1) * hypot(alpha, tailNorm);
  }
  const tau = (beta - alpha) / beta;
  const inv = 1 / (alpha - beta);
  for (let p = 1; p < len; p++) x[start + p * stride] *= inv;
  for (let r = 0; r < rescales; r++) beta *= SAFE_MIN;
  x[start] = beta;
  return tau;
}

/** Copies the reflector vector stored at x[start + p * stride] (p ≥ 1) into v, with v[0] = 1. */
export function readReflector(x: Float64Array, start: number, stride: number, len: number, v: Float64Array): void {
  v[0] = 1;
  for (let p = 1; p < len; p++) v[p] = x[start + p * stride];
}

/**
 * A[r0 : r0+rows, c0 : c0+cols] ← H A[...] with H = I - tau v vᵀ
 * (v = v[0..rows), A row-major with row length `lda`). `w` is scratch of at
 * least `cols` entries. w = vᵀ A by row combinations, then A -= tau v wᵀ:
 * 4 rows·cols flops, all on contiguous runs.
 */
export function applyReflectorLeft(
  a: Float64Array,
  lda: number,
  r0: number,
  c0: number,
  rows: number,
  cols: number,
  v: Float64Array,
  tau: number,
  w: Float64Array,
): void {
  if (tau === 0 || cols === 0) return;
  w.fill(0, 0, cols);
  for (let i = 0; i < rows; i++) axpy(v[i], a, (r0 + i) * lda + c0, w, 0, cols);
  for (let i = 0; i < rows; i++) axpy(-tau * v[i], w, 0, a, (r0 + i) * lda + c0, cols);
}

/**
 * A[r0 : r0+rows, c0 : c0+cols] ← A[...] H with H = I - tau v vᵀ
 * (v = v[0..cols)): each row loses tau (row·v) v. 4 rows·cols flops.
 */
export function applyReflectorRight(
  a: Float64Array,
  lda: number,
  r0: number,
  c0: number,
  rows: number,
  cols: number,
  v: Float64Array,
  tau: number,
): void {
  if (tau === 0 || cols === 0) return;
  for (let i = 0; i < rows; i++) {
    const row = (r0 + i) * lda + c0;
    axpy(-tau * dot(a, row, v, 0, cols), v, 0, a, row, cols);
  }
}
