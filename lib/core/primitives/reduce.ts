/**
 * Reductions: sums, extrema, arg-extrema and cumulative sums along axes.
 * A full `reduce_sum` fuses into a loop as an accumulator.
 */
import { argReduce, cumulativeSum, reduce } from "../../kernels/reduce.ts";
import { singleOutputTranspose, type Primitive } from "../primitive.ts";
import { ConcreteTensor, type Aval, type Tensor, dataOf } from "../tensor.ts";
import * as ops from "../ops.ts";
import { ArgumentError } from "../errors.ts";
import { avalText, axisOrThrow } from "./check.ts";
import { batchFront, shiftAxes } from "./batching.ts";

function axesOrThrow(op: string, axes: readonly number[], x: Aval): void {
  const ndim = x.shape.length;
  for (let i = 0; i < axes.length; i++) {
    const a = axes[i];
    if (!Number.isInteger(a) || a < 0 || a >= ndim || (i > 0 && axes[i - 1] >= a)) {
      throw new ArgumentError(`${op}: axes (${axes.join(", ")}) are not sorted unique axes of ${avalText(x)}.`);
    }
  }
}

/** `reduce_sum`, `reduce_max`, `reduce_min` share their shape rule. */
function reduceAbstractEval(op: string) {
  return ([x]: readonly Aval[], { axes }: { readonly axes: readonly number[] }): Aval[] => {
    axesOrThrow(op, axes, x);
    return [{ shape: ops.dropAxes(x.shape, axes), dtype: x.dtype }];
  };
}

/** vmap: the batch axis goes first and the reduced axes shift past it. */
const shiftReducedAxes = (p: { readonly axes: readonly number[] }) => ({ axes: shiftAxes(p.axes) });

function reduceImpl(kernel: "sum" | "max" | "min") {
  return ([x]: readonly ConcreteTensor[], { axes }: { readonly axes: readonly number[] }): ConcreteTensor[] => {
    const shape = ops.dropAxes(x.shape, axes);
    return [new ConcreteTensor(reduce(kernel, dataOf(x), x.shape, axes, x.dtype), shape, x.dtype)];
  };
}

/** Puts a reduced value back in the reduced axes (size 1 there, broadcast after). */
function unreduce(y: Tensor, x: Aval, axes: readonly number[]): Tensor {
  return ops.broadcastInDim(y, x.shape, ops.keptAxes(x.shape.length, axes));
}

export const reduce_sum: Primitive<"reduce_sum"> = {
  name: "reduce_sum",
  abstractEval: reduceAbstractEval("reduce_sum"),
  impl: reduceImpl("sum"),
  // linear: d sum(x) = sum(dx)
  jvp: ([x], [t], { axes }) => [[ops.reduceSum(x, axes)], [ops.reduceSum(t!, axes)]],
  transpose: singleOutputTranspose((ct, [x], { axes }) => [unreduce(ct, x, axes)]),
  batch: batchFront(() => reduce_sum, shiftReducedAxes),
  // a sum accumulates in the loop over its operand (over all axes, or a leading or trailing block of them)
  lower: { kind: "sum", axes: ({ axes }) => axes },
};

/** d max(x) = the mean of dx over the positions that attain the max (as JAX). */
function extremumJvp(bindSelf: (x: Tensor, axes: readonly number[]) => Tensor) {
  return ([x]: readonly Tensor[], [t]: readonly (Tensor | null)[], { axes }: { readonly axes: readonly number[] }): [Tensor[], (Tensor | null)[]] => {
    const y = bindSelf(x, axes);
    const hits = ops.convert(ops.eq(x, unreduce(y, x, axes)), x.dtype);
    const counts = ops.reduceSum(hits, axes);
    return [[y], [ops.div(ops.reduceSum(ops.mul(t!, hits), axes), counts)]];
  };
}

export const reduce_max: Primitive<"reduce_max"> = {
  name: "reduce_max",
  abstractEval: reduceAbstractEval("reduce_max"),
  impl: reduceImpl("max"),
  jvp: extremumJvp(ops.reduceMax),
  transpose: null,
  batch: batchFront(() => reduce_max, shiftReducedAxes),
  lower: null,
};

export const reduce_min: Primitive<"reduce_min"> = {
  name: "reduce_min",
  abstractEval: reduceAbstractEval("reduce_min"),
  impl: reduceImpl("min"),
  jvp: extremumJvp(ops.reduceMin),
  transpose: null,
  batch: batchFront(() => reduce_min, shiftReducedAxes),
  lower: null,
};

function argPrimitive<P extends "argmax" | "argmin">(name: P, bindSelf: (x: Tensor, axis: number) => Tensor): Primitive<P> {
  const record: Primitive<P> = {
    name,
    abstractEval([x], { axis }) {
      axisOrThrow(name, axis, x);
      if (x.shape[axis] === 0) throw new ArgumentError(`${name}: attempt to get ${name} of an empty axis of ${avalText(x)}.`);
      return [{ shape: ops.dropAxes(x.shape, [axis]), dtype: "int32" }];
    },
    impl: ([x], { axis }) => [new ConcreteTensor(argReduce(name, dataOf(x), x.shape, axis), ops.dropAxes(x.shape, [axis]), "int32")],
    // an index has no derivative
    jvp: ([x], _t, { axis }) => [[bindSelf(x, axis)], [null]],
    transpose: null,
    batch: batchFront(() => record, (p) => ({ ...p, axis: p.axis + 1 })),
    lower: null,
  };
  return record;
}

export const argmax = argPrimitive("argmax", ops.argmax);
export const argmin = argPrimitive("argmin", ops.argmin);

export const cumsum: Primitive<"cumsum"> = {
  name: "cumsum",
  abstractEval([x], { axis }) {
    axisOrThrow("cumsum", axis, x);
    return [x];
  },
  impl: ([x], { axis, reverse }) => [new ConcreteTensor(cumulativeSum(dataOf(x), x.shape, axis, reverse, x.dtype), x.shape, x.dtype)],
  // linear: d cumsum(x) = cumsum(dx)
  jvp: ([x], [t], { axis, reverse }) => [[ops.cumsum(x, axis, reverse)], [ops.cumsum(t!, axis, reverse)]],
  // the transpose of a running sum is the running sum from the other end
  transpose: singleOutputTranspose((ct, _args, { axis, reverse }) => [ops.cumsum(ct, axis, !reverse)]),
  batch: batchFront(() => cumsum, (p) => ({ axis: p.axis + 1, reverse: p.reverse })),
  lower: null,
};
