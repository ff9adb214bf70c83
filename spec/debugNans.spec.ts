import { afterEach, describe, expect, it } from "vitest";
import { config, grad, jit, NanError, np, TracegradError, type Tensor } from "../lib/index.ts";

describe("debugNans", () => {
  afterEach(() => config.update("debugNans", false));

  it("is off by default: NaN propagates as IEEE says", () => {
    expect(Number.isNaN(np.log(np.array(-1)).item())).toBe(true);
  });

  it("throws at the first primitive that makes a NaN, naming it and its input shapes (eager)", () => {
    config.update("debugNans", true);
    let caught: unknown;
    try {
      np.sqrt(np.subtract(np.zeros([2, 3]), 1));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(NanError);
    expect(caught).toBeInstanceOf(TracegradError);
    expect((caught as Error).message).toContain("sqrt");
    expect((caught as Error).message).toContain("float64[2,3]");
  });

  it("does not blame a primitive whose input already held the NaN", () => {
    config.update("debugNans", true);
    expect(() => np.add(np.array([NaN, 1]), 1)).not.toThrow();
  });

  it("works inside jitted code and in gradients", () => {
    config.update("debugNans", true);
    const f = jit((x: Tensor) => np.log(np.subtract(x, 2)));
    expect(() => f(np.array([1, 3]))).toThrow(/debugNans: log/);
    expect(() => grad((x: Tensor) => np.sum(np.sqrt(x)))(np.array([-1, 4]))).toThrow(NanError);
    // a clean computation still runs with the check on
    expect(f(np.array([3, 4])).toArray()).toEqual([0, Math.log(2)]);
  });

  it("config rejects unknown options and non-boolean values", () => {
    expect(() => config.update("nope" as "debugNans", true)).toThrow(TracegradError);
    expect(() => config.update("debugNans", 1 as unknown as boolean)).toThrow(TracegradError);
  });
});
