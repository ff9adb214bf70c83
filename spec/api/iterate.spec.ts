/**
 * Tensors iterate along axis 0 as numpy arrays do (issue 9, group 6).
 */
import { describe, expect, it } from "vitest";
import { grad, jit, np, vmap, type Tensor } from "../../lib/index.ts";

describe("iterating a tensor", () => {
  it("yields the rows along axis 0 (for-of, destructuring, spread)", () => {
    const x = np.arange(6).reshape(3, 2);
    const rows: unknown[] = [];
    for (const row of x) rows.push(row.toArray());
    expect(rows).toEqual([[0, 1], [2, 3], [4, 5]]);
    const [a, , c] = x;
    expect([a.toArray(), c.toArray()]).toEqual([[0, 1], [4, 5]]);
    expect([...np.array([1, 2, 3])].map((t) => [t.shape, t.dtype, t.item()])).toEqual([[[], "float64", 1], [[], "float64", 2], [[], "float64", 3]]);
    expect(Array.from(np.zeros([0, 4]))).toEqual([]);
  });

  it("a 0-d tensor is not iterable (a TypeError, as numpy's), and tensors still compare with toEqual", () => {
    expect(() => [...np.array(1)]).toThrow(TypeError);
    expect(() => {
      const [v] = np.array(2);
      return v;
    }).toThrow(/not iterable/);
    expect(Symbol.iterator in np.array(1) && np.array(1)[Symbol.iterator] === undefined).toBe(true);
    expect(np.array([[1, 2]])).toEqual(np.array([[1, 2]]));
    expect(np.array(3)).toEqual(np.array(3));
    expect(np.array([1, 2])).not.toEqual(np.array([1, 3]));
  });

  it("works on traced tensors: under jit, vmap and grad", () => {
    const sumRows = (x: Tensor) => [...x].reduce((s, row) => np.add(s, np.multiply(row, row)), np.zeros([x.shape[1]]));
    const x = np.array([[1, 2], [3, 4]]);
    expect(jit(sumRows)(x).toArray()).toEqual([10, 20]);
    expect(vmap(sumRows)(np.stack([x, np.multiply(x, 2)])).toArray()).toEqual([[10, 20], [40, 80]]);
    expect(grad((t: Tensor) => np.sum(sumRows(t)))(x).toArray()).toEqual([[2, 4], [6, 8]]);
  });
});
