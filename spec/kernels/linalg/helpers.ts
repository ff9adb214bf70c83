/**
 * References and arbitraries for the linear-algebra kernel specs: a naive
 * matrix product, norms, orthonormality and residual measures written
 * element by element, and fast-check generators of random and structured
 * matrices (well-conditioned, symmetric, positive definite, rank-deficient).
 */
import fc from "fast-check";

export const EPS64 = Number.EPSILON;
export const EPS32 = 2 ** -23;

// references

/** The [m, n] product of a [m, k] and b [k, n] (at the given offsets), by the triple loop. */
export function naiveMatmul(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number, ao = 0, bo = 0): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[ao + i * k + p] * b[bo + p * n + j];
      c[i * n + j] = s;
    }
  }
  return c;
}

/** The [n, m] transpose of a [m, n] matrix (at offset `ao`). */
export function naiveTranspose(a: ArrayLike<number>, m: number, n: number, ao = 0): Float64Array {
  const t = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[ao + i * n + j];
  return t;
}

/** Matrix `index` of a batch of [rows, cols] matrices, as a new Float64Array. */
export function matrixAt(x: ArrayLike<number>, index: number, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows * cols; i++) out[i] = x[index * rows * cols + i];
  return out;
}

/** The Frobenius norm of the first `size` entries (or all) of x. */
export function frobenius(x: ArrayLike<number>, size = x.length): number {
  let s = 0;
  for (let i = 0; i < size; i++) s += x[i] * x[i];
  return Math.sqrt(s);
}

/** ‖x - y‖_F over the common length. */
export function distance(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - y[i]) ** 2;
  return Math.sqrt(s);
}

/** ‖QᵀQ - I‖_F for q [rows, cols] (orthonormal columns when small). */
export function orthonormalityError(q: ArrayLike<number>, rows: number, cols: number): number {
  let s = 0;
  for (let i = 0; i < cols; i++) {
    for (let j = 0; j < cols; j++) {
      let g = 0;
      for (let p = 0; p < rows; p++) g += q[p * cols + i] * q[p * cols + j];
      s += (g - (i === j ? 1 : 0)) ** 2;
    }
  }
  return Math.sqrt(s);
}

/** The n×n identity. */
export function identity(n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = 1;
  return a;
}

/** Whether every entry of x is NaN. */
export function allNaN(x: ArrayLike<number>): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i])) return false;
  return true;
}

// structured matrices

/** a + shift·I for square a (n×n): with entries in [-1, 1] and shift ≥ n + 1, strictly diagonally dominant. */
export function shifted(a: ArrayLike<number>, n: number, shift: number): Float64Array {
  const out = Float64Array.from(a);
  for (let i = 0; i < n; i++) out[i * n + i] += shift;
  return out;
}

/** (a + aᵀ)/2 for square a. */
export function symmetric(a: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = (a[i * n + j] + a[j * n + i]) / 2;
  return out;
}

/** B Bᵀ + n I: symmetric positive definite with eigenvalues ≥ n. */
export function positiveDefinite(b: ArrayLike<number>, n: number): Float64Array {
  return shifted(naiveMatmul(b, naiveTranspose(b, n, n), n, n, n), n, Math.max(n, 1));
}

/** The [m, n] product of a [m, r] and b [r, n]: rank ≤ r. */
export function lowRank(a: ArrayLike<number>, b: ArrayLike<number>, m: number, r: number, n: number): Float64Array {
  return naiveMatmul(a, b, m, r, n);
}

// arbitraries

/** Entries in [-1, 1] (including ±0 and tiny values). */
export const entryArb = fc.double({ min: -1, max: 1, noNaN: true, noDefaultInfinity: true });

/** `size` entries in [-1, 1] as a Float64Array. */
export function entriesArb(size: number): fc.Arbitrary<Float64Array> {
  return fc.array(entryArb, { minLength: size, maxLength: size }).map((xs) => Float64Array.from(xs));
}

/** A batch size in [0, maxBatch]. */
export function batchArb(maxBatch: number): fc.Arbitrary<number> {
  return fc.integer({ min: 0, max: maxBatch });
}

/**
 * The backward-error bound the specs hold kernels to: factor · max(n, 1) ·
 * eps · scale, plus a floor of eps² for exactly-zero scales.
 */
export function bound(n: number, scale: number, eps = EPS64, factor = 10): number {
  return factor * Math.max(n, 1) * eps * scale + eps * eps;
}

/**
 * A dimension in [64, 100]: large enough for the blocked paths (panels of 32
 * from 64) and divide and conquer (leaves of 32), small enough for the naive
 * references. Properties over these use few runs.
 */
export const mediumDimArb = fc.integer({ min: 64, max: 100 });
