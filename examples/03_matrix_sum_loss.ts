/**
 * 03 · L = Σ σ(X·W) and its gradients dL/dX, dL/dW
 * Notebook: 001_55ca1dd2142dbc6c (all cells)
 *
 * With N = X·W and S = σ(N): dL/dN = σ'(N) (since dL/dS = 1), then
 * dL/dX = dL/dN · Wᵀ and dL/dW = Xᵀ · dL/dN. The notebook builds these by
 * hand with σ' from central differences (delta = 1e-3); `grad` with
 * argnums [0, 1] gives both exactly, in one backward pass.
 */
import { grad, nn, np, numericalGrad, valueAndGrad, type Tensor } from "../lib/index.ts";
import { close, pyFloat, sameText, show, toStr, verify } from "./_show.ts";

/** The notebook's matrix_forward_sum with σ = sigmoid: L = Σ σ(X·W). */
const loss = (X: Tensor, W: Tensor): Tensor => np.sum(nn.sigmoid(np.dot(X, W)));

/** The notebook's `deriv`: (f(x + delta) - f(x - delta)) / 2delta. */
const deriv = (f: (x: Tensor) => Tensor, x: Tensor, delta = 1e-3): Tensor =>
  np.divide(np.subtract(f(np.add(x, delta)), f(np.subtract(x, delta))), 2 * delta);

/** The notebook's matrix_backward_sum (dL/dX), and its closing note's dL/dW = Xᵀ · dS/dN. */
function backwardByHand(X: Tensor, W: Tensor): [Tensor, Tensor] {
  const dLdN = deriv(nn.sigmoid, np.dot(X, W)); // dL/dS = ones, times dS/dN
  return [np.dot(dLdN, np.transpose(W, [1, 0])), np.dot(np.transpose(X, [1, 0]), dLdN)];
}

// np.random.seed(42); X = np.random.randn(3, 3); W = np.random.randn(3, 2), to full precision
const X = np.array([
  [0.4967141530112327, -0.13826430117118466, 0.6476885381006925],
  [1.5230298564080254, -0.23415337472333597, -0.23413695694918055],
  [1.5792128155073915, 0.7674347291529088, -0.4694743859349521],
]);
const W = np.array([[0.5425600435859647, -0.46341769281246226], [-0.46572975357025687, 0.24196227156603412], [-1.913280244657798, -1.7249178325130328]]);
const notebook = {
  X: "[[ 0.49671415 -0.1382643   0.64768854]\n [ 1.52302986 -0.23415337 -0.23413696]\n [ 1.57921282  0.76743473 -0.46947439]]",
  W: "[[ 0.54256004 -0.46341769]\n [-0.46572975  0.24196227]\n [-1.91328024 -1.72491783]]",
  L: "3.067006496510426",
  dLdX: "[[ 0.03685663 -0.05665209 -0.6691846 ]\n [-0.02524588 -0.01606117 -0.72432314]\n [-0.027645   -0.0145585  -0.72786339]]",
  empirical: 0.0368797434000534,
  diff: -2.3113531009644195e-5,
};

const [L, [dLdX, dLdW]] = valueAndGrad(loss, { argnums: [0, 1] })(X, W) as [Tensor, Tensor[]];
const [dLdXByHand, dLdWByHand] = backwardByHand(X, W);
const [dLdXNumeric, dLdWNumeric] = numericalGrad(loss, { argnums: [0, 1] })(X, W) as Tensor[];
show("X", toStr(X), notebook.X);
show("W", toStr(W), notebook.W);
show("L", pyFloat(L.item()), notebook.L);
show("dL_dX, the notebook's matrix_backward_sum (delta = 1e-3)", toStr(dLdXByHand), notebook.dLdX);
show("dL_dX, exact by grad", toStr(dLdX));
show("dL_dX, numericalGrad (eps = 1e-6)", toStr(dLdXNumeric));
show("dL_dW, the notebook's note: dot(Xᵀ, dS_dN)", toStr(dLdWByHand));
show("dL_dW, exact by grad", toStr(dLdW));
show("dL_dW, numericalGrad (eps = 1e-6)", toStr(dLdWNumeric));

// the notebook's check of one entry: a forward difference with step 0.001 at X[0, 0]
const X1 = X.at(0, 0).add(0.001);
const empirical = (loss(X1, W).item() - loss(X, W).item()) / 0.001;
const diff = dLdXByHand.slice(0, 0).item() - empirical;
show("\ndl_dx = (L(X with X[0,0] + 0.001) - L(X)) / 0.001", pyFloat(empirical), pyFloat(notebook.empirical));
show("diff = matrix_backward_sum(X, W)[0][0] - dl_dx", pyFloat(diff), pyFloat(notebook.diff));
show("exact dL/dX[0,0] - dl_dx (the forward difference's O(h) error)", pyFloat(dLdX.slice(0, 0).item() - empirical));

// numpy's BLAS dot rounds X·W differently in the last bit (fused multiply-add),
// so L(X1) differs by one ulp (4.4e-16); divided by the step 0.001 that moves
// dl_dx by 4.4e-13. Running the notebook's code with plain float arithmetic
// gives exactly tracegrad's 0.03687974339960931.
const roundoff = 1e-12;
verify([
  sameText("X", toStr(X), notebook.X),
  sameText("W", toStr(W), notebook.W),
  sameText("L", pyFloat(L.item()), notebook.L),
  sameText("dL_dX by the notebook's method", toStr(dLdXByHand), notebook.dLdX),
  close("dL_dX: grad vs notebook (delta = 1e-3 errs by ~1e-8)", dLdX, notebook.dLdX, 1e-7),
  close("dL_dW: grad vs the notebook's formula", dLdW, dLdWByHand, 1e-7),
  close("dL_dX: grad vs numericalGrad", dLdX, dLdXNumeric, 1e-8),
  close("dL_dW: grad vs numericalGrad", dLdW, dLdWNumeric, 1e-8),
  close("dL_dX: grad of L alone (argnums 0) agrees", grad(loss)(X, W), dLdX, 0),
  close("dl_dx vs notebook", empirical, notebook.empirical, roundoff),
  close("diff vs notebook", diff, notebook.diff, roundoff),
  close("exact dL/dX[0,0] within the forward difference's error", dLdX.slice(0, 0), empirical, 1e-4),
]);
