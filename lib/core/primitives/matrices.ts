/**
 * Matrix helpers for the rules of the linear-algebra primitives, on stacks
 * `[..., m, n]` (batch dims in front, as JAX): transposes, batched products,
 * triangles, diagonals, identity matrices and row permutations. Every helper
 * is built from ops of `../ops.ts`, so rules written with them can be
 * differentiated, batched and staged again.
 *
 * @example
 * // the cotangent rule of X = A⁻¹ B needs Aᵀ: mT(a) swaps the last two axes
 * matmul(mT(q), dx) // Qᵀ dX for every matrix of the stack
 */
import type { DType } from "../../array/dtype.ts";
import { allocate } from "../../array/dtype.ts";
import * as ops from "../ops.ts";
import { ConcreteTensor, type Aval, type Tensor } from "../tensor.ts";
import { ShapeError, DTypeError } from "../errors.ts";
import { avalText } from "./check.ts";

// checks

/** Throws unless `x` is a float stack of matrices `[..., m, n]` (square when asked). */
export function matrixOrThrow(op: string, x: Aval, square = false): void {
  if (x.dtype !== "float64" && x.dtype !== "float32") {
    throw new DTypeError(`${op}: needs a float32/float64 operand, got ${avalText(x)}; convert it with astype("float64").`);
  }
  const n = x.shape.length;
  if (n < 2) throw new ShapeError(`${op}: needs a matrix or a stack of matrices [..., m, n], got ${avalText(x)}.`);
  if (square && x.shape[n - 1] !== x.shape[n - 2]) {
    throw new ShapeError(`${op}: needs square matrices [..., n, n], got ${avalText(x)}.`);
  }
}

// shapes

/** The number of matrices in a stack: the product of the leading dims. */
export function batchCount(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length - 2; i++) n *= shape[i];
  return n;
}

/** `[rows, cols]` of the last two axes. */
export function matrixDims(shape: readonly number[]): [number, number] {
  return [shape[shape.length - 2], shape[shape.length - 1]];
}

// constructors

/** The `n`×`n` identity. */
export function eye(n: number, dtype: DType): ConcreteTensor {
  const data = allocate(dtype, n * n);
  for (let i = 0; i < n; i++) data[i * n + i] = 1;
  return new ConcreteTensor(data, [n, n], dtype);
}

/** A constant bool `[m, n]` mask: true where `keep(i, j)`. */
function mask(m: number, n: number, keep: (i: number, j: number) => boolean): ConcreteTensor {
  const data = new Uint8Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) data[i * n + j] = keep(i, j) ? 1 : 0;
  return new ConcreteTensor(data, [m, n], "bool");
}

// movement

/** The stack with its last two axes swapped (`x.mT`). */
export function mT(x: Tensor): Tensor {
  const n = x.ndim;
  const perm = x.shape.map((_, i) => i);
  perm[n - 2] = n - 1;
  perm[n - 1] = n - 2;
  return ops.transpose(x, perm);
}

/** `x[..., r0:r1, c0:c1]`. */
export function block(x: Tensor, r0: number, r1: number, c0: number, c1: number): Tensor {
  const lead = x.shape.slice(0, -2);
  return ops.slice(x, [...lead.map(() => 0), r0, c0], [...lead, r1, c1]);
}

/** `x` padded with zeros: `rows` more rows and `cols` more columns at the end (or the start, when negative). */
export function padMatrix(x: Tensor, rowsAfter: number, colsAfter: number, rowsBefore = 0, colsBefore = 0): Tensor {
  const lead = x.shape.map(() => 0).slice(0, -2);
  return ops.pad(x, [...lead, rowsBefore, colsBefore], [...lead, rowsAfter, colsAfter]);
}

// products

/**
 * The matrix product of two stacks with equal leading dims
 * (`[..., m, k] @ [..., k, n]`), or of a stack with one matrix `[k, n]`.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const na = a.ndim;
  if (b.ndim === 2) return ops.dotGeneral(a, b, [[na - 1], [0]]);
  if (na === 2 && b.ndim > 2) return matmul(ops.broadcastTo(a, [...b.shape.slice(0, -2), ...a.shape]), b);
  const batch = a.shape.slice(0, -2).map((_, i) => i);
  return ops.dotGeneral(a, b, [[na - 1], [na - 2]], [batch, batch]);
}

// triangles and diagonals

/** Entries on and below diagonal `k` of each matrix (others zero; inf and NaN above do not leak). */
export function tril(x: Tensor, k = 0): Tensor {
  const [m, n] = matrixDims(x.shape);
  return ops.select(mask(m, n, (i, j) => j - i <= k), x, ops.scalar(0, x.dtype));
}

/** Entries on and above diagonal `k` of each matrix (others zero). */
export function triu(x: Tensor, k = 0): Tensor {
  const [m, n] = matrixDims(x.shape);
  return ops.select(mask(m, n, (i, j) => j - i >= k), x, ops.scalar(0, x.dtype));
}

/** The symmetric matrix whose lower (or upper) triangle is that of `x`: what a kernel reading one triangle sees. */
export function symmetricFrom(x: Tensor, lower: boolean): Tensor {
  return lower ? ops.add(tril(x), mT(tril(x, -1))) : ops.add(triu(x), mT(triu(x, 1)));
}

/** (x + xᵀ) / 2, JAX's `symmetrize`. */
export function symmetrize(x: Tensor): Tensor {
  return ops.mulScalar(ops.add(x, mT(x)), 0.5);
}

/** The main diagonal of each matrix: `[..., min(m, n)]`, a strided slice of the flattened matrix. */
export function diagonal(x: Tensor): Tensor {
  const [m, n] = matrixDims(x.shape);
  const k = Math.min(m, n);
  const lead = x.shape.slice(0, -2);
  const flat = ops.reshape(x, [...lead, m * n]);
  if (k === 0) return ops.reshape(ops.slice(flat, [...lead.map(() => 0), 0], [...lead, 0]), [...lead, 0]);
  return ops.slice(flat, [...lead.map(() => 0), 0], [...lead, (k - 1) * (n + 1) + 1], [...lead.map(() => 1), n + 1]);
}

/** The diagonal matrices `[..., k, k]` with diagonals `v [..., k]`. */
export function diagMatrix(v: Tensor): Tensor {
  const k = v.shape[v.ndim - 1];
  const full = ops.broadcastInDim(v, [...v.shape, k], [...v.shape.slice(0, -1).map((_, i) => i), v.ndim]);
  return ops.select(mask(k, k, (i, j) => i === j), full, ops.scalar(0, v.dtype));
}

/** Σ diagonal: the trace of each matrix, `[...]`. */
export function trace(x: Tensor): Tensor {
  const d = diagonal(x);
  return ops.reduceSum(d, [d.ndim - 1]);
}

/** `v[..., None, :]` (a row of each vector) or `v[..., :, None]` (a column). */
export function asRow(v: Tensor): Tensor {
  return ops.reshape(v, [...v.shape.slice(0, -1), 1, v.shape[v.ndim - 1]]);
}
export function asColumn(v: Tensor): Tensor {
  return ops.reshape(v, [...v.shape, 1]);
}

// permutations

/** Global row indices: `perm [..., m]` offset by the matrix it belongs to, flattened to `[B·m]`. */
function globalRows(perm: Tensor): Tensor {
  const m = perm.shape[perm.ndim - 1];
  const count = perm.shape.slice(0, -1).reduce((a, b) => a * b, 1);
  if (count === 1) return ops.reshape(perm, [m]);
  const offsets = new Int32Array(count);
  for (let b = 0; b < count; b++) offsets[b] = b * m;
  const column = ops.broadcastInDim(ops.fromInt32(offsets), [count, m], [0]);
  return ops.reshape(ops.add(ops.reshape(perm, [count, m]), column), [count * m]);
}

/** `out[..., i, :] = x[..., perm[i], :]`: the rows of each matrix in the order of `perm [..., m]` (P x). */
export function permuteRows(x: Tensor, perm: Tensor): Tensor {
  const [m, n] = matrixDims(x.shape);
  const rows = ops.reshape(x, [batchCount(x.shape) * m, n]);
  return ops.reshape(ops.gather(rows, globalRows(perm), 0), x.shape);
}

/** The inverse of `permuteRows`: `out[..., perm[i], :] = x[..., i, :]` (Pᵀ x). */
export function unpermuteRows(x: Tensor, perm: Tensor): Tensor {
  const [m, n] = matrixDims(x.shape);
  const count = batchCount(x.shape);
  const rows = ops.reshape(x, [count * m, n]);
  return ops.reshape(ops.scatterAdd(rows, globalRows(perm), 0, [count * m, n]), x.shape);
}
