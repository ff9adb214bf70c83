/**
 * fast-check arbitraries for tensors: shapes, tensors of a dtype within a
 * range, and tuples of mutually broadcastable shapes. They shrink toward
 * small shapes and small values, so a failing property reports a small case.
 *
 * @example
 * fc.assert(fc.property(arbTensor({ shape: [2, 3] }), (x) => np.allclose(np.add(x, 0), x)));
 */
import fc from "fast-check";
import { ArgumentError, np, type DType, type Tensor } from "../index.ts";
import { isArrayArg, optionsOrThrow, showValue } from "../core/convert.ts";

// model

/** Options of `arbShape`. */
export interface ShapeOptions {
  /** Smallest rank (default 0). */
  readonly minRank?: number;
  /** Largest rank (default 3). */
  readonly maxRank?: number;
  /** Smallest dimension (default 1; pass 0 to include empty tensors). */
  readonly minDim?: number;
  /** Largest dimension (default 4). */
  readonly maxDim?: number;
}

/** Options of `arbTensor`. */
export interface TensorOptions {
  /** A fixed shape, or an arbitrary of shapes (default `arbShape()`). */
  readonly shape?: readonly number[] | fc.Arbitrary<readonly number[]>;
  /** Element dtype (default "float64"). */
  readonly dtype?: DType;
  /** Smallest element (default -10). Ignored for bool. */
  readonly min?: number;
  /** Largest element (default 10). Ignored for bool. */
  readonly max?: number;
}

// utils

const SHAPE_OPTIONS = ["minRank", "maxRank", "minDim", "maxDim"] as const;

function checkShapeOptions(op: string, raw: unknown): Required<ShapeOptions> {
  const options = optionsOrThrow<ShapeOptions>(op, raw, SHAPE_OPTIONS);
  for (const [name, v] of Object.entries(options)) {
    if (!Number.isSafeInteger(v) || (v as number) < 0) throw new ArgumentError(`${op}: ${name} must be a non-negative integer, got ${showValue(v)}.`);
  }
  const { minRank = 0, maxRank = Math.max(3, minRank), minDim = 1, maxDim = Math.max(4, minDim) } = options;
  if (minRank > maxRank) throw new ArgumentError(`${op}: minRank ${minRank} > maxRank ${maxRank}.`);
  if (minDim > maxDim) throw new ArgumentError(`${op}: minDim ${minDim} > maxDim ${maxDim}.`);
  return { minRank, maxRank, minDim, maxDim };
}

/** The elements arbitrary of a dtype within [min, max] (no NaN or infinities). */
function elements(dtype: DType, min: number, max: number): fc.Arbitrary<number | boolean> {
  switch (dtype) {
    case "bool":
      return fc.boolean();
    case "int32":
      return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
    case "uint32":
      return fc.integer({ min: Math.max(0, Math.ceil(min)), max: Math.min(2 ** 32 - 1, Math.floor(max)) });
    case "float32":
      return fc.float({ min: Math.fround(min), max: Math.fround(max), noNaN: true, noDefaultInfinity: true });
    default:
      return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  }
}

// public

/**
 * Shapes: arrays of `minRank..maxRank` dimensions, each in `minDim..maxDim`.
 *
 * @example
 * fc.sample(arbShape({ minRank: 1, maxRank: 2 }), 3); // e.g. [[3], [1, 4], [2]]
 */
export function arbShape(options?: ShapeOptions): fc.Arbitrary<number[]> {
  const { minRank, maxRank, minDim, maxDim } = checkShapeOptions("arbShape", options);
  return fc.array(fc.integer({ min: minDim, max: maxDim }), { minLength: minRank, maxLength: maxRank });
}

/**
 * Tensors built with `np.array`: float64 by default, elements in
 * `[min, max]` (default ±10; never NaN or infinite), shapes from `shape`
 * (fixed, or an arbitrary; default `arbShape()`).
 *
 * @example
 * fc.assert(fc.property(arbTensor({ shape: [3], min: 0, max: 1 }), (x) => np.sum(np.sqrt(x)).item() >= 0));
 * fc.sample(arbTensor({ dtype: "int32", shape: [2], min: 0, max: 9 }), 1); // e.g. [array([3, 0], dtype=int32)]
 */
export function arbTensor(rawOptions?: TensorOptions): fc.Arbitrary<Tensor> {
  const options = optionsOrThrow<TensorOptions>("arbTensor", rawOptions, ["shape", "dtype", "min", "max"]);
  const { dtype = "float64", min = -10, max = 10 } = options;
  if (!["float64", "float32", "int32", "uint32", "bool"].includes(dtype)) throw new ArgumentError(`arbTensor: unknown dtype ${showValue(dtype)}.`);
  if (typeof min !== "number" || typeof max !== "number" || !(min <= max)) throw new ArgumentError(`arbTensor: min ${showValue(min)} must be a number <= max ${showValue(max)}.`);
  const shape = options.shape ?? arbShape();
  if (!isArrayArg("arbTensor", shape) && !(shape instanceof fc.Arbitrary)) {
    throw new ArgumentError(`arbTensor: shape must be an array of dims or a fast-check arbitrary of shapes, got ${showValue(shape)}.`);
  }
  const shapes: fc.Arbitrary<readonly number[]> = Array.isArray(shape) ? fc.constant(shape as readonly number[]) : (shape as fc.Arbitrary<readonly number[]>);
  const element = elements(dtype, min, max);
  return shapes.chain((s) => {
    const size = s.reduce((n, d) => n * d, 1);
    return fc.array(element, { minLength: size, maxLength: size }).map((values) => {
      const flat = np.array(values.length === 0 ? [] : (values as number[]), { dtype });
      return np.reshape(flat, s);
    });
  });
}

/**
 * `n` shapes that broadcast together (numpy's rules): a result shape is drawn
 * with `options`, then each shape keeps a suffix of it with some dimensions
 * replaced by 1.
 *
 * @example
 * fc.assert(fc.property(arbBroadcastShapes(2), ([a, b]) => np.add(np.ones(a), np.ones(b)).ndim === Math.max(a.length, b.length)));
 */
export function arbBroadcastShapes(n: number = 2, options?: ShapeOptions): fc.Arbitrary<number[][]> {
  if (!Number.isSafeInteger(n) || n < 1) throw new ArgumentError(`arbBroadcastShapes: n must be a positive integer, got ${showValue(n)}.`);
  return arbShape(options).chain((result) => {
    const one = fc
      .tuple(fc.integer({ min: 0, max: result.length }), fc.array(fc.boolean(), { minLength: result.length, maxLength: result.length }))
      .map(([drop, ones]) => result.slice(drop).map((d, i) => (ones[drop + i] ? 1 : d)));
    return fc.array(one, { minLength: n, maxLength: n });
  });
}
