// Plain JavaScript (no TypeScript runtime): the packed package's dist/ under Node and Deno.
import { grad, jit, np, vmap } from "tracegrad";
import { checkGrads } from "tracegrad/testing";
import * as optim from "tracegrad/optim";

const f = (x) => np.square(np.exp(np.square(x)));
const results = {
  grad: grad(f)(0.5).item(),
  jit: jit((x) => np.sum(np.sin(x)))(np.array([0, 1, 2])).item(),
  vmap: vmap((x) => np.dot(x, x))(np.ones([2, 3])).toArray(),
};
checkGrads((x) => np.sum(np.tanh(x)), [np.array([0.1, -0.7])], { order: 2 });
results.checkGrads = "passed";

const opt = optim.adam(0.1);
const params = { w: np.array([1, -2]) };
const state = opt.init(params);
const [updates] = opt.update(grad((p) => np.sum(np.square(p.w)))(params), state, params);
results.adam = optim.applyUpdates(params, updates).w.toArray();
console.log(JSON.stringify(results));
