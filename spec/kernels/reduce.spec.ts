/** Specs for reductions, arg-reductions and scans against naive index-walking references. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { argReduce, cumulative, reduce } from "../../lib/kernels/index.ts";
import type { ReduceOp } from "../../lib/kernels/index.ts";
import { allCoords, arrayArb, dtypeArb, exactSumValueArb, flatOf, sameValues, shapeArb, storeAll, valueArb } from "./naive.ts";

const IDENTITY: Record<ReduceOp, number> = { sum: 0, prod: 1, max: -Infinity, min: Infinity };

function combine(op: ReduceOp, acc: number, v: number): number {
  switch (op) {
    case "sum": return acc + v;
    case "prod": return acc * v;
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
    // Sums and products regroup terms (pairwise summation), so they get values that keep that exact.
    const caseArb = fc
      .constantFrom<ReduceOp>("sum", "prod", "max", "min")
      .chain((op) => arrayArb(shapeArb(), dtypeArb, op === "sum" || op === "prod" ? exactSumValueArb : valueArb).map((x) => ({ op, x })))
      .chain(({ op, x }) => fc.record({ x: fc.constant(x), op: fc.constant(op), axes: axesArb(x.shape.length), outDtype: dtypeArb }));
    fc.assert(
      fc.property(caseArb, ({ x, op, axes, outDtype: requested }) => {
        // Regrouped float products may round differently, which truncation to int/bool would magnify.
        const floatProduct = op === "prod" && (x.dtype === "float64" || x.dtype === "float32");
        const outDtype = floatProduct && (requested === "int32" || requested === "bool") ? "float64" : requested;
        const got = reduce(op, x.data, x.shape, axes, outDtype);
        const want = storeAll(outDtype, naiveReduce(op, x.data, x.shape, axes));
        const tolerance = op === "prod" && outDtype !== "int32" && outDtype !== "bool" ? 1e-9 : 0;
        expect(sameValues(got, want, tolerance)).toBeNull();
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
    expect(Array.from(reduce("prod", empty, [0], [0], "float64"))).toEqual([1]);
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

function naiveScan(op: ReduceOp, x: ArrayLike<number>, shape: number[], axis: number, reverse: boolean): number[] {
  return allCoords(shape).map((coords) => {
    // A reverse scan accumulates from the end of the axis, like flip(cumsum(flip(x))).
    let acc = IDENTITY[op];
    const order = Array.from({ length: shape[axis] }, (_, j) => (reverse ? shape[axis] - 1 - j : j));
    for (const j of order) {
      if (reverse ? j < coords[axis] : j > coords[axis]) continue;
      const source = [...coords];
      source[axis] = j;
      acc = combine(op, acc, x[flatOf(source, shape)]);
    }
    return acc;
  });
}

describe("cumulative", () => {
  it("matches a naive inclusive scan in both directions", () => {
    const caseArb = arrayArb(shapeArb().filter((s) => s.length > 0)).chain((x) =>
      fc.record({
        x: fc.constant(x),
        op: fc.constantFrom<ReduceOp>("sum", "prod", "max", "min"),
        axis: fc.integer({ min: 0, max: x.shape.length - 1 }),
        reverse: fc.boolean(),
        outDtype: dtypeArb,
      }),
    );
    fc.assert(
      fc.property(caseArb, ({ x, op, axis, reverse, outDtype }) => {
        const got = cumulative(op, x.data, x.shape, axis, reverse, outDtype);
        const want = storeAll(outDtype, naiveScan(op, x.data, x.shape, axis, reverse));
        expect(sameValues(got, want, outDtype === "int32" ? 0 : 1e-9)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});
