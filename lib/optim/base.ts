/**
 * The shape of every optimizer, as in optax: a `GradientTransformation` is a
 * pair of pure functions, `init(params)` giving a state and
 * `update(updates, state, params)` giving `[updates, newState]`. States are
 * pytrees of tensors (step counts are int32 tensors), so a whole training
 * step can be `jit`-compiled once; `chain` composes transformations and
 * `applyUpdates` adds the final updates to the parameters.
 *
 * @example
 * import { np } from "tracegrad";
 * import * as optim from "tracegrad/optim";
 * const opt = optim.chain(optim.clipByGlobalNorm(1), optim.scaleByAdam(), optim.scale(-1e-3));
 * const params = { w: np.ones([3]) };
 * let state = opt.init(params);
 * const [updates, next] = opt.update({ w: np.array([0.1, -0.2, 0.3]) }, state, params);
 * optim.applyUpdates(params, updates);
 */
import { np, tree, type ArrayLike, type Tensor } from "../index.ts";
import { stateListOrThrow, transformationOrThrow } from "./checks.ts";

// model

/** Optimizer state: a pytree of tensors (int32 step counts, float moments). */
export type OptState = unknown;

/**
 * A gradient transformation (optax.GradientTransformation): `init` builds the
 * state from the parameters; `update` maps incoming updates (gradients, the
 * first time) and the state to outgoing updates and the next state. `params`
 * is needed only by transformations that read the parameters
 * (`addDecayedWeights`).
 */
export interface GradientTransformation<S = OptState> {
  init(params: any): S;
  update<U>(updates: U, state: S, params?: unknown): [U, S];
}

/** A schedule: a function of the step count (an int32 tensor, traced under `jit`) giving a scalar. */
export type Schedule = (count: ArrayLike) => Tensor;

/** A learning rate: a fixed number or a schedule of the step count. */
export type ScalarOrSchedule = number | Schedule;

/** The state of a transformation that keeps none (optax.EmptyState). */
export type EmptyState = Record<string, never>;

// constructors

/**
 * The transformation that returns its updates unchanged (optax.identity).
 *
 * @example
 * const opt = chain(useMomentum ? trace({ decay: 0.9 }) : identity(), scaleByLearningRate(0.1));
 */
export function identity(): GradientTransformation<EmptyState> {
  return { init: () => ({}), update: (updates, state) => [updates, state] };
}

/**
 * Applies transformations in sequence (optax.chain): the updates of one are
 * the input of the next; the state is the array of their states (typed
 * `OptState`, opaque to callers).
 *
 * @example
 * const opt = chain(clipByGlobalNorm(1), scaleByAdam(), scale(-0.01)); // = adam(0.01) after clipping
 */
export function chain(...given: readonly GradientTransformation<any>[]): GradientTransformation<OptState> {
  const transforms = given.map((t, i) => transformationOrThrow("optim.chain", `argument ${i}`, t));
  return {
    init: (params) => transforms.map((t) => t.init(params)),
    update: (updates, given, params) => {
      const state = stateListOrThrow("optim.chain", given, transforms.length);
      let current = updates;
      const next = transforms.map((t, i) => {
        const [out, s] = t.update(current, state[i], params);
        current = out;
        return s;
      });
      return [current, next];
    },
  };
}

// utils

/**
 * `params + updates` leaf by leaf, each result cast back to the parameter's
 * dtype (optax.apply_updates); `null`/`undefined` subtrees stay as they are.
 *
 * @example
 * applyUpdates({ w: np.array([1, 2]) }, { w: np.array([0.5, -0.5]) }); // { w: [1.5, 1.5] }
 */
export function applyUpdates<P>(params: P, updates: unknown): P {
  return tree.map((p: ArrayLike, u: ArrayLike) => {
    const pt = np.asarray(p);
    return np.add(pt, u).astype(pt.dtype);
  }, params, updates) as P;
}

/**
 * The count after one more step, saturating at int32's maximum (optax's numerics.safe_increment).
 *
 * @example
 * safeIncrement(np.array(2147483647, { dtype: "int32" })).item(); // 2147483647
 */
export function safeIncrement(count: Tensor): Tensor {
  const INT32_MAX = 2147483647;
  return np.where(np.less(count, INT32_MAX), np.add(count, 1), count);
}

/** A fresh step count: a 0-d int32 zero. */
export const zeroCount = (): Tensor => np.zeros([], { dtype: "int32" });
