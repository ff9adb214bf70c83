/**
 * Samplers built on gamma draws, JAX's algorithms: `gamma` and `loggamma`
 * (the `random_gamma` primitive: Marsaglia and Tsang's method, each element
 * from its own split key), `beta` and `dirichlet` (normalized gammas,
 * computed from log-gammas so small shapes keep their precision),
 * `chisquare`, `t`, and `ball` (uniform in the unit Lp ball, from
 * generalized normals). Their derivatives in the shape parameters are
 * implicit-reparameterization gradients (∂x/∂a holding the CDF fixed), as
 * JAX's: not the derivative of a draw at a fixed key, which the rejection
 * loop makes piecewise.
 *
 * @example
 * random.gamma(random.key(0), 2.5, [3]);
 * random.beta(random.key(0), 2, 5, [3]);
 */
import { showValue } from "../../core/convert.ts";
import { ArgumentError, ShapeError } from "../../core/errors.ts";
import { bufferSizeOrThrow } from "../../core/limits.ts";
import * as ops from "../../core/ops.ts";
import { currentLayout } from "../../core/randomSettings.ts";
import type { ArrayLike, Tensor } from "../../core/tensor.ts";
import { describe, floatDtypeOf, keyOrThrow, shapeOrThrow, split2 } from "./keys.ts";
import { c, drawShape, param, spread, standardExponential, standardNormal, unitFloats, type DTypeArg, type FloatDType } from "./floats.ts";

/** Gamma(a) draws of `shape` (a broadcast to it), or their logs. */
function gammaDraws(key: Tensor, a: Tensor, shape: readonly number[], logSpace: boolean): Tensor {
  return ops.randomGamma(key, spread(a, shape), logSpace, currentLayout());
}

/**
 * Gamma(a, 1) draws (scale them for other rates); `a` broadcasts with `shape`.
 *
 * @example
 * random.gamma(random.key(0), 2.5, [3]);
 */
export function gamma(key: Tensor, a: ArrayLike, shape?: readonly number[] | null, dtype?: DTypeArg): Tensor {
  const op = "random.gamma";
  keyOrThrow(op, key);
  const d = floatDtypeOf(op, dtype);
  const at = param(op, "a", a, d);
  return gammaDraws(key, at, drawShape(op, shape, [at], d), false);
}

/**
 * Logs of Gamma(a, 1) draws, computed in log space: exp(loggamma) equals
 * gamma to rounding, and small shapes (a ≪ 1) keep their precision.
 *
 * @example
 * random.loggamma(random.key(0), 0.01, [3]);
 */
export function loggamma(key: Tensor, a: ArrayLike, shape?: readonly number[] | null, dtype?: DTypeArg): Tensor {
  const op = "random.loggamma";
  keyOrThrow(op, key);
  const d = floatDtypeOf(op, dtype);
  const at = param(op, "a", a, d);
  return gammaDraws(key, at, drawShape(op, shape, [at], d), true);
}

/**
 * Beta(a, b) draws, Gₐ / (Gₐ + G_b) from two log-gamma draws.
 *
 * @example
 * random.beta(random.key(0), 2, 5, [3]);
 */
export function beta(key: Tensor, a: ArrayLike, b: ArrayLike, shape?: readonly number[] | null, dtype?: DTypeArg): Tensor {
  const op = "random.beta";
  keyOrThrow(op, key);
  const d = floatDtypeOf(op, dtype);
  const at = param(op, "a", a, d), bt = param(op, "b", b, d);
  const s = drawShape(op, shape, [at, bt], d);
  const [keyA, keyB] = split2(key);
  const logA = gammaDraws(keyA, at, s, true), logB = gammaDraws(keyB, bt, s, true);
  // divide by the larger: exp(log Gₐ - m) / (exp(log Gₐ - m) + exp(log G_b - m))
  const m = ops.max(logA, logB);
  const scaledA = ops.exp(ops.sub(logA, m)), scaledB = ops.exp(ops.sub(logB, m));
  return ops.div(scaledA, ops.add(scaledA, scaledB));
}

/**
 * Dirichlet(α) draws: `alpha` has the categories on its last axis; the
 * draws have shape `shape` (default alpha's batch shape) + [k], a softmax
 * of log-gamma draws.
 *
 * @example
 * random.dirichlet(random.key(0), [1, 2, 3], [2]); // shape [2, 3]
 */
export function dirichlet(key: Tensor, alpha: ArrayLike, shape?: readonly number[] | null, dtype?: DTypeArg): Tensor {
  const op = "random.dirichlet";
  keyOrThrow(op, key);
  const d = floatDtypeOf(op, dtype);
  const al = param(op, "alpha", alpha, d);
  if (al.ndim < 1) throw new ShapeError(`${op}: alpha must have at least one axis (the categories), got ${describe(al)}.`);
  const k = al.shape[al.ndim - 1];
  const batch = drawShape(op, shape, [{ shape: al.shape.slice(0, -1) }], d);
  const full = [...batch, k];
  bufferSizeOrThrow(op, full, d);
  const logs = gammaDraws(key, al, full, true);
  const last = full.length - 1;
  const top = ops.stopGradient(ops.reduceMax(logs, [last]));
  const e = ops.exp(ops.sub(logs, ops.reshape(top, [...batch, 1])));
  return ops.div(e, ops.reshape(ops.reduceSum(e, [last]), [...batch, 1]));
}

/**
 * Chi-squared draws with `df` degrees of freedom: 2·Gamma(df/2), from a log-gamma draw.
 *
 * @example
 * random.chisquare(random.key(0), 3, [4]);
 */
export function chisquare(key: Tensor, df: ArrayLike, shape?: readonly number[] | null, dtype?: DTypeArg): Tensor {
  const op = "random.chisquare";
  keyOrThrow(op, key);
  const d = floatDtypeOf(op, dtype);
  const dt = param(op, "df", df, d);
  const s = drawShape(op, shape, [dt], d);
  const half = ops.div(dt, c(2, d));
  return ops.mul(ops.exp(gammaDraws(key, half, s, true)), c(2, d));
}

/**
 * Student's t draws with `df` degrees of freedom: z·√((df/2)/G) for a
 * standard normal z and G ~ Gamma(df/2).
 *
 * @example
 * random.t(random.key(0), 5, [4]);
 */
export function t(key: Tensor, df: ArrayLike, shape?: readonly number[] | null, dtype?: DTypeArg): Tensor {
  const op = "random.t";
  keyOrThrow(op, key);
  const d = floatDtypeOf(op, dtype);
  const dt = param(op, "df", df, d);
  const s = drawShape(op, shape, [dt], d);
  const [keyN, keyG] = split2(key);
  const n = standardNormal(keyN, s, d);
  const half = spread(ops.div(dt, c(2, d)), s);
  const g = gammaDraws(keyG, half, s, false);
  return ops.mul(n, ops.sqrt(ops.div(half, g)));
}

/** JAX's generalized normal with shape p: a random sign times Gamma(1/p)^(1/p). */
function generalizedNormal(key: Tensor, p: number, shape: readonly number[], d: FloatDType): Tensor {
  const [keyG, keyR] = split2(key);
  const g = gammaDraws(keyG, c(1 / p, d), shape, false);
  const heads = ops.convert(ops.lt(unitFloats(keyR, shape, "float64"), c(0.5, "float64")), d);
  const sign = ops.sub(ops.mul(c(2, d), heads), c(1, d));
  return ops.mul(sign, ops.pow(g, spread(c(1 / p, d), shape)));
}

/**
 * Points uniform in the d-dimensional unit Lp ball (shape `shape` + [d]):
 * g / (Σ|g|^p + e)^(1/p) for generalized normals g and an exponential e
 * (Barthe et al. 2005, as JAX).
 *
 * @example
 * random.ball(random.key(0), 3, 2, [5]); // 5 points in the unit 3-ball
 */
export function ball(key: Tensor, d: number, p = 2, shape: readonly number[] = [], dtype?: DTypeArg): Tensor {
  const op = "random.ball";
  keyOrThrow(op, key);
  if (typeof d !== "number" || !Number.isSafeInteger(d) || d < 0) throw new ArgumentError(`${op}: d must be a non-negative integer, got ${showValue(d)}.`);
  if (typeof p !== "number" || !(p > 0)) throw new ArgumentError(`${op}: p must be a positive number, got ${showValue(p)}.`);
  const fd = floatDtypeOf(op, dtype);
  const s = shapeOrThrow(op, shape, fd);
  bufferSizeOrThrow(op, [...s, d], fd);
  const [k1, k2] = split2(key);
  const g = generalizedNormal(k1, p, [...s, d], fd);
  const e = standardExponential(k2, s, fd);
  const powered = Number.isInteger(p) ? ops.integerPow(ops.abs(g), p) : ops.pow(ops.abs(g), spread(c(p, fd), g.shape));
  const radius = ops.pow(ops.add(ops.reduceSum(powered, [s.length]), e), spread(c(1 / p, fd), s));
  return ops.div(g, ops.reshape(radius, [...s, 1]));
}
