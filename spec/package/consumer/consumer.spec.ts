// vitest with tracegrad/testing/setup in setupFiles: the matchers work and typecheck.
import { describe, expect, it } from "vitest";
import { grad, np, type Tensor } from "tracegrad";

describe("a consumer's spec", () => {
  it("uses the matchers from tracegrad/testing/setup", () => {
    expect(grad((x: Tensor) => np.sum(np.square(x)))(np.array([1, 2]))).toBeAllclose([2, 4]);
    expect((x: Tensor) => np.sum(np.sin(x))).toHaveGradientsMatchingNumeric([np.array([0.1, 0.2])], { order: 2 });
    expect({ g: np.array([1, 2]) }).toEqual({ g: expect.toBeAllclose([1, 2]) });
  });
});
