/**
 * 08 · A sigmoid neuron's gradients, and a multiply gate
 * Notebook: 003_196c2696cc545ae5 (cells 4, 7, 8)
 *
 * f(w, x) = σ(w₀x₀ + w₁x₁ + w₂). With σ' = (1 - σ)σ, the notebook's "ddot":
 * ∂f/∂xᵢ = wᵢ · ddot and ∂f/∂wᵢ = xᵢ · ddot (and ∂f/∂w₂ = 1 · ddot).
 * `grad` with argnums [0, 1] returns both in one call.
 */
import { grad, jvp, nn, np, numericalGrad, vjp, type Tensor } from "../lib/index.ts";
import { close, pyFloat, pyList, sameText, show, verify } from "./_show.ts";

/** The neuron: σ(w[0:2] · x + w[2]), the last weight a bias. */
const neuron = (w: Tensor, x: Tensor): Tensor => nn.sigmoid(np.add(np.dot(w.slice([0, 2]), x), w.slice(2)));

const w = np.array([2, -3, -3]);
const x = np.array([-1, -2]);
const notebook = { dx: "[0.3932238664829637, -0.5898357997244456]", dw: "[-0.19661193324148185, -0.3932238664829637, 0.19661193324148185]" };

const [dw, dx] = grad(neuron, { argnums: [0, 1] })(w, x) as Tensor[];
const asList = (t: Tensor): number[] => t.toArray() as number[];
show("f = σ(w·x + b), the forward pass", pyFloat(neuron(w, x).item()));
show("dx", pyList(asList(dx)), notebook.dx);
show("dw", pyList(asList(dw)), notebook.dw);

const [dwNumeric, dxNumeric] = numericalGrad(neuron, { argnums: [0, 1] })(w, x) as Tensor[];
// central differences (eps = 1e-6) are good to about 9 digits, so that many are shown
const nineDigits = (t: Tensor): string => asList(t).map((v) => v.toPrecision(9)).join(" ");
show("dx, numerically", nineDigits(dxNumeric));
show("dw, numerically", nineDigits(dwNumeric));

// forward mode: one jvp per input direction gives one entry of dx at a time
const dxByJvp = [0, 1].map((i) => jvp((v: Tensor) => neuron(w, v), [x], [np.eye(2).slice(i)])[1].item());
show("dx, by two jvps", pyList(dxByJvp));

// cell 7's MultiplyGate: z = x·y with backward dx = y·dz, dy = x·dz. (Its
// backward lacks `self` and reads globals, so it cannot run as written.)
// The vjp of multiply is that backward, with nothing stored on an object.
const [z, multiplyBack] = vjp((a: Tensor, b: Tensor) => np.multiply(a, b), np.array(3), np.array(-4));
const [dzdx, dzdy] = multiplyBack(np.array(2)) as Tensor[];
show("\nMultiplyGate at x = 3, y = -4, dz = 2: z, dx = y·dz, dy = x·dz", `${z.item()} ${dzdx.item()} ${dzdy.item()}`);

// cell 8's Neuron writes firing_rate = 1/1 + math.exp(-s), which by precedence
// is 1 + e^-s, not σ(s) = 1/(1 + e^-s); with nn.sigmoid there is no such slip
const s = 1; // w·x + b above
show("Neuron's 1/1 + exp(-s) vs σ(s) at s = 1", `${pyFloat(1 / 1 + Math.exp(-s))} vs ${pyFloat(nn.sigmoid(s).item())}`);

verify([
  sameText("dx", pyList(asList(dx)), notebook.dx),
  sameText("dw", pyList(asList(dw)), notebook.dw),
  close("dx: grad vs numericalGrad", dx, dxNumeric, 1e-9),
  close("dw: grad vs numericalGrad", dw, dwNumeric, 1e-9),
  close("dx: grad vs jvp", dx, dxByJvp, 1e-16),
  close("ddot = (1 - σ)σ, dw = [x0, x1, 1]·ddot", dw, np.multiply([-1, -2, 1], (1 - nn.sigmoid(1).item()) * nn.sigmoid(1).item()), 1e-16),
  close("MultiplyGate: [z, dx, dy]", [z.item(), dzdx.item(), dzdy.item()], [-12, -8, 6], 0),
]);
