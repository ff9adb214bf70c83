/**
 * Creating tensors: from data (`array`), filled (`zeros`, `ones`, `full`,
 * `*Like`), ranges (`arange`, `linspace`) and `eye`.
 */
import { type DType } from "../array/dtype.ts";
import { eye as eyeKernel } from "../kernels/movement.ts";
import { ArgumentError, ShapeError } from "../core/errors.ts";
import { denseArrayOrThrow, dtypeOptionsOrThrow, isArrayArg, intOrThrow, numberOrThrow, showValue, toTensor } from "../core/convert.ts";
import { bufferSizeOrThrow } from "../core/limits.ts";
import * as ops from "../core/ops.ts";
import { ConcreteTensor, type ArrayLike, type Aval, type Tensor } from "../core/tensor.ts";

/** Options accepted by the constructors. */
export interface DTypeOptions {
  readonly dtype?: DType;
}

/** The dtype argument of a constructor: a dtype string (as JAX passes it positionally) or `{ dtype }`. */
export type DTypeArg = DType | DTypeOptions;

/** A shape argument: a dim or a list of dims. */
export type ShapeLike = number | readonly number[];

/**
 * Checks and copies a shape argument (an integer or a dense array of non-negative integers), and
 * checks that a tensor of that shape and `dtype` fits the buffer limit (`config`'s `maxBufferBytes`).
 */
export function shapeOrThrow(op: string, shape: unknown, dtype: DType = "float64"): number[] {
  const dims = typeof shape === "number" ? [shape] : isArrayArg(op, shape) ? denseArrayOrThrow(op, "shape", shape) : null;
  if (dims === null || !dims.every((d) => typeof d === "number" && Number.isSafeInteger(d) && d >= 0)) {
    throw new ShapeError(`${op}: shape ${showValue(shape)} is invalid; give an integer or an array of non-negative integers.`);
  }
  bufferSizeOrThrow(op, dims as number[], dtype);
  return dims as number[];
}

/**
 * A tensor from numbers, nested arrays, typed arrays or a tensor (validated: ragged data is an error); `dtype` as `"float32"` or `{ dtype }`.
 *
 * @example
 * np.array([1, 2], "int32"); // array([1, 2], dtype=int32)
 * np.array([[1, 2], [3, 4]]);
 * // array([[1., 2.],
 * //        [3., 4.]])
 */
export function array(data: ArrayLike, dtype?: DTypeArg): Tensor {
  return toTensor(data, "array", dtypeOptionsOrThrow<DTypeOptions>("array", dtype, ["dtype"]).dtype);
}

/**
 * Like `array`, but returns a tensor argument unchanged.
 *
 * @example
 * const x = np.array([1, 2]);
 * np.asarray(x) === x; // true
 * np.asarray([true, false]); // array([ True, False])
 */
export function asarray(data: ArrayLike, dtype?: DTypeArg): Tensor {
  return toTensor(data, "asarray", dtypeOptionsOrThrow<DTypeOptions>("asarray", dtype, ["dtype"]).dtype);
}

function filled(op: string, shape: unknown, value: unknown, dtype: DType | undefined): Tensor {
  if (typeof value !== "number" && typeof value !== "boolean") {
    throw new ArgumentError(`${op}: the fill value must be a number or boolean, got ${showValue(value)}.`);
  }
  const resolved = dtype ?? (typeof value === "boolean" ? "bool" : "float64");
  return ops.full(shapeOrThrow(op, shape, resolved), Number(value), resolved);
}

/**
 * A tensor of `shape` filled with `value`: `np.full([2, 3], 7)`, `np.full([2], 1, "int32")`.
 *
 * @example
 * np.full([2], 7); // array([7., 7.])
 */
export function full(shape: ShapeLike, value: number | boolean, dtype?: DTypeArg): Tensor {
  return filled("full", shape, value, dtypeOptionsOrThrow<DTypeOptions>("full", dtype, ["dtype"]).dtype);
}

/**
 * Zeros: `np.zeros([2, 3])`, `np.zeros([2], "float32")`.
 *
 * @example
 * np.zeros(3); // array([0., 0., 0.])
 * np.zeros([2], "int32"); // array([0, 0], dtype=int32)
 */
export function zeros(shape: ShapeLike, dtype?: DTypeArg): Tensor {
  return filled("zeros", shape, 0, dtypeOptionsOrThrow<DTypeOptions>("zeros", dtype, ["dtype"]).dtype ?? "float64");
}

/**
 * Ones: `np.ones(3)`, `np.ones([2, 2], { dtype: "int32" })`.
 *
 * @example
 * np.ones([2, 2], { dtype: "int32" });
 * // array([[1, 1],
 * //        [1, 1]], dtype=int32)
 */
export function ones(shape: ShapeLike, dtype?: DTypeArg): Tensor {
  return filled("ones", shape, 1, dtypeOptionsOrThrow<DTypeOptions>("ones", dtype, ["dtype"]).dtype ?? "float64");
}

function avalOf(x: ArrayLike, op: string): Aval {
  return toTensor(x, op);
}

/**
 * `value` in the shape (and dtype) of `x`: `np.fullLike(x, 2)`.
 *
 * @example
 * np.fullLike(np.array([1, 2], "int32"), 7); // array([7, 7], dtype=int32)
 */
export function fullLike(x: ArrayLike, value: number | boolean, dtype?: DTypeArg): Tensor {
  const aval = avalOf(x, "fullLike");
  return filled("fullLike", aval.shape, value, dtypeOptionsOrThrow<DTypeOptions>("fullLike", dtype, ["dtype"]).dtype ?? aval.dtype);
}

/**
 * Zeros shaped like `x`: `np.zerosLike(x)`.
 *
 * @example
 * np.zerosLike(np.array([1.5, 2])); // array([0., 0.])
 */
export function zerosLike(x: ArrayLike, dtype?: DTypeArg): Tensor {
  const aval = avalOf(x, "zerosLike");
  return filled("zerosLike", aval.shape, 0, dtypeOptionsOrThrow<DTypeOptions>("zerosLike", dtype, ["dtype"]).dtype ?? aval.dtype);
}

/**
 * Ones shaped like `x`: `np.onesLike(x)`.
 *
 * @example
 * np.onesLike(np.array([1, 2], "int32")); // array([1, 1], dtype=int32)
 */
export function onesLike(x: ArrayLike, dtype?: DTypeArg): Tensor {
  const aval = avalOf(x, "onesLike");
  return filled("onesLike", aval.shape, 1, dtypeOptionsOrThrow<DTypeOptions>("onesLike", dtype, ["dtype"]).dtype ?? aval.dtype);
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * Evenly spaced values in `[start, stop)`, numpy's way (`arange(5)`,
 * `arange(-3, 3, 0.8)`, `arange(0, 1, 0.25, "float32")`): int32 when every
 * argument is an integer, else float64.
  *
  * @example
  * np.arange(5); // array([0, 1, 2, 3, 4], dtype=int32)
  * np.arange(0, 1, 0.25); // array([0.  , 0.25, 0.5 , 0.75])
 */
export function arange(start: number, stop?: number | null, step: number = 1, dtype?: DTypeArg): Tensor {
  const op = "arange";
  const options = dtypeOptionsOrThrow<DTypeOptions>(op, dtype, ["dtype"]);
  if (stop === undefined || stop === null) [start, stop] = [0, start];
  numberOrThrow(op, "start", start);
  numberOrThrow(op, "stop", stop);
  numberOrThrow(op, "step", step);
  if (step === 0) throw new ArgumentError(`${op}: step must not be 0.`);
  const integral = Number.isInteger(start) && Number.isInteger(stop) && Number.isInteger(step);
  const resolved = options.dtype ?? (integral ? "int32" : "float64");
  const n = Math.max(0, Math.ceil((stop - start) / step));
  bufferSizeOrThrow(op, [n], resolved);
  // numpy fills with start + i * delta, where delta = (start + step) - start
  const delta = start + step - start;
  const last = start + (n - 1) * delta;
  if (resolved === "int32" && n > 0 && (Math.min(start, last) < INT32_MIN || Math.max(start, last) > INT32_MAX)) {
    throw new ArgumentError(`${op}: the values from ${start} to ${stop} do not fit int32; pass { dtype: "float64" }.`);
  }
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = start + i * delta;
  return toTensor(data, op, resolved);
}

/** Options of `linspace`. */
export interface LinspaceOptions extends DTypeOptions {
  /** Include `stop` (default true). */
  readonly endpoint?: boolean;
}

/**
 * `num` evenly spaced values from `start` to `stop` (inclusive unless `endpoint` is false): `np.linspace(0, 1, 5)`.
 *
 * @example
 * np.linspace(0, 1, 5); // array([0.  , 0.25, 0.5 , 0.75, 1.  ])
 */
export function linspace(start: number, stop: number, num: number = 50, dtype?: DType | LinspaceOptions): Tensor {
  const op = "linspace";
  const options = dtypeOptionsOrThrow<LinspaceOptions>(op, dtype, ["dtype", "endpoint"]);
  numberOrThrow(op, "start", start, true);
  numberOrThrow(op, "stop", stop, true);
  intOrThrow(op, "num", num, 0);
  const endpoint = options.endpoint ?? true;
  if (typeof endpoint !== "boolean") throw new ArgumentError(`${op}: endpoint must be a boolean, got ${showValue(endpoint)}.`);
  const resolved = options.dtype ?? "float64";
  bufferSizeOrThrow(op, [num], resolved);
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (stop - start) / div : 0;
  const data = new Float64Array(num);
  for (let i = 0; i < num; i++) data[i] = start + i * step;
  if (endpoint && num > 1) data[num - 1] = stop;
  return toTensor(data, op, resolved);
}

/**
 * The `n × m` identity (ones on diagonal `k`): `np.eye(3)`, `np.eye(2, 3, 1, "int32")`.
 *
 * @example
 * np.eye(2);
 * // array([[1., 0.],
 * //        [0., 1.]])
 */
export function eye(n: number, m?: number | null, k: number = 0, dtype?: DTypeArg): Tensor {
  const op = "eye";
  const options = dtypeOptionsOrThrow<DTypeOptions>(op, dtype, ["dtype"]);
  intOrThrow(op, "n", n, 0);
  const cols = m ?? n;
  intOrThrow(op, "m", cols, 0);
  intOrThrow(op, "k", k);
  const resolved = options.dtype ?? "float64";
  shapeOrThrow(op, [n, cols], resolved);
  return new ConcreteTensor(eyeKernel(resolved, n, cols, k), [n, cols], resolved);
}
