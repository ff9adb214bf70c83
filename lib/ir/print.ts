/**
 * The printer: JAX's text form of a jaxpr, with `f64[3,2]` avals and
 * variables named a, b, …, z, ba, bb, … in order of appearance. With
 * names for the inputs (`makeJaxpr` gives their tree paths when the
 * arguments are trees), each input gets a line and its name as a comment:
 *
 *     { lambda ;
 *         a:f64[3]    # params.b
 *         b:f64[3,2]  # params.w
 *         c:f64[2]    # x
 *       . let
 *     ...
 *
 * @example
 * { lambda ; a:f64[]. let
 *     b:f64[] = sin a
 *     c:f64[] = mul b 2.0
 *   in (c,) }
 */
import type { Aval } from "../core/tensor.ts";
import { avalText } from "../core/primitives/check.ts";
import type { Atom, Jaxpr, Var } from "./jaxpr.ts";

// utils

/** `f64[3,2]` (the one formatting of avals, shared with error messages). */
export const formatAval = avalText;

/** a, b, …, z, ba, bb, …: the index in base 26 written with letters, as JAX names variables. */
function varName(index: number): string {
  let name = "";
  let i = index;
  do {
    name = String.fromCharCode(97 + (i % 26)) + name;
    i = Math.floor(i / 26);
  } while (i > 0);
  return name;
}

/** Formats a number the way JAX prints a literal. */
export function formatLiteral(value: number, aval: Aval): string {
  if (aval.dtype === "bool") return value ? "True" : "False";
  if (aval.dtype === "int32" || aval.dtype === "uint32") return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return value.toFixed(1);
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  return String(value);
}

/** Formats a parameter value: arrays as tuples `(0, 1)`, `(0,)`. */
function formatParam(value: unknown, indent: string, names: Names): string {
  if (Array.isArray(value)) {
    const items = value.map((v) => formatParam(v, indent, names));
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
  }
  if (typeof value === "boolean") return value ? "True" : "False";
  if (value !== null && typeof value === "object" && "jaxpr" in value && "consts" in value) {
    return formatJaxprWith((value as { jaxpr: Jaxpr }).jaxpr, indent + "  ", names);
  }
  if (value !== null && typeof value === "object" && "eqns" in value) {
    return formatJaxprWith(value as Jaxpr, indent + "  ", names);
  }
  return String(value);
}

/** Variable names shared across a jaxpr and the sub-jaxprs in its params. */
export class Names {
  private readonly map = new Map<Var, string>();
  name(v: Var): string {
    let name = this.map.get(v);
    if (name === undefined) {
      name = varName(this.map.size);
      this.map.set(v, name);
    }
    return name;
  }
  atom(a: Atom): string {
    return "value" in a ? formatLiteral(a.value, a.aval) : this.name(a);
  }
}

function binder(v: Var, names: Names): string {
  return `${names.name(v)}:${formatAval(v.aval)}`;
}

/**
 * The inputs' binders: `a:f64[3] b:f64[2]` on the lambda's line, or, with
 * names (the inputs' tree paths), one a line with the path as a comment:
 *
 *     a:f64[3]    # params.b1
 *     b:f64[3,2]  # params.w1
 */
function formatInputs(jaxpr: Jaxpr, indent: string, names: Names, argNames: readonly string[] | undefined): string {
  const binders = jaxpr.invars.map((v) => binder(v, names));
  if (argNames === undefined || argNames.length !== binders.length || binders.length === 0) return ` ${binders.join(" ")}.`;
  const width = Math.max(...binders.map((b) => b.length));
  const lines = binders.map((b, i) => `${indent}    ${b.padEnd(width)}  # ${argNames[i]}`);
  return `\n${lines.join("\n")}\n${indent}  .`;
}

function formatJaxprWith(jaxpr: Jaxpr, indent: string, names: Names, argNames?: readonly string[]): string {
  const consts = jaxpr.constvars.map((v) => binder(v, names)).join(" ");
  const ins = formatInputs(jaxpr, indent, names, argNames);
  const lines = jaxpr.eqns.map((eqn) => {
    const outs = eqn.outs.map((v) => binder(v, names)).join(" ");
    const entries = Object.entries(eqn.params);
    const params = entries.length
      ? `[${entries.map(([k, v]) => `${k}=${formatParam(v, indent + "    ", names)}`).join(" ")}]`
      : "";
    const inputs = eqn.inputs.map((a) => names.atom(a)).join(" ");
    return `${indent}    ${outs} = ${eqn.primitive.name}${params} ${inputs}`;
  });
  const outs = jaxpr.outs.map((a) => names.atom(a));
  const outText = outs.length === 1 ? `(${outs[0]},)` : `(${outs.join(", ")})`;
  const head = `{ lambda ${consts};${ins} let`;
  if (lines.length === 0) return `${head}  in ${outText} }`;
  return `${head}\n${lines.join("\n")}\n${indent}  in ${outText} }`;
}

/** Options of `formatJaxpr`. */
export interface FormatOptions {
  /** One name per input (its tree path, `params.b1`), printed beside its binder; ignored unless there is one per input. */
  readonly argNames?: readonly string[];
}

/** JAX's text form of a jaxpr (with `argNames`, each input on its own line with its name). */
export function formatJaxpr(jaxpr: Jaxpr, options: FormatOptions = {}): string {
  return formatJaxprWith(jaxpr, "", new Names(), options.argNames);
}
