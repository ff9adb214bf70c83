/**
 * Cholesky factorization A = L Lᵀ of a batch of symmetric positive-definite
 * matrices.
 *
 * @example
 * cholesky(new Float64Array([4, 2, 2, 5]), 1, 2); // [2, 0, 1, 2]
 */
import { dot, multiply } from "./blas.ts";
import { copyBlock, subtractBlock, transposed } from "./blockReflector.ts";
import { allocateLike, checkDims, checkLength, loadMatrix, storeMatrix } from "./layout.ts";
import type { FloatArray } from "./layout.ts";

/**
 * The lower-triangular factor L with A = L Lᵀ for each `n`×`n` matrix of
 * `a` ([batch, n, n], row-major). Only the lower triangle of A is read (as
 * LAPACK's potrf with uplo = "L"; JAX's `symmetrize_input` averages A and Aᵀ
 * before calling, which the primitive layer does); the strict upper
 * triangle of L is zero.
 *
 * A matrix that is not positive definite (a pivot ≤ 0, infinite or NaN) gives L
 * filled with NaN for that matrix, as `jax.lax.linalg.cholesky` does; the
 * other matrices of the batch are unaffected. Nothing throws.
 *
 * Algorithm: row-by-row Cholesky–Banachiewicz, L[i, j] = (A[i, j] -
 * L[i, :j]·L[j, :j]) / L[j, j], each a contiguous dot product; from n = 64
 * by panels of 32 columns whose trailing update runs in the matmul kernel.
 * n³/3 flops (the blocked update computes the full trailing square).
 */
export function cholesky<T extends FloatArray>(a: T, batch: number, n: number): T {
  checkDims("cholesky", { batch, n });
  checkLength("cholesky", "a", a, [batch, n, n]);
  const size = n * n;
  const out = allocateLike(a, batch * size);
  const work = new Float64Array(size);
  for (let t = 0; t < batch; t++) {
    loadMatrix(a, t, size, work);
    if (!factorLower(work, n)) work.fill(NaN);
    storeMatrix(work, out, t, size);
  }
  return out;
}

/** Columns per panel in the blocked path. */
const BLOCK = 32;
/** Below this order the unblocked loop is as fast. */
const BLOCKED_FROM = 2 * BLOCK;

/**
 * In place: the lower triangle of `l` (n×n at offset 0) becomes L and the
 * strict upper triangle becomes zero. False when a pivot is not positive.
 * Large matrices go by panels of BLOCK columns (LAPACK's potrf): factor the
 * diagonal block, solve L21 L11ᵀ = A21 by rows, then A22 -= L21 L21ᵀ in the
 * matmul kernel.
 */
export function factorLower(l: Float64Array, n: number): boolean {
  const step = n >= BLOCKED_FROM ? BLOCK : n;
  for (let j0 = 0; j0 < n; j0 += step) {
    const b = Math.min(step, n - j0);
    if (!factorDiagonalBlock(l, n, j0, b)) return false;
    const r0 = j0 + b;
    const rows = n - r0;
    if (rows === 0) continue;
    // L21: each row x of A21 solves x L11ᵀ = a by forward substitution
    for (let i = r0; i < n; i++) {
      const row = i * n + j0;
      for (let p = 0; p < b; p++) {
        const pivotRow = (j0 + p) * n + j0;
        l[row + p] = (l[row + p] - dot(l, row, l, pivotRow, p)) / l[pivotRow + p];
      }
    }
    // A22 -= L21 L21ᵀ (the whole block: its upper triangle is cleared at the end)
    const l21 = new Float64Array(rows * b);
    copyBlock(l, r0 * n + j0, n, rows, b, l21);
    subtractBlock(l, r0 * n + r0, n, rows, rows, multiply(l21, transposed(l21, rows, b), rows, b, rows));
  }
  for (let i = 0; i < n; i++) l.fill(0, i * n + i + 1, (i + 1) * n);
  return true;
}

/**
 * Cholesky–Banachiewicz on the diagonal block at (j0, j0) of order b, whose
 * earlier columns' contributions were already subtracted: L[i, j] =
 * (A[i, j] - L[i, j0:j]·L[j, j0:j]) / L[j, j], contiguous dot products.
 */
function factorDiagonalBlock(l: Float64Array, n: number, j0: number, b: number): boolean {
  for (let i = j0; i < j0 + b; i++) {
    const rowI = i * n;
    for (let j = j0; j < i; j++) {
      const rowJ = j * n;
      l[rowI + j] = (l[rowI + j] - dot(l, rowI + j0, l, rowJ + j0, j - j0)) / l[rowJ + j];
    }
    const pivot = l[rowI + i] - dot(l, rowI + j0, l, rowI + j0, i - j0);
    if (!(pivot > 0 && pivot < Infinity)) return false;
    l[rowI + i] = Math.sqrt(pivot);
  }
  return true;
}
