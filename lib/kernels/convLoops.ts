/**
 * The inner loops of convGeneralDilated (./conv.ts): the per-axis index
 * tables, filling an im2col tile, the tile's matrix product, and direct
 * accumulation for groups with few output features. Everything here works
 * on one group at a time and allocates nothing per element.
 */
import type { TypedArray } from "../array/dtype.ts";
import type { Shape } from "../array/shape.ts";
import type { ConvParams } from "./conv.ts";
import { matmul } from "./matmul.ts";
import { windowIndexTable } from "./windowGeometry.ts";

/** Below this many multiply-adds a JavaScript loop beats copying into WebAssembly memory. */
const WASM_MIN_WORK = 32 * 32 * 32;

// geometry

/** Per-call index tables: the outer spatial axes combined, the last one separate. */
export interface Geometry {
  readonly positions: number;
  readonly windowSize: number;
  readonly outerWindow: number;
  readonly lastPositions: number;
  readonly lastWindow: number;
  /** [outer position * outerWindow + outer window element] -> spatial offset or -1. */
  readonly outerTable: Int32Array;
  /** [last position * lastWindow + last window element] -> offset along the last axis or -1. */
  readonly lastTable: Int32Array;
}

/**
 * The index tables of one convolution: each spatial axis's windowIndexTable
 * scaled by the axis's element stride inside an image, the outer axes'
 * tables combined into one (O(outer positions × outer window) entries).
 */
export function geometry(lhsShape: Shape, rhsShape: Shape, outShape: Shape, params: ConvParams): Geometry {
  const rank = lhsShape.length - 2;
  const spatialStrides = new Array<number>(rank);
  for (let d = rank - 1, s = 1; d >= 0; d--) {
    spatialStrides[d] = s;
    s *= lhsShape[2 + d];
  }
  const tables = Array.from({ length: rank }, (_, d) =>
    windowIndexTable(lhsShape[2 + d], outShape[2 + d], rhsShape[2 + d], params.windowStrides[d], params.padding[d][0], params.lhsDilation[d], params.rhsDilation[d], spatialStrides[d]),
  );
  const outer = Math.max(0, rank - 1);
  let outerPositions = 1;
  let outerWindow = 1;
  for (let d = 0; d < outer; d++) {
    outerPositions *= outShape[2 + d];
    outerWindow *= rhsShape[2 + d];
  }
  // outerTable[yo * outerWindow + ko] = Σ_d table_d[y_d, k_d], or -1 if any is -1 (row-major multi-indices)
  let outerTable = new Int32Array([0]);
  let positions = 1;
  let window = 1;
  for (let d = 0; d < outer; d++) {
    const py = outShape[2 + d];
    const pk = rhsShape[2 + d];
    const next = new Int32Array(positions * py * window * pk);
    for (let y0 = 0; y0 < positions; y0++) {
      for (let y1 = 0; y1 < py; y1++) {
        for (let k0 = 0; k0 < window; k0++) {
          const base = outerTable[y0 * window + k0];
          for (let k1 = 0; k1 < pk; k1++) {
            const t = tables[d][y1 * pk + k1];
            next[(y0 * py + y1) * window * pk + k0 * pk + k1] = base < 0 || t < 0 ? -1 : base + t;
          }
        }
      }
    }
    outerTable = next;
    positions *= py;
    window *= pk;
  }
  const lastPositions = rank === 0 ? 1 : outShape[outShape.length - 1];
  const lastWindow = rank === 0 ? 1 : rhsShape[rhsShape.length - 1];
  const lastTable = rank === 0 ? new Int32Array([0]) : tables[rank - 1];
  return {
    positions: outerPositions * lastPositions,
    windowSize: outerWindow * lastWindow,
    outerWindow,
    lastPositions,
    lastWindow,
    outerTable,
    lastTable,
  };
}

// tiles

/**
 * Fills cols[(row - r0) * width + (col - c0)] for rows [r0, r1) (input
 * channel, window element) and columns [c0, c1) (output image, position) of
 * one group's im2col matrix. Along the last axis each row reads an affine
 * run (zeros, evenly spaced input elements, zeros) when `reads` has one,
 * the index table otherwise.
 */
export function fillColumns(
  lhs: TypedArray,
  cols: Float64Array,
  g: Geometry,
  reads: LastAxisReads,
  r0: number,
  r1: number,
  c0: number,
  c1: number,
  channelStride: number,
  imageStride: number,
  firstChannel: number,
  firstImage: number,
): void {
  const { positions, windowSize, outerWindow, lastPositions, lastWindow, outerTable, lastTable } = g;
  const width = c1 - c0;
  for (let row = r0; row < r1; row++) {
    const channel = Math.floor(row / windowSize);
    const element = row - channel * windowSize;
    const ko = Math.floor(element / lastWindow);
    const kl = element - ko * lastWindow;
    const step = reads.step[kl];
    const count = reads.count[kl];
    // the affine run: positions [y0, y1) read first + (y - y0) * step
    const y0 = count > 0 ? reads.ys[reads.start[kl]] : 0;
    const y1 = y0 + count;
    const first = reads.first[kl];
    let dst = (row - r0) * width;
    let col = c0;
    while (col < c1) {
      const image = Math.floor(col / positions);
      let p = col - image * positions;
      const pEnd = Math.min(positions, p + (c1 - col));
      col += pEnd - p;
      const base = (firstImage + image) * imageStride + (firstChannel + channel) * channelStride;
      let yo = Math.floor(p / lastPositions);
      let yl = p - yo * lastPositions;
      while (p < pEnd) {
        const runEnd = Math.min(lastPositions, yl + (pEnd - p));
        const off = outerTable[yo * outerWindow + ko];
        if (off < 0) {
          for (let q = yl; q < runEnd; q++) cols[dst++] = 0;
        } else if (step >= 0) {
          const low = Math.min(runEnd, Math.max(yl, y0));
          const high = Math.max(low, Math.min(runEnd, y1));
          let q = yl;
          for (; q < low; q++) cols[dst++] = 0;
          for (let t = base + off + first + (q - y0) * step; q < high; q++, t += step) cols[dst++] = lhs[t];
          for (; q < runEnd; q++) cols[dst++] = 0;
        } else {
          const at = base + off;
          for (let q = yl, t = yl * lastWindow + kl; q < runEnd; q++, t += lastWindow) {
            const index = lastTable[t];
            cols[dst++] = index < 0 ? 0 : lhs[at + index];
          }
        }
        p += runEnd - yl;
        yo++;
        yl = 0;
      }
    }
  }
}

/**
 * c = a [m, k] @ b [k, n], overwriting c (float64): ./matmul.ts's product
 * (WebAssembly SIMD for large products when `useWasm` and the runtime has it,
 * on the worker threads when larger still; JavaScript otherwise, with the
 * same bits), or a plain loop for small ones.
 */
export function multiply(a: TypedArray, b: Float64Array, c: Float64Array, m: number, k: number, n: number, useWasm: boolean): void {
  if (m * k * n >= WASM_MIN_WORK) {
    c.set(matmul(a, b, 1, m, k, n, "float64", { wasm: useWasm }));
  } else {
    c.fill(0);
    for (let i = 0; i < m; i++) {
      const cRow = i * n;
      for (let p = 0; p < k; p++) {
        const x = a[i * k + p];
        const bRow = p * n;
        for (let j = 0; j < n; j++) c[cRow + j] += x * b[bRow + j];
      }
    }
  }
}

/** Splits `total` into chunks of at most `limit`, balanced: the chunk size. */
export function balancedChunk(total: number, limit: number): number {
  const chunks = Math.ceil(total / Math.max(1, limit));
  return Math.ceil(total / Math.max(1, chunks));
}


/**
 * For each last-axis window element kl, the output positions along the last
 * axis that read an input element and the offsets they read, as runs:
 * affine runs (y0 + q reads t0 + q * step) when the reads are evenly spaced
 * (no lhs dilation), explicit lists otherwise.
 */
export interface LastAxisReads {
  readonly start: Int32Array;
  readonly count: Int32Array;
  /** First offset and step of an affine run; step -1 marks a list run (ys/ts from start). */
  readonly first: Int32Array;
  readonly step: Int32Array;
  readonly ys: Int32Array;
  readonly ts: Int32Array;
}

/** The runs of LastAxisReads from the geometry's last-axis table. */
export function lastAxisReads(g: Geometry): LastAxisReads {
  const { lastPositions, lastWindow, lastTable } = g;
  const start = new Int32Array(lastWindow);
  const count = new Int32Array(lastWindow);
  const first = new Int32Array(lastWindow);
  const step = new Int32Array(lastWindow);
  const ys = new Int32Array(lastPositions * lastWindow);
  const ts = new Int32Array(lastPositions * lastWindow);
  let used = 0;
  for (let kl = 0; kl < lastWindow; kl++) {
    start[kl] = used;
    for (let y = 0; y < lastPositions; y++) {
      const t = lastTable[y * lastWindow + kl];
      if (t < 0) continue;
      ys[used] = y;
      ts[used] = t;
      used++;
    }
    const n = used - start[kl];
    count[kl] = n;
    let affine = true;
    const s = n > 1 ? ts[start[kl] + 1] - ts[start[kl]] : 0;
    for (let q = start[kl] + 1; q < used && affine; q++) affine = ys[q] === ys[q - 1] + 1 && ts[q] - ts[q - 1] === s;
    first[kl] = n > 0 ? ts[start[kl]] : 0;
    step[kl] = affine ? s : -1;
  }
  return { start, count, first, step, ys, ts };
}

/**
 * One group by direct accumulation ("shift and add"): for every output
 * image and feature, each weight times the input row it meets is added to
 * the output row. No column matrix; used when a group has few output
 * features, where im2col would fill a column entry per multiply-add.
 */
export function directGroup(
  lhs: TypedArray,
  rhs: TypedArray,
  out: TypedArray,
  g: Geometry,
  reads: LastAxisReads,
  acc: Float64Array,
  images: number,
  firstImage: number,
  channels: number,
  firstChannel: number,
  groupFeatures: number,
  firstFeature: number,
  features: number,
  channelStride: number,
  imageStride: number,
): void {
  const { positions, windowSize, outerWindow, lastPositions, lastWindow, outerTable } = g;
  const outerPositions = positions / lastPositions;
  const { start, count, first, step, ys, ts } = reads;
  for (let n = 0; n < images; n++) {
    for (let o = 0; o < groupFeatures; o++) {
      acc.fill(0);
      for (let c = 0; c < channels; c++) {
        const base = (firstImage + n) * imageStride + (firstChannel + c) * channelStride;
        const weightsAt = ((firstFeature + o) * channels + c) * windowSize;
        for (let ko = 0; ko < outerWindow; ko++) {
          for (let kl = 0; kl < lastWindow; kl++) {
            const w = rhs[weightsAt + ko * lastWindow + kl];
            const runs = count[kl];
            if (runs === 0) continue;
            const q0 = start[kl];
            for (let yo = 0; yo < outerPositions; yo++) {
              const off = outerTable[yo * outerWindow + ko];
              if (off < 0) continue;
              const at = base + off;
              const dst = yo * lastPositions;
              if (step[kl] >= 0) {
                const y0 = dst + ys[q0];
                const s = step[kl];
                for (let q = 0, t = at + first[kl]; q < runs; q++, t += s) acc[y0 + q] += w * lhs[t];
              } else {
                for (let q = q0; q < q0 + runs; q++) acc[dst + ys[q]] += w * lhs[at + ts[q]];
              }
            }
          }
        }
      }
      out.set(acc, (n * features + firstFeature + o) * positions);
    }
  }
}
