/**
 * Bad input never hurts: every public function, fed wrong shapes, ragged
 * arrays, NaN/±Infinity, strings, undefined, bad dims, int tensors to grad,
 * mismatched trees, out-of-range argnums/axes, leaked tracers and hostile
 * values (Symbols, BigInts, Proxies, throwing getters, null-prototype
 * objects, holes, cycles, nesting 10,000 deep, sizes past the buffer limit,
 * Promises, async functions), either works (equal to `jit` of the same call)
 * or throws a TracegradError naming the op; nothing else escapes, nothing
 * hangs, no promise is left to reject, and the next valid call is correct.
 *
 * Two properties: random combinations of values in every function (fast-check,
 * in this process), and the sweep of spec/robustness/sweep.ts, which puts each
 * hostile value in each argument position of each public function, in its own
 * process so that a hang is a timeout and a crash is an exit code.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { TracegradError, config } from "../lib/index.ts";
import { arbValue, calls, describeValue, nextCallStillCorrect, sane } from "./robustness/cases.ts";
import type { SweepReport } from "./robustness/sweep.ts";

describe("every public function under bad input", () => {
  it("works or throws a TracegradError; the next call is correct", () => {
    const names = Object.keys(calls);
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.array(arbValue, { minLength: 0, maxLength: 4 }), (name, makers) => {
        const args = makers.map((m) => m());
        try {
          sane(calls[name](args));
        } catch (e) {
          if (!(e instanceof TracegradError)) {
            throw new Error(`${name}(${args.map(describeValue).join(", ")}) threw a non-TracegradError: ${(e as Error)?.stack ?? String(e)}`);
          }
          expect((e as Error).message.length).toBeGreaterThan(10);
        } finally {
          config.update("debugNans", false);
          config.update("maxBufferBytes", 2 ** 31);
        }
        nextCallStillCorrect();
      }),
      { numRuns: 1200 },
    );
  });
});

describe("the hostile sweep: each hostile value in each argument position of each public function", () => {
  const SWEEP_TIMEOUT_MS = 200_000;

  it("0 escapes, jit agrees, nothing hangs, crashes or rejects unhandled, the next call is correct", () => {
    const script = fileURLToPath(new URL("./robustness/sweep.ts", import.meta.url));
    const child = spawnSync(process.execPath, ["--import", "tsx", "--max-old-space-size=2048", script], {
      encoding: "utf8",
      timeout: SWEEP_TIMEOUT_MS,
      maxBuffer: 64 * 1024 * 1024,
    });
    const progress = (child.stderr ?? "").trim().split("\n");
    if (child.error !== undefined || child.status !== 0) {
      throw new Error(
        `the sweep did not finish (${child.error?.message ?? `exit ${child.status}, signal ${child.signal}`}); ` +
          `last case started: ${progress[progress.length - 1]}\n${(child.stderr ?? "").slice(-2000)}`,
      );
    }
    const report = JSON.parse(child.stdout.trim().split("\n").pop()!) as SweepReport;
    // every public function: issue 9's groups (math, special, statistics, indexing and sorting, random's samplers,
    // nn.initializers, the bitwise functions, ...), np.fft, einsum, the linear algebra, optim, the jit cache and
    // trees included (554 signatures, ~55,500 cases)
    expect(report.cases).toBeGreaterThanOrEqual(50_000);
    expect(report.functions).toBeGreaterThanOrEqual(540);
    expect(report.escapes).toEqual([]);
    expect(report.jitMismatches).toEqual([]);
    expect(report.errorDiffs).toEqual([]);
    expect(report.slow).toEqual([]);
    expect(report.corrupted).toEqual([]);
    expect(report.unhandledRejections).toEqual([]);
    // every signature's good call works (else its hostile cases would only meet that call's own error)
    expect(report.goodCallFailures).toEqual([]);
    // the sweep compares with jit on a good share of the calls that return
    expect(report.jitCompared).toBeGreaterThan(3000);
  }, 240_000);
});
