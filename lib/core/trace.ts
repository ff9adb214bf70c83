/**
 * The trace stack and `bind`, as in Autodidax. Each running transform pushes
 * a `MainTrace` at the next level; values it is responsible for are `Tracer`s
 * pointing at it. `bind(prim, args)` finds the highest-level trace among the
 * args (or the dynamic trace of `makeJaxpr`/`jit`), lifts every arg into it,
 * and lets that trace process the primitive. With no tracer around, `bind`
 * checks the call with the primitive's `abstractEval` (the same check that
 * staging under `jit` runs, so eager and `jit` accept and reject the same
 * calls with the same errors) and the buffer limit, then calls its `impl`:
 * that is eager mode's hot path.
 *
 * @example
 * // what jvp does: push a JvpTrace, run f on its tracers, pop it (also on a throw)
 * withMainTrace("jvp", (main) => new JvpTrace(main), (trace) => f(primals.map((p, i) => new JvpTracer(trace, p, tangents[i]))));
 */
import type { AnyPrimitive, Params } from "./primitive.ts";
import { ConcreteTensor, Tensor, type Aval } from "./tensor.ts";
import { ConcretizationError, TracegradError, TracerLeakError } from "./errors.ts";
import { checkNans } from "./debug.ts";
import { avalText } from "./primitives/check.ts";
import { bufferSizeOrThrow } from "./limits.ts";

// model

/** One running transform: its level on the stack and the trace that processes its primitives. */
export class MainTrace {
  trace!: Trace;
  constructor(
    readonly level: number,
    readonly kind: string,
  ) {}
}

/** How a transform interprets primitives applied to its tracers. */
export abstract class Trace {
  constructor(readonly main: MainTrace) {}
  /** Wrap a value from outside every trace (a constant). */
  abstract pure(value: Tensor): Tracer;
  /** Wrap a tracer of a lower-level trace. */
  lift(value: Tensor): Tracer {
    return this.pure(value);
  }
  /** Apply a primitive to tracers of this trace. May return lower-level values. */
  abstract processPrimitive(prim: AnyPrimitive, tracers: Tracer[], params: Params): Tensor[];
}

/** A value standing in for a tensor while a transform runs. */
export abstract class Tracer extends Tensor {
  abstract readonly trace: Trace;
  /** The value to use when this tracer no longer carries information for its trace. */
  fullLower(): Tensor {
    return this;
  }
  toConcrete(op: string): ConcreteTensor {
    throw new ConcretizationError(
      `${op}: cannot read the value of a traced ${avalText(this)} ` +
        `inside ${this.trace.main.kind}, where only its shape and dtype are known. ` +
        `Use lax.cond/lax.whileLoop (or np.where) for value-dependent control flow, ` +
        `or mark the argument static (jit's staticArgnums).`,
    );
  }
  override toString(): string {
    return `Traced<${avalText(this)}>(${this.trace.main.kind})`;
  }
}

// the stack

const evalMain = new MainTrace(0, "eval");
const stack: MainTrace[] = [evalMain];
let dynamic: MainTrace | null = null;

/** Run `body` with a new main trace pushed on the stack; it is popped even when `body` throws. */
export function withMainTrace<R>(
  kind: string,
  makeTrace: (main: MainTrace) => Trace,
  body: (trace: Trace) => R,
  options: { dynamic?: boolean } = {},
): R {
  const main = new MainTrace(stack.length, kind);
  main.trace = makeTrace(main);
  stack.push(main);
  const previousDynamic = dynamic;
  if (options.dynamic) dynamic = main;
  try {
    return body(main.trace);
  } finally {
    stack.pop();
    dynamic = previousDynamic;
  }
}

/** How many transforms are running (0 outside every transform), and whether a dynamic trace is set: for tests of "a failed call leaves nothing behind". */
export function traceState(): { depth: number; dynamic: boolean } {
  return { depth: stack.length - 1, dynamic: dynamic !== null };
}

/** Whether a main trace is still running (tracers of a finished one have leaked). */
export function isLive(main: MainTrace): boolean {
  return stack[main.level] === main;
}

// bind

/** Apply a primitive: eagerly, or through the highest trace among the args. */
export function bind(prim: AnyPrimitive, args: readonly Tensor[], params: Params): Tensor[] {
  let top: MainTrace | null = dynamic;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg instanceof Tracer) {
      const main = arg.trace.main;
      if (top === null || main.level > top.level) top = main;
    }
  }
  if (top === null) {
    checkedAbstractEval(prim, args, params);
    const outs = prim.impl(args as ConcreteTensor[], params);
    if (debugState.nans) checkNans(prim.name, args, outs);
    return outs;
  }
  if (!isLive(top)) throw leakError(prim.name, top);
  const trace = top.trace;
  const tracers = new Array<Tracer>(args.length);
  for (let i = 0; i < args.length; i++) tracers[i] = fullRaise(trace, args[i], prim.name);
  const outs = trace.processPrimitive(prim, tracers, params);
  for (let i = 0; i < outs.length; i++) {
    const out = outs[i];
    if (out instanceof Tracer) outs[i] = out.fullLower();
  }
  return outs;
}

/**
 * The output avals of `prim` on `args`: its `abstractEval` (which throws the `ShapeError`/`DTypeError`
 * of an invalid call) followed by the buffer limit on every output. Eager `bind` and staging (`jit`,
 * `makeJaxpr`, `linearize`) both call this, so they accept and reject exactly the same calls.
 */
export function checkedAbstractEval(prim: AnyPrimitive, args: readonly Aval[], params: Params): Aval[] {
  const avals = prim.abstractEval(args, params);
  for (let i = 0; i < avals.length; i++) {
    const shape = avals[i].shape;
    if (shape.length !== 0) bufferSizeOrThrow(prim.name, shape, avals[i].dtype);
  }
  return avals;
}

/** `bind` for single-output primitives. */
export function bind1(prim: AnyPrimitive, args: readonly Tensor[], params: Params): Tensor {
  return bind(prim, args, params)[0];
}

function fullRaise(trace: Trace, value: Tensor, op: string): Tracer {
  if (!(value instanceof Tracer)) return trace.pure(value);
  const main = value.trace.main;
  if (main === trace.main) return value;
  if (!isLive(main)) throw leakError(op, main);
  if (main.level < trace.main.level) return trace.lift(value);
  throw new TracegradError(
    `${op}: a tracer of ${main.kind} (level ${main.level}) met ${trace.main.kind} (level ${trace.main.level}); ` +
      `this is a tracegrad bug or a tracer leaked between nested transforms.`,
  );
}

function leakError(op: string, main: MainTrace): TracerLeakError {
  return new TracerLeakError(
    `${op}: got a tracer of ${main.kind} that has already finished (a leaked tracer). ` +
      `Do not store values computed inside grad/jvp/jit/makeJaxpr in outer variables; ` +
      `return them from the function instead.`,
  );
}

// debug flags

/** Global debug switches (see `config`). */
export const debugState = { nans: false };
