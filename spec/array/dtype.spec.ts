/** Specs for lib/array/dtype.ts: allocation, conversion, promotion (numpy's lattice, weak JS scalars). */
import { describe, expect, it } from "vitest";
import { DTYPES, allocate, defaultDTypeOf, dtypeOfTypedArray, dtypeShortName, isDType, isFloat, promoteTypes, typedArrayFrom, weakPromote } from "../../lib/array/dtype.ts";
import type { DType } from "../../lib/array/dtype.ts";

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
