/**
 * Runs ONE unit × variant in this process and prints one JSON line on stdout
 * (a human line on stderr). `run.ts` spawns it once per unit so that cold
 * times are those of a fresh process.
 *
 * usage: node --expose-gc --import ./spec/bench/loader.mjs spec/bench/child.ts --unit=B1 --variant=eager-f64 [--quick] [timing flags]
 *   (--variant=plain-js with a B5 unit: the hand-written JavaScript baseline, reported as "plain JS loops")
 *   `TRACEGRAD_THREADS=n` in the environment sets `config.update("threads", n)` first (as in the specs).
 */
import { envInfo, FULL, Harness, parseArgs, QUICK, timingFrom } from "./harness.ts";
import { ALL_UNITS, makeUnit, VARIANTS, type UnitName, type Variant } from "./units.ts";
import { B5_UNITS, makeB5Baseline, type B5Unit } from "./b5.ts";
import { config } from "../../lib/index.ts";

const args = parseArgs();
if (process.env.TRACEGRAD_THREADS !== undefined) config.update("threads", Number(process.env.TRACEGRAD_THREADS));
const unit = String(args.unit ?? "B1") as UnitName;
const variant = String(args.variant ?? "eager-f64") as Variant;
if (!ALL_UNITS.includes(unit)) throw new Error(`unknown unit ${unit}; one of ${ALL_UNITS.join(", ")}`);
// `--variant=plain-js`: the hand-written JavaScript step of a B5 unit (a baseline in the same run)
const baseline = variant === ("plain-js" as Variant);
if (baseline && !(B5_UNITS as readonly string[]).includes(unit)) throw new Error(`--variant=plain-js: only for ${B5_UNITS.join(", ")}`);
if (!baseline && !VARIANTS.includes(variant)) throw new Error(`unknown variant ${variant}; one of ${VARIANTS.join(", ")}`);

const timing = timingFrom(args, args.quick ? QUICK : FULL);
const u = baseline ? makeB5Baseline(unit as B5Unit) : makeUnit(unit, variant);
const r = await new Harness(timing).run(u.call);
const line = {
  lib: baseline ? "plain JS" : "tracegrad", variant, unit, dtype: u.dtype, ...r, last: undefined, check: u.check(), env: envInfo(), timing,
};
process.stdout.write(JSON.stringify(line) + "\n");
const f = (x: unknown) => {
  if (typeof x !== "number") return "-";
  return x < 1 ? x.toFixed(4) : x < 100 ? x.toFixed(3) : x.toFixed(1);
};
process.stderr.write(
  `[tracegrad] ${unit} ${variant}: median ${f(r.median_ms)} ms (p10 ${f(r.p10_ms)}, p90 ${f(r.p90_ms)}, n=${r.n}), ` +
    `cold ${f(r.cold_ms)} ms | raw median ${f(r.raw_median_ms)} n=${r.raw_n}, ` +
    `clean ${(100 * (r.clean_frac as number)).toFixed(0)}% check=${JSON.stringify(line.check)}\n`,
);
