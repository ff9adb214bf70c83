/**
 * Data movement kernels: transpose, broadcast_in_dim, slice, pad,
 * concatenate, iota and eye (gather and scatter are in ./gather.ts).
 *
 * transpose, broadcastInDim and slice are strided views of the
 * input materialized by one engine (./strided.ts) that collapses axes and
 * uses block copies, fills or cache tiles for the innermost run. Outputs have
 * the input's typed-array kind unless an output dtype is given.
 */
import { allocate, dtypeOfTypedArray } from "../array/dtype.ts";
import type { DType, TypedArray } from "../array/dtype.ts";
import { sizeOf, stridesOf } from "../array/shape.ts";
import type { Shape } from "../array/shape.ts";
import { stridedCopy, stridedScatter } from "./strided.ts";

/** Below this length a contiguous run is copied element by element instead of with subarray/set. */
const BLOCK_COPY_MIN = 64;

function allocateLike(x: TypedArray, size: number): TypedArray {
  return allocate(dtypeOfTypedArray(x), size);
}

/** Copies src[from, from + count) to dst[to, ...), converting to 0/1 when `toBool`. */
function copyRun(src: TypedArray, from: number, dst: TypedArray, to: number, count: number, toBool: boolean): void {
  if (toBool) {
    for (let i = 0; i < count; i++) dst[to + i] = src[from + i] !== 0 ? 1 : 0;
  } else if (count >= BLOCK_COPY_MIN) {
    dst.set(src.subarray(from, from + count), to);
  } else {
    for (let i = 0; i < count; i++) dst[to + i] = src[from + i];
  }
}

/** Permutes the axes of `x`: output axis i is input axis perm[i]. */
export function transpose(x: TypedArray, shape: Shape, perm: readonly number[]): TypedArray {
  const out = allocateLike(x, x.length);
  const strides = stridesOf(shape);
  stridedCopy(
    x,
    out,
    perm.map((p) => shape[p]),
    perm.map((p) => strides[p]),
    0,
  );
  return out;
}

/** JAX broadcast_in_dim: input axis i becomes output axis broadcastDimensions[i] (its size equal or 1). */
export function broadcastInDim(
  x: TypedArray,
  shape: Shape,
  outShape: Shape,
  broadcastDimensions: readonly number[],
): TypedArray {
  const out = allocateLike(x, sizeOf(outShape));
  const inStrides = stridesOf(shape);
  const strides = new Array<number>(outShape.length).fill(0);
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] !== 1) strides[broadcastDimensions[i]] = inStrides[i];
  }
  stridedCopy(x, out, outShape, strides, 0);
  return out;
}

/** Reverses `x` along each of `axes` (the convolution transposes flip kernels with it). */
export function reverse(x: TypedArray, shape: Shape, axes: readonly number[]): TypedArray {
  const out = allocateLike(x, x.length);
  if (x.length === 0) return out;
  const strides = stridesOf(shape);
  let offset = 0;
  for (const axis of axes) {
    offset += (shape[axis] - 1) * strides[axis];
    strides[axis] = -strides[axis];
  }
  stridedCopy(x, out, shape, strides, offset);
  return out;
}

/** JAX lax.slice: elements start, start + stride, ... below limit on each axis. */
export function slice(
  x: TypedArray,
  shape: Shape,
  starts: readonly number[],
  limits: readonly number[],
  strides: readonly number[],
): TypedArray {
  const inStrides = stridesOf(shape);
  const dims = new Array<number>(shape.length);
  const steps = new Array<number>(shape.length);
  let offset = 0;
  for (let d = 0; d < shape.length; d++) {
    const step = strides[d] ?? 1;
    dims[d] = Math.max(0, Math.ceil((limits[d] - starts[d]) / step));
    steps[d] = inStrides[d] * step;
    offset += starts[d] * inStrides[d];
  }
  const out = allocateLike(x, sizeOf(dims));
  stridedCopy(x, out, dims, steps, offset);
  return out;
}

/** JAX lax.pad with non-negative low/high/interior padding filled with `padValue`. */
export function pad(
  x: TypedArray,
  shape: Shape,
  padValue: number,
  low: readonly number[],
  high: readonly number[],
  interior: readonly number[],
  outDtype: DType,
): TypedArray {
  const outShape = shape.map((d, i) => low[i] + high[i] + d + Math.max(d - 1, 0) * interior[i]);
  const out = allocate(outDtype, sizeOf(outShape));
  const fillValue = outDtype === "bool" ? (padValue !== 0 ? 1 : 0) : padValue;
  if (fillValue !== 0) out.fill(fillValue);
  const outStrides = stridesOf(outShape);
  let offset = 0;
  const steps = new Array<number>(shape.length);
  for (let d = 0; d < shape.length; d++) {
    offset += low[d] * outStrides[d];
    steps[d] = (interior[d] + 1) * outStrides[d];
  }
  const source = outDtype === "bool" && dtypeOfTypedArray(x) !== "bool" ? toBoolArray(x) : x;
  stridedScatter(source, shape, out, steps, offset);
  return out;
}

function toBoolArray(x: TypedArray): Uint8Array {
  const out = new Uint8Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] !== 0 ? 1 : 0;
  return out;
}

/** Joins arrays along `axis` (all other dims equal) into dtype `outDtype`. */
export function concatenate(xs: readonly TypedArray[], shapes: readonly Shape[], axis: number, outDtype: DType): TypedArray {
  let total = 0;
  for (const x of xs) total += x.length;
  const out = allocate(outDtype, total);
  if (total === 0) return out;
  let outer = 1;
  for (let d = 0; d < axis; d++) outer *= shapes[0][d];
  const chunks = shapes.map((shape) => sizeOf(shape) / Math.max(outer, 1));
  const toBool = xs.map((x) => outDtype === "bool" && dtypeOfTypedArray(x) !== "bool");
  let position = 0;
  for (let o = 0; o < outer; o++) {
    for (let t = 0; t < xs.length; t++) {
      const chunk = chunks[t];
      copyRun(xs[t], o * chunk, out, position, chunk, toBool[t]);
      position += chunk;
    }
  }
  return out;
}

/** arange: start, start + step, ... (n elements) of `dtype`. */
export function iota(dtype: DType, n: number, start: number, step: number): TypedArray {
  const out = allocate(dtype, n);
  if (dtype === "bool") {
    for (let i = 0; i < n; i++) out[i] = start + i * step !== 0 ? 1 : 0;
  } else {
    for (let i = 0; i < n; i++) out[i] = start + i * step;
  }
  return out;
}

/** An n x m matrix of `dtype` with ones on the k-th diagonal (k > 0 above the main one). */
export function eye(dtype: DType, n: number, m: number, k: number): TypedArray {
  const out = allocate(dtype, n * m);
  for (let i = Math.max(0, -k); i < n && i + k < m; i++) out[i * m + i + k] = 1;
  return out;
}
