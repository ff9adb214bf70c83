/**
 * Rows for issue 9's group 4, diagonals and triangles: diag, diagflat,
 * diagonal, trace, tri, tril, triu, trilIndices, triuIndices,
 * trilIndicesFrom, triuIndicesFrom, diagIndices, diagIndicesFrom. Expected
 * values were computed once with numpy 2.4.6 (the call next to each pin);
 * numpy's int64 is int32 here.
 */
import { ArgumentError, np, ShapeError, type Tensor } from "../../../lib/index.ts";
import { f64, type Row } from "../harness.ts";

const int32 = "int32" as const;
const m34 = () => np.arange(12).reshape(3, 4).astype("float64");
const x234 = () => np.arange(24).reshape(2, 3, 4).astype("float64");

export const triangularRows: Row[] = [
  {
    name: "np.diag",
    values: [
      { args: [[1, 2], 1], out: [[0, 1, 0], [0, 0, 2], [0, 0, 0]] }, // np.diag([1., 2], 1)
      { args: [[1, 2], -1], out: [[0, 0, 0], [1, 0, 0], [0, 2, 0]] },
      { args: [m34(), 1], out: [1, 6, 11] }, // np.diag(m, 1)
      { args: [m34(), -2], out: [8] },
      { args: [[], 2], out: [[0, 0], [0, 0]] }, // np.diag([], 2)
    ],
    errors: [{ args: [x234()], type: ShapeError, match: /1-D or 2-D/ }],
    f: (v: Tensor) => np.diag(v, -2),
    args: [f64([3])],
  },
  {
    name: "np.diag",
    label: "of a matrix",
    f: (m: Tensor) => np.diag(m, 1),
    args: [f64([3, 4])],
  },
  {
    name: "np.diagflat",
    values: [
      { args: [[[1, 2], [3, 4]]], out: [[1, 0, 0, 0], [0, 2, 0, 0], [0, 0, 3, 0], [0, 0, 0, 4]] }, // np.diagflat([[1., 2], [3, 4]])
      { args: [[1, 2], -1], out: [[0, 0, 0], [1, 0, 0], [0, 2, 0]] },
    ],
    errors: [{ args: [[1, 2], 0.5], type: ArgumentError, match: /integer/ }],
    f: (v: Tensor) => np.diagflat(v, 1),
    args: [f64([2, 2])],
  },
  {
    name: "np.diagonal",
    values: [
      { args: [m34()], out: [0, 5, 10] }, // np.diagonal(m)
      { args: [m34(), 2], out: [2, 7] },
      { args: [x234(), 1, 1, 2], out: [[1, 6, 11], [13, 18, 23]] }, // np.diagonal(x, 1, 1, 2)
      { args: [x234(), 0, 2, 0], out: [[0, 13], [4, 17], [8, 21]] }, // np.diagonal(x, 0, 2, 0)
      { args: [m34(), 5], out: [] },
    ],
    errors: [
      { args: [[1, 2]], type: ShapeError, match: /at least 2/ },
      { args: [m34(), 0, 1, 1], type: ArgumentError, match: /differ/ },
      { args: [m34(), 0, 0, 3], type: ArgumentError, match: /out of bounds/ },
    ],
    f: (x: Tensor) => np.diagonal(x, -1, 2, 0),
    args: [f64([3, 2, 4])],
  },
  {
    name: "np.trace",
    values: [
      { args: [m34()], out: 15 }, // np.trace(m)
      { args: [m34(), -1], out: 13 },
      { args: [x234(), 0, 1, 2], out: [15, 51] }, // np.trace(x, 0, 1, 2)
      { args: [np.arange(9).reshape(3, 3)], out: 12, dtype: int32 },
      { args: [np.arange(9).reshape(3, 3), 0, 0, 1, { dtype: "float32" }], out: 12, dtype: "float32" },
    ],
    errors: [{ args: [[1, 2]], type: ShapeError, match: /at least 2/ }],
    f: (x: Tensor) => np.trace(x, 1, 0, 2),
    args: [f64([3, 2, 4])],
  },
  {
    name: "np.tri",
    values: [
      { args: [3, 4, 1], out: [[1, 1, 0, 0], [1, 1, 1, 0], [1, 1, 1, 1]] }, // np.tri(3, 4, 1)
      { args: [2], out: [[1, 0], [1, 1]] },
      { args: [2, null, 0, "int32"], out: [[1, 0], [1, 1]], dtype: int32 },
    ],
    errors: [
      { args: [-1], type: ArgumentError, match: /non-negative/ },
      { args: [2, 2, 0, "int8"], match: /dtype/ },
    ],
  },
  {
    name: "np.tril",
    values: [
      { args: [m34()], out: [[0, 0, 0, 0], [4, 5, 0, 0], [8, 9, 10, 0]] }, // np.tril(m)
      { args: [m34(), -1], out: [[0, 0, 0, 0], [4, 0, 0, 0], [8, 9, 0, 0]] },
    ],
    errors: [{ args: [[1, 2]], type: ShapeError, match: /at least 2/ }],
    f: (x: Tensor) => np.tril(x, 1),
    args: [f64([2, 3, 4])],
  },
  {
    name: "np.triu",
    values: [
      { args: [m34(), 1], out: [[0, 1, 2, 3], [0, 0, 6, 7], [0, 0, 0, 11]] }, // np.triu(m, 1)
      { args: [x234().slice(null, [0, 2], [0, 3])], out: [[[0, 1, 2], [0, 5, 6]], [[12, 13, 14], [0, 17, 18]]] }, // np.triu(x[:, :2, :3])
    ],
    errors: [{ args: [5], type: ShapeError, match: /at least 2/ }],
    f: (x: Tensor) => np.triu(x, -1),
    args: [f64([4, 3])],
  },
  {
    name: "np.trilIndices",
    values: [
      { args: [3], out: [[0, 1, 1, 2, 2, 2], [0, 0, 1, 0, 1, 2]], dtype: int32 }, // np.tril_indices(3)
      { args: [3, 1, 4], out: [[0, 0, 1, 1, 1, 2, 2, 2, 2], [0, 1, 0, 1, 2, 0, 1, 2, 3]], dtype: int32 },
    ],
    errors: [{ args: [2.5], type: ArgumentError, match: /integer/ }],
  },
  {
    name: "np.triuIndices",
    values: [
      { args: [3, 1], out: [[0, 0, 1], [1, 2, 2]], dtype: int32 }, // np.triu_indices(3, 1)
      { args: [2, 0, 3], out: [[0, 0, 0, 1, 1], [0, 1, 2, 1, 2]], dtype: int32 },
    ],
    errors: [{ args: [-2], type: ArgumentError, match: /non-negative/ }],
  },
  {
    name: "np.trilIndicesFrom",
    values: [{ args: [np.zeros([2, 3])], out: [[0, 1, 1], [0, 0, 1]], dtype: int32 }], // np.tril_indices_from(np.zeros((2, 3)))
    errors: [{ args: [np.zeros([2])], type: ShapeError, match: /2-D/ }],
  },
  {
    name: "np.triuIndicesFrom",
    values: [{ args: [np.zeros([2, 3]), -1], out: [[0, 0, 0, 1, 1, 1], [0, 1, 2, 0, 1, 2]], dtype: int32 }], // np.triu_indices_from(np.zeros((2, 3)), -1)
    errors: [{ args: [np.zeros([2, 2, 2])], type: ShapeError, match: /2-D/ }],
  },
  {
    name: "np.diagIndices",
    values: [
      { args: [3], out: [[0, 1, 2], [0, 1, 2]], dtype: int32 }, // np.diag_indices(3)
      { args: [2, 3], out: [[0, 1], [0, 1], [0, 1]], dtype: int32 },
    ],
    errors: [{ args: [-1], type: ArgumentError, match: /non-negative/ }],
    check: () => {
      // the identity, by setting the diagonal
      const eye = np.zeros([3, 3]).at(...np.diagIndices(3)).set(1);
      if (!np.allclose(eye, np.eye(3))) throw new Error("diagIndices do not index the diagonal");
    },
  },
  {
    name: "np.diagIndicesFrom",
    values: [{ args: [np.zeros([2, 2, 2])], out: [[0, 1], [0, 1], [0, 1]], dtype: int32 }], // np.diag_indices_from(np.zeros((2, 2, 2)))
    errors: [
      { args: [np.zeros([2, 3])], type: ShapeError, match: /equal/ },
      { args: [np.zeros([2])], type: ShapeError, match: /at least 2/ },
    ],
  },
];
