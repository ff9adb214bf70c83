/**
 * What the control-flow primitives (`cond.ts`, `loops.ts`, `scan.ts`) share:
 * reading a value that may be known now, scalar predicates, and comparing
 * the avals of branches and carries.
 *
 * @example
 * const p = predicate("cond", np.greater(x, 0)); // a bool scalar
 * concreteOrNull(p);                              // its value, or null when traced
 */
import { ShapeError } from "../core/errors.ts";
import * as ops from "../core/ops.ts";
import { toTensor } from "../core/convert.ts";
import type { ArrayLike, Aval, ConcreteTensor, Tensor } from "../core/tensor.ts";
import { formatAval } from "../ir/print.ts";

/** The concrete value of `x` if it has one now (a constant, or known under linearize), else null. */
export function concreteOrNull(x: Tensor): ConcreteTensor | null {
  try {
    return x.toConcrete("control flow");
  } catch {
    return null;
  }
}

/** Whether two lists of avals agree in shape and dtype. */
export function sameAvals(a: readonly Aval[], b: readonly Aval[]): boolean {
  return a.length === b.length && a.every((x, i) => x.dtype === b[i].dtype && formatAval(x) === formatAval(b[i]));
}

/** A scalar predicate as a bool tensor. */
export function predicate(op: string, pred: ArrayLike): Tensor {
  const p = toTensor(pred, op);
  if (p.shape.length !== 0) {
    throw new ShapeError(`${op}: the predicate must be a scalar, got ${formatAval(p)}; reduce it (np.all/np.any-like) or use np.where for elementwise choice.`);
  }
  return p.dtype === "bool" ? p : ops.ne(p, ops.scalar(0, p.dtype));
}
