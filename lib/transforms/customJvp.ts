/**
 * `customJvp(f, rule)`: `rule(primals, tangents) -> [out, outTangent]`
 * replaces the derivative of `f` (JAX's custom_jvp); reverse mode transposes
 * the rule. A primitive holding `f` and the rule as jaxprs, so it survives
 * jit, vmap and nesting.
 *
 * @example
 * const safeLog = customJvp((x) => np.log(x), ([x], [t]) => [np.log(x), np.divide(t, x)]);
 * grad(safeLog)(2.0); // 0.5
 */
import { ArgumentError, TracegradError } from "../core/errors.ts";
import type { HigherOrderPrimitive } from "../core/primitive.ts";
import * as ops from "../core/ops.ts";
import type { ConcreteTensor, Tensor } from "../core/tensor.ts";
import { unflatten } from "../core/tree.ts";
import { functionOrThrow, userOutputOrThrow } from "../core/convert.ts";
import { flattenArgList, flattenArgs, splitAt, splitHalf, splitList } from "../core/args.ts";
import type { ClosedJaxpr } from "../ir/jaxpr.ts";
import { batchedToFront, batchJaxpr, bindTyped, runJaxpr, stageTree, stageUser } from "./stage.ts";
import { batchFirst } from "../core/primitives/batching.ts";

/**
 * As JAX (since jax#4008): a custom-derivative function may close over tracers of vmap/jit, but not be
 * differentiated with respect to a closed-over value, since its rule only covers the explicit arguments.
 */
export function rejectClosedOverTangents(op: string, rules: string, constTangents: readonly (Tensor | null)[]): void {
  if (constTangents.some((t) => t !== null)) {
    throw new TracegradError(
      `${op}: detected differentiation of a ${op} function with respect to a closed-over value; that is not supported, ` +
        `since a custom rule only says how to differentiate with respect to the explicit arguments. ` +
        `Pass the closed-over value to the function as an argument and adapt ${rules}.`,
    );
  }
}

/** The params of `custom_jvp_call`: `f` and its rule as jaxprs, and how many leading inputs are the constants of each. */
export type CustomJvpParams = {
  /** `f` on `[...funConsts, ...args]`. */
  readonly fun: ClosedJaxpr;
  /** The rule on `[...ruleConsts, ...primals, ...tangents]` giving `[...outs, ...outTangents]`. */
  readonly rule: ClosedJaxpr;
  readonly funConsts: number;
  readonly ruleConsts: number;
};

/** `custom_jvp_call`: inputs `[...funConsts, ...ruleConsts, ...args]`. */
export const customJvpPrimitive: HigherOrderPrimitive<CustomJvpParams> = {
  name: "custom_jvp_call",
  abstractEval: (_args, { fun }) => fun.outAvals,
  impl: (args, p) => runFun(args, p) as ConcreteTensor[],
  jvp(primals, tangents, p) {
    const [, ruleConsts, args] = splitList(primals, [p.funConsts, p.ruleConsts]);
    const [funConstsT, ruleConstsT, argsT] = splitList(tangents, [p.funConsts, p.ruleConsts]);
    // the rule says nothing about closed-over values: differentiating w.r.t. one would silently give zero
    rejectClosedOverTangents("customJvp", "the custom_jvp rule", [...funConstsT, ...ruleConstsT]);
    return splitHalf(runJaxpr(p.rule, [...ruleConsts, ...args, ...ops.orZeros(argsT, args)]));
  },
  transpose: null,
  batch(axisSize, args, dims, p) {
    const [values, front] = batchedToFront(args, dims);
    const [funConsts, ruleConsts, xs] = splitList(values, [p.funConsts, p.ruleConsts]);
    const [funDims, ruleDims, xsDims] = splitList(front, [p.funConsts, p.ruleConsts]);
    // batch every arg, so the tangents the rule will see are batched like them
    const batchedArgs = xs.map((v, i) => batchFirst(v, xsDims[i], axisSize));
    const argDims = batchedArgs.map(() => 0);
    const fun = batchJaxpr(p.fun, axisSize, [...funDims, ...argDims], true).jaxpr;
    const rule = batchJaxpr(p.rule, axisSize, [...ruleDims, ...argDims, ...argDims], true).jaxpr;
    const outs = bindTyped(customJvpPrimitive, [...funConsts, ...ruleConsts, ...batchedArgs], { ...p, fun, rule });
    return [outs, outs.map(() => 0)];
  },
  // a call with unknown inputs (its tangents are handled by jvp above): inline f
  partialEval: (_pe, args, p) => runFun(args, p),
};

/** `f` on the call's inputs (its own constants, then the arguments). */
function runFun(args: readonly Tensor[], p: CustomJvpParams): Tensor[] {
  const [funConsts, , xs] = splitList(args, [p.funConsts, p.ruleConsts]);
  return runJaxpr(p.fun, [...funConsts, ...xs]);
}

/**
 * `f` with its derivative given by `rule(primals, tangents) -> [out,
 * outTangent]` (JAX's custom_jvp); reverse mode transposes the rule.
 *
 * @example
 * import { customJvp, grad, np, type Tensor } from "tracegrad";
 * // log(1 + eˣ) with the stable derivative σ(x) (the formula's autodiff is NaN at 800)
 * const log1pexp = customJvp((x: Tensor) => np.log1p(np.exp(x)), ([x]: Tensor[], [t]: Tensor[]) => [
 *   np.log1p(np.exp(x)),
 *   np.multiply(t, np.divide(1, np.add(1, np.exp(np.negative(x))))),
 * ]);
 * grad((x: Tensor) => np.sum(log1pexp(x)))(np.array([800.0])); // array([1.])
 */
export function customJvp<F extends (...args: any[]) => any>(
  f: F,
  rule: (primals: any[], tangents: any[]) => [unknown, unknown],
): F {
  functionOrThrow("customJvp", f);
  functionOrThrow("customJvp", rule);
  return ((...args: unknown[]) => {
    const [leaves, inDef] = flattenArgList("customJvp", args, "argument", false);
    const { staged: fun, outDef } = stageTree("customJvp", f, leaves, inDef);
    const n = leaves.length;
    const ruleStaged = stageUser(
      (xs) => {
        const [primals, tangents] = splitAt(xs, n);
        const result = userOutputOrThrow("customJvp", rule(unflatten<unknown[]>(inDef, primals), unflatten<unknown[]>(inDef, tangents)));
        if (!Array.isArray(result) || result.length !== 2) throw new ArgumentError("customJvp: the rule must return [out, outTangent].");
        const [outs] = flattenArgs("customJvp", result[0], "rule output", false);
        const [outTangents] = flattenArgs("customJvp", result[1], "rule tangent", false);
        if (outs.length !== fun.jaxpr.outAvals.length || outTangents.length !== outs.length) {
          throw new ArgumentError("customJvp: the rule's [out, outTangent] must have the structure of f's output.");
        }
        return [...outs, ...outTangents.map((t, i) => ops.convert(ops.broadcastTo(t, outs[i].shape), outs[i].dtype))];
      },
      [...leaves, ...leaves],
      "customJvp",
    );
    const outs = bindTyped(customJvpPrimitive, [...fun.consts, ...ruleStaged.consts, ...leaves], {
      fun: fun.jaxpr,
      rule: ruleStaged.jaxpr,
      funConsts: fun.consts.length,
      ruleConsts: ruleStaged.consts.length,
    });
    return unflatten(outDef, outs);
  }) as F;
}

