/**
 * `scan`: a loop with a carry and per-step inputs and outputs, as one
 * primitive holding the body's jaxpr. Eagerly it runs the body `length`
 * times; under `jvp` it becomes the scan of the body's jvp; under `vmap` the
 * scan of the batched body; under `linearize` (so `grad`/`vjp`) it is
 * unrolled, so reverse mode works step by step.
 *
 * @example
 * // running sum: carry c, step x -> (c + x, c + x)
 * lax.scan((c, x) => [np.add(c, x), np.add(c, x)], 0, np.arange(5))
 */
import { ShapeError, ArgumentError } from "../core/errors.ts";
import type { AnyPrimitive } from "../core/primitive.ts";
import { bind } from "../core/trace.ts";
import * as ops from "../core/ops.ts";
import type { ConcreteTensor, Tensor } from "../core/tensor.ts";
import { formatTreeDef, treeDefsEqual, unflatten, type TreeDef } from "../core/tree.ts";
import type { ClosedJaxpr } from "../ir/jaxpr.ts";
import { formatAval } from "../ir/print.ts";
import { flattenArgs } from "./autodiff.ts";
import { functionOrThrow, optionsOrThrow, showValue, userOutputOrThrow } from "../core/convert.ts";
import { jvpFlat } from "./jvp.ts";
import { batchedToFront, batchJaxpr, runJaxpr, stageFlat, stageUser } from "./stage.ts";
import { batchFirst, moveAxis } from "../core/primitives/batching.ts";

interface ScanParams {
  readonly jaxpr: ClosedJaxpr;
  readonly numConsts: number;
  readonly numCarry: number;
  readonly length: number;
  readonly reverse: boolean;
}

/** Row `i` of `x` along axis 0. */
function row(x: Tensor, i: number): Tensor {
  const start = x.shape.map((_, a) => (a === 0 ? i : 0));
  const limit = x.shape.map((d, a) => (a === 0 ? i + 1 : d));
  return ops.reshape(ops.slice(x, start, limit), x.shape.slice(1));
}

/** Runs the loop with the ops of the current trace (eager values, or tracers when unrolled). */
function runScan(args: readonly Tensor[], { jaxpr, numConsts, numCarry, length, reverse }: ScanParams): Tensor[] {
  const consts = args.slice(0, numConsts);
  let carry = args.slice(numConsts, numConsts + numCarry);
  const xs = args.slice(numConsts + numCarry);
  const yAvals = jaxpr.outAvals.slice(numCarry);
  const ys: Tensor[][] = yAvals.map(() => new Array<Tensor>(length));
  for (let step = 0; step < length; step++) {
    const i = reverse ? length - 1 - step : step;
    const outs = runJaxpr(jaxpr, [...consts, ...carry, ...xs.map((x) => row(x, i))]);
    carry = outs.slice(0, numCarry);
    outs.slice(numCarry).forEach((y, k) => (ys[k][i] = y));
  }
  const stacked = yAvals.map((aval, k) =>
    length === 0 ? ops.zerosLike({ shape: [0, ...aval.shape], dtype: aval.dtype }) : ops.concatenate(ys[k].map((y) => ops.reshape(y, [1, ...y.shape])), 0),
  );
  return [...carry, ...stacked];
}


/** The `scan` primitive: inputs `[...consts, ...init, ...xs]`, outputs `[...carry, ...ys]`. */
export const scanPrimitive: AnyPrimitive = {
  name: "scan",
  abstractEval(_args, { jaxpr, numCarry, length }: ScanParams) {
    const outs = jaxpr.outAvals;
    return [...outs.slice(0, numCarry), ...outs.slice(numCarry).map((a) => ({ shape: [length, ...a.shape], dtype: a.dtype }))];
  },
  impl: (args, p: ScanParams) => runScan(args, p) as ConcreteTensor[],
  // the scan of the body's jvp: consts, carry and xs travel with their tangents
  jvp(primals, tangents, p: ScanParams) {
    const { numConsts: nc, numCarry: nk } = p;
    const all = ops.orZeros(tangents, primals);
    const split = <T>(xs: readonly T[]) => [xs.slice(0, nc), xs.slice(nc, nc + nk), xs.slice(nc + nk)];
    const [c, k, x] = split(primals);
    const [cT, kT, xT] = split(all);
    const xRows = x.map((v) => ({ shape: v.shape.slice(1), dtype: v.dtype }));
    const nx = x.length;
    const body = stageFlat(
      (ins) => {
        const [c1, c1T, k1, k1T, x1, x1T] = [nc, nc, nk, nk, nx, nx].reduce<[Tensor[][], number]>(
          ([parts, at], n) => [[...parts, ins.slice(at, at + n)], at + n],
          [[], 0],
        )[0];
        const [outs, outTs] = jvpFlat((vs) => runJaxpr(p.jaxpr, vs), [...c1, ...k1, ...x1], [...c1T, ...k1T, ...x1T]);
        const fullTs = ops.orZeros(outTs, outs);
        return [...outs.slice(0, nk), ...fullTs.slice(0, nk), ...outs.slice(nk), ...fullTs.slice(nk)];
      },
      [...c, ...c, ...k, ...k, ...xRows, ...xRows],
      "scan",
    );
    const outs = bind(scanPrimitive, [...c, ...cT, ...k, ...kT, ...x, ...xT], {
      ...p,
      jaxpr: body,
      numConsts: 2 * nc,
      numCarry: 2 * nk,
    });
    const ny = (outs.length - 2 * nk) / 2;
    const carry = outs.slice(0, nk);
    const carryT = outs.slice(nk, 2 * nk);
    const ys = outs.slice(2 * nk, 2 * nk + ny);
    const ysT = outs.slice(2 * nk + ny);
    return [[...carry, ...ys], [...carryT, ...ysT]];
  },
  transpose: null,
  // carries are batched along axis 0, stacked inputs and outputs along axis 1
  batch(axisSize, args, dims, p: ScanParams) {
    const { numConsts: nc, numCarry: nk } = p;
    const consts = batchedToFront(args.slice(0, nc), dims.slice(0, nc));
    const carry = args.slice(nc, nc + nk).map((v, i) => batchFirst(v, dims[nc + i], axisSize));
    const xs = args.slice(nc + nk).map((v, i) => {
      const d = dims[nc + nk + i];
      return d === null ? v : moveAxis(v, d, 1);
    });
    const xDims = dims.slice(nc + nk).map((d) => (d === null ? null : 0));
    const body = batchJaxpr(p.jaxpr, axisSize, [...consts[1], ...carry.map(() => 0), ...xDims], true).jaxpr;
    const outs = bind(scanPrimitive, [...consts[0], ...carry, ...xs], { ...p, jaxpr: body });
    return [outs, outs.map((_, i) => (i < nk ? 0 : 1))];
  },
  inline: (args, p: ScanParams) => runScan(args, p),
};

/** Options of `scan`. */
export interface ScanOptions {
  /** The number of steps (needed when `xs` is null). */
  readonly length?: number;
  /** Run from the last step to the first (outputs stay in index order). */
  readonly reverse?: boolean;
}

/**
 * `f(carry, x) -> [carry, y]` over the leading axis of `xs` (a tree, or null);
 * returns `[finalCarry, ys]` with the ys stacked along a new leading axis.
 */
export function scan<C, X, Y>(f: (carry: C, x: X) => [C, Y], init: C, xs: X | null, rawOptions?: ScanOptions): [C, Y] {
  const options = optionsOrThrow<ScanOptions>("scan", rawOptions, ["length", "reverse"]);
  functionOrThrow("scan", f);
  const [initLeaves, carryDef] = flattenArgs("scan", init, "init", false);
  const [xsLeaves, xsDef] = xs === null || xs === undefined ? [[], { kind: "none", value: null } as TreeDef] : flattenArgs("scan", xs, "xs", false);
  const lengths = xsLeaves.map((x) => {
    if (x.ndim === 0) throw new ShapeError(`scan: every xs leaf needs a leading axis to scan over, got ${formatAval(x)}.`);
    return x.shape[0];
  });
  const length = options.length ?? lengths[0];
  if (length === undefined) throw new ArgumentError("scan: give xs or options.length.");
  if (!Number.isSafeInteger(length) || length < 0) throw new ArgumentError(`scan: length ${showValue(length)} must be a non-negative integer.`);
  if (lengths.some((n) => n !== length)) {
    throw new ShapeError(`scan: xs leading axes (${lengths.join(", ")}) and length ${length} must all agree.`);
  }
  let yDef: TreeDef | undefined;
  const nk = initLeaves.length;
  const staged = stageUser(
    (ins) => {
      const carry = unflatten<C>(carryDef, ins.slice(0, nk));
      const x = unflatten<X>(xsDef, ins.slice(nk));
      const result = userOutputOrThrow("scan", f(carry, x));
      if (!Array.isArray(result) || result.length !== 2) throw new ArgumentError("scan: f must return a pair [carry, y].");
      const [newCarry, outDef] = flattenArgs("scan", result[0], "carry", false);
      if (!treeDefsEqual(outDef, carryDef) || newCarry.some((c, i) => formatAval(c) !== formatAval(initLeaves[i]))) {
        throw new ShapeError(
          `scan: f must return a carry like init: init is ${formatTreeDef(carryDef)} (${initLeaves.map(formatAval).join(", ")}), ` +
            `f gives ${formatTreeDef(outDef)} (${newCarry.map(formatAval).join(", ")}). Convert dtypes with astype if needed.`,
        );
      }
      const [ys, def] = flattenArgs("scan", result[1], "y", false);
      yDef = def;
      return [...newCarry, ...ys];
    },
    [...initLeaves, ...xsLeaves.map((x) => ({ shape: x.shape.slice(1), dtype: x.dtype }))],
    "scan",
  );
  const outs = bind(scanPrimitive, [...staged.consts, ...initLeaves, ...xsLeaves], {
    jaxpr: staged.jaxpr,
    numConsts: staged.consts.length,
    numCarry: nk,
    length,
    reverse: options.reverse ?? false,
  });
  return [unflatten<C>(carryDef, outs.slice(0, nk)), unflatten<Y>(yDef!, outs.slice(nk))];
}
