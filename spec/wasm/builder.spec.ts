/**
 * The WebAssembly module builder (lib/wasm/): encodings round-trip, the
 * function builder checks operand types where an instruction is emitted,
 * built modules validate and run (SIMD included) over the shared heap, the
 * disassembler lists what was built, and a shared memory can be imported
 * (what worker threads will use).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ByteReader,
  ByteWriter,
  disassemble,
  FunctionBuilder,
  funcType,
  HEAP_IMPORT_LIMITS,
  HeapLayout,
  MAX_HEAP_BYTES,
  ModuleBuilder,
  SHARED_MEMORY,
  WasmBuildError,
  WasmHeap,
  wasmAvailable,
  wasmHeap,
} from "../../lib/wasm/index.ts";

/** A module whose `run(p, n)` doubles n pairs of float64 at byte offset p with f64x2. */
function doublingModule(shared = false) {
  const m = new ModuleBuilder();
  m.importMemory("env", "memory", shared ? { initial: 0, maximum: 256, shared: true } : HEAP_IMPORT_LIMITS);
  const f = m.function("run", funcType(["i32", "i32"], []));
  const v = f.local("v128");
  f.block().loop();
  f.get(1).op("i32.eqz").brIf(1);
  f.get(0).mem("v128.load").tee(v).get(v).op("f64x2.add").set(v);
  f.get(0).get(v).mem("v128.store");
  f.get(0).i32(16).op("i32.add").set(0);
  f.get(1).i32(1).op("i32.sub").set(1);
  f.br(0).end().end();
  return m.finish();
}

describe("encodings", () => {
  it("round-trip unsigned and signed LEB128 integers and floats", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.double(), (u, s, x) => {
        const w = new ByteWriter().u32(u).s64(s).f64(x).f32(x);
        const r = new ByteReader(w.bytes());
        expect(r.u32()).toBe(u);
        expect(r.s64()).toBe(s);
        expect(Object.is(r.f64(), x) || (Number.isNaN(x))).toBe(true);
        const f = r.f32();
        expect(Object.is(f, Math.fround(x)) || Number.isNaN(x)).toBe(true);
        expect(r.done).toBe(true);
      }),
    );
  });

  it("writes the spec's examples", () => {
    expect(Array.from(new ByteWriter().u32(624485).bytes())).toEqual([0xe5, 0x8e, 0x26]);
    expect(Array.from(new ByteWriter().s32(-123456).bytes())).toEqual([0xc0, 0xbb, 0x78]);
    expect(() => new ByteWriter().u32(-1)).toThrow(RangeError);
  });
});

describe("the function builder checks as it emits", () => {
  it("names the instruction and the stack on a type error", () => {
    const f = new FunctionBuilder(funcType(["i32", "f64"], []));
    f.get(0).get(1);
    expect(() => f.op("f64.add")).toThrow(/f64\.add: expected f64 on the stack, found i32/);
  });

  it("refuses unknown instructions, wrong immediates, unbalanced blocks and missing results", () => {
    expect(() => new FunctionBuilder(funcType([], [])).op("f64x2.fma")).toThrow(WasmBuildError);
    expect(() => new FunctionBuilder(funcType(["i32"], [])).get(0).op("v128.load")).toThrow(/immediates/);
    const open = new FunctionBuilder(funcType([], []));
    open.block();
    expect(() => open.finish()).toThrow(/still open/);
    expect(() => new FunctionBuilder(funcType([], ["f64"])).finish()).toThrow(/must leave \[f64\]/);
    expect(() => new FunctionBuilder(funcType([], [])).br(1)).toThrow(/no such enclosing block/);
    expect(() => new FunctionBuilder(funcType([], [])).shuffle([1, 2, 3])).toThrow(/16 byte indices/);
  });

  it("accepts code after a branch (the stack is polymorphic there) and blocks with results", () => {
    const m = new ModuleBuilder();
    const f = m.function("pick", funcType(["i32"], ["f64"]));
    f.get(0).if("f64").f64(1.5).else().f64(-2).end();
    const g = m.function("early", funcType([], ["i32"]));
    g.i32(7).return().op("i32.add");
    const exports = new WebAssembly.Instance(new WebAssembly.Module(m.finish())).exports as Record<string, (...a: number[]) => number>;
    expect(exports.pick(1)).toBe(1.5);
    expect(exports.pick(0)).toBe(-2);
    expect(exports.early()).toBe(7);
  });
});

describe.runIf(wasmAvailable())("built modules", () => {
  it("validate, run SIMD over the shared heap, and disassemble to what was built", () => {
    const bytes = doublingModule();
    expect(WebAssembly.validate(bytes)).toBe(true);
    const heap = wasmHeap();
    const layout = new HeapLayout();
    const at = layout.reserve(6 * 8);
    heap.ensure(layout.bytes);
    heap.f64().set([1, 2, 3, 4, -0.5, 1e300], at / 8);
    const run = heap.instantiate(new WebAssembly.Module(bytes)).exports.run as (p: number, n: number) => void;
    run(at, 3);
    expect(Array.from(heap.f64().subarray(at / 8, at / 8 + 6))).toEqual([2, 4, 6, 8, -1, 2e300]);
    const text = disassemble(bytes);
    // the heap's kind: shared (with its maximum) where the runtime can share memory, as in Node and Deno
    expect(text).toContain(SHARED_MEMORY ? `(import "env" "memory" (memory 0 ${MAX_HEAP_BYTES / 65536} shared))` : '(import "env" "memory" (memory 0))');
    expect(text).toContain('(func 0 (export "run") (type 0) (param i32 i32) (local v128)');
    expect(text).toMatch(/v128\.load align=16 offset=0\n\s+local\.tee 2\n\s+local\.get 2\n\s+f64x2\.add/);
  });

  it("grow the heap on demand and renew its views", () => {
    const heap = new WasmHeap();
    const before = heap.bytes;
    expect(heap.ensure(before + 1)).toBe(true);
    expect(heap.bytes).toBeGreaterThan(before);
    expect(heap.f64().length).toBe(heap.bytes / 8);
    expect(heap.ensure(2 ** 31)).toBe(false);
  });

  it.runIf(typeof SharedArrayBuffer === "function")("run over a shared memory declared shared by the module", () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 256, shared: true });
    expect(memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    const bytes = doublingModule(true);
    expect(disassemble(bytes)).toContain("(memory 0 256 shared)");
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    const view = new Float64Array(memory.buffer);
    view.set([3, -4]);
    (instance.exports.run as (p: number, n: number) => void)(0, 1);
    expect(Array.from(view.subarray(0, 2))).toEqual([6, -8]);
  });
});
