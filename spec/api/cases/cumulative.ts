/**
 * Rows for issue 9's group 2, part 2: running reductions (np.cumsum,
 * np.cumprod, np.cumulativeSum, np.cumulativeProd; lax.cumsum, lax.cumprod,
 * lax.cummax, lax.cummin). Expected values were computed once with numpy
 * 2.4.6 (the call is next to each pin; the lax pins with numpy's
 * equivalent, e.g. np.maximum.accumulate) and pinned. The derivative rows
 * put zeros in cumprod's input (its derivative must not divide by the
 * running product) and use distinct elements for cummax/cummin (no ties).
 */
import { expect } from "vitest";
import { ArgumentError, DTypeError, grad, hessian, lax, np, type Tensor } from "../../../lib/index.ts";
import { f64, type Row } from "../harness.ts";
import { distinct } from "./reductions.ts";

const i32 = "int32" as const;
const x23 = () => np.arange(6).reshape(2, 3).astype("float64");
/** Zeros at two places of a [3, 4] input: one in the middle of a row, one at the start of a column. */
const zeroMask = np.array([[false, true, false, false], [true, false, false, false], [false, false, false, false]]);
const withZeros = (x: Tensor) => np.where(zeroMask, 0, x);

export const cumulativeRows: Row[] = [
  {
    name: "np.cumsum",
    values: [
      { args: [x23()], out: [0, 1, 3, 6, 10, 15] }, // np.cumsum(x23)
      { args: [x23(), 0], out: [[0, 1, 2], [3, 5, 7]] }, // np.cumsum(x23, 0)
      { args: [x23(), -1], out: [[0, 1, 3], [3, 7, 12]] }, // np.cumsum(x23, -1)
      { args: [5], out: [5] }, // np.cumsum(np.array(5.)): a 0-d input is 1-d
      { args: [5, 0], out: [5] }, // np.cumsum(np.array(5.), 0)
      { args: [[true, false, true]], out: [1, 1, 2], dtype: i32 }, // np.cumsum([T, F, T])
      { args: [np.arange(3), { dtype: "float32" }], out: [0, 1, 3], dtype: "float32" }, // np.cumsum(np.arange(3), dtype=np.float32)
      { args: [np.zeros([2, 0]), 1], out: np.zeros([2, 0]) }, // np.cumsum(np.zeros((2, 0)), 1)
    ],
    errors: [
      { args: [5, 1], type: ArgumentError, match: /out of bounds/ },
      { args: [x23(), 0.5], type: ArgumentError, match: /integer or null/ },
      { args: [x23(), { axis: 0, dtipe: "float32" }], type: ArgumentError, match: /valid options: axis, dtype/ },
    ],
    f: (x: Tensor) => np.cumsum(x, 1),
    args: [f64([3, 4])],
  },
  { name: "np.cumsum", label: "flattened", f: (x: Tensor) => np.cumsum(x), args: [f64([2, 3])] },
  {
    name: "np.cumprod",
    values: [
      { args: [[1, 2, 3, 4]], out: [1, 2, 6, 24] }, // np.cumprod([1., 2, 3, 4])
      { args: [[[1, 2], [3, 4]], 1], out: [[1, 2], [3, 12]] }, // np.cumprod([[1., 2], [3, 4]], 1)
      { args: [[[1, 2], [3, 4]], 0], out: [[1, 2], [3, 8]] }, // np.cumprod([[1., 2], [3, 4]], 0)
      { args: [[true, false, true]], out: [1, 0, 0], dtype: i32 }, // np.cumprod([T, F, T])
      { args: [np.array([100000, 100000, 3], { dtype: "int32" })], out: [100000, 1410065408, -64771072], dtype: i32 }, // np.cumprod(..., dtype=np.int32): int32 wraps
      { args: [np.array([1.1, 2.3, 3.7], { dtype: "float32" })], out: [1.100000023841858, 2.5299999713897705, 9.361000061035156], dtype: "float32" }, // np.cumprod(np.array([1.1, 2.3, 3.7], dtype=np.float32))
      { args: [7], out: [7] }, // np.cumprod(np.array(7.))
    ],
    errors: [{ args: [x23(), 2], type: ArgumentError, match: /out of bounds/ }],
    check: () => {
      // Σ cumprod(x) = x0 + x0·x1 + x0·x1·x2 + …: exact derivatives with zeros present (no division by the product)
      const total = (x: Tensor) => np.sum(np.cumprod(x));
      expect(grad(total)(np.array([2, 0, 3, 4])).toArray()).toEqual([1, 32, 0, 0]);
      expect(grad(total)(np.array([0, 0, 3])).toArray()).toEqual([1, 0, 0]);
      // x0 + x0·x1 has the Hessian [[0, 1], [1, 0]], at 0 too
      expect(hessian(total)(np.array([0, 0])).toArray()).toEqual([[0, 1], [1, 0]]);
    },
    f: (x: Tensor) => np.cumprod(withZeros(x), 1),
    args: [f64([3, 4])],
  },
  { name: "np.cumprod", label: "along axis 0, zeros included", f: (x: Tensor) => np.cumprod(withZeros(x), 0), args: [f64([3, 4])] },
  {
    name: "np.cumulativeSum",
    values: [
      { args: [[1, 2, 3], { includeInitial: true }], out: [0, 1, 3, 6] }, // np.cumulative_sum([1., 2, 3], include_initial=True)
      { args: [np.ones([2, 3]), { axis: 1, includeInitial: true }], out: [[0, 1, 2, 3], [0, 1, 2, 3]] }, // np.cumulative_sum(np.ones((2, 3)), axis=1, include_initial=True)
      { args: [x23(), { axis: 0 }], out: [[0, 1, 2], [3, 5, 7]] }, // np.cumulative_sum(x23, axis=0)
      { args: [5], out: [5] }, // np.cumulative_sum(np.array(5.))
      { args: [np.zeros([2, 0]), { axis: 1, includeInitial: true }], out: [[0], [0]] }, // np.cumulative_sum(np.zeros((2, 0)), axis=1, include_initial=True)
      { args: [[true, true], { includeInitial: true }], out: [0, 1, 2], dtype: i32 }, // np.cumulative_sum([T, T], include_initial=True)
    ],
    errors: [
      { args: [x23()], type: ArgumentError, match: /needs an axis/ },
      { args: [[1, 2], 0], type: ArgumentError, match: /options object/ },
      { args: [[1, 2], { include_initial: true }], type: ArgumentError, match: /valid options: axis, dtype, includeInitial/ },
    ],
    f: (x: Tensor) => np.cumulativeSum(x, { axis: 0, includeInitial: true }),
    args: [f64([3, 2])],
  },
  {
    name: "np.cumulativeProd",
    values: [
      { args: [[2, 3], { includeInitial: true }], out: [1, 2, 6] }, // np.cumulative_prod([2., 3], include_initial=True)
      { args: [[[1, 2], [3, 4]], { axis: 0 }], out: [[1, 2], [3, 8]] }, // np.cumulative_prod([[1., 2], [3, 4]], axis=0)
      { args: [np.zeros([0]), { includeInitial: true }], out: [1] }, // np.cumulative_prod(np.zeros(0), include_initial=True)
    ],
    f: (x: Tensor) => np.cumulativeProd(withZeros(x), { axis: 1, includeInitial: true }),
    args: [f64([3, 4])],
  },
  {
    name: "lax.cumsum",
    values: [
      { args: [np.array([1, 2, 3]), 0, true], out: [6, 5, 3] }, // jax.lax.cumsum(x, 0, reverse=True)
    ],
    errors: [
      { args: [np.array(1)], type: ArgumentError, match: /at least 1 dimension/ },
      { args: [np.array([true])], type: DTypeError, match: /number dtype/ },
    ],
    f: (x: Tensor) => lax.cumsum(x, 1, true),
    args: [f64([2, 3])],
  },
  {
    name: "lax.cumprod",
    values: [
      { args: [np.array([[1, 2], [3, 4]]), 1], out: [[1, 2], [3, 12]] }, // jax.lax.cumprod(x, 1)
    ],
    errors: [{ args: [np.array([1, 2]), 1], type: ArgumentError, match: /out of bounds/ }],
    f: (x: Tensor) => lax.cumprod(withZeros(x), { axis: 0, reverse: true }),
    args: [f64([3, 4])],
  },
  {
    name: "lax.cummax",
    values: [
      { args: [np.array([1, 3, 2, 5, 4]), { reverse: true }], out: [5, 5, 5, 5, 4] }, // jax.lax.cummax(x, reverse=True)
      { args: [np.array([[2, 1], [1, 3]], { dtype: "int32" }), -1], out: [[2, 2], [1, 3]], dtype: i32 }, // jax.lax.cummax(x_int32, -1)
    ],
    errors: [{ args: [np.array([1, 2]), { axis: 0, reversed: true }], type: ArgumentError, match: /valid options: axis, reverse/ }],
    check: () => {
      // a tie splits the derivative as max does: Σ cummax([a, b]) = a + max(a, b), at a = b: [1 + 1/2, 1/2] (JAX's scan gives the same)
      expect(grad((x: Tensor) => np.sum(lax.cummax(x)))(np.array([1, 1])).toArray()).toEqual([1.5, 0.5]);
    },
    f: (x: Tensor) => lax.cummax(x, 1),
    args: [distinct([2, 4])],
  },
  { name: "lax.cummax", label: "reverse", f: (x: Tensor) => lax.cummax(x, 0, true), args: [distinct([4, 2])] },
  {
    name: "lax.cummin",
    values: [
      { args: [np.array([3, 1, 2, NaN, 0])], out: [3, 1, 1, NaN, NaN] }, // jax.lax.cummin(x): NaN propagates
    ],
    f: (x: Tensor) => lax.cummin(x, { axis: 1, reverse: true }),
    args: [distinct([2, 4])],
  },
];
