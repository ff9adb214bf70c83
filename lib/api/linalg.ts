/**
 * `dot` and `matmul` with numpy's semantics, both built on `dot_general`.
 */
import { broadcastShapes } from "../array/shape.ts";
import { ShapeError } from "../core/errors.ts";
import * as ops from "../core/ops.ts";
import { bufferSizeOrThrow } from "../core/limits.ts";
import { avalText } from "../core/primitives/check.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";
import { operands } from "./promote.ts";

function innerMismatch(op: string, a: Tensor, b: Tensor, ka: number, kb: number): ShapeError {
  return new ShapeError(
    `${op}: ${avalText(a)} @ ${avalText(b)}: inner dimensions ${ka} and ${kb} differ. ` +
      `The last axis of the first operand must match the ${b.ndim > 1 ? "second-to-last" : "only"} axis of the second (transpose one?).`,
  );
}

/**
 * numpy's `dot`: inner product of vectors, matrix product, or a sum over the last axis of `a` and the second-to-last of `b`.
 *
 * @example
 * np.dot([1, 2, 3], [4, 5, 6]); // array(32.)
 */
export function dot(a: ArrayLike, b: ArrayLike): Tensor {
  const [x, y] = operands("dot", a, b);
  if (x.ndim === 0 || y.ndim === 0) return ops.mul(x, y);
  const ka = x.ndim - 1;
  const kb = y.ndim === 1 ? 0 : y.ndim - 2;
  if (x.shape[ka] !== y.shape[kb]) throw innerMismatch("dot", x, y, x.shape[ka], y.shape[kb]);
  bufferSizeOrThrow("dot", [...x.shape.slice(0, ka), ...y.shape.filter((_, i) => i !== kb)], x.dtype);
  return ops.dotGeneral(x, y, [[ka], [kb]]);
}

/**
 * numpy's `matmul` (`@`): matrix products broadcast over leading batch axes; 1-D operands are promoted and the axis removed.
 *
 * @example
 * np.matmul(np.ones([2, 3]), np.array([1, 2, 3])); // array([6., 6.])
 */
export function matmul(a: ArrayLike, b: ArrayLike): Tensor {
  let [x, y] = operands("matmul", a, b);
  if (x.ndim === 0 || y.ndim === 0) {
    throw new ShapeError(`matmul: operands must be at least 1-D, got ${avalText(x)} and ${avalText(y)}; use multiply for scalars.`);
  }
  const vectorA = x.ndim === 1;
  const vectorB = y.ndim === 1;
  if (vectorA) x = ops.reshape(x, [1, x.shape[0]]);
  if (vectorB) y = ops.reshape(y, [y.shape[0], 1]);
  const k = x.shape[x.ndim - 1];
  if (k !== y.shape[y.ndim - 2]) throw innerMismatch("matmul", x, y, k, y.shape[y.ndim - 2]);
  const batch = broadcastShapes(x.shape.slice(0, -2), y.shape.slice(0, -2));
  if (batch === null) {
    throw new ShapeError(`matmul: batch dimensions of ${avalText(x)} and ${avalText(y)} do not broadcast.`);
  }
  const nb = batch.length;
  bufferSizeOrThrow("matmul", [...batch, x.shape[x.ndim - 2], y.shape[y.ndim - 1]], x.dtype);
  let out: Tensor;
  if (nb === 0) {
    out = ops.dotGeneral(x, y, [[1], [0]]);
  } else if (y.ndim === 2) {
    // a stack of matrices times one matrix: contract directly, no broadcast copy of y
    out = ops.dotGeneral(x, y, [[x.ndim - 1], [0]]);
    out = ops.broadcastTo(out, [...batch, out.shape[out.ndim - 2], out.shape[out.ndim - 1]]);
  } else {
    const bx = ops.broadcastTo(x, [...batch, ...x.shape.slice(-2)]);
    const by = ops.broadcastTo(y, [...batch, ...y.shape.slice(-2)]);
    const batchAxes = batch.map((_, i) => i);
    out = ops.dotGeneral(bx, by, [[nb + 1], [nb]], [batchAxes, batchAxes]);
  }
  if (vectorA) out = ops.reshape(out, [...out.shape.slice(0, -2), out.shape[out.ndim - 1]]);
  if (vectorB) out = ops.reshape(out, out.shape.slice(0, -1));
  return out;
}
