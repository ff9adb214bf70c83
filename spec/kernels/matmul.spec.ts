/** Specs for batched matmul against the naive triple loop, including blocked sizes. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { matmul } from "../../lib/kernels/index.ts";
import type { DType } from "../../lib/array/dtype.ts";
import { dataArb, sameValues, storeAll } from "./naive.ts";

function naiveMatmul(a: ArrayLike<number>, b: ArrayLike<number>, batch: number, m: number, k: number, n: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < batch; t++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[(t * m + i) * k + p] * b[(t * k + p) * n + j];
        out.push(s);
      }
    }
  }
  return out;
}

const smallInts = fc.integer({ min: -4, max: 4 });

describe("matmul", () => {
  it("matches the naive triple loop on random sizes and dtypes", () => {
    const caseArb = fc
      .record({
        batch: fc.integer({ min: 0, max: 3 }),
        m: fc.integer({ min: 0, max: 9 }),
        k: fc.integer({ min: 0, max: 9 }),
        n: fc.integer({ min: 0, max: 9 }),
        aDtype: fc.constantFrom<DType>("float64", "float32", "int32"),
        bDtype: fc.constantFrom<DType>("float64", "float32", "int32"),
        outDtype: fc.constantFrom<DType>("float64", "float32", "int32"),
      })
      .chain((c) =>
        fc
          .tuple(dataArb(c.aDtype, c.batch * c.m * c.k, smallInts), dataArb(c.bDtype, c.batch * c.k * c.n, smallInts))
          .map(([a, b]) => ({ ...c, a, b })),
      );
    fc.assert(
      fc.property(caseArb, (c) => {
        const got = matmul(c.a, c.b, c.batch, c.m, c.k, c.n, c.outDtype);
        const want = storeAll(c.outDtype, naiveMatmul(c.a, c.b, c.batch, c.m, c.k, c.n));
        expect(sameValues(got, want)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it("handles blocked sizes with remainders (k beyond one block, odd m and n)", () => {
    for (const [batch, m, k, n] of [
      [1, 37, 300, 70],
      [2, 5, 513, 9],
      [1, 1, 300, 67],
      [3, 67, 300, 1],
      [1, 64, 64, 64],
    ]) {
      const a = Float64Array.from({ length: batch * m * k }, (_, i) => Math.sin(i));
      const b = Float32Array.from({ length: batch * k * n }, (_, i) => Math.cos(i));
      const got = matmul(a, b, batch, m, k, n, "float64");
      expect(sameValues(got, naiveMatmul(a, b, batch, m, k, n), 1e-12)).toBeNull();
    }
  });

  it("gives zeros when k is 0", () => {
    expect(Array.from(matmul(new Float64Array(0), new Float64Array(0), 1, 2, 0, 2, "float64"))).toEqual([0, 0, 0, 0]);
  });
});
