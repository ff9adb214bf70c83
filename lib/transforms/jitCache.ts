/**
 * `jit`'s cache: each jitted function keeps its traced programs in a
 * least-recently-used map from a call's signature (argument structure, avals
 * with weak types, static argument values) to the staged jaxpr. The bound,
 * `config.get("jitCacheSize")` (1024 entries per function by default; JAX
 * bounds its caches too, at a few thousand entries), keeps a function
 * called with ever new shapes from holding every trace: a small elementwise
 * program's entry takes about 4 kB. `f.clearCache()` empties one function's
 * cache (JAX's `f.clear_cache()`), `clearCaches()` every one
 * (`jax.clear_caches()`).
 *
 * Static arguments are part of the key by value, as JAX hashes them:
 * numbers, strings, booleans, null/undefined, bigints, and arrays, typed
 * arrays and plain objects of those, recursively (object keys sorted);
 * functions, symbols and class instances by identity (Python's default
 * hash). A tensor is refused, as JAX refuses arrays: it has no hashable
 * value; pass it as a dynamic argument.
 *
 * @example
 * const step = jit((x, opts) => np.multiply(x, opts.lr), { staticArgnums: 1 });
 * step(x, { lr: 0.1 }); step(x, { lr: 0.1 }); // traced once: equal objects share a trace
 * step.clearCache();
 */
import { ArgumentError } from "../core/errors.ts";
import { noArgumentsOrThrow, showValue } from "../core/convert.ts";
import { Tensor } from "../core/tensor.ts";
import { readUserData } from "../core/tree.ts";
import { avalText } from "../core/primitives/check.ts";

// capacity

/** Entries each jitted function keeps by default. */
export const DEFAULT_JIT_CACHE_SIZE = 1024;

let capacity = DEFAULT_JIT_CACHE_SIZE;

/** The current bound on each jitted function's cache. */
export function jitCacheSize(): number {
  return capacity;
}

/** Sets the bound (a positive integer, or Infinity); caches over it drop their least recently used entries now. */
export function setJitCacheSize(size: unknown): void {
  if (!(size === Infinity || (typeof size === "number" && Number.isInteger(size) && size >= 1))) {
    throw new ArgumentError(`config.update: "jitCacheSize" takes a positive integer (or Infinity), got ${showValue(size)}.`);
  }
  capacity = size;
  forEachLiveCache((cache) => cache.trim());
}

// the cache

/** A map that keeps at most `jitCacheSize()` entries, dropping the least recently used. */
export class LruCache<V> {
  private readonly entries = new Map<string, V>();
  private newest: string | undefined;

  constructor() {
    register(this);
  }

  /** The entry for `key`, now the most recently used. */
  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined && key !== this.newest) {
      // a Map iterates in insertion order: re-inserting moves the key to the newest end
      this.entries.delete(key);
      this.entries.set(key, value);
      this.newest = key;
    }
    return value;
  }

  /** Adds an entry, evicting the least recently used ones past the bound. */
  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    this.newest = key;
    this.trim();
  }

  /** Drops the oldest entries until the bound holds. */
  trim(): void {
    while (this.entries.size > capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
      if (oldest === this.newest) this.newest = undefined;
    }
  }

  /** Removes every entry. */
  clear(): void {
    this.entries.clear();
    this.newest = undefined;
  }

  /** The number of entries. */
  get size(): number {
    return this.entries.size;
  }
}

// every live cache, weakly, for clearCaches and a new bound

const liveCaches = new Set<WeakRef<LruCache<unknown>>>();
let pruneAt = 64;

function register(cache: LruCache<unknown>): void {
  liveCaches.add(new WeakRef(cache));
  if (liveCaches.size >= pruneAt) {
    forEachLiveCache(() => {});
    pruneAt = Math.max(64, 2 * liveCaches.size);
  }
}

function forEachLiveCache(visit: (cache: LruCache<unknown>) => void): void {
  for (const ref of liveCaches) {
    const cache = ref.deref();
    if (cache === undefined) liveCaches.delete(ref);
    else visit(cache);
  }
}

/**
 * Empties the cache of every jitted function (JAX's `jax.clear_caches()`):
 * each traces again on its next call.
 *
 * @example
 * clearCaches();
 */
export function clearCaches(...none: readonly undefined[]): void {
  noArgumentsOrThrow("clearCaches", none);
  forEachLiveCache((cache) => cache.clear());
}

// static arguments

const identities = new WeakMap<object, number>();
const symbolIds = new Map<symbol, number>();
let nextIdentity = 0;

function identityKey(value: object | symbol): string {
  if (typeof value === "symbol") {
    let id = symbolIds.get(value);
    if (id === undefined) symbolIds.set(value, (id = nextIdentity++));
    return `#${id}`;
  }
  let id = identities.get(value);
  if (id === undefined) identities.set(value, (id = nextIdentity++));
  return `#${id}`;
}

const MAX_STATIC_DEPTH = 200;

function isPlainObject(x: object): boolean {
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** The most array elements and object entries hashed in one static argument (a larger one is refused, not hashed for minutes). */
const MAX_STATIC_ENTRIES = 1 << 20;

/**
 * The cache key of static argument `position`: equal values (by content for
 * primitives, arrays and plain objects) give equal keys. A tensor, a cyclic,
 * too deeply nested or too large value, or one whose reading throws (a
 * getter, a Proxy trap) is an `ArgumentError`.
 */
export function staticArgKey(value: unknown, position: number): string {
  const ancestors: object[] = [];
  let entries = 0;
  const HASHED = "Static arguments are hashed by value: numbers, strings, booleans, null/undefined, and arrays or plain objects of them (functions and class instances by identity).";
  const refuse = (why: string): never => {
    throw new ArgumentError(`jit: static argument ${position} (${showValue(value)}) ${why}. ${HASHED}`);
  };
  const count = (n: number): void => {
    entries += n;
    if (entries > MAX_STATIC_ENTRIES) refuse(`holds more than ${MAX_STATIC_ENTRIES} entries`);
  };
  const key = (x: unknown): string => {
    switch (typeof x) {
      case "number":
        return Object.is(x, -0) ? "n-0" : `n${x}`;
      case "string":
        return `s${JSON.stringify(x)}`;
      case "boolean":
        return x ? "T" : "F";
      case "undefined":
        return "u";
      case "bigint":
        return `b${x}`;
      case "symbol":
      case "function":
        return identityKey(x);
    }
    if (x === null) return "N";
    const obj = x as object;
    if (obj instanceof Tensor) {
      // the aval only (not showValue's "tensor"/"(traced)"), so eager and jit of the same call say the same
      throw new ArgumentError(
        `jit: static argument ${position} contains a tensor (${avalText(obj)}), which has no hashable value (as JAX refuses arrays); ` +
          `pass it as a dynamic argument, or as plain numbers (x.toArray()). ${HASHED}`,
      );
    }
    if (ArrayBuffer.isView(obj) && !(obj instanceof DataView)) {
      const items = obj as unknown as ArrayLike<number | bigint>;
      count(items.length);
      return `${obj.constructor.name}[${Array.from(items, String).join(",")}]`;
    }
    if (!Array.isArray(obj) && !isPlainObject(obj)) return identityKey(obj);
    if (ancestors.includes(obj)) return refuse("is cyclic");
    if (ancestors.length >= MAX_STATIC_DEPTH) return refuse(`is nested deeper than ${MAX_STATIC_DEPTH} levels`);
    ancestors.push(obj);
    try {
      if (Array.isArray(obj)) {
        count(obj.length);
        const parts: string[] = [];
        // holes hash as undefined, as they read
        for (let i = 0; i < obj.length; i++) parts.push(key(obj[i]));
        return `[${parts.join(",")}]`;
      }
      const record = obj as Record<string, unknown>;
      const keys = Object.keys(record);
      count(keys.length);
      const parts = keys.sort().map((k) => `${JSON.stringify(k)}:${key(record[k])}`);
      return `{${parts.join(",")}}`;
    } finally {
      ancestors.pop();
    }
  };
  // a getter or Proxy trap that throws while the value is read is an ArgumentError naming jit
  return readUserData("jit", `static argument ${position}`, () => key(value));
}
