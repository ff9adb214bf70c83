/**
 * Which buffers a compiled jaxpr may give back to the pool (`array/pool.ts`)
 * when a run ends: those no value outside the run can reach. A buffer is
 * made in the run by a loop (an array output) or by a call whose kernel
 * always returns new storage (`FRESH`); a loop output written into a dead
 * input's buffer (`bufferReuse`) and a `reshape` (which shares its
 * operand's data) join their operand's buffer. A buffer escapes, and is
 * never given back, when one of its values is returned, or is read by a
 * call that may keep it or return a view of it (every primitive outside
 * `FRESH` and `reshape`: `stop_gradient` returns its operand, a nested
 * `jit` or `scan` may return an input). Values read only by loops and by
 * `FRESH` kernels are dead once the run ends.
 *
 * @example
 * const groups = recyclable(steps, jaxpr, reuse); // each: the variables sharing one buffer
 */
import { Var, type Jaxpr } from "../ir/jaxpr.ts";
import type { Step } from "./fuse.ts";

/** Primitives whose kernel always returns new storage and keeps no operand. */
const FRESH = new Set(["dot_general", "reduce_sum", "reduce_max", "reduce_min"]);
/** Primitives whose result shares its operand's storage. */
const ALIAS = new Set(["reshape"]);

/** The buffers made in the run that nothing outside it reaches, each as the variables that hold it. */
export function recyclable(steps: readonly Step[], jaxpr: Jaxpr, reuse: ReadonlyMap<number, ReadonlyMap<Var, Var>>): Var[][] {
  // each variable holding a buffer made in this run → the buffer's first holder
  const buffer = new Map<Var, Var>();
  const escaped = new Set<Var>();
  steps.forEach((step, s) => {
    if (step.kind === "loop") {
      const donors = reuse.get(s);
      for (const v of step.outputs) {
        if (step.sums.has(v)) continue;
        const donor = donors?.get(v);
        buffer.set(v, donor === undefined ? v : buffer.get(donor) ?? v);
      }
      return;
    }
    const { primitive, inputs, outs } = step.eqn;
    if (ALIAS.has(primitive.name)) {
      const operand = inputs[0];
      if (operand instanceof Var && buffer.has(operand)) buffer.set(outs[0], buffer.get(operand)!);
      return;
    }
    const fresh = FRESH.has(primitive.name);
    if (!fresh) for (const a of inputs) if (a instanceof Var && buffer.has(a)) escaped.add(buffer.get(a)!);
    if (fresh) for (const v of outs) buffer.set(v, v);
  });
  for (const a of jaxpr.outs) if (a instanceof Var && buffer.has(a)) escaped.add(buffer.get(a)!);
  const groups = new Map<Var, Var[]>();
  for (const [v, root] of buffer) {
    if (escaped.has(root)) continue;
    if (!groups.has(root)) groups.set(root, []);
    groups.get(root)!.push(v);
  }
  return [...groups.values()];
}
