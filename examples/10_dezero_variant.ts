/**
 * 10 · DeZero's steps again, and the loop-backward bug that cannot happen here
 * Notebook: 004_4e2e73deb7553d52 (all cells)
 *
 * The same Square/Exp graph as notebook 002, with numerical diff at 2.0.
 * Its loop backward tests `if self.creator is not None` where it means
 * `x.creator`: `self` is y, whose creator is always set, so after reaching
 * the input x (creator None) it appends None and the next pop fails with
 * "'NoneType' object has no attribute 'input'". tracegrad keeps no creator or
 * grad state on values: `grad` transposes a traced, immutable jaxpr, so there
 * is no hand-written walk over mutable nodes to get wrong.
 */
import { grad, np, numericalGrad, vjp, Tensor } from "../lib/index.ts";
import { close, pyFloat, sameText, show, toStr, verify } from "./_show.ts";

type Fn = (x: Tensor) => Tensor;
const square: Fn = (x) => np.square(x);
const exp: Fn = (x) => np.exp(x);
const f: Fn = (x) => square(exp(square(x)));
const notebookGrad = "3.297442541400256";

/** numerical_diff(f, x, eps = 1e-4): the central difference numericalGrad computes. */
const numericalDiff = (fn: Fn, x: number): number => numericalGrad(fn, { eps: 1e-4 })(x).item();

// numerical diff of square at 2.0: (2.0001² - 1.9999²) / 2e-4
const atTwo = numericalDiff(square, 2.0);
show("numerical_diff(Square(), 2.0)", pyFloat(atTwo), "4.000000000004");
// of the composite at 0.5; the 13th digit on depends on the runtime's Math.exp
// (Node 20's is 1 ulp off at 0.24990001), so 12 digits are printed, see example 04
const composite = numericalDiff(f, 0.5);
show("numerical_diff(f, 0.5), 12 digits", composite.toPrecision(12), "3.2974426293330694");

// backward by hand: each stage's vjp is its Function.backward
const x = np.array(0.5);
const [a, backA] = vjp(square, x);
const [b, backB] = vjp(exp, a);
const [y, backC] = vjp(square, b);
const bGrad = backC(np.array(1.0))[0] as Tensor;
const aGrad = backB(bGrad)[0] as Tensor;
const xGrad = backA(aGrad)[0] as Tensor;
show("\nx.grad, backward by hand", toStr(xGrad), notebookGrad);

// y.backward() with creator links, then print(type(y)), print(x.grad)
const xGradAuto = grad(f)(x);
show("type(y)", y instanceof Tensor ? "Tensor" : typeof y, "<class '__main__.Variable'>");
show("x.grad, y.backward() / grad(f)(0.5)", toStr(xGradAuto), notebookGrad);

// the last cell's SquareTest.test_forward: square(2.0) == 4.0
const forward = square(np.array(2.0));
show("test_forward: square(2.0), expected 4.0", toStr(forward));

verify([
  sameText("numerical_diff(Square(), 2.0)", pyFloat(atTwo), "4.000000000004"),
  close("numerical_diff(f, 0.5) (roundoff ~1e-12)", composite, 3.2974426293330694, 1e-11),
  sameText("backward by hand", toStr(xGrad), notebookGrad),
  sameText("grad(f)", toStr(xGradAuto), notebookGrad),
  close("grad(square)(2.0) = 4", grad(square)(2.0), 4, 0),
  close("grad vs numerical diff (O(eps²) apart)", xGradAuto, composite, 1e-6),
  close("test_forward", forward, 4.0, 0),
]);
