/**
 * Code snippets of the documentation as TypeScript files, for `tsc` to
 * check under `strict`: the README's ```ts blocks and the `@example` blocks
 * of the public exports' doc comments.
 *
 * A snippet with its own `import` lines is *complete*: it is checked as a
 * module of its own and must typecheck. A snippet without imports is a
 * *fragment*: it gets a preamble importing every public name (and, for the
 * README, what the marker before the block declares) and must at least
 * parse. A README block is made complete by a marker comment right before
 * it, `<!-- snippet: preamble ... -->`, whose text is put before the block
 * (declarations of the names it uses), or skipped by
 * `<!-- snippet: skip (why) -->` (a fragment such as one row of a table).
 *
 * @example
 * const snippets = readmeSnippets(readFileSync("README.md", "utf8"));
 * writeSnippets(dir, snippets); // dir/readme-12.ts, ...
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** One snippet: where it comes from, its file name, its text, and whether it must typecheck (or only parse). */
export interface Snippet {
  readonly origin: string;
  readonly file: string;
  readonly text: string;
  readonly complete: boolean;
}

const ROOT_NAMES =
  "ArgumentError, ClosedJaxpr, ConcretizationError, DTypeError, Jaxpr, Lit, NanError, ShapeError, Tensor, TracegradError, TracerLeakError, Var, " +
  "array, checkpoint, clearCaches, config, customJvp, customVjp, evalJaxpr, evalShape, grad, hessian, jacfwd, jacrev, jit, jvp, lax, linearize, " +
  "makeJaxpr, nn, np, numericalGrad, numericalJvp, random, scipyLinalg, simplify, stopGradient, toDot, tree, typecheck, valueAndGrad, vjp, vmap, " +
  "type ArrayLike, type DType";

/** The imports every fragment gets: the public names of the three entry points. */
export const FRAGMENT_PREAMBLE = [
  `import { ${ROOT_NAMES} } from "tracegrad";`,
  `import * as optim from "tracegrad/optim";`,
  `import { checkGrads, checkGradsEither, arbShape, arbTensor, arbBroadcastShapes, arbProgram, arbProgramWithInputs, assertAllclose } from "tracegrad/testing";`,
].join("\n");

const IMPORT_LINE = /^\s*import\s[^;]*?from\s+["'][^"']+["'];?\s*$|^\s*import\s+["'][^"']+["'];?\s*$/;

function hasImports(text: string): boolean {
  return text.split("\n").some((line) => IMPORT_LINE.test(line));
}

/** A fragment as a module: the preamble, then the text inside a block (its names stay local; `void` keeps the imports used). */
function fragmentModule(text: string, extraPreamble = ""): string {
  return `${FRAGMENT_PREAMBLE}\n${extraPreamble}\nexport {};\n{\n${text}\n}\n`;
}

/** The README's ```ts blocks, each with its line number and marker. */
export function readmeSnippets(readme: string, name = "README.md"): Snippet[] {
  const lines = readme.split("\n");
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== "```ts") continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end].trim() !== "```") end++;
    const text = lines.slice(start, end).join("\n");
    const marker = /<!--\s*snippet:\s*(skip|preamble)\b([\s\S]*?)-->/.exec(lines.slice(Math.max(0, i - 3), i).join("\n"));
    i = end;
    if (marker?.[1] === "skip") continue;
    const origin = `${name}:${start}`;
    const file = `readme-${start}.ts`;
    if (marker?.[1] === "preamble") {
      const own = hasImports(text);
      const preamble = marker[2].trim();
      snippets.push({ origin, file, text: own ? `${preamble}\n${text}\nexport {};\n` : `${preamble}\nexport {};\n{\n${text}\n}\n`, complete: true });
    } else if (hasImports(text)) {
      snippets.push({ origin, file, text: `${text}\nexport {};\n`, complete: true });
    } else {
      snippets.push({ origin, file, text: fragmentModule(text), complete: false });
    }
  }
  return snippets;
}

/** An `@example` block as a snippet (the doc index gives `path` and the declaration's location). */
export function exampleSnippet(path: string, location: string, index: number, text: string): Snippet {
  const file = `example-${path.replace(/[^\w]+/g, "_")}-${index}.ts`;
  const origin = `${path} (${location}) @example ${index + 1}`;
  return hasImports(text)
    ? { origin, file, text: `${text}\nexport {};\n`, complete: true }
    : { origin, file, text: fragmentModule(text), complete: false };
}

/** Writes the snippets into `dir` (emptied first) with a tsconfig extending the repository's. */
export function writeSnippets(dir: string, snippets: readonly Snippet[]): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const s of snippets) writeFileSync(join(dir, s.file), s.text);
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({ extends: "../../../tsconfig.json", compilerOptions: { noEmit: true, strict: true, types: ["node"] }, include: ["*.ts", "../../../lib/testing/vitestMatchers.d.ts"], exclude: [] }, null, 2),
  );
}

/** tsc's diagnostics (`file(line,col): error TSnnnn: message`) by file name. */
export function diagnosticsByFile(output: string): Map<string, { line: number; code: number; message: string }[]> {
  const out = new Map<string, { line: number; code: number; message: string }[]>();
  for (const m of output.matchAll(/^(?:.*[\\/])?([^\\/(]+\.ts)\((\d+),\d+\): error TS(\d+): (.*)$/gm)) {
    const list = out.get(m[1]) ?? [];
    list.push({ line: Number(m[2]), code: Number(m[3]), message: m[4] });
    out.set(m[1], list);
  }
  return out;
}

/** TypeScript's syntax errors are TS1xxx: a fragment must have none. */
export const isSyntaxError = (code: number): boolean => code >= 1000 && code < 2000;
