/**
 * Reductions (sum, prod, max, min over any set of axes), arg-reductions and
 * inclusive scans on contiguous row-major arrays.
 *
 * Reductions collapse the shape into alternating runs of kept and reduced
 * axes and walk the input once in memory order: a reduced innermost run is a
 * contiguous loop (pairwise summation for sum, like numpy), a kept innermost
 * run accumulates whole rows into the output row. Accumulation is in doubles.
 * max/min propagate NaN.
 */
import { allocate } from "../array/dtype.ts";
import type { DType, TypedArray } from "../array/dtype.ts";
import { sizeOf } from "../array/shape.ts";
import type { Shape } from "../array/shape.ts";
import { compileOnce, kindCode, kindOf, odometerStep, specialize } from "./compile.ts";

/** Reduction operations. */
export type ReduceOp = "sum" | "max" | "min" | "prod";

const IDENTITY: Record<ReduceOp, number> = { sum: 0, prod: 1, max: -Infinity, min: Infinity };

const OP_INDEX: Record<ReduceOp, number> = { sum: 0, prod: 1, max: 2, min: 3 };

/** Expressions combining the accumulator `acc` with the value `v`. */
const COMBINE: Record<ReduceOp, string> = {
  sum: "acc + v",
  prod: "acc * v",
  max: "Math.max(acc, v)",
  min: "Math.min(acc, v)",
};

/** Source of `run(X, start, n)`: the reduction of the contiguous run X[start, start + n). */
function runSource(op: ReduceOp): string {
  if (op !== "sum") {
    return `function run(X, start, n) { let acc = ${IDENTITY[op]}; const end = start + n; for (let i = start; i < end; i++) { const v = X[i]; acc = ${COMBINE[op]}; } return acc; }`;
  }
  // numpy's pairwise summation: 8 accumulators over blocks of at most 128, halves above that.
  return `function run(X, start, n) {
  if (n < 8) { let s = -0; for (let i = start; i < start + n; i++) s += X[i]; return s; }
  if (n <= 128) {
    let r0 = X[start], r1 = X[start + 1], r2 = X[start + 2], r3 = X[start + 3];
    let r4 = X[start + 4], r5 = X[start + 5], r6 = X[start + 6], r7 = X[start + 7];
    const blockEnd = start + n - (n % 8);
    let i = start + 8;
    for (; i < blockEnd; i += 8) {
      r0 += X[i]; r1 += X[i + 1]; r2 += X[i + 2]; r3 += X[i + 3];
      r4 += X[i + 4]; r5 += X[i + 5]; r6 += X[i + 6]; r7 += X[i + 7];
    }
    let s = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < start + n; i++) s += X[i];
    return s;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return run(X, start, half) + run(X, start + half, n - half);
}`;
}

type ReduceLoop = (x: TypedArray, acc: Float64Array, dims: number[], outStrides: number[]) => void;

const reduceLoops = new Map<number, ReduceLoop>();

function reduceLoopSource(op: ReduceOp): string {
  return `${runSource(op)}
return function (X, A, dims, os) {
  const rank = dims.length;
  const inner = dims[rank - 1];
  const innerReduced = os[rank - 1] === 0;
  let outer = 1;
  for (let d = 0; d < rank - 1; d++) outer *= dims[d];
  const counter = new Int32Array(rank);
  let ix = 0, io = 0;
  for (let o = 0; o < outer; o++) {
    if (innerReduced) {
      const acc = A[io]; const v = run(X, ix, inner); A[io] = ${COMBINE[op]};
    } else {
      for (let i = 0; i < inner; i++) { const acc = A[io + i]; const v = X[ix + i]; A[io + i] = ${COMBINE[op]}; }
    }
    ix += inner;
    ${odometerStep(["io"], ["os"])}
  }
};`;
}

function storeInto(out: TypedArray, outDtype: DType, values: Float64Array): void {
  if (outDtype === "bool") {
    for (let i = 0; i < values.length; i++) out[i] = values[i] !== 0 ? 1 : 0;
  } else {
    out.set(values);
  }
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
  const acc = outDtype === "float64" ? (out as Float64Array) : new Float64Array(outSize);
  if (!reducedGroup.includes(true) || x.length === 0) {
    if (x.length === 0) acc.fill(IDENTITY[op]);
    else acc.set(x);
  } else {
    const outStrides = new Array<number>(dims.length);
    let stride = 1;
    for (let d = dims.length - 1; d >= 0; d--) {
      outStrides[d] = reducedGroup[d] ? 0 : stride;
      if (!reducedGroup[d]) stride *= dims[d];
    }
    acc.fill(IDENTITY[op]);
    const loop = specialize(reduceLoops, OP_INDEX[op] * 4 + kindCode(x), () =>
      compileOnce<ReduceLoop>(`reduce:${op}:${kindOf(x)}`, () => reduceLoopSource(op)),
    );
    loop(x, acc, dims, outStrides);
  }
  if (acc !== out) storeInto(out, outDtype, acc);
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

function scanLoopSource(op: ReduceOp, store: string): string {
  const identity = IDENTITY[op];
  return `return function (X, O, outer, length, inner, reverse) {
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      const base = o * length;
      let acc = ${identity};
      if (reverse) {
        for (let j = base + length - 1; j >= base; j--) { const v = X[j]; acc = ${COMBINE[op]}; const r = acc; O[j] = ${store}; }
      } else {
        for (let j = base; j < base + length; j++) { const v = X[j]; acc = ${COMBINE[op]}; const r = acc; O[j] = ${store}; }
      }
    }
    return;
  }
  const row = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    row.fill(${identity});
    const base = o * length * inner;
    for (let step = 0; step < length; step++) {
      const rowBase = base + (reverse ? length - 1 - step : step) * inner;
      for (let k = 0; k < inner; k++) {
        const acc = row[k]; const v = X[rowBase + k]; const r = ${COMBINE[op]};
        row[k] = r; O[rowBase + k] = ${store};
      }
    }
  }
};`;
}

/** Inclusive scan of `op` along `axis` (from the end when `reverse`), accumulated in doubles. */
export function cumulative(
  op: "sum" | "prod" | "max" | "min",
  x: TypedArray,
  shape: Shape,
  axis: number,
  reverse: boolean,
  outDtype: DType,
): TypedArray {
  const out = allocate(outDtype, sizeOf(shape));
  if (out.length === 0) return out;
  const [outer, length, inner] = splitAtAxis(shape, axis);
  const loop = specialize(scanLoops, (OP_INDEX[op] * 4 + kindCode(x)) * 4 + kindCode(out), () =>
    compileOnce<ScanLoop>(`scan:${op}:${kindOf(x)}:${kindOf(out)}`, () =>
      scanLoopSource(op, outDtype === "bool" ? "r !== 0 ? 1 : 0" : "r"),
    ),
  );
  loop(x, out, outer, length, inner, reverse);
  return out;
}
