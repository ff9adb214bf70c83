/**
 * Shared by demo.mjs and run-examples.mjs: finds the examples, reads their
 * headers, and runs one under Node (tsx) or Deno, capturing its output.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const examplesDir = join(root, "examples");

/** The runnable examples, `examples/NN_name.ts`, in order. */
export function listExamples() {
  return readdirSync(examplesDir)
    .filter((name) => /^\d\d_.*\.ts$/.test(name))
    .sort()
    .map((name) => ({ name, path: `examples/${name}`, ...header(join(examplesDir, name)) }));
}

/** The title (" * 01 · Title") and notebook (" * Notebook: …") lines of an example's doc comment. */
function header(file) {
  const lines = readFileSync(file, "utf8").split("\n").slice(0, 6).map((l) => l.replace(/^\s*\*\s?/, ""));
  const title = lines.find((l) => /^\d\d\s/.test(l)) ?? "";
  const notebook = (lines.find((l) => l.startsWith("Notebook:")) ?? "").replace(/^Notebook:\s*/, "");
  return { title, notebook };
}

/** Where examples write their pictures (git-ignored); Deno may write there and nowhere else. */
export const outputDir = "examples/out";

/**
 * The command line for a runner: Node with tsx's loader, or the Deno binary
 * from node_modules (allowed to write to `outputDir` only). `args` follow the
 * script (the tests pass `--quick`).
 */
export function command(runner, path, args = []) {
  if (runner === "node") return [process.execPath, ["--import", "tsx", path, ...args]];
  const deno = join(root, "node_modules", ".bin", process.platform === "win32" ? "deno.cmd" : "deno");
  return [deno, ["run", `--allow-write=${outputDir}`, path, ...args]];
}

/**
 * Runs one example; resolves to { code, stdout, stderr, seconds }. With
 * `inherit`, output goes straight to this terminal instead; `args` are passed
 * to the example.
 */
export function runExample(runner, path, { inherit = false, timeoutMs = 120_000, args = [] } = {}) {
  const [cmd, commandArgs] = command(runner, path, args);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, commandArgs, {
      cwd: root,
      env: { ...withoutForceColor(process.env), NO_COLOR: "1" },
      stdio: inherit ? "inherit" : ["ignore", "pipe", "pipe"],
      shell: process.platform === "win32" && runner === "deno",
    });
    const out = [];
    const err = [];
    child.stdout?.on("data", (chunk) => out.push(chunk));
    child.stderr?.on("data", (chunk) => err.push(chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    const finish = (code, extra = "") => {
      clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString("utf8") + extra,
        seconds: (Date.now() - started) / 1000,
      });
    };
    child.on("error", (error) => finish(-1, `\ncould not start ${cmd}: ${error.message}`));
    child.on("close", (code, signal) => finish(code ?? -1, signal ? `\nkilled by ${signal}` : ""));
  });
}

/** The environment minus FORCE_COLOR, which would override NO_COLOR (Deno colors on any value). */
function withoutForceColor(env) {
  const { FORCE_COLOR: _ignored, ...rest } = env;
  return rest;
}
