/**
 * `triangular_solve`, JAX's `lax.linalg.triangular_solve_p`: X with
 * op(A) X = B (`leftSide`) or X op(A) = B, op(A) = A or Aᵀ, reading only
 * A's `lower` (or upper) triangle and, with `unitDiagonal`, not its
 * diagonal. Linear in B (its transpose is the solve with op(A)ᵀ), nonlinear
 * in A. Stacks `[..., k, k]` and `[..., m, n]` with equal leading dims.
 *
 * @example
 * // [[2, 0], [1, 1]] x = [[2], [3]]  →  x = [[1], [2]]
 * ops.triangularSolve(np.array([[2, 0], [1, 1]]), np.array([[2], [3]]), { leftSide: true, lower: true });
 */
import { triangularSolve as triangularSolveKernel } from "../../kernels/linalg/index.ts";
import type { FloatArray } from "../../kernels/linalg/index.ts";
import { isLinear, singleOutputTranspose, type BatchDim, type ParamsOf, type Primitive } from "../primitive.ts";
import { ConcreteTensor, type Aval, type Tensor, dataOf } from "../tensor.ts";
import * as ops from "../ops.ts";
import { DTypeError, ShapeError, TracegradError } from "../errors.ts";
import { avalText } from "./check.ts";
import { batchFirst, moveAxis } from "./batching.ts";
import { batchCount, matmul, matrixDims, matrixOrThrow, mT, tril, triu } from "./matrices.ts";

type SolveParams = ParamsOf["triangular_solve"];

function solveShape(a: Aval, b: Aval, { leftSide }: SolveParams): readonly number[] {
  matrixOrThrow("triangular_solve", a, true);
  matrixOrThrow("triangular_solve", b);
  if (a.dtype !== b.dtype) {
    throw new DTypeError(`triangular_solve: dtypes differ (${avalText(a)}, ${avalText(b)}); convert one with astype().`);
  }
  const sameBatch = a.shape.length === b.shape.length && a.shape.slice(0, -2).every((d, i) => d === b.shape[i]);
  const [m, n] = matrixDims(b.shape);
  const k = a.shape[a.shape.length - 1];
  if (!sameBatch || k !== (leftSide ? m : n)) {
    throw new ShapeError(
      `triangular_solve: a ${avalText(a)} and b ${avalText(b)} do not fit ${leftSide ? "op(A) X = B" : "X op(A) = B"}: ` +
        `the leading (batch) dims must be equal and a's order must equal b's ${leftSide ? "rows" : "columns"}.`,
    );
  }
  return b.shape;
}

/** op(A)⁻¹ rhs (left side) or rhs op(A)⁻¹ (right side), with the params of the solve. */
function inverseOf(a: Tensor, params: SolveParams): (rhs: Tensor) => Tensor {
  return (rhs) => ops.triangularSolve(a, rhs, params);
}

export const triangular_solve: Primitive<"triangular_solve"> = {
  name: "triangular_solve",
  abstractEval: ([a, b], params) => [{ shape: solveShape(a, b, params), dtype: b.dtype }],
  impl([a, b], params) {
    solveShape(a, b, params);
    const [m, n] = matrixDims(b.shape);
    const data = triangularSolveKernel(dataOf(a) as FloatArray, dataOf(b) as FloatArray, batchCount(b.shape), m, n, params);
    return [new ConcreteTensor(data, b.shape, b.dtype)];
  },
  // d X = op(A)⁻¹ (dB - op(dA) X) on the left, (dB - X op(dA)) op(A)⁻¹ on the right,
  // with dA restricted to the triangle the solve reads
  jvp([a, b], [ta, tb], params) {
    const x = ops.triangularSolve(a, b, params);
    const solve = inverseOf(a, params);
    const fromB = tb === null ? null : solve(tb);
    let fromA: Tensor | null = null;
    if (ta !== null) {
      const k = params.unitDiagonal ? 1 : 0;
      const masked = params.lower ? tril(ta, -k) : triu(ta, k);
      const g = ops.neg(params.transposeA ? mT(masked) : masked);
      const [m, n] = matrixDims(b.shape);
      // the cheaper order: a solve against the [m, n] product, or against op(dA) then a product
      if (params.leftSide) fromA = m > n ? solve(matmul(g, x)) : matmul(solve(g), x);
      else fromA = m < n ? solve(matmul(x, g)) : matmul(x, solve(g));
    }
    return [[x], [fromA === null ? fromB : fromB === null ? fromA : ops.add(fromA, fromB)]];
  },
  // linear in B: the cotangent of B is op(A)⁻ᵀ ct (left) or ct op(A)⁻ᵀ (right)
  transpose: singleOutputTranspose((ct, [a, b], params) => {
    if (isLinear(a)) {
      throw new TracegradError("triangular_solve: transposed with respect to the matrix A, in which it is not linear (a tracegrad bug).");
    }
    return [null, isLinear(b) ? ops.triangularSolve(a, ct, { ...params, transposeA: !params.transposeA }) : null];
  }),
  // an unbatched A solves every batch element at once: the batch goes into B's columns (left) or rows (right)
  batch(size, [a, b], [da, db], params) {
    if (da === null) {
      const axis = params.leftSide ? b.ndim - 1 : b.ndim - 2;
      const moved = moveAxis(b, db!, axis);
      const shape = moved.shape;
      const merged = params.leftSide
        ? [...shape.slice(0, -2), shape[shape.length - 2] * shape[shape.length - 1]]
        : [...shape.slice(0, -3), shape[shape.length - 3] * shape[shape.length - 2], shape[shape.length - 1]];
      const out = ops.reshape(ops.triangularSolve(a, ops.reshape(moved, merged), params), shape);
      return [[out], [axis] as BatchDim[]];
    }
    const out = ops.triangularSolve(batchFirst(a, da, size), batchFirst(b, db, size), params);
    return [[out], [0]];
  },
  lower: null,
};
