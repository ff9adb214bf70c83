/**
 * Logical and bitwise functions of `np`, on the primitives `and`, `or`,
 * `xor`, `not` and the shifts. The logical ones take any dtype (nonzero is
 * true) and give bool; the bitwise ones take bool, int32 and uint32 (floats
 * are a `DTypeError`, as numpy's "ufunc not supported for the input
 * types") and promote as arithmetic does: `x_u32 & 0xff` stays uint32, two
 * JS integers are int32 (numpy makes them int64, JAX int32). `rightShift`
 * is arithmetic on int32 and logical on uint32, as numpy and JAX. All are
 * integer-valued: zero derivatives.
 *
 * @example
 * np.bitwiseAnd(np.array([12, 10], { dtype: "uint32" }), 6); // array([4, 2], dtype=uint32)
 * np.logicalXor([true, false], [true, true]);                 // array([False,  True])
 */
import { isInteger, type DType } from "../array/dtype.ts";
import { toTensor } from "../core/convert.ts";
import { DTypeError } from "../core/errors.ts";
import * as ops from "../core/ops.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";
import { operands, scalarWeakType } from "./promote.ts";

/** x != 0 as bool. */
function truth(x: ArrayLike, op: string): Tensor {
  const t = toTensor(x, op);
  return t.dtype === "bool" ? t : ops.ne(t, ops.scalar(0, t.dtype));
}

/** Both operands in their common dtype, which must be bool, int32 or uint32 (shifts: integers only, bool becoming int32). */
function integerOperands(op: string, a: ArrayLike, b: ArrayLike, shift: boolean): [Tensor, Tensor] {
  // two JS integers alone are int32 (weak ints, as JAX), not float64
  const bothIntScalars = scalarWeakType(a, op) === "int" && scalarWeakType(b, op) === "int";
  let [x, y] = bothIntScalars ? [toTensor(a, op, "int32"), toTensor(b, op, "int32")] : operands(op, a, b);
  const dtype: DType = x.dtype;
  if (!(isInteger(dtype) || dtype === "bool")) {
    throw new DTypeError(`${op}: not defined for ${dtype} operands (bitwise operations take bool, int32 or uint32); convert with astype("int32").`);
  }
  if (shift && dtype === "bool") [x, y] = [ops.convert(x, "int32"), ops.convert(y, "int32")];
  return [x, y];
}

function integerOperand(op: string, x: ArrayLike): Tensor {
  const t = scalarWeakType(x, op) === "int" ? toTensor(x, op, "int32") : toTensor(x, op);
  if (!(isInteger(t.dtype) || t.dtype === "bool")) {
    throw new DTypeError(`${op}: not defined for ${t.dtype} operands (bitwise operations take bool, int32 or uint32); convert with astype("int32").`);
  }
  return t;
}

// logical

/**
 * Elementwise `a && b` of truth values (nonzero is true); a bool tensor.
 *
 * @example
 * np.logicalAnd([1, 0], [2, 2]); // array([ True, False])
 */
export function logicalAnd(a: ArrayLike, b: ArrayLike): Tensor {
  return ops.bitwiseAnd(truth(a, "logicalAnd"), truth(b, "logicalAnd"));
}
/**
 * Elementwise `a || b` of truth values; a bool tensor.
 *
 * @example
 * np.logicalOr([0, 0], [0, 3]); // array([False,  True])
 */
export function logicalOr(a: ArrayLike, b: ArrayLike): Tensor {
  return ops.bitwiseOr(truth(a, "logicalOr"), truth(b, "logicalOr"));
}
/**
 * Elementwise exclusive or of truth values; a bool tensor.
 *
 * @example
 * np.logicalXor([true, false], [true, true]); // array([False,  True])
 */
export function logicalXor(a: ArrayLike, b: ArrayLike): Tensor {
  return ops.bitwiseXor(truth(a, "logicalXor"), truth(b, "logicalXor"));
}
/**
 * Elementwise `!x` of truth values; a bool tensor.
 *
 * @example
 * np.logicalNot([0, 2]); // array([ True, False])
 */
export function logicalNot(x: ArrayLike): Tensor {
  return ops.bitwiseNot(truth(x, "logicalNot"));
}

// bitwise

/**
 * `a & b` on integers (logical and for bool).
 *
 * @example
 * np.bitwiseAnd(12, 10); // array(8, dtype=int32)
 */
export function bitwiseAnd(a: ArrayLike, b: ArrayLike): Tensor {
  return ops.bitwiseAnd(...integerOperands("bitwiseAnd", a, b, false));
}
/**
 * `a | b` on integers (logical or for bool).
 *
 * @example
 * np.bitwiseOr(12, 10); // array(14, dtype=int32)
 */
export function bitwiseOr(a: ArrayLike, b: ArrayLike): Tensor {
  return ops.bitwiseOr(...integerOperands("bitwiseOr", a, b, false));
}
/**
 * `a ^ b` on integers (logical xor for bool).
 *
 * @example
 * np.bitwiseXor(12, 10); // array(6, dtype=int32)
 */
export function bitwiseXor(a: ArrayLike, b: ArrayLike): Tensor {
  return ops.bitwiseXor(...integerOperands("bitwiseXor", a, b, false));
}
/**
 * `~x` on integers (logical not for bool).
 *
 * @example
 * np.bitwiseNot(np.array([0], { dtype: "uint32" })); // array([4294967295], dtype=uint32)
 */
export function bitwiseNot(x: ArrayLike): Tensor {
  return ops.bitwiseNot(integerOperand("bitwiseNot", x));
}
/**
 * `~x`: numpy's other name for `bitwiseNot`.
 *
 * @example
 * np.invert(np.array([0, 5], { dtype: "int32" })); // array([-1, -6], dtype=int32)
 */
export const invert = bitwiseNot;
/**
 * `~x`: numpy 2's name for `invert`.
 *
 * @example
 * np.bitwiseInvert(true); // array(False)
 */
export const bitwiseInvert = bitwiseNot;

/**
 * `a << b`: bits shifted past bit 31 are dropped; an amount of 32 or more gives 0 (XLA's rule).
 *
 * @example
 * np.leftShift(1, 4); // array(16, dtype=int32)
 */
export function leftShift(a: ArrayLike, b: ArrayLike): Tensor {
  return ops.shiftLeft(...integerOperands("leftShift", a, b, true));
}
/**
 * `a >> b`: arithmetic (the sign fills in) on int32, logical on uint32.
 *
 * @example
 * np.rightShift(-16, 2); // array(-4, dtype=int32)
 */
export function rightShift(a: ArrayLike, b: ArrayLike): Tensor {
  const [x, y] = integerOperands("rightShift", a, b, true);
  return x.dtype === "uint32" ? ops.shiftRightLogical(x, y) : ops.shiftRightArithmetic(x, y);
}
/**
 * `a << b`: numpy 2's name for `leftShift`.
 *
 * @example
 * np.bitwiseLeftShift(3, 2); // array(12, dtype=int32)
 */
export const bitwiseLeftShift = leftShift;
/**
 * `a >> b`: numpy 2's name for `rightShift`.
 *
 * @example
 * np.bitwiseRightShift(12, 2); // array(3, dtype=int32)
 */
export const bitwiseRightShift = rightShift;
