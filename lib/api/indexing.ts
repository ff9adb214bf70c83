/**
 * Indexing: `x.slice(...specs)` and the functional updates
 * `x.at(...specs).set(v)` / `.add(v)`, plus `take`. A spec is an index
 * (removes the axis), `[start, stop?, step?]` with numpy's negative indices
 * and clamping, or `null` for a whole axis. All are differentiable: slices
 * are `slice` (or `gather` for negative steps), updates are `pad` + `select`.
 *
 * @example
 * x.slice(0, [1, null])   // x[0, 1:]
 * x.at([null, null, 2]).set(0) // x with every other element set to 0
 */
import { broadcastShapes } from "../array/shape.ts";
import { ArgumentError, ShapeError } from "../core/errors.ts";
import { denseArrayOrThrow, isArrayArg, optionsOrThrow, showValue, toTensor } from "../core/convert.ts";
import * as ops from "../core/ops.ts";
import { avalText } from "../core/primitives/check.ts";
import { ConcreteTensor, Tensor, type ArrayLike, type IndexSpec } from "../core/tensor.ts";
import { iota } from "../kernels/movement.ts";
import { operands } from "./promote.ts";
import { axisOf } from "./shape.ts";

/** One axis of a normalized index: the positions `start, start+step, …` (count of them), and whether the axis is dropped. */
interface AxisIndex {
  readonly start: number;
  readonly step: number;
  readonly count: number;
  readonly drop: boolean;
}

function normalizeSpecs(op: string, x: Tensor, rawSpecs: readonly IndexSpec[]): AxisIndex[] {
  const specs = denseArrayOrThrow(op, "the index", rawSpecs);
  if (specs.length > x.ndim) {
    throw new ArgumentError(`${op}: too many indices (${specs.length}) for ${avalText(x)}.`);
  }
  return x.shape.map((dim, axis) => {
    const spec = axis < specs.length ? specs[axis] : null;
    if (spec === null || spec === undefined) return { start: 0, step: 1, count: dim, drop: false };
    if (typeof spec === "number") {
      if (!Number.isInteger(spec) || spec < -dim || spec >= dim) {
        throw new ArgumentError(`${op}: index ${showValue(spec)} is out of bounds for axis ${axis} with size ${dim} (${avalText(x)}).`);
      }
      return { start: spec < 0 ? spec + dim : spec, step: 1, count: 1, drop: true };
    }
    const parts = isArrayArg(op, spec) ? denseArrayOrThrow(op, "a slice spec", spec) : null;
    if (parts === null || parts.length === 0 || parts.length > 3) {
      throw new ArgumentError(`${op}: index spec ${showValue(spec)} for axis ${axis} must be a number, null or [start, stop?, step?].`);
    }
    const [rawStart, rawStop, rawStep] = parts;
    for (const v of parts) {
      if (v !== null && v !== undefined && !(typeof v === "number" && Number.isSafeInteger(v))) {
        throw new ArgumentError(`${op}: slice ${showValue(spec)} for axis ${axis}: start, stop and step must be integers or null.`);
      }
    }
    const step = (rawStep as number | null | undefined) ?? 1;
    if (step === 0) throw new ArgumentError(`${op}: slice step must be a non-zero integer, got 0.`);
    // numpy's slice.indices: negative bounds count from the end, then clamp
    const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
    const bound = (v: unknown, fallback: number, lo: number, hi: number) =>
      v === null || v === undefined ? fallback : clamp((v as number) < 0 ? (v as number) + dim : (v as number), lo, hi);
    const start = step > 0 ? bound(rawStart, 0, 0, dim) : bound(rawStart, dim - 1, -1, dim - 1);
    const stop = step > 0 ? bound(rawStop, dim, 0, dim) : bound(rawStop, -1, -1, dim - 1);
    const count = step > 0 ? Math.max(0, Math.ceil((stop - start) / step)) : Math.max(0, Math.ceil((start - stop) / -step));
    return { start, step, count, drop: false };
  });
}

/** The positive-step box covering the selected positions: slice params. */
function box(index: AxisIndex[]): { start: number[]; limit: number[]; strides: number[] } {
  return {
    start: index.map((ix) => (ix.step > 0 || ix.count === 0 ? ix.start : ix.start + (ix.count - 1) * ix.step)),
    limit: index.map((ix) => {
      const lo = ix.step > 0 || ix.count === 0 ? ix.start : ix.start + (ix.count - 1) * ix.step;
      return ix.count === 0 ? lo : lo + (ix.count - 1) * Math.abs(ix.step) + 1;
    }),
    strides: index.map((ix) => Math.abs(ix.step)),
  };
}

/** Reverses `x` along the axes whose step was negative. */
function reverseNegative(x: Tensor, index: AxisIndex[]): Tensor {
  let out = x;
  index.forEach((ix, axis) => {
    if (ix.step < 0 && ix.count > 1) {
      const reversed = new ConcreteTensor(iota("int32", ix.count, ix.count - 1, -1), [ix.count], "int32");
      out = ops.gather(out, reversed, axis);
    }
  });
  return out;
}

/** `x[specs]`. */
export function sliceTensor(x: Tensor, specs: readonly IndexSpec[]): Tensor {
  const index = normalizeSpecs("slice", x, specs);
  const { start, limit, strides } = box(index);
  const boxed = index.every((ix, i) => start[i] === 0 && limit[i] === x.shape[i] && strides[i] === 1)
    ? x
    : ops.slice(x, start, limit, strides);
  const ordered = reverseNegative(boxed, index);
  return ops.reshape(ordered, index.flatMap((ix) => (ix.drop ? [] : [ix.count])));
}

/** `x.at(...specs)`: functional updates of the selected positions. */
export class IndexUpdate {
  constructor(
    private readonly x: Tensor,
    private readonly specs: readonly IndexSpec[],
  ) {}

  /** The value `v` broadcast over the selected region, padded with zeros to `x`'s shape, and the region's mask. */
  private scatter(op: string, v: ArrayLike): { padded: Tensor; mask: Tensor; x: Tensor } {
    const index = normalizeSpecs(op, this.x, this.specs);
    // the update takes the operand's dtype, as JAX's scatter: an int32 array stays int32
    const x = this.x;
    const value = ops.convert(toTensor(v, op), x.dtype);
    const selected = index.flatMap((ix) => (ix.drop ? [] : [ix.count]));
    const joint = broadcastShapes(value.shape, selected);
    if (joint === null || joint.length !== selected.length || joint.some((d, i) => d !== selected[i])) {
      throw new ShapeError(`${op}: cannot broadcast the update ${avalText(value)} to the selected region [${selected.join(",")}] of ${avalText(x)}.`);
    }
    let region = ops.broadcastTo(value, selected);
    region = reverseNegative(ops.reshape(region, index.map((ix) => ix.count)), index);
    const { start, limit, strides } = box(index);
    const high = x.shape.map((d, i) => d - limit[i]);
    const interior = strides.map((s) => s - 1);
    const padded = ops.pad(region, start, high, interior);
    const mask = ops.pad(ops.full(region.shape, 1, "bool"), start, high, interior);
    return { padded, mask, x };
  }

  /** `x` with the selected positions replaced by `v` (converted to `x`'s dtype, as JAX). */
  set(v: ArrayLike): Tensor {
    const { padded, mask, x } = this.scatter("at.set", v);
    return ops.select(mask, padded, x);
  }

  /** `x` with `v` added at the selected positions (in `x`'s dtype, as JAX). */
  add(v: ArrayLike): Tensor {
    const { padded, x } = this.scatter("at.add", v);
    return ops.add(x, padded);
  }
}

/** numpy's `take`: elements at integer `indices` along `axis` (of the flattened tensor when no axis). */
export function take(x: ArrayLike, indices: ArrayLike, axis?: number | null): Tensor {
  let t = toTensor(x, "take");
  if (axis !== undefined && axis !== null && typeof axis !== "number") throw new ArgumentError(`take: axis must be an integer or null, got ${showValue(axis)}.`);
  if (axis === undefined || axis === null) {
    t = ops.reshape(t, [t.size]);
    axis = 0;
  }
  const a = axisOf("take", axis, t.ndim, t);
  let idx = toTensor(indices, "take");
  const n = t.shape[a];
  if (idx instanceof ConcreteTensor) {
    // concrete indices (JS values are concrete under jit too, so both check them alike): integers in bounds
    const data = idx.data;
    const fixed = new Int32Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (!Number.isInteger(v)) throw new ArgumentError(`take: indices must be integers, got ${showValue(v)} in ${avalText(idx)}.`);
      if (v < -n || v >= n) throw new ArgumentError(`take: index ${v} is out of bounds for axis ${a} with size ${n} (${avalText(t)}).`);
      fixed[i] = v < 0 ? v + n : v;
    }
    idx = new ConcreteTensor(fixed, idx.shape, "int32");
  } else {
    if (idx.dtype === "float64" || idx.dtype === "float32") throw new ArgumentError(`take: indices must be integers, got ${avalText(idx)}.`);
    idx = ops.convert(idx, "int32");
    // traced indices: wrap negatives, clamp the rest (as JAX does)
    const wrapped = ops.select(ops.lt(idx, ops.scalar(0, "int32")), ops.add(idx, ops.scalar(n, "int32")), idx);
    idx = ops.min(ops.max(wrapped, ops.scalar(0, "int32")), ops.scalar(Math.max(n - 1, 0), "int32"));
  }
  return ops.gather(t, idx, a);
}

/** Whether `|a - b| <= atol + rtol·|b|` everywhere (NaNs unequal unless `equalNan`). */
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
