/**
 * Markdown report of a bench run: a summary, then one table per unit with
 * our variants and every peer (median, first-call time, ratio peer ÷ ours,
 * so > 1 means tracegrad is faster), our correctness checks, and the
 * interference record of each of our runs. Peers measured in this run
 * (`fresh`) replace their published figures (`file`).
 */
import { peerRowKey, type PeerFigures } from "./peers.ts";
import { ALL_UNITS, CNN_FWD_FLOP, CNN_VG_FLOP, EXPECTED, MLP_FWD_FLOP, MLP_VG_FLOP, UNITS, VARIANTS, type UnitName } from "./units.ts";
import { LINALG_TITLES } from "./linalgUnits.ts";
import { B5_TITLES, B5_UNITS } from "./b5.ts";

/** One child's JSON line (ours or a peer's), tagged with its round. */
export type Rec = Record<string, any> & { lib: string; unit: UnitName; round: number };

interface Cell {
  median: number; // mean over rounds of the per-round medians (ms)
  rounds: number[];
  cold: number | null;
  flag: boolean; // a round reported its raw median (too few clean samples)
  src: "ours" | "fresh" | "file";
  recs: Rec[];
}

const OURS = VARIANTS.map((v) => `tracegrad ${v}`);
const TITLES: Record<UnitName, string> = {
  B1: "B1 scalar chain grad: grad(square(exp(square(x))))(0.5), read back (µs per call)",
  B2f: "B2f forward, N=1e6: L = sum(tanh(x)·exp(−x²) + sigmoid(x)) (ms)",
  B2g: "B2g value-and-grad of the same L (ms)",
  B3_512: "B3 matmul 512×512 @ 512×512 (ms; GFLOP/s = 2n³/time)",
  B3_1024: "B3 matmul 1024×1024 @ 1024×1024 (ms; GFLOP/s = 2n³/time)",
  B4f: "B4f MLP forward: batch 128, 784→256 (tanh)→10, softmax cross-entropy (ms; matmul GFLOP/s)",
  B4g: "B4g MLP value-and-grad w.r.t. W1, b1, W2, b2 (ms; matmul GFLOP/s)",
  S1k: "S1k grad through lax.scan of 1,000 steps of an RNN cell (hidden 8) (ms)",
  S10k: "S10k grad through lax.scan of 10,000 steps of the same cell (ms)",
  C1f: "C1f CNN forward: 64 images 28×28×1, conv 32 3×3, relu, conv 64 3×3, relu, mean (ms; conv GFLOP/s)",
  C1g: "C1g CNN value-and-grad w.r.t. both kernels (ms; conv GFLOP/s)",
  ...LINALG_TITLES,
  ...B5_TITLES,
};
const FLOP: Partial<Record<UnitName, number>> = {
  B3_512: 2 * 512 ** 3, B3_1024: 2 * 1024 ** 3, B4f: MLP_FWD_FLOP, B4g: MLP_VG_FLOP, C1f: CNN_FWD_FLOP, C1g: CNN_VG_FLOP,
};

const num = (x: number | null | undefined, d = 3): string => {
  if (x === null || x === undefined || Number.isNaN(x)) return "—";
  const a = Math.abs(x);
  return a >= 1000 ? x.toFixed(0) : a >= 100 ? x.toFixed(1) : a >= 10 ? x.toFixed(2) : x.toPrecision(d);
};
const ratio = (peer: number | undefined, ours: number | undefined): string => {
  if (!peer || !ours) return "—";
  const r = peer / ours;
  const s = r >= 10 ? r.toFixed(1) : r >= 1 ? r.toFixed(2) : r.toPrecision(2);
  return r > 1 ? `**${s}**` : s;
};

/** Cells per row and unit: ours, fresh peers, then the published figures for the rest. */
function cells(recs: readonly Rec[], peers: Record<string, PeerFigures>): Map<string, Map<UnitName, Cell>> {
  const rows = new Map<string, Map<UnitName, Cell>>();
  const groups = new Map<string, Rec[]>();
  for (const r of recs) {
    const row = r.lib === "tracegrad" ? `tracegrad ${r.variant}` : peerRowKey(r);
    const k = `${row}\u0000${r.unit}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  for (const [k, rs] of groups) {
    const [row, unit] = k.split("\u0000") as [string, UnitName];
    rs.sort((a, b) => a.round - b.round);
    const rounds = rs.map((r) => r.median_ms as number);
    const cell: Cell = {
      median: rounds.reduce((a, b) => a + b, 0) / rounds.length, rounds,
      cold: rs.reduce((a, r) => a + r.cold_ms, 0) / rs.length, flag: rs.some((r) => r.clean_ok === false),
      src: row.startsWith("tracegrad") ? "ours" : "fresh", recs: rs,
    };
    if (!rows.has(row)) rows.set(row, new Map());
    rows.get(row)!.set(unit, cell);
  }
  for (const [row, p] of Object.entries(peers)) {
    for (const unit of UNITS) {
      const m = p.median_ms[unit];
      if (m === undefined || rows.get(row)?.has(unit)) continue;
      if (!rows.has(row)) rows.set(row, new Map());
      rows.get(row)!.set(unit, {
        median: m, rounds: [], cold: p.cold_ms[unit] ?? null, flag: p.raw_fallback?.includes(unit) ?? false,
        src: "file", recs: [],
      });
    }
  }
  return rows;
}

const isJsPeer = (row: string) => row.startsWith("jax-js") || row.startsWith("tfjs") || row.startsWith("plain");

/** The whole report. `header` lines go first (date, machine, settings). */
export function renderReport(recs: readonly Rec[], peers: Record<string, PeerFigures>, header: readonly string[]): string {
  const rows = cells(recs, peers);
  const units = ALL_UNITS.filter((u) => OURS.some((o) => rows.get(o)?.has(u)));
  const peerRows = [...rows.keys()].filter((r) => !r.startsWith("tracegrad"));
  const out: string[] = [...header, ""];
  const P = (s = "") => out.push(s);
  const scale = (u: UnitName) => (u === "B1" || (B5_UNITS as readonly string[]).includes(u) ? 1000 : 1);
  const ours = (u: UnitName, v: string) => rows.get(v)?.get(u)?.median;

  P("Ratios are peer median ÷ our median: **> 1 means tracegrad is faster**. Medians are over clean samples");
  P("(no other process busy, host-contention probe fast); † = too few clean samples, raw median instead.");
  P("`file` = the peers' published figures (peers-2026-11-21.json), `fresh` = measured in this run. The same");
  P("peer scripts rerun on 2026-11-22 were about 2× faster than their `file` figures (see RESULTS.md), so");
  P("ratios against `file` flatter tracegrad; set BENCH_PEERS_DIR for same-run ratios.");
  P();
  P("## Summary");
  P();
  P(`| unit | ${VARIANTS.join(" | ")} | fastest JS peer | it ÷ our best | numpy f64 ÷ eager-f64 | numpy f32 ÷ eager-f32 |`);
  P(`|---|${VARIANTS.map(() => "---|").join("")}---|---|---|---|`);
  for (const u of units) {
    const s = scale(u);
    const best = Math.min(...OURS.map((o) => ours(u, o) ?? Infinity));
    let js: [string, number] | null = null;
    for (const r of peerRows.filter(isJsPeer)) {
      const c = rows.get(r)?.get(u);
      if (c !== undefined && (js === null || c.median < js[1])) js = [`${r} (${c.src})`, c.median];
    }
    const np64 = rows.get("numpy float64 (OpenBLAS threads=1)")?.get(u)?.median;
    const np32 = rows.get("numpy float32 (OpenBLAS threads=1)")?.get(u)?.median;
    const mine = OURS.map((o) => { const c = rows.get(o)?.get(u); return c ? `${num(c.median * s)}${c.flag ? "†" : ""}` : "—"; });
    P(`| ${u} | ${mine.join(" | ")} | ${js ? `${js[0]} ${num(js[1] * s)}` : "—"} | ` +
      `${ratio(js?.[1], best)} | ${ratio(np64, ours(u, OURS[0]))} | ${ratio(np32, ours(u, OURS[1]))} |`);
  }
  P();
  P("(B1 and B5 in µs, the rest in ms.)");

  for (const u of units) {
    const s = scale(u);
    const flop = FLOP[u];
    P();
    P(`## ${TITLES[u]}`);
    P();
    P(`| | median | per round | first call ms${flop ? " | GFLOP/s" : ""} | src | ${VARIANTS.map((v) => `÷ ${v}`).join(" | ")} |`);
    P(`|---|---|---|---|${flop ? "---|" : ""}---|${VARIANTS.map(() => "---|").join("")}`);
    for (const row of [...OURS, ...peerRows]) {
      const c = rows.get(row)?.get(u);
      if (!c) continue;
      const isOurs = c.src === "ours";
      const ratios = OURS.map((o) => (isOurs ? "·" : ratio(c.median, ours(u, o))));
      P(`| ${row} | ${num(c.median * s)}${c.flag ? "†" : ""} | ${c.rounds.map((x) => num(x * s)).join(" / ") || "—"} | ` +
        `${num(c.cold)}${flop ? ` | ${num(flop / (c.median * 1e6))}` : ""} | ${c.src} | ${ratios.join(" | ")} |`);
    }
  }

  P();
  P("## Checks (tracegrad, first round)");
  P();
  P(`Expected in float64 (numpy's values): B1 grad ${EXPECTED.B1}, B2 L ${EXPECTED.B2_L} exactly, ` +
    `sum(grad) ${EXPECTED.B2_sumGrad} (to 9 digits), B4 loss ${EXPECTED.B4_loss}, C1 loss ${EXPECTED.C1_loss}.`);
  P();
  P("| unit | variant | check |");
  P("|---|---|---|");
  for (const u of units) {
    for (const o of OURS) {
      const r = rows.get(o)?.get(u)?.recs[0];
      if (r) P(`| ${u} | ${r.variant} | \`${JSON.stringify(r.check)}\` |`);
    }
  }
  P();
  P("## Interference per run (tracegrad and fresh peers)");
  P();
  P("clean% (fast%) / mean cores used by other processes / n_clean of n_raw / raw median ms, per round.");
  P();
  P("| row | unit | per round |");
  P("|---|---|---|");
  for (const [row, m] of rows) {
    for (const u of units) {
      const c = m.get(u);
      if (!c || c.src === "file") continue;
      const per = c.recs.map((r) =>
        `r${r.round}: ${(100 * r.clean_frac).toFixed(0)}% (${(100 * r.fast_frac).toFixed(0)}%) / ` +
        `${r.others_cores_mean?.toFixed(2) ?? "—"} / ${Math.round(r.clean_frac * r.raw_n)} of ${r.raw_n} / ${num(r.raw_median_ms)}`);
      P(`| ${row} | ${u} | ${per.join("; ")} |`);
    }
  }
  return out.join("\n") + "\n";
}
