/**
 * 43 · The IR as a graph: a function's jaxpr beside its gradient's
 * Notebook: none
 *
 * `makeJaxpr` traces f(x) = Σ tanh(x²) and `grad(f)` into jaxprs; `toDot`
 * turns each into Graphviz text and Graphviz, compiled to WebAssembly
 * (`@viz-js/viz`, no system install), lays them out as SVG:
 * examples/out/43_jaxpr_f.svg and 43_jaxpr_grad_f.svg. Inputs and values
 * are boxes, equations ellipses, literals plain text, outputs double
 * circles. The checks count the drawn nodes and edges against the jaxprs.
 */
import { grad, Lit, makeJaxpr, np, toDot, Var, type ClosedJaxpr, type Tensor } from "tracegrad";
import { graphvizGraph, renderDot, saveSvg, svgCheck } from "./_plots.ts";
import { verify, type Check } from "./_show.ts";

const f = (x: Tensor) => np.sum(np.tanh(np.multiply(x, x)));
const x = np.ones([3]);
const programs: [string, string, ClosedJaxpr][] = [
  ["f", "43_jaxpr_f.svg", makeJaxpr(f)(x)],
  ["grad(f)", "43_jaxpr_grad_f.svg", makeJaxpr(grad(f))(x)],
];

/** What `toDot` draws for a jaxpr: a node per input, constant, equation, equation output, literal use and output; an edge per use and definition. */
function expectedGraph(closed: ClosedJaxpr) {
  const { jaxpr } = closed;
  const inputs = jaxpr.eqns.flatMap((e) => e.inputs);
  const literals = inputs.filter((a) => a instanceof Lit).length;
  const values = jaxpr.eqns.reduce((n, e) => n + e.outs.length, 0);
  return {
    nodes: jaxpr.constvars.length + jaxpr.invars.length + jaxpr.eqns.length + values + literals + jaxpr.outs.length,
    edges: inputs.length + values + jaxpr.outs.filter((a) => a instanceof Var).length,
    ellipses: jaxpr.eqns.length,
  };
}

const checks: Check[] = [];
for (const [name, file, closed] of programs) {
  console.log(`makeJaxpr(${name})(ones([3])):\n${closed.toString()}\n`);
  const svg = await renderDot(toDot(closed));
  const expected = expectedGraph(closed);
  console.log(`  drawn: ${expected.ellipses} equations as ellipses, ${expected.nodes} nodes and ${expected.edges} edges in all → ${saveSvg(file, svg)}\n`);
  checks.push(
    ...svgCheck(`the graph of ${name}`, svg, (doc) => {
      const graph = graphvizGraph(doc);
      return [
        [`${expected.nodes} nodes`, graph.nodes.length === expected.nodes],
        [`${expected.ellipses} equation ellipses`, graph.ellipses === expected.ellipses],
        [`${closed.jaxpr.outs.length} output double circles`, graph.doubleCircles === closed.jaxpr.outs.length],
        [`${expected.edges} edges`, graph.edges === expected.edges],
      ];
    }),
  );
}
verify(checks);
