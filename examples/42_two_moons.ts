/**
 * 42 · Two moons: one classifier, four optimizers, and its decision boundary
 * Notebook: none
 *
 * Two interleaving half circles with Gaussian noise, drawn with `random`
 * (300 points to train on, 300 to test). A small MLP 2 → 32 → 32 → 1 (tanh)
 * with the logistic loss is trained full-batch for 300 steps by
 * `tracegrad/optim`'s sgd (Nesterov momentum), adam, rmsprop and lion, each
 * in one jitted step traced once. The figure
 * (examples/out/42_two_moons.svg): adam's predicted probability over the
 * plane with the test points on it, beside the four training curves.
 * `--quick` (as `npm test` runs it): 150 steps.
 */
import process from "node:process";
import { jit, nn, np, random, valueAndGrad, type Tensor } from "tracegrad";
import * as optim from "tracegrad/optim";
import { pathPoints, renderVegaLite, saveSvg, svgCheck, vegaMarks, type TopLevelSpec } from "./_plots.ts";
import { verify, type Check } from "./_show.ts";

// the data: outer moon (cos θ, sin θ), inner moon (1 - cos θ, 1/2 - sin θ), θ uniform in [0, π]
function moons(key: Tensor, perMoon: number): [Tensor, Tensor] {
  const [angleKey, noiseKey] = random.split(key);
  const theta = np.multiply(random.uniform(angleKey, [perMoon]), Math.PI);
  const outer = np.stack([np.cos(theta), np.sin(theta)], 1);
  const inner = np.stack([np.subtract(1, np.cos(theta)), np.subtract(0.5, np.sin(theta))], 1);
  const points = np.add(np.concatenate([outer, inner], 0), np.multiply(random.normal(noiseKey, [2 * perMoon, 2]), 0.15));
  return [points, np.concatenate([np.zeros([perMoon]), np.ones([perMoon])], 0)];
}
const [trainKey, testKey, initKey] = random.split(random.key(42), 3);
const [trainX, trainY] = moons(trainKey, 150);
const [testX, testY] = moons(testKey, 150);

// the model and its loss: mean of softplus(z) - y·z, the logistic loss of the logit z
type Params = { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor; w3: Tensor; b3: Tensor };
const HIDDEN = 32;
function initParams(key: Tensor): Params {
  const [k1, k2, k3] = random.split(key, 3);
  return {
    w1: np.multiply(random.normal(k1, [2, HIDDEN]), 1),
    b1: np.zeros([HIDDEN]),
    w2: np.multiply(random.normal(k2, [HIDDEN, HIDDEN]), Math.sqrt(1 / HIDDEN)),
    b2: np.zeros([HIDDEN]),
    w3: np.multiply(random.normal(k3, [HIDDEN, 1]), Math.sqrt(1 / HIDDEN)),
    b3: np.zeros([1]),
  };
}
const logit = (p: Params, x: Tensor): Tensor => {
  const h1 = np.tanh(np.add(np.matmul(x, p.w1), p.b1));
  const h2 = np.tanh(np.add(np.matmul(h1, p.w2), p.b2));
  return np.reshape(np.add(np.matmul(h2, p.w3), p.b3), [-1]);
};
const loss = (p: Params, x: Tensor, y: Tensor): Tensor => {
  const z = logit(p, x);
  return np.mean(np.subtract(nn.softplus(z), np.multiply(y, z)));
};
const accuracy = (p: Params, x: Tensor, y: Tensor) => np.mean(np.equal(np.greater(logit(p, x), 0), np.greater(y, 0.5)).astype("float64")).item();

// four optimizers on the same start
const STEPS = process.argv.includes("--quick") ? 150 : 300;
const optimizers: [string, optim.Optimizer][] = [
  ["sgd (Nesterov 0.9)", optim.sgd(0.05, { momentum: 0.9, nesterov: true })],
  ["adam", optim.adam(optim.cosineDecaySchedule({ initValue: 0.02, decaySteps: STEPS }))],
  ["rmsprop", optim.rmsprop(0.005)],
  ["lion", optim.lion(0.003, { weightDecay: 0 })],
];
const runs = optimizers.map(([name, opt]) => {
  let traces = 0;
  const step = jit((p: Params, s: optim.OptState, x: Tensor, y: Tensor) => {
    traces++;
    const [value, grads] = valueAndGrad(loss)(p, x, y);
    const [updates, next] = opt.update(grads, s, p);
    return [optim.applyUpdates(p, updates), next, value] as [Params, optim.OptState, Tensor];
  });
  let params = initParams(initKey);
  let state = opt.init(params);
  const losses: number[] = [];
  for (let i = 0; i < STEPS; i++) {
    const [p, s, value] = step(params, state, trainX, trainY);
    [params, state] = [p, s];
    losses.push(value.item());
  }
  return { name, params, losses, traces, train: accuracy(params, trainX, trainY), test: accuracy(params, testX, testY) };
});

console.log(`two moons: ${trainX.shape[0]} training and ${testX.shape[0]} test points; MLP 2 → ${HIDDEN} → ${HIDDEN} → 1, ${STEPS} full-batch steps\n`);
console.log(`optimizer            loss at 0   at 100   at ${STEPS}   train acc  test acc`);
for (const r of runs) {
  const cells = [r.losses[0], r.losses[99], r.losses[STEPS - 1]].map((v) => v.toFixed(4).padStart(8));
  console.log(`${r.name.padEnd(19)} ${cells.join(" ")}   ${(100 * r.train).toFixed(1).padStart(7)}%  ${(100 * r.test).toFixed(1).padStart(7)}%`);
}

// the figure: adam's probability of the inner moon over a grid, the test points, and the four loss curves
const adamRun = runs[1];
const GRID = 50;
const [x0, x1, y0, y1] = [-1.6, 2.6, -1.2, 1.7];
const cell = [(x1 - x0) / GRID, (y1 - y0) / GRID];
const centers = Array.from({ length: GRID * GRID }, (_, k) => [x0 + ((k % GRID) + 0.5) * cell[0], y0 + (Math.floor(k / GRID) + 0.5) * cell[1]]);
const probability = Array.from(nn.sigmoid(logit(adamRun.params, np.array(centers))).toTypedArray() as Float64Array);
const testPoints = testX.toArray() as number[][];
const testLabels = Array.from(testY.toTypedArray() as Float64Array);
const spec: TopLevelSpec = {
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  title: "two moons: a classifier trained with tracegrad/optim",
  config: { aria: false },
  hconcat: [
    {
      title: `adam: P(inner moon), test accuracy ${(100 * adamRun.test).toFixed(1)}%`,
      width: 340,
      height: 240,
      layer: [
        {
          name: "probability",
          data: { values: centers.map(([x, y], k) => ({ x: x - cell[0] / 2, x2: x + cell[0] / 2, y: y - cell[1] / 2, y2: y + cell[1] / 2, p: probability[k] })) },
          mark: { type: "rect", strokeWidth: 0.5 }, // a stroke of the fill's color hides the seams between cells
          encoding: {
            x: { field: "x", type: "quantitative", scale: { domain: [x0, x1], nice: false, zero: false }, title: null },
            x2: { field: "x2" },
            y: { field: "y", type: "quantitative", scale: { domain: [y0, y1], nice: false, zero: false }, title: null },
            y2: { field: "y2" },
            fill: { field: "p", type: "quantitative", scale: { scheme: "blueorange", domain: [0, 1] }, title: "P(inner)" },
            stroke: { field: "p", type: "quantitative", scale: { scheme: "blueorange", domain: [0, 1] }, legend: null },
          },
        },
        {
          name: "testpoints",
          data: { values: testPoints.map(([x, y], i) => ({ x, y, moon: testLabels[i] === 1 ? "inner" : "outer" })) },
          mark: { type: "circle", size: 24, stroke: "#555555", strokeWidth: 0.7, opacity: 1 },
          encoding: {
            x: { field: "x", type: "quantitative" },
            y: { field: "y", type: "quantitative" },
            fill: { field: "moon", type: "nominal", scale: { domain: ["outer", "inner"], range: ["#ffffff", "#111111"] }, title: "test point" },
          },
        },
      ],
    },
    {
      name: "losses",
      title: "training loss",
      width: 300,
      height: 240,
      data: { values: runs.flatMap((r) => r.losses.map((value, i) => ({ step: i + 1, loss: value, optimizer: r.name }))) },
      mark: { type: "line" },
      encoding: {
        x: { field: "step", type: "quantitative" },
        y: { field: "loss", type: "quantitative", scale: { type: "log" }, title: "logistic loss (log scale)" },
        color: { field: "optimizer", type: "nominal", sort: runs.map((r) => r.name), title: null },
      },
    },
  ],
  resolve: { scale: { color: "independent", fill: "independent" } },
};
const svg = await renderVegaLite(spec);
console.log(`\nwrote ${saveSvg("42_two_moons.svg", svg)}`);

const checks: Check[] = [
  ...runs.map((r) => ({ what: `${r.name}: test accuracy above 95%`, ok: r.test > 0.95, detail: `${r.test}` })),
  ...runs.map((r) => ({ what: `${r.name}: the step was traced once`, ok: r.traces === 1, detail: `${r.traces}` })),
  ...svgCheck("the figure", svg, (doc) => [
    [`${GRID * GRID} probability cells`, vegaMarks(doc, "rect", "probability").length === GRID * GRID],
    [`${testPoints.length} test points`, vegaMarks(doc, "symbol", "testpoints").length === testPoints.length],
    [`${runs.length} loss curves of ${STEPS} points`, vegaMarks(doc, "line", "losses").length === runs.length && vegaMarks(doc, "line", "losses").every((p) => pathPoints(p) === STEPS)],
  ]),
];
verify(checks);
