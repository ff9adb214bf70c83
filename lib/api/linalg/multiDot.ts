/**
 * `np.linalg.multiDot`: a chain of matrix products in the order that
 * needs the fewest multiplications (the classic matrix-chain dynamic
 * program, as numpy's `multi_dot`; JAX asks opt_einsum for the same).
 *
 * @example
 * np.linalg.multiDot([a, b, c]) // a @ b @ c, grouped as (a @ b) @ c or a @ (b @ c)
 */
import { ShapeError } from "../../core/errors.ts";
import * as ops from "../../core/ops.ts";
import { avalText } from "../../core/primitives/check.ts";
import type { ArrayLike, Tensor } from "../../core/tensor.ts";
import { denseArrayOrThrow, isArrayArg, showValue, toTensor } from "../../core/convert.ts";
import { resultType } from "../metadata.ts";

/** split[i][j]: where the cheapest product of matrices i..j splits (dims: matrix i is dims[i] × dims[i + 1]). */
function chainOrder(dims: readonly number[]): number[][] {
  const n = dims.length - 1;
  const cost = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const split = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let length = 1; length < n; length++) {
    for (let i = 0; i + length < n; i++) {
      const j = i + length;
      cost[i][j] = Infinity;
      for (let k = i; k < j; k++) {
        const c = cost[i][k] + cost[k + 1][j] + dims[i] * dims[k + 1] * dims[j + 1];
        if (c < cost[i][j]) {
          cost[i][j] = c;
          split[i][j] = k;
        }
      }
    }
  }
  return split;
}

function multiply(ms: readonly Tensor[], split: number[][], i: number, j: number): Tensor {
  if (i === j) return ms[i];
  const k = split[i][j];
  return ops.dotGeneral(multiply(ms, split, i, k), multiply(ms, split, k + 1, j), [[1], [0]]);
}

/**
 * The product of two or more matrices in the cheapest order. The first may be a vector (a row) and the last a
 * vector (a column); the others are 2-D; the result drops those vector axes, as numpy.
 *
 * @example
 * np.linalg.multiDot([np.ones([10, 2]), np.ones([2, 10]), np.ones([10])]) // [20, …] (10 entries)
 */
export function multiDot(arrays: readonly ArrayLike[]): Tensor {
  const op = "linalg.multiDot";
  const list = isArrayArg(op, arrays) ? (denseArrayOrThrow(op, "the arrays", arrays) as ArrayLike[]) : null;
  if (list === null || list.length < 2) {
    throw new ShapeError(`${op}: needs a list of at least two arrays, got ${list === null ? showValue(arrays) : `${list.length}`}.`);
  }
  const tensors = list.map((a) => toTensor(a, op));
  const dtype = resultType(...tensors);
  const ts = tensors.map((t) => ops.convert(t, dtype));
  const last = ts.length - 1;
  const ok = ts.every((t, i) => t.ndim === 2 || ((i === 0 || i === last) && t.ndim === 1));
  if (!ok) {
    throw new ShapeError(`linalg.multiDot: every array must be 2-D, except the first and last, which may be 1-D; got ${ts.map(avalText).join(", ")}.`);
  }
  const firstVector = ts[0].ndim === 1;
  const lastVector = ts[last].ndim === 1;
  const ms = ts.map((t, i) => (t.ndim === 2 ? t : i === 0 ? ops.reshape(t, [1, t.shape[0]]) : ops.reshape(t, [t.shape[0], 1])));
  for (let i = 0; i < last; i++) {
    if (ms[i].shape[1] !== ms[i + 1].shape[0]) {
      throw new ShapeError(`linalg.multiDot: ${avalText(ts[i])} and ${avalText(ts[i + 1])} (arrays ${i} and ${i + 1}) do not chain: inner dimensions ${ms[i].shape[1]} and ${ms[i + 1].shape[0]} differ.`);
    }
  }
  const dims = [ms[0].shape[0], ...ms.map((m) => m.shape[1])];
  const out = multiply(ms, chainOrder(dims), 0, last);
  const shape = [...(firstVector ? [] : [out.shape[0]]), ...(lastVector ? [] : [out.shape[1]])];
  return ops.reshape(out, shape);
}
