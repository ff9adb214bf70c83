/**
 * Issue 7, class 11: where tracegrad differed from JAX, it now does what JAX
 * does (each value checked against JAX's, worked out by hand here).
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, config, grad, jit, NanError, nn, np, TracerLeakError, vmap, type Tensor } from "../../lib/index.ts";
import { expectEagerEqualsJit } from "./_expect.ts";

describe("JAX's semantics", () => {
  it("nn.relu(NaN) is NaN (it was 0, hiding NaNs from debugNans); relu's derivative at 0 stays 0", () => {
    const out = expectEagerEqualsJit((x: Tensor) => nn.relu(x), [np.array([NaN, -1, 0, 2])]) as Tensor;
    expect(out.toArray()).toEqual([NaN, 0, 0, 2]);
    expect(grad((x: Tensor) => np.sum(nn.relu(x)))([-1, 0, 2]).toArray()).toEqual([0, 0, 1]);
    config.update("debugNans", true);
    try {
      expect(() => nn.relu(np.log(np.array(-1)))).toThrow(NanError);
    } finally {
      config.update("debugNans", false);
    }
  });

  it("the derivative of abs at 0 is 1 (select(x >= 0, t, -t)); softplus keeps σ(0) = 1/2", () => {
    expect(grad(np.abs)(0.0).item()).toBe(1);
    expect(grad((x: Tensor) => np.sum(np.abs(x)))([-2, -0, 0, 3]).toArray()).toEqual([-1, 1, 1, 1]);
    expect(grad(nn.softplus)(0.0).item()).toBe(0.5);
    expect(grad(nn.logSigmoid)(0.0).item()).toBe(0.5);
  });

  it("x.at(...).set(v) and .add(v) keep the operand's dtype (an int32 array stays int32)", () => {
    const x = np.array([1, 2, 3], "int32");
    const set = expectEagerEqualsJit((t: Tensor) => t.at(0).set(5.5), [x]) as Tensor;
    expect(set.dtype).toBe("int32");
    expect(set.toArray()).toEqual([5, 2, 3]);
    const added = x.at([1, null]).add(0.75);
    expect(added.dtype).toBe("int32");
    expect(added.toArray()).toEqual([1, 2, 3]);
    const f32 = np.zeros([2], "float32").at(0).set(np.array(1.5));
    expect(f32.dtype).toBe("float32");
    expect(np.zeros([2], "bool").at(1).set(3).toArray()).toEqual([false, true]);
  });

  it("nn.oneHot of non-integer (and NaN, out-of-range) indices gives zero rows", () => {
    const out = expectEagerEqualsJit((i: Tensor) => nn.oneHot(i, 3), [np.array([0.5, 1, NaN, -1, 3, 2])]) as Tensor;
    expect(out.toArray()).toEqual([
      [0, 0, 0],
      [0, 1, 0],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 1],
    ]);
    expect(nn.oneHot(np.array([1, 2], "int32"), 3, "float32").dtype).toBe("float32");
  });

  it("a repeated axis in softmax, logSoftmax, logsumexp, squeeze (and expandDims, transpose) is an error", () => {
    const x = np.ones([1, 2]);
    for (const call of [
      () => nn.softmax(x, [0, 0]),
      () => nn.softmax(x, [1, -1]),
      () => nn.logSoftmax(x, [0, 0]),
      () => nn.logsumexp(x, [1, 1]),
      () => np.squeeze(x, [0, 0]),
      () => np.squeeze(x, [0, -2]),
      () => np.expandDims(x, [0, 0]),
      () => np.transpose(x, [1, 1]),
    ]) {
      expect(call).toThrow(/repeated axis/);
    }
  });

  it("vmap of a leaked tracer is refused", () => {
    let leaked: Tensor | undefined;
    grad((x: Tensor) => {
      leaked = x;
      return np.sum(x);
    })(np.ones([2]));
    expect(() => vmap(np.sin)(leaked!)).toThrow(TracerLeakError);
    expect(() => vmap((a: Tensor) => np.add(a, leaked!))(np.ones([2]))).toThrow(TracerLeakError);
    expect(() => jit(np.sin)(leaked!)).toThrow(TracerLeakError);
    expect(() => np.sin(leaked!)).toThrow(TracerLeakError);
  });

  it("a forgotten hasAux says so", () => {
    const f = (x: Tensor) => [np.sum(x), { note: "aux" }];
    expect(() => grad(f)(np.ones([2]))).toThrow(ArgumentError);
    expect(() => grad(f)(np.ones([2]))).toThrow(/pass \{ hasAux: true \}/);
    const [g, aux] = grad(f, { hasAux: true })(np.ones([2]));
    expect(g.toArray()).toEqual([1, 1]);
    expect(aux).toEqual({ note: "aux" });
  });
});
