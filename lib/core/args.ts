/**
 * Argument and pytree plumbing, in one place for every transform and for
 * `makeJaxpr`: flat lists cut into named parts (`splitAt`, `splitHalf`,
 * `splitList`, `partition`, `merge`, as Autodidax's `split_half` and
 * `split_list`), argument lists flattened into tensors and rebuilt
 * (`flattenArgs`, `flattenArgList`, `unflattenArgs`, `flatOutputs`), and the
 * options shared by the derivative transforms (`argnumsList`,
 * `flattenDiffArgs`, `splitAux`).
 *
 * @example
 * const [primals, tangents] = splitHalf(ins);          // [...xs, ...ts]
 * const [consts, carry, xs] = splitList(ins, [nc, nk]); // the rest is xs
 */
import { isFloat } from "../array/dtype.ts";
import { ArgumentError, DTypeError, ShapeError } from "./errors.ts";
import { Tensor, type ArrayLike } from "./tensor.ts";
import { optionsOrThrow, showValue, userOutputOrThrow, type UserOutputKind } from "./convert.ts";
import { convert } from "./ops.ts";
import { argumentTensor } from "./weak.ts";
import { flatten, numLeaves, unflatten, type TreeDef } from "./tree.ts";
import { avalText } from "./primitives/check.ts";

// lists

/** `[xs[0..n), xs[n..)]`. */
export function splitAt<T>(xs: readonly T[], n: number): [T[], T[]] {
  return [xs.slice(0, n), xs.slice(n)];
}

/** The two halves of a list of even length (`[...primals, ...tangents]`). */
export function splitHalf<T>(xs: readonly T[]): [T[], T[]] {
  return splitAt(xs, xs.length / 2);
}

/** Consecutive parts of the given sizes, then the rest: `splitList(xs, [2, 1])` is `[xs[0..2), xs[2..3), xs[3..)]`. */
export function splitList<T>(xs: readonly T[], sizes: readonly number[]): T[][] {
  const parts: T[][] = [];
  let at = 0;
  for (const n of sizes) {
    parts.push(xs.slice(at, at + n));
    at += n;
  }
  parts.push(xs.slice(at));
  return parts;
}

/** `[the entries whose flag is false, those whose flag is true]`, each in order. */
export function partition<T>(flags: readonly boolean[], xs: readonly T[]): [T[], T[]] {
  const no: T[] = [];
  const yes: T[] = [];
  xs.forEach((x, i) => (flags[i] ? yes : no).push(x));
  return [no, yes];
}

/** The inverse of `partition`: entry i from `yes` where `flags[i]`, else from `no`. */
export function merge<T>(flags: readonly boolean[], no: readonly T[], yes: readonly T[]): T[] {
  let i = 0;
  let j = 0;
  return flags.map((f) => (f ? yes[j++] : no[i++]));
}

// trees of arguments

/** Flattens a tree of array-likes into tensors, checking they are floats when `needFloat`. */
export function flattenArgs(op: string, x: unknown, what: string, needFloat: boolean): [Tensor[], TreeDef] {
  const [leaves, def] = flatten(x);
  const tensors = leaves.map((leaf, i) => {
    const t = argumentTensor(leaf, op);
    if (needFloat && !isFloat(t.dtype)) {
      throw new DTypeError(
        `${op}: ${what}${leaves.length > 1 ? ` leaf ${i}` : ""} has dtype ${t.dtype} (${avalText(t)}); ` +
          `only float inputs can be differentiated. Pass floats (e.g. x.astype("float64")) or exclude it with argnums.`,
      );
    }
    return t;
  });
  return [tensors, def];
}

/**
 * Flattens a list of arguments: each entry is its own tree, so `[0.5]` is one
 * argument 0.5, not one array-like leaf. The structure is an array of the
 * arguments' structures; `unflatten` of it rebuilds the argument list.
 */
export function flattenArgList(op: string, args: readonly unknown[], what: string, needFloat: boolean): [Tensor[], TreeDef] {
  const tensors: Tensor[] = [];
  const children = args.map((arg, i) => {
    const [leaves, def] = flattenArgs(op, arg, `${what} ${i}`, needFloat);
    tensors.push(...leaves);
    return def;
  });
  return [tensors, { kind: "array", children }];
}

/** One tree per structure in `defs`, from their leaves laid end to end. */
export function unflattenArgs(defs: readonly TreeDef[], leaves: readonly unknown[]): unknown[] {
  const trees = new Array<unknown>(defs.length);
  let at = 0;
  for (let i = 0; i < defs.length; i++) {
    const n = numLeaves(defs[i]);
    trees[i] = unflatten(defs[i], leaves.slice(at, at + n));
    at += n;
  }
  return trees;
}

/**
 * `f` over the flat leaves of its argument list, recording the output's structure when called. Its
 * result is checked as a user output of `kind` (`userOutputOrThrow`: no Promise, no JS number where a
 * differentiated tensor was expected).
 */
export function flatOutputs(
  op: string,
  f: (...args: any[]) => unknown,
  inDef: TreeDef,
  kind: UserOutputKind = "any",
): { flatF: (xs: Tensor[]) => Tensor[]; outDef: () => TreeDef } {
  let outDef: TreeDef | undefined;
  const flatF = (xs: Tensor[]): Tensor[] => {
    const [outs, def] = flattenArgs(op, userOutputOrThrow(op, f(...unflatten<unknown[]>(inDef, xs)), kind), "output", false);
    outDef = def;
    return outs;
  };
  return { flatF, outDef: () => outDef! };
}

// options of the derivative transforms

/** The argnums option as a list, checked against the number of arguments. */
export function argnumsList(op: string, argnums: unknown, nargs: number): number[] {
  if (typeof argnums !== "number" && !(Array.isArray(argnums) && argnums.length > 0)) {
    throw new ArgumentError(`${op}: argnums must be an integer or a non-empty array of integers, got ${showValue(argnums)}.`);
  }
  const list: number[] = typeof argnums === "number" ? [argnums] : [...argnums];
  for (const a of list) {
    if (!Number.isInteger(a) || a < 0 || a >= nargs) {
      throw new ArgumentError(
        `${op}: argnums ${showValue(argnums)} is out of range for a call with ${nargs} positional argument(s).`,
      );
    }
  }
  if (new Set(list).size !== list.length) throw new ArgumentError(`${op}: argnums ${showValue(argnums)} has duplicates.`);
  return list;
}

/** The differentiated arguments (`argnums`) as flat float leaves, and how to put new leaves back in their place. */
export function flattenDiffArgs(
  op: string,
  args: readonly unknown[],
  argnums: readonly number[],
): { inputs: Tensor[]; defs: TreeDef[]; substitute: (xs: readonly Tensor[]) => unknown[] } {
  const inputs: Tensor[] = [];
  const defs = argnums.map((a) => {
    const [leaves, def] = flattenArgs(op, args[a], `argument ${a}`, true);
    inputs.push(...leaves);
    return def;
  });
  const substitute = (xs: readonly Tensor[]): unknown[] => {
    const callArgs = args.slice();
    unflattenArgs(defs, xs).forEach((tree, j) => (callArgs[argnums[j]] = tree));
    return callArgs;
  };
  return { inputs, defs, substitute };
}

/**
 * Tangents (or cotangents) for the values `like`, leaf by leaf: each must
 * have its value's shape (a `ShapeError` otherwise); a tensor must also have
 * its dtype (a `DTypeError`, as JAX), while a plain JS number or array takes
 * it. `given` are the leaves as the user wrote them, `flat` as tensors.
 */
export function matchLeaves(op: string, what: string, given: readonly unknown[], flat: readonly Tensor[], like: readonly Tensor[]): Tensor[] {
  return flat.map((t, i) => {
    const x = like[i];
    const leaf = flat.length > 1 ? ` (leaf ${i})` : "";
    if (t.shape.length !== x.shape.length || t.shape.some((d, j) => d !== x.shape[j])) {
      throw new ShapeError(`${op}: ${what} ${avalText(t)} does not match ${avalText(x)}${leaf}; pass one of the same shape.`);
    }
    if (t.dtype === x.dtype) return t;
    if (given[i] instanceof Tensor) {
      throw new DTypeError(`${op}: ${what} ${avalText(t)} has dtype ${t.dtype} but needs ${x.dtype}${leaf}; convert it with astype("${x.dtype}").`);
    }
    return convert(t.withoutWeakType(), x.dtype);
  });
}

/** Options of `vjp`, `jvp` and `linearize`. */
export interface AuxOptions {
  /** `f` returns `[out, aux]`: only `out` is differentiated, `aux` comes back beside the results (JAX's `has_aux`). */
  readonly hasAux?: boolean;
}

/**
 * The arguments of a transform that may take an options object before `f`
 * (`vjp(f, ...primals)` or `vjp({ hasAux: true }, f, ...primals)`): the
 * options, `f`, and the rest. A function in first place is `f`; a plain
 * object there is the options (no primal can stand before `f`).
 */
export function optionsFirst(op: string, args: readonly unknown[]): { options: AuxOptions; f: (...args: any[]) => unknown; rest: unknown[] } {
  const [first, ...others] = args;
  if (typeof first === "function") return { options: {}, f: first as (...args: any[]) => unknown, rest: others };
  const [f, ...rest] = others;
  if (typeof f !== "function") {
    throw new ArgumentError(`${op}: expected a function to transform (or an options object followed by it), got ${showValue(first)}.`);
  }
  return { options: auxOptions(op, first), f: f as (...args: any[]) => unknown, rest };
}

/** Checks an `AuxOptions` object (undefined gives `{}`). */
export function auxOptions(op: string, value: unknown): AuxOptions {
  const options = optionsOrThrow<AuxOptions>(op, value, ["hasAux"]);
  if (options.hasAux !== undefined && typeof options.hasAux !== "boolean") throw new ArgumentError(`${op}: hasAux must be a boolean, got ${showValue(options.hasAux)}.`);
  return options;
}

/** `[out, aux]` of a `hasAux` function's result (or `[result, undefined]`). */
export function splitAux(op: string, result: unknown, hasAux: boolean): [unknown, unknown] {
  if (!hasAux) return [result, undefined];
  if (!Array.isArray(result) || result.length !== 2) {
    const got = Array.isArray(result) ? `an array of ${result.length} entries` : showValue(result);
    throw new ArgumentError(
      `${op}: with hasAux, f must return a pair [out, aux], got ${got}. ` +
        `Return [out, aux] from f (e.g. \`return [loss, { logits }] as const\`), or drop { hasAux: true } if there is no aux.`,
    );
  }
  return [result[0], result[1]];
}
