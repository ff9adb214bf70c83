/**
 * `dot_general`, JAX's one contraction primitive: `np.dot`, `np.matmul`,
 * `tensordot`-style products and batched matmuls are all this. Output axes
 * are the batch axes, then the free axes of `a`, then the free axes of `b`.
 */
import { matmulStrided, stridedOperand } from "../../kernels/matmul.ts";
import { isLinear, singleOutputTranspose, type ParamsOf, type Primitive } from "../primitive.ts";
import { ConcreteTensor, type Aval, type Tensor, dataOf } from "../tensor.ts";
import * as ops from "../ops.ts";
import { DTypeError, ShapeError } from "../errors.ts";
import { avalText } from "./check.ts";
import { moveAxis, shiftAxes } from "./batching.ts";

type DotParams = ParamsOf["dot_general"];

/** The axes of a rank-`n` operand that are neither contracted nor batched, in order. */
function freeAxes(n: number, contracting: readonly number[], batch: readonly number[]): number[] {
  const free: number[] = [];
  for (let i = 0; i < n; i++) if (!contracting.includes(i) && !batch.includes(i)) free.push(i);
  return free;
}

function validAxes(axes: readonly number[], n: number): boolean {
  return new Set(axes).size === axes.length && axes.every((a) => Number.isInteger(a) && a >= 0 && a < n);
}

function dotShape(a: Aval, b: Aval, { contracting, batch }: DotParams): number[] {
  const [ca, cb] = contracting;
  const [ba, bb] = batch;
  const problem =
    !validAxes([...ca, ...ba], a.shape.length) || !validAxes([...cb, ...bb], b.shape.length) || ca.length !== cb.length || ba.length !== bb.length
      ? "the axis lists are invalid for these ranks"
      : ca.some((axis, i) => a.shape[axis] !== b.shape[cb[i]])
        ? `contracting dimensions ${ca.map((x) => a.shape[x]).join(",")} and ${cb.map((x) => b.shape[x]).join(",")} differ`
        : ba.some((axis, i) => a.shape[axis] !== b.shape[bb[i]])
          ? `batch dimensions ${ba.map((x) => a.shape[x]).join(",")} and ${bb.map((x) => b.shape[x]).join(",")} differ`
          : null;
  if (problem !== null) {
    throw new ShapeError(
      `dot_general: ${avalText(a)} @ ${avalText(b)} contracting (${ca.join(",")})x(${cb.join(",")}) ` +
        `batch (${ba.join(",")})x(${bb.join(",")}): ${problem}. Check the operand shapes (transpose one?).`,
    );
  }
  return [
    ...ba.map((x) => a.shape[x]),
    ...freeAxes(a.shape.length, ca, ba).map((x) => a.shape[x]),
    ...freeAxes(b.shape.length, cb, bb).map((x) => b.shape[x]),
  ];
}

function product(shape: readonly number[], axes: readonly number[]): number {
  let n = 1;
  for (const a of axes) n *= shape[a];
  return n;
}

export const dot_general: Primitive<"dot_general"> = {
  name: "dot_general",
  abstractEval([a, b], params) {
    if (a.dtype !== b.dtype) throw new DTypeError(`dot_general: dtypes differ (${avalText(a)}, ${avalText(b)}); convert one with astype().`);
    return [{ shape: dotShape(a, b, params), dtype: a.dtype }];
  },
  // bind and staging checked the call (abstractEval): the shape is read off the axes, unchecked
  impl([a, b], params) {
    const [ca, cb] = params.contracting;
    const [ba, bb] = params.batch;
    const fa = freeAxes(a.shape.length, ca, ba);
    const fb = freeAxes(b.shape.length, cb, bb);
    const shape = [...ba.map((x) => a.shape[x]), ...fa.map((x) => a.shape[x]), ...fb.map((x) => b.shape[x])];
    const batch = product(a.shape, ba);
    const m = product(a.shape, fa);
    const k = product(a.shape, ca);
    const n = product(b.shape, fb);
    const lhs = stridedOperand(dataOf(a), a.shape, ba, fa, ca);
    const rhs = stridedOperand(dataOf(b), b.shape, bb, cb, fb);
    return [new ConcreteTensor(matmulStrided(lhs, rhs, batch, m, k, n, a.dtype), shape, a.dtype)];
  },
  // bilinear: d(a·b) = da·b + a·db
  jvp([a, b], [ta, tb], { contracting, batch }) {
    const out = ops.dotGeneral(a, b, contracting, batch);
    const fromA = ta === null ? null : ops.dotGeneral(ta, b, contracting, batch);
    const fromB = tb === null ? null : ops.dotGeneral(a, tb, contracting, batch);
    return [[out], [fromA === null ? fromB : fromB === null ? fromA : ops.add(fromA, fromB)]];
  },
  transpose: singleOutputTranspose((ct, [a, b], params) =>
    isLinear(a) ? [transposeLhs(ct, a, b as Tensor, params), null] : [null, transposeRhs(ct, a, b, params)],
  ),
  // a batched operand's batch axis becomes a dot batch axis when both are batched, a free axis otherwise
  batch(_size, [a, b], [da, db], { contracting, batch }) {
    const [ca, cb] = contracting;
    const [ba, bb] = batch;
    if (da !== null && db !== null) {
      const out = ops.dotGeneral(moveAxis(a, da, 0), moveAxis(b, db, 0), [shiftAxes(ca), shiftAxes(cb)], [[0, ...shiftAxes(ba)], [0, ...shiftAxes(bb)]]);
      return [[out], [0]];
    }
    if (da !== null) {
      // the batch axis is a's first free axis: it lands right after the dot's batch axes
      const out = ops.dotGeneral(moveAxis(a, da, 0), b, [shiftAxes(ca), cb], [shiftAxes(ba), bb]);
      return [[out], [ba.length]];
    }
    const out = ops.dotGeneral(a, moveAxis(b, db!, 0), [ca, shiftAxes(cb)], [ba, shiftAxes(bb)]);
    const freeA = a.ndim - ca.length - ba.length;
    return [[out], [ba.length + freeA]];
  },
  lower: null,
};

/**
 * The cotangent of `a`: contract `ct`'s b-free axes with `b`'s free axes,
 * batching over the batch axes, then permute the result into `a`'s axis order.
 */
function transposeLhs(ct: Tensor, a: Aval, b: Aval, { contracting, batch }: DotParams): Tensor {
  const [ca, cb] = contracting;
  const [ba, bb] = batch;
  const fa = freeAxes(a.shape.length, ca, ba);
  const fb = freeAxes(b.shape.length, cb, bb);
  const nb = ba.length;
  const ctFreeB = fb.map((_, i) => nb + fa.length + i);
  const ctBatch = ba.map((_, i) => i);
  // result axes: batch, a-free, then b's remaining (contracting) axes in b's order
  const sortedCb = [...cb].sort((x, y) => x - y);
  const resultAsA = [...ba, ...fa, ...sortedCb.map((axis) => ca[cb.indexOf(axis)])];
  // the product with the operands swapped has the same elements (each the same sum in the same
  // order) with the a-free axes last: when that is a's order (a was Aᵀ), no transpose is needed
  const swappedAsA = [...ba, ...sortedCb.map((axis) => ca[cb.indexOf(axis)]), ...fa];
  if (swappedAsA.every((axis, i) => axis === i)) return ops.dotGeneral(b as Tensor, ct, [fb, ctFreeB], [bb, ctBatch]);
  const result = ops.dotGeneral(ct, b as Tensor, [ctFreeB, fb], [ctBatch, bb]);
  return ops.transpose(result, a.shape.map((_, axis) => resultAsA.indexOf(axis)));
}

/** The cotangent of `b`, symmetric to `transposeLhs`. */
function transposeRhs(ct: Tensor, a: Tensor, b: Aval, { contracting, batch }: DotParams): Tensor {
  const [ca, cb] = contracting;
  const [ba, bb] = batch;
  const fa = freeAxes(a.shape.length, ca, ba);
  const nb = ba.length;
  const ctFreeA = fa.map((_, i) => nb + i);
  const ctBatch = ba.map((_, i) => i);
  const fb = freeAxes(b.shape.length, cb, bb);
  // contract ct's a-free axes with a's free axes: result axes batch, b-free, a's contracting axes in a's order
  const sortedCa = [...ca].sort((x, y) => x - y);
  const resultAsB = [...bb, ...fb, ...sortedCa.map((axis) => cb[ca.indexOf(axis)])];
  // with the operands swapped, b's contracting axes come first: for b [k, n] (a plain matmul's
  // weight) that is b's order, so aᵀ·ct is computed directly, with no transpose after it
  const swappedAsB = [...bb, ...sortedCa.map((axis) => cb[ca.indexOf(axis)]), ...fb];
  if (swappedAsB.every((axis, i) => axis === i)) return ops.dotGeneral(a, ct, [fa, ctFreeA], [ba, ctBatch]);
  const result = ops.dotGeneral(ct, a, [ctFreeA, fa], [ctBatch, ba]);
  return ops.transpose(result, b.shape.map((_, axis) => resultAsB.indexOf(axis)));
}
