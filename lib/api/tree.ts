/**
 * The `tree` namespace: JAX's `jax.tree` over tracegrad's pytrees (JS arrays
 * and plain objects nest; tensors, numbers and booleans are leaves; see
 * `core/tree.ts`), with key paths, and optax's `optax.tree` arithmetic for
 * optimizers.
 *
 * @example
 * const [leaves, def] = tree.flatten({ w: np.ones([2]), b: 0 });
 * tree.unflatten(def, leaves.map((x) => np.multiply(x, 2)));
 * tree.norm(tree.sub(params, newParams)); // the global L2 norm of a step
 */
import { all, flatten, flattenWithPath, keystr, leaves, leavesWithPath, map, mapWithPath, reduce, structure, transpose, unflatten } from "../core/treeUtil.ts";
import { add, div, fullLike, mul, norm, onesLike, scale, sub, sum, vdot, zerosLike } from "./treeMath.ts";

/** The pytree namespace exported as `tree`. */
export const tree = {
  // structure
  flatten, unflatten, leaves, structure, map, reduce, all, transpose,
  // key paths
  flattenWithPath, leavesWithPath, mapWithPath, keystr,
  // arithmetic (optax.tree)
  zerosLike, onesLike, fullLike, add, sub, mul, div, scale, vdot, sum, norm,
};
