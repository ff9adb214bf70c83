/**
 * Schedules against optax's formulas: closed-form values at chosen counts,
 * the formula in plain JS at every count of a range (the count given as a JS
 * number, as an int32 tensor, as a whole `arange` at once, and traced under
 * `jit`), and the argument checks.
 */
import { describe, expect, it } from "vitest";
import { jit, np, type Tensor } from "tracegrad";
import * as optim from "tracegrad/optim";

const counts = Array.from({ length: 40 }, (_, i) => i);

/** The schedule at every count, four ways, against `formula` (relative 1e-14). */
function agreesWithFormula(schedule: optim.Schedule, formula: (t: number) => number): void {
  const expected = counts.map(formula);
  const fromNumbers = counts.map((t) => schedule(t).item());
  const fromInt32 = counts.map((t) => schedule(np.array(t, { dtype: "int32" })).item());
  const vectorized = Array.from(schedule(np.arange(counts.length)).toTypedArray());
  const traced = jit((t: Tensor) => schedule(t));
  const underJit = counts.map((t) => traced(np.array(t, { dtype: "int32" })).item());
  for (const got of [fromNumbers, fromInt32, vectorized, underJit]) {
    got.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(1e-14 * (1 + Math.abs(expected[i]))));
  }
}

describe("schedules follow optax's formulas", () => {
  it("constantSchedule", () => {
    expect(optim.constantSchedule(0.1)(1000).item()).toBe(0.1);
    agreesWithFormula(optim.constantSchedule(0.25), () => 0.25);
  });

  it("polynomialSchedule and linearSchedule: (init - end)·(1 - clip(t - begin, 0, steps)/steps)^power + end", () => {
    expect(optim.polynomialSchedule({ initValue: 1, endValue: 0, power: 2, transitionSteps: 10 })(5).item()).toBe(0.25);
    expect(optim.linearSchedule({ initValue: 0, endValue: 1, transitionSteps: 4 })(1).item()).toBe(0.25);
    const [init, end, power, steps, begin] = [2, 0.5, 3, 20, 5];
    agreesWithFormula(
      optim.polynomialSchedule({ initValue: init, endValue: end, power, transitionSteps: steps, transitionBegin: begin }),
      (t) => (init - end) * (1 - Math.min(Math.max(t - begin, 0), steps) / steps) ** power + end,
    );
    agreesWithFormula(optim.linearSchedule({ initValue: 1, endValue: 3, transitionSteps: 0 }), () => 1); // no transition: constant init
  });

  it("piecewiseConstantSchedule: init times the scales of every boundary reached (count >= boundary)", () => {
    const s = optim.piecewiseConstantSchedule({ initValue: 1, boundariesAndScales: { 20: 0.5, 10: 0.1 } });
    expect([s(9).item(), s(10).item(), s(19).item(), s(20).item(), s(39).item()]).toEqual([1, 0.1, 0.1, 0.05, 0.05]);
    agreesWithFormula(s, (t) => (t >= 10 ? 0.1 : 1) * (t >= 20 ? 0.5 : 1));
  });

  it("exponentialDecay: init·rate^((t - begin)/steps), staircase, endValue, constant before begin", () => {
    expect(optim.exponentialDecay({ initValue: 1, transitionSteps: 10, decayRate: 0.5 })(20).item()).toBe(0.25);
    agreesWithFormula(optim.exponentialDecay({ initValue: 0.3, transitionSteps: 7, decayRate: 0.8, transitionBegin: 4 }), (t) =>
      t - 4 <= 0 ? 0.3 : 0.3 * 0.8 ** ((t - 4) / 7),
    );
    agreesWithFormula(optim.exponentialDecay({ initValue: 0.3, transitionSteps: 7, decayRate: 0.8, staircase: true }), (t) =>
      t <= 0 ? 0.3 : 0.3 * 0.8 ** Math.floor(t / 7),
    );
    agreesWithFormula(optim.exponentialDecay({ initValue: 1, transitionSteps: 5, decayRate: 0.5, endValue: 0.1 }), (t) =>
      Math.max(t <= 0 ? 1 : 0.5 ** (t / 5), 0.1),
    );
    agreesWithFormula(optim.exponentialDecay({ initValue: 1, transitionSteps: 5, decayRate: 1.5, endValue: 4 }), (t) =>
      Math.min(t <= 0 ? 1 : 1.5 ** (t / 5), 4),
    );
    agreesWithFormula(optim.exponentialDecay({ initValue: 1, transitionSteps: 5, decayRate: 0 }), () => 1); // optax: constant
  });

  it("cosineDecaySchedule: init·((1 - α)·(½(1 + cos(π·min(t, T)/T)))^p + α)", () => {
    expect(optim.cosineDecaySchedule({ initValue: 1, decaySteps: 100 })(50).item()).toBeCloseTo(0.5, 15);
    expect(optim.cosineDecaySchedule({ initValue: 2, decaySteps: 10 })(10).item()).toBe(0);
    agreesWithFormula(optim.cosineDecaySchedule({ initValue: 0.1, decaySteps: 30, alpha: 0.2, exponent: 2 }), (t) => {
      const c = 0.5 * (1 + Math.cos((Math.PI * Math.min(t, 30)) / 30));
      return 0.1 * ((1 - 0.2) * c ** 2 + 0.2);
    });
  });

  it("warmupCosineDecaySchedule: linear warmup to the peak, then cosine to endValue at decaySteps", () => {
    const lr = optim.warmupCosineDecaySchedule({ initValue: 0, peakValue: 1, warmupSteps: 10, decaySteps: 110 });
    expect(lr(5).item()).toBe(0.5);
    expect(lr(10).item()).toBe(1);
    expect(lr(60).item()).toBeCloseTo(0.5, 15);
    expect(lr(110).item()).toBe(0);
    const [init, peak, warmup, decay, end] = [0.01, 0.1, 8, 30, 0.02];
    agreesWithFormula(
      optim.warmupCosineDecaySchedule({ initValue: init, peakValue: peak, warmupSteps: warmup, decaySteps: decay, endValue: end }),
      (t) => {
        if (t < warmup) return init + (peak - init) * (t / warmup);
        const s = Math.min(t - warmup, decay - warmup);
        const alpha = end / peak;
        return peak * ((1 - alpha) * 0.5 * (1 + Math.cos((Math.PI * s) / (decay - warmup))) + alpha);
      },
    );
  });

  it("joinSchedules counts each schedule from its boundary", () => {
    const s = optim.joinSchedules([optim.constantSchedule(1), optim.linearSchedule({ initValue: 2, endValue: 4, transitionSteps: 10 })], [10]);
    expect([s(9).item(), s(10).item(), s(15).item()]).toEqual([1, 2, 3]);
  });
});

describe("schedule arguments are checked", () => {
  it("names the schedule and the argument", () => {
    expect(() => optim.cosineDecaySchedule({ initValue: 1, decaySteps: 0 })).toThrow(/optim.cosineDecaySchedule: decaySteps must be a finite number in \(0, Infinity\]/);
    expect(() => optim.piecewiseConstantSchedule({ initValue: 1, boundariesAndScales: { 5: -1 } })).toThrow(/scales must be non-negative/);
    expect(() => optim.warmupCosineDecaySchedule({ initValue: 0, peakValue: 1, warmupSteps: 10, decaySteps: 10 })).toThrow(/must exceed warmupSteps/);
    expect(() => optim.joinSchedules([optim.constantSchedule(1)], [3])).toThrow(/1 schedules need 0 boundaries/);
    expect(() => optim.exponentialDecay({ initValue: 1, transitionSteps: Number.NaN, decayRate: 0.5 })).toThrow(/transitionSteps/);
  });
});
