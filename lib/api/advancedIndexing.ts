/**
 * numpy's indexing rules, turned into a plan: `x.slice(...)`, `x.at(...)`.
 *
 * An index is a list of specs, one per axis: an integer, `[start, stop?, step?]`
 * (numpy's slice, negative bounds counting from the end and clamped), `null`
 * for a whole axis (`:`), `np.newaxis` (a new axis of size 1), `"..."` (as
 * many whole axes as needed), an integer tensor or `Int32Array` (numpy's
 * integer-array indexing), or a boolean tensor (a concrete mask, as numpy's
 * `x[mask]`). Integer arrays on several axes broadcast together; their dims
 * go where the first of them stands when they are adjacent, else first (and
 * integers count as arrays when any array is present), as numpy's rules say.
 *
 * A *basic* index (integers and slices only) becomes a `slice` (plus a
 * reversal for negative steps), as before. Any array makes the whole index
 * one `gather` (or scatter, for `x.at`): arrays broadcast into the indices'
 * batch dims, strided slices become index dims of their own, contiguous slices
 * stay windows (JAX's `_index_to_gather`).
 *
 * Out of bounds: an integer beyond the axis is an error, as numpy's; so are
 * concrete integer arrays with out-of-bounds entries. Traced arrays cannot be
 * checked: negative entries count from the end, and the rest follow JAX:
 * reads clamp (`mode: "clip"`, or `"fill"` with a `fillValue`), updates drop.
 * Giving a `mode` asks for JAX's behaviour with concrete indices too.
 *
 * @example
 * x.slice(np.arange(n), labels)        // x[arange(n), labels]: one element per row
 * x.slice(null, np.array([2, 0]))      // x[:, [2, 0]]
 * x.slice(np.greater(x, 0))            // x[x > 0] (x concrete)
 */
import { broadcastShapes } from "../array/shape.ts";
import { ArgumentError, ConcretizationError, ShapeError } from "../core/errors.ts";
import { denseArrayOrThrow, isArrayArg, isTensorArg, showValue } from "../core/convert.ts";
import * as ops from "../core/ops.ts";
import { GatherDimensionNumbers } from "../core/primitives/dimensionNumbers.ts";
import { avalText } from "../core/primitives/check.ts";
import { ConcreteTensor, Tensor, type IndexSpec, dataOf } from "../core/tensor.ts";
import { newaxis, type Newaxis } from "./newaxis.ts";

/** One spec of an index: what `x.slice(...)` and `x.at(...)` take per axis. */
export type Index = IndexSpec | Newaxis | "...";

/** A slice or integer on one axis, normalized: positions `start, start + step, …` (`count` of them); `drop` removes the axis. */
export interface AxisIndex {
  readonly start: number;
  readonly step: number;
  readonly count: number;
  readonly drop: boolean;
}

/** A basic index: `x` reshaped to `shape` (new axes inserted), then a slice per axis. */
export interface BasicPlan {
  readonly kind: "basic";
  readonly shape: readonly number[];
  readonly axes: readonly AxisIndex[];
}

/** An advanced index: `x` reshaped to `shape`, then one gather (or scatter) with these numbers. */
export interface GatherPlan {
  readonly kind: "gather";
  readonly shape: readonly number[];
  readonly indices: Tensor;
  readonly dimensionNumbers: GatherDimensionNumbers;
  readonly sliceSizes: readonly number[];
  /** The shape of `x[index]`. */
  readonly outShape: readonly number[];
  /** Whether every index array was concrete (and so checked). */
  readonly concrete: boolean;
}

export type IndexPlan = BasicPlan | GatherPlan;

/** A spec on one axis of the reshaped `x`. */
type Entry = { readonly kind: "slice"; readonly raw: readonly unknown[] | null } | { readonly kind: "int"; readonly value: number } | { readonly kind: "array"; readonly value: Tensor };

// parsing

function isIndexArray(op: string, spec: unknown): spec is Tensor | Int32Array | Uint8Array {
  return isTensorArg(op, spec) || spec instanceof Int32Array || spec instanceof Uint8Array;
}

/** An index array as a tensor: typed arrays become 1-D tensors (Uint8Array: a boolean mask). */
function arrayTensor(spec: Tensor | Int32Array | Uint8Array): Tensor {
  if (spec instanceof Tensor) return spec.weakType === undefined ? spec : spec.withoutWeakType();
  return spec instanceof Int32Array ? new ConcreteTensor(spec.slice(), [spec.length], "int32") : new ConcreteTensor(spec.slice(), [spec.length], "bool");
}

/** Int32 positions of the true elements of a concrete mask, one array per axis (numpy's `nonzero`). */
export function maskPositions(mask: ConcreteTensor): ConcreteTensor[] {
  const data = dataOf(mask);
  const { shape } = mask;
  let count = 0;
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) count++;
  const out = shape.map(() => new Int32Array(count));
  let k = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] === 0) continue;
    let rest = i;
    for (let d = shape.length - 1; d >= 0; d--) {
      out[d][k] = rest % shape[d];
      rest = Math.floor(rest / shape[d]);
    }
    k++;
  }
  return out.map((positions) => new ConcreteTensor(positions, [count], "int32"));
}

/** The entries per axis of `x` with its new axes inserted (newaxis, scalar booleans), and that shape. */
function expand(op: string, x: Tensor, specs: readonly Index[]): { shape: number[]; entries: Entry[] } {
  const consumed = specs.reduce<number>((n, s) => {
    if (s === newaxis || s === "..." || typeof s === "boolean") return n;
    if (isIndexArray(op, s)) {
      const t = arrayTensor(s);
      return n + (t.dtype === "bool" ? t.ndim : 1);
    }
    return n + 1;
  }, 0);
  if (specs.filter((s) => s === "...").length > 1) throw new ArgumentError(`${op}: an index can have only one ellipsis ("..."), got ${showValue(specs)}.`);
  if (consumed > x.ndim) throw new ArgumentError(`${op}: too many indices for ${avalText(x)}: ${consumed} axes indexed.`);
  const shape: number[] = [];
  const entries: Entry[] = [];
  let axis = 0;
  const whole = (n: number) => {
    for (let i = 0; i < n; i++) {
      shape.push(x.shape[axis++]);
      entries.push({ kind: "slice", raw: null });
    }
  };
  for (const spec of specs) {
    if (spec === "...") whole(x.ndim - consumed);
    else if (spec === newaxis) {
      shape.push(1);
      entries.push({ kind: "slice", raw: null });
    } else if (typeof spec === "boolean") {
      // numpy's x[True] / x[False]: a new axis, indexed by [0] or []
      shape.push(1);
      entries.push({ kind: "array", value: new ConcreteTensor(spec ? Int32Array.of(0) : new Int32Array(0), [spec ? 1 : 0], "int32") });
    } else if (spec === null || spec === undefined) whole(1);
    else if (typeof spec === "number") {
      if (!Number.isInteger(spec)) throw new ArgumentError(`${op}: index ${showValue(spec)} must be an integer (axis ${axis} of ${avalText(x)}).`);
      shape.push(x.shape[axis++]);
      entries.push({ kind: "int", value: spec });
    } else if (isIndexArray(op, spec)) {
      const t = arrayTensor(spec);
      if (t.dtype === "bool") {
        if (!(t instanceof ConcreteTensor)) {
          throw new ConcretizationError(`${op}: a boolean mask index must be concrete (its number of true elements sets the result's shape); under jit use np.where(mask, x, 0) or np.nonzero(mask, { size }).`);
        }
        const covered = x.shape.slice(axis, axis + t.ndim);
        if (t.ndim === 0) {
          shape.push(1);
          entries.push({ kind: "array", value: new ConcreteTensor(dataOf(t)[0] !== 0 ? Int32Array.of(0) : new Int32Array(0), [dataOf(t)[0] !== 0 ? 1 : 0], "int32") });
          continue;
        }
        if (!t.shape.every((d, i) => d === covered[i])) {
          throw new ShapeError(`${op}: boolean index ${avalText(t)} does not match the axes [${covered.join(",")}] of ${avalText(x)} it covers (from axis ${axis}).`);
        }
        for (const positions of maskPositions(t)) {
          shape.push(x.shape[axis++]);
          entries.push({ kind: "array", value: positions });
        }
      } else {
        shape.push(x.shape[axis++]);
        entries.push({ kind: "array", value: t });
      }
    } else if (isArrayArg(op, spec)) {
      const parts = denseArrayOrThrow(op, "a slice spec", spec);
      if (parts.length === 0 || parts.length > 3 || !parts.every((v) => v === null || v === undefined || typeof v === "number")) {
        throw new ArgumentError(
          `${op}: index spec ${showValue(spec)} for axis ${axis} must be a number, null, [start, stop?, step?], np.newaxis, "...", ` +
            `or an integer/boolean tensor (an array of indices is np.array([...]) or an Int32Array, not a plain JS array).`,
        );
      }
      shape.push(x.shape[axis++]);
      entries.push({ kind: "slice", raw: parts });
    } else {
      throw new ArgumentError(`${op}: index spec ${showValue(spec)} for axis ${axis} must be a number, null, [start, stop?, step?], np.newaxis, "..." or an integer/boolean tensor.`);
    }
  }
  whole(x.ndim - axis);
  return { shape, entries };
}

/** numpy's `slice.indices`: bounds counted from the end when negative, then clamped. */
function sliceIndex(op: string, raw: readonly unknown[] | null, dim: number, axis: number): AxisIndex {
  if (raw === null) return { start: 0, step: 1, count: dim, drop: false };
  const [rawStart, rawStop, rawStep] = raw;
  for (const v of raw) {
    if (v !== null && v !== undefined && !(typeof v === "number" && Number.isSafeInteger(v))) {
      throw new ArgumentError(`${op}: slice ${showValue(raw)} for axis ${axis}: start, stop and step must be integers or null.`);
    }
  }
  const step = (rawStep as number | null | undefined) ?? 1;
  if (step === 0) throw new ArgumentError(`${op}: slice step must be a non-zero integer, got 0.`);
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
  const bound = (v: unknown, fallback: number, lo: number, hi: number) =>
    v === null || v === undefined ? fallback : clamp((v as number) < 0 ? (v as number) + dim : (v as number), lo, hi);
  const start = step > 0 ? bound(rawStart, 0, 0, dim) : bound(rawStart, dim - 1, -1, dim - 1);
  const stop = step > 0 ? bound(rawStop, dim, 0, dim) : bound(rawStop, -1, -1, dim - 1);
  const count = step > 0 ? Math.max(0, Math.ceil((stop - start) / step)) : Math.max(0, Math.ceil((start - stop) / -step));
  return { start, step, count, drop: false };
}

function intOrThrow(op: string, value: number, dim: number, axis: number, x: Tensor): number {
  if (value < -dim || value >= dim) throw new ArgumentError(`${op}: index ${value} is out of bounds for axis ${axis} with size ${dim} (${avalText(x)}).`);
  return value < 0 ? value + dim : value;
}

/**
 * An index array as int32 with negatives counted from the end: concrete ones checked
 * (unless `lenient`: JAX's modes apply), traced ones wrapped with a select.
 */
function normalizeArray(op: string, t: Tensor, dim: number, axis: number, x: Tensor, lenient: boolean): Tensor {
  if (t.dtype === "float64" || t.dtype === "float32") {
    // numpy and JAX refuse float index arrays; refusing them concrete or traced keeps eager and jit alike
    throw new ArgumentError(`${op}: index arrays must be integers, got ${avalText(t)}; use np.array([...], { dtype: "int32" }), an Int32Array, or astype("int32").`);
  }
  if (t instanceof ConcreteTensor) {
    const out = new Int32Array(dataOf(t).length);
    if (dataOf(t) instanceof Int32Array) {
      const data = dataOf(t);
      for (let i = 0; i < out.length; i++) {
        const v = data[i];
        if (v < -dim || v >= dim) {
          if (!lenient) throw new ArgumentError(`${op}: index ${v} is out of bounds for axis ${axis} with size ${dim} (${avalText(x)}).`);
          out[i] = v;
        } else out[i] = v < 0 ? v + dim : v;
      }
      return new ConcreteTensor(out, t.shape, "int32");
    }
    for (let i = 0; i < out.length; i++) {
      const v = dataOf(t)[i];
      if (!lenient && (v < -dim || v >= dim)) throw new ArgumentError(`${op}: index ${v} is out of bounds for axis ${axis} with size ${dim} (${avalText(x)}).`);
      out[i] = v < 0 && v >= -dim ? v + dim : Math.max(-2147483648, Math.min(2147483647, v));
    }
    return new ConcreteTensor(out, t.shape, "int32");
  }
  const i = ops.convert(t, "int32");
  return ops.select(ops.lt(i, ops.scalar(0, "int32")), ops.add(i, ops.scalar(dim, "int32")), i);
}

// planning

/** The plan of `x[specs]`; `lenient` (a mode was given) treats integers as arrays and skips bounds errors. */
export function planIndex(op: string, x: Tensor, specs: readonly Index[], lenient = false): IndexPlan {
  const { shape, entries } = expand(op, x, specs);
  const hasArray = entries.some((e) => e.kind === "array");
  if (!hasArray && !lenient) {
    const axes = entries.map((e, axis) =>
      e.kind === "int" ? { start: intOrThrow(op, e.value, shape[axis], axis, x), step: 1, count: 1, drop: true } : sliceIndex(op, e.kind === "slice" ? e.raw : null, shape[axis], axis),
    );
    return { kind: "basic", shape, axes };
  }
  return gatherPlan(op, x, shape, entries, lenient);
}

/** One index component: the operand axis it indexes and its values over the indices' batch shape. */
interface Component {
  readonly axis: number;
  readonly values: Tensor;
  /** Where the value's own dims sit among the batch dims (broadcast_in_dim's dims); scalars have none. */
  readonly dims: readonly number[];
}

function gatherPlan(op: string, x: Tensor, shape: readonly number[], entries: readonly Entry[], lenient: boolean): GatherPlan {
  // arrays (and integers, which count as 0-d arrays here) broadcast together
  const advanced: number[] = [];
  const arrays: Tensor[] = [];
  entries.forEach((e, axis) => {
    if (e.kind === "slice") return;
    const dim = shape[axis];
    const raw = e.kind === "int" ? new ConcreteTensor(Int32Array.of(e.value), [], "int32") : e.value;
    if (dim === 0 && raw.size > 0) throw new ArgumentError(`${op}: cannot index axis ${axis} of size 0 (${avalText(x)}).`);
    advanced.push(axis);
    arrays.push(normalizeArray(op, raw, dim, axis, x, lenient));
  });
  const batch = arrays.reduce<number[] | null>((s, a) => (s === null ? null : broadcastShapes(s, a.shape)), []);
  if (batch === null) {
    throw new ShapeError(`${op}: shape mismatch: index arrays ${arrays.map(avalText).join(", ")} cannot be broadcast together.`);
  }
  const contiguous = advanced.every((a, i) => i === 0 || a === advanced[i - 1] + 1);
  // the output, dim by dim: the broadcast arrays' dims (where the first array stands, or first), windows, strided slices
  type Out = { kind: "window"; size: number } | { kind: "arrays" } | { kind: "strided"; size: number; axis: number; values: Int32Array };
  const out: Out[] = contiguous ? [] : [{ kind: "arrays" }];
  const components: { axis: number; make: (batchAt: number) => Component }[] = [];
  const sliceSizes = shape.map(() => 1);
  entries.forEach((e, axis) => {
    if (e.kind !== "slice") {
      if (contiguous && axis === advanced[0]) out.push({ kind: "arrays" });
      const k = advanced.indexOf(axis);
      const a = arrays[k];
      components.push({ axis, make: (at) => ({ axis, values: a, dims: a.shape.map((_, i) => at + batch.length - a.ndim + i) }) });
      return;
    }
    const s = sliceIndex(op, e.raw, shape[axis], axis);
    if (s.step === 1 || s.count <= 1) {
      // a window of the slice's length, starting at its start (no component for a whole axis)
      out.push({ kind: "window", size: s.count });
      sliceSizes[axis] = s.count;
      if (s.start !== 0 || s.count !== shape[axis]) {
        const start = new ConcreteTensor(Int32Array.of(Math.min(s.start, shape[axis] - s.count)), [], "int32");
        components.push({ axis, make: () => ({ axis, values: start, dims: [] }) });
      }
    } else {
      const values = Int32Array.from({ length: s.count }, (_, i) => s.start + i * s.step);
      out.push({ kind: "strided", size: s.count, axis, values });
    }
  });
  // batch dims in output order, and where each component's values go
  const batchShape: number[] = [];
  const offsetDims: number[] = [];
  const outShape: number[] = [];
  let arraysAt = 0;
  for (const o of out) {
    if (o.kind === "window") {
      offsetDims.push(outShape.length);
      outShape.push(o.size);
    } else if (o.kind === "arrays") {
      arraysAt = batchShape.length;
      batchShape.push(...batch);
      outShape.push(...batch);
    } else {
      const at = batchShape.length;
      const values = new ConcreteTensor(o.values, [o.size], "int32");
      components.push({ axis: o.axis, make: () => ({ axis: o.axis, values, dims: [at] }) });
      batchShape.push(o.size);
      outShape.push(o.size);
    }
  }
  const built = components.map((c) => c.make(arraysAt)).sort((a, b) => a.axis - b.axis);
  const indices = stackComponents(built, batchShape);
  const startIndexMap = built.map((c) => c.axis);
  const collapsed = entries.map((e, axis) => (e.kind !== "slice" || out.some((o) => o.kind === "strided" && o.axis === axis) ? axis : -1)).filter((a) => a >= 0);
  const dimensionNumbers = new GatherDimensionNumbers({ offsetDims, collapsedSliceDims: collapsed, startIndexMap });
  return { kind: "gather", shape, indices, dimensionNumbers, sliceSizes, outShape, concrete: arrays.every((a) => a instanceof ConcreteTensor) };
}

/** The indices [...batchShape, K]: each component broadcast over the batch, stacked on a last axis (in JS when all are concrete). */
function stackComponents(components: readonly Component[], batchShape: readonly number[]): Tensor {
  const k = components.length;
  if (components.every((c) => c.values instanceof ConcreteTensor)) {
    const count = batchShape.reduce((a, b) => a * b, 1);
    const data = new Int32Array(count * k);
    const rank = batchShape.length;
    components.forEach((c, j) => {
      const v = dataOf(c.values as ConcreteTensor);
      const own = c.values.shape;
      if (v.length === count && c.dims.every((d, i) => d === i && own[i] === batchShape[i]) && own.length === rank) {
        // the component is the whole batch, in order: a strided copy
        for (let b = 0, at = j; b < count; b++, at += k) data[at] = v[b];
        return;
      }
      // its step along each batch dim (0 where it broadcasts), walked with an odometer
      const steps = new Array<number>(rank).fill(0);
      let stride = 1;
      for (let i = own.length - 1; i >= 0; i--) {
        if (own[i] !== 1) steps[c.dims[i]] = stride;
        stride *= own[i];
      }
      const counter = new Array<number>(rank).fill(0);
      let at = 0;
      for (let b = 0; b < count; b++) {
        data[b * k + j] = v[at];
        for (let d = rank - 1; d >= 0; d--) {
          at += steps[d];
          if (++counter[d] < batchShape[d]) break;
          at -= steps[d] * batchShape[d];
          counter[d] = 0;
        }
      }
    });
    return new ConcreteTensor(data, [...batchShape, k], "int32");
  }
  const columns = components.map((c) => {
    const own = c.values.shape;
    // size-1 dims of a value broadcast: drop them before mapping the rest to their batch dims
    const kept = own.map((d, i) => (d === 1 && batchShape[c.dims[i]] !== 1 ? -1 : i)).filter((i) => i >= 0);
    const squeezed = ops.reshape(c.values, kept.map((i) => own[i]));
    const full = ops.broadcastInDim(squeezed, batchShape, kept.map((i) => c.dims[i]));
    return ops.reshape(full, [...batchShape, 1]);
  });
  return ops.concatenate(columns, batchShape.length);
}
