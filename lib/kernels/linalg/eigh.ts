/**
 * Eigendecomposition of a batch of real symmetric matrices, A = V diag(w) Vᵀ,
 * with eigenvalues ascending and orthonormal eigenvectors, as
 * `jax.lax.linalg.eigh`.
 *
 * @example
 * const { values, vectors } = eigh(new Float64Array([2, 1, 1, 2]), 1, 2);
 * // values = [1, 3], vectors' columns ±[1, -1]/√2 and ±[1, 1]/√2
 */
import { rotateRows } from "./givens.ts";
import { allFinite, allocateLike, checkDims, checkLength, loadMatrix, storeMatrix, transposeInto } from "./layout.ts";
import type { FloatArray } from "./layout.ts";
import { scaleIntoSafeRange } from "./scaling.ts";
import { formQTransposed, symmetrizeFrom, tridiagonalize } from "./tridiagonal.ts";

const EPS = Number.EPSILON;

/** Sweeps allowed per eigenvalue before the iteration gives up (EISPACK's and LAPACK's 30). */
export const MAX_SWEEPS_PER_EIGENVALUE = 30;

/** Options of `eigh`. */
export interface EighOptions {
  /** Read A's lower triangle (true, JAX's default) or its upper triangle. */
  readonly lower?: boolean;
  /** Compute the eigenvectors (true) or only the eigenvalues (O(n²) after the reduction). */
  readonly computeVectors?: boolean;
}

/** Eigenvalues (ascending) and, when asked for, eigenvectors as columns. */
export interface EighResult<T extends FloatArray> {
  /** [batch, n], ascending. */
  readonly values: T;
  /** [batch, n, n]: column i is the unit eigenvector of values[i]. */
  readonly vectors?: T;
}

/**
 * The eigenvalues (ascending) and orthonormal eigenvectors (the columns of
 * `vectors`) of each symmetric [n, n] matrix of `a` ([batch, n, n]); only
 * the `lower` (default) or upper triangle is read. Signs of eigenvectors
 * are arbitrary; repeated eigenvalues get an orthonormal basis of their space.
 *
 * Failure is reported as JAX does (it fills the outputs with NaN when
 * LAPACK's syevd reports info ≠ 0): a matrix with a NaN or infinite entry,
 * or one whose QL iteration has not converged after 30 sweeps per
 * eigenvalue (not seen in practice: the shifted iteration converges
 * cubically), gets NaN values and vectors. Nothing throws or hangs.
 *
 * Algorithm: Householder tridiagonalization A = Q T Qᵀ (4n³/3 flops), then
 * implicit QL with Wilkinson-like shifts on T (EISPACK's tql2, deflating
 * when |e_m| ≤ ε max(|d_m| + |d_{m+1}|, ‖T‖)) applying each rotation to
 * the rows of Vᵀ = Sᵀ Qᵀ (about 3n³ flops more with vectors, O(n²) without). The
 * matrix is scaled into a safe exponent range first. Backward stable:
 * ‖A V - V Λ‖ and ‖VᵀV - I‖ are O(n ε ‖A‖).
 */
export function eigh<T extends FloatArray>(a: T, batch: number, n: number, options: EighOptions = {}): EighResult<T> {
  const { lower = true, computeVectors = true } = options;
  checkDims("eigh", { batch, n });
  checkLength("eigh", "a", a, [batch, n, n]);
  const values = allocateLike(a, batch * n);
  const vectors = computeVectors ? allocateLike(a, batch * n * n) : undefined;
  const work = new Float64Array(n * n);
  const z = new Float64Array(computeVectors ? n * n : 0);
  const out = new Float64Array(computeVectors ? n * n : 0);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const taus = new Float64Array(n);
  const v = new Float64Array(n);
  const w = new Float64Array(n);
  for (let t = 0; t < batch; t++) {
    loadMatrix(a, t, n * n, work);
    symmetrizeFrom(work, n, lower);
    let ok = allFinite(work, n * n);
    if (ok) {
      const scale = scaleIntoSafeRange(work, n * n);
      tridiagonalize(work, n, d, e, taus, v, w);
      if (computeVectors) formQTransposed(work, n, taus, z, v);
      ok = tridiagonalQl(d, e, n, computeVectors ? z : null);
      if (ok) {
        sortAscending(d, n, computeVectors ? z : null);
        for (let i = 0; i < n; i++) values[t * n + i] = d[i] * scale;
        if (vectors !== undefined) {
          transposeInto(z, n, n, out);
          storeMatrix(out, vectors, t, n * n);
        }
      }
    }
    if (!ok) {
      values.fill(NaN, t * n, (t + 1) * n);
      vectors?.fill(NaN, t * n * n, (t + 1) * n * n);
    }
  }
  return vectors === undefined ? { values } : { values, vectors };
}

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
      let r = Math.hypot(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      // chase the bulge from the bottom of the block up to l
      for (; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = Math.hypot(f, g);
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

/** Sorts d[0..n) ascending, permuting z's rows alike (selection sort: n row swaps at most). */
function sortAscending(d: Float64Array, n: number, z: Float64Array | null): void {
  for (let i = 0; i < n; i++) {
    let k = i;
    for (let j = i + 1; j < n; j++) if (d[j] < d[k]) k = j;
    if (k === i) continue;
    const tmp = d[i];
    d[i] = d[k];
    d[k] = tmp;
    if (z !== null) {
      for (let c = 0; c < n; c++) {
        const x = z[i * n + c];
        z[i * n + c] = z[k * n + c];
        z[k * n + c] = x;
      }
    }
  }
}
