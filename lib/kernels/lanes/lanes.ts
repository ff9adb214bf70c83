/**
 * A small language for the math of one element, written once and emitted
 * twice: as JavaScript (`jsLanes.ts`, one statement per operation) and as
 * WebAssembly SIMD (`wasmLanes.ts`, four elements at a time: f64x2 pairs,
 * f32x4, i32x4). Every operation has one meaning, IEEE arithmetic rounded
 * to the value's type (a float32 operation rounds to float32, as
 * `Math.fround` of the double result does; there is no fused multiply-add),
 * so the two emitters give the same bits for every input. Kernels for exp,
 * log, tanh, ... (`math/`) and every elementwise op's lowering are
 * functions over this interface, generic in the emitter's value type `V`.
 *
 * @example
 * // x·x + 1, in whatever the emitter emits
 * const square1 = <V>(b: Lanes<V>, x: V) => b.add(b.mul(x, x), b.constant(1, b.type(x)));
 */
import type { DType } from "../../array/dtype.ts";

/** The lanes of a stored dtype. */
export type StorageLane = "f64" | "f32" | "i32" | "u32" | "bool";

/** A comparison's result: all ones or zeros per lane, as wide as the compared values (64 bits for f64). */
export type MaskLane = "mask64" | "mask32";

/** The type of a lane value. */
export type LaneType = StorageLane | MaskLane;

/** Float lanes. */
export type FloatLane = "f64" | "f32";

/** The lane type of each dtype. */
export function laneOf(dtype: DType): StorageLane {
  switch (dtype as string) {
    case "float64":
      return "f64";
    case "float32":
      return "f32";
    case "int32":
      return "i32";
    case "uint32":
      return "u32";
    default:
      return "bool";
  }
}

/** Whether a lane type is a float. */
export function isFloatLane(type: LaneType): type is FloatLane {
  return type === "f64" || type === "f32";
}

/** Whether a lane type is a mask. */
export function isMaskLane(type: LaneType): type is MaskLane {
  return type === "mask64" || type === "mask32";
}

/**
 * The operations. Binary ones take two values of one type. Floats: IEEE
 * arithmetic in the value's precision; `min`/`max` propagate NaN and order
 * −0 below +0 (as `Math.min`); `nearest` rounds half to even. Integers
 * (i32, u32): wrapping arithmetic. Comparisons give masks (false on NaN but
 * for `ne`); `select` takes a mask. `convert` is storage conversion: float
 * to integer truncates and wraps modulo 2³² (JavaScript's ToInt32), to bool
 * is "not zero" (NaN is true), a mask becomes bool 0/1.
 */
export interface Lanes<V> {
  /** The lane type of a value. */
  type(v: V): LaneType;
  /** A constant, rounded to `type` (float32 constants to float32). */
  constant(value: number, type: StorageLane): V;

  add(a: V, b: V): V;
  sub(a: V, b: V): V;
  mul(a: V, b: V): V;
  /** Floats only. */
  div(a: V, b: V): V;
  neg(a: V): V;
  abs(a: V): V;
  min(a: V, b: V): V;
  max(a: V, b: V): V;
  /** `b < a ? b : a` (one instruction; NaN in `a` passes through): for clamping. */
  pmin(a: V, b: V): V;
  /** `a < b ? b : a` (one instruction; NaN in `a` passes through): for clamping. */
  pmax(a: V, b: V): V;
  /** Floats only. */
  sqrt(a: V): V;
  floor(a: V): V;
  ceil(a: V): V;
  trunc(a: V): V;
  nearest(a: V): V;

  eq(a: V, b: V): V;
  ne(a: V, b: V): V;
  lt(a: V, b: V): V;
  le(a: V, b: V): V;
  gt(a: V, b: V): V;
  ge(a: V, b: V): V;
  /** Masks: both true, either true, not. */
  and(a: V, b: V): V;
  or(a: V, b: V): V;
  not(a: V): V;
  /** `mask ? a : b` lane by lane. */
  select(mask: V, a: V, b: V): V;

  /** Storage conversion (see above). */
  convert(x: V, to: StorageLane): V;

  /** 2^k for an integer-valued float k in the normal exponent range of its type ([−1022, 1023] for f64, [−126, 127] for f32). */
  pow2(k: V): V;
  /** The exponent field of a float, unbiased, as a float of its type (from the bits: 1 ≤ |x| < 2 gives 0; zero and subnormals the bottom value, −1023 or −127). */
  exponent(x: V): V;
  /** |x| with its exponent field set to that of 1: in [1, 2) for normal x (from the bits). */
  mantissa(x: V): V;

  /**
   * `body(b, operands)`, which an emitter may compute by calling one shared
   * function named `name` (the JavaScript emitter does, so that a loop of
   * many tanh stays small; WebAssembly inlines it). The same operations
   * either way.
   */
  subroutine(name: string, operands: readonly V[], body: <W>(b: Lanes<W>, operands: readonly W[]) => W): V;

  /**
   * `mask ? ESCAPES[name](x) : value` on float64 lanes: the rare lanes a
   * kernel does not handle (sin of a huge argument) call the JavaScript
   * function, in both emitters (WebAssembly imports it), so the results stay
   * the same bits.
   */
  escape(mask: V, name: EscapeName, x: V, value: V): V;
}

/** The JavaScript functions kernels may call for rare lanes (`escape`), by name. */
export const ESCAPES = { sin: Math.sin, cos: Math.cos } as const;

export type EscapeName = keyof typeof ESCAPES;

/** The math of one element: its operands' values (storage lanes) to the result, converted to `out`. */
export type LaneRule = <V>(b: Lanes<V>, operands: readonly V[], out: StorageLane) => V;

/**
 * How an elementwise op computes one element: with `lanes` (the JavaScript
 * and the WebAssembly loops both emit it), or only as a JavaScript
 * expression (`js`, of the operands' identifiers, rounded to the output
 * dtype by the loop), with `why` WebAssembly does not run it.
 */
export type ElementRule = LanesElementRule | JsElementRule;

/** A rule both emitters compile. */
export interface LanesElementRule {
  readonly lanes: LaneRule;
}

/**
 * A rule only JavaScript loops run: an expression of the operands'
 * identifiers (a double, rounded to the output dtype by the loop; `int32`
 * when the operands and the result are 32-bit integers, for wrapping
 * arithmetic), and why.
 */
export interface JsElementRule {
  readonly js: (operands: readonly string[], int32: boolean) => string;
  readonly why: string;
}

/** An element rule with lanes. */
export function lanesRule(lanes: LaneRule): LanesElementRule {
  return { lanes };
}

/** An element rule that runs only in JavaScript loops. */
export function jsRule(why: string, js: (operands: readonly string[], int32: boolean) => string): JsElementRule {
  return { js, why };
}

/** Whether a rule has lanes (runs in WebAssembly too). */
export function hasLanes(rule: ElementRule): rule is LanesElementRule {
  return "lanes" in rule;
}

// helpers written with the operations

/** Horner's scheme: c[0] + x·(c[1] + x·(c[2] + …)), in x's type. */
export function horner<V>(b: Lanes<V>, x: V, coefficients: readonly number[]): V {
  const type = b.type(x) as StorageLane;
  let acc = b.constant(coefficients[coefficients.length - 1], type);
  for (let i = coefficients.length - 2; i >= 0; i--) acc = b.add(b.mul(acc, x), b.constant(coefficients[i], type));
  return acc;
}

/**
 * c[0] + c[1]·x + … by Estrin's scheme: pairs c[2i] + c[2i+1]·x combined with
 * x², x⁴, …, so the dependency chain is about log₂ of the degree long (the
 * loop overlaps more work than with Horner's chain of multiply-adds).
 */
export function estrin<V>(b: Lanes<V>, x: V, coefficients: readonly number[]): V {
  const type = b.type(x) as StorageLane;
  let terms: V[] = [];
  for (let i = 0; i < coefficients.length; i += 2) {
    const low = b.constant(coefficients[i], type);
    terms.push(i + 1 < coefficients.length ? b.add(low, b.mul(b.constant(coefficients[i + 1], type), x)) : low);
  }
  let power = x;
  while (terms.length > 1) {
    power = b.mul(power, power);
    const next: V[] = [];
    for (let i = 0; i < terms.length; i += 2) next.push(i + 1 < terms.length ? b.add(terms[i], b.mul(terms[i + 1], power)) : terms[i]);
    terms = next;
  }
  return terms[0];
}

/** A constant of x's type. */
export function like<V>(b: Lanes<V>, x: V, value: number): V {
  return b.constant(value, b.type(x) as StorageLane);
}
