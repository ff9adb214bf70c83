/**
 * Arithmetic over pytrees of tensors for `tracegrad/optim`. Where optax's
 * `optax.tree.*` has a public counterpart in tracegrad's `tree` namespace
 * (`zerosLike`, `fullLike`, `mul`, `norm`), the optimizers call it; what is
 * left here differs from it on purpose (`treeScale` casts a tensor scale to
 * each leaf's dtype, so a float64 schedule never promotes float32
 * parameters) or is an optimizer formula (moments, bias correction).
 * Every function maps leaf by leaf with `tree.map`, so `null`/`undefined`
 * subtrees pass through untouched.
 *
 * @example
 * treeScale(np.array(0.1), { w: np.ones([2], { dtype: "float32" }) }); // { w: float32 [0.1, 0.1] }
 */
import { np, tree, type ArrayLike, type DType, type Tensor } from "../index.ts";

/** A tree of tensors (or array-likes) with the structure of the parameters. */
export type Tree = unknown;

const asTensor = (x: ArrayLike): Tensor => np.asarray(x);

/** `s * x` for a scalar `s` (a JS number keeps each leaf's dtype; a tensor is cast to it). */
export function treeScale<T>(s: number | Tensor, x: T): T {
  return tree.map((leaf: ArrayLike) => {
    const t = asTensor(leaf);
    return np.multiply(typeof s === "number" ? s : s.astype(t.dtype), t);
  }, x);
}

/** Each leaf cast to `dtype` (unchanged when `dtype` is undefined): optax.tree.cast. */
export function treeCast<T>(x: T, dtype: DType | undefined): T {
  return dtype === undefined ? x : tree.map((leaf: ArrayLike) => asTensor(leaf).astype(dtype), x);
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
