/**
 * Partial evaluation, in its own trace (Autodidax's partial values): a value
 * is known (a `KnownTracer`, or any value of a lower trace) or unknown (an
 * `UnknownTracer`, an atom of the jaxpr being built). A primitive whose
 * inputs are all known is bound now; one with an unknown input is recorded,
 * its known inputs entering the recorded program as residuals (its
 * constants). Higher-order primitives split themselves with their named
 * `partialEval` rule (scan runs its known part as a scan now and stages a
 * scan of the unknown part). `linearize` is jvp under this trace: primals
 * known, tangents unknown.
 *
 * @example
 * const linear = withPartialEval("linearize", (pe) => {
 *   const t = pe.newArg({ shape: [], dtype: "float64" });
 *   return pe.build([np.multiply(np.cos(x), t)]); // cos(x) computed now: a residual
 * });
 */
import type { Aval, ConcreteTensor, Tensor } from "../core/tensor.ts";
import { bind, checkedAbstractEval, Trace, Tracer, withMainTrace, type MainTrace } from "../core/trace.ts";
import type { AnyPrimitive, Params, PartialEvaluator } from "../core/primitive.ts";
import { merge, partition } from "../core/args.ts";
import { JaxprBuilder } from "../ir/build.ts";
import { ClosedJaxpr, Jaxpr, type Atom } from "../ir/jaxpr.ts";
import { deadCodeElimination } from "../ir/simplify.ts";
import { runJaxpr, stageFlat } from "./stage.ts";

// tracers

/** A value known now, inside the partial-evaluation trace (lowered to the value as soon as possible). */
export class KnownTracer extends Tracer {
  constructor(
    readonly trace: PartialEvalTrace,
    readonly value: Tensor,
  ) {
    super(value.shape, value.dtype, value.weakType);
  }
  withoutWeakType(): KnownTracer {
    return this.weakType === undefined ? this : new KnownTracer(this.trace, this.value.withoutWeakType());
  }
  override fullLower(): Tensor {
    return this.value;
  }
  override toConcrete(op: string): ConcreteTensor {
    return this.value.toConcrete(op);
  }
}

/** A value known only later: an atom of the jaxpr being recorded. */
export class UnknownTracer extends Tracer {
  constructor(
    readonly trace: PartialEvalTrace,
    readonly atom: Atom,
    aval: Aval,
  ) {
    super(aval.shape, aval.dtype, aval.weakType);
  }
  withoutWeakType(): UnknownTracer {
    return this.weakType === undefined ? this : new UnknownTracer(this.trace, this.atom, { shape: this.shape, dtype: this.dtype });
  }
}

// trace

/** Binds primitives on known values now and records those on unknown values into `builder`. */
export class PartialEvalTrace extends Trace implements PartialEvaluator {
  readonly builder = new JaxprBuilder();

  constructor(main: MainTrace) {
    super(main);
  }

  /** A new unknown input of the recorded jaxpr. */
  newArg(aval: Aval): UnknownTracer {
    return new UnknownTracer(this, this.builder.newInvar(aval), aval);
  }

  pure(value: Tensor): Tracer {
    return new KnownTracer(this, value);
  }

  /** Whether `x` is unknown in this trace. */
  isUnknown(x: Tensor): x is UnknownTracer {
    return x instanceof UnknownTracer && x.trace.main === this.main;
  }

  knownValue(x: Tensor): Tensor | null {
    if (this.isUnknown(x)) return null;
    return x instanceof KnownTracer && x.trace.main === this.main ? x.value : x;
  }

  /** The atom of `x` in the recorded jaxpr: its variable when unknown, else a residual (or a literal). */
  atomOf(x: Tensor): Atom {
    if (this.isUnknown(x)) return x.atom;
    return this.builder.constAtom(x instanceof KnownTracer && x.trace.main === this.main ? x.value : x);
  }

  stage(prim: AnyPrimitive, args: readonly Tensor[], params: Params): Tensor[] {
    const outAvals = checkedAbstractEval(prim, args, params);
    const inputs = new Array<Atom>(args.length);
    for (let i = 0; i < args.length; i++) inputs[i] = this.atomOf(args[i]);
    const outs = this.builder.addEqn(prim, inputs, params, outAvals);
    const tracers = new Array<Tensor>(outs.length);
    for (let i = 0; i < outs.length; i++) tracers[i] = new UnknownTracer(this, outs[i], outs[i].aval);
    return tracers;
  }

  processPrimitive(prim: AnyPrimitive, tracers: Tracer[], params: Params): Tensor[] {
    const n = tracers.length;
    let anyUnknown = false;
    for (let i = 0; i < n && !anyUnknown; i++) anyUnknown = this.isUnknown(tracers[i]);
    if (!anyUnknown) {
      const values = new Array<Tensor>(n);
      for (let i = 0; i < n; i++) values[i] = this.knownValue(tracers[i])!;
      return bind(prim, values, params);
    }
    const rule = prim.partialEval;
    if (rule !== undefined && rule !== null) return rule(this, tracers, params as never);
    return this.stage(prim, tracers, params);
  }

  /** The recorded jaxpr with outputs `outs` (known ones become residuals); its invars are the `newArg`s. */
  build(outs: readonly Tensor[]): ClosedJaxpr {
    return this.builder.build(outs.map((o) => this.atomOf(o)));
  }
}

/** Runs `body` with a partial-evaluation trace pushed (popped even when `body` throws). */
export function withPartialEval<R>(kind: string, body: (trace: PartialEvalTrace) => R): R {
  return withMainTrace(kind, (main: MainTrace) => new PartialEvalTrace(main), (trace) => body(trace as PartialEvalTrace));
}

// partial evaluation of a jaxpr

/** A jaxpr split by partial evaluation (JAX's `partial_eval_jaxpr_nounits`). */
export interface PartialJaxpr {
  /** Known inputs in order → `[...known outputs, ...residuals]`. */
  readonly known: ClosedJaxpr;
  /** `[...residuals, ...unknown inputs]` → unknown outputs. Const-free. */
  readonly unknown: ClosedJaxpr;
  /** Which outputs are unknown (those that depend on an unknown input, or were asked to be). */
  readonly outUnknowns: boolean[];
  readonly numResiduals: number;
}

/**
 * Splits `closed` for inputs of which `unknowns` are unknown; outputs whose
 * `instantiate` flag is set are unknown even when they could be known.
 */
export function partialEvalJaxpr(closed: ClosedJaxpr, unknowns: readonly boolean[], instantiate: boolean | readonly boolean[]): PartialJaxpr {
  const forced = typeof instantiate === "boolean" ? closed.outAvals.map(() => instantiate) : instantiate;
  const [knownAvals, unknownAvals] = partition(unknowns, closed.inAvals);
  const split = { outUnknowns: [] as boolean[], unknown: null as ClosedJaxpr | null };
  const known = stageFlat(
    (knownIns) =>
      withPartialEval("partial_eval", (pe) => {
        const outs = runJaxpr(closed, merge(unknowns, knownIns, unknownAvals.map((a) => pe.newArg(a))));
        split.outUnknowns = outs.map((o, i) => forced[i] || pe.isUnknown(o));
        const [knownOuts, unknownOuts] = partition(split.outUnknowns, outs);
        split.unknown = deadCodeElimination(pe.build(unknownOuts));
        return [...knownOuts.map((o) => pe.knownValue(o)!), ...split.unknown.consts];
      }),
    knownAvals,
    "partial_eval",
  );
  const { jaxpr, consts } = split.unknown!;
  return {
    known,
    unknown: new ClosedJaxpr(new Jaxpr([], [...jaxpr.constvars, ...jaxpr.invars], jaxpr.eqns, jaxpr.outs), []),
    outUnknowns: split.outUnknowns,
    numResiduals: consts.length,
  };
}
