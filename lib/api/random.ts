/**
 * `random`: counter-based pseudo-random numbers as in `jax.random`. A key is
 * an int32 tensor of shape [2] holding JAX's two uint32 key words bit-cast
 * (read a word with `>>> 0`); functions never mutate it, so the same key always
 * gives the same numbers, on Node and on Deno alike: everything is uint32
 * arithmetic, IEEE + - * / and sqrt, and erfinv.ts's own logarithm.
 *
 * Bits match JAX's default threefry2x32 PRNG with `jax_enable_x64=True`
 * (seeds are int64; float64 by default) and `jax_threefry_partitionable=False`,
 * the original counter layout (JAX < 0.5's default): `split` hashes
 * `iota(2n)` and `random_bits` hashes `iota(ceil(bits·size/32))`, each split
 * into two halves that form the threefry counter pairs. JAX's own test
 * vectors for that layout are checked in spec/random.spec.ts. `uniform`,
 * `randint`, `bernoulli` and `permutation` follow JAX's algorithms exactly;
 * `normal` uses a more accurate erfinv than XLA in the tails (see erfinv.ts).
 *
 * @example
 * const [k1, k2] = random.split(random.key(0));
 * random.normal(k1, [2, 3]).shape; // [2, 3]
 */
import { ConcreteTensor, Tensor } from "../core/tensor.ts";
import { denseArrayOrThrow, dtypeOptionsOrThrow, isArrayArg, isTensorArg, toTensor, showValue } from "../core/convert.ts";
import { bufferSizeOrThrow } from "../core/limits.ts";
import { ArgumentError, DTypeError, ShapeError } from "../core/errors.ts";
import { dtypeShortName, type DType } from "../array/dtype.ts";
import { broadcastShapes, formatShape, isValidShape, shapesEqual, sizeOf, stridesOf } from "../array/shape.ts";
import { erfinv, erfinv32, log } from "../kernels/erfinv.ts";

type FloatDType = "float64" | "float32";
const TWO32 = 4294967296;
const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;
const ROTATIONS = new Int32Array([13, 15, 26, 6, 17, 29, 16, 24]);

// threefry2x32 and the counter layouts

/** Threefry-2x32 (20 rounds) of the counter pairs (x0[i], x1[i]), in place. */
function hashPairs(k0: number, k1: number, x0: Uint32Array, x1: Uint32Array): void {
  const ks0 = k0 | 0, ks1 = k1 | 0, ks2 = (k0 ^ k1 ^ 0x1bd11bda) | 0;
  for (let i = 0; i < x0.length; i++) {
    let a = (x0[i] + ks0) | 0;
    let b = (x1[i] + ks1) | 0;
    for (let g = 0; g < 5; g++) {
      const r = (g & 1) << 2;
      for (let j = 0; j < 4; j++) {
        a = (a + b) | 0;
        const rot = ROTATIONS[r + j];
        b = ((b << rot) | (b >>> (32 - rot))) ^ a;
      }
      const m = g % 3; // key schedule: (ks1, ks2), (ks2, ks0), (ks0, ks1), ...
      a = (a + (m === 0 ? ks1 : m === 1 ? ks2 : ks0)) | 0;
      b = (b + (m === 0 ? ks2 : m === 1 ? ks0 : ks1) + g + 1) | 0;
    }
    x0[i] = a;
    x1[i] = b;
  }
}

/** JAX's `threefry_2x32` on a flat counter array: the first half pairs with the second, an odd count padded with a 0. */
function hashHalves(k0: number, k1: number, count: Uint32Array): Uint32Array {
  const n = count.length, h = Math.ceil(n / 2);
  const x0 = count.slice(0, h), x1 = new Uint32Array(h);
  x1.set(count.subarray(h));
  hashPairs(k0, k1, x0, x1);
  const out = new Uint32Array(n);
  out.set(x0);
  out.set(x1.subarray(0, n - h), h);
  return out;
}

/** `threefry_2x32(key, iota(count))`: JAX's original-layout random words. */
function hashIota(k0: number, k1: number, count: number): Uint32Array {
  if (count >= 0xffffffff) throw new ArgumentError(`random: ${count} random words are more than one threefry block holds.`);
  const iota = new Uint32Array(count);
  for (let i = 0; i < count; i++) iota[i] = i;
  return hashHalves(k0, k1, iota);
}

/** Threefry-2x32 on raw uint32 words, as `jax.prng.threefry_2x32`: `threefry2x32([0, 0], [0, 0]) // [0x6b200159, 0x99ba4efe]`. */
export function threefry2x32(key: ArrayLike<number>, count: ArrayLike<number>): Uint32Array {
  const op = "random.threefry2x32";
  const words = (what: string, x: unknown): number[] | null => {
    const list = isArrayArg(op, x) ? denseArrayOrThrow(op, what, x) : ArrayBuffer.isView(x) && (x instanceof Uint32Array || x instanceof Int32Array || x instanceof Float64Array) ? Array.from(x) : null;
    return list !== null && list.every((v) => typeof v === "number" && Number.isFinite(v)) ? (list as number[]) : null;
  };
  const k = words("key", key);
  if (k === null || k.length !== 2) throw new ArgumentError(`${op}: key must be 2 uint32 words, got ${describe(key)}.`);
  const c = words("counts", count);
  if (c === null) throw new ArgumentError(`${op}: counts must be an array of uint32 words, got ${describe(count)}.`);
  return hashHalves(k[0] >>> 0, k[1] >>> 0, Uint32Array.from(c));
}

// argument checks

function describe(x: unknown): string {
  if (isTensorArg("random", x)) return `${dtypeShortName[x.dtype]}${formatShape(x.shape)}`;
  if (x === null || (typeof x !== "object" && typeof x !== "function")) return `${x === null ? "null" : typeof x} ${showValue(x)}`;
  return showValue(x);
}

/** Checks that `key` is a key (an int32[2] tensor), without reading it. */
function keyOrThrow(op: string, key: unknown): Tensor {
  if (!isTensorArg(op, key) || key.dtype !== "int32" || key.shape.length !== 1 || key.shape[0] !== 2) {
    throw new ArgumentError(`${op}: key must be a key from random.key(seed) (int32[2]), got ${describe(key)}.`);
  }
  return key;
}

/** The two uint32 words of a checked key: read after the other arguments are checked, so a traced key (under jit) reports their errors first, as eagerly. */
function keyWords(op: string, key: Tensor): Uint32Array {
  const data = toTensor(key, op).toConcrete(op).data;
  return new Uint32Array([data[0], data[1]]);
}

function makeKey(hi: number, lo: number): Tensor {
  return new ConcreteTensor(new Int32Array([hi, lo]), [2], "int32");
}

/** A copy of a shape argument (a dense array of non-negative integers) whose `dtype` tensor fits the buffer limit. */
function checkShape(op: string, shape: unknown, dtype: DType): number[] {
  const dims = isArrayArg(op, shape) ? denseArrayOrThrow(op, "shape", shape) : null;
  if (dims === null || !isValidShape(dims)) {
    throw new ShapeError(`${op}: shape must be an array of non-negative integers, got ${describe(shape)}.`);
  }
  bufferSizeOrThrow(op, dims, dtype);
  return dims;
}

function checkFloatDType(op: string, dtype: unknown): FloatDType {
  if (dtype !== "float64" && dtype !== "float32") {
    throw new DTypeError(`${op}: dtype must be "float64" or "float32", got ${showValue(dtype)}.`);
  }
  return dtype;
}

function checkNumber(op: string, name: string, x: unknown, integer: boolean): number {
  if (typeof x !== "number" || (integer ? !Number.isSafeInteger(x) : Number.isNaN(x))) {
    throw new ArgumentError(`${op}: ${name} must be ${integer ? "an integer" : "a number"}, got ${describe(x)}.`);
  }
  return x;
}

// sampling kernels

/** Uniform floats in [minval, maxval) from JAX's `_uniform` (mantissa bits OR 1.0, minus 1, scaled, clamped). */
function uniformData(op: string, k: Uint32Array, size: number, dtype: FloatDType, minval: number, maxval: number) {
  if (dtype === "float32") {
    const bits = hashIota(k[0], k[1], size);
    const lo = Math.fround(minval), span = Math.fround(Math.fround(maxval) - lo);
    const out = new Float32Array(size);
    // (bits >>> 9) | bits(1.0f), bit-cast, minus 1 is exactly (bits >>> 9) * 2^-23.
    for (let i = 0; i < size; i++) out[i] = Math.max(lo, Math.fround(Math.fround((bits[i] >>> 9) * 2 ** -23 * span) + lo));
    return out;
  }
  if (2 * size >= 0xffffffff) throw new ArgumentError(`${op}: ${size} float64 values are more than one threefry block holds.`);
  // 64-bit words as JAX's _random_bits(64): word i is hash(i, size + i) = (high, low).
  const hi = new Uint32Array(size), lo = new Uint32Array(size);
  for (let i = 0; i < size; i++) {
    hi[i] = i;
    lo[i] = size + i;
  }
  hashPairs(k[0], k[1], hi, lo);
  const span = maxval - minval, out = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    // The top 52 bits m of the word OR'ed into 1.0 and minus 1 is exactly m * 2^-52 (Sterbenz), endian-free.
    const m = (hi[i] >>> 12) * TWO32 + (((hi[i] << 20) | (lo[i] >>> 12)) >>> 0);
    out[i] = Math.max(minval, m * 2 ** -52 * span + minval);
  }
  return out;
}

const urem = (a: number, span: number) => (span === 0 ? a : a % span);

// public API

/** A key from an integer seed (int64 semantics, as `jax.random.key`): `random.key(0)` holds words [0, 0]. */
export function key(seed: number | bigint): Tensor {
  if (typeof seed === "bigint") {
    if (seed < -(2n ** 63n) || seed >= 2n ** 63n) throw new ArgumentError(`random.key: seed ${seed} is outside the int64 range.`);
    return makeKey(Number((seed >> 32n) & 0xffffffffn), Number(seed & 0xffffffffn));
  }
  checkNumber("random.key", "seed", seed, true);
  return makeKey(Math.floor(seed / TWO32), seed >>> 0); // a negative seed sign-extends: -1 -> [0xffffffff, 0xffffffff]
}

/** `n` new keys from one: `const [k1, k2] = random.split(random.key(0))`. */
export function split(key: Tensor, n = 2): Tensor[] {
  keyOrThrow("random.split", key);
  if (!Number.isSafeInteger(n) || n < 1) throw new ArgumentError(`random.split: n must be a positive integer, got ${describe(n)}.`);
  bufferSizeOrThrow("random.split", [n, 2], "int32");
  const k = keyWords("random.split", key);
  const flat = hashIota(k[0], k[1], 2 * n);
  const keys = new Array<Tensor>(n);
  for (let i = 0; i < n; i++) keys[i] = makeKey(flat[2 * i], flat[2 * i + 1]);
  return keys;
}

/** A new key from a key and a 32-bit integer, as `jax.random.fold_in`: `random.foldIn(random.key(0), 4)`. */
export function foldIn(key: Tensor, data: number): Tensor {
  keyOrThrow("random.foldIn", key);
  checkNumber("random.foldIn", "data", data, true);
  if (data < INT32_MIN || data >= TWO32) throw new ArgumentError(`random.foldIn: data must fit in 32 bits, got ${data}.`);
  const k = keyWords("random.foldIn", key);
  const x0 = new Uint32Array([0]), x1 = new Uint32Array([data >>> 0]);
  hashPairs(k[0], k[1], x0, x1);
  return makeKey(x0[0], x1[0]);
}

/** The raw uint32 random words of `random_bits(key, 32, shape)`, bit-cast to int32: `random.bits(random.key(0), [4])`. */
export function bits(key: Tensor, shape: number[] = []): Tensor {
  keyOrThrow("random.bits", key);
  const s = checkShape("random.bits", shape, "int32");
  const k = keyWords("random.bits", key);
  return new ConcreteTensor(new Int32Array(hashIota(k[0], k[1], sizeOf(s)).buffer), s, "int32");
}

/** Options of `random.uniform`. */
export interface UniformOptions {
  readonly minval?: number;
  readonly maxval?: number;
  readonly dtype?: FloatDType;
}

/**
 * Uniform floats in [minval, maxval): `random.uniform(random.key(0), [3], { minval: -1, maxval: 1 })`;
 * the dtype may also be given alone, as JAX passes it: `random.uniform(key, [3], "float32")`.
 */
export function uniform(key: Tensor, shape: number[] = [], options?: FloatDType | UniformOptions): Tensor {
  const op = "random.uniform";
  keyOrThrow(op, key);
  const { dtype: rawDtype = "float64", minval: rawMin = 0, maxval: rawMax = 1 } = dtypeOptionsOrThrow<UniformOptions>(op, options, ["minval", "maxval", "dtype"]);
  const dtype = checkFloatDType(op, rawDtype);
  const s = checkShape(op, shape, dtype);
  const minval = checkNumber(op, "minval", rawMin, false);
  const maxval = checkNumber(op, "maxval", rawMax, false);
  const k = keyWords(op, key);
  return new ConcreteTensor(uniformData(op, k, sizeOf(s), dtype, minval, maxval), s, dtype);
}

/**
 * Standard normal floats, `sqrt(2) * erfinv(u)` for u uniform on (-1, 1): `random.normal(random.key(0), [2, 2])`;
 * the dtype as JAX passes it (`random.normal(key, [2], "float32")`) or as `{ dtype }`.
 */
export function normal(key: Tensor, shape: number[] = [], dtypeOrOptions?: FloatDType | { readonly dtype?: FloatDType }): Tensor {
  const op = "random.normal";
  keyOrThrow(op, key);
  const dtype = checkFloatDType(op, dtypeOptionsOrThrow<{ dtype?: FloatDType }>(op, dtypeOrOptions, ["dtype"]).dtype ?? "float64");
  const s = checkShape(op, shape, dtype);
  const size = sizeOf(s);
  const k = keyWords(op, key);
  // minval is nextafter(-1, 0) in the dtype, so erfinv never sees -1.
  const u = uniformData(op, k, size, dtype, dtype === "float32" ? -1 + 2 ** -24 : -1 + 2 ** -53, 1);
  if (dtype === "float32") {
    const sqrt2 = Math.fround(Math.SQRT2);
    for (let i = 0; i < size; i++) u[i] = sqrt2 * erfinv32(u[i]);
  } else {
    for (let i = 0; i < size; i++) u[i] = Math.SQRT2 * erfinv(u[i]);
  }
  return new ConcreteTensor(u, s, dtype);
}

/** Uniform int32 integers in [minval, maxval), JAX's `randint`: `random.randint(random.key(0), [3, 3], 0, 8)`. */
export function randint(key: Tensor, shape: number[], minval: number, maxval: number): Tensor {
  const op = "random.randint";
  keyOrThrow(op, key);
  const s = checkShape(op, shape, "int32");
  checkNumber(op, "minval", minval, true);
  checkNumber(op, "maxval", maxval, true);
  const k = keyWords(op, key);
  const lo = Math.min(Math.max(minval, INT32_MIN), INT32_MAX);
  const hi = Math.min(Math.max(maxval, INT32_MIN), INT32_MAX);
  let span = hi <= lo ? 1 : (hi - lo) >>> 0;
  if (maxval > INT32_MAX && hi > lo) span = (span + 1) >>> 0; // 0 stands for 2^32
  // JAX draws two words per value and reduces (high * 2^32 + low) mod span in uint32 arithmetic.
  let mult = urem(65536, span);
  mult = urem(Math.imul(mult, mult) >>> 0, span);
  const sub = hashIota(k[0], k[1], 4); // split(key) into two keys
  const size = sizeOf(s);
  const high = hashIota(sub[0], sub[1], size), low = hashIota(sub[2], sub[3], size);
  const out = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const offset = urem(((Math.imul(urem(high[i], span), mult) >>> 0) + urem(low[i], span)) >>> 0, span);
    out[i] = lo + offset;
  }
  return new ConcreteTensor(out, s, "int32");
}

/** Booleans that are true with probability p (`uniform < p`): `random.bernoulli(random.key(0), 0.3, [10])`. */
export function bernoulli(key: Tensor, p: number | Tensor = 0.5, shape?: number[]): Tensor {
  const op = "random.bernoulli";
  keyOrThrow(op, key);
  const pt = toTensor(p, op).toConcrete(op);
  if (pt.dtype !== "float64" && pt.dtype !== "float32") {
    throw new DTypeError(`${op}: p must be a float, got ${describe(pt)}.`);
  }
  const s = shape === undefined ? pt.shape.slice() : checkShape(op, shape, "bool");
  const joint = broadcastShapes(s, pt.shape);
  if (joint === null || !shapesEqual(joint, s)) {
    throw new ShapeError(`${op}: p of shape ${formatShape(pt.shape)} does not broadcast to shape ${formatShape(s)}.`);
  }
  const size = sizeOf(s);
  const k = keyWords(op, key);
  const u = uniformData(op, k, size, pt.dtype, 0, 1);
  const out = new Uint8Array(size);
  // Index of p for each output element: p's strides, 0 on broadcast axes.
  const outStrides = stridesOf(s), pStrides = stridesOf(pt.shape), offset = s.length - pt.shape.length;
  for (let i = 0; i < size; i++) {
    let j = 0;
    for (let d = offset; d < s.length; d++) {
      if (pt.shape[d - offset] !== 1) j += Math.floor(i / outStrides[d]) % s[d] * pStrides[d - offset];
    }
    out[i] = u[i] < pt.data[j] ? 1 : 0;
  }
  return new ConcreteTensor(out, s, "bool");
}

/** A random permutation of 0..n-1 (int32), JAX's sort-based shuffle: `random.permutation(random.key(0), 5)`. */
export function permutation(key: Tensor, n: number): Tensor {
  const op = "random.permutation";
  keyOrThrow(op, key);
  if (!Number.isSafeInteger(n) || n < 0) throw new ArgumentError(`${op}: n must be a non-negative integer, got ${describe(n)}.`);
  bufferSizeOrThrow(op, [n], "int32");
  let k = keyWords(op, key);
  let x = new Int32Array(n);
  for (let i = 0; i < n; i++) x[i] = i;
  const rounds = Math.ceil((3 * log(Math.max(1, n))) / log(0xffffffff));
  const order = new Uint32Array(n);
  for (let r = 0; r < rounds; r++) {
    const sub = hashIota(k[0], k[1], 4); // split(key): key <- words 0..1, subkey <- words 2..3
    k = sub.slice(0, 2);
    const sortKeys = hashIota(sub[2], sub[3], n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => sortKeys[a] - sortKeys[b] || a - b); // stable, as lax.sort_key_val
    const next = new Int32Array(n);
    for (let i = 0; i < n; i++) next[i] = x[order[i]];
    x = next;
  }
  return new ConcreteTensor(x, [n], "int32");
}
