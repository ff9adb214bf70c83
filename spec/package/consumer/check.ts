// TypeScript under tsx and Deno, typechecked under strict: gradients come back with their argument's type.
import { grad, jit, np, valueAndGrad, type Tensor } from "tracegrad";
import { assertAllclose } from "tracegrad/testing";
import * as optim from "tracegrad/optim";

type Params = { w: Tensor; b: Tensor };
const loss = (p: Params, x: Tensor): Tensor => np.mean(np.square(np.add(np.matmul(x, p.w), p.b)));
const params: Params = { w: np.ones([3, 2]), b: np.zeros([2]) };
const x = np.array([[1, 2, 3], [-1, 0.5, 2]]);
const g: Params = grad(loss)(params, x);
const opt = optim.sgd(0.1);
const step = jit((p: Params, state: optim.OptState, batch: Tensor) => {
  const [value, grads] = valueAndGrad(loss)(p, batch);
  const [updates, next] = opt.update(grads, state, p);
  return [optim.applyUpdates(p, updates), next, value] as const;
});
const [next, , value] = step(params, opt.init(params), x);
assertAllclose(np.subtract(params.w, next.w), np.multiply(g.w, 0.1), { rtol: 1e-12 });
console.log(JSON.stringify({ gb: g.b.toArray(), loss: value.item() }));
