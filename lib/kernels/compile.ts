/**
 * Loop specialization and layout helpers shared by the kernels.
 *
 * Hot loops are generated as source text and compiled once per
 * (operation, typed-array kinds), so each compiled loop only ever sees one
 * kind of array per operand and V8 keeps its element accesses monomorphic
 * with the arithmetic inlined. The compiled functions are pure code; the
 * cache never holds data.
 */
import type { TypedArray } from "../array/dtype.ts";
import type { Shape } from "../array/shape.ts";
import { SCALAR_FUNCTIONS } from "./scalar.ts";
import { ESCAPES, type LaneType } from "./lanes/lanes.ts";

const compiled = new Map<string, unknown>();

const scalarNames = Object.keys(SCALAR_FUNCTIONS);

/** Shared functions of the JavaScript lanes (`JsLanes.subroutine`): one compiled function per kernel and operand types. */
export const SUBROUTINES = new Map<string, { readonly fn: (...args: number[]) => number; readonly type: LaneType; readonly work: number }>();

/**
 * The function built by `body` (a function body that returns it), with the
 * scalar functions of `scalar.ts` (`erf`, `logistic`, ...) and the lanes'
 * subroutines in scope.
 */
export function compileFunction<T>(body: string): T {
  const prelude = `"use strict";\nconst { ${scalarNames.join(", ")} } = scalarFunctions;\n`;
  return new Function("scalarFunctions", "subroutines", "escapes", prelude + body)(SCALAR_FUNCTIONS, SUBROUTINES, ESCAPES) as T;
}

/** The function built by `source` (a function body that returns it), compiled once per `key`. */
export function compileOnce<T>(key: string, source: () => string): T {
  let fn = compiled.get(key);
  if (fn === undefined) {
    // The key is part of the text so no two specializations share V8's eval cache entry or feedback.
    fn = compileFunction(`// ${key}\n${source()}`);
    compiled.set(key, fn);
  }
  return fn as T;
}

/** A small integer naming the kind of typed array: 0 Float64, 1 Float32, 2 Int32, 3 Uint8 (bool), 4 Uint32; below `KINDS`. */
export function kindCode(x: TypedArray): number {
  if (x instanceof Float64Array) return 0;
  if (x instanceof Float32Array) return 1;
  if (x instanceof Int32Array) return 2;
  if (x instanceof Uint8Array) return 3;
  return 4;
}

/** How many kinds `kindCode` tells apart: the radix of the specialization codes that combine several. */
export const KINDS = 5;

const KIND_NAMES: readonly string[] = ["f64", "f32", "i32", "u8", "u32"];

/** A short name for the kind of typed array, used in specialization keys. */
export function kindOf(x: TypedArray): string {
  return KIND_NAMES[kindCode(x)];
}

/**
 * The specialization cached in `table` under the integer `code` (cheap to
 * compute on every call), compiling it with `build` on the first miss.
 */
export function specialize<T>(table: Map<number, T>, code: number, build: () => T): T {
  let fn = table.get(code);
  if (fn === undefined) {
    fn = build();
    table.set(code, fn);
  }
  return fn;
}

/** Collapsed iteration space shared by several broadcast operands: dims and per-operand element strides. */
export interface BroadcastPlan {
  readonly dims: number[];
  readonly strides: number[][];
}

/**
 * Aligns each input shape to `outShape` (stride 0 along broadcast axes), drops
 * size-1 output axes and merges adjacent axes that every operand walks
 * contiguously, so the innermost loop is as long as possible.
 */
export function broadcastPlan(outShape: Shape, inShapes: readonly Shape[]): BroadcastPlan {
  const rank = outShape.length;
  const count = inShapes.length;
  // aligned[k * rank + axis]: operand k's element stride along output axis `axis` (0 when broadcast).
  const aligned = new Array<number>(count * rank).fill(0);
  for (let k = 0; k < count; k++) {
    const shape = inShapes[k];
    let stride = 1;
    for (let i = shape.length - 1; i >= 0; i--) {
      aligned[k * rank + rank - shape.length + i] = shape[i] === 1 ? 0 : stride;
      stride *= shape[i];
    }
  }
  const dims: number[] = [];
  const strides: number[][] = [];
  for (let k = 0; k < count; k++) strides.push([]);
  for (let axis = 0; axis < rank; axis++) {
    const size = outShape[axis];
    if (size === 1) continue;
    const last = dims.length - 1;
    let mergeable = last >= 0;
    for (let k = 0; mergeable && k < count; k++) mergeable = strides[k][last] === aligned[k * rank + axis] * size;
    if (mergeable) {
      dims[last] *= size;
      for (let k = 0; k < count; k++) strides[k][last] = aligned[k * rank + axis];
    } else {
      dims.push(size);
      for (let k = 0; k < count; k++) strides[k].push(aligned[k * rank + axis]);
    }
  }
  if (dims.length === 0) {
    dims.push(1);
    for (let k = 0; k < count; k++) strides[k].push(0);
  }
  return { dims, strides };
}

/** Source of an odometer step over dims[0..rank-2]: advances offsets `names` by their strides arrays `strideNames`. */
export function odometerStep(names: readonly string[], strideNames: readonly string[]): string {
  const advance = names.map((n, k) => `${n} += ${strideNames[k]}[d];`).join(" ");
  const rewind = names.map((n, k) => `${n} -= ${strideNames[k]}[d] * dims[d];`).join(" ");
  return `for (let d = rank - 2; d >= 0; d--) { ${advance} if (++counter[d] < dims[d]) break; ${rewind} counter[d] = 0; }`;
}
