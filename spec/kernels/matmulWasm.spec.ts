/**
 * The WebAssembly matrix product (lib/kernels/wasm/gemm.ts) against the
 * naive triple loop summing each output in index order (float64, or float32
 * with every product and sum rounded), and against the JavaScript path: the
 * same bits, for any sizes (past every register tile and cache block),
 * strides (transposed operands read in place) and special values.
 */
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { matmul, matmulStrided, matmulTuning, type StridedMatrix } from "../../lib/kernels/matmul.ts";
import { naiveProduct, operand, sameBits, storageLength, valuesFrom, type Arithmetic, type Layout } from "./matmulReference.ts";
import { GEMM_SHAPES, gemmModule, nrOf } from "../../lib/kernels/wasm/gemmModule.ts";
import { disassemble, setWasmEnabled, wasmAvailable } from "../../lib/wasm/index.ts";

const LAYOUTS: Layout[] = ["rows", "transposed", "batchInner", "padded"];

const saved = { ...matmulTuning };
beforeEach(() => {
  matmulTuning.wasmWork = 0; // every product that is not a vector runs in WebAssembly
});
afterEach(() => {
  Object.assign(matmulTuning, saved);
  setWasmEnabled(true);
});

function both(a: StridedMatrix, b: StridedMatrix, batch: number, m: number, k: number, n: number, arithmetic: Arithmetic) {
  const wasm = matmulStrided(a, b, batch, m, k, n, arithmetic);
  const js = matmulStrided(a, b, batch, m, k, n, arithmetic, { wasm: false });
  return { wasm, js };
}

describe("the WebAssembly matrix product", () => {
  it("is available in this runtime (Node 20 and Deno 2 have WebAssembly SIMD)", () => {
    expect(wasmAvailable()).toBe(true);
  });

  it("equals the naive loop and the JavaScript path bit for bit, for any sizes and layouts", () => {
    fc.assert(
      fc.property(
        fc.record({
          arithmetic: fc.constantFrom<Arithmetic>("float32", "float64"),
          batch: fc.integer({ min: 1, max: 3 }),
          m: fc.integer({ min: 2, max: 23 }),
          k: fc.integer({ min: 1, max: 40 }),
          n: fc.integer({ min: 2, max: 23 }),
          aLayout: fc.constantFrom(...LAYOUTS),
          bLayout: fc.constantFrom(...LAYOUTS),
          seed: fc.integer(),
        }),
        ({ arithmetic, batch, m, k, n, aLayout, bLayout, seed }) => {
          const a = operand(valuesFrom(seed, storageLength(batch, m, k, aLayout), arithmetic), batch, m, k, aLayout);
          const b = operand(valuesFrom(seed + 1, storageLength(batch, k, n, bLayout), arithmetic), batch, k, n, bLayout);
          const { wasm, js } = both(a, b, batch, m, k, n, arithmetic);
          const want = naiveProduct(a, b, batch, m, k, n, arithmetic);
          expect(sameBits(wasm, want)).toBeNull();
          expect(sameBits(js, want)).toBeNull();
        },
      ),
      { numRuns: 150 },
    );
  });

  it("equals the naive loop past every block size: k past KC, m past MC, ragged register tiles", () => {
    for (const arithmetic of ["float32", "float64"] as const) {
      const s = GEMM_SHAPES[arithmetic];
      const nr = nrOf(s);
      for (const [m, k, n] of [
        [s.mc + s.mr + 1, s.kc + 1, 2 * nr + 3],
        [2 * s.mc + 1, 2 * s.kc + 5, nr - 1],
        [s.mr - 1, 3 * s.kc, nr + 1],
        [s.mc, s.kc, nr * 4],
      ]) {
        for (const layouts of [["rows", "rows"], ["transposed", "rows"], ["rows", "transposed"]] as const) {
          const a = operand(valuesFrom(m + k, m * k, arithmetic), 1, m, k, layouts[0]);
          const b = operand(valuesFrom(k + n, k * n, arithmetic), 1, k, n, layouts[1]);
          const { wasm, js } = both(a, b, 1, m, k, n, arithmetic);
          const want = naiveProduct(a, b, 1, m, k, n, arithmetic);
          expect(sameBits(wasm, want), `${arithmetic} ${m}×${k}×${n} ${layouts}`).toBeNull();
          expect(sameBits(js, want), `${arithmetic} ${m}×${k}×${n} ${layouts} (JS)`).toBeNull();
        }
      }
    }
  });

  it("propagates NaN and infinities as the naive loop does, and sums zeros to +0", () => {
    const specials = [0, -0, NaN, Infinity, -Infinity, 1e308, -1e308, 3e-320, 1, -1];
    fc.assert(
      fc.property(
        fc.constantFrom<Arithmetic>("float32", "float64"),
        fc.integer({ min: 2, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 2, max: 9 }),
        fc.array(fc.constantFrom(...specials), { minLength: 81, maxLength: 81 }),
        (arithmetic, m, k, n, pool) => {
          const make = (length: number, offset: number) => {
            const v = Array.from({ length }, (_, i) => pool[(i + offset) % pool.length]);
            return arithmetic === "float32" ? Float32Array.from(v) : Float64Array.from(v);
          };
          const a = operand(make(m * k, 0), 1, m, k, "rows");
          const b = operand(make(k * n, 40), 1, k, n, "rows");
          const { wasm, js } = both(a, b, 1, m, k, n, arithmetic);
          const want = naiveProduct(a, b, 1, m, k, n, arithmetic);
          expect(sameBits(wasm, want)).toBeNull();
          expect(sameBits(js, want)).toBeNull();
        },
      ),
      { numRuns: 100 },
    );
  });

  it("sums float32 in float32 (as XLA and BLAS do) and widens int32 to float64", () => {
    const a = Float32Array.from([1, 2 ** -24, 2 ** -24, 2 ** -24]);
    const b = Float32Array.from([1, 1, 1, 1]);
    // the naive float32 loop loses each 2^-24 against 1; a float64 sum would keep 3 · 2^-24
    const f32 = matmul(a, b, 1, 1, 4, 1, "float32");
    expect(f32[0]).toBe(1);
    const wide = matmul(a, b, 1, 1, 4, 1, "float64");
    expect(wide[0]).toBe(1 + 3 * 2 ** -24);
    const ints = matmul(Int32Array.from([2 ** 30, 2 ** 30, 1, 1]), Int32Array.from([1, 1, 1, 1]), 1, 2, 2, 1, "float64");
    expect(Array.from(ints)).toEqual([2 ** 31, 2]);
  });

  it("takes the JavaScript path with the same bits when WebAssembly is switched off", () => {
    const [m, k, n] = [33, 70, 21];
    for (const arithmetic of ["float32", "float64"] as const) {
      const a = operand(valuesFrom(5, m * k, arithmetic), 1, m, k, "rows");
      const b = operand(valuesFrom(6, k * n, arithmetic), 1, k, n, "rows");
      const on = matmulStrided(a, b, 1, m, k, n, arithmetic);
      setWasmEnabled(false);
      const off = matmulStrided(a, b, 1, m, k, n, arithmetic);
      setWasmEnabled(true);
      expect(sameBits(on, off)).toBeNull();
      expect(sameBits(on, naiveProduct(a, b, 1, m, k, n, arithmetic))).toBeNull();
    }
  });

  it("is built by lib/wasm's builder: a kernel of f32x4 (or f64x2) multiplies and adds, no fused multiply-add", () => {
    const text = disassemble(gemmModule(GEMM_SHAPES.float32));
    expect(text).toContain("f32x4.mul");
    expect(text).toContain("f32x4.add");
    expect(text).toContain("v128.load32_splat");
    expect(text).not.toContain("madd");
    expect(disassemble(gemmModule(GEMM_SHAPES.float64))).toContain("f64x2.mul");
  });
});
