/**
 * The secular equation of a rank-one update of a diagonal matrix (LAPACK's
 * laed4): the eigenvalues of diag(d) + ρ z zᵀ (ρ > 0, d strictly
 * increasing, every z_j ≠ 0) are the roots of
 *
 *   g(λ) = 1/ρ + Σ_j z_j² / (d_j - λ),
 *
 * one in each (d_i, d_{i+1}) and the last in (d_{k-1}, d_{k-1} + ρ‖z‖²).
 * g increases on each interval, so a root is bracketed and found by
 * rational-model steps (ψ ≈ p + q/(δ_i - τ) on the poles left of the root,
 * φ ≈ r + s/(δ_{i+1} - τ) on those right of it, matched in value and slope:
 * quadratic convergence) that fall back to bisection when a step leaves the
 * bracket. Iterates are offsets τ from the pole nearer the root, so the
 * differences d_j - λ the eigenvectors need are accurate to working
 * precision relative to their own size.
 *
 * @example
 * // diag(1, 2) + z zᵀ with z = [1, 1]/√2 is [[1.5, 0.5], [0.5, 2.5]]: eigenvalues 2 ∓ √0.5
 * const delta = new Float64Array(2);
 * secularRoot(new Float64Array([1, 2]), new Float64Array([Math.SQRT1_2, Math.SQRT1_2]), 1, 0, 2, delta); // 1.2928932188134525
 */

const EPS = Number.EPSILON;

/** Iterations allowed per root; bisection alone would need about 110 from a double-range bracket. */
export const MAX_SECULAR_ITERATIONS = 200;

/**
 * Root i (0-based, of k) of 1/ρ + Σ_j z_j²/(d_j - λ); writes delta[j] = d_j - λ
 * for j < k and returns λ. 4k flops per iteration; typically 3-6 iterations.
 * When the iteration budget runs out the best bracketed iterate is returned.
 */
export function secularRoot(d: Float64Array, z: Float64Array, rho: number, i: number, k: number, delta: Float64Array): number {
  const last = i === k - 1;
  const invRho = 1 / rho;
  // the origin: the pole nearer the root (decided by the sign of g halfway between the poles)
  let origin = i;
  let lo = 0;
  let hi = 0;
  if (last) {
    let zz = 0;
    for (let j = 0; j < k; j++) zz += z[j] * z[j];
    hi = rho * zz; // g(d_{k-1} + ρ‖z‖²) ≥ 0
  } else {
    const half = (d[i + 1] - d[i]) / 2;
    let g = invRho;
    for (let j = 0; j < k; j++) g += (z[j] * z[j]) / (d[j] - d[i] - half);
    if (g >= 0) {
      hi = half;
    } else {
      origin = i + 1;
      lo = d[i] - d[i + 1] + half;
    }
  }
  const base = d[origin];
  for (let j = 0; j < k; j++) delta[j] = d[j] - base; // pole offsets δ_j
  const left = delta[i];
  const right = last ? Infinity : delta[i + 1];
  let tau = last ? hi / 2 : (lo + hi) / 2;
  for (let iteration = 0; iteration < MAX_SECULAR_ITERATIONS; iteration++) {
    // ψ over poles ≤ i, φ over poles > i, and their slopes
    let psi = 0;
    let dpsi = 0;
    let phi = 0;
    let dphi = 0;
    for (let j = 0; j <= i; j++) {
      const t = z[j] / (delta[j] - tau);
      psi += z[j] * t;
      dpsi += t * t;
    }
    for (let j = i + 1; j < k; j++) {
      const t = z[j] / (delta[j] - tau);
      phi += z[j] * t;
      dphi += t * t;
    }
    const g = invRho + psi + phi;
    if (g === 0) break;
    if (g < 0) lo = tau;
    else hi = tau;
    // g is known to within its rounding error: stop there (as laed4's erretm test)
    const rounding = EPS * (8 * (phi - psi) + 2 * invRho + Math.abs(tau) * (dpsi + dphi));
    if (Math.abs(g) <= rounding) break;
    if (hi - lo <= 2 * EPS * Math.max(Math.abs(lo), Math.abs(hi))) break;
    // rational model: c + qL/(left - x) + qR/(right - x) = 0
    const toLeft = left - tau;
    const qL = dpsi * toLeft * toLeft;
    let c = invRho + psi - qL / toLeft;
    let next: number;
    if (last) {
      next = c > 0 ? left + qL / c : NaN;
    } else {
      const toRight = right - tau;
      const qR = dphi * toRight * toRight;
      c += phi - qR / toRight;
      // c x² - (c(left + right) + qL + qR) x + (c left right + qL right + qR left) = 0
      next = quadraticRootIn(c, c * (left + right) + qL + qR, c * left * right + qL * right + qR * left, lo, hi);
    }
    tau = next > lo && next < hi ? next : (lo + hi) / 2;
  }
  for (let j = 0; j < k; j++) delta[j] -= tau;
  return base + tau;
}

/** The root of a x² - b x + c = 0 strictly inside (lo, hi), computed without cancellation; NaN if none. */
function quadraticRootIn(a: number, b: number, c: number, lo: number, hi: number): number {
  if (a === 0) {
    const x = c / b;
    return x > lo && x < hi ? x : NaN;
  }
  const root = Math.sqrt(Math.max(0, b * b - 4 * a * c));
  const big = b >= 0 ? b + root : b - root; // same signs: no cancellation
  const x1 = big / (2 * a);
  const x2 = big !== 0 ? (2 * c) / big : NaN;
  if (x1 > lo && x1 < hi) return x1;
  if (x2 > lo && x2 < hi) return x2;
  return NaN;
}
