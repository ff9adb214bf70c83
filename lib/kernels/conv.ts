/**
 * XLA's ConvGeneralDilated in the canonical layouts: lhs [N, C, spatial...],
 * rhs [O, I, spatial...], output [N / batchGroupCount, O, spatial...], for
 * any number of spatial axes (0, 1, 2, 3, ...). Other dimension numbers are
 * a transpose the caller applies before and after.
 *
 * With F = featureGroupCount and B = batchGroupCount (at most one above 1,
 * as JAX requires), G = F·B groups split the output features into blocks of
 * O/G; output feature o is in group g = floor(o / (O/G)), and
 *
 *     out[n, o, y] = Σ_{i < I} Σ_{k in window} lhs[g_B·N/B + n, g_F·I + i, at(y, k)] · rhs[o, i, k]
 *
 * where g_F = g when F > 1 (else 0), g_B = g when B > 1 (else 0), C = F·I
 * and at(y, k) is the windowed read of ./windowGeometry.ts (window strides,
 * padding pairs that may be negative, lhs dilation = base dilation, rhs
 * dilation = window dilation); reads of padding or holes contribute
 * nothing (as in XLA's evaluator: an infinite weight there gives no NaN).
 *
 * Algorithm (./convLoops.ts): per group, im2col then a matrix product. The
 * columns are the (output image, output position) pairs, the rows the
 * (input channel, window element) pairs; a tile of at most 2^18 column
 * entries is filled from per-axis index tables (no per-element allocation)
 * and multiplied by the group's [O/G, I·K] slice of rhs with the
 * matmul (./matmul.ts: WebAssembly SIMD and worker threads) when the product is large, a
 * JavaScript loop when it is small. Long contractions are tiled and
 * accumulated, so memory stays bounded whatever the shapes. Groups with
 * one output feature (depthwise convolutions, the lhs cotangent of a
 * single-channel first layer), where im2col would fill one column entry
 * per multiply-add, and kernels holding an infinity or NaN (which im2col's
 * zero entries would turn into NaN), use direct accumulation instead. Accumulation is in float64; the result is rounded
 * once into `outDtype`.
 *
 * Cost: N/B · O · P · I · K multiply-adds (P output positions, K window
 * elements), plus, for im2col, I · K · N/B · P column entries per group
 * (the zeros of lhs dilation and padding are multiplied like any other).
 */
import { allocate, dtypeOfTypedArray } from "../array/dtype.ts";
import type { DType, TypedArray } from "../array/dtype.ts";
import type { Shape } from "../array/shape.ts";
import { ArgumentError, DTypeError, ShapeError } from "../core/errors.ts";
import { balancedChunk, directGroup, fillColumns, geometry, lastAxisReads, multiply } from "./convLoops.ts";
import { checkIntegers, checkPadding, checkShape, windowPositions } from "./windowGeometry.ts";
import type { PaddingPairs } from "./windowGeometry.ts";

/** The window parameters of a convolution, one entry per spatial axis. */
export interface ConvParams {
  readonly windowStrides: readonly number[];
  /** (low, high) per spatial axis; negative values crop the input. */
  readonly padding: PaddingPairs;
  /** Holes between input elements (1 = none): a transposed (fractionally strided) convolution. */
  readonly lhsDilation: readonly number[];
  /** Holes between kernel elements (1 = none): an atrous convolution. */
  readonly rhsDilation: readonly number[];
  readonly featureGroupCount: number;
  readonly batchGroupCount: number;
}

/**
 * The algorithm's size thresholds. Mutable so the specs can force tiny tiles
 * and either algorithm on small problems; nothing else should change them.
 */
export const convTuning = {
  /** Column-tile budget in elements (2 MiB of float64; 1 to 8 MiB measured alike on the CNN unit). */
  tileElements: 1 << 18,
  /** A tile keeps at least this many columns when the contraction is long, so the matmul stays efficient. */
  minTileColumns: 256,
  /** Groups with at most this many output features use direct accumulation instead of im2col (measured: im2col wins from 2). */
  directMaxFeatures: 1,
  /** Whether large tile products may call the WebAssembly matmul directly (else ./matmul.ts's matmul). */
  wasm: true,
};

// shape rule

function shapeText(shape: Shape): string {
  return `[${shape.join(", ")}]`;
}

/**
 * The output shape [N / B, O, positions...] of convGeneralDilated, after
 * checking everything JAX's shape rule checks; throws a ShapeError or an
 * ArgumentError naming conv_general_dilated, the shapes and the fix.
 *
 * @example
 * convOutputShape([64, 1, 28, 28], [32, 1, 3, 3], { windowStrides: [1, 1], padding: [[0, 0], [0, 0]],
 *   lhsDilation: [1, 1], rhsDilation: [1, 1], featureGroupCount: 1, batchGroupCount: 1 }); // [64, 32, 26, 26]
 */
export function convOutputShape(lhsShape: Shape, rhsShape: Shape, params: ConvParams): number[] {
  const op = "conv_general_dilated";
  checkShape(op, "lhs", lhsShape, 2, true);
  checkShape(op, "rhs", rhsShape, 2, true);
  const shapes = `lhs ${shapeText(lhsShape)}, rhs ${shapeText(rhsShape)}`;
  if (lhsShape.length !== rhsShape.length) {
    throw new ShapeError(`${op}: ${shapes}: lhs and rhs must have the same rank ([N, C, spatial...] and [O, I, spatial...])`);
  }
  const rank = lhsShape.length - 2;
  checkIntegers(op, "windowStrides", params.windowStrides, rank, 1);
  checkIntegers(op, "lhsDilation", params.lhsDilation, rank, 1);
  checkIntegers(op, "rhsDilation", params.rhsDilation, rank, 1);
  checkPadding(op, params.padding, rank);
  const { featureGroupCount: groups, batchGroupCount: batchGroups } = params;
  if (!Number.isInteger(groups) || groups < 1 || !Number.isInteger(batchGroups) || batchGroups < 1) {
    throw new ArgumentError(`${op}: featureGroupCount ${groups} and batchGroupCount ${batchGroups} must be positive integers`);
  }
  if (groups > 1 && batchGroups > 1) {
    throw new ArgumentError(`${op}: at most one of featureGroupCount (${groups}) and batchGroupCount (${batchGroups}) may be above 1`);
  }
  const [n, c] = lhsShape;
  const [o, i] = rhsShape;
  if (c % groups !== 0 || c / groups !== i) {
    throw new ShapeError(`${op}: ${shapes}: the lhs feature size ${c} divided by featureGroupCount ${groups} must equal the rhs input feature size ${i}`);
  }
  if (o % groups !== 0 || o % batchGroups !== 0) {
    throw new ShapeError(`${op}: ${shapes}: the rhs output feature size ${o} must be a multiple of featureGroupCount ${groups} and batchGroupCount ${batchGroups}`);
  }
  if (n % batchGroups !== 0) {
    throw new ShapeError(`${op}: ${shapes}: batchGroupCount ${batchGroups} must divide the lhs batch size ${n}`);
  }
  const out = [n / batchGroups, o];
  for (let d = 0; d < rank; d++) {
    out.push(windowPositions(lhsShape[2 + d], rhsShape[2 + d], params.windowStrides[d], params.padding[d], params.lhsDilation[d], params.rhsDilation[d]));
  }
  return out;
}

// kernel

function allFinite(x: TypedArray): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return false;
  return true;
}

/**
 * XLA ConvGeneralDilated in the canonical layouts (see the module comment):
 * lhs [N, C, spatial...] and rhs [O, I, spatial...] row-major, result
 * [N / batchGroupCount, O, positions...] of dtype `outDtype` (default: the
 * lhs array's dtype; bool is refused). Float64 accumulation, im2col tiles
 * and the WebAssembly matmul.
 *
 * @example
 * // a 1-D "valid" correlation of [1, 2, 3, 4] with [1, -1]
 * convGeneralDilated(new Float64Array([1, 2, 3, 4]), [1, 1, 4], new Float64Array([1, -1]), [1, 1, 2],
 *   { windowStrides: [1], padding: [[0, 0]], lhsDilation: [1], rhsDilation: [1], featureGroupCount: 1, batchGroupCount: 1 });
 * // [-1, -1, -1] with shape [1, 1, 3]
 */
export function convGeneralDilated(lhs: TypedArray, lhsShape: Shape, rhs: TypedArray, rhsShape: Shape, params: ConvParams, outDtype?: DType): TypedArray {
  const outShape = convOutputShape(lhsShape, rhsShape, params);
  const dtype = outDtype ?? dtypeOfTypedArray(lhs);
  if (dtype === "bool") throw new DTypeError(`conv_general_dilated: bool output is not supported; convert the operands to a numeric dtype`);
  let lhsSize = 1;
  for (const d of lhsShape) lhsSize *= d;
  let rhsSize = 1;
  for (const d of rhsShape) rhsSize *= d;
  if (lhs.length !== lhsSize || rhs.length !== rhsSize) {
    throw new ShapeError(`conv_general_dilated: data of ${lhs.length} and ${rhs.length} elements for lhs ${shapeText(lhsShape)} and rhs ${shapeText(rhsShape)}`);
  }
  let outSize = 1;
  for (const d of outShape) outSize *= d;
  const out = allocate(dtype, outSize);
  const [batch, channels] = lhsShape;
  const [features, groupChannels] = rhsShape;
  const featureGroups = params.featureGroupCount;
  const batchGroups = params.batchGroupCount;
  const groups = featureGroups * batchGroups;
  const g = geometry(lhsShape, rhsShape, outShape, params);
  const contraction = groupChannels * g.windowSize;
  if (outSize === 0 || contraction === 0) return out;
  const groupFeatures = features / groups;
  const outImages = batch / batchGroups;
  const channelStride = lhsSize / (batch * channels);
  const imageStride = channels * channelStride;
  const reads = lastAxisReads(g);
  if (groupFeatures <= convTuning.directMaxFeatures || !allFinite(rhs)) {
    const acc = new Float64Array(g.positions);
    for (let group = 0; group < groups; group++) {
      const firstChannel = featureGroups > 1 ? group * groupChannels : 0;
      const firstImage = batchGroups > 1 ? group * outImages : 0;
      directGroup(lhs, rhs, out, g, reads, acc, outImages, firstImage, groupChannels, firstChannel, groupFeatures, group * groupFeatures, features, channelStride, imageStride);
    }
    return out;
  }
  const totalColumns = outImages * g.positions;

  let columnsPerTile = totalColumns;
  let rowsPerTile = contraction;
  const { tileElements, minTileColumns } = convTuning;
  if (contraction * totalColumns > tileElements) {
    columnsPerTile = balancedChunk(totalColumns, Math.max(minTileColumns, Math.floor(tileElements / contraction)));
    rowsPerTile = balancedChunk(contraction, Math.max(1, Math.floor(tileElements / columnsPerTile)));
  }
  const cols = new Float64Array(rowsPerTile * columnsPerTile);
  const product = new Float64Array(groupFeatures * columnsPerTile);
  const sum = rowsPerTile < contraction ? new Float64Array(groupFeatures * columnsPerTile) : product;
  const weights = rowsPerTile < contraction ? new Float64Array(groupFeatures * rowsPerTile) : null;

  for (let group = 0; group < groups; group++) {
    const firstChannel = featureGroups > 1 ? group * groupChannels : 0;
    const firstImage = batchGroups > 1 ? group * outImages : 0;
    const firstFeature = group * groupFeatures;
    const groupWeights = rhs.subarray(firstFeature * contraction, (firstFeature + groupFeatures) * contraction);
    for (let c0 = 0; c0 < totalColumns; c0 += columnsPerTile) {
      const c1 = Math.min(totalColumns, c0 + columnsPerTile);
      const width = c1 - c0;
      for (let r0 = 0; r0 < contraction; r0 += rowsPerTile) {
        const r1 = Math.min(contraction, r0 + rowsPerTile);
        const depth = r1 - r0;
        fillColumns(lhs, cols, g, reads, r0, r1, c0, c1, channelStride, imageStride, firstChannel, firstImage);
        let a: TypedArray = groupWeights;
        if (weights !== null) {
          for (let o = 0; o < groupFeatures; o++) {
            for (let r = 0; r < depth; r++) weights[o * depth + r] = groupWeights[o * contraction + r0 + r];
          }
          a = weights;
        }
        multiply(a, cols, product, groupFeatures, depth, width, convTuning.wasm);
        if (sum !== product) {
          const used = groupFeatures * width;
          if (r0 === 0) sum.set(product.subarray(0, used));
          else for (let e = 0; e < used; e++) sum[e] += product[e];
        }
      }
      // scatter [groupFeatures, width] into out[image, firstFeature + o, position]
      for (let o = 0; o < groupFeatures; o++) {
        let col = c0;
        while (col < c1) {
          const image = Math.floor(col / g.positions);
          const p = col - image * g.positions;
          const count = Math.min(g.positions - p, c1 - col);
          const src = o * width + (col - c0);
          const dst = (image * features + firstFeature + o) * g.positions + p;
          out.set(sum.subarray(src, src + count), dst);
          col += count;
        }
      }
    }
  }
  return out;
}
