/**
 * Staging: a `JaxprTrace` records every primitive applied to its tracers as
 * an equation of the jaxpr a `JaxprBuilder` accumulates; values from outside
 * become constants (scalars inline as literals). `makeJaxpr`, `jit` and the
 * sub-jaxprs of control flow are staged this way; partial evaluation
 * (`transforms/partial.ts`) shares the builder.
 *
 * @example
 * const builder = new JaxprBuilder();
 * withMainTrace("stage", (main) => new JaxprTrace(main, builder), (trace) => {
 *   const x = (trace as JaxprTrace).newArg({ shape: [3], dtype: "float64" });
 *   return builder.build([(trace as JaxprTrace).atomOf(np.sin(x))]);
 * }, { dynamic: true });
 */
import { ConcreteTensor, type Aval, type Tensor, dataOf } from "../core/tensor.ts";
import { checkedAbstractEval, Trace, Tracer, type MainTrace } from "../core/trace.ts";
import type { AnyPrimitive, Params } from "../core/primitive.ts";
import { ClosedJaxpr, Jaxpr, Lit, Var, type Atom, type Eqn } from "./jaxpr.ts";

// builder

/** Accumulates the pieces of a jaxpr; `build` freezes them into a `ClosedJaxpr`. */
export class JaxprBuilder {
  readonly invars: Var[] = [];
  readonly constvars: Var[] = [];
  readonly constvals: Tensor[] = [];
  readonly eqns: Eqn[] = [];
  private readonly constIndex = new Map<Tensor, Var>();

  /** A new input variable. */
  newInvar(aval: Aval): Var {
    const v = new Var({ shape: aval.shape, dtype: aval.dtype });
    this.invars.push(v);
    return v;
  }

  /** The atom for a known value: a literal for a concrete scalar, else a (shared) constvar. */
  constAtom(value: Tensor): Atom {
    if (value instanceof ConcreteTensor && value.shape.length === 0) {
      return new Lit(dataOf(value)[0], { shape: [], dtype: value.dtype });
    }
    let v = this.constIndex.get(value);
    if (v === undefined) {
      v = new Var({ shape: value.shape, dtype: value.dtype });
      this.constIndex.set(value, v);
      this.constvars.push(v);
      this.constvals.push(value);
    }
    return v;
  }

  /** Records `outs = prim[params] inputs` and returns the new output variables. */
  addEqn(primitive: AnyPrimitive, inputs: Atom[], params: Params, outAvals: readonly Aval[]): Var[] {
    const outs = outAvals.map((aval) => new Var({ shape: aval.shape, dtype: aval.dtype }));
    this.eqns.push({ primitive, inputs, params, outs });
    return outs;
  }

  /** The jaxpr with the given outputs. */
  build(outs: readonly Atom[]): ClosedJaxpr {
    return new ClosedJaxpr(
      new Jaxpr(this.constvars.slice(), this.invars.slice(), this.eqns.slice(), outs.slice()),
      this.constvals.slice(),
    );
  }
}

// tracers

/** A staged value: an atom of the jaxpr being built. */
export class StagedTracer extends Tracer {
  constructor(
    readonly trace: JaxprTrace,
    readonly atom: Atom,
    aval: Aval,
  ) {
    super(aval.shape, aval.dtype, aval.weakType);
  }
  withoutWeakType(): StagedTracer {
    return this.weakType === undefined ? this : new StagedTracer(this.trace, this.atom, { shape: this.shape, dtype: this.dtype });
  }
}

// trace

/** Records every primitive applied to its tracers into a `JaxprBuilder`. */
export class JaxprTrace extends Trace {
  constructor(
    main: MainTrace,
    readonly builder: JaxprBuilder,
  ) {
    super(main);
  }

  /** A new input of the jaxpr, as a tracer. */
  newArg(aval: Aval): StagedTracer {
    return new StagedTracer(this, this.builder.newInvar(aval), aval);
  }

  pure(value: Tensor): Tracer {
    return new StagedTracer(this, this.builder.constAtom(value), value);
  }

  /** The atom standing for a value in this trace's jaxpr (staging constants as needed). */
  atomOf(value: Tensor): Atom {
    if (value instanceof StagedTracer && value.trace.main === this.main) return value.atom;
    return this.builder.constAtom(value);
  }

  processPrimitive(prim: AnyPrimitive, tracers: Tracer[], params: Params): Tensor[] {
    const outAvals = checkedAbstractEval(prim, tracers, params);
    const inputs = tracers.map((t) => this.atomOf(t));
    const outs = this.builder.addEqn(prim, inputs, params, outAvals);
    return outs.map((v) => new StagedTracer(this, v, v.aval));
  }
}
