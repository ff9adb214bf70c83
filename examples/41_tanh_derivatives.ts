/**
 * 41 · tanh and its first four derivatives: nested grad, vmapped, plotted
 * Notebook: none (the figure of JAX's and Autograd's READMEs)
 *
 * `grad` of a scalar function is again a scalar function, so it nests:
 * `grad(grad(grad(grad(np.tanh))))` is the fourth derivative. `vmap` runs
 * each over 201 points of [-7, 7]. Each derivative is checked against its
 * closed form in t = tanh(x), and the size of each traced program is
 * printed: differentiation grows the IR. The five curves go to
 * examples/out/41_tanh_derivatives.svg (Vega-Lite, rendered headless).
 */
import { grad, jit, makeJaxpr, np, vmap, type Tensor } from "tracegrad";
import { pathPoints, renderVegaLite, saveSvg, svgCheck, vegaMarks, type TopLevelSpec } from "./_plots.ts";
import { close, verify, type Check } from "./_show.ts";

// the derivatives: each grad of the previous one
const orders: ((x: Tensor) => Tensor)[] = [np.tanh];
for (let k = 1; k <= 4; k++) orders.push(grad(orders[k - 1]));
const names = ["tanh(x)", "1st derivative", "2nd derivative", "3rd derivative", "4th derivative"];

// their closed forms in t = tanh(x), from d/dx t = 1 - t²
const closedForms: ((t: number) => number)[] = [
  (t) => t,
  (t) => 1 - t * t,
  (t) => -2 * t * (1 - t * t),
  (t) => -2 * (1 - t * t) * (1 - 3 * t * t),
  (t) => 8 * t * (1 - t * t) * (2 - 3 * t * t),
];

const xs = np.linspace(-7, 7, 201);
const xList = Array.from(xs.toTypedArray() as Float64Array);
const curves = orders.map((f) => Array.from(jit(vmap(f))(xs).toTypedArray() as Float64Array));

console.log("order  equations in makeJaxpr  value at x = 0.5  closed form at 0.5");
const checks: Check[] = [];
orders.forEach((f, k) => {
  const equations = makeJaxpr(f)(0.5).jaxpr.eqns.length;
  const atHalf = f(np.array(0.5)).item();
  const expected = closedForms[k](Math.tanh(0.5));
  console.log(`${String(k).padStart(5)}  ${String(equations).padStart(21)}  ${atHalf.toFixed(12).padStart(16)}  ${expected.toFixed(12).padStart(16)}`);
  const reference = xList.map((x) => closedForms[k](Math.tanh(x)));
  checks.push(close(`${names[k]} on [-7, 7] equals its closed form`, curves[k], reference, 1e-12));
});

// the figure
const spec: TopLevelSpec = {
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  title: "tanh and its first four derivatives, by nested grad",
  width: 520,
  height: 300,
  data: { values: curves.flatMap((ys, k) => ys.map((y, i) => ({ x: xList[i], y, order: names[k] }))) },
  mark: { type: "line", strokeWidth: 2 },
  encoding: {
    x: { field: "x", type: "quantitative" },
    y: { field: "y", type: "quantitative", title: null },
    color: { field: "order", type: "nominal", sort: names, title: null },
  },
};
const svg = await renderVegaLite(spec);
console.log(`\nwrote ${saveSvg("41_tanh_derivatives.svg", svg)}`);

checks.push(
  ...svgCheck("the figure", svg, (doc) => [
    ["five curves of 201 points each", vegaMarks(doc, "line").length === 5 && vegaMarks(doc, "line").every((path) => pathPoints(path) === 201)],
    ["a legend naming the five", names.every((name) => svg.includes(`>${name}</text>`))],
  ]),
);
verify(checks);
