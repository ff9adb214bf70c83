/**
 * `npm run bench`: every unit × variant of tracegrad, each in its own child
 * process (child.ts), then a markdown report with ratios against the peers
 * (report.ts), written to spec/bench/results/latest.md (+ latest.jsonl).
 *
 * usage: npm run bench -- [--quick] [--units=B1,B2g] [--variants=eager-f64,jit-f64]
 *   --units      default: the peers' units B1…B4g, the linear-algebra units L1…L3 and the small-model
 *                steps B5lr, B5mlp (`B5` names both; each with its hand-written JS baseline, run in the
 *                same run); S1k, S10k (grad through a scan) run only when named.
 *                         [--rounds=N] [--budget=SECONDS] [--peers-dir=DIR] [--peers=all|name,...]
 *                         [--loader=esbuild|tsx]
 *                         [timing flags of harness.ts, e.g. --min-time=2 --max-time=20]
 *   --quick      smoke run, about a minute: short timing, one round, indicative figures only.
 *   (default)    full run: the peers' timing (min 15 reps and 2 s of clean samples), shorter waits
 *                (wait-quiet 6 s, max-time 20 s per unit) so that it stays near 10 minutes; two
 *                rounds, but round 2+ runs only while the --budget (600 s) is not spent.
 *   --peers-dir  (or env BENCH_PEERS_DIR) a copy of ../shared/bench-peers with `npm install` done:
 *                the peers' own scripts then run in this run, alternating with ours unit by unit,
 *                and their fresh figures replace the published ones (see peers.ts for --peers).
 *   --loader     how children load TypeScript: esbuild (default, loader.mjs: type stripping only)
 *                or tsx (adds keepNames' __name wrappers: eager B1 ~2.5x slower; see loader.mjs).
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FULL, parseArgs, QUICK, timingFlags, timingFrom, type Timing } from "./harness.ts";
import { loadPeerFile, peerJobs, peersDir, type PeerRunner } from "./peers.ts";
import { renderReport, type Rec } from "./report.ts";
import { ALL_UNITS, DEFAULT_UNITS, VARIANTS, type UnitName, type Variant } from "./units.ts";
import { B5_UNITS } from "./b5.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const args = parseArgs();
const quick = args.quick === true;
const str = (k: string) => (typeof args[k] === "string" ? (args[k] as string) : undefined);

function listArg<T extends string>(name: string, all: readonly T[], byDefault: readonly T[] = all, groups: Record<string, readonly T[]> = {}): T[] {
  const v = str(name);
  if (v === undefined) return [...byDefault];
  const list = v.split(",").filter(Boolean).flatMap((x) => groups[x] ?? [x]) as T[];
  for (const x of list) if (!all.includes(x)) throw new Error(`--${name}: unknown ${x}; one of ${all.join(", ")}`);
  return list;
}

const units = listArg<UnitName>("units", ALL_UNITS, DEFAULT_UNITS, { B5: B5_UNITS });
const variants = listArg<Variant>("variants", VARIANTS);
const timing: Timing = timingFrom(args, quick ? QUICK : { ...FULL, waitQuietMs: 6000, maxTimeMs: 20_000, maxWarmupMs: 4000 });
const rounds = Number(str("rounds") ?? (quick ? 1 : 2));
const budgetMs = Number(str("budget") ?? 600) * 1000;
const dir = peersDir(str("peers-dir"));
const peerFile = loadPeerFile(path.join(HERE, "peers-2026-11-21.json"));
const freshPeers = dir ? peerJobs(str("peers"), units) : [];

interface Job {
  readonly label: string;
  readonly cmd: string;
  readonly args: string[];
  readonly cwd: string;
  readonly env?: Record<string, string | undefined>;
  readonly tag: Record<string, unknown>;
}

// children load TypeScript with loader.mjs (esbuild, no keepNames: what tsc's output costs), or tsx
const loaderName = str("loader") ?? "esbuild";
if (loaderName !== "esbuild" && loaderName !== "tsx") throw new Error("--loader: esbuild or tsx");
const loader = loaderName === "tsx" ? import.meta.resolve("tsx") : path.join(HERE, "loader.mjs");
const ourJob = (unit: UnitName, variant: Variant): Job => ({
  label: `tracegrad ${unit} ${variant}`,
  cmd: process.execPath,
  args: ["--expose-gc", "--import", loader, path.join(HERE, "child.ts"), `--unit=${unit}`, `--variant=${variant}`, ...timingFlags(timing)],
  cwd: ROOT,
  tag: {},
});
const peerJob = (p: PeerRunner, unit: UnitName): Job => {
  const c = p.command(unit);
  return { label: `${p.name} ${unit}`, cmd: c.cmd, args: [...c.args, ...timingFlags(timing)], cwd: dir!, env: c.env, tag: { peer: p.name } };
};

/** Runs one child; resolves with its JSON lines (stderr goes to ours). */
function runJob(job: Job): Promise<Record<string, any>[]> {
  return new Promise((resolve) => {
    const child = spawn(job.cmd, job.args, { cwd: job.cwd, env: job.env ?? process.env, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.on("error", (e) => {
      process.stderr.write(`FAILED to start: ${job.label}: ${e.message}\n`);
      resolve([]);
    });
    child.on("close", (code) => {
      if (code !== 0) process.stderr.write(`FAILED (exit ${code}): ${job.label}\n`);
      const recs = stdout.split("\n").filter((l) => l.trim().startsWith("{")).map((l) => JSON.parse(l));
      resolve(recs);
    });
  });
}

const libAtStart = libState();
const t0 = Date.now();
const recs: Rec[] = [];
let skipped = 0;
for (let round = 1; round <= rounds; round++) {
  for (const unit of units) {
    // unit-major, ours then the peers, so slow drifts in machine load hit everyone alike
    // B5's hand-written JavaScript step runs in every run (it is no published peer)
    const baseline = (B5_UNITS as readonly string[]).includes(unit) ? [{ ...ourJob(unit, "plain-js" as Variant), label: `plain JS ${unit}`, tag: { peer: "plain JS" } }] : [];
    const jobs = [...variants.map((v) => ourJob(unit, v)), ...baseline, ...freshPeers.filter(([, u]) => u === unit).map(([p, u]) => peerJob(p, u))];
    for (const job of jobs) {
      if (round > 1 && Date.now() - t0 > budgetMs) {
        skipped++;
        continue;
      }
      const elapsed = ((Date.now() - t0) / 1000).toFixed(0);
      process.stderr.write(`### ${elapsed}s round ${round}/${rounds} ${job.label}\n`);
      for (const r of await runJob(job)) recs.push({ ...r, ...job.tag, round } as Rec);
    }
  }
}

/** What was measured: a digest of the lib/ .ts files and the time of its newest file (lib changes under a long run). */
function libState(): string {
  const files = (readdirSync(path.join(ROOT, "lib"), { recursive: true }) as string[]).filter((f) => f.endsWith(".ts")).sort();
  const hash = createHash("sha256");
  let newest = 0;
  for (const f of files) {
    const p = path.join(ROOT, "lib", f);
    hash.update(f).update(readFileSync(p));
    newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return `lib/ digest ${hash.digest("hex").slice(0, 12)} (${files.length} files, newest modified ${new Date(newest).toISOString()})`;
}
const elapsedS = (Date.now() - t0) / 1000;
const libAtEnd = libState();
const header = [
  `# tracegrad benchmarks (${quick ? "quick smoke run: indicative only" : "full run"})`,
  "",
  `- date ${new Date().toISOString()}, ${os.cpus().length}× ${os.cpus()[0]?.model ?? "?"}, Node ${process.version}, ` +
    `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; load average at the end ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`,
  `- ${rounds} round(s) requested, ${elapsedS.toFixed(0)} s in all${skipped ? `; ${skipped} round-2+ runs skipped (budget ${budgetMs / 1000} s)` : ""}`,
  `- timing: min ${timing.minReps} reps and ${timing.minTimeMs / 1000} s of clean samples, max ${timing.maxTimeMs / 1000} s, ` +
    `windows ${timing.windowMs} ms, quiet < ${timing.quietCores} cores, probe ratio ${timing.probeRatio}, wait-quiet ≤ ${timing.waitQuietMs / 1000} s`,
  `- ${libAtStart}${libAtEnd === libAtStart ? "" : `; CHANGED during the run, at the end: ${libAtEnd}`}`,
  `- children: node --import ${loaderName === "tsx" ? "tsx" : "spec/bench/loader.mjs (esbuild, no keepNames)"}`,
  `- peers: ${dir ? `fresh from ${dir} (${freshPeers.length} runs per round), the rest ` : ""}published figures from ${peerFile.source.join(", ")}`,
  "- command: `npm run bench" + (process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : "") + "`",
];
const md = renderReport(recs, peerFile.peers, header);
const outDir = path.join(HERE, "results");
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, "latest.md"), md);
writeFileSync(path.join(outDir, "latest.jsonl"), recs.map((r) => JSON.stringify(r)).join("\n") + "\n");
process.stdout.write(md);
process.stderr.write(`\nwritten: ${path.relative(ROOT, path.join(outDir, "latest.md"))} (and latest.jsonl), ${elapsedS.toFixed(0)} s\n`);
