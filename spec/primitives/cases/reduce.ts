/**
 * Cases for the reductions: reduce_sum/max/min over random axis sets,
 * cumsum (both directions), argmax/argmin (value only).
 */
import fc from "fast-check";
import * as ops from "../../../lib/core/ops.ts";
import { dataOf, type ConcreteTensor, type Tensor } from "../../../lib/core/tensor.ts";
import {
  avalStr,
  axesArb,
  distinctTensorArb,
  draw,
  edgeDraw,
  mixedShapeArb,
  real,
  reduceAxisRef,
  tensorArb,
  tieValue,
  type Case,
  type Expected,
} from "../harness.ts";

/** Plain-JS reduction over sorted `axes`, one axis at a time from the last (so the earlier axes keep their numbers). */
function reduceRef(x: ConcreteTensor, axes: readonly number[], fn: (lane: number[]) => number): Expected {
  let current: Expected = { shape: x.shape, dtype: x.dtype, data: dataOf(x) };
  for (let k = axes.length - 1; k >= 0; k--) current = reduceAxisRef(current, axes[k], x.dtype, fn);
  return current;
}

const sum = (lane: number[]) => lane.reduce((a, b) => a + b, 0);

const extremum = (prim: "reduce_max" | "reduce_min") => (lane: number[]) => (prim === "reduce_max" ? Math.max(...lane) : Math.min(...lane));

const bindReduce = (prim: "reduce_max" | "reduce_min", axes: readonly number[]) => (t: Tensor) =>
  prim === "reduce_max" ? ops.reduceMax(t, axes) : ops.reduceMin(t, axes);

/** The tangent of reduce_max/min by JAX's convention: per output cell, the mean of t over the positions whose x attains the extremum. */
function tiedMeanRef(x: ConcreteTensor, t: ConcreteTensor, axes: readonly number[], pick: (lane: number[]) => number): Expected {
  const outShape = x.shape.filter((_, d) => !axes.includes(d));
  const lanes = new Map<number, { xs: number[]; ts: number[] }>();
  const rank = x.shape.length;
  for (let flat = 0; flat < dataOf(x).length; flat++) {
    // the output cell of input position `flat`: its coordinates on the kept axes
    let rest = flat;
    let cell = 0;
    let stride = 1;
    for (let d = rank - 1; d >= 0; d--) {
      const c = rest % x.shape[d];
      rest = Math.floor(rest / x.shape[d]);
      if (!axes.includes(d)) {
        cell += c * stride;
        stride *= x.shape[d];
      }
    }
    const lane = lanes.get(cell) ?? { xs: [], ts: [] };
    lane.xs.push(dataOf(x)[flat]);
    lane.ts.push(dataOf(t)[flat]);
    lanes.set(cell, lane);
  }
  const n = outShape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(n);
  for (let cell = 0; cell < n; cell++) {
    const { xs, ts } = lanes.get(cell)!;
    const best = pick(xs);
    const hits = ts.filter((_, i) => xs[i] === best);
    data[cell] = hits.reduce((a, b) => a + b, 0) / hits.length;
  }
  return { shape: outShape, dtype: "float64", data };
}

function cumsumRef(x: ConcreteTensor, axis: number, reverse: boolean): Expected {
  const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const d = x.shape[axis];
  const inner = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const data = new Float64Array(dataOf(x).length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let acc = 0;
      for (let j = 0; j < d; j++) {
        const at = (o * d + (reverse ? d - 1 - j : j)) * inner + i;
        acc += dataOf(x)[at];
        data[at] = acc;
      }
    }
  }
  return { shape: x.shape, dtype: "float64", data };
}

/** The first index of the extreme along a lane (numpy's tie rule); a NaN is the extreme, so the first NaN wins. */
function argRef(better: (a: number, b: number) => boolean) {
  return (lane: number[]) => {
    const nan = lane.findIndex(Number.isNaN);
    return nan >= 0 ? nan : lane.reduce((best, v, i) => (better(v, lane[best]) ? i : best), 0);
  };
}

export const reduceCases: Case[] = [
  {
    kind: "diff",
    prim: "reduce_sum",
    name: "reduce_sum",
    arb: mixedShapeArb(1, 3)
      .chain((s) => fc.tuple(tensorArb(s, real(3)), axesArb(s.length)))
      .map(([x, axes]) => draw(`reduce_sum(${avalStr(x)}, axes=${axes})`, (t) => ops.reduceSum(t, axes), [x], () => reduceRef(x, axes, sum))),
  },
  ...(["reduce_max", "reduce_min"] as const).map(
    (prim): Case => ({
      kind: "diff",
      prim,
      name: prim,
      // pairwise distinct elements: a unique extremum in every lane; at an edge, values from a small set, so
      // extrema tie within lanes (the tangent is the mean of the tied positions' tangents, as JAX)
      arb: fc.oneof(
        {
          weight: 3,
          arbitrary: mixedShapeArb(1, 3)
            .chain((s) => fc.tuple(distinctTensorArb(s), axesArb(s.length)))
            .map(([x, axes]) => draw(`${prim}(${avalStr(x)}, axes=${axes})`, bindReduce(prim, axes), [x], () => reduceRef(x, axes, extremum(prim)))),
        },
        {
          weight: 1,
          arbitrary: mixedShapeArb(1, 3)
            .chain((s) => fc.tuple(tensorArb(s, tieValue), axesArb(s.length)))
            .map(([x, axes]) =>
              edgeDraw(`${prim}(${avalStr(x)}, axes=${axes})`, bindReduce(prim, axes), [x], () => reduceRef(x, axes, extremum(prim)), ([t]) => tiedMeanRef(x, t, axes, extremum(prim))),
            ),
        },
      ),
    }),
  ),
  {
    kind: "diff",
    prim: "cumsum",
    name: "cumsum",
    arb: mixedShapeArb(1, 3)
      .chain((s) => fc.tuple(tensorArb(s, real(3)), fc.integer({ min: 0, max: s.length - 1 }), fc.boolean()))
      .map(([x, axis, reverse]) =>
        draw(`cumsum(${avalStr(x)}, axis=${axis}, reverse=${reverse})`, (t) => ops.cumsum(t, axis, reverse), [x], () =>
          cumsumRef(x, axis, reverse),
        ),
      ),
  },
  ...(["argmax", "argmin"] as const).map(
    (prim): Case => ({
      kind: "value",
      prim,
      name: prim,
      // small integers make ties common: the first index wins, as in numpy; so does the first NaN
      arb: mixedShapeArb(1, 3)
        .chain((s) =>
          fc.tuple(
            tensorArb(s, fc.oneof({ arbitrary: fc.integer({ min: -2, max: 2 }), weight: 5 }, { arbitrary: real(3), weight: 5 }, { arbitrary: fc.constantFrom(NaN, Infinity, -Infinity), weight: 1 })),
            fc.integer({ min: 0, max: s.length - 1 }),
          ),
        )
        .map(([x, axis]) =>
          draw(
            `${prim}(${avalStr(x)}, axis=${axis})`,
            (t) => (prim === "argmax" ? ops.argmax(t, axis) : ops.argmin(t, axis)),
            [x],
            () => reduceAxisRef({ shape: x.shape, data: dataOf(x) }, axis, "int32", argRef(prim === "argmax" ? (a, b) => a > b : (a, b) => a < b)),
          ),
        ),
    }),
  ),
];
