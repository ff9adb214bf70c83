/**
 * The README's list of functions by module ("## The array API", up to
 * "### Einsum") is the list of exports: every function and constant each
 * namespace exports is listed under it, and every name listed is exported.
 * The list of what JAX has that tracegrad still lacks names only functions
 * tracegrad does not export.
 *
 * How the README is read (keep to it when editing the list):
 * - a namespace's list is one paragraph (bullets allowed) whose first line
 *   starts with the namespace in backticks, an optional parenthesis, and a
 *   colon: "`np.linalg` (see "Linear algebra" below): `cholesky qr ...`";
 * - its names are the identifiers in backtick spans that hold only
 *   identifiers (`array asarray zeros`), outside parentheses; options,
 *   notes and code go in parentheses or in spans with punctuation;
 * - the list of what is lacking starts at the line "What JAX has that
 *   tracegrad still lacks"; each of its bullets starts with a namespace in
 *   backticks and a colon, and the first backtick span after that colon
 *   lists missing functions (named as tracegrad would name them); the rest
 *   of the bullet is prose.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as tracegrad from "../lib/index.ts";

const NAMESPACES: Record<string, object> = {
  np: tracegrad.np,
  "np.linalg": tracegrad.np.linalg,
  "np.fft": tracegrad.np.fft,
  nn: tracegrad.nn,
  "nn.initializers": tracegrad.nn.initializers,
  special: tracegrad.special,
  random: tracegrad.random,
  lax: tracegrad.lax,
  "lax.linalg": tracegrad.lax.linalg,
  scipyLinalg: tracegrad.scipyLinalg,
  tree: tracegrad.tree,
};
/** Exports that are namespaces listed on their own (np.linalg, nn.initializers, ...), not names in the parent's list. */
const NESTED = new Set(Object.keys(NAMESPACES).filter((n) => n.includes(".")));

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const start = readme.indexOf("\n## The array API\n");
const end = readme.indexOf("\n### Einsum\n", start);
const region = readme.slice(start, end);
const lackingAt = region.indexOf("\nWhat JAX has that tracegrad still lacks");
const lists = region.slice(0, lackingAt);
const lacking = region.slice(lackingAt);

const HEADER = /^`([A-Za-z.]+)`(?: \([^\n]*?\))?:/;
const NAME_LIST = /^[A-Za-z_$][\w$]*(?:\s+[A-Za-z_$][\w$]*)*$/;

/** The identifiers of the name-list spans of `text` outside parentheses. */
function listedNames(text: string): string[] {
  const names: string[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "`") {
      const close = text.indexOf("`", i + 1);
      const span = text.slice(i + 1, close);
      if (depth === 0 && NAME_LIST.test(span.trim())) names.push(...span.trim().split(/\s+/));
      i = close;
    } else if (ch === "(") depth++;
    else if (ch === ")") depth = Math.max(0, depth - 1);
  }
  return names;
}

/** Each namespace's paragraph in the lists. */
function paragraphs(): Map<string, string> {
  const out = new Map<string, string>();
  for (const paragraph of lists.split(/\n\s*\n/)) {
    const header = HEADER.exec(paragraph.trim());
    if (header === null) continue;
    expect(out.has(header[1]), `${header[1]} is listed in one paragraph`).toBe(false);
    out.set(header[1], paragraph.trim().slice(header[0].length));
  }
  return out;
}

const exportsOf = (ns: string) => Object.keys(NAMESPACES[ns]).filter((name) => !NESTED.has(`${ns}.${name}`));

describe("the README's functions by module", () => {
  const found = paragraphs();

  it("has a list for every namespace", () => {
    expect([...found.keys()].sort()).toEqual(Object.keys(NAMESPACES).sort());
  });

  for (const ns of Object.keys(NAMESPACES)) {
    it(`lists exactly what ${ns} exports`, () => {
      const listed = listedNames(found.get(ns) ?? "");
      const exported = exportsOf(ns);
      expect(exported.filter((name) => !listed.includes(name)), `exported by ${ns} but not listed`).toEqual([]);
      expect(listed.filter((name) => !exported.includes(name)), `listed under ${ns} but not exported`).toEqual([]);
      expect(listed.filter((name, i) => listed.indexOf(name) !== i), `listed twice under ${ns}`).toEqual([]);
    });
  }

  it("says what is lacking only of functions tracegrad does not export", () => {
    const bullets = lacking.split("\n- ").slice(1);
    expect(bullets.length).toBeGreaterThan(0);
    for (const bullet of bullets) {
      const header = /^`([A-Za-z.]+)`[^:]*:/.exec(bullet);
      expect(header, `a lacking bullet starts with a namespace: ${bullet.slice(0, 60)}`).not.toBeNull();
      const ns = header![1];
      expect(Object.keys(NAMESPACES), `a known namespace: ${ns}`).toContain(ns);
      const first = /`([^`]*)`/.exec(bullet.slice(header![0].length));
      expect(first, `${ns}'s lacking bullet lists missing functions first`).not.toBeNull();
      const missing = first![1].trim().split(/\s+/);
      const exported = exportsOf(ns);
      expect(missing.filter((name) => exported.includes(name)), `listed as lacking from ${ns} but exported`).toEqual([]);
    }
  });
});
