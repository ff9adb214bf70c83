/**
 * `lax.linalg`: the factorization primitives as JAX's `jax.lax.linalg`
 * exposes them, with its argument conventions and output orders
 * (`eigh` gives `[v, w]`, `svd` gives `[u, s, vt]`, `lu` gives
 * `[lu, pivots, permutation]`). Inputs must be float stacks `[..., m, n]`.
 *
 * @example
 * const [v, w] = lax.linalg.eigh(np.array([[2, 1], [1, 2]])); // w = [1, 3]
 * lax.linalg.triangularSolve(l, b, { leftSide: true, lower: true }) // L⁻¹ b
 */
import { ShapeError } from "../../core/errors.ts";
import { toTensor } from "../../core/convert.ts";
import * as ops from "../../core/ops.ts";
import { avalText } from "../../core/primitives/check.ts";
import { matrixOrThrow, symmetrize } from "../../core/primitives/matrices.ts";
import type { ArrayLike, Tensor } from "../../core/tensor.ts";
import { optionsArg } from "./util.ts";
import { booleanArg, integerArg } from "../options.ts";

function tensor(op: string, x: ArrayLike): Tensor {
  return toTensor(x, op);
}

/** A float stack of square matrices, checked before anything is computed on it. */
function squareStack(op: string, x: ArrayLike): Tensor {
  const t = toTensor(x, op);
  matrixOrThrow(op, t, true);
  return t;
}

/**
 * The lower Cholesky factor L (A = L Lᵀ) of symmetric positive-definite matrices; NaN where A is not positive
 * definite. With `symmetrizeInput` (default) A is replaced by (A + Aᵀ)/2, else only its lower triangle is read.
 *
 * @example
 * lax.linalg.cholesky(np.array([[4, 2], [2, 5]])) // [[2, 0], [1, 2]]
 */
export function cholesky(x: ArrayLike, options?: { readonly symmetrizeInput?: boolean }): Tensor {
  const o = optionsArg("lax.linalg.cholesky", options, ["symmetrizeInput"]);
  const a = squareStack("lax.linalg.cholesky", x);
  return ops.cholesky(booleanArg("lax.linalg.cholesky", "symmetrizeInput", o.symmetrizeInput, true) ? symmetrize(a) : a);
}

/** Options of `triangularSolve` (JAX's defaults: all false). `conjugateA` has no effect on real matrices. */
export interface TriangularSolveOptions {
  readonly leftSide?: boolean;
  readonly lower?: boolean;
  readonly transposeA?: boolean;
  readonly conjugateA?: boolean;
  readonly unitDiagonal?: boolean;
}

/**
 * X with op(A) X = B (`leftSide`) or X op(A) = B, op(A) = Aᵀ with `transposeA`, reading only A's `lower` (or
 * upper) triangle, and taking its diagonal as ones with `unitDiagonal`. A is [..., k, k]; B is [..., m, n] with
 * the same leading dims, or one vector per matrix ([..., k]). A zero on A's diagonal gives ±inf or NaN.
 *
 * @example
 * lax.linalg.triangularSolve(np.array([[2, 0], [1, 1]]), np.array([2, 3]), { leftSide: true, lower: true }) // [1, 2]
 */
export function triangularSolve(a: ArrayLike, b: ArrayLike, options?: TriangularSolveOptions): Tensor {
  const op = "lax.linalg.triangularSolve";
  const o = optionsArg(op, options, ["leftSide", "lower", "transposeA", "conjugateA", "unitDiagonal"]);
  const flags = {
    leftSide: booleanArg(op, "leftSide", o.leftSide, false),
    lower: booleanArg(op, "lower", o.lower, false),
    transposeA: booleanArg(op, "transposeA", o.transposeA, false),
    unitDiagonal: booleanArg(op, "unitDiagonal", o.unitDiagonal, false),
  };
  booleanArg(op, "conjugateA", o.conjugateA, false);
  const x = tensor(op, a);
  let y = tensor(op, b);
  const singleton = y.ndim === x.ndim - 1 && y.ndim >= 1;
  const k = x.shape[x.ndim - 1];
  const fits =
    x.ndim >= 2 && x.shape[x.ndim - 2] === k && (singleton || y.ndim === x.ndim) &&
    x.shape.slice(0, -2).every((d, i) => d === y.shape[i]) &&
    (singleton ? y.shape[y.ndim - 1] === k : y.shape[flags.leftSide ? y.ndim - 2 : y.ndim - 1] === k);
  if (!fits) {
    throw new ShapeError(
      `${op}: a ${avalText(x)} and b ${avalText(y)} do not fit ${flags.leftSide ? "op(A) X = B" : "X op(A) = B"}: a must be ` +
        `[..., k, k] and b [..., ${flags.leftSide ? "k, n" : "m, k"}] (or [..., k]) with the same leading dims.`,
    );
  }
  if (singleton) y = ops.reshape(y, flags.leftSide ? [...y.shape, 1] : [...y.shape.slice(0, -1), 1, y.shape[y.ndim - 1]]);
  const out = ops.triangularSolve(x, y, flags);
  return singleton ? ops.reshape(out, out.shape.filter((_, i) => i !== (flags.leftSide ? out.ndim - 1 : out.ndim - 2))) : out;
}

/**
 * The LU factorization with partial pivoting P A = L U of [..., m, n]: `[lu, pivots, permutation]`, L (unit
 * diagonal, not stored) and U packed in `lu`, `pivots` [..., min(m, n)] the row swapped with row i at step i
 * (int32), and `permutation` [..., m] (int32) the rows of A in the order of P A.
 *
 * @example
 * const [lu, pivots, perm] = lax.linalg.lu(np.array([[1, 2], [3, 4]])); // pivots [1, 1], perm [1, 0]
 */
export function lu(x: ArrayLike): [lu: Tensor, pivots: Tensor, permutation: Tensor] {
  return ops.lu(tensor("lax.linalg.lu", x));
}

/**
 * The permutation [..., permutationSize] that LU's row swaps `pivots` [..., k] make of 0..size-1.
 *
 * @example
 * lax.linalg.luPivotsToPermutation(np.array([1, 1], { dtype: "int32" }), 2) // [1, 0]
 */
export function luPivotsToPermutation(pivots: ArrayLike, permutationSize: number): Tensor {
  const op = "lax.linalg.luPivotsToPermutation";
  const size = integerArg(op, "permutationSize", permutationSize);
  const p = tensor(op, pivots);
  if (p.dtype !== "int32" || p.ndim < 1 || p.shape[p.ndim - 1] > size) {
    throw new ShapeError(`${op}: needs int32 pivots [..., k] with k ≤ permutationSize ${size}, got ${avalText(p)}.`);
  }
  return ops.luPivotsToPermutation(p, size);
}

/**
 * A = Q R: `[q, r]`, q [..., m, m] and r [..., m, n] with `fullMatrices` (default), else [..., m, k] and
 * [..., k, n], k = min(m, n).
 *
 * @example
 * const [q, r] = lax.linalg.qr(np.array([[3], [4]]), { fullMatrices: false }); // q = [[-0.6], [-0.8]], r = [[-5]]
 */
export function qr(x: ArrayLike, options?: { readonly fullMatrices?: boolean }): [q: Tensor, r: Tensor] {
  const o = optionsArg("lax.linalg.qr", options, ["fullMatrices"]);
  return ops.qr(tensor("lax.linalg.qr", x), booleanArg("lax.linalg.qr", "fullMatrices", o.fullMatrices, true));
}

/**
 * Eigenvectors (columns) and ascending eigenvalues of symmetric matrices: `[v, w]` (JAX's order). With
 * `symmetrizeInput` (default) A is replaced by (A + Aᵀ)/2; else only the `lower` (default) or upper triangle is read.
 *
 * @example
 * const [v, w] = lax.linalg.eigh(np.array([[2, 1], [1, 2]])); // w = [1, 3]
 */
export function eigh(x: ArrayLike, options?: { readonly lower?: boolean; readonly symmetrizeInput?: boolean }): [v: Tensor, w: Tensor] {
  const op = "lax.linalg.eigh";
  const o = optionsArg(op, options, ["lower", "symmetrizeInput"]);
  const a = squareStack(op, x);
  const lower = booleanArg(op, "lower", o.lower, true);
  return ops.eigh(booleanArg(op, "symmetrizeInput", o.symmetrizeInput, true) ? symmetrize(a) : a, lower);
}

/**
 * A = U diag(s) Vᵀ: `[u, s, vt]` (JAX's order), or s alone with `computeUv: false`; u [..., m, m] and vt
 * [..., n, n] with `fullMatrices` (default), else [..., m, k] and [..., k, n].
 *
 * @example
 * const [u, s, vt] = lax.linalg.svd(np.array([[3, 0], [0, -2]])); // s = [3, 2]
 */
export function svd(x: ArrayLike, options?: { readonly fullMatrices?: boolean; readonly computeUv?: boolean }): [u: Tensor, s: Tensor, vt: Tensor] | Tensor {
  const op = "lax.linalg.svd";
  const o = optionsArg(op, options, ["fullMatrices", "computeUv"]);
  const computeUv = booleanArg(op, "computeUv", o.computeUv, true);
  const outs = ops.svd(tensor(op, x), booleanArg(op, "fullMatrices", o.fullMatrices, true), computeUv);
  if (!computeUv) return outs[0];
  return [outs[1], outs[0], outs[2]];
}
