/**
 * Options objects of the `np` functions added for issue 9: a dtype string or
 * an options object, with unknown keys rejected by name.
 *
 * TODO(h7a): replace `optionsOf` with the shared options helper h7a is adding
 * to lib/core/convert.ts (same contract: a dtype string or an options object,
 * unknown keys rejected listing the valid ones); every caller is one line.
 *
 * @example
 * optionsOf("identity", "float32", ["dtype"]) // { dtype: "float32" }
 * optionsOf("geomspace", { endpont: false }, ["endpoint", "dtype"]) // ArgumentError: geomspace: unknown option "endpont"; valid options: endpoint, dtype.
 */
import { ArgumentError } from "../core/errors.ts";
import { showValue } from "../core/convert.ts";
import { Tensor } from "../core/tensor.ts";

/** `raw` as an options record: undefined gives `{}`, a string is `{ dtype }` (when "dtype" is valid), an object is checked key by key. */
export function optionsOf<K extends string>(op: string, raw: unknown, valid: readonly K[]): Partial<Record<K, unknown>> {
  if (raw === undefined) return {};
  if (typeof raw === "string" && (valid as readonly string[]).includes("dtype")) return { dtype: raw } as Partial<Record<K, unknown>>;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw) || raw instanceof Tensor) {
    throw new ArgumentError(`${op}: options must be an object like { ${valid.join(", ")} }, got ${showValue(raw)}.`);
  }
  for (const key of Object.keys(raw)) {
    if (!(valid as readonly string[]).includes(key)) {
      throw new ArgumentError(`${op}: unknown option ${JSON.stringify(key)}; valid options: ${valid.join(", ")}.`);
    }
  }
  return raw as Partial<Record<K, unknown>>;
}

/** A non-negative (or any, with `allowNegative`) integer argument, or an `ArgumentError` naming it. */
export function integerArg(op: string, name: string, value: unknown, allowNegative = false): number {
  if (typeof value !== "number" || !Number.isInteger(value) || (!allowNegative && value < 0)) {
    throw new ArgumentError(`${op}: ${name} must be ${allowNegative ? "an integer" : "a non-negative integer"}, got ${showValue(value)}.`);
  }
  return value;
}

/** A boolean option (undefined gives `fallback`). */
export function booleanArg(op: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new ArgumentError(`${op}: ${name} must be a boolean, got ${showValue(value)}.`);
  return value;
}

/** One integer or a list of integers, as a list. */
export function intList(op: string, name: string, value: unknown, allowNegative = true): number[] {
  const list = typeof value === "number" ? [value] : Array.isArray(value) ? value : null;
  if (list === null || !list.every((v) => typeof v === "number" && Number.isInteger(v) && (allowNegative || v >= 0))) {
    throw new ArgumentError(`${op}: ${name} must be an integer or an array of integers, got ${showValue(value)}.`);
  }
  return list as number[];
}
