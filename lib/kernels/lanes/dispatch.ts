/**
 * Which loop runs an elementwise kernel: the WebAssembly SIMD loop where it
 * is available and worth its copies (enough elements, and enough work per
 * element to outweigh copying the operands in and the results out), else
 * the JavaScript loop. Both give the same bits, so the choice is only
 * about speed. Compiled WebAssembly loops are cached by program key.
 *
 * @example
 * const run = wasmLoopFor(program, n, opsPerElement); // null: run the JavaScript loop
 */
import { wasmEnabled } from "../../wasm/features.ts";
import type { LoopProgram } from "./program.ts";
import { wasmLoop, type WasmLoopRun } from "./wasmLoop.ts";

/** The fewest elements for which a WebAssembly loop is worth its call and copies. */
export const WASM_MIN_ELEMENTS = 256;

/** The fewest lane operations per element and per array copied for which a WebAssembly loop is worth its copies. */
export const WASM_MIN_OPS_PER_ARRAY = 4;

const loops = new Map<string, WasmLoopRun>();
const MAX_CACHED = 1024;

/** Whether `n` elements with `ops` lane operations each over `arrays` copied arrays should run in WebAssembly. */
export function worthWasm(n: number, ops: number, arrays: number): boolean {
  return wasmEnabled() && n >= WASM_MIN_ELEMENTS && ops >= WASM_MIN_OPS_PER_ARRAY * Math.max(arrays, 1);
}

/** The compiled WebAssembly loop of `program` (cached by its key, least recently used dropped first). */
export function cachedWasmLoop(program: LoopProgram): WasmLoopRun {
  let run = loops.get(program.key);
  if (run === undefined) {
    run = wasmLoop(program);
    if (loops.size >= MAX_CACHED) loops.delete(loops.keys().next().value!);
  } else {
    loops.delete(program.key);
  }
  loops.set(program.key, run);
  return run;
}
