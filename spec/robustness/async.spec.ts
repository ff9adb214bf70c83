/**
 * Issue 7, class 5: async functions. A transform given an async function (or
 * any function returning a Promise) throws an `ArgumentError` saying "async
 * functions cannot be traced", and swallows the promise's eventual rejection
 * (the tracer it leaked), so Node does not exit on an unhandled rejection.
 * Every place that receives a user function's result calls one helper,
 * `userOutputOrThrow`.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as tg from "../../lib/index.ts";
import { ArgumentError, grad, jit, lax, np, vmap, type Tensor } from "../../lib/index.ts";
import { checkGrads } from "../../lib/testing/index.ts";

const unhandled: unknown[] = [];
const record = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on("unhandledRejection", record);
});
afterEach(() => {
  process.off("unhandledRejection", record);
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

// the body after the await runs once the transform has finished: it would use a leaked tracer
const asyncSin = async (x: Tensor) => {
  await null;
  return np.sin(x);
};
const asyncPair = async (c: Tensor, x: Tensor) => {
  await null;
  return [np.add(c, x), c];
};
const rejecting = () => Promise.reject(new Error("rejected after the transform"));

const calls: [string, (f: any) => unknown][] = [
  ["grad", (f) => grad(f)(1.0)],
  ["grad (hasAux)", (f) => grad(f, { hasAux: true })(1.0)],
  ["valueAndGrad", (f) => tg.valueAndGrad(f)(1.0)],
  ["jit", (f) => jit(f)(1.0)],
  ["vmap", (f) => vmap(f)(np.ones([2]))],
  ["jvp", (f) => tg.jvp(f, [1.0], [1.0])],
  ["vjp", (f) => tg.vjp(f, 1.0)],
  ["linearize", (f) => tg.linearize(f, 1.0)],
  ["jacfwd", (f) => tg.jacfwd(f)(np.ones([2]))],
  ["jacrev", (f) => tg.jacrev(f)(np.ones([2]))],
  ["hessian", (f) => tg.hessian(f)(np.ones([2]))],
  ["makeJaxpr", (f) => tg.makeJaxpr(f)(1.0)],
  ["evalShape", (f) => tg.evalShape(f)(1.0)],
  ["checkpoint", (f) => tg.checkpoint(f)(1.0)],
  ["customJvp (f)", (f) => tg.customJvp(f, ([x]: Tensor[], [t]: Tensor[]) => [np.sin(x), t])(1.0)],
  ["customJvp (rule)", (f) => grad(tg.customJvp(np.sin, f))(1.0)],
  ["customVjp (fwd)", (f) => grad(tg.customVjp(np.sin, { fwd: f, bwd: (_r: unknown, ct: Tensor) => [ct] }))(1.0)],
  ["customVjp (bwd)", (f) => grad(tg.customVjp(np.sin, { fwd: (x: Tensor) => [np.sin(x), x], bwd: f }))(1.0)],
  ["cond", (f) => lax.cond(true, f, np.cos, 1.0)],
  ["whileLoop (cond)", (f) => lax.whileLoop(f, (c: Tensor) => np.add(c, 1), np.array(0.0))],
  ["whileLoop (body)", (f) => lax.whileLoop((c: Tensor) => np.less(c, 3), f, np.array(0.0))],
  ["foriLoop", (f) => lax.foriLoop(0, 3, f, np.array(0.0))],
  ["numericalGrad", (f) => tg.numericalGrad(f)(1.0)],
  ["numericalJvp", (f) => tg.numericalJvp(f, [1.0], [1.0])],
  ["checkGrads", (f) => checkGrads(f, [1.0])],
];

describe("async functions cannot be traced", () => {
  for (const [name, call] of calls) {
    it(`${name}: an ArgumentError, and no unhandled rejection later`, async () => {
      for (const f of [asyncSin, rejecting]) {
        expect(() => call(f)).toThrow(ArgumentError);
        expect(() => call(f)).toThrow(/async functions cannot be traced/);
      }
      await settle();
      expect(unhandled).toEqual([]);
    });
  }

  it("scan: an ArgumentError, and no unhandled rejection later", async () => {
    expect(() => lax.scan(asyncPair as never, np.array(0.0), np.ones([3]))).toThrow(/async functions cannot be traced/);
    await settle();
    expect(unhandled).toEqual([]);
  });

  it("a Promise passed as an argument is refused the same way", async () => {
    const pending = Promise.reject(new Error("never awaited"));
    expect(() => np.sin(pending as never)).toThrow(/async functions cannot be traced|Promise/);
    await settle();
    expect(unhandled).toEqual([]);
  });
});
