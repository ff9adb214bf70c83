/**
 * Transformations that bound the updates (optax's clipping.py): elementwise
 * clipping and clipping by the global norm of the whole tree.
 *
 * @example
 * import { adam, chain, clipByGlobalNorm } from "tracegrad/optim";
 * const opt = chain(clipByGlobalNorm(1.0), adam(1e-3));
 */
import { np, tree, type ArrayLike, type Tensor } from "../index.ts";
import type { EmptyState, GradientTransformation } from "./base.ts";
import { checkNumber } from "./transform.ts";

/**
 * Clips every element of the updates to `[-maxDelta, maxDelta]` (optax.clip).
 *
 * @example
 * clip(1).update({ w: np.array([-3, 0.5, 2]) }, {})[0]; // { w: [-1, 0.5, 1] }
 */
export function clip(maxDelta: number): GradientTransformation<EmptyState> {
  checkNumber("optim.clip", "maxDelta", maxDelta, { min: 0 });
  return {
    init: () => ({}),
    update: (updates, state) => [tree.map((g: ArrayLike) => np.clip(g, -maxDelta, maxDelta), updates), state],
  };
}

/**
 * Rescales the updates so that their global norm ‖g‖ = √(Σ over all leaves
 * of Σ g²) is at most `maxNorm` (optax.clip_by_global_norm):
 * update = g if ‖g‖ < maxNorm, else g / ‖g‖ · maxNorm.
 *
 * @example
 * clipByGlobalNorm(1).update({ a: np.array([3]), b: np.array([4]) }, {})[0]; // { a: [0.6], b: [0.8] }
 */
export function clipByGlobalNorm(maxNorm: number): GradientTransformation<EmptyState> {
  checkNumber("optim.clipByGlobalNorm", "maxNorm", maxNorm, { min: 0, minOpen: true });
  return {
    init: () => ({}),
    update: (updates, state) => {
      const norm = tree.norm(updates);
      const withinBound = np.less(norm, maxNorm);
      const clipped = tree.map((g: ArrayLike) => {
        const t: Tensor = np.asarray(g);
        // where (not a branch), so the step stays one traced program under jit
        return np.where(withinBound, t, np.multiply(np.divide(t, norm.astype(t.dtype)), maxNorm));
      }, updates);
      return [clipped, state];
    },
  };
}
