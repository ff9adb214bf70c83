/**
 * Batched matrix multiplication of contiguous row-major blocks, in pure JS.
 *
 * The general case transposes each B block into a Float64Array so every
 * output element is a dot product of two contiguous rows, computed by a
 * 4x4 register-blocked micro-kernel (16 accumulators, 8 loads per 16
 * multiply-adds) with blocking over k (256) and j (64) to stay in cache.
 * Vector-matrix (m == 1) and matrix-vector (n == 1) products get streaming
 * loops. Accumulation is in doubles.
 */
import { allocate } from "../array/dtype.ts";
import type { DType, TypedArray } from "../array/dtype.ts";
import { wasmMatmul } from "./wasm/matmul.ts";

/** Below this many multiply-adds the copies into WebAssembly memory cost more than they save. */
const WASM_MIN_WORK = 32 * 32 * 32;

/**
 * A test-only switch: the specs set `wasm` to false to force the JavaScript
 * path on products where WebAssembly would run, so both paths are tested at
 * every size (spec/kernels/largeShapes.spec.ts). Nothing else should change it.
 */
export const matmulTuning = { wasm: true };

const K_BLOCK = 256;
const J_BLOCK = 64;

/** B [k, n] at `offset` transposed into a new Float64Array [n, k]. */
function transposeBlock(b: TypedArray, offset: number, k: number, n: number): Float64Array {
  const bt = new Float64Array(k * n);
  const tile = 32;
  for (let p0 = 0; p0 < k; p0 += tile) {
    const p1 = Math.min(k, p0 + tile);
    for (let j0 = 0; j0 < n; j0 += tile) {
      const j1 = Math.min(n, j0 + tile);
      for (let p = p0; p < p1; p++) {
        const row = offset + p * n;
        for (let j = j0; j < j1; j++) bt[j * k + p] = b[row + j];
      }
    }
  }
  return bt;
}

/** c[cOffset..] += A[aOffset..] (m x k) times bt^T (bt is n x k), for one batch block. */
function multiplyTransposed(
  a: Float64Array,
  aOffset: number,
  bt: Float64Array,
  c: Float64Array,
  cOffset: number,
  m: number,
  k: number,
  n: number,
): void {
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let k0 = 0; k0 < k; k0 += K_BLOCK) {
    const k1 = Math.min(k, k0 + K_BLOCK);
    for (let j0 = 0; j0 < n4; j0 += J_BLOCK) {
      const j1 = Math.min(n4, j0 + J_BLOCK);
      for (let i = 0; i < m4; i += 4) {
        const a0 = aOffset + i * k;
        const a1 = a0 + k;
        const a2 = a1 + k;
        const a3 = a2 + k;
        for (let j = j0; j < j1; j += 4) {
          const b0 = j * k;
          const b1 = b0 + k;
          const b2 = b1 + k;
          const b3 = b2 + k;
          let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
          let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
          for (let p = k0; p < k1; p++) {
            const y0 = bt[b0 + p], y1 = bt[b1 + p], y2 = bt[b2 + p], y3 = bt[b3 + p];
            let x = a[a0 + p];
            s00 += x * y0; s01 += x * y1; s02 += x * y2; s03 += x * y3;
            x = a[a1 + p];
            s10 += x * y0; s11 += x * y1; s12 += x * y2; s13 += x * y3;
            x = a[a2 + p];
            s20 += x * y0; s21 += x * y1; s22 += x * y2; s23 += x * y3;
            x = a[a3 + p];
            s30 += x * y0; s31 += x * y1; s32 += x * y2; s33 += x * y3;
          }
          const c0 = cOffset + i * n + j;
          const c1 = c0 + n;
          const c2 = c1 + n;
          const c3 = c2 + n;
          c[c0] += s00; c[c0 + 1] += s01; c[c0 + 2] += s02; c[c0 + 3] += s03;
          c[c1] += s10; c[c1 + 1] += s11; c[c1 + 2] += s12; c[c1 + 3] += s13;
          c[c2] += s20; c[c2 + 1] += s21; c[c2 + 2] += s22; c[c2 + 3] += s23;
          c[c3] += s30; c[c3 + 1] += s31; c[c3 + 2] += s32; c[c3 + 3] += s33;
        }
      }
    }
  }
  // Leftover columns (all rows) and leftover rows (leading columns): plain dot products.
  for (let i = 0; i < m; i++) {
    const aRow = aOffset + i * k;
    const jStart = i < m4 ? n4 : 0;
    for (let j = jStart; j < n; j++) {
      const bRow = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[aRow + p] * bt[bRow + p];
      c[cOffset + i * n + j] += s;
    }
  }
}

/** c[cOffset + j] = sum_p a[aOffset + p] * b[bOffset + p * n + j]: a row vector times a k x n block. */
function vectorMatrix(a: TypedArray, aOffset: number, b: TypedArray, bOffset: number, c: Float64Array, cOffset: number, k: number, n: number): void {
  for (let p = 0; p < k; p++) {
    const x = a[aOffset + p];
    const row = bOffset + p * n;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      c[cOffset + j] += x * b[row + j];
      c[cOffset + j + 1] += x * b[row + j + 1];
      c[cOffset + j + 2] += x * b[row + j + 2];
      c[cOffset + j + 3] += x * b[row + j + 3];
    }
    for (; j < n; j++) c[cOffset + j] += x * b[row + j];
  }
}

/** c[cOffset + i] = sum_p a[aOffset + i * k + p] * b[bOffset + p]: an m x k block times a column vector. */
function matrixVector(a: TypedArray, aOffset: number, b: TypedArray, bOffset: number, c: Float64Array, cOffset: number, m: number, k: number): void {
  for (let i = 0; i < m; i++) {
    const row = aOffset + i * k;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let p = 0;
    for (; p + 4 <= k; p += 4) {
      s0 += a[row + p] * b[bOffset + p];
      s1 += a[row + p + 1] * b[bOffset + p + 1];
      s2 += a[row + p + 2] * b[bOffset + p + 2];
      s3 += a[row + p + 3] * b[bOffset + p + 3];
    }
    for (; p < k; p++) s0 += a[row + p] * b[bOffset + p];
    c[cOffset + i] = s0 + s1 + (s2 + s3);
  }
}

/** Batched product of a [batch, m, k] and b [batch, k, n] into [batch, m, n] of dtype `outDtype`. */
export function matmul(a: TypedArray, b: TypedArray, batch: number, m: number, k: number, n: number, outDtype: DType): TypedArray {
  const size = batch * m * n;
  const out = allocate(outDtype, size);
  if (size === 0 || k === 0) return out;
  const c = outDtype === "float64" ? (out as Float64Array) : new Float64Array(size);
  if (n === 1) {
    for (let t = 0; t < batch; t++) matrixVector(a, t * m * k, b, t * k, c, t * m, m, k);
  } else if (m === 1) {
    for (let t = 0; t < batch; t++) vectorMatrix(a, t * k, b, t * k * n, c, t * n, k, n);
  } else if (matmulTuning.wasm && wasmMatmul !== null && m * n * k >= WASM_MIN_WORK && (a instanceof Float64Array || a instanceof Float32Array)) {
    wasmMatmul(a, b, c, batch, m, k, n);
  } else {
    const a64 = a instanceof Float64Array ? a : Float64Array.from(a);
    for (let t = 0; t < batch; t++) {
      const bt = transposeBlock(b, t * k * n, k, n);
      multiplyTransposed(a64, t * m * k, bt, c, t * m * n, m, k, n);
    }
  }
  if (c !== out) {
    if (outDtype === "bool") for (let i = 0; i < size; i++) out[i] = c[i] !== 0 ? 1 : 0;
    else out.set(c);
  }
  return out;
}
