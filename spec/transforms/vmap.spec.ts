/**
 * vmap: for every first-order primitive, `vmap(f)(xs)` equals stacking `f`
 * over the batch in a JS loop, with random in_axes (0, 1, -1, null per
 * operand, at least one batched), out_axes and batch sizes; gather and
 * scatter-add with batched indices; dot_general with lhs, rhs or both
 * batched. Then the np layer (take, at().add, grad of take, matmul), pytrees,
 * nesting and the error messages.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DType } from "../../lib/array/dtype.ts";
import type { PrimName } from "../../lib/core/primitive.ts";
import { primitives } from "../../lib/core/primitives/table.ts";
import { bind } from "../../lib/core/trace.ts";
import type { Tensor } from "../../lib/core/tensor.ts";
import { ArgumentError, grad, makeJaxpr, np, ShapeError, TracegradError, vmap } from "../../lib/index.ts";
import { GatherDimensionNumbers, ScatterDimensionNumbers, type GatherScatterMode } from "../../lib/core/primitives/dimensionNumbers.ts";
import { gatherLayoutArb, scatterDimsOf } from "../kernels/gatherReference.ts";
import { expectAllclose, loopVmap, randTensor, rng, seedArb, shapeArb, tensorOf, thrown, uniform } from "./_util.ts";

const RUNS = 25;

// ---------------------------------------------------------------------------
// cases: one primitive with its params and per-example operand avals

type Elem = (next: () => number) => number;

interface Operand {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly elem: Elem;
}

interface PrimCase {
  readonly params: Record<string, unknown>;
  readonly operands: readonly Operand[];
}

const real: Elem = uniform(-2, 2);
const positive: Elem = uniform(0.2, 3);
const awayFromZero: Elem = (next) => (next() < 0.5 ? -1 : 1) * (0.5 + 1.5 * next());
/** Small integers as values, so comparisons hit equality. */
const smallInt: Elem = (next) => Math.floor(next() * 4) - 2;
const bit: Elem = (next) => (next() < 0.5 ? 1 : 0);
const withNonFinite: Elem = (next) => {
  const r = next();
  return r < 0.1 ? Infinity : r < 0.2 ? -Infinity : r < 0.3 ? NaN : 4 * next() - 2;
};
const indexBelow = (n: number): Elem => (next) => Math.floor(next() * n);

const op = (shape: readonly number[], elem: Elem = real, dtype: DType = "float64"): Operand => ({ shape, dtype, elem });
const none = {};

function unary(elem: Elem, dtypes: readonly DType[] = ["float64"]): fc.Arbitrary<PrimCase> {
  return fc.tuple(shapeArb(), fc.constantFrom(...dtypes)).map(([s, dtype]) => ({
    params: none,
    operands: [op(s, dtype === "float64" || dtype === "float32" ? elem : smallInt, dtype)],
  }));
}

/** Shapes that broadcast together: the full shape with some leading axes dropped and some dims set to 1. */
function broadcastShapes(k: number): fc.Arbitrary<number[][]> {
  const part = (full: number[]) =>
    fc
      .tuple(fc.integer({ min: 0, max: full.length }), fc.array(fc.boolean(), { minLength: full.length, maxLength: full.length }))
      .map(([drop, ones]) => full.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)));
  return shapeArb(0, 3).chain((full) => fc.tuple(...Array.from({ length: k }, () => part(full))));
}

function binary(elems: readonly [Elem, Elem], dtypes: readonly DType[] = ["float64"]): fc.Arbitrary<PrimCase> {
  return fc.tuple(broadcastShapes(2), fc.constantFrom(...dtypes)).map(([[a, b], dtype]) => ({
    params: none,
    operands: dtype === "int32" ? [op(a, smallInt, dtype), op(b, smallInt, dtype)] : [op(a, elems[0], dtype), op(b, elems[1], dtype)],
  }));
}

const compare = binary([smallInt, smallInt], ["float64", "int32"]);

function sortedSubset(n: number, min = 0): fc.Arbitrary<number[]> {
  return fc.subarray(
    Array.from({ length: n }, (_, i) => i),
    { minLength: min },
  );
}

function permutation(n: number): fc.Arbitrary<number[]> {
  return fc.shuffledSubarray(
    Array.from({ length: n }, (_, i) => i),
    { minLength: n, maxLength: n },
  );
}

const reduction = shapeArb(1, 3).chain((s) => sortedSubset(s.length).map((axes) => ({ params: { axes }, operands: [op(s)] })));
const argReduction = shapeArb(1, 3).chain((s) => fc.integer({ min: 0, max: s.length - 1 }).map((axis) => ({ params: { axis }, operands: [op(s)] })));

/** A stack [..., m, n] (square when asked) with no params. */
function matrices(square: boolean): fc.Arbitrary<PrimCase> {
  return fc
    .tuple(shapeArb(0, 1, 2), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }))
    .map(([lead, m, n]) => ({ params: none, operands: [op([...lead, m, square ? m : n])] }));
}

/** dot_general: batch, contracting and free dims, each operand's axes in a random order. */
const dotGeneral: fc.Arbitrary<PrimCase> = fc
  .record({
    batch: shapeArb(0, 1),
    contract: shapeArb(0, 2),
    freeA: shapeArb(0, 2),
    freeB: shapeArb(0, 1),
  })
  .chain(({ batch, contract, freeA, freeB }) => {
    const roles = (free: number[]) => [
      ...batch.map((d, i) => ({ kind: "b", i, d })),
      ...contract.map((d, i) => ({ kind: "c", i, d })),
      ...free.map((d, i) => ({ kind: "f", i, d })),
    ];
    const ra = roles(freeA);
    const rb = roles(freeB);
    return fc.tuple(permutation(ra.length), permutation(rb.length)).map(([pa, pb]) => {
      const la = pa.map((p) => ra[p]);
      const lb = pb.map((p) => rb[p]);
      const where = (l: typeof la, kind: string, i: number) => l.findIndex((r) => r.kind === kind && r.i === i);
      return {
        params: {
          contracting: [contract.map((_, i) => where(la, "c", i)), contract.map((_, i) => where(lb, "c", i))],
          batch: [batch.map((_, i) => where(la, "b", i)), batch.map((_, i) => where(lb, "b", i))],
        },
        operands: [op(la.map((r) => r.d)), op(lb.map((r) => r.d))],
      };
    });
  });

/** Any 32-bit word. */
const word: Elem = (next) => Math.floor(next() * 2 ** 32);
const elemOf = (dtype: DType): Elem => (dtype === "bool" ? bit : dtype === "int32" ? smallInt : word);
function bitwise(dtypes: readonly DType[], amounts = false): fc.Arbitrary<PrimCase> {
  return fc.tuple(broadcastShapes(2), fc.constantFrom(...dtypes)).map(([[a, b], dtype]) => ({
    params: none,
    operands: [op(a, elemOf(dtype), dtype), op(b, amounts ? (next) => Math.floor(next() * 40) : elemOf(dtype), dtype)],
  }));
}
/** A key, and float parameters (a gamma shape, a poisson rate) of any shape. */
function keyed(param: Elem, dtype: DType, params: Record<string, unknown>): fc.Arbitrary<PrimCase> {
  return shapeArb(0, 2).map((s) => ({ params, operands: [op([2], word, "uint32"), op(s, param, dtype)] }));
}
/** A running reduction along a random axis, in either direction. */
const cumulative = (dtypes: DType[]) =>
  shapeArb(1, 3).chain((s) =>
    fc
      .tuple(fc.integer({ min: 0, max: s.length - 1 }), fc.boolean(), fc.constantFrom(...dtypes))
      .map(([axis, reverse, dtype]) => ({ params: { axis, reverse }, operands: [op(s, dtype === "int32" ? smallInt : real, dtype)] })),
  );

/** gather or a scatter over a random layout (dimension numbers, windows, batching dims), some indices out of bounds, any mode. */
function gatherScatterCase(name: "gather" | "scatter" | "scatter_add" | "scatter_mul" | "scatter_min" | "scatter_max"): fc.Arbitrary<PrimCase> {
  return fc.tuple(gatherLayoutArb(), fc.constantFrom<GatherScatterMode>("clip", "fill", "promise_in_bounds")).map(([layout, mode]) => {
    const bound = Math.max(...layout.operandShape) + 2;
    const indices = op(layout.indicesShape, (next) => Math.floor(next() * (bound + 1)) - 1, "int32");
    if (name === "gather") {
      return {
        params: { dimensionNumbers: new GatherDimensionNumbers(layout.dims), sliceSizes: layout.sliceSizes, mode, fillValue: 0.5 },
        operands: [op(layout.operandShape), indices],
      };
    }
    return {
      params: { dimensionNumbers: new ScatterDimensionNumbers(scatterDimsOf(layout.dims)), mode },
      operands: [op(layout.operandShape, smallInt), indices, op(layout.outShape, smallInt)],
    };
  });
}
/** fft: each kind over 1-2 trailing axes of lengths 1-7 (even, odd and prime), after 0-1 leading axes; (re, im) pairs for complex operands. */
const fftCase: fc.Arbitrary<PrimCase> = fc
  .tuple(fc.constantFrom("FFT", "IFFT", "RFFT", "IRFFT"), shapeArb(0, 1), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 2 }))
  .map(([fftType, lead, fftLengths]) => {
    const n = fftLengths[fftLengths.length - 1];
    const trailing = fftType === "IRFFT" ? [...fftLengths.slice(0, -1), (n >> 1) + 1] : fftLengths;
    const shape = [...lead, ...trailing];
    return { params: { fftType, fftLengths }, operands: fftType === "RFFT" ? [op(shape)] : [op(shape), op(shape)] };
  });

const cases: { readonly [P in PrimName]: fc.Arbitrary<PrimCase> } = {
  and: bitwise(["bool", "int32", "uint32"]),
  or: bitwise(["bool", "int32", "uint32"]),
  xor: bitwise(["bool", "int32", "uint32"]),
  not: fc.tuple(shapeArb(), fc.constantFrom<DType>("bool", "int32", "uint32")).map(([s, dtype]) => ({ params: none, operands: [op(s, elemOf(dtype), dtype)] })),
  shift_left: bitwise(["int32", "uint32"], true),
  shift_right_logical: bitwise(["int32", "uint32"], true),
  shift_right_arithmetic: bitwise(["int32", "uint32"], true),
  threefry2x32: broadcastShapes(4).map((shapes) => ({ params: none, operands: shapes.map((s) => op(s, word, "uint32")) })),
  erf_inv: unary(uniform(-0.99, 0.99), ["float64", "float32"]),
  sort_key_val: shapeArb(1, 3).chain((s) =>
    fc.integer({ min: 0, max: s.length - 1 }).map((dimension) => ({ params: { dimension }, operands: [op(s, smallInt), op(s, word, "uint32")] })),
  ),
  random_gamma: fc.tuple(fc.boolean(), fc.constantFrom("partitionable", "original")).chain(([logSpace, layout]) => keyed(uniform(0.2, 4), "float64", { logSpace, layout })),
  random_gamma_grad: binary([positive, positive]),
  random_poisson: fc.constantFrom("partitionable", "original").chain((layout) => keyed(uniform(0, 30), "float32", { layout })),

  neg: unary(real, ["float64", "int32"]),
  exp: unary(real),
  log: unary(positive),
  log1p: unary(uniform(-0.5, 2)),
  expm1: unary(real),
  sin: unary(real),
  cos: unary(real),
  tanh: unary(real),
  atan: unary(real),
  sqrt: unary(positive),
  abs: unary(real, ["float64", "int32"]),
  sign: unary(real, ["float64", "int32"]),
  logistic: unary(real),
  erf: unary(uniform(-4, 4)),
  erfc: unary(uniform(-4, 4)),
  floor: unary(uniform(-3, 3)),
  ceil: unary(uniform(-3, 3)),
  round: fc
    .tuple(shapeArb(), fc.constantFrom("toNearestEven", "awayFromZero"))
    .map(([s, roundingMethod]) => ({ params: { roundingMethod }, operands: [op(s, (next) => Math.round(8 * next() - 4) / 2)] })),
  is_finite: unary(withNonFinite),
  stop_gradient: unary(real),
  integer_pow: fc
    .tuple(shapeArb(), fc.constantFrom(-2, -1, 0, 1, 2, 3))
    .map(([s, y]) => ({ params: { y }, operands: [op(s, awayFromZero)] })),
  convert_element_type: fc
    .tuple(shapeArb(), fc.constantFrom<DType>("float64", "float32", "int32", "bool"), fc.constantFrom<DType>("float64", "float32", "int32", "bool"))
    .filter(([, from, to]) => from !== to)
    .map(([s, from, to]) => ({
      params: { newDtype: to },
      operands: [op(s, from === "bool" ? bit : from === "int32" ? smallInt : uniform(-3, 3), from)],
    })),
  add: binary([real, real], ["float64", "int32"]),
  sub: binary([real, real], ["float64", "int32"]),
  mul: binary([real, real], ["float64", "int32"]),
  div: binary([real, awayFromZero]),
  pow: binary([positive, real]),
  max: binary([smallInt, real], ["float64", "int32"]),
  min: binary([smallInt, real], ["float64", "int32"]),
  eq: compare,
  ne: compare,
  lt: compare,
  le: compare,
  gt: compare,
  ge: compare,
  select: broadcastShapes(3).map(([p, a, b]) => ({ params: none, operands: [op(p, bit, "bool"), op(a), op(b)] })),
  reduce_sum: reduction,
  reduce_max: reduction,
  reduce_min: reduction,
  argmax: argReduction,
  argmin: argReduction,
  cumsum: shapeArb(1, 3).chain((s) =>
    fc.tuple(fc.integer({ min: 0, max: s.length - 1 }), fc.boolean()).map(([axis, reverse]) => ({ params: { axis, reverse }, operands: [op(s)] })),
  ),
  broadcast_in_dim: shapeArb(0, 2).chain((s) =>
    fc
      .tuple(fc.integer({ min: 0, max: 2 }), fc.array(fc.integer({ min: 1, max: 3 }), { minLength: s.length + 2, maxLength: s.length + 2 }), fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }))
      .chain(([extra, sizes, ones]) =>
        sortedSubset(s.length + extra, s.length)
          .filter((dims) => dims.length === s.length)
          .map((dims) => {
            const shape = sizes.slice(0, s.length + extra);
            const operand = s.map((d, i) => (ones[i] ? 1 : d));
            dims.forEach((d, i) => (shape[d] = operand[i] === 1 ? shape[d] : operand[i]));
            return { params: { shape, broadcastDimensions: dims }, operands: [op(operand)] };
          }),
      ),
  ),
  reshape: shapeArb(0, 3).chain((s) =>
    fc.tuple(permutation(s.length), fc.boolean(), fc.boolean()).map(([perm, merge, one]) => {
      let shape = perm.map((p) => s[p]);
      if (merge && shape.length >= 2) shape = [shape[0] * shape[1], ...shape.slice(2)];
      if (one) shape = [...shape, 1];
      return { params: { shape }, operands: [op(s)] };
    }),
  ),
  transpose: shapeArb(0, 3).chain((s) => permutation(s.length).map((permutation) => ({ params: { permutation }, operands: [op(s)] }))),
  slice: shapeArb(1, 3, 4).chain((s) =>
    fc
      .tuple(...s.map((d) => fc.tuple(fc.integer({ min: 0, max: d }), fc.integer({ min: 0, max: d }), fc.integer({ min: 1, max: 3 }))))
      .map((per) => ({
        params: {
          start: per.map(([a, b]) => Math.min(a, b)),
          limit: per.map(([a, b]) => Math.max(a, b)),
          strides: per.map(([, , st]) => st),
        },
        operands: [op(s)],
      })),
  ),
  pad: shapeArb(0, 3).chain((s) =>
    fc
      .tuple(...s.map(() => fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 1 }))))
      .map((per) => ({ params: { low: per.map((p) => p[0]), high: per.map((p) => p[1]), interior: per.map((p) => p[2]) }, operands: [op(s)] })),
  ),
  concatenate: shapeArb(1, 3).chain((s) =>
    fc
      .tuple(fc.integer({ min: 0, max: s.length - 1 }), fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 3 }))
      .map(([axis, sizes]) => ({ params: { axis }, operands: sizes.map((n) => op(s.map((d, i) => (i === axis ? n : d)))) })),
  ),
  gather: gatherScatterCase("gather"),
  scatter: gatherScatterCase("scatter"),
  scatter_add: gatherScatterCase("scatter_add"),
  scatter_mul: gatherScatterCase("scatter_mul"),
  scatter_min: gatherScatterCase("scatter_min"),
  scatter_max: gatherScatterCase("scatter_max"),
  sort: shapeArb(1, 3).chain((s) =>
    fc.tuple(fc.integer({ min: 0, max: s.length - 1 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })).map(([dimension, count, keys]) => ({
      params: { dimension, isStable: true, numKeys: Math.min(keys, count) },
      // small integers: ties, broken by the next key and then by position
      operands: Array.from({ length: count }, (_, i) => op(s, i === 0 ? smallInt : real)),
    })),
  ),
  dot_general: dotGeneral,
  cumprod: cumulative(["float64", "int32"]),
  cummax: cumulative(["float64", "int32"]),
  cummin: cumulative(["float64", "int32"]),
  // dense linear algebra: stacks [..., m, n]; the first output is compared (cholesky of a random matrix may be NaN, as the loop's)
  cholesky: matrices(true),
  triangular_solve: fc
    .tuple(shapeArb(0, 1, 2), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean())
    .map(([lead, m, n, leftSide, lower, transposeA, unitDiagonal]) => {
      const k = leftSide ? m : n;
      return { params: { leftSide, lower, transposeA, unitDiagonal }, operands: [op([...lead, k, k], awayFromZero), op([...lead, m, n])] };
    }),
  lu: matrices(false),
  lu_pivots_to_permutation: fc
    .tuple(shapeArb(0, 2, 2), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 2 }))
    .map(([lead, k, extra]) => ({ params: { permutationSize: k + extra }, operands: [op([...lead, k], () => k + extra - 1, "int32")] })),
  qr: matrices(false).chain((c) => fc.boolean().map((fullMatrices) => ({ ...c, params: { fullMatrices } }))),
  eigh: matrices(true).chain((c) => fc.boolean().map((lower) => ({ ...c, params: { lower } }))),
  svd: matrices(false).chain((c) => fc.tuple(fc.boolean(), fc.boolean()).map(([fullMatrices, computeUv]) => ({ ...c, params: { fullMatrices, computeUv } }))),
  expm: matrices(true),
  expm_frechet: matrices(true).map((c) => ({ ...c, operands: [c.operands[0], c.operands[0]] })),
  fft: fftCase,
  // transcendental and special functions
  tan: unary(uniform(-1.4, 1.4)),
  asin: unary(uniform(-0.95, 0.95)),
  acos: unary(uniform(-0.95, 0.95)),
  sinh: unary(real),
  cosh: unary(real),
  asinh: unary(real),
  acosh: unary(uniform(1.1, 4)),
  atanh: unary(uniform(-0.95, 0.95)),
  cbrt: unary(awayFromZero),
  exp2: unary(real),
  log2: unary(positive),
  log10: unary(positive),
  lgamma: unary(positive),
  digamma: unary(positive),
  atan2: binary([real, awayFromZero]),
  rem: binary([real, awayFromZero], ["float64", "int32"]),
  polygamma: binary([(next) => 1 + Math.floor(next() * 3), positive]),
};

/** `f` binds exactly the primitive under test. */
const binder = (name: PrimName, params: Record<string, unknown>) => (...xs: Tensor[]) => bind(primitives[name], xs, params)[0];

// ---------------------------------------------------------------------------
// the property

interface Batching {
  readonly size: number;
  /** Per operand: null (not batched) or an axis of the batched operand, possibly negative. */
  readonly axes: readonly (number | null)[];
  readonly outPick: number;
  readonly seed: number;
}

function batchingArb(c: PrimCase): fc.Arbitrary<Batching> {
  return fc.record({
    size: fc.integer({ min: 1, max: 3 }),
    axes: fc.tuple(...c.operands.map((o) => fc.option(fc.integer({ min: -(o.shape.length + 1), max: o.shape.length }), { nil: null, freq: 3 }))),
    outPick: fc.nat(),
    seed: seedArb,
  });
}

function checkPrimitive(name: PrimName, c: PrimCase, b: Batching): void {
  const axes = [...b.axes] as (number | null)[];
  if (axes.filter((a) => a !== null).length === 0) axes[b.seed % axes.length] = 0;
  const next = rng(b.seed);
  const args = c.operands.map((o, i) => {
    const a = axes[i];
    if (a === null) return tensorOf(o.shape, o.dtype, o.elem, next);
    const at = a < 0 ? a + o.shape.length + 1 : a;
    return tensorOf([...o.shape.slice(0, at), b.size, ...o.shape.slice(at)], o.dtype, o.elem, next);
  });
  const f = binder(name, c.params);
  // f really is the primitive (no shortcut of the ops layer)
  const perExample = c.operands.map((o) => tensorOf(o.shape, o.dtype, o.elem, rng(1)));
  expect(makeJaxpr(f, { simplify: false })(...perExample).jaxpr.eqns.map((e) => e.primitive.name)).toEqual([name]);
  const outRank = f(...perExample).ndim;
  const outAxis = (b.outPick % (2 * outRank + 2)) - (outRank + 1);
  const expected = loopVmap(f, axes, outAxis, args);
  const actual = vmap(f, { inAxes: axes, outAxes: outAxis })(...args);
  expectAllclose(actual, expected, { rtol: 1e-12, atol: 1e-12 }, `vmap(${name}) with inAxes ${JSON.stringify(axes)} outAxes ${outAxis}`);
}

describe("vmap of every primitive equals a loop", () => {
  it("has a case for every primitive of the table", () => {
    const missing = Object.keys(primitives).filter((n) => !(n in cases));
    expect(missing).toEqual([]);
    expect(Object.keys(cases).sort()).toEqual(Object.keys(primitives).sort());
  });

  for (const name of Object.keys(cases) as PrimName[]) {
    it(name, () => {
      fc.assert(
        fc.property(
          cases[name].chain((c) => fc.tuple(fc.constant(c), batchingArb(c))),
          ([c, b]) => checkPrimitive(name, c, b),
        ),
        { numRuns: RUNS },
      );
    });
  }
});

// ---------------------------------------------------------------------------
// through the np layer

describe("vmap through the np layer", () => {
  it("np.take with batched indices (traced: wraps negatives, clamps) and batched or shared x", () => {
    fc.assert(
      fc.property(shapeArb(1, 3), fc.integer({ min: 1, max: 3 }), shapeArb(0, 2), fc.boolean(), seedArb, (s, size, idxShape, batchX, seed) => {
        const axis = seed % s.length;
        const n = s[axis];
        const x = randTensor(batchX ? [size, ...s] : s, seed);
        // indices in [-n, n): negative ones count from the end
        const idx = tensorOf([size, ...idxShape], "int32", (next) => Math.floor(next() * 2 * n) - n, rng(seed + 1));
        const f = (xi: Tensor, ii: Tensor) => np.take(xi, ii, axis);
        const inAxes = [batchX ? 0 : null, 0];
        expectAllclose(vmap(f, { inAxes })(x, idx), loopVmap(f, inAxes, 0, [x, idx]), {}, "vmap(take)");
      }),
      { numRuns: RUNS },
    );
  });

  it("x.at(...).add(v) with x and/or v batched", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.constantFrom<[boolean, boolean]>([true, true], [true, false], [false, true]), seedArb, (n, size, [bx, bv], seed) => {
        const x = randTensor(bx ? [size, n, 3] : [n, 3], seed);
        const v = randTensor(bv ? [3, size] : [3], seed + 7);
        const f = (xi: Tensor, vi: Tensor) => xi.at([1, null, 1], null).add(vi).at(0, [0, 2]).add(np.sum(vi));
        const inAxes = [bx ? 0 : null, bv ? 1 : null];
        expectAllclose(vmap(f, { inAxes })(x, v), loopVmap(f, inAxes, 0, [x, v]), {}, "vmap(at().add())");
      }),
      { numRuns: RUNS },
    );
  });

  it("grad of take (a scatter-add) with batched indices", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 5 }), fc.boolean(), seedArb, (n, size, k, batchX, seed) => {
        const x = randTensor(batchX ? [size, n, 2] : [n, 2], seed);
        const idx = tensorOf([size, k], "int32", indexBelow(n), rng(seed));
        const w = randTensor([k, 2], seed + 3);
        const g = (xi: Tensor, ii: Tensor) => grad((z: Tensor) => np.sum(np.multiply(np.square(np.take(z, ii, 0)), w)))(xi);
        const inAxes = [batchX ? 0 : null, 0];
        const expected = loopVmap(g, inAxes, 0, [x, idx]);
        expectAllclose(vmap(g, { inAxes })(x, idx), expected, {}, "vmap(grad(take))");
        // and the order reversed: the gradient of the batched loss summed over the batch
        if (batchX) {
          const total = grad((z: Tensor) => np.sum(vmap((zi: Tensor, ii: Tensor) => np.sum(np.multiply(np.square(np.take(zi, ii, 0)), w)))(z, idx)))(x);
          expectAllclose(total, expected, {}, "grad(sum(vmap(take)))");
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("matmul and dot with lhs, rhs or both batched, batch axis anywhere", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }), (size, m, k, n, aChoice, bChoice) => {
        const aAxis = [null, 0, -1][aChoice];
        const bAxis = [null, 1, 2][bChoice] as number | null;
        const inAxes = aAxis === null && bAxis === null ? [0, null] : [aAxis, bAxis];
        const withBatch = (shape: number[], axis: number | null) => {
          if (axis === null) return shape;
          const at = axis < 0 ? axis + shape.length + 1 : axis;
          return [...shape.slice(0, at), size, ...shape.slice(at)];
        };
        const a = randTensor(withBatch([m, k], inAxes[0]), m * 7 + k);
        const b = randTensor(withBatch([k, n], inAxes[1]), n * 5 + size);
        for (const f of [(x: Tensor, y: Tensor) => np.matmul(x, y), (x: Tensor, y: Tensor) => np.dot(np.tanh(x), y).sum(0)]) {
          expectAllclose(vmap(f, { inAxes })(a, b), loopVmap(f, inAxes, 0, [a, b]), { rtol: 1e-12, atol: 1e-12 }, `vmap(matmul) inAxes ${JSON.stringify(inAxes)}`);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("a composite program with reductions, broadcasting and out_axes", () => {
    fc.assert(
      fc.property(shapeArb(1, 2), fc.integer({ min: 1, max: 3 }), fc.integer({ min: -2, max: 1 }), seedArb, (s, size, outAxis, seed) => {
        const x = randTensor([...s, size], seed);
        const y = randTensor(s, seed + 1);
        const f = (xi: Tensor, yi: Tensor) => {
          const z = np.subtract(np.exp(np.tanh(xi)), np.max(yi));
          return np.stack([np.multiply(z, yi), np.divide(z, np.add(np.sum(np.square(z)), 1))], 0);
        };
        const inAxes = [-1, null];
        expectAllclose(vmap(f, { inAxes, outAxes: outAxis })(x, y), loopVmap(f, inAxes, outAxis, [x, y]), {}, "vmap(program)");
      }),
      { numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------------------
// trees, nesting, errors

describe("vmap: pytrees and nesting", () => {
  it("inAxes as a tree prefix of object and tuple arguments; outputs as trees with per-output out_axes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), seedArb, (size, n, seed) => {
        const params = { w: randTensor([n, size], seed), b: randTensor([n], seed + 1) };
        const xs = [randTensor([size, n], seed + 2), randTensor([n], seed + 3)] as const;
        const f = (p: { w: Tensor; b: Tensor }, [x, c]: readonly [Tensor, Tensor]) => {
          const h = np.tanh(np.add(np.multiply(p.w, x), p.b));
          return { sum: np.sum(np.multiply(h, c)), h };
        };
        const out = vmap(f, { inAxes: [{ w: 1, b: null }, [0, null]], outAxes: { sum: 0, h: 1 } })(params, xs);
        const loopF = (w: Tensor, b: Tensor, x: Tensor, c: Tensor) => {
          const r = f({ w, b }, [x, c]);
          return [r.h, r.sum];
        };
        const [h, sum] = loopVmap(loopF, [1, null, 0, null], [1, 0], [params.w, params.b, xs[0], xs[1]]) as Tensor[];
        expectAllclose(out, { h, sum }, {}, "vmap over trees");
      }),
      { numRuns: RUNS },
    );
  });

  it("nested vmap(vmap(f)) equals a double loop, with different in_axes at each level", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), seedArb, (p, q, n, seed) => {
        const x = randTensor([p, n, q], seed);
        const y = randTensor([q, n], seed + 1);
        const f = (a: Tensor, b: Tensor) => np.sum(np.multiply(np.sin(a), b));
        // inner maps axis 1 of a (the q axis once p is gone) and axis 0 of b; outer maps axis 0 of a only
        const nested = vmap(vmap(f, { inAxes: [1, 0] }), { inAxes: [0, null] })(x, y);
        const expected = loopVmap((a: Tensor) => loopVmap(f, [1, 0], 0, [a, y]) as Tensor, [0], 0, [x]);
        expectAllclose(nested, expected, {}, "vmap(vmap(f))");
        // and both levels over the same argument, out_axes moving the outer axis last
        const g = vmap(vmap((a: Tensor) => np.multiply(a, np.sum(a)), { inAxes: 0 }), { inAxes: 2, outAxes: -1 })(x);
        const gExpected = loopVmap((a: Tensor) => loopVmap((r: Tensor) => np.multiply(r, np.sum(r)), [0], 0, [a]) as Tensor, [2], -1, [x]);
        expectAllclose(g, gExpected, {}, "vmap(vmap(f)) over one argument");
      }),
      { numRuns: RUNS },
    );
  });

  it("an output that does not depend on the batched inputs is broadcast along out_axes", () => {
    const out = vmap((x: Tensor, c: Tensor) => [np.sin(x), np.multiply(c, 2)], { inAxes: [0, null], outAxes: [0, 1] })(np.ones([3]), np.array([1, 2]));
    expectAllclose(out, [np.full([3], Math.sin(1)), np.array([[2, 2, 2], [4, 4, 4]])], {}, "unbatched output");
  });
});

describe("vmap: error messages", () => {
  it("mismatched axis sizes name every mapped leaf and its size", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), (m, n) => {
        fc.pre(m !== n);
        const e = thrown(() => vmap((a: Tensor, b: Tensor) => np.add(a, b))(np.ones([m, 2]), np.ones([n, 2])));
        expect(e).toBeInstanceOf(ShapeError);
        expect(e.message).toContain("vmap");
        expect(e.message).toContain(`size ${m}`);
        expect(e.message).toContain(`size ${n}`);
        expect(e.message).toContain(`f64[${m},2]`);
        expect(e.message).toContain(`f64[${n},2]`);
      }),
      { numRuns: 10 },
    );
    // through in_axes: axis 1 of a vs axis 0 of b
    const e = thrown(() => vmap((a: Tensor, b: Tensor) => np.add(a, b), { inAxes: [1, 0] })(np.ones([2, 5]), np.ones([3])));
    expect(e.message).toMatch(/axis 1 has size 5/);
    expect(e.message).toMatch(/axis 0 has size 3/);
  });

  it("an inAxes tree that does not match the arguments names the spec and the structure", () => {
    const f = (p: { a: Tensor; b: Tensor }, x: Tensor) => np.add(np.add(p.a, p.b), x);
    const args = [{ a: np.ones([2]), b: np.ones([2]) }, np.ones([2])] as const;
    const wrongKeys = thrown(() => vmap(f, { inAxes: [{ a: 0, c: 0 }, 0] })(...args));
    expect(wrongKeys).toBeInstanceOf(ArgumentError);
    expect(wrongKeys.message).toContain("inAxes");
    expect(wrongKeys.message).toMatch(/\{"?a"?: ?0, ?"?c"?: ?0\}/);
    expect(wrongKeys.message).toContain("{a: *, b: *}");
    const wrongLength = thrown(() => vmap(f, { inAxes: [0, 0, 0] })(...args));
    expect(wrongLength).toBeInstanceOf(ArgumentError);
    expect(wrongLength.message).toMatch(/\[0, ?0, ?0\]/);
    // a correct prefix works
    expectAllclose(vmap(f, { inAxes: [{ a: 0, b: null }, null] })(...args), np.full([2, 2], 3), {}, "prefix");
  });

  it("out-of-range axes, nothing batched, and out_axes null for a batched output are library errors", () => {
    const e1 = thrown(() => vmap((x: Tensor) => x, { inAxes: 2 })(np.ones([3, 2])));
    expect(e1).toBeInstanceOf(ArgumentError);
    expect(e1.message).toMatch(/axis 2 is out of range for f64\[3,2\]/);
    const e2 = thrown(() => vmap((x: Tensor) => x, { inAxes: null })(np.ones([3])));
    expect(e2).toBeInstanceOf(ArgumentError);
    expect(e2.message).toMatch(/no argument is batched/);
    const e3 = thrown(() => vmap((x: Tensor) => np.sin(x), { outAxes: null })(np.ones([3])));
    expect(e3).toBeInstanceOf(TracegradError);
    expect(e3.message).toMatch(/outAxes is null/);
    const e4 = thrown(() => vmap((x: Tensor) => np.sin(x), { outAxes: 2 })(np.ones([3])));
    expect(e4).toBeInstanceOf(ArgumentError);
    // a failed call leaves vmap usable
    expectAllclose(vmap((x: Tensor) => np.sin(x))(np.zeros([2])), np.zeros([2]), {}, "after errors");
  });

  it("reading a batched value is a ConcretizationError", () => {
    const e = thrown(() => vmap((x: Tensor) => (x.item() > 0 ? x : np.negative(x)))(np.ones([3])));
    expect(e.name).toBe("ConcretizationError");
    expect(e.message).toMatch(/lax\.cond/);
  });
});

