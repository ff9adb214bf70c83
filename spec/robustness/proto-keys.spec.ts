/**
 * Issue 7, class 4: an own `"__proto__"` key (as `JSON.parse` makes) is an
 * ordinary leaf: every function that rebuilds objects defines own data
 * properties, so the leaf is kept and the result's prototype never changes.
 */
import { describe, expect, it } from "vitest";
import { grad, jit, np, tree, valueAndGrad, vmap, type Tensor } from "../../lib/index.ts";

const parsed = () => JSON.parse('{"__proto__": 1.5, "b": 2.5}') as Record<string, number>;
const loss = (p: Record<string, Tensor>) => np.add(np.square(p["__proto__"]), np.multiply(p.b, 3));

function expectPlainWithProtoKey(result: Record<string, unknown>): void {
  expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
  expect(Object.keys(result).sort()).toEqual(["__proto__", "b"]);
  expect(Object.prototype.hasOwnProperty.call(result, "__proto__")).toBe(true);
}

describe('"__proto__" keys survive every rebuild', () => {
  it("tree.map and tree.unflatten", () => {
    const doubled = tree.map((x: number) => x * 2, parsed());
    expectPlainWithProtoKey(doubled);
    expect(doubled["__proto__"]).toBe(3);
    const [leaves, def] = tree.flatten(parsed());
    expect(leaves).toEqual([1.5, 2.5]);
    expectPlainWithProtoKey(tree.unflatten(def, leaves) as Record<string, unknown>);
  });

  it("grad and valueAndGrad", () => {
    const g = grad(loss)(parsed()) as Record<string, Tensor>;
    expectPlainWithProtoKey(g);
    expect(g["__proto__"].item()).toBe(3); // d(x²) = 2x at 1.5
    expect(g.b.item()).toBe(3);
    const [value] = valueAndGrad(loss)(parsed());
    expect(value.item()).toBe(1.5 ** 2 + 7.5);
  });

  it("jit and vmap", () => {
    const viaJit = jit((p: Record<string, Tensor>) => tree.map((x: Tensor) => np.multiply(x, 2), p))(parsed()) as Record<string, Tensor>;
    expectPlainWithProtoKey(viaJit);
    expect(viaJit["__proto__"].item()).toBe(3);
    const batched = JSON.parse('{"__proto__": [1, 2], "b": [3, 4]}');
    const viaVmap = vmap((p: Record<string, Tensor>) => tree.map((x: Tensor) => np.multiply(x, 2), p))(batched) as Record<string, Tensor>;
    expectPlainWithProtoKey(viaVmap);
    expect(viaVmap["__proto__"].toArray()).toEqual([2, 4]);
  });
});
