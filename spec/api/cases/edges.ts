/**
 * Rows for the functions whose derivatives follow a convention at ties and
 * zeros (issue 7, item 15: the harness draws those points too). Each row has
 * `edges`: arguments from a small set of values (so ties and ±0 are common)
 * and the gradient of Σ f there by JAX's conventions, written with other
 * functions than the one under test: max/min give half of the tangent to
 * each tied operand (so clip does at its bounds), a reduction's max/min
 * averages over the tied positions, |x| has derivative 1 at 0 (select on
 * x >= 0), relu 0 at 0, sign and argmax none, x^b at a zero base has
 * d/dx = 0 for b = 0 and b >= 2 and 1 for b = 1, and d/db = 0 (log 0
 * replaced), and sort and argsort keep equal keys in their positions' order
 * (a stable sort: the first of tied arguments, each tied element's tangent
 * where it lands). Away from the edges the usual checks run on arguments that
 * keep off the kinks. Values are numpy's (or closed forms), pinned.
 */
import fc from "fast-check";
import { nn, np, type Tensor } from "../../../lib/index.ts";
import { awayFromZero, f64, ties, type Row } from "../harness.ts";
import { general } from "./linalgArgs.ts";

const int32 = "int32" as const;
const double = (lo: number, hi: number) => fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
const asFloat = (c: Tensor) => c.astype("float64");

/** 1 where `a` wins, ½ at a tie, 0 where it loses: the weight of a's tangent in max(a, b) (`wins` = greater) or min (`wins` = less). */
const winWeight = (wins: (a: Tensor, b: Tensor) => Tensor) => (a: Tensor, b: Tensor) =>
  np.add(asFloat(wins(a, b)), np.multiply(asFloat(np.equal(a, b)), 0.5));

/** d Σ max(a, b) for a [3, 4] and a [4] that broadcasts along axis 0. */
const extremumGrad = (wins: (a: Tensor, b: Tensor) => Tensor) => (a: Tensor, b: Tensor) => {
  const w = winWeight(wins)(a, b);
  return [w, np.sum(np.subtract(1, w), 0)];
};

/** d Σ max(x, axis 1): per row, 1/k at each of the k positions that attain the maximum (`pick` = max or min). */
const reductionGrad = (pick: (x: Tensor, axis: number, keepdims: boolean) => Tensor) => (x: Tensor) => {
  const hits = asFloat(np.equal(x, pick(x, 1, true)));
  return [np.divide(hits, np.sum(hits, 1, true))];
};

/** The positions of each row of a [rows, n] array in the stable ascending order (ties keep their positions' order). */
function stableOrder(x: Tensor): number[][] {
  return (x.toArray() as number[][]).map((row) => row.map((_, i) => i).sort((a, b) => row[a] - row[b] || a - b));
}

/** Weights 1..n along the last axis of a [rows, n] array: a weighted sum of a sort depends on the order. */
const ramp = (n: number) => np.add(np.arange(n), 1).astype("float64");

export const edgeRows: Row[] = [
  {
    name: "np.maximum",
    label: "ties and zeros",
    values: [
      { args: [[1, 5, NaN, 2], [1, 0, 1, 3]], out: [1, 5, NaN, 3] }, // np.maximum([1., 5, nan, 2], [1., 0, 1, 3])
      { args: [[[1, -2]], [0, 0]], out: [[1, 0]] },
    ],
    f: (a: Tensor, b: Tensor) => np.maximum(a, b),
    args: [general([3, 4]), general([4])], // uniform: no ties, nor near ties within the step of central differences
    grads: { order: 1 }, // a kink where a = b
    edges: { args: [ties([3, 4]), ties([4])], grad: extremumGrad((a, b) => np.greater(a, b)) },
  },
  {
    name: "np.minimum",
    label: "ties and zeros",
    values: [{ args: [[1, 5, NaN, 2], [1, 0, 1, 3]], out: [1, 0, NaN, 2] }], // np.minimum
    f: (a: Tensor, b: Tensor) => np.minimum(a, b),
    args: [general([3, 4]), general([4])],
    grads: { order: 1 },
    edges: { args: [ties([3, 4]), ties([4])], grad: extremumGrad((a, b) => np.less(a, b)) },
  },
  {
    name: "np.clip",
    label: "ties and zeros",
    values: [{ args: [[-2, -1, 0, 1, 3], -1, 1], out: [-1, -1, 0, 1, 1] }], // np.clip([-2., -1, 0, 1, 3], -1, 1)
    f: (x: Tensor) => np.clip(x, -1, 1),
    // inside, below and above the bounds, off them
    args: [{ shape: [3, 3], dtype: "float64", elem: fc.oneof(double(-3, -1.1), double(-0.9, 0.9), double(1.1, 3)) }],
    grads: { order: 1 },
    // at a bound, clip = min(max(x, lo), hi) ties: half the tangent passes (as jnp.clip)
    edges: {
      args: [ties([3, 3], [-2, -1, -0, 0, 0.5, 1, 2])],
      grad: (x: Tensor) => [np.where(np.equal(np.abs(x), 1), 0.5, asFloat(np.less(np.abs(x), 1)))],
    },
  },
  {
    name: "np.abs",
    label: "ties and zeros",
    values: [{ args: [[-2, -0, 3, -Infinity]], out: [2, 0, 3, Infinity] }], // np.abs
    f: (x: Tensor) => np.abs(x),
    args: [f64([2, 3], awayFromZero(0.05, 2))],
    grads: { order: 1 },
    // select(x >= 0, t, -t): 1 at 0 and at -0
    edges: { args: [ties([2, 3])], grad: (x: Tensor) => [np.where(np.greaterEqual(x, 0), 1, -1)] },
  },
  {
    name: "nn.relu",
    label: "ties and zeros",
    values: [{ args: [[-1, 0, 2, NaN]], out: [0, 0, 2, NaN] }], // jax.nn.relu (NaN passes)
    f: (x: Tensor) => nn.relu(x),
    args: [f64([2, 3], awayFromZero(0.05, 2))],
    grads: { order: 1 },
    // 0 at 0, as jax.nn.relu
    edges: { args: [ties([2, 3])], grad: (x: Tensor) => [asFloat(np.greater(x, 0))] },
  },
  {
    name: "np.sign",
    label: "ties and zeros",
    values: [{ args: [[-2, 0, 3, NaN]], out: [-1, 0, 1, NaN] }], // np.sign
    f: (x: Tensor) => np.sign(x),
    args: [f64([2, 3])],
    grads: "zero",
    edges: { args: [ties([2, 3])], grad: (x: Tensor) => [np.zerosLike(x)] },
  },
  {
    name: "np.power",
    label: "ties and zeros",
    values: [
      { args: [[0, 2, 0, 4], [0, 3, 2, 0.5]], out: [1, 8, 0, 2] }, // np.power([0., 2, 0, 4], [0., 3, 2, 0.5])
      { args: [np.arange(4), 2], out: [0, 1, 4, 9], dtype: int32 },
    ],
    f: (a: Tensor, b: Tensor) => np.power(a, b),
    args: [f64([3], 0.3, 2), f64([3], -1, 2)],
    // zero bases with exponents 0..3
    edges: {
      args: [ties([2, 3], [0, 0.5, 1, 2]), ties([2, 3], [0, 1, 2, 3])],
      grad: (a: Tensor, b: Tensor) => {
        const zero = np.equal(a, 0);
        const safeA = np.where(zero, 1, a);
        const dA = np.where(np.equal(b, 0), 0, np.where(zero, asFloat(np.equal(b, 1)), np.multiply(b, np.power(safeA, np.subtract(b, 1)))));
        const dB = np.where(zero, 0, np.multiply(np.log(safeA), np.power(safeA, b)));
        return [dA, dB];
      },
    },
  },
  {
    name: "np.max",
    label: "ties and zeros",
    values: [{ args: [[[1, 3, 3], [2, 0, 2]], 1], out: [3, 2] }], // np.max(x, axis=1)
    f: (x: Tensor) => np.max(x, 1),
    args: [general([3, 4])], // distinct entries: one maximum per row
    grads: { order: 1 },
    edges: { args: [ties([3, 4])], grad: reductionGrad((x, axis, keepdims) => np.max(x, axis, keepdims)) },
  },
  {
    name: "np.min",
    label: "ties and zeros",
    values: [{ args: [[[1, 3, 3], [2, 0, 0]], 1], out: [1, 0] }], // np.min(x, axis=1)
    f: (x: Tensor) => np.min(x, 1),
    args: [general([3, 4])],
    grads: { order: 1 },
    edges: { args: [ties([3, 4])], grad: reductionGrad((x, axis, keepdims) => np.min(x, axis, keepdims)) },
  },
  {
    name: "np.argmax",
    label: "ties and zeros",
    values: [
      { args: [[[1, 3, 3], [2, 0, 2]], 1], out: [1, 0], dtype: int32 }, // np.argmax(x, axis=1): the first of ties
      { args: [[1, NaN, 3, NaN]], out: 1, dtype: int32 }, // the first NaN
    ],
    f: (x: Tensor) => np.argmax(x, 0),
    args: [f64([3, 4])],
    grads: "zero",
    edges: {
      args: [ties([3, 4])],
      // the first row index attaining each column's maximum
      value: (x: Tensor) => {
        const rows = x.toArray() as number[][];
        return np.array(rows[0].map((_, j) => rows.findIndex((row) => row[j] === Math.max(...rows.map((r) => r[j])))), { dtype: "int32" });
      },
    },
  },
  {
    name: "np.argmin",
    label: "ties and zeros",
    values: [{ args: [[[1, 0, 0], [2, 2, 0]], 1], out: [1, 2], dtype: int32 }], // np.argmin(x, axis=1)
    f: (x: Tensor) => np.argmin(x, 1),
    args: [f64([3, 4])],
    grads: "zero",
    edges: {
      args: [ties([3, 4])],
      value: (x: Tensor) => np.array((x.toArray() as number[][]).map((row) => row.indexOf(Math.min(...row))), { dtype: "int32" }),
    },
  },
  {
    name: "np.sort",
    label: "ties and zeros: weighted",
    values: [{ args: [[[2, 1, 2, 0]], 1], out: [[0, 1, 2, 2]] }], // np.sort(x, axis=1)
    f: (x: Tensor) => np.multiply(np.sort(x, 1), ramp(4)),
    args: [general([3, 4])],
    // the tangent of each sorted position is its element's, in the stable order: d Σ w·sort(x) puts w[j] on the
    // element sorted to position j, tied elements in their positions' order
    edges: {
      args: [ties([3, 4], [-1, 0, 0.5, 1, 2])],
      grad: (x: Tensor) => {
        const g = stableOrder(x).map((order) => {
          const row = new Array<number>(order.length);
          order.forEach((i, j) => (row[i] = j + 1));
          return row;
        });
        return [np.array(g)];
      },
    },
  },
  {
    name: "np.argsort",
    label: "ties and zeros",
    values: [{ args: [[1, 3, 1, 0, 3]], out: [3, 0, 2, 1, 4], dtype: int32 }], // np.argsort(x, stable=True)
    f: (x: Tensor) => np.argsort(x, 1),
    args: [f64([3, 4])],
    grads: "zero",
    // equal keys in their positions' order (numpy's stable=True, JAX's default)
    edges: { args: [ties([3, 4], [-1, 0, 0.5, 1, 2])], value: (x: Tensor) => np.array(stableOrder(x), { dtype: "int32" }) },
  },
];
