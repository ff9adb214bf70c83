/**
 * tracegrad: automatic differentiation in the style of JAX for TypeScript.
 * Write a pure function over tensors; transforms trace it into an immutable
 * IR (a jaxpr) and rewrite it.
 *
 * @example
 * import { grad, np, type Tensor } from "tracegrad";
 * const f = (x: Tensor) => np.square(np.exp(np.square(x)));
 * grad(f)(0.5).item(); // 3.297442541400256
 */
import * as np from "./api/np.ts";
import * as nn from "./api/nn.ts";
import * as random from "./api/random.ts";
import * as special from "./api/scipy.ts";

// values
export { Tensor } from "./core/tensor.ts";
export type { ArrayLike, Aval, IndexSpec, NestedNumbers } from "./core/tensor.ts";
export type { DType } from "./array/dtype.ts";
export type { Complex, ComplexLike, FftNorm } from "./api/fftCore.ts";
export { array } from "./api/creation.ts";
export { tree } from "./api/tree.ts";
export { SequenceKey, DictKey } from "./core/treeUtil.ts";
export type { TreeDef, KeyEntry, KeyPath } from "./core/treeUtil.ts";

// array API
export { np, nn, random, special };
/** scipy.linalg-style helpers (`jax.scipy.linalg`): solveTriangular, choFactor/choSolve, luFactor/luSolve, expm, expmFrechet. */
export * as scipyLinalg from "./api/linalg/scipy.ts";
import * as scipyLinalgNamespace from "./api/linalg/scipy.ts";
/** scipy's namespaces, as `jax.scipy`: `scipy.special` is `special`, `scipy.linalg` is `scipyLinalg`. */
export const scipy = { special, linalg: scipyLinalgNamespace };

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
export type {
  AnyFunction,
  ArrayLeaf,
  AuxOf,
  CotangentsOf,
  GradFunction,
  GradOf,
  HessianFunction,
  InputsOf,
  JacobianFunction,
  JacobianOf,
  MapLeaves,
  OutputOf,
  PrimalsOf,
  TensorInput,
  TensorTree,
  TreeInput,
  ValueAndGradFunction,
} from "./core/treeTypes.ts";
export type { MakeJaxprOptions } from "./ir/make.ts";

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
export type { Config, ConfigOptions } from "./config.ts";
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
import { conv, convDimensionNumbers, convGeneralDilated, convTranspose, convWithGeneralPadding } from "./api/conv.ts";
import { reduceWindow } from "./api/reduceWindow.ts";
import * as laxLinalg from "./api/linalg/lax.ts";
import { laxCumulativeReductions } from "./api/cumulative.ts";
import { topK } from "./api/sorting.ts";
/**
 * Structured control flow that jit, vmap and the derivative transforms understand; `lax.topK`; convolutions and windowed
 * reductions; `lax.linalg`, the factorizations; JAX's `lax` cumulative reductions.
 */
export const lax = {
  cond, whileLoop, foriLoop, scan, topK,
  convGeneralDilated, conv, convWithGeneralPadding, convTranspose, convDimensionNumbers, reduceWindow,
  linalg: laxLinalg,
  /**
   * Running sum along `axis` (default 0), from the end when `reverse`: JAX's `lax.cumsum`.
   *
   * @example
   * lax.cumsum(np.array([1, 2, 3])); // array([1., 3., 6.])
   * lax.cumsum(np.array([1, 2, 3]), 0, true); // array([6., 5., 3.])
   */
  cumsum: laxCumulativeReductions.cumsum,
  /**
   * Running product along `axis` (default 0), from the end when `reverse` (its derivative exact with zeros): JAX's `lax.cumprod`.
   *
   * @example
   * lax.cumprod(np.array([1, 2, 3])); // array([1., 2., 6.])
   */
  cumprod: laxCumulativeReductions.cumprod,
  /**
   * Running maximum along `axis` (default 0), from the end when `reverse` (NaN propagates; ties split the derivative as `max` does): JAX's `lax.cummax`.
   *
   * @example
   * lax.cummax(np.array([1, 3, 2])); // array([1., 3., 3.])
   */
  cummax: laxCumulativeReductions.cummax,
  /**
   * Running minimum along `axis` (default 0), from the end when `reverse`: JAX's `lax.cummin`.
   *
   * @example
   * lax.cummin(np.array([3, 1, 2])); // array([3., 1., 1.])
   */
  cummin: laxCumulativeReductions.cummin,
};
export type { ScanOptions } from "./transforms/scan.ts";
export type { ConvDimensionNumbers, ConvGeneralDilatedOptions, ConvTransposeOptions, DimensionNumbers, Padding } from "./api/conv.ts";
export type { WindowComputation } from "./api/reduceWindow.ts";
