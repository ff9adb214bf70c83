/**
 * 32 · A recurrent cell unrolled with lax.scan, and its gradient
 * Notebook: none (a small RNN, the loop of the notebooks' chain rule made long)
 *
 * h_t = tanh(W h_{t-1} + U x_t + b), y_t = v · h_t, and the loss
 * L = Σ_t (y_t - target_t)². `lax.scan` runs the cell over the sequence as
 * one primitive (a loop jit and vmap can see); `grad` differentiates through
 * it (backpropagation through time) w.r.t. the parameter tree {W, U, b}.
 * Checks: central differences (`numericalGrad`), the same loop written in
 * JS, and `jit(grad(loss))`.
 */
import { grad, jit, lax, makeJaxpr, np, numericalGrad, random, valueAndGrad, type Tensor } from "../lib/index.ts";
import { close, show, toStr, verify } from "./_show.ts";

interface Params {
  readonly W: Tensor; // hidden × hidden
  readonly U: Tensor; // hidden × input
  readonly b: Tensor; // hidden
}
const [hidden, inputs, steps] = [3, 2, 6];
const [k1, k2, k3, k4, k5] = random.split(random.key(7), 5);
const params: Params = {
  W: np.multiply(0.5, random.normal(k1, [hidden, hidden])),
  U: np.multiply(0.5, random.normal(k2, [hidden, inputs])),
  b: np.multiply(0.1, random.normal(k3, [hidden])),
};
const v = np.array([1.0, -0.5, 0.25]); // the readout, fixed
const xs = random.normal(k4, [steps, inputs]); // the sequence, one row per step
const targets = np.sin(np.linspace(0, 2, steps)).add(np.multiply(0.1, random.normal(k5, [steps])));

/** One step of the cell: carry h, input x → new carry, output y. */
const cell = (p: Params) => (h: Tensor, x: Tensor): [Tensor, Tensor] => {
  const hNext = np.tanh(np.add(np.add(np.matmul(p.W, h), np.matmul(p.U, x)), p.b));
  return [hNext, np.dot(v, hNext)];
};

/** The loss with lax.scan: ys stacks the per-step outputs. */
const loss = (p: Params): Tensor => {
  const [, ys] = lax.scan(cell(p), np.zeros([hidden]), xs);
  return np.sum(np.square(np.subtract(ys, targets)));
};

/** The same loss with a JS loop (what scan replaces). */
const lossLoop = (p: Params): Tensor => {
  let h: Tensor = np.zeros([hidden]);
  let total: Tensor = np.array(0);
  for (let t = 0; t < steps; t++) {
    const [hNext, y] = cell(p)(h, xs.slice(t));
    h = hNext;
    total = np.add(total, np.square(np.subtract(y, targets.slice(t))));
  }
  return total;
};

const [value, g] = valueAndGrad(loss)(params) as [Tensor, Params];
show("loss over 6 steps", value.item().toFixed(12));
show("dL/dW", toStr(g.W));
show("dL/dU", toStr(g.U));
show("dL/db", toStr(g.b));

const numeric = numericalGrad(loss)(params) as Params;
const maxDiff = Math.max(...(["W", "U", "b"] as const).map((k) => np.max(np.abs(np.subtract(g[k], numeric[k]))).item()));
show("max |grad - numericalGrad| over W, U, b", maxDiff.toExponential(1));

const jitted = jit(grad(loss))(params) as Params;
const looped = grad(lossLoop)(params) as Params;
const eqns = makeJaxpr(loss)(params).jaxpr.eqns.map((e) => e.primitive.name);
show("the loss's jaxpr: one scan equation for the whole loop", eqns.join(" "));

verify([
  close("scan loss vs the JS loop", value, lossLoop(params), 1e-14),
  ...(["W", "U", "b"] as const).flatMap((k) => [
    close(`dL/d${k}: grad vs numericalGrad`, g[k], numeric[k], 1e-8),
    close(`dL/d${k}: jit(grad) vs grad`, jitted[k], g[k], 1e-14),
    close(`dL/d${k}: grad(scan) vs grad(JS loop)`, looped[k], g[k], 1e-14),
  ]),
  { what: "the staged loss holds one scan", ok: eqns.filter((n) => n === "scan").length === 1, detail: eqns.join(" ") },
]);
