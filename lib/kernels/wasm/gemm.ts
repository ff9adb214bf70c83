/**
 * Runs the generated matrix-product module (./gemmModule.ts) over the
 * shared heap: operands are copied in as they are laid out (any element
 * strides: a transposed operand is read in place by the packing, never
 * transposed first), the product runs on one thread or several
 * (lib/threads), and C is copied out. Results equal `matmulJs`'s bit for
 * bit, on any number of threads.
 *
 * Threads: a product of at least `gemmTuning.parallelWork` multiply-adds
 * is split by row blocks of C (after packing B, split by column panels);
 * a batch of smaller products is split by item.
 *
 * @example
 * const ok = wasmGemm(a, b, out, batch, m, k, n, "float32"); // false: does not fit the heap
 */
import type { TypedArray } from "../../array/dtype.ts";
import { parallelFor, sharedKernel, threadCount, type KernelFunction, type SharedKernel } from "../../threads/pool.ts";
import { HeapLayout, wasmHeap, type WasmHeap } from "../../wasm/memory.ts";
import type { StridedMatrix } from "../matmulJs.ts";
import { DESC, GEMM_SHAPES, gemmModule, nrOf, packedBBytes, scratchBytes, type GemmShape } from "./gemmModule.ts";

/** Thresholds, mutable so that the specs can force every path on small products. */
export const gemmTuning = {
  /** Multiply-adds from which a product uses the worker threads. */
  parallelWork: 1 << 21,
};

interface GemmKernels {
  readonly shape: GemmShape;
  readonly item: SharedKernel;
  readonly packB: SharedKernel;
  readonly rows: SharedKernel;
}

const compiled = new Map<string, GemmKernels>();

function kernelsFor(dtype: "float32" | "float64"): GemmKernels {
  let k = compiled.get(dtype);
  if (k === undefined) {
    const shape = GEMM_SHAPES[dtype];
    const module = new WebAssembly.Module(gemmModule(shape));
    const exports = wasmHeap().instantiate(module).exports;
    const shared = (name: string) => sharedKernel(module, name, exports[name] as KernelFunction);
    k = { shape, item: shared("item"), packB: shared("packB"), rows: shared("rows") };
    compiled.set(dtype, k);
  }
  return k;
}

function viewOf(heap: WasmHeap, dtype: "float32" | "float64"): Float32Array | Float64Array {
  return dtype === "float32" ? heap.f32() : heap.f64();
}

const roundUp = (x: number, unit: number) => Math.ceil(x / unit) * unit;

/**
 * out[t, i, j] = Σ_p a[t, i, p] · b[t, p, j] in `dtype` arithmetic (each sum in
 * index order), for operands of any element strides; `out` is contiguous
 * [batch, m, n] (any numeric typed array: values are converted on the way
 * out). False, having done nothing, when the operands do not fit the heap.
 */
export function wasmGemm(
  a: StridedMatrix,
  b: StridedMatrix,
  out: TypedArray,
  batch: number,
  m: number,
  k: number,
  n: number,
  dtype: "float32" | "float64",
): boolean {
  const kernels = kernelsFor(dtype);
  const s = kernels.shape;
  const E = s.bytes;
  const nr = nrOf(s);
  const threads = threadCount();
  const work = m * n * k;
  const splitItems = threads > 1 && work >= gemmTuning.parallelWork;
  const splitBatch = !splitItems && threads > 1 && batch > 1 && batch * work >= gemmTuning.parallelWork;
  // row blocks: at most MC rows, and enough of them to keep every thread busy
  const mc = splitItems ? Math.min(s.mc, roundUp(Math.ceil(m / (2 * threads)), s.mr)) : s.mc;
  const mPad = roundUp(m, s.mr);
  const nPad = roundUp(n, nr);
  const layout = new HeapLayout();
  const desc = layout.reserve(DESC.fields * 4);
  const aAt = layout.reserve(a.data.length * E);
  const bAt = layout.reserve(b.data.length * E);
  const cAt = layout.reserve(batch * mPad * nPad * E);
  const packedB = splitItems ? layout.reserve(packedBBytes(s, n, k)) : 0;
  const scratchStride = roundUp(scratchBytes(s, n, mc), 16);
  const scratch = layout.reserve(scratchStride * (splitItems || splitBatch ? threads : 1));
  const heap = wasmHeap();
  if (layout.bytes > 2 ** 31 - 1 || !heap.ensure(layout.bytes)) return false;

  const view = viewOf(heap, dtype);
  view.set(a.data, aAt / E);
  view.set(b.data, bAt / E);
  const d = heap.i32();
  const at = desc / 4;
  const fields: [number, number][] = [
    [DESC.aPtr, aAt], [DESC.aBatch, a.batchStride * E], [DESC.aRow, a.rowStride * E], [DESC.aCol, a.colStride * E],
    [DESC.bPtr, bAt], [DESC.bBatch, b.batchStride * E], [DESC.bRow, b.rowStride * E], [DESC.bCol, b.colStride * E],
    [DESC.cPtr, cAt], [DESC.ldc, nPad * E], [DESC.cBatch, mPad * nPad * E],
    [DESC.m, m], [DESC.n, n], [DESC.k, k],
    [DESC.packedB, packedB], [DESC.scratch, scratch], [DESC.scratchStride, scratchStride],
    [DESC.mc, mc], [DESC.bPanelsPerChunk, Math.max(1, Math.ceil(nPad / nr / (4 * threads)))], [DESC.t, 0],
  ];
  for (const [field, value] of fields) d[at + field] = value;

  if (splitItems) {
    const bChunks = Math.ceil(nPad / nr / d[at + DESC.bPanelsPerChunk]);
    for (let t = 0; t < batch; t++) {
      d[at + DESC.t] = t;
      parallelFor(kernels.packB, bChunks, [desc]);
      parallelFor(kernels.rows, Math.ceil(m / mc), [desc]);
    }
  } else if (splitBatch) {
    parallelFor(kernels.item, batch, [desc]);
  } else {
    for (let t = 0; t < batch; t++) kernels.item.local(desc, t, 0);
  }

  // C's rows, without the padding
  const c = viewOf(heap, dtype);
  for (let t = 0; t < batch; t++) {
    const from = cAt / E + t * mPad * nPad;
    if (nPad === n) out.set(c.subarray(from, from + m * n), t * m * n);
    else for (let i = 0; i < m; i++) out.set(c.subarray(from + i * nPad, from + i * nPad + n), (t * m + i) * n);
  }
  return true;
}
