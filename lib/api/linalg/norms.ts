/**
 * Norms and the quantities built on them in `np.linalg`: `norm`,
 * `vectorNorm`, `matrixNorm`, `cond` and `matrixRank`, with numpy's
 * signatures and JAX's semantics (the result is a tensor also for traced
 * inputs: `matrixRank` is an int32 tensor, `cond` is inf for singular
 * matrices). Norms differentiate where they are smooth (the 2-norm of a
 * nonzero vector, the singular values of the matrix 2-norm when the largest
 * is simple); at a kink the derivative is JAX's.
 *
 * @example
 * np.linalg.norm([3, 4])                   // 5
 * np.linalg.norm([[1, 2], [3, 4]], "nuc")  // 5.8309518948453
 * np.linalg.cond([[1, 2], [2, 1]])         // 3
 */
import { ArgumentError, ShapeError } from "../../core/errors.ts";
import { showValue } from "../../core/convert.ts";
import * as ops from "../../core/ops.ts";
import { avalText } from "../../core/primitives/check.ts";
import type { ArrayLike, Tensor } from "../../core/tensor.ts";
import { booleanArg } from "../options.ts";
import { axesOf, moveaxis } from "../rearrange.ts";
import { symmetrize } from "../../core/primitives/matrices.ts";
import { inv } from "./solve.ts";
import { epsOf, floatArg, matrixArg, optionsArg } from "./util.ts";

/** A norm order: a number (±Infinity included), "fro" or "nuc", or null for the default. */
export type NormOrd = number | "fro" | "nuc" | null;

/** Keeps the reduced axes as size 1 when asked. */
function keep(out: Tensor, x: Tensor, axes: readonly number[], keepdims: boolean): Tensor {
  return keepdims ? ops.reshape(out, x.shape.map((d, i) => (axes.includes(i) ? 1 : d))) : out;
}

/** The vector norm of order `ord` over `axes` (all reduced together, as one flattened vector). */
function vectorNormOf(op: string, x: Tensor, ord: NormOrd, unsorted: readonly number[], keepdims: boolean): Tensor {
  const axes = [...unsorted].sort((a, b) => a - b);
  const abs = ops.abs(x);
  let out: Tensor;
  if (ord === null || ord === 2) out = ops.sqrt(ops.reduceSum(ops.mul(x, x), axes));
  else if (ord === Infinity) out = ops.reduceMax(abs, axes);
  else if (ord === -Infinity) out = ops.reduceMin(abs, axes);
  else if (ord === 0) out = ops.reduceSum(ops.convert(ops.ne(x, ops.scalar(0, x.dtype)), x.dtype), axes);
  else if (ord === 1) out = ops.reduceSum(abs, axes);
  else if (typeof ord === "number" && !Number.isNaN(ord)) {
    // (Σ |x|^p)^(1/p)
    out = ops.pow(ops.reduceSum(ops.pow(abs, ops.scalar(ord, x.dtype)), axes), ops.scalar(1 / ord, x.dtype));
  } else {
    throw new ArgumentError(`${op}: invalid order ${showValue(ord)} for a vector norm; use a number, Infinity or -Infinity.`);
  }
  return keep(out, x, axes, keepdims);
}

/** The matrix norm of order `ord` over the axis pair (rows, cols). */
function matrixNormOf(op: string, x: Tensor, ord: NormOrd, [rows, cols]: [number, number], keepdims: boolean): Tensor {
  const abs = ops.abs(x);
  const both = [rows, cols].sort((a, b) => a - b);
  // Σ over one axis, then the extremum over the other (whose index shifts down when it came after)
  const sumThen = (sumAxis: number, otherAxis: number, reduce: (t: Tensor, axes: number[]) => Tensor) => {
    const summed = ops.reduceSum(abs, [sumAxis]);
    return keep(reduce(summed, [otherAxis > sumAxis ? otherAxis - 1 : otherAxis]), x, both, keepdims);
  };
  if (ord === null || ord === "fro") return keep(ops.sqrt(ops.reduceSum(ops.mul(x, x), both)), x, both, keepdims);
  if (ord === 1) return sumThen(rows, cols, ops.reduceMax);
  if (ord === -1) return sumThen(rows, cols, ops.reduceMin);
  if (ord === Infinity) return sumThen(cols, rows, ops.reduceMax);
  if (ord === -Infinity) return sumThen(cols, rows, ops.reduceMin);
  if (ord === "nuc" || ord === 2 || ord === -2) {
    const s = ops.svd(moveaxis(x, [rows, cols], [-2, -1]), false, false)[0];
    const last = [s.ndim - 1];
    const y = ord === "nuc" ? ops.reduceSum(s, last) : ord === 2 ? ops.reduceMax(s, last) : ops.reduceMin(s, last);
    return keep(y, x, both, keepdims);
  }
  throw new ArgumentError(`${op}: invalid order ${showValue(ord)} for a matrix norm; use "fro", "nuc", 1, -1, 2, -2, Infinity or -Infinity.`);
}

/** Options of `norm` (numpy's positional `ord, axis, keepdims`, also accepted as an object). */
export interface NormOptions {
  readonly ord?: NormOrd;
  readonly axis?: number | readonly number[] | null;
  readonly keepdims?: boolean;
}

/**
 * numpy's `linalg.norm`: with no `axis`, the 2-norm of the flattened input when `ord` is null, else the vector
 * norm (1-D) or matrix norm (2-D) of the whole input; with one axis a vector norm, with two a matrix norm.
 * Vector orders: any number (0 counts nonzeros), ±Infinity; matrix orders: "fro", "nuc", ±1, ±2, ±Infinity.
 *
 * @example
 * np.linalg.norm([[1, 2], [3, 4]], Infinity) // 7
 * np.linalg.norm([[3, 4], [6, 8]], { axis: 1 }) // [5, 10]
 */
export function norm(x: ArrayLike, ordOrOptions?: NormOrd | NormOptions, axis?: number | readonly number[] | null, keepdims?: boolean): Tensor {
  const isOptions = ordOrOptions !== null && typeof ordOrOptions === "object";
  const options = isOptions ? optionsArg("linalg.norm", ordOrOptions, ["ord", "axis", "keepdims"]) : { ord: ordOrOptions, axis, keepdims };
  const ord = (options.ord ?? null) as NormOrd;
  const kd = booleanArg("linalg.norm", "keepdims", options.keepdims, false);
  const t = floatArg("linalg.norm", x);
  const rawAxis = options.axis as number | readonly number[] | null | undefined;
  if ((rawAxis === null || rawAxis === undefined) && ord === null) {
    return vectorNormOf("linalg.norm", t, null, t.shape.map((_, i) => i), kd);
  }
  const axes = rawAxis === null || rawAxis === undefined ? t.shape.map((_, i) => i) : axesOf("linalg.norm", rawAxis, t);
  if (axes.length === 1) {
    if (typeof ord === "string") throw new ArgumentError(`linalg.norm: invalid order ${showValue(ord)} for a vector norm.`);
    return vectorNormOf("linalg.norm", t, ord, axes, kd);
  }
  if (axes.length === 2) return matrixNormOf("linalg.norm", t, ord, [axes[0], axes[1]], kd);
  throw new ShapeError(`linalg.norm: needs one axis (a vector norm) or two (a matrix norm) of ${avalText(t)}, got ${axes.length}; pass axis.`);
}

/**
 * The vector norm of order `ord` (default 2) over `axis` (default: all axes, as one vector).
 *
 * @example
 * np.linalg.vectorNorm([[3, 4], [6, 8]], { axis: -1 }) // [5, 10]
 */
export function vectorNorm(x: ArrayLike, options?: { readonly axis?: number | readonly number[] | null; readonly keepdims?: boolean; readonly ord?: number }): Tensor {
  const o = optionsArg("linalg.vectorNorm", options, ["axis", "keepdims", "ord"]);
  const t = floatArg("linalg.vectorNorm", x);
  const axis = o.axis as number | readonly number[] | null | undefined;
  const axes = axis === null || axis === undefined ? t.shape.map((_, i) => i) : axesOf("linalg.vectorNorm", axis, t);
  if (typeof o.ord === "string") throw new ArgumentError(`linalg.vectorNorm: invalid order ${showValue(o.ord)} for a vector norm.`);
  return vectorNormOf("linalg.vectorNorm", t, (o.ord ?? 2) as NormOrd, axes, booleanArg("linalg.vectorNorm", "keepdims", o.keepdims, false));
}

/**
 * The matrix norm of order `ord` (default "fro") of each matrix of a stack [..., m, n].
 *
 * @example
 * np.linalg.matrixNorm([[1, 2], [3, 4]], { ord: 1 }) // 6
 */
export function matrixNorm(x: ArrayLike, options?: { readonly keepdims?: boolean; readonly ord?: NormOrd }): Tensor {
  const o = optionsArg("linalg.matrixNorm", options, ["keepdims", "ord"]);
  const t = matrixArg("linalg.matrixNorm", x);
  return matrixNormOf("linalg.matrixNorm", t, (o.ord ?? "fro") as NormOrd, [t.ndim - 2, t.ndim - 1], booleanArg("linalg.matrixNorm", "keepdims", o.keepdims, false));
}

/**
 * The condition number ‖A‖ ‖A⁻¹‖ in the norm of order `p` (default: the 2-norm, s_max / s_min, for any
 * [..., m, n]; the other orders need square matrices). A singular matrix gives inf (NaN from 0/0 or inf/inf
 * becomes inf unless the input holds a NaN), as JAX.
 *
 * @example
 * np.linalg.cond([[1, 2], [2, 1]]) // 3
 */
export function cond(x: ArrayLike, p?: NormOrd): Tensor {
  const t = matrixArg("linalg.cond", x);
  if (t.shape[t.ndim - 1] === 0 || t.shape[t.ndim - 2] === 0) throw new ShapeError(`linalg.cond: needs non-empty matrices, got ${avalText(t)}.`);
  let r: Tensor;
  if (p === undefined || p === null || p === 2 || p === -2) {
    const s = ops.svd(t, false, false)[0];
    const lead = s.shape.slice(0, -1);
    const k = s.shape[s.ndim - 1];
    const first = ops.reshape(ops.slice(s, [...lead.map(() => 0), 0], [...lead, 1]), lead);
    const last = ops.reshape(ops.slice(s, [...lead.map(() => 0), k - 1], [...lead, k]), lead);
    r = p === -2 ? ops.div(last, first) : ops.div(first, last);
  } else {
    if (t.shape[t.ndim - 1] !== t.shape[t.ndim - 2]) throw new ShapeError(`linalg.cond: the order ${showValue(p)} needs square matrices, got ${avalText(t)}.`);
    r = ops.mul(matrixNorm(t, { ord: p }), matrixNorm(inv(t), { ord: p }));
  }
  const inputNan = ops.reduceMax(ops.convert(ops.ne(t, t), t.dtype), [t.ndim - 2, t.ndim - 1]);
  const fix = ops.select(ops.gt(inputNan, ops.scalar(0, t.dtype)), ops.scalar(0, "bool"), ops.ne(r, r));
  return ops.select(fix, ops.scalar(Infinity, t.dtype), r);
}

/**
 * The rank of each matrix of [..., m, n]: the number of singular values above a threshold, as an int32
 * tensor (also under `jit`). The threshold is `tol` (numpy's second argument, absolute), or `rtol` times the
 * largest singular value, or by default s_max · max(m, n) · ε. A vector (or scalar) has rank 1 unless it is
 * all zeros.
 *
 * @example
 * np.linalg.matrixRank([[1, 2], [2, 4]]) // 1
 */
export function matrixRank(
  a: ArrayLike,
  tolOrOptions?: number | { readonly tol?: number; readonly rtol?: number; readonly hermitian?: boolean },
): Tensor {
  const o = typeof tolOrOptions === "number" ? { tol: tolOrOptions } : optionsArg("linalg.matrixRank", tolOrOptions, ["tol", "rtol", "hermitian"]);
  for (const key of ["tol", "rtol"] as const) {
    const v = (o as Record<string, unknown>)[key];
    if (v !== undefined && v !== null && typeof v !== "number") throw new ArgumentError(`linalg.matrixRank: ${key} must be a number, got ${showValue(v)}.`);
  }
  const hermitian = booleanArg("linalg.matrixRank", "hermitian", (o as { hermitian?: unknown }).hermitian, false);
  const t = floatArg("linalg.matrixRank", a);
  if (t.ndim < 2) {
    const nonzero = ops.reduceMax(ops.convert(ops.ne(t, ops.scalar(0, t.dtype)), "int32"), t.shape.map((_, i) => i));
    return t.size === 0 ? ops.scalar(0, "int32") : nonzero;
  }
  const s = ops.svd(hermitian ? symmetrize(matrixArg("linalg.matrixRank", t, true)) : t, false, false)[0];
  const last = s.ndim - 1;
  const { tol, rtol } = o as { tol?: number; rtol?: number };
  let threshold: Tensor;
  if (tol !== undefined && tol !== null) threshold = ops.scalar(tol, t.dtype);
  else {
    const [m, n] = t.shape.slice(-2);
    const factor = rtol ?? Math.max(m, n) * epsOf(t.dtype);
    threshold = s.shape[last] === 0 ? ops.scalar(0, t.dtype) : ops.mulScalar(ops.reduceMax(s, [last]), factor);
    threshold = ops.reshape(threshold, [...threshold.shape, 1]);
  }
  return ops.reduceSum(ops.convert(ops.gt(s, threshold), "int32"), [last]);
}
