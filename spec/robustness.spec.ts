/**
 * Bad input never hurts: every public function, fed wrong shapes, ragged
 * arrays, NaN/±Infinity, strings, undefined, bad dims, int tensors to grad,
 * mismatched trees, out-of-range argnums/axes and leaked tracers, either
 * works (NaN propagates) or throws a TracegradError naming the op; nothing
 * else escapes, and the next valid call is still correct.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { TracegradError, config } from "../lib/index.ts";
import { arbValue, calls, describeValue, nextCallStillCorrect, sane } from "./robustness/cases.ts";

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
            throw new Error(`${name}(${args.map(describeValue).join(", ")}) threw a non-TracegradError: ${(e as Error)?.stack ?? e}`);
          }
          expect((e as Error).message.length).toBeGreaterThan(10);
        } finally {
          config.update("debugNans", false);
        }
        nextCallStillCorrect();
      }),
      { numRuns: 1200 },
    );
  });
});
