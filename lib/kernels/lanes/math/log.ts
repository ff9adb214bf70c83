/**
 * ln x and ln(1 + x) on lanes, for float64 and float32. x = 2^k·m with
 * √2/2 ≤ m < √2 from the bits (subnormals scaled up first), f = m − 1
 * (exact), s = f/(2 + f), and ln(1 + f) = f − (f²/2 − s·(f²/2 + R)) with
 * R = s²·T(s²) a near-minimax polynomial (scripts/fit-kernels.py): the
 * large term f is exact and the correction small, so one rounding
 * dominates. ln(1 + x) computes u = 1 + x and adds the rounding error of
 * that sum back (c/u). Zero, negative, infinite and NaN inputs get the
 * IEEE results (−∞, NaN, ∞, NaN; −0 stays −0 for log1p).
 *
 * @example
 * const y = logLanes(b, x);
 */
import { horner, type FloatLane, type Lanes } from "../lanes.ts";

// near-minimax fits of (2·atanh(s) − 2s)/s³ in z = s², s ≤ 3 − 2√2 (scripts/fit-kernels.py)
const LOG_T64 = [
  6.6666666666666666e-1, 4.0000000000000877e-1, 2.8571428570803612e-1, 2.2222222391713917e-1, 1.8181795640132903e-1,
  1.5386239702814814e-1, 1.3268773138652724e-1, 1.3086626147883623e-1,
];
const LOG_T32 = [6.6666685039575857e-1, 3.9988780566021276e-1, 2.9579949392004809e-1];

const LOG = {
  f64: { t: LOG_T64, ln2Hi: 6.9314718036912382e-1, ln2Lo: 1.9082149292705877e-10, subnormalScale: 54, smallestNormal: 2 ** -1022 },
  f32: { t: LOG_T32, ln2Hi: 6.93145751953125e-1, ln2Lo: 1.4286068203094173e-6, subnormalScale: 25, smallestNormal: 2 ** -126 },
} as const;

/**
 * ln(u) + c/u for u > 0 finite (c a small correction of u, 0 for plain ln):
 * k·ln2 + ln(1 + f), with c/u added next to k·ln2_lo.
 */
function logCore<V>(b: Lanes<V>, u: V, correction: V | null, type: FloatLane): V {
  const c = LOG[type];
  const k1 = (v: number) => b.constant(v, type);
  // subnormals: scale by 2^scale (exact) and take it off the exponent
  const tiny = b.lt(u, k1(c.smallestNormal));
  const scaled = b.select(tiny, b.mul(u, b.pow2(k1(c.subnormalScale))), u);
  let k = b.sub(b.exponent(scaled), b.select(tiny, k1(c.subnormalScale), k1(0)));
  let m = b.mantissa(scaled);
  // m in [√2/2, √2)
  const high = b.gt(m, k1(Math.SQRT2));
  m = b.select(high, b.mul(m, k1(0.5)), m);
  k = b.add(k, b.select(high, k1(1), k1(0)));
  const f = b.sub(m, k1(1));
  const s = b.div(f, b.add(f, k1(2)));
  const z = b.mul(s, s);
  const r = b.mul(z, horner(b, z, c.t));
  const hfsq = b.mul(b.mul(f, f), k1(0.5));
  let low = b.mul(k, k1(c.ln2Lo));
  if (correction !== null) low = b.add(low, b.div(correction, u));
  // k·ln2_hi − ((hfsq − (s·(hfsq + R) + k·ln2_lo)) − f)
  const inner = b.sub(hfsq, b.add(b.mul(s, b.add(hfsq, r)), low));
  return b.sub(b.mul(k, k1(c.ln2Hi)), b.sub(inner, f));
}

/** IEEE results at the edges: ln 0 = −∞, ln(negative) = NaN, ln ∞ = ∞, NaN stays NaN. */
function edges<V>(b: Lanes<V>, u: V, y: V, type: FloatLane): V {
  const k1 = (v: number) => b.constant(v, type);
  let out = b.select(b.eq(u, k1(Infinity)), u, y);
  out = b.select(b.eq(u, k1(0)), k1(-Infinity), out);
  // u < 0 or NaN: NaN (u − u is NaN for NaN)
  return b.select(b.lt(u, k1(0)), k1(NaN), b.select(b.ne(u, u), u, out));
}

/** ln x. */
export function logLanes<V>(b: Lanes<V>, x: V): V {
  const type = b.type(x) as FloatLane;
  return edges(b, x, logCore(b, x, null, type), type);
}

/** ln(1 + x), accurate near 0 (−0 stays −0). */
export function log1pLanes<V>(b: Lanes<V>, x: V): V {
  const type = b.type(x) as FloatLane;
  const one = b.constant(1, type);
  // u = 1 + x and its rounding error c (TwoSum): u + c = 1 + x exactly
  const u = b.add(one, x);
  const bv = b.sub(u, one);
  const c = b.add(b.sub(one, b.sub(u, bv)), b.sub(x, bv));
  const y = edges(b, u, logCore(b, u, c, type), type);
  return b.select(b.eq(x, b.constant(0, type)), x, y);
}
