/**
 * `checkpoint(f)` (JAX's checkpoint/remat): in reverse mode, keeps only `f`'s
 * inputs and recomputes its intermediates in the backward pass instead of
 * storing them. A primitive holding `f`'s jaxpr; its jvp is a checkpoint of
 * the jvp jaxpr, which partial evaluation splits into the known primal
 * outputs and one `remat_tangent` equation that keeps only the inputs; the
 * transpose of that equation reruns the forward pass.
 *
 * @example
 * const layer = checkpoint((w, x) => np.tanh(np.matmul(x, w)));
 * grad((w) => np.sum(layer(w, x)))(w);
 */
import type { HigherOrderPrimitive, PartialEvaluator } from "../core/primitive.ts";
import * as ops from "../core/ops.ts";
import type { ConcreteTensor, Tensor } from "../core/tensor.ts";
import { unflatten } from "../core/tree.ts";
import { functionOrThrow } from "../core/convert.ts";
import { flattenArgList, splitAt, splitHalf } from "../core/args.ts";
import type { ClosedJaxpr } from "../ir/jaxpr.ts";
import { jvpFlat } from "./jvp.ts";
import { backwardPass } from "./transpose.ts";
import { withPartialEval } from "./partial.ts";
import { batchedToFront, batchJaxpr, bindTyped, jvpJaxprFull, runJaxpr, stageTree } from "./stage.ts";
import { batchFirst } from "../core/primitives/batching.ts";

/** The params of `checkpoint`: the checkpointed jaxpr. */
export type CheckpointParams = {
  readonly jaxpr: ClosedJaxpr;
  /** Set on the jvp of a checkpoint: the original jaxpr, whose inputs are the first half. */
  readonly primal: ClosedJaxpr | null;
};

/** `checkpoint`: a call whose reverse mode stores only its inputs. */
export const checkpointPrimitive: HigherOrderPrimitive<CheckpointParams> = {
  name: "checkpoint",
  abstractEval: (_args, { jaxpr }) => jaxpr.outAvals,
  impl: (args, { jaxpr }) => runJaxpr(jaxpr, args) as ConcreteTensor[],
  jvp(primals, tangents, { jaxpr }) {
    const outs = bindTyped(checkpointPrimitive, [...primals, ...ops.orZeros(tangents, primals)], { jaxpr: jvpJaxprFull(jaxpr), primal: jaxpr });
    return splitHalf(outs);
  },
  transpose: null,
  batch(axisSize, args, dims, { jaxpr, primal }) {
    const [values, front] = batchedToFront(args, dims);
    const batched = batchJaxpr(jaxpr, axisSize, front, true).jaxpr;
    const primalB = primal === null ? null : batchJaxpr(primal, axisSize, front.slice(0, primal.inAvals.length), true).jaxpr;
    return [bindTyped(checkpointPrimitive, values, { jaxpr: batched, primal: primalB }), batched.outAvals.map(() => 0)];
  },
  partialEval: checkpointPartialEval,
};

/**
 * Partial evaluation of a checkpoint: a plain one is inlined; the jvp of one
 * gives its primal outputs now and its tangent outputs as one staged
 * `remat_tangent` equation that keeps only the inputs.
 */
function checkpointPartialEval(pe: PartialEvaluator, args: readonly Tensor[], { jaxpr, primal }: CheckpointParams): Tensor[] {
  if (primal === null) return runJaxpr(jaxpr, args);
  const numPrimals = primal.inAvals.length;
  const outs = runJaxpr(primal, splitAt(args, numPrimals)[0]);
  return [...outs, ...pe.stage(rematTangentPrimitive, args, { jaxpr, numPrimals })];
}

/** The params of `remat_tangent`. */
export type RematParams = {
  /** The jvp jaxpr `[...primals, ...tangents] -> [...outs, ...outTangents]`. */
  readonly jaxpr: ClosedJaxpr;
  readonly numPrimals: number;
};

/** The tangent outputs of the jvp jaxpr as a function of the tangents, the primals fixed to those in `args`. */
function tangentPart(args: readonly Tensor[], { jaxpr, numPrimals }: RematParams): (ts: Tensor[]) => Tensor[] {
  const [primals] = splitAt(args, numPrimals);
  return (ts) => splitHalf(runJaxpr(jaxpr, [...primals, ...ts]))[1];
}

/** `remat_tangent`: the tangent outputs of a checkpointed jvp, linear in the tangents; its transpose recomputes the forward pass. */
export const rematTangentPrimitive: HigherOrderPrimitive<RematParams> = {
  name: "remat_tangent",
  abstractEval: (_args, { jaxpr }) => jaxpr.outAvals.slice(jaxpr.outAvals.length / 2),
  impl: (args, p) => tangentPart(args, p)(splitAt(args, p.numPrimals)[1]) as ConcreteTensor[],
  jvp: (primals, tangents, p) => jvpFlat((xs) => tangentPart(xs, p)(splitAt(xs, p.numPrimals)[1]), primals, tangents),
  transpose(cts, args, p) {
    // recompute: run the jvp jaxpr with the saved primal inputs known and the tangents unknown, so the primal
    // work runs now and only the (linear) tangent work is staged (partial evaluation, not a jvp of the tangent
    // map, so linear primitives without a jvp rule, such as custom_lin, may appear), then pull the cotangents back
    const [primalArgs, tangentArgs] = splitAt(args, p.numPrimals);
    const primals = primalArgs as Tensor[];
    const linear = withPartialEval("checkpoint", (pe) => {
      const outs = runJaxpr(p.jaxpr, [...primals, ...tangentArgs.map((a) => pe.newArg(a))]);
      return pe.build(splitHalf(outs)[1]);
    });
    const outAvals = linear.outAvals;
    const inCts = backwardPass(linear.jaxpr, linear.consts, ops.orZeros(cts, outAvals));
    return [...primals.map(() => null), ...inCts];
  },
  batch(axisSize, args, dims, p) {
    const [values, front] = batchedToFront(args, dims);
    const batched = values.map((v, i) => batchFirst(v, front[i], axisSize));
    const jaxpr = batchJaxpr(p.jaxpr, axisSize, batched.map(() => 0), true).jaxpr;
    const outs = bindTyped(rematTangentPrimitive, batched, { jaxpr, numPrimals: p.numPrimals });
    return [outs, outs.map(() => 0)];
  },
  partialEval: null,
};

/**
 * `f` whose intermediates are recomputed in the backward pass instead of
 * stored (JAX's checkpoint/remat); its values and derivatives are `f`'s.
 *
 * @example
 * import { checkpoint, grad, np, type Tensor } from "tracegrad";
 * const block = checkpoint((x: Tensor) => np.sin(np.sin(x)));
 * grad((x: Tensor) => np.sum(block(x)))(np.array([0.5, 1])); // cos(sin x)·cos x, sin(x) recomputed
 */
export function checkpoint<F extends (...args: any[]) => any>(f: F): F {
  functionOrThrow("checkpoint", f);
  return ((...args: unknown[]) => {
    const [leaves, inDef] = flattenArgList("checkpoint", args, "argument", false);
    const { staged, outDef } = stageTree("checkpoint", f, leaves, inDef);
    // closed-over values become inputs, so the jaxpr is const-free
    const outs = bindTyped(checkpointPrimitive, [...staged.consts, ...leaves], { jaxpr: staged.jaxpr, primal: null });
    return unflatten(outDef, outs);
  }) as F;
}
