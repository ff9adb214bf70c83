/**
 * `evalJaxpr`: runs a jaxpr by binding each equation's primitive in order,
 * so running it under a transform applies that transform (this is how a
 * staged function is differentiated, batched or re-staged).
 */
import { ArgumentError, ShapeError } from "../core/errors.ts";
import { bind } from "../core/trace.ts";
import { scalar } from "../core/ops.ts";
import { instanceOrThrow, toTensor } from "../core/convert.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";
import { ClosedJaxpr, Lit, type Atom, type Jaxpr, type Var } from "./jaxpr.ts";
import { formatAval } from "./print.ts";

/** Evaluates `jaxpr` with constants `consts` on `args`. */
export function evalJaxprFlat(jaxpr: Jaxpr, consts: readonly Tensor[], args: readonly Tensor[]): Tensor[] {
  const env = new Map<Var, Tensor>();
  jaxpr.constvars.forEach((v, i) => env.set(v, consts[i]));
  jaxpr.invars.forEach((v, i) => env.set(v, args[i]));
  const read = (a: Atom): Tensor => (a instanceof Lit ? scalar(a.value, a.aval.dtype) : env.get(a)!);
  for (const eqn of jaxpr.eqns) {
    const outs = bind(eqn.primitive, eqn.inputs.map(read), eqn.params);
    eqn.outs.forEach((v, i) => env.set(v, outs[i]));
  }
  return jaxpr.outs.map(read);
}

/**
 * Runs a closed jaxpr on arguments matching its input avals; returns the list of outputs.
 *
 * @example
 * import { evalJaxpr, makeJaxpr, np } from "tracegrad";
 * const closed = makeJaxpr(np.sin)(np.zeros([2]));
 * evalJaxpr(closed, np.array([0, 1]))[0]; // array([0.        , 0.84147098])
 */
export function evalJaxpr(closed: ClosedJaxpr, ...args: ArrayLike[]): Tensor[] {
  instanceOrThrow("evalJaxpr", closed, ClosedJaxpr, "a ClosedJaxpr from makeJaxpr");
  const { jaxpr } = closed;
  if (args.length !== jaxpr.invars.length) {
    throw new ArgumentError(`evalJaxpr: the jaxpr takes ${jaxpr.invars.length} inputs, got ${args.length}.`);
  }
  const tensors = args.map((a, i) => {
    const t = toTensor(a, "evalJaxpr");
    const want = jaxpr.invars[i].aval;
    if (t.dtype !== want.dtype || t.shape.length !== want.shape.length || t.shape.some((d, j) => d !== want.shape[j])) {
      throw new ShapeError(`evalJaxpr: input ${i} is ${formatAval(t)} but the jaxpr expects ${formatAval(want)}.`);
    }
    return t;
  });
  return evalJaxprFlat(jaxpr, closed.consts, tensors);
}
