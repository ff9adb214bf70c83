/**
 * Rows for issue 9's group 4, indexing functions: take and takeAlongAxis
 * (x.slice and x.at are methods; spec/api/indexing.spec.ts covers them
 * against numpy). Expected values were computed once with numpy 2.4.6 (the
 * call next to each pin); numpy's int64 is int32 here. Concrete indices out
 * of bounds are numpy's errors; a `mode` gives JAX's behaviour instead.
 */
import { ArgumentError, np, ShapeError, type Tensor } from "../../../lib/index.ts";
import { f64, i32, type Row } from "../harness.ts";
import { distinctF64 } from "./distinct.ts";

const int32 = "int32" as const;
const x23 = () => np.arange(6).reshape(2, 3);
const a23 = () => np.array([[10, 30, 20], [60, 40, 50]], { dtype: "int32" });

export const indexingRows: Row[] = [
  {
    name: "np.take",
    values: [
      { args: [x23(), [4, 0, -1]], out: [4, 0, 5], dtype: int32 }, // np.take(x23, [4, 0, -1])
      { args: [x23(), [[2, 0]], 1], out: [[[2, 0]], [[5, 3]]], dtype: int32 }, // np.take(x23, [[2, 0]], 1)
      { args: [[1, 2, 3], [5, -1], null, { mode: "clip" }], out: [3, 1] }, // np.take([1., 2, 3], [5, -1], mode="clip")
      { args: [[1, 2, 3], [5, -4], null, { mode: "wrap" }], out: [3, 3] }, // np.take(..., mode="wrap")
      { args: [[1, 2, 3], [1, 7], null, { mode: "fill", fillValue: -1 }], out: [2, -1] }, // jnp.take(..., mode="fill", fill_value=-1)
      { args: [[1, 2, 3], [7], null, { mode: "fill" }], out: [NaN] }, // JAX's default fill: NaN
    ],
    errors: [
      { args: [x23(), [6]], type: ArgumentError, match: /out of bounds/ },
      { args: [x23(), [0.5]], type: ArgumentError, match: /integers/ },
      { args: [x23(), [0], 0, { mode: "raise" }], type: ArgumentError, match: /mode/ },
    ],
    f: (x: Tensor, i: Tensor) => np.take(x, i, 1),
    args: [f64([3, 4]), i32([2, 2], -4, 3)],
  },
  {
    name: "np.take",
    label: "indices out of bounds with modes clip and fill",
    f: (x: Tensor, i: Tensor) => np.add(np.take(x, i, 0, { mode: "clip" }), np.take(x, i, 0, { mode: "fill", fillValue: 0.5 })),
    args: [f64([4, 2]), i32([3], -6, 6)],
  },
  {
    name: "np.takeAlongAxis",
    values: [
      { args: [a23(), [[2, 0], [1, 1]], 1], out: [[20, 10], [40, 40]], dtype: int32 }, // np.take_along_axis(a, [[2,0],[1,1]], 1)
      { args: [a23(), [[1, 0, 1]], 0], out: [[60, 30, 50]], dtype: int32 }, // axis 0
      { args: [[5, 6, 7], [2, 0], null], out: [7, 5] }, // axis None
      { args: [a23(), [[0], [2]], 1], out: [[10], [50]], dtype: int32 }, // indices broadcast on the other axes
      { args: [a23(), [[-1, 3]], 1, { mode: "fill", fillValue: 0 }], out: [[20, 0], [50, 0]], dtype: int32 }, // jnp: mode="fill"
    ],
    errors: [
      { args: [a23(), [0, 1], 1], type: ShapeError, match: /same number of dimensions/ },
      { args: [a23(), [[3]], 1], type: ArgumentError, match: /out of bounds/ },
      { args: [a23(), [[0, 1]], null], type: ShapeError, match: /1-D/ },
    ],
    f: (x: Tensor, i: Tensor) => np.takeAlongAxis(x, i, 1),
    args: [f64([3, 4]), i32([3, 5], -4, 3)],
  },
  {
    name: "np.takeAlongAxis",
    label: "with argsort, axis 0",
    f: (x: Tensor) => np.takeAlongAxis(x, np.argsort(x, 0), 0),
    args: [distinctF64([4, 3])],
  },
];
