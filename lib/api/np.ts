/**
 * `np`: the numpy-named array API. Every function takes `ArrayLike`s,
 * broadcasts and promotes as numpy does, and is differentiable.
 *
 * @example
 * np.sum(np.multiply(np.arange(3), 2)) // array(6, dtype=int32)
 */
import "./methods.ts";
import "./iterate.ts";
export { array, asarray, zeros, ones, full, zerosLike, onesLike, fullLike, arange, linspace, eye } from "./creation.ts";
export {
  add, subtract, multiply, divide, negative, power, square, sqrt, exp, log, log1p, expm1, sin, cos, tan, tanh,
  arctan, abs, sign, maximum, minimum, clip, where, equal, notEqual, less, lessEqual, greater, greaterEqual, isnan,
  isfinite,
} from "./math.ts";
export { dot, matmul } from "./linalg.ts";
export { transpose, swapaxes, reshape, ravel, broadcastTo, expandDims, squeeze, concatenate, stack } from "./shape.ts";
export { sum, mean, max, min, prod, argmax, argmin, variance as var, std } from "./reductions.ts";
// reductions and statistics (issue 9, item 2)
export { ptp, all, any, countNonzero } from "./reductions.ts";
export { cumsum, cumprod, cumulativeSum, cumulativeProd } from "./cumulative.ts";
export { diff, ediff1d, trapezoid } from "./differences.ts";
export { average, cov, corrcoef } from "./statistics.ts";
export { nansum, nanprod, nanmean, nanvar, nanstd, nanmax, nanmin, nanargmax, nanargmin, nancumsum, nancumprod } from "./nanfunctions.ts";
export { arrayEqual, arrayEquiv, isin } from "./logic.ts";
export { take, takeAlongAxis, allclose } from "./indexing.ts";
export { sort, argsort, lexsort, searchsorted, select } from "./sorting.ts";
export {
  diag, diagflat, diagonal, trace, tri, tril, triu, trilIndices, triuIndices, trilIndicesFrom, triuIndicesFrom, diagIndices,
  diagIndicesFrom,
} from "./triangular.ts";
export { indices, meshgrid, fromfunction, applyAlongAxis, applyOverAxes } from "./grids.ts";
export { nonzero, flatnonzero, argwhere, unique } from "./setops.ts";
export { median, quantile, percentile, nanmedian, nanquantile, nanpercentile } from "./quantile.ts";
export { moveaxis, permuteDims, matrixTranspose, flip, fliplr, flipud, rot90, roll, repeat, tile } from "./rearrange.ts";
export { pad } from "./pad.ts";
export {
  split, arraySplit, hsplit, vsplit, dsplit, unstack, hstack, vstack, dstack, columnStack, append, broadcastArrays,
  broadcastShapes, atleast1d, atleast2d, atleast3d,
} from "./assembly.ts";
export { inner, outer, vdot, vecdot, matvec, vecmat, cross, kron } from "./products.ts";
export { polyval, polyadd, polysub, polymul, polyder, polyint, vander } from "./polynomial.ts";
export { identity, geomspace, logspace, bartlett, blackman, hamming, hanning, kaiser } from "./windows.ts";
export { i0 } from "./bessel.ts";
export { copy, ndim, shape, size, isscalar, resultType, promoteTypes, finfo, iinfo, e, pi, inf, nan, eulerGamma } from "./metadata.ts";
export { newaxis } from "./newaxis.ts";
export {
  reciprocal, positive, cbrt, exp2, log2, log10, logaddexp, logaddexp2, sinh, cosh, arcsin, arccos, arcsinh, arccosh, arctanh,
  arctan2, hypot, sinc, deg2rad, rad2deg, arcsin as asin, arccos as acos, arcsinh as asinh, arccosh as acosh, arctanh as atanh,
  arctan2 as atan2, deg2rad as radians, rad2deg as degrees,
} from "./ufuncs.ts";
export { arctan as atan, abs as absolute, divide as trueDivide } from "./math.ts";
export { floor, ceil, trunc, fix, rint, round, around, remainder, remainder as mod, fmod, floorDivide, divmod, modf } from "./rounding.ts";
export {
  signbit, copysign, heaviside, fmax, fmin, floatPower, nanToNum, isinf, isposinf, isneginf, isclose, ldexp, frexp, unwrap,
} from "./floating.ts";
// logical and bitwise (bitwise.ts)
export {
  logicalAnd, logicalOr, logicalXor, logicalNot, bitwiseAnd, bitwiseOr, bitwiseXor, bitwiseNot, invert, bitwiseInvert,
  leftShift, rightShift, bitwiseLeftShift, bitwiseRightShift,
} from "./bitwise.ts";
export * as linalg from "./linalg/index.ts";
export * as fft from "./fft.ts";
export { einsum, tensordot } from "./einsum.ts";
export { einsumPath } from "./einsumPath.ts";
