/**
 * `np.einsum` and `np.tensordot`, lowered to primitives every transform
 * knows: a repeated label within one operand (a diagonal or trace) is a
 * `transpose`, `reshape` and `gather` of the diagonal's flat positions; a
 * label no other operand or the output needs is summed at once
 * (`reduce_sum`); each step of the contraction path (einsumPath.ts, opt_einsum's greedy
 * by default) is one `dot_general` whose batch axes are the labels both
 * operands share and something later needs, and whose contracting axes are
 * the other shared labels; a final `transpose` orders the output. A size-1
 * axis that broadcasts against a larger one is dropped from its operand
 * (the operand is constant along it).
 *
 * @example
 * np.einsum("ij,jk->ik", a, b)       // matmul
 * np.einsum("ii", m)                 // trace
 * np.einsum("...ij,...jk", a, b)     // batched matmul with broadcasting
 * np.einsum("bi,bj->bij", x, y)      // batched outer product
 */
import { promoteTypes, weakPromoteKind, type DType } from "../array/dtype.ts";
import { ArgumentError, ShapeError } from "../core/errors.ts";
import { denseArrayOrThrow, intOrThrow, isArrayArg, showValue } from "../core/convert.ts";
import { intList } from "./options.ts";
import * as ops from "../core/ops.ts";
import { avalText } from "../core/primitives/check.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";
import { parseEinsum, splitArguments } from "./einsumParse.ts";
import { pathFor, splitOptions, type EinsumOptions } from "./einsumPath.ts";
import { operands as promotePair, scalarWeakType } from "./promote.ts";
import { axisOf } from "./shape.ts";

export type { EinsumOptimize, EinsumOptions, EinsumPathList } from "./einsumPath.ts";

/** A tensor with one label per axis. */
interface Labeled {
  readonly t: Tensor;
  readonly labels: string;
}

/** The dtype of all operands together, as numpy's `result_type` (JS numbers weakly typed). */
function commonDtype(operands: readonly Tensor[], raw: readonly unknown[]): DType {
  const strong = operands.filter((_, k) => scalarWeakType(raw[k], "einsum") === undefined).map((t) => t.dtype);
  let dtype = strong.length > 0 ? strong.reduce(promoteTypes) : operands.map((t) => t.dtype).reduce(promoteTypes);
  if (strong.length > 0) {
    for (const x of raw) {
      const weak = scalarWeakType(x, "einsum");
      if (weak !== undefined) dtype = weakPromoteKind(dtype, weak);
    }
  }
  return dtype;
}

/** The diagonal of every label repeated within one operand: its axes moved last, flattened, and the diagonal's positions gathered. */
function diagonals(x: Labeled): Labeled {
  let { t, labels } = x;
  for (;;) {
    const repeated = [...labels].find((c, i) => labels.indexOf(c) !== i);
    if (repeated === undefined) return { t, labels };
    const at = [...labels].flatMap((c, i) => (c === repeated ? [i] : []));
    const others = [...labels].flatMap((c, i) => (c === repeated ? [] : [i]));
    const n = t.shape[at[0]];
    const moved = ops.transpose(t, [...others, ...at]);
    const flat = ops.reshape(moved, [...others.map((i) => t.shape[i]), n ** at.length]);
    // the element (i, i, ..., i) sits at i·(1 + n + … + n^(k-1))
    const stride = (n ** at.length - 1) / Math.max(n - 1, 1) || 1;
    const positions = ops.fromInt32(Int32Array.from({ length: n }, (_, i) => i * stride));
    t = ops.gather(flat, positions, others.length);
    labels = others.map((i) => labels[i]).join("") + repeated;
  }
}

/** Drops axes of size 1 whose label is larger elsewhere (numpy broadcasting), and sums labels that nothing else needs. */
function prepare(x: Labeled, sizes: ReadonlyMap<string, number>, needed: string): Labeled {
  const { t, labels } = diagonals(x);
  const drop = [...labels].flatMap((c, i) => (t.shape[i] === 1 && sizes.get(c)! > 1 ? [i] : []));
  let out: Labeled = drop.length === 0 ? { t, labels } : { t: ops.reshape(t, t.shape.filter((_, i) => !drop.includes(i))), labels: [...labels].filter((_, i) => !drop.includes(i)).join("") };
  out = sumExcept(out, needed);
  return out;
}

/** Sums the axes whose labels are not in `keep`. */
function sumExcept(x: Labeled, keep: string): Labeled {
  const axes = [...x.labels].flatMap((c, i) => (keep.includes(c) ? [] : [i]));
  if (axes.length === 0) return x;
  return { t: ops.reduceSum(x.t, axes), labels: [...x.labels].filter((c) => keep.includes(c)).join("") };
}

/**
 * One pairwise contraction: shared labels that `keep` needs are batch axes,
 * the other shared labels contracted. The batch axes follow the output's
 * order, and the operands are swapped when that lays the result out in the
 * output's order (so the final transpose is a no-op more often).
 */
function contractPair(a: Labeled, b: Labeled, keep: string, output: string): Labeled {
  const x = sumExcept(a, keep + b.labels);
  const y = sumExcept(b, keep + x.labels);
  const shared = [...x.labels].filter((c) => y.labels.includes(c));
  const rank = (c: string) => (output.includes(c) ? output.indexOf(c) : output.length);
  const batch = shared.filter((c) => keep.includes(c)).sort((c, d) => rank(c) - rank(d));
  const contracted = shared.filter((c) => !keep.includes(c));
  const free = (s: string) => [...s].filter((c) => !shared.includes(c)).join("");
  const inOrder = (labels: string) => [...labels].every((c, i) => i === 0 || rank(labels[i - 1]) <= rank(c));
  const [l, r] = !inOrder(batch.join("") + free(x.labels) + free(y.labels)) && inOrder(batch.join("") + free(y.labels) + free(x.labels)) ? [y, x] : [x, y];
  const t = ops.dotGeneral(
    l.t,
    r.t,
    [contracted.map((c) => l.labels.indexOf(c)), contracted.map((c) => r.labels.indexOf(c))],
    [batch.map((c) => l.labels.indexOf(c)), batch.map((c) => r.labels.indexOf(c))],
  );
  return { t, labels: batch.join("") + free(l.labels) + free(r.labels) };
}

/**
 * Einstein summation in numpy's subscript language: `"ij,jk->ik"`, implicit
 * output (`"ij,jk"`), `...` for broadcast axes, repeated labels for
 * diagonals and traces (`"ii->i"`, `"ii"`), or numpy's sublist form
 * (`np.einsum(a, [0, 1], b, [1, 2], [0, 2])`). A trailing
 * `{ optimize }` chooses the contraction order: `"greedy"` (the default, as
 * JAX; numpy's einsum defaults to none), `"optimal"`, `false` (left to
 * right) or an explicit `["einsum_path", ...]` from `np.einsumPath`.
 * Operands promote as numpy's; booleans give a boolean (any product true).
 *
 * @example
 * np.einsum("ij,jk->ik", [[1, 2], [3, 4]], [[1, 0], [0, 1]]) // [[1, 2], [3, 4]]
 * np.einsum("ii", [[1, 2], [3, 4]])                          // 5 (the trace)
 * np.einsum("i,i", [1, 2, 3], [4, 5, 6])                     // 32
 */
export function einsum(...args: (string | ArrayLike | readonly unknown[] | EinsumOptions)[]): Tensor {
  const op = "einsum";
  const { rest, options } = splitOptions(op, args);
  const { subscripts, operands: raw } = splitArguments(op, rest);
  const spec = parseEinsum(op, subscripts, raw);
  const path = pathFor(op, spec, options.optimize ?? "greedy");
  const dtype = spec.operands.length > 0 ? commonDtype(spec.operands, raw) : "float64";
  const compute: DType = dtype === "bool" ? "int32" : dtype;
  let list: Labeled[] = spec.operands.map((t, k) => ({ t: ops.convert(t, compute), labels: spec.inputs[k] }));
  const neededBy = (items: readonly Labeled[], except: readonly number[]) => spec.output + items.filter((_, i) => !except.includes(i)).map((x) => x.labels).join("");
  list = list.map((x, i) => prepare(x, spec.sizes, neededBy(list, [i])));
  for (const step of path) {
    const positions = [...step].sort((p, q) => p - q);
    const keep = neededBy(list, positions);
    const taken = positions.map((p) => list[p]); // contracted left to right
    list = list.filter((_, i) => !positions.includes(i));
    let acc = sumExcept(taken[0], keep + taken.slice(1).map((x) => x.labels).join(""));
    for (let k = 1; k < taken.length; k++) {
      acc = contractPair(acc, taken[k], keep + taken.slice(k + 1).map((x) => x.labels).join(""), spec.output);
    }
    list.push(acc);
  }
  const last = sumExcept(list[0], spec.output);
  const out = ops.transpose(last.t, [...spec.output].map((c) => last.labels.indexOf(c)));
  return dtype === "bool" ? ops.ne(out, ops.scalar(0, "int32")) : out;
}

// tensordot

function axesList(op: string, value: unknown, what: string): number[] {
  return intList(op, what, value);
}

/**
 * Sums products over the last `axes` axes of `a` and the first of `b`
 * (`axes` a count, default 2), or over the axis pairs `[aAxes, bAxes]`;
 * the result has `a`'s free axes, then `b`'s.
 *
 * @example
 * np.tensordot(np.ones([3, 4, 5]), np.ones([4, 5, 2])).shape       // [3, 2]
 * np.tensordot(np.ones([3, 4]), np.ones([4, 3]), [[0], [1]]).shape  // [4, 4]
 */
export function tensordot(a: ArrayLike, b: ArrayLike, axes: number | readonly [number | readonly number[], number | readonly number[]] = 2): Tensor {
  const op = "tensordot";
  const [x, y] = promotePair(op, a, b);
  let ax: number[];
  let bx: number[];
  if (typeof axes === "number") {
    if (intOrThrow(op, "axes", axes, 0) > x.ndim || axes > y.ndim) {
      throw new ArgumentError(`${op}: axes ${showValue(axes)} must be a count of at most min(${x.ndim}, ${y.ndim}) axes for ${avalText(x)} and ${avalText(y)}.`);
    }
    ax = Array.from({ length: axes }, (_, i) => x.ndim - axes + i);
    bx = Array.from({ length: axes }, (_, i) => i);
  } else {
    const pair = isArrayArg(op, axes) ? denseArrayOrThrow(op, "axes", axes) : null;
    if (pair === null || pair.length !== 2) throw new ArgumentError(`${op}: axes must be an integer or a pair [aAxes, bAxes], got ${showValue(axes)}.`);
    ax = axesList(op, pair[0], "axes[0]").map((i) => axisOf(op, i, x.ndim, x));
    bx = axesList(op, pair[1], "axes[1]").map((i) => axisOf(op, i, y.ndim, y));
    if (ax.length !== bx.length) throw new ArgumentError(`${op}: axes ${showValue(axes)} pair ${ax.length} axes of a with ${bx.length} of b.`);
    if (new Set(ax).size !== ax.length || new Set(bx).size !== bx.length) throw new ArgumentError(`${op}: repeated axis in ${showValue(axes)}.`);
  }
  ax.forEach((i, k) => {
    if (x.shape[i] !== y.shape[bx[k]]) {
      throw new ShapeError(`${op}: ${avalText(x)} and ${avalText(y)}: axis ${i} of a (${x.shape[i]}) and axis ${bx[k]} of b (${y.shape[bx[k]]}) differ.`);
    }
  });
  if (x.dtype === "bool") return ops.ne(ops.dotGeneral(ops.convert(x, "int32"), ops.convert(y, "int32"), [ax, bx]), ops.scalar(0, "int32"));
  return ops.dotGeneral(x, y, [ax, bx]);
}
