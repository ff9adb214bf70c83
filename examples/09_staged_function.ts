/**
 * 09 · The staged computation f(x, y) = (x + σ(y)) / (σ(x) + (x + y)²)
 * Notebook: 003_196c2696cc545ae5 (cells 5-6)
 *
 * The notebook writes the forward pass as seven named stages and backprops
 * through them by hand, adding (`+=`) the three contributions to dx because x
 * is used three times. Writing the same stages as one pure function, `grad`
 * does the bookkeeping: a variable used k times gets the sum of k cotangents.
 */
import { grad, jvp, makeJaxpr, nn, np, numericalGrad, valueAndGrad, type Tensor } from "../lib/index.ts";
import { close, pyFloat, sameText, show, verify } from "./_show.ts";

/** f with every use of x a separate argument, so each path's contribution can be seen. */
function stagedPaths(xNum: Tensor, xSig: Tensor, xSum: Tensor, y: Tensor): Tensor {
  const sigy = nn.sigmoid(y); //           (1)
  const num = np.add(xNum, sigy); //       (2)
  const sigx = nn.sigmoid(xSig); //        (3)
  const xpy = np.add(xSum, y); //          (4)
  const xpysqr = np.square(xpy); //        (5)
  const den = np.add(sigx, xpysqr); //     (6)
  const invden = np.divide(1, den); //     (7)
  return np.multiply(num, invden); //      f = num · invden
}
/** The notebook's f(x, y): the same stages, x feeding all three paths. */
const f = (x: Tensor, y: Tensor): Tensor => stagedPaths(x, x, x, y);

const [x, y] = [np.array(3.0), np.array(-4.0)];
const notebook = { f: "1.5456448841066441", dy: "1.5922327514838093" };
// the notebook's cell also computes dx but prints only dy; running that cell gives:
const notebookCellDx = "2.0595697955721652";

const [value, [dx, dy]] = valueAndGrad(f, { argnums: [0, 1] })(x, y) as [Tensor, Tensor[]];
show("f(3, -4)", pyFloat(value.item()), notebook.f);
show("dy", pyFloat(dy.item()), notebook.dy);
show("dx", pyFloat(dx.item()), `${notebookCellDx} (the cell's dx, not printed)`);

// the "+=": x's three uses each get a cotangent, and dx is their sum
const paths = grad(stagedPaths, { argnums: [0, 1, 2] })(x, x, x, y) as Tensor[];
const [viaNum, viaSigx, viaXpy] = paths.map((t) => t.item());
show("\ndx via num (dnum), via sigx ((1 - σ)σ·dsigx), via xpy (2·xpy·dxpysqr)", [viaNum, viaSigx, viaXpy].map(pyFloat).join(", "));
show("their sum, in the notebook's order (xpy, then sigx, then num)", pyFloat(viaXpy + viaSigx + viaNum));

// forward mode gives the same derivatives, one input direction per jvp
const dxByJvp = jvp(f, [x, y], [1.0, 0.0])[1];
const dyByJvp = jvp(f, [x, y], [0.0, 1.0])[1];
show("dx, dy by jvp", `${pyFloat(dxByJvp.item())}, ${pyFloat(dyByJvp.item())}`);
const [dxNumeric, dyNumeric] = numericalGrad(f, { argnums: [0, 1] })(x, y) as Tensor[];
show("dx, dy numerically", `${dxNumeric.item().toPrecision(9)}, ${dyNumeric.item().toPrecision(9)}`);

// the stages as tracegrad records them
console.log(`\nthe traced forward pass:\n${makeJaxpr(f)(x, y)}`);

verify([
  sameText("f(3, -4)", pyFloat(value.item()), notebook.f),
  sameText("dy", pyFloat(dy.item()), notebook.dy),
  sameText("dx (the notebook cell's value)", pyFloat(dx.item()), notebookCellDx),
  close("dx is the sum of the three paths", dx, viaNum + viaSigx + viaXpy, 1e-15),
  close("jvp agrees with grad", [dxByJvp.item(), dyByJvp.item()], [dx.item(), dy.item()], 1e-15),
  close("grad vs numericalGrad", [dx.item(), dy.item()], [dxNumeric.item(), dyNumeric.item()], 1e-8),
]);
