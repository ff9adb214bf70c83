/**
 * The internal ops of the structured primitives: convolution and windowed
 * reductions, dense linear algebra on stacks of matrices, and Fourier
 * transforms. Each binds one primitive (so rules written with them trace
 * again); `ops.ts` re-exports them with the rest of the op set.
 *
 * @example
 * const [q, r] = qr(a, false); // a = q r, q with orthonormal columns
 */
import { bind, bind1 } from "./trace.ts";
import type { ConvGeneralDilatedParams, WindowPrimitiveParams as WindowParams, WindowSelectParams } from "./primitive.ts";
import type { Tensor } from "./tensor.ts";
import { primitives as P } from "./primitives/table.ts";

const NONE = {};

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
