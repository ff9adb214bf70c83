/**
 * The inverse error function on plain JS numbers, as XLA computes it for
 * `lax.erf_inv` (and so for `jax.random.normal`): M. Giles, "Approximating
 * the erfinv function" (GPU Computing Gems, 2011). `erfinv` is XLA's
 * `ErfInv64` (three double-precision polynomials in w = -log1p(-x²)),
 * `erfinv32` is `ErfInv32` evaluated in float32 arithmetic (`Math.fround`
 * after every operation). Both give ±Infinity at ±1 and NaN outside [-1, 1].
 * `erfinv` takes w = -log((1-|x|)(1+|x|)) for |x| ≥ 0.5 instead of XLA's
 * -log1p(-x²), whose rounded x² costs XLA up to ~1e-10 in the tails; this one
 * is within a few ulps of the true erfinv everywhere. The logarithm is
 * fdlibm's, in plain arithmetic, so results are identical on every engine
 * (V8 versions disagree in the last bit of Math.log).
 *
 * @example
 * erfinv(0.5); // 0.47693627620446977
 */

// Highest degree first, as XLA's coefficient tables list them.
const W_LT_6_25 = new Float64Array([
  -3.6444120640178196996e-21, -1.685059138182016589e-19, 1.2858480715256400167e-18,
  1.115787767802518096e-17, -1.333171662854620906e-16, 2.0972767875968561637e-17,
  6.6376381343583238325e-15, -4.0545662729752068639e-14, -8.1519341976054721522e-14,
  2.6335093153082322977e-12, -1.2975133253453532498e-11, -5.4154120542946279317e-11,
  1.051212273321532285e-9, -4.1126339803469836976e-9, -2.9070369957882005086e-8,
  4.2347877827932403518e-7, -1.3654692000834678645e-6, -1.3882523362786468719e-5,
  0.0001867342080340571352, -0.00074070253416626697512, -0.0060336708714301490533,
  0.24015818242558961693, 1.6536545626831027356,
]);
const W_LT_16 = new Float64Array([
  2.2137376921775787049e-9, 9.0756561938885390979e-8, -2.7517406297064545428e-7,
  1.8239629214389227755e-8, 1.5027403968909827627e-6, -4.013867526981545969e-6,
  2.9234449089955446044e-6, 1.2475304481671778723e-5, -4.7318229009055733981e-5,
  6.8284851459573175448e-5, 2.4031110387097893999e-5, -0.0003550375203628474796,
  0.00095328937973738049703, -0.0016882755560235047313, 0.0024914420961078508066,
  -0.0037512085075692412107, 0.005370914553590063617, 1.0052589676941592334,
  3.0838856104922207635,
]);
const W_GE_16 = new Float64Array([
  -2.7109920616438573243e-11, -2.5556418169965252055e-10, 1.5076572693500548083e-9,
  -3.7894654401267369937e-9, 7.6157012080783393804e-9, -1.4960026627149240478e-8,
  2.9147953450901080826e-8, -6.7711997758452339498e-8, 2.2900482228026654717e-7,
  -9.9298272942317002539e-7, 4.5260625972231537039e-6, -1.9681778105531670567e-5,
  7.5995277030017761139e-5, -0.00021503011930044477347, -0.00013871931833623122026,
  1.0103004648645343977, 4.8499064014085844221,
]);

const f = Math.fround;
const F32_LT_5 = new Float32Array([
  2.81022636e-8, 3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 0.00021858087,
  -0.00125372503, -0.00417768164, 0.246640727, 1.50140941,
]);
const F32_GE_5 = new Float32Array([
  -0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773,
  -0.0076224613, 0.00943887047, 1.00167406, 2.83297682,
]);

const Lg = new Float64Array([
  6.666666666666735130e-1, 3.999999999940941908e-1, 2.857142874366239149e-1, 2.222219843214978396e-1,
  1.818357216161805012e-1, 1.531383769920937332e-1, 1.479819860511658591e-1,
]);
const LN2_HI = 6.93147180369123816490e-1, LN2_LO = 1.90821492927058770002e-10;
// the double's high word through a typed-array alias (faster than a DataView); HI is its index on this host's byte order
const bits64 = new Float64Array(1);
const words = new Uint32Array(bits64.buffer);
bits64[0] = 1;
const HI = words[1] === 0x3ff00000 ? 1 : 0;

/** Natural logarithm, fdlibm's `__ieee754_log` (error < 1 ulp), engine-independent. */
export function log(x: number): number {
  if (!(x > 0) || x === Infinity) return x === 0 ? -Infinity : x === Infinity ? x : NaN;
  let k = 0;
  if (x < 2 ** -1022) {
    k = -54;
    x *= 2 ** 54;
  }
  bits64[0] = x;
  let hx = words[HI];
  k += (hx >>> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  words[HI] = hx | (i ^ 0x3ff00000); // x or x/2 into [sqrt(2)/2, sqrt(2))
  k += i >>> 20;
  const f = bits64[0] - 1;
  const dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f === 0) return dk * LN2_HI + dk * LN2_LO;
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    return dk * LN2_HI - (R - dk * LN2_LO - f);
  }
  const s = f / (2 + f), z = s * s, w = z * z;
  const t1 = w * (Lg[1] + w * (Lg[3] + w * Lg[5]));
  const t2 = z * (Lg[0] + w * (Lg[2] + w * (Lg[4] + w * Lg[6])));
  const R = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    return dk * LN2_HI - (hfsq - (s * (hfsq + R) + dk * LN2_LO) - f);
  }
  return dk * LN2_HI - (s * (f - R) - dk * LN2_LO - f);
}

/** log(1 + z) from `log` (Goldberg's trick, a few ulps): `log1p(1e-20) // 1e-20`. */
export function log1p(z: number): number {
  const u = 1 + z;
  return u === 1 ? z : u === Infinity ? u : (log(u) * z) / (u - 1);
}

/** erf⁻¹(x) in double precision (XLA's `ErfInv64`): `erfinv(0.5) // 0.47693627620446977`. */
export function erfinv(x: number): number {
  if (Math.abs(x) === 1) return x * Infinity;
  const ax = Math.abs(x);
  const w = ax < 0.5 ? -log1p(-x * x) : -log((1 - ax) * (1 + ax));
  let c: Float64Array;
  let t: number;
  if (w < 6.25) {
    c = W_LT_6_25;
    t = w - 3.125;
  } else if (w < 16) {
    c = W_LT_16;
    t = Math.sqrt(w) - 3.25;
  } else {
    c = W_GE_16;
    t = Math.sqrt(w) - 5;
  }
  let p = c[0];
  for (let i = 1; i < c.length; i++) p = c[i] + p * t;
  return p * x;
}

/** erf⁻¹(x) in float32 arithmetic (XLA's `ErfInv32`): `erfinv32(0.5) // 0.4769362807273865`. */
export function erfinv32(x: number): number {
  x = f(x);
  if (Math.abs(x) === 1) return x * Infinity;
  const w = f(-f(log1p(f(-f(x * x)))));
  const lt = w < 5;
  const c = lt ? F32_LT_5 : F32_GE_5;
  const t = lt ? f(w - 2.5) : f(f(Math.sqrt(w)) - 3);
  let p = c[0];
  for (let i = 1; i < c.length; i++) p = f(c[i] + f(p * t));
  return f(p * x);
}
