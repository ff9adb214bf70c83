/**
 * `explainJit(f)(...args)`: the plan `jit` runs for `f` on arguments of
 * these shapes and dtypes, as text: the jaxpr that `makeJaxpr` prints (its
 * variables named as there), split into the fused loops and kernel calls of
 * `lib/compile/` (`fuse.ts`). Each loop says what it iterates over, whether
 * it runs as WebAssembly SIMD or JavaScript, which values it reads (and how:
 * by index, a scalar, a repeated row or column), which it writes (and into
 * which dead intermediate's buffer, when it reuses one), and its
 * sums (over all elements, or per cell: over leading axes into the trailing
 * cells, over trailing axes into the leading ones).
 *
 * @example
 * console.log(explainJit(valueAndGrad((x) => np.sum(np.tanh(x))))(np.ones([1000])));
 * // jit plan: 1 step (1 loop, 0 calls)
 * //   loop over [1000] (WebAssembly SIMD), reads a, writes d, sums e (all), 4 equations:
 * //     b:f64[1000] = tanh a
 * //     ...
 */
import { functionOrThrow } from "../core/convert.ts";
import type { Eqn, Jaxpr, Var } from "../ir/jaxpr.ts";
import { makeJaxpr } from "../ir/make.ts";
import { formatAval, Names } from "../ir/print.ts";
import { compileLoop } from "./codegen.ts";
import { plan, type LoopStep } from "./fuse.ts";
import { bufferReuse } from "./index.ts";

/** A parameter value as the printer writes it (arrays as tuples; a sub-jaxpr elided). */
function formatParam(value: unknown): string {
  if (Array.isArray(value)) return value.length === 1 ? `(${formatParam(value[0])},)` : `(${value.map(formatParam).join(", ")})`;
  if (typeof value === "boolean") return value ? "True" : "False";
  if (value !== null && typeof value === "object") return "{ … }";
  return String(value);
}

function formatEqn(eqn: Eqn, names: Names): string {
  const outs = eqn.outs.map((v) => `${names.name(v)}:${formatAval(v.aval)}`).join(" ");
  const entries = Object.entries(eqn.params);
  const params = entries.length > 0 ? `[${entries.map(([k, v]) => `${k}=${formatParam(v)}`).join(" ")}]` : "";
  return `${outs} = ${eqn.primitive.name}${params} ${eqn.inputs.map((a) => names.atom(a)).join(" ")}`;
}

const ACCESS_TEXT = { index: "", scalar: " (scalar)", suffix: " (row)", prefix: " (column)" } as const;

function loopText(step: LoopStep, names: Names, reuse: ReadonlyMap<Var, Var> | undefined): string[] {
  const compiled = compileLoop(step);
  const reads = step.inputs.map(({ atom, access }) => `${names.name(atom)}${ACCESS_TEXT[access]}`);
  const sums = [...step.sums.entries()].map(([v, { cells, inner }]) => `${names.name(v)} (${cells === 1 ? "all" : inner === 1 ? `${cells} columns` : `${cells} rows`})`);
  const written = step.outputs.filter((v) => !step.sums.has(v)).map((v) => names.name(v) + (reuse?.has(v) ? ` (into ${names.name(reuse.get(v)!)}'s buffer)` : ""));
  const parts = [
    `loop over [${step.shape.join(",")}] (${compiled.wasm ? "WebAssembly SIMD" : "JavaScript"})`,
    reads.length > 0 ? `reads ${reads.join(" ")}` : "",
    written.length > 0 ? `writes ${written.join(" ")}` : "",
    sums.length > 0 ? `sums ${sums.join(" ")}` : "",
    `${step.eqns.length} equations:`,
  ];
  return [`  ${parts.filter((p) => p !== "").join(", ")}`, ...step.eqns.map((eqn) => `    ${formatEqn(eqn, names)}`)];
}

/** The plan of a jaxpr, as text (variables named as `makeJaxpr` names them). */
export function formatPlan(jaxpr: Jaxpr): string {
  const names = new Names();
  // the printer's order: constants, inputs, then each equation's outputs
  for (const v of [...jaxpr.constvars, ...jaxpr.invars]) names.name(v);
  for (const eqn of jaxpr.eqns) for (const v of eqn.outs) names.name(v);
  const steps = plan(jaxpr);
  const reuse = bufferReuse(steps, jaxpr);
  const loops = steps.filter((s) => s.kind === "loop").length;
  const lines = [`jit plan: ${steps.length} step${steps.length === 1 ? "" : "s"} (${loops} loop${loops === 1 ? "" : "s"}, ${steps.length - loops} call${steps.length - loops === 1 ? "" : "s"})`];
  steps.forEach((step, s) => {
    if (step.kind === "loop") lines.push(...loopText(step, names, reuse.get(s)));
    else lines.push(`  call ${formatEqn(step.eqn, names)}`);
  });
  const outs = jaxpr.outs.map((a) => names.atom(a as Var));
  lines.push(`  out (${outs.join(", ")}${outs.length === 1 ? "," : ""})`);
  return lines.join("\n");
}

/**
 * The plan `jit(f)` runs on arguments like `args`: the jaxpr `makeJaxpr(f)`
 * prints, split into fused loops (WebAssembly SIMD or JavaScript) and kernel
 * calls.
 *
 * @example
 * explainJit((x) => np.sum(np.exp(x)))(np.ones([4]));
 * // jit plan: 1 step (1 loop, 0 calls)
 * //   loop over [4] (JavaScript), reads a, sums c (all), 2 equations:
 * //     b:f64[4] = exp a
 * //     c:f64[] = reduce_sum[axes=(0,)] b
 * //   out (c,)
 */
export function explainJit(f: (...args: any[]) => unknown): (...args: unknown[]) => string {
  functionOrThrow("explainJit", f);
  const traced = makeJaxpr(f);
  return (...args: unknown[]) => formatPlan(traced(...args).jaxpr);
}
