/**
 * Random data, fast-check arbitraries and plain-JS reference helpers for the
 * primitive cases (`cases/*.ts`); `harness.ts` re-exports them.
 */
import fc from "fast-check";
import { allocate, type DType } from "../../lib/array/dtype.ts";
import { ConcreteTensor, type Aval, type Tensor, dataOf } from "../../lib/core/tensor.ts";
import type { Draw, Expected } from "./harness.ts";

// ---------------------------------------------------------------------------
// random data

/** mulberry32: a small seeded PRNG in [0, 1), for directions and cotangents derived from one drawn seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sizeOfShape(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** A float tensor of `aval`'s shape and dtype, uniform in [-1, 1]. */
export function randomLike(aval: Aval, next: () => number): ConcreteTensor {
  const n = sizeOfShape(aval.shape);
  const data = aval.dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = 2 * next() - 1;
  return new ConcreteTensor(data, aval.shape.slice(), aval.dtype === "float32" ? "float32" : "float64");
}

/** A concrete tensor from plain data. */
export function tensor(data: ArrayLike<number>, shape: readonly number[], dtype: DType = "float64"): ConcreteTensor {
  const n = sizeOfShape(shape);
  const store = allocate(dtype, n);
  for (let i = 0; i < n; i++) store[i] = data[i];
  return new ConcreteTensor(store, shape.slice(), dtype);
}

// ---------------------------------------------------------------------------
// arbitraries

export const dimArb = fc.integer({ min: 1, max: 4 });

/** A shape of rank `minRank..maxRank`, dims 1..4. */
export function shapeArb(minRank = 0, maxRank = 3, maxDim = 4): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: 1, max: maxDim }), { minLength: minRank, maxLength: maxRank });
}

/**
 * Dims next to the kernels' block sizes: matmul's 4-row blocks, 32-wide
 * transpose tiles and 64-column blocks, the strided engine's 32-element
 * tiles and 64-element block copies, gather's and concatenate's 64-element
 * runs (see spec/kernels/largeShapes.spec.ts for each threshold).
 */
export const BOUNDARY_DIMS: readonly number[] = [5, 31, 33, 63, 64, 65, 129];

/**
 * A shape of rank minRank..maxRank (at least 1) with one or two dims next to a
 * block size and the others small, at most `maxSize` elements: a large shape
 * for a few draws of a property (a dim that would pass `maxSize` is replaced
 * by a small one, so the large dims land on any axis).
 */
export function largeShapeArb(minRank = 1, maxRank = 3, maxSize = 2500): fc.Arbitrary<number[]> {
  const dim = fc.oneof(fc.integer({ min: 1, max: 3 }), fc.constantFrom(...BOUNDARY_DIMS));
  return fc.array(dim, { minLength: Math.max(1, minRank), maxLength: Math.max(1, maxRank) }).map((dims) => {
    let size = 1;
    return dims.map((d) => {
      const kept = size * d > maxSize ? 1 + (d % 3) : d;
      size *= kept;
      return kept;
    });
  });
}

/** Mostly `shapeArb`'s small shapes; one draw in about `every` is a large one (`largeShapeArb`). */
export function mixedShapeArb(minRank = 0, maxRank = 3, maxDim = 4, every = 8): fc.Arbitrary<number[]> {
  if (maxRank < 1) return shapeArb(minRank, maxRank, maxDim);
  return fc.oneof({ weight: every - 1, arbitrary: shapeArb(minRank, maxRank, maxDim) }, { weight: 1, arbitrary: largeShapeArb(minRank, maxRank) });
}

/**
 * Two shapes that broadcast: each is the full shape with some leading axes
 * dropped and some dims set to 1 (so `[3,1]` with `[4]`, `[2,3]` with `[3]`,
 * `[]` with anything, and equal shapes all come up).
 */
export function broadcastPairArb(shapes: fc.Arbitrary<number[]> = mixedShapeArb()): fc.Arbitrary<[number[], number[]]> {
  const part = (full: number[]) =>
    fc
      .tuple(fc.integer({ min: 0, max: full.length }), fc.array(fc.boolean(), { minLength: full.length, maxLength: full.length }))
      .map(([drop, ones]) => full.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)));
  const same = shapes.map((s): [number[], number[]] => [s, s.slice()]);
  const mixed = shapes.chain((full) => fc.tuple(part(full), part(full)));
  return fc.oneof(same, mixed);
}

/** `k` shapes that broadcast together, built as in `broadcastPairArb`. */
export function broadcastShapesArb(k: number): fc.Arbitrary<number[][]> {
  const part = (full: number[]) =>
    fc
      .tuple(fc.integer({ min: 0, max: full.length }), fc.array(fc.boolean(), { minLength: full.length, maxLength: full.length }))
      .map(([drop, ones]) => full.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)));
  return mixedShapeArb().chain((full) => fc.tuple(...Array.from({ length: k }, () => part(full))));
}

/** Reals in [-lim, lim]. */
export const real = (lim = 3): fc.Arbitrary<number> => fc.double({ min: -lim, max: lim, noNaN: true });
/** Reals in [lo, hi] (positive domains: log, sqrt, pow's base). */
export const positive = (lo: number, hi: number): fc.Arbitrary<number> => fc.double({ min: lo, max: hi, noNaN: true });
/** Reals with lo <= |x| <= hi (away from a kink or pole at 0). */
export const awayFromZero = (lo: number, hi: number): fc.Arbitrary<number> =>
  fc.tuple(fc.boolean(), positive(lo, hi)).map(([negative, m]) => (negative ? -m : m));

/** Above this many elements a tensor is drawn as a palette and a seed (see `tensorArb`). */
const PALETTE_FROM = 256;

/**
 * A tensor of `shape` with elements from `elem`. A large one (more than 256
 * elements: the large shapes) is drawn as 64 values from `elem` and a seed
 * that places them, so it is quick to draw and to shrink, keeps to `elem`'s
 * domain, and still puts different values at neighbouring positions.
 */
export function tensorArb(shape: readonly number[], elem: fc.Arbitrary<number>, dtype: DType = "float64"): fc.Arbitrary<ConcreteTensor> {
  const n = sizeOfShape(shape);
  if (n <= PALETTE_FROM) return fc.array(elem, { minLength: n, maxLength: n }).map((data) => tensor(data, shape, dtype));
  return fc.tuple(fc.array(elem, { minLength: 64, maxLength: 64 }), fc.integer()).map(([palette, seed]) => {
    const next = rng(seed);
    const data = new Array<number>(n);
    for (let i = 0; i < n; i++) data[i] = palette[Math.floor(next() * 64)];
    return tensor(data, shape, dtype);
  });
}

/** A float64 tensor whose elements are pairwise at least 0.4 apart (unique extrema), in about [-n/4, n/4]. */
export function distinctTensorArb(shape: readonly number[]): fc.Arbitrary<ConcreteTensor> {
  const n = sizeOfShape(shape);
  return fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }).map((keys) => {
    const order = keys.map((k, i) => [k, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const data = new Float64Array(n);
    order.forEach(([k, i], rank) => (data[i] = 0.5 * (rank - n / 2) + 0.1 * k));
    return tensor(data, shape);
  });
}

/** Int32 indices in [0, bound) of `shape` (repeats allowed). */
export function indicesArb(shape: readonly number[], bound: number): fc.Arbitrary<ConcreteTensor> {
  return tensorArb(shape, fc.integer({ min: 0, max: bound - 1 }), "int32");
}

/** A sorted non-empty subset of the axes of a rank-`n` tensor (n >= 1). */
export function axesArb(n: number): fc.Arbitrary<number[]> {
  return fc.subarray(
    Array.from({ length: n }, (_, i) => i),
    { minLength: 1, maxLength: n },
  );
}

/** A permutation of 0..n-1. */
export function permutationArb(n: number): fc.Arbitrary<number[]> {
  return fc.shuffledSubarray(
    Array.from({ length: n }, (_, i) => i),
    { minLength: n, maxLength: n },
  );
}

/** A `Draw`, printed by fast-check as its description and inputs. */
export function draw(desc: string, f: (...xs: Tensor[]) => Tensor, xs: readonly ConcreteTensor[], expected?: () => Expected): Draw {
  return {
    f,
    xs,
    desc,
    expected,
    [fc.toStringMethod]: () => `${desc} at ${xs.map((x) => x.toString()).join(", ")}`,
  } as Draw;
}

/**
 * A `Draw` at an edge of the primitive's derivative rule (a tie of max/min, a
 * zero of abs, a zero base of pow): `edgeJvp` is the convention's tangent in
 * plain JS along the input tangents, which the jvp property checks instead of
 * central differences (see `Draw.edgeJvp`).
 */
export function edgeDraw(
  desc: string,
  f: (...xs: Tensor[]) => Tensor,
  xs: readonly ConcreteTensor[],
  expected: () => Expected,
  edgeJvp: (ts: readonly ConcreteTensor[]) => Expected,
): Draw {
  return { ...draw(`${desc} (at an edge)`, f, xs, expected), edgeJvp, [fc.toStringMethod]: () => `${desc} (at an edge) at ${xs.map((x) => x.toString()).join(", ")}` } as Draw;
}

/** Values from a small set, so equal values (ties) and zeros come up often; -0 and 0 both among them. */
export const tieValue: fc.Arbitrary<number> = fc.constantFrom(-1.5, -1, -0, 0, 0.5, 1, 2);

/** `f64[2,3]`. */
export function avalStr(x: Aval): string {
  const short: Record<DType, string> = { float64: "f64", float32: "f32", int32: "i32", uint32: "u32", bool: "bool" };
  return `${short[x.dtype]}[${x.shape.join(",")}]`;
}

// ---------------------------------------------------------------------------
// broadcasting helpers for references

/** The numpy broadcast of two shapes (assumed compatible). */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** For an input of shape `inShape` broadcast to `outShape`: the input's flat index of each output flat index. */
export function broadcastIndex(inShape: readonly number[], outShape: readonly number[]): (i: number) => number {
  const offset = outShape.length - inShape.length;
  return (flat) => {
    let rest = flat;
    let index = 0;
    let stride = 1;
    for (let ax = outShape.length - 1; ax >= 0; ax--) {
      const coord = rest % outShape[ax];
      rest = Math.floor(rest / outShape[ax]);
      const inAx = ax - offset;
      if (inAx >= 0) {
        const d = inShape[inAx];
        index += (d === 1 ? 0 : coord) * stride;
        stride *= d;
      }
    }
    return index;
  };
}

/** Elementwise reference over broadcast operands. */
export function mapBroadcast(xs: readonly ConcreteTensor[], dtype: DType, fn: (...v: number[]) => number): Expected {
  const shape = xs.map((x) => x.shape).reduce<readonly number[]>((s, t) => broadcastShape(s, t), []);
  const index = xs.map((x) => broadcastIndex(x.shape, shape));
  const n = sizeOfShape(shape);
  const data = new Array<number>(n);
  for (let i = 0; i < n; i++) data[i] = fn(...xs.map((x, k) => dataOf(x)[index[k](i)]));
  return { shape, dtype, data };
}

/** Reference for a reduction along one axis: `fn` gets the lane's values. */
export function reduceAxisRef(x: { readonly shape: readonly number[]; readonly data: ArrayLike<number> }, axis: number, dtype: DType, fn: (lane: number[]) => number): Expected {
  const outer = sizeOfShape(x.shape.slice(0, axis));
  const d = x.shape[axis];
  const inner = sizeOfShape(x.shape.slice(axis + 1));
  const data: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const lane: number[] = [];
      for (let k = 0; k < d; k++) lane.push(x.data[(o * d + k) * inner + i]);
      data.push(fn(lane));
    }
  }
  return { shape: x.shape.filter((_, i) => i !== axis), dtype, data };
}
