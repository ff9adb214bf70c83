/**
 * Global switches, as `jax.config`:
 * - `debugNans` (boolean, default false): the first primitive that produces a
 *   NaN throws a `NanError`.
 * - `maxBufferBytes` (positive integer, default 2 ** 31 = 2 GiB): the largest
 *   buffer one tensor may hold; creating a larger one (directly, by
 *   broadcasting, as a primitive's output, under `jit` or not) is a
 *   `ShapeError` naming the op, the shape and the bytes it would need,
 *   instead of exhausting the process's memory.
 * - `jitCacheSize` (positive integer or Infinity, default 1024): how many
 *   traced programs each `jit`-ted function keeps, least recently used
 *   dropped first.
 * - `threefryPartitionable` (boolean, default true): `random`'s counter
 *   layout, JAX's partitionable Threefry (the default since JAX 0.5); false
 *   gives the layout of JAX before 0.5 (its numbers differ; see the README).
 *   `jit` keys its cache on it.
 * - `threads` (positive integer, default: the number of cores, at most 8):
 *   how many threads large kernels (matmul, convolutions, long fused loops)
 *   share, the calling thread included; 1 runs everything on the calling
 *   thread. Workers start on the first large kernel and never keep the
 *   process alive (see lib/threads). Results do not depend on it.
 *
 * @example
 * config.update("debugNans", true);
 * config.update("maxBufferBytes", 2 ** 33); // 8 GiB
 * config.update("jitCacheSize", 64);
 * config.update("threefryPartitionable", false);
 * config.update("threads", 1);              // no worker threads
 */
import { ArgumentError } from "./core/errors.ts";
import { debugState } from "./core/trace.ts";
import { limits } from "./core/limits.ts";
import { showValue } from "./core/convert.ts";
import { jitCacheSize, setJitCacheSize } from "./transforms/jitCache.ts";
import { randomSettings } from "./core/randomSettings.ts";
import { setThreadCount, threadCount } from "./threads/pool.ts";

/** The settings and their types. */
export interface ConfigOptions {
  /** Throw a `NanError` at the first primitive whose output holds a NaN (default false). */
  debugNans: boolean;
  /** The largest buffer one tensor may hold, in bytes (default 2 ** 31). */
  maxBufferBytes: number;
  /** How many traced programs each `jit`-ted function keeps, least recently used dropped first (default 1024). */
  jitCacheSize: number;
  /** `random`'s counter layout: JAX's partitionable Threefry (true, the default since JAX 0.5) or the original one (false). */
  threefryPartitionable: boolean;
  /** Threads for large kernels, the calling thread included (default: the cores, at most 8; 1: none). */
  threads: number;
}

interface Setting<T> {
  readonly describe: string;
  readonly valid: (value: unknown) => value is T;
  readonly read: () => T;
  readonly write: (value: T) => void;
}

const settings: { readonly [K in keyof ConfigOptions]: Setting<ConfigOptions[K]> } = {
  debugNans: {
    describe: "a boolean",
    valid: (v): v is boolean => typeof v === "boolean",
    read: () => debugState.nans,
    write: (v) => {
      debugState.nans = v;
    },
  },
  maxBufferBytes: {
    describe: "a positive integer number of bytes",
    valid: (v): v is number => typeof v === "number" && Number.isSafeInteger(v) && v > 0,
    read: () => limits.maxBufferBytes,
    write: (v) => {
      limits.maxBufferBytes = v;
    },
  },
  jitCacheSize: {
    describe: "a positive integer (or Infinity)",
    valid: (v): v is number => v === Infinity || (typeof v === "number" && Number.isInteger(v) && v >= 1),
    read: jitCacheSize,
    write: setJitCacheSize,
  },
  threefryPartitionable: {
    describe: "a boolean",
    valid: (v): v is boolean => typeof v === "boolean",
    read: () => randomSettings.threefryPartitionable,
    write: (v) => {
      randomSettings.threefryPartitionable = v;
    },
  },
  threads: {
    describe: "a positive integer number of threads, at most 64 (1: no worker threads)",
    valid: (v): v is number => typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 64,
    read: threadCount,
    write: setThreadCount,
  },
};

const NAMES = Object.keys(settings) as (keyof ConfigOptions)[];

function settingOrThrow(op: string, name: unknown): Setting<unknown> {
  if (typeof name !== "string" || !Object.prototype.hasOwnProperty.call(settings, name)) {
    throw new ArgumentError(`${op}: unknown option ${showValue(name)}; known: ${NAMES.map((n) => JSON.stringify(n)).join(", ")}.`);
  }
  return settings[name as keyof ConfigOptions] as Setting<unknown>;
}

/** The global settings' reader and writer (the type of `config`). */
export interface Config {
  /**
   * Sets one option.
   *
   * @example
   * import { config } from "tracegrad";
   * config.update("debugNans", true);
   */
  update<K extends keyof ConfigOptions>(name: K, value: ConfigOptions[K]): void;
  /**
   * The current value of an option.
   *
   * @example
   * import { config } from "tracegrad";
   * config.get("maxBufferBytes"); // 2147483648
   */
  get<K extends keyof ConfigOptions>(name: K): ConfigOptions[K];
}

/**
 * Reads and changes global settings (JAX's `jax.config`).
 *
 * @example
 * import { config } from "tracegrad";
 * config.update("debugNans", true);
 * config.get("jitCacheSize"); // 1024
 */
export const config: Config = {
  /** Sets one option: `config.update("debugNans", true)`. */
  update<K extends keyof ConfigOptions>(name: K, value: ConfigOptions[K]): void {
    const setting = settingOrThrow("config.update", name);
    if (!setting.valid(value)) throw new ArgumentError(`config.update: ${JSON.stringify(name)} takes ${setting.describe}, got ${showValue(value)}.`);
    setting.write(value);
  },
  /** The current value of an option: `config.get("maxBufferBytes")`. */
  get<K extends keyof ConfigOptions>(name: K): ConfigOptions[K] {
    return settingOrThrow("config.get", name).read() as ConfigOptions[K];
  },
};
