/**
 * sin x and cos x on float64 lanes (float32 computes them in float64 and
 * rounds). x = k·π/2 + r with k = x·2/π rounded to nearest and π/2 in four
 * pieces (three of 33 bits, so that k·piece is exact for |k| < 2^20, and the
 * rest), the subtractions kept exact by TwoSum, so r is known to about 2^−100
 * relative even where x is close to a multiple of π/2; then
 * sin r = r + r³·S(r²) and cos r = 1 − r²/2 + r⁴·C(r²) (near-minimax,
 * scripts/fit-kernels.py) with the tail of r carried, and the quadrant k mod 4
 * picks and signs them. Past |x| = 2^20·π/2 (and for ±∞, NaN) the lanes take
 * V8's `Math.sin`/`Math.cos` (`escape`), which reduce huge arguments exactly.
 *
 * @example
 * const y = sinLanes(b, x);
 */
import { horner, type Lanes } from "../lanes.ts";

// near-minimax fits on |r| ≤ π/4 (scripts/fit-kernels.py): (sin r − r)/r³ and (cos r − 1 + r²/2)/r⁴ in z = r²
const SIN_S64 = [
  -1.6666666666666667e-1, 8.3333333333333315e-3, -1.9841269841265065e-4, 2.7557319219339167e-6, -2.5052106232447577e-8,
  1.6058531618986145e-10, -7.5866971177068292e-13,
];
const COS_C64 = [
  4.1666666666666667e-2, -1.3888888888888888e-3, 2.4801587301584646e-5, -2.7557319221402824e-7, 2.0876755791080424e-9,
  -1.1470460887609958e-11, 4.7458719020432422e-14,
];

// π/2 = P1 + P2 + P3 + P4: three pieces of 33 significant bits and the rest (scripts/fit-kernels.py)
const P1 = 1.5707963267341256;
const P2 = 6.077100506303966e-11;
const P3 = 2.0222662487111665e-21;
const P4 = 8.4784276603689e-32;

/** Below this |x| the reduction above is exact enough; beyond it, Math.sin/Math.cos. */
const REDUCTION_LIMIT = 2 ** 20 * (Math.PI / 2);

/** a − b as hi + lo exactly (Knuth's TwoSum). */
function twoDifference<V>(b: Lanes<V>, a: V, c: V): { hi: V; lo: V } {
  const hi = b.sub(a, c);
  const back = b.sub(hi, a);
  const lo = b.sub(b.sub(a, b.sub(hi, back)), b.add(c, back));
  return { hi, lo };
}

/** The quadrant k mod 4 and r = x − k·π/2 as hi + lo, for |x| < REDUCTION_LIMIT (other lanes reduce 0). */
function reduce<V>(b: Lanes<V>, x: V, inRange: V) {
  const k1 = (v: number) => b.constant(v, "f64");
  const xs = b.select(inRange, x, k1(0));
  const magic = k1(6755399441055744);
  const k = b.sub(b.add(b.mul(xs, k1(2 / Math.PI)), magic), magic);
  const y0 = b.sub(xs, b.mul(k, k1(P1)));
  const d1 = twoDifference(b, y0, b.mul(k, k1(P2)));
  const d2 = twoDifference(b, d1.hi, b.mul(k, k1(P3)));
  const tail = b.sub(b.add(d1.lo, d2.lo), b.mul(k, k1(P4)));
  const hi = b.add(d2.hi, tail);
  const lo = b.sub(tail, b.sub(hi, d2.hi));
  const quadrant = b.sub(k, b.mul(b.floor(b.mul(k, k1(0.25))), k1(4)));
  return { hi, lo, quadrant };
}

/** sin(hi + lo) for |hi| ≤ π/4. */
function sinKernel<V>(b: Lanes<V>, hi: V, lo: V): V {
  const z = b.mul(hi, hi);
  // sin(h + l) ≈ h + (h·z·S(z) + l·(1 − z/2))
  const poly = b.mul(b.mul(hi, z), horner(b, z, SIN_S64));
  const tail = b.mul(lo, b.sub(b.constant(1, "f64"), b.mul(z, b.constant(0.5, "f64"))));
  return b.add(hi, b.add(poly, tail));
}

/** cos(hi + lo) for |hi| ≤ π/4. */
function cosKernel<V>(b: Lanes<V>, hi: V, lo: V): V {
  const one = b.constant(1, "f64");
  const z = b.mul(hi, hi);
  const hz = b.mul(z, b.constant(0.5, "f64"));
  const w = b.sub(one, hz);
  // cos(h + l) ≈ w + (((1 − w) − z/2) + (z²·C(z) − h·l)), the rounding of w = 1 − z/2 added back
  const poly = b.mul(b.mul(z, z), horner(b, z, COS_C64));
  return b.add(w, b.add(b.sub(b.sub(one, w), hz), b.sub(poly, b.mul(hi, lo))));
}

function sinOrCos<V>(b: Lanes<V>, x: V, which: "sin" | "cos"): V {
  const k1 = (v: number) => b.constant(v, "f64");
  const inRange = b.lt(b.abs(x), k1(REDUCTION_LIMIT));
  const { hi, lo, quadrant } = reduce(b, x, inRange);
  const s = sinKernel(b, hi, lo);
  const c = cosKernel(b, hi, lo);
  // sin: quadrants 0..3 give s, c, −s, −c; cos: c, −s, −c, s
  const odd = b.or(b.eq(quadrant, k1(1)), b.eq(quadrant, k1(3)));
  const magnitude = which === "sin" ? b.select(odd, c, s) : b.select(odd, s, c);
  const negative = which === "sin" ? b.ge(quadrant, k1(2)) : b.or(b.eq(quadrant, k1(1)), b.eq(quadrant, k1(2)));
  let y = b.select(negative, b.neg(magnitude), magnitude);
  // sin keeps ±0 (and tiny x) as they are
  if (which === "sin") y = b.select(b.eq(x, k1(0)), x, y);
  return b.escape(b.not(inRange), which, x, y);
}

/** sin x (float64 lanes). */
export function sinLanes<V>(b: Lanes<V>, x: V): V {
  return sinOrCos(b, x, "sin");
}

/** cos x (float64 lanes). */
export function cosLanes<V>(b: Lanes<V>, x: V): V {
  return sinOrCos(b, x, "cos");
}
