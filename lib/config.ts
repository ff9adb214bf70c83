/**
 * Global switches, as `jax.config`: `config.update("debugNans", true)` makes
 * the first primitive that produces a NaN throw a `NanError`;
 * `config.update("jitCacheSize", 64)` bounds each jitted function's cache;
 * `config.update("threefryPartitionable", false)` makes `random` use the
 * counter layout of JAX before 0.5 (its numbers differ; see the README).
 *
 * @example
 * config.update("debugNans", true);
 */
import { ArgumentError } from "./core/errors.ts";
import { debugState } from "./core/trace.ts";
import { showValue } from "./core/convert.ts";
import { jitCacheSize, setJitCacheSize } from "./transforms/jitCache.ts";
import { randomSettings } from "./core/randomSettings.ts";

/** The settings and their types. */
export interface ConfigOptions {
  /** Throw a `NanError` at the first primitive whose output holds a NaN (default false). */
  debugNans: boolean;
  /** How many traced programs each `jit`-ted function keeps, least recently used dropped first (default 1024). */
  jitCacheSize: number;
  /** `random`'s counter layout: JAX's partitionable Threefry (true, the default since JAX 0.5) or the original one (false). */
  threefryPartitionable: boolean;
}

const OPTIONS = '"debugNans", "jitCacheSize", "threefryPartitionable"';

/** Reads and changes global settings. */
export const config = {
  /** Sets one option. */
  update<K extends keyof ConfigOptions>(name: K, value: ConfigOptions[K]): void {
    if (name === "jitCacheSize") return setJitCacheSize(value);
    if (name === "threefryPartitionable") {
      if (typeof value !== "boolean") throw new ArgumentError(`config.update: "threefryPartitionable" takes a boolean, got ${showValue(value)}.`);
      randomSettings.threefryPartitionable = value;
      return;
    }
    if (name !== "debugNans") throw new ArgumentError(`config.update: unknown option ${showValue(name)}; known: ${OPTIONS}.`);
    if (typeof value !== "boolean") throw new ArgumentError(`config.update: "debugNans" takes a boolean, got ${showValue(value)}.`);
    debugState.nans = value;
  },
  /** The current value of an option. */
  get<K extends keyof ConfigOptions>(name: K): ConfigOptions[K] {
    if (name === "jitCacheSize") return jitCacheSize() as ConfigOptions[K];
    if (name === "threefryPartitionable") return randomSettings.threefryPartitionable as ConfigOptions[K];
    if (name !== "debugNans") throw new ArgumentError(`config.get: unknown option ${showValue(name)}; known: ${OPTIONS}.`);
    return debugState.nans as ConfigOptions[K];
  },
};
