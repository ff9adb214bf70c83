/**
 * The picture helpers of the examples (examples/_plots.ts): Vega-Lite and
 * Graphviz render to SVG without a DOM or a system install, and the checks
 * the examples rely on (well-formed XML, counted marks, graph nodes) accept
 * what they should and reject what they should.
 */
import { describe, expect, it } from "vitest";
import { grad, makeJaxpr, np, toDot, type Tensor } from "tracegrad";
import { graphvizGraph, parseSvg, pathPoints, renderDot, renderVegaLite, svgCheck, vegaMarks } from "../../examples/_plots.ts";

describe("SVG checks", () => {
  it("parseSvg accepts well-formed SVG and rejects malformed XML or another root", () => {
    expect(parseSvg('<svg xmlns="http://www.w3.org/2000/svg"><g><path d="M0,0L1,1"/></g></svg>').documentElement?.nodeName).toBe("svg");
    expect(() => parseSvg('<svg xmlns="http://www.w3.org/2000/svg"><g><path d="M0,0"></g></svg>')).toThrow(/not well-formed/);
    expect(() => parseSvg('<svg xmlns="http://www.w3.org/2000/svg"><g a=1/></svg>')).toThrow(/not well-formed/);
    expect(() => parseSvg("<html><body/></html>")).toThrow(/not <svg>/);
  });

  it("svgCheck reports a parse failure as one failed check, and each expectation otherwise", () => {
    expect(svgCheck("x", "<svg", () => [["never asked", true]])).toEqual([expect.objectContaining({ ok: false })]);
    const checks = svgCheck("x", '<svg xmlns="http://www.w3.org/2000/svg"/>', () => [["a", true], ["b", false]]);
    expect(checks.map((c) => c.ok)).toEqual([true, true, false]);
  });
});

describe("Vega-Lite renders headless to SVG", () => {
  it("a two-series line chart holds two line paths with a point per datum, found by the view's name", async () => {
    const values = [0, 1, 2, 3, 4].flatMap((x) => [{ x, y: x * x, s: "square" }, { x, y: 2 * x, s: "double" }]);
    const svg = await renderVegaLite({
      name: "curves",
      data: { values },
      mark: "line",
      encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" }, color: { field: "s", type: "nominal" } },
    });
    const doc = parseSvg(svg);
    const lines = vegaMarks(doc, "line", "curves");
    expect(lines.length).toBe(2);
    expect(lines.map(pathPoints)).toEqual([5, 5]);
    expect(vegaMarks(doc, "line", "other")).toEqual([]);
    expect(vegaMarks(doc, "rect")).toEqual([]);
  });

  it("rect and text marks: one element per datum", async () => {
    const svg = await renderVegaLite({
      layer: [
        { name: "cells", data: { values: [{ x: 0 }, { x: 1 }, { x: 2 }] }, mark: "rect", encoding: { x: { field: "x", type: "ordinal" } } },
        { name: "labels", data: { values: [{ t: "a" }, { t: "b" }] }, mark: "text", encoding: { text: { field: "t" }, y: { field: "t", type: "nominal" } } },
      ],
    });
    const doc = parseSvg(svg);
    expect(vegaMarks(doc, "rect", "cells").length).toBe(3);
    expect(vegaMarks(doc, "text", "labels").map((t) => t.textContent)).toEqual(["a", "b"]);
  });
});

describe("Graphviz in WebAssembly renders toDot", () => {
  it("the graph of grad(f) has a node per input, equation, value, literal and output", async () => {
    const f = (x: Tensor) => np.sum(np.tanh(np.multiply(x, x)));
    const closed = makeJaxpr(grad(f))(np.ones([3]));
    const graph = graphvizGraph(parseSvg(await renderDot(toDot(closed))));
    const { eqns, invars, outs } = closed.jaxpr;
    expect(graph.ellipses).toBe(eqns.length); // 7 equations
    expect(graph.doubleCircles).toBe(outs.length);
    expect(graph.nodes.length).toBe(invars.length + 2 * eqns.length + 1 + outs.length); // one literal (the 1.0 of 1 - tanh²)
    expect(graph.nodes).toContain("eqn0");
  });
});
