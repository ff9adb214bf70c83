/**
 * The scalar math of every elementwise op, written once, as a table of small
 * functions from operand expressions to the result's JavaScript expression
 * (`add: (a, b) => \`(${a} + ${b})\``). The eager kernels
 * (`elementwise.ts`) and the fused loops of `lib/compile/` are both
 * generated from these, so they compute every element the same way.
 * Operands are identifiers or literals and may be read more than once;
 * results are doubles that `toStorage` rounds as a typed array of the output
 * dtype stores them. Longer math (`logistic`, `erf`, ...) are the functions
 * of `special.ts`, in scope in every generated loop as `SCALAR_FUNCTIONS`.
 *
 * @example
 * UNARY_MATH.exp("v");                 // "Math.exp(v)"
 * toStorage(BINARY_MATH.lt("a", "b", false), "bool");
 */
import type { DType } from "../array/dtype.ts";
import { erf, erfc, logistic, roundHalfAway, roundHalfEven } from "./special.ts";
import { ipow, shiftLeft, shiftRightArithmetic, shiftRightLogical } from "./integer.ts";
import { erfinv32 } from "./erfinv.ts";
import { gammaGrad } from "./randomGamma.ts";
import { TRANSCENDENTAL_BINARY_MATH, TRANSCENDENTAL_FUNCTIONS, TRANSCENDENTAL_UNARY_MATH } from "./scalarMath.ts";

/** The functions generated loops may call by name. */
export const SCALAR_FUNCTIONS = {
  ...TRANSCENDENTAL_FUNCTIONS, logistic, erf, erfc, roundHalfEven, roundHalfAway,
  // integer.ts, erfinv.ts (float32 erf_inv), randomGamma.ts
  ipow, shiftLeft, shiftRightLogical, shiftRightArithmetic, erfinv32, gammaGrad,
} as const;

/** The result of an elementwise unary op from its operand's expression. */
export type UnaryMath = (x: string) => string;

/** The result of an elementwise binary op; `int32` when both operands and the result are 32-bit integers (wrapping arithmetic). */
export type BinaryMath = (a: string, b: string, int32: boolean) => string;

/** Unary ops (float math works in doubles; the result is rounded to the output dtype). */
export const UNARY_MATH = {
  ...TRANSCENDENTAL_UNARY_MATH,
  // bitwise (primitives/bitwise.ts), and erf_inv of float32 operands: XLA's ErfInv32, as JAX's float32 erf_inv
  bitNot: (x) => `(~${x})`,
  logicalNot: (x) => `(${x} ^ 1)`,
  erfInv32: (x) => `erfinv32(${x})`,
  neg: (x) => `(-${x})`,
  exp: (x) => `Math.exp(${x})`,
  log: (x) => `Math.log(${x})`,
  log1p: (x) => `Math.log1p(${x})`,
  expm1: (x) => `Math.expm1(${x})`,
  sin: (x) => `Math.sin(${x})`,
  cos: (x) => `Math.cos(${x})`,
  tanh: (x) => `Math.tanh(${x})`,
  atan: (x) => `Math.atan(${x})`,
  sqrt: (x) => `Math.sqrt(${x})`,
  abs: (x) => `Math.abs(${x})`,
  // NaN and ±0 stay themselves
  sign: (x) => `(${x} > 0 ? 1 : ${x} < 0 ? -1 : ${x})`,
  logistic: (x) => `logistic(${x})`,
  // x - x is 0 exactly for finite x, NaN for ±∞ and NaN
  isfinite: (x) => `(${x} - ${x} === 0 ? 1 : 0)`,
  erf: (x) => `erf(${x})`,
  erfc: (x) => `erfc(${x})`,
  floor: (x) => `Math.floor(${x})`,
  ceil: (x) => `Math.ceil(${x})`,
  roundHalfEven: (x) => `roundHalfEven(${x})`,
  roundHalfAway: (x) => `roundHalfAway(${x})`,
} as const satisfies Record<string, UnaryMath>;

/** Elementwise unary operations. */
export type UnaryOp = keyof typeof UNARY_MATH;

/** Binary ops (numpy broadcasting is the kernel's business). */
export const BINARY_MATH = {
  ...TRANSCENDENTAL_BINARY_MATH,
  // bitwise and random (primitives/bitwise.ts, primitives/random.ts): 32-bit patterns, bool as 0/1
  and: (a, b) => `(${a} & ${b})`,
  or: (a, b) => `(${a} | ${b})`,
  xor: (a, b) => `(${a} ^ ${b})`,
  shift_left: (a, b) => `shiftLeft(${a}, ${b})`,
  shift_right_logical: (a, b) => `shiftRightLogical(${a}, ${b})`,
  shift_right_arithmetic: (a, b) => `shiftRightArithmetic(${a}, ${b})`,
  randomGammaGrad: (a, b) => `gammaGrad(${a}, ${b})`,
  add: (a, b) => `(${a} + ${b})`,
  sub: (a, b) => `(${a} - ${b})`,
  // Math.imul wraps like numpy's int32 multiply, where a double product could lose bits
  mul: (a, b, int32) => (int32 ? `Math.imul(${a}, ${b})` : `(${a} * ${b})`),
  div: (a, b) => `(${a} / ${b})`,
  // integers: the exact power modulo 2^32 (Math.pow rounds past 2^53)
  pow: (a, b, int32) => (int32 ? `ipow(${a}, ${b})` : `Math.pow(${a}, ${b})`),
  max: (a, b) => `Math.max(${a}, ${b})`,
  min: (a, b) => `Math.min(${a}, ${b})`,
  eq: (a, b) => `(${a} === ${b} ? 1 : 0)`,
  ne: (a, b) => `(${a} !== ${b} ? 1 : 0)`,
  lt: (a, b) => `(${a} < ${b} ? 1 : 0)`,
  le: (a, b) => `(${a} <= ${b} ? 1 : 0)`,
  gt: (a, b) => `(${a} > ${b} ? 1 : 0)`,
  ge: (a, b) => `(${a} >= ${b} ? 1 : 0)`,
} as const satisfies Record<string, BinaryMath>;

/** Elementwise binary operations. */
export type BinaryOp = keyof typeof BINARY_MATH;

/** `pred ? onTrue : onFalse`, with any nonzero (or NaN) predicate true. */
export function selectMath(pred: string, onTrue: string, onFalse: string): string {
  return `(${pred} !== 0 ? ${onTrue} : ${onFalse})`;
}

/** The value a typed array of `dtype` stores for the double `expression` (bool: 0/1, nonzero and NaN are 1). */
export function toStorage(expression: string, dtype: DType): string {
  switch (dtype) {
    case "float64":
      return expression;
    case "float32":
      return `Math.fround(${expression})`;
    case "int32":
      return `((${expression}) | 0)`;
    case "uint32":
      // ToUint32, as a Uint32Array store: truncation, then wrap-around modulo 2^32
      return `((${expression}) >>> 0)`;
    case "bool":
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
