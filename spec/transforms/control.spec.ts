/**
 * Structured control flow: cond, scan and foriLoop differentiate both ways
 * (grad and jvp match central differences; closed-over values too), while
 * whileLoop is forward-mode only (jvp matches, grad is a TracegradError
 * pointing at forward mode). All four agree with eager evaluation under
 * vmap (batched predicates included) and jit; grad(scan) equals the grad of
 * the unrolled loop; the printed jaxprs of cond and scan are pinned.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Tensor } from "../../lib/core/tensor.ts";
import { grad, jit, jvp, lax, makeJaxpr, np, numericalGrad, numericalJvp, ShapeError, TracegradError, vmap } from "../../lib/index.ts";
import { expectClose, loopVmap, randTensor, seedArb, shapeArb, thrown } from "./_util.ts";

const RUNS = 20;
const GRAD_TOL = { rtol: 1e-6, atol: 1e-7 };

/** grad (all argnums) and jvp (random tangents) of a scalar `f` match central differences. */
function checkDerivatives(f: (...xs: Tensor[]) => Tensor, xs: Tensor[], seed: number, what: string): void {
  const argnums = xs.map((_, i) => i);
  expectClose(grad(f, { argnums })(...xs), numericalGrad(f, { argnums })(...xs), GRAD_TOL, `grad of ${what}`);
  const ts = xs.map((x, i) => randTensor(x.shape, seed + 17 * i));
  const [y, t] = jvp(f, xs, ts);
  const [y0, t0] = numericalJvp(f, xs, ts);
  expectClose(y, y0, {}, `jvp primal of ${what}`);
  expectClose(t, t0, GRAD_TOL, `jvp tangent of ${what}`);
}

// ---------------------------------------------------------------------------
// cond

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
        expectClose(vmap(f)(x, y), batchedPred, {}, "vmap(cond), batched predicate");
        // the predicate reads only an unbatched value
        const g = (yi: Tensor) => condFn(w, yi, w);
        expectClose(vmap(g)(y), loopVmap(g, [0], 0, [y]), {}, "vmap(cond), unbatched predicate");
        // a batched value closed over by a branch (a batched constant of the cond), unbatched predicate
        const h = (wi: Tensor) => condFn(w, y.slice(0), wi);
        expectClose(vmap(h)(x), loopVmap(h, [0], 0, [x]), {}, "vmap(cond), batched closed-over value");
        expectClose(jit(f)(x.slice(0), y.slice(0)), f(x.slice(0), y.slice(0)), {}, "jit(cond)");
        expectClose(jit(vmap(f))(x, y), batchedPred, {}, "jit(vmap(cond))");
        // per-example gradients through a batched predicate
        const gradF = (xi: Tensor, yi: Tensor) => grad(loss, { argnums: [0, 1] })(xi, yi, w);
        const perExampleGrads = loopVmap((a, b) => gradF(a, b) as Tensor[], [0, 0], 0, [x, y]);
        expectClose(vmap(gradF)(x, y), perExampleGrads, { rtol: 1e-12, atol: 1e-14 }, "vmap(grad(cond))");
        // the cond inside a jit: its jvp jaxpr is partially evaluated with a batched predicate
        const gradJit = (xi: Tensor, yi: Tensor) => grad(jit(loss), { argnums: [0, 1] })(xi, yi, w);
        expectClose(vmap(gradJit)(x, y), perExampleGrads, { rtol: 1e-12, atol: 1e-14 }, "vmap(grad(jit(cond)))");
      }),
      { numRuns: RUNS },
    );
  });

  it("a concrete predicate as a JS boolean or number, and integer operands", () => {
    const f = (p: boolean | number) => lax.cond(p, (i: Tensor) => np.add(i, 1), (i: Tensor) => np.subtract(i, 1), np.array(5, { dtype: "int32" }));
    expectClose(f(true), np.array(6, { dtype: "int32" }), {}, "true");
    expectClose(f(0), np.array(4, { dtype: "int32" }), {}, "0");
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

// ---------------------------------------------------------------------------
// scan

describe("scan", () => {
  /** An RNN-like step: closed-over W, carry (h, acc), per-step (x, s), outputs (y, h). */
  const step = (W: Tensor) => ([h, acc]: [Tensor, Tensor], { x, s }: { x: Tensor; s: Tensor }): [[Tensor, Tensor], [Tensor, Tensor]] => {
    const hNew = np.tanh(np.add(np.matmul(W, h), np.multiply(x, s)));
    return [[hNew, np.add(acc, np.sum(np.square(hNew)))], [np.sum(np.multiply(hNew, x)), h]];
  };
  const scanLoss = (reverse: boolean) => (W: Tensor, h0: Tensor, xs: Tensor, ss: Tensor) => {
    const [[h, acc], [ys, hs]] = lax.scan(step(W), [h0, np.array(0)], { x: xs, s: ss }, { reverse });
    return np.add(np.add(np.sum(np.multiply(h, h)), acc), np.add(np.sum(np.sin(ys)), np.sum(np.multiply(hs, 0.5))));
  };
  /** The same loop in plain JS. */
  const unrolledLoss = (reverse: boolean) => (W: Tensor, h0: Tensor, xs: Tensor, ss: Tensor) => {
    const T = xs.shape[0];
    let carry: [Tensor, Tensor] = [h0, np.array(0)];
    const ys: Tensor[] = new Array(T);
    const hs: Tensor[] = new Array(T);
    for (let k = 0; k < T; k++) {
      const i = reverse ? T - 1 - k : k;
      const [next, [y, hPrev]] = step(W)(carry, { x: xs.slice(i), s: ss.slice(i) });
      carry = next;
      ys[i] = y;
      hs[i] = hPrev;
    }
    const [h, acc] = carry;
    const ysSum = T === 0 ? np.array(0) : np.sum(np.sin(np.stack(ys)));
    const hsSum = T === 0 ? np.array(0) : np.sum(np.multiply(np.stack(hs), 0.5));
    return np.add(np.add(np.sum(np.multiply(h, h)), acc), np.add(ysSum, hsSum));
  };
  const scanArgs = (n: number, T: number, seed: number): [Tensor, Tensor, Tensor, Tensor] => [
    randTensor([n, n], seed),
    randTensor([n], seed + 1),
    randTensor([T, n], seed + 2),
    randTensor([T], seed + 3),
  ];

  it("grad and jvp match central differences (forward and reverse, length 0 included)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 4 }), fc.boolean(), seedArb, (n, T, reverse, seed) => {
        checkDerivatives(scanLoss(reverse), scanArgs(n, T, seed), seed, `scan(reverse=${reverse}, length ${T})`);
      }),
      { numRuns: RUNS },
    );
  });

  it("grad(scan) equals the grad of the unrolled loop; the values agree too", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 4 }), fc.boolean(), seedArb, (n, T, reverse, seed) => {
        const args = scanArgs(n, T, seed);
        const argnums = [0, 1, 2, 3];
        expectClose(scanLoss(reverse)(...args), unrolledLoss(reverse)(...args), {}, "value");
        expectClose(grad(scanLoss(reverse), { argnums })(...args), grad(unrolledLoss(reverse), { argnums })(...args), { rtol: 1e-12, atol: 1e-14 }, "grad(scan) vs grad(unrolled)");
      }),
      { numRuns: RUNS },
    );
  });

  it("under vmap (batched xs, init or closed-over values) and jit, equals eager", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), seedArb, (size, n, T, which, seed) => {
        const [W, h0, xs, ss] = scanArgs(n, T, seed);
        const f = (Wi: Tensor, hi: Tensor, xi: Tensor, si: Tensor) => {
          const [[h, acc], [ys, hs]] = lax.scan(step(Wi), [hi, np.array(0)], { x: xi, s: si });
          return [h, acc, ys, hs];
        };
        // batch one (or all) of the arguments along a chosen axis
        const inAxes = [[0, null, null, null], [null, 0, null, null], [null, null, 1, 0], [2, 0, 0, null]][which];
        const args = [W, h0, xs, ss].map((a, i) => {
          const axis = inAxes[i];
          if (axis === null) return a;
          const shape = [...a.shape];
          shape.splice(axis, 0, size);
          return randTensor(shape, seed + 40 + i);
        });
        const expected = loopVmap(f, inAxes, 0, args);
        expectClose(vmap(f, { inAxes })(...args), expected, { rtol: 1e-12, atol: 1e-14 }, `vmap(scan) inAxes ${JSON.stringify(inAxes)}`);
        expectClose(jit(vmap(f, { inAxes }))(...args), expected, { rtol: 1e-12, atol: 1e-14 }, "jit(vmap(scan))");
        expectClose(jit(f)(W, h0, xs, ss), f(W, h0, xs, ss), {}, "jit(scan)");
        expectClose(jit(grad(scanLoss(false)))(W, h0, xs, ss), grad(scanLoss(false))(W, h0, xs, ss), { rtol: 1e-12, atol: 1e-14 }, "jit(grad(scan))");
      }),
      { numRuns: RUNS },
    );
  });

  it("length without xs, and a mismatched carry is a ShapeError", () => {
    const [c, ys] = lax.scan((k: Tensor, _x: null) => [np.multiply(k, 2), k], np.array(1), null, { length: 4 });
    expectClose(c, np.array(16), {}, "carry");
    expectClose(ys, np.array([1, 2, 4, 8]), {}, "ys");
    const e = thrown(() => lax.scan((k: Tensor, x: Tensor) => [np.stack([k, x]), x], np.array(0), np.ones([3])));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toMatch(/carry like init/);
  });

  it("prints as a scan equation holding the body", () => {
    const closed = makeJaxpr((x: Tensor) => lax.scan((c: Tensor, a: Tensor) => [np.add(c, a), np.multiply(c, a)], np.array(0.0), x))(np.ones([3]));
    expect(closed.toString()).toMatchInlineSnapshot(`
      "{ lambda ; a:f64[3]. let
          b:f64[] c:f64[3] = scan[jaxpr={ lambda ; d:f64[] e:f64[]. let
                f:f64[] = add d e
                g:f64[] = mul d e
              in (f, g) } numConsts=0 numCarry=1 length=3 reverse=False] 0.0 a
        in (b, c) }"
    `);
  });
});

// ---------------------------------------------------------------------------
// foriLoop

describe("foriLoop", () => {
  const body = (w: Tensor) => (i: Tensor, [v, acc]: [Tensor, Tensor]): [Tensor, Tensor] => {
    const next = np.sin(np.add(np.multiply(v, w), np.multiply(i, 0.1)));
    return [next, np.add(acc, np.multiply(np.sum(next), i))];
  };
  const loopLoss = (lo: number, hi: number) => (x: Tensor, w: Tensor) => {
    const [v, acc] = lax.foriLoop(lo, hi, body(w), [x, np.array(0)]);
    return np.add(np.sum(np.square(v)), acc);
  };

  it("with concrete bounds: grad and jvp match central differences", () => {
    fc.assert(
      fc.property(shapeArb(0, 2), fc.integer({ min: -1, max: 2 }), fc.integer({ min: 0, max: 4 }), seedArb, (s, lo, trips, seed) => {
        checkDerivatives(loopLoss(lo, lo + trips), [randTensor(s, seed), randTensor(s, seed + 1)], seed, `foriLoop(${lo}, ${lo + trips})`);
      }),
      { numRuns: RUNS },
    );
  });

  it("equals a JS for-loop; under vmap and jit (traced bounds too) it equals eager", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), shapeArb(0, 2), fc.integer({ min: 0, max: 4 }), seedArb, (size, s, hi, seed) => {
        const x = randTensor([size, ...s], seed);
        const w = randTensor(s, seed + 1);
        const f = (xi: Tensor) => loopLoss(0, hi)(xi, w);
        let v = x.slice(0);
        let acc = np.array(0) as Tensor;
        for (let i = 0; i < hi; i++) [v, acc] = body(w)(np.array(i, { dtype: "int32" }), [v, acc]);
        expectClose(f(x.slice(0)), np.add(np.sum(np.square(v)), acc), { rtol: 1e-14, atol: 1e-14 }, "foriLoop vs JS loop");
        expectClose(vmap(f)(x), loopVmap(f, [0], 0, [x]), {}, "vmap(foriLoop)");
        expectClose(jit(f)(x.slice(0)), f(x.slice(0)), {}, "jit(foriLoop)");
        // a traced upper bound: a while loop inside jit
        const dynamic = jit((xi: Tensor, n: Tensor) => lax.foriLoop(0, n, body(w), [xi, np.array(0)]));
        expectClose(dynamic(x.slice(0), np.array(hi, { dtype: "int32" })), lax.foriLoop(0, hi, body(w), [x.slice(0), np.array(0)]), {}, "jit(foriLoop) with traced bound");
        // per-example trip counts under vmap: a batched traced bound
        const counts = np.array(Array.from({ length: size }, (_, b) => (hi + b) % 4), { dtype: "int32" });
        const g = (xi: Tensor, n: Tensor) => lax.foriLoop(0, n, body(w), [xi, np.array(0)]);
        expectClose(vmap(g)(x, counts), loopVmap((a, n) => g(a, n.item() as never), [0, 0], 0, [x, counts]), {}, "vmap(foriLoop) with batched bounds");
      }),
      { numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------------------
// whileLoop

describe("whileLoop", () => {
  /** Runs a fixed number of steps counted in the carry, so small perturbations of x keep the trip count. */
  const counted = (n: number) => (x: Tensor, w: Tensor) => {
    const [, v] = lax.whileLoop(
      ([k]: [Tensor, Tensor]) => np.less(k, n),
      ([k, v]: [Tensor, Tensor]): [Tensor, Tensor] => [np.add(k, 1), np.add(np.multiply(np.sin(v), w), 0.1)],
      [np.array(0, { dtype: "int32" }), x],
    );
    return v;
  };
  /** Doubles until the sum exceeds a threshold: the trip count depends on the value. */
  const untilLarge = (x: Tensor) =>
    lax.whileLoop(
      ([v]: [Tensor, Tensor]) => np.less(np.sum(np.abs(v)), 10),
      ([v, k]: [Tensor, Tensor]): [Tensor, Tensor] => [np.add(np.multiply(v, 2), 0.5), np.add(k, 1)],
      [x, np.array(0, { dtype: "int32" })],
    );

  it("jvp matches central differences", () => {
    fc.assert(
      fc.property(shapeArb(0, 2), fc.integer({ min: 0, max: 4 }), seedArb, (s, n, seed) => {
        const xs = [randTensor(s, seed), randTensor(s, seed + 1)];
        const ts = xs.map((x, i) => randTensor(x.shape, seed + 5 + i));
        const [y, t] = jvp(counted(n), xs, ts);
        const [y0, t0] = numericalJvp(counted(n), xs, ts);
        expectClose(y, y0, {}, "primal");
        expectClose(t, t0, GRAD_TOL, "tangent");
        // a value-dependent trip count: the jvp is the derivative of the path taken
        const x = randTensor(s, seed + 9, 0.5, 1);
        const tx = randTensor(s, seed + 10);
        const [[yv], [tv]] = jvp(untilLarge, [x], [tx]) as unknown as [[Tensor], [Tensor]];
        const k = (untilLarge(x)[1] as Tensor).item();
        expectClose(tv, np.multiply(tx, 2 ** k), { rtol: 1e-14, atol: 0 }, "d(2^k x + c)");
        expectClose(yv, untilLarge(x)[0], {}, "value");
      }),
      { numRuns: RUNS },
    );
  });

  it("grad is a TracegradError that points to forward mode", () => {
    const e = thrown(() => grad((x: Tensor) => np.sum(counted(3)(x, np.array(1.5))))(np.ones([2])));
    expect(e).toBeInstanceOf(TracegradError);
    expect(e.message).toMatch(/whileLoop/);
    expect(e.message).toMatch(/forward/);
    expect(e.message).toMatch(/jvp|jacfwd/);
    // and the library still works afterwards
    expectClose(grad((x: Tensor) => np.sum(np.sin(x)))(np.zeros([2])), np.ones([2]), {}, "after the error");
  });

  it("under vmap with a batched predicate (per-element trip counts), under jit, and jvp under vmap, equal eager", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), shapeArb(0, 2), seedArb, (size, s, seed) => {
        const x = randTensor([size, ...s], seed, 0, 3);
        const expected = loopVmap((xi) => untilLarge(xi), [0], 0, [x]);
        expectClose(vmap(untilLarge)(x), expected, {}, "vmap(while), batched predicate");
        expectClose(jit(vmap(untilLarge))(x), expected, {}, "jit(vmap(while))");
        expectClose(jit(untilLarge)(x.slice(0)), untilLarge(x.slice(0)), {}, "jit(while)");
        // an unbatched predicate over a batched body value
        const w = randTensor([size, ...s], seed + 1);
        const f = (wi: Tensor) => counted(3)(x.slice(0), wi);
        expectClose(vmap(f)(w), loopVmap(f, [0], 0, [w]), {}, "vmap(while), batched body constant");
        // forward mode and vmap, in both orders
        const t = randTensor([size, ...s], seed + 2);
        const jvpOne = (xi: Tensor, ti: Tensor) => jvp((v: Tensor) => untilLarge(v)[0], [xi], [ti]);
        const looped = loopVmap((a, b) => jvpOne(a, b) as Tensor[], [0, 0], 0, [x, t]);
        expectClose(vmap(jvpOne)(x, t), looped, {}, "vmap(jvp(while))");
        expectClose(jvp(vmap((v: Tensor) => untilLarge(v)[0]), [x], [t]), looped, {}, "jvp(vmap(while))");
      }),
      { numRuns: RUNS },
    );
  });

  it("a body that changes the carry's shape is a ShapeError", () => {
    const e = thrown(() => lax.whileLoop((v: Tensor) => np.less(np.sum(v), 3), (v: Tensor) => np.concatenate([v, v], 0), np.ones([1])));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toMatch(/bodyFn must return the carry/);
  });
});

describe("nested vmap of control flow", () => {
  it("vmap(vmap(·)) of cond, scan and whileLoop, with per-element predicates and trip counts, equals a double loop", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), seedArb, (p, q, n, seed) => {
        const X = randTensor([p, q, n], seed, 0, 2);
        const fns: [string, (x: Tensor) => Tensor][] = [
          ["cond", (x) => lax.cond(np.greater(np.sum(x), n), (v: Tensor) => np.sin(v), (v: Tensor) => np.cos(v), x)],
          ["scan", (x) => lax.scan((h: Tensor, a: Tensor): [Tensor, Tensor] => [np.tanh(np.add(h, a)), np.sum(h)], np.array(0.1), x)[1]],
          [
            "whileLoop",
            (x) =>
              lax.whileLoop(
                ([v]: [Tensor, Tensor]) => np.less(np.sum(v), 6),
                ([v, k]: [Tensor, Tensor]): [Tensor, Tensor] => [np.add(np.multiply(v, 1.5), 0.2), np.add(k, 1)],
                [x, np.array(0)],
              )[1],
          ],
          ["grad(cond)", (x) => grad((v: Tensor) => np.sum(lax.cond(np.greater(np.sum(v), n), (u: Tensor) => np.sin(u), (u: Tensor) => np.square(u), v)))(x)],
        ];
        for (const [name, f] of fns) {
          const looped = loopVmap((row) => loopVmap(f, [0], 0, [row]) as Tensor, [0], 0, [X]);
          expectClose(vmap(vmap(f))(X), looped, { rtol: 1e-12, atol: 1e-14 }, `vmap(vmap(${name}))`);
          expectClose(vmap(vmap(f), { inAxes: 1 })(X), np.swapaxes(looped as Tensor, 0, 1), { rtol: 1e-12, atol: 1e-14 }, `vmap(vmap(${name})) over the middle axis`);
        }
      }),
      { numRuns: 10 },
    );
  });
});
