/**
 * numpy's dtype promotion at the API boundary: operands become tensors of
 * one dtype before a primitive is bound. JS numbers are weakly typed, as
 * Python scalars in numpy 2 / JAX: `x_f32 * 2` stays float32. A weakly typed
 * tensor (a JS number passed to `jit`, `vmap`, `jvp`, ...: see
 * `Tensor.weakType`) promotes exactly like the JS scalar it stands for, so
 * `jit((x, c) => np.multiply(x, c))(x_f32, 2)` is float32 as eagerly.
 *
 * @example
 * operands("multiply", np.ones([2], { dtype: "float32" }), 2)[1].dtype; // "float32"
 */
import { isFloat, promoteTypes, weakPromoteKind, weakTypeOf, type DType, type WeakType } from "../array/dtype.ts";
import { isTensorArg, toTensor } from "../core/convert.ts";
import { convert, scalar } from "../core/ops.ts";
import { Tensor, type ArrayLike } from "../core/tensor.ts";
import { broadcastShapes } from "../array/shape.ts";
import { ShapeError } from "../core/errors.ts";

/** The weak type of an operand that acts as a JS scalar (a JS number/boolean or a weakly typed tensor); undefined for any other. */
export function scalarWeakType(x: unknown, op: string): WeakType | undefined {
  if (typeof x === "number" || typeof x === "boolean") return weakTypeOf(x);
  // isTensorArg: a Proxy whose getPrototypeOf trap throws is an ArgumentError, not a raw error
  return isTensorArg(op, x) ? x.weakType : undefined;
}

/** An operand acting as a JS scalar, with its weak type. */
interface WeakOperand {
  readonly weakType: WeakType;
  /** The dtype eager mode gives the scalar alone (`toTensor`): bool for booleans, float64 for numbers. */
  readonly dtype: DType;
  readonly value: number | boolean | Tensor;
}

/** A weak operand, or the operand as a tensor. */
function classify(x: ArrayLike, op: string): WeakOperand | Tensor {
  const weakType = scalarWeakType(x, op);
  if (weakType === undefined) return toTensor(x, op);
  return { weakType, dtype: weakType === "bool" ? "bool" : "float64", value: x as number | boolean | Tensor };
}

function dtypeOf(a: WeakOperand | Tensor, b: WeakOperand | Tensor): DType {
  const aWeak = !(a instanceof Tensor);
  const bWeak = !(b instanceof Tensor);
  if (aWeak && !bWeak) return weakPromoteKind(b.dtype, a.weakType);
  if (bWeak && !aWeak) return weakPromoteKind(a.dtype, b.weakType);
  // two strong tensors, or two JS scalars (each as eager makes it alone: float64 or bool)
  return promoteTypes(a.dtype, b.dtype);
}

/** The dtype `a op b` computes in. */
export function resultDtype(a: ArrayLike, b: ArrayLike, op: string): DType {
  return dtypeOf(classify(a, op), classify(b, op));
}

/** The operand as a strong tensor of `dtype`. */
function cast(x: WeakOperand | Tensor, dtype: DType): Tensor {
  if (x instanceof Tensor) return convert(x, dtype);
  const { value } = x;
  return value instanceof Tensor ? convert(value.withoutWeakType(), dtype) : scalar(Number(value), dtype);
}

/** Both operands as tensors of their promoted dtype (`minimum` raises it, e.g. to float for division). */
export function operands(op: string, a: ArrayLike, b: ArrayLike, minimum?: "float"): [Tensor, Tensor] {
  const ca = classify(a, op);
  const cb = classify(b, op);
  let dtype = dtypeOf(ca, cb);
  if (minimum === "float" && !isFloat(dtype)) dtype = "float64";
  return [cast(ca, dtype), cast(cb, dtype)];
}

/** A tensor in a float dtype (int and bool become float64, as numpy's ufuncs do). */
export function floatOperand(x: ArrayLike, op: string): Tensor {
  const t = toTensor(x, op);
  return isFloat(t.dtype) ? t : convert(t, "float64");
}

/** `operands`, and a `ShapeError` naming `op` when the two shapes do not broadcast (before any primitive sees them). */
export function broadcastOperands(op: string, a: ArrayLike, b: ArrayLike, minimum?: "float"): [Tensor, Tensor] {
  const [x, y] = operands(op, a, b, minimum);
  if (broadcastShapes(x.shape, y.shape) === null) {
    throw new ShapeError(
      `${op}: cannot broadcast ${x.dtype}[${x.shape.join(",")}] with ${y.dtype}[${y.shape.join(",")}]: trailing dimensions must be equal or 1.`,
    );
  }
  return [x, y];
}
