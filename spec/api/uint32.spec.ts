/**
 * The uint32 dtype end to end: storage, parsing and printing, casts,
 * wrap-around arithmetic (eagerly and in fused loops under jit, bit for
 * bit), reductions, promotion, and the values numpy gives (numpy 2.4.6's
 * outputs next to each check).
 */
import { describe, expect, it } from "vitest";
import { DTypeError, grad, jit, np, vmap, type Tensor } from "../../lib/index.ts";

const u = (data: number[]) => np.array(data, { dtype: "uint32" });
const same = (a: Tensor, b: Tensor) => {
  expect(a.dtype).toBe(b.dtype);
  expect(a.toArray()).toEqual(b.toArray());
};

describe("uint32", () => {
  it("stores in a Uint32Array, parses typed arrays and prints as numpy", () => {
    const x = u([1, 4294967295]);
    expect(x.toTypedArray()).toBeInstanceOf(Uint32Array);
    expect(np.array(new Uint32Array([7, 8])).dtype).toBe("uint32");
    expect(x.toString()).toBe("array([         1, 4294967295], dtype=uint32)"); // repr(np.array([1, 4294967295], np.uint32))
    expect(np.array(5, { dtype: "uint32" }).toString()).toBe("array(5, dtype=uint32)");
  });

  it("casts as numpy's astype: wrap-around from int32, truncation then wrap from floats", () => {
    expect(u([4294967295]).astype("int32").toArray()).toEqual([-1]); // np.uint32(4294967295).astype(np.int32)
    expect(np.array([-1, 7], { dtype: "int32" }).astype("uint32").toArray()).toEqual([4294967295, 7]);
    expect(np.array([2.7, 4e9]).astype("uint32").toArray()).toEqual([2, 4000000000]);
    expect(u([3000000000]).astype("float32").toArray()).toEqual([3000000000]);
    expect(u([0, 2]).astype("bool").toArray()).toEqual([false, true]);
  });

  it("wraps around modulo 2^32 in + - * ** and negation, eagerly and under jit alike", () => {
    const f = (a: Tensor, b: Tensor) => [np.subtract(a, b), np.add(a, np.multiply(a, b)), np.power(a, 3), np.negative(b), np.square(a)];
    const a = u([5, 0, 65536, 4294967295]);
    const b = u([6, 1, 65536, 4294967295]);
    const eager = f(a, b);
    expect(eager[0].toArray()).toEqual([4294967295, 4294967295, 0, 0]); // np.uint32 [5, 0] - [6, 1]
    expect(eager[1].toArray()).toEqual([35, 0, 65536, 0]);
    expect(eager[2].toArray()).toEqual([125, 0, 0, 4294967295]); // 65536³ ≡ 0, (2³²-1)³ ≡ -1
    expect(eager[3].toArray()).toEqual([4294967290, 4294967295, 4294901760, 1]);
    expect(eager[4].toArray()).toEqual([25, 0, 0, 1]);
    // jit fuses these into one loop: each value is stored as a Uint32Array stores it
    jit(f)(a, b).forEach((t: Tensor, i: number) => same(t, eager[i]));
    expect(np.power(u([3]), u([21])).toArray()).toEqual([1870418611]); // np.uint32(3) ** np.uint32(21)
  });

  it("reduces and compares as numbers, not as their int32 bit patterns", () => {
    const x = u([4294967295, 2, 7]);
    expect(np.max(x).item()).toBe(4294967295);
    expect(np.argmin(x).item()).toBe(1);
    expect(np.less(u([4294967295]), u([1])).toArray()).toEqual([false]);
    expect(np.sum(u([4294967295, 2])).item()).toBe(1); // numpy: np.sum(..., dtype=np.uint32) wraps to 1
    expect(np.sum(u([4294967295, 2])).dtype).toBe("uint32");
  });

  it("promotes: weak JS integers keep uint32, int32 or float32 with uint32 give float64", () => {
    expect(np.add(u([1]), 2).dtype).toBe("uint32");
    expect(np.add(u([1]), -1).toArray()).toEqual([0]);
    expect(np.multiply(u([4]), 0.5).dtype).toBe("float64");
    expect(np.add(u([1, 2]), np.array([3, 4], { dtype: "int32" })).toArray()).toEqual([4, 6]); // numpy's int64 [4, 6]
    expect(np.add(u([1, 2]), np.array([3, 4], { dtype: "int32" })).dtype).toBe("float64");
    expect(np.add(u([1]), np.array([1], { dtype: "float32" })).dtype).toBe("float64");
    expect(np.add(u([1]), np.array([true])).dtype).toBe("uint32");
  });

  it("is not differentiable and batches under vmap", () => {
    expect(() => grad((x: Tensor) => np.sum(x))(u([1]))).toThrow(DTypeError);
    const batched = vmap((x: Tensor) => np.multiply(x, x))(u([65536, 3]).reshape([2, 1]));
    expect(batched.toArray()).toEqual([[0], [9]]);
  });
});
