/**
 * The matrix exponential and its Fréchet derivative:
 * `expm` (exp(A), Padé approximation with scaling and squaring) and
 * `expm_frechet` (L(A, E) = Σₖ 1/k! Σⱼ Aʲ E Aᵏ⁻¹⁻ʲ, the directional
 * derivative of exp at A along E), computed as the upper-right block of
 * exp([[A, E], [0, A]]) (Higham, "Functions of Matrices", 3.1; Mathias 1996).
 * `expm_frechet` is linear in E, with the transpose L(A, ·)ᵀ = L(Aᵀ, ·),
 * so `grad` of anything through `expm` is again a Fréchet derivative.
 *
 * @example
 * ops.expm(np.array([[0, 1], [0, 0]])) // [[1, 1], [0, 1]]
 * ops.expmFrechet(np.zeros([2, 2]), e) // e (the derivative of exp at 0 is the identity map)
 */
import { expm as expmKernel } from "../../kernels/linalg/index.ts";
import type { FloatArray } from "../../kernels/linalg/index.ts";
import { isLinear, singleOutputTranspose, type Primitive } from "../primitive.ts";
import { ConcreteTensor, type Tensor, dataOf } from "../tensor.ts";
import * as ops from "../ops.ts";
import { DTypeError, ShapeError, TracegradError } from "../errors.ts";
import { avalText } from "./check.ts";
import { batchFirst, batchLeading } from "./batching.ts";
import { batchCount, block, matrixOrThrow, mT, padMatrix } from "./matrices.ts";

export const expm: Primitive<"expm"> = {
  name: "expm",
  abstractEval([a]) {
    matrixOrThrow("expm", a, true);
    return [{ shape: a.shape, dtype: a.dtype }];
  },
  impl([a]) {
    const n = a.shape[a.ndim - 1];
    return [new ConcreteTensor(expmKernel(dataOf(a) as FloatArray, batchCount(a.shape), n), a.shape, a.dtype)];
  },
  // d exp(A) = L(A, dA), the Fréchet derivative
  jvp: ([a], [t]) => [[ops.expm(a)], [ops.expmFrechet(a, t!)]],
  transpose: null,
  batch: batchLeading(() => expm),
  lower: null,
};

/** max_j Σ_i |M[i, j]| of the n×n matrix at `offset`. */
function norm1(x: ArrayLike<number>, offset: number, n: number): number {
  let best = 0;
  for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += Math.abs(x[offset + i * n + j]);
    best = Math.max(best, sum);
  }
  return best;
}

/**
 * L(A, E) for each pair of the stacks: exp([[A, cE], [0, A]]) in the kernel, its upper-right block divided by c.
 * L is linear in E, so E is first scaled to the norm of A (at least 1): the block then has about A's norm and
 * the kernel picks the scaling A alone would need.
 */
function frechetKernel(a: FloatArray, e: FloatArray, batch: number, n: number): Float64Array {
  const size = n * n;
  const big = new Float64Array(batch * 4 * size);
  const scales = new Float64Array(batch);
  for (let t = 0; t < batch; t++) {
    const normE = norm1(e, t * size, n);
    scales[t] = normE === 0 || !Number.isFinite(normE) ? 1 : Math.max(norm1(a, t * size, n), 1) / normE;
    const base = t * 4 * size;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const x = a[t * size + i * n + j];
        big[base + i * 2 * n + j] = x;
        big[base + (n + i) * 2 * n + n + j] = x;
        big[base + i * 2 * n + n + j] = scales[t] * e[t * size + i * n + j];
      }
    }
  }
  const exp = expmKernel(big, batch, 2 * n);
  const out = new Float64Array(batch * size);
  for (let t = 0; t < batch; t++) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) out[t * size + i * n + j] = exp[t * 4 * size + i * 2 * n + n + j] / scales[t];
    }
  }
  return out;
}

export const expm_frechet: Primitive<"expm_frechet"> = {
  name: "expm_frechet",
  abstractEval([a, e]) {
    matrixOrThrow("expm_frechet", a, true);
    if (a.dtype !== e.dtype || a.shape.length !== e.shape.length || a.shape.some((d, i) => d !== e.shape[i])) {
      const Err = a.dtype !== e.dtype ? DTypeError : ShapeError;
      throw new Err(`expm_frechet: the direction ${avalText(e)} must have the shape and dtype of the matrix ${avalText(a)}.`);
    }
    return [{ shape: a.shape, dtype: a.dtype }];
  },
  impl([a, e]) {
    const n = a.shape[a.ndim - 1];
    const data = frechetKernel(dataOf(a) as FloatArray, dataOf(e) as FloatArray, batchCount(a.shape), n);
    return [new ConcreteTensor(a.dtype === "float32" ? Float32Array.from(data) : data, a.shape, a.dtype)];
  },
  // linear in E: d_E L = L(A, dE). In A: L(A, E) is the upper-right block of exp(M), M = [[A, E], [0, A]], so
  // d_A L(A, E)[dA] is the upper-right block of L(M, [[dA, 0], [0, dA]])
  jvp([a, e], [ta, te]) {
    const out = ops.expmFrechet(a, e);
    const fromE = te === null ? null : ops.expmFrechet(a, te);
    let fromA: Tensor | null = null;
    if (ta !== null) {
      const n = a.shape[a.ndim - 1];
      const m = ops.add(padMatrix(a, n, n), ops.add(padMatrix(e, n, 0, 0, n), padMatrix(a, 0, 0, n, n)));
      const direction = ops.add(padMatrix(ta, n, n), padMatrix(ta, 0, 0, n, n));
      fromA = block(ops.expmFrechet(m, direction), 0, n, n, 2 * n);
    }
    return [[out], [fromA === null ? fromE : fromE === null ? fromA : ops.add(fromA, fromE)]];
  },
  // ⟨C, L(A, E)⟩ = ⟨L(Aᵀ, C), E⟩
  transpose: singleOutputTranspose((ct, [a, e]) => {
    if (isLinear(a)) {
      throw new TracegradError("expm_frechet: transposed with respect to the matrix A, in which it is not linear (a tracegrad bug).");
    }
    return [null, isLinear(e) ? ops.expmFrechet(mT(a), ct) : null];
  }),
  batch: (size, [a, e], [da, de]) => [[ops.expmFrechet(batchFirst(a, da, size), batchFirst(e, de, size))], [0]],
  lower: null,
};
