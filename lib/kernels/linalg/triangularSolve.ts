/**
 * Triangular solves op(A) X = B or X op(A) = B for a batch of triangular A,
 * with the options of `jax.lax.linalg.triangular_solve`.
 *
 * @example
 * // [[2, 0], [1, 1]] x = [2, 3]  →  x = [1, 2]
 * triangularSolve(new Float64Array([2, 0, 1, 1]), new Float64Array([2, 3]), 1, 2, 1, { leftSide: true, lower: true });
 */
import { axpy, multiply, scale } from "./blas.ts";
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
 * row of length n), blocked for many right-hand sides so that most of the
 * work is matrix products (LAPACK's trsm); the right-side case solves
 * op(A)ᵀ Xᵀ = Bᵀ on a transposed copy. m² n flops on the left, n² m on the
 * right.
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

/** Rows per block in the blocked substitution. */
const BLOCK = 32;
/** Blocking pays from this order and this many right-hand sides. */
const BLOCKED_FROM = 64;
const BLOCKED_COLS = 8;

/**
 * In place: x [k, cols] ← op(A)⁻¹ x for triangular A [k, k] (offset 0).
 * op(A)[i][p] is A[i][p], or A[p][i] when `transposeA`; op(A) is lower
 * triangular when `lower !== transposeA`, and then rows are solved top-down.
 * With many right-hand sides, rows go in blocks of BLOCK: the block first
 * loses op(A)[block, solved] · X[solved] through the matmul kernel, then is
 * solved by substitution against its diagonal block.
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
  const step = k >= BLOCKED_FROM && cols >= BLOCKED_COLS ? BLOCK : Math.max(k, 1);
  if (forward) {
    for (let i0 = 0; i0 < k; i0 += step) {
      const b = Math.min(step, k - i0);
      if (i0 > 0) subtractSolved(a, x, k, cols, transposeA, i0, b, 0, i0);
      substitute(a, x, k, cols, transposeA, unitDiagonal, i0, b, true);
    }
  } else {
    for (let i0 = Math.floor((k - 1) / step) * step; i0 >= 0; i0 -= step) {
      const b = Math.min(step, k - i0);
      if (i0 + b < k) subtractSolved(a, x, k, cols, transposeA, i0, b, i0 + b, k - i0 - b);
      substitute(a, x, k, cols, transposeA, unitDiagonal, i0, b, false);
    }
  }
}

/** x[i0 : i0+b] -= op(A)[i0 : i0+b, p0 : p0+width] · x[p0 : p0+width], by the matmul kernel. */
function subtractSolved(
  a: Float64Array,
  x: Float64Array,
  k: number,
  cols: number,
  transposeA: boolean,
  i0: number,
  b: number,
  p0: number,
  width: number,
): void {
  const block = new Float64Array(b * width);
  for (let i = 0; i < b; i++) {
    for (let p = 0; p < width; p++) {
      block[i * width + p] = transposeA ? a[(p0 + p) * k + i0 + i] : a[(i0 + i) * k + p0 + p];
    }
  }
  const product = multiply(block, x.subarray(p0 * cols, (p0 + width) * cols), b, width, cols);
  for (let i = 0; i < b * cols; i++) x[i0 * cols + i] -= product[i];
}

/** Substitution for rows i0..i0+b of x against the diagonal block (earlier blocks already subtracted). */
function substitute(
  a: Float64Array,
  x: Float64Array,
  k: number,
  cols: number,
  transposeA: boolean,
  unitDiagonal: boolean,
  i0: number,
  b: number,
  forward: boolean,
): void {
  // op(A)[i][p] lives at a[i*k + p] (rowStride k, colStride 1) or a[p*k + i].
  const rowStride = transposeA ? 1 : k;
  const colStride = transposeA ? k : 1;
  const end = i0 + b;
  if (cols === 1) {
    // one right-hand side: a dot product per row
    for (let step = 0; step < b; step++) {
      const i = forward ? i0 + step : end - 1 - step;
      let s = x[i];
      if (forward) for (let p = i0; p < i; p++) s -= a[i * rowStride + p * colStride] * x[p];
      else for (let p = i + 1; p < end; p++) s -= a[i * rowStride + p * colStride] * x[p];
      x[i] = unitDiagonal ? s : s / a[i * k + i];
    }
    return;
  }
  for (let step = 0; step < b; step++) {
    const i = forward ? i0 + step : end - 1 - step;
    const xi = i * cols;
    if (forward) for (let p = i0; p < i; p++) axpy(-a[i * rowStride + p * colStride], x, p * cols, x, xi, cols);
    else for (let p = i + 1; p < end; p++) axpy(-a[i * rowStride + p * colStride], x, p * cols, x, xi, cols);
    if (!unitDiagonal) scale(1 / a[i * k + i], x, xi, cols);
  }
}
