/**
 * numpy's NaN-ignoring reductions: `nansum nanprod nanmean nanvar nanstd
 * nanmax nanmin nanargmax nanargmin nancumsum nancumprod`. NaNs are
 * replaced by a neutral value (or masked out) before reducing, so every
 * derivative is zero at the NaN entries (as JAX's) and finite elsewhere.
 * All-NaN slices give numpy's results: 0 for sums, 1 for products, NaN for
 * means, variances and extrema (the `initial` value when given); for
 * `nanargmax`/`nanargmin`, where numpy raises, -1 as JAX (a raise cannot
 * happen under `jit`). Integer inputs have no NaNs: these are then the
 * plain reductions.
 *
 * @example
 * np.nanmean([1, NaN, 3])            // 2
 * np.nanmax([[NaN, NaN], [1, NaN]], 1) // [NaN, 1]
 */
import { isFloat } from "../array/dtype.ts";
import { ArgumentError } from "../core/errors.ts";
import * as ops from "../core/ops.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";
import { cumulativeInput, type CumulativeOptions } from "./cumulative.ts";
import { argOf, intSum, masked, prodAxis, toFloat } from "./reductions.ts";
import { countOver, keep, reduceArgs, type AxisLike, type ReduceArgs, type ReduceKey, type ReduceOptions } from "./reduceOptions.ts";

// utils

/** Where `x` is a number (not NaN), and `where` selects it. */
function validMask(x: Tensor, where: Tensor | undefined): Tensor | undefined {
  const present = isFloat(x.dtype) ? ops.eq(x, x) : undefined;
  if (present === undefined) return where;
  return where === undefined ? present : ops.select(where, present, where);
}

/** The reduction's input with NaNs (and unselected elements) replaced by `fill`, and the mask of the kept ones. */
function withoutNans(args: ReduceArgs, x: Tensor, fill: number): [Tensor, Tensor | undefined] {
  const valid = validMask(x, args.where);
  return [masked(x, valid, fill), valid];
}

/** How many elements each output keeps, in `x`'s dtype. */
function validCount(valid: Tensor | undefined, x: Tensor, axes: readonly number[]): Tensor {
  return valid === undefined ? ops.scalar(countOver(x.shape, axes), x.dtype) : ops.reduceSum(ops.convert(valid, x.dtype), axes);
}

function nanReduction(op: string, keys: readonly ReduceKey[], run: (args: ReduceArgs) => Tensor): (a: ArrayLike, axisOrOptions?: AxisLike | ReduceOptions, keepdims?: boolean) => Tensor {
  return (a: ArrayLike, axisOrOptions?: AxisLike | ReduceOptions, keepdims?: boolean): Tensor => {
    const args = reduceArgs(op, a, axisOrOptions, keepdims, keys);
    return keep(run(args), args.x.shape, args.axes, args.keepdims);
  };
}

const inDtype = (args: ReduceArgs, fallback: (x: Tensor) => Tensor): Tensor => (args.dtype === undefined ? fallback(args.x) : ops.convert(args.x, args.dtype));

// reductions

/**
 * Sum treating NaN as 0.
 *
 * @example
 * np.nansum([1, NaN, 3]); // array(4.)
 */
export const nansum: (a: ArrayLike, axisOrOptions?: AxisLike | ReduceOptions, keepdims?: boolean) => Tensor = nanReduction("nansum", ["axis", "keepdims", "dtype", "where", "initial"], (args) => {
  const [x] = withoutNans(args, inDtype(args, intSum), 0);
  const y = ops.reduceSum(x, args.axes);
  return args.initial === undefined ? y : ops.add(y, ops.scalar(args.initial, y.dtype));
});

/**
 * Product treating NaN as 1 (exact to differentiate, zeros included).
 *
 * @example
 * np.nanprod([2, NaN, 3]); // array(6.)
 */
export const nanprod: (a: ArrayLike, axisOrOptions?: AxisLike | ReduceOptions, keepdims?: boolean) => Tensor = nanReduction("nanprod", ["axis", "keepdims", "dtype", "where", "initial"], (args) => {
  const [x] = withoutNans(args, inDtype(args, intSum), 1);
  const y = args.axes.reduce((acc, axis, i) => prodAxis(acc, axis - i), x);
  return args.initial === undefined ? y : ops.mul(y, ops.scalar(args.initial, y.dtype));
});

/**
 * Mean of the non-NaN elements (NaN for an all-NaN slice).
 *
 * @example
 * np.nanmean([[1, NaN], [NaN, NaN]], 1); // array([ 1., nan])
 */
export const nanmean: (a: ArrayLike, axisOrOptions?: AxisLike | ReduceOptions, keepdims?: boolean) => Tensor = nanReduction("nanmean", ["axis", "keepdims", "dtype", "where"], (args) => nanMeanOf(args, inDtype(args, toFloat)));

function nanMeanOf(args: ReduceArgs, values: Tensor): Tensor {
  const [x, valid] = withoutNans(args, values, 0);
  return ops.div(ops.reduceSum(x, args.axes), validCount(valid, x, args.axes));
}

/** Σ (x - mean)² / (N - ddof) over the non-NaN elements; NaN where N - ddof ≤ 0. */
function nanVarianceOf(args: ReduceArgs): Tensor {
  const values = inDtype(args, toFloat);
  // NaNs become 0 before any arithmetic, so no NaN reaches a derivative through the masked branch
  const [x, valid] = withoutNans(args, values, 0);
  const mean = ops.div(ops.reduceSum(x, args.axes), validCount(valid, x, args.axes));
  const centered = masked(ops.sub(x, keep(mean, x.shape, args.axes, true)), valid, 0);
  const total = ops.reduceSum(ops.integerPow(centered, 2), args.axes);
  const dof = ops.addScalar(validCount(valid, x, args.axes), -args.ddof);
  const positive = ops.gt(dof, ops.scalar(0, dof.dtype));
  const safeDof = ops.select(positive, dof, ops.scalar(1, dof.dtype));
  return ops.select(positive, ops.div(total, safeDof), ops.full(total.shape, NaN, total.dtype));
}

const NANVAR_KEYS: readonly ReduceKey[] = ["axis", "keepdims", "dtype", "where", "ddof"];

/**
 * Variance of the non-NaN elements.
 *
 * @example
 * np.nanvar([1, NaN, 3]); // array(1.)
 */
export const nanvar: (a: ArrayLike, axisOrOptions?: AxisLike | ReduceOptions, keepdims?: boolean) => Tensor = nanReduction("nanvar", NANVAR_KEYS, nanVarianceOf);

/**
 * Standard deviation of the non-NaN elements.
 *
 * @example
 * np.nanstd([1, NaN, 3]); // array(1.)
 */
export const nanstd: (a: ArrayLike, axisOrOptions?: AxisLike | ReduceOptions, keepdims?: boolean) => Tensor = nanReduction("nanstd", NANVAR_KEYS, (args) => ops.sqrt(nanVarianceOf(args)));

function nanExtremum(op: "nanmax" | "nanmin"): (a: ArrayLike, axisOrOptions?: AxisLike | ReduceOptions, keepdims?: boolean) => Tensor {
  const isMax = op === "nanmax";
  return nanReduction(op, ["axis", "keepdims", "where", "initial"], (args) => {
    const { x, axes, where, initial } = args;
    if (where !== undefined && initial === undefined) {
      throw new ArgumentError(`${op}: a where mask needs initial (the ${isMax ? "max" : "min"} of no elements), as numpy requires.`);
    }
    const empty = isFloat(x.dtype) ? (isMax ? -Infinity : Infinity) : (initial ?? 0);
    const [filled, valid] = withoutNans(args, x, initial ?? empty);
    let y = (isMax ? ops.reduceMax : ops.reduceMin)(filled, axes);
    if (initial !== undefined) return (isMax ? ops.max : ops.min)(y, ops.scalar(initial, y.dtype));
    if (axes.some((a) => x.shape[a] === 0)) throw new ArgumentError(`${op}: zero-size reduction over an empty axis has no identity; pass initial.`);
    // an all-NaN slice is NaN (numpy warns)
    if (valid !== undefined) y = ops.select(ops.gt(validCount(valid, x, axes), ops.scalar(0, x.dtype)), y, ops.full(y.shape, NaN, y.dtype));
    return y;
  });
}

/**
 * Maximum ignoring NaN (NaN for an all-NaN slice).
 *
 * @example
 * np.nanmax([1, NaN, 3]); // array(3.)
 */
export const nanmax: (a: ArrayLike, axisOrOptions?: AxisLike | ReduceOptions, keepdims?: boolean) => Tensor = nanExtremum("nanmax");
/**
 * Minimum ignoring NaN.
 *
 * @example
 * np.nanmin([1, NaN, 3]); // array(1.)
 */
export const nanmin: (a: ArrayLike, axisOrOptions?: AxisLike | ReduceOptions, keepdims?: boolean) => Tensor = nanExtremum("nanmin");

function nanArg(op: "nanargmax" | "nanargmin"): (a: ArrayLike, axisOrOptions?: number | null | {
    axis?: number | null;
    keepdims?: boolean;
}, keepdims?: boolean) => Tensor {
  const isMax = op === "nanargmax";
  return (a: ArrayLike, axisOrOptions?: number | null | { axis?: number | null; keepdims?: boolean }, keepdims?: boolean): Tensor => {
    const args = reduceArgs(op, a, axisOrOptions, keepdims, ["axis", "keepdims"]);
    const { x } = args;
    if (!isFloat(x.dtype)) return argOf(op, args, isMax ? ops.argmax : ops.argmin);
    // NaNs become -∞ (+∞ for argmin) before the arg-reduction, as numpy and JAX do (so [NaN, -∞] gives 0 there too)
    const nan = ops.ne(x, x);
    const filled = ops.select(nan, ops.scalar(isMax ? -Infinity : Infinity, x.dtype), x);
    const index = argOf(op, { ...args, x: filled }, isMax ? ops.argmax : ops.argmin);
    // an all-NaN slice is -1 (JAX's answer; numpy raises)
    const numbers = ops.reduceSum(ops.convert(ops.eq(nan, ops.scalar(0, "bool")), "int32"), args.axes);
    const none = ops.reshape(ops.eq(numbers, ops.scalar(0, "int32")), index.shape);
    return ops.select(none, ops.full(index.shape, -1, "int32"), index);
  };
}

/**
 * Index of the maximum ignoring NaN (-1 for an all-NaN slice, as JAX).
 *
 * @example
 * np.nanargmax([NaN, 3, 1]); // array(1, dtype=int32)
 */
export const nanargmax: (a: ArrayLike, axisOrOptions?: number | null | {
    axis?: number | null;
    keepdims?: boolean;
}, keepdims?: boolean) => Tensor = nanArg("nanargmax");
/**
 * Index of the minimum ignoring NaN (-1 for an all-NaN slice, as JAX).
 *
 * @example
 * np.nanargmin([NaN, 3, 1]); // array(2, dtype=int32)
 */
export const nanargmin: (a: ArrayLike, axisOrOptions?: number | null | {
    axis?: number | null;
    keepdims?: boolean;
}, keepdims?: boolean) => Tensor = nanArg("nanargmin");

// cumulative

function nanCumulative(op: string, fill: number, scan: (x: Tensor, axis: number) => Tensor): (a: ArrayLike, axisOrOptions?: number | null | CumulativeOptions) => Tensor {
  return (a: ArrayLike, axisOrOptions?: number | null | CumulativeOptions): Tensor => {
    const { t, axis } = cumulativeInput(op, a, axisOrOptions);
    return scan(isFloat(t.dtype) ? masked(t, ops.eq(t, t), fill) : t, axis);
  };
}

/**
 * Running sum treating NaN as 0.
 *
 * @example
 * np.nancumsum([1, NaN, 3]); // array([1., 1., 4.])
 */
export const nancumsum: (a: ArrayLike, axisOrOptions?: number | null | CumulativeOptions) => Tensor = nanCumulative("nancumsum", 0, ops.cumsum);
/**
 * Running product treating NaN as 1.
 *
 * @example
 * np.nancumprod([2, NaN, 3]); // array([2., 2., 6.])
 */
export const nancumprod: (a: ArrayLike, axisOrOptions?: number | null | CumulativeOptions) => Tensor = nanCumulative("nancumprod", 1, ops.cumprod);
