/** Specs for lib/array/parse.ts: nested JS data to flat values and a shape, with paths in the errors. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { sizeOf } from "../../lib/array/shape.ts";
import { parseNested } from "../../lib/array/parse.ts";
import { shapeArb } from "../kernels/naive.ts";

describe("parseNested", () => {
  const parsed = (data: unknown) => {
    const result = parseNested(data);
    if (E.isLeft(result)) throw new Error(result.left);
    return { values: Array.from(result.right.values), shape: result.right.shape, kind: result.right.kind };
  };
  const failure = (data: unknown) => {
    const result = parseNested(data);
    return E.isLeft(result) ? result.left : "parsed";
  };

  it("flattens scalars, nested arrays and typed arrays", () => {
    expect(parsed(3)).toEqual({ values: [3], shape: [], kind: "int" });
    expect(parsed(2.5)).toEqual({ values: [2.5], shape: [], kind: "float" });
    expect(parsed(true)).toEqual({ values: [1], shape: [], kind: "bool" });
    expect(parsed([[1, 2], [3, 4], [5, 6]])).toEqual({ values: [1, 2, 3, 4, 5, 6], shape: [3, 2], kind: "int" });
    expect(parsed([true, false])).toEqual({ values: [1, 0], shape: [2], kind: "bool" });
    expect(parsed([true, 2])).toEqual({ values: [1, 2], shape: [2], kind: "int" });
    expect(parsed([1, NaN])).toEqual({ values: [1, NaN], shape: [2], kind: "float" });
    expect(parsed([])).toEqual({ values: [], shape: [0], kind: "float" });
    expect(parsed([[], []])).toEqual({ values: [], shape: [2, 0], kind: "float" });
    expect(parsed(new Float32Array([1, 2]))).toEqual({ values: [1, 2], shape: [2], kind: "float" });
    expect(parsed(new Int32Array([1, 2]))).toEqual({ values: [1, 2], shape: [2], kind: "int" });
    expect(parsed(new Uint8Array([1, 0]))).toEqual({ values: [1, 0], shape: [2], kind: "int" });
    expect(parsed([new Float64Array([1, 2]), [3, 4]])).toEqual({ values: [1, 2, 3, 4], shape: [2, 2], kind: "float" });
  });

  it("copies typed arrays instead of aliasing them", () => {
    const input = new Float64Array([1, 2]);
    const result = parseNested(input);
    expect(E.isRight(result) && result.right.values !== input).toBe(true);
  });

  it("explains ragged nesting and bad leaves with their paths", () => {
    expect(failure([[1, 2], [3]])).toBe("ragged nested array: data[1] has length 1 but data[0] has length 2");
    expect(failure([[1, 2], 3])).toBe("ragged nested array: data[1] is a number but data[0] is an array of length 2");
    expect(failure([[1, [2]], [3, 4]])).toBe("ragged nested array: data[0][1] is an array but data[0][0] is a number");
    expect(failure([[1, "x"]])).toBe("invalid element at data[0][1]: expected a number or boolean, got string");
    expect(failure([null])).toBe("invalid element at data[0]: expected a number or boolean, got null");
    expect(failure([[1], [undefined]])).toBe("invalid element at data[1][0]: expected a number or boolean, got undefined");
    expect(failure([[1], {}])).toBe("invalid element at data[1]: expected a number, boolean or array, got object");
    expect(failure("abc")).toContain("got string");
  });

  it("round-trips random rectangular nested arrays", () => {
    const nest = (flat: number[], shape: number[]): unknown => {
      if (shape.length === 0) return flat[0];
      const [first, ...rest] = shape;
      const step = rest.reduce((a, b) => a * b, 1);
      return Array.from({ length: first }, (_, i) => nest(flat.slice(i * step, (i + 1) * step), rest));
    };
    fc.assert(
      fc.property(
        shapeArb().chain((shape) =>
          fc.array(fc.integer({ min: -9, max: 9 }), { minLength: sizeOf(shape), maxLength: sizeOf(shape) }).map((flat) => ({ shape, flat })),
        ),
        ({ shape, flat }) => {
          const result = parsed(nest(flat, shape));
          // A zero dim stops the descent, so trailing dims after it are not recoverable from the data.
          const zeroAt = shape.indexOf(0);
          expect(result.shape).toEqual(zeroAt < 0 ? shape : shape.slice(0, zeroAt + 1));
          expect(result.values).toEqual(flat);
        },
      ),
    );
  });

  it("parses a million numbers quickly", () => {
    const data = Array.from({ length: 1_000_000 }, (_, i) => i * 0.5);
    const start = performance.now();
    const result = parseNested(data);
    expect(performance.now() - start).toBeLessThan(500);
    expect(E.isRight(result) && result.right.kind === "float" && result.right.values.length === 1_000_000).toBe(true);
  });
});
