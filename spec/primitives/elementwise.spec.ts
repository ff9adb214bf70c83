/**
 * Property tests of the elementwise primitives (see harness.ts for the
 * properties), plus value tests of int/bool dtypes and of numpy's dtype
 * promotion at the np layer (JS numbers are weak, as Python scalars in
 * numpy 2 / JAX).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DTypeError, grad, jvp, np, type Tensor } from "../../lib/index.ts";
import * as ops from "../../lib/core/ops.ts";
import { elementwiseCases } from "./cases/elementwise.ts";
import { runCases, shapeArb, tensorArb } from "./harness.ts";
import { dataOf } from "../../lib/core/tensor.ts";

runCases(elementwiseCases);

const i32 = (data: number[]) => np.array(data, { dtype: "int32" });
const f32 = (data: number[]) => np.array(data, { dtype: "float32" });
const bools = (data: boolean[]) => np.array(data);

/** dtype and values. */
function expectTensor(t: Tensor, dtype: string, values: unknown): void {
  expect(t.dtype).toBe(dtype);
  expect(t.toArray()).toEqual(values);
}

describe("dtype promotion (np layer)", () => {
  it("int32 with a JS float is float64; with a JS integer stays int32", () => {
    expectTensor(np.add(i32([0, 1, 2]), 1.5), "float64", [1.5, 2.5, 3.5]);
    expectTensor(np.add(i32([0, 1, 2]), 2), "int32", [2, 3, 4]);
    expectTensor(np.subtract(i32([0, 1, 2]), 1), "int32", [-1, 0, 1]);
    expectTensor(np.power(2, i32([0, 1, 2])), "int32", [1, 2, 4]);
  });

  it("float32 stays float32 with JS numbers; float32 with int32 is float64 (numpy's lattice)", () => {
    expectTensor(np.add(f32([1, 2, 3]), 2.5), "float32", [3.5, 4.5, 5.5]);
    expectTensor(np.add(f32([1, 2, 3]), i32([0, 1, 2])), "float64", [1, 3, 5]);
    // a 0-d int32 tensor is not weak: float32 * int32 -> float64
    expectTensor(np.multiply(f32([1, 2, 3]), np.array(2, { dtype: "int32" })), "float64", [2, 4, 6]);
    expectTensor(np.add(f32([1]), np.array([0.5])), "float64", [1.5]);
    expectTensor(np.maximum(i32([1, 5]), f32([2, 3])), "float64", [2, 5]);
  });

  it("bool: + and * are logical, + a JS integer is int32, sums count", () => {
    expectTensor(np.add(bools([true, false, true]), bools([true, false, false])), "bool", [true, false, true]);
    expectTensor(np.multiply(bools([true, false, true]), bools([true, true, false])), "bool", [true, false, false]);
    expectTensor(np.add(bools([true, false]), 1), "int32", [2, 1]);
    expectTensor(np.sum(bools([true, false, true])), "int32", 2);
    expectTensor(np.cumsum(bools([true, false, true])), "int32", [1, 1, 2]);
    expectTensor(np.equal(bools([true, false]), 1), "bool", [true, false]);
  });

  it("true division, sqrt and mean of integers are float64", () => {
    expectTensor(np.divide(i32([0, 1, 2]), i32([2, 2, 2])), "float64", [0, 0.5, 1]);
    expectTensor(np.sqrt(i32([0, 1, 4])), "float64", [0, 1, 2]);
    expectTensor(np.mean(i32([0, 1, 2])), "float64", 1);
    expectTensor(np.power(i32([0, 1, 4]), 0.5), "float64", [0, 1, 2]);
  });

  it("comparisons promote first and give bool; where promotes its branches", () => {
    expectTensor(np.less(i32([0, 1, 2]), 1.5), "bool", [true, true, false]);
    expectTensor(np.greaterEqual(i32([0, 1, 2]), f32([0.5, 1, 3])), "bool", [false, true, false]);
    expectTensor(np.where(bools([true, false, true]), i32([0, 1, 2]), np.array([9.5, 9.5, 9.5])), "float64", [0, 9.5, 2]);
    expectTensor(np.concatenate([i32([0, 1]), np.array([0.5])]), "float64", [0, 1, 0.5]);
  });

  it("neg, abs, sign, square and integer powers stay int32 on int32", () => {
    expectTensor(np.negative(i32([0, 1, -2])), "int32", [0, -1, 2]);
    expectTensor(np.abs(i32([-2, 0, 3])), "int32", [2, 0, 3]);
    expectTensor(np.sign(i32([-2, 0, 3])), "int32", [-1, 0, 1]);
    expectTensor(np.square(i32([-3, 0, 2])), "int32", [9, 0, 4]);
    expectTensor(np.power(i32([-3, 0, 2]), 3), "int32", [-27, 0, 8]);
    expectTensor(np.argmax(i32([3, 7, 7, 1])), "int32", 1);
  });

  it("int32 elementwise ops agree with JS integer arithmetic (property)", () => {
    const small = fc.integer({ min: -50, max: 50 });
    fc.assert(
      fc.property(
        shapeArb().chain((s) => fc.tuple(tensorArb(s, small, "int32"), tensorArb(s, small, "int32"))),
        ([a, b]) => {
          const check = (t: Tensor, fn: (x: number, y: number) => number, dtype: string) => {
            expect(t.dtype).toBe(dtype);
            const out = t.toTypedArray();
            // `+ 0`: int32 storage has no -0
            for (let k = 0; k < out.length; k++) expect(out[k]).toBe(fn(dataOf(a)[k], dataOf(b)[k]) + 0);
          };
          check(ops.add(a, b), (x, y) => x + y, "int32");
          check(ops.sub(a, b), (x, y) => x - y, "int32");
          check(ops.mul(a, b), (x, y) => x * y, "int32");
          check(ops.max(a, b), Math.max, "int32");
          check(ops.min(a, b), Math.min, "int32");
          check(ops.lt(a, b), (x, y) => (x < y ? 1 : 0), "bool");
          check(ops.eq(a, b), (x, y) => (x === y ? 1 : 0), "bool");
          check(ops.neg(a), (x) => -x, "int32");
          check(ops.abs(a), Math.abs, "int32");
          check(ops.sign(a), Math.sign, "int32");
          check(ops.convert(a, "float64"), (x) => x, "float64");
          check(ops.convert(a, "bool"), (x) => (x !== 0 ? 1 : 0), "bool");
        },
      ),
      { numRuns: 50 },
    );
  });

  it("integer inputs cannot be differentiated; casting to int inside f has a zero derivative", () => {
    expect(() => grad((x: Tensor) => np.sum(x))(i32([1, 2]))).toThrow(DTypeError);
    expect(() => jvp((x: Tensor) => x, [i32([1])], [i32([1])])).toThrow(DTypeError);
    // d/dx [x · trunc(x)] = trunc(x) away from integers: the cast passes no tangent
    const g = grad((x: Tensor) => np.sum(np.multiply(x, x.astype("int32").astype("float64"))));
    expectTensor(g(np.array([1.5, -2.5, 3.25])), "float64", [1, -2, 3]);
  });
});
