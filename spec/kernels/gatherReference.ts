/**
 * Random well-formed gather/scatter layouts (operand shape, dimension numbers,
 * slice sizes, index shape, output shape) and naive references written from
 * XLA's operation semantics, one element at a time. Shared by the kernel
 * spec, the primitive cases and the vmap spec.
 */
import fc from "fast-check";
import { sizeOf } from "../../lib/array/shape.ts";
import type { GatherDims, IndexMode, ScatterCombine, ScatterDims } from "../../lib/kernels/gather.ts";
import { allCoords, flatOf } from "./naive.ts";

/** A gather over an operand of `operandShape` (a scatter uses the mirrored numbers, with updates shaped like `outShape`). */
export interface GatherLayout {
  readonly operandShape: number[];
  readonly dims: GatherDims;
  readonly sliceSizes: number[];
  readonly indicesShape: number[];
  readonly outShape: number[];
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Random gather layouts over operands of rank 1..maxRank (dims 1..4): indexed, collapsed and batching dims, partial windows, any offset dims. */
export function gatherLayoutArb(maxRank = 3): fc.Arbitrary<GatherLayout> {
  return fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: maxRank }).chain((operandShape) => {
    const rank = operandShape.length;
    return fc
      .record({
        batching: fc.subarray(range(rank), { maxLength: 1 }),
        collapsedPick: fc.array(fc.boolean(), { minLength: rank, maxLength: rank }),
        indexedPick: fc.array(fc.boolean(), { minLength: rank, maxLength: rank }),
        order: fc.array(fc.nat(), { minLength: rank, maxLength: rank }),
        slicePick: fc.array(fc.nat(), { minLength: rank, maxLength: rank }),
        batchShape: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
        batchPos: fc.nat(),
        offsetPick: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
      })
      .map((r): GatherLayout => {
        const batching = r.batching;
        const collapsed = range(rank).filter((d) => !batching.includes(d) && r.collapsedPick[d]);
        const indexed = range(rank).filter((d) => !batching.includes(d) && (collapsed.includes(d) || r.indexedPick[d]));
        const startIndexMap = indexed.slice().sort((a, b) => (r.order[a] % 7) - (r.order[b] % 7) || a - b);
        const sliceSizes = operandShape.map((n, d) => (collapsed.includes(d) || batching.includes(d) ? 1 : r.slicePick[d] % (n + 1)));
        const batchShape = r.batchShape.slice();
        const startIndicesBatchingDims: number[] = [];
        for (const d of batching) {
          const at = r.batchPos % (batchShape.length + 1);
          batchShape.splice(at, 0, operandShape[d]);
          startIndicesBatchingDims.push(at);
        }
        const windowSizes = range(rank).filter((d) => !collapsed.includes(d) && !batching.includes(d)).map((d) => sliceSizes[d]);
        const outRank = batchShape.length + windowSizes.length;
        const offsetDims = range(outRank)
          .map((d) => [d, r.offsetPick[d % 8] ^ d] as const)
          .sort((a, b) => a[1] - b[1])
          .slice(0, windowSizes.length)
          .map(([d]) => d)
          .sort((a, b) => a - b);
        const outShape: number[] = [];
        let w = 0;
        let b = 0;
        for (let d = 0; d < outRank; d++) outShape.push(offsetDims.includes(d) ? windowSizes[w++] : batchShape[b++]);
        return {
          operandShape,
          dims: { offsetDims, collapsedSliceDims: collapsed, startIndexMap, operandBatchingDims: batching, startIndicesBatchingDims },
          sliceSizes,
          indicesShape: [...batchShape, startIndexMap.length],
          outShape,
        };
      });
  });
}

/** Index values for a layout: each component in [-1, dim + 1] of the operand dim it indexes (so some windows are out of bounds). */
export function indexValuesArb(layout: GatherLayout, inBounds = false): fc.Arbitrary<Int32Array> {
  const depth = layout.dims.startIndexMap.length;
  const n = sizeOf(layout.indicesShape);
  const bounds = layout.dims.startIndexMap.map((d) => layout.operandShape[d] - layout.sliceSizes[d]);
  return fc
    .array(fc.nat(), { minLength: n, maxLength: n })
    .map((raw) => Int32Array.from(raw, (v, i) => (inBounds ? v % (bounds[i % depth] + 1) : (v % (bounds[i % depth] + 4)) - 1)));
}

/** The mirrored scatter numbers of a gather layout. */
export function scatterDimsOf(dims: GatherDims): ScatterDims {
  return {
    updateWindowDims: dims.offsetDims,
    insertedWindowDims: dims.collapsedSliceDims,
    scatterDimsToOperandDims: dims.startIndexMap,
    operandBatchingDims: dims.operandBatchingDims,
    scatterIndicesBatchingDims: dims.startIndicesBatchingDims,
  };
}

/** The window start in the operand for batch position `g`, or null (fill mode) when the window is not wholly in bounds. */
function naiveStart(layout: GatherLayout, indices: ArrayLike<number>, g: readonly number[], mode: IndexMode): number[] | null {
  const { operandShape, dims, sliceSizes, indicesShape } = layout;
  const start = operandShape.map(() => 0);
  for (let k = 0; k < dims.startIndexMap.length; k++) {
    const d = dims.startIndexMap[k];
    let v = indices[flatOf([...g, k], indicesShape)];
    const high = operandShape[d] - sliceSizes[d];
    if (v < 0 || v > high) {
      if (mode === "fill") return null;
      v = Math.min(Math.max(v, 0), high);
    }
    start[d] = v;
  }
  dims.operandBatchingDims.forEach((d, j) => (start[d] = g[dims.startIndicesBatchingDims[j]]));
  return start;
}

function windowDimsOf(layout: GatherLayout): number[] {
  return range(layout.operandShape.length).filter((d) => !layout.dims.collapsedSliceDims.includes(d) && !layout.dims.operandBatchingDims.includes(d));
}

/** XLA Gather, one output element at a time. */
export function naiveGather(layout: GatherLayout, x: ArrayLike<number>, indices: ArrayLike<number>, mode: IndexMode, fill: number): number[] {
  const windowDims = windowDimsOf(layout);
  return allCoords(layout.outShape).map((out) => {
    const g = out.filter((_, d) => !layout.dims.offsetDims.includes(d));
    const start = naiveStart(layout, indices, g, mode);
    if (start === null) return fill;
    layout.dims.offsetDims.forEach((o, i) => (start[windowDims[i]] += out[o]));
    return x[flatOf(start, layout.operandShape)];
  });
}

/** XLA Scatter with updates shaped like the layout's output, applied in their row-major order. */
export function naiveScatter(layout: GatherLayout, operand: ArrayLike<number>, indices: ArrayLike<number>, updates: ArrayLike<number>, mode: IndexMode, combine: ScatterCombine): number[] {
  const out = Array.from(operand);
  const windowDims = windowDimsOf(layout);
  allCoords(layout.outShape).forEach((u, flat) => {
    const g = u.filter((_, d) => !layout.dims.offsetDims.includes(d));
    const start = naiveStart(layout, indices, g, mode);
    if (start === null) return;
    layout.dims.offsetDims.forEach((w, i) => (start[windowDims[i]] += u[w]));
    const t = flatOf(start, layout.operandShape);
    const v = updates[flat];
    out[t] = combine === "set" ? v : combine === "add" ? out[t] + v : combine === "mul" ? out[t] * v : combine === "min" ? Math.min(out[t], v) : Math.max(out[t], v);
  });
  return out;
}
