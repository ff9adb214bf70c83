/**
 * Determinants of `np.linalg` from the LU factorization P A = L U, with
 * JAX's custom derivatives: d log|det A| = tr(A⁻¹ dA) (a solve), and
 * d det A = tr(adj(A) dA) through JAX's `_cofactor_solve`, which stays
 * right for singular A of rank n - 1 (where A⁻¹ does not exist but the
 * adjugate does) and gives 0 below that.
 *
 * @example
 * np.linalg.det([[1, 2], [3, 4]])     // -2.0000000000000004 (as numpy)
 * np.linalg.slogdet([[1, 2], [3, 4]]) // [-1, log 2]
 */
import * as ops from "../../core/ops.ts";
import { block, diagonal, matrixDims, permuteRows, trace } from "../../core/primitives/matrices.ts";
import { ConcreteTensor, type ArrayLike, type Tensor } from "../../core/tensor.ts";
import { prod } from "../reductions.ts";
import { luSolveFactored, matrixArg, withCustomJvp } from "./util.ts";

/** (-1)^(row swaps) from LU's pivots [..., n]: the product of -1 for each step that swapped two rows. */
function swapSign(pivots: Tensor, dtype: Tensor["dtype"]): Tensor {
  const n = pivots.shape[pivots.ndim - 1];
  const iota = ops.fromInt32(Int32Array.from({ length: n }, (_, i) => i));
  return prod(ops.select(ops.ne(pivots, iota), ops.scalar(-1, dtype), ops.scalar(1, dtype)), -1);
}

/** [sign · ∏_{i<n-1} U_ii, U_{n-1,n-1}]: det A is their product (the split the cofactor rule needs). */
function detParts(packed: Tensor, pivots: Tensor): [Tensor, Tensor] {
  const d = diagonal(packed);
  const n = d.shape[d.ndim - 1];
  const lead = d.shape.slice(0, -1);
  const head = ops.slice(d, [...lead.map(() => 0), 0], [...lead, n - 1]);
  const last = ops.reshape(ops.slice(d, [...lead.map(() => 0), n - 1], [...lead, n]), lead);
  return [ops.mul(swapSign(pivots, packed.dtype), prod(head, -1)), last];
}

/** sign(det A) and log|det A| from the factors of P A = L U: the swaps' sign times ∏ sign(U_ii), and Σ log|U_ii|. */
function slogdetFromLu(packed: Tensor, pivots: Tensor): [Tensor, Tensor] {
  const d = diagonal(packed);
  // a zero pivot makes the product 0, or -0 after an odd number of swaps: + 0 makes it 0, as numpy's and JAX's
  const sign = ops.add(ops.mul(swapSign(pivots, packed.dtype), prod(ops.sign(d), -1)), ops.scalar(0, packed.dtype));
  return [sign, ops.reduceSum(ops.log(ops.abs(d)), [d.ndim - 1])];
}

const slogdetStacks = withCustomJvp(
  (a: Tensor): Tensor[] => {
    const [packed, pivots] = ops.lu(a);
    return slogdetFromLu(packed, pivots);
  },
  // d log|det A| = tr(A⁻¹ dA), a solve with the factors of the value; the sign is piecewise constant
  ([a], [da]) => {
    const [packed, pivots, permutation] = ops.lu(a);
    const [sign, logabsdet] = slogdetFromLu(packed, pivots);
    return [
      [sign, logabsdet],
      [ops.zerosLike(sign), trace(luSolveFactored(packed, permutation, da, false))],
    ];
  },
);

/**
 * The sign and natural log of |det A| for square matrices [..., n, n]: `[sign, logabsdet]`, each [...]. They do
 * not overflow where `det` would; a singular matrix gives sign 0 and logabsdet -inf. The derivative of
 * logabsdet is tr(A⁻¹ dA) (JAX's rule), a solve.
 *
 * @example
 * np.linalg.slogdet([[1, 2], [3, 4]]) // [-1, 0.6931471805599453]
 */
export function slogdet(a: ArrayLike): [sign: Tensor, logabsdet: Tensor] {
  const [sign, logabsdet] = slogdetStacks(matrixArg("linalg.slogdet", a, true)) as Tensor[];
  return [sign, logabsdet];
}

/** A constant bool [n, n] mask of the lower-right corner. */
function cornerMask(n: number): ConcreteTensor {
  const data = new Uint8Array(n * n);
  data[n * n - 1] = 1;
  return new ConcreteTensor(data, [n, n], "bool");
}

/**
 * [det A, adj(A) B] for square A and B of A's shape: JAX's `_cofactor_solve`. From P A = L U, adj(A) B =
 * det(A) U⁻¹ L⁻¹ P B. Replacing U's last pivot by 1 / (sign ∏_{i<n-1} U_ii) and scaling every row of
 * L⁻¹ P B but the last by det A gives the same back substitution, finite when only the last pivot is zero
 * (rank n - 1). Where the patched U is still singular (rank < n - 1) the adjugate is 0.
 */
function cofactorSolve(a: Tensor, b: Tensor): [Tensor, Tensor] {
  const [n, k] = matrixDims(b.shape);
  const lead = a.shape.slice(0, -2);
  if (n === 1) return [ops.reshape(a, lead), b];
  const [packed, pivots, permutation] = ops.lu(a);
  const [head, last] = detParts(packed, pivots);
  const det = ops.mul(head, last);
  const corner = ops.reshape(ops.div(ops.scalar(1, a.dtype), head), [...lead, 1, 1]);
  const patched = ops.select(cornerMask(n), corner, packed);
  const probe = ops.triangularSolve(patched, ops.full([...lead, n, 1], 1, a.dtype), { leftSide: true, lower: false });
  const finite = ops.reduceMin(ops.convert(ops.isFinite(probe), a.dtype), [probe.ndim - 2, probe.ndim - 1]);
  const lowRank = ops.reshape(ops.lt(finite, ops.scalar(1, a.dtype)), [...lead, 1, 1]);
  const zero = ops.scalar(0, a.dtype);
  const y = ops.triangularSolve(patched, permuteRows(ops.select(lowRank, zero, b), permutation), { leftSide: true, lower: true, unitDiagonal: true });
  const scaled = ops.concatenate([ops.mul(block(y, 0, n - 1, 0, k), ops.reshape(det, [...lead, 1, 1])), block(y, n - 1, n, 0, k)], y.ndim - 2);
  const x = ops.triangularSolve(patched, scaled, { leftSide: true, lower: false });
  return [det, ops.select(lowRank, zero, x)];
}

/** det A = sign · exp(log|det A|), as numpy and JAX compute it. */
function detFromLu(a: Tensor): Tensor {
  const [packed, pivots] = ops.lu(a);
  const [sign, logabsdet] = slogdetFromLu(packed, pivots);
  return ops.mul(sign, ops.exp(logabsdet));
}

const detStacks = withCustomJvp(
  detFromLu,
  // d det A = tr(adj(A) dA) (Jacobi's formula)
  ([a], [da]) => [detFromLu(a), trace(cofactorSolve(a, da)[1])],
);

/**
 * The determinants of square matrices [..., n, n], from LU with partial pivoting: sign · exp(Σ log|U_ii|), as
 * numpy and JAX compute it (it overflows for large n, where `slogdet` does not). Its derivative is tr(adj(A) dA), right also for singular A
 * (JAX's rule).
 *
 * @example
 * np.linalg.det([[1, 2], [3, 4]]) // -2.0000000000000004
 */
export function det(a: ArrayLike): Tensor {
  const x = matrixArg("linalg.det", a, true);
  if (x.shape[x.ndim - 1] === 0) return ops.full(x.shape.slice(0, -2), 1, x.dtype);
  return detStacks(x);
}
