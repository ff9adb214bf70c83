/**
 * Rows for issue 9's group 11: the `tree` namespace (jax.tree and its key
 * paths; optax.tree's arithmetic). Values are JAX's/optax's on the same
 * trees (the JAX call is next to each), written out by hand: trees come back
 * as trees, so most rows assert with `check`; `f`/`args` run the
 * arithmetic through grad, vmap and jit.
 */
import { expect } from "vitest";
import { ArgumentError, DictKey, np, SequenceKey, ShapeError, tree, type Tensor } from "../../../lib/index.ts";
import { f32, f64, type Row } from "../harness.ts";

const params = () => ({ w: np.array([[1, 2], [3, 4]]), b: np.array([0.5, -1]), skip: null });

/** `actual` is a tree of tensors of `dtype` whose values, as nested numbers, are `expected`. */
function expectTree(actual: unknown, expected: unknown, dtype = "float64"): void {
  for (const leaf of tree.leaves<Tensor>(actual)) expect(leaf.dtype).toBe(dtype);
  expect(tree.map((leaf: Tensor) => leaf.toArray(), actual)).toEqual(expected);
}

const t = (...values: number[]) => values.map((v) => np.array(v));

export const treeRows: Row[] = [
  {
    name: "tree.flatten",
    check: () => {
      const [leaves, def] = tree.flatten({ b: [1, 2], a: [np.array(1), { c: 3 }], d: null });
      expect(leaves.length).toBe(3); // [1, 2] is one array-like leaf; keys sorted
      expect(tree.unflatten(def, [7, 8, 9])).toEqual({ a: [7, { c: 8 }], b: 9, d: null });
    },
    f: (x: Tensor, y: Tensor) => tree.flatten({ y, x })[0],
    args: [f64([2]), f64([3])],
  },
  {
    name: "tree.unflatten",
    check: () => {
      const def = tree.structure({ w: np.zeros([2]), b: 0 });
      const rebuilt: { w: Tensor; b: number } = tree.unflatten(def, [1, np.array([2, 3])]); // typed by the structure
      expect(rebuilt.b).toBe(1);
      expect(rebuilt.w.toArray()).toEqual([2, 3]);
    },
    errors: [{ args: [tree.structure(t(0, 0)), [1]], type: ArgumentError, match: /2 leaves but 1/ }],
  },
  {
    name: "tree.leaves",
    check: () => {
      const leaves: Tensor[] = tree.leaves<Tensor>(params());
      expect(leaves.map((l) => l.shape)).toEqual([[2], [2, 2]]); // b, w (skip is None: no leaves)
    },
    f: (x: Tensor) => tree.leaves({ a: x, b: [np.multiply(x, 2)] }),
    args: [f64([2])],
  },
  {
    name: "tree.structure",
    check: () => {
      expect(tree.structure([np.ones([2]), { a: 1 }])).toEqual(tree.structure([0, { a: 0 }]));
      expect(tree.structure(null)).toEqual({ kind: "none", value: null });
    },
  },
  {
    name: "tree.map",
    check: () => {
      // jax.tree.map(lambda a, b: a + b, {'w': x, 'b': y}, {'w': 1, 'b': 2})
      expectTree(tree.map((a: Tensor, b: number) => np.add(a, b), { w: np.array([1, 2]), b: np.array(3) }, { w: 1, b: 2 }), { b: 5, w: [2, 3] });
      // a further tree may have the first as a prefix: f gets its subtree (jax.tree.map(f, {'a': 0.5}, {'a': [x, y]}))
      const scaled = tree.map((s: number, sub: Tensor[]) => sub.map((t) => np.multiply(t, s)), { a: 0.5 }, { a: [np.array(2), np.array(4)] });
      expectTree(scaled, { a: [1, 2] });
      expect(tree.map((v: number) => v + 1, [1, null, { x: 2 }])).toEqual([2, null, { x: 3 }]);
    },
    errors: [
      { args: [(a: unknown) => a, { a: 1 }, { b: 1 }], type: ArgumentError, match: /does not have the first tree's structure/ },
      { args: [(a: unknown) => a, [np.ones([2]), np.ones([2])], [1, 2]], type: ArgumentError, match: /tree 1/ }, // [1, 2] is one leaf
      { args: [1, {}], type: ArgumentError, match: /must be a function/ },
    ],
    f: (x: Tensor, y: Tensor) => tree.map((a: Tensor, b: Tensor) => np.multiply(a, np.sin(b)), { p: x, q: [y] }, { p: y, q: [x] }),
    args: [f64([3]), f64([3])],
  },
  {
    name: "tree.reduce",
    check: () => {
      expect(tree.reduce((a: number, b: number) => a + b, [1, { x: 2, y: 3 }])).toBe(6); // jax.tree.reduce(operator.add, [1, {'x': 2, 'y': 3}])
      expect(tree.reduce((a: number, b: number) => a * b, { x: 2, y: 3 }, 10)).toBe(60); // initializer=10
      expect(tree.reduce((a: number, b: number[]) => a + b.length, { a: [1, 2, 3] }, 0)).toBe(3); // [1, 2, 3] is one array-like leaf
      expect(tree.reduce((a: number, b: number) => a + b, [], 0)).toBe(0);
    },
    errors: [{ args: [(a: number) => a, []], type: ArgumentError, match: /no leaves and no initializer/ }],
    f: (x: Tensor, y: Tensor) => tree.reduce((a: Tensor, b: Tensor) => np.add(np.sum(a), np.sum(b)), { x, y }),
    args: [f64([2, 2]), f64([3])],
  },
  {
    name: "tree.all",
    check: () => {
      expect(tree.all([true, { a: 1, b: np.array(true) }])).toBe(true); // jax.tree.all([True, {'a': 1, 'b': jnp.array(True)}])
      expect(tree.all({ a: true, b: 0 })).toBe(false);
      expect(tree.all([])).toBe(true);
      expect(tree.all(tree.map((g: Tensor) => np.all(np.isfinite(g)), { a: np.array([1, NaN]), b: np.ones([2]) }))).toBe(false);
    },
    errors: [{ args: [[np.ones([2])]], type: ArgumentError, match: /ambiguous/ }],
  },
  {
    name: "tree.transpose",
    check: () => {
      // jax.tree.transpose(jax.tree.structure([0, 0]), jax.tree.structure({'a': 0, 'b': 0}), [{'a': 1, 'b': 2}, {'a': 3, 'b': 4}])
      const swapped = tree.transpose(tree.structure(t(0, 0)), tree.structure({ a: 0, b: 0 }), [{ a: 1, b: 2 }, { a: 3, b: 4 }]);
      expect(swapped).toEqual({ a: [1, 3], b: [2, 4] });
      expect(tree.transpose(tree.structure({ x: 0, y: 0 }), null, { x: { p: 1, q: 2 }, y: { p: 3, q: 4 } })).toEqual({ p: { x: 1, y: 3 }, q: { x: 2, y: 4 } });
    },
    errors: [{ args: [tree.structure({ a: 0, b: 0 }), null, { a: { p: 1 }, b: { q: 1 } }], type: ArgumentError, match: /inner tree 1/ }],
    f: (x: Tensor, y: Tensor) => tree.transpose(tree.structure(t(0, 0)), null, [[x, np.exp(y)], [y, x]]),
    args: [f64([2]), f64([2])],
  },
  {
    name: "tree.flattenWithPath",
    check: () => {
      // jax.tree_util.tree_flatten_with_path({'w': [x, 3], 'b': 0}): paths (DictKey('b'),), (DictKey('w'), SequenceKey(0)), ...
      const [pairs] = tree.flattenWithPath({ w: [np.ones([2]), 3], b: 0 });
      expect(pairs.map(([path]) => tree.keystr(path))).toEqual(["['b']", "['w'][0]", "['w'][1]"]);
      expect(pairs[1][0]).toEqual([new DictKey("w"), new SequenceKey(0)]);
      expect(pairs[2][1]).toBe(3);
    },
    f: (x: Tensor) => tree.flattenWithPath({ a: x, b: [np.square(x)] })[0].map(([, leaf]) => leaf),
    args: [f64([2])],
  },
  {
    name: "tree.leavesWithPath",
    check: () => {
      const pairs = tree.leavesWithPath([np.ones([1]), { "it's": 2 }]);
      expect(pairs.map(([p]) => tree.keystr(p))).toEqual(["[0]", "[1]['it\\'s']"]);
    },
  },
  {
    name: "tree.mapWithPath",
    check: () => {
      // weight decay on everything but biases: jax.tree_util.tree_map_with_path(f, params)
      const decayed = tree.mapWithPath((path, v: Tensor) => (tree.keystr(path).includes("'b'") ? v : np.multiply(v, 0.5)), params());
      expectTree(decayed, { b: [0.5, -1], skip: null, w: [[0.5, 1], [1.5, 2]] });
      const named = tree.mapWithPath((path, a: number, b: number) => `${tree.keystr(path, { simple: true, separator: "/" })}=${a + b}`, { x: { p: 1, q: 2 } }, { x: { p: 10, q: 20 } });
      expect(named).toEqual({ x: { p: "x/p=11", q: "x/q=22" } });
    },
    errors: [{ args: [(p: unknown) => p, { a: 1, b: 2 }, { a: 1 }], type: ArgumentError, match: /prefix/ }],
    f: (x: Tensor) => tree.mapWithPath((path, v: Tensor) => (path.length > 1 ? np.sin(v) : v), { a: x, b: [x] }),
    args: [f64([3])],
  },
  {
    name: "tree.keystr",
    check: () => {
      expect(tree.keystr([new DictKey("layers"), new SequenceKey(0), new DictKey("w")])).toBe("['layers'][0]['w']"); // jax.tree_util.keystr
      expect(tree.keystr([new DictKey("layers"), new SequenceKey(0)], { simple: true, separator: "." })).toBe("layers.0");
      expect(tree.keystr([])).toBe("");
    },
    errors: [{ args: [["w"]], type: ArgumentError, match: /SequenceKey\/DictKey/ }],
  },
  {
    name: "tree.zerosLike",
    check: () => {
      expectTree(tree.zerosLike(params()), { b: [0, 0], skip: null, w: [[0, 0], [0, 0]] }); // optax.tree.zeros_like
      expectTree(tree.zerosLike({ a: np.ones([2]) }, "float32"), { a: [0, 0] }, "float32");
    },
    errors: [{ args: [{ a: "x" }], match: /tree\.zerosLike/ }],
    f: (x: Tensor) => tree.zerosLike({ x }),
    args: [f64([2])],
    grads: "zero",
  },
  {
    name: "tree.onesLike",
    check: () => {
      expectTree(tree.onesLike({ a: np.zeros([2], { dtype: "float32" }) }), { a: [1, 1] }, "float32"); // optax.tree.ones_like
      expectTree(tree.onesLike({ n: 3 }), { n: 1 }); // a JS number leaf is float64
    },
    errors: [{ args: [[np.ones([2])], "float16"] }],
  },
  {
    name: "tree.fullLike",
    check: () => expectTree(tree.fullLike({ a: np.zeros([2]) }, 0.5), { a: [0.5, 0.5] }), // optax.tree.full_like(t, 0.5)
    errors: [{ args: [{ a: 1 }, "x"], type: ArgumentError, match: /fillValue/ }],
  },
  {
    name: "tree.add",
    check: () => {
      expectTree(tree.add({ a: np.array(1) }, { a: 2 }, { a: np.array(3) }), { a: 6 }); // optax.tree.add(x, y, z)
      expectTree(tree.add({ a: np.ones([2], { dtype: "float32" }) }, { a: 0.5 }), { a: [1.5, 1.5] }, "float32"); // a weak scalar keeps float32
    },
    errors: [
      { args: [{ a: 1 }], type: ArgumentError, match: /at least two trees/ },
      { args: [{ a: np.ones([2]) }, { a: np.ones([3]) }], type: ShapeError },
    ],
    f: (x: Tensor, y: Tensor) => tree.add({ p: x, q: [y] }, { p: y, q: [x] }, { p: 1, q: [x] }),
    args: [f64([2, 3]), f64([2, 3])],
  },
  {
    name: "tree.sub",
    check: () => expectTree(tree.sub(params(), tree.onesLike(params())), { b: [-0.5, -2], skip: null, w: [[0, 1], [2, 3]] }),
    f: (x: Tensor, y: Tensor) => tree.sub([x, y], [y, 2]),
    args: [f64([3]), f64([3])],
  },
  {
    name: "tree.mul",
    check: () => expectTree(tree.mul({ a: np.array([1, 2]) }, { a: np.array([3, 4]) }), { a: [3, 8] }), // optax.tree.mul
    f: (x: Tensor, y: Tensor) => tree.mul({ a: x }, { a: y }),
    args: [f64([2, 2]), f64([2])],
  },
  {
    name: "tree.div",
    check: () => expectTree(tree.div({ a: np.array([1, 2]) }, { a: 2 }), { a: [0.5, 1] }), // optax.tree.div
    f: (x: Tensor, y: Tensor) => tree.div({ a: x }, { a: np.add(np.square(y), 1) }),
    args: [f64([3]), f64([3])],
  },
  {
    name: "tree.scale",
    check: () => {
      expectTree(tree.scale(0.5, { w: np.ones([2]) }), { w: [0.5, 0.5] }); // optax.tree.scale(0.5, t)
      expectTree(tree.scale(2, { w: np.ones([2], { dtype: "float32" }) }), { w: [2, 2] }, "float32");
    },
    errors: [{ args: [np.ones([2]), { w: 1 }], type: ShapeError, match: /0-d/ }],
    f: (s: Tensor, x: Tensor) => tree.scale(s, { x, y: [np.exp(x)] }),
    args: [f64([]), f64([3])],
  },
  {
    name: "tree.vdot",
    check: () => {
      expect(tree.vdot({ a: [1, 2], b: np.array([[1]]) }, { a: [3, 4], b: np.array([[2]]) }).item()).toBe(13); // optax.tree.vdot
      expect(tree.vdot({ a: np.ones([2], { dtype: "float32" }) }, { a: np.ones([2], { dtype: "float32" }) }).dtype).toBe("float32");
    },
    errors: [{ args: [{ a: np.ones([2]) }, { a: np.ones([3]) }], type: ShapeError, match: /differ in shape/ }],
    f: (x: Tensor, y: Tensor) => tree.vdot({ p: x, q: [y] }, { p: np.sin(x), q: [np.square(y)] }),
    args: [f64([2, 2]), f64([3])],
  },
  {
    name: "tree.sum",
    check: () => expect(tree.sum({ a: [1, 2], b: 3, c: null }).item()).toBe(6), // optax.tree.sum
    f: (x: Tensor, y: Tensor) => tree.sum([x, { y }]),
    args: [f64([2, 3]), f32([2])],
  },
  {
    name: "tree.norm",
    check: () => {
      expect(tree.norm({ a: np.array([3]), b: np.array([[4]]) }).item()).toBe(5); // optax.tree.norm
      expect(tree.norm({ a: np.array([3]), b: np.array([[4]]) }, { squared: true }).item()).toBe(25);
      expect(tree.norm({ a: [3, -4], b: 1 }, 1).item()).toBe(8);
      expect(tree.norm({ a: [3, -4], b: 1 }, { ord: Infinity }).item()).toBe(4);
      expect(tree.norm({ a: np.ones([4], { dtype: "float32" }) }).dtype).toBe("float32");
      expect(tree.norm([]).item()).toBe(0);
    },
    errors: [
      { args: [{ a: 1 }, 3], type: ArgumentError, match: /ord must be 1, 2 or Infinity/ },
      { args: [{ a: 1 }, { ord: 1, squared: true }], type: ArgumentError, match: /squared applies to ord 2/ },
    ],
    f: (x: Tensor, y: Tensor) => tree.norm({ x, y: [y] }),
    args: [f64([2, 3], 0.5, 2), f64([2])], // away from 0, where √ has an infinite derivative (as optax's)
  },
  { name: "tree.norm", label: "ord 1 and squared", f: (x: Tensor, y: Tensor) => np.add(tree.norm([x, y], 1), tree.norm([x, y], { squared: true })), args: [f64([3], 0.5, 2), f64([2], 0.5, 2)], grads: { order: 1 } },
];
