/**
 * The general gather and scatter kernels (XLA's Gather and Scatter, as JAX's
 * `lax.gather`/`lax.scatter*` describe them with dimension numbers).
 *
 * Both work in two steps. First `windowStarts` turns each index vector (the
 * last axis of `indices`; every other axis of `indices` is a *batch* axis)
 * into the flat offset in the operand where its window starts: the indexed
 * operand dims (`startIndexMap`) take the index, the operand batching dims
 * take the position along the matching indices batching dim, the other dims
 * start at 0. In `clip` mode an index is clamped so that the whole window is
 * in bounds; in `fill` mode a window that is not wholly in bounds gets -1
 * (gather fills it, scatter drops it).
 *
 * Then one walk over the output (gather) or the updates (scatter) in
 * row-major order: each of its dims either steps through the batch (an
 * index vector) or through the window (an operand stride). Adjacent dims of
 * one kind are merged, so `take` along axis 0 (an embedding lookup) is one
 * block copy per index and a pick of single elements is one read per index.
 *
 * @example
 * // x[[2, 0]] of a [3, 2] x: indices [[2], [0]], windows of one row
 * gather(x, [3, 2], Int32Array.of(2, 0), [2, 1], { offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0],
 *   operandBatchingDims: [], startIndicesBatchingDims: [] }, [1, 2], "clip", 0, [2, 2]);
 */
import type { DType, TypedArray } from "../array/dtype.ts";
import { allocate, dtypeOfTypedArray } from "../array/dtype.ts";
import type { Shape } from "../array/shape.ts";
import { sizeOf, stridesOf } from "../array/shape.ts";

/** How an index whose window is not wholly in bounds is treated: clamped into bounds, or marked (gather fills, scatter drops). */
export type IndexMode = "clip" | "fill";

/** The gather dimension numbers (JAX's `GatherDimensionNumbers`; the index vector is the last axis of `indices`). */
export interface GatherDims {
  readonly offsetDims: readonly number[];
  readonly collapsedSliceDims: readonly number[];
  readonly startIndexMap: readonly number[];
  readonly operandBatchingDims: readonly number[];
  readonly startIndicesBatchingDims: readonly number[];
}

/** The scatter dimension numbers (JAX's `ScatterDimensionNumbers`). */
export interface ScatterDims {
  readonly updateWindowDims: readonly number[];
  readonly insertedWindowDims: readonly number[];
  readonly scatterDimsToOperandDims: readonly number[];
  readonly operandBatchingDims: readonly number[];
  readonly scatterIndicesBatchingDims: readonly number[];
}

/** How scatter combines an update with the value already there. */
export type ScatterCombine = "set" | "add" | "mul" | "min" | "max";

/** Below this length a contiguous run is copied element by element instead of with subarray/set. */
const BLOCK_COPY_MIN = 64;

// buffers

/** Window starts of up to this many index vectors reuse one scratch buffer (kernels run to completion, one at a time). */
const SCRATCH_MAX = 1 << 16;
let scratch = new Int32Array(1024);

/** An Int32Array of at least `count` entries: the shared scratch buffer when small enough, else a new one. */
function startsBuffer(count: number): Int32Array {
  if (count > SCRATCH_MAX) return new Int32Array(count);
  if (scratch.length < count) scratch = new Int32Array(Math.max(count, 2 * scratch.length));
  return scratch;
}

/** Zero buffers handed out by `sharedZeros`: a scatter into one of these starts from fresh zeros instead of copying it. */
const zeroBuffers = new WeakSet<TypedArray>();
const zeroPools = new Map<DType, TypedArray>();

/**
 * A read-only all-zero array of `size` elements of `dtype`, a view of one pooled buffer per
 * dtype (no allocation): the zero operand of a scatter-add that transposes a gather. Storage is
 * immutable, so views are never written; a scatter recognizes them and skips copying its operand.
 */
export function sharedZeros(dtype: DType, size: number): TypedArray {
  let pool = zeroPools.get(dtype);
  if (pool === undefined || pool.length < size) {
    pool = allocate(dtype, Math.max(size, 2 * (pool?.length ?? 0), 1024));
    zeroPools.set(dtype, pool);
  }
  const view = pool.subarray(0, size);
  zeroBuffers.add(view);
  return view;
}

/**
 * The flat operand offset of each index vector's window (one per batch position of
 * `indices`, row-major), or -1 (fill mode) where the window is not wholly in bounds.
 * The result may be a shared scratch buffer longer than the count: use it before the next call.
 */
export function windowStarts(
  operandShape: Shape,
  indices: Int32Array,
  indicesShape: Shape,
  startIndexMap: readonly number[],
  operandBatchingDims: readonly number[],
  indicesBatchingDims: readonly number[],
  windowSizes: readonly number[],
  mode: IndexMode,
): Int32Array {
  const rank = indicesShape.length;
  const depth = indicesShape[rank - 1];
  const batchShape = indicesShape.slice(0, rank - 1);
  const count = sizeOf(batchShape);
  const starts = startsBuffer(count);
  const operandStrides = stridesOf(operandShape);
  const batchStrides = stridesOf(batchShape);
  const strideOf = startIndexMap.map((d) => operandStrides[d]);
  const highOf = startIndexMap.map((d) => operandShape[d] - windowSizes[d]);
  const clip = mode === "clip";
  for (let b = 0, at = 0; b < count; b++) {
    let offset = 0;
    let valid = true;
    for (let k = 0; k < depth; k++, at++) {
      let v = indices[at];
      const high = highOf[k];
      if (v < 0 || v > high) {
        if (clip) v = v < 0 ? 0 : high;
        else valid = false;
      }
      offset += v * strideOf[k];
    }
    for (let j = 0; j < operandBatchingDims.length; j++) {
      const d = indicesBatchingDims[j];
      const position = Math.floor(b / batchStrides[d]) % batchShape[d];
      offset += position * operandStrides[operandBatchingDims[j]];
    }
    starts[b] = valid ? offset : -1;
  }
  return starts;
}

/** A walk over an array in row-major order: per dim, its size, its step through the batch positions and its step through the operand. */
interface Walk {
  readonly dims: number[];
  readonly batchSteps: number[];
  readonly operandSteps: number[];
}

/**
 * The walk over `shape` whose dims at `windowDims` (sorted) step through the operand window
 * (the i-th along operand dim `windowOperandDims[i]`) and whose other dims step through the
 * batch positions of the indices, in order. Size-1 dims are dropped and neighbours merged.
 */
function walkOf(shape: Shape, windowDims: readonly number[], windowOperandDims: readonly number[], operandShape: Shape, batchShape: Shape): Walk {
  const operandStrides = stridesOf(operandShape);
  const batchStrides = stridesOf(batchShape);
  const walk: Walk = { dims: [], batchSteps: [], operandSteps: [] };
  let window = 0;
  let batch = 0;
  for (let d = 0; d < shape.length; d++) {
    const isWindow = window < windowDims.length && windowDims[window] === d;
    const batchStep = isWindow ? 0 : batchStrides[batch++];
    const operandStep = isWindow ? operandStrides[windowOperandDims[window++]] : 0;
    const size = shape[d];
    if (size === 1) continue;
    const last = walk.dims.length - 1;
    if (last >= 0 && walk.batchSteps[last] === batchStep * size && walk.operandSteps[last] === operandStep * size) {
      walk.dims[last] *= size;
      walk.batchSteps[last] = batchStep;
      walk.operandSteps[last] = operandStep;
    } else {
      walk.dims.push(size);
      walk.batchSteps.push(batchStep);
      walk.operandSteps.push(operandStep);
    }
  }
  return walk;
}

/** The operand dims that are window dims of the output (neither collapsed nor batching), in order. */
export function windowOperandDims(rank: number, removed: readonly number[], batching: readonly number[]): number[] {
  const dims: number[] = [];
  for (let d = 0; d < rank; d++) if (!removed.includes(d) && !batching.includes(d)) dims.push(d);
  return dims;
}

/** XLA Gather: the output of `outShape` (batch dims where `offsetDims` are not), windows of `sliceSizes` read at the indices. */
export function gather(
  x: TypedArray,
  operandShape: Shape,
  indices: Int32Array,
  indicesShape: Shape,
  dims: GatherDims,
  sliceSizes: readonly number[],
  mode: IndexMode,
  fillValue: number,
  outShape: Shape,
): TypedArray {
  const out = allocate(dtypeOfTypedArray(x), sizeOf(outShape));
  if (out.length === 0) return out;
  const fill = dtypeOfTypedArray(x) === "bool" ? (fillValue !== 0 ? 1 : 0) : fillValue;
  const walk = walkOf(
    outShape,
    dims.offsetDims,
    windowOperandDims(operandShape.length, dims.collapsedSliceDims, dims.operandBatchingDims),
    operandShape,
    indicesShape.slice(0, -1),
  );
  const rank = walk.dims.length;
  if (rank === 1 && walk.batchSteps[0] === 1 && dims.startIndexMap.length === 1 && dims.operandBatchingDims.length === 0) {
    // one element per index (a pick, x[i] of single elements): the index read, checked and used in one pass
    const axis = dims.startIndexMap[0];
    let stride = 1;
    for (let d = axis + 1; d < operandShape.length; d++) stride *= operandShape[d];
    const high = operandShape[axis] - sliceSizes[axis];
    for (let k = 0; k < out.length; k++) {
      let v = indices[k];
      if (v < 0 || v > high) {
        if (mode === "fill") {
          out[k] = fill;
          continue;
        }
        v = v < 0 ? 0 : high;
      }
      out[k] = x[v * stride];
    }
    return out;
  }
  const starts = windowStarts(operandShape, indices, indicesShape, dims.startIndexMap, dims.operandBatchingDims, dims.startIndicesBatchingDims, sliceSizes, mode);
  if (rank === 0) {
    out[0] = starts[0] < 0 ? fill : x[starts[0]];
    return out;
  }
  const inner = walk.dims[rank - 1];
  const innerBatch = walk.batchSteps[rank - 1];
  const innerOperand = walk.operandSteps[rank - 1];
  const outer = out.length / inner;
  const counter = new Int32Array(rank);
  let batchAt = 0;
  let operandAt = 0;
  let o = 0;
  for (let run = 0; run < outer; run++) {
    if (innerBatch === 0) {
      // a run through one window
      const s = starts[batchAt];
      if (s < 0) {
        out.fill(fill, o, o + inner);
      } else if (innerOperand === 1 && inner >= BLOCK_COPY_MIN) {
        const from = s + operandAt;
        out.set(x.subarray(from, from + inner), o);
      } else {
        for (let k = 0, from = s + operandAt; k < inner; k++, from += innerOperand) out[o + k] = x[from];
      }
    } else {
      // a run through the batch, at one window position
      for (let k = 0, b = batchAt; k < inner; k++, b += innerBatch) {
        const s = starts[b];
        out[o + k] = s < 0 ? fill : x[s + operandAt];
      }
    }
    o += inner;
    for (let d = rank - 2; d >= 0; d--) {
      batchAt += walk.batchSteps[d];
      operandAt += walk.operandSteps[d];
      if (++counter[d] < walk.dims[d]) break;
      batchAt -= walk.batchSteps[d] * walk.dims[d];
      operandAt -= walk.operandSteps[d] * walk.dims[d];
      counter[d] = 0;
    }
  }
  return out;
}

/** Combines `count` updates u[from + k] into out[to + k·step]. */
function combineRun(combine: ScatterCombine, int32: boolean, bool: boolean, out: TypedArray, to: number, step: number, u: TypedArray, from: number, count: number): void {
  switch (combine) {
    case "set":
      for (let k = 0; k < count; k++, to += step) out[to] = u[from + k];
      return;
    case "add":
      if (bool) for (let k = 0; k < count; k++, to += step) out[to] = out[to] !== 0 || u[from + k] !== 0 ? 1 : 0;
      else for (let k = 0; k < count; k++, to += step) out[to] += u[from + k];
      return;
    case "mul":
      if (int32) for (let k = 0; k < count; k++, to += step) out[to] = Math.imul(out[to], u[from + k]);
      else for (let k = 0; k < count; k++, to += step) out[to] *= u[from + k];
      return;
    case "min":
      for (let k = 0; k < count; k++, to += step) out[to] = Math.min(out[to], u[from + k]);
      return;
    case "max":
      for (let k = 0; k < count; k++, to += step) out[to] = Math.max(out[to], u[from + k]);
      return;
  }
}

/** Combines `count` updates u[from + k] into out[starts[b] + offset] for b = batchAt + k·batchStep (skipping dropped windows). */
function combineAtStarts(
  combine: ScatterCombine,
  int32: boolean,
  bool: boolean,
  out: TypedArray,
  starts: Int32Array,
  batchAt: number,
  batchStep: number,
  offset: number,
  u: TypedArray,
  from: number,
  count: number,
): void {
  let b = batchAt;
  switch (combine) {
    case "set":
      for (let k = 0; k < count; k++, b += batchStep) if (starts[b] >= 0) out[starts[b] + offset] = u[from + k];
      return;
    case "add":
      if (bool) {
        for (let k = 0; k < count; k++, b += batchStep) if (starts[b] >= 0 && u[from + k] !== 0) out[starts[b] + offset] = 1;
      } else {
        for (let k = 0; k < count; k++, b += batchStep) if (starts[b] >= 0) out[starts[b] + offset] += u[from + k];
      }
      return;
    case "mul":
      for (let k = 0; k < count; k++, b += batchStep) {
        const t = starts[b] + offset;
        if (starts[b] >= 0) out[t] = int32 ? Math.imul(out[t], u[from + k]) : out[t] * u[from + k];
      }
      return;
    case "min":
      for (let k = 0; k < count; k++, b += batchStep) if (starts[b] >= 0) out[starts[b] + offset] = Math.min(out[starts[b] + offset], u[from + k]);
      return;
    case "max":
      for (let k = 0; k < count; k++, b += batchStep) if (starts[b] >= 0) out[starts[b] + offset] = Math.max(out[starts[b] + offset], u[from + k]);
      return;
  }
}

/**
 * XLA Scatter: a copy of `operand` with each update combined into the operand at
 * its window position, in the row-major order of `updates` (so with `set`, the
 * last update of a position wins, as numpy's `x[idx] = v`). In `fill` mode a
 * window not wholly in bounds is dropped.
 */
export function scatter(
  combine: ScatterCombine,
  operand: TypedArray,
  operandShape: Shape,
  indices: Int32Array,
  indicesShape: Shape,
  updates: TypedArray,
  updatesShape: Shape,
  dims: ScatterDims,
  mode: IndexMode,
  dtype: DType,
): TypedArray {
  const out = allocate(dtype, operand.length);
  if (!zeroBuffers.has(operand)) out.set(operand);
  if (updates.length === 0 || out.length === 0) return out;
  const windowDims = windowOperandDims(operandShape.length, dims.insertedWindowDims, dims.operandBatchingDims);
  const windowSizes = operandShape.map(() => 1);
  dims.updateWindowDims.forEach((u, i) => (windowSizes[windowDims[i]] = updatesShape[u]));
  const starts = windowStarts(operandShape, indices, indicesShape, dims.scatterDimsToOperandDims, dims.operandBatchingDims, dims.scatterIndicesBatchingDims, windowSizes, mode);
  const walk = walkOf(updatesShape, dims.updateWindowDims, windowDims, operandShape, indicesShape.slice(0, -1));
  const int32 = dtype === "int32";
  const bool = dtype === "bool";
  const rank = walk.dims.length;
  if (rank === 0) {
    if (starts[0] >= 0) combineRun(combine, int32, bool, out, starts[0], 0, updates, 0, 1);
    return out;
  }
  const inner = walk.dims[rank - 1];
  const innerBatch = walk.batchSteps[rank - 1];
  const innerOperand = walk.operandSteps[rank - 1];
  const outer = updates.length / inner;
  const counter = new Int32Array(rank);
  let batchAt = 0;
  let operandAt = 0;
  let u = 0;
  for (let run = 0; run < outer; run++) {
    if (innerBatch === 0) {
      const s = starts[batchAt];
      if (s >= 0) combineRun(combine, int32, bool, out, s + operandAt, innerOperand, updates, u, inner);
    } else {
      combineAtStarts(combine, int32, bool, out, starts, batchAt, innerBatch, operandAt, updates, u, inner);
    }
    u += inner;
    for (let d = rank - 2; d >= 0; d--) {
      batchAt += walk.batchSteps[d];
      operandAt += walk.operandSteps[d];
      if (++counter[d] < walk.dims[d]) break;
      batchAt -= walk.batchSteps[d] * walk.dims[d];
      operandAt -= walk.operandSteps[d] * walk.dims[d];
      counter[d] = 0;
    }
  }
  return out;
}
