/**
 * The error function and its complement on float64 lanes (float32 computes
 * them in float64 and rounds): the rational approximations of Sun's fdlibm
 * on four ranges of |x| (special.ts has the scalar form and their
 * derivation), every range computed and the lane's own picked by
 * comparisons, with e^(−x²) from the exp kernel of exp.ts as
 * e^(−z² − 0.5625)·e^((z − x)(z + x) + R/S), z = x rounded to float32 so
 * that z² is exact, each factor carried as hi + lo (`expParts`) into the
 * product.
 *
 * @example
 * const y = erfLanes(b, x);
 */
import { horner, type Lanes } from "../lanes.ts";
import { expParts } from "./exp.ts";

// fdlibm's coefficients (as in special.ts)
const ERF_ONE = 8.45062911510467529297e-1;
const EFX = 1.28379167095512586316e-1;
const SMALL_P = [1.28379167095512558561e-1, -3.25042107247001499370e-1, -2.84817495755985104766e-2, -5.77027029648944159157e-3, -2.37630166566501626084e-5];
const SMALL_Q = [1, 3.97917223959155352819e-1, 6.50222499887672944485e-2, 5.08130628187576562776e-3, 1.32494738004321644526e-4, -3.96022827877536812320e-6];
const NEAR_P = [
  -2.36211856075265944077e-3, 4.14856118683748331666e-1, -3.72207876035701323847e-1, 3.18346619901161753674e-1, -1.10894694282396677476e-1,
  3.54783043256182359371e-2, -2.16637559486879084300e-3,
];
const NEAR_Q = [1, 1.06420880400844228286e-1, 5.40397917702171048937e-1, 7.18286544141962662868e-2, 1.26171219808761642112e-1, 1.36370839120290507362e-2, 1.19844998467991074170e-2];
const TAIL_R1 = [
  -9.86494403484714822705e-3, -6.93858572707181764372e-1, -1.05586262253232909814e1, -6.23753324503260060396e1, -1.62396669462573470355e2,
  -1.84605092906711035994e2, -8.12874355063065934246e1, -9.81432934416914548592e0,
];
const TAIL_S1 = [
  1, 1.96512716674392571292e1, 1.37657754143519042600e2, 4.34565877475229228821e2, 6.45387271733267880336e2, 4.29008140027567833386e2,
  1.08635005541779435134e2, 6.57024977031928170135e0, -6.04244152148580987438e-2,
];
const TAIL_R2 = [
  -9.86494292470009928597e-3, -7.99283237680523006574e-1, -1.77579549177547519889e1, -1.60636384855821916062e2, -6.37566443368389627722e2,
  -1.02509513161107724954e3, -4.83519191608651397019e2,
];
const TAIL_S2 = [
  1, 3.03380607434824582924e1, 3.25792512996573918826e2, 1.53672958608443695994e3, 3.19985821950859553908e3, 2.55305040643316442583e3,
  4.74528541206955367215e2, -2.24409524465858183362e1,
];

/** The pieces both functions use, for a = |x|. */
function pieces<V>(b: Lanes<V>, x: V) {
  const k1 = (v: number) => b.constant(v, "f64");
  const a = b.abs(x);
  // (erf(x) − x)/x for |x| < 0.84375
  const z = b.mul(x, x);
  const ratio = b.div(horner(b, z, SMALL_P), horner(b, z, SMALL_Q));
  // erf(1 + s) − ERF_ONE for |x| in [0.84375, 1.25)
  const s = b.sub(a, k1(1));
  const nearOne = b.div(horner(b, s, NEAR_P), horner(b, s, NEAR_Q));
  // erfc(a) for a in [1.25, 28) (lanes outside get a = 2, harmless)
  const inTail = b.and(b.ge(a, k1(1.25)), b.lt(a, k1(28)));
  const at = b.select(inTail, a, k1(2));
  const w = b.div(k1(1), b.mul(at, at));
  const first = b.lt(at, k1(1 / 0.35));
  const r = b.select(first, horner(b, w, TAIL_R1), horner(b, w, TAIL_R2));
  const q = b.select(first, horner(b, w, TAIL_S1), horner(b, w, TAIL_S2));
  const zf = b.convert(b.convert(at, "f32"), "f64");
  // the product of the two exponentials with their rounding errors carried (hi·hi + (hi·lo + lo·hi))
  const e1 = expParts(b, b.sub(b.mul(b.neg(zf), zf), k1(0.5625)));
  const e2 = expParts(b, b.add(b.mul(b.sub(zf, at), b.add(zf, at)), b.div(r, q)));
  const product = b.add(b.mul(e1.hi, e2.hi), b.add(b.mul(e1.hi, e2.lo), b.mul(e1.lo, e2.hi)));
  const tail = b.div(product, at);
  return { a, ratio, nearOne, tail };
}

/** erf x (NaN stays NaN). */
export function erfLanes<V>(b: Lanes<V>, x: V): V {
  const k1 = (v: number) => b.constant(v, "f64");
  const { a, ratio, nearOne, tail } = pieces(b, x);
  const small = b.select(b.lt(a, k1(2 ** -28)), b.add(x, b.mul(k1(EFX), x)), b.add(x, b.mul(x, ratio)));
  let y = b.sub(k1(1), tail);
  y = b.select(b.lt(a, k1(1.25)), b.add(k1(ERF_ONE), nearOne), y);
  y = b.select(b.ge(a, k1(6)), k1(1), y);
  const signed = b.select(b.lt(x, k1(0)), b.neg(y), y);
  return b.select(b.lt(a, k1(0.84375)), small, b.select(b.ne(x, x), x, signed));
}

/** erfc x = 1 − erf x, accurate where it is tiny (NaN stays NaN). */
export function erfcLanes<V>(b: Lanes<V>, x: V): V {
  const k1 = (v: number) => b.constant(v, "f64");
  const { a, ratio, nearOne, tail } = pieces(b, x);
  const positive = b.gt(x, k1(0));
  // |x| < 0.84375
  const xr = b.mul(x, ratio);
  let small = b.select(b.lt(x, k1(0.25)), b.sub(k1(1), b.add(x, xr)), b.sub(k1(0.5), b.add(xr, b.sub(x, k1(0.5)))));
  small = b.select(b.lt(a, k1(2 ** -56)), b.sub(k1(1), x), small);
  // |x| < 1.25
  const near = b.select(positive, b.sub(b.sub(k1(1), k1(ERF_ONE)), nearOne), b.add(k1(1), b.add(k1(ERF_ONE), nearOne)));
  // |x| < 28
  let far = b.select(positive, tail, b.sub(k1(2), tail));
  far = b.select(b.lt(x, k1(-6)), k1(2), far);
  // beyond
  const outside = b.select(positive, k1(0), k1(2));
  let y = b.select(b.lt(a, k1(28)), far, outside);
  y = b.select(b.lt(a, k1(1.25)), near, y);
  y = b.select(b.lt(a, k1(0.84375)), small, y);
  return b.select(b.ne(x, x), x, y);
}
