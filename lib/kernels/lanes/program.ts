/**
 * A loop program: the description of one elementwise pass over `n`
 * elements that both loop emitters compile (`jsLoop.ts`, `wasmLoop.ts`).
 * Inputs are read by index, as one scalar, or as a trailing block repeated
 * along the loop (`suffix`: a bias row); the body computes, from the
 * inputs' lane values, the arrays to store and the values to sum (each sum
 * in row-major order with `compensatedSum`, the eager reduction's code).
 *
 * @example
 * const program: LoopProgram = {
 *   key: "exp-then-sum:f64",
 *   inputs: [{ dtype: "float64", access: "index" }],
 *   outputs: ["float64"],
 *   sums: [{ cells: 1, inner: 1 }],
 *   body: { kind: "lanes", run: (b, [x]) => { const y = expLanes(b, x); return { outputs: [y], sums: [y] }; } },
 * };
 */
import type { DType } from "../../array/dtype.ts";
import type { JsLane, JsLanes } from "./jsLanes.ts";
import { hasLanes, laneOf, type ElementRule, type Lanes } from "./lanes.ts";

/**
 * How a loop reads an input at element `i`: `x[i]`, `x[0]`,
 * `x[i % x.length]` (a trailing block repeated: a bias row), or
 * `x[floor(i / inner)]` (each value repeated `inner` times: a column).
 */
export type Access = "index" | "scalar" | "suffix" | "prefix";

export interface LoopInput {
  readonly dtype: DType;
  readonly access: Access;
  /** For `prefix`: how many consecutive elements read one value. */
  readonly inner?: number;
}

/**
 * A sum of the loop's values into `cells` accumulators: element `i` adds
 * into cell floor(i / inner) % cells, in order. A full sum has one cell; a
 * sum over leading axes (a bias gradient) has inner 1; over trailing axes
 * (a row sum) inner is the row's length. Each cell adds its elements in
 * row-major order, as the eager reduction does.
 */
export interface LoopSum {
  readonly cells: number;
  readonly inner: number;
}

/** The (running sum, error) pairs of every cell of every sum, in order: their offsets in one Float64Array, and its length. */
export function sumLayout(sums: readonly LoopSum[]): { offsets: number[]; length: number } {
  const offsets: number[] = [];
  let length = 0;
  for (const { cells } of sums) {
    offsets.push(length);
    length += 2 * cells;
  }
  return { offsets, length };
}

/** What one element of the body produces: the values stored (one per output, in its dtype's lanes) and summed. */
export interface LoopValues<V> {
  readonly outputs: readonly V[];
  readonly sums: readonly V[];
}

/** A body both emitters compile, or one that only the JavaScript emitter can (it uses JavaScript-only rules). */
export type LoopBody =
  | { readonly kind: "lanes"; readonly run: <V>(b: Lanes<V>, inputs: readonly V[]) => LoopValues<V> }
  | { readonly kind: "js"; readonly run: (b: JsLanes, inputs: readonly JsLane[]) => LoopValues<JsLane> };

export interface LoopProgram {
  /** Names the code: two programs with one key compile to the same code (the cache's key). */
  readonly key: string;
  readonly inputs: readonly LoopInput[];
  readonly outputs: readonly DType[];
  readonly sums: readonly LoopSum[];
  readonly body: LoopBody;
}

/** Bytes per element of a dtype's storage. */
export function bytesPerElement(dtype: DType): number {
  return dtype === "float64" ? 8 : dtype === "bool" ? 1 : 4;
}

/** The program applying one element rule with lanes to inputs read with their accesses (null for a JavaScript-only rule). */
export function ruleProgram(key: string, rule: ElementRule, inputs: readonly LoopInput[], out: DType): LoopProgram | null {
  if (!hasLanes(rule)) return null;
  return {
    key,
    inputs,
    outputs: [out],
    sums: [],
    body: { kind: "lanes", run: (b, values) => ({ outputs: [rule.lanes(b, values, laneOf(out))], sums: [] }) },
  };
}
