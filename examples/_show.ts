/**
 * Printing and checking helpers shared by the examples (not part of the
 * library). Each example prints tracegrad's value beside the number its
 * notebook printed, then `verify`s the agreement and throws if it fails, so
 * running an example is a test.
 */
import { np, type ArrayLike, type Tensor } from "../lib/index.ts";

/** numpy's `str(x)`: what `print(x)` shows in a notebook, e.g. `[-3.  -2.2 -1.4]`. */
export const toStr = (x: Tensor): string => (x as unknown as { toStr(): string }).toStr();

/** Python's `repr` of a float: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function pyFloat(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
  if (v === 0) return Object.is(v, -0) ? "-0.0" : "0.0";
  const [mantissa, power] = v.toExponential().split("e");
  const exponent = Number(power);
  if (exponent < -4 || exponent >= 16) {
    return `${mantissa}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  const fixed = String(v);
  return fixed.includes(".") ? fixed : `${fixed}.0`;
}

/** Python's `repr` of a list of floats: `[0.39, -0.58]`. */
export const pyList = (xs: readonly number[]): string => `[${xs.map(pyFloat).join(", ")}]`;

/** `text` with every line after the first indented under the first line's `prefix`. */
const hang = (prefix: string, text: string): string =>
  prefix + text.split("\n").join("\n" + " ".repeat(prefix.length));

/** Prints a labelled value, and the notebook's printed output beneath it when there is one. */
export function show(label: string, ours: string, notebook?: string): void {
  console.log(label);
  console.log(hang("  tracegrad: ", ours));
  if (notebook !== undefined) console.log(hang("  notebook:  ", notebook));
}

/** One programmatic comparison. */
export interface Check {
  readonly what: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** Exact agreement of printed text: the same digits the notebook printed. */
export function sameText(what: string, ours: string, notebook: string): Check {
  return { what: `${what} (identical text)`, ok: ours === notebook, detail: `got ${JSON.stringify(ours)}, notebook printed ${JSON.stringify(notebook)}` };
}

/** The numbers in a printed array or list, in order (`[[ 0.1 -2.]]` gives 0.1, -2). */
export function parseNumbers(text: string): number[] {
  return (text.match(/[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi) ?? []).map(Number);
}

const flat = (x: ArrayLike | string): number[] =>
  typeof x === "string" ? parseNumbers(x) : Array.from(np.ravel(np.asarray(x)).toTypedArray());

/** max |ours - reference| <= atol, elementwise; a string reference is the notebook's printed text. */
export function close(what: string, ours: ArrayLike, reference: ArrayLike | string, atol: number): Check {
  const [a, b] = [flat(ours), flat(reference)];
  const worst = a.length === b.length ? Math.max(0, ...a.map((v, i) => Math.abs(v - b[i]))) : NaN;
  const bound = atol === 0 ? "0" : atol.toExponential();
  return { what: `${what} (|diff| <= ${bound})`, ok: worst <= atol, detail: `max |diff| = ${worst} (${a.length} vs ${b.length} values)` };
}

/** Prints one line per check; throws if any failed, so a failing example exits non-zero. */
export function verify(checks: readonly Check[]): void {
  console.log(`\nchecks:`);
  for (const c of checks) console.log(`  ${c.ok ? "ok  " : "FAIL"} ${c.what}`);
  const failed = checks.filter((c) => !c.ok);
  if (failed.length > 0) {
    throw new Error(`${failed.length} check(s) failed:\n` + failed.map((c) => `  ${c.what}: ${c.detail}`).join("\n"));
  }
  console.log(`all ${checks.length} checks passed`);
}
