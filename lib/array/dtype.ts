/**
 * Element types (dtypes) and their typed-array storage.
 *
 * Every array's data lives in one contiguous typed array: float64 in a
 * Float64Array, float32 in a Float32Array, int32 in an Int32Array, uint32 in a
 * Uint32Array and bool in a Uint8Array holding 0 or 1. Promotion follows
 * numpy's lattice bool < {uint32, int32} < float32 < float64 where numpy's
 * answer exists here, and float64 (which holds every int32 and uint32
 * exactly) where numpy's would be int64: int32 + uint32 -> float64 and
 * int32 or uint32 + float32 -> float64.
 */
import { takeBuffer } from "./pool.ts";

/** The element types an array can have. */
export type DType = "float64" | "float32" | "int32" | "uint32" | "bool";

/** The storage of an array's elements; bool is a Uint8Array of 0/1. */
export type TypedArray = Float64Array | Float32Array | Int32Array | Uint32Array | Uint8Array;

/** All dtypes, from the widest to the narrowest. */
export const DTYPES: readonly DType[] = Object.freeze(["float64", "float32", "int32", "uint32", "bool"] as const);

/** Whether `x` is the name of a dtype. */
export function isDType(x: unknown): x is DType {
  return x === "float64" || x === "float32" || x === "int32" || x === "uint32" || x === "bool";
}

/** A zero-filled typed array of `size` elements for `dtype` (a dead one from the pool, zeroed, when it has one: pool.ts). */
export function allocate(dtype: DType, size: number): TypedArray {
  if (size >= 128) {
    const pooled = takeBuffer(dtype, size);
    if (pooled !== undefined) return pooled.fill(0);
  }
  switch (dtype) {
    case "float64":
      return new Float64Array(size);
    case "float32":
      return new Float32Array(size);
    case "int32":
      return new Int32Array(size);
    case "uint32":
      return new Uint32Array(size);
    case "bool":
      return new Uint8Array(size);
  }
}

/** A new typed array of `dtype` holding `values` converted like numpy's astype. */
export function typedArrayFrom(dtype: DType, values: ArrayLike<number>): TypedArray {
  switch (dtype) {
    case "float64":
      return new Float64Array(values);
    case "float32":
      return new Float32Array(values);
    case "int32":
      // Int32Array conversion applies ToInt32, which truncates toward zero.
      return new Int32Array(values);
    case "uint32":
      // ToUint32: truncation toward zero, then wrap-around modulo 2^32 (numpy's astype of -1 is 4294967295).
      return new Uint32Array(values);
    case "bool": {
      const n = values.length;
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = values[i] !== 0 ? 1 : 0;
      return out;
    }
  }
}

/** Whether `dtype` is a floating-point type. */
export function isFloat(dtype: DType): boolean {
  return dtype === "float64" || dtype === "float32";
}

/** Whether `dtype` is an integer type (int32 or uint32; bool is not). */
export function isInteger(dtype: DType): boolean {
  return dtype === "int32" || dtype === "uint32";
}

/**
 * The dtype of a binary operation on arrays of dtypes `a` and `b`: numpy's
 * rules on this lattice. bool joins anything; any two different non-bool
 * dtypes give float64, as numpy for int32/uint32 with float32 (float64) and
 * as numpy's uint64 with int64 for int32 with uint32 (numpy gives int64,
 * which tracegrad does not have; float64 holds both exactly).
 */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b || b === "bool") return a;
  if (a === "bool") return b;
  return "float64";
}

/**
 * The kind of JS scalar a weakly typed value stands for (JAX's `weak_type`,
 * refined because JS has one number type): an integer-valued number, any
 * other number (fractions, NaN, infinities), or a boolean.
 */
export type WeakType = "int" | "float" | "bool";

/** The weak type of a JS number or boolean. */
export function weakTypeOf(value: number | boolean): WeakType {
  return typeof value === "boolean" ? "bool" : Number.isInteger(value) ? "int" : "float";
}

/** The dtype of `tensor op jsScalar`: the scalar only widens the kind when it must. */
export function weakPromote(dtype: DType, value: number | boolean): DType {
  return weakPromoteKind(dtype, weakTypeOf(value));
}

/** `weakPromote` for a scalar known only by its weak type (a traced JS number): bool < int < float, never wider than needed. */
export function weakPromoteKind(dtype: DType, weakType: WeakType): DType {
  if (weakType === "bool" || dtype === "float64" || dtype === "float32") return dtype;
  if (weakType === "float") return "float64";
  return dtype === "bool" ? "int32" : dtype;
}

/** The dtype a bare JS value gets: boolean -> bool, number -> float64. */
export function defaultDTypeOf(value: number | boolean): DType {
  return typeof value === "boolean" ? "bool" : "float64";
}

/** Short dtype names used by printers: f64, f32, i32, u32, bool. */
export const dtypeShortName: Record<DType, string> = Object.freeze({
  float64: "f64",
  float32: "f32",
  int32: "i32",
  uint32: "u32",
  bool: "bool",
});

/** The dtype whose storage is the kind of typed array `a`. */
export function dtypeOfTypedArray(a: TypedArray): DType {
  if (a instanceof Float64Array) return "float64";
  if (a instanceof Float32Array) return "float32";
  if (a instanceof Int32Array) return "int32";
  if (a instanceof Uint32Array) return "uint32";
  return "bool";
}
