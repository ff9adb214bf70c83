/**
 * References for the matmul specs: the naive loop that sums each output in
 * index order (float64, or float32 rounded at every step), bit-for-bit
 * comparison, deterministic values, and operands in several layouts.
 */
import type { StridedMatrix } from "../../lib/kernels/matmul.ts";

export type Arithmetic = "float32" | "float64";

/** Element [t, i, j] of a strided operand. */
const at = (x: StridedMatrix, t: number, i: number, j: number) => x.data[t * x.batchStride + i * x.rowStride + j * x.colStride];

/** The naive loop: s = 0; s += a·b for p = 0, 1, … (float32: each step rounded). */
export function naiveProduct(a: StridedMatrix, b: StridedMatrix, batch: number, m: number, k: number, n: number, arithmetic: Arithmetic): number[] {
  const r = arithmetic === "float32" ? Math.fround : (x: number) => x;
  const out: number[] = [];
  for (let t = 0; t < batch; t++)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s = r(s + r(at(a, t, i, p) * at(b, t, p, j)));
        out.push(s);
      }
  return out;
}

/** Null when equal bit for bit (any NaN equals any NaN; -0 differs from 0), else the first difference. */
export function sameBits(got: ArrayLike<number>, want: ArrayLike<number>): string | null {
  if (got.length !== want.length) return `length ${got.length} != ${want.length}`;
  for (let i = 0; i < got.length; i++) {
    if (Object.is(got[i], want[i]) || (Number.isNaN(got[i]) && Number.isNaN(want[i]))) continue;
    return `index ${i}: got ${got[i]}, want ${want[i]}`;
  }
  return null;
}

/** A deterministic stream of values in (-1, 1) from a seed. */
export function valuesFrom(seed: number, length: number, arithmetic: Arithmetic): Float32Array | Float64Array {
  let state = seed >>> 0;
  const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  return arithmetic === "float32" ? Float32Array.from({ length }, next) : Float64Array.from({ length }, next);
}

/**
 * Operands of [batch, m, k] and [batch, k, n] in one of four layouts each:
 * row-major, transposed (stored [k, m] for A: Aᵀ B), with the batch axis
 * innermost, or padded rows (a stride past the row's end).
 */
export type Layout = "rows" | "transposed" | "batchInner" | "padded";

export function operand(data: Float32Array | Float64Array, batch: number, rows: number, cols: number, layout: Layout): StridedMatrix {
  switch (layout) {
    case "rows":
      return { data, batchStride: rows * cols, rowStride: cols, colStride: 1 };
    case "transposed":
      return { data, batchStride: rows * cols, rowStride: 1, colStride: rows };
    case "batchInner":
      return { data, batchStride: 1, rowStride: cols * batch, colStride: batch };
    case "padded":
      return { data, batchStride: rows * (cols + 3), rowStride: cols + 3, colStride: 1 };
  }
}

/** Storage for an operand of the layout. */
export function storageLength(batch: number, rows: number, cols: number, layout: Layout): number {
  return layout === "padded" ? batch * rows * (cols + 3) : batch * rows * cols;
}

