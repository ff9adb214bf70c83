/**
 * The README's programs print what the README says they print: every ```ts
 * block that is followed directly by a ```text block is run (as a module,
 * importing "tracegrad" as a user would) and what it logs must equal the
 * text block, line for line (a block with a `<!-- snippet: preamble ... -->`
 * marker runs with the marker's imports first). Write a guide example that
 * way, and fill its output by running it (`npx tsx
 * --conditions=tracegrad-source file.ts`).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { format } from "node:util";
import { afterAll, describe, expect, it, vi } from "vitest";

/** A program of the README and the output printed under it. */
interface Program {
  readonly line: number;
  readonly code: string;
  readonly output: string;
}

/** Each ```ts block directly followed by a ```text block. */
function programsWithOutput(readme: string): Program[] {
  const lines = readme.split("\n");
  const programs: Program[] = [];
  const blockEnd = (from: number) => {
    let end = from;
    while (end < lines.length && lines[end].trim() !== "```") end++;
    return end;
  };
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== "```ts") continue;
    const end = blockEnd(i + 1);
    if (lines[end + 1]?.trim() === "```text") {
      const outEnd = blockEnd(end + 2);
      // a fragment's imports are in its marker, as spec/docs/snippets.ts reads them: <!-- snippet: preamble import ...; -->
      const preamble = /<!--\s*snippet:\s*preamble\b([\s\S]*?)-->/.exec(lines.slice(Math.max(0, i - 3), i).join("\n"))?.[1].trim() ?? "";
      const code = [preamble, ...lines.slice(i + 1, end)].join("\n");
      programs.push({ line: i + 2, code, output: lines.slice(end + 2, outEnd).join("\n") });
    }
    i = end;
  }
  return programs;
}

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const programs = programsWithOutput(readme);
const dir = mkdtempSync(join(tmpdir(), "tracegrad-readme-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the README's programs print what the README shows", () => {
  it("the guide has its programs with outputs", () => {
    expect(programs.length).toBeGreaterThanOrEqual(20);
  });

  for (const program of programs) {
    it(`README.md:${program.line}`, async () => {
      const file = join(dir, `readme-${program.line}.ts`);
      writeFileSync(file, `${program.code}\n`);
      const printed: string[] = [];
      const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void printed.push(format(...args)));
      try {
        await import(pathToFileURL(file).href);
      } finally {
        log.mockRestore();
      }
      expect(printed.join("\n")).toBe(program.output);
    });
  }
});
