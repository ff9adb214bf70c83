/**
 * 44 · MNIST: a small convolutional network (conv → relu → max pool → dense)
 * Notebook: none
 *
 * The digits of example 40 (the `mnist` package's 10,000, split 8,000 /
 * 2,000 by a seeded permutation), now learned by a convolutional network in
 * flax's channels-last layout: 8 filters of 5×5 over each 28×28×1 image
 * (`lax.convGeneralDilated` with dimension numbers NHWC, HWIO, NHWC), ReLU,
 * 2×2 max pooling (`nn.maxPool`), and a dense head from the 12×12×8 pooled
 * maps (64 ReLU units, then the 10 classes), trained with softmax
 * cross-entropy and `optim.adam` over minibatches of 100. One training step is a single
 * `jit(valueAndGrad)` program, traced once: the gradient of the convolution
 * is two more convolutions and that of the pooling a select-and-scatter.
 * A progress bar on a terminal; the curves and the learned filters go to
 * examples/out/44_mnist_cnn_*.svg. `--quick` (as `npm test` runs it): 2
 * epochs on 2,000 training digits.
 */
import process from "node:process";
import { jit, lax, makeJaxpr, nn, np, random, valueAndGrad, type Tensor } from "tracegrad";
import * as optim from "tracegrad/optim";
import { evaluate, loadDigits, SIDE, train } from "./_mnist.ts";
import { renderVegaLite, saveSvg, svgCheck, vegaMarks, type TopLevelSpec } from "./_plots.ts";
import { verify, type Check } from "./_show.ts";

const quick = process.argv.includes("--quick");

// 1. the data, as in example 40, with the images as [N, 28, 28, 1] (NHWC)
const [nTrain, nTest] = quick ? [2000, 1000] : [8000, 2000];
const digits = loadDigits([SIDE, SIDE, 1], nTrain, nTest);
const { trainX, trainY, testX, testY } = digits;
console.log(`MNIST from the mnist package: ${digits.total} digits of 28×28×1; ${nTrain} to train on, ${nTest} held out for testing`);

// 2. the model: 8 filters of 5×5 (HWIO), ReLU, 2×2 max pooling, a dense head (64 ReLU units, then the 10 classes)
type Params = { kernel: Tensor; bias: Tensor; w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor };
const [FILTERS, K, HIDDEN] = [8, 5, 64];
const POOLED = (SIDE - K + 1) / 2; // 24×24 maps pooled to 12×12
const FEATURES = POOLED * POOLED * FILTERS;
const [k1, k2, k3] = random.split(random.key(1), 3);
let params: Params = {
  kernel: np.multiply(random.normal(k1, [K, K, 1, FILTERS]), Math.sqrt(2 / (K * K))),
  bias: np.zeros([FILTERS]),
  w1: np.multiply(random.normal(k2, [FEATURES, HIDDEN]), Math.sqrt(2 / FEATURES)),
  b1: np.zeros([HIDDEN]),
  w2: np.multiply(random.normal(k3, [HIDDEN, 10]), Math.sqrt(1 / HIDDEN)),
  b2: np.zeros([10]),
};
const features = (p: Params, x: Tensor): Tensor => {
  const maps = lax.convGeneralDilated(x, p.kernel, [1, 1], "VALID", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] });
  const pooled = nn.maxPool(nn.relu(np.add(maps, p.bias)), [2, 2], [2, 2]); // [N, 12, 12, FILTERS]
  return np.reshape(pooled, [x.shape[0], FEATURES]);
};
const logits = (p: Params, x: Tensor): Tensor => np.add(np.matmul(nn.relu(np.add(np.matmul(features(p, x), p.w1), p.b1)), p.w2), p.b2);
/** Mean softmax cross-entropy, and (as aux) how many of the batch were classified right. */
const loss = (p: Params, x: Tensor, y: Tensor): [Tensor, Tensor] => {
  const z = logits(p, x);
  const crossEntropy = np.negative(np.mean(np.sum(np.multiply(nn.logSoftmax(z), nn.oneHot(y, 10)), -1)));
  return [crossEntropy, np.sum(np.equal(np.argmax(z, -1), y))];
};
const parameterCount = Object.values(params).reduce((n, t) => n + t.size, 0);
console.log(`model: conv ${K}×${K}×${FILTERS} (ReLU) → max pool 2×2 → dense ${FEATURES} → ${HIDDEN} (ReLU) → 10, ${parameterCount} parameters`);

// 3. the optimizer and the jitted step
const EPOCHS = quick ? 2 : 5;
const BATCH = 100;
const stepsPerEpoch = Math.floor(nTrain / BATCH);
const schedule = optim.cosineDecaySchedule({ initValue: 5e-3, decaySteps: EPOCHS * stepsPerEpoch });
const opt = optim.adam(schedule);
let state = opt.init(params);
let traces = 0;
const step = (p: Params, s: optim.OptState, x: Tensor, y: Tensor) => {
  traces++;
  const [[value, correct], grads] = valueAndGrad(loss, { hasAux: true })(p, x, y);
  const [updates, next] = opt.update(grads, s, p);
  return [optim.applyUpdates(p, updates), next, value, correct] as [Params, optim.OptState, Tensor, Tensor];
};
const trainStep = jit(step);
const predict = jit((p: Params, x: Tensor) => np.argmax(logits(p, x), -1));
// what the step's program does with the convolution: the forward one and the kernel's gradient
const program = makeJaxpr(step)(params, state, trainX.slice([0, BATCH]), trainY.slice([0, BATCH]));
traces = 0;
const primitives = program.jaxpr.eqns.map((e) => e.primitive.name);
const count = (name: string) => primitives.filter((p) => p === name).length;
console.log(
  `the step's program: ${primitives.length} equations, ${count("conv_general_dilated")} conv_general_dilated ` +
    `(forward, kernel gradient), ${count("reduce_window_max")} reduce_window_max, ${count("select_and_scatter_add")} select_and_scatter_add`,
);
console.log(`adam, cosine decay from 5e-3 over ${EPOCHS} epochs × ${stepsPerEpoch} steps of ${BATCH}\n`);

// 4. training: minibatches reshuffled each epoch, a progress bar on a terminal
const run = train({ digits, epochs: EPOCHS, batch: BATCH, params, state, trainStep, predict });
[params, state] = [run.params, run.state];
const { stepLosses, epochs } = run;

// 5. evaluation: accuracy overall and per digit
const { accuracy: testAccuracy } = evaluate(predict(params, testX), testY);

// 6. pictures: the training curves, and the learned 5×5 filters
const curves: TopLevelSpec = {
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  title: `MNIST CNN: training loss and accuracy (${EPOCHS} epochs)`,
  hconcat: [
    {
      name: "loss",
      width: 360,
      height: 220,
      data: { values: stepLosses.map((value, i) => ({ step: i + 1, loss: value })) },
      mark: { type: "line", opacity: 0.6 },
      encoding: {
        x: { field: "step", type: "quantitative", title: "step" },
        y: { field: "loss", type: "quantitative", title: "cross-entropy (log scale)", scale: { type: "log" } },
      },
    },
    {
      name: "accuracy",
      width: 260,
      height: 220,
      data: { values: epochs.flatMap((e) => [{ epoch: e.epoch, set: "train", accuracy: e.train }, { epoch: e.epoch, set: "test", accuracy: e.test }]) },
      mark: { type: "line", point: true },
      encoding: {
        x: { field: "epoch", type: "quantitative", axis: { tickMinStep: 1 } },
        y: { field: "accuracy", type: "quantitative", scale: { zero: false }, axis: { format: ".0%" } },
        color: { field: "set", type: "nominal", title: null },
      },
    },
  ],
};
const weights = Array.from(params.kernel.toTypedArray()); // [5, 5, 1, FILTERS], HWIO
const filterCells = weights.map((v, i) => {
  const [row, col, filter] = [Math.floor(i / (K * FILTERS)), Math.floor(i / FILTERS) % K, i % FILTERS];
  return { x: (filter % 8) * (K + 1) + col, y: Math.floor(filter / 8) * (K + 1) + row, v };
});
const filterRows = Math.ceil(FILTERS / 8);
const filtersPicture: TopLevelSpec = {
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  title: `the ${FILTERS} learned 5×5 filters (blue negative, red positive)`,
  config: { aria: false, view: { stroke: null } },
  width: 8 * (K + 1) * 12,
  height: filterRows * (K + 1) * 12,
  data: { values: filterCells },
  transform: [{ calculate: "datum.x + 1", as: "x2" }, { calculate: "datum.y + 1", as: "y2" }],
  mark: { type: "rect", name: "weights" } as never,
  encoding: {
    x: { field: "x", type: "quantitative", scale: { domain: [0, 8 * (K + 1)] }, axis: null },
    x2: { field: "x2" },
    y: { field: "y", type: "quantitative", scale: { domain: [0, filterRows * (K + 1)], reverse: true }, axis: null },
    y2: { field: "y2" },
    color: { field: "v", type: "quantitative", scale: { scheme: "redblue", reverse: true, domainMid: 0 }, legend: null },
  },
};
const curvesSvg = await renderVegaLite(curves);
const filtersSvg = await renderVegaLite(filtersPicture);
console.log(`\nwrote ${saveSvg("44_mnist_cnn_curves.svg", curvesSvg)} and ${saveSvg("44_mnist_cnn_filters.svg", filtersSvg)}`);

// 7. checks
const target = quick ? 0.8 : 0.95;
const checks: Check[] = [
  { what: `test accuracy above ${100 * target}%`, ok: testAccuracy > target, detail: `got ${testAccuracy}` },
  { what: "the loss fell: last epoch's mean below half the first step's", ok: epochs[EPOCHS - 1].loss < stepLosses[0] / 2, detail: `${epochs[EPOCHS - 1].loss} vs ${stepLosses[0]}` },
  { what: "test accuracy rose from the first epoch to the last", ok: epochs[EPOCHS - 1].test > epochs[0].test, detail: epochs.map((e) => e.test).join(", ") },
  { what: "the training step was traced once for all steps", ok: traces === 1, detail: `traced ${traces} times` },
  { what: "the step's program convolves twice (forward, kernel gradient) and scatters the pooling's gradient", ok: count("conv_general_dilated") === 2 && count("select_and_scatter_add") === 1, detail: primitives.join(" ") },
  ...svgCheck("the curves", curvesSvg, (doc) => [
    ["one loss line", vegaMarks(doc, "line", "loss").length === 1],
    ["two accuracy lines (train, test) with a point per epoch", vegaMarks(doc, "line", "accuracy").length === 2 && vegaMarks(doc, "symbol").length === 2 * EPOCHS],
  ]),
  ...svgCheck("the filters", filtersSvg, (doc) => [[`${weights.length} weight rects`, vegaMarks(doc, "rect").length === weights.length]]),
];
verify(checks);
