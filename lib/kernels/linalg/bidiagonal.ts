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
import { applyBlockRight, columnReflectors } from "./blockReflector.ts";
import { applyReflectorLeft, applyReflectorRight, makeReflector, readReflector } from "./householder.ts";

/** Reflectors per block when forming Qᵀ. */
const BLOCK = 32;
/** Below this many reflectors the unblocked loop is as fast. */
const BLOCKED_FROM = 2 * BLOCK;

/**
 * In place, for `a` (m×n at offset 0, m ≥ n): B's diagonal into d[0..n) and
 * superdiagonal into e[0..n-1); left reflector j (acting on rows ≥ j) below
 * the diagonal of column j with scalar tauQ[j]; right reflector j (acting on
 * columns ≥ j+1) in row j from column j+2 with scalar tauP[j]. `v` and `w`
 * are scratch of max(m, n) entries. 4mn² - 4n³/3 flops.
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
  for (let j = 0; j < n; j++) {
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
