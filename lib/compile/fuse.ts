/**
 * Fusion planning: splits a jaxpr's equations into steps. Consecutive
 * equations whose primitive has an elementwise lowering (its record's
 * `lower`) over one iteration shape become a *loop* (one pass over the data,
 * intermediates in registers), with the sums its lowering fuses (full
 * `reduce_sum`s of loop values) as accumulators; every other equation is a
 * *call* of its primitive's kernel. Only the loop's values that something
 * outside the loop reads are written to memory. A loop holds at most
 * `MAX_LOOP_EQNS` equations, so generated functions stay small whatever the
 * program's length.
 */
import { sizeOf, shapesEqual, type Shape } from "../array/shape.ts";
import { Lit, Var, type Atom, type Eqn, type Jaxpr } from "../ir/jaxpr.ts";
import type { Lowering, PrimName } from "../core/primitive.ts";

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

/** The most equations in one loop: past it the loop is closed and a new one starts (its values written out between). */
export const MAX_LOOP_EQNS = 512;

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

/** The lowering of an equation's primitive, if the equation may fuse at all. */
function loweringOf(eqn: Eqn): Lowering<PrimName> | null {
  const lower = eqn.primitive.lower;
  if (lower === undefined || lower === null || eqn.outs.length !== 1) return null;
  if (lower.fuses !== undefined && !lower.fuses(eqn.inputs.map((a) => a.aval), eqn.params)) return null;
  return lower;
}

/** Whether `eqn` can join a loop over `shape` whose own values are `inLoop` and whose sums are `reduced`. */
function joins(eqn: Eqn, shape: Shape, inLoop: ReadonlySet<Var>, reduced: ReadonlySet<Var>): boolean {
  const lower = loweringOf(eqn);
  if (lower === null) return false;
  if (lower.kind === "sum") {
    const [x] = eqn.inputs;
    return x instanceof Var && inLoop.has(x) && !reduced.has(x);
  }
  const readable = (a: Atom) =>
    a instanceof Lit || (inLoop.has(a) ? !reduced.has(a) : accessFor(a.aval.shape, shape) !== null);
  return shapesEqual(eqn.outs[0].aval.shape, shape) && eqn.inputs.every(readable);
}

/** Whether `eqn` can start a loop (it is elementwise over its output shape). */
function starts(eqn: Eqn): boolean {
  const lower = loweringOf(eqn);
  if (lower === null || lower.kind !== "elementwise") return false;
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
    if (loop !== null && loop.eqns.length < MAX_LOOP_EQNS && joins(eqn, loop.shape, inLoop, reduced)) {
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
  if (eqn.primitive.lower?.kind === "sum") reduced.add(eqn.outs[0]);
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
