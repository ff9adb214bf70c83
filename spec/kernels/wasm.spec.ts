import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { wasmMatmul } from "../../lib/kernels/wasm/matmul.ts";
import { matmul } from "../../lib/kernels/matmul.ts";

/** The naive triple loop, summing each output in index order. */
function naive(a: Float64Array, b: Float64Array, batch: number, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(batch * m * n);
  for (let t = 0; t < batch; t++)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[t * m * k + i * k + p] * b[t * k * n + p * n + j];
        c[t * m * n + i * n + j] = s;
      }
  return c;
}

describe("WebAssembly SIMD matmul", () => {
  it("is available in this runtime", () => {
    expect(wasmMatmul).not.toBeNull();
  });

  it("equals the naive loop bit for bit, for any sizes (padding odd rows and ragged columns)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 70 }), fc.integer(), (batch, m, k, n, seed) => {
        let state = seed >>> 0;
        const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5;
        const a = Float64Array.from({ length: batch * m * k }, next);
        const b = Float64Array.from({ length: batch * k * n }, next);
        const c = new Float64Array(batch * m * n);
        wasmMatmul!(a, b, c, batch, m, k, n);
        expect(Array.from(c)).toEqual(Array.from(naive(a, b, batch, m, k, n)));
      }),
      { numRuns: 40 },
    );
  });

  it("is what matmul uses for large float64 and float32 products", () => {
    const [m, k, n] = [40, 50, 36];
    const a = Float64Array.from({ length: m * k }, (_, i) => Math.sin(i));
    const b = Float64Array.from({ length: k * n }, (_, i) => Math.cos(i));
    expect(Array.from(matmul(a, b, 1, m, k, n, "float64"))).toEqual(Array.from(naive(a, b, 1, m, k, n)));
    const out32 = matmul(Float32Array.from(a), Float32Array.from(b), 1, m, k, n, "float32");
    const ref32 = naive(Float64Array.from(Float32Array.from(a)), Float64Array.from(Float32Array.from(b)), 1, m, k, n);
    expect(Array.from(out32)).toEqual(Array.from(Float32Array.from(ref32)));
  });
});
