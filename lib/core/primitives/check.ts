/**
 * Shared checks for `abstractEval` rules: each throws an error that names the
 * primitive and the avals, and says what to do.
 */
import { dtypeShortName, isFloat, type DType } from "../../array/dtype.ts";
import { broadcastShapes, type Shape } from "../../array/shape.ts";
import { ArgumentError, DTypeError, ShapeError } from "../errors.ts";
import type { Aval } from "../tensor.ts";

/** `f64[3,2]`. */
export function avalText(aval: Aval): string {
  return `${dtypeShortName[aval.dtype]}[${aval.shape.join(",")}]`;
}

/** The broadcast shape of two avals, or a `ShapeError`. */
export function broadcastOrThrow(op: string, a: Aval, b: Aval): Shape {
  if (a.shape === b.shape) return a.shape;
  const shape = broadcastShapes(a.shape, b.shape);
  if (shape === null) {
    throw new ShapeError(
      `${op}: cannot broadcast ${avalText(a)} with ${avalText(b)}: trailing dimensions must be equal or 1. ` +
        `Reshape or expand one operand (np.expandDims) so the shapes line up.`,
    );
  }
  return shape;
}

/** Both operands have one dtype (the np layer promotes before binding). */
export function sameDtypeOrThrow(op: string, a: Aval, b: Aval): DType {
  if (a.dtype !== b.dtype) {
    throw new DTypeError(
      `${op}: operands ${avalText(a)} and ${avalText(b)} have different dtypes; convert one with astype().`,
    );
  }
  return a.dtype;
}

/** The operand is a floating-point tensor. */
export function floatOrThrow(op: string, a: Aval): void {
  if (!isFloat(a.dtype)) {
    throw new DTypeError(`${op}: needs a float32/float64 operand, got ${avalText(a)}; convert it with astype("float64").`);
  }
}

/** An axis in range. */
export function axisOrThrow(op: string, axis: number, aval: Aval): number {
  const ndim = aval.shape.length;
  if (!Number.isInteger(axis) || axis < 0 || axis >= ndim) {
    throw new ArgumentError(`${op}: axis ${axis} is out of range for ${avalText(aval)} (ndim ${ndim}).`);
  }
  return axis;
}
