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
import { bind, bind1 } from "./trace.ts";
import type { ConvGeneralDilatedParams, RoundingMethod, WindowPrimitiveParams as WindowParams, WindowSelectParams } from "./primitive.ts";
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
export function gather(x: Tensor, indices: Tensor, axis: number): Tensor {
  return bind1(P.gather, [x, indices], { axis });
}
export function scatterAdd(updates: Tensor, indices: Tensor, axis: number, shape: Shape): Tensor {
  return bind1(P.scatter_add, [updates, indices], { axis, shape });
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

// convolution and windowed reductions

/** XLA's ConvGeneralDilated (JAX's `conv_general_dilated`), operands laid out by `params.dimensionNumbers`. */
export function convGeneralDilated(lhs: Tensor, rhs: Tensor, params: ConvGeneralDilatedParams): Tensor {
  return bind1(P.conv_general_dilated, [lhs, rhs], params);
}
/** `x` with the order of its elements reversed along `dimensions` (JAX's `lax.rev`). */
export function rev(x: Tensor, dimensions: readonly number[]): Tensor {
  return dimensions.length === 0 ? x : bind1(P.rev, [x], { dimensions });
}
export function reduceWindowSum(x: Tensor, params: WindowParams): Tensor {
  return bind1(P.reduce_window_sum, [x], params);
}
export function reduceWindowMax(x: Tensor, params: WindowParams): Tensor {
  return bind1(P.reduce_window_max, [x], params);
}
export function reduceWindowMin(x: Tensor, params: WindowParams): Tensor {
  return bind1(P.reduce_window_min, [x], params);
}
/** For each window of `operand`, the element of `tangent` where the window's max (min) is: the JVP of max (min) pooling. */
export function selectAndGatherAdd(tangent: Tensor, operand: Tensor, params: WindowSelectParams): Tensor {
  return bind1(P.select_and_gather_add, [tangent, operand], params);
}
/** Adds each `source` element where its window's max (min) of `operand` is: the VJP of max (min) pooling. */
export function selectAndScatterAdd(source: Tensor, operand: Tensor, params: WindowSelectParams): Tensor {
  return bind1(P.select_and_scatter_add, [source, operand], params);
}

// dense linear algebra (stacks [..., m, n]; see primitives/triangular.ts, factorizations.ts, spectral.ts, matrixExp.ts)

/** L with A = L Lᵀ, from A's lower triangle (NaN where A is not positive definite). */
export function cholesky(a: Tensor): Tensor {
  return bind1(P.cholesky, [a], NONE);
}
/** Options of `triangularSolve` (JAX's `triangular_solve`; all default false). */
export interface TriangularSolveParams {
  readonly leftSide?: boolean;
  readonly lower?: boolean;
  readonly transposeA?: boolean;
  readonly unitDiagonal?: boolean;
}
/** X with op(A) X = B (`leftSide`) or X op(A) = B. */
export function triangularSolve(a: Tensor, b: Tensor, params: TriangularSolveParams = {}): Tensor {
  const { leftSide = false, lower = false, transposeA = false, unitDiagonal = false } = params;
  return bind1(P.triangular_solve, [a, b], { leftSide, lower, transposeA, unitDiagonal });
}
/** [lu, pivots, permutation] of P A = L U. */
export function lu(a: Tensor): [Tensor, Tensor, Tensor] {
  const [packed, pivots, permutation] = bind(P.lu, [a], NONE);
  return [packed, pivots, permutation];
}
/** The permutation [..., size] of LU's row swaps `pivots` [..., k]. */
export function luPivotsToPermutation(pivots: Tensor, permutationSize: number): Tensor {
  return bind1(P.lu_pivots_to_permutation, [pivots], { permutationSize });
}
/** [q, r] of A = Q R. */
export function qr(a: Tensor, fullMatrices: boolean): [Tensor, Tensor] {
  const [q, r] = bind(P.qr, [a], { fullMatrices });
  return [q, r];
}
/** [v, w]: eigenvectors (columns) and ascending eigenvalues of a symmetric matrix given by one triangle. */
export function eigh(a: Tensor, lower = true): [Tensor, Tensor] {
  const [v, w] = bind(P.eigh, [a], { lower });
  return [v, w];
}
/** [s] or [s, u, vt] with A = U diag(s) Vᵀ. */
export function svd(a: Tensor, fullMatrices: boolean, computeUv: boolean): Tensor[] {
  return bind(P.svd, [a], { fullMatrices, computeUv });
}
/** The matrix exponential. */
export function expm(a: Tensor): Tensor {
  return bind1(P.expm, [a], NONE);
}
/** The Fréchet derivative of the matrix exponential at A in direction E. */
export function expmFrechet(a: Tensor, e: Tensor): Tensor {
  return bind1(P.expm_frechet, [a, e], NONE);
}

// Fourier transforms

/** JAX's `lax.fft` over the trailing `fftLengths.length` axes; complex values are (re, im) pairs (RFFT takes one real operand, IRFFT gives one). */
export function fftGeneral(args: readonly Tensor[], fftType: "FFT" | "IFFT" | "RFFT" | "IRFFT", fftLengths: readonly number[]): Tensor[] {
  return bind(P.fft, args, { fftType, fftLengths });
}

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
