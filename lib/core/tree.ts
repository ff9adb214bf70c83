/**
 * Pytrees: JS arrays and plain objects nest; tensors, numbers and booleans
 * are leaves. One rule keeps TypeScript natural: a non-empty JS array whose
 * leaves are all numbers or booleans, at any depth, is a single array-like
 * leaf (`[1, 2, 3]` is one leaf, `[w, b]` with tensors inside is a tuple of
 * two). `null`/`undefined` are empty subtrees, as `None` in JAX. Object keys
 * are visited in sorted order, as JAX sorts dict keys.
 *
 * The public `tree` namespace (`api/tree.ts`) adds key paths, `map` over
 * several trees, `reduce`, `all`, `transpose` (`treeUtil.ts`) and optax's
 * arithmetic (`api/treeMath.ts`).
 *
 * @example
 * const [leaves, def] = flatten({ w: np.ones([2]), b: 0 });
 * unflatten(def, leaves.map((x) => np.multiply(x, 2)));
 */
import { ArgumentError } from "./errors.ts";

// model

/** The shape of a tree without its leaves. */
export type TreeDef =
  | { readonly kind: "leaf" }
  | { readonly kind: "none"; readonly value: null | undefined }
  | { readonly kind: "array"; readonly children: readonly TreeDef[] }
  | { readonly kind: "object"; readonly keys: readonly string[]; readonly children: readonly TreeDef[] };

const LEAF: TreeDef = { kind: "leaf" };

// utils

/** Whether `x` is an array of numbers/booleans at any depth (one array-like leaf). */
export function isNumericArray(x: unknown): boolean {
  if (!Array.isArray(x) || x.length === 0) return false;
  for (const item of x) {
    const t = typeof item;
    if (t === "number" || t === "boolean") continue;
    if (Array.isArray(item) && (item.length === 0 || isNumericArray(item))) continue;
    return false;
  }
  return true;
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

// destructors

function flattenInto(x: unknown, leaves: unknown[]): TreeDef {
  if (x === null || x === undefined) return { kind: "none", value: x };
  if (Array.isArray(x) && !isNumericArray(x)) {
    return { kind: "array", children: x.map((item) => flattenInto(item, leaves)) };
  }
  if (isPlainObject(x)) {
    const keys = Object.keys(x).sort();
    return { kind: "object", keys, children: keys.map((k) => flattenInto(x[k], leaves)) };
  }
  leaves.push(x);
  return LEAF;
}

/** The leaves of a tree in order, and its structure. */
export function flatten(x: unknown): [unknown[], TreeDef] {
  const leaves: unknown[] = [];
  const def = flattenInto(x, leaves);
  return [leaves, def];
}

/** The leaves of a tree in order. */
export function leaves(x: unknown): unknown[] {
  return flatten(x)[0];
}

/** The structure of a tree. */
export function structure(x: unknown): TreeDef {
  return flatten(x)[1];
}

/** Number of leaves a structure holds. */
export function numLeaves(def: TreeDef): number {
  switch (def.kind) {
    case "leaf":
      return 1;
    case "none":
      return 0;
    default:
      return def.children.reduce((n, c) => n + numLeaves(c), 0);
  }
}

// constructors

/** Rebuilds a tree of the given structure from leaves. */
export function unflatten<T = unknown>(def: TreeDef, leaves: readonly unknown[]): T {
  if (def === null || typeof def !== "object" || !("kind" in def)) {
    throw new ArgumentError("tree.unflatten: the first argument must be a structure from tree.flatten or tree.structure.");
  }
  if (!Array.isArray(leaves)) throw new ArgumentError("tree.unflatten: leaves must be an array.");
  if (leaves.length !== numLeaves(def)) {
    throw new ArgumentError(`tree.unflatten: the structure has ${numLeaves(def)} leaves but ${leaves.length} were given.`);
  }
  let i = 0;
  const build = (d: TreeDef): unknown => {
    switch (d.kind) {
      case "leaf":
        return leaves[i++];
      case "none":
        return d.value;
      case "array":
        return d.children.map(build);
      case "object": {
        const out: Record<string, unknown> = {};
        d.keys.forEach((k, j) => (out[k] = build(d.children[j])));
        return out;
      }
    }
  };
  return build(def) as T;
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
  return JSON.stringify(a) === JSON.stringify(b);
}
