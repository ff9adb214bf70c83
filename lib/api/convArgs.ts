/**
 * Argument parsing shared by the convolution and pooling functions:
 * dimension numbers given as strings (JAX's `conv_dimension_numbers` and
 * `conv_general_permutations`), named or explicit padding (JAX's
 * `padtype_to_pads`), and per-axis integer lists. Each check throws an
 * error that names the public function.
 *
 * @example
 * convDimensionNumbers([8, 28, 28, 1], [3, 3, 1, 32], ["NHWC", "HWIO", "NHWC"]);
 * // { lhsSpec: [0, 3, 1, 2], rhsSpec: [3, 2, 0, 1], outSpec: [0, 3, 1, 2] }
 */
import { denseArrayOrThrow, isArrayArg, optionsOrThrow, showValue } from "../core/convert.ts";
import { ArgumentError, ShapeError } from "../core/errors.ts";
import type { ConvDimensionNumbers as DimensionSpecs } from "../core/primitive.ts";
import { padtypeToPads } from "../kernels/windowGeometry.ts";

/** Padding: a name (JAX's `"SAME"`, `"SAME_LOWER"`, `"VALID"`) or one (low, high) pair per spatial axis. */
export type Padding = "SAME" | "SAME_LOWER" | "VALID" | readonly (readonly [number, number])[];

/**
 * JAX's `ConvDimensionNumbers`: for lhs, [batch axis, feature axis, spatial
 * axes...]; for rhs, [output-feature axis, input-feature axis, spatial
 * axes...]; for the output, as for lhs. Spatial axes are listed in the
 * order of the window (the order of the spatial letters in the rhs spec).
 */
export interface ConvDimensionNumbers {
  readonly lhsSpec: readonly number[];
  readonly rhsSpec: readonly number[];
  readonly outSpec: readonly number[];
}

/** Dimension numbers as strings (`["NHWC", "HWIO", "NHWC"]`), as `ConvDimensionNumbers`, or null for the canonical `NC…`, `OI…`, `NC…`. */
export type DimensionNumbers = readonly [string, string, string] | ConvDimensionNumbers | null;

// dimension numbers

/** Each spec's axes from its letters; spatial axes ordered as the rhs spec's spatial letters (JAX's conv_general_permutations). */
function permutations(op: string, specs: readonly [string, string, string]): [number[], number[], number[]] {
  const pairs = [["N", "C"], ["O", "I"], ["N", "C"]] as const;
  const names = ["lhs", "rhs", "out"];
  specs.forEach((spec, i) => {
    const [a, b] = pairs[i];
    const count = (c: string) => spec.split("").filter((x) => x === c).length;
    if (count(a) !== 1 || count(b) !== 1) {
      throw new ArgumentError(`${op}: the ${names[i]} dimension numbers ${JSON.stringify(spec)} must contain '${a}' and '${b}' exactly once.`);
    }
    if (new Set(spec).size !== spec.length) throw new ArgumentError(`${op}: the ${names[i]} dimension numbers ${JSON.stringify(spec)} repeat a letter.`);
  });
  const spatial = (spec: string, [a, b]: readonly [string, string]) => spec.split("").filter((c) => c !== a && c !== b);
  const rhsSpatial = spatial(specs[1], pairs[1]);
  const same = (letters: string[]) => letters.length === rhsSpatial.length && letters.every((c) => rhsSpatial.includes(c));
  if (!same(spatial(specs[0], pairs[0])) || !same(spatial(specs[2], pairs[2]))) {
    throw new ArgumentError(`${op}: dimension numbers ${JSON.stringify(specs)} must each have the same spatial letters.`);
  }
  return specs.map((spec, i) => {
    const [a, b] = pairs[i];
    return [spec.indexOf(a), spec.indexOf(b), ...rhsSpatial.map((c) => spec.indexOf(c))];
  }) as [number[], number[], number[]];
}

/**
 * JAX's `lax.conv_dimension_numbers`: the axis numbers of `dimensionNumbers`
 * for operands of these shapes (only their ranks matter). Strings name each
 * axis with a letter: N batch and C feature (lhs and output), O output
 * feature and I input feature (rhs), any other distinct letters for the
 * spatial axes, matched across the three by letter; the window's axis order
 * is the order of the spatial letters in the rhs string. Null (or omitted)
 * means the canonical layouts [N, C, spatial...], [O, I, spatial...].
 *
 * @example
 * lax.convDimensionNumbers([8, 28, 28, 1], [3, 3, 1, 32], ["NHWC", "HWIO", "NHWC"]);
 * // { lhsSpec: [0, 3, 1, 2], rhsSpec: [3, 2, 0, 1], outSpec: [0, 3, 1, 2] }
 */
export function convDimensionNumbers(lhsShape: readonly number[], rhsShape: readonly number[], dimensionNumbers?: DimensionNumbers): ConvDimensionNumbers {
  return dimensionNumbersOf("convDimensionNumbers", lhsShape, rhsShape, dimensionNumbers);
}

export function dimensionNumbersOf(op: string, lhsShapeIn: readonly number[], rhsShapeIn: readonly number[], dimensionNumbers: unknown): ConvDimensionNumbers {
  const lhsShape = sizesOrThrow(op, "the lhs shape", lhsShapeIn);
  const rhsShape = sizesOrThrow(op, "the rhs shape", rhsShapeIn);
  const rank = lhsShape.length;
  if (rank !== rhsShape.length || rank < 2) {
    throw new ShapeError(`${op}: lhs [${lhsShape.join(",")}] and rhs [${rhsShape.join(",")}] must have the same rank, at least 2 (batch and feature axes).`);
  }
  if (dimensionNumbers === null || dimensionNumbers === undefined) {
    const iota = Array.from({ length: rank }, (_, i) => i);
    return { lhsSpec: iota, rhsSpec: iota, outSpec: iota };
  }
  if (isArrayArg(op, dimensionNumbers)) {
    const specs = denseArrayOrThrow(op, "the dimension numbers", dimensionNumbers);
    if (specs.length !== 3 || !specs.every((s) => typeof s === "string")) {
      throw new ArgumentError(`${op}: dimension numbers must be three strings such as ["NHWC", "HWIO", "NHWC"], got ${showValue(dimensionNumbers)}.`);
    }
    if (specs.some((s) => (s as string).length !== rank)) {
      throw new ArgumentError(`${op}: dimension numbers ${showValue(specs)}: each string needs ${rank} letters, one per axis of lhs [${lhsShape.join(",")}] and rhs [${rhsShape.join(",")}].`);
    }
    const [lhsSpec, rhsSpec, outSpec] = permutations(op, specs as [string, string, string]);
    return { lhsSpec, rhsSpec, outSpec };
  }
  if (dimensionNumbers !== null && typeof dimensionNumbers === "object") {
    const { lhsSpec, rhsSpec, outSpec } = optionsOrThrow<ConvDimensionNumbers>(op, dimensionNumbers, ["lhsSpec", "rhsSpec", "outSpec"]);
    const isPermutation = (p: unknown): p is number[] =>
      Array.isArray(p) && p.length === rank && p.every((a, i) => Number.isInteger(a) && a >= 0 && a < rank && p.indexOf(a) === i);
    if (isPermutation(lhsSpec) && isPermutation(rhsSpec) && isPermutation(outSpec)) return { lhsSpec, rhsSpec, outSpec };
  }
  throw new ArgumentError(
    `${op}: dimension numbers must be null, three strings such as ["NHWC", "HWIO", "NHWC"], or { lhsSpec, rhsSpec, outSpec } permutations of the ${rank} axes; got ${showValue(dimensionNumbers)}.`,
  );
}

/** A shape given as an argument: a dense list of sizes. */
function sizesOrThrow(op: string, what: string, shape: unknown): number[] {
  const list = isArrayArg(op, shape) ? denseArrayOrThrow(op, what, shape) : null;
  if (list === null || !list.every((d) => typeof d === "number" && Number.isSafeInteger(d) && d >= 0)) {
    throw new ArgumentError(`${op}: ${what} must be an array of sizes, got ${showValue(shape)}.`);
  }
  return list as number[];
}

/** The specs as the primitive's param. */
export const specsOf = (d: ConvDimensionNumbers): DimensionSpecs => [d.lhsSpec, d.rhsSpec, d.outSpec];

// per-axis lists and padding

/** `count` integers of at least `min` (undefined/null: `fallback` repeated), read once and densely. */
export function intsOrThrow(op: string, name: string, value: unknown, count: number, min: number, fallback?: number): number[] {
  if ((value === undefined || value === null) && fallback !== undefined) return new Array<number>(count).fill(fallback);
  const list = isArrayArg(op, value) ? denseArrayOrThrow(op, name, value) : null;
  if (list === null || list.length !== count || !list.every((v) => typeof v === "number" && Number.isSafeInteger(v) && v >= min)) {
    throw new ArgumentError(`${op}: ${name} must be ${count} integer${count === 1 ? "" : "s"} >= ${min} (one per ${name === "windowDimensions" ? "axis" : "spatial axis"}), got ${showValue(value)}.`);
  }
  return list as number[];
}

/**
 * (low, high) pairs for `padding`: a name is turned into pairs as JAX's
 * `padtype_to_pads` does, from the input sizes, the window spans (dilated)
 * and the strides; explicit pairs are read once, densely, and checked.
 */
export function paddingOrThrow(op: string, padding: unknown, inSizes: readonly number[], spans: readonly number[], strides: readonly number[]): [number, number][] {
  if (padding === "SAME" || padding === "SAME_LOWER" || padding === "VALID") return padtypeToPads(inSizes, spans, strides, padding);
  const bad = () => new ArgumentError(`${op}: padding must be "SAME", "SAME_LOWER", "VALID" or ${inSizes.length} (low, high) integer pairs, got ${showValue(padding)}.`);
  if (!isArrayArg(op, padding)) throw bad();
  const pairs = denseArrayOrThrow(op, "padding", padding).map((p) => (isArrayArg(op, p) ? denseArrayOrThrow(op, "a padding pair", p) : null));
  const ok = pairs.length === inSizes.length && pairs.every((p) => p !== null && p.length === 2 && p.every((v) => typeof v === "number" && Number.isSafeInteger(v)));
  if (!ok) throw bad();
  return (pairs as [number, number][]).map(([lo, hi]) => [lo, hi]);
}

/** The size of a window of `size` elements spaced `dilation` apart. */
export const dilated = (size: number, dilation: number) => (size === 0 ? 0 : (size - 1) * dilation + 1);
