/**
 * Metadata and constants (issue 9, group 6): `copy`, `ndim`, `shape`, `size`,
 * `isscalar`, `resultType`, `promoteTypes`, `finfo`, `iinfo`, and the
 * constants `e`, `pi`, `inf`, `nan`, `eulerGamma` (`newaxis` lives in
 * newaxis.ts). Shapes are static, so `ndim`/`shape`/`size` of a traced
 * tensor are plain numbers under every transform, as in JAX.
 *
 * @example
 * np.shape([[1, 2, 3]])               // [1, 3]
 * np.resultType(np.ones([2], { dtype: "int32" }), 0.5) // "float64"
 * np.finfo("float32").eps             // 1.1920928955078125e-7
 */
import { isDType, isFloat, promoteTypes as promotePair, weakPromote, type DType } from "../array/dtype.ts";
import { ArgumentError, DTypeError } from "../core/errors.ts";
import { dtypeOrThrow, isTensorArg, showValue, toTensor } from "../core/convert.ts";
import { ConcreteTensor, Tensor, type ArrayLike, dataOf } from "../core/tensor.ts";
import { axisOf } from "./shape.ts";

// constants

/** Euler's number e. */
export const e = Math.E;
/** π. */
export const pi = Math.PI;
/** Positive infinity. */
export const inf = Infinity;
/** Not a number. */
export const nan = NaN;
/** The Euler–Mascheroni constant γ. */
export const eulerGamma = 0.5772156649015329;

// metadata

/**
 * A copy of `a` as a tensor (new storage for concrete data; tensors are
 * immutable, so a traced value is returned as it is).
 *
 * @example
 * np.copy([1, 2]) // array([1., 2.])
 */
export function copy(a: ArrayLike): Tensor {
  const t = toTensor(a, "copy");
  return t instanceof ConcreteTensor && t === a ? new ConcreteTensor(dataOf(t).slice(), t.shape.slice(), t.dtype) : t;
}

/**
 * The number of dimensions.
 *
 * @example
 * np.ndim([[1, 2]]) // 2
 */
export function ndim(a: ArrayLike): number {
  return toTensor(a, "ndim").ndim;
}

/**
 * The shape, as a new array of numbers.
 *
 * @example
 * np.shape(np.zeros([2, 3])) // [2, 3]
 */
export function shape(a: ArrayLike): number[] {
  return toTensor(a, "shape").shape.slice();
}

/**
 * The number of elements (along `axis` when given).
 *
 * @example
 * np.size(np.zeros([2, 3]))    // 6
 * np.size(np.zeros([2, 3]), 1) // 3
 */
export function size(a: ArrayLike, axis?: number | null): number {
  const t = toTensor(a, "size");
  if (axis === undefined || axis === null) return t.size;
  return t.shape[axisOf("size", axis, t.ndim, t)];
}

/**
 * Whether `x` is a scalar: a JS number or boolean, or a 0-d tensor (JAX's
 * rule; numpy says false for 0-d arrays, which would change under `jit`).
 *
 * @example
 * np.isscalar(1.5)            // true
 * np.isscalar(np.array(1.5))  // true
 * np.isscalar([1.5])          // false
 */
export function isscalar(x: unknown): boolean {
  if (typeof x === "number" || typeof x === "boolean") return true;
  return isTensorArg("isscalar", x) && x.ndim === 0;
}

/**
 * The dtype numpy's promotion gives these arrays and dtypes together. JS
 * numbers and booleans are weakly typed (they widen the kind only when they
 * must), as in arithmetic; alone they are float64 and bool.
 *
 * @example
 * np.resultType("int32", "float32")       // "float64"
 * np.resultType(np.zeros([2], { dtype: "float32" }), 2.5) // "float32"
 */
export function resultType(...args: (ArrayLike | DType)[]): DType {
  if (args.length === 0) throw new ArgumentError("resultType: needs at least one array or dtype.");
  const strong: DType[] = [];
  const weak: (number | boolean)[] = [];
  for (const a of args) {
    if (typeof a === "string") strong.push(dtypeOrThrow("resultType", a));
    else if (typeof a === "number" || typeof a === "boolean") weak.push(a);
    else strong.push(toTensor(a, "resultType").dtype);
  }
  if (strong.length === 0) return weak.map((v): DType => (typeof v === "boolean" ? "bool" : "float64")).reduce(promotePair);
  return weak.reduce<DType>((d, v) => weakPromote(d, v), strong.reduce(promotePair));
}

/**
 * The smallest dtype both `a` and `b` convert to safely (numpy's lattice:
 * bool < {int32, uint32} < float32 < float64; int32 or uint32 with float32
 * gives float64, and int32 with uint32 gives float64 where numpy's is int64,
 * which tracegrad does not have).
 *
 * @example
 * np.promoteTypes("int32", "float32") // "float64"
 */
export function promoteTypes(a: DType, b: DType): DType {
  return promotePair(dtypeOrThrow("promoteTypes", a), dtypeOrThrow("promoteTypes", b));
}

/** Machine limits of a float dtype (numpy's `finfo` fields, camelCased). */
export interface FInfo {
  readonly dtype: DType;
  readonly bits: number;
  /** The gap between 1 and the next larger number. */
  readonly eps: number;
  /** The gap between 1 and the next smaller number. */
  readonly epsneg: number;
  readonly max: number;
  readonly min: number;
  /** The smallest positive normal number (same as `smallestNormal`). */
  readonly tiny: number;
  readonly smallestNormal: number;
  readonly smallestSubnormal: number;
  /** 10^-precision. */
  readonly resolution: number;
  /** Decimal digits of precision. */
  readonly precision: number;
  readonly maxexp: number;
  readonly minexp: number;
  readonly machep: number;
  readonly negep: number;
  readonly nmant: number;
  readonly nexp: number;
  readonly iexp: number;
}

/** Limits of an integer dtype. */
export interface IInfo {
  readonly dtype: DType;
  readonly bits: number;
  readonly min: number;
  readonly max: number;
  /** "i" for signed, "u" for unsigned. */
  readonly kind: "i" | "u";
}

function floatInfo(dtype: DType, bits: number, nmant: number, nexp: number, precision: number): FInfo {
  const maxexp = 2 ** (nexp - 1);
  const minexp = 3 - maxexp - 1;
  const eps = 2 ** -nmant;
  return Object.freeze({
    dtype, bits, eps, epsneg: eps / 2,
    max: (2 - eps) * 2 ** (maxexp - 1),
    min: -(2 - eps) * 2 ** (maxexp - 1),
    tiny: 2 ** minexp, smallestNormal: 2 ** minexp, smallestSubnormal: 2 ** (minexp - nmant),
    // numpy stores it in the dtype itself: float32(1e-6) = 9.999999974752427e-7
    resolution: bits === 32 ? Math.fround(10 ** -precision) : 10 ** -precision, precision, maxexp, minexp,
    machep: -nmant, negep: -nmant - 1, nmant, nexp, iexp: nexp,
  });
}

const FLOAT_INFO: Partial<Record<string, FInfo>> = {
  float64: floatInfo("float64", 64, 52, 11, 15),
  float32: floatInfo("float32", 32, 23, 8, 6),
};

const INT_INFO: Partial<Record<string, IInfo>> = {
  int32: Object.freeze({ dtype: "int32", bits: 32, min: -(2 ** 31), max: 2 ** 31 - 1, kind: "i" }),
  uint32: Object.freeze({ dtype: "uint32", bits: 32, min: 0, max: 2 ** 32 - 1, kind: "u" }),
};

function dtypeOf(op: string, x: DType | ArrayLike): DType {
  if (typeof x === "string") {
    if (!isDType(x)) throw new DTypeError(`${op}: unknown dtype ${showValue(x)}.`);
    return x;
  }
  return toTensor(x, op).dtype;
}

/**
 * Machine limits of a float dtype (of a tensor's dtype, when given one).
 *
 * @example
 * np.finfo("float64").eps // 2.220446049250313e-16
 */
export function finfo(dtype: DType | ArrayLike): FInfo {
  const d = dtypeOf("finfo", dtype);
  const info = FLOAT_INFO[d];
  if (info === undefined || !isFloat(d)) throw new DTypeError(`finfo: ${d} is not a float dtype; use iinfo for integer dtypes.`);
  return info;
}

/**
 * Limits of an integer dtype (of a tensor's dtype, when given one).
 *
 * @example
 * np.iinfo("int32").max // 2147483647
 */
export function iinfo(dtype: DType | ArrayLike): IInfo {
  const d = dtypeOf("iinfo", dtype);
  const info = INT_INFO[d];
  if (info === undefined) throw new DTypeError(`iinfo: ${d} is not an integer dtype; use finfo for float dtypes.`);
  return info;
}
