/**
 * Rows for the logical and bitwise functions of issue 9's group 1 (on
 * bool, int32 and uint32) and for the uint32 dtype in the metadata
 * functions. Expected values were computed once with numpy 2.4.6 (the call
 * is next to each pin). All are integer-valued: zero derivatives.
 */
import { DTypeError, np, type Tensor } from "../../../lib/index.ts";
import { bool, f64, i32, u32, type Row } from "../harness.ts";

const int32 = "int32" as const;
const uint32 = "uint32" as const;
const i = (data: number[]) => np.array(data, { dtype: "int32" });
const u = (data: number[]) => np.array(data, { dtype: "uint32" });

export const bitwiseRows: Row[] = [
  {
    name: "np.logicalAnd",
    values: [{ args: [[1, 0, 2.5], [2, 2, 0]], out: [true, false, false], dtype: "bool" }], // np.logical_and([1, 0, 2.5], [2, 2, 0])
    f: (a: Tensor, b: Tensor) => np.logicalAnd(a, b),
    args: [f64([3], -1, 1), bool([3])],
    grads: "zero",
  },
  {
    name: "np.logicalOr",
    values: [{ args: [[0, 0, 3], [0, 1, 0]], out: [false, true, true], dtype: "bool" }], // np.logical_or([0, 0, 3], [0, 1, 0])
    args: [i32([2, 3]), f64([3])],
    grads: "zero",
  },
  {
    name: "np.logicalXor",
    values: [{ args: [[true, false], [true, true]], out: [false, true], dtype: "bool" }], // np.logical_xor([True, False], [True, True])
    args: [bool([4]), u32([4], 0, 3)],
    grads: "zero",
  },
  {
    name: "np.logicalNot",
    values: [{ args: [[0, 2, -0]], out: [true, false, true], dtype: "bool" }], // np.logical_not([0, 2, -0.0])
    args: [f64([2, 2], -1, 1)],
    grads: "zero",
  },
  {
    name: "np.bitwiseAnd",
    values: [
      { args: [i([12, 10, -1]), i([6, 3, 255])], out: [4, 2, 255], dtype: int32 }, // np.bitwise_and(int32 [12, 10, -1], [6, 3, 255])
      { args: [u([12, 10]), 6], out: [4, 2], dtype: uint32 }, // a JS number is weak: uint32 stays
      { args: [12, 10], out: 8, dtype: int32 }, // two JS integers: int32 (JAX's weak ints)
      { args: [[true, true], [true, false]], out: [true, false], dtype: "bool" },
    ],
    errors: [
      { args: [np.array([1.5]), 1], type: DTypeError, match: /float64/ },
      { args: [i([1]), u([1])], type: DTypeError, match: /float64/ }, // int32 with uint32 promotes to float64
    ],
    args: [i32([3], -1000, 1000), i32([2, 3], -1000, 1000)],
    grads: "zero",
  },
  {
    name: "np.bitwiseOr",
    values: [{ args: [u([12, 10]), np.array(5, { dtype: "uint32" })], out: [13, 15], dtype: uint32 }], // np.bitwise_or(uint32 [12, 10], uint32(5))
    args: [u32([4]), u32([4])],
    grads: "zero",
  },
  {
    name: "np.bitwiseXor",
    values: [{ args: [[true, false, true], [true, true, false]], out: [false, true, true], dtype: "bool" }], // np.bitwise_xor on bools
    args: [bool([3]), bool([3])],
    grads: "zero",
  },
  {
    name: "np.bitwiseNot",
    values: [
      { args: [i([0, 5, -1])], out: [-1, -6, 0], dtype: int32 }, // np.invert(int32 [0, 5, -1])
      { args: [u([0, 5])], out: [4294967295, 4294967290], dtype: uint32 }, // np.invert(uint32 [0, 5])
      { args: [[true, false]], out: [false, true], dtype: "bool" },
    ],
    errors: [{ args: [[0.5]], type: DTypeError, match: /float64/ }],
    args: [u32([2, 2])],
    grads: "zero",
  },
  { name: "np.invert", values: [{ args: [i([7])], out: [-8], dtype: int32 }], args: [i32([3])], grads: "zero" }, // np.invert(int32 7)
  {
    name: "np.leftShift",
    values: [
      { args: [i([1, 3, -2]), i([4, 30, 1])], out: [16, -1073741824, -4], dtype: int32 }, // np.left_shift(int32 ...)
      { args: [u([1, 1]), u([31, 32])], out: [2147483648, 0], dtype: uint32 }, // amounts of 32 or more give 0 (XLA's rule)
      { args: [1, 4], out: 16, dtype: int32 },
    ],
    errors: [{ args: [[1.0], 2], type: DTypeError, match: /float64/ }],
    args: [i32([3], -100, 100), i32([3], 0, 40)],
    grads: "zero",
  },
  {
    name: "np.rightShift",
    values: [
      { args: [i([-16, 16, -1]), i([2, 2, 5])], out: [-4, 4, -1], dtype: int32 }, // np.right_shift(int32 ...): arithmetic
      { args: [u([4294967280, 16]), u([2, 2])], out: [1073741820, 4], dtype: uint32 }, // uint32: logical
      { args: [i([-8]), i([40])], out: [-1], dtype: int32 }, // past 31: the sign fills every bit
    ],
    args: [u32([3]), u32([3], 0, 40)],
    grads: "zero",
  },
  {
    name: "np.iinfo",
    label: "uint32",
    values: [{ args: ["uint32"], out: { dtype: "uint32", bits: 32, min: 0, max: 4294967295, kind: "u" } }], // np.iinfo(np.uint32)
  },
  {
    name: "np.promoteTypes",
    label: "uint32",
    values: [
      { args: ["uint32", "bool"], out: "uint32" }, // np.promote_types(np.uint32, np.bool_)
      { args: ["uint32", "float32"], out: "float64" }, // np.promote_types(np.uint32, np.float32)
      { args: ["uint32", "int32"], out: "float64" }, // numpy: int64, which tracegrad does not have
    ],
  },
  {
    name: "np.resultType",
    label: "uint32",
    values: [
      { args: [u([1]), 2], out: "uint32" }, // a JS integer is weak
      { args: [u([1]), 0.5], out: "float64" },
    ],
  },
];
