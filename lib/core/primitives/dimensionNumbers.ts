/**
 * The dimension numbers of `gather` and the `scatter` family, as JAX's
 * `lax.GatherDimensionNumbers` / `lax.ScatterDimensionNumbers` (the index
 * vector is always the last axis of the indices), their shape rules (each
 * failure a `ShapeError` naming the primitive, the avals and the field), the
 * conversion between the two (a gather's transpose is a scatter-add with the
 * mirrored numbers), and the out-of-bounds modes.
 *
 * @example
 * // x[i] for x [5, 3] and i [4]: indices [4, 1], one row per index
 * const dims = new GatherDimensionNumbers({ offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0] });
 * gatherShape("gather", { shape: [5, 3], dtype: "float64" }, { shape: [4, 1], dtype: "int32" }, dims, [1, 3]); // [4, 3]
 */
import { ShapeError, DTypeError } from "../errors.ts";
import type { Aval } from "../tensor.ts";
import type { GatherDims, ScatterDims } from "../../kernels/gather.ts";
import { avalText } from "./check.ts";

/**
 * How indices whose window is not wholly in bounds are treated (JAX's `GatherScatterMode`):
 * `clip` clamps them so the window fits; `fill` makes a gather return `fillValue` for the
 * window and a scatter drop it (JAX's FILL_OR_DROP); `promise_in_bounds` promises they are in
 * bounds (out-of-bounds gathers then clamp and scatters drop, as XLA's do).
 */
export type GatherScatterMode = "clip" | "fill" | "promise_in_bounds";

const tuple = (xs: readonly number[]) => (xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(", ")})`);

/** JAX's `GatherDimensionNumbers` (printed as JAX prints it). */
export class GatherDimensionNumbers implements GatherDims {
  /** Output dims that walk the window (sorted); the others are the indices' batch dims, in order. */
  readonly offsetDims: readonly number[];
  /** Operand dims of window size 1 that have no output dim (sorted). */
  readonly collapsedSliceDims: readonly number[];
  /** For each component of an index vector, the operand dim it indexes. */
  readonly startIndexMap: readonly number[];
  /** Operand dims that follow the matching indices batch dims (sorted; for vmap). */
  readonly operandBatchingDims: readonly number[];
  /** The indices dims that match `operandBatchingDims`. */
  readonly startIndicesBatchingDims: readonly number[];

  constructor(d: { offsetDims: readonly number[]; collapsedSliceDims: readonly number[]; startIndexMap: readonly number[]; operandBatchingDims?: readonly number[]; startIndicesBatchingDims?: readonly number[] }) {
    this.offsetDims = Object.freeze(d.offsetDims.slice());
    this.collapsedSliceDims = Object.freeze(d.collapsedSliceDims.slice());
    this.startIndexMap = Object.freeze(d.startIndexMap.slice());
    this.operandBatchingDims = Object.freeze((d.operandBatchingDims ?? []).slice());
    this.startIndicesBatchingDims = Object.freeze((d.startIndicesBatchingDims ?? []).slice());
  }

  toString(): string {
    return (
      `GatherDimensionNumbers(offset_dims=${tuple(this.offsetDims)}, collapsed_slice_dims=${tuple(this.collapsedSliceDims)}, ` +
      `start_index_map=${tuple(this.startIndexMap)}, operand_batching_dims=${tuple(this.operandBatchingDims)}, ` +
      `start_indices_batching_dims=${tuple(this.startIndicesBatchingDims)})`
    );
  }
}

/** JAX's `ScatterDimensionNumbers` (printed as JAX prints it). */
export class ScatterDimensionNumbers implements ScatterDims {
  /** Update dims that walk the window (sorted); the others are the indices' batch dims, in order. */
  readonly updateWindowDims: readonly number[];
  /** Operand dims of window size 1 that have no update dim (sorted). */
  readonly insertedWindowDims: readonly number[];
  /** For each component of an index vector, the operand dim it indexes. */
  readonly scatterDimsToOperandDims: readonly number[];
  /** Operand dims that follow the matching indices batch dims (sorted; for vmap). */
  readonly operandBatchingDims: readonly number[];
  /** The indices dims that match `operandBatchingDims`. */
  readonly scatterIndicesBatchingDims: readonly number[];

  constructor(d: { updateWindowDims: readonly number[]; insertedWindowDims: readonly number[]; scatterDimsToOperandDims: readonly number[]; operandBatchingDims?: readonly number[]; scatterIndicesBatchingDims?: readonly number[] }) {
    this.updateWindowDims = Object.freeze(d.updateWindowDims.slice());
    this.insertedWindowDims = Object.freeze(d.insertedWindowDims.slice());
    this.scatterDimsToOperandDims = Object.freeze(d.scatterDimsToOperandDims.slice());
    this.operandBatchingDims = Object.freeze((d.operandBatchingDims ?? []).slice());
    this.scatterIndicesBatchingDims = Object.freeze((d.scatterIndicesBatchingDims ?? []).slice());
  }

  toString(): string {
    return (
      `ScatterDimensionNumbers(update_window_dims=${tuple(this.updateWindowDims)}, inserted_window_dims=${tuple(this.insertedWindowDims)}, ` +
      `scatter_dims_to_operand_dims=${tuple(this.scatterDimsToOperandDims)}, operand_batching_dims=${tuple(this.operandBatchingDims)}, ` +
      `scatter_indices_batching_dims=${tuple(this.scatterIndicesBatchingDims)})`
    );
  }
}

// conversions

/** The scatter-add that transposes a gather with these numbers. */
export function scatterOfGather(d: GatherDimensionNumbers): ScatterDimensionNumbers {
  return new ScatterDimensionNumbers({
    updateWindowDims: d.offsetDims,
    insertedWindowDims: d.collapsedSliceDims,
    scatterDimsToOperandDims: d.startIndexMap,
    operandBatchingDims: d.operandBatchingDims,
    scatterIndicesBatchingDims: d.startIndicesBatchingDims,
  });
}

/** The gather that reads back what a scatter with these numbers wrote (its updates' positions). */
export function gatherOfScatter(d: ScatterDimensionNumbers): GatherDimensionNumbers {
  return new GatherDimensionNumbers({
    offsetDims: d.updateWindowDims,
    collapsedSliceDims: d.insertedWindowDims,
    startIndexMap: d.scatterDimsToOperandDims,
    operandBatchingDims: d.operandBatchingDims,
    startIndicesBatchingDims: d.scatterIndicesBatchingDims,
  });
}

/** The window size along each operand dim of a scatter: 1 on inserted and batching dims, else the matching update dim. */
export function scatterWindowSizes(operandRank: number, updatesShape: readonly number[], d: ScatterDims): number[] {
  const sizes: number[] = [];
  let w = 0;
  for (let i = 0; i < operandRank; i++) {
    if (d.insertedWindowDims.includes(i) || d.operandBatchingDims.includes(i)) sizes.push(1);
    else sizes.push(updatesShape[d.updateWindowDims[w++]] ?? 1);
  }
  return sizes;
}

// shape rules

function fail(op: string, what: string): never {
  throw new ShapeError(`${op}: ${what}`);
}

const isSortedUnique = (xs: readonly number[]) => xs.every((x, i) => Number.isInteger(x) && (i === 0 || xs[i - 1] < x));
const inRange = (xs: readonly number[], n: number) => xs.every((x) => Number.isInteger(x) && x >= 0 && x < n);
const disjoint = (a: readonly number[], b: readonly number[]) => a.every((x) => !b.includes(x));
const distinct = (xs: readonly number[]) => new Set(xs).size === xs.length;

/** The indices: int32 with a last (index vector) axis of `depth` components. */
function indicesOrThrow(op: string, indices: Aval, depth: number): void {
  if (indices.dtype !== "int32") throw new DTypeError(`${op}: indices must be int32, got ${avalText(indices)}.`);
  const rank = indices.shape.length;
  if (rank === 0 || indices.shape[rank - 1] !== depth) {
    fail(op, `indices ${avalText(indices)} must end in an index-vector axis of ${depth} (one component per indexed operand dim).`);
  }
}

/**
 * The dimension numbers already checked against operand and indices ranks (`"rank/rank"`): the
 * structural checks of a shape rule run once per numbers object and ranks, the size checks always.
 */
const checkedRanks = new WeakMap<object, string>();

function onceForRanks(d: object, key: string, check: () => void): void {
  if (checkedRanks.get(d) === key) return;
  check();
  checkedRanks.set(d, key);
}

/** Checks the operand side shared by gather and scatter, structure (once per ranks) and sizes: removed dims, index map, batching dims. */
function operandDimsOrThrow(op: string, d: object, operand: Aval, indices: Aval, removed: readonly number[], removedName: string, map: readonly number[], mapName: string, obd: readonly number[], ibd: readonly number[], ibdName: string): void {
  const rank = operand.shape.length;
  const what = () => `${avalText(operand)} with indices ${avalText(indices)}`;
  onceForRanks(d, `${rank}/${indices.shape.length}`, () => {
    if (!isSortedUnique(removed) || !inRange(removed, rank)) fail(op, `${removedName} (${removed.join(", ")}) must be sorted, distinct dims of ${what()}.`);
    if (!distinct(map) || !inRange(map, rank)) fail(op, `${mapName} (${map.join(", ")}) must be distinct dims of ${what()}.`);
    if (!isSortedUnique(obd) || !inRange(obd, rank)) fail(op, `operand_batching_dims (${obd.join(", ")}) must be sorted, distinct dims of ${what()}.`);
    if (!disjoint(removed, obd) || !disjoint(map, obd)) fail(op, `operand_batching_dims (${obd.join(", ")}) must not be in ${removedName} or ${mapName} (${what()}).`);
    const batchRank = indices.shape.length - 1;
    if (ibd.length !== obd.length || !distinct(ibd) || !inRange(ibd, batchRank)) {
      fail(op, `${ibdName} (${ibd.join(", ")}) must be distinct batch dims of the indices, one per operand batching dim (${what()}).`);
    }
  });
  for (let j = 0; j < obd.length; j++) {
    if (operand.shape[obd[j]] !== indices.shape[ibd[j]]) fail(op, `operand batching dim ${obd[j]} and indices dim ${ibd[j]} differ in size (${what()}).`);
  }
}

/** The output shape of a gather, or a `ShapeError` naming the field at fault. */
export function gatherShape(op: string, operand: Aval, indices: Aval, d: GatherDimensionNumbers, sliceSizes: readonly number[]): number[] {
  indicesOrThrow(op, indices, d.startIndexMap.length);
  const rank = operand.shape.length;
  operandDimsOrThrow(op, d, operand, indices, d.collapsedSliceDims, "collapsed_slice_dims", d.startIndexMap, "start_index_map", d.operandBatchingDims, d.startIndicesBatchingDims, "start_indices_batching_dims");
  let sizesOk = sliceSizes.length === rank;
  for (let i = 0; sizesOk && i < rank; i++) {
    const s = sliceSizes[i];
    sizesOk = Number.isInteger(s) && s >= 0 && s <= operand.shape[i];
  }
  if (!sizesOk) fail(op, `slice_sizes (${sliceSizes.join(", ")}) must give 0 <= size <= dim for each dim of ${avalText(operand)}.`);
  for (const c of d.collapsedSliceDims) {
    if (sliceSizes[c] > 1) fail(op, `slice_sizes[${c}] is ${sliceSizes[c]}, but collapsed and batching dims must have slice size 0 or 1 (${avalText(operand)}).`);
  }
  for (const c of d.operandBatchingDims) {
    if (sliceSizes[c] > 1) fail(op, `slice_sizes[${c}] is ${sliceSizes[c]}, but collapsed and batching dims must have slice size 0 or 1 (${avalText(operand)}).`);
  }
  const windowSizes: number[] = [];
  for (let i = 0; i < rank; i++) if (!d.collapsedSliceDims.includes(i) && !d.operandBatchingDims.includes(i)) windowSizes.push(sliceSizes[i]);
  const batchRank = indices.shape.length - 1;
  const outRank = batchRank + windowSizes.length;
  onceForRanks(d.offsetDims, `${rank}/${indices.shape.length}`, () => {
    if (d.offsetDims.length !== windowSizes.length || !isSortedUnique(d.offsetDims) || !inRange(d.offsetDims, outRank)) {
      fail(op, `offset_dims (${d.offsetDims.join(", ")}) must be ${windowSizes.length} sorted dims of the rank-${outRank} output (${avalText(operand)}, indices ${avalText(indices)}).`);
    }
  });
  const shape = new Array<number>(outRank);
  let w = 0;
  let b = 0;
  for (let i = 0; i < outRank; i++) shape[i] = w < d.offsetDims.length && d.offsetDims[w] === i ? windowSizes[w++] : indices.shape[b++];
  return shape;
}

/** Checks a scatter's operands against its dimension numbers (a `ShapeError`/`DTypeError` naming the field at fault). */
export function scatterShapeOrThrow(op: string, operand: Aval, indices: Aval, updates: Aval, d: ScatterDimensionNumbers): void {
  indicesOrThrow(op, indices, d.scatterDimsToOperandDims.length);
  if (updates.dtype !== operand.dtype) throw new DTypeError(`${op}: updates ${avalText(updates)} must have the operand's dtype (${avalText(operand)}).`);
  const rank = operand.shape.length;
  operandDimsOrThrow(op, d, operand, indices, d.insertedWindowDims, "inserted_window_dims", d.scatterDimsToOperandDims, "scatter_dims_to_operand_dims", d.operandBatchingDims, d.scatterIndicesBatchingDims, "scatter_indices_batching_dims");
  const batchShape = indices.shape.slice(0, -1);
  const windowRank = rank - d.insertedWindowDims.length - d.operandBatchingDims.length;
  const what = () => `operand ${avalText(operand)}, indices ${avalText(indices)}, updates ${avalText(updates)}`;
  if (updates.shape.length !== batchShape.length + d.updateWindowDims.length || d.updateWindowDims.length !== windowRank) {
    fail(op, `updates must have rank ${batchShape.length + windowRank} (the indices' batch dims and ${windowRank} window dims): ${what()}.`);
  }
  if (!isSortedUnique(d.updateWindowDims) || !inRange(d.updateWindowDims, updates.shape.length)) {
    fail(op, `update_window_dims (${d.updateWindowDims.join(", ")}) must be sorted, distinct dims of the updates: ${what()}.`);
  }
  const sizes = scatterWindowSizes(rank, updates.shape, d);
  if (!sizes.every((s, i) => s <= operand.shape[i])) fail(op, `the update windows (${sizes.join(", ")}) do not fit the operand: ${what()}.`);
  let b = 0;
  for (let i = 0; i < updates.shape.length; i++) {
    if (d.updateWindowDims.includes(i)) continue;
    if (updates.shape[i] !== batchShape[b++]) fail(op, `update dim ${i} must match indices batch dim ${b - 1}: ${what()}.`);
  }
}
