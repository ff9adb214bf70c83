/**
 * Tree paths: the name of every leaf of a pytree, in `tree.flatten` order,
 * written as JavaScript accessors (`args[1].w`, `args[0][2]`, `out["a-b"]`),
 * so messages say which leaf they are about.
 *
 * @example
 * leafPaths({ w: np.ones([2]), b: [0, 1] }, "args[0]") // ["args[0].b", "args[0].w"]
 */
import { tree, type TreeDef } from "../index.ts";

// utils

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `.key` for identifiers, `["key"]` otherwise. */
function keyAccess(key: string): string {
  return IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function pathsOf(def: TreeDef, prefix: string, out: string[]): void {
  switch (def.kind) {
    case "leaf":
      out.push(prefix);
      return;
    case "none":
      return;
    case "array":
      def.children.forEach((child, i) => pathsOf(child, `${prefix}[${i}]`, out));
      return;
    case "object":
      def.keys.forEach((key, i) => pathsOf(def.children[i], `${prefix}${keyAccess(key)}`, out));
      return;
  }
}

// destructors

/** The path of each leaf of `x`, in the order of `tree.leaves(x)`. */
export function leafPaths(x: unknown, prefix: string): string[] {
  const out: string[] = [];
  pathsOf(tree.structure(x), prefix, out);
  return out;
}
