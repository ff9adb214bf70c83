/**
 * Rows for the convolutions (lax.convGeneralDilated, conv,
 * convWithGeneralPadding, convTranspose, convDimensionNumbers) and
 * np.convolve / np.correlate. Convolution pins were computed once with
 * numpy from the definition (the input dilated with np.zeros and strided
 * assignment, padded with np.pad or cropped, windows by
 * numpy.lib.stride_tricks.sliding_window_view and contracted with np.einsum,
 * group by group) and pinned; transposed convolutions against numpy loops
 * that scatter each input element times the kernel; np.convolve and
 * np.correlate are numpy 2.4's own results. spec/api/conv.spec.ts checks
 * every parameter against a plain loop on random shapes.
 */
import { expect } from "vitest";
import { ArgumentError, DTypeError, grad, lax, np, ShapeError, type Tensor } from "../../../lib/index.ts";
import { f64, type Row } from "../harness.ts";

const int32 = "int32" as const;
const ar = (n: number, ...shape: number[]) => np.arange(n).reshape(shape).astype("float64");
/** (np.arange(n) % m - c) reshaped: small integer kernels. */
const mod = (n: number, m: number, c: number, ...shape: number[]) => np.array(Array.from({ length: n }, (_, i) => (i % m) - c)).reshape(shape);
const nhwc = { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] as const };

export const convRows: Row[] = [
  {
    name: "lax.convGeneralDilated",
    label: "NCHW, VALID",
    values: [
      // conv_ref(arange(32).reshape(1,2,4,4), arange(36).reshape(2,2,3,3) - 8, [1,1], VALID)
      { args: [ar(32, 1, 2, 4, 4), np.subtract(ar(36, 2, 2, 3, 3), 8), [1, 1], "VALID"], out: [[[[921, 930], [957, 966]], [[5133, 5466], [6465, 6798]]]] },
      // 3-D: conv_ref(arange(54).reshape(1,2,3,3,3), ones((1,2,2,2,2)))
      { args: [ar(54, 1, 2, 3, 3, 3), np.ones([1, 2, 2, 2, 2]), [1, 1, 1], "VALID"], out: [[[[[320, 336], [368, 384]], [[464, 480], [512, 528]]]]] },
      // integer operands give an integer result
      { args: [np.arange(4).reshape([1, 1, 4]), np.array([[[1, -1]]], { dtype: "int32" }), [1], "VALID"], out: [[[-1, -1, -1]]], dtype: int32 },
    ],
    errors: [
      { args: [np.zeros([1, 3, 5, 5]), np.zeros([2, 4, 3, 3]), [1, 1], "VALID"], type: ShapeError, match: /f64\[1,3,5,5\].*f64\[2,4,3,3\].*feature size 3/ },
      { args: [np.zeros([1, 1, 5]), np.zeros([1, 1, 3, 3]), [1], "VALID"], type: ShapeError, match: /same rank/ },
      { args: [np.zeros([1, 1, 5, 5]), np.zeros([1, 1, 3, 3]), [1], "VALID"], type: ArgumentError, match: /windowStrides must be 2 integers/ },
      { args: [np.zeros([1, 1, 5]), np.zeros([1, 1, 3]), [1], "SAME_UPPER"], type: ArgumentError, match: /padding must be/ },
      { args: [np.zeros([1, 1, 5]), np.zeros([1, 1, 3]), [1], "SAME", { lhsDilation: [2] }], type: ArgumentError, match: /named padding/ },
      { args: [np.zeros([1, 1, 5]), np.zeros([1, 1, 3]), [1], "VALID", { featureGroups: 2 }], type: ArgumentError, match: /unknown option "featureGroups"/ },
      { args: [np.zeros([1, 4, 5]), np.zeros([4, 2, 3]), [1], "VALID", { featureGroupCount: 2, batchGroupCount: 2 }], type: ArgumentError, match: /at most one/ },
      { args: [np.zeros([3, 2, 5]), np.zeros([4, 2, 3]), [1], "VALID", { batchGroupCount: 2 }], type: ShapeError, match: /divide the lhs batch size 3/ },
      { args: [np.zeros([1, 2, 5]), np.zeros([2, 2, 3]), [1], "VALID", { dimensionNumbers: ["NCW", "OIH", "NCW"] }], type: ArgumentError, match: /same spatial letters/ },
      { args: [np.zeros([1, 2, 5], { dtype: "bool" }), np.zeros([2, 2, 3], { dtype: "bool" }), [1], "VALID"], type: DTypeError, match: /bool/ },
    ],
    f: (x: Tensor, w: Tensor) => lax.convGeneralDilated(x, w, [1, 1], "VALID"),
    args: [f64([2, 2, 4, 3]), f64([3, 2, 2, 2])],
  },
  {
    name: "lax.convGeneralDilated",
    label: "NHWC/HWIO, SAME, strides",
    values: [
      {
        // conv_ref in NCHW of arange(50).reshape(1,5,5,2), kernel (arange(54) % 5 - 2).reshape(3,3,2,3), strides 2, SAME = ((1,1),(1,1))
        args: [ar(50, 1, 5, 5, 2), mod(54, 5, 2, 3, 3, 2, 3), [2, 2], "SAME", nhwc],
        out: [[[[-24, 28, 5], [-15, 14, 3], [-5, -30, 40]], [[-58, 45, 28], [-44, 37, -12], [20, -70, 45]], [[5, -58, 19], [-27, 52, -84], [100, 5, -70]]]],
      },
      // SAME puts the odd padding element high, SAME_LOWER low: [1,2,3,4] ⋆ [1, 10]
      { args: [[[[1, 2, 3, 4]]], [[[1, 10]]], [1], "SAME"], out: [[[21, 32, 43, 4]]] },
      { args: [[[[1, 2, 3, 4]]], [[[1, 10]]], [1], "SAME_LOWER"], out: [[[10, 21, 32, 43]]] },
    ],
    f: (x: Tensor, w: Tensor) => lax.convGeneralDilated(x, w, [2, 1], "SAME", nhwc),
    args: [f64([2, 5, 4, 2]), f64([3, 2, 2, 3])],
  },
  {
    name: "lax.convGeneralDilated",
    label: "feature and batch groups",
    values: [
      {
        // conv_ref(arange(20).reshape(1,4,5), (arange(24) % 3 - 1).reshape(6,2,2), feature_group_count=2)
        args: [ar(20, 1, 4, 5), mod(24, 3, 1, 6, 2, 2), [1], "VALID", { featureGroupCount: 2 }],
        out: [[[-1, -2, -3, -4], [-4, -4, -4, -4], [5, 6, 7, 8], [-11, -12, -13, -14], [-4, -4, -4, -4], [15, 16, 17, 18]]],
      },
      {
        // conv_ref(arange(40).reshape(4,2,5), (arange(24) % 4 - 1).reshape(4,2,3), batch_group_count=2)
        args: [ar(40, 4, 2, 5), mod(24, 4, 1, 4, 2, 3), [1], "VALID", { batchGroupCount: 2 }],
        out: [[[6, 7, 8], [20, 25, 30], [26, 27, 28], [120, 125, 130]], [[16, 17, 18], [70, 75, 80], [36, 37, 38], [170, 175, 180]]],
      },
    ],
    f: (x: Tensor, w: Tensor) => lax.convGeneralDilated(x, w, [1], [[1, 0]], { featureGroupCount: 2, dimensionNumbers: ["NWC", "WIO", "NWC"] }),
    args: [f64([2, 5, 4]), f64([2, 2, 6])],
  },
  {
    name: "lax.convGeneralDilated",
    label: "batch groups, dilations, negative padding",
    values: [
      // conv_ref([1,2,3,4,5], [1,2,-1], strides [2], padding [(2,1)], lhs_dilation [2], rhs_dilation [2])
      { args: [[[[1, 2, 3, 4, 5]]], [[[1, 2, -1]]], [2], [[2, 1]], { lhsDilation: [2], rhsDilation: [2] }], out: [[[0, 2, 4, 6]]] },
      // negative padding crops: [2,3,4] ⋆ [1,2,-1]
      { args: [[[[1, 2, 3, 4, 5]]], [[[1, 2, -1]]], [1], [[-1, -1]]], out: [[[4]]] },
    ],
    f: (x: Tensor, w: Tensor) => lax.convGeneralDilated(x, w, [2], [[2, -1]], { batchGroupCount: 2, lhsDilation: [2], rhsDilation: [2] }),
    args: [f64([4, 2, 5]), f64([4, 2, 2])],
  },
  {
    name: "lax.conv",
    values: [
      // conv_ref(ones((1,1,5,5)), ones((1,1,3,3)), [2,2], SAME): the corners see 4 elements, the edges 6
      { args: [np.ones([1, 1, 5, 5]), np.ones([1, 1, 3, 3]), [2, 2], "SAME"], out: [[[[4, 6, 4], [6, 9, 6], [4, 6, 4]]]] },
    ],
    errors: [{ args: [np.zeros([1, 2, 5, 5]), np.zeros([1, 1, 3, 3]), [1, 1], "VALID"], type: ShapeError, match: /feature size 2/ }],
    f: (x: Tensor, w: Tensor) => lax.conv(x, w, [1, 2], "SAME"),
    args: [f64([2, 1, 4, 5]), f64([2, 1, 3, 2])],
  },
  {
    name: "lax.convWithGeneralPadding",
    values: [
      // the input dilated by 2: [1, 0, 2, 0, 3] ⋆ [1, 1]
      { args: [[[[1, 2, 3]]], np.ones([1, 1, 2]), [1], [[0, 0]], [2], null], out: [[[1, 2, 2, 3]]] },
      // conv_ref(arange(12).reshape(1,1,3,4), [[1,-1],[2,0]], strides [1,2], padding ((1,0),(0,1)), rhs_dilation [2,1])
      { args: [ar(12, 1, 1, 3, 4), [[[[1, -1], [2, 0]]]], [1, 2], [[1, 0], [0, 1]], [1, 1], [2, 1]], out: [[[[8, 12], [15, 19]]]] },
    ],
    errors: [{ args: [np.zeros([1, 1, 5]), np.zeros([1, 1, 3]), [1], [[0, 0]], [0], null], type: ArgumentError, match: /lhsDilation/ }],
    f: (x: Tensor, w: Tensor) => lax.convWithGeneralPadding(x, w, [1], [[1, 2]], [2], [2]),
    args: [f64([2, 2, 4]), f64([3, 2, 2])],
  },
  {
    name: "lax.convTranspose",
    values: [
      // a 2× upsampling: each pixel becomes a 2×2 block (NHWC, HWIO)
      { args: [[[[[1], [2]], [[3], [4]]]], np.ones([2, 2, 1, 1]), [2, 2], "SAME"], out: [[[[1], [1], [2], [2]], [[1], [1], [2], [2]], [[3], [3], [4], [4]], [[3], [3], [4], [4]]]] },
      // numpy: out[2i + j] += x[i]·k[2 - j] (JAX does not flip the kernel), x = [1, 2, 3], k = [1, 10, 100]
      { args: [[[[1], [2], [3]]], [[[1]], [[10]], [[100]]], [2], "VALID"], out: [[[100], [10], [201], [20], [302], [30], [3]]] },
      // with transposeKernel, out[2i + j] += x[i]·k[j]: the gradient of the strided forward convolution
      { args: [[[[1], [2], [3]]], [[[1]], [[10]], [[100]]], [2], "VALID", { transposeKernel: true }], out: [[[1], [10], [102], [20], [203], [30], [300]]] },
    ],
    errors: [
      { args: [np.zeros([1, 3, 1]), np.zeros([3, 1, 1]), [2], "SAME_LOWER"], type: ArgumentError, match: /SAME_LOWER/ },
      { args: [np.zeros([1, 3, 1]), np.zeros([3, 1, 1]), [2], "VALID", { transposeKernel: 1 }], type: ArgumentError, match: /transposeKernel must be a boolean/ },
    ],
    f: (x: Tensor, w: Tensor) => lax.convTranspose(x, w, [2, 1], "SAME", { transposeKernel: true }),
    args: [f64([2, 3, 2, 2]), f64([3, 2, 3, 2])],
    check: () => {
      // convTranspose of g with the forward kernel and transposeKernel is the forward convolution's gradient in x
      // (Keras' sizes: SAME for inputs of a multiple of the stride, VALID where every input element is in a window)
      const w = np.cos(ar(3 * 3 * 2 * 4, 3, 3, 2, 4));
      for (const [padding, h, wd] of [["SAME", 8, 6], ["VALID", 7, 7]] as const) {
        const x = np.sin(ar(h * wd * 2, 1, h, wd, 2));
        const forward = (v: Tensor) => lax.convGeneralDilated(v, w, [2, 2], padding, nhwc);
        const y = forward(x);
        const g = np.tanh(np.arange(y.size).reshape(y.shape).astype("float64"));
        const dx = grad((v: Tensor) => np.sum(np.multiply(forward(v), g)))(x);
        expect(lax.convTranspose(g, w, [2, 2], padding, { transposeKernel: true })).toBeAllclose(dx, { rtol: 1e-13, atol: 1e-13 });
      }
    },
  },
  {
    name: "lax.convDimensionNumbers",
    values: [
      { args: [[8, 28, 28, 1], [3, 3, 1, 32], ["NHWC", "HWIO", "NHWC"]], out: { lhsSpec: [0, 3, 1, 2], rhsSpec: [3, 2, 0, 1], outSpec: [0, 3, 1, 2] } },
      { args: [[1, 2, 3, 4], [1, 2, 3, 4], null], out: { lhsSpec: [0, 1, 2, 3], rhsSpec: [0, 1, 2, 3], outSpec: [0, 1, 2, 3] } },
      // spatial axes follow the rhs spec's letter order (JAX's conv_general_permutations)
      { args: [[1, 2, 3, 4], [1, 2, 3, 4], ["NCHW", "OIWH", "NHWC"]], out: { lhsSpec: [0, 1, 3, 2], rhsSpec: [0, 1, 2, 3], outSpec: [0, 3, 2, 1] } },
    ],
    errors: [
      { args: [[1, 2, 3], [1, 2, 3], ["NCW", "OIW", "NCWW"]], type: ArgumentError, match: /3 letters/ },
      { args: [[1, 2, 3], [1, 2, 3], ["NCN", "OIW", "NCW"]], type: ArgumentError, match: /'N' and 'C' exactly once/ },
      { args: [[1, 2, 3], [1, 2, 3], "NCW"], type: ArgumentError, match: /three strings/ },
    ],
  },
  {
    name: "np.convolve",
    values: [
      { args: [[1, 2, 3], [0, 1, 0.5]], out: [0, 1, 2.5, 4, 1.5] }, // np.convolve([1, 2, 3], [0, 1, 0.5])
      { args: [[1, 2, 3], [0, 1, 0.5], "same"], out: [1, 2.5, 4] },
      { args: [[1, 2, 3], [0, 1, 0.5], "valid"], out: [2.5] },
      { args: [[2, -1], [1, 2, 3, 4, 5], "full"], out: [2, 3, 4, 5, 6, -5] }, // np.convolve([2., -1], [1., 2, 3, 4, 5])
      { args: [[2, -1], [1, 2, 3, 4, 5], "same"], out: [2, 3, 4, 5, 6] },
      { args: [[2, -1], [1, 2, 3, 4, 5], "valid"], out: [3, 4, 5, 6] },
      { args: [np.array([1, 2, 3], { dtype: "int32" }), np.array([4, 5], { dtype: "int32" })], out: [4, 13, 22, 15], dtype: int32 },
    ],
    errors: [
      { args: [np.zeros([2, 2]), [1, 2]], type: ShapeError, match: /1-D/ },
      { args: [[1, 2], np.zeros([0])], type: ShapeError, match: /empty/ },
      { args: [[1, 2], [1], "half"], type: ArgumentError, match: /mode/ },
    ],
    f: (a: Tensor, v: Tensor) => np.convolve(a, v, "same"),
    args: [f64([6]), f64([3])],
  },
  {
    name: "np.correlate",
    values: [
      { args: [[1, 2, 3], [0, 1, 0.5]], out: [3.5] }, // np.correlate([1, 2, 3], [0, 1, 0.5]): numpy's default mode is valid
      { args: [[1, 2, 3], [0, 1, 0.5], "full"], out: [0.5, 2, 3.5, 3, 0] },
      { args: [[1, 2, 3], [0, 1, 0.5], "same"], out: [2, 3.5, 3] },
      { args: [[2, -1], [1, 2, 3, 4, 5], "full"], out: [10, 3, 2, 1, 0, -1] }, // np.correlate([2., -1], [1., 2, 3, 4, 5], "full")
      { args: [[2, -1], [1, 2, 3, 4, 5], "same"], out: [3, 2, 1, 0, -1] },
      { args: [[2, -1], [1, 2, 3, 4, 5], "valid"], out: [3, 2, 1, 0] },
      { args: [[1, 2, 3, 4, 5], [2, -1], "full"], out: [-1, 0, 1, 2, 3, 10] },
      { args: [np.array([1, 2, 3, 4], { dtype: "int32" }), np.array([1, -1], { dtype: "int32" }), "full"], out: [-1, -1, -1, -1, 4], dtype: int32 },
    ],
    errors: [{ args: [[true, false], [true]], type: DTypeError, match: /bool/ }],
    f: (a: Tensor, v: Tensor) => np.correlate(a, v, "full"),
    args: [f64([3]), f64([5])],
  },
];
