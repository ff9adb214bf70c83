/**
 * 34 · Dropout from a traced key
 * Notebook: none (JAX's keys-are-values design)
 *
 * A key is a uint32[2] tensor, a value like the parameters: the training
 * step takes it as an argument, so `jit(valueAndGrad(loss))` traces once and
 * every call draws a fresh dropout mask from the key it is given (here
 * `random.foldIn(key, step)`). The mask is piecewise constant in the
 * parameters: dropped units get no gradient. After training, `vmap` over a
 * stack of keys runs the network with 32 dropout masks at once (Monte Carlo
 * dropout): the spread of those predictions is the model's uncertainty,
 * larger away from the training data.
 *
 * Everything here is + × max and Threefry's integer arithmetic (relu, mean
 * squared error, polynomial targets), so Node and Deno print the same digits.
 */
import { jit, nn, np, random, valueAndGrad, vmap, type Tensor } from "../lib/index.ts";
import * as optim from "../lib/optim/index.ts";
import { close, show, verify } from "./_show.ts";

type Params = { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor };
const HIDDEN = 64;
const KEEP = 0.8;

// data: y = x² - x/2 + noise on [-1, 1]
const [dataKey, noiseKey, initKey, trainKey] = random.split(random.key(34), 4);
const x = random.uniform(dataKey, [128, 1], { minval: -1, maxval: 1 });
const y = np.add(np.subtract(np.square(x), np.multiply(x, 0.5)), np.multiply(random.normal(noiseKey, [128, 1]), 0.05));

const [k1, k2] = random.split(initKey);
let params: Params = {
  w1: nn.initializers.heNormal()(k1, [1, HIDDEN]),
  b1: np.zeros([HIDDEN]),
  w2: nn.initializers.lecunNormal()(k2, [HIDDEN, 1]),
  b2: np.zeros([1]),
};

/** The network; with a key, inverted dropout on the hidden layer (units kept with probability KEEP, scaled by 1/KEEP). */
function predict(p: Params, inputs: Tensor, key?: Tensor): Tensor {
  let h = nn.relu(np.add(np.matmul(inputs, p.w1), p.b1));
  if (key !== undefined) h = np.where(random.bernoulli(key, KEEP, h.shape), np.divide(h, KEEP), 0);
  return np.add(np.matmul(h, p.w2), p.b2);
}

const loss = (p: Params, key: Tensor, inputs: Tensor, targets: Tensor) => np.mean(np.square(np.subtract(predict(p, inputs, key), targets)));

// the key is a traced argument of the step: one trace, a new mask each call
const opt = optim.adam(0.01);
let state = opt.init(params);
const step = jit((p: Params, s: optim.OptState, key: Tensor) => {
  const [value, grads] = valueAndGrad(loss)(p, key, x, y);
  const [updates, next] = opt.update(grads, s, p);
  return [optim.applyUpdates(p, updates), next, value, grads] as const;
});

// the first step, eagerly and jitted: the same bits
const firstKey = random.foldIn(trainKey, 0);
const [eagerValue, eagerGrads] = valueAndGrad(loss)(params, firstKey, x, y);
const [, , jitValue, jitGrads] = step(params, state, firstKey);
// a hidden unit that the mask drops for every example gets no gradient into its outgoing weight
const mask = random.bernoulli(firstKey, KEEP, [128, HIDDEN]);
const keptCounts = np.sum(mask.astype("int32"), 0);
const keptRate = np.mean(mask.astype("float64")).item();

const losses: number[] = [];
const STEPS = process.argv.includes("--quick") ? 300 : 600;
for (let t = 0; t < STEPS; t++) {
  const [p, s, value] = step(params, state, random.foldIn(trainKey, t));
  params = p;
  state = s;
  losses.push(value.item());
}

// evaluation without dropout, and Monte Carlo dropout: 32 masks at once by vmap over keys
const grid = np.linspace(-2, 2, 9).reshape([9, 1]);
const clean = predict(params, grid);
const mcKeys = random.split(random.key(7), 32);
const draws = vmap((k: Tensor) => predict(params, grid, k))(mcKeys); // [32, 9, 1]
const mcMean = np.mean(draws, 0);
const mcStd = np.std(draws, 0);
const loop = np.stack([...mcKeys].map((k) => predict(params, grid, k)));
const truth = np.subtract(np.square(grid), np.multiply(grid, 0.5));
const fmt = (t: Tensor) => (Array.from(np.ravel(t).toTypedArray()) as number[]).map((v) => v.toFixed(3)).join(" ");

show("kept units in the first step's mask (expected 0.8)", keptRate.toFixed(4));
show(`training loss, step 1 and step ${STEPS}`, `${losses[0].toFixed(4)} → ${losses[STEPS - 1].toFixed(4)}`);
show("x on a grid over [-2, 2]", fmt(grid));
show("the true curve x² - x/2", fmt(truth));
show("prediction without dropout", fmt(clean));
show("MC dropout mean over 32 keys", fmt(mcMean));
show("MC dropout std (uncertainty; training data only covers [-1, 1])", fmt(mcStd));

const dropped = (keptCounts.toArray() as number[]).map((c) => c === 0);
const w2Grad = Array.from(np.ravel(jitGrads.w2).toTypedArray());
const stdAt = Array.from(np.ravel(mcStd).toTypedArray());
verify([
  close("jitted valueAndGrad equals eager, bit for bit (value)", jitValue, eagerValue, 0),
  close("jitted valueAndGrad equals eager, bit for bit (gradient of w1)", jitGrads.w1, eagerGrads.w1, 0),
  close("the step was traced once for every key", step.cacheSize(), 1, 0),
  close("units the mask dropped everywhere get no gradient", w2Grad.filter((_, j) => dropped[j]), w2Grad.filter((_, j) => dropped[j]).map(() => 0), 0),
  close("about 80% of units kept", keptRate, KEEP, 0.02),
  close("the loss fell below a fifth of its start", losses[STEPS - 1] < losses[0] / 5 ? 1 : 0, 1, 0),
  close("vmap over keys equals the loop over keys", draws, loop, 0),
  close("without dropout the fit is within 0.1 on [-1, 1]", clean.slice([2, 7]), truth.slice([2, 7]), 0.1),
  close("more uncertainty at x = ±2 than at x = 0", Math.min(stdAt[0], stdAt[8]) > stdAt[4] ? 1 : 0, 1, 0),
]);
