/**
 * Running reductions: numpy's `cumsum`, `cumprod` and the array API's
 * `cumulativeSum`, `cumulativeProd` (with `includeInitial`), and JAX's
 * `lax.cumsum`, `lax.cumprod`, `lax.cummax`, `lax.cummin` (with `reverse`).
 * Each binds one primitive (`cumsum`, `cumprod`, `cummax`, `cummin`), whose
 * derivative is JAX's: `cumprod`'s is exact with zeros in the input.
 *
 * @example
 * np.cumprod([1, 2, 3, 4]) // [1, 2, 6, 24]
 * np.cumulativeSum([1, 2, 3], { includeInitial: true }) // [0, 1, 3, 6]
 * lax.cummax(np.array([1, 3, 2, 5]))                   // [1, 3, 3, 5]
 */
import { ArgumentError, DTypeError } from "../core/errors.ts";
import { dtypeOrThrow, optionsOrThrow, showValue, toTensor } from "../core/convert.ts";
import * as ops from "../core/ops.ts";
import { avalText } from "../core/primitives/check.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";
import type { DType } from "../array/dtype.ts";
import { booleanArg } from "./options.ts";
import { intSum } from "./reductions.ts";
import { axisOf } from "./shape.ts";

type Scan = (x: Tensor, axis: number, reverse?: boolean) => Tensor;

/** Options of `cumsum`/`cumprod`. */
export interface CumulativeOptions {
  /** The axis to run along (default: over the flattened input). */
  readonly axis?: number | null;
  /** The dtype to accumulate and return in. */
  readonly dtype?: DType;
}

/** Options of `cumulativeSum`/`cumulativeProd` (the array API's, keyword-only in numpy). */
export interface CumulativeArrayOptions extends CumulativeOptions {
  /** Start with the identity (0 or 1), so the output is one longer along `axis`. */
  readonly includeInitial?: boolean;
}

// utils

/** The tensor, its dtype as numpy's cumsum gives it (bools count in int32), and the axis (the flattened input when none). */
export function cumulativeInput(op: string, x: ArrayLike, axisOrOptions: unknown, keys: readonly string[] = ["axis", "dtype"]): { t: Tensor; axis: number; options: CumulativeArrayOptions } {
  const options: CumulativeArrayOptions =
    axisOrOptions !== null && typeof axisOrOptions === "object" ? optionsOrThrow<CumulativeArrayOptions>(op, axisOrOptions, keys as (keyof CumulativeArrayOptions)[]) : { axis: axisOrOptions as number | null | undefined };
  const { axis, dtype } = options;
  if (axis !== undefined && axis !== null && !Number.isInteger(axis)) throw new ArgumentError(`${op}: axis must be an integer or null, got ${showValue(axis)}.`);
  let t = toTensor(x, op);
  t = dtype === undefined ? intSum(t) : ops.convert(t, dtypeOrThrow(op, dtype));
  // numpy runs over the flattened input without an axis, and treats a 0-d input as 1-d
  if (axis === undefined || axis === null || t.ndim === 0) {
    if (t.ndim > 1 && (axis === undefined || axis === null) && keys.includes("includeInitial")) {
      throw new ArgumentError(`${op}: an input with more than one dimension (${avalText(t)}) needs an axis.`);
    }
    t = ops.reshape(t, [t.size]);
  }
  return { t, axis: axisOf(op, axis ?? 0, t.ndim, t), options };
}

function cumulativeFunction(op: string, scan: Scan): (x: ArrayLike, axisOrOptions?: number | null | CumulativeOptions) => Tensor {
  return (x: ArrayLike, axisOrOptions?: number | null | CumulativeOptions): Tensor => {
    const { t, axis } = cumulativeInput(op, x, axisOrOptions);
    return scan(t, axis);
  };
}

function arrayApiFunction(op: string, scan: Scan, identity: number): (x: ArrayLike, options?: CumulativeArrayOptions) => Tensor {
  return (x: ArrayLike, options?: CumulativeArrayOptions): Tensor => {
    if (options !== undefined && (options === null || typeof options !== "object")) {
      throw new ArgumentError(`${op}: the second argument is an options object { axis, dtype, includeInitial }, got ${showValue(options)}.`);
    }
    const { t, axis, options: parsed } = cumulativeInput(op, x, options ?? {}, ["axis", "dtype", "includeInitial"]);
    const out = scan(t, axis);
    if (!booleanArg(op, "includeInitial", parsed.includeInitial, false)) return out;
    const first = ops.full(t.shape.map((d, i) => (i === axis ? 1 : d)), identity, t.dtype);
    return ops.concatenate([first, out], axis);
  };
}

// numpy

/**
 * Running sum along `axis` (over the flattened input without one; bools count in int32).
 *
 * @example
 * np.cumsum([[1, 2], [3, 4]], 0);
 * // array([[1., 2.],
 * //        [4., 6.]])
 */
export const cumsum: (x: ArrayLike, axisOrOptions?: number | null | CumulativeOptions) => Tensor = cumulativeFunction("cumsum", ops.cumsum);

/**
 * Running product along `axis` (over the flattened input without one).
 *
 * @example
 * np.cumprod([1, 2, 3, 4]); // array([ 1.,  2.,  6., 24.])
 */
export const cumprod: (x: ArrayLike, axisOrOptions?: number | null | CumulativeOptions) => Tensor = cumulativeFunction("cumprod", ops.cumprod);

/**
 * The array API's running sum: `axis` is required above 1-D; `includeInitial` starts with 0.
 *
 * @example
 * np.cumulativeSum([1, 2, 3], { includeInitial: true }); // array([0., 1., 3., 6.])
 */
export const cumulativeSum: (x: ArrayLike, options?: CumulativeArrayOptions) => Tensor = arrayApiFunction("cumulativeSum", ops.cumsum, 0);

/**
 * The array API's running product; `includeInitial` starts with 1.
 *
 * @example
 * np.cumulativeProd([2, 3], { includeInitial: true }); // array([1., 2., 6.])
 */
export const cumulativeProd: (x: ArrayLike, options?: CumulativeArrayOptions) => Tensor = arrayApiFunction("cumulativeProd", ops.cumprod, 1);

// lax

/** Options of the `lax` cumulative reductions. */
export interface LaxCumulativeOptions {
  readonly axis?: number;
  /** Run from the end of the axis. */
  readonly reverse?: boolean;
}

function laxCumulative(op: string, scan: Scan) {
  return (operand: ArrayLike, axisOrOptions: number | LaxCumulativeOptions = 0, reverse?: boolean): Tensor => {
    const options: LaxCumulativeOptions =
      typeof axisOrOptions === "object" && axisOrOptions !== null ? optionsOrThrow<LaxCumulativeOptions>(op, axisOrOptions, ["axis", "reverse"]) : { axis: axisOrOptions, reverse };
    if (typeof axisOrOptions === "object" && reverse !== undefined) throw new ArgumentError(`${op}: give reverse in the options object.`);
    const t = toTensor(operand, op);
    if (t.dtype === "bool") throw new DTypeError(`${op}: needs a number dtype, got ${avalText(t)}; convert with astype("int32").`);
    if (t.ndim === 0) throw new ArgumentError(`${op}: needs an operand of at least 1 dimension, got ${avalText(t)}.`);
    const axis = options.axis ?? 0;
    if (typeof axis !== "number") throw new ArgumentError(`${op}: axis must be an integer, got ${showValue(axis)}.`);
    return scan(t, axisOf(op, axis, t.ndim, t), booleanArg(op, "reverse", options.reverse, false));
  };
}

/** The cumulative reductions of `lax`, along `axis` (default 0), from the end when `reverse`. */
export const laxCumulativeReductions: {
    /** Running sum. @example lax.cumsum(np.array([1, 2, 3]), 0, true) // [6, 5, 3] */
    cumsum: (operand: ArrayLike, axisOrOptions?: number | LaxCumulativeOptions, reverse?: boolean) => Tensor;
    /** Running product (its derivative exact with zeros). @example lax.cumprod(np.array([1, 2, 3])) // [1, 2, 6] */
    cumprod: (operand: ArrayLike, axisOrOptions?: number | LaxCumulativeOptions, reverse?: boolean) => Tensor;
    /** Running maximum (NaN propagates; ties split the derivative as `max` does). @example lax.cummax(np.array([1, 3, 2])) // [1, 3, 3] */
    cummax: (operand: ArrayLike, axisOrOptions?: number | LaxCumulativeOptions, reverse?: boolean) => Tensor;
    /** Running minimum. @example lax.cummin(np.array([3, 1, 2])) // [3, 1, 1] */
    cummin: (operand: ArrayLike, axisOrOptions?: number | LaxCumulativeOptions, reverse?: boolean) => Tensor;
} = {
  /** Running sum. @example lax.cumsum(np.array([1, 2, 3]), 0, true) // [6, 5, 3] */
  cumsum: laxCumulative("cumsum", ops.cumsum),
  /** Running product (its derivative exact with zeros). @example lax.cumprod(np.array([1, 2, 3])) // [1, 2, 6] */
  cumprod: laxCumulative("cumprod", ops.cumprod),
  /** Running maximum (NaN propagates; ties split the derivative as `max` does). @example lax.cummax(np.array([1, 3, 2])) // [1, 3, 3] */
  cummax: laxCumulative("cummax", ops.cummax),
  /** Running minimum. @example lax.cummin(np.array([3, 1, 2])) // [3, 1, 1] */
  cummin: laxCumulative("cummin", ops.cummin),
};
