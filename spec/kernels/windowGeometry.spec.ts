/** Specs for the window geometry shared by convolution and reduce_window. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ArgumentError } from "../../lib/core/errors.ts";
import { dilatedSize, padtypeToPads, windowIndexTable, windowPositions } from "../../lib/kernels/windowGeometry.ts";
import type { PaddingMode } from "../../lib/kernels/windowGeometry.ts";

describe("window geometry", () => {
  it("dilates and counts window positions as XLA does", () => {
    expect(dilatedSize(0, 3)).toBe(0);
    expect(dilatedSize(4, 3)).toBe(10);
    expect(windowPositions(28, 3, 1, [0, 0], 1, 1)).toBe(26);
    expect(windowPositions(26, 2, 2, [0, 0], 1, 1)).toBe(13);
    expect(windowPositions(5, 3, 2, [-1, -1], 1, 1)).toBe(1);
    expect(windowPositions(3, 2, 1, [0, 0], 2, 2)).toBe(3);
    expect(windowPositions(2, 3, 1, [0, 0], 1, 1)).toBe(0);
    expect(windowPositions(2, 1, 1, [-3, 0], 1, 1)).toBe(0);
  });

  it("maps each (position, window element) to the input element it reads, or -1 for padding and holes", () => {
    // size 3 dilated by 2 -> [a _ b _ c], padded (1, 0): [p a _ b _ c]; window 2, stride 1; element stride 10
    const positions = windowPositions(3, 2, 1, [1, 0], 2, 1);
    expect(positions).toBe(5);
    expect(Array.from(windowIndexTable(3, positions, 2, 1, 1, 2, 1, 10))).toEqual([-1, 0, 0, -1, -1, 10, 10, -1, -1, 20]);
    // window dilation 2, stride 2: reads padded (0, 2) and (2, 4): padding and holes only
    expect(Array.from(windowIndexTable(3, windowPositions(3, 2, 2, [1, 0], 2, 2), 2, 2, 1, 2, 2, 10))).toEqual([-1, -1, -1, -1]);
  });

  it("gives JAX's SAME, SAME_LOWER and VALID paddings", () => {
    expect(padtypeToPads([28, 28], [3, 3], [1, 1], "SAME")).toEqual([[1, 1], [1, 1]]);
    expect(padtypeToPads([28], [4], [1], "SAME")).toEqual([[1, 2]]);
    expect(padtypeToPads([28], [4], [1], "SAME_LOWER")).toEqual([[2, 1]]);
    expect(padtypeToPads([5], [2], [2], "SAME_LOWER")).toEqual([[1, 0]]);
    expect(padtypeToPads([6], [1], [3], "SAME")).toEqual([[0, 0]]);
    expect(padtypeToPads([5, 7], [3, 3], [2, 2], "VALID")).toEqual([[0, 0], [0, 0]]);
    expect(() => padtypeToPads([5], [3], [1], "FULL" as PaddingMode)).toThrow(ArgumentError);
  });

  it("SAME padding yields ceil(size / stride) positions", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom<PaddingMode>("SAME", "SAME_LOWER"), (size, window, stride, mode) => {
        const [pads] = padtypeToPads([size], [window], [stride], mode);
        expect(windowPositions(size, window, stride, pads, 1, 1)).toBe(Math.ceil(size / stride));
      }),
    );
  });
});
