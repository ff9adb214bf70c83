/**
 * Storage conventions shared by the dense linear-algebra kernels.
 *
 * Every kernel takes and returns row-major typed arrays holding a batch of
 * matrices laid out one after another (`[batch, m, n]`), so a stack
 * `[..., m, n]` is passed with `batch` = the product of the leading dims.
 * Inputs may be Float64Array or Float32Array; outputs have the input's
 * storage type. Each matrix is copied into a Float64Array work buffer, the
 * algorithm runs in float64 (also for float32 storage, which only rounds the
 * result), and the result is copied out.
 *
 * @example
 * const work = new Float64Array(4);
 * loadMatrix(new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]), 1, 4, work); // work = [5, 6, 7, 8]
 */
import { ShapeError } from "../../core/errors.ts";

// types

/** The storage the linear-algebra kernels accept: float64 or float32. */
export type FloatArray = Float64Array | Float32Array;

// constructors

/** A zero-filled array of `size` elements with the storage type of `like`. */
export function allocateLike<T extends FloatArray>(like: T, size: number): T {
  return (like instanceof Float32Array ? new Float32Array(size) : new Float64Array(size)) as T;
}

// checks

/** Throws a ShapeError naming `op` unless every dimension is a non-negative integer. */
export function checkDims(op: string, dims: Readonly<Record<string, number>>): void {
  for (const [name, value] of Object.entries(dims)) {
    if (!Number.isInteger(value) || value < 0) {
      throw new ShapeError(`${op}: ${name} must be a non-negative integer, got ${value}`);
    }
  }
}

/**
 * Throws a ShapeError naming `op` unless `array` holds exactly `shape`'s
 * elements (the kernels read contiguous `[batch, m, n]` blocks).
 */
export function checkLength(op: string, name: string, array: ArrayLike<number>, shape: readonly number[]): void {
  const expected = shape.reduce((a, b) => a * b, 1);
  if (array.length !== expected) {
    throw new ShapeError(
      `${op}: ${name} has ${array.length} elements but the shape [${shape.join(", ")}] needs ${expected}; ` +
        `pass a contiguous row-major [batch, rows, cols] block`,
    );
  }
}

// copies

/** Copies matrix `index` of `size` elements from `src` into the start of `work` (float32 widens). */
export function loadMatrix(src: FloatArray, index: number, size: number, work: Float64Array): void {
  work.set(src.subarray(index * size, (index + 1) * size));
}

/** Copies the first `size` elements of `work` into matrix `index` of `dst` (float32 rounds). */
export function storeMatrix(work: Float64Array, dst: FloatArray, index: number, size: number): void {
  dst.set(work.subarray(0, size), index * size);
}

/** dst [cols, rows] = src [rows, cols] transposed, both at offset 0, tiled for the cache. */
export function transposeInto(src: Float64Array, rows: number, cols: number, dst: Float64Array): void {
  const tile = 32;
  for (let i0 = 0; i0 < rows; i0 += tile) {
    const i1 = Math.min(rows, i0 + tile);
    for (let j0 = 0; j0 < cols; j0 += tile) {
      const j1 = Math.min(cols, j0 + tile);
      for (let i = i0; i < i1; i++) {
        const row = i * cols;
        for (let j = j0; j < j1; j++) dst[j * rows + i] = src[row + j];
      }
    }
  }
}

/** Sets the `n`×`n` matrix at the start of `work` to the identity. */
export function setIdentity(work: Float64Array, n: number): void {
  work.fill(0, 0, n * n);
  for (let i = 0; i < n; i++) work[i * n + i] = 1;
}

/** Whether every one of the first `size` elements of `work` is finite. */
export function allFinite(work: Float64Array, size: number): boolean {
  for (let i = 0; i < size; i++) if (!Number.isFinite(work[i])) return false;
  return true;
}
