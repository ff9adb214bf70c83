/**
 * Nesting orders agree with each other, on random programs: vmap(grad(f))
 * equals a loop of grad and the gradient of the vmapped sum; every way of
 * building the Hessian (hessian, jacfwd∘jacrev, jacrev∘jacfwd, jacrev∘jacrev,
 * jacfwd∘jacfwd, vmap of Hessian-vector products) agrees; grad of a scan
 * whose body is a random program equals grad of the unrolled loop, also
 * under jit and vmap.
 */
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { Tensor } from "../../lib/core/tensor.ts";
import { checkpoint, ClosedJaxpr, evalJaxpr, grad, hessian, jacfwd, jacrev, jit, jvp, lax, linearize, makeJaxpr, np, typecheck, vjp, vmap } from "../../lib/index.ts";
import { programArb, programLoss, runRegisters, type Program } from "./_programs.ts";
import { expectAllclose, loopVmap, randTensor, seedArb } from "./_util.ts";

const RUNS = 15;
const TOL = { rtol: 1e-10, atol: 1e-12 };

describe("vmap and grad", () => {
  it("vmap(grad(f)) = loop of grad = grad of the vmapped sum (batched x, shared y)", () => {
    fc.assert(
      fc.property(programArb, fc.integer({ min: 1, max: 3 }), seedArb, (p, size, seed) => {
        const f = programLoss(p);
        const xs = randTensor([size, ...p.xShape], seed);
        const y = randTensor(p.yShape, seed + 1);
        const g = (x: Tensor) => grad(f, { argnums: [0, 1] })(x, y) as Tensor[];
        const looped = loopVmap(g, [0], 0, [xs]) as Tensor[];
        expectAllclose(vmap(g)(xs), looped, TOL, `vmap(grad) of ${p.text}`);
        const total = (xb: Tensor, yy: Tensor) => np.sum(vmap(f, { inAxes: [0, null] })(xb, yy));
        const [gx, gy] = grad(total, { argnums: [0, 1] })(xs, y) as Tensor[];
        expectAllclose(gx, looped[0], TOL, "grad(sum(vmap)) w.r.t. the batched x");
        expectAllclose(gy, np.sum(looped[1], 0), TOL, "grad(sum(vmap)) w.r.t. the shared y = Σ per-example grads");
        // the batch axis last instead of first
        const xsLast = np.transpose(xs, [...p.xShape.map((_, i) => i + 1), 0]);
        expectAllclose(vmap(g, { inAxes: -1, outAxes: -1 })(xsLast), looped.map((t) => np.transpose(t, [...t.shape.slice(1).map((_, i) => i + 1), 0])), TOL, "inAxes/outAxes -1");
      }),
      { numRuns: RUNS },
    );
  });

  it("vmap(vjp) and vmap(jvp) equal loops; jvp(vmap) = vmap(jvp)", () => {
    fc.assert(
      fc.property(programArb, fc.integer({ min: 1, max: 3 }), seedArb, (p, size, seed) => {
        const y = randTensor(p.yShape, seed + 1);
        const last = (x: Tensor) => {
          const regs = runRegisters(p, x, y);
          return regs[regs.length - 1];
        };
        const xs = randTensor([size, ...p.xShape], seed);
        const ts = randTensor([size, ...p.xShape], seed + 2);
        const jvpOne = (x: Tensor, t: Tensor) => jvp(last, [x], [t]) as Tensor[];
        const looped = loopVmap(jvpOne, [0, 0], 0, [xs, ts]);
        expectAllclose(vmap(jvpOne)(xs, ts), looped, TOL, "vmap(jvp)");
        expectAllclose(jvp(vmap(last), [xs], [ts]), looped, TOL, "jvp(vmap)");
        const vjpOne = (x: Tensor, c: Tensor) => vjp(last, x)[1](c)[0] as Tensor;
        const cs = randTensor([size, ...last(xs.slice(0)).shape], seed + 3);
        expectAllclose(vmap(vjpOne)(xs, cs), loopVmap(vjpOne, [0, 0], 0, [xs, cs]), TOL, "vmap(vjp)");
      }),
      { numRuns: RUNS },
    );
  });
});

describe("second derivatives in every order", () => {
  it("hessian = jacfwd(jacrev) = jacrev(jacfwd) = jacrev(jacrev) = jacfwd(jacfwd) = vmap of Hessian-vector products", () => {
    fc.assert(
      fc.property(programArb, seedArb, (p, seed) => {
        const y = randTensor(p.yShape, seed + 1);
        const f = (x: Tensor) => programLoss(p)(x, y);
        const x = randTensor(p.xShape, seed);
        const H = hessian(f)(x) as Tensor;
        expectAllclose(jacfwd(jacrev(f))(x), H, TOL, "jacfwd(jacrev)");
        expectAllclose(jacrev(jacfwd(f))(x), H, TOL, "jacrev(jacfwd)");
        expectAllclose(jacrev(jacrev(f))(x), H, TOL, "jacrev(jacrev)");
        expectAllclose(jacfwd(jacfwd(f))(x), H, TOL, "jacfwd(jacfwd)");
        // forward-over-reverse Hessian-vector products along the basis, batched
        const n = x.size;
        const basis = np.reshape(np.eye(n), [n, ...p.xShape]);
        const hvp = (t: Tensor) => jvp(grad(f), [x], [t])[1] as Tensor;
        const rows = vmap(hvp)(basis);
        expectAllclose(np.reshape(rows, [n, n]), np.reshape(H, [n, n]), TOL, "vmap(hvp)");
        // reverse-over-reverse: grad of ⟨grad f, t⟩ is H t
        const t = randTensor(p.xShape, seed + 5);
        const Ht = grad((v: Tensor) => np.sum(np.multiply(grad(f)(v), t)))(x);
        expectAllclose(np.ravel(Ht), np.matmul(np.reshape(H, [n, n]), np.ravel(t)), TOL, "grad(⟨grad f, t⟩)");
        expectAllclose(jit(hessian(f))(x), H, TOL, "jit(hessian)");
      }),
      { numRuns: RUNS },
    );
  });
});

describe("grad of scan over a random body", () => {
  /** A step from a program: carry' = tanh(carry + Σ last register), y = Σ last register. */
  const step = (p: Program, w: Tensor) => (c: Tensor, x: Tensor): [Tensor, Tensor] => {
    const regs = runRegisters(p, np.add(c, np.multiply(w, 0.5)), x);
    const s = np.sum(regs[regs.length - 1]);
    return [np.tanh(np.add(c, np.multiply(s, 0.3))), s];
  };
  const scanned = (p: Program) => (c0: Tensor, xs: Tensor, w: Tensor) => {
    const [c, ys] = lax.scan(step(p, w), c0, xs);
    return np.add(np.sum(np.square(c)), np.sum(np.sin(ys)));
  };
  const unrolled = (p: Program) => (c0: Tensor, xs: Tensor, w: Tensor) => {
    let c = c0;
    const ys: Tensor[] = [];
    for (let i = 0; i < xs.shape[0]; i++) {
      const [next, yv] = step(p, w)(c, xs.slice(i));
      c = next;
      ys.push(yv);
    }
    return np.add(np.sum(np.square(c)), ys.length === 0 ? np.array(0) : np.sum(np.sin(np.stack(ys))));
  };

  it("equals grad of the unrolled loop, eagerly, under jit and under vmap", () => {
    fc.assert(
      fc.property(programArb, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 2 }), seedArb, (p, T, size, seed) => {
        const c0 = randTensor(p.xShape, seed);
        const xs = randTensor([T, ...p.yShape], seed + 1);
        const w = randTensor(p.xShape, seed + 2);
        const argnums = [0, 1, 2];
        const expected = grad(unrolled(p), { argnums })(c0, xs, w);
        expectAllclose(scanned(p)(c0, xs, w), unrolled(p)(c0, xs, w), TOL, "value");
        expectAllclose(grad(scanned(p), { argnums })(c0, xs, w), expected, TOL, `grad(scan) with body ${p.text}`);
        expectAllclose(jit(grad(scanned(p), { argnums }))(c0, xs, w), expected, TOL, "jit(grad(scan))");
        expectAllclose(grad(jit(scanned(p)), { argnums })(c0, xs, w), expected, TOL, "grad(jit(scan))");
        const ws = randTensor([size, ...p.xShape], seed + 3);
        const perW = (wi: Tensor) => grad(scanned(p), { argnums })(c0, xs, wi) as Tensor[];
        expectAllclose(vmap(perW)(ws), loopVmap((wi) => grad(unrolled(p), { argnums })(c0, xs, wi) as Tensor[], [0], 0, [ws]), TOL, "vmap(grad(scan))");
      }),
      { numRuns: RUNS },
    );
  });
});

describe("staged transforms are well-typed IR", () => {
  /** Type errors of a jaxpr and, recursively, of the jaxprs in its equations' params. */
  function deepTypeErrors(closed: ClosedJaxpr, path = "top"): string[] {
    const result = typecheck(closed);
    if (E.isLeft(result)) return [`${path}: ${result.left.message}`];
    return closed.jaxpr.eqns.flatMap((eqn, i) =>
      Object.entries(eqn.params).flatMap(([k, v]) =>
        (Array.isArray(v) ? v : [v]).flatMap((sub, j) => (sub instanceof ClosedJaxpr ? deepTypeErrors(sub, `${path}/${eqn.primitive.name}#${i}.${k}[${j}]`) : [])),
      ),
    );
  }

  /** A program wrapped in cond, scan, foriLoop, whileLoop (forward-only variant) and checkpoint. */
  const withControl = (p: Program, y: Tensor, forwardOnly: boolean) => (x: Tensor) => {
    const prog = (v: Tensor) => {
      const regs = runRegisters(p, v, y);
      return np.sum(regs[regs.length - 1]);
    };
    const c = lax.cond(np.greater(prog(x), 0), (v: Tensor) => np.sin(v), (v: Tensor) => np.tanh(v), x);
    const [h, ys] = lax.scan((hh: Tensor, a: Tensor): [Tensor, Tensor] => [np.tanh(np.add(hh, np.multiply(a, prog(hh)))), np.sum(hh)], c, np.stack([x, x]));
    const r = forwardOnly
      ? lax.whileLoop(([k]: [Tensor, Tensor]) => np.less(k, 2), ([k, v]: [Tensor, Tensor]): [Tensor, Tensor] => [np.add(k, 1), np.multiply(v, 1.1)], [np.array(0, { dtype: "int32" }), h])[1]
      : lax.foriLoop(0, 2, (_i: Tensor, v: Tensor) => np.multiply(v, 1.1), h);
    return np.add(np.sum(checkpoint((q: Tensor) => np.sin(q))(r)), np.sum(ys));
  };

  it("makeJaxpr of grad, vmap, jvp, jacfwd, jacrev, hessian and linearize over control flow typechecks (sub-jaxprs too) and evaluates to the same values", () => {
    fc.assert(
      fc.property(programArb, seedArb, (p, seed) => {
        const y = randTensor(p.yShape, seed + 1);
        const x = randTensor(p.xShape, seed);
        const xs = np.stack([x, np.negative(x)]);
        const both = withControl(p, y, false);
        const fwd = withControl(p, y, true);
        const cases: [string, (...a: Tensor[]) => unknown, Tensor[]][] = [
          ["f", both, [x]],
          ["grad", grad(both), [x]],
          ["vmap", vmap(fwd), [xs]],
          ["vmap(grad)", vmap(grad(both)), [xs]],
          ["jvp", (t) => jvp(fwd, [x], [t])[1], [x]],
          ["vmap(jvp)", vmap((a: Tensor, t: Tensor) => jvp(fwd, [a], [t])[1]), [xs, xs]],
          ["jacfwd", jacfwd(fwd), [x]],
          ["jacrev", jacrev(both), [x]],
          ["hessian", hessian(both), [x]],
          ["linearize", (t) => linearize(both, x)[1](t), [x]],
        ];
        for (const [name, f, args] of cases) {
          const closed = makeJaxpr(f)(...args);
          expect(deepTypeErrors(closed), name).toEqual([]);
          expectAllclose(evalJaxpr(closed, ...args)[0], f(...args), TOL, `evalJaxpr(makeJaxpr(${name}))`);
        }
      }),
      { numRuns: 8 },
    );
  });
});
