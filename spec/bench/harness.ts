/**
 * Timing harness for one benchmark unit in its own process: the methodology
 * of the peers' harness (../shared/bench-peers/harness.mjs), in TypeScript.
 *
 * - The first call in the process is timed alone (`cold_ms`: tracing, V8
 *   compilation, first allocation), then a warm-up, then single-call samples
 *   timed with `performance.now()`.
 * - Samples are grouped in windows of ≥ `windowMs`. A window is *clean* when
 *   (1) other processes used < `quietCores` cores during it (from /proc/stat
 *   busy jiffies minus our own `process.cpuUsage()`), and (2) a register-only
 *   probe loop timed at both its ends ran within `probeRatio` × the fastest
 *   probe of the process (the host slows this VM's core ~2× in phases that
 *   are invisible inside the VM).
 * - Before measuring we wait for 3 consecutive clean idle windows (after at
 *   least `minProbeWindows`, so the fast probe time is known).
 * - Stop when n_clean ≥ minReps and clean time ≥ minTime, or at maxReps /
 *   maxTime. Medians are over clean samples; raw_* over all samples.
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import { performance } from "node:perf_hooks";

/** `--key=value` and `--flag` arguments. */
export function parseArgs(argv: readonly string[] = process.argv.slice(2)): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (const a of argv) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (m) out[m[1]] = m[2] === undefined ? true : m[2];
  }
  return out;
}

/** Timing settings; the command-line names (in seconds where marked) follow harness.mjs. */
export interface Timing {
  minReps: number; // --min-reps
  maxReps: number; // --max-reps
  minTimeMs: number; // --min-time (s)
  maxTimeMs: number; // --max-time (s)
  warmupReps: number; // --warmup-reps
  warmupTimeMs: number; // --warmup-time (s)
  maxWarmupMs: number; // --max-warmup-time (s)
  windowMs: number; // --window (ms)
  quietCores: number; // --quiet
  waitQuietMs: number; // --wait-quiet (s)
  minProbeWindows: number; // --probe-windows
  probeRatio: number; // --probe-ratio
  probe: boolean; // --no-probe turns it off
}

/** The peers' defaults. */
export const FULL: Timing = {
  minReps: 15, maxReps: 2_000_000, minTimeMs: 2000, maxTimeMs: 60_000, warmupReps: 3, warmupTimeMs: 500,
  maxWarmupMs: 8000, windowMs: 200, quietCores: 0.2, waitQuietMs: 60_000, minProbeWindows: 10, probeRatio: 1.25,
  probe: true,
};

/** A smoke run: seconds per unit instead of tens of seconds; figures are indicative only. */
export const QUICK: Timing = {
  ...FULL, minReps: 3, minTimeMs: 300, maxTimeMs: 1500, warmupReps: 1, warmupTimeMs: 100, maxWarmupMs: 1000,
  windowMs: 100, waitQuietMs: 500, minProbeWindows: 3,
};

/** `base` overridden by the timing flags present in `args`. */
export function timingFrom(args: Record<string, string | true>, base: Timing = FULL): Timing {
  const num = (k: string, d: number, scale = 1) => (typeof args[k] === "string" ? Number(args[k]) * scale : d);
  return {
    minReps: num("min-reps", base.minReps),
    maxReps: num("max-reps", base.maxReps),
    minTimeMs: num("min-time", base.minTimeMs, 1000),
    maxTimeMs: num("max-time", base.maxTimeMs, 1000),
    warmupReps: num("warmup-reps", base.warmupReps),
    warmupTimeMs: num("warmup-time", base.warmupTimeMs, 1000),
    maxWarmupMs: num("max-warmup-time", base.maxWarmupMs, 1000),
    windowMs: num("window", base.windowMs),
    quietCores: num("quiet", base.quietCores),
    waitQuietMs: num("wait-quiet", base.waitQuietMs, 1000),
    minProbeWindows: num("probe-windows", base.minProbeWindows),
    probeRatio: num("probe-ratio", base.probeRatio),
    probe: args["no-probe"] ? false : base.probe,
  };
}

/** The same settings as flags (for the peers' scripts, which read the same names). */
export function timingFlags(t: Timing): string[] {
  return [
    `--min-reps=${t.minReps}`, `--min-time=${t.minTimeMs / 1000}`, `--max-time=${t.maxTimeMs / 1000}`,
    `--warmup-reps=${t.warmupReps}`, `--warmup-time=${t.warmupTimeMs / 1000}`,
    `--max-warmup-time=${t.maxWarmupMs / 1000}`, `--window=${t.windowMs}`, `--quiet=${t.quietCores}`,
    `--wait-quiet=${t.waitQuietMs / 1000}`, `--probe-ratio=${t.probeRatio}`, ...(t.probe ? [] : ["--no-probe"]),
  ];
}

/** Median, p10, p90, min, mean and count of `samples` (keys prefixed by `prefix`). */
export function stats(samples: readonly number[], prefix = ""): Record<string, number> {
  const s = [...samples].sort((a, b) => a - b);
  if (s.length === 0) return {};
  const q = (p: number) => {
    const i = (s.length - 1) * p;
    const lo = Math.floor(i), hi = Math.ceil(i);
    return s[lo] + (s[hi] - s[lo]) * (i - lo);
  };
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return {
    [`${prefix}median_ms`]: q(0.5), [`${prefix}p10_ms`]: q(0.1), [`${prefix}p90_ms`]: q(0.9),
    [`${prefix}min_ms`]: s[0], [`${prefix}mean_ms`]: mean, [`${prefix}n`]: s.length,
  };
}

// other processes: /proc/stat

const NCPU = os.cpus().length;

interface Mark {
  readonly t: number; // wall ms
  readonly busy: number; // all-CPU busy jiffies (incl. steal), NaN if unknown
  readonly total: number;
  readonly own: number; // this process's CPU ms (all threads)
}

function mark(): Mark {
  let busy = NaN, total = NaN;
  try {
    const s = readFileSync("/proc/stat", "utf8");
    const f = s.slice(0, s.indexOf("\n")).trim().split(/\s+/).slice(1, 9).map(Number);
    total = f.reduce((a, b) => a + (b || 0), 0);
    busy = total - f[3] - (f[4] || 0);
  } catch {
    // not Linux: the filter is off
  }
  const u = process.cpuUsage();
  return { t: performance.now(), busy, total, own: (u.user + u.system) / 1000 };
}

/** Cores used by other processes between two marks (null when /proc/stat is unreadable). */
export function othersCores(a: Mark, b: Mark): number | null {
  if (Number.isNaN(a.busy) || Number.isNaN(b.busy)) return null;
  const wall = b.t - a.t, dTotal = b.total - a.total;
  if (wall <= 0 || dTotal <= 0) return 0;
  const busyMs = (b.busy - a.busy) * ((wall * NCPU) / dTotal); // self-calibrating jiffy length
  return Math.max(0, (busyMs - (b.own - a.own)) / wall);
}

// host contention: a register-only FP loop (16 independent mul-add chains, ~1 ms when fast)

let probeSink = 0;
function probeKernel(n = 150_000): number {
  let a0 = 1, a1 = 1.1, a2 = 1.2, a3 = 1.3, a4 = 1.4, a5 = 1.5, a6 = 1.6, a7 = 1.7;
  let b0 = 1, b1 = 1.1, b2 = 1.2, b3 = 1.3, b4 = 1.4, b5 = 1.5, b6 = 1.6, b7 = 1.7;
  const m = 0.9999999, c = 1e-7;
  for (let i = 0; i < n; i++) {
    a0 = a0 * m + c; a1 = a1 * m + c; a2 = a2 * m + c; a3 = a3 * m + c;
    a4 = a4 * m + c; a5 = a5 * m + c; a6 = a6 * m + c; a7 = a7 * m + c;
    b0 = b0 * m + c; b1 = b1 * m + c; b2 = b2 * m + c; b3 = b3 * m + c;
    b4 = b4 * m + c; b5 = b5 * m + c; b6 = b6 * m + c; b7 = b7 * m + c;
  }
  return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + b0 + b1 + b2 + b3 + b4 + b5 + b6 + b7;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A window's record: its samples, others' cores, probe times at both ends. */
interface Window {
  readonly samples: number[];
  readonly others: number | null;
  readonly p0: number;
  readonly p1: number;
  readonly partial: boolean;
}

/** Times `call` (which must force its result) under the filters above; one instance per process. */
export class Harness {
  private probeMin = Infinity;
  constructor(readonly timing: Timing) {}

  private probeTime(): number {
    if (!this.timing.probe) return 0;
    const t = performance.now();
    probeSink += probeKernel();
    const dt = performance.now() - t;
    if (dt < this.probeMin) this.probeMin = dt;
    return dt;
  }

  private fast(p0: number, p1: number): boolean {
    return !this.timing.probe || Math.max(p0, p1) <= this.timing.probeRatio * this.probeMin;
  }

  private quiet(o: number | null): boolean {
    return o === null || o < this.timing.quietCores;
  }

  /** Waits (≤ waitQuietMs) for 3 clean idle windows in a row. */
  async waitQuiet(): Promise<{ waited_ms: number; quiet: boolean }> {
    for (let i = 0; i < 20; i++) this.probeTime(); // let V8 optimize the probe
    this.probeMin = Infinity;
    const t0 = performance.now();
    let streak = 0, n = 0;
    while (performance.now() - t0 < this.timing.waitQuietMs) {
      const a = mark();
      const p0 = this.probeTime();
      await sleep(this.timing.windowMs);
      const p1 = this.probeTime();
      const o = othersCores(a, mark());
      n++;
      streak = this.quiet(o) && this.fast(p0, p1) ? streak + 1 : 0;
      if (streak >= 3 && n >= this.timing.minProbeWindows) return { waited_ms: performance.now() - t0, quiet: true };
    }
    return { waited_ms: performance.now() - t0, quiet: false };
  }

  /** Cold call, warm-up, windowed samples; returns the statistics and `call`'s last value. */
  async run(call: () => unknown): Promise<Record<string, unknown>> {
    const T = this.timing;
    const wq = await this.waitQuiet();
    const pc0 = this.probeTime();
    let pa = mark();
    let t0 = performance.now();
    let last = call();
    const cold_ms = performance.now() - t0;
    const cold_others_cores = othersCores(pa, mark());
    const pc1 = this.probeTime();

    const wStart = performance.now();
    let w = 0;
    for (;;) {
      const el = performance.now() - wStart;
      if (w >= 1 && el >= T.maxWarmupMs) break;
      if (w >= T.warmupReps && el >= T.warmupTimeMs) break;
      last = call();
      w++;
    }
    (globalThis as { gc?: () => void }).gc?.();

    const windows: Window[] = [];
    let win: number[] = [];
    let nClean = 0, cleanTime = 0, nAll = 0, othersSum = 0, othersWall = 0;
    const rssStart = process.memoryUsage().rss;
    let p0 = this.probeTime();
    pa = mark();
    const start = performance.now();
    for (;;) {
      t0 = performance.now();
      last = call();
      const t1 = performance.now();
      win.push(t1 - t0);
      nAll++;
      if (t1 - pa.t >= T.windowMs) {
        const pb = mark();
        const o = othersCores(pa, pb);
        const p1 = this.probeTime();
        othersSum += (o ?? 0) * (pb.t - pa.t);
        othersWall += pb.t - pa.t;
        windows.push({ samples: win, others: o, p0, p1, partial: false });
        if (this.quiet(o) && this.fast(p0, p1)) {
          nClean += win.length;
          for (const x of win) cleanTime += x;
        }
        win = [];
        p0 = p1;
        pa = mark();
      }
      if (nAll >= T.maxReps) break;
      if (nClean >= T.minReps && cleanTime >= T.minTimeMs) break;
      if (performance.now() - start >= T.maxTimeMs && nAll >= 3) break;
    }
    if (win.length) windows.push({ samples: win, others: null, p0, p1: p0, partial: true });

    // final classification against the lowest probe time seen
    const all: number[] = [], clean: number[] = [];
    let nFast = 0;
    for (const wd of windows) {
      const fast = this.fast(wd.p0, wd.p1);
      for (const x of wd.samples) {
        all.push(x);
        if (fast) nFast++;
        if (fast && this.quiet(wd.others) && !wd.partial) clean.push(x);
      }
    }
    const ok = clean.length >= Math.min(5, T.minReps);
    return {
      cold_ms, cold_others_cores,
      cold_probe_ratio: T.probe ? Math.max(pc0, pc1) / this.probeMin : null,
      ...(ok ? stats(clean) : stats(all)),
      clean_ok: ok,
      ...stats(all, "raw_"),
      others_cores_mean: othersWall > 0 ? othersSum / othersWall : null,
      clean_frac: clean.length / all.length,
      fast_frac: nFast / all.length,
      probe_min_ms: T.probe ? this.probeMin : null,
      wait_quiet_ms: wq.waited_ms, started_quiet: wq.quiet, warmup_n: w, last,
      rss_mb_start: rssStart / 2 ** 20, rss_mb_end: process.memoryUsage().rss / 2 ** 20,
    };
  }
}

/** Node version, CPU, load and date for the record. */
export function envInfo(): Record<string, unknown> {
  return {
    node: process.version, cpus: NCPU, cpu_model: os.cpus()[0]?.model, loadavg: os.loadavg(),
    date: new Date().toISOString(),
  };
}
