/**
 * 33 · Custom derivative rules and rematerialization
 * Notebook: none (JAX's custom_jvp, custom_vjp and checkpoint)
 *
 * - `customJvp`: log(1 + eˣ) written naively overflows to inf at x = 1000,
 *   and its derivative eˣ / (1 + eˣ) is inf/inf = NaN there. A custom rule
 *   gives the stable derivative σ(x); reverse mode transposes the rule.
 * - `customVjp`: gradient clipping, a rule with no forward counterpart.
 * - `checkpoint`: the linear program of `linearize` keeps the residuals the
 *   backward pass needs. Without checkpoint they are every intermediate
 *   (cos of each layer); with it, only the inputs: the backward pass
 *   recomputes the rest. The printed IRs show the constants (residuals)
 *   before the `;`.
 */
import { checkpoint, customJvp, customVjp, grad, jit, linearize, makeJaxpr, nn, np, vmap, type Tensor } from "../lib/index.ts";
import { close, show, toStr, verify } from "./_show.ts";

// customJvp: d softplus(x) = σ(x) dx, stable where the naive formula is not
const naiveSoftplus = (x: Tensor) => np.log(np.add(1, np.exp(x)));
const softplus = customJvp(naiveSoftplus, ([x]: Tensor[], [t]: Tensor[]) => [naiveSoftplus(x), np.multiply(t, nn.sigmoid(x))]);
const xs = np.array([-1000, -1, 0, 1, 1000]);
const naiveGrad = vmap(grad(naiveSoftplus))(xs);
const customGrad = vmap(grad(softplus))(xs);
show("d/dx log(1 + eˣ), naive", toStr(naiveGrad));
show("d/dx log(1 + eˣ), customJvp rule σ(x)", toStr(customGrad));
show("the same under jit", toStr(jit(vmap(grad(softplus)))(xs)));

// customVjp: the identity whose backward pass clips the cotangent to [-1, 1]
const clipGradient = customVjp((x: Tensor) => x, {
  fwd: (x: Tensor) => [x, null],
  bwd: (_residuals: unknown, ct: Tensor) => [np.clip(ct, -1, 1)],
});
const steep = (x: Tensor) => np.sum(np.multiply(clipGradient(x), np.array([0.5, 3, -7])));
const clipped = grad(steep)(np.zeros([3]));
show("grad of Σ c·x with the cotangent clipped to [-1, 1], c = [0.5, 3, -7]", toStr(clipped));

// checkpoint: the residuals of the linearized program
const layers = (x: Tensor) => np.sin(np.sin(np.sin(x)));
const x = np.array([0.1, 0.2]);
const [, plainJvp] = linearize((v: Tensor) => np.sum(layers(v)), x);
const [, rematJvp] = linearize((v: Tensor) => np.sum(checkpoint(layers)(v)), x);
const plainIr = makeJaxpr(plainJvp)(x);
const rematIr = makeJaxpr(rematJvp)(x);
console.log("linearized without checkpoint: residuals are the constants before ';'");
console.log(plainIr.toString());
console.log("linearized with checkpoint: one residual, the input; the rest is recomputed");
console.log(rematIr.toString());
const plainGrad = grad((v: Tensor) => np.sum(layers(v)))(x);
const rematGrad = grad((v: Tensor) => np.sum(checkpoint(layers)(v)))(x);
show("gradient without / with checkpoint", `${toStr(plainGrad)} / ${toStr(rematGrad)}`);
show("residuals without / with checkpoint", `${plainIr.jaxpr.constvars.length} / ${rematIr.jaxpr.constvars.length}`);

verify([
  close("the naive gradient is NaN at x = 1000", Number.isNaN(naiveGrad.slice(4).item()) ? 1 : 0, 1, 0),
  close("customJvp gives σ(x)", customGrad, nn.sigmoid(xs), 1e-15),
  close("customVjp clips the cotangent", clipped, [0.5, 1, -1], 0),
  close("checkpoint leaves the gradient unchanged", rematGrad, plainGrad, 1e-15),
  close("checkpoint keeps 1 residual instead of 3", [plainIr.jaxpr.constvars.length, rematIr.jaxpr.constvars.length], [3, 1], 0),
]);
