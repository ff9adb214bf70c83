/**
 * `lax.cond`: grad and jvp match central differences (both branches,
 * closed-over values); vmap with batched and unbatched predicates and jit
 * equal eager; under a traced predicate, partial evaluation keeps a cond of
 * the known parts and a cond of the unknown parts; the printed jaxprs are
 * pinned.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Tensor } from "../../lib/core/tensor.ts";
import { grad, jit, lax, makeJaxpr, np, ShapeError, vmap } from "../../lib/index.ts";
import { checkDerivatives, expectAllclose, loopVmap, randTensor, seedArb, shapeArb, thrown } from "./_util.ts";

const RUNS = 20;

describe("cond", () => {
  /** cond on the sign of Σx, with a closed-over w in one branch and tree operands. */
  const condFn = (x: Tensor, y: Tensor, w: Tensor) =>
    lax.cond(
      np.greater(np.sum(x), 0),
      ({ a, b }: { a: Tensor; b: Tensor }) => [np.multiply(np.sin(a), w), np.sum(np.multiply(b, a))],
      ({ a, b }: { a: Tensor; b: Tensor }) => [np.add(np.cos(a), np.square(b)), np.multiply(np.sum(b), 2)],
      { a: x, b: y },
    ) as [Tensor, Tensor];
  const loss = (x: Tensor, y: Tensor, w: Tensor) => {
    const [u, s] = condFn(x, y, w);
    return np.add(np.sum(np.tanh(u)), np.multiply(s, s));
  };

  it("grad and jvp match central differences (both branches, closed-over values)", () => {
    fc.assert(
      fc.property(shapeArb(0, 2), seedArb, (s, seed) => {
        const [x, y, w] = [randTensor(s, seed), randTensor(s, seed + 1), randTensor(s, seed + 2)];
        fc.pre(Math.abs(np.sum(x).item()) > 1e-3);
        checkDerivatives(loss, [x, y, w], seed, "cond");
      }),
      { numRuns: RUNS },
    );
  });

  it("under vmap with a batched predicate, an unbatched predicate, and under jit, equals eager", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), shapeArb(0, 2), seedArb, (size, s, seed) => {
        const x = randTensor([size, ...s], seed);
        const y = randTensor([size, ...s], seed + 1);
        const w = randTensor(s, seed + 2);
        const f = (xi: Tensor, yi: Tensor) => condFn(xi, yi, w);
        const batchedPred = loopVmap(f, [0, 0], 0, [x, y]);
        expectAllclose(vmap(f)(x, y), batchedPred, {}, "vmap(cond), batched predicate");
        // the predicate reads only an unbatched value
        const g = (yi: Tensor) => condFn(w, yi, w);
        expectAllclose(vmap(g)(y), loopVmap(g, [0], 0, [y]), {}, "vmap(cond), unbatched predicate");
        // a batched value closed over by a branch (a batched constant of the cond), unbatched predicate
        const h = (wi: Tensor) => condFn(w, y.slice(0), wi);
        expectAllclose(vmap(h)(x), loopVmap(h, [0], 0, [x]), {}, "vmap(cond), batched closed-over value");
        expectAllclose(jit(f)(x.slice(0), y.slice(0)), f(x.slice(0), y.slice(0)), {}, "jit(cond)");
        expectAllclose(jit(vmap(f))(x, y), batchedPred, {}, "jit(vmap(cond))");
        // per-example gradients through a batched predicate
        const gradF = (xi: Tensor, yi: Tensor) => grad(loss, { argnums: [0, 1] })(xi, yi, w);
        const perExampleGrads = loopVmap((a, b) => gradF(a, b) as Tensor[], [0, 0], 0, [x, y]);
        expectAllclose(vmap(gradF)(x, y), perExampleGrads, { rtol: 1e-12, atol: 1e-14 }, "vmap(grad(cond))");
        // the cond inside a jit: its jvp jaxpr is partially evaluated with a batched predicate
        const gradJit = (xi: Tensor, yi: Tensor) => grad(jit(loss), { argnums: [0, 1] })(xi, yi, w);
        expectAllclose(vmap(gradJit)(x, y), perExampleGrads, { rtol: 1e-12, atol: 1e-14 }, "vmap(grad(jit(cond)))");
      }),
      { numRuns: RUNS },
    );
  });

  it("a concrete predicate as a JS boolean or number, and integer operands", () => {
    const f = (p: boolean | number) => lax.cond(p, (i: Tensor) => np.add(i, 1), (i: Tensor) => np.subtract(i, 1), np.array(5, { dtype: "int32" }));
    expectAllclose(f(true), np.array(6, { dtype: "int32" }), {}, "true");
    expectAllclose(f(0), np.array(4, { dtype: "int32" }), {}, "0");
  });

  it("branches that disagree are a ShapeError naming both outputs", () => {
    const e = thrown(() => lax.cond(true, (x: Tensor) => np.sum(x), (x: Tensor) => x, np.ones([3])));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toContain("f64[]");
    expect(e.message).toContain("f64[3]");
    const e2 = thrown(() => lax.cond(np.ones([2]), (x: Tensor) => x, (x: Tensor) => x, 1.0));
    expect(e2).toBeInstanceOf(ShapeError);
    expect(e2.message).toMatch(/predicate must be a scalar/);
  });

  it("grad under a traced predicate (jit, vmap, makeJaxpr) differentiates only the branch taken, as JAX", () => {
    // the branch not taken has a singular derivative at 0 (log), which must not leak into the gradient
    const f = (x: Tensor) => lax.cond(np.greater(x, 0), (v: Tensor) => np.log(v), (v: Tensor) => np.multiply(v, 3), x);
    expect(grad(f)(0)).toBeAllclose(3, { rtol: 0, atol: 0, equalNan: false });
    expect(jit(grad(f))(0)).toBeAllclose(3, { rtol: 0, atol: 0, equalNan: false });
    expect(jit(grad(f))(2)).toBeAllclose(0.5, { rtol: 0, atol: 0, equalNan: false });
    expect(vmap(grad(f))(np.array([0, 2, -1]))).toBeAllclose([3, 0.5, 3], { rtol: 0, atol: 0, equalNan: false });
    // the gradient's program: a cond of the known parts (giving residuals) and a cond of the linear parts
    const names = makeJaxpr(grad(f))(0.5).jaxpr.eqns.map((e) => e.primitive.name);
    expect(names.filter((n) => n === "cond")).toHaveLength(2);
    expect(names).not.toContain("select");
  });

  it("under jit, grad and second derivatives through the split cond equal those with a concrete predicate", () => {
    fc.assert(
      fc.property(shapeArb(0, 2), seedArb, (s, seed) => {
        const [x, y, w] = [randTensor(s, seed), randTensor(s, seed + 1), randTensor(s, seed + 2)];
        const argnums = [0, 1, 2];
        expect(jit(grad(loss, { argnums }))(x, y, w)).toBeAllclose(grad(loss, { argnums })(x, y, w), { rtol: 1e-12, atol: 1e-14 });
        const hvp = (g: (...a: Tensor[]) => unknown) => (v: Tensor) => np.sum(np.multiply((g(v, y, w) as Tensor[])[0], y));
        expect(grad(hvp(jit(grad(loss, { argnums }))))(x)).toBeAllclose(grad(hvp(grad(loss, { argnums })))(x), { rtol: 1e-10, atol: 1e-12 });
      }),
      { numRuns: RUNS },
    );
  });

  it("prints as a cond equation holding both branches", () => {
    const closed = makeJaxpr((x: Tensor) => lax.cond(np.greater(x, 0), (v: Tensor) => np.sin(v), (v: Tensor) => np.cos(v), x))(1.0);
    expect(closed.toString()).toMatchInlineSnapshot(`
      "{ lambda ; a:f64[]. let
          b:bool[] = gt a 0.0
          c:f64[] = cond[branches=({ lambda ; d:f64[]. let
                e:f64[] = cos d
              in (e,) }, { lambda ; f:f64[]. let
                g:f64[] = sin f
              in (g,) })] b a
        in (c,) }"
    `);
    const w = np.array([1, 2]);
    const withConsts = makeJaxpr((x: Tensor) => lax.cond(np.greater(np.sum(x), 0), (v: Tensor) => np.multiply(v, w), (v: Tensor) => np.negative(v), x))(np.ones([2]));
    expect(withConsts.toString()).toMatchInlineSnapshot(`
      "{ lambda a:f64[2]; b:f64[2]. let
          c:f64[] = reduce_sum[axes=(0,)] b
          d:bool[] = gt c 0.0
          e:f64[2] = cond[branches=({ lambda ; f:f64[2] g:f64[2]. let
                h:f64[2] = neg g
              in (h,) }, { lambda ; i:f64[2] j:f64[2]. let
                k:f64[2] = mul j i
              in (k,) })] d a b
        in (e,) }"
    `);
  });
});

