/**
 * The IR's spec checker: every variable is bound once before use, every
 * equation's output avals are what its primitive's `abstractEval` says, and
 * outputs are bound. Returns an fp-ts `Either` (errors are values here);
 * `typecheckOrThrow` is the boundary that throws.
 */
import * as E from "fp-ts/lib/Either.js";
import { shapesEqual } from "../array/shape.ts";
import { TracegradError } from "../core/errors.ts";
import { ClosedJaxpr, Lit, Var, type Atom } from "./jaxpr.ts";
import { formatAval, Names } from "./print.ts";
import { instanceOrThrow } from "../core/convert.ts";

/** What is wrong with a jaxpr. */
export interface JaxprTypeError {
  readonly message: string;
}

/**
 * Checks a closed jaxpr; `Right` with the jaxpr itself when it is well-typed,
 * `Left` with the problem otherwise (an fp-ts `Either`).
 *
 * @example
 * import { makeJaxpr, np, typecheck } from "tracegrad";
 * typecheck(makeJaxpr(np.sin)(np.ones([2])))._tag; // "Right"
 */
export function typecheck(closed: ClosedJaxpr): E.Either<JaxprTypeError, ClosedJaxpr> {
  instanceOrThrow("typecheck", closed, ClosedJaxpr, "a ClosedJaxpr from makeJaxpr");
  const { jaxpr } = closed;
  const names = new Names();
  const bound = new Set<Var>();
  const fail = (message: string) => E.left<JaxprTypeError, ClosedJaxpr>({ message });
  if (closed.consts.length !== jaxpr.constvars.length) {
    return fail(`${jaxpr.constvars.length} constvars but ${closed.consts.length} constants`);
  }
  for (const v of [...jaxpr.constvars, ...jaxpr.invars]) {
    if (bound.has(v)) return fail(`variable ${names.name(v)} is bound twice`);
    bound.add(v);
  }
  const unbound = (a: Atom) => a instanceof Var && !bound.has(a);
  for (const eqn of jaxpr.eqns) {
    const missing = eqn.inputs.find(unbound);
    if (missing !== undefined) return fail(`${eqn.primitive.name}: input ${names.atom(missing)} is used before it is bound`);
    let expected;
    try {
      expected = eqn.primitive.abstractEval(eqn.inputs.map((a) => a.aval), eqn.params);
    } catch (e) {
      return fail(`${eqn.primitive.name}: ${(e as Error).message}`);
    }
    if (expected.length !== eqn.outs.length) return fail(`${eqn.primitive.name}: ${eqn.outs.length} outputs, expected ${expected.length}`);
    for (let i = 0; i < expected.length; i++) {
      const out = eqn.outs[i];
      if (!shapesEqual(expected[i].shape, out.aval.shape) || expected[i].dtype !== out.aval.dtype) {
        return fail(`${eqn.primitive.name}: output ${names.name(out)} is ${formatAval(out.aval)} but the rule gives ${formatAval(expected[i])}`);
      }
      if (bound.has(out)) return fail(`variable ${names.name(out)} is bound twice`);
      bound.add(out);
    }
  }
  const missing = jaxpr.outs.find((a) => !(a instanceof Lit) && unbound(a));
  if (missing !== undefined) return fail(`output ${names.atom(missing)} is never bound`);
  return E.right(closed);
}

/** `typecheck` at the boundary: throws a `TracegradError` naming the problem. */
export function typecheckOrThrow(closed: ClosedJaxpr): ClosedJaxpr {
  const result = typecheck(closed);
  if (E.isLeft(result)) throw new TracegradError(`typecheck: ${result.left.message}\n${closed.toString()}`);
  return result.right;
}
