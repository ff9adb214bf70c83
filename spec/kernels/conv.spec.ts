/**
 * Specs for convGeneralDilated against the plain definition in
 * ./naiveConv.ts: random shapes of rank 0..3 with every parameter (window
 * strides, padding including negative, lhs and rhs dilation, feature and
 * batch groups), both inner algorithms (direct accumulation for groups of
 * one output feature, im2col and matmul otherwise, and each forced), the tiled paths
 * of large problems, float32, non-finite values and the shape rule's errors.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ArgumentError, DTypeError, ShapeError } from "../../lib/core/errors.ts";
import { convGeneralDilated, convOutputShape, convTuning } from "../../lib/kernels/conv.ts";
import type { ConvParams } from "../../lib/kernels/conv.ts";
import { convCaseArb, integerData, naiveConv } from "./naiveConv.ts";
import { sameValues } from "./naive.ts";

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function plain(rank: number, overrides: Partial<ConvParams> = {}): ConvParams {
  return {
    windowStrides: new Array(rank).fill(1),
    padding: new Array(rank).fill([0, 0]),
    lhsDilation: new Array(rank).fill(1),
    rhsDilation: new Array(rank).fill(1),
    featureGroupCount: 1,
    batchGroupCount: 1,
    ...overrides,
  };
}

/** Runs the kernel and the definition on integer data and compares exactly. */
function agreesWithDefinition(lhsShape: number[], rhsShape: number[], params: ConvParams, seed: number): void {
  const outShape = convOutputShape(lhsShape, rhsShape, params);
  const lhs = integerData(size(lhsShape), seed);
  const rhs = integerData(size(rhsShape), seed + 1);
  const got = convGeneralDilated(lhs, lhsShape, rhs, rhsShape, params);
  expect(got).toBeInstanceOf(Float64Array);
  expect(sameValues(got, naiveConv(lhs, lhsShape, rhs, rhsShape, outShape, params))).toBeNull();
}

describe("convGeneralDilated", () => {
  it("computes the closed-form examples", () => {
    const diff = convGeneralDilated(new Float64Array([1, 2, 3, 4]), [1, 1, 4], new Float64Array([1, -1]), [1, 1, 2], plain(1));
    expect(Array.from(diff)).toEqual([-1, -1, -1]);
    // 2-D box sum of a 3×3 ramp with a 2×2 ones kernel, padded by one on the low side, stride 2
    const ramp = new Float64Array([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const box = convGeneralDilated(ramp, [1, 1, 3, 3], new Float64Array([1, 1, 1, 1]), [1, 1, 2, 2], plain(2, { windowStrides: [2, 2], padding: [[1, 0], [1, 0]] }));
    expect(Array.from(box)).toEqual([1, 2 + 3, 4 + 7, 5 + 6 + 8 + 9]);
    // no spatial axes: a matrix product [N, C] x [O, C]^T
    const product = convGeneralDilated(new Float64Array([1, 2, 3, 4]), [2, 2], new Float64Array([1, 0, 1, 1]), [2, 2], plain(0));
    expect(Array.from(product)).toEqual([1, 3, 3, 7]);
  });

  it("matches the definition for random shapes and every parameter (rank 0..3)", () => {
    fc.assert(
      fc.property(convCaseArb(), fc.integer({ min: 1, max: 1 << 20 }), (c, seed) => {
        agreesWithDefinition(c.lhsShape, c.rhsShape, c.params, seed);
      }),
      { numRuns: 400 },
    );
  });

  it("matches the definition with either algorithm forced and with tiny tiles (column tiles, accumulated row tiles, split images)", () => {
    const saved = { ...convTuning };
    try {
      for (const tuning of [
        { directMaxFeatures: 0, tileElements: 1 << 18, minTileColumns: 256, wasm: true },
        { directMaxFeatures: 1 << 30, tileElements: 1 << 18, minTileColumns: 256, wasm: true },
        { directMaxFeatures: 0, tileElements: 64, minTileColumns: 4, wasm: true },
        { directMaxFeatures: 0, tileElements: 7, minTileColumns: 1, wasm: false },
      ]) {
        Object.assign(convTuning, tuning);
        fc.assert(
          fc.property(convCaseArb(), fc.integer({ min: 1, max: 1 << 20 }), (c, seed) => {
            agreesWithDefinition(c.lhsShape, c.rhsShape, c.params, seed);
          }),
          { numRuns: 150 },
        );
      }
    } finally {
      Object.assign(convTuning, saved);
    }
  });

  it("matches the definition on a problem larger than the default tile, through either matmul", () => {
    // 4 images of 20×20 positions × 288 rows = 461k column entries: two column tiles of the default 2^18
    const [lhsShape, rhsShape, params] = [[4, 32, 22, 22], [3, 32, 3, 3], plain(2)];
    const lhs = integerData(size(lhsShape), 101);
    const rhs = integerData(size(rhsShape), 102);
    const want = naiveConv(lhs, lhsShape, rhs, rhsShape, convOutputShape(lhsShape, rhsShape, params), params);
    const saved = convTuning.wasm;
    try {
      for (const wasm of [true, false]) {
        convTuning.wasm = wasm;
        expect(sameValues(convGeneralDilated(lhs, lhsShape, rhs, rhsShape, params), want)).toBeNull();
      }
    } finally {
      convTuning.wasm = saved;
    }
  });

  it("rounds float32 operands' exact float64 sum once into a Float32Array", () => {
    fc.assert(
      fc.property(convCaseArb({ maxRank: 2 }), fc.integer({ min: 1, max: 1 << 20 }), (c, seed) => {
        const outShape = convOutputShape(c.lhsShape, c.rhsShape, c.params);
        const lhs = Float32Array.from(integerData(size(c.lhsShape), seed), (v) => v / 3);
        const rhs = Float32Array.from(integerData(size(c.rhsShape), seed + 1), (v) => v / 7);
        const got = convGeneralDilated(lhs, c.lhsShape, rhs, c.rhsShape, c.params);
        expect(got).toBeInstanceOf(Float32Array);
        const want = naiveConv(lhs, c.lhsShape, rhs, c.rhsShape, outShape, c.params).map(Math.fround);
        expect(sameValues(got, want, 1e-6)).toBeNull();
      }),
      { numRuns: 150 },
    );
  });

  it("takes an output dtype: int32 truncates like a typed-array store", () => {
    const got = convGeneralDilated(new Float64Array([1.5, 2, 3]), [1, 1, 3], new Float64Array([1]), [1, 1, 1], plain(1), "int32");
    expect(got).toBeInstanceOf(Int32Array);
    expect(Array.from(got)).toEqual([1, 2, 3]);
    expect(() => convGeneralDilated(new Float64Array(3), [1, 1, 3], new Float64Array(1), [1, 1, 1], plain(1), "bool")).toThrow(DTypeError);
  });

  it("never multiplies padding or holes: an infinite weight over padding gives no NaN (such kernels take the direct path)", () => {
    for (const features of [1, 4]) {
      const rhsShape = [features, 1, 3];
      const rhs = new Float64Array(size(rhsShape)).fill(1);
      for (let o = 0; o < features; o++) rhs[o * 3] = Infinity;
      const lhs = new Float64Array([1, 2, 3]);
      const params = plain(1, { padding: [[1, 1]], lhsDilation: [2] });
      const outShape = convOutputShape([1, 1, 3], rhsShape, params);
      const got = convGeneralDilated(lhs, [1, 1, 3], rhs, rhsShape, params);
      expect(sameValues(got, naiveConv(lhs, [1, 1, 3], rhs, rhsShape, outShape, params))).toBeNull();
      expect(Array.from(got).some((v) => Number.isNaN(v))).toBe(false);
    }
  });

  it("propagates NaN and infinities of the input through both algorithms", () => {
    for (const features of [1, 4]) {
      const lhs = new Float64Array([1, NaN, 3, Infinity, 5]);
      const rhs = new Float64Array(features * 2).fill(1);
      const got = convGeneralDilated(lhs, [1, 1, 5], rhs, [features, 1, 2], plain(1));
      const want = naiveConv(lhs, [1, 1, 5], rhs, [features, 1, 2], [1, features, 4], plain(1));
      expect(sameValues(got, want)).toBeNull();
      expect(Number.isNaN(got[0])).toBe(true);
      expect(got[3]).toBe(Infinity);
    }
  });

  it("gives empty and zero results for empty operands", () => {
    expect(convOutputShape([2, 3, 0], [4, 3, 2], plain(1))).toEqual([2, 4, 0]);
    expect(Array.from(convGeneralDilated(new Float64Array(0), [2, 0, 5], new Float64Array(0), [4, 0, 2], plain(1)))).toEqual(new Array(2 * 4 * 4).fill(0));
    expect(convOutputShape([1, 1, 3], [1, 1, 4], plain(1))).toEqual([1, 1, 0]);
    expect(convOutputShape([1, 1, 3], [1, 1, 2], plain(1, { padding: [[-3, 0]] }))).toEqual([1, 1, 0]);
  });

  it("rejects inconsistent shapes and parameters with errors naming conv_general_dilated", () => {
    const bad: [number[], number[], ConvParams, typeof ShapeError | typeof ArgumentError][] = [
      [[1, 2, 5], [1, 2, 3, 3], plain(1), ShapeError],
      [[1, 4, 5], [2, 3, 3], plain(1), ShapeError],
      [[1, 4, 5], [3, 2, 3], plain(1, { featureGroupCount: 2 }), ShapeError],
      [[3, 2, 5], [2, 2, 3], plain(1, { batchGroupCount: 2 }), ShapeError],
      [[2, 4, 5], [4, 2, 3], plain(1, { featureGroupCount: 2, batchGroupCount: 2 }), ArgumentError],
      [[1, 2, 5], [1, 2, 3], plain(1, { windowStrides: [0] }), ArgumentError],
      [[1, 2, 5], [1, 2, 3], plain(1, { padding: [[0.5, 0]] }), ArgumentError],
      [[1, 2, 5], [1, 2, 3], plain(2), ArgumentError],
      [[1, 2, 5], [1, 2, 3], plain(1, { featureGroupCount: 0 }), ArgumentError],
    ];
    for (const [lhsShape, rhsShape, params, kind] of bad) {
      expect(() => convOutputShape(lhsShape, rhsShape, params)).toThrow(kind);
      expect(() => convOutputShape(lhsShape, rhsShape, params)).toThrow(/conv_general_dilated/);
    }
    expect(() => convGeneralDilated(new Float64Array(4), [1, 1, 5], new Float64Array(2), [1, 1, 2], plain(1))).toThrow(/elements/);
  });
});
