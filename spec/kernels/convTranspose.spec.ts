/**
 * Specs for the convolution transposes: the lhs and rhs cotangent
 * convolutions (JAX's `_conv_general_dilated_transpose_lhs`/`_rhs` in the
 * canonical layouts) against cotangents scattered term by term from the
 * plain definition, for random shapes and every parameter, plus the
 * adjoint identity and the padding formulas' closed forms.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { convGeneralDilated, convOutputShape } from "../../lib/kernels/conv.ts";
import type { ConvParams } from "../../lib/kernels/conv.ts";
import {
  convLhsTransposePadding,
  convRhsTransposePadding,
  convTransposeLhs,
  convTransposeLhsKernel,
  convTransposeLhsParams,
  convTransposeRhs,
  convTransposeRhsParams,
} from "../../lib/kernels/convTranspose.ts";
import { convCaseArb, integerData, naiveConvCotangents } from "./naiveConv.ts";
import { sameValues } from "./naive.ts";

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const plain1d: ConvParams = { windowStrides: [1], padding: [[0, 0]], lhsDilation: [1], rhsDilation: [1], featureGroupCount: 1, batchGroupCount: 1 };

describe("convolution transposes", () => {
  it("equal the cotangents scattered from the definition, for random shapes and every parameter", () => {
    fc.assert(
      fc.property(convCaseArb(), fc.integer({ min: 1, max: 1 << 20 }), (c, seed) => {
        const { lhsShape, rhsShape, params } = c;
        const outShape = convOutputShape(lhsShape, rhsShape, params);
        const lhs = integerData(size(lhsShape), seed);
        const rhs = integerData(size(rhsShape), seed + 1);
        const g = integerData(size(outShape), seed + 2);
        const want = naiveConvCotangents(g, lhs, lhsShape, rhs, rhsShape, outShape, params);
        const dLhs = convTransposeLhs(g, outShape, rhs, rhsShape, lhsShape, params);
        const dRhs = convTransposeRhs(g, outShape, lhs, lhsShape, rhsShape, params);
        expect(sameValues(dLhs, want.lhs)).toBeNull();
        expect(sameValues(dRhs, want.rhs)).toBeNull();
      }),
      { numRuns: 400 },
    );
  });

  it("are the adjoints of the convolution: <conv(x, w), g> = <x, dLhs(g)> = <w, dRhs(g)>", () => {
    fc.assert(
      fc.property(convCaseArb({ minSize: 1 }), fc.integer({ min: 1, max: 1 << 20 }), (c, seed) => {
        const { lhsShape, rhsShape, params } = c;
        const outShape = convOutputShape(lhsShape, rhsShape, params);
        const x = integerData(size(lhsShape), seed);
        const w = integerData(size(rhsShape), seed + 1);
        const g = integerData(size(outShape), seed + 2);
        const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
          let s = 0;
          for (let i = 0; i < a.length; i++) s += a[i] * b[i];
          return s;
        };
        const forward = dot(convGeneralDilated(x, lhsShape, w, rhsShape, params), g);
        expect(dot(x, convTransposeLhs(g, outShape, w, rhsShape, lhsShape, params))).toBe(forward);
        expect(dot(w, convTransposeRhs(g, outShape, x, lhsShape, rhsShape, params))).toBe(forward);
      }),
      { numRuns: 200 },
    );
  });

  it("run convolutions whose output shapes are exactly the lhs and rhs shapes", () => {
    fc.assert(
      fc.property(convCaseArb({ minSize: 1 }), (c) => {
        const { lhsShape, rhsShape, params } = c;
        const outShape = convOutputShape(lhsShape, rhsShape, params);
        const groups = Math.max(params.featureGroupCount, params.batchGroupCount);
        const kernelShape = [groups * rhsShape[1], rhsShape[0] / groups, ...rhsShape.slice(2)];
        const lhsT = convOutputShape(outShape, kernelShape, convTransposeLhsParams(lhsShape, rhsShape, params));
        // the lhs cotangent convolution yields [N/B, B·C, ...], rearranged to [N, C, ...] for batch groups
        expect(lhsT).toEqual([lhsShape[0] / params.batchGroupCount, lhsShape[1] * params.batchGroupCount, ...lhsShape.slice(2)]);
        const swapped = (s: number[]) => [s[1], s[0], ...s.slice(2)];
        const rhsT = convOutputShape(swapped(lhsShape), swapped(outShape), convTransposeRhsParams(lhsShape, rhsShape, params));
        expect(rhsT).toEqual(swapped(rhsShape));
      }),
      { numRuns: 300 },
    );
  });

  it("compute the documented examples", () => {
    expect(Array.from(convTransposeLhs(new Float64Array([1, 1, 1]), [1, 1, 3], new Float64Array([1, -1]), [1, 1, 2], [1, 1, 4], plain1d))).toEqual([1, 0, 0, -1]);
    expect(Array.from(convTransposeRhs(new Float64Array([1, 1, 1]), [1, 1, 3], new Float64Array([1, 2, 3, 4]), [1, 1, 4], [1, 1, 2], plain1d))).toEqual([6, 9]);
  });

  it("pad and regroup as JAX does", () => {
    // "valid" 3-window over 5 elements: g (3 long) is padded by 2 each side, the rhs cotangent needs none
    expect(convLhsTransposePadding([5], [3], [3], plain1d)).toEqual([[2, 2]]);
    expect(convRhsTransposePadding([5], [3], [3], plain1d)).toEqual([[0, 0]]);
    // stride 2, "same"-style padding (1, 1) over 6: out 3; lhs: low 3-1-1 = 1, high 6+3-1-5-1 = 2
    const strided = { ...plain1d, windowStrides: [2], padding: [[1, 1]] as [number, number][] };
    expect(convLhsTransposePadding([6], [3], [3], strided)).toEqual([[1, 2]]);
    expect(convRhsTransposePadding([6], [3], [3], strided)).toEqual([[1, 0]]);
    const params = convTransposeLhsParams([1, 1, 6], [1, 1, 3], strided);
    expect(params.windowStrides).toEqual([1]);
    expect(params.lhsDilation).toEqual([2]);
    // kernel[g·I + i, q, k] = rhs[g·O/G + q, i, K-1-k]: O = 4, I = 1, G = 2, K = 2
    const kernel = convTransposeLhsKernel(new Float64Array([1, 2, 3, 4, 5, 6, 7, 8]), [4, 1, 2], 2);
    expect(kernel.shape).toEqual([2, 2, 2]);
    expect(Array.from(kernel.data)).toEqual([2, 1, 4, 3, 6, 5, 8, 7]);
  });
});
