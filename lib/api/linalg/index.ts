/**
 * `np.linalg`: numpy's linear algebra with JAX's semantics, on stacks of
 * matrices `[..., m, n]`, differentiable in both modes and under `vmap`
 * and `jit`. Decompositions (`cholesky qr eigh eigvalsh svd svdvals`),
 * solves (`solve inv lstsq pinv tensorsolve tensorinv matrixPower`),
 * determinants (`det slogdet`), norms (`norm vectorNorm matrixNorm cond
 * matrixRank`) and `multiDot`.
 *
 * @example
 * np.linalg.solve([[2, 1], [1, 3]], [3, 5]) // [0.8, 1.4]
 */
export { cholesky, qr, eigh, eigvalsh, svd, svdvals } from "./decompositions.ts";
export type { QrMode, Uplo, EighOptions, SvdOptions } from "./decompositions.ts";
export { solve, inv, matrixPower, tensorsolve, tensorinv } from "./solve.ts";
export { det, slogdet } from "./determinants.ts";
export { lstsq, pinv } from "./leastSquares.ts";
export { norm, vectorNorm, matrixNorm, cond, matrixRank } from "./norms.ts";
export type { NormOrd, NormOptions } from "./norms.ts";
export { multiDot } from "./multiDot.ts";
