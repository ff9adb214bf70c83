/**
 * The factorization primitives of `lax.linalg`: `cholesky` (A = L Lᵀ),
 * `lu` (P A = L U, with JAX's three outputs: the packed factors, the pivots
 * and the permutation), `lu_pivots_to_permutation` and `qr` (A = Q R).
 * Each runs its kernel of `lib/kernels/linalg/` over the stack `[..., m, n]`;
 * the JVPs are JAX's (`cholesky_jvp_rule`, `_lu_jvp_rule`, `qr_jvp_rule`),
 * written with triangular solves and products so that they differentiate
 * again, and batching moves the batch axis in front, where stacks are native.
 *
 * @example
 * const [q, r] = ops.qr(np.array([[3], [4]]), false); // q = [[-0.6], [-0.8]], r = [[-5]]
 */
import { cholesky as choleskyKernel, lu as luKernel, qr as qrKernel } from "../../kernels/linalg/index.ts";
import type { FloatArray } from "../../kernels/linalg/index.ts";
import type { Primitive } from "../primitive.ts";
import { ConcreteTensor, type Aval, type Tensor, dataOf } from "../tensor.ts";
import * as ops from "../ops.ts";
import { ArgumentError, DTypeError, TracegradError } from "../errors.ts";
import { avalText } from "./check.ts";
import { batchLeading } from "./batching.ts";
import {
  batchCount, block, eye, matmul, matrixDims, matrixOrThrow, mT, padMatrix, permuteRows, symmetricFrom, tril, triu,
} from "./matrices.ts";

// cholesky

export const cholesky: Primitive<"cholesky"> = {
  name: "cholesky",
  abstractEval([a]) {
    matrixOrThrow("cholesky", a, true);
    return [{ shape: a.shape, dtype: a.dtype }];
  },
  impl([a]) {
    const n = a.shape[a.ndim - 1];
    return [new ConcreteTensor(choleskyKernel(dataOf(a) as FloatArray, batchCount(a.shape), n), a.shape, a.dtype)];
  },
  // Murray (arXiv:1602.07527): with Σ̇ the symmetric tangent the kernel reads (from dA's lower triangle),
  // dL = L Φ(L⁻¹ Σ̇ L⁻ᵀ), Φ(X) = the lower triangle of X with its diagonal halved
  jvp([a], [t]) {
    const l = ops.cholesky(a);
    const sigma = symmetricFrom(t!, true);
    const right = ops.triangularSolve(l, sigma, { leftSide: false, lower: true, transposeA: true });
    const inner = ops.triangularSolve(l, right, { leftSide: true, lower: true });
    const n = a.shape[a.ndim - 1];
    const half = ops.sub(ops.scalar(1, a.dtype), ops.mulScalar(eye(n, a.dtype), 0.5));
    return [[l], [matmul(l, ops.mul(tril(inner), half))]];
  },
  transpose: null,
  batch: batchLeading(() => cholesky),
  lower: null,
};

// lu

export const lu: Primitive<"lu"> = {
  name: "lu",
  abstractEval([a]) {
    matrixOrThrow("lu", a);
    const [m, n] = matrixDims(a.shape);
    const lead = a.shape.slice(0, -2);
    return [
      { shape: a.shape, dtype: a.dtype },
      { shape: [...lead, Math.min(m, n)], dtype: "int32" },
      { shape: [...lead, m], dtype: "int32" },
    ];
  },
  impl([a]) {
    const [m, n] = matrixDims(a.shape);
    const lead = a.shape.slice(0, -2);
    const { lu: packed, pivots, permutation } = luKernel(dataOf(a) as FloatArray, batchCount(a.shape), m, n);
    return [
      new ConcreteTensor(packed, a.shape, a.dtype),
      new ConcreteTensor(pivots, [...lead, Math.min(m, n)], "int32"),
      new ConcreteTensor(permutation, [...lead, m], "int32"),
    ];
  },
  // de Hoog, Anderssen, Lukas: from P A = L U, L⁻¹ P dA U⁻¹ = L⁻¹ dL + dU U⁻¹, so
  // dL = L tril(L⁻¹ P dA U⁻¹, -1) and dU = triu(L⁻¹ P dA U⁻¹) U (L padded to m×m, U to n×n);
  // the pivots do not change under small perturbations
  jvp([a], [t]) {
    const [packed, pivots, permutation] = ops.lu(a);
    const [m, n] = matrixDims(a.shape);
    const k = Math.min(m, n);
    const x = permuteRows(t!, permutation);
    const l = ops.add(padMatrix(tril(block(packed, 0, m, 0, k), -1), 0, m - k), eye(m, a.dtype));
    const uEye = padMatrix(eye(n - k, a.dtype), 0, 0, k, k);
    const u = ops.add(padMatrix(triu(block(packed, 0, k, 0, n)), n - k, 0), uEye);
    const la = ops.triangularSolve(l, x, { leftSide: true, lower: true, unitDiagonal: true });
    const lau = ops.triangularSolve(u, la, { leftSide: false, lower: false });
    const tangent = ops.add(matmul(l, tril(lau, -1)), matmul(triu(lau), u));
    return [[packed, pivots, permutation], [tangent, null, null]];
  },
  transpose: null,
  batch: batchLeading(() => lu),
  lower: null,
};

/** perm[i] for i < size: the swaps i ↔ pivots[i] applied in order to 0..size-1 (as LAPACK's laswp on an iota). */
function pivotsToPermutation(pivots: Int32Array, b: number, k: number, size: number, out: Int32Array): void {
  const offset = b * size;
  for (let i = 0; i < size; i++) out[offset + i] = i;
  for (let i = 0; i < k; i++) {
    const j = pivots[b * k + i];
    const tmp = out[offset + i];
    out[offset + i] = out[offset + j];
    out[offset + j] = tmp;
  }
}

export const lu_pivots_to_permutation: Primitive<"lu_pivots_to_permutation"> = {
  name: "lu_pivots_to_permutation",
  abstractEval([pivots], { permutationSize }) {
    if (pivots.dtype !== "int32" || pivots.shape.length < 1) {
      throw new DTypeError(`lu_pivots_to_permutation: needs int32 pivots [..., k], got ${avalText(pivots)}.`);
    }
    const k = pivots.shape[pivots.shape.length - 1];
    if (!Number.isInteger(permutationSize) || permutationSize < k) {
      throw new ArgumentError(`lu_pivots_to_permutation: permutationSize ${permutationSize} must be an integer ≥ the ${k} pivots of ${avalText(pivots)}.`);
    }
    return [{ shape: [...pivots.shape.slice(0, -1), permutationSize], dtype: "int32" }];
  },
  impl([pivots], { permutationSize }) {
    const k = pivots.shape[pivots.ndim - 1];
    const count = pivots.shape.slice(0, -1).reduce((p, d) => p * d, 1);
    const data = dataOf(pivots) as Int32Array;
    for (let i = 0; i < data.length; i++) {
      const row = i % Math.max(k, 1);
      if (!(data[i] >= row && data[i] < permutationSize)) {
        throw new ArgumentError(`lu_pivots_to_permutation: pivot ${data[i]} at step ${row} is outside [${row}, ${permutationSize}); pass the pivots lu returned.`);
      }
    }
    const out = new Int32Array(count * permutationSize);
    for (let b = 0; b < count; b++) pivotsToPermutation(data, b, k, permutationSize, out);
    return [new ConcreteTensor(out, [...pivots.shape.slice(0, -1), permutationSize], "int32")];
  },
  // integer-valued: no tangent
  jvp: ([pivots], _t, { permutationSize }) => [[ops.luPivotsToPermutation(pivots, permutationSize)], [null]],
  transpose: null,
  batch: batchLeading(() => lu_pivots_to_permutation),
  lower: null,
};

// qr

/** Q [m, m] or [m, k] and R [m, n] or [k, n], k = min(m, n). */
function qrAvals(a: Aval, fullMatrices: boolean): Aval[] {
  matrixOrThrow("qr", a);
  const [m, n] = matrixDims(a.shape);
  const k = fullMatrices ? m : Math.min(m, n);
  const lead = a.shape.slice(0, -2);
  return [
    { shape: [...lead, m, k], dtype: a.dtype },
    { shape: [...lead, k, n], dtype: a.dtype },
  ];
}

/**
 * JAX's rule for square or tall A = Q R (Q [m, n], R [n, n]): with C = Qᵀ dA R⁻¹ and Ω = tril(C, -1) - tril(C, -1)ᵀ,
 * dQ = Q (Ω - C) + dA R⁻¹ and dR = (C - Ω) R (QᵀdQ is skew-symmetric, dR upper triangular).
 */
function qrTallTangent(q: Tensor, r: Tensor, da: Tensor): [Tensor, Tensor] {
  const daRinv = ops.triangularSolve(r, da, { leftSide: false, lower: false });
  const c = matmul(mT(q), daRinv);
  const low = tril(c, -1);
  const omega = ops.sub(low, mT(low));
  const dq = ops.add(matmul(q, ops.sub(omega, c)), daRinv);
  const dr = matmul(ops.sub(c, omega), r);
  return [dq, dr];
}

export const qr: Primitive<"qr"> = {
  name: "qr",
  abstractEval: ([a], { fullMatrices }) => qrAvals(a, fullMatrices),
  impl([a], { fullMatrices }) {
    const [qAval, rAval] = qrAvals(a, fullMatrices);
    const [m, n] = matrixDims(a.shape);
    const { q, r } = qrKernel(dataOf(a) as FloatArray, batchCount(a.shape), m, n, fullMatrices ? "complete" : "reduced");
    return [new ConcreteTensor(q!, qAval.shape, a.dtype), new ConcreteTensor(r, rAval.shape, a.dtype)];
  },
  // tall (m ≥ n): JAX's qr_jvp_rule. Wide (m < n, beyond JAX): A = [X | Y] with X m×m has Q, R = [U | QᵀY] from
  // X = Q U (the reflectors come from X alone), so dQ, dU follow X's rule and d(QᵀY) = dQᵀY + QᵀdY
  jvp([a], [t], { fullMatrices }) {
    const [q, r] = ops.qr(a, fullMatrices);
    const [m, n] = matrixDims(a.shape);
    if (fullMatrices && m > n) {
      throw new TracegradError(
        `qr: the derivative of the complete Q of a tall ${avalText(a)} is not defined (its last ${m - n} columns are any ` +
          `orthonormal completion), as in JAX; differentiate the reduced factorization (fullMatrices false, np.linalg.qr's default mode "reduced").`,
      );
    }
    if (m >= n) {
      const [dq, dr] = qrTallTangent(q, r, t!);
      return [[q, r], [dq, dr]];
    }
    const u = block(r, 0, m, 0, m);
    const [dq, du] = qrTallTangent(q, u, block(t!, 0, m, 0, m));
    const dRest = ops.add(matmul(mT(dq), block(a, 0, m, m, n)), matmul(mT(q), block(t!, 0, m, m, n)));
    return [[q, r], [dq, ops.concatenate([du, dRest], r.ndim - 1)]];
  },
  transpose: null,
  batch: batchLeading(() => qr),
  lower: null,
};
