/**
 * Simplification passes. Rewrites are data: an ordered list of rules, each
 * a pattern on one equation with a one-line comment, applied in one forward
 * sweep; then dead-code elimination drops equations nothing uses.
 */
import { shapesEqual } from "../array/shape.ts";
import { ClosedJaxpr, Jaxpr, Lit, Var, type Atom, type Eqn } from "./jaxpr.ts";

/** A rewrite: given an equation (inputs already substituted), the atom that replaces its output, or null. */
type Rewrite = (eqn: Eqn) => Atom | null;

function isLit(a: Atom, value: number): boolean {
  return a instanceof Lit && a.value === value;
}

/** `a` can stand in for the equation's output (same shape and dtype). */
function fits(a: Atom, eqn: Eqn): boolean {
  const out = eqn.outs[0].aval;
  return shapesEqual(a.aval.shape, out.shape) && a.aval.dtype === out.dtype;
}

const rewrites: readonly Rewrite[] = [
  // x * 1 -> x,  1 * x -> x
  (e) => (e.primitive.name === "mul" ? pick(e, 1) : null),
  // x + 0 -> x,  0 + x -> x
  (e) => (e.primitive.name === "add" ? pick(e, 0) : null),
  // x - 0 -> x
  (e) => (e.primitive.name === "sub" && isLit(e.inputs[1], 0) && fits(e.inputs[0], e) ? e.inputs[0] : null),
  // x / 1 -> x
  (e) => (e.primitive.name === "div" && isLit(e.inputs[1], 1) && fits(e.inputs[0], e) ? e.inputs[0] : null),
  // convert_element_type to the same dtype -> x
  (e) => (e.primitive.name === "convert_element_type" && fits(e.inputs[0], e) ? e.inputs[0] : null),
];

/** For `a op b`: the other operand when one is the literal `identity`. */
function pick(e: Eqn, identity: number): Atom | null {
  const [a, b] = e.inputs;
  if (isLit(b, identity) && fits(a, e)) return a;
  if (isLit(a, identity) && fits(b, e)) return b;
  return null;
}

/** Applies the rewrite rules, then removes dead equations. */
export function simplify(closed: ClosedJaxpr): ClosedJaxpr {
  return deadCodeElimination(rewrite(closed));
}

/** One forward sweep of the rewrite rules. */
export function rewrite(closed: ClosedJaxpr): ClosedJaxpr {
  const { jaxpr } = closed;
  const replaced = new Map<Var, Atom>();
  const sub = (a: Atom): Atom => (a instanceof Var ? replaced.get(a) ?? a : a);
  const eqns: Eqn[] = [];
  for (const eqn of jaxpr.eqns) {
    const e: Eqn = { ...eqn, inputs: eqn.inputs.map(sub) };
    const replacement = e.outs.length === 1 ? rewrites.reduce<Atom | null>((r, rule) => r ?? rule(e), null) : null;
    if (replacement !== null) replaced.set(e.outs[0], replacement);
    else eqns.push(e);
  }
  return new ClosedJaxpr(new Jaxpr(jaxpr.constvars, jaxpr.invars, eqns, jaxpr.outs.map(sub)), closed.consts);
}

/** Drops equations whose outputs nothing uses, and constants nothing reads. */
export function deadCodeElimination(closed: ClosedJaxpr): ClosedJaxpr {
  const { jaxpr } = closed;
  const live = new Set<Var>();
  for (const a of jaxpr.outs) if (a instanceof Var) live.add(a);
  const kept: Eqn[] = [];
  for (let i = jaxpr.eqns.length - 1; i >= 0; i--) {
    const eqn = jaxpr.eqns[i];
    if (!eqn.outs.some((v) => live.has(v))) continue;
    kept.push(eqn);
    for (const a of eqn.inputs) if (a instanceof Var) live.add(a);
  }
  kept.reverse();
  const constvars: Var[] = [];
  const consts: (typeof closed.consts)[number][] = [];
  jaxpr.constvars.forEach((v, i) => {
    if (live.has(v)) {
      constvars.push(v);
      consts.push(closed.consts[i]);
    }
  });
  return new ClosedJaxpr(new Jaxpr(constvars, jaxpr.invars, kept, jaxpr.outs), consts);
}
