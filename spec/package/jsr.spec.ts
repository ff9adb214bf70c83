/**
 * The JSR package: `deno publish --dry-run` type-checks the four exports of
 * deno.json and refuses "slow types" (an exported function without an
 * explicit return type, an exported constant without a type annotation, a
 * global augmentation). A new export that breaks the rule fails here with
 * the files and lines Deno names.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, ROOT, run } from "./project.ts";

const stripAnsi = (text: string): string => text.replace(/\x1b\[[0-9;]*m/g, "");

describe("deno publish --dry-run", () => {
  it("passes for deno.json's name, version and exports, with the published files under lib/", { timeout: 180_000 }, () => {
    const deno = JSON.parse(readFileSync(join(ROOT, "deno.json"), "utf8")) as { name: string; version: string; exports: Record<string, string> };
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(deno.name).toBe("@tracegrad/tracegrad");
    expect(deno.version).toBe(pkg.version);
    expect(deno.exports).toEqual({
      ".": "./lib/index.ts",
      "./testing": "./lib/testing/index.ts",
      "./testing/setup": "./lib/testing/setup.ts",
      "./optim": "./lib/optim/index.ts",
    });

    // --allow-dirty: a working tree with uncommitted changes is checked as it is
    const result = run(ROOT, BIN.deno, ["publish", "--dry-run", "--allow-dirty"]);
    const output = stripAnsi(`${result.stdout}\n${result.stderr}`);
    if (result.status !== 0) {
      // the problems, each with the place Deno names: "error[missing-explicit-return-type] ... --> lib/api/x.ts:12:3"
      const problems = output
        .split("\n")
        .filter((line) => /^(error|warning)\[|-->/.test(line.trim()))
        .map((line) => line.trim().replace(`${ROOT}/`, ""));
      expect.fail(
        `deno publish --dry-run failed (exit ${result.status}). Give exported functions explicit return types and exported constants ` +
          `explicit types (JSR's "slow types"):\n${problems.join("\n") || output}`,
      );
    }
    expect(output).toMatch(/Success Dry run complete/);
    const published = output.split("\n").filter((line) => line.includes("file://")).map((line) => line.trim().replace(/^.*file:\/\/[^ ]*?\/(lib\/|README|LICENSE)/, "$1"));
    expect(published.some((f) => f.startsWith("lib/index.ts"))).toBe(true);
    expect(published.some((f) => f.startsWith("lib/testing/vitestMatchers.d.ts"))).toBe(true);
    expect(output).not.toMatch(/file:\/\/\S*\/(spec|examples|scripts|node_modules)\//);
  });
});
