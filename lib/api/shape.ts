/**
 * Shape manipulation of `np`: transpose, swapaxes, reshape (with -1),
 * ravel, broadcastTo, expandDims, squeeze, concatenate and stack.
 */
import { broadcastShapes, normalizeAxis, sizeOf } from "../array/shape.ts";
import { promoteTypes } from "../array/dtype.ts";
import { ArgumentError, ShapeError } from "../core/errors.ts";
import { toTensor, axisArgOrThrow, showValue } from "../core/convert.ts";
import * as ops from "../core/ops.ts";
import { avalText } from "../core/primitives/check.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";

/** An axis in range (negative counts from the end), or an `ArgumentError`. */
export function axisOf(op: string, axis: number, ndim: number, x?: Tensor): number {
  const a = Number.isInteger(axis) ? normalizeAxis(axis, ndim) : null;
  if (a === null) {
    throw new ArgumentError(`${op}: axis ${axis} is out of bounds for ${x ? avalText(x) : `an array of ndim ${ndim}`}.`);
  }
  return a;
}

/** Permutes axes (default: reverses them). */
export function transpose(x: ArrayLike, axes?: readonly number[]): Tensor {
  const t = toTensor(x, "transpose");
  if (axes !== undefined && !Array.isArray(axes)) throw new ArgumentError(`transpose: axes must be an array of integers, got ${showValue(axes)}.`);
  const perm = axes === undefined ? t.shape.map((_, i) => t.ndim - 1 - i) : axes.map((a) => axisOf("transpose", a, t.ndim, t));
  return ops.transpose(t, perm);
}

/** Swaps two axes. */
export function swapaxes(x: ArrayLike, axis1: number, axis2: number): Tensor {
  const t = toTensor(x, "swapaxes");
  const a = axisOf("swapaxes", axis1, t.ndim, t);
  const b = axisOf("swapaxes", axis2, t.ndim, t);
  const perm = t.shape.map((_, i) => (i === a ? b : i === b ? a : i));
  return ops.transpose(t, perm);
}

/** Gives a new shape to the same data; one dim may be -1 (inferred). */
export function reshape(x: ArrayLike, shape: number | readonly number[]): Tensor {
  const t = toTensor(x, "reshape");
  if (typeof shape !== "number" && !Array.isArray(shape)) throw new ShapeError(`reshape: shape must be an integer or an array of integers, got ${showValue(shape)}.`);
  const dims = typeof shape === "number" ? [shape] : [...shape];
  const unknown = dims.indexOf(-1);
  if (unknown >= 0) {
    const known = dims.reduce((p, d, i) => (i === unknown ? p : p * d), 1);
    if (dims.lastIndexOf(-1) !== unknown || known === 0 || t.size % known !== 0) {
      throw new ShapeError(`reshape: cannot reshape ${avalText(t)} to [${dims.join(",")}]; the sizes do not divide.`);
    }
    dims[unknown] = t.size / known;
  }
  if (!dims.every((d) => Number.isInteger(d) && d >= 0) || sizeOf(dims) !== t.size) {
    throw new ShapeError(`reshape: cannot reshape ${avalText(t)} (${t.size} elements) to [${dims.join(",")}]; the sizes must match.`);
  }
  return ops.reshape(t, dims);
}

/** Flattens to 1-D. */
export function ravel(x: ArrayLike): Tensor {
  const t = toTensor(x, "ravel");
  return ops.reshape(t, [t.size]);
}

/** numpy broadcasting to `shape`. */
export function broadcastTo(x: ArrayLike, shape: readonly number[]): Tensor {
  const t = toTensor(x, "broadcastTo");
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ShapeError(`broadcastTo: shape must be an array of non-negative integers, got ${showValue(shape)}.`);
  }
  const target = broadcastShapes(t.shape, shape);
  if (target === null || target.length !== shape.length || target.some((d, i) => d !== shape[i])) {
    throw new ShapeError(`broadcastTo: cannot broadcast ${avalText(t)} to [${shape.join(",")}].`);
  }
  return ops.broadcastTo(t, shape);
}

/** Inserts size-1 axes at `axis` (positions in the result). */
export function expandDims(x: ArrayLike, axis: number | readonly number[]): Tensor {
  const t = toTensor(x, "expandDims");
  if (axisArgOrThrow("expandDims", axis) == null) throw new ArgumentError("expandDims: axis is required.");
  const list = typeof axis === "number" ? [axis] : [...axis];
  const ndim = t.ndim + list.length;
  const axes = list.map((a) => axisOf("expandDims", a, ndim));
  if (new Set(axes).size !== axes.length) throw new ArgumentError(`expandDims: repeated axis in ${showValue(axis)}.`);
  const shape: number[] = [];
  let k = 0;
  for (let i = 0; i < ndim; i++) shape.push(axes.includes(i) ? 1 : t.shape[k++]);
  return ops.reshape(t, shape);
}

/** Removes size-1 axes (all of them, or those in `axis`). */
export function squeeze(x: ArrayLike, axis?: number | readonly number[]): Tensor {
  const t = toTensor(x, "squeeze");
  axisArgOrThrow("squeeze", axis);
  const axes =
    axis === undefined || axis === null
      ? t.shape.flatMap((d, i) => (d === 1 ? [i] : []))
      : (typeof axis === "number" ? [axis] : [...axis]).map((a) => axisOf("squeeze", a, t.ndim, t));
  for (const a of axes) {
    if (t.shape[a] !== 1) throw new ShapeError(`squeeze: axis ${a} of ${avalText(t)} has size ${t.shape[a]}, not 1.`);
  }
  return ops.reshape(t, ops.dropAxes(t.shape, axes));
}

/** Joins tensors along an existing axis. */
export function concatenate(xs: readonly ArrayLike[], axis = 0): Tensor {
  if (!Array.isArray(xs) || xs.length === 0) throw new ArgumentError("concatenate: needs a non-empty array of tensors.");
  const ts = xs.map((x) => toTensor(x, "concatenate"));
  const dtype = ts.map((t) => t.dtype).reduce(promoteTypes);
  const a = axisOf("concatenate", axis, ts[0].ndim, ts[0]);
  return ops.concatenate(ts.map((t) => ops.convert(t, dtype)), a);
}

/** Joins tensors along a new axis. */
export function stack(xs: readonly ArrayLike[], axis = 0): Tensor {
  if (!Array.isArray(xs) || xs.length === 0) throw new ArgumentError("stack: needs a non-empty array of tensors.");
  const ts = xs.map((x) => toTensor(x, "stack"));
  const first = ts[0];
  for (const t of ts) {
    if (t.ndim !== first.ndim || t.shape.some((d, i) => d !== first.shape[i])) {
      throw new ShapeError(`stack: all inputs need one shape; got ${avalText(first)} and ${avalText(t)}.`);
    }
  }
  const a = axisOf("stack", axis, first.ndim + 1);
  return concatenate(ts.map((t) => expandDims(t, a)), a);
}
