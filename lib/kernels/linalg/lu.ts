/**
 * LU factorization with partial (row) pivoting, P A = L U, of a batch of
 * rectangular matrices, returning what `jax.lax.linalg.lu` returns.
 *
 * @example
 * const { lu: packed, pivots, permutation } = lu(new Float64Array([1, 2, 3, 4]), 1, 2, 2);
 * // packed = [3, 4, 1/3, 2/3], pivots = [1, 1], permutation = [1, 0]
 */
import { axpy, multiply } from "./blas.ts";
import { copyBlock, subtractBlock } from "./blockReflector.ts";
import { allocateLike, checkDims, checkLength, loadMatrix, storeMatrix } from "./layout.ts";
import type { FloatArray } from "./layout.ts";

const SAFE_MIN = 2.2250738585072014e-308;

/** The factors of P A = L U, packed as LAPACK's getrf and JAX's `lu`. */
export interface LuResult<T extends FloatArray> {
  /** [batch, m, n]: U on and above the diagonal, L's multipliers below it (L's unit diagonal implicit). */
  readonly lu: T;
  /** [batch, min(m, n)] int32: row j was swapped with row pivots[j] ≥ j at step j (0-based). */
  readonly pivots: Int32Array;
  /** [batch, m] int32: row i of P A is row permutation[i] of A (the swaps applied to 0..m-1). */
  readonly permutation: Int32Array;
}

/**
 * The partially pivoted LU factorization of each [m, n] matrix of `a`
 * ([batch, m, n]). L is m×k unit lower trapezoidal and U is k×n upper
 * trapezoidal, k = min(m, n).
 *
 * A singular matrix factors without error: a column whose candidates are all
 * zero is left unscaled and U gets an exact zero on its diagonal (LAPACK's
 * getrf reports info > 0 there; JAX returns the factors as they are, and so
 * does this). NaN entries propagate; nothing throws or loops.
 *
 * Algorithm: right-looking elimination (the multipliers of column j, then a
 * rank-1 update of the trailing rows, each an axpy over a contiguous row),
 * blocked by panels of 32 columns from min(m, n) ≥ 64 so that the trailing
 * updates run in the matmul kernel: m n k - (m + n) k²/2 + k³/3
 * multiply-adds, about 2n³/3 flops when square.
 */
export function lu<T extends FloatArray>(a: T, batch: number, m: number, n: number): LuResult<T> {
  checkDims("lu", { batch, m, n });
  checkLength("lu", "a", a, [batch, m, n]);
  const k = Math.min(m, n);
  const size = m * n;
  const packed = allocateLike(a, batch * size);
  const pivots = new Int32Array(batch * k);
  const permutation = new Int32Array(batch * m);
  const work = new Float64Array(size);
  const piv = new Int32Array(k);
  for (let t = 0; t < batch; t++) {
    loadMatrix(a, t, size, work);
    factorInPlace(work, m, n, piv);
    storeMatrix(work, packed, t, size);
    pivots.set(piv, t * k);
    const perm = permutation.subarray(t * m, (t + 1) * m);
    permutationFromPivots(piv, m, perm);
  }
  return { lu: packed, pivots, permutation };
}

/** Columns per panel in the blocked path. */
const BLOCK = 32;
/** Below this min(m, n) the unblocked loop is as fast. */
const BLOCKED_FROM = 2 * BLOCK;

/**
 * In place: `a` (m×n at offset 0) becomes its packed LU factors and
 * `pivots[j]` the row swapped with row j at step j, for j < min(m, n).
 * Returns the number of row swaps that exchanged two different rows.
 *
 * Large matrices go by panels of BLOCK columns (LAPACK's getrf): each
 * panel is eliminated column by column (its row swaps applied to whole
 * rows), then U12 = L11⁻¹ A12 and the trailing update A22 -= L21 U12 runs
 * through the matmul kernel.
 */
export function factorInPlace(a: Float64Array, m: number, n: number, pivots: Int32Array): number {
  const k = Math.min(m, n);
  const blocked = k >= BLOCKED_FROM;
  const step = blocked ? BLOCK : k;
  let swaps = 0;
  for (let j0 = 0; j0 < k; j0 += step) {
    const b = Math.min(step, k - j0);
    const panelEnd = blocked ? j0 + b : n; // the columns the column-by-column loop updates
    for (let j = j0; j < j0 + b; j++) {
      // the largest |a[i, j]| for i ≥ j (the first of equals, as idamax)
      let p = j;
      let best = Math.abs(a[j * n + j]);
      for (let i = j + 1; i < m; i++) {
        const v = Math.abs(a[i * n + j]);
        if (v > best) {
          best = v;
          p = i;
        }
      }
      pivots[j] = p;
      if (p !== j) {
        swapRows(a, j * n, p * n, n);
        swaps++;
      }
      const pivot = a[j * n + j];
      if (pivot === 0) continue; // the column below is zero already: nothing to eliminate
      // Multiply by the reciprocal unless it would overflow (a subnormal pivot), as dgetf2.
      const inv = Math.abs(pivot) >= SAFE_MIN ? 1 / pivot : 0;
      const rowJ = j * n + j + 1;
      const rest = panelEnd - j - 1;
      for (let i = j + 1; i < m; i++) {
        const at = i * n + j;
        const multiplier = inv !== 0 ? a[at] * inv : a[at] / pivot;
        a[at] = multiplier;
        axpy(-multiplier, a, rowJ, a, at + 1, rest);
      }
    }
    if (blocked && j0 + b < n) updateTrailing(a, m, n, j0, b);
  }
  return swaps;
}

/** After the panel j0..j0+b: U12 = L11⁻¹ A12 (unit lower, by rows), then A22 -= L21 U12. */
function updateTrailing(a: Float64Array, m: number, n: number, j0: number, b: number): void {
  const c0 = j0 + b;
  const cols = n - c0;
  for (let i = j0 + 1; i < j0 + b; i++) {
    for (let p = j0; p < i; p++) axpy(-a[i * n + p], a, p * n + c0, a, i * n + c0, cols);
  }
  const rows = m - c0;
  if (rows === 0) return;
  const l21 = new Float64Array(rows * b);
  copyBlock(a, c0 * n + j0, n, rows, b, l21);
  const u12 = new Float64Array(b * cols);
  copyBlock(a, j0 * n + c0, n, b, cols, u12);
  subtractBlock(a, c0 * n + c0, n, rows, cols, multiply(l21, u12, rows, b, cols));
}

/** perm[i] for i < m: the pivots' row swaps applied in order to 0..m-1. */
export function permutationFromPivots(pivots: Int32Array, m: number, perm: Int32Array): void {
  for (let i = 0; i < m; i++) perm[i] = i;
  for (let j = 0; j < pivots.length; j++) {
    const p = pivots[j];
    const tmp = perm[j];
    perm[j] = perm[p];
    perm[p] = tmp;
  }
}

function swapRows(a: Float64Array, x: number, y: number, len: number): void {
  for (let p = 0; p < len; p++) {
    const tmp = a[x + p];
    a[x + p] = a[y + p];
    a[y + p] = tmp;
  }
}
