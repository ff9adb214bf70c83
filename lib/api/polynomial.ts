/**
 * Polynomials as coefficient arrays, highest power first (issue 9, group 5):
 * `polyval`, `polyadd`, `polysub`, `polymul`, `polyder`, `polyint` and
 * `vander`. Coefficient counts and orders are static (they fix shapes);
 * coefficient values may be traced, so every function differentiates with
 * respect to its coefficients and points.
 *
 * As JAX (and unlike numpy for integer inputs), `polyval`, `polymul`,
 * `polyder` and `polyint` compute in a float dtype, and `polymul` keeps
 * leading zeros unless asked (`trimLeadingZeros`, concrete inputs only).
 *
 * @example
 * np.polyval(np.array([1, 0, -1]), 3) // 8  (x² - 1 at 3)
 * np.polyder(np.array([1, 0, -1]))    // [2, 0]
 */
import { isFloat } from "../array/dtype.ts";
import { broadcastShapes } from "../array/shape.ts";
import { ArgumentError, ShapeError } from "../core/errors.ts";
import { optionsOrThrow, showValue, toTensor } from "../core/convert.ts";
import { bufferSizeOrThrow } from "../core/limits.ts";
import * as ops from "../core/ops.ts";
import { avalText } from "../core/primitives/check.ts";
import { dataOf, type ArrayLike, type Tensor } from "../core/tensor.ts";
import { booleanArg, integerArg } from "./options.ts";
import { operands } from "./promote.ts";

// utils

const toFloat = (t: Tensor): Tensor => (isFloat(t.dtype) ? t : ops.convert(t, "float64"));

/** A 1-D coefficient array (a 0-d one is a constant polynomial, as numpy's atleast_1d). */
function coefficients(op: string, p: Tensor): Tensor {
  if (p.ndim === 0) return ops.reshape(p, [1]);
  if (p.ndim !== 1) throw new ShapeError(`${op}: coefficients must be a 1-D array, got ${avalText(p)}.`);
  return p;
}

/** Element `i` of axis 0, that axis removed. */
function row(p: Tensor, i: number): Tensor {
  return ops.reshape(ops.slice(p, p.shape.map((_, k) => (k === 0 ? i : 0)), p.shape.map((d, k) => (k === 0 ? i + 1 : d))), p.shape.slice(1));
}

/** The first `count` elements of a 1-D tensor. */
function head(p: Tensor, count: number): Tensor {
  return ops.slice(p, [0], [count]);
}

/** A float64 constant vector in `dtype`. */
function constants(values: readonly number[], dtype: Tensor["dtype"]): Tensor {
  return ops.convert(toTensor(Float64Array.from(values), "polynomial"), dtype);
}

// evaluation

/**
 * The polynomial `p[0]·x^(n-1) + … + p[n-1]` at `x`, by Horner's rule.
 * Extra axes of `p` beyond the first broadcast against `x`.
 *
 * @example
 * np.polyval(np.array([3, 0, 1]), np.array([1, 2])) // [4, 13]
 */
export function polyval(p: ArrayLike, x: ArrayLike): Tensor {
  const [pt, xt] = operands("polyval", p, x, "float");
  if (pt.ndim === 0) throw new ShapeError(`polyval: coefficients must have at least 1 dimension, got ${avalText(pt)}.`);
  const n = pt.shape[0];
  if (n === 0) {
    const shape = broadcastShapes(pt.shape.slice(1), xt.shape);
    if (shape === null) throw new ShapeError(`polyval: coefficients ${avalText(pt)} do not broadcast with x ${avalText(xt)}.`);
    return ops.full(shape, 0, xt.dtype);
  }
  // y = ((0·x + p0)·x + p1)·x + …, as numpy and JAX (so an infinite x gives NaN as theirs do)
  let y = ops.add(ops.mul(ops.scalar(0, xt.dtype), xt), row(pt, 0));
  for (let i = 1; i < n; i++) y = ops.add(ops.mul(y, xt), row(pt, i));
  return y;
}

// arithmetic

/** Both coefficient arrays, the shorter padded with leading zeros to the longer's length. */
function aligned(op: string, a1: ArrayLike, a2: ArrayLike): [Tensor, Tensor] {
  const [x, y] = operands(op, a1, a2).map((t) => (t.ndim === 0 ? ops.reshape(t, [1]) : t));
  const n = Math.max(x.shape[0], y.shape[0]);
  const grow = (t: Tensor) => (t.shape[0] === n ? t : ops.pad(t, t.shape.map((_, k) => (k === 0 ? n - t.shape[0] : 0)), t.shape.map(() => 0)));
  return [grow(x), grow(y)];
}

/**
 * The sum of two polynomials (the shorter is aligned at the constant term).
 *
 * @example
 * np.polyadd(np.array([1, 2]), np.array([1, 0, 0])) // [1, 1, 2]
 */
export function polyadd(a1: ArrayLike, a2: ArrayLike): Tensor {
  return ops.add(...aligned("polyadd", a1, a2));
}

/**
 * The difference of two polynomials.
 *
 * @example
 * np.polysub(np.array([1, 2]), np.array([1, 0, 0])) // [-1, 1, 2]
 */
export function polysub(a1: ArrayLike, a2: ArrayLike): Tensor {
  return ops.sub(...aligned("polysub", a1, a2));
}

/**
 * The product of two polynomials (the full convolution of the coefficients).
 * With `{ trimLeadingZeros: true }` leading zero coefficients are dropped
 * first, as numpy does (concrete inputs only: the output shape depends on the values).
 *
 * @example
 * np.polymul(np.array([1, 1]), np.array([1, -1])) // [1, 0, -1]
 */
export function polymul(a1: ArrayLike, a2: ArrayLike, options?: { readonly trimLeadingZeros?: boolean }): Tensor {
  const trim = booleanArg("polymul", "trimLeadingZeros", optionsOrThrow<{ trimLeadingZeros?: boolean }>("polymul", options, ["trimLeadingZeros"]).trimLeadingZeros, false);
  let [x, y] = operands("polymul", a1, a2, "float").map((t) => coefficients("polymul", t));
  if (trim) [x, y] = [x, y].map(trimLeading);
  // an empty polynomial is 0, as JAX
  if (x.shape[0] === 0) x = ops.full([1], 0, x.dtype);
  if (y.shape[0] === 0) y = ops.full([1], 0, y.dtype);
  const m = x.shape[0];
  const n = y.shape[0];
  // outer[i, j] = x_i·y_j, rows padded to n + m and read back with row length n + m - 1:
  // row i of the result is shifted right by i, so summing the rows gives c_k = Σ_i x_i·y_(k-i)
  const outer = ops.mul(ops.reshape(x, [m, 1]), ops.reshape(y, [1, n]));
  const padded = ops.reshape(ops.pad(outer, [0, 0], [0, m]), [m * (n + m)]);
  const shifted = ops.reshape(ops.slice(padded, [0], [m * (n + m - 1)]), [m, n + m - 1]);
  return ops.reduceSum(shifted, [0]);
}

/** `p` without its leading zeros (at least one coefficient kept). */
function trimLeading(p: Tensor): Tensor {
  const data = dataOf(p.toConcrete("polymul (trimLeadingZeros)"));
  let first = 0;
  while (first < data.length - 1 && data[first] === 0) first++;
  return first === 0 ? p : ops.slice(p, [first], [data.length]);
}

// calculus

/**
 * The coefficients of the `m`-th derivative (an empty array once `m` reaches the length).
 *
 * @example
 * np.polyder(np.array([1, 1, 1, 1]), 2) // [6, 2]
 */
export function polyder(p: ArrayLike, m = 1): Tensor {
  const order = integerArg("polyder", "m", m);
  const pt = coefficients("polyder", toFloat(toTensor(p, "polyder")));
  const n = pt.shape[0];
  if (order === 0) return pt;
  if (order >= n) return ops.full([0], 0, pt.dtype);
  // the coefficient of x^d becomes d·(d-1)···(d-m+1)
  const factors = Array.from({ length: n - order }, (_, i) => {
    const d = n - 1 - i;
    let f = 1;
    for (let t = 0; t < order; t++) f *= d - t;
    return f;
  });
  return ops.mul(head(pt, n - order), constants(factors, pt.dtype));
}

/**
 * The coefficients of the `m`-th antiderivative. The integration constants `k`
 * (one value, or one per integration, the first integration's first) become
 * the lowest coefficients; their default is 0.
 *
 * @example
 * np.polyint(np.array([3, 2, 1]))        // [1, 1, 1, 0]
 * np.polyint(np.array([6]), 2, [1, 2])   // [3, 1, 2]
 */
export function polyint(p: ArrayLike, m = 1, k?: ArrayLike): Tensor {
  const order = integerArg("polyint", "m", m);
  const [pr, kr] = operands("polyint", p, k ?? 0, "float");
  const pt = coefficients("polyint", pr);
  if (kr.ndim > 1 || (kr.ndim === 1 && kr.shape[0] !== 1 && kr.shape[0] !== order)) {
    throw new ShapeError(`polyint: k must be one value or ${order} values (one per integration), got ${avalText(kr)}.`);
  }
  if (order === 0) return pt;
  const ks = ops.broadcastTo(ops.reshape(kr, [kr.size]), [order]);
  // the coefficient of x^D in the result is divided by D·(D-1)···(D-m+1), where
  // the factors below 1 are 1: that gives x^d -> x^(d+m)·d!/(d+m)! and k_j -> k_j·x^(m-1-j)/(m-1-j)!
  const total = pt.shape[0] + order;
  const divisors = Array.from({ length: total }, (_, r) => {
    const degree = total - 1 - r;
    let f = 1;
    for (let t = 0; t < order; t++) f *= Math.max(1, degree - t);
    return f;
  });
  return ops.div(ops.concatenate([pt, ks], 0), constants(divisors, pt.dtype));
}

// construction

/**
 * The Vandermonde matrix of a 1-D `x`: columns `x^(N-1), …, x, 1`
 * (`x^0, …, x^(N-1)` when `increasing`); `N` defaults to `x`'s length.
 *
 * @example
 * np.vander(np.array([1, 2, 3]), 3) // [[1, 1, 1], [4, 2, 1], [9, 3, 1]]
 */
export function vander(x: ArrayLike, N?: number | null, increasing = false): Tensor {
  const t = toTensor(x, "vander");
  if (t.ndim !== 1) throw new ShapeError(`vander: x must be a 1-D array, got ${avalText(t)}.`);
  const cols = N === undefined || N === null ? t.shape[0] : integerArg("vander", "N", N);
  if (typeof increasing !== "boolean") throw new ArgumentError(`vander: increasing must be a boolean, got ${showValue(increasing)}.`);
  const n = t.shape[0];
  bufferSizeOrThrow("vander", [n, cols], t.dtype);
  if (n === 0 || cols === 0) return ops.full([n, cols], 0, t.dtype);
  // x^0 is ones (its derivative exactly 0 at x = 0), x^1 is x, higher powers integer_pow
  const power = (k: number) => (k === 0 ? ops.full([n], 1, t.dtype) : k === 1 ? t : ops.integerPow(t, k));
  const powers = Array.from({ length: cols }, (_, j) => power(increasing ? j : cols - 1 - j));
  return ops.concatenate(powers.map((c) => ops.reshape(c, [n, 1])), 1);
}
