/**
 * `special` (scipy.special; also `scipy.special`): the error function and
 * its inverse, the normal distribution, the gamma family, `betaln`,
 * `xlogy`/`xlog1py`/`entr`, `logit`/`expit`, `logsumexp` and the scaled
 * Bessel functions `i0e`/`i1e`, accurate to a few ulp in float64 and
 * differentiable (see the README's accuracy table).
 *
 * @example
 * special.gammaln(0.5);   // array(0.5723649429247001)
 * scipy.special.ndtri(0.975); // array(1.959963984540054)
 */
export { erf, erfc, erfinv, gammaln, digamma, polygamma, betaln, xlogy, xlog1py, entr, logit, expit, logsumexp } from "./special.ts";
export { ndtr, ndtri, logNdtr } from "./normal.ts";
export { i0e, i1e } from "./bessel.ts";
