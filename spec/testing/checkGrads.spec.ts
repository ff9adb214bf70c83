/**
 * `checkGrads` / `checkGradsEither`: they pass on correct derivatives (ops,
 * trees, argnums, higher orders, float32) and, above all, they fail on wrong
 * ones, naming the leaf, the mode and the order: derivatives made wrong on
 * purpose with `customVjp` and `customJvp`.
 */
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import {
  ArgumentError,
  customJvp,
  customVjp,
  DTypeError,
  nn,
  np,
  stopGradient,
  TracegradError,
  type Tensor,
} from "tracegrad";
import { checkGrads, checkGradsEither, GradMismatchError, type GradMismatch } from "tracegrad/testing";

// setup

const vec = (...xs: number[]) => np.array(xs);

/** The `GradMismatchError` `fn` throws (failing the test when it throws nothing or something else). */
function mismatchOf(fn: () => void): GradMismatchError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(GradMismatchError);
    expect(e).toBeInstanceOf(TracegradError);
    return e as GradMismatchError;
  }
  throw new Error("expected checkGrads to throw a GradMismatchError, but it passed");
}

function leftOf(r: E.Either<GradMismatch, void>): GradMismatch {
  if (E.isRight(r)) throw new Error("expected checkGradsEither to return a Left, got Right");
  return r.left;
}

/** x * y with a reverse rule that doubles y's cotangent: wrong for the second argument only. */
const badMul = customVjp((x: Tensor, y: Tensor) => np.multiply(x, y), {
  fwd: (x: Tensor, y: Tensor) => [np.multiply(x, y), [x, y]],
  bwd: ([x, y]: Tensor[], ct: Tensor) => [np.multiply(ct, y), np.multiply(np.multiply(ct, x), 2)],
});

/** sin with a forward rule three times too large. */
const badSin = customJvp(
  (x: Tensor) => np.sin(x),
  ([x]: Tensor[], [t]: Tensor[]) => [np.sin(x), np.multiply(np.multiply(np.cos(x), t), 3)],
);

/** sin whose first derivative is right but whose derivative of that is 0 (the cosine is taken of a stopped x). */
const flatSecond = customJvp(
  (x: Tensor) => np.sin(x),
  ([x]: Tensor[], [t]: Tensor[]) => [np.sin(x), np.multiply(np.cos(stopGradient(x)), t)],
);

// passing checks

describe("checkGrads passes on correct derivatives", () => {
  it("elementwise functions, both modes", () => {
    const x = vec(0.3, -1.2, 0.7, 2.1);
    for (const f of [np.sin, np.exp, np.tanh, nn.softplus, (v: Tensor) => np.log(np.add(np.square(v), 1))]) {
      expect(() => checkGrads((v: Tensor) => np.sum(f(v)), [x])).not.toThrow();
    }
  });

  it("non-scalar and tree outputs", () => {
    const f = (x: Tensor) => ({ a: np.sin(x), b: [np.matmul(np.reshape(x, [2, 2]), np.reshape(x, [2, 2])), np.cumsum(x, 0)] });
    expect(E.isRight(checkGradsEither(f, [vec(0.1, 0.2, -0.3, 0.4)]))).toBe(true);
  });

  it("tree arguments: objects, nested arrays, numbers and numeric-array leaves", () => {
    const layer = (x: Tensor, p: { w: Tensor; b: Tensor }) => np.sum(np.tanh(np.add(np.matmul(x, p.w), p.b)));
    const x = np.array([[0.5, -0.2, 0.1], [0.3, 0.8, -0.6]]);
    const params = { w: np.array([[0.1, 0.2], [-0.3, 0.4], [0.5, -0.6]]), b: vec(0.01, -0.02) };
    checkGrads(layer, [x, params]);
    const nested = (xs: [Tensor, [Tensor, number]], scale: number[]) =>
      np.sum(np.multiply(np.multiply(xs[0], np.sin(xs[1][0])), np.multiply(xs[1][1], scale)));
    checkGrads(nested, [[vec(1, 2), [vec(0.5, 0.25), 3]], [1.5, -0.5]]);
  });

  it("argnums: other arguments pass through unchanged, whatever they are", () => {
    const f = (x: Tensor, options: { power: number; label: string }, n: Tensor) =>
      np.sum(np.multiply(np.power(x, options.power), n));
    const n = np.array([1, 2, 3], { dtype: "int32" });
    checkGrads(f, [vec(0.5, 1.5, -1), { power: 3, label: "cube" }, n], { argnums: 0, order: 2 });
    checkGrads((a: Tensor, b: Tensor) => np.sum(np.multiply(np.exp(a), b)), [vec(0.1, 0.2), vec(1, 2)], { argnums: [1] });
  });

  it("order 2 and order 3, both modes and each alone", () => {
    const f = (x: Tensor, y: Tensor) => np.sum(np.multiply(np.sin(np.multiply(x, y)), np.exp(np.divide(x, 3))));
    const args = [vec(0.4, -0.8, 1.1), vec(1.5, 0.5, -0.7)];
    checkGrads(f, args, { order: 2 });
    checkGrads(f, args, { order: 2, modes: ["fwd"] });
    checkGrads(f, args, { order: 2, modes: ["rev"] });
    checkGrads((x: Tensor) => np.sum(np.tanh(x)), [vec(0.3, -0.4)], { order: 3 });
  });

  it("float32 inputs, with the looser float32 defaults", () => {
    const x = np.array([0.3, -1.2, 0.7], { dtype: "float32" });
    checkGrads((v: Tensor) => np.sum(np.multiply(np.sin(v), np.exp(v))), [x], { order: 2 });
  });

  it("a custom derivative that is right", () => {
    const goodMul = customVjp((x: Tensor, y: Tensor) => np.multiply(x, y), {
      fwd: (x: Tensor, y: Tensor) => [np.multiply(x, y), [x, y]],
      bwd: ([x, y]: Tensor[], ct: Tensor) => [np.multiply(ct, y), np.multiply(ct, x)],
    });
    checkGrads((a: Tensor, p: { b: Tensor }) => np.sum(goodMul(a, p.b)), [vec(1, 2), { b: vec(0.5, 0.25) }], { modes: ["rev"] });
    checkGrads((x: Tensor) => np.sum(flatSecond(x)), [vec(0.1, 0.9)]);
  });
});

// failing checks

describe("checkGrads fails on wrong derivatives, naming the leaf, mode and order", () => {
  const a = vec(1, 2);
  const p = { a: np.array(3), b: vec(0.5, 0.25) };
  const usesBadMul = (x: Tensor, q: typeof p) => np.sum(np.multiply(badMul(x, q.b), q.a));

  it("a customVjp whose bwd doubles a cotangent: rev mode, args[1].b", () => {
    const error = mismatchOf(() => checkGrads(usesBadMul, [a, p], { modes: ["rev"] }));
    expect(error.path).toBe("args[1].b");
    expect(error.mode).toBe("rev");
    expect(error.order).toBe(1);
    expect(error.message).toContain("args[1].b");
    expect(error.message).toContain("rev-mode");
    expect(error.message).toMatch(/analytic: +-?\d/);
    expect(error.message).toMatch(/numeric: +-?\d/);
    expect(error.message).toMatch(/difference: .* > tolerance /);
    // the inner product along the direction is exactly twice the true one
    const m = error.mismatch;
    expect(m.analytic / m.numeric).toBeCloseTo(2, 6);
    expect(m.difference).toBeCloseTo(Math.abs(m.analytic - m.numeric), 12);
    expect(m.difference).toBeGreaterThan(m.tolerance);
  });

  it("checkGradsEither returns the same report as a Left", () => {
    const m = leftOf(checkGradsEither(usesBadMul, [a, p], { modes: ["rev"] }));
    expect(m).toMatchObject({ path: "args[1].b", mode: "rev", order: 1, chain: [], output: null });
    expect(typeof m.message).toBe("string");
    expect(m.message).toBe(mismatchOf(() => checkGrads(usesBadMul, [a, p], { modes: ["rev"] })).message);
  });

  it("only the wrong leaf is blamed: the leaves before it pass", () => {
    // args[0] and args[1].a get correct cotangents and are checked first (leaves in tree order: args[0], args[1].a, args[1].b)
    const m = leftOf(checkGradsEither(usesBadMul, [a, p], { modes: ["rev"] }));
    expect(m.path).not.toBe("args[0]");
    expect(m.path).not.toBe("args[1].a");
    expect(E.isRight(checkGradsEither(usesBadMul, [a, p], { modes: ["rev"], argnums: 0 }))).toBe(true);
  });

  it("a customJvp whose rule is three times too large: fwd mode, args[0][1]", () => {
    const f = (xs: [Tensor, Tensor]) => np.add(np.sum(np.square(xs[0])), np.sum(badSin(xs[1])));
    const args = [[np.array(1.0), vec(0.1, 0.2)]];
    const error = mismatchOf(() => checkGrads(f, args));
    expect(error.path).toBe("args[0][1]");
    expect(error.mode).toBe("fwd");
    expect(error.mismatch.output).toBe("out");
    expect(error.mismatch.analytic / error.mismatch.numeric).toBeCloseTo(3, 5);
    // reverse mode transposes the same wrong rule, and is caught too
    expect(leftOf(checkGradsEither(f, args, { modes: ["rev"] }))).toMatchObject({ path: "args[0][1]", mode: "rev" });
  });

  it("fwd mode names the output leaf and element", () => {
    const f = (x: Tensor) => ({ good: np.sin(x), bad: [np.cos(x), badSin(np.reshape(x, [2, 2]))] });
    const m = leftOf(checkGradsEither(f, [vec(0.1, 0.2, 0.3, 0.4)], { modes: ["fwd"] }));
    expect(m.path).toBe("args[0]");
    expect(m.output).toMatch(/^out\.bad\[1\] at \[\d, \d\]$/);
  });

  it("a wrong second derivative passes order 1 and fails order 2", () => {
    const f = (x: Tensor) => np.sum(flatSecond(x));
    const x = vec(0.3, 0.9, -0.4);
    expect(E.isRight(checkGradsEither(f, [x]))).toBe(true);
    const m = leftOf(checkGradsEither(f, [x], { order: 2 }));
    expect(m.order).toBe(2);
    expect(m.chain).toHaveLength(1);
    expect(m.path).toBe("args[0]");
    expect(m.message).toContain("order 2");
    expect(mismatchOf(() => checkGrads(f, [x], { order: 2, modes: ["rev"] }))).toMatchObject({ order: 2, mode: "rev" });
  });

  it("order 2 differentiates the VJP map itself: a bwd whose own derivative is wrong fails in rev mode, chain [rev]", () => {
    // sin with a right first derivative in reverse mode only (customVjp has no forward mode) whose bwd
    // cos(stopGradient(x))·g has a zero derivative in x: only the VJP of the VJP map can see it
    const flatSecondRev = customVjp((x: Tensor) => np.sin(x), {
      fwd: (x: Tensor) => [np.sin(x), x],
      bwd: (x: Tensor, g: Tensor) => [np.multiply(np.cos(stopGradient(x)), g)],
    });
    const rightRev = customVjp((x: Tensor) => np.sin(x), {
      fwd: (x: Tensor) => [np.sin(x), x],
      bwd: (x: Tensor, g: Tensor) => [np.multiply(np.cos(x), g)],
    });
    const x = vec(0.3, 0.9, -0.4);
    checkGrads((v: Tensor) => np.sum(rightRev(v)), [x], { order: 2, modes: ["rev"] });
    checkGrads((v: Tensor) => np.sum(flatSecondRev(v)), [x], { order: 1, modes: ["rev"] });
    const m = mismatchOf(() => checkGrads((v: Tensor) => np.sum(flatSecondRev(v)), [x], { order: 2, modes: ["rev"] }));
    expect(m).toMatchObject({ order: 2, mode: "rev", path: "args[0]" });
    expect(m.mismatch.chain).toEqual(["rev"]);
    expect(m.message).toContain("VJP of the VJP");
  });

  it("a path with a non-identifier key is quoted", () => {
    const f = (p: Record<string, Tensor>) => np.add(np.sum(p.ok), np.sum(badSin(p["bias-2"])));
    expect(leftOf(checkGradsEither(f, [{ ok: vec(1, 2), "bias-2": vec(0.5) }])).path).toBe('args[0]["bias-2"]');
  });

  it("tolerances decide: a 2x error passes with rtol 2, a 0.1% error fails at the defaults but passes rtol 1e-2", () => {
    expect(() => checkGrads(usesBadMul, [a, p], { modes: ["rev"], rtol: 2, atol: 1 })).not.toThrow();
    const nearlyRight = customJvp(
      (x: Tensor) => np.sin(x),
      ([x]: Tensor[], [t]: Tensor[]) => [np.sin(x), np.multiply(np.multiply(np.cos(x), t), 1 + 1e-3)],
    );
    const f = (x: Tensor) => np.sum(nearlyRight(x));
    expect(E.isRight(checkGradsEither(f, [vec(0.2, 0.4)], { rtol: 1e-2 }))).toBe(true);
    expect(E.isLeft(checkGradsEither(f, [vec(0.2, 0.4)]))).toBe(true);
  });

  it("is deterministic given the seed, and the seed changes the directions", () => {
    const run = (seed: number) => leftOf(checkGradsEither(usesBadMul, [a, p], { modes: ["rev"], seed }));
    expect(run(5)).toEqual(run(5));
    expect(run(5).analytic).not.toBe(run(6).analytic);
  });
});

describe("checkGrads rejects bad calls with a library error", () => {
  const f = (x: Tensor) => np.sum(np.sin(x));

  it("options", () => {
    expect(() => checkGrads(f, [vec(1)], { order: 0 })).toThrow(ArgumentError);
    expect(() => checkGrads(f, [vec(1)], { modes: [] })).toThrow(ArgumentError);
    expect(() => checkGrads(f, [vec(1)], { modes: ["sideways" as "fwd"] })).toThrow(ArgumentError);
    expect(() => checkGrads(f, [vec(1)], { argnums: 1 })).toThrow(/argnums/);
    expect(() => checkGrads(f, [vec(1)], { eps: 0 })).toThrow(/eps/);
  });

  it("integer leaves in a differentiated argument name the leaf", () => {
    const g = (p: { w: Tensor; n: Tensor }) => np.sum(np.multiply(p.w, p.n));
    const call = () => checkGrads(g, [{ w: vec(1, 2), n: np.array([1, 2], { dtype: "int32" }) }]);
    expect(call).toThrow(DTypeError);
    expect(call).toThrow(/args\[0\]\.n has dtype int32/);
  });

  it("errors of f itself propagate unchanged", () => {
    const broken = (x: Tensor) => np.sum(np.matmul(x, np.ones([5, 5])));
    expect(() => checkGrads(broken, [vec(1, 2)])).toThrow(TracegradError);
    expect(() => checkGrads(broken, [vec(1, 2)])).not.toThrow(GradMismatchError);
  });
});
