/**
 * Cases for the reductions: reduce_sum/max/min over random axis sets,
 * cumsum (both directions), argmax/argmin (value only).
 */
import fc from "fast-check";
import * as ops from "../../../lib/core/ops.ts";
import type { ConcreteTensor } from "../../../lib/core/tensor.ts";
import {
  avalStr,
  axesArb,
  distinctTensorArb,
  draw,
  real,
  reduceAxisRef,
  shapeArb,
  tensorArb,
  type Case,
  type Expected,
} from "../harness.ts";

/** Plain-JS reduction over sorted `axes`, one axis at a time from the last (so the earlier axes keep their numbers). */
function reduceRef(x: ConcreteTensor, axes: readonly number[], fn: (lane: number[]) => number): Expected {
  let current: Expected = { shape: x.shape, dtype: x.dtype, data: x.data };
  for (let k = axes.length - 1; k >= 0; k--) current = reduceAxisRef(current, axes[k], x.dtype, fn);
  return current;
}

const sum = (lane: number[]) => lane.reduce((a, b) => a + b, 0);

function cumsumRef(x: ConcreteTensor, axis: number, reverse: boolean): Expected {
  const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const d = x.shape[axis];
  const inner = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const data = new Float64Array(x.data.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let acc = 0;
      for (let j = 0; j < d; j++) {
        const at = (o * d + (reverse ? d - 1 - j : j)) * inner + i;
        acc += x.data[at];
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
    arb: shapeArb(1, 3)
      .chain((s) => fc.tuple(tensorArb(s, real(3)), axesArb(s.length)))
      .map(([x, axes]) => draw(`reduce_sum(${avalStr(x)}, axes=${axes})`, (t) => ops.reduceSum(t, axes), [x], () => reduceRef(x, axes, sum))),
  },
  ...(["reduce_max", "reduce_min"] as const).map(
    (prim): Case => ({
      kind: "diff",
      prim,
      name: prim,
      // pairwise distinct elements: a unique extremum in every lane (ties are tested in autodiff.spec.ts)
      arb: shapeArb(1, 3)
        .chain((s) => fc.tuple(distinctTensorArb(s), axesArb(s.length)))
        .map(([x, axes]) =>
          draw(
            `${prim}(${avalStr(x)}, axes=${axes})`,
            (t) => (prim === "reduce_max" ? ops.reduceMax(t, axes) : ops.reduceMin(t, axes)),
            [x],
            () => reduceRef(x, axes, (lane) => (prim === "reduce_max" ? Math.max(...lane) : Math.min(...lane))),
          ),
        ),
    }),
  ),
  {
    kind: "diff",
    prim: "cumsum",
    name: "cumsum",
    arb: shapeArb(1, 3)
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
      arb: shapeArb(1, 3)
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
            () => reduceAxisRef(x, axis, "int32", argRef(prim === "argmax" ? (a, b) => a > b : (a, b) => a < b)),
          ),
        ),
    }),
  ),
];
