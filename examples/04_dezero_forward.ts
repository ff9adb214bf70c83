/**
 * 04 · DeZero steps 1-4: values, functions, composition, numerical diff
 * Notebook: 002_25cfe9ddf1240280 (steps 1-4)
 *
 * DeZero wraps an ndarray in a `Variable` and an operation in a `Function`
 * object. In tracegrad a value is an immutable `Tensor` and a function is a
 * plain function of tensors, so composing is just calling:
 * y = square(exp(square(x))), and dy/dx = 2e^{x²} · e^{x²} · 2x.
 */
import { grad, np, numericalGrad, Tensor } from "../lib/index.ts";
import { close, pyFloat, sameText, show, toStr, verify } from "./_show.ts";

// step 3's Square and Exp functions, and their composition A, B, C
const square = (x: Tensor): Tensor => np.square(x);
const exp = (x: Tensor): Tensor => np.exp(x);
const f = (x: Tensor): Tensor => square(exp(square(x)));

// step 1: a value; a 0-d float64 array prints like a Python float
const data = np.array(1.0);
show("step 1: print(x.data)", toStr(data), "1.0");

// step 2: Square of an integer array (np.array(10) is an integer array in numpy)
const y2 = square(np.array(10, { dtype: "int32" }));
show("step 2: type(y)", y2 instanceof Tensor ? "Tensor" : typeof y2, "<class '__main__.Variable'>");
show("step 2: print(y.data)", toStr(y2), "100");

// step 3: composition
const y3 = f(np.array(0.5));
show("step 3: C(B(A(0.5)))", toStr(y3), "1.648721270700128");

// step 4: numerical_diff with eps = 1e-4 is numericalGrad's central difference with that eps
const numericalDiff = (fn: (x: Tensor) => Tensor) => numericalGrad(fn, { eps: 1e-4 });
const x2 = numericalDiff(square)(0.5);
const dyNumeric = numericalDiff(f)(0.5);
const dyExact = grad(f)(0.5);
show("step 4: numerical_diff(Square(), 0.5)", pyFloat(x2.item()), "0.9999999999998899");
show("        grad(square)(0.5)", pyFloat(grad(square)(0.5).item()));
// (f(0.5001) - f(0.4999)) / 2e-4 divides the last bit of f by 2e-4: Node 20's
// Math.exp is not correctly rounded (1 ulp off at 0.24990001), numpy's and
// Deno's are, so the 13th digit on depends on the runtime. Deno prints the
// notebook's 3.2974426293330694 exactly; we print the 12 digits all agree on.
show("step 4: numerical_diff(f, 0.5), 12 digits", dyNumeric.item().toPrecision(12), "3.2974426293330694");
show("        grad(f)(0.5), exact", pyFloat(dyExact.item()), "3.297442541400256 (step 6's backprop)");

verify([
  sameText("step 1", toStr(data), "1.0"),
  sameText("step 2", toStr(y2), "100"),
  sameText("step 3", toStr(y3), "1.648721270700128"),
  sameText("step 4: numerical diff of square", pyFloat(x2.item()), "0.9999999999998899"),
  close("step 4: numerical diff of f (roundoff ~1e-12)", dyNumeric, 3.2974426293330694, 1e-11),
  sameText("grad(f)(0.5)", pyFloat(dyExact.item()), "3.297442541400256"),
  close("grad(square)(0.5) = 2x = 1", grad(square)(0.5), 1, 0),
  // the exact derivative and eps = 1e-4 differences differ by O(eps²) ≈ 1e-7
  close("grad vs numerical diff", dyExact, dyNumeric, 1e-6),
  close("grad vs closed form 4x·e^{2x²}", dyExact, 4 * 0.5 * Math.exp(2 * 0.25), 1e-15),
]);
