/**
 * Names for a traced function's inputs, as JAX's debug info names them:
 * each leaf by its path in the argument list, starting from the function's
 * parameter name where it can be read from the source (`params.w1`,
 * `batch[0]`, `x`), else from the position (`args[0].w1`). `makeJaxpr`
 * prints them beside the inputs of the jaxpr.
 *
 * @example
 * leafNames(((params, x) => x) as (...args: any[]) => unknown, structure([{ w: 1, b: 2 }, 3]));
 * // ["params.b", "params.w", "x"]
 */
import type { TreeDef } from "../core/tree.ts";

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * The parameter names of `f` when its parameter list is plain identifiers
 * (`(params, x) => …`, `function loss(p, x) {…}`, `x => …`); null for
 * destructuring, defaults, rest parameters, native or unreadable functions.
 */
export function parameterNames(f: (...args: any[]) => unknown): string[] | null {
  let text: string;
  try {
    text = Function.prototype.toString.call(f);
  } catch {
    return null;
  }
  if (text.includes("[native code]")) return null;
  const single = /^\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(text);
  if (single !== null) return [single[1]];
  const list = /^\s*(?:async\s+)?(?:function\b\s*\*?\s*)?(?:[A-Za-z_$][\w$]*\s*)?\(([^()]*)\)/.exec(text);
  if (list === null) return null;
  const inside = list[1].trim();
  if (inside === "") return [];
  const names = inside.split(",").map((p) => p.trim());
  return names.every((n) => IDENTIFIER.test(n)) ? names : null;
}

/** `root.key`, `root["odd key"]` or `root[3]`. */
function child(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function collect(def: TreeDef, path: string, out: string[]): void {
  switch (def.kind) {
    case "leaf":
      out.push(path);
      return;
    case "none":
      return;
    case "array":
      def.children.forEach((c, i) => collect(c, child(path, i), out));
      return;
    case "object":
      def.children.forEach((c, i) => collect(c, child(path, def.keys[i]), out));
      return;
  }
}

/**
 * One name per leaf of an argument list flattened as `argsDef` (an array of
 * the arguments' structures), in leaf order; the roots are `f`'s parameter
 * names when there is one for every argument, else `args[i]`.
 */
export function leafNames(f: (...args: any[]) => unknown, argsDef: TreeDef): string[] {
  if (argsDef.kind !== "array") return [];
  const params = parameterNames(f);
  const roots = argsDef.children.map((_, i) => (params !== null && params.length >= argsDef.children.length ? params[i] : `args[${i}]`));
  const out: string[] = [];
  argsDef.children.forEach((c, i) => collect(c, roots[i], out));
  return out;
}

/** Whether any argument is a tree of several parts (an object or an array of tensors), where names help. */
export function hasTreeArgument(argsDef: TreeDef): boolean {
  return argsDef.kind === "array" && argsDef.children.some((c) => c.kind === "array" || c.kind === "object");
}
