/**
 * `customVjp(f, { fwd, bwd })`: `fwd(...args) -> [out, residuals]`,
 * `bwd(residuals, ct) -> cotangents` (JAX's custom_vjp; reverse mode only).
 * Under jvp the call runs `fwd` and emits `custom_lin`, a linear primitive
 * whose only rule is its transpose: `bwd`.
 *
 * @example
 * const clipGrad = customVjp((x) => x, { fwd: (x) => [x, null], bwd: (_r, g) => [np.clip(g, -1, 1)] });
 */
import { ArgumentError, TracegradError } from "../core/errors.ts";
import { isLinear, type HigherOrderPrimitive } from "../core/primitive.ts";
import { bind } from "../core/trace.ts";
import * as ops from "../core/ops.ts";
import type { ArrayLike, Aval, ConcreteTensor, Tensor } from "../core/tensor.ts";
import { functionOrThrow, optionsOrThrow, toTensor, userOutputOrThrow } from "../core/convert.ts";
import { flatten, formatTreeDef, numLeaves, unflatten, type TreeDef } from "../core/tree.ts";
import { flattenArgList, flattenArgs, splitAt, splitList } from "../core/args.ts";
import type { ClosedJaxpr } from "../ir/jaxpr.ts";
import { vmap } from "./vmap.ts";
import { batchedToFront, batchJaxpr, bindTyped, runJaxpr, stageTree, stageUser } from "./stage.ts";
import { batchFirst } from "../core/primitives/batching.ts";
import { rejectClosedOverTangents } from "./customJvp.ts";

// `any`, as the customJvp rule's parameters: a bwd with typed parameters (residuals, cotangent) must type-check
type Bwd = (residuals: any, cotangent: any) => unknown[];

/** The params of `custom_vjp_call`: `f` and `fwd` as jaxprs (with how many leading inputs are the constants of each) and `bwd` on flat lists. */
export type CustomVjpParams = {
  /** `f` on `[...funConsts, ...args]`. */
  readonly fun: ClosedJaxpr;
  /** `fwd` on `[...fwdConsts, ...args]` giving `[...outs, ...residuals]`. */
  readonly fwd: ClosedJaxpr;
  readonly funConsts: number;
  readonly fwdConsts: number;
  readonly numOuts: number;
  readonly bwd: (residuals: readonly Tensor[], cts: readonly Tensor[]) => Tensor[];
};

/** `custom_vjp_call`: inputs `[...funConsts, ...fwdConsts, ...args]`. */
export const customVjpPrimitive: HigherOrderPrimitive<CustomVjpParams> = {
  name: "custom_vjp_call",
  abstractEval: (_args, { fun }) => fun.outAvals,
  impl: (args, p) => runFun(args, p) as ConcreteTensor[],
  // run fwd now; the tangent map is `custom_lin`, whose transpose is bwd
  jvp(primals, tangents, p) {
    const [, fwdConsts, args] = splitList(primals, [p.funConsts, p.fwdConsts]);
    const [funConstsT, fwdConstsT, argsT] = splitList(tangents, [p.funConsts, p.fwdConsts]);
    // bwd gives cotangents for the arguments only, so a tangent of a closed-over value is an error
    rejectClosedOverTangents("customVjp", "the fwd and bwd rules", [...funConstsT, ...fwdConstsT]);
    const [outs, residuals] = splitAt(runJaxpr(p.fwd, [...fwdConsts, ...args]), p.numOuts);
    const outTangents = bindTyped(customLinPrimitive, [...residuals, ...ops.orZeros(argsT, args)], {
      numResiduals: residuals.length,
      outAvals: outs.map((o) => ({ shape: o.shape, dtype: o.dtype })),
      bwd: p.bwd,
    });
    return [outs, outTangents];
  },
  transpose: null,
  batch(axisSize, args, dims, p) {
    const [values, front] = batchedToFront(args, dims);
    const [funConsts, fwdConsts, xs] = splitList(values, [p.funConsts, p.fwdConsts]);
    const [funDims, fwdDims, xsDims] = splitList(front, [p.funConsts, p.fwdConsts]);
    const batchedArgs = xs.map((v, i) => batchFirst(v, xsDims[i], axisSize));
    const allBatched = batchedArgs.map(() => 0);
    const fun = batchJaxpr(p.fun, axisSize, [...funDims, ...allBatched], true).jaxpr;
    const fwd = batchJaxpr(p.fwd, axisSize, [...fwdDims, ...allBatched], true).jaxpr;
    const bwd = (residuals: readonly Tensor[], cts: readonly Tensor[]) =>
      vmap((r: Tensor[], c: Tensor[]) => p.bwd(r, c))(residuals as Tensor[], cts.map((c) => batchFirst(c, 0, axisSize)));
    const outs = bindTyped(customVjpPrimitive, [...funConsts, ...fwdConsts, ...batchedArgs], { ...p, fun, fwd, bwd });
    return [outs, outs.map(() => 0)];
  },
  // a call with unknown inputs (its tangents are handled by jvp above): inline f
  partialEval: (_pe, args, p) => runFun(args, p),
};

/** `f` on the call's inputs (its own constants, then the arguments). */
function runFun(args: readonly Tensor[], p: CustomVjpParams): Tensor[] {
  const [funConsts, , xs] = splitList(args, [p.funConsts, p.fwdConsts]);
  return runJaxpr(p.fun, [...funConsts, ...xs]);
}

/** The params of `custom_lin`: how many leading inputs are residuals, the output avals, and `bwd`. */
export type CustomLinParams = {
  readonly numResiduals: number;
  readonly outAvals: readonly Aval[];
  readonly bwd: (residuals: readonly Tensor[], cts: readonly Tensor[]) => Tensor[];
};

/** `custom_lin`: the linear map of a customVjp function; only its transpose (bwd) is defined. */
export const customLinPrimitive: HigherOrderPrimitive<CustomLinParams> = {
  name: "custom_lin",
  abstractEval: (_args, { outAvals }) => outAvals.slice(),
  impl() {
    throw new TracegradError(
      "customVjp: forward-mode differentiation (jvp/jacfwd/linearize evaluation) of a customVjp function is not supported, " +
        "as in JAX; use reverse mode (grad/vjp/jacrev) or define the derivative with customJvp.",
    );
  },
  jvp() {
    throw new TracegradError("customVjp: forward-mode differentiation of a customVjp function is not supported, as in JAX; use customJvp.");
  },
  // custom_lin is batched when a linear jaxpr holding it is (the jvp jaxpr of a checkpoint under vmap, jacfwd):
  // batch everything and vmap bwd; reverse mode transposes it, forward mode reaches the error of impl
  batch(axisSize, args, dims, { numResiduals, outAvals, bwd }) {
    const batched = args.map((v, i) => batchFirst(v, dims[i], axisSize));
    const bwdB = (residuals: readonly Tensor[], cts: readonly Tensor[]) =>
      vmap((r: Tensor[], c: Tensor[]) => bwd(r, c))(residuals as Tensor[], cts as Tensor[]);
    const outs = bindTyped(customLinPrimitive, batched, {
      numResiduals,
      outAvals: outAvals.map((a) => ({ shape: [axisSize, ...a.shape], dtype: a.dtype })),
      bwd: bwdB,
    });
    return [outs, outs.map(() => 0)];
  },
  transpose(cts, args, { numResiduals, outAvals, bwd }) {
    const [residuals, linear] = splitAt(args, numResiduals);
    const argCts = bwd(residuals as Tensor[], ops.orZeros(cts, outAvals));
    return [...residuals.map(() => null), ...linear.map((a, i) => (isLinear(a) ? argCts[i] ?? null : null))];
  },
  partialEval: null,
};

/** The leaves of a cotangent `ct` for an argument of structure `def`; a null/undefined subtree gives nulls (zeros). */
function cotangentLeaves(def: TreeDef, ct: unknown, what: string): unknown[] {
  if (ct === null || ct === undefined) return new Array(numLeaves(def)).fill(null);
  if (def.kind === "leaf") return [ct];
  if (def.kind === "array" && Array.isArray(ct) && ct.length === def.children.length) {
    return def.children.flatMap((d, i) => cotangentLeaves(d, ct[i], `${what}[${i}]`));
  }
  if (def.kind === "object" && typeof ct === "object" && !Array.isArray(ct)) {
    const obj = ct as Record<string, unknown>;
    if (Object.keys(obj).sort().join() === def.keys.join()) return def.children.flatMap((d, i) => cotangentLeaves(d, obj[def.keys[i]], `${what}.${def.keys[i]}`));
  }
  throw new ArgumentError(
    `customVjp: ${what} from bwd has structure ${formatTreeDef(flatten(ct)[1])} but the argument has ${formatTreeDef(def)}; ` +
      `return one cotangent per argument with its structure (null for zeros).`,
  );
}

/**
 * `f` with its reverse-mode derivative given by `fwd` and `bwd`, as JAX's
 * custom_vjp: `fwd(...args)` returns `[out, residuals]`, `bwd(residuals,
 * outCotangent)` one cotangent per argument.
 *
 * @example
 * import { customVjp, grad, np, type Tensor } from "tracegrad";
 * // gradient clipping in the backward pass
 * const clipGradient = customVjp((x: Tensor) => x, {
 *   fwd: (x: Tensor) => [x, null],
 *   bwd: (_residuals: unknown, g: Tensor) => [np.clip(g, -1, 1)],
 * });
 * grad((x: Tensor) => np.sum(np.multiply(clipGradient(x), 5)))(np.array([1, 2])); // array([1., 1.])
 */
export function customVjp<F extends (...args: any[]) => any>(
  f: F,
  rules: { fwd: (...args: any[]) => [unknown, unknown]; bwd: Bwd },
): F {
  functionOrThrow("customVjp", f);
  const checked = optionsOrThrow<{ fwd: (...args: any[]) => [unknown, unknown]; bwd: Bwd }>("customVjp", rules, ["fwd", "bwd"]);
  functionOrThrow("customVjp", checked.fwd);
  functionOrThrow("customVjp", checked.bwd);
  const { fwd, bwd } = checked as { fwd: (...args: any[]) => [unknown, unknown]; bwd: Bwd };
  return ((...args: unknown[]) => {
    const [leaves, inDef] = flattenArgList("customVjp", args, "argument", false);
    let resDef: TreeDef | undefined;
    const { staged: fun, outDef } = stageTree("customVjp", f, leaves, inDef);
    const fwdStaged = stageUser(
      (xs) => {
        const result = userOutputOrThrow("customVjp", fwd(...unflatten<unknown[]>(inDef, xs)));
        if (!Array.isArray(result) || result.length !== 2) throw new ArgumentError("customVjp: fwd must return [out, residuals].");
        const [outs] = flattenArgs("customVjp", result[0], "fwd output", false);
        const [res, def] = flattenArgs("customVjp", result[1], "residuals", false);
        resDef = def;
        return [...outs, ...res];
      },
      leaves,
      "customVjp",
    );
    const numOuts = fun.jaxpr.outAvals.length;
    const flatBwd = (residuals: readonly Tensor[], cts: readonly Tensor[]): Tensor[] => {
      const result = userOutputOrThrow("customVjp", bwd(unflatten(resDef!, residuals), unflatten(outDef, cts)));
      if (!Array.isArray(result) || result.length !== args.length) {
        throw new ArgumentError(`customVjp: bwd must return an array with one cotangent per argument (${args.length}).`);
      }
      // matched to each argument's structure, a null subtree meaning zeros (JAX's None), so that a null
      // does not shift later cotangents onto earlier arguments
      const argDefs = (inDef as { children: readonly TreeDef[] }).children;
      const flat = argDefs.flatMap((def, i) => cotangentLeaves(def, result[i], `bwd cotangent ${i}`));
      return flat.map((c, i) =>
        c === null ? ops.zerosLike(leaves[i]) : ops.convert(ops.broadcastTo(toTensor(c as ArrayLike, "customVjp"), leaves[i].shape), leaves[i].dtype),
      );
    };
    const outs = bindTyped(customVjpPrimitive, [...fun.consts, ...fwdStaged.consts, ...leaves], {
      fun: fun.jaxpr,
      fwd: fwdStaged.jaxpr,
      funConsts: fun.consts.length,
      fwdConsts: fwdStaged.consts.length,
      numOuts,
      bwd: flatBwd,
    });
    return unflatten(outDef, outs);
  }) as F;
}

