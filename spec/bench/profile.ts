/**
 * CPU profile of one unit × variant called in a loop: where the time goes,
 * by function (self and inclusive) and by file, with TypeScript line numbers
 * (tsx's source maps). Uses the V8 sampling profiler through node:inspector.
 *
 * usage: node --enable-source-maps --import ./spec/bench/loader.mjs spec/bench/profile.ts --unit=B1
 *          [--variant=eager-f64] [--seconds=4] [--interval=50 (µs)] [--top=25]
 *          [--out=file.cpuprofile (for Chrome DevTools)]
 *   (under `npx tsx` instead, tsx's __name wrappers show up as hot spots; see loader.mjs)
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { findSourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "./harness.ts";
import { makeUnit, type UnitName, type Variant } from "./units.ts";

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

process.setSourceMapsEnabled(true);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const args = parseArgs();
const unit = String(args.unit ?? "B1") as UnitName;
const variant = String(args.variant ?? "eager-f64") as Variant;
const seconds = Number(args.seconds ?? 4);
const top = Number(args.top ?? 25);

const u = makeUnit(unit, variant);
// warm-up: let V8 tier up, as in the timed runs
const w0 = performance.now();
while (performance.now() - w0 < 1000) u.call();

const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: Number(args.interval ?? 50) });
await session.post("Profiler.start");
const t0 = performance.now();
let calls = 0;
while (performance.now() - t0 < seconds * 1000) {
  u.call();
  calls++;
}
const wall = performance.now() - t0;
const { profile } = (await session.post("Profiler.stop")) as unknown as { profile: Profile };
session.disconnect();
if (typeof args.out === "string") writeFileSync(args.out, JSON.stringify(profile));

/** "name file:line" with the TypeScript line when a source map knows it. */
function where(cf: CallFrame): string {
  const name = cf.functionName || "(anonymous)";
  if (!cf.url) return name;
  let line = cf.lineNumber + 1;
  let file = cf.url;
  try {
    const entry = findSourceMap(cf.url)?.findEntry(cf.lineNumber, cf.columnNumber) as
      | { originalLine?: number; originalSource?: string }
      | undefined;
    if (entry?.originalLine !== undefined) {
      line = entry.originalLine + 1;
      if (entry.originalSource) file = entry.originalSource;
    }
  } catch {
    // no source map: generated line
  }
  if (file.startsWith("file://")) file = fileURLToPath(file);
  if (file.startsWith(ROOT)) file = path.relative(ROOT, file);
  return `${name} ${file}:${line}`;
}

const byId = new Map<number, ProfileNode>();
const parent = new Map<number, number>();
for (const n of profile.nodes) {
  byId.set(n.id, n);
  for (const c of n.children ?? []) parent.set(c, n.id);
}
const keyOf = new Map<number, string>();
for (const n of profile.nodes) keyOf.set(n.id, where(n.callFrame));
// Kernels compiled with new Function have no file: name them by the op that ran them (the
// nearest lib/core/ops.ts frame) and that op's caller (a jvp/transpose rule, the API, a transform).
const short = (k: string) => k.replace(/^(\S+) (?:lib\/)?(.*)$/, "$1 $2");
for (const n of profile.nodes) {
  const cf = n.callFrame;
  if (cf.url || cf.functionName.startsWith("(")) continue;
  const chain: string[] = [];
  for (let p = parent.get(n.id); p !== undefined && chain.length < 2; p = parent.get(p)) {
    const k = keyOf.get(p)!;
    if (chain.length === 0 ? k.includes("lib/core/ops.ts") : !k.includes("lib/core/trace.ts")) chain.push(short(k));
  }
  keyOf.set(n.id, `${cf.functionName || "(anonymous)"} [kernel] ← ${chain.join(" ← ") || "?"}`);
}
const fileOf = (k: string) => (/ \S+:\d+$/.test(k) ? k.slice(k.lastIndexOf(" ") + 1).replace(/:\d+$/, "") : "(V8: GC, natives, idle)");

const self = new Map<string, number>(), incl = new Map<string, number>(), files = new Map<string, number>();
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0; // time until the next sample
  const id = profile.samples[i];
  const k = keyOf.get(id)!;
  total += dt;
  self.set(k, (self.get(k) ?? 0) + dt);
  files.set(fileOf(k), (files.get(fileOf(k)) ?? 0) + dt);
  const seen = new Set<string>();
  for (let p: number | undefined = id; p !== undefined; p = parent.get(p)) {
    const pk = keyOf.get(p)!;
    if (!seen.has(pk)) {
      seen.add(pk);
      incl.set(pk, (incl.get(pk) ?? 0) + dt);
    }
  }
}

const perCall = (us: number) => us / calls;
const show = (title: string, m: Map<string, number>, n: number, filter: (k: string) => boolean = () => true) => {
  console.log(`\n${title}`);
  console.log("|  % | µs/call | function file:line |\n|---|---|---|");
  for (const [k, v] of [...m].filter(([k]) => filter(k)).sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.log(`| ${((100 * v) / total).toFixed(1)} | ${perCall(v).toPrecision(3)} | ${k} |`);
  }
};
console.log(`# profile ${unit} ${variant}: ${calls} calls in ${wall.toFixed(0)} ms = ${((1000 * wall) / calls).toPrecision(4)} µs/call (profiler on)`);
show("## self time by function", self, top);
show("## inclusive time by function (lib/ only)", incl, top, (k) => k.includes("lib/"));
show("## self time by file", files, 15);
