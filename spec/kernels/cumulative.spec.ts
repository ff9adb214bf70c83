/**
 * The cumulative product/max/min kernels against a naive running loop, and
 * numpy's values where rounding, wrapping or NaN matter.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cumulative, type CumulativeOp } from "../../lib/kernels/cumulative.ts";

const STEP: Record<CumulativeOp, (a: number, b: number) => number> = { prod: (a, b) => a * b, max: Math.max, min: Math.min };
const IDENTITY: Record<CumulativeOp, number> = { prod: 1, max: -Infinity, min: Infinity };

/** The running `op` of every lane along `axis`, in the order the lane is walked. */
function naive(op: CumulativeOp, x: ArrayLike<number>, shape: number[], axis: number, reverse: boolean): number[] {
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const n = shape[axis];
  const out = new Array<number>(x.length);
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < inner; k++) {
      let acc = IDENTITY[op];
      for (let s = 0; s < n; s++) {
        const at = (o * n + (reverse ? n - 1 - s : s)) * inner + k;
        acc = STEP[op](acc, x[at]);
        out[at] = acc;
      }
    }
  }
  return out;
}

describe("cumulative (prod, max, min)", () => {
  it("matches a naive running loop along any axis, in both directions", () => {
    const arb = fc
      .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 })
      .chain((shape) =>
        fc.record({
          shape: fc.constant(shape),
          data: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: shape.reduce((a, b) => a * b, 1), maxLength: shape.reduce((a, b) => a * b, 1) }),
          axis: fc.integer({ min: 0, max: shape.length - 1 }),
          reverse: fc.boolean(),
          op: fc.constantFrom<CumulativeOp>("prod", "max", "min"),
        }),
      );
    fc.assert(
      fc.property(arb, ({ shape, data, axis, reverse, op }) => {
        const got = cumulative(op, Float64Array.from(data), shape, axis, reverse, "float64");
        expect(Array.from(got)).toEqual(naive(op, data, shape, axis, reverse));
      }),
      { numRuns: 200 },
    );
  });

  it("rounds float32 products at every step, as numpy's float32 cumprod", () => {
    const x = Float32Array.from([1.1, 2.3, 3.7, 4.9, 0.3]);
    // np.cumprod(np.array([1.1, 2.3, 3.7, 4.9, 0.3], dtype=np.float32)).tolist()
    expect(Array.from(cumulative("prod", x, [5], 0, false, "float32"))).toEqual([
      1.100000023841858, 2.5299999713897705, 9.361000061035156, 45.868900299072266, 13.76067066192627,
    ]);
  });

  it("wraps int32 products exactly, as numpy with dtype=int32", () => {
    // np.cumprod(np.array([100000, 100000, 3], dtype=np.int32), dtype=np.int32)
    expect(Array.from(cumulative("prod", Int32Array.from([100000, 100000, 3]), [3], 0, false, "int32"))).toEqual([100000, 1410065408, -64771072]);
  });

  it("propagates NaN from its first occurrence, as np.maximum.accumulate", () => {
    expect(Array.from(cumulative("max", Float64Array.from([1, NaN, 3]), [3], 0, false, "float64"))).toEqual([1, NaN, NaN]);
    expect(Array.from(cumulative("min", Float64Array.from([1, -2, NaN, -5]), [4], 0, false, "float64"))).toEqual([1, -2, NaN, NaN]);
    expect(Array.from(cumulative("min", Float64Array.from([1, -2, NaN, -5]), [4], 0, true, "float64"))).toEqual([NaN, NaN, NaN, -5]);
  });

  it("handles bool (logical and/or) and empty inputs", () => {
    expect(Array.from(cumulative("prod", Uint8Array.from([1, 1, 0, 1]), [4], 0, false, "bool"))).toEqual([1, 1, 0, 0]);
    expect(Array.from(cumulative("max", Uint8Array.from([0, 1, 0]), [3], 0, false, "bool"))).toEqual([0, 1, 1]);
    expect(cumulative("prod", new Float64Array(0), [2, 0], 1, false, "float64").length).toBe(0);
  });
});
