/**
 * tanh x and the logistic function σ(x) = 1/(1 + e^−x) on lanes, from the
 * kernels of exp.ts, computed at −|x| or |x| (each function is odd or
 * symmetric about 0) where e^x cannot overflow.
 *
 * float64, to stay within an ulp of the correctly rounded result, carries
 * e^x as hi + lo (`expParts`) through the one-step corrections of the
 * quotients: σ = n/d + (n_lo − (n/d)·d_lo)/d, with d = 1 + e^−|x| and n = 1
 * (x ≥ 0) or e^−|x|; tanh|x| = 1 − 2/(e^2|x| + 1) likewise for |x| ≥ 0.55,
 * and the odd polynomial x + x³·P(x²) below (scripts/fit-kernels.py).
 * float32 uses the shorter forms tanh|x| = −t/(t + 2) with
 * t = e^(−2|x|) − 1 and σ = n/(1 + e^−|x|), within 2 ulps.
 *
 * @example
 * const y = tanhLanes(b, x);
 */
import { horner, type FloatLane, type Lanes } from "../lanes.ts";
import { expLanes, expm1Lanes, expParts } from "./exp.ts";

// near-minimax fit of (tanh(x) − x)/x³ in z = x², |x| ≤ 0.55 (scripts/fit-kernels.py)
const TANH_P64 = [
  -3.3333333333333333e-1, 1.3333333333332715e-1, -5.3968253967434015e-2, 2.1869488493666942e-2, -8.8632343978143548e-3,
  3.5921103786890236e-3, -1.4556618301007137e-3, 5.8893605200739446e-4, -2.3463474108869011e-4, 8.5113136855721625e-5,
  -2.0602765376328059e-5,
];

/** tanh |x| for float64: the polynomial below 0.55, 1 − 2/(e^2|x| + 1) above. */
function tanhMagnitude64<V>(b: Lanes<V>, a: V): V {
  const k1 = (v: number) => b.constant(v, "f64");
  const z = b.mul(a, a);
  const small = b.add(a, b.mul(b.mul(a, z), horner(b, z, TANH_P64)));
  // e = e^2a = hi + lo; d = e + 1 = dHi + dLo exactly (Fast2Sum, e ≥ 1)
  const e = expParts(b, b.add(a, a));
  const dHi = b.add(e.hi, k1(1));
  const dLo = b.add(b.add(b.sub(e.hi, dHi), k1(1)), e.lo);
  // 2/(dHi + dLo) ≈ q − q·dLo/dHi with q = 2/dHi (and 1/dHi = q/2)
  const q = b.div(k1(2), dHi);
  const correction = b.mul(b.mul(q, dLo), b.mul(q, k1(0.5)));
  const large = b.add(b.sub(k1(1), q), correction);
  return b.select(b.lt(a, k1(0.55)), small, large);
}

/** tanh |x| for float32: −t/(t + 2), t = e^(−2|x|) − 1. */
function tanhMagnitude32<V>(b: Lanes<V>, a: V): V {
  const t = expm1Lanes(b, b.mul(a, b.constant(-2, "f32")));
  return b.div(b.neg(t), b.add(t, b.constant(2, "f32")));
}

/** tanh x (±0 stays itself; ±1 past |x| = 22, where it rounds to 1 in either precision). */
export function tanhLanes<V>(b: Lanes<V>, x: V): V {
  const type = b.type(x) as FloatLane;
  const k1 = (v: number) => b.constant(v, type);
  const a = b.pmin(b.abs(x), k1(22));
  const magnitude = type === "f64" ? tanhMagnitude64(b, a) : tanhMagnitude32(b, a);
  const signed = b.select(b.lt(x, k1(0)), b.neg(magnitude), magnitude);
  return b.select(b.eq(x, k1(0)), x, signed);
}

/** σ(x) = 1/(1 + e^−x). */
export function logisticLanes<V>(b: Lanes<V>, x: V): V {
  const type = b.type(x) as FloatLane;
  const k1 = (v: number) => b.constant(v, type);
  const positive = b.ge(x, k1(0));
  const negativeAbs = b.neg(b.abs(x));
  if (type === "f32") {
    const e = expLanes(b, negativeAbs);
    return b.div(b.select(positive, k1(1), e), b.add(k1(1), e));
  }
  // e = e^−|x| = hi + lo ≤ 1; d = 1 + e = dHi + dLo exactly (Fast2Sum); n = 1 or e
  const e = expParts(b, negativeAbs);
  const dHi = b.add(k1(1), e.hi);
  const dLo = b.add(b.add(b.sub(k1(1), dHi), e.hi), e.lo);
  const nHi = b.select(positive, k1(1), e.hi);
  const nLo = b.select(positive, k1(0), e.lo);
  // (nHi + nLo)/(dHi + dLo) ≈ q + (nLo − q·dLo)/dHi with q = nHi/dHi
  const q = b.div(nHi, dHi);
  return b.add(q, b.div(b.sub(nLo, b.mul(q, dLo)), dHi));
}
