/**
 * Blocks of Householder reflectors in compact WY form (LAPACK's larft and
 * larfb): H_0 H_1 ⋯ H_{b-1} = I - V T Vᵀ with T upper triangular, so that
 * applying b reflectors to a block costs three matrix products, run by the
 * shared (WebAssembly SIMD) matmul kernel instead of 2b passes of scalar
 * rank-1 updates. Also the strided-block copies the blocked kernels share.
 *
 * V is held transposed and contiguous: row i of `vt` ([b, len]) is reflector
 * i's vector, zero before position i and 1 at position i.
 *
 * @example
 * // two reflectors of length 3 → T (2×2), then A ← (I - V T Vᵀ)ᵀ A
 * triangularFactor(vt, taus, 2, 3, t);
 * applyBlockLeft(a, n, 0, 0, 3, n, vt, 2, t, true);
 */
import { multiply } from "./blas.ts";

// copies

/** dst (rows×cols, contiguous) ← the block of `src` at `offset` with row stride `ld`. */
export function copyBlock(src: Float64Array, offset: number, ld: number, rows: number, cols: number, dst: Float64Array): void {
  for (let i = 0; i < rows; i++) dst.set(src.subarray(offset + i * ld, offset + i * ld + cols), i * cols);
}

/** The block of `c` at `offset` (row stride `ld`) -= p (rows×cols, contiguous). */
export function subtractBlock(c: Float64Array, offset: number, ld: number, rows: number, cols: number, p: Float64Array): void {
  for (let i = 0; i < rows; i++) {
    const row = offset + i * ld;
    const from = i * cols;
    for (let j = 0; j < cols; j++) c[row + j] -= p[from + j];
  }
}

/** dst [cols, rows] ← src [rows, cols] transposed (contiguous, offset 0). */
export function transposed(src: Float64Array, rows: number, cols: number): Float64Array {
  const dst = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) dst[j * rows + i] = src[i * cols + j];
  return dst;
}

// compact WY

/**
 * t (b×b, upper triangular) with H_0 ⋯ H_{b-1} = I - V T Vᵀ for the
 * reflectors in the rows of vt ([b, len]) and their scalars taus[0..b):
 * T[i, i] = τ_i and T[:i, i] = -τ_i T[:i, :i] (V[:, :i]ᵀ v_i). b² len flops.
 */
export function triangularFactor(vt: Float64Array, taus: ArrayLike<number>, b: number, len: number, t: Float64Array): void {
  t.fill(0, 0, b * b);
  const y = new Float64Array(b);
  for (let i = 0; i < b; i++) {
    const tau = taus[i];
    t[i * b + i] = tau;
    if (tau === 0 || i === 0) continue;
    // y[p] = v_pᵀ v_i for p < i (v_i is zero before position i)
    const vi = i * len;
    for (let p = 0; p < i; p++) {
      const vp = p * len;
      let s = 0;
      for (let q = i; q < len; q++) s += vt[vp + q] * vt[vi + q];
      y[p] = s;
    }
    // T[:i, i] = -τ T[:i, :i] y (upper triangular times vector)
    for (let p = 0; p < i; p++) {
      let s = 0;
      for (let q = p; q < i; q++) s += t[p * b + q] * y[q];
      t[p * b + i] = -tau * s;
    }
  }
}

/**
 * The block of `a` at rows r0.., cols c0.. (rows×cols, row stride lda) ←
 * (I - V op(T) Vᵀ) · block, with op(T) = Tᵀ when `transposeT` (applying the
 * reflectors in reverse order, H_{b-1} ⋯ H_0), else T. V is rows×b.
 * Three products: W = Vᵀ A, W ← op(T) W, A -= V W; 4 b rows cols flops.
 */
export function applyBlockLeft(
  a: Float64Array,
  lda: number,
  r0: number,
  c0: number,
  rows: number,
  cols: number,
  vt: Float64Array,
  b: number,
  t: Float64Array,
  transposeT: boolean,
): void {
  if (rows === 0 || cols === 0 || b === 0) return;
  const block = new Float64Array(rows * cols);
  copyBlock(a, r0 * lda + c0, lda, rows, cols, block);
  const w = multiply(vt, block, b, rows, cols);
  const tw = multiply(transposeT ? transposed(t, b, b) : t, w, b, b, cols);
  subtractBlock(a, r0 * lda + c0, lda, rows, cols, multiply(transposed(vt, b, rows), tw, rows, b, cols));
}

/**
 * The block of `a` at rows r0.., cols c0.. (rows×cols) ← block ·
 * (I - V op(T) Vᵀ), op(T) = Tᵀ when `transposeT`. V is cols×b.
 * Three products: W = A V, W ← W op(T), A -= W Vᵀ; 4 b rows cols flops.
 */
export function applyBlockRight(
  a: Float64Array,
  lda: number,
  r0: number,
  c0: number,
  rows: number,
  cols: number,
  vt: Float64Array,
  b: number,
  t: Float64Array,
  transposeT: boolean,
): void {
  if (rows === 0 || cols === 0 || b === 0) return;
  const block = new Float64Array(rows * cols);
  copyBlock(a, r0 * lda + c0, lda, rows, cols, block);
  const w = multiply(block, transposed(vt, b, cols), rows, cols, b);
  const wt = multiply(w, transposeT ? transposed(t, b, b) : t, rows, b, b);
  subtractBlock(a, r0 * lda + c0, lda, rows, cols, multiply(wt, vt, rows, b, cols));
}

// blocks of reflectors as the factorizations store them

/**
 * V (transposed, [b, m - j0]) and T for the b reflectors stored below the
 * diagonal of columns j0..j0+b of `a` (row stride lda), acting on rows ≥ j0
 * (geqrf's and gebrd's left reflectors).
 */
export function columnReflectors(
  a: Float64Array,
  lda: number,
  m: number,
  j0: number,
  b: number,
  taus: ArrayLike<number>,
): { vt: Float64Array; t: Float64Array } {
  const len = m - j0;
  const vt = new Float64Array(b * len);
  for (let i = 0; i < b; i++) {
    vt[i * len + i] = 1;
    for (let p = i + 1; p < len; p++) vt[i * len + p] = a[(j0 + p) * lda + j0 + i];
  }
  return { vt, t: factorOf(vt, taus, j0, b, len) };
}

/**
 * V (transposed, [b, n - j0 - 1]) and T for the b reflectors stored in rows
 * j0..j0+b of `a` (row length n) from one past the superdiagonal, acting on
 * indices ≥ j0 + 1 (sytrd's and gebrd's right reflectors).
 */
export function rowReflectors(a: Float64Array, n: number, j0: number, b: number, taus: ArrayLike<number>): { vt: Float64Array; t: Float64Array } {
  const len = n - j0 - 1;
  const vt = new Float64Array(b * len);
  for (let i = 0; i < b; i++) {
    const row = (j0 + i) * n + j0 + 1;
    vt[i * len + i] = 1;
    for (let p = i + 1; p < len; p++) vt[i * len + p] = a[row + p];
  }
  return { vt, t: factorOf(vt, taus, j0, b, len) };
}

function factorOf(vt: Float64Array, taus: ArrayLike<number>, j0: number, b: number, len: number): Float64Array {
  const t = new Float64Array(b * b);
  const blockTaus = new Float64Array(b);
  for (let i = 0; i < b; i++) blockTaus[i] = taus[j0 + i];
  triangularFactor(vt, blockTaus, b, len, t);
  return t;
}
