/**
 * The simplification passes: each rewrite fires where it should, never
 * changes a shape, and a simplified jaxpr computes what the original does.
 */
import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { evalJaxpr, grad, jit, makeJaxpr, np, simplify, typecheck, type Tensor } from "../../lib/index.ts";

const primitivesOf = (f: (...xs: Tensor[]) => unknown, ...args: Tensor[]) =>
  makeJaxpr(f)(...args).jaxpr.eqns.map((e) => e.primitive.name);

describe("simplify", () => {
  it("drops x*1, x+(−0), x-0, x/1 and same-dtype converts", () => {
    const f = (x: Tensor) => np.divide(np.subtract(np.add(np.multiply(x, 1), -0), 0), 1).astype("float64");
    expect(primitivesOf(f, np.ones([3]))).toEqual([]);
  });

  it("keeps x + 0 and x − (−0), which turn −0 into +0 (so jit equals eager in the sign of zero)", () => {
    expect(primitivesOf((x: Tensor) => np.add(x, 0), np.ones([3]))).toEqual(["add"]);
    expect(primitivesOf((x: Tensor) => np.subtract(x, -0), np.ones([3]))).toEqual(["sub"]);
    const plusZero = jit((x: Tensor) => np.add(x, 0));
    expect(Object.is(plusZero(np.array(-0)).item(), 0)).toBe(true);
    expect(Object.is(np.add(np.array(-0), 0).item(), 0)).toBe(true);
  });

  it("treats a broadcast literal like the literal (the seed of grad is a broadcast 1)", () => {
    expect(primitivesOf(grad((x: Tensor) => np.sum(np.tanh(x))), np.ones([2]))).toEqual(["tanh", "mul", "sub"]);
  });

  it("keeps x*1 when the 1 would change the shape", () => {
    expect(primitivesOf((x: Tensor) => np.multiply(x, np.ones([2, 3])), np.ones([3]))).toContain("mul");
  });

  it("removes dead equations and unused constants, and the result typechecks and computes the same", () => {
    const unused = np.ones([4]);
    const f = (x: Tensor) => {
      np.exp(np.add(x, unused));
      return np.sin(x);
    };
    const raw = makeJaxpr(f, { simplify: false })(np.ones([4]));
    const simple = simplify(raw);
    expect(raw.jaxpr.eqns.length).toBeGreaterThan(simple.jaxpr.eqns.length);
    expect(simple.jaxpr.constvars.length).toBe(0);
    expect(E.isRight(typecheck(simple))).toBe(true);
    const x = np.array([0.1, 0.2, 0.3, 0.4]);
    expect(evalJaxpr(simple, x)[0].toArray()).toEqual(evalJaxpr(raw, x)[0].toArray());
  });
});
