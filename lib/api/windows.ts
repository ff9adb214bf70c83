/**
 * Creation (issue 9, group 6): `identity`, `geomspace`, `logspace` and the
 * window functions `bartlett`, `blackman`, `hamming`, `hanning`, `kaiser`.
 * Sizes are static; the values are computed in float64 with numpy's
 * formulas (so they match numpy's to the last bit or nearly), except
 * `kaiser`'s β, which may be traced: the window differentiates in β.
 *
 * @example
 * np.hanning(5)          // [0, 0.5, 1, 0.5, 0]
 * np.logspace(0, 3, 4)   // [1, 10, 100, 1000]
 */
import type { DType } from "../array/dtype.ts";
import { ArgumentError } from "../core/errors.ts";
import { dtypeOptionsOrThrow, showValue, toTensor } from "../core/convert.ts";
import * as ops from "../core/ops.ts";
import { elementCountOrThrow } from "../core/limits.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";
import { eye } from "./creation.ts";
import { i0eOf, i0SeriesOf } from "./bessel.ts";
import { booleanArg, integerArg } from "./options.ts";
import { floatOperand } from "./promote.ts";

// sequences

/**
 * The `n × n` identity matrix.
 *
 * @example
 * np.identity(2) // [[1, 0], [0, 1]]
 */
export function identity(n: number, options?: DType | { readonly dtype?: DType }): Tensor {
  const { dtype = "float64" } = dtypeOptionsOrThrow<{ dtype?: DType }>("identity", options, ["dtype"]);
  return eye(integerArg("identity", "n", n), n, 0, { dtype });
}

/** Options of `logspace` and `geomspace`. */
export interface SpaceOptions {
  /** Whether `stop` is the last value (default true). */
  readonly endpoint?: boolean;
  /** The dtype of the result (default float64). */
  readonly dtype?: DType;
}

function numberArg(op: string, name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new ArgumentError(`${op}: ${name} must be a finite number, got ${showValue(v)}.`);
  return v;
}

/** numpy's linspace values: start + i·step, the last one exactly stop (with endpoint); `num` is checked against the buffer limit. */
function linear(op: string, start: number, stop: number, num: number, endpoint: boolean): Float64Array {
  elementCountOrThrow(op, num, "float64");
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (stop - start) / div : 0;
  const out = new Float64Array(num);
  for (let i = 0; i < num; i++) out[i] = start + i * step;
  if (endpoint && num > 1) out[num - 1] = stop;
  return out;
}

/**
 * `num` values `base^t` for `t` evenly spaced from `start` to `stop`.
 *
 * @example
 * np.logspace(0, 2, 3)                    // [1, 10, 100]
 * np.logspace(0, 3, 3, { base: 2, endpoint: false }) // [1, 2, 4]
 */
export function logspace(start: number, stop: number, num = 50, options?: SpaceOptions & { readonly base?: number }): Tensor {
  const o = dtypeOptionsOrThrow<SpaceOptions & { base?: number }>("logspace", options, ["endpoint", "base", "dtype"]);
  const base = o.base === undefined ? 10 : numberArg("logspace", "base", o.base);
  const t = linear("logspace", numberArg("logspace", "start", start), numberArg("logspace", "stop", stop), integerArg("logspace", "num", num), booleanArg("logspace", "endpoint", o.endpoint, true));
  const out = t.map((v) => Math.pow(base, v));
  return toTensor(out, "logspace", o.dtype ?? "float64");
}

/**
 * `num` values in geometric progression from `start` to `stop` (both of one
 * sign, neither zero; the ends are exact).
 *
 * @example
 * np.geomspace(1, 1000, 4) // [1, 10, 100, 1000]
 */
export function geomspace(start: number, stop: number, num = 50, options?: SpaceOptions): Tensor {
  const o = dtypeOptionsOrThrow<SpaceOptions>("geomspace", options, ["endpoint", "dtype"]);
  const [a, b] = [numberArg("geomspace", "start", start), numberArg("geomspace", "stop", stop)];
  const n = integerArg("geomspace", "num", num);
  const endpoint = booleanArg("geomspace", "endpoint", o.endpoint, true);
  if (a === 0 || b === 0) throw new ArgumentError(`geomspace: a geometric sequence cannot include zero (start ${a}, stop ${b}).`);
  // numpy would give NaN between ends of opposite signs (a complex sequence); say so instead
  if (Math.sign(a) !== Math.sign(b)) throw new ArgumentError(`geomspace: start ${a} and stop ${b} have opposite signs; a real geometric sequence needs one sign.`);
  const sign = Math.sign(a);
  const t = linear("geomspace", Math.log10(a / sign), Math.log10(b / sign), n, endpoint);
  const out = t.map((v) => sign * Math.pow(10, v));
  if (n > 0) out[0] = a;
  if (n > 1 && endpoint) out[n - 1] = b;
  return toTensor(out, "geomspace", o.dtype ?? "float64");
}

// windows

/** The window size as a count (numpy gives an empty window for M < 1). */
function windowSize(op: string, M: number): number {
  if (typeof M !== "number" || !Number.isSafeInteger(M)) throw new ArgumentError(`${op}: the window size M must be an integer, got ${showValue(M)}.`);
  const size = Math.max(M, 0);
  elementCountOrThrow(op, size, "float64");
  return size;
}

/** A cosine-sum window `Σ c_k·cos(k·π·n/(M-1))` over n = 1-M, 3-M, …, M-1 (numpy's form). */
function cosineWindow(op: string, M: number, c: readonly number[]): Tensor {
  const size = windowSize(op, M);
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    if (size === 1) {
      out[i] = 1;
      continue;
    }
    const n = 1 - size + 2 * i;
    let v = c[0];
    for (let k = 1; k < c.length; k++) v += c[k] * Math.cos((k === 1 ? Math.PI : 2 * Math.PI) * n / (size - 1));
    out[i] = v;
  }
  return toTensor(out, op);
}

/**
 * The Bartlett (triangular) window of `M` points, zero at both ends.
 *
 * @example
 * np.bartlett(5) // [0, 0.5, 1, 0.5, 0]
 */
export function bartlett(M: number): Tensor {
  const size = windowSize("bartlett", M);
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const n = 1 - size + 2 * i;
    out[i] = size === 1 ? 1 : n <= 0 ? 1 + n / (size - 1) : 1 - n / (size - 1);
  }
  return toTensor(out, "bartlett");
}

/**
 * The Blackman window: 0.42 + 0.5·cos(πn/(M-1)) + 0.08·cos(2πn/(M-1)).
 *
 * @example
 * np.blackman(3) // [-1.4e-17, 1, -1.4e-17]
 */
export function blackman(M: number): Tensor {
  return cosineWindow("blackman", M, [0.42, 0.5, 0.08]);
}

/**
 * The Hamming window: 0.54 + 0.46·cos(πn/(M-1)).
 *
 * @example
 * np.hamming(3) // [0.08, 1, 0.08]
 */
export function hamming(M: number): Tensor {
  return cosineWindow("hamming", M, [0.54, 0.46]);
}

/**
 * The Hann window: 0.5 + 0.5·cos(πn/(M-1)).
 *
 * @example
 * np.hanning(3) // [0, 1, 0]
 */
export function hanning(M: number): Tensor {
  return cosineWindow("hanning", M, [0.5, 0.5]);
}

/**
 * The Kaiser window I0(β·√(1 - (2n/(M-1) - 1)²))/I0(β), n = 0 … M-1. β may
 * be a traced scalar (the window differentiates in β); large β does not
 * overflow (the ratio is taken of exponentially scaled I0s).
 *
 * @example
 * np.kaiser(3, 14) // [7.72686684e-06, 1, 7.72686684e-06]
 */
export function kaiser(M: number, beta: ArrayLike): Tensor {
  const size = windowSize("kaiser", M);
  const b = floatOperand(beta, "kaiser");
  if (b.ndim !== 0) throw new ArgumentError(`kaiser: beta must be a scalar, got shape [${b.shape.join(",")}].`);
  if (size === 1) return ops.full([1], 1, b.dtype);
  const alpha = (size - 1) / 2;
  // r = √(1 - ((n - α)/α)²), computed in float64 as numpy does
  const r = new Float64Array(size);
  for (let n = 0; n < size; n++) r[n] = Math.sqrt(1 - ((n - alpha) / alpha) ** 2);
  const rs = ops.convert(toTensor(r, "kaiser"), b.dtype);
  // |β| < 1: the power series (smooth at β = 0); else I0(z)/I0(β) = i0e(z)/i0e(β)·exp(|z| - |β|), which cannot overflow.
  // Each branch gets a safe β where the other is taken (a zero cotangent, not NaN, flows back through the select).
  const one = ops.scalar(1, b.dtype);
  const small = ops.lt(ops.abs(b), one);
  const bNear = ops.select(small, b, ops.zerosLike(b));
  const bFar = ops.select(small, one, b);
  const near = ops.div(i0SeriesOf(ops.mul(bNear, rs)), i0SeriesOf(bNear));
  const zFar = ops.mul(bFar, rs);
  const far = ops.mul(ops.div(i0eOf(zFar), i0eOf(bFar)), ops.exp(ops.sub(ops.abs(zFar), ops.abs(bFar))));
  return ops.select(ops.broadcastTo(small, [size]), near, far);
}
