/**
 * Whole-array comparisons and membership: numpy's `arrayEqual`,
 * `arrayEquiv` and `isin`. Each gives bool tensors (a 0-d one for the
 * comparisons, as JAX, so they work under `jit`); their derivatives are
 * zero.
 *
 * @example
 * np.arrayEqual([1, 2], [1, 2]).item()    // true
 * np.isin([[1, 2], [3, 4]], [2, 3, 9])    // [[false, true], [true, false]]
 */
import { broadcastShapes } from "../array/shape.ts";
import { isFloat } from "../array/dtype.ts";
import * as ops from "../core/ops.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";
import { booleanArg } from "./options.ts";
import { optionsOrThrow } from "../core/convert.ts";
import { operands } from "./promote.ts";

/** Options of `isin`. */
export interface IsinOptions {
  /** Give the complement: true where the element is not among the test elements. */
  readonly invert?: boolean;
  /** numpy's hint that both inputs hold unique values; accepted and ignored (the result is the same). */
  readonly assumeUnique?: boolean;
}

const FALSE = () => ops.scalar(0, "bool");

/** Whether every element of a bool tensor is true, as a 0-d bool tensor. */
function allTrue(x: Tensor): Tensor {
  const falses = ops.reduceSum(ops.convert(ops.eq(x, FALSE()), "int32"), x.shape.map((_, i) => i));
  return ops.eq(falses, ops.scalar(0, "int32"));
}

/**
 * Whether two arrays have the same shape and elements, as a 0-d bool
 * tensor (false for different shapes). NaN equals NaN only with
 * `{ equalNan: true }`.
 *
 * @example
 * np.arrayEqual([1, NaN], [1, NaN], { equalNan: true }).item() // true
 */
export function arrayEqual(a1: ArrayLike, a2: ArrayLike, options?: { readonly equalNan?: boolean }): Tensor {
  const equalNan = booleanArg("arrayEqual", "equalNan", optionsOrThrow<{ equalNan?: boolean }>("arrayEqual", options, ["equalNan"]).equalNan, false);
  const [a, b] = operands("arrayEqual", a1, a2);
  if (a.ndim !== b.ndim || a.shape.some((d, i) => d !== b.shape[i])) return FALSE();
  let same = ops.eq(a, b);
  if (equalNan && isFloat(a.dtype)) same = ops.select(ops.ne(a, a), ops.ne(b, b), same);
  return allTrue(same);
}

/**
 * Whether two arrays are equal after broadcasting, as a 0-d bool tensor
 * (false when their shapes do not broadcast).
 *
 * @example
 * np.arrayEquiv([1, 2], [[1, 2], [1, 2]]).item() // true
 */
export function arrayEquiv(a1: ArrayLike, a2: ArrayLike): Tensor {
  const [a, b] = operands("arrayEquiv", a1, a2);
  if (broadcastShapes(a.shape, b.shape) === null) return FALSE();
  return allTrue(ops.eq(a, b));
}

/**
 * Whether each element of `element` is among `testElements` (any shape,
 * flattened), in the shape of `element`; `invert` gives the complement.
 * Compares every pair, so it costs `element.size · testElements.size`.
 *
 * @example
 * np.isin([1, 2, 3], [2, 5])                     // [false, true, false]
 * np.isin([1, 2, 3], [2, 5], { invert: true })   // [true, false, true]
 */
export function isin(element: ArrayLike, testElements: ArrayLike, options?: IsinOptions): Tensor {
  const o = optionsOrThrow<IsinOptions>("isin", options, ["invert", "assumeUnique"]);
  const invert = booleanArg("isin", "invert", o.invert, false);
  booleanArg("isin", "assumeUnique", o.assumeUnique, false);
  const [e, t] = operands("isin", element, testElements);
  const column = ops.reshape(e, [...e.shape, 1]);
  const hits = ops.reduceSum(ops.convert(ops.eq(column, ops.reshape(t, [t.size])), "int32"), [e.ndim]);
  return invert ? ops.eq(hits, ops.scalar(0, "int32")) : ops.gt(hits, ops.scalar(0, "int32"));
}
