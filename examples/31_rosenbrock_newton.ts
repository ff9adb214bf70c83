/**
 * 31 · Rosenbrock: gradient descent and Newton's method with the Hessian
 * Notebook: none (DeZero steps 28-29)
 *
 * f(x, y) = 100(y - x²)² + (1 - x)², minimum 0 at (1, 1). DeZero step 28
 * runs gradient descent with lr = 0.001 from (0, 2); step 29 uses Newton's
 * method, which needs second derivatives: here `hessian` (forward over
 * reverse) and a 2×2 solve in plain JS. `jit(grad(f))` makes the 10,000
 * gradient steps cheap: the gradient is traced once and replayed.
 */
import { grad, hessian, jit, np, type Tensor } from "../lib/index.ts";
import { close, show, toStr, verify } from "./_show.ts";

const rosenbrock = (p: Tensor): Tensor => {
  const [x, y] = [p.slice(0), p.slice(1)];
  return np.add(np.multiply(100, np.square(np.subtract(y, np.square(x)))), np.square(np.subtract(1, x)));
};
const fmt = (p: Tensor) => (p.toArray() as number[]).map((v) => v.toFixed(12)).join(", ");

// step 28: gradient descent, lr = 0.001, 10,000 iterations as DeZero does
const gradient = jit(grad(rosenbrock));
let p: Tensor = np.array([0, 2]);
let beforeLast = p;
for (let i = 0; i < 10_000; i++) [beforeLast, p] = [p, np.subtract(p, np.multiply(0.001, gradient(p)))];
const gdDistance = np.sqrt(np.sum(np.square(np.subtract(p, 1)))).item();
show("gradient descent, lr 0.001, 10,000 iterations from (0, 2)", `(${fmt(p)})  |p - (1, 1)| = ${gdDistance.toExponential(3)}`);
// DeZero prints (x0, x1) before each update, so its last line is the point after 9,999 updates
const dezero = "0.99449622 0.98900063";
show("after 9,999 updates (DeZero's last printed line)", toStr(beforeLast), dezero);
// the same loop with the gradient written out by hand: ∇f = (-400x(y - x²) - 2(1 - x), 200(y - x²))
let [hx, hy] = [0, 2];
for (let i = 0; i < 10_000; i++) [hx, hy] = [hx - 0.001 * (-400 * hx * (hy - hx * hx) - 2 * (1 - hx)), hy - 0.001 * 200 * (hy - hx * hx)];

// step 29: Newton's method, p ← p - H⁻¹ ∇f, until |p - (1, 1)| < 1e-10
const solve2 = (H: number[][], g: number[]): number[] => {
  const det = H[0][0] * H[1][1] - H[0][1] * H[1][0];
  return [(H[1][1] * g[0] - H[0][1] * g[1]) / det, (H[0][0] * g[1] - H[1][0] * g[0]) / det];
};
let q: Tensor = np.array([0, 2]);
let newtonSteps = 0;
console.log("\nNewton's method from (0, 2):");
while (np.sqrt(np.sum(np.square(np.subtract(q, 1)))).item() >= 1e-10 && newtonSteps < 50) {
  const step = solve2(hessian(rosenbrock)(q).toArray() as number[][], grad(rosenbrock)(q).toArray() as number[]);
  q = np.subtract(q, step);
  newtonSteps++;
  console.log(`  iteration ${newtonSteps}: (${fmt(q)})  f = ${rosenbrock(q).item().toExponential(3)}`);
}
show(`Newton reaches (1, 1) within 1e-10 after`, `${newtonSteps} iterations`);

// the Hessian at (1.2, 1.0) beside its closed form [[1200x² - 400y + 2, -400x], [-400x, 200]]
const [x0, y0] = [1.2, 1.0];
const H = hessian(rosenbrock)(np.array([x0, y0]));
const closedForm = [
  [1200 * x0 * x0 - 400 * y0 + 2, -400 * x0],
  [-400 * x0, 200],
];
show("\nHessian at (1.2, 1.0)", toStr(H));
show("closed form [[1200x²-400y+2, -400x], [-400x, 200]]", toStr(np.array(closedForm)));

verify([
  close("gradient descent vs the hand-written gradient loop", p, [hx, hy], 1e-12),
  close("after 9,999 updates vs DeZero's printed digits", beforeLast, dezero, 5e-9),
  close("gradient descent ends near (1, 1)", p, [1, 1], 0.02),
  { what: "gradient descent is still short of (1, 1): the valley is flat", ok: gdDistance > 1e-4, detail: `distance ${gdDistance}` },
  close("Newton ends at (1, 1)", q, [1, 1], 1e-10),
  { what: "Newton needs only a handful of iterations (<= 10)", ok: newtonSteps <= 10, detail: `${newtonSteps} iterations` },
  close("Hessian at (1.2, 1.0) vs the closed form", H, closedForm, 1e-12),
  close("Hessian at (1.2, 1.0) = [[1330, -480], [-480, 200]]", H, [[1330, -480], [-480, 200]], 1e-12),
]);
