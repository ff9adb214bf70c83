/**
 * Rows for the shape functions that predate the harness (transpose,
 * swapaxes, reshape, ravel, broadcastTo, expandDims, squeeze, concatenate,
 * stack) and for dot and matmul. Expected values were computed once with
 * numpy 2.4.6 (the call is next to each pin) and pinned.
 */
import { ArgumentError, np, ShapeError, type Tensor } from "../../../lib/index.ts";
import { f64, type Row } from "../harness.ts";

const int32 = "int32" as const;
const x123 = () => np.arange(6).reshape(1, 2, 3);
const r = (n: number, ...shape: number[]) => np.arange(n).reshape(shape).astype("float64");

export const shapeRows: Row[] = [
  {
    name: "np.transpose",
    values: [
      { args: [x123()], out: [[[0], [3]], [[1], [4]], [[2], [5]]], dtype: int32 }, // np.transpose(x123)
      { args: [x123(), [1, 0, 2]], out: [[[0, 1, 2]], [[3, 4, 5]]], dtype: int32 },
      { args: [x123(), [-1, 0, 1]], out: [[[0, 3]], [[1, 4]], [[2, 5]]], dtype: int32 },
    ],
    errors: [{ args: [x123(), [0, 3, 1]], type: ArgumentError, match: /out of bounds/ }],
    f: (x: Tensor) => np.transpose(x, [2, 0, 1]),
    args: [f64([2, 3, 4])],
  },
  {
    name: "np.swapaxes",
    values: [{ args: [x123(), 0, 2], out: [[[0], [3]], [[1], [4]], [[2], [5]]], dtype: int32 }], // np.swapaxes(x123, 0, 2)
    errors: [{ args: [x123(), 0, 3], type: ArgumentError, match: /out of bounds/ }],
    f: (x: Tensor) => np.swapaxes(x, -1, 0),
    args: [f64([2, 3, 4])],
  },
  {
    name: "np.reshape",
    values: [
      { args: [np.arange(6), [3, -1]], out: [[0, 1], [2, 3], [4, 5]], dtype: int32 }, // np.reshape(np.arange(6), (3, -1))
      { args: [np.arange(6), -1], out: [0, 1, 2, 3, 4, 5], dtype: int32 },
      { args: [np.zeros([0, 3]), [3, 0]], out: np.zeros([3, 0]) },
    ],
    errors: [
      { args: [np.arange(6), [4, -1]], type: ShapeError, match: /do not divide/ },
      { args: [np.arange(6), [4, 2]], type: ShapeError, match: /must match/ },
    ],
    f: (x: Tensor) => np.reshape(x, [3, -1, 2]),
    args: [f64([2, 6])],
  },
  {
    name: "np.ravel",
    values: [{ args: [np.arange(6).reshape(2, 3)], out: [0, 1, 2, 3, 4, 5], dtype: int32 }], // np.ravel(x23)
    args: [f64([2, 3])],
  },
  {
    name: "np.broadcastTo",
    values: [
      { args: [[1, 2], [3, 2]], out: [[1, 2], [1, 2], [1, 2]] }, // np.broadcast_to([1., 2], (3, 2))
      { args: [5, [2]], out: [5, 5] },
    ],
    errors: [{ args: [[1, 2], [3]], type: ShapeError, match: /cannot broadcast/ }],
    f: (x: Tensor) => np.broadcastTo(x, [2, 3, 4]),
    args: [f64([3, 1])],
  },
  {
    name: "np.expandDims",
    values: [
      { args: [[1, 2], 0], out: [[1, 2]] }, // np.expand_dims([1., 2], 0)
      { args: [[1, 2], [0, 2]], out: [[[1], [2]]] }, // axes (0, 2)
      { args: [[1, 2], -1], out: [[1], [2]] },
    ],
    errors: [{ args: [[1, 2], [0, 0]], type: ArgumentError, match: /repeated/ }],
    f: (x: Tensor) => np.expandDims(x, [0, -1]),
    args: [f64([2, 3])],
  },
  {
    name: "np.squeeze",
    values: [
      { args: [r(3, 1, 3, 1)], out: [0, 1, 2] }, // np.squeeze(x131)
      { args: [r(3, 1, 3, 1), 2], out: [[0, 1, 2]] }, // axis=2
    ],
    errors: [{ args: [r(3, 1, 3, 1), 1], type: ShapeError, match: /not 1/ }],
    f: (x: Tensor) => np.squeeze(x, 1),
    args: [f64([2, 1, 3])],
  },
  {
    name: "np.concatenate",
    values: [
      { args: [[[[1, 2]], [[3, 4]]]], out: [[1, 2], [3, 4]] }, // np.concatenate([[[1., 2]], [[3., 4]]])
      { args: [[[[1, 2]], [[3]]], 1], out: [[1, 2, 3]] }, // axis=1
      { args: [[np.arange(2), [0.5]]], out: [0, 1, 0.5] }, // int32 with float64 promotes
    ],
    errors: [{ args: [[]], type: ArgumentError, match: /non-empty/ }],
    f: (a: Tensor, b: Tensor) => np.concatenate([a, b], 1),
    args: [f64([2, 1]), f64([2, 3])],
    large: [f64([3, 64]), f64([3, 65])], // runs of 64 and more: block copies
  },
  {
    name: "np.stack",
    values: [
      { args: [[[1, 2], [3, 4]]], out: [[1, 2], [3, 4]] }, // np.stack([[1., 2], [3., 4]])
      { args: [[[1, 2], [3, 4]], 1], out: [[1, 3], [2, 4]] },
      { args: [[[1, 2], [3, 4]], -1], out: [[1, 3], [2, 4]] },
    ],
    errors: [{ args: [[np.zeros([2]), np.zeros([3])]], type: ShapeError, match: /one shape/ }],
    f: (a: Tensor, b: Tensor) => np.stack([a, b], 1),
    args: [f64([2, 3]), f64([2, 3])],
  },
  {
    name: "np.dot",
    values: [
      { args: [[1, 2, 3], [4, 5, 6]], out: 32 }, // np.dot([1., 2, 3], [4., 5, 6])
      { args: [r(6, 2, 3), [1, 0, -1]], out: [-2, -2] },
      { args: [r(6, 2, 3), r(6, 3, 2)], out: [[10, 13], [28, 40]] },
      { args: [r(12, 2, 2, 3), r(6, 3, 2)], out: [[[10, 13], [28, 40]], [[46, 67], [64, 94]]] }, // last axis with second-to-last
      { args: [2, [1, 2]], out: [2, 4] },
    ],
    errors: [{ args: [np.ones([3, 3]), np.ones([2, 2])], type: ShapeError, match: /inner dimensions 3 and 2/ }],
    args: [f64([2, 3]), f64([3, 4])],
    large: [f64([5, 9]), f64([9, 70])], // the JavaScript matmul past its 64-column block
  },
  {
    name: "np.matmul",
    values: [
      { args: [r(6, 2, 3), r(6, 3, 2)], out: [[10, 13], [28, 40]] }, // np.matmul(x23, x32)
      { args: [r(12, 2, 2, 3), r(6, 3, 2)], out: [[[10, 13], [28, 40]], [[46, 67], [64, 94]]] },
      { args: [[1, 2, 3], r(6, 3, 2)], out: [16, 22] }, // a 1-D first operand is a row
      { args: [r(6, 2, 3), [1, 2, 3]], out: [8, 26] },
      { args: [r(6, 1, 2, 3), r(12, 2, 3, 2)], out: [[[10, 13], [28, 40]], [[28, 31], [100, 112]]] }, // batch axes broadcast
      { args: [np.arange(3), np.arange(3)], out: 5, dtype: int32 },
    ],
    errors: [
      { args: [2, [1]], type: ShapeError, match: /at least 1-D/ },
      { args: [np.ones([2, 2, 3]), np.ones([3, 3, 2])], type: ShapeError, match: /batch/ },
    ],
    args: [f64([2, 1, 3]), f64([2, 3, 2])],
    large: [f64([2, 4, 40]), f64([2, 40, 70])], // JavaScript (4·40·70 multiply-adds): 4-row blocks, 32-wide transpose tiles, 64-column blocks
  },
];
