/**
 * Batched matrix products: out[t, i, j] = Σ_p a[t, i, p] · b[t, p, j].
 *
 * Arithmetic: float32 when both operands are Float32Array and the output is
 * float32 (products and sums rounded to float32, as BLAS and XLA do), else
 * float64 (int32 and bool operands are widened; the result is stored into
 * `outDtype`). Every output is summed in index order over p, so every path
 * gives the same bits: the WebAssembly SIMD kernel (./wasm/gemm.ts: packed
 * panels, register tiles, cache blocks, worker threads for large products)
 * and the JavaScript loops (./matmulJs.ts: small products, vectors, and
 * runtimes without WebAssembly); they equal the naive triple loop.
 *
 * Operands may be strided (`matmulStrided`): `Aᵀ B` and `A Bᵀ`, as
 * `dot_general` presents them to gradients, are read in place.
 *
 * @example
 * matmul(a, b, 1, m, k, n, "float32");                       // contiguous a [m, k], b [k, n]
 * matmulStrided({ data: x, batchStride: 0, rowStride: 1, colStride: m }, contiguous(g, k, n), 1, m, k, n, "float32"); // xᵀ g
 */
import { allocate } from "../array/dtype.ts";
import type { DType, TypedArray } from "../array/dtype.ts";
import { wasmEnabled } from "../wasm/features.ts";
import { contiguous, matmulJs, type StridedMatrix } from "./matmulJs.ts";
import { transpose } from "./movement.ts";
import { wasmGemm } from "./wasm/gemm.ts";

export { contiguous, type StridedMatrix } from "./matmulJs.ts";

/** Thresholds, mutable so that the specs can force either path on small products. */
export const matmulTuning = {
  /** A test-only switch: false forces the JavaScript path where WebAssembly would run (spec/kernels/largeShapes.spec.ts). */
  wasm: true,
  /** Multiply-adds from which a product (not a vector) runs in WebAssembly. */
  wasmWork: 4096,
};

/** Options of `matmulStrided`: `wasm: false` keeps a product in JavaScript (the same bits, slower). */
export interface MatmulOptions {
  readonly wasm?: boolean;
}

/** The batched product of contiguous a [batch, m, k] and b [batch, k, n] into [batch, m, n] of `outDtype`. */
export function matmul(a: TypedArray, b: TypedArray, batch: number, m: number, k: number, n: number, outDtype: DType, options: MatmulOptions = {}): TypedArray {
  return matmulStrided(contiguous(a, m, k), contiguous(b, k, n), batch, m, k, n, outDtype, options);
}

/** The batched product of strided operands (see `StridedMatrix`) into a new contiguous [batch, m, n] of `outDtype`. */
export function matmulStrided(
  a: StridedMatrix,
  b: StridedMatrix,
  batch: number,
  m: number,
  k: number,
  n: number,
  outDtype: DType,
  options: MatmulOptions = {},
): TypedArray {
  const size = batch * m * n;
  const out = allocate(outDtype, size);
  if (size === 0 || k === 0) return out;
  const arithmetic = a.data instanceof Float32Array && b.data instanceof Float32Array && outDtype === "float32" ? "float32" : "float64";
  // bool results are 0 or 1 (typed-array stores would keep the sum)
  const target = outDtype === "bool" ? new Float64Array(size) : out;
  const vector = m === 1 || n === 1;
  const useWasm = (options.wasm ?? matmulTuning.wasm) && wasmEnabled() && !vector && m * n * k >= matmulTuning.wasmWork;
  if (!useWasm || !wasmGemm(a, b, target, batch, m, k, n, arithmetic)) matmulJs(a, b, target, batch, m, k, n, arithmetic);
  if (target !== out) for (let i = 0; i < size; i++) out[i] = target[i] !== 0 ? 1 : 0;
  return out;
}

/**
 * One stride (in elements) that walks the axes `group` of a row-major array
 * of `shape` as one flattened axis, or null when they are not evenly spaced
 * in that order (size-1 axes do not count; an empty or size-1 group: 0).
 */
function groupStride(shape: readonly number[], group: readonly number[]): number | null {
  const strides = new Array<number>(shape.length);
  for (let d = shape.length - 1, s = 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  const axes = group.filter((a) => shape[a] !== 1);
  for (let i = 0; i + 1 < axes.length; i++) if (strides[axes[i]] !== strides[axes[i + 1]] * shape[axes[i + 1]]) return null;
  return axes.length === 0 ? 0 : strides[axes[axes.length - 1]];
}

/**
 * A row-major array of `shape` as a strided [batch, outer, inner] matrix
 * (each a group of axes, flattened in the order given): read in place when
 * each group is one evenly spaced axis (`xᵀ`, as `dot_general` presents it
 * to gradients, is), else transposed into that order first.
 *
 * @example
 * stridedOperand(x, [5, 7], [], [1], [0]); // xᵀ: { data: x, batchStride: 0, rowStride: 1, colStride: 7 }
 */
export function stridedOperand(data: TypedArray, shape: readonly number[], batch: readonly number[], outer: readonly number[], inner: readonly number[]): StridedMatrix {
  const [b, o, i] = [groupStride(shape, batch), groupStride(shape, outer), groupStride(shape, inner)];
  if (b !== null && o !== null && i !== null) return { data, batchStride: b, rowStride: o, colStride: i };
  const size = (axes: readonly number[]) => axes.reduce((p, a) => p * shape[a], 1);
  return contiguous(transpose(data, shape, [...batch, ...outer, ...inner]), size(outer), size(inner));
}
