/**
 * Cuppen's divide and conquer for the symmetric tridiagonal eigenproblem
 * with Gu and Eisenstat's stable eigenvectors (LAPACK's stedc/laed0-3):
 * most of the work becomes matrix products, run by the matmul kernel.
 *
 * T = [T1 0; 0 T2] + ρ u uᵀ with u = e_{k-1} + σ e_k, ρ = |e_{k-1}|,
 * σ = sign e_{k-1}. With T1' = Q1 D1 Q1ᵀ and T2' = Q2 D2 Q2ᵀ found
 * recursively (T1', T2' are T1, T2 less ρ in the corner entries),
 * T = Q̂ (D + ρ z zᵀ) Q̂ᵀ, Q̂ = diag(Q1, Q2), z = Q̂ᵀ u. The rank-one update is
 * deflated (tiny z_j, or nearly equal d_i, d_j joined by a rotation), its
 * other eigenvalues come from the secular equation, ẑ is recomputed from them
 * (Löwner's formula) so that the eigenvectors (D - λ)⁻¹ ẑ are orthogonal to
 * working precision, and Q̂ times those vectors is one matrix product.
 * Blocks of order ≤ LEAF are solved by implicit QL.
 *
 * @example
 * const d = new Float64Array([2, 2, 2]), e = new Float64Array([1, 1, 0]);
 * const q = new Float64Array(9);
 * tridiagonalEigen(d, e, 3, q); // d = [2 - √2, 2, 2 + √2]
 */
import { multiply } from "./blas.ts";
import { tridiagonalQl } from "./tridiagonalQl.ts";
import { secularRoot } from "./secular.ts";

const EPS = Number.EPSILON;

/** Subproblems of at most this order are solved by QL (LAPACK's SMLSIZ is 25). */
export const LEAF = 32;

/**
 * In place: the symmetric tridiagonal T of order n (diagonal d[0..n),
 * off-diagonal e[0..n-1)) is diagonalized; d becomes its eigenvalues in
 * ascending order and q (n×n, row-major) its orthonormal eigenvectors as
 * columns. e is overwritten. False when a QL leaf did not converge.
 */
export function tridiagonalEigen(d: Float64Array, e: Float64Array, n: number, q: Float64Array): boolean {
  const vectors = solve(d.subarray(0, n), e.subarray(0, Math.max(n - 1, 0)), n);
  if (vectors === null) return false;
  q.set(vectors);
  return true;
}

/** Eigenvectors (columns of an n×n matrix) of the tridiagonal (d, e); d becomes the sorted eigenvalues. */
function solve(d: Float64Array, e: Float64Array, n: number): Float64Array | null {
  if (n <= LEAF) return solveLeaf(d, e, n);
  const k = n >> 1;
  const coupling = e[k - 1];
  const rho = Math.abs(coupling);
  const sigma = coupling < 0 ? -1 : 1;
  d[k - 1] -= rho;
  d[k] -= rho;
  const q1 = solve(d.subarray(0, k), e.subarray(0, k - 1), k);
  const q2 = solve(d.subarray(k), e.subarray(k), n - k);
  if (q1 === null || q2 === null) return null;
  return merge(d, n, k, q1, q2, rho, sigma);
}

/** A small block by implicit QL: rows of z accumulate Sᵀ, sorted ascending, returned as columns. */
function solveLeaf(d: Float64Array, e: Float64Array, n: number): Float64Array | null {
  const z = new Float64Array(n * n);
  for (let i = 0; i < n; i++) z[i * n + i] = 1;
  const off = new Float64Array(n);
  off.set(e.subarray(0, n - 1));
  if (!tridiagonalQl(d, off, n, z)) return null;
  const order = sortedOrder(d, n);
  const sortedValues = order.map((i) => d[i]);
  const q = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    d[c] = sortedValues[c];
    const row = order[c] * n;
    for (let r = 0; r < n; r++) q[r * n + c] = z[row + r];
  }
  return q;
}

/**
 * The eigen-decomposition of T from those of its halves: d holds D1 (k) then
 * D2 (n - k), both ascending; q1 (k×k) and q2 ((n-k)×(n-k)) their vectors.
 */
function merge(d: Float64Array, n: number, k: number, q1: Float64Array, q2: Float64Array, rho: number, sigma: number): Float64Array {
  // z = Q̂ᵀ u / √2 (unit norm): the last row of Q1 and σ times the first row of Q2; ρ becomes 2ρ
  const zAll = new Float64Array(n);
  for (let j = 0; j < k; j++) zAll[j] = q1[(k - 1) * k + j] * Math.SQRT1_2;
  for (let j = k; j < n; j++) zAll[j] = sigma * q2[j - k] * Math.SQRT1_2;
  const rhoScaled = 2 * rho;
  // merge the two ascending lists; qs (n×n) holds the columns of Q̂ in that order
  const order = mergedOrder(d, k, n);
  const values = new Float64Array(n);
  const z = new Float64Array(n);
  const qs = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    const source = order[c];
    values[c] = d[source];
    z[c] = zAll[source];
    if (source < k) for (let r = 0; r < k; r++) qs[r * n + c] = q1[r * k + source];
    else for (let r = k; r < n; r++) qs[r * n + c] = q2[(r - k) * (n - k) + source - k];
  }
  // deflation (laed2): tiny ρ z_j, or a pair (p, j) close enough for a rotation to zero z_p
  let zMax = 0;
  let dMax = 0;
  for (let c = 0; c < n; c++) {
    zMax = Math.max(zMax, Math.abs(z[c]));
    dMax = Math.max(dMax, Math.abs(values[c]));
  }
  const tol = 8 * EPS * Math.max(dMax, zMax);
  const kept: number[] = [];
  const deflated: number[] = [];
  if (rhoScaled * zMax <= tol) {
    for (let c = 0; c < n; c++) deflated.push(c);
  } else {
    let pending = -1;
    for (let j = 0; j < n; j++) {
      if (rhoScaled * Math.abs(z[j]) <= tol) {
        deflated.push(j);
        continue;
      }
      if (pending >= 0) {
        const r = Math.hypot(z[j], z[pending]);
        const c = z[j] / r;
        const s = -z[pending] / r;
        if (Math.abs((values[j] - values[pending]) * c * s) <= tol) {
          // rotate columns (pending, j): z_pending → 0, z_j → r
          z[j] = r;
          z[pending] = 0;
          for (let row = 0; row < n; row++) {
            const x = qs[row * n + pending];
            const y = qs[row * n + j];
            qs[row * n + pending] = c * x + s * y;
            qs[row * n + j] = c * y - s * x;
          }
          const dp = values[pending];
          const dj = values[j];
          values[pending] = dp * c * c + dj * s * s;
          values[j] = dp * s * s + dj * c * c;
          deflated.push(pending);
          pending = j;
          continue;
        }
        kept.push(pending);
      }
      pending = j;
    }
    if (pending >= 0) kept.push(pending);
  }
  const size = kept.length;
  const lambda = new Float64Array(size);
  let vectors: Float64Array | null = null;
  if (size > 0) {
    const poles = Float64Array.from(kept, (c) => values[c]);
    const weights = Float64Array.from(kept, (c) => z[c]);
    // deltas[j * size + i] = poles_j - λ_i
    const deltas = new Float64Array(size * size);
    const column = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      lambda[i] = secularRoot(poles, weights, rhoScaled, i, size, column);
      for (let j = 0; j < size; j++) deltas[j * size + i] = column[j];
    }
    // Löwner: ẑ_j² = -∏_i (poles_j - λ_i) / ∏_{i≠j} (poles_j - poles_i)
    const zHat = new Float64Array(size);
    for (let j = 0; j < size; j++) {
      let w = deltas[j * size + j];
      for (let i = 0; i < size; i++) if (i !== j) w *= deltas[j * size + i] / (poles[j] - poles[i]);
      zHat[j] = Math.sign(weights[j]) * Math.sqrt(Math.max(-w, 0));
    }
    // eigenvector i of D + ρ ẑ ẑᵀ: (D - λ_i)⁻¹ ẑ, normalized; s (size×size) holds them as columns
    const s = new Float64Array(size * size);
    for (let i = 0; i < size; i++) {
      let norm = 0;
      for (let j = 0; j < size; j++) {
        const x = zHat[j] / deltas[j * size + i];
        s[j * size + i] = x;
        norm += x * x;
      }
      const inv = 1 / Math.sqrt(norm);
      for (let j = 0; j < size; j++) s[j * size + i] *= inv;
    }
    // Q̂[:, kept] · S
    const qKept = new Float64Array(n * size);
    for (let r = 0; r < n; r++) for (let c = 0; c < size; c++) qKept[r * size + c] = qs[r * n + kept[c]];
    vectors = multiply(qKept, s, n, size, size);
  }
  // all eigenpairs, sorted ascending
  const count = n;
  const allValues = new Float64Array(count);
  const source = new Int32Array(count); // ≥ 0: column of `vectors`; < 0: -1 - column of qs
  for (let i = 0; i < size; i++) {
    allValues[i] = lambda[i];
    source[i] = i;
  }
  for (let i = 0; i < deflated.length; i++) {
    allValues[size + i] = values[deflated[i]];
    source[size + i] = -1 - deflated[i];
  }
  const sorted = sortedOrder(allValues, count);
  const q = new Float64Array(n * n);
  for (let c = 0; c < count; c++) {
    const from = source[sorted[c]];
    d[c] = allValues[sorted[c]];
    if (from >= 0) for (let r = 0; r < n; r++) q[r * n + c] = vectors![r * size + from];
    else for (let r = 0; r < n; r++) q[r * n + c] = qs[r * n + (-1 - from)];
  }
  return q;
}

/** The indices 0..n-1 ordered by ascending d (stable). */
function sortedOrder(d: ArrayLike<number>, n: number): number[] {
  return Array.from({ length: n }, (_, i) => i).sort((x, y) => d[x] - d[y] || x - y);
}

/** The order of d[0..k) and d[k..n) (each ascending) merged ascending. */
function mergedOrder(d: Float64Array, k: number, n: number): number[] {
  const order: number[] = [];
  let a = 0;
  let b = k;
  while (a < k || b < n) {
    if (b >= n || (a < k && d[a] <= d[b])) order.push(a++);
    else order.push(b++);
  }
  return order;
}

