/**
 * Forward mode: a `JvpTracer` carries a primal and its tangent; each
 * primitive's `jvp` rule computes both outputs. Tangents may be `null`, a
 * symbolic zero, so work on values that do not depend on the inputs is
 * skipped (and `log(x)·0`-style NaNs never appear).
 *
 * @example
 * const [y, dy] = jvp((x) => np.sin(x), [1.0], [1.0]); // dy = cos(1)
 */
import type { Tensor, ConcreteTensor } from "../core/tensor.ts";
import { Trace, Tracer, withMainTrace, type MainTrace, bind } from "../core/trace.ts";
import type { AnyPrimitive, Params, Tangent } from "../core/primitive.ts";

// tracers

/** A primal value and its tangent (null: zero). */
export class JvpTracer extends Tracer {
  constructor(
    readonly trace: JvpTrace,
    readonly primal: Tensor,
    readonly tangent: Tangent,
  ) {
    super(primal.shape, primal.dtype, primal.weakType);
  }
  withoutWeakType(): JvpTracer {
    return this.weakType === undefined ? this : new JvpTracer(this.trace, this.primal.withoutWeakType(), this.tangent);
  }
  override fullLower(): Tensor {
    return this.tangent === null ? this.primal : this;
  }
  override toConcrete(op: string): ConcreteTensor {
    return this.primal.toConcrete(op);
  }
}

/** Applies jvp rules. */
export class JvpTrace extends Trace {
  pure(value: Tensor): Tracer {
    return new JvpTracer(this, value, null);
  }

  processPrimitive(prim: AnyPrimitive, tracers: Tracer[], params: Params): Tensor[] {
    const n = tracers.length;
    const primals = new Array<Tensor>(n);
    const tangents = new Array<Tangent>(n);
    let anyTangent = false;
    for (let i = 0; i < n; i++) {
      const t = tracers[i] as JvpTracer;
      primals[i] = t.primal;
      tangents[i] = t.tangent;
      if (t.tangent !== null) anyTangent = true;
    }
    if (!anyTangent) return bind(prim, primals, params);
    const [primalsOut, tangentsOut] = prim.jvp(primals, tangents, params);
    return primalsOut.map((p, i) => {
      const t = tangentsOut[i];
      return t === null ? p : new JvpTracer(this, p, t);
    });
  }
}

// transform

/**
 * Runs `f` on primals carrying tangents; returns the primal outputs and their
 * tangents (null for outputs that do not depend on the inputs).
 */
export function jvpFlat(
  f: (xs: Tensor[]) => Tensor[],
  primals: readonly Tensor[],
  tangents: readonly Tangent[],
): [Tensor[], Tangent[]] {
  return withMainTrace("jvp", (main: MainTrace) => new JvpTrace(main), (trace) => {
    const inputs = primals.map((p, i) => new JvpTracer(trace as JvpTrace, p, tangents[i]));
    const outs = f(inputs);
    const primalsOut: Tensor[] = [];
    const tangentsOut: Tangent[] = [];
    for (const out of outs) {
      if (out instanceof JvpTracer && out.trace.main === trace.main) {
        primalsOut.push(out.primal);
        tangentsOut.push(out.tangent);
      } else {
        primalsOut.push(out);
        tangentsOut.push(null);
      }
    }
    return [primalsOut, tangentsOut];
  });
}
