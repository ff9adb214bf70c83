/**
 * Staging helpers for higher-order primitives (jit, cond, while, scan). Their
 * params hold `ClosedJaxpr`s whose constants are concrete; a user function's
 * closed-over values (which may be tracers of an outer transform) become
 * explicit leading inputs instead. Also: the jvp and the batched version of
 * a jaxpr, as new jaxprs.
 */
import type { Aval, Tensor } from "../core/tensor.ts";
import { withMainTrace, type MainTrace } from "../core/trace.ts";
import * as ops from "../core/ops.ts";
import { isFloat } from "../array/dtype.ts";
import { JaxprBuilder, JaxprTrace } from "../ir/build.ts";
import { ClosedJaxpr, Jaxpr } from "../ir/jaxpr.ts";
import { evalJaxprFlat } from "../ir/eval.ts";
import { deadCodeElimination } from "../ir/simplify.ts";
import { jvpFlat } from "./jvp.ts";
import { flatOutputs } from "../core/args.ts";
import type { TreeDef } from "../core/tree.ts";
import { BatchTrace, BatchTracer } from "./vmap.ts";
import { batchFirst, moveAxis, type BatchDim } from "../core/primitives/batching.ts";

/** Traces `fn` on abstract inputs of the given avals (every op staged). */
export function stageFlat(fn: (xs: Tensor[]) => Tensor[], inAvals: readonly Aval[], op = "stage"): ClosedJaxpr {
  const builder = new JaxprBuilder();
  const closed = withMainTrace(
    op,
    (main: MainTrace) => new JaxprTrace(main, builder, false),
    (trace) => {
      const t = trace as JaxprTrace;
      const inputs = inAvals.map((a) => t.newArg(a));
      const outs = fn(inputs);
      return builder.build(outs.map((o) => t.atomOf(o)));
    },
    { dynamic: true },
  );
  return deadCodeElimination(closed);
}

/** A user function staged: a const-free jaxpr plus the values it closed over, passed as its leading inputs. */
export interface StagedFunction {
  readonly jaxpr: ClosedJaxpr;
  readonly consts: readonly Tensor[];
}

/** Stages a user function, moving its closed-over values to leading inputs. */
export function stageUser(fn: (xs: Tensor[]) => Tensor[], inAvals: readonly Aval[], op: string): StagedFunction {
  const closed = stageFlat(fn, inAvals, op);
  const { jaxpr } = closed;
  return {
    jaxpr: new ClosedJaxpr(new Jaxpr([], [...jaxpr.constvars, ...jaxpr.invars], jaxpr.eqns, jaxpr.outs), []),
    consts: closed.consts,
  };
}

/** Stages a user function of an argument list (flattened as `inDef`), giving the staged function and its output structure. */
export function stageTree(
  op: string,
  f: (...args: any[]) => unknown,
  leaves: readonly Aval[],
  inDef: TreeDef,
): { staged: StagedFunction; outDef: TreeDef } {
  const { flatF, outDef } = flatOutputs(op, f, inDef);
  const staged = stageUser(flatF, leaves, op);
  return { staged, outDef: outDef() };
}

/** Runs a closed jaxpr on flat inputs (in the current trace). */
export function runJaxpr(closed: ClosedJaxpr, args: readonly Tensor[]): Tensor[] {
  return evalJaxprFlat(closed.jaxpr, closed.consts, args);
}

const jvpCache = new WeakMap<ClosedJaxpr, ClosedJaxpr>();

/**
 * The jvp of a jaxpr as a jaxpr: inputs `[...primals, ...tangents]`, outputs
 * `[...outs, ...outTangents]` (zeros instantiated; int inputs get no tangent).
 */
export function jvpJaxpr(closed: ClosedJaxpr): ClosedJaxpr {
  let cached = jvpCache.get(closed);
  if (cached === undefined) {
    const avals = closed.inAvals;
    const n = avals.length;
    cached = stageFlat(
      (xs) => {
        const tangents = xs.slice(n).map((t, i) => (isFloat(avals[i].dtype) ? t : null));
        const [outs, outTangents] = jvpFlat((ins) => runJaxpr(closed, ins), xs.slice(0, n), tangents);
        return [...outs, ...ops.orZeros(outTangents, outs)];
      },
      [...avals, ...avals],
      "jvp",
    );
    jvpCache.set(closed, cached);
  }
  return cached;
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
