/**
 * Tree paths: the name of every leaf of a pytree, in `tree.flatten` order
 * (`tree.leavesWithPath`'s key paths), written as JavaScript accessors (`args[1].w`, `args[0][2]`, `out["a-b"]`),
 * so messages say which leaf they are about.
 *
 * @example
 * leafPaths({ w: np.ones([2]), b: [0, 1] }, "args[0]") // ["args[0].b", "args[0].w"]
 */
import { SequenceKey, tree, type KeyEntry } from "../index.ts";

// utils

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A key path entry as a JavaScript accessor: `[i]` for an array index, `.key` for an identifier, `["key"]` otherwise. */
function accessor(entry: KeyEntry): string {
  if (entry instanceof SequenceKey) return `[${entry.idx}]`;
  return IDENTIFIER.test(entry.key) ? `.${entry.key}` : `[${JSON.stringify(entry.key)}]`;
}

// destructors

/** The path of each leaf of `x`, in the order of `tree.leaves(x)`. */
export function leafPaths(x: unknown, prefix: string): string[] {
  return tree.leavesWithPath(x).map(([path]) => prefix + path.map(accessor).join(""));
}
