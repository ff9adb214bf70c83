/**
 * 01 · The chain rule for two and three functions
 * Notebook: 000_0d1b996dbfc24c81 (cells 1-2)
 *
 * The notebook approximates each link's derivative by central differences
 * (dx = 1e-3) and multiplies them: (f2 ∘ f1)'(x) = f2'(f1(x)) · f1'(x).
 * tracegrad differentiates the composed function exactly instead: `grad` of
 * the sum, or `jvp` with a tangent of ones (each output depends only on its
 * own input, so both give the elementwise derivative).
 */
import { grad, jvp, nn, np, numericalGrad, type Tensor } from "../lib/index.ts";
import { close, sameText, show, toStr, verify } from "./_show.ts";

type Fn = (x: Tensor) => Tensor;

const sigmoid: Fn = (x) => nn.sigmoid(x); // σ(x) = 1 / (1 + e^-x)
const square: Fn = (x) => np.square(x);
const sqrt: Fn = (x) => np.sqrt(x);
const leakyRelu: Fn = (x) => np.maximum(np.multiply(0.2, x), x); // the notebook's max(0.2x, x)

/** A chain [f1, f2, …] is applied first to last: … f2(f1(x)). */
const compose = (chain: readonly Fn[]): Fn => (x) => chain.reduce((value, f) => f(value), x);

/** The notebook's `derivative`: (f(x + dx) - f(x - dx)) / 2dx. */
const derivative = (f: Fn, x: Tensor, dx = 1e-3): Tensor =>
  np.divide(np.subtract(f(np.add(x, dx)), f(np.subtract(x, dx))), 2 * dx);

/** The notebook's chain_derivative_n: f3'(f2(f1(x))) · f2'(f1(x)) · f1'(x), each link by `derivative`. */
function chainDerivative(chain: readonly Fn[], x: Tensor): Tensor {
  const inputs = chain.map((_, i) => compose(chain.slice(0, i))(x)); // x, f1(x), f2(f1(x)), …
  const links = chain.map((f, i) => derivative(f, inputs[i]));
  return links.reduceRight((product, link) => np.multiply(product, link)); // (f3' · f2') · f1', the notebook's order
}

/** The exact elementwise derivative, by reverse mode: ∂/∂xᵢ Σⱼ f(x)ⱼ = f'(xᵢ). */
const derivativeByGrad = (f: Fn): Fn => grad((x: Tensor) => np.sum(f(x)));
/** The same by forward mode: the jvp along a tangent of ones. */
const derivativeByJvp = (f: Fn): Fn => (x) => jvp(f, [x], [np.onesLike(x)])[1];
/** And numerically (central differences, eps = 1e-6), as an independent check. */
const derivativeNumerically = (f: Fn): Fn => numericalGrad((x: Tensor) => np.sum(f(x)));

// cell 1: chain_length_2([np.sqrt, np.square], [1, 2, 3, 4, 5])
const roundTrip = compose([sqrt, square])(np.array([1, 2, 3, 4, 5], { dtype: "int32" }));
show("sqrt then square of [1 2 3 4 5]", String(roundTrip), "array([1., 2., 3., 4., 5.])");

// cell 2: the chains over np.arange(-3, 3, 0.8)
const x = np.arange(-3, 3, 0.8);
show("\ninput_x = np.arange(-3, 3, 0.8)", toStr(x), "[-3.  -2.2 -1.4 -0.6  0.2  1.   1.8  2.6]");

const chain2 = [sigmoid, square]; // square(σ(x)):          d/dx = 2σ(x)·σ(x)(1 - σ(x))
const chain3 = [leakyRelu, sigmoid, square]; // square(σ(leaky(x))): the same times leaky'(x) ∈ {0.2, 1}
const notebook2 = "[0.00428509 0.01791525 0.06278086 0.1621365  0.27218603 0.28746967\n 0.20892382 0.11981735]";
const notebook3 = "[0.0324273  0.03733761 0.04221259 0.04683478 0.27218603 0.28746967\n 0.20892382 0.11981735]";

const checks = [
  sameText("sqrt then square", String(roundTrip), "array([1., 2., 3., 4., 5.])"),
  sameText("arange", toStr(x), "[-3.  -2.2 -1.4 -0.6  0.2  1.   1.8  2.6]"),
];
for (const [name, chain, notebook] of [["c2 = square∘sigmoid", chain2, notebook2], ["c3 = square∘sigmoid∘leaky_relu", chain3, notebook3]] as const) {
  const f = compose(chain);
  const exact = derivativeByGrad(f)(x);
  const byDifferences = chainDerivative(chain, x);
  show(`\n${name}: the notebook's method (central differences, dx = 1e-3)`, toStr(byDifferences), notebook);
  show(`${name}: exact, grad of the sum`, toStr(exact));
  show(`${name}: exact, jvp with tangent ones`, toStr(derivativeByJvp(f)(x)));
  show(`${name}: numericalGrad (eps = 1e-6)`, toStr(derivativeNumerically(f)(x)));
  checks.push(
    sameText(`${name} by the notebook's method`, toStr(byDifferences), notebook),
    // central differences with dx = 1e-3 are off by O(dx²) ≈ 1e-7 here
    close(`${name}: grad vs notebook`, exact, notebook, 1e-6),
    close(`${name}: grad vs jvp`, exact, derivativeByJvp(f)(x), 1e-15),
    close(`${name}: grad vs numericalGrad`, exact, derivativeNumerically(f)(x), 1e-8),
  );
}

// the notebook's max(0.2x, x) is nn.leakyRelu with negative slope 0.2, value and derivative
checks.push(
  close("max(0.2x, x) = nn.leakyRelu(x, 0.2)", leakyRelu(x), nn.leakyRelu(x, 0.2), 0),
  close("and so are their derivatives", derivativeByGrad(leakyRelu)(x), derivativeByGrad((v) => nn.leakyRelu(v, 0.2))(x), 0),
);
verify(checks);
