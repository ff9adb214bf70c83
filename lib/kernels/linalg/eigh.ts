/**
 * Eigendecomposition of a batch of real symmetric matrices, A = V diag(w) Vᵀ,
 * with eigenvalues ascending and orthonormal eigenvectors, as
 * `jax.lax.linalg.eigh`.
 *
 * @example
 * const { values, vectors } = eigh(new Float64Array([2, 1, 1, 2]), 1, 2);
 * // values = [1, 3], vectors' columns ±[1, -1]/√2 and ±[1, 1]/√2
 */
import { allFinite, allocateLike, checkDims, checkLength, loadMatrix, storeMatrix, transposeInto } from "./layout.ts";
import type { FloatArray } from "./layout.ts";
import { scaleIntoSafeRange } from "./scaling.ts";
import { formQTransposed, symmetrizeFrom, tridiagonalize } from "./tridiagonal.ts";
import { tridiagonalQl } from "./tridiagonalQl.ts";
import { LEAF, tridiagonalEigen } from "./divideConquer.ts";
import { multiply } from "./blas.ts";

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
 * or one where an implicit QL iteration has not converged after 30 sweeps
 * per eigenvalue (not seen in practice: the shifted iteration converges
 * cubically), gets NaN values and vectors. The secular-equation solver of
 * divide and conquer is bracketed and stops after 200 steps with its best
 * bracketed root. Nothing throws or hangs.
 *
 * Algorithm: Householder tridiagonalization A = Q T Qᵀ (4n³/3 flops, the
 * rank-2 updates blocked into matrix products). Eigenvectors of T, for
 * n > 32, by divide and conquer (Cuppen with Gu–Eisenstat's vectors, the
 * merges as dense matrix products: at most 8n³/3 flops, less as more
 * deflates), then V = Q S in one more product (2n³, with Q formed in
 * blocks: 4n³/3); for n ≤ 32 by implicit QL (EISPACK's tql2,
 * deflating when |e_m| ≤ ε max(|d_m| + |d_{m+1}|, ‖T‖)) applying each
 * rotation to the rows of Vᵀ = Sᵀ Qᵀ. Eigenvalues alone: QL in O(n²) after
 * the reduction (they agree with the divide-and-conquer ones to rounding,
 * as syevd's with and without vectors). The matrix is scaled into a safe
 * exponent range first. Backward stable: ‖A V - V Λ‖ and ‖VᵀV - I‖ are
 * O(n ε ‖A‖).
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
      if (computeVectors && n > LEAF) {
        // T = S Λ Sᵀ by divide and conquer, then V = Q S in one product
        ok = tridiagonalEigen(d, e, n, out);
        if (ok) {
          transposeInto(z, n, n, work);
          storeMatrix(multiply(work, out, n, n, n), vectors!, t, n * n);
        }
      } else {
        ok = tridiagonalQl(d, e, n, computeVectors ? z : null);
        if (ok) {
          sortAscending(d, n, computeVectors ? z : null);
          if (vectors !== undefined) {
            transposeInto(z, n, n, out);
            storeMatrix(out, vectors, t, n * n);
          }
        }
      }
      if (ok) for (let i = 0; i < n; i++) values[t * n + i] = d[i] * scale;
    }
    if (!ok) {
      values.fill(NaN, t * n, (t + 1) * n);
      vectors?.fill(NaN, t * n * n, (t + 1) * n * n);
    }
  }
  return vectors === undefined ? { values } : { values, vectors };
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
