/**
 * Turning what users pass (`ArrayLike`) into tensors, with clear errors for
 * ragged or non-numeric data. JS numbers are float64 (numpy's Python-float
 * default); nested arrays of numbers are float64 too, of booleans bool;
 * typed arrays keep their element type.
 */
import * as E from "fp-ts/lib/Either.js";
import { dtypeOfTypedArray, isDType, typedArrayFrom, type DType, type TypedArray } from "../array/dtype.ts";
import { parseNested } from "../array/parse.ts";
import { ArgumentError, DTypeError, ShapeError } from "./errors.ts";
import { ConcreteTensor, Tensor, type ArrayLike } from "./tensor.ts";
import { convert, scalar } from "./ops.ts";
import { Tracer } from "./trace.ts";

/** A short, safe text for any value in an error message (tensors as `f64[2,3]`, no cycles, bounded length). */
export function showValue(x: unknown, depth = 0): string {
  if (x instanceof Tensor) return `${x.dtype}[${x.shape.join(",")}]${x instanceof Tracer ? " (traced)" : " tensor"}`;
  if (typeof x === "string") return JSON.stringify(x.length > 40 ? x.slice(0, 40) + "…" : x);
  if (typeof x === "function") return "a function";
  if (typeof x === "bigint") return `${x}n`;
  if (x === null || typeof x !== "object") return String(x);
  if (depth > 2) return Array.isArray(x) ? "[…]" : "{…}";
  if (Array.isArray(x)) {
    const items = x.slice(0, 6).map((v) => showValue(v, depth + 1));
    return `[${items.join(", ")}${x.length > 6 ? ", …" : ""}]`;
  }
  if (ArrayBuffer.isView(x)) return `${x.constructor.name}(${(x as unknown as { length: number }).length})`;
  const keys = Object.keys(x);
  const shown = keys.slice(0, 6).map((k) => `${k}: ${showValue((x as Record<string, unknown>)[k], depth + 1)}`);
  const name = Object.getPrototypeOf(x) === Object.prototype || Object.getPrototypeOf(x) === null ? "" : `${x.constructor?.name ?? ""} `;
  return `${name}{${shown.join(", ")}${keys.length > 6 ? ", …" : ""}}`;
}

function describe(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  return `${Array.isArray(x) ? "an array" : typeof x === "object" ? "an object" : typeof x} ${showValue(x)}`;
}

/** `options` as an object (undefined gives `{}`); anything else is an `ArgumentError`. */
export function optionsOrThrow<T extends object>(op: string, options: unknown): Partial<T> {
  if (options === undefined) return {};
  if (options === null || typeof options !== "object" || Array.isArray(options) || options instanceof Tensor) {
    throw new ArgumentError(`${op}: options must be an object like { … }, got ${showValue(options)}.`);
  }
  return options as Partial<T>;
}

/** A function argument (`grad(f)` needs `f` to be a function). */
export function functionOrThrow(op: string, f: unknown): void {
  if (typeof f !== "function") throw new ArgumentError(`${op}: expected a function to transform, got ${showValue(f)}.`);
}

/** An axis argument: a number, a list of numbers, or null/undefined (all axes). */
export function axisArgOrThrow(op: string, axis: unknown): number | number[] | null | undefined {
  if (axis === null || axis === undefined) return axis;
  if (typeof axis === "number" && Number.isInteger(axis)) return axis;
  if (Array.isArray(axis) && axis.every((a) => typeof a === "number" && Number.isInteger(a))) return axis as number[];
  throw new ArgumentError(`${op}: axis must be an integer, an array of integers or null, got ${showValue(axis)}.`);
}

/** Checks a dtype option. */
export function dtypeOrThrow(op: string, dtype: unknown): DType {
  if (!isDType(dtype)) {
    throw new DTypeError(`${op}: unknown dtype ${showValue(dtype)}; use "float64", "float32", "int32", "uint32" or "bool".`);
  }
  return dtype;
}

/** A tensor for `x`, converted to `dtype` when given. */
export function toTensor(x: ArrayLike, op = "array", dtype?: DType): Tensor {
  if (dtype !== undefined) dtypeOrThrow(op, dtype);
  // a weakly typed value (a JS number passed to a transform) becomes what eager makes of the number: a strong tensor
  if (x instanceof Tensor) {
    const strong = x.weakType === undefined ? x : x.withoutWeakType();
    return dtype === undefined ? strong : convert(strong, dtype);
  }
  if (typeof x === "number") return scalar(x, dtype ?? "float64");
  if (typeof x === "boolean") return scalar(x ? 1 : 0, dtype ?? "bool");
  if (x instanceof Float64Array || x instanceof Float32Array || x instanceof Int32Array || x instanceof Uint32Array || x instanceof Uint8Array) {
    const own = dtypeOfTypedArray(x);
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
