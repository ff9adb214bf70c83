/**
 * Rows for issue 9's group 1, part one (lib/api/ufuncs.ts and the
 * transcendental functions of math.ts): reciprocal, positive, cbrt, exp2,
 * log2, log10, logaddexp(2), the trigonometric and hyperbolic functions and
 * their inverses (numpy 2's short aliases are the same functions), hypot,
 * sinc, angle conversions. Expected values were computed once with numpy
 * 2.4.6 (or mpmath at 50 digits where numpy's own rounding is not the point),
 * the call next to each pin.
 */
import { expect } from "vitest";
import { ArgumentError, grad, jit, jvp, np, ShapeError, vmap, type Tensor } from "../../../lib/index.ts";
import { awayFromZero, f32, f64, i32, type Row } from "../harness.ts";

const float32 = "float32" as const;

/** Reals in [lo, hi] as an argument of `shape`. */
const within = (shape: number[], lo: number, hi: number) => f64(shape, lo, hi);

export const ufuncRows: Row[] = [
  {
    name: "np.reciprocal",
    values: [
      { args: [[1, 2, 4, -0.5, 0]], out: [1, 0.5, 0.25, -2, Infinity] }, // np.reciprocal([1., 2., 4., -0.5, 0.])
      // integers give float64 (jnp.reciprocal; numpy's integer reciprocal truncates)
      { args: [np.array([2, 4], { dtype: "int32" })], out: [0.5, 0.25] },
      { args: [np.array([2], { dtype: "float32" })], out: [0.5], dtype: float32 },
      { args: [np.zeros([0])], out: [] },
    ],
    errors: [{ args: ["x"], type: ArgumentError }],
    args: [f64([2, 3], awayFromZero(0.3, 3))],
  },
  {
    name: "np.positive",
    values: [
      { args: [[-1, 2]], out: [-1, 2] },
      { args: [np.array([-3], { dtype: "int32" })], out: [-3], dtype: "int32" },
      { args: [5], out: 5 },
    ],
    errors: [{ args: [{}], type: ArgumentError }],
    args: [f64([3])],
  },
  {
    name: "np.cbrt",
    values: [
      { args: [[-8, 27, 2, 0]], out: [-2, 3, 1.2599210498948732, 0] }, // np.cbrt([-8., 27., 2., 0.])
      { args: [np.array([-8, 27], { dtype: "int32" })], out: [-2, 3] },
    ],
    errors: [{ args: [[[1], [1, 2]]], type: ShapeError }],
    args: [f64([4], awayFromZero(0.3, 3))],
  },
  {
    name: "np.exp2",
    values: [
      { args: [[-1, 10, 0.5, -1074, 1024]], out: [0.5, 1024, 1.4142135623730951, 5e-324, Infinity] }, // np.exp2([-1., 10., 0.5, -1074., 1024.])
      { args: [np.array([1, 2.5], { dtype: "float32" })], out: [2, 5.656854152679443], dtype: float32 },
    ],
    args: [f64([2, 2])],
  },
  {
    name: "np.log2",
    values: [{ args: [[0.25, 8, 3, 0, -1]], out: [-2, 3, 1.584962500721156, -Infinity, NaN] }], // np.log2([0.25, 8., 3., 0., -1.])
    args: [within([3], 0.1, 5)],
  },
  {
    name: "np.log10",
    values: [
      { args: [[0.01, 1000, 2, 1e-300]], out: [-2, 3, 0.3010299956639812, -300] }, // np.log10([0.01, 1000., 2., 1e-300])
      { args: [np.array([3, 100], { dtype: "int32" })], out: [0.47712125471966244, 2] },
    ],
    args: [within([3], 0.1, 5)],
  },
  {
    name: "np.logaddexp",
    values: [
      // np.logaddexp([1000., -1000., 1., -inf, inf, inf], [1000., -1000., 2., 1., inf, 1.])
      { args: [[1000, -1000, 1, -Infinity, Infinity, Infinity], [1000, -1000, 2, 1, Infinity, 1]], out: [1000.6931471805599, -999.3068528194401, 2.313261687518223, 1, Infinity, Infinity] },
      { args: [np.array(1, { dtype: "float32" }), 2], out: 2.3132617473602295, dtype: float32 }, // np.logaddexp(np.float32(1), 2)
      { args: [[[0], [1]], [0, 1, 2]], out: [[0.6931471805599453, 1.3132616875182228, 2.1269280110429727], [1.3132616875182228, 1.6931471805599454, 2.3132616875182226]] },
    ],
    errors: [{ args: [[1, 2], [1, 2, 3]], type: ShapeError, match: /broadcast/ }],
    args: [f64([2, 3], -5, 5), f64([3], -5, 5)],
    check: () => {
      // the derivative is σ(x − y): accurate where it is tiny, and finite at infinities
      const g = grad((x: Tensor, y: Tensor) => np.sum(np.logaddexp(x, y)), { argnums: [0, 1] });
      const [gx, gy] = g(np.array([800, 0, Infinity, Infinity]), np.array([0, 800, 1, Infinity])) as Tensor[];
      expect(gx.toArray()).toEqual([1, 0, 1, 1]);
      expect(gy.toArray()).toEqual([0, 1, 0, 1]);
      const [, t] = jvp((x: Tensor) => np.logaddexp(x, 0), [np.array(-40)], [np.array(1)]);
      expect(t.item()).toBeCloseTo(4.248354255291589e-18, 30); // σ(−40)
    },
  },
  {
    name: "np.logaddexp2",
    values: [
      // np.logaddexp2([1., -1000., 3., -inf], [1., -1000., -2., -inf])
      { args: [[1, -1000, 3, -Infinity], [1, -1000, -2, -Infinity]], out: [2, -999, 3.0443941193584534, -Infinity] },
    ],
    args: [f64([3], -5, 5), f64([3], -5, 5)],
  },
  {
    name: "np.sinh",
    values: [{ args: [[0, 1, -2.5, 1e-10, 710]], out: [0, 1.1752011936438014, -6.0502044810397875, 1e-10, 1.1169973830808555e308] }], // np.sinh(...)
    args: [f64([2, 3])],
  },
  {
    name: "np.cosh",
    values: [{ args: [[0, 1, -2.5, 710]], out: [1, 1.5430806348152437, 6.132289479663686, 1.1169973830808555e308] }], // np.cosh(...)
    args: [f64([2, 3])],
  },
  {
    name: "np.tan",
    values: [{ args: [[0, 1, -1.2, Math.PI / 4]], out: [0, 1.5574077246549023, -2.5721516221263188, 0.9999999999999999] }], // np.tan(...)
    args: [f64([3], -1.2, 1.2)],
  },
  {
    name: "np.arctan",
    label: "and np.atan",
    values: [{ args: [[0, 1, -1e10]], out: [0, 0.7853981633974483, -1.5707963266948965] }], // np.arctan(...)
    args: [f64([3])],
    check: () => expect(np.atan).toBe(np.arctan),
  },
  {
    name: "np.arcsin",
    label: "and np.asin",
    values: [{ args: [[0, 1, -0.5, 1e-10, 2]], out: [0, 1.5707963267948966, -0.5235987755982989, 1e-10, NaN] }], // np.arcsin(...)
    args: [within([3], -0.9, 0.9)],
    check: () => expect(np.asin).toBe(np.arcsin),
  },
  {
    name: "np.arccos",
    label: "and np.acos",
    values: [{ args: [[1, 0, -0.5, -1, 2]], out: [0, 1.5707963267948966, 2.0943951023931957, 3.141592653589793, NaN] }], // np.arccos(...)
    args: [within([3], -0.9, 0.9)],
    check: () => expect(np.acos).toBe(np.arccos),
  },
  {
    name: "np.arcsinh",
    label: "and np.asinh",
    values: [{ args: [[0, 1, -2.5, 1e-10, 1e300]], out: [0, 0.881373587019543, -1.6472311463710958, 1e-10, 691.4686750787737] }], // np.arcsinh(...)
    args: [f64([3], -3, 3)],
    check: () => expect(np.asinh).toBe(np.arcsinh),
  },
  {
    name: "np.arccosh",
    label: "and np.acosh",
    // np.arccosh([1., 2., 1.0000001, 1e300, 0.5])
    values: [{ args: [[1, 2, 1.0000001, 1e300, 0.5]], out: [0, 1.3169578969248168, 0.0004472135919037347, 691.4686750787737, NaN] }],
    args: [within([3], 1.2, 4)],
    check: () => expect(np.acosh).toBe(np.arccosh),
  },
  {
    name: "np.arctanh",
    label: "and np.atanh",
    values: [{ args: [[0, 0.5, -0.99, 1e-10, 1, 2]], out: [0, 0.5493061443340549, -2.6466524123622457, 1e-10, Infinity, NaN] }], // np.arctanh(...)
    args: [within([3], -0.9, 0.9)],
    check: () => expect(np.atanh).toBe(np.arctanh),
  },
  {
    name: "np.arctan2",
    label: "and np.atan2",
    values: [
      // np.arctan2([1., -1., 0., -0., 1., 0.], [-1., -1., -1., -1., 0., 0.])
      { args: [[1, -1, 0, -0, 1, 0], [-1, -1, -1, -1, 0, 0]], out: [2.356194490192345, -2.356194490192345, 3.141592653589793, -3.141592653589793, 1.5707963267948966, 0] },
      // atan2 in float64, rounded once to float32: the correctly rounded 0.4636476090008061 (numpy's float32 kernel is
      // one float32 ulp above, 0.46364763379096985)
      { args: [np.array(1, { dtype: "float32" }), np.array(2, { dtype: "float32" })], out: 0.46364760398864746, dtype: float32 },
    ],
    errors: [{ args: [[1, 2], [1, 2, 3]], type: ShapeError }],
    // y away from 0: atan2 jumps by 2π across the negative x axis
    args: [f64([2, 3], awayFromZero(0.2, 3)), f64([3])],
    check: () => expect(np.atan2).toBe(np.arctan2),
  },
  {
    name: "np.hypot",
    values: [
      // np.hypot([3., 1e300, 0., inf, 1e-300, -5.], [4., 1e300, 0., nan, 1e-300, 12.])
      { args: [[3, 1e300, 0, Infinity, 1e-300, -5], [4, 1e300, 0, NaN, 1e-300, 12]], out: [5, 1.4142135623730952e300, 0, Infinity, 1.414213562373095e-300, 13] },
      { args: [np.array([3], { dtype: "int32" }), np.array([4], { dtype: "int32" })], out: [5] },
    ],
    errors: [{ args: [[1, 2], [[1, 2, 3]]], type: ShapeError }],
    args: [f64([2, 3], awayFromZero(0.2, 3)), f64([3], awayFromZero(0.2, 3))],
    check: () => {
      // at a tie the two halves of max/min give the true gradient x/h
      const g = grad((x: Tensor, y: Tensor) => np.hypot(x, y), { argnums: [0, 1] })(np.array(3), np.array(-3)) as Tensor[];
      expect(g[0].item()).toBeCloseTo(Math.SQRT1_2, 15);
      expect(g[1].item()).toBeCloseTo(-Math.SQRT1_2, 15);
    },
  },
  {
    name: "np.sinc",
    values: [
      // np.sinc([0., 0.5, -0.25, 1e-9]); 0.1, 2.5, -3.75, 1e6 + 0.5: mpmath, sin(πx)/(πx) at 50 digits
      { args: [[0, 0.5, -0.25, 1e-9, 0.1, 2.5, -3.75, 1e6 + 0.5]], out: [1, 0.6366197723675814, 0.9003163161571061, 1, 0.983631643083466, 0.12732395447351627, -0.06002108774380707, 3.1830972702892714e-7], rtol: 4e-16 },
      // exactly 0 at the nonzero integers (numpy's sin(πx)/(πx) gives ±3.9e-17)
      { args: [[1, 2, -3]], out: [0, 0, 0] },
    ],
    args: [f64([2, 3], -3, 3)],
    check: () => {
      // derivatives at 0 as JAX's custom rule gives them: 0, −π²/3, 0, π⁴/5
      const d1 = grad((x: Tensor) => np.sinc(x));
      const d2 = grad((x: Tensor) => d1(x));
      const d3 = grad((x: Tensor) => d2(x));
      const d4 = grad((x: Tensor) => d3(x));
      expect(d1(0).item()).toBe(0);
      expect(d2(0).item()).toBeCloseTo(-(Math.PI ** 2) / 3, 14);
      expect(d3(0).item()).toBe(0);
      expect(d4(0).item()).toBeCloseTo(Math.PI ** 4 / 5, 12);
      // continuous across the switch at |x| = 1/4
      const g = (x: number) => d1(x).item();
      expect(Math.abs(g(0.25 - 1e-12) - g(0.25 + 1e-12))).toBeLessThan(1e-9);
      expect(jit(d2)(0).item()).toBe(d2(0).item());
      expect((vmap(d1)(np.array([0, 0.5])).toArray() as number[])[0]).toBe(0);
    },
  },
  {
    name: "np.deg2rad",
    label: "and np.radians",
    values: [{ args: [[180, 90, -45]], out: [3.141592653589793, 1.5707963267948966, -0.7853981633974483] }], // np.deg2rad(...)
    args: [f64([3], -360, 360)],
    check: () => expect(np.radians).toBe(np.deg2rad),
  },
  {
    name: "np.rad2deg",
    label: "and np.degrees",
    values: [{ args: [[Math.PI, 1, -0.5]], out: [180, 57.29577951308232, -28.64788975654116] }], // np.rad2deg(...)
    args: [f64([3])],
    check: () => expect(np.degrees).toBe(np.rad2deg),
  },
  {
    name: "np.absolute",
    values: [
      { args: [[-1.5, 2, -0]], out: [1.5, 2, 0] },
      { args: [np.array([-3, 4], { dtype: "int32" })], out: [3, 4], dtype: "int32" },
    ],
    args: [f64([3], awayFromZero(0.1, 3))],
    check: () => expect(np.absolute).toBe(np.abs),
  },
  {
    name: "np.trueDivide",
    values: [
      { args: [[1, 3], 2], out: [0.5, 1.5] },
      { args: [np.array([1, 3], { dtype: "int32" }), np.array([2, 2], { dtype: "int32" })], out: [0.5, 1.5] },
    ],
    args: [f64([3]), f64([3], awayFromZero(0.5, 2))],
    check: () => expect(np.trueDivide).toBe(np.divide),
  },
];

// float32 and int32 inputs through the random properties
export const ufuncDtypeRows: Row[] = [
  { name: "np.sinh", label: "float32", args: [f32([3], -2, 2)], grads: { order: 1, rtol: 2e-3, atol: 2e-3, eps: 2e-3 } },
  { name: "np.arctan2", label: "int32", args: [i32([3], 1, 5), i32([3], -5, 5)] },
  { name: "np.logaddexp", label: "broadcast", f: (x: Tensor) => np.logaddexp(x, 0), args: [f64([4], -30, 30)] },
];

