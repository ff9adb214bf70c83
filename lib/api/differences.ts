/**
 * Differences and integrals along an axis: numpy's `diff` (with `n`,
 * `prepend`, `append`), `ediff1d` and `trapezoid`. All are slices and
 * elementwise arithmetic, so linear in the input and differentiable.
 *
 * @example
 * np.diff([1, 4, 9, 16])          // [3, 5, 7]
 * np.trapezoid([1, 2, 3], [4, 6, 8]) // 8
 */
import { promoteTypes, type DType } from "../array/dtype.ts";
import { ArgumentError, ShapeError } from "../core/errors.ts";
import { optionsOrThrow, showValue, toTensor } from "../core/convert.ts";
import * as ops from "../core/ops.ts";
import { avalText } from "../core/primitives/check.ts";
import { Tensor, type ArrayLike } from "../core/tensor.ts";
import { integerArg } from "./options.ts";
import { resultDtype, scalarWeakType } from "./promote.ts";
import { toFloat } from "./reductions.ts";
import { axisOf } from "./shape.ts";
import { isOptionsArg } from "./reduceOptions.ts";

/** Options of `diff`. */
export interface DiffOptions {
  /** How many times to difference (default 1). */
  readonly n?: number;
  /** The axis (default -1, the last). */
  readonly axis?: number;
  /** Values put before the input along `axis` (a scalar is broadcast to one slice). */
  readonly prepend?: ArrayLike;
  /** Values put after the input along `axis`. */
  readonly append?: ArrayLike;
}

// utils

/** Elements `start` to `stop` (exclusive) of `x` along `axis`. */
function sliceAxis(x: Tensor, axis: number, start: number, stop: number): Tensor {
  return ops.slice(
    x,
    x.shape.map((_, i) => (i === axis ? start : 0)),
    x.shape.map((d, i) => (i === axis ? stop : d)),
  );
}

/** `x[1:] - x[:-1]` along `axis` (for bools, `!=`, as numpy). */
function difference(x: Tensor, axis: number): Tensor {
  const n = x.shape[axis];
  const later = sliceAxis(x, axis, Math.min(1, n), n);
  const earlier = sliceAxis(x, axis, 0, Math.max(n - 1, 0));
  return x.dtype === "bool" ? ops.ne(later, earlier) : ops.sub(later, earlier);
}

/** `prepend`/`append` as a tensor of `dtype` that joins `x` along `axis` (a 0-d value becomes one slice). */
function joinable(op: string, what: string, value: ArrayLike, x: Tensor, axis: number, dtype: DType): Tensor {
  const t = ops.convert(toTensor(value, op), dtype);
  if (t.ndim === 0) return ops.broadcastTo(t, x.shape.map((d, i) => (i === axis ? 1 : d)));
  if (t.ndim !== x.ndim || t.shape.some((d, i) => i !== axis && d !== x.shape[i])) {
    throw new ShapeError(`${op}: ${what} ${avalText(t)} must match ${avalText(x)} except along axis ${axis}.`);
  }
  return t;
}

/** The dtype of `x` joined with `value` (a JS number is weakly typed, as a Python scalar in numpy). */
function joinedDtype(x: Tensor, value: ArrayLike | undefined, op: string): DType {
  if (value === undefined) return x.dtype;
  return scalarWeakType(value, op) === undefined ? promoteTypes(x.dtype, toTensor(value, op).dtype) : resultDtype(x, value, op);
}

// functions

/**
 * The `n`-th discrete difference along `axis` (default the last):
 * `out[i] = a[i + 1] - a[i]`, applied `n` times, after joining `prepend`
 * and `append` to the input. Integers stay integers; for booleans the
 * difference is `!=`, as numpy's.
 *
 * @example
 * np.diff([[1, 4, 9], [2, 3, 5]])                  // [[3, 5], [1, 2]]
 * np.diff([1, 2, 4], { prepend: 0, append: [10] }) // [1, 1, 2, 6]
 */
export function diff(a: ArrayLike, nOrOptions?: number | DiffOptions, axis?: number): Tensor {
  const options: DiffOptions =
    nOrOptions !== null && typeof nOrOptions === "object" ? optionsOrThrow<DiffOptions>("diff", nOrOptions, ["n", "axis", "prepend", "append"]) : { n: nOrOptions, axis };
  if (typeof nOrOptions === "object" && axis !== undefined) throw new ArgumentError("diff: give axis in the options object, not as a third argument.");
  const n = integerArg("diff", "n", options.n ?? 1);
  let x = toTensor(a, "diff");
  if (x.ndim === 0) throw new ShapeError(`diff: needs an input of at least one dimension, got ${avalText(x)}.`);
  const ax = axisOf("diff", options.axis ?? -1, x.ndim, x);
  if (options.prepend !== undefined || options.append !== undefined) {
    const dtype = promoteTypes(joinedDtype(x, options.prepend, "diff"), joinedDtype(x, options.append, "diff"));
    x = ops.convert(x, dtype);
    const parts = [x];
    if (options.prepend !== undefined) parts.unshift(joinable("diff", "prepend", options.prepend, x, ax, dtype));
    if (options.append !== undefined) parts.push(joinable("diff", "append", options.append, x, ax, dtype));
    x = ops.concatenate(parts, ax);
  }
  // each difference is one shorter; differencing more times than there are elements leaves an empty axis
  for (let k = 0; k < n && x.shape[ax] > 0; k++) x = difference(x, ax);
  return x;
}

/**
 * The differences between consecutive elements of the flattened input,
 * with `toBegin` and `toEnd` (flattened) put before and after, in the
 * input's dtype.
 *
 * @example
 * np.ediff1d([1, 2, 4, 7], [100], [-1]) // [-1, 1, 2, 3, 100]
 */
export function ediff1d(ary: ArrayLike, toEnd?: ArrayLike | null, toBegin?: ArrayLike | null): Tensor {
  const x = toTensor(ary, "ediff1d");
  const flat = ops.reshape(x, [x.size]);
  const asFlat = (v: ArrayLike) => {
    const t = ops.convert(toTensor(v, "ediff1d"), x.dtype);
    return ops.reshape(t, [t.size]);
  };
  const parts = [difference(flat, 0)];
  if (toBegin !== undefined && toBegin !== null) parts.unshift(asFlat(toBegin));
  if (toEnd !== undefined && toEnd !== null) parts.push(asFlat(toEnd));
  return ops.concatenate(parts, 0);
}

/** Options of `trapezoid`. */
export interface TrapezoidOptions {
  /** The sample points (1-D along `axis`, or the shape of `y`); default: spaced by `dx`. */
  readonly x?: ArrayLike | null;
  /** The spacing when `x` is not given (default 1). */
  readonly dx?: number;
  /** The axis to integrate along (default -1). */
  readonly axis?: number;
}

/**
 * The integral of `y` along `axis` by the trapezoidal rule:
 * Σ (x[i+1] - x[i])·(y[i+1] + y[i]) / 2, with sample points `x` or a
 * constant spacing `dx`. Integers integrate in float64.
 *
 * @example
 * np.trapezoid([1, 2, 3])            // 4
 * np.trapezoid([1, 2, 3], [4, 6, 8]) // 8
 * np.trapezoid([1, 2, 3], { dx: 2 }) // 8
 */
export function trapezoid(y: ArrayLike, xOrOptions?: ArrayLike | null | TrapezoidOptions, dx?: number, axis?: number): Tensor {
  const isOptions = isOptionsArg("trapezoid", xOrOptions);
  const options: TrapezoidOptions = isOptions ? optionsOrThrow<TrapezoidOptions>("trapezoid", xOrOptions, ["x", "dx", "axis"]) : { x: xOrOptions as ArrayLike | null | undefined, dx, axis };
  if (isOptions && (dx !== undefined || axis !== undefined)) throw new ArgumentError("trapezoid: give dx and axis in the options object.");
  const values = toFloat(toTensor(y, "trapezoid"));
  if (values.ndim === 0) throw new ShapeError(`trapezoid: needs y of at least one dimension, got ${avalText(values)}.`);
  const ax = axisOf("trapezoid", options.axis ?? -1, values.ndim, values);
  const n = values.shape[ax];
  const pairSums = n < 2 ? sliceAxis(values, ax, 0, 0) : ops.add(sliceAxis(values, ax, 1, n), sliceAxis(values, ax, 0, n - 1));
  let weighted: Tensor;
  if (options.x === undefined || options.x === null) {
    const step = options.dx ?? 1;
    if (typeof step !== "number") throw new ArgumentError(`trapezoid: dx must be a number, got ${showValue(step)}.`);
    weighted = ops.mulScalar(pairSums, step / 2);
  } else {
    let points = toFloat(toTensor(options.x, "trapezoid"));
    const dtype = promoteTypes(points.dtype, values.dtype);
    if (points.ndim === 1 && values.ndim > 1) {
      if (points.shape[0] !== n) throw new ShapeError(`trapezoid: x ${avalText(points)} must have ${n} points along axis ${ax} of y ${avalText(values)}.`);
      points = ops.reshape(points, values.shape.map((d, i) => (i === ax ? d : 1)));
    } else if (points.ndim !== values.ndim || points.shape[ax] !== n) {
      throw new ShapeError(`trapezoid: x ${avalText(points)} must be 1-D with ${n} points or have the shape of y ${avalText(values)}.`);
    }
    const steps = difference(ops.convert(points, dtype), ax);
    const sums = ops.convert(pairSums, dtype);
    const shape = steps.shape.map((d, i) => Math.max(d, sums.shape[i]));
    weighted = ops.mulScalar(ops.mul(ops.broadcastTo(steps, shape), ops.broadcastTo(sums, shape)), 0.5);
  }
  return ops.reduceSum(weighted, [ax]);
}
