/**
 * Transposition: runs a linear jaxpr backwards. Each equation's output
 * cotangents are pulled back through its primitive's `transpose` rule onto
 * the linear inputs; constants (residuals) are read as they are. Missing
 * cotangents are zeros, and an equation whose outputs all have zero
 * cotangents is skipped.
 */
import type { Tensor } from "../core/tensor.ts";
import { LinearArg } from "../core/primitive.ts";
import { TracegradError } from "../core/errors.ts";
import { add, scalar } from "../core/ops.ts";
import { Lit, type Atom, type Jaxpr, type Var } from "../ir/jaxpr.ts";

/** Cotangents of the jaxpr's invars given cotangents of its outputs (null: zero). */
export function backwardPass(
  jaxpr: Jaxpr,
  consts: readonly Tensor[],
  cotangents: readonly (Tensor | null)[],
): (Tensor | null)[] {
  const known = new Map<Var, Tensor>();
  jaxpr.constvars.forEach((v, i) => known.set(v, consts[i]));
  const cts = new Map<Var, Tensor>();
  const accumulate = (v: Var, ct: Tensor): void => {
    const previous = cts.get(v);
    cts.set(v, previous === undefined ? ct : add(previous, ct));
  };
  jaxpr.outs.forEach((out, i) => {
    const ct = cotangents[i];
    if (ct !== null && !(out instanceof Lit) && !known.has(out)) accumulate(out, ct);
  });
  const readArg = (atom: Atom): Tensor | LinearArg => {
    if (atom instanceof Lit) return scalar(atom.value, atom.aval.dtype);
    return known.get(atom) ?? new LinearArg(atom.aval.shape, atom.aval.dtype);
  };
  for (let e = jaxpr.eqns.length - 1; e >= 0; e--) {
    const eqn = jaxpr.eqns[e];
    const outCts = eqn.outs.map((v) => cts.get(v) ?? null);
    if (outCts.every((c) => c === null)) continue;
    for (const v of eqn.outs) cts.delete(v);
    const rule = eqn.primitive.transpose;
    if (rule === null) {
      throw new TracegradError(
        `transpose: ${eqn.primitive.name} is not linear but appeared in a linear jaxpr; this is a bug in a jvp rule.`,
      );
    }
    const args = eqn.inputs.map(readArg);
    const argCts = rule(outCts, args, eqn.params);
    for (let i = 0; i < args.length; i++) {
      const argCt = argCts[i];
      if (argCt !== null && args[i] instanceof LinearArg) accumulate(eqn.inputs[i] as Var, argCt);
    }
  }
  return jaxpr.invars.map((v) => cts.get(v) ?? null);
}
