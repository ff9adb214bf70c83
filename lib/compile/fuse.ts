/**
 * Fusion planning: splits a jaxpr's equations into steps. Consecutive
 * equations whose primitive has an elementwise lowering (its record's
 * `lower`) over one iteration shape become a *loop* (one pass over the data,
 * intermediates in registers), with the sums its lowering fuses as
 * accumulators: full sums, sums over a leading block of axes (a bias
 * gradient: one accumulator per trailing cell) and over a trailing block
 * (row sums: softmax and logsumexp denominators). Operands from outside the
 * loop are read by index, as a scalar, as a repeated trailing block (a row)
 * or a repeated leading block (a column). Every other equation is a *call*
 * of its primitive's kernel. Only the loop's values that something outside
 * the loop reads are written to memory. A loop holds at most
 * `MAX_LOOP_EQNS` equations, so generated functions stay small whatever the
 * program's length.
 */
import { sizeOf, shapesEqual, type Shape } from "../array/shape.ts";
import { Lit, Var, type Atom, type Eqn, type Jaxpr } from "../ir/jaxpr.ts";
import type { Lowering, PrimName } from "../core/primitive.ts";
import type { Access, LoopSum } from "../kernels/lanes/program.ts";

export type { Access };

// model

/** An operand of a loop from outside it, with how it is read (`inner`: for a column, how many elements share a value). */
export interface LoopInput {
  readonly atom: Var;
  readonly access: Access;
  readonly inner: number;
}

/** A fused loop over `shape`. */
export interface LoopStep {
  readonly kind: "loop";
  readonly shape: Shape;
  readonly eqns: Eqn[];
  /** Values from outside the loop, with how each is read. */
  readonly inputs: LoopInput[];
  /** The sums in the loop, by their output: into how many cells, and which cell each element adds to. */
  readonly sums: Map<Var, LoopSum>;
  /** Loop values written out: arrays of `shape`, or the sums' results. */
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

/** How an operand whose shape, written in the loop's rank, is `aligned` is read in a loop over `shape`, or null if it cannot be. */
export function accessOf(aligned: Shape, shape: Shape): { access: Access; inner: number } | null {
  if (aligned.length !== shape.length) return null;
  if (shapesEqual(aligned, shape)) return { access: "index", inner: 1 };
  if (sizeOf(aligned) === 1) return { access: "scalar", inner: 1 };
  // leading 1s, then the loop's own trailing dims: a row repeated
  let k = 0;
  while (k < aligned.length && aligned[k] === 1) k++;
  if (shapesEqual(aligned.slice(k), shape.slice(k))) return { access: "suffix", inner: 1 };
  // the loop's leading dims, then 1s: a column, each value for `inner` consecutive elements
  let j = aligned.length;
  while (j > 0 && aligned[j - 1] === 1) j--;
  if (shapesEqual(aligned.slice(0, j), shape.slice(0, j))) return { access: "prefix", inner: sizeOf(shape.slice(j)) };
  return null;
}

/** An operand shape written in the rank of `shape`, numpy's way (right-aligned, 1s in front). */
function rightAligned(operand: Shape, shape: Shape): Shape {
  return operand.length > shape.length ? operand : [...new Array<number>(shape.length - operand.length).fill(1), ...operand];
}

/** The elementwise lowering of an equation's primitive, if the equation may fuse at all. */
function loweringOf(eqn: Eqn): Lowering<PrimName> | null {
  const lower = eqn.primitive.lower;
  if (lower === undefined || lower === null || eqn.outs.length !== 1) return null;
  if (lower.kind === "elementwise" && lower.fuses !== undefined && !lower.fuses(eqn.inputs.map((a) => a.aval), eqn.params)) return null;
  return lower;
}

/** How each input of an elementwise equation is read in a loop over its output shape (null where it cannot be). */
function accessesOf(eqn: Eqn, lower: Lowering<PrimName> & { kind: "elementwise" }): ({ access: Access; inner: number } | null)[] {
  const out = eqn.outs[0].aval;
  const ins = eqn.inputs.map((a) => a.aval);
  const aligned = lower.aligned?.(ins, eqn.params, out) ?? ins.map((a) => rightAligned(a.shape, out.shape));
  return aligned.map((shape) => accessOf(shape, out.shape));
}

/**
 * The cells of a sum over `axes` of a loop over `shape`: one for a full sum,
 * the kept trailing block for a sum over leading axes, the kept leading block
 * for a sum over trailing axes (size-1 axes count as either); null otherwise.
 */
export function sumCells(shape: Shape, axes: readonly number[]): LoopSum | null {
  const reduced = shape.map((_, d) => axes.includes(d));
  const kept = shape.map((d, i) => (reduced[i] ? 1 : d));
  const cells = sizeOf(kept);
  if (cells === 1) return { cells: 1, inner: Math.max(sizeOf(shape), 1) };
  // ignoring size-1 axes, the reduced ones must be a leading or a trailing block
  const pattern = shape.map((d, i) => (d === 1 ? "" : reduced[i] ? "r" : "k")).join("");
  if (/^r*k+$/.test(pattern)) return { cells, inner: 1 };
  if (/^k+r*$/.test(pattern)) return { cells, inner: sizeOf(shape) / cells };
  return null;
}

/** Whether `eqn` can join a loop over `shape` whose own values are `inLoop` and whose sums are `reduced`. */
function joins(eqn: Eqn, shape: Shape, inLoop: ReadonlySet<Var>, reduced: ReadonlySet<Var>): boolean {
  const lower = loweringOf(eqn);
  if (lower === null) return false;
  if (lower.kind === "sum") {
    const [x] = eqn.inputs;
    return x instanceof Var && inLoop.has(x) && !reduced.has(x) && sumCells(shape, lower.axes(eqn.params)) !== null;
  }
  if (!shapesEqual(eqn.outs[0].aval.shape, shape)) return false;
  const accesses = accessesOf(eqn, lower);
  return eqn.inputs.every((a, k) => a instanceof Lit || (inLoop.has(a) ? !reduced.has(a) && accesses[k]?.access === "index" : accesses[k] !== null));
}

/** Whether `eqn` can start a loop (it is elementwise over its output shape). */
function starts(eqn: Eqn): boolean {
  const lower = loweringOf(eqn);
  if (lower === null || lower.kind !== "elementwise") return false;
  return accessesOf(eqn, lower).every((a) => a !== null);
}

// planning

/**
 * The steps that run `jaxpr`: fused loops and kernel calls, in an order that
 * respects dependencies. Equations are grouped greedily in their order; an
 * elementwise equation left alone between calls (a gradient's `neg y` before
 * a matmul) is then tried inside the loop of its first reader, moved there
 * (`sunk`), and the plan with fewer steps is kept.
 */
export function plan(jaxpr: Jaxpr): Step[] {
  const first = planInOrder(jaxpr.eqns, jaxpr);
  const reordered = sunk(first, jaxpr);
  if (reordered === null) return first;
  const second = planInOrder(reordered, jaxpr);
  return second.length < first.length ? second : first;
}

/**
 * The equations with every lone elementwise call (a call step that could
 * start a loop) moved to just before its output's first reader, when that
 * reader could join a loop; null when nothing moves or the order would read
 * a value before it is made (a moved equation reading another moved one's
 * output from further on).
 */
function sunk(steps: readonly Step[], jaxpr: Jaxpr): Eqn[] | null {
  const eqns = jaxpr.eqns;
  const position = new Map<Eqn, number>();
  eqns.forEach((e, i) => position.set(e, i));
  const attached = new Map<Eqn, Eqn[]>();
  const moved = new Set<Eqn>();
  for (const step of steps) {
    if (step.kind !== "call" || !starts(step.eqn)) continue;
    const out = step.eqn.outs[0];
    const reader = eqns.slice(position.get(step.eqn)! + 1).find((e) => e.inputs.includes(out));
    if (reader === undefined || loweringOf(reader) === null) continue;
    moved.add(step.eqn);
    attached.set(reader, [...(attached.get(reader) ?? []), step.eqn]);
  }
  if (moved.size === 0) return null;
  const order: Eqn[] = [];
  const emit = (e: Eqn): void => {
    for (const a of attached.get(e) ?? []) emit(a);
    order.push(e);
  };
  for (const e of eqns) if (!moved.has(e)) emit(e);
  // every operand made before it is read
  const made = new Set<Var>(jaxpr.invars);
  for (const v of jaxpr.constvars) made.add(v);
  for (const e of order) {
    if (e.inputs.some((a) => a instanceof Var && !made.has(a))) return null;
    for (const v of e.outs) made.add(v);
  }
  return order.length === eqns.length ? order : null;
}

/** The greedy plan of `eqns` in the order given. */
function planInOrder(eqns: readonly Eqn[], jaxpr: Jaxpr): Step[] {
  const steps: Step[] = [];
  let loop: LoopStep | null = null;
  let inLoop = new Set<Var>();
  const close = () => {
    if (loop !== null) {
      // a loop of one equation is no better than its kernel
      if (loop.eqns.length === 1) steps.push({ kind: "call", eqn: loop.eqns[0] });
      else steps.push(loop);
    }
    loop = null;
  };
  for (const eqn of eqns) {
    if (loop !== null && loop.eqns.length < MAX_LOOP_EQNS && joins(eqn, loop.shape, inLoop, new Set(loop.sums.keys()))) {
      addToLoop(loop, eqn, inLoop);
      continue;
    }
    close();
    if (starts(eqn)) {
      loop = { kind: "loop", shape: eqn.outs[0].aval.shape, eqns: [], inputs: [], sums: new Map(), outputs: [] };
      inLoop = new Set();
      addToLoop(loop, eqn, inLoop);
    } else {
      steps.push({ kind: "call", eqn });
    }
  }
  close();
  markOutputs(steps, jaxpr);
  return steps;
}

function addToLoop(loop: LoopStep, eqn: Eqn, inLoop: Set<Var>): void {
  loop.eqns.push(eqn);
  const lower = eqn.primitive.lower!;
  if (lower.kind === "sum") {
    loop.sums.set(eqn.outs[0], sumCells(loop.shape, lower.axes(eqn.params))!);
  } else {
    const accesses = accessesOf(eqn, lower);
    eqn.inputs.forEach((a, k) => {
      if (!(a instanceof Var) || inLoop.has(a)) return;
      const { access, inner } = accesses[k]!;
      if (!loop.inputs.some((input) => input.atom === a && input.access === access && input.inner === inner)) loop.inputs.push({ atom: a, access, inner });
    });
  }
  for (const v of eqn.outs) inLoop.add(v);
}

/** A loop writes out exactly the values read after it (or returned), and always its sums. */
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

/** Which input of a loop an equation's operand is (its access as the equation reads it). */
export function loopInputIndex(loop: LoopStep, eqn: Eqn, operand: number): number {
  const a = eqn.inputs[operand] as Var;
  const lower = eqn.primitive.lower as Lowering<PrimName> & { kind: "elementwise" };
  const { access, inner } = accessesOf(eqn, lower)[operand]!;
  return loop.inputs.findIndex((input) => input.atom === a && input.access === access && input.inner === inner);
}
