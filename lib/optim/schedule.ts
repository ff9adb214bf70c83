/**
 * Schedules (optax's schedule.py): functions of the step count giving a
 * scalar, usually a learning rate. The count may be a JS number or an int32
 * tensor, traced under `jit`: every schedule is written with `np` ops and
 * `np.where` (no `if` on the count), so a jitted training step compiles once
 * and reads its learning rate from the count in the optimizer state.
 *
 * @example
 * import * as optim from "tracegrad/optim";
 * const lr = optim.warmupCosineDecaySchedule({ initValue: 0, peakValue: 1e-3, warmupSteps: 100, decaySteps: 1000 });
 * lr(50).item();  // 0.0005
 * const opt = optim.adam(lr);
 */
import { ArgumentError, np, type ArrayLike, type Tensor } from "../index.ts";
import { denseArrayOrThrow, isArrayArg, showValue, userOutputOrThrow } from "../core/convert.ts";
import { readUserData } from "../core/tree.ts";
import type { Schedule } from "./base.ts";
import { checkBoolean, checkNumber, optionsOrThrow } from "./checks.ts";

const INT32_MAX = 2147483647;

/**
 * The same value at every step (optax.constant_schedule).
 *
 * @example
 * constantSchedule(0.1)(1000).item(); // 0.1
 */
export function constantSchedule(value: number): Schedule {
  checkNumber("optim.constantSchedule", "value", value);
  return (count: ArrayLike) => np.add(np.multiply(np.asarray(count), 0), value).astype("float64");
}

/**
 * From `initValue` to `endValue` along (1 - s/transitionSteps)^power over
 * `transitionSteps` steps starting at `transitionBegin`, constant outside
 * (optax.polynomial_schedule):
 * `(init - end)·(1 - clip(t - begin, 0, steps)/steps)^power + end`.
 * A non-positive `transitionSteps` gives the constant `initValue`, as optax.
 *
 * @example
 * polynomialSchedule({ initValue: 1, endValue: 0, power: 2, transitionSteps: 10 })(5).item(); // 0.25
 */
export function polynomialSchedule(options: PolynomialScheduleOptions): Schedule {
  return polynomial("optim.polynomialSchedule", optionsOrThrow<PolynomialScheduleOptions>("optim.polynomialSchedule", options, POLYNOMIAL_OPTIONS));
}

/** Options of `polynomialSchedule`. */
export interface PolynomialScheduleOptions {
  readonly initValue: number;
  readonly endValue: number;
  readonly power: number;
  /** Steps from `initValue` to `endValue`; non-positive gives the constant `initValue`. */
  readonly transitionSteps: number;
  /** Steps before the transition starts (0). */
  readonly transitionBegin?: number;
}

const POLYNOMIAL_OPTIONS = ["initValue", "endValue", "power", "transitionSteps", "transitionBegin"] as const;

function polynomial(op: string, options: Partial<PolynomialScheduleOptions>): Schedule {
  const initValue = checkNumber(op, "initValue", options.initValue);
  const endValue = checkNumber(op, "endValue", options.endValue);
  const power = checkNumber(op, "power", options.power);
  const transitionSteps = checkNumber(op, "transitionSteps", options.transitionSteps);
  const transitionBegin = Math.max(0, checkNumber(op, "transitionBegin", options.transitionBegin ?? 0));
  if (transitionSteps <= 0) return constantSchedule(initValue);
  return (count: ArrayLike) => {
    const steps = np.clip(np.subtract(count, transitionBegin), 0, transitionSteps);
    const fraction = np.subtract(1, np.divide(steps, transitionSteps));
    return np.add(np.multiply(initValue - endValue, np.power(fraction, power)), endValue).astype("float64");
  };
}

/**
 * Linear from `initValue` to `endValue` over `transitionSteps` steps
 * starting at `transitionBegin` (optax.linear_schedule).
 *
 * @example
 * linearSchedule({ initValue: 0, endValue: 1, transitionSteps: 4 })(1).item(); // 0.25
 */
export function linearSchedule(options: Omit<PolynomialScheduleOptions, "power">): Schedule {
  const op = "optim.linearSchedule";
  return polynomial(op, { ...optionsOrThrow<PolynomialScheduleOptions>(op, options, ["initValue", "endValue", "transitionSteps", "transitionBegin"]), power: 1 });
}

/**
 * `initValue` times the product of the scales of every boundary the count
 * has reached (count ≥ boundary), optax.piecewise_constant_schedule. Scales
 * must be non-negative.
 *
 * @example
 * const s = piecewiseConstantSchedule({ initValue: 1, boundariesAndScales: { 10: 0.1, 20: 0.1 } });
 * [s(9).item(), s(10).item(), s(25).item()]; // [1, 0.1, 0.01]
 */
export function piecewiseConstantSchedule(options: { initValue: number; boundariesAndScales?: Readonly<Record<number, number>> }): Schedule {
  const op = "optim.piecewiseConstantSchedule";
  const checked = optionsOrThrow<{ initValue: number; boundariesAndScales: Readonly<Record<number, number>> }>(op, options, ["initValue", "boundariesAndScales"]);
  const initValue = checkNumber(op, "initValue", checked.initValue);
  // optionsOrThrow copied a plain object into own data properties; anything else (a Map, a tensor, a class instance) is refused
  const table = checked.boundariesAndScales ?? {};
  const isRecord = readUserData(op, "boundariesAndScales", () => !isArrayArg(op, table) && Object.getPrototypeOf(table) === Object.prototype);
  if (!isRecord) throw new ArgumentError(`${op}: boundariesAndScales must be an object { boundary: scale }, got ${showValue(table)}.`);
  const entries = Object.entries(table)
    .map(([key, scale]): [number, number] => {
      const boundary = checkNumber(op, "a boundary", Number(key));
      if (typeof scale !== "number" || !(scale >= 0) || !Number.isFinite(scale)) {
        throw new ArgumentError(`${op}: scales must be non-negative finite numbers, got ${showValue(scale)} at boundary ${boundary}.`);
      }
      return [boundary, scale];
    })
    .sort((a, b) => a[0] - b[0]);
  return (count: ArrayLike) => {
    let value: Tensor = np.add(np.multiply(np.asarray(count), 0), initValue).astype("float64");
    for (const [boundary, scale] of entries) value = np.where(np.less(count, boundary), value, np.multiply(value, scale));
    return value;
  };
}

/** Options of `exponentialDecay` (optax.exponential_decay). */
export interface ExponentialDecayOptions {
  readonly initValue: number;
  /** Steps per factor of `decayRate`; non-positive gives the constant `initValue`. */
  readonly transitionSteps: number;
  /** The factor per `transitionSteps` steps; 0 gives the constant `initValue`, as optax. */
  readonly decayRate: number;
  /** Steps before the decay starts (0). */
  readonly transitionBegin?: number;
  /** Decay in whole steps of `transitionSteps` (false). */
  readonly staircase?: boolean;
  /** A bound the value does not pass: a floor when decayRate < 1, a ceiling when > 1. */
  readonly endValue?: number;
}

/**
 * `initValue · decayRate^((t - transitionBegin) / transitionSteps)` after
 * `transitionBegin`, `initValue` before (optax.exponential_decay); with
 * `staircase` the exponent is rounded down; `endValue` bounds it.
 *
 * @example
 * exponentialDecay({ initValue: 1, transitionSteps: 10, decayRate: 0.5 })(20).item(); // 0.25
 */
export function exponentialDecay(given: ExponentialDecayOptions): Schedule {
  const op = "optim.exponentialDecay";
  const options = optionsOrThrow<ExponentialDecayOptions>(op, given, ["initValue", "transitionSteps", "decayRate", "transitionBegin", "staircase", "endValue"]);
  const initValue = checkNumber(op, "initValue", options.initValue);
  const transitionSteps = checkNumber(op, "transitionSteps", options.transitionSteps);
  const decayRate = checkNumber(op, "decayRate", options.decayRate);
  const transitionBegin = Math.max(0, checkNumber(op, "transitionBegin", options.transitionBegin ?? 0));
  const staircase = checkBoolean(op, "staircase", options.staircase, false);
  const endValue = options.endValue === undefined ? undefined : checkNumber(op, "endValue", options.endValue);
  if (transitionSteps <= 0 || decayRate === 0) return constantSchedule(initValue);
  return (count: ArrayLike) => {
    const elapsed = np.subtract(count, transitionBegin);
    let exponent = np.divide(elapsed, transitionSteps);
    // floor for exponent >= 0 (truncation); below 0 the `where` keeps initValue anyway
    if (staircase) exponent = np.minimum(np.maximum(exponent, 0), INT32_MAX).astype("int32").astype("float64");
    let value = np.where(np.lessEqual(elapsed, 0), initValue, np.multiply(initValue, np.power(decayRate, exponent)));
    if (endValue !== undefined) value = decayRate < 1 ? np.maximum(value, endValue) : np.minimum(value, endValue);
    return value.astype("float64");
  };
}

/**
 * Cosine decay from `initValue` to `alpha · initValue` over `decaySteps`,
 * then constant (optax.cosine_decay_schedule):
 * `init · ((1 - α)·(½(1 + cos(π·min(t, steps)/steps)))^exponent + α)`.
 *
 * @example
 * cosineDecaySchedule({ initValue: 1, decaySteps: 100 })(50).item(); // 0.5
 */
export function cosineDecaySchedule(options: CosineDecayOptions): Schedule {
  return cosineDecay("optim.cosineDecaySchedule", optionsOrThrow<CosineDecayOptions>("optim.cosineDecaySchedule", options, ["initValue", "decaySteps", "alpha", "exponent"]));
}

/** Options of `cosineDecaySchedule`. */
export interface CosineDecayOptions {
  readonly initValue: number;
  /** Steps of the decay (positive). */
  readonly decaySteps: number;
  /** The final value as a fraction of `initValue` (0). */
  readonly alpha?: number;
  /** The power of the cosine factor (1). */
  readonly exponent?: number;
}

function cosineDecay(op: string, options: Partial<CosineDecayOptions>): Schedule {
  const initValue = checkNumber(op, "initValue", options.initValue);
  const decaySteps = checkNumber(op, "decaySteps", options.decaySteps, { min: 0, minOpen: true });
  const alpha = checkNumber(op, "alpha", options.alpha ?? 0);
  const exponent = checkNumber(op, "exponent", options.exponent ?? 1);
  return (count: ArrayLike) => {
    const t = np.minimum(count, decaySteps);
    const cosine = np.multiply(0.5, np.add(1, np.cos(np.multiply(Math.PI, np.divide(t, decaySteps)))));
    return np.multiply(initValue, np.add(np.multiply(1 - alpha, np.power(cosine, exponent)), alpha)).astype("float64");
  };
}

/**
 * `schedules[0]` until `boundaries[0]`, then `schedules[1]` counted from
 * that boundary, and so on (optax.join_schedules).
 *
 * @example
 * joinSchedules([constantSchedule(1), constantSchedule(2)], [10])(10).item(); // 2
 */
export function joinSchedules(schedules: readonly Schedule[], boundaries: readonly number[]): Schedule {
  return join("optim.joinSchedules", schedules, boundaries);
}

function join(op: string, givenSchedules: unknown, givenBoundaries: unknown): Schedule {
  const schedules = denseArrayOrThrow(op, "schedules", givenSchedules);
  const boundaries = denseArrayOrThrow(op, "boundaries", givenBoundaries).map((b) => checkNumber(op, "a boundary", b));
  schedules.forEach((s, i) => {
    if (typeof s !== "function") throw new ArgumentError(`${op}: schedule ${i} must be a function of the step count, got ${showValue(s)}.`);
  });
  if (schedules.length !== boundaries.length + 1) {
    throw new ArgumentError(`${op}: ${schedules.length} schedules need ${schedules.length - 1} boundaries, got ${boundaries.length}.`);
  }
  const run = (i: number, count: ArrayLike): ArrayLike => userOutputOrThrow(op, (schedules[i] as Schedule)(count)) as ArrayLike;
  return (count: ArrayLike) => {
    let value: Tensor = np.asarray(run(0, count));
    boundaries.forEach((boundary, i) => {
      value = np.where(np.less(count, boundary), value, run(i + 1, np.subtract(count, boundary)));
    });
    return value;
  };
}

/**
 * A linear warmup from `initValue` to `peakValue` over `warmupSteps`, then
 * cosine decay to `endValue` at `decaySteps` (which counts the warmup), as
 * optax.warmup_cosine_decay_schedule.
 *
 * @example
 * const lr = warmupCosineDecaySchedule({ initValue: 0, peakValue: 1, warmupSteps: 10, decaySteps: 110 });
 * [lr(5).item(), lr(10).item(), lr(60).item(), lr(110).item()]; // [0.5, 1, 0.5, 0]
 */
export function warmupCosineDecaySchedule(given: {
  initValue: number;
  peakValue: number;
  warmupSteps: number;
  decaySteps: number;
  endValue?: number;
  exponent?: number;
}): Schedule {
  const op = "optim.warmupCosineDecaySchedule";
  const options = optionsOrThrow<typeof given>(op, given, ["initValue", "peakValue", "warmupSteps", "decaySteps", "endValue", "exponent"]);
  const peakValue = checkNumber(op, "peakValue", options.peakValue);
  const warmupSteps = checkNumber(op, "warmupSteps", options.warmupSteps, { min: 0 });
  const decaySteps = checkNumber(op, "decaySteps", options.decaySteps);
  const endValue = checkNumber(op, "endValue", options.endValue ?? 0);
  if (!(decaySteps > warmupSteps)) {
    throw new ArgumentError(`${op}: decaySteps (${decaySteps}) counts the warmup and must exceed warmupSteps (${warmupSteps}).`);
  }
  const alpha = peakValue === 0 ? 0 : endValue / peakValue;
  return join(
    op,
    [
      polynomial(op, { initValue: options.initValue, endValue: peakValue, power: 1, transitionSteps: warmupSteps }),
      cosineDecay(op, { initValue: peakValue, decaySteps: decaySteps - warmupSteps, alpha, exponent: options.exponent }),
    ],
    [warmupSteps],
  );
}
