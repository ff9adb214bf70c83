/**
 * Cases for the movement primitives: broadcast_in_dim, reshape, transpose,
 * slice (with strides, empty results included), pad (low/high/interior),
 * concatenate (some operands constant), gather and scatter_add (repeated
 * indices). Each has a plain-JS reference built on one index helper.
 */
import fc from "fast-check";
import * as ops from "../../../lib/core/ops.ts";
import { dataOf, type ConcreteTensor, type Tensor } from "../../../lib/core/tensor.ts";
import {
  avalStr,
  draw,
  indicesArb,
  mixedShapeArb,
  permutationArb,
  real,
  shapeArb,
  tensorArb,
  type Case,
  type Expected,
} from "../harness.ts";

// plain-JS references: an output built from a function of output coordinates

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function coordsOf(flat: number, shape: readonly number[]): number[] {
  const c = new Array<number>(shape.length);
  for (let ax = shape.length - 1; ax >= 0; ax--) {
    c[ax] = flat % shape[ax];
    flat = Math.floor(flat / shape[ax]);
  }
  return c;
}

function flatOf(coords: readonly number[], shape: readonly number[]): number {
  let flat = 0;
  for (let ax = 0; ax < shape.length; ax++) flat = flat * shape[ax] + coords[ax];
  return flat;
}

/** `out[c] = value(c)` over every coordinate `c` of `shape`. */
function build(shape: readonly number[], value: (c: number[]) => number): Expected {
  const data = new Float64Array(size(shape));
  for (let i = 0; i < data.length; i++) data[i] = value(coordsOf(i, shape));
  return { shape, dtype: "float64", data };
}

function at(x: ConcreteTensor, c: readonly number[]): number {
  return dataOf(x)[flatOf(c, x.shape)];
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

// broadcast_in_dim

/** A target shape of rank 0..3, x's axes at sorted `dims` of it; each of x's dims is the target's or 1 (stretched). */
const broadcastInDimArb = mixedShapeArb(0, 3, 3)
  .chain((shape) =>
    fc.subarray(range(shape.length)).chain((dims) =>
      fc.tuple(fc.constant(shape), fc.constant(dims), fc.array(fc.boolean(), { minLength: dims.length, maxLength: dims.length })),
    ),
  )
  .chain(([shape, dims, stretch]) => fc.tuple(fc.constant(shape), fc.constant(dims), tensorArb(dims.map((d, i) => (stretch[i] ? 1 : shape[d])), real(3))))
  .map(([shape, dims, x]) =>
    draw(`broadcast_in_dim(${avalStr(x)}, shape=[${shape}], dims=(${dims}))`, (t) => ops.broadcastInDim(t, shape, dims), [x], () =>
      build(shape, (c) => at(x, dims.map((d, i) => (x.shape[i] === 1 ? 0 : c[d])))),
    ),
  );

// reshape

/** Every shape of rank 0..4 with `n` elements. */
function shapesOfSize(n: number, maxRank = 4): number[][] {
  const out: number[][] = [];
  const go = (rest: number, prefix: number[]) => {
    if (rest === 1) out.push(prefix);
    if (prefix.length === maxRank) return;
    for (let d = 1; d <= rest; d++) if (rest % d === 0 && (d > 1 || prefix.length < 2)) go(rest / d, [...prefix, d]);
  };
  go(n, []);
  return out;
}

const reshapeArb = mixedShapeArb()
  .chain((s) => {
    const key = s.join(",");
    // a different shape of the same size (ops.reshape skips the primitive when the shape is unchanged)
    const targets = shapesOfSize(size(s)).filter((t) => t.join(",") !== key);
    return fc.tuple(tensorArb(s, real(3)), fc.constantFrom(...targets));
  })
  .map(([x, shape]) =>
    draw(`reshape(${avalStr(x)}, [${shape}])`, (t) => ops.reshape(t, shape), [x], () => ({ shape, dtype: "float64", data: dataOf(x) })),
  );

// transpose

const transposeArb = mixedShapeArb(2, 3)
  .chain((s) => fc.tuple(tensorArb(s, real(3)), permutationArb(s.length).filter((p) => p.some((a, i) => a !== i))))
  .map(([x, perm]) =>
    draw(`transpose(${avalStr(x)}, (${perm}))`, (t) => ops.transpose(t, perm), [x], () => {
      const shape = perm.map((p) => x.shape[p]);
      return build(shape, (c) => {
        const src = new Array<number>(perm.length);
        perm.forEach((p, i) => (src[p] = c[i]));
        return at(x, src);
      });
    }),
  );

// slice

/** [start, limit, stride] on an axis of length d: start <= limit <= d (an empty slice now and then), stride 1..3. */
const sliceRangeArb = (d: number) =>
  fc.integer({ min: 0, max: d }).chain((start) => fc.tuple(fc.constant(start), fc.integer({ min: start, max: d }), fc.integer({ min: 1, max: 3 })));

/** A slice of most of a long axis: start and end cut by 0..3, stride 1 (or 2). */
const longSliceArb = (d: number) =>
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.oneof({ weight: 3, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.constant(2) })).map(([start, cut, stride]) => [start, d - cut, stride] as [number, number, number]);

const sliceArb = mixedShapeArb(0, 3)
  .chain((s) =>
    fc.tuple(
      tensorArb(s, real(3)),
      // start <= limit <= dim (an empty slice now and then), stride 1..3; on a long axis, mostly a long run
      // at a nonzero offset (what the strided engine copies as a block)
      fc.tuple(...s.map((d) => (d > 8 ? fc.oneof(sliceRangeArb(d), longSliceArb(d)) : sliceRangeArb(d)))),
    ),
  )
  .map(([x, axes]) => {
    const start = axes.map((a) => a[0]);
    const limit = axes.map((a) => a[1]);
    const strides = axes.map((a) => a[2]);
    const shape = start.map((s, i) => Math.max(0, Math.ceil((limit[i] - s) / strides[i])));
    return draw(`slice(${avalStr(x)}, start=(${start}), limit=(${limit}), strides=(${strides}))`, (t) => ops.slice(t, start, limit, strides), [x], () =>
      build(shape, (c) => at(x, c.map((ci, i) => start[i] + ci * strides[i]))),
    );
  });

// pad

const padArb = mixedShapeArb(0, 3)
  .chain((s) => {
    const perAxis = fc.array(fc.integer({ min: 0, max: 2 }), { minLength: s.length, maxLength: s.length });
    return fc.tuple(tensorArb(s, real(3)), perAxis, perAxis, perAxis);
  })
  .map(([x, low, high, interior]) => {
    const shape = x.shape.map((d, i) => low[i] + high[i] + d + Math.max(d - 1, 0) * interior[i]);
    return draw(`pad(${avalStr(x)}, low=(${low}), high=(${high}), interior=(${interior}))`, (t) => ops.pad(t, low, high, interior), [x], () =>
      build(shape, (c) => {
        const src: number[] = [];
        for (let i = 0; i < c.length; i++) {
          const k = c[i] - low[i];
          if (k < 0 || k % (interior[i] + 1) !== 0 || k / (interior[i] + 1) >= x.shape[i]) return 0;
          src.push(k / (interior[i] + 1));
        }
        return at(x, src);
      }),
    );
  });

// concatenate

const concatenateArb = mixedShapeArb(1, 3)
  .chain((s) =>
    fc.tuple(
      fc.constant(s),
      fc.integer({ min: 0, max: s.length - 1 }),
      // 2..3 operands with their own sizes along the axis; each may be a closed-over constant (at least one is not)
      // (on a small base, now and then 64 along the axis: a run of 64 or more)
      fc.array(fc.tuple(size(s) <= 40 ? fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 3 }) }, { weight: 1, arbitrary: fc.constant(64) }) : fc.integer({ min: 1, max: 3 }), fc.boolean()), { minLength: 2, maxLength: 3 }).filter((ps) => ps.some(([, c]) => !c)),
    ),
  )
  .chain(([s, axis, parts]) =>
    fc.tuple(fc.constant(axis), fc.constant(parts.map(([, c]) => c)), fc.tuple(...parts.map(([n]) => tensorArb(s.map((d, i) => (i === axis ? n : d)), real(3))))),
  )
  .map(([axis, constant, operands]) => {
    const inputs = operands.filter((_, i) => !constant[i]);
    const f = (...xs: Tensor[]) => {
      let k = 0;
      return ops.concatenate(operands.map((o, i) => (constant[i] ? o : xs[k++])), axis);
    };
    const shape = operands[0].shape.map((d, i) => (i === axis ? operands.reduce((n, o) => n + o.shape[axis], 0) : d));
    const desc = `concatenate(${operands.map((o, i) => avalStr(o) + (constant[i] ? " const" : "")).join(", ")}, axis=${axis})`;
    return draw(desc, f, inputs, () =>
      build(shape, (c) => {
        let j = c[axis];
        for (const o of operands) {
          if (j < o.shape[axis]) return at(o, c.map((ci, i) => (i === axis ? j : ci)));
          j -= o.shape[axis];
        }
        throw new Error("unreachable");
      }),
    );
  });

// gather / scatter_add

/** x of rank 1..3, an axis, and int32 indices of rank 0..2 (small dims, so repeats are common). */
const takeParams = mixedShapeArb(1, 3).chain((s) =>
  fc.integer({ min: 0, max: s.length - 1 }).chain((axis) => fc.tuple(fc.constant(s), fc.constant(axis), shapeArb(0, 2, 3).chain((is) => indicesArb(is, s[axis])))),
);

function takeShape(x: readonly number[], indices: readonly number[], axis: number): number[] {
  return [...x.slice(0, axis), ...indices, ...x.slice(axis + 1)];
}

const gatherArb = takeParams
  .chain(([s, axis, indices]) => fc.tuple(tensorArb(s, real(3)), fc.constant(axis), fc.constant(indices)))
  .map(([x, axis, indices]) =>
    draw(`gather(${avalStr(x)}, indices ${indices.toString()}, axis=${axis})`, (t) => ops.gather(t, indices, axis), [x], () =>
      build(takeShape(x.shape, indices.shape, axis), (c) => {
        const r = indices.shape.length;
        const index = dataOf(indices)[flatOf(c.slice(axis, axis + r), indices.shape)];
        return at(x, [...c.slice(0, axis), index, ...c.slice(axis + r)]);
      }),
    ),
  );

const scatterAddArb = takeParams
  .chain(([s, axis, indices]) => fc.tuple(fc.constant(s), tensorArb(takeShape(s, indices.shape, axis), real(3)), fc.constant(axis), fc.constant(indices)))
  .map(([shape, u, axis, indices]) =>
    draw(`scatter_add(${avalStr(u)}, indices ${indices.toString()}, axis=${axis}, shape=[${shape}])`, (t) => ops.scatterAdd(t, indices, axis, shape), [u], () => {
      const out = new Float64Array(size(shape));
      const r = indices.shape.length;
      for (let i = 0; i < dataOf(u).length; i++) {
        const c = coordsOf(i, u.shape);
        const index = dataOf(indices)[flatOf(c.slice(axis, axis + r), indices.shape)];
        out[flatOf([...c.slice(0, axis), index, ...c.slice(axis + r)], shape)] += dataOf(u)[i];
      }
      return { shape, dtype: "float64", data: out };
    }),
  );

export const movementCases: Case[] = [
  { kind: "diff", prim: "broadcast_in_dim", name: "broadcast_in_dim", arb: broadcastInDimArb },
  { kind: "diff", prim: "reshape", name: "reshape", arb: reshapeArb },
  { kind: "diff", prim: "transpose", name: "transpose", arb: transposeArb },
  { kind: "diff", prim: "slice", name: "slice", arb: sliceArb },
  { kind: "diff", prim: "pad", name: "pad", arb: padArb },
  { kind: "diff", prim: "concatenate", name: "concatenate", arb: concatenateArb },
  { kind: "diff", prim: "gather", name: "gather", arb: gatherArb },
  { kind: "diff", prim: "scatter_add", name: "scatter_add", arb: scatterAddArb },
];
