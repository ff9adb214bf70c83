/**
 * The sort kernel against a naive reference: a stable insertion sort of each
 * lane's positions under the total order (-∞ < … < -0 < +0 < … < +∞ < NaN),
 * keys compared lexicographically; every dtype, any axis, several operands.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { sort } from "../../lib/kernels/sort.ts";
import { sizeOf } from "../../lib/array/shape.ts";
import { arrayArb, dataArb, shapeArb } from "./naive.ts";
import type { DType, TypedArray } from "../../lib/array/dtype.ts";

/** -1, 0, 1 in the total order (NaN last and equal to NaN, -0 before +0). */
function compare(a: number, b: number): number {
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  if (an || bn) return an && bn ? 0 : an ? 1 : -1;
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === 0 && b === 0) return Object.is(a, b) ? 0 : Object.is(a, -0) ? -1 : 1;
  return 0;
}

function naiveSort(operands: readonly TypedArray[], shape: readonly number[], axis: number, numKeys: number): number[][] {
  const outer = sizeOf(shape.slice(0, axis));
  const n = shape[axis];
  const inner = sizeOf(shape.slice(axis + 1));
  const outs = operands.map((x) => Array.from(x));
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = (k: number) => (o * n + k) * inner + i;
      const order = Array.from({ length: n }, (_, k) => k);
      // insertion sort: stable by construction
      for (let j = 1; j < n; j++) {
        for (let k = j; k > 0; k--) {
          let c = 0;
          for (let key = 0; key < numKeys && c === 0; key++) c = compare(operands[key][at(order[k - 1])], operands[key][at(order[k])]);
          if (c <= 0) break;
          [order[k - 1], order[k]] = [order[k], order[k - 1]];
        }
      }
      operands.forEach((x, t) => order.forEach((k, j) => (outs[t][at(j)] = x[at(k)])));
    }
  }
  return outs;
}

const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));

/** Values with ties, zeros of both signs, infinities and NaNs. */
const tieValues = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 0.5));

describe("sort kernel", () => {
  it("sorts one operand along any axis in the total order (NaN last, -0 before +0), every dtype", () => {
    fc.assert(
      fc.property(
        arrayArb(shapeArb(3, 5, 1).filter((s) => s.length > 0), undefined, tieValues).chain((x) => fc.tuple(fc.constant(x), fc.integer({ min: 0, max: x.shape.length - 1 }))),
        ([x, axis]) => {
          const [got] = sort([x.data], x.shape, axis, 1);
          expect(got.constructor).toBe(x.data.constructor);
          expect(sameBits(got, naiveSort([x.data], x.shape, axis, 1)[0])).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("permutes several operands by the first numKeys, lexicographically and stably", () => {
    const caseArb = fc
      .tuple(shapeArb(3, 6, 1).filter((s) => s.length > 0), fc.integer({ min: 1, max: 3 }), fc.constantFrom<DType>("float64", "int32", "float32"))
      .chain(([shape, count, dtype]) =>
        fc.tuple(
          fc.constant(shape),
          fc.tuple(...Array.from({ length: count + 1 }, () => dataArb(dtype, sizeOf(shape), tieValues))),
          fc.integer({ min: 0, max: shape.length - 1 }),
          fc.integer({ min: 1, max: count }),
        ),
      );
    fc.assert(
      fc.property(caseArb, ([shape, operands, axis, numKeys]) => {
        const got = sort(operands, shape, axis, numKeys);
        const want = naiveSort(operands, shape, axis, numKeys);
        got.forEach((g, t) => expect(sameBits(g, want[t]), `operand ${t}`).toBe(true));
      }),
      { numRuns: 300 },
    );
  });

  it("sorts long lanes (the merge passes) stably: an iota payload orders equal keys by position", () => {
    const n = 1000;
    const keys = Float64Array.from({ length: n }, (_, i) => (i * 7919) % 13);
    const iota = Int32Array.from({ length: n }, (_, i) => i);
    const [k, perm] = sort([keys, iota], [n], 0, 1);
    for (let j = 1; j < n; j++) {
      expect(k[j - 1] <= k[j]).toBe(true);
      if (k[j - 1] === k[j]) expect(perm[j - 1] < perm[j]).toBe(true);
    }
  });
});
