/**
 * Pictures for the examples (not part of the library): Vega-Lite charts
 * rendered to SVG by Vega's headless renderer (no DOM, no canvas, the same
 * under Node and Deno), Graphviz compiled to WebAssembly (`@viz-js/viz`)
 * for `toDot` graphs, and checks that an SVG is well-formed XML holding the
 * marks it should. The SVGs go to `examples/out/` (git-ignored).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { DOMParser, type Document, type Element } from "@xmldom/xmldom";
import { instance as vizInstance } from "@viz-js/viz";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { Check } from "./_show.ts";

export type { TopLevelSpec };

/** Where the examples write their pictures: `examples/out/`, beside this file. */
export const OUT_DIR = new URL("./out/", import.meta.url);

/** Renders a Vega-Lite spec to SVG text with Vega's headless SVG renderer. */
export async function renderVegaLite(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none", logLevel: vega.Warn });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders Graphviz DOT text (e.g. `toDot(makeJaxpr(f)(x))`) to SVG with Graphviz in WebAssembly. */
export async function renderDot(dot: string): Promise<string> {
  const viz = await vizInstance();
  return viz.renderString(dot, { format: "svg", engine: "dot" });
}

/** Writes `svg` to `examples/out/<name>` and returns the path relative to the repository root. */
export function saveSvg(name: string, svg: string): string {
  // not { recursive: true }: that stats the folder, which Deno would need --allow-read for
  try {
    mkdirSync(OUT_DIR);
  } catch (error) {
    if ((error as { code?: string }).code !== "EEXIST") throw error;
  }
  writeFileSync(new URL(name, OUT_DIR), svg);
  return `examples/out/${name}`;
}

// checking pictures

/**
 * Parses SVG text as XML; throws on anything xmldom reports through onError,
 * warnings included (an unquoted attribute is only a warning to it).
 */
export function parseSvg(svg: string): Document {
  const doc = new DOMParser({
    onError: (level, message) => {
      throw new Error(`the SVG is not well-formed XML (${level}): ${message}`);
    },
  }).parseFromString(svg, "image/svg+xml");
  if (doc.documentElement?.nodeName !== "svg") throw new Error(`the document's root is <${doc.documentElement?.nodeName}>, not <svg>`);
  return doc;
}

const elements = (root: Document | Element, tag: string): Element[] => Array.from(root.getElementsByTagName(tag));

const classes = (e: Element): string[] => (e.getAttribute("class") ?? "").split(/\s+/);

/**
 * The mark elements Vega drew for marks of `type` ("line", "rect", "symbol",
 * "text", "area", ...), optionally only those of the Vega-Lite view named
 * `name` (a unit or layer spec's `name`, which Vega's SVG carries as the
 * class `NAME_marks`): the children of each `<g class="mark-TYPE role-mark">`.
 */
export function vegaMarks(doc: Document, type: string, name?: string): Element[] {
  return elements(doc, "g")
    .filter((g) => classes(g).includes(`mark-${type}`) && classes(g).includes("role-mark"))
    .filter((g) => name === undefined || classes(g).includes(`${name}_marks`))
    .flatMap((g) => Array.from(g.childNodes).filter((n): n is Element => n.nodeType === 1));
}

/** The number of points in an SVG path's `d` (its move-to and line-to commands). */
export const pathPoints = (path: Element): number => (path.getAttribute("d")?.match(/[ML]/g) ?? []).length;

/** The text of every `<text>` element under `root`. */
export const texts = (root: Document | Element): string[] => elements(root, "text").map((t) => t.textContent ?? "");

/**
 * Graphviz's nodes and edges (`<g class="node">`, `<g class="edge">`), with
 * the node titles, how many nodes are ellipses (one `<ellipse>`) and how
 * many double circles (two).
 */
export function graphvizGraph(doc: Document): { nodes: string[]; edges: number; ellipses: number; doubleCircles: number } {
  const groups = elements(doc, "g");
  const nodes = groups.filter((g) => classes(g).includes("node"));
  const ellipseCount = (g: Element) => elements(g, "ellipse").length;
  return {
    nodes: nodes.map((g) => elements(g, "title")[0]?.textContent ?? ""),
    edges: groups.filter((g) => classes(g).includes("edge")).length,
    ellipses: nodes.filter((g) => ellipseCount(g) === 1).length,
    doubleCircles: nodes.filter((g) => ellipseCount(g) === 2).length,
  };
}

/** A check that `svg` parses, then the `expectations` on the parsed document (each a what and an ok). */
export function svgCheck(what: string, svg: string, expectations: (doc: Document) => [string, boolean][]): Check[] {
  let doc: Document;
  try {
    doc = parseSvg(svg);
  } catch (error) {
    return [{ what: `${what} is well-formed SVG`, ok: false, detail: String(error) }];
  }
  return [
    { what: `${what} is well-formed SVG`, ok: true, detail: "" },
    ...expectations(doc).map(([detail, ok]) => ({ what: `${what}: ${detail}`, ok, detail })),
  ];
}
