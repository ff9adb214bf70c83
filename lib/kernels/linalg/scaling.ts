/**
 * Exact power-of-two scaling of a matrix whose entries are so large or so
 * small that products in an iterative algorithm could overflow or
 * underflow (LAPACK's drivers scale by the matrix norm the same way).
 *
 * @example
 * const a = new Float64Array([1e200, 0, 0, 1e200]);
 * const s = scaleIntoSafeRange(a, 4); // s = 2^665; a ≈ [0.78, 0, 0, 0.78]
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
  const exponent = Math.min(Math.floor(Math.log2(big)) + 1, 1023); // σ itself stays finite
  // 2^exponent can leave the double range at the extremes: scale in two exact steps.
  const half = Math.trunc(exponent / 2);
  const first = 2 ** -half;
  const second = 2 ** -(exponent - half);
  for (let i = 0; i < size; i++) a[i] = a[i] * first * second;
  return 2 ** exponent;
}
