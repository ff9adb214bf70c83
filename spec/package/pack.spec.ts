/**
 * The npm package as a user gets it: `npm pack` (which builds dist/ through
 * `prepare`) gives a tarball with JavaScript, declarations and source maps
 * for every entry point; installed offline into a temporary project, it runs
 * from plain Node ESM and Deno (no TypeScript runtime), from tsx, and under
 * vitest with the matchers of `tracegrad/testing/setup`, and its types check
 * under `strict` in TypeScript (with `skipLibCheck` off) and Deno. A source
 * checkout without dist/ runs under tsx, Deno and vitest through the
 * `tracegrad-source` export condition.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, makeConsumer, makeSourceCheckout, packTarball, ROOT, run, type PackReport, type RunResult } from "./project.ts";

const ENTRIES = ["index", "testing/index", "testing/setup", "optim/index"];
// what check.mjs prints: grad of the DeZero chain at 0.5 (README), Σ sin([0, 1, 2]), x·x per row, Adam's first step (-lr·sign(g))
const EXPECTED = { grad: 3.297442541400256, jit: Math.sin(1) + Math.sin(2), vmap: [3, 3], checkGrads: "passed", adam: [0.9, -1.9] };
// what check.ts prints: the bias gradient and the loss of its small least-squares problem
const EXPECTED_TS = { gb: [3.75, 3.75], loss: 19.125 };

let dir: string;
let report: PackReport;
let installed: string;
let source: string;

/** The command's output, failing the test with its full output when it exited non-zero. */
function succeed(result: RunResult): string {
  if (result.status !== 0) expect.fail(`exit ${result.status}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  return result.stdout;
}

function lastJsonLine(stdout: string): unknown {
  const lines = stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]);
}

function expectCheckMjs(stdout: string): void {
  const out = lastJsonLine(stdout) as typeof EXPECTED;
  expect(out.grad).toBe(EXPECTED.grad);
  expect(out.jit).toBeCloseTo(EXPECTED.jit, 14);
  expect(out.vmap).toEqual(EXPECTED.vmap);
  expect(out.checkGrads).toBe("passed");
  expect(out.adam[0]).toBeCloseTo(EXPECTED.adam[0], 8);
  expect(out.adam[1]).toBeCloseTo(EXPECTED.adam[1], 8);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tracegrad-pack-"));
  const packed = packTarball(dir);
  report = packed.report;
  installed = makeConsumer(dir, "installed", { tarball: packed.tarball });
  source = makeConsumer(dir, "source", { source: makeSourceCheckout(dir, "checkout") });
}, 300_000);

afterAll(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe("npm pack", { timeout: 60_000 }, () => {
  it("holds built JavaScript, declarations and source maps for every entry point, the sources they map to, and no specs", () => {
    const paths = new Set(report.files.map((f) => f.path));
    for (const entry of ENTRIES) {
      for (const ext of [".js", ".d.ts", ".js.map"]) expect(paths, `dist/${entry}${ext}`).toContain(`dist/${entry}${ext}`);
      expect(paths).toContain(`lib/${entry}.ts`);
    }
    expect(paths).toContain("dist/testing/vitestMatchers.d.ts");
    expect([...paths].filter((p) => p.startsWith("spec/") || p.startsWith("examples/") || p.startsWith("node_modules/"))).toEqual([]);
    const map = JSON.parse(readFileSync(join(ROOT, "dist", "index.js.map"), "utf8")) as { sources: string[] };
    expect(map.sources).toEqual(["../lib/index.ts"]);
    // declarations name .js files, so a consumer without allowImportingTsExtensions accepts them
    expect(readFileSync(join(ROOT, "dist", "index.d.ts"), "utf8")).not.toMatch(/from "\.{1,2}\/[^"]*\.ts"/);
    expect(report.size).toBeLessThan(2_000_000);
  });

  it("exports every entry with a tracegrad-source condition, types and import", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { exports: Record<string, Record<string, string>> };
    for (const entry of ENTRIES) {
      const key = entry === "index" ? "." : `./${entry.replace(/\/index$/, "")}`;
      expect(Object.keys(pkg.exports[key])).toEqual(["tracegrad-source", "types", "import", "default"]);
      expect(pkg.exports[key]).toMatchObject({ "tracegrad-source": `./lib/${entry}.ts`, types: `./dist/${entry}.d.ts`, import: `./dist/${entry}.js` });
    }
  });
});

describe("the installed tarball", { timeout: 120_000 }, () => {
  it("runs grad, jit, vmap, checkGrads and optim from plain Node ESM", () => {
    expectCheckMjs(succeed(run(installed, BIN.node, ["check.mjs"])));
  });

  it("runs the same file under Deno, from node_modules", () => {
    expectCheckMjs(succeed(run(installed, BIN.deno, ["run", "--allow-read=.", "check.mjs"])));
  });

  it("runs TypeScript under tsx", () => {
    expect(lastJsonLine(succeed(run(installed, BIN.node, [BIN.tsx(installed), "check.ts"])))).toEqual(EXPECTED_TS);
  });

  it("typechecks under strict with the package's declarations (skipLibCheck off), the matcher types from tracegrad/testing/setup", () => {
    succeed(run(installed, BIN.node, [BIN.tsc(installed), "-p", "."]));
  });

  it("typechecks and runs under Deno", () => {
    succeed(run(installed, BIN.deno, ["check", "check.ts"]));
    expect(lastJsonLine(succeed(run(installed, BIN.deno, ["run", "--allow-read=.", "check.ts"])))).toEqual(EXPECTED_TS);
  });

  it("runs a vitest spec with tracegrad/testing/setup in setupFiles", () => {
    const out = succeed(run(installed, BIN.node, [BIN.vitest(installed), "run", "consumer.spec.ts"]));
    expect(out).toMatch(/1 passed/);
  });
});

describe("a source checkout (no dist/) through the tracegrad-source condition", { timeout: 120_000 }, () => {
  it("runs under tsx --conditions=tracegrad-source", () => {
    expect(lastJsonLine(succeed(run(source, BIN.node, [BIN.tsx(source), "--conditions=tracegrad-source", "check.ts"])))).toEqual(EXPECTED_TS);
  });

  it("runs under deno --conditions=tracegrad-source", () => {
    expect(lastJsonLine(succeed(run(source, BIN.deno, ["run", "--conditions=tracegrad-source", "--allow-read", "check.ts"])))).toEqual(EXPECTED_TS);
  });

  it("runs a vitest spec with ssr.resolve.conditions", () => {
    const out = succeed(run(source, BIN.node, [BIN.vitest(source), "run", "--config", "vitest.source.config.ts", "consumer.spec.ts"]));
    expect(out).toMatch(/1 passed/);
  });

  it("fails without the condition (there is no dist/ to import), so the condition is what makes it work", () => {
    const result = run(source, BIN.node, [BIN.tsx(source), "check.ts"]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/dist\/index\.js/);
  });
});
