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
import { isFloatLane, jsRule, lanesRule, type ElementRule, type FloatLane, type Lanes, type LanesElementRule, type StorageLane } from "./lanes/lanes.ts";
import { expLanes, expm1Lanes } from "./lanes/math/exp.ts";
import { log1pLanes, logLanes } from "./lanes/math/log.ts";
import { logisticLanes, tanhLanes } from "./lanes/math/logistic.ts";
import { cosLanes, sinLanes } from "./lanes/math/trig.ts";
import { atanLanes } from "./lanes/math/atan.ts";
import { erfcLanes, erfLanes } from "./lanes/math/erf.ts";

/** The functions generated loops may call by name (JavaScript-only rules, and the JavaScript lanes' helpers). */
export const SCALAR_FUNCTIONS = {
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

/** A unary op that keeps integer lanes (neg, abs, ...): integers as int32 (bool too), floats as themselves. */
function numericUnary(kernel: <V>(b: Lanes<V>, x: V) => V): LanesElementRule {
  return lanesRule((b, [x], out) => {
    const type = b.type(x) as StorageLane;
    const working: StorageLane = isFloatLane(type) ? floatWorking(b, [x], out) : type === "bool" ? "i32" : type;
    return b.convert(kernel(b, b.convert(x, working)), out);
  });
}

/** A binary arithmetic op: wrapping int32 for integer operands with an int32 result, else float (see above). */
function arithmetic(kernel: <V>(b: Lanes<V>, x: V, y: V) => V, integers: boolean): LanesElementRule {
  return lanesRule((b, [x, y], out) => {
    const types = [b.type(x), b.type(y)] as StorageLane[];
    const working: StorageLane =
      integers && out === "i32" && types.every((t) => INTEGER_LANES.includes(t)) ? "i32" : floatWorking(b, [x, y], out);
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

/** Unary ops. */
export const UNARY_MATH = {
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
  add: arithmetic((b, x, y) => b.add(x, y), true),
  sub: arithmetic((b, x, y) => b.sub(x, y), true),
  // int32 multiplication wraps (Math.imul, i32x4.mul), where a double product could lose bits
  mul: arithmetic((b, x, y) => b.mul(x, y), true),
  // integers divide as doubles (then truncate when stored)
  div: arithmetic((b, x, y) => b.div(x, y), false),
  pow: jsRule("V8's Math.pow, which integer_pow must equal exactly (a traced integer exponent uses pow)", ([a, b]) => `Math.pow(${a}, ${b})`),
  max: arithmetic((b, x, y) => b.max(x, y), true),
  min: arithmetic((b, x, y) => b.min(x, y), true),
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

/** Whether a binary op on these dtypes uses wrapping int32 arithmetic (integer operands, int32 result). */
export function isInt32Arithmetic(a: DType, b: DType, out: DType): boolean {
  const integer = (d: DType) => d === "int32" || d === "bool";
  return out === "int32" && integer(a) && integer(b);
}
