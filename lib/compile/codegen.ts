/**
 * Code generation for fused loops: a loop step of the plan becomes a loop
 * program (`kernels/lanes/program.ts`) whose body applies each equation's
 * element rule (its primitive's `lower.rule`, the same rule the eager
 * kernels run) to the values of its operands, so every value is computed
 * and rounded exactly as the eager kernel stores it. The program compiles
 * to a JavaScript loop, and, when its rules all have lanes and the loop is
 * large and busy enough, to a WebAssembly SIMD loop that gives the same
 * bits (`kernels/lanes/dispatch.ts` decides). Fused sums accumulate with
 * the eager kernel's `compensatedSum`, in the same (row-major) order.
 *
 * @example
 * const { run, size } = compileLoop(step);
 * run([dataOf(x)], [out], size, sums);
 */
import type { TypedArray } from "../array/dtype.ts";
import { sizeOf } from "../array/shape.ts";
import { scalar } from "../core/ops.ts";
import { Lit, type Atom, type Var } from "../ir/jaxpr.ts";
import { cachedWasmLoop, worthWasm } from "../kernels/lanes/dispatch.ts";
import { JsLanes, type JsLane } from "../kernels/lanes/jsLanes.ts";
import { jsLoop, jsLoopCode, type LoopRun } from "../kernels/lanes/jsLoop.ts";
import { hasLanes, laneOf, type ElementRule, type Lanes } from "../kernels/lanes/lanes.ts";
import type { LoopProgram, LoopSum, LoopValues } from "../kernels/lanes/program.ts";
import { isInt32Arithmetic, toStorage } from "../kernels/scalar.ts";
import { loopInputIndex, type LoopStep } from "./fuse.ts";
import { dataOf } from "../core/tensor.ts";

/** A compiled loop: where its outputs and sums come from, and how to run it. */
export interface CompiledLoop {
  /** Reads the inputs' data, writes the array outputs (allocated by the caller) and the sums' (s, c) pairs. */
  readonly run: LoopRun;
  /** Elements per pass. */
  readonly size: number;
  /** For each output of the step: the index of its array output, or of its sum. */
  readonly outputs: readonly ({ readonly array: number } | { readonly sum: number })[];
  readonly arrays: number;
  readonly sums: readonly LoopSum[];
  /** Whether the loop runs in WebAssembly. */
  readonly wasm: boolean;
  /** The generated JavaScript (for plans and debugging). */
  readonly source: string;
}

/** The element rules of a loop's equations (null for its sums). */
function rulesOf(loop: LoopStep): (ElementRule | null)[] {
  return loop.eqns.map((eqn) => {
    const lower = eqn.primitive.lower!;
    if (lower.kind === "sum") return null;
    return lower.rule(eqn.params, { ins: eqn.inputs.map((a) => a.aval), out: eqn.outs[0].aval });
  });
}

/** The loop program of a step, and the layout of its outputs. */
function loopProgram(loop: LoopStep): { program: Omit<LoopProgram, "key">; outputs: CompiledLoop["outputs"] } {
  const rules = rulesOf(loop);
  const allLanes = rules.every((r) => r === null || hasLanes(r));
  const sumOf = new Map<Var, number>();
  loop.eqns.forEach((eqn, e) => {
    if (rules[e] === null) sumOf.set(eqn.outs[0], sumOf.size);
  });
  const arrayOutputs = loop.outputs.filter((v) => !sumOf.has(v));
  const outputs = loop.outputs.map((v) => (sumOf.has(v) ? { sum: sumOf.get(v)! } : { array: arrayOutputs.indexOf(v) }));
  const run = <V>(b: Lanes<V>, inputs: readonly V[], define: ((rule: ElementRule, operands: readonly V[], eqnIndex: number) => V) | null): LoopValues<V> => {
    const values = new Map<Var, V>();
    const sums: V[] = [];
    loop.eqns.forEach((eqn, e) => {
      const rule = rules[e];
      if (rule === null) {
        sums.push(values.get(eqn.inputs[0] as Var)!);
        return;
      }
      // a literal, a value of the loop, or an input read as this equation reads it
      const operands = eqn.inputs.map((a: Atom, k) => {
        if (a instanceof Lit) return b.constant(dataOf(scalar(a.value, a.aval.dtype))[0], laneOf(a.aval.dtype));
        return values.get(a) ?? inputs[loopInputIndex(loop, eqn, k)];
      });
      const value = hasLanes(rule) ? rule.lanes(b, operands, laneOf(eqn.outs[0].aval.dtype)) : define!(rule, operands, e);
      values.set(eqn.outs[0], value);
    });
    return { outputs: arrayOutputs.map((v) => values.get(v)!), sums };
  };
  const program = {
    inputs: loop.inputs.map(({ atom, access, inner }) => ({ dtype: atom.aval.dtype, access, inner })),
    outputs: arrayOutputs.map((v) => v.aval.dtype),
    sums: [...sumOf.keys()].map((v) => loop.sums.get(v)!),
    body: allLanes
      ? { kind: "lanes" as const, run: <V>(b: Lanes<V>, inputs: readonly V[]) => run(b, inputs, null) }
      : {
          kind: "js" as const,
          run: (b: JsLanes, inputs: readonly JsLane[]) =>
            run(b, inputs, (rule, operands, e) => {
              const { inputs: ins, outs } = loop.eqns[e];
              const out = outs[0].aval.dtype;
              if (hasLanes(rule)) throw new Error("unreachable");
              const int32 = isInt32Arithmetic(ins[0].aval.dtype, (ins[1] ?? ins[0]).aval.dtype, out);
              return b.define(toStorage(rule.js(operands.map((o) => o.code), int32), out), laneOf(out));
            }),
        },
  };
  return { program, outputs };
}

/** Compiled loops by program key, least recently used first; at most `MAX_CACHED_LOOPS`. */
const compiled = new Map<string, LoopRun>();
const MAX_CACHED_LOOPS = 1024;

function cachedJsLoop(program: LoopProgram): LoopRun {
  let run = compiled.get(program.key);
  if (run === undefined) {
    run = jsLoop(program);
    if (compiled.size >= MAX_CACHED_LOOPS) compiled.delete(compiled.keys().next().value!);
  } else {
    compiled.delete(program.key);
  }
  compiled.set(program.key, run);
  return run;
}

/** The compiled code of a loop step (equal loops share code). */
export function compileLoop(loop: LoopStep): CompiledLoop {
  const { program: body, outputs } = loopProgram(loop);
  // the JavaScript source names everything the code depends on (accesses, dtypes, math, literals, sums)
  const draft: LoopProgram = { ...body, key: "" };
  const { source, work } = jsLoopCode(draft);
  const key = `${body.inputs.map((i) => `${i.dtype}/${i.access}/${i.inner}`).join(",")}|${body.outputs.join(",")}|${body.sums.map((c) => `${c.cells}/${c.inner}`).join(",")}|${source}`;
  const program: LoopProgram = { ...body, key };
  const js = cachedJsLoop(program);
  const size = sizeOf(loop.shape);
  const arrays = program.inputs.filter((i) => i.access !== "scalar").length + program.outputs.length;
  const wasm = program.body.kind === "lanes" && worthWasm(size, work, arrays) ? cachedWasmLoop(program) : null;
  const run: LoopRun =
    wasm === null
      ? js
      : (inputs, outs, n, sums) => {
          if (!wasm(inputs as readonly TypedArray[], outs, n, sums)) js(inputs, outs, n, sums);
        };
  return { run, size, outputs, arrays: program.outputs.length, sums: program.sums, wasm: wasm !== null, source };
}
