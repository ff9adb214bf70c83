/**
 * checkpoint: the same values and derivatives (first and second order, jvp)
 * as without it, under jit and vmap, nested in itself and in scan; the
 * linearized jaxpr keeps only the checkpoint's inputs as residuals.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Tensor } from "../../lib/core/tensor.ts";
import { checkpoint, grad, hessian, jit, jvp, lax, linearize, makeJaxpr, np, vmap } from "../../lib/index.ts";
import { expectAllclose, loopVmap, randTensor, seedArb } from "./_util.ts";

const RUNS = 20;
const TIGHT = { rtol: 1e-12, atol: 1e-14 };

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
        expectAllclose(remat(...args), plain(...args), {}, "value");
        expectAllclose(grad(remat, { argnums })(...args), grad(plain, { argnums })(...args), TIGHT, "grad");
        const ts = args.map((a, i) => randTensor(a.shape, seed + i));
        expectAllclose(jvp(remat, [...args], ts), jvp(plain, [...args], ts), TIGHT, "jvp");
        const x = args[1];
        expectAllclose(hessian((v: Tensor) => remat(args[0], v, args[2]))(x), hessian((v: Tensor) => plain(args[0], v, args[2]))(x), { rtol: 1e-10, atol: 1e-12 }, "hessian");
        expectAllclose(grad((v: Tensor) => np.sum(grad(remat, { argnums: 1 })(args[0], v, args[2])))(x), grad((v: Tensor) => np.sum(grad(plain, { argnums: 1 })(args[0], v, args[2])))(x), { rtol: 1e-10, atol: 1e-12 }, "grad(grad)");
      }),
      { numRuns: RUNS },
    );
  });

  it("under jit and vmap gives the same gradients", () => {
    fc.assert(
      fc.property(argsArb, fc.integer({ min: 1, max: 3 }), seedArb, ([W, x, y], size, seed) => {
        const expected = grad(plain, { argnums })(W, x, y);
        expectAllclose(jit(grad(remat, { argnums }))(W, x, y), expected, TIGHT, "jit(grad(checkpoint))");
        expectAllclose(grad(jit(remat), { argnums })(W, x, y), expected, TIGHT, "grad(jit(checkpoint))");
        const xs = randTensor([size, ...x.shape], seed);
        const per = (v: Tensor) => grad(remat, { argnums })(W, v, y) as Tensor[];
        const perPlain = (v: Tensor) => grad(plain, { argnums })(W, v, y) as Tensor[];
        expectAllclose(vmap(per)(xs), loopVmap(perPlain, [0], 0, [xs]), TIGHT, "vmap(grad(checkpoint))");
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
          expectAllclose(grad(f)(x), grad(g)(x), TIGHT, `grad ${name}`);
          expectAllclose(hessian(f)(x), hessian(g)(x), { rtol: 1e-10, atol: 1e-12 }, `hessian ${name}`);
          expectAllclose(jvp(grad(f), [x], [xs.slice(1)]), jvp(grad(g), [x], [xs.slice(1)]), { rtol: 1e-10, atol: 1e-12 }, `jvp(grad) ${name}`);
          expectAllclose(vmap(grad(f))(xs), vmap(grad(g))(xs), TIGHT, `vmap(grad) ${name}`);
          expectAllclose(jit(grad(f))(x), grad(g)(x), TIGHT, `jit(grad) ${name}`);
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
        expectAllclose(linearize((v: Tensor) => np.sum(checkpoint(chain)(v)), x)[1](t), linearize((v: Tensor) => np.sum(chain(v)), x)[1](t), TIGHT, "linear maps");
      }),
      { numRuns: RUNS },
    );
  });
});
