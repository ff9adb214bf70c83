/**
 * Householder reduction of a symmetric matrix to tridiagonal form,
 * A = Q T Qᵀ (LAPACK's sytd2 + orgtr), the first phase of `eigh`.
 *
 * The matrix is kept in full (both triangles) so every product streams over
 * contiguous rows: step j reflects row j's tail onto e₁ and updates the
 * trailing block by the symmetric rank-2 update A22 -= v wᵀ + w vᵀ.
 *
 * @example
 * const a = new Float64Array([2, 1, 1, 1, 2, 1, 1, 1, 2]);
 * const d = new Float64Array(3), e = new Float64Array(3), taus = new Float64Array(3);
 * tridiagonalize(a, 3, d, e, taus, new Float64Array(3), new Float64Array(3)); // d = [2, 3, 1], e = [-√2, 0]
 */
import { dot } from "./blas.ts";
import { applyReflectorRight, makeReflector, readReflector } from "./householder.ts";

/** Copies the `lower` (or upper) triangle of the n×n matrix `a` onto the other one. */
export function symmetrizeFrom(a: Float64Array, n: number, lower: boolean): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (lower) a[j * n + i] = a[i * n + j];
      else a[i * n + j] = a[j * n + i];
    }
  }
}

/**
 * In place, for the full symmetric n×n `a` (offset 0): T's diagonal into
 * d[0..n) and off-diagonal into e[0..n-1) (e[n-1] = 0), reflector j's
 * vector v[1..] into row j from column j+2 and its scalar into taus[j].
 * `v` and `w` are scratch of n entries. 4n³/3 flops (the rank-2 update
 * runs over the full trailing block, trading 2/3 n³ flops for contiguity).
 */
export function tridiagonalize(
  a: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
  taus: Float64Array,
  v: Float64Array,
  w: Float64Array,
): void {
  for (let j = 0; j + 1 < n; j++) {
    const r = n - j - 1; // order of the trailing block A22 = a[j+1:, j+1:]
    const start = j * n + j + 1; // row j's tail, equal to column j below the diagonal
    const tau = makeReflector(a, start, 1, r);
    taus[j] = tau;
    d[j] = a[j * n + j];
    e[j] = a[start];
    if (tau === 0) continue;
    readReflector(a, start, 1, r, v);
    // p = tau A22 v, then w = p - (tau/2)(pᵀv) v, so that H A22 H = A22 - v wᵀ - w vᵀ
    const base = (j + 1) * n + (j + 1);
    for (let i = 0; i < r; i++) w[i] = tau * dot(a, base + i * n, v, 0, r);
    const k = 0.5 * tau * dot(w, 0, v, 0, r);
    for (let i = 0; i < r; i++) w[i] -= k * v[i];
    for (let i = 0; i < r; i++) {
      const row = base + i * n;
      const vi = v[i];
      const wi = w[i];
      let c = 0;
      for (; c + 2 <= r; c += 2) {
        a[row + c] -= vi * w[c] + wi * v[c];
        a[row + c + 1] -= vi * w[c + 1] + wi * v[c + 1];
      }
      if (c < r) a[row + c] -= vi * w[c] + wi * v[c];
    }
  }
  if (n > 0) {
    d[n - 1] = a[n * n - 1];
    e[n - 1] = 0;
  }
}

/**
 * z (n×n) ← Qᵀ = H_{n-2} ⋯ H_0 from the reflectors `tridiagonalize` left in
 * `a`, so that row i of z is column i of Q. Built as I · H_{n-2} ⋯ H_0,
 * each H_j applied from the right to rows and columns > j only (the rest
 * is still the identity): 4n³/3 flops on contiguous rows.
 */
export function formQTransposed(a: Float64Array, n: number, taus: Float64Array, z: Float64Array, v: Float64Array): void {
  z.fill(0, 0, n * n);
  for (let i = 0; i < n; i++) z[i * n + i] = 1;
  for (let j = n - 2; j >= 0; j--) {
    const tau = taus[j];
    if (tau === 0) continue;
    const r = n - j - 1;
    readReflector(a, j * n + j + 1, 1, r, v);
    applyReflectorRight(z, n, j + 1, j + 1, r, r, v, tau);
  }
}
