/**
 * Cumulative reductions besides `cumsum` (JAX's `cumprod_p`, `cummax_p`,
 * `cummin_p`): each is the running product, maximum or minimum along one
 * axis, computed eagerly by a sequential kernel (numpy's values). Their
 * derivatives are JAX's: the jvp of the parallel prefix scan
 * (`associativeScan`) over pairs (value, tangent), so the rules are written
 * with ops and differentiate again, and `cumprod`'s derivative stays exact
 * with zeros in the input.
 *
 * @example
 * ops.cumprod(x, 0, false) // [x0, x0·x1, x0·x1·x2, …]
 */
import { cumulative, type CumulativeOp } from "../../kernels/cumulative.ts";
import { associativeScan, type Combine } from "../associativeScan.ts";
import type { Primitive } from "../primitive.ts";
import { ConcreteTensor, type Tensor, dataOf } from "../tensor.ts";
import * as ops from "../ops.ts";
import { axisOrThrow } from "./check.ts";
import { batchFront } from "./batching.ts";

type CumulativeName = "cumprod" | "cummax" | "cummin";

/** d(a·b) = da·b + a·db, carried along the product. */
const productPairs: Combine = ([a, da], [b, db]) => [ops.mul(a, b), ops.add(ops.mul(da, b), ops.mul(a, db))];

/** d max(a, b): the tangent of the larger one, half of each at ties (the rule of the `max` primitive, as JAX's). */
function extremumPairs(pick: (a: Tensor, b: Tensor) => Tensor, wins: (a: Tensor, b: Tensor) => Tensor): Combine {
  return ([a, da], [b, db]) => {
    const half = ops.mulScalar(ops.convert(ops.eq(a, b), a.dtype), 0.5);
    const weightA = ops.add(ops.convert(wins(a, b), a.dtype), half);
    const weightB = ops.sub(ops.scalar(1, a.dtype), weightA);
    return [pick(a, b), ops.add(ops.mul(da, weightA), ops.mul(db, weightB))];
  };
}

function cumulativePrimitive<P extends CumulativeName>(
  name: P,
  kernel: CumulativeOp,
  bindSelf: (x: Tensor, axis: number, reverse: boolean) => Tensor,
  pairs: Combine,
): Primitive<P> {
  const record: Primitive<P> = {
    name,
    abstractEval([x], { axis }) {
      axisOrThrow(name, axis, x);
      return [x];
    },
    impl: ([x], { axis, reverse }) => [new ConcreteTensor(cumulative(kernel, dataOf(x), x.shape, axis, reverse, x.dtype), x.shape, x.dtype)],
    // the tangent of the prefix scan of pairs (x, dx); the value is the kernel's, so it equals the eager one
    jvp: ([x], [t], { axis, reverse }) => [[bindSelf(x, axis, reverse)], [associativeScan(pairs, [x, t!], axis, reverse)[1]]],
    transpose: null,
    batch: batchFront(() => record, (p) => ({ axis: p.axis + 1, reverse: p.reverse }) as typeof p),
    lower: null,
  };
  return record;
}

export const cumprod = cumulativePrimitive("cumprod", "prod", ops.cumprod, productPairs);
export const cummax = cumulativePrimitive("cummax", "max", ops.cummax, extremumPairs(ops.max, ops.gt));
export const cummin = cumulativePrimitive("cummin", "min", ops.cummin, extremumPairs(ops.min, ops.lt));
