/**
 * `gather` and the scatter family (`scatter` (set), `scatter_add`,
 * `scatter_mul`, `scatter_min`, `scatter_max`) with JAX's dimension numbers
 * (`dimensionNumbers.ts`) and out-of-bounds modes. Every indexing operation
 * of the np layer (`take`, `takeAlongAxis`, numpy's advanced indexing,
 * `x.at(...)`) is one of these.
 *
 * `gather` is linear in its operand: its transpose is `scatter_add` with the
 * mirrored dimension numbers, and `scatter_add`'s (in its updates) is
 * `gather`. The other scatters are not linear; their jvp rules are written
 * with `scatter_add`, `gather` and masks, so every linearized program stays
 * transposable. A scatter applies its updates in their row-major order, so
 * `scatter` (set) with repeated indices keeps the last update, as numpy's
 * `x[idx] = v`. Batching rules follow JAX's (`operand_batching_dims` when
 * both operand and indices are batched).
 */
import type { DType } from "../../array/dtype.ts";
import * as kernels from "../../kernels/gather.ts";
import type { IndexMode, ScatterCombine } from "../../kernels/gather.ts";
import { isLinear, type GatherParams, type JvpRule, type Primitive, type ScatterParams, type Tangent } from "../primitive.ts";
import { ConcreteTensor, type Aval, type Tensor, dataOf } from "../tensor.ts";
import * as ops from "../ops.ts";
import type { ScatterName } from "../ops.ts";
import { batchFirst, moveAxis, shiftAxes } from "./batching.ts";
import {
  GatherDimensionNumbers,
  gatherOfScatter,
  gatherShape,
  ScatterDimensionNumbers,
  scatterOfGather,
  scatterShapeOrThrow,
  scatterWindowSizes,
  withPairedBatch,
  withWholeBatchWindow,
  type GatherScatterMode,
} from "./dimensionNumbers.ts";

// utils

/** The default fill of an out-of-bounds gather window (JAX's): NaN, the least int32, true. */
function defaultFill(dtype: DType): number {
  return dtype === "float64" || dtype === "float32" ? NaN : dtype === "bool" ? 1 : -2147483648;
}

/** The kernel mode of a gather: promise_in_bounds clamps (as XLA's gather). */
const gatherKernelMode = (mode: GatherScatterMode): IndexMode => (mode === "fill" ? "fill" : "clip");

/** The kernel mode of a scatter: promise_in_bounds drops (as XLA's scatter). */
const scatterKernelMode = (mode: GatherScatterMode): IndexMode => (mode === "clip" ? "clip" : "fill");

/** The gather that reads, at each update position, the operand element the scatter combined it into (or `fill` where it was dropped). */
function readBack(out: Tensor, indices: Tensor, updates: Aval, p: ScatterParams, fill: number): Tensor {
  const sizes = scatterWindowSizes(out.shape.length, updates.shape, p.dimensionNumbers);
  const mode: GatherScatterMode = p.mode === "clip" ? "clip" : "fill";
  return ops.gatherWith(out, indices, gatherOfScatter(p.dimensionNumbers), sizes, mode, fill);
}

/** `scatter_add` of `updates` into zeros shaped like `operand`. */
function addInto(operand: Tensor, indices: Tensor, updates: Tensor, p: ScatterParams): Tensor {
  return ops.scatterWith("scatter_add", ops.scatterZeros(operand), indices, updates, p.dimensionNumbers, p.mode);
}

/** `mask ? x : 0` in x's dtype (mask bool). */
function keep(mask: Tensor, x: Tensor): Tensor {
  return ops.select(mask, x, ops.zerosLike(x));
}

/** Sum of tangent terms, some of which may be symbolic zeros. */
function sumTangents(terms: readonly Tangent[]): Tangent {
  const present = terms.filter((t): t is Tensor => t !== null);
  return present.length === 0 ? null : present.reduce((a, b) => ops.add(a, b));
}

// gather

export const gather: Primitive<"gather"> = {
  name: "gather",
  abstractEval([operand, indices], { dimensionNumbers, sliceSizes }) {
    return [{ shape: gatherShape("gather", operand, indices, dimensionNumbers, sliceSizes), dtype: operand.dtype }];
  },
  impl([operand, indices], { dimensionNumbers, sliceSizes, mode, fillValue }) {
    const shape = gatherShape("gather", operand, indices, dimensionNumbers, sliceSizes);
    const fill = fillValue ?? defaultFill(operand.dtype);
    const data = kernels.gather(dataOf(operand), operand.shape, dataOf(indices) as Int32Array, indices.shape, dimensionNumbers, sliceSizes, gatherKernelMode(mode), fill, shape);
    return [new ConcreteTensor(data, shape, operand.dtype)];
  },
  // linear in the operand: d gather(x, i) = gather(dx, i), zeros in filled windows
  jvp: ([operand, indices], [t], p) => [
    [ops.gatherWith(operand, indices, p.dimensionNumbers, p.sliceSizes, p.mode, p.fillValue)],
    [ops.gatherWith(t!, indices, p.dimensionNumbers, p.sliceSizes, p.mode, 0)],
  ],
  // each gathered element came from one operand element: add the cotangents back there
  // (a clamped read is a clamped write; a filled window had no source)
  transpose: (cts, [operand, indices], { dimensionNumbers, mode }) => {
    const [ct] = cts;
    if (ct === null || !isLinear(operand)) return [null, null];
    const scatterMode: GatherScatterMode = mode === "fill" ? "fill" : "clip";
    return [ops.scatterWith("scatter_add", ops.scatterZeros(operand), indices as Tensor, ct, scatterOfGather(dimensionNumbers), scatterMode), null];
  },
  batch(size, [operand, indices], [operandDim, indicesDim], p) {
    const d = p.dimensionNumbers;
    if (indicesDim === null) {
      // the batch axis is one more window dim, taken whole
      return [[ops.gatherWith(moveAxis(operand, operandDim!, 0), indices, withWholeBatchWindow(d), [size, ...p.sliceSizes], p.mode, p.fillValue)], [0]];
    }
    if (operandDim === null) {
      // the batch axis is one more batch dim of the indices, hence the first of the output
      const dims = new GatherDimensionNumbers({
        offsetDims: shiftAxes(d.offsetDims),
        collapsedSliceDims: d.collapsedSliceDims,
        startIndexMap: d.startIndexMap,
        operandBatchingDims: d.operandBatchingDims,
        startIndicesBatchingDims: shiftAxes(d.startIndicesBatchingDims),
      });
      return [[ops.gatherWith(operand, moveAxis(indices, indicesDim, 0), dims, p.sliceSizes, p.mode, p.fillValue)], [0]];
    }
    // both: the batch axis pairs an operand batching dim with an indices batching dim
    const sliceSizes = [size === 0 ? 0 : 1, ...p.sliceSizes];
    return [[ops.gatherWith(moveAxis(operand, operandDim, 0), moveAxis(indices, indicesDim, 0), withPairedBatch(d), sliceSizes, p.mode, p.fillValue)], [0]];
  },
  lower: null,
};

// the scatter family

/** A scatter primitive combining updates with `combine`; `jvp` and `transpose` are its own. */
function scatterPrimitive<P extends ScatterName>(name: P, combine: ScatterCombine, jvp: JvpRule<P>, transpose: Primitive<P>["transpose"]): Primitive<P> {
  const record: Primitive<P> = {
    name,
    abstractEval([operand, indices, updates], { dimensionNumbers }) {
      scatterShapeOrThrow(name, operand, indices, updates, dimensionNumbers);
      return [{ shape: operand.shape, dtype: operand.dtype }];
    },
    impl([operand, indices, updates], { dimensionNumbers, mode }) {
      scatterShapeOrThrow(name, operand, indices, updates, dimensionNumbers);
      const data = kernels.scatter(combine, dataOf(operand), operand.shape, dataOf(indices) as Int32Array, indices.shape, dataOf(updates), updates.shape, dimensionNumbers, scatterKernelMode(mode), operand.dtype);
      return [new ConcreteTensor(data, operand.shape, operand.dtype)];
    },
    jvp,
    transpose,
    batch(size, [operand, indices, updates], [operandDim, indicesDim, updatesDim], p) {
      const d = p.dimensionNumbers;
      const x = batchFirst(operand, operandDim, size);
      const u = batchFirst(updates, updatesDim, size);
      // the same numbers as the gather that reads these windows, batched as the gather is
      if (indicesDim === null) {
        // the batch axis is one more window dim of every update, over the whole operand axis
        return [[ops.scatterWith(name, x, indices, u, scatterOfGather(withWholeBatchWindow(gatherOfScatter(d))), p.mode)], [0]];
      }
      // the batch axis pairs an operand batching dim with an indices batching dim (the first update dim)
      return [[ops.scatterWith(name, x, moveAxis(indices, indicesDim, 0), u, scatterOfGather(withPairedBatch(gatherOfScatter(d))), p.mode)], [0]];
    },
    lower: null,
  };
  return record;
}

// d scatter_add(x, i, u) = scatter_add(dx, i, du): linear in x and u jointly
export const scatter_add = scatterPrimitive(
  "scatter_add",
  "add",
  ([operand, indices, updates], [tx, , tu], p) => {
    const out = ops.scatterWith("scatter_add", operand, indices, updates, p.dimensionNumbers, p.mode);
    if (tx === null && tu === null) return [[out], [null]];
    return [[out], [ops.scatterWith("scatter_add", tx ?? ops.zerosLike(operand), indices, tu ?? ops.zerosLike(updates), p.dimensionNumbers, p.mode)]];
  },
  // the operand's cotangent is ct; each update's is ct read back at its position (0 where it was dropped)
  (cts, [operand, indices, updates], p) => {
    const [ct] = cts;
    if (ct === null) return [null, null, null];
    return [isLinear(operand) ? ct : null, null, isLinear(updates) ? readBack(ct, indices as Tensor, updates, p, 0) : null];
  },
);

// out = x where no update lands, else the last update there: the tangent is dx where no update lands, else that update's du
export const scatter = scatterPrimitive(
  "scatter",
  "set",
  ([operand, indices, updates], [tx, , tu], p) => {
    const out = ops.scatterWith("scatter", operand, indices, updates, p.dimensionNumbers, p.mode);
    if (tx === null && tu === null) return [[out], [null]];
    // which update wins at each position: scatter the updates' ids, read them back (JAX's rule)
    const ids = ops.iotaAlong([updates.size], 0);
    const idShape = ops.reshape(ids, updates.shape);
    const written = ops.scatterWith("scatter", ops.full(operand.shape, -1, "int32"), indices, idShape, p.dimensionNumbers, p.mode);
    const touched = ops.ge(written, ops.scalar(0, "int32"));
    const winner = ops.eq(readBack(written, indices, updates, p, -2), idShape);
    const kept = tx === null ? null : ops.select(touched, ops.zerosLike(tx), tx);
    const placed = tu === null ? null : addInto(operand, indices, keep(winner, tu), p);
    return [[out], [sumTangents([kept, placed])]];
  },
  null,
);

// out = x · Π u over the updates landing there:
// d out = dx · Π u + x · Σ_k du_k · Π_{j≠k} u_j (the products of the others, without division)
export const scatter_mul = scatterPrimitive(
  "scatter_mul",
  "mul",
  ([operand, indices, updates], [tx, , tu], p) => {
    const out = ops.scatterWith("scatter_mul", operand, indices, updates, p.dimensionNumbers, p.mode);
    if (tx === null && tu === null) return [[out], [null]];
    const ones = ops.full(operand.shape, 1, operand.dtype);
    const scaled = tx === null ? null : ops.mul(tx, ops.scatterWith("scatter_mul", ones, indices, updates, p.dimensionNumbers, p.mode));
    const placed = tu === null ? null : ops.mul(operand, addInto(operand, indices, ops.mul(tu, productOfOthers(operand, indices, updates, p)), p));
    return [[out], [sumTangents([scaled, placed])]];
  },
  null,
);

/**
 * For each update, the product of the other updates that land on the same operand position
 * (1 for a lone one), exactly: the updates are grouped by target (a sort), and the products
 * before and after each one in its group come from two segmented scans (Hillis–Steele).
 */
function productOfOthers(operand: Tensor, indices: Tensor, updates: Tensor, p: ScatterParams): Tensor {
  const m = updates.size;
  if (m <= 1) return ops.full(updates.shape, 1, updates.dtype);
  // each update's target: the flat operand position it lands on (-1 where dropped)
  const positions = ops.reshape(ops.iotaAlong([operand.size], 0), operand.shape);
  const targets = ops.reshape(readBack(positions, indices, updates, p, -1), [m]);
  const [keys, perm] = ops.sort([targets, ops.iotaAlong([m], 0)], 0);
  const u = ops.gather(ops.reshape(updates, [m]), perm, 0);
  const reversed = ops.fromInt32(Int32Array.from({ length: m }, (_, i) => m - 1 - i));
  const reverse = (t: Tensor) => ops.gather(t, reversed, 0);
  const before = exclusiveSegmentedProduct(u, keys);
  const after = reverse(exclusiveSegmentedProduct(reverse(u), reverse(keys)));
  // back to the updates' order: others[perm[i]] = sorted others[i]
  const dims = new ScatterDimensionNumbers({ updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] });
  const others = ops.scatterWith("scatter", ops.zerosLike(u), ops.reshape(perm, [m, 1]), ops.mul(before, after), dims);
  return ops.reshape(others, updates.shape);
}

/** The product of the earlier elements of `u` ([m]) in each run of equal `keys` (1 for the first of a run). */
function exclusiveSegmentedProduct(u: Tensor, keys: Tensor): Tensor {
  const m = u.shape[0];
  const ones = ops.full([m], 1, u.dtype);
  // `t` shifted right by d, the first d entries `fill`
  const shift = (t: Tensor, d: number, fill: number) => ops.concatenate([ops.full([d], fill, t.dtype), ops.slice(t, [0], [m - d])], 0);
  let inclusive = u;
  for (let d = 1; d < m; d *= 2) {
    const sameRun = ops.eq(keys, shift(keys, d, -2));
    inclusive = ops.mul(inclusive, ops.select(sameRun, shift(inclusive, d, 1), ones));
  }
  return ops.select(ops.eq(keys, shift(keys, 1, -2)), shift(inclusive, 1, 1), ones);
}

/** The jvp of scatter_min/max: the tangent of the extremum, split equally among the operand and updates that attain it (as JAX). */
function extremalJvp<P extends "scatter_min" | "scatter_max">(name: P): JvpRule<P> {
  return ([operand, indices, updates], [tx, , tu], p) => {
    const out = ops.scatterWith(name, operand, indices, updates, p.dimensionNumbers, p.mode);
    if (tx === null && tu === null) return [[out], [null]];
    const dtype = operand.dtype;
    const updateWins = ops.convert(ops.eq(updates, readBack(out, indices, updates, p, NaN)), dtype);
    const operandWins = ops.convert(ops.eq(operand, out), dtype);
    const count = ops.add(operandWins, addInto(operand, indices, updateWins, p));
    const fromOperand = tx === null ? null : ops.mul(tx, operandWins);
    const fromUpdates = tu === null ? null : addInto(operand, indices, ops.mul(tu, updateWins), p);
    return [[out], [ops.div(sumTangents([fromOperand, fromUpdates])!, count)]];
  };
}

export const scatter_min = scatterPrimitive("scatter_min", "min", extremalJvp("scatter_min"), null);
export const scatter_max = scatterPrimitive("scatter_max", "max", extremalJvp("scatter_max"), null);
