/**
 * Cholesky factorization A = L Lᵀ of a batch of symmetric positive-definite
 * matrices.
 *
 * @example
 * cholesky(new Float64Array([4, 2, 2, 5]), 1, 2); // [2, 0, 1, 2]
 */
import { dot } from "./blas.ts";
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
 * L[i, :j]·L[j, :j]) / L[j, j], each a contiguous dot product: n³/3 flops.
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

/**
 * In place: the lower triangle of `l` (n×n at offset 0) becomes L and the
 * strict upper triangle becomes zero. False when a pivot is not positive.
 */
export function factorLower(l: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    for (let j = 0; j < i; j++) {
      const rowJ = j * n;
      l[rowI + j] = (l[rowI + j] - dot(l, rowI, l, rowJ, j)) / l[rowJ + j];
    }
    const pivot = l[rowI + i] - dot(l, rowI, l, rowI, i);
    if (!(pivot > 0 && pivot < Infinity)) return false;
    l[rowI + i] = Math.sqrt(pivot);
    l.fill(0, rowI + i + 1, rowI + n);
  }
  return true;
}
