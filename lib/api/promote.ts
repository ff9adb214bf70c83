/**
 * numpy's dtype promotion at the API boundary: operands become tensors of
 * one dtype before a primitive is bound. JS numbers are weakly typed, as
 * Python scalars in numpy 2 / JAX: `x_f32 * 2` stays float32.
 */
import { isFloat, promoteTypes, weakPromote, type DType } from "../array/dtype.ts";
import { toTensor } from "../core/convert.ts";
import { convert, scalar } from "../core/ops.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";

function isJsScalar(x: unknown): x is number | boolean {
  return typeof x === "number" || typeof x === "boolean";
}

/** The dtype `a op b` computes in. */
export function resultDtype(a: ArrayLike, b: ArrayLike, op: string): DType {
  if (isJsScalar(b) && !isJsScalar(a)) return weakPromote(toTensor(a, op).dtype, b);
  if (isJsScalar(a) && !isJsScalar(b)) return weakPromote(toTensor(b, op).dtype, a);
  return promoteTypes(toTensor(a, op).dtype, toTensor(b, op).dtype);
}

/** Both operands as tensors of their promoted dtype (`minimum` raises it, e.g. to float for division). */
export function operands(op: string, a: ArrayLike, b: ArrayLike, minimum?: "float"): [Tensor, Tensor] {
  const ta = isJsScalar(a) ? null : toTensor(a, op);
  const tb = isJsScalar(b) ? null : toTensor(b, op);
  let dtype: DType;
  if (ta !== null && tb !== null) dtype = promoteTypes(ta.dtype, tb.dtype);
  else if (ta !== null) dtype = weakPromote(ta.dtype, b as number | boolean);
  else if (tb !== null) dtype = weakPromote(tb.dtype, a as number | boolean);
  else dtype = promoteTypes(typeof a === "boolean" ? "bool" : "float64", typeof b === "boolean" ? "bool" : "float64");
  if (minimum === "float" && !isFloat(dtype)) dtype = "float64";
  const cast = (t: Tensor | null, raw: ArrayLike) => (t === null ? scalar(Number(raw), dtype) : convert(t, dtype));
  return [cast(ta, a), cast(tb, b)];
}

/** A tensor in a float dtype (int and bool become float64, as numpy's ufuncs do). */
export function floatOperand(x: ArrayLike, op: string): Tensor {
  const t = toTensor(x, op);
  return isFloat(t.dtype) ? t : convert(t, "float64");
}
