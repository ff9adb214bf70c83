/**
 * The instruction set this builder knows: each instruction's name in the
 * text format, its opcode (one byte, or a prefix byte 0xfc/0xfd and a LEB128
 * number), the kind of its immediate operands and its stack signature
 * (`"v128 v128 -> v128"`), which the function builder checks as it emits and
 * the disassembler uses to decode. Scalar numeric instructions, memory
 * access, and the fixed-width SIMD proposal (v128) as standardised; no
 * relaxed SIMD (its fused multiply-add would not give the same bits as the
 * JavaScript path).
 *
 * @example
 * INSTRUCTIONS["f64x2.add"];  // { prefix: 0xfd, code: 240, immediate: "none", pops: ["v128", "v128"], pushes: ["v128"] }
 */
import type { ValueType } from "./types.ts";

/** The immediate operands an instruction carries in the binary format. */
export type Immediate =
  | "none"
  | "memarg" // alignment (log2) and offset
  | "memarg-lane" // memarg, then a lane index
  | "lane" // one lane index byte
  | "shuffle" // 16 lane index bytes
  | "i32"
  | "i64"
  | "f32"
  | "f64"
  | "v128" // 16 bytes
  | "local"
  | "global"
  | "func"
  | "label"
  | "block" // a block type
  | "memory"; // a memory index (0)

/** One instruction: encoding, immediates and its effect on the operand stack. */
export interface Instruction {
  readonly name: string;
  /** 0 for single-byte opcodes, else the prefix byte (0xfc misc, 0xfd SIMD). */
  readonly prefix: number;
  readonly code: number;
  readonly immediate: Immediate;
  /** Operand types popped (bottom of the stack first); null: polymorphic, checked by the builder itself. */
  readonly pops: readonly ValueType[] | null;
  readonly pushes: readonly ValueType[] | null;
}

type Row = readonly [name: string, code: number, signature: string | null, immediate?: Immediate];

function parseSignature(signature: string | null): [ValueType[] | null, ValueType[] | null] {
  if (signature === null) return [null, null];
  const [pops, pushes] = signature.split("->").map((side) => side.trim().split(/\s+/).filter((t) => t !== "") as ValueType[]);
  return [pops, pushes];
}

function table(prefix: number, rows: readonly Row[]): Instruction[] {
  return rows.map(([name, code, signature, immediate = "none"]) => {
    const [pops, pushes] = parseSignature(signature);
    return { name, prefix, code, immediate, pops, pushes };
  });
}

const v = "v128";
const unaryV = `${v} -> ${v}`;
const binaryV = `${v} ${v} -> ${v}`;
const shiftV = `${v} i32 -> ${v}`;

/** Control, variable, memory and scalar numeric instructions (one-byte opcodes). */
const CORE: readonly Row[] = [
  ["unreachable", 0x00, null],
  ["nop", 0x01, " -> "],
  ["block", 0x02, null, "block"],
  ["loop", 0x03, null, "block"],
  ["if", 0x04, null, "block"],
  ["else", 0x05, null],
  ["end", 0x0b, null],
  ["br", 0x0c, null, "label"],
  ["br_if", 0x0d, null, "label"],
  ["return", 0x0f, null],
  ["call", 0x10, null, "func"],
  ["drop", 0x1a, null],
  ["select", 0x1b, null],
  ["local.get", 0x20, null, "local"],
  ["local.set", 0x21, null, "local"],
  ["local.tee", 0x22, null, "local"],
  ["global.get", 0x23, null, "global"],
  ["global.set", 0x24, null, "global"],
  ["i32.load", 0x28, "i32 -> i32", "memarg"],
  ["i64.load", 0x29, "i32 -> i64", "memarg"],
  ["f32.load", 0x2a, "i32 -> f32", "memarg"],
  ["f64.load", 0x2b, "i32 -> f64", "memarg"],
  ["i32.load8_u", 0x2d, "i32 -> i32", "memarg"],
  ["i32.store", 0x36, "i32 i32 -> ", "memarg"],
  ["i64.store", 0x37, "i32 i64 -> ", "memarg"],
  ["f32.store", 0x38, "i32 f32 -> ", "memarg"],
  ["f64.store", 0x39, "i32 f64 -> ", "memarg"],
  ["i32.store8", 0x3a, "i32 i32 -> ", "memarg"],
  ["memory.size", 0x3f, " -> i32", "memory"],
  ["memory.grow", 0x40, "i32 -> i32", "memory"],
  ["i32.const", 0x41, " -> i32", "i32"],
  ["i64.const", 0x42, " -> i64", "i64"],
  ["f32.const", 0x43, " -> f32", "f32"],
  ["f64.const", 0x44, " -> f64", "f64"],
  ["i32.eqz", 0x45, "i32 -> i32"],
  ["i32.eq", 0x46, "i32 i32 -> i32"],
  ["i32.ne", 0x47, "i32 i32 -> i32"],
  ["i32.lt_s", 0x48, "i32 i32 -> i32"],
  ["i32.lt_u", 0x49, "i32 i32 -> i32"],
  ["i32.gt_s", 0x4a, "i32 i32 -> i32"],
  ["i32.gt_u", 0x4b, "i32 i32 -> i32"],
  ["i32.le_s", 0x4c, "i32 i32 -> i32"],
  ["i32.le_u", 0x4d, "i32 i32 -> i32"],
  ["i32.ge_s", 0x4e, "i32 i32 -> i32"],
  ["i32.ge_u", 0x4f, "i32 i32 -> i32"],
  ["f64.eq", 0x61, "f64 f64 -> i32"],
  ["f64.ne", 0x62, "f64 f64 -> i32"],
  ["f64.lt", 0x63, "f64 f64 -> i32"],
  ["f64.gt", 0x64, "f64 f64 -> i32"],
  ["f64.le", 0x65, "f64 f64 -> i32"],
  ["f64.ge", 0x66, "f64 f64 -> i32"],
  ["i32.add", 0x6a, "i32 i32 -> i32"],
  ["i32.sub", 0x6b, "i32 i32 -> i32"],
  ["i32.mul", 0x6c, "i32 i32 -> i32"],
  ["i32.div_s", 0x6d, "i32 i32 -> i32"],
  ["i32.div_u", 0x6e, "i32 i32 -> i32"],
  ["i32.rem_s", 0x6f, "i32 i32 -> i32"],
  ["i32.rem_u", 0x70, "i32 i32 -> i32"],
  ["i32.and", 0x71, "i32 i32 -> i32"],
  ["i32.or", 0x72, "i32 i32 -> i32"],
  ["i32.xor", 0x73, "i32 i32 -> i32"],
  ["i32.shl", 0x74, "i32 i32 -> i32"],
  ["i32.shr_s", 0x75, "i32 i32 -> i32"],
  ["i32.shr_u", 0x76, "i32 i32 -> i32"],
  ["i64.add", 0x7c, "i64 i64 -> i64"],
  ["i64.sub", 0x7d, "i64 i64 -> i64"],
  ["i64.mul", 0x7e, "i64 i64 -> i64"],
  ["i64.and", 0x83, "i64 i64 -> i64"],
  ["i64.or", 0x84, "i64 i64 -> i64"],
  ["i64.shl", 0x86, "i64 i64 -> i64"],
  ["i64.shr_u", 0x88, "i64 i64 -> i64"],
  ["f32.abs", 0x8b, "f32 -> f32"],
  ["f32.neg", 0x8c, "f32 -> f32"],
  ["f32.sqrt", 0x91, "f32 -> f32"],
  ["f32.add", 0x92, "f32 f32 -> f32"],
  ["f32.sub", 0x93, "f32 f32 -> f32"],
  ["f32.mul", 0x94, "f32 f32 -> f32"],
  ["f32.div", 0x95, "f32 f32 -> f32"],
  ["f64.abs", 0x99, "f64 -> f64"],
  ["f64.neg", 0x9a, "f64 -> f64"],
  ["f64.ceil", 0x9b, "f64 -> f64"],
  ["f64.floor", 0x9c, "f64 -> f64"],
  ["f64.trunc", 0x9d, "f64 -> f64"],
  ["f64.nearest", 0x9e, "f64 -> f64"],
  ["f64.sqrt", 0x9f, "f64 -> f64"],
  ["f64.add", 0xa0, "f64 f64 -> f64"],
  ["f64.sub", 0xa1, "f64 f64 -> f64"],
  ["f64.mul", 0xa2, "f64 f64 -> f64"],
  ["f64.div", 0xa3, "f64 f64 -> f64"],
  ["f64.min", 0xa4, "f64 f64 -> f64"],
  ["f64.max", 0xa5, "f64 f64 -> f64"],
  ["i32.wrap_i64", 0xa7, "i64 -> i32"],
  ["i64.extend_i32_s", 0xac, "i32 -> i64"],
  ["i64.extend_i32_u", 0xad, "i32 -> i64"],
  ["f32.convert_i32_s", 0xb2, "i32 -> f32"],
  ["f32.demote_f64", 0xb6, "f64 -> f32"],
  ["f64.convert_i32_s", 0xb7, "i32 -> f64"],
  ["f64.convert_i32_u", 0xb8, "i32 -> f64"],
  ["f64.promote_f32", 0xbb, "f32 -> f64"],
  ["i32.reinterpret_f32", 0xbc, "f32 -> i32"],
  ["i64.reinterpret_f64", 0xbd, "f64 -> i64"],
  ["f32.reinterpret_i32", 0xbe, "i32 -> f32"],
  ["f64.reinterpret_i64", 0xbf, "i64 -> f64"],
];

/** Saturating truncations (prefix 0xfc). */
const MISC: readonly Row[] = [
  ["i32.trunc_sat_f32_s", 0, "f32 -> i32"],
  ["i32.trunc_sat_f32_u", 1, "f32 -> i32"],
  ["i32.trunc_sat_f64_s", 2, "f64 -> i32"],
  ["i32.trunc_sat_f64_u", 3, "f64 -> i32"],
];

/** Fixed-width SIMD (prefix 0xfd). */
const SIMD: readonly Row[] = [
  ["v128.load", 0, `i32 -> ${v}`, "memarg"],
  ["v128.load32_splat", 9, `i32 -> ${v}`, "memarg"],
  ["v128.load64_splat", 10, `i32 -> ${v}`, "memarg"],
  ["v128.store", 11, `i32 ${v} -> `, "memarg"],
  ["v128.const", 12, ` -> ${v}`, "v128"],
  ["i8x16.shuffle", 13, binaryV, "shuffle"],
  ["i8x16.swizzle", 14, binaryV],
  ["i32x4.splat", 17, `i32 -> ${v}`],
  ["i64x2.splat", 18, `i64 -> ${v}`],
  ["f32x4.splat", 19, `f32 -> ${v}`],
  ["f64x2.splat", 20, `f64 -> ${v}`],
  ["i32x4.extract_lane", 27, `${v} -> i32`, "lane"],
  ["i32x4.replace_lane", 28, `${v} i32 -> ${v}`, "lane"],
  ["i64x2.extract_lane", 29, `${v} -> i64`, "lane"],
  ["f32x4.extract_lane", 31, `${v} -> f32`, "lane"],
  ["f32x4.replace_lane", 32, `${v} f32 -> ${v}`, "lane"],
  ["f64x2.extract_lane", 33, `${v} -> f64`, "lane"],
  ["f64x2.replace_lane", 34, `${v} f64 -> ${v}`, "lane"],
  ["i32x4.eq", 55, binaryV],
  ["i32x4.ne", 56, binaryV],
  ["i32x4.lt_s", 57, binaryV],
  ["i32x4.lt_u", 58, binaryV],
  ["i32x4.gt_s", 59, binaryV],
  ["i32x4.gt_u", 60, binaryV],
  ["i32x4.le_s", 61, binaryV],
  ["i32x4.le_u", 62, binaryV],
  ["i32x4.ge_s", 63, binaryV],
  ["i32x4.ge_u", 64, binaryV],
  ["f32x4.eq", 65, binaryV],
  ["f32x4.ne", 66, binaryV],
  ["f32x4.lt", 67, binaryV],
  ["f32x4.gt", 68, binaryV],
  ["f32x4.le", 69, binaryV],
  ["f32x4.ge", 70, binaryV],
  ["f64x2.eq", 71, binaryV],
  ["f64x2.ne", 72, binaryV],
  ["f64x2.lt", 73, binaryV],
  ["f64x2.gt", 74, binaryV],
  ["f64x2.le", 75, binaryV],
  ["f64x2.ge", 76, binaryV],
  ["v128.not", 77, unaryV],
  ["v128.and", 78, binaryV],
  ["v128.andnot", 79, binaryV],
  ["v128.or", 80, binaryV],
  ["v128.xor", 81, binaryV],
  ["v128.bitselect", 82, `${v} ${v} ${v} -> ${v}`],
  ["v128.any_true", 83, `${v} -> i32`],
  ["v128.store32_lane", 90, `i32 ${v} -> `, "memarg-lane"],
  ["v128.store64_lane", 91, `i32 ${v} -> `, "memarg-lane"],
  ["v128.load32_zero", 92, `i32 -> ${v}`, "memarg"],
  ["v128.load64_zero", 93, `i32 -> ${v}`, "memarg"],
  ["f32x4.demote_f64x2_zero", 94, unaryV],
  ["f64x2.promote_low_f32x4", 95, unaryV],
  ["i8x16.narrow_i16x8_u", 102, binaryV],
  ["f32x4.ceil", 103, unaryV],
  ["f32x4.floor", 104, unaryV],
  ["f32x4.trunc", 105, unaryV],
  ["f32x4.nearest", 106, unaryV],
  ["f64x2.ceil", 116, unaryV],
  ["f64x2.floor", 117, unaryV],
  ["f64x2.trunc", 122, unaryV],
  ["i16x8.narrow_i32x4_u", 134, binaryV],
  ["i16x8.extend_low_i8x16_u", 137, unaryV],
  ["f64x2.nearest", 148, unaryV],
  ["i32x4.abs", 160, unaryV],
  ["i32x4.neg", 161, unaryV],
  ["i32x4.all_true", 163, `${v} -> i32`],
  ["i32x4.bitmask", 164, `${v} -> i32`],
  ["i32x4.extend_low_i16x8_u", 169, unaryV],
  ["i32x4.shl", 171, shiftV],
  ["i32x4.shr_s", 172, shiftV],
  ["i32x4.shr_u", 173, shiftV],
  ["i32x4.add", 174, binaryV],
  ["i32x4.sub", 177, binaryV],
  ["i32x4.mul", 181, binaryV],
  ["i32x4.min_s", 182, binaryV],
  ["i32x4.min_u", 183, binaryV],
  ["i32x4.max_s", 184, binaryV],
  ["i32x4.max_u", 185, binaryV],
  ["i64x2.neg", 193, unaryV],
  ["i64x2.extend_low_i32x4_s", 199, unaryV],
  ["i64x2.extend_high_i32x4_s", 200, unaryV],
  ["i64x2.extend_low_i32x4_u", 201, unaryV],
  ["i64x2.extend_high_i32x4_u", 202, unaryV],
  ["i64x2.shl", 203, shiftV],
  ["i64x2.shr_s", 204, shiftV],
  ["i64x2.shr_u", 205, shiftV],
  ["i64x2.add", 206, binaryV],
  ["i64x2.sub", 209, binaryV],
  ["i64x2.eq", 214, binaryV],
  ["i64x2.ne", 215, binaryV],
  ["f32x4.abs", 224, unaryV],
  ["f32x4.neg", 225, unaryV],
  ["f32x4.sqrt", 227, unaryV],
  ["f32x4.add", 228, binaryV],
  ["f32x4.sub", 229, binaryV],
  ["f32x4.mul", 230, binaryV],
  ["f32x4.div", 231, binaryV],
  ["f32x4.min", 232, binaryV],
  ["f32x4.max", 233, binaryV],
  ["f32x4.pmin", 234, binaryV],
  ["f32x4.pmax", 235, binaryV],
  ["f64x2.abs", 236, unaryV],
  ["f64x2.neg", 237, unaryV],
  ["f64x2.sqrt", 239, unaryV],
  ["f64x2.add", 240, binaryV],
  ["f64x2.sub", 241, binaryV],
  ["f64x2.mul", 242, binaryV],
  ["f64x2.div", 243, binaryV],
  ["f64x2.min", 244, binaryV],
  ["f64x2.max", 245, binaryV],
  ["f64x2.pmin", 246, binaryV],
  ["f64x2.pmax", 247, binaryV],
  ["i32x4.trunc_sat_f32x4_s", 248, unaryV],
  ["i32x4.trunc_sat_f32x4_u", 249, unaryV],
  ["f32x4.convert_i32x4_s", 250, unaryV],
  ["f32x4.convert_i32x4_u", 251, unaryV],
  ["i32x4.trunc_sat_f64x2_s_zero", 252, unaryV],
  ["i32x4.trunc_sat_f64x2_u_zero", 253, unaryV],
  ["f64x2.convert_low_i32x4_s", 254, unaryV],
  ["f64x2.convert_low_i32x4_u", 255, unaryV],
];

const ALL: readonly Instruction[] = [...table(0, CORE), ...table(0xfc, MISC), ...table(0xfd, SIMD)];

/** Every instruction by its text-format name. */
export const INSTRUCTIONS: Readonly<Record<string, Instruction>> = Object.freeze(Object.fromEntries(ALL.map((i) => [i.name, i])));

/** The instruction with this encoding (prefix 0 for one-byte opcodes), for decoding. */
export function instructionAt(prefix: number, code: number): Instruction | undefined {
  return BY_CODE.get(prefix * 0x10000 + code);
}

const BY_CODE = new Map(ALL.map((i) => [i.prefix * 0x10000 + i.code, i]));

