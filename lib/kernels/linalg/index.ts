/**
 * Dense linear-algebra kernels on batches of row-major matrices
 * (`[batch, m, n]`, Float64Array or Float32Array, computed in float64):
 * the numeric layer under `np.linalg`, `lax.linalg` and `scipy.linalg`.
 *
 * @example
 * import { solve } from "./index.ts";
 * solve(new Float64Array([2, 1, 1, 3]), new Float64Array([3, 5]), 1, 2, 1); // [0.8, 1.4]
 */
export type { FloatArray } from "./layout.ts";
export { cholesky } from "./cholesky.ts";
export { triangularSolve } from "./triangularSolve.ts";
export type { TriangularSolveOptions } from "./triangularSolve.ts";
export { lu } from "./lu.ts";
export type { LuResult } from "./lu.ts";
export { geqrf, householderProduct, qr } from "./qr.ts";
export type { GeqrfResult, QrMode, QrResult } from "./qr.ts";
export { eigh } from "./eigh.ts";
export type { EighOptions, EighResult } from "./eigh.ts";
export { svd } from "./svd.ts";
export type { SvdOptions, SvdResult } from "./svd.ts";
export { inv, luSolve, solve } from "./solve.ts";
export { det, slogdet } from "./determinant.ts";
export type { SlogdetResult } from "./determinant.ts";
export { expm } from "./expm.ts";
