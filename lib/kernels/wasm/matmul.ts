/**
 * Matrix products in WebAssembly SIMD (f64x2), about twice the speed of the
 * best scalar JavaScript loop. Operands are copied into the module's memory
 * (rows padded to a multiple of 8 columns, an even number of rows), the
 * kernel in `matmul.wat` runs, and the result is copied out. It sums each
 * output in index order, like the naive loop. `wasmMatmul` is null where
 * WebAssembly SIMD is unavailable; callers fall back to JavaScript.
 */
import type { TypedArray } from "../../array/dtype.ts";
import { MATMUL_WASM_BASE64 } from "./matmulModule.ts";

interface Kernel {
  readonly memory: WebAssembly.Memory;
  readonly matmul: (a: number, b: number, c: number, m: number, k: number, n: number) => void;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function instantiate(): Kernel | null {
  try {
    if (typeof WebAssembly === "undefined") return null;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(decodeBase64(MATMUL_WASM_BASE64)), {});
    return instance.exports as unknown as Kernel;
  } catch {
    return null;
  }
}

const kernel = instantiate();

/** Float64 memory of at least `bytes` bytes (the view is renewed when the memory grows). */
function memoryOf(k: Kernel, bytes: number): Float64Array {
  const have = k.memory.buffer.byteLength;
  if (have < bytes) k.memory.grow(Math.ceil((bytes - have) / 65536));
  return new Float64Array(k.memory.buffer);
}

/**
 * `c[t] = a[t] @ b[t]` for `batch` pairs of [m, k] and [k, n] matrices stored
 * contiguously at the given element offsets, written into `c` (float64).
 */
function run(a: TypedArray, b: TypedArray, c: Float64Array, batch: number, m: number, k: number, n: number): void {
  const padded = Math.ceil(n / 8) * 8;
  const rows = m + (m & 1);
  const aSize = rows * k;
  const bSize = k * padded;
  const cSize = rows * padded;
  const f = memoryOf(kernel!, (aSize + bSize + cSize) * 8);
  const [aAt, bAt, cAt] = [0, aSize, aSize + bSize];
  for (let t = 0; t < batch; t++) {
    f.set(a.subarray(t * m * k, (t + 1) * m * k), aAt);
    f.fill(0, aAt + m * k, aAt + aSize);
    if (padded === n) {
      f.set(b.subarray(t * k * n, (t + 1) * k * n), bAt);
    } else {
      for (let r = 0; r < k; r++) {
        f.set(b.subarray(t * k * n + r * n, t * k * n + r * n + n), bAt + r * padded);
        f.fill(0, bAt + r * padded + n, bAt + (r + 1) * padded);
      }
    }
    f.fill(0, cAt, cAt + cSize);
    kernel!.matmul(aAt * 8, bAt * 8, cAt * 8, rows, k, padded);
    if (padded === n) c.set(f.subarray(cAt, cAt + m * n), t * m * n);
    else for (let r = 0; r < m; r++) c.set(f.subarray(cAt + r * padded, cAt + r * padded + n), t * m * n + r * n);
  }
}

/** The WebAssembly kernel, or null when this runtime has no WebAssembly SIMD. */
export const wasmMatmul: typeof run | null = kernel === null ? null : run;
