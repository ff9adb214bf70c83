/**
 * Integer and index samplers, each JAX's algorithm: `randint` (two words
 * per draw reduced modulo the span), `bernoulli` (u < p), `rademacher`,
 * `geometric`, `poisson` (Knuth below λ = 10, transformed rejection above,
 * as a primitive), `categorical` (the Gumbel-max trick, or Gumbel top-k
 * without replacement), `choice`, and `permutation`/`shuffle` (rounds of a
 * stable sort by random words). Their values are integers or elements of
 * the input: zero derivatives, except `permutation`/`choice`/`shuffle` of a
 * float array, which differentiate through the gather of its elements.
 *
 * @example
 * random.randint(random.key(0), [3], 0, 10).dtype; // "int32"
 * random.permutation(random.key(0), 5);
 */
import type { DType } from "../../array/dtype.ts";
import { sizeOf } from "../../array/shape.ts";
import { dtypeOptionsOrThrow, isArrayArg, isTensorArg, optionsOrThrow, showValue, toTensor } from "../../core/convert.ts";
import { ArgumentError, DTypeError, ShapeError } from "../../core/errors.ts";
import { bufferSizeOrThrow } from "../../core/limits.ts";
import * as ops from "../../core/ops.ts";
import { currentLayout } from "../../core/randomSettings.ts";
import { ConcreteTensor, type Tensor, type ArrayLike } from "../../core/tensor.ts";
import { log as fdlibmLog } from "../../kernels/erfinv.ts";
import { booleanArg } from "../options.ts";
import { take } from "../indexing.ts";
import { bits32, describe, keyOrThrow, shapeOrThrow, split2 } from "./keys.ts";
import { c, drawShape, spread, standardGumbel, unitFloats, type FloatDType } from "./floats.ts";

type IntDType = "int32" | "uint32";
const RANGE: Record<IntDType, [number, number]> = { int32: [-(2 ** 31), 2 ** 31 - 1], uint32: [0, 2 ** 32 - 1] };

function intDtypeOf(op: string, dtypeOrOptions: unknown, allowFloat = false): IntDType | FloatDType {
  const { dtype = "int32" } = dtypeOptionsOrThrow<{ dtype?: DType }>(op, dtypeOrOptions, ["dtype"]);
  if (dtype === "int32" || dtype === "uint32" || (allowFloat && (dtype === "float64" || dtype === "float32"))) return dtype as IntDType | FloatDType;
  throw new DTypeError(`${op}: dtype must be ${allowFloat ? '"int32", "uint32", "float64" or "float32"' : '"int32" or "uint32"'}, got ${showValue(dtype)}.`);
}

/** a mod b for uint32 tensors (b = 0 leaves a, as XLA's remainder of unsigned integers): a - ⌊a / b⌋·b, the quotient exact. */
function urem(a: Tensor, b: Tensor): Tensor {
  return ops.sub(a, ops.mul(ops.div(a, b), b));
}

/**
 * An integer bound of randint clipped into the dtype's range and converted
 * to it (JAX's `_convert_and_clip_integer`; floats truncate, as `astype(int)`),
 * and whether it was above the range (a JS boolean, or a bool tensor).
 */
function bound(op: string, name: string, x: ArrayLike, dtype: IntDType): [Tensor, Tensor | boolean] {
  const [lo, hi] = RANGE[dtype];
  if (typeof x === "number") {
    if (!Number.isSafeInteger(x)) throw new ArgumentError(`${op}: ${name} must be an integer, got ${describe(x)}.`);
    return [ops.scalar(Math.min(Math.max(x, lo), hi), dtype), x > hi];
  }
  let t = toTensor(x, op);
  if (t.dtype === "bool") t = ops.convert(t, "int32");
  if (t.dtype === dtype) return [t, false];
  // clip in the operand's own dtype to the part of [lo, hi] it can hold, then convert
  const own = t.dtype === "int32" ? RANGE.int32 : t.dtype === "uint32" ? RANGE.uint32 : [-Infinity, Infinity];
  const above = ops.gt(t, ops.scalar(Math.min(hi, own[1]), t.dtype));
  const clipped = ops.min(ops.max(t, ops.scalar(Math.max(lo, own[0]), t.dtype)), ops.scalar(Math.min(hi, own[1]), t.dtype));
  return [ops.convert(clipped, dtype), above];
}

/**
 * Uniform integers in [minval, maxval) (bounds broadcast with `shape` and
 * are clipped into the dtype; maxval ≤ minval gives minval), JAX's
 * `randint`: two random words per draw, (high·2³² + low) mod span.
 *
 * @example
 * random.randint(random.key(0), [3, 3], 0, 8);
 */
export function randint(key: Tensor, shape: readonly number[], minval: ArrayLike, maxval: ArrayLike, dtype?: IntDType | { dtype?: IntDType }): Tensor {
  const op = "random.randint";
  keyOrThrow(op, key);
  const d = intDtypeOf(op, dtype) as IntDType;
  const s = shapeOrThrow(op, shape, d);
  const [lo] = bound(op, "minval", minval, d);
  const [hi, hiAbove] = bound(op, "maxval", maxval, d);
  drawShape(op, s, [lo, hi], d);
  const [k1, k2] = split2(key);
  const higher = bits32(k1, s), lower = bits32(k2, s);
  const one = ops.scalar(1, "uint32");
  let span = ops.convert(ops.sub(hi, lo), "uint32");
  span = ops.select(ops.le(hi, lo), ops.broadcastTo(one, span.shape), span);
  // maxval past the dtype's maximum: one more (a span of 2^32 wraps to 0, which the remainders then leave alone)
  if (hiAbove !== false) {
    const bump = ops.bitwiseAnd(hiAbove === true ? ops.scalar(1, "bool") : (hiAbove as Tensor), ops.gt(hi, lo));
    span = ops.select(bump, ops.add(span, one), span);
  }
  // 2^32 mod span without overflow: (2^16 mod span)² mod span
  let multiplier = urem(ops.scalar(65536, "uint32"), span);
  multiplier = urem(ops.mul(multiplier, multiplier), span);
  const offset = urem(ops.add(ops.mul(urem(higher, spread(span, s)), spread(multiplier, s)), urem(lower, spread(span, s))), spread(span, s));
  return ops.add(spread(lo, s), ops.convert(offset, d));
}

/** A probability tensor of a float dtype. */
function probability(op: string, p: unknown): Tensor {
  if (!isTensorArg(op, p) && typeof p !== "number" && !isArrayArg(op, p)) throw new ArgumentError(`${op}: p must be a number or an array, got ${showValue(p)}.`);
  const t = toTensor(p as ArrayLike, op);
  if (t.dtype !== "float64" && t.dtype !== "float32") throw new DTypeError(`${op}: p must be a float, got ${describe(t)}.`);
  return t;
}

/**
 * Booleans that are true with probability p (u < p, u uniform in p's dtype); p broadcasts with `shape`.
 *
 * @example
 * random.bernoulli(random.key(0), 0.3, [10]);
 */
export function bernoulli(key: Tensor, p: ArrayLike = 0.5, shape?: readonly number[] | null): Tensor {
  const op = "random.bernoulli";
  keyOrThrow(op, key);
  const pt = probability(op, p);
  const s = drawShape(op, shape, [pt], pt.dtype);
  return ops.lt(unitFloats(key, s, pt.dtype as FloatDType), spread(pt, s));
}

/**
 * ±1 with equal probability (2·bernoulli(½) - 1), int32 unless a dtype is given.
 *
 * @example
 * random.rademacher(random.key(0), [4]);
 */
export function rademacher(key: Tensor, shape: readonly number[] = [], dtype?: string | { dtype?: string }): Tensor {
  const op = "random.rademacher";
  keyOrThrow(op, key);
  const d = intDtypeOf(op, dtype, true);
  // the uniforms are float64 whatever the dtype: check the larger of the two
  const heads = ops.convert(ops.lt(unitFloats(key, shapeOrThrow(op, shape, "float64"), "float64"), ops.scalar(0.5, "float64")), d);
  return ops.sub(ops.mul(ops.scalar(2, d), heads), ops.scalar(1, d));
}

/**
 * Geometric(p) draws on 1, 2, ...: ⌊log u / log(1 - p)⌋ + 1 (int32 unless a dtype is given).
 *
 * @example
 * random.geometric(random.key(0), 0.25, [4]);
 */
export function geometric(key: Tensor, p: ArrayLike, shape?: readonly number[] | null, dtype?: IntDType | { dtype?: IntDType }): Tensor {
  const op = "random.geometric";
  keyOrThrow(op, key);
  const d = intDtypeOf(op, dtype) as IntDType;
  let pt = toTensor(p, op);
  if (pt.dtype !== "float64" && pt.dtype !== "float32") pt = ops.convert(pt, "float64");
  const s = drawShape(op, shape, [pt], pt.dtype);
  const fd = pt.dtype as FloatDType;
  const logU = ops.log(unitFloats(key, s, fd));
  const logQ = spread(ops.log1p(ops.neg(pt)), s);
  return ops.convert(ops.add(ops.floor(ops.div(logU, logQ)), c(1, fd)), d);
}

/**
 * Poisson(λ) draws (int32), JAX's algorithm: Knuth's below λ = 10, Hörmann's
 * transformed rejection above; λ is used in float32, as JAX converts it.
 *
 * @example
 * random.poisson(random.key(0), 3, [5]);
 */
export function poisson(key: Tensor, lam: ArrayLike, shape?: readonly number[] | null, dtype?: IntDType | { dtype?: IntDType }): Tensor {
  const op = "random.poisson";
  keyOrThrow(op, key);
  const d = intDtypeOf(op, dtype) as IntDType;
  const lt = toTensor(lam, op);
  if (lt.dtype === "bool") throw new DTypeError(`${op}: lam must be numeric, got ${describe(lt)}.`);
  const s = drawShape(op, shape, [lt], "float32");
  const out = ops.randomPoisson(key, spread(lt.dtype === "float32" ? lt : ops.convert(lt, "float32"), s), currentLayout());
  return d === "int32" ? out : ops.convert(out, d);
}

// categorical and choice

/** Options of `categorical`. */
export interface CategoricalOptions {
  readonly axis?: number;
  readonly shape?: readonly number[];
  readonly replace?: boolean;
}

/**
 * Draws from categorical distributions with unnormalized log-probabilities
 * `logits` along `axis` (default -1): argmax(logits + Gumbel noise) (int32).
 * `shape` must end with the logits' batch shape (default: that shape);
 * `replace: false` draws distinct categories (Gumbel top-k along the leading axes).
 *
 * @example
 * random.categorical(random.key(0), np.log(np.array([0.1, 0.2, 0.7])), { shape: [5] });
 */
export function categorical(key: Tensor, logits: ArrayLike, axisOrOptions?: number | CategoricalOptions, shape?: readonly number[]): Tensor {
  const op = "random.categorical";
  keyOrThrow(op, key);
  const o = typeof axisOrOptions === "number" ? { axis: axisOrOptions, shape } : optionsOrThrow<CategoricalOptions>(op, axisOrOptions, ["axis", "shape", "replace"]);
  const replace = booleanArg(op, "replace", o.replace, true);
  let x = toTensor(logits, op);
  if (x.dtype !== "float64" && x.dtype !== "float32") x = ops.convert(x, "float64");
  if (x.ndim === 0) throw new ShapeError(`${op}: logits must have at least one axis, got ${describe(x)}.`);
  const rawAxis = (o.axis ?? -1) as number;
  if (!Number.isInteger(rawAxis) || rawAxis < -x.ndim || rawAxis >= x.ndim) throw new ArgumentError(`${op}: axis ${showValue(rawAxis)} is out of range for logits ${describe(x)}.`);
  const axis = rawAxis < 0 ? rawAxis + x.ndim : rawAxis;
  const batch = x.shape.filter((_, i) => i !== axis);
  const s = o.shape === undefined || o.shape === null ? batch : shapeOrThrow(op, o.shape, "int32");
  const suffix = s.slice(s.length - batch.length);
  if (s.length < batch.length || suffix.some((dim, i) => dim !== batch[i])) {
    throw new ShapeError(`${op}: shape ${showValue(s)} must end with the logits' batch shape ${showValue(batch)} (logits ${describe(x)}, axis ${axis}).`);
  }
  const prefix = s.slice(0, s.length - batch.length);
  const logitsShape = [...suffix.slice(0, axis), x.shape[axis], ...suffix.slice(axis)];
  // the noisy logits: one per category of each draw
  bufferSizeOrThrow(op, [...prefix, ...logitsShape], x.dtype);
  const expanded = ops.reshape(x, [...prefix.map(() => 1), ...x.shape]);
  const noisy = ops.add(standardGumbel(key, [...prefix, ...logitsShape], x.dtype as FloatDType), ops.broadcastTo(expanded, [...prefix, ...logitsShape]));
  const at = prefix.length + axis;
  if (replace) return ops.argmax(noisy, at);
  // without replacement: the k = prod(prefix) largest noisy logits of each distribution, in order
  const k = sizeOf(prefix);
  const n = x.shape[axis];
  if (k > n) throw new ArgumentError(`${op}: ${k} draws without replacement cannot exceed the ${n} categories.`);
  const noisyOne = ops.reshape(ops.slice(noisy, noisy.shape.map(() => 0), [1, ...noisy.shape.slice(1)].map((dim, i) => (i < prefix.length ? 1 : noisy.shape[i])), noisy.shape.map(() => 1)), logitsShape);
  const order = sortedIndices(ops.neg(noisyOne), axis);
  const top = ops.slice(order, order.shape.map(() => 0), order.shape.map((dim, i) => (i === axis ? k : dim)), order.shape.map(() => 1));
  // the k picks of each distribution become the leading axes
  const moved = ops.transpose(top, [axis, ...top.shape.map((_, i) => i).filter((i) => i !== axis)]);
  return ops.reshape(moved, s);
}

/** The positions of a stable ascending sort along `axis` (int32). */
function sortedIndices(keys: Tensor, axis: number): Tensor {
  return ops.sortKeyVal(keys, positionsAlong(keys.shape, axis), axis)[1];
}

/** Each element's index along `axis`, int32. */
function positionsAlong(shape: readonly number[], axis: number): ConcreteTensor {
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const n = shape[axis];
  const data = new Int32Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(i / inner) % n;
  return new ConcreteTensor(data, shape.slice(), "int32");
}

/** JAX's `_shuffle` on positions: rounds of a stable sort by fresh random words (3·ln(size)/ln(2³² - 1) rounds, rounded up), returning each place's source index along `axis`. */
function shuffledPositions(key: Tensor, shape: readonly number[], axis: number): Tensor {
  const size = sizeOf(shape);
  // fdlibm's log: the same round count on every engine
  const rounds = Math.ceil((3 * fdlibmLog(Math.max(1, size))) / fdlibmLog(0xffffffff));
  let positions: Tensor = positionsAlong(shape, axis);
  let k = key;
  for (let r = 0; r < rounds; r++) {
    const [next, sub] = split2(k);
    k = next;
    positions = ops.sortKeyVal(bits32(sub, shape), positions, axis)[1];
  }
  return positions;
}

/** `x` with each lane along `axis` reordered by `positions` (take along axis, through one gather of the flattened array). */
function reorder(x: Tensor, positions: Tensor, axis: number): Tensor {
  const inner = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const n = x.shape[axis];
  const offsets = new Int32Array(x.size);
  for (let i = 0; i < offsets.length; i++) offsets[i] = i - (Math.floor(i / inner) % n) * inner;
  const flat = ops.add(ops.mul(positions, ops.scalar(inner, "int32")), new ConcreteTensor(offsets, x.shape.slice(), "int32"));
  return ops.gather(ops.reshape(x, [x.size]), flat, 0);
}

function axisOrThrow(op: string, axis: unknown, ndim: number): number {
  if (typeof axis !== "number" || !Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new ArgumentError(`${op}: axis ${showValue(axis)} is out of range for ${ndim} axes.`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/**
 * A random permutation: of 0..x-1 (int32) when x is an integer, else of
 * x's slices along `axis` (every lane alike, or each lane on its own with
 * `independent: true`), JAX's sort-based shuffle.
 *
 * @example
 * random.permutation(random.key(0), 5);
 * random.permutation(random.key(0), np.arange(6).reshape(2, 3), { axis: 1 });
 */
export function permutation(key: Tensor, x: number | ArrayLike, axisOrOptions?: number | { axis?: number; independent?: boolean }): Tensor {
  const op = "random.permutation";
  keyOrThrow(op, key);
  const o = typeof axisOrOptions === "number" ? { axis: axisOrOptions } : optionsOrThrow<{ axis?: number; independent?: boolean }>(op, axisOrOptions, ["axis", "independent"]);
  const independent = booleanArg(op, "independent", o.independent, false);
  if (typeof x === "number") {
    if (!Number.isSafeInteger(x) || x < 0) throw new ArgumentError(`${op}: n must be a non-negative integer, got ${describe(x)}.`);
    if ((o.axis ?? 0) !== 0 && o.axis !== -1) throw new ArgumentError(`${op}: axis ${showValue(o.axis)} is out of range for a permutation of n.`);
    bufferSizeOrThrow(op, [x], "int32");
    return shuffledPositions(key, [x], 0);
  }
  const t = toTensor(x, op);
  if (t.ndim === 0) {
    // a 0-d integer array: a permutation of arange(x), which must be known
    if (t.dtype !== "int32" && t.dtype !== "uint32") throw new ArgumentError(`${op}: x must be an integer or at least 1-dimensional, got ${describe(t)}.`);
    return permutation(key, t.toConcrete(op).item(), o as { axis?: number });
  }
  const axis = axisOrThrow(op, o.axis ?? 0, t.ndim);
  if (independent || t.ndim === 1) return reorder(t, shuffledPositions(key, t.shape, axis), axis);
  return take(t, shuffledPositions(key, [t.shape[axis]], 0), axis);
}

/**
 * `x` with every lane along `axis` shuffled independently (JAX's deprecated `shuffle`; `permutation` with `independent: true`).
 *
 * @example
 * random.shuffle(random.key(0), np.arange(5));
 */
export function shuffle(key: Tensor, x: ArrayLike, axis = 0): Tensor {
  const op = "random.shuffle";
  keyOrThrow(op, key);
  const t = toTensor(x, op);
  if (t.ndim === 0) throw new ShapeError(`${op}: x must have at least one axis, got ${describe(t)}.`);
  const a = axisOrThrow(op, axis, t.ndim);
  return reorder(t, shuffledPositions(key, t.shape, a), a);
}

/** Options of `choice`. */
export interface ChoiceOptions {
  readonly replace?: boolean;
  readonly p?: ArrayLike;
  readonly axis?: number;
}

/**
 * Draws of `shape` from `a` (an array, along `axis`; or 0..a-1 for an
 * integer a), with replacement by default, uniformly or with probabilities
 * `p` (JAX's algorithms: randint, a permutation's first draws, inverse
 * CDF by search in cumsum(p), or Gumbel top-k).
 *
 * @example
 * random.choice(random.key(0), 5, [3], { replace: false });
 * random.choice(random.key(0), np.array([10, 20, 30]), [4], { p: [0.2, 0.3, 0.5] });
 */
export function choice(key: Tensor, a: number | ArrayLike, shape: readonly number[] = [], options?: ChoiceOptions | boolean): Tensor {
  const op = "random.choice";
  keyOrThrow(op, key);
  const o = typeof options === "boolean" ? { replace: options } : optionsOrThrow<ChoiceOptions>(op, options, ["replace", "p", "axis"]);
  const replace = booleanArg(op, "replace", o.replace, true);
  const s = shapeOrThrow(op, shape, "int32");
  const arr = typeof a === "number" ? null : toTensor(a, op);
  let n: number;
  let axis = 0;
  if (arr === null || arr.ndim === 0) {
    const value = arr === null ? a : arr.toConcrete(op).item();
    if (typeof value !== "number" || !Number.isSafeInteger(value)) throw new ArgumentError(`${op}: a must be an integer or an array, got ${describe(a)}.`);
    n = value;
  } else {
    axis = axisOrThrow(op, o.axis ?? 0, arr.ndim);
    n = arr.shape[axis];
  }
  const draws = sizeOf(s);
  const outDtype = arr === null || arr.ndim === 0 ? "int32" : arr.dtype;
  const outShape = arr === null || arr.ndim === 0 ? s : [...arr.shape.slice(0, axis), ...s, ...arr.shape.slice(axis + 1)];
  bufferSizeOrThrow(op, outShape, outDtype);
  if (draws === 0) return ops.full(outShape, 0, outDtype);
  if (n <= 0) throw new ArgumentError(`${op}: a must be greater than 0 unless no samples are taken, got ${n}.`);
  if (!replace && draws > n) throw new ArgumentError(`${op}: cannot take a larger sample (size ${draws}) than the population (size ${n}) when replace is false.`);
  let ind: Tensor;
  if (o.p === undefined || o.p === null) {
    if (replace) ind = randint(key, s, 0, n);
    else {
      bufferSizeOrThrow(op, [n], "int32");
      ind = ops.slice(shuffledPositions(key, [n], 0), [0], [draws], [1]);
    }
  } else {
    let p = toTensor(o.p as ArrayLike, op);
    if (p.dtype !== "float64" && p.dtype !== "float32") p = ops.convert(p, "float64");
    if (p.ndim !== 1 || p.shape[0] !== n) throw new ShapeError(`${op}: p must be a 1-d array of the ${n} probabilities of a's entries, got ${describe(p)}.`);
    const fd = p.dtype as FloatDType;
    if (replace) {
      // inverse CDF: the first i with cumsum(p)[i] >= r, r uniform in (0, total]
      const cumulative = ops.cumsum(p, 0);
      const total = ops.reshape(ops.slice(cumulative, [n - 1], [n], [1]), []);
      bufferSizeOrThrow(op, [...s, n], fd);
      const r = ops.mul(total, ops.sub(c(1, fd), unitFloats(key, s, fd)));
      const below = ops.lt(ops.broadcastTo(cumulative, [...s, n]), ops.broadcastTo(ops.reshape(r, [...s, 1]), [...s, n]));
      ind = ops.reduceSum(ops.convert(below, "int32"), [s.length]);
    } else {
      // Gumbel top-k: the draws smallest of -gumbel - log p
      const g = ops.sub(ops.neg(standardGumbel(key, [n], fd)), ops.log(p));
      ind = ops.slice(sortedIndices(g, 0), [0], [draws], [1]);
    }
  }
  if (arr === null || arr.ndim === 0) return ops.reshape(ind, s);
  return ops.reshape(take(arr, ops.reshape(ind, [draws]), axis), outShape);
}
