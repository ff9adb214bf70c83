/**
 * tracegrad: automatic differentiation in the style of JAX for TypeScript.
 * Write a pure function over tensors; transforms trace it into an immutable
 * IR (a jaxpr) and rewrite it.
 *
 * @example
 * import { grad, np } from "tracegrad";
 * const f = (x) => np.square(np.exp(np.square(x)));
 * grad(f)(0.5).item(); // 3.297442541400256
 */
import * as np from "./api/np.ts";
import * as nn from "./api/nn.ts";
import * as random from "./api/random.ts";

// values
export { Tensor } from "./core/tensor.ts";
export type { ArrayLike, Aval, IndexSpec, NestedNumbers } from "./core/tensor.ts";
export type { DType } from "./array/dtype.ts";
export type { Complex, ComplexLike, FftNorm } from "./api/fftCore.ts";
export { array } from "./api/creation.ts";
export { tree } from "./core/tree.ts";
export type { TreeDef } from "./core/tree.ts";

// array API
export { np, nn, random };

// transforms
export { grad, valueAndGrad, vjp, jvp, linearize, stopGradient } from "./transforms/autodiff.ts";
export type { GradOptions } from "./transforms/autodiff.ts";
export { numericalGrad, numericalJvp } from "./transforms/numerical.ts";
export { vmap } from "./transforms/vmap.ts";
export { jit, evalShape } from "./transforms/jit.ts";
export { clearCaches } from "./transforms/jitCache.ts";
export { customJvp } from "./transforms/customJvp.ts";
export { customVjp } from "./transforms/customVjp.ts";
export { checkpoint } from "./transforms/checkpoint.ts";
export type { JitOptions, JittedFunction, ShapeDtypeStruct } from "./transforms/jit.ts";
export { jacfwd, jacrev, hessian } from "./transforms/jacobian.ts";
export type { JacobianOptions } from "./transforms/jacobian.ts";
export type { VmapOptions } from "./transforms/vmap.ts";
export type { NumericalOptions } from "./transforms/numerical.ts";

// IR
export { makeJaxpr } from "./ir/make.ts";
export { explainJit } from "./compile/explain.ts";
export { evalJaxpr } from "./ir/eval.ts";
export { toDot } from "./ir/dot.ts";
export { typecheck } from "./ir/typecheck.ts";
export { simplify } from "./ir/simplify.ts";
export { ClosedJaxpr, Jaxpr, Var, Lit } from "./ir/jaxpr.ts";
export type { Eqn, Atom } from "./ir/jaxpr.ts";

// configuration and errors
export { config } from "./config.ts";
export {
  TracegradError,
  ShapeError,
  DTypeError,
  ArgumentError,
  TracerLeakError,
  ConcretizationError,
  NanError,
} from "./core/errors.ts";

// structured control flow
import { cond } from "./transforms/cond.ts";
import { foriLoop, whileLoop } from "./transforms/loops.ts";
import { scan } from "./transforms/scan.ts";
/** Structured control flow that jit, vmap and the derivative transforms understand. */
export const lax = { cond, whileLoop, foriLoop, scan };
export type { ScanOptions } from "./transforms/scan.ts";
