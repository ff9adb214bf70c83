/**
 * Code generation for fused loops: one JavaScript function per loop. Each
 * equation's element is its primitive's lowering (`lower.expression`, the
 * same scalar math the eager kernels are generated from) held in a local,
 * rounded to its dtype exactly as a typed array of that dtype stores it
 * (`toStorage`), so a jitted function computes what the eager one does.
 * Fused sums accumulate with the eager kernel's `compensatedSum`, in the same
 * (row-major) order.
 *
 * @example
 * // sum(exp(x) * 2) over f64[n]:
 * // return function (inputs, n) {
 * //   const x0 = inputs[0];
 * //   let s2 = 0, c2 = 0;
 * //   for (let i = 0; i < n; i++) {
 * //     const a0 = x0[i];
 * //     const v0 = Math.exp(a0);
 * //     const v1 = (v0 * (2));
 * //     { const sumT = s2 + v1; ... }
 * //   }
 * //   return [(s2 - s2 === 0 ? s2 + c2 : s2)];
 * // };
 */
import type { DType } from "../array/dtype.ts";
import { sizeOf } from "../array/shape.ts";
import { compileFunction } from "../kernels/compile.ts";
import { compensatedSum } from "../kernels/reduce.ts";
import { toStorage } from "../kernels/scalar.ts";
import { scalar } from "../core/ops.ts";
import { Lit, type Atom, type Var } from "../ir/jaxpr.ts";
import type { LoopStep } from "./fuse.ts";

/** A compiled loop: input arrays in, output arrays and reduction totals out. */
export type LoopFunction = (inputs: readonly ArrayLike<number>[], n: number) => (ArrayLike<number> | number)[];

const ARRAY_TYPES: Record<DType, string> = { float64: "Float64Array", float32: "Float32Array", int32: "Int32Array", uint32: "Uint32Array", bool: "Uint8Array" };

/** A literal operand: its value as the eager path stores it in its dtype, parenthesized (and -0 kept). */
function literal(lit: Lit): string {
  const value = scalar(lit.value, lit.aval.dtype).data[0];
  return Object.is(value, -0) ? "(-0)" : `(${value})`;
}

/** The JavaScript source of a loop function. */
function loopSource(loop: LoopStep): string {
  // every operand is an identifier or a literal, so a lowering may read it more than once
  const names = new Map<Var, string>();
  const header: string[] = [];
  const body: string[] = [];
  loop.inputs.forEach(({ atom, access }, k) => {
    header.push(`const x${k} = inputs[${k}];`);
    if (access === "scalar") header.push(`const a${k} = x${k}[0];`);
    else body.push(`const a${k} = ${access === "index" ? `x${k}[i]` : `x${k}[i % x${k}.length]`};`);
    names.set(atom, `a${k}`);
  });
  const operand = (a: Atom): string => (a instanceof Lit ? literal(a) : names.get(a)!);
  const totals = new Map<Var, string>();
  loop.eqns.forEach((eqn, e) => {
    const lower = eqn.primitive.lower!;
    const out = eqn.outs[0];
    if (lower.kind === "sum") {
      header.push(`let s${e} = 0, c${e} = 0;`);
      body.push(compensatedSum.add(`s${e}`, `c${e}`, operand(eqn.inputs[0])));
      totals.set(out, toStorage(compensatedSum.total(`s${e}`, `c${e}`), out.aval.dtype));
      return;
    }
    const avals = { ins: eqn.inputs.map((a) => a.aval), out: out.aval };
    const expression = lower.expression(eqn.inputs.map(operand), eqn.params, avals);
    names.set(out, `v${e}`);
    body.push(`const v${e} = ${toStorage(expression, out.aval.dtype)};`);
  });
  const arrays = loop.outputs.filter((v) => !totals.has(v));
  header.push(...arrays.map((v, k) => `const o${k} = new ${ARRAY_TYPES[v.aval.dtype]}(n);`));
  body.push(...arrays.map((v, k) => `o${k}[i] = ${names.get(v)};`));
  const results = loop.outputs.map((v) => totals.get(v) ?? `o${arrays.indexOf(v)}`);
  return [
    "return function (inputs, n) {",
    ...header.map((line) => "  " + line),
    "  for (let i = 0; i < n; i++) {",
    ...body.map((line) => "    " + line),
    "  }",
    `  return [${results.join(", ")}];`,
    "};",
  ].join("\n");
}

/** Compiled loops by source text, least recently used first; at most `MAX_CACHED_LOOPS`. */
const compiled = new Map<string, LoopFunction>();
const MAX_CACHED_LOOPS = 1024;

/** The compiled function of a loop (cached by its source text, so equal loops share code). */
export function compileLoop(loop: LoopStep): { run: LoopFunction; size: number } {
  const source = loopSource(loop);
  let run = compiled.get(source);
  if (run === undefined) {
    run = compileFunction<LoopFunction>(source);
    if (compiled.size >= MAX_CACHED_LOOPS) compiled.delete(compiled.keys().next().value!);
  } else {
    compiled.delete(source);
  }
  compiled.set(source, run);
  return { run, size: sizeOf(loop.shape) };
}
