/**
 * Convolutions in `lax`, with JAX's signatures and semantics:
 * `convGeneralDilated` (any number of spatial axes, strides, named or
 * explicit padding, lhs and rhs dilation, dimension numbers, feature and
 * batch groups), its wrappers `conv` and `convWithGeneralPadding`, and
 * `convTranspose`. All bind the one primitive `conv_general_dilated`, so
 * grad, jvp, vmap and jit apply (the transposes are convolutions again).
 *
 * A convolution here is a cross-correlation, as in XLA and every deep
 * learning library: out[n, o, y] = Σ_i Σ_k lhs[n, i, y·s + k·r - lo] · rhs[o, i, k].
 *
 * @example
 * import { lax, np } from "tracegrad";
 * const x = np.ones([1, 1, 4, 4]);                   // N C H W
 * const w = np.ones([2, 1, 3, 3]);                   // O I H W
 * lax.convGeneralDilated(x, w, [1, 1], "VALID").shape; // [1, 2, 2, 2], every element 9
 */
import { ArgumentError, DTypeError, TracegradError } from "../core/errors.ts";
import * as ops from "../core/ops.ts";
import { avalText } from "../core/primitives/check.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";
import { convOutputShape } from "../kernels/conv.ts";
import { dilated, dimensionNumbersOf, intsOrThrow, paddingOrThrow, specsOf, type ConvDimensionNumbers, type DimensionNumbers, type Padding } from "./convArgs.ts";
import { intOrThrow, optionsOrThrow } from "../core/convert.ts";
import { booleanArg } from "./options.ts";
import { operands } from "./promote.ts";

export type { ConvDimensionNumbers, DimensionNumbers, Padding } from "./convArgs.ts";
export { convDimensionNumbers } from "./convArgs.ts";

/** The options of `convGeneralDilated` (JAX's keyword arguments). */
export interface ConvGeneralDilatedOptions {
  /** Dilation of the input (holes between its elements: a transposed, fractionally strided convolution); default all 1. */
  readonly lhsDilation?: readonly number[] | null;
  /** Dilation of the kernel (holes between its elements: an atrous convolution); default all 1. */
  readonly rhsDilation?: readonly number[] | null;
  /** Where batch, feature and spatial axes are: strings such as `["NHWC", "HWIO", "NHWC"]`; default `NC…`, `OI…`, `NC…`. */
  readonly dimensionNumbers?: DimensionNumbers;
  /** Input features split into this many groups, each convolved with its share of the kernel (grouped and depthwise convolutions); default 1. */
  readonly featureGroupCount?: number;
  /** The batch split into this many groups, each convolved with its share of the output features (used by the kernel's gradient); default 1. */
  readonly batchGroupCount?: number;
}

const CONV_OPTIONS: (keyof ConvGeneralDilatedOptions)[] = ["lhsDilation", "rhsDilation", "dimensionNumbers", "featureGroupCount", "batchGroupCount"];

/** The layout strings of dimension numbers, for messages. */
function layoutText(dnums: unknown): string {
  return Array.isArray(dnums) ? ` (${dnums.join(", ")})` : "";
}

/** The convolution with checked arguments, errors naming `op`. */
function convImpl(op: string, lhsIn: ArrayLike, rhsIn: ArrayLike, windowStrides: unknown, padding: unknown, options: ConvGeneralDilatedOptions): Tensor {
  const [lhs, rhs] = operands(op, lhsIn, rhsIn);
  if (lhs.dtype === "bool") throw new DTypeError(`${op}: bool operands ${avalText(lhs)}, ${avalText(rhs)} are not supported; convert them to a numeric dtype.`);
  const dnums: ConvDimensionNumbers = dimensionNumbersOf(op, lhs.shape, rhs.shape, options.dimensionNumbers);
  const spatial = lhs.ndim - 2;
  const strides = intsOrThrow(op, "windowStrides", windowStrides, spatial, 1);
  const lhsDilation = intsOrThrow(op, "lhsDilation", options.lhsDilation, spatial, 1, 1);
  const rhsDilation = intsOrThrow(op, "rhsDilation", options.rhsDilation, spatial, 1, 1);
  const featureGroupCount = intOrThrow(op, "featureGroupCount", options.featureGroupCount ?? 1, 1);
  const batchGroupCount = intOrThrow(op, "batchGroupCount", options.batchGroupCount ?? 1, 1);
  const lhsSizes = dnums.lhsSpec.slice(2).map((a) => lhs.shape[a]);
  const windowSizes = dnums.rhsSpec.slice(2).map((a) => rhs.shape[a]);
  if (typeof padding === "string" && lhsDilation.some((d) => d !== 1)) {
    throw new ArgumentError(`${op}: named padding ${JSON.stringify(padding)} is not defined with lhsDilation (${lhsDilation.join(", ")}); give explicit (low, high) pairs or use lax.convTranspose.`);
  }
  const pads = paddingOrThrow(op, padding, lhsSizes, windowSizes.map((k, d) => dilated(k, rhsDilation[d])), strides);
  const params = { windowStrides: strides, padding: pads, lhsDilation, rhsDilation, dimensionNumbers: specsOf(dnums), featureGroupCount, batchGroupCount };
  try {
    convOutputShape(dnums.lhsSpec.map((a) => lhs.shape[a]), dnums.rhsSpec.map((a) => rhs.shape[a]), params);
  } catch (error) {
    if (!(error instanceof TracegradError)) throw error;
    // the kernel's check, restated with the operands as the caller laid them out
    const reason = error.message.replace(/^conv_general_dilated: (lhs \[[^\]]*\], rhs \[[^\]]*\]: )?/, "");
    const Kind = error.constructor as new (message: string) => TracegradError;
    throw new Kind(`${op}: lhs ${avalText(lhs)} and rhs ${avalText(rhs)}${layoutText(options.dimensionNumbers)}: ${reason}`);
  }
  return ops.convGeneralDilated(lhs, rhs, params);
}

/**
 * General n-dimensional convolution (XLA's ConvGeneralDilated, JAX's
 * `lax.conv_general_dilated`). `lhs` holds the images, `rhs` the kernel;
 * by default lhs is [N, C, spatial...] and rhs [O, I, spatial...] (NCHW and
 * OIHW in 2-D), and the result is [N, O, spatial...]; `dimensionNumbers`
 * names any other layout, e.g. `["NHWC", "HWIO", "NHWC"]`.
 * `windowStrides` has one stride per spatial axis (in the order of the rhs
 * spec's spatial letters); `padding` is `"VALID"` (none), `"SAME"` (output
 * size ceil(L / stride), the odd extra element padded high), `"SAME_LOWER"`
 * (the extra one low), or explicit (low, high) pairs, which may be negative
 * (cropping). Operands are promoted to a common dtype; integer operands give
 * integer results.
 *
 * @example
 * // 32 filters of 3×3 over a batch of 28×28 grey images, TensorFlow's layout
 * const x = np.zeros([64, 28, 28, 1]);
 * const w = np.zeros([3, 3, 1, 32]);
 * lax.convGeneralDilated(x, w, [1, 1], "SAME", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] }).shape; // [64, 28, 28, 32]
 * // a strided, dilated 1-D convolution with explicit padding
 * lax.convGeneralDilated(np.ones([1, 1, 8]), np.ones([1, 1, 2]), [2], [[1, 0]], { rhsDilation: [3] }).shape; // [1, 1, 3]
 */
export function convGeneralDilated(lhs: ArrayLike, rhs: ArrayLike, windowStrides: readonly number[], padding: Padding, options?: ConvGeneralDilatedOptions): Tensor {
  const op = "convGeneralDilated";
  return convImpl(op, lhs, rhs, windowStrides, padding, optionsOrThrow<ConvGeneralDilatedOptions>(op, options, CONV_OPTIONS));
}

/**
 * JAX's `lax.conv`: `convGeneralDilated` in the canonical layouts (lhs
 * [N, C, spatial...], rhs [O, I, spatial...]) without dilation or groups.
 *
 * @example
 * lax.conv(np.ones([1, 1, 5, 5]), np.ones([1, 1, 3, 3]), [2, 2], "SAME").toArray(); // [[[[4, 6, 4], [6, 9, 6], [4, 6, 4]]]]
 */
export function conv(lhs: ArrayLike, rhs: ArrayLike, windowStrides: readonly number[], padding: Padding): Tensor {
  return convImpl("conv", lhs, rhs, windowStrides, padding, {});
}

/**
 * JAX's `lax.conv_with_general_padding`: `convGeneralDilated` in the
 * canonical layouts with lhs and rhs dilation (null: none).
 *
 * @example
 * // the input dilated by 2 (a hole between neighbours): [1, 0, 2, 0, 3] ⋆ [1, 1]
 * lax.convWithGeneralPadding(np.array([[[1, 2, 3]]]), np.ones([1, 1, 2]), [1], [[0, 0]], [2], null).toArray(); // [[[1, 2, 2, 3]]]
 */
export function convWithGeneralPadding(
  lhs: ArrayLike,
  rhs: ArrayLike,
  windowStrides: readonly number[],
  padding: Padding,
  lhsDilation?: readonly number[] | null,
  rhsDilation?: readonly number[] | null,
): Tensor {
  return convImpl("convWithGeneralPadding", lhs, rhs, windowStrides, padding, { lhsDilation, rhsDilation });
}

/** The options of `convTranspose` (JAX's keyword arguments). */
export interface ConvTransposeOptions {
  /** Dilation of the kernel; default all 1. */
  readonly rhsDilation?: readonly number[] | null;
  /** Layouts; default TensorFlow's by rank: `["NHC", "HIO", "NHC"]`, `["NHWC", "HWIO", "NHWC"]`, `["NHWDC", "HWDIO", "NHWDC"]`. */
  readonly dimensionNumbers?: DimensionNumbers;
  /** Flip the kernel's spatial axes and swap its I and O axes (Keras' Conv2DTranspose, the gradient of a forward convolution); default false. */
  readonly transposeKernel?: boolean;
  /** Read explicit pairs as the forward convolution's padding, as PyTorch and named padding do; default false (JAX's default: pairs pad the transposed convolution's dilated input). */
  readonly useConsistentPadding?: boolean;
}

const TRANSPOSE_OPTIONS: (keyof ConvTransposeOptions)[] = ["rhsDilation", "dimensionNumbers", "transposeKernel", "useConsistentPadding"];

/** JAX's `_conv_transpose_padding`: the (low, high) padding of the dilated input for one spatial axis. */
function transposePadding(kernel: number, stride: number, padding: "SAME" | "VALID" | readonly [number, number]): [number, number] {
  let low: number;
  let total: number;
  if (padding === "SAME") {
    total = kernel + stride - 2;
    low = stride > kernel - 1 ? kernel - 1 : Math.ceil(total / 2);
  } else if (padding === "VALID") {
    total = kernel + stride - 2 + Math.max(kernel - stride, 0);
    low = kernel - 1;
  } else {
    low = kernel - padding[0] - 1;
    total = low + kernel - padding[1] - 1;
  }
  return [low, total - low];
}

const DEFAULT_TRANSPOSE_LAYOUTS: Record<number, [string, string, string]> = {
  2: ["NC", "IO", "NC"],
  3: ["NHC", "HIO", "NHC"],
  4: ["NHWC", "HWIO", "NHWC"],
  5: ["NHWDC", "HWDIO", "NHWDC"],
};

/**
 * JAX's `lax.conv_transpose`: a transposed (fractionally strided)
 * convolution, computed directly as a convolution of the input dilated by
 * `strides`. Layouts default to TensorFlow's (channels last: NHWC and HWIO
 * in 2-D). Named padding gives Keras' output sizes: `"SAME"` multiplies each
 * spatial size by its stride, `"VALID"` gives (L - 1)·s + max(K, s). With
 * `transposeKernel`, the kernel is flipped in space and its I and O swapped,
 * so `convTranspose` of a forward kernel is that convolution's gradient
 * with respect to its input (with the same padding: name it, or pass the
 * forward pairs with `useConsistentPadding`).
 *
 * @example
 * // a 2× upsampling of one channel with a 2×2 kernel of ones: each pixel becomes a 2×2 block
 * lax.convTranspose(np.array([[[[1], [2]], [[3], [4]]]]), np.ones([2, 2, 1, 1]), [2, 2], "SAME").shape; // [1, 4, 4, 1]
 */
export function convTranspose(lhs: ArrayLike, rhs: ArrayLike, strides: readonly number[], padding: Padding, options?: ConvTransposeOptions): Tensor {
  const op = "convTranspose";
  const o = optionsOrThrow<ConvTransposeOptions>(op, options, TRANSPOSE_OPTIONS);
  let [x, w] = operands(op, lhs, rhs);
  const rank = x.ndim;
  const dimensionNumbers = o.dimensionNumbers ?? DEFAULT_TRANSPOSE_LAYOUTS[rank];
  if (dimensionNumbers === undefined) {
    throw new ArgumentError(`${op}: lhs ${avalText(x)} has no default layout (ranks 2 to 5 have one); pass dimensionNumbers.`);
  }
  const dnums = dimensionNumbersOf(op, x.shape, w.shape, dimensionNumbers);
  const spatial = rank - 2;
  const stride = intsOrThrow(op, "strides", strides, spatial, 1);
  const rhsDilation = intsOrThrow(op, "rhsDilation", o.rhsDilation, spatial, 1, 1);
  const window = dnums.rhsSpec.slice(2).map((a, d) => dilated(w.shape[a], rhsDilation[d]));
  let pads: [number, number][];
  if (typeof padding === "string") {
    if (padding !== "SAME" && padding !== "VALID") throw new ArgumentError(`${op}: padding ${JSON.stringify(padding)} is not defined for a transposed convolution; use "SAME", "VALID" or (low, high) pairs.`);
    pads = window.map((k, d) => transposePadding(k, stride[d], padding));
  } else {
    const pairs = paddingOrThrow(op, padding, window, window, stride);
    const consistent = booleanArg(op, "useConsistentPadding", o.useConsistentPadding, false);
    pads = consistent ? window.map((k, d) => transposePadding(k, stride[d], pairs[d])) : pairs;
  }
  if (booleanArg(op, "transposeKernel", o.transposeKernel, false)) {
    w = ops.rev(w, dnums.rhsSpec.slice(2));
    const perm = w.shape.map((_, i) => i);
    [perm[dnums.rhsSpec[0]], perm[dnums.rhsSpec[1]]] = [perm[dnums.rhsSpec[1]], perm[dnums.rhsSpec[0]]];
    w = ops.transpose(w, perm);
  }
  return convImpl(op, x, w, new Array<number>(spatial).fill(1), pads, { lhsDilation: stride, rhsDilation, dimensionNumbers: dnums });
}
