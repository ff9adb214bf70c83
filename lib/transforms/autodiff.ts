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
import { orZeros, scalar, stopGradient as stopGradientOp } from "../core/ops.ts";
import { flatten, formatTreeDef, treeDefsEqual, unflatten } from "../core/tree.ts";
import { argnumsList, flatOutputs, flattenArgList, flattenArgs, flattenDiffArgs, auxOptions, matchLeaves, optionsFirst, splitAux, unflattenArgs, type AuxOptions } from "../core/args.ts";
export type { AuxOptions } from "../core/args.ts";
import { evalJaxpr } from "../ir/eval.ts";
import { avalText } from "../core/primitives/check.ts";
import { backwardPass } from "./transpose.ts";
import { jvpFlat, JvpTracer } from "./jvp.ts";
import { linearizeFlat } from "./linearize.ts";
import type { AnyFunction, AuxOf, CotangentsOf, GradFunction, InputsOf, MainOutputOf, OutputOf, PrimalsOf, TensorTree, TreeInput, ValueAndGradFunction } from "../core/treeTypes.ts";

/** The output of a `hasAux` function `F` (the first of the pair it returns), every leaf a tensor. */
type AuxOutput<F extends AnyFunction> = TensorTree<MainOutputOf<F>>;

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

/** A pullback: one cotangent tree per primal. */
export type VjpFn = (cotangent: unknown) => unknown[];

/** `f` over flat leaves, recording the output structure and (with `hasAux`) the aux value it returns beside its output. */
function withAux(op: string, f: (...args: any[]) => unknown, hasAux: boolean): { g: (...args: any[]) => unknown; aux: () => unknown } {
  if (!hasAux) return { g: f, aux: () => undefined };
  let aux: unknown;
  const g = (...args: unknown[]) => {
    let out: unknown;
    [out, aux] = splitAux(op, userOutputOrThrow(op, f(...args), "differentiated", true), true);
    return out;
  };
  // aux leaves computed under the transform are its primal values once it is done
  return { g, aux: () => { const [leaves, def] = flatten(aux, op); return unflatten(def, leaves.map(lowerFinished), op); } };
}

/**
 * `[primalOut, tangentOut]` of `f` at `primals` along `tangents` (lists with
 * one tree per argument, of equal structure). A tangent leaf has its
 * primal's shape; a tensor also its dtype (a `DTypeError` otherwise), while
 * a JS number or array takes it. With `{ hasAux: true }` (after the
 * tangents, as JAX's keyword, or before `f`), `f` returns `[out, aux]` and
 * the result is `[primalOut, tangentOut, aux]`.
 *
 * @example
 * jvp(np.sin, [1.0], [1.0]); // [sin(1), cos(1)]
 * jvp((x) => [np.sin(x), { x2: np.square(x) }], [1.0], [1.0], { hasAux: true }); // [sin 1, cos 1, { x2: 1 }]
 */
export function jvp<F extends AnyFunction>(f: F, primals: PrimalsOf<F>, tangents: PrimalsOf<F>, options?: { readonly hasAux?: false }): [OutputOf<F>, OutputOf<F>];
export function jvp<F extends AnyFunction>(f: F, primals: PrimalsOf<F>, tangents: PrimalsOf<F>, options: { readonly hasAux: true }): [AuxOutput<F>, AuxOutput<F>, AuxOf<F>];
export function jvp<F extends AnyFunction>(options: { readonly hasAux: true }, f: F, primals: PrimalsOf<F>, tangents: PrimalsOf<F>): [AuxOutput<F>, AuxOutput<F>, AuxOf<F>];
export function jvp<F extends AnyFunction>(options: AuxOptions, f: F, primals: PrimalsOf<F>, tangents: PrimalsOf<F>): [OutputOf<F>, OutputOf<F>];
export function jvp(...args: unknown[]): unknown[] {
  const first = optionsFirst("jvp", args);
  const [rawPrimals, rawTangents, last, ...extra] = first.rest;
  if (extra.length > 0 || (last !== undefined && typeof args[0] !== "function")) {
    throw new ArgumentError("jvp: expected jvp(f, primals, tangents, options?) or jvp(options, f, primals, tangents).");
  }
  const options = typeof args[0] === "function" ? auxOptions("jvp", last) : first.options;
  const hasAux = options.hasAux ?? false;
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
  const typed = matchLeaves("jvp", "tangent", flatten(tangents, "jvp")[0], ts, xs);
  const { g, aux } = withAux("jvp", first.f, hasAux);
  const { flatF, outDef: outDefOf } = flatOutputs("jvp", g, def, "differentiated");
  const [outs, outTangents] = jvpFlat(flatF, xs, typed);
  const outDef = outDefOf();
  const result = [unflatten(outDef, outs), unflatten(outDef, orZeros(outTangents, outs))];
  return hasAux ? [...result, aux()] : result;
}

/**
 * `[out, fJvp]`: the value of `f` at `primals` and its linear map of
 * tangents (evaluated without running `f` again; tangent leaves as for
 * `jvp`). With an options object before `f`, `{ hasAux: true }`, `f`
 * returns `[out, aux]` and the result is `[out, fJvp, aux]`.
 *
 * @example
 * const [y, fJvp] = linearize(np.sin, 1.0);       // fJvp(t) = cos(1)·t
 * const [y2, fJvp2, aux] = linearize({ hasAux: true }, (x) => [np.sin(x), x], 1.0);
 */
export function linearize<F extends AnyFunction>(f: F, ...primals: InputsOf<F>): [OutputOf<F>, (...tangents: InputsOf<F>) => OutputOf<F>];
export function linearize<F extends AnyFunction>(
  options: { readonly hasAux: true },
  f: F,
  ...primals: InputsOf<F>
): [AuxOutput<F>, (...tangents: InputsOf<F>) => AuxOutput<F>, AuxOf<F>];
export function linearize<F extends AnyFunction>(options: AuxOptions, f: F, ...primals: InputsOf<F>): [OutputOf<F>, (...tangents: InputsOf<F>) => OutputOf<F>];
export function linearize(...args: unknown[]): unknown[] {
  const { options, f, rest: primals } = optionsFirst("linearize", args);
  const hasAux = options.hasAux ?? false;
  const [xs, def] = flattenArgList("linearize", primals, "primal", true);
  const { g, aux } = withAux("linearize", f, hasAux);
  const { flatF, outDef: outDefOf } = flatOutputs("linearize", g, def, "differentiated");
  const { outs, linear } = linearizeFlat(flatF, xs);
  const outDef = outDefOf();
  const fJvp = (...tangents: unknown[]): unknown => {
    const [ts, tdef] = flattenArgList("linearize", tangents, "tangent", false);
    if (!treeDefsEqual(def, tdef)) {
      throw new ShapeError(`linearize: tangents have structure ${formatTreeDef(tdef)} but the primals have ${formatTreeDef(def)}.`);
    }
    return unflatten(outDef, evalJaxpr(linear, ...matchLeaves("linearize", "tangent", flatten(tangents, "linearize")[0], ts, xs)));
  };
  const result = [unflatten(outDef, outs), fJvp];
  return hasAux ? [...result, aux()] : result;
}

/**
 * `[out, vjpFn]`: `vjpFn(cotangent)` gives one cotangent tree per primal. A
 * cotangent leaf has its output's shape; a tensor also its dtype (a
 * `DTypeError` otherwise, as JAX), while a JS number or array takes it.
 * With an options object before `f`, `{ hasAux: true }`, `f` returns
 * `[out, aux]` and the result is `[out, vjpFn, aux]`.
 *
 * @example
 * const [out, pullback] = vjp((a, b) => np.dot(a, b), np.ones([2, 3]), np.ones([3, 4]));
 * pullback(np.ones([2, 4])); // [dA, dB]
 * const [loss, back, logits] = vjp({ hasAux: true }, (w) => { const z = np.tanh(w); return [np.sum(z), z]; }, w);
 */
export function vjp<F extends AnyFunction>(f: F, ...primals: InputsOf<F>): [OutputOf<F>, (cotangent: TreeInput<OutputOf<F>>) => CotangentsOf<F>];
export function vjp<F extends AnyFunction>(
  options: { readonly hasAux: true },
  f: F,
  ...primals: InputsOf<F>
): [AuxOutput<F>, (cotangent: TreeInput<AuxOutput<F>>) => CotangentsOf<F>, AuxOf<F>];
export function vjp<F extends AnyFunction>(options: AuxOptions, f: F, ...primals: InputsOf<F>): [OutputOf<F>, (cotangent: TreeInput<OutputOf<F>>) => CotangentsOf<F>];
export function vjp(...args: unknown[]): unknown[] {
  const { options, f, rest: primals } = optionsFirst("vjp", args);
  const hasAux = options.hasAux ?? false;
  const [xs, def] = flattenArgList("vjp", primals, "primal", true);
  const { g, aux } = withAux("vjp", f, hasAux);
  const { flatF, outDef: outDefOf } = flatOutputs("vjp", g, def, "differentiated");
  const { outs, linear } = linearizeFlat(flatF, xs);
  const outDef = outDefOf();
  const vjpFn = (cotangent: unknown): unknown[] => {
    const [cts, ctDef] = flattenArgs("vjp", cotangent, "cotangent", false);
    if (!treeDefsEqual(ctDef, outDef)) {
      throw new ShapeError(`vjp: cotangent has structure ${formatTreeDef(ctDef)} but the output has ${formatTreeDef(outDef)}.`);
    }
    const typed = matchLeaves("vjp", "cotangent", flatten(cotangent, "vjp")[0], cts, outs);
    const inCts = backwardPass(linear.jaxpr, linear.consts, typed);
    return unflatten<unknown[]>(def, orZeros(inCts, xs));
  };
  const result = [unflatten(outDef, outs), vjpFn];
  return hasAux ? [...result, aux()] : result;
}

/**
 * `[value, gradient]` of a scalar function (with `hasAux`, `[[value, aux],
 * gradient]`); the gradient is typed as `grad`'s.
 *
 * @example
 * import { np, valueAndGrad, type Tensor } from "tracegrad";
 * const [value, g] = valueAndGrad((x: Tensor) => np.sum(np.square(x)))([1, 2, 3]); // 14, [2, 4, 6]
 */
export function valueAndGrad<F extends AnyFunction, const O extends GradOptions = {}>(f: F, options?: O): ValueAndGradFunction<F, O>;
export function valueAndGrad(f: (...args: any[]) => unknown, options?: GradOptions): (...args: any[]) => any {
  return valueAndGradNamed("valueAndGrad", f, options);
}

/** `valueAndGrad`, reporting errors as `op` (`grad` calls it as "grad"). */
function valueAndGradNamed(op: string, f: (...args: any[]) => unknown, options?: GradOptions): (...args: any[]) => any {
  const { argnums = 0, hasAux = false } = optionsOrThrow<GradOptions>(op, options, ["argnums", "hasAux"]);
  functionOrThrow(op, f);
  return (...args: unknown[]) => {
    const argnumList = argnumsList(op, argnums, args.length);
    const { inputs: flatIns, defs, substitute } = flattenDiffArgs(op, args, argnumList);
    let aux: unknown;
    const flatF = (xs: Tensor[]): Tensor[] => {
      let out: unknown;
      [out, aux] = splitAux(op, userOutputOrThrow(op, f(...substitute(xs)), "scalar", hasAux), hasAux);
      const result = toTensor(out as ArrayLike, op);
      if (result.shape.length !== 0) {
        throw new ShapeError(
          `${op}: f must return a float scalar (shape []), got ${avalText(result)}. ` +
            `Reduce it first (np.sum/np.mean), or use jacrev/vjp for non-scalar outputs.`,
        );
      }
      if (!isFloat(result.dtype)) {
        throw new DTypeError(
          `${op}: f must return a float scalar (shape []), got ${avalText(result)}: an integer or boolean output has no gradient. ` +
            `Return a float loss (compute it with float operations; astype("float64") on the result gives a zero gradient).`,
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

/**
 * The gradient of a scalar function: with respect to argument `argnums`
 * (default 0), a tree of that argument's structure with a tensor per leaf;
 * with an array of argnums, a tuple of them; with `hasAux`, `[gradient,
 * aux]`. The types follow: `grad(loss)` of `(p: { w: Tensor; b: Tensor }, x:
 * Tensor) => Tensor` returns `{ w: Tensor; b: Tensor }`.
 *
 * @example
 * import { grad, np, type Tensor } from "tracegrad";
 * grad((x: Tensor) => np.sum(np.square(x)))([1, 2, 3]); // array([2., 4., 6.])
 * const loss = (p: { w: Tensor; b: Tensor }, x: Tensor) => np.sum(np.tanh(np.add(np.matmul(x, p.w), p.b)));
 * const g = grad(loss)({ w: np.ones([3, 2]), b: np.zeros([2]) }, np.ones([4, 3])); // { w: Tensor; b: Tensor }
 * const [gp, gx] = grad(loss, { argnums: [0, 1] })({ w: np.ones([3, 2]), b: np.zeros([2]) }, np.ones([4, 3]));
 */
export function grad<F extends AnyFunction, const O extends GradOptions = {}>(f: F, options?: O): GradFunction<F, O>;
export function grad(f: (...args: any[]) => unknown, options?: GradOptions): (...args: any[]) => any {
  const vg = valueAndGradNamed("grad", f, options);
  const hasAux = options?.hasAux ?? false;
  return (...args: unknown[]) => {
    const [value, g] = (vg as unknown as (...a: unknown[]) => [[unknown, unknown], unknown])(...args);
    return hasAux ? [g, value[1]] : g;
  };
}

/**
 * `x` with no gradient flowing through it (its derivative is zero).
 *
 * @example
 * import { grad, np, stopGradient, type Tensor } from "tracegrad";
 * grad((x: Tensor) => np.sum(np.multiply(x, stopGradient(x))))(np.array([1, 2])); // array([1., 2.]), not [2, 4]
 */
export function stopGradient(x: ArrayLike): Tensor {
  return stopGradientOp(toTensor(x, "stopGradient"));
}
