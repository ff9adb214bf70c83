/**
 * Exact power-of-two scaling of a matrix whose entries are so large or so
 * small that products in an iterative algorithm could overflow or
 * underflow (LAPACK's drivers scale by the matrix norm the same way).
 *
 * @example
 * const a = new Float64Array([1e200, 0, 0, 1e200]);
 * const s = scaleIntoSafeRange(a, 4); // s = 2^665; a ≈ [0.653, 0, 0, 0.653]
 */

const SMALL = 1e-150;
const LARGE = 1e150;

/**
 * Divides the first `size` entries of `a` by σ = 2^k so that the largest
 * magnitude lands in [0.5, 1) when it was outside [1e-150, 1e150], and
 * returns σ (1 when nothing was scaled; the largest magnitude ends below 2
 * when it was near the top of the double range). Powers of two make the scaling
 * exact, so values computed from the scaled matrix are multiplied back by σ.
 */
export function scaleIntoSafeRange(a: Float64Array, size: number): number {
  let big = 0;
  for (let i = 0; i < size; i++) {
    const v = Math.abs(a[i]);
    if (v > big) big = v;
  }
  if (big === 0 || (big >= SMALL && big <= LARGE) || !Number.isFinite(big)) return 1;
  let exponent = Math.floor(Math.log2(big)) + 1;
  // log2 may round across an integer: settle the exponent on the scaled value itself
  if (timesPowerOfTwo(big, -exponent) < 0.5) exponent--;
  else if (timesPowerOfTwo(big, -exponent) >= 1) exponent++;
  exponent = Math.min(exponent, 1023); // σ itself stays finite
  for (let i = 0; i < size; i++) a[i] = timesPowerOfTwo(a[i], -exponent);
  return 2 ** exponent;
}

/** x · 2^k in two exact steps (2^k alone can leave the double range at the extremes). */
function timesPowerOfTwo(x: number, k: number): number {
  const half = Math.trunc(k / 2);
  return x * 2 ** half * 2 ** (k - half);
}
