/**
 * Diagonals and triangles (issue 9, group 4): `diag`, `diagflat`,
 * `diagonal`, `trace`, `tri`, `tril`, `triu`, and the index helpers
 * `diagIndices`, `diagIndicesFrom`, `trilIndices`, `triuIndices`,
 * `trilIndicesFrom`, `triuIndicesFrom`.
 *
 * A diagonal is a strided `slice` of the flattened last two axes (stride
 * columns + 1), so reading one costs a copy and its gradient is a `pad`;
 * `diag` of a vector is that `pad` itself. Triangles are a `select` with a
 * constant mask. The index helpers are concrete int32 arrays.
 *
 * @example
 * np.diagonal(np.arange(9).reshape(3, 3), 1) // [1, 5]
 * np.triu(np.ones([3, 3]))                    // upper triangle of ones
 */
import { ArgumentError, ShapeError } from "../core/errors.ts";
import { dtypeOptionsOrThrow, dtypeOrThrow, toTensor } from "../core/convert.ts";
import * as ops from "../core/ops.ts";
import { avalText } from "../core/primitives/check.ts";
import { ConcreteTensor, type ArrayLike, type Tensor, dataOf } from "../core/tensor.ts";
import type { DType } from "../array/dtype.ts";
import { integerArg } from "./options.ts";
import { bufferSizeOrThrow } from "../core/limits.ts";
import { axisOf } from "./shape.ts";
import { sum } from "./reductions.ts";

function intOr(op: string, name: string, value: unknown, fallback: number): number {
  return value === undefined ? fallback : integerArg(op, name, value, true);
}

/**
 * The diagonal of `a` at `offset` (above the main one when positive) of the axes `axis1`, `axis2`,
 * as a new last axis (numpy's `diagonal`).
 *
 * @example
 * np.diagonal(np.arange(6).reshape(2, 3)) // [0, 4]
 */
export function diagonal(a: ArrayLike, offset = 0, axis1 = 0, axis2 = 1): Tensor {
  return diagonalOf("diagonal", a, offset, axis1, axis2);
}

function diagonalOf(op: string, a: ArrayLike, offset: number, axis1: number, axis2: number): Tensor {
  const x = toTensor(a, op);
  if (x.ndim < 2) throw new ShapeError(`${op}: needs an array of at least 2 dimensions, got ${avalText(x)}.`);
  const k = intOr(op, "offset", offset, 0);
  const a1 = axisOf(op, axis1, x.ndim, x);
  const a2 = axisOf(op, axis2, x.ndim, x);
  if (a1 === a2) throw new ArgumentError(`${op}: axis1 and axis2 must differ, got ${axis1} and ${axis2} for ${avalText(x)}.`);
  const rest = x.shape.map((_, i) => i).filter((i) => i !== a1 && i !== a2);
  const moved = ops.transpose(x, [...rest, a1, a2]);
  const rows = x.shape[a1];
  const cols = x.shape[a2];
  const outer = rest.map((i) => x.shape[i]);
  const count = Math.max(0, k >= 0 ? Math.min(rows, cols - k) : Math.min(rows + k, cols));
  const flat = ops.reshape(moved, [...outer, rows * cols]);
  if (count === 0) return ops.full([...outer, 0], 0, x.dtype);
  // element (i, i + k) of the row-major matrix sits at start + i·(cols + 1)
  const start = k >= 0 ? k : -k * cols;
  const limit = start + (count - 1) * (cols + 1) + 1;
  const zeros = outer.map(() => 0);
  return ops.slice(flat, [...zeros, start], [...outer, limit], [...outer.map(() => 1), cols + 1]);
}

/**
 * numpy's `diag`: the `k`-th diagonal of a 2-D array, or a square 2-D array with the 1-D `v` on
 * its `k`-th diagonal.
 *
 * @example
 * np.diag(np.array([1, 2]), 1) // [[0, 1, 0], [0, 0, 2], [0, 0, 0]]
 */
export function diag(v: ArrayLike, k = 0): Tensor {
  const x = toTensor(v, "diag");
  const offset = intOr("diag", "k", k, 0);
  if (x.ndim === 2) return diagonalOf("diag", x, offset, 0, 1);
  if (x.ndim !== 1) throw new ShapeError(`diag: needs a 1-D or 2-D array, got ${avalText(x)}.`);
  const n = x.shape[0];
  const size = n + Math.abs(offset);
  if (n === 0) return ops.full([size, size], 0, x.dtype);
  // v[i] goes to row i + max(-k, 0), column i + max(k, 0): flat start + i·(size + 1)
  const start = Math.max(-offset, 0) * size + Math.max(offset, 0);
  const last = start + (n - 1) * (size + 1);
  return ops.reshape(ops.pad(x, [start], [size * size - last - 1], [size]), [size, size]);
}

/**
 * numpy's `diagflat`: a 2-D array with the flattened `v` on its `k`-th diagonal.
 *
 * @example
 * np.diagflat(np.array([[1, 2], [3, 4]])).shape // [4, 4]
 */
export function diagflat(v: ArrayLike, k = 0): Tensor {
  const x = toTensor(v, "diagflat");
  return diag(ops.reshape(x, [x.size]), intOr("diagflat", "k", k, 0));
}

/**
 * numpy's `trace`: the sum along the `offset` diagonal of the axes `axis1`, `axis2`
 * (`dtype` option: the accumulator's dtype, as `sum`'s).
 *
 * @example
 * np.trace(np.eye(3)) // 3
 */
export function trace(a: ArrayLike, offset = 0, axis1 = 0, axis2 = 1, options?: { dtype?: DType }): Tensor {
  const { dtype } = dtypeOptionsOrThrow<{ dtype?: DType }>("trace", options, ["dtype"]);
  const d = diagonalOf("trace", a, offset, axis1, axis2);
  const s = sum(d, -1);
  return dtype === undefined ? s : ops.convert(s, dtypeOrThrow("trace", dtype));
}

/** The constant n × m mask of `j <= i + k` (lower) or `j >= i + k` (upper). */
function triangleMask(op: string, n: number, m: number, k: number, lower: boolean): ConcreteTensor {
  bufferSizeOrThrow(op, [n, m], "float64");
  const data = new Uint8Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) data[i * m + j] = (lower ? j <= i + k : j >= i + k) ? 1 : 0;
  return new ConcreteTensor(data, [n, m], "bool");
}

/**
 * numpy's `tri`: an `N` × `M` array (default float64) with ones at and below the `k`-th diagonal.
 *
 * @example
 * np.tri(3, 4, 1) // ones where j <= i + 1
 */
export function tri(N: number, M?: number | null, k = 0, options?: { dtype?: DType } | DType): Tensor {
  const n = integerArg("tri", "N", N);
  const m = M === undefined || M === null ? n : integerArg("tri", "M", M);
  const offset = intOr("tri", "k", k, 0);
  const { dtype = "float64" } = dtypeOptionsOrThrow<{ dtype?: DType }>("tri", options, ["dtype"]);
  return ops.convert(triangleMask("tri", n, m, offset, true), dtypeOrThrow("tri", dtype));
}

function triangle(op: string, m: ArrayLike, k: number, lower: boolean): Tensor {
  const x = toTensor(m, op);
  if (x.ndim < 2) throw new ShapeError(`${op}: needs an array of at least 2 dimensions, got ${avalText(x)}.`);
  const offset = intOr(op, "k", k, 0);
  const [n, cols] = x.shape.slice(-2);
  return ops.select(ops.broadcastTo(triangleMask(op, n, cols, offset, lower), x.shape), x, ops.zerosLike(x));
}

/**
 * numpy's `tril`: `m` with the elements above the `k`-th diagonal zeroed (on the last two axes).
 *
 * @example
 * np.tril(np.ones([2, 2])) // [[1, 0], [1, 1]]
 */
export function tril(m: ArrayLike, k = 0): Tensor {
  return triangle("tril", m, k, true);
}

/**
 * numpy's `triu`: `m` with the elements below the `k`-th diagonal zeroed (on the last two axes).
 *
 * @example
 * np.triu(np.ones([2, 2])) // [[1, 1], [0, 1]]
 */
export function triu(m: ArrayLike, k = 0): Tensor {
  return triangle("triu", m, k, false);
}

function triangleIndices(op: string, n: number, k: number, m: number | undefined, lower: boolean): [Tensor, Tensor] {
  const rows = integerArg(op, "n", n);
  const cols = m === undefined ? rows : integerArg(op, "m", m);
  const mask = triangleMask(op, rows, cols, intOr(op, "k", k, 0), lower);
  const r: number[] = [];
  const c: number[] = [];
  for (let i = 0; i < dataOf(mask).length; i++) {
    if (dataOf(mask)[i] !== 0) {
      r.push(Math.floor(i / cols));
      c.push(i % cols);
    }
  }
  return [ops.fromInt32(Int32Array.from(r)), ops.fromInt32(Int32Array.from(c))];
}

/**
 * numpy's `tril_indices`: the int32 row and column indices of the lower triangle of an `n` × `m` array.
 *
 * @example
 * np.trilIndices(3) // [[0, 1, 1, 2, 2, 2], [0, 0, 1, 0, 1, 2]]
 */
export function trilIndices(n: number, k = 0, m?: number): [Tensor, Tensor] {
  return triangleIndices("trilIndices", n, k, m, true);
}

/**
 * numpy's `triu_indices`: the int32 row and column indices of the upper triangle of an `n` × `m` array.
 *
 * @example
 * np.triuIndices(3, 1) // [[0, 0, 1], [1, 2, 2]]
 */
export function triuIndices(n: number, k = 0, m?: number): [Tensor, Tensor] {
  return triangleIndices("triuIndices", n, k, m, false);
}

function matrixOf(op: string, arr: ArrayLike): [number, number] {
  const x = toTensor(arr, op);
  if (x.ndim !== 2) throw new ShapeError(`${op}: needs a 2-D array, got ${avalText(x)}.`);
  return [x.shape[0], x.shape[1]];
}

/**
 * numpy's `tril_indices_from`: `trilIndices` for the shape of the 2-D `arr`.
 *
 * @example
 * np.trilIndicesFrom(np.zeros([2, 3])) // [[0, 1, 1], [0, 0, 1]]
 */
export function trilIndicesFrom(arr: ArrayLike, k = 0): [Tensor, Tensor] {
  const [n, m] = matrixOf("trilIndicesFrom", arr);
  return trilIndices(n, k, m);
}

/**
 * numpy's `triu_indices_from`: `triuIndices` for the shape of the 2-D `arr`.
 *
 * @example
 * np.triuIndicesFrom(np.zeros([2, 3])) // [[0, 0, 0, 1, 1], [0, 1, 2, 1, 2]]
 */
export function triuIndicesFrom(arr: ArrayLike, k = 0): [Tensor, Tensor] {
  const [n, m] = matrixOf("triuIndicesFrom", arr);
  return triuIndices(n, k, m);
}

/**
 * numpy's `diag_indices`: `ndim` copies of `arange(n)` (int32), the indices of the main diagonal.
 *
 * @example
 * np.zeros([3, 3]).at(...np.diagIndices(3)).set(1) // the identity
 */
export function diagIndices(n: number, ndim = 2): Tensor[] {
  const size = integerArg("diagIndices", "n", n);
  const count = integerArg("diagIndices", "ndim", ndim);
  bufferSizeOrThrow("diagIndices", [count, size], "int32");
  const range = Int32Array.from({ length: size }, (_, i) => i);
  return Array.from({ length: count }, () => ops.fromInt32(range.slice()));
}

/**
 * numpy's `diag_indices_from`: `diagIndices` for `arr`, whose dims must all be equal (ndim >= 2).
 *
 * @example
 * np.diagIndicesFrom(np.zeros([2, 2])) // [[0, 1], [0, 1]]
 */
export function diagIndicesFrom(arr: ArrayLike): Tensor[] {
  const x = toTensor(arr, "diagIndicesFrom");
  if (x.ndim < 2) throw new ShapeError(`diagIndicesFrom: needs an array of at least 2 dimensions, got ${avalText(x)}.`);
  if (!x.shape.every((d) => d === x.shape[0])) throw new ShapeError(`diagIndicesFrom: all dimensions of ${avalText(x)} must be equal.`);
  return diagIndices(x.shape[0], x.ndim);
}
