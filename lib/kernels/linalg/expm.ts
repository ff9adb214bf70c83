/**
 * The matrix exponential by scaling and squaring with Padé approximants
 * (Higham 2005, "The scaling and squaring method for the matrix exponential
 * revisited"), as `scipy.linalg.expm` and `jax.scipy.linalg.expm`.
 *
 * @example
 * expm(new Float64Array([0, 1, -1, 0]), 1, 2); // [cos 1, sin 1, -sin 1, cos 1]
 */
import { multiply } from "./blas.ts";
import { allFinite, allocateLike, checkDims, checkLength, loadMatrix, storeMatrix } from "./layout.ts";
import type { FloatArray } from "./layout.ts";
import { factorInPlace, permutationFromPivots } from "./lu.ts";
import { solveFactored } from "./solve.ts";

/** Padé [m/m] numerator coefficients b_0..b_m of exp(x) (the denominator is p(-x)). */
const PADE: Readonly<Record<3 | 5 | 7 | 9 | 13, readonly number[]>> = {
  3: [120, 60, 12, 1],
  5: [30240, 15120, 3360, 420, 30, 1],
  7: [17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1],
  9: [17643225600, 8821612800, 2075673600, 302702400, 30270240, 2162160, 110880, 3960, 90, 1],
  13: [
    64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000, 10559470521600,
    670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1,
  ],
};

/** Higham's θ_m: the largest ‖A‖₁ for which degree m has backward error ≤ 2⁻⁵³ (float64). */
const THETA: readonly (readonly [3 | 5 | 7 | 9, number])[] = [
  [3, 1.495585217958292e-2],
  [5, 2.53939833006323e-1],
  [7, 9.504178996162932e-1],
  [9, 2.097847961257068],
];
const THETA_13 = 5.371920351148152;

/**
 * exp(A) for each [n, n] matrix of `a` ([batch, n, n]).
 *
 * ‖A‖₁ picks the cheapest Padé degree m ∈ {3, 5, 7, 9} whose θ_m bounds it;
 * beyond θ_9 the matrix is scaled by 2⁻ˢ with s = ⌈log₂(‖A‖₁ / θ₁₃)⌉ (as
 * scipy; JAX takes the floor), the degree-13 approximant r = q(A)⁻¹ p(A) is
 * formed from A², A⁴, A⁶ (6 products and one LU solve) and squared s times.
 * Float32 storage runs the float64 algorithm (JAX's float32 path uses
 * degree ≤ 7 in float32), so it is at least as accurate. Cost: (π_m + s)·2n³
 * + 8n³/3 flops, π_m ≤ 6 products.
 *
 * A matrix with a NaN or infinite entry gives NaN (the squaring count
 * would be unbounded); a huge finite norm needs at most ~1020 squarings and
 * overflows to ±Infinity/NaN as exp does. Nothing throws or hangs.
 */
export function expm<T extends FloatArray>(a: T, batch: number, n: number): T {
  checkDims("expm", { batch, n });
  checkLength("expm", "a", a, [batch, n, n]);
  const out = allocateLike(a, batch * n * n);
  const work = new Float64Array(n * n);
  for (let t = 0; t < batch; t++) {
    loadMatrix(a, t, n * n, work);
    if (!allFinite(work, n * n)) {
      out.fill(NaN, t * n * n, (t + 1) * n * n);
      continue;
    }
    storeMatrix(exponential(work, n), out, t, n * n);
  }
  return out;
}

/** exp(A) for one finite n×n matrix (A is not modified). */
function exponential(a: Float64Array, n: number): Float64Array {
  const norm = norm1(a, n);
  for (const [m, theta] of THETA) {
    if (norm <= theta) return padeQuotient(a, n, m);
  }
  const squarings = Math.max(0, Math.ceil(Math.log2(norm / THETA_13)));
  const scaled = a.slice(0, n * n);
  const factor = 2 ** -squarings;
  for (let i = 0; i < n * n; i++) scaled[i] *= factor;
  let r = padeQuotient(scaled, n, 13);
  for (let i = 0; i < squarings; i++) r = multiply(r, r, n, n, n); // exp(A) = exp(A / 2ˢ)^(2ˢ)
  return r;
}

/** The degree-m Padé approximant q_m(A)⁻¹ p_m(A), p(A) = V + U, q(A) = V - U. */
function padeQuotient(a: Float64Array, n: number, m: 3 | 5 | 7 | 9 | 13): Float64Array {
  const b = PADE[m];
  const size = n * n;
  const a2 = multiply(a, a, n, n, n);
  const u = new Float64Array(size); // U = A · (odd part)
  const v = new Float64Array(size); // V = even part
  if (m === 13) {
    const a4 = multiply(a2, a2, n, n, n);
    const a6 = multiply(a4, a2, n, n, n);
    // U = A [A6 (b13 A6 + b11 A4 + b9 A2) + b7 A6 + b5 A4 + b3 A2 + b1 I]
    // V = A6 (b12 A6 + b10 A4 + b8 A2) + b6 A6 + b4 A4 + b2 A2 + b0 I
    const inner = new Float64Array(size);
    for (let i = 0; i < size; i++) inner[i] = b[13] * a6[i] + b[11] * a4[i] + b[9] * a2[i];
    const odd = multiply(a6, inner, n, n, n);
    for (let i = 0; i < size; i++) odd[i] += b[7] * a6[i] + b[5] * a4[i] + b[3] * a2[i];
    for (let i = 0; i < n; i++) odd[i * n + i] += b[1];
    u.set(multiply(a, odd, n, n, n));
    for (let i = 0; i < size; i++) inner[i] = b[12] * a6[i] + b[10] * a4[i] + b[8] * a2[i];
    v.set(multiply(a6, inner, n, n, n));
    for (let i = 0; i < size; i++) v[i] += b[6] * a6[i] + b[4] * a4[i] + b[2] * a2[i];
    for (let i = 0; i < n; i++) v[i * n + i] += b[0];
  } else {
    // Σ over even powers P = A^(2j): odd += b[2j+1] P, v += b[2j] P; then U = A · odd
    const odd = new Float64Array(size);
    for (let i = 0; i < n; i++) {
      odd[i * n + i] = b[1];
      v[i * n + i] = b[0];
    }
    let power = a2;
    for (let j = 1; 2 * j <= m; j++) {
      if (j > 1) power = multiply(power, a2, n, n, n);
      for (let i = 0; i < size; i++) {
        odd[i] += b[2 * j + 1] * power[i];
        v[i] += b[2 * j] * power[i];
      }
    }
    u.set(multiply(a, odd, n, n, n));
  }
  // solve (V - U) R = (V + U)
  const q = new Float64Array(size);
  const p = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    q[i] = v[i] - u[i];
    p[i] = v[i] + u[i];
  }
  const pivots = new Int32Array(n);
  const perm = new Int32Array(n);
  factorInPlace(q, n, n, pivots);
  permutationFromPivots(pivots, n, perm);
  const r = new Float64Array(size);
  solveFactored(q, perm, p, r, n, n, false);
  return r;
}

/** max_j Σ_i |A[i, j]|: the matrix 1-norm. */
function norm1(a: Float64Array, n: number): number {
  const sums = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sums[j] += Math.abs(a[i * n + j]);
  let best = 0;
  for (let j = 0; j < n; j++) best = Math.max(best, sums[j]);
  return best;
}
