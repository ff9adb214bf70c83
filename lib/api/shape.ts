/**
 * Shape manipulation of `np`: transpose, swapaxes, reshape (with -1),
 * ravel, broadcastTo, expandDims, squeeze, concatenate and stack.
 */
import { broadcastShapes, normalizeAxis, sizeOf } from "../array/shape.ts";
import { promoteTypes } from "../array/dtype.ts";
import { ArgumentError, ShapeError } from "../core/errors.ts";
import { toTensor, axisArgOrThrow, denseArrayOrThrow, isArrayArg, showValue } from "../core/convert.ts";
import { bufferSizeOrThrow } from "../core/limits.ts";
import * as ops from "../core/ops.ts";
import { avalText } from "../core/primitives/check.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";

/** An axis in range (negative counts from the end), or an `ArgumentError`. */
export function axisOf(op: string, axis: unknown, ndim: number, x?: Tensor): number {
  const a = typeof axis === "number" && Number.isInteger(axis) ? normalizeAxis(axis, ndim) : null;
  if (a === null) {
    throw new ArgumentError(`${op}: axis ${showValue(axis)} is out of bounds for ${x ? avalText(x) : `an array of ndim ${ndim}`}.`);
  }
  return a;
}

/** Normalized axes from a list (negative counts from the end); a repeated axis is an `ArgumentError`. */
export function distinctAxesOf(op: string, axes: unknown, ndim: number, x?: Tensor): number[] {
  const list = denseArrayOrThrow(op, "axes", axes).map((a) => axisOf(op, a, ndim, x));
  if (new Set(list).size !== list.length) throw new ArgumentError(`${op}: repeated axis in ${showValue(axes)}.`);
  return list;
}

/**
 * Permutes axes (default: reverses them).
 *
 * @example
 * np.transpose(np.array([[1, 2, 3]]));
 * // array([[1.],
 * //        [2.],
 * //        [3.]])
 * np.transpose(np.zeros([1, 2, 3]), [1, 0, 2]).shape; // [2, 1, 3]
 */
export function transpose(x: ArrayLike, axes?: readonly number[] | null): Tensor {
  const t = toTensor(x, "transpose");
  if (axes !== undefined && axes !== null && !isArrayArg("transpose", axes)) throw new ArgumentError(`transpose: axes must be an array of integers, got ${showValue(axes)}.`);
  const perm = axes === undefined || axes === null ? t.shape.map((_, i) => t.ndim - 1 - i) : distinctAxesOf("transpose", axes, t.ndim, t);
  if (perm.length !== t.ndim) {
    throw new ArgumentError(`transpose: axes ${showValue(axes)} is not a permutation of the ${t.ndim} axes of ${avalText(t)}.`);
  }
  return ops.transpose(t, perm);
}

/**
 * Swaps two axes.
 *
 * @example
 * np.swapaxes(np.zeros([1, 2, 3]), 0, 2).shape; // [3, 2, 1]
 */
export function swapaxes(x: ArrayLike, axis1: number, axis2: number): Tensor {
  const t = toTensor(x, "swapaxes");
  const a = axisOf("swapaxes", axis1, t.ndim, t);
  const b = axisOf("swapaxes", axis2, t.ndim, t);
  const perm = t.shape.map((_, i) => (i === a ? b : i === b ? a : i));
  return ops.transpose(t, perm);
}

/**
 * Gives a new shape to the same data; one dim may be -1 (inferred).
 *
 * @example
 * np.reshape(np.arange(6), [2, -1]);
 * // array([[0, 1, 2],
 * //        [3, 4, 5]], dtype=int32)
 */
export function reshape(x: ArrayLike, shape: number | readonly number[]): Tensor {
  const t = toTensor(x, "reshape");
  if (typeof shape !== "number" && !isArrayArg("reshape", shape)) throw new ShapeError(`reshape: shape must be an integer or an array of integers, got ${showValue(shape)}.`);
  const dims = typeof shape === "number" ? [shape] : denseArrayOrThrow("reshape", "shape", shape);
  if (!dims.every((d) => typeof d === "number" && Number.isSafeInteger(d) && d >= -1)) {
    throw new ShapeError(`reshape: shape ${showValue(shape)} is invalid; dims must be non-negative integers (one may be -1).`);
  }
  const sizes = dims as number[];
  const unknown = sizes.indexOf(-1);
  if (unknown >= 0) {
    const known = sizes.reduce((p, d, i) => (i === unknown ? p : p * d), 1);
    if (sizes.lastIndexOf(-1) !== unknown || known === 0 || t.size % known !== 0) {
      throw new ShapeError(`reshape: cannot reshape ${avalText(t)} to [${sizes.join(",")}]; the sizes do not divide.`);
    }
    sizes[unknown] = t.size / known;
  }
  if (sizeOf(sizes) !== t.size) {
    throw new ShapeError(`reshape: cannot reshape ${avalText(t)} (${t.size} elements) to [${sizes.join(",")}]; the sizes must match.`);
  }
  return ops.reshape(t, sizes);
}

/**
 * Flattens to 1-D.
 *
 * @example
 * np.ravel([[1, 2], [3, 4]]); // array([1., 2., 3., 4.])
 */
export function ravel(x: ArrayLike): Tensor {
  const t = toTensor(x, "ravel");
  return ops.reshape(t, [t.size]);
}

/**
 * numpy broadcasting to `shape`.
 *
 * @example
 * np.broadcastTo([1, 2], [2, 2]);
 * // array([[1., 2.],
 * //        [1., 2.]])
 */
export function broadcastTo(x: ArrayLike, shape: readonly number[]): Tensor {
  const t = toTensor(x, "broadcastTo");
  const dims = isArrayArg("broadcastTo", shape) ? denseArrayOrThrow("broadcastTo", "shape", shape) : null;
  if (dims === null || !dims.every((d) => typeof d === "number" && Number.isSafeInteger(d) && d >= 0)) {
    throw new ShapeError(`broadcastTo: shape must be an array of non-negative integers, got ${showValue(shape)}.`);
  }
  const target = dims as number[];
  const joint = broadcastShapes(t.shape, target);
  if (joint === null || joint.length !== target.length || joint.some((d, i) => d !== target[i])) {
    throw new ShapeError(`broadcastTo: cannot broadcast ${avalText(t)} to [${target.join(",")}].`);
  }
  bufferSizeOrThrow("broadcastTo", target, t.dtype);
  return ops.broadcastTo(t, target);
}

/**
 * Inserts size-1 axes at `axis` (positions in the result).
 *
 * @example
 * np.expandDims([1, 2], 0).shape; // [1, 2]
 * np.expandDims([1, 2], [1, 2]).shape; // [2, 1, 1]
 */
export function expandDims(x: ArrayLike, axis: number | readonly number[]): Tensor {
  const t = toTensor(x, "expandDims");
  const checked = axisArgOrThrow("expandDims", axis);
  if (checked === null || checked === undefined) throw new ArgumentError("expandDims: axis is required.");
  const list = typeof checked === "number" ? [checked] : checked;
  const ndim = t.ndim + list.length;
  const axes = distinctAxesOf("expandDims", list, ndim);
  const shape: number[] = [];
  let k = 0;
  for (let i = 0; i < ndim; i++) shape.push(axes.includes(i) ? 1 : t.shape[k++]);
  return ops.reshape(t, shape);
}

/**
 * Removes size-1 axes (all of them, or those in `axis`; a repeated axis is an error).
 *
 * @example
 * np.squeeze(np.zeros([1, 3, 1])).shape; // [3]
 * np.squeeze(np.zeros([1, 3, 1]), 0).shape; // [3, 1]
 */
export function squeeze(x: ArrayLike, axis?: number | readonly number[] | null): Tensor {
  const t = toTensor(x, "squeeze");
  const checked = axisArgOrThrow("squeeze", axis);
  const axes =
    checked === undefined || checked === null
      ? t.shape.flatMap((d, i) => (d === 1 ? [i] : []))
      : distinctAxesOf("squeeze", typeof checked === "number" ? [checked] : checked, t.ndim, t);
  for (const a of axes) {
    if (t.shape[a] !== 1) throw new ShapeError(`squeeze: axis ${a} of ${avalText(t)} has size ${t.shape[a]}, not 1.`);
  }
  return ops.reshape(t, ops.dropAxes(t.shape, axes));
}

function tensorList(op: string, xs: unknown): Tensor[] {
  const list = isArrayArg(op, xs) ? denseArrayOrThrow(op, "the tensors", xs) : [];
  if (list.length === 0) throw new ArgumentError(`${op}: needs a non-empty array of tensors, got ${showValue(xs)}.`);
  return list.map((x) => toTensor(x as ArrayLike, op));
}

/**
 * Joins tensors along an existing axis.
 *
 * @example
 * np.concatenate([[1, 2], [3]]); // array([1., 2., 3.])
 */
export function concatenate(xs: readonly ArrayLike[], axis: number = 0): Tensor {
  const ts = tensorList("concatenate", xs);
  const dtype = ts.map((t) => t.dtype).reduce(promoteTypes);
  const a = axisOf("concatenate", axis, ts[0].ndim, ts[0]);
  return ops.concatenate(ts.map((t) => ops.convert(t, dtype)), a);
}

/**
 * Joins tensors along a new axis.
 *
 * @example
 * np.stack([[1, 2], [3, 4]], 1);
 * // array([[1., 3.],
 * //        [2., 4.]])
 */
export function stack(xs: readonly ArrayLike[], axis: number = 0): Tensor {
  const ts = tensorList("stack", xs);
  const first = ts[0];
  for (const t of ts) {
    if (t.ndim !== first.ndim || t.shape.some((d, i) => d !== first.shape[i])) {
      throw new ShapeError(`stack: all inputs need one shape; got ${avalText(first)} and ${avalText(t)}.`);
    }
  }
  const a = axisOf("stack", axis, first.ndim + 1);
  return concatenate(ts.map((t) => expandDims(t, a)), a);
}
