/**
 * `tracegrad/testing`: tools for testing derivatives, in the style of
 * `jax.test_util` and property-based testing with fast-check.
 *
 * - `checkGrads` / `checkGradsEither`: jvp and vjp against central
 *   differences along random directions, to any order, naming the leaf.
 * - `arbShape`, `arbTensor`, `arbBroadcastShapes`: fast-check arbitraries.
 * - `arbProgram`, `arbProgramWithInputs`: random well-typed programs over
 *   tracegrad's ops, printed as code, for fuzzing transforms.
 * - `assertAllclose`: elementwise closeness of tensors and trees.
 *
 * The vitest matchers `toBeAllclose` and `toHaveGradientsMatchingNumeric`
 * live in `tracegrad/testing/setup` (this module does not import vitest, so
 * it runs in Deno and plain Node).
 *
 * @example
 * import { np } from "tracegrad";
 * import { checkGrads } from "tracegrad/testing";
 * checkGrads((x, p) => np.sum(np.tanh(np.multiply(x, p.w))), [np.array([1, 2]), { w: np.array([0.5, -0.3]) }], { order: 2 });
 */
export { checkGrads, checkGradsEither, GradMismatchError, GRAD_TOLERANCES } from "./checkGrads.ts";
export type { CheckGradsOptions, GradMismatch, GradMode } from "./checkGrads.ts";
export { arbShape, arbTensor, arbBroadcastShapes } from "./arbitraries.ts";
export type { ShapeOptions, TensorOptions } from "./arbitraries.ts";
export { arbProgram, arbProgramWithInputs, buildProgram, Program, PROGRAM_OPS } from "./program.ts";
export type { ProgramOp, ProgramOptions, RawStatement, Statement } from "./program.ts";
export { allcloseProblem, assertAllclose, AllcloseError } from "./allclose.ts";
export type { AllcloseOptions } from "./allclose.ts";
