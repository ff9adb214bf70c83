/**
 * Batching rules (for `vmap`), one per primitive, in a table typed by
 * `PrimName` so a primitive without a rule does not compile; `table.ts`
 * puts each rule into its primitive's record. A rule receives the operands
 * with the batch axis of each (null: not batched) and returns outputs with
 * theirs. Most rules move the batch axis to the front and shift the params.
 */
import type { BatchDim, BatchRule, Params, ParamsOf, PrimName } from "../primitive.ts";
import type { Tensor } from "../tensor.ts";
import * as ops from "../ops.ts";
import { primitives as P } from "./table.ts";
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

const shift = (axes: readonly number[]) => axes.map((a) => a + 1);

// combinators

/** Elementwise on one operand: the batch axis stays where it is. */
function unaryRule<N extends PrimName>(name: N): BatchRule<N> {
  return (_size, [x], [d], params) => [bind(P[name], [x], params as Params), [d]];
}

/**
 * numpy-broadcasting operands: batched ones get the batch axis first and
 * singleton axes so every operand's own dims stay right-aligned.
 */
function broadcastingRule<N extends PrimName>(name: N): BatchRule<N> {
  return (_size, args, dims, params) => {
    const rank = Math.max(...args.map((x, i) => x.ndim - (dims[i] === null ? 0 : 1)));
    const aligned = args.map((x, i) => {
      const d = dims[i];
      if (d === null) return x;
      const front = moveAxis(x, d, 0);
      const own = front.shape.slice(1);
      return ops.reshape(front, [front.shape[0], ...new Array(rank - own.length).fill(1), ...own]);
    });
    return [bind(P[name], aligned, params as Params), [0]];
  };
}

/** One operand whose axis params shift by one when the batch axis goes first. */
function frontRule<N extends PrimName>(name: N, shiftParams: (p: ParamsOf[N], size: number) => ParamsOf[N]): BatchRule<N> {
  return (size, [x], [d], params) => [bind(P[name], [moveAxis(x, d!, 0)], shiftParams(params, size) as Params), [0]];
}

const reduceRule = <N extends "reduce_sum" | "reduce_max" | "reduce_min">(name: N) =>
  frontRule(name, (p) => ({ axes: shift(p.axes) }) as ParamsOf[N]);
const argRule = <N extends "argmax" | "argmin">(name: N) => frontRule(name, (p) => ({ axis: p.axis + 1 }) as ParamsOf[N]);

// rules

export const batchRules: { readonly [N in PrimName]: BatchRule<N> } = {
  neg: unaryRule("neg"),
  exp: unaryRule("exp"),
  log: unaryRule("log"),
  log1p: unaryRule("log1p"),
  expm1: unaryRule("expm1"),
  sin: unaryRule("sin"),
  cos: unaryRule("cos"),
  tanh: unaryRule("tanh"),
  atan: unaryRule("atan"),
  sqrt: unaryRule("sqrt"),
  abs: unaryRule("abs"),
  sign: unaryRule("sign"),
  logistic: unaryRule("logistic"),
  is_finite: unaryRule("is_finite"),
  integer_pow: unaryRule("integer_pow"),
  stop_gradient: unaryRule("stop_gradient"),
  convert_element_type: unaryRule("convert_element_type"),
  add: broadcastingRule("add"),
  sub: broadcastingRule("sub"),
  mul: broadcastingRule("mul"),
  div: broadcastingRule("div"),
  pow: broadcastingRule("pow"),
  max: broadcastingRule("max"),
  min: broadcastingRule("min"),
  eq: broadcastingRule("eq"),
  ne: broadcastingRule("ne"),
  lt: broadcastingRule("lt"),
  le: broadcastingRule("le"),
  gt: broadcastingRule("gt"),
  ge: broadcastingRule("ge"),
  select: broadcastingRule("select"),
  reduce_sum: reduceRule("reduce_sum"),
  reduce_max: reduceRule("reduce_max"),
  reduce_min: reduceRule("reduce_min"),
  argmax: argRule("argmax"),
  argmin: argRule("argmin"),
  cumsum: frontRule("cumsum", (p) => ({ axis: p.axis + 1, reverse: p.reverse })),
  broadcast_in_dim: frontRule("broadcast_in_dim", (p, size) => ({
    shape: [size, ...p.shape],
    broadcastDimensions: [0, ...shift(p.broadcastDimensions)],
  })),
  reshape: frontRule("reshape", (p, size) => ({ shape: [size, ...p.shape] })),
  transpose: frontRule("transpose", (p) => ({ permutation: [0, ...shift(p.permutation)] })),
  slice: frontRule("slice", (p, size) => ({ start: [0, ...p.start], limit: [size, ...p.limit], strides: [1, ...p.strides] })),
  pad: frontRule("pad", (p) => ({ low: [0, ...p.low], high: [0, ...p.high], interior: [0, ...p.interior] })),
  concatenate: (size, xs, dims, { axis }) => [[ops.concatenate(xs.map((x, i) => batchFirst(x, dims[i], size)), axis + 1)], [0]],
  gather: (size, [x, indices], [dx, di], { axis }) => {
    if (di === null) return [[ops.gather(moveAxis(x, dx!, 0), indices, axis + 1)], [0]];
    if (dx === null) return [[ops.gather(x, moveAxis(indices, di, 0), axis)], [axis]];
    return [[batchedGather(moveAxis(x, dx, 0), moveAxis(indices, di, 0), axis, size)], [0]];
  },
  scatter_add: (size, [updates, indices], [du, di], { axis, shape }) => {
    if (di === null) return [[ops.scatterAdd(moveAxis(updates, du!, 0), indices, axis + 1, [size, ...shape])], [0]];
    return [[batchedScatterAdd(batchFirst(updates, du, size), moveAxis(indices, di, 0), axis, shape, size)], [0]];
  },
  dot_general: (_size, [a, b], [da, db], { contracting, batch }) => {
    const [ca, cb] = contracting;
    const [ba, bb] = batch;
    if (da !== null && db !== null) {
      const out = ops.dotGeneral(moveAxis(a, da, 0), moveAxis(b, db, 0), [shift(ca), shift(cb)], [[0, ...shift(ba)], [0, ...shift(bb)]]);
      return [[out], [0]];
    }
    if (da !== null) {
      // the batch axis is a's first free axis: it lands right after the dot's batch axes
      const out = ops.dotGeneral(moveAxis(a, da, 0), b, [shift(ca), cb], [shift(ba), bb]);
      return [[out], [ba.length]];
    }
    const out = ops.dotGeneral(a, moveAxis(b, db!, 0), [ca, shift(cb)], [ba, shift(bb)]);
    const freeA = a.ndim - ca.length - ba.length;
    return [[out], [ba.length + freeA]];
  },
};

/** Row offsets `b·n` for batch element b, shaped to add to indices [B, ...]. */
function batchOffsets(indices: Tensor, size: number, n: number): Tensor {
  const offsets = new Int32Array(size);
  for (let b = 0; b < size; b++) offsets[b] = b * n;
  const column = ops.reshape(ops.fromInt32(offsets), [size]);
  return ops.broadcastInDim(column, indices.shape, [0]);
}

/** Per-batch gather: x [B, ...] with indices [B, ...] along `axis` of each x[b]. */
function batchedGather(x: Tensor, indices: Tensor, axis: number, size: number): Tensor {
  // x as [B·n, rest] with the gathered axis next to the batch axis, then offset the indices per batch
  const n = x.shape[axis + 1];
  const moved = moveAxis(x, axis + 1, 1);
  const rest = moved.shape.slice(2);
  const flat = ops.reshape(moved, [size * n, ...rest]);
  const gathered = ops.gather(flat, ops.add(indices, batchOffsets(indices, size, n)), 0);
  // gathered: [B, ...idx, before..., after...] -> [B, before..., ...idx, after...]
  const idxRank = indices.ndim - 1;
  const perm = [0];
  for (let i = 0; i < axis; i++) perm.push(1 + idxRank + i);
  for (let i = 0; i < idxRank; i++) perm.push(1 + i);
  for (let i = axis; i < rest.length; i++) perm.push(1 + idxRank + i);
  return ops.transpose(gathered, perm);
}

/** Per-batch scatter-add: the transpose of `batchedGather`. */
function batchedScatterAdd(updates: Tensor, indices: Tensor, axis: number, shape: readonly number[], size: number): Tensor {
  const n = shape[axis];
  const idxRank = indices.ndim - 1;
  const before = shape.slice(0, axis);
  const after = shape.slice(axis + 1);
  // updates [B, before, idx, after] -> [B, idx, before, after]
  const perm = [0];
  for (let i = 0; i < idxRank; i++) perm.push(1 + axis + i);
  for (let i = 0; i < axis; i++) perm.push(1 + i);
  for (let i = 0; i < after.length; i++) perm.push(1 + axis + idxRank + i);
  const moved = ops.transpose(updates, perm);
  const flat = ops.scatterAdd(moved, ops.add(indices, batchOffsets(indices, size, n)), 0, [size * n, ...before, ...after]);
  return moveAxis(ops.reshape(flat, [size, n, ...before, ...after]), 1, 1 + axis);
}
