/**
 * The transposed products that gradients need (`Aᵀ B`, `A Bᵀ`, batched, as
 * `dot_general` presents them) read their operands in place, with no
 * transposing copy, and give the bits of the product of transposed copies.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { grad, jit, makeJaxpr, np, type Tensor } from "../../lib/index.ts";
import { stridedOperand } from "../../lib/kernels/matmul.ts";
import * as ops from "../../lib/core/ops.ts";
import { sameBits, valuesFrom } from "./matmulReference.ts";

const tensor = (shape: number[], dtype: "float32" | "float64", seed: number) =>
  np.reshape(np.array(valuesFrom(seed, shape.reduce((p, d) => p * d, 1), dtype), { dtype }), shape);

describe("dot_general's transposed forms", () => {
  it("reads Aᵀ, Bᵀ and batched transposes in place (the operand's own buffer, with strides)", () => {
    const x = valuesFrom(1, 35, "float64");
    // x [5, 7] contracted over axis 0: the rows of xᵀ are x's columns
    const at = stridedOperand(x, [5, 7], [], [1], [0]);
    expect(at.data).toBe(x);
    expect([at.rowStride, at.colStride]).toEqual([1, 7]);
    const y = valuesFrom(2, 105, "float32");
    const bt = stridedOperand(y, [3, 5, 7], [0], [2], [1]);
    expect(bt.data).toBe(y);
    expect([bt.batchStride, bt.rowStride, bt.colStride]).toEqual([35, 1, 7]);
    // two leading axes flatten into one (a [2, 3, 4] batch of rows)
    const flat = stridedOperand(y.subarray(0, 24), [2, 3, 4], [], [0, 1], [2]);
    expect([flat.rowStride, flat.colStride]).toEqual([4, 1]);
    // free axes that are not evenly spaced in the order asked: transposed into a copy
    const z = valuesFrom(3, 24, "float64");
    const copied = stridedOperand(z, [2, 3, 4], [], [0, 2], [1]);
    expect(copied.data).not.toBe(z);
    expect(Array.from(copied.data.subarray(0, 4))).toEqual([z[0], z[4], z[8], z[1]]);
  });

  it("gives the bits of the product of transposed copies, for both dtypes and any sizes", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<"float32" | "float64">("float32", "float64"),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        (dtype, batch, m, k, n) => {
          // Aᵀ B: a stored [batch, k, m]; A Bᵀ: b stored [batch, n, k]; swapaxes makes the transposed copies
          const aT = tensor([batch, k, m], dtype, m + k);
          const b = tensor([batch, k, n], dtype, n);
          const got1 = ops.dotGeneral(aT, b, [[1], [1]], [[0], [0]]);
          const want1 = np.matmul(np.swapaxes(aT, 1, 2), b);
          expect(sameBits((got1 as Tensor).toTypedArray(), want1.toTypedArray())).toBeNull();
          const a = tensor([batch, m, k], dtype, m);
          const bT = tensor([batch, n, k], dtype, n + k);
          const got2 = ops.dotGeneral(a, bT, [[2], [2]], [[0], [0]]);
          const want2 = np.matmul(a, np.swapaxes(bT, 1, 2));
          expect(sameBits((got2 as Tensor).toTypedArray(), want2.toTypedArray())).toBeNull();
        },
      ),
      { numRuns: 60 },
    );
  });

  it("makes a matmul's gradient equal under jit and eagerly, and equal to the products written out", () => {
    for (const dtype of ["float32", "float64"] as const) {
      const x = tensor([70, 50], dtype, 4);
      const w = tensor([50, 30], dtype, 5);
      const loss = (w: Tensor, x: Tensor) => np.sum(np.tanh(np.matmul(x, w)));
      const g = grad(loss)(w, x);
      expect(sameBits(jit(grad(loss))(w, x).toTypedArray(), g.toTypedArray())).toBeNull();
      // dL/dw = xᵀ (1 − tanh²(x w))
      const h = np.tanh(np.matmul(x, w));
      const upstream = np.subtract(np.array(1, { dtype }), np.multiply(h, h));
      expect(sameBits(g.toTypedArray(), np.matmul(np.transpose(x), upstream).toTypedArray())).toBeNull();
    }
  });

  it("leaves no transpose in the gradient of a matmul, in either operand, plain or batched", () => {
    const cases: [(x: Tensor, w: Tensor) => Tensor, number[], number[]][] = [
      [(x, w) => np.sum(np.tanh(np.matmul(x, w))), [6, 4], [4, 3]],
      [(x, w) => np.sum(np.tanh(np.matmul(x, w))), [2, 6, 4], [2, 4, 3]],
      [(x, w) => np.sum(np.tanh(np.matmul(np.transpose(x), w))), [4, 6], [4, 3]],
    ];
    for (const [f, xShape, wShape] of cases) {
      const text = makeJaxpr(grad(f, { argnums: [0, 1] }))(np.ones(xShape), np.ones(wShape)).toString();
      const eqns = text.split("\n").filter((l) => l.includes(" = "));
      // the third case transposes x itself, and its cotangent back through that transpose; the products need none
      expect(eqns.filter((l) => l.includes("transpose")).length, text).toBe(f === cases[2][0] ? 2 : 0);
    }
  });
});
