/**
 * Sorting and searching (issue 9, group 4): `sort`, `argsort`, `lexsort`,
 * `lax.topK` (on the `sort` primitive: stable, NaNs last, `-0` before `+0`
 * as JAX), `searchsorted` (a branchless binary search of gathers, so it
 * works on traced arrays too) and numpy's `select`.
 *
 * Sorted values differentiate through the permutation (the gradient of each
 * sorted element goes back to where it came from); indices are integers, with
 * zero derivatives.
 *
 * @example
 * np.sort(np.array([3, 1, 2]))                          // [1, 2, 3]
 * np.argsort(np.array([3, 1, 2]), -1, { descending: true }) // [0, 2, 1]
 * np.searchsorted(np.array([1, 2, 3]), 2.5)              // 2
 */
import { ArgumentError, DTypeError, ShapeError } from "../core/errors.ts";
import { denseArrayOrThrow, isArrayArg, optionsOrThrow, showValue, toTensor } from "../core/convert.ts";
import * as ops from "../core/ops.ts";
import { avalText } from "../core/primitives/check.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";
import { booleanArg } from "./options.ts";
import { operands, resultDtype } from "./promote.ts";
import { reverseAxis } from "./rearrange.ts";
import { axisOf } from "./shape.ts";
import { broadcastShapes } from "../array/shape.ts";

/** Options of `sort`/`argsort` (numpy's `stable`, always true here, and `descending`). */
export interface SortOptions {
  readonly stable?: boolean;
  readonly descending?: boolean;
}

/** The tensor and the sort axis: axis null flattens; a 0-d array needs axis null (numpy). */
function sortAxis(op: string, a: ArrayLike, axis: number | null | undefined): [Tensor, number] {
  const x = toTensor(a, op);
  if (axis === null) return [ops.reshape(x, [x.size]), 0];
  if (typeof axis !== "number") throw new ArgumentError(`${op}: axis must be an integer or null, got ${showValue(axis)}.`);
  if (x.ndim === 0) throw new ArgumentError(`${op}: axis ${axis} is out of bounds for ${avalText(x)}; a 0-d array sorts with axis null.`);
  return [x, axisOf(op, axis, x.ndim, x)];
}

function sortOptions(op: string, options: unknown): boolean {
  const { stable, descending } = optionsOrThrow<Record<string, unknown>>(op, options, ["stable", "descending"]);
  booleanArg(op, "stable", stable, true);
  return booleanArg(op, "descending", descending, false);
}

/**
 * A sorted copy along `axis` (default -1; null sorts the flattened array), stably, NaNs last;
 * `descending` reverses the order (NaNs then come first, as JAX's).
 *
 * @example
 * np.sort(np.array([[3, 1], [0, 2]]), 0) // [[0, 1], [3, 2]]
 */
export function sort(a: ArrayLike, axis: number | null = -1, options?: SortOptions): Tensor {
  const descending = sortOptions("sort", options);
  const [x, ax] = sortAxis("sort", a, axis);
  const sorted = ops.sort([x], ax)[0];
  return descending ? reverseAxis(sorted, ax) : sorted;
}

/**
 * The int32 indices that sort `a` along `axis` (stable: equal elements keep their order,
 * also when `descending`, as JAX's).
 *
 * @example
 * np.argsort(np.array([1, 3, 5, 4, 2, 1])) // [0, 5, 4, 1, 3, 2]
 */
export function argsort(a: ArrayLike, axis: number | null = -1, options?: SortOptions): Tensor {
  const descending = sortOptions("argsort", options);
  const [x, ax] = sortAxis("argsort", a, axis);
  if (!descending) return ops.sort([x, ops.iotaAlong(x.shape, ax)], ax)[1];
  // reverse, sort stably, reverse back: equal elements stay in their original order
  const perm = ops.sort([reverseAxis(x, ax), reverseAxis(ops.iotaAlong(x.shape, ax), ax)], ax)[1];
  return reverseAxis(perm, ax);
}

/**
 * numpy's `lexsort`: the int32 indices that sort by several keys, the last key primary.
 *
 * @example
 * np.lexsort([np.array([4, 2, 3, 2, 5]), np.array([2, 1, 1, 2, 2])]) // [1, 2, 3, 0, 4]
 */
export function lexsort(keys: readonly ArrayLike[], axis = -1): Tensor {
  const list = isArrayArg("lexsort", keys) ? denseArrayOrThrow("lexsort", "keys", keys) : [];
  if (list.length === 0) throw new ArgumentError(`lexsort: keys must be a non-empty array of arrays, got ${showValue(keys)}.`);
  const ts = list.map((k) => toTensor(k as ArrayLike, "lexsort"));
  if (!ts.every((t) => t.shape.length === ts[0].shape.length && t.shape.every((d, i) => d === ts[0].shape[i]))) {
    throw new ShapeError(`lexsort: all keys must have one shape, got ${ts.map(avalText).join(", ")}.`);
  }
  const first = ts[0];
  if (first.ndim === 0) return ops.scalar(0, "int32");
  const ax = axisOf("lexsort", axis, first.ndim, first);
  const primaryFirst = ts.slice().reverse();
  const outs = ops.sort([...primaryFirst, ops.iotaAlong(first.shape, ax)], ax, primaryFirst.length);
  return outs[outs.length - 1];
}

/**
 * JAX's `lax.top_k`: the `k` largest entries along the last axis, in descending order
 * (among equal values the lower index first), and their int32 indices.
 *
 * @example
 * lax.topK(np.array([1, 3, 3, 2]), 2) // [[3, 3], [1, 2]]
 */
export function topK(operand: ArrayLike, k: number): [Tensor, Tensor] {
  const x = toTensor(operand, "topK");
  if (x.ndim === 0) throw new ShapeError(`topK: needs an operand of rank >= 1, got ${avalText(x)}.`);
  const ax = x.ndim - 1;
  const n = x.shape[ax];
  if (typeof k !== "number" || !Number.isInteger(k) || k < 0 || k > n) throw new ArgumentError(`topK: k must be an integer in [0, ${n}] for ${avalText(x)}, got ${showValue(k)}.`);
  // ascending stable sort of the reversed lane: its end, read backwards, is the top, ties by lower index
  const [values, indices] = ops.sort([reverseAxis(x, ax), reverseAxis(ops.iotaAlong(x.shape, ax), ax)], ax);
  const lastK = (t: Tensor) => reverseAxis(ops.slice(t, t.shape.map((d, i) => (i === ax ? n - k : 0)), t.shape), ax);
  return [lastK(values), lastK(indices)];
}

/** Options of `searchsorted`: which side of equal elements, and the permutation that sorts `a`. */
export interface SearchsortedOptions {
  readonly side?: "left" | "right";
  readonly sorter?: ArrayLike;
}

/**
 * numpy's `searchsorted`: for each of `v`, the int32 index where it would be inserted into the
 * sorted 1-D `a` to keep it sorted (`side: "left"`: before equal elements, `"right"`: after);
 * NaNs sort last. A binary search of ⌈log2(n + 1)⌉ gathers, so `a` and `v` may be traced.
 *
 * @example
 * np.searchsorted(np.array([1, 2, 2, 3]), np.array([2, 5]), { side: "right" }) // [3, 4]
 */
export function searchsorted(a: ArrayLike, v: ArrayLike, options?: SearchsortedOptions): Tensor {
  const { side = "left", sorter } = optionsOrThrow<Record<string, unknown>>("searchsorted", options, ["side", "sorter"]);
  if (side !== "left" && side !== "right") throw new ArgumentError(`searchsorted: side must be "left" or "right", got ${showValue(side)}.`);
  let [sorted, values] = operands("searchsorted", a, v);
  if (sorted.ndim !== 1) throw new ShapeError(`searchsorted: a must be 1-D, got ${avalText(sorted)}.`);
  if (sorter !== undefined) {
    const order = toTensor(sorter as ArrayLike, "searchsorted");
    if (order.dtype !== "int32" && order.dtype !== "float64") throw new DTypeError(`searchsorted: sorter must hold integers, got ${avalText(order)}.`);
    if (order.ndim !== 1 || order.shape[0] !== sorted.shape[0]) throw new ShapeError(`searchsorted: sorter ${avalText(order)} must be 1-D of a's length ${sorted.shape[0]}.`);
    sorted = ops.gather(sorted, ops.convert(order, "int32"), 0);
  }
  const n = sorted.shape[0];
  let count: Tensor = ops.full(values.shape, 0, "int32");
  if (n === 0) return count;
  const isNan = (t: Tensor) => ops.ne(t, t);
  const or = (p: Tensor, q: Tensor) => ops.select(p, p, q);
  const and = (p: Tensor, q: Tensor) => ops.select(p, q, p);
  const not = (p: Tensor) => ops.eq(p, ops.scalar(0, "bool"));
  // before(e, v): e sorts before the insertion point (left: e < v; right: e <= v), NaNs last
  const before = (e: Tensor) =>
    side === "left" ? or(ops.lt(e, values), and(isNan(values), not(isNan(e)))) : or(ops.le(e, values), isNan(values));
  let step = 1;
  while (step * 2 <= n) step *= 2;
  // count = how many elements sort before v: grow it by each power of two while a[count + step - 1] does
  for (; step >= 1; step = Math.floor(step / 2)) {
    const next = ops.add(count, ops.scalar(step, "int32"));
    const inRange = ops.le(next, ops.scalar(n, "int32"));
    const probe = ops.gather(sorted, ops.sub(next, ops.scalar(1, "int32")), 0);
    count = ops.select(and(inRange, before(probe)), next, count);
  }
  return count;
}

/**
 * numpy's `select`: where `condlist[i]` is the first true condition, `choicelist[i]`; `default`
 * where none is. Conditions are boolean; everything broadcasts.
 *
 * @example
 * const x = np.arange(6);
 * np.select([np.less(x, 3), np.greater(x, 4)], [x, np.multiply(x, 10)], -1) // [0, 1, 2, -1, -1, 50]
 */
export function select(condlist: readonly ArrayLike[], choicelist: readonly ArrayLike[], defaultValue: ArrayLike = 0): Tensor {
  if (!isArrayArg("select", condlist) || !isArrayArg("select", choicelist)) throw new ArgumentError(`select: condlist and choicelist must be arrays, got ${showValue(condlist)} and ${showValue(choicelist)}.`);
  condlist = denseArrayOrThrow("select", "condlist", condlist) as ArrayLike[];
  choicelist = denseArrayOrThrow("select", "choicelist", choicelist) as ArrayLike[];
  if (condlist.length !== choicelist.length) throw new ArgumentError(`select: condlist and choicelist must have the same length, got ${condlist.length} and ${choicelist.length}.`);
  const conds = condlist.map((c) => toTensor(c, "select"));
  conds.forEach((c) => {
    if (c.dtype !== "bool") throw new DTypeError(`select: conditions must be boolean, got ${avalText(c)}.`);
  });
  if (conds.length === 0) throw new ArgumentError("select: needs at least one condition (numpy raises for an empty condlist).");
  // the choices' and the default's promoted dtype (JS numbers weakly typed, as numpy's Python scalars)
  let acc: ArrayLike = choicelist[0];
  for (const c of [...choicelist.slice(1), defaultValue]) acc = ops.scalar(0, resultDtype(acc, c, "select"));
  const target = toTensor(acc, "select").dtype;
  const parts = [...conds, ...choicelist.map((c) => ops.convert(toTensor(c, "select"), target)), ops.convert(toTensor(defaultValue, "select"), target)];
  const shape = parts.reduce<number[] | null>((s, t) => (s === null ? null : broadcastShapes(s, t.shape)), []);
  if (shape === null) throw new ShapeError(`select: conditions and choices ${parts.map(avalText).join(", ")} do not broadcast together.`);
  const all = parts.map((t) => ops.broadcastTo(t, shape));
  let out = all[all.length - 1];
  for (let i = conds.length - 1; i >= 0; i--) out = ops.select(all[i], all[conds.length + i], out);
  return out;
}
