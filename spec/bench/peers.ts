/**
 * The peers (jax-js, tfjs, numpy, plain JS): their published figures from
 * `peers-2026-11-21.json` (transcribed from ../shared/bench-peers/results-*.md),
 * and, when a folder with the peers installed is given (`BENCH_PEERS_DIR` or
 * `--peers-dir`: a copy of ../shared/bench-peers where `npm install` was run),
 * the commands that measure them afresh with their own scripts. The
 * linear-algebra units L1–L3 are not in the published figures: `peers/`
 * holds scripts for jax-js and numpy that run them with the peers' harness.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LINALG_UNITS } from "./linalgUnits.ts";
import type { UnitName } from "./units.ts";

/** One peer row: its published medians (ms) and first-call times (ms) per unit. */
export interface PeerFigures {
  readonly file: string;
  readonly dtype: string;
  readonly median_ms: Partial<Record<UnitName, number>>;
  readonly cold_ms: Partial<Record<UnitName, number>>;
  readonly raw_fallback?: readonly UnitName[];
}

/** The published figures, keyed by the row names of the peers' summarize.mjs. */
export function loadPeerFile(file: string): { source: string[]; peers: Record<string, PeerFigures> } {
  return JSON.parse(readFileSync(file, "utf8"));
}

/** The row name summarize.mjs gives a peer's JSON record. */
export function peerRowKey(r: { lib: string; dtype?: string; backend?: string; variant?: string }): string {
  const backend = r.backend ?? "";
  if (r.lib === "numpy") return `numpy ${r.dtype} (${backend.replace("openblas ", "OpenBLAS ")})`;
  if (r.lib === "jax-js") return `jax-js ${backend} ${r.variant}`;
  if (r.lib === "tfjs") return `tfjs ${backend}`;
  return "plain JS loops";
}

/** A peer script the bench can run: which units, and the command for one unit. */
export interface PeerRunner {
  readonly name: string; // for --peers=
  readonly row: string; // row key of its records
  readonly units: readonly UnitName[]; // what it can run
  readonly byDefault: readonly UnitName[]; // what a run with a peers folder measures unless --peers= says otherwise
  command(unit: UnitName): { cmd: string; args: string[]; env?: Record<string, string | undefined> };
}

const ALL: UnitName[] = ["B1", "B2f", "B2g", "B3_512", "B3_1024", "B4f", "B4g"];
const NOT_B1 = ALL.filter((u) => u !== "B1");
const MATMUL = ALL.filter((u) => u.startsWith("B3") || u.startsWith("B4"));
/** The linear-algebra units: jax-js and numpy have them (tfjs has no solve, eigh or slogdet). */
const LINALG: UnitName[] = [...LINALG_UNITS];
/** Our peer scripts for the units the published peers do not have (run with the peers folder as cwd). */
const OWN_PEERS = path.join(path.dirname(fileURLToPath(import.meta.url)), "peers");
const scriptFor = (unit: UnitName, peerScript: string, ownScript: string) =>
  LINALG.includes(unit) ? path.join(OWN_PEERS, ownScript) : peerScript;
const node = (script: string, extra: string[], pre: string[] = []) => (unit: UnitName) => ({
  cmd: process.execPath,
  args: ["--expose-gc", ...pre, scriptFor(unit, script, "linalg_jaxjs.mjs"), `--unit=${unit}`, ...extra],
});
const numpy = (dtype: string, threads: number) => (unit: UnitName) => {
  const env: Record<string, string | undefined> = { ...process.env };
  delete env.OPENBLAS_CORETYPE; // as run_all.sh: unset for numpy only
  delete env.OPENBLAS_L2_SIZE;
  const script = scriptFor(unit, "bench_numpy.py", "linalg_numpy.py");
  return { cmd: "python3", args: [script, `--unit=${unit}`, `--dtype=${dtype}`, `--threads=${threads}`], env };
};

/**
 * What run_all.sh runs (and run_threads.sh, off by default). The slowest peer
 * cells (tfjs-cpu beyond B1: 0.1–6 s per call; plain JS matmul 1024: 4 s per
 * call) keep their published figures unless named in --peers=.
 */
export const PEER_RUNNERS: readonly PeerRunner[] = [
  { name: "jaxjs-eager", row: "jax-js wasm eager", units: [...ALL, ...LINALG], byDefault: [...ALL, ...LINALG], command: node("bench_jaxjs.mjs", ["--variant=eager"]) },
  { name: "jaxjs-jit", row: "jax-js wasm jit", units: [...ALL, ...LINALG], byDefault: [...ALL, ...LINALG], command: node("bench_jaxjs.mjs", ["--variant=jit"]) },
  { name: "tfjs-cpu", row: "tfjs cpu", units: ALL, byDefault: ["B1"], command: node("bench_tfjs.mjs", ["--backend=cpu"]) },
  { name: "tfjs-wasm", row: "tfjs wasm", units: ALL, byDefault: ALL, command: node("bench_tfjs.mjs", ["--backend=wasm"]) },
  { name: "numpy-f64", row: "numpy float64 (OpenBLAS threads=1)", units: [...ALL, ...LINALG], byDefault: [...ALL, ...LINALG], command: numpy("float64", 1) },
  { name: "numpy-f32", row: "numpy float32 (OpenBLAS threads=1)", units: [...ALL, ...LINALG], byDefault: [...ALL, ...LINALG], command: numpy("float32", 1) },
  { name: "numpy-f64-t2", row: "numpy float64 (OpenBLAS threads=2)", units: MATMUL, byDefault: MATMUL, command: numpy("float64", 2) },
  { name: "numpy-f32-t2", row: "numpy float32 (OpenBLAS threads=2)", units: MATMUL, byDefault: MATMUL, command: numpy("float32", 2) },
  { name: "plainjs", row: "plain JS loops", units: NOT_B1, byDefault: NOT_B1.filter((u) => u !== "B3_1024"), command: node("bench_plainjs.mjs", []) },
  {
    name: "jaxjs-workers-eager", row: "jax-js wasm +workers(2) read=async eager", units: ALL, byDefault: [],
    command: node("bench_jaxjs.mjs", ["--variant=eager", "--read=async"], ["--import", "./worker_shim.mjs"]),
  },
  {
    name: "jaxjs-workers-jit", row: "jax-js wasm +workers(2) read=async jit", units: ALL, byDefault: [],
    command: node("bench_jaxjs.mjs", ["--variant=jit", "--read=async"], ["--import", "./worker_shim.mjs"]),
  },
];

/**
 * The peers folder to run from, or null: it must hold the peers' scripts and
 * node_modules/@jax-js/jax (so `npm install` was done there).
 */
export function peersDir(arg: string | undefined): string | null {
  const dir = arg ?? process.env.BENCH_PEERS_DIR;
  if (!dir) return null;
  const abs = path.resolve(dir);
  if (!existsSync(path.join(abs, "harness.mjs")) || !existsSync(path.join(abs, "node_modules", "@jax-js", "jax"))) {
    throw new Error(`peers folder ${abs}: expected the bench-peers scripts with node_modules installed (npm install)`);
  }
  return abs;
}

/** (runner, unit) pairs to run fresh: `--peers=all`, `--peers=name,name`, or the defaults above. */
export function peerJobs(select: string | undefined, units: readonly UnitName[]): [PeerRunner, UnitName][] {
  const names = select === undefined ? null : select === "all" ? PEER_RUNNERS.map((p) => p.name) : select.split(",");
  for (const n of names ?? []) {
    if (!PEER_RUNNERS.some((p) => p.name === n)) throw new Error(`unknown peer ${n}; one of ${PEER_RUNNERS.map((p) => p.name).join(", ")}`);
  }
  const jobs: [PeerRunner, UnitName][] = [];
  for (const unit of units) {
    for (const p of PEER_RUNNERS) {
      const wanted = names === null ? p.byDefault.includes(unit) : names.includes(p.name) && p.units.includes(unit);
      if (wanted) jobs.push([p, unit]);
    }
  }
  return jobs;
}
