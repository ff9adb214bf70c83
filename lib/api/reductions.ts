/**
 * Reductions of `np`: sum, mean, max, min, prod, argmax, argmin, var, std,
 * cumsum. Each takes `axis` (a number, a list, or none for all axes) and
 * `keepdims`, positionally or as an options object.
 */
import { normalizeAxes } from "../array/shape.ts";
import { isFloat } from "../array/dtype.ts";
import { ArgumentError } from "../core/errors.ts";
import { toTensor, axisArgOrThrow, isArrayArg, intOrThrow, optionsOrThrow, showValue } from "../core/convert.ts";
import * as ops from "../core/ops.ts";
import { avalText } from "../core/primitives/check.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";
import { axisOf } from "./shape.ts";

/** The axes to reduce. */
export type AxisLike = number | readonly number[] | null | undefined;

/** Options of a reduction. */
export interface ReduceOptions {
  readonly axis?: AxisLike;
  readonly keepdims?: boolean;
}

function parseOptions(op: string, axisOrOptions: AxisLike | ReduceOptions, keepdims?: boolean, extraKeys: readonly string[] = []): ReduceOptions & { ddof?: number } {
  const isOptions = axisOrOptions !== null && typeof axisOrOptions === "object" && !isArrayArg(op, axisOrOptions);
  const options: ReduceOptions & { ddof?: number } = isOptions
    ? optionsOrThrow<ReduceOptions & { ddof?: number }>(op, axisOrOptions, ["axis", "keepdims", ...(extraKeys as "ddof"[])])
    : { axis: axisOrOptions as AxisLike, keepdims };
  if (isOptions && keepdims !== undefined) throw new ArgumentError(`${op}: give keepdims in the options object, not as a third argument.`);
  const axis = axisArgOrThrow(op, options.axis);
  if (options.keepdims !== undefined && typeof options.keepdims !== "boolean") {
    throw new ArgumentError(`${op}: keepdims must be a boolean, got ${showValue(options.keepdims)}.`);
  }
  return { ...options, axis };
}

function resolveAxes(op: string, x: Tensor, axis: AxisLike): number[] {
  const axes = normalizeAxes(axis, x.ndim);
  if (axes === null) throw new ArgumentError(`${op}: axis ${showValue(axis)} is out of bounds (or repeated) for ${avalText(x)}.`);
  return axes;
}

/** Keeps reduced axes as size 1 when asked. */
function keep(out: Tensor, x: Tensor, axes: readonly number[], keepdims: boolean | undefined): Tensor {
  return keepdims ? ops.reshape(out, x.shape.map((d, i) => (axes.includes(i) ? 1 : d))) : out;
}

function reduction(op: string, run: (x: Tensor, axes: number[]) => Tensor, widen: (x: Tensor) => Tensor = (x) => x) {
  return (x: ArrayLike, axisOrOptions?: AxisLike | ReduceOptions, keepdims?: boolean): Tensor => {
    const t = widen(toTensor(x, op));
    const { axis, keepdims: kd } = parseOptions(op, axisOrOptions, keepdims);
    const axes = resolveAxes(op, t, axis);
    return keep(run(t, axes), t, axes, kd);
  };
}

const intSum = (x: Tensor) => (x.dtype === "bool" ? ops.convert(x, "int32") : x);
const toFloat = (x: Tensor) => (isFloat(x.dtype) ? x : ops.convert(x, "float64"));

function count(x: Tensor, axes: readonly number[]): number {
  return axes.reduce((n, a) => n * x.shape[a], 1);
}

function nonEmpty(op: string, x: Tensor, axes: readonly number[]): void {
  if (axes.some((a) => x.shape[a] === 0)) {
    throw new ArgumentError(`${op}: zero-size reduction over an empty axis of ${avalText(x)} has no identity.`);
  }
}

/** Sum of elements. */
export const sum = reduction("sum", (x, axes) => ops.reduceSum(x, axes), intSum);
/** Arithmetic mean. */
export const mean = reduction("mean", (x, axes) => ops.mulScalar(ops.reduceSum(x, axes), 1 / count(x, axes)), toFloat);
/** Maximum. */
export const max = reduction("max", (x, axes) => (nonEmpty("max", x, axes), ops.reduceMax(x, axes)));
/** Minimum. */
export const min = reduction("min", (x, axes) => (nonEmpty("min", x, axes), ops.reduceMin(x, axes)));
/** Product: pairwise multiplication of halves, so it is exact to differentiate, zeros included. */
export const prod = reduction("prod", (x, axes) => axes.reduce((acc, axis, i) => prodAxis(acc, axis - i), x), intSum);

function prodAxis(x: Tensor, axis: number): Tensor {
  let t = x;
  while (t.shape[axis] > 1) {
    const n = t.shape[axis];
    const half = Math.floor(n / 2);
    const start = t.shape.map(() => 0);
    const stride = t.shape.map((_, i) => (i === axis ? 2 : 1));
    const evens = ops.slice(t, start, t.shape.map((d, i) => (i === axis ? 2 * half : d)), stride);
    const odds = ops.slice(t, start.map((_, i) => (i === axis ? 1 : 0)), t.shape.map((d, i) => (i === axis ? 2 * half : d)), stride);
    let paired = ops.mul(evens, odds);
    if (n % 2 === 1) {
      const last = ops.slice(t, start.map((_, i) => (i === axis ? n - 1 : 0)), t.shape.slice());
      paired = ops.concatenate([paired, last], axis);
    }
    t = paired;
  }
  if (t.shape[axis] === 0) return ops.full(ops.dropAxes(t.shape, [axis]), 1, t.dtype);
  return ops.reshape(t, ops.dropAxes(t.shape, [axis]));
}

/** Variance (`ddof` = 0 by default). */
export function variance(x: ArrayLike, axisOrOptions?: AxisLike | (ReduceOptions & { ddof?: number }), keepdims?: boolean): Tensor {
  const t = toFloat(toTensor(x, "var"));
  const options = parseOptions("var", axisOrOptions, keepdims, ["ddof"]);
  const ddof = options.ddof === undefined ? 0 : intOrThrow("var", "ddof", options.ddof, 0);
  const axes = resolveAxes("var", t, options.axis);
  const centered = ops.sub(t, keep(mean(t, axes), t, axes, true));
  const n = count(t, axes) - ddof;
  return keep(ops.mulScalar(ops.reduceSum(ops.integerPow(centered, 2), axes), 1 / n), t, axes, options.keepdims);
}

/** Standard deviation. */
export function std(x: ArrayLike, axisOrOptions?: AxisLike | (ReduceOptions & { ddof?: number }), keepdims?: boolean): Tensor {
  return ops.sqrt(variance(x, axisOrOptions, keepdims));
}

function argReduction(op: "argmax" | "argmin") {
  return (x: ArrayLike, axis?: number | null): Tensor => {
    let t = toTensor(x, op);
    if (axis !== undefined && axis !== null && !Number.isInteger(axis)) throw new ArgumentError(`${op}: axis must be an integer or null, got ${showValue(axis)}.`);
    if (axis === undefined || axis === null) {
      t = ops.reshape(t, [t.size]);
      axis = 0;
    }
    const a = axisOf(op, axis, t.ndim, t);
    if (t.shape[a] === 0) throw new ArgumentError(`${op}: attempt to get ${op} of an empty sequence (${avalText(t)}).`);
    return op === "argmax" ? ops.argmax(t, a) : ops.argmin(t, a);
  };
}

/** Index of the maximum (over the flattened tensor when no axis is given). */
export const argmax = argReduction("argmax");
/** Index of the minimum. */
export const argmin = argReduction("argmin");

/** Running sum along `axis` (over the flattened tensor when none is given). */
export function cumsum(x: ArrayLike, axis?: number | null): Tensor {
  let t = intSum(toTensor(x, "cumsum"));
  if (axis !== undefined && axis !== null && !Number.isInteger(axis)) throw new ArgumentError(`cumsum: axis must be an integer or null, got ${showValue(axis)}.`);
  if (axis === undefined || axis === null) {
    t = ops.reshape(t, [t.size]);
    axis = 0;
  }
  return ops.cumsum(t, axisOf("cumsum", axis, t.ndim, t));
}
