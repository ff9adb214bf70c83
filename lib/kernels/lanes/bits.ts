/**
 * The float-bit helpers of the JavaScript lanes (`jsLanes.ts`), in scope in
 * every generated loop: the exponent and the significand of a float from its
 * bits, and exact powers of two. The WebAssembly lanes compute the same with
 * integer SIMD on the bits.
 *
 * @example
 * exponent64(6);   // 2   (6 = 1.5 · 2²)
 * mantissa64(6);   // 1.5
 * pow2(-1074);     // 5e-324
 */

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HIGH = LITTLE_ENDIAN ? 1 : 0;

const f64 = new Float64Array(1);
const f64Words = new Uint32Array(f64.buffer);
const f32 = new Float32Array(1);
const f32Word = new Uint32Array(f32.buffer);

/** The unbiased exponent field of a double (−1023 for zeros and subnormals, 1024 for infinities and NaN). */
export function exponent64(x: number): number {
  f64[0] = x;
  return ((f64Words[HIGH] >>> 20) & 0x7ff) - 1023;
}

/** |x| with the exponent field of 1: in [1, 2) for normal doubles. */
export function mantissa64(x: number): number {
  f64[0] = x;
  f64Words[HIGH] = (f64Words[HIGH] & 0x000fffff) | 0x3ff00000;
  return f64[0];
}

/** The unbiased exponent field of a float32 value (−127 for zeros and subnormals, 128 for infinities and NaN). */
export function exponent32(x: number): number {
  f32[0] = x;
  return ((f32Word[0] >>> 23) & 0xff) - 127;
}

/** |x| with the exponent field of 1, as a float32 value: in [1, 2) for normal floats. */
export function mantissa32(x: number): number {
  f32[0] = x;
  f32Word[0] = (f32Word[0] & 0x007fffff) | 0x3f800000;
  return f32[0];
}

const POW2 = new Float64Array(1023 + 1075);
for (let k = -1074; k <= 1023; k++) POW2[k + 1074] = 2 ** k;

/** 2^k exactly, for integers −1074 ≤ k ≤ 1023. */
export function pow2(k: number): number {
  return POW2[k + 1074];
}
