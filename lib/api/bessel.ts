/**
 * The modified Bessel function of the first kind of order 0: `i0e(x) =
 * exp(-|x|)·I0(x)` and `i0(x) = I0(x)`, from Cephes' Chebyshev expansions
 * (the coefficients numpy's `np.i0` and JAX's `i0e` use): for |x| <= 8,
 * `i0e(x) = chbevl(|x|/2 - 2, A)`; above, `i0e(x) = chbevl(32/|x| - 2, B)/√|x|`.
 * `i0` uses the power series Σ (x²/4)^k/(k!)² below |x| = 1 instead, so
 * its derivatives at 0 (where exp(-|x|) has a kink but I0 has none) are
 * right to every order. All are compositions of elementwise primitives, so
 * they differentiate and run under `jit` and `vmap`. Against mpmath, i0e is
 * within 2 ulp on [-30, 700] (see spec/api/cases/creation.ts).
 *
 * `np.kaiser` uses `i0e` (the ratio I0(z)/I0(β) = i0e(z)/i0e(β)·e^(|z|-|β|)
 * cannot overflow); `special.i0e` can re-export it.
 *
 * @example
 * np.i0(np.array([0, 1])) // [1, 1.2660658777520084]
 */
import { toTensor } from "../core/convert.ts";
import * as ops from "../core/ops.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";
import { floatOperand } from "./promote.ts";

/** Chebyshev coefficients of exp(-x)·I0(x) on [0, 8], in y = x/2 - 2 (Cephes). */
const A = [
  -4.4153416464793395e-18, 3.3307945188222384e-17, -2.431279846547955e-16, 1.715391285555133e-15, -1.1685332877993451e-14,
  7.676185498604936e-14, -4.856446783111929e-13, 2.95505266312964e-12, -1.726826291441556e-11, 9.675809035373237e-11,
  -5.189795601635263e-10, 2.6598237246823866e-9, -1.300025009986248e-8, 6.046995022541919e-8, -2.670793853940612e-7,
  1.1173875391201037e-6, -4.4167383584587505e-6, 1.6448448070728896e-5, -5.754195010082104e-5, 1.8850288509584165e-4,
  -5.763755745385824e-4, 1.6394756169413357e-3, -4.324309995050576e-3, 1.0546460394594998e-2, -2.373741480589947e-2,
  4.930528423967071e-2, -9.490109704804764e-2, 1.7162090152220877e-1, -3.046826723431984e-1, 6.767952744094761e-1,
];

/** Chebyshev coefficients of exp(-x)·√x·I0(x) on (8, ∞), in y = 32/x - 2 (Cephes). */
const B = [
  -7.233180487874754e-18, -4.830504485944182e-18, 4.46562142029676e-17, 3.461222867697461e-17, -2.8276239805165836e-16,
  -3.425485619677219e-16, 1.7725601330565263e-15, 3.8116806693526224e-15, -9.554846698828307e-15, -4.150569347287222e-14,
  1.54008621752141e-14, 3.8527783827421426e-13, 7.180124451383666e-13, -1.7941785315068062e-12, -1.3215811840447713e-11,
  -3.1499165279632416e-11, 1.1889147107846439e-11, 4.94060238822497e-10, 3.3962320257083865e-9, 2.266668990498178e-8,
  2.0489185894690638e-7, 2.8913705208347567e-6, 6.889758346916825e-5, 3.3691164782556943e-3, 8.044904110141088e-1,
];

/** Σ' c_k T_k(y/2) by Clenshaw's recurrence, as Cephes' chbevl: b0 = y·b1 - b2 + c_k, result (b0 - b2)/2. */
function chebyshev(y: Tensor, coefficients: readonly number[]): Tensor {
  const c = (v: number) => ops.scalar(v, y.dtype);
  let b0: Tensor = ops.broadcastTo(c(coefficients[0]), y.shape);
  let b1: Tensor = ops.zerosLike(y);
  let b2: Tensor = b1;
  for (let i = 1; i < coefficients.length; i++) {
    b2 = b1;
    b1 = b0;
    b0 = ops.add(ops.sub(ops.mul(y, b1), b2), c(coefficients[i]));
  }
  return ops.mulScalar(ops.sub(b0, b2), 0.5);
}

/** exp(-|x|)·I0(x) of a float tensor. */
export function i0eOf(x: Tensor): Tensor {
  const ax = ops.abs(x);
  const eight = ops.scalar(8, x.dtype);
  const small = ops.le(ax, eight);
  // each branch sees only arguments inside its own range (8 for the other's elements), so the
  // branch not taken stays finite and passes a zero, not NaN, cotangent through the select
  const inner = ops.select(small, ax, eight);
  const outer = ops.select(small, eight, ax);
  const near = chebyshev(ops.addScalar(ops.mulScalar(inner, 0.5), -2), A);
  const far = ops.div(chebyshev(ops.addScalar(ops.div(ops.scalar(32, x.dtype), outer), -2), B), ops.sqrt(outer));
  return ops.select(small, near, far);
}

/**
 * The exponentially scaled modified Bessel function of order 0, `exp(-|x|)·I0(x)`
 * (finite for every x; scipy's `special.i0e`).
 *
 * @example
 * i0e(np.array([0, 10])) // [1, 0.1278333371634286]
 */
export function i0e(x: ArrayLike): Tensor {
  return i0eOf(floatOperand(x, "i0e"));
}

/** 1/(k!(k+1)!) for k = 0 … 23: I1(x) = (x/2)·Σ (x²/4)^k/(k!(k+1)!), to 1e-17 relative for |x| <= 8 (positive terms). */
const SERIES1 = Array.from({ length: 24 }, (_, k) => {
  let f = 1;
  for (let j = 2; j <= k; j++) f *= j;
  return 1 / (f * f * (k + 1));
});

/** Chebyshev coefficients of exp(-x)·√x·I1(x) on (8, ∞), in y = 32/x - 2 (Cephes). */
const B1 = [
  7.51729631084210481353e-18, 4.41434832307170791151e-18, -4.65030536848935832153e-17, -3.2095259219934239598e-17,
  2.96262899764595013876e-16, 3.30820231092092828324e-16, -1.88035477551078244854e-15, -3.81440307243700780478e-15,
  1.04202769841288027642e-14, 4.27244001671195135429e-14, -2.10154184277266431302e-14, -4.08355111109219731823e-13,
  -7.19855177624590851209e-13, 2.03562854414708950722e-12, 1.41258074366137813316e-11, 3.25260358301548823856e-11,
  -1.8974958123505412345e-11, -5.58974346219658380687e-10, -3.83538038596423702205e-9, -2.63146884688951950684e-8,
  -2.51223623787020892529e-7, -3.88256480887769039346e-6, -1.10588938762623716291e-4, -9.76109749136146840777e-3,
  7.78576235018280120474e-1,
];

/**
 * exp(-|x|)·I1(x) of a float tensor (odd in x): exp(-|x|)·(x/2)·Σ (x²/4)^k/(k!(k+1)!) up to |x| = 8 (a sum of positive
 * terms: within 3 ulp, where Cephes' Chebyshev series loses up to 7), chbevl(32/|x| - 2, B1)/√|x| above.
 */
export function i1eOf(x: Tensor): Tensor {
  const ax = ops.abs(x);
  const eight = ops.scalar(8, x.dtype);
  const small = ops.le(ax, eight);
  // safe arguments for the branch not taken (see i0eOf)
  const inner = ops.select(small, x, ops.zerosLike(x));
  const outer = ops.select(small, eight, ax);
  const q = ops.mulScalar(ops.mul(inner, inner), 0.25);
  let sum: Tensor = ops.broadcastTo(ops.scalar(SERIES1[SERIES1.length - 1], x.dtype), x.shape);
  for (let k = SERIES1.length - 2; k >= 0; k--) sum = ops.addScalar(ops.mul(sum, q), SERIES1[k]);
  const near = ops.mul(ops.mul(ops.mulScalar(inner, 0.5), sum), ops.exp(ops.neg(ops.abs(inner))));
  const far = ops.div(chebyshev(ops.addScalar(ops.div(ops.scalar(32, x.dtype), outer), -2), B1), ops.sqrt(outer));
  return ops.select(small, near, ops.select(ops.lt(x, ops.scalar(0, x.dtype)), ops.neg(far), far));
}

/**
 * The exponentially scaled modified Bessel function of order 1, `exp(-|x|)·I1(x)` (scipy's `special.i1e`),
 * odd in x and finite everywhere: its power series times exp(-|x|) up to |x| = 8, Cephes' Chebyshev series above.
 *
 * @example
 * i1e(np.array([0, 1])) // [0, 0.2079104153497085]
 */
export function i1e(x: ArrayLike): Tensor {
  return i1eOf(floatOperand(x, "i1e"));
}

/** 1/(k!)² for k = 0 … 13: I0(x) = Σ (x²/4)^k/(k!)², to 1e-17 relative for |x| < 1. */
const SERIES = Array.from({ length: 14 }, (_, k) => {
  let f = 1;
  for (let j = 2; j <= k; j++) f *= j;
  return 1 / (f * f);
});

/** I0(x) by its power series in x²/4 (|x| < 1): smooth at 0, so every derivative is right there too. */
export function i0SeriesOf(x: Tensor): Tensor {
  const q = ops.mulScalar(ops.mul(x, x), 0.25);
  let sum: Tensor = ops.broadcastTo(ops.scalar(SERIES[SERIES.length - 1], x.dtype), x.shape);
  for (let k = SERIES.length - 2; k >= 0; k--) sum = ops.addScalar(ops.mul(sum, q), SERIES[k]);
  return sum;
}

/** I0(x) of a float tensor: the series below |x| = 1 (where exp(-|x|)·I0 has its kink), i0e·exp(|x|) above. */
export function i0Of(x: Tensor): Tensor {
  const ax = ops.abs(x);
  const one = ops.scalar(1, x.dtype);
  const small = ops.lt(ax, one);
  // safe arguments for the branch not taken (see i0eOf)
  const near = i0SeriesOf(ops.select(small, x, ops.zerosLike(x)));
  const outer = ops.select(small, ops.broadcastTo(one, x.shape), x);
  const far = ops.mul(i0eOf(outer), ops.exp(ops.abs(outer)));
  return ops.select(small, near, far);
}

/**
 * The modified Bessel function of the first kind of order 0 (numpy's `np.i0`);
 * it overflows to infinity beyond |x| ≈ 713, as numpy's.
 *
 * @example
 * np.i0(np.array([0, 1])) // [1, 1.2660658777520084]
 */
export function i0(x: ArrayLike): Tensor {
  return i0Of(floatOperand(toTensor(x, "i0"), "i0"));
}
