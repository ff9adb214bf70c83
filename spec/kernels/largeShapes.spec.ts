/**
 * The kernels at sizes past each of their block and tile sizes, against the
 * naive references of ./naive.ts (issue 7, item 15: bugs that only show past
 * a block size went unnoticed while the kernel specs drew dims up to 4).
 *
 * The thresholds, read from each kernel:
 * - matmul.ts: the WebAssembly path from 32·32·32 multiply-adds (float
 *   operands), else JavaScript: 4×4 register blocks, k blocks of 256, j
 *   blocks of 64, B transposed in tiles of 32; m = 1 and n = 1 stream.
 *   `matmulTuning.wasm = false` forces JavaScript at any size, so both paths
 *   run on the same large products.
 * - wasm/matmul.ts: rows padded to even, columns to a multiple of 8.
 * - strided.ts (transpose, broadcast_in_dim, slice, reverse): inner runs of
 *   64 or more are block copies, at any offset; two innermost axes that are
 *   a transposition (both >= 8) go in tiles of 32; pad scatters the same way.
 * - movement.ts (concatenate, gather): runs of 64 or more are block copies;
 *   gather with single elements (inner 1) has its own loop.
 * - reduce.ts: an innermost reduced run (one output cell) or kept run (a row
 *   of cells), each with the compensated sum; arg-reductions have an inner-1
 *   loop and a row loop.
 * - conv.ts: im2col in column tiles and row tiles, through the WebAssembly
 *   matmul or JavaScript (`convTuning.wasm`, `matmulTuning.wasm`).
 *
 * Shapes mix small dims with dims next to those sizes (7..9, 31..33,
 * 63..65, 127..129, 255..257), capped in total size so each run stays fast:
 * large shapes in few runs. Data come from a seeded generator, not element
 * by element from fast-check.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { argReduce, binary, broadcastInDim, concatenate, cumulativeSum, gather, matmul, pad, reduce, scatter, slice, transpose } from "../../lib/kernels/index.ts";
import type { GatherDims, IndexMode, ScatterCombine } from "../../lib/kernels/gather.ts";
import { matmulTuning } from "../../lib/kernels/matmul.ts";
import { reverse } from "../../lib/kernels/movement.ts";
import { convGeneralDilated, convOutputShape, convTuning } from "../../lib/kernels/conv.ts";
import { typedArrayFrom, type DType, type TypedArray } from "../../lib/array/dtype.ts";
import { sizeOf } from "../../lib/array/shape.ts";
import { allCoords, flatOf, sameValues, storeAll } from "./naive.ts";
import { integerData, naiveConv } from "./naiveConv.ts";
import { gatherLayoutArb, indexValuesArb, naiveGather, naiveScatter, scatterDimsOf } from "./gatherReference.ts";

// arbitraries

/** Dims around the kernels' block sizes, and small ones. */
const BOUNDARY_DIMS = [1, 2, 3, 5, 7, 8, 9, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 257];

/** A dim near a block size (or small). */
const boundaryDimArb = fc.constantFrom(...BOUNDARY_DIMS);

/**
 * Shapes of rank minRank..maxRank with boundary dims, at most `maxSize`
 * elements: a dim that would pass the cap is replaced by a small one, so
 * the large dims land on any axis.
 */
function largeShapeArb(minRank = 1, maxRank = 3, maxSize = 24_000): fc.Arbitrary<number[]> {
  return fc.tuple(fc.array(boundaryDimArb, { minLength: minRank, maxLength: maxRank }), fc.array(fc.integer({ min: 1, max: 3 }), { minLength: maxRank, maxLength: maxRank })).map(([dims, small]) => {
    let size = 1;
    return dims.map((d, i) => {
      const dim = size * d > maxSize ? small[i] : d;
      size *= dim;
      return dim;
    });
  });
}

/** A seeded PRNG in [0, 1) (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `size` values of `dtype` from `seed`: distinct-looking small integers and halves, with NaN and -0 now and then (a copy must keep them). */
function seededData(dtype: DType, size: number, seed: number, specials = true): TypedArray {
  const next = rng(seed);
  const values = new Array<number>(size);
  for (let i = 0; i < size; i++) {
    const u = next();
    values[i] = specials && u < 0.01 ? NaN : specials && u < 0.02 ? -0 : Math.floor(next() * 41 - 20) / (u < 0.5 ? 1 : 2);
  }
  return typedArrayFrom(dtype, values);
}

const dtypeArb = fc.constantFrom<DType>("float64", "float32", "int32", "bool");
const seedArb = fc.integer({ min: 1, max: 2 ** 31 - 1 });

/** Runs `body` with matmul's WebAssembly path switched on or off, restoring it after. */
function withMatmulPath<T>(wasm: boolean, body: () => T): T {
  const saved = matmulTuning.wasm;
  matmulTuning.wasm = wasm;
  try {
    return body();
  } finally {
    matmulTuning.wasm = saved;
  }
}

// matmul

function naiveMatmul(a: ArrayLike<number>, b: ArrayLike<number>, batch: number, m: number, k: number, n: number): number[] {
  const out = new Array<number>(batch * m * n);
  for (let t = 0; t < batch; t++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[(t * m + i) * k + p] * b[(t * k + p) * n + j];
        out[(t * m + i) * n + j] = s;
      }
    }
  }
  return out;
}

/** m, k, n each small or next to a block size (4-row blocks, 64-column blocks, 256-deep blocks, 32-wide tiles). */
const matmulCaseArb = fc
  .record({
    batch: fc.integer({ min: 1, max: 2 }),
    m: fc.oneof(fc.integer({ min: 1, max: 9 }), fc.constantFrom(31, 33, 63, 65)),
    k: fc.oneof(fc.integer({ min: 1, max: 9 }), fc.constantFrom(31, 33, 63, 65, 255, 257)),
    n: fc.oneof(fc.integer({ min: 1, max: 9 }), fc.constantFrom(31, 33, 63, 64, 65, 127, 129)),
    aDtype: fc.constantFrom<DType>("float64", "float32", "int32"),
    bDtype: fc.constantFrom<DType>("float64", "float32", "int32"),
    outDtype: fc.constantFrom<DType>("float64", "float32", "int32"),
    seed: seedArb,
  })
  .filter((c) => c.batch * c.m * c.k * c.n <= 1_500_000);

describe("matmul past its blocks, JavaScript and WebAssembly", () => {
  for (const wasm of [false, true]) {
    it(`matches the naive triple loop (${wasm ? "WebAssembly where it applies" : "JavaScript forced"}), exactly on integer data`, () => {
      fc.assert(
        fc.property(matmulCaseArb, (c) => {
          const a = seededData(c.aDtype, c.batch * c.m * c.k, c.seed, false);
          const b = seededData(c.bDtype, c.batch * c.k * c.n, c.seed + 1, false);
          const got = withMatmulPath(wasm, () => matmul(a, b, c.batch, c.m, c.k, c.n, c.outDtype));
          const want = storeAll(c.outDtype, naiveMatmul(a, b, c.batch, c.m, c.k, c.n));
          expect(sameValues(got, want), `${c.batch}x[${c.m},${c.k}]@[${c.k},${c.n}] ${c.aDtype}·${c.bDtype}→${c.outDtype}`).toBeNull();
        }),
        { numRuns: 20 },
      );
    });
  }

  it("gives both paths the same float64 products of random reals (to rounding: the JS blocks sum in another order)", () => {
    for (const [m, k, n] of [[37, 300, 70], [65, 257, 129], [4, 8, 128], [8, 33, 65]]) {
      const next = rng(m * k * n);
      const a = Float64Array.from({ length: m * k }, () => next() - 0.5);
      const b = Float64Array.from({ length: k * n }, () => next() - 0.5);
      const want = naiveMatmul(a, b, 1, m, k, n);
      for (const wasm of [false, true]) {
        expect(sameValues(withMatmulPath(wasm, () => matmul(a, b, 1, m, k, n, "float64")), want, 1e-13), `[${m},${k}]@[${k},${n}] wasm=${wasm}`).toBeNull();
      }
    }
  });
});

// the strided engine: transpose, broadcast_in_dim, slice, reverse, pad

const permutationArb = (rank: number) => fc.shuffledSubarray(Array.from({ length: rank }, (_, i) => i), { minLength: rank, maxLength: rank });

describe("strided copies of large shapes (block copies at offsets, tiles of 32)", () => {
  it("transpose matches per-element index permutation", () => {
    const caseArb = largeShapeArb(2, 4).chain((shape) => fc.tuple(fc.constant(shape), permutationArb(shape.length), dtypeArb, seedArb));
    fc.assert(
      fc.property(caseArb, ([shape, perm, dtype, seed]) => {
        const x = seededData(dtype, sizeOf(shape), seed);
        const outShape = perm.map((p) => shape[p]);
        const want = allCoords(outShape).map((outCoords) => {
          const coords = new Array<number>(perm.length);
          perm.forEach((p, i) => (coords[p] = outCoords[i]));
          return x[flatOf(coords, shape)];
        });
        expect(sameValues(transpose(x, shape, perm), want), `[${shape}] perm (${perm})`).toBeNull();
      }),
      { numRuns: 25 },
    );
  });

  it("broadcast_in_dim: new axes anywhere, stretched axes, long rows", () => {
    const caseArb = largeShapeArb(1, 4).chain((outShape) =>
      fc.tuple(
        fc.constant(outShape),
        fc.subarray(outShape.map((_, i) => i)),
        fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        dtypeArb,
        seedArb,
      ),
    );
    fc.assert(
      fc.property(caseArb, ([outShape, dims, stretch, dtype, seed]) => {
        const shape = dims.map((d, i) => (stretch[i] ? 1 : outShape[d]));
        const x = seededData(dtype, sizeOf(shape), seed);
        const want = allCoords(outShape).map((c) => x[flatOf(shape.map((d, i) => (d === 1 ? 0 : c[dims[i]])), shape)]);
        expect(sameValues(broadcastInDim(x, shape, outShape, dims), want), `[${shape}] -> [${outShape}] dims (${dims})`).toBeNull();
      }),
      { numRuns: 25 },
    );
  });

  it("slice: nonzero starts (the block copy reads at an offset), limits short of the end, strides 1 to 3", () => {
    const caseArb = largeShapeArb(1, 3).chain((shape) =>
      fc.tuple(
        fc.constant(shape),
        fc.tuple(
          ...shape.map((d) =>
            fc.tuple(fc.integer({ min: 0, max: Math.min(d, 3) }), fc.integer({ min: 0, max: Math.min(d, 3) }), fc.oneof({ weight: 3, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: 3 }) })),
          ),
        ),
        dtypeArb,
        seedArb,
      ),
    );
    fc.assert(
      fc.property(caseArb, ([shape, ranges, dtype, seed]) => {
        const starts = ranges.map(([s]) => s);
        const limits = ranges.map(([s, cut], d) => Math.max(s, shape[d] - cut));
        const strides = ranges.map(([, , step]) => step);
        const x = seededData(dtype, sizeOf(shape), seed);
        const outShape = starts.map((s, d) => Math.ceil((limits[d] - s) / strides[d]));
        const want = allCoords(outShape).map((c) => x[flatOf(c.map((i, d) => starts[d] + i * strides[d]), shape)]);
        expect(sameValues(slice(x, shape, starts, limits, strides), want), `[${shape}] [${starts}]:[${limits}]:[${strides}]`).toBeNull();
      }),
      { numRuns: 25 },
    );
  });

  it("reverse along any axes", () => {
    fc.assert(
      fc.property(largeShapeArb(1, 3), dtypeArb, seedArb, fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), (shape, dtype, seed, flags) => {
        const axes = shape.map((_, i) => i).filter((i) => flags[i]);
        const x = seededData(dtype, sizeOf(shape), seed);
        const want = allCoords(shape).map((c) => x[flatOf(c.map((v, d) => (axes.includes(d) ? shape[d] - 1 - v : v)), shape)]);
        expect(sameValues(reverse(x, shape, axes), want), `[${shape}] axes (${axes})`).toBeNull();
      }),
      { numRuns: 15 },
    );
  });

  it("pad with low, high and interior padding (the strided scatter)", () => {
    const perAxis = fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 3, maxLength: 3 });
    fc.assert(
      fc.property(largeShapeArb(1, 3, 12_000), perAxis, perAxis, perAxis, dtypeArb, seedArb, (shape, low, high, interior, outDtype, seed) => {
        const x = seededData("float64", sizeOf(shape), seed);
        const outShape = shape.map((d, i) => low[i] + high[i] + d + Math.max(d - 1, 0) * interior[i]);
        const want = new Array<number>(sizeOf(outShape)).fill(-1.5);
        allCoords(shape).forEach((c, flat) => (want[flatOf(c.map((v, d) => low[d] + v * (interior[d] + 1)), outShape)] = x[flat]));
        const got = pad(x, shape, -1.5, low.slice(0, shape.length), high.slice(0, shape.length), interior.slice(0, shape.length), outDtype);
        expect(sameValues(got, storeAll(outDtype, want)), `[${shape}] low ${low} high ${high} interior ${interior}`).toBeNull();
      }),
      { numRuns: 15 },
    );
  });
});

// concatenate, gather and scatter-add

describe("concatenate, gather and scatter with runs of 64 and more", () => {
  it("concatenate along any axis (runs of 64+ are block copies), into any dtype", () => {
    const caseArb = largeShapeArb(1, 3, 8_000).chain((base) =>
      fc.tuple(
        fc.constant(base),
        fc.integer({ min: 0, max: base.length - 1 }),
        fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), boundaryDimArb), { minLength: 1, maxLength: 3 }),
        dtypeArb,
        dtypeArb,
        seedArb,
      ),
    );
    fc.assert(
      fc.property(caseArb, ([base, axis, lengths, dtype, outDtype, seed]) => {
        const shapes = lengths.map((len) => base.map((d, i) => (i === axis ? len : d)));
        const xs = shapes.map((s, t) => seededData(dtype, sizeOf(s), seed + t));
        const outShape = base.map((d, i) => (i === axis ? lengths.reduce((a, b) => a + b, 0) : d));
        const want = allCoords(outShape).map((c) => {
          let index = c[axis];
          let t = 0;
          while (index >= shapes[t][axis]) index -= shapes[t++][axis];
          return xs[t][flatOf(c.map((v, d) => (d === axis ? index : v)), shapes[t])];
        });
        expect(sameValues(concatenate(xs, shapes, axis, outDtype), storeAll(outDtype, want)), `[${shapes.map((s) => `[${s}]`)}] axis ${axis}`).toBeNull();
      }),
      { numRuns: 25 },
    );
  });

  /** Gather layouts over operands with dims next to the block sizes: windows and runs of 64 and more, many index vectors. */
  const largeLayoutArb = gatherLayoutArb(3, fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constantFrom(31, 33, 63, 64, 65, 129))).filter(
    (l) => sizeOf(l.operandShape) <= 12_000 && sizeOf(l.outShape) <= 20_000 && sizeOf(l.outShape) > 0,
  );
  const gatherCaseArb = largeLayoutArb.chain((layout) =>
    fc.tuple(fc.constant(layout), fc.boolean().chain((inBounds) => indexValuesArb(layout, inBounds)), fc.constantFrom<IndexMode>("clip", "fill"), dtypeArb, seedArb),
  );

  it("gather matches XLA's semantics on large operands and windows (block copies of 64+, picks of single elements), both modes", () => {
    fc.assert(
      fc.property(gatherCaseArb, ([layout, indices, mode, dtype, seed]) => {
        const x = seededData(dtype, sizeOf(layout.operandShape), seed);
        const got = gather(x, layout.operandShape, indices, layout.indicesShape, layout.dims, layout.sliceSizes, mode, 7, layout.outShape);
        expect(sameValues(got, Array.from(storeAll(dtype, naiveGather(layout, x, indices, mode, 7)))), `[${layout.operandShape}] windows [${layout.sliceSizes}]`).toBeNull();
      }),
      { numRuns: 30 },
    );
  });

  it("take along any axis of a large operand (rows of 64 and more), as numpy's take", () => {
    const caseArb = largeShapeArb(1, 3, 12_000).chain((shape) =>
      fc.tuple(fc.constant(shape), fc.nat(2), fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constantFrom(63, 64, 65)), dtypeArb, seedArb),
    );
    fc.assert(
      fc.property(caseArb, ([shape, axisSeed, count, dtype, seed]) => {
        const axis = axisSeed % shape.length;
        const x = seededData(dtype, sizeOf(shape), seed);
        const next = rng(seed + 7);
        const indices = Int32Array.from({ length: count }, () => Math.floor(next() * shape[axis]));
        const outShape = [...shape.slice(0, axis), count, ...shape.slice(axis + 1)];
        const want = allCoords(outShape).map((c) => x[flatOf(c.map((v, d) => (d === axis ? indices[v] : v)), shape)]);
        const dims: GatherDims = { offsetDims: shape.map((_, d) => d).filter((d) => d !== axis), collapsedSliceDims: [axis], startIndexMap: [axis], operandBatchingDims: [], startIndicesBatchingDims: [] };
        const got = gather(x, shape, indices, [count, 1], dims, shape.map((n, d) => (d === axis ? 1 : n)), "clip", 0, outShape);
        expect(sameValues(got, want), `[${shape}] axis ${axis} indices (${indices})`).toBeNull();
      }),
      { numRuns: 25 },
    );
  });

  it("scatter (set, add, max) matches XLA's semantics on large layouts, repeated indices in row-major order", () => {
    fc.assert(
      fc.property(gatherCaseArb, fc.constantFrom<ScatterCombine>("set", "add", "max"), ([layout, indices, mode, , seed], combine) => {
        const operand = seededData("float64", sizeOf(layout.operandShape), seed, false);
        const updates = seededData("float64", sizeOf(layout.outShape), seed + 1, false);
        const got = scatter(combine, operand, layout.operandShape, indices, layout.indicesShape, updates, layout.outShape, scatterDimsOf(layout.dims), mode, "float64");
        expect(sameValues(got, naiveScatter(layout, operand, indices, updates, mode, combine)), `${combine} [${layout.operandShape}] windows [${layout.sliceSizes}]`).toBeNull();
      }),
      { numRuns: 20 },
    );
  });
});

// reductions

/** Integer-valued data with a few ±1e16 among them: sums whose order-independent exact value only a compensated sum reproduces. */
function cancellingData(size: number, seed: number): Float64Array {
  const next = rng(seed);
  return Float64Array.from({ length: size }, () => {
    const u = next();
    return u < 0.02 ? 1e16 : u < 0.04 ? -1e16 : Math.floor(next() * 13) - 6;
  });
}

/** The exact sums over `axes`, rounded once to float64 (BigInt arithmetic). */
function exactSums(x: Float64Array, shape: number[], axes: number[]): number[] {
  const outShape = shape.filter((_, d) => !axes.includes(d));
  const sums = new Array<bigint>(sizeOf(outShape)).fill(0n);
  allCoords(shape).forEach((c, flat) => {
    const o = flatOf(c.filter((_, d) => !axes.includes(d)), outShape);
    sums[o] += BigInt(x[flat]);
  });
  return sums.map((s) => Number(s));
}

const axesOf = (rank: number, flags: boolean[]) => Array.from({ length: rank }, (_, i) => i).filter((i) => flags[i]);

describe("reductions of large shapes", () => {
  it("sums are exact, each rounded once, over any axes (reduced and kept inner runs): the compensated sum", () => {
    fc.assert(
      fc.property(largeShapeArb(1, 3, 12_000), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), seedArb, (shape, flags, seed) => {
        const axes = axesOf(shape.length, flags);
        const x = cancellingData(sizeOf(shape), seed);
        expect(sameValues(reduce("sum", x, shape, axes, "float64"), exactSums(x, shape, axes)), `[${shape}] axes (${axes})`).toBeNull();
      }),
      { numRuns: 25 },
    );
  });

  it("max and min over any axes, NaN propagating", () => {
    fc.assert(
      fc.property(largeShapeArb(1, 3, 12_000), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), fc.constantFrom<"max" | "min">("max", "min"), dtypeArb, seedArb, (shape, flags, op, dtype, seed) => {
        const axes = axesOf(shape.length, flags);
        const x = seededData(dtype, sizeOf(shape), seed);
        const outShape = shape.filter((_, d) => !axes.includes(d));
        const want = new Array<number>(sizeOf(outShape)).fill(op === "max" ? -Infinity : Infinity);
        allCoords(shape).forEach((c, flat) => {
          const o = flatOf(c.filter((_, d) => !axes.includes(d)), outShape);
          const v = x[flat];
          want[o] = Number.isNaN(want[o]) || Number.isNaN(v) ? NaN : op === "max" ? Math.max(want[o], v) : Math.min(want[o], v);
        });
        expect(sameValues(reduce(op, x, shape, axes, dtype), storeAll(dtype, want)), `${op} [${shape}] axes (${axes})`).toBeNull();
      }),
      { numRuns: 20 },
    );
  });

  it("argmax and argmin take the first of tied extremes (small integer data: many ties), along any axis", () => {
    fc.assert(
      fc.property(largeShapeArb(1, 3, 12_000), fc.nat(2), fc.constantFrom<"argmax" | "argmin">("argmax", "argmin"), seedArb, (shape, axisSeed, op, seed) => {
        const axis = axisSeed % shape.length;
        const next = rng(seed);
        const x = Float64Array.from({ length: sizeOf(shape) }, () => Math.floor(next() * 3));
        const outShape = shape.filter((_, d) => d !== axis);
        const want = allCoords(outShape).map((c) => {
          let best = 0;
          for (let j = 1; j < shape[axis]; j++) {
            const at = (i: number) => x[flatOf([...c.slice(0, axis), i, ...c.slice(axis)], shape)];
            if (op === "argmax" ? at(j) > at(best) : at(j) < at(best)) best = j;
          }
          return best;
        });
        expect(sameValues(argReduce(op, x, shape, axis), want), `${op} [${shape}] axis ${axis}`).toBeNull();
      }),
      { numRuns: 20 },
    );
  });

  it("cumulative sums along any axis, both directions", () => {
    fc.assert(
      fc.property(largeShapeArb(1, 3, 12_000), fc.nat(2), fc.boolean(), seedArb, (shape, axisSeed, reverseScan, seed) => {
        const axis = axisSeed % shape.length;
        const x = seededData("float64", sizeOf(shape), seed, false);
        const want = new Array<number>(x.length);
        allCoords(shape.filter((_, d) => d !== axis)).forEach((c) => {
          let acc = 0;
          for (let j = 0; j < shape[axis]; j++) {
            const at = flatOf([...c.slice(0, axis), reverseScan ? shape[axis] - 1 - j : j, ...c.slice(axis)], shape);
            acc += x[at];
            want[at] = acc;
          }
        });
        expect(sameValues(cumulativeSum(x, shape, axis, reverseScan, "float64"), want), `[${shape}] axis ${axis}`).toBeNull();
      }),
      { numRuns: 15 },
    );
  });
});

// elementwise broadcasting

describe("elementwise broadcasting of large shapes", () => {
  it("binary ops broadcast any operand along any axes (the general loop's inner runs)", () => {
    const caseArb = largeShapeArb(1, 3, 12_000).chain((out) =>
      fc.tuple(fc.constant(out), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), fc.constantFrom("sub", "div", "max"), seedArb),
    );
    fc.assert(
      fc.property(caseArb, ([full, onesA, onesB, op, seed]) => {
        const shapeA = full.map((d, i) => (onesA[i] ? 1 : d));
        // b has one axis fewer (aligned to the right); an axis that is 1 in both is 1 in the output
        const shapeB = full.map((d, i) => (onesB[i] ? 1 : d)).slice(1);
        const out = full.map((d, i) => (shapeA[i] === 1 && (i === 0 || shapeB[i - 1] === 1) ? 1 : d));
        const a = seededData("float64", sizeOf(shapeA), seed);
        const b = seededData("float64", sizeOf(shapeB), seed + 1);
        const fn = op === "sub" ? (p: number, q: number) => p - q : op === "div" ? (p: number, q: number) => p / q : Math.max;
        const want = allCoords(out).map((c) => fn(a[flatOf(c.map((v, d) => (shapeA[d] === 1 ? 0 : v)), shapeA)], b[flatOf(c.slice(1).map((v, d) => (shapeB[d] === 1 ? 0 : v)), shapeB)]));
        expect(sameValues(binary(op, a, shapeA, b, shapeB, out, "float64"), want), `${op} [${shapeA}] [${shapeB}] -> [${out}]`).toBeNull();
      }),
      { numRuns: 20 },
    );
  });
});

// convolution

describe("convolution past its tiles, through every matmul path", () => {
  it("equals the definition with column and row tiles, through WebAssembly or JavaScript (both switches)", () => {
    // 144 output positions × 288 contraction rows × 16 features: one tile at the default 2^18 elements;
    // at 2^13, column tiles of 72 and row tiles of 96, whose products (16·96·72) still go through matmul
    const lhsShape = [1, 32, 14, 14];
    const rhsShape = [16, 32, 3, 3];
    const params = { windowStrides: [1, 1], padding: [[0, 0], [0, 0]] as [number, number][], lhsDilation: [1, 1], rhsDilation: [1, 1], featureGroupCount: 1, batchGroupCount: 1 };
    const lhs = integerData(sizeOf(lhsShape), 301);
    const rhs = integerData(sizeOf(rhsShape), 302);
    const want = naiveConv(lhs, lhsShape, rhs, rhsShape, convOutputShape(lhsShape, rhsShape, params), params);
    const saved = { ...convTuning };
    try {
      for (const tileElements of [1 << 18, 1 << 13]) {
        for (const wasm of [true, false]) {
          for (const matmulWasm of [true, false]) {
            Object.assign(convTuning, { tileElements, wasm, minTileColumns: 64 });
            const got = withMatmulPath(matmulWasm, () => convGeneralDilated(lhs, lhsShape, rhs, rhsShape, params));
            expect(sameValues(got, want), `tiles ${tileElements}, conv wasm ${wasm}, matmul wasm ${matmulWasm}`).toBeNull();
          }
        }
      }
    } finally {
      Object.assign(convTuning, saved);
    }
  });
});
