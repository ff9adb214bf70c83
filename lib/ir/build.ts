/**
 * Staging: a `JaxprTrace` records the primitives applied to its tracers as
 * equations of a jaxpr under construction. In full staging (`makeJaxpr`,
 * `jit`) every value is staged; in partial mode (`linearize`) values known
 * now are computed now and only the work on unknown values is recorded, with
 * the known values it needs becoming the jaxpr's constants (the residuals).
 */
import { ConcreteTensor, type Aval, type Tensor } from "../core/tensor.ts";
import { bind, checkedAbstractEval, Trace, Tracer, type MainTrace } from "../core/trace.ts";
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
      return new Lit(value.data[0], { shape: [], dtype: value.dtype });
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
    super(aval.shape, aval.dtype);
  }
}

/** In partial mode, a value known now (it is lowered to that value as soon as possible). */
export class KnownTracer extends Tracer {
  constructor(
    readonly trace: JaxprTrace,
    readonly value: Tensor,
  ) {
    super(value.shape, value.dtype);
  }
  override fullLower(): Tensor {
    return this.value;
  }
  override toConcrete(op: string): ConcreteTensor {
    return this.value.toConcrete(op);
  }
}

// trace

/** Records primitives into a `JaxprBuilder`; `partial` computes known values eagerly. */
export class JaxprTrace extends Trace {
  constructor(
    main: MainTrace,
    readonly builder: JaxprBuilder,
    readonly partial: boolean,
  ) {
    super(main);
  }

  /** A new input of the jaxpr, as a tracer. */
  newArg(aval: Aval): StagedTracer {
    return new StagedTracer(this, this.builder.newInvar(aval), aval);
  }

  pure(value: Tensor): Tracer {
    if (this.partial) return new KnownTracer(this, value);
    return new StagedTracer(this, this.builder.constAtom(value), value);
  }

  /** The atom standing for a value in this trace's jaxpr (staging constants as needed). */
  atomOf(value: Tensor): Atom {
    if (value instanceof StagedTracer && value.trace.main === this.main) return value.atom;
    if (value instanceof KnownTracer && value.trace.main === this.main) return this.builder.constAtom(value.value);
    return this.builder.constAtom(value);
  }

  processPrimitive(prim: AnyPrimitive, tracers: Tracer[], params: Params): Tensor[] {
    if (this.partial && tracers.every((t) => t instanceof KnownTracer)) {
      return bind(prim, tracers.map((t) => (t as KnownTracer).value), params);
    }
    if (this.partial && prim.inline !== undefined) return prim.inline(tracers, params);
    const outAvals = checkedAbstractEval(prim, tracers, params);
    const inputs = tracers.map((t) => this.atomOf(t));
    const outs = this.builder.addEqn(prim, inputs, params, outAvals);
    return outs.map((v) => new StagedTracer(this, v, v.aval));
  }
}
