/**
 * Rows for issue 9's group 2, part 4: the NaN-ignoring reductions. Expected
 * values were computed once with numpy 2.4.6 (the call is next to each pin)
 * and pinned, numpy's warnings silenced (an all-NaN slice is NaN for means,
 * variances and extrema). Where numpy raises (nanargmax of an all-NaN
 * slice), the pin is JAX's -1. The derivative rows put NaNs at fixed places
 * (one row all NaN); their derivatives there are zero, as JAX's.
 */
import { ArgumentError, np, type Tensor } from "../../../lib/index.ts";
import { f64, type Row } from "../harness.ts";
import { distinct } from "./reductions.ts";

const i32 = "int32" as const;
const a23 = () => np.array([[1, NaN, 3], [NaN, NaN, NaN]]);
const b23 = () => np.array([[NaN, 2, 1], [4, NaN, 5]]);
/** NaNs in a [3, 4] input: two in row 0, none in row 1, three in row 2 (one number left). */
const nanAt = np.array([[true, false, true, false], [false, false, false, false], [true, true, false, true]]);
const withNans = (x: Tensor) => np.where(nanAt, NaN, x);
/** A zero where a product runs through it. */
const zeroAt = np.array([[false, true, false, false], [false, false, false, false], [false, false, false, false]]);
const rowMask = np.array([true, true, true, false]);
/** One NaN per row of a [3, 4] input: every row keeps three numbers (a variance with ddof 1, a standard deviation away from 0). */
const oneNanAt = np.array([[true, false, false, false], [false, false, true, false], [false, true, false, false]]);
const withOneNan = (x: Tensor) => np.where(oneNanAt, NaN, x);

export const nanRows: Row[] = [
  {
    name: "np.nansum",
    values: [
      { args: [a23()], out: 4 }, // np.nansum(a)
      { args: [a23(), 1], out: [4, 0] }, // np.nansum(a, 1)
      { args: [b23(), 0], out: [4, 2, 6] }, // np.nansum(b, 0)
      { args: [b23(), { axis: 1, keepdims: true }], out: [[3], [9]] }, // np.nansum(b, 1, keepdims=True)
      { args: [b23(), { axis: 1, where: [true, false, true] }], out: [1, 9] }, // np.nansum(b, 1, where=[T, F, T])
      { args: [b23(), { initial: 10 }], out: 22 }, // np.nansum(b, initial=10)
      { args: [np.arange(4)], out: 6, dtype: i32 }, // np.nansum(np.arange(4))
      { args: [np.zeros([0])], out: 0 }, // np.nansum(np.zeros(0))
    ],
    errors: [{ args: [a23(), { ddof: 1 }], type: ArgumentError, match: /valid options: axis, keepdims, dtype, where, initial/ }],
    f: (x: Tensor) => np.nansum(withNans(x), 1),
    args: [f64([3, 4])],
  },
  {
    name: "np.nanprod",
    values: [
      { args: [a23()], out: 3 }, // np.nanprod(a)
      { args: [a23(), 1], out: [3, 1] }, // np.nanprod(a, 1)
      { args: [b23(), 0], out: [4, 2, 5] }, // np.nanprod(b, 0)
      { args: [b23(), { axis: 1, keepdims: true }], out: [[2], [20]] }, // np.nanprod(b, 1, keepdims=True)
      { args: [b23(), { axis: 1, where: [true, false, true] }], out: [1, 20] }, // np.nanprod(b, 1, where=[T, F, T])
    ],
    f: (x: Tensor) => np.nanprod(withNans(np.where(zeroAt, 0, x)), 0),
    args: [f64([3, 4])],
  },
  {
    name: "np.nanmean",
    values: [
      { args: [a23()], out: 2 }, // np.nanmean(a)
      { args: [a23(), 1], out: [2, NaN] }, // np.nanmean(a, 1)
      { args: [b23(), 0], out: [4, 2, 3] }, // np.nanmean(b, 0)
      { args: [b23(), { axis: 1, keepdims: true }], out: [[1.5], [4.5]] }, // np.nanmean(b, 1, keepdims=True)
      { args: [b23(), { axis: 1, where: [true, false, true] }], out: [1, 4.5] }, // np.nanmean(b, 1, where=[T, F, T])
      { args: [np.arange(4)], out: 1.5 }, // np.nanmean(np.arange(4))
    ],
    f: (x: Tensor) => np.nanmean(withNans(x), { axis: 1, where: rowMask }),
    args: [f64([3, 4])],
  },
  {
    name: "np.nanvar",
    values: [
      { args: [a23()], out: 1 }, // np.nanvar(a)
      { args: [a23(), 1], out: [1, NaN] }, // np.nanvar(a, 1)
      { args: [b23(), 0], out: [0, 0, 4] }, // np.nanvar(b, 0)
      { args: [b23(), { axis: 1, keepdims: true }], out: [[0.25], [0.25]] }, // np.nanvar(b, 1, keepdims=True)
      { args: [b23(), { axis: 1, ddof: 1 }], out: [0.5, 0.5] }, // np.nanvar(b, 1, ddof=1)
      { args: [[1, 2, NaN], { ddof: 2 }], out: NaN }, // np.nanvar([1, 2, nan], ddof=2): no degrees of freedom
      { args: [b23(), { axis: 1, where: [true, false, true] }], out: [0, 0.25] }, // np.nanvar(b, 1, where=[T, F, T])
    ],
    errors: [{ args: [a23(), { ddof: "1" }], type: ArgumentError, match: /ddof/ }],
    f: (x: Tensor) => np.nanvar(withOneNan(x), { axis: 1, ddof: 1 }),
    args: [distinct([3, 4])],
  },
  {
    name: "np.nanstd",
    values: [
      { args: [a23()], out: 1 }, // np.nanstd(a)
      { args: [a23(), 1], out: [1, NaN] }, // np.nanstd(a, 1)
      { args: [b23(), 0], out: [0, 0, 2] }, // np.nanstd(b, 0)
      { args: [b23(), { axis: 1, keepdims: true }], out: [[0.5], [0.5]] }, // np.nanstd(b, 1, keepdims=True)
      { args: [b23(), { axis: 1, ddof: 1 }], out: [0.7071067811865476, 0.7071067811865476] }, // np.nanstd(b, 1, ddof=1)
      { args: [[1, 2, NaN], { ddof: 2 }], out: NaN }, // np.nanstd([1, 2, nan], ddof=2): no degrees of freedom
      { args: [b23(), { axis: 1, where: [true, false, true] }], out: [0, 0.5] }, // np.nanstd(b, 1, where=[T, F, T])
    ],
    f: (x: Tensor) => np.nanstd(withOneNan(x), 1),
    args: [distinct([3, 4])], // √ has an infinite derivative at a zero variance
  },
  { name: "np.nanvar", label: "a slice with one number", f: (x: Tensor) => np.nanvar(withNans(x), 1), args: [f64([3, 4])] },
  {
    name: "np.nanmax",
    values: [
      { args: [a23()], out: 3 }, // np.nanmax(a)
      { args: [a23(), 1], out: [3, NaN] }, // np.nanmax(a, 1)
      { args: [b23(), 0], out: [4, 2, 5] }, // np.nanmax(b, 0)
      { args: [b23(), { axis: 1, keepdims: true }], out: [[2], [5]] }, // np.nanmax(b, 1, keepdims=True)
      { args: [a23(), { axis: 1, initial: 2 }], out: [3, 2] }, // np.nanmax(a, 1, initial=2)
      { args: [b23(), { axis: 1, where: [true, false, true], initial: 0 }], out: [1, 5] }, // np.nanmax(b, 1, where=[T, F, T], initial=0)
      { args: [np.arange(4)], out: 3, dtype: i32 }, // np.nanmax(np.arange(4))
    ],
    errors: [
      { args: [b23(), { axis: 1, where: [true, false, true] }], type: ArgumentError, match: /needs initial/ },
      { args: [np.zeros([2, 0]), 1], type: ArgumentError, match: /empty axis/ },
    ],
    f: (x: Tensor) => np.nanmax(withNans(x), 1),
    args: [distinct([3, 4])],
    grads: { order: 1 }, // kinks at ties
  },
  {
    name: "np.nanmin",
    values: [
      { args: [a23()], out: 1 }, // np.nanmin(a)
      { args: [a23(), 1], out: [1, NaN] }, // np.nanmin(a, 1)
      { args: [b23(), 0], out: [4, 2, 1] }, // np.nanmin(b, 0)
      { args: [b23(), { axis: 1, keepdims: true }], out: [[1], [4]] }, // np.nanmin(b, 1, keepdims=True)
      { args: [a23(), { axis: 1, initial: 2 }], out: [1, 2] }, // np.nanmin(a, 1, initial=2)
      { args: [b23(), { axis: 1, where: [true, false, true], initial: 0 }], out: [0, 0] }, // np.nanmin(b, 1, where=[T, F, T], initial=0)
      { args: [np.arange(4)], out: 0, dtype: i32 }, // np.nanmin(np.arange(4))
    ],
    f: (x: Tensor) => np.nanmin(withNans(x), { axis: 0, keepdims: true }),
    args: [distinct([3, 4])],
    grads: { order: 1 }, // kinks at ties
  },
  {
    name: "np.nanargmax",
    values: [
      { args: [a23(), 1], out: [2, -1], dtype: i32 }, // np.nanargmax(a[0]); -1 for the all-NaN row, as JAX (numpy raises)
      { args: [b23()], out: 5, dtype: i32 }, // np.nanargmax(b)
      { args: [b23(), 0], out: [1, 0, 1], dtype: i32 }, // np.nanargmax(b, 0)
      { args: [b23(), { axis: 1, keepdims: true }], out: [[1], [2]], dtype: i32 }, // np.nanargmax(b, 1, keepdims=True)
      { args: [[NaN, -Infinity]], out: 0, dtype: i32 }, // np.nanargmax([nan, -inf])
      { args: [[1, 3, 3, 2]], out: 1, dtype: i32 }, // np.nanargmax([1, 3, 3, 2]): the first of ties
      { args: [np.array([2, 5, 1], { dtype: "int32" })], out: 1, dtype: i32 }, // np.nanargmax(int array)
    ],
    errors: [{ args: [b23(), [0, 1]], type: ArgumentError, match: /integer or null/ }],
    f: (x: Tensor) => np.nanargmax(withNans(x), 1),
    args: [f64([3, 4])],
    grads: "zero",
  },
  {
    name: "np.nanargmin",
    values: [
      { args: [b23(), 1], out: [2, 0], dtype: i32 }, // np.nanargmin(b, 1)
      { args: [b23(), { axis: 0, keepdims: true }], out: [[1, 0, 0]], dtype: i32 }, // np.nanargmin(b, 0, keepdims=True)
      { args: [[NaN, NaN]], out: -1, dtype: i32 }, // all NaN: -1, as JAX (numpy raises)
    ],
    f: (x: Tensor) => np.nanargmin(withNans(x), 0),
    args: [f64([3, 4])],
    grads: "zero",
  },
  {
    name: "np.nancumsum",
    values: [
      { args: [a23()], out: [1, 1, 4, 4, 4, 4] }, // np.nancumsum(a)
      { args: [b23(), 1], out: [[0, 2, 3], [4, 4, 9]] }, // np.nancumsum(b, 1)
      { args: [b23(), { axis: 0, dtype: "float32" }], out: [[0, 2, 1], [4, 2, 6]], dtype: "float32" }, // np.nancumsum(b, 0, dtype=np.float32)
      { args: [np.arange(3)], out: [0, 1, 3], dtype: i32 }, // np.nancumsum(np.arange(3))
    ],
    errors: [{ args: [a23(), 2], type: ArgumentError, match: /out of bounds/ }],
    f: (x: Tensor) => np.nancumsum(withNans(x), 1),
    args: [f64([3, 4])],
  },
  {
    name: "np.nancumprod",
    values: [
      { args: [a23()], out: [1, 1, 3, 3, 3, 3] }, // np.nancumprod(a)
      { args: [b23(), 0], out: [[1, 2, 1], [4, 2, 5]] }, // np.nancumprod(b, 0)
      { args: [5], out: [5] }, // np.nancumprod(np.array(5.))
    ],
    f: (x: Tensor) => np.nancumprod(withNans(np.where(zeroAt, 0, x)), 0),
    args: [f64([3, 4])],
  },
];
