/**
 * `hasAux` for `vjp`, `jvp` and `linearize` (JAX's `has_aux`), and how
 * tangents and cotangents take their values' dtypes: a JS number or array
 * takes it, a tensor of another dtype is a DTypeError, another shape a
 * ShapeError.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, DTypeError, grad, jit, jvp, linearize, np, ShapeError, vjp, vmap, type Tensor } from "../../lib/index.ts";

const x = np.array([0.5, -1, 2]);
/** A loss with an auxiliary tree: a tensor computed on the way, and a plain value. */
const lossWithAux = (v: Tensor) => {
  const z = np.tanh(v);
  return [np.sum(np.square(z)), { z, note: "kept" }] as const;
};

describe("hasAux", () => {
  it("vjp({ hasAux: true }, f, ...primals) gives [out, vjpFn, aux]; aux is f's aux value, not differentiated", () => {
    const [out, back, aux] = vjp({ hasAux: true }, lossWithAux, x);
    expect(out).toBeAllclose(np.sum(np.square(np.tanh(x))));
    expect(aux.z).toBeAllclose(np.tanh(x));
    expect(aux.note).toBe("kept");
    const [g] = back(1) as Tensor[];
    expect(g).toBeAllclose(grad((v: Tensor) => lossWithAux(v)[0])(x));
  });

  it("jvp takes { hasAux } after the tangents (JAX's keyword) or before f, and gives [out, tangent, aux]", () => {
    const t = np.array([1, 0.5, -2]);
    const [y, ty, aux] = jvp(lossWithAux, [x], [t], { hasAux: true });
    const [y2, ty2, aux2] = jvp({ hasAux: true }, lossWithAux, [x], [t]);
    const [y0, ty0] = jvp((v: Tensor) => lossWithAux(v)[0], [x], [t]);
    for (const [a, b] of [[y, y0], [ty, ty0], [y2, y0], [ty2, ty0]] as const) expect(a).toBeAllclose(b, { rtol: 0, atol: 0 });
    expect(aux.z).toBeAllclose(np.tanh(x));
    expect(aux2.note).toBe("kept");
    // hasAux: false is the plain form
    expect(jvp(np.sin, [1], [1], { hasAux: false })).toHaveLength(2);
  });

  it("linearize({ hasAux: true }, f, ...primals) gives [out, fJvp, aux]", () => {
    const [y, fJvp, aux] = linearize({ hasAux: true }, lossWithAux, x);
    const t = np.array([0.25, 1, -1]);
    expect(y).toBeAllclose(lossWithAux(x)[0]);
    expect(fJvp(t)).toBeAllclose(jvp((v: Tensor) => lossWithAux(v)[0], [x], [t])[1], { rtol: 1e-14 });
    expect(aux.z).toBeAllclose(np.tanh(x));
  });

  it("works under jit, vmap and grad, where aux holds the values of the enclosing trace", () => {
    const auxOf = (v: Tensor) => vjp({ hasAux: true }, lossWithAux, v)[2].z;
    expect(jit(auxOf)(x)).toBeAllclose(np.tanh(x));
    const batch = np.stack([x, np.multiply(x, 2)]);
    expect(vmap((v: Tensor) => jvp(lossWithAux, [v], [np.onesLike(v)], { hasAux: true })[2].z)(batch)).toBeAllclose(np.tanh(batch));
    // grad through the aux output of an inner vjp: d/dv Σ tanh(v) = 1 - tanh²(v)
    const outer = grad((v: Tensor) => np.sum(auxOf(v)));
    expect(outer(x)).toBeAllclose(np.subtract(1, np.square(np.tanh(x))), { rtol: 1e-14 });
    // and the inner linearize's aux under an outer jvp
    const [, tangent] = jvp((v: Tensor) => np.sum(linearize({ hasAux: true }, lossWithAux, v)[2].z), [x], [np.ones([3])]);
    expect(tangent).toBeAllclose(np.sum(np.subtract(1, np.square(np.tanh(x)))), { rtol: 1e-14 });
  });

  it("an object in a primal's position is a primal, never options", () => {
    // { hasAux: true } after f is a tree with one bool leaf: a primal (bools cannot be differentiated)
    expect(() => vjp((p: { hasAux: Tensor }) => p.hasAux, { hasAux: true })).toThrow(DTypeError);
    const [out, back] = vjp((p: { w: Tensor }) => np.sum(p.w), { w: x });
    expect(out).toBeAllclose(np.sum(x));
    expect((back(1)[0] as { w: Tensor }).w).toBeAllclose(np.ones([3]));
  });

  it("bad options and bad f are ArgumentErrors naming the transform", () => {
    expect(() => vjp({ hasAux: true, foo: 1 } as never, lossWithAux, x)).toThrow(/^vjp: unknown option "foo"; valid options: hasAux/);
    expect(() => linearize({ hasAux: 1 } as never, lossWithAux, x)).toThrow(/^linearize: hasAux must be a boolean/);
    expect(() => vjp({ hasAux: true }, (v: Tensor) => v as never, x)).toThrow(/^vjp: with hasAux, f must return a pair/);
    expect(() => (linearize as (...a: unknown[]) => unknown)({ hasAux: true }, x)).toThrow(/^linearize: expected a function to transform \(or an options object followed by it\), got \{hasAux: true\}/);
    expect(() => jvp(np.sin, [1], [1], 3 as never)).toThrow(ArgumentError);
    expect(() => (jvp as (...a: unknown[]) => unknown)({ hasAux: true }, lossWithAux, [x], [x], {})).toThrow(/^jvp: expected jvp\(f, primals, tangents, options\?\)/);
    expect(() => (vjp as (...a: unknown[]) => unknown)(42, x)).toThrow(/^vjp: expected a function to transform \(or an options object followed by it\), got 42/);
    expect(() => (vjp as (...a: unknown[]) => unknown)([1], np.sin, x)).toThrow(/^vjp: options must be an object/);
  });
});

describe("tangent and cotangent dtypes", () => {
  const f32 = np.array([1.5, -2], { dtype: "float32" });

  it("a JS number or array tangent takes the primal's dtype (as a cotangent takes the output's)", () => {
    const [y, t] = jvp((v: Tensor) => np.multiply(v, 2), [np.array(1.5, { dtype: "float32" })], [1]);
    expect([y.dtype, t.dtype, t.item()]).toEqual(["float32", "float32", 2]);
    const [, t2] = jvp((v: Tensor) => np.multiply(v, 3), [f32], [[1, 0.5]]);
    expect(t2.dtype).toBe("float32");
    expect(t2.toArray()).toEqual([3, 1.5]);
    const [, fJvp] = linearize((v: Tensor) => np.multiply(v, 3), f32);
    expect((fJvp([2, 1]) as Tensor).dtype).toBe("float32");
    const [, back] = vjp((v: Tensor) => np.multiply(v, 3), f32);
    expect((back([1, 1])[0] as Tensor).dtype).toBe("float32");
  });

  it("a tensor of another dtype is a DTypeError, another shape a ShapeError", () => {
    expect(() => jvp((v: Tensor) => v, [f32], [np.ones([2])])).toThrow(DTypeError);
    expect(() => jvp((v: Tensor) => v, [f32], [np.ones([2])])).toThrow(/^jvp: tangent f64\[2\] has dtype float64 but needs float32/);
    expect(() => jvp((v: Tensor) => v, [np.ones([2])], [np.ones([3])])).toThrow(ShapeError);
    expect(() => jvp((v: Tensor) => v, [np.ones([2])], [[1, 2, 3]])).toThrow(/^jvp: tangent f64\[3\] does not match f64\[2\]/);
    const [, fJvp] = linearize((v: Tensor) => v, f32);
    expect(() => fJvp(np.ones([2]))).toThrow(DTypeError);
    expect(() => fJvp(np.ones([1], { dtype: "float32" }))).toThrow(ShapeError);
    expect(() => (fJvp as (...a: unknown[]) => unknown)(np.ones([2], { dtype: "float32" }), 1)).toThrow(/^linearize: tangents have structure/);
    const [, back] = vjp((v: Tensor) => v, f32);
    expect(() => back(np.ones([2]))).toThrow(DTypeError);
    expect(() => back(np.ones([3], { dtype: "float32" }))).toThrow(ShapeError);
  });
});
