/**
 * Deliberately naive references and fast-check arbitraries for the kernel
 * specs: every reference walks multi-indices one element at a time.
 */
import fc from "fast-check";
import { allocate, typedArrayFrom } from "../../lib/array/dtype.ts";
import type { DType, TypedArray } from "../../lib/array/dtype.ts";
import { sizeOf } from "../../lib/array/shape.ts";
import type { Shape } from "../../lib/array/shape.ts";

/** The multi-index of flat position `flat` in a row-major array of `shape`. */
export function coordsOf(flat: number, shape: Shape): number[] {
  const coords = new Array<number>(shape.length).fill(0);
  for (let d = shape.length - 1; d >= 0; d--) {
    coords[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return coords;
}

/** The flat position of `coords` in a row-major array of `shape`. */
export function flatOf(coords: readonly number[], shape: Shape): number {
  let flat = 0;
  for (let d = 0; d < shape.length; d++) flat = flat * shape[d] + coords[d];
  return flat;
}

/** Every multi-index of `shape` in row-major order. */
export function allCoords(shape: Shape): number[][] {
  const out: number[][] = [];
  const size = sizeOf(shape);
  for (let i = 0; i < size; i++) out.push(coordsOf(i, shape));
  return out;
}

/** The element of x (shape `shape`) read at output coords under numpy broadcasting. */
export function broadcastRead(x: ArrayLike<number>, shape: Shape, outCoords: readonly number[]): number {
  const offset = outCoords.length - shape.length;
  const coords = shape.map((d, i) => (d === 1 ? 0 : outCoords[offset + i]));
  return x[flatOf(coords, shape)];
}

/** A plain-array copy of the values as they would be stored in `dtype`. */
export function stored(dtype: DType, values: readonly number[]): number[] {
  return Array.from(typedArrayFrom(dtype, values));
}

/** A zero array of `dtype` filled from `values` through typed-array stores. */
export function storeAll(dtype: DType, values: readonly number[]): TypedArray {
  const out = allocate(dtype, values.length);
  for (let i = 0; i < values.length; i++) out[i] = dtype === "bool" ? (values[i] !== 0 ? 1 : 0) : values[i];
  return out;
}

/** Shapes of rank 0..maxRank with dims 0..maxDim. */
export function shapeArb(maxRank = 4, maxDim = 4, minDim = 0): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: minDim, max: maxDim }), { maxLength: maxRank });
}

/** Any of the four dtypes. */
export const dtypeArb: fc.Arbitrary<DType> = fc.constantFrom<DType>("float64", "float32", "int32", "uint32", "bool");

/** Element values that exercise signs, zeros, fractions and the IEEE specials. */
export const valueArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -6, max: 6 }) },
  { weight: 4, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 0.5, -2.5, 1e10, -3e-7) },
);

/** A typed array of `dtype` with `size` random elements. */
export function dataArb(dtype: DType, size: number, values: fc.Arbitrary<number> = valueArb): fc.Arbitrary<TypedArray> {
  return fc.array(values, { minLength: size, maxLength: size }).map((v) => typedArrayFrom(dtype, v));
}

/** A random array: dtype, shape and data. */
export interface RandomArray {
  readonly dtype: DType;
  readonly shape: number[];
  readonly data: TypedArray;
}

/** A random array whose shape comes from `shapes` and dtype from `dtypes`. */
export function arrayArb(
  shapes: fc.Arbitrary<number[]> = shapeArb(),
  dtypes: fc.Arbitrary<DType> = dtypeArb,
  values: fc.Arbitrary<number> = valueArb,
): fc.Arbitrary<RandomArray> {
  return fc
    .tuple(shapes, dtypes)
    .chain(([shape, dtype]) => dataArb(dtype, sizeOf(shape), values).map((data) => ({ dtype, shape, data })));
}

/** Values whose sums are exact in any order (small multiples of 1/8) plus the IEEE specials. */
export const exactSumValueArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -6, max: 6 }) },
  { weight: 4, arbitrary: fc.integer({ min: -80, max: 80 }).map((v) => v / 8) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, NaN, Infinity, -Infinity) },
);

/** An output shape and two (or more) input shapes that broadcast to it. */
export function broadcastShapesArb(count: number): fc.Arbitrary<{ out: number[]; inputs: number[][] }> {
  return shapeArb(4, 4).chain((out) => {
    const input = fc
      .tuple(fc.integer({ min: 0, max: out.length }), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }))
      .map(([drop, ones]) => out.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)));
    return fc.array(input, { minLength: count, maxLength: count }).map((inputs) => {
      // The true output is the broadcast of the inputs (a 0 dim may have become 1 everywhere).
      const rank = out.length;
      const shape = out.map((_, axis) => {
        let size = 1;
        for (const s of inputs) {
          const d = axis - (rank - s.length) >= 0 ? s[axis - (rank - s.length)] : 1;
          if (d !== 1) size = d;
        }
        return size;
      });
      return { out: shape, inputs };
    });
  });
}

/** Null when the sequences match element for element (NaN equals NaN, -0 equals 0, relative `tolerance`), else why not. */
export function sameValues(got: ArrayLike<number>, want: ArrayLike<number>, tolerance = 0): string | null {
  if (got.length !== want.length) return `length ${got.length} != ${want.length}`;
  for (let i = 0; i < got.length; i++) {
    const g = got[i];
    const w = want[i];
    if (g === w || (g !== g && w !== w)) continue;
    if (tolerance > 0 && Math.abs(g - w) <= tolerance * Math.max(1, Math.abs(w))) continue;
    return `index ${i}: got ${g}, want ${w}`;
  }
  return null;
}
