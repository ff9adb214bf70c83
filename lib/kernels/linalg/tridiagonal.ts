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
 * tridiagonalize(a, 3, d, e, taus, new Float64Array(3), new Float64Array(3)); // d ≈ [2, 3, 1], e ≈ [-√2, 0]
 */
import { axpy, dot, multiply } from "./blas.ts";
import { applyBlockRight, rowReflectors, subtractBlock } from "./blockReflector.ts";
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

/** Columns per panel of the reduction (its scalar corrections grow with the panel). */
const PANEL = 16;
/** Reflectors per block when forming Qᵀ. */
const BLOCK = 32;
/** Blocking is used while the trailing matrix (or the reflector count) is at least this large. */
const BLOCKED_FROM = 64;

/**
 * In place, for the full symmetric n×n `a` (offset 0): T's diagonal into
 * d[0..n) and off-diagonal into e[0..n-1) (e[n-1] = 0), reflector j's
 * vector v[1..] into row j from column j+2 and its scalar into taus[j].
 * `v` and `w` are scratch of n entries. 4n³/3 flops: half of them are the
 * symmetric matrix-vector products A22 v; for large matrices the other half,
 * the rank-2 updates, are gathered over panels of PANEL columns and applied
 * as A22 -= V Wᵀ + W Vᵀ by the matmul kernel (LAPACK's sytrd with latrd).
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
  let j0 = 0;
  for (; n - j0 - 1 >= BLOCKED_FROM; j0 += PANEL) reducePanel(a, n, j0, PANEL, d, e, taus, v, w);
  for (let j = j0; j + 1 < n; j++) {
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
 * Reduces rows j0..j0+b (latrd): the panel's reflectors v_i and vectors w_i
 * are gathered in V and W (held transposed, local index q = matrix index
 * j0+1+q) without touching the trailing matrix, which is A - V Wᵀ - W Vᵀ
 * throughout; row j is brought up to date just before its reflector is made,
 * and w_i = τ (A v - V (Wᵀv) - W (Vᵀv)) - (τ/2)(wᵀv) v uses the original A.
 * Finally A[j0+b:, j0+b:] -= V Wᵀ + (V Wᵀ)ᵀ in one product.
 */
function reducePanel(
  a: Float64Array,
  n: number,
  j0: number,
  b: number,
  d: Float64Array,
  e: Float64Array,
  taus: Float64Array,
  v: Float64Array,
  w: Float64Array,
): void {
  const len = n - j0 - 1;
  const vt = new Float64Array(b * len);
  const wt = new Float64Array(b * len);
  for (let i = 0; i < b; i++) {
    const j = j0 + i;
    // row j (local index i-1) from column j on, minus the earlier reflectors' rank-2 terms
    for (let p = 0; p < i; p++) {
      const at = p * len + i - 1;
      axpy(-vt[at], wt, at, a, j * n + j, n - j);
      axpy(-wt[at], vt, at, a, j * n + j, n - j);
    }
    const r = n - j - 1;
    const start = j * n + j + 1;
    const tau = makeReflector(a, start, 1, r);
    taus[j] = tau;
    d[j] = a[j * n + j];
    e[j] = a[start];
    if (tau === 0) continue; // v_i = w_i = 0 adds nothing
    readReflector(a, start, 1, r, v);
    symmetricMatVec(a, n, (j + 1) * n + (j + 1), r, v, w);
    for (let p = 0; p < i; p++) {
      const at = p * len + i;
      axpy(-dot(wt, at, v, 0, r), vt, at, w, 0, r);
      axpy(-dot(vt, at, v, 0, r), wt, at, w, 0, r);
    }
    for (let q = 0; q < r; q++) w[q] *= tau;
    const k = 0.5 * tau * dot(w, 0, v, 0, r);
    for (let q = 0; q < r; q++) w[q] -= k * v[q];
    vt.set(v.subarray(0, r), i * len + i);
    wt.set(w.subarray(0, r), i * len + i);
  }
  // trailing block: matrix rows/columns ≥ j0 + b, local index ≥ b - 1:
  // A -= V Wᵀ + W Vᵀ = [V W] [W V]ᵀ, one product
  const size = n - j0 - b;
  const left = new Float64Array(size * 2 * b); // [V W], size × 2b
  const right = new Float64Array(2 * b * size); // [Wᵀ; Vᵀ], 2b × size
  for (let p = 0; p < b; p++) {
    const from = p * len + b - 1;
    for (let q = 0; q < size; q++) {
      left[q * 2 * b + p] = vt[from + q];
      left[q * 2 * b + b + p] = wt[from + q];
    }
    right.set(wt.subarray(from, from + size), p * size);
    right.set(vt.subarray(from, from + size), (b + p) * size);
  }
  subtractBlock(a, (j0 + b) * n + (j0 + b), n, size, size, multiply(left, right, size, 2 * b, size));
}

/**
 * z (n×n) ← Qᵀ = H_{n-2} ⋯ H_0 from the reflectors `tridiagonalize` left in
 * `a`, so that row i of z is column i of Q. Built as I · H_{n-2} ⋯ H_0,
 * each H_j applied from the right to rows and columns > j only (the rest
 * is still the identity), BLOCK reflectors at a time for large n
 * (I - V Tᵀ Vᵀ through the matmul kernel): 4n³/3 flops.
 */
export function formQTransposed(a: Float64Array, n: number, taus: Float64Array, z: Float64Array, v: Float64Array): void {
  z.fill(0, 0, n * n);
  for (let i = 0; i < n; i++) z[i * n + i] = 1;
  const count = n - 1; // reflectors
  if (count >= BLOCKED_FROM) {
    for (let j0 = Math.floor((count - 1) / BLOCK) * BLOCK; j0 >= 0; j0 -= BLOCK) {
      const b = Math.min(BLOCK, count - j0);
      const { vt, t } = rowReflectors(a, n, j0, b, taus);
      // H_{j0+b-1} ⋯ H_{j0} = (I - V T Vᵀ)ᵀ
      applyBlockRight(z, n, j0 + 1, j0 + 1, n - j0 - 1, n - j0 - 1, vt, b, t, true);
    }
    return;
  }
  for (let j = n - 2; j >= 0; j--) {
    const tau = taus[j];
    if (tau === 0) continue;
    const r = n - j - 1;
    readReflector(a, j * n + j + 1, 1, r, v);
    applyReflectorRight(z, n, j + 1, j + 1, r, r, v, tau);
  }
}

/**
 * w[0..r) = S v for the symmetric r×r block S of `a` at `base` (row stride
 * n), reading only its lower triangle: row q contributes S[q, :q]·v to w[q]
 * and v[q] S[q, :q] to w[:q], one pass over each element (r² flops).
 */
function symmetricMatVec(a: Float64Array, n: number, base: number, r: number, v: Float64Array, w: Float64Array): void {
  w.fill(0, 0, r);
  for (let q = 0; q < r; q++) {
    const row = base + q * n;
    const vq = v[q];
    let s0 = 0;
    let s1 = 0;
    let c = 0;
    for (; c + 2 <= q; c += 2) {
      const x0 = a[row + c];
      const x1 = a[row + c + 1];
      s0 += x0 * v[c];
      s1 += x1 * v[c + 1];
      w[c] += x0 * vq;
      w[c + 1] += x1 * vq;
    }
    for (; c < q; c++) {
      s0 += a[row + c] * v[c];
      w[c] += a[row + c] * vq;
    }
    w[q] += s0 + s1 + a[row + q] * vq;
  }
}

