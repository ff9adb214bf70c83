/**
 * `conv_general_dilated`, XLA's general convolution, with JAX's rules:
 * bilinear jvp, transposes that are convolutions again
 * (`_conv_general_dilated_transpose_lhs`/`_rhs`), and a batching rule that
 * folds the vmapped axis into the batch or feature dimension
 * (`_conv_general_dilated_batch_rule`). The operands may be laid out in
 * any order (the dimension numbers say where batch, feature and spatial
 * axes are); the kernel (lib/kernels/conv.ts) runs in the canonical
 * layouts lhs [N, C, spatial...], rhs [O, I, spatial...], so `impl`
 * transposes into them and back when needed.
 *
 * @example
 * // a 2-D convolution of NHWC images with an HWIO kernel
 * ops.convGeneralDilated(x, w, { windowStrides: [1, 1], padding: [[0, 0], [0, 0]], lhsDilation: [1, 1], rhsDilation: [1, 1],
 *   dimensionNumbers: [[0, 3, 1, 2], [3, 2, 0, 1], [0, 3, 1, 2]], featureGroupCount: 1, batchGroupCount: 1 });
 */
import { convGeneralDilated, convOutputShape } from "../../kernels/conv.ts";
import { convLhsTransposePadding, convRhsTransposePadding } from "../../kernels/convTranspose.ts";
import { transpose as transposeKernel } from "../../kernels/movement.ts";
import { isLinear, singleOutputTranspose, type ConvDimensionNumbers, type ConvGeneralDilatedParams, type Primitive, type Tangent } from "../primitive.ts";
import { ConcreteTensor, type Aval, type Tensor, dataOf } from "../tensor.ts";
import * as ops from "../ops.ts";
import { ArgumentError, DTypeError, ShapeError } from "../errors.ts";
import { avalText } from "./check.ts";
import type { BatchDim } from "./batching.ts";

type Params = ConvGeneralDilatedParams;

// utils

const isPermutation = (spec: readonly number[], rank: number) =>
  spec.length === rank && spec.every((a, i) => Number.isInteger(a) && a >= 0 && a < rank && spec.indexOf(a) === i);

/** The inverse permutation: where each axis of the canonical layout goes. */
function inverse(perm: readonly number[]): number[] {
  const out = new Array<number>(perm.length);
  perm.forEach((p, i) => (out[p] = i));
  return out;
}

const isIdentity = (perm: readonly number[]) => perm.every((p, i) => p === i);

/** Canonical shapes, checked: lhs [N, C, sp...], rhs [O, I, sp...], out [N/B, O, sp...]; the output shape in the out layout. */
function shapes(lhs: Aval, rhs: Aval, params: Params): { lhs: number[]; rhs: number[]; out: number[]; outShape: number[] } {
  const op = "conv_general_dilated";
  if (lhs.dtype !== rhs.dtype) throw new DTypeError(`${op}: operands ${avalText(lhs)} and ${avalText(rhs)} have different dtypes; convert one with astype().`);
  if (lhs.dtype === "bool") throw new DTypeError(`${op}: bool operands ${avalText(lhs)}, ${avalText(rhs)} are not supported; convert them to a numeric dtype.`);
  const rank = lhs.shape.length;
  if (rank < 2 || rhs.shape.length !== rank) {
    throw new ShapeError(`${op}: lhs ${avalText(lhs)} and rhs ${avalText(rhs)} must have the same rank, at least 2 (batch and feature axes).`);
  }
  const [lhsSpec, rhsSpec, outSpec] = params.dimensionNumbers;
  if (![lhsSpec, rhsSpec, outSpec].every((spec) => Array.isArray(spec) && isPermutation(spec, rank))) {
    throw new ArgumentError(`${op}: dimension numbers ${JSON.stringify(params.dimensionNumbers)} must be three permutations of the ${rank} axes.`);
  }
  const lhsC = lhsSpec.map((a) => lhs.shape[a]);
  const rhsC = rhsSpec.map((a) => rhs.shape[a]);
  const outC = convOutputShape(lhsC, rhsC, params);
  return { lhs: lhsC, rhs: rhsC, out: outC, outShape: inverse(outSpec).map((i) => outC[i]) };
}

/**
 * Splits axis `src` of `x` into [size, x.shape[src] / size] (JAX's `_reshape_axis_out_of`).
 */
function reshapeAxisOutOf(src: number, size: number, x: Tensor): Tensor {
  const shape = x.shape.slice();
  shape.splice(src, 1, size, x.shape[src] / size);
  return ops.reshape(x, shape);
}

/**
 * Merges axis `src` of `x` into axis `dst` (an index among the axes left once
 * `src` is removed), `src` becoming the major part (JAX's `_reshape_axis_into`).
 */
function reshapeAxisInto(src: number, dst: number, x: Tensor): Tensor {
  const perm = x.shape.map((_, i) => i).filter((i) => i !== src);
  perm.splice(dst, 0, src);
  const moved = ops.transpose(x, perm);
  const shape = x.shape.filter((_, i) => i !== src);
  shape[dst] *= x.shape[src];
  return ops.reshape(moved, shape);
}

const swapFirstTwo = (spec: readonly number[]): number[] => [spec[1], spec[0], ...spec.slice(2)];
const spatialOf = (shape: readonly number[], spec: readonly number[]) => spec.slice(2).map((a) => shape[a]);

// the record

export const conv_general_dilated: Primitive<"conv_general_dilated"> = {
  name: "conv_general_dilated",
  abstractEval([lhs, rhs], params) {
    return [{ shape: shapes(lhs, rhs, params).outShape, dtype: lhs.dtype }];
  },
  impl([lhs, rhs], params) {
    const s = shapes(lhs, rhs, params);
    const [lhsSpec, rhsSpec, outSpec] = params.dimensionNumbers;
    const lhsData = isIdentity(lhsSpec) ? dataOf(lhs) : transposeKernel(dataOf(lhs), lhs.shape, lhsSpec);
    const rhsData = isIdentity(rhsSpec) ? dataOf(rhs) : transposeKernel(dataOf(rhs), rhs.shape, rhsSpec);
    const out = convGeneralDilated(lhsData, s.lhs, rhsData, s.rhs, params, lhs.dtype);
    const data = isIdentity(outSpec) ? out : transposeKernel(out, s.out, inverse(outSpec));
    return [new ConcreteTensor(data, s.outShape, lhs.dtype)];
  },
  // bilinear: d conv(l, r) = conv(dl, r) + conv(l, dr)
  jvp([lhs, rhs], [dl, dr], params) {
    const out = ops.convGeneralDilated(lhs, rhs, params);
    const fromLhs = dl === null ? null : ops.convGeneralDilated(dl, rhs, params);
    const fromRhs = dr === null ? null : ops.convGeneralDilated(lhs, dr, params);
    return [[out], [fromLhs === null ? fromRhs : fromRhs === null ? fromLhs : ops.add(fromLhs, fromRhs)]];
  },
  transpose: singleOutputTranspose((ct, [lhs, rhs], params): Tangent[] =>
    isLinear(lhs) ? [transposeLhs(ct, lhs, rhs as Tensor, params), null] : [null, transposeRhs(ct, lhs, rhs, params)],
  ),
  batch: batchRule,
  lower: null,
};

// transposes (ignoring spatial axes, with m = batch, j = input feature, k = output feature:
// forward [m, j] [j, k] -> [m, k]; lhs cotangent [m, k] [k, j] -> [m, j]; rhs cotangent [j, m] [m, k] -> [j, k])

/**
 * The cotangent of lhs: g convolved with the kernel flipped in space, its
 * O and I roles swapped, the forward's strides becoming lhs dilation. Groups
 * (feature or batch) move from the kernel's output features into its input
 * features and become feature groups; batch groups then move from the
 * result's features back into its batch.
 */
function transposeLhs(g: Tensor, lhs: Aval, rhs: Tensor, params: Params): Tensor {
  const [lhsSpec, rhsSpec, outSpec] = params.dimensionNumbers;
  const groups = Math.max(params.featureGroupCount, params.batchGroupCount);
  let kernel = rhs;
  if (groups > 1) kernel = reshapeAxisInto(rhsSpec[0], rhsSpec[1], reshapeAxisOutOf(rhsSpec[0], groups, kernel));
  const padding = convLhsTransposePadding(spatialOf(lhs.shape, lhsSpec), spatialOf(rhs.shape, rhsSpec), spatialOf(g.shape, outSpec), params);
  let out = ops.convGeneralDilated(g, ops.rev(kernel, rhsSpec.slice(2)), {
    windowStrides: params.lhsDilation,
    padding,
    lhsDilation: params.windowStrides,
    rhsDilation: params.rhsDilation,
    dimensionNumbers: [outSpec, swapFirstTwo(rhsSpec), lhsSpec],
    featureGroupCount: groups,
    batchGroupCount: 1,
  });
  if (params.batchGroupCount > 1) out = reshapeAxisInto(lhsSpec[1], lhsSpec[0], reshapeAxisOutOf(lhsSpec[1], params.batchGroupCount, out));
  return out;
}

/**
 * The cotangent of rhs: lhs (batch and feature swapped) convolved with g
 * (batch and feature swapped), the forward's strides becoming rhs dilation;
 * feature groups become batch groups and vice versa.
 */
function transposeRhs(g: Tensor, lhs: Tensor, rhs: Aval, params: Params): Tensor {
  if (g.size === 0) return ops.zerosLike(rhs);
  const [lhsSpec, rhsSpec, outSpec] = params.dimensionNumbers;
  const padding = convRhsTransposePadding(spatialOf(lhs.shape, lhsSpec), spatialOf(rhs.shape, rhsSpec), spatialOf(g.shape, outSpec), params);
  return ops.convGeneralDilated(lhs, g, {
    windowStrides: params.rhsDilation,
    padding,
    lhsDilation: params.lhsDilation,
    rhsDilation: params.windowStrides,
    dimensionNumbers: [swapFirstTwo(lhsSpec), swapFirstTwo(outSpec), swapFirstTwo(rhsSpec)],
    featureGroupCount: params.batchGroupCount,
    batchGroupCount: params.featureGroupCount,
  });
}

// batching

/**
 * vmap: the mapped axis (size V) is folded into a dimension the convolution
 * already has, as JAX does. Both batched: into lhs features (V feature
 * groups; into the batch for batch groups) and rhs output features. Only lhs:
 * into its batch (with batch groups, inside each group). Only rhs: into its
 * output features (with groups, inside each group). The result's batch or
 * feature axis is then split back into [V, ...].
 */
function batchRule(size: number, [lhs, rhs]: readonly Tensor[], [ld, rd]: readonly BatchDim[], params: Params): [Tensor[], BatchDim[]] {
  const [lhsSpec, rhsSpec, outSpec] = params.dimensionNumbers;
  const conv = (l: Tensor, r: Tensor, p: Partial<Params> = {}) => ops.convGeneralDilated(l, r, { ...params, ...p });
  if (size === 0) {
    const lhsAval = { shape: ld === null ? lhs.shape : lhs.shape.filter((_, i) => i !== ld), dtype: lhs.dtype };
    const rhsAval = { shape: rd === null ? rhs.shape : rhs.shape.filter((_, i) => i !== rd), dtype: rhs.dtype };
    return [[ops.zerosLike({ shape: [0, ...shapes(lhsAval, rhsAval, params).outShape], dtype: lhs.dtype })], [0]];
  }
  if (ld !== null && rd !== null) {
    const newRhs = reshapeAxisInto(rd, rhsSpec[0], rhs);
    const out =
      params.batchGroupCount > 1
        ? conv(reshapeAxisInto(ld, lhsSpec[0], lhs), newRhs, { batchGroupCount: params.batchGroupCount * size })
        : conv(reshapeAxisInto(ld, lhsSpec[1], lhs), newRhs, { featureGroupCount: params.featureGroupCount * size });
    return [[reshapeAxisOutOf(outSpec[1], size, out)], [outSpec[1]]];
  }
  if (ld !== null) {
    const groups = params.batchGroupCount;
    let newLhs: Tensor;
    if (groups === 1) {
      newLhs = reshapeAxisInto(ld, lhsSpec[0], lhs);
    } else {
      // batch [B, N/B] with the mapped axis inside each group: [B, V·N/B]
      const split = reshapeAxisOutOf(lhsSpec[0] + (ld <= lhsSpec[0] ? 1 : 0), groups, lhs);
      newLhs = reshapeAxisInto(lhsSpec[0], lhsSpec[0], reshapeAxisInto(ld + (lhsSpec[0] < ld ? 1 : 0), lhsSpec[0] + 1, split));
    }
    return [[reshapeAxisOutOf(outSpec[0], size, conv(newLhs, rhs))], [outSpec[0]]];
  }
  const r = rd!;
  if (params.featureGroupCount === 1 && params.batchGroupCount === 1) {
    const out = conv(lhs, reshapeAxisInto(r, rhsSpec[0], rhs));
    return [[reshapeAxisOutOf(outSpec[1], size, out)], [outSpec[1]]];
  }
  // groups stay outermost: output features [G, O/G] become [G, V·O/G], and the result's [G, V, O/G] becomes [V, G·O/G]
  const groups = Math.max(params.featureGroupCount, params.batchGroupCount);
  const split = reshapeAxisOutOf(rhsSpec[0] + (r <= rhsSpec[0] ? 1 : 0), groups, rhs);
  const newRhs = reshapeAxisInto(rhsSpec[0], rhsSpec[0], reshapeAxisInto(r + (rhsSpec[0] < r ? 1 : 0), rhsSpec[0] + 1, split));
  let out = conv(lhs, newRhs);
  out = reshapeAxisOutOf(outSpec[1] + 1, size, reshapeAxisOutOf(outSpec[1], groups, out));
  return [[reshapeAxisInto(outSpec[1], outSpec[1] + 1, out)], [outSpec[1]]];
}

/** The canonical dimension numbers of a rank-`rank` convolution: NC..., OI..., NC.... */
export function canonicalDimensionNumbers(rank: number): ConvDimensionNumbers {
  const iota = Array.from({ length: rank }, (_, i) => i);
  return [iota, iota, iota];
}
