/**
 * e^x and e^x − 1 on lanes, for float64 and float32 (each in its own
 * precision). The argument is reduced to x = k·ln2 + r with |r| ≤ ln2/2
 * (k = x/ln2 rounded to nearest, ln 2 split in two so that k·ln2_hi is
 * exact, and the rounding error of r carried separately), then
 * e^r = 1 + (r + r²·P(r)) with P a near-minimax polynomial
 * (scripts/fit-kernels.py), and scaled by 2^k as two exact powers of two
 * (so that neither overflows before the result does, and a subnormal result
 * is rounded once). e^x − 1 = ((1 − 2^−k) + (e^r − 1))·2^k, which is exact
 * up to one rounding for every k. Measured errors: README, "Accuracy of
 * the elementwise kernels".
 *
 * @example
 * const y = expLanes(b, x); // in the lanes of x (f64 or f32)
 */
import { horner, type FloatLane, type Lanes } from "../lanes.ts";

// near-minimax fits of (e^r − 1 − r)/r² on |r| ≤ ln2/2 (scripts/fit-kernels.py)
const EXP_P64 = [
  5.0e-1, 1.6666666666666671e-1, 4.166666666666667e-2, 8.3333333333261409e-3, 1.3888888888883752e-3, 1.9841269874800492e-4,
  2.4801587325533364e-5, 2.7557255425746434e-6, 2.7557273661348614e-7, 2.5105206373957154e-8, 2.0914679376592083e-9,
];
const EXP_P32 = [5.0000000134577272e-1, 1.6666666681614256e-1, 4.1666465006040048e-2, 8.3333109344488602e-3, 1.3933641031986823e-3, 1.9890980869757241e-4];

/** The constants of each precision. */
const EXP = {
  f64: {
    p: EXP_P64,
    // ln 2 = hi + lo, hi with 32 significant bits (k·hi exact for |k| < 2^21)
    ln2Hi: 6.9314718036912382e-1,
    ln2Lo: 1.9082149292705877e-10,
    // x beyond these gives ∞ or 0 (k stays in [−1076, 1024], each half of 2^k a normal power of two)
    min: -746,
    max: 710,
    // adding and subtracting 1.5·2^52 rounds |t| < 2^51 to the nearest integer (ties to even)
    round: 6755399441055744,
  },
  f32: {
    p: EXP_P32,
    ln2Hi: 6.93145751953125e-1,
    ln2Lo: 1.4286068203094173e-6,
    min: -104,
    max: 89,
    round: 12582912,
  },
} as const;

/** The reduction shared by exp and expm1: k, and e^r − 1 for x = k·ln2 + r. */
function reduce<V>(b: Lanes<V>, x: V, type: FloatLane, min: number) {
  const c = EXP[type];
  const k1 = (v: number) => b.constant(v, type);
  // clamped (NaN passes through)
  const clamped = b.pmin(b.pmax(x, k1(min)), k1(c.max));
  // k = nearest(x / ln2)
  const magic = k1(c.round);
  const k = b.sub(b.add(b.mul(clamped, k1(Math.LOG2E)), magic), magic);
  // r = (x − k·ln2_hi) − k·ln2_lo, and the rounding error of that subtraction
  const hi = b.sub(clamped, b.mul(k, k1(c.ln2Hi)));
  const lo = b.mul(k, k1(c.ln2Lo));
  const r = b.sub(hi, lo);
  const rError = b.sub(b.sub(hi, r), lo);
  // e^(r + δ) − 1 ≈ r + (r²·P(r) + δ·(1 + r))
  const p = horner(b, r, c.p);
  const q = b.add(b.mul(b.mul(r, r), p), b.add(rError, b.mul(rError, r)));
  return { k, em1: b.add(r, q) };
}

/** y·2^k for integer-valued k, as two exact scalings (k/2 rounded down, then the rest). */
function scale<V>(b: Lanes<V>, y: V, k: V, type: FloatLane): V {
  const half = b.floor(b.mul(k, b.constant(0.5, type)));
  return b.mul(b.mul(y, b.pow2(half)), b.pow2(b.sub(k, half)));
}

/** e^x. */
export function expLanes<V>(b: Lanes<V>, x: V): V {
  const type = b.type(x) as FloatLane;
  const { k, em1 } = reduce(b, x, type, EXP[type].min);
  return scale(b, b.add(b.constant(1, type), em1), k, type);
}

/**
 * e^x as an unevaluated sum hi + lo (|lo| ≤ ulp(hi)/2): `hi` is `expLanes`'s
 * result and `lo` the part its final rounding drops, for functions of e^x
 * (the logistic function, tanh) that need more than its rounded value.
 */
export function expParts<V>(b: Lanes<V>, x: V): { hi: V; lo: V } {
  const type = b.type(x) as FloatLane;
  const { k, em1 } = reduce(b, x, type, EXP[type].min);
  const one = b.constant(1, type);
  const hi = b.add(one, em1);
  // hi − 1 is exact (Sterbenz), so lo is exactly what rounding 1 + em1 dropped
  const lo = b.sub(em1, b.sub(hi, one));
  return { hi: scale(b, hi, k, type), lo: scale(b, lo, k, type) };
}

/** e^x − 1, accurate near 0 (−0 stays −0). */
export function expm1Lanes<V>(b: Lanes<V>, x: V): V {
  const type = b.type(x) as FloatLane;
  // below −40 (float32: −18), e^x − 1 rounds to −1
  const { k, em1 } = reduce(b, x, type, type === "f64" ? -40 : -18);
  // 1 − 2^−k: exact while 2^−k ≥ 2^−53, 1 below that; −k ≥ −1000 keeps 2^−k a normal number
  const one = b.constant(1, type);
  const bottom = type === "f64" ? -1000 : -120;
  const oneMinus = b.sub(one, b.pow2(b.max(b.neg(k), b.constant(bottom, type))));
  const y = scale(b, b.add(oneMinus, em1), k, type);
  return b.select(b.eq(x, b.constant(0, type)), x, y);
}
