/**
 * The optimizers of `tracegrad/optim` against optax's update formulas,
 * written out per element in plain JS numbers (`_reference.ts`): ten steps
 * on a two-leaf parameter tree with gradients that depend on the parameters
 * and the step, compared after every step.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, np, tree, type Tensor } from "tracegrad";
import * as optim from "tracegrad/optim";
import {
  gradientAt,
  refAdagrad,
  refAdam,
  refClipByGlobalNorm,
  refLion,
  refRmsprop,
  refSgd,
  runReference,
  type ReferenceOptimizer,
} from "./_reference.ts";

type Params = { w: Tensor; b: Tensor };
const P0: Params = { w: np.array([[0.5, -1.2], [2.0, 0.3]]), b: np.array([0.1, -0.4, 0.7]) };

/** The leaves' elements in `tree.leaves` order (b before w: keys are sorted). */
export const flat = (x: unknown): number[] => (tree.leaves(x) as Tensor[]).flatMap((t) => Array.from(t.toTypedArray()));

/** A tree shaped like `like` holding `values` in `flat` order. */
export function unflat<T>(like: T, values: readonly number[]): T {
  const [leaves, def] = tree.flatten(like);
  let k = 0;
  return tree.unflatten<T>(
    def,
    (leaves as Tensor[]).map((leaf) => {
      const part = values.slice(k, (k += leaf.size));
      return np.reshape(np.array(part, { dtype: leaf.dtype }), leaf.shape as number[]);
    }),
  );
}

/** Runs an optax-style optimizer eagerly for `steps` steps; the parameters after each step. */
export function runOptimizer(opt: optim.GradientTransformation<any>, p0: Params, steps: number): number[][] {
  let params = p0;
  let state = opt.init(params);
  const history: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    const grads = unflat(params, gradientAt(t, flat(params)));
    const [updates, next] = opt.update(grads, state, params);
    params = optim.applyUpdates(params, updates);
    state = next;
    history.push(flat(params));
  }
  return history;
}

/** max over steps and elements of |a - b| / (1 + |b|). */
function worstRelative(a: number[][], b: number[][]): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  a.forEach((row, t) => row.forEach((x, i) => (worst = Math.max(worst, Math.abs(x - b[t][i]) / (1 + Math.abs(b[t][i]))))));
  return worst;
}

const n = flat(P0).length;
const STEPS = 10;
const cases: [string, () => optim.GradientTransformation<any>, () => ReferenceOptimizer][] = [
  ["sgd", () => optim.sgd(0.1), () => refSgd(n, 0.1)],
  ["sgd with momentum", () => optim.sgd(0.1, { momentum: 0.9 }), () => refSgd(n, 0.1, 0.9)],
  ["sgd with Nesterov momentum", () => optim.sgd(0.1, { momentum: 0.9, nesterov: true }), () => refSgd(n, 0.1, 0.9, true)],
  ["adam", () => optim.adam(0.05), () => refAdam(n, 0.05)],
  ["adam with b1, b2, eps, epsRoot", () => optim.adam(0.05, { b1: 0.8, b2: 0.9, eps: 1e-3, epsRoot: 1e-4 }), () => refAdam(n, 0.05, { b1: 0.8, b2: 0.9, eps: 1e-3, epsRoot: 1e-4 })],
  ["adam with Nesterov (NAdam)", () => optim.adam(0.05, { nesterov: true }), () => refAdam(n, 0.05, { nesterov: true })],
  ["adamw", () => optim.adamw(0.05, { weightDecay: 0.1 }), () => refAdam(n, 0.05, { weightDecay: 0.1 })],
  [
    "adamw with a mask (weights decay, biases do not)",
    () => optim.adamw(0.05, { weightDecay: 0.1, mask: { w: true, b: false } }),
    () => refAdam(n, 0.05, { weightDecay: 0.1, decayMask: [false, false, false, true, true, true, true] }),
  ],
  [
    "adamw with a mask function",
    () => optim.adamw(0.05, { weightDecay: 0.1, mask: (p: Params) => ({ w: p.w.ndim === 2, b: p.b.ndim === 2 }) }),
    () => refAdam(n, 0.05, { weightDecay: 0.1, decayMask: [false, false, false, true, true, true, true] }),
  ],
  ["rmsprop", () => optim.rmsprop(0.01), () => refRmsprop(n, 0.01)],
  ["rmsprop centered, with momentum", () => optim.rmsprop(0.01, { centered: true, momentum: 0.5 }), () => refRmsprop(n, 0.01, { centered: true, momentum: 0.5 })],
  ["rmsprop with initialScale 1", () => optim.rmsprop(0.01, { decay: 0.8, initialScale: 1 }), () => refRmsprop(n, 0.01, { decay: 0.8, initialScale: 1 })],
  ["adagrad", () => optim.adagrad(0.1), () => refAdagrad(n, 0.1)],
  ["lion", () => optim.lion(0.01), () => refLion(n, 0.01)],
  ["lion with b1, b2 and weight decay", () => optim.lion(0.01, { b1: 0.5, b2: 0.9, weightDecay: 0.2 }), () => refLion(n, 0.01, { b1: 0.5, b2: 0.9, weightDecay: 0.2 })],
];

describe("optimizers follow optax's update formulas", () => {
  for (const [name, make, reference] of cases) {
    it(name, () => {
      const ours = runOptimizer(make(), P0, STEPS);
      const expected = runReference(reference(), flat(P0), STEPS);
      expect(worstRelative(ours, expected)).toBeLessThan(1e-13);
      // the run moved: the parameters after 10 steps differ from the start
      expect(worstRelative([ours[STEPS - 1]], [flat(P0)])).toBeGreaterThan(1e-3);
    });
  }

  it("adam with a schedule: the count in the state advances the learning rate", () => {
    const schedule = (count: number) => 0.1 * 0.5 ** (count / 3);
    const ours = runOptimizer(optim.adam(optim.exponentialDecay({ initValue: 0.1, transitionSteps: 3, decayRate: 0.5 })), P0, STEPS);
    const expected = runReference(refAdam(n, schedule), flat(P0), STEPS);
    expect(worstRelative(ours, expected)).toBeLessThan(1e-13);
  });

  it("clipByGlobalNorm chained before sgd scales the whole tree by maxNorm/‖g‖", () => {
    const opt = optim.chain(optim.clipByGlobalNorm(0.5), optim.sgd(0.1));
    const ours = runOptimizer(opt, P0, STEPS);
    const clippedSgd: ReferenceOptimizer = { step: (_t, g) => refClipByGlobalNorm(g, 0.5).map((x) => -0.1 * x) };
    expect(worstRelative(ours, runReference(clippedSgd, flat(P0), STEPS))).toBeLessThan(1e-13);
  });

  it("adam minimizes a quadratic: the parameters reach its minimum", () => {
    const opt = optim.adam(0.1);
    let p = np.array([3, -2]);
    let state = opt.init(p);
    for (let i = 0; i < 300; i++) {
      const g = np.multiply(2, np.subtract(p, np.array([1, 0.5]))); // ∇ ‖p - (1, 0.5)‖²
      const [u, s] = opt.update(g, state);
      [p, state] = [optim.applyUpdates(p, u), s];
    }
    const [p0, p1] = p.toArray() as number[];
    expect(Math.abs(p0 - 1) + Math.abs(p1 - 0.5)).toBeLessThan(1e-2);
  });
});

describe("building blocks on fixed numbers", () => {
  const g = { a: np.array([3.0]), b: np.array([[4.0]]) }; // global norm 5

  it("scale, clip, clipByGlobalNorm", () => {
    expect(flat(optim.scale(-0.1).update(g, {})[0])).toEqual([-0.30000000000000004, -0.4]);
    expect(flat(optim.clip(3.5).update(g, {})[0])).toEqual([3, 3.5]);
    expect(flat(optim.clipByGlobalNorm(1).update(g, {})[0])).toEqual([(3 / 5) * 1, (4 / 5) * 1]); // g / ‖g‖ · maxNorm
    expect(flat(optim.clipByGlobalNorm(5.5).update(g, {})[0])).toEqual([3, 4]); // below the bound: unchanged
    expect(optim.globalNorm(g).item()).toBe(5);
  });

  it("scaleByAdam's first update is g / (|g| + eps)", () => {
    const t = optim.scaleByAdam();
    const [u, s] = t.update(g, t.init(g));
    // m̂ = g, v̂ = g²: m̂ / (√v̂ + ε)
    expect(flat(u)).toEqual([3 / (3 + 1e-8), 4 / (4 + 1e-8)]);
    expect(s.count.dtype).toBe("int32");
    expect(s.count.item()).toBe(1);
  });

  it("trace accumulates g + decay·t", () => {
    const t = optim.trace({ decay: 0.5 });
    const [u1, s1] = t.update(g, t.init(g));
    const [u2] = t.update(g, s1);
    expect(flat(u1)).toEqual([3, 4]);
    expect(flat(u2)).toEqual([4.5, 6]);
  });

  it("addDecayedWeights adds λ·p, masked leaves pass through, and it needs params", () => {
    const p = { a: np.array([10.0]), b: np.array([[20.0]]) };
    expect(flat(optim.addDecayedWeights(0.1).update(g, {}, p)[0])).toEqual([4, 6]);
    const masked = optim.addDecayedWeights(0.1, { a: false, b: true });
    expect(flat(masked.update(g, masked.init(p), p)[0])).toEqual([3, 6]);
    expect(() => optim.addDecayedWeights(0.1).update(g, {})).toThrow(/needs params/);
  });

  it("masked takes a prefix mask: one boolean for a whole subtree", () => {
    const params = { layer1: { w: np.array([1.0]), b: np.array([2.0]) }, layer2: np.array([3.0]) };
    const t = optim.masked(optim.scale(10), { layer1: true, layer2: false });
    const [u] = t.update(params, t.init(params));
    expect(flat(u)).toEqual([20, 10, 3]);
    expect(() => optim.masked(optim.scale(10), { layer1: true }).init(params)).toThrow(/does not match the parameters' structure/);
  });

  it("scaleByRss (Adagrad) leaves a zero accumulator's update at 0", () => {
    const t = optim.scaleByRss({ initialAccumulatorValue: 0 });
    const zero = { a: np.array([0.0]) };
    expect(flat(t.update(zero, t.init(zero))[0])).toEqual([0]);
  });

  it("scaleByLion gives signs (zero where the interpolation is zero)", () => {
    const t = optim.scaleByLion();
    const grads = np.array([-2.0, 0, 0.5]);
    expect(flat(t.update(grads, t.init(grads))[0])).toEqual([-1, 0, 1]);
  });

  it("the step count saturates at int32's maximum", () => {
    const max = np.array(2147483647, { dtype: "int32" });
    expect(optim.safeIncrement(max).item()).toBe(2147483647);
    expect(optim.safeIncrement(np.array(7, { dtype: "int32" })).item()).toBe(8);
  });

  it("applyUpdates keeps each parameter's dtype, and null subtrees", () => {
    const p = { w: np.ones([2], { dtype: "float32" }), skip: null };
    const out = optim.applyUpdates(p, { w: np.array([0.5, 0.25]), skip: null });
    expect(out.w.dtype).toBe("float32");
    expect(out.w.toArray()).toEqual([1.5, 1.25]);
    expect(out.skip).toBe(null);
  });

  it("float32 parameters keep float32 updates and moments through adam with a schedule", () => {
    const p = { w: np.array([1, 2, 3], { dtype: "float32" }) };
    const opt = optim.adam(optim.cosineDecaySchedule({ initValue: 0.1, decaySteps: 10 }), { muDtype: "float32" });
    let state = opt.init(p);
    const [u, s] = opt.update({ w: np.array([0.1, -0.2, 0.3], { dtype: "float32" }) }, state, p);
    state = s;
    expect((u as Params).w.dtype).toBe("float32");
    for (const leaf of tree.leaves(state) as Tensor[]) expect(["float32", "int32"]).toContain(leaf.dtype);
  });
});

describe("bad input is an ArgumentError naming the function and the fix", () => {
  it("hyperparameters, chain arguments and chain states", () => {
    // the error names the function the caller called (optim.adam), not the building block it chains
    expect(() => optim.adam(Number.NaN)).toThrow(/optim.adam: learningRate must be a finite number/);
    expect(() => optim.adam(0.1, { b1: 1.5 })).toThrow(/optim.adam: b1 must be a finite number in \[0, 1\]/);
    expect(() => optim.scaleByLearningRate(Number.NaN)).toThrow(/optim.scaleByLearningRate: learningRate must be a finite number/);
    expect(() => optim.scaleByAdam({ b1: 1.5 })).toThrow(/optim.scaleByAdam: b1 must be a finite number in \[0, 1\]/);
    expect(() => optim.clipByGlobalNorm(0)).toThrow(/maxNorm/);
    expect(() => optim.chain(optim.scale(1), {} as never)).toThrow(/argument 1 is not a gradient transformation/);
    const opt = optim.sgd(0.1, { momentum: 0.9 });
    expect(() => opt.update(np.ones([2]), {} as never, np.ones([2]))).toThrow(/the state must be the array of 2 states/);
  });

  it("a state that is not the one init returned is an ArgumentError naming the transformation, not a raw TypeError", () => {
    const p = { w: np.ones([2]) };
    const g = { w: np.array([0.5, -1]) };
    const cases: [string, optim.GradientTransformation<any>, RegExp][] = [
      ["scaleByAdam", optim.scaleByAdam(), /optim.scaleByAdam: the state must be the object init returned \(\{ count, mu, nu \}\)/],
      ["scaleByRms", optim.scaleByRms({ biasCorrection: true }), /optim.scaleByRms: the state must be the object init returned \(\{ count, nu \}\)/],
      ["scaleByStddev", optim.scaleByStddev(), /optim.scaleByStddev: the state must be .*\{ mu, nu \}/],
      ["scaleByRss", optim.scaleByRss(), /optim.scaleByRss: the state must be .*sumOfSquares/],
      ["scaleByLion", optim.scaleByLion(), /optim.scaleByLion: the state must be .*\{ count, mu \}/],
      ["trace", optim.trace({ decay: 0.9 }), /optim.trace: the state must be .*\{ trace \}/],
      ["scaleBySchedule", optim.scaleBySchedule(optim.constantSchedule(1)), /optim.scaleBySchedule: the state must be .*\{ count \}/],
      ["masked", optim.masked(optim.scale(2), { w: true }), /optim.masked: the state must be .*\{ inner \}/],
    ];
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    for (const [name, t, message] of cases) {
      for (const bad of [undefined, null, 3, {}, [1], proxy]) {
        let error: unknown;
        try {
          t.update(g, bad, p);
        } catch (e) {
          error = e;
        }
        expect(error, `${name} with ${String(typeof bad)}`).toBeInstanceOf(ArgumentError);
        if (bad !== proxy) expect((error as Error).message).toMatch(message);
      }
      // the state init returned still works
      expect(() => t.update(g, t.init(p), p)).not.toThrow();
    }
  });

  it("a user transformation in chain is read once and its update must return a pair", () => {
    const bad = { init: () => ({}), update: () => 3 };
    const opt = optim.chain(optim.scale(1), bad as never);
    const p = { w: np.ones([2]) };
    expect(() => opt.update(p, opt.init(p), p)).toThrow(/optim.chain: argument 1's update must return a pair \[updates, state\], got 3/);
    const async = { init: () => ({}), update: async () => [p, {}] };
    const withAsync = optim.chain(async as never);
    expect(() => withAsync.update(p, withAsync.init(p), p)).toThrow(/async functions cannot be traced/);
    const throwing = new Proxy({}, { get: () => { throw new Error("hostile"); } });
    expect(() => optim.chain(throwing as never)).toThrow(ArgumentError);
  });

  it("a mask follows tree.leaves: an array of numbers is one leaf, so a per-element mask is refused (it was silently applied to the whole leaf)", () => {
    const p = { w: [1, 2], b: np.ones([2]) };
    expect(() => optim.masked(optim.scale(10), { w: [true, false], b: true }).init(p)).toThrow(/mask.w does not match the parameters' structure/);
    const t = optim.masked(optim.scale(10), { w: false, b: true });
    const [updates] = t.update(p, t.init(p), p) as [{ w: number[]; b: Tensor }, unknown];
    expect(updates.w).toEqual([1, 2]);
    expect(updates.b.toArray()).toEqual([10, 10]);
    // a cyclic mask cannot recurse forever: the walk follows the (finite) parameters
    const cyclic: Record<string, unknown> = {};
    cyclic.w = cyclic;
    expect(() => optim.masked(optim.scale(10), cyclic).init({ w: { w: np.ones([1]) } })).toThrow(ArgumentError);
  });
});
