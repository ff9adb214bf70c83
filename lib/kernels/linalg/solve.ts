/**
 * Linear systems through the LU factorization: `solve` (A X = B), `luSolve`
 * (reusing factors, also for Aᵀ X = B) and `inv`.
 *
 * @example
 * solve(new Float64Array([2, 1, 1, 3]), new Float64Array([3, 5]), 1, 2, 1); // [0.8, 1.4]
 */
import { allocateLike, checkDims, checkLength, loadMatrix, setIdentity, storeMatrix } from "./layout.ts";
import type { FloatArray } from "./layout.ts";
import { factorInPlace, permutationFromPivots } from "./lu.ts";
import { solveLeft } from "./triangularSolve.ts";

/**
 * X with A X = B for each A [n, n] of `a` ([batch, n, n]) and B [n, nrhs]
 * of `b` ([batch, n, nrhs]); a vector right-hand side is nrhs = 1.
 *
 * Singular A is not detected: U's zero pivot gives ±Infinity or NaN in X,
 * as LAPACK's gesv-based `jax.numpy.linalg.solve` (numpy raises instead).
 *
 * Algorithm: LU with partial pivoting (2n³/3 flops), then the permuted
 * right-hand side through L and U (2n² nrhs flops); backward stable.
 */
export function solve<T extends FloatArray>(a: T, b: T, batch: number, n: number, nrhs: number): T {
  checkDims("solve", { batch, n, nrhs });
  checkLength("solve", "a", a, [batch, n, n]);
  checkLength("solve", "b", b, [batch, n, nrhs]);
  const out = allocateLike(b, batch * n * nrhs);
  const factors = new Float64Array(n * n);
  const pivots = new Int32Array(n);
  const perm = new Int32Array(n);
  const rhs = new Float64Array(n * nrhs);
  const x = new Float64Array(n * nrhs);
  for (let t = 0; t < batch; t++) {
    loadMatrix(a, t, n * n, factors);
    factorInPlace(factors, n, n, pivots);
    permutationFromPivots(pivots, n, perm);
    loadMatrix(b, t, n * nrhs, rhs);
    solveFactored(factors, perm, rhs, x, n, nrhs, false);
    storeMatrix(x, out, t, n * nrhs);
  }
  return out;
}

/**
 * X with A X = B (or Aᵀ X = B when `transpose`) from A's packed LU factors
 * and permutation as `lu` returns them (`lu` [batch, n, n], `permutation`
 * [batch, n]), for B [batch, n, nrhs]: `jax.lax.linalg.lu_solve`. Costs 2n²
 * nrhs flops; the VJP of `solve` needs the transposed solve with the same
 * factors.
 */
export function luSolve<T extends FloatArray>(
  lu: T,
  permutation: Int32Array,
  b: T,
  batch: number,
  n: number,
  nrhs: number,
  transpose = false,
): T {
  checkDims("lu_solve", { batch, n, nrhs });
  checkLength("lu_solve", "lu", lu, [batch, n, n]);
  checkLength("lu_solve", "permutation", permutation, [batch, n]);
  checkLength("lu_solve", "b", b, [batch, n, nrhs]);
  const out = allocateLike(b, batch * n * nrhs);
  const factors = new Float64Array(n * n);
  const rhs = new Float64Array(n * nrhs);
  const x = new Float64Array(n * nrhs);
  for (let t = 0; t < batch; t++) {
    loadMatrix(lu, t, n * n, factors);
    loadMatrix(b, t, n * nrhs, rhs);
    solveFactored(factors, permutation.subarray(t * n, (t + 1) * n), rhs, x, n, nrhs, transpose);
    storeMatrix(x, out, t, n * nrhs);
  }
  return out;
}

/**
 * The inverse of each A [n, n] of `a` ([batch, n, n]): `solve(A, I)`, as
 * `jax.numpy.linalg.inv`. Singular A gives ±Infinity or NaN entries.
 * 2n³/3 flops for LU plus 2n³ for the n right-hand sides.
 */
export function inv<T extends FloatArray>(a: T, batch: number, n: number): T {
  checkDims("inv", { batch, n });
  checkLength("inv", "a", a, [batch, n, n]);
  const out = allocateLike(a, batch * n * n);
  const factors = new Float64Array(n * n);
  const pivots = new Int32Array(n);
  const perm = new Int32Array(n);
  const identity = new Float64Array(n * n);
  setIdentity(identity, n);
  const x = new Float64Array(n * n);
  for (let t = 0; t < batch; t++) {
    loadMatrix(a, t, n * n, factors);
    factorInPlace(factors, n, n, pivots);
    permutationFromPivots(pivots, n, perm);
    solveFactored(factors, perm, identity, x, n, n, false);
    storeMatrix(x, out, t, n * n);
  }
  return out;
}

/**
 * x [n, nrhs] ← A⁻¹ b (or A⁻ᵀ b) from packed factors of P A = L U (offset 0).
 * A = Pᵀ L U, so A x = b is L U x = P b, and Aᵀ x = b is Uᵀ Lᵀ (P x) = b.
 */
export function solveFactored(
  factors: Float64Array,
  perm: ArrayLike<number>,
  b: Float64Array,
  x: Float64Array,
  n: number,
  nrhs: number,
  transpose: boolean,
): void {
  if (!transpose) {
    for (let i = 0; i < n; i++) x.set(b.subarray(perm[i] * nrhs, (perm[i] + 1) * nrhs), i * nrhs);
    solveLeft(factors, x, n, nrhs, true, false, true); // L y = P b
    solveLeft(factors, x, n, nrhs, false, false, false); // U x = y
  } else {
    const w = x === b ? new Float64Array(b) : b.slice(0, n * nrhs);
    solveLeft(factors, w, n, nrhs, false, true, false); // Uᵀ z = b
    solveLeft(factors, w, n, nrhs, true, true, true); // Lᵀ (P x) = z
    for (let i = 0; i < n; i++) x.set(w.subarray(i * nrhs, (i + 1) * nrhs), perm[i] * nrhs);
  }
}
