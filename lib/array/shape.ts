/**
 * Shapes: sizes, row-major strides, numpy broadcasting and axis normalization.
 */

/** An array's dimensions, outermost first. */
export type Shape = readonly number[];

/** The number of elements of an array of `shape` (1 for a scalar). */
export function sizeOf(shape: Shape): number {
  let size = 1;
  for (let i = 0; i < shape.length; i++) size *= shape[i];
  return size;
}

/** The contiguous row-major element strides of `shape`. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= shape[i];
  }
  return strides;
}

/** Whether two shapes are identical. */
export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The numpy broadcast of two shapes, or null when they are incompatible. */
export function broadcastShapes(a: Shape, b: Shape): number[] | null {
  const ndim = Math.max(a.length, b.length);
  const out = new Array<number>(ndim);
  for (let i = 0; i < ndim; i++) {
    const da = i < ndim - a.length ? 1 : a[i - (ndim - a.length)];
    const db = i < ndim - b.length ? 1 : b[i - (ndim - b.length)];
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else return null;
  }
  return out;
}

/** `axis` in [0, ndim), counting negative axes from the end; null when out of range. */
export function normalizeAxis(axis: number, ndim: number): number | null {
  if (!Number.isInteger(axis)) return null;
  const normalized = axis < 0 ? axis + ndim : axis;
  return normalized >= 0 && normalized < ndim ? normalized : null;
}

/** Sorted unique normalized axes (all axes when undefined/null); null when any is invalid or repeated. */
export function normalizeAxes(axis: number | readonly number[] | undefined | null, ndim: number): number[] | null {
  if (axis === undefined || axis === null) {
    const all = new Array<number>(ndim);
    for (let i = 0; i < ndim; i++) all[i] = i;
    return all;
  }
  const given = typeof axis === "number" ? [axis] : axis;
  const out: number[] = [];
  for (let i = 0; i < given.length; i++) {
    const normalized = normalizeAxis(given[i], ndim);
    if (normalized === null || out.includes(normalized)) return null;
    out.push(normalized);
  }
  return out.sort((x, y) => x - y);
}

/** A shape as text, e.g. "[3,2]". */
export function formatShape(shape: Shape): string {
  return `[${shape.join(",")}]`;
}

/** Whether `shape` is an array of non-negative safe integers. */
export function isValidShape(shape: unknown): shape is number[] {
  if (!Array.isArray(shape)) return false;
  for (let i = 0; i < shape.length; i++) {
    const d: unknown = shape[i];
    if (typeof d !== "number" || !Number.isSafeInteger(d) || d < 0) return false;
  }
  return true;
}
