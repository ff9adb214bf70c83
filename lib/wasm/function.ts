/**
 * Builds one function body: locals, instructions and structured control
 * flow, checking operand types as it goes (a small validator: each
 * instruction pops the types its signature names, blocks restore the stack
 * height they started at), so a malformed body fails where it is emitted,
 * with the instruction's name, rather than in `WebAssembly.Module` later.
 *
 * @example
 * const f = new FunctionBuilder(funcType(["f64", "f64"], ["f64"]));
 * f.get(0).get(1).op("f64.add");     // (local.get 0) (local.get 1) f64.add
 * f.finish();                        // the body's bytes
 */
import { ByteWriter } from "./encoding.ts";
import { INSTRUCTIONS, type Instruction } from "./instructions.ts";
import { VALUE_TYPE_CODE, type FuncType, type ValueType } from "./types.ts";

/** An error in a function being built: what was emitted, and what the stack held. */
export class WasmBuildError extends Error {
  override readonly name = "WasmBuildError";
}

interface Frame {
  readonly kind: "block" | "loop" | "if" | "function";
  readonly height: number;
  readonly results: readonly ValueType[];
  /** After `br`, `return` or `unreachable`: the rest of the block is not reached (its stack is polymorphic). */
  unreachable: boolean;
  /** An `if` whose `else` was emitted. */
  hasElse: boolean;
}

/** The body of one function under construction. */
export class FunctionBuilder {
  private readonly code = new ByteWriter();
  private readonly localTypes: ValueType[] = [];
  private readonly stack: ValueType[] = [];
  private readonly frames: Frame[];
  private finished = false;

  constructor(readonly type: FuncType) {
    this.frames = [{ kind: "function", height: 0, results: type.results, unreachable: false, hasElse: false }];
  }

  // locals

  /** Declares a local of `type`; returns its index (after the parameters). */
  local(type: ValueType): number {
    this.localTypes.push(type);
    return this.type.params.length + this.localTypes.length - 1;
  }

  /** The type of parameter or local `index`. */
  typeOfLocal(index: number): ValueType {
    const type = index < this.type.params.length ? this.type.params[index] : this.localTypes[index - this.type.params.length];
    if (type === undefined) throw new WasmBuildError(`local ${index} does not exist`);
    return type;
  }

  /** `local.get index`. */
  get(index: number): this {
    this.emit(INSTRUCTIONS["local.get"], [], [this.typeOfLocal(index)]);
    this.code.u32(index);
    return this;
  }

  /** `local.set index`. */
  set(index: number): this {
    this.emit(INSTRUCTIONS["local.set"], [this.typeOfLocal(index)], []);
    this.code.u32(index);
    return this;
  }

  /** `local.tee index`. */
  tee(index: number): this {
    const type = this.typeOfLocal(index);
    this.emit(INSTRUCTIONS["local.tee"], [type], [type]);
    this.code.u32(index);
    return this;
  }

  // plain instructions

  /** An instruction without immediates, by its text-format name (`"f64x2.mul"`). */
  op(name: string): this {
    const instruction = this.lookup(name, "none");
    this.emit(instruction, instruction.pops!, instruction.pushes!);
    return this;
  }

  /** A load or store: `offset` in bytes, `alignLog2` the alignment hint (default: natural, capped at 16 bytes). */
  mem(name: string, offset = 0, alignLog2?: number): this {
    const instruction = this.lookup(name, "memarg");
    this.emit(instruction, instruction.pops!, instruction.pushes!);
    this.code.u32(alignLog2 ?? naturalAlignment(name)).u32(offset);
    return this;
  }

  /** A lane store (`v128.store32_lane`): memarg, then the lane. */
  memLane(name: string, lane: number, offset = 0, alignLog2?: number): this {
    const instruction = this.lookup(name, "memarg-lane");
    this.emit(instruction, instruction.pops!, instruction.pushes!);
    this.code.u32(alignLog2 ?? naturalAlignment(name)).u32(offset).u8(lane);
    return this;
  }

  /** A lane access (`f64x2.extract_lane 1`). */
  lane(name: string, lane: number): this {
    const instruction = this.lookup(name, "lane");
    this.emit(instruction, instruction.pops!, instruction.pushes!);
    this.code.u8(lane);
    return this;
  }

  /** `i8x16.shuffle` with 16 byte indices (0–15 from the first operand, 16–31 from the second). */
  shuffle(lanes: readonly number[]): this {
    if (lanes.length !== 16 || lanes.some((l) => !Number.isInteger(l) || l < 0 || l > 31)) {
      throw new WasmBuildError(`i8x16.shuffle: needs 16 byte indices in 0..31, got [${lanes.join(", ")}]`);
    }
    const instruction = this.lookup("i8x16.shuffle", "shuffle");
    this.emit(instruction, instruction.pops!, instruction.pushes!);
    this.code.raw(lanes);
    return this;
  }

  // constants

  i32(value: number): this {
    this.emit(INSTRUCTIONS["i32.const"], [], ["i32"]);
    this.code.s32(value | 0);
    return this;
  }

  i64(value: bigint): this {
    this.emit(INSTRUCTIONS["i64.const"], [], ["i64"]);
    this.code.s64(value);
    return this;
  }

  f32(value: number): this {
    this.emit(INSTRUCTIONS["f32.const"], [], ["f32"]);
    this.code.f32(value);
    return this;
  }

  f64(value: number): this {
    this.emit(INSTRUCTIONS["f64.const"], [], ["f64"]);
    this.code.f64(value);
    return this;
  }

  /** `v128.const` from 16 bytes, little-endian. */
  v128(bytes: ArrayLike<number>): this {
    if (bytes.length !== 16) throw new WasmBuildError(`v128.const: needs 16 bytes, got ${bytes.length}`);
    this.emit(INSTRUCTIONS["v128.const"], [], ["v128"]);
    this.code.raw(bytes);
    return this;
  }

  // control

  /** `block` (with optional single result). */
  block(result?: ValueType): this {
    return this.open("block", result);
  }

  /** `loop`: a branch to it jumps back to its start. */
  loop(result?: ValueType): this {
    return this.open("loop", result);
  }

  /** `if` on an i32 condition. */
  if(result?: ValueType): this {
    this.pop("if", "i32");
    return this.open("if", result);
  }

  /** `else` of the innermost `if`. */
  else(): this {
    const frame = this.frames[this.frames.length - 1];
    if (frame.kind !== "if" || frame.hasElse) throw new WasmBuildError("else: not inside an if (or after its else)");
    this.checkResults("else", frame);
    this.code.u8(INSTRUCTIONS.else.code);
    this.stack.length = frame.height;
    frame.unreachable = false;
    frame.hasElse = true;
    return this;
  }

  /** `end` of the innermost block, loop or if. */
  end(): this {
    const frame = this.frames[this.frames.length - 1];
    if (frame.kind === "function") throw new WasmBuildError("end: no open block (the function's own end is added by finish)");
    if (frame.kind === "if" && frame.results.length > 0 && !frame.hasElse) throw new WasmBuildError("end: an if with a result needs an else");
    this.checkResults("end", frame);
    this.frames.pop();
    this.stack.length = frame.height;
    this.stack.push(...frame.results);
    this.code.u8(INSTRUCTIONS.end.code);
    return this;
  }

  /** `br depth` (0: the innermost block; to a loop: its start). */
  br(depth: number): this {
    this.branchTarget("br", depth);
    this.code.u8(INSTRUCTIONS.br.code).u32(depth);
    this.markUnreachable();
    return this;
  }

  /** `br_if depth` on an i32 condition. */
  brIf(depth: number): this {
    this.pop("br_if", "i32");
    this.branchTarget("br_if", depth);
    this.code.u8(INSTRUCTIONS.br_if.code).u32(depth);
    return this;
  }

  /** `return`. */
  return(): this {
    const results = this.type.results;
    for (let i = results.length - 1; i >= 0; i--) this.pop("return", results[i]);
    this.code.u8(INSTRUCTIONS.return.code);
    this.markUnreachable();
    return this;
  }

  /** `call index` of a function of type `type`. */
  call(index: number, type: FuncType): this {
    this.emit(INSTRUCTIONS.call, type.params, type.results);
    this.code.u32(index);
    return this;
  }

  /** `drop`. */
  drop(): this {
    this.popAny("drop");
    this.code.u8(INSTRUCTIONS.drop.code);
    return this;
  }

  /** The encoded body (local declarations, instructions, the final `end`). */
  finish(): Uint8Array {
    if (this.finished) throw new WasmBuildError("finish: already finished");
    if (this.frames.length !== 1) throw new WasmBuildError(`finish: ${this.frames.length - 1} block(s) still open`);
    this.checkResults("the function's end", this.frames[0]);
    this.finished = true;
    const body = new ByteWriter();
    // locals, run-length encoded by type
    const runs: [number, ValueType][] = [];
    for (const type of this.localTypes) {
      const last = runs[runs.length - 1];
      if (last !== undefined && last[1] === type) last[0]++;
      else runs.push([1, type]);
    }
    body.u32(runs.length);
    for (const [count, type] of runs) body.u32(count).u8(VALUE_TYPE_CODE[type]);
    body.raw(this.code.bytes());
    body.u8(INSTRUCTIONS.end.code);
    return body.bytes();
  }

  // the operand stack

  private lookup(name: string, immediate: Instruction["immediate"]): Instruction {
    const instruction = INSTRUCTIONS[name];
    if (instruction === undefined) throw new WasmBuildError(`unknown instruction ${name}`);
    if (instruction.immediate !== immediate || instruction.pops === null) {
      throw new WasmBuildError(`${name} takes immediates of kind ${instruction.immediate}; emit it with its own method`);
    }
    return instruction;
  }

  private emit(instruction: Instruction, pops: readonly ValueType[], pushes: readonly ValueType[]): void {
    if (this.finished) throw new WasmBuildError(`${instruction.name}: the function is finished`);
    for (let i = pops.length - 1; i >= 0; i--) this.pop(instruction.name, pops[i]);
    this.stack.push(...pushes);
    if (instruction.prefix !== 0) this.code.u8(instruction.prefix).u32(instruction.code);
    else this.code.u8(instruction.code);
  }

  private pop(what: string, expected: ValueType): void {
    const frame = this.frames[this.frames.length - 1];
    if (this.stack.length === frame.height) {
      if (frame.unreachable) return;
      throw new WasmBuildError(`${what}: expected ${expected} on the stack, found nothing (stack: ${this.describeStack()})`);
    }
    const actual = this.stack.pop()!;
    if (actual !== expected) throw new WasmBuildError(`${what}: expected ${expected} on the stack, found ${actual} (stack: ${this.describeStack()} ${actual})`);
  }

  private popAny(what: string): void {
    const frame = this.frames[this.frames.length - 1];
    if (this.stack.length === frame.height) {
      if (frame.unreachable) return;
      throw new WasmBuildError(`${what}: the stack is empty`);
    }
    this.stack.pop();
  }

  private open(kind: "block" | "loop" | "if", result: ValueType | undefined): this {
    const code = INSTRUCTIONS[kind].code;
    this.code.u8(code);
    this.code.u8(result === undefined ? 0x40 : VALUE_TYPE_CODE[result]);
    this.frames.push({ kind, height: this.stack.length, results: result === undefined ? [] : [result], unreachable: false, hasElse: false });
    return this;
  }

  private checkResults(what: string, frame: Frame): void {
    const values = this.stack.slice(frame.height);
    if (frame.unreachable && values.length === 0) return;
    const ok = values.length === frame.results.length && values.every((t, i) => t === frame.results[i]);
    if (!ok) throw new WasmBuildError(`${what}: the block must leave [${frame.results.join(" ")}], leaves [${values.join(" ")}]`);
  }

  private branchTarget(what: string, depth: number): void {
    if (!Number.isInteger(depth) || depth < 0 || depth >= this.frames.length) throw new WasmBuildError(`${what} ${depth}: no such enclosing block`);
    const target = this.frames[this.frames.length - 1 - depth];
    // a branch to a loop carries no values; to a block or if, its results
    const carried = target.kind === "loop" ? [] : target.results;
    const top = this.stack.slice(this.stack.length - carried.length);
    if (carried.some((t, i) => top[i] !== t)) throw new WasmBuildError(`${what} ${depth}: the target expects [${carried.join(" ")}]`);
  }

  private markUnreachable(): void {
    const frame = this.frames[this.frames.length - 1];
    this.stack.length = frame.height;
    frame.unreachable = true;
  }

  private describeStack(): string {
    return `[${this.stack.join(" ")}]`;
  }
}

/** log2 of the natural alignment of a load or store, by its name (v128 accesses: 16 bytes). */
function naturalAlignment(name: string): number {
  if (name.startsWith("v128.")) {
    const bits = /(\d+)_(splat|zero|lane)/.exec(name);
    return bits === null ? 4 : Math.log2(Number(bits[1]) / 8);
  }
  if (name.includes("load8") || name.includes("store8")) return 0;
  if (name.startsWith("i64") || name.startsWith("f64")) return 3;
  return 2;
}
