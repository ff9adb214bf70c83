/**
 * 35 · A classifier: integer labels and dropout from a traced key in one jitted step
 * Notebook: none (issue 9's "done when")
 *
 * Three classes of points in the plane, drawn with `random.multivariateNormal`
 * (one mean and covariance per class), and a 2 → 32 → 3 network whose
 * weights `nn.initializers.orthogonal` draws. The loss is the softmax
 * cross-entropy written as numpy code: `logp.at(np.arange(n), labels).get()`
 * picks each row's log-probability of its integer label (numpy's advanced
 * indexing: one `gather`, whose gradient is one `scatter-add`), and the hidden
 * layer has inverted dropout whose mask comes from a key passed to the step.
 * `jit(valueAndGrad(loss))` traces that step once; every call draws a new
 * mask from the key it is given.
 *
 * Checks: the jitted value and gradient equal the eager ones bit for bit; the
 * gradient agrees with central differences (`checkGrads` from
 * `tracegrad/testing`, both modes, second order, at a fixed key); the
 * gradient in the logits is (softmax − one-hot)/n, as it should be; the
 * staged program holds one gather and one scatter-add.
 *
 * Printed numbers are rounded to 4 decimals: the log-softmax calls the
 * runtime's `Math.exp`/`Math.log`, which may differ in the last bit between
 * Node and Deno, so both print the same digits.
 */
import { grad, jit, makeJaxpr, nn, np, random, valueAndGrad, type Tensor } from "tracegrad";
import { checkGrads } from "tracegrad/testing";
import * as optim from "tracegrad/optim";
import { close, show, verify } from "./_show.ts";

type Params = { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor };
const CLASSES = 3;
const HIDDEN = 32;
const KEEP = 0.9;
const STEPS = 80;

// data: three Gaussian blobs, one mean and covariance per class; row i has label i mod 3
const MEANS = np.array([[-2, 0], [2, 0], [0, 2.5]]);
const COVS = np.array([[[1, 0.6], [0.6, 1]], [[1, -0.5], [-0.5, 1]], [[0.5, 0], [0, 1.5]]]);
const [trainKey, testKey, initKey, dropKey] = random.split(random.key(35), 4);
const blobs = (key: Tensor, perClass: number) => random.multivariateNormal(key, MEANS, COVS, [perClass, CLASSES]).reshape([perClass * CLASSES, 2]);
const x = blobs(trainKey, 60);
const labels = np.tile(np.arange(CLASSES), 60); // int32 [180]
const xTest = blobs(testKey, 100);
const labelsTest = np.tile(np.arange(CLASSES), 100);

const [k1, k2] = random.split(initKey);
let params: Params = {
  w1: nn.initializers.orthogonal(Math.SQRT2)(k1, [2, HIDDEN]),
  b1: np.zeros([HIDDEN]),
  w2: nn.initializers.orthogonal()(k2, [HIDDEN, CLASSES]),
  b2: np.zeros([CLASSES]),
};

/** The logits; with a key, inverted dropout on the hidden layer (units kept with probability KEEP, scaled by 1/KEEP). */
function logits(p: Params, inputs: Tensor, key?: Tensor): Tensor {
  let h = nn.relu(np.add(np.matmul(inputs, p.w1), p.b1));
  if (key !== undefined) h = np.where(random.bernoulli(key, KEEP, h.shape), np.divide(h, KEEP), 0);
  return np.add(np.matmul(h, p.w2), p.b2);
}

/** Softmax cross-entropy with integer labels: −mean over rows of log p[row, label]. */
function crossEntropy(z: Tensor, targets: Tensor): Tensor {
  const logp = nn.logSoftmax(z);
  return np.negative(np.mean(logp.at(np.arange(z.shape[0]), targets).get()));
}

const loss = (p: Params, key: Tensor, inputs: Tensor, targets: Tensor) => crossEntropy(logits(p, inputs, key), targets);

// one jitted step: the key is a traced argument, so one trace serves every mask
const opt = optim.adam(0.05);
let state = opt.init(params);
const step = jit((p: Params, s: optim.OptState, key: Tensor) => {
  const [value, grads] = valueAndGrad(loss)(p, key, x, labels);
  const [updates, next] = opt.update(grads, s, p);
  return [optim.applyUpdates(p, updates), next, value, grads] as const;
});

// before training: the step's gradient, jitted and eager, and against central differences
const firstKey = random.foldIn(dropKey, 0);
const [eagerValue, eagerGrads] = valueAndGrad(loss)(params, firstKey, x, labels);
const [, , jitValue, jitGrads] = step(params, state, firstKey);
let gradCheck = "ok";
try {
  checkGrads(loss, [params, firstKey, x, labels], { argnums: 0, order: 2 });
} catch (error) {
  gradCheck = (error as Error).message;
}
const staged = makeJaxpr(valueAndGrad(loss))(params, firstKey, x, labels).toString();
const count = (prim: string) => staged.split("\n").filter((line) => line.includes(` = ${prim} `) || line.includes(` = ${prim}[`)).length;

// the cross-entropy's own gradient: (softmax(z) − onehot(label)) / n
const z = logits(params, x);
const dz = grad(crossEntropy)(z, labels);
const expectedDz = np.divide(np.subtract(nn.softmax(z), nn.oneHot(labels, CLASSES)), x.shape[0]);

// training
const losses: number[] = [];
for (let t = 0; t < STEPS; t++) {
  const [p, s, value] = step(params, state, random.foldIn(dropKey, t));
  params = p;
  state = s;
  losses.push(value.item());
}

const accuracy = (inputs: Tensor, targets: Tensor) => np.mean(np.equal(np.argmax(logits(params, inputs), 1), targets).astype("float64")).item();
const trainAccuracy = accuracy(x, labels);
const testAccuracy = accuracy(xTest, labelsTest);

const classMeans = np.mean(x.reshape([60, CLASSES, 2]), 0).toArray() as number[][];
show("180 training points from random.multivariateNormal: each class's mean", classMeans.map(([a, b]) => `(${a.toFixed(4)}, ${b.toFixed(4)})`).join(" "));
show("the step's gradient: jit(valueAndGrad(loss)) vs eager, and checkGrads (order 2) against central differences", `loss ${eagerValue.item().toFixed(4)}, checkGrads ${gradCheck}`);
show("the staged value and gradient: gathers and scatter-adds", `${count("gather")} gather, ${count("scatter_add")} scatter_add`);
const shown = losses.map((_, t) => t).filter((t) => t % 10 === 0 || t === STEPS - 1);
show(`training loss by step (dropout keeps ${KEEP} of the units, a new mask each step)`, shown.map((t) => `${t}: ${losses[t].toFixed(4)}`).join("\n"));
show("accuracy without dropout, train / test", `${(100 * trainAccuracy).toFixed(1)}% / ${(100 * testAccuracy).toFixed(1)}%`);

const leaves = (g: Params) => [g.w1, g.b1, g.w2, g.b2];
verify([
  close("jitted valueAndGrad equals eager, bit for bit (value)", jitValue, eagerValue, 0),
  ...leaves(jitGrads).map((g, i) => close(`jitted valueAndGrad equals eager, bit for bit (gradient ${["w1", "b1", "w2", "b2"][i]})`, g, leaves(eagerGrads)[i], 0)),
  close("checkGrads: jvp and vjp agree with central differences, to second order", gradCheck === "ok" ? 1 : 0, 1, 0),
  close("the gradient in the logits is (softmax − one-hot)/n", dz, expectedDz, 1e-17),
  close("the cross-entropy equals −mean Σ one-hot · log p", crossEntropy(z, labels), np.negative(np.mean(np.sum(np.multiply(nn.oneHot(labels, CLASSES), nn.logSoftmax(z)), 1))), 1e-15),
  close("one gather in the forward pass, one scatter-add in its gradient", [count("gather"), count("scatter_add")], [1, 1], 0),
  close("the step was traced once for every key", step.cacheSize(), 1, 0),
  close("the loss fell below a third of its start", losses[STEPS - 1] < losses[0] / 3 ? 1 : 0, 1, 0),
  close("test accuracy above 85% (the blobs overlap)", testAccuracy > 0.85 ? 1 : 0, 1, 0),
]);
