/**
 * Arithmetic over pytrees of tensors, private to `tracegrad/optim` (the
 * names match optax's `optax.tree.*`, so they can be swapped for public
 * `tree.*` helpers once those exist). Every function maps leaf by leaf with
 * `tree.map`, so `null`/`undefined` subtrees pass through untouched.
 *
 * @example
 * treeNorm({ a: np.array([3]), b: np.array([4]) }); // array(5.)
 */
import { np, tree, type ArrayLike, type DType, type Tensor } from "../index.ts";

/** A tree of tensors (or array-likes) with the structure of the parameters. */
export type Tree = unknown;

const asTensor = (x: ArrayLike): Tensor => np.asarray(x);

/** Zeros with each leaf's shape and dtype (or `dtype` when given): optax.tree.zeros_like. */
export function treeZerosLike<T>(x: T, dtype?: DType): T {
  return tree.map((leaf: ArrayLike) => np.zerosLike(leaf, dtype ? { dtype } : undefined), x);
}

/** `value` with each leaf's shape and dtype: optax.tree.full_like. */
export function treeFullLike<T>(x: T, value: number): T {
  return tree.map((leaf: ArrayLike) => np.fullLike(leaf, value), x);
}

/** `a + b` leaf by leaf. */
export function treeAdd<T>(a: T, b: unknown): T {
  return tree.map((x: ArrayLike, y: ArrayLike) => np.add(x, y), a, b);
}

/** `a - b` leaf by leaf. */
export function treeSub<T>(a: T, b: unknown): T {
  return tree.map((x: ArrayLike, y: ArrayLike) => np.subtract(x, y), a, b);
}

/** `a * b` leaf by leaf. */
export function treeMul<T>(a: unknown, b: T): T {
  return tree.map((x: ArrayLike, y: ArrayLike) => np.multiply(x, y), a, b);
}

/** `s * x` for a scalar `s` (a JS number keeps each leaf's dtype; a tensor is cast to it). */
export function treeScale<T>(s: number | Tensor, x: T): T {
  return tree.map((leaf: ArrayLike) => {
    const t = asTensor(leaf);
    return np.multiply(typeof s === "number" ? s : s.astype(t.dtype), t);
  }, x);
}

/** `a + s * b` leaf by leaf: optax.tree.add_scale. */
export function treeAddScale<T>(a: T, s: number, b: unknown): T {
  return tree.map((x: ArrayLike, y: ArrayLike) => np.add(x, np.multiply(s, y)), a, b);
}

/** Each leaf cast to `dtype` (unchanged when `dtype` is undefined): optax.tree.cast. */
export function treeCast<T>(x: T, dtype: DType | undefined): T {
  return dtype === undefined ? x : tree.map((leaf: ArrayLike) => asTensor(leaf).astype(dtype), x);
}

/** Σ over all leaves of Σ a·b: optax.tree.vdot (a 0-d tensor). */
export function treeVdot(a: Tree, b: Tree): Tensor {
  const products = tree.leaves(treeMul(a, b)) as Tensor[];
  return products.reduce((acc: Tensor, p) => np.add(acc, np.sum(p)), np.asarray(0));
}

/** Σ over all leaves of Σ x²: the squared global norm. */
export function treeSumOfSquares(x: Tree): Tensor {
  const leaves = tree.leaves(x) as ArrayLike[];
  return leaves.reduce((acc: Tensor, leaf) => np.add(acc, np.sum(np.square(leaf))), np.asarray(0));
}

/**
 * The global L2 norm of a tree, √(Σ x²) over every element of every leaf:
 * optax.tree.norm (exported as `optim.globalNorm`).
 *
 * @example
 * globalNorm({ a: np.array([3]), b: np.array([[4]]) }).item(); // 5
 */
export function treeNorm(x: Tree): Tensor {
  return np.sqrt(treeSumOfSquares(x));
}

/** `decay·m + (1 - decay)·g^order` leaf by leaf: an exponential moving average of the `order`-th power. */
export function treeUpdateMoment<T>(g: T, m: unknown, decay: number, order: 1 | 2): T {
  return tree.map(
    (gi: ArrayLike, mi: ArrayLike) =>
      np.add(np.multiply(1 - decay, order === 1 ? gi : np.square(gi)), np.multiply(decay, mi)),
    g,
    m,
  );
}

/**
 * `m / (1 - decay^count)` leaf by leaf, the correction cast to each leaf's
 * dtype: optax.tree.bias_correction (Adam's m̂ = m / (1 - β^t)).
 */
export function treeBiasCorrection<T>(m: T, decay: number, count: Tensor): T {
  const correction = np.subtract(1, np.power(decay, count));
  return tree.map((mi: ArrayLike) => {
    const t = asTensor(mi);
    return np.divide(t, correction.astype(t.dtype));
  }, m);
}
