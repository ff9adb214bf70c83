/**
 * The spectral primitives of `lax.linalg`: `eigh` (A = V diag(w) Vᵀ for
 * symmetric A given by one triangle, eigenvalues ascending) and `svd`
 * (A = U diag(s) Vᵀ, s descending), with JAX's JVPs for distinct
 * eigenvalues / singular values. Where two coincide the derivative of the
 * vectors is not defined (any rotation within the eigenspace is as good):
 * the rules divide by the gap, so the vector tangents are ±inf or NaN there,
 * as in JAX, while the value tangents stay right (dλ = diag(Vᵀ dA V)).
 *
 * @example
 * const [v, w] = ops.eigh(np.array([[2, 1], [1, 2]])); // w = [1, 3]
 */
import { eigh as eighKernel, svd as svdKernel } from "../../kernels/linalg/index.ts";
import type { FloatArray } from "../../kernels/linalg/index.ts";
import type { Primitive } from "../primitive.ts";
import { ConcreteTensor, type Aval, type Tensor, dataOf } from "../tensor.ts";
import * as ops from "../ops.ts";
import { TracegradError } from "../errors.ts";
import { avalText } from "./check.ts";
import { batchLeading } from "./batching.ts";
import { asColumn, asRow, batchCount, diagonal, eye, matmul, matrixDims, matrixOrThrow, mT, symmetricFrom } from "./matrices.ts";

// eigh

export const eigh: Primitive<"eigh"> = {
  name: "eigh",
  abstractEval([a]) {
    matrixOrThrow("eigh", a, true);
    return [
      { shape: a.shape, dtype: a.dtype },
      { shape: a.shape.slice(0, -1), dtype: a.dtype },
    ];
  },
  impl([a], { lower }) {
    const n = a.shape[a.ndim - 1];
    const { values, vectors } = eighKernel(dataOf(a) as FloatArray, batchCount(a.shape), n, { lower, computeVectors: true });
    return [new ConcreteTensor(vectors!, a.shape, a.dtype), new ConcreteTensor(values, a.shape.slice(0, -1), a.dtype)];
  },
  // first-order perturbation theory, with Ȧ the symmetric tangent of the triangle read and C = Vᵀ Ȧ V:
  // dw = diag(C), dV = V (F ∘ C) with F[i, j] = 1 / (w_j - w_i) off the diagonal and 0 on it
  jvp([a], [t], { lower }) {
    const [v, w] = ops.eigh(a, lower);
    const n = a.shape[a.ndim - 1];
    const c = matmul(matmul(mT(v), symmetricFrom(t!, lower)), v);
    const identity = eye(n, a.dtype);
    const gaps = ops.add(identity, ops.sub(asRow(w), asColumn(w)));
    const f = ops.sub(ops.div(ops.scalar(1, a.dtype), gaps), identity);
    return [[v, w], [matmul(v, ops.mul(f, c)), diagonal(c)]];
  },
  transpose: null,
  batch: batchLeading(() => eigh),
  lower: null,
};

// svd

/** s [..., k] and, with `computeUv`, U [..., m, m | k] and Vᵀ [..., n | k, n]. */
function svdAvals(a: Aval, fullMatrices: boolean, computeUv: boolean): Aval[] {
  matrixOrThrow("svd", a);
  const [m, n] = matrixDims(a.shape);
  const k = Math.min(m, n);
  const lead = a.shape.slice(0, -2);
  const s = { shape: [...lead, k], dtype: a.dtype };
  if (!computeUv) return [s];
  return [s, { shape: [...lead, m, fullMatrices ? m : k], dtype: a.dtype }, { shape: [...lead, fullMatrices ? n : k, n], dtype: a.dtype }];
}

export const svd: Primitive<"svd"> = {
  name: "svd",
  abstractEval: ([a], { fullMatrices, computeUv }) => svdAvals(a, fullMatrices, computeUv),
  impl([a], { fullMatrices, computeUv }) {
    const avals = svdAvals(a, fullMatrices, computeUv);
    const [m, n] = matrixDims(a.shape);
    const { s, u, vt } = svdKernel(dataOf(a) as FloatArray, batchCount(a.shape), m, n, { fullMatrices, computeUv });
    const outs = [s, u, vt].slice(0, avals.length);
    return outs.map((data, i) => new ConcreteTensor(data!, avals[i].shape, a.dtype));
  },
  // JAX's _svd_jvp_rule (real case): with dS = Uᵀ dA V (reduced factors),
  // ds = diag(dS), dU = U (F ∘ (dS S + S dSᵀ)), dV = V (F ∘ (S dS + dSᵀ S)), F[i, j] = 1 / (s_j² - s_i²) off the
  // diagonal; a tall A adds (I - U Uᵀ) dA V S⁻¹ to dU, a wide one (I - V Vᵀ) dAᵀ U S⁻¹ to dV
  jvp([a], [t], { fullMatrices, computeUv }) {
    const [m, n] = matrixDims(a.shape);
    if (computeUv && fullMatrices && m !== n) {
      throw new TracegradError(
        `svd: the derivative of the full U and Vᵀ of a non-square ${avalText(a)} is not defined (their extra columns are any ` +
          `orthonormal completion), as in JAX; differentiate svd with fullMatrices false, or the singular values alone.`,
      );
    }
    const outs = ops.svd(a, fullMatrices, computeUv);
    const [s, u, vt] = computeUv ? outs : ops.svd(a, false, true);
    const v = mT(vt);
    const ut = mT(u);
    const dS = matmul(matmul(ut, t!), v);
    const ds = diagonal(dS);
    if (!computeUv) return [outs, [ds]];
    const k = Math.min(m, n);
    const identity = eye(k, a.dtype);
    const row = asRow(s);
    const column = asColumn(s);
    const f = ops.sub(ops.div(ops.scalar(1, a.dtype), ops.add(ops.mul(ops.add(row, column), ops.sub(row, column)), identity)), identity);
    const dSS = ops.mul(row, dS);
    const SdS = ops.mul(column, dS);
    let du = matmul(u, ops.mul(f, ops.add(dSS, mT(dSS))));
    let dv = matmul(v, ops.mul(f, ops.add(SdS, mT(SdS))));
    if (m > n) {
      const dAV = matmul(t!, v);
      du = ops.add(du, ops.div(ops.sub(dAV, matmul(u, matmul(ut, dAV))), row));
    }
    if (n > m) {
      const dAU = matmul(mT(t!), u);
      dv = ops.add(dv, ops.div(ops.sub(dAU, matmul(v, matmul(vt, dAU))), row));
    }
    return [outs, [ds, du, mT(dv)]];
  },
  transpose: null,
  batch: batchLeading(() => svd),
  lower: null,
};
