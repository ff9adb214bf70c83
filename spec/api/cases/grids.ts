/**
 * Rows for issue 9's group 4, grids and per-axis application: indices,
 * meshgrid, fromfunction, applyAlongAxis, applyOverAxes. Expected values
 * were computed once with numpy 2.4.6 (the call next to each pin); numpy's
 * int64 is int32 here.
 */
import { ArgumentError, np, ShapeError, type Tensor } from "../../../lib/index.ts";
import { f64, type Row } from "../harness.ts";

const int32 = "int32" as const;

export const gridRows: Row[] = [
  {
    name: "np.indices",
    values: [
      { args: [[2, 3]], out: [[[0, 0, 0], [1, 1, 1]], [[0, 1, 2], [0, 1, 2]]], dtype: int32 }, // np.indices((2, 3))
      { args: [[2, 3], { sparse: true }], out: [[[0], [1]], [[0, 1, 2]]], dtype: [int32, int32] }, // np.indices((2, 3), sparse=True)
      { args: [[2], "float64"], out: [[0, 1]] },
    ],
    errors: [
      { args: [[2, -1]], type: ArgumentError, match: /non-negative/ },
      { args: [[2], { sparse: 1 }], type: ArgumentError, match: /boolean/ },
    ],
  },
  {
    name: "np.meshgrid",
    values: [
      { args: [[1, 2, 3], [4, 5]], out: [[[1, 2, 3], [1, 2, 3]], [[4, 4, 4], [5, 5, 5]]] }, // np.meshgrid([1., 2, 3], [4., 5])
      { args: [[1, 2, 3], [4, 5], { indexing: "ij" }], out: [[[1, 1], [2, 2], [3, 3]], [[4, 5], [4, 5], [4, 5]]] },
      { args: [[1, 2, 3], [4, 5], { sparse: true }], out: [[[1, 2, 3]], [[4], [5]]] },
      { args: [[1, 2], [3, 4, 5], [6]], out: [np.zeros([3, 2, 1]).add([[[1], [2]]]), np.zeros([3, 2, 1]).add([[[3]], [[4]], [[5]]]), np.full([3, 2, 1], 6)] }, // shapes (3, 2, 1)
    ],
    errors: [{ args: [[1], [2], { indexing: "ji" }], type: ArgumentError, match: /indexing/ }],
    f: (x: Tensor, y: Tensor) => np.meshgrid(x, y),
    args: [f64([3]), f64([2, 2])],
  },
  {
    name: "np.fromfunction",
    values: [{ args: [(i: Tensor, j: Tensor) => np.add(np.multiply(i, 10), j), [2, 3]], out: [[0, 1, 2], [10, 11, 12]] }], // np.fromfunction(lambda i, j: i * 10 + j, (2, 3))
    errors: [
      { args: [1, [2]], type: ArgumentError, match: /function/ },
      { args: [(i: Tensor) => i, [-2]], type: ArgumentError, match: /non-negative/ },
    ],
    f: (s: Tensor) => np.fromfunction((i, j) => np.add(np.multiply(i, s), np.sin(np.multiply(j, s))), [2, 3]),
    args: [f64([])],
  },
  {
    name: "np.applyAlongAxis",
    values: [
      { args: [(v: Tensor) => np.sort(v), 0, [[3, 1], [1, 2]]], out: [[1, 1], [3, 2]] }, // np.apply_along_axis(np.sort, 0, ...)
      { args: [(v: Tensor) => np.stack([np.sum(v), np.max(v)]), 1, np.arange(6).reshape(2, 3).astype("float64")], out: [[3, 2], [12, 5]] },
      { args: [(v: Tensor) => np.sum(v), 1, np.arange(24).reshape(2, 3, 4).astype("float64")], out: [[12, 15, 18, 21], [48, 51, 54, 57]] },
      { args: [(v: Tensor, c: number) => np.multiply(v, c), -1, [1, 2], 3], out: [3, 6] }, // extra arguments follow the slice
    ],
    errors: [
      { args: [(v: Tensor) => v, 2, [[1]]], type: ArgumentError, match: /out of bounds/ },
      { args: [(v: Tensor) => v, 0, 3], type: ShapeError, match: /at least 1/ },
    ],
    f: (x: Tensor) => np.applyAlongAxis((v: Tensor) => np.multiply(v, np.sum(np.square(v))), 1, x),
    args: [f64([2, 3, 2])],
  },
  {
    name: "np.applyOverAxes",
    values: [{ args: [(v: Tensor, ax: number) => np.sum(v, ax), np.arange(24).reshape(2, 3, 4).astype("float64"), [0, 2]], out: [[[60], [92], [124]]] }], // np.apply_over_axes(np.sum, x, [0, 2])
    errors: [
      { args: [(v: Tensor) => np.sum(v), np.zeros([2, 2]), [0]], type: ShapeError, match: /rank/ },
      { args: [(v: Tensor) => v, np.zeros([2]), [1]], type: ArgumentError, match: /out of bounds/ },
    ],
    f: (x: Tensor) => np.applyOverAxes((v: Tensor, ax: number) => np.mean(np.square(v), ax), x, [1, -1]),
    args: [f64([2, 3, 2])],
  },
];
