/**
 * Scalar functions that are more than one JavaScript expression: the
 * logistic function, the error function and its complement, and rounding
 * with either tie rule. Generated loops (the eager kernels and the fused
 * loops of `lib/compile/`) call these by name, so both compute every
 * element with the same code.
 *
 * @example
 * erf(0.5);            // 0.5204998778130465
 * erfc(5);             // 1.5374597944280349e-12
 * roundHalfEven(2.5);  // 2
 */

// logistic

/** 1 / (1 + e⁻ˣ), without overflow for large |x|. */
export function logistic(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

// rounding

/** `x` rounded to the nearest integer, ties to even (numpy's `round`, `jnp.round`); keeps the sign of zero. */
export function roundHalfEven(x: number): number {
  // Math.round breaks ties toward +∞; a tie that landed on an odd integer goes one down
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** `x` rounded to the nearest integer, ties away from zero (`lax.round`'s default); keeps the sign of zero. */
export function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

// the error function
//
// Rational approximations on four ranges of |x|, as in Sun's fdlibm (s_erf.c), whose
// published coefficients these are; each is within about 2^-57 of its target, so erf
// and erfc are within a few ulp of the true values over the whole real line.
//   [0, 0.84375):    erf(x) = x + x·R(x²), R = P/Q ≈ (erf(x) − x)/x
//   [0.84375, 1.25): erf(x) = c + P(s)/Q(s), s = |x| − 1, c = erf(1) rounded to 24 bits
//   [1.25, 28):      erfc(x) = exp(−x² − 0.5625 + R(1/x²)/S(1/x²)) / x, one (R, S) below
//                    1/0.35 and another above; e^(−x²) is e^(−z²)·e^((z−x)(z+x)) with z = x
//                    rounded to float32, so that z² is exact
//   beyond:          erf = ±1, erfc = 0 or 2 (erfc(28) ≈ 1e-342 is below the smallest double)

/** erf(1) rounded to float32: the constant term on [0.84375, 1.25). */
const ERF_ONE = 8.45062911510467529297e-1;
/** 2/√π − 1: erf(x) ≈ x + x·EFX for tiny |x|. */
const EFX = 1.28379167095512586316e-1;

/** (erf(x) − x)/x for |x| < 0.84375. */
function erfSmallRatio(x: number): number {
  const z = x * x;
  const p = 1.28379167095512558561e-1 + z * (-3.25042107247001499370e-1 + z * (-2.84817495755985104766e-2 + z * (-5.77027029648944159157e-3 + z * -2.37630166566501626084e-5)));
  const q = 1 + z * (3.97917223959155352819e-1 + z * (6.50222499887672944485e-2 + z * (5.08130628187576562776e-3 + z * (1.32494738004321644526e-4 + z * -3.96022827877536812320e-6))));
  return p / q;
}

/** erf(1 + s) − ERF_ONE for 0.84375 <= 1 + s < 1.25. */
function erfNearOne(s: number): number {
  const p =
    -2.36211856075265944077e-3 +
    s * (4.14856118683748331666e-1 + s * (-3.72207876035701323847e-1 + s * (3.18346619901161753674e-1 + s * (-1.10894694282396677476e-1 + s * (3.54783043256182359371e-2 + s * -2.16637559486879084300e-3)))));
  const q =
    1 +
    s * (1.06420880400844228286e-1 + s * (5.40397917702171048937e-1 + s * (7.18286544141962662868e-2 + s * (1.26171219808761642112e-1 + s * (1.36370839120290507362e-2 + s * 1.19844998467991074170e-2)))));
  return p / q;
}

/** erfc(a) for 1.25 <= a < 28. */
function erfcTail(a: number): number {
  const s = 1 / (a * a);
  let r: number;
  let q: number;
  if (a < 1 / 0.35) {
    r =
      -9.86494403484714822705e-3 +
      s * (-6.93858572707181764372e-1 + s * (-1.05586262253232909814e1 + s * (-6.23753324503260060396e1 + s * (-1.62396669462573470355e2 + s * (-1.84605092906711035994e2 + s * (-8.12874355063065934246e1 + s * -9.81432934416914548592e0))))));
    q =
      1 +
      s * (1.96512716674392571292e1 + s * (1.37657754143519042600e2 + s * (4.34565877475229228821e2 + s * (6.45387271733267880336e2 + s * (4.29008140027567833386e2 + s * (1.08635005541779435134e2 + s * (6.57024977031928170135e0 + s * -6.04244152148580987438e-2)))))));
  } else {
    r =
      -9.86494292470009928597e-3 +
      s * (-7.99283237680523006574e-1 + s * (-1.77579549177547519889e1 + s * (-1.60636384855821916062e2 + s * (-6.37566443368389627722e2 + s * (-1.02509513161107724954e3 + s * -4.83519191608651397019e2)))));
    q =
      1 +
      s * (3.03380607434824582924e1 + s * (3.25792512996573918826e2 + s * (1.53672958608443695994e3 + s * (3.19985821950859553908e3 + s * (2.55305040643316442583e3 + s * (4.74528541206955367215e2 + s * -2.24409524465858183362e1))))));
  }
  const z = Math.fround(a);
  return (Math.exp(-z * z - 0.5625) * Math.exp((z - a) * (z + a) + r / q)) / a;
}

/** The error function (2/√π) ∫₀ˣ e^(−t²) dt; NaN for NaN. */
export function erf(x: number): number {
  const a = Math.abs(x);
  if (a < 0.84375) return a < 2 ** -28 ? x + EFX * x : x + x * erfSmallRatio(x);
  let y: number;
  if (a < 1.25) y = ERF_ONE + erfNearOne(a - 1);
  else if (a < 6) y = 1 - erfcTail(a);
  else if (a >= 6) y = 1;
  else return NaN;
  return x < 0 ? -y : y;
}

/** The complementary error function 1 − erf(x), accurate where it is tiny (x ≫ 1); NaN for NaN. */
export function erfc(x: number): number {
  const a = Math.abs(x);
  if (a < 0.84375) {
    if (a < 2 ** -56) return 1 - x;
    const xr = x * erfSmallRatio(x);
    return x < 0.25 ? 1 - (x + xr) : 0.5 - (xr + (x - 0.5));
  }
  if (a < 1.25) {
    const d = erfNearOne(a - 1);
    return x > 0 ? 1 - ERF_ONE - d : 1 + (ERF_ONE + d);
  }
  if (a < 28) {
    if (x < -6) return 2;
    const t = erfcTail(a);
    return x > 0 ? t : 2 - t;
  }
  return x > 0 ? 0 : x < 0 ? 2 : NaN;
}
