/** Specs for the numpy-compatible printer, with exact strings printed by numpy 2.4. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatArray, formatScalar } from "../../lib/array/format.ts";
import { typedArrayFrom } from "../../lib/array/dtype.ts";
import type { DType } from "../../lib/array/dtype.ts";

/** Exact strings printed by numpy 2.4 (repr(a) and str(a)) for the same data. */
const NUMPY_CASES: { label: string; dtype: DType; shape: number[]; data: number[]; repr: string; str: string }[] = [
  {
    label: "float64 vector",
    dtype: "float64",
    shape: [3],
    data: [1, 2, 3],
    repr: "array([1., 2., 3.])",
    str: "[1. 2. 3.]",
  },
  {
    label: "float64 scalar",
    dtype: "float64",
    shape: [],
    data: [3.5],
    repr: "array(3.5)",
    str: "3.5",
  },
  {
    label: "int32 vector",
    dtype: "int32",
    shape: [3],
    data: [1, 2, 3],
    repr: "array([1, 2, 3], dtype=int32)",
    str: "[1 2 3]",
  },
  {
    label: "bool vector",
    dtype: "bool",
    shape: [2],
    data: [1, 0],
    repr: "array([ True, False])",
    str: "[ True False]",
  },
  {
    label: "bool all true",
    dtype: "bool",
    shape: [2],
    data: [1, 1],
    repr: "array([ True,  True])",
    str: "[ True  True]",
  },
  {
    label: "bool scalar",
    dtype: "bool",
    shape: [],
    data: [1],
    repr: "array(True)",
    str: "True",
  },
  {
    label: "float32 vector",
    dtype: "float32",
    shape: [2],
    data: [1.5, 2.25],
    repr: "array([1.5 , 2.25], dtype=float32)",
    str: "[1.5  2.25]",
  },
  {
    label: "float32 scalar",
    dtype: "float32",
    shape: [],
    data: [3.5],
    repr: "array(3.5, dtype=float32)",
    str: "3.5",
  },
  {
    label: "float32 tenth",
    dtype: "float32",
    shape: [2],
    data: [0.1, 0.2],
    repr: "array([0.1, 0.2], dtype=float32)",
    str: "[0.1 0.2]",
  },
  {
    label: "matrix",
    dtype: "float64",
    shape: [2, 2],
    data: [1, 2, 3, 4],
    repr: "array([[1., 2.],\n       [3., 4.]])",
    str: "[[1. 2.]\n [3. 4.]]",
  },
  {
    label: "linspace",
    dtype: "float64",
    shape: [8],
    data: [-3, -2.2, -1.4, -0.6, 0.2, 1, 1.8, 2.6],
    repr: "array([-3. , -2.2, -1.4, -0.6,  0.2,  1. ,  1.8,  2.6])",
    str: "[-3.  -2.2 -1.4 -0.6  0.2  1.   1.8  2.6]",
  },
  {
    label: "wrapping",
    dtype: "float64",
    shape: [8],
    data: [0.00428509, 0.01791525, 0.06278086, 0.1621365, 0.27218603, 0.28746967, 0.20892382, 0.11981735],
    repr: "array([0.00428509, 0.01791525, 0.06278086, 0.1621365 , 0.27218603,\n       0.28746967, 0.20892382, 0.11981735])",
    str: "[0.00428509 0.01791525 0.06278086 0.1621365  0.27218603 0.28746967\n 0.20892382 0.11981735]",
  },
  {
    label: "full precision scalar",
    dtype: "float64",
    shape: [],
    data: [3.297442541400256],
    repr: "array(3.29744254)",
    str: "3.297442541400256",
  },
  {
    label: "small values",
    dtype: "float64",
    shape: [2],
    data: [1e-5, 1],
    repr: "array([1.e-05, 1.e+00])",
    str: "[1.e-05 1.e+00]",
  },
  {
    label: "large values",
    dtype: "float64",
    shape: [2],
    data: [1.23456789e10, 1],
    repr: "array([1.23456789e+10, 1.00000000e+00])",
    str: "[1.23456789e+10 1.00000000e+00]",
  },
  {
    label: "ratio over 1000",
    dtype: "float64",
    shape: [2],
    data: [1, 2000],
    repr: "array([1.e+00, 2.e+03])",
    str: "[1.e+00 2.e+03]",
  },
  {
    label: "non-finite",
    dtype: "float64",
    shape: [3],
    data: [NaN, 1.5, -Infinity],
    repr: "array([ nan,  1.5, -inf])",
    str: "[ nan  1.5 -inf]",
  },
  {
    label: "only nan",
    dtype: "float64",
    shape: [1],
    data: [NaN],
    repr: "array([nan])",
    str: "[nan]",
  },
  {
    label: "negative zero",
    dtype: "float64",
    shape: [2],
    data: [-0, 1],
    repr: "array([-0.,  1.])",
    str: "[-0.  1.]",
  },
  {
    label: "half-even tie",
    dtype: "float64",
    shape: [2],
    data: [0.001953125, 1],
    repr: "array([0.00195312, 1.        ])",
    str: "[0.00195312 1.        ]",
  },
  {
    label: "third",
    dtype: "float64",
    shape: [2],
    data: [1 / 3, 2 / 3],
    repr: "array([0.33333333, 0.66666667])",
    str: "[0.33333333 0.66666667]",
  },
  {
    label: "empty",
    dtype: "float64",
    shape: [0],
    data: [],
    repr: "array([], dtype=float64)",
    str: "[]",
  },
  {
    label: "empty int32",
    dtype: "int32",
    shape: [0],
    data: [],
    repr: "array([], dtype=int32)",
    str: "[]",
  },
  {
    label: "empty 2x0",
    dtype: "float64",
    shape: [2, 0],
    data: [],
    repr: "array([], shape=(2, 0), dtype=float64)",
    str: "[]",
  },
  {
    label: "scalar 1e20",
    dtype: "float64",
    shape: [],
    data: [1e20],
    repr: "array(1.e+20)",
    str: "1e+20",
  },
  {
    label: "scalar 1e-5",
    dtype: "float64",
    shape: [],
    data: [1e-5],
    repr: "array(1.e-05)",
    str: "1e-05",
  },
  {
    label: "scalar float32 1e6",
    dtype: "float32",
    shape: [],
    data: [1e6],
    repr: "array(1.e+06, dtype=float32)",
    str: "1e+06",
  },
  {
    label: "scalar int32",
    dtype: "int32",
    shape: [],
    data: [-7],
    repr: "array(-7, dtype=int32)",
    str: "-7",
  },
  {
    label: "3-d",
    dtype: "float64",
    shape: [2, 2, 3],
    data: Array.from({ length: 12 }, (_, i) => i),
    repr: "array([[[ 0.,  1.,  2.],\n        [ 3.,  4.,  5.]],\n\n       [[ 6.,  7.,  8.],\n        [ 9., 10., 11.]]])",
    str: "[[[ 0.  1.  2.]\n  [ 3.  4.  5.]]\n\n [[ 6.  7.  8.]\n  [ 9. 10. 11.]]]",
  },
  {
    label: "int32 wrap",
    dtype: "int32",
    shape: [30],
    data: Array.from({ length: 30 }, (_, i) => i),
    repr: "array([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16,\n       17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29], dtype=int32)",
    str: "[ 0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15 16 17 18 19 20 21 22 23\n 24 25 26 27 28 29]",
  },
  {
    label: "summarized",
    dtype: "float64",
    shape: [1100],
    data: Array.from({ length: 1100 }, (_, i) => i),
    repr: "array([0.000e+00, 1.000e+00, 2.000e+00, ..., 1.097e+03, 1.098e+03,\n       1.099e+03], shape=(1100,))",
    str: "[0.000e+00 1.000e+00 2.000e+00 ... 1.097e+03 1.098e+03 1.099e+03]",
  },
  {
    label: "summarized 2-d",
    dtype: "float32",
    shape: [40, 50],
    data: Array.from({ length: 2000 }, (_, i) => i / 7),
    repr: "array([[0.0000000e+00, 1.4285715e-01, 2.8571430e-01, ..., 6.7142859e+00,\n        6.8571429e+00, 7.0000000e+00],\n       [7.1428571e+00, 7.2857141e+00, 7.4285712e+00, ..., 1.3857142e+01,\n        1.4000000e+01, 1.4142858e+01],\n       [1.4285714e+01, 1.4428572e+01, 1.4571428e+01, ..., 2.1000000e+01,\n        2.1142857e+01, 2.1285715e+01],\n       ...,\n       [2.6428571e+02, 2.6442856e+02, 2.6457144e+02, ..., 2.7100000e+02,\n        2.7114285e+02, 2.7128571e+02],\n       [2.7142856e+02, 2.7157144e+02, 2.7171429e+02, ..., 2.7814285e+02,\n        2.7828571e+02, 2.7842856e+02],\n       [2.7857144e+02, 2.7871429e+02, 2.7885715e+02, ..., 2.8528571e+02,\n        2.8542856e+02, 2.8557144e+02]], shape=(40, 50), dtype=float32)",
    str: "[[0.0000000e+00 1.4285715e-01 2.8571430e-01 ... 6.7142859e+00\n  6.8571429e+00 7.0000000e+00]\n [7.1428571e+00 7.2857141e+00 7.4285712e+00 ... 1.3857142e+01\n  1.4000000e+01 1.4142858e+01]\n [1.4285714e+01 1.4428572e+01 1.4571428e+01 ... 2.1000000e+01\n  2.1142857e+01 2.1285715e+01]\n ...\n [2.6428571e+02 2.6442856e+02 2.6457144e+02 ... 2.7100000e+02\n  2.7114285e+02 2.7128571e+02]\n [2.7142856e+02 2.7157144e+02 2.7171429e+02 ... 2.7814285e+02\n  2.7828571e+02 2.7842856e+02]\n [2.7857144e+02 2.7871429e+02 2.7885715e+02 ... 2.8528571e+02\n  2.8542856e+02 2.8557144e+02]]",
  },
  {
    label: "float32 exact digits",
    dtype: "float32",
    shape: [3],
    data: [13.234375, -0.0478515625, 619778.1875],
    repr: "array([ 1.3234375e+01, -4.7851562e-02,  6.1977819e+05], dtype=float32)",
    str: "[ 1.3234375e+01 -4.7851562e-02  6.1977819e+05]",
  },
];

describe("formatArray", () => {
  for (const c of NUMPY_CASES) {
    it(`prints ${c.label} like numpy`, () => {
      const data = typedArrayFrom(c.dtype, c.data);
      expect(formatArray(data, c.shape, c.dtype, "repr")).toBe(c.repr);
      expect(formatArray(data, c.shape, c.dtype, "str")).toBe(c.str);
    });
  }

  it("only reads the displayed corners of a huge array", () => {
    const data = new Float64Array(1_000_000).fill(2.5);
    data[0] = 1;
    expect(formatArray(data, [1000, 1000], "float64", "str")).toBe(
      "[[1.  2.5 2.5 ... 2.5 2.5 2.5]\n [2.5 2.5 2.5 ... 2.5 2.5 2.5]\n [2.5 2.5 2.5 ... 2.5 2.5 2.5]\n ...\n" +
        " [2.5 2.5 2.5 ... 2.5 2.5 2.5]\n [2.5 2.5 2.5 ... 2.5 2.5 2.5]\n [2.5 2.5 2.5 ... 2.5 2.5 2.5]]",
    );
  });

  it("round-trips every float64 scalar printed by str", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(Number(formatScalar(x, "float64"))).toBe(x);
      }),
    );
  });

  it("prints float32 scalars with the shortest float32 digits", () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = formatScalar(x, "float32");
        expect(Math.fround(Number(text))).toBe(x);
        expect(text.replace(/e.*$/, "").replace(/^-?0\.0*/, "").replace(/[-.]/g, "").length).toBeLessThanOrEqual(9);
      }),
    );
  });
});
