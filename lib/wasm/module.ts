/**
 * Builds a WebAssembly module's bytes: function types (deduplicated),
 * imported functions, one memory (imported, so that many modules and, later,
 * worker threads share it, or defined and exported), functions built with
 * `FunctionBuilder`, and exports. `finish()` gives bytes that
 * `WebAssembly.Module` accepts; `disassemble` (disassemble.ts) prints them.
 *
 * @example
 * const m = new ModuleBuilder();
 * m.importMemory("env", "memory", { initial: 1, shared: false });
 * const f = m.function("scale", funcType(["i32", "f64"], []));
 * f.get(0).get(0).mem("f64.load").get(1).op("f64.mul").mem("f64.store");
 * const bytes = m.finish();
 */
import { ByteWriter } from "./encoding.ts";
import { FunctionBuilder, WasmBuildError } from "./function.ts";
import { sameFuncType, VALUE_TYPE_CODE, type FuncType, type MemoryLimits } from "./types.ts";

interface ImportedFunction {
  readonly module: string;
  readonly name: string;
  readonly typeIndex: number;
}

interface DefinedFunction {
  readonly builder: FunctionBuilder;
  readonly typeIndex: number;
  readonly exportName: string | null;
}

interface Memory {
  readonly limits: MemoryLimits;
  /** [module, name] when imported; null when defined here. */
  readonly importedFrom: readonly [string, string] | null;
  readonly exportName: string | null;
}

const SECTION = { type: 1, import: 2, function: 3, memory: 5, export: 7, code: 10 } as const;

/** A module under construction. */
export class ModuleBuilder {
  private readonly types: FuncType[] = [];
  private readonly imports: ImportedFunction[] = [];
  private readonly functions: DefinedFunction[] = [];
  private memory: Memory | null = null;

  /** The index of `type` in the type section (added once). */
  typeIndex(type: FuncType): number {
    const found = this.types.findIndex((t) => sameFuncType(t, type));
    if (found >= 0) return found;
    this.types.push(type);
    return this.types.length - 1;
  }

  /** Imports a function; returns its function index. Imports come before defined functions. */
  importFunction(module: string, name: string, type: FuncType): number {
    if (this.functions.length > 0) throw new WasmBuildError("importFunction: import functions before defining any");
    this.imports.push({ module, name, typeIndex: this.typeIndex(type) });
    return this.imports.length - 1;
  }

  /** Imports the module's memory (the caller passes a `WebAssembly.Memory` with compatible limits). */
  importMemory(module: string, name: string, limits: MemoryLimits): this {
    this.setMemory({ limits: checkedLimits(limits), importedFrom: [module, name], exportName: null });
    return this;
  }

  /** Defines the module's own memory, exported under `exportName` if given. */
  defineMemory(limits: MemoryLimits, exportName: string | null = null): this {
    this.setMemory({ limits: checkedLimits(limits), importedFrom: null, exportName });
    return this;
  }

  /** Starts a function (exported under `exportName` when not null); returns its builder. Its index is `functionIndex(builder)`. */
  function(exportName: string | null, type: FuncType): FunctionBuilder {
    const builder = new FunctionBuilder(type);
    this.functions.push({ builder, typeIndex: this.typeIndex(type), exportName });
    return builder;
  }

  /** The function index of a defined function (imports come first). */
  functionIndex(builder: FunctionBuilder): number {
    const k = this.functions.findIndex((f) => f.builder === builder);
    if (k < 0) throw new WasmBuildError("functionIndex: not a function of this module");
    return this.imports.length + k;
  }

  /** The module's bytes. */
  finish(): Uint8Array<ArrayBuffer> {
    const out = new ByteWriter();
    out.raw([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    this.section(out, SECTION.type, (w) => {
      w.u32(this.types.length);
      for (const t of this.types) {
        w.u8(0x60).u32(t.params.length);
        for (const p of t.params) w.u8(VALUE_TYPE_CODE[p]);
        w.u32(t.results.length);
        for (const r of t.results) w.u8(VALUE_TYPE_CODE[r]);
      }
    });
    const memoryImported = this.memory?.importedFrom ?? null;
    if (this.imports.length > 0 || memoryImported !== null) {
      this.section(out, SECTION.import, (w) => {
        w.u32(this.imports.length + (memoryImported !== null ? 1 : 0));
        for (const f of this.imports) w.name(f.module).name(f.name).u8(0x00).u32(f.typeIndex);
        if (memoryImported !== null) {
          w.name(memoryImported[0]).name(memoryImported[1]).u8(0x02);
          writeLimits(w, this.memory!.limits);
        }
      });
    }
    this.section(out, SECTION.function, (w) => {
      w.u32(this.functions.length);
      for (const f of this.functions) w.u32(f.typeIndex);
    });
    if (this.memory !== null && memoryImported === null) {
      this.section(out, SECTION.memory, (w) => {
        w.u32(1);
        writeLimits(w, this.memory!.limits);
      });
    }
    const exports: [string, number, number][] = [];
    if (this.memory?.exportName) exports.push([this.memory.exportName, 0x02, 0]);
    this.functions.forEach((f, k) => {
      if (f.exportName !== null) exports.push([f.exportName, 0x00, this.imports.length + k]);
    });
    this.section(out, SECTION.export, (w) => {
      w.u32(exports.length);
      for (const [name, kind, index] of exports) w.name(name).u8(kind).u32(index);
    });
    this.section(out, SECTION.code, (w) => {
      w.u32(this.functions.length);
      for (const f of this.functions) {
        const body = f.builder.finish();
        w.u32(body.length).raw(body);
      }
    });
    return out.bytes();
  }

  private setMemory(memory: Memory): void {
    if (this.memory !== null) throw new WasmBuildError("a module has at most one memory");
    this.memory = memory;
  }

  private section(out: ByteWriter, id: number, write: (w: ByteWriter) => void): void {
    const inner = new ByteWriter();
    write(inner);
    out.u8(id).sized(inner);
  }
}

function checkedLimits(limits: MemoryLimits): MemoryLimits {
  if (limits.shared && limits.maximum === undefined) throw new WasmBuildError("a shared memory needs a maximum");
  if (limits.maximum !== undefined && limits.maximum < limits.initial) throw new WasmBuildError("memory: maximum below initial");
  return limits;
}

/** Limits: flags (1: has a maximum, 2: shared), initial, maximum. */
function writeLimits(w: ByteWriter, limits: MemoryLimits): void {
  const flags = (limits.maximum !== undefined ? 1 : 0) | (limits.shared ? 2 : 0);
  w.u8(flags).u32(limits.initial);
  if (limits.maximum !== undefined) w.u32(limits.maximum);
}
