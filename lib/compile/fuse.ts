/**
 * Fusion planning: splits a jaxpr's equations into steps. Consecutive
 * elementwise equations over one iteration shape become a *loop* (one pass
 * over the data, intermediates in registers), with full `reduce_sum`s of its
 * values fused in as accumulators; every other equation is a *call* of its
 * primitive's kernel. Only the loop's values that something outside the loop
 * reads are written to memory.
 */
import { sizeOf, shapesEqual, type Shape } from "../array/shape.ts";
import { Lit, Var, type Atom, type Eqn, type Jaxpr } from "../ir/jaxpr.ts";

// model

/** How a loop reads one of its operands at iteration `i`. */
export type Access = "index" | "scalar" | "suffix";

/** A fused loop over `shape`. */
export interface LoopStep {
  readonly kind: "loop";
  readonly shape: Shape;
  readonly eqns: Eqn[];
  /** Values from outside the loop, with how each is read. */
  readonly inputs: { readonly atom: Var; readonly access: Access }[];
  /** Loop values written out: arrays of `shape`, or scalars for the fused reductions. */
  outputs: Var[];
}

/** An equation run by its primitive's `impl`. */
export interface CallStep {
  readonly kind: "call";
  readonly eqn: Eqn;
}

/** One step of a compiled jaxpr. */
export type Step = LoopStep | CallStep;

const ELEMENTWISE: ReadonlySet<string> = new Set([
  "neg", "exp", "log", "log1p", "expm1", "sin", "cos", "tanh", "atan", "sqrt", "abs", "sign", "logistic",
  "is_finite", "integer_pow", "stop_gradient", "convert_element_type",
  "add", "sub", "mul", "div", "pow", "max", "min", "eq", "ne", "lt", "le", "gt", "ge", "select",
]);

// utils

/** How an operand of shape `operand` is read in a loop over `shape`, or null if it cannot be. */
export function accessFor(operand: Shape, shape: Shape): Access | null {
  const size = sizeOf(operand);
  if (shapesEqual(operand, shape)) return "index";
  if (size === 1) return "scalar";
  // a trailing block of the loop shape (a bias row): read at i % size
  let k = 0;
  while (k < operand.length && operand[k] === 1) k++;
  const tail = operand.slice(k);
  return tail.length <= shape.length && shapesEqual(tail, shape.slice(shape.length - tail.length)) ? "suffix" : null;
}

/** Whether `eqn` can join a loop over `shape` whose own values are `inLoop` and whose reductions are `reduced`. */
function joins(eqn: Eqn, shape: Shape, inLoop: ReadonlySet<Var>, reduced: ReadonlySet<Var>): boolean {
  const name = eqn.primitive.name;
  const readable = (a: Atom) =>
    a instanceof Lit || (inLoop.has(a) ? !reduced.has(a) : accessFor(a.aval.shape, shape) !== null);
  if (ELEMENTWISE.has(name)) return shapesEqual(eqn.outs[0].aval.shape, shape) && eqn.inputs.every(readable);
  if (name === "broadcast_in_dim") {
    const [x] = eqn.inputs;
    return shapesEqual(eqn.outs[0].aval.shape, shape) && sizeOf(x.aval.shape) === 1 && readable(x);
  }
  if (name === "reduce_sum") {
    const [x] = eqn.inputs;
    const axes = (eqn.params as { axes: readonly number[] }).axes;
    return x instanceof Var && inLoop.has(x) && !reduced.has(x) && axes.length === shape.length;
  }
  return false;
}

/** Whether `eqn` can start a loop (it is elementwise over its output shape). */
function starts(eqn: Eqn): boolean {
  const name = eqn.primitive.name;
  if (!ELEMENTWISE.has(name) || eqn.outs.length !== 1) return false;
  const shape = eqn.outs[0].aval.shape;
  return eqn.inputs.every((a) => accessFor(a.aval.shape, shape) !== null);
}

// planning

/** The steps that run `jaxpr`: fused loops and kernel calls, in an order that respects dependencies. */
export function plan(jaxpr: Jaxpr): Step[] {
  const steps: Step[] = [];
  let loop: LoopStep | null = null;
  let inLoop = new Set<Var>();
  let reduced = new Set<Var>();
  const close = () => {
    if (loop !== null) {
      // a loop of one equation is no better than its kernel
      if (loop.eqns.length === 1) steps.push({ kind: "call", eqn: loop.eqns[0] });
      else steps.push(loop);
    }
    loop = null;
  };
  for (const eqn of jaxpr.eqns) {
    if (loop !== null && joins(eqn, loop.shape, inLoop, reduced)) {
      addToLoop(loop, eqn, inLoop, reduced);
      continue;
    }
    close();
    if (starts(eqn)) {
      loop = { kind: "loop", shape: eqn.outs[0].aval.shape, eqns: [], inputs: [], outputs: [] };
      inLoop = new Set();
      reduced = new Set();
      addToLoop(loop, eqn, inLoop, reduced);
    } else {
      steps.push({ kind: "call", eqn });
    }
  }
  close();
  markOutputs(steps, jaxpr);
  return steps;
}

function addToLoop(loop: LoopStep, eqn: Eqn, inLoop: Set<Var>, reduced: Set<Var>): void {
  loop.eqns.push(eqn);
  for (const a of eqn.inputs) {
    if (a instanceof Var && !inLoop.has(a) && !loop.inputs.some((input) => input.atom === a)) {
      loop.inputs.push({ atom: a, access: accessFor(a.aval.shape, loop.shape)! });
    }
  }
  for (const v of eqn.outs) inLoop.add(v);
  if (eqn.primitive.name === "reduce_sum") reduced.add(eqn.outs[0]);
}

/** A loop writes out exactly the values read after it (or returned), and always its reductions. */
function markOutputs(steps: Step[], jaxpr: Jaxpr): void {
  const readLater = new Set<Var>();
  for (const a of jaxpr.outs) if (a instanceof Var) readLater.add(a);
  for (let s = steps.length - 1; s >= 0; s--) {
    const step = steps[s];
    if (step.kind === "call") {
      for (const a of step.eqn.inputs) if (a instanceof Var) readLater.add(a);
      continue;
    }
    step.outputs = step.eqns.flatMap((e) => e.outs).filter((v) => readLater.has(v));
    for (const input of step.inputs) readLater.add(input.atom);
  }
}
