/**
 * The arguments shared by numpy's reductions: `axis` (a number, a list, or
 * null for every axis) and `keepdims`, positionally or in an options object
 * that may also hold `dtype`, `where`, `initial` and `ddof` where numpy's
 * function takes them. Unknown keys are an error naming the valid ones.
 *
 * @example
 * reduceArgs("sum", x, { axis: 0, where: mask }, undefined, ["axis", "keepdims", "where"]);
 * // { x, axes: [0], keepdims: false, where: mask broadcast to x's shape, ddof: 0 }
 */
import { broadcastShapes, normalizeAxes } from "../array/shape.ts";
import type { DType } from "../array/dtype.ts";
import { ArgumentError, DTypeError, ShapeError } from "../core/errors.ts";
import { axisArgOrThrow, dtypeOrThrow, isArrayArg, isTensorArg, optionsOrThrow, showValue, toTensor } from "../core/convert.ts";
import * as ops from "../core/ops.ts";
import { avalText } from "../core/primitives/check.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";

// model

/** The axes to reduce: one, several, or null/undefined for all. */
export type AxisLike = number | readonly number[] | null | undefined;

/** Options of a reduction (each function accepts the subset numpy's does). */
export interface ReduceOptions {
  readonly axis?: AxisLike;
  readonly keepdims?: boolean;
  /** The dtype to compute and return in (numpy's `dtype`). */
  readonly dtype?: DType;
  /** A boolean mask broadcastable to the input: only its true elements take part (numpy's `where`). */
  readonly where?: ArrayLike;
  /** The starting value (numpy's `initial`): added to a sum, multiplied into a product, the floor of a max. */
  readonly initial?: number;
  /** Delta degrees of freedom of var/std: the divisor is N - ddof. */
  readonly ddof?: number;
}

/** A key of `ReduceOptions`. */
export type ReduceKey = keyof ReduceOptions;

/** A reduction's arguments, checked and resolved against its input. */
export interface ReduceArgs {
  readonly x: Tensor;
  /** The `axis` as given (for functions that take one axis only). */
  readonly axis: AxisLike;
  /** Sorted, unique, non-negative. */
  readonly axes: number[];
  readonly keepdims: boolean;
  readonly dtype?: DType;
  /** A bool tensor of x's shape. */
  readonly where?: Tensor;
  readonly initial?: number;
  readonly ddof: number;
}

// utils

/** The axes `axis` names in `x`, sorted, or an `ArgumentError`. */
export function resolveAxes(op: string, x: Tensor, axis: AxisLike): number[] {
  const checked = axisArgOrThrow(op, axis);
  const axes = normalizeAxes(checked, x.ndim);
  if (axes === null) {
    const range = x.ndim === 0 ? "a 0-d array has no axes (use axis null)" : `axes go from ${-x.ndim} to ${x.ndim - 1}, each at most once`;
    throw new ArgumentError(`${op}: axis ${showValue(axis)} is out of bounds (or repeated) for ${avalText(x)}; ${range}.`);
  }
  return axes;
}

/** Whether an argument is an options object (an object that is neither an array, a typed array nor a tensor; a hostile Proxy is an `ArgumentError`). */
export function isOptionsArg(op: string, x: unknown): boolean {
  return x !== null && typeof x === "object" && !isArrayArg(op, x) && !isTensorArg(op, x) && !ArrayBuffer.isView(x);
}

/** The options object of a reduction, or `{ axis, keepdims }` from positional arguments. */
export function reduceOptions(op: string, axisOrOptions: unknown, keepdims: unknown, keys: readonly ReduceKey[]): ReduceOptions {
  if (!isOptionsArg(op, axisOrOptions)) return { axis: axisOrOptions as AxisLike, keepdims: keepdims as boolean | undefined };
  if (keepdims !== undefined) throw new ArgumentError(`${op}: give keepdims in the options object, not as a third argument.`);
  return optionsOrThrow<ReduceOptions>(op, axisOrOptions, keys);
}

/** `where` as a bool tensor of `shape`. */
export function whereMask(op: string, where: ArrayLike, shape: readonly number[]): Tensor {
  const mask = toTensor(where, op);
  if (mask.dtype !== "bool") throw new DTypeError(`${op}: where must be a boolean mask, got ${avalText(mask)}.`);
  const joint = broadcastShapes(mask.shape, shape);
  if (joint === null || joint.length !== shape.length || joint.some((d, i) => d !== shape[i])) {
    throw new ShapeError(`${op}: where ${avalText(mask)} does not broadcast to the input's shape [${shape.join(",")}].`);
  }
  return ops.broadcastTo(mask, shape);
}

/** Parses and checks a reduction's arguments (`keys`: the options this function accepts). */
export function reduceArgs(op: string, x: ArrayLike, axisOrOptions: unknown, keepdims: unknown, keys: readonly ReduceKey[]): ReduceArgs {
  const t = toTensor(x, op);
  const options = reduceOptions(op, axisOrOptions, keepdims, keys);
  if (options.keepdims !== undefined && typeof options.keepdims !== "boolean") {
    throw new ArgumentError(`${op}: keepdims must be a boolean, got ${showValue(options.keepdims)}.`);
  }
  const axes = resolveAxes(op, t, options.axis);
  const dtype = options.dtype === undefined ? undefined : dtypeOrThrow(op, options.dtype);
  const where = options.where === undefined ? undefined : whereMask(op, options.where, t.shape);
  if (options.initial !== undefined && typeof options.initial !== "number") {
    throw new ArgumentError(`${op}: initial must be a number, got ${showValue(options.initial)}.`);
  }
  const ddof = options.ddof ?? 0;
  if (typeof ddof !== "number" || !Number.isFinite(ddof)) throw new ArgumentError(`${op}: ddof must be a number, got ${showValue(ddof)}.`);
  return { x: t, axis: options.axis, axes, keepdims: options.keepdims ?? false, dtype, where, initial: options.initial, ddof };
}

/** Keeps the reduced axes as size 1 when asked. */
export function keep(out: Tensor, shape: readonly number[], axes: readonly number[], keepdims: boolean | undefined): Tensor {
  return keepdims ? ops.reshape(out, shape.map((d, i) => (axes.includes(i) ? 1 : d))) : out;
}

/** The number of elements the reduction over `axes` combines into each output. */
export function countOver(shape: readonly number[], axes: readonly number[]): number {
  return axes.reduce((n, a) => n * shape[a], 1);
}
