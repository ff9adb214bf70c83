/**
 * Rows for issue 9's group 2, part 1: the reductions (sum, mean, max, min,
 * prod, var, std, argmax, argmin, ptp, all, any, countNonzero) with their
 * axis, keepdims, dtype, where, initial and ddof options. Expected values
 * were computed once with numpy 2.4.6 (the call is next to each pin) and
 * pinned; numpy's int64 results are int32 here (tracegrad's and JAX's
 * integer dtype).
 */
import fc from "fast-check";
import { ArgumentError, DTypeError, np, ShapeError, type Tensor } from "../../../lib/index.ts";
import { bool, custom, f64, i32 as i32Arg, type ArgSpec, type Row } from "../harness.ts";

/** A float64 argument whose elements are pairwise at least 0.3 apart (no ties: away from the kinks of max, min, sort), in about [-n/4, n/4]. */
export function distinct(shape: readonly number[]): ArgSpec {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }).map((keys) => {
    const order = keys.map((k, i) => [k, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const data = new Array<number>(n);
    order.forEach(([k, i], rank) => (data[i] = 0.4 * (rank - n / 2) + 0.1 * k));
    return np.array(data).reshape([...shape]);
  });
  return custom(shape, "float64", values);
}

const i32 = "int32" as const;
const x23 = () => np.arange(6).reshape(2, 3).astype("float64");
const mask23 = np.array([[true, false, true], [true, true, false]]);

export const reductionRows: Row[] = [
  {
    name: "np.sum",
    values: [
      { args: [x23()], out: 15 }, // np.sum(x23)
      { args: [x23(), 0], out: [3, 5, 7] }, // np.sum(x23, 0)
      { args: [x23(), [0, 1], true], out: [[15]] }, // np.sum(x23, (0, 1), keepdims=True)
      { args: [x23(), { axis: 0, where: [true, false, true] }], out: [3, 0, 7] }, // np.sum(x23, 0, where=[T, F, T])
      { args: [x23(), { initial: 10 }], out: 25 }, // np.sum(x23, initial=10)
      { args: [[true, false, true]], out: 2, dtype: i32 }, // np.sum([T, F, T]): int (int64 in numpy)
      { args: [np.arange(4), { dtype: "float32" }], out: 6, dtype: "float32" }, // np.sum(np.arange(4), dtype=np.float32)
      { args: [np.zeros([2, 0]), 1], out: [0, 0] }, // np.sum(np.zeros((2, 0)), 1)
    ],
    errors: [
      { args: [x23(), 2], type: ArgumentError, match: /out of bounds/ },
      { args: [x23(), { axis: 0, keepdim: true }], type: ArgumentError, match: /valid options: axis, keepdims, dtype, where, initial/ },
      { args: [x23(), { where: [true, false] }], type: ShapeError, match: /does not broadcast/ },
      { args: [x23(), { where: [1, 0, 1] }], type: DTypeError, match: /boolean mask/ },
      { args: [x23(), { axis: 0 }, true], type: ArgumentError, match: /options object/ },
    ],
    f: (x: Tensor) => np.sum(x, { axis: 1, where: mask23, initial: 0.5 }),
    args: [f64([2, 3])],
  },
  { name: "np.sum", label: "over a list of axes, keepdims", f: (x: Tensor) => np.sum(x, [0, 2], true), args: [f64([2, 3, 2])] },
  {
    name: "np.mean",
    values: [
      { args: [x23(), 1], out: [1, 4] }, // np.mean(x23, 1)
      { args: [x23(), { where: [true, false, true] }], out: 2.5 }, // np.mean(x23, where=[T, F, T])
      { args: [np.arange(4)], out: 1.5 }, // np.mean(np.arange(4))
      { args: [np.arange(3), { dtype: "float32" }], out: 1, dtype: "float32" }, // np.mean(np.arange(3), dtype=np.float32)
      { args: [x23(), { axis: 0, keepdims: true }], out: [[1.5, 2.5, 3.5]] }, // np.mean(x23, 0, keepdims=True)
    ],
    errors: [{ args: [x23(), { initial: 1 }], type: ArgumentError, match: /valid options: axis, keepdims, dtype, where/ }],
    f: (x: Tensor) => np.mean(x, { axis: 0, where: mask23 }),
    args: [f64([2, 3])],
  },
  {
    name: "np.max",
    values: [
      { args: [x23()], out: 5 }, // np.max(x23)
      { args: [x23(), -1], out: [2, 5] }, // np.max(x23, -1)
      { args: [x23(), { axis: 1, initial: 4, where: [[true, false, true], [false, false, false]] }], out: [4, 4] }, // np.max(x23, 1, initial=4, where=...)
      { args: [np.zeros([0]), { initial: 2 }], out: 2 }, // np.max(np.zeros(0), initial=2)
      { args: [[1, NaN, 3]], out: NaN }, // np.max([1, nan, 3]): NaN propagates
      { args: [[true, false]], out: true, dtype: "bool" }, // np.max([T, F])
    ],
    errors: [
      { args: [np.zeros([0])], type: ArgumentError, match: /initial/ },
      { args: [x23(), { where: [true, false, true] }], type: ArgumentError, match: /needs initial/ },
    ],
    f: (x: Tensor) => np.max(x, { axis: 1, where: mask23, initial: -3 }),
    args: [distinct([2, 3])],
    grads: { order: 1 }, // a kink where two elements tie
  },
  {
    name: "np.min",
    values: [
      { args: [x23(), 0], out: [0, 1, 2] }, // np.min(x23, 0)
      { args: [x23(), { initial: 1 }], out: 0 }, // np.min(x23, initial=1)
    ],
    errors: [{ args: [np.zeros([2, 0]), 1], type: ArgumentError, match: /empty axis/ }],
    f: (x: Tensor) => np.min(x, 0),
    args: [distinct([3, 2])],
    grads: { order: 1 }, // a kink where two elements tie
  },
  {
    name: "np.prod",
    values: [
      { args: [[[1, 2], [3, 4]], 1], out: [2, 12] }, // np.prod([[1., 2], [3, 4]], 1)
      { args: [np.arange(1, 5)], out: 24, dtype: i32 }, // np.prod(np.arange(1, 5))
      { args: [[1, 2, 3, 4], { where: [true, false, true, true], initial: 2 }], out: 24 }, // np.prod([1., 2, 3, 4], where=[T, F, T, T], initial=2)
      { args: [np.arange(1, 5), { dtype: "float32" }], out: 24, dtype: "float32" }, // np.prod(np.arange(1, 5), dtype=np.float32)
      { args: [np.zeros([0])], out: 1 }, // np.prod(np.zeros(0))
    ],
    f: (x: Tensor) => np.prod(x, { axis: 1, where: mask23 }),
    args: [f64([2, 3])],
  },
  { name: "np.prod", label: "with a zero", f: (x: Tensor) => np.prod(x.at(1).set(0)), args: [f64([4])] },
  {
    name: "np.var",
    values: [
      { args: [[1, 2, 3, 4]], out: 1.25 }, // np.var([1., 2, 3, 4])
      { args: [x23(), { axis: 1, ddof: 1 }], out: [1, 1] }, // np.var(x23, 1, ddof=1)
      { args: [x23(), { axis: 1, where: [true, false, true], ddof: 1 }], out: [2, 2] }, // np.var(x23, 1, where=[T, F, T], ddof=1)
      { args: [np.arange(4), { dtype: "float32" }], out: 1.25, dtype: "float32" }, // np.var(np.arange(4), dtype=np.float32)
      { args: [[1, 2], { ddof: 3 }], out: Infinity }, // np.var([1., 2], ddof=3): no degrees of freedom
      { args: [[1, 1], { ddof: 3 }], out: NaN }, // np.var([1., 1], ddof=3)
      { args: [[1, 2, 4], { ddof: -1 }], out: 1.1666666666666665 }, // np.var([1., 2, 4], ddof=-1)
      { args: [np.ones([2, 3]), { axis: 1, where: [true, false, false], ddof: 1 }], out: [NaN, NaN] }, // np.var(np.ones((2, 3)), 1, where=[T, F, F], ddof=1)
    ],
    errors: [{ args: [x23(), { ddof: "1" }], type: ArgumentError, match: /ddof/ }],
    f: (x: Tensor) => np.var(x, { axis: 1, ddof: 1, where: mask23 }),
    args: [f64([2, 3])],
  },
  {
    name: "np.std",
    values: [
      { args: [[1, 2, 3, 4], { ddof: 1 }], out: 1.2909944487358056 }, // np.std([1., 2, 3, 4], ddof=1)
      { args: [x23(), 0, true], out: [[1.5, 1.5, 1.5]] }, // np.std(x23, 0, keepdims=True)
      { args: [[1, 2], { ddof: 5 }], out: Infinity }, // np.std([1., 2], ddof=5)
    ],
    f: (x: Tensor) => np.std(x, 0),
    args: [distinct([3, 2])], // √ has an infinite derivative at a zero variance
  },
  {
    name: "np.argmax",
    values: [
      { args: [[[1, 5], [7, 2]], 1], out: [1, 0], dtype: i32 }, // np.argmax([[1, 5], [7, 2]], 1)
      { args: [[[1, 5], [7, 2]]], out: 2, dtype: i32 }, // np.argmax([[1, 5], [7, 2]])
      { args: [[[1, 5], [7, 2]], { axis: 0, keepdims: true }], out: [[1, 0]], dtype: i32 }, // np.argmax(..., 0, keepdims=True)
      { args: [[[1, 5], [7, 2]], { keepdims: true }], out: [[2]], dtype: i32 }, // np.argmax(..., keepdims=True)
      { args: [[3, 7, 7, NaN, 1]], out: 3, dtype: i32 }, // np.argmax([3, 7, 7, nan, 1]): the first NaN
    ],
    errors: [
      { args: [np.zeros([0])], type: ArgumentError, match: /empty/ },
      { args: [x23(), [0, 1]], type: ArgumentError, match: /integer or null/ },
    ],
    f: (x: Tensor) => np.argmax(x, 1),
    args: [f64([2, 3])],
    grads: "zero",
  },
  {
    name: "np.argmin",
    values: [
      { args: [[3, 1, 2, 1]], out: 1, dtype: i32 }, // np.argmin([3, 1, 2, 1]): the first of ties
    ],
    f: (x: Tensor) => np.argmin(x, { axis: 0, keepdims: true }),
    args: [f64([2, 3])],
    grads: "zero",
  },
  {
    name: "np.ptp",
    values: [
      { args: [[[4, 9], [1, 3]], 1], out: [5, 2] }, // np.ptp([[4., 9], [1, 3]], 1)
      { args: [x23()], out: 5 }, // np.ptp(x23)
      { args: [x23(), 1, true], out: [[2], [2]] }, // np.ptp(x23, 1, keepdims=True)
      { args: [np.arange(4)], out: 3, dtype: i32 }, // np.ptp(np.arange(4, dtype=np.int32))
    ],
    errors: [
      { args: [[true, false]], type: DTypeError, match: /booleans/ },
      { args: [np.zeros([0])], type: ArgumentError, match: /empty/ },
    ],
    f: (x: Tensor) => np.ptp(x, 1),
    args: [distinct([2, 3])],
    grads: { order: 1 }, // max - min: kinks at ties
  },
  {
    name: "np.all",
    values: [
      { args: [[[true, false], [true, true]], 1], out: [false, true], dtype: "bool" }, // np.all([[T, F], [T, T]], 1)
      { args: [x23()], out: false, dtype: "bool" }, // np.all(x23)
      { args: [x23(), { axis: 1, keepdims: true, where: [false, true, true] }], out: [[true], [true]], dtype: "bool" }, // np.all(x23, 1, keepdims=True, where=[F, T, T])
      { args: [np.zeros([0])], out: true, dtype: "bool" }, // np.all(np.zeros(0))
      { args: [[NaN, 1]], out: true, dtype: "bool" }, // np.all([nan, 1]): NaN is true
    ],
    errors: [{ args: [x23(), 3], type: ArgumentError, match: /out of bounds/ }],
    f: (x: Tensor) => np.all(np.greater(x, 0), 1),
    args: [f64([2, 3])],
    grads: "zero",
  },
  {
    name: "np.any",
    values: [
      { args: [[0, 0, 3]], out: true, dtype: "bool" }, // np.any([0, 0, 3])
      { args: [x23(), 0], out: [true, true, true], dtype: "bool" }, // np.any(x23, 0)
      { args: [np.zeros([0])], out: false, dtype: "bool" }, // np.any(np.zeros(0))
      { args: [[[0, 1], [0, 0]], { axis: 1, where: [true, false] }], out: [false, false], dtype: "bool" }, // np.any(..., 1, where=[T, F])
    ],
    f: (x: Tensor) => np.any(x, { axis: 0, where: mask23 }),
    args: [bool([2, 3])],
  },
  {
    name: "np.countNonzero",
    values: [
      { args: [[[0, 1, 2], [3, 0, 0]]], out: 3, dtype: i32 }, // np.count_nonzero([[0, 1, 2], [3, 0, 0]])
      { args: [[[0, 1, 2], [3, 0, 0]], 0], out: [1, 1, 1], dtype: i32 }, // np.count_nonzero(..., axis=0)
      { args: [[[0, 1, 2], [3, 0, 0]], { axis: 1, keepdims: true }], out: [[2], [1]], dtype: i32 }, // np.count_nonzero(..., axis=1, keepdims=True)
      { args: [[NaN, 0, -0]], out: 1, dtype: i32 }, // np.count_nonzero([nan, 0, -0.])
    ],
    f: (x: Tensor) => np.countNonzero(x, 0),
    args: [i32Arg([3, 2], -1, 1)],
  },
];
