/**
 * Triangular solves op(A) X = B or X op(A) = B for a batch of triangular A,
 * with the options of `jax.lax.linalg.triangular_solve`.
 *
 * @example
 * // [[2, 0], [1, 1]] x = [2, 3]  →  x = [1, 2]
 * triangularSolve(new Float64Array([2, 0, 1, 1]), new Float64Array([2, 3]), 1, 2, 1, { leftSide: true, lower: true });
 */
import { axpy, scale } from "./blas.ts";
import { allocateLike, checkDims, checkLength, loadMatrix, storeMatrix, transposeInto } from "./layout.ts";
import type { FloatArray } from "./layout.ts";

/** The options of `jax.lax.linalg.triangular_solve` (JAX's defaults: all false). */
export interface TriangularSolveOptions {
  /** Solve op(A) X = B (true) or X op(A) = B (false). */
  readonly leftSide?: boolean;
  /** Read A's lower triangle (true) or upper triangle (false); the other is ignored. */
  readonly lower?: boolean;
  /** op(A) = Aᵀ (true) or A (false). */
  readonly transposeA?: boolean;
  /** Complex conjugation of A: no effect on real storage, accepted for JAX's signature. */
  readonly conjugateA?: boolean;
  /** Take A's diagonal as ones without reading it. */
  readonly unitDiagonal?: boolean;
}

/**
 * X with op(A) X = B (`leftSide`) or X op(A) = B, for each matrix of the
 * batch: B and X are [batch, m, n]; A is [batch, m, m] when `leftSide`,
 * else [batch, n, n], and only its `lower` (or upper) triangle is read.
 *
 * Singular A (a zero on the diagonal) is not checked: the division gives
 * ±Infinity or NaN in the affected entries, as LAPACK's trsm (and JAX).
 *
 * Algorithm: substitution by rows of X (each step an axpy over a contiguous
 * row of length n); the right-side case solves op(A)ᵀ Xᵀ = Bᵀ on a
 * transposed copy. m² n flops on the left, n² m on the right.
 */
export function triangularSolve<T extends FloatArray>(
  a: T,
  b: T,
  batch: number,
  m: number,
  n: number,
  options: TriangularSolveOptions = {},
): T {
  const { leftSide = false, lower = false, transposeA = false, unitDiagonal = false } = options;
  checkDims("triangular_solve", { batch, m, n });
  const k = leftSide ? m : n;
  checkLength("triangular_solve", "a", a, [batch, k, k]);
  checkLength("triangular_solve", "b", b, [batch, m, n]);
  const out = allocateLike(b, batch * m * n);
  const aWork = new Float64Array(k * k);
  const x = new Float64Array(m * n);
  const xt = leftSide ? x : new Float64Array(m * n);
  for (let t = 0; t < batch; t++) {
    loadMatrix(a, t, k * k, aWork);
    loadMatrix(b, t, m * n, x);
    if (leftSide) {
      solveLeft(aWork, x, m, n, lower, transposeA, unitDiagonal);
    } else {
      // X op(A) = B  ⟺  op(A)ᵀ Xᵀ = Bᵀ
      transposeInto(x, m, n, xt);
      solveLeft(aWork, xt, n, m, lower, !transposeA, unitDiagonal);
      transposeInto(xt, n, m, x);
    }
    storeMatrix(x, out, t, m * n);
  }
  return out;
}

/**
 * In place: x [k, cols] ← op(A)⁻¹ x for triangular A [k, k] (offset 0).
 * op(A)[i][p] is A[i][p], or A[p][i] when `transposeA`; op(A) is lower
 * triangular when `lower !== transposeA`, and then rows are solved top-down.
 */
export function solveLeft(
  a: Float64Array,
  x: Float64Array,
  k: number,
  cols: number,
  lower: boolean,
  transposeA: boolean,
  unitDiagonal: boolean,
): void {
  const forward = lower !== transposeA;
  // op(A)[i][p] lives at a[i*k + p] (rowStride k, colStride 1) or a[p*k + i].
  const rowStride = transposeA ? 1 : k;
  const colStride = transposeA ? k : 1;
  if (forward) {
    for (let i = 0; i < k; i++) {
      const xi = i * cols;
      for (let p = 0; p < i; p++) axpy(-a[i * rowStride + p * colStride], x, p * cols, x, xi, cols);
      if (!unitDiagonal) scale(1 / a[i * k + i], x, xi, cols);
    }
  } else {
    for (let i = k - 1; i >= 0; i--) {
      const xi = i * cols;
      for (let p = i + 1; p < k; p++) axpy(-a[i * rowStride + p * colStride], x, p * cols, x, xi, cols);
      if (!unitDiagonal) scale(1 / a[i * k + i], x, xi, cols);
    }
  }
}
