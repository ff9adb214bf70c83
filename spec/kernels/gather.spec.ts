/**
 * The general gather and scatter kernels against naive references written
 * from XLA's operation semantics (`gatherReference.ts`), on random dimension
 * numbers: indexed and collapsed dims, partial windows, operand batching dims,
 * any placement of the offset dims, out-of-bounds indices in both modes, every
 * dtype. The take-along-an-axis special case is checked against numpy's
 * `take` too, and scatter-add against gather by the dot-product identity.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { gather, scatter, type GatherDims, type IndexMode } from "../../lib/kernels/gather.ts";
import { sizeOf } from "../../lib/array/shape.ts";
import { allCoords, arrayArb, dataArb, dtypeArb, flatOf, sameValues, shapeArb, storeAll } from "./naive.ts";
import { gatherLayoutArb, indexValuesArb, naiveGather, naiveScatter, scatterDimsOf } from "./gatherReference.ts";

const modeArb = fc.constantFrom<IndexMode>("clip", "fill");

/** A layout with random data of a random dtype and random (partly out-of-bounds) indices. */
const gatherCaseArb = gatherLayoutArb().chain((layout) =>
  fc.record({
    layout: fc.constant(layout),
    dtype: dtypeArb,
    indices: indexValuesArb(layout),
    mode: modeArb,
  }).chain((c) => dataArb(c.dtype, sizeOf(layout.operandShape)).map((data) => ({ ...c, data }))),
);

describe("gather", () => {
  it("matches XLA's semantics for random dimension numbers, in clip and fill modes", () => {
    fc.assert(
      fc.property(gatherCaseArb, ({ layout, dtype, data, indices, mode }) => {
        const got = gather(data, layout.operandShape, indices, layout.indicesShape, layout.dims, layout.sliceSizes, mode, 7, layout.outShape);
        expect(got.constructor).toBe(data.constructor);
        expect(sameValues(got, Array.from(storeAll(dtype, naiveGather(layout, data, indices, mode, 7))))).toBeNull();
      }),
      { numRuns: 400 },
    );
  });

  it("along one axis is numpy's take (indices in bounds)", () => {
    const takeArb = arrayArb(shapeArb(3, 4, 1).filter((s) => s.length > 0)).chain((x) =>
      fc.integer({ min: 0, max: x.shape.length - 1 }).chain((axis) =>
        shapeArb(2, 3).chain((indicesShape) =>
          fc
            .array(fc.integer({ min: 0, max: x.shape[axis] - 1 }), { minLength: sizeOf(indicesShape), maxLength: sizeOf(indicesShape) })
            .map((values) => ({ x, axis, indicesShape, indices: Int32Array.from(values) })),
        ),
      ),
    );
    fc.assert(
      fc.property(takeArb, ({ x, axis, indicesShape, indices }) => {
        const outShape = [...x.shape.slice(0, axis), ...indicesShape, ...x.shape.slice(axis + 1)];
        const want = allCoords(outShape).map((c) => {
          const index = indices[flatOf(c.slice(axis, axis + indicesShape.length), indicesShape)];
          return x.data[flatOf([...c.slice(0, axis), index, ...c.slice(axis + indicesShape.length)], x.shape)];
        });
        const offsetDims = x.shape.map((_, d) => (d < axis ? d : d - 1 + indicesShape.length)).filter((_, d) => d !== axis);
        const dims: GatherDims = { offsetDims, collapsedSliceDims: [axis], startIndexMap: [axis], operandBatchingDims: [], startIndicesBatchingDims: [] };
        const sliceSizes = x.shape.map((n, d) => (d === axis ? 1 : n));
        const got = gather(x.data, x.shape, indices, [...indicesShape, 1], dims, sliceSizes, "clip", 0, outShape);
        expect(got.constructor).toBe(x.data.constructor);
        expect(sameValues(got, want)).toBeNull();
      }),
      { numRuns: 200 },
    );
  });
});

/** A scatter case mirrors a gather layout: updates shaped like the gather's output. */
const scatterCaseArb = gatherLayoutArb().chain((layout) =>
  fc.record({
    layout: fc.constant(layout),
    indices: indexValuesArb(layout),
    mode: modeArb,
    operand: fc.array(fc.integer({ min: -6, max: 6 }), { minLength: sizeOf(layout.operandShape), maxLength: sizeOf(layout.operandShape) }),
    updates: fc.array(fc.integer({ min: -6, max: 6 }), { minLength: sizeOf(layout.outShape), maxLength: sizeOf(layout.outShape) }),
  }),
);

describe("scatter", () => {
  for (const combine of ["set", "add", "mul", "min", "max"] as const) {
    it(`${combine} matches XLA's semantics (updates in row-major order) for random dimension numbers`, () => {
      fc.assert(
        fc.property(scatterCaseArb, ({ layout, indices, mode, operand, updates }) => {
          const x = Float64Array.from(operand, (v) => v / 2);
          const u = Float64Array.from(updates, (v) => v / 4);
          const got = scatter(combine, x, layout.operandShape, indices, layout.indicesShape, u, layout.outShape, scatterDimsOf(layout.dims), mode, "float64");
          expect(sameValues(got, naiveScatter(layout, x, indices, u, mode, combine))).toBeNull();
        }),
        { numRuns: 150 },
      );
    });
  }

  it("add is the transpose of gather: <gather(v), u> = <v, scatter_add(0, u)>", () => {
    fc.assert(
      fc.property(scatterCaseArb, ({ layout, indices, mode, updates }) => {
        const v = Float64Array.from({ length: sizeOf(layout.operandShape) }, (_, i) => (i % 7) - 3);
        const u = Float64Array.from(updates);
        const gathered = gather(v, layout.operandShape, indices, layout.indicesShape, layout.dims, layout.sliceSizes, mode, 0, layout.outShape);
        const scattered = scatter("add", new Float64Array(v.length), layout.operandShape, indices, layout.indicesShape, u, layout.outShape, scatterDimsOf(layout.dims), mode, "float64");
        let left = 0;
        let right = 0;
        for (let i = 0; i < gathered.length; i++) left += gathered[i] * u[i];
        for (let i = 0; i < v.length; i++) right += v[i] * scattered[i];
        expect(left).toBe(right);
      }),
      { numRuns: 200 },
    );
  });

  it("int32 multiplies wrap as numpy's int32, bool adds are logical or, int32 and float32 keep their dtype", () => {
    const dims = { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0], operandBatchingDims: [], scatterIndicesBatchingDims: [] };
    const big = scatter("mul", Int32Array.of(65537, 1), [2], Int32Array.of(0), [1, 1], Int32Array.of(65537), [1], dims, "fill", "int32");
    expect(Array.from(big)).toEqual([Math.imul(65537, 65537), 1]);
    const bools = scatter("add", Uint8Array.of(0, 1), [2], Int32Array.of(0, 0, 1), [3, 1], Uint8Array.of(1, 1, 0), [3], dims, "fill", "bool");
    expect(Array.from(bools)).toEqual([1, 1]);
    const f32 = scatter("add", Float32Array.of(0.1, 0), [2], Int32Array.of(0), [1, 1], Float32Array.of(0.2), [1], dims, "fill", "float32");
    expect(f32).toBeInstanceOf(Float32Array);
    expect(f32[0]).toBe(Math.fround(Math.fround(0.1) + Math.fround(0.2)));
  });
});
