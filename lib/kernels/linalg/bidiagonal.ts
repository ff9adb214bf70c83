/**
 * Golub–Kahan bidiagonalization A = Q B Pᵀ of a tall matrix (LAPACK's
 * gebd2 + orgbr), the first phase of `svd`: B is upper bidiagonal, Q and P
 * are products of Householder reflections from the left and the right.
 *
 * @example
 * const a = new Float64Array([3, 0, 4, 0]); // [[3, 0], [4, 0]]
 * const d = new Float64Array(2), e = new Float64Array(2);
 * bidiagonalize(a, 2, 2, d, e, new Float64Array(2), new Float64Array(2), new Float64Array(2), new Float64Array(2));
 * // d = [-5, 0], e = [0]
 */
import { axpy, dot, matTVec, matVec, multiply, scale } from "./blas.ts";
import { applyBlockRight, columnReflectors, subtractBlock } from "./blockReflector.ts";
import { applyReflectorLeft, applyReflectorRight, makeReflector, readReflector } from "./householder.ts";

/** Reflectors per block when forming Qᵀ. */
const BLOCK = 32;
/** Below this many reflectors the unblocked loop is as fast. */
const BLOCKED_FROM = 2 * BLOCK;

/** Columns per panel of the blocked reduction. */
const PANEL = 16;

/**
 * In place, for `a` (m×n at offset 0, m ≥ n): B's diagonal into d[0..n) and
 * superdiagonal into e[0..n-1); left reflector j (acting on rows ≥ j) below
 * the diagonal of column j with scalar tauQ[j]; right reflector j (acting on
 * columns ≥ j+1) in row j from column j+2 with scalar tauP[j]. `v` and `w`
 * are scratch of max(m, n) entries. 4mn² - 4n³/3 flops: half are
 * matrix-vector products; for large matrices the other half, the updates of
 * the trailing matrix, are gathered over panels of PANEL columns and applied
 * as A22 -= V Yᵀ + X Uᵀ by the matmul kernel (LAPACK's gebrd with labrd).
 */
export function bidiagonalize(
  a: Float64Array,
  m: number,
  n: number,
  d: Float64Array,
  e: Float64Array,
  tauQ: Float64Array,
  tauP: Float64Array,
  v: Float64Array,
  w: Float64Array,
): void {
  let j0 = 0;
  for (; n - j0 >= BLOCKED_FROM; j0 += PANEL) reducePanel(a, m, n, j0, PANEL, d, e, tauQ, tauP);
  for (let j = j0; j < n; j++) {
    // left: column j from row j onto e₁
    const diag = j * n + j;
    const tq = makeReflector(a, diag, n, m - j);
    tauQ[j] = tq;
    d[j] = a[diag];
    if (tq !== 0 && j + 1 < n) {
      readReflector(a, diag, n, m - j, v);
      applyReflectorLeft(a, n, j, j + 1, m - j, n - j - 1, v, tq, w);
    }
    if (j + 1 >= n) {
      tauP[j] = 0;
      continue;
    }
    // right: row j from column j+1 onto e₁
    const tp = makeReflector(a, diag + 1, 1, n - j - 1);
    tauP[j] = tp;
    e[j] = a[diag + 1];
    if (tp !== 0 && j + 1 < m) {
      readReflector(a, diag + 1, 1, n - j - 1, v);
      applyReflectorRight(a, n, j + 1, j + 1, m - j - 1, n - j - 1, v, tp);
    }
  }
  if (n > 0) e[n - 1] = 0;
}

/**
 * Reduces columns and rows j0..j0+b (labrd). In local coordinates (row r is
 * j0 + r, column c is j0 + c) the trailing matrix stays A - V Yᵀ - X Uᵀ:
 * V, U hold the left and right reflectors, and y_i = τq Cᵀ v_i,
 * x_i = τp C' u_i the products with the matrix as it stood before each
 * reflector (C' after H_i), each formed from the untouched A and the
 * earlier vectors. Column i and row i are brought up to date just before
 * their reflectors are made; the rest of the matrix gets the rank-2b update
 * at the end in two products. All four sets are held transposed (rows).
 */
function reducePanel(
  a: Float64Array,
  m: number,
  n: number,
  j0: number,
  b: number,
  d: Float64Array,
  e: Float64Array,
  tauQ: Float64Array,
  tauP: Float64Array,
): void {
  const rows = m - j0;
  const cols = n - j0;
  const vt = new Float64Array(b * rows);
  const xt = new Float64Array(b * rows);
  const ut = new Float64Array(b * cols);
  const yt = new Float64Array(b * cols);
  const at = (r: number, c: number): number => (j0 + r) * n + j0 + c;
  const coefficients = new Float64Array(2 * b);
  const column = new Float64Array(rows);
  for (let i = 0; i < b; i++) {
    const j = j0 + i;
    // column i, rows i.., up to date: a[r, i] -= Σ_p v_p[r] y_p[i] + x_p[r] u_p[i]
    if (i > 0) {
      column.fill(0, i, rows);
      for (let p = 0; p < i; p++) {
        axpy(yt[p * cols + i], vt, p * rows + i, column, i, rows - i);
        axpy(ut[p * cols + i], xt, p * rows + i, column, i, rows - i);
      }
      for (let r = i; r < rows; r++) a[at(r, i)] -= column[r];
    }
    const tq = makeReflector(a, at(i, i), n, rows - i);
    tauQ[j] = tq;
    d[j] = a[at(i, i)];
    const vi = i * rows;
    vt[vi + i] = 1;
    for (let r = i + 1; r < rows; r++) vt[vi + r] = a[at(r, i)];
    if (i + 1 >= cols) {
      tauP[j] = 0;
      continue;
    }
    const width = cols - i - 1; // columns i+1..
    const yi = i * cols + i + 1;
    // y_i = τq (Aᵀ v_i - Y (Vᵀ v_i) - U (Xᵀ v_i)) over columns i+1..
    if (tq !== 0) {
      matTVec(a, at(i, i + 1), n, rows - i, width, vt, vi + i, yt, yi);
      for (let p = 0; p < i; p++) {
        coefficients[p] = dot(vt, p * rows + i, vt, vi + i, rows - i);
        coefficients[b + p] = dot(xt, p * rows + i, vt, vi + i, rows - i);
      }
      for (let p = 0; p < i; p++) {
        axpy(-coefficients[p], yt, p * cols + i + 1, yt, yi, width);
        axpy(-coefficients[b + p], ut, p * cols + i + 1, yt, yi, width);
      }
      scale(tq, yt, yi, width);
    }
    // row i, columns i+1.., up to date: a[i, c] -= Σ_{p≤i} v_p[i] y_p[c] + Σ_{p<i} x_p[i] u_p[c]
    const rowI = at(i, i + 1);
    for (let p = 0; p <= i; p++) axpy(-vt[p * rows + i], yt, p * cols + i + 1, a, rowI, width);
    for (let p = 0; p < i; p++) axpy(-xt[p * rows + i], ut, p * cols + i + 1, a, rowI, width);
    const tp = makeReflector(a, rowI, 1, width);
    tauP[j] = tp;
    e[j] = a[rowI];
    const ui = i * cols;
    ut[ui + i + 1] = 1;
    for (let c = i + 2; c < cols; c++) ut[ui + c] = a[at(i, c)];
    if (tp === 0) continue;
    // x_i = τp (A u_i - V (Yᵀ u_i) - X (Uᵀ u_i)) over rows i+1.. (V, Y through p = i)
    const xi = i * rows;
    matVec(a, at(i + 1, i + 1), n, rows - i - 1, width, ut, ui + i + 1, xt, xi + i + 1);
    for (let p = 0; p <= i; p++) coefficients[p] = dot(yt, p * cols + i + 1, ut, ui + i + 1, width);
    for (let p = 0; p < i; p++) coefficients[b + p] = dot(ut, p * cols + i + 1, ut, ui + i + 1, width);
    const tail = rows - i - 1;
    for (let p = 0; p <= i; p++) axpy(-coefficients[p], vt, p * rows + i + 1, xt, xi + i + 1, tail);
    for (let p = 0; p < i; p++) axpy(-coefficients[b + p], xt, p * rows + i + 1, xt, xi + i + 1, tail);
    scale(tp, xt, xi + i + 1, tail);
  }
  // the trailing block, rows and columns ≥ b: A -= V Yᵀ + X Uᵀ = [V X] [Y U]ᵀ, one product
  const tr = rows - b;
  const tc = cols - b;
  if (tr === 0 || tc === 0) return;
  const left = new Float64Array(tr * 2 * b); // [V X], tr × 2b
  const right = new Float64Array(2 * b * tc); // [Yᵀ; Uᵀ], 2b × tc
  for (let p = 0; p < b; p++) {
    for (let r = 0; r < tr; r++) {
      left[r * 2 * b + p] = vt[p * rows + b + r];
      left[r * 2 * b + b + p] = xt[p * rows + b + r];
    }
    right.set(yt.subarray(p * cols + b, (p + 1) * cols), p * tc);
    right.set(ut.subarray(p * cols + b, (p + 1) * cols), (b + p) * tc);
  }
  subtractBlock(a, at(b, b), n, tr, tc, multiply(left, right, tr, 2 * b, tc));
}

/**
 * ut (uRows×m) ← the first uRows rows of Qᵀ = H_{n-1} ⋯ H_0 (n ≤ uRows ≤ m),
 * from the left reflectors `bidiagonalize` left in `a` (m×n). Built as
 * I · H_{n-1} ⋯ H_0 applied from the right; H_j changes only rows ≥ j and
 * columns ≥ j. Row i of ut is column i of Q. Large n goes BLOCK reflectors
 * at a time through the matmul kernel.
 */
export function formLeftTransposed(
  a: Float64Array,
  m: number,
  n: number,
  tauQ: Float64Array,
  ut: Float64Array,
  uRows: number,
  v: Float64Array,
): void {
  ut.fill(0, 0, uRows * m);
  for (let i = 0; i < uRows; i++) ut[i * m + i] = 1;
  if (n >= BLOCKED_FROM) {
    for (let j0 = Math.floor((n - 1) / BLOCK) * BLOCK; j0 >= 0; j0 -= BLOCK) {
      const b = Math.min(BLOCK, n - j0);
      const { vt, t } = columnReflectors(a, n, m, j0, b, tauQ);
      // H_{j0+b-1} ⋯ H_{j0} = (I - V T Vᵀ)ᵀ from the right
      applyBlockRight(ut, m, j0, j0, uRows - j0, m - j0, vt, b, t, true);
    }
    return;
  }
  for (let j = n - 1; j >= 0; j--) {
    const tau = tauQ[j];
    if (tau === 0 || j >= uRows) continue;
    readReflector(a, j * n + j, n, m - j, v);
    applyReflectorRight(ut, m, j, j, uRows - j, m - j, v, tau);
  }
}
