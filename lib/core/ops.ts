/**
 * The internal op set: one small function per primitive (plus a few helpers
 * such as `sumTo`), taking and returning tensors of matching dtypes. Rules
 * are written with these, so they bind primitives and can be traced again.
 * The user-facing `np` wraps them with `ArrayLike` conversion and numpy's
 * dtype promotion.
 *
 * @example
 * add(x, scalar(1, x.dtype)) // x + 1
 */
import type { DType } from "../array/dtype.ts";
import { allocate } from "../array/dtype.ts";
import type { Shape } from "../array/shape.ts";
import { fill } from "../kernels/elementwise.ts";
import { sharedZeros } from "../kernels/gather.ts";
import { bind, bind1 } from "./trace.ts";
import { GatherDimensionNumbers, ScatterDimensionNumbers, type GatherScatterMode } from "./primitives/dimensionNumbers.ts";
import type { RoundingMethod } from "./primitive.ts";
import type { ThreefryLayout } from "../kernels/prng.ts";
import { ConcreteTensor, type Aval, type Tensor } from "./tensor.ts";
import { primitives as P } from "./primitives/table.ts";

const NONE = {};

// constructors

/** A 0-d tensor. */
export function scalar(value: number, dtype: DType): ConcreteTensor {
  const data = allocate(dtype, 1);
  data[0] = value;
  return new ConcreteTensor(data, [], dtype);
}

/** A tensor of the given shape filled with `value`. */
export function full(shape: Shape, value: number, dtype: DType): ConcreteTensor {
  return new ConcreteTensor(fill(value, shapeSize(shape), dtype), shape, dtype);
}

/** Zeros of the shape and dtype of `aval`. */
export function zerosLike(aval: Aval): ConcreteTensor {
  return new ConcreteTensor(allocate(aval.dtype, shapeSize(aval.shape)), aval.shape, aval.dtype);
}

function shapeSize(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

// elementwise, unary

export function neg(x: Tensor): Tensor {
  return bind1(P.neg, [x], NONE);
}
export function exp(x: Tensor): Tensor {
  return bind1(P.exp, [x], NONE);
}
export function log(x: Tensor): Tensor {
  return bind1(P.log, [x], NONE);
}
export function log1p(x: Tensor): Tensor {
  return bind1(P.log1p, [x], NONE);
}
export function expm1(x: Tensor): Tensor {
  return bind1(P.expm1, [x], NONE);
}
export function sin(x: Tensor): Tensor {
  return bind1(P.sin, [x], NONE);
}
export function cos(x: Tensor): Tensor {
  return bind1(P.cos, [x], NONE);
}
export function tanh(x: Tensor): Tensor {
  return bind1(P.tanh, [x], NONE);
}
export function atan(x: Tensor): Tensor {
  return bind1(P.atan, [x], NONE);
}
export function sqrt(x: Tensor): Tensor {
  return bind1(P.sqrt, [x], NONE);
}
export function abs(x: Tensor): Tensor {
  return bind1(P.abs, [x], NONE);
}
export function sign(x: Tensor): Tensor {
  return bind1(P.sign, [x], NONE);
}
export function logistic(x: Tensor): Tensor {
  return bind1(P.logistic, [x], NONE);
}
export function erf(x: Tensor): Tensor {
  return bind1(P.erf, [x], NONE);
}
export function erfc(x: Tensor): Tensor {
  return bind1(P.erfc, [x], NONE);
}
export function floor(x: Tensor): Tensor {
  return bind1(P.floor, [x], NONE);
}
export function ceil(x: Tensor): Tensor {
  return bind1(P.ceil, [x], NONE);
}
/** Rounds to the nearest integer; ties to even by default (as `jnp.round`). */
export function round(x: Tensor, roundingMethod: RoundingMethod = "toNearestEven"): Tensor {
  return bind1(P.round, [x], { roundingMethod });
}
export function isFinite(x: Tensor): Tensor {
  return bind1(P.is_finite, [x], NONE);
}
export function stopGradient(x: Tensor): Tensor {
  return bind1(P.stop_gradient, [x], NONE);
}
export function integerPow(x: Tensor, y: number): Tensor {
  return bind1(P.integer_pow, [x], { y });
}
/** Converts dtype (a no-op when it already matches). */
export function convert(x: Tensor, newDtype: DType): Tensor {
  return x.dtype === newDtype ? x : bind1(P.convert_element_type, [x], { newDtype });
}

// elementwise, binary

export function add(a: Tensor, b: Tensor): Tensor {
  return bind1(P.add, [a, b], NONE);
}
export function sub(a: Tensor, b: Tensor): Tensor {
  return bind1(P.sub, [a, b], NONE);
}
export function mul(a: Tensor, b: Tensor): Tensor {
  return bind1(P.mul, [a, b], NONE);
}
export function div(a: Tensor, b: Tensor): Tensor {
  return bind1(P.div, [a, b], NONE);
}
export function pow(a: Tensor, b: Tensor): Tensor {
  return bind1(P.pow, [a, b], NONE);
}
export function max(a: Tensor, b: Tensor): Tensor {
  return bind1(P.max, [a, b], NONE);
}
export function min(a: Tensor, b: Tensor): Tensor {
  return bind1(P.min, [a, b], NONE);
}
export function eq(a: Tensor, b: Tensor): Tensor {
  return bind1(P.eq, [a, b], NONE);
}
export function ne(a: Tensor, b: Tensor): Tensor {
  return bind1(P.ne, [a, b], NONE);
}
export function lt(a: Tensor, b: Tensor): Tensor {
  return bind1(P.lt, [a, b], NONE);
}
export function le(a: Tensor, b: Tensor): Tensor {
  return bind1(P.le, [a, b], NONE);
}
export function gt(a: Tensor, b: Tensor): Tensor {
  return bind1(P.gt, [a, b], NONE);
}
export function ge(a: Tensor, b: Tensor): Tensor {
  return bind1(P.ge, [a, b], NONE);
}
/** `pred ? onTrue : onFalse`, broadcasting all three. */
export function select(pred: Tensor, onTrue: Tensor, onFalse: Tensor): Tensor {
  return bind1(P.select, [pred, onTrue, onFalse], NONE);
}

// transcendental and special functions (lib/core/primitives/transcendental.ts)

export function tan(x: Tensor): Tensor {
  return bind1(P.tan, [x], NONE);
}
export function asin(x: Tensor): Tensor {
  return bind1(P.asin, [x], NONE);
}
export function acos(x: Tensor): Tensor {
  return bind1(P.acos, [x], NONE);
}
export function sinh(x: Tensor): Tensor {
  return bind1(P.sinh, [x], NONE);
}
export function cosh(x: Tensor): Tensor {
  return bind1(P.cosh, [x], NONE);
}
export function asinh(x: Tensor): Tensor {
  return bind1(P.asinh, [x], NONE);
}
export function acosh(x: Tensor): Tensor {
  return bind1(P.acosh, [x], NONE);
}
export function atanh(x: Tensor): Tensor {
  return bind1(P.atanh, [x], NONE);
}
export function cbrt(x: Tensor): Tensor {
  return bind1(P.cbrt, [x], NONE);
}
export function exp2(x: Tensor): Tensor {
  return bind1(P.exp2, [x], NONE);
}
export function log2(x: Tensor): Tensor {
  return bind1(P.log2, [x], NONE);
}
export function log10(x: Tensor): Tensor {
  return bind1(P.log10, [x], NONE);
}
export function lgamma(x: Tensor): Tensor {
  return bind1(P.lgamma, [x], NONE);
}
export function digamma(x: Tensor): Tensor {
  return bind1(P.digamma, [x], NONE);
}
export function erfInv(x: Tensor): Tensor {
  return bind1(P.erf_inv, [x], NONE);
}
/** atan2(y, x), the angle of the point (x, y). */
export function atan2(y: Tensor, x: Tensor): Tensor {
  return bind1(P.atan2, [y, x], NONE);
}
/** C's fmod: the remainder of truncated division, with the sign of `a`. */
export function rem(a: Tensor, b: Tensor): Tensor {
  return bind1(P.rem, [a, b], NONE);
}
/** ψ⁽ᵐ⁾(x), with `m` a tensor of x's dtype holding integers. */
export function polygamma(m: Tensor, x: Tensor): Tensor {
  return bind1(P.polygamma, [m, x], NONE);
}

// reductions

export function reduceSum(x: Tensor, axes: readonly number[]): Tensor {
  return axes.length === 0 ? x : bind1(P.reduce_sum, [x], { axes });
}
export function reduceMax(x: Tensor, axes: readonly number[]): Tensor {
  return axes.length === 0 ? x : bind1(P.reduce_max, [x], { axes });
}
export function reduceMin(x: Tensor, axes: readonly number[]): Tensor {
  return axes.length === 0 ? x : bind1(P.reduce_min, [x], { axes });
}
export function argmax(x: Tensor, axis: number): Tensor {
  return bind1(P.argmax, [x], { axis });
}
export function argmin(x: Tensor, axis: number): Tensor {
  return bind1(P.argmin, [x], { axis });
}
export function cumsum(x: Tensor, axis: number, reverse = false): Tensor {
  return bind1(P.cumsum, [x], { axis, reverse });
}

// cumulative reductions (primitives/cumulative.ts)

export function cumprod(x: Tensor, axis: number, reverse = false): Tensor {
  return bind1(P.cumprod, [x], { axis, reverse });
}
export function cummax(x: Tensor, axis: number, reverse = false): Tensor {
  return bind1(P.cummax, [x], { axis, reverse });
}
export function cummin(x: Tensor, axis: number, reverse = false): Tensor {
  return bind1(P.cummin, [x], { axis, reverse });
}

// movement

export function broadcastInDim(x: Tensor, shape: Shape, broadcastDimensions: readonly number[]): Tensor {
  return bind1(P.broadcast_in_dim, [x], { shape, broadcastDimensions });
}
export function reshape(x: Tensor, shape: Shape): Tensor {
  return sameShape(x.shape, shape) ? x : bind1(P.reshape, [x], { shape });
}
export function transpose(x: Tensor, permutation: readonly number[]): Tensor {
  return permutation.every((p, i) => p === i) ? x : bind1(P.transpose, [x], { permutation });
}
export function slice(
  x: Tensor,
  start: readonly number[],
  limit: readonly number[],
  strides: readonly number[] = start.map(() => 1),
): Tensor {
  return bind1(P.slice, [x], { start, limit, strides });
}
export function pad(
  x: Tensor,
  low: readonly number[],
  high: readonly number[],
  interior: readonly number[] = low.map(() => 0),
): Tensor {
  return bind1(P.pad, [x], { low, high, interior });
}
export function concatenate(xs: readonly Tensor[], axis: number): Tensor {
  return xs.length === 1 ? xs[0] : bind1(P.concatenate, xs, { axis });
}

// gather/scatter with dimension numbers, and sort (issue 9: indexing, sorting)

/** JAX's `lax.gather`: windows of `sliceSizes` read at the index vectors (the last axis of `indices`, int32). */
export function gatherWith(
  operand: Tensor,
  indices: Tensor,
  dimensionNumbers: GatherDimensionNumbers,
  sliceSizes: readonly number[],
  mode: GatherScatterMode = "promise_in_bounds",
  fillValue: number | null = null,
): Tensor {
  return bind1(P.gather, [operand, indices], { dimensionNumbers, sliceSizes, mode, fillValue });
}

/** The scatter primitives, by how they combine an update with the operand. */
export type ScatterName = "scatter" | "scatter_add" | "scatter_mul" | "scatter_min" | "scatter_max";

/** JAX's `lax.scatter` (set), `scatter_add`, `scatter_mul`, `scatter_min`, `scatter_max`; out-of-bounds windows dropped by default. */
export function scatterWith(
  name: ScatterName,
  operand: Tensor,
  indices: Tensor,
  updates: Tensor,
  dimensionNumbers: ScatterDimensionNumbers,
  mode: GatherScatterMode = "fill",
): Tensor {
  return bind1(P[name], [operand, indices, updates], { dimensionNumbers, mode });
}

/** Zeros of `aval` to scatter into: a read-only view of a pooled zero buffer, which a scatter does not copy. */
export function scatterZeros(aval: Aval): ConcreteTensor {
  return new ConcreteTensor(sharedZeros(aval.dtype, shapeSize(aval.shape)), aval.shape, aval.dtype);
}

/** The dimension numbers of take-style gathers and scatter-adds, by operand rank, axis and index rank (shared: they are immutable). */
const takeNumbers = new Map<string, { gather: GatherDimensionNumbers; scatter: ScatterDimensionNumbers }>();

export function takeDimensionNumbers(rank: number, axis: number, indexRank: number): { gather: GatherDimensionNumbers; scatter: ScatterDimensionNumbers } {
  const key = `${rank}/${axis}/${indexRank}`;
  let found = takeNumbers.get(key);
  if (found === undefined) {
    // the operand's other dims keep their places around the index dims
    const windowDims: number[] = [];
    for (let d = 0; d < rank; d++) if (d !== axis) windowDims.push(d < axis ? d : d - 1 + indexRank);
    found = {
      gather: new GatherDimensionNumbers({ offsetDims: windowDims, collapsedSliceDims: [axis], startIndexMap: [axis] }),
      scatter: new ScatterDimensionNumbers({ updateWindowDims: windowDims, insertedWindowDims: [axis], scatterDimsToOperandDims: [axis] }),
    };
    takeNumbers.set(key, found);
  }
  return found;
}

/** numpy's `take(x, indices, axis)` for int32 `indices` in bounds (out-of-bounds ones are clamped). */
export function gather(x: Tensor, indices: Tensor, axis: number): Tensor {
  const dimensionNumbers = takeDimensionNumbers(x.shape.length, axis, indices.shape.length).gather;
  const sliceSizes = x.shape.map((n, d) => (d === axis ? 1 : n));
  return gatherWith(x, reshape(indices, [...indices.shape, 1]), dimensionNumbers, sliceSizes, "clip");
}

/** The transpose of `gather`: zeros of `shape` with each slice of `updates` added at its index along `axis`. */
export function scatterAdd(updates: Tensor, indices: Tensor, axis: number, shape: Shape): Tensor {
  const dimensionNumbers = takeDimensionNumbers(shape.length, axis, indices.shape.length).scatter;
  return scatterWith("scatter_add", scatterZeros({ shape, dtype: updates.dtype }), reshape(indices, [...indices.shape, 1]), updates, dimensionNumbers, "clip");
}

/**
 * numpy's `take_along_axis` for int32 `indices` of `x`'s shape except along `axis`:
 * out[..., j, ...] = x[..., indices[..., j, ...], ...]; every other dim is a batching dim.
 */
export function takeAlongAxis(x: Tensor, indices: Tensor, axis: number, mode: GatherScatterMode = "clip", fillValue: number | null = null): Tensor {
  const others = x.shape.map((_, d) => d).filter((d) => d !== axis);
  const dimensionNumbers = new GatherDimensionNumbers({
    offsetDims: [],
    collapsedSliceDims: [axis],
    startIndexMap: [axis],
    operandBatchingDims: others,
    startIndicesBatchingDims: others,
  });
  return gatherWith(x, reshape(indices, [...indices.shape, 1]), dimensionNumbers, x.shape.map(() => 1), mode, fillValue);
}

/** JAX's `lax.sort`: sorts every operand along `dimension` by the first `numKeys` operands (lexicographically; NaNs last, stable). */
export function sort(operands: readonly Tensor[], dimension: number, numKeys = 1, isStable = true): Tensor[] {
  return bind(P.sort, operands, { dimension, isStable, numKeys });
}

/** An int32 tensor of `shape` counting 0, 1, … along `dimension` (JAX's `broadcasted_iota`). */
export function iotaAlong(shape: Shape, dimension: number): ConcreteTensor {
  const data = new Int32Array(shapeSize(shape));
  let inner = 1;
  for (let d = dimension + 1; d < shape.length; d++) inner *= shape[d];
  const n = shape[dimension];
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(i / inner) % n;
  return new ConcreteTensor(data, shape, "int32");
}

// linear algebra

/** JAX's dot_general: contract `contracting` axis pairs, batch over `batch` axis pairs. */
export function dotGeneral(
  a: Tensor,
  b: Tensor,
  contracting: readonly [readonly number[], readonly number[]],
  batch: readonly [readonly number[], readonly number[]] = [[], []],
): Tensor {
  return bind1(P.dot_general, [a, b], { contracting, batch });
}

// convolution, windowed reductions, dense linear algebra, Fourier transforms

export * from "./opsStructured.ts";

// utils

function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** numpy broadcasting of `x` to `shape` (right-aligned). */
export function broadcastTo(x: Tensor, shape: Shape): Tensor {
  if (sameShape(x.shape, shape)) return x;
  const offset = shape.length - x.shape.length;
  return broadcastInDim(x, shape, x.shape.map((_, i) => i + offset));
}

/** The reverse of broadcasting: sums `x` down to `shape` (used by transpose rules). */
export function sumTo(x: Tensor, shape: Shape): Tensor {
  if (sameShape(x.shape, shape)) return x;
  const offset = x.shape.length - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < x.shape.length; i++) {
    if (i < offset || (shape[i - offset] === 1 && x.shape[i] !== 1)) axes.push(i);
  }
  return reshape(reduceSum(x, axes), shape);
}

/** Removes `axes` from `shape`. */
export function dropAxes(shape: Shape, axes: readonly number[]): number[] {
  return shape.filter((_, i) => !axes.includes(i));
}

/** The axes of `shape` that are not in `axes` (the broadcast dims that put a reduction back). */
export function keptAxes(ndim: number, axes: readonly number[]): number[] {
  const kept: number[] = [];
  for (let i = 0; i < ndim; i++) if (!axes.includes(i)) kept.push(i);
  return kept;
}

/** Symbolic zeros (null tangents or cotangents) made into real zeros of the matching aval. */
export function orZeros(values: readonly (Tensor | null)[], avals: readonly Aval[]): Tensor[] {
  return values.map((v, i) => v ?? zerosLike(avals[i]));
}

/** `x * c` for a JS number `c`, in `x`'s dtype. */
export function mulScalar(x: Tensor, c: number): Tensor {
  return mul(x, scalar(c, x.dtype));
}

/** `x + c` for a JS number `c`, in `x`'s dtype. */
export function addScalar(x: Tensor, c: number): Tensor {
  return add(x, scalar(c, x.dtype));
}

/** A concrete int32 tensor from a typed array (1-D). */
export function fromInt32(data: Int32Array): ConcreteTensor {
  return new ConcreteTensor(data, [data.length], "int32");
}

// bitwise (primitives/bitwise.ts)

export function bitwiseAnd(a: Tensor, b: Tensor): Tensor {
  return bind1(P.and, [a, b], NONE);
}
export function bitwiseOr(a: Tensor, b: Tensor): Tensor {
  return bind1(P.or, [a, b], NONE);
}
export function bitwiseXor(a: Tensor, b: Tensor): Tensor {
  return bind1(P.xor, [a, b], NONE);
}
export function bitwiseNot(x: Tensor): Tensor {
  return bind1(P.not, [x], NONE);
}
export function shiftLeft(a: Tensor, b: Tensor): Tensor {
  return bind1(P.shift_left, [a, b], NONE);
}
export function shiftRightLogical(a: Tensor, b: Tensor): Tensor {
  return bind1(P.shift_right_logical, [a, b], NONE);
}
export function shiftRightArithmetic(a: Tensor, b: Tensor): Tensor {
  return bind1(P.shift_right_arithmetic, [a, b], NONE);
}

// random (primitives/random.ts)

/** Threefry-2x32 of the counter pairs (x0, x1) under the key (k0, k1), all uint32, broadcast: [y0, y1]. */
export function threefry2x32(k0: Tensor, k1: Tensor, x0: Tensor, x1: Tensor): Tensor[] {
  return bind(P.threefry2x32, [k0, k1, x0, x1], NONE);
}
export function randomGamma(key: Tensor, a: Tensor, logSpace: boolean, layout: ThreefryLayout): Tensor {
  return bind1(P.random_gamma, [key, a], { logSpace, layout });
}
export function randomGammaGrad(a: Tensor, x: Tensor): Tensor {
  return bind1(P.random_gamma_grad, [a, x], NONE);
}
export function randomPoisson(key: Tensor, lam: Tensor, layout: ThreefryLayout): Tensor {
  return bind1(P.random_poisson, [key, lam], { layout });
}
