/**
 * Types that carry through the transforms: checked by `tsc` (this file is
 * part of `npm run typecheck`; `expectTypeOf` is a no-op at run time), and
 * each call also runs, so the runtime values have the shapes the types say.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  evalShape, grad, hessian, tree, jacfwd, jacrev, jit, jvp, lax, linearize, makeJaxpr, np, numericalGrad, valueAndGrad, vjp, vmap,
  type ClosedJaxpr, type ShapeDtypeStruct, type Tensor,
} from "tracegrad";
import * as optim from "tracegrad/optim";

type Params = { w: Tensor; b: Tensor };
const params: Params = { w: np.ones([3, 2]), b: np.zeros([2]) };
const x = np.array([[1, 2, 3], [0.5, -1, 2]]);
const loss = (p: Params, input: Tensor): Tensor => np.mean(np.square(np.add(np.matmul(input, p.w), p.b)));

describe("grad and valueAndGrad", () => {
  it("give the differentiated argument's tree, a tuple for argnums arrays, and [g, aux] with hasAux", () => {
    const g = grad(loss)(params, x);
    expectTypeOf(g).toEqualTypeOf<{ w: Tensor; b: Tensor }>();
    expect(g.w.shape).toEqual([3, 2]);

    const gx = grad(loss, { argnums: 1 })(params, x);
    expectTypeOf(gx).toEqualTypeOf<Tensor>();
    const both = grad(loss, { argnums: [0, 1] })(params, x);
    expectTypeOf(both).toEqualTypeOf<[{ w: Tensor; b: Tensor }, Tensor]>();
    expect(both[1].shape).toEqual([2, 3]);

    const withAux = (p: Params, input: Tensor) => [loss(p, input), { logits: np.matmul(input, p.w), step: 3 }] as const;
    const [ga, aux] = grad(withAux, { hasAux: true })(params, x);
    expectTypeOf(ga).toEqualTypeOf<{ w: Tensor; b: Tensor }>();
    expectTypeOf(aux).toEqualTypeOf<{ readonly logits: Tensor; readonly step: 3 }>();
    expect(aux.step).toBe(3);

    const [value, gv] = valueAndGrad(loss)(params, x);
    expectTypeOf(value).toEqualTypeOf<Tensor>();
    expectTypeOf(gv).toEqualTypeOf<{ w: Tensor; b: Tensor }>();
    const [[v2, aux2], g2] = valueAndGrad(withAux, { hasAux: true })(params, x);
    expectTypeOf(v2).toEqualTypeOf<Tensor>();
    expectTypeOf(aux2.logits).toEqualTypeOf<Tensor>();
    expectTypeOf(g2).toEqualTypeOf<{ w: Tensor; b: Tensor }>();
    expectTypeOf(numericalGrad(loss)(params, x)).toEqualTypeOf<{ w: Tensor; b: Tensor }>();
  });

  it("accept array-likes where f takes tensors, and map array-like leaves of the argument to tensors", () => {
    const f = (v: Tensor) => np.sum(np.square(v));
    expectTypeOf(grad(f)).parameters.toEqualTypeOf<[v: Tensor | number | boolean | import("tracegrad").NestedNumbers | Float64Array | Float32Array | Int32Array | Uint32Array]>();
    expect(grad(f)([1, 2]).toArray()).toEqual([2, 4]);
    const g = grad((p: { a: number[]; b: [Tensor, Tensor] }) => np.sum(np.add(p.a, np.add(p.b[0], p.b[1]))))({ a: [1, 2], b: [np.ones([2]), np.ones([2])] });
    expectTypeOf(g).toEqualTypeOf<{ a: Tensor; b: [Tensor, Tensor] }>();
    // @ts-expect-error: a string is no tensor
    expect(() => grad(f)("1")).toThrow();
    // @ts-expect-error: the tree must have f's structure
    expect(() => grad(loss)({ w: np.ones([3, 2]) }, x)).toThrow();
  });

  it("stay any for untyped functions", () => {
    const untyped = grad((v: any) => np.sum(v));
    expectTypeOf(untyped(np.ones([2]))).toBeAny();
  });
});

describe("the other transforms keep the signature", () => {
  it("vmap, jit and makeJaxpr", () => {
    const batched = vmap((w: Tensor, v: Tensor) => np.dot(v, w), { inAxes: [null, 0] });
    expectTypeOf(batched).toBeCallableWith(np.ones([3]), [[1, 2, 3]]);
    expectTypeOf(batched(np.ones([3]), np.ones([5, 3]))).toEqualTypeOf<Tensor>();
    const step = jit((p: Params, state: optim.OptState, input: Tensor) => {
      const [value, grads] = valueAndGrad(loss)(p, input);
      return [grads, state, value] as const;
    });
    const [grads, , value] = step(params, {}, x);
    expectTypeOf(grads).toEqualTypeOf<{ w: Tensor; b: Tensor }>();
    expectTypeOf(value).toEqualTypeOf<Tensor>();
    expectTypeOf(jit((a: Tensor) => ({ s: np.sum(a), n: 2 }))(np.ones([2]))).toEqualTypeOf<{ s: Tensor; n: Tensor }>();
    expectTypeOf(makeJaxpr(loss)(params, x)).toEqualTypeOf<ClosedJaxpr>();
    expectTypeOf(evalShape(loss)(params, x)).toEqualTypeOf<ShapeDtypeStruct>();
  });

  it("jvp, vjp and linearize", () => {
    const f = (p: Params, input: Tensor) => ({ out: np.matmul(input, p.w), total: loss(p, input) });
    const [primal, tangent] = jvp(f, [params, x], [{ w: np.ones([3, 2]), b: np.ones([2]) }, np.zeros([2, 3])]);
    expectTypeOf(primal).toEqualTypeOf<{ out: Tensor; total: Tensor }>();
    expectTypeOf(tangent.total).toEqualTypeOf<Tensor>();
    const [out, pullback] = vjp(f, params, x);
    expectTypeOf(out.out).toEqualTypeOf<Tensor>();
    const [cp, cx] = pullback({ out: np.ones([2, 2]), total: 1 });
    expectTypeOf(cp).toEqualTypeOf<{ w: Tensor; b: Tensor }>();
    expectTypeOf(cx).toEqualTypeOf<Tensor>();
    expect(cp.w.shape).toEqual([3, 2]);
    const [y, fJvp] = linearize(np.sin, 1.0);
    expectTypeOf(y).toEqualTypeOf<Tensor>();
    expectTypeOf(fJvp(2.0)).toEqualTypeOf<Tensor>();
  });

  it("jacfwd, jacrev and hessian: each output leaf holds the argument's tree", () => {
    expectTypeOf(jacfwd((v: Tensor) => np.sin(v))(np.ones([2]))).toEqualTypeOf<Tensor>();
    const jp = jacrev((p: Params) => ({ a: np.sum(p.w), b: p.b }))(params);
    expectTypeOf(jp).toEqualTypeOf<{ a: { w: Tensor; b: Tensor }; b: { w: Tensor; b: Tensor } }>();
    expect(jp.b.b.shape).toEqual([2, 2]);
    const h = hessian((p: Params) => np.sum(np.square(p.w)))(params);
    expectTypeOf(h).toEqualTypeOf<{ w: { w: Tensor; b: Tensor }; b: { w: Tensor; b: Tensor } }>();
    expect(h.w.w.shape).toEqual([3, 2, 3, 2]);
  });

  it("lax.cond returns trueFn's type", () => {
    const r = lax.cond(true, (v: Tensor) => ({ y: v }), (v: Tensor) => ({ y: np.negative(v) }), np.ones([2]));
    expectTypeOf(r).toEqualTypeOf<{ y: Tensor }>();
  });
});

describe("tree", () => {
  it("leaves and unflatten take the leaf and tree types the caller names", () => {
    const leaves = tree.leaves<Tensor>(params);
    expectTypeOf(leaves).toEqualTypeOf<Tensor[]>();
    const [, def] = tree.flatten(params);
    expectTypeOf(tree.unflatten<Params>(def, leaves)).toEqualTypeOf<Params>();
    expect(leaves.map((l) => l.shape)).toEqual([[2], [3, 2]]);
  });
});
