/**
 * Issue 7, class 10: untrusted values in error messages go through one safe
 * formatter (`showValue`), so a Symbol, a null-prototype object or a throwing
 * `valueOf`/`toString` gives the library's error instead of a raw TypeError;
 * holes in sparse arrays (`[1, , 0]`) are invalid wherever a list is taken.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lax, nn, np, TracegradError } from "../../lib/index.ts";
import { showValue } from "../../lib/core/convert.ts";
import { hostileValues } from "./hostile.ts";
import { thrown } from "./_expect.ts";

const symbol = () => Symbol("s");
const nullProto = () => Object.create(null);
const throwingValueOf = () => ({
  valueOf() {
    throw new Error("valueOf");
  },
  toString() {
    throw new Error("toString");
  },
});
const m = () => np.ones([2, 3]);

// the functions of the issue, each with the untrusted value in the position it named
const calls: [string, (v: any) => unknown][] = [
  ["arange", (v) => np.arange(v)],
  ["arange (step)", (v) => np.arange(0, 3, v)],
  ["linspace", (v) => np.linspace(0, 1, v)],
  ["reshape", (v) => np.reshape(m(), v)],
  ["reshape (a dim)", (v) => np.reshape(m(), [v, 2])],
  ["transpose", (v) => np.transpose(m(), v)],
  ["transpose (an axis)", (v) => np.transpose(m(), [v, 0])],
  ["swapaxes", (v) => np.swapaxes(m(), v, 0)],
  ["take", (v) => np.take(m(), [0], v)],
  ["take (indices)", (v) => np.take(m(), v)],
  ["concatenate", (v) => np.concatenate([m(), v])],
  ["concatenate (axis)", (v) => np.concatenate([m(), m()], v)],
  ["stack", (v) => np.stack([m(), v])],
  ["oneHot", (v) => nn.oneHot([0, 1], v)],
  ["scan's length", (v) => lax.scan((c: unknown) => [c, c], 0, null, { length: v })],
  ["leakyRelu", (v) => nn.leakyRelu(m(), v)],
  ["sum (an axis in a list)", (v) => np.sum(m(), [v])],
  ["slice", (v) => m().slice(v)],
  ["slice (a bound)", (v) => m().slice([0, v])],
];

describe("untrusted values in messages", () => {
  for (const [name, call] of calls) {
    it(`${name}: a Symbol, a null-prototype object, a throwing valueOf give a TracegradError`, () => {
      for (const make of [symbol, nullProto, throwingValueOf]) {
        const e = thrown(() => call(make()));
        expect(e, `${name}(${showValue(make())})`).toBeInstanceOf(TracegradError);
      }
    });
  }

  it("showValue never throws, whatever the value", () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.values(hostileValues)), fc.anything(), (make, anything) => {
        expect(typeof showValue(make())).toBe("string");
        expect(typeof showValue(anything)).toBe("string");
      }),
      { numRuns: 300 },
    );
    expect(showValue(Symbol("s"))).toBe("Symbol(s)");
    expect(showValue(Object.create(null))).toBe("{}");
    expect(showValue([1, , 0])).toBe("[1, <hole>, 0]"); // eslint-disable-line no-sparse-arrays
    expect(showValue(throwingValueOf())).toMatch(/valueOf/);
  });
});

describe("holes are invalid", () => {
  const sparse = () => [1, , 0] as never; // eslint-disable-line no-sparse-arrays
  it("as axes, shapes, index specs, tensor lists and trees", () => {
    const m3 = np.ones([2, 2, 2]);
    for (const [name, call] of [
      ["sum axes", () => np.sum(m3, sparse())],
      ["transpose axes", () => np.transpose(m3, sparse())],
      ["expandDims axes", () => np.expandDims(m3, sparse())],
      ["squeeze axes", () => np.squeeze(np.ones([1, 1, 1]), sparse())],
      ["softmax axes", () => nn.softmax(m3, sparse())],
      ["zeros shape", () => np.zeros(sparse())],
      ["reshape shape", () => np.reshape(np.ones([2]), [2, , 1] as never)], // eslint-disable-line no-sparse-arrays
      ["broadcastTo shape", () => np.broadcastTo(np.ones([1]), sparse())],
      ["concatenate list", () => np.concatenate([np.ones([2]), , np.ones([2])] as never)], // eslint-disable-line no-sparse-arrays
      ["stack list", () => np.stack([np.ones([2]), , np.ones([2])] as never)], // eslint-disable-line no-sparse-arrays
      ["slice spec", () => np.ones([3]).slice([0, , 1] as never)], // eslint-disable-line no-sparse-arrays
      ["np.array data", () => np.array(sparse())],
      // the np functions of issue 9
      ["hstack list", () => np.hstack([np.ones([2]), , np.ones([2])] as never)], // eslint-disable-line no-sparse-arrays
      ["dstack list", () => np.dstack(sparse())],
      ["split indices", () => np.split(np.ones([4]), sparse())],
      ["pad widths", () => np.pad(np.ones([2]), sparse())],
      ["roll shifts", () => np.roll(np.ones([3]), sparse(), [0, 0, 0])],
      ["tile reps", () => np.tile(np.ones([3]), sparse())],
      ["rot90 axes", () => np.rot90(np.ones([2, 2]), 1, [0, , 1] as never)], // eslint-disable-line no-sparse-arrays
      ["broadcastShapes shape", () => np.broadcastShapes(sparse(), [3])],
      ["flip axes", () => np.flip(m3, sparse())],
      ["moveaxis axes", () => np.moveaxis(m3, sparse(), [0, 1, 2])],
    ] as const) {
      const e = thrown(call);
      expect(e, name).toBeInstanceOf(TracegradError);
    }
  });
});

describe("the np functions of issue 9 read list arguments once and safely", () => {
  it("a Proxy with a lying length (1e12) is refused at once, not walked", () => {
    const lying = () => new Proxy([1, 2], { get: (t, k) => (k === "length" ? 1e12 : Reflect.get(t, k)) }) as never;
    for (const [name, call] of [
      ["pad", () => np.pad(np.ones([2]), lying())],
      ["split", () => np.split(np.ones([4]), lying())],
      ["hstack", () => np.hstack(lying())],
      ["broadcastShapes", () => np.broadcastShapes(lying())],
      ["tile", () => np.tile(np.ones([2]), lying())],
    ] as const) {
      const started = performance.now();
      expect(thrown(call), name).toBeInstanceOf(TracegradError);
      expect(performance.now() - started, name).toBeLessThan(1000);
    }
  });

  it("a revoked Proxy or one whose traps throw is a TracegradError (isscalar, the stacks, rot90)", () => {
    const revoked = () => {
      const { proxy, revoke } = Proxy.revocable([1, 2], {});
      revoke();
      return proxy as never;
    };
    for (const call of [() => np.isscalar(revoked()), () => np.vstack(revoked()), () => np.rot90(np.ones([2, 2]), 1, revoked()), () => np.add(revoked(), 1)]) {
      expect(thrown(call)).toBeInstanceOf(TracegradError);
    }
  });
});
