/**
 * Random programs for fuzzing the transforms: `arbProgram` draws small
 * well-typed straight-line programs over tracegrad's ops (elementwise math,
 * broadcasting arithmetic, reductions over random axes, reshapes, slices,
 * indexed updates, gathers, concatenation, matmul, where, cumsum, ...), with
 * every differentiable primitive of the library reachable. A program is
 * data: a list of statements `vK = op(earlier values)`, run with tracegrad
 * ops by `program.run(...inputs)`, and printed as code by `toString()`:
 *
 *     // inputs: v0: f64[2,3], v1: f64[3]
 *     (v0: Tensor, v1: Tensor): Tensor => {
 *       const v2 = np.multiply(v0, v1); // f64[2,3]
 *       const v3 = np.exp(np.multiply(v2, 0.5)); // f64[2,3]
 *       return np.sum(v3);
 *     }
 *
 * Inputs are kept in each op's domain by construction (`log` of `x² + 1`,
 * `sqrt` of `x² + 1`, division by `1 + x²`, powers of `x² + 1`), and values
 * are kept in a moderate range by scaling with exact powers of two where a
 * static bound says they could grow, so numerical differences stay accurate.
 * Programs return a float64 scalar (the sum of the values nothing else uses),
 * so `grad` applies.
 *
 * The raw draw is a list of statement choices (an op number, reference
 * numbers, parameter numbers); references resolve modulo the values defined
 * so far (counting back from the latest one) and inapplicable choices fall
 * through to the next op, so every draw, and every shrink of a draw, is a
 * valid program: failures shrink to short programs.
 *
 * @example
 * fc.assert(fc.property(arbProgramWithInputs(), ([program, inputs]) => {
 *   const g = grad(program.run, { argnums: inputs.map((_, i) => i) })(...inputs);
 *   return g.length === inputs.length;
 * }));
 */
export { arbProgram, arbProgramWithInputs, buildProgram, Program } from "./program/program.ts";
export { PROGRAM_OPS } from "./program/expr.ts";
export type { ProgramOp, ProgramOptions, RawStatement, Statement } from "./program/expr.ts";
