/**
 * `linearize`: jvp under partial evaluation. The primals are known, the
 * tangents unknown, so running the jvp computes every primal value now and
 * records only the tangent computation: a linear jaxpr whose constants are
 * the residuals. `vjp` transposes that jaxpr.
 *
 * @example
 * const { outs, linear } = linearizeFlat(([x]) => [np.sin(x)], [np.array(1)]);
 * evalJaxpr(linear, 1.0); // [cos(1)]
 */
import type { Tensor } from "../core/tensor.ts";
import { zerosLike } from "../core/ops.ts";
import type { ClosedJaxpr } from "../ir/jaxpr.ts";
import { jvpFlat } from "./jvp.ts";
import { withPartialEval } from "./partial.ts";

/** The primal outputs of `f` at `primals`, and the linear map of tangents (a jaxpr whose invars are the input tangents). */
export function linearizeFlat(
  f: (xs: Tensor[]) => Tensor[],
  primals: readonly Tensor[],
): { outs: Tensor[]; linear: ClosedJaxpr } {
  return withPartialEval("linearize", (pe) => {
    const [outs, tangentsOut] = jvpFlat(f, primals, primals.map((p) => pe.newArg(p)));
    return { outs, linear: pe.build(tangentsOut.map((t, i) => t ?? zerosLike(outs[i]))) };
  });
}
