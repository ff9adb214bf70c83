/**
 * Decoupled weight decay and masking (optax's `add_decayed_weights` and
 * `masked`): AdamW and Lion chain `addDecayedWeights` between the rescaling
 * and the learning rate; a mask limits it (or any transformation) to some
 * parameters, e.g. the weights but not the biases.
 *
 * @example
 * import { adamw } from "tracegrad/optim";
 * const opt = adamw(1e-3, { weightDecay: 1e-2, mask: (p) => ({ w: true, b: false }) });
 */
import { ArgumentError, np, tree, type ArrayLike, type Tensor } from "../index.ts";
import { isArrayArg, userOutputOrThrow } from "../core/convert.ts";
import { flatten, numLeaves, readUserData, type TreeDef } from "../core/tree.ts";
import type { EmptyState, GradientTransformation, OptState } from "./base.ts";
import { checkNumber, stateOrThrow, transformationOrThrow } from "./checks.ts";

/**
 * A mask: a tree of booleans with the structure of the parameters, or a
 * prefix of it (one boolean for a whole subtree); or a function of the
 * parameters (of the updates, in `update`) that returns one.
 */
export type Mask = unknown | ((paramsOrUpdates: any) => unknown);

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  x !== null && typeof x === "object" && !Array.isArray(x) && (Object.getPrototypeOf(x) === Object.prototype || Object.getPrototypeOf(x) === null);

/**
 * One flag per leaf of `target`, in `tree.leaves` order, from a mask tree or prefix. The mask is
 * walked along the target's flattened structure (so leaves are exactly `tree.leaves`' and the walk is
 * as deep as the target, which `flatten` bounds), read under `readUserData`.
 */
function maskFlags(op: string, mask: unknown, target: unknown): boolean[] {
  const [, def] = flatten(target, op);
  const walk = (m: unknown, d: TreeDef, path: string): boolean[] => {
    if (typeof m === "boolean") return new Array<boolean>(numLeaves(d)).fill(m);
    if (d.kind === "array" && isArrayArg(op, m) && m.length === d.children.length) {
      return d.children.flatMap((c, i) => walk(m[i], c, `${path}[${i}]`));
    }
    if (d.kind === "object" && isPlainObject(m)) {
      const maskKeys = Object.keys(m).sort();
      if (maskKeys.length === d.keys.length && maskKeys.every((k, i) => k === d.keys[i])) {
        return d.keys.flatMap((k, i) => walk(m[k], d.children[i], `${path}.${k}`));
      }
    }
    throw new ArgumentError(
      `${op}: ${path} does not match the parameters' structure there. ` +
        "A mask is a tree of booleans with the parameters' structure, or a prefix of it (one boolean for a whole subtree).",
    );
  };
  return readUserData(op, "the mask", () => walk(mask, def, "mask"));
}

/** The leaves of `x` selected by `flags`, as tensors. */
const pick = (x: unknown, flags: readonly boolean[]): Tensor[] =>
  (tree.leaves(x) as ArrayLike[]).filter((_, i) => flags[i]).map((leaf) => np.asarray(leaf));

/** State of `masked`: the inner transformation's state over the selected leaves (a flat array). */
export interface MaskedState {
  readonly inner: OptState;
}

/**
 * Applies `inner` only to the leaves where `mask` is true (optax.masked);
 * the other updates pass through unchanged. The inner state covers the
 * selected leaves only, as a flat array.
 *
 * @example
 * masked(addDecayedWeights(1e-4), { w: true, b: false });
 */
export function masked(inner: GradientTransformation<any>, mask: Mask): GradientTransformation<MaskedState> {
  return maskedNamed("optim.masked", transformationOrThrow("optim.masked", "the inner transformation", inner), mask);
}

function maskedNamed(op: string, inner: GradientTransformation<any>, mask: Mask): GradientTransformation<MaskedState> {
  const resolve = (x: unknown) => (typeof mask === "function" ? userOutputOrThrow(op, (mask as (t: unknown) => unknown)(x)) : mask);
  return {
    init: (params) => {
      const flags = maskFlags(op, resolve(params), params);
      return { inner: inner.init(pick(params, flags)) };
    },
    update: (updates, state, params) => {
      const { inner: innerBefore } = stateOrThrow<MaskedState>(op, state, ["inner"]);
      const flags = maskFlags(op, resolve(updates), updates);
      const [chosen, innerState] = inner.update(pick(updates, flags), innerBefore, params === undefined ? undefined : pick(params, flags));
      const [leaves, def] = tree.flatten(updates);
      let next = 0;
      const merged = leaves.map((leaf, i) => (flags[i] ? chosen[next++] : leaf));
      return [tree.unflatten(def, merged), { inner: innerState }];
    },
  };
}

/**
 * Adds `weightDecay · params` to the updates (optax.add_decayed_weights),
 * where `mask` allows (everywhere by default). `update` needs `params`.
 *
 * @example
 * addDecayedWeights(0.1).update({ w: np.array([1]) }, {}, { w: np.array([2]) })[0]; // { w: [1.2] }
 */
export function addDecayedWeights(weightDecay = 0, mask?: Mask): GradientTransformation<EmptyState | MaskedState> {
  return decayedWeights("optim.addDecayedWeights", weightDecay, mask);
}

/** `addDecayedWeights` whose errors name `op` (the optimizer the caller built). */
export function decayedWeights(op: string, weightDecay: unknown, mask?: Mask): GradientTransformation<EmptyState | MaskedState> {
  const lambda = checkNumber(op, "weightDecay", weightDecay);
  const decay: GradientTransformation<EmptyState> = {
    init: () => ({}),
    update: (updates, state, params) => {
      if (params === undefined || params === null) {
        throw new ArgumentError(`${op}: update(updates, state, params) needs params (the weights to decay); pass them as the third argument.`);
      }
      // u + λ·p
      return [tree.map((u: ArrayLike, p: ArrayLike) => np.add(u, np.multiply(lambda, p)), updates, params), state];
    },
  };
  return mask === undefined || mask === null ? decay : maskedNamed(op, decay, mask);
}
