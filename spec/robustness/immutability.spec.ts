/**
 * Issue 7, class 9: a tensor's shape is a frozen copy, taken at construction
 * (one shared frozen empty array for 0-d tensors): the caller's array and a
 * write to `x.shape` cannot change a tensor, nor a cached jaxpr.
 */
import { describe, expect, it } from "vitest";
import { grad, jit, makeJaxpr, np, vmap, type Tensor } from "../../lib/index.ts";

describe("shapes are frozen copies", () => {
  it("the caller's shape array is not aliased (broadcastTo, zeros, reshape, full)", () => {
    const s = [2, 3];
    const b = np.broadcastTo(np.ones([3]), s);
    const z = np.zeros(s);
    const r = np.reshape(np.arange(6), s);
    const f = np.full(s, 1);
    s[0] = 5;
    for (const t of [b, z, r, f]) {
      expect(t.shape).toEqual([2, 3]);
      expect(t.size).toBe(6);
    }
  });

  it("x.shape cannot be written: the write throws (strict mode) and x is unchanged", () => {
    const x = np.ones([2, 3]);
    expect(Object.isFrozen(x.shape)).toBe(true);
    expect(() => {
      (x.shape as number[])[0] = 1000;
    }).toThrow(TypeError);
    expect(() => (x.shape as number[]).push(1)).toThrow(TypeError);
    expect(x.shape).toEqual([2, 3]);
    expect(x.toArray()).toEqual([[1, 1, 1], [1, 1, 1]]);
  });

  it("results of every kind of op, tracers included, have frozen shapes", () => {
    const shapes: (readonly number[])[] = [];
    const f = (x: Tensor) => {
      shapes.push(x.shape, np.sin(x).shape, np.sum(x, 0).shape);
      return np.sum(np.square(x));
    };
    const x = np.ones([2, 3]);
    shapes.push(x.shape, f(x).shape, np.matmul(x, np.ones([3, 2])).shape, np.array(2).shape);
    grad(f)(x);
    jit(f)(x);
    vmap(f)(x);
    expect(shapes.length).toBeGreaterThan(10);
    for (const s of shapes) expect(Object.isFrozen(s)).toBe(true);
  });

  it("0-d tensors share one frozen empty shape", () => {
    expect(np.array(1).shape).toBe(np.array(2).shape);
    expect(np.sum(np.ones([3])).shape).toBe(np.array(2).shape);
  });

  it("a shape array mutated after jit traced does not change the cached program", () => {
    const target = [2, 3];
    const f = jit((x: Tensor) => np.broadcastTo(x, target));
    expect(f(np.ones([3])).shape).toEqual([2, 3]);
    const printed = makeJaxpr((x: Tensor) => np.broadcastTo(x, target))(np.ones([3])).toString();
    target[0] = 4;
    // same avals: the cached program runs, with the shape it was traced with
    expect(f(np.ones([3])).shape).toEqual([2, 3]);
    expect(printed).toContain("f64[2,3]");
  });
});
