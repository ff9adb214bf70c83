/**
 * `toDot`: a jaxpr as Graphviz text. Inputs and constants are boxes,
 * equations are ellipses named by their primitive, edges follow the data.
 *
 * @example
 * toDot(makeJaxpr((x) => np.sin(x))(1)) // "digraph jaxpr { ... }"
 */
import { ClosedJaxpr, Lit, Var } from "./jaxpr.ts";
import { formatAval, formatLiteral, Names } from "./print.ts";
import { instanceOrThrow } from "../core/convert.ts";

/**
 * Graphviz `digraph` text of a closed jaxpr (render it with `dot -Tsvg` or `@viz-js/viz`).
 *
 * @example
 * import { grad, makeJaxpr, np, toDot, type Tensor } from "tracegrad";
 * const text = toDot(makeJaxpr(grad((x: Tensor) => np.sum(np.tanh(x))))(np.ones([3]))); // "digraph jaxpr { ... }"
 */
export function toDot(closed: ClosedJaxpr): string {
  instanceOrThrow("toDot", closed, ClosedJaxpr, "a ClosedJaxpr from makeJaxpr");
  const { jaxpr } = closed;
  const names = new Names();
  // Courier, not "monospace": Graphviz sizes boxes from built-in metrics it has for Courier (written to
  // SVG as "Courier,monospace"); for an unknown name it uses Times', and labels overflow their boxes
  const lines = ["digraph jaxpr {", "  rankdir=LR;", '  node [fontname="Courier"];'];
  const label = (v: Var) => `${names.name(v)}: ${formatAval(v.aval)}`;
  for (const v of jaxpr.constvars) lines.push(`  ${names.name(v)} [shape=box, style=dashed, label="${label(v)}"];`);
  for (const v of jaxpr.invars) lines.push(`  ${names.name(v)} [shape=box, label="${label(v)}"];`);
  let literals = 0;
  jaxpr.eqns.forEach((eqn, i) => {
    const node = `eqn${i}`;
    lines.push(`  ${node} [shape=ellipse, label="${eqn.primitive.name}"];`);
    for (const a of eqn.inputs) {
      if (a instanceof Lit) {
        const lit = `lit${literals++}`;
        lines.push(`  ${lit} [shape=plaintext, label="${formatLiteral(a.value, a.aval)}"];`, `  ${lit} -> ${node};`);
      } else {
        lines.push(`  ${names.name(a)} -> ${node};`);
      }
    }
    for (const v of eqn.outs) lines.push(`  ${names.name(v)} [shape=box, label="${label(v)}"];`, `  ${node} -> ${names.name(v)};`);
  });
  jaxpr.outs.forEach((a, i) => {
    lines.push(`  out${i} [shape=doublecircle, label="out ${i}"];`);
    if (a instanceof Var) lines.push(`  ${names.name(a)} -> out${i};`);
  });
  lines.push("}");
  return lines.join("\n");
}
