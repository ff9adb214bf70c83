/**
 * Arithmetic over pytrees of tensors, as optax's `optax.tree` helpers:
 * `zerosLike onesLike fullLike add sub mul div scale vdot sum norm`. Each
 * works leaf by leaf with numpy's broadcasting and dtype promotion (a JS
 * number is weakly typed, so `scale(0.1, params)` keeps each leaf's dtype),
 * `null`/`undefined` subtrees pass through, and everything traces:
 * an optimizer step built from them compiles once under `jit`.
 *
 * @example
 * const params = { w: np.ones([2, 2]), b: np.zeros([2]) };
 * tree.norm(tree.sub(params, tree.scale(0.1, grads))); // the global L2 norm of the step
 */
import type { DType } from "../array/dtype.ts";
import { ArgumentError, ShapeError } from "../core/errors.ts";
import { dtypeOrThrow, optionsOrThrow, showValue, toTensor } from "../core/convert.ts";
import * as ops from "../core/ops.ts";
import { avalText } from "../core/primitives/check.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";
import { leaves, mapNamed } from "../core/treeUtil.ts";
import { abs, add as addArrays, divide, maximum, multiply, square, subtract, sqrt } from "./math.ts";
import { fullLike as fullLikeArray } from "./creation.ts";
import { max as maxOf, sum as sumOf } from "./reductions.ts";

const leaf = (op: string) => (x: unknown): Tensor => toTensor(x as ArrayLike, op);
/** A leaf as an operand: JS numbers and booleans stay weakly typed (they take the other operand's dtype), anything else is checked as a tensor. */
const operand = (op: string) => (x: unknown): ArrayLike => (typeof x === "number" || typeof x === "boolean" ? x : leaf(op)(x));

function dtypeOptions(op: string, dtype: DType | undefined): { dtype: DType } | undefined {
  return dtype === undefined ? undefined : { dtype: dtypeOrThrow(op, dtype) };
}

// constructors

/**
 * Zeros shaped as each leaf, in its dtype (or `dtype`): optax.tree.zeros_like.
 *
 * @example
 * tree.zerosLike({ w: np.ones([2]) }); // { w: array([0., 0.]) }
 */
export function zerosLike<T>(x: T, dtype?: DType): T {
  const options = dtypeOptions("tree.zerosLike", dtype);
  return mapNamed("tree.zerosLike", (l: unknown) => fullLikeArray(leaf("tree.zerosLike")(l), 0, options), x, []);
}

/**
 * Ones shaped as each leaf: optax.tree.ones_like.
 *
 * @example
 * tree.onesLike([np.zeros([2]), 3]); // [array([1., 1.]), array(1.)]
 */
export function onesLike<T>(x: T, dtype?: DType): T {
  const options = dtypeOptions("tree.onesLike", dtype);
  return mapNamed("tree.onesLike", (l: unknown) => fullLikeArray(leaf("tree.onesLike")(l), 1, options), x, []);
}

/**
 * `fillValue` shaped as each leaf: optax.tree.full_like.
 *
 * @example
 * tree.fullLike({ a: np.zeros([2]) }, 0.5); // { a: array([0.5, 0.5]) }
 */
export function fullLike<T>(x: T, fillValue: number | boolean, dtype?: DType): T {
  if (typeof fillValue !== "number" && typeof fillValue !== "boolean") throw new ArgumentError(`tree.fullLike: fillValue must be a number or boolean, got ${showValue(fillValue)}.`);
  const options = dtypeOptions("tree.fullLike", dtype);
  return mapNamed("tree.fullLike", (l: unknown) => fullLikeArray(leaf("tree.fullLike")(l), fillValue, options), x, []);
}

// combinators

function leafwise(op: string, f: (a: ArrayLike, b: ArrayLike) => ArrayLike): <T>(a: T, ...trees: unknown[]) => T {
  return <T>(a: T, ...trees: unknown[]): T => {
    if (trees.length === 0) throw new ArgumentError(`${op}: needs at least two trees.`);
    return mapNamed(op, (x: unknown, ...ys: unknown[]) => ys.reduce<ArrayLike>((acc, y) => f(acc, operand(op)(y)), operand(op)(x)), a, trees);
  };
}

/**
 * Σ of the trees leaf by leaf (two or more): optax.tree.add.
 *
 * @example
 * tree.add({ a: 1 }, { a: 2 }, { a: 3 }); // { a: array(6.) }
 */
export const add: <T>(a: T, ...trees: unknown[]) => T = leafwise("tree.add", addArrays);
/**
 * `a - b` leaf by leaf: optax.tree.sub.
 *
 * @example
 * tree.sub({ a: np.ones([2]) }, { a: 1 }); // { a: array([0., 0.]) }
 */
export const sub: <T>(a: T, ...trees: unknown[]) => T = leafwise("tree.sub", subtract);
/**
 * The product of the trees leaf by leaf: optax.tree.mul.
 *
 * @example
 * tree.mul([2, np.array(3)], [np.array(4), 5]); // [array(8.), array(15.)]
 */
export const mul: <T>(a: T, ...trees: unknown[]) => T = leafwise("tree.mul", multiply);
/**
 * `a / b` leaf by leaf: optax.tree.div.
 *
 * @example
 * tree.div({ a: np.array([1, 2]) }, { a: 2 }); // { a: array([0.5, 1. ]) }
 */
export const div: <T>(a: T, ...trees: unknown[]) => T = leafwise("tree.div", divide);

/**
 * `s · x` for every leaf (a JS number keeps each leaf's dtype; a tensor promotes as `np.multiply`): optax.tree.scale.
 *
 * @example
 * tree.scale(0.5, { w: np.ones([2]) }); // { w: array([0.5, 0.5]) }
 */
export function scale<T>(s: ArrayLike, x: T): T {
  const factor = typeof s === "number" ? s : toTensor(s, "tree.scale");
  if (typeof factor !== "number" && factor.ndim !== 0) throw new ShapeError(`tree.scale: the scale must be a number or a 0-d tensor, got ${avalText(factor)}.`);
  return mapNamed("tree.scale", (l: unknown) => multiply(factor, operand("tree.scale")(l)), x, []);
}

// reductions

/** Σ over the given 0-d tensors, from a weak 0 (so float32 trees sum in float32); 0 for none. */
function total(parts: readonly Tensor[]): Tensor {
  return parts.length === 0 ? ops.scalar(0, "float64") : parts.slice(1).reduce<Tensor>((acc, p) => addArrays(acc, p), addArrays(0, parts[0]));
}

/**
 * Σ over all leaves of Σ a·b (the inner product of two trees of equally shaped leaves): optax.tree.vdot.
 *
 * @example
 * tree.vdot({ a: [1, 2] }, { a: [3, 4] }); // array(11.)
 */
export function vdot(a: unknown, b: unknown): Tensor {
  const products: Tensor[] = leaves(
    mapNamed("tree.vdot", (x: unknown, y: unknown) => {
      const [tx, ty] = [leaf("tree.vdot")(x), leaf("tree.vdot")(y)];
      if (tx.ndim !== ty.ndim || tx.shape.some((d, i) => d !== ty.shape[i])) throw new ShapeError(`tree.vdot: leaves ${avalText(tx)} and ${avalText(ty)} differ in shape.`);
      return sumOf(multiply(tx, ty));
    }, a, [b]),
  );
  return total(products);
}

/**
 * Σ over all leaves of Σ x: optax.tree.sum.
 *
 * @example
 * tree.sum({ a: [1, 2], b: 3 }); // array(6.)
 */
export function sum(x: unknown): Tensor {
  return total(leaves(mapNamed("tree.sum", (l: unknown) => sumOf(leaf("tree.sum")(l)), x, [])));
}

/** Options of `tree.norm`. */
export interface TreeNormOptions {
  /** 2 (default): √Σx²; 1: Σ|x|; Infinity: max |x|. */
  readonly ord?: 1 | 2 | number;
  /** The squared norm (ord 2 only: Σx², no square root). */
  readonly squared?: boolean;
}

/**
 * The global norm of all elements of all leaves, as one vector: L2 by
 * default (optax.tree.norm, clipping's global norm), or `ord` 1 or
 * Infinity; `squared` gives Σx².
 *
 * @example
 * tree.norm({ a: np.array([3]), b: np.array([[4]]) }).item(); // 5
 * tree.norm({ a: [3, -4] }, { ord: Infinity }).item();       // 4
 */
export function norm(x: unknown, ordOrOptions?: number | TreeNormOptions): Tensor {
  const options = (typeof ordOrOptions === "number" ? { ord: ordOrOptions } : optionsOrThrow<TreeNormOptions>("tree.norm", ordOrOptions, ["ord", "squared"])) as TreeNormOptions;
  const ord = options.ord ?? 2;
  const squared = options.squared ?? false;
  if (ord !== 1 && ord !== 2 && ord !== Infinity) throw new ArgumentError(`tree.norm: ord must be 1, 2 or Infinity, got ${showValue(ord)}.`);
  if (typeof squared !== "boolean") throw new ArgumentError(`tree.norm: squared must be a boolean, got ${showValue(squared)}.`);
  if (squared && ord !== 2) throw new ArgumentError(`tree.norm: squared applies to ord 2 only, got ord ${ord}.`);
  const values = leaves(x).map(leaf("tree.norm"));
  if (ord === Infinity) {
    const maxima = values.filter((v) => v.size > 0).map((v) => maxOf(abs(v)));
    return maxima.length === 0 ? ops.scalar(0, "float64") : maxima.slice(1).reduce((acc, m) => maximum(acc, m), maxima[0]);
  }
  if (ord === 1) return total(values.map((v) => sumOf(abs(v))));
  const squares = total(values.map((v) => sumOf(square(v))));
  return squared ? squares : sqrt(squares);
}
