/** Specs for lib/array/shape.ts: sizes and strides, broadcasting, axes. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { broadcastShapes, formatShape, isValidShape, normalizeAxes, normalizeAxis, shapesEqual, sizeOf, stridesOf } from "../../lib/array/shape.ts";
import { shapeArb } from "../kernels/naive.ts";

describe("shape", () => {
  it("computes sizes and row-major strides", () => {
    expect(sizeOf([])).toBe(1);
    expect(sizeOf([2, 0, 3])).toBe(0);
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
    expect(stridesOf([])).toEqual([]);
    expect(formatShape([3, 2])).toBe("[3,2]");
    expect(shapesEqual([1, 2], [1, 2])).toBe(true);
    expect(shapesEqual([1, 2], [2])).toBe(false);
  });

  it("broadcasts like numpy", () => {
    expect(broadcastShapes([3, 1], [4])).toEqual([3, 4]);
    expect(broadcastShapes([], [2, 3])).toEqual([2, 3]);
    expect(broadcastShapes([0], [1])).toEqual([0]);
    expect(broadcastShapes([2, 3], [3, 2])).toBeNull();
    fc.assert(
      fc.property(shapeArb(), shapeArb(), (a, b) => {
        const out = broadcastShapes(a, b);
        if (out === null) return;
        expect(broadcastShapes(b, a)).toEqual(out);
        expect(out.length).toBe(Math.max(a.length, b.length));
      }),
    );
  });

  it("normalizes axes", () => {
    expect(normalizeAxis(-1, 3)).toBe(2);
    expect(normalizeAxis(3, 3)).toBeNull();
    expect(normalizeAxis(-4, 3)).toBeNull();
    expect(normalizeAxes(undefined, 3)).toEqual([0, 1, 2]);
    expect(normalizeAxes(null, 0)).toEqual([]);
    expect(normalizeAxes([2, -3], 3)).toEqual([0, 2]);
    expect(normalizeAxes([0, -3], 3)).toBeNull();
    expect(normalizeAxes(1, 1)).toBeNull();
    expect(isValidShape([2, 0])).toBe(true);
    expect(isValidShape([2.5])).toBe(false);
    expect(isValidShape([-1])).toBe(false);
    expect(isValidShape("2")).toBe(false);
  });
});
