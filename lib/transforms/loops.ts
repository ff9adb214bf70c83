/**
 * Loops: `whileLoop` as a primitive holding the cond and body jaxprs, and
 * `foriLoop`. As in JAX, `whileLoop` is forward-mode only (its trip count is
 * unknown, so reverse mode would have to store an unbounded history), and
 * `foriLoop` with concrete bounds is a `scan`, so it differentiates both
 * ways and stays a loop under `grad`; with traced bounds it is a while loop.
 *
 * @example
 * lax.foriLoop(0, 10, (i, v) => np.multiply(v, 2), 1.0) // 1024
 * lax.whileLoop((v) => np.less(v, 10), (v) => np.multiply(v, 2), 1.0) // 16
 */
import { withoutWeakTypes } from "../core/weak.ts";
import { ArgumentError, ShapeError, TracegradError } from "../core/errors.ts";
import type { HigherOrderPrimitive } from "../core/primitive.ts";
import * as ops from "../core/ops.ts";
import { functionOrThrow, toTensor, userOutputOrThrow } from "../core/convert.ts";
import type { ArrayLike, ConcreteTensor, Tensor } from "../core/tensor.ts";
import { formatTreeDef, treeDefsEqual, unflatten } from "../core/tree.ts";
import { flattenArgs, splitAt, splitList } from "../core/args.ts";
import type { ClosedJaxpr } from "../ir/jaxpr.ts";
import { formatAval } from "../ir/print.ts";
import { jvpFlat } from "./jvp.ts";
import { batchedToFront, batchJaxpr, bindTyped, runJaxpr, stageFlat, stageUser } from "./stage.ts";
import { batchFirst, type BatchDim } from "../core/primitives/batching.ts";
import { concreteOrNull, predicate, sameAvals } from "./control.ts";
import { scan } from "./scan.ts";

// while

/** The params of `while`: the predicate and the body, and how many leading inputs are the cond's constants, then the body's. */
export type WhileParams = {
  readonly cond: ClosedJaxpr;
  readonly body: ClosedJaxpr;
  readonly condConsts: number;
  readonly bodyConsts: number;
};

function runWhile(args: readonly Tensor[], { cond: condJ, body, condConsts, bodyConsts }: WhileParams): Tensor[] {
  const [cc, bc, init] = splitList(args, [condConsts, bodyConsts]);
  let carry = init;
  while (runJaxpr(condJ, [...cc, ...carry])[0].toConcrete("whileLoop").data[0]) carry = runJaxpr(body, [...bc, ...carry]);
  return carry;
}

/** The `while` primitive: inputs `[...condConsts, ...bodyConsts, ...carry]`. */
export const whilePrimitive: HigherOrderPrimitive<WhileParams> = {
  name: "while",
  abstractEval: (args, p) => args.slice(p.condConsts + p.bodyConsts),
  impl: (args, p) => runWhile(args, p) as ConcreteTensor[],
  // carry the tangents along: the body becomes its jvp, the cond reads the primal part
  jvp(primals, tangents, p) {
    const { condConsts: ncc, bodyConsts: nbc } = p;
    const [cc, bc, carry] = splitList(primals, [ncc, nbc]);
    const [, bcT0, carryT0] = splitList(tangents, [ncc, nbc]);
    const bcT = ops.orZeros(bcT0, bc);
    const carryT = ops.orZeros(carryT0, carry);
    const nCarry = carry.length;
    const condJ = stageFlat((xs) => runJaxpr(p.cond, xs.slice(0, ncc + nCarry)), [...cc, ...carry, ...carry], "while");
    const bodyJ = stageFlat(
      (xs) => {
        const [c, cT, x, xT] = splitList(xs, [nbc, nbc, nCarry]);
        const [outs, outTs] = jvpFlat((ins) => runJaxpr(p.body, ins), [...c, ...x], [...cT, ...xT]);
        return [...outs, ...ops.orZeros(outTs, outs)];
      },
      [...bc, ...bc, ...carry, ...carry],
      "while",
    );
    const outs = bindTyped(whilePrimitive, [...cc, ...bc, ...bcT, ...carry, ...carryT], {
      cond: condJ,
      body: bodyJ,
      condConsts: ncc,
      bodyConsts: 2 * nbc,
    });
    return splitAt(outs, nCarry);
  },
  transpose: null,
  batch(axisSize, args, dims, p) {
    const { condConsts: ncc, bodyConsts: nbc } = p;
    const [values, frontDims] = batchedToFront(args, dims);
    const [cc, bc, init] = splitList(values, [ncc, nbc]);
    const [ccDims, bcDims, initDims] = splitList(frontDims, [ncc, nbc]);
    // every carry is batched: the loop may run a different number of times per element
    const carry = init.map((x, i) => batchFirst(x, initDims[i], axisSize));
    const carryDims = carry.map(() => 0 as BatchDim);
    const condB = batchJaxpr(p.cond, axisSize, [...ccDims, ...carryDims]);
    const bodyB = batchJaxpr(p.body, axisSize, [...bcDims, ...carryDims], true).jaxpr;
    if (condB.outDims[0] === null) {
      const outs = bindTyped(whilePrimitive, [...cc, ...bc, ...carry], { cond: condB.jaxpr, body: bodyB, condConsts: ncc, bodyConsts: nbc });
      return [outs, outs.map(() => 0)];
    }
    // a batched predicate: loop while any element runs, freezing the finished ones
    const avals = [...cc, ...bc, ...carry];
    const anyCond = stageFlat((xs) => {
      const [c1, , x] = splitList(xs, [ncc, nbc]);
      const running = runJaxpr(condB.jaxpr, [...c1, ...x])[0];
      return [ops.gt(ops.reduceMax(ops.convert(running, "int32"), [0]), ops.scalar(0, "int32"))];
    }, avals, "while");
    const maskedBody = stageFlat((xs) => {
      const [c1, c2, x] = splitList(xs, [ncc, nbc]);
      const running = runJaxpr(condB.jaxpr, [...c1, ...x])[0];
      const next = runJaxpr(bodyB, [...c2, ...x]);
      return next.map((n, i) => ops.select(ops.broadcastInDim(running, n.shape, [0]), n, x[i]));
    }, avals, "while");
    const outs = bindTyped(whilePrimitive, [...cc, ...bc, ...cc, ...bc, ...carry], {
      cond: anyCond,
      body: maskedBody,
      condConsts: ncc + nbc,
      bodyConsts: ncc + nbc,
    });
    return [outs, outs.map(() => 0)];
  },
  partialEval: rejectReverseMode,
};

/** The partial-evaluation rule of `while`: reverse mode needs the trip count, which is not known. */
function rejectReverseMode(): never {
  throw new TracegradError(
    "whileLoop: reverse-mode differentiation (grad/vjp/jacrev) of a while loop is not supported, as in JAX: " +
      "its trip count is unknown. Use lax.foriLoop with concrete bounds or lax.scan, or forward mode (jvp/jacfwd).",
  );
}

/**
 * Repeats `bodyFn` while `condFn(carry)` is true; forward-mode differentiable.
 *
 * @example
 * lax.whileLoop((x) => np.less(x, 100), (x) => np.multiply(x, 2), np.array(1)); // array(128.)
 */
export function whileLoop<T>(condFn: (carry: T) => unknown, bodyFn: (carry: T) => T, init: T): T {
  functionOrThrow("whileLoop", condFn);
  functionOrThrow("whileLoop", bodyFn);
  const [weakLeaves, def] = flattenArgs("whileLoop", init, "init", false);
  // a JS number carry is float64 (bool for booleans), as eagerly: the body's carry out must keep that dtype
  const leaves = withoutWeakTypes(weakLeaves);
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
  const outs = bindTyped(whilePrimitive, [...condStaged.consts, ...bodyStaged.consts, ...leaves], {
    cond: condStaged.jaxpr,
    body: bodyStaged.jaxpr,
    condConsts: condStaged.consts.length,
    bodyConsts: bodyStaged.consts.length,
  });
  return unflatten<T>(def, outs);
}

/**
 * `for (i = lower; i < upper; i++) val = bodyFn(i, val)`: a scan when the bounds are concrete, else a while loop.
 *
 * @example
 * lax.foriLoop(0, 5, (i, total) => np.add(total, i), np.array(0)); // array(10.)
 */
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
