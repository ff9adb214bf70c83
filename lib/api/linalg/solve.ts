/**
 * Linear systems of `np.linalg`: `solve`, `inv`, `tensorsolve`,
 * `tensorinv` and `matrixPower`. `solve` is JAX's: an LU factorization
 * with partial pivoting, and a custom derivative (JAX's
 * `custom_linear_solve`) so that its tangent and its gradient are solves
 * with the same factors: dX = A⁻¹ (dB - dA X), B̄ = A⁻ᵀ X̄, Ā = -B̄ Xᵀ.
 * Singular matrices give ±inf or NaN, as JAX (numpy raises).
 *
 * @example
 * np.linalg.solve([[2, 1], [1, 3]], [3, 5]) // [0.8, 1.4]
 * grad((b) => np.sum(np.linalg.solve(a, b)))(b) // Aᵀ⁻¹ 1, one more solve with A's factors
 */
import { ArgumentError, ShapeError } from "../../core/errors.ts";
import { showValue } from "../../core/convert.ts";
import * as ops from "../../core/ops.ts";
import { avalText } from "../../core/primitives/check.ts";
import { eye, matmul } from "../../core/primitives/matrices.ts";
import type { ArrayLike, Tensor } from "../../core/tensor.ts";
import { moveaxis } from "../rearrange.ts";
import { intList } from "../options.ts";
import { broadcastStacks, floatArg, floatPair, luSolveFactored, matrixArg, withCustomJvp } from "./util.ts";

/** X with A X = B for stacks with equal leading dims, B [..., n, k]; its derivative is a solve with the same factors. */
export const solveStacks = withCustomJvp(
  (a: Tensor, b: Tensor): Tensor => {
    const [packed, , permutation] = ops.lu(a);
    return luSolveFactored(packed, permutation, b, false);
  },
  // d(A⁻¹ B) = A⁻¹ (dB - dA A⁻¹ B): one LU, reused by the tangent (and, transposed, by the gradient)
  ([a, b], [da, db]) => {
    const [packed, , permutation] = ops.lu(a);
    const x = luSolveFactored(packed, permutation, b, false);
    const dx = luSolveFactored(packed, permutation, ops.sub(db, matmul(da, x)), false);
    return [x, dx];
  },
);

/**
 * The solution X of A X = B for square A [..., n, n]: B is a vector [n] (numpy 2: only a 1-D B is a vector)
 * or a stack [..., n, k]; leading dims broadcast. Singular A gives ±inf or NaN entries (as JAX; numpy raises).
 *
 * @example
 * np.linalg.solve([[2, 1], [1, 3]], [3, 5]) // [0.8, 1.4]
 */
export function solve(a: ArrayLike, b: ArrayLike): Tensor {
  let [x, y] = floatPair("linalg.solve", a, b);
  x = matrixArg("linalg.solve", x, true);
  const n = x.shape[x.ndim - 1];
  const vector = y.ndim === 1;
  if (y.ndim === 0 || (vector ? y.shape[0] : y.shape[y.ndim - 2]) !== n) {
    throw new ShapeError(
      `linalg.solve: a ${avalText(x)} and b ${avalText(y)} do not fit A X = B: b must be [${n}] or [..., ${n}, k] ` +
        `(numpy 2 treats only a 1-D b as a vector; for a stack of vectors use b[..., None]).`,
    );
  }
  if (vector) y = ops.reshape(y, [n, 1]);
  const [sa, sb] = broadcastStacks("linalg.solve", x, y);
  const out = solveStacks(sa, sb);
  return vector ? ops.reshape(out, out.shape.slice(0, -1)) : out;
}

/**
 * The inverse of square matrices: `solve(a, I)`. Singular matrices give ±inf or NaN (as JAX; numpy raises).
 *
 * @example
 * np.linalg.inv([[1, 2], [3, 4]]) // [[-2, 1], [1.5, -0.5]]
 */
export function inv(a: ArrayLike): Tensor {
  const x = matrixArg("linalg.inv", a, true);
  const n = x.shape[x.ndim - 1];
  return solveStacks(x, ops.broadcastTo(eye(n, x.dtype), x.shape));
}

/**
 * A square matrix to an integer power by repeated squaring; negative powers invert first, 0 gives I.
 *
 * @example
 * np.linalg.matrixPower([[1, 1], [0, 1]], 3) // [[1, 3], [0, 1]]
 */
export function matrixPower(a: ArrayLike, n: number): Tensor {
  if (typeof n !== "number" || !Number.isInteger(n)) throw new ArgumentError(`linalg.matrixPower: the exponent must be an integer, got ${showValue(n)}.`);
  let x = matrixArg("linalg.matrixPower", a, true);
  if (n === 0) return ops.broadcastTo(eye(x.shape[x.ndim - 1], x.dtype), x.shape);
  if (n < 0) x = inv(x);
  let k = Math.abs(n);
  let result: Tensor | null = null;
  let z: Tensor | null = null;
  while (k > 0) {
    z = z === null ? x : matmul(z, z);
    if (k % 2 === 1) result = result === null ? z : matmul(result, z);
    k = Math.floor(k / 2);
  }
  return result!;
}

/**
 * X with `tensordot(a, X, X.ndim) = b`: a's shape is b's shape followed by X's (after moving the axes `axes` of
 * a to the end), and the sizes must match.
 *
 * @example
 * np.linalg.tensorsolve(np.eye(6).reshape([2, 3, 6]), np.ones([2, 3])) // ones [6]
 */
export function tensorsolve(a: ArrayLike, b: ArrayLike, axes?: readonly number[] | null): Tensor {
  let [x, y] = floatPair("linalg.tensorsolve", a, b);
  if (axes !== undefined && axes !== null) {
    const moved = intList("linalg.tensorsolve", "axes", axes);
    x = moveaxis(x, moved, moved.map(() => x.ndim - 1));
  }
  const outShape = x.shape.slice(y.ndim);
  const rows = y.size;
  const cols = outShape.reduce((p, d) => p * d, 1);
  if (x.shape.slice(0, y.ndim).some((d, i) => d !== y.shape[i]) || rows !== cols) {
    throw new ShapeError(
      `linalg.tensorsolve: a ${avalText(x)} must be b's shape [${y.shape.join(", ")}] followed by the solution's, ` +
        `with as many elements in each part (a square system).`,
    );
  }
  return ops.reshape(solve(ops.reshape(x, [rows, cols]), ops.reshape(y, [rows])), outShape);
}

/**
 * The inverse of `a` for `tensordot(·, ·, ind)`: shape `a.shape[ind:] ++ a.shape[:ind]`, the products of
 * both parts equal.
 *
 * @example
 * np.linalg.tensorinv(np.eye(4).reshape([4, 2, 2]), 1).shape // [2, 2, 4]
 */
export function tensorinv(a: ArrayLike, ind = 2): Tensor {
  if (!Number.isInteger(ind) || ind <= 0) throw new ArgumentError(`linalg.tensorinv: ind must be a positive integer, got ${showValue(ind)}.`);
  const x = floatArg("linalg.tensorinv", a);
  const head = x.shape.slice(0, ind);
  const tail = x.shape.slice(ind);
  const rows = head.reduce((p, d) => p * d, 1);
  const cols = tail.reduce((p, d) => p * d, 1);
  if (ind > x.ndim || rows !== cols) {
    throw new ShapeError(`linalg.tensorinv: the first ${ind} dims of ${avalText(x)} must hold as many elements as the rest.`);
  }
  return ops.reshape(inv(ops.reshape(x, [rows, cols])), [...tail, ...head]);
}
