/**
 * Rows for issue 9's group 4, data-dependent shapes: nonzero, flatnonzero,
 * argwhere, unique. Expected values were computed once with numpy 2.4.6
 * (the call next to each pin); numpy's int64 is int32 here. The random-input
 * rows pass `size`, so they run under vmap and jit (JAX's fixed-size forms).
 */
import { ArgumentError, ConcretizationError, jit, np, ShapeError, type Tensor } from "../../../lib/index.ts";
import { f64, i32, type Row } from "../harness.ts";

const int32 = "int32" as const;
const m23 = () => np.array([[0, 1, 0], [2, 0, 3]]);

export const setopsRows: Row[] = [
  {
    name: "np.nonzero",
    values: [
      { args: [m23()], out: [[0, 1, 1], [1, 0, 2]], dtype: [int32, int32] }, // np.nonzero(m)
      { args: [[0, 3, 0, NaN]], out: [[1, 3]], dtype: [int32] }, // NaN is nonzero
      { args: [m23(), { size: 4, fillValue: -1 }], out: [[0, 1, 1, -1], [1, 0, 2, -1]], dtype: [int32, int32] }, // jnp.nonzero(m, size=4, fill_value=-1)
      { args: [m23(), { size: 2, fillValue: [7, 8] }], out: [[0, 1], [1, 0]], dtype: [int32, int32] },
    ],
    errors: [
      { args: [3], type: ShapeError, match: /0-d/ },
      { args: [m23(), { size: 2, fillValue: [1] }], type: ArgumentError, match: /one per axis/ },
    ],
    f: (x: Tensor) => np.nonzero(np.greater(x, 0), { size: 5, fillValue: [9, 8] }),
    args: [f64([2, 4])],
    grads: "zero",
    check: () => {
      let thrown: unknown = null;
      try {
        jit((x: Tensor) => np.nonzero(x))(np.ones([2]));
      } catch (e) {
        thrown = e;
      }
      if (!(thrown instanceof ConcretizationError) || !/size/.test((thrown as Error).message)) throw new Error("traced nonzero without size must ask for one");
    },
  },
  {
    name: "np.flatnonzero",
    values: [
      { args: [m23()], out: [1, 3, 5], dtype: int32 }, // np.flatnonzero(m)
      { args: [m23(), { size: 4 }], out: [1, 3, 5, 0], dtype: int32 },
    ],
    errors: [{ args: [m23(), { size: -1 }], type: ArgumentError, match: /non-negative/ }],
    f: (x: Tensor) => np.flatnonzero(np.less(x, 0.5), { size: 3 }),
    args: [f64([3, 2])],
    grads: "zero",
  },
  {
    name: "np.argwhere",
    values: [
      { args: [m23()], out: [[0, 1], [1, 0], [1, 2]], dtype: int32 }, // np.argwhere(m)
      { args: [5], out: np.zeros([1, 0], { dtype: "int32" }), dtype: int32 }, // np.argwhere(5): shape (1, 0)
      { args: [0], out: np.zeros([0, 0], { dtype: "int32" }), dtype: int32 },
      { args: [[0, 2, 0, 3], { size: 3, fillValue: -1 }], out: [[1], [3], [-1]], dtype: int32 },
    ],
    errors: [{ args: [m23(), { size: 2, foo: 1 }], type: ArgumentError, match: /unknown option/ }],
    f: (x: Tensor) => np.argwhere(np.greater(x, 0), { size: 4 }),
    args: [f64([2, 3])],
    grads: "zero",
  },
  {
    name: "np.unique",
    values: [
      { args: [[3, 1, 3, 2, 1]], out: [1, 2, 3] }, // np.unique([3., 1, 3, 2, 1])
      // np.unique(..., return_index=True, return_inverse=True, return_counts=True)
      { args: [[3, 1, 3, 2, 1], { returnIndex: true, returnInverse: true, returnCounts: true }], out: [[1, 2, 3], [1, 3, 0], [2, 0, 2, 1, 0], [2, 1, 2]], dtype: ["float64", int32, int32, int32] },
      { args: [np.array([[3, 1], [1, 2]], { dtype: "int32" }), { returnInverse: true }], out: [[1, 2, 3], [[2, 0], [0, 1]]], dtype: [int32, int32] }, // inverse keeps the input's shape (numpy 2)
      // np.unique([[1., 2], [1, 2], [0, 5]], axis=0, return_index=True, return_inverse=True, return_counts=True)
      { args: [[[1, 2], [1, 2], [0, 5]], { axis: 0, returnIndex: true, returnInverse: true, returnCounts: true }], out: [[[0, 5], [1, 2]], [2, 0], [1, 1, 0], [1, 2]], dtype: ["float64", int32, int32, int32] },
      { args: [[[1, 0, 1], [2, 5, 2]], { axis: 1, returnCounts: true }], out: [[[0, 1], [5, 2]], [1, 2]], dtype: ["float64", int32] }, // axis=1
      { args: [[NaN, 1, NaN]], out: [1, NaN] }, // NaNs collapse (equal_nan=True)
      { args: [[NaN, 1, NaN], { equalNan: false }], out: [1, NaN, NaN] },
      // jnp.unique([3., 1, 3], size=4, return_counts=True): padded with the smallest value, counts 0
      { args: [[3, 1, 3], { size: 4, returnCounts: true }], out: [[1, 3, 1, 1], [1, 2, 0, 0]], dtype: ["float64", int32] },
      { args: [[3, 1, 3], { size: 3, fillValue: -9 }], out: [1, 3, -9] },
      { args: [[]], out: [] },
    ],
    errors: [
      { args: [[1, 2], { axis: 1 }], type: ArgumentError, match: /out of bounds/ },
      { args: [[1, 2], { returnCounts: "yes" }], type: ArgumentError, match: /boolean/ },
    ],
    f: (x: Tensor) => np.unique(np.sign(x), { size: 4, returnIndex: true, returnInverse: true, returnCounts: true }),
    args: [f64([6], -2, 2)],
    grads: "zero",
  },
  {
    name: "np.unique",
    label: "rows, traced, with size",
    f: (x: Tensor) => np.unique(x, { axis: 0, size: 3, returnInverse: true }),
    args: [i32([4, 2], 0, 1)],
  },
];
