/**
 * Simplification passes. Rewrites are data: an ordered list of rules, each
 * a pattern on one equation with a one-line comment, applied in one forward
 * sweep; then dead-code elimination drops equations nothing uses.
 */
import { shapesEqual } from "../array/shape.ts";
import { ClosedJaxpr, Jaxpr, Lit, Var, type Atom, type Eqn } from "./jaxpr.ts";
import { instanceOrThrow } from "../core/convert.ts";

/**
 * A rewrite: given an equation (inputs already substituted) and what is known
 * of each atom's value, the atom that replaces its output, or null.
 */
type Rewrite = (eqn: Eqn, isConstant: (a: Atom, value: number) => boolean) => Atom | null;

/** `a` can stand in for the equation's output (same shape and dtype). */
function fits(a: Atom, eqn: Eqn): boolean {
  const out = eqn.outs[0].aval;
  return shapesEqual(a.aval.shape, out.shape) && a.aval.dtype === out.dtype;
}

const rewrites: readonly Rewrite[] = [
  // x * 1 -> x,  1 * x -> x  (1 a literal or a broadcast of one)
  (e, isConstant) => (e.primitive.name === "mul" ? pick(e, 1, isConstant) : null),
  // x + (−0) -> x,  (−0) + x -> x  (only −0 is the identity of IEEE addition: −0 + (+0) is +0, so x + 0 stays)
  (e, isConstant) => (e.primitive.name === "add" ? pick(e, -0, isConstant) : null),
  // x - 0 -> x  (+0 only: −0 − (−0) is +0)
  (e, isConstant) => (e.primitive.name === "sub" && isConstant(e.inputs[1], 0) && fits(e.inputs[0], e) ? e.inputs[0] : null),
  // x / 1 -> x
  (e, isConstant) => (e.primitive.name === "div" && isConstant(e.inputs[1], 1) && fits(e.inputs[0], e) ? e.inputs[0] : null),
  // convert_element_type to the same dtype -> x
  (e) => (e.primitive.name === "convert_element_type" && fits(e.inputs[0], e) ? e.inputs[0] : null),
];

/** For `a op b`: the other operand when one is the literal `identity`. */
function pick(e: Eqn, identity: number, isConstant: (a: Atom, value: number) => boolean): Atom | null {
  const [a, b] = e.inputs;
  if (isConstant(b, identity) && fits(a, e)) return a;
  if (isConstant(a, identity) && fits(b, e)) return b;
  return null;
}

/**
 * Applies the rewrite rules (`x*1`, `x+0`, ...), then removes dead equations.
 *
 * @example
 * import { makeJaxpr, np, simplify, type Tensor } from "tracegrad";
 * const raw = makeJaxpr((x: Tensor) => np.add(np.multiply(x, 1), 0), { simplify: false })(np.ones([2]));
 * simplify(raw).jaxpr.eqns.length; // 0
 */
export function simplify(closed: ClosedJaxpr): ClosedJaxpr {
  instanceOrThrow("simplify", closed, ClosedJaxpr, "a ClosedJaxpr from makeJaxpr");
  return deadCodeElimination(rewrite(closed));
}

/** One forward sweep of the rewrite rules. */
export function rewrite(closed: ClosedJaxpr): ClosedJaxpr {
  const { jaxpr } = closed;
  const replaced = new Map<Var, Atom>();
  // variables that hold one value everywhere: broadcasts of a literal
  const uniform = new Map<Var, number>();
  // Object.is: the signs of zero differ as identities (x + (−0) = x, but −0 + 0 = +0)
  const isConstant = (a: Atom, value: number) => (a instanceof Lit ? Object.is(a.value, value) : Object.is(uniform.get(a), value));
  const sub = (a: Atom): Atom => (a instanceof Var ? replaced.get(a) ?? a : a);
  const eqns: Eqn[] = [];
  for (const eqn of jaxpr.eqns) {
    const e: Eqn = { ...eqn, inputs: eqn.inputs.map(sub) };
    if (e.primitive.name === "broadcast_in_dim" && e.inputs[0] instanceof Lit) uniform.set(e.outs[0], e.inputs[0].value);
    const replacement = e.outs.length === 1 ? rewrites.reduce<Atom | null>((r, rule) => r ?? rule(e, isConstant), null) : null;
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
