/**
 * `lax.scan`: grad and jvp match central differences, grad equals the grad
 * of the unrolled loop, vmap and jit equal eager, the printed jaxpr is
 * pinned. Reverse mode keeps the loop: `makeJaxpr(grad(f))` has as many
 * equations for 10,000 steps as for 10, loop-invariant residuals are not
 * stacked, a 40,000-step `jit(grad(f))` runs in about a second; nested
 * cases (scan in scan, grad(grad), vmap(grad), jit(grad), jacrev/jacfwd,
 * values closed over from outer transforms, reverse scans, xs = null,
 * control flow and custom rules in the body) agree with the unrolled loop
 * and with central differences.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Tensor } from "../../lib/core/tensor.ts";
import {
  checkpoint,
  customJvp,
  customVjp,
  grad,
  jacfwd,
  jacrev,
  jit,
  jvp,
  lax,
  linearize,
  makeJaxpr,
  nn,
  np,
  numericalJvp,
  ShapeError,
  TracegradError,
  vmap,
} from "../../lib/index.ts";
import { checkGrads } from "../../lib/testing/index.ts";
import { checkDerivatives, expectAllclose, loopVmap, randTensor, seedArb, thrown } from "./_util.ts";

const RUNS = 20;
/** Whole loops, nested and to second order: more than vitest's default 5 s on a loaded machine. */
const SLOW = 60_000;

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
        expectAllclose(scanLoss(reverse)(...args), unrolledLoss(reverse)(...args), {}, "value");
        expectAllclose(grad(scanLoss(reverse), { argnums })(...args), grad(unrolledLoss(reverse), { argnums })(...args), { rtol: 1e-12, atol: 1e-14 }, "grad(scan) vs grad(unrolled)");
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
        const [a0, a1, a2, a3] = args;
        expectAllclose(vmap(f, { inAxes })(a0, a1, a2, a3), expected, { rtol: 1e-12, atol: 1e-14 }, `vmap(scan) inAxes ${JSON.stringify(inAxes)}`);
        expectAllclose(jit(vmap(f, { inAxes }))(a0, a1, a2, a3), expected, { rtol: 1e-12, atol: 1e-14 }, "jit(vmap(scan))");
        expectAllclose(jit(f)(W, h0, xs, ss), f(W, h0, xs, ss), {}, "jit(scan)");
        expectAllclose(jit(grad(scanLoss(false)))(W, h0, xs, ss), grad(scanLoss(false))(W, h0, xs, ss), { rtol: 1e-12, atol: 1e-14 }, "jit(grad(scan))");
      }),
      { numRuns: RUNS },
    );
  });

  it("length without xs, and a mismatched carry is a ShapeError", () => {
    const [c, ys] = lax.scan((k: Tensor, _x: null) => [np.multiply(k, 2), k], np.array(1), null, { length: 4 });
    expectAllclose(c, np.array(16), {}, "carry");
    expectAllclose(ys, np.array([1, 2, 4, 8]), {}, "ys");
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


describe("reverse mode keeps the loop", () => {
  const n = 3;
  const W = np.multiply(np.reshape(np.arange(n * n), [n, n]), 0.1);
  const h0 = np.array([0.1, -0.2, 0.3]);
  /** h' = tanh(W h + x), y = Σ h'·x; loss = Σ h_T² + Σ sin(y). */
  const cell = (w: Tensor) => (h: Tensor, x: Tensor): [Tensor, Tensor] => {
    const next = np.tanh(np.add(np.matmul(w, h), x));
    return [next, np.sum(np.multiply(next, x))];
  };
  const rnn = (reverse = false) => (w: Tensor, h: Tensor, xs: Tensor) => {
    const [last, ys] = lax.scan(cell(w), h, xs, { reverse });
    return np.add(np.sum(np.square(last)), np.sum(np.sin(ys)));
  };
  const unrolledRnn = (w: Tensor, h: Tensor, xs: Tensor) => {
    let c = h;
    const ys: Tensor[] = [];
    for (let i = 0; i < xs.shape[0]; i++) {
      const [next, y] = cell(w)(c, xs.slice(i));
      c = next;
      ys.push(y);
    }
    return np.add(np.sum(np.square(c)), np.sum(np.sin(np.stack(ys))));
  };
  const xsOf = (T: number, seed = 1) => randTensor([T, n], seed);
  const names = (closed: ReturnType<ReturnType<typeof makeJaxpr>>) => closed.jaxpr.eqns.map((e) => e.primitive.name);
  /** Equations at the top level and in every sub-jaxpr. */
  const totalEqns = (jaxpr: ReturnType<ReturnType<typeof makeJaxpr>>["jaxpr"]): number =>
    jaxpr.eqns.reduce((k, e) => k + 1 + Object.values(e.params).reduce<number>((m, v) => m + (v instanceof Object && "jaxpr" in v && "consts" in v ? totalEqns((v as { jaxpr: typeof jaxpr }).jaxpr) : 0), 0), 0);

  it("makeJaxpr(grad(f)) has as many equations for 10,000 steps as for 10: one forward scan and one reverse scan", () => {
    const at = (T: number) => makeJaxpr(grad(rnn(), { argnums: [0, 1, 2] }))(W, h0, xsOf(T));
    const [small, large] = [at(10), at(10_000)];
    expect(names(large)).toEqual(names(small));
    expect(totalEqns(large.jaxpr)).toBe(totalEqns(small.jaxpr));
    const scans = large.jaxpr.eqns.filter((e) => e.primitive.name === "scan");
    expect(scans.map((e) => e.params.reverse)).toEqual([false, true]);
    expect(scans.map((e) => e.params.length)).toEqual([10_000, 10_000]);
    // foriLoop with concrete bounds goes the same way
    const fori = (T: number) => makeJaxpr(grad((x: Tensor) => np.sum(lax.foriLoop(0, T, (i: Tensor, v: Tensor) => np.sin(np.add(v, np.multiply(i, 0.1))), x))))(h0);
    expect(totalEqns(fori(10_000).jaxpr)).toBe(totalEqns(fori(10).jaxpr));
    expect(names(fori(10_000)).filter((x) => x === "scan")).toHaveLength(2);
  }, SLOW);

  it("loop-invariant residuals are computed once, not stacked per step", () => {
    const T = 50;
    const closed = makeJaxpr(grad(rnn(), { argnums: 0 }))(W, h0, xsOf(T));
    const forward = closed.jaxpr.eqns.find((e) => e.primitive.name === "scan" && e.params.reverse === false)!;
    // the per-step residuals are vectors of the carry's size; W (n×n) is not stacked into a [T, n, n] output
    for (const v of forward.outs) expect(v.aval.shape.length === 3 && v.aval.shape[1] === n && v.aval.shape[2] === n).toBe(false);
    const bytes = forward.outs.reduce((b, v) => b + v.aval.shape.reduce((p, d) => p * d, 1), 0);
    expect(bytes).toBeLessThanOrEqual(T * (3 * n + 2) + 2 * n);
  }, SLOW);

  it("jit(grad(f)) through a 40,000-step scan runs in seconds and matches the closed form", () => {
    // c_{t+1} = w·c_t, y_t = c_t: d/dw of c_T + Σ y_t = T c0 w^(T-1) + Σ_t t c0 w^(t-1)
    const T = 40_000;
    const loss = (w: Tensor, c0: Tensor) => {
      const [c, ys] = lax.scan((c: Tensor, _x: null): [Tensor, Tensor] => [np.multiply(c, w), c], c0, null, { length: T });
      return np.add(c, np.sum(ys));
    };
    const w = 1 - 1e-5;
    const start = performance.now();
    const [gw, gc] = jit(grad(loss, { argnums: [0, 1] }))(np.array(w), np.array(2)) as Tensor[];
    expect(performance.now() - start).toBeLessThan(20_000);
    let dw = T * 2 * w ** (T - 1);
    let dc = w ** T;
    for (let t = 1; t < T; t++) dw += t * 2 * w ** (t - 1);
    for (let t = 0; t < T; t++) dc += w ** t;
    expect(gw).toBeAllclose(dw, { rtol: 1e-9 });
    expect(gc).toBeAllclose(dc, { rtol: 1e-9 });
  }, SLOW);

  it("agrees with the unrolled loop and central differences: reverse scans, second order, xs = null", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.boolean(), seedArb, (T, reverse, seed) => {
        const xs = xsOf(T, seed);
        const argnums = [0, 1, 2];
        if (!reverse && T > 0) expect(grad(rnn(), { argnums })(W, h0, xs)).toBeAllclose(grad(unrolledRnn, { argnums })(W, h0, xs), { rtol: 1e-12, atol: 1e-14 });
        checkGrads(rnn(reverse), [W, h0, xs], { order: 2, seed });
        const noXs = (c: Tensor) => np.sum(lax.scan((k: Tensor, _x: null): [Tensor, Tensor] => [np.sin(np.multiply(k, 1.1)), np.square(k)], c, null, { length: T, reverse })[1]);
        checkGrads(noXs, [h0], { order: 2, seed });
      }),
      { numRuns: 8 },
    );
  }, SLOW);

  it("scan in scan: grad and grad(grad) agree with the unrolled loops and central differences", () => {
    const outer = (w: Tensor, xs: Tensor) => {
      const [c, ys] = lax.scan((c: Tensor, row: Tensor): [Tensor, Tensor] => {
        const [h, inner] = lax.scan(cell(w), c, np.reshape(row, [2, n]));
        return [np.multiply(h, 0.9), np.sum(inner)];
      }, h0, xs);
      return np.add(np.sum(c), np.sum(np.square(ys)));
    };
    const unrolled = (w: Tensor, xs: Tensor) => {
      let c = h0;
      const ys: Tensor[] = [];
      for (let i = 0; i < xs.shape[0]; i++) {
        const rows = np.reshape(xs.slice(i), [2, n]);
        let h = c;
        let s = np.array(0) as Tensor;
        for (let j = 0; j < 2; j++) {
          const [next, y] = cell(w)(h, rows.slice(j));
          h = next;
          s = np.add(s, y);
        }
        c = np.multiply(h, 0.9);
        ys.push(s);
      }
      return np.add(np.sum(c), np.sum(np.square(np.stack(ys))));
    };
    const xs = randTensor([3, 2 * n], 7);
    expect(grad(outer, { argnums: [0, 1] })(W, xs)).toBeAllclose(grad(unrolled, { argnums: [0, 1] })(W, xs), { rtol: 1e-12, atol: 1e-14 });
    const gg = (f: typeof outer) => grad((w: Tensor) => np.sum(np.square(grad(f)(w, xs))))(W);
    expect(gg(outer)).toBeAllclose(gg(unrolled), { rtol: 1e-10, atol: 1e-12 });
    checkGrads(outer, [W, xs], { order: 2 });
    // the reverse pass of the outer scan holds the reverse pass of the inner one, still as loops
    expect(totalEqns(makeJaxpr(grad(outer))(W, randTensor([300, 2 * n], 8)).jaxpr)).toBe(totalEqns(makeJaxpr(grad(outer))(W, xs).jaxpr));
  }, SLOW);

  it("vmap(grad), grad(vmap), jit(grad), jacrev and jacfwd of a scan equal their unrolled counterparts", () => {
    const xs = xsOf(4, 3);
    const argnums = [0, 1, 2];
    const ws = np.stack([W, np.multiply(W, -0.5), np.add(W, 0.2)]);
    const perExample = (w: Tensor) => grad(rnn(), { argnums })(w, h0, xs) as Tensor[];
    expect(vmap(perExample)(ws)).toBeAllclose(loopVmap(perExample, [0], 0, [ws]), { rtol: 1e-12, atol: 1e-14 });
    const hs = np.stack([h0, np.multiply(h0, 2)]);
    const batched = (f: typeof unrolledRnn) => (w: Tensor) => np.sum(vmap((h: Tensor) => f(w, h, xs))(hs));
    expect(grad(batched(rnn()))(W)).toBeAllclose(grad(batched(unrolledRnn))(W), { rtol: 1e-12, atol: 1e-14 });
    expect(jit(grad(rnn(), { argnums }))(W, h0, xs)).toBeAllclose(grad(unrolledRnn, { argnums })(W, h0, xs), { rtol: 1e-12, atol: 1e-14 });
    const ys = (f: (w: Tensor, h: Tensor, x: Tensor) => Tensor) => (x: Tensor) => f(W, h0, x);
    const scanYs = (w: Tensor, h: Tensor, x: Tensor) => lax.scan(cell(w), h, x)[1];
    const loopYs = (w: Tensor, h: Tensor, x: Tensor) => {
      let c = h;
      return np.stack(Array.from({ length: x.shape[0] }, (_, i) => {
        const [next, y] = cell(w)(c, x.slice(i));
        c = next;
        return y;
      }));
    };
    const expected = jacrev(ys(loopYs))(xs);
    expect(jacrev(ys(scanYs))(xs)).toBeAllclose(expected, { rtol: 1e-12, atol: 1e-14 });
    expect(jacfwd(ys(scanYs))(xs)).toBeAllclose(expected, { rtol: 1e-12, atol: 1e-14 });
    expect(jacfwd(jacrev(ys(scanYs)))(xs)).toBeAllclose(jacfwd(jacrev(ys(loopYs)))(xs), { rtol: 1e-10, atol: 1e-12 });
  }, SLOW);

  it("values closed over from outer transforms: jvp of grad, vmap of grad, grad inside jit and inside linearize", () => {
    const xs = xsOf(4, 5);
    // the body closes over w·s, a tracer of the outer jvp
    const outer = (s: Tensor) => grad((w: Tensor) => rnn()(np.multiply(w, s), h0, xs))(W);
    const [, t] = jvp(outer, [np.array(1.3)], [np.array(1)]);
    expect(t).toBeAllclose(numericalJvp(outer, [np.array(1.3)], [np.array(1)])[1], { rtol: 1e-6, atol: 1e-7 });
    // a batched value closed over by the body, under grad
    const shifts = randTensor([3, n], 6);
    const perShift = (d: Tensor) => grad((w: Tensor) => rnn()(w, np.add(h0, d), xs))(W);
    expect(vmap(perShift)(shifts)).toBeAllclose(loopVmap(perShift, [0], 0, [shifts]), { rtol: 1e-12, atol: 1e-14 });
    // the body closes over jit's argument
    const jitted = jit((w: Tensor, x: Tensor) => grad((h: Tensor) => rnn()(w, h, x))(h0));
    expect(jitted(W, xs)).toBeAllclose(grad((h: Tensor) => unrolledRnn(W, h, xs))(h0), { rtol: 1e-12, atol: 1e-14 });
    // linearize: the linear map holds a scan and equals jvp
    const [, fJvp] = linearize((w: Tensor) => rnn()(w, h0, xs), W);
    const dir = randTensor([n, n], 9);
    expect(fJvp(dir)).toBeAllclose(jvp((w: Tensor) => unrolledRnn(w, h0, xs), [W], [dir])[1], { rtol: 1e-12, atol: 1e-14 });
    expect(names(makeJaxpr(fJvp)(dir))).toContain("scan");
  }, SLOW);

  it("control flow and custom rules in the body: cond, foriLoop, checkpoint, customJvp, customVjp; whileLoop is the reverse-mode error", () => {
    const xs = xsOf(4, 11);
    const softplus = customJvp((x: Tensor) => np.log1p(np.exp(x)), ([x]: Tensor[], [t]: Tensor[]) => [np.log1p(np.exp(x)), np.multiply(t, nn.sigmoid(x))]);
    const clipped = customVjp((x: Tensor) => np.sin(x), { fwd: (x: Tensor) => [np.sin(x), np.cos(x)], bwd: (c: Tensor, g: Tensor) => [np.multiply(c, g)] });
    const bodies: [string, (w: Tensor) => (h: Tensor, x: Tensor) => [Tensor, Tensor]][] = [
      ["cond", (w) => (h, x) => {
        const next = lax.cond(np.greater(np.sum(x), 0.5), (a: Tensor) => np.tanh(np.matmul(w, a)), (a: Tensor) => np.sin(np.add(a, x)), h);
        return [next, np.sum(next)];
      }],
      ["foriLoop", (w) => (h, x) => {
        const next = lax.foriLoop(0, 3, (i: Tensor, a: Tensor) => np.tanh(np.add(np.matmul(w, a), np.multiply(x, i))), h);
        return [next, np.sum(next)];
      }],
      ["checkpoint", (w) => (h, x) => {
        const next = checkpoint((a: Tensor, b: Tensor) => np.tanh(np.add(np.matmul(w, a), b)))(h, x);
        return [next, np.sum(next)];
      }],
      ["customJvp and customVjp", (w) => (h, x) => {
        const next = clipped(softplus(np.add(np.matmul(w, h), x)));
        return [next, np.sum(next)];
      }],
    ];
    for (const [name, body] of bodies) {
      const f = (w: Tensor, h: Tensor) => np.sum(np.square(lax.scan(body(w), h, xs)[1]));
      const unrolled = (w: Tensor, h: Tensor) => {
        let c = h;
        let total = np.array(0) as Tensor;
        for (let i = 0; i < xs.shape[0]; i++) {
          const [next, y] = body(w)(c, xs.slice(i));
          c = next;
          total = np.add(total, np.square(y));
        }
        return total;
      };
      expect(grad(f, { argnums: [0, 1] })(W, h0), name).toBeAllclose(grad(unrolled, { argnums: [0, 1] })(W, h0), { rtol: 1e-12, atol: 1e-14 });
      checkGrads(f, [W, h0], { order: name === "customJvp and customVjp" ? 1 : 2, modes: name === "customJvp and customVjp" ? ["rev"] : ["fwd", "rev"] });
    }
    const withWhile = (h: Tensor) => np.sum(lax.scan((c: Tensor, x: Tensor): [Tensor, Tensor] => [lax.whileLoop((v: Tensor) => np.less(np.sum(v), 0), (v: Tensor) => np.add(v, x), c), c], h, xs)[1]);
    const e = thrown(() => grad(withWhile)(h0));
    expect(e).toBeInstanceOf(TracegradError);
    expect(e.message).toMatch(/whileLoop: reverse-mode/);
    expect(grad((x: Tensor) => np.sum(np.sin(x)))(h0)).toBeAllclose(np.cos(h0));
  }, SLOW);
});
