/**
 * Statistics over samples: numpy's `average` (with `weights`, `returned`,
 * `keepdims`), `cov` (with `rowvar`, `bias`, `ddof`, `fweights`,
 * `aweights`, `dtype`) and `corrcoef`. Compositions of sums and products,
 * so they differentiate (in the data and in the weights) and trace.
 *
 * @example
 * np.average([1, 2, 3], { weights: [3, 1, 0] }) // 1.25
 * np.cov([[0, 1, 2], [2, 1, 0]])                 // [[1, -1], [-1, 1]]
 */
import { isFloat, promoteTypes, type DType } from "../array/dtype.ts";
import { ArgumentError, DTypeError, ShapeError } from "../core/errors.ts";
import { dtypeOrThrow, optionsOrThrow, showValue, toTensor } from "../core/convert.ts";
import * as ops from "../core/ops.ts";
import { avalText } from "../core/primitives/check.ts";
import { ConcreteTensor, Tensor, type ArrayLike, dataOf } from "../core/tensor.ts";
import { booleanArg } from "./options.ts";
import { countOver, isOptionsArg, keep, resolveAxes, type AxisLike } from "./reduceOptions.ts";

/** Options of `average`. */
export interface AverageOptions {
  readonly axis?: AxisLike;
  /** One weight per element (the shape of `a`), or a 1-D list along a single `axis`. */
  readonly weights?: ArrayLike | null;
  /** Also return the sum of the weights (the count without weights), broadcast to the average's shape. */
  readonly returned?: boolean;
  readonly keepdims?: boolean;
}

/** Options of `cov` and `corrcoef` (`corrcoef` takes `rowvar` and `dtype`). */
export interface CovOptions {
  /** Each row is a variable, each column an observation (default); false: the transpose. */
  readonly rowvar?: boolean;
  /** Normalize by N (biased) instead of N - 1. */
  readonly bias?: boolean;
  /** Normalize by N - ddof (overrides `bias`). */
  readonly ddof?: number | null;
  /** Integer frequency weights, one per observation. */
  readonly fweights?: ArrayLike | null;
  /** Observation (reliability) weights, one per observation. */
  readonly aweights?: ArrayLike | null;
  /** The dtype to compute in (default: float64, or float32 for float32 inputs). */
  readonly dtype?: DType;
}


/** A float dtype for `x` (ints and bools compute in float64). */
const floatDtype = (d: DType): DType => (isFloat(d) ? d : "float64");

// average

/**
 * The weighted average along `axis`: Σ a·w / Σ w (the mean without
 * weights). With `returned`, `[average, Σ w]`, the sum broadcast to the
 * average's shape. As JAX, weights summing to zero give NaN/±∞ rather
 * than an error (numpy raises), so it traces.
 *
 * @example
 * np.average([[0, 1, 2], [3, 4, 5]], 1, [1, 2, 3])                     // [1.333…, 4.333…]
 * np.average([1, 2, 3], { weights: [3, 1, 0], returned: true })        // [1.25, 4]
 */
export function average(a: ArrayLike, axis?: AxisLike, weights?: ArrayLike | null, returned?: false): Tensor;
export function average(a: ArrayLike, axis: AxisLike, weights: ArrayLike | null | undefined, returned: true): [Tensor, Tensor];
export function average(a: ArrayLike, options: AverageOptions & { returned: true }): [Tensor, Tensor];
export function average(a: ArrayLike, options: AverageOptions): Tensor;
export function average(a: ArrayLike, axisOrOptions?: AxisLike | AverageOptions, weights?: ArrayLike | null, returned?: boolean): Tensor | [Tensor, Tensor] {
  const isOptions = isOptionsArg("average", axisOrOptions);
  if (isOptions && (weights !== undefined || returned !== undefined)) throw new ArgumentError("average: give weights and returned in the options object.");
  const options: AverageOptions = isOptions ? optionsOrThrow<AverageOptions>("average", axisOrOptions, ["axis", "weights", "returned", "keepdims"]) : { axis: axisOrOptions as AxisLike, weights, returned };
  const x = toTensor(a, "average");
  const axes = resolveAxes("average", x, options.axis);
  const keepdims = booleanArg("average", "keepdims", options.keepdims, false);
  const withSum = booleanArg("average", "returned", options.returned, false);
  let avg: Tensor;
  let total: Tensor;
  if (options.weights === undefined || options.weights === null) {
    const values = ops.convert(x, floatDtype(x.dtype));
    total = ops.full([], countOver(x.shape, axes), values.dtype);
    avg = ops.mulScalar(ops.reduceSum(values, axes), 1 / countOver(x.shape, axes));
  } else {
    const w = weightsFor(toTensor(options.weights, "average"), x, axes);
    const dtype = floatDtype(promoteTypes(x.dtype, w.dtype));
    const wt = ops.broadcastTo(ops.convert(w, dtype), x.shape);
    total = ops.reduceSum(wt, axes);
    avg = ops.div(ops.reduceSum(ops.mul(ops.convert(x, dtype), wt), axes), total);
  }
  avg = keep(avg, x.shape, axes, keepdims);
  if (!withSum) return avg;
  return [avg, ops.broadcastTo(keep(ops.broadcastTo(total, ops.dropAxes(x.shape, axes)), x.shape, axes, keepdims), avg.shape)];
}

/** The weights in a shape that broadcasts against `x`: its own shape, or a 1-D list along the one reduced axis. */
function weightsFor(w: Tensor, x: Tensor, axes: readonly number[]): Tensor {
  if (w.ndim === x.ndim && w.shape.every((d, i) => d === x.shape[i])) return w;
  if (axes.length !== 1) {
    throw new ArgumentError(`average: weights ${avalText(w)} differ in shape from a ${avalText(x)}; give one axis to weight along it.`);
  }
  const axis = axes[0];
  if (w.ndim !== 1 || w.shape[0] !== x.shape[axis]) {
    throw new ShapeError(`average: 1-D weights must have the length of axis ${axis} of ${avalText(x)}, got ${avalText(w)}.`);
  }
  return ops.reshape(w, x.shape.map((d, i) => (i === axis ? d : 1)));
}

// covariance

/** `m` as a 2-D tensor of variables × observations (numpy's `array(m, ndmin=2)`, transposed unless `rowvar`). */
function observations(op: string, m: ArrayLike, rowvar: boolean, dtype: DType | undefined): Tensor {
  let t = toTensor(m, op);
  if (t.ndim > 2) throw new ShapeError(`${op}: m has more than 2 dimensions (${avalText(t)}).`);
  t = ops.convert(t, dtype ?? floatDtype(t.dtype));
  if (t.ndim < 2) t = ops.reshape(t, [1, t.size]);
  return !rowvar && t.shape[0] !== 1 ? ops.transpose(t, [1, 0]) : t;
}

/** A 1-D weight per observation; integer-valued and non-negative when the values are known. */
function observationWeights(op: string, name: string, w: ArrayLike, n: number, dtype: DType, integral: boolean): Tensor {
  const t = toTensor(w, op);
  if (t.ndim !== 1) throw new ShapeError(`${op}: ${name} must be 1-D, got ${avalText(t)}.`);
  if (t.shape[0] !== n) throw new ShapeError(`${op}: ${name} must have one entry per observation (${n}), got ${avalText(t)}.`);
  if (t instanceof ConcreteTensor) {
    const values = Array.from(dataOf(t) as Iterable<number>);
    if (integral && values.some((v) => !Number.isInteger(v))) throw new DTypeError(`${op}: fweights must be integers, got ${showValue(values)}.`);
    if (values.some((v) => v < 0)) throw new ArgumentError(`${op}: ${name} cannot be negative.`);
  }
  return ops.convert(t, dtype);
}

/**
 * The covariance matrix of the variables in the rows of `m` (observations
 * in the columns; `rowvar: false` swaps them), with `y` as more variables.
 * Normalized by N - 1 (N with `bias`, N - ddof with `ddof`); `fweights` and
 * `aweights` weight the observations as numpy's. A single variable gives a
 * 0-d result.
 *
 * @example
 * np.cov([[0, 1, 2], [2, 1, 0]])     // [[1, -1], [-1, 1]]
 * np.cov([1, 2, 4], { bias: true })  // 1.5555555555555556
 */
export function cov(m: ArrayLike, yOrOptions?: ArrayLike | null | CovOptions, options?: CovOptions): Tensor {
  const yIsOptions = isOptionsArg("cov", yOrOptions);
  if (yIsOptions && options !== undefined) throw new ArgumentError("cov: give y before the options object.");
  const raw = yIsOptions ? yOrOptions : options;
  const o = optionsOrThrow<CovOptions>("cov", raw, ["rowvar", "bias", "ddof", "fweights", "aweights", "dtype"]);
  const y = yIsOptions ? undefined : (yOrOptions as ArrayLike | null | undefined);
  return covariance("cov", m, y, o);
}

function covariance(op: string, m: ArrayLike, y: ArrayLike | null | undefined, o: CovOptions): Tensor {
  const rowvar = booleanArg(op, "rowvar", o.rowvar, true);
  const bias = booleanArg(op, "bias", o.bias, false);
  const dtype = o.dtype === undefined ? undefined : dtypeOrThrow(op, o.dtype);
  let x = observations(op, m, rowvar, dtype);
  if (y !== undefined && y !== null) {
    const more = observations(op, y, rowvar, x.dtype);
    if (more.shape[1] !== x.shape[1]) throw new ShapeError(`${op}: y has ${more.shape[1]} observations but m has ${x.shape[1]}.`);
    x = ops.concatenate([x, ops.convert(more, x.dtype)], 0);
  }
  if (o.ddof !== undefined && o.ddof !== null && (typeof o.ddof !== "number" || !Number.isInteger(o.ddof))) {
    throw new ArgumentError(`${op}: ddof must be an integer, got ${showValue(o.ddof)}.`);
  }
  const ddof = o.ddof ?? (bias ? 0 : 1);
  const [variables, n] = x.shape;
  if (variables === 0) return ops.full([0, 0], 0, x.dtype);
  const f = o.fweights === undefined || o.fweights === null ? null : observationWeights(op, "fweights", o.fweights, n, x.dtype, true);
  const aw = o.aweights === undefined || o.aweights === null ? null : observationWeights(op, "aweights", o.aweights, n, x.dtype, false);
  const w = f === null ? aw : aw === null ? f : ops.mul(f, aw);
  let centered: Tensor;
  let fact: Tensor;
  if (w === null) {
    centered = ops.sub(x, ops.reshape(ops.mulScalar(ops.reduceSum(x, [1]), 1 / n), [variables, 1]));
    fact = ops.scalar(n - ddof, x.dtype);
  } else {
    const wSum = ops.reduceSum(w, [0]);
    const avg = ops.div(ops.reduceSum(ops.mul(x, ops.reshape(w, [1, n])), [1]), wSum);
    centered = ops.sub(x, ops.reshape(avg, [variables, 1]));
    if (ddof === 0) fact = wSum;
    else if (aw === null) fact = ops.addScalar(wSum, -ddof);
    else fact = ops.sub(wSum, ops.div(ops.mulScalar(ops.reduceSum(ops.mul(w, aw), [0]), ddof), wSum));
  }
  // numpy warns and divides by zero for non-positive degrees of freedom (∞ or NaN entries)
  fact = ops.select(ops.le(fact, ops.scalar(0, fact.dtype)), ops.scalar(0, fact.dtype), fact);
  const weighted = w === null ? centered : ops.mul(centered, ops.reshape(w, [1, n]));
  const c = ops.div(ops.dotGeneral(centered, weighted, [[1], [1]]), fact);
  return variables === 1 ? ops.reshape(c, []) : c;
}

/**
 * Pearson correlation coefficients: the covariance matrix divided by the
 * outer product of the standard deviations, clipped to [-1, 1]. For one
 * variable, 1 (NaN when it is constant).
 *
 * @example
 * np.corrcoef([[0, 1, 2], [2, 1.5, 0]]) // [[1, -0.9607689228305228], [-0.9607689228305228, 1]]
 */
export function corrcoef(x: ArrayLike, yOrOptions?: ArrayLike | null | Pick<CovOptions, "rowvar" | "dtype">, options?: Pick<CovOptions, "rowvar" | "dtype">): Tensor {
  const yIsOptions = isOptionsArg("corrcoef", yOrOptions);
  if (yIsOptions && options !== undefined) throw new ArgumentError("corrcoef: give y before the options object.");
  const o = optionsOrThrow<CovOptions>("corrcoef", yIsOptions ? yOrOptions : options, ["rowvar", "dtype"]);
  const c = covariance("corrcoef", x, yIsOptions ? undefined : (yOrOptions as ArrayLike | null | undefined), o);
  if (c.ndim === 0) return ops.div(c, c);
  const n = c.shape[0];
  const diagonal = ops.slice(ops.reshape(c, [n * n]), [0], [n * n], [n + 1]);
  const stddev = ops.sqrt(diagonal);
  const r = ops.div(ops.div(c, ops.reshape(stddev, [n, 1])), ops.reshape(stddev, [1, n]));
  return ops.max(ops.min(r, ops.scalar(1, r.dtype)), ops.scalar(-1, r.dtype));
}
