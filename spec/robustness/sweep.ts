/**
 * The hostile-input sweep, run as its own process by spec/robustness.spec.ts
 * (so a hang is killed by a timeout, and an unhandled rejection or a crash
 * shows as the process's exit instead of taking the test runner down).
 *
 * For every public function (signatures.ts) it first makes the good call
 * (every position keeping its good value), which must return, equal to
 * `jit`'s (a signature whose good call fails would test nothing); then, for
 * every argument position, it puts each hostile value (hostile.ts) in that
 * position, the other positions keeping good values, and checks:
 * - the call returns, or throws a `TracegradError` subclass (anything else
 *   is an escape: a raw TypeError/RangeError, a user getter's own error);
 * - a returned tree of tensors equals what `jit` of the same call gives (its
 *   tensor arguments traced), when `jit` can run it (not a
 *   `ConcretizationError`); a rejected call is rejected by `jit` too, with
 *   the same error class and message;
 * - the case takes less than `SLOW_MS`;
 * - the next call is correct and no transform is left running.
 * It prints one JSON report line (`SweepReport`) on stdout; progress on stderr.
 *
 * usage: node --import tsx spec/robustness/sweep.ts
 * (SWEEP_ONLY=np.pad,optim. limits it to the functions whose names start with one of those prefixes)
 */
import { config, jit, np, grad, Tensor, TracegradError, ConcretizationError, tree } from "../../lib/index.ts";
import { traceState, Tracer } from "../../lib/core/trace.ts";
import { hostileFunctions, hostileValues } from "./hostile.ts";
import { signatures, type Signature } from "./signatures.ts";

/** A case slower than this is reported. */
export const SLOW_MS = 2000;

/** What the sweep found. */
export interface SweepReport {
  readonly cases: number;
  readonly functions: number;
  readonly results: number;
  readonly errors: number;
  readonly jitCompared: number;
  readonly escapes: readonly string[];
  readonly jitMismatches: readonly string[];
  readonly slow: readonly string[];
  readonly corrupted: readonly string[];
  readonly unhandledRejections: readonly string[];
  readonly errorDiffs: readonly string[];
  /** Signatures whose good call threw. */
  readonly goodCallFailures: readonly string[];
  readonly milliseconds: number;
}

const escapes: string[] = [];
const jitMismatches: string[] = [];
const slow: string[] = [];
const corrupted: string[] = [];
const unhandledRejections: string[] = [];
const errorDiffs: string[] = [];
const goodCallFailures: string[] = [];
let results = 0;
let errors = 0;
let jitCompared = 0;

process.on("unhandledRejection", (reason) => {
  unhandledRejections.push(describeError(reason));
});

function describeError(e: unknown): string {
  try {
    if (e instanceof Error) return `${e.name}: ${e.message.slice(0, 200)}${e instanceof TracegradError ? "" : `\n${(e.stack ?? "").split("\n").slice(1, 5).join("\n")}`}`;
    return typeof e === "symbol" ? e.toString() : String(e);
  } catch {
    return "an unprintable value";
  }
}

const f1 = (x: Tensor) => np.sum(np.square(x));
const jittedTriple = jit((x: Tensor) => np.multiply(x, 3));

function nextCallProblem(): string | null {
  const state = traceState();
  if (state.depth !== 0 || state.dynamic) return `a transform was left running: ${JSON.stringify(state)}`;
  const g = grad(f1)([1, 2]).toArray() as number[];
  if (g[0] !== 2 || g[1] !== 4) return `the next grad call gave ${g}`;
  if (jittedTriple(2).item() !== 6) return "the next jit call is wrong";
  if (config.get("maxBufferBytes") !== 2 ** 31) return "the buffer limit changed";
  if (config.get("jitCacheSize") !== 1024) return "the jit cache size changed";
  if (config.get("threefryPartitionable") !== true) return "the threefry layout changed";
  return null;
}

function tensorLeaves(x: unknown): Tensor[] | null {
  if (x instanceof Tensor) return [x];
  if (x === null || typeof x !== "object") return null;
  try {
    const leaves = tree.leaves(x);
    return leaves.length > 0 && leaves.every((l) => l instanceof Tensor) ? (leaves as Tensor[]) : null;
  } catch {
    return null;
  }
}

function sameValues(a: Tensor, b: Tensor): string | null {
  if (a.dtype !== b.dtype || a.shape.join() !== b.shape.join()) return `eager ${a.dtype}[${a.shape}] vs jit ${b.dtype}[${b.shape}]`;
  const xs = a.toTypedArray();
  const ys = b.toTypedArray();
  for (let i = 0; i < xs.length; i++) {
    const p = xs[i];
    const q = ys[i];
    if (p === q || (p !== p && q !== q)) continue;
    if (Math.abs(p - q) <= 1e-12 + 1e-12 * Math.abs(q)) continue;
    return `element ${i}: eager ${p} vs jit ${q}`;
  }
  return null;
}

function swallowPromises(x: unknown): void {
  try {
    for (const leaf of tree.leaves(x)) if (leaf instanceof Promise) leaf.catch(() => undefined);
  } catch {
    // not a tree
  }
}

function isConcreteTensor(x: unknown): boolean {
  try {
    return x instanceof Tensor && !(x instanceof Tracer);
  } catch {
    return false; // a hostile Proxy
  }
}

/** The call under `jit`, its top-level concrete tensor arguments traced. */
function jitCall(s: Signature, args: readonly unknown[]): unknown {
  const positions = args.flatMap((a, i) => (isConcreteTensor(a) ? [i] : []));
  const staged = (...traced: unknown[]) => {
    const callArgs = args.slice();
    positions.forEach((p, k) => (callArgs[p] = traced[k]));
    return s.call(callArgs);
  };
  return jit(staged)(...positions.map((p) => args[p]));
}

/** One case: `make()` in argument `position` (or as option `optionKey` there); position -1 is the good call. */
function runCase(s: Signature, position: number, hostileName: string, make: () => unknown, optionKey?: string): void {
  const label = position < 0 ? `${s.name} (good call)` : `${s.name} #${position}${optionKey === undefined ? "" : `.${optionKey}`} <- ${hostileName}`;
  process.stderr.write(`${label}\n`);
  const started = performance.now();
  const makeArgs = () => {
    const args = s.good.map((m) => m());
    if (position < 0) return args;
    if (optionKey === undefined) args[position] = make();
    else args[position] = { ...(args[position] as object | undefined), [optionKey]: make() };
    return args;
  };
  let eager: { ok: true; value: unknown } | { ok: false; error: unknown };
  try {
    eager = { ok: true, value: s.call(makeArgs()) };
  } catch (error) {
    eager = { ok: false, error };
  }
  if (eager.ok) {
    results++;
    // a result holding promises (tree.map of an async f) is the caller's to handle: handle it here
    swallowPromises(eager.value);
    const leaves = tensorLeaves(eager.value);
    // a leaked tracer handed back unchanged (tree.leaves) is not something jit can return
    if (leaves !== null && !leaves.some((l) => l instanceof Tracer)) {
      try {
        const staged = tensorLeaves(jitCall(s, makeArgs()));
        jitCompared++;
        if (staged === null || staged.length !== leaves.length) jitMismatches.push(`${label}: jit gave another structure`);
        else {
          const problem = leaves.map((l, i) => sameValues(l, staged[i])).find((p) => p !== null);
          if (problem) jitMismatches.push(`${label}: ${problem}`);
        }
      } catch (e) {
        if (!(e instanceof TracegradError)) escapes.push(`${label} (under jit): ${describeError(e)}`);
        else if (!(e instanceof ConcretizationError)) jitMismatches.push(`${label}: eager returned, jit threw ${describeError(e)}`);
      }
    }
  } else {
    errors++;
    if (position < 0) goodCallFailures.push(`${label}: ${describeError(eager.error)}`);
    if (!(eager.error instanceof TracegradError)) escapes.push(`${label}: ${describeError(eager.error)}`);
    else if ((eager.error as Error).message.length < 20) escapes.push(`${label}: a message too short to help: ${describeError(eager.error)}`);
    else {
      // jit rejects the call too, with the same error
      try {
        swallowPromises(jitCall(s, makeArgs()));
        jitMismatches.push(`${label}: eager threw ${describeError(eager.error)}, jit returned`);
      } catch (e) {
        if (!(e instanceof TracegradError)) escapes.push(`${label} (under jit): ${describeError(e)}`);
        else if (e instanceof ConcretizationError && !(eager.error instanceof ConcretizationError)) {
          // the function reads values jit cannot give (numericalGrad, random keys): not jittable, nothing to compare
        } else if (e.constructor !== (eager.error as Error).constructor || e.message !== (eager.error as Error).message) {
          errorDiffs.push(`${label}: eager ${describeError(eager.error)} | jit ${describeError(e)}`);
        }
      }
    }
  }
  try {
    config.update("debugNans", false);
    config.update("maxBufferBytes", 2 ** 31);
    // only when a case changed it: a new bound trims every live jit cache
    if (config.get("jitCacheSize") !== 1024) config.update("jitCacheSize", 1024);
  } catch (e) {
    corrupted.push(`${label}: config cannot be reset: ${describeError(e)}`);
  }
  try {
    const problem = nextCallProblem();
    if (problem !== null) corrupted.push(`${label}: ${problem}`);
  } catch (e) {
    corrupted.push(`${label}: the next call threw ${describeError(e)}`);
  }
  const elapsed = performance.now() - started;
  if (elapsed > SLOW_MS) slow.push(`${label}: ${elapsed.toFixed(0)} ms`);
}

async function main(): Promise<void> {
  const started = performance.now();
  let cases = 0;
  const only = process.env.SWEEP_ONLY?.split(",").filter((p) => p !== "");
  for (const s of signatures) {
    if (only !== undefined && !only.some((p) => s.name.startsWith(p))) continue;
    runCase(s, -1, "", () => undefined);
    cases++;
    for (let position = 0; position < s.good.length; position++) {
      const kinds = { ...hostileValues, ...(s.functionPositions?.includes(position) ? hostileFunctions : {}) };
      for (const [name, make] of Object.entries(kinds)) {
        if (s.skip?.(position, name)) continue;
        runCase(s, position, name, make);
        cases++;
      }
      for (const key of s.options?.[position] ?? []) {
        for (const [name, make] of Object.entries(hostileValues)) {
          if (s.skip?.(position, name)) continue;
          runCase(s, position, name, make, key);
          cases++;
        }
      }
    }
  }
  // let abandoned promises settle: an unhandled rejection is reported, not ignored
  await new Promise((resolve) => setTimeout(resolve, 50));
  const report: SweepReport = {
    cases,
    functions: signatures.length,
    results,
    errors,
    jitCompared,
    escapes,
    jitMismatches,
    slow,
    corrupted,
    unhandledRejections,
    errorDiffs,
    goodCallFailures,
    milliseconds: Math.round(performance.now() - started),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

await main();
