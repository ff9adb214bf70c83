/**
 * 30 · Per-example gradients with vmap(grad)
 * Notebook: 000_0d1b996dbfc24c81 (cell 2), and a small logistic regression
 *
 * `grad` gives the gradient of one loss; `vmap(grad(loss))` gives one
 * gradient per example in a single vectorized call, with the parameters
 * shared (`inAxes: null`) and the data mapped (`inAxes: 0`). A JS loop of
 * `grad` over the examples is the reference. Then the notebook's chain rule
 * for square∘sigmoid, elementwise, is `vmap(grad(f))` over `arange(-3, 3, 0.8)`.
 */
import { grad, nn, np, random, vmap, type Tensor } from "../lib/index.ts";
import { close, show, toStr, verify } from "./_show.ts";

// a logistic-regression loss for ONE example: -log σ(±(w·x + b))
interface Params {
  readonly w: Tensor;
  readonly b: Tensor;
}
const loss = (p: Params, x: Tensor, y: Tensor): Tensor => {
  const logit = np.add(np.dot(p.w, x), p.b);
  return np.negative(nn.logSigmoid(np.multiply(np.subtract(np.multiply(2, y), 1), logit))); // y ∈ {0, 1}
};

const [kw, kx, ky] = random.split(random.key(0), 3);
const params: Params = { w: random.normal(kw, [3]), b: np.array(0.1) };
const xs = random.normal(kx, [5, 3]); // 5 examples, 3 features
const ys = np.greater(random.uniform(ky, [5]), 0.5).astype("float64");

// one call: a gradient tree whose leaves have a leading batch axis of 5
const perExample = vmap(grad(loss), { inAxes: [null, 0, 0] })(params, xs, ys) as Params;
show("per-example dL/dw (5 × 3)", toStr(perExample.w));
show("per-example dL/db (5)", toStr(perExample.b));

// the reference: a loop of grad
const looped = Array.from({ length: 5 }, (_, i) => grad(loss)(params, xs.slice(i), ys.slice(i)) as Params);
const loopW = np.stack(looped.map((g) => g.w));
const loopB = np.stack(looped.map((g) => g.b));

// the gradient of the mean loss is the mean of the per-example gradients
const meanLoss = (p: Params) => np.mean(vmap(loss, { inAxes: [null, 0, 0] })(p, xs, ys));
const full = grad(meanLoss)(params) as Params;
show("dL̄/dw, grad of the mean loss", toStr(full.w));
show("mean of the per-example dL/dw", toStr(np.mean(perExample.w, 0)));

// the closed form: dL/dw = (σ(w·x + b) - y)·x, dL/db = σ(w·x + b) - y
const residual = np.subtract(nn.sigmoid(np.add(np.matmul(xs, params.w), params.b)), ys);
show("closed form (σ(logit) - y)·x", toStr(np.multiply(residual.reshape([5, 1]), xs)));

// the notebook's chain rule, elementwise: d/dx σ(x)² at each input
const inputX = np.arange(-3, 3, 0.8);
const squareOfSigmoid = (x: Tensor) => np.square(nn.sigmoid(x));
const exact = vmap(grad(squareOfSigmoid))(inputX);
const notebook = "[0.00428509 0.01791525 0.06278086 0.1621365  0.27218603 0.28746967\n 0.20892382 0.11981735]";
show("\nvmap(grad(square∘sigmoid)) over arange(-3, 3, 0.8)", toStr(exact), notebook);
const s = nn.sigmoid(inputX);
const closedForm = np.multiply(np.multiply(2, s), np.multiply(s, np.subtract(1, s))); // 2σ · σ(1 - σ)
show("2σ·σ(1-σ)", toStr(closedForm));

verify([
  close("vmap(grad) dw vs a loop of grad", perExample.w, loopW, 1e-15),
  close("vmap(grad) db vs a loop of grad", perExample.b, loopB, 1e-15),
  close("grad of the mean = mean of per-example grads", full.w, np.mean(perExample.w, 0), 1e-15),
  close("per-example dw vs the closed form", perExample.w, np.multiply(residual.reshape([5, 1]), xs), 1e-15),
  close("per-example db vs the closed form", perExample.b, residual, 1e-15),
  // the notebook's central differences (dx = 1e-3) are off by O(dx²), and it prints 8 digits
  close("vmap(grad) vs the notebook's printed chain rule", exact, notebook, 1e-7),
  close("vmap(grad) vs 2σ·σ(1-σ)", exact, closedForm, 1e-16),
]);
