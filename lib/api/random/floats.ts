/**
 * Float samplers built on uniform floats, each JAX's algorithm from
 * `jax/_src/random.py` written with tracegrad's ops (so they trace, batch
 * and differentiate in their float parameters by the chain rule through the
 * transform, as JAX's do): `uniform`, `normal` (√2·erfinv(u)),
 * `truncatedNormal` (inverse CDF), `exponential`, `laplace`, `logistic`,
 * `gumbel`, `cauchy`, `lognormal`, `pareto`, `rayleigh`, `weibullMin`,
 * `maxwell`, `doubleSidedMaxwell` and `triangular`.
 *
 * Shapes follow JAX: a `shape` argument, with which the parameters must
 * broadcast (the default shape is the parameters' broadcast shape); the
 * dtype is float64 unless given, positionally or as `{ dtype }`.
 *
 * @example
 * random.normal(random.key(0), [2, 3], "float32").dtype; // "float32"
 * random.uniform(random.key(1), [4], { minval: -1, maxval: 1 });
 */
import type { DType } from "../../array/dtype.ts";
import { broadcastShapes, formatShape, shapesEqual } from "../../array/shape.ts";
import { dtypeOptionsOrThrow, isArrayArg, isTensorArg, showValue, toTensor } from "../../core/convert.ts";
import { ArgumentError, DTypeError, ShapeError } from "../../core/errors.ts";
import { bufferSizeOrThrow } from "../../core/limits.ts";
import * as ops from "../../core/ops.ts";
import type { Tensor, ArrayLike } from "../../core/tensor.ts";
import { bits32, bits64, floatDtypeOf, floatDtypeOrThrow, keyOrThrow, shapeOrThrow, split2 } from "./keys.ts";

export type FloatDType = "float64" | "float32";
/** A dtype, positionally or as an options object. */
export type DTypeArg = FloatDType | { dtype?: FloatDType };

// helpers

/** The smallest normal number and machine epsilon of a float dtype. */
export const TINY = { float64: 2 ** -1022, float32: 2 ** -126 } as const;
export const EPS = { float64: 2 ** -52, float32: 2 ** -23 } as const;

/** A float parameter as a tensor of `dtype` (a JS number stays exact in float64, rounds once to float32). */
export function param(op: string, name: string, x: unknown, dtype: FloatDType): Tensor {
  if (!isTensorArg(op, x) && typeof x !== "number" && !isArrayArg(op, x)) {
    throw new ArgumentError(`${op}: ${name} must be a number or an array of numbers, got ${showValue(x)}.`);
  }
  const t = toTensor(x as ArrayLike, op);
  if (t.dtype === "bool") throw new DTypeError(`${op}: ${name} must be numeric, got a bool tensor.`);
  return t.dtype === dtype ? t : ops.convert(t, dtype);
}

/**
 * The shape of the draws: `shape` when given (every parameter must broadcast to it), else the
 * parameters' broadcast shape; a tensor of it in `dtype` must fit the buffer limit.
 */
export function drawShape(op: string, shape: unknown, params: readonly { readonly shape: readonly number[] }[], dtype: DType): number[] {
  const joint = params.reduce<number[] | null>((s, p) => (s === null ? null : broadcastShapes(s, p.shape)), []);
  if (shape === undefined || shape === null) {
    if (joint === null) throw new ShapeError(`${op}: parameter shapes ${params.map((p) => formatShape(p.shape)).join(", ")} do not broadcast together.`);
    bufferSizeOrThrow(op, joint, dtype);
    return joint;
  }
  const s = shapeOrThrow(op, shape, dtype);
  const all = joint === null ? null : broadcastShapes(s, joint);
  if (all === null || !shapesEqual(all, s)) {
    throw new ShapeError(
      `${op}: parameter shapes ${params.map((p) => formatShape(p.shape)).join(", ")} must broadcast to the shape argument ${formatShape(s)}.`,
    );
  }
  return s;
}

/** `x` broadcast to `shape`. */
export function spread(x: Tensor, shape: readonly number[]): Tensor {
  return shapesEqual(x.shape, shape) ? x : ops.broadcastTo(x, shape);
}

/** A scalar of `dtype`. */
export function c(value: number, dtype: FloatDType): Tensor {
  return ops.scalar(value, dtype);
}

/**
 * Uniform floats in [0, 1) before scaling, as JAX's `_uniform`: the top 23
 * (float32) or 52 (float64) bits of a random word as the mantissa of a
 * number in [1, 2), minus 1, which is exactly that mantissa · 2^-23 (or
 * 2^-52): computed so, without a bit cast.
 */
export function unitFloats(key: Tensor, shape: readonly number[], dtype: FloatDType): Tensor {
  if (dtype === "float32") {
    const mantissa = ops.shiftRightLogical(bits32(key, shape), ops.scalar(9, "uint32"));
    return ops.mul(ops.convert(mantissa, "float32"), c(2 ** -23, "float32"));
  }
  const [hi, lo] = bits64(key, shape);
  // the 64-bit word's top 52 bits: 20 of the high word, then 32 from the high word's low 12 and the low word's top 20
  const top = ops.convert(ops.shiftRightLogical(hi, ops.scalar(12, "uint32")), "float64");
  const rest = ops.convert(ops.bitwiseOr(ops.shiftLeft(hi, ops.scalar(20, "uint32")), ops.shiftRightLogical(lo, ops.scalar(12, "uint32"))), "float64");
  return ops.mul(ops.add(ops.mul(top, c(2 ** 32, "float64")), rest), c(2 ** -52, "float64"));
}

/** `max(minval, u·(maxval - minval) + minval)` in `dtype`, as JAX (exactly u for [0, 1)). */
export function uniformIn(key: Tensor, shape: readonly number[], dtype: FloatDType, minval: Tensor | number, maxval: Tensor | number): Tensor {
  const u = unitFloats(key, shape, dtype);
  if (minval === 0 && maxval === 1) return u;
  const lo = typeof minval === "number" ? c(minval, dtype) : minval;
  const hi = typeof maxval === "number" ? c(maxval, dtype) : maxval;
  return ops.max(spread(lo, shape), ops.add(ops.mul(u, spread(ops.sub(hi, lo), shape)), spread(lo, shape)));
}

/** Standard normals: √2·erfinv(u) for u uniform on (nextafter(-1, 0), 1). */
export function standardNormal(key: Tensor, shape: readonly number[], dtype: FloatDType): Tensor {
  const lo = dtype === "float32" ? -1 + 2 ** -24 : -1 + 2 ** -53;
  const u = uniformIn(key, shape, dtype, c(lo, dtype), c(1, dtype));
  return ops.mul(c(Math.SQRT2, dtype), ops.erfInv(u));
}

/** -log(1 - u) for u uniform on [0, 1): exponential(1) draws. */
export function standardExponential(key: Tensor, shape: readonly number[], dtype: FloatDType): Tensor {
  return ops.neg(ops.log1p(ops.neg(unitFloats(key, shape, dtype))));
}

/** The next float after x toward +∞ (`up`) or -∞, by arithmetic: x ± |x|·2^-p(1 + 2^-(p-1)) lands on the neighbour, the smallest subnormal covers 0 and subnormals, and ∓∞ step to ∓max. */
export function nextAfter(x: Tensor, up: boolean, dtype: FloatDType): Tensor {
  const [step, smallest, max] = dtype === "float32" ? [2 ** -24 * (1 + 2 ** -23), 2 ** -149, 3.4028234663852886e38] : [2 ** -53 * (1 + 2 ** -52), 2 ** -1074, Number.MAX_VALUE];
  const s = up ? 1 : -1;
  const byScale = ops.add(x, ops.mul(ops.abs(x), c(s * step, dtype)));
  const bySmallest = ops.add(x, c(s * smallest, dtype));
  const next = up ? ops.max(byScale, bySmallest) : ops.min(byScale, bySmallest);
  const fromInfinity = ops.eq(x, c(up ? -Infinity : Infinity, dtype));
  return ops.select(fromInfinity, ops.broadcastTo(c(up ? -max : max, dtype), x.shape), next);
}

function checkKey(op: string, key: unknown): Tensor {
  return keyOrThrow(op, key);
}

// public API

/** Options of `uniform`. */
export interface UniformOptions {
  readonly minval?: ArrayLike;
  readonly maxval?: ArrayLike;
  readonly dtype?: FloatDType;
}

/**
 * Uniform floats in [minval, maxval) (bounds broadcast with `shape`, and
 * may be traced: the draws differentiate in them).
 *
 * @example
 * random.uniform(random.key(0), [3], { minval: -1, maxval: 1 });
 */
export function uniform(key: Tensor, shape: readonly number[] = [], options?: UniformOptions | FloatDType): Tensor {
  const op = "random.uniform";
  checkKey(op, key);
  const o = dtypeOptionsOrThrow<{ minval?: ArrayLike; maxval?: ArrayLike; dtype?: DType }>(op, options, ["minval", "maxval", "dtype"]);
  const dtype = floatDtypeOrThrow(op, o.dtype ?? "float64");
  const s = shapeOrThrow(op, shape, dtype);
  const rawMin = o.minval ?? 0, rawMax = o.maxval ?? 1;
  if (rawMin === 0 && rawMax === 1) return unitFloats(key, s, dtype);
  const minval = param(op, "minval", rawMin, dtype), maxval = param(op, "maxval", rawMax, dtype);
  drawShape(op, s, [minval, maxval], dtype);
  return uniformIn(key, s, dtype, minval, maxval);
}

/**
 * Standard normal floats, √2·erfinv(u) for u uniform on (-1, 1).
 *
 * @example
 * random.normal(random.key(0), [2, 2]);
 */
export function normal(key: Tensor, shape: readonly number[] = [], dtype?: DTypeArg): Tensor {
  const op = "random.normal";
  checkKey(op, key);
  const d = floatDtypeOf(op, dtype);
  return standardNormal(key, shapeOrThrow(op, shape, d), d);
}

/**
 * Standard normals truncated to (lower, upper), by the inverse CDF:
 * √2·erfinv(u) for u uniform between erf(lower/√2) and erf(upper/√2),
 * clipped into the open interval. Differentiable in lower and upper.
 *
 * @example
 * random.truncatedNormal(random.key(0), -2, 2, [5]);
 */
export function truncatedNormal(key: Tensor, lower: ArrayLike, upper: ArrayLike, shape?: readonly number[] | null, dtype?: DTypeArg): Tensor {
  const op = "random.truncatedNormal";
  checkKey(op, key);
  const d = floatDtypeOf(op, dtype);
  const lo = param(op, "lower", lower, d), hi = param(op, "upper", upper, d);
  const s = drawShape(op, shape, [lo, hi], d);
  const sqrt2 = c(Math.SQRT2, d);
  const a = ops.erf(ops.div(lo, sqrt2)), b = ops.erf(ops.div(hi, sqrt2));
  const u = uniformIn(key, s, d, a, b);
  const out = ops.mul(sqrt2, ops.erfInv(u));
  // clip into (lower, upper): rounding (or u = a) must not reach the bounds
  const floor = spread(nextAfter(ops.stopGradient(lo), true, d), s);
  const ceiling = spread(nextAfter(ops.stopGradient(hi), false, d), s);
  return ops.min(ops.max(out, floor), ceiling);
}

/**
 * Exponential(1) draws, -log(1 - u).
 *
 * @example
 * random.exponential(random.key(0), [3]);
 */
export function exponential(key: Tensor, shape: readonly number[] = [], dtype?: DTypeArg): Tensor {
  const op = "random.exponential";
  checkKey(op, key);
  const d = floatDtypeOf(op, dtype);
  return standardExponential(key, shapeOrThrow(op, shape, d), d);
}

/**
 * Laplace(0, 1) draws, sign(u)·log(1 - |u|) for u uniform on (-1, 1).
 *
 * @example
 * random.laplace(random.key(0), [3]);
 */
export function laplace(key: Tensor, shape: readonly number[] = [], dtype?: DTypeArg): Tensor {
  const op = "random.laplace";
  checkKey(op, key);
  const d = floatDtypeOf(op, dtype);
  // minval -1 + epsneg: nextafter(-1, 0)
  const u = uniformIn(key, shapeOrThrow(op, shape, d), d, c(-1 + EPS[d] / 2, d), c(1, d));
  return ops.mul(ops.sign(u), ops.log1p(ops.neg(ops.abs(u))));
}

/**
 * Standard logistic draws, log(u / (1 - u)) for u uniform on [eps, 1).
 *
 * @example
 * random.logistic(random.key(0), [3]);
 */
export function logistic(key: Tensor, shape: readonly number[] = [], dtype?: DTypeArg): Tensor {
  const op = "random.logistic";
  checkKey(op, key);
  const d = floatDtypeOf(op, dtype);
  const u = uniformIn(key, shapeOrThrow(op, shape, d), d, c(EPS[d], d), c(1, d));
  return ops.log(ops.div(u, ops.sub(c(1, d), u)));
}

/**
 * Standard Gumbel draws, -log(-log(u)) for u uniform on [tiny, 1).
 *
 * @example
 * random.gumbel(random.key(0), [3]);
 */
export function gumbel(key: Tensor, shape: readonly number[] = [], dtype?: DTypeArg): Tensor {
  const op = "random.gumbel";
  checkKey(op, key);
  const d = floatDtypeOf(op, dtype);
  return standardGumbel(key, shapeOrThrow(op, shape, d), d);
}

export function standardGumbel(key: Tensor, shape: readonly number[], d: FloatDType): Tensor {
  const u = uniformIn(key, shape, d, c(TINY[d], d), c(1, d));
  return ops.neg(ops.log(ops.neg(ops.log(u))));
}

/**
 * Standard Cauchy draws, tan(π(u - ½)) for u uniform on [eps, 1).
 *
 * @example
 * random.cauchy(random.key(0), [3]);
 */
export function cauchy(key: Tensor, shape: readonly number[] = [], dtype?: DTypeArg): Tensor {
  const op = "random.cauchy";
  checkKey(op, key);
  const d = floatDtypeOf(op, dtype);
  const u = uniformIn(key, shapeOrThrow(op, shape, d), d, c(EPS[d], d), c(1, d));
  const x = ops.mul(c(Math.PI, d), ops.sub(u, c(0.5, d)));
  // tan = sin / cos (there is no tan primitive; np.tan composes it so too)
  return ops.div(ops.sin(x), ops.cos(x));
}

/**
 * Lognormal draws, exp(σ·z) for standard normal z (σ broadcasts with the shape; differentiable in σ).
 *
 * @example
 * random.lognormal(random.key(0), 0.5, [3]);
 */
export function lognormal(key: Tensor, sigma: ArrayLike = 1, shape?: readonly number[] | null, dtype?: DTypeArg): Tensor {
  const op = "random.lognormal";
  checkKey(op, key);
  const d = floatDtypeOf(op, dtype);
  const s = param(op, "sigma", sigma, d);
  const sh = drawShape(op, shape, [s], d);
  return ops.exp(ops.mul(standardNormal(key, sh, d), spread(s, sh)));
}

/**
 * Pareto(b) draws on [1, ∞), exp(e / b) for exponential e (differentiable in b).
 *
 * @example
 * random.pareto(random.key(0), 3, [4]);
 */
export function pareto(key: Tensor, b: ArrayLike, shape?: readonly number[] | null, dtype?: DTypeArg): Tensor {
  const op = "random.pareto";
  checkKey(op, key);
  const d = floatDtypeOf(op, dtype);
  const bt = param(op, "b", b, d);
  const sh = drawShape(op, shape, [bt], d);
  return ops.exp(ops.div(standardExponential(key, sh, d), spread(bt, sh)));
}

/**
 * Rayleigh(scale) draws, scale·√(-2 log u) (differentiable in scale).
 *
 * @example
 * random.rayleigh(random.key(0), 2, [3]);
 */
export function rayleigh(key: Tensor, scale: ArrayLike, shape?: readonly number[] | null, dtype?: DTypeArg): Tensor {
  const op = "random.rayleigh";
  checkKey(op, key);
  const d = floatDtypeOf(op, dtype);
  const st = param(op, "scale", scale, d);
  const sh = drawShape(op, shape, [st], d);
  const u = unitFloats(key, sh, d);
  return ops.mul(spread(st, sh), ops.sqrt(ops.mul(ops.log(u), c(-2, d))));
}

/**
 * Weibull draws with the given scale and concentration, scale·(-log(1 - u))^(1/concentration)
 * (differentiable in both; the draws have the broadcast shape of `shape` and the parameters).
 *
 * @example
 * random.weibullMin(random.key(0), 1, 1.5, [3]);
 */
export function weibullMin(key: Tensor, scale: ArrayLike, concentration: ArrayLike, shape: readonly number[] = [], dtype?: DTypeArg): Tensor {
  const op = "random.weibullMin";
  checkKey(op, key);
  const d = floatDtypeOf(op, dtype);
  const st = param(op, "scale", scale, d), ct = param(op, "concentration", concentration, d);
  const sh = shapeOrThrow(op, shape, d);
  const out = drawShape(op, null, [{ shape: sh }, st, ct], d);
  const e = spread(standardExponential(key, sh, d), out);
  return ops.mul(ops.pow(e, spread(ops.div(c(1, d), ct), out)), spread(st, out));
}

/** |z| of 3-vectors of standard normals along a last axis of `shape`. */
function maxwellDraws(key: Tensor, shape: readonly number[], d: FloatDType): Tensor {
  const z = standardNormal(key, [...shape, 3], d);
  return ops.sqrt(ops.reduceSum(ops.mul(z, z), [shape.length]));
}

/**
 * One-sided Maxwell draws: the length of a 3-vector of standard normals.
 *
 * @example
 * random.maxwell(random.key(0), [3]);
 */
export function maxwell(key: Tensor, shape: readonly number[] = [], dtype?: DTypeArg): Tensor {
  const op = "random.maxwell";
  checkKey(op, key);
  const d = floatDtypeOf(op, dtype);
  const s = shapeOrThrow(op, shape, d);
  // the draws are the norms of 3-vectors of normals
  bufferSizeOrThrow(op, [...s, 3], d);
  return maxwellDraws(key, s, d);
}

/**
 * Double-sided Maxwell draws, loc + scale·s·m for Maxwell m and a random
 * sign s; as JAX, the output shape is `shape` followed by the parameters'
 * broadcast shape (`shape` defaults to the latter). Differentiable in loc and scale.
 *
 * @example
 * random.doubleSidedMaxwell(random.key(0), 0, 1, [3]);
 */
export function doubleSidedMaxwell(key: Tensor, loc: ArrayLike, scale: ArrayLike, shape: readonly number[] = [], dtype?: DTypeArg): Tensor {
  const op = "random.doubleSidedMaxwell";
  checkKey(op, key);
  const d = floatDtypeOf(op, dtype);
  const lt = param(op, "loc", loc, d), st = param(op, "scale", scale, d);
  const paramShape = drawShape(op, null, [lt, st], d);
  const given = shapeOrThrow(op, shape, d);
  const sh = [...(given.length === 0 ? paramShape : given), ...paramShape];
  bufferSizeOrThrow(op, [...sh, 3], d);
  const [maxwellKey, signKey] = split2(key);
  const m = maxwellDraws(maxwellKey, sh, d);
  // a Rademacher sign: 2·bernoulli(½) - 1 in the float dtype
  const heads = ops.convert(ops.lt(unitFloats(signKey, sh, "float64"), c(0.5, "float64")), d);
  const sign = ops.sub(ops.mul(c(2, d), heads), c(1, d));
  return ops.add(ops.mul(ops.mul(sign, m), spread(st, sh)), spread(lt, sh));
}

/**
 * Triangular(left, mode, right) draws by the inverse CDF (differentiable in
 * the three parameters).
 *
 * @example
 * random.triangular(random.key(0), 0, 1, 3, [4]);
 */
export function triangular(key: Tensor, left: ArrayLike, mode: ArrayLike, right: ArrayLike, shape?: readonly number[] | null, dtype?: DTypeArg): Tensor {
  const op = "random.triangular";
  checkKey(op, key);
  const d = floatDtypeOf(op, dtype);
  const l0 = param(op, "left", left, d), m0 = param(op, "mode", mode, d), r0 = param(op, "right", right, d);
  const sh = drawShape(op, shape, [l0, m0, r0], d);
  const [l, m, r] = [spread(l0, sh), spread(m0, sh), spread(r0, sh)];
  const width = ops.sub(r, l);
  const fc = ops.div(ops.sub(m, l), width);
  const u = unitFloats(key, sh, d);
  const below = ops.add(l, ops.sqrt(ops.mul(ops.mul(u, width), ops.sub(m, l))));
  const above = ops.sub(r, ops.sqrt(ops.mul(ops.mul(ops.sub(c(1, d), u), width), ops.sub(r, m))));
  return ops.select(ops.lt(u, fc), below, above);
}
