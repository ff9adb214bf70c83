/**
 * 02 · Two inputs through a function, matmul's backward pass, swapaxes
 * Notebook: 000_0d1b996dbfc24c81 (cells 3-5)
 *
 * σ(x + y) has ∂/∂x = ∂/∂y = σ'(x + y), since ∂(x + y)/∂x = 1. For N = X·W,
 * the vjp sends a cotangent N̄ to X̄ = N̄·Wᵀ: that is the notebook's
 * "dN/dX = Wᵀ". For one row x, the Jacobian ∂N/∂x is exactly Wᵀ.
 */
import { grad, nn, np, vjp, jvp, type Tensor } from "../lib/index.ts";
import { close, sameText, show, toStr, verify } from "./_show.ts";

type Fn = (x: Tensor) => Tensor;

/** The notebook's multiple_inputs_addition: σ(x + y). */
const throughSum = (sigma: Fn) => (x: Tensor, y: Tensor): Tensor => sigma(np.add(x, y));
/** The notebook's `derivative`, central differences with dx = 1e-3. */
const derivative = (f: Fn, x: Tensor, dx = 1e-3): Tensor =>
  np.divide(np.subtract(f(np.add(x, dx)), f(np.subtract(x, dx))), 2 * dx);

// cell 3: σ = np.sum on integer inputs, as in the notebook
const int32 = { dtype: "int32" } as const;
const [x, y] = [np.array([1, 2, 3, 4, 5], int32), np.array([3, 4, 5, 6, 7], int32)];
const total = throughSum(np.sum)(x, y);
show("multiple_inputs_addition(x, y, np.sum)", toStr(total), "40");

// gradients need floats. With σ = np.sum both are ones. (The notebook's unrun
// multiple_inputs_add_backward would say 5: `derivative(np.sum, a)` shifts
// every entry of a at once, which is right only for an elementwise σ.)
const [xf, yf] = [x.astype("float64"), y.astype("float64")];
const [dxSum, dySum] = grad(throughSum(np.sum), { argnums: [0, 1] })(xf, yf);
show("d/dx, d/dy of sum(x + y)", `${toStr(dxSum)}, ${toStr(dySum)}`);
const sumDerivativeByHand = derivative(np.sum, np.add(xf, yf));
show("the notebook's derivative(np.sum, x + y), 6 digits", sumDerivativeByHand.item().toPrecision(6));
// with an elementwise σ (sigmoid), pull back a cotangent of ones with vjp
const [, pullback] = vjp(throughSum(nn.sigmoid), xf, yf);
const [dxSig, dySig] = pullback(np.onesLike(xf)) as Tensor[];
const notebookMethod = derivative(nn.sigmoid, np.add(xf, yf)); // ds_da · da_dx with da_dx = 1
show("d/dx of sigmoid(x + y), by vjp", toStr(dxSig));
show("the notebook's multiple_inputs_add_backward with sigma = sigmoid", toStr(notebookMethod));

// cell 4 (not run in the notebook): matmul forward and backward, on notebook 001's X and W
const X = np.array([
  [0.4967141530112327, -0.13826430117118466, 0.6476885381006925],
  [1.5230298564080254, -0.23415337472333597, -0.23413695694918055],
  [1.5792128155073915, 0.7674347291529088, -0.4694743859349521],
]);
const W = np.array([[0.5425600435859647, -0.46341769281246226], [-0.46572975357025687, 0.24196227156603412], [-1.913280244657798, -1.7249178325130328]]);
show("\nmatmul_forward(X, W) = X·W", toStr(np.dot(X, W)));

// the Jacobian of n(x) = x·W for one row x: row i is the vjp of the i-th unit cotangent, column j the jvp of the j-th unit tangent
const row: Fn = (r) => np.dot(r, W);
const x0 = X.slice(0);
const [, rowPullback] = vjp(row, x0);
const jacobianByVjp = np.stack([0, 1].map((i) => (rowPullback(np.eye(2).slice(i)) as Tensor[])[0]));
const jacobianByJvp = np.stack([0, 1, 2].map((j) => jvp(row, [x0], [np.eye(3).slice(j)])[1]), 1);
show("matmul_backward_first(X, W) = Wᵀ", toStr(np.transpose(W, [1, 0])));
show("dN/dx for one row x of X, by vjp", toStr(jacobianByVjp));

// matrix_function_backward_1: X̄ = (σ'(N) ⊙ 1)·Wᵀ for S = σ(X·W) and a cotangent of ones
const [S, matmulPullback] = vjp((A: Tensor) => nn.sigmoid(np.dot(A, W)), X);
const dX = (matmulPullback(np.onesLike(S)) as Tensor[])[0];
const dXNotebook = np.dot(derivative(nn.sigmoid, np.dot(X, W)), np.transpose(W, [1, 0]));
show("matrix_function_backward_1(X, W, sigmoid), by vjp", toStr(dX));
show("  and by the notebook's formula dot(dS_dN, Wᵀ)", toStr(dXNotebook));

// cell 5: swapaxes of np.random.rand(3, 6) (unseeded, so its printed values are the input)
const rdText = "[[0.36040529 0.74915431 0.91171237 0.57924666 0.82155248 0.25016635]\n [0.85657514 0.72022414 0.78123028 0.64038329 0.93329273 0.05486043]\n [0.80934961 0.54389149 0.9552091  0.35741833 0.47891503 0.29096131]]";
const swappedText = "[[0.36040529 0.85657514 0.80934961]\n [0.74915431 0.72022414 0.54389149]\n [0.91171237 0.78123028 0.9552091 ]\n [0.57924666 0.64038329 0.35741833]\n [0.82155248 0.93329273 0.47891503]\n [0.25016635 0.05486043 0.29096131]]";
const rd = np.reshape(np.array(rdText.match(/[\d.]+/g)!.map(Number)), [3, 6]);
show("\nrd", toStr(rd), rdText);
show("np.swapaxes(rd, 1, 0)", toStr(np.swapaxes(rd, 1, 0)), swappedText);
show("np.swapaxes(rd, 0, 1)", toStr(np.swapaxes(rd, 0, 1)), swappedText);
// swapaxes is linear; its vjp swaps the cotangent back
const [swapped, swapPullback] = vjp((a: Tensor) => np.swapaxes(a, 0, 1), rd);

verify([
  sameText("sum of two inputs", toStr(total), "40"),
  close("d/dx, d/dy of sum(x + y) are ones", np.stack([dxSum, dySum]), np.ones([2, 5]), 0),
  close("derivative(np.sum, a) is their sum, 5", sumDerivativeByHand, 5, 1e-9),
  close("sigmoid(x + y): d/dx = d/dy", dxSig, dySig, 0),
  close("vjp vs the notebook's backward (dx = 1e-3)", dxSig, notebookMethod, 1e-6),
  close("dN/dx by vjp = Wᵀ", jacobianByVjp, W.T, 0),
  close("dN/dx by jvp = Wᵀ", jacobianByJvp, W.T, 0),
  close("matrix_function_backward_1: vjp vs notebook formula", dX, dXNotebook, 1e-6),
  sameText("rd", toStr(rd), rdText),
  sameText("swapaxes(rd, 1, 0)", toStr(np.swapaxes(rd, 1, 0)), swappedText),
  sameText("swapaxes(rd, 0, 1)", toStr(np.swapaxes(rd, 0, 1)), swappedText),
  close("vjp of swapaxes swaps back", (swapPullback(swapped) as Tensor[])[0], rd, 0),
]);
