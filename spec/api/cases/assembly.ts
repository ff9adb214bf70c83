/**
 * Rows for issue 9's group 3, part 2: splitting and assembling (split,
 * arraySplit, hsplit, vsplit, dsplit, unstack, hstack, vstack, dstack,
 * columnStack, append, broadcastArrays, broadcastShapes, atleast1d/2d/3d).
 * Expected values were computed once with numpy 2.4.6 (the call is next to
 * each pin) and pinned; numpy's int64 is int32 here.
 */
import { ArgumentError, np, ShapeError, type Tensor } from "../../../lib/index.ts";
import { f64, i32, type Row } from "../harness.ts";

const int32 = "int32" as const;
const r = (n: number, ...shape: number[]) => np.arange(n).reshape(shape);

export const assemblyRows: Row[] = [
  {
    name: "np.split",
    values: [
      { args: [np.arange(6), 2], out: [[0, 1, 2], [3, 4, 5]], dtype: int32 }, // np.split(np.arange(6), 2)
      { args: [np.arange(6), [2, 3]], out: [[0, 1], [2], [3, 4, 5]], dtype: int32 }, // np.split(np.arange(6), [2, 3])
      { args: [np.arange(5), [2, 10, 1]], out: [[0, 1], [2, 3, 4], [], [1, 2, 3, 4]], dtype: int32 }, // out-of-order and past-the-end indices
      { args: [r(6, 2, 3), [-1], 1], out: [[[0, 1], [3, 4]], [[2], [5]]], dtype: int32 }, // np.split(x23, [-1], axis=1)
    ],
    errors: [
      { args: [np.arange(5), 2], type: ShapeError, match: /equal sections/ },
      { args: [np.array(1), 1], type: ShapeError, match: /0-d/ },
      { args: [np.arange(4), 0], type: ArgumentError, match: /positive/ },
      { args: [np.arange(4), [1.5]], type: ArgumentError, match: /indices/ },
    ],
    f: (x: Tensor) => np.split(x, [1, 3], 1),
    args: [f64([2, 4])],
  },
  {
    name: "np.split",
    label: "sections",
    f: (x: Tensor) => np.split(x, 3, -1),
    args: [f64([2, 6])],
  },
  {
    name: "np.arraySplit",
    values: [
      { args: [np.arange(7), 3], out: [[0, 1, 2], [3, 4], [5, 6]], dtype: int32 }, // np.array_split(np.arange(7), 3)
      { args: [np.arange(2), 3], out: [[0], [1], []], dtype: int32 }, // more sections than elements
      { args: [r(6, 3, 2), 2, 0], out: [[[0, 1], [2, 3]], [[4, 5]]], dtype: int32 },
    ],
    errors: [{ args: [np.arange(4), 0], type: ArgumentError, match: /positive/ }],
    f: (x: Tensor) => np.arraySplit(x, 2, 0),
    args: [f64([3, 2])],
  },
  {
    name: "np.hsplit",
    values: [
      { args: [np.arange(6), 3], out: [[0, 1], [2, 3], [4, 5]], dtype: int32 }, // 1-D: along axis 0
      { args: [r(8, 2, 4), [1]], out: [[[0], [4]], [[1, 2, 3], [5, 6, 7]]], dtype: int32 }, // np.hsplit(x24, [1])
    ],
    errors: [
      { args: [np.array(1), 1], type: ShapeError, match: /at least 1/ },
      { args: [r(6, 2, 3), 2], type: ShapeError, match: /equal sections/ },
    ],
    f: (x: Tensor) => np.hsplit(x, 2),
    args: [f64([3, 4])],
  },
  {
    name: "np.vsplit",
    values: [{ args: [r(8, 4, 2), 2], out: [[[0, 1], [2, 3]], [[4, 5], [6, 7]]], dtype: int32 }], // np.vsplit(x42, 2)
    errors: [{ args: [np.arange(4), 2], type: ShapeError, match: /at least 2/ }],
    f: (x: Tensor) => np.vsplit(x, [1]),
    args: [f64([3, 2])],
  },
  {
    name: "np.dsplit",
    values: [{ args: [r(8, 1, 2, 4), [1, 3]], out: [[[[0], [4]]], [[[1, 2], [5, 6]]], [[[3], [7]]]], dtype: int32 }], // np.dsplit(x124, [1, 3])
    errors: [{ args: [r(4, 2, 2), 2], type: ShapeError, match: /at least 3/ }],
    f: (x: Tensor) => np.dsplit(x, 2),
    args: [f64([2, 1, 4])],
  },
  {
    name: "np.unstack",
    values: [
      { args: [r(6, 2, 3)], out: [[0, 1, 2], [3, 4, 5]], dtype: int32 }, // np.unstack(x23)
      { args: [r(6, 2, 3), 1], out: [[0, 3], [1, 4], [2, 5]], dtype: int32 }, // np.unstack(x23, axis=1)
      { args: [np.zeros([0, 2])], out: [] },
    ],
    errors: [{ args: [np.array(1)], type: ShapeError, match: /0-d/ }],
    f: (x: Tensor) => np.unstack(x, -1),
    args: [f64([2, 3])],
  },
  {
    name: "np.hstack",
    values: [
      { args: [[np.array([1, 2]), np.array([3])]], out: [1, 2, 3] }, // np.hstack([[1., 2], [3]])
      { args: [[np.array(1), np.array(2)]], out: [1, 2] }, // 0-d inputs become 1-D
      { args: [[r(4, 2, 2), r(2, 2, 1)]], out: [[0, 1, 0], [2, 3, 1]], dtype: int32 }, // along axis 1
      { args: [[r(2, 2), np.array([0.5])]], out: [0, 1, 0.5] }, // int32 with float64 promotes
      { args: [r(4, 2, 2)], out: [0, 1, 2, 3], dtype: int32 }, // a tensor is the list of its rows
    ],
    errors: [
      { args: [[]], type: ArgumentError, match: /non-empty/ },
      { args: [[np.zeros([2, 2]), np.zeros([3, 1])]], type: ShapeError, match: /f64\[2,2\], f64\[3,1\]/ },
    ],
    f: (a: Tensor, b: Tensor) => np.hstack([a, b]),
    args: [f64([2, 2]), f64([2, 3])],
  },
  {
    name: "np.vstack",
    values: [
      { args: [[np.array([1, 2]), np.array([3, 4])]], out: [[1, 2], [3, 4]] }, // 1-D inputs are rows
      { args: [[np.array(1), np.array(2)]], out: [[1], [2]] },
      { args: [[r(4, 2, 2), np.array([9, 9], { dtype: "int32" })]], out: [[0, 1], [2, 3], [9, 9]], dtype: int32 },
    ],
    errors: [{ args: [[np.zeros([2]), np.zeros([3])]], type: ShapeError, match: /vstack/ }],
    f: (a: Tensor, b: Tensor) => np.vstack([a, b]),
    args: [f64([3]), f64([2, 3])],
  },
  {
    name: "np.dstack",
    values: [
      { args: [[np.array([1, 2]), np.array([3, 4])]], out: [[[1, 3], [2, 4]]] }, // np.dstack([[1, 2], [3, 4]])
      { args: [[r(4, 2, 2), np.ones([2, 2])]], out: [[[0, 1], [1, 1]], [[2, 1], [3, 1]]] },
    ],
    errors: [{ args: [[np.zeros([2]), np.zeros([3])]], type: ShapeError, match: /dstack/ }],
    f: (a: Tensor, b: Tensor) => np.dstack([a, b]),
    args: [f64([2, 2]), f64([2, 2, 2])],
  },
  {
    name: "np.columnStack",
    values: [
      { args: [[np.array([1, 2]), np.array([3, 4])]], out: [[1, 3], [2, 4]] }, // 1-D inputs are columns
      { args: [[np.arange(2), np.ones([2, 2])]], out: [[0, 1, 1], [1, 1, 1]] },
    ],
    errors: [{ args: [[np.zeros([2]), np.zeros([3])]], type: ShapeError, match: /columnStack/ }],
    f: (a: Tensor, b: Tensor) => np.columnStack([a, b]),
    args: [f64([3]), f64([3, 2])],
  },
  {
    name: "np.append",
    values: [
      { args: [np.array([1, 2]), [[3, 4]]], out: [1, 2, 3, 4] }, // both flattened without an axis
      { args: [np.array([[1, 2]]), np.array([[3, 4]]), 0], out: [[1, 2], [3, 4]] }, // axis=0
      { args: [np.array([[1, 2]]), np.array([[3, 4]]), 1], out: [[1, 2, 3, 4]] }, // axis=1
    ],
    errors: [
      { args: [np.zeros([2, 2]), np.zeros([2]), 0], type: ShapeError, match: /same number of dimensions/ },
      { args: [np.zeros([2, 2]), np.zeros([3, 3]), 0], type: ShapeError, match: /append/ },
    ],
    f: (a: Tensor, b: Tensor) => np.append(a, b, 1),
    args: [f64([2, 2]), f64([2, 1])],
  },
  {
    name: "np.append",
    label: "flattened",
    f: (a: Tensor, b: Tensor) => np.append(a, b),
    args: [f64([2, 2]), f64([3])],
  },
  {
    name: "np.broadcastArrays",
    values: [{ args: [np.array([[1], [2]]), np.array([3, 4])], out: [[[1, 1], [2, 2]], [[3, 4], [3, 4]]] }], // np.broadcast_arrays
    errors: [{ args: [np.zeros([2]), np.zeros([3])], type: ShapeError, match: /f64\[2\], f64\[3\]/ }],
    f: (a: Tensor, b: Tensor, c: Tensor) => np.broadcastArrays(a, b, c),
    args: [f64([2, 1]), f64([3]), f64([])],
  },
  {
    name: "np.broadcastShapes",
    values: [
      { args: [[2, 1], [3]], out: [2, 3] }, // np.broadcast_shapes((2, 1), (3,))
      { args: [[2, 1], 3, []], out: [2, 3] }, // a number is a 1-D shape
      { args: [], out: [] },
      { args: [[0, 1], [1]], out: [0, 1] },
    ],
    errors: [
      { args: [[2], [3]], type: ShapeError, match: /\[2\], \[3\]/ },
      { args: [[2, -1]], type: ArgumentError, match: /not a shape/ },
    ],
  },
  {
    name: "np.atleast1d",
    values: [
      { args: [3], out: [3] }, // np.atleast_1d(3.)
      { args: [np.array([[1]])], out: [[1]] },
      { args: [1, [2, 3]], out: [[1], [2, 3]] }, // several arguments give a list
    ],
    f: (a: Tensor, b: Tensor) => np.atleast1d(a, b),
    args: [f64([]), f64([2])],
  },
  {
    name: "np.atleast2d",
    values: [
      { args: [[1, 2]], out: [[1, 2]] }, // np.atleast_2d([1., 2])
      { args: [3], out: [[3]] },
    ],
    f: (x: Tensor) => np.atleast2d(x),
    args: [f64([3])],
  },
  {
    name: "np.atleast3d",
    values: [
      { args: [[1, 2]], out: [[[1], [2]]] }, // np.atleast_3d([1., 2]): [n] -> [1, n, 1]
      { args: [np.ones([2, 2])], out: [[[1], [1]], [[1], [1]]] }, // [m, n] -> [m, n, 1]
      { args: [3], out: [[[3]]] },
      { args: [np.zeros([1, 1, 1, 2], { dtype: "int32" })], out: [[[[0, 0]]]], dtype: int32 },
    ],
    f: (x: Tensor, y: Tensor) => np.atleast3d(x, y),
    args: [f64([2]), i32([2, 2])],
  },
];
