/** Specs for lib/array: dtypes and promotion, shapes and axes, nested-data parsing. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import {
  DTYPES,
  allocate,
  defaultDTypeOf,
  dtypeOfTypedArray,
  dtypeShortName,
  isDType,
  isFloat,
  promoteTypes,
  typedArrayFrom,
  weakPromote,
} from "../../lib/array/dtype.ts";
import type { DType } from "../../lib/array/dtype.ts";
import {
  broadcastShapes,
  formatShape,
  isValidShape,
  normalizeAxes,
  normalizeAxis,
  shapesEqual,
  sizeOf,
  stridesOf,
} from "../../lib/array/shape.ts";
import { parseNested } from "../../lib/array/parse.ts";
import { shapeArb } from "./naive.ts";

describe("dtype", () => {
  it("allocates zeroed storage of the right kind and recovers the dtype from it", () => {
    for (const dtype of DTYPES) {
      const a = allocate(dtype, 3);
      expect(Array.from(a)).toEqual([0, 0, 0]);
      expect(dtypeOfTypedArray(a)).toBe(dtype);
      expect(isDType(dtype)).toBe(true);
    }
    expect(isDType("int64")).toBe(false);
    expect(isFloat("float32")).toBe(true);
    expect(isFloat("int32")).toBe(false);
    expect(dtypeShortName.float64).toBe("f64");
    expect(dtypeShortName.bool).toBe("bool");
  });

  it("converts values like numpy astype", () => {
    expect(Array.from(typedArrayFrom("int32", [1.9, -1.9, 0.5]))).toEqual([1, -1, 0]);
    expect(Array.from(typedArrayFrom("bool", [2, 0, -0, NaN]))).toEqual([1, 0, 0, 1]);
    expect(typedArrayFrom("float32", [0.1])[0]).toBe(Math.fround(0.1));
  });

  it("promotes along numpy's lattice", () => {
    const table: [DType, DType, DType][] = [
      ["bool", "bool", "bool"],
      ["bool", "int32", "int32"],
      ["bool", "float32", "float32"],
      ["int32", "float32", "float64"],
      ["int32", "float64", "float64"],
      ["float32", "float64", "float64"],
      ["float32", "float32", "float32"],
    ];
    for (const [a, b, want] of table) {
      expect(promoteTypes(a, b)).toBe(want);
      expect(promoteTypes(b, a)).toBe(want);
    }
  });

  it("promotes weakly against JS scalars", () => {
    expect(weakPromote("float32", 2.5)).toBe("float32");
    expect(weakPromote("float32", true)).toBe("float32");
    expect(weakPromote("int32", 2)).toBe("int32");
    expect(weakPromote("int32", 2.5)).toBe("float64");
    expect(weakPromote("int32", true)).toBe("int32");
    expect(weakPromote("bool", false)).toBe("bool");
    expect(weakPromote("bool", 3)).toBe("int32");
    expect(weakPromote("bool", 0.5)).toBe("float64");
    expect(defaultDTypeOf(true)).toBe("bool");
    expect(defaultDTypeOf(1)).toBe("float64");
  });
});

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
