/**
 * Samplers built on `np.linalg`'s factorizations, JAX's algorithms from
 * `jax/_src/random.py`: `multivariateNormal` (mean + F z for standard
 * normals z and a factor F F^T = cov from a Cholesky, symmetric
 * eigendecomposition or SVD of the covariance) and `orthogonal` (the Q of
 * a QR factorization of a normal matrix, its columns' signs fixed by R's
 * diagonal so that it is uniform on the orthogonal group, Mezzadri 2007).
 * They trace, batch and `jit` as every sampler does; `multivariateNormal`
 * differentiates in the mean and, through the factorization, in the
 * covariance (where the factorization's derivative is defined: a positive
 * definite cov for "cholesky", distinct eigenvalues or singular values for
 * "eigh" and "svd").
 *
 * @example
 * random.multivariateNormal(random.key(0), [0, 1], [[2, 0.5], [0.5, 1]], [4]); // shape [4, 2]
 * random.orthogonal(random.key(0), 3); // a 3×3 orthogonal matrix, uniform on O(3)
 */
import type { DType } from "../../array/dtype.ts";
import { broadcastShapes, formatShape, shapesEqual } from "../../array/shape.ts";
import { dtypeOptionsOrThrow, intOrThrow, showValue, toTensor } from "../../core/convert.ts";
import { ArgumentError, ShapeError } from "../../core/errors.ts";
import { bufferSizeOrThrow } from "../../core/limits.ts";
import * as ops from "../../core/ops.ts";
import { asRow, diagonal, mT, symmetrize } from "../../core/primitives/matrices.ts";
import type { ArrayLike, Tensor } from "../../core/tensor.ts";
import { describe, floatDtypeOrThrow, keyOrThrow, shapeOrThrow } from "./keys.ts";
import { spread, standardNormal, type FloatDType } from "./floats.ts";

/** How `multivariateNormal` factors the covariance (JAX's `method`). */
export type FactorMethod = "cholesky" | "eigh" | "svd";

const METHODS: readonly FactorMethod[] = ["cholesky", "eigh", "svd"];

/** Options of `multivariateNormal` (its dtype and method, as JAX's keyword arguments). */
export interface MultivariateNormalOptions {
  readonly dtype?: FloatDType;
  readonly method?: FactorMethod;
}

/** Options of `orthogonal` (its dtype and column count, as JAX's keyword arguments). */
export interface OrthogonalOptions {
  readonly dtype?: FloatDType;
  readonly m?: number;
}

/**
 * The options given as a dtype string or an options object, with the extra argument JAX takes
 * positionally after the dtype (`method`, `m`) merged in: given twice is an `ArgumentError`.
 */
function optionsWithTrailing<K extends string>(op: string, dtypeOrOptions: unknown, key: K, trailing: unknown): { dtype?: DType } & Partial<Record<K, unknown>> {
  const o = dtypeOptionsOrThrow<{ dtype?: DType } & Partial<Record<K, unknown>>>(op, dtypeOrOptions, ["dtype", key]);
  if (trailing === undefined) return o;
  if (o[key] !== undefined) throw new ArgumentError(`${op}: ${key} is given twice (in the options and as an argument).`);
  return { ...o, [key]: trailing };
}

/** A float parameter tensor (integers and booleans become float64). */
function floatParam(op: string, x: ArrayLike): Tensor {
  const t = toTensor(x, op);
  return t.dtype === "float64" || t.dtype === "float32" ? t : ops.convert(t, "float64");
}

/** F with F Fᵀ = cov for each matrix of the stack (cov symmetrized first, as `jnp.linalg` does). */
function covarianceFactor(cov: Tensor, method: FactorMethod): Tensor {
  if (method === "cholesky") return ops.cholesky(symmetrize(cov));
  // the columns of V (or U) scaled by √λ (or √s): V diag(√λ) (V diag(√λ))ᵀ = V diag(λ) Vᵀ = cov
  const [vectors, values] = method === "eigh" ? ops.eigh(symmetrize(cov)) : ((outs) => [outs[1], outs[0]])(ops.svd(cov, false, true));
  return ops.mul(vectors, asRow(ops.sqrt(values)));
}

/**
 * Draws from multivariate normal distributions with mean `mean` (`[..., n]`) and covariance `cov`
 * (`[..., n, n]`, symmetric positive (semi)definite): `mean + F z` for standard normal z and F Fᵀ = cov
 * from `method` ("cholesky", the default and fastest; "eigh" or "svd" for singular covariances, as JAX).
 * The draws have shape `shape + [n]`, where `shape` (default: the broadcast batch shapes of mean and cov)
 * must be one the batch shapes broadcast to. The dtype is the parameters' (float64 unless both are
 * float32); a given dtype converts them, so the draws have it (JAX would promote them to the
 * parameters' dtype). Options as JAX's keywords: `multivariateNormal(key, mean, cov, shape, { dtype,
 * method })`, or positionally `(key, mean, cov, shape, dtype, method)`. Differentiable in mean and cov.
 *
 * @example
 * random.multivariateNormal(random.key(0), [0, 0], [[1, 0.8], [0.8, 1]], [1000]); // correlated pairs
 */
export function multivariateNormal(
  key: Tensor,
  mean: ArrayLike,
  cov: ArrayLike,
  shape?: readonly number[] | null,
  dtype?: FloatDType | MultivariateNormalOptions,
  method?: FactorMethod,
): Tensor {
  const op = "random.multivariateNormal";
  keyOrThrow(op, key);
  const o = optionsWithTrailing(op, dtype, "method", method);
  const how = (o.method ?? "cholesky") as FactorMethod;
  if (!METHODS.includes(how)) throw new ArgumentError(`${op}: method must be "cholesky", "eigh" or "svd", got ${showValue(how)}.`);
  let mu = floatParam(op, mean);
  let sigma = floatParam(op, cov);
  const d = o.dtype === undefined ? (mu.dtype === "float32" && sigma.dtype === "float32" ? "float32" : "float64") : floatDtypeOrThrow(op, o.dtype);
  if (mu.ndim < 1) throw new ShapeError(`${op}: mean must have at least one axis ([..., n]), got ${describe(mu)}.`);
  const n = mu.shape[mu.ndim - 1];
  if (sigma.ndim < 2 || sigma.shape[sigma.ndim - 1] !== n || sigma.shape[sigma.ndim - 2] !== n) {
    throw new ShapeError(`${op}: cov must have shape [..., ${n}, ${n}] for mean ${describe(mu)}, got ${describe(sigma)}.`);
  }
  const meanBatch = mu.shape.slice(0, -1), covBatch = sigma.shape.slice(0, -2);
  const joint = broadcastShapes(meanBatch, covBatch);
  if (joint === null) throw new ShapeError(`${op}: the batch shapes of mean ${describe(mu)} and cov ${describe(sigma)} do not broadcast.`);
  let batch: number[];
  if (shape === undefined || shape === null) batch = joint;
  else {
    batch = shapeOrThrow(op, shape);
    const all = broadcastShapes(batch, joint);
    if (all === null || !shapesEqual(all, batch)) {
      throw new ShapeError(`${op}: the batch shapes ${formatShape(meanBatch)} of mean and ${formatShape(covBatch)} of cov must broadcast to the shape argument ${formatShape(batch)}.`);
    }
  }
  bufferSizeOrThrow(op, [...batch, n], d);
  if (mu.dtype !== d) mu = ops.convert(mu, d);
  if (sigma.dtype !== d) sigma = ops.convert(sigma, d);
  const z = standardNormal(key, [...batch, n], d);
  const factor = covarianceFactor(sigma, how);
  // (F z)_i = Σ_j F_ij z_j, JAX's einsum('...ij,...j->...i'): one contraction when cov is a single matrix
  const b = batch.length;
  const fz =
    factor.ndim === 2
      ? ops.dotGeneral(z, factor, [[b], [1]])
      : ops.dotGeneral(spread(factor, [...batch, n, n]), z, [[b + 1], [b]], [batch.map((_, i) => i), batch.map((_, i) => i)]);
  return ops.add(spread(mu, [...batch, n]), fz);
}

/**
 * Matrices drawn uniformly from the orthogonal group O(n) (Haar measure), of shape `shape + [n, m]`:
 * with `m` columns (default n) unlike n, a semi-orthogonal matrix, whose rows (n ≤ m) or columns (m ≤ n)
 * are orthonormal. JAX's method: the Q of the QR factorization of a standard normal matrix, each column
 * multiplied by the sign of R's diagonal entry (Mezzadri 2007; without it Q is not uniform). The
 * dtype (default float64) and m are given as JAX's positional arguments or as `{ dtype, m }`.
 *
 * @example
 * const q = random.orthogonal(random.key(0), 3);         // q.T @ q = I
 * random.orthogonal(random.key(0), 2, [5], "float32", 4); // five 2×4 matrices with orthonormal rows
 */
export function orthogonal(key: Tensor, n: number, shape: readonly number[] = [], dtype?: FloatDType | OrthogonalOptions, m?: number): Tensor {
  const op = "random.orthogonal";
  keyOrThrow(op, key);
  const rows = intOrThrow(op, "n", n, 0);
  const o = optionsWithTrailing(op, dtype, "m", m);
  const cols = o.m === undefined ? rows : intOrThrow(op, "m", o.m, 0);
  const d = floatDtypeOrThrow(op, o.dtype ?? "float64");
  const batch = shapeOrThrow(op, shape, d);
  const [tall, narrow] = [Math.max(rows, cols), Math.min(rows, cols)];
  bufferSizeOrThrow(op, [...batch, tall, narrow], d);
  const z = standardNormal(key, [...batch, tall, narrow], d);
  const [q, r] = ops.qr(z, false);
  // Q diag(sign(diag R)): the signs make Q Haar-distributed, whatever signs the QR kernel chose
  const x = ops.mul(q, asRow(ops.sign(diagonal(r))));
  return rows < cols ? mT(x) : x;
}
