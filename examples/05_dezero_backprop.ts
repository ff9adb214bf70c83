/**
 * 05 · DeZero steps 5-9: backprop by hand, creator links, the backward loop, 0-d arrays
 * Notebook: 002_25cfe9ddf1240280 (steps 5-9)
 *
 * x → A=square → a → B=exp → b → C=square → y, and backward
 * dy/dx = A'(x) · B'(a) · C'(b) · 1. DeZero stores each function's input and
 * each variable's creator and grad in mutable fields. In tracegrad, `vjp`
 * returns a stage's output with its pullback (the stage's `backward`), and
 * `grad` traces the whole function into an immutable jaxpr and transposes it.
 */
import { grad, makeJaxpr, np, numericalGrad, vjp, TracegradError, type Tensor } from "../lib/index.ts";
import { close, pyFloat, sameText, show, toStr, verify } from "./_show.ts";

type Fn = (x: Tensor) => Tensor;
type Pullback = (cotangent: Tensor) => Tensor;
const square: Fn = (x) => np.square(x); // backward: gx = 2x · gy
const exp: Fn = (x) => np.exp(x); //       backward: gx = eˣ · gy
const f: Fn = (x) => square(exp(square(x)));
const notebookGrad = "3.297442541400256";

/** One stage of the forward pass: its output and its backward function (DeZero's Function). */
function stage(fn: Fn, input: Tensor): [Tensor, Pullback] {
  const [output, pullback] = vjp(fn, input);
  return [output, (gy) => pullback(gy)[0] as Tensor];
}

// step 6: forward stage by stage, then call the backward functions in reverse by hand
const x = np.array(0.5);
const [a, backA] = stage(square, x);
const [b, backB] = stage(exp, a);
const [y, backC] = stage(square, b);
const yGrad = np.onesLike(y); // y.grad = np.array(1.0)
const bGrad = backC(yGrad);
const aGrad = backB(bGrad);
const xGrad = backA(aGrad);
show("step 6: x.grad, backward by hand", toStr(xGrad), notebookGrad);

// step 7: the creator links are the jaxpr's equations: each one's input is the previous one's output
const { jaxpr } = makeJaxpr(f)(x);
console.log(`\nstep 7: the graph y.creator.input.creator... walks:\n${jaxpr}`);
const linked = jaxpr.eqns.every((eqn, i) => eqn.inputs[0] === (i === 0 ? jaxpr.invars[0] : jaxpr.eqns[i - 1].outs[0]));
show("step 7: b.grad = C.backward(y.grad)", toStr(bGrad), "2.568050833375483");
show("step 7: a.grad = B.backward(b.grad)", toStr(aGrad), "3.297442541400256");

// step 7: backward recursively (the last creator's backward, then recurse on the rest)…
const backwardRecursive = (pullbacks: readonly Pullback[], g: Tensor): Tensor =>
  pullbacks.length === 0 ? g : backwardRecursive(pullbacks.slice(0, -1), pullbacks[pullbacks.length - 1](g));
const recursed = backwardRecursive([backA, backB, backC], yGrad);
show("step 7: y.backward(), recursive", toStr(recursed), notebookGrad);
// step 8: …and as a loop: fold the pullbacks from the output back
const backwardLoop = (pullbacks: readonly Pullback[], g: Tensor): Tensor => pullbacks.reduceRight((gy, back) => back(gy), g);
const looped = backwardLoop([backA, backB, backC], yGrad);
show("step 8: the backward loop", toStr(looped), notebookGrad);
// …and all of it as one transform, nothing stored on the values
show("grad(f)(0.5)", toStr(grad(f)(x)), notebookGrad);
show("numericalGrad(f)(0.5), eps = 1e-6, to its 9 trustworthy digits", numericalGrad(f)(x).item().toPrecision(9));

// step 9: `grad` seeds the output cotangent with 1 (DeZero's np.ones_like(self.data)); an
// operation on a 0-d tensor gives a 0-d tensor, never a bare float, so no as_array is needed
const zeroD = [square(np.array(1.0)), grad(f)(0.5), grad(f)(np.array(0.5))];
show("step 9: shapes of square(array(1.0)), grad(f)(0.5), grad(f)(array(0.5))", zeroD.map((t) => `[${t.shape}]`).join(" "));
// DeZero's Variable raises TypeError on non-arrays; tracegrad takes numbers and rejects the rest
let rejected = "";
try {
  np.array("1.0" as unknown as number);
} catch (error) {
  if (error instanceof TracegradError) rejected = `${error.name}: ${error.message}`;
}
show('step 9: np.array("1.0")', rejected);

verify([
  sameText("step 6: x.grad", toStr(xGrad), notebookGrad),
  { what: "step 7: each equation consumes the previous one's output", ok: linked, detail: String(jaxpr) },
  sameText("step 7: primitives square, exp, square", jaxpr.eqns.map((e) => e.primitive.name).join(" "), "integer_pow exp integer_pow"),
  sameText("step 7: b.grad", toStr(bGrad), "2.568050833375483"),
  sameText("step 7: a.grad", toStr(aGrad), "3.297442541400256"),
  sameText("step 7: recursive", toStr(recursed), notebookGrad),
  sameText("step 8: loop", toStr(looped), notebookGrad),
  sameText("grad(f)", toStr(grad(f)(x)), notebookGrad),
  close("grad vs numericalGrad", grad(f)(x), numericalGrad(f)(x), 1e-8),
  close("b.grad = 2b", bGrad, np.multiply(2, b), 0),
  { what: "step 9: all 0-d tensors", ok: zeroD.every((t) => t.ndim === 0), detail: "" },
  { what: "step 9: a string is rejected with a TracegradError", ok: rejected.startsWith("ArgumentError"), detail: rejected },
  sameText("pyFloat agrees with toStr for a 0-d tensor", pyFloat(xGrad.item()), toStr(xGrad)),
]);
