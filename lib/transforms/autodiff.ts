/**
 * The public derivative transforms over pytrees: `jvp`, `linearize`, `vjp`,
 * `grad`, `valueAndGrad`. Each flattens its arguments, runs the flat
 * transform (`jvpFlat`, `linearizeFlat`, `backwardPass`) and rebuilds trees.
 *
 * @example
 * grad((x) => np.sum(np.square(x)))([1, 2, 3]) // array([2., 4., 6.])
 */
import { isFloat } from "../array/dtype.ts";
import { ArgumentError, DTypeError, ShapeError } from "../core/errors.ts";
import { Tensor, type ArrayLike } from "../core/tensor.ts";
import { denseArrayOrThrow, functionOrThrow, isArrayArg, optionsOrThrow, showValue, toTensor, userOutputOrThrow, type UserOutputKind } from "../core/convert.ts";
import { isLive } from "../core/trace.ts";
import { convert as convertOp, orZeros, scalar, stopGradient as stopGradientOp } from "../core/ops.ts";
import { flatten, formatTreeDef, treeDefsEqual, unflatten } from "../core/tree.ts";
import { argnumsList, flatOutputs, flattenArgList, flattenArgs, flattenDiffArgs, splitAux, unflattenArgs } from "../core/args.ts";
import { evalJaxpr } from "../ir/eval.ts";
import { avalText } from "../core/primitives/check.ts";
import { backwardPass } from "./transpose.ts";
import { jvpFlat, JvpTracer } from "./jvp.ts";
import { linearizeFlat } from "./linearize.ts";

// utils

/** Options of `grad` and `valueAndGrad`. */
export interface GradOptions {
  /** Which positional argument(s) to differentiate (default 0). */
  readonly argnums?: number | readonly number[];
  /** `f` returns `[out, aux]`; aux is passed through. */
  readonly hasAux?: boolean;
}

/** Leaves of `aux` that are tracers of a finished jvp are replaced by their primal values. */
export function lowerFinished(x: unknown): unknown {
  let v = x;
  while (v instanceof JvpTracer && !isLive(v.trace.main)) v = v.primal;
  return v;
}

// transforms

/** `[primalOut, tangentOut]` of `f` at `primals` along `tangents` (trees of the same structure). */
export function jvp<T = Tensor>(f: (...args: any[]) => T, rawPrimals: readonly unknown[], rawTangents: readonly unknown[]): [T, T] {
  functionOrThrow("jvp", f);
  if (!isArrayArg("jvp", rawPrimals) || !isArrayArg("jvp", rawTangents)) {
    throw new ArgumentError("jvp: primals and tangents must be arrays with one entry per argument of f.");
  }
  const primals = denseArrayOrThrow("jvp", "primals", rawPrimals);
  const tangents = denseArrayOrThrow("jvp", "tangents", rawTangents);
  const [xs, def] = flattenArgList("jvp", primals, "primal", true);
  const [ts, tdef] = flattenArgList("jvp", tangents, "tangent", false);
  if (!treeDefsEqual(def, tdef)) {
    throw new ShapeError(`jvp: tangents have structure ${formatTreeDef(tdef)} but primals have ${formatTreeDef(def)}.`);
  }
  xs.forEach((x, i) => {
    const t = ts[i];
    if (t.shape.length !== x.shape.length || t.shape.some((d, j) => d !== x.shape[j]) || t.dtype !== x.dtype) {
      throw new ShapeError(`jvp: tangent ${avalText(t)} does not match primal ${avalText(x)} (leaf ${i}); they need equal shape and dtype.`);
    }
  });
  const { flatF, outDef: outDefOf } = flatOutputs("jvp", f, def, "differentiated");
  const [outs, outTangents] = jvpFlat(flatF, xs, ts);
  const outDef = outDefOf();
  return [unflatten(outDef, outs), unflatten(outDef, orZeros(outTangents, outs))];
}

/** `[out, fJvp]`: the value of `f` at `primals` and its linear map of tangents. */
export function linearize<T = Tensor>(f: (...args: any[]) => T, ...primals: unknown[]): [T, (...tangents: unknown[]) => T] {
  functionOrThrow("linearize", f);
  const [xs, def] = flattenArgList("linearize", primals, "primal", true);
  const { flatF, outDef: outDefOf } = flatOutputs("linearize", f, def, "differentiated");
  const { outs, linear } = linearizeFlat(flatF, xs);
  const outDef = outDefOf();
  const fJvp = (...tangents: unknown[]): T => {
    const [ts] = flattenArgList("linearize", tangents, "tangent", false);
    if (ts.length !== xs.length) throw new ArgumentError(`linearize: expected ${xs.length} tangent leaves, got ${ts.length}.`);
    return unflatten(outDef, evalJaxpr(linear, ...ts));
  };
  return [unflatten(outDef, outs), fJvp];
}

/** `[out, vjpFn]`: `vjpFn(cotangent)` gives one cotangent tree per primal. */
export function vjp<T = Tensor>(f: (...args: any[]) => T, ...primals: unknown[]): [T, (cotangent: unknown) => unknown[]] {
  functionOrThrow("vjp", f);
  const [xs, def] = flattenArgList("vjp", primals, "primal", true);
  const { flatF, outDef: outDefOf } = flatOutputs("vjp", f, def, "differentiated");
  const { outs, linear } = linearizeFlat(flatF, xs);
  const outDef = outDefOf();
  const vjpFn = (cotangent: unknown): unknown[] => {
    const [cts, ctDef] = flattenArgs("vjp", cotangent, "cotangent", false);
    if (!treeDefsEqual(ctDef, outDef)) {
      throw new ShapeError(`vjp: cotangent has structure ${formatTreeDef(ctDef)} but the output has ${formatTreeDef(outDef)}.`);
    }
    cts.forEach((ct, i) => {
      const out = outs[i];
      if (ct.shape.length !== out.shape.length || ct.shape.some((d, j) => d !== out.shape[j])) {
        throw new ShapeError(`vjp: cotangent ${avalText(ct)} does not match output ${avalText(out)}; pass one of the output's shape.`);
      }
    });
    // a tensor cotangent must have the output's dtype (as JAX); plain JS numbers take it
    const given = flatten(cotangent)[0];
    const typed = cts.map((ct, i) => {
      if (ct.dtype === outs[i].dtype) return ct;
      if (given[i] instanceof Tensor) {
        throw new DTypeError(`vjp: cotangent ${avalText(ct)} has dtype ${ct.dtype} but the output is ${avalText(outs[i])}; convert it with astype("${outs[i].dtype}").`);
      }
      return convertOp(ct, outs[i].dtype);
    });
    const inCts = backwardPass(linear.jaxpr, linear.consts, typed);
    return unflatten<unknown[]>(def, orZeros(inCts, xs));
  };
  return [unflatten(outDef, outs), vjpFn];
}

/** `[value, gradient]` of a scalar function (with `hasAux`, `[[value, aux], gradient]`). */
export function valueAndGrad(f: (...args: any[]) => unknown, options?: GradOptions): (...args: any[]) => any {
  const { argnums = 0, hasAux = false } = optionsOrThrow<GradOptions>("grad", options, ["argnums", "hasAux"]);
  functionOrThrow("grad", f);
  return (...args: unknown[]) => {
    const argnumList = argnumsList("grad", argnums, args.length);
    const { inputs: flatIns, defs, substitute } = flattenDiffArgs("grad", args, argnumList);
    let aux: unknown;
    const flatF = (xs: Tensor[]): Tensor[] => {
      let out: unknown;
      [out, aux] = splitAux("grad", userOutputOrThrow("grad", f(...substitute(xs)), "scalar", hasAux), hasAux);
      const result = toTensor(out as ArrayLike, "grad");
      if (result.shape.length !== 0 || !isFloat(result.dtype)) {
        throw new ShapeError(
          `grad: f must return a float scalar (shape []), got ${avalText(result)}. ` +
            `Reduce it first (np.sum/np.mean), or use jacrev/vjp for non-scalar outputs.`,
        );
      }
      return [result];
    };
    const { outs, linear } = linearizeFlat(flatF, flatIns);
    const value = outs[0];
    const cts = backwardPass(linear.jaxpr, linear.consts, [scalar(1, value.dtype)]);
    const perArg = unflattenArgs(defs, orZeros(cts, flatIns));
    const g = typeof argnums === "number" ? perArg[0] : perArg;
    if (!hasAux) return [value, g];
    const [auxLeaves, auxDef] = flatten(aux);
    return [[value, unflatten(auxDef, auxLeaves.map(lowerFinished))], g];
  };
}

/** The gradient of a scalar function (with `hasAux`, `[gradient, aux]`). */
export function grad(f: (...args: any[]) => unknown, options?: GradOptions): (...args: any[]) => any {
  const vg = valueAndGrad(f, options);
  const hasAux = options?.hasAux ?? false;
  return (...args: unknown[]) => {
    const [value, g] = vg(...args);
    return hasAux ? [g, value[1]] : g;
  };
}

/** `x` with no gradient flowing through it (its derivative is zero). */
export function stopGradient(x: ArrayLike): Tensor {
  return stopGradientOp(toTensor(x, "stopGradient"));
}
