/**
 * Contraction paths for `np.einsum`: the order in which operands are
 * contracted pairwise, and `np.einsumPath`, which shows it as numpy does.
 *
 * A path is numpy's list of steps: each step names positions in the current
 * list of operands, which are contracted together and their result appended
 * at the end. The optimizers:
 * - `"greedy"` (and `true`): opt_einsum's greedy algorithm (what JAX uses):
 *   operands with identical label sets are multiplied first; then, among
 *   pairs that share a label, the pair whose result removes the most memory
 *   (size(result) - size(a) - size(b), ties to the earliest operands) is
 *   contracted, again and again; what is left is joined by outer products,
 *   smallest first;
 * - `"optimal"`: every order of pairwise contractions (depth first, pruned
 *   by the best flop count found), up to 8 operands;
 * - `false`: one step over all operands (contracted left to right);
 * - an explicit `["einsum_path", [i, j], ...]`.
 *
 * @example
 * const [path, report] = np.einsumPath("ij,jk,kl->il", a, b, c); // path ["einsum_path", [1, 2], [0, 1]] for a [2,2], b [2,5], c [5,2]
 */
import { ArgumentError } from "../core/errors.ts";
import { showValue } from "../core/convert.ts";
import type { ArrayLike } from "../core/tensor.ts";
import { parseEinsum, splitArguments, type EinsumSpec } from "./einsumParse.ts";
import { optionsOrThrow, denseArrayOrThrow, isArrayArg } from "../core/convert.ts";
import { readUserData } from "../core/tree.ts";
import { isRecordArg } from "./fftCore.ts";

/** numpy's `optimize` argument. */
export type EinsumOptimize = boolean | "greedy" | "optimal" | readonly ["einsum_path", ...(readonly number[])[]];

/** A path as numpy returns it. */
export type EinsumPathList = ["einsum_path", ...number[][]];

/** Options of einsum and einsumPath. */
export interface EinsumOptions {
  readonly optimize?: EinsumOptimize;
}

// label sets as sorted strings (a frozenset that can key a Map)

const setOf = (labels: Iterable<string>): string => [...new Set(labels)].sort().join("");
const union = (a: string, b: string): string => setOf(a + b);
const inter = (a: string, b: string): string => [...a].filter((c) => b.includes(c)).join("");
const minus = (a: string, b: string): string => [...a].filter((c) => !b.includes(c)).join("");

function sizeOf(labels: string, sizes: ReadonlyMap<string, number>): number {
  let n = 1;
  for (const c of labels) n *= sizes.get(c)!;
  return n;
}

/** numpy's and opt_einsum's flop count: size of the labels involved × max(1, terms - 1), plus one more for an inner product. */
export function flopCount(labels: string, inner: boolean, terms: number, sizes: ReadonlyMap<string, number>): number {
  return sizeOf(labels, sizes) * (Math.max(1, terms - 1) + (inner ? 1 : 0));
}

/** A min-heap under `less`. */
class Heap<T> {
  private readonly items: T[] = [];
  constructor(private readonly less: (a: T, b: T) => boolean) {}
  get size(): number {
    return this.items.length;
  }
  push(x: T): void {
    const a = this.items;
    a.push(x);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!this.less(a[i], a[p])) break;
      [a[i], a[p]] = [a[p], a[i]];
      i = p;
    }
  }
  pop(): T {
    const a = this.items;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l], a[m])) m = l;
        if (r < a.length && this.less(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}

/** Static-single-assignment ids (every result a new id) to numpy's positions in the shrinking list, each step in increasing order (as opt_einsum 3.4). */
function ssaToLinear(ssa: readonly (readonly number[])[]): number[][] {
  const ids = Array.from({ length: 1 + Math.max(...ssa.flat()) }, (_, i) => i);
  return ssa.map((step) => {
    const linear = step.map((id) => ids[id]).sort((a, b) => a - b);
    for (const id of step) for (let k = id; k < ids.length; k++) ids[k] -= 1;
    return linear;
  });
}

interface Candidate {
  readonly cost: readonly [number, number, number];
  readonly k1: string;
  readonly k2: string;
  readonly k12: string;
}

const lessCost = (a: Candidate, b: Candidate) => a.cost[0] !== b.cost[0] ? a.cost[0] < b.cost[0] : a.cost[1] !== b.cost[1] ? a.cost[1] < b.cost[1] : a.cost[2] < b.cost[2];

/** opt_einsum's greedy path (its `ssa_greedy_optimize` with the memory-removed cost), as positions. */
export function greedyPath(inputs: readonly string[], outputLabels: string, sizes: ReadonlyMap<string, number>): number[][] {
  if (inputs.length === 1) return [[0]];
  // a label of every operand can only be summed at the end: treat it as an output label
  const output = union(outputLabels, inputs.map(setOf).reduce(inter));
  const remaining = new Map<string, number>();
  const ssa: number[][] = [];
  let nextId = inputs.length;
  inputs.forEach((labels, id) => {
    const key = setOf(labels);
    if (remaining.has(key)) {
      // equal label sets: their elementwise (Hadamard) product first
      ssa.push([remaining.get(key)!, id]);
      remaining.set(key, nextId++);
    } else remaining.set(key, id);
  });
  const dimToKeys = new Map<string, Set<string>>();
  const keysOf = (dim: string) => dimToKeys.get(dim) ?? dimToKeys.set(dim, new Set()).get(dim)!;
  for (const key of remaining.keys()) for (const dim of minus(key, output)) keysOf(dim).add(key);
  const refs2 = new Set<string>();
  const refs3 = new Set<string>();
  const updateRefs = (dims: string) => {
    for (const dim of dims) {
      const count = keysOf(dim).size;
      if (count >= 2) refs2.add(dim);
      else refs2.delete(dim);
      if (count >= 3) refs3.add(dim);
      else refs3.delete(dim);
    }
  };
  updateRefs(minus([...dimToKeys.keys()].join(""), output));
  const footprints = new Map([...remaining.keys()].map((k) => [k, sizeOf(k, sizes)]));
  const candidate = (k1: string, k2: string): Candidate => {
    const either = union(k1, k2);
    const two = inter(k1, k2);
    const one = minus(either, two);
    const k12 = setOf(inter(either, output) + [...two].filter((c) => refs3.has(c)).join("") + [...one].filter((c) => refs2.has(c)).join(""));
    const cost = sizeOf(k12, sizes) - footprints.get(k1)! - footprints.get(k2)!;
    let [a, b] = [k1, k2];
    let [id1, id2] = [remaining.get(k1)!, remaining.get(k2)!];
    if (id1 > id2) [a, b, id1, id2] = [b, a, id2, id1];
    return { cost: [cost, id2, id1], k1: a, k2: b, k12 };
  };
  const queue = new Heap<Candidate>(lessCost);
  const pushBest = (k1: string, k2s: Iterable<string>) => {
    let best: Candidate | null = null;
    for (const k2 of k2s) {
      const c = candidate(k1, k2);
      if (best === null || lessCost(c, best)) best = c;
    }
    if (best !== null) queue.push(best);
  };
  for (const keys of dimToKeys.values()) {
    const sorted = [...keys].sort((a, b) => remaining.get(a)! - remaining.get(b)!);
    for (let i = 0; i < sorted.length - 1; i++) pushBest(sorted[i], sorted.slice(i + 1));
  }
  // contract the pair that removes the most memory, while pairs share a summed label
  while (queue.size > 0) {
    const { k1, k2, k12 } = queue.pop();
    if (!remaining.has(k1) || !remaining.has(k2)) continue; // obsolete
    const id1 = remaining.get(k1)!;
    const id2 = remaining.get(k2)!;
    remaining.delete(k1);
    remaining.delete(k2);
    for (const dim of minus(k1, output)) keysOf(dim).delete(k1);
    for (const dim of minus(k2, output)) keysOf(dim).delete(k2);
    ssa.push([id1, id2]);
    if (remaining.has(k12)) ssa.push([remaining.get(k12)!, nextId++]);
    else for (const dim of minus(k12, output)) keysOf(dim).add(k12);
    remaining.set(k12, nextId++);
    updateRefs(union(k1, minus(k2, output)));
    footprints.set(k12, sizeOf(k12, sizes));
    const partners = new Set<string>();
    for (const dim of k12) for (const k of keysOf(dim)) if (k !== k12) partners.add(k);
    pushBest(k12, partners);
  }
  // then outer products, smallest first
  type Entry = readonly [number, number, string];
  const outer = new Heap<Entry>((a, b) => (a[0] !== b[0] ? a[0] < b[0] : a[1] < b[1]));
  for (const [key, id] of remaining) outer.push([sizeOf(inter(key, output), sizes), id, key]);
  let [, id1, k1] = outer.pop();
  while (outer.size > 0) {
    const [, id2, k2] = outer.pop();
    ssa.push([Math.min(id1, id2), Math.max(id1, id2)]);
    const k12 = inter(union(k1, k2), output);
    outer.push([sizeOf(k12, sizes), nextId++, k12]);
    [, id1, k1] = outer.pop();
  }
  return ssaToLinear(ssa);
}

/** The labels a contraction of `positions` keeps (needed by the output or another operand) and those it sums away. */
function contraction(positions: readonly number[], sets: readonly string[], output: string): { kept: string; removed: string; involved: string; rest: string[] } {
  let involved = "";
  let needed = output;
  const rest: string[] = [];
  sets.forEach((s, i) => {
    if (positions.includes(i)) involved = union(involved, s);
    else {
      rest.push(s);
      needed = union(needed, s);
    }
  });
  const kept = inter(involved, needed);
  return { kept, removed: minus(involved, kept), involved, rest };
}

/** Every order of pairwise contractions, pruned by the best flop count so far (opt_einsum's `optimal`). */
export function optimalPath(op: string, inputs: readonly string[], output: string, sizes: ReadonlyMap<string, number>): number[][] {
  if (inputs.length > 8) throw new ArgumentError(`${op}: optimize "optimal" searches every order and is limited to 8 operands (got ${inputs.length}); use "greedy".`);
  let best = Infinity;
  let bestPath: number[][] = [inputs.map((_, i) => i)];
  const search = (sets: string[], path: number[][], flops: number) => {
    if (sets.length === 1) {
      best = flops;
      bestPath = path;
      return;
    }
    for (let i = 0; i < sets.length; i++) {
      for (let j = i + 1; j < sets.length; j++) {
        const c = contraction([i, j], sets, output);
        const total = flops + flopCount(c.involved, c.removed.length > 0, 2, sizes);
        if (total >= best) continue;
        search([...c.rest, c.kept], [...path, [i, j]], total);
      }
    }
  };
  search(inputs.map(setOf), [], 0);
  return bestPath;
}

/** The path `optimize` asks for (numpy: one step when there are at most two operands or nothing is summed). */
export function pathFor(op: string, spec: EinsumSpec, optimize: unknown): number[][] {
  const n = spec.inputs.length;
  if (isArrayArg(op, optimize)) {
    optimize = denseArrayOrThrow(op, "the path", optimize);
    if ((optimize as unknown[])[0] !== "einsum_path") throw new ArgumentError(`${op}: an explicit path must start with "einsum_path", got ${showValue(optimize)}.`);
    let count = n;
    const steps = (optimize as unknown[]).slice(1).map((raw) => {
      const step = isArrayArg(op, raw) ? denseArrayOrThrow(op, "a path step", raw) : raw;
      const ok = Array.isArray(step) && step.length > 0 && step.every((i) => Number.isInteger(i) && i >= 0 && i < count) && new Set(step).size === step.length;
      if (!ok) throw new ArgumentError(`${op}: path step ${showValue(step)} must list distinct positions below ${count} (the operands left at that step).`);
      count -= step.length - 1;
      return [...(step as number[])];
    });
    if (count !== 1) throw new ArgumentError(`${op}: invalid einsum_path: ${count - 1} more operand(s) have to be contracted.`);
    return steps;
  }
  if (optimize !== undefined && optimize !== true && optimize !== false && optimize !== "greedy" && optimize !== "optimal") {
    throw new ArgumentError(`${op}: optimize must be true, false, "greedy", "optimal" or ["einsum_path", ...steps], got ${showValue(optimize)}.`);
  }
  const everything = setOf(spec.inputs.join(""));
  if (optimize === false || n <= 2 || everything === setOf(spec.output)) return [spec.inputs.map((_, i) => i)];
  return optimize === "optimal" ? optimalPath(op, spec.inputs, spec.output, spec.sizes) : greedyPath(spec.inputs, spec.output, spec.sizes);
}

/** Splits a trailing options object off einsum's variadic arguments. */
export function splitOptions(op: string, args: readonly unknown[]): { rest: unknown[]; options: EinsumOptions } {
  const last = args[args.length - 1];
  const isOptions = args.length > 1 && isRecordArg(op, last) && readUserData(op, "the options", () => Object.getPrototypeOf(last) === Object.prototype);
  if (!isOptions) return { rest: [...args], options: {} };
  return { rest: args.slice(0, -1), options: optionsOrThrow<EinsumOptions>(op, last, ["optimize"]) };
}

const sci = (x: number): string => {
  const [mantissa, exponent] = x.toExponential(3).split("e");
  const e = Number(exponent);
  return `${mantissa}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
};

/**
 * The contraction path einsum would take, and a printable report in numpy's
 * format (flop counts, scaling, the largest intermediate, each step).
 * `optimize` defaults to "greedy" (numpy's default for einsum_path).
 *
 * @example
 * const [path, report] = np.einsumPath("ij,jk,kl->il", np.ones([2, 2]), np.ones([2, 5]), np.ones([5, 2]));
 * path; // ["einsum_path", [1, 2], [0, 1]]
 * console.log(report); // "  Complete contraction:  ij,jk,kl->il\n         Naive scaling:  4\n ..."
 */
export function einsumPath(...args: (string | ArrayLike | readonly unknown[] | EinsumOptions)[]): [EinsumPathList, string] {
  const op = "einsumPath";
  const { rest, options } = splitOptions(op, args);
  const { subscripts, operands } = splitArguments(op, rest);
  const spec = parseEinsum(op, subscripts, operands);
  const path = pathFor(op, spec, options.optimize ?? "greedy");
  const { sizes, output } = spec;
  let sets = spec.inputs.map(setOf);
  const terms = [...spec.inputs];
  const rows: { scale: number; current: string; remaining: string }[] = [];
  let optimized = 0;
  let largest = 0;
  path.forEach((step, k) => {
    const positions = [...step].sort((a, b) => b - a);
    const c = contraction(positions, sets, setOf(output));
    optimized += flopCount(c.involved, c.removed.length > 0, positions.length, sizes);
    largest = Math.max(largest, sizeOf(c.kept, sizes));
    const taken = positions.map((p) => terms.splice(p, 1)[0]);
    // intermediates list their labels by size, then name (numpy's order); the last is the output
    const result = k === path.length - 1 ? output : [...c.kept].sort((a, b) => sizes.get(a)! - sizes.get(b)! || (a < b ? -1 : 1)).join("");
    terms.push(result);
    sets = [...c.rest, c.kept];
    rows.push({ scale: c.involved.length, current: `${taken.join(",")}->${result}`, remaining: `${terms.join(",")}->${output}` });
  });
  const all = setOf(spec.inputs.join(""));
  const inner = spec.inputs.reduce((s, t) => s + setOf(t).length, 0) - all.length > 0;
  const naive = flopCount(all, inner, spec.inputs.length, sizes);
  const total = optimized + 1;
  const lines = [
    `  Complete contraction:  ${spec.inputs.join(",")}->${output}`,
    `         Naive scaling:  ${all.length}`,
    `     Optimized scaling:  ${Math.max(...rows.map((r) => r.scale))}`,
    `      Naive FLOP count:  ${sci(naive)}`,
    `  Optimized FLOP count:  ${sci(total)}`,
    `   Theoretical speedup:  ${(naive / total).toFixed(3)}`,
    `  Largest intermediate:  ${sci(largest)} elements`,
    "-".repeat(74),
    `${"scaling".padStart(6)} ${"current".padStart(24)} ${"remaining".padStart(40)}`,
    "-".repeat(74),
    ...rows.map((r) => `${String(r.scale).padStart(4)}    ${r.current.padStart(24)} ${r.remaining.padStart(40)}`),
  ];
  return [["einsum_path", ...path], lines.join("\n")];
}
