/**
 * The compiler from IR to fused kernels: `compileJaxpr(closed)` plans the
 * jaxpr's steps (`fuse.ts`), compiles one loop per fused group
 * (`codegen.ts`: JavaScript, or WebAssembly SIMD with the same bits), and
 * returns a runner over concrete tensors. Unfused equations call their
 * primitive's kernel directly, without tracing. `jit` uses this runner for
 * every jaxpr it stages.
 *
 * @example
 * const run = compileJaxpr(makeJaxpr((x) => np.sum(np.exp(np.negative(x))))(np.ones([3])));
 * run([np.ones([3])]);
 */
import { allocate, typedArrayFrom, type DType, type TypedArray } from "../array/dtype.ts";
import { giveBuffer, takeBuffer } from "../array/pool.ts";
import { ConcreteTensor, type Tensor, dataOf } from "../core/tensor.ts";
import { scalar } from "../core/ops.ts";
import { Lit, Var, type Atom, type ClosedJaxpr, type Jaxpr } from "../ir/jaxpr.ts";
import { compensatedTotal } from "../kernels/summation.ts";
import { sumLayout } from "../kernels/lanes/program.ts";
import { plan, type Step } from "./fuse.ts";
import { compileLoop } from "./codegen.ts";
import { recyclable } from "./recycle.ts";

/** Runs a compiled jaxpr on concrete inputs. */
export type Executable = (args: readonly ConcreteTensor[]) => ConcreteTensor[];

/** Compiles a closed jaxpr into a runner over concrete tensors. */
export function compileJaxpr(closed: ClosedJaxpr): Executable {
  const { jaxpr } = closed;
  // every variable gets a slot in the environment array
  const slots = new Map<Var, number>();
  const slot = (v: Var) => {
    let s = slots.get(v);
    if (s === undefined) slots.set(v, (s = slots.size));
    return s;
  };
  const constSlots = jaxpr.constvars.map(slot);
  const inSlots = jaxpr.invars.map(slot);
  const literal = new Map<Lit, ConcreteTensor>();
  // an atom's reader: a slot, or a literal made once here
  const reader = (a: Atom): number | ConcreteTensor => {
    if (a instanceof Lit) {
      let t = literal.get(a);
      if (t === undefined) literal.set(a, (t = scalar(a.value, a.aval.dtype)));
      return t;
    }
    return slot(a);
  };
  const steps = plan(jaxpr);
  const reuse = bufferReuse(steps, jaxpr);
  const runs = steps.map((step, stepIndex): ((env: ConcreteTensor[]) => void) => {
    if (step.kind === "call") {
      const { primitive, params } = step.eqn;
      const inputs = step.eqn.inputs.map(reader);
      const outs = step.eqn.outs.map(slot);
      const operand = inputs[0];
      if (primitive.name === "reshape" && typeof operand === "number") {
        // reshape's impl, with its shape frozen once: the same data under the new shape
        const { shape, dtype } = step.eqn.outs[0].aval;
        const frozen = Object.freeze([...shape]);
        return (env) => {
          env[outs[0]] = new ConcreteTensor(dataOf(env[operand]), frozen, dtype);
        };
      }
      return (env) => {
        const results = primitive.impl(inputs.map((r) => (typeof r === "number" ? env[r] : r)), params);
        for (let k = 0; k < outs.length; k++) env[outs[k]] = results[k];
      };
    }
    const loop = compileLoop(step);
    const { run, size } = loop;
    const inputs = step.inputs.map(({ atom }) => slot(atom));
    // shapes frozen once, so that each result's tensor keeps them without a copy
    const outs = step.outputs.map((v, k) => ({ slot: slot(v), shape: Object.freeze([...v.aval.shape]), dtype: v.aval.dtype, place: loop.outputs[k] }));
    const arrayOuts = outs.filter((o) => "array" in o.place);
    // each array output: the slot of a dead input whose buffer it takes over, or -1 for a new buffer
    const reused = arrayOuts.map(({ slot: s }) => {
      const donor = reuse.get(stepIndex)?.get(step.outputs.find((v) => slot(v) === s)!);
      return donor === undefined ? -1 : slot(donor);
    });
    const arrayDtypes = arrayOuts.map((o) => o.dtype);
    const { offsets, length } = sumLayout(loop.sums);
    const cells = loop.sums.map((sum) => sum.cells);
    const noSums = new Float64Array(0);
    const inputCount = inputs.length;
    const outCount = outs.length;
    return (env) => {
      const inputData = new Array<TypedArray>(inputCount);
      for (let k = 0; k < inputCount; k++) inputData[k] = dataOf(env[inputs[k]]);
      const arrays = new Array<TypedArray>(arrayDtypes.length);
      // the loop writes every element: a pooled array needs no zeroing
      for (let k = 0; k < arrays.length; k++) {
        arrays[k] = reused[k] >= 0 ? dataOf(env[reused[k]]) : takeBuffer(arrayDtypes[k], size) ?? allocate(arrayDtypes[k], size);
      }
      const sums = length === 0 ? noSums : new Float64Array(length);
      run(inputData, arrays, size, sums);
      for (let k = 0; k < outCount; k++) {
        const { slot: s, shape, dtype, place } = outs[k];
        if ("array" in place) {
          env[s] = new ConcreteTensor(arrays[place.array], shape, dtype);
        } else if (cells[place.sum] === 1 && shape.length === 0) {
          env[s] = scalar(compensatedTotal(sums[offsets[place.sum]], sums[offsets[place.sum] + 1]), dtype);
        } else {
          // each cell's total, stored as the dtype stores it
          const totals = new Float64Array(cells[place.sum]);
          for (let c = 0, at = offsets[place.sum]; c < totals.length; c++, at += 2) totals[c] = compensatedTotal(sums[at], sums[at + 1]);
          env[s] = new ConcreteTensor(typedArrayFrom(dtype, totals), shape, dtype);
        }
      }
    };
  });
  const outReaders = jaxpr.outs.map(reader);
  const consts = closed.consts as readonly Tensor[];
  // buffers made in the run that no returned value reaches: back to the pool when it ends (recycle.ts)
  const dead = recyclable(steps, jaxpr, reuse).map((vars) => ({ slots: vars.map(slot), dtype: vars[0].aval.dtype as DType }));
  return (args) => {
    const env = new Array<ConcreteTensor>(slots.size);
    for (let k = 0; k < constSlots.length; k++) env[constSlots[k]] = consts[k] as ConcreteTensor;
    for (let k = 0; k < inSlots.length; k++) env[inSlots[k]] = args[k];
    for (const run of runs) run(env);
    const outs = outReaders.map((r) => (typeof r === "number" ? env[r] : r));
    for (const { slots: held, dtype } of dead) release(env, held, dtype, outs);
    return outs;
  };
}

/** Gives the buffer the variables in `held` share back to the pool (each distinct array once; never one a result holds). */
function release(env: readonly ConcreteTensor[], held: readonly number[], dtype: DType, outs: readonly ConcreteTensor[]): void {
  for (let k = 0; k < held.length; k++) {
    const data = dataOf(env[held[k]]);
    let seen = false;
    for (let j = 0; j < k && !seen; j++) seen = dataOf(env[held[j]]) === data;
    for (let j = 0; j < outs.length && !seen; j++) seen = dataOf(outs[j]) === data;
    if (!seen) giveBuffer(dtype, data);
  }
}

/**
 * Buffer reuse: a loop's array output may be written into the buffer of an
 * input read by index, of its dtype, at that input's last use, when the
 * buffer is one a loop of this program allocated (so no tensor the caller
 * holds, and no view made by a kernel call, shares it) and that value is not
 * returned. The loops read each element before writing it (the JavaScript
 * loop reads all operands of element i first; the WebAssembly loop copies
 * them in), so writing in place is safe. By step: output → the input it
 * reuses.
 */
export function bufferReuse(steps: readonly Step[], jaxpr: Jaxpr): Map<number, Map<Var, Var>> {
  const lastUse = new Map<Var, number>();
  const passedToCall = new Set<Var>();
  const madeByLoop = new Set<Var>();
  steps.forEach((step, s) => {
    if (step.kind === "call") {
      for (const a of step.eqn.inputs) if (a instanceof Var) (lastUse.set(a, s), passedToCall.add(a));
    } else {
      for (const { atom } of step.inputs) lastUse.set(atom, s);
      for (const v of step.outputs) if (!step.sums.has(v)) madeByLoop.add(v);
    }
  });
  const returned = new Set(jaxpr.outs.filter((a): a is Var => a instanceof Var));
  const result = new Map<number, Map<Var, Var>>();
  steps.forEach((step, s) => {
    if (step.kind !== "loop") return;
    const claimed = new Set<Var>();
    const byOutput = new Map<Var, Var>();
    for (const out of step.outputs) {
      if (step.sums.has(out)) continue;
      const donor = step.inputs.find(
        ({ atom, access }) =>
          access === "index" &&
          !claimed.has(atom) &&
          atom.aval.dtype === out.aval.dtype &&
          madeByLoop.has(atom) &&
          !passedToCall.has(atom) &&
          !returned.has(atom) &&
          lastUse.get(atom) === s,
      );
      if (donor !== undefined) {
        claimed.add(donor.atom);
        byOutput.set(out, donor.atom);
      }
    }
    if (byOutput.size > 0) result.set(s, byOutput);
  });
  return result;
}
