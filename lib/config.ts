/**
 * Global switches, as `jax.config`: `config.update("debugNans", true)` makes
 * the first primitive that produces a NaN throw a `NanError`.
 *
 * @example
 * config.update("debugNans", true);
 */
import { ArgumentError } from "./core/errors.ts";
import { debugState } from "./core/trace.ts";
import { showValue } from "./core/convert.ts";

/** The settings and their types. */
export interface ConfigOptions {
  debugNans: boolean;
}

/** Reads and changes global settings. */
export const config = {
  /** Sets one option. */
  update<K extends keyof ConfigOptions>(name: K, value: ConfigOptions[K]): void {
    if (name !== "debugNans") throw new ArgumentError(`config.update: unknown option ${showValue(name)}; known: "debugNans".`);
    if (typeof value !== "boolean") throw new ArgumentError(`config.update: "debugNans" takes a boolean, got ${showValue(value)}.`);
    debugState.nans = value;
  },
  /** The current value of an option. */
  get<K extends keyof ConfigOptions>(name: K): ConfigOptions[K] {
    if (name !== "debugNans") throw new ArgumentError(`config.get: unknown option ${showValue(name)}.`);
    return debugState.nans;
  },
};
