/**
 * Products (issue 9, group 5): `inner`, `outer`, `vdot`, `vecdot`, `matvec`,
 * `vecmat`, `cross` and `kron`, as `dot_general`, broadcasting multiplies
 * and reshapes. Operands promote as numpy's (int32 stays int32).
 *
 * @example
 * np.inner(np.array([1, 2, 3]), np.array([0, 1, 0])) // 2
 * np.cross(np.array([1, 0, 0]), np.array([0, 1, 0])) // [0, 0, 1]
 */
import { broadcastShapes } from "../array/shape.ts";
import { ShapeError } from "../core/errors.ts";
import { optionsOrThrow } from "../core/convert.ts";
import * as ops from "../core/ops.ts";
import { avalText } from "../core/primitives/check.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";
import { matmul } from "./linalg.ts";
import { operands } from "./promote.ts";
import { moveaxis } from "./rearrange.ts";
import { axisOf } from "./shape.ts";

function mismatch(op: string, a: Tensor, b: Tensor, what: string): ShapeError {
  return new ShapeError(`${op}: ${avalText(a)} and ${avalText(b)}: ${what}.`);
}

/** Both operands broadcast to `batch ++ [n]` and contracted over their last axis. */
function batchedDot(op: string, a: Tensor, b: Tensor): Tensor {
  const batch = broadcastShapes(a.shape.slice(0, -1), b.shape.slice(0, -1));
  if (batch === null) throw mismatch(op, a, b, "the leading (batch) dimensions do not broadcast");
  const n = a.shape[a.ndim - 1];
  const x = ops.broadcastTo(a, [...batch, n]);
  const y = ops.broadcastTo(b, [...batch, n]);
  const axes = batch.map((_, i) => i);
  return ops.dotGeneral(x, y, [[batch.length], [batch.length]], [axes, axes]);
}

/**
 * Sum product over the last axes: `a.shape[:-1] ++ b.shape[:-1]` (a 0-d operand multiplies).
 *
 * @example
 * np.inner(np.array([[1, 2], [3, 4]]), np.array([1, 1])) // [3, 7]
 */
export function inner(a: ArrayLike, b: ArrayLike): Tensor {
  const [x, y] = operands("inner", a, b);
  if (x.ndim === 0 || y.ndim === 0) return ops.mul(x, y);
  if (x.shape[x.ndim - 1] !== y.shape[y.ndim - 1]) throw mismatch("inner", x, y, "the last dimensions differ");
  return ops.dotGeneral(x, y, [[x.ndim - 1], [y.ndim - 1]]);
}

/**
 * Outer product of the flattened inputs: `out[i, j] = a[i]·b[j]`.
 *
 * @example
 * np.outer(np.array([1, 2]), np.array([1, 10, 100])) // [[1, 10, 100], [2, 20, 200]]
 */
export function outer(a: ArrayLike, b: ArrayLike): Tensor {
  const [x, y] = operands("outer", a, b);
  return ops.mul(ops.reshape(x, [x.size, 1]), ops.reshape(y, [1, y.size]));
}

/**
 * Dot product of the flattened inputs (they must have the same size).
 *
 * @example
 * np.vdot(np.array([[1, 2], [3, 4]]), np.ones([2, 2])) // 10
 */
export function vdot(a: ArrayLike, b: ArrayLike): Tensor {
  const [x, y] = operands("vdot", a, b);
  if (x.size !== y.size) throw mismatch("vdot", x, y, `sizes ${x.size} and ${y.size} differ`);
  return ops.dotGeneral(ops.reshape(x, [x.size]), ops.reshape(y, [y.size]), [[0], [0]]);
}

/**
 * Vector dot product along `axis` (default -1) with the other axes broadcast (numpy 2's `vecdot`).
 *
 * @example
 * np.vecdot(np.array([[1, 2], [3, 4]]), np.array([1, 1])) // [3, 7]
 */
export function vecdot(x1: ArrayLike, x2: ArrayLike, options?: { readonly axis?: number }): Tensor {
  const { axis = -1 } = optionsOrThrow<{ axis?: number }>("vecdot", options, ["axis"]);
  let [x, y] = operands("vecdot", x1, x2);
  if (x.ndim === 0 || y.ndim === 0) throw mismatch("vecdot", x, y, "both operands need at least 1 dimension");
  x = moveaxis(x, axisOf("vecdot", axis, x.ndim, x), -1);
  y = moveaxis(y, axisOf("vecdot", axis, y.ndim, y), -1);
  if (x.shape[x.ndim - 1] !== y.shape[y.ndim - 1]) throw mismatch("vecdot", x, y, `the vector dimensions (axis ${axis}) differ`);
  return batchedDot("vecdot", x, y);
}

/**
 * Matrix-vector product over the last axes, batch axes broadcast: `[..., m, n] · [..., n] -> [..., m]`.
 *
 * @example
 * np.matvec(np.array([[1, 2], [3, 4]]), np.array([1, 1])) // [3, 7]
 */
export function matvec(x1: ArrayLike, x2: ArrayLike): Tensor {
  const [m, v] = operands("matvec", x1, x2);
  if (m.ndim < 2 || v.ndim < 1) throw mismatch("matvec", m, v, "needs a matrix (at least 2-D) and a vector (at least 1-D)");
  if (m.shape[m.ndim - 1] !== v.shape[v.ndim - 1]) throw mismatch("matvec", m, v, "the matrix's last dimension and the vector's differ");
  if (broadcastShapes(m.shape.slice(0, -2), v.shape.slice(0, -1)) === null) throw mismatch("matvec", m, v, "the batch dimensions do not broadcast");
  const out = matmul(m, ops.reshape(v, [...v.shape, 1]));
  return ops.reshape(out, out.shape.slice(0, -1));
}

/**
 * Vector-matrix product over the last axes, batch axes broadcast: `[..., m] · [..., m, n] -> [..., n]`.
 *
 * @example
 * np.vecmat(np.array([1, 1]), np.array([[1, 2], [3, 4]])) // [4, 6]
 */
export function vecmat(x1: ArrayLike, x2: ArrayLike): Tensor {
  const [v, m] = operands("vecmat", x1, x2);
  if (v.ndim < 1 || m.ndim < 2) throw mismatch("vecmat", v, m, "needs a vector (at least 1-D) and a matrix (at least 2-D)");
  if (v.shape[v.ndim - 1] !== m.shape[m.ndim - 2]) throw mismatch("vecmat", v, m, "the vector's dimension and the matrix's second-to-last differ");
  if (broadcastShapes(v.shape.slice(0, -1), m.shape.slice(0, -2)) === null) throw mismatch("vecmat", v, m, "the batch dimensions do not broadcast");
  const out = matmul(ops.reshape(v, [...v.shape.slice(0, -1), 1, v.shape[v.ndim - 1]]), m);
  return ops.reshape(out, [...out.shape.slice(0, -2), out.shape[out.ndim - 1]]);
}

/** Options of `cross`: the vector axis of a, b and the result, or `axis` for all three. */
export interface CrossOptions {
  readonly axisa?: number;
  readonly axisb?: number;
  readonly axisc?: number;
  readonly axis?: number;
}

/**
 * Cross product of 3-vectors (or 2-vectors, with z = 0) along the vector axes,
 * other axes broadcast. Two 2-vectors give the scalar z component, as numpy.
 *
 * @example
 * np.cross(np.array([1, 2, 3]), np.array([4, 5, 6])) // [-3, 6, -3]
 */
export function cross(a: ArrayLike, b: ArrayLike, options?: CrossOptions): Tensor {
  const o = optionsOrThrow<CrossOptions>("cross", options, ["axisa", "axisb", "axisc", "axis"]);
  const [axisa, axisb, axisc] = o.axis !== undefined ? [o.axis, o.axis, o.axis] : [o.axisa ?? -1, o.axisb ?? -1, o.axisc ?? -1];
  let [x, y] = operands("cross", a, b);
  if (x.ndim === 0 || y.ndim === 0) throw mismatch("cross", x, y, "both operands need a vector axis");
  x = moveaxis(x, axisOf("cross", axisa, x.ndim, x), -1);
  y = moveaxis(y, axisOf("cross", axisb, y.ndim, y), -1);
  const [n, m] = [x.shape[x.ndim - 1], y.shape[y.ndim - 1]];
  if ((n !== 2 && n !== 3) || (m !== 2 && m !== 3)) throw mismatch("cross", x, y, `vector dimensions must be 2 or 3, got ${n} and ${m}`);
  if (broadcastShapes(x.shape.slice(0, -1), y.shape.slice(0, -1)) === null) throw mismatch("cross", x, y, "the batch dimensions do not broadcast");
  const component = (t: Tensor, i: number) =>
    ops.reshape(ops.slice(t, t.shape.map((_, k) => (k === t.ndim - 1 ? i : 0)), t.shape.map((d, k) => (k === t.ndim - 1 ? i + 1 : d))), t.shape.slice(0, -1));
  // z = a0·b1 - a1·b0 is all there is for two 2-vectors
  const z = ops.sub(ops.mul(component(x, 0), component(y, 1)), ops.mul(component(x, 1), component(y, 0)));
  if (n === 2 && m === 2) return z;
  // a 2-vector is a 3-vector with z = 0
  const toThree = (t: Tensor) => (t.shape[t.ndim - 1] === 3 ? t : ops.pad(t, t.shape.map(() => 0), t.shape.map((_, k) => (k === t.ndim - 1 ? 1 : 0))));
  x = toThree(x);
  y = toThree(y);
  const [a0, a1, a2] = [0, 1, 2].map((i) => component(x, i));
  const [b0, b1, b2] = [0, 1, 2].map((i) => component(y, i));
  // (a1·b2 - a2·b1, a2·b0 - a0·b2, a0·b1 - a1·b0): every component has the broadcast batch shape
  const cx = ops.sub(ops.mul(a1, b2), ops.mul(a2, b1));
  const cy = ops.sub(ops.mul(a2, b0), ops.mul(a0, b2));
  const out = ops.concatenate([cx, cy, z].map((c) => ops.reshape(c, [...c.shape, 1])), z.ndim);
  return moveaxis(out, -1, axisOf("cross", axisc, out.ndim, out));
}

/**
 * Kronecker product: blocks `a[i, j]·b` (the shorter shape is padded with leading 1s).
 *
 * @example
 * np.kron(np.eye(2), np.array([[1, 2], [3, 4]])).shape // [4, 4]
 */
export function kron(a: ArrayLike, b: ArrayLike): Tensor {
  let [x, y] = operands("kron", a, b);
  const nd = Math.max(x.ndim, y.ndim);
  x = ops.reshape(x, [...Array(nd - x.ndim).fill(1), ...x.shape]);
  y = ops.reshape(y, [...Array(nd - y.ndim).fill(1), ...y.shape]);
  // x as [a0, 1, a1, 1, ..] times y as [1, b0, 1, b1, ..], then [a0·b0, a1·b1, ..]
  const product = ops.mul(ops.reshape(x, x.shape.flatMap((d) => [d, 1])), ops.reshape(y, y.shape.flatMap((d) => [1, d])));
  return ops.reshape(product, x.shape.map((d, i) => d * y.shape[i]));
}
