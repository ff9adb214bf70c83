/**
 * `nn.initializers`: functions `(key, shape, dtype?) => Tensor` that draw
 * initial parameters, as `jax.nn.initializers` (jax/_src/nn/initializers.py).
 * `zeros` and `ones` are initializers themselves; the others are factories
 * that return one. The variance-scaling family draws with variance
 * scale / fan, where the fans come from the shape (in `inAxis`, out
 * `outAxis`, the remaining non-batch axes a receptive field): `glorot*`
 * (fan_avg, scale 1), `lecun*` (fan_in, 1), `he*` (fan_in, 2); the normal
 * ones draw a normal truncated to (-2, 2), divided by its standard deviation
 * 0.87962566103423978 so the variance comes out right.
 *
 * @example
 * const init = nn.initializers.glorotUniform();
 * const w = init(random.key(0), [784, 128]); // float64, variance 2 / (784 + 128)
 */
import type { DType } from "../array/dtype.ts";
import { dtypeOptionsOrThrow, numberOrThrow, showValue } from "../core/convert.ts";
import { ArgumentError, ShapeError } from "../core/errors.ts";
import * as ops from "../core/ops.ts";
import type { Tensor } from "../core/tensor.ts";
import { intList } from "./options.ts";
import { floatDtypeOf, floatDtypeOrThrow, keyOrThrow, shapeOrThrow } from "./random/keys.ts";
import { c, standardNormal, truncatedNormal as truncatedNormalDraws, uniform as uniformDraws, type DTypeArg, type FloatDType } from "./random/floats.ts";

/** An initializer: draws parameters of `shape` (float64 unless the initializer or the call gives a dtype). */
export type Initializer = (key: Tensor, shape: readonly number[], dtype?: DTypeArg) => Tensor;

/** The dtype of a call: the call's, else the factory's, else float64. */
function dtypeOf(op: string, call: DTypeArg | undefined, fallback: FloatDType): FloatDType {
  return call === undefined ? fallback : floatDtypeOf(op, call);
}

// constants

/**
 * Zeros of `shape` (the key is unused): `nn.initializers.zeros(key, [3])`.
 *
 * @example
 * nn.initializers.zeros(random.key(0), [2, 2]);
 */
export const zeros: Initializer = (key, shape, dtype) => {
  const op = "initializers.zeros";
  keyOrThrow(op, key);
  const d = dtypeOf(op, dtype, "float64");
  return ops.full(shapeOrThrow(op, shape, d), 0, d);
};

/**
 * Ones of `shape` (the key is unused).
 *
 * @example
 * nn.initializers.ones(random.key(0), [3]);
 */
export const ones: Initializer = (key, shape, dtype) => {
  const op = "initializers.ones";
  keyOrThrow(op, key);
  const d = dtypeOf(op, dtype, "float64");
  return ops.full(shapeOrThrow(op, shape, d), 1, d);
};

/**
 * An initializer filling with `value`.
 *
 * @example
 * nn.initializers.constant(0.1)(random.key(0), [3]);
 */
export function constant(value: number, dtype?: DTypeArg): Initializer {
  const op = "initializers.constant";
  numberOrThrow(op, "value", value, true);
  const fallback = floatDtypeOf(op, dtype);
  return (key, shape, callDtype) => {
    keyOrThrow(op, key);
    const d = dtypeOf(op, callDtype, fallback);
    return ops.full(shapeOrThrow(op, shape, d), value, d);
  };
}

// simple distributions

function scaleOrThrow(op: string, name: string, x: unknown): number {
  return numberOrThrow(op, name, x);
}

/**
 * Uniform draws in [0, scale) (default scale 0.01).
 *
 * @example
 * nn.initializers.uniform(0.1)(random.key(0), [3]);
 */
export function uniform(scale = 1e-2, dtype?: DTypeArg): Initializer {
  const op = "initializers.uniform";
  scaleOrThrow(op, "scale", scale);
  const fallback = floatDtypeOf(op, dtype);
  return (key, shape, callDtype) => {
    keyOrThrow(op, key);
    const d = dtypeOf(op, callDtype, fallback);
    return ops.mul(uniformDraws(key, shapeOrThrow(op, shape, d), { dtype: d }), c(scale, d));
  };
}

/**
 * Normal draws with standard deviation `stddev` (default 0.01).
 *
 * @example
 * nn.initializers.normal(1)(random.key(0), [3]);
 */
export function normal(stddev = 1e-2, dtype?: DTypeArg): Initializer {
  const op = "initializers.normal";
  scaleOrThrow(op, "stddev", stddev);
  const fallback = floatDtypeOf(op, dtype);
  return (key, shape, callDtype) => {
    keyOrThrow(op, key);
    const d = dtypeOf(op, callDtype, fallback);
    return ops.mul(standardNormal(key, shapeOrThrow(op, shape, d), d), c(stddev, d));
  };
}

/** Options of `truncatedNormal`. */
export interface TruncatedNormalOptions {
  readonly dtype?: FloatDType;
  /** Bounds of the standard normal before scaling (default -2 and 2). */
  readonly lower?: number;
  readonly upper?: number;
}

/**
 * Draws of a standard normal truncated to (lower, upper) (default (-2, 2)),
 * times `stddev` (default 0.01; the result's standard deviation is smaller).
 *
 * @example
 * nn.initializers.truncatedNormal(0.02)(random.key(0), [3]);
 */
export function truncatedNormal(stddev = 1e-2, options?: TruncatedNormalOptions | FloatDType): Initializer {
  const op = "initializers.truncatedNormal";
  scaleOrThrow(op, "stddev", stddev);
  const o = dtypeOptionsOrThrow<{ dtype?: DType; lower?: number; upper?: number }>(op, options, ["dtype", "lower", "upper"]);
  const fallback = floatDtypeOrThrow(op, o.dtype ?? "float64");
  const lower = numberOrThrow(op, "lower", o.lower ?? -2), upper = numberOrThrow(op, "upper", o.upper ?? 2);
  return (key, shape, callDtype) => {
    keyOrThrow(op, key);
    const d = dtypeOf(op, callDtype, fallback);
    return ops.mul(truncatedNormalDraws(key, lower, upper, shapeOrThrow(op, shape, d), d), c(stddev, d));
  };
}

// variance scaling

/** Which fan the variance is divided by. */
export type FanMode = "fan_in" | "fan_out" | "fan_avg";
/** The distribution of the draws. */
export type ScalingDistribution = "truncated_normal" | "normal" | "uniform";

/** Options of `varianceScaling`: the axes of the fans (JAX's defaults: in -2, out -1, no batch axes) and the dtype. */
export interface VarianceScalingOptions {
  readonly inAxis?: number | readonly number[];
  readonly outAxis?: number | readonly number[];
  readonly batchAxis?: number | readonly number[];
  readonly dtype?: FloatDType;
}

/** The standard deviation of a standard normal truncated to (-2, 2). */
const TRUNCATED_STDDEV = 0.87962566103423978;

/** JAX's `_compute_fans`: in and out sizes times the receptive field (the size of the other, non-batch axes). */
function computeFans(op: string, shape: readonly number[], inAxis: number | readonly number[], outAxis: number | readonly number[], batchAxis: number | readonly number[]): [number, number] {
  if (shape.length <= 1) throw new ShapeError(`${op}: cannot compute the fans of a ${shape.length}-dimensional weights shape ${showValue(shape)}; it must be at least 2-dimensional.`);
  const sizeOf = (axes: number | readonly number[], what: string) => {
    const list = typeof axes === "number" ? [axes] : axes;
    return list.reduce((p, a) => {
      if (!Number.isInteger(a) || a < -shape.length || a >= shape.length) throw new ArgumentError(`${op}: ${what} ${showValue(a)} is out of range for shape ${showValue(shape)}.`);
      return p * shape[a < 0 ? a + shape.length : a];
    }, 1);
  };
  const inSize = sizeOf(inAxis, "inAxis"), outSize = sizeOf(outAxis, "outAxis"), batchSize = sizeOf(batchAxis, "batchAxis");
  const total = shape.reduce((p, d) => p * d, 1);
  const receptive = total / inSize / outSize / batchSize;
  return [inSize * receptive, outSize * receptive];
}

/**
 * An initializer drawing with variance scale / fan (fan_in, fan_out or
 * their mean), from a truncated normal, a normal or a uniform distribution
 * with that variance: JAX's `variance_scaling`, which the glorot, lecun and
 * he initializers are.
 *
 * @example
 * nn.initializers.varianceScaling(2, "fan_in", "normal")(random.key(0), [64, 32]);
 */
export function varianceScaling(scale: number, mode: FanMode, distribution: ScalingDistribution, options?: VarianceScalingOptions | FloatDType): Initializer {
  const op = "initializers.varianceScaling";
  scaleOrThrow(op, "scale", scale);
  if (mode !== "fan_in" && mode !== "fan_out" && mode !== "fan_avg") throw new ArgumentError(`${op}: mode must be "fan_in", "fan_out" or "fan_avg", got ${showValue(mode)}.`);
  if (distribution !== "truncated_normal" && distribution !== "normal" && distribution !== "uniform") {
    throw new ArgumentError(`${op}: distribution must be "truncated_normal", "normal" or "uniform", got ${showValue(distribution)}.`);
  }
  const o = dtypeOptionsOrThrow<{ inAxis?: unknown; outAxis?: unknown; batchAxis?: unknown; dtype?: DType }>(op, options, ["inAxis", "outAxis", "batchAxis", "dtype"]);
  const fallback = floatDtypeOrThrow(op, o.dtype ?? "float64");
  const inAxis = intList(op, "inAxis", o.inAxis ?? -2), outAxis = intList(op, "outAxis", o.outAxis ?? -1), batchAxis = intList(op, "batchAxis", o.batchAxis ?? []);
  return (key, shape, callDtype) => {
    keyOrThrow(op, key);
    const d = dtypeOf(op, callDtype, fallback);
    const s = shapeOrThrow(op, shape, d);
    const [fanIn, fanOut] = computeFans(op, s, inAxis, outAxis, batchAxis);
    const denominator = mode === "fan_in" ? fanIn : mode === "fan_out" ? fanOut : (fanIn + fanOut) / 2;
    // the variance in the dtype, its square root computed there (as jnp.sqrt of a dtype array)
    const variance = c(scale / denominator, d);
    if (distribution === "truncated_normal") {
      const stddev = ops.div(ops.sqrt(variance), c(TRUNCATED_STDDEV, d));
      return ops.mul(truncatedNormalDraws(key, -2, 2, s, d), stddev);
    }
    if (distribution === "normal") return ops.mul(standardNormal(key, s, d), ops.sqrt(variance));
    return ops.mul(uniformDraws(key, s, { minval: -1, dtype: d }), ops.sqrt(ops.mul(c(3, d), variance)));
  };
}

/**
 * Glorot (Xavier) uniform: variance 1 / fan_avg. `nn.initializers.glorotUniform()(key, [784, 128])`.
 *
 * @example
 * nn.initializers.glorotUniform()(random.key(0), [4, 3]);
 */
export function glorotUniform(options?: VarianceScalingOptions | FloatDType): Initializer {
  return varianceScaling(1, "fan_avg", "uniform", options);
}
/**
 * Glorot (Xavier) normal: a truncated normal of variance 1 / fan_avg.
 *
 * @example
 * nn.initializers.glorotNormal()(random.key(0), [4, 3]);
 */
export function glorotNormal(options?: VarianceScalingOptions | FloatDType): Initializer {
  return varianceScaling(1, "fan_avg", "truncated_normal", options);
}
/**
 * LeCun uniform: variance 1 / fan_in.
 *
 * @example
 * nn.initializers.lecunUniform()(random.key(0), [4, 3]);
 */
export function lecunUniform(options?: VarianceScalingOptions | FloatDType): Initializer {
  return varianceScaling(1, "fan_in", "uniform", options);
}
/**
 * LeCun normal: a truncated normal of variance 1 / fan_in.
 *
 * @example
 * nn.initializers.lecunNormal()(random.key(0), [4, 3]);
 */
export function lecunNormal(options?: VarianceScalingOptions | FloatDType): Initializer {
  return varianceScaling(1, "fan_in", "truncated_normal", options);
}
/**
 * He (Kaiming) uniform: variance 2 / fan_in.
 *
 * @example
 * nn.initializers.heUniform()(random.key(0), [4, 3]);
 */
export function heUniform(options?: VarianceScalingOptions | FloatDType): Initializer {
  return varianceScaling(2, "fan_in", "uniform", options);
}
/**
 * He (Kaiming) normal: a truncated normal of variance 2 / fan_in.
 *
 * @example
 * nn.initializers.heNormal()(random.key(0), [4, 3]);
 */
export function heNormal(options?: VarianceScalingOptions | FloatDType): Initializer {
  return varianceScaling(2, "fan_in", "truncated_normal", options);
}
