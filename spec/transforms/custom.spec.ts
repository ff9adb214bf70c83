/**
 * User-defined derivatives and rematerialization.
 * - customVjp: bwd is really used (a deliberately different bwd changes
 *   grad), through jit, vmap, jacrev and nesting, where, as in JAX, the
 *   outer derivative differentiates fwd and bwd as ordinary functions;
 *   forward mode is an error.
 * - customJvp: the rule is used by jvp, and by grad transposed; jit, vmap,
 *   nesting (the outer derivative differentiates the rule).
 * - Both: closing over vmap/jit tracers works; differentiating with respect
 *   to a closed-over value is an error, as in JAX.
 * - checkpoint: same derivatives as without it, fewer residuals.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Tensor } from "../../lib/core/tensor.ts";
import {
  checkpoint,
  customJvp,
  customVjp,
  grad,
  hessian,
  jacfwd,
  jacrev,
  jit,
  jvp,
  lax,
  linearize,
  makeJaxpr,
  np,
  numericalGrad,
  TracegradError,
  vjp,
  vmap,
} from "../../lib/index.ts";
import { expectClose, loopVmap, randTensor, seedArb, shapeArb, thrown } from "./_util.ts";

const RUNS = 20;
const TIGHT = { rtol: 1e-12, atol: 1e-14 };

// ---------------------------------------------------------------------------
// customVjp

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
        expectClose(sin2(x), np.sin(x), {}, "value is f's");
        expectClose(grad(sumSin2)(x), np.multiply(2, np.cos(x)), TIGHT, "grad uses bwd");
        const ct = randTensor(s, seed + 1);
        const [y, back] = vjp(sin2, x);
        expectClose(y, np.sin(x), {}, "vjp primal");
        expectClose(back(ct), [np.multiply(2, np.multiply(np.cos(x), ct))], TIGHT, "vjp uses bwd");
        // trees: the custom gradient is 3× the true one, leaf by leaf
        const p = { a: randTensor(s, seed + 2), b: randTensor(s, seed + 3) };
        const sc = randTensor([], seed + 4);
        const custom = grad(treeLoss(treeFn as typeof treeTrue), { argnums: [0, 1] })(p, sc);
        const truth = grad(treeLoss(treeTrue), { argnums: [0, 1] })(p, sc) as [{ a: Tensor; b: Tensor }, Tensor];
        expectClose(custom, [{ a: np.multiply(3, truth[0].a), b: np.multiply(3, truth[0].b) }, np.multiply(3, truth[1])], TIGHT, "tree bwd");
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
        expectClose(grad((a: Tensor, b: Tensor) => np.sum(onlyY(a, b)), { argnums: [0, 1] })(x, y), [np.zerosLike(x), x], TIGHT, "[null, g·a]");
        const onlyB = customVjp((p: { a: Tensor; b: Tensor }) => np.multiply(p.a, p.b), {
          fwd: (p: { a: Tensor; b: Tensor }) => [np.multiply(p.a, p.b), p],
          bwd: (p: { a: Tensor; b: Tensor }, g: Tensor) => [{ a: undefined, b: np.multiply(g, p.a) }],
        });
        expectClose(grad((p: { a: Tensor; b: Tensor }) => np.sum(onlyB(p)))({ a: x, b: y }), { a: np.zerosLike(x), b: x }, TIGHT, "{a: undefined, b}");
        expectClose(vmap(grad((a: Tensor, b: Tensor) => np.sum(onlyY(a, b)), { argnums: 1 }))(np.stack([x, y]), np.stack([y, x])), np.stack([x, y]), TIGHT, "vmap");
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
        expectClose(jit(grad(sumSin2))(x), expected, TIGHT, "jit(grad(f))");
        expectClose(grad(jit(sumSin2))(x), expected, TIGHT, "grad(jit(f))");
        expectClose(jit(grad(jit(sumSin2)))(x), expected, TIGHT, "jit(grad(jit(f)))");
        expectClose(jit(sin2)(x), np.sin(x), {}, "jit(f)");
        // jit inside f, fwd and bwd
        const inner = customVjp(jit((v: Tensor) => np.sin(v)), {
          fwd: jit((v: Tensor) => [np.sin(v), np.cos(v)]),
          bwd: (c: Tensor, g: Tensor) => [jit((a: Tensor, b: Tensor) => np.multiply(2, np.multiply(a, b)))(c, g)],
        });
        expectClose(grad((v: Tensor) => np.sum(inner(v)))(x), expected, TIGHT, "jit inside fwd/bwd");
      }),
      { numRuns: RUNS },
    );
  });

  it("survives vmap: per-example grads, grad of a vmapped sum, jacrev", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), shapeArb(0, 2), seedArb, (size, s, seed) => {
        const xs = randTensor([size, ...s], seed);
        const expected = np.multiply(2, np.cos(xs));
        expectClose(vmap(grad(sumSin2))(xs), expected, TIGHT, "vmap(grad(f))");
        expectClose(grad((v: Tensor) => np.sum(vmap(sin2)(v)))(xs), expected, TIGHT, "grad(sum(vmap(f)))");
        expectClose(vmap(grad(sumSin2), { inAxes: -1 })(np.transpose(xs, [...s.map((_, i) => i + 1), 0])), expected, TIGHT, "vmap over the last axis");
        const x = xs.slice(0);
        const diag = np.reshape(np.multiply(np.eye(x.size), np.reshape(np.multiply(2, np.cos(x)), [x.size])), [...s, ...s]);
        expectClose(jacrev(sin2)(x), diag, TIGHT, "jacrev(f)");
        expectClose(jit(vmap(grad(sumSin2)))(xs), expected, TIGHT, "jit(vmap(grad(f)))");
      }),
      { numRuns: RUNS },
    );
  });

  it("nests: the outer derivative differentiates fwd and bwd as ordinary functions (as JAX)", () => {
    fc.assert(
      fc.property(shapeArb(0, 2), seedArb, (s, seed) => {
        const x = randTensor(s, seed);
        // grad f = 2·cos(x) with cos(x) a residual from fwd: JAX's grad(grad(f)) = -2·sin(x)
        expectClose(grad((v: Tensor) => np.sum(grad(sumSin2)(v)))(x), np.multiply(-2, np.sin(x)), TIGHT, "grad(grad(f))");
        // a residual that is the input itself, bwd nonlinear in it: d/dx (3x² + x) = 6x + 1
        const cube = customVjp((v: Tensor) => np.power(v, 3), {
          fwd: (v: Tensor) => [np.power(v, 3), v],
          bwd: (r: Tensor, g: Tensor) => [np.multiply(g, np.add(np.multiply(3, np.square(r)), r))],
        });
        const H = hessian((v: Tensor) => np.sum(cube(v)))(np.ravel(x));
        expectClose(H, np.multiply(np.eye(x.size), np.add(np.multiply(6, np.ravel(x)), 1)), TIGHT, "jacfwd(jacrev(f)) differentiates bwd");
        // two arguments, the cotangent of each from bwd: second derivatives of bwd(r, g) = [2·g·y, g·x]
        const mul = customVjp((a: Tensor, b: Tensor) => np.multiply(a, b), {
          fwd: (a: Tensor, b: Tensor) => [np.multiply(a, b), [a, b]],
          bwd: ([a, b]: [Tensor, Tensor], g: Tensor) => [np.multiply(2, np.multiply(g, b)), np.multiply(g, a)],
        });
        const a = x;
        const b = randTensor(s, seed + 1);
        const ga = (u: Tensor, v: Tensor) => np.sum(grad((p: Tensor, q: Tensor) => np.sum(mul(p, q)))(u, v));
        expectClose(grad(ga, { argnums: [0, 1] })(a, b), [np.zerosLike(a), np.full(b.shape, 2)], TIGHT, "grad of the a-cotangent 2·g·b");
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
    expectClose(hessian(sumSin2)(x), expected, TIGHT, "hessian = jacfwd(jacrev)");
    expectClose(jacrev(jacrev(sumSin2))(x), expected, TIGHT, "jacrev(jacrev)");
  });

  it("inside checkpoint, and checkpoint under vmap (its linear map holds the custom rule)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), shapeArb(0, 2), seedArb, (size, s, seed) => {
        const xs = randTensor([size, ...s], seed);
        const f = (v: Tensor) => np.sum(checkpoint((u: Tensor) => np.tanh(sin2(np.multiply(u, 1.5))))(v));
        const truth = (v: Tensor) => np.multiply(np.multiply(1.5, np.subtract(1, np.square(np.tanh(np.sin(np.multiply(v, 1.5)))))), np.multiply(2, np.cos(np.multiply(v, 1.5))));
        expectClose(grad(f)(xs.slice(0)), truth(xs.slice(0)), TIGHT, "grad(checkpoint(customVjp))");
        expectClose(vmap(grad(f))(xs), truth(xs), TIGHT, "vmap(grad(checkpoint(customVjp)))");
        expectClose(grad((v: Tensor) => np.sum(vmap(f)(v)))(xs), truth(xs), TIGHT, "grad(vmap(checkpoint(customVjp)))");
      }),
      { numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------------------
// customJvp

/** sin whose rule says 2·cos: jvp gives 2·cos·t and grad (its transpose) 2·cos. */
const sinJ = customJvp((x: Tensor) => np.sin(x), ([x]: Tensor[], [t]: Tensor[]) => [np.sin(x), np.multiply(np.multiply(2, np.cos(x)), t)]);

/** JAX's log1pexp example: the rule is stable where autodiff of the formula gives NaN. */
const log1pexpFormula = (x: Tensor) => np.log(np.add(1, np.exp(x)));
const log1pexp = customJvp(log1pexpFormula, ([x]: Tensor[], [t]: Tensor[]) => [
  log1pexpFormula(x),
  np.multiply(t, np.subtract(1, np.divide(1, np.add(1, np.exp(x))))),
]);

describe("customJvp", () => {
  it("the rule is used by jvp, and transposed by grad and jacrev", () => {
    fc.assert(
      fc.property(shapeArb(0, 2), seedArb, (s, seed) => {
        const x = randTensor(s, seed);
        const t = randTensor(s, seed + 1);
        const [y, ty] = jvp(sinJ, [x], [t]);
        expectClose(y, np.sin(x), {}, "primal");
        expectClose(ty, np.multiply(np.multiply(2, np.cos(x)), t), TIGHT, "jvp uses the rule");
        expectClose(grad((v: Tensor) => np.sum(sinJ(v)))(x), np.multiply(2, np.cos(x)), TIGHT, "grad transposes the rule");
        expectClose(jacrev(sinJ)(x), jacfwd(sinJ)(x), TIGHT, "jacrev = jacfwd");
      }),
      { numRuns: RUNS },
    );
  });

  it("under jit and vmap, in both orders with jvp and grad", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), shapeArb(0, 2), seedArb, (size, s, seed) => {
        const xs = randTensor([size, ...s], seed);
        const ts = randTensor([size, ...s], seed + 1);
        const expectedT = np.multiply(np.multiply(2, np.cos(xs)), ts);
        const jvpOne = (x: Tensor, t: Tensor) => jvp(sinJ, [x], [t])[1];
        expectClose(vmap(jvpOne)(xs, ts), expectedT, TIGHT, "vmap(jvp)");
        expectClose(jvp(vmap(sinJ), [xs], [ts])[1], expectedT, TIGHT, "jvp(vmap)");
        expectClose(jit(vmap(jvpOne))(xs, ts), expectedT, TIGHT, "jit(vmap(jvp))");
        expectClose(jvp(jit(sinJ), [xs], [ts])[1], expectedT, TIGHT, "jvp(jit)");
        const sumSinJ = (v: Tensor) => np.sum(sinJ(v));
        expectClose(vmap(grad(sumSinJ))(xs), np.multiply(2, np.cos(xs)), TIGHT, "vmap(grad)");
        expectClose(jit(grad(sumSinJ))(xs), np.multiply(2, np.cos(xs)), TIGHT, "jit(grad)");
        expectClose(grad(jit(sumSinJ))(xs), np.multiply(2, np.cos(xs)), TIGHT, "grad(jit)");
        // the unbatched argument of a two-argument custom function under vmap
        const scaled = customJvp((a: Tensor, b: Tensor) => np.multiply(a, np.exp(b)), ([a, b]: Tensor[], [ta, tb]: Tensor[]) => [
          np.multiply(a, np.exp(b)),
          np.add(np.multiply(ta, np.exp(b)), np.multiply(np.multiply(a, np.exp(b)), np.multiply(3, tb))),
        ]);
        const b = randTensor(s, seed + 2);
        const g = (a: Tensor, bb: Tensor) => grad((u: Tensor, v: Tensor) => np.sum(scaled(u, v)), { argnums: [0, 1] })(a, bb) as Tensor[];
        expectClose(vmap(g, { inAxes: [0, null] })(xs, b), loopVmap(g, [0, null], 0, [xs, b]), TIGHT, "vmap(grad) with an unbatched argument");
      }),
      { numRuns: RUNS },
    );
  });

  it("nests: second derivatives differentiate the rule (d/dx 2cos x = -2 sin x)", () => {
    fc.assert(
      fc.property(shapeArb(0, 2), seedArb, (s, seed) => {
        const x = randTensor(s, seed);
        const sumSinJ = (v: Tensor) => np.sum(sinJ(v));
        expectClose(grad((v: Tensor) => np.sum(grad(sumSinJ)(v)))(x), np.multiply(-2, np.sin(x)), TIGHT, "grad(grad)");
        const H = hessian(sumSinJ)(np.ravel(x));
        expectClose(H, np.multiply(np.eye(x.size), np.multiply(-2, np.sin(np.ravel(x)))), TIGHT, "hessian");
        expectClose(jacfwd(jacfwd(sumSinJ))(np.ravel(x)), H, TIGHT, "jacfwd(jacfwd)");
      }),
      { numRuns: RUNS },
    );
  });

  it("JAX's log1pexp: the custom rule is finite where the formula's autodiff is NaN", () => {
    const gradF = grad((v: Tensor) => np.sum(log1pexp(v)));
    expectClose(gradF(np.array([0, 1, -3])), numericalGrad((v: Tensor) => np.sum(log1pexp(v)))(np.array([0, 1, -3])), { rtol: 1e-8, atol: 1e-10 }, "matches numerics");
    expectClose(gradF(np.array([800.0])), np.array([1.0]), {}, "grad at 800");
    expect(Number.isNaN(grad((v: Tensor) => np.sum(log1pexpFormula(v)))(np.array([800.0])).toArray()[0])).toBe(true);
    expectClose(vmap(grad(log1pexp))(np.array([800.0, 0])), np.array([1, 0.5]), {}, "vmap(grad) at 800");
  });
});

// ---------------------------------------------------------------------------
// closure over tracers

describe("customVjp and customJvp closing over tracers", () => {
  const makeVjp = (w: Tensor) =>
    customVjp((x: Tensor) => np.multiply(x, w), {
      fwd: (x: Tensor) => [np.multiply(x, w), null],
      bwd: (_r: null, g: Tensor) => [np.multiply(g, w)],
    });
  const makeJvp = (w: Tensor) => customJvp((x: Tensor) => np.multiply(x, w), ([x]: Tensor[], [t]: Tensor[]) => [np.multiply(x, w), np.multiply(t, w)]);

  it("closing over vmap and jit tracers works", () => {
    const ws = np.array([1, 2, 3]);
    const x = np.array([0.5, -1]);
    for (const make of [makeVjp, makeJvp]) {
      const perW = (w: Tensor) => grad((v: Tensor) => np.sum(np.square(make(w)(v))))(x);
      const expected = loopVmap(perW, [0], 0, [ws]);
      expectClose(vmap(perW)(ws), expected, TIGHT, `vmap over a closed-over value (${make.name})`);
      expectClose(jit(vmap(perW))(ws), expected, TIGHT, `jit(vmap) over a closed-over value (${make.name})`);
      expectClose(jit(perW)(np.array(2)), perW(np.array(2)), TIGHT, `jit with a closed-over traced value (${make.name})`);
    }
  });

  it("differentiating with respect to a closed-over value is a TracegradError, as in JAX", () => {
    const x = np.array([1.0, 2.0]);
    for (const [name, make] of [["customVjp", makeVjp], ["customJvp", makeJvp]] as const) {
      for (const run of [
        () => grad((w: Tensor) => np.sum(make(w)(x)))(np.array(2.0)),
        () => jvp((w: Tensor) => make(w)(x), [np.array(2.0)], [np.array(1.0)]),
        () => grad((v: Tensor) => np.sum(make(np.sum(v))(v)))(x),
      ]) {
        const e = thrown(run);
        expect(e).toBeInstanceOf(TracegradError);
        expect(e.message).toContain(`${name}: detected differentiation of a ${name} function with respect to a closed-over value`);
      }
    }
    // a closed-over constant that is not differentiated is fine
    expectClose(grad((v: Tensor) => np.sum(makeVjp(np.array(3))(v)))(x), np.full([2], 3), TIGHT, "constant closure");
  });
});

// ---------------------------------------------------------------------------
// checkpoint

describe("checkpoint", () => {
  const body = (W: Tensor) => (x: Tensor, y: Tensor) => {
    const h = np.tanh(np.add(np.matmul(W, x), y));
    const z = np.sin(np.multiply(h, h));
    return [np.exp(np.multiply(z, 0.5)), np.sum(np.multiply(z, x))];
  };
  const loss = (wrap: <F extends (...a: any[]) => any>(f: F) => F) => (W: Tensor, x: Tensor, y: Tensor) => {
    const [u, s] = wrap(body(W))(x, y);
    const [v] = wrap(body(W))(u, np.multiply(y, s));
    return np.sum(np.square(v));
  };
  const plain = loss((f) => f);
  const remat = loss(checkpoint);
  const argsArb = fc.tuple(fc.integer({ min: 1, max: 3 }), seedArb).map(([n, seed]) => [randTensor([n, n], seed), randTensor([n], seed + 1), randTensor([n], seed + 2)] as const);
  const argnums = [0, 1, 2];

  it("gives the same value, gradients, second derivatives and jvp as without it", () => {
    fc.assert(
      fc.property(argsArb, seedArb, (args, seed) => {
        expectClose(remat(...args), plain(...args), {}, "value");
        expectClose(grad(remat, { argnums })(...args), grad(plain, { argnums })(...args), TIGHT, "grad");
        const ts = args.map((a, i) => randTensor(a.shape, seed + i));
        expectClose(jvp(remat, [...args], ts), jvp(plain, [...args], ts), TIGHT, "jvp");
        const x = args[1];
        expectClose(hessian((v: Tensor) => remat(args[0], v, args[2]))(x), hessian((v: Tensor) => plain(args[0], v, args[2]))(x), { rtol: 1e-10, atol: 1e-12 }, "hessian");
        expectClose(grad((v: Tensor) => np.sum(grad(remat, { argnums: 1 })(args[0], v, args[2])))(x), grad((v: Tensor) => np.sum(grad(plain, { argnums: 1 })(args[0], v, args[2])))(x), { rtol: 1e-10, atol: 1e-12 }, "grad(grad)");
      }),
      { numRuns: RUNS },
    );
  });

  it("under jit and vmap gives the same gradients", () => {
    fc.assert(
      fc.property(argsArb, fc.integer({ min: 1, max: 3 }), seedArb, ([W, x, y], size, seed) => {
        const expected = grad(plain, { argnums })(W, x, y);
        expectClose(jit(grad(remat, { argnums }))(W, x, y), expected, TIGHT, "jit(grad(checkpoint))");
        expectClose(grad(jit(remat), { argnums })(W, x, y), expected, TIGHT, "grad(jit(checkpoint))");
        const xs = randTensor([size, ...x.shape], seed);
        const per = (v: Tensor) => grad(remat, { argnums })(W, v, y) as Tensor[];
        const perPlain = (v: Tensor) => grad(plain, { argnums })(W, v, y) as Tensor[];
        expectClose(vmap(per)(xs), loopVmap(perPlain, [0], 0, [xs]), TIGHT, "vmap(grad(checkpoint))");
      }),
      { numRuns: RUNS },
    );
  });

  it("nests: checkpoint inside checkpoint and inside scan, under grad, hessian, jvp, vmap and jit", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), seedArb, (n, seed) => {
        const cell = (x: Tensor) => np.sin(np.multiply(np.cos(x), x));
        const nested = (x: Tensor) => np.sum(checkpoint((v: Tensor) => checkpoint(cell)(cell(v)))(x));
        const flat = (x: Tensor) => np.sum(cell(cell(x)));
        const inScan = (wrap: (f: (x: Tensor) => Tensor) => (x: Tensor) => Tensor) => (x: Tensor) =>
          np.sum(lax.scan((c: Tensor, a: Tensor): [Tensor, Tensor] => [wrap(cell)(np.add(c, a)), c], x, np.stack([x, np.square(x)]))[0]);
        const x = randTensor([n], seed);
        const xs = np.stack([x, randTensor([n], seed + 1)]);
        for (const [name, f, g] of [
          ["checkpoint(checkpoint)", nested, flat],
          ["scan(checkpoint)", inScan(checkpoint), inScan((h) => h)],
        ] as const) {
          expectClose(grad(f)(x), grad(g)(x), TIGHT, `grad ${name}`);
          expectClose(hessian(f)(x), hessian(g)(x), { rtol: 1e-10, atol: 1e-12 }, `hessian ${name}`);
          expectClose(jvp(grad(f), [x], [xs.slice(1)]), jvp(grad(g), [x], [xs.slice(1)]), { rtol: 1e-10, atol: 1e-12 }, `jvp(grad) ${name}`);
          expectClose(vmap(grad(f))(xs), vmap(grad(g))(xs), TIGHT, `vmap(grad) ${name}`);
          expectClose(jit(grad(f))(x), grad(g)(x), TIGHT, `jit(grad) ${name}`);
        }
      }),
      { numRuns: 10 },
    );
  });

  it("stores fewer residuals: the linearized jaxpr keeps only the checkpoint's inputs", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 5 }), seedArb, (n, depth, seed) => {
        const chain = (x: Tensor) => {
          let h = x;
          for (let i = 0; i < depth; i++) h = np.sin(np.multiply(h, 1.1));
          return h;
        };
        const x = randTensor([n], seed);
        const residuals = (f: (v: Tensor) => Tensor) => {
          const [, fJvp] = linearize((v: Tensor) => np.sum(f(v)), x);
          return makeJaxpr(fJvp)(x).jaxpr.constvars.length;
        };
        const withRemat = residuals(checkpoint(chain));
        const without = residuals(chain);
        expect(withRemat).toBe(1); // just x
        expect(without).toBeGreaterThanOrEqual(depth); // one cos per sin, at least
        expect(withRemat).toBeLessThan(without);
        // and the linear maps agree
        const t = randTensor([n], seed + 1);
        expectClose(linearize((v: Tensor) => np.sum(checkpoint(chain)(v)), x)[1](t), linearize((v: Tensor) => np.sum(chain(v)), x)[1](t), TIGHT, "linear maps");
      }),
      { numRuns: RUNS },
    );
  });
});
