/**
 * Cases for the bitwise primitives (and, or, xor, not, the three shifts) on
 * bool, int32 and uint32 with broadcasting. Their operands are drawn as
 * float64 tensors holding integer values and converted inside `f`, so the
 * harness's gradient checks see float inputs (and find zero derivatives).
 * The references compute on the numbers (BigInt, ÷ and ⌊·⌋), not with
 * JavaScript's bit operators.
 */
import fc from "fast-check";
import type { DType } from "../../../lib/array/dtype.ts";
import type { PrimName } from "../../../lib/core/primitive.ts";
import * as ops from "../../../lib/core/ops.ts";
import type { Tensor } from "../../../lib/core/tensor.ts";
import { avalStr, broadcastPairArb, draw, mapBroadcast, shapeArb, tensorArb, type Case, type ValueCase } from "../harness.ts";

const ELEMENTS: Record<"bool" | "int32" | "uint32", fc.Arbitrary<number>> = {
  bool: fc.constantFrom(0, 1),
  int32: fc.oneof(fc.integer({ min: -8, max: 8 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })),
  uint32: fc.oneof(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 2 ** 32 - 1 })),
};

/** The two's-complement bits of an int32 or uint32 value as a BigInt in [0, 2^32). */
const bits = (v: number): bigint => BigInt.asUintN(32, BigInt(v));
/** The value of 32 bits in a dtype. */
const valueOf = (b: bigint, dtype: DType): number => (dtype === "int32" ? Number(BigInt.asIntN(32, b)) : dtype === "bool" ? Number(b & 1n) : Number(BigInt.asUintN(32, b)));

function binaryCase(prim: PrimName, bind: (a: Tensor, b: Tensor) => Tensor, dtypes: readonly ("bool" | "int32" | "uint32")[], fn: (a: bigint, b: bigint, dtype: DType, bAmount: number) => bigint, amounts = false): ValueCase {
  return {
    kind: "value",
    prim,
    name: prim,
    arb: fc
      .tuple(fc.constantFrom(...dtypes), broadcastPairArb())
      .chain(([dtype, [sa, sb]]) => fc.tuple(fc.constant(dtype), tensorArb(sa, ELEMENTS[dtype]), tensorArb(sb, amounts ? fc.integer({ min: 0, max: 40 }) : ELEMENTS[dtype])))
      .map(([dtype, a, b]) =>
        draw(`${prim}(${avalStr(a)}, ${avalStr(b)} as ${dtype})`, (x, y) => bind(ops.convert(x, dtype), ops.convert(y, dtype)), [a, b], () =>
          mapBroadcast([a, b], dtype, (x, y) => valueOf(fn(bits(x), bits(y), dtype, y), dtype)),
        ),
      ),
  };
}

const TWO32 = 2n ** 32n;

export const bitwiseCases: Case[] = [
  binaryCase("and", ops.bitwiseAnd, ["bool", "int32", "uint32"], (a, b) => a & b),
  binaryCase("or", ops.bitwiseOr, ["bool", "int32", "uint32"], (a, b) => a | b),
  binaryCase("xor", ops.bitwiseXor, ["bool", "int32", "uint32"], (a, b) => a ^ b),
  // x · 2^n modulo 2^32; 0 from n = 32 on
  binaryCase("shift_left", ops.shiftLeft, ["int32", "uint32"], (a, _b, _d, n) => (n >= 32 ? 0n : (a * 2n ** BigInt(n)) % TWO32), true),
  // ⌊x / 2^n⌋ of the unsigned bits; 0 from n = 32 on
  binaryCase("shift_right_logical", ops.shiftRightLogical, ["int32", "uint32"], (a, _b, _d, n) => (n >= 32 ? 0n : a / 2n ** BigInt(n)), true),
  // ⌊x / 2^n⌋ of the signed bits (the sign fills in); amounts past 31 act as 31
  binaryCase("shift_right_arithmetic", ops.shiftRightArithmetic, ["int32", "uint32"], (a, _b, _d, n) => {
    const signed = BigInt.asIntN(32, a);
    const q = signed >= 0n ? signed / 2n ** BigInt(Math.min(n, 31)) : -((-signed + 2n ** BigInt(Math.min(n, 31)) - 1n) / 2n ** BigInt(Math.min(n, 31)));
    return BigInt.asUintN(32, q);
  }, true),
  {
    kind: "value",
    prim: "not",
    name: "not",
    arb: fc
      .tuple(fc.constantFrom("bool" as const, "int32" as const, "uint32" as const), shapeArb())
      .chain(([dtype, s]) => fc.tuple(fc.constant(dtype), tensorArb(s, ELEMENTS[dtype])))
      .map(([dtype, x]) =>
        // bool: 1 - x; integers: 2^32 - 1 - bits (the complement)
        draw(`not(${avalStr(x)} as ${dtype})`, (t) => ops.bitwiseNot(ops.convert(t, dtype)), [x], () =>
          mapBroadcast([x], dtype, (v) => (dtype === "bool" ? 1 - v : valueOf(TWO32 - 1n - bits(v), dtype))),
        ),
      ),
  },
];
