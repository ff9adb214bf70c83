/**
 * Code generation for fused loops: one JavaScript function per loop, with
 * each equation's result in a local variable, rounded to its dtype exactly as
 * the eager kernels store it (`Math.fround` for float32, `| 0` for int32,
 * 0/1 for bool), so a jitted function computes what the eager one does.
 * Full reductions use compensated summation.
 */
import type { DType } from "../array/dtype.ts";
import { BINARY_EXPRESSIONS, BOOLEAN_BINARY, BOOLEAN_UNARY, UNARY_BODIES, type BinaryOp, type UnaryOp } from "../kernels/elementwise.ts";
import { sizeOf } from "../array/shape.ts";
import { Lit, type Atom, type Eqn, type Var } from "../ir/jaxpr.ts";
import type { LoopStep } from "./fuse.ts";

/** A compiled loop: input arrays in, output arrays and reduction totals out. */
export type LoopFunction = (inputs: readonly ArrayLike<number>[], n: number) => (ArrayLike<number> | number)[];

const ARRAY_TYPES: Record<DType, string> = { float64: "Float64Array", float32: "Float32Array", int32: "Int32Array", bool: "Uint8Array" };

const UNARY_KERNEL: Record<string, UnaryOp> = {
  neg: "neg", exp: "exp", log: "log", log1p: "log1p", expm1: "expm1", sin: "sin", cos: "cos", tanh: "tanh",
  atan: "atan", sqrt: "sqrt", abs: "abs", sign: "sign", logistic: "logistic", is_finite: "isfinite", stop_gradient: "copy",
};

/** `expression` stored in a `dtype` array, as the eager kernels store it. */
function rounded(expression: string, dtype: DType, alreadyBoolean: boolean): string {
  switch (dtype) {
    case "float64":
      return expression;
    case "float32":
      return `Math.fround(${expression})`;
    case "int32":
      return `((${expression}) | 0)`;
    case "bool":
      return alreadyBoolean ? expression : `((${expression}) !== 0 ? 1 : 0)`;
  }
}

/** A binary expression of the scalars `a` and `b` with operands put in their places. */
function substitute(expression: string, a: string, b: string): string {
  return expression.replace(/\b[ab]\b/g, (name) => (name === "a" ? a : b));
}

/** The statements computing `target` for one equation. */
function statement(eqn: Eqn, target: string, operand: (a: Atom) => string): string {
  const name = eqn.primitive.name;
  const out = eqn.outs[0].aval.dtype;
  const [a, b, c] = eqn.inputs.map(operand);
  const unary = UNARY_KERNEL[name];
  if (unary !== undefined) {
    const body = UNARY_BODIES[unary];
    return `let ${target}; { const v = ${a}; let r; ${body} ${target} = ${rounded("r", out, BOOLEAN_UNARY.has(unary))}; }`;
  }
  switch (name) {
    case "integer_pow": {
      const y = (eqn.params as { y: number }).y;
      return `const ${target} = ${rounded(y === 2 ? `${a} * ${a}` : `Math.pow(${a}, ${y})`, out, false)};`;
    }
    case "convert_element_type":
      return `const ${target} = ${rounded(a, out, false)};`;
    case "select":
      return `const ${target} = ${a} !== 0 ? ${b} : ${c};`;
    case "broadcast_in_dim":
      return `const ${target} = ${a};`;
  }
  const op = name as BinaryOp;
  const integer = eqn.inputs[0].aval.dtype === "int32" || eqn.inputs[0].aval.dtype === "bool";
  // Math.imul wraps exactly like the int32 kernel (a double product could lose bits)
  const expression = op === "mul" && out === "int32" && integer ? `Math.imul(${a}, ${b})` : substitute(BINARY_EXPRESSIONS[op], a, b);
  return `const ${target} = ${rounded(expression, out, BOOLEAN_BINARY.has(op))};`;
}

/** The JavaScript source of a loop function, and the loop's reductions (outputs that are totals). */
export function loopSource(loop: LoopStep): string {
  const names = new Map<Var, string>();
  loop.inputs.forEach(({ atom }, k) => names.set(atom, `x${k}`));
  let counter = 0;
  const local = (v: Var) => {
    const name = `v${counter++}`;
    names.set(v, name);
    return name;
  };
  const operand = (a: Atom): string => {
    if (a instanceof Lit) return `(${String(a.value)})`;
    const name = names.get(a)!;
    const input = loop.inputs.find((i) => i.atom === a);
    if (input === undefined) return name;
    return input.access === "index" ? `${name}[i]` : input.access === "scalar" ? `${name}s` : `${name}[i % ${name}.length]`;
  };
  const header = loop.inputs.map(({ access }, k) => `const x${k} = inputs[${k}];${access === "scalar" ? ` const x${k}s = x${k}[0];` : ""}`);
  const body: string[] = [];
  const totals: string[] = [];
  for (const eqn of loop.eqns) {
    if (eqn.primitive.name === "reduce_sum") {
      const total = local(eqn.outs[0]);
      totals.push(total);
      // compensated (Kahan–Neumaier) summation: as accurate as the eager kernel's pairwise sum
      header.push(`let ${total} = 0, ${total}b = 0;`);
      const value = names.get(eqn.inputs[0] as Var)!;
      body.push(
        `{ const t = ${total} + ${value}; ${total}b += Math.abs(${total}) >= Math.abs(${value}) ? (${total} - t) + ${value} : (${value} - t) + ${total}; ${total} = t; }`,
      );
      continue;
    }
    body.push(statement(eqn, local(eqn.outs[0]), operand));
  }
  const arrays = loop.outputs.filter((v) => !totals.includes(names.get(v)!));
  header.push(...arrays.map((v) => `const ${names.get(v)}o = new ${ARRAY_TYPES[v.aval.dtype]}(n);`));
  body.push(...arrays.map((v) => `${names.get(v)}o[i] = ${names.get(v)};`));
  const results = loop.outputs.map((v) => {
    const name = names.get(v)!;
    return totals.includes(name) ? rounded(`${name} + ${name}b`, v.aval.dtype, false) : `${name}o`;
  });
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

const compiled = new Map<string, LoopFunction>();

/** The compiled function of a loop (cached by its source text, so equal loops share code). */
export function compileLoop(loop: LoopStep): { run: LoopFunction; size: number } {
  const source = loopSource(loop);
  let run = compiled.get(source);
  if (run === undefined) {
    run = new Function(`"use strict";\n${source}`)() as LoopFunction;
    compiled.set(source, run);
  }
  return { run, size: sizeOf(loop.shape) };
}
