/**
 * Rearranging the elements of one tensor (issue 9, group 3): `moveaxis`,
 * `permuteDims`, `matrixTranspose`, `flip`, `fliplr`, `flipud`, `rot90`,
 * `roll`, `repeat` and `tile`. Each is a composition of `transpose`,
 * `gather` (with constant indices), `slice`, `concatenate`,
 * `broadcast_in_dim` and `reshape`, so `grad`, `jvp`, `vmap` and `jit` see
 * only primitives they already know.
 *
 * @example
 * np.roll(np.arange(5), 2)            // [3, 4, 0, 1, 2]
 * np.flip(np.array([[1, 2], [3, 4]])) // [[4, 3], [2, 1]]
 */
import { ArgumentError, ShapeError } from "../core/errors.ts";
import { denseArrayOrThrow, isArrayArg, showValue, toTensor } from "../core/convert.ts";
import { bufferSizeOrThrow, elementCountOrThrow } from "../core/limits.ts";
import * as ops from "../core/ops.ts";
import { avalText } from "../core/primitives/check.ts";
import { dataOf, type ArrayLike, type Tensor } from "../core/tensor.ts";
import { axisOf } from "./shape.ts";
import { intList } from "./options.ts";

// utils

/** Normalized, distinct axes of `x` from an axis argument (all axes for null/undefined). */
export function axesOf(op: string, axis: number | readonly number[] | null | undefined, x: Tensor): number[] {
  if (axis === null || axis === undefined) return x.shape.map((_, i) => i);
  const axes = intList(op, "axis", axis).map((a) => axisOf(op, a, x.ndim, x));
  if (new Set(axes).size !== axes.length) throw new ArgumentError(`${op}: repeated axis in ${showValue(axis)} for ${avalText(x)}.`);
  return axes;
}

/** An int32 index vector (a constant of the traced program). */
function indexVector(values: readonly number[]): Tensor {
  return ops.fromInt32(Int32Array.from(values));
}

/** `x` reversed along `axis` (a gather of n-1, …, 0). */
export function reverseAxis(x: Tensor, axis: number): Tensor {
  const n = x.shape[axis];
  if (n <= 1) return x;
  return ops.gather(x, indexVector(Array.from({ length: n }, (_, i) => n - 1 - i)), axis);
}

/** The permutation that moves `source` axes to `destination` positions, the rest keeping their order. */
function movePermutation(ndim: number, source: readonly number[], destination: readonly number[]): number[] {
  const rest = Array.from({ length: ndim }, (_, i) => i).filter((i) => !source.includes(i));
  const moves = destination.map((d, k) => [d, source[k]] as const).sort((p, q) => p[0] - q[0]);
  for (const [dest, src] of moves) rest.splice(dest, 0, src);
  return rest;
}

// axes

/**
 * Moves axes to new positions; the other axes keep their order.
 *
 * @example
 * np.moveaxis(np.zeros([2, 3, 4]), 0, -1).shape // [3, 4, 2]
 */
export function moveaxis(a: ArrayLike, source: number | readonly number[], destination: number | readonly number[]): Tensor {
  const x = toTensor(a, "moveaxis");
  const src = axesOf("moveaxis", source, x);
  const dst = intList("moveaxis", "destination", destination).map((d) => axisOf("moveaxis", d, x.ndim, x));
  if (src.length !== dst.length) {
    throw new ArgumentError(`moveaxis: source ${showValue(source)} and destination ${showValue(destination)} must have the same number of axes.`);
  }
  if (new Set(dst).size !== dst.length) throw new ArgumentError(`moveaxis: repeated axis in destination ${showValue(destination)}.`);
  return ops.transpose(x, movePermutation(x.ndim, src, dst));
}

/**
 * Permutes the axes (reverses them by default); the array API's name for `transpose`.
 *
 * @example
 * np.permuteDims(np.zeros([2, 3, 4]), [2, 0, 1]).shape // [4, 2, 3]
 */
export function permuteDims(a: ArrayLike, axes?: readonly number[]): Tensor {
  const x = toTensor(a, "permuteDims");
  if (axes === undefined || axes === null) return ops.transpose(x, x.shape.map((_, i) => x.ndim - 1 - i));
  const perm = axesOf("permuteDims", axes, x);
  if (perm.length !== x.ndim) throw new ArgumentError(`permuteDims: axes ${showValue(axes)} is not a permutation of the ${x.ndim} axes of ${avalText(x)}.`);
  return ops.transpose(x, perm);
}

/**
 * Swaps the last two axes (a stack of matrices is transposed matrix by matrix).
 *
 * @example
 * np.matrixTranspose(np.zeros([5, 2, 3])).shape // [5, 3, 2]
 */
export function matrixTranspose(a: ArrayLike): Tensor {
  const x = toTensor(a, "matrixTranspose");
  if (x.ndim < 2) throw new ShapeError(`matrixTranspose: needs an array of at least 2 dimensions, got ${avalText(x)}.`);
  const perm = x.shape.map((_, i) => i);
  [perm[x.ndim - 2], perm[x.ndim - 1]] = [x.ndim - 1, x.ndim - 2];
  return ops.transpose(x, perm);
}

// reversal and rotation

/**
 * Reverses the order of elements along `axis` (every axis by default).
 *
 * @example
 * np.flip(np.array([[1, 2], [3, 4]]), 1) // [[2, 1], [4, 3]]
 */
export function flip(m: ArrayLike, axis?: number | readonly number[] | null): Tensor {
  const x = toTensor(m, "flip");
  return axesOf("flip", axis, x).reduce(reverseAxis, x);
}

/**
 * Reverses the columns (axis 1) of an array of at least 2 dimensions.
 *
 * @example
 * np.fliplr(np.array([[1, 2], [3, 4]])) // [[2, 1], [4, 3]]
 */
export function fliplr(m: ArrayLike): Tensor {
  const x = toTensor(m, "fliplr");
  if (x.ndim < 2) throw new ShapeError(`fliplr: needs an array of at least 2 dimensions, got ${avalText(x)}.`);
  return reverseAxis(x, 1);
}

/**
 * Reverses the rows (axis 0) of an array of at least 1 dimension.
 *
 * @example
 * np.flipud(np.array([[1, 2], [3, 4]])) // [[3, 4], [1, 2]]
 */
export function flipud(m: ArrayLike): Tensor {
  const x = toTensor(m, "flipud");
  if (x.ndim < 1) throw new ShapeError(`flipud: needs an array of at least 1 dimension, got ${avalText(x)}.`);
  return reverseAxis(x, 0);
}

/**
 * Rotates by 90° `k` times in the plane of `axes`, from the first axis towards the second.
 *
 * @example
 * np.rot90(np.array([[1, 2], [3, 4]])) // [[2, 4], [1, 3]]
 */
export function rot90(m: ArrayLike, k = 1, axes: readonly [number, number] = [0, 1]): Tensor {
  const x = toTensor(m, "rot90");
  if (!Number.isSafeInteger(k)) throw new ArgumentError(`rot90: k must be an integer, got ${showValue(k)}.`);
  const pair = isArrayArg("rot90", axes) ? denseArrayOrThrow("rot90", "axes", axes) : null;
  if (pair === null || pair.length !== 2) throw new ArgumentError(`rot90: axes must be a pair of axes, got ${showValue(axes)}.`);
  if (x.ndim < 2) throw new ShapeError(`rot90: needs an array of at least 2 dimensions, got ${avalText(x)}.`);
  const [a, b] = pair.map((ax) => axisOf("rot90", ax, x.ndim, x));
  if (a === b) throw new ArgumentError(`rot90: axes ${showValue(axes)} must be two different axes of ${avalText(x)}.`);
  const turns = ((k % 4) + 4) % 4;
  if (turns === 0) return x;
  if (turns === 2) return reverseAxis(reverseAxis(x, a), b);
  const swap = x.shape.map((_, i) => (i === a ? b : i === b ? a : i));
  // one turn: reverse axis b, then swap the two axes; three turns: swap, then reverse axis b
  return turns === 1 ? ops.transpose(reverseAxis(x, b), swap) : reverseAxis(ops.transpose(x, swap), b);
}

/**
 * Shifts elements cyclically by `shift` along `axis` (of the flattened array when no axis is given).
 * Several shifts and axes pair up (either may be a single value); shifts of one axis add.
 *
 * @example
 * np.roll(np.array([1, 2, 3, 4]), 1) // [4, 1, 2, 3]
 */
export function roll(a: ArrayLike, shift: number | readonly number[], axis?: number | readonly number[] | null): Tensor {
  const x = toTensor(a, "roll");
  const shifts = intList("roll", "shift", shift);
  if (axis === null || axis === undefined) {
    return ops.reshape(roll(ops.reshape(x, [x.size]), shifts.reduce((s, v) => s + v, 0), 0), x.shape);
  }
  const axes = intList("roll", "axis", axis).map((ax) => axisOf("roll", ax, x.ndim, x));
  if (shifts.length !== axes.length && shifts.length !== 1 && axes.length !== 1) {
    throw new ArgumentError(`roll: shift ${showValue(shift)} and axis ${showValue(axis)} must have the same length (or one of them a single value).`);
  }
  const total = new Map<number, number>();
  for (let i = 0; i < Math.max(shifts.length, axes.length); i++) {
    const ax = axes[axes.length === 1 ? 0 : i];
    total.set(ax, (total.get(ax) ?? 0) + shifts[shifts.length === 1 ? 0 : i]);
  }
  let out = x;
  for (const [ax, s] of total) out = rollAxis(out, ax, s);
  return out;
}

/** `x` rolled by `shift` along `axis`: the last `s` elements move to the front (s = shift mod n). */
function rollAxis(x: Tensor, axis: number, shift: number): Tensor {
  const n = x.shape[axis];
  if (n === 0) return x;
  const s = ((shift % n) + n) % n;
  if (s === 0) return x;
  const start = x.shape.map(() => 0);
  const tail = ops.slice(x, start.map((_, i) => (i === axis ? n - s : 0)), x.shape);
  const head = ops.slice(x, start, x.shape.map((d, i) => (i === axis ? n - s : d)));
  return ops.concatenate([tail, head], axis);
}

// repetition

/**
 * Repeats each element `repeats` times along `axis` (of the flattened array when no axis is given).
 * `repeats` is one count or one count per element along the axis; counts must be concrete.
 *
 * @example
 * np.repeat(np.array([1, 2]), 2)      // [1, 1, 2, 2]
 * np.repeat(np.array([1, 2]), [1, 3]) // [1, 2, 2, 2]
 */
export function repeat(a: ArrayLike, repeats: number | readonly number[] | ArrayLike, axis?: number | null): Tensor {
  let x = toTensor(a, "repeat");
  if (axis === null || axis === undefined) {
    x = ops.reshape(x, [x.size]);
    axis = 0;
  }
  const ax = axisOf("repeat", axis, x.ndim, x);
  const counts = Array.from(dataOf(toTensor(repeats as ArrayLike, "repeat").toConcrete("repeat")));
  const n = x.shape[ax];
  if (!counts.every((c) => Number.isInteger(c) && c >= 0)) {
    throw new ArgumentError(`repeat: repeats must be non-negative integers, got ${showValue(repeats)}.`);
  }
  if (counts.length === 1) {
    // [.., n, ..] -> [.., n, r, ..] -> [.., n·r, ..]
    const r = counts[0];
    const expanded = [...x.shape.slice(0, ax + 1), r, ...x.shape.slice(ax + 1)];
    const dims = x.shape.map((_, i) => (i <= ax ? i : i + 1));
    return ops.reshape(ops.broadcastInDim(x, expanded, dims), x.shape.map((d, i) => (i === ax ? d * r : d)));
  }
  if (counts.length !== n) {
    throw new ShapeError(`repeat: ${counts.length} repeats for axis ${ax} of size ${n} (${avalText(x)}); give one count or one per element.`);
  }
  // the output and the index map (int32, one entry per output row) are checked before the map is built
  const total = counts.reduce((s, c) => s + c, 0);
  bufferSizeOrThrow("repeat", x.shape.map((d, i) => (i === ax ? total : d)), x.dtype);
  elementCountOrThrow("repeat", total, "int32");
  const index = counts.flatMap((c, i) => Array.from({ length: c }, () => i));
  return ops.gather(x, indexVector(index), ax);
}

/**
 * Repeats the whole array `reps` times along each axis. Shorter `reps` count
 * from the last axis; a longer one adds leading axes.
 *
 * @example
 * np.tile(np.array([1, 2]), 2)      // [1, 2, 1, 2]
 * np.tile(np.array([1, 2]), [2, 1]) // [[1, 2], [1, 2]]
 */
export function tile(A: ArrayLike, reps: number | readonly number[]): Tensor {
  let x = toTensor(A, "tile");
  const r = intList("tile", "reps", reps, false);
  const ndim = Math.max(x.ndim, r.length);
  const counts = [...Array(ndim - r.length).fill(1), ...r];
  x = ops.reshape(x, [...Array(ndim - x.ndim).fill(1), ...x.shape]);
  // [a0, a1, ..] -> [r0, a0, r1, a1, ..] -> [r0·a0, r1·a1, ..]
  const interleaved = x.shape.flatMap((d, i) => [counts[i], d]);
  const out = ops.broadcastInDim(x, interleaved, x.shape.map((_, i) => 2 * i + 1));
  return ops.reshape(out, x.shape.map((d, i) => d * counts[i]));
}
