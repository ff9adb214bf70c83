/**
 * Determinants from the LU factorization: `det` and `slogdet` (sign and
 * log|det|, which do not overflow where the product would).
 *
 * @example
 * det(new Float64Array([1, 2, 3, 4]), 1, 2);     // [-2]
 * slogdet(new Float64Array([1, 2, 3, 4]), 1, 2); // { sign: [-1], logAbsDet: [log 2] }
 */
import { allocateLike, checkDims, checkLength, loadMatrix } from "./layout.ts";
import type { FloatArray } from "./layout.ts";
import { factorInPlace } from "./lu.ts";

/** The sign and natural log of |det A| for a batch, as `numpy.linalg.slogdet`. */
export interface SlogdetResult<T extends FloatArray> {
  /** [batch]: -1, 0 or 1 (NaN when A holds NaN). */
  readonly sign: T;
  /** [batch]: log |det A|, -Infinity for singular A. */
  readonly logAbsDet: T;
}

/**
 * det A for each A [n, n] of `a` ([batch, n, n]), as `jax.numpy.linalg.det`:
 * (-1)^(row swaps) times the product of U's diagonal from P A = L U. The
 * product may overflow to ±Infinity for large n (use `slogdet`); a singular
 * A gives 0 (or -0). det of the 0×0 matrix is 1. 2n³/3 flops.
 */
export function det<T extends FloatArray>(a: T, batch: number, n: number): T {
  checkDims("det", { batch, n });
  checkLength("det", "a", a, [batch, n, n]);
  const out = allocateLike(a, batch);
  const work = new Float64Array(n * n);
  const pivots = new Int32Array(n);
  for (let t = 0; t < batch; t++) {
    loadMatrix(a, t, n * n, work);
    const swaps = factorInPlace(work, n, n, pivots);
    let product = swaps % 2 === 0 ? 1 : -1;
    for (let i = 0; i < n; i++) product *= work[i * n + i];
    out[t] = product;
  }
  return out;
}

/**
 * sign(det A) and log |det A| for each A [n, n] of `a` ([batch, n, n]), as
 * `jax.numpy.linalg.slogdet`: from P A = L U, sign = (-1)^(row swaps) ·
 * ∏ sign(U[i, i]) and log|det| = Σ log |U[i, i]|. Singular A (a zero pivot)
 * gives sign 0 and log|det| = -Infinity; the 0×0 matrix gives (1, 0).
 * 2n³/3 flops.
 */
export function slogdet<T extends FloatArray>(a: T, batch: number, n: number): SlogdetResult<T> {
  checkDims("slogdet", { batch, n });
  checkLength("slogdet", "a", a, [batch, n, n]);
  const sign = allocateLike(a, batch);
  const logAbsDet = allocateLike(a, batch);
  const work = new Float64Array(n * n);
  const pivots = new Int32Array(n);
  for (let t = 0; t < batch; t++) {
    loadMatrix(a, t, n * n, work);
    const swaps = factorInPlace(work, n, n, pivots);
    let s = swaps % 2 === 0 ? 1 : -1;
    let log = 0;
    for (let i = 0; i < n; i++) {
      const u = work[i * n + i];
      s *= Math.sign(u);
      log += Math.log(Math.abs(u));
    }
    const singular = s === 0;
    sign[t] = singular ? 0 : s;
    logAbsDet[t] = singular ? -Infinity : log;
  }
  return { sign, logAbsDet };
}
