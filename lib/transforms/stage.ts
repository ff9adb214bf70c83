/**
 * Staging helpers for higher-order primitives (jit, cond, while, scan, custom
 * rules, checkpoint). Their params hold `ClosedJaxpr`s whose constants are
 * concrete; a user function's closed-over values (which may be tracers of an
 * outer transform) become explicit leading inputs instead. Also: the jvp and
 * the batched version of a jaxpr, as new jaxprs, and the partial-evaluation
 * rule of call primitives.
 *
 * @example
 * const { staged, outDef } = stageTree("cond", trueFn, leaves, inDef);
 * bind(condPrimitive, [pred, ...staged.consts, ...leaves], params);
 */
import type { Aval, Tensor } from "../core/tensor.ts";
import { bind, withMainTrace, type MainTrace } from "../core/trace.ts";
import * as ops from "../core/ops.ts";
import { isFloat } from "../array/dtype.ts";
import { ClosedJaxpr, Jaxpr } from "../ir/jaxpr.ts";
import { evalJaxprFlat } from "../ir/eval.ts";
import { traceArgs, traceFlat } from "../ir/make.ts";
import { deadCodeElimination, simplify } from "../ir/simplify.ts";
import { backwardPass } from "./transpose.ts";
import { jvpFlat } from "./jvp.ts";
import { merge, partition, splitAt } from "../core/args.ts";
import type { HigherOrderPrimitive, Params, PartialEvaluator } from "../core/primitive.ts";
import type { TreeDef } from "../core/tree.ts";
import { BatchTrace, BatchTracer } from "./vmap.ts";
import { batchFirst, moveAxis, type BatchDim } from "../core/primitives/batching.ts";

/** Traces `fn` on abstract inputs of the given avals (every op staged), without its dead code. */
export function stageFlat(fn: (xs: Tensor[]) => Tensor[], inAvals: readonly Aval[], op = "stage"): ClosedJaxpr {
  return deadCodeElimination(traceFlat(fn, inAvals, op));
}

/** A user function staged: a const-free jaxpr plus the values it closed over, passed as its leading inputs. */
export interface StagedFunction {
  readonly jaxpr: ClosedJaxpr;
  readonly consts: readonly Tensor[];
}

/** `closed` with its constants moved to leading inputs. */
function liftConsts(closed: ClosedJaxpr): StagedFunction {
  const { jaxpr } = closed;
  return {
    jaxpr: new ClosedJaxpr(new Jaxpr([], [...jaxpr.constvars, ...jaxpr.invars], jaxpr.eqns, jaxpr.outs), []),
    consts: closed.consts,
  };
}

/** Stages a user function, moving its closed-over values to leading inputs. */
export function stageUser(fn: (xs: Tensor[]) => Tensor[], inAvals: readonly Aval[], op: string): StagedFunction {
  return liftConsts(stageFlat(fn, inAvals, op));
}

/** Stages a user function of an argument list (flattened as `inDef`), giving the staged function and its output structure. */
export function stageTree(
  op: string,
  f: (...args: any[]) => unknown,
  leaves: readonly Aval[],
  inDef: TreeDef,
  options: { readonly simplify?: boolean } = {},
): { staged: StagedFunction; outDef: TreeDef } {
  const [closed, outDef] = traceArgs(op, f, leaves, inDef);
  return { staged: liftConsts(options.simplify ? simplify(closed) : deadCodeElimination(closed)), outDef };
}

/** `bind` of a higher-order primitive, its params checked against the primitive's params type. */
export function bindTyped<P extends Params>(prim: HigherOrderPrimitive<P>, args: readonly Tensor[], params: P): Tensor[] {
  return bind(prim, args, params);
}

/** Runs a closed jaxpr on flat inputs (in the current trace). */
export function runJaxpr(closed: ClosedJaxpr, args: readonly Tensor[]): Tensor[] {
  return evalJaxprFlat(closed.jaxpr, closed.consts, args);
}

/** A jvp jaxpr and which of its output tangents are there. */
export interface JvpJaxpr {
  readonly jaxpr: ClosedJaxpr;
  readonly outNonzeros: boolean[];
}

/** jvp jaxprs already staged, by jaxpr and flags. */
const jvpCache = new WeakMap<ClosedJaxpr, Map<string, JvpJaxpr>>();

/**
 * The jvp of a jaxpr as a jaxpr (JAX's `jvp_jaxpr`): inputs `[...primals,
 * ...tangents]` with a tangent only for the inputs flagged in `nonzeros`
 * (the others are symbolic zeros; int inputs get none either way), outputs
 * `[...outs, ...tangents]` with a tangent for each output that depends on a
 * tangent or is flagged in `instantiate` (zeros then).
 */
export function jvpJaxpr(closed: ClosedJaxpr, nonzeros: readonly boolean[], instantiate: boolean | readonly boolean[]): JvpJaxpr {
  const forced = typeof instantiate === "boolean" ? closed.outAvals.map(() => instantiate) : instantiate;
  const key = `${nonzeros.map(Number).join("")}|${forced.map(Number).join("")}`;
  let byFlags = jvpCache.get(closed);
  if (byFlags === undefined) jvpCache.set(closed, (byFlags = new Map()));
  let cached = byFlags.get(key);
  if (cached === undefined) {
    cached = stageJvp(closed, nonzeros, forced);
    byFlags.set(key, cached);
  }
  return cached;
}

function stageJvp(closed: ClosedJaxpr, nonzeros: readonly boolean[], forced: readonly boolean[]): JvpJaxpr {
  const avals = closed.inAvals;
  const [, tangentAvals] = partition(nonzeros, avals);
  let outNonzeros: boolean[] = [];
  const jaxpr = stageFlat(
    (xs) => {
      const [primals, given] = splitAt(xs, avals.length);
      const tangents = merge<Tensor | null>(nonzeros, avals.map(() => null), given).map((t, i) => (isFloat(avals[i].dtype) ? t : null));
      const [outs, outTangents] = jvpFlat((ins) => runJaxpr(closed, ins), primals, tangents);
      outNonzeros = outTangents.map((t, i) => t !== null || forced[i]);
      return [...outs, ...outTangents.flatMap((t, i) => (outNonzeros[i] ? [t ?? ops.zerosLike(outs[i])] : []))];
    },
    [...avals, ...tangentAvals],
    "jvp",
  );
  return { jaxpr, outNonzeros };
}

/** `jvpJaxpr` with every tangent in and out: inputs `[...primals, ...tangents]`, outputs `[...outs, ...outTangents]`. */
export function jvpJaxprFull(closed: ClosedJaxpr): ClosedJaxpr {
  return jvpJaxpr(closed, closed.inAvals.map(() => true), true).jaxpr;
}

/** The partial-evaluation rule of a call primitive: inline its body, so that each equation is split on its own. */
export function inlineCall(_pe: PartialEvaluator, args: readonly Tensor[], { jaxpr }: { readonly jaxpr: ClosedJaxpr }): Tensor[] {
  return runJaxpr(jaxpr, args);
}

/**
 * Pulls cotangents back through `closed`, which is linear in the inputs
 * flagged `linear`: given the values of its other inputs (in order) and the
 * cotangents of its outputs (null: zero), the cotangents of the linear
 * inputs, zeros instantiated.
 */
export function backwardJaxpr(
  closed: ClosedJaxpr,
  linear: readonly boolean[],
  known: readonly Tensor[],
  cotangents: readonly (Tensor | null)[],
): Tensor[] {
  const { jaxpr } = closed;
  const [knownVars, linearVars] = partition(linear, jaxpr.invars);
  const asLinear = new Jaxpr([...jaxpr.constvars, ...knownVars], linearVars, jaxpr.eqns, jaxpr.outs);
  return ops.orZeros(backwardPass(asLinear, [...closed.consts, ...known], cotangents), linearVars.map((v) => v.aval));
}

/**
 * The batched version of a jaxpr: inputs batched along axis 0 where `dims` is
 * non-null (others as they are); `forceBatched` makes every output batched.
 * Returns the jaxpr and each output's batch axis (0 or null).
 */
export function batchJaxpr(
  closed: ClosedJaxpr,
  axisSize: number,
  dims: readonly BatchDim[],
  forceBatched = false,
): { jaxpr: ClosedJaxpr; outDims: BatchDim[] } {
  const avals = closed.inAvals.map((a, i) => (dims[i] === null ? a : { shape: [axisSize, ...a.shape], dtype: a.dtype }));
  let outDims: BatchDim[] = [];
  const jaxpr = stageFlat(
    (xs) => {
      const outs = withMainTrace(
        "vmap",
        (main: MainTrace) => new BatchTrace(main, axisSize),
        (trace) => {
          const inputs = xs.map((x, i) => new BatchTracer(trace as BatchTrace, x, dims[i] === null ? null : 0));
          return runJaxpr(closed, inputs).map((o): [Tensor, BatchDim] =>
            o instanceof BatchTracer && o.trace.main === trace.main ? [o.value, o.dim] : [o, null],
          );
        },
      );
      outDims = outs.map(([, d]) => (forceBatched || d !== null ? 0 : null));
      return outs.map(([v, d]) => (forceBatched ? batchFirst(v, d, axisSize) : d === null ? v : moveAxis(v, d, 0)));
    },
    avals,
    "vmap",
  );
  return { jaxpr, outDims };
}

/** Moves each batched value's batch axis to the front (unbatched values are unchanged). */
export function batchedToFront(values: readonly Tensor[], dims: readonly BatchDim[]): [Tensor[], BatchDim[]] {
  return [values.map((v, i) => (dims[i] === null ? v : moveAxis(v, dims[i]!, 0))), dims.map((d) => (d === null ? null : 0))];
}
