/**
 * Cases for `conv_general_dilated` and `rev`. Convolutions are drawn by the
 * kernel spec's `convCaseArb` (0 to 2 spatial axes, strides, padding that
 * may be negative, lhs and rhs dilation, feature or batch groups), with
 * every operand and the result laid out in a random axis order (random
 * dimension numbers), and differentiated in lhs, rhs or both. The reference
 * is the kernel spec's plain loop over the definition, on the operands put
 * back into the canonical layout.
 */
import fc from "fast-check";
import * as ops from "../../../lib/core/ops.ts";
import { dataOf, type ConcreteTensor, type Tensor } from "../../../lib/core/tensor.ts";
import { convCaseArb, naiveConv } from "../../kernels/naiveConv.ts";
import { coordsOf, flatOf } from "../../kernels/naive.ts";
import { convOutputShape } from "../../../lib/kernels/conv.ts";
import { avalStr, axesArb, draw, permutationArb, real, shapeArb, tensorArb, type Case, type Expected } from "../harness.ts";

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** x (row-major, `shape`) with its axes reordered: result axis i is axis perm[i] of x. */
function permuted(x: ArrayLike<number>, shape: readonly number[], perm: readonly number[]): number[] {
  const outShape = perm.map((p) => shape[p]);
  return Array.from({ length: size(shape) }, (_, i) => {
    const c = coordsOf(i, outShape);
    const src = new Array<number>(shape.length);
    perm.forEach((p, k) => (src[p] = c[k]));
    return x[flatOf(src, shape)];
  });
}

const inverse = (perm: readonly number[]) => {
  const out = new Array<number>(perm.length);
  perm.forEach((p, i) => (out[p] = i));
  return out;
};

type Mode = "both" | "left" | "right";

const convArb = convCaseArb({ maxRank: 2, minSize: 1 })
  .chain((c) => {
    const rank = c.lhsShape.length;
    return fc.tuple(fc.constant(c), permutationArb(rank), permutationArb(rank), permutationArb(rank), fc.constantFrom<Mode>("both", "left", "right"));
  })
  .chain(([c, lhsSpec, rhsSpec, outSpec, mode]) => {
    // the operands as laid out by the specs: axis lhsSpec[i] of lhs holds canonical axis i
    const lhsShape = inverse(lhsSpec).map((i) => c.lhsShape[i]);
    const rhsShape = inverse(rhsSpec).map((i) => c.rhsShape[i]);
    return fc.tuple(fc.constant({ c, lhsSpec, rhsSpec, outSpec, mode }), tensorArb(lhsShape, real(2)), tensorArb(rhsShape, real(2)));
  })
  .map(([{ c, lhsSpec, rhsSpec, outSpec, mode }, lhs, rhs]) => {
    const params = { ...c.params, dimensionNumbers: [lhsSpec, rhsSpec, outSpec] as const };
    const bind = (l: Tensor, r: Tensor) => ops.convGeneralDilated(l, r, params);
    const expected = (): Expected => {
      const outC = convOutputShape(c.lhsShape, c.rhsShape, c.params);
      const canonical = naiveConv(permuted(dataOf(lhs), lhs.shape, lhsSpec), c.lhsShape, permuted(dataOf(rhs), rhs.shape, rhsSpec), c.rhsShape, outC, c.params);
      return { shape: inverse(outSpec).map((i) => outC[i]), dtype: "float64", data: permuted(canonical, outC, inverse(outSpec)) };
    };
    const p = c.params;
    const desc =
      `conv_general_dilated(${avalStr(lhs)}${mode === "right" ? " const" : ""}, ${avalStr(rhs)}${mode === "left" ? " const" : ""}, ` +
      `strides=${JSON.stringify(p.windowStrides)} padding=${JSON.stringify(p.padding)} lhsDilation=${JSON.stringify(p.lhsDilation)} ` +
      `rhsDilation=${JSON.stringify(p.rhsDilation)} specs=${JSON.stringify([lhsSpec, rhsSpec, outSpec])} groups=${p.featureGroupCount}/${p.batchGroupCount})`;
    if (mode === "left") return draw(desc, (x) => bind(x, rhs), [lhs as ConcreteTensor], expected);
    if (mode === "right") return draw(desc, (y) => bind(lhs, y), [rhs as ConcreteTensor], expected);
    return draw(desc, bind, [lhs as ConcreteTensor, rhs as ConcreteTensor], expected);
  });

const revArb = shapeArb(1, 3)
  .chain((s) => fc.tuple(tensorArb(s, real(3)), axesArb(s.length)))
  .map(([x, dims]) =>
    draw(`rev(${avalStr(x)}, dimensions=(${dims}))`, (t) => ops.rev(t, dims), [x], () => ({
      shape: x.shape,
      dtype: "float64",
      data: Array.from({ length: dataOf(x).length }, (_, i) => {
        const c = coordsOf(i, x.shape);
        return dataOf(x)[flatOf(c.map((v, d) => (dims.includes(d) ? x.shape[d] - 1 - v : v)), x.shape)];
      }),
    })),
  );

export const convCases: Case[] = [
  { kind: "diff", prim: "conv_general_dilated", name: "conv_general_dilated", arb: convArb },
  { kind: "diff", prim: "rev", name: "rev", arb: revArb },
];
