/**
 * Splitting and assembling arrays (issue 9, group 3): `split`, `arraySplit`,
 * `hsplit`, `vsplit`, `dsplit`, `unstack`, `hstack`, `vstack`, `dstack`,
 * `columnStack`, `append`, `broadcastArrays`, `broadcastShapes` and
 * `atleast1d/2d/3d`. Pieces are `slice`s, joins are `concatenate`s, so every
 * transform sees primitives it knows; the gradient of a split is the
 * concatenation of the pieces' cotangents.
 *
 * @example
 * const [a, b] = np.split(np.arange(6), 2);       // [0, 1, 2], [3, 4, 5]
 * np.vstack([np.array([1, 2]), np.array([3, 4])]); // [[1, 2], [3, 4]]
 */
import { broadcastShapes as broadcastPair } from "../array/shape.ts";
import { promoteTypes } from "../array/dtype.ts";
import { ArgumentError, ShapeError } from "../core/errors.ts";
import { denseArrayOrThrow, isArrayArg, isTensorArg, MAX_ARGUMENT_LENGTH, showValue, toTensor } from "../core/convert.ts";
import * as ops from "../core/ops.ts";
import { avalText } from "../core/primitives/check.ts";
import { Tensor, type ArrayLike } from "../core/tensor.ts";
import { axisOf } from "./shape.ts";

// utils

/** The pieces of `x` between consecutive `bounds` along `axis` (bounds are clamped to the axis). */
function pieces(x: Tensor, axis: number, bounds: readonly number[]): Tensor[] {
  const out: Tensor[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const lo = bounds[i];
    const hi = Math.max(lo, bounds[i + 1]);
    out.push(ops.slice(x, x.shape.map((_, k) => (k === axis ? lo : 0)), x.shape.map((d, k) => (k === axis ? hi : d))));
  }
  return out;
}

/** The tensors of a list argument (a tensor counts as the list of its rows, as numpy iterates it). */
function tensorsOf(op: string, xs: readonly ArrayLike[] | Tensor): Tensor[] {
  const ts = isTensorArg(op, xs)
    ? xs.ndim > 0
      ? unstack(xs, 0)
      : []
    : isArrayArg(op, xs)
      ? denseArrayOrThrow(op, "the arrays", xs).map((x) => toTensor(x as ArrayLike, op))
      : [];
  if (ts.length === 0) throw new ArgumentError(`${op}: needs a non-empty array of arrays, got ${showValue(xs)}.`);
  return ts;
}

/** Concatenation named `op`: one dtype (promoted), equal ranks, equal shapes off `axis`. */
function join(op: string, ts: readonly Tensor[], axis: number): Tensor {
  const first = ts[0];
  const a = axisOf(op, axis, first.ndim, first);
  for (const t of ts) {
    if (t.ndim !== first.ndim || t.shape.some((d, i) => i !== a && d !== first.shape[i])) {
      throw new ShapeError(`${op}: the arrays must agree on every axis but ${a}; got ${ts.map(avalText).join(", ")}.`);
    }
  }
  const dtype = ts.map((t) => t.dtype).reduce(promoteTypes);
  return ops.concatenate(ts.map((t) => ops.convert(t, dtype)), a);
}

function atLeast(op: string, x: ArrayLike, rank: 1 | 2 | 3): Tensor {
  const t = toTensor(x, op);
  if (t.ndim >= rank) return t;
  if (rank === 1) return ops.reshape(t, [1]);
  if (rank === 2) return ops.reshape(t, [1, ...(t.ndim === 0 ? [1] : t.shape)]);
  // 3-D: [] -> [1,1,1], [n] -> [1,n,1], [m,n] -> [m,n,1]
  return ops.reshape(t, t.ndim === 0 ? [1, 1, 1] : t.ndim === 1 ? [1, t.shape[0], 1] : [...t.shape, 1]);
}

// splitting

/**
 * Splits into equal parts (`indicesOrSections` a number, which must divide
 * the axis) or at the given indices along `axis`.
 *
 * @example
 * np.split(np.arange(6), [2, 3]) // [[0, 1], [2], [3, 4, 5]]
 */
export function split(ary: ArrayLike, indicesOrSections: number | readonly number[], axis = 0): Tensor[] {
  return splitAlong("split", toTensor(ary, "split"), indicesOrSections, axis, true);
}

/**
 * Like `split`, but a number of sections need not divide the axis: the first
 * `n % sections` parts get one element more.
 *
 * @example
 * np.arraySplit(np.arange(5), 3).map((t) => t.shape) // [[2], [2], [1]]
 */
export function arraySplit(ary: ArrayLike, indicesOrSections: number | readonly number[], axis = 0): Tensor[] {
  return splitAlong("arraySplit", toTensor(ary, "arraySplit"), indicesOrSections, axis, false);
}

function splitAlong(op: string, x: Tensor, spec: number | readonly number[], axis: number, equal: boolean): Tensor[] {
  if (x.ndim === 0) throw new ShapeError(`${op}: cannot split a 0-d array (${avalText(x)}).`);
  const a = axisOf(op, axis, x.ndim, x);
  const n = x.shape[a];
  if (typeof spec === "number") {
    // one tensor per section: a count past the longest argument list would hold the process for minutes
    if (!Number.isSafeInteger(spec) || spec < 1 || spec > MAX_ARGUMENT_LENGTH) {
      throw new ArgumentError(`${op}: the number of sections must be a positive integer up to ${MAX_ARGUMENT_LENGTH}, got ${showValue(spec)}.`);
    }
    if (equal && n % spec !== 0) {
      throw new ShapeError(`${op}: axis ${a} of ${avalText(x)} (size ${n}) does not divide into ${spec} equal sections; use arraySplit for unequal parts.`);
    }
    const base = Math.floor(n / spec);
    const extra = n % spec;
    const bounds = [0];
    for (let i = 0; i < spec; i++) bounds.push(bounds[i] + base + (i < extra ? 1 : 0));
    return pieces(x, a, bounds);
  }
  const indices = isArrayArg(op, spec) ? denseArrayOrThrow(op, "indicesOrSections", spec) : null;
  if (indices === null || !indices.every((v) => typeof v === "number" && Number.isSafeInteger(v))) {
    throw new ArgumentError(`${op}: indicesOrSections must be a number of sections or an array of integer indices, got ${showValue(spec)}.`);
  }
  // numpy slices ary[b_i : b_(i+1)]: negative indices count from the end, then clamp
  const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + n : v, 0), n);
  return pieces(x, a, [0, ...(indices as number[]).map(clamp), n]);
}

/**
 * Splits horizontally: along axis 1, or axis 0 of a 1-D array.
 *
 * @example
 * np.hsplit(np.zeros([2, 4]), 2).map((t) => t.shape) // [[2, 2], [2, 2]]
 */
export function hsplit(ary: ArrayLike, indicesOrSections: number | readonly number[]): Tensor[] {
  const x = toTensor(ary, "hsplit");
  if (x.ndim === 0) throw new ShapeError(`hsplit: needs an array of at least 1 dimension, got ${avalText(x)}.`);
  return splitAlong("hsplit", x, indicesOrSections, x.ndim > 1 ? 1 : 0, true);
}

/**
 * Splits vertically (along axis 0) an array of at least 2 dimensions.
 *
 * @example
 * np.vsplit(np.zeros([4, 2]), 2).map((t) => t.shape) // [[2, 2], [2, 2]]
 */
export function vsplit(ary: ArrayLike, indicesOrSections: number | readonly number[]): Tensor[] {
  const x = toTensor(ary, "vsplit");
  if (x.ndim < 2) throw new ShapeError(`vsplit: needs an array of at least 2 dimensions, got ${avalText(x)}.`);
  return splitAlong("vsplit", x, indicesOrSections, 0, true);
}

/**
 * Splits along the depth (axis 2) of an array of at least 3 dimensions.
 *
 * @example
 * np.dsplit(np.zeros([1, 1, 4]), [1]).map((t) => t.shape) // [[1, 1, 1], [1, 1, 3]]
 */
export function dsplit(ary: ArrayLike, indicesOrSections: number | readonly number[]): Tensor[] {
  const x = toTensor(ary, "dsplit");
  if (x.ndim < 3) throw new ShapeError(`dsplit: needs an array of at least 3 dimensions, got ${avalText(x)}.`);
  return splitAlong("dsplit", x, indicesOrSections, 2, true);
}

/**
 * The slices along `axis`, that axis removed (the inverse of `stack`).
 *
 * @example
 * np.unstack(np.array([[1, 2], [3, 4]]), 1) // [[1, 3], [2, 4]]
 */
export function unstack(x: ArrayLike, axis = 0): Tensor[] {
  const t = toTensor(x, "unstack");
  if (t.ndim === 0) throw new ShapeError(`unstack: cannot unstack a 0-d array (${avalText(t)}).`);
  const a = axisOf("unstack", axis, t.ndim, t);
  const rest = ops.dropAxes(t.shape, [a]);
  return Array.from({ length: t.shape[a] }, (_, i) =>
    ops.reshape(ops.slice(t, t.shape.map((_, k) => (k === a ? i : 0)), t.shape.map((d, k) => (k === a ? i + 1 : d))), rest),
  );
}

// assembling

/**
 * Joins horizontally: along axis 1, or axis 0 when the inputs are 1-D (0-d inputs count as 1-D).
 *
 * @example
 * np.hstack([np.array([1, 2]), np.array([3])]) // [1, 2, 3]
 */
export function hstack(tup: readonly ArrayLike[] | Tensor): Tensor {
  const ts = tensorsOf("hstack", tup).map((t) => atLeast("hstack", t, 1));
  return join("hstack", ts, ts[0].ndim === 1 ? 0 : 1);
}

/**
 * Joins vertically (along axis 0), 1-D inputs as rows.
 *
 * @example
 * np.vstack([np.array([1, 2]), np.array([3, 4])]) // [[1, 2], [3, 4]]
 */
export function vstack(tup: readonly ArrayLike[] | Tensor): Tensor {
  return join("vstack", tensorsOf("vstack", tup).map((t) => atLeast("vstack", t, 2)), 0);
}

/**
 * Joins along the depth (axis 2), after `atleast3d`.
 *
 * @example
 * np.dstack([np.array([1, 2]), np.array([3, 4])]) // [[[1, 3], [2, 4]]]
 */
export function dstack(tup: readonly ArrayLike[] | Tensor): Tensor {
  return join("dstack", tensorsOf("dstack", tup).map((t) => atLeast("dstack", t, 3)), 2);
}

/**
 * Joins 1-D arrays as columns of a 2-D array (2-D inputs join as they are).
 *
 * @example
 * np.columnStack([np.array([1, 2]), np.array([3, 4])]) // [[1, 3], [2, 4]]
 */
export function columnStack(tup: readonly ArrayLike[] | Tensor): Tensor {
  const ts = tensorsOf("columnStack", tup).map((t) => (t.ndim >= 2 ? t : ops.reshape(t, [t.size, 1])));
  return join("columnStack", ts, 1);
}

/**
 * `values` appended to `arr` along `axis`; both are flattened when no axis is given.
 *
 * @example
 * np.append(np.array([1, 2]), [3, 4])                         // [1, 2, 3, 4]
 * np.append(np.array([[1, 2]]), np.array([[3, 4]]), 0)         // [[1, 2], [3, 4]]
 */
export function append(arr: ArrayLike, values: ArrayLike, axis?: number | null): Tensor {
  const a = toTensor(arr, "append");
  const v = toTensor(values, "append");
  if (axis === null || axis === undefined) return join("append", [ops.reshape(a, [a.size]), ops.reshape(v, [v.size])], 0);
  if (a.ndim !== v.ndim) throw new ShapeError(`append: arr ${avalText(a)} and values ${avalText(v)} must have the same number of dimensions along an axis.`);
  return join("append", [a, v], axis);
}

// broadcasting

/**
 * The shape numpy's broadcasting gives arrays of these shapes (a number is a 1-D shape).
 *
 * @example
 * np.broadcastShapes([2, 1], [3]) // [2, 3]
 */
export function broadcastShapes(...shapes: (number | readonly number[])[]): number[] {
  const dims = shapes.map((s) => {
    const list = typeof s === "number" ? [s] : isArrayArg("broadcastShapes", s) ? denseArrayOrThrow("broadcastShapes", "a shape", s) : null;
    if (list === null || !list.every((d) => typeof d === "number" && Number.isSafeInteger(d) && d >= 0)) {
      throw new ArgumentError(`broadcastShapes: ${showValue(s)} is not a shape (an array of non-negative integers).`);
    }
    return list as number[];
  });
  return dims.reduce<number[]>((acc, s) => {
    const out = broadcastPair(acc, s);
    if (out === null) throw new ShapeError(`broadcastShapes: shapes ${dims.map((d) => `[${d.join(",")}]`).join(", ")} do not broadcast (at [${s.join(",")}]).`);
    return out;
  }, []);
}

/**
 * The arrays broadcast to one shape.
 *
 * @example
 * np.broadcastArrays(np.array([[1], [2]]), np.array([3, 4])).map((t) => t.shape) // [[2, 2], [2, 2]]
 */
export function broadcastArrays(...args: ArrayLike[]): Tensor[] {
  const ts = args.map((x) => toTensor(x, "broadcastArrays"));
  const shape = ts.reduce<number[] | null>((acc, t) => (acc === null ? null : broadcastPair(acc, t.shape)), []);
  if (shape === null) throw new ShapeError(`broadcastArrays: shapes ${ts.map(avalText).join(", ")} do not broadcast.`);
  return ts.map((t) => ops.broadcastTo(t, shape));
}

/**
 * Views of the inputs with at least 1 dimension (a 0-d array becomes shape [1]).
 * One argument gives one tensor, several give a list.
 *
 * @example
 * np.atleast1d(3).shape // [1]
 */
export function atleast1d(x: ArrayLike): Tensor;
export function atleast1d(...xs: ArrayLike[]): Tensor[];
export function atleast1d(...xs: ArrayLike[]): Tensor | Tensor[] {
  const out = xs.map((x) => atLeast("atleast1d", x, 1));
  return out.length === 1 ? out[0] : out;
}

/**
 * Views with at least 2 dimensions: [] -> [1, 1], [n] -> [1, n].
 *
 * @example
 * np.atleast2d(np.array([1, 2])).shape // [1, 2]
 */
export function atleast2d(x: ArrayLike): Tensor;
export function atleast2d(...xs: ArrayLike[]): Tensor[];
export function atleast2d(...xs: ArrayLike[]): Tensor | Tensor[] {
  const out = xs.map((x) => atLeast("atleast2d", x, 2));
  return out.length === 1 ? out[0] : out;
}

/**
 * Views with at least 3 dimensions: [] -> [1, 1, 1], [n] -> [1, n, 1], [m, n] -> [m, n, 1].
 *
 * @example
 * np.atleast3d(np.array([1, 2])).shape // [1, 2, 1]
 */
export function atleast3d(x: ArrayLike): Tensor;
export function atleast3d(...xs: ArrayLike[]): Tensor[];
export function atleast3d(...xs: ArrayLike[]): Tensor | Tensor[] {
  const out = xs.map((x) => atLeast("atleast3d", x, 3));
  return out.length === 1 ? out[0] : out;
}
