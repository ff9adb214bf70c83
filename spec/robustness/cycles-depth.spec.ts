/**
 * Issue 7, class 3: cyclic and very deep inputs. A cycle is detected, and
 * nesting is bounded (1000 levels for trees, 64 axes for nested data), with
 * an `ArgumentError`/`ShapeError` instead of looping until out of memory or
 * overflowing the stack with a raw RangeError.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, grad, jit, np, ShapeError, tree, vmap, type Tensor } from "../../lib/index.ts";
import { MAX_NESTING_DEPTH } from "../../lib/core/limits.ts";
import { thrown } from "./_expect.ts";

function nest(depth: number, leaf: unknown, wrap: (x: unknown) => unknown = (x) => [x]): unknown {
  let x = leaf;
  for (let i = 0; i < depth; i++) x = wrap(x);
  return x;
}

const cyclicArray = (): unknown[] => {
  const c: unknown[] = [];
  c.push(c);
  return c;
};

const cyclicTree = (): Record<string, unknown> => {
  const c: Record<string, unknown> = { w: np.ones([2]) };
  c.self = c;
  return c;
};

const sumLeaves = (p: unknown) => (tree.leaves(p) as Tensor[]).reduce((acc, t) => np.add(acc, np.sum(t)), np.array(0));

describe("cycles", () => {
  it("np.array of a cyclic array is a ShapeError (it looped until out of memory)", () => {
    const e = thrown(() => np.array(cyclicArray() as never));
    expect(e).toBeInstanceOf(ShapeError);
    expect((e as Error).message).toMatch(/array: cyclic nested array/);
    const withNumber: unknown[] = [1];
    withNumber.push(withNumber);
    expect(() => np.array(withNumber as never)).toThrow(ShapeError);
  });

  it("tree.* of a cyclic tree is an ArgumentError naming the function", () => {
    for (const [name, call] of [
      ["tree.flatten", (x: unknown) => tree.flatten(x)],
      ["tree.leaves", (x: unknown) => tree.leaves(x)],
      ["tree.structure", (x: unknown) => tree.structure(x)],
      ["tree.map", (x: unknown) => tree.map((l: unknown) => l, x)],
    ] as const) {
      for (const make of [cyclicArray, cyclicTree]) {
        const e = thrown(() => call(make()));
        expect(e, name).toBeInstanceOf(ArgumentError);
        expect((e as Error).message).toMatch(new RegExp(`^${name.replace(".", "\\.")}: the tree is cyclic`));
      }
    }
  });

  it("grad, jit and vmap of a cyclic argument, and a cyclic aux, are ArgumentErrors", () => {
    expect(() => grad(sumLeaves)(cyclicTree())).toThrow(/cyclic/);
    expect(() => jit(sumLeaves)(cyclicTree())).toThrow(/cyclic/);
    expect(() => vmap(sumLeaves)(cyclicTree())).toThrow(/cyclic/);
    expect(() => vmap(np.sin, { inAxes: cyclicArray() })(cyclicArray() as never)).toThrow(ArgumentError);
    const withCyclicAux = (x: Tensor) => [np.sum(x), cyclicTree()];
    expect(() => grad(withCyclicAux, { hasAux: true })(np.ones([2]))).toThrow(/cyclic/);
  });

  it("a structure given to tree.unflatten that is cyclic is refused", () => {
    const def: { kind: string; children: unknown[] } = { kind: "array", children: [] };
    def.children.push(def);
    expect(() => tree.unflatten(def as never, [])).toThrow(ArgumentError);
  });

  it("shared subtrees are not cycles", () => {
    const t = np.ones([2]);
    const shared = [t];
    expect(tree.leaves([shared, shared, { a: shared }])).toHaveLength(3);
    expect(grad(sumLeaves)([shared, shared])).toHaveLength(2);
  });
});

describe("depth", () => {
  it("nesting 10,000 deep is an error, not a stack overflow (trees, np.array, grad, jit, vmap)", () => {
    const deepTree = nest(10_000, np.ones([2]));
    const deepObject = nest(10_000, np.ones([2]), (x) => ({ a: x }));
    const deepNumbers = nest(10_000, 1);
    for (const x of [deepTree, deepObject]) {
      expect(() => tree.leaves(x)).toThrow(new RegExp(`nested more than ${MAX_NESTING_DEPTH} levels`));
      expect(() => grad(sumLeaves)(x)).toThrow(ArgumentError);
      expect(() => jit(sumLeaves)(x)).toThrow(ArgumentError);
      expect(() => vmap(sumLeaves)(x)).toThrow(ArgumentError);
    }
    expect(() => np.array(deepNumbers as never)).toThrow(/more than 64 levels deep/);
    expect(() => grad(np.sum)(deepNumbers as never)).toThrow(/deep/);
  });

  it("trees up to the limit work", () => {
    const deep = nest(MAX_NESTING_DEPTH, np.ones([2]));
    expect(tree.leaves(deep)).toHaveLength(1);
    const rebuilt = tree.unflatten(tree.structure(deep), [np.zeros([3])]);
    expect((tree.leaves(rebuilt)[0] as Tensor).shape).toEqual([3]);
    expect(() => tree.leaves(nest(MAX_NESTING_DEPTH + 1, np.ones([2])))).toThrow(ArgumentError);
  });

  it("a nested array of 64 axes works, 65 is an error", () => {
    expect(np.array(nest(64, 1) as never).ndim).toBe(64);
    expect(() => np.array(nest(65, 1) as never)).toThrow(ShapeError);
  });
});
