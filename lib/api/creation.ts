/**
 * Creating tensors: from data (`array`), filled (`zeros`, `ones`, `full`,
 * `*Like`), ranges (`arange`, `linspace`) and `eye`.
 */
import { type DType } from "../array/dtype.ts";
import { isValidShape } from "../array/shape.ts";
import { eye as eyeKernel } from "../kernels/movement.ts";
import { ArgumentError, ShapeError } from "../core/errors.ts";
import { dtypeOrThrow, optionsOrThrow, showValue, toTensor } from "../core/convert.ts";
import * as ops from "../core/ops.ts";
import { ConcreteTensor, type ArrayLike, type Aval, type Tensor } from "../core/tensor.ts";

/** Options accepted by the constructors. */
export interface DTypeOptions {
  readonly dtype?: DType;
}

/** A shape argument: a dim or a list of dims. */
export type ShapeLike = number | readonly number[];

/** Checks and normalizes a shape argument. */
export function shapeOrThrow(op: string, shape: ShapeLike): number[] {
  const dims = typeof shape === "number" ? [shape] : Array.isArray(shape) ? [...shape] : null;
  if (dims === null || !isValidShape(dims) || dims.reduce((n, d) => n * d, 1) > 2 ** 31 - 1) {
    throw new ShapeError(`${op}: shape ${showValue(shape)} is invalid; dims must be non-negative integers (at most 2^31 - 1 elements in all).`);
  }
  return dims;
}

/** A tensor from numbers, nested arrays, typed arrays or a tensor (validated: ragged data is an error). */
export function array(data: ArrayLike, options?: DTypeOptions): Tensor {
  return toTensor(data, "array", optionsOrThrow<DTypeOptions>("array", options).dtype);
}

/** Like `array`, but returns a tensor argument unchanged. */
export function asarray(data: ArrayLike, options?: DTypeOptions): Tensor {
  return toTensor(data, "asarray", optionsOrThrow<DTypeOptions>("asarray", options).dtype);
}

function filled(op: string, shape: ShapeLike, value: number | boolean, dtype: DType | undefined): Tensor {
  const resolved = dtype === undefined ? (typeof value === "boolean" ? "bool" : "float64") : dtypeOrThrow(op, dtype);
  if (typeof value !== "number" && typeof value !== "boolean") {
    throw new ArgumentError(`${op}: the fill value must be a number or boolean, got ${typeof value}.`);
  }
  return ops.full(shapeOrThrow(op, shape), Number(value), resolved);
}

/** A tensor of `shape` filled with `value`. */
export function full(shape: ShapeLike, value: number | boolean, options?: DTypeOptions): Tensor {
  return filled("full", shape, value, optionsOrThrow<DTypeOptions>("full", options).dtype);
}

/** Zeros. */
export function zeros(shape: ShapeLike, options?: DTypeOptions): Tensor {
  return filled("zeros", shape, 0, optionsOrThrow<DTypeOptions>("zeros", options).dtype ?? "float64");
}

/** Ones. */
export function ones(shape: ShapeLike, options?: DTypeOptions): Tensor {
  return filled("ones", shape, 1, optionsOrThrow<DTypeOptions>("ones", options).dtype ?? "float64");
}

function avalOf(x: ArrayLike, op: string): Aval {
  return toTensor(x, op);
}

/** `value` in the shape (and dtype) of `x`. */
export function fullLike(x: ArrayLike, value: number | boolean, options?: DTypeOptions): Tensor {
  const aval = avalOf(x, "fullLike");
  return filled("fullLike", aval.shape, value, optionsOrThrow<DTypeOptions>("fullLike", options).dtype ?? aval.dtype);
}

/** Zeros shaped like `x`. */
export function zerosLike(x: ArrayLike, options?: DTypeOptions): Tensor {
  return fullLike(x, 0, options);
}

/** Ones shaped like `x`. */
export function onesLike(x: ArrayLike, options?: DTypeOptions): Tensor {
  return fullLike(x, 1, options);
}

/**
 * Evenly spaced values in `[start, stop)`, numpy's way (`arange(5)`,
 * `arange(-3, 3, 0.8)`): int32 when every argument is an integer, else float64.
 */
export function arange(start: number, stop?: number, step = 1, rawOptions?: DTypeOptions): Tensor {
  const options = optionsOrThrow<DTypeOptions>("arange", rawOptions);
  if (stop === undefined) [start, stop] = [0, start];
  if (![start, stop, step].every((v) => typeof v === "number" && Number.isFinite(v)) || step === 0) {
    throw new ArgumentError(`arange: start ${start}, stop ${stop}, step ${step} must be finite numbers with step != 0.`);
  }
  const dtype = options.dtype ?? ([start, stop, step].every(Number.isInteger) ? "int32" : "float64");
  const n = Math.max(0, Math.ceil((stop - start) / step));
  // numpy fills with start + i * delta, where delta = (start + step) - start
  const delta = start + step - start;
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = start + i * delta;
  return toTensor(data, "arange", dtypeOrThrow("arange", dtype));
}

/** `num` evenly spaced values from `start` to `stop` (inclusive unless `endpoint` is false). */
export function linspace(start: number, stop: number, num = 50, rawOptions?: DTypeOptions & { endpoint?: boolean }): Tensor {
  const options = optionsOrThrow<DTypeOptions & { endpoint?: boolean }>("linspace", rawOptions);
  if (typeof start !== "number" || typeof stop !== "number") throw new ArgumentError(`linspace: start and stop must be numbers, got ${showValue(start)} and ${showValue(stop)}.`);
  if (!Number.isInteger(num) || num < 0) throw new ArgumentError(`linspace: num ${num} must be a non-negative integer.`);
  const endpoint = options.endpoint ?? true;
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (stop - start) / div : 0;
  const data = new Float64Array(num);
  for (let i = 0; i < num; i++) data[i] = start + i * step;
  if (endpoint && num > 1) data[num - 1] = stop;
  return toTensor(data, "linspace", options.dtype ?? "float64");
}

/** The `n × m` identity (ones on diagonal `k`). */
export function eye(n: number, m?: number, k = 0, rawOptions?: DTypeOptions): Tensor {
  const options = optionsOrThrow<DTypeOptions>("eye", rawOptions);
  if (!Number.isInteger(k)) throw new ArgumentError(`eye: k must be an integer, got ${showValue(k)}.`);
  const cols = m ?? n;
  shapeOrThrow("eye", [n, cols]);
  const dtype = dtypeOrThrow("eye", options.dtype ?? "float64");
  return new ConcreteTensor(eyeKernel(dtype, n, cols, k), [n, cols], dtype);
}
