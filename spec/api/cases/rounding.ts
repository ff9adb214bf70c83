/**
 * Rows for issue 9's group 1, part two (lib/api/rounding.ts and
 * floating.ts): rounding, integer division and remainders, and the
 * floating-point functions. Expected values were computed once with numpy
 * 2.4.6, the call next to each pin; signs of zero, which the pins compare as
 * equal, are checked with Object.is in the rows' own checks.
 */
import { expect } from "vitest";
import fc from "fast-check";
import { ArgumentError, DTypeError, grad, jit, np, ShapeError, type Tensor } from "../../../lib/index.ts";
import { awayFromZero, f32, f64, i32, type Row } from "../harness.ts";

const int32 = "int32" as const;
const i = (data: number[]) => np.array(data, { dtype: "int32" });
const isNegativeZero = (t: Tensor, k: number) => Object.is(t.toTypedArray()[k], -0);

/** Reals in ±[lo, hi] at least `gap` away from every multiple of `step` (where rounding or remainders jump). */
const awayFromMultiples = (lo: number, hi: number, step: number, gap = 0.02) =>
  awayFromZero(lo, hi).filter((v) => Math.abs(v / step - Math.round(v / step)) >= gap);

export const roundingRows: Row[] = [
  {
    name: "np.floor",
    values: [
      { args: [[-1.5, 1.5, -0, 2, -Infinity, NaN]], out: [-2, 1, -0, 2, -Infinity, NaN] }, // np.floor(...)
      // integers and bools pass through (numpy 2 and JAX keep the dtype)
      { args: [i([1, -2])], out: [1, -2], dtype: int32 },
      { args: [[true, false]], out: [true, false], dtype: "bool" },
    ],
    errors: [{ args: ["1"], type: ArgumentError }],
    args: [f64([2, 3], -5, 5)],
    grads: "zero",
  },
  {
    name: "np.ceil",
    values: [{ args: [[-1.5, 1.5, -0.5, 2]], out: [-1, 2, -0, 2] }], // np.ceil(...)
    args: [f64([3], -5, 5)],
    grads: "zero",
    check: () => expect(isNegativeZero(np.ceil([-0.5]), 0)).toBe(true),
  },
  {
    name: "np.trunc",
    values: [
      { args: [[-1.5, 1.5, -0.5, 2.7]], out: [-1, 1, -0, 2] }, // np.trunc(...)
      { args: [i([3])], out: [3], dtype: int32 },
    ],
    args: [f64([3], -5, 5)],
    grads: "zero",
    check: () => expect(isNegativeZero(np.trunc([-0.5]), 0)).toBe(true),
  },
  {
    name: "np.fix",
    values: [{ args: [[-2.7, 2.7, -0.2]], out: [-2, 2, -0] }], // np.fix(...)
    args: [f64([3], -5, 5)],
    grads: "zero",
  },
  {
    name: "np.rint",
    values: [
      { args: [[0.5, 1.5, 2.5, -0.5, -1.5, 3.7]], out: [0, 2, 2, -0, -2, 4] }, // np.rint(...)
      { args: [i([3, -2])], out: [3, -2] }, // integers become float64
    ],
    args: [f64([3], -5, 5)],
    grads: "zero",
  },
  {
    name: "np.round",
    values: [
      { args: [[0.5, 1.5, 2.675, -2.5], 2], out: [0.5, 1.5, 2.68, -2.5] }, // np.round(..., 2)
      { args: [[1234.5678, -0.5, 2.5], 0], out: [1235, -0, 2] },
      { args: [[1234.5678, 15, 25], -1], out: [1230, 20, 20] },
      { args: [i([15, 25, 1234, -15]), -1], out: [20, 20, 1230, -20], dtype: int32 },
      { args: [i([15]), 1], out: [15], dtype: int32 },
      { args: [np.array([1.25, 1.35], { dtype: "float32" }), 1], out: [1.2000000476837158, 1.399999976158142], dtype: "float32" },
      { args: [[0.5, 1.5]], out: [0, 2] },
    ],
    errors: [{ args: [[1], 0.5], type: ArgumentError, match: /decimals/ }],
    f: (x: Tensor) => np.round(x, 1),
    args: [f64([2, 3], -5, 5)],
    grads: "zero",
  },
  {
    name: "np.around",
    values: [{ args: [[1.25, 1.35], 1], out: [1.2, 1.4] }], // np.around(..., 1)
    args: [f64([3], -5, 5)],
    grads: "zero",
  },
  {
    name: "np.remainder",
    label: "and np.mod",
    values: [
      // np.remainder([-7., 7., -7.5, 7.5, 6., -6., 5., -5., 0.], [3., -3., 2., -2., 3., 3., inf, inf, -2.])
      { args: [[-7, 7, -7.5, 7.5, 6, -6, 5, -5, 0], [3, -3, 2, -2, 3, 3, Infinity, Infinity, -2]], out: [2, -2, 0.5, -0.5, 0, 0, 5, Infinity, -0] },
      { args: [i([-7, 7, 5, -5]), i([3, -3, 0, 2])], out: [2, -2, 0, 1], dtype: int32 }, // int32: x % 0 is 0
      { args: [[1, 2], 0], out: [NaN, NaN] },
    ],
    errors: [{ args: [[1, 2], [1, 2, 3]], type: ShapeError, match: /broadcast/ }],
    // x away from the multiples of the divisors, where the remainder jumps
    f: (x: Tensor) => np.remainder(x, [1.7, -2.3, 3.1]),
    args: [f64([2, 3], awayFromMultiples(0.1, 5, 0.1))],
    check: () => {
      expect(np.mod).toBe(np.remainder);
      expect(isNegativeZero(np.remainder(0, -2), 0)).toBe(true);
      expect(isNegativeZero(np.remainder(-6, 3), 0)).toBe(false);
      // ∂/∂y = −floor(x/y)
      expect(grad((y: Tensor) => np.remainder(-7, y))(np.array(3)).item()).toBe(3);
    },
  },
  {
    name: "np.remainder",
    label: "in the divisor",
    f: (y: Tensor) => np.remainder([2.37, -3.71, 4.19], y),
    args: [f64([3], awayFromZero(0.55, 2.9))],
  },
  {
    name: "np.fmod",
    values: [
      { args: [[-7, 7, -7.5, 5, 0], [3, -3, 2, Infinity, 2]], out: [-1, 1, -1.5, 5, 0] }, // np.fmod(...)
      { args: [i([-7, 7, 5]), i([3, -3, 0])], out: [-1, 1, 0], dtype: int32 },
    ],
    f: (x: Tensor) => np.fmod(x, [1.7, -2.3, 3.1]),
    args: [f64([2, 3], awayFromMultiples(0.1, 5, 0.1))],
    check: () => expect(grad((y: Tensor) => np.fmod(-7, y))(np.array(3)).item()).toBe(2), // ∂/∂y = −trunc(x/y)
  },
  {
    name: "np.floorDivide",
    values: [
      // np.floor_divide([7., -7., 7.5, -0.5, 1., -1., 0., 5., -5.], [2., 2., -2., 3., 0., 0., 0., inf, inf])
      { args: [[7, -7, 7.5, -0.5, 1, -1, 0, 5, -5], [2, 2, -2, 3, 0, 0, 0, Infinity, Infinity]], out: [3, -4, -4, -1, Infinity, -Infinity, NaN, 0, -1] },
      { args: [i([7, -7, 5, -5, 0]), i([2, 2, 0, -3, 3])], out: [3, -4, 0, 1, 0], dtype: int32 },
      // numpy's correction: 0.3 // 0.1 is 2, 1 // 0.1 is 9 (fmod(1, 0.1) = 0.0999…)
      { args: [[0.3, 1, -1], 0.1], out: [2, 9, -10] },
    ],
    args: [f64([2, 3], -5, 5), f64([3], awayFromZero(0.5, 3))],
    grads: "zero",
  },
  {
    name: "np.divmod",
    values: [
      { args: [[7, -7, 2.5], [2, 2, 0.5]], out: [[3, -4, 5], [1, 1, 0]] }, // np.divmod(...)
      { args: [i([7, -7]), 2], out: [[3, -4], [1, 1]], dtype: [int32, int32] },
    ],
    f: (x: Tensor) => np.divmod(x, 1.7),
    args: [f64([4], awayFromMultiples(0.1, 5, 1.7))],
  },
  {
    name: "np.modf",
    values: [
      // np.modf([-2.5, 3., -3., inf, -inf, nan, 0.25])
      { args: [[-2.5, 3, -3, Infinity, -Infinity, NaN, 0.25]], out: [[-0.5, 0, -0, 0, -0, NaN, 0.25], [-2, 3, -3, Infinity, -Infinity, NaN, 0]] },
      { args: [i([3, -2])], out: [[0, -0], [3, -2]] },
    ],
    args: [f64([2, 2], awayFromMultiples(0.05, 5, 1))],
    check: () => {
      const [fraction] = np.modf([-3, -Infinity]);
      expect(isNegativeZero(fraction, 0) && isNegativeZero(fraction, 1)).toBe(true);
    },
  },
];

export const floatingRows: Row[] = [
  {
    name: "np.signbit",
    values: [
      { args: [[-1, -0, 0, 2, -Infinity, Infinity]], out: [true, true, false, false, true, false], dtype: "bool" }, // np.signbit(...)
      { args: [i([-3, 0, 4])], out: [true, false, false], dtype: "bool" },
    ],
    args: [f64([3])],
    grads: "zero",
  },
  {
    name: "np.copysign",
    values: [
      { args: [[1, 2, -3, 0, Infinity], [-0, 3, 1, -1, -2]], out: [-1, 2, 3, -0, -Infinity] }, // np.copysign(...)
      { args: [i([1, 2]), -1], out: [-1, -2] },
    ],
    args: [f64([2, 3], awayFromZero(0.1, 3)), f64([3], awayFromZero(0.1, 3))],
    check: () => expect(isNegativeZero(np.copysign(0, -1), 0)).toBe(true),
  },
  {
    name: "np.heaviside",
    values: [
      { args: [[-1, 0, 2, NaN, -0], 0.5], out: [0, 0.5, 1, NaN, 0.5] }, // np.heaviside(..., 0.5)
      { args: [[-1, 0, 2], [0.25, 0.75, 0.5]], out: [0, 0.75, 1] },
    ],
    args: [f64([3], awayFromZero(0.1, 3)), f64([3])],
    grads: "zero",
  },
  {
    name: "np.fmax",
    values: [
      { args: [[1, NaN, NaN, -2, 3], [2, 3, NaN, NaN, 3]], out: [2, 3, NaN, -2, 3] }, // np.fmax(...)
      { args: [i([1, 5]), i([2, 3])], out: [2, 5], dtype: int32 },
    ],
    // |x2| > |x1|: no ties, both sides win somewhere
    args: [f64([2, 3], awayFromZero(0.1, 2)), f64([3], awayFromZero(2.5, 4))],
  },
  {
    name: "np.fmin",
    values: [{ args: [[1, NaN, NaN, -2, 3], [2, 3, NaN, NaN, 3]], out: [1, 3, NaN, -2, 3] }], // np.fmin(...)
    args: [f64([2, 3], awayFromZero(0.1, 2)), f64([3], awayFromZero(2.5, 4))],
  },
  {
    name: "np.floatPower",
    values: [
      { args: [[2, 4, -8, 0], [-1, 0.5, 1 / 3, -1]], out: [0.5, 2, NaN, Infinity] }, // np.float_power(...)
      { args: [i([2, 3]), i([3, -2])], out: [8, 0.1111111111111111] },
      { args: [np.array([2], { dtype: "float32" }), np.array(0.5, { dtype: "float32" })], out: [1.4142135623730951] }, // always float64
    ],
    args: [f64([3], 0.3, 3), f64([3])],
  },
  {
    name: "np.nanToNum",
    values: [
      { args: [[NaN, Infinity, -Infinity, 1]], out: [0, 1.7976931348623157e308, -1.7976931348623157e308, 1] }, // np.nan_to_num(...)
      { args: [[NaN, Infinity, -Infinity, 1], { nan: -1, posinf: 9, neginf: -9 }], out: [-1, 9, -9, 1] },
      { args: [np.array([NaN, Infinity, -Infinity], { dtype: "float32" })], out: [0, 3.4028234663852886e38, -3.4028234663852886e38], dtype: "float32" },
      { args: [i([1])], out: [1], dtype: int32 },
    ],
    errors: [
      { args: [[1], { nan: "0" }], type: ArgumentError, match: /nan must be a number/ },
      { args: [[1], { nans: 0 }], type: ArgumentError, match: /unknown option "nans"/ },
    ],
    args: [f64([2, 3])],
  },
  {
    name: "np.isinf",
    values: [{ args: [[1, Infinity, -Infinity, NaN]], out: [false, true, true, false], dtype: "bool" }], // np.isinf(...)
    args: [f64([3])],
    grads: "zero",
  },
  {
    name: "np.isposinf",
    values: [{ args: [[1, Infinity, -Infinity, NaN]], out: [false, true, false, false], dtype: "bool" }], // np.isposinf(...)
    args: [f64([3])],
    grads: "zero",
  },
  {
    name: "np.isneginf",
    values: [{ args: [[1, Infinity, -Infinity, NaN]], out: [false, false, true, false], dtype: "bool" }], // np.isneginf(...)
    args: [f64([3])],
    grads: "zero",
  },
  {
    name: "np.isclose",
    values: [
      // np.isclose([1., 1e-9, nan, inf, inf, 1e10, 0.], [1.000001, 2e-9, nan, inf, -inf, 1.00001e10, 1e-9])
      { args: [[1, 1e-9, NaN, Infinity, Infinity, 1e10, 0], [1.000001, 2e-9, NaN, Infinity, -Infinity, 1.00001e10, 1e-9]], out: [true, true, false, true, false, true, true], dtype: "bool" },
      { args: [[1, NaN], [1.001, NaN], { rtol: 1e-2, equalNan: true }], out: [true, true], dtype: "bool" },
      { args: [i([1, 2]), i([1, 3])], out: [true, false], dtype: "bool" },
    ],
    errors: [
      { args: [[1], [1], { rtol: -1 }], type: ArgumentError, match: /rtol/ },
      { args: [[1], [1], { equal_nan: true }], type: ArgumentError, match: /unknown option/ },
    ],
    args: [f64([3]), f64([3])],
    grads: "zero",
  },
  {
    name: "np.ldexp",
    values: [
      // np.ldexp([1., 0.75, 1., 0.75, -3., 0., inf, 1.5, 2.], [3, -1, -1074, 1024, 2, 5000, -5, -1075, -2000])
      { args: [[1, 0.75, 1, 0.75, -3, 0, Infinity, 1.5, 2], i([3, -1, -1074, 1024, 2, 5000, -5, -1075, -2000])], out: [8, 0.375, 5e-324, 1.348269851146737e308, -12, 0, Infinity, 5e-324, 0] },
      { args: [np.array([1.5], { dtype: "float32" }), 4], out: [24], dtype: "float32" },
      { args: [i([3, 5]), i([1, -1])], out: [6, 2.5] },
    ],
    errors: [
      { args: [[1], 0.5], type: DTypeError, match: /integer/ },
      { args: [[1], [1.5]], type: DTypeError, match: /integer dtype/ },
    ],
    f: (x: Tensor) => np.ldexp(x, i([3, -2, 0])),
    args: [f64([2, 3])],
    check: () => expect(jit((x: Tensor, e: Tensor) => np.ldexp(x, e))(np.array([3]), 2).toArray()).toEqual([12]),
  },
  {
    name: "np.frexp",
    values: [
      // np.frexp([8., -0.375, 0., -0., 5e-324, 1.7e308, inf, nan, 1., 0.5, 3.])
      {
        args: [[8, -0.375, 0, -0, 5e-324, 1.7e308, Infinity, NaN, 1, 0.5, 3]],
        out: [[0.5, -0.75, 0, -0, 0.5, 0.9456563898655606, Infinity, NaN, 0.5, 0.5, 0.75], [4, -1, 0, 0, -1073, 1024, 0, 0, 1, 0, 2]],
        dtype: ["float64", int32],
      },
      { args: [np.array([6], { dtype: "float32" })], out: [[0.75], [3]], dtype: ["float32", int32] },
      { args: [i([12, -1])], out: [[0.75, -0.5], [4, 1]], dtype: ["float64", int32] },
    ],
    // the mantissa, away from the powers of two where it jumps
    f: (x: Tensor) => np.frexp(x)[0],
    args: [f64([3], fc.double({ min: 0.3, max: 7, noNaN: true }).filter((v) => Math.abs(Math.log2(v) - Math.round(Math.log2(v))) > 0.01))],
    check: () => {
      // every finite double round-trips: x = m·2^e with 0.5 <= |m| < 1
      fc.assert(
        fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }).filter((v) => v !== 0), (v) => {
          const [m, e] = np.frexp(v);
          const mv = m.item();
          expect(Math.abs(mv) >= 0.5 && Math.abs(mv) < 1).toBe(true);
          expect(np.ldexp(mv, e).item()).toBe(v);
        }),
        { numRuns: 200 },
      );
    },
  },
  {
    name: "np.unwrap",
    values: [
      { args: [[0, 3, 6.5, 0.5, -3]], out: [0, 3, 0.21681469282041377, 0.5, 3.2831853071795862] }, // np.unwrap(...)
      { args: [[[0, 3, 6.5], [1, -2.5, 3.5]], { axis: 0 }], out: [[0, 3, 6.5], [1, 3.7831853071795862, 3.5]] },
      { args: [[0, 3, 6.5, 0.5], { discont: 4 }], out: [0, 3, 6.5, 6.783185307179586] },
      { args: [[0, 5, 9, 1], { period: 6 }], out: [0, -1, -3, -5] },
      { args: [i([0, 4, 8, 1])], out: [0, -2.2831853071795862, -4.5663706143591725, -5.283185307179586], rtol: 1e-15 },
      { args: [[0, Math.PI]], out: [0, 3.141592653589793] },
      { args: [[2]], out: [2] },
    ],
    errors: [
      { args: [3], type: ArgumentError, match: /dimension/ },
      { args: [[1, 2], { axis: 1 }], type: ArgumentError },
      { args: [[1, 2], { period: 0 }], type: ArgumentError, match: /period/ },
    ],
    args: [f64([2, 4], -10, 10)],
  },
];

// other dtypes through the random properties
export const roundingDtypeRows: Row[] = [
  { name: "np.floor", label: "float32", args: [f32([3], -5, 5)], grads: "zero" },
  { name: "np.remainder", label: "int32", args: [i32([2, 3], -9, 9), i32([3], -4, 4)] },
  { name: "np.floorDivide", label: "int32", args: [i32([2, 3], -9, 9), i32([3], -4, 4)] },
  { name: "np.fmod", label: "int32", args: [i32([3], -9, 9), i32([3], -4, 4)] },
];

