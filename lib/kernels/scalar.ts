/**
 * The math of every elementwise op, written once as a rule that both loop
 * emitters read (`lanes/`): the JavaScript loops (eager kernels, and fused
 * loops where WebAssembly is missing or not worth it) and the WebAssembly
 * SIMD loops compute every element with the same operations in the same
 * order, so they give the same bits. A rule either has `lanes` (written with
 * the operations of `lanes/lanes.ts`) or is JavaScript only (`js`, an
 * expression of the operands, with `why` WebAssembly does not run it; loops
 * containing one run as JavaScript).
 *
 * Operands arrive in their storage lanes; each rule converts them to its
 * working type: float ops work in float32 when every operand and the result
 * are float32, else in float64; integer arithmetic wraps in int32 when the
 * operands are integers and the result is int32 (numpy's int32). The result
 * is converted to the output dtype as a typed array of it stores it.
 *
 * @example
 * UNARY_MATH.exp;          // { lanes: (b, [x], out) => ... }  (lanes/math/exp.ts)
 * BINARY_MATH.pow;         // { js: ([a, b]) => `Math.pow(${a}, ${b})`, why: "..." }
 */
import type { DType } from "../array/dtype.ts";
import { erf, erfc, logistic, roundHalfAway, roundHalfEven } from "./special.ts";
import { exponent32, exponent64, mantissa32, mantissa64, pow2 } from "./lanes/bits.ts";
import { isFloatLane, jsRule, lanesRule, type ElementRule, type FloatLane, type JsElementRule, type Lanes, type LanesElementRule, type StorageLane } from "./lanes/lanes.ts";
import { expLanes, expm1Lanes } from "./lanes/math/exp.ts";
import { log1pLanes, logLanes } from "./lanes/math/log.ts";
import { logisticLanes, tanhLanes } from "./lanes/math/logistic.ts";
import { cosLanes, sinLanes } from "./lanes/math/trig.ts";
import { atanLanes } from "./lanes/math/atan.ts";
import { erfcLanes, erfLanes } from "./lanes/math/erf.ts";
import { ipow, shiftLeft, shiftRightArithmetic, shiftRightLogical } from "./integer.ts";
import { erfinv32 } from "./erfinv.ts";
import { gammaGrad } from "./randomGamma.ts";
import { TRANSCENDENTAL_BINARY_MATH, TRANSCENDENTAL_FUNCTIONS, TRANSCENDENTAL_UNARY_MATH } from "./scalarMath.ts";

/** The functions generated loops may call by name (JavaScript-only rules, and the JavaScript lanes' helpers). */
export const SCALAR_FUNCTIONS = {
  ...TRANSCENDENTAL_FUNCTIONS,
  // integer.ts, erfinv.ts (float32 erf_inv), randomGamma.ts
  ipow,
  shiftLeft,
  shiftRightLogical,
  shiftRightArithmetic,
  erfinv32,
  gammaGrad,
  logistic,
  erf,
  erfc,
  roundHalfEven,
  roundHalfAway,
  exponent64,
  mantissa64,
  exponent32,
  mantissa32,
  pow2,
} as const;

export type { ElementRule };

/** A JavaScript-only element expression of one operand (the tables of `scalarMath.ts`). */
export type UnaryMath = (x: string) => string;

/** A JavaScript-only element expression of two operands; `int32` when both operands and the result are 32-bit integers (wrapping arithmetic). */
export type BinaryMath = (a: string, b: string, int32: boolean) => string;

/** JavaScript-only rules from a table of expressions, all for one reason. */
function jsRules<T extends Record<string, UnaryMath | BinaryMath>>(why: string, table: T): { readonly [K in keyof T]: JsElementRule } {
  const out = {} as { [K in keyof T]: JsElementRule };
  for (const name of Object.keys(table) as (keyof T)[]) {
    const f = table[name] as BinaryMath;
    out[name] = jsRule(why, (operands, int32) => f(operands[0], operands[1], int32));
  }
  return out;
}

// working types

const INTEGER_LANES: readonly StorageLane[] = ["i32", "u32", "bool"];

/** The float type a float op works in: float32 when every operand and the result are float32. */
function floatWorking<V>(b: Lanes<V>, operands: readonly V[], out: StorageLane): FloatLane {
  return out === "f32" && operands.every((v) => b.type(v) === "f32") ? "f32" : "f64";
}

/** A unary float function (exp, sin, ...) on any operand, stored as `out` (one shared subroutine per precision). */
function floatUnary(name: string, kernel: <V>(b: Lanes<V>, x: V) => V): LanesElementRule {
  return lanesRule((b, [x], out) => {
    const working = floatWorking(b, [x], out);
    return b.convert(b.subroutine(name, [b.convert(x, working)], (sb, [v]) => kernel(sb, v)), out);
  });
}

/** A float function whose kernel is float64 only: float32 computes in float64 and rounds once. */
function float64Unary(name: string, kernel: <V>(b: Lanes<V>, x: V) => V): LanesElementRule {
  return lanesRule((b, [x], out) => b.convert(b.subroutine(name, [b.convert(x, "f64")], (sb, [v]) => kernel(sb, v)), out));
}

/**
 * A unary op that keeps integer lanes (neg, abs, ...): integers in their own
 * lanes (bool as int32) when the result is an integer too (the lanes wrap as
 * the store of the exact result would), else in a float type.
 */
function numericUnary(kernel: <V>(b: Lanes<V>, x: V) => V): LanesElementRule {
  return lanesRule((b, [x], out) => {
    const type = b.type(x) as StorageLane;
    const integer = INTEGER_LANES.includes(type) && (out === "i32" || out === "u32");
    const working: StorageLane = integer ? (type === "bool" ? "i32" : type) : floatWorking(b, [x], out);
    return b.convert(kernel(b, b.convert(x, working)), out);
  });
}

/**
 * A binary arithmetic op: with integer operands and an integer result, in
 * 32-bit integer lanes (wrapping as the store of the exact result would):
 * any of them for a ring operation (+, −, ×, whose low 32 bits do not depend
 * on signedness), the operands' own for an ordered one (max, min; mixed
 * int32 and uint32 work in float64); otherwise in a float type (see above).
 */
function arithmetic(kernel: <V>(b: Lanes<V>, x: V, y: V) => V, integers: "ring" | "ordered" | null): LanesElementRule {
  return lanesRule((b, [x, y], out) => {
    const types = [b.type(x), b.type(y)] as StorageLane[];
    let working: StorageLane = floatWorking(b, [x, y], out);
    if (integers !== null && (out === "i32" || out === "u32") && types.every((t) => INTEGER_LANES.includes(t))) {
      const signed = types.filter((t) => t !== "bool");
      if (integers === "ring") working = out;
      else if (signed.length === 0) working = "i32";
      else if (signed.every((t) => t === signed[0])) working = signed[0];
      else working = "f64";
    }
    return b.convert(kernel(b, b.convert(x, working), b.convert(y, working)), out);
  });
}

/** A comparison: in the operands' type when they share one, else in float64 (exact for every dtype). */
function comparison(kernel: <V>(b: Lanes<V>, x: V, y: V) => V): LanesElementRule {
  return lanesRule((b, [x, y], out) => {
    const same = b.type(x) === b.type(y);
    const working: StorageLane = same ? (b.type(x) as StorageLane) : "f64";
    return b.convert(b.convert(kernel(b, b.convert(x, working), b.convert(y, working)), "bool"), out);
  });
}

/** A constant in the lanes of `x`. */
function like<V>(b: Lanes<V>, x: V, value: number): V {
  return b.constant(value, b.type(x) as StorageLane);
}

/** x rounded to the nearest integer, ties away from zero: t = trunc(x), then t ± 1 where |x − t| ≥ 1/2. */
function roundHalfAwayLanes<V>(b: Lanes<V>, x: V): V {
  const t = b.trunc(x);
  const step = b.select(b.lt(x, like(b, x, 0)), like(b, x, -1), like(b, x, 1));
  return b.select(b.ge(b.abs(b.sub(x, t)), like(b, x, 0.5)), b.add(t, step), t);
}

// tables

/** Why the functions of issue 9 (scalarMath.ts) run only as JavaScript for now. */
const V8_MATH = "V8's Math functions and the gamma family in JavaScript: no lanes kernel yet";

/** Unary ops. */
export const UNARY_MATH = {
  ...jsRules(V8_MATH, TRANSCENDENTAL_UNARY_MATH),
  // bitwise (primitives/bitwise.ts), and erf_inv of float32 operands: XLA's ErfInv32, as JAX's float32 erf_inv
  ...jsRules("bitwise operations on 32-bit patterns, and XLA's ErfInv32: not yet in the lanes language", {
    bitNot: (x: string) => `(~${x})`,
    logicalNot: (x: string) => `(${x} ^ 1)`,
    erfInv32: (x: string) => `erfinv32(${x})`,
  }),
  neg: numericUnary((b, x) => b.neg(x)),
  exp: floatUnary("exp", expLanes),
  log: floatUnary("log", logLanes),
  log1p: floatUnary("log1p", log1pLanes),
  expm1: floatUnary("expm1", expm1Lanes),
  sin: float64Unary("sin", sinLanes),
  cos: float64Unary("cos", cosLanes),
  tanh: floatUnary("tanh", tanhLanes),
  atan: float64Unary("atan", atanLanes),
  sqrt: lanesRule((b, [x], out) => b.convert(b.sqrt(b.convert(x, floatWorking(b, [x], out))), out)),
  abs: numericUnary((b, x) => b.abs(x)),
  // NaN and ±0 stay themselves
  sign: numericUnary((b, x) => {
    const zero = like(b, x, 0);
    return b.select(b.gt(x, zero), like(b, x, 1), b.select(b.lt(x, zero), like(b, x, -1), x));
  }),
  logistic: floatUnary("logistic", logisticLanes),
  // x − x is 0 exactly for finite x, NaN for ±∞ and NaN (integers: always 0)
  isfinite: lanesRule((b, [x], out) => {
    const type = b.type(x) as StorageLane;
    const v = type === "bool" ? b.convert(x, "i32") : x;
    return b.convert(b.convert(b.eq(b.sub(v, v), like(b, v, 0)), "bool"), out);
  }),
  erf: float64Unary("erf", erfLanes),
  erfc: float64Unary("erfc", erfcLanes),
  floor: numericUnary((b, x) => b.floor(x)),
  ceil: numericUnary((b, x) => b.ceil(x)),
  roundHalfEven: numericUnary((b, x) => b.nearest(x)),
  roundHalfAway: numericUnary((b, x) => (isFloatLane(b.type(x)) ? roundHalfAwayLanes(b, x) : x)),
} as const satisfies Record<string, ElementRule>;

/** Elementwise unary operations. */
export type UnaryOp = keyof typeof UNARY_MATH;

/** Binary ops (numpy broadcasting is the kernel's business). */
export const BINARY_MATH = {
  ...jsRules(V8_MATH, TRANSCENDENTAL_BINARY_MATH),
  // bitwise and random (primitives/bitwise.ts, primitives/random.ts): 32-bit patterns, bool as 0/1
  ...jsRules("bitwise operations on 32-bit patterns and the gamma sampler's gradient: not yet in the lanes language", {
    and: (a: string, b: string) => `(${a} & ${b})`,
    or: (a: string, b: string) => `(${a} | ${b})`,
    xor: (a: string, b: string) => `(${a} ^ ${b})`,
    shift_left: (a: string, b: string) => `shiftLeft(${a}, ${b})`,
    shift_right_logical: (a: string, b: string) => `shiftRightLogical(${a}, ${b})`,
    shift_right_arithmetic: (a: string, b: string) => `shiftRightArithmetic(${a}, ${b})`,
    randomGammaGrad: (a: string, b: string) => `gammaGrad(${a}, ${b})`,
  }),
  add: arithmetic((b, x, y) => b.add(x, y), "ring"),
  sub: arithmetic((b, x, y) => b.sub(x, y), "ring"),
  // int32 multiplication wraps (Math.imul, i32x4.mul), where a double product could lose bits
  mul: arithmetic((b, x, y) => b.mul(x, y), "ring"),
  // integers divide as doubles (then truncate when stored)
  div: arithmetic((b, x, y) => b.div(x, y), null),
  // integers: the exact power modulo 2^32 (Math.pow rounds past 2^53)
  pow: jsRule("V8's Math.pow, which integer_pow must equal exactly (a traced integer exponent uses pow)", ([a, b], int32) =>
    int32 ? `ipow(${a}, ${b})` : `Math.pow(${a}, ${b})`,
  ),
  max: arithmetic((b, x, y) => b.max(x, y), "ordered"),
  min: arithmetic((b, x, y) => b.min(x, y), "ordered"),
  eq: comparison((b, x, y) => b.eq(x, y)),
  ne: comparison((b, x, y) => b.ne(x, y)),
  lt: comparison((b, x, y) => b.lt(x, y)),
  le: comparison((b, x, y) => b.le(x, y)),
  gt: comparison((b, x, y) => b.gt(x, y)),
  ge: comparison((b, x, y) => b.ge(x, y)),
} as const satisfies Record<string, ElementRule>;

/** Elementwise binary operations. */
export type BinaryOp = keyof typeof BINARY_MATH;

/** `pred ? onTrue : onFalse`, with any nonzero (or NaN) predicate true; onTrue and onFalse share the result's dtype. */
export const SELECT_MATH: LanesElementRule = lanesRule((b, [pred, onTrue, onFalse], out) => {
  const p = pred;
  const mask = b.ne(p, b.constant(0, b.type(p) as StorageLane));
  return b.select(mask, b.convert(onTrue, out), b.convert(onFalse, out));
});

/** `x` stored as the output dtype (astype). */
export const CONVERT_MATH: LanesElementRule = lanesRule((b, [x], out) => b.convert(x, out));

/** The value a typed array of `dtype` stores for the double `expression` (bool: 0/1, nonzero and NaN are 1). */
export function toStorage(expression: string, dtype: DType): string {
  switch (dtype as string) {
    case "float64":
      return expression;
    case "float32":
      return `Math.fround(${expression})`;
    case "int32":
      return `((${expression}) | 0)`;
    case "uint32":
      return `((${expression}) >>> 0)`;
    default:
      return `((${expression}) !== 0 ? 1 : 0)`;
  }
}

/**
 * Whether a binary op on these dtypes uses wrapping 32-bit integer arithmetic
 * (integer operands, an int32 or uint32 result): `Math.imul` keeps the low
 * 32 bits of a product exactly, and the store (`| 0` or `>>> 0`) wraps.
 */
export function isInt32Arithmetic(a: DType, b: DType, out: DType): boolean {
  const integer = (d: DType) => d === "int32" || d === "uint32" || d === "bool";
  return (out === "int32" || out === "uint32") && integer(a) && integer(b);
}
