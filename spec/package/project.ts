/**
 * A consumer project in a temporary folder, for the package specs: the
 * packed tarball of this repository (`npm pack`, which builds `dist/` through
 * the `prepare` script) installed with `npm ci --offline` from a lockfile
 * that pins the package's two runtime dependencies as this repository's
 * lockfile does (so the install reads only npm's cache), and the files of
 * `spec/package/consumer/` beside it. Tools the consumer would have as its
 * own devDependencies (vitest, tsx, typescript, @types/node) are links to
 * this repository's copies, so nothing is downloaded.
 *
 * @example
 * const tarball = packTarball(tmp);
 * const project = makeConsumer(tmp, "installed", { tarball });
 * run(project, process.execPath, ["check.mjs"]);
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const NODE_MODULES = join(ROOT, "node_modules");

/** What `npm pack --json` reports of one tarball. */
export interface PackReport {
  readonly filename: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly entryCount: number;
  readonly files: readonly { readonly path: string; readonly size: number }[];
}

/** The result of a command: its exit status and output. */
export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of a child tool: this process's, without vitest's own variables (a nested vitest would read them). */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith("VITEST") || key === "NODE_OPTIONS" || key === "TEST" || key === "NODE_ENV") continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: "1", FORCE_COLOR: "0", ...extra };
}

/** Runs `command args` in `cwd` (10 minutes at most); never throws. */
export function run(cwd: string, command: string, args: readonly string[], extraEnv?: Record<string, string>): RunResult {
  const result = spawnSync(command, args, { cwd, env: childEnv(extraEnv), encoding: "utf8", timeout: 600_000, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout ?? "", stderr: `${result.stderr ?? ""}${result.error ? String(result.error) : ""}` };
}

/** `run`, throwing with the output when the command fails. */
export function runOrThrow(cwd: string, command: string, args: readonly string[], extraEnv?: Record<string, string>): RunResult {
  const result = run(cwd, command, args, extraEnv);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} (in ${cwd}) exited with ${result.status}:\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/** `npm pack` of this repository into `dir` (building dist/ through `prepare`); the tarball's path and npm's report. */
export function packTarball(dir: string): { tarball: string; report: PackReport } {
  const { stdout } = runOrThrow(ROOT, "npm", ["pack", "--json", "--pack-destination", dir]);
  const report = (JSON.parse(stdout) as PackReport[])[0];
  return { tarball: join(dir, report.filename), report };
}

/** The lockfile entry of `name` in this repository's lockfile (its version and integrity), without funding noise. */
function lockedEntry(name: string): Record<string, unknown> {
  const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, Record<string, unknown>> };
  const entry = lock.packages[`node_modules/${name}`];
  if (entry === undefined) throw new Error(`package-lock.json has no entry for ${name}`);
  const { funding: _funding, ...rest } = entry;
  return rest;
}

/** The runtime dependencies of `name` in this repository's lockfile, and theirs, transitively. */
function lockedClosure(names: readonly string[]): Map<string, Record<string, unknown>> {
  const found = new Map<string, Record<string, unknown>>();
  const pending = [...names];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (found.has(name)) continue;
    const entry = lockedEntry(name);
    found.set(name, entry);
    pending.push(...Object.keys((entry.dependencies as Record<string, string> | undefined) ?? {}));
  }
  return found;
}

/** Links this repository's copy of each tool into the project's node_modules (as if it were a devDependency). */
function linkTools(project: string, tools: readonly string[]): void {
  for (const tool of tools) {
    const target = join(project, "node_modules", tool);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(join(NODE_MODULES, tool), target, "dir");
  }
}

const TOOLS = ["vitest", "tsx", "typescript", "@types/node"];

/**
 * A consumer project at `dir/name` with the files of spec/package/consumer/:
 * `{ tarball }` installs the packed tarball (`npm ci --offline`);
 * `{ source }` links node_modules/tracegrad to a source checkout (no dist/),
 * as `npm install ../tracegrad` would, with the dependencies linked.
 */
export function makeConsumer(dir: string, name: string, from: { tarball: string } | { source: string }): string {
  const project = join(dir, name);
  mkdirSync(project, { recursive: true });
  cpSync(join(ROOT, "spec", "package", "consumer"), project, { recursive: true });
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string; dependencies: Record<string, string> };
  if ("tarball" in from) {
    const spec = `file:../${basename(from.tarball)}`;
    const integrity = `sha512-${createHash("sha512").update(readFileSync(from.tarball)).digest("base64")}`;
    const packages: Record<string, Record<string, unknown>> = {
      "": { name: `consumer-${name}`, dependencies: { tracegrad: spec } },
      "node_modules/tracegrad": { version: pkg.version, resolved: spec, integrity, license: "MIT", dependencies: pkg.dependencies },
    };
    for (const [dep, entry] of lockedClosure(Object.keys(pkg.dependencies))) packages[`node_modules/${dep}`] = entry;
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: `consumer-${name}`, private: true, type: "module", dependencies: { tracegrad: spec } }, null, 2));
    writeFileSync(join(project, "package-lock.json"), JSON.stringify({ name: `consumer-${name}`, lockfileVersion: 3, requires: true, packages }, null, 2));
    runOrThrow(project, "npm", ["ci", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"]);
  } else {
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: `consumer-${name}`, private: true, type: "module" }, null, 2));
    mkdirSync(join(project, "node_modules"));
    symlinkSync(from.source, join(project, "node_modules", "tracegrad"), "dir");
  }
  linkTools(project, TOOLS);
  return project;
}

/** A source checkout at `dir/name`: lib/, package.json and links to the runtime dependencies, no dist/. */
export function makeSourceCheckout(dir: string, name: string): string {
  const checkout = join(dir, name);
  mkdirSync(checkout, { recursive: true });
  cpSync(join(ROOT, "lib"), join(checkout, "lib"), { recursive: true });
  cpSync(join(ROOT, "package.json"), join(checkout, "package.json"));
  // its dependencies, as `npm install` in the checkout would have put them (runtimes resolve from the real path)
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  linkTools(checkout, [...lockedClosure(Object.keys(pkg.dependencies)).keys()]);
  return checkout;
}

/** The binaries the specs call. */
export const BIN = {
  node: process.execPath,
  deno: join(NODE_MODULES, ".bin", "deno"),
  tsx: (project: string) => join(project, "node_modules", "tsx", "dist", "cli.mjs"),
  tsc: (project: string) => join(project, "node_modules", "typescript", "bin", "tsc"),
  vitest: (project: string) => join(project, "node_modules", "vitest", "vitest.mjs"),
};
