/**
 * The strided copy engine behind transpose, broadcast_in_dim, slice and
 * reverse: out (contiguous) [i0, i1, ...] = x[offset + sum_d i_d * strides[d]].
 *
 * Axes are collapsed first (size-1 axes dropped, neighbours merged when x
 * walks them contiguously). The innermost run then becomes a block copy
 * (stride 1), a fill (stride 0) or a strided loop; when the two innermost
 * axes are a transposition the copy goes tile by tile so both sides stay in
 * cache.
 */
import type { TypedArray } from "../array/dtype.ts";

const TILE = 32;
/** Below this length an inner run is copied element by element instead of with subarray/set. */
const BLOCK_COPY_MIN = 64;

/** Collapsed dims and strides of a strided view. */
interface View {
  readonly dims: number[];
  readonly strides: number[];
}

function collapse(dims: readonly number[], strides: readonly number[]): View {
  const outDims: number[] = [];
  const outStrides: number[] = [];
  for (let d = 0; d < dims.length; d++) {
    const size = dims[d];
    if (size === 1) continue;
    const last = outDims.length - 1;
    if (last >= 0 && outStrides[last] === strides[d] * size) {
      outDims[last] *= size;
      outStrides[last] = strides[d];
    } else {
      outDims.push(size);
      outStrides.push(strides[d]);
    }
  }
  return { dims: outDims, strides: outStrides };
}

/** out[outBase + r * cols + c] = x[base + r + c * colStride] for a rows x cols block, tile by tile. */
function copyTransposed(
  x: TypedArray,
  base: number,
  out: TypedArray,
  outBase: number,
  rows: number,
  cols: number,
  colStride: number,
): void {
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(rows, r0 + TILE);
    for (let c0 = 0; c0 < cols; c0 += TILE) {
      const c1 = Math.min(cols, c0 + TILE);
      for (let r = r0; r < r1; r++) {
        const outRow = outBase + r * cols;
        const inBase = base + r;
        for (let c = c0; c < c1; c++) out[outRow + c] = x[inBase + c * colStride];
      }
    }
  }
}

/** Fills the contiguous `out` with x[offset + sum_d i_d * strides[d]] over the index space `dims`. */
export function stridedCopy(x: TypedArray, out: TypedArray, dims: readonly number[], strides: readonly number[], offset: number): void {
  const size = out.length;
  if (size === 0) return;
  const view = collapse(dims, strides);
  const rank = view.dims.length;
  if (rank === 0) {
    out[0] = x[offset];
    return;
  }
  const viewDims = view.dims;
  const viewStrides = view.strides;
  // Two innermost axes transposed: x walks axis rank-2 with stride 1 and axis rank-1 with a large stride.
  const tiled = rank >= 2 && viewStrides[rank - 2] === 1 && viewStrides[rank - 1] !== 0 && viewDims[rank - 2] >= 8 && viewDims[rank - 1] >= 8;
  const innerCount = tiled ? viewDims[rank - 2] * viewDims[rank - 1] : viewDims[rank - 1];
  const outerRank = tiled ? rank - 2 : rank - 1;
  const innerStride = viewStrides[rank - 1];
  const outer = size / innerCount;
  const counter = new Int32Array(Math.max(outerRank, 1));
  let ix = offset;
  let io = 0;
  for (let o = 0; o < outer; o++) {
    if (tiled) {
      copyTransposed(x, ix, out, io, viewDims[rank - 2], viewDims[rank - 1], innerStride);
    } else if (innerStride === 1) {
      if (innerCount >= BLOCK_COPY_MIN && out.constructor === x.constructor) {
        out.set(x.subarray(ix, ix + innerCount), io);
      } else {
        for (let i = 0; i < innerCount; i++) out[io + i] = x[ix + i];
      }
    } else if (innerStride === 0) {
      const v = x[ix];
      for (let i = 0; i < innerCount; i++) out[io + i] = v;
    } else {
      let j = ix;
      for (let i = 0; i < innerCount; i++) {
        out[io + i] = x[j];
        j += innerStride;
      }
    }
    io += innerCount;
    for (let d = outerRank - 1; d >= 0; d--) {
      ix += viewStrides[d];
      if (++counter[d] < viewDims[d]) break;
      ix -= viewStrides[d] * viewDims[d];
      counter[d] = 0;
    }
  }
}

/** Writes the contiguous x (index space `dims`) into out[offset + sum_d i_d * outStrides[d]]. */
export function stridedScatter(x: TypedArray, dims: readonly number[], out: TypedArray, outStrides: readonly number[], offset: number): void {
  const size = x.length;
  if (size === 0) return;
  const view = collapse(dims, outStrides);
  const rank = view.dims.length;
  if (rank === 0) {
    out[offset] = x[0];
    return;
  }
  const viewDims = view.dims;
  const viewStrides = view.strides;
  const inner = viewDims[rank - 1];
  const innerStride = viewStrides[rank - 1];
  const outer = size / inner;
  const counter = new Int32Array(rank);
  let io = offset;
  let ix = 0;
  for (let o = 0; o < outer; o++) {
    if (innerStride === 1) {
      for (let i = 0; i < inner; i++) out[io + i] = x[ix + i];
    } else {
      let j = io;
      for (let i = 0; i < inner; i++) {
        out[j] = x[ix + i];
        j += innerStride;
      }
    }
    ix += inner;
    for (let d = rank - 2; d >= 0; d--) {
      io += viewStrides[d];
      if (++counter[d] < viewDims[d]) break;
      io -= viewStrides[d] * viewDims[d];
      counter[d] = 0;
    }
  }
}
