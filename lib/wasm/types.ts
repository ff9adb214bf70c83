/**
 * WebAssembly value types and function types, with their binary codes.
 *
 * @example
 * VALUE_TYPE_CODE.v128;                        // 0x7b
 * funcType(["i32", "i32"], []);                // (param i32 i32)
 * showFuncType(funcType(["f64"], ["f64"]));    // "(param f64) (result f64)"
 */

/** The value types this builder emits (numbers and 128-bit vectors). */
export type ValueType = "i32" | "i64" | "f32" | "f64" | "v128";

/** Each value type's byte in the binary format. */
export const VALUE_TYPE_CODE: Readonly<Record<ValueType, number>> = Object.freeze({ i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b });

/** The value type of a code, or undefined. */
export function valueTypeOfCode(code: number): ValueType | undefined {
  return (Object.keys(VALUE_TYPE_CODE) as ValueType[]).find((t) => VALUE_TYPE_CODE[t] === code);
}

/** A function's parameters and results. */
export interface FuncType {
  readonly params: readonly ValueType[];
  readonly results: readonly ValueType[];
}

export function funcType(params: readonly ValueType[], results: readonly ValueType[]): FuncType {
  return { params: [...params], results: [...results] };
}

/** A function type in the text format: `(param i32 i32) (result f64)`. */
export function showFuncType(type: FuncType): string {
  const params = type.params.length > 0 ? `(param ${type.params.join(" ")})` : "";
  const results = type.results.length > 0 ? `(result ${type.results.join(" ")})` : "";
  return [params, results].filter((s) => s !== "").join(" ");
}

/** Whether two function types are the same. */
export function sameFuncType(a: FuncType, b: FuncType): boolean {
  const same = (x: readonly ValueType[], y: readonly ValueType[]) => x.length === y.length && x.every((t, i) => t === y[i]);
  return same(a.params, b.params) && same(a.results, b.results);
}

/** The limits of a memory, in 64 KiB pages; a shared memory needs a maximum. */
export interface MemoryLimits {
  readonly initial: number;
  readonly maximum?: number;
  readonly shared: boolean;
}

/** The bytes of one WebAssembly page. */
export const PAGE_BYTES = 65536;
