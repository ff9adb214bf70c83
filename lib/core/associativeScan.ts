/**
 * A scan with an associative binary operation, in O(log n) rounds of
 * slices and elementwise work (Blelloch's odd/even recursion, the
 * structure of JAX's `lax.associative_scan`). It is written with the ops of
 * `ops.ts`, so everything built on it differentiates, batches and stages:
 * the jvp rules of `cumprod`, `cummax` and `cummin` scan pairs
 * (value, tangent) with it, as JAX's do, which keeps `cumprod`'s derivative
 * exact when the input holds zeros (no division by the running product).
 *
 * @example
 * // running sums: [1, 3, 6]
 * associativeScan(([a], [b]) => [ops.add(a, b)], [x], 0, false);
 */
import * as ops from "./ops.ts";
import type { Tensor } from "./tensor.ts";

/** Combines two equally shaped lists of tensors elementwise: `fn(a, b)`, associative. */
export type Combine = (a: Tensor[], b: Tensor[]) => Tensor[];

// utils

/** Elements `start, start + stride, …` (below `stop`) of `x` along `axis`. */
function sliceAxis(x: Tensor, axis: number, start: number, stop: number, stride = 1): Tensor {
  const begin = x.shape.map((_, i) => (i === axis ? start : 0));
  const limit = x.shape.map((d, i) => (i === axis ? Math.max(start, stop) : d));
  const strides = x.shape.map((_, i) => (i === axis ? stride : 1));
  return ops.slice(x, begin, limit, strides);
}

/** `x` reversed along `axis` (a gather with constant indices: linear, so it transposes). */
function reverseAxis(x: Tensor, axis: number): Tensor {
  const n = x.shape[axis];
  if (n <= 1) return x;
  return ops.gather(x, ops.fromInt32(Int32Array.from({ length: n }, (_, i) => n - 1 - i)), axis);
}

/** `[a0, b0, a1, b1, …]` along `axis`, where `a` has as many elements as `b` or one more. */
function interleave(a: Tensor, b: Tensor, axis: number): Tensor {
  const n = b.shape[axis];
  const pairShape = [...b.shape.slice(0, axis + 1), 1, ...b.shape.slice(axis + 1)];
  const pairs = ops.concatenate([ops.reshape(sliceAxis(a, axis, 0, n), pairShape), ops.reshape(b, pairShape)], axis + 1);
  const merged = ops.reshape(pairs, b.shape.map((d, i) => (i === axis ? 2 * d : d)));
  return a.shape[axis] === n ? merged : ops.concatenate([merged, sliceAxis(a, axis, n, n + 1)], axis);
}

/** The inclusive scan of `elems` (all with one length along `axis`) in index order. */
function scanForward(combine: Combine, elems: Tensor[], axis: number): Tensor[] {
  const n = elems[0].shape[axis];
  if (n < 2) return elems;
  // combine neighbours (0,1), (2,3), …; their scan gives the results at the odd positions
  const odd = scanForward(combine, combine(elems.map((e) => sliceAxis(e, axis, 0, n - 1, 2)), elems.map((e) => sliceAxis(e, axis, 1, n, 2))), axis);
  // the even positions (after the first) extend the odd results before them by one element
  const m = odd[0].shape[axis];
  const before = n % 2 === 0 ? odd.map((o) => sliceAxis(o, axis, 0, m - 1)) : odd;
  const evenTail = before[0].shape[axis] === 0 ? null : combine(before, elems.map((e) => sliceAxis(e, axis, 2, n, 2)));
  return elems.map((e, k) => {
    const first = sliceAxis(e, axis, 0, 1);
    const even = evenTail === null ? first : ops.concatenate([first, evenTail[k]], axis);
    return interleave(even, odd[k], axis);
  });
}

// combinators

/**
 * The inclusive scan of `elems` along `axis` under the associative `combine`
 * (from the end when `reverse`): element k is `combine` of elements 0..k
 * (k..n-1). `elems` is a list of tensors scanned together (pairs such as
 * (value, tangent)), all with the same length along `axis`.
 */
export function associativeScan(combine: Combine, elems: readonly Tensor[], axis: number, reverse: boolean): Tensor[] {
  if (!reverse) return scanForward(combine, [...elems], axis);
  const scanned = scanForward(combine, elems.map((e) => reverseAxis(e, axis)), axis);
  return scanned.map((s) => reverseAxis(s, axis));
}
