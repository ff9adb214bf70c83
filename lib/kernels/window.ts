/**
 * Windowed reductions (XLA ReduceWindow for sum, max and min) and the two
 * kernels max/min pooling's derivatives need: select-and-gather-add (the
 * JVP: the tangent at each window's selected element) and XLA's
 * select-and-scatter-add (its transpose, the VJP: each cotangent added at its
 * window's selected element). Any rank; every axis has a window size,
 * stride, (low, high) padding (negative crops), base dilation and window
 * dilation, with the geometry of ./windowGeometry.ts. Padding and dilation
 * holes hold the reduction's identity (0, -inf, +inf; the int32 extremes
 * for int32), so a window with no input element yields the identity.
 *
 * @example
 * // 2×2 max pooling with stride 2 over a [1, 1, 4, 4] image
 * const pool = { windowDimensions: [1, 1, 2, 2], windowStrides: [1, 1, 2, 2], padding: [[0, 0], [0, 0], [0, 0], [0, 0]],
 *   baseDilation: [1, 1, 1, 1], windowDilation: [1, 1, 1, 1] };
 * reduceWindow(image, [1, 1, 4, 4], "max", pool); // [1, 1, 2, 2]
 */
import { allocate, dtypeOfTypedArray } from "../array/dtype.ts";
import type { DType, TypedArray } from "../array/dtype.ts";
import type { Shape } from "../array/shape.ts";
import { DTypeError, ShapeError } from "../core/errors.ts";
import { checkIntegers, checkPadding, checkShape, windowIndexTable, windowPositions } from "./windowGeometry.ts";
import type { PaddingPairs } from "./windowGeometry.ts";

/** The window of a reduce_window, one entry per axis of the operand. */
export interface WindowParams {
  readonly windowDimensions: readonly number[];
  readonly windowStrides: readonly number[];
  /** (low, high) per axis; negative values crop. */
  readonly padding: PaddingPairs;
  /** Holes between operand elements (1 = none). */
  readonly baseDilation: readonly number[];
  /** Holes between window elements (1 = none). */
  readonly windowDilation: readonly number[];
}

/** The reductions reduceWindow computes. */
export type WindowReduction = "sum" | "max" | "min";

/** Which element a pooling window selects: its first maximum or first minimum. */
export type WindowSelect = "max" | "min";

/**
 * The shape of reduceWindow's result (one window position count per axis),
 * after checking the parameters; throws naming reduce_window.
 *
 * @example
 * reduceWindowShape([64, 32, 26, 26], { windowDimensions: [1, 1, 2, 2], windowStrides: [1, 1, 2, 2],
 *   padding: [[0, 0], [0, 0], [0, 0], [0, 0]], baseDilation: [1, 1, 1, 1], windowDilation: [1, 1, 1, 1] }); // [64, 32, 13, 13]
 */
export function reduceWindowShape(shape: Shape, params: WindowParams): number[] {
  const op = "reduce_window";
  checkShape(op, "operand", shape, shape.length);
  const rank = shape.length;
  checkIntegers(op, "windowDimensions", params.windowDimensions, rank, 0);
  checkIntegers(op, "windowStrides", params.windowStrides, rank, 1);
  checkIntegers(op, "baseDilation", params.baseDilation, rank, 1);
  checkIntegers(op, "windowDilation", params.windowDilation, rank, 1);
  checkPadding(op, params.padding, rank);
  return shape.map((size, d) =>
    windowPositions(size, params.windowDimensions[d], params.windowStrides[d], params.padding[d], params.baseDilation[d], params.windowDilation[d]),
  );
}

/** The identity of `op` in `dtype`: what padding, holes and empty windows contribute. */
export function reductionIdentity(op: WindowReduction, dtype: DType): number {
  if (op === "sum") return 0;
  const max = op === "max";
  switch (dtype) {
    case "int32":
      return max ? -2147483648 : 2147483647;
    case "uint32":
      return max ? 0 : 4294967295;
    case "bool":
      return max ? 0 : 1;
    default:
      return max ? -Infinity : Infinity;
  }
}

function checkSize(op: string, x: TypedArray, shape: Shape): void {
  let size = 1;
  for (const d of shape) size *= d;
  if (x.length !== size) throw new ShapeError(`${op}: ${x.length} elements for operand shape [${shape.join(", ")}] (${size} elements)`);
}

/** One axis of the separable reduction: `axis` of src [outer, size, inner] -> dst [outer, positions, inner]. */
function reduceAxis(
  src: ArrayLike<number>,
  dst: Float64Array,
  outer: number,
  size: number,
  inner: number,
  positions: number,
  window: number,
  table: Int32Array,
  op: WindowReduction,
  identity: number,
): void {
  dst.fill(identity);
  for (let o = 0; o < outer; o++) {
    for (let y = 0; y < positions; y++) {
      const to = (o * positions + y) * inner;
      for (let k = 0; k < window; k++) {
        const t = table[y * window + k];
        if (t < 0) continue;
        const from = (o * size + t) * inner;
        if (op === "sum") {
          for (let j = 0; j < inner; j++) dst[to + j] += src[from + j];
        } else if (op === "max") {
          // NaN propagates, as lax.max
          for (let j = 0; j < inner; j++) {
            const v = src[from + j];
            if (v > dst[to + j] || v !== v) dst[to + j] = v;
          }
        } else {
          for (let j = 0; j < inner; j++) {
            const v = src[from + j];
            if (v < dst[to + j] || v !== v) dst[to + j] = v;
          }
        }
      }
    }
  }
}

/**
 * XLA ReduceWindow with `op` (sum, max or min) over the row-major operand
 * `x` of `shape`: out[y] = op over the window elements of position y (see
 * the module comment), of x's dtype. Sum, max and min are associative and
 * commutative and the window is a product of per-axis windows, so the
 * reduction runs one axis at a time (float64 intermediates), each pass a
 * contiguous inner loop: cost Σ_d (window_d × size after axis d), not
 * Π window_d per output. Sums may round differently from a single loop;
 * max and min are exact (NaN propagates). Bool operands take max and min.
 *
 * @example
 * reduceWindow(new Float64Array([1, 2, 3, 4, 5]), [5], "sum", { windowDimensions: [2], windowStrides: [1],
 *   padding: [[0, 0]], baseDilation: [1], windowDilation: [1] }); // [3, 5, 7, 9]
 */
export function reduceWindow(x: TypedArray, shape: Shape, op: WindowReduction, params: WindowParams): TypedArray {
  const outShape = reduceWindowShape(shape, params);
  checkSize("reduce_window", x, shape);
  const dtype = dtypeOfTypedArray(x);
  if (dtype === "bool" && op === "sum") throw new DTypeError(`reduce_window: a sum of bool [${shape.join(", ")}] is not defined; cast the operand to int32 or a float dtype first`);
  const identity = reductionIdentity(op, dtype);
  let current: ArrayLike<number> = x;
  const currentShape = shape.slice();
  for (let d = 0; d < shape.length; d++) {
    const window = params.windowDimensions[d];
    const [low, high] = params.padding[d];
    const unchanged = window === 1 && params.windowStrides[d] === 1 && low === 0 && high === 0 && params.baseDilation[d] === 1;
    if (unchanged) continue;
    let outer = 1;
    for (let e = 0; e < d; e++) outer *= currentShape[e];
    let inner = 1;
    for (let e = d + 1; e < shape.length; e++) inner *= currentShape[e];
    const positions = outShape[d];
    const table = windowIndexTable(shape[d], positions, window, params.windowStrides[d], low, params.baseDilation[d], params.windowDilation[d], 1);
    const next = new Float64Array(outer * positions * inner);
    reduceAxis(current, next, outer, shape[d], inner, positions, window, table, op, identity);
    current = next;
    currentShape[d] = positions;
  }
  const out = allocate(dtype, current.length);
  out.set(current);
  return out;
}

// pooling derivatives

/**
 * For every window position of reduceWindowShape(shape, params), the flat
 * operand index of the element the window selects, or -1 when the window
 * holds no operand element. The selection is XLA SelectAndScatter's with
 * `ge` (max) or `le` (min): the window's elements are visited in row-major
 * order and a candidate replaces the current choice unless
 * `current >= candidate` (`<=` for min), so the first maximum wins ties and a
 * NaN is chosen when it comes last. Padding and holes are never selected.
 * Cost O(positions × window size × rank).
 *
 * @example
 * const p = { windowDimensions: [2], windowStrides: [1], padding: [[1, 0]], baseDilation: [1], windowDilation: [1] };
 * selectedIndices(new Float64Array([5, 5, 1]), [3], "max", p); // [0, 0, 1]: padding skipped, the first of a tie
 */
export function selectedIndices(operand: TypedArray, shape: Shape, select: WindowSelect, params: WindowParams): Int32Array {
  const outShape = reduceWindowShape(shape, params);
  checkSize("select_and_scatter_add", operand, shape);
  const rank = shape.length;
  const strides = new Array<number>(rank);
  for (let d = rank - 1, s = 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  const dims = params.windowDimensions;
  const tables = shape.map((size, d) =>
    windowIndexTable(size, outShape[d], dims[d], params.windowStrides[d], params.padding[d][0], params.baseDilation[d], params.windowDilation[d], strides[d]),
  );
  let windowSize = 1;
  for (const k of dims) windowSize *= k;
  // Axes with a one-element window add the same offset to every element of a window; only
  // the others ("active") are walked per element. Element w's index along active axis a is
  // elements[w * active.length + a] (row-major over the active axes = over all axes).
  const active = dims.map((_, d) => d).filter((d) => dims[d] !== 1);
  const fixed = dims.map((_, d) => d).filter((d) => dims[d] === 1);
  const activeTables = active.map((d) => tables[d]);
  const activeDims = active.map((d) => dims[d]);
  const rankActive = active.length;
  const elements = new Int32Array(windowSize * rankActive);
  for (let w = 0; w < windowSize; w++) {
    for (let a = rankActive - 1, rest = w; a >= 0; a--) {
      elements[w * rankActive + a] = rest % activeDims[a];
      rest = Math.floor(rest / activeDims[a]);
    }
  }
  let outSize = 1;
  for (const d of outShape) outSize *= d;
  const result = new Int32Array(outSize);
  const position = new Int32Array(rank);
  const rows = new Int32Array(rankActive);
  const isMax = select === "max";
  for (let flat = 0; flat < outSize; flat++) {
    let chosen = -1;
    let best = 0;
    let base = 0;
    for (const d of fixed) {
      const t = tables[d][position[d]];
      if (t < 0) {
        base = -1;
        break;
      }
      base += t;
    }
    if (base >= 0) {
      for (let a = 0; a < rankActive; a++) rows[a] = position[active[a]] * activeDims[a];
      for (let w = 0; w < windowSize; w++) {
        let at = base;
        for (let a = 0; a < rankActive; a++) {
          const t = activeTables[a][rows[a] + elements[w * rankActive + a]];
          if (t < 0) {
            at = -1;
            break;
          }
          at += t;
        }
        if (at < 0) continue;
        const v = operand[at];
        if (chosen < 0 || (isMax ? !(best >= v) : !(best <= v))) {
          chosen = at;
          best = v;
        }
      }
    }
    result[flat] = chosen;
    for (let d = rank - 1; d >= 0; d--) {
      if (++position[d] < outShape[d]) break;
      position[d] = 0;
    }
  }
  return result;
}

/**
 * The JVP of max (min) reduce_window: out[y] = tangent[the element window y
 * selects in `operand`] (0 for a window with no element), of the tangent's
 * dtype and reduceWindowShape(shape, params). `tangent` and `operand` both
 * have `shape`. This is JAX's `_select_and_gather_add`; unlike JAX it also
 * takes base and window dilation.
 *
 * @example
 * const p = { windowDimensions: [2], windowStrides: [1], padding: [[0, 0]], baseDilation: [1], windowDilation: [1] };
 * selectAndGatherAdd(new Float64Array([10, 20, 30]), new Float64Array([1, 3, 2]), [3], "max", p); // [20, 20]
 */
export function selectAndGatherAdd(tangent: TypedArray, operand: TypedArray, shape: Shape, select: WindowSelect, params: WindowParams): TypedArray {
  checkSize("select_and_gather_add", tangent, shape);
  const chosen = selectedIndices(operand, shape, select, params);
  const out = allocate(dtypeOfTypedArray(tangent), chosen.length);
  for (let i = 0; i < chosen.length; i++) if (chosen[i] >= 0) out[i] = tangent[chosen[i]];
  return out;
}

/**
 * XLA SelectAndScatter with `ge` (`le` for min) and add, the transpose of
 * selectAndGatherAdd and so the VJP of max (min) reduce_window: an array of
 * `shape` (the operand's), zero except that each source[y] (source has
 * reduceWindowShape(shape, params)) is added at the element window y
 * selects in `operand`. Float64 accumulation, result of the source's dtype.
 *
 * @example
 * const p = { windowDimensions: [2], windowStrides: [1], padding: [[0, 0]], baseDilation: [1], windowDilation: [1] };
 * selectAndScatterAdd(new Float64Array([1, 2]), new Float64Array([1, 3, 2]), [3], "max", p); // [0, 3, 0]
 */
export function selectAndScatterAdd(source: TypedArray, operand: TypedArray, shape: Shape, select: WindowSelect, params: WindowParams): TypedArray {
  const chosen = selectedIndices(operand, shape, select, params);
  if (source.length !== chosen.length) {
    throw new ShapeError(`select_and_scatter_add: source of ${source.length} elements for ${chosen.length} window positions of operand [${shape.join(", ")}]`);
  }
  const sums = new Float64Array(operand.length);
  for (let i = 0; i < chosen.length; i++) if (chosen[i] >= 0) sums[chosen[i]] += source[i];
  const out = allocate(dtypeOfTypedArray(source), operand.length);
  out.set(sums);
  return out;
}
