/**
 * `np.linalg` decompositions: `cholesky`, `qr`, `eigh`, `eigvalsh`, `svd`,
 * `svdvals`, with numpy's signatures and JAX's semantics (inputs are
 * symmetrized where JAX symmetrizes; failures give NaN, not an exception).
 * They accept stacks `[..., m, n]` and are differentiable: see
 * `lib/core/primitives/` for the derivative of each factorization and the
 * README for the degenerate cases (repeated eigenvalues or singular values).
 *
 * @example
 * const [w, v] = np.linalg.eigh([[2, 1], [1, 2]]); // w = [1, 3]
 * np.linalg.cholesky([[4, 2], [2, 5]]);            // [[2, 0], [1, 2]]
 */
import { ArgumentError } from "../../core/errors.ts";
import { showValue } from "../../core/convert.ts";
import * as ops from "../../core/ops.ts";
import { mT, symmetrize } from "../../core/primitives/matrices.ts";
import type { ArrayLike, Tensor } from "../../core/tensor.ts";
import { booleanArg } from "../options.ts";
import { matrixArg, optionsArg } from "./util.ts";

/**
 * The Cholesky factor of symmetric positive-definite matrices: lower L with A = L Lᵀ, or upper U = Lᵀ with
 * A = Uᵀ U when `upper`. A is symmetrized first, (A + Aᵀ)/2, as `jnp.linalg.cholesky`; a matrix that is not
 * positive definite gives NaN (numpy raises).
 *
 * @example
 * np.linalg.cholesky([[4, 2], [2, 5]]) // [[2, 0], [1, 2]]
 */
export function cholesky(a: ArrayLike, options?: { readonly upper?: boolean }): Tensor {
  const { upper } = optionsArg("linalg.cholesky", options, ["upper"]);
  const isUpper = booleanArg("linalg.cholesky", "upper", upper, false);
  const l = ops.cholesky(symmetrize(matrixArg("linalg.cholesky", a, true)));
  return isUpper ? mT(l) : l;
}

/** numpy's QR modes that tracegrad computes. */
export type QrMode = "reduced" | "complete" | "r";

/**
 * A = Q R with orthonormal Q and upper-triangular R: `[Q, R]` with Q [..., m, k] and R [..., k, n] in mode
 * "reduced" (default, k = min(m, n)), Q [..., m, m] and R [..., m, n] in "complete", R alone in "r". R's
 * diagonal may be negative (LAPACK's Householder signs, as numpy and JAX). Differentiable in modes "reduced"
 * and "r" (and "complete" when m ≤ n); numpy's "raw" (LAPACK's packed reflectors) is not offered.
 *
 * @example
 * const [q, r] = np.linalg.qr([[3, 1], [4, 2]]); // q[:, 0] = [-0.6, -0.8], r = [[-5, -2.2], [0, 0.4]]
 */
export function qr(a: ArrayLike, mode: QrMode = "reduced"): [Q: Tensor, R: Tensor] | Tensor {
  if (mode !== "reduced" && mode !== "complete" && mode !== "r") {
    throw new ArgumentError(`linalg.qr: mode must be "reduced", "complete" or "r", got ${showValue(mode)} (numpy's "raw" is not supported).`);
  }
  const [q, r] = ops.qr(matrixArg("linalg.qr", a), mode === "complete");
  return mode === "r" ? r : [q, r];
}

/** Which triangle `eigh` reads when the input is not symmetrized: numpy's `UPLO`. */
export type Uplo = "L" | "U";

/** Options of `eigh`: numpy's `UPLO` and JAX's `symmetrizeInput` (default true). */
export interface EighOptions {
  readonly UPLO?: Uplo;
  readonly symmetrizeInput?: boolean;
}

function eighArgs(op: string, uploOrOptions: Uplo | EighOptions | undefined): { lower: boolean; symmetrizeInput: boolean } {
  const options = typeof uploOrOptions === "string" ? { UPLO: uploOrOptions } : optionsArg(op, uploOrOptions, ["UPLO", "symmetrizeInput"]);
  const uplo = options.UPLO ?? "L";
  if (uplo !== "L" && uplo !== "U") throw new ArgumentError(`${op}: UPLO must be "L" or "U", got ${showValue(uplo)}.`);
  return { lower: uplo === "L", symmetrizeInput: booleanArg(op, "symmetrizeInput", (options as EighOptions).symmetrizeInput, true) };
}

/**
 * Eigenvalues (ascending) and orthonormal eigenvectors (the columns) of symmetric matrices:
 * `[eigenvalues, eigenvectors]`. As `jnp.linalg.eigh`, the input is symmetrized, (A + Aᵀ)/2, unless
 * `symmetrizeInput` is false; then only the `UPLO` triangle ("L", default, or "U") is read, as numpy. The signs
 * of the eigenvectors are arbitrary. The derivative is defined for distinct eigenvalues (see the README).
 *
 * @example
 * const [w, v] = np.linalg.eigh([[2, 1], [1, 2]]); // w = [1, 3]; v's columns ±[1, -1]/√2, ±[1, 1]/√2
 */
export function eigh(a: ArrayLike, UPLO?: Uplo | EighOptions): [eigenvalues: Tensor, eigenvectors: Tensor] {
  const { lower, symmetrizeInput } = eighArgs("linalg.eigh", UPLO);
  const x = matrixArg("linalg.eigh", a, true);
  const [v, w] = ops.eigh(symmetrizeInput ? symmetrize(x) : x, lower);
  return [w, v];
}

/**
 * The eigenvalues of symmetric matrices, ascending (`eigh`'s first output).
 *
 * @example
 * np.linalg.eigvalsh([[2, 1], [1, 2]]) // [1, 3]
 */
export function eigvalsh(a: ArrayLike, UPLO?: Uplo | EighOptions): Tensor {
  const { lower, symmetrizeInput } = eighArgs("linalg.eigvalsh", UPLO);
  const x = matrixArg("linalg.eigvalsh", a, true);
  return ops.eigh(symmetrizeInput ? symmetrize(x) : x, lower)[1];
}

/** Options of `svd` (numpy's and JAX's defaults: full matrices, with U and Vᵀ). */
export interface SvdOptions {
  readonly fullMatrices?: boolean;
  readonly computeUv?: boolean;
  /** The input is symmetric: as JAX, it is symmetrized first (the general algorithm then runs on it). */
  readonly hermitian?: boolean;
}

/**
 * The singular value decomposition A = U diag(S) Vh: `[U, S, Vh]` (S descending, ≥ 0), or S alone with
 * `computeUv: false`. U is [..., m, m] and Vh [..., n, n] with `fullMatrices` (default), else [..., m, k] and
 * [..., k, n]. Signs of singular vectors are arbitrary. Differentiable with `fullMatrices: false` (or square A),
 * and always in S, for distinct singular values (see the README).
 *
 * @example
 * const [u, s, vh] = np.linalg.svd([[3, 0], [0, -2]]); // s = [3, 2]
 */
export function svd(a: ArrayLike, options?: SvdOptions): [U: Tensor, S: Tensor, Vh: Tensor] | Tensor {
  const o = optionsArg("linalg.svd", options, ["fullMatrices", "computeUv", "hermitian"]);
  const fullMatrices = booleanArg("linalg.svd", "fullMatrices", o.fullMatrices, true);
  const computeUv = booleanArg("linalg.svd", "computeUv", o.computeUv, true);
  const hermitian = booleanArg("linalg.svd", "hermitian", o.hermitian, false);
  let x = matrixArg("linalg.svd", a);
  if (hermitian) x = symmetrize(matrixArg("linalg.svd", x, true));
  const outs = ops.svd(x, fullMatrices, computeUv);
  return computeUv ? [outs[1], outs[0], outs[2]] : outs[0];
}

/**
 * The singular values, descending (`svd(x, { computeUv: false })`).
 *
 * @example
 * np.linalg.svdvals([[3, 0], [0, -2]]) // [3, 2]
 */
export function svdvals(x: ArrayLike): Tensor {
  return ops.svd(matrixArg("linalg.svdvals", x), false, false)[0];
}
