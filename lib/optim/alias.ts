/**
 * The popular optimizers, each a `chain` of building blocks exactly as in
 * optax's alias.py, with optax's defaults. The learning rate is a number or
 * a schedule of the step count.
 *
 * @example
 * import { grad, np } from "tracegrad";
 * import * as optim from "tracegrad/optim";
 * const loss = (p) => np.sum(np.square(np.subtract(p.w, 3)));
 * const opt = optim.adam(0.1);
 * let params = { w: np.zeros([2]) };
 * let state = opt.init(params);
 * for (let i = 0; i < 100; i++) {
 *   const [updates, next] = opt.update(grad(loss)(params), state, params);
 *   [params, state] = [optim.applyUpdates(params, updates), next];
 * }
 */
import type { DType } from "../index.ts";
import { chain, identity, type GradientTransformation, type OptState, type ScalarOrSchedule } from "./base.ts";
import {
  ADAM_OPTIONS,
  adamScaling,
  learningRateScaling,
  lionScaling,
  momentum as momentumOf,
  RMS_OPTIONS,
  rmsScalingOf,
  RSS_OPTIONS,
  rssScaling,
  stddevScalingOf,
  type ScaleByAdamOptions,
  type ScaleByRmsOptions,
  type ScaleByRssOptions,
} from "./transform.ts";
import { decayedWeights, type Mask } from "./weightDecay.ts";
import { checkBoolean, optionsOrThrow } from "./checks.ts";

/** An optimizer: a chain of transformations; its state (the array of their states) is opaque to callers. */
export type Optimizer = GradientTransformation<OptState>;

/** Options of `sgd`. */
export interface SgdOptions {
  /** Momentum decay; none when undefined (plain SGD). */
  readonly momentum?: number;
  /** Nesterov momentum (needs `momentum`). */
  readonly nesterov?: boolean;
  /** dtype of the momentum buffer (default: the parameters'). */
  readonly accumulatorDtype?: DType;
}

/**
 * Stochastic gradient descent (optax.sgd): `p ← p - lr·g`, or with
 * momentum `t ← g + momentum·t`, `p ← p - lr·t` (Nesterov: `p ← p - lr·(g + momentum·t)`).
 *
 * @example
 * const opt = sgd(0.1, { momentum: 0.9, nesterov: true });
 */
export function sgd(learningRate: ScalarOrSchedule, options?: SgdOptions): Optimizer {
  const op = "optim.sgd";
  const { momentum, nesterov, accumulatorDtype } = optionsOrThrow<SgdOptions>(op, options, ["momentum", "nesterov", "accumulatorDtype"]);
  checkBoolean(op, "nesterov", nesterov, false);
  return chain(
    momentum === undefined || momentum === null ? identity() : momentumOf(op, { decay: momentum, nesterov, accumulatorDtype }),
    learningRateScaling(op, learningRate),
  );
}

/**
 * Adam (optax.adam, Kingma & Ba 2014): `scaleByAdam` then `-lr`. Defaults
 * b1 = 0.9, b2 = 0.999, eps = 1e-8, epsRoot = 0; `nesterov: true` is NAdam.
 *
 * @example
 * const opt = adam(1e-3);
 * let state = opt.init(params);
 * const [updates, next] = opt.update(grads, state);
 */
export function adam(learningRate: ScalarOrSchedule, options?: ScaleByAdamOptions): Optimizer {
  const op = "optim.adam";
  return chain(adamScaling(op, optionsOrThrow<ScaleByAdamOptions>(op, options, ADAM_OPTIONS)), learningRateScaling(op, learningRate));
}

/** Options of `adamw`: Adam's, plus the weight decay and its mask. */
export interface AdamwOptions extends ScaleByAdamOptions {
  /** Decoupled weight decay λ (1e-4); the update is -lr·(adam(g) + λ·p). */
  readonly weightDecay?: number;
  /** Where to decay (a tree of booleans, a prefix, or a function of the params); everywhere by default. */
  readonly mask?: Mask;
}

/**
 * Adam with decoupled weight decay (optax.adamw, Loshchilov & Hutter 2019):
 * `scaleByAdam`, then `addDecayedWeights(weightDecay, mask)`, then `-lr`.
 * The decay is multiplied by the learning rate, as in optax and PyTorch.
 *
 * @example
 * const opt = adamw(1e-3, { weightDecay: 1e-2, mask: { w: true, b: false } });
 */
export function adamw(learningRate: ScalarOrSchedule, options?: AdamwOptions): Optimizer {
  const op = "optim.adamw";
  const { weightDecay = 1e-4, mask, ...adamOptions } = optionsOrThrow<AdamwOptions>(op, options, [...ADAM_OPTIONS, "weightDecay", "mask"]);
  return chain(adamScaling(op, adamOptions), decayedWeights(op, weightDecay, mask), learningRateScaling(op, learningRate));
}

/** Options of `rmsprop`. */
export interface RmspropOptions extends ScaleByRmsOptions {
  /** Divide by the standard deviation (v - m²) instead of the RMS. */
  readonly centered?: boolean;
  /** Momentum decay applied after the learning rate; none when undefined. */
  readonly momentum?: number;
  /** Nesterov momentum. */
  readonly nesterov?: boolean;
}

/**
 * RMSProp (optax.rmsprop, Tieleman & Hinton 2012): `scaleByRms` (or
 * `scaleByStddev` when `centered`), `-lr`, then optional momentum.
 * Defaults decay = 0.9, eps = 1e-8, initialScale = 0.
 *
 * @example
 * const opt = rmsprop(1e-3, { decay: 0.99, momentum: 0.9 });
 */
export function rmsprop(learningRate: ScalarOrSchedule, options?: RmspropOptions): Optimizer {
  const op = "optim.rmsprop";
  const { centered, momentum, nesterov, ...rmsOptions } = optionsOrThrow<RmspropOptions>(op, options, [...RMS_OPTIONS, "centered", "momentum", "nesterov"]);
  checkBoolean(op, "nesterov", nesterov, false);
  return chain(
    checkBoolean(op, "centered", centered, false) ? stddevScalingOf(op, rmsOptions) : rmsScalingOf(op, rmsOptions),
    learningRateScaling(op, learningRate),
    momentum === undefined || momentum === null ? identity() : momentumOf(op, { decay: momentum, nesterov }),
  );
}

/**
 * Adagrad (optax.adagrad, Duchi et al. 2011): `scaleByRss` then `-lr`.
 * Defaults initialAccumulatorValue = 0.1, eps = 1e-7.
 *
 * @example
 * const opt = adagrad(0.1);
 */
export function adagrad(learningRate: ScalarOrSchedule, options?: ScaleByRssOptions): Optimizer {
  const op = "optim.adagrad";
  return chain(rssScaling(op, optionsOrThrow<ScaleByRssOptions>(op, options, RSS_OPTIONS)), learningRateScaling(op, learningRate));
}

/** Options of `lion`. */
export interface LionOptions {
  /** Interpolation between momentum and gradient for the sign (0.9). */
  readonly b1?: number;
  /** Momentum decay (0.99). */
  readonly b2?: number;
  /** dtype of the momentum (default: the parameters'). */
  readonly muDtype?: DType;
  /** Decoupled weight decay (1e-3). */
  readonly weightDecay?: number;
  /** Where to decay; everywhere by default. */
  readonly mask?: Mask;
}

/**
 * Lion (optax.lion, Chen et al. 2023): `scaleByLion` (the sign of an
 * interpolation of momentum and gradient), `addDecayedWeights`, then `-lr`.
 * Its updates have magnitude lr per element, so its learning rate is
 * typically 3-10× smaller than Adam's.
 *
 * @example
 * const opt = lion(1e-4, { weightDecay: 1e-2 });
 */
export function lion(learningRate: ScalarOrSchedule, options?: LionOptions): Optimizer {
  const op = "optim.lion";
  const { b1, b2, muDtype, weightDecay = 1e-3, mask } = optionsOrThrow<LionOptions>(op, options, ["b1", "b2", "muDtype", "weightDecay", "mask"]);
  return chain(lionScaling(op, { b1, b2, muDtype }), decayedWeights(op, weightDecay, mask), learningRateScaling(op, learningRate));
}
