/**
 * 20 · Testing your gradients: checkGrads and property tests with fast-check
 *
 * `checkGrads` compares jvp and vjp with central differences along random
 * directions (to order 2 here) and names the leaf that disagrees; a wrong
 * customVjp shows what a failure looks like. Then two fast-check properties:
 * one over random tensors (`arbTensor`), one over random programs
 * (`arbProgramWithInputs`), whose counterexamples print as code.
 */
import fc from "fast-check";
import { customVjp, grad, nn, np, numericalGrad, type Tensor } from "tracegrad";
import { arbProgramWithInputs, arbShape, arbTensor, assertAllclose, checkGrads, GradMismatchError } from "tracegrad/testing";

// 1. a user function: a two-layer network's loss, its parameters a tree
type Params = { w1: Tensor; b1: Tensor; w2: Tensor };
const loss = (p: Params, x: Tensor, y: Tensor) => {
  const h = np.tanh(np.add(np.matmul(x, p.w1), p.b1));
  return np.mean(np.square(np.subtract(np.matmul(h, p.w2), y)));
};
const params: Params = {
  w1: np.array([[0.5, -0.2, 0.1], [0.3, 0.8, -0.6]]),
  b1: np.array([0.01, -0.02, 0.03]),
  w2: np.array([[0.7], [-0.4], [0.2]]),
};
const x = np.array([[1.0, 2.0], [-0.5, 0.3], [0.2, -1.1], [0.9, 0.4]]);
const y = np.array([[0.5], [-0.1], [0.3], [0.0]]);

checkGrads(loss, [params, x, y], { argnums: 0, order: 2 });
console.log("checkGrads(loss, [params, x, y], { argnums: 0, order: 2 }): jvp and vjp agree with central differences");

// 2. a wrong derivative: the bwd of this customVjp forgets the chain rule's factor 2·x
const square = customVjp((v: Tensor) => np.square(v), {
  fwd: (v: Tensor) => [np.square(v), v],
  bwd: (v: Tensor, ct: Tensor) => [np.multiply(ct, v)],
});
const badLoss = (p: Params) => np.sum(square(p.b1));
try {
  checkGrads(badLoss, [params], { modes: ["rev"] });
} catch (e) {
  if (!(e instanceof GradMismatchError)) throw e;
  console.log(`\nthe wrong customVjp is caught: path ${e.path}, mode ${e.mode}, order ${e.order}`);
  console.log(e.message.split("\n").slice(0, 4).join("\n"));
}

// 3. a property over random tensors: d/dx Σ softplus(x) = sigmoid(x)
fc.assert(
  fc.property(arbTensor({ shape: arbShape({ maxRank: 2 }), min: -30, max: 30 }), (v) => {
    assertAllclose(grad((t: Tensor) => np.sum(nn.softplus(t)))(v), nn.sigmoid(v), { rtol: 1e-12, atol: 1e-15 });
  }),
  { numRuns: 100, seed: 20 },
);
console.log("\nproperty: grad of Σ softplus(x) equals sigmoid(x), for 100 random tensors");

// 4. a property over random programs: grad agrees with numericalGrad
const programs = arbProgramWithInputs({ maxStatements: 6 });
fc.assert(
  fc.property(programs, ([program, inputs]) => {
    const argnums = inputs.map((_, i) => i);
    const analytic = grad(program.run, { argnums })(...inputs);
    const numeric = numericalGrad(program.run, { argnums })(...inputs);
    assertAllclose(analytic, numeric, { rtol: 1e-5, atol: 1e-6 });
  }),
  { numRuns: 50, seed: 20 },
);
console.log("property: grad equals numericalGrad for 50 random programs, such as");
const [[sample]] = fc.sample(programs, { numRuns: 1, seed: 15 });
console.log(sample.toString());
