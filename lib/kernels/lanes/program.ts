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
 *   sums: 1,
 *   body: { kind: "lanes", run: (b, [x]) => { const y = expLanes(b, x); return { outputs: [y], sums: [y] }; } },
 * };
 */
import type { DType } from "../../array/dtype.ts";
import type { JsLane, JsLanes } from "./jsLanes.ts";
import { hasLanes, laneOf, type ElementRule, type Lanes } from "./lanes.ts";

/** How a loop reads an input at element `i`: `x[i]`, `x[0]`, or `x[i % x.length]`. */
export type Access = "index" | "scalar" | "suffix";

export interface LoopInput {
  readonly dtype: DType;
  readonly access: Access;
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
  /** The number of sums. */
  readonly sums: number;
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
    sums: 0,
    body: { kind: "lanes", run: (b, values) => ({ outputs: [rule.lanes(b, values, laneOf(out))], sums: [] }) },
  };
}
