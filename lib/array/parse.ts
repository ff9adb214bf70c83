/**
 * Nested JS data (numbers, booleans, rectangular nested arrays, typed arrays)
 * to flat row-major values plus a shape and the kind of its leaves.
 *
 * One pass over the leaves into a preallocated Float64Array; nothing is
 * allocated per element, so large flat arrays parse quickly.
 */
import * as E from "fp-ts/lib/Either.js";
import type { TypedArray } from "./dtype.ts";

/** Flat values, their shape and the kind of the leaves (the caller picks the dtype). */
export interface ParsedData {
  readonly values: number[] | TypedArray;
  readonly shape: number[];
  readonly kind: "bool" | "int" | "float";
}

type NumericView =
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint8Array
  | Int8Array
  | Int16Array
  | Uint16Array
  | Uint32Array
  | Uint8ClampedArray;

function isNumericView(x: unknown): x is NumericView {
  return (
    x instanceof Float64Array ||
    x instanceof Float32Array ||
    x instanceof Int32Array ||
    x instanceof Uint8Array ||
    x instanceof Int8Array ||
    x instanceof Int16Array ||
    x instanceof Uint16Array ||
    x instanceof Uint32Array ||
    x instanceof Uint8ClampedArray
  );
}

function isFloatView(x: NumericView): boolean {
  return x instanceof Float64Array || x instanceof Float32Array;
}

function isRow(x: unknown): x is ArrayLike<unknown> {
  return Array.isArray(x) || isNumericView(x);
}

function describeType(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "array";
  if (ArrayBuffer.isView(x)) return x.constructor.name;
  return typeof x;
}

/** Mutable state of one parse: the output cursor and what the leaves looked like. */
interface ParseState {
  readonly out: Float64Array;
  readonly shape: number[];
  readonly path: number[];
  position: number;
  allBool: boolean;
  allInt: boolean;
  error: string | null;
}

function pathText(path: readonly number[], depth: number): string {
  let text = "data";
  for (let i = 0; i < depth; i++) text += `[${path[i]}]`;
  return text;
}

function firstPathText(depth: number): string {
  let text = "data";
  for (let i = 0; i < depth; i++) text += "[0]";
  return text;
}

function fail(state: ParseState, message: string): false {
  state.error = message;
  return false;
}

/** Copies the leaves of the row at `depth` (a leaf row when depth === ndim - 1). */
function fillLeaves(state: ParseState, row: ArrayLike<unknown>, depth: number): boolean {
  const out = state.out;
  const length = row.length;
  let position = state.position;
  if (isNumericView(row)) {
    for (let i = 0; i < length; i++) out[position + i] = row[i];
    state.position = position + length;
    state.allBool = false;
    if (isFloatView(row)) state.allInt = false;
    return true;
  }
  let allBool = state.allBool;
  let allInt = state.allInt;
  for (let i = 0; i < length; i++) {
    const value = row[i];
    if (typeof value === "number") {
      out[position++] = value;
      allBool = false;
      if (allInt && !Number.isInteger(value)) allInt = false;
    } else if (typeof value === "boolean") {
      out[position++] = value ? 1 : 0;
    } else {
      state.path[depth] = i;
      if (isRow(value)) {
        return fail(
          state,
          `ragged nested array: ${pathText(state.path, depth + 1)} is an array but ${firstPathText(depth + 1)} is a number`,
        );
      }
      return fail(
        state,
        `invalid element at ${pathText(state.path, depth + 1)}: expected a number or boolean, got ${describeType(value)}`,
      );
    }
  }
  state.position = position;
  state.allBool = allBool;
  state.allInt = allInt;
  return true;
}

/** Validates and copies the row at `depth`, whose path is state.path[0..depth). */
function fillRow(state: ParseState, row: ArrayLike<unknown>, depth: number): boolean {
  const expected = state.shape[depth];
  if (row.length !== expected) {
    return fail(
      state,
      `ragged nested array: ${pathText(state.path, depth)} has length ${row.length} but ${firstPathText(depth)} has length ${expected}`,
    );
  }
  if (depth === state.shape.length - 1) return fillLeaves(state, row, depth);
  for (let i = 0; i < expected; i++) {
    const child = row[i];
    state.path[depth] = i;
    if (!isRow(child)) {
      const where = pathText(state.path, depth + 1);
      if (typeof child === "number" || typeof child === "boolean") {
        return fail(
          state,
          `ragged nested array: ${where} is a ${typeof child} but ${firstPathText(depth + 1)} is an array of length ${state.shape[depth + 1]}`,
        );
      }
      return fail(state, `invalid element at ${where}: expected a number, boolean or array, got ${describeType(child)}`);
    }
    if (!fillRow(state, child, depth + 1)) return false;
  }
  return true;
}

/** The most axes nested data may have (numpy 2's limit); deeper nesting, and cycles, are an error. */
export const MAX_NDIM = 64;

/**
 * Flattens nested JS data into row-major values, or explains why it is not a rectangular numeric array
 * (ragged, non-numeric, sparse, cyclic, or nested deeper than `MAX_NDIM`). `checkSize(shape)` runs
 * before the values are allocated, and may throw (the buffer limit).
 */
export function parseNested(data: unknown, checkSize?: (shape: readonly number[]) => void): E.Either<string, ParsedData> {
  if (typeof data === "number") {
    return E.right({ values: [data], shape: [], kind: Number.isInteger(data) ? "int" : "float" });
  }
  if (typeof data === "boolean") return E.right({ values: [data ? 1 : 0], shape: [], kind: "bool" });
  if (isNumericView(data)) {
    const kind = isFloatView(data) ? "float" : "int";
    const values: TypedArray =
      data instanceof Float64Array || data instanceof Float32Array || data instanceof Int32Array || data instanceof Uint32Array || data instanceof Uint8Array
        ? data.slice()
        : Float64Array.from(data);
    return E.right({ values, shape: [data.length], kind });
  }
  if (!Array.isArray(data)) {
    return E.left(`invalid data: expected a number, boolean, nested array or typed array, got ${describeType(data)}`);
  }
  // The shape is read off the first element at each depth; every other row is checked against it.
  const shape: number[] = [];
  const seen = new Set<unknown>();
  let current: unknown = data;
  while (isRow(current)) {
    if (seen.has(current)) return E.left(`cyclic nested array: ${firstPathText(shape.length)} contains itself`);
    if (shape.length >= MAX_NDIM) {
      return E.left(`nested array is more than ${MAX_NDIM} levels deep (a tensor has at most ${MAX_NDIM} axes)`);
    }
    seen.add(current);
    const length: unknown = current.length;
    if (typeof length !== "number" || !Number.isSafeInteger(length) || length < 0) {
      return E.left(`invalid nested array: ${firstPathText(shape.length)} has length ${typeof length === "number" ? length : typeof length}`);
    }
    shape.push(length);
    if (length === 0 || isNumericView(current)) break;
    current = current[0];
  }
  let size = 1;
  for (const d of shape) size *= d;
  checkSize?.(shape);
  const state: ParseState = {
    out: new Float64Array(size),
    shape,
    path: new Array<number>(shape.length).fill(0),
    position: 0,
    allBool: true,
    allInt: true,
    error: null,
  };
  if (!fillRow(state, data, 0)) return E.left(state.error ?? "invalid data");
  const kind = size === 0 ? "float" : state.allBool ? "bool" : state.allInt ? "int" : "float";
  return E.right({ values: state.out, shape, kind });
}
