/**
 * Limits that turn runaway inputs into clear errors instead of an exhausted
 * process: the largest buffer one tensor may hold (`maxBufferBytes`, set with
 * `config.update`), and the deepest tree or nested array a function walks.
 *
 * Every tensor's storage is checked against the buffer limit before it is
 * allocated: primitives' outputs in `bind` (eagerly) and when staged (under
 * `jit`), creation functions, random samplers and parsed data all call
 * `bufferSizeOrThrow` with the shape and dtype they are about to allocate.
 *
 * @example
 * config.update("maxBufferBytes", 2 ** 33); // allow buffers up to 8 GiB
 * np.zeros([5e4, 5e4]); // ShapeError: zeros: a tensor of shape [50000,50000] and dtype float64 needs 18.6 GiB ...
 */
import type { DType } from "../array/dtype.ts";
import { ShapeError } from "./errors.ts";

// model

/** The default buffer limit: 2 GiB per tensor (268,435,456 float64 elements). */
export const DEFAULT_MAX_BUFFER_BYTES = 2 ** 31;

/**
 * The deepest nesting that trees (`tree.*`, transforms' arguments and results) and nested arrays
 * (`np.array`) may have: 1000 levels, as Python's default recursion limit bounds JAX's pytrees.
 */
export const MAX_NESTING_DEPTH = 1000;

/** The mutable settings (changed through `config.update`). */
export const limits = { maxBufferBytes: DEFAULT_MAX_BUFFER_BYTES };

const BYTES: Readonly<Record<DType, number>> = { float64: 8, float32: 4, int32: 4, uint32: 4, bool: 1 };

// utils

/** Bytes of one element of `dtype`. */
export function bytesPerElement(dtype: DType): number {
  return BYTES[dtype] ?? 8;
}

function formatBytes(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 || Number.isInteger(value) ? String(value) : value >= 100 ? value.toFixed(0) : value.toPrecision(3);
  return `${shown} ${units[unit]}`;
}

/**
 * Throws a `ShapeError` naming `op`, the shape and the bytes it would need when a tensor of
 * `shape` and `dtype` is larger than `limits.maxBufferBytes`. `shape` holds non-negative integers.
 */
export function bufferSizeOrThrow(op: string, shape: readonly number[], dtype: DType): void {
  let size = 1;
  for (let i = 0; i < shape.length; i++) size *= shape[i];
  const bytes = size * bytesPerElement(dtype);
  if (bytes > limits.maxBufferBytes) throw bufferError(op, shape, dtype, bytes);
}

/** Like `bufferSizeOrThrow` for a flat count of elements. */
export function elementCountOrThrow(op: string, count: number, dtype: DType): void {
  const bytes = count * bytesPerElement(dtype);
  if (bytes > limits.maxBufferBytes) throw bufferError(op, [count], dtype, bytes);
}

function bufferError(op: string, shape: readonly number[], dtype: DType, bytes: number): ShapeError {
  const exact = Number.isSafeInteger(bytes) ? ` (${bytes} bytes)` : "";
  return new ShapeError(
    `${op}: a tensor of shape [${shape.join(",")}] and dtype ${dtype} needs ${formatBytes(bytes)}${exact}, more than the ` +
      `buffer limit of ${formatBytes(limits.maxBufferBytes)}. Use smaller shapes, or raise the limit with ` +
      `config.update("maxBufferBytes", bytes) if the memory is there.`,
  );
}
