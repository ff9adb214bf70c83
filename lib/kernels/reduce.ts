/**
 * Reductions (sum, max, min over any set of axes), arg-reductions and
 * cumulative sums on contiguous row-major arrays.
 *
 * Reductions collapse the shape into alternating runs of kept and reduced
 * axes and walk the input once in memory order: a reduced innermost run is a
 * contiguous loop into one output cell, a kept innermost run accumulates
 * whole rows into the output row. Accumulation is in doubles; every sum is
 * `compensatedSum` (shared with the fused loops of `lib/compile/`); max/min
 * propagate NaN.
 */
import { allocate } from "../array/dtype.ts";
import type { DType, TypedArray } from "../array/dtype.ts";
import { sizeOf } from "../array/shape.ts";
import type { Shape } from "../array/shape.ts";
import { compileOnce, KINDS, kindCode, kindOf, odometerStep, specialize } from "./compile.ts";
import { toStorage } from "./scalar.ts";
import { compensatedSum } from "./summation.ts";

export { compensatedSum };

/** Reduction operations. */
export type ReduceOp = "sum" | "max" | "min";

const IDENTITY: Record<ReduceOp, number> = { sum: 0, max: -Infinity, min: Infinity };

const OP_INDEX: Record<ReduceOp, number> = { sum: 0, max: 1, min: 2 };


/** Expressions combining the accumulator `acc` with the value `v` (max and min). */
const COMBINE: Record<Exclude<ReduceOp, "sum">, string> = {
  max: "Math.max(acc, v)",
  min: "Math.min(acc, v)",
};

/** `run(X, A, C, dims, os)`: reduces X into the accumulators A (and the sum errors C) along the collapsed `dims`. */
type ReduceLoop = (x: TypedArray, acc: Float64Array, err: Float64Array, dims: number[], outStrides: number[]) => void;

const reduceLoops = new Map<number, ReduceLoop>();

function reduceLoopSource(op: ReduceOp): string {
  const reducedRun =
    op === "sum"
      ? `let s = A[io], c = C[io]; const end = ix + inner; for (let i = ix; i < end; i++) { const v = X[i]; ${compensatedSum.add("s", "c", "v")} } A[io] = s; C[io] = c;`
      : `let acc = A[io]; const end = ix + inner; for (let i = ix; i < end; i++) { const v = X[i]; acc = ${COMBINE[op]}; } A[io] = acc;`;
  const keptRun =
    op === "sum"
      ? `for (let i = 0; i < inner; i++) { let s = A[io + i], c = C[io + i]; const v = X[ix + i]; ${compensatedSum.add("s", "c", "v")} A[io + i] = s; C[io + i] = c; }`
      : `for (let i = 0; i < inner; i++) { const acc = A[io + i]; const v = X[ix + i]; A[io + i] = ${COMBINE[op]}; }`;
  return `return function (X, A, C, dims, os) {
  const rank = dims.length;
  const inner = dims[rank - 1];
  const innerReduced = os[rank - 1] === 0;
  let outer = 1;
  for (let d = 0; d < rank - 1; d++) outer *= dims[d];
  const counter = new Int32Array(rank);
  let ix = 0, io = 0;
  for (let o = 0; o < outer; o++) {
    if (innerReduced) { ${reducedRun} } else { ${keptRun} }
    ix += inner;
    ${odometerStep(["io"], ["os"])}
  }
};`;
}

type StoreLoop = (acc: Float64Array, err: Float64Array, out: TypedArray) => void;

const storeLoops = new Map<number, StoreLoop>();

/** Writes the totals (sums: `compensatedSum.total`) into `out`, rounded as its dtype stores them. */
function storeTotals(op: ReduceOp, acc: Float64Array, err: Float64Array, out: TypedArray, outDtype: DType): void {
  const loop = specialize(storeLoops, OP_INDEX[op] * KINDS + kindCode(out), () =>
    compileOnce<StoreLoop>(`reduce-store:${op}:${kindOf(out)}`, () => {
      const value = op === "sum" ? compensatedSum.total("A[i]", "C[i]") : "A[i]";
      const store = outDtype === "bool" ? toStorage(value, "bool") : value;
      return `return function (A, C, O) { for (let i = 0; i < O.length; i++) O[i] = ${store}; };`;
    }),
  );
  loop(acc, err, out);
}

/** Reduces `x` over the sorted unique `axes`; the output shape drops those axes. Empty reductions give the identity. */
export function reduce(op: ReduceOp, x: TypedArray, shape: Shape, axes: readonly number[], outDtype: DType): TypedArray {
  const reducedAxis = new Array<boolean>(shape.length).fill(false);
  for (const axis of axes) reducedAxis[axis] = true;
  // Collapse: drop size-1 axes, merge neighbours that are both kept or both reduced.
  const dims: number[] = [];
  const reducedGroup: boolean[] = [];
  let outSize = 1;
  for (let axis = 0; axis < shape.length; axis++) {
    const size = shape[axis];
    if (!reducedAxis[axis]) outSize *= size;
    if (size === 1) continue;
    const last = dims.length - 1;
    if (last >= 0 && reducedGroup[last] === reducedAxis[axis]) dims[last] *= size;
    else {
      dims.push(size);
      reducedGroup.push(reducedAxis[axis]);
    }
  }
  const out = allocate(outDtype, outSize);
  if (outSize === 0) return out;
  // float64 results accumulate in place; the totals overwrite their own accumulators
  const acc = outDtype === "float64" ? (out as Float64Array) : new Float64Array(outSize);
  const err = new Float64Array(op === "sum" ? outSize : 0);
  if (!reducedGroup.includes(true) || x.length === 0) {
    // nothing to reduce: each output is its one input, or the identity for an empty input
    if (x.length === 0) acc.fill(IDENTITY[op]);
    else acc.set(x);
    // a sum of one term is still 0 + x (so -0 gives 0, as from the loop and the fused loops)
    if (op === "sum") for (let i = 0; i < outSize; i++) acc[i] += 0;
  } else {
    const outStrides = new Array<number>(dims.length);
    let stride = 1;
    for (let d = dims.length - 1; d >= 0; d--) {
      outStrides[d] = reducedGroup[d] ? 0 : stride;
      if (!reducedGroup[d]) stride *= dims[d];
    }
    acc.fill(IDENTITY[op]);
    const loop = specialize(reduceLoops, OP_INDEX[op] * KINDS + kindCode(x), () =>
      compileOnce<ReduceLoop>(`reduce:${op}:${kindOf(x)}`, () => reduceLoopSource(op)),
    );
    loop(x, acc, err, dims, outStrides);
  }
  if (op === "sum" || acc !== out) storeTotals(op, acc, err, out, outDtype);
  return out;
}

/** Splits `shape` around `axis` into [outer, length, inner] element counts. */
function splitAtAxis(shape: Shape, axis: number): [number, number, number] {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i];
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i];
  return [outer, shape[axis], inner];
}

/** Index of the first maximum (argmax) or minimum (argmin) along `axis`; a NaN counts as the extreme. Empty axes give 0. */
export function argReduce(op: "argmax" | "argmin", x: TypedArray, shape: Shape, axis: number): Int32Array {
  const [outer, length, inner] = splitAtAxis(shape, axis);
  const out = new Int32Array(outer * inner);
  if (length === 0 || out.length === 0) return out;
  const sign = op === "argmax" ? 1 : -1;
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      const base = o * length;
      let best = sign * x[base];
      let bestIndex = 0;
      for (let j = 1; j < length && best === best; j++) {
        const v = sign * x[base + j];
        if (v > best || v !== v) {
          best = v;
          bestIndex = j;
        }
      }
      out[o] = bestIndex;
    }
    return out;
  }
  const best = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    const base = o * length * inner;
    const outBase = o * inner;
    for (let k = 0; k < inner; k++) best[k] = sign * x[base + k];
    for (let j = 1; j < length; j++) {
      const rowBase = base + j * inner;
      for (let k = 0; k < inner; k++) {
        const current = best[k];
        const v = sign * x[rowBase + k];
        if (v > current || (v !== v && current === current)) {
          best[k] = v;
          out[outBase + k] = j;
        }
      }
    }
  }
  return out;
}

type ScanLoop = (x: TypedArray, out: TypedArray, outer: number, length: number, inner: number, reverse: boolean) => void;

const scanLoops = new Map<number, ScanLoop>();

function scanLoopSource(store: string): string {
  return `return function (X, O, outer, length, inner, reverse) {
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      const base = o * length;
      let r = 0;
      if (reverse) {
        for (let j = base + length - 1; j >= base; j--) { r += X[j]; O[j] = ${store}; }
      } else {
        for (let j = base; j < base + length; j++) { r += X[j]; O[j] = ${store}; }
      }
    }
    return;
  }
  const row = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    row.fill(0);
    const base = o * length * inner;
    for (let step = 0; step < length; step++) {
      const rowBase = base + (reverse ? length - 1 - step : step) * inner;
      for (let k = 0; k < inner; k++) {
        const r = row[k] + X[rowBase + k];
        row[k] = r; O[rowBase + k] = ${store};
      }
    }
  }
};`;
}

/** Inclusive running sum along `axis` (from the end when `reverse`), accumulated in doubles. */
export function cumulativeSum(x: TypedArray, shape: Shape, axis: number, reverse: boolean, outDtype: DType): TypedArray {
  const out = allocate(outDtype, sizeOf(shape));
  if (out.length === 0) return out;
  const [outer, length, inner] = splitAtAxis(shape, axis);
  const loop = specialize(scanLoops, kindCode(x) * KINDS + kindCode(out), () =>
    compileOnce<ScanLoop>(`cumsum:${kindOf(x)}:${kindOf(out)}`, () => scanLoopSource(outDtype === "bool" ? toStorage("r", "bool") : "r")),
  );
  loop(x, out, outer, length, inner, reverse);
  return out;
}
