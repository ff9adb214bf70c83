/**
 * Shared plumbing of `np.linalg`, `lax.linalg` and the scipy-style helpers:
 * matrix arguments (promoted to a float dtype, checked for rank and shape
 * with errors that name the function), batch broadcasting of two stacks,
 * the LU solve both `solve` and `scipy.linalg.luSolve` use, and custom
 * derivative rules that cost nothing in eager mode.
 *
 * @example
 * const a = matrixArg("linalg.inv", [[1, 2], [3, 4]], true); // f64[2,2]
 */
import { isFloat, type DType } from "../../array/dtype.ts";
import { broadcastShapes } from "../../array/shape.ts";
import { optionsOrThrow, toTensor } from "../../core/convert.ts";
import { ShapeError } from "../../core/errors.ts";
import * as ops from "../../core/ops.ts";
import { avalText } from "../../core/primitives/check.ts";
import { permuteRows, unpermuteRows } from "../../core/primitives/matrices.ts";
import { ConcreteTensor, Tensor, type ArrayLike } from "../../core/tensor.ts";
import { traceState } from "../../core/trace.ts";
import { customJvp } from "../../transforms/customJvp.ts";

// arguments

/**
 * The options object of `op` through the shared `optionsOrThrow` (a plain object read once; unknown keys are an
 * `ArgumentError` listing the valid ones), with every value `unknown`, so each is checked where it is used.
 */
export function optionsArg<K extends string>(op: string, options: unknown, keys: readonly K[]): Partial<Record<K, unknown>> {
  return optionsOrThrow<Record<K, unknown>>(op, options, keys);
}

/** `x` as a tensor in a float dtype: int32 and bool become float64 (numpy's and JAX's `promote_dtypes_inexact`). */
export function floatArg(op: string, x: ArrayLike): Tensor {
  const t = toTensor(x, op);
  return isFloat(t.dtype) ? t : ops.convert(t, "float64");
}

/** A float stack of matrices `[..., m, n]` (square when asked), or a ShapeError naming `op`. */
export function matrixArg(op: string, x: ArrayLike, square = false): Tensor {
  const t = floatArg(op, x);
  if (t.ndim < 2) throw new ShapeError(`${op}: needs a matrix or a stack of matrices [..., m, n], got ${avalText(t)}.`);
  if (square && t.shape[t.ndim - 1] !== t.shape[t.ndim - 2]) {
    throw new ShapeError(`${op}: needs square matrices [..., n, n], got ${avalText(t)}.`);
  }
  return t;
}

/** Two float operands in their common float dtype. */
export function floatPair(op: string, a: ArrayLike, b: ArrayLike): [Tensor, Tensor] {
  const x = floatArg(op, a);
  const y = floatArg(op, b);
  const dtype: DType = x.dtype === "float64" || y.dtype === "float64" ? "float64" : "float32";
  return [ops.convert(x, dtype), ops.convert(y, dtype)];
}

/** The stacks `a [..., p, q]` and `b [..., r, s]` broadcast to common leading dims. */
export function broadcastStacks(op: string, a: Tensor, b: Tensor): [Tensor, Tensor] {
  const lead = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2));
  if (lead === null) throw new ShapeError(`${op}: the leading (batch) dims of ${avalText(a)} and ${avalText(b)} do not broadcast.`);
  return [ops.broadcastTo(a, [...lead, ...a.shape.slice(-2)]), ops.broadcastTo(b, [...lead, ...b.shape.slice(-2)])];
}

/** The machine epsilon of a float dtype. */
export function epsOf(dtype: DType): number {
  return dtype === "float32" ? 2 ** -23 : 2 ** -52;
}

// solves

/**
 * X with A X = B (or Aᵀ X = B when `transpose`) from the packed factors and permutation of P A = L U,
 * for stacks with equal leading dims (JAX's `lu_solve` core): P⁻¹ then L then U, or Uᵀ, Lᵀ, then P.
 */
export function luSolveFactored(packed: Tensor, permutation: Tensor, b: Tensor, transpose: boolean): Tensor {
  if (!transpose) {
    const y = ops.triangularSolve(packed, permuteRows(b, permutation), { leftSide: true, lower: true, unitDiagonal: true });
    return ops.triangularSolve(packed, y, { leftSide: true, lower: false });
  }
  const y = ops.triangularSolve(packed, b, { leftSide: true, lower: false, transposeA: true });
  const z = ops.triangularSolve(packed, y, { leftSide: true, lower: true, unitDiagonal: true, transposeA: true });
  return unpermuteRows(z, permutation);
}

// custom derivatives

/** Whether a call on these values runs eagerly (no tracer among them and no `jit`/`makeJaxpr` staging). */
function runsEagerly(args: readonly unknown[]): boolean {
  return !traceState().dynamic && args.every((a) => !(a instanceof Tensor) || a instanceof ConcreteTensor);
}

/**
 * `customJvp(f, rule)` that calls `f` directly when the call runs eagerly: staging f and the rule would compute
 * the same primitives on the same values (so the same bits), only slower. Arguments are tensors.
 */
export function withCustomJvp<F extends (...args: Tensor[]) => Tensor | Tensor[]>(
  f: F,
  rule: (primals: Tensor[], tangents: Tensor[]) => [ReturnType<F>, ReturnType<F>],
): F {
  const custom = customJvp(f, rule as (primals: any[], tangents: any[]) => [unknown, unknown]);
  return ((...args: Tensor[]) => (runsEagerly(args) ? f(...args) : custom(...args))) as F;
}
