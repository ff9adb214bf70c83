/**
 * `nn.dotProductAttention`, JAX's scaled dot-product attention (its XLA
 * path): softmax(Q·Kᵀ·scale + bias, masked)·V for query `[B, T, N, H]` and
 * key/value `[B, S, K, H]` (or the same without B), with grouped-query heads
 * (N a multiple of K: query head n uses key/value head ⌊n/(N/K)⌋), a boolean
 * `mask` and an additive `bias` broadcastable to `[B, N, T, S]`, `isCausal`,
 * per-batch sequence lengths and a local window. Masked logits become
 * −0.7·(the dtype's largest value) before a max-shifted softmax, so a fully
 * masked row attends uniformly instead of giving NaN (as JAX's).
 *
 * @example
 * const q = random.normal(random.key(0), [2, 5, 4, 8]);   // B=2, T=5, N=4 heads, H=8
 * const kv = random.normal(random.key(1), [2, 7, 2, 8]);  // S=7, K=2 key/value heads
 * nn.dotProductAttention(q, kv, kv, null, null, { isCausal: true }).shape; // [2, 5, 4, 8]
 */
import * as ops from "../core/ops.ts";
import { optionsOrThrow, showValue, toTensor } from "../core/convert.ts";
import { ArgumentError, DTypeError, ShapeError } from "../core/errors.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";
import { isFloat } from "../array/dtype.ts";
import { broadcastShapes } from "../array/shape.ts";

const OP = "dotProductAttention";
const FLOAT_MAX = { float64: Number.MAX_VALUE, float32: 3.4028234663852886e38 } as const;

/** Options of `dotProductAttention` (JAX's keyword-only arguments). */
export interface AttentionOptions {
  /** The logits' scale; default 1/√H. */
  readonly scale?: number | null;
  /** Query t attends only to keys s <= t (a lower-triangular T×S mask). */
  readonly isCausal?: boolean;
  /** int32 `[B]`: query positions t >= length attend to nothing and give zeros (with keyValueSeqLengths). */
  readonly querySeqLengths?: ArrayLike | null;
  /** int32 `[B]`: key positions s >= length are masked. */
  readonly keyValueSeqLengths?: ArrayLike | null;
  /** `[left, right]` (or one number for both): query t attends to keys in [t − left, t + right]. */
  readonly localWindowSize?: number | readonly [number, number] | null;
}

const shapeText = (t: Tensor) => `${t.dtype}[${t.shape.join(",")}]`;

/** A 4-d tensor: leading 1s added to a 3-d (or smaller) one, as JAX's `_ensure_4d`. */
function ensure4d(name: string, x: ArrayLike): Tensor {
  const t = toTensor(x, OP);
  if (t.ndim > 4) throw new ShapeError(`${OP}: ${name} must have at most 4 dimensions, got ${shapeText(t)}.`);
  return t.ndim === 4 ? t : ops.reshape(t, [...new Array<number>(4 - t.ndim).fill(1), ...t.shape]);
}

/** An int32 `[B]` tensor of sequence lengths, broadcast for the masks. */
function lengthsOrThrow(name: string, x: ArrayLike | null | undefined, batch: number): Tensor | null {
  if (x === null || x === undefined) return null;
  const t = toTensor(x, OP);
  if (t.dtype !== "int32" || t.ndim !== 1 || t.shape[0] !== batch) {
    throw new ShapeError(`${OP}: ${name} must be an int32 [${batch}] tensor (one length per batch element), got ${shapeText(t)}.`);
  }
  return t;
}

/** Positions 0…n−1 as an int32 tensor. */
const positions = (n: number) => ops.fromInt32(Int32Array.from({ length: n }, (_, i) => i));

/**
 * Scaled dot-product attention, JAX's `jax.nn.dot_product_attention`: query `[B, T, N, H]`, key and value
 * `[B, S, K, H]` (N a multiple of K), optional `bias` and boolean `mask` broadcastable to `[B, N, T, S]`;
 * returns `[B, T, N, H]` (3-d inputs give 3-d output). The softmax is max-shifted, in the logits' float dtype.
 *
 * @example
 * nn.dotProductAttention(np.ones([1, 2, 1, 4]), np.ones([1, 3, 1, 4]), np.ones([1, 3, 1, 4])).shape; // [1, 2, 1, 4]
 */
export function dotProductAttention(
  query: ArrayLike,
  key: ArrayLike,
  value: ArrayLike,
  bias?: ArrayLike | null,
  mask?: ArrayLike | null,
  options?: AttentionOptions,
): Tensor {
  const opts = optionsOrThrow<NonNullable<typeof options>>(OP, options, ["scale", "isCausal", "querySeqLengths", "keyValueSeqLengths", "localWindowSize"]);
  const outputShape = toTensor(query, OP).shape;
  const q = ensure4d("query", query);
  const k = ensure4d("key", key);
  const v = ensure4d("value", value);
  const [B, S, K, H] = k.shape;
  const [, T, N] = q.shape;
  if (!isFloat(k.dtype)) throw new DTypeError(`${OP}: key must be a float tensor, got ${shapeText(k)}.`);
  if (v.dtype !== k.dtype || q.dtype !== k.dtype) {
    throw new DTypeError(`${OP}: query, key and value must have one dtype, got ${shapeText(q)}, ${shapeText(k)}, ${shapeText(v)}.`);
  }
  if (v.shape.some((d, i) => d !== k.shape[i])) throw new ShapeError(`${OP}: value ${shapeText(v)} must have the shape of key ${shapeText(k)}.`);
  if (q.shape[0] !== B || q.shape[3] !== H) {
    throw new ShapeError(`${OP}: query ${shapeText(q)} must be [B=${B}, T, N, H=${H}] to match key ${shapeText(k)}.`);
  }
  if (K === 0 || N % K !== 0) throw new ShapeError(`${OP}: the number of query heads ${N} must be a multiple of the key/value heads ${K}.`);
  const scale = opts.scale ?? 1 / Math.sqrt(H);
  if (typeof scale !== "number") throw new ArgumentError(`${OP}: scale must be a number, got ${showValue(scale)}.`);
  const isCausal = opts.isCausal ?? false;
  if (typeof isCausal !== "boolean") throw new ArgumentError(`${OP}: isCausal must be a boolean, got ${showValue(isCausal)}.`);
  const G = N / K;
  const dtype = q.dtype;

  // logits [B, K, G, T, S] = Σ_h q[b, t, k·G + g, h]·key[b, s, k, h]
  const grouped = ops.reshape(q, [B, T, K, G, H]);
  const raw = ops.transpose(ops.dotGeneral(grouped, k, [[4], [3]], [[0, 2], [0, 2]]), [0, 1, 3, 2, 4]);
  let logits = ops.reshape(ops.mulScalar(raw, scale), [B, N, T, S]);
  const full = [B, N, T, S];
  const fit = (name: string, t: Tensor) => {
    const shape = broadcastShapes(t.shape, full);
    if (shape === null || shape.some((d, i) => d !== full[i])) {
      throw new ShapeError(`${OP}: ${name} ${shapeText(t)} must broadcast to [B, N, T, S] = [${full.join(", ")}].`);
    }
    return ops.broadcastTo(t, full);
  };
  if (bias !== null && bias !== undefined) logits = ops.add(logits, ops.convert(fit("bias", ensure4d("bias", bias)), dtype));

  // the combined boolean mask, [B, N, T, S]
  const masks: Tensor[] = [];
  if (mask !== null && mask !== undefined) {
    const m = ensure4d("mask", mask);
    if (m.dtype !== "bool") throw new DTypeError(`${OP}: mask must be a bool tensor (true: attend), got ${shapeText(m)}; pass an additive mask as bias.`);
    masks.push(fit("mask", m));
  }
  const tPos = ops.broadcastInDim(positions(T), full, [2]);
  const sPos = ops.broadcastInDim(positions(S), full, [3]);
  if (isCausal) masks.push(ops.le(sPos, tPos));
  const window = opts.localWindowSize;
  if (window !== null && window !== undefined) {
    const pair = typeof window === "number" ? [window, window] : Array.isArray(window) && window.length === 2 ? window : null;
    if (pair === null || !pair.every((w) => typeof w === "number" && Number.isSafeInteger(w) && w >= 0)) {
      throw new ArgumentError(`${OP}: localWindowSize must be a non-negative integer or a pair of them, got ${showValue(window)}.`);
    }
    const [left, right] = pair as number[];
    // s in [t − left, t + right]
    masks.push(ops.le(tPos, ops.add(sPos, ops.scalar(left, "int32"))), ops.ge(tPos, ops.sub(sPos, ops.scalar(right, "int32"))));
  }
  const queryLengths = lengthsOrThrow("querySeqLengths", opts.querySeqLengths as ArrayLike | null | undefined, B);
  const keyLengths = lengthsOrThrow("keyValueSeqLengths", opts.keyValueSeqLengths as ArrayLike | null | undefined, B);
  if (queryLengths !== null) masks.push(ops.lt(tPos, ops.broadcastInDim(queryLengths, full, [0])));
  if (keyLengths !== null) masks.push(ops.lt(sPos, ops.broadcastInDim(keyLengths, full, [0])));
  if (masks.length > 0) {
    const allowed = masks.reduce((a, b) => ops.select(a, b, a));
    logits = ops.select(allowed, logits, ops.scalar(-0.7 * FLOAT_MAX[dtype as "float64" | "float32"], dtype));
  }

  // a max-shifted softmax over S (the shift carries no gradient)
  const shift = ops.stopGradient(ops.reduceMax(logits, [3]));
  const e = ops.exp(ops.sub(logits, ops.broadcastInDim(shift, full, [0, 1, 2])));
  const probs = ops.div(e, ops.broadcastInDim(ops.reduceSum(e, [3]), full, [0, 1, 2]));

  // encoded [B, T, N, H] = Σ_s probs[b, k·G + g, t, s]·value[b, s, k, h]
  const weighted = ops.dotGeneral(ops.reshape(probs, [B, K, G, T, S]), v, [[4], [1]], [[0, 1], [0, 2]]);
  let encoded = ops.reshape(ops.transpose(weighted, [0, 3, 1, 2, 4]), [B, T, N, H]);
  if (queryLengths !== null && keyLengths !== null) {
    const valid = ops.lt(ops.broadcastInDim(positions(T), [B, T, N, H], [1]), ops.broadcastInDim(queryLengths, [B, T, N, H], [0]));
    encoded = ops.select(valid, encoded, ops.scalar(0, dtype));
  }
  return ops.reshape(encoded, outputShape);
}

