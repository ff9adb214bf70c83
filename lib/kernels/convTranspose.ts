/**
 * The transposes (cotangent rules) of convGeneralDilated, as convolutions,
 * following JAX's `_conv_general_dilated_transpose_lhs` and `_rhs`.
 * Convolution is bilinear; ignoring the spatial axes it is a matrix product
 * [m, j] [j, k] -> [m, k] (m = batch, j = input feature, k = output feature),
 * and its transposes are the products
 *
 *   lhs cotangent: [m, k] [k, j] -> [m, j]   (g against the flipped kernel, O and I swapped)
 *   rhs cotangent: [j, m] [m, k] -> [j, k]   (lhs and g with batch and feature swapped)
 *
 * with the window geometry turned around: the forward window strides become
 * the lhs dilation of the lhs cotangent and the rhs dilation of the rhs
 * cotangent, and the paddings below make the outputs exactly the lhs and
 * rhs shapes. Feature groups become batch groups in the rhs cotangent (and
 * batch groups feature groups), and both become feature groups of the lhs
 * cotangent after moving the group out of the kernel's output features into
 * its input features.
 *
 * The *Params/*Padding functions are shape arithmetic for the primitive
 * layer (which expresses the same calls with dimension numbers, as JAX
 * does, so the transposes stay differentiable); convTransposeLhs and
 * convTransposeRhs run them eagerly in the canonical layouts.
 */
import type { DType, TypedArray } from "../array/dtype.ts";
import type { Shape } from "../array/shape.ts";
import { reverse, transpose } from "./movement.ts";
import { convGeneralDilated, convOutputShape } from "./conv.ts";
import type { ConvParams } from "./conv.ts";
import { dilatedSize } from "./windowGeometry.ts";

/**
 * The padding of the lhs-cotangent convolution (JAX's
 * `_conv_general_vjp_lhs_padding`), per spatial axis: with dilated sizes
 * L' = dilated(lhs, lhsDilation), K' = dilated(rhs, rhsDilation) and
 * Y' = dilated(out, windowStrides),
 *   low = K' - 1 - padLow,  high = L' + K' - 1 - Y' - low.
 *
 * @example
 * // a 3-wide "valid" window over 5 elements: the cotangent pads g (3 long) by 2 on each side
 * convLhsTransposePadding([5], [3], [3], { windowStrides: [1], padding: [[0, 0]], lhsDilation: [1], rhsDilation: [1] }); // [[2, 2]]
 */
export function convLhsTransposePadding(
  lhsSpatial: Shape,
  rhsSpatial: Shape,
  outSpatial: Shape,
  params: Pick<ConvParams, "windowStrides" | "padding" | "lhsDilation" | "rhsDilation">,
): [number, number][] {
  return lhsSpatial.map((size, d) => {
    const lhsDilated = dilatedSize(size, params.lhsDilation[d]);
    const rhsDilated = dilatedSize(rhsSpatial[d], params.rhsDilation[d]);
    const outDilated = dilatedSize(outSpatial[d], params.windowStrides[d]);
    const low = rhsDilated - params.padding[d][0] - 1;
    return [low, lhsDilated + rhsDilated - 1 - outDilated - low];
  });
}

/**
 * The padding of the rhs-cotangent convolution (JAX's
 * `_conv_general_vjp_rhs_padding`): low = padLow, high = (Y' - L') + (K' - padLow - 1)
 * with the dilated sizes of convLhsTransposePadding.
 *
 * @example
 * convRhsTransposePadding([5], [3], [3], { windowStrides: [1], padding: [[0, 0]], lhsDilation: [1], rhsDilation: [1] }); // [[0, 0]]
 */
export function convRhsTransposePadding(
  lhsSpatial: Shape,
  rhsSpatial: Shape,
  outSpatial: Shape,
  params: Pick<ConvParams, "windowStrides" | "padding" | "lhsDilation" | "rhsDilation">,
): [number, number][] {
  return lhsSpatial.map((size, d) => {
    const lhsDilated = dilatedSize(size, params.lhsDilation[d]);
    const rhsDilated = dilatedSize(rhsSpatial[d], params.rhsDilation[d]);
    const outDilated = dilatedSize(outSpatial[d], params.windowStrides[d]);
    const low = params.padding[d][0];
    return [low, outDilated - lhsDilated + (rhsDilated - low - 1)];
  });
}

/**
 * The parameters of the lhs-cotangent convolution: g [N/B, O, out...]
 * against the regrouped, flipped kernel [G·I, O/G, K...] (see
 * convTransposeLhsKernel), with window strides = lhsDilation, lhs dilation =
 * windowStrides, the same rhs dilation and featureGroupCount = G (the
 * forward's feature or batch group count).
 */
export function convTransposeLhsParams(lhsShape: Shape, rhsShape: Shape, params: ConvParams): ConvParams {
  const outShape = convOutputShape(lhsShape, rhsShape, params);
  return {
    windowStrides: params.lhsDilation,
    padding: convLhsTransposePadding(lhsShape.slice(2), rhsShape.slice(2), outShape.slice(2), params),
    lhsDilation: params.windowStrides,
    rhsDilation: params.rhsDilation,
    featureGroupCount: Math.max(params.featureGroupCount, params.batchGroupCount),
    batchGroupCount: 1,
  };
}

/**
 * The parameters of the rhs-cotangent convolution: lhs with batch and
 * feature swapped [C, N, in...] against g with batch and feature swapped
 * [O, N/B, out...], with window strides = rhsDilation, the same lhs
 * dilation, rhs dilation = windowStrides, and the group counts exchanged
 * (feature groups become batch groups and vice versa). Its output
 * [I, O, K...] is the rhs cotangent with O and I swapped.
 */
export function convTransposeRhsParams(lhsShape: Shape, rhsShape: Shape, params: ConvParams): ConvParams {
  const outShape = convOutputShape(lhsShape, rhsShape, params);
  return {
    windowStrides: params.rhsDilation,
    padding: convRhsTransposePadding(lhsShape.slice(2), rhsShape.slice(2), outShape.slice(2), params),
    lhsDilation: params.lhsDilation,
    rhsDilation: params.windowStrides,
    featureGroupCount: params.batchGroupCount,
    batchGroupCount: params.featureGroupCount,
  };
}

/**
 * The kernel of the lhs-cotangent convolution: rhs [O, I, K...] with its
 * G groups moved from the output into the input features and its spatial
 * axes reversed, [G·I, O/G, K...]:
 *   kernel[g·I + i, q, k] = rhs[g·O/G + q, i, K - 1 - k].
 */
export function convTransposeLhsKernel(rhs: TypedArray, rhsShape: Shape, groups: number): { data: TypedArray; shape: number[] } {
  const [features, inputs, ...window] = rhsShape;
  const grouped = [groups, features / groups, inputs, ...window];
  const moved = transpose(rhs, grouped, [0, 2, 1, ...window.map((_, d) => 3 + d)]);
  const shape = [groups * inputs, features / groups, ...window];
  return { data: reverse(moved, shape, window.map((_, d) => 2 + d)), shape };
}

/**
 * The cotangent of lhs given the output cotangent g [N/B, O, out...] and
 * rhs [O, I, K...]: an array of `lhsShape` [N, C, in...]. One convolution
 * (convTransposeLhsParams) plus, for batch groups, moving the group from
 * the features back into the batch: [N/B, B·C, in...] -> [N, C, in...].
 * Cost: that of the forward convolution (more when the forward has window
 * strides, which become lhs dilation here and multiply zeros).
 *
 * @example
 * // y = x ⋆ [1, -1] (params1d: stride 1, no padding or dilation, one group); d<y, g>/dx for g = [1, 1, 1]
 * convTransposeLhs(new Float64Array([1, 1, 1]), [1, 1, 3], new Float64Array([1, -1]), [1, 1, 2], [1, 1, 4], params1d); // [1, 0, 0, -1]
 */
export function convTransposeLhs(g: TypedArray, gShape: Shape, rhs: TypedArray, rhsShape: Shape, lhsShape: Shape, params: ConvParams, outDtype?: DType): TypedArray {
  const groups = Math.max(params.featureGroupCount, params.batchGroupCount);
  const kernel = convTransposeLhsKernel(rhs, rhsShape, groups);
  const out = convGeneralDilated(g, gShape, kernel.data, kernel.shape, convTransposeLhsParams(lhsShape, rhsShape, params), outDtype);
  const batchGroups = params.batchGroupCount;
  if (batchGroups === 1) return out;
  const [batch, channels, ...spatial] = lhsShape;
  const split = [batch / batchGroups, batchGroups, channels, ...spatial];
  return transpose(out, split, [1, 0, ...split.slice(2).map((_, d) => 2 + d)]);
}

/**
 * The cotangent of rhs given the output cotangent g [N/B, O, out...] and
 * lhs [N, C, in...]: an array of `rhsShape` [O, I, K...]. Swaps batch and
 * feature of lhs and g, runs one convolution (convTransposeRhsParams) and
 * swaps the result's [I, O] back. Cost: that of the forward convolution.
 *
 * @example
 * // y = x ⋆ w (params1d as above) with x = [1, 2, 3, 4]; d<y, g>/dw for g = [1, 1, 1]
 * convTransposeRhs(new Float64Array([1, 1, 1]), [1, 1, 3], new Float64Array([1, 2, 3, 4]), [1, 1, 4], [1, 1, 2], params1d); // [6, 9]
 */
export function convTransposeRhs(g: TypedArray, gShape: Shape, lhs: TypedArray, lhsShape: Shape, rhsShape: Shape, params: ConvParams, outDtype?: DType): TypedArray {
  const swap = (shape: Shape) => [1, 0, ...shape.slice(2).map((_, d) => 2 + d)];
  const swapped = (shape: Shape) => [shape[1], shape[0], ...shape.slice(2)];
  const lhsT = transpose(lhs, lhsShape, swap(lhsShape));
  const gT = transpose(g, gShape, swap(gShape));
  const out = convGeneralDilated(lhsT, swapped(lhsShape), gT, swapped(gShape), convTransposeRhsParams(lhsShape, rhsShape, params), outDtype);
  const outShape = swapped(rhsShape);
  return transpose(out, outShape, swap(outShape));
}
