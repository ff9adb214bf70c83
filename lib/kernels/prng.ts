/**
 * JAX's counter layouts for Threefry-2x32 on plain JS numbers: key
 * splitting and random words for one key, in either layout. The samplers
 * whose kernels loop per element (gamma's and poisson's rejection loops)
 * draw with these; `api/random/` builds the same numbers from the
 * `threefry2x32` primitive on tensors (the specs check both agree).
 *
 * - `partitionable` (JAX ≥ 0.5's default, `jax_threefry_partitionable`):
 *   element i of a shape hashes the counter pair (hi(i), lo(i)) of its
 *   row-major index; a 32-bit word is y0 ^ y1, a 64-bit word is (y0, y1),
 *   and key i of `split` is (y0, y1).
 * - `original`: `threefry_2x32(key, iota(n))` hashes the first half of the
 *   counters against the second (an odd count padded with a 0); `split`
 *   takes `iota(2n)` pairwise, 64-bit words are (first half, second half).
 *
 * @example
 * bits32([0, 0], 1, "partitionable")[0]; // 4070199207, JAX's random.bits(key(0))
 */
import { hashPair } from "./threefry.ts";

/** Which counter layout the generator uses (see the module comment). */
export type ThreefryLayout = "partitionable" | "original";

/** A key's two uint32 words. */
export type KeyWords = readonly [number, number];

/** `threefry_2x32(key, iota(count))` in the original layout: count words. */
function hashIota(k: KeyWords, count: number): Uint32Array {
  const h = Math.ceil(count / 2);
  const out = new Uint32Array(count);
  for (let i = 0; i < h; i++) {
    const second = h + i < count ? h + i : 0;
    const [y0, y1] = hashPair(k[0], k[1], i, second);
    out[i] = y0;
    if (h + i < count) out[h + i] = y1;
  }
  return out;
}

/** `n` keys from one, as `random.split`. */
export function splitKey(k: KeyWords, n: number, layout: ThreefryLayout): KeyWords[] {
  const keys: KeyWords[] = [];
  if (layout === "partitionable") {
    for (let i = 0; i < n; i++) keys.push(hashPair(k[0], k[1], Math.floor(i / 2 ** 32), i >>> 0));
  } else {
    const flat = hashIota(k, 2 * n);
    for (let i = 0; i < n; i++) keys.push([flat[2 * i], flat[2 * i + 1]]);
  }
  return keys;
}

/** `random_bits(key, 32, (n,))`. */
export function bits32(k: KeyWords, n: number, layout: ThreefryLayout): Uint32Array {
  if (layout === "original") return hashIota(k, n);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const [y0, y1] = hashPair(k[0], k[1], Math.floor(i / 2 ** 32), i >>> 0);
    out[i] = (y0 ^ y1) >>> 0;
  }
  return out;
}

/** `random_bits(key, 64, (n,))` as its high and low words. */
export function bits64(k: KeyWords, n: number, layout: ThreefryLayout): [Uint32Array, Uint32Array] {
  const hi = new Uint32Array(n), lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const [y0, y1] = layout === "partitionable" ? hashPair(k[0], k[1], Math.floor(i / 2 ** 32), i >>> 0) : hashPair(k[0], k[1], i, n + i);
    hi[i] = y0;
    lo[i] = y1;
  }
  return [hi, lo];
}

/**
 * JAX's uniform floats in [0, 1) before scaling: the top 23 (float32) or 52
 * (float64) bits of a word as the mantissa of a number in [1, 2), minus 1,
 * which is exactly mantissa · 2^-23 (or 2^-52).
 */
export function unitFloats(k: KeyWords, n: number, float32: boolean, layout: ThreefryLayout): Float64Array {
  const out = new Float64Array(n);
  if (float32) {
    const words = bits32(k, n, layout);
    for (let i = 0; i < n; i++) out[i] = (words[i] >>> 9) * 2 ** -23;
  } else {
    const [hi, lo] = bits64(k, n, layout);
    for (let i = 0; i < n; i++) out[i] = ((hi[i] >>> 12) * 2 ** 32 + (((hi[i] << 20) | (lo[i] >>> 12)) >>> 0)) * 2 ** -52;
  }
  return out;
}
