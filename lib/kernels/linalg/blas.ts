/**
 * Level-1 and level-3 building blocks for the linear-algebra kernels, on
 * Float64Array work buffers with explicit offsets: unrolled dot products and
 * axpy over contiguous runs, an overflow-safe 2-norm, and products of whole
 * matrices through the shared matmul kernel (WebAssembly SIMD where available).
 *
 * @example
 * const x = new Float64Array([3, 4]);
 * dot(x, 0, x, 0, 2); // 25
 * norm2(x, 0, 1, 2);  // 5
 */
import { matmul } from "../matmul.ts";

// level 1

/** sum_p x[xo + p] * y[yo + p] for p < n: contiguous runs, four accumulators. */
export function dot(x: Float64Array, xo: number, y: Float64Array, yo: number, n: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let p = 0;
  for (; p + 4 <= n; p += 4) {
    s0 += x[xo + p] * y[yo + p];
    s1 += x[xo + p + 1] * y[yo + p + 1];
    s2 += x[xo + p + 2] * y[yo + p + 2];
    s3 += x[xo + p + 3] * y[yo + p + 3];
  }
  for (; p < n; p++) s0 += x[xo + p] * y[yo + p];
  return s0 + s1 + (s2 + s3);
}

/** y[yo + p] += alpha * x[xo + p] for p < n (contiguous). */
export function axpy(alpha: number, x: Float64Array, xo: number, y: Float64Array, yo: number, n: number): void {
  if (alpha === 0) return;
  let p = 0;
  for (; p + 4 <= n; p += 4) {
    y[yo + p] += alpha * x[xo + p];
    y[yo + p + 1] += alpha * x[xo + p + 1];
    y[yo + p + 2] += alpha * x[xo + p + 2];
    y[yo + p + 3] += alpha * x[xo + p + 3];
  }
  for (; p < n; p++) y[yo + p] += alpha * x[xo + p];
}

/** x[xo + p] *= alpha for p < n (contiguous). */
export function scale(alpha: number, x: Float64Array, xo: number, n: number): void {
  for (let p = 0; p < n; p++) x[xo + p] *= alpha;
}

/**
 * The 2-norm of x[offset + p * stride] for p < n, without overflow or
 * underflow in the squares (scaled by the largest magnitude, as LAPACK's dnrm2).
 */
export function norm2(x: Float64Array, offset: number, stride: number, n: number): number {
  let big = 0;
  for (let p = 0; p < n; p++) {
    const v = Math.abs(x[offset + p * stride]);
    if (v > big || v !== v) big = v;
  }
  if (big === 0 || !Number.isFinite(big)) return big;
  // Scale only when squares could leave the normal range.
  if (big > 1e-150 && big < 1e150) {
    let s = 0;
    for (let p = 0; p < n; p++) {
      const v = x[offset + p * stride];
      s += v * v;
    }
    return Math.sqrt(s);
  }
  // Divide (1 / big overflows for subnormal big).
  let s = 0;
  for (let p = 0; p < n; p++) {
    const v = x[offset + p * stride] / big;
    s += v * v;
  }
  return big * Math.sqrt(s);
}

/**
 * √(x² + y²) without overflow or underflow: the plain formula when the
 * larger magnitude is in [1e-150, 1e150] (about 10× faster than Math.hypot
 * in V8), Math.hypot otherwise.
 */
export function hypot(x: number, y: number): number {
  const big = Math.max(Math.abs(x), Math.abs(y));
  return big >= 1e-150 && big <= 1e150 ? Math.sqrt(x * x + y * y) : Math.hypot(x, y);
}

// level 2

/**
 * y[yo + r] = Σ_c A[r, c] x[xo + c] for the rows×cols block of `a` at
 * `offset` (row stride lda): one contiguous dot product per row.
 */
export function matVec(
  a: Float64Array,
  offset: number,
  lda: number,
  rows: number,
  cols: number,
  x: Float64Array,
  xo: number,
  y: Float64Array,
  yo: number,
): void {
  for (let r = 0; r < rows; r++) y[yo + r] = dot(a, offset + r * lda, x, xo, cols);
}

/**
 * y[yo + c] += Σ_r x[xo + r] A[r, c] for the rows×cols block of `a` at
 * `offset` (row stride lda): rows combined two at a time into y.
 */
export function matTVec(
  a: Float64Array,
  offset: number,
  lda: number,
  rows: number,
  cols: number,
  x: Float64Array,
  xo: number,
  y: Float64Array,
  yo: number,
): void {
  let r = 0;
  for (; r + 2 <= rows; r += 2) {
    const x0 = x[xo + r];
    const x1 = x[xo + r + 1];
    const row0 = offset + r * lda;
    const row1 = row0 + lda;
    for (let c = 0; c < cols; c++) y[yo + c] += x0 * a[row0 + c] + x1 * a[row1 + c];
  }
  if (r < rows) axpy(x[xo + r], a, offset + r * lda, y, yo, cols);
}

// level 3

/**
 * The [m, n] product of a [m, k] and b [k, n] (both at offset 0) as a new
 * Float64Array, through the shared batched matmul kernel.
 */
export function multiply(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  return matmul(a, b, 1, m, k, n, "float64") as Float64Array;
}
