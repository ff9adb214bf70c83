/**
 * Argument checks shared by the `np` functions of issue 9 (counts, flags and
 * integer lists), built on the user-value boundary of `core/convert.ts`:
 * lists are read once and densely (`denseArrayOrThrow`: a hole, a throwing
 * getter or a revoked Proxy is an `ArgumentError`), integers are safe
 * integers, and values in messages go through `showValue`. Options objects
 * go through `optionsOrThrow` / `dtypeOptionsOrThrow` directly.
 *
 * @example
 * integerArg("polyder", "m", 2)            // 2
 * intList("roll", "shift", [1, -2])        // [1, -2]
 * booleanArg("vander", "increasing", undefined, false) // false
 */
import { ArgumentError } from "../core/errors.ts";
import { denseArrayOrThrow, intOrThrow, isArrayArg, showValue } from "../core/convert.ts";

/** A non-negative (or any, with `allowNegative`) safe integer argument, or an `ArgumentError` naming it. */
export function integerArg(op: string, name: string, value: unknown, allowNegative = false): number {
  return intOrThrow(op, name, value, allowNegative ? -Number.MAX_SAFE_INTEGER : 0);
}

/** A boolean option (undefined gives `fallback`). */
export function booleanArg(op: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new ArgumentError(`${op}: ${name} must be a boolean, got ${showValue(value)}.`);
  return value;
}

/** One integer or a dense list of safe integers (non-negative unless `allowNegative`), as a list. */
export function intList(op: string, name: string, value: unknown, allowNegative = true): number[] {
  const list = typeof value === "number" ? [value] : isArrayArg(op, value) ? denseArrayOrThrow(op, name, value) : null;
  if (list === null || !list.every((v) => typeof v === "number" && Number.isSafeInteger(v) && (allowNegative || v >= 0))) {
    throw new ArgumentError(`${op}: ${name} must be an integer or an array of integers, got ${showValue(value)}.`);
  }
  return list as number[];
}
