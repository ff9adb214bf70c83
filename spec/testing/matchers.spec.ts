/**
 * The vitest matchers of `tracegrad/testing`: `toBeAllclose` and
 * `toHaveGradientsMatchingNumeric` pass and fail as they should, with `.not`
 * and as asymmetric matchers, and `assertAllclose` (no vitest) agrees.
 *
 * This file imports the setup module as a user's `setupFiles` entry would
 * (vitest.config.ts: `test: { setupFiles: ["tracegrad/testing/setup"] }`).
 */
import "../../lib/testing/setup.ts";
import { describe, expect, it } from "vitest";
import { customVjp, grad, np, TracegradError, type Tensor } from "tracegrad";
import { AllcloseError, assertAllclose } from "tracegrad/testing";

describe("toBeAllclose", () => {
  it("passes on equal and nearly equal values, of any array-like kind", () => {
    expect(np.array([1, 2, 3])).toBeAllclose([1, 2, 3]);
    expect(np.array([1, 2, 3])).toBeAllclose(np.array([1, 2, 3 + 1e-9]));
    expect(grad((x: Tensor) => np.sum(np.square(x)))([1, 2])).toBeAllclose([2, 4]);
    expect(np.array(0.1 + 0.2)).toBeAllclose(0.3);
    expect(np.array([1, 2])).toBeAllclose(new Float64Array([1, 2]));
    expect(np.array([[1, 2], [3, 4]])).toBeAllclose(np.reshape(np.arange(1, 5), [2, 2]));
    expect(np.array([1, 2], { dtype: "float32" })).toBeAllclose([1, 2]);
    expect(np.array([NaN, 1])).toBeAllclose([NaN, 1]);
  });

  it("a 0-d expected value broadcasts", () => {
    expect(np.zeros([2, 3])).toBeAllclose(0);
    expect(() => expect(np.zeros([2, 3])).toBeAllclose(1)).toThrow();
  });

  it("fails on different values, naming the worst element and the tolerance", () => {
    expect(() => expect(np.array([1, 2, 3])).toBeAllclose([1, 2, 4])).toThrow();
    expect(() => expect(np.array([1, 2, 3])).toBeAllclose([1, 2, 4])).toThrow(/1 of 3 element\(s\) differ; the worst at \[2\]: 3 vs expected 4/);
    expect(() => expect(np.array([[1, 2], [3, 4]])).toBeAllclose([[1, 2], [3, 5]])).toThrow(/at \[1, 1\]/);
    expect(() => expect(np.array(1.001)).toBeAllclose(1)).toThrow(/rtol 0.00001, atol 1e-8/);
  });

  it("fails on different shapes and on NaN against a number", () => {
    expect(() => expect(np.array([1, 2, 3])).toBeAllclose([1, 2])).toThrow(/shape \[3\] vs expected \[2\]/);
    expect(() => expect(np.array([[1, 2]])).toBeAllclose([1, 2])).toThrow(/shape/);
    expect(() => expect(np.array([NaN])).toBeAllclose([1])).toThrow();
    expect(() => expect(np.array([NaN])).toBeAllclose([NaN], { equalNan: false })).toThrow();
  });

  it("rtol and atol loosen or tighten it", () => {
    expect(np.array([100])).toBeAllclose([101], { rtol: 0.02 });
    expect(() => expect(np.array([100])).toBeAllclose([101], { rtol: 0.001 })).toThrow();
    expect(np.array([1e-9])).toBeAllclose([0]);
    expect(() => expect(np.array([1e-9])).toBeAllclose([0], { atol: 0 })).toThrow();
    expect(np.array([0.5])).toBeAllclose([0], { atol: 1 });
  });

  it("compares trees leaf by leaf, and their structure", () => {
    const g = { w: np.array([[1, 2]]), b: [np.array(3), np.array([4, 5])] };
    expect(g).toBeAllclose({ w: [[1, 2]], b: [3, [4, 5]] });
    expect(() => expect(g).toBeAllclose({ w: [[1, 2]], b: [3, [4, 6]] })).toThrow(/value\.b\[1\]: .* at \[1\]/);
    expect(() => expect(g).toBeAllclose({ w: [[1, 2]], b: [3] })).toThrow(/structure/);
    expect(() => expect(g).toBeAllclose({ w: [[1, 2]], c: [3, [4, 5]] })).toThrow(/structure/);
  });

  it("works with .not", () => {
    expect(np.array([1, 2])).not.toBeAllclose([1, 3]);
    expect(() => expect(np.array([1, 2])).not.toBeAllclose([1, 2])).toThrow(/not to be allclose/);
  });

  it("works as an asymmetric matcher", () => {
    expect({ loss: 0.5, grad: np.array([1, 2]) }).toEqual({ loss: 0.5, grad: expect.toBeAllclose([1, 2 + 1e-10]) });
    expect(() => expect({ grad: np.array([1, 2]) }).toEqual({ grad: expect.toBeAllclose([1, 3]) })).toThrow();
  });

  it("assertAllclose is the same check without vitest", () => {
    expect(() => assertAllclose(np.array([1, 2]), [1, 2])).not.toThrow();
    expect(() => assertAllclose(np.array([1, 2]), [1, 3])).toThrow(AllcloseError);
    expect(() => assertAllclose(np.array([1, 2]), [1, 3])).toThrow(TracegradError);
    expect(() => assertAllclose({ a: np.array([1, 2]) }, { a: [1, 3] })).toThrow(/value\.a: .* at \[1\]/);
  });
});

describe("toHaveGradientsMatchingNumeric", () => {
  const doubled = customVjp((x: Tensor) => np.sin(x), {
    fwd: (x: Tensor) => [np.sin(x), x],
    bwd: (x: Tensor, ct: Tensor) => [np.multiply(np.multiply(np.cos(x), ct), 2)],
  });

  it("passes on correct derivatives, to order 2 and with trees", () => {
    expect((x: Tensor) => np.sum(np.tanh(x))).toHaveGradientsMatchingNumeric([np.array([0.1, -0.5])]);
    expect((x: Tensor) => np.sum(np.exp(np.sin(x)))).toHaveGradientsMatchingNumeric([np.array([0.3, 0.2])], { order: 2 });
    expect((p: { w: Tensor; b: Tensor }) => np.sum(np.multiply(p.w, p.b))).toHaveGradientsMatchingNumeric([{ w: np.array([1, 2]), b: np.array([3, 4]) }]);
  });

  it("fails on a wrong derivative with checkGrads's report", () => {
    const f = (a: Tensor, p: { x: Tensor }) => np.add(np.sum(a), np.sum(doubled(p.x)));
    const args = [np.array([1.0]), { x: np.array([0.2, 0.4]) }];
    expect(() => expect(f).toHaveGradientsMatchingNumeric(args, { modes: ["rev"] })).toThrow();
    expect(() => expect(f).toHaveGradientsMatchingNumeric(args, { modes: ["rev"] })).toThrow(/rev-mode .* for args\[1\]\.x/);
    expect(f).not.toHaveGradientsMatchingNumeric(args, { modes: ["rev"] });
  });

  it("with .not, fails when the gradients match", () => {
    const f = (x: Tensor) => np.sum(np.square(x));
    expect(() => expect(f).not.toHaveGradientsMatchingNumeric([np.array([1, 2])])).toThrow(/not to match/);
  });

  it("fails when the received value is not a function", () => {
    expect(() => expect(3).toHaveGradientsMatchingNumeric([np.array([1])])).toThrow(/expected a function/);
  });
});
