/**
 * Rows for issue 9's group 9: `special` (scipy.special, also reachable as
 * `scipy.special`). Expected values were computed once with scipy 1.17.1,
 * or with mpmath 1.3 at 50 digits where scipy is less accurate than
 * tracegrad (the normal tails, betaln, digamma near its root), the call next
 * to each pin. The accuracy over whole domains is pinned separately in
 * spec/api/specialAccuracy.spec.ts.
 */
import { expect } from "vitest";
import fc from "fast-check";
import { ArgumentError, DTypeError, grad, jvp, np, scipy, ShapeError, special, type Tensor } from "../../../lib/index.ts";
import { awayFromZero, f32, f64, type Row } from "../harness.ts";

const i = (data: number[]) => np.array(data, { dtype: "int32" });
const awayFromIntegers = (lo: number, hi: number, gap: number) =>
  fc.double({ min: lo, max: hi, noNaN: true }).filter((v) => Math.abs(v - Math.round(v)) >= gap);

export const specialRows: Row[] = [
  {
    name: "special.erf",
    values: [{ args: [[0, 1, -0.5, 3]], out: [0, 0.8427007929497148, -0.5204998778130465, 0.9999779095030014] }], // scipy.special.erf(...)
    errors: [{ args: ["a"], type: ArgumentError }],
    args: [f64([2, 3], -3, 3)],
    check: () => expect(scipy.special.erf).toBe(special.erf),
  },
  {
    name: "special.erfc",
    values: [{ args: [[0, 10, -1, 26]], out: [1, 2.0884875837625446e-45, 1.8427007929497148, 5.663192408856145e-296] }], // scipy.special.erfc(...)
    args: [f64([3], -3, 3)],
  },
  {
    name: "special.erfinv",
    values: [
      { args: [[0, 0.5, -0.9, 1, -1, 1.5]], out: [0, 0.4769362762044699, -1.1630871536766743, Infinity, -Infinity, NaN] }, // scipy.special.erfinv(...)
      { args: [i([0])], out: [0] },
    ],
    args: [f64([3], -0.9, 0.9)],
    check: () => {
      // d erfinv(x) = (√π/2)·exp(erfinv(x)²)
      const [y, t] = jvp(special.erfinv, [np.array(0.5)], [np.array(1)]);
      expect(t.item()).toBeCloseTo((Math.sqrt(Math.PI) / 2) * Math.exp(y.item() ** 2), 14);
    },
  },
  {
    name: "special.gammaln",
    values: [
      // scipy.special.gammaln([0.5, 10., -0.5, 0., 1., 2., 1e-300, 171.5, 1e306])
      { args: [[0.5, 10, -0.5, 0, 1, 2, 1e-300, 171.5, 1e306]], out: [0.5723649429247, 12.801827480081469, 1.2655121234846454, Infinity, 0, 0, 690.7755278982137, 709.1431630309283, Infinity] },
      { args: [[-1, -2, Infinity, NaN]], out: [Infinity, Infinity, Infinity, NaN] },
    ],
    args: [f64([2, 3], 0.2, 8)],
    check: () => expect(grad((x: Tensor) => special.gammaln(x))(np.array(1)).item()).toBeCloseTo(-0.5772156649015329, 15), // ψ(1) = −γ
  },
  {
    name: "special.gammaln",
    label: "between the poles",
    args: [f64([3], awayFromIntegers(-3.9, -0.1, 0.1))],
  },
  {
    name: "special.digamma",
    values: [
      { args: [[1, 0.5, 10, -0.5, 0, -0, -1]], out: [-0.5772156649015329, -1.9635100260214235, 2.251752589066721, 0.03648997397857651, -Infinity, Infinity, NaN] }, // scipy
      // mpmath.digamma: next to the positive root (relative accuracy kept), 2.25, 1e10
      { args: [[1.4616321449683622, 2.25, 1e10]], out: [-9.241265521729427e-17, 0.5725464666237345, 23.025850929890456] },
    ],
    args: [f64([2, 3], 0.3, 8)],
  },
  {
    name: "special.polygamma",
    values: [
      { args: [1, [1, 2, 0.5, -0.5]], out: [1.6449340668482266, 0.6449340668482266, 4.93480220054468, 8.934802200544679] }, // scipy.special.polygamma(1, ...)
      { args: [i([0, 1, 2, 3]), 1.5], out: [0.03648997397857652, 0.9348022005446793, -0.8287966442343201, 1.4090910340024367] },
      { args: [2, [0, Infinity]], out: [-Infinity, -0] },
    ],
    errors: [
      { args: [0.5, [1]], type: ArgumentError, match: /non-negative integer/ },
      { args: [-1, [1]], type: ArgumentError },
      { args: [np.array([1.5]), [1]], type: DTypeError, match: /integer/ },
      { args: [i([1, 2]), [1, 2, 3]], type: ShapeError },
    ],
    f: (x: Tensor) => special.polygamma(i([1, 2, 3]), x),
    args: [f64([2, 3], 0.3, 6)],
  },
  {
    name: "special.betaln",
    values: [
      // scipy.special.betaln(...); betaln(1, 1) = 0 to 4.4e-16 (the zeros of betaln are kept to ~1e-15 absolute)
      { args: [[1, 0.5, 2], [1, 0.5, 3]], out: [0, 1.1447298858494, -2.4849066497880004], atol: 1e-15 },
      // mpmath log|B(a, b)|: scipy loses digits for large arguments (betaln(1, 1e10) only to 1e-6)
      { args: [[1, 1e300, 5, -0.5, 12.5], [1e10, 1e300, 20, 2, 30.25]], out: [-23.025850929940457, -1.3862943611198907e300, -12.266791380564879, 1.3862943611198906, -25.99668406637252] },
    ],
    errors: [{ args: [[1, 2], [1, 2, 3]], type: ShapeError }],
    args: [f64([2, 3], 0.3, 30), f64([3], 0.3, 30)],
    check: () => {
      // symmetric, with the derivatives ψ(a) − ψ(a + b) at a tie too
      const g = grad((a: Tensor, b: Tensor) => special.betaln(a, b), { argnums: [0, 1] })(np.array(3), np.array(3)) as Tensor[];
      expect(g[0].item()).toBeCloseTo(special.digamma(3).item() - special.digamma(6).item(), 14);
      expect(g[1].item()).toBeCloseTo(g[0].item(), 14);
    },
  },
  {
    name: "special.xlogy",
    values: [
      // scipy.special.xlogy([0., 2., 0., 0., 1., 3.], [0., 3., -1., inf, 0., 0.5])
      { args: [[0, 2, 0, 0, 1, 3], [0, 3, -1, Infinity, 0, 0.5]], out: [0, 2.1972245773362196, 0, 0, -Infinity, -2.0794415416798357] },
      { args: [[0, NaN], [NaN, 0]], out: [NaN, NaN] },
    ],
    args: [f64([2, 3]), f64([3], 0.1, 5)],
    check: () => {
      // JAX's rule at x = 0: ∂/∂x = log y, ∂/∂y = x/y = 0; and 0 at x = y = 0
      const g = grad((x: Tensor, y: Tensor) => special.xlogy(x, y), { argnums: [0, 1] });
      const [gx, gy] = g(np.array(0), np.array(2)) as Tensor[];
      expect([gx.item(), gy.item()]).toEqual([Math.LN2, 0]);
      expect((g(np.array(0), np.array(0)) as Tensor[]).map((t) => t.item())).toEqual([0, 0]);
      expect(Object.is(special.xlogy(0, 0.5).item(), 0)).toBe(true);
    },
  },
  {
    name: "special.xlog1py",
    values: [{ args: [[0, 2, 0, 1], [-1, 1e-20, -2, 3]], out: [0, 2e-20, 0, 1.3862943611198906] }], // scipy.special.xlog1py(...)
    args: [f64([3]), f64([3], -0.9, 5)],
  },
  {
    name: "special.entr",
    values: [{ args: [[0, 0.5, 1, -1, Infinity, 2]], out: [0, 0.34657359027997264, -0, -Infinity, -Infinity, -1.3862943611198906] }], // scipy.special.entr(...)
    args: [f64([2, 3], 0.1, 5)],
    check: () => expect(grad((x: Tensor) => special.entr(x))(np.array(1)).item()).toBe(-1), // −(log x + 1)
  },
  {
    name: "special.logit",
    values: [
      // scipy.special.logit(...); 0.25, 0.9, 1e-10, 0.6 checked against mpmath
      { args: [[0.25, 0.5, 0, 1, -0.1, 0.9, 1e-10, 0.6]], out: [-1.0986122886681098, 0, -Infinity, Infinity, NaN, 2.1972245773362196, -23.025850929840455, 0.4054651081081643], rtol: 3e-16 },
    ],
    args: [f64([2, 3], 0.05, 0.95)],
  },
  {
    name: "special.expit",
    values: [{ args: [[0, 800, -800, 1, -40]], out: [0.5, 1, 0, 0.7310585786300049, 4.248354255291589e-18] }], // scipy.special.expit(...)
    args: [f64([3], -5, 5)],
  },
  {
    name: "special.logsumexp",
    values: [
      { args: [[1, 2, 3]], out: 3.40760596444438 }, // scipy.special.logsumexp([1., 2., 3.])
      { args: [[[1, 2], [3, 4]], 0], out: [3.1269280110429727, 4.126928011042972] },
      { args: [[[1, 2], [3, 4]], 1, { keepdims: true }], out: [[2.313261687518223], [4.313261687518223]] },
      { args: [[1, 2], null, { b: [1, -1], returnSign: true }], out: [1.5413248546129181, -1] },
      { args: [[1, 2], null, { b: [1, -1] }], out: NaN },
      { args: [[1, 2, 3], null, { b: [0, 2, 1] }], out: 3.5514447139320513 },
      { args: [[-Infinity, -Infinity]], out: -Infinity },
      { args: [[-Infinity, -Infinity], null, { returnSign: true }], out: [-Infinity, 0] },
    ],
    errors: [
      { args: [[1, 2], 2], type: ArgumentError },
      { args: [[1, 2], null, { return_sign: true }], type: ArgumentError, match: /unknown option/ },
      { args: [[1, 2], null, { b: [1, 2, 3] }], type: ShapeError },
    ],
    f: (x: Tensor) => special.logsumexp(x, 1),
    args: [f64([2, 3], -5, 5)],
  },
  {
    name: "special.logsumexp",
    label: "with weights b",
    f: (x: Tensor, b: Tensor) => special.logsumexp(x, [0, 1], { b }),
    args: [f64([2, 3], -5, 5), f64([3], 0.1, 2)],
  },
  {
    name: "special.i0e",
    values: [{ args: [[0, 1, -10, 700]], out: [1, 0.46575960759364043, 0.1278333371634286, 0.015081295651531355] }], // scipy.special.i0e(...)
    // away from the kink of exp(−|x|) at 0
    args: [f64([3], awayFromZero(0.05, 10))],
  },
  {
    name: "special.i1e",
    values: [{ args: [[0, 1, -5, 10, 700]], out: [0, 0.2079104153497085, -0.16397226694454234, 0.1212626813844555, 0.015070519444716846] }], // scipy.special.i1e(...)
    args: [f64([3], awayFromZero(0.05, 10))],
  },
  {
    name: "special.ndtr",
    values: [
      // mpmath.ncdf(...) (scipy's ndtr(-30) is 256 ulp off)
      { args: [[-30, 0, 1.959963984540054, -40, -5, 3, 38]], out: [4.906713927148187e-198, 0.5, 0.975, 0, 2.866515718791939e-7, 0.9986501019683699, 1], rtol: 5e-16 },
      { args: [np.array([0.5], { dtype: "float32" })], out: [0.6914624571800232], dtype: "float32" },
    ],
    args: [f64([2, 3], -6, 6)],
    check: () => expect(grad((x: Tensor) => special.ndtr(x))(np.array(0)).item()).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 16),
  },
  {
    name: "special.logNdtr",
    values: [
      // mpmath log(ncdf(x)) (log1p(−ncdf(−x)) for x > 0)
      { args: [[-40, 0, -10, -1, -1e10, -25, 10, 30]], out: [-804.6084420137538, -0.6931471805599453, -53.23128515051247, -1.8410216450092636, -5e19, -316.63940800802027, -7.619853024160525e-24, -4.906713927148187e-198], rtol: 5e-16 },
      { args: [[Infinity, -Infinity, NaN]], out: [-0, -Infinity, NaN] },
    ],
    args: [f64([2, 3], -30, 10)],
    check: () => {
      // d log Φ(x) = φ(x)/Φ(x) ≈ −x − 1/x far in the lower tail, e^(−x²/2)/√(2π) in the upper
      expect(grad((x: Tensor) => special.logNdtr(x))(np.array(-1000)).item()).toBeCloseTo(1000.000999998, 8);
      expect(grad((x: Tensor) => special.logNdtr(x))(np.array(10)).item()).toBeCloseTo(7.69459862670642e-23, 35);
    },
  },
  {
    name: "special.ndtri",
    values: [
      { args: [[0.5, 0.975, 0, 1, -0.1, 1.1, NaN]], out: [0, 1.959963984540054, -Infinity, Infinity, NaN, NaN, NaN], rtol: 5e-16 }, // scipy.special.ndtri(...)
      // Φ⁻¹ by mpmath (root of ncdf at 50 digits)
      { args: [[1e-300, 0.1]], out: [-37.0470962993612, -1.2815515655446004], rtol: 5e-16 },
    ],
    args: [f64([2, 3], 0.02, 0.98)],
    check: () => {
      // the derivative is √(2π)·e^(x²/2), in the tails too
      const p = 1e-200;
      const x = special.ndtri(p).item();
      const d = grad((q: Tensor) => special.ndtri(q))(np.array(p)).item();
      expect(Math.abs(d / (Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2)) - 1)).toBeLessThan(1e-13);
    },
  },
];

export const specialDtypeRows: Row[] = [
  { name: "special.gammaln", label: "float32", args: [f32([3], 0.5, 5)], grads: { order: 1, rtol: 2e-3, atol: 2e-3, eps: 2e-3 } },
  { name: "special.logNdtr", label: "float32", args: [f32([3], -10, 5)], grads: { order: 1, rtol: 2e-3, atol: 2e-3, eps: 2e-3 } },
];
