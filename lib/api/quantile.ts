/**
 * Order statistics (issue 9, group 2): `quantile`, `percentile`, `median`
 * and their NaN-ignoring forms `nanquantile`, `nanpercentile`, `nanmedian`.
 *
 * The reduced axes are moved last and flattened, the lanes sorted (the
 * `sort` primitive, so gradients flow back through the permutation to the
 * elements picked), and numpy's virtual index computed per method, with
 * numpy's arithmetic in numpy's order (so the values agree to the bit):
 * `linear` (the default), `lower`, `higher`, `nearest`, `midpoint`, the
 * continuous Hyndman–Fan methods `interpolated_inverted_cdf`, `hazen`,
 * `weibull`, `median_unbiased`, `normal_unbiased`, and the discrete
 * `inverted_cdf`, `averaged_inverted_cdf`, `closest_observation`. A lane with
 * a NaN gives NaN (the nan forms ignore NaNs; an all-NaN lane gives NaN);
 * an empty lane gives NaN (JAX's; numpy's `quantile` raises). `q` may be a
 * traced tensor: the linear methods differentiate in it too. Integer inputs
 * give float64 (JAX's; numpy keeps int for `lower`/`higher`/`nearest`).
 *
 * @example
 * np.quantile(np.array([1, 2, 3, 4]), 0.25)   // 1.75
 * np.median(np.array([[1, 3], [2, 8]]), 0)     // [1.5, 5.5]
 * np.nanmedian(np.array([1, NaN, 3]))          // 2
 */
import { ArgumentError } from "../core/errors.ts";
import { optionsOrThrow, showValue, toTensor } from "../core/convert.ts";
import * as ops from "../core/ops.ts";
import { ConcreteTensor, type ArrayLike, type Tensor, dataOf } from "../core/tensor.ts";
import { booleanArg } from "./options.ts";
import { floatOperand, operands } from "./promote.ts";
import { axesOf } from "./rearrange.ts";

/** The interpolation methods of numpy's `quantile`. */
export type QuantileMethod =
  | "linear" | "lower" | "higher" | "nearest" | "midpoint"
  | "inverted_cdf" | "averaged_inverted_cdf" | "closest_observation"
  | "interpolated_inverted_cdf" | "hazen" | "weibull" | "median_unbiased" | "normal_unbiased";

const METHODS: readonly QuantileMethod[] = [
  "linear", "lower", "higher", "nearest", "midpoint", "inverted_cdf", "averaged_inverted_cdf", "closest_observation",
  "interpolated_inverted_cdf", "hazen", "weibull", "median_unbiased", "normal_unbiased",
];

/** Options of the quantile functions. */
export interface QuantileOptions {
  readonly method?: QuantileMethod;
  readonly keepdims?: boolean;
}

/** Options of the medians. */
export interface MedianOptions {
  readonly keepdims?: boolean;
}

type Axis = number | readonly number[] | null | undefined;

/** `a` as float, its reduced axes moved last and flattened into one lane axis: [...kept, n]. */
function lanes(op: string, a: Tensor, axis: Axis): { x: Tensor; kept: number[]; axes: number[] } {
  const axes = axesOf(op, axis, a);
  const keptAxes = a.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const moved = ops.transpose(a, [...keptAxes, ...axes]);
  const kept = keptAxes.map((i) => a.shape[i]);
  return { x: ops.reshape(moved, [...kept, axes.reduce((p, i) => p * a.shape[i], 1)]), kept, axes };
}

/** `result` [...qShape, ...kept] with the reduced axes put back as size 1 (keepdims). */
function keepDims(result: Tensor, qRank: number, a: Tensor, axes: readonly number[]): Tensor {
  return ops.reshape(result, [...result.shape.slice(0, qRank), ...a.shape.map((d, i) => (axes.includes(i) ? 1 : d))]);
}

const f64 = (v: number) => ops.scalar(v, "float64");

/** The element of each lane at the int32 positions `at` ([...kept, m]) of `sorted` ([...kept, n]). */
function pick(sorted: Tensor, at: Tensor): Tensor {
  const shape = [...sorted.shape.slice(0, -1), at.shape[at.ndim - 1]];
  return ops.takeAlongAxis(sorted, ops.broadcastTo(at, shape), sorted.ndim - 1, "clip");
}

/** numpy's `_lerp`: a + (b - a)·t, or b - (b - a)·(1 - t) where t >= 0.5. */
function lerp(a: Tensor, b: Tensor, t: Tensor): Tensor {
  const diff = ops.sub(b, a);
  const one = ops.scalar(1, t.dtype);
  return ops.select(ops.ge(t, ops.scalar(0.5, t.dtype)), ops.sub(b, ops.mul(diff, ops.sub(one, t))), ops.add(a, ops.mul(diff, t)));
}

/** numpy's rounding of the discrete methods: previous (or next) of `index`, chosen by `takePrevious(gamma, index)`, clipped below at 0. */
function discrete(index: Tensor, takePrevious: (gamma: Tensor, index: Tensor) => Tensor): Tensor {
  const previous = ops.floor(index);
  const gamma = ops.sub(index, previous);
  const res = ops.select(takePrevious(gamma, index), previous, ops.add(previous, ops.scalar(1, index.dtype)));
  return ops.max(res, ops.scalar(0, index.dtype));
}

/**
 * The quantiles `q` ([m]) of the sorted lanes `sorted` ([...kept, n]) with `count` valid (non-NaN)
 * leading elements per lane (broadcasting as [...kept, 1]): [...kept, m]. The indices are computed in
 * q's dtype (float32 or float64), as numpy does.
 */
function quantilesOfSorted(sorted: Tensor, q: Tensor, count: Tensor, method: QuantileMethod): Tensor {
  const dt = q.dtype;
  const f64 = (v: number) => ops.scalar(v, dt);
  const n = ops.convert(count, dt);
  const last = ops.sub(n, f64(1));
  const qs = q;
  const toIndex = (v: Tensor) => ops.convert(ops.min(ops.max(v, f64(0)), ops.max(last, f64(0))), "int32");
  const at = (v: Tensor) => pick(sorted, toIndex(v));
  const virtual = (alpha: number, beta: number) => ops.sub(ops.add(ops.mul(n, qs), ops.add(f64(alpha), ops.mul(qs, f64(1 - alpha - beta)))), f64(1));
  switch (method) {
    case "lower":
      return at(ops.floor(ops.mul(last, qs)));
    case "higher":
      return at(ops.ceil(ops.mul(last, qs)));
    case "nearest":
      return at(ops.round(ops.mul(last, qs)));
    case "inverted_cdf":
      return at(discrete(ops.sub(ops.mul(n, qs), f64(1)), (g) => ops.eq(g, f64(0))));
    case "closest_observation": {
      // the nearest even order statistic (1-based) at g = 0
      const odd = (i: Tensor) => ops.eq(ops.sub(ops.floor(i), ops.mul(ops.floor(ops.div(ops.floor(i), f64(2))), f64(2))), f64(1));
      return at(discrete(ops.sub(ops.sub(ops.mul(n, qs), f64(1)), f64(0.5)), (g, i) => ops.select(ops.eq(g, f64(0)), odd(i), ops.scalar(0, "bool"))));
    }
    default: {
      const v =
        method === "linear" ? ops.mul(last, qs)
        : method === "midpoint" ? ops.mul(f64(0.5), ops.add(ops.floor(ops.mul(last, qs)), ops.ceil(ops.mul(last, qs))))
        : method === "averaged_inverted_cdf" ? ops.sub(ops.mul(n, qs), f64(1))
        : method === "interpolated_inverted_cdf" ? virtual(0, 1)
        : method === "hazen" ? virtual(0.5, 0.5)
        : method === "weibull" ? virtual(0, 0)
        : method === "median_unbiased" ? virtual(1 / 3, 1 / 3)
        : virtual(3 / 8, 3 / 8);
      // numpy's _get_indexes: past the last index both neighbours are the last, below 0 both are the first
      const previous = ops.floor(v);
      const above = ops.ge(v, last);
      const below = ops.lt(v, f64(0));
      const prev = ops.select(above, ops.broadcastTo(last, v.shape), ops.select(below, ops.zerosLike(v), previous));
      const next = ops.select(above, ops.broadcastTo(last, v.shape), ops.select(below, ops.zerosLike(v), ops.add(previous, f64(1))));
      let gamma = ops.sub(v, previous);
      if (method === "averaged_inverted_cdf") gamma = ops.select(ops.eq(gamma, f64(0)), ops.broadcastTo(f64(0.5), gamma.shape), ops.broadcastTo(f64(1), gamma.shape));
      if (method === "midpoint") gamma = ops.select(ops.eq(ops.sub(v, ops.floor(v)), f64(0)), ops.zerosLike(gamma), ops.broadcastTo(f64(0.5), gamma.shape));
      const lo = at(prev);
      return lerp(lo, at(next), ops.convert(ops.broadcastTo(gamma, lo.shape), lo.dtype));
    }
  }
}

/** The q values as float64, checked to lie in [0, 1] when concrete. */
function quantilesOrThrow(op: string, q: Tensor, scale: number): Tensor {
  // checked before scaling: under jit even a constant's scaling is staged
  if (q instanceof ConcreteTensor) {
    for (const v of dataOf(q)) {
      if (!(v >= 0 && v <= scale)) throw new ArgumentError(`${op}: ${scale === 1 ? "quantiles" : "percentiles"} must be in [0, ${scale}], got ${showValue(v)}.`);
    }
  }
  const t = q.dtype === "float32" ? q : ops.convert(q, "float64");
  return scale === 1 ? t : ops.div(t, ops.scalar(scale, t.dtype));
}

function quantileOf(op: string, a: ArrayLike, q: ArrayLike, axis: Axis, options: unknown, ignoreNan: boolean, scale: number): Tensor {
  const { method = "linear", keepdims } = optionsOrThrow<Record<string, unknown>>(op, options, ["method", "keepdims"]);
  if (!METHODS.includes(method as QuantileMethod)) throw new ArgumentError(`${op}: method must be one of ${METHODS.join(", ")}, got ${showValue(method)}.`);
  // the values in their float dtype, promoted with q (weakly typed when a JS number); q keeps its own float dtype
  const [x0] = operands(op, floatOperand(a, op), q, "float");
  const qOwn = toTensor(q, op);
  const qt = quantilesOrThrow(op, qOwn, scale);
  const { x, kept, axes } = lanes(op, x0, axis);
  const n = x.shape[x.ndim - 1];
  const qFlat = ops.reshape(qt, [qt.size]);
  let result: Tensor;
  if (n === 0) {
    result = ops.full([...kept, qt.size], NaN, x.dtype);
  } else {
    const sorted = ops.sort([x], x.ndim - 1)[0];
    const isNan = ops.ne(sorted, sorted);
    const nanCount = ops.reduceSum(ops.convert(isNan, "float64"), [x.ndim - 1]);
    const count = ignoreNan ? ops.reshape(ops.sub(f64(n), nanCount), [...kept, 1]) : f64(n);
    result = quantilesOfSorted(sorted, qFlat, count, method as QuantileMethod);
    // numpy: a lane holding a NaN gives NaN (ignoreNan: only a lane of NaNs, whose count is 0)
    const nanLane = ignoreNan ? ops.eq(nanCount, f64(n)) : ops.gt(nanCount, f64(0));
    result = ops.select(ops.broadcastInDim(nanLane, result.shape, kept.map((_, i) => i)), ops.full(result.shape, NaN, result.dtype), result);
  }
  // [...kept, m] -> [...qShape, ...kept]
  const moved = ops.transpose(result, [kept.length, ...kept.map((_, i) => i)]);
  const out = ops.reshape(moved, [...qt.shape, ...kept]);
  return booleanArg(op, "keepdims", keepdims, false) ? keepDims(out, qt.ndim, x0, axes) : out;
}

/**
 * numpy's `quantile`: the `q`-th quantiles (q in [0, 1], a number or an array, whose dims come
 * first) of `a` over `axis` (all axes by default), by `method` (default `"linear"`).
 *
 * @example
 * np.quantile(np.array([[1, 2], [3, 4]]), [0.5, 1], 1) // [[1.5, 3.5], [2, 4]]
 */
export function quantile(a: ArrayLike, q: ArrayLike, axis?: Axis, options?: QuantileOptions): Tensor {
  return quantileOf("quantile", a, q, axis, options, false, 1);
}

/**
 * numpy's `percentile`: `quantile` with `p` in [0, 100].
 *
 * @example
 * np.percentile(np.array([1, 2, 3, 4]), 50) // 2.5
 */
export function percentile(a: ArrayLike, p: ArrayLike, axis?: Axis, options?: QuantileOptions): Tensor {
  return quantileOf("percentile", a, p, axis, options, false, 100);
}

/**
 * numpy's `nanquantile`: `quantile` ignoring NaNs (an all-NaN lane gives NaN).
 *
 * @example
 * np.nanquantile(np.array([1, NaN, 3]), 0.5) // 2
 */
export function nanquantile(a: ArrayLike, q: ArrayLike, axis?: Axis, options?: QuantileOptions): Tensor {
  return quantileOf("nanquantile", a, q, axis, options, true, 1);
}

/**
 * numpy's `nanpercentile`: `percentile` ignoring NaNs.
 *
 * @example
 * np.nanpercentile(np.array([1, NaN, 3]), 100) // 3
 */
export function nanpercentile(a: ArrayLike, p: ArrayLike, axis?: Axis, options?: QuantileOptions): Tensor {
  return quantileOf("nanpercentile", a, p, axis, options, true, 100);
}

function medianOf(op: string, a: ArrayLike, axis: Axis, options: unknown, ignoreNan: boolean): Tensor {
  const { keepdims } = optionsOrThrow<Record<string, unknown>>(op, options, ["keepdims"]);
  const x0 = floatOperand(a, op);
  const { x, kept, axes } = lanes(op, x0, axis);
  const n = x.shape[x.ndim - 1];
  let result: Tensor;
  if (n === 0) {
    result = ops.full(kept, NaN, x.dtype);
  } else {
    const sorted = ops.sort([x], x.ndim - 1)[0];
    const isNan = ops.ne(sorted, sorted);
    const nanCount = ops.reduceSum(ops.convert(isNan, "float64"), [x.ndim - 1]);
    const count = ignoreNan ? ops.sub(f64(n), nanCount) : ops.broadcastTo(f64(n), nanCount.shape);
    // the middle element, or the mean of the middle two (numpy: (a + b) / 2)
    const low = ops.convert(ops.max(ops.floor(ops.div(ops.sub(count, f64(1)), f64(2))), f64(0)), "int32");
    const high = ops.convert(ops.max(ops.floor(ops.div(count, f64(2))), f64(0)), "int32");
    const at = (i: Tensor) => ops.reshape(pick(sorted, ops.reshape(i, [...kept, 1])), kept);
    const mean = ops.div(ops.add(at(low), at(high)), ops.scalar(2, x.dtype));
    const nanLane = ignoreNan ? ops.eq(nanCount, f64(n)) : ops.gt(nanCount, f64(0));
    result = ops.select(nanLane, ops.full(kept, NaN, x.dtype), mean);
  }
  return booleanArg(op, "keepdims", keepdims, false) ? keepDims(result, 0, x0, axes) : result;
}

/**
 * numpy's `median` over `axis` (all axes by default): the middle value, or the mean of the two middle ones.
 *
 * @example
 * np.median(np.array([3, 1, 4, 2])) // 2.5
 */
export function median(a: ArrayLike, axis?: Axis, options?: MedianOptions): Tensor {
  return medianOf("median", a, axis, options, false);
}

/**
 * numpy's `nanmedian`: `median` ignoring NaNs (an all-NaN lane gives NaN).
 *
 * @example
 * np.nanmedian(np.array([[1, NaN], [3, 4]]), 1) // [1, 3.5]
 */
export function nanmedian(a: ArrayLike, axis?: Axis, options?: MedianOptions): Tensor {
  return medianOf("nanmedian", a, axis, options, true);
}
