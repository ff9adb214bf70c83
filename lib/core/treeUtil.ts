/**
 * More of `jax.tree_util` over tracegrad's pytrees: key paths
 * (`flattenWithPath`, `leavesWithPath`, `mapWithPath`, `keystr`), `map` over
 * several trees whose structure has the first as a prefix, `reduce`, `all`,
 * `transpose`, and typed `leaves`/`structure`/`flatten`/`unflatten`. A key
 * path is a list of keys from the root, as JAX's: a `SequenceKey` (an
 * array index) or a `DictKey` (an object key), printed as `[0]` and
 * `['w']`, so a path prints as `['layers'][0]['w']`.
 *
 * @example
 * const [pairs] = tree.flattenWithPath({ w: [np.ones([2]), 3] });
 * pairs.map(([path]) => tree.keystr(path)); // ["['w'][0]", "['w'][1]"]
 */
import { ArgumentError } from "./errors.ts";
import { denseArrayOrThrow, isArrayArg, optionsOrThrow, showValue, userOutputOrThrow } from "./convert.ts";
import { Tensor } from "./tensor.ts";
import * as core from "./tree.ts";

// model

declare const treeType: unique symbol;

/** The structure of a tree of type `T` (a `TreeDef` that remembers the type, so `unflatten` gives a `T` back). */
export type TreeDef<T = unknown> = core.TreeDef & { readonly [treeType]?: T };

/**
 * An array index in a key path (JAX's `SequenceKey`), printed `[idx]`.
 *
 * @example
 * String(new SequenceKey(2)); // "[2]"
 */
export class SequenceKey {
  constructor(readonly idx: number) {}
  toString(): string {
    return `[${this.idx}]`;
  }
}

/**
 * An object key in a key path (JAX's `DictKey`), printed `['key']`.
 *
 * @example
 * String(new DictKey("w")); // "['w']"
 */
export class DictKey {
  constructor(readonly key: string) {}
  toString(): string {
    return `['${this.key.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}']`;
  }
}

/** One step of a key path. */
export type KeyEntry = SequenceKey | DictKey;

/** The keys from the root of a tree to one of its leaves. */
export type KeyPath = readonly KeyEntry[];

// utils

function functionOrThrow(op: string, f: unknown): void {
  if (typeof f !== "function") throw new ArgumentError(`${op}: the first argument must be a function, got ${typeof f}.`);
}

/** `def` as a structure (from `tree.structure`/`tree.flatten`), or an `ArgumentError`. */
function treeDefOrThrow(op: string, def: unknown, what: string): core.TreeDef {
  const valid = (d: unknown, depth: number): boolean => {
    if (d === null || typeof d !== "object" || depth > 1000) return false;
    const { kind, children, keys } = d as { kind?: unknown; children?: unknown; keys?: unknown };
    if (kind === "leaf" || kind === "none") return true;
    if ((kind !== "array" && kind !== "object") || !Array.isArray(children)) return false;
    if (kind === "object" && (!Array.isArray(keys) || keys.length !== children.length || !keys.every((k) => typeof k === "string"))) return false;
    return children.every((c) => valid(c, depth + 1));
  };
  if (!core.readUserData(op, what, () => valid(def, 0))) throw new ArgumentError(`${op}: ${what} must be a structure from tree.structure or tree.flatten.`);
  return def as core.TreeDef;
}

function pathsOf(def: core.TreeDef, prefix: KeyEntry[], out: KeyEntry[][]): void {
  switch (def.kind) {
    case "leaf":
      out.push(prefix);
      return;
    case "none":
      return;
    case "array":
      def.children.forEach((child, i) => pathsOf(child, [...prefix, new SequenceKey(i)], out));
      return;
    case "object":
      def.keys.forEach((key, i) => pathsOf(def.children[i], [...prefix, new DictKey(key)], out));
      return;
  }
}

/**
 * The subtree of `x` at each leaf of `def` (whose structure must be a
 * prefix of `x`'s): JAX's `flatten_up_to`. A leaf of `def` takes the whole
 * subtree of `x` found there.
 */
function flattenUpTo(op: string, def: core.TreeDef, x: unknown, which: number, first: core.TreeDef): unknown[] {
  const out: unknown[] = [];
  const mismatch = (): never => {
    throw new ArgumentError(
      `${op}: tree ${which} has structure ${core.formatTreeDef(core.flatten(x, op)[1])}, which does not have the first tree's structure ${core.formatTreeDef(first)} as a prefix.`,
    );
  };
  const walk = (d: core.TreeDef, v: unknown): void => {
    switch (d.kind) {
      case "leaf":
        out.push(v);
        return;
      case "none":
        if (v !== null && v !== undefined) mismatch();
        return;
      case "array":
        if (!Array.isArray(v) || core.isLeaf(v) || v.length !== d.children.length) mismatch();
        d.children.forEach((c, i) => walk(c, (v as unknown[])[i]));
        return;
      case "object": {
        if (v === null || typeof v !== "object" || Array.isArray(v) || core.isLeaf(v)) mismatch();
        const keys = Object.keys(v as object).sort();
        if (keys.length !== d.keys.length || keys.some((k, i) => k !== d.keys[i])) mismatch();
        d.keys.forEach((k, i) => walk(d.children[i], (v as Record<string, unknown>)[k]));
        return;
      }
    }
  };
  core.readUserData(op, `tree ${which}`, () => walk(def, x));
  return out;
}

// destructors

/**
 * The leaves of a tree in order (typed: `tree.leaves<Tensor>(params)`).
 *
 * @example
 * tree.leaves({ b: [np.ones(2), 3], a: 1 }); // [1, array([1., 1.]), 3]
 * tree.leaves({ w: [1, 2] }); // [[1, 2]]
 */
export function leaves<L = unknown>(x: unknown): L[] {
  return core.leaves(x) as L[];
}

/**
 * The structure of a tree, remembering its type.
 *
 * @example
 * const def = tree.structure({ w: np.ones([2, 2]), b: [np.zeros(2), null] });
 * tree.unflatten(def, [1, 2]); // { b: [1, null], w: 2 }
 */
export function structure<T>(x: T): TreeDef<T> {
  return core.structure(x) as TreeDef<T>;
}

/**
 * The leaves of a tree in order, and its structure.
 *
 * @example
 * const [leaves, def] = tree.flatten({ w: np.ones([2]), b: 0 });
 * leaves; // [0, array([1., 1.])]
 * tree.unflatten(def, [1, 2]); // { b: 1, w: 2 }
 */
export function flatten<T, L = unknown>(x: T): [L[], TreeDef<T>] {
  return core.flatten(x, "tree.flatten") as [L[], TreeDef<T>];
}

/**
 * Rebuilds a tree of the given structure from leaves (a `T` for a `TreeDef<T>`).
 *
 * @example
 * const def = tree.structure([0, { x: 0 }]);
 * tree.unflatten(def, ["a", "b"]); // ["a", { x: "b" }]
 */
export function unflatten<T = unknown>(def: TreeDef<T>, leaves: readonly unknown[]): T {
  return core.unflatten<T>(def, leaves, "tree.unflatten");
}

/**
 * The leaves of a tree with their key paths, and its structure:
 * `[[path, leaf], ...]` in `flatten` order (JAX's `tree_flatten_with_path`).
 *
 * @example
 * tree.flattenWithPath({ b: 0, w: [1, 2] })[0].map(([p, l]) => [tree.keystr(p), l]); // [["['b']", 0], ["['w']", [1, 2]]]
 */
export function flattenWithPath<T, L = unknown>(x: T): [[KeyPath, L][], TreeDef<T>] {
  const [values, def] = core.flatten(x, "tree.flattenWithPath");
  const paths: KeyEntry[][] = [];
  pathsOf(def, [], paths);
  return [values.map((leaf, i) => [paths[i], leaf as L]), def as TreeDef<T>];
}

/**
 * The `[path, leaf]` pairs of a tree (JAX's `tree_leaves_with_path`).
 *
 * @example
 * const pairs = tree.leavesWithPath([np.zeros(2), { b: 1 }]);
 * pairs.map(([path, leaf]) => [tree.keystr(path), leaf]); // [["[0]", array([0., 0.])], ["[1]['b']", 1]]
 */
export function leavesWithPath<L = unknown>(x: unknown): [KeyPath, L][] {
  return flattenWithPath<unknown, L>(x)[0];
}

/**
 * A key path as text (JAX's `keystr`): `['w'][0]`, or with
 * `{ simple: true }` the bare keys joined by `separator` (`w/0` with
 * `separator: "/"`).
 *
 * @example
 * tree.keystr([new DictKey("w"), new SequenceKey(0)]); // "['w'][0]"
 */
export function keystr(path: KeyPath, options?: { readonly simple?: boolean; readonly separator?: string }): string {
  const op = "tree.keystr";
  const keys = isArrayArg(op, path) ? denseArrayOrThrow(op, "the path", path) : null;
  if (keys === null || !core.readUserData(op, "the path", () => keys.every((k) => k instanceof SequenceKey || k instanceof DictKey))) {
    throw new ArgumentError("tree.keystr: the path must be a list of SequenceKey/DictKey (from tree.flattenWithPath).");
  }
  const { simple = false, separator = "" } = optionsOrThrow<{ simple: boolean; separator: string }>(op, options, ["simple", "separator"]);
  if (typeof simple !== "boolean") throw new ArgumentError(`tree.keystr: simple must be a boolean, got ${showValue(simple)}.`);
  if (typeof separator !== "string") throw new ArgumentError(`tree.keystr: separator must be a string, got ${showValue(separator)}.`);
  const entries = keys as KeyEntry[];
  if (!simple) return entries.map(String).join(separator);
  return entries.map((k) => (k instanceof SequenceKey ? String(k.idx) : k.key)).join(separator);
}

// combinators

/**
 * Applies `f` to the leaves of `x` and the matching parts of `rest`: each
 * further tree has the first one's structure, or that structure as a
 * prefix (then `f` gets its whole subtree at each leaf of `x`), as JAX's.
 *
 * @example
 * tree.map((a, b) => np.add(a, b), { w: x, b: y }, { w: 1, b: 2 });
 * tree.map((lr, g) => tree.map((v) => np.multiply(lr, v), g), { a: 0.1 }, { a: [g1, g2] });
 */
export function map(f: (leaf: any, ...rest: any[]) => unknown, x: unknown, ...rest: unknown[]): any {
  return mapNamed("tree.map", f, x, rest);
}

/** `map` whose errors name `op` (for the helpers built on it). */
export function mapNamed(op: string, f: (leaf: any, ...rest: any[]) => unknown, x: unknown, rest: readonly unknown[]): any {
  functionOrThrow(op, f);
  const [xs, def] = core.flatten(x, op);
  const others = rest.map((r, i) => flattenUpTo(op, def, r, i + 1, def));
  return core.unflatten(def, xs.map((leaf, j) => f(leaf, ...others.map((o) => o[j]))), op);
}

/**
 * `f(path, leaf, ...matching leaves of rest)` over the leaves of `x`, with
 * each leaf's key path (JAX's `tree_map_with_path`).
 *
 * @example
 * tree.mapWithPath((path, v) => (tree.keystr(path) === "['b']" ? v : np.multiply(v, 0.9)), params);
 */
export function mapWithPath(f: (path: KeyPath, leaf: any, ...rest: any[]) => unknown, x: unknown, ...rest: unknown[]): any {
  functionOrThrow("tree.mapWithPath", f);
  const [pairs, def] = flattenWithPath(x);
  const others = rest.map((r, i) => flattenUpTo("tree.mapWithPath", def, r, i + 1, def));
  return core.unflatten(def, pairs.map(([path, leaf], j) => f(path, leaf, ...others.map((o) => o[j]))), "tree.mapWithPath");
}

/**
 * Folds `f` over the leaves in order (JAX's `tree.reduce`, Python's
 * `functools.reduce`): from `initializer` when given, else from the first
 * leaf (an empty tree then is an error).
 *
 * @example
 * tree.reduce((a, b) => a + b, [1, { x: 2, y: 3 }]); // 6
 */
export function reduce<A = any>(f: (accumulator: A, leaf: any) => A, x: unknown, ...initializer: [A?]): A {
  functionOrThrow("tree.reduce", f);
  const values = core.flatten(x, "tree.reduce")[0];
  // each step's value is the user's: checked at the boundary (a Promise or a hostile Proxy is an ArgumentError)
  const step = (acc: A, leaf: unknown) => userOutputOrThrow("tree.reduce", f(acc, leaf)) as A;
  if (initializer.length > 0) return values.reduce<A>(step, initializer[0] as A);
  if (values.length === 0) throw new ArgumentError("tree.reduce: the tree has no leaves and no initializer was given.");
  return (values.slice(1) as unknown[]).reduce<A>(step, values[0] as A);
}

/** The truth of one leaf: JS truthiness, or a one-element tensor's value (as Python's `bool(array)`). */
function truthOf(leaf: unknown): boolean {
  if (!(leaf instanceof Tensor)) return Boolean(leaf);
  if (leaf.size !== 1) {
    throw new ArgumentError(`tree.all: the truth value of a tensor of shape [${leaf.shape.join(",")}] is ambiguous; reduce it first (np.all).`);
  }
  return Boolean(leaf.item());
}

/**
 * Whether every leaf is true (JAX's `tree.all`): JS truthiness, a
 * one-element tensor by its value. True for a tree without leaves.
 *
 * @example
 * tree.all(tree.map((g) => np.all(np.isfinite(g)), grads)); // false if any gradient has a NaN or ∞
 */
export function all(x: unknown): boolean {
  return core.flatten(x, "tree.all")[0].every(truthOf);
}

/**
 * Turns a tree of structure `outer` whose leaves are trees of structure
 * `inner` into a tree of structure `inner` whose leaves are trees of
 * structure `outer` (JAX's `tree.transpose`); `inner` null takes the
 * structure of the first inner tree.
 *
 * @example
 * tree.transpose(tree.structure([0, 0]), tree.structure({ a: 0, b: 0 }), [{ a: 1, b: 2 }, { a: 3, b: 4 }]);
 * // { a: [1, 3], b: [2, 4] }
 */
export function transpose<T = any>(outer: core.TreeDef, inner: core.TreeDef | null, x: unknown): T {
  treeDefOrThrow("tree.transpose", outer, "the outer structure");
  if (inner !== null && inner !== undefined) treeDefOrThrow("tree.transpose", inner, "the inner structure");
  const outerCount = core.numLeaves(outer);
  const parts = flattenUpTo("tree.transpose", outer, x, 1, outer);
  if (outerCount === 0) throw new ArgumentError("tree.transpose: the outer structure has no leaves.");
  const innerDef = inner ?? core.flatten(parts[0], "tree.transpose")[1];
  const innerCount = core.numLeaves(innerDef);
  const grid = parts.map((part, i) => {
    const [values, def] = core.flatten(part, "tree.transpose");
    if (!core.treeDefsEqual(def, innerDef)) {
      throw new ArgumentError(`tree.transpose: inner tree ${i} has structure ${core.formatTreeDef(def)}, expected ${core.formatTreeDef(innerDef)}.`);
    }
    return values;
  });
  const columns = Array.from({ length: innerCount }, (_, j) => core.unflatten(outer, grid.map((row) => row[j]), "tree.transpose"));
  return core.unflatten<T>(innerDef, columns, "tree.transpose");
}
