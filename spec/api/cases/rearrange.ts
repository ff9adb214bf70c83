/**
 * Rows for issue 9's group 3, part 1: rearranging one array (moveaxis,
 * permuteDims, matrixTranspose, flip, fliplr, flipud, rot90, roll, repeat,
 * tile, pad). Expected values were computed once with numpy 2.4.6 (the
 * numpy call is next to each pin) and pinned; numpy's int64 results are
 * int32 here (tracegrad's integer dtype).
 */
import { ArgumentError, np, ShapeError, type Tensor } from "../../../lib/index.ts";
import { f64, type Row } from "../harness.ts";

const x23 = () => np.arange(6).reshape(2, 3);
const x123 = () => np.arange(6).reshape(1, 2, 3);
const i32 = "int32" as const;

export const rearrangeRows: Row[] = [
  {
    name: "np.moveaxis",
    values: [
      { args: [x123(), 0, -1], out: [[[0], [1], [2]], [[3], [4], [5]]], dtype: i32 }, // np.moveaxis(x123, 0, -1)
      { args: [x123(), [0, 1], [-1, -2]], out: [[[0], [3]], [[1], [4]], [[2], [5]]], dtype: i32 }, // np.moveaxis(x123, [0,1], [-1,-2])
    ],
    errors: [
      { args: [x123(), 3, 0], type: ArgumentError, match: /out of bounds/ },
      { args: [x123(), [0, 1], [0]], type: ArgumentError, match: /same number/ },
      { args: [x123(), [0, 0], [1, 2]], type: ArgumentError, match: /repeated/ },
    ],
    f: (x: Tensor) => np.moveaxis(x, [0, 2], [2, 0]),
    args: [f64([2, 3, 4])],
  },
  {
    name: "np.permuteDims",
    values: [
      { args: [x123(), [2, 0, 1]], out: [[[0, 3]], [[1, 4]], [[2, 5]]], dtype: i32 }, // np.permute_dims(x123, (2,0,1))
      { args: [x123()], out: [[[0], [3]], [[1], [4]], [[2], [5]]], dtype: i32 }, // np.permute_dims(x123)
    ],
    errors: [{ args: [x123(), [0, 1]], type: ArgumentError, match: /permutation/ }],
    f: (x: Tensor) => np.permuteDims(x, [1, 2, 0]),
    args: [f64([2, 3, 4])],
  },
  {
    name: "np.matrixTranspose",
    values: [{ args: [np.arange(12).reshape(2, 2, 3)], out: [[[0, 3], [1, 4], [2, 5]], [[6, 9], [7, 10], [8, 11]]], dtype: i32 }], // np.matrix_transpose
    errors: [{ args: [np.arange(3)], type: ShapeError, match: /at least 2/ }],
    args: [f64([2, 3, 2])],
  },
  {
    name: "np.flip",
    values: [
      { args: [x23()], out: [[5, 4, 3], [2, 1, 0]], dtype: i32 }, // np.flip(x23)
      { args: [x23(), 1], out: [[2, 1, 0], [5, 4, 3]], dtype: i32 }, // np.flip(x23, 1)
      { args: [x23(), [0]], out: [[3, 4, 5], [0, 1, 2]], dtype: i32 }, // np.flip(x23, (0,))
      { args: [5], out: 5 }, // np.flip(5.0): a 0-d array has no axes to flip
      { args: [np.zeros([0, 2]), 0], out: np.zeros([0, 2]) },
    ],
    errors: [{ args: [x23(), 2], type: ArgumentError, match: /out of bounds/ }],
    f: (x: Tensor) => np.flip(x, [0, -1]),
    args: [f64([3, 2, 2])],
  },
  {
    name: "np.fliplr",
    values: [{ args: [x23()], out: [[2, 1, 0], [5, 4, 3]], dtype: i32 }], // np.fliplr(x23)
    errors: [{ args: [np.arange(3)], type: ShapeError, match: /at least 2/ }],
    args: [f64([2, 3])],
  },
  {
    name: "np.flipud",
    values: [
      { args: [x23()], out: [[3, 4, 5], [0, 1, 2]], dtype: i32 }, // np.flipud(x23)
      { args: [[0, 1, 2]], out: [2, 1, 0] }, // np.flipud(np.arange(3.))
    ],
    errors: [{ args: [3], type: ShapeError, match: /at least 1/ }],
    args: [f64([3, 2])],
  },
  {
    name: "np.rot90",
    values: [
      // [np.rot90(x23, k) for k in (1, 2, 3, -1)]
      { args: [x23()], out: [[2, 5], [1, 4], [0, 3]], dtype: i32 },
      { args: [x23(), 2], out: [[5, 4, 3], [2, 1, 0]], dtype: i32 },
      { args: [x23(), 3], out: [[3, 0], [4, 1], [5, 2]], dtype: i32 },
      { args: [x23(), -1], out: [[3, 0], [4, 1], [5, 2]], dtype: i32 },
      { args: [x23(), 1, [1, 0]], out: [[3, 0], [4, 1], [5, 2]], dtype: i32 }, // np.rot90(x23, 1, (1, 0))
      { args: [np.arange(8).reshape(2, 2, 2), 1, [1, 2]], out: [[[1, 3], [0, 2]], [[5, 7], [4, 6]]], dtype: i32 }, // axes (1, 2)
    ],
    errors: [
      { args: [np.arange(3)], type: ShapeError, match: /at least 2/ },
      { args: [x23(), 1, [0, 0]], type: ArgumentError, match: /different/ },
    ],
    f: (x: Tensor) => np.rot90(x, 3, [2, 0]),
    args: [f64([2, 3, 4])],
  },
  {
    name: "np.rot90",
    label: "k = 1",
    f: (x: Tensor) => np.rot90(x),
    args: [f64([3, 2])],
  },
  {
    name: "np.roll",
    values: [
      { args: [x23(), 1], out: [[5, 0, 1], [2, 3, 4]], dtype: i32 }, // np.roll(x23, 1): of the flattened array
      { args: [x23(), 1, 1], out: [[2, 0, 1], [5, 3, 4]], dtype: i32 }, // np.roll(x23, 1, 1)
      { args: [x23(), [1, 1], [1, 1]], out: [[1, 2, 0], [4, 5, 3]], dtype: i32 }, // shifts of one axis add
      { args: [x23(), [-4, 1], [0, 1]], out: [[2, 0, 1], [5, 3, 4]], dtype: i32 }, // np.roll(x23, (-4, 1), (0, 1))
      { args: [np.zeros([0]), 3], out: [] },
    ],
    errors: [{ args: [x23(), [1, 2, 3], [0, 1]], type: ArgumentError, match: /same length/ }],
    f: (x: Tensor) => np.roll(x, [2, -1], [0, 1]),
    args: [f64([3, 4])],
  },
  {
    name: "np.roll",
    label: "flattened",
    f: (x: Tensor) => np.roll(x, 5),
    args: [f64([2, 3])],
  },
  {
    name: "np.repeat",
    values: [
      { args: [np.arange(3), 2], out: [0, 0, 1, 1, 2, 2], dtype: i32 }, // np.repeat(np.arange(3), 2)
      { args: [np.arange(3), [1, 0, 2]], out: [0, 2, 2], dtype: i32 }, // np.repeat(np.arange(3), [1, 0, 2])
      { args: [[[1, 2], [3, 4]], 2], out: [1, 1, 2, 2, 3, 3, 4, 4] }, // of the flattened array
      { args: [[[1, 2], [3, 4]], 2, 1], out: [[1, 1, 2, 2], [3, 3, 4, 4]] }, // axis=1
      { args: [[[1, 2], [3, 4]], [2, 1], 0], out: [[1, 2], [1, 2], [3, 4]] }, // [2, 1], axis=0
      { args: [5, 3], out: [5, 5, 5] }, // np.repeat(5., 3)
    ],
    errors: [
      { args: [np.arange(3), [1, 2]], type: ShapeError, match: /one per element/ },
      { args: [np.arange(3), -1], type: ArgumentError, match: /non-negative/ },
    ],
    f: (x: Tensor) => np.repeat(x, [2, 0, 1], 1),
    args: [f64([2, 3])],
  },
  {
    name: "np.repeat",
    label: "one count",
    f: (x: Tensor) => np.repeat(x, 3, -1),
    args: [f64([2, 2])],
  },
  {
    name: "np.tile",
    values: [
      { args: [np.arange(2), 2], out: [0, 1, 0, 1], dtype: i32 }, // np.tile(np.arange(2), 2)
      { args: [np.arange(2), [2, 1, 2]], out: [[[0, 1, 0, 1]], [[0, 1, 0, 1]]], dtype: i32 }, // reps (2, 1, 2)
      { args: [x23(), 2], out: [[0, 1, 2, 0, 1, 2], [3, 4, 5, 3, 4, 5]], dtype: i32 }, // shorter reps count from the last axis
      { args: [5, 3], out: [5, 5, 5] }, // np.tile(5., 3)
      { args: [np.arange(2), 0], out: [], dtype: i32 }, // np.tile(np.arange(2), 0).shape == (0,)
    ],
    errors: [{ args: [np.arange(2), -1], type: ArgumentError, match: /reps/ }],
    f: (x: Tensor) => np.tile(x, [2, 1, 2]),
    args: [f64([2, 3])],
  },
  {
    name: "np.pad",
    label: "constant",
    values: [
      { args: [[1, 2, 3], 2], out: [0, 0, 1, 2, 3, 0, 0] }, // np.pad([1., 2, 3], 2)
      { args: [[[1, 2], [3, 4]], [[0, 1], [1, 0]]], out: [[0, 1, 2], [0, 3, 4], [0, 0, 0]] }, // ((0, 1), (1, 0))
      // np.pad(x, 1, constant_values=((10, 20), (30, 40))): corners take the last axis' values
      { args: [[[1, 2], [3, 4]], 1, { constantValues: [[10, 20], [30, 40]] }], out: [[30, 10, 10, 40], [30, 1, 2, 40], [30, 3, 4, 40], [30, 20, 20, 40]] },
      { args: [[1, 2], [1, 2], { constantValues: 9 }], out: [9, 1, 2, 9, 9] }, // constant_values=9
      { args: [[1, 2], [1, 2], "constant", { constantValues: [7, 8] }], out: [7, 1, 2, 8, 8] }, // constant_values=(7, 8)
      { args: [np.zeros([0, 2]), [[1, 1], [0, 0]]], out: [[0, 0], [0, 0]] }, // an empty axis pads with constants
      { args: [5, 3], out: 5 }, // np.pad(np.array(5.), 3): no axes
    ],
    errors: [
      { args: [[1, 2], -1], type: ArgumentError, match: /padWidth/ },
      { args: [[1, 2], [[1, 1], [1, 1], [1, 1]]], type: ArgumentError, match: /padWidth/ },
      { args: [[1, 2], 1, "mirror"], type: ArgumentError, match: /unknown mode/ },
      { args: [[1, 2], 1, { constantValue: 3 }], type: ArgumentError, match: /unknown option "constantValue"; valid options: mode, constantValues/ },
      { args: [[1, 2], 1, "edge", { constantValues: 3 }], type: ArgumentError, match: /valid options: constantValues|only applies/ },
      { args: [[1, 2], 1, { constantValues: [1, 2, 3] }], type: ShapeError, match: /constantValues/ },
    ],
    f: (x: Tensor, c: Tensor) => np.pad(x, [[1, 2], [0, 1]], { constantValues: c }),
    args: [f64([2, 3]), f64([])],
  },
  {
    name: "np.pad",
    label: "constant zeros",
    f: (x: Tensor) => np.pad(x, [[2, 0], [1, 3]]),
    args: [f64([2, 2])],
    large: [f64([3, 70])], // rows of 64 and more at an offset
  },
  {
    name: "np.pad",
    label: "edge",
    values: [
      { args: [[[1, 2], [3, 4]], [1, 2], "edge"], out: [[1, 1, 2, 2, 2], [1, 1, 2, 2, 2], [3, 3, 4, 4, 4], [3, 3, 4, 4, 4], [3, 3, 4, 4, 4]] }, // np.pad(x, (1, 2), 'edge')
      { args: [np.arange(3), 1, "edge"], out: [0, 0, 1, 2, 2], dtype: i32 },
    ],
    errors: [{ args: [np.zeros([0, 2]), 1, "edge"], type: ShapeError, match: /empty axis/ }],
    f: (x: Tensor) => np.pad(x, [[2, 1], [0, 3]], "edge"),
    args: [f64([2, 3])],
  },
  {
    name: "np.pad",
    label: "reflect",
    values: [
      { args: [[1, 2, 3], [7, 5], "reflect"], out: [2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2] }, // wider than the axis
      { args: [[[1, 2, 3], [4, 5, 6]], [[1, 1], [2, 2]], { mode: "reflect" }], out: [[6, 5, 4, 5, 6, 5, 4], [3, 2, 1, 2, 3, 2, 1], [6, 5, 4, 5, 6, 5, 4], [3, 2, 1, 2, 3, 2, 1]] },
      { args: [[5], 3, "reflect"], out: [5, 5, 5, 5, 5, 5, 5] }, // one element
    ],
    f: (x: Tensor) => np.pad(x, [[3, 1], [2, 5]], "reflect"),
    args: [f64([2, 3])],
  },
  {
    name: "np.pad",
    label: "symmetric",
    values: [
      { args: [[1, 2, 3], [7, 5], "symmetric"], out: [1, 1, 2, 3, 3, 2, 1, 1, 2, 3, 3, 2, 1, 1, 2] },
      { args: [[[1, 2, 3], [4, 5, 6]], [[2, 3], [1, 1]], "symmetric"], out: [[4, 4, 5, 6, 6], [1, 1, 2, 3, 3], [1, 1, 2, 3, 3], [4, 4, 5, 6, 6], [4, 4, 5, 6, 6], [1, 1, 2, 3, 3], [1, 1, 2, 3, 3]] },
    ],
    f: (x: Tensor) => np.pad(x, [[4, 0], [1, 2]], "symmetric"),
    args: [f64([2, 3])],
  },
  {
    name: "np.pad",
    label: "wrap",
    values: [
      { args: [[1, 2, 3], [4, 5], "wrap"], out: [3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2] },
      { args: [[[1, 2, 3], [4, 5, 6]], [[1, 0], [2, 4]], "wrap"], out: [[5, 6, 4, 5, 6, 4, 5, 6, 4], [2, 3, 1, 2, 3, 1, 2, 3, 1], [5, 6, 4, 5, 6, 4, 5, 6, 4]] },
    ],
    f: (x: Tensor) => np.pad(x, [[1, 3], [2, 2]], "wrap"),
    args: [f64([2, 3])],
  },
];
