/**
 * customVjp: bwd is really used (a deliberately different bwd changes grad),
 * with trees of arguments, outputs and residuals, null cotangents as zeros,
 * through jit, vmap, jacrev and nesting, where, as in JAX, the outer
 * derivative differentiates fwd and bwd as ordinary functions; forward mode
 * is an error; inside checkpoint.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Tensor } from "../../lib/core/tensor.ts";
import { checkpoint, customJvp, customVjp, grad, hessian, jacfwd, jacrev, jit, jvp, linearize, np, TracegradError, vjp, vmap } from "../../lib/index.ts";
import { expectAllclose, randTensor, seedArb, shapeArb, thrown } from "./_util.ts";

const RUNS = 20;
const TIGHT = { rtol: 1e-12, atol: 1e-14 };

/** sin with a bwd that is twice the true one: grad gives 2·cos, so we can tell bwd ran. */
const sin2 = customVjp((x: Tensor) => np.sin(x), {
  fwd: (x: Tensor) => [np.sin(x), np.cos(x)],
  bwd: (c: Tensor, g: Tensor) => [np.multiply(2, np.multiply(c, g))],
});
const sumSin2 = (x: Tensor) => np.sum(sin2(x));

/** Trees in and out: f({a, b}, s) = [a·b·s, sin a]; residuals a tree; bwd scaled by 3. */
const treeFn = customVjp((p: { a: Tensor; b: Tensor }, s: Tensor) => [np.multiply(np.multiply(p.a, p.b), s), np.sin(p.a)], {
  fwd: (p: { a: Tensor; b: Tensor }, s: Tensor) => [
    [np.multiply(np.multiply(p.a, p.b), s), np.sin(p.a)],
    { ab: [p.a, p.b], s, cos: np.cos(p.a) },
  ],
  bwd: (r: { ab: [Tensor, Tensor]; s: Tensor; cos: Tensor }, [g0, g1]: [Tensor, Tensor]) => {
    const [a, b] = r.ab;
    return [
      { a: np.multiply(3, np.add(np.multiply(np.multiply(g0, b), r.s), np.multiply(g1, r.cos))), b: np.multiply(3, np.multiply(np.multiply(g0, a), r.s)) },
      np.multiply(3, np.sum(np.multiply(np.multiply(g0, a), b))),
    ];
  },
});
const treeTrue = (p: { a: Tensor; b: Tensor }, s: Tensor) => [np.multiply(np.multiply(p.a, p.b), s), np.sin(p.a)];
const treeLoss = (fn: typeof treeTrue) => (p: { a: Tensor; b: Tensor }, s: Tensor) => {
  const [u, v] = fn(p, s);
  return np.add(np.sum(np.square(u)), np.sum(v));
};

describe("customVjp", () => {
  it("bwd is used: grad and vjp give the custom (doubled) derivative, with trees of args, outputs and residuals", () => {
    fc.assert(
      fc.property(shapeArb(0, 2), seedArb, (s, seed) => {
        const x = randTensor(s, seed);
        expectAllclose(sin2(x), np.sin(x), {}, "value is f's");
        expectAllclose(grad(sumSin2)(x), np.multiply(2, np.cos(x)), TIGHT, "grad uses bwd");
        const ct = randTensor(s, seed + 1);
        const [y, back] = vjp(sin2, x);
        expectAllclose(y, np.sin(x), {}, "vjp primal");
        expectAllclose(back(ct), [np.multiply(2, np.multiply(np.cos(x), ct))], TIGHT, "vjp uses bwd");
        // trees: the custom gradient is 3× the true one, leaf by leaf
        const p = { a: randTensor(s, seed + 2), b: randTensor(s, seed + 3) };
        const sc = randTensor([], seed + 4);
        const custom = grad(treeLoss(treeFn as typeof treeTrue), { argnums: [0, 1] })(p, sc);
        const truth = grad(treeLoss(treeTrue), { argnums: [0, 1] })(p, sc) as [{ a: Tensor; b: Tensor }, Tensor];
        expectAllclose(custom, [{ a: np.multiply(3, truth[0].a), b: np.multiply(3, truth[0].b) }, np.multiply(3, truth[1])], TIGHT, "tree bwd");
      }),
      { numRuns: RUNS },
    );
  });

  it("a null cotangent from bwd means zeros for that argument (or subtree), as JAX's None", () => {
    fc.assert(
      fc.property(shapeArb(0, 2), seedArb, (s, seed) => {
        const [x, y] = [randTensor(s, seed), randTensor(s, seed + 1)];
        const onlyY = customVjp((a: Tensor, b: Tensor) => np.multiply(a, b), {
          fwd: (a: Tensor, b: Tensor) => [np.multiply(a, b), a],
          bwd: (a: Tensor, g: Tensor) => [null, np.multiply(g, a)],
        });
        expectAllclose(grad((a: Tensor, b: Tensor) => np.sum(onlyY(a, b)), { argnums: [0, 1] })(x, y), [np.zerosLike(x), x], TIGHT, "[null, g·a]");
        const onlyB = customVjp((p: { a: Tensor; b: Tensor }) => np.multiply(p.a, p.b), {
          fwd: (p: { a: Tensor; b: Tensor }) => [np.multiply(p.a, p.b), p],
          bwd: (p: { a: Tensor; b: Tensor }, g: Tensor) => [{ a: undefined, b: np.multiply(g, p.a) }],
        });
        expectAllclose(grad((p: { a: Tensor; b: Tensor }) => np.sum(onlyB(p)))({ a: x, b: y }), { a: np.zerosLike(x), b: x }, TIGHT, "{a: undefined, b}");
        expectAllclose(vmap(grad((a: Tensor, b: Tensor) => np.sum(onlyY(a, b)), { argnums: 1 }))(np.stack([x, y]), np.stack([y, x])), np.stack([x, y]), TIGHT, "vmap");
      }),
      { numRuns: RUNS },
    );
    const bad = customVjp((p: { a: Tensor; b: Tensor }) => np.multiply(p.a, p.b), {
      fwd: (p: { a: Tensor; b: Tensor }) => [np.multiply(p.a, p.b), p],
      bwd: (_p: unknown, g: Tensor) => [{ a: g, c: g }],
    });
    const e = thrown(() => grad((p: { a: Tensor; b: Tensor }) => np.sum(bad(p)))({ a: np.ones([2]), b: np.ones([2]) }));
    expect(e).toBeInstanceOf(TracegradError);
    expect(e.message).toContain("{a: *, c: *}");
    expect(e.message).toContain("{a: *, b: *}");
  });

  it("survives jit in every position", () => {
    fc.assert(
      fc.property(shapeArb(0, 2), seedArb, (s, seed) => {
        const x = randTensor(s, seed);
        const expected = np.multiply(2, np.cos(x));
        expectAllclose(jit(grad(sumSin2))(x), expected, TIGHT, "jit(grad(f))");
        expectAllclose(grad(jit(sumSin2))(x), expected, TIGHT, "grad(jit(f))");
        expectAllclose(jit(grad(jit(sumSin2)))(x), expected, TIGHT, "jit(grad(jit(f)))");
        expectAllclose(jit(sin2)(x), np.sin(x), {}, "jit(f)");
        // jit inside f, fwd and bwd
        const inner = customVjp(jit((v: Tensor) => np.sin(v)), {
          fwd: jit((v: Tensor) => [np.sin(v), np.cos(v)] as const),
          bwd: (c: Tensor, g: Tensor) => [jit((a: Tensor, b: Tensor) => np.multiply(2, np.multiply(a, b)))(c, g)],
        });
        expectAllclose(grad((v: Tensor) => np.sum(inner(v)))(x), expected, TIGHT, "jit inside fwd/bwd");
      }),
      { numRuns: RUNS },
    );
  });

  it("survives vmap: per-example grads, grad of a vmapped sum, jacrev", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), shapeArb(0, 2), seedArb, (size, s, seed) => {
        const xs = randTensor([size, ...s], seed);
        const expected = np.multiply(2, np.cos(xs));
        expectAllclose(vmap(grad(sumSin2))(xs), expected, TIGHT, "vmap(grad(f))");
        expectAllclose(grad((v: Tensor) => np.sum(vmap(sin2)(v)))(xs), expected, TIGHT, "grad(sum(vmap(f)))");
        expectAllclose(vmap(grad(sumSin2), { inAxes: -1 })(np.transpose(xs, [...s.map((_, i) => i + 1), 0])), expected, TIGHT, "vmap over the last axis");
        const x = xs.slice(0);
        const diag = np.reshape(np.multiply(np.eye(x.size), np.reshape(np.multiply(2, np.cos(x)), [x.size])), [...s, ...s]);
        expectAllclose(jacrev(sin2)(x), diag, TIGHT, "jacrev(f)");
        expectAllclose(jit(vmap(grad(sumSin2)))(xs), expected, TIGHT, "jit(vmap(grad(f)))");
      }),
      { numRuns: RUNS },
    );
  });

  it("nests: the outer derivative differentiates fwd and bwd as ordinary functions (as JAX)", () => {
    fc.assert(
      fc.property(shapeArb(0, 2), seedArb, (s, seed) => {
        const x = randTensor(s, seed);
        // grad f = 2·cos(x) with cos(x) a residual from fwd: JAX's grad(grad(f)) = -2·sin(x)
        expectAllclose(grad((v: Tensor) => np.sum(grad(sumSin2)(v)))(x), np.multiply(-2, np.sin(x)), TIGHT, "grad(grad(f))");
        // a residual that is the input itself, bwd nonlinear in it: d/dx (3x² + x) = 6x + 1
        const cube = customVjp((v: Tensor) => np.power(v, 3), {
          fwd: (v: Tensor) => [np.power(v, 3), v],
          bwd: (r: Tensor, g: Tensor) => [np.multiply(g, np.add(np.multiply(3, np.square(r)), r))],
        });
        const H = hessian((v: Tensor) => np.sum(cube(v)))(np.ravel(x));
        expectAllclose(H, np.multiply(np.eye(x.size), np.add(np.multiply(6, np.ravel(x)), 1)), TIGHT, "jacfwd(jacrev(f)) differentiates bwd");
        // two arguments, the cotangent of each from bwd: second derivatives of bwd(r, g) = [2·g·y, g·x]
        const mul = customVjp((a: Tensor, b: Tensor) => np.multiply(a, b), {
          fwd: (a: Tensor, b: Tensor) => [np.multiply(a, b), [a, b]],
          bwd: ([a, b]: [Tensor, Tensor], g: Tensor) => [np.multiply(2, np.multiply(g, b)), np.multiply(g, a)],
        });
        const a = x;
        const b = randTensor(s, seed + 1);
        const ga = (u: Tensor, v: Tensor) => np.sum(grad((p: Tensor, q: Tensor) => np.sum(mul(p, q)))(u, v));
        expectAllclose(grad(ga, { argnums: [0, 1] })(a, b), [np.zerosLike(a), np.full(b.shape, 2)], TIGHT, "grad of the a-cotangent 2·g·b");
      }),
      { numRuns: RUNS },
    );
  });

  it("forward mode is a TracegradError: jvp, jacfwd, evaluating linearize's map, vmap of jvp", () => {
    const x = np.array([0.5, 1.5]);
    const errors = [
      thrown(() => jvp(sin2, [x], [np.ones([2])])),
      thrown(() => jacfwd(sin2)(x)),
      thrown(() => linearize(sin2, x)[1](np.ones([2]))),
      thrown(() => vmap((t: Tensor) => jvp(sin2, [x], [t])[1])(np.eye(2))),
    ];
    for (const e of errors) {
      expect(e).toBeInstanceOf(TracegradError);
      expect(e.message).toMatch(/customVjp: forward-mode differentiation/);
      expect(e.message).toMatch(/customJvp/);
    }
    // forward over reverse differentiates bwd as an ordinary function, as in JAX: it works, as does reverse over reverse
    const expected = np.multiply(np.eye(2), np.multiply(-2, np.sin(x)));
    expectAllclose(hessian(sumSin2)(x), expected, TIGHT, "hessian = jacfwd(jacrev)");
    expectAllclose(jacrev(jacrev(sumSin2))(x), expected, TIGHT, "jacrev(jacrev)");
  });

  it("inside checkpoint, and checkpoint under vmap (its linear map holds the custom rule)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), shapeArb(0, 2), seedArb, (size, s, seed) => {
        const xs = randTensor([size, ...s], seed);
        const f = (v: Tensor) => np.sum(checkpoint((u: Tensor) => np.tanh(sin2(np.multiply(u, 1.5))))(v));
        const truth = (v: Tensor) => np.multiply(np.multiply(1.5, np.subtract(1, np.square(np.tanh(np.sin(np.multiply(v, 1.5)))))), np.multiply(2, np.cos(np.multiply(v, 1.5))));
        expectAllclose(grad(f)(xs.slice(0)), truth(xs.slice(0)), TIGHT, "grad(checkpoint(customVjp))");
        expectAllclose(vmap(grad(f))(xs), truth(xs), TIGHT, "vmap(grad(checkpoint(customVjp)))");
        expectAllclose(grad((v: Tensor) => np.sum(vmap(f)(v)))(xs), truth(xs), TIGHT, "grad(vmap(checkpoint(customVjp)))");
      }),
      { numRuns: RUNS },
    );
  });
});

