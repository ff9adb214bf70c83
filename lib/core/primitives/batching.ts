/**
 * Helpers and combinators for batching rules (`vmap`). A rule receives the
 * operands with the batch axis of each (null: not batched) and returns
 * outputs with theirs. Each primitive's rule lives in its record; the common
 * shapes of rule are built here: elementwise on one operand, numpy
 * broadcasting over several, and one operand whose axis params shift by one
 * when the batch axis goes first.
 *
 * @example
 * export const cumsum: Primitive<"cumsum"> = {
 *   ...,
 *   batch: batchFront(() => cumsum, (p) => ({ axis: p.axis + 1, reverse: p.reverse })),
 * };
 */
import type { AnyPrimitive, BatchDim, BatchRule, ParamsOf, PrimName } from "../primitive.ts";
import type { Tensor } from "../tensor.ts";
import * as ops from "../ops.ts";
import { bind } from "../trace.ts";

export type { BatchDim, BatchRule };

// utils

/** Moves axis `from` of `x` to position `to`. */
export function moveAxis(x: Tensor, from: number, to: number): Tensor {
  if (from === to) return x;
  const perm = x.shape.map((_, i) => i).filter((i) => i !== from);
  perm.splice(to, 0, from);
  return ops.transpose(x, perm);
}

/** `x` with its batch axis first; an unbatched `x` is broadcast along a new first axis. */
export function batchFirst(x: Tensor, dim: BatchDim, axisSize: number): Tensor {
  if (dim === null) return ops.broadcastInDim(x, [axisSize, ...x.shape], x.shape.map((_, i) => i + 1));
  return moveAxis(x, dim, 0);
}

/** Axis indices shifted past a new first (batch) axis. */
export function shiftAxes(axes: readonly number[]): number[] {
  return axes.map((a) => a + 1);
}

// combinators
//
// `self` gives the primitive being batched (a thunk, because the rule is written inside
// the record it belongs to): each rule binds it again on rearranged operands.

/** Elementwise on one operand: the batch axis stays where it is. */
export function batchUnary<P extends PrimName>(self: () => AnyPrimitive): BatchRule<P> {
  return (_size, [x], [d], params) => [bind(self(), [x], params), [d]];
}

/**
 * numpy-broadcasting operands: batched ones get the batch axis first and
 * singleton axes so every operand's own dims stay right-aligned.
 */
export function batchBroadcasting<P extends PrimName>(self: () => AnyPrimitive): BatchRule<P> {
  return (_size, args, dims, params) => {
    const rank = Math.max(...args.map((x, i) => x.ndim - (dims[i] === null ? 0 : 1)));
    const aligned = args.map((x, i) => {
      const d = dims[i];
      if (d === null) return x;
      const front = moveAxis(x, d, 0);
      const own = front.shape.slice(1);
      return ops.reshape(front, [front.shape[0], ...new Array<number>(rank - own.length).fill(1), ...own]);
    });
    return [bind(self(), aligned, params), [0]];
  };
}

/** One operand, moved to have its batch axis first; `shiftParams` adapts the params to the extra leading axis. */
export function batchFront<P extends PrimName>(self: () => AnyPrimitive, shiftParams: (params: ParamsOf[P], size: number) => ParamsOf[P]): BatchRule<P> {
  return (size, [x], [d], params) => [bind(self(), [moveAxis(x, d!, 0)], shiftParams(params, size)), [0]];
}

/** One operand with several outputs (the decompositions): the batch axis goes in front, where stacks `[..., m, n]` are native, and every output is batched there. */
export function batchLeading<P extends PrimName>(self: () => AnyPrimitive): BatchRule<P> {
  return (_size, [x], [d], params) => {
    const outs = bind(self(), [moveAxis(x, d!, 0)], params);
    return [outs, outs.map(() => 0)];
  };
}
