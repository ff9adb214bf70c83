/**
 * Turning what users pass (`ArrayLike`) into tensors, with clear errors for
 * ragged or non-numeric data. JS numbers are float64 (numpy's Python-float
 * default); nested arrays of numbers are float64 too, of booleans bool;
 * typed arrays keep their element type.
 */
import * as E from "fp-ts/lib/Either.js";
import { isDType, typedArrayFrom, type DType, type TypedArray } from "../array/dtype.ts";
import { parseNested } from "../array/parse.ts";
import { ArgumentError, DTypeError, ShapeError } from "./errors.ts";
import { ConcreteTensor, Tensor, type ArrayLike } from "./tensor.ts";
import { convert, scalar } from "./ops.ts";

function describe(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  if (typeof x === "object") return `an object (${(x as object).constructor?.name ?? "Object"})`;
  return `${typeof x} ${typeof x === "string" ? JSON.stringify(x) : String(x)}`;
}

/** Checks a dtype option. */
export function dtypeOrThrow(op: string, dtype: unknown): DType {
  if (!isDType(dtype)) {
    throw new DTypeError(`${op}: unknown dtype ${JSON.stringify(dtype)}; use "float64", "float32", "int32" or "bool".`);
  }
  return dtype;
}

/** A tensor for `x`, converted to `dtype` when given. */
export function toTensor(x: ArrayLike, op = "array", dtype?: DType): Tensor {
  if (dtype !== undefined) dtypeOrThrow(op, dtype);
  if (x instanceof Tensor) return dtype === undefined ? x : convert(x, dtype);
  if (typeof x === "number") return scalar(x, dtype ?? "float64");
  if (typeof x === "boolean") return scalar(x ? 1 : 0, dtype ?? "bool");
  if (x instanceof Float64Array || x instanceof Float32Array || x instanceof Int32Array || x instanceof Uint8Array) {
    const own = (x instanceof Float64Array ? "float64" : x instanceof Float32Array ? "float32" : x instanceof Int32Array ? "int32" : "bool") as DType;
    const target = dtype ?? own;
    return new ConcreteTensor(typedArrayFrom(target, x as TypedArray), [x.length], target);
  }
  if (!Array.isArray(x)) {
    throw new ArgumentError(
      `${op}: expected a tensor, number, boolean, nested array of numbers or a typed array, got ${describe(x)}.`,
    );
  }
  const parsed = parseNested(x);
  if (E.isLeft(parsed)) throw new ShapeError(`${op}: ${parsed.left}`);
  const { values, shape, kind } = parsed.right;
  const target = dtype ?? (kind === "bool" ? "bool" : "float64");
  return new ConcreteTensor(typedArrayFrom(target, values), shape, target);
}
