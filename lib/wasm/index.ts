/**
 * A WebAssembly toolkit written in TypeScript, with no toolchain: modules are
 * built as bytes (`ModuleBuilder`, `FunctionBuilder`, checked as they are
 * emitted), printed for debugging (`disassemble`), and run over one memory
 * shared by every module (`wasmHeap`). `wasmEnabled()` says whether the
 * runtime has WebAssembly SIMD and it is switched on.
 *
 * @example
 * const m = new ModuleBuilder();
 * m.importMemory("env", "memory", HEAP_IMPORT_LIMITS);
 * const f = m.function("double", funcType(["i32"], []));
 * f.get(0).get(0).mem("v128.load").get(0).mem("v128.load").op("f64x2.add").mem("v128.store");
 * const run = wasmHeap().instantiate(new WebAssembly.Module(m.finish())).exports.double;
 */
export { ByteReader, ByteWriter } from "./encoding.ts";
export { disassemble } from "./disassemble.ts";
export { setWasmEnabled, wasmAvailable, wasmEnabled } from "./features.ts";
export { FunctionBuilder, WasmBuildError } from "./function.ts";
export { INSTRUCTIONS, instructionAt, type Instruction } from "./instructions.ts";
export { HEAP_IMPORT_LIMITS, HeapLayout, MAX_HEAP_BYTES, SHARED_MEMORY, WasmHeap, wasmHeap } from "./memory.ts";
export { ModuleBuilder } from "./module.ts";
export { funcType, PAGE_BYTES, showFuncType, type FuncType, type MemoryLimits, type ValueType } from "./types.ts";
