/**
 * The API reference stays complete and its code stays true:
 *
 * - every public export (the entry points' names, and the members of `np`,
 *   `np.linalg`, `np.fft`, `nn`, `random`, `lax`, `tree`, `config`,
 *   `tracegrad/optim` and `tracegrad/testing`) has a doc comment;
 * - every public function and class has an `@example`, except the older
 *   ones listed in `EXAMPLES_TODO`, a list that may only shrink;
 * - every `@example` parses (with every public name imported), and one that
 *   imports what it uses typechecks under `strict`;
 * - the README's ```ts blocks typecheck under `strict` (fragments marked in
 *   the README get a preamble or are skipped, see `snippets.ts`), and the
 *   examples/ programs are part of `npm run typecheck` (strict).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BIN, ROOT, run } from "../package/project.ts";
import { buildDocIndex, type DocEntry } from "./docIndex.ts";
import { diagnosticsByFile, exampleSnippet, isSyntaxError, readmeSnippets, writeSnippets, type Snippet } from "./snippets.ts";

/** Functions and classes that had no `@example` when this check began (none left): add one and remove the name here. */
const EXAMPLES_TODO = new Set<string>([]);

const GENERATED = join(ROOT, "spec", "docs", ".generated");

let entries: DocEntry[];
let snippets: Snippet[];
let diagnostics: Map<string, { line: number; code: number; message: string }[]>;

beforeAll(async () => {
  ({ entries } = await buildDocIndex());
  const examples = entries.flatMap((e) => e.examples.map((text, i) => exampleSnippet(e.path, e.location ?? "?", i, text)));
  snippets = [...readmeSnippets(readFileSync(join(ROOT, "README.md"), "utf8")), ...examples];
  writeSnippets(GENERATED, snippets);
  const tsc = (project: string) => {
    const result = run(GENERATED, BIN.node, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", project]);
    return diagnosticsByFile(`${result.stdout}\n${result.stderr}`);
  };
  // tsc reports no type errors while any file has a syntax error: check the others again without those files
  diagnostics = tsc(".");
  const broken = [...diagnostics.keys()];
  if (broken.length > 0) {
    writeFileSync(join(GENERATED, "tsconfig.parsed.json"), JSON.stringify({ extends: "./tsconfig.json", exclude: broken }));
    for (const [file, list] of tsc("tsconfig.parsed.json")) diagnostics.set(file, list);
  }
}, 180_000);

const list = (items: readonly string[]): string => items.map((s) => `  ${s}`).join("\n");

describe("doc comments", () => {
  it("every public export, namespace members included, has one", () => {
    expect(entries.length).toBeGreaterThan(300);
    for (const name of ["grad", "np.linalg.svd", "np.fft.fft", "nn.softmax", "random.normal", "lax.scan", "tree.map", "config.update", "tracegrad/optim.adam", "tracegrad/testing.checkGrads"]) {
      expect(entries.map((e) => e.path)).toContain(name);
    }
    const missing = entries.filter((e) => !e.documented).map((e) => `${e.path}  (${e.location ?? "declaration not found: document the property where the object is built"})`);
    if (missing.length > 0) expect.fail(`${missing.length} public export(s) without a doc comment (/** ... */ with an @example):\n${list(missing)}`);
  });

  it("every public function and class has an @example (EXAMPLES_TODO may only shrink)", () => {
    const callable = entries.filter((e) => e.callable);
    const missing = callable.filter((e) => e.examples.length === 0 && !EXAMPLES_TODO.has(e.path)).map((e) => `${e.path}  (${e.location})`);
    if (missing.length > 0) expect.fail(`${missing.length} public function(s) without an @example:\n${list(missing)}`);
    const done = [...EXAMPLES_TODO].filter((name) => callable.some((e) => e.path === name && e.examples.length > 0));
    const gone = [...EXAMPLES_TODO].filter((name) => !callable.some((e) => e.path === name));
    if (done.length + gone.length > 0) expect.fail(`remove from EXAMPLES_TODO (they have examples now, or are gone):\n${list([...done, ...gone])}`);
  });
});

describe("npm run docs", () => {
  it("builds the HTML reference with deno doc (offline, through the deno package)", { timeout: 120_000 }, () => {
    const result = run(ROOT, "npm", ["run", "docs"]);
    if (result.status !== 0) expect.fail(`npm run docs failed:\n${result.stdout}\n${result.stderr}`);
    const index = readFileSync(join(ROOT, "docs", "api", "index.html"), "utf8");
    expect(index).toContain("tracegrad");
    expect(readFileSync(join(ROOT, "docs", "api", "~", "grad.html"), "utf8")).toContain("argnums");
  });
});

describe("code in the documentation", () => {
  const problems = (filter: (s: Snippet) => boolean, codes: (code: number, complete: boolean) => boolean): string[] =>
    snippets.filter(filter).flatMap((s) =>
      (diagnostics.get(s.file) ?? []).filter((d) => codes(d.code, s.complete)).map((d) => `${s.origin}: TS${d.code} ${d.message}  [spec/docs/.generated/${s.file}:${d.line}]`),
    );

  it("every @example parses, and those that import what they use typecheck under strict", () => {
    const examples = snippets.filter((s) => s.file.startsWith("example-"));
    expect(examples.length).toBeGreaterThan(100);
    const bad = problems((s) => s.file.startsWith("example-"), (code, complete) => complete || isSyntaxError(code));
    if (bad.length > 0) expect.fail(`${bad.length} problem(s) in @example blocks:\n${list(bad)}`);
  });

  it("the README's ```ts blocks typecheck under strict", () => {
    const readme = snippets.filter((s) => s.file.startsWith("readme-"));
    expect(readme.length).toBeGreaterThan(5);
    expect(readme.filter((s) => !s.complete).map((s) => s.origin), "README blocks that only parse: give them a preamble marker").toEqual([]);
    const bad = problems((s) => s.file.startsWith("readme-"), () => true);
    if (bad.length > 0) expect.fail(`${bad.length} problem(s) in the README's code:\n${list(bad)}`);
  });

  it("the examples are typechecked under strict by npm run typecheck", () => {
    const tsconfig = JSON.parse(readFileSync(join(ROOT, "tsconfig.json"), "utf8")) as { compilerOptions: { strict: boolean }; include: string[] };
    expect(tsconfig.compilerOptions.strict).toBe(true);
    expect(tsconfig.include).toContain("examples");
  });
});
