/**
 * The scalar math of the transcendental and special-function primitives
 * (issue 9): the entries `scalar.ts` spreads into its `UNARY_MATH` and
 * `BINARY_MATH` tables, and the functions generated loops call by name.
 * Plain `Math` functions where V8's (fdlibm's algorithms) are within 2 ulp;
 * the gamma family and erf⁻¹ are the functions of `gamma.ts` and `erfinv.ts`.
 *
 * @example
 * TRANSCENDENTAL_UNARY_MATH.asinh("v"); // "Math.asinh(v)"
 */
import type { BinaryMath, UnaryMath } from "./scalar.ts";
import { digamma, lgamma, polygamma } from "./gamma.ts";
import { erfinv } from "./erfinv.ts";

/** The functions these expressions call, in scope in every generated loop. */
export const TRANSCENDENTAL_FUNCTIONS = { lgamma, digamma, polygamma, erfinv } as const;

/** Unary ops: trigonometric and hyperbolic functions and their inverses, cbrt, exp2, log2, log10, the gamma family, erf⁻¹. */
export const TRANSCENDENTAL_UNARY_MATH = {
  tan: (x) => `Math.tan(${x})`,
  asin: (x) => `Math.asin(${x})`,
  acos: (x) => `Math.acos(${x})`,
  sinh: (x) => `Math.sinh(${x})`,
  cosh: (x) => `Math.cosh(${x})`,
  asinh: (x) => `Math.asinh(${x})`,
  acosh: (x) => `Math.acosh(${x})`,
  atanh: (x) => `Math.atanh(${x})`,
  cbrt: (x) => `Math.cbrt(${x})`,
  // exact at integers (2^-1074 … 2^1023)
  exp2: (x) => `Math.pow(2, ${x})`,
  // exact at powers of 2 and of 10
  log2: (x) => `Math.log2(${x})`,
  log10: (x) => `Math.log10(${x})`,
  lgamma: (x) => `lgamma(${x})`,
  digamma: (x) => `digamma(${x})`,
  erf_inv: (x) => `erfinv(${x})`,
} as const satisfies Record<string, UnaryMath>;

/** Binary ops. */
export const TRANSCENDENTAL_BINARY_MATH = {
  atan2: (a, b) => `Math.atan2(${a}, ${b})`,
  // C's fmod: the sign of the dividend; on int32 operands an integer (x % 0 is NaN, stored as 0, as numpy's)
  rem: (a, b) => `(${a} % ${b})`,
  // the order m comes first, as in JAX's polygamma(m, x)
  polygamma: (a, b) => `polygamma(${a}, ${b})`,
} as const satisfies Record<string, BinaryMath>;
