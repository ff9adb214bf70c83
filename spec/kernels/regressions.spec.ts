/**
 * Reproductions of kernel bugs that gave wrong values only past a block
 * size (issue 7, item 15: deliberate bugs the suite missed), pinned through
 * the public API: the JavaScript matmul past its 64-column blocks, copy
 * runs of 64 or more elements in gather and concatenate, the strided block
 * copy at a nonzero offset. The general properties at those sizes are in
 * largeShapes.spec.ts; the fused loop's casts and sums are pinned in
 * spec/compile.spec.ts.
 */
import { describe, expect, it } from "vitest";
import { jit, np, type Tensor } from "../../lib/index.ts";

/** Row-major values 0, 1, 2, ... of `shape` as float64. */
const iota = (...shape: number[]) => np.arange(shape.reduce((a, b) => a * b, 1)).reshape(shape).astype("float64");

/** Eager and jit give the same expected values. */
function expectBoth(f: (...xs: Tensor[]) => Tensor, args: Tensor[], expected: (number | boolean)[][] | number[] | number[][][], dtype?: string): void {
  for (const [how, fn] of [["eager", f], ["jit", jit(f)]] as const) {
    const out = fn(...args);
    if (dtype !== undefined) expect(out.dtype, how).toBe(dtype);
    expect(out.toArray(), how).toEqual(expected);
  }
}

describe("matmul's JavaScript path past its 64-column block", () => {
  it("ones[4, 8] @ ones[8, 128] is 8 everywhere (4·8·128 multiply-adds: below the WebAssembly threshold)", () => {
    const want = Array.from({ length: 4 }, () => new Array<number>(128).fill(8));
    expectBoth((a, b) => np.matmul(a, b), [np.ones([4, 8]), np.ones([8, 128])], want, "float64");
  });

  it("int32 matmul (always JavaScript) of [5, 70] @ [70, 130] equals the exact integer products", () => {
    const a = np.arange(5 * 70).reshape([5, 70]).astype("int32");
    const b = np.arange(70 * 130).reshape([70, 130]).astype("int32");
    const want: number[][] = [];
    for (let i = 0; i < 5; i++) {
      const row: number[] = [];
      for (let j = 0; j < 130; j++) {
        let s = 0;
        for (let p = 0; p < 70; p++) s += (i * 70 + p) * (p * 130 + j);
        row.push(s);
      }
      want.push(row);
    }
    expectBoth((x, y) => np.matmul(x, y), [a, b], want, "int32");
  });
});

describe("gather and concatenate copy runs of 64 elements and more", () => {
  it("concatenate of two [2, 64] along axis 1", () => {
    const a = iota(2, 64);
    const b = np.add(iota(2, 64), 1000);
    const want = [0, 1].map((r) => [...Array.from({ length: 64 }, (_, j) => r * 64 + j), ...Array.from({ length: 64 }, (_, j) => 1000 + r * 64 + j)]);
    expectBoth((x, y) => np.concatenate([x, y], 1), [a, b], want);
  });

  it("take of rows from [5, 64]", () => {
    const x = iota(5, 64);
    const rows = [4, 0, 2, 2];
    const want = rows.map((r) => Array.from({ length: 64 }, (_, j) => r * 64 + j));
    expectBoth((t) => np.take(t, np.array(rows, { dtype: "int32" }), 0), [x], want);
  });
});

describe("the strided block copy at a nonzero offset", () => {
  it("x.slice([1, null]) of [3, 64] is rows 1 and 2", () => {
    const want = [1, 2].map((r) => Array.from({ length: 64 }, (_, j) => r * 64 + j));
    expectBoth((t) => t.slice([1, null]), [iota(3, 64)], want);
  });

  it("[2, 64] broadcast to [2, 3, 64] (a new middle axis) repeats each row", () => {
    const want = [0, 1].map((r) => [0, 1, 2].map(() => Array.from({ length: 64 }, (_, j) => r * 64 + j)));
    expectBoth((t) => np.broadcastTo(np.expandDims(t, 1), [2, 3, 64]), [iota(2, 64)], want);
  });
});
