/**
 * Rows for issue 9's group 4, sorting and searching: sort, argsort, lexsort,
 * searchsorted, select, lax.topK. Expected values were computed once with
 * numpy 2.4.6 (the numpy call next to each pin) and pinned; numpy's int64
 * indices are int32 here. Sorted values differentiate through the
 * permutation, so their random inputs are pairwise distinct (no ties).
 */
import { ArgumentError, DTypeError, lax, np, ShapeError, type Tensor } from "../../../lib/index.ts";
import { bool, f64, type Row } from "../harness.ts";
import { distinctF64 } from "./distinct.ts";

const i32 = "int32" as const;
const s23 = () => np.array([[3, 1, 2], [0, -1, 5]]);

export const sortingRows: Row[] = [
  {
    name: "np.sort",
    values: [
      { args: [s23()], out: [[1, 2, 3], [-1, 0, 5]] }, // np.sort(s)
      { args: [s23(), 0], out: [[0, -1, 2], [3, 1, 5]] }, // np.sort(s, 0)
      { args: [s23(), null], out: [-1, 0, 1, 2, 3, 5] }, // np.sort(s, None)
      { args: [[2, NaN, -Infinity, 1]], out: [-Infinity, 1, 2, NaN] }, // np.sort([2., nan, -inf, 1]): NaNs last
      { args: [s23(), 1, { descending: true }], out: [[3, 2, 1], [5, 0, -1]] }, // np.sort(s)[:, ::-1]
      { args: [np.array([2, 0, 1], { dtype: "int32" })], out: [0, 1, 2], dtype: i32 },
      { args: [5, null], out: [5] }, // np.sort(5., axis=None)
    ],
    errors: [
      { args: [s23(), 2], type: ArgumentError, match: /out of bounds/ },
      { args: [3], type: ArgumentError, match: /axis null/ },
      { args: [s23(), 0, { kind: "quick" }], type: ArgumentError, match: /unknown option/ },
    ],
    f: (x: Tensor) => np.sort(x, 0),
    args: [distinctF64([3, 4])],
  },
  {
    name: "np.sort",
    label: "descending, last axis",
    f: (x: Tensor) => np.sort(x, -1, { descending: true }),
    args: [distinctF64([2, 5])],
  },
  {
    name: "np.argsort",
    values: [
      { args: [[1, 3, 5, 4, 2, 1]], out: [0, 5, 4, 1, 3, 2], dtype: i32 }, // np.argsort([1,3,5,4,2,1], stable=True)
      { args: [s23(), 0], out: [[1, 1, 0], [0, 0, 1]], dtype: i32 }, // np.argsort(s, 0)
      // JAX's stable descending order keeps equal elements in their order: jnp.argsort(x, descending=True)
      { args: [[1, 3, 5, 4, 2, 1], -1, { descending: true }], out: [2, 3, 1, 4, 0, 5], dtype: i32 },
      { args: [[3, NaN, 1], -1, { descending: true }], out: [1, 0, 2], dtype: i32 },
    ],
    errors: [{ args: [s23(), 0, { descending: 1 }], type: ArgumentError, match: /boolean/ }],
    f: (x: Tensor) => np.argsort(x, 1),
    args: [f64([3, 4])],
    grads: "zero",
  },
  {
    name: "np.lexsort",
    values: [
      { args: [[np.array([4, 2, 3, 2, 5]), np.array([2, 1, 1, 2, 2])]], out: [1, 2, 3, 0, 4], dtype: i32 }, // np.lexsort([k1, k2])
      { args: [[np.array([[2, 4, 2, 3], [3, 1, 2, 2]]), np.array([[1, 2, 1, 3], [2, 1, 2, 1]])]], out: [[0, 2, 1, 3], [1, 3, 2, 0]], dtype: i32 },
    ],
    errors: [
      { args: [[]], type: ArgumentError, match: /non-empty/ },
      { args: [[np.zeros([2]), np.zeros([3])]], type: ShapeError, match: /one shape/ },
    ],
    f: (a: Tensor, b: Tensor) => np.lexsort([a, b], 0),
    args: [f64([4, 2]), f64([4, 2])],
    grads: "zero",
  },
  {
    name: "np.searchsorted",
    values: [
      { args: [[1, 2, 2, 3], [2, 5, 0, 2.5]], out: [1, 4, 0, 3], dtype: i32 }, // np.searchsorted([1,2,2,3], [2,5,0,2.5])
      { args: [[1, 2, 2, 3], [2, 5, 0, 2.5], { side: "right" }], out: [3, 4, 0, 3], dtype: i32 },
      { args: [[3, 1, 2], [2.5, 0], { sorter: [1, 2, 0] }], out: [2, 0], dtype: i32 }, // sorter=[1,2,0]
      { args: [[1, 2, NaN], [NaN, 3]], out: [2, 2], dtype: i32 }, // NaNs sort last
      { args: [[1, 2, 3], 2.5], out: 2, dtype: i32 },
      { args: [[], [1, 2]], out: [0, 0], dtype: i32 },
    ],
    errors: [
      { args: [[[1, 2]], 1], type: ShapeError, match: /1-D/ },
      { args: [[1, 2], 1, { side: "middle" }], type: ArgumentError, match: /left/ },
      { args: [[1, 2], 1, { sorter: [0] }], type: ShapeError, match: /sorter/ },
    ],
    f: (v: Tensor) => np.searchsorted(np.array([-1, -0.5, 0, 0, 0.5, 1.5]), v),
    args: [f64([2, 3])],
    grads: "zero",
  },
  {
    name: "np.searchsorted",
    label: "traced a, side right",
    f: (a: Tensor, v: Tensor) => np.searchsorted(np.sort(a), v, { side: "right" }),
    args: [f64([7]), f64([3])],
    grads: "zero",
  },
  {
    name: "np.select",
    values: [
      // x = np.arange(6); np.select([x < 3, x > 4], [x, x * 10], -1)
      { args: [[np.less(np.arange(6), 3), np.greater(np.arange(6), 4)], [np.arange(6), np.multiply(np.arange(6), 10)], -1], out: [0, 1, 2, -1, -1, 50], dtype: i32 },
      // np.select([x < 2, x < 4], [x, x ** 2], 0.5): the first true condition wins
      { args: [[np.less(np.arange(6), 2), np.less(np.arange(6), 4)], [np.arange(6), np.square(np.arange(6))], 0.5], out: [0, 1, 4, 9, 0.5, 0.5] },
    ],
    errors: [
      { args: [[np.array([true])], [1, 2]], type: ArgumentError, match: /same length/ },
      { args: [[np.array([1])], [np.array([2])]], type: DTypeError, match: /boolean/ },
      { args: [[], []], type: ArgumentError, match: /at least one/ },
    ],
    f: (c1: Tensor, c2: Tensor, a: Tensor, b: Tensor) => np.select([c1, c2], [a, b], 0.5),
    args: [bool([2, 3]), bool([3]), f64([2, 3]), f64([3])],
  },
  {
    name: "lax.topK",
    values: [
      { args: [[1, 3, 3, 2], 2], out: [[3, 3], [1, 2]], dtype: ["float64", i32] }, // jax.lax.top_k: ties by lower index
      { args: [[[4, 1, 7], [2, 9, 5]], 1], out: [[[7], [9]], [[2], [1]]], dtype: ["float64", i32] },
      { args: [[1, NaN, 2], 2], out: [[NaN, 2], [1, 2]], dtype: ["float64", i32] }, // NaN is largest (XLA's order)
    ],
    errors: [
      { args: [[1, 2], 3], type: ArgumentError, match: /k must be/ },
      { args: [5, 1], type: ShapeError, match: /rank/ },
    ],
    f: (x: Tensor) => lax.topK(x, 3),
    args: [distinctF64([2, 5])],
  },
];
