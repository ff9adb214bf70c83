/**
 * Cases for the cumulative reductions besides cumsum: cumprod (with zeros
 * in some draws, where a derivative through division would be wrong),
 * cummax and cummin (distinct elements: away from ties, where the running
 * extremum has a kink), along a random axis in either direction.
 */
import fc from "fast-check";
import * as ops from "../../../lib/core/ops.ts";
import { dataOf, type ConcreteTensor } from "../../../lib/core/tensor.ts";
import { avalStr, distinctTensorArb, draw, real, shapeArb, tensorArb, type Case, type Expected } from "../harness.ts";

/** The running `step` of the lanes along `axis`, in plain JS. */
function runningRef(x: ConcreteTensor, axis: number, reverse: boolean, step: (acc: number, v: number) => number, identity: number): Expected {
  const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const d = x.shape[axis];
  const inner = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const data = new Float64Array(dataOf(x).length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let acc = identity;
      for (let j = 0; j < d; j++) {
        const at = (o * d + (reverse ? d - 1 - j : j)) * inner + i;
        acc = step(acc, dataOf(x)[at]);
        data[at] = acc;
      }
    }
  }
  return { shape: x.shape, dtype: "float64", data };
}

const axisAndDirection = (s: readonly number[]) => fc.tuple(fc.integer({ min: 0, max: s.length - 1 }), fc.boolean());

/** Elements in [-2, 2], about one in four exactly 0. */
const withZeros = fc.oneof({ arbitrary: real(2), weight: 3 }, { arbitrary: fc.constant(0), weight: 1 });

export const cumulativeCases: Case[] = [
  {
    kind: "diff",
    prim: "cumprod",
    name: "cumprod",
    arb: shapeArb(1, 3)
      .chain((s) => fc.tuple(tensorArb(s, withZeros), axisAndDirection(s)))
      .map(([x, [axis, reverse]]) =>
        draw(`cumprod(${avalStr(x)}, axis=${axis}, reverse=${reverse})`, (t) => ops.cumprod(t, axis, reverse), [x], () =>
          runningRef(x, axis, reverse, (a, v) => a * v, 1),
        ),
      ),
  },
  ...(["cummax", "cummin"] as const).map(
    (prim): Case => ({
      kind: "diff",
      prim,
      name: prim,
      // pairwise distinct elements (0.4 apart): no ties, so no kinks within the difference step
      arb: shapeArb(1, 3)
        .chain((s) => fc.tuple(distinctTensorArb(s), axisAndDirection(s)))
        .map(([x, [axis, reverse]]) =>
          draw(
            `${prim}(${avalStr(x)}, axis=${axis}, reverse=${reverse})`,
            (t) => (prim === "cummax" ? ops.cummax(t, axis, reverse) : ops.cummin(t, axis, reverse)),
            [x],
            () => runningRef(x, axis, reverse, prim === "cummax" ? Math.max : Math.min, prim === "cummax" ? -Infinity : Infinity),
          ),
        ),
    }),
  ),
];
