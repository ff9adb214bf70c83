/**
 * Data-dependent shapes (issue 9, group 4): `nonzero`, `flatnonzero`,
 * `argwhere`, `unique`. Their output sizes depend on the values, so on
 * concrete inputs they size themselves (as numpy), and with a `size` option
 * they have a fixed size and work on traced inputs too, under `jit` and
 * `vmap` (as JAX): positions beyond the real count are `fillValue` (0 by
 * default; `unique` fills values with the smallest one). A traced input
 * without `size` is a `ConcretizationError` saying to give one.
 *
 * The traced forms are compositions: a cumulative sum of the mask and a
 * binary search of it find the k-th true element; `unique` sorts (rows,
 * for `axis`) with an iota alongside and marks where each group starts.
 *
 * @example
 * np.nonzero(np.array([[0, 1], [2, 0]]))            // [[0, 1], [1, 0]]
 * np.unique(np.array([3, 1, 3]), { returnCounts: true }) // [[1, 3], [1, 2]]
 * jit((x) => np.nonzero(x, { size: 3 }))(x)         // traced: fixed size 3
 */
import { ArgumentError, ConcretizationError, ShapeError } from "../core/errors.ts";
import { optionsOrThrow, showValue, toTensor } from "../core/convert.ts";
import * as ops from "../core/ops.ts";
import { avalText } from "../core/primitives/check.ts";
import { ConcreteTensor, type ArrayLike, type Tensor, dataOf } from "../core/tensor.ts";
import { booleanArg, integerArg } from "./options.ts";
import { searchsorted } from "./sorting.ts";
import { axisOf } from "./shape.ts";
import { maskPositions } from "./advancedIndexing.ts";
import { ScatterDimensionNumbers } from "../core/primitives/dimensionNumbers.ts";
import { bufferSizeOrThrow } from "../core/limits.ts";

/** Options of `nonzero`, `flatnonzero` and `argwhere`: a fixed output size (for `jit`) and the fill (a number, or one per axis). */
export interface NonzeroOptions {
  readonly size?: number;
  readonly fillValue?: number | readonly number[];
}

function fillValues(op: string, fill: unknown, ndim: number): number[] {
  if (fill === undefined) return new Array<number>(ndim).fill(0);
  if (typeof fill === "number") return new Array<number>(ndim).fill(fill);
  if (Array.isArray(fill) && fill.length === ndim && fill.every((v) => typeof v === "number")) return fill as number[];
  throw new ArgumentError(`${op}: fillValue must be a number or ${ndim} numbers (one per axis), got ${showValue(fill)}.`);
}

/** The mask `x != 0` (bool). */
function nonzeroMask(x: Tensor): Tensor {
  return x.dtype === "bool" ? x : ops.ne(x, ops.zerosLike(x));
}

/**
 * The positions of the first `size` true elements of a flat bool mask, or `n` (its length) past the count:
 * the k-th true element is where the running count first reaches k + 1.
 */
function truePositions(mask: Tensor, size: number): { positions: Tensor; valid: Tensor } {
  const counts = ops.cumsum(ops.convert(mask, "int32"), 0);
  const wanted = ops.add(ops.iotaAlong([size], 0), ops.scalar(1, "int32"));
  const positions = searchsorted(counts, wanted);
  const total = ops.slice(counts, [mask.shape[0] - 1], [mask.shape[0]]);
  return { positions, valid: ops.le(wanted, ops.broadcastTo(total, [size])) };
}

/** The coordinates along each axis of flat positions in `shape` (int32). */
function unravel(flat: Tensor, shape: readonly number[]): Tensor[] {
  const f = ops.convert(flat, "float64");
  let stride = 1;
  const out: Tensor[] = new Array(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    // floor(flat / stride) mod dim, exact in float64 for int32 positions
    const q = ops.floor(ops.div(f, ops.scalar(stride, "float64")));
    const r = ops.sub(q, ops.mul(ops.floor(ops.div(q, ops.scalar(shape[d], "float64"))), ops.scalar(shape[d], "float64")));
    out[d] = ops.convert(r, "int32");
    stride *= shape[d];
  }
  return out;
}

/** A fixed-size int32 vector: the concrete positions, cut or padded with `fill`. */
function fitted(values: Int32Array, size: number, fill: number): ConcreteTensor {
  const out = new Int32Array(size).fill(fill);
  out.set(values.subarray(0, Math.min(size, values.length)));
  return new ConcreteTensor(out, [size], "int32");
}

function nonzeroOf(op: string, x: Tensor, options: unknown): Tensor[] {
  const { size, fillValue } = optionsOrThrow<Record<string, unknown>>(op, options, ["size", "fillValue"]);
  if (x.ndim === 0) throw new ShapeError(`${op}: a 0-d array has no axes to index (numpy raises too); use np.atleast1d first.`);
  const fill = fillValues(op, fillValue, x.ndim);
  const n = size === undefined ? undefined : integerArg(op, "size", size);
  if (n !== undefined) bufferSizeOrThrow(op, [x.ndim, n], "int32");
  if (x instanceof ConcreteTensor) {
    const positions = maskPositions(nonzeroMask(x).toConcrete(op));
    return n === undefined ? positions : positions.map((p, d) => fitted(dataOf(p) as Int32Array, n, fill[d]));
  }
  if (n === undefined) {
    throw new ConcretizationError(`${op}: the number of nonzero elements of a traced ${avalText(x)} is not known while tracing; pass { size } (and optionally fillValue) for a fixed-size result, as JAX.`);
  }
  if (x.size === 0) return fill.map((v) => ops.full([n], v, "int32"));
  const { positions, valid } = truePositions(ops.reshape(nonzeroMask(x), [x.size]), n);
  return unravel(positions, x.shape).map((c, d) => ops.select(valid, c, ops.full([n], fill[d], "int32")));
}

/**
 * numpy's `nonzero`: for each axis, the int32 positions of the nonzero elements (row-major order).
 * With `size` the result has that length (padded with `fillValue`, or cut) and the input may be traced.
 *
 * @example
 * np.nonzero(np.array([0, 3, 0, 4])) // [[1, 3]]
 */
export function nonzero(a: ArrayLike, options?: NonzeroOptions): Tensor[] {
  return nonzeroOf("nonzero", toTensor(a, "nonzero"), options);
}

/**
 * numpy's `flatnonzero`: the int32 positions of the nonzero elements of the flattened array.
 *
 * @example
 * np.flatnonzero(np.array([[0, 1], [1, 0]])) // [1, 2]
 */
export function flatnonzero(a: ArrayLike, options?: NonzeroOptions): Tensor {
  const x = toTensor(a, "flatnonzero");
  return nonzeroOf("flatnonzero", ops.reshape(x, [x.size]), options)[0];
}

/**
 * numpy's `argwhere`: the int32 coordinates of the nonzero elements, one row each ([count, ndim]).
 *
 * @example
 * np.argwhere(np.array([[0, 1], [2, 0]])) // [[0, 1], [1, 0]]
 */
export function argwhere(a: ArrayLike, options?: NonzeroOptions): Tensor {
  const x = toTensor(a, "argwhere");
  if (x.ndim === 0) {
    // numpy: one row (or none) of zero coordinates
    const { size } = optionsOrThrow<Record<string, unknown>>("argwhere", options, ["size", "fillValue"]);
    const rows = size !== undefined ? integerArg("argwhere", "size", size) : dataOf(x.toConcrete("argwhere"))[0] !== 0 ? 1 : 0;
    bufferSizeOrThrow("argwhere", [rows], "int32");
    return ops.full([rows, 0], 0, "int32");
  }
  const columns = nonzeroOf("argwhere", x, options);
  return ops.concatenate(columns.map((c) => ops.reshape(c, [c.shape[0], 1])), 1);
}

/** Options of `unique` (numpy's flags, JAX's `size`/`fillValue`). */
export interface UniqueOptions {
  readonly returnIndex?: boolean;
  readonly returnInverse?: boolean;
  readonly returnCounts?: boolean;
  readonly axis?: number | null;
  readonly equalNan?: boolean;
  readonly size?: number;
  readonly fillValue?: number;
}

/**
 * numpy's `unique`: the sorted unique elements (or, with `axis`, the unique slices along it), and
 * when asked, in numpy's order, the int32 index of each one's first occurrence (`returnIndex`), the
 * index into the uniques of every element (`returnInverse`, shaped as the input for `axis` null,
 * as numpy 2) and how often each occurs (`returnCounts`); then the result is an array of those.
 * NaNs count as one value unless `equalNan: false`. With `size`, a fixed number of uniques (padded
 * with `fillValue`, default the smallest unique; padded indices and counts are 0), on traced input too.
 *
 * @example
 * np.unique(np.array([3, 1, 2, 1]))                            // [1, 2, 3]
 * np.unique(np.array([3, 1, 1]), { returnInverse: true })       // [[1, 3], [1, 0, 0]]
 */
export function unique(ar: ArrayLike, options?: UniqueOptions): Tensor | Tensor[] {
  const o = optionsOrThrow<Record<string, unknown>>("unique", options, ["returnIndex", "returnInverse", "returnCounts", "axis", "equalNan", "size", "fillValue"]);
  const flags = (["returnIndex", "returnInverse", "returnCounts"] as const).map((k) => booleanArg("unique", k, o[k], false));
  const equalNan = booleanArg("unique", "equalNan", o.equalNan, true);
  if (o.fillValue !== undefined && typeof o.fillValue !== "number") throw new ArgumentError(`unique: fillValue must be a number, got ${showValue(o.fillValue)}.`);
  const x = toTensor(ar, "unique");
  const axis = o.axis === undefined || o.axis === null ? null : axisOf("unique", o.axis as number, x.ndim, x);
  // the rows to compare: elements (axis null) or slices along `axis`, flattened
  const moved = axis === null ? ops.reshape(x, [x.size, 1]) : ops.transpose(x, [axis, ...x.shape.map((_, i) => i).filter((i) => i !== axis)]);
  const rest = axis === null ? [] : moved.shape.slice(1);
  const n = moved.shape[0];
  const width = rest.reduce((p, d) => p * d, 1);
  const rows = ops.reshape(moved, [n, axis === null ? 1 : width]);
  const finish = (values: Tensor, index: Tensor, inverse: Tensor, counts: Tensor): Tensor | Tensor[] => {
    const extras = [index, inverse, counts].filter((_, i) => flags[i]);
    return extras.length === 0 ? values : [values, ...extras];
  };
  const shapeValues = (v: Tensor, size: number) => {
    if (axis === null) return ops.reshape(v, [size]);
    const full = ops.reshape(v, [size, ...rest]);
    const perm = full.shape.map((_, i) => i).slice(1);
    perm.splice(axis, 0, 0);
    return ops.transpose(full, perm);
  };
  if (n === 0 || width === 0) {
    // no rows: nothing is unique; empty rows: all equal, one unique
    const count = n === 0 ? 0 : 1;
    const size = o.size === undefined ? count : integerArg("unique", "size", o.size);
    bufferSizeOrThrow("unique", [size, Math.max(width, 1)], x.dtype);
    const valid = (k: number) => (k < count ? 1 : 0);
    const index = ops.full([size], 0, "int32");
    const counts = ops.fromInt32(Int32Array.from({ length: size }, (_, k) => valid(k) * n));
    return finish(shapeValues(ops.full([size, width], o.fillValue ?? 0, x.dtype), size), index, ops.full(axis === null ? x.shape : [n], 0, "int32"), counts);
  }
  const columns = Array.from({ length: rows.shape[1] }, (_, j) => ops.reshape(ops.slice(rows, [0, j], [n, j + 1]), [n]));
  const sorted = ops.sort([...columns, ops.iotaAlong([n], 0)], 0, columns.length);
  const perm = sorted.pop()!;
  // a group starts where any column differs from the row before (NaNs equal when equalNan)
  let differs: Tensor | null = null;
  for (const c of sorted) {
    const cur = ops.slice(c, [1], [n]);
    const prev = ops.slice(c, [0], [n - 1]);
    let d = ops.ne(cur, prev);
    if (equalNan && (c.dtype === "float64" || c.dtype === "float32")) d = ops.select(ops.select(ops.ne(cur, cur), ops.ne(prev, prev), ops.scalar(0, "bool")), ops.scalar(0, "bool"), d);
    differs = differs === null ? d : ops.select(differs, differs, d);
  }
  const starts = ops.concatenate([ops.full([1], 1, "bool"), differs ?? ops.full([0], 0, "bool")], 0);
  let size: number;
  if (o.size !== undefined) size = integerArg("unique", "size", o.size);
  else if (starts instanceof ConcreteTensor) size = (dataOf(starts) as Uint8Array).reduce((s, v) => s + v, 0);
  else throw new ConcretizationError(`unique: the number of unique values of a traced ${avalText(x)} is not known while tracing; pass { size } (and optionally fillValue) for a fixed-size result, as JAX.`);
  bufferSizeOrThrow("unique", [size, rows.shape[1]], x.dtype);
  const { positions, valid } = truePositions(starts, size);
  const at = ops.min(positions, ops.scalar(n - 1, "int32"));
  const sortedRows = ops.concatenate(sorted.map((c) => ops.reshape(c, [n, 1])), 1);
  const picked = ops.gather(sortedRows, at, 0);
  const fillRow = o.fillValue === undefined ? ops.broadcastTo(ops.slice(sortedRows, [0, 0], [1, sortedRows.shape[1]]), picked.shape) : ops.full(picked.shape, o.fillValue as number, x.dtype);
  const values = ops.select(ops.broadcastInDim(valid, picked.shape, [0]), picked, fillRow);
  const zeros = ops.full([size], 0, "int32");
  const index = ops.select(valid, ops.gather(perm, at, 0), zeros);
  // inverse: each sorted position's group number, sent back to where it came from
  const group = ops.sub(ops.cumsum(ops.convert(starts, "int32"), 0), ops.scalar(1, "int32"));
  const onePerIndex = new ScatterDimensionNumbers({ updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] });
  const inverseFlat = ops.scatterWith("scatter", ops.full([n], 0, "int32"), ops.reshape(perm, [n, 1]), group, onePerIndex);
  const inverse = axis === null ? ops.reshape(inverseFlat, x.shape) : inverseFlat;
  // counts: the distance to the next group's start (n past the last)
  const nextStart = ops.concatenate([ops.slice(positions, [1], [size]), ops.full([1], n, "int32")], 0);
  const counts = ops.select(valid, ops.sub(ops.min(nextStart, ops.scalar(n, "int32")), positions), zeros);
  return finish(shapeValues(values, size), index, inverse, counts);
}
