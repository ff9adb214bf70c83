/**
 * A pool of dead typed arrays, so that a compiled program called in a loop
 * (a training step under `jit`) does not allocate its intermediates afresh
 * on every call. Allocating a typed array past V8's on-heap limit (64
 * bytes) costs a fresh backing store and its later collection, about a
 * microsecond for a few kilobytes and more with the zeroing of large ones:
 * more than a small fused loop computes. Only `compile/`'s runner gives
 * arrays back, and only arrays no value outside the run can reach
 * (`compile/recycle.ts`); `allocate` and the runner's loop outputs take
 * them. The pool holds arrays of 1 KiB to 16 MiB, at most 32 MiB in all
 * (past that it starts over), so what it keeps alive is bounded.
 *
 * @example
 * const out = takeBuffer("float64", 300) ?? new Float64Array(300); // contents undefined
 * giveBuffer("float64", out); // once nothing reads it any more
 */
import type { DType, TypedArray } from "./dtype.ts";

/** Smaller arrays are quick to allocate and stay out of the pool. */
export const POOL_MIN_BYTES = 1024;
/** Larger arrays stay out of the pool. */
export const POOL_MAX_BYTES_EACH = 16 * 2 ** 20;
/** The most the pool holds in all. */
export const POOL_MAX_BYTES = 32 * 2 ** 20;

const free = new Map<string, TypedArray[]>();
let held = 0;

const keyOf = (dtype: DType, length: number) => `${dtype}:${length}`;

/** A pooled array of `dtype` and `length` (its contents left from an earlier use), or undefined. */
export function takeBuffer(dtype: DType, length: number): TypedArray | undefined {
  if (held === 0) return undefined;
  const list = free.get(keyOf(dtype, length));
  const data = list?.pop();
  if (data !== undefined) held -= data.byteLength;
  return data;
}

/** Gives back an array that nothing reads any more (`dtype` its dtype); ignored outside the pool's sizes. */
export function giveBuffer(dtype: DType, data: TypedArray): void {
  const bytes = data.byteLength;
  if (bytes < POOL_MIN_BYTES || bytes > POOL_MAX_BYTES_EACH) return;
  if (held + bytes > POOL_MAX_BYTES) emptyPool();
  const key = keyOf(dtype, data.length);
  let list = free.get(key);
  if (list === undefined) free.set(key, (list = []));
  // given twice, it would be handed to two owners
  if (list.includes(data)) return;
  list.push(data);
  held += bytes;
}

/** Drops every pooled array. */
export function emptyPool(): void {
  free.clear();
  held = 0;
}

/** Bytes the pool holds now. */
export function pooledBytes(): number {
  return held;
}
