/**
 * Reductions of `np`: sum, mean, max, min, prod, argmax, argmin, var, std,
 * ptp, all, any, countNonzero. Each takes `axis` (a number, a list, or none
 * for all axes) and `keepdims`, positionally or as an options object, which
 * also takes numpy's `dtype`, `where`, `initial` and `ddof` where numpy's
 * function does.
 *
 * @example
 * np.sum(np.arange(6).reshape(2, 3), { axis: 0, where: [true, false, true] }) // [3, 0, 7]
 */
import { isFloat, type DType } from "../array/dtype.ts";
import { ArgumentError, DTypeError } from "../core/errors.ts";
import { showValue } from "../core/convert.ts";
import * as ops from "../core/ops.ts";
import { avalText } from "../core/primitives/check.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";
import { axisOf } from "./shape.ts";
import { countOver, keep, reduceArgs, type AxisLike, type ReduceArgs, type ReduceKey, type ReduceOptions } from "./reduceOptions.ts";

export type { AxisLike, ReduceOptions } from "./reduceOptions.ts";

// utils

/** bool sums and products count in int32 (numpy's default integer is int64; JAX's, and ours, int32). */
export const intSum = (x: Tensor): Tensor => (x.dtype === "bool" ? ops.convert(x, "int32") : x);
/** Integers and bools average in float64. */
export const toFloat = (x: Tensor): Tensor => (isFloat(x.dtype) ? x : ops.convert(x, "float64"));

function nonEmpty(op: string, x: Tensor, axes: readonly number[]): void {
  if (axes.some((a) => x.shape[a] === 0)) {
    throw new ArgumentError(`${op}: zero-size reduction over an empty axis of ${avalText(x)} has no identity; pass initial.`);
  }
}

/** `x` with the elements outside `where` replaced by `fill` (unchanged without a mask). */
export function masked(x: Tensor, where: Tensor | undefined, fill: number): Tensor {
  return where === undefined ? x : ops.select(where, x, ops.scalar(fill, x.dtype));
}

/** The number of elements each output combines: a JS number, or a tensor counting the mask's true elements. */
export function countOf(args: ReduceArgs, dtype: DType): Tensor {
  const { x, axes, where } = args;
  return where === undefined ? ops.scalar(countOver(x.shape, axes), dtype) : ops.reduceSum(ops.convert(where, dtype), axes);
}

type Run = (args: ReduceArgs) => Tensor;

/** A reduction `(x, axisOrOptions?, keepdims?)` taking the options `keys`. */
function reduction(op: string, keys: readonly ReduceKey[], run: Run): (x: ArrayLike, axisOrOptions?: AxisLike | ReduceOptions, keepdims?: boolean) => Tensor {
  return (x: ArrayLike, axisOrOptions?: AxisLike | ReduceOptions, keepdims?: boolean): Tensor => {
    const args = reduceArgs(op, x, axisOrOptions, keepdims, keys);
    return keep(run(args), args.x.shape, args.axes, args.keepdims);
  };
}

/** The input in the options' dtype, or as `fallback` converts it. */
const inDtype = (args: ReduceArgs, fallback: (x: Tensor) => Tensor): Tensor => (args.dtype === undefined ? fallback(args.x) : ops.convert(args.x, args.dtype));

const withInitial = (y: Tensor, initial: number | undefined, combine: (a: Tensor, b: Tensor) => Tensor): Tensor =>
  initial === undefined ? y : combine(y, ops.scalar(initial, y.dtype));

// reductions

/**
 * Sum of elements (over `axis`; bools and ints sum in int32).
 *
 * @example
 * np.sum([[1, 2], [3, 4]], 0); // array([4., 6.])
 */
export const sum: (x: ArrayLike, axisOrOptions?: AxisLike | ReduceOptions, keepdims?: boolean) => Tensor = reduction("sum", ["axis", "keepdims", "dtype", "where", "initial"], (args) => {
  const x = masked(inDtype(args, intSum), args.where, 0);
  return withInitial(ops.reduceSum(x, args.axes), args.initial, ops.add);
});

/**
 * Arithmetic mean (ints average in float64; with `where`, over the selected elements).
 *
 * @example
 * np.mean([1, 2, 4]); // array(2.33333333)
 */
export const mean: (x: ArrayLike, axisOrOptions?: AxisLike | ReduceOptions, keepdims?: boolean) => Tensor = reduction("mean", ["axis", "keepdims", "dtype", "where"], (args) => meanOf(args));

function meanOf(args: ReduceArgs): Tensor {
  const x = masked(inDtype(args, toFloat), args.where, 0);
  const total = ops.reduceSum(x, args.axes);
  if (args.where === undefined) return ops.mulScalar(total, 1 / countOver(x.shape, args.axes));
  return ops.div(total, countOf(args, x.dtype));
}

function extremum(op: "max" | "min"): (x: ArrayLike, axisOrOptions?: AxisLike | ReduceOptions, keepdims?: boolean) => Tensor {
  return reduction(op, ["axis", "keepdims", "where", "initial"], ({ x, axes, where, initial }) => {
    if (where !== undefined && initial === undefined) {
      throw new ArgumentError(`${op}: a where mask needs initial (the ${op} of no elements), as numpy requires.`);
    }
    if (initial === undefined) nonEmpty(op, x, axes);
    const pick = op === "max" ? ops.max : ops.min;
    const y = (op === "max" ? ops.reduceMax : ops.reduceMin)(masked(x, where, initial ?? 0), axes);
    return withInitial(y, initial, pick);
  });
}

/**
 * Maximum (`initial` floors it and allows empty axes; NaN propagates).
 *
 * @example
 * np.max([[1, 5], [3, 2]], 1); // array([5., 3.])
 */
export const max: (x: ArrayLike, axisOrOptions?: AxisLike | ReduceOptions, keepdims?: boolean) => Tensor = extremum("max");
/**
 * Minimum.
 *
 * @example
 * np.min([[1, 5], [3, 2]], 0); // array([1., 2.])
 */
export const min: (x: ArrayLike, axisOrOptions?: AxisLike | ReduceOptions, keepdims?: boolean) => Tensor = extremum("min");

/**
 * Product: pairwise multiplication of halves, so it is exact to differentiate, zeros included.
 *
 * @example
 * np.prod([1, 2, 3, 4]); // array(24.)
 */
export const prod: (x: ArrayLike, axisOrOptions?: AxisLike | ReduceOptions, keepdims?: boolean) => Tensor = reduction("prod", ["axis", "keepdims", "dtype", "where", "initial"], (args) => {
  const x = masked(inDtype(args, intSum), args.where, 1);
  const y = args.axes.reduce((acc, axis, i) => prodAxis(acc, axis - i), x);
  return withInitial(y, args.initial, ops.mul);
});

/** The product along one axis, multiplying neighbours pairwise until one remains. */
export function prodAxis(x: Tensor, axis: number): Tensor {
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

/** Σ (x - mean)² / (N - ddof) over the reduced axes (over the selected elements with `where`). */
export function varianceOf(args: ReduceArgs): Tensor {
  const x = inDtype(args, toFloat);
  const typed = { ...args, x };
  const centered = ops.sub(x, keep(meanOf(typed), x.shape, args.axes, true));
  const squares = masked(ops.integerPow(centered, 2), args.where, 0);
  const total = ops.reduceSum(squares, args.axes);
  // numpy divides by max(N - ddof, 0): no degrees of freedom give ∞ (or NaN for a zero sum), never a negative variance
  if (args.where === undefined) return ops.div(total, ops.scalar(Math.max(countOver(x.shape, args.axes) - args.ddof, 0), x.dtype));
  const dof = ops.addScalar(countOf(typed, x.dtype), -args.ddof);
  return ops.div(total, ops.max(dof, ops.scalar(0, dof.dtype)));
}

const VAR_KEYS: readonly ReduceKey[] = ["axis", "keepdims", "dtype", "where", "ddof"];

/**
 * Variance (`ddof` = 0 by default).
 *
 * @example
 * np.var([1, 2, 3, 4]); // array(1.25)
 */
export const variance: (x: ArrayLike, axisOrOptions?: AxisLike | ReduceOptions, keepdims?: boolean) => Tensor = reduction("var", VAR_KEYS, varianceOf);

/**
 * Standard deviation: √var.
 *
 * @example
 * np.std([1, 2, 3, 4], { ddof: 1 }); // array(1.29099445)
 */
export const std: (x: ArrayLike, axisOrOptions?: AxisLike | ReduceOptions, keepdims?: boolean) => Tensor = reduction("std", VAR_KEYS, (args) => ops.sqrt(varianceOf(args)));

/**
 * Peak to peak: max - min (numpy refuses bools).
 *
 * @example
 * np.ptp([[4, 9], [1, 3]], 1); // array([5., 2.])
 */
export const ptp: (x: ArrayLike, axisOrOptions?: AxisLike | ReduceOptions, keepdims?: boolean) => Tensor = reduction("ptp", ["axis", "keepdims"], ({ x, axes }) => {
  if (x.dtype === "bool") throw new DTypeError(`ptp: booleans cannot be subtracted (${avalText(x)}); convert with astype("int32").`);
  nonEmpty("ptp", x, axes);
  return ops.sub(ops.reduceMax(x, axes), ops.reduceMin(x, axes));
});

/** The elements as booleans: x != 0 (NaN counts as true, as in numpy). */
export const truthy = (x: Tensor): Tensor => (x.dtype === "bool" ? x : ops.ne(x, ops.scalar(0, x.dtype)));

/** How many elements along the axes are true (nonzero), among those `where` selects. */
function countTrue(x: Tensor, axes: readonly number[], where: Tensor | undefined): Tensor {
  return ops.reduceSum(masked(ops.convert(truthy(x), "int32"), where, 0), axes);
}

/**
 * Whether every element (along `axis`) is true (nonzero); true for none.
 *
 * @example
 * np.all([[true, false], [true, true]], 1); // array([False,  True])
 */
export const all: (x: ArrayLike, axisOrOptions?: AxisLike | ReduceOptions, keepdims?: boolean) => Tensor = reduction("all", ["axis", "keepdims", "where"], ({ x, axes, where }) =>
  ops.eq(countTrue(ops.eq(truthy(x), ops.scalar(0, "bool")), axes, where), ops.scalar(0, "int32")),
);

/**
 * Whether any element (along `axis`) is true (nonzero); false for none.
 *
 * @example
 * np.any([0, 0, 3]); // array(True)
 */
export const any: (x: ArrayLike, axisOrOptions?: AxisLike | ReduceOptions, keepdims?: boolean) => Tensor = reduction("any", ["axis", "keepdims", "where"], ({ x, axes, where }) => ops.gt(countTrue(x, axes, where), ops.scalar(0, "int32")));

/**
 * The number of nonzero elements (int32).
 *
 * @example
 * np.countNonzero([[0, 1, 2], [3, 0, 0]], 0); // array([1, 1, 1], dtype=int32)
 */
export const countNonzero: (x: ArrayLike, axisOrOptions?: AxisLike | ReduceOptions, keepdims?: boolean) => Tensor = reduction("countNonzero", ["axis", "keepdims"], ({ x, axes }) => ops.reduceSum(ops.convert(truthy(x), "int32"), axes));

// arg-reductions

/** Options of argmax/argmin. */
export interface ArgOptions {
  readonly axis?: number | null;
  readonly keepdims?: boolean;
}

function argReduction(op: "argmax" | "argmin"): (x: ArrayLike, axisOrOptions?: number | null | ArgOptions, keepdims?: boolean) => Tensor {
  return (x: ArrayLike, axisOrOptions?: number | null | ArgOptions, keepdims?: boolean): Tensor => {
    const args = reduceArgs(op, x, axisOrOptions, keepdims, ["axis", "keepdims"]);
    return argOf(op, args, op === "argmax" ? ops.argmax : ops.argmin);
  };
}

/** The index along one axis (or into the flattened tensor) chosen by `pick`, with numpy's keepdims. */
export function argOf(op: string, { x, axis: given, axes, keepdims }: ReduceArgs, pick: (x: Tensor, axis: number) => Tensor): Tensor {
  if (given !== undefined && given !== null && !Number.isInteger(given)) throw new ArgumentError(`${op}: axis must be an integer or null, got ${showValue(given)}.`);
  const all = axes.length === x.ndim;
  const t = all ? ops.reshape(x, [x.size]) : x;
  const axis = all ? 0 : axisOf(op, axes[0], t.ndim, t);
  if (t.shape[axis] === 0) throw new ArgumentError(`${op}: attempt to get ${op} of an empty sequence (${avalText(x)}).`);
  const out = pick(t, axis);
  return keepdims ? ops.reshape(out, all ? x.shape.map(() => 1) : x.shape.map((d, i) => (i === axis ? 1 : d))) : out;
}

/**
 * Index of the maximum (over the flattened tensor when no axis is given; the first of ties, or the first NaN).
 *
 * @example
 * np.argmax([[1, 5], [7, 2]], 1); // array([1, 0], dtype=int32)
 */
export const argmax: (x: ArrayLike, axisOrOptions?: number | null | ArgOptions, keepdims?: boolean) => Tensor = argReduction("argmax");
/**
 * Index of the minimum.
 *
 * @example
 * np.argmin([3, 1, 2]); // array(1, dtype=int32)
 */
export const argmin: (x: ArrayLike, axisOrOptions?: number | null | ArgOptions, keepdims?: boolean) => Tensor = argReduction("argmin");
