/**
 * The summation every sum of the library uses (eager reductions, fused
 * loops in JavaScript and in WebAssembly), as code to emit.
 *
 * @example
 * compensatedSum.add("s", "c", "v"); // the statement adding v into (s, c)
 * compensatedSum.total("s", "c");    // the expression of the total
 */

/**
 * The one summation of the library, as code: the eager kernels and the fused
 * loops both add values in row-major order into a running sum `s` and keep
 * the rounding error of each addition in `c` (compensated summation: the
 * error of `s + v` is computed exactly by Knuth's branch-free TwoSum, as in
 * Neumaier's variant of Kahan's algorithm); the total is `s + c`. Its error
 * is of order u·|Σx| + n·u²·Σ|x| (u = 2⁻⁵³; Higham, "Accuracy and
 * Stability of Numerical Algorithms", §4.3), smaller than pairwise
 * summation's log₂(n)·u·Σ|x| at every practical n, and it is exact while the
 * running sum's errors are representable: [1e16, 1, ..., 1, -1e16] sums to
 * the count of ones. When the running sum is not finite (an infinity or NaN
 * among the values, or an overflow), the total is the running sum, as plain
 * summation gives.
 */
export const compensatedSum = {
  /** The statement adding the value `v` into the running sum `s` and its error `c` (both `let` variables, starting at 0). */
  add: (s: string, c: string, v: string): string =>
    `{ const sumT = ${s} + ${v}; const sumZ = sumT - ${s}; ${c} += (${s} - (sumT - sumZ)) + (${v} - sumZ); ${s} = sumT; }`,
  /** The total of a running sum `s` with error `c`. */
  total: (s: string, c: string): string => `(${s} - ${s} === 0 ? ${s} + ${c} : ${s})`,
};

/** The total of a running sum and its error, as `compensatedSum.total` computes it. */
export function compensatedTotal(s: number, c: number): number {
  return s - s === 0 ? s + c : s;
}
