/**
 * Rows for the order statistics of issue 9's group 2: quantile, percentile,
 * median and the nan forms. Expected values were computed once with numpy
 * 2.4.6 (the call next to each pin) and pinned to the bit (numpy's
 * arithmetic is reproduced in numpy's order). Quantiles are piecewise linear
 * in the values, so the random inputs are pairwise distinct (no ties, no
 * kinks) and checkGrads runs to order 2; q differentiates too.
 */
import { ArgumentError, np, type Tensor } from "../../../lib/index.ts";
import { f64, type Row } from "../harness.ts";
import { distinctF64 } from "./distinct.ts";

const a24 = () => np.array([[4, 1, 7, 2], [8, 3, 5, 6]]);
const qs = [0, 0.1, 0.35, 0.5, 0.8, 1];

/** np.quantile(a24, qs, axis=1, method=m) for every method. */
const byMethod: [string, number[][]][] = [
  ["linear", [[1, 3], [1.3, 3.6], [2.0999999999999996, 5.05], [3, 5.5], [5.200000000000001, 6.800000000000001], [7, 8]]],
  ["lower", [[1, 3], [1, 3], [2, 5], [2, 5], [4, 6], [7, 8]]],
  ["higher", [[1, 3], [2, 5], [4, 6], [4, 6], [7, 8], [7, 8]]],
  ["nearest", [[1, 3], [1, 3], [2, 5], [4, 6], [4, 6], [7, 8]]],
  ["midpoint", [[1, 3], [1.5, 4], [3, 5.5], [3, 5.5], [5.5, 7], [7, 8]]],
  ["inverted_cdf", [[1, 3], [1, 3], [2, 5], [2, 5], [7, 8], [7, 8]]],
  ["averaged_inverted_cdf", [[1, 3], [1, 3], [2, 5], [3, 5.5], [7, 8], [7, 8]]],
  ["closest_observation", [[1, 3], [1, 3], [1, 3], [2, 5], [4, 6], [7, 8]]],
  ["interpolated_inverted_cdf", [[1, 3], [1, 3], [1.4, 3.8], [2, 5], [4.6000000000000005, 6.4], [7, 8]]],
  ["hazen", [[1, 3], [1, 3], [1.9, 4.8], [3, 5.5], [6.1000000000000005, 7.4], [7, 8]]],
  ["weibull", [[1, 3], [1, 3], [1.75, 4.5], [3, 5.5], [7, 8], [7, 8]]],
  ["median_unbiased", [[1, 3], [1, 3], [1.8499999999999999, 4.699999999999999], [3, 5.5], [6.4, 7.6000000000000005], [7, 8]]],
  ["normal_unbiased", [[1, 3], [1, 3], [1.8624999999999998, 4.725], [3, 5.5], [6.325000000000001, 7.550000000000001], [7, 8]]],
];

export const quantileRows: Row[] = [
  {
    name: "np.quantile",
    values: [
      ...byMethod.map(([method, out]) => ({ args: [a24(), qs, 1, { method }], out })),
      { args: [[1, 2, 3, 4], 0.25], out: 1.75 }, // np.quantile([1., 2, 3, 4], 0.25)
      { args: [np.arange(24).reshape(2, 3, 4), 0.3, [0, 2]], out: [2.1, 6.1, 10.1] }, // axis=(0, 2)
      // np.quantile(x, [0.3, 0.6], axis=(0, 2), keepdims=True)
      { args: [np.arange(24).reshape(2, 3, 4), [0.3, 0.6], [0, 2], { keepdims: true }], out: [[[[2.1], [6.1], [10.1]]], [[[12.2], [16.2], [20.2]]]] },
      { args: [[[1, NaN, 3], [4, 5, 6]], 0.5, 1], out: [NaN, 5] }, // a lane with a NaN gives NaN
      { args: [np.array([1, 2, 3, 4], { dtype: "float32" }), 0.3], out: 1.899999976158142, dtype: "float32" }, // float32 values, a Python-float q
      { args: [np.array([1, 2, 3, 4], { dtype: "float32" }), np.array([0.3], { dtype: "float32" })], out: [1.9000000953674316], dtype: "float32" }, // q float32: indices in float32
    ],
    errors: [
      { args: [[1, 2], 1.5], type: ArgumentError, match: /\[0, 1\]/ },
      { args: [[1, 2], 0.5, 0, { method: "cubic" }], type: ArgumentError, match: /method/ },
      { args: [[1, 2], 0.5, 1], type: ArgumentError, match: /out of bounds/ },
    ],
    f: (x: Tensor) => np.quantile(x, [0.2, 0.5, 0.93], 1),
    args: [distinctF64([2, 5])],
  },
  {
    name: "np.quantile",
    label: "traced q, hazen, all axes",
    f: (x: Tensor, q: Tensor) => np.quantile(x, np.divide(np.add(np.tanh(q), 1), 2), null, { method: "hazen" }),
    args: [distinctF64([2, 3]), f64([2])],
  },
  {
    name: "np.percentile",
    values: [
      { args: [[1, 2, 3, 4], [50, 90]], out: [2.5, 3.7] }, // np.percentile([1., 2, 3, 4], [50, 90])
      { args: [a24(), 35, 1, { method: "median_unbiased" }], out: [1.8499999999999999, 4.699999999999999] },
    ],
    errors: [{ args: [[1, 2], 101], type: ArgumentError, match: /percentiles must be in \[0, 100\]/ }],
    f: (x: Tensor) => np.percentile(x, [10, 75], 0, { keepdims: true }),
    args: [distinctF64([4, 2])],
  },
  {
    name: "np.median",
    values: [
      { args: [[[1, 3], [2, 8]], 0], out: [1.5, 5.5] }, // np.median([[1., 3], [2, 8]], 0)
      { args: [[3, 1, 4, 2]], out: 2.5 },
      { args: [[[3, 1, 4], [5, 9, 2]], 1, { keepdims: true }], out: [[3], [5]] },
      { args: [np.array([1, 2, 4, 8], { dtype: "int32" })], out: 3 }, // integers give float64
      { args: [[1, NaN, 3]], out: NaN },
      { args: [[]], out: NaN }, // np.median([]): nan (with a warning)
    ],
    errors: [{ args: [[1, 2], 0, { keepdim: true }], type: ArgumentError, match: /unknown option/ }],
    f: (x: Tensor) => np.median(x, [0, 2]),
    args: [distinctF64([2, 3, 3])],
  },
  {
    name: "np.nanmedian",
    values: [
      { args: [[[1, NaN], [3, 4]], 1], out: [1, 3.5] }, // np.nanmedian([[1., nan], [3, 4]], 1)
      { args: [[[NaN, NaN], [3, 4]], 1], out: [NaN, 3.5] }, // an all-NaN lane gives NaN
    ],
    errors: [{ args: [[1, 2], 2], type: ArgumentError, match: /out of bounds/ }],
    f: (x: Tensor) => np.nanmedian(x, 1),
    args: [distinctF64([3, 4])],
  },
  {
    name: "np.nanquantile",
    values: [
      { args: [[[1, NaN, 3, 7], [4, 5, 6, NaN]], [0.25, 0.5], 1], out: [[2, 4.5], [3, 5]] }, // np.nanquantile(a, [0.25, 0.5], axis=1)
      { args: [[[1, NaN, 3, 7], [4, 5, 6, NaN]], 0.4, 1, { method: "hazen" }], out: [2.4000000000000004, 4.7] },
    ],
    errors: [{ args: [[1, 2], -0.1], type: ArgumentError, match: /\[0, 1\]/ }],
    f: (x: Tensor) => np.nanquantile(x, 0.3, 0),
    args: [distinctF64([3, 2])],
  },
  {
    name: "np.nanpercentile",
    values: [{ args: [[1, NaN, 3], [0, 100]], out: [1, 3] }], // np.nanpercentile([1., nan, 3], [0, 100])
    errors: [{ args: [[1, 2], 50, 0, { method: "spline" }], type: ArgumentError, match: /method/ }],
    f: (x: Tensor) => np.nanpercentile(x, 60),
    args: [distinctF64([5])],
  },
];
