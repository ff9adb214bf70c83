/**
 * The building blocks the optimizers are chained from (optax's
 * transform.py): fixed and scheduled scaling, momentum (`trace`), and the
 * adaptive rescalings of Adam, RMSProp, Adagrad and Lion. Each is a
 * `GradientTransformation`; its state is a pytree of tensors.
 *
 * @example
 * import { np } from "tracegrad";
 * import { chain, scaleByAdam, scaleByLearningRate } from "tracegrad/optim";
 * const adam = chain(scaleByAdam({ b1: 0.9, b2: 0.999 }), scaleByLearningRate(1e-3));
 */
import { ArgumentError, np, tree, type ArrayLike, type DType, type Tensor } from "../index.ts";
import { showValue, userOutputOrThrow } from "../core/convert.ts";
import { safeIncrement, zeroCount, type EmptyState, type GradientTransformation, type ScalarOrSchedule, type Schedule } from "./base.ts";
import { checkBoolean, checkDtype, checkNumber, optionsOrThrow, stateOrThrow } from "./checks.ts";
import { treeBiasCorrection, treeCast, treeScale, treeUpdateMoment, type Tree } from "./treeMath.ts";

const asTensor = (x: ArrayLike): Tensor => np.asarray(x);

export { checkNumber } from "./checks.ts";

// scaling

/**
 * Multiplies the updates by a fixed `stepSize` (optax.scale). A JS number
 * keeps each leaf's dtype.
 *
 * @example
 * scale(-0.1).update({ w: np.array([1, 2]) }, {})[0]; // { w: [-0.1, -0.2] }
 */
export function scale(stepSize: number): GradientTransformation<EmptyState> {
  return scaleNamed("optim.scale", stepSize);
}

/** `scale` whose errors name `op` (the optimizer the caller built). */
function scaleNamed(op: string, stepSize: number): GradientTransformation<EmptyState> {
  checkNumber(op, "stepSize", stepSize);
  return {
    init: () => ({}),
    update: (updates, state) => [treeScale(stepSize, updates) as typeof updates, state],
  };
}

/** State of `scaleBySchedule`: the number of updates made so far. */
export interface ScaleByScheduleState {
  readonly count: Tensor;
}

/**
 * Multiplies the updates by `stepSizeFn(count)`, where `count` (an int32
 * tensor in the state, traced under `jit`) is the number of updates made so
 * far (optax.scale_by_schedule). The step size is cast to each leaf's dtype.
 *
 * @example
 * const t = scaleBySchedule(exponentialDecay({ initValue: 1, transitionSteps: 1, decayRate: 0.5 }));
 * // the first update is scaled by 1, the second by 0.5, ...
 */
export function scaleBySchedule(stepSizeFn: Schedule): GradientTransformation<ScaleByScheduleState> {
  return scaleByScheduleNamed("optim.scaleBySchedule", stepSizeFn);
}

function scaleByScheduleNamed(op: string, stepSizeFn: Schedule): GradientTransformation<ScaleByScheduleState> {
  if (typeof stepSizeFn !== "function") throw new ArgumentError(`${op}: the schedule must be a function of the step count, got ${showValue(stepSizeFn)}.`);
  return {
    init: () => ({ count: zeroCount() }),
    update: (updates, state) => {
      const { count } = stateOrThrow<ScaleByScheduleState>(op, state, ["count"]);
      const stepSize = asTensor(userOutputOrThrow(op, stepSizeFn(count)) as ArrayLike);
      return [treeScale(stepSize, updates) as typeof updates, { count: safeIncrement(count) }];
    },
  };
}

/**
 * Scales by `-learningRate` (gradient descent: the updates are added to the
 * parameters), or by `-schedule(count)` (optax.scale_by_learning_rate).
 * `flipSign: false` scales by `+learningRate`.
 *
 * @example
 * chain(scaleByAdam(), scaleByLearningRate(1e-3)); // = adam(1e-3)
 */
export function scaleByLearningRate(learningRate: ScalarOrSchedule, options?: { flipSign?: boolean }): GradientTransformation<EmptyState | ScaleByScheduleState> {
  const op = "optim.scaleByLearningRate";
  const { flipSign } = optionsOrThrow<{ flipSign?: boolean }>(op, options, ["flipSign"]);
  return learningRateScaling(op, learningRate, checkBoolean(op, "flipSign", flipSign, true));
}

/** `scaleByLearningRate` whose errors name `op` (the optimizer the caller built). */
export function learningRateScaling(op: string, learningRate: ScalarOrSchedule, flipSign = true): GradientTransformation<EmptyState | ScaleByScheduleState> {
  const sign = flipSign ? -1 : 1;
  if (typeof learningRate === "function") {
    return scaleByScheduleNamed(op, (count) => np.multiply(sign, userOutputOrThrow(op, learningRate(count)) as ArrayLike));
  }
  checkNumber(op, "learningRate", learningRate);
  return scaleNamed(op, sign * learningRate);
}

// momentum

/** State of `trace`: the momentum buffer. */
export interface TraceState {
  readonly trace: Tree;
}

/**
 * Momentum (optax.trace): `t ← g + decay·t`, and the update is `t`, or with
 * `nesterov` the look-ahead `g + decay·t` (using the new `t`).
 *
 * @example
 * chain(trace({ decay: 0.9 }), scaleByLearningRate(0.01)); // = sgd(0.01, { momentum: 0.9 })
 */
export function trace(options: TraceOptions): GradientTransformation<TraceState> {
  return momentum("optim.trace", optionsOrThrow<TraceOptions>("optim.trace", options, ["decay", "nesterov", "accumulatorDtype"]));
}

/** Options of `trace`. */
export interface TraceOptions {
  /** The momentum decay. */
  readonly decay: number;
  /** Nesterov momentum (false). */
  readonly nesterov?: boolean;
  /** dtype of the momentum buffer (default: the parameters'). */
  readonly accumulatorDtype?: DType;
}

/** `trace` of checked options, its errors naming `op` (the optimizer the caller built). */
export function momentum(op: string, options: Partial<TraceOptions>): GradientTransformation<TraceState> {
  const decay = checkNumber(op, "decay", options.decay);
  const nesterov = checkBoolean(op, "nesterov", options.nesterov, false);
  const accumulatorDtype = checkDtype(op, options.accumulatorDtype);
  // t_new = g + decay * t
  const step = (g: ArrayLike, t: ArrayLike) => np.add(g, np.multiply(decay, t));
  return {
    init: (params) => ({ trace: tree.zerosLike(params, accumulatorDtype) }),
    update: (updates, state) => {
      const newTrace = tree.map(step, updates, stateOrThrow<TraceState>(op, state, ["trace"]).trace);
      const out = nesterov ? tree.map(step, updates, newTrace) : newTrace;
      return [out, { trace: treeCast(newTrace, accumulatorDtype) }];
    },
  };
}

// adaptive rescaling

/** State of `scaleByAdam`: the step count and the first and second moments. */
export interface ScaleByAdamState {
  readonly count: Tensor;
  readonly mu: Tree;
  readonly nu: Tree;
}

/** Options of `scaleByAdam` (optax's defaults). */
export interface ScaleByAdamOptions {
  /** Decay of the first moment (0.9). */
  readonly b1?: number;
  /** Decay of the second moment (0.999). */
  readonly b2?: number;
  /** Added to the denominator outside the square root (1e-8). */
  readonly eps?: number;
  /** Added inside the square root (0); make it positive to differentiate through the update. */
  readonly epsRoot?: number;
  /** dtype of the first moment (default: the parameters'). */
  readonly muDtype?: DType;
  /** Nesterov momentum (NAdam, Dozat 2016). */
  readonly nesterov?: boolean;
}

/**
 * Adam's rescaling (optax.scale_by_adam), per leaf with t the step count
 * after this update:
 *
 *     m ← b1·m + (1 - b1)·g          v ← b2·v + (1 - b2)·g²
 *     m̂ = m / (1 - b1^t)             v̂ = v / (1 - b2^t)
 *     update = m̂ / (√(v̂ + epsRoot) + eps)
 *
 * With `nesterov`, m̂ = b1·m / (1 - b1^(t+1)) + (1 - b1)·g / (1 - b1^t).
 *
 * @example
 * chain(scaleByAdam({ b1: 0.9 }), scaleByLearningRate(1e-3)); // = adam(1e-3)
 */
export function scaleByAdam(options?: ScaleByAdamOptions): GradientTransformation<ScaleByAdamState> {
  return adamScaling("optim.scaleByAdam", optionsOrThrow<ScaleByAdamOptions>("optim.scaleByAdam", options, ADAM_OPTIONS));
}

/** The keys of `ScaleByAdamOptions`. */
export const ADAM_OPTIONS = ["b1", "b2", "eps", "epsRoot", "muDtype", "nesterov"] as const;

/** `scaleByAdam` of checked options, its errors naming `op` (the optimizer the caller built). */
export function adamScaling(op: string, options: Partial<ScaleByAdamOptions>): GradientTransformation<ScaleByAdamState> {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8, epsRoot = 0 } = options;
  const muDtype = checkDtype(op, options.muDtype);
  const nesterov = checkBoolean(op, "nesterov", options.nesterov, false);
  checkNumber(op, "b1", b1, { min: 0, max: 1 });
  checkNumber(op, "b2", b2, { min: 0, max: 1 });
  checkNumber(op, "eps", eps, { min: 0 });
  checkNumber(op, "epsRoot", epsRoot, { min: 0 });
  return {
    init: (params) => ({ count: zeroCount(), mu: tree.zerosLike(params, muDtype), nu: tree.zerosLike(params) }),
    update: (updates, given) => {
      const state = stateOrThrow<ScaleByAdamState>(op, given, ["count", "mu", "nu"]);
      const mu = treeUpdateMoment(updates, state.mu, b1, 1);
      const nu = treeUpdateMoment(updates, state.nu, b2, 2);
      const count = safeIncrement(state.count);
      const muHat = nesterov
        ? tree.map(
            // b1·m̂(t+1) + (1 - b1)·ĝ(t)
            (m: ArrayLike, g: ArrayLike) => np.add(np.multiply(b1, m), np.multiply(1 - b1, g)),
            treeBiasCorrection(mu, b1, safeIncrement(count)),
            treeBiasCorrection(updates, b1, count),
          )
        : treeBiasCorrection(mu, b1, count);
      const nuHat = treeBiasCorrection(nu, b2, count);
      const out = tree.map((m: ArrayLike, v: ArrayLike) => np.divide(m, np.add(np.sqrt(np.add(v, epsRoot)), eps)), muHat, nuHat);
      return [out, { count, mu: treeCast(mu, muDtype), nu }];
    },
  };
}

/** State of `scaleByRms`: the moving average of squared gradients (and the count, with bias correction). */
export interface ScaleByRmsState {
  readonly nu: Tree;
  readonly count?: Tensor;
}

/** Options of `scaleByRms` and `scaleByStddev` (optax's defaults). */
export interface ScaleByRmsOptions {
  /** Decay of the moving average of g² (0.9). */
  readonly decay?: number;
  /** Stabilizer (1e-8). */
  readonly eps?: number;
  /** Initial value of the moving average (0; TF1 used 1). */
  readonly initialScale?: number;
  /** Whether `eps` goes inside the square root (true) or is added to it. */
  readonly epsInSqrt?: boolean;
  /** Whether to divide the averages by 1 - decay^t, as Adam does (false). */
  readonly biasCorrection?: boolean;
}

/** The keys of `ScaleByRmsOptions`. */
export const RMS_OPTIONS = ["decay", "eps", "initialScale", "epsInSqrt", "biasCorrection"] as const;

function rmsOptions(op: string, options: Partial<ScaleByRmsOptions>) {
  const { decay = 0.9, eps = 1e-8, initialScale = 0 } = options;
  checkNumber(op, "decay", decay, { min: 0, max: 1 });
  checkNumber(op, "eps", eps, { min: 0 });
  checkNumber(op, "initialScale", initialScale);
  const epsInSqrt = checkBoolean(op, "epsInSqrt", options.epsInSqrt, true);
  const biasCorrection = checkBoolean(op, "biasCorrection", options.biasCorrection, false);
  return { decay, eps, initialScale, epsInSqrt, biasCorrection };
}

/** `g / √(s + eps)` or `g / (√s + eps)`. */
const rmsScaling = (epsInSqrt: boolean, eps: number) => (s: ArrayLike) =>
  epsInSqrt ? np.divide(1, np.sqrt(np.add(s, eps))) : np.divide(1, np.add(np.sqrt(s), eps));

/**
 * RMSProp's rescaling (optax.scale_by_rms): `v ← decay·v + (1 - decay)·g²`,
 * update = g / √(v + eps) (or g / (√v + eps) with `epsInSqrt: false`).
 *
 * @example
 * chain(scaleByRms({ decay: 0.9 }), scaleByLearningRate(0.01)); // = rmsprop(0.01)
 */
export function scaleByRms(options?: ScaleByRmsOptions): GradientTransformation<ScaleByRmsState> {
  return rmsScalingOf("optim.scaleByRms", optionsOrThrow<ScaleByRmsOptions>("optim.scaleByRms", options, RMS_OPTIONS));
}

/** `scaleByRms` of checked options, its errors naming `op` (the optimizer the caller built). */
export function rmsScalingOf(op: string, options: Partial<ScaleByRmsOptions>): GradientTransformation<ScaleByRmsState> {
  const { decay, eps, initialScale, epsInSqrt, biasCorrection } = rmsOptions(op, options);
  return {
    init: (params) => {
      const nu = tree.fullLike(params, initialScale);
      return biasCorrection ? { count: zeroCount(), nu } : { nu };
    },
    update: (updates, given) => {
      const state = stateOrThrow<ScaleByRmsState>(op, given, biasCorrection ? ["count", "nu"] : ["nu"]);
      const nu = treeUpdateMoment(updates, state.nu, decay, 2);
      const count = biasCorrection ? safeIncrement(state.count as Tensor) : undefined;
      const nuHat = count ? treeBiasCorrection(nu, decay, count) : nu;
      const out = tree.mul(tree.map(rmsScaling(epsInSqrt, eps), nuHat), updates);
      return [out, count ? { count, nu } : { nu }];
    },
  };
}

/** State of `scaleByStddev`: moving averages of g and g² (and the count, with bias correction). */
export interface ScaleByStddevState {
  readonly mu: Tree;
  readonly nu: Tree;
  readonly count?: Tensor;
}

/**
 * Centered RMSProp's rescaling (optax.scale_by_stddev): moving averages m of
 * g and v of g², update = g / √(v - m² + eps).
 *
 * @example
 * rmsprop(0.01, { centered: true }); // chains scaleByStddev
 */
export function scaleByStddev(options?: ScaleByRmsOptions): GradientTransformation<ScaleByStddevState> {
  return stddevScalingOf("optim.scaleByStddev", optionsOrThrow<ScaleByRmsOptions>("optim.scaleByStddev", options, RMS_OPTIONS));
}

/** `scaleByStddev` of checked options, its errors naming `op` (the optimizer the caller built). */
export function stddevScalingOf(op: string, options: Partial<ScaleByRmsOptions>): GradientTransformation<ScaleByStddevState> {
  const { decay, eps, initialScale, epsInSqrt, biasCorrection } = rmsOptions(op, options);
  return {
    init: (params) => {
      const mu = tree.zerosLike(params);
      const nu = tree.fullLike(params, initialScale);
      return biasCorrection ? { count: zeroCount(), mu, nu } : { mu, nu };
    },
    update: (updates, given) => {
      const state = stateOrThrow<ScaleByStddevState>(op, given, biasCorrection ? ["count", "mu", "nu"] : ["mu", "nu"]);
      const mu = treeUpdateMoment(updates, state.mu, decay, 1);
      const nu = treeUpdateMoment(updates, state.nu, decay, 2);
      const count = biasCorrection ? safeIncrement(state.count as Tensor) : undefined;
      const [muHat, nuHat] = count ? [treeBiasCorrection(mu, decay, count), treeBiasCorrection(nu, decay, count)] : [mu, nu];
      // the variance estimate v̂ - m̂²
      const variance = tree.map((m: ArrayLike, v: ArrayLike) => np.subtract(v, np.square(m)), muHat, nuHat);
      const out = tree.mul(tree.map(rmsScaling(epsInSqrt, eps), variance), updates);
      return [out, count ? { count, mu, nu } : { mu, nu }];
    },
  };
}

/** State of `scaleByRss`: the running sum of squared gradients. */
export interface ScaleByRssState {
  readonly sumOfSquares: Tree;
}

/**
 * Adagrad's rescaling (optax.scale_by_rss): `s ← s + g²`, update =
 * g / √(s + eps) where s > 0, else 0.
 *
 * @example
 * chain(scaleByRss({ initialAccumulatorValue: 0.1 }), scaleByLearningRate(0.1)); // = adagrad(0.1)
 */
export function scaleByRss(options?: ScaleByRssOptions): GradientTransformation<ScaleByRssState> {
  return rssScaling("optim.scaleByRss", optionsOrThrow<ScaleByRssOptions>("optim.scaleByRss", options, RSS_OPTIONS));
}

/** Options of `scaleByRss` and `adagrad`. */
export interface ScaleByRssOptions {
  /** The initial sum of squares (0.1). */
  readonly initialAccumulatorValue?: number;
  /** Stabilizer (1e-7). */
  readonly eps?: number;
}

/** The keys of `ScaleByRssOptions`. */
export const RSS_OPTIONS = ["initialAccumulatorValue", "eps"] as const;

/** `scaleByRss` of checked options, its errors naming `op` (the optimizer the caller built). */
export function rssScaling(op: string, { initialAccumulatorValue = 0.1, eps = 1e-7 }: Partial<ScaleByRssOptions>): GradientTransformation<ScaleByRssState> {
  checkNumber(op, "initialAccumulatorValue", initialAccumulatorValue, { min: 0 });
  checkNumber(op, "eps", eps, { min: 0 });
  return {
    init: (params) => ({ sumOfSquares: tree.fullLike(params, initialAccumulatorValue) }),
    update: (updates, state) => {
      const previous = stateOrThrow<ScaleByRssState>(op, state, ["sumOfSquares"]).sumOfSquares;
      const sumOfSquares = tree.map((g: ArrayLike, s: ArrayLike) => np.add(np.square(g), s), updates, previous);
      const inverseRoot = tree.map(
        (s: ArrayLike) => np.where(np.greater(s, 0), np.divide(1, np.sqrt(np.add(s, eps))), 0),
        sumOfSquares,
      );
      return [tree.mul(inverseRoot, updates), { sumOfSquares }];
    },
  };
}

/** State of `scaleByLion`: the step count and the momentum. */
export interface ScaleByLionState {
  readonly count: Tensor;
  readonly mu: Tree;
}

/**
 * Lion's rescaling (optax.scale_by_lion, Chen et al. 2023): update =
 * sign((1 - b1)·g + b1·m), then `m ← b2·m + (1 - b2)·g`.
 *
 * @example
 * chain(scaleByLion(), scaleByLearningRate(1e-4)); // = lion(1e-4, { weightDecay: 0 })
 */
export function scaleByLion(options?: ScaleByLionOptions): GradientTransformation<ScaleByLionState> {
  return lionScaling("optim.scaleByLion", optionsOrThrow<ScaleByLionOptions>("optim.scaleByLion", options, ["b1", "b2", "muDtype"]));
}

/** Options of `scaleByLion`. */
export interface ScaleByLionOptions {
  /** Interpolation between momentum and gradient for the sign (0.9). */
  readonly b1?: number;
  /** Momentum decay (0.99). */
  readonly b2?: number;
  /** dtype of the momentum (default: the parameters'). */
  readonly muDtype?: DType;
}

/** `scaleByLion` of checked options, its errors naming `op` (the optimizer the caller built). */
export function lionScaling(op: string, options: Partial<ScaleByLionOptions>): GradientTransformation<ScaleByLionState> {
  const { b1 = 0.9, b2 = 0.99 } = options;
  const muDtype = checkDtype(op, options.muDtype);
  checkNumber(op, "b1", b1, { min: 0, max: 1 });
  checkNumber(op, "b2", b2, { min: 0, max: 1 });
  return {
    init: (params) => ({ count: zeroCount(), mu: tree.zerosLike(params, muDtype) }),
    update: (updates, given) => {
      const state = stateOrThrow<ScaleByLionState>(op, given, ["count", "mu"]);
      const out = tree.map(
        (g: ArrayLike, m: ArrayLike) => {
          const direction = np.sign(np.add(np.multiply(1 - b1, g), np.multiply(b1, m)));
          return direction.astype(asTensor(g).dtype);
        },
        updates,
        state.mu,
      );
      const mu = treeCast(treeUpdateMoment(updates, state.mu, b2, 1), muDtype);
      return [out, { count: safeIncrement(state.count), mu }];
    },
  };
}
