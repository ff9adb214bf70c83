/**
 * Index grids and per-axis application (issue 9, group 4): `indices`,
 * `meshgrid`, `fromfunction`, `applyAlongAxis`, `applyOverAxes`.
 *
 * Grids are constants (int32 by default for `indices`, as numpy's `int`)
 * broadcast as needed. `applyAlongAxis` is JAX's: the function is `vmap`ped
 * over every other axis, so it runs once, traced, whatever the array's size
 * (this module imports `vmap`; the rest of the np layer needs only the core).
 *
 * @example
 * const [X, Y] = np.meshgrid(np.arange(3), np.arange(2)); // X, Y: [2, 3]
 * np.applyAlongAxis((row) => np.sum(row), 1, np.ones([2, 3])) // [3, 3]
 */
import { ArgumentError, ShapeError } from "../core/errors.ts";
import { denseArrayOrThrow, dtypeOptionsOrThrow, dtypeOrThrow, functionOrThrow, isArrayArg, isTensorArg, optionsOrThrow, showValue, toTensor, userOutputOrThrow } from "../core/convert.ts";
import { bufferSizeOrThrow } from "../core/limits.ts";
import * as ops from "../core/ops.ts";
import { avalText } from "../core/primitives/check.ts";
import { Tensor, type ArrayLike } from "../core/tensor.ts";
import type { DType } from "../array/dtype.ts";
import { vmap } from "../transforms/vmap.ts";
import { booleanArg, intList, integerArg } from "./options.ts";
import { axisOf } from "./shape.ts";

function dimensionsOf(op: string, dimensions: unknown, dtype: DType): number[] {
  const dims = typeof dimensions === "number" ? [dimensions] : dimensions;
  if (!isArrayArg(op, dims)) throw new ArgumentError(`${op}: dimensions must be an array of non-negative integers, got ${showValue(dimensions)}.`);
  const shape = denseArrayOrThrow(op, "dimensions", dims).map((d, i) => integerArg(op, `dimensions[${i}]`, d));
  bufferSizeOrThrow(op, [shape.length, ...shape], dtype);
  return shape;
}

/** The grid of positions along axis `i` of `shape`, with size-1 axes elsewhere (sparse) or broadcast (dense). */
function grid(shape: readonly number[], i: number, dtype: DType, sparse: boolean): Tensor {
  const along = ops.convert(ops.iotaAlong([shape[i]], 0), dtype);
  const own = shape.map((d, j) => (j === i ? d : 1));
  return sparse ? ops.reshape(along, own) : ops.broadcastInDim(along, shape, [i]);
}

/**
 * numpy's `indices`: the grid of each axis's positions over `dimensions`, stacked into one
 * [ndim, ...dimensions] array (int32 by default), or with `sparse`, one array per axis shaped to broadcast.
 *
 * @example
 * np.indices([2, 3]) // [[[0, 0, 0], [1, 1, 1]], [[0, 1, 2], [0, 1, 2]]]
 */
export function indices(dimensions: readonly number[], options?: { dtype?: DType; sparse?: boolean } | DType): Tensor | Tensor[] {
  const { dtype = "int32", sparse } = dtypeOptionsOrThrow<{ dtype?: DType; sparse?: boolean }>("indices", options, ["dtype", "sparse"]);
  const d = dtypeOrThrow("indices", dtype);
  const shape = dimensionsOf("indices", dimensions, d);
  const grids = shape.map((_, i) => grid(shape, i, d, booleanArg("indices", "sparse", sparse, false)));
  if (sparse === true) return grids;
  return grids.length === 0 ? ops.full([0], 0, d) : ops.concatenate(grids.map((g) => ops.reshape(g, [1, ...shape])), 0);
}

/** Options of `meshgrid` (numpy's keyword arguments). */
export interface MeshgridOptions {
  readonly indexing?: "xy" | "ij";
  readonly sparse?: boolean;
  readonly copy?: boolean;
}

function isOptions(x: unknown): x is MeshgridOptions {
  return x !== null && typeof x === "object" && !isArrayArg("meshgrid", x) && !isTensorArg("meshgrid", x) && !ArrayBuffer.isView(x);
}

/**
 * numpy's `meshgrid`: coordinate arrays from 1-D coordinate vectors (flattened if not 1-D).
 * `indexing: "xy"` (the default) swaps the first two output axes (Cartesian), `"ij"` keeps them;
 * `sparse` keeps size-1 axes instead of broadcasting. A trailing options object is read as options.
 *
 * @example
 * const [X, Y] = np.meshgrid(np.array([1, 2, 3]), np.array([4, 5])); // X: [[1, 2, 3], [1, 2, 3]]
 */
export function meshgrid(...args: (ArrayLike | MeshgridOptions)[]): Tensor[] {
  const last = args[args.length - 1];
  const hasOptions = args.length > 0 && isOptions(last);
  const { indexing = "xy", sparse, copy } = optionsOrThrow<Record<string, unknown>>("meshgrid", hasOptions ? last : undefined, ["indexing", "sparse", "copy"]);
  if (indexing !== "xy" && indexing !== "ij") throw new ArgumentError(`meshgrid: indexing must be "xy" or "ij", got ${showValue(indexing)}.`);
  booleanArg("meshgrid", "copy", copy, true);
  const xs = (hasOptions ? args.slice(0, -1) : args).map((x) => {
    const t = toTensor(x as ArrayLike, "meshgrid");
    return ops.reshape(t, [t.size]);
  });
  const n = xs.length;
  const outs = xs.map((x, i) => {
    const shape = xs.map(() => 1);
    shape[i] = x.size;
    if (indexing === "xy" && n > 1 && i < 2) [shape[0], shape[1]] = [shape[1], shape[0]];
    return ops.reshape(x, shape);
  });
  if (booleanArg("meshgrid", "sparse", sparse, false)) return outs;
  const full = outs.reduce<number[]>((s, o) => s.map((d, i) => Math.max(d, o.shape[i])), xs.map(() => 1));
  return outs.map((o) => ops.broadcastTo(o, full));
}

/**
 * numpy's `fromfunction`: `fn` called once with the index grids of `shape` (float64 by default,
 * as numpy's), so `fn` works on whole arrays (JAX instead vmaps `fn` over scalars; for elementwise
 * functions the two agree); its result becomes a tensor.
 *
 * @example
 * np.fromfunction((i, j) => np.add(i, j), [2, 2]) // [[0, 1], [1, 2]]
 */
export function fromfunction(fn: (...grids: Tensor[]) => ArrayLike, shape: readonly number[], options?: { dtype?: DType } | DType): Tensor {
  functionOrThrow("fromfunction", fn);
  const { dtype = "float64" } = dtypeOptionsOrThrow<{ dtype?: DType }>("fromfunction", options, ["dtype"]);
  const d = dtypeOrThrow("fromfunction", dtype);
  const dims = dimensionsOf("fromfunction", shape, d);
  return toTensor(userOutputOrThrow("fromfunction", fn(...dims.map((_, i) => grid(dims, i, d, false)))) as ArrayLike, "fromfunction");
}

/**
 * numpy's `apply_along_axis`, as JAX's: `func1d` applied to every 1-D slice along `axis` (extra
 * `args` passed after the slice), by `vmap` over the other axes; its result's axes replace `axis`.
 *
 * @example
 * np.applyAlongAxis((v) => np.sort(v), 0, np.array([[3, 1], [1, 2]])) // [[1, 1], [3, 2]]
 */
export function applyAlongAxis(func1d: (slice: Tensor, ...args: any[]) => ArrayLike, axis: number, arr: ArrayLike, ...args: unknown[]): Tensor {
  functionOrThrow("applyAlongAxis", func1d);
  const x = toTensor(arr, "applyAlongAxis");
  if (x.ndim === 0) throw new ShapeError(`applyAlongAxis: needs an array of at least 1 dimension, got ${avalText(x)}.`);
  const ax = axisOf("applyAlongAxis", axis, x.ndim, x);
  let f = (slice: Tensor): Tensor => toTensor(userOutputOrThrow("applyAlongAxis", func1d(slice, ...args)) as ArrayLike, "applyAlongAxis");
  // axes after `axis` map to the end of the result, axes before it to the front
  for (let i = 1; i < x.ndim - ax; i++) f = vmap(f, { inAxes: i, outAxes: -1 });
  for (let i = 0; i < ax; i++) f = vmap(f, { inAxes: 0, outAxes: 0 });
  return f(x);
}

/**
 * numpy's `apply_over_axes`: `func(a, axis)` applied for each axis in turn; a result with one
 * axis fewer gets it back as size 1, so the rank never changes.
 *
 * @example
 * np.applyOverAxes((v, ax) => np.sum(v, ax), np.ones([2, 3, 4]), [0, 2]).shape // [1, 3, 1]
 */
export function applyOverAxes(func: (a: Tensor, axis: number) => ArrayLike, a: ArrayLike, axes: number | readonly number[]): Tensor {
  functionOrThrow("applyOverAxes", func);
  let val = toTensor(a, "applyOverAxes");
  const n = val.ndim;
  for (const raw of intList("applyOverAxes", "axes", axes)) {
    const axis = raw < 0 ? raw + n : raw;
    if (axis < 0 || axis >= n) throw new ArgumentError(`applyOverAxes: axis ${raw} is out of bounds for ${avalText(val)}.`);
    let res = toTensor(userOutputOrThrow("applyOverAxes", func(val, axis)) as ArrayLike, "applyOverAxes");
    if (res.ndim !== val.ndim) {
      if (res.ndim + 1 !== val.ndim) throw new ShapeError(`applyOverAxes: func returned ${avalText(res)} for ${avalText(val)} along axis ${axis}; it must keep the rank or drop the axis.`);
      res = ops.reshape(res, [...res.shape.slice(0, axis), 1, ...res.shape.slice(axis)]);
    }
    val = res;
  }
  return val;
}
