/**
 * Cases for `gather`, the scatter family and `sort`: random dimension numbers
 * (indexed, collapsed and batching dims, partial windows, any offset dims),
 * every out-of-bounds mode with some indices out of bounds, repeated indices;
 * references from XLA's semantics (`spec/kernels/gatherReference.ts`).
 * scatter_min/max draw pairwise distinct values (no ties, so no kinks);
 * scatter_mul draws exact zeros among the updates, at repeated and at distinct
 * positions (the product-of-the-others rule); sort draws distinct keys (the permutation stays put under the
 * central differences' perturbation), with integer keys carrying ties.
 */
import fc from "fast-check";
import * as ops from "../../../lib/core/ops.ts";
import { GatherDimensionNumbers, ScatterDimensionNumbers, type GatherScatterMode } from "../../../lib/core/primitives/dimensionNumbers.ts";
import type { ScatterCombine } from "../../../lib/kernels/gather.ts";
import { dataOf, type ConcreteTensor, type Tensor } from "../../../lib/core/tensor.ts";
import { gatherLayoutArb, indexValuesArb, naiveGather, naiveScatter, scatterDimsOf, type GatherLayout } from "../../kernels/gatherReference.ts";
import { avalStr, distinctTensorArb, draw, edgeDraw, mixedShapeArb, real, tensor, tensorArb, type Case, type Draw } from "../harness.ts";

const modeArb = fc.constantFrom<GatherScatterMode>("clip", "fill", "promise_in_bounds");

/**
 * Mostly small layouts; about 1 in 8 over operands with dims next to the kernel's block sizes (window runs of 64
 * and more are block copies), at most 2,500 elements each.
 */
const sizedLayoutArb = fc.oneof(
  { weight: 7, arbitrary: gatherLayoutArb() },
  {
    weight: 1,
    arbitrary: gatherLayoutArb(3, fc.oneof(fc.integer({ min: 1, max: 3 }), fc.constantFrom(33, 63, 64, 65))).filter(
      (l) => l.operandShape.reduce((a, b) => a * b, 1) <= 2500 && l.outShape.reduce((a, b) => a * b, 1) <= 2500,
    ),
  },
);

/** A layout with its (partly out-of-bounds) indices and a mode. */
const layoutArb = sizedLayoutArb.chain((layout) => fc.record({ layout: fc.constant(layout), values: indexValuesArb(layout), mode: modeArb }));

const indicesOf = (layout: GatherLayout, values: Int32Array) => tensor(values, layout.indicesShape, "int32");

/** The kernel mode each primitive mode means: gathers clamp unless filling, scatters drop unless clipping. */
const gatherMode = (mode: GatherScatterMode) => (mode === "fill" ? "fill" : "clip");
const scatterMode = (mode: GatherScatterMode) => (mode === "clip" ? "clip" : "fill");

const gatherArb = layoutArb.chain(({ layout, values, mode }) =>
  tensorArb(layout.operandShape, real(3)).map((x) => {
    const indices = indicesOf(layout, values);
    const dims = new GatherDimensionNumbers(layout.dims);
    return draw(`gather(${avalStr(x)}, ${indices.toString()}, ${dims}, sliceSizes=(${layout.sliceSizes}), mode=${mode}, fill 0.25)`, (t) => ops.gatherWith(t, indices, dims, layout.sliceSizes, mode, 0.25), [x], () => ({
      shape: layout.outShape,
      dtype: "float64",
      data: naiveGather(layout, dataOf(x), values, gatherMode(mode), 0.25),
    }));
  }),
);

/** A scatter draw: operand and updates are the inputs; `values` draws them (both at once, for distinctness). */
function scatterArb(name: ops.ScatterName, combine: ScatterCombine, values: (layout: GatherLayout) => fc.Arbitrary<[ConcreteTensor, ConcreteTensor]>): fc.Arbitrary<Draw> {
  return layoutArb.chain(({ layout, values: idx, mode }) =>
    values(layout).map(([x, u]) => {
      const indices = indicesOf(layout, idx);
      const dims = new ScatterDimensionNumbers(scatterDimsOf(layout.dims));
      return draw(`${name}(${avalStr(x)}, ${indices.toString()}, ${avalStr(u)}, ${dims}, mode=${mode})`, (a: Tensor, b: Tensor) => ops.scatterWith(name, a, indices, b, dims, mode), [x, u], () => ({
        shape: layout.operandShape,
        dtype: "float64",
        data: naiveScatter(layout, dataOf(x), idx, dataOf(u), scatterMode(mode), combine),
      }));
    }),
  );
}

const independent = (elem: fc.Arbitrary<number>) => (layout: GatherLayout) => fc.tuple(tensorArb(layout.operandShape, elem), tensorArb(layout.outShape, elem));

/** Operand and updates pairwise distinct (at least 0.4 apart): extrema without ties. */
const distinctPair = (layout: GatherLayout) => {
  const n = layout.operandShape.reduce((a, b) => a * b, 1);
  const m = layout.outShape.reduce((a, b) => a * b, 1);
  return distinctTensorArb([n + m]).map((all): [ConcreteTensor, ConcreteTensor] => [
    tensor(dataOf(all).subarray(0, n), layout.operandShape),
    tensor(dataOf(all).subarray(n), layout.outShape),
  ]);
};

const withZeros = fc.oneof({ weight: 4, arbitrary: real(2) }, { weight: 1, arbitrary: fc.constant(0) });

/** scatter_mul of rows into x [n, m] at distinct row indices, updates with exact zeros: the lone-update rule. */
const scatterMulUniqueArb = fc
  .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }))
  .chain(([n, m]) => fc.tuple(tensorArb([n, m], real(2)), fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i), { minLength: 1 })))
  .chain(([x, rows]) => fc.tuple(fc.constant(x), fc.constant(rows), tensorArb([rows.length, x.shape[1]], withZeros)))
  .map(([x, rows, u]) => {
    const indices = tensor(rows, [rows.length, 1], "int32");
    const dims = new ScatterDimensionNumbers({ updateWindowDims: [1], insertedWindowDims: [0], scatterDimsToOperandDims: [0] });
    const layout: GatherLayout = { operandShape: x.shape.slice(), dims: gatherOfScatterDims(dims), sliceSizes: [1, x.shape[1]], indicesShape: [rows.length, 1], outShape: u.shape.slice() };
    return draw(`scatter_mul(${avalStr(x)}, rows ${indices.toString()}, ${avalStr(u)})`, (a: Tensor, b: Tensor) => ops.scatterWith("scatter_mul", a, indices, b, dims), [x, u], () => ({
      shape: x.shape,
      dtype: "float64",
      data: naiveScatter(layout, dataOf(x), dataOf(indices), dataOf(u), "fill", "mul"),
    }));
  });

function gatherOfScatterDims(d: ScatterDimensionNumbers): GatherLayout["dims"] {
  return { offsetDims: d.updateWindowDims, collapsedSliceDims: d.insertedWindowDims, startIndexMap: d.scatterDimsToOperandDims, operandBatchingDims: [], startIndicesBatchingDims: [] };
}

// sort

/** The stable order of positions by keys compared lexicographically (NaN last, -0 before +0: not drawn here). */
function sortReference(operands: readonly ConcreteTensor[], dimension: number, numKeys: number, which: number): number[] {
  const shape = operands[0].shape;
  const n = shape[dimension];
  const inner = shape.slice(dimension + 1).reduce((a, b) => a * b, 1);
  const outer = shape.slice(0, dimension).reduce((a, b) => a * b, 1);
  const out = new Array<number>(dataOf(operands[0]).length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = (k: number) => o * n * inner + k * inner + i;
      const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => {
        for (let key = 0; key < numKeys; key++) {
          const d = dataOf(operands[key])[at(a)] - dataOf(operands[key])[at(b)];
          if (d !== 0) return d;
        }
        return a - b;
      });
      order.forEach((k, j) => (out[at(j)] = dataOf(operands[which])[at(k)]));
    }
  }
  return out;
}

/** Values with many ties (no -0: the reference compares by subtraction, the kernel puts -0 before +0). */
const tiedKey = fc.constantFrom(-1.5, -1, 0, 0.5, 1, 2);

/**
 * One operand, its own key: values distinct; at an edge, tied values, whose tangents follow the stable order
 * (JAX's sort differentiates through the permutation of a stable sort: equal keys keep their positions' order).
 * Large shapes give lanes past the 12-element insertion runs (the merge passes).
 */
const sortValuesArb = fc.oneof(
  {
    weight: 3,
    arbitrary: mixedShapeArb(1, 3).chain((s) =>
      fc.tuple(distinctTensorArb(s), fc.integer({ min: 0, max: s.length - 1 })).map(([x, dimension]) =>
        draw(`sort(${avalStr(x)}, dimension=${dimension})`, (t) => ops.sort([t], dimension)[0], [x], () => ({ shape: x.shape, dtype: "float64", data: sortReference([x], dimension, 1, 0) })),
      ),
    ),
  },
  {
    weight: 1,
    arbitrary: mixedShapeArb(1, 3).chain((s) =>
      fc.tuple(tensorArb(s, tiedKey), fc.integer({ min: 0, max: s.length - 1 })).map(([x, dimension]) =>
        edgeDraw(
          `sort(${avalStr(x)}, dimension=${dimension})`,
          (t) => ops.sort([t], dimension)[0],
          [x],
          () => ({ shape: x.shape, dtype: "float64", data: sortReference([x], dimension, 1, 0) }),
          ([t]) => ({ shape: x.shape, dtype: "float64", data: sortReference([x, t], dimension, 1, 1) }),
        ),
      ),
    ),
  },
);

/**
 * Integer keys with ties (constant), then a distinct float key, then a float payload; one output checked. At an
 * edge the float key ties too (and the payload, when it is a key), so equal keys keep their order (a stable sort).
 */
const sortKeysArb = fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }).chain((atEdge) =>
  mixedShapeArb(1, 3).chain((s) =>
    fc
      .tuple(
        tensorArb(s, fc.integer({ min: 0, max: 2 }), "int32"),
        atEdge ? tensorArb(s, tiedKey) : distinctTensorArb(s),
        tensorArb(s, atEdge ? tiedKey : real(3)),
        fc.integer({ min: 0, max: s.length - 1 }),
        fc.constantFrom(1, 2),
        fc.constantFrom(0, 1),
      )
      .map(([k1, k2, payload, dimension, numKeys, which]) => {
        const desc = `sort(i32 keys ${k1.toString()}, ${avalStr(k2)}, payload ${avalStr(payload)}, dimension=${dimension}, numKeys=${numKeys + 1}) output ${which + 1}`;
        const f = (a: Tensor, b: Tensor) => ops.sort([k1, a, b], dimension, numKeys + 1)[which + 1];
        const expected = () => ({ shape: s, dtype: "float64" as const, data: sortReference([k1, k2, payload], dimension, numKeys + 1, which + 1) });
        if (!atEdge) return draw(desc, f, [k2, payload], expected);
        // the output's tangent: its operand's tangent in the keys' stable order
        const keys = numKeys === 1 ? [k1, k2] : [k1, k2, payload];
        return edgeDraw(desc, f, [k2, payload], expected, (ts) => ({ shape: s, dtype: "float64", data: sortReference([...keys, ts[which]], dimension, numKeys + 1, keys.length) }));
      }),
  ),
);

export const gatherScatterCases: Case[] = [
  { kind: "diff", prim: "gather", name: "gather (dimension numbers)", arb: gatherArb },
  { kind: "diff", prim: "scatter_add", name: "scatter_add (dimension numbers)", arb: scatterArb("scatter_add", "add", independent(real(3))) },
  { kind: "diff", prim: "scatter", name: "scatter (set; repeated indices keep the last)", arb: scatterArb("scatter", "set", independent(real(3))) },
  { kind: "diff", prim: "scatter_mul", name: "scatter_mul (repeated indices, zeros among the updates)", arb: scatterArb("scatter_mul", "mul", independent(withZeros)) },
  { kind: "diff", prim: "scatter_mul", name: "scatter_mul (distinct indices, zeros among the updates)", arb: scatterMulUniqueArb },
  { kind: "diff", prim: "scatter_min", name: "scatter_min (distinct values)", arb: scatterArb("scatter_min", "min", distinctPair) },
  { kind: "diff", prim: "scatter_max", name: "scatter_max (distinct values)", arb: scatterArb("scatter_max", "max", distinctPair) },
  { kind: "diff", prim: "sort", name: "sort (one operand)", arb: sortValuesArb },
  { kind: "diff", prim: "sort", name: "sort (integer keys with ties, a float key, a payload)", arb: sortKeysArb },
];
