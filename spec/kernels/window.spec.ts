/**
 * Specs for reduceWindow (sum, max, min), selectAndGatherAdd and
 * selectAndScatterAdd against plain loops over every window element, for
 * random ranks, shapes and every window parameter (strides, padding
 * including negative, base and window dilation), dtypes, ties and NaN; and
 * the pooling derivatives against finite differences of max pooling.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { DType, TypedArray } from "../../lib/array/dtype.ts";
import { typedArrayFrom } from "../../lib/array/dtype.ts";
import { ArgumentError, DTypeError, ShapeError } from "../../lib/core/errors.ts";
import { reduceWindow, reduceWindowShape, reductionIdentity, selectAndGatherAdd, selectAndScatterAdd, selectedIndices } from "../../lib/kernels/window.ts";
import type { WindowParams, WindowReduction } from "../../lib/kernels/window.ts";
import { convLhsTransposePadding } from "../../lib/kernels/convTranspose.ts";
import { sameValues } from "./naive.ts";
import { naiveReduceWindow, naiveSelected, windowCaseArb } from "./naiveWindow.ts";

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Values with ties (small integers) and, when `specials`, NaN and infinities. */
function valuesArb(length: number, specials: boolean): fc.Arbitrary<number[]> {
  const value = specials
    ? fc.oneof({ weight: 8, arbitrary: fc.integer({ min: -3, max: 3 }) }, { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity) })
    : fc.integer({ min: -3, max: 3 });
  return fc.array(value, { minLength: length, maxLength: length });
}

const caseWithData = (dtype: DType, specials: boolean) =>
  windowCaseArb().chain((c) => valuesArb(size(c.shape), specials).map((values) => ({ ...c, data: typedArrayFrom(dtype, values) })));

describe("reduceWindow", () => {
  it("computes the closed-form examples", () => {
    const pairs = { windowDimensions: [2], windowStrides: [1], padding: [[0, 0]] as [number, number][], baseDilation: [1], windowDilation: [1] };
    expect(Array.from(reduceWindow(new Float64Array([1, 2, 3, 4, 5]), [5], "sum", pairs))).toEqual([3, 5, 7, 9]);
    const pool = { windowDimensions: [2, 2], windowStrides: [2, 2], padding: [[0, 0], [0, 0]] as [number, number][], baseDilation: [1, 1], windowDilation: [1, 1] };
    const image = new Float64Array([1, 5, 2, 0, 3, 4, 8, 1, 0, 0, 1, 1, 9, 0, 1, 2]);
    expect(Array.from(reduceWindow(image, [4, 4], "max", pool))).toEqual([5, 8, 9, 2]);
    expect(Array.from(reduceWindow(image, [4, 4], "min", pool))).toEqual([1, 0, 0, 1]);
    // a window entirely in the padding gives the identity
    const padded = { ...pairs, padding: [[3, 0]] as [number, number][] };
    expect(Array.from(reduceWindow(new Float64Array([1, 2]), [2], "max", padded))).toEqual([-Infinity, -Infinity, 1, 2]);
  });

  for (const dtype of ["float64", "float32", "int32"] as DType[]) {
    for (const op of ["sum", "max", "min"] as WindowReduction[]) {
      it(`${op} over ${dtype} matches the plain loop for random ranks and every parameter`, () => {
        const specials = dtype !== "int32";
        fc.assert(
          fc.property(caseWithData(dtype, specials), ({ shape, params, data }) => {
            const got = reduceWindow(data, shape, op, params);
            expect(got.constructor).toBe(data.constructor);
            const want = Array.from(typedArrayFrom(dtype, naiveReduceWindow(data, shape, op, params, dtype)));
            expect(sameValues(got, want)).toBeNull();
          }),
          { numRuns: 150 },
        );
      });
    }
  }

  it("has as transpose of its sum a reduce_window sum (JAX's rule, the padding of the conv lhs transpose)", () => {
    fc.assert(
      fc.property(windowCaseArb(3).filter((c) => c.shape.every((d) => d > 0) && c.params.windowDimensions.every((k) => k > 0)), fc.integer({ min: 1, max: 1000 }), ({ shape, params }, seed) => {
        const outShape = reduceWindowShape(shape, params);
        const x = Float64Array.from({ length: size(shape) }, (_, i) => ((i * 7 + seed) % 11) - 5);
        const c = Float64Array.from({ length: size(outShape) }, (_, i) => ((i * 5 + seed) % 9) - 4);
        // the cotangent dilated by the strides and padded (low may be negative), then summed over
        // the same window with the base dilation as its strides
        const pads = convLhsTransposePadding(shape, params.windowDimensions, outShape, {
          windowStrides: params.windowStrides,
          padding: params.padding,
          lhsDilation: params.baseDilation,
          rhsDilation: params.windowDilation,
        });
        const transposed = {
          windowDimensions: params.windowDimensions,
          windowStrides: params.baseDilation,
          padding: pads,
          baseDilation: params.windowStrides,
          windowDilation: params.windowDilation,
        };
        expect(reduceWindowShape(outShape, transposed)).toEqual(shape);
        const back = reduceWindow(c, outShape, "sum", transposed);
        let left = 0;
        let right = 0;
        reduceWindow(x, shape, "sum", params).forEach((v, i) => (left += v * c[i]));
        back.forEach((v, i) => (right += v * x[i]));
        expect(right).toBe(left);
      }),
      { numRuns: 200 },
    );
  });

  it("takes max and min of bool operands and refuses their sum", () => {
    const x = new Uint8Array([0, 1, 0, 0]);
    const p = { windowDimensions: [2], windowStrides: [2], padding: [[0, 0]] as [number, number][], baseDilation: [1], windowDilation: [1] };
    expect(Array.from(reduceWindow(x, [4], "max", p))).toEqual([1, 0]);
    expect(Array.from(reduceWindow(x, [4], "min", p))).toEqual([0, 0]);
    expect(() => reduceWindow(x, [4], "sum", p)).toThrow(DTypeError);
  });

  it("rejects bad parameters with errors naming reduce_window", () => {
    const ok = { windowDimensions: [2], windowStrides: [1], padding: [[0, 0]] as [number, number][], baseDilation: [1], windowDilation: [1] };
    expect(() => reduceWindowShape([4], { ...ok, windowStrides: [0] })).toThrow(ArgumentError);
    expect(() => reduceWindowShape([4], { ...ok, windowDimensions: [2, 2] })).toThrow(/reduce_window/);
    expect(() => reduceWindowShape([4], { ...ok, padding: [[0, 0, 0]] as unknown as [number, number][] })).toThrow(ArgumentError);
    expect(() => reduceWindow(new Float64Array(3), [4], "sum", ok)).toThrow(ShapeError);
  });
});

describe("pooling derivatives", () => {
  it("compute the documented examples", () => {
    const p = { windowDimensions: [2], windowStrides: [1], padding: [[0, 0]] as [number, number][], baseDilation: [1], windowDilation: [1] };
    expect(Array.from(selectAndGatherAdd(new Float64Array([10, 20, 30]), new Float64Array([1, 3, 2]), [3], "max", p))).toEqual([20, 20]);
    expect(Array.from(selectAndScatterAdd(new Float64Array([1, 2]), new Float64Array([1, 3, 2]), [3], "max", p))).toEqual([0, 3, 0]);
    expect(Array.from(selectedIndices(new Float64Array([5, 5, 1]), [3], "max", { ...p, padding: [[1, 0]] }))).toEqual([0, 0, 1]);
  });

  for (const select of ["max", "min"] as const) {
    it(`select (${select}) follows XLA's rule on ties, NaN and infinities, and never picks padding or holes`, () => {
      fc.assert(
        fc.property(caseWithData("float64", true), ({ shape, params, data }) => {
          expect(Array.from(selectedIndices(data, shape, select, params))).toEqual(naiveSelected(data, shape, select, params));
        }),
        { numRuns: 300 },
      );
    });

    it(`selectAndGatherAdd and selectAndScatterAdd (${select}) gather and scatter at the selected elements, and are each other's transposes`, () => {
      fc.assert(
        fc.property(
          caseWithData("float64", true).chain((c) => {
            const outSize = size(reduceWindowShape(c.shape, c.params));
            return fc.tuple(fc.constant(c), valuesArb(size(c.shape), false), valuesArb(outSize, false));
          }),
          ([{ shape, params, data }, tangentValues, sourceValues]) => {
            const chosen = naiveSelected(data, shape, select, params);
            const tangent = Float64Array.from(tangentValues);
            const source = Float64Array.from(sourceValues);
            const gathered = selectAndGatherAdd(tangent, data, shape, select, params);
            expect(Array.from(gathered)).toEqual(chosen.map((at) => (at < 0 ? 0 : tangent[at])));
            const scattered = selectAndScatterAdd(source, data, shape, select, params);
            const want = new Array<number>(size(shape)).fill(0);
            chosen.forEach((at, i) => {
              if (at >= 0) want[at] += source[i];
            });
            expect(Array.from(scattered)).toEqual(want);
            // <gather(t), s> = <t, scatter(s)>
            let left = 0;
            let right = 0;
            gathered.forEach((v, i) => (left += v * source[i]));
            scattered.forEach((v, i) => (right += v * tangent[i]));
            expect(left).toBe(right);
          },
        ),
        { numRuns: 200 },
      );
    });
  }

  it("are the JVP and VJP of max pooling: finite differences on distinct values", () => {
    fc.assert(
      fc.property(windowCaseArb(3), fc.integer({ min: 1, max: 1 << 20 }), ({ shape, params }, seed) => {
        const n = size(shape);
        // distinct values spaced 1 apart, so a perturbation of 1e-3 never changes a window's choice
        const order = Array.from({ length: n }, (_, i) => (i * 7919 + seed) % n);
        const x = Float64Array.from(order, (v) => v - n / 2);
        const outSize = size(reduceWindowShape(shape, params));
        const cotangent = Float64Array.from({ length: outSize }, (_, i) => ((i * 31 + seed) % 7) - 3);
        const loss = (z: Float64Array) => {
          const pooled = reduceWindow(z, shape, "max", params);
          let s = 0;
          for (let i = 0; i < outSize; i++) if (Number.isFinite(pooled[i])) s += cotangent[i] * pooled[i];
          return s;
        };
        const h = 1e-3;
        const grad = selectAndScatterAdd(cotangent, x, shape, "max", params);
        for (let i = 0; i < n; i++) {
          const up = Float64Array.from(x);
          const down = Float64Array.from(x);
          up[i] += h;
          down[i] -= h;
          expect(Math.abs((loss(up) - loss(down)) / (2 * h) - grad[i])).toBeLessThan(1e-9);
        }
        const tangent = Float64Array.from({ length: n }, (_, i) => ((i * 13 + seed) % 5) - 2);
        const jvp = selectAndGatherAdd(tangent, x, shape, "max", params);
        const plus = reduceWindow(x.map((v, i) => v + h * tangent[i]), shape, "max", params);
        const minus = reduceWindow(x.map((v, i) => v - h * tangent[i]), shape, "max", params);
        for (let i = 0; i < outSize; i++) {
          const difference = Number.isFinite(plus[i]) ? (plus[i] - minus[i]) / (2 * h) : 0;
          expect(Math.abs(difference - jvp[i])).toBeLessThan(1e-9);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("keep the source dtype, accumulate in float64, and check the source size", () => {
    const x = new Float64Array([1, 3, 2]);
    const p = { windowDimensions: [2], windowStrides: [1], padding: [[0, 0]] as [number, number][], baseDilation: [1], windowDilation: [1] };
    const scattered: TypedArray = selectAndScatterAdd(new Float32Array([0.1, 0.2]), x, [3], "max", p);
    expect(scattered).toBeInstanceOf(Float32Array);
    expect(scattered[1]).toBe(Math.fround(0.1 + 0.2));
    expect(() => selectAndScatterAdd(new Float64Array(3), x, [3], "max", p)).toThrow(ShapeError);
  });
});
