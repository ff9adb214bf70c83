/**
 * Rows for issue 9's group 6: creation (identity, geomspace, logspace, the
 * windows bartlett, blackman, hamming, hanning, kaiser, and i0), metadata
 * (copy, ndim, shape, size, isscalar, resultType, promoteTypes, finfo,
 * iinfo) and the constants. Expected values were computed once with numpy
 * 2.4.6, and I0 with mpmath at 40 digits (the call is next to each pin).
 */
import { expect } from "vitest";
import { ArgumentError, DTypeError, grad, jit, np, vmap, type Tensor } from "../../../lib/index.ts";
import { i0e } from "../../../lib/api/bessel.ts";
import { f64, type Row } from "../harness.ts";

const int32 = "int32" as const;

// mpmath.besseli(0, x) (and ·exp(-|x|) for i0e), mp.dps = 40, at:
const I0_X = [0, 1e-8, 0.25, 0.5, 1, 2, 3.5, 5, 7.5, 7.999999999, 8, 8.000000001, 9, 12.5, 20, 35, 60, 100, 250, 700, -1.5, -9.25];
const I0 = [
  1.0, 1.0, 1.015686141223608, 1.0634833707413236, 1.2660658777520084, 2.2795853023360673, 7.3782034322254795, 27.239871823604446,
  268.16131151518937, 427.56411532193164, 427.5641157218048, 427.56411612167796, 1093.5883545113747, 30596.335155785153,
  43558282.559553534, 107338818494514.06, 5.894077055609801e24, 1.0737517071310738e42, 9.45753855984955e106,
  1.5295933476718737e302, 1.646723189772891, 1384.499867020362,
];
const I0E = [
  1.0, 0.9999999900000001, 0.7910171621397194, 0.6450352704491501, 0.46575960759364043, 0.30850832255367105, 0.22280243801077917,
  0.18354081260932836, 0.14831583007739552, 0.1434317818661396, 0.14343178185685032, 0.14343178184756103, 0.134959524581723,
  0.1140219294622889, 0.08978031188482602, 0.06767837835041363, 0.05161154917360984, 0.03994437929909668, 0.025243969387054754,
  0.015081295651531358, 0.36743360905415834, 0.13306656949810827,
];

export const creationRows: Row[] = [
  {
    name: "np.identity",
    values: [
      { args: [3], out: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] }, // np.identity(3)
      { args: [2, "int32"], out: [[1, 0], [0, 1]], dtype: int32 },
      { args: [2, { dtype: "float32" }], out: [[1, 0], [0, 1]], dtype: "float32" },
      { args: [0], out: np.zeros([0, 0]) },
    ],
    errors: [
      { args: [-1], type: ArgumentError, match: /non-negative/ },
      { args: [2, { dtpye: "int32" }], type: ArgumentError, match: /unknown option "dtpye"; valid options: dtype/ },
      { args: [2, "int64"], type: DTypeError, match: /int64/ },
    ],
  },
  {
    name: "np.geomspace",
    values: [
      { args: [1, 1000, 4], out: [1, 10, 100, 1000] }, // np.geomspace(1, 1000, 4)
      { args: [-1, -1000, 4], out: [-1, -10, -100, -1000] },
      // np.geomspace(1, 256, 9, endpoint=False)
      { args: [1, 256, 9, { endpoint: false }], out: [1, 1.851749424574581, 3.4289759314122916, 6.349604207872799, 11.757875938204792, 21.77264000279003, 40.317473596635956, 74.65785853287149, 138.2476465782152] },
      { args: [2, 0.5, 3], out: [2, 1, 0.5] },
      { args: [1, 2, 1], out: [1] },
      { args: [1, 1000, 4, { dtype: "int32" }], out: [1, 10, 100, 1000], dtype: int32 },
    ],
    errors: [
      { args: [0, 1, 3], type: ArgumentError, match: /zero/ },
      { args: [-1, 1, 3], type: ArgumentError, match: /opposite signs/ },
      { args: [1, 2, 3, { base: 2 }], type: ArgumentError, match: /unknown option "base"/ },
    ],
  },
  {
    name: "np.logspace",
    values: [
      { args: [0, 2, 3], out: [1, 10, 100] }, // np.logspace(0, 2, 3)
      { args: [0, 1, 3, { base: 2, endpoint: false }], out: [1, 1.2599210498948732, 1.5874010519681994] },
      { args: [-1, 1.5, 4], out: [0.1, 0.6812920690579614, 4.641588833612779, 31.622776601683793] },
      { args: [0, 3, 3, { base: 2, endpoint: false }], out: [1, 2, 4] },
      { args: [0, 1, 0], out: [] },
    ],
    errors: [{ args: [0, 1, -1], type: ArgumentError, match: /num/ }],
  },
  {
    name: "np.bartlett",
    values: [
      { args: [0], out: [] }, // np.bartlett(0)
      { args: [1], out: [1] },
      { args: [5], out: [0, 0.5, 1, 0.5, 0] },
      { args: [6], out: [0, 0.4, 0.8, 0.8, 0.4, 0] },
      { args: [-2], out: [] },
    ],
    errors: [{ args: [2.5], type: ArgumentError, match: /integer/ }],
  },
  {
    name: "np.blackman",
    values: [
      { args: [1], out: [1] }, // np.blackman(1)
      { args: [5], out: [-1.3877787807814457e-17, 0.34, 0.9999999999999999, 0.34, -1.3877787807814457e-17], atol: 1e-16 },
      { args: [6], out: [-1.3877787807814457e-17, 0.2007701432625305, 0.8492298567374694, 0.8492298567374694, 0.2007701432625305, -1.3877787807814457e-17], atol: 1e-16 },
    ],
  },
  {
    name: "np.hamming",
    values: [
      { args: [5], out: [0.08000000000000002, 0.54, 1, 0.54, 0.08000000000000002] }, // np.hamming(5)
      { args: [6], out: [0.08000000000000002, 0.39785218258752425, 0.9121478174124759, 0.9121478174124759, 0.39785218258752425, 0.08000000000000002] },
    ],
  },
  {
    name: "np.hanning",
    values: [
      { args: [5], out: [0, 0.5, 1, 0.5, 0] }, // np.hanning(5)
      { args: [6], out: [0, 0.34549150281252633, 0.9045084971874737, 0.9045084971874737, 0.34549150281252633, 0], atol: 1e-16 },
      { args: [2], out: [0, 0] },
    ],
  },
  {
    name: "np.kaiser",
    values: [
      { args: [1, 5], out: [1] }, // np.kaiser(1, 5.)
      { args: [5, 14], out: [7.726866835270368e-6, 0.16493218754795194, 1, 0.16493218754795194, 7.726866835270368e-6] },
      { args: [6, 0.5], out: [0.9403061933191574, 0.9782962393705391, 0.9975765035372048, 0.9975765035372048, 0.9782962393705391, 0.9403061933191574] },
      { args: [4, 1.5], out: [0.6072666044970897, 0.9510298631139931, 0.9510298631139931, 0.6072666044970897] },
      { args: [7, 0], out: [1, 1, 1, 1, 1, 1, 1] },
    ],
    errors: [{ args: [3, [1, 2]], type: ArgumentError, match: /scalar/ }],
    // β traced: the window differentiates in β, under vmap and jit
    f: (beta: Tensor) => np.kaiser(6, beta),
    args: [f64([], 0.5, 20)],
    check: () => {
      // numpy's I0(z)/I0(β) overflows to NaN past β ≈ 713; the scaled ratio does not
      const w = np.kaiser(3, 800).toTypedArray();
      expect(Array.from(w).every(Number.isFinite) && w[1] === 1).toBe(true);
      // d²/dβ² Σ kaiser(5, β) at β = 0 is -1.25 (mpmath.diff of the I0 ratio): smooth at 0, where |β| would have a kink
      expect(grad(grad((b: Tensor) => np.sum(np.kaiser(5, b))))(0).item()).toBeCloseTo(-1.25, 12);
    },
  },
  {
    name: "np.kaiser",
    label: "|β| < 1, the power-series branch",
    f: (beta: Tensor) => np.kaiser(5, beta),
    args: [f64([], -0.99, 0.99)],
  },
  {
    name: "np.i0",
    values: [
      // mpmath.besseli(0, x): within 4.5 ulp (below |x| = 1 the series, ≤ 1 ulp; above, i0e's ≤ 2 ulp plus exp's)
      { args: [I0_X], out: I0, rtol: 1e-15 },
      { args: [np.array([1], { dtype: "int32" })], out: [1.2660658777520084], rtol: 1e-15 }, // integers compute in float64
    ],
    args: [f64([3], -12, 12)],
    check: () => {
      // i0e (scipy's special.i0e, the basis of kaiser) against mpmath: ≤ 2 ulp here and on a dense grid of [-30, 700]
      const got = i0e(np.array(I0_X)).toTypedArray();
      got.forEach((v, i) => expect(Math.abs(v - I0E[i]), `i0e(${I0_X[i]})`).toBeLessThanOrEqual(4.5e-16 * I0E[i]));
      // d/dx I0 = I1; I1(1) = 0.565159103992485 (mpmath.besseli(1, 1)); I0''(0) = 1/2 (I0 = 1 + x²/4 + …)
      expect(grad((x: Tensor) => np.i0(x))(1).item()).toBeCloseTo(0.565159103992485, 13);
      expect(grad(grad((x: Tensor) => np.i0(x)))(0).item()).toBe(0.5);
    },
  },
  {
    name: "np.copy",
    values: [{ args: [[1, 2]], out: [1, 2] }],
    args: [f64([2, 3])],
    check: () => {
      const x = np.array([1, 2]);
      const y = np.copy(x);
      expect(y).not.toBe(x);
      expect(y.toArray()).toEqual([1, 2]);
    },
  },
  {
    name: "np.ndim",
    values: [
      { args: [[[1, 2]]], out: 2 }, // np.ndim([[1, 2]])
      { args: [3], out: 0 },
      { args: [np.zeros([2, 0, 1])], out: 3 },
    ],
    check: () => expect(jit((x: Tensor) => np.multiply(x, np.ndim(x)))(np.ones([2, 2])).toArray()).toEqual([[2, 2], [2, 2]]),
  },
  {
    name: "np.shape",
    values: [
      { args: [np.zeros([2, 3])], out: [2, 3] }, // np.shape(np.zeros((2, 3)))
      { args: [3], out: [] },
      { args: [[[1, 2, 3]]], out: [1, 3] },
    ],
    check: () => expect(vmap((x: Tensor) => np.multiply(x, np.shape(x)[0]))(np.ones([2, 3])).toArray()).toEqual([[3, 3, 3], [3, 3, 3]]),
  },
  {
    name: "np.size",
    values: [
      { args: [np.zeros([2, 3])], out: 6 }, // np.size(np.zeros((2, 3)))
      { args: [np.zeros([2, 3]), 1], out: 3 },
      { args: [np.zeros([2, 3]), -2], out: 2 },
      { args: [3], out: 1 },
    ],
    errors: [{ args: [np.zeros([2]), 1], type: ArgumentError, match: /out of bounds/ }],
    check: () => expect(jit((x: Tensor) => np.multiply(x, np.size(x)))(np.ones([2])).toArray()).toEqual([2, 2]),
  },
  {
    name: "np.isscalar",
    values: [
      { args: [1.5], out: true },
      { args: [true], out: true },
      { args: [np.array(1.5)], out: true }, // JAX's rule (numpy: false for a 0-d array)
      { args: [[1.5]], out: false },
      { args: [np.zeros([1])], out: false },
      { args: ["a"], out: false },
      { args: [null], out: false },
    ],
    check: () => expect(jit((x: Tensor) => np.multiply(x, np.isscalar(x) ? 2 : 3))(np.array(1)).item()).toBe(2),
  },
  {
    name: "np.resultType",
    values: [
      { args: ["int32", "float32"], out: "float64" }, // np.result_type(np.int32, np.float32)
      { args: [np.zeros([2], { dtype: "float32" }), 2.5], out: "float32" }, // a JS number is weak
      { args: [np.zeros([2], { dtype: "int32" }), 0.5], out: "float64" },
      { args: [np.zeros([2], { dtype: "int32" }), 2], out: "int32" },
      { args: [np.zeros([2], { dtype: "bool" }), 2], out: "int32" },
      { args: [true, false], out: "bool" },
      { args: [1, true], out: "float64" }, // alone, a number is float64
      { args: [[1, 2], "float32"], out: "float64" },
    ],
    errors: [
      { args: [], type: ArgumentError, match: /at least one/ },
      { args: ["int8"], type: DTypeError, match: /int8/ },
    ],
  },
  {
    name: "np.promoteTypes",
    values: [
      { args: ["int32", "float32"], out: "float64" }, // np.promote_types(np.int32, np.float32)
      { args: ["bool", "int32"], out: "int32" },
      { args: ["float32", "float32"], out: "float32" },
    ],
    errors: [{ args: ["int32", "complex64"], type: DTypeError, match: /complex64/ }],
  },
  {
    name: "np.finfo",
    values: [
      {
        // np.finfo(np.float64)
        args: ["float64"],
        out: {
          dtype: "float64", bits: 64, eps: 2.220446049250313e-16, epsneg: 1.1102230246251565e-16, max: 1.7976931348623157e308,
          min: -1.7976931348623157e308, tiny: 2.2250738585072014e-308, smallestNormal: 2.2250738585072014e-308, smallestSubnormal: 5e-324,
          resolution: 1e-15, precision: 15, maxexp: 1024, minexp: -1022, machep: -52, negep: -53, nmant: 52, nexp: 11, iexp: 11,
        },
      },
      {
        // np.finfo(np.float32), its float32 fields as float64 numbers
        args: [np.zeros([1], { dtype: "float32" })],
        out: {
          dtype: "float32", bits: 32, eps: 1.1920928955078125e-7, epsneg: 5.960464477539063e-8, max: 3.4028234663852886e38,
          min: -3.4028234663852886e38, tiny: 1.1754943508222875e-38, smallestNormal: 1.1754943508222875e-38, smallestSubnormal: 1.401298464324817e-45,
          resolution: 9.999999974752427e-7, precision: 6, maxexp: 128, minexp: -126, machep: -23, negep: -24, nmant: 23, nexp: 8, iexp: 8,
        },
      },
    ],
    errors: [{ args: ["int32"], type: DTypeError, match: /not a float dtype/ }],
  },
  {
    name: "np.iinfo",
    values: [{ args: ["int32"], out: { dtype: "int32", bits: 32, min: -2147483648, max: 2147483647, kind: "i" } }], // np.iinfo(np.int32)
    errors: [
      { args: ["float64"], type: DTypeError, match: /not an integer dtype/ },
      { args: [np.zeros([1], { dtype: "bool" })], type: DTypeError, match: /bool/ },
    ],
  },
  { name: "np.e", check: () => expect(np.e).toBe(2.718281828459045) }, // np.e
  { name: "np.pi", check: () => expect(np.pi).toBe(3.141592653589793) }, // np.pi
  { name: "np.inf", check: () => expect(np.inf).toBe(Infinity) },
  { name: "np.nan", check: () => expect(np.nan).toBeNaN() },
  { name: "np.eulerGamma", check: () => expect(np.eulerGamma).toBe(0.5772156649015329) }, // np.euler_gamma
  {
    name: "np.newaxis",
    check: () => {
      const x = np.arange(6).reshape(2, 3);
      expect(x.slice(np.newaxis).shape).toEqual([1, 2, 3]); // x[None]
      expect(x.slice(null, np.newaxis).shape).toEqual([2, 1, 3]); // x[:, None]
      expect(x.slice(1, np.newaxis, [0, 2]).toArray()).toEqual([[3, 4]]); // x[1, None, 0:2]
      expect(x.slice(np.newaxis, null, np.newaxis, 2).shape).toEqual([1, 2, 1]); // x[None, :, None, 2]
      expect(x.slice(null, null, np.newaxis).shape).toEqual([2, 3, 1]);
      const g = grad((t: Tensor) => np.sum(np.multiply(t.slice(null, np.newaxis), t.slice(np.newaxis))))(np.array([1, 2]));
      expect(g.toArray()).toEqual([6, 6]); // d/dt Σᵢⱼ tᵢtⱼ = 2·Σt
      expect(() => x.slice(np.newaxis, 0, 0, 0)).toThrow(ArgumentError); // newaxes do not count as indexed axes
    },
  },
];
