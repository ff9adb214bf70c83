/**
 * `rev` (JAX's `lax.rev`): the elements in reverse order along some axes.
 * The lhs transpose of a convolution flips its kernel's spatial axes with it.
 * Linear, and its own transpose.
 *
 * @example
 * ops.rev(x, [0]) // x[::-1]
 */
import { reverse } from "../../kernels/movement.ts";
import { singleOutputTranspose, type Primitive } from "../primitive.ts";
import { ConcreteTensor, dataOf } from "../tensor.ts";
import * as ops from "../ops.ts";
import { ArgumentError } from "../errors.ts";
import { avalText } from "./check.ts";
import { batchFront, shiftAxes } from "./batching.ts";

export const rev: Primitive<"rev"> = {
  name: "rev",
  abstractEval([x], { dimensions }) {
    const n = x.shape.length;
    const valid = dimensions.every((d, i) => Number.isInteger(d) && d >= 0 && d < n && dimensions.indexOf(d) === i);
    if (!valid) throw new ArgumentError(`rev: dimensions (${dimensions.join(", ")}) are not distinct axes of ${avalText(x)}.`);
    return [{ shape: x.shape, dtype: x.dtype }];
  },
  impl: ([x], { dimensions }) => [new ConcreteTensor(reverse(dataOf(x), x.shape, dimensions), x.shape, x.dtype)],
  // linear: d rev(x) = rev(dx)
  jvp: ([x], [t], { dimensions }) => [[ops.rev(x, dimensions)], [ops.rev(t!, dimensions)]],
  // a permutation that is its own inverse
  transpose: singleOutputTranspose((ct, _args, { dimensions }) => [ops.rev(ct, dimensions)]),
  batch: batchFront(() => rev, (p) => ({ dimensions: shiftAxes(p.dimensions) })),
  lower: null,
};
