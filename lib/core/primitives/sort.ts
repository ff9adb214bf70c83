/**
 * `sort` (JAX's `lax.sort`): sorts several operands of one shape along
 * `dimension` by the first `numKeys` of them, lexicographically and stably,
 * floats in the total order with NaNs last (`kernels/sort.ts`). `np.sort`,
 * `np.argsort` (the keys with an iota), `lax.topK`, `unique` and the
 * quantiles are built on it.
 *
 * The derivative is the permutation: sorting carries an iota along, and each
 * tangent is gathered by the resulting indices (`takeAlongAxis`), so the
 * gradient flows back through a scatter-add to where each value came from.
 */
import { sizeOf } from "../../array/shape.ts";
import * as kernels from "../../kernels/sort.ts";
import type { Primitive } from "../primitive.ts";
import { ConcreteTensor, type Aval, dataOf } from "../tensor.ts";
import * as ops from "../ops.ts";
import { ArgumentError, ShapeError } from "../errors.ts";
import { avalText } from "./check.ts";
import { batchFirst } from "./batching.ts";

function sortOrThrow(operands: readonly Aval[], dimension: number, numKeys: number): void {
  if (operands.length === 0) throw new ArgumentError("sort: needs at least one operand.");
  const [first] = operands;
  const rank = first.shape.length;
  for (const x of operands) {
    if (x.shape.length !== rank || !x.shape.every((d, i) => d === first.shape[i])) {
      throw new ShapeError(`sort: operands ${operands.map(avalText).join(", ")} must all have one shape.`);
    }
  }
  if (!Number.isInteger(dimension) || dimension < 0 || dimension >= rank) {
    throw new ArgumentError(`sort: dimension ${dimension} is out of range for ${avalText(first)} (it needs rank >= 1).`);
  }
  if (!Number.isInteger(numKeys) || numKeys < 1 || numKeys > operands.length) {
    throw new ArgumentError(`sort: numKeys ${numKeys} must be between 1 and the number of operands (${operands.length}).`);
  }
}

export const sort: Primitive<"sort"> = {
  name: "sort",
  abstractEval(operands, { dimension, numKeys }) {
    sortOrThrow(operands, dimension, numKeys);
    return operands.map((x) => ({ shape: x.shape, dtype: x.dtype }));
  },
  impl(operands, { dimension, numKeys }) {
    sortOrThrow(operands, dimension, numKeys);
    const shape = operands[0].shape;
    const sorted = sizeOf(shape) === 0 ? operands.map((x) => dataOf(x)) : kernels.sort(operands.map((x) => dataOf(x)), shape, dimension, numKeys);
    return sorted.map((data, i) => new ConcreteTensor(data, shape, operands[i].dtype));
  },
  // sorting permutes: d sort(x)_j = dx_{perm(j)}, with perm from sorting an iota alongside
  jvp(primals, tangents, { dimension, isStable, numKeys }) {
    const iota = ops.iotaAlong(primals[0].shape, dimension);
    const outs = ops.sort([...primals, iota], dimension, numKeys, isStable);
    const perm = outs.pop()!;
    return [outs, tangents.map((t) => (t === null ? null : ops.takeAlongAxis(t, perm, dimension)))];
  },
  transpose: null,
  batch(size, operands, dims, { dimension, isStable, numKeys }) {
    const front = operands.map((x, i) => batchFirst(x, dims[i], size));
    return [ops.sort(front, dimension + 1, numKeys, isStable), front.map(() => 0)];
  },
  lower: null,
};
