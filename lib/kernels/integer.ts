/**
 * Scalar integer functions for the generated loops: the power of 32-bit
 * integers with wrap-around (numpy's and XLA's `x ** n` for int32 and
 * uint32, exact modulo 2^32 where `Math.pow` would round past 2^53), and the
 * shifts with XLA's rule for amounts outside [0, 32) (JavaScript's `<<`
 * would use the amount modulo 32).
 *
 * @example
 * ipow(3, 4);                // 81
 * ipow(4294967294, 2) >>> 0; // 4: (2^32 - 2)^2 mod 2^32
 * shiftLeft(1, 32);          // 0
 */

/**
 * `a ** b` for integers held in doubles (int32 or uint32 values), by
 * repeated squaring with `Math.imul`: the low 32 bits of the exact power, as
 * an int32 (the store, `| 0` or `>>> 0`, gives the dtype's value). A negative
 * exponent gives what `1 / a**|b|` truncates to: 1 for a = 1, ±1 for a = -1,
 * 0 otherwise (as XLA; numpy refuses it).
 */
export function ipow(a: number, b: number): number {
  if (b < 0) return a === 1 ? 1 : a === -1 ? (b % 2 === 0 ? 1 : -1) : 0;
  let base = a | 0;
  let result = 1;
  // b may be a uint32 above 2^31: halve it with arithmetic, not >>
  for (let e = b; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) result = Math.imul(result, base);
    base = Math.imul(base, base);
  }
  return result;
}

/** `a << b` on the 32-bit pattern of `a`; 0 when the amount (as unsigned) is 32 or more (XLA's `ShiftLeft`). */
export function shiftLeft(a: number, b: number): number {
  return b >>> 0 < 32 ? a << b : 0;
}

/** `a >>> b` on the 32-bit pattern of `a` (as unsigned); 0 when the amount is 32 or more (XLA's `ShiftRightLogical`). */
export function shiftRightLogical(a: number, b: number): number {
  return b >>> 0 < 32 ? a >>> b : 0;
}

/** `a >> b` on the 32-bit pattern of `a` (as signed), the sign filling in; an amount of 32 or more shifts by 31 (XLA's `ShiftRightArithmetic`). */
export function shiftRightArithmetic(a: number, b: number): number {
  return a >> Math.min(b >>> 0, 31);
}
