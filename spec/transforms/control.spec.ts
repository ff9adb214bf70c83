/**
 * Control flow under nested vmap: vmap(vmap(·)) of cond, scan, whileLoop and
 * grad(cond), with per-element predicates and trip counts, equals a double
 * loop. (Each primitive has its own spec: cond, loops, scan.)
 */
import fc from "fast-check";
import { describe, it } from "vitest";
import type { Tensor } from "../../lib/core/tensor.ts";
import { grad, lax, np, vmap } from "../../lib/index.ts";
import { expectAllclose, loopVmap, randTensor, seedArb } from "./_util.ts";

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
          expectAllclose(vmap(vmap(f))(X), looped, { rtol: 1e-12, atol: 1e-14 }, `vmap(vmap(${name}))`);
          expectAllclose(vmap(vmap(f), { inAxes: 1 })(X), np.swapaxes(looped as Tensor, 0, 1), { rtol: 1e-12, atol: 1e-14 }, `vmap(vmap(${name})) over the middle axis`);
        }
      }),
      { numRuns: 10 },
    );
  });
});
