/**
 * Indexing: `x.slice(...index)` (numpy's `x[index]`), the functional updates
 * of `x.at(...index)` (JAX's `.at[]`: `get`, `set`, `add`, `subtract`,
 * `multiply`, `divide`, `min`, `max`), `np.take` and `np.takeAlongAxis`.
 * What an index may hold and how it is planned is `advancedIndexing.ts`: a
 * basic index is a `slice` (updates: `pad` + `select`), any integer or
 * boolean array makes it one `gather` (updates: one scatter). All are
 * differentiable, under every transform.
 *
 * @example
 * x.slice(0, [1, null])                       // x[0, 1:]
 * x.at([null, null, 2]).set(0)                // x with every other element set to 0
 * logp.at(np.arange(n), labels).get()         // logp[arange(n), labels]
 * np.zeros([5]).at(np.array([0, 0, 3])).add(1) // [2, 0, 0, 1, 0]: repeats accumulate
 */
import { broadcastShapes, shapesEqual } from "../array/shape.ts";
import { ArgumentError, ShapeError } from "../core/errors.ts";
import { optionsOrThrow, showValue, toTensor } from "../core/convert.ts";
import * as ops from "../core/ops.ts";
import { scatterOfGather, type GatherScatterMode } from "../core/primitives/dimensionNumbers.ts";
import { avalText } from "../core/primitives/check.ts";
import { ConcreteTensor, Tensor, type ArrayLike } from "../core/tensor.ts";
import { iota } from "../kernels/movement.ts";
import { operands } from "./promote.ts";
import { axisOf } from "./shape.ts";
import { planIndex, type AxisIndex, type BasicPlan, type GatherPlan, type Index } from "./advancedIndexing.ts";

/** JAX's out-of-bounds modes, as the np layer spells them (`"drop"` is `"fill"` for updates). */
export type OutOfBoundsMode = "clip" | "fill" | "drop" | "promise_in_bounds";

/** Options of `x.at(...).get` (JAX's `mode` and `fill_value`). */
export interface GetOptions {
  readonly mode?: OutOfBoundsMode;
  readonly fillValue?: number;
}

/** Options of the `x.at(...)` updates (JAX's `mode`: out-of-bounds updates are dropped unless `"clip"`). */
export interface UpdateOptions {
  readonly mode?: OutOfBoundsMode;
}

function modeOrThrow(op: string, mode: unknown, allowed: readonly string[]): GatherScatterMode | undefined {
  if (mode === undefined) return undefined;
  if (typeof mode !== "string" || !allowed.includes(mode)) throw new ArgumentError(`${op}: mode must be one of ${allowed.map((m) => `"${m}"`).join(", ")}, got ${showValue(mode)}.`);
  return mode === "drop" ? "fill" : (mode as GatherScatterMode);
}

// basic indices: slice, pad, select

/** The positive-step box covering the selected positions: slice params. */
function box(index: readonly AxisIndex[]): { start: number[]; limit: number[]; strides: number[] } {
  const low = (ix: AxisIndex) => (ix.step > 0 || ix.count === 0 ? ix.start : ix.start + (ix.count - 1) * ix.step);
  return {
    start: index.map(low),
    limit: index.map((ix) => (ix.count === 0 ? low(ix) : low(ix) + (ix.count - 1) * Math.abs(ix.step) + 1)),
    strides: index.map((ix) => Math.abs(ix.step)),
  };
}

/** Reverses `x` along the axes whose step was negative. */
function reverseNegative(x: Tensor, index: readonly AxisIndex[]): Tensor {
  let out = x;
  index.forEach((ix, axis) => {
    if (ix.step < 0 && ix.count > 1) out = ops.gather(out, new ConcreteTensor(iota("int32", ix.count, ix.count - 1, -1), [ix.count], "int32"), axis);
  });
  return out;
}

function basicGet(x: Tensor, plan: BasicPlan): Tensor {
  const shaped = ops.reshape(x, plan.shape);
  const { start, limit, strides } = box(plan.axes);
  const whole = plan.axes.every((_, i) => start[i] === 0 && limit[i] === plan.shape[i] && strides[i] === 1);
  const boxed = whole ? shaped : ops.slice(shaped, start, limit, strides);
  return ops.reshape(reverseNegative(boxed, plan.axes), plan.axes.flatMap((ix) => (ix.drop ? [] : [ix.count])));
}

/** The update `v` in `x`'s dtype, broadcast to the selected region (numpy's rule for `x[index] = v`). */
function updateValue(op: string, x: Tensor, v: ArrayLike, region: readonly number[]): Tensor {
  const value = ops.convert(toTensor(v, op), x.dtype);
  const joint = broadcastShapes(value.shape, region);
  if (joint === null || !shapesEqual(joint, region)) {
    throw new ShapeError(`${op}: cannot broadcast the update ${avalText(value)} to the selected region [${region.join(",")}] of ${avalText(x)}.`);
  }
  return ops.broadcastTo(value, region);
}

/** How an update combines with the values it lands on. */
type Combine = "scatter" | "scatter_add" | "scatter_mul" | "scatter_min" | "scatter_max";

function basicUpdate(op: string, x: Tensor, plan: BasicPlan, v: ArrayLike, combine: Combine): Tensor {
  const shaped = ops.reshape(x, plan.shape);
  const region = updateValue(op, x, v, plan.axes.flatMap((ix) => (ix.drop ? [] : [ix.count])));
  const placed = reverseNegative(ops.reshape(region, plan.axes.map((ix) => ix.count)), plan.axes);
  const { start, limit, strides } = box(plan.axes);
  const high = plan.shape.map((d, i) => d - limit[i]);
  const interior = strides.map((s) => s - 1);
  const padded = ops.pad(placed, start, high, interior);
  const mask = () => ops.pad(ops.full(placed.shape, 1, "bool"), start, high, interior);
  const combined =
    combine === "scatter" ? ops.select(mask(), padded, shaped)
    : combine === "scatter_add" ? ops.add(shaped, padded)
    : combine === "scatter_mul" ? ops.select(mask(), ops.mul(shaped, padded), shaped)
    : combine === "scatter_min" ? ops.select(mask(), ops.min(shaped, padded), shaped)
    : ops.select(mask(), ops.max(shaped, padded), shaped);
  return ops.reshape(combined, x.shape);
}

// advanced indices: one gather or scatter

function gatherGet(x: Tensor, plan: GatherPlan, mode: GatherScatterMode | undefined, fillValue: number | null): Tensor {
  const out = ops.gatherWith(ops.reshape(x, plan.shape), plan.indices, plan.dimensionNumbers, plan.sliceSizes, mode ?? "clip", fillValue);
  return ops.reshape(out, plan.outShape);
}

function gatherUpdate(op: string, x: Tensor, plan: GatherPlan, v: ArrayLike, combine: Combine, mode: GatherScatterMode | undefined): Tensor {
  const updates = updateValue(op, x, v, plan.outShape);
  const out = ops.scatterWith(combine, ops.reshape(x, plan.shape), plan.indices, updates, scatterOfGather(plan.dimensionNumbers), mode ?? "fill");
  return ops.reshape(out, x.shape);
}

/** `x[index]`: numpy's basic and advanced indexing (see `advancedIndexing.ts`). */
export function sliceTensor(x: Tensor, specs: readonly Index[]): Tensor {
  const plan = planIndex("slice", x, specs);
  return plan.kind === "basic" ? basicGet(x, plan) : gatherGet(x, plan, undefined, null);
}

/** `x.at(...index)`: JAX's functional updates of the indexed positions (and `get`). */
export class IndexUpdate {
  constructor(
    private readonly x: Tensor,
    private readonly specs: readonly Index[],
  ) {}

  private update(op: string, v: ArrayLike, combine: Combine, options: UpdateOptions | undefined): Tensor {
    const { mode: rawMode } = optionsOrThrow(op, options, ["mode"]);
    const mode = modeOrThrow(op, rawMode, ["clip", "fill", "drop", "promise_in_bounds"]);
    const plan = planIndex(op, this.x, this.specs, mode !== undefined);
    return plan.kind === "basic" ? basicUpdate(op, this.x, plan, v, combine) : gatherUpdate(op, this.x, plan, v, combine, mode);
  }

  /**
   * `x[index]`, with JAX's out-of-bounds options: `mode: "clip"` clamps, `"fill"` gives `fillValue`
   * (NaN for floats by default) for out-of-bounds positions; with a mode, concrete indices are not checked.
   *
   * @example
   * np.arange(3).at(np.array([0, 5])).get({ mode: "fill", fillValue: -1 }) // [0, -1]
   */
  get(options?: GetOptions): Tensor {
    const { mode: rawMode, fillValue } = optionsOrThrow("at.get", options, ["mode", "fillValue"]);
    const mode = modeOrThrow("at.get", rawMode, ["clip", "fill", "promise_in_bounds"]);
    if (fillValue !== undefined && typeof fillValue !== "number") throw new ArgumentError(`at.get: fillValue must be a number, got ${showValue(fillValue)}.`);
    const plan = planIndex("at.get", this.x, this.specs, mode !== undefined);
    return plan.kind === "basic" ? basicGet(this.x, plan) : gatherGet(this.x, plan, mode, (fillValue as number | undefined) ?? null);
  }

  /** `x` with the indexed positions set to `v` (in `x`'s dtype; with repeated indices the last update wins, as numpy). */
  set(v: ArrayLike, options?: UpdateOptions): Tensor {
    return this.update("at.set", v, "scatter", options);
  }

  /** `x` with `v` added at the indexed positions (repeated indices accumulate). */
  add(v: ArrayLike, options?: UpdateOptions): Tensor {
    return this.update("at.add", v, "scatter_add", options);
  }

  /** `x` with `v` subtracted at the indexed positions. */
  subtract(v: ArrayLike, options?: UpdateOptions): Tensor {
    return this.update("at.subtract", ops.neg(ops.convert(toTensor(v, "at.subtract"), this.x.dtype)), "scatter_add", options);
  }

  /** `x` multiplied by `v` at the indexed positions (repeated indices multiply). */
  multiply(v: ArrayLike, options?: UpdateOptions): Tensor {
    return this.update("at.multiply", v, "scatter_mul", options);
  }

  /** `x` divided by `v` at the indexed positions (float `x`; a multiplication by 1/v, as JAX). */
  divide(v: ArrayLike, options?: UpdateOptions): Tensor {
    const value = ops.convert(toTensor(v, "at.divide"), this.x.dtype);
    if (this.x.dtype !== "float64" && this.x.dtype !== "float32") throw new ArgumentError(`at.divide: needs a float array, got ${avalText(this.x)}.`);
    return this.update("at.divide", ops.div(ops.scalar(1, value.dtype), value), "scatter_mul", options);
  }

  /** `x` with the indexed positions replaced by the minimum of themselves and `v`. */
  min(v: ArrayLike, options?: UpdateOptions): Tensor {
    return this.update("at.min", v, "scatter_min", options);
  }

  /** `x` with the indexed positions replaced by the maximum of themselves and `v`. */
  max(v: ArrayLike, options?: UpdateOptions): Tensor {
    return this.update("at.max", v, "scatter_max", options);
  }
}

// take and takeAlongAxis

/** Options of `take`/`takeAlongAxis`: JAX's modes, numpy's `"wrap"`, and `fillValue` for `"fill"`. */
export interface TakeOptions {
  readonly mode?: "clip" | "fill" | "wrap" | "promise_in_bounds";
  readonly fillValue?: number;
}

/** Int32 indices along an axis of size n: checked when concrete and no mode is given, else wrapped (negatives, or all for "wrap"). */
function takeIndices(op: string, indices: ArrayLike, n: number, axis: number, x: Tensor, mode: string | undefined): Tensor {
  const idx = toTensor(indices, op);
  if (idx.dtype === "bool") throw new ArgumentError(`${op}: indices must be integers, got ${avalText(idx)}.`);
  if (idx instanceof ConcreteTensor) {
    const fixed = new Int32Array(idx.data.length);
    for (let i = 0; i < fixed.length; i++) {
      const v = idx.data[i];
      if (!Number.isInteger(v)) throw new ArgumentError(`${op}: indices must be integers, got ${showValue(v)} in ${avalText(idx)}.`);
      if (mode === undefined && (v < -n || v >= n)) throw new ArgumentError(`${op}: index ${v} is out of bounds for axis ${axis} with size ${n} (${avalText(x)}).`);
      // numpy's and JAX's "clip" clamps negatives to 0 too; otherwise negatives count from the end
      fixed[i] = mode === "wrap" ? ((v % n) + n) % n : v < 0 && v >= -n && mode !== "clip" ? v + n : Math.max(-2147483648, Math.min(2147483647, v));
    }
    return new ConcreteTensor(fixed, idx.shape, "int32");
  }
  if (idx.dtype === "float64" || idx.dtype === "float32") throw new ArgumentError(`${op}: indices must be integers, got ${avalText(idx)}.`);
  const i = ops.convert(idx, "int32");
  const size = ops.scalar(n, "int32");
  if (mode === "wrap") {
    // i mod n, by floor in float64 (exact for int32 values)
    const f = ops.convert(i, "float64");
    const q = ops.floor(ops.div(f, ops.scalar(n, "float64")));
    return ops.convert(ops.sub(f, ops.mul(q, ops.scalar(n, "float64"))), "int32");
  }
  if (mode === "clip") return i;
  // traced indices: negatives count from the end; the gather's mode does the rest
  return ops.select(ops.lt(i, ops.scalar(0, "int32")), ops.add(i, size), i);
}

function takeMode(op: string, options: unknown): { mode: string | undefined; gatherMode: GatherScatterMode; fillValue: number | null } {
  const { mode, fillValue } = optionsOrThrow(op, options, ["mode", "fillValue"]);
  if (mode !== undefined && !["clip", "fill", "wrap", "promise_in_bounds"].includes(mode as string)) {
    throw new ArgumentError(`${op}: mode must be "clip", "fill", "wrap" or "promise_in_bounds", got ${showValue(mode)}.`);
  }
  if (fillValue !== undefined && typeof fillValue !== "number") throw new ArgumentError(`${op}: fillValue must be a number, got ${showValue(fillValue)}.`);
  const gatherMode: GatherScatterMode = mode === "fill" ? "fill" : mode === "promise_in_bounds" ? "promise_in_bounds" : "clip";
  return { mode: mode as string | undefined, gatherMode, fillValue: (fillValue as number | undefined) ?? null };
}

/**
 * numpy's `take`: elements at integer `indices` along `axis` (of the flattened tensor when no axis).
 * Concrete indices out of bounds are an error (numpy's); traced ones clamp (JAX's `mode` option:
 * `"clip"`, `"fill"` with `fillValue`, `"wrap"`, `"promise_in_bounds"`).
 *
 * @example
 * np.take(np.array([[1, 2], [3, 4]]), [1, 0], 1) // [[2, 1], [4, 3]]
 */
export function take(x: ArrayLike, indices: ArrayLike, axis?: number | null, options?: TakeOptions): Tensor {
  let t = toTensor(x, "take");
  if (axis !== undefined && axis !== null && typeof axis !== "number") throw new ArgumentError(`take: axis must be an integer or null, got ${showValue(axis)}.`);
  const { mode, gatherMode, fillValue } = takeMode("take", options);
  if (axis === undefined || axis === null) {
    t = ops.reshape(t, [t.size]);
    axis = 0;
  }
  const a = axisOf("take", axis, t.ndim, t);
  const n = t.shape[a];
  const idx = takeIndices("take", indices, n, a, t, mode);
  if (n === 0 && idx.size > 0) throw new ArgumentError(`take: cannot take from axis ${a} of size 0 (${avalText(t)}).`);
  if (n === 0) return ops.reshape(t, [...t.shape.slice(0, a), ...idx.shape, ...t.shape.slice(a + 1)]);
  const dims = ops.takeDimensionNumbers(t.ndim, a, idx.ndim).gather;
  return ops.gatherWith(t, ops.reshape(idx, [...idx.shape, 1]), dims, t.shape.map((d, i) => (i === a ? 1 : d)), gatherMode, fillValue);
}

/**
 * numpy's `take_along_axis`: `out[..., j, ...] = arr[..., indices[..., j, ...], ...]` along `axis`
 * (default -1; null: of the flattened array with 1-D indices); `indices` broadcasts against `arr`
 * on the other axes. Out-of-bounds handling and options as `take`.
 *
 * @example
 * const x = np.array([[5, 3, 4], [2, 7, 6]]);
 * np.takeAlongAxis(x, np.argsort(x, 1), 1) // [[3, 4, 5], [2, 6, 7]]
 */
export function takeAlongAxis(arr: ArrayLike, indices: ArrayLike, axis: number | null = -1, options?: TakeOptions): Tensor {
  let x = toTensor(arr, "takeAlongAxis");
  const { mode, gatherMode, fillValue } = takeMode("takeAlongAxis", options);
  let idx = toTensor(indices, "takeAlongAxis");
  if (axis === null) {
    if (idx.ndim !== 1) throw new ShapeError(`takeAlongAxis: with axis null the indices must be 1-D, got ${avalText(idx)}.`);
    x = ops.reshape(x, [x.size]);
    axis = 0;
  }
  if (typeof axis !== "number") throw new ArgumentError(`takeAlongAxis: axis must be an integer or null, got ${showValue(axis)}.`);
  if (idx.ndim !== x.ndim) throw new ShapeError(`takeAlongAxis: indices ${avalText(idx)} and arr ${avalText(x)} must have the same number of dimensions.`);
  const a = axisOf("takeAlongAxis", axis, x.ndim, x);
  const n = x.shape[a];
  idx = takeIndices("takeAlongAxis", idx, n, a, x, mode);
  const others = broadcastShapes(x.shape.map((d, i) => (i === a ? 1 : d)), idx.shape.map((d, i) => (i === a ? 1 : d)));
  if (others === null) throw new ShapeError(`takeAlongAxis: indices ${avalText(idx)} do not broadcast against arr ${avalText(x)} outside axis ${a}.`);
  const outShape = others.map((d, i) => (i === a ? idx.shape[a] : d));
  if (n === 0) {
    if (outShape[a] > 0 && outShape.every((d) => d > 0)) throw new ArgumentError(`takeAlongAxis: cannot take from axis ${a} of size 0 (${avalText(x)}).`);
    return ops.full(outShape, 0, x.dtype);
  }
  const xb = ops.broadcastTo(x, others.map((d, i) => (i === a ? n : d)));
  const ib = ops.broadcastTo(idx, outShape);
  return ops.takeAlongAxis(xb, ib, a, gatherMode, fillValue);
}

/**
 * Whether `|a - b| <= atol + rtol·|b|` everywhere (NaNs unequal unless `equalNan`).
 *
 * @example
 * np.allclose([1, 2], [1, 2 + 1e-9]); // true
 * np.allclose([1, 2], [1, 2.1]); // false
 */
export function allclose(a: ArrayLike, b: ArrayLike, options?: { rtol?: number; atol?: number; equalNan?: boolean }): boolean {
  const { rtol = 1e-5, atol = 1e-8, equalNan = false } = optionsOrThrow<{ rtol: number; atol: number; equalNan: boolean }>("allclose", options, ["rtol", "atol", "equalNan"]);
  if (typeof rtol !== "number" || typeof atol !== "number" || Number.isNaN(rtol) || Number.isNaN(atol)) {
    throw new ArgumentError(`allclose: rtol and atol must be numbers, got ${showValue(rtol)} and ${showValue(atol)}.`);
  }
  if (typeof equalNan !== "boolean") throw new ArgumentError(`allclose: equalNan must be a boolean, got ${showValue(equalNan)}.`);
  const [x, y] = operands("allclose", a, b, "float");
  const shape = broadcastShapes(x.shape, y.shape);
  if (shape === null) throw new ShapeError(`allclose: cannot broadcast ${avalText(x)} with ${avalText(y)}.`);
  const xs = ops.broadcastTo(x, shape).toConcrete("allclose").data;
  const ys = ops.broadcastTo(y, shape).toConcrete("allclose").data;
  for (let i = 0; i < xs.length; i++) {
    const p = xs[i];
    const q = ys[i];
    if (Number.isNaN(p) || Number.isNaN(q)) {
      if (equalNan && Number.isNaN(p) && Number.isNaN(q)) continue;
      return false;
    }
    if (p === q) continue;
    if (!(Math.abs(p - q) <= atol + rtol * Math.abs(q))) return false;
  }
  return true;
}
