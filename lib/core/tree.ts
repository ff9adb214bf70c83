/**
 * Pytrees: JS arrays and plain objects nest; tensors, numbers and booleans
 * are leaves. One rule keeps TypeScript natural: a non-empty JS array whose
 * leaves are all numbers or booleans, at any depth, is a single array-like
 * leaf (`[1, 2, 3]` is one leaf, `[w, b]` with tensors inside is a tuple of
 * two). `null`/`undefined` are empty subtrees, as `None` in JAX. Object keys
 * are visited in sorted order, as JAX sorts dict keys.
 *
 * Hostile trees are refused with an `ArgumentError`, never a stack overflow
 * or a hang: a cycle (`const c = []; c.push(c)`), nesting deeper than
 * `MAX_NESTING_DEPTH` (1000), a hole in a sparse array (`[a, , b]`), and a
 * getter or Proxy trap that throws. Objects are rebuilt with own data
 * properties, so a key such as `"__proto__"` (from `JSON.parse`) is an
 * ordinary leaf.
 *
 * The public `tree` namespace (`api/tree.ts`) adds key paths, `map` over
 * several trees, `reduce`, `all`, `transpose` (`treeUtil.ts`) and optax's
 * arithmetic (`api/treeMath.ts`).
 *
 * @example
 * const [leaves, def] = flatten({ w: np.ones([2]), b: 0 });
 * unflatten(def, leaves.map((x) => np.multiply(x, 2)));
 */
import { ArgumentError, TracegradError } from "./errors.ts";
import { MAX_NESTING_DEPTH } from "./limits.ts";

// model

/** The shape of a tree without its leaves. */
export type TreeDef =
  | { readonly kind: "leaf" }
  | { readonly kind: "none"; readonly value: null | undefined }
  | { readonly kind: "array"; readonly children: readonly TreeDef[] }
  | { readonly kind: "object"; readonly keys: readonly string[]; readonly children: readonly TreeDef[] };

const LEAF: TreeDef = Object.freeze({ kind: "leaf" });
const NONE_NULL: TreeDef = Object.freeze({ kind: "none", value: null });
const NONE_UNDEFINED: TreeDef = Object.freeze({ kind: "none", value: undefined });

// utils

/** Whether `x` is an array of numbers/booleans at any depth (one array-like leaf); false for cyclic or too deep arrays. */
export function isNumericArray(x: unknown): boolean {
  return numericArrayKind(x, MAX_NESTING_DEPTH) === "numeric";
}

/**
 * `"numeric"` when `x` is a non-empty array of numbers/booleans at any depth (one array-like leaf),
 * `"tree"` when it is not, and `"too deep"` when a chain of arrays inside it reaches `limit` levels:
 * such data is an error either way (too deep for a tree and for a tensor), so callers can report it
 * at once instead of rescanning the chain at every level.
 */
function numericArrayKind(x: unknown, limit: number): "numeric" | "tree" | "too deep" {
  if (!Array.isArray(x) || x.length === 0) return "tree";
  // depth-first over nested arrays with an explicit stack, so depth and cycles cannot overflow the call stack
  const pending: { readonly row: readonly unknown[]; readonly depth: number }[] = [{ row: x, depth: 1 }];
  const open = new Set<unknown>([x]);
  let count = 0;
  while (pending.length > 0) {
    const { row, depth } = pending.pop()!;
    const length = row.length;
    for (let i = 0; i < length; i++) {
      const item = row[i];
      const t = typeof item;
      if (t === "number" || t === "boolean") continue;
      if (!Array.isArray(item) || open.has(item)) return "tree";
      if (depth >= limit) return "too deep";
      if (item.length === 0) continue;
      open.add(item);
      pending.push({ row: item, depth: depth + 1 });
    }
    // shared (non-cyclic) rows are fine, but a DAG that repeats rows exponentially is not an array
    if (++count > 1e7) return "tree";
  }
  return "numeric";
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== "object") return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Whether `x` is a leaf of a tree. */
export function isLeaf(x: unknown): boolean {
  return !(Array.isArray(x) && !isNumericArray(x)) && !isPlainObject(x) && x !== null && x !== undefined;
}

/** An own data property `key` of a new object (`out[key] = value` would call the `__proto__` setter). */
function defineEntry(out: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * Runs `read` (which reads user data: getters, Proxy traps, array elements) and turns anything it
 * throws that is not a `TracegradError` into an `ArgumentError` naming `op`, with the original as `cause`.
 */
export function readUserData<R>(op: string, what: string, read: () => R): R {
  try {
    return read();
  } catch (e) {
    if (e instanceof TracegradError) throw e;
    let reason: string;
    try {
      reason = e instanceof Error ? `${e.name}: ${e.message}` : typeof e === "symbol" ? e.toString() : String(e);
    } catch {
      reason = "an unprintable value";
    }
    const error = new ArgumentError(`${op}: reading ${what} threw (${reason.slice(0, 200)}); pass plain arrays, objects and tensors.`);
    (error as { cause?: unknown }).cause = e;
    throw error;
  }
}

// destructors

interface Walk {
  readonly op: string;
  readonly leaves: unknown[];
  /** The containers on the path from the root to the current node (a container met again is a cycle). */
  readonly path: Set<object>;
}

function enter(walk: Walk, x: object, depth: number): void {
  if (depth >= MAX_NESTING_DEPTH) {
    throw new ArgumentError(
      `${walk.op}: the tree is nested more than ${MAX_NESTING_DEPTH} levels deep; flatten the data (e.g. into tensors) first.`,
    );
  }
  if (walk.path.has(x)) {
    throw new ArgumentError(`${walk.op}: the tree is cyclic (an array or object contains itself); trees must be finite.`);
  }
  walk.path.add(x);
}

function flattenInto(x: unknown, walk: Walk, depth: number): TreeDef {
  if (x === null) return NONE_NULL;
  if (x === undefined) return NONE_UNDEFINED;
  if (typeof x !== "object") {
    walk.leaves.push(x);
    return LEAF;
  }
  if (Array.isArray(x)) {
    const kind = numericArrayKind(x, MAX_NESTING_DEPTH - depth);
    if (kind === "numeric") {
      walk.leaves.push(x);
      return LEAF;
    }
    enter(walk, x, kind === "too deep" ? MAX_NESTING_DEPTH : depth);
    const n = x.length;
    const children = new Array<TreeDef>(n);
    for (let i = 0; i < n; i++) {
      if (!(i in x)) {
        throw new ArgumentError(`${walk.op}: the tree holds a sparse array with a hole at index ${i}; use null for an empty entry.`);
      }
      children[i] = flattenInto(x[i], walk, depth + 1);
    }
    walk.path.delete(x);
    return { kind: "array", children };
  }
  if (isPlainObject(x)) {
    enter(walk, x, depth);
    const keys = Object.keys(x).sort();
    const children = new Array<TreeDef>(keys.length);
    for (let i = 0; i < keys.length; i++) children[i] = flattenInto(x[keys[i]], walk, depth + 1);
    walk.path.delete(x);
    return { kind: "object", keys, children };
  }
  walk.leaves.push(x);
  return LEAF;
}

/** The leaves of a tree in order, and its structure (`op` names the caller in errors). */
export function flatten(x: unknown, op = "tree.flatten"): [unknown[], TreeDef] {
  const leaves: unknown[] = [];
  // a lone leaf (a tensor, a number) is the hot path of every transform
  if (x === null || typeof x !== "object" || isOpaqueLeaf(x)) {
    if (x === null || x === undefined) return [leaves, x === null ? NONE_NULL : NONE_UNDEFINED];
    leaves.push(x);
    return [leaves, LEAF];
  }
  const def = readUserData(op, "the tree", () => flattenInto(x, { op, leaves, path: new Set() }, 0));
  return [leaves, def];
}

/** Whether `x` is surely a leaf that is neither an array nor a plain object (false when unsure: a throwing Proxy). */
function isOpaqueLeaf(x: object): boolean {
  try {
    return !Array.isArray(x) && !isPlainObject(x);
  } catch {
    return false; // a revoked Proxy or one whose getPrototypeOf throws: the guarded walk reports it
  }
}

/** The leaves of a tree in order. */
export function leaves(x: unknown): unknown[] {
  return flatten(x, "tree.leaves")[0];
}

/** The structure of a tree. */
export function structure(x: unknown): TreeDef {
  return flatten(x, "tree.structure")[1];
}

/** Number of leaves a structure holds. */
export function numLeaves(def: TreeDef): number {
  switch (def.kind) {
    case "leaf":
      return 1;
    case "none":
      return 0;
    default: {
      let n = 0;
      for (let i = 0; i < def.children.length; i++) n += numLeaves(def.children[i]);
      return n;
    }
  }
}

/** Checks a structure given by a user (`tree.unflatten`): well-formed, finite, not too deep; returns its leaf count. */
function checkedLeafCount(op: string, def: unknown, depth: number, path: Set<object>): number {
  const bad = () => new ArgumentError(`${op}: the first argument must be a structure from tree.flatten or tree.structure.`);
  if (def === null || typeof def !== "object") throw bad();
  const d = def as { kind?: unknown; children?: unknown; keys?: unknown; value?: unknown };
  if ((d.kind === "array" || d.kind === "object") && (depth >= MAX_NESTING_DEPTH || path.has(def))) {
    throw new ArgumentError(`${op}: the structure is cyclic or nested more than ${MAX_NESTING_DEPTH} levels deep.`);
  }
  switch (d.kind) {
    case "leaf":
      return 1;
    case "none":
      if (d.value !== null && d.value !== undefined) throw bad();
      return 0;
    case "array":
    case "object": {
      const children = d.children;
      if (!Array.isArray(children)) throw bad();
      if (d.kind === "object") {
        const keys = d.keys;
        if (!Array.isArray(keys) || keys.length !== children.length) throw bad();
        for (let i = 0; i < keys.length; i++) if (typeof keys[i] !== "string") throw bad();
      }
      path.add(def);
      let n = 0;
      for (let i = 0; i < children.length; i++) {
        if (!(i in children)) throw bad();
        n += checkedLeafCount(op, children[i], depth + 1, path);
      }
      path.delete(def);
      return n;
    }
    default:
      throw bad();
  }
}

// constructors

function build(def: TreeDef, leaves: readonly unknown[], cursor: { i: number }): unknown {
  switch (def.kind) {
    case "leaf":
      return leaves[cursor.i++];
    case "none":
      return def.value;
    case "array": {
      const out = new Array<unknown>(def.children.length);
      for (let j = 0; j < out.length; j++) out[j] = build(def.children[j], leaves, cursor);
      return out;
    }
    case "object": {
      const out: Record<string, unknown> = {};
      for (let j = 0; j < def.keys.length; j++) {
        const key = def.keys[j];
        const value = build(def.children[j], leaves, cursor);
        // a plain store keeps the object fast; only "__proto__" would call the prototype setter
        if (key === "__proto__") defineEntry(out, key, value);
        else out[key] = value;
      }
      return out;
    }
  }
}

/**
 * `unflatten` of a structure this library made (`flatten`'s, or a staged
 * function's output structure) and exactly its number of leaves: the same
 * tree, without re-checking the structure (the hot path of a jitted call).
 */
export function unflattenOwn<T = unknown>(def: TreeDef, leaves: readonly unknown[]): T {
  return (def === LEAF ? leaves[0] : build(def, leaves, { i: 0 })) as T;
}

/** A string that equals another structure's exactly when the structures are equal (a cache key). */
export function treeDefKey(def: TreeDef): string {
  switch (def.kind) {
    case "leaf":
      return "*";
    case "none":
      return def.value === null ? "null" : "undefined";
    case "array": {
      let s = "[";
      for (let j = 0; j < def.children.length; j++) s += (j === 0 ? "" : ",") + treeDefKey(def.children[j]);
      return s + "]";
    }
    case "object": {
      // keys quoted as JSON strings, so no key can fake a delimiter
      let s = "{";
      for (let j = 0; j < def.keys.length; j++) s += (j === 0 ? "" : ",") + JSON.stringify(def.keys[j]) + ":" + treeDefKey(def.children[j]);
      return s + "}";
    }
  }
}

/** Rebuilds a tree of the given structure from leaves. */
export function unflatten<T = unknown>(def: TreeDef, leaves: readonly unknown[], op = "tree.unflatten"): T {
  if (def === LEAF) {
    // the hot path of every transform; a Proxy that throws falls through to the checked path, which reports it
    try {
      if (Array.isArray(leaves) && leaves.length === 1 && 0 in leaves) return leaves[0] as T;
    } catch {}
  }
  const count = readUserData(op, "the structure", () => checkedLeafCount(op, def, 0, new Set()));
  if (!readUserData(op, "the leaves", () => Array.isArray(leaves))) throw new ArgumentError(`${op}: leaves must be an array.`);
  const list = readUserData(op, "the leaves", () => {
    const copy = new Array<unknown>(leaves.length);
    for (let i = 0; i < leaves.length; i++) {
      if (!(i in leaves)) throw new ArgumentError(`${op}: leaves is a sparse array with a hole at index ${i}.`);
      copy[i] = leaves[i];
    }
    return copy;
  });
  if (list.length !== count) {
    throw new ArgumentError(`${op}: the structure has ${count} leaves but ${list.length} were given.`);
  }
  return build(def, list, { i: 0 }) as T;
}

/** Text of a structure, e.g. `[*, {a: *, b: *}]`. */
export function formatTreeDef(def: TreeDef): string {
  switch (def.kind) {
    case "leaf":
      return "*";
    case "none":
      return String(def.value);
    case "array":
      return `[${def.children.map(formatTreeDef).join(", ")}]`;
    case "object":
      return `{${def.keys.map((k, i) => `${k}: ${formatTreeDef(def.children[i])}`).join(", ")}}`;
  }
}

/** Whether two structures are the same. */
export function treeDefsEqual(a: TreeDef, b: TreeDef): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "leaf":
      return true;
    case "none":
      return a.value === (b as typeof a).value;
    case "array":
    case "object": {
      const other = b as typeof a;
      if (a.children.length !== other.children.length) return false;
      if (a.kind === "object") {
        const keys = (other as { keys: readonly string[] }).keys;
        for (let i = 0; i < a.keys.length; i++) if (a.keys[i] !== keys[i]) return false;
      }
      for (let i = 0; i < a.children.length; i++) if (!treeDefsEqual(a.children[i], other.children[i])) return false;
      return true;
    }
  }
}
