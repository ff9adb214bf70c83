/**
 * The optimizers under the transforms: a whole training step
 * `jit((params, state, x, y) => ...)` is traced once for all its steps (the
 * state is a tree of tensors, the schedule reads the traced count) and gives
 * what the eager step gives; `vmap` of an update equals a loop; and an
 * update is differentiable (`checkGrads`, for meta-gradients).
 */
import { describe, expect, it } from "vitest";
import { jit, np, tree, valueAndGrad, vmap, type Tensor } from "tracegrad";
import { checkGrads } from "tracegrad/testing";
import * as optim from "tracegrad/optim";

type Params = { w: Tensor; b: Tensor };
const x = np.array([[0.5, -1.0, 2.0], [1.5, 0.3, -0.7], [-0.2, 0.8, 0.1], [1.0, 1.0, -1.0]]);
const y = np.array([[1.0], [-0.5], [0.25], [0.0]]);
const loss = (p: Params, xs: Tensor, ys: Tensor) => np.mean(np.square(np.subtract(np.tanh(np.add(np.matmul(xs, p.w), p.b)), ys)));
const init = (dtype: "float64" | "float32" = "float64"): Params => ({
  w: np.array([[0.1], [-0.3], [0.2]], { dtype }),
  b: np.array([0.05], { dtype }),
});

const optimizers: [string, () => optim.GradientTransformation<any>][] = [
  ["sgd with Nesterov momentum", () => optim.sgd(0.1, { momentum: 0.9, nesterov: true })],
  ["adam with a warmup-cosine schedule", () => optim.adam(optim.warmupCosineDecaySchedule({ initValue: 0, peakValue: 0.1, warmupSteps: 2, decaySteps: 8 }))],
  ["adamw with a mask, after clipByGlobalNorm", () => optim.chain(optim.clipByGlobalNorm(0.1), optim.adamw(0.05, { weightDecay: 0.1, mask: { w: true, b: false } }))],
  ["rmsprop centered with momentum", () => optim.rmsprop(0.01, { centered: true, momentum: 0.9 })],
  ["adagrad with exponential decay", () => optim.adagrad(optim.exponentialDecay({ initValue: 0.1, transitionSteps: 2, decayRate: 0.5, staircase: true }))],
  ["lion with a piecewise-constant schedule", () => optim.lion(optim.piecewiseConstantSchedule({ initValue: 0.01, boundariesAndScales: { 3: 0.1 } }))],
];

/** One training step: value and gradient, the optimizer's update, the new parameters. */
const makeStep = (opt: optim.GradientTransformation<any>, onTrace = () => {}) => (params: Params, state: unknown, xs: Tensor, ys: Tensor) => {
  onTrace();
  const [value, grads] = valueAndGrad(loss)(params, xs, ys);
  const [updates, next] = opt.update(grads, state, params);
  return [optim.applyUpdates(params, updates), next, value] as [Params, unknown, Tensor];
};

const leavesOf = (t: unknown) => (tree.leaves(t) as Tensor[]).map((l) => Array.from(l.toTypedArray()));

describe("a jitted training step", () => {
  for (const [name, make] of optimizers) {
    it(`${name}: traced once for 6 steps, equal to the eager steps`, () => {
      const opt = make();
      let traces = 0;
      const jitted = jit(makeStep(opt, () => traces++));
      const eager = makeStep(opt);
      let [pj, sj]: [Params, unknown] = [init(), opt.init(init())];
      let [pe, se]: [Params, unknown] = [init(), opt.init(init())];
      const losses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const [p1, s1, v1] = jitted(pj, sj, x, y);
        const [p2, s2, v2] = eager(pe, se, x, y);
        [pj, sj, pe, se] = [p1, s1, p2, s2];
        expect(v1.item()).toBeCloseTo(v2.item(), 14);
        losses.push(v2.item());
      }
      expect(traces).toBe(1);
      const [a, b] = [leavesOf([pj, sj]), leavesOf([pe, se])];
      a.forEach((leaf, i) => leaf.forEach((v, j) => expect(Math.abs(v - b[i][j])).toBeLessThanOrEqual(1e-14 * (1 + Math.abs(b[i][j])))));
      expect(losses[5]).toBeLessThan(losses[0]); // it trains
    });
  }

  it("float32 parameters: dtypes are stable across steps, so the step is traced once", () => {
    const opt = optim.adam(optim.cosineDecaySchedule({ initValue: 0.05, decaySteps: 5 }));
    let traces = 0;
    const step = jit(makeStep(opt, () => traces++));
    const [x32, y32] = [x.astype("float32"), y.astype("float32")];
    let [p, s]: [Params, unknown] = [init("float32"), opt.init(init("float32"))];
    for (let i = 0; i < 4; i++) [p, s] = step(p, s, x32, y32);
    expect(traces).toBe(1);
    expect(p.w.dtype).toBe("float32");
    const dtypes = (tree.leaves(s) as Tensor[]).map((l) => l.dtype);
    expect(dtypes.filter((d) => d === "int32").length).toBe(2); // the counts of scaleByAdam and scaleBySchedule
    expect(dtypes.filter((d) => d !== "int32").every((d) => d === "float32")).toBe(true);
  });
});

describe("optimizers under vmap and grad", () => {
  it("vmap of an adam update over a batch of parameters and gradients equals a loop", () => {
    const opt = optim.adam(0.1);
    const update = (p: Tensor, g: Tensor) => {
      const [u1, s1] = opt.update(g, opt.init(p), p);
      const [u2] = opt.update(np.multiply(g, 0.5), s1, p);
      return optim.applyUpdates(optim.applyUpdates(p, u1), u2);
    };
    const ps = np.array([[1.0, -2.0], [0.5, 3.0], [-1.0, 0.0]]);
    const gs = np.array([[0.3, -0.1], [2.0, 0.7], [-0.4, 1e-3]]);
    const batched = vmap(update)(ps, gs);
    const loop = [0, 1, 2].map((i) => Array.from(update(ps.slice(i), gs.slice(i)).toTypedArray()));
    expect(Array.from(batched.toTypedArray())).toEqual(loop.flat());
  });

  it("the loss after an update is differentiable in the parameters (checkGrads, orders 1 and 2)", () => {
    for (const opt of [optim.sgd(0.1, { momentum: 0.9 }), optim.adam(0.1, { epsRoot: 1e-8 }), optim.rmsprop(0.1)]) {
      const afterOneStep = (p: Params) => {
        const grads = valueAndGrad(loss)(p, x, y)[1];
        const [updates] = opt.update(grads, opt.init(p), p);
        return loss(optim.applyUpdates(p, updates), x, y);
      };
      checkGrads(afterOneStep, [init()], { order: 2 });
    }
  });
});
