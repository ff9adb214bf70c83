/**
 * Rows for lax.reduceWindow and the pooling helpers nn.maxPool and
 * nn.avgPool. Pins were computed once with numpy (windows by
 * numpy.lib.stride_tricks.sliding_window_view over np.pad-ded arrays,
 * padding with the reduction's identity, base dilation by strided
 * assignment into an array of -inf) and pinned.
 */
import { expect } from "vitest";
import { ArgumentError, DTypeError, grad, lax, nn, np, ShapeError, type Tensor } from "../../../lib/index.ts";
import fc from "fast-check";
import { custom, f64, type ArgSpec, type Row } from "../harness.ts";

/**
 * Float64 tensors of distinct values at least 0.3 apart (a random order of
 * -n/4 … n/4 plus jitter): each window's maximum is unique, so max and min
 * pooling are differentiable there (a tie is a kink).
 */
function distinct(shape: number[]): ArgSpec {
  const n = shape.reduce((a, b) => a * b, 1);
  const arb = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }).map((keys) => {
    const order = keys.map((k, i) => [k, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const data = new Array<number>(n);
    order.forEach(([k, i], rank) => (data[i] = 0.5 * (rank - n / 2) + 0.2 * k));
    return np.array(data).reshape(shape);
  });
  return custom(shape, "float64", arb);
}

const ar = (n: number, ...shape: number[]) => np.arange(n).reshape(shape).astype("float64");
const x8 = [3, 1, 4, 1, 5, 9, 2, 6];

export const windowRows: Row[] = [
  {
    name: "lax.reduceWindow",
    label: "sum",
    values: [
      { args: [[1, 2, 3, 4, 5], 0, "add", [2], [1], "VALID"], out: [3, 5, 7, 9] },
      { args: [x8, 0, np.add, [3], [2], "VALID"], out: [8, 10, 16] }, // swv(x, 3)[::2].sum(-1)
      // 2-D, window (2, 3), strides (1, 2), padding ((0, 1), (1, 1)) of arange(12).reshape(3, 4)
      { args: [ar(12, 3, 4), 0, "add", [2, 3], [1, 2], [[0, 1], [1, 1]]], out: [[10, 24], [26, 48], [17, 30]] },
      { args: [np.arange(4), 0, "add", [2], [2], "VALID"], out: [1, 5], dtype: "int32" },
    ],
    errors: [
      { args: [[1, 2, 3], 1, "add", [2], [1], "VALID"], type: ArgumentError, match: /initValue 0/ },
      { args: [[1, 2, 3], 0, "mul", [2], [1], "VALID"], type: ArgumentError, match: /computation/ },
      { args: [[1, 2, 3], 0, "add", [2, 2], [1], "VALID"], type: ArgumentError, match: /windowDimensions must be 1 integer/ },
      { args: [[true, false], 0, "add", [2], [1], "VALID"], type: DTypeError, match: /bool/ },
    ],
    f: (x: Tensor) => lax.reduceWindow(x, 0, "add", [2, 1, 3], [1, 1, 2], "SAME", [1, 2, 1], [2, 1, 1]),
    args: [f64([3, 2, 5])],
  },
  {
    name: "lax.reduceWindow",
    label: "max and min",
    values: [
      // 2×2 max pooling of a [1, 4, 4, 1] image
      { args: [ar(16, 1, 4, 4, 1), -Infinity, np.maximum, [1, 2, 2, 1], [1, 2, 2, 1], "VALID"], out: [[[[5], [7]], [[13], [15]]]] },
      { args: [x8, Infinity, "min", [3], [1], "SAME"], out: [1, 1, 1, 1, 1, 2, 2, 2] }, // swv(np.pad(x, 1, constant_values=inf), 3).min(-1)
      // base dilation 2: holes between elements (numpy: x placed at [::2] of a -inf array)
      { args: [x8, -Infinity, "max", [2], [1], "VALID", [2], [1]], out: [3, 1, 1, 4, 4, 1, 1, 5, 5, 9, 9, 2, 2, 6] },
      { args: [x8, -Infinity, "max", [2], [1], "VALID", null, [2]], out: [4, 1, 5, 9, 5, 9] }, // window dilation 2: max(x[i], x[i + 2])
      // an init value joins every window: max(window, 4)
      { args: [x8, 4, "max", [2], [2], "VALID"], out: [4, 4, 9, 6] },
      { args: [np.array(x8, { dtype: "int32" }), -Infinity, "max", [3], [3], "VALID"], out: [4, 9], dtype: "int32" },
    ],
    f: (x: Tensor) => lax.reduceWindow(x, -Infinity, "max", [1, 2, 2], [1, 2, 1], "VALID"),
    args: [distinct([2, 5, 4])],
    check: () => {
      // the gradient of max pooling goes to the first maximum of each window (XLA's select): [3, 3] -> [1, 0]
      const g = grad((x: Tensor) => np.sum(lax.reduceWindow(x, -Infinity, "max", [2], [2], "VALID")))(np.array([3, 3, 1, 2]));
      expect(g.toArray()).toEqual([1, 0, 0, 1]);
    },
  },
  {
    name: "lax.reduceWindow",
    label: "min with padding and dilation",
    f: (x: Tensor) => lax.reduceWindow(x, Infinity, np.minimum, [2, 2], [1, 1], [[1, 0], [0, 1]], [1, 1], [2, 1]),
    args: [distinct([4, 3])],
  },
  {
    name: "nn.maxPool",
    values: [
      { args: [ar(16, 1, 4, 4, 1), [2, 2], [2, 2]], out: [[[[5], [7]], [[13], [15]]]] }, // x.reshape(1,2,2,2,2,1).max(axis=(2,4))
      // no batch axis: [width 5, 2 features], window 2, stride 1 (swv(x, 2, axis=0).max(-1))
      { args: [[[3, 1], [4, 1], [5, 9], [2, 6], [5, 3]], [2]], out: [[4, 1], [5, 9], [5, 9], [5, 6]] },
    ],
    errors: [
      { args: [np.zeros([4, 4]), [2, 2]], type: ShapeError, match: /at least 3 axes/ },
      { args: [np.zeros([1, 4, 4, 1]), [2, 2], [2]], type: ArgumentError, match: /strides must be 2 integers/ },
      { args: [np.zeros([1, 4, 4, 1]), [2, 2], null, [[1, 1]]], type: ShapeError, match: /2 \(low, high\) pairs/ },
    ],
    f: (x: Tensor) => nn.maxPool(x, [2, 2], [2, 1], "SAME"),
    args: [distinct([2, 4, 3, 2])],
  },
  {
    name: "nn.avgPool",
    values: [
      { args: [ar(16, 1, 4, 4, 1), [2, 2], [2, 2]], out: [[[[2.5], [4.5]], [[10.5], [12.5]]]] }, // x.reshape(1,2,2,2,2,1).mean(axis=(2,4))
      // SAME, window 3, stride 2 over [1, 2, 3, 4, 5]: padding counted as zeros (flax's default), or not
      { args: [[[[1], [2], [3], [4], [5]]], [3], [2], "SAME"], out: [[[1], [3], [3]]] },
      { args: [[[[1], [2], [3], [4], [5]]], [3], [2], "SAME", false], out: [[[1.5], [3], [4.5]]] },
    ],
    errors: [{ args: [np.zeros([1, 4, 1]), [2], null, "VALID", "no"], type: ArgumentError, match: /countIncludePad must be a boolean/ }],
    f: (x: Tensor) => nn.avgPool(x, [2, 2], [1, 2], "SAME", false),
    args: [f64([2, 3, 4, 2])],
  },
];
