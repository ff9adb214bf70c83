/**
 * Bitwise primitives, as JAX's `lax.and`, `or`, `xor`, `not`, `shift_left`,
 * `shift_right_logical` and `shift_right_arithmetic`: elementwise with numpy
 * broadcasting on operands of one dtype. and/or/xor/not take bool (logical)
 * and int32/uint32 (on the 32-bit pattern); shifts take int32/uint32, and an
 * amount outside [0, 32) (read as unsigned) shifts everything out, as XLA.
 * Their values are integers: zero derivatives, as JAX.
 */
import type { DType } from "../../array/dtype.ts";
import { binary, unary } from "../../kernels/elementwise.ts";
import { BINARY_MATH, UNARY_MATH } from "../../kernels/scalar.ts";
import { DTypeError } from "../errors.ts";
import type { JvpRule, PrimName, Primitive } from "../primitive.ts";
import { ConcreteTensor, type Aval, type Tensor, dataOf } from "../tensor.ts";
import * as ops from "../ops.ts";
import { batchBroadcasting, batchUnary } from "./batching.ts";
import { avalText, broadcastOrThrow, sameDtypeOrThrow } from "./check.ts";

type BitwiseBinary = "and" | "or" | "xor" | "shift_left" | "shift_right_logical" | "shift_right_arithmetic";

/** The operand dtypes each takes: bool too for the logical ones, integers only for shifts. */
function dtypeOrThrow(op: string, a: Aval, withBool: boolean): DType {
  const ok = a.dtype === "int32" || a.dtype === "uint32" || (withBool && a.dtype === "bool");
  if (!ok) {
    const allowed = withBool ? "bool, int32 or uint32" : "int32 or uint32";
    throw new DTypeError(`${op}: needs ${allowed} operands, got ${avalText(a)}; bitwise operations are not defined on floats.`);
  }
  return a.dtype;
}

/** Integer-valued: the value, and a zero tangent. */
function zeroJvp<P extends PrimName>(bindSelf: (xs: readonly Tensor[]) => Tensor): JvpRule<P> {
  return (xs) => [[bindSelf(xs)], [null]];
}

function binaryBitwise<P extends BitwiseBinary>(name: P, bindSelf: (a: Tensor, b: Tensor) => Tensor, withBool: boolean): Primitive<P> {
  const record: Primitive<P> = {
    name,
    abstractEval([a, b]) {
      const dtype = sameDtypeOrThrow(name, a, b);
      dtypeOrThrow(name, a, withBool);
      return [{ shape: broadcastOrThrow(name, a, b), dtype }];
    },
    impl([a, b]) {
      const shape = a.shape === b.shape ? a.shape : broadcastOrThrow(name, a, b);
      return [new ConcreteTensor(binary(name, dataOf(a), a.shape, dataOf(b), b.shape, shape, a.dtype), shape, a.dtype)];
    },
    jvp: zeroJvp(([a, b]) => bindSelf(a, b)),
    transpose: null,
    batch: batchBroadcasting(() => record),
    // the store (| 0, >>> 0, or 0/1 for bool) gives the dtype's value of the 32-bit pattern
    lower: { kind: "elementwise", rule: () => BINARY_MATH[name] },
  };
  return record;
}

// x & y, x | y, x ^ y (logical on bool)
export const and = binaryBitwise("and", ops.bitwiseAnd, true);
export const or = binaryBitwise("or", ops.bitwiseOr, true);
export const xor = binaryBitwise("xor", ops.bitwiseXor, true);
// x << y, x >>> y, x >> y
export const shift_left = binaryBitwise("shift_left", ops.shiftLeft, false);
export const shift_right_logical = binaryBitwise("shift_right_logical", ops.shiftRightLogical, false);
export const shift_right_arithmetic = binaryBitwise("shift_right_arithmetic", ops.shiftRightArithmetic, false);

/** ~x on integers, logical not on bool. */
const notOp = (dtype: DType) => (dtype === "bool" ? "logicalNot" : "bitNot");

export const not: Primitive<"not"> = {
  name: "not",
  abstractEval([x]) {
    dtypeOrThrow("not", x, true);
    return [x];
  },
  impl: ([x]) => [new ConcreteTensor(unary(notOp(x.dtype), dataOf(x), x.dtype), x.shape, x.dtype)],
  jvp: zeroJvp(([x]) => ops.bitwiseNot(x)),
  transpose: null,
  batch: batchUnary(() => not),
  lower: { kind: "elementwise", rule: (_params, { ins }) => UNARY_MATH[notOp(ins[0].dtype)] },
};
