/**
 * The geometry that convolution and reduce_window share (XLA's `Window`):
 * along each spatial axis the input of size L is dilated by `baseDilation`
 * (d - 1 holes between elements, size (L - 1) d + 1), padded by (lo, hi)
 * (negative values crop), and a window of K elements spaced `windowDilation`
 * apart (span (K - 1) r + 1) slides over it with `stride`. Window position
 * y, element k reads the padded, dilated index y·stride + k·r, which is the
 * input element (y·stride + k·r - lo) / d when that is a whole number in
 * [0, L), and padding or a hole otherwise.
 */
import { ArgumentError, ShapeError } from "../core/errors.ts";
import type { Shape } from "../array/shape.ts";

/** (low, high) padding per spatial axis; negative values crop. */
export type PaddingPairs = readonly (readonly [number, number])[];

/** The size of an axis of `size` elements with `dilation - 1` holes between neighbours. */
export function dilatedSize(size: number, dilation: number): number {
  return size === 0 ? 0 : (size - 1) * dilation + 1;
}

/**
 * How many window positions fit along an axis:
 * floor((padded - span) / stride) + 1, or 0 when the window does not fit.
 */
export function windowPositions(
  size: number,
  window: number,
  stride: number,
  padding: readonly [number, number],
  baseDilation: number,
  windowDilation: number,
): number {
  const padded = padding[0] + dilatedSize(size, baseDilation) + padding[1];
  const span = dilatedSize(window, windowDilation);
  return padded < span ? 0 : Math.floor((padded - span) / stride) + 1;
}

/**
 * The input element each (position y, window element k) reads along one
 * axis, times `scale` (the axis's element stride), at [y * window + k];
 * -1 where it reads padding or a dilation hole. O(positions × window).
 */
export function windowIndexTable(
  size: number,
  positions: number,
  window: number,
  stride: number,
  padLow: number,
  baseDilation: number,
  windowDilation: number,
  scale: number,
): Int32Array {
  const table = new Int32Array(positions * window);
  const dilated = dilatedSize(size, baseDilation);
  for (let y = 0; y < positions; y++) {
    for (let k = 0; k < window; k++) {
      const at = y * stride + k * windowDilation - padLow;
      table[y * window + k] = at >= 0 && at < dilated && at % baseDilation === 0 ? (at / baseDilation) * scale : -1;
    }
  }
  return table;
}

/** The named paddings of JAX's `padtype_to_pads`. */
export type PaddingMode = "VALID" | "SAME" | "SAME_LOWER";

/**
 * Explicit (low, high) pairs for a named padding, as JAX's
 * `padtype_to_pads`: VALID pads nothing; SAME and SAME_LOWER pad
 * max(0, (ceil(L / s) - 1) s + K - L) in total so the output has
 * ceil(L / s) positions, the odd element going high (SAME) or low
 * (SAME_LOWER). `windowSpatial` is the window's span, i.e. already dilated
 * (JAX passes the dilated kernel shape for a convolution).
 *
 * @example
 * padtypeToPads([28, 28], [3, 3], [1, 1], "SAME"); // [[1, 1], [1, 1]]
 * padtypeToPads([5], [2], [2], "SAME_LOWER");       // [[1, 0]]
 */
export function padtypeToPads(inSpatial: Shape, windowSpatial: Shape, strides: readonly number[], mode: PaddingMode): [number, number][] {
  if (mode === "VALID") return inSpatial.map(() => [0, 0]);
  if (mode !== "SAME" && mode !== "SAME_LOWER") {
    throw new ArgumentError(`padding: unknown padding ${describe(mode)}; use "VALID", "SAME", "SAME_LOWER" or explicit (low, high) pairs`);
  }
  return inSpatial.map((size, d) => {
    const positions = Math.ceil(size / strides[d]);
    const total = Math.max(0, (positions - 1) * strides[d] + windowSpatial[d] - size);
    const half = Math.floor(total / 2);
    return mode === "SAME" ? [half, total - half] : [total - half, half];
  });
}

function describe(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** Throws unless `values` is a list of `rank` integers of at least `min`. */
export function checkIntegers(op: string, name: string, values: readonly number[], rank: number, min: number): void {
  if (!Array.isArray(values) || values.length !== rank || !values.every((v) => Number.isInteger(v) && v >= min)) {
    throw new ArgumentError(`${op}: ${name} must be ${rank} integers >= ${min} (one per spatial axis), got ${describe(values)}`);
  }
}

/** Throws unless `padding` is `rank` pairs of integers. */
export function checkPadding(op: string, padding: PaddingPairs, rank: number): void {
  if (!Array.isArray(padding) || padding.length !== rank || !padding.every((p) => Array.isArray(p) && p.length === 2 && Number.isInteger(p[0]) && Number.isInteger(p[1]))) {
    throw new ArgumentError(`${op}: padding must be ${rank} (low, high) integer pairs, got ${describe(padding)}`);
  }
}

/** Throws unless `shape` is a list of non-negative integers of rank `rank` (or at least `rank` when `atLeast`). */
export function checkShape(op: string, name: string, shape: Shape, rank: number, atLeast = false): void {
  const rankOk = atLeast ? shape.length >= rank : shape.length === rank;
  if (!rankOk || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ShapeError(`${op}: ${name} shape [${shape.join(", ")}] must have ${atLeast ? "at least " : ""}${rank} non-negative dimensions`);
  }
}
