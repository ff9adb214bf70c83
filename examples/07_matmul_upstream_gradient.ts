/**
 * 07 · A matrix product's backward pass with an upstream gradient
 * Notebook: 003_196c2696cc545ae5 (cells 1-3)
 *
 * For q = W·x and an upstream gradient g = dL/dq, the backward pass is
 * dL/dW = g·xᵀ and dL/dx = Wᵀ·g: the vjp of (W, x) ↦ W·x at cotangent g.
 * The notebook's g = [[.44], [.52]] is 2q: the gradient of L = Σ q², the
 * 0.116 it printed, so `grad` of that L gives the same two matrices.
 */
import { grad, np, numericalGrad, vjp, type Tensor } from "../lib/index.ts";
import { close, pyFloat, sameText, show, toStr, verify } from "./_show.ts";

const matmul = (w: Tensor, x: Tensor): Tensor => np.matmul(w, x);
/** L = Σ (W·x)², the notebook's dot[0][0]**2 + dot[1][0]**2. */
const sumOfSquares = (w: Tensor, x: Tensor): Tensor => np.sum(np.square(matmul(w, x)));
const pyShape = (t: Tensor): string => `(${t.shape.join(", ")})`;

const w = np.array([[0.1, 0.5], [-0.3, 0.8]]);
const x = np.array([[0.2], [0.4]]);
const g = np.array([[0.44], [0.52]]);

// cell 1: the forward product
const q = matmul(w, x);
show("b.ndim, b.shape", `${x.ndim} ${pyShape(x)}`, "2 (2, 1)");
show("np.matmul(a, b)", toStr(q), "[[0.22]\n [0.26]]");

// cell 2: L = Σ q². numpy's BLAS rounds the product with a fused multiply-add,
// so its q[0] is 0.22 where plain float arithmetic gives 0.22000000000000003,
// and L differs in the last bit
const L = sumOfSquares(w, x);
show("dot[0][0]**2 + dot[1][0]**2", pyFloat(L.item()), "0.11600000000000003");

// cell 3: pull the upstream g back through q = W·x
show("g.shape, x.shape, w.shape", [g, x, w].map(pyShape).join(" "), "(2, 1) (2, 1) (2, 2)");
const [, pullback] = vjp(matmul, w, x);
const [dW, dx] = pullback(g) as Tensor[];
show("wgb = dL/dW = g·xᵀ, by vjp", toStr(dW), "[[0.088 0.176]\n [0.104 0.208]]");
show("xgb = dL/dx = Wᵀ·g, by vjp", toStr(dx), "[[-0.112]\n [ 0.636]]");

// the same matrices as the gradient of L, and numerically
const [dWofL, dxOfL] = grad(sumOfSquares, { argnums: [0, 1] })(w, x) as Tensor[];
const [dWNumeric, dxNumeric] = numericalGrad(sumOfSquares, { argnums: [0, 1] })(w, x) as Tensor[];
show("\ngrad of L = Σ (W·x)² w.r.t. W", toStr(dWofL));
show("grad of L = Σ (W·x)² w.r.t. x", toStr(dxOfL));
show("numericalGrad of L w.r.t. W, x", `${toStr(dWNumeric)}\n${toStr(dxNumeric)}`);

verify([
  sameText("b.ndim, b.shape", `${x.ndim} ${pyShape(x)}`, "2 (2, 1)"),
  sameText("np.matmul(a, b)", toStr(q), "[[0.22]\n [0.26]]"),
  close("L vs notebook (to 2 ulps)", L, 0.11600000000000003, 5e-17),
  sameText("wgb", toStr(dW), "[[0.088 0.176]\n [0.104 0.208]]"),
  sameText("xgb", toStr(dx), "[[-0.112]\n [ 0.636]]"),
  close("wgb = g·xᵀ", dW, np.matmul(g, x.T), 0),
  close("xgb = Wᵀ·g", dx, np.matmul(w.T, g), 0),
  close("g = 2q: the upstream gradient of L (to rounding)", g, np.multiply(2, q), 1e-15),
  close("grad of L w.r.t. W = wgb (to rounding)", dWofL, dW, 1e-15),
  close("grad of L w.r.t. x = xgb (to rounding)", dxOfL, dx, 1e-15),
  close("grad vs numericalGrad, W", dWofL, dWNumeric, 1e-9),
  close("grad vs numericalGrad, x", dxOfL, dxNumeric, 1e-9),
]);
