/**
 * `np.newaxis`: in `x.slice(...)`, inserts an axis of size 1 where it stands,
 * as numpy's `x[:, np.newaxis]`. numpy spells it `None`, but in tracegrad's
 * index specs `null` already means a whole axis (`:`), so `newaxis` is its
 * own value: a unique symbol.
 *
 * @example
 * np.arange(3).slice(null, np.newaxis).shape // [3, 1]
 * np.arange(3).slice(np.newaxis).shape       // [1, 3]
 */
import * as ops from "../core/ops.ts";
import type { IndexSpec, Tensor } from "../core/tensor.ts";

/** Inserts a size-1 axis in `x.slice(...)` (numpy's `None` index). */
export const newaxis: unique symbol = Symbol("np.newaxis");

/** The type of `np.newaxis`. */
export type Newaxis = typeof newaxis;

/** `x[specs]` where specs may hold `newaxis`: slice with the others, then insert size-1 axes where the newaxes stood. */
export function sliceWithNewaxis(x: Tensor, specs: readonly (IndexSpec | Newaxis)[], slice: (x: Tensor, specs: readonly IndexSpec[]) => Tensor): Tensor {
  if (!specs.includes(newaxis)) return slice(x, specs as readonly IndexSpec[]);
  const out = slice(x, specs.filter((s): s is IndexSpec => s !== newaxis));
  // an integer index removes its axis; a slice or null keeps one; the axes not indexed follow
  const shape: number[] = [];
  let next = 0;
  for (const s of specs) {
    if (s === newaxis) shape.push(1);
    else if (typeof s !== "number") shape.push(out.shape[next++]);
  }
  while (next < out.ndim) shape.push(out.shape[next++]);
  return ops.reshape(out, shape);
}
