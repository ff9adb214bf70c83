/**
 * The user-value boundary of `tracegrad/optim`, on the core's
 * (`core/convert.ts`): options objects through `optionsOrThrow` (unknown keys
 * listed, values read once), numbers, flags and dtypes checked where they
 * are taken, states and user transformations read under `readUserData` (a
 * throwing getter or Proxy trap is an `ArgumentError`), and every value in a
 * message formatted by `showValue`.
 *
 * @example
 * const { b1 = 0.9 } = optionsOrThrow<ScaleByAdamOptions>("optim.adam", options, ADAM_KEYS);
 * checkNumber("optim.adam", "b1", b1, { min: 0, max: 1 });
 * const { count, mu, nu } = stateOrThrow<ScaleByAdamState>("optim.scaleByAdam", state, ["count", "mu", "nu"]);
 */
import { ArgumentError, type DType } from "../index.ts";
import { dtypeOrThrow, isArrayArg, showValue, userOutputOrThrow } from "../core/convert.ts";
import { readUserData } from "../core/tree.ts";
import type { GradientTransformation } from "./base.ts";

export { optionsOrThrow } from "../core/convert.ts";

/** Throws unless `value` is a finite number in the given range. */
export function checkNumber(op: string, name: string, value: unknown, { min = -Infinity, max = Infinity, minOpen = false } = {}): number {
  const ok = typeof value === "number" && Number.isFinite(value) && (minOpen ? value > min : value >= min) && value <= max;
  if (!ok) {
    const range = `${minOpen ? "(" : "["}${min}, ${max}]`;
    throw new ArgumentError(`${op}: ${name} must be a finite number in ${range}, got ${showValue(value)}.`);
  }
  return value as number;
}

/** A boolean option (`fallback` when undefined): a truthy string such as "no" is refused, not taken as true. */
export function checkBoolean(op: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new ArgumentError(`${op}: ${name} must be a boolean, got ${showValue(value)}.`);
  return value;
}

/** A dtype option (undefined when not given). */
export function checkDtype(op: string, value: unknown): DType | undefined {
  return value === undefined ? undefined : dtypeOrThrow(op, value);
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== "object") return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * A transformation's state as the object `init` returned: a plain object holding `keys`, read once
 * (a copy), or an `ArgumentError` naming `op`.
 */
export function stateOrThrow<S>(op: string, state: unknown, keys: readonly (keyof S & string)[]): S {
  return readUserData(op, "the state", () => {
    if (!isPlainObject(state) || !keys.every((k) => Object.prototype.hasOwnProperty.call(state, k))) {
      throw new ArgumentError(`${op}: the state must be the object init returned ({ ${keys.join(", ")} }), got ${showValue(state)}.`);
    }
    const copy: Record<string, unknown> = {};
    for (const k of keys) copy[k] = state[k];
    return copy as S;
  });
}

/** A list of `length` states (`chain`'s), read once, or an `ArgumentError` naming `op`. */
export function stateListOrThrow(op: string, state: unknown, length: number): unknown[] {
  return readUserData(op, "the state", () => {
    if (!isArrayArg(op, state) || state.length !== length) {
      throw new ArgumentError(`${op}: the state must be the array of ${length} states that init returned, got ${showValue(state)}.`);
    }
    return Array.from({ length }, (_, i) => state[i]);
  });
}

/**
 * A gradient transformation given by the caller (`chain`'s arguments, `masked`'s inner one): its
 * `init` and `update` read once; `update` must return a pair `[updates, state]` and neither may
 * return a Promise.
 */
export function transformationOrThrow(op: string, what: string, t: unknown): GradientTransformation<any> {
  const [init, update] = readUserData(op, what, () => {
    const o = t as { init?: unknown; update?: unknown } | null;
    const methods = o !== null && (typeof o === "object" || typeof o === "function") ? [o.init, o.update] : [];
    if (typeof methods[0] !== "function" || typeof methods[1] !== "function") {
      throw new ArgumentError(`${op}: ${what} is not a gradient transformation (an object with init and update), got ${showValue(t)}.`);
    }
    return methods as [(params: unknown) => unknown, (...args: unknown[]) => unknown];
  });
  return {
    init: (params) => userOutputOrThrow(op, init.call(t, params)),
    update: (updates, state, params) => {
      const result = userOutputOrThrow(op, update.call(t, updates, state, params));
      return readUserData(op, "the result of update", () => {
        if (!isArrayArg(op, result) || result.length !== 2) {
          throw new ArgumentError(`${op}: ${what}'s update must return a pair [updates, state], got ${showValue(result)}.`);
        }
        return [result[0], result[1]] as [typeof updates, unknown];
      });
    },
  };
}
