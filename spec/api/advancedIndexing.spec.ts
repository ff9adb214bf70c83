/**
 * numpy's indexing through `x.slice(...)` and JAX's updates through
 * `x.at(...)`: values against numpy 2.4.6 (pinned below: `x[index]` of
 * `x = np.arange(60).reshape(3, 4, 5)`, and the updates of
 * `y = np.arange(12.).reshape(3, 4)` with `y[idx] = v` (last wins),
 * `np.add.at`, `np.multiply.at`, `np.minimum.at`, `np.maximum.at`), then
 * for every case: jit equals eager bitwise (indices traced too), checkGrads
 * to order 2, vmap equals a loop; the bounds rules (concrete errors, traced
 * clamp / drop, JAX's modes) and the errors. The cross-entropy pick
 * `logp.at(np.arange(n), labels).get()` runs under jit(valueAndGrad).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ArgumentError, ConcretizationError, grad, jit, nn, np, ShapeError, valueAndGrad, vmap, type Tensor } from "../../lib/index.ts";
import type { Index } from "../../lib/api/advancedIndexing.ts";
import { checkGrads } from "../../lib/testing/index.ts";
import { expectIdentical } from "./harness.ts";

/** numpy's results, pinned. */
const NUMPY: Record<string, { shape: number[]; data: number[] }> = {
  "x[[0,2]]": { shape: [2, 4, 5], data: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59] },
  "x[:, [1,3]]": { shape: [3, 2, 5], data: [5, 6, 7, 8, 9, 15, 16, 17, 18, 19, 25, 26, 27, 28, 29, 35, 36, 37, 38, 39, 45, 46, 47, 48, 49, 55, 56, 57, 58, 59] },
  "x[[0,1],[1,2]]": { shape: [2, 5], data: [5, 6, 7, 8, 9, 30, 31, 32, 33, 34] },
  "x[[0,1],:,[1,2]]": { shape: [2, 4], data: [1, 6, 11, 16, 22, 27, 32, 37] },
  "x[0,:,[1,2]]": { shape: [2, 4], data: [1, 6, 11, 16, 2, 7, 12, 17] },
  "x[:,0,[1,2]]": { shape: [3, 2], data: [1, 2, 21, 22, 41, 42] },
  "x[1:, [0,2], ::-2]": { shape: [2, 2, 3], data: [24, 22, 20, 34, 32, 30, 44, 42, 40, 54, 52, 50] },
  "x[::-1,[1,2]]": { shape: [3, 2, 5], data: [45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14] },
  "x[None, [0,1]]": { shape: [1, 2, 4, 5], data: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39] },
  "x[[0,1], None, [0,1]]": { shape: [2, 1, 5], data: [0, 1, 2, 3, 4, 25, 26, 27, 28, 29] },
  "x[..., [0,4]]": { shape: [3, 4, 2], data: [0, 4, 5, 9, 10, 14, 15, 19, 20, 24, 25, 29, 30, 34, 35, 39, 40, 44, 45, 49, 50, 54, 55, 59] },
  "x[[[0],[2]], [1,3]]": { shape: [2, 2, 5], data: [5, 6, 7, 8, 9, 15, 16, 17, 18, 19, 45, 46, 47, 48, 49, 55, 56, 57, 58, 59] },
  "x[x>50]": { shape: [9], data: [51, 52, 53, 54, 55, 56, 57, 58, 59] },
  "x[x[:,:,0]>20]": { shape: [7, 5], data: [25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59] },
  "x[-1, [-1, 0]]": { shape: [2, 5], data: [55, 56, 57, 58, 59, 40, 41, 42, 43, 44] },
  "x[True]": { shape: [1, 3, 4, 5], data: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59] },
  "x[:, 1:3, [2]]": { shape: [3, 2, 1], data: [7, 12, 27, 32, 47, 52] },
  "x[[2,0], 1::2]": { shape: [2, 2, 5], data: [45, 46, 47, 48, 49, 55, 56, 57, 58, 59, 5, 6, 7, 8, 9, 15, 16, 17, 18, 19] },
  "x[:, ::2, [0,1]]": { shape: [3, 2, 2], data: [0, 1, 10, 11, 20, 21, 30, 31, 40, 41, 50, 51] },
  "set rows last wins": { shape: [3, 4], data: [9, 10, 11, 12, 4, 5, 6, 7, 5, 6, 7, 8] },
  "add rows repeat": { shape: [3, 4], data: [3, 4, 5, 6, 4, 5, 6, 7, 9.5, 10.5, 11.5, 12.5] },
  "mul repeat": { shape: [3, 4], data: [0, 8, 2, 3, 4, 5, 6, 7, 8, 27, 10, 11] },
  "min": { shape: [3, 4], data: [0, 1, 2, 3, -1, 5, 6, 7, 8, 9, 10, 11] },
  "max": { shape: [3, 4], data: [0, 1, 2, 3, 4, 5, 6, 7.5, 8, 9, 10, 20] },
  "set slice+array": { shape: [3, 4], data: [0, 1, 2, 3, 0, 5, 0, 7, 0, 9, 0, 11] },
  "set mask": { shape: [3, 4], data: [0, 1, 2, 3, 4, 5, 6, -1, -1, -1, -1, -1] },
  "add ellipsis neg": { shape: [3, 4], data: [20, 1, 2, 13, 24, 5, 6, 17, 28, 9, 10, 21] },
  "set basic strided": { shape: [3, 4], data: [0, 2, 2, 1, 4, 2, 6, 1, 8, 2, 10, 1] },
};

const ints = (...v: number[]) => np.array(v, { dtype: "int32" });
const x = () => np.arange(60).reshape(3, 4, 5).astype("float64");
const y = () => np.arange(12).reshape(3, 4).astype("float64");

/** Each read: its numpy label and the index (tensors in it may be traced by the transforms below). */
const READS: [string, () => Index[]][] = [
  ["x[[0,2]]", () => [ints(0, 2)]],
  ["x[:, [1,3]]", () => [null, ints(1, 3)]],
  ["x[[0,1],[1,2]]", () => [ints(0, 1), ints(1, 2)]],
  ["x[[0,1],:,[1,2]]", () => [ints(0, 1), null, ints(1, 2)]],
  ["x[0,:,[1,2]]", () => [0, null, ints(1, 2)]],
  ["x[:,0,[1,2]]", () => [null, 0, ints(1, 2)]],
  ["x[1:, [0,2], ::-2]", () => [[1], ints(0, 2), [null, null, -2]]],
  ["x[::-1,[1,2]]", () => [[null, null, -1], ints(1, 2)]],
  ["x[None, [0,1]]", () => [np.newaxis, ints(0, 1)]],
  ["x[[0,1], None, [0,1]]", () => [ints(0, 1), np.newaxis, ints(0, 1)]],
  ["x[..., [0,4]]", () => ["...", ints(0, 4)]],
  ["x[[[0],[2]], [1,3]]", () => [np.array([[0], [2]], { dtype: "int32" }), ints(1, 3)]],
  ["x[x>50]", () => [np.greater(x(), 50)]],
  ["x[x[:,:,0]>20]", () => [np.greater(x().slice(null, null, 0), 20)]],
  ["x[-1, [-1, 0]]", () => [-1, ints(-1, 0)]],
  ["x[True]", () => [true]],
  ["x[:, 1:3, [2]]", () => [null, [1, 3], ints(2)]],
  ["x[[2,0], 1::2]", () => [ints(2, 0), [1, null, 2]]],
  ["x[:, ::2, [0,1]]", () => [null, [null, null, 2], ints(0, 1)]],
];

function expectNumpy(got: Tensor, label: string): void {
  const want = NUMPY[label];
  expect(got.shape, `${label}: shape`).toEqual(want.shape);
  expect(Array.from(got.toTypedArray()), `${label}: values`).toEqual(want.data);
}

/** The index with its tensors (not masks) replaced by the given ones, for tracing them. */
function withTensors(index: readonly Index[], tensors: readonly Tensor[]): Index[] {
  let k = 0;
  return index.map((s) => (s instanceof Object && "dtype" in (s as object) && (s as Tensor).dtype === "int32" ? tensors[k++] : s));
}
const tensorsOf = (index: readonly Index[]) => index.filter((s): s is Tensor => s instanceof Object && "dtype" in (s as object) && (s as Tensor).dtype === "int32");

describe("x.slice(...index): numpy's indexing", () => {
  for (const [label, index] of READS) {
    it(label, () => {
      expectNumpy(x().slice(...index()), label);
      // jit, with x and the integer arrays traced
      const idx = index();
      const f = (t: Tensor, ...ts: Tensor[]) => t.slice(...withTensors(idx, ts));
      expectIdentical(jit(f)(x(), ...tensorsOf(idx)), x().slice(...idx), `jit ${label}`);
      // grad (the transpose is a scatter-add), to order 2
      checkGrads((t: Tensor) => np.sum(np.square(f(t, ...tensorsOf(idx)))), [np.multiply(x(), 0.01)], { order: 2 });
      // vmap over a batch of x, and over a batch of the indices
      const xs = np.stack([x(), np.negative(x())]);
      expect(vmap((t: Tensor) => f(t, ...tensorsOf(idx)))(xs).toArray()).toEqual(np.stack([f(x(), ...tensorsOf(idx)), f(np.negative(x()), ...tensorsOf(idx))]).toArray());
      const ts = tensorsOf(idx);
      if (ts.length > 0) {
        const shifted = ts.map((t) => np.subtract(np.zerosLike(t), 1).astype("int32"));
        const batched = ts.map((t, i) => np.stack([t, shifted[i]]));
        expect(vmap((...b: Tensor[]) => f(x(), ...b))(...batched).toArray()).toEqual(np.stack([f(x(), ...ts), f(x(), ...shifted)]).toArray());
      }
    });
  }
});

/** Each update: its numpy label, and the update of y (index tensors traced by the transforms below), with the value. */
const UPDATES: [string, (t: Tensor, ...ix: Tensor[]) => Tensor, () => Tensor[], () => Tensor][] = [
  ["set rows last wins", (t, i, v) => t.at(i).set(v), () => [ints(0, 2, 0)], () => np.arange(1, 13).reshape(3, 4).astype("float64")],
  ["add rows repeat", (t, i, v) => t.at(i, null).add(v), () => [ints(0, 2, 0)], () => np.array(1.5)],
  ["mul repeat", (t, i, v) => t.at(i, 1).multiply(v), () => [ints(0, 2, 0)], () => np.array([2, 3, 4])],
  ["min", (t, i, j, v) => t.at(i, j).min(v), () => [ints(1, 1), ints(0, 3)], () => np.array([-1, 100])],
  ["max", (t, i, v) => t.at(null, i).max(v), () => [ints(3, 3)], () => np.array([[2.5], [7.5], [20]])],
  ["set slice+array", (t, i, v) => t.at([1], i).set(v), () => [ints(0, 2)], () => np.array(0)],
  ["add ellipsis neg", (t, i, v) => t.at("...", i).add(v), () => [ints(-1, 0)], () => np.array([10, 20])],
];

describe("x.at(...index): JAX's functional updates", () => {
  for (const [label, update, indices, value] of UPDATES) {
    it(label, () => {
      const ix = indices();
      const v = value();
      expectNumpy(update(y(), ...ix, v), label);
      expectIdentical(jit(update)(y(), ...ix, v), update(y(), ...ix, v), `jit ${label}`);
      // the gradient in the operand and in the value (min/max: no ties at these points)
      checkGrads((t: Tensor, w: Tensor) => np.sum(np.square(update(t, ...ix, w))), [np.multiply(y(), 0.1), np.multiply(v, 0.3)], { order: 2 });
      const ys = np.stack([y(), np.multiply(y(), -2)]);
      expect(vmap((t: Tensor) => update(t, ...ix, v))(ys).toArray()).toEqual(np.stack([update(y(), ...ix, v), update(np.multiply(y(), -2), ...ix, v)]).toArray());
    });
  }

  it("set with a mask and with a basic strided index (numpy's y[y > 6] = -1, y[:, ::-2] = [1, 2])", () => {
    expectNumpy(y().at(np.greater(y(), 6)).set(-1), "set mask");
    expectNumpy(y().at(null, [null, null, -2]).set([1, 2]), "set basic strided");
    for (const [m, fn] of [["multiply", (t: Tensor) => t.at(null, [1, 3]).multiply(3)], ["min", (t: Tensor) => t.at(1).min(5)], ["max", (t: Tensor) => t.at(1).max(5)]] as const) {
      const want = { multiply: [0, 3, 6, 3, 4, 15, 18, 7, 8, 27, 30, 11], min: [0, 1, 2, 3, 4, 5, 5, 5, 8, 9, 10, 11], max: [0, 1, 2, 3, 5, 5, 6, 7, 8, 9, 10, 11] }[m];
      expect(Array.from(fn(y()).toTypedArray()), m).toEqual(want);
    }
    // [0, 2] is the slice 0:2 (a JS array is a slice spec; index arrays are tensors)
    expect(y().at(0).subtract(1).at(2, [0, 2]).divide(2).toArray()).toEqual([[-1, 0, 1, 2], [4, 5, 6, 7], [4, 4.5, 10, 11]]);
    expect(y().at(1, ints(0, 3)).get().toArray()).toEqual([4, 7]);
  });
});

describe("out of bounds", () => {
  it("concrete indices out of bounds are errors (numpy's), naming the op, the axis and the shape", () => {
    expect(() => y().slice(ints(3))).toThrow(ArgumentError);
    expect(() => y().slice(ints(3))).toThrow(/slice: index 3 is out of bounds for axis 0 with size 3/);
    expect(() => y().at(null, ints(-5)).set(0)).toThrow(/at.set: index -5 is out of bounds for axis 1/);
    expect(() => y().slice(3)).toThrow(/out of bounds/);
  });

  it("traced indices: reads clamp, updates drop (JAX's defaults); negatives count from the end", () => {
    const read = jit((t: Tensor, i: Tensor) => t.slice(i, 0));
    expect(read(y(), ints(-1, 7, -9)).toArray()).toEqual([8, 8, 0]);
    const write = jit((t: Tensor, i: Tensor) => t.at(i, 0).set(-1));
    expect(write(y(), ints(-1, 7)).toArray()).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [-1, 9, 10, 11]]);
    const add = jit((t: Tensor, i: Tensor) => t.at(i).add(1));
    expect(add(np.zeros([3]), ints(0, 3, 0)).toArray()).toEqual([2, 0, 0]);
  });

  it("a mode gives JAX's behaviour, concrete indices too: get fill/clip, set clip/drop", () => {
    expect(np.arange(3).at(ints(0, 5)).get({ mode: "fill", fillValue: -1 }).toArray()).toEqual([0, -1]);
    expect(np.arange(3).astype("float64").at(ints(5)).get({ mode: "fill" }).toArray()).toEqual([NaN]);
    expect(np.arange(3).at(ints(5, -7)).get({ mode: "clip" }).toArray()).toEqual([2, 0]);
    expect(np.arange(3).at(7).get({ mode: "fill", fillValue: 9 }).item()).toBe(9);
    expect(np.zeros([3]).at(ints(5)).set(1, { mode: "clip" }).toArray()).toEqual([0, 0, 1]);
    expect(np.zeros([3]).at(ints(5)).set(1, { mode: "drop" }).toArray()).toEqual([0, 0, 0]);
    // the gradient of a filled read is zero there; of a clamped read, it lands on the clamped element
    const g = grad((t: Tensor) => np.sum(t.at(ints(1, 4)).get({ mode: "fill", fillValue: 0 })))(np.zeros([3]));
    expect(g.toArray()).toEqual([0, 1, 0]);
    const gc = grad((t: Tensor) => np.sum(t.at(ints(1, 4)).get({ mode: "clip" })))(np.zeros([3]));
    expect(gc.toArray()).toEqual([0, 1, 1]);
  });
});

describe("bad indices", () => {
  it("name the op, the shapes and the fix", () => {
    expect(() => y().slice(0, 0, 0)).toThrow(/too many indices for f64\[3,4\]/);
    expect(() => y().slice("...", "...")).toThrow(/only one ellipsis/);
    expect(() => y().slice([[0, 1]] as never)).toThrow(/np.array\(\[...\]\) or an Int32Array/);
    expect(() => y().slice(ints(0, 1), ints(0, 1, 2))).toThrow(ShapeError);
    expect(() => y().slice(ints(0, 1), ints(0, 1, 2))).toThrow(/cannot be broadcast together/);
    expect(() => y().slice(np.array([true, false]))).toThrow(/boolean index bool\[2\] does not match the axes \[3\]/);
    // float index arrays are refused, concrete or traced (numpy and JAX refuse them too)
    expect(() => y().slice(np.array([0.5]))).toThrow(/index arrays must be integers, got f64\[1\]/);
    expect(() => y().slice(np.array([1]))).toThrow(/np.array\(\[...\], \{ dtype: "int32" \}\)/);
    expect(() => jit((t: Tensor, i: Tensor) => t.slice(i))(y(), np.array([0.0]))).toThrow(/astype\("int32"\)/);
    expect(() => jit((t: Tensor) => t.slice(np.greater(t, 0)))(y())).toThrow(ConcretizationError);
    expect(() => y().at(ints(0)).set(np.ones([2, 4]))).toThrow(/cannot broadcast the update f64\[2,4\] to the selected region \[1,4\]/);
    expect(() => y().at(0).get({ mode: "wrap" } as never)).toThrow(/mode must be one of/);
    expect(() => y().at(0).set(1, { mod: "clip" } as never)).toThrow(/unknown option "mod"/);
    expect(() => np.zeros([0]).slice(ints(0))).toThrow(/size 0/);
    // a failed call leaves nothing behind
    expect(y().slice(ints(1)).toArray()).toEqual([[4, 5, 6, 7]]);
  });
});

describe("typical uses", () => {
  it("cross-entropy: logp.at(np.arange(n), labels).get() under jit(valueAndGrad) equals eager and numpy's softmax - onehot", () => {
    const n = 6;
    const logits = np.array([[1, 2, 0.5], [0, -1, 3], [2, 2, 2], [0.1, 0.2, 0.3], [-2, 5, 1], [1, 0, -1]]);
    const labels = ints(0, 2, 1, 1, 0, 2);
    const loss = (z: Tensor, lab: Tensor) => np.negative(np.mean(nn.logSoftmax(z).at(np.arange(n), lab).get()));
    const [v, g] = valueAndGrad(loss)(logits, labels);
    const [vj, gj] = jit(valueAndGrad(loss))(logits, labels);
    expectIdentical([vj, gj], [v, g], "jit(valueAndGrad)");
    const expected = np.divide(np.subtract(nn.softmax(logits), nn.oneHot(labels, 3)), n);
    expect(np.allclose(g, expected, { rtol: 1e-12, atol: 1e-15 })).toBe(true);
    expect(vmap((lab: Tensor) => loss(logits, lab))(np.stack([labels, np.flip(labels)])).shape).toEqual([2]);
  });

  it("embedding lookup E.take(ids, 0): its gradient is a scatter-add of the rows (repeats accumulate)", () => {
    const E = np.arange(12).reshape(4, 3).astype("float64");
    const ids = np.array([[1, 3], [1, 0]], { dtype: "int32" });
    const g = grad((e: Tensor) => np.sum(np.take(e, ids, 0)))(E);
    expect(g.toArray()).toEqual([[1, 1, 1], [2, 2, 2], [0, 0, 0], [1, 1, 1]]);
    expect(jit(grad((e: Tensor, i: Tensor) => np.sum(np.square(np.take(e, i, 0)))))(E, ids).toArray()).toEqual(
      grad((e: Tensor) => np.sum(np.square(np.take(e, ids, 0))))(E).toArray(),
    );
  });

  it("random integer-array reads agree with a per-element loop (fast-check)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -3, max: 2 }), { minLength: 1, maxLength: 5 }), fc.array(fc.integer({ min: -4, max: 3 }), { minLength: 1, maxLength: 5 }), (rows, cols) => {
        const k = Math.min(rows.length, cols.length);
        const r = ints(...rows.slice(0, k));
        const c = ints(...cols.slice(0, k));
        const got = y().slice(r, c).toArray() as number[];
        const want = rows.slice(0, k).map((i, j) => (((i % 3) + 3) % 3) * 4 + (((cols[j] % 4) + 4) % 4));
        expect(got).toEqual(want);
      }),
      { numRuns: 50 },
    );
  });
});
