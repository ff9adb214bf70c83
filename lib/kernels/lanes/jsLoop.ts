/**
 * Compiles a loop program to a JavaScript function: one `for` over the
 * elements, the body's statements inside (from `JsLanes`), stores into
 * output arrays the caller allocates, and the sums accumulated with
 * `compensatedSum` into a Float64Array of (running sum, error) pairs.
 *
 * @example
 * const run = jsLoop(program);
 * const sums = new Float64Array(2 * program.sums);
 * run([x], [out], n, sums);
 */
import type { TypedArray } from "../../array/dtype.ts";
import { compileFunction } from "../compile.ts";
import { compensatedSum } from "../summation.ts";
import { JsLanes, type JsLane } from "./jsLanes.ts";
import { laneOf } from "./lanes.ts";
import type { LoopProgram } from "./program.ts";

/** A compiled loop: reads `inputs`, writes `outputs` (n elements each) and the sums' (s, c) pairs into `sums`. */
export type LoopRun = (inputs: readonly ArrayLike<number>[], outputs: readonly TypedArray[], n: number, sums: Float64Array) => void;

/** The JavaScript source of a program's loop function. */
export function jsLoopSource(program: LoopProgram): string {
  return jsLoopCode(program).source;
}

/** The JavaScript source of a program's loop function, and its work per element (lane operations, subroutines' included). */
export function jsLoopCode(program: LoopProgram): { source: string; work: number } {
  const header: string[] = [];
  const reads: string[] = [];
  const values: JsLane[] = [];
  program.inputs.forEach(({ dtype, access }, k) => {
    header.push(`const x${k} = inputs[${k}];`);
    if (access === "scalar") header.push(`const a${k} = x${k}[0];`);
    else reads.push(`const a${k} = ${access === "index" ? `x${k}[i]` : `x${k}[i % x${k}.length]`};`);
    values.push({ code: `a${k}`, type: laneOf(dtype) });
  });
  const b = new JsLanes("t");
  const result = program.body.kind === "lanes" ? program.body.run(b, values) : program.body.run(b, values);
  program.outputs.forEach((_, k) => header.push(`const o${k} = outputs[${k}];`));
  for (let k = 0; k < program.sums; k++) header.push(`let s${k} = 0, c${k} = 0;`);
  const stores = result.outputs.map((v, k) => `o${k}[i] = ${v.code};`);
  const sums = result.sums.map((v, k) => compensatedSum.add(`s${k}`, `c${k}`, v.code));
  const footer: string[] = [];
  for (let k = 0; k < program.sums; k++) footer.push(`sums[${2 * k}] = s${k}; sums[${2 * k + 1}] = c${k};`);
  const source = [
    `// ${program.key.replace(/\s+/g, " ").slice(0, 120)}`,
    ...b.preamble,
    "return function (inputs, outputs, n, sums) {",
    ...header.map((line) => "  " + line),
    "  for (let i = 0; i < n; i++) {",
    ...[...reads, ...b.lines, ...stores, ...sums].map((line) => "    " + line),
    "  }",
    ...footer.map((line) => "  " + line),
    "};",
  ].join("\n");
  return { source, work: b.work };
}

/** The program compiled to JavaScript. */
export function jsLoop(program: LoopProgram): LoopRun {
  return compileFunction<LoopRun>(jsLoopSource(program));
}
