/**
 * arctan x on float64 lanes (float32 computes it in float64 and rounds).
 * |x| is reduced, as in Sun's fdlibm, to |t| ≤ 7/16 by
 * atan x = atan c + atan((x − c)/(1 + x·c)) with c = 0, 1/2, 1, 3/2 or ∞
 * (chosen per lane by comparisons, one division for all), then
 * atan t = t + t³·A(t²) (near-minimax, scripts/fit-kernels.py), and
 * atan c added as hi + lo.
 *
 * @example
 * const y = atanLanes(b, x);
 */
import { horner, type Lanes } from "../lanes.ts";

// near-minimax fit of (atan t − t)/t³ in z = t², |t| ≤ 7/16 (scripts/fit-kernels.py)
const ATAN_A64 = [
  -3.3333333333333333e-1, 1.999999999999941e-1, -1.4285714285566806e-1, 1.1111111096645037e-1, -9.0909083556025927e-2,
  7.6922855548892851e-2, -6.6662419233599532e-2, 5.8769464567549549e-2, -5.2166797393129549e-2, 4.4922592931907894e-2,
  -3.3128134256003508e-2, 1.4773184616918178e-2,
];

const NEGATED_A64 = ATAN_A64.map((c) => -c);

/** atan(1/2), atan(1), atan(3/2), π/2 as hi + lo. */
const BASES = [
  [0.4636476090008061, 2.2698777452961687e-17],
  [0.7853981633974483, 3.061616997868383e-17],
  [0.982793723247329, 1.3903311031230998e-17],
  [1.5707963267948966, 6.123233995736766e-17],
] as const;

/** arctan x (±0 stays itself; ±π/2 at ±∞; NaN stays NaN). */
export function atanLanes<V>(b: Lanes<V>, x: V): V {
  const k1 = (v: number) => b.constant(v, "f64");
  const a = b.abs(x);
  const ranges = [b.ge(a, k1(7 / 16)), b.ge(a, k1(11 / 16)), b.ge(a, k1(19 / 16)), b.ge(a, k1(39 / 16))];
  // t = num/den per range: a/1, (2a − 1)/(2 + a), (a − 1)/(a + 1), (a − 1.5)/(1 + 1.5a), −1/a
  const nums = [a, b.sub(b.add(a, a), k1(1)), b.sub(a, k1(1)), b.sub(a, k1(1.5)), k1(-1)];
  const dens = [k1(1), b.add(k1(2), a), b.add(a, k1(1)), b.add(k1(1), b.mul(a, k1(1.5))), a];
  let num = nums[0];
  let den = dens[0];
  let baseHi = k1(0);
  let baseLo = k1(0);
  ranges.forEach((inRange, i) => {
    num = b.select(inRange, nums[i + 1], num);
    den = b.select(inRange, dens[i + 1], den);
    baseHi = b.select(inRange, k1(BASES[i][0]), baseHi);
    baseLo = b.select(inRange, k1(BASES[i][1]), baseLo);
  });
  const t = b.div(num, den);
  const z = b.mul(t, t);
  // atan t = t − d with d = −t·z·A(z); with the base: hi − ((d − lo) − t)
  const d = b.mul(b.mul(t, z), horner(b, z, NEGATED_A64));
  const magnitude = b.sub(baseHi, b.sub(b.sub(d, baseLo), t));
  const signed = b.select(b.lt(x, k1(0)), b.neg(magnitude), magnitude);
  return b.select(b.eq(x, k1(0)), x, signed);
}
