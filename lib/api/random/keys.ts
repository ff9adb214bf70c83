/**
 * Keys and raw words of `random`. A key is a uint32 tensor of shape [2] (a
 * value like any other, so it can be traced, batched by `vmap` and carried
 * through `lax.scan`); `split` gives a uint32[n, 2] tensor of keys, which
 * iterates along axis 0: `const [k1, k2] = random.split(key)`.
 *
 * Words come from the `threefry2x32` primitive in one of JAX's counter
 * layouts (`kernels/prng.ts`): by default the partitionable one of JAX ≥ 0.5,
 * in which `random.bits(random.key(0))` is 4070199207; with
 * `config.update("threefryPartitionable", false)` the original one of
 * earlier JAX (`random.split(random.key(0))` is then
 * [[4146024105, 967050713], [2718843009, 1272950319]]).
 *
 * @example
 * const [k1, k2] = random.split(random.key(0));
 * random.bits(k1, [3]).dtype; // "uint32"
 */
import { dtypeShortName, isInteger, type DType } from "../../array/dtype.ts";
import { formatShape, isValidShape, sizeOf } from "../../array/shape.ts";
import { denseArrayOrThrow, dtypeOptionsOrThrow, isArrayArg, isTensorArg, liveTensorOrThrow, showValue } from "../../core/convert.ts";
import { ArgumentError, DTypeError, ShapeError } from "../../core/errors.ts";
import { bufferSizeOrThrow } from "../../core/limits.ts";
import * as ops from "../../core/ops.ts";
import { currentLayout } from "../../core/randomSettings.ts";
import { ConcreteTensor, Tensor } from "../../core/tensor.ts";
import { hashPair } from "../../kernels/threefry.ts";
import type { ThreefryLayout } from "../../kernels/prng.ts";

const TWO32 = 4294967296;

// argument checks

/** How a value is shown in an error: its aval for tensors, anything else through `showValue` (which never throws). */
export function describe(x: unknown): string {
  if (isTensorArg("random", x)) return `${dtypeShortName[x.dtype]}${formatShape(x.shape)}`;
  if (x === null || (typeof x !== "object" && typeof x !== "function")) return `${x === null ? "null" : typeof x} ${showValue(x)}`;
  return showValue(x);
}

/**
 * A key: a uint32[2] tensor (concrete or traced, but not a leaked tracer). Every sampler checks its
 * key first, before reading any other argument, so eager and `jit` (where the key is traced) report
 * the same error for the same call.
 */
export function keyOrThrow(op: string, key: unknown): Tensor {
  if (!isTensorArg(op, key) || key.dtype !== "uint32" || key.shape.length !== 1 || key.shape[0] !== 2) {
    const stack = isTensorArg(op, key) && key.shape.length === 2 && key.shape[1] === 2;
    const hint = stack ? " (a stack of keys: index one, or vmap over them)" : "";
    throw new ArgumentError(`${op}: key must be a key from random.key(seed) or random.split (uint32[2]), got ${describe(key)}${hint}.`);
  }
  return liveTensorOrThrow(op, key);
}

/**
 * A shape argument: a dense array of non-negative integers, read once and copied; when `dtype` is
 * given, a tensor of that shape and dtype must fit the buffer limit (checked before anything is built).
 */
export function shapeOrThrow(op: string, shape: unknown, dtype?: DType): number[] {
  const dims = isArrayArg(op, shape) ? denseArrayOrThrow(op, "shape", shape) : null;
  if (dims === null || !isValidShape(dims)) throw new ShapeError(`${op}: shape must be an array of non-negative integers, got ${describe(shape)}.`);
  if (dtype !== undefined) bufferSizeOrThrow(op, dims, dtype);
  return dims;
}

/** A float dtype given positionally or as `{ dtype }` (default float64). */
export function floatDtypeOf(op: string, dtypeOrOptions: unknown): "float64" | "float32" {
  const { dtype = "float64" } = dtypeOptionsOrThrow<{ dtype?: DType }>(op, dtypeOrOptions, ["dtype"]);
  return floatDtypeOrThrow(op, dtype);
}

/** `dtype` if it is float64 or float32, else a `DTypeError`. */
export function floatDtypeOrThrow(op: string, dtype: unknown): "float64" | "float32" {
  if (dtype !== "float64" && dtype !== "float32") throw new DTypeError(`${op}: dtype must be "float64" or "float32", got ${showValue(dtype)}.`);
  return dtype;
}

// words

/** A uint32 constant of `shape` (a scalar broadcasts in the hash). */
function u32(value: number): ConcreteTensor {
  return ops.scalar(value, "uint32");
}

/** uint32 start, start + 1, ... of length n (a pad value replacing the last with `padLast`). */
function iota(start: number, n: number, padLast?: number): ConcreteTensor {
  bufferSizeOrThrow("random", [n], "uint32");
  const data = new Uint32Array(n);
  for (let i = 0; i < n; i++) data[i] = start + i;
  if (padLast !== undefined && n > 0) data[n - 1] = padLast;
  return new ConcreteTensor(data, [n], "uint32");
}

/** The key's two words as 0-d tensors. */
export function keyWords(key: Tensor): [Tensor, Tensor] {
  const word = (i: number) => ops.reshape(ops.slice(key, [i], [i + 1], [1]), []);
  return [word(0), word(1)];
}

/** The row-major index of every element of `shape` as (high, low) uint32 counters: JAX's `iota_2x32_shape`. */
function counters(shape: readonly number[]): [Tensor, Tensor] {
  const n = sizeOf(shape);
  if (n > 2 ** 53) throw new ArgumentError(`random: ${n} draws are more than tracegrad counts.`);
  bufferSizeOrThrow("random", shape, "uint32");
  const lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) lo[i] = i >>> 0;
  const low = new ConcreteTensor(lo, shape.slice(), "uint32");
  if (n <= TWO32) return [u32(0), low];
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) hi[i] = Math.floor(i / TWO32);
  return [new ConcreteTensor(hi, shape.slice(), "uint32"), low];
}

/** JAX's `threefry_2x32(key, count)` on a flat count of n words in the original layout: the halves hashed together. */
function hashHalves(key: Tensor, n: number, words: (h: number) => [ConcreteTensor, ConcreteTensor]): Tensor {
  const [k0, k1] = keyWords(key);
  const h = Math.ceil(n / 2);
  const [x0, x1] = words(h);
  const [y0, y1] = ops.threefry2x32(k0, k1, x0, x1);
  const both = ops.concatenate([y0, y1], 0);
  return both.shape[0] === n ? both : ops.slice(both, [0], [n], [1]);
}

/** 32-bit random words of `shape`, JAX's `random_bits(key, 32, shape)`. */
export function bits32(key: Tensor, shape: readonly number[], layout: ThreefryLayout = currentLayout()): Tensor {
  if (layout === "partitionable") {
    const [k0, k1] = keyWords(key);
    const [hi, lo] = counters(shape);
    const [y0, y1] = ops.threefry2x32(k0, k1, hi, lo);
    return ops.bitwiseXor(y0, y1);
  }
  const n = sizeOf(shape);
  if (n >= 0xffffffff) throw new ArgumentError(`random: ${n} words are more than one threefry block holds in the original layout.`);
  // iota(n) split in halves, an odd count padded with a 0
  const flat = hashHalves(key, n, (h) => [iota(0, h), iota(h, h, n % 2 === 1 ? 0 : undefined)]);
  return ops.reshape(flat, shape);
}

/** 64-bit random words of `shape` as their high and low uint32 halves, JAX's `random_bits(key, 64, shape)`. */
export function bits64(key: Tensor, shape: readonly number[], layout: ThreefryLayout = currentLayout()): [Tensor, Tensor] {
  const [k0, k1] = keyWords(key);
  if (layout === "partitionable") {
    const [hi, lo] = counters(shape);
    const [y0, y1] = ops.threefry2x32(k0, k1, hi, lo);
    return [y0, y1];
  }
  const n = sizeOf(shape);
  if (2 * n >= 0xffffffff) throw new ArgumentError(`random: ${n} 64-bit words are more than one threefry block holds in the original layout.`);
  // iota(2n) split in halves: word i is (hash(i, n + i).0, hash(i, n + i).1)
  const [y0, y1] = ops.threefry2x32(k0, k1, iota(0, n), iota(n, n));
  return [ops.reshape(y0, shape), ops.reshape(y1, shape)];
}

/** `n` keys (or a shape of keys) from one, as a uint32[...shape, 2] tensor. */
export function splitKeys(key: Tensor, shape: readonly number[], layout: ThreefryLayout = currentLayout()): Tensor {
  const [k0, k1] = keyWords(key);
  if (layout === "partitionable") {
    const [hi, lo] = counters(shape);
    const [y0, y1] = ops.threefry2x32(k0, k1, hi, lo);
    const expand = (y: Tensor) => ops.reshape(ops.broadcastTo(y, shape), [...shape, 1]);
    return ops.concatenate([expand(y0), expand(y1)], shape.length);
  }
  const n = sizeOf(shape);
  // threefry_2x32(key, iota(2n)) read pairwise
  const flat = hashHalves(key, 2 * n, (h) => [iota(0, h), iota(h, h)]);
  return ops.reshape(flat, [...shape, 2]);
}

/** Two keys from one, as JAX's internal `_split(key)`. */
export function split2(key: Tensor, count = 2): Tensor[] {
  const keys = splitKeys(key, [count]);
  return Array.from({ length: count }, (_, i) => ops.reshape(ops.slice(keys, [i, 0], [i + 1, 2], [1, 1]), [2]));
}

// public API

/**
 * A key from an integer seed (int64 semantics, as `jax.random.key` with
 * 64-bit seeds: the high and low words), or from a 0-d int32/uint32 tensor,
 * which may be traced (`vmap(random.key)(np.arange(4, { dtype: "int32" }))`).
 *
 * @example
 * random.key(0).toArray(); // [0, 0]
 * random.key(-1).toArray(); // [4294967295, 4294967295]
 */
export function key(seed: number | bigint | Tensor): Tensor {
  const op = "random.key";
  if (isTensorArg(op, seed)) {
    liveTensorOrThrow(op, seed);
    if (seed.shape.length !== 0 || !isInteger(seed.dtype)) {
      throw new ArgumentError(`${op}: a tensor seed must be a 0-d int32 or uint32 tensor, got ${describe(seed)}; use vmap for several seeds.`);
    }
    // an int32 seed sign-extends into the high word, as a negative int64 does
    const high = seed.dtype === "int32" ? ops.convert(ops.shiftRightArithmetic(seed, ops.scalar(31, "int32")), "uint32") : u32(0);
    return ops.concatenate([ops.reshape(high, [1]), ops.reshape(ops.convert(seed, "uint32"), [1])], 0);
  }
  if (typeof seed === "bigint") {
    if (seed < -(2n ** 63n) || seed >= 2n ** 63n) throw new ArgumentError(`${op}: seed ${showValue(seed)} is outside the int64 range.`);
    return new ConcreteTensor(new Uint32Array([Number((seed >> 32n) & 0xffffffffn), Number(seed & 0xffffffffn)]), [2], "uint32");
  }
  if (typeof seed !== "number" || !Number.isSafeInteger(seed)) {
    throw new ArgumentError(`${op}: seed must be an integer, got ${describe(seed)}.`);
  }
  // a negative seed sign-extends: -1 -> [0xffffffff, 0xffffffff]
  return new ConcreteTensor(new Uint32Array([Math.floor(seed / TWO32) >>> 0, seed >>> 0]), [2], "uint32");
}

/**
 * New keys from one, as a uint32[num, 2] tensor (`num` may be a shape:
 * uint32[...num, 2]); they iterate along axis 0.
 *
 * @example
 * const [k1, k2] = random.split(random.key(0));
 * random.split(random.key(1), 3).shape; // [3, 2]
 */
export function split(key: Tensor, num: number | readonly number[] = 2): Tensor {
  const op = "random.split";
  keyOrThrow(op, key);
  const shape = typeof num === "number" ? [num] : isArrayArg(op, num) ? denseArrayOrThrow(op, "num", num) : null;
  if (shape === null || !isValidShape(shape)) throw new ArgumentError(`${op}: num must be a non-negative integer or a shape, got ${describe(num)}.`);
  bufferSizeOrThrow(op, [...shape, 2], "uint32");
  return splitKeys(key, shape);
}

/**
 * A new key from a key and a 32-bit integer (a number, or a 0-d integer
 * tensor, which may be traced), as `jax.random.fold_in`: the key hashes the
 * counter pair (0, data).
 *
 * @example
 * random.foldIn(random.key(0), 4).shape; // [2]
 */
export function foldIn(key: Tensor, data: number | Tensor): Tensor {
  const op = "random.foldIn";
  keyOrThrow(op, key);
  let word: Tensor;
  if (isTensorArg(op, data)) {
    liveTensorOrThrow(op, data);
    if (data.shape.length !== 0 || !(isInteger(data.dtype) || data.dtype === "bool")) {
      throw new ArgumentError(`${op}: data must be a 0-d integer tensor or an integer, got ${describe(data)}.`);
    }
    word = ops.convert(data, "uint32");
  } else {
    if (typeof data !== "number" || !Number.isSafeInteger(data) || data < -(2 ** 31) || data >= TWO32) {
      throw new ArgumentError(`${op}: data must be an integer that fits in 32 bits, got ${describe(data)}.`);
    }
    word = u32(data >>> 0);
  }
  const [k0, k1] = keyWords(key);
  const [y0, y1] = ops.threefry2x32(k0, k1, u32(0), word);
  return ops.concatenate([ops.reshape(y0, [1]), ops.reshape(y1, [1])], 0);
}

/**
 * Uniform random uint32 words of `shape`, `jax.random.bits` (the dtype may
 * be given, and must be "uint32").
 *
 * @example
 * random.bits(random.key(0)).item(); // 4070199207
 */
export function bits(key: Tensor, shape: readonly number[] = [], dtypeOrOptions?: "uint32" | { dtype?: "uint32" }): Tensor {
  const op = "random.bits";
  keyOrThrow(op, key);
  const { dtype = "uint32" } = dtypeOptionsOrThrow<{ dtype?: DType }>(op, dtypeOrOptions, ["dtype"]);
  if (dtype !== "uint32") throw new DTypeError(`${op}: dtype must be "uint32" (tracegrad has no other unsigned type), got ${showValue(dtype)}.`);
  return bits32(key, shapeOrThrow(op, shape, "uint32"));
}

/**
 * Threefry-2x32 on raw uint32 words, as `jax.prng.threefry_2x32`: `threefry2x32([0, 0], [0, 0]) // [0x6b200159, 0x99ba4efe]`.
 *
 * @example
 * Array.from(random.threefry2x32([0, 0], [0, 0]), (w) => w.toString(16)); // ["6b200159", "99ba4efe"]
 */
export function threefry2x32(key: ArrayLike<number>, count: ArrayLike<number>): Uint32Array {
  const op = "random.threefry2x32";
  // read once and densely (a hole, a Proxy or a throwing getter is an ArgumentError), then checked word by word
  const words = (what: string, x: unknown): number[] | null => {
    const list = isArrayArg(op, x)
      ? denseArrayOrThrow(op, what, x)
      : ArrayBuffer.isView(x) && (x instanceof Uint32Array || x instanceof Int32Array || x instanceof Float64Array)
        ? Array.from(x)
        : null;
    return list !== null && list.every((v) => typeof v === "number" && Number.isFinite(v)) ? (list as number[]) : null;
  };
  const k = words("key", key);
  if (k === null || k.length !== 2) throw new ArgumentError(`${op}: key must be 2 uint32 words, got ${describe(key)}.`);
  const c = words("counts", count);
  if (c === null) throw new ArgumentError(`${op}: counts must be an array of uint32 words, got ${describe(count)}.`);
  bufferSizeOrThrow(op, [c.length], "uint32");
  const n = c.length, h = Math.ceil(n / 2);
  const out = new Uint32Array(n);
  for (let i = 0; i < h; i++) {
    const [y0, y1] = hashPair(k[0] >>> 0, k[1] >>> 0, c[i] >>> 0, h + i < n ? c[h + i] >>> 0 : 0);
    out[i] = y0;
    if (h + i < n) out[h + i] = y1;
  }
  return out;
}
