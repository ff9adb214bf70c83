/**
 * The compiler from IR to fused loops: what it fuses, and that a compiled
 * jaxpr computes exactly what eager evaluation does (bit for bit for
 * elementwise work, to rounding for fused reductions), for every dtype.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { grad, jit, makeJaxpr, nn, np, valueAndGrad, type Tensor } from "../lib/index.ts";
import { compileJaxpr } from "../lib/compile/index.ts";
import { plan } from "../lib/compile/fuse.ts";
import type { ConcreteTensor } from "../lib/core/tensor.ts";

const b2 = (x: Tensor) => np.sum(np.add(np.multiply(np.tanh(x), np.exp(np.negative(np.multiply(x, x)))), nn.sigmoid(x)));

function compiledEqualsEager(f: (...xs: Tensor[]) => Tensor, args: Tensor[], exact = true): void {
  const closed = makeJaxpr(f, { simplify: false })(...args);
  const [compiled] = compileJaxpr(closed)(args as ConcreteTensor[]);
  const eager = f(...args);
  expect(compiled.dtype).toBe(eager.dtype);
  expect(compiled.shape).toEqual(eager.shape);
  if (exact) expect(Array.from(compiled.toTypedArray())).toEqual(Array.from(eager.toTypedArray()));
  else expect(np.allclose(compiled, eager, { rtol: 1e-12, atol: 1e-12 })).toBe(true);
}

describe("fusion plan", () => {
  it("puts the whole value-and-grad of an elementwise loss in one loop", () => {
    const steps = plan(makeJaxpr(valueAndGrad(b2))(np.ones([8])).jaxpr);
    expect(steps.map((s) => s.kind)).toEqual(["loop"]);
  });

  it("keeps matmul as a kernel call and fuses the bias add and tanh after it", () => {
    const layer = (x: Tensor, w: Tensor, b: Tensor) => np.tanh(np.add(np.matmul(x, w), b));
    const steps = plan(makeJaxpr(layer)(np.ones([4, 3]), np.ones([3, 5]), np.ones([5])).jaxpr);
    expect(steps.map((s) => (s.kind === "call" ? s.eqn.primitive.name : `loop(${s.eqns.length})`))).toEqual(["dot_general", "loop(2)"]);
  });
});

describe("compiled jaxprs compute what eager does", () => {
  const arbValues = (n: number) => fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: n, maxLength: n });

  it("elementwise chains with scalar and row broadcasts, bit for bit", () => {
    fc.assert(
      fc.property(arbValues(6), arbValues(3), (a, b) => {
        const x = np.array(a).reshape(2, 3);
        const bias = np.array(b);
        compiledEqualsEager((x, bias) => np.maximum(np.multiply(np.sin(np.add(x, bias)), 2.5), np.divide(x, np.add(np.square(bias), 1))), [x, bias]);
      }),
      { numRuns: 50 },
    );
  });

  it("float32, int32 and bool results round exactly as the kernels store them", () => {
    fc.assert(
      fc.property(arbValues(5), (a) => {
        const x32 = np.array(a, { dtype: "float32" });
        compiledEqualsEager((x) => np.tanh(np.multiply(np.exp(x), np.sqrt(np.add(np.square(x), 1)))), [x32]);
        const xi = np.array(a.map((v) => Math.round(v * 1e4)), { dtype: "int32" });
        compiledEqualsEager((x) => np.multiply(np.add(np.multiply(x, x), 7), np.subtract(x, 3)), [xi]);
        compiledEqualsEager((x) => np.where(np.notEqual(np.greater(x, 0), np.less(x, -1)), np.negative(x), np.abs(x)), [np.array(a)]);
      }),
      { numRuns: 50 },
    );
  });

  it("fused reductions agree to rounding, and jit of grad equals eager grad", () => {
    fc.assert(
      fc.property(arbValues(7), (a) => {
        const x = np.array(a);
        compiledEqualsEager(b2, [x], false);
        expect(np.allclose(jit(grad(b2))(x), grad(b2)(x), { rtol: 1e-14, atol: 1e-14 })).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});
