/**
 * Implicit QL iteration for the symmetric tridiagonal eigenproblem
 * (EISPACK's tql2, LAPACK's steqr): Wilkinson-like shifts from the leading
 * 2×2 of the unreduced block, bulge chasing from the bottom, deflation when
 * an off-diagonal entry is negligible. Each rotation can be applied to two
 * rows of an eigenvector accumulator.
 *
 * @example
 * const d = new Float64Array([2, 2]), e = new Float64Array([1, 0]);
 * tridiagonalQl(d, e, 2, null); // d ≈ [1, 3] (the eigenvalues, in no guaranteed order)
 */
import { hypot } from "./blas.ts";
import { rotateRows } from "./givens.ts";

const EPS = Number.EPSILON;

/** Sweeps allowed per eigenvalue before the iteration gives up (EISPACK's and LAPACK's 30). */
export const MAX_SWEEPS_PER_EIGENVALUE = 30;

/**
 * In place: the symmetric tridiagonal T (diagonal d[0..n), off-diagonal
 * e[0..n-1), e[i] coupling i and i+1) is diagonalized; d becomes the
 * (unsorted) eigenvalues. When `z` (n×n, rows = vectors) is given, each
 * rotation G applied to T is applied to z's rows, so z ← Sᵀ z where
 * T = S diag(d) Sᵀ. False when some eigenvalue needed more than
 * MAX_SWEEPS_PER_EIGENVALUE sweeps (d and z are then meaningless).
 */
export function tridiagonalQl(d: Float64Array, e: Float64Array, n: number, z: Float64Array | null): boolean {
  if (n === 0) return true;
  e[n - 1] = 0;
  // A coupling is negligible relative to its neighbours or to ‖T‖: rounding
  // in a sweep leaves noise of order ε‖T‖ in e, so a purely relative test
  // could never be met for eigenvalues far below ‖T‖ (EISPACK's tql2 tests
  // against the norm as well).
  let norm = 0;
  for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(d[i]) + Math.abs(e[i]) + (i > 0 ? Math.abs(e[i - 1]) : 0));
  const floor = EPS * norm;
  for (let l = 0; l < n; l++) {
    let sweeps = 0;
    for (;;) {
      // the first negligible coupling at or after l splits off the block l..m
      let m = l;
      while (m < n - 1) {
        const coupling = Math.abs(e[m]);
        if (coupling <= floor || coupling <= EPS * (Math.abs(d[m]) + Math.abs(d[m + 1]))) break;
        m++;
      }
      if (m === l) break;
      if (++sweeps > MAX_SWEEPS_PER_EIGENVALUE) return false;
      // shift: the eigenvalue of the leading 2×2 of the block nearer d[l]
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = hypot(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      // chase the bulge from the bottom of the block up to l
      for (; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // underflow: the block splits here; restart from l with the updated d
          d[i + 1] -= p;
          e[m] = 0;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        // rows i, i+1 of Vᵀ: new_i = c·z_i - s·z_{i+1}, new_{i+1} = s·z_i + c·z_{i+1}
        if (z !== null) rotateRows(z, (i + 1) * n, i * n, n, c, s);
      }
      if (i >= l) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
  return true;
}
