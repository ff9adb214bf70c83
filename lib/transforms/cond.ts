/**
 * `cond`: a primitive holding both branches as jaxprs, so jit, vmap and the
 * derivative transforms see the whole program. Its jvp is the cond of the
 * branches' jvps; under partial evaluation a concrete predicate inlines the
 * branch taken, and a traced one splits both branches into a cond of their
 * known parts (run now, giving residuals) and a cond of their unknown parts
 * (staged), as JAX does; the transpose of that linear cond is the cond of
 * the transposed branches. A batched predicate runs both branches and
 * selects elementwise.
 *
 * @example
 * lax.cond(np.greater(x, 0), (v) => np.sin(v), (v) => np.cos(v), x)
 */
import { ShapeError, TracegradError } from "../core/errors.ts";
import { isLinear, type HigherOrderPrimitive, type PartialEvaluator } from "../core/primitive.ts";
import * as ops from "../core/ops.ts";
import { isFloat } from "../array/dtype.ts";
import { functionOrThrow } from "../core/convert.ts";
import { dataOf, type ArrayLike, type Aval, type ConcreteTensor, type Tensor } from "../core/tensor.ts";
import { formatTreeDef, treeDefsEqual, unflatten, type TreeDef } from "../core/tree.ts";
import { flattenArgList, merge, partition, splitAt, splitList } from "../core/args.ts";
import { ClosedJaxpr, Jaxpr, Var } from "../ir/jaxpr.ts";
import { formatAval } from "../ir/print.ts";
import { partialEvalJaxpr } from "./partial.ts";
import {
  backwardJaxpr,
  batchedToFront,
  batchJaxpr,
  bindTyped,
  jvpJaxpr,
  runJaxpr,
  stageFlat,
  stageTree,
  type StagedFunction,
} from "./stage.ts";
import { moveAxis } from "../core/primitives/batching.ts";
import { concreteOrNull, predicate, sameAvals } from "./control.ts";
import type { AnyFunction, InputsOf, OutputOf } from "../core/treeTypes.ts";

/** The params of `cond`: `[falseBranch, trueBranch]`, each taking the operands (the inputs after the predicate). */
export type CondParams = {
  readonly branches: readonly ClosedJaxpr[];
};

/** Evaluates both branches and selects elementwise (for batched predicates). */
function selectBranches(pred: Tensor, falseOuts: readonly Tensor[], trueOuts: readonly Tensor[], predAxis: number | null): Tensor[] {
  return trueOuts.map((t, i) => {
    const p = predAxis === null ? pred : ops.broadcastInDim(pred, t.shape, [predAxis]);
    return ops.select(p, t, falseOuts[i]);
  });
}

/** Element-wise "or" of flag lists. */
function anyOf(lists: readonly (readonly boolean[])[]): boolean[] {
  return lists[0].map((_, i) => lists.some((l) => l[i]));
}

/** The `cond` primitive: inputs `[pred, ...operands]`. */
export const condPrimitive: HigherOrderPrimitive<CondParams> = {
  name: "cond",
  abstractEval: (_args, { branches }) => branches[0].outAvals,
  impl: ([pred, ...rest], { branches }) => runJaxpr(branches[dataOf(pred)[0] ? 1 : 0], rest) as ConcreteTensor[],
  // d cond(p, f, g)(x) = cond(p, jvp f, jvp g)(x, dx), with tangents only where some branch has one
  jvp([pred, ...rest], [, ...tangents], { branches }) {
    const nonzeros = tangents.map((t, i) => t !== null && isFloat(rest[i].dtype));
    const outNonzeros = anyOf(branches.map((b) => jvpJaxpr(b, nonzeros, false).outNonzeros));
    const jvpBranches = branches.map((b) => jvpJaxpr(b, nonzeros, outNonzeros).jaxpr);
    const outs = bindTyped(condPrimitive, [pred, ...rest, ...partition(nonzeros, tangents)[1].map((t) => t!)], { branches: jvpBranches });
    const [primalsOut, tangentsOut] = splitAt(outs, branches[0].outAvals.length);
    return [primalsOut, merge<Tensor | null>(outNonzeros, primalsOut.map(() => null), tangentsOut)];
  },
  // the cond of the transposed branches; the predicate and the known operands are residuals
  transpose(cotangents, [pred, ...rest], { branches }) {
    if (isLinear(pred)) throw new TracegradError("cond: transpose with a linear predicate; this is a tracegrad bug.");
    const linear = rest.map(isLinear);
    const known = partition(linear, rest)[0] as Tensor[];
    const outAvals = branches[0].outAvals;
    const transposed = branches.map((b) =>
      stageFlat((ins) => {
        const [k, cts] = splitAt(ins, known.length);
        return backwardJaxpr(b, linear, k, cts);
      }, [...known, ...outAvals], "cond"),
    );
    const linearCts = bindTyped(condPrimitive, [pred, ...known, ...ops.orZeros(cotangents, outAvals)], { branches: transposed });
    return [null, ...merge<Tensor | null>(linear, known.map(() => null), linearCts)];
  },
  batch(axisSize, [pred, ...rest], [predDim, ...dims], { branches }) {
    const [values, frontDims] = batchedToFront(rest, dims);
    const batched = branches.map((b) => batchJaxpr(b, axisSize, frontDims, true).jaxpr);
    if (predDim === null) return [bindTyped(condPrimitive, [pred, ...values], { branches: batched }), batched[0].outAvals.map(() => 0)];
    // a batched predicate: every element may take a different branch
    const [falseOuts, trueOuts] = batched.map((b) => runJaxpr(b, values));
    return [selectBranches(moveAxis(pred, predDim, 0), falseOuts, trueOuts, 0), trueOuts.map(() => 0)];
  },
  partialEval: condPartialEval,
};

/**
 * A concrete predicate runs the branch taken, equation by equation; a known
 * but traced one (under jit, inside a scan body, under vmap) splits the
 * branches: the known cond gives the known outputs and every branch's
 * residuals (zeros for the branch not taken), the staged cond takes the
 * residuals and the unknown operands. An unknown predicate stages the call.
 */
function condPartialEval(pe: PartialEvaluator, [pred, ...rest]: readonly Tensor[], params: CondParams): Tensor[] {
  const { branches } = params;
  const knownPred = pe.knownValue(pred);
  if (knownPred === null) return pe.stage(condPrimitive, [pred, ...rest], params);
  const taken = concreteOrNull(knownPred);
  if (taken !== null) return runJaxpr(branches[dataOf(taken)[0] ? 1 : 0], rest);
  const values = rest.map((x) => pe.knownValue(x));
  const unknowns = values.map((v) => v === null);
  const outUnknowns = anyOf(branches.map((b) => partialEvalJaxpr(b, unknowns, false).outUnknowns));
  const splits = branches.map((b) => partialEvalJaxpr(b, unknowns, outUnknowns));
  const numKnownOuts = outUnknowns.filter((u) => !u).length;
  const residualAvals = splits.map((s) => s.known.outAvals.slice(numKnownOuts));
  const allResiduals = residualAvals.flat();
  const [knownIns, unknownIns] = partition(unknowns, rest);
  const knownAvals = knownIns.map((x): Aval => ({ shape: x.shape, dtype: x.dtype }));
  // known branch i: its known outputs, then every branch's residuals (zeros for the others')
  const knownBranches = splits.map((s, i) =>
    stageFlat((ins) => {
      const [outs, own] = splitAt(runJaxpr(s.known, ins), numKnownOuts);
      // zeros as a broadcast literal: staged as one equation, not as a constant array
      const zeros = (a: Aval) => ops.broadcastInDim(ops.scalar(0, a.dtype), a.shape, []);
      return [...outs, ...residualAvals.flatMap((avals, j) => (j === i ? own : avals.map(zeros)))];
    }, knownAvals, "cond"),
  );
  const knownOuts =
    numKnownOuts + allResiduals.length === 0 ? [] : bindTyped(condPrimitive, [knownPred, ...values.filter((v) => v !== null)], { branches: knownBranches });
  const [outs, residuals] = splitAt(knownOuts, numKnownOuts);
  if (!outUnknowns.some((u) => u)) return outs;
  // unknown branch i: every residual, then the unknown operands; it reads its own residuals
  const unknownBranches = splits.map((s, i) =>
    stageFlat((ins) => {
      const parts = splitList(ins, residualAvals.map((r) => r.length));
      return runJaxpr(s.unknown, [...parts[i], ...parts[parts.length - 1]]);
    }, [...allResiduals, ...unknownIns], "cond"),
  );
  const staged = pe.stage(condPrimitive, [knownPred, ...residuals, ...unknownIns], { branches: unknownBranches });
  return merge(outUnknowns, outs, staged);
}

/** Pads a const-free branch's inputs so both branches take `[...trueConsts, ...falseConsts, ...operands]`. */
function widen(jaxpr: ClosedJaxpr, before: readonly Aval[], own: number, after: readonly Aval[]): ClosedJaxpr {
  const { invars, eqns, outs } = jaxpr.jaxpr;
  const fresh = (avals: readonly Aval[]) => avals.map((a) => new Var(a));
  return new ClosedJaxpr(
    new Jaxpr([], [...fresh(before), ...invars.slice(0, own), ...fresh(after), ...invars.slice(own)], eqns, outs),
    [],
  );
}

/**
 * `pred ? trueFn(...operands) : falseFn(...operands)`, staged so that
 * transforms see both branches (which must return the same structure,
 * shapes and dtypes); the result has `trueFn`'s type.
 *
 * @example
 * import { lax, np, type Tensor } from "tracegrad";
 * const relu = (x: Tensor) => lax.cond(np.greater(x, 0), (v: Tensor) => v, (v: Tensor) => np.multiply(v, 0), x);
 */
export function cond<T extends AnyFunction>(pred: ArrayLike, trueFn: T, falseFn: AnyFunction, ...operands: InputsOf<T>): OutputOf<T>;
export function cond(pred: ArrayLike, trueFn: (...args: any[]) => unknown, falseFn: (...args: any[]) => unknown, ...operands: unknown[]): any {
  functionOrThrow("cond", trueFn);
  functionOrThrow("cond", falseFn);
  const p = predicate("cond", pred);
  const [leaves, inDef] = flattenArgList("cond", operands, "operand", false);
  const stageBranch = (fn: (...args: any[]) => unknown): [StagedFunction, TreeDef] => {
    const { staged, outDef } = stageTree("cond", fn, leaves, inDef);
    return [staged, outDef];
  };
  const [onTrue, trueDef] = stageBranch(trueFn);
  const [onFalse, falseDef] = stageBranch(falseFn);
  if (!treeDefsEqual(trueDef, falseDef) || !sameAvals(onTrue.jaxpr.outAvals, onFalse.jaxpr.outAvals)) {
    throw new ShapeError(
      `cond: the branches must return the same structure, shapes and dtypes; trueFn gives ${formatTreeDef(trueDef)} ` +
        `(${onTrue.jaxpr.outAvals.map(formatAval).join(", ")}), falseFn gives ${formatTreeDef(falseDef)} ` +
        `(${onFalse.jaxpr.outAvals.map(formatAval).join(", ")}). Make them match: broadcast (np.broadcastTo) or reduce the ` +
        `one that differs, convert dtypes with astype, and return np.zerosLike(...) where a branch has no value of its own.`,
    );
  }
  const trueConsts = onTrue.consts;
  const falseConsts = onFalse.consts;
  const branches = [
    widen(onFalse.jaxpr, trueConsts, falseConsts.length, []),
    widen(onTrue.jaxpr, [], trueConsts.length, falseConsts),
  ];
  const outs = bindTyped(condPrimitive, [p, ...trueConsts, ...falseConsts, ...leaves], { branches });
  return unflatten(trueDef, outs);
}
