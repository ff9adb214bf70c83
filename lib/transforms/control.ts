/**
 * Structured control flow: `cond`, `whileLoop` and `foriLoop` as primitives
 * holding sub-jaxprs, so jit, vmap and the derivative transforms see the
 * whole program. As in JAX: `cond` differentiates both ways; `whileLoop` is
 * forward-mode only; `foriLoop` with concrete bounds is a `scan` and so
 * differentiates both ways.
 *
 * @example
 * lax.cond(np.greater(x, 0), (v) => np.sin(v), (v) => np.cos(v), x)
 * lax.foriLoop(0, 10, (i, v) => np.multiply(v, 2), 1.0) // 1024
 */
import { ArgumentError, ShapeError, TracegradError } from "../core/errors.ts";
import type { AnyPrimitive } from "../core/primitive.ts";
import { bind } from "../core/trace.ts";
import * as ops from "../core/ops.ts";
import { functionOrThrow, toTensor, userOutputOrThrow } from "../core/convert.ts";
import { ConcreteTensor, type ArrayLike, type Aval, type Tensor } from "../core/tensor.ts";
import { formatTreeDef, treeDefsEqual, unflatten, type TreeDef } from "../core/tree.ts";
import { ClosedJaxpr, Jaxpr, Var } from "../ir/jaxpr.ts";
import { formatAval } from "../ir/print.ts";
import { flattenArgList, flattenArgs } from "./autodiff.ts";
import { jvpFlat } from "./jvp.ts";
import { batchedToFront, batchJaxpr, runJaxpr, stageFlat, stageUser, jvpJaxpr, stageTree, type StagedFunction } from "./stage.ts";
import { moveAxis, batchFirst, type BatchDim } from "../core/primitives/batching.ts";
import { scan } from "./scan.ts";

// utils

/** The concrete value of `x` if it has one now (a constant, or known under linearize), else null. */
export function concreteOrNull(x: Tensor): ConcreteTensor | null {
  try {
    return x.toConcrete("control flow");
  } catch {
    return null;
  }
}

function sameAvals(a: readonly Aval[], b: readonly Aval[]): boolean {
  return a.length === b.length && a.every((x, i) => x.dtype === b[i].dtype && formatAval(x) === formatAval(b[i]));
}

/** A scalar predicate as a bool tensor. */
function predicate(op: string, pred: ArrayLike): Tensor {
  const p = toTensor(pred, op);
  if (p.shape.length !== 0) {
    throw new ShapeError(`${op}: the predicate must be a scalar, got ${formatAval(p)}; reduce it (np.all/np.any-like) or use np.where for elementwise choice.`);
  }
  return p.dtype === "bool" ? p : ops.ne(p, ops.scalar(0, p.dtype));
}


// cond

interface CondParams {
  /** `[falseBranch, trueBranch]`, each taking the same inputs. */
  readonly branches: readonly ClosedJaxpr[];
}

/** Evaluates both branches and selects elementwise (for batched or unknown predicates). */
function selectBranches(pred: Tensor, falseOuts: readonly Tensor[], trueOuts: readonly Tensor[], predAxis: number | null): Tensor[] {
  return trueOuts.map((t, i) => {
    const p = predAxis === null ? pred : ops.broadcastInDim(pred, t.shape, [predAxis]);
    return ops.select(p, t, falseOuts[i]);
  });
}

/** The `cond` primitive: inputs `[pred, ...operands]`. */
export const condPrimitive: AnyPrimitive = {
  name: "cond",
  abstractEval: (_args, { branches }: CondParams) => branches[0].outAvals,
  impl: ([pred, ...rest], { branches }: CondParams) => runJaxpr(branches[pred.data[0] ? 1 : 0], rest) as ConcreteTensor[],
  // d cond(p, f, g)(x) = cond(p, jvp f, jvp g)(x, dx)
  jvp([pred, ...rest], [, ...tangents], { branches }: CondParams) {
    const outs = bind(condPrimitive, [pred, ...rest, ...ops.orZeros(tangents, rest)], { branches: branches.map(jvpJaxpr) });
    const n = outs.length / 2;
    return [outs.slice(0, n), outs.slice(n)];
  },
  transpose: null,
  batch(axisSize, [pred, ...rest], [predDim, ...dims], { branches }: CondParams) {
    const [values, frontDims] = batchedToFront(rest, dims);
    const batched = branches.map((b) => batchJaxpr(b, axisSize, frontDims, true).jaxpr);
    if (predDim === null) return [bind(condPrimitive, [pred, ...values], { branches: batched }), batched[0].outAvals.map(() => 0)];
    // a batched predicate: every element may take a different branch
    const [falseOuts, trueOuts] = batched.map((b) => runJaxpr(b, values));
    return [selectBranches(moveAxis(pred, predDim, 0), falseOuts, trueOuts, 0), trueOuts.map(() => 0)];
  },
  inline([pred, ...rest], { branches }: CondParams) {
    const known = concreteOrNull(pred);
    if (known !== null) return runJaxpr(branches[known.data[0] ? 1 : 0], rest);
    const [falseOuts, trueOuts] = branches.map((b) => runJaxpr(b, rest));
    return selectBranches(pred, falseOuts, trueOuts, null);
  },
};

/** Pads a const-free branch's inputs so both branches take `[...trueConsts, ...falseConsts, ...operands]`. */
function widen(jaxpr: ClosedJaxpr, before: readonly Aval[], own: number, after: readonly Aval[]): ClosedJaxpr {
  const { invars, eqns, outs } = jaxpr.jaxpr;
  const fresh = (avals: readonly Aval[]) => avals.map((a) => new Var(a));
  return new ClosedJaxpr(
    new Jaxpr([], [...fresh(before), ...invars.slice(0, own), ...fresh(after), ...invars.slice(own)], eqns, outs),
    [],
  );
}

/** `pred ? trueFn(...operands) : falseFn(...operands)`, staged so that transforms see both branches. */
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
        `(${onFalse.jaxpr.outAvals.map(formatAval).join(", ")}).`,
    );
  }
  const trueConsts = onTrue.consts;
  const falseConsts = onFalse.consts;
  const branches = [
    widen(onFalse.jaxpr, trueConsts, falseConsts.length, []),
    widen(onTrue.jaxpr, [], trueConsts.length, falseConsts),
  ];
  const outs = bind(condPrimitive, [p, ...trueConsts, ...falseConsts, ...leaves], { branches });
  return unflatten(trueDef, outs);
}

// while

interface WhileParams {
  readonly cond: ClosedJaxpr;
  readonly body: ClosedJaxpr;
  /** Leading inputs that are the cond's constants, then the body's. */
  readonly condConsts: number;
  readonly bodyConsts: number;
}

function runWhile(args: readonly Tensor[], { cond: condJ, body, condConsts, bodyConsts }: WhileParams): Tensor[] {
  const cc = args.slice(0, condConsts);
  const bc = args.slice(condConsts, condConsts + bodyConsts);
  let carry = args.slice(condConsts + bodyConsts);
  while (runJaxpr(condJ, [...cc, ...carry])[0].toConcrete("whileLoop").data[0]) carry = runJaxpr(body, [...bc, ...carry]);
  return carry;
}

/** The `while` primitive: inputs `[...condConsts, ...bodyConsts, ...carry]`. */
export const whilePrimitive: AnyPrimitive = {
  name: "while",
  abstractEval: (args, p: WhileParams) => args.slice(p.condConsts + p.bodyConsts),
  impl: (args, p: WhileParams) => runWhile(args, p) as ConcreteTensor[],
  // carry the tangents along: the body becomes its jvp, the cond reads the primal part
  jvp(primals, tangents, p: WhileParams) {
    const { condConsts: ncc, bodyConsts: nbc } = p;
    const cc = primals.slice(0, ncc);
    const bc = primals.slice(ncc, ncc + nbc);
    const carry = primals.slice(ncc + nbc);
    const bcT = ops.orZeros(tangents.slice(ncc, ncc + nbc), bc);
    const carryT = ops.orZeros(tangents.slice(ncc + nbc), carry);
    const nCarry = carry.length;
    const condJ = stageFlat((xs) => runJaxpr(p.cond, xs.slice(0, ncc + nCarry)), [...cc, ...carry, ...carry], "while");
    const bodyJ = stageFlat(
      (xs) => {
        const [c, cT, x, xT] = [xs.slice(0, nbc), xs.slice(nbc, 2 * nbc), xs.slice(2 * nbc, 2 * nbc + nCarry), xs.slice(2 * nbc + nCarry)];
        const [outs, outTs] = jvpFlat((ins) => runJaxpr(p.body, ins), [...c, ...x], [...cT, ...xT]);
        return [...outs, ...ops.orZeros(outTs, outs)];
      },
      [...bc, ...bc, ...carry, ...carry],
      "while",
    );
    const outs = bind(whilePrimitive, [...cc, ...bc, ...bcT, ...carry, ...carryT], {
      cond: condJ,
      body: bodyJ,
      condConsts: ncc,
      bodyConsts: 2 * nbc,
    });
    return [outs.slice(0, nCarry), outs.slice(nCarry)];
  },
  transpose: null,
  batch(axisSize, args, dims, p: WhileParams) {
    const { condConsts: ncc, bodyConsts: nbc } = p;
    const [values, frontDims] = batchedToFront(args, dims);
    const cc = values.slice(0, ncc);
    const bc = values.slice(ncc, ncc + nbc);
    // every carry is batched: the loop may run a different number of times per element
    const carry = values.slice(ncc + nbc).map((x, i) => batchFirst(x, frontDims[ncc + nbc + i], axisSize));
    const ccDims = frontDims.slice(0, ncc);
    const bcDims = frontDims.slice(ncc, ncc + nbc);
    const carryDims = carry.map(() => 0 as BatchDim);
    const condB = batchJaxpr(p.cond, axisSize, [...ccDims, ...carryDims]);
    const bodyB = batchJaxpr(p.body, axisSize, [...bcDims, ...carryDims], true).jaxpr;
    if (condB.outDims[0] === null) {
      const outs = bind(whilePrimitive, [...cc, ...bc, ...carry], { cond: condB.jaxpr, body: bodyB, condConsts: ncc, bodyConsts: nbc });
      return [outs, outs.map(() => 0)];
    }
    // a batched predicate: loop while any element runs, freezing the finished ones
    const nCarry = carry.length;
    const avals = [...cc, ...bc, ...carry];
    const anyCond = stageFlat((xs) => {
      const running = runJaxpr(condB.jaxpr, [...xs.slice(0, ncc), ...xs.slice(ncc + nbc)])[0];
      return [ops.gt(ops.reduceMax(ops.convert(running, "int32"), [0]), ops.scalar(0, "int32"))];
    }, avals, "while");
    const maskedBody = stageFlat((xs) => {
      const [c1, c2, x] = [xs.slice(0, ncc), xs.slice(ncc, ncc + nbc), xs.slice(ncc + nbc)];
      const running = runJaxpr(condB.jaxpr, [...c1, ...x])[0];
      const next = runJaxpr(bodyB, [...c2, ...x]);
      return next.map((n, i) => ops.select(ops.broadcastInDim(running, n.shape, [0]), n, x[i]));
    }, avals, "while");
    const outs = bind(whilePrimitive, [...cc, ...bc, ...cc, ...bc, ...carry], {
      cond: anyCond,
      body: maskedBody,
      condConsts: ncc + nbc,
      bodyConsts: ncc + nbc,
    });
    return [outs.slice(0, nCarry), outs.map(() => 0).slice(0, nCarry)];
  },
  inline() {
    throw new TracegradError(
      "whileLoop: reverse-mode differentiation (grad/vjp/jacrev) of a while loop is not supported, as in JAX: " +
        "its trip count is unknown. Use lax.foriLoop with concrete bounds or lax.scan, or forward mode (jvp/jacfwd).",
    );
  },
};

/** Repeats `bodyFn` while `condFn(carry)` is true; forward-mode differentiable. */
export function whileLoop<T>(condFn: (carry: T) => unknown, bodyFn: (carry: T) => T, init: T): T {
  functionOrThrow("whileLoop", condFn);
  functionOrThrow("whileLoop", bodyFn);
  const [leaves, def] = flattenArgs("whileLoop", init, "init", false);
  const condStaged = stageUser(
    (xs) => [predicate("whileLoop condFn", userOutputOrThrow("whileLoop", condFn(unflatten<T>(def, xs))) as ArrayLike)],
    leaves,
    "whileLoop",
  );
  const bodyStaged = stageUser(
    (xs) => {
      const [outs, outDef] = flattenArgs("whileLoop", userOutputOrThrow("whileLoop", bodyFn(unflatten<T>(def, xs))), "bodyFn output", false);
      if (!treeDefsEqual(outDef, def) || !sameAvals(outs, leaves)) {
        throw new ShapeError(
          `whileLoop: bodyFn must return the carry's structure, shapes and dtypes: init is ${formatTreeDef(def)} ` +
            `(${leaves.map(formatAval).join(", ")}), bodyFn gives ${formatTreeDef(outDef)} (${outs.map(formatAval).join(", ")}).`,
        );
      }
      return outs;
    },
    leaves,
    "whileLoop",
  );
  const outs = bind(whilePrimitive, [...condStaged.consts, ...bodyStaged.consts, ...leaves], {
    cond: condStaged.jaxpr,
    body: bodyStaged.jaxpr,
    condConsts: condStaged.consts.length,
    bodyConsts: bodyStaged.consts.length,
  });
  return unflatten<T>(def, outs);
}

/** `for (i = lower; i < upper; i++) val = bodyFn(i, val)`: a scan when the bounds are concrete, else a while loop. */
export function foriLoop<T>(lower: ArrayLike, upper: ArrayLike, bodyFn: (i: Tensor, val: T) => T, init: T): T {
  functionOrThrow("foriLoop", bodyFn);
  const bound = (b: ArrayLike) => {
    const t = toTensor(b, "foriLoop");
    if (t.shape.length !== 0) throw new ShapeError(`foriLoop: the bounds must be scalars, got ${formatAval(t)}.`);
    return t;
  };
  const lo = concreteOrNull(bound(lower));
  const hi = concreteOrNull(bound(upper));
  if (lo !== null && hi !== null) {
    const [start, stop] = [lo.data[0], hi.data[0]];
    if (!Number.isInteger(start) || !Number.isInteger(stop)) throw new ArgumentError(`foriLoop: bounds ${start}, ${stop} must be integers.`);
    const step = ([i, val]: [Tensor, T]): [[Tensor, T], null] => [[ops.add(i, ops.scalar(1, "int32")), bodyFn(i, val)], null];
    const [[, out]] = scan(step, [ops.scalar(start, "int32"), init] as [Tensor, T], null, { length: Math.max(0, stop - start) });
    return out;
  }
  const [, , out] = whileLoop(
    ([i, u]: [Tensor, Tensor, T]) => ops.lt(i, u),
    ([i, u, val]: [Tensor, Tensor, T]) => [ops.add(i, ops.scalar(1, "int32")), u, bodyFn(i, val)] as [Tensor, Tensor, T],
    [ops.convert(toTensor(lower, "foriLoop"), "int32"), ops.convert(toTensor(upper, "foriLoop"), "int32"), init] as [Tensor, Tensor, T],
  );
  return out;
}
