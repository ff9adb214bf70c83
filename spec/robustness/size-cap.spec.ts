/**
 * Issue 7, class 2: one buffer limit (`config`'s `maxBufferBytes`, 2 GiB by
 * default) on every allocation: primitives' outputs (eagerly and staged under
 * `jit`), creation functions, random samplers, parsed data. Going past it is
 * a `ShapeError` naming the op, the shape and the bytes, never tens of GB
 * allocated or a raw RangeError.
 */
import { afterEach, describe, expect, it } from "vitest";
import { config, jit, nn, np, random, ShapeError, type Tensor } from "../../lib/index.ts";
import { DEFAULT_MAX_BUFFER_BYTES } from "../../lib/core/limits.ts";
import { expectEagerAndJitReject, thrown } from "./_expect.ts";

afterEach(() => config.update("maxBufferBytes", DEFAULT_MAX_BUFFER_BYTES));

function expectCapError(call: () => unknown, op: string, shape: string, bytes: number): void {
  const e = thrown(call);
  expect(e).toBeInstanceOf(ShapeError);
  const message = (e as Error).message;
  expect(message.startsWith(`${op}: `)).toBe(true);
  expect(message).toContain(`shape ${shape}`);
  expect(message).toContain(`(${bytes} bytes)`);
  expect(message).toContain("maxBufferBytes");
}

describe("the reproductions of issue 7 give the buffer-limit error", () => {
  it("zeros [5e4, 5e4]", () => expectCapError(() => np.zeros([5e4, 5e4]), "zeros", "[50000,50000]", 2e10));
  it("a broadcast to the same size (add of [5e4,1] and [1,5e4])", () => {
    expectCapError(() => np.add(np.ones([5e4, 1]), np.ones([1, 5e4])), "add", "[50000,50000]", 2e10);
  });
  it("arange and linspace with 3e9 elements", () => {
    expectCapError(() => np.arange(3e9), "arange", "[3000000000]", 1.2e10);
    expectCapError(() => np.linspace(0, 1, 3e9), "linspace", "[3000000000]", 2.4e10);
  });
  it("broadcastTo", () => expectCapError(() => np.broadcastTo(np.ones([1]), [5e4, 5e4]), "broadcastTo", "[50000,50000]", 2e10));
  it("matmul of an outer product", () => expectCapError(() => np.matmul(np.ones([5e4, 1]), np.ones([1, 5e4])), "matmul", "[50000,50000]", 2e10));
  it("oneHot with 1e10 classes", () => expectCapError(() => nn.oneHot(np.array([1]), 1e10), "oneHot", "[1,10000000000]", 8e10));
  it("random.permutation(1e10)", () => expectCapError(() => random.permutation(random.key(0), 1e10), "random.permutation", "[10000000000]", 4e10));
});

describe("random: the draws a sampler makes in passing are checked too", () => {
  it("maxwell's 3-vectors, ball's d-vectors and a choice's inverse-CDF table, by the sampler's name", () => {
    config.update("maxBufferBytes", 1000);
    // maxwell's and choice's outputs fit (50 float64 values are 400 bytes), the values behind them do not
    expect(random.normal(random.key(0), [50]).size).toBe(50);
    expectCapError(() => random.maxwell(random.key(0), [50]), "random.maxwell", "[50,3]", 1200);
    expectCapError(() => random.doubleSidedMaxwell(random.key(0), 0, 1, [50]), "random.doubleSidedMaxwell", "[50,3]", 1200);
    expectCapError(() => random.choice(random.key(0), 10, [40], { p: np.full([10], 0.1) }), "random.choice", "[40,10]", 3200);
    expectCapError(() => random.ball(random.key(0), 10, 2, [40]), "random.ball", "[40,10]", 3200);
  });

  it("the same error eagerly and under jit, where the key is traced", () => {
    expectEagerAndJitReject((k: Tensor) => random.normal(k, [1e5, 1e5]), [random.key(0)], ShapeError, /random\.normal: .*\[100000,100000\]/);
    expectEagerAndJitReject((k: Tensor, a: Tensor) => random.gamma(k, a, [1e5, 1e5]), [random.key(0), np.ones([1])], ShapeError, /random\.gamma: /);
  });
});

describe("every allocation path is checked", () => {
  it("primitives' outputs, eagerly and staged under jit (an intermediate never allocated)", () => {
    const outer = (a: Tensor, b: Tensor) => np.sum(np.multiply(a, b));
    expectEagerAndJitReject(outer, [np.ones([5e4, 1]), np.ones([1, 5e4])], ShapeError, /mul: .*\[50000,50000\].*needs 18\.6 GiB/);
  });

  it("creation, random and parsed data", () => {
    const big = [1e5, 1e5];
    for (const [op, call] of [
      ["ones", () => np.ones(big)],
      ["full", () => np.full(big, 2)],
      ["eye", () => np.eye(1e5)],
      ["random.normal", () => random.normal(random.key(0), big)],
      ["random.uniform", () => random.uniform(random.key(0), big)],
      ["random.bits", () => random.bits(random.key(0), big)],
      ["random.randint", () => random.randint(random.key(0), big, 0, 3)],
      ["random.split", () => random.split(random.key(0), 1e10)],
      ["random.split", () => random.split(random.key(0), big)],
      // every sampler checks the draws it is asked for, before building anything
      ["random.gamma", () => random.gamma(random.key(0), 2, big)],
      ["random.poisson", () => random.poisson(random.key(0), 2, big)],
      ["random.categorical", () => random.categorical(random.key(0), np.zeros([3]), { shape: big })],
      ["random.choice", () => random.choice(random.key(0), 3, big)],
      ["random.choice", () => random.choice(random.key(0), 1e10, [2], false)],
      ["random.truncatedNormal", () => random.truncatedNormal(random.key(0), np.zeros([1e5, 1]), np.ones([1, 1e5]))],
      ["random.dirichlet", () => random.dirichlet(random.key(0), [1, 2], big)],
      // the glorot, lecun and he initializers are varianceScaling's, and say so
      ["initializers.varianceScaling", () => nn.initializers.heNormal()(random.key(0), big)],
      ["initializers.zeros", () => nn.initializers.zeros(random.key(0), big)],
      ["array", () => np.array(new Array(1e5).fill(new Array(1e5)))],
    ] as const) {
      const e = thrown(call);
      expect(e, op).toBeInstanceOf(ShapeError);
      expect((e as Error).message.startsWith(`${op}: `), (e as Error).message).toBe(true);
    }
  });

  it("the limit is a setting: lowered, small tensors are refused; restored, they work", () => {
    expect(config.get("maxBufferBytes")).toBe(2 ** 31);
    const x = np.ones([50]);
    config.update("maxBufferBytes", 1000);
    expectCapError(() => np.zeros([200]), "zeros", "[200]", 1600);
    const outer = (v: Tensor) => np.sum(np.multiply(np.reshape(v, [50, 1]), np.reshape(v, [1, 50])));
    expectCapError(() => outer(x), "mul", "[50,50]", 20000);
    expectCapError(() => jit(outer)(x), "mul", "[50,50]", 20000);
    expect(np.zeros([200], "float32").size).toBe(200); // 800 bytes
    config.update("maxBufferBytes", DEFAULT_MAX_BUFFER_BYTES);
    expect(np.zeros([200]).size).toBe(200);
  });

  it("the setting takes a positive integer only", () => {
    for (const bad of [0, -1, 1.5, NaN, Infinity, "1e9", 10n, null]) {
      expect(() => config.update("maxBufferBytes", bad as number)).toThrow(/maxBufferBytes/);
    }
    expect(config.get("maxBufferBytes")).toBe(DEFAULT_MAX_BUFFER_BYTES);
  });
});

describe("the np functions of issue 9 check the buffer before building their index maps or data", () => {
  it("pad, repeat, the windows, logspace/geomspace and vander: a ShapeError, not a hang or a raw RangeError", () => {
    expectCapError(() => np.pad(np.ones([2]), 1e10), "pad", "[20000000002]", 160000000016);
    expectCapError(() => np.pad(np.ones([2]), [0, 1e10], "edge"), "pad", "[10000000002]", 80000000016);
    expectCapError(() => np.repeat(np.ones([2]), [1e10, 1]), "repeat", "[10000000001]", 80000000008);
    expectCapError(() => np.hanning(1e10), "hanning", "[10000000000]", 8e10);
    expectCapError(() => np.bartlett(1e10), "bartlett", "[10000000000]", 8e10);
    expectCapError(() => np.kaiser(1e10, 2), "kaiser", "[10000000000]", 8e10);
    expectCapError(() => np.logspace(0, 1, 1e10), "logspace", "[10000000000]", 8e10);
    expectCapError(() => np.geomspace(1, 2, 1e10), "geomspace", "[10000000000]", 8e10);
    expectCapError(() => np.vander(np.ones([2]), 1e10), "vander", "[2,10000000000]", 1.6e11);
    // an empty result needs no memory: numpy's shape, not an error
    expect(np.vander(np.ones([0]), 1e10).shape).toEqual([0, 1e10]);
  });

  it("split into more sections than an argument list holds is refused up front", () => {
    const e = thrown(() => np.arraySplit(np.ones([0]), 1e10));
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toMatch(/arraySplit: the number of sections must be a positive integer up to 16777216, got 10000000000/);
  });
});
