/**
 * The WebAssembly SIMD emitter of the lanes language: four elements per
 * value. A float64 value (or a 64-bit mask) is two f64x2 registers, every
 * other type one v128 (f32x4, i32x4; bool as i32x4 lanes of 0/1), each a
 * v128 local, so every operation is a few instructions between locals.
 * Operations mean what they mean in `jsLanes.ts`: IEEE arithmetic per lane,
 * `convert` wraps float→int32 modulo 2³² as JavaScript's ToInt32 does
 * (trunc_sat alone would saturate), float bits for `exponent`/`mantissa`/
 * `pow2` through integer lanes.
 *
 * @example
 * const b = new WasmLanes(fn);
 * const y = b.add(b.mul(x, x), b.constant(1, "f64")); // f64x2.mul, f64x2.add on both halves
 */
import type { FunctionBuilder } from "../../wasm/function.ts";
import type { EscapeName, LaneType, Lanes, StorageLane } from "./lanes.ts";
import { funcType } from "../../wasm/types.ts";
import { isFloatLane, isMaskLane } from "./lanes.ts";
import { storedAs } from "./jsLanes.ts";

/** A WebAssembly lane value: its type and the v128 locals holding it (two for 64-bit lanes). */
export interface WasmLane {
  readonly type: LaneType;
  readonly regs: readonly number[];
}

/** The number of v128 registers a value of `type` takes for a block of 4·unroll elements. */
export function registersOf(type: LaneType, unroll: number): number {
  return (type === "f64" || type === "mask64" ? 2 : 1) * unroll;
}

const SHAPE: Record<StorageLane, string> = { f64: "f64x2", f32: "f32x4", i32: "i32x4", u32: "i32x4", bool: "i32x4" };

/** Bytes picking the low 32 bits of each 64-bit lane of two vectors: [a0, a1, b0, b1]. */
const NARROW_64_TO_32 = [0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27];
/** Bytes of the first vector's lanes 0 and 1 followed by the second's: [a0, a1, b0, b1] of 32-bit lanes. */
const LOW_HALVES = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
/** 32-bit lanes 2 and 3 moved to 0 and 1. */
const HIGH_TO_LOW = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
/** 32-bit lanes 1 and 3 (the high words of two 64-bit lanes) moved to 0 and 1. */
const HIGH_WORDS = [4, 5, 6, 7, 12, 13, 14, 15, 4, 5, 6, 7, 12, 13, 14, 15];

const scratch = new DataView(new ArrayBuffer(16));

/** The 16 bytes of a vector with `value` in every lane of `type`. */
function splatBytes(value: number, type: StorageLane): number[] {
  for (let lane = 0; lane < (type === "f64" ? 2 : 4); lane++) {
    if (type === "f64") scratch.setFloat64(lane * 8, value, true);
    else if (type === "f32") scratch.setFloat32(lane * 4, value, true);
    else scratch.setUint32(lane * 4, value >>> 0, true);
  }
  return Array.from(new Uint8Array(scratch.buffer));
}

/** The 16 bytes of a vector of two 64-bit lanes given as [high word, low word] each. */
function splat64Bytes(high: number, low: number): number[] {
  for (let lane = 0; lane < 2; lane++) {
    scratch.setUint32(lane * 8, low >>> 0, true);
    scratch.setUint32(lane * 8 + 4, high >>> 0, true);
  }
  return Array.from(new Uint8Array(scratch.buffer));
}

/**
 * Emits SIMD code for a block of 4·unroll elements into a function (unroll 2:
 * eight elements, four f64x2 registers per float64 value, so that the
 * processor overlaps independent chains of operations).
 */
export class WasmLanes implements Lanes<WasmLane> {
  private readonly constants = new Map<string, number>();

  /**
   * `escapes`: the function index of each imported escape function (type
   * f64 → f64), or null when the module imports none.
   */
  constructor(
    readonly fn: FunctionBuilder,
    readonly unroll: number,
    private readonly escapes: Readonly<Record<EscapeName, number>> | null = null,
  ) {}

  /** Whether any float64 value (or 64-bit mask) was made: the loop then wants a smaller unroll. */
  wide = false;

  /** A new value of `type` in fresh locals. */
  fresh(type: LaneType): WasmLane {
    if (type === "f64" || type === "mask64") this.wide = true;
    const regs: number[] = [];
    for (let r = 0; r < registersOf(type, this.unroll); r++) regs.push(this.fn.local("v128"));
    return { type, regs };
  }

  /** A value whose every register is the one local `reg` (a splat). */
  splatted(type: LaneType, reg: number): WasmLane {
    return { type, regs: new Array<number>(registersOf(type, this.unroll)).fill(reg) };
  }

  type(v: WasmLane): LaneType {
    return v.type;
  }

  constant(value: number, type: StorageLane): WasmLane {
    return this.splatted(type, this.bytesConstant(splatBytes(storedAs(value, type), type)));
  }

  add(a: WasmLane, b: WasmLane): WasmLane {
    return this.map2(this.arith("add", a, b), a, b, a.type);
  }

  sub(a: WasmLane, b: WasmLane): WasmLane {
    return this.map2(this.arith("sub", a, b), a, b, a.type);
  }

  mul(a: WasmLane, b: WasmLane): WasmLane {
    return this.map2(this.arith("mul", a, b), a, b, a.type);
  }

  div(a: WasmLane, b: WasmLane): WasmLane {
    const type = this.same("div", a, b);
    if (!isFloatLane(type)) throw new Error(`div: float lanes only, got ${type}`);
    return this.map2(`${SHAPE[type]}.div`, a, b, type);
  }

  neg(a: WasmLane): WasmLane {
    const type = this.numeric("neg", a);
    return this.map1(`${SHAPE[type]}.neg`, a, type);
  }

  abs(a: WasmLane): WasmLane {
    const type = this.numeric("abs", a);
    return type === "u32" || type === "bool" ? a : this.map1(`${SHAPE[type]}.abs`, a, type);
  }

  min(a: WasmLane, b: WasmLane): WasmLane {
    const type = this.same("min", a, b);
    return this.map2(isFloatLane(type) ? `${SHAPE[type]}.min` : type === "i32" ? "i32x4.min_s" : "i32x4.min_u", a, b, type);
  }

  max(a: WasmLane, b: WasmLane): WasmLane {
    const type = this.same("max", a, b);
    return this.map2(isFloatLane(type) ? `${SHAPE[type]}.max` : type === "i32" ? "i32x4.max_s" : "i32x4.max_u", a, b, type);
  }

  pmin(a: WasmLane, b: WasmLane): WasmLane {
    return this.pseudo("pmin", a, b);
  }

  pmax(a: WasmLane, b: WasmLane): WasmLane {
    return this.pseudo("pmax", a, b);
  }

  sqrt(a: WasmLane): WasmLane {
    const type = this.numeric("sqrt", a);
    if (!isFloatLane(type)) throw new Error(`sqrt: float lanes only, got ${type}`);
    return this.map1(`${SHAPE[type]}.sqrt`, a, type);
  }

  floor(a: WasmLane): WasmLane {
    return this.rounding("floor", a);
  }
  ceil(a: WasmLane): WasmLane {
    return this.rounding("ceil", a);
  }
  trunc(a: WasmLane): WasmLane {
    return this.rounding("trunc", a);
  }
  nearest(a: WasmLane): WasmLane {
    return this.rounding("nearest", a);
  }

  eq(a: WasmLane, b: WasmLane): WasmLane {
    return this.compare("eq", a, b);
  }
  ne(a: WasmLane, b: WasmLane): WasmLane {
    return this.compare("ne", a, b);
  }
  lt(a: WasmLane, b: WasmLane): WasmLane {
    return this.compare("lt", a, b);
  }
  le(a: WasmLane, b: WasmLane): WasmLane {
    return this.compare("le", a, b);
  }
  gt(a: WasmLane, b: WasmLane): WasmLane {
    return this.compare("gt", a, b);
  }
  ge(a: WasmLane, b: WasmLane): WasmLane {
    return this.compare("ge", a, b);
  }

  and(a: WasmLane, b: WasmLane): WasmLane {
    const width = a.type === "mask64" || b.type === "mask64" ? "mask64" : "mask32";
    return this.map2("v128.and", this.maskAs(a, width), this.maskAs(b, width), width);
  }

  or(a: WasmLane, b: WasmLane): WasmLane {
    const width = a.type === "mask64" || b.type === "mask64" ? "mask64" : "mask32";
    return this.map2("v128.or", this.maskAs(a, width), this.maskAs(b, width), width);
  }

  not(a: WasmLane): WasmLane {
    if (!isMaskLane(a.type)) throw new Error(`not: expects a mask, got ${a.type}`);
    return this.map1("v128.not", a, a.type);
  }

  select(mask: WasmLane, a: WasmLane, b: WasmLane): WasmLane {
    const type = this.same("select", a, b);
    if (!isMaskLane(mask.type)) throw new Error(`select: expects a mask, got ${mask.type}`);
    const m = this.maskAs(mask, type === "f64" ? "mask64" : "mask32");
    const out = this.fresh(type);
    out.regs.forEach((reg, r) => this.fn.get(a.regs[r]).get(b.regs[r]).get(m.regs[r]).op("v128.bitselect").set(reg));
    return out;
  }

  convert(x: WasmLane, to: StorageLane): WasmLane {
    const from = x.type;
    if (from === to) return x;
    if (isMaskLane(from)) {
      if (to !== "bool") throw new Error(`convert: a mask converts to bool only, not ${to}`);
      const m = this.maskAs(x, "mask32");
      return this.map2("v128.and", m, this.constant(1, "i32"), "bool");
    }
    if (to === "bool") return this.convert(this.ne(x, this.constant(0, from)), "bool");
    if (to === "f64") {
      if (from === "f32") return this.widen(x, "f64x2.promote_low_f32x4", to);
      return this.widen(x, from === "u32" ? "f64x2.convert_low_i32x4_u" : "f64x2.convert_low_i32x4_s", to);
    }
    if (to === "f32") {
      if (from === "f64") return this.narrow(x, "f32x4.demote_f64x2_zero", to);
      return this.map1(from === "u32" ? "f32x4.convert_i32x4_u" : "f32x4.convert_i32x4_s", x, to);
    }
    // to i32 or u32: integers keep their bits; floats truncate and wrap (ToInt32)
    if (from === "i32" || from === "u32" || from === "bool") return { type: to, regs: x.regs };
    const wide = from === "f32" ? this.convert(x, "f64") : x;
    const wrapped = this.wrapToInt32Range(wide);
    return this.narrow(wrapped, "i32x4.trunc_sat_f64x2_s_zero", to);
  }

  pow2(k: WasmLane): WasmLane {
    // for an integer k with a normal 2^k, k + (2^52 + 1023) holds k + 1023 in its low bits (f32: k + 2^23 + 127),
    // and shifting those into the exponent field gives 2^k (the shift drops the rest of the word)
    const type = this.numeric("pow2", k);
    if (!isFloatLane(type)) throw new Error(`pow2: float lanes only, got ${type}`);
    const biased = this.add(k, this.constant(type === "f64" ? 2 ** 52 + 1023 : 2 ** 23 + 127, type));
    const out = this.fresh(type);
    out.regs.forEach((reg, r) => this.fn.get(biased.regs[r]).i32(type === "f64" ? 52 : 23).op(type === "f64" ? "i64x2.shl" : "i32x4.shl").set(reg));
    return out;
  }

  exponent(x: WasmLane): WasmLane {
    const type = this.numeric("exponent", x);
    if (type === "f64") {
      const mask = this.constant(0x7ff, "i32").regs[0];
      const bias = this.constant(1023, "i32").regs[0];
      const out = this.fresh("f64");
      out.regs.forEach((reg, r) => {
        this.fn.get(x.regs[r]).i32(20).op("i32x4.shr_u").get(mask).op("v128.and").get(bias).op("i32x4.sub");
        this.fn.get(x.regs[r]).shuffle(HIGH_WORDS).op("f64x2.convert_low_i32x4_s").set(reg);
      });
      return out;
    }
    if (type !== "f32") throw new Error(`exponent: float lanes only, got ${type}`);
    const out = this.fresh("f32");
    const mask = this.constant(0xff, "i32").regs[0];
    const bias = this.constant(127, "i32").regs[0];
    out.regs.forEach((reg, r) => {
      this.fn.get(x.regs[r]).i32(23).op("i32x4.shr_u").get(mask).op("v128.and");
      this.fn.get(bias).op("i32x4.sub").op("f32x4.convert_i32x4_s").set(reg);
    });
    return out;
  }

  mantissa(x: WasmLane): WasmLane {
    const type = this.numeric("mantissa", x);
    if (!isFloatLane(type)) throw new Error(`mantissa: float lanes only, got ${type}`);
    const significand = this.bytesConstant(type === "f64" ? splat64Bytes(0x000fffff, 0xffffffff) : splatBytes(0x007fffff, "i32"));
    const one = this.bytesConstant(type === "f64" ? splat64Bytes(0x3ff00000, 0) : splatBytes(0x3f800000, "i32"));
    const out = this.fresh(type);
    out.regs.forEach((reg, r) => this.fn.get(x.regs[r]).get(significand).op("v128.and").get(one).op("v128.or").set(reg));
    return out;
  }

  subroutine(_name: string, operands: readonly WasmLane[], body: <W>(b: Lanes<W>, operands: readonly W[]) => W): WasmLane {
    return body(this, operands);
  }

  escape(mask: WasmLane, name: EscapeName, x: WasmLane, value: WasmLane): WasmLane {
    if (x.type !== "f64" || value.type !== "f64") throw new Error(`escape: float64 lanes only, got ${x.type}`);
    if (this.escapes === null) throw new Error("escape: this module imports no escape functions");
    const m = this.maskAs(mask, "mask64");
    const out = this.fresh("f64");
    out.regs.forEach((reg, r) => this.fn.get(value.regs[r]).set(reg));
    // any lane to escape? then each such lane calls the imported function
    const any = this.fn.local("v128");
    this.fn.get(m.regs[0]).set(any);
    for (let r = 1; r < m.regs.length; r++) this.fn.get(any).get(m.regs[r]).op("v128.or").set(any);
    this.fn.get(any).op("v128.any_true").if();
    const index = this.escapes[name];
    out.regs.forEach((reg, r) => {
      for (let lane = 0; lane < 2; lane++) {
        this.fn.get(m.regs[r]).lane("i32x4.extract_lane", 2 * lane).if();
        this.fn.get(reg).get(x.regs[r]).lane("f64x2.extract_lane", lane).call(index, funcType(["f64"], ["f64"]));
        this.fn.lane("f64x2.replace_lane", lane).set(reg).end();
      }
    });
    this.fn.end();
    return out;
  }

  // helpers

  /** A v128 constant in a local, emitted once per function where first used. */
  bytesConstant(bytes: readonly number[]): number {
    const key = bytes.join(",");
    let reg = this.constants.get(key);
    if (reg === undefined) {
      reg = this.fn.local("v128");
      this.fn.v128(bytes).set(reg);
      this.constants.set(key, reg);
    }
    return reg;
  }

  /** Forgets the constants (their locals are set in code that may not run before the next use, e.g. a new loop). */
  resetConstants(): void {
    this.constants.clear();
  }

  private map1(instruction: string, a: WasmLane, type: LaneType): WasmLane {
    const out = this.fresh(type);
    out.regs.forEach((reg, r) => this.fn.get(a.regs[r]).op(instruction).set(reg));
    return out;
  }

  private map2(instruction: string, a: WasmLane, b: WasmLane, type: LaneType): WasmLane {
    const out = this.fresh(type);
    out.regs.forEach((reg, r) => this.fn.get(a.regs[r]).get(b.regs[r]).op(instruction).set(reg));
    return out;
  }

  /** Each 32-bit-lane register to two 64-bit-lane registers: `instruction` on lanes 0–1, then on lanes 2–3. */
  private widen(x: WasmLane, instruction: string, to: LaneType): WasmLane {
    const out = this.fresh(to);
    x.regs.forEach((reg, r) => {
      this.fn.get(reg).op(instruction).set(out.regs[2 * r]);
      this.fn.get(reg).get(reg).shuffle(HIGH_TO_LOW).op(instruction).set(out.regs[2 * r + 1]);
    });
    return out;
  }

  /** Each two 64-bit-lane registers to one 32-bit-lane register: `instruction` (which fills lanes 0–1 and zeroes 2–3) on each, joined. */
  private narrow(x: WasmLane, instruction: string, to: LaneType): WasmLane {
    const out = this.fresh(to);
    out.regs.forEach((reg, r) => this.fn.get(x.regs[2 * r]).op(instruction).get(x.regs[2 * r + 1]).op(instruction).shuffle(LOW_HALVES).set(reg));
    return out;
  }

  /** t = trunc(x) moved by a multiple of 2³² into [−2³¹, 2³¹) (NaN for NaN and ±∞), so trunc_sat gives ToInt32's value. */
  private wrapToInt32Range(x: WasmLane): WasmLane {
    const t = this.trunc(x);
    const two32 = this.constant(2 ** 32, "f64");
    const q = this.floor(this.mul(t, this.constant(2 ** -32, "f64")));
    const r = this.sub(t, this.mul(q, two32));
    const high = this.ge(r, this.constant(2 ** 31, "f64"));
    return this.sub(r, this.map2("v128.and", high, two32, "f64"));
  }

  private pseudo(op: string, a: WasmLane, b: WasmLane): WasmLane {
    const type = this.same(op, a, b);
    if (!isFloatLane(type)) throw new Error(`${op}: float lanes only, got ${type}`);
    return this.map2(`${SHAPE[type]}.${op}`, a, b, type);
  }

  private rounding(op: string, a: WasmLane): WasmLane {
    const type = this.numeric(op, a);
    return isFloatLane(type) ? this.map1(`${SHAPE[type]}.${op}`, a, type) : a;
  }

  private compare(op: string, a: WasmLane, b: WasmLane): WasmLane {
    const type = this.same(op, a, b);
    if (isFloatLane(type)) return this.map2(`${SHAPE[type]}.${op}`, a, b, type === "f64" ? "mask64" : "mask32");
    const signed = type === "i32";
    const name = op === "eq" || op === "ne" ? `i32x4.${op}` : `i32x4.${op}_${signed ? "s" : "u"}`;
    return this.map2(name, a, b, "mask32");
  }

  private maskAs(m: WasmLane, width: "mask64" | "mask32"): WasmLane {
    if (!isMaskLane(m.type)) throw new Error(`expects a mask, got ${m.type}`);
    if (m.type === width) return m;
    if (width === "mask32") {
      const out = this.fresh("mask32");
      out.regs.forEach((reg, r) => this.fn.get(m.regs[2 * r]).get(m.regs[2 * r + 1]).shuffle(NARROW_64_TO_32).set(reg));
      return out;
    }
    const out = this.fresh("mask64");
    m.regs.forEach((reg, r) => {
      this.fn.get(reg).op("i64x2.extend_low_i32x4_s").set(out.regs[2 * r]);
      this.fn.get(reg).op("i64x2.extend_high_i32x4_s").set(out.regs[2 * r + 1]);
    });
    return out;
  }

  private arith(op: string, a: WasmLane, b: WasmLane): string {
    const type = this.same(op, a, b);
    if (type === "bool" || isMaskLane(type)) throw new Error(`${op}: ${type} lanes have no arithmetic (convert to i32 first)`);
    return `${SHAPE[type]}.${op}`;
  }

  private same(op: string, a: WasmLane, b: WasmLane): LaneType {
    if (a.type !== b.type) throw new Error(`${op}: operands of different lane types ${a.type} and ${b.type}`);
    return a.type;
  }

  private numeric(op: string, a: WasmLane): StorageLane {
    if (isMaskLane(a.type)) throw new Error(`${op}: a mask is not a number`);
    return a.type;
  }
}
