/**
 * Compiles a loop program to a WebAssembly SIMD function over the shared
 * heap, a block of several vectors per iteration (`unrollOf`), and runs it: operands are copied into
 * the heap (arrays padded to whole blocks, a suffix operand
 * repeated until its length is a whole number of blocks so that a block never
 * straddles its end, a scalar once), the loop runs, and the outputs are
 * copied out. Sums add each element's value lane by lane, in order, with
 * the same compensated summation as the JavaScript loop (`summation.ts`);
 * the lanes past `n` in the last block add +0, which changes neither the
 * running sum nor its error.
 *
 * Threads: a loop with no sums and no repeated-row operand computes each
 * element on its own, so its module also exports `chunk(desc, chunk,
 * thread)`, which runs `run` over one range of blocks (its pointers moved to
 * the range's start, read from a descriptor in the heap). From
 * `loopTuning.parallelElements` elements on, with `threads` > 1, the blocks
 * are split among the worker pool (lib/threads); every element comes out
 * with the same bits however they are split. A loop whose sums are all
 * full sums runs, split the same way, as its *summands program* (each sum's
 * values written out as a float64 array instead of added), and the calling
 * thread then adds each array in element order with the one compensated
 * summation: the additions of the single-threaded loop, in its order, so
 * the same bits.
 *
 * @example
 * const run = wasmLoop(program);
 * const ok = run([x], [out], n, sums); // false: too large for the heap (run the JavaScript loop)
 */
import type { DType, TypedArray } from "../../array/dtype.ts";
import { FunctionBuilder } from "../../wasm/function.ts";
import { HEAP_IMPORT_LIMITS, HeapLayout, wasmHeap, type WasmHeap } from "../../wasm/memory.ts";
import { ModuleBuilder } from "../../wasm/module.ts";
import { funcType, type ValueType } from "../../wasm/types.ts";
import { parallelFor, sharedKernel, threadCount, type KernelFunction, type SharedKernel } from "../../threads/pool.ts";
import { giveBuffer, takeBuffer } from "../../array/pool.ts";
import { ESCAPES, laneOf, type EscapeName } from "./lanes.ts";
import type { LoopProgram } from "./program.ts";
import { bytesPerElement, sumLayout } from "./program.ts";
import { WasmLanes, type WasmLane } from "./wasmLanes.ts";

/** Runs a compiled loop: like `LoopRun`, and false (having done nothing) when the operands do not fit the heap. */
export type WasmLoopRun = (inputs: readonly TypedArray[], outputs: readonly TypedArray[], n: number, sums: Float64Array) => boolean;

/**
 * Four-element vectors per iteration: a float64 value takes four registers
 * (unroll 2: eight elements) and a loop of only 32-bit values four (unroll 4:
 * sixteen), which lets the processor overlap independent chains without
 * running out of registers (measured best). A loop computing any float64
 * value (float32 sin works in float64) gets unroll 2.
 */
const UNROLLS = [4, 2] as const;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** How many times a suffix of `length` elements is repeated in the heap, so that the region is a whole number of blocks. */
function suffixCopies(length: number, block: number): number {
  return block / gcd(length, block);
}

/** When loops run on several threads. */
export const loopTuning = {
  /** The fewest elements for which a loop without sums is split among threads. */
  parallelElements: 1 << 16,
  /** The fewest elements per chunk of a split loop. */
  chunkElements: 4096,
  /** How many runs were split among threads so far (for tests). */
  splitRuns: 0,
};

/** Whether the elements of `program` are independent, so that its blocks may run in any ranges (no sums, no repeated row). */
function splittable(program: LoopProgram): boolean {
  return program.sums.length === 0 && program.inputs.every(({ access }) => access !== "suffix");
}

/**
 * For a loop whose sums are all full sums (one cell) and that reads no repeated row: the same loop
 * with each sum's values (in float64, as the sum adds them) as an extra float64 output instead; else null.
 */
export function summandsProgram(program: LoopProgram): LoopProgram | null {
  if (program.sums.length === 0 || program.body.kind !== "lanes") return null;
  if (!program.sums.every(({ cells }) => cells === 1) || !program.inputs.every(({ access }) => access !== "suffix")) return null;
  const body = program.body;
  return {
    key: `${program.key}|summands`,
    inputs: program.inputs,
    outputs: [...program.outputs, ...program.sums.map((): DType => "float64")],
    sums: [],
    body: {
      kind: "lanes",
      run: (b, values) => {
        const result = body.run(b, values);
        return { outputs: [...result.outputs, ...result.sums], sums: [] };
      },
    },
  };
}

/** (s, c) of adding values[0 … n) in order into a running sum and its error from 0, as every sum of the library adds. */
function addInOrder(values: Float64Array, n: number, out: Float64Array, at: number): void {
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    // compensatedSum.add of summation.ts
    const v = values[i];
    const t = s + v;
    const z = t - s;
    c += s - (t - z) + (v - z);
    s = t;
  }
  out[at] = s;
  out[at + 1] = c;
}

/** The parameters of the loop function, in order. */
interface Parameters {
  /** Per input: its pointer, and for a suffix the pointer past its region. */
  readonly inputs: { readonly at: number; readonly end: number | null }[];
  readonly outputs: number[];
  readonly sums: number | null;
  readonly blocks: number;
  readonly n: number;
  readonly types: ValueType[];
}

function parameters(program: LoopProgram): Parameters {
  let next = 0;
  const inputs = program.inputs.map(({ access }) => ({ at: next++, end: access === "suffix" ? next++ : null }));
  const outputs = program.outputs.map(() => next++);
  const sums = program.sums.length > 0 ? next++ : null;
  const blocks = next++;
  const n = next++;
  return { inputs, outputs, sums, blocks, n, types: new Array<ValueType>(next).fill("i32") };
}

/** Loads the block at the pointer in local `at` into a fresh lane value of the input's dtype. */
function loadBlock(b: WasmLanes, dtype: DType, at: number): WasmLane {
  const fn = b.fn;
  const value = b.fresh(laneOf(dtype));
  value.regs.forEach((reg, r) => {
    if (dtype === "bool") fn.get(at).mem("v128.load32_zero", 4 * r, 0).op("i16x8.extend_low_i8x16_u").op("i32x4.extend_low_i16x8_u").set(reg);
    else fn.get(at).mem("v128.load", 16 * r).set(reg);
  });
  return value;
}

/** Loads one element at the pointer in local `at` into every lane. */
function loadSplat(b: WasmLanes, dtype: DType, at: number): WasmLane {
  const fn = b.fn;
  const reg = fn.local("v128");
  if (dtype === "float64") fn.get(at).mem("v128.load64_splat", 0, 3).set(reg);
  else if (dtype === "bool") fn.get(at).mem("i32.load8_u", 0, 0).op("i32x4.splat").set(reg);
  else fn.get(at).mem("v128.load32_splat", 0, 2).set(reg);
  return b.splatted(laneOf(dtype), reg);
}

function storeBlock(fn: FunctionBuilder, dtype: DType, at: number, value: WasmLane): void {
  value.regs.forEach((reg, r) => {
    if (dtype === "bool") {
      fn.get(at).get(reg).get(reg).op("i16x8.narrow_i32x4_u");
      fn.get(reg).op("i8x16.narrow_i16x8_u").memLane("v128.store32_lane", 0, 4 * r, 0);
    } else {
      fn.get(at).get(reg).mem("v128.store", 16 * r);
    }
  });
}

/** `local += amount` for an i32 local. */
function advance(fn: FunctionBuilder, local: number, amount: number): void {
  fn.get(local).i32(amount).op("i32.add").set(local);
}

/**
 * The compensated addition of `summation.ts` on scalar f64 locals:
 * t = s + v; z = t − s; c += (s − (t − z)) + (v − z); s = t.
 */
function compensatedAdd(fn: FunctionBuilder, s: number, c: number, v: number, t: number, z: number): void {
  fn.get(s).get(v).op("f64.add").set(t);
  fn.get(t).get(s).op("f64.sub").set(z);
  fn.get(c).get(s).get(t).get(z).op("f64.sub").op("f64.sub").get(v).get(z).op("f64.sub").op("f64.add").op("f64.add").set(c);
  fn.get(t).set(s);
}

/** The module of a loop program (exporting `run`), and its block of elements per iteration. */
export function wasmLoopModule(program: LoopProgram): { bytes: Uint8Array<ArrayBuffer>; block: number } {
  const narrow = buildModule(program, UNROLLS[0]);
  return narrow.wide ? buildModule(program, UNROLLS[1]) : narrow;
}

function buildModule(program: LoopProgram, unroll: number): { bytes: Uint8Array<ArrayBuffer>; block: number; wide: boolean } {
  if (program.body.kind !== "lanes") throw new Error(`wasmLoopModule: ${program.key} has JavaScript-only rules`);
  const p = parameters(program);
  const block = 4 * unroll;
  const blockBytes = (dtype: DType) => block * bytesPerElement(dtype);
  const m = new ModuleBuilder();
  // the escape functions (Math.sin, ...) for the rare lanes a kernel hands to JavaScript
  const escapes = Object.fromEntries(
    (Object.keys(ESCAPES) as EscapeName[]).map((name) => [name, m.importFunction("js", name, funcType(["f64"], ["f64"]))]),
  ) as Record<EscapeName, number>;
  m.importMemory("env", "memory", HEAP_IMPORT_LIMITS);
  const fn = m.function("run", funcType(p.types, []));
  const b = new WasmLanes(fn, unroll, escapes);

  // before the loop: scalars splatted, suffix cursors, sums and the lane counter
  const values: (WasmLane | null)[] = program.inputs.map(({ dtype, access }, k) => (access === "scalar" ? loadSplat(b, dtype, p.inputs[k].at) : null));
  const cursors = program.inputs.map(({ access }, k) => {
    if (access !== "suffix") return null;
    const cursor = fn.local("i32");
    fn.get(p.inputs[k].at).set(cursor);
    return cursor;
  });
  // one-cell sums in registers; sums over some axes in the heap, their cells followed by counters (q, r)
  const { offsets } = sumLayout(program.sums);
  const sums = program.sums.map(({ cells }) =>
    cells === 1 ? { s: fn.local("f64"), c: fn.local("f64"), q: -1, r: -1 } : { s: fn.local("f64"), c: fn.local("f64"), q: fn.local("i32"), r: fn.local("i32") },
  );
  const [t, z, v, at] = [fn.local("f64"), fn.local("f64"), fn.local("f64"), fn.local("i32")];
  // the index of each lane of each 32-bit register in the block, and n, to mask the lanes past n
  const laneIndex: number[] = [];
  let limit = -1;
  let step = -1;
  if (program.sums.length > 0) {
    for (let r = 0; r < unroll; r++) {
      laneIndex.push(fn.local("v128"));
      fn.v128(new Uint8Array(new Int32Array([4 * r, 4 * r + 1, 4 * r + 2, 4 * r + 3]).buffer)).set(laneIndex[r]);
    }
    limit = fn.local("v128");
    step = fn.local("v128");
    fn.get(p.n).op("i32x4.splat").set(limit);
    fn.i32(block).op("i32x4.splat").set(step);
  }

  fn.block().loop();
  fn.get(p.blocks).op("i32.eqz").brIf(1);
  b.resetConstants();
  const inputs = program.inputs.map(({ dtype, access }, k) => {
    if (access === "scalar") return values[k]!;
    return loadBlock(b, dtype, access === "suffix" ? cursors[k]! : p.inputs[k].at);
  });
  const result = program.body.run(b, inputs);
  // the sums below work in float64 whatever the body's types: only the body decides the unroll
  const bodyWide = b.wide;
  result.outputs.forEach((value, k) => {
    const dtype = program.outputs[k];
    storeBlock(fn, dtype, p.outputs[k], b.convert(value, laneOf(dtype)));
  });
  if (program.sums.length > 0) {
    // lanes at or past n add +0
    const valid = b.fresh("mask32");
    valid.regs.forEach((reg, r) => fn.get(laneIndex[r]).get(limit).op("i32x4.lt_s").set(reg));
    const wide = b.fresh("mask64");
    valid.regs.forEach((reg, r) => {
      fn.get(reg).op("i64x2.extend_low_i32x4_s").set(wide.regs[2 * r]);
      fn.get(reg).op("i64x2.extend_high_i32x4_s").set(wide.regs[2 * r + 1]);
    });
    result.sums.forEach((value, k) => {
      const x = b.convert(value, "f64");
      const { cells, inner } = program.sums[k];
      const { s, c, q, r } = sums[k];
      for (let lane = 0; lane < block; lane++) {
        const reg = lane >> 1;
        fn.get(x.regs[reg]).get(wide.regs[reg]).op("v128.and").lane("f64x2.extract_lane", lane & 1).set(v);
        if (cells === 1) {
          compensatedAdd(fn, s, c, v, t, z);
          continue;
        }
        // the cell's (s, c) from the heap, added to, written back; then the counters advance
        fn.get(p.sums!).get(q).i32(4).op("i32.shl").op("i32.add").set(at);
        fn.get(at).mem("f64.load", 8 * offsets[k]).set(s);
        fn.get(at).mem("f64.load", 8 * offsets[k] + 8).set(c);
        compensatedAdd(fn, s, c, v, t, z);
        fn.get(at).get(s).mem("f64.store", 8 * offsets[k]);
        fn.get(at).get(c).mem("f64.store", 8 * offsets[k] + 8);
        if (inner !== 1) {
          fn.get(r).i32(1).op("i32.add").tee(r).i32(inner).op("i32.eq").if();
          fn.i32(0).set(r);
        }
        fn.get(q).i32(1).op("i32.add").tee(q).i32(cells).op("i32.eq").if().i32(0).set(q).end();
        if (inner !== 1) fn.end();
      }
    });
    for (const reg of laneIndex) fn.get(reg).get(step).op("i32x4.add").set(reg);
  }
  // advance the pointers
  program.inputs.forEach(({ dtype, access }, k) => {
    if (access === "index" || access === "prefix") advance(fn, p.inputs[k].at, blockBytes(dtype));
    if (access === "suffix") {
      const cursor = cursors[k]!;
      fn.get(cursor).i32(blockBytes(dtype)).op("i32.add").tee(cursor).get(p.inputs[k].end!).op("i32.ge_u");
      fn.if().get(p.inputs[k].at).set(cursor).end();
    }
  });
  program.outputs.forEach((dtype, k) => advance(fn, p.outputs[k], blockBytes(dtype)));
  fn.get(p.blocks).i32(1).op("i32.sub").set(p.blocks);
  fn.br(0).end().end();

  // after the loop: the one-cell sums' (s, c) pairs
  sums.forEach(({ s, c }, k) => {
    if (program.sums[k].cells !== 1) return;
    fn.get(p.sums!).get(s).mem("f64.store", 8 * offsets[k]);
    fn.get(p.sums!).get(c).mem("f64.store", 8 * offsets[k] + 8);
  });
  if (splittable(program)) chunkFunction(m, m.functionIndex(fn), p, program, blockBytes, block);
  return { bytes: m.finish(), block, wide: bodyWide };
}

/**
 * `chunk(desc, chunk, thread)`: `run` over blocks [chunk·per, min((chunk + 1)·per, total)), with the
 * descriptor's i32 words [per, total, pointer of each array parameter of `run`, in order].
 * An array's pointer moves by its block bytes per block; a scalar's stays.
 */
function chunkFunction(m: ModuleBuilder, run: number, p: Parameters, program: LoopProgram, blockBytes: (dtype: DType) => number, block: number): void {
  const fn = m.function("chunk", funcType(["i32", "i32", "i32"], []));
  const [desc, chunk] = [0, 1];
  const [start, count] = [fn.local("i32"), fn.local("i32")];
  fn.get(chunk).get(desc).mem("i32.load", 0).op("i32.mul").set(start);
  // count = min(per, total − start)
  fn.get(desc).mem("i32.load", 4).get(start).op("i32.sub").set(count);
  fn.get(desc).mem("i32.load", 0).get(count).op("i32.lt_s").if().get(desc).mem("i32.load", 0).set(count).end();
  const steps = [
    ...program.inputs.map(({ dtype, access }) => (access === "scalar" ? 0 : blockBytes(dtype))),
    ...program.outputs.map((dtype) => blockBytes(dtype)),
  ];
  steps.forEach((bytes, j) => {
    fn.get(desc).mem("i32.load", 8 + 4 * j);
    if (bytes !== 0) fn.get(start).i32(bytes).op("i32.mul").op("i32.add");
  });
  fn.get(count);
  fn.get(count).i32(block).op("i32.mul");
  fn.call(run, funcType(p.types, []));
}

/** Copies `x` into the heap at byte offset `at`, as its dtype. */
function copyIn(heap: WasmHeap, dtype: DType, x: TypedArray, at: number): void {
  heapView(heap, dtype).set(x, at / bytesPerElement(dtype));
}

function heapView(heap: WasmHeap, dtype: DType): TypedArray {
  switch (dtype as string) {
    case "float64":
      return heap.f64();
    case "float32":
      return heap.f32();
    case "int32":
      return heap.i32();
    case "uint32":
      return heap.u32() as unknown as TypedArray;
    default:
      return heap.u8();
  }
}

/** The program compiled to WebAssembly and instantiated over the heap. */
export function wasmLoop(program: LoopProgram): WasmLoopRun {
  const heap = wasmHeap();
  const { bytes, block } = wasmLoopModule(program);
  const module = new WebAssembly.Module(bytes);
  const instance = heap.instantiate(module, { js: ESCAPES });
  const run = instance.exports.run as (...args: number[]) => void;
  const chunk: SharedKernel | null = splittable(program) ? sharedKernel(module, "chunk", instance.exports.chunk as KernelFunction) : null;
  const p = parameters(program);
  const arrayParams = program.inputs.length + program.outputs.length;
  // a loop with full sums: its summands program, compiled on first use, runs it on several threads
  const summands = summandsProgram(program);
  let summandsRun: WasmLoopRun | null = null;
  const { offsets: sumOffsets } = sumLayout(program.sums);
  return (inputs, outputs, n, sums) => {
    if (summands !== null && n >= loopTuning.parallelElements && threadCount() > 1) {
      summandsRun ??= wasmLoop(summands);
      const values = program.sums.map(() => (takeBuffer("float64", n) ?? new Float64Array(n)) as Float64Array);
      const done = summandsRun(inputs, [...outputs, ...values], n, new Float64Array(0));
      if (done) values.forEach((v, k) => addInOrder(v, n, sums, sumOffsets[k]));
      for (const v of values) giveBuffer("float64", v);
      return done;
    }
    const blocks = Math.ceil(n / block);
    const layout = new HeapLayout();
    const inputAt = program.inputs.map(({ dtype, access }, k) => {
      const length = access === "scalar" ? 1 : access === "suffix" ? inputs[k].length * suffixCopies(inputs[k].length, block) : blocks * block;
      return layout.reserve(length * bytesPerElement(dtype));
    });
    const outputAt = program.outputs.map((dtype) => layout.reserve(blocks * block * bytesPerElement(dtype)));
    const sumsLength = sumLayout(program.sums).length;
    const sumsAt = layout.reserve(8 * sumsLength);
    const threads = chunk !== null && n >= loopTuning.parallelElements ? threadCount() : 1;
    const descAt = threads > 1 ? layout.reserve(4 * (2 + arrayParams)) : 0;
    if (!heap.ensure(layout.bytes)) return false;
    const args = new Array<number>(p.types.length);
    program.inputs.forEach(({ dtype, access }, k) => {
      const x = inputs[k];
      const at = inputAt[k];
      args[p.inputs[k].at] = at;
      if (access === "suffix") {
        const copies = suffixCopies(x.length, block);
        for (let r = 0; r < copies; r++) copyIn(heap, dtype, x, at + r * x.length * bytesPerElement(dtype));
        args[p.inputs[k].end!] = at + copies * x.length * bytesPerElement(dtype);
      } else if (access === "scalar") {
        copyIn(heap, dtype, x.subarray(0, 1), at);
      } else if (access === "prefix") {
        // each value repeated `inner` times: the loop then reads it by index
        const inner = program.inputs[k].inner!;
        const view = heapView(heap, dtype);
        const base = at / bytesPerElement(dtype);
        for (let j = 0; j < x.length; j++) view.fill(x[j], base + j * inner, base + (j + 1) * inner);
        view.fill(0, base + n, base + blocks * block);
      } else {
        copyIn(heap, dtype, x, at);
        // the padding of the last block: zeros (its lanes are computed, never stored or summed)
        heapView(heap, dtype).fill(0, at / bytesPerElement(dtype) + n, at / bytesPerElement(dtype) + blocks * block);
      }
    });
    program.outputs.forEach((_, k) => (args[p.outputs[k]] = outputAt[k]));
    if (p.sums !== null) {
      args[p.sums] = sumsAt;
      heap.f64().fill(0, sumsAt / 8, sumsAt / 8 + sumsLength);
    }
    args[p.blocks] = blocks;
    args[p.n] = n;
    if (threads > 1) {
      // chunks of whole blocks, sixteen per thread, so that a thread its core is taken from holds back little
      const per = Math.max(Math.ceil(blocks / (16 * threads)), Math.ceil(loopTuning.chunkElements / block));
      const words = heap.i32();
      words[descAt / 4] = per;
      words[descAt / 4 + 1] = blocks;
      for (let j = 0; j < arrayParams; j++) words[descAt / 4 + 2 + j] = args[j];
      parallelFor(chunk!, Math.ceil(blocks / per), [descAt]);
      loopTuning.splitRuns++;
    } else {
      run(...args);
    }
    program.outputs.forEach((dtype, k) => {
      const start = outputAt[k] / bytesPerElement(dtype);
      outputs[k].set(heapView(heap, dtype).subarray(start, start + n));
    });
    if (sumsLength > 0) sums.set(heap.f64().subarray(sumsAt / 8, sumsAt / 8 + sumsLength));
    return true;
  };
}
