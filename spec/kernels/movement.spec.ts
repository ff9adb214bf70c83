/** Specs for the data-movement kernels against naive multi-index references (gather and scatter: gather.spec.ts). */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  broadcastInDim,
  concatenate,
  eye,
  iota,
  pad,
  slice,
  transpose,
} from "../../lib/kernels/index.ts";
import type { DType } from "../../lib/array/dtype.ts";
import { sizeOf } from "../../lib/array/shape.ts";
import { allCoords, arrayArb, dataArb, dtypeArb, flatOf, sameValues, shapeArb, storeAll } from "./naive.ts";

const permutationArb = (rank: number) =>
  fc.shuffledSubarray(Array.from({ length: rank }, (_, i) => i), { minLength: rank, maxLength: rank });

describe("transpose", () => {
  it("matches per-element index permutation (small and tiled sizes)", () => {
    const shapes = fc.oneof(shapeArb(), shapeArb(3, 12));
    const caseArb = arrayArb(shapes).chain((x) => fc.record({ x: fc.constant(x), perm: permutationArb(x.shape.length) }));
    fc.assert(
      fc.property(caseArb, ({ x, perm }) => {
        const got = transpose(x.data, x.shape, perm);
        const outShape = perm.map((p) => x.shape[p]);
        const want = allCoords(outShape).map((outCoords) => {
          const coords = new Array<number>(perm.length);
          perm.forEach((p, i) => (coords[p] = outCoords[i]));
          return x.data[flatOf(coords, x.shape)];
        });
        expect(got.constructor).toBe(x.data.constructor);
        expect(sameValues(got, want)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it("transposes large matrices and batches of matrices", () => {
    const x = Float64Array.from({ length: 3 * 70 * 45 }, (_, i) => i);
    const t = transpose(x, [3, 70, 45], [0, 2, 1]);
    const m = transpose(x, [210, 45], [1, 0]);
    for (const [b, i, j] of [[0, 0, 0], [1, 69, 44], [2, 33, 17]]) {
      expect(t[(b * 45 + j) * 70 + i]).toBe(x[(b * 70 + i) * 45 + j]);
      expect(m[j * 210 + b * 70 + i]).toBe(x[(b * 70 + i) * 45 + j]);
    }
  });
});

describe("broadcastInDim", () => {
  it("matches the naive broadcast for any mapping of input axes to output axes", () => {
    const caseArb = shapeArb().chain((outShape) =>
      fc
        .subarray(outShape.map((_, i) => i))
        .chain((dims) =>
          fc.array(fc.boolean(), { minLength: dims.length, maxLength: dims.length }).map((ones) => ({
            outShape,
            dims,
            shape: dims.map((d, i) => (ones[i] ? 1 : outShape[d])),
          })),
        )
        .chain((c) => arrayArb(fc.constant(c.shape)).map((x) => ({ ...c, x }))),
    );
    fc.assert(
      fc.property(caseArb, ({ outShape, dims, shape, x }) => {
        const got = broadcastInDim(x.data, shape, outShape, dims);
        const want = allCoords(outShape).map((outCoords) =>
          x.data[flatOf(shape.map((d, i) => (d === 1 ? 0 : outCoords[dims[i]])), shape)],
        );
        expect(sameValues(got, want)).toBeNull();
      }),
      { numRuns: 200 },
    );
  });
});

describe("slice", () => {
  it("slice matches strided index arithmetic", () => {
    const caseArb = arrayArb().chain((x) =>
      fc
        .tuple(
          ...x.shape.map((d) =>
            fc
              .tuple(fc.integer({ min: 0, max: d }), fc.integer({ min: 0, max: d }), fc.integer({ min: 1, max: 3 }))
              .map(([p, q, s]) => [Math.min(p, q), Math.max(p, q), s] as const),
          ),
        )
        .map((ranges) => ({ x, ranges })),
    );
    fc.assert(
      fc.property(caseArb, ({ x, ranges }) => {
        const starts = ranges.map((r) => r[0]);
        const limits = ranges.map((r) => r[1]);
        const strides = ranges.map((r) => r[2]);
        const outShape = ranges.map(([start, limit, stride]) => Math.ceil((limit - start) / stride));
        const got = slice(x.data, x.shape, starts, limits, strides);
        const want = allCoords(outShape).map((c) => x.data[flatOf(c.map((i, d) => starts[d] + i * strides[d]), x.shape)]);
        expect(sameValues(got, want)).toBeNull();
      }),
      { numRuns: 200 },
    );
  });
});

describe("pad", () => {
  it("matches the naive lax.pad with low, high and interior padding", () => {
    const caseArb = arrayArb().chain((x) =>
      fc.record({
        x: fc.constant(x),
        low: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: x.shape.length, maxLength: x.shape.length }),
        high: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: x.shape.length, maxLength: x.shape.length }),
        interior: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: x.shape.length, maxLength: x.shape.length }),
        value: fc.constantFrom(0, -1.5, 7),
        outDtype: dtypeArb,
      }),
    );
    fc.assert(
      fc.property(caseArb, ({ x, low, high, interior, value, outDtype }) => {
        const outShape = x.shape.map((d, i) => low[i] + high[i] + d + Math.max(d - 1, 0) * interior[i]);
        const want = new Array<number>(sizeOf(outShape)).fill(value);
        allCoords(x.shape).forEach((c, flat) => {
          want[flatOf(c.map((i, d) => low[d] + i * (interior[d] + 1)), outShape)] = x.data[flat];
        });
        const got = pad(x.data, x.shape, value, low, high, interior, outDtype);
        expect(sameValues(got, storeAll(outDtype, want))).toBeNull();
      }),
      { numRuns: 200 },
    );
  });
});

describe("concatenate", () => {
  it("matches the naive join along an axis", () => {
    const caseArb = shapeArb(4, 4)
      .filter((s) => s.length > 0)
      .chain((base) =>
        fc.record({
          base: fc.constant(base),
          axis: fc.integer({ min: 0, max: base.length - 1 }),
          lengths: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }),
          dtype: dtypeArb,
          outDtype: dtypeArb,
        }),
      )
      .chain((c) => {
        const shapes = c.lengths.map((len) => c.base.map((d, i) => (i === c.axis ? len : d)));
        return fc.tuple(...shapes.map((s) => dataArb(c.dtype, sizeOf(s)))).map((xs) => ({ ...c, shapes, xs }));
      });
    fc.assert(
      fc.property(caseArb, ({ axis, shapes, xs, outDtype }) => {
        const outShape = shapes[0].map((d, i) => (i === axis ? shapes.reduce((s, sh) => s + sh[axis], 0) : d));
        const want = allCoords(outShape).map((c) => {
          let index = c[axis];
          let t = 0;
          while (index >= shapes[t][axis]) index -= shapes[t++][axis];
          return xs[t][flatOf(c.map((v, d) => (d === axis ? index : v)), shapes[t])];
        });
        const got = concatenate(xs, shapes, axis, outDtype);
        expect(sameValues(got, storeAll(outDtype, want))).toBeNull();
      }),
      { numRuns: 200 },
    );
  });
});
