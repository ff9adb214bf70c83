/**
 * `linearize`: jvp under partial evaluation. The primals are known, the
 * tangents unknown, so running the jvp computes every primal value now and
 * records only the tangent computation: a linear jaxpr whose constants are
 * the residuals. `vjp` transposes that jaxpr.
 */
import type { Tensor } from "../core/tensor.ts";
import { withMainTrace, type MainTrace } from "../core/trace.ts";
import { JaxprBuilder, JaxprTrace, StagedTracer } from "../ir/build.ts";
import type { ClosedJaxpr } from "../ir/jaxpr.ts";
import { jvpFlat } from "./jvp.ts";
import { zerosLike } from "../core/ops.ts";

/** The primal outputs of `f` at `primals`, and the linear map of tangents (a jaxpr whose invars are the input tangents). */
export function linearizeFlat(
  f: (xs: Tensor[]) => Tensor[],
  primals: readonly Tensor[],
): { outs: Tensor[]; linear: ClosedJaxpr } {
  const builder = new JaxprBuilder();
  return withMainTrace(
    "linearize",
    (main: MainTrace) => new JaxprTrace(main, builder, true),
    (trace) => {
      const jaxprTrace = trace as JaxprTrace;
      const tangentsIn = primals.map((p) => jaxprTrace.newArg(p));
      const [outs, tangentsOut] = jvpFlat(f, primals, tangentsIn);
      const outAtoms = tangentsOut.map((t, i) =>
        t instanceof StagedTracer && t.trace === jaxprTrace
          ? t.atom
          : builder.constAtom(t === null ? zerosLike(outs[i]) : t),
      );
      return { outs, linear: builder.build(outAtoms) };
    },
  );
}
