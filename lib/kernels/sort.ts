/**
 * The sort kernel (XLA's Sort with a lexicographic comparator, as JAX's
 * `lax.sort` with `num_keys`): every operand is permuted along `axis` by the
 * stable order of the first `numKeys` operands, compared lexicographically.
 * Floats are in the total order -∞ < … < -0 < +0 < … < +∞ < NaN (NaNs last,
 * as numpy and JAX; -0 before +0, as JAX). One sort per lane along the axis:
 * a single operand that is its own key is sorted as a typed array; otherwise
 * a stable merge sort orders the lane's positions.
 *
 * @example
 * sort([Float64Array.of(3, NaN, -1, 3)], [4], 0, 1); // [[-1, 3, 3, NaN]]
 */
import type { TypedArray } from "../array/dtype.ts";
import type { Shape } from "../array/shape.ts";

/** Below this length a run is sorted by insertion. */
const INSERTION_MAX = 12;

/** Whether a precedes b in the total order (NaN last, -0 before +0). */
function totalLess(a: number, b: number): boolean {
  if (a < b) return true;
  if (a > b) return false;
  if (a === b) return a === 0 && 1 / a < 1 / b;
  // at least one NaN: a number precedes NaN
  return b !== b && a === a;
}

/** Whether a and b are equal in the total order (NaN equals NaN, -0 differs from +0). */
function totalEqual(a: number, b: number): boolean {
  return a === b ? a !== 0 || 1 / a === 1 / b : a !== a && b !== b;
}

/** Lexicographic order of positions i, j by the keys. */
function keyLess(keys: readonly Float64Array[], i: number, j: number): boolean {
  for (let k = 0; k < keys.length; k++) {
    const a = keys[k][i];
    const b = keys[k][j];
    if (totalEqual(a, b)) continue;
    return totalLess(a, b);
  }
  return false;
}

/** Stable sort of `perm` (positions 0..n-1) by the keys: insertion sort of short runs, then bottom-up merges. */
function stablePermutation(keys: readonly Float64Array[], perm: Int32Array, scratch: Int32Array, n: number): void {
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let lo = 0; lo < n; lo += INSERTION_MAX) {
    const hi = Math.min(n, lo + INSERTION_MAX);
    for (let i = lo + 1; i < hi; i++) {
      const p = perm[i];
      let j = i - 1;
      while (j >= lo && keyLess(keys, p, perm[j])) {
        perm[j + 1] = perm[j];
        j--;
      }
      perm[j + 1] = p;
    }
  }
  let from = perm;
  let to = scratch;
  for (let width = INSERTION_MAX; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(n, lo + width);
      const hi = Math.min(n, lo + 2 * width);
      let i = lo;
      let j = mid;
      let o = lo;
      // take from the right run only when strictly less: stable
      while (i < mid && j < hi) to[o++] = keyLess(keys, from[j], from[i]) ? from[j++] : from[i++];
      while (i < mid) to[o++] = from[i++];
      while (j < hi) to[o++] = from[j++];
    }
    const t = from;
    from = to;
    to = t;
  }
  if (from !== perm) perm.set(from.subarray(0, n));
}

/** A lane of a typed array of one sign-aware kind, sorted in place in the total order. */
function sortLane(lane: TypedArray): void {
  // typed-array sort orders numerically with -0 before +0 and NaN last: the total order
  lane.sort();
}

/**
 * Sorts the operands (each of `shape`) along `axis` by the first `numKeys` of them:
 * returns new arrays, each permuted along the axis by the keys' stable order.
 */
export function sort(operands: readonly TypedArray[], shape: Shape, axis: number, numKeys: number): TypedArray[] {
  let outer = 1;
  let inner = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d];
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  const n = shape[axis];
  const outs = operands.map((x) => new (x.constructor as new (n: number) => TypedArray)(x.length));
  if (n === 0 || outer * inner === 0) return outs;
  if (operands.length === 1) {
    // the values themselves: sort each lane as a typed array
    const [x] = operands;
    const [out] = outs;
    const lane = new (x.constructor as new (n: number) => TypedArray)(n);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * n * inner + i;
        for (let k = 0; k < n; k++) lane[k] = x[base + k * inner];
        sortLane(lane);
        for (let k = 0; k < n; k++) out[base + k * inner] = lane[k];
      }
    }
    return outs;
  }
  const keys = Array.from({ length: numKeys }, () => new Float64Array(n));
  const perm = new Int32Array(n);
  const scratch = new Int32Array(n);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      for (let k = 0; k < numKeys; k++) {
        const key = keys[k];
        const x = operands[k];
        for (let j = 0; j < n; j++) key[j] = x[base + j * inner];
      }
      stablePermutation(keys, perm, scratch, n);
      for (let t = 0; t < operands.length; t++) {
        const x = operands[t];
        const out = outs[t];
        for (let j = 0; j < n; j++) out[base + j * inner] = x[base + perm[j] * inner];
      }
    }
  }
  return outs;
}
