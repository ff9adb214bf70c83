/**
 * Rows for issue 9's group 5: products (inner, outer, vdot, vecdot, matvec,
 * vecmat, cross, kron) and polynomials (polyval, polyadd, polysub, polymul,
 * polyder, polyint, vander). Expected values were computed once with numpy
 * 2.4.6 (the call is next to each pin) and pinned. Where JAX and numpy
 * differ (polymul keeps leading zeros; polyval/polyder of integers are
 * float), the pins follow JAX and say so.
 */
import { ArgumentError, np, ShapeError, type Tensor } from "../../../lib/index.ts";
import { f64, type Row } from "../harness.ts";

const int32 = "int32" as const;
const r = (n: number, ...shape: number[]) => np.arange(n).reshape(shape).astype("float64");

export const productRows: Row[] = [
  {
    name: "np.inner",
    values: [
      { args: [[1, 2, 3], [0, 1, 0]], out: 2 }, // np.inner([1., 2, 3], [0., 1, 0])
      { args: [r(6, 2, 3), [1, 2, 3]], out: [8, 26] },
      { args: [r(6, 2, 3), r(9, 3, 3)], out: [[5, 14, 23], [14, 50, 86]] }, // a.shape[:-1] ++ b.shape[:-1]
      { args: [2, [1, 2]], out: [2, 4] }, // a 0-d operand multiplies
      { args: [np.arange(3), np.arange(3)], out: 5, dtype: int32 },
    ],
    errors: [{ args: [np.zeros([2, 3]), np.zeros([2])], type: ShapeError, match: /f64\[2,3\] and f64\[2\]/ }],
    f: (a: Tensor, b: Tensor) => np.inner(a, b),
    args: [f64([2, 3]), f64([4, 3])],
  },
  {
    name: "np.outer",
    values: [
      { args: [[1, 2], [1, 10, 100]], out: [[1, 10, 100], [2, 20, 200]] }, // np.outer([1., 2], [1., 10, 100])
      { args: [r(4, 2, 2), [1, -1]], out: [[0, -0], [1, -1], [2, -2], [3, -3]] }, // inputs are flattened
    ],
    args: [f64([3]), f64([2, 2])],
  },
  {
    name: "np.vdot",
    values: [
      { args: [[[1, 2], [3, 4]], [[1, 1], [1, 1]]], out: 10 }, // np.vdot: flattened dot
      { args: [np.arange(3), np.arange(3)], out: 5, dtype: int32 },
    ],
    errors: [{ args: [np.zeros([2, 2]), np.zeros([3])], type: ShapeError, match: /sizes 4 and 3/ }],
    args: [f64([2, 3]), f64([6])],
  },
  {
    name: "np.vecdot",
    values: [
      { args: [r(6, 2, 3), [1, 2, 3]], out: [8, 26] }, // np.vecdot(x23, [1., 2, 3])
      { args: [r(6, 2, 3), [1, 2], { axis: 0 }], out: [6, 9, 12] }, // axis=0
      { args: [r(6, 2, 1, 3), r(12, 4, 3)], out: [[5, 14, 23, 32], [14, 50, 86, 122]] }, // batch axes broadcast
    ],
    errors: [
      { args: [np.zeros([2, 3]), np.zeros([2])], type: ShapeError, match: /vector dimensions/ },
      { args: [np.zeros([3]), np.zeros([3]), { axes: 0 }], type: ArgumentError, match: /unknown option "axes"/ },
      { args: [np.zeros([2, 3]), np.zeros([4, 3])], type: ShapeError, match: /broadcast/ },
    ],
    f: (a: Tensor, b: Tensor) => np.vecdot(a, b, { axis: 0 }),
    args: [f64([3, 2, 1]), f64([3, 4])],
  },
  {
    name: "np.matvec",
    values: [
      { args: [r(6, 2, 3), [1, 2, 3]], out: [8, 26] }, // np.matvec(x23, [1., 2, 3])
      { args: [r(12, 2, 2, 3), [[1, 0, 0], [0, 0, 1]]], out: [[0, 3], [8, 11]] }, // batch axes pair up
    ],
    errors: [
      { args: [np.zeros([3]), np.zeros([3])], type: ShapeError, match: /matrix/ },
      { args: [np.zeros([2, 3]), np.zeros([2])], type: ShapeError, match: /differ/ },
      { args: [np.zeros([2, 2, 3]), np.zeros([3, 3])], type: ShapeError, match: /batch/ },
    ],
    args: [f64([2, 3, 4]), f64([4])],
  },
  {
    name: "np.vecmat",
    values: [
      { args: [[1, 2], r(6, 2, 3)], out: [6, 9, 12] }, // np.vecmat([1., 2], x23)
      { args: [[[1, 0], [0, 1], [1, 1]], r(6, 2, 3)], out: [[0, 1, 2], [3, 4, 5], [3, 5, 7]] },
    ],
    errors: [{ args: [np.zeros([3]), np.zeros([2, 3])], type: ShapeError, match: /differ/ }],
    args: [f64([2, 3]), f64([3, 2])],
  },
  {
    name: "np.cross",
    values: [
      { args: [[1, 2, 3], [4, 5, 6]], out: [-3, 6, -3] }, // np.cross([1., 2, 3], [4., 5, 6])
      { args: [[1, 2], [3, 4]], out: -2 }, // two 2-vectors: the z component
      { args: [[1, 2], [3, 4, 5]], out: [10, -5, -2] }, // a 2-vector has z = 0
      { args: [[1, 2, 3], [4, 5]], out: [-15, 12, -3] },
      { args: [r(6, 2, 3), [1, 0, 0]], out: [[0, 2, -1], [0, 5, -4]] }, // broadcast over rows
      { args: [r(6, 3, 2), [[4, 5], [2, 3], [0, 1]], { axisa: 0, axisb: 0 }], out: [[-8, 16, -8], [-12, 24, -12]] },
      { args: [r(6, 2, 3), [0, 1, 0], { axisc: 0 }], out: [[-2, -5], [0, 0], [0, 3]] },
      { args: [r(6, 3, 2), np.ones([3, 2]), { axis: 0 }], out: [[-2, -2], [4, 4], [-2, -2]] },
      { args: [np.arange(3), np.flip(np.arange(3))], out: [-2, 4, -2], dtype: int32 },
    ],
    errors: [
      { args: [[1, 2, 3, 4], [1, 2, 3]], type: ShapeError, match: /must be 2 or 3/ },
      { args: [np.zeros([2, 3]), np.zeros([3, 3])], type: ShapeError, match: /batch/ },
      { args: [[1, 2, 3], [1, 2, 3], { axsi: 0 }], type: ArgumentError, match: /valid options: axisa, axisb, axisc, axis/ },
    ],
    args: [f64([2, 3]), f64([3])],
  },
  {
    name: "np.cross",
    label: "2-vectors, axes",
    f: (a: Tensor, b: Tensor) => np.cross(a, b, { axisa: 0, axisc: 0 }),
    args: [f64([2, 2]), f64([2, 3])],
  },
  {
    name: "np.kron",
    values: [
      { args: [[0, 1], np.ones([2, 2])], out: [[0, 0, 1, 1], [0, 0, 1, 1]] }, // np.kron(np.arange(2.), np.ones((2, 2)))
      { args: [[[1, 2], [3, 4]], [[0, 1], [1, 0]]], out: [[0, 1, 0, 2], [1, 0, 2, 0], [0, 3, 0, 4], [3, 0, 4, 0]] },
      { args: [3, [1, 2]], out: [3, 6] },
      { args: [np.arange(2), np.arange(3)], out: [0, 0, 0, 0, 1, 2], dtype: int32 },
    ],
    args: [f64([2, 3]), f64([2, 1, 2])],
  },
  {
    name: "np.polyval",
    values: [
      { args: [[3, 0, 1], [1, 2]], out: [4, 13] }, // np.polyval([3., 0, 1], [1., 2])
      { args: [[1, -2, 0, 5], [[0.5, -1.5], [2.25, 3]]], out: [[4.625, -2.875], [6.265625, 14]] },
      { args: [[2], [1, 2, 3]], out: [2, 2, 2] },
      { args: [np.zeros([0]), [1, 2]], out: [0, 0] },
      { args: [[1, 2], 0.1], out: 2.1 },
      { args: [np.array([1, 2], { dtype: "int32" }), np.array([3], { dtype: "int32" })], out: [5] }, // float, as JAX (numpy: int)
      { args: [[1, 0], Infinity], out: NaN }, // 0·x + p0 first, as numpy: an infinite x gives NaN
    ],
    errors: [{ args: [2, [1]], type: ShapeError, match: /at least 1 dimension/ }],
    args: [f64([4]), f64([2, 3])],
  },
  {
    name: "np.polyadd",
    values: [
      { args: [[1, 2], [1, 0, 0]], out: [1, 1, 2] }, // np.polyadd([1., 2], [1., 0, 0])
      { args: [np.array([1, 2], { dtype: "int32" }), np.array([5, 4, 1], { dtype: "int32" })], out: [5, 5, 3], dtype: int32 },
      { args: [3, [1, 1]], out: [1, 4] },
    ],
    args: [f64([2]), f64([4])],
  },
  {
    name: "np.polysub",
    values: [
      { args: [[1, 2], [1, 0, 0]], out: [-1, 1, 2] }, // np.polysub([1., 2], [1., 0, 0])
      { args: [np.array([5, 4, 1], { dtype: "int32" }), np.array([1, 2], { dtype: "int32" })], out: [5, 3, -1], dtype: int32 },
    ],
    args: [f64([3]), f64([1])],
  },
  {
    name: "np.polymul",
    values: [
      { args: [[1, 2], [3, 4, 5]], out: [3, 10, 13, 10] }, // np.polymul([1., 2], [3., 4, 5])
      { args: [[2, 1, 0], [0, 5, 0, 3]], out: [0, 10, 5, 6, 3, 0] }, // JAX keeps the leading zero (np.convolve)
      { args: [[2, 1, 0], [0, 5, 0, 3], { trimLeadingZeros: true }], out: [10, 5, 6, 3, 0] }, // numpy's np.polymul
      { args: [[0.5], [3, -1]], out: [1.5, -0.5] },
      { args: [np.zeros([0]), [1, 2]], out: [0, 0] }, // an empty polynomial is 0, as JAX
    ],
    errors: [
      { args: [[[1]], [1]], type: ShapeError, match: /1-D/ },
      { args: [[1], [1], { trim: true }], type: ArgumentError, match: /valid options: trimLeadingZeros/ },
    ],
    args: [f64([3]), f64([4])],
  },
  {
    name: "np.polyder",
    values: [
      { args: [[1, 2, 3, 4]], out: [3, 4, 3] }, // np.polyder([1., 2, 3, 4])
      { args: [[1, 2, 3, 4], 2], out: [6, 4] },
      { args: [[1, 2, 3, 4], 4], out: [] }, // m >= length: empty
      { args: [np.array([2, -5, 3, -1], { dtype: "int32" })], out: [6, -10, 3] }, // float, as JAX (numpy: int)
      { args: [[1, 2], 0], out: [1, 2] },
    ],
    errors: [{ args: [[1, 2], -1], type: ArgumentError, match: /m must be a non-negative integer/ }],
    f: (p: Tensor) => np.polyder(p, 2),
    args: [f64([5])],
  },
  {
    name: "np.polyint",
    values: [
      { args: [[1, 2, 3]], out: [0.3333333333333333, 1, 3, 0] }, // np.polyint([1., 2, 3])
      { args: [[1, 2, 3], 2, [5, 7]], out: [0.08333333333333333, 0.3333333333333333, 1.5, 5, 7] }, // k=[5, 7]
      { args: [[1, 2], 2, 3], out: [0.16666666666666666, 1, 3, 3] }, // one k for every integration
      { args: [[12, 12, 6], 3], out: [0.2, 0.5, 1, 0, 0, 0] },
      { args: [[3], 1, [2]], out: [3, 2] },
    ],
    errors: [
      { args: [[1, 2], 2, [1, 2, 3]], type: ShapeError, match: /k must be/ },
      { args: [[1, 2], 1.5], type: ArgumentError, match: /m must be/ },
    ],
    f: (p: Tensor, k: Tensor) => np.polyint(p, 2, k),
    args: [f64([3]), f64([2])],
  },
  {
    name: "np.vander",
    values: [
      { args: [[1, 2, 3]], out: [[1, 1, 1], [4, 2, 1], [9, 3, 1]] }, // np.vander([1., 2, 3])
      { args: [[1, 2, 3], 2, true], out: [[1, 1], [1, 2], [1, 3]] }, // N=2, increasing
      { args: [[0.5, -2], 4], out: [[0.125, 0.25, 0.5, 1], [-8, 4, -2, 1]] },
      { args: [np.arange(3), 3], out: [[0, 0, 1], [1, 1, 1], [4, 2, 1]], dtype: int32 },
      { args: [[1, 2], 0], out: np.zeros([2, 0]) },
    ],
    errors: [{ args: [[[1, 2]]], type: ShapeError, match: /1-D/ }],
    f: (x: Tensor) => np.vander(x, 4),
    args: [f64([3])],
  },
];
