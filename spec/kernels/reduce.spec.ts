/** Specs for reductions, arg-reductions and cumulative sums against naive index-walking references; the accuracy of the one summation. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { argReduce, cumulativeSum, reduce } from "../../lib/kernels/index.ts";
import type { ReduceOp } from "../../lib/kernels/index.ts";
import { allCoords, arrayArb, dtypeArb, exactSumValueArb, flatOf, sameValues, shapeArb, storeAll, valueArb } from "./naive.ts";

const IDENTITY: Record<ReduceOp, number> = { sum: 0, max: -Infinity, min: Infinity };

function combine(op: ReduceOp, acc: number, v: number): number {
  switch (op) {
    case "sum": return acc + v;
    case "max": return Number.isNaN(acc) || Number.isNaN(v) ? NaN : Math.max(acc, v);
    case "min": return Number.isNaN(acc) || Number.isNaN(v) ? NaN : Math.min(acc, v);
  }
}

/** Reduction by visiting every input element and adding it into its output cell. */
function naiveReduce(op: ReduceOp, x: ArrayLike<number>, shape: number[], axes: number[]): number[] {
  const outShape = shape.filter((_, d) => !axes.includes(d));
  const out = allCoords(outShape).map(() => IDENTITY[op]);
  allCoords(shape).forEach((coords, flat) => {
    const outCoords = coords.filter((_, d) => !axes.includes(d));
    const o = flatOf(outCoords, outShape);
    out[o] = combine(op, out[o], x[flat]);
  });
  return out;
}

const axesArb = (rank: number) =>
  fc.subarray(Array.from({ length: rank }, (_, i) => i)).map((axes) => [...axes].sort((a, b) => a - b));

describe("reduce", () => {
  it("matches a naive reduction over any axis subset", () => {
    // Sums get values whose sums are exact in any order.
    const caseArb = fc
      .constantFrom<ReduceOp>("sum", "max", "min")
      .chain((op) => arrayArb(shapeArb(), dtypeArb, op === "sum" ? exactSumValueArb : valueArb).map((x) => ({ op, x })))
      .chain(({ op, x }) => fc.record({ x: fc.constant(x), op: fc.constant(op), axes: axesArb(x.shape.length), outDtype: dtypeArb }));
    fc.assert(
      fc.property(caseArb, ({ x, op, axes, outDtype }) => {
        const got = reduce(op, x.data, x.shape, axes, outDtype);
        const want = storeAll(outDtype, naiveReduce(op, x.data, x.shape, axes));
        expect(sameValues(got, want)).toBeNull();
      }),
      { numRuns: 400 },
    );
  });

  it("reduces large leading, trailing and middle axes (pairwise sums, row accumulation)", () => {
    const shape = [13, 150, 5];
    const x = Float64Array.from({ length: 13 * 150 * 5 }, (_, i) => Math.sin(i) * 3);
    for (const axes of [[0], [1], [2], [0, 1], [1, 2], [0, 2], [0, 1, 2]]) {
      for (const op of ["sum", "max", "min"] as const) {
        const got = reduce(op, x, shape, axes, "float64");
        expect(sameValues(got, naiveReduce(op, x, shape, axes), 1e-12)).toBeNull();
      }
    }
  });

  it("gives identities for empty reductions and propagates NaN", () => {
    const empty = new Float64Array(0);
    expect(Array.from(reduce("sum", empty, [2, 0], [1], "float64"))).toEqual([0, 0]);
    expect(Array.from(reduce("max", empty, [0, 3], [0], "float64"))).toEqual([-Infinity, -Infinity, -Infinity]);
    expect(Array.from(reduce("min", empty, [0], [0], "float32"))).toEqual([Infinity]);
    expect(reduce("sum", empty, [0, 3], [1], "float64").length).toBe(0);
    const x = new Float64Array([1, NaN, 3, 4]);
    expect(Array.from(reduce("max", x, [2, 2], [1], "float64"))).toEqual([NaN, 4]);
    expect(Array.from(reduce("min", x, [2, 2], [0], "float64"))).toEqual([1, NaN]);
  });

  it("sums a million float32 values accurately", () => {
    const x = new Float32Array(1_000_000).fill(0.1);
    const total = reduce("sum", x, [1_000_000], [0], "float64")[0];
    expect(Math.abs(total - 1_000_000 * Math.fround(0.1))).toBeLessThan(1e-6);
  });
});

function naiveArg(op: "argmax" | "argmin", x: ArrayLike<number>, shape: number[], axis: number): number[] {
  const outShape = shape.filter((_, d) => d !== axis);
  return allCoords(outShape).map((outCoords) => {
    let best = 0;
    for (let j = 0; j < shape[axis]; j++) {
      const coords = [...outCoords.slice(0, axis), j, ...outCoords.slice(axis)];
      const v = x[flatOf(coords, shape)];
      if (Number.isNaN(v)) return j;
      const bestCoords = [...outCoords.slice(0, axis), best, ...outCoords.slice(axis)];
      const b = x[flatOf(bestCoords, shape)];
      if (op === "argmax" ? v > b : v < b) best = j;
    }
    return best;
  });
}

describe("argReduce", () => {
  it("finds the first extreme (first NaN wins) along an axis", () => {
    const caseArb = arrayArb(shapeArb(4, 4, 1).filter((s) => s.length > 0)).chain((x) =>
      fc.record({ x: fc.constant(x), op: fc.constantFrom<"argmax" | "argmin">("argmax", "argmin"), axis: fc.integer({ min: 0, max: x.shape.length - 1 }) }),
    );
    fc.assert(
      fc.property(caseArb, ({ x, op, axis }) => {
        const got = argReduce(op, x.data, x.shape, axis);
        expect(got).toBeInstanceOf(Int32Array);
        expect(Array.from(got)).toEqual(naiveArg(op, x.data, x.shape, axis));
      }),
      { numRuns: 300 },
    );
  });

  it("returns the index of the first NaN", () => {
    expect(Array.from(argReduce("argmax", new Float64Array([1, NaN, 5, NaN]), [4], 0))).toEqual([1]);
    expect(Array.from(argReduce("argmin", new Float64Array([3, 1, 1, 2]), [4], 0))).toEqual([1]);
    const columns = new Float64Array([0, NaN, 1, NaN, NaN, 5, NaN, 2, 9]);
    expect(Array.from(argReduce("argmax", columns, [3, 3], 0))).toEqual([1, 0, 2]);
    expect(Array.from(argReduce("argmin", columns, [3, 3], 0))).toEqual([1, 0, 0]);
  });
});

function naiveScan(x: ArrayLike<number>, shape: number[], axis: number, reverse: boolean): number[] {
  return allCoords(shape).map((coords) => {
    // A reverse scan accumulates from the end of the axis, like flip(cumsum(flip(x))).
    let acc = 0;
    const order = Array.from({ length: shape[axis] }, (_, j) => (reverse ? shape[axis] - 1 - j : j));
    for (const j of order) {
      if (reverse ? j < coords[axis] : j > coords[axis]) continue;
      const source = [...coords];
      source[axis] = j;
      acc += x[flatOf(source, shape)];
    }
    return acc;
  });
}

describe("cumulativeSum", () => {
  it("matches a naive inclusive running sum in both directions", () => {
    const caseArb = arrayArb(shapeArb().filter((s) => s.length > 0)).chain((x) =>
      fc.record({
        x: fc.constant(x),
        axis: fc.integer({ min: 0, max: x.shape.length - 1 }),
        reverse: fc.boolean(),
        outDtype: dtypeArb,
      }),
    );
    fc.assert(
      fc.property(caseArb, ({ x, axis, reverse, outDtype }) => {
        const got = cumulativeSum(x.data, x.shape, axis, reverse, outDtype);
        const want = storeAll(outDtype, naiveScan(x.data, x.shape, axis, reverse));
        expect(sameValues(got, want, outDtype === "int32" ? 0 : 1e-9)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * The exact sum of `xs` correctly rounded to a double, as Python's math.fsum: Shewchuk's non-overlapping
 * partials, added from the largest until a sum is inexact, then fsum's half-way correction (without it the
 * last rounding can be an ulp off: [2.9e-69, -4.42e-54, -2.74e-54] came out one ulp past the exact sum).
 */
function exactSum(xs: ArrayLike<number>): number {
  const partials: number[] = [];
  for (let k = 0; k < xs.length; k++) {
    let x = xs[k];
    let i = 0;
    for (let j = 0; j < partials.length; j++) {
      let y = partials[j];
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[i++] = lo;
      x = hi;
    }
    partials.length = i;
    partials.push(x);
  }
  let n = partials.length;
  let hi = 0;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n];
    hi = x + y;
    lo = y - (hi - x);
    if (lo !== 0) break;
  }
  // the rest would round hi the other way at a tie: make it so when the next partial has lo's sign
  if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  return hi;
}

describe("the summation of every sum (compensatedSum)", () => {
  const u = 2 ** -53;

  it("is exact where plain and pairwise summation lose the small terms: 2e16 + 2·126 - 2e16 = 252", () => {
    const x = new Float64Array([2e16, ...new Array<number>(126).fill(2), -2e16]);
    expect(reduce("sum", x, [128], [0], "float64")[0]).toBe(252);
    // along a kept inner axis (row accumulation) as well
    const columns = new Float64Array(128 * 2);
    x.forEach((v, i) => ((columns[2 * i] = v), (columns[2 * i + 1] = -v)));
    expect(Array.from(reduce("sum", columns, [128, 2], [0], "float64"))).toEqual([252, -252]);
  });

  it("is within u·|Σx| + n·u²·Σ|x| of the exact sum (pairwise: up to log₂(n)·u·Σ|x|)", () => {
    const value = fc
      .tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.integer({ min: -40, max: 40 }))
      .map(([m, e]) => m * 2 ** e);
    // a random vector, then most of it again with the sign flipped: heavy cancellation
    const vector = fc
      .tuple(fc.array(value, { minLength: 1, maxLength: 600 }), fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([a, keep]) => Float64Array.from([...a, ...a.slice(0, Math.floor(keep * a.length)).map((v) => -v)]));
    fc.assert(
      fc.property(vector, (x) => {
        const got = reduce("sum", x, [x.length], [0], "float64")[0];
        const exact = exactSum(x);
        // the error against the real sum Σx, itself computed exactly (then rounded): got - Σx. Against the rounded
        // sum `exact` it could be an ulp where Σx lies just off a tie: [1.3993251002375473e-12, -5e-324,
        // 0.9999999999999981] sums to 1.0000000000013975, half an ulp and 5e-324 from Σx, a whole ulp from `exact`.
        const error = exactSum([got, ...Array.from(x, (v) => -v)]);
        let magnitude = 0;
        for (const v of x) magnitude += Math.abs(v);
        expect(Math.abs(error)).toBeLessThanOrEqual(u * Math.abs(exact) + 2 * x.length * u * u * magnitude);
      }),
      { numRuns: 200 },
    );
  });

  it("gives infinities and NaN as plain summation does", () => {
    const sum = (values: number[]) => reduce("sum", Float64Array.from(values), [values.length], [0], "float64")[0];
    expect(sum([1, Infinity, 2])).toBe(Infinity);
    expect(sum([-Infinity, 1])).toBe(-Infinity);
    expect(sum([Infinity, -Infinity])).toBeNaN();
    expect(sum([1e308, 1e308, -1e308])).toBe(Infinity);
    expect(sum([1, NaN])).toBeNaN();
    expect(Object.is(sum([-0]), 0)).toBe(true);
  });
});
