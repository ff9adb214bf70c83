/**
 * Compiles a loop program to a JavaScript function: one `for` over the
 * elements, the body's statements inside (from `JsLanes`), stores into
 * output arrays the caller allocates, and the sums accumulated with
 * `compensatedSum` into a zeroed Float64Array of (running sum, error) pairs,
 * one per cell (`sumLayout`).
 *
 * @example
 * const run = jsLoop(program);
 * const sums = new Float64Array(sumLayout(program.sums).length);
 * run([x], [out], n, sums);
 */
import type { TypedArray } from "../../array/dtype.ts";
import { compileFunction } from "../compile.ts";
import { compensatedSum } from "../summation.ts";
import { JsLanes, type JsLane } from "./jsLanes.ts";
import { laneOf } from "./lanes.ts";
import { sumLayout, type LoopProgram } from "./program.ts";

/** A compiled loop: reads `inputs`, writes `outputs` (n elements each) and adds into the sums' zeroed (s, c) pairs in `sums`. */
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
    else if (access === "index") reads.push(`const a${k} = x${k}[i];`);
    else if (access === "suffix") reads.push(`const a${k} = x${k}[i % x${k}.length];`);
    else reads.push(`const a${k} = x${k}[(i / ${program.inputs[k].inner}) | 0];`);
    values.push({ code: `a${k}`, type: laneOf(dtype) });
  });
  const b = new JsLanes("t");
  const result = program.body.kind === "lanes" ? program.body.run(b, values) : program.body.run(b, values);
  program.outputs.forEach((_, k) => header.push(`const o${k} = outputs[${k}];`));
  const { offsets } = sumLayout(program.sums);
  const sums: string[] = [];
  const footer: string[] = [];
  program.sums.forEach(({ cells, inner }, k) => {
    const v = result.sums[k].code;
    if (cells === 1) {
      // one cell: the running sum stays in registers
      header.push(`let s${k} = 0, c${k} = 0;`);
      sums.push(compensatedSum.add(`s${k}`, `c${k}`, v));
      footer.push(`sums[${offsets[k]}] = s${k}; sums[${offsets[k] + 1}] = c${k};`);
      return;
    }
    // the cell of element i is floor(i / inner) % cells, followed by counters
    header.push(`let q${k} = 0, r${k} = 0;`);
    sums.push(`{ const at = ${offsets[k]} + 2 * q${k}; let s = sums[at], c = sums[at + 1]; ${compensatedSum.add("s", "c", v)} sums[at] = s; sums[at + 1] = c; }`);
    sums.push(inner === 1 ? `if (++q${k} === ${cells}) q${k} = 0;` : `if (++r${k} === ${inner}) { r${k} = 0; if (++q${k} === ${cells}) q${k} = 0; }`);
  });
  const stores = result.outputs.map((v, k) => `o${k}[i] = ${v.code};`);
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
