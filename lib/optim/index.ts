/**
 * `tracegrad/optim`: optimizers in optax's design. An optimizer is a
 * `GradientTransformation`, a pair of pure functions: `init(params)` gives
 * its state, `update(grads, state, params)` gives `[updates, newState]`, and
 * `applyUpdates(params, updates)` takes the step. States are pytrees of
 * tensors (the step count is an int32 tensor) and schedules are functions of
 * that traced count, so a whole training step compiles once under `jit`.
 *
 * @example
 * import { jit, np, valueAndGrad, type Tensor } from "tracegrad";
 * import * as optim from "tracegrad/optim";
 *
 * type Params = { w: Tensor; b: Tensor };
 * const loss = (p: Params, x: Tensor, y: Tensor) => np.mean(np.square(np.subtract(np.add(np.matmul(x, p.w), p.b), y)));
 * const opt = optim.adam(optim.cosineDecaySchedule({ initValue: 1e-2, decaySteps: 1000 }));
 * const step = jit((params: Params, state: optim.OptState, x: Tensor, y: Tensor) => {
 *   const [value, grads] = valueAndGrad(loss)(params, x, y);
 *   const [updates, next] = opt.update(grads, state, params);
 *   return [optim.applyUpdates(params, updates), next, value];
 * });
 * let params = { w: np.zeros([3, 1]), b: np.zeros([1]) };
 * let state = opt.init(params);
 * // for each batch: [params, state, value] = step(params, state, x, y);
 */

// the interface, combinators and applying updates
export { applyUpdates, chain, identity, safeIncrement } from "./base.ts";
export type { EmptyState, GradientTransformation, OptState, ScalarOrSchedule, Schedule } from "./base.ts";

// optimizers
export { adagrad, adam, adamw, lion, rmsprop, sgd } from "./alias.ts";
export type { AdamwOptions, LionOptions, Optimizer, RmspropOptions, SgdOptions } from "./alias.ts";

// building blocks
export {
  scale,
  scaleByAdam,
  scaleByLearningRate,
  scaleByLion,
  scaleByRms,
  scaleByRss,
  scaleBySchedule,
  scaleByStddev,
  trace,
} from "./transform.ts";
export type {
  ScaleByAdamOptions,
  ScaleByAdamState,
  ScaleByLionState,
  ScaleByRmsOptions,
  ScaleByRmsState,
  ScaleByRssState,
  ScaleByScheduleState,
  ScaleByStddevState,
  TraceState,
} from "./transform.ts";
export { clip, clipByGlobalNorm } from "./clipping.ts";
export { addDecayedWeights, masked } from "./weightDecay.ts";
export type { Mask, MaskedState } from "./weightDecay.ts";

// schedules
export {
  constantSchedule,
  cosineDecaySchedule,
  exponentialDecay,
  joinSchedules,
  linearSchedule,
  piecewiseConstantSchedule,
  polynomialSchedule,
  warmupCosineDecaySchedule,
} from "./schedule.ts";
export type { ExponentialDecayOptions } from "./schedule.ts";

// pytree arithmetic: optax.tree.* is tracegrad's public `tree` namespace (tree.norm, tree.add, ...); globalNorm stays as its alias
import { tree } from "../index.ts";
/**
 * The global L2 norm of a tree, √(Σ x²) over every element of every leaf: optax.tree.norm (the same function as `tree.norm`).
 *
 * @example
 * optim.globalNorm({ a: np.array([3]), b: np.array([[4]]) }); // array(5.)
 */
export const globalNorm = tree.norm;
