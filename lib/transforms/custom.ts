/**
 * User-defined derivatives and rematerialization:
 * - `customJvp(f, rule)`: `rule(primals, tangents) -> [out, outTangent]` replaces
 *   the derivative of `f` (JAX's custom_jvp); reverse mode transposes the rule.
 * - `customVjp(f, { fwd, bwd })`: `fwd(...args) -> [out, residuals]`,
 *   `bwd(residuals, ct) -> cotangents` (JAX's custom_vjp; reverse mode only).
 * - `checkpoint(f)`: in reverse mode, keeps only `f`'s inputs and recomputes its
 *   intermediates in the backward pass instead of storing them.
 * Each is a primitive holding staged jaxprs, so they survive jit, vmap and nesting.
 *
 * @example
 * const safeLog = customJvp((x) => np.log(x), ([x], [t]) => [np.log(x), np.divide(t, x)]);
 */
import { ArgumentError, TracegradError } from "../core/errors.ts";
import type { AnyPrimitive } from "../core/primitive.ts";
import { isLinear } from "../core/primitive.ts";
import { bind, withMainTrace, type MainTrace } from "../core/trace.ts";
import * as ops from "../core/ops.ts";
import type { ArrayLike, ConcreteTensor, Tensor } from "../core/tensor.ts";
import { functionOrThrow, optionsOrThrow, toTensor, userOutputOrThrow } from "../core/convert.ts";
import { flatten, formatTreeDef, numLeaves, unflatten, type TreeDef } from "../core/tree.ts";
import type { ClosedJaxpr } from "../ir/jaxpr.ts";
import { JaxprBuilder, JaxprTrace } from "../ir/build.ts";
import { flattenArgList, flattenArgs } from "./autodiff.ts";
import { jvpFlat } from "./jvp.ts";
import { backwardPass } from "./transpose.ts";
import { vmap } from "./vmap.ts";
import { batchedToFront, batchJaxpr, jvpJaxpr, runJaxpr, stageTree, stageUser } from "./stage.ts";
import { batchFirst } from "../core/primitives/batching.ts";


/**
 * As JAX (since jax#4008): a custom-derivative function may close over tracers of vmap/jit, but not be
 * differentiated with respect to a closed-over value, since its rule only covers the explicit arguments.
 */
function rejectClosedOverTangents(op: string, rules: string, constTangents: readonly (Tensor | null)[]): void {
  if (constTangents.some((t) => t !== null)) {
    throw new TracegradError(
      `${op}: detected differentiation of a ${op} function with respect to a closed-over value; that is not supported, ` +
        `since a custom rule only says how to differentiate with respect to the explicit arguments. ` +
        `Pass the closed-over value to the function as an argument and adapt ${rules}.`,
    );
  }
}

// customJvp

interface CustomJvpParams {
  /** `f` on `[...funConsts, ...args]`. */
  readonly fun: ClosedJaxpr;
  /** The rule on `[...ruleConsts, ...primals, ...tangents]` giving `[...outs, ...outTangents]`. */
  readonly rule: ClosedJaxpr;
  readonly funConsts: number;
  readonly ruleConsts: number;
}

/** `custom_jvp_call`: inputs `[...funConsts, ...ruleConsts, ...args]`. */
export const customJvpPrimitive: AnyPrimitive = {
  name: "custom_jvp_call",
  abstractEval: (_args, { fun }: CustomJvpParams) => fun.outAvals,
  impl: (args, p: CustomJvpParams) => runFun(args, p) as ConcreteTensor[],
  jvp(primals, tangents, p: CustomJvpParams) {
    const k = p.funConsts + p.ruleConsts;
    // the rule says nothing about closed-over values: differentiating w.r.t. one would silently give zero
    rejectClosedOverTangents("customJvp", "the custom_jvp rule", tangents.slice(0, k));
    const args = primals.slice(k);
    const outs = runJaxpr(p.rule, [...primals.slice(p.funConsts, k), ...args, ...ops.orZeros(tangents.slice(k), args)]);
    const n = outs.length / 2;
    return [outs.slice(0, n), outs.slice(n)];
  },
  transpose: null,
  batch(axisSize, args, dims, p: CustomJvpParams) {
    const [values, front] = batchedToFront(args, dims);
    const k = p.funConsts + p.ruleConsts;
    // batch every arg, so the tangents the rule will see are batched like them
    const batchedArgs = values.slice(k).map((v, i) => batchFirst(v, front[k + i], axisSize));
    const argDims = batchedArgs.map(() => 0);
    const fun = batchJaxpr(p.fun, axisSize, [...front.slice(0, p.funConsts), ...argDims], true).jaxpr;
    const rule = batchJaxpr(p.rule, axisSize, [...front.slice(p.funConsts, k), ...argDims, ...argDims], true).jaxpr;
    const outs = bind(customJvpPrimitive, [...values.slice(0, k), ...batchedArgs], { ...p, fun, rule });
    return [outs, outs.map(() => 0)];
  },
  inline: (args, p: CustomJvpParams) => runFun(args, p),
};

function runFun(args: readonly Tensor[], p: CustomJvpParams): Tensor[] {
  return runJaxpr(p.fun, [...args.slice(0, p.funConsts), ...args.slice(p.funConsts + p.ruleConsts)]);
}

/** `f` with its derivative given by `rule(primals, tangents) -> [out, outTangent]`. */
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
        const result = userOutputOrThrow("customJvp", rule(unflatten<unknown[]>(inDef, xs.slice(0, n)), unflatten<unknown[]>(inDef, xs.slice(n))));
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
    const outs = bind(customJvpPrimitive, [...fun.consts, ...ruleStaged.consts, ...leaves], {
      fun: fun.jaxpr,
      rule: ruleStaged.jaxpr,
      funConsts: fun.consts.length,
      ruleConsts: ruleStaged.consts.length,
    });
    return unflatten(outDef, outs);
  }) as F;
}

// customVjp

// `any`, as the customJvp rule's parameters: a bwd with typed parameters (residuals, cotangent) must type-check
type Bwd = (residuals: any, cotangent: any) => unknown[];

interface CustomVjpParams {
  readonly fun: ClosedJaxpr;
  /** `fwd` on `[...fwdConsts, ...args]` giving `[...outs, ...residuals]`. */
  readonly fwd: ClosedJaxpr;
  readonly funConsts: number;
  readonly fwdConsts: number;
  readonly numOuts: number;
  readonly bwd: (residuals: readonly Tensor[], cts: readonly Tensor[]) => Tensor[];
}

/** `custom_vjp_call`: inputs `[...funConsts, ...fwdConsts, ...args]`. */
export const customVjpPrimitive: AnyPrimitive = {
  name: "custom_vjp_call",
  abstractEval: (_args, { fun }: CustomVjpParams) => fun.outAvals,
  impl: (args, p: CustomVjpParams) => runJaxpr(p.fun, [...args.slice(0, p.funConsts), ...args.slice(p.funConsts + p.fwdConsts)]) as ConcreteTensor[],
  // run fwd now; the tangent map is `custom_lin`, whose transpose is bwd
  jvp(primals, tangents, p: CustomVjpParams) {
    const k = p.funConsts + p.fwdConsts;
    // bwd gives cotangents for the arguments only (else this fell through to custom_lin's forward-mode error)
    rejectClosedOverTangents("customVjp", "the fwd and bwd rules", tangents.slice(0, k));
    const args = primals.slice(k);
    const fwdOuts = runJaxpr(p.fwd, [...primals.slice(p.funConsts, k), ...args]);
    const outs = fwdOuts.slice(0, p.numOuts);
    const residuals = fwdOuts.slice(p.numOuts);
    const outTangents = bind(customLinPrimitive, [...residuals, ...ops.orZeros(tangents.slice(k), args)], {
      numResiduals: residuals.length,
      outAvals: outs.map((o) => ({ shape: o.shape, dtype: o.dtype })),
      bwd: p.bwd,
    });
    return [outs, outTangents];
  },
  transpose: null,
  batch(axisSize, args, dims, p: CustomVjpParams) {
    const [values, front] = batchedToFront(args, dims);
    const k = p.funConsts + p.fwdConsts;
    const batchedArgs = values.slice(k).map((v, i) => batchFirst(v, front[k + i], axisSize));
    const allBatched = batchedArgs.map(() => 0);
    const fun = batchJaxpr(p.fun, axisSize, [...front.slice(0, p.funConsts), ...allBatched], true).jaxpr;
    const fwd = batchJaxpr(p.fwd, axisSize, [...front.slice(p.funConsts, k), ...allBatched], true).jaxpr;
    const bwd = (residuals: readonly Tensor[], cts: readonly Tensor[]) =>
      vmap((r: Tensor[], c: Tensor[]) => p.bwd(r, c))(residuals, cts.map((c) => batchFirst(c, 0, axisSize))) as Tensor[];
    const outs = bind(customVjpPrimitive, [...values.slice(0, k), ...batchedArgs], { ...p, fun, fwd, bwd });
    return [outs, outs.map(() => 0)];
  },
  inline: (args, p: CustomVjpParams) => runJaxpr(p.fun, [...args.slice(0, p.funConsts), ...args.slice(p.funConsts + p.fwdConsts)]),
};

interface CustomLinParams {
  readonly numResiduals: number;
  readonly outAvals: readonly { shape: readonly number[]; dtype: Tensor["dtype"] }[];
  readonly bwd: (residuals: readonly Tensor[], cts: readonly Tensor[]) => Tensor[];
}

/** `custom_lin`: the linear map of a customVjp function; only its transpose (bwd) is defined. */
export const customLinPrimitive: AnyPrimitive = {
  name: "custom_lin",
  abstractEval: (_args, { outAvals }: CustomLinParams) => outAvals.slice(),
  impl() {
    throw new TracegradError(
      "customVjp: forward-mode differentiation (jvp/jacfwd/linearize evaluation) of a customVjp function is not supported, " +
        "as in JAX; use reverse mode (grad/vjp/jacrev) or define the derivative with customJvp.",
    );
  },
  jvp() {
    throw new TracegradError("customVjp: forward-mode differentiation of a customVjp function is not supported, as in JAX; use customJvp.");
  },
  transpose: null,
  // custom_lin is batched when a linear jaxpr holding it is (e.g. the jvp jaxpr of a checkpoint under vmap, or
  // jacfwd); without a rule vmap failed with a raw TypeError. Batch everything and vmap bwd: reverse mode still
  // transposes it, forward mode still reaches the error of impl.
  batch(axisSize, args, dims, { numResiduals, outAvals, bwd }: CustomLinParams) {
    const batched = args.map((v, i) => batchFirst(v, dims[i], axisSize));
    const bwdB = (residuals: readonly Tensor[], cts: readonly Tensor[]) =>
      vmap((r: Tensor[], c: Tensor[]) => bwd(r, c))(residuals, cts) as Tensor[];
    const outs = bind(customLinPrimitive, batched, {
      numResiduals,
      outAvals: outAvals.map((a) => ({ shape: [axisSize, ...a.shape], dtype: a.dtype })),
      bwd: bwdB,
    });
    return [outs, outs.map(() => 0)];
  },
  transposeMulti(cts, args, { numResiduals, outAvals, bwd }: CustomLinParams) {
    const residuals = args.slice(0, numResiduals) as Tensor[];
    const argCts = bwd(residuals, ops.orZeros(cts, outAvals));
    return [...residuals.map(() => null), ...args.slice(numResiduals).map((a, i) => (isLinear(a) ? argCts[i] ?? null : null))];
  },
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

/** `f` with its reverse-mode derivative given by `fwd` and `bwd`, as JAX's custom_vjp. */
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
      // matched to each argument's structure, a null subtree meaning zeros (JAX's None): flattening the
      // whole result instead dropped the nulls and shifted later cotangents onto earlier arguments
      const argDefs = (inDef as { children: readonly TreeDef[] }).children;
      const flat = argDefs.flatMap((def, i) => cotangentLeaves(def, result[i], `bwd cotangent ${i}`));
      return flat.map((c, i) =>
        c === null ? ops.zerosLike(leaves[i]) : ops.convert(ops.broadcastTo(toTensor(c as ArrayLike, "customVjp"), leaves[i].shape), leaves[i].dtype),
      );
    };
    const outs = bind(customVjpPrimitive, [...fun.consts, ...fwdStaged.consts, ...leaves], {
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

// checkpoint

interface CheckpointParams {
  readonly jaxpr: ClosedJaxpr;
  /** Set on the jvp of a checkpoint: the original jaxpr, whose inputs are the first half. */
  readonly primal: ClosedJaxpr | null;
}

/** `checkpoint`: a call whose reverse mode stores only its inputs. */
export const checkpointPrimitive: AnyPrimitive = {
  name: "checkpoint",
  abstractEval: (_args, { jaxpr }: CheckpointParams) => jaxpr.outAvals,
  impl: (args, { jaxpr }: CheckpointParams) => runJaxpr(jaxpr, args) as ConcreteTensor[],
  jvp(primals, tangents, { jaxpr }: CheckpointParams) {
    const outs = bind(checkpointPrimitive, [...primals, ...ops.orZeros(tangents, primals)], { jaxpr: jvpJaxpr(jaxpr), primal: jaxpr });
    const n = outs.length / 2;
    return [outs.slice(0, n), outs.slice(n)];
  },
  transpose: null,
  batch(axisSize, args, dims, { jaxpr, primal }: CheckpointParams) {
    const [values, front] = batchedToFront(args, dims);
    const batched = batchJaxpr(jaxpr, axisSize, front, true).jaxpr;
    const primalB = primal === null ? null : batchJaxpr(primal, axisSize, front.slice(0, primal.inAvals.length), true).jaxpr;
    return [bind(checkpointPrimitive, values, { jaxpr: batched, primal: primalB }), batched.outAvals.map(() => 0)];
  },
  inline(args, { jaxpr, primal }: CheckpointParams) {
    if (primal === null) return runJaxpr(jaxpr, args);
    // known primal outputs now; the tangent outputs as one equation that keeps only the inputs
    const n = primal.inAvals.length;
    const outs = runJaxpr(primal, args.slice(0, n));
    const tangents = bind(rematTangentPrimitive, args, { jaxpr, numPrimals: n });
    return [...outs, ...tangents];
  },
};

interface RematParams {
  /** The jvp jaxpr `[...primals, ...tangents] -> [...outs, ...outTangents]`. */
  readonly jaxpr: ClosedJaxpr;
  readonly numPrimals: number;
}

function tangentPart(args: readonly Tensor[], { jaxpr, numPrimals }: RematParams): (ts: Tensor[]) => Tensor[] {
  const primals = args.slice(0, numPrimals);
  return (ts) => {
    const outs = runJaxpr(jaxpr, [...primals, ...ts]);
    return outs.slice(outs.length / 2);
  };
}

/** `remat_tangent`: the tangent outputs of a checkpointed jvp, linear in the tangents; its transpose recomputes the forward pass. */
export const rematTangentPrimitive: AnyPrimitive = {
  name: "remat_tangent",
  abstractEval: (_args, { jaxpr }: RematParams) => jaxpr.outAvals.slice(jaxpr.outAvals.length / 2),
  impl: (args, p: RematParams) => tangentPart(args, p)(args.slice(p.numPrimals) as Tensor[]) as ConcreteTensor[],
  jvp(primals, tangents, p: RematParams) {
    const [outs, outTs] = jvpFlat((xs) => tangentPart(xs, p)(xs.slice(p.numPrimals)), primals, tangents);
    return [outs, outTs];
  },
  transpose: null,
  transposeMulti(cts, args, p: RematParams) {
    // recompute: run the jvp jaxpr with the saved primal inputs known and the tangents unknown, so the primal
    // work runs now and only the (linear) tangent work is staged, then pull the cotangents back through it.
    // This partial evaluation replaces linearizing the tangent map with jvp, which needed a jvp rule for every
    // linear primitive in it: custom_lin (a customVjp inside a checkpoint) has none, so grad failed there.
    const primals = args.slice(0, p.numPrimals) as Tensor[];
    const builder = new JaxprBuilder();
    const linear = withMainTrace(
      "checkpoint",
      (main: MainTrace) => new JaxprTrace(main, builder, true),
      (trace) => {
        const t = trace as JaxprTrace;
        const tangents = args.slice(p.numPrimals).map((a) => t.newArg(a));
        const outs = runJaxpr(p.jaxpr, [...primals, ...tangents]);
        return builder.build(outs.slice(outs.length / 2).map((o) => t.atomOf(o)));
      },
    );
    const outAvals = linear.outAvals;
    const inCts = backwardPass(linear.jaxpr, linear.consts, ops.orZeros(cts, outAvals));
    return [...primals.map(() => null), ...inCts];
  },
  batch(axisSize, args, dims, p: RematParams) {
    const [values, front] = batchedToFront(args, dims);
    const batched = values.map((v, i) => batchFirst(v, front[i], axisSize));
    const jaxpr = batchJaxpr(p.jaxpr, axisSize, batched.map(() => 0), true).jaxpr;
    const outs = bind(rematTangentPrimitive, batched, { jaxpr, numPrimals: p.numPrimals });
    return [outs, outs.map(() => 0)];
  },
};

/** `f` whose intermediates are recomputed in the backward pass instead of stored (JAX's checkpoint/remat). */
export function checkpoint<F extends (...args: any[]) => any>(f: F): F {
  functionOrThrow("checkpoint", f);
  return ((...args: unknown[]) => {
    const [leaves, inDef] = flattenArgList("checkpoint", args, "argument", false);
    const { staged, outDef } = stageTree("checkpoint", f, leaves, inDef);
    // closed-over values become inputs, so the jaxpr is const-free
    const outs = bind(checkpointPrimitive, [...staged.consts, ...leaves], { jaxpr: staged.jaxpr, primal: null });
    return unflatten(outDef, outs);
  }) as F;
}
