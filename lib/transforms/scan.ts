/**
 * `scan`: a loop with a carry and per-step inputs and outputs, as one
 * primitive holding the body's jaxpr. Eagerly it runs the body `length`
 * times; under `jvp` it is the scan of the body's jvp (tangents only where
 * they are nonzero); under `vmap` the scan of the batched body; under
 * partial evaluation (`linearize`, so `grad`/`vjp`) it splits into a scan of
 * the known part, run now, and a scan of the unknown (linear) part, staged,
 * whose transpose is a reverse scan (`scanReverse.ts`). So the program of
 * `grad(f)` holds a fixed number of scans whatever the length.
 *
 * @example
 * // running sum: carry c, step x -> (c + x, c + x)
 * lax.scan((c, x) => [np.add(c, x), np.add(c, x)], 0, np.arange(5))
 */
import { withoutWeakTypes } from "../core/weak.ts";
import { ShapeError, ArgumentError } from "../core/errors.ts";
import type { HigherOrderPrimitive } from "../core/primitive.ts";
import * as ops from "../core/ops.ts";
import { allocate, isFloat } from "../array/dtype.ts";
import { sizeOf } from "../array/shape.ts";
import { ConcreteTensor, type Tensor } from "../core/tensor.ts";
import { formatTreeDef, treeDefsEqual, unflatten, type TreeDef } from "../core/tree.ts";
import { flattenArgs, merge, partition, splitAt, splitList } from "../core/args.ts";
import { ClosedJaxpr, Jaxpr } from "../ir/jaxpr.ts";
import { formatAval } from "../ir/print.ts";
import { functionOrThrow, optionsOrThrow, showValue, userOutputOrThrow } from "../core/convert.ts";
import { batchedToFront, batchJaxpr, bindTyped, jvpJaxpr, runJaxpr, stageUser, type JvpJaxpr } from "./stage.ts";
import { batchFirst, moveAxis } from "../core/primitives/batching.ts";
import { scanPartialEval, scanTranspose } from "./scanReverse.ts";
import { executableFor } from "./jit.ts";

/** The params of `scan`: the body `[...consts, ...carry, ...x] -> [...carry, ...y]` and how to run it. */
export type ScanParams = {
  readonly jaxpr: ClosedJaxpr;
  readonly numConsts: number;
  readonly numCarry: number;
  readonly length: number;
  /** Run from the last step to the first (outputs stay in index order). */
  readonly reverse: boolean;
};

/** Row `i` of a concrete `x` along axis 0, as a view. */
function row(x: ConcreteTensor, i: number): ConcreteTensor {
  const shape = x.shape.slice(1);
  const n = sizeOf(shape);
  return new ConcreteTensor(x.data.subarray(i * n, (i + 1) * n), shape, x.dtype);
}

/** From this many steps on, the eager loop compiles its body. */
const COMPILE_FROM_LENGTH = 16;

/** Runs the loop on concrete values: the body is evaluated once per step, the ys written into their stacked outputs. */
function runScan(args: readonly ConcreteTensor[], { jaxpr, numConsts, numCarry, length, reverse }: ScanParams): ConcreteTensor[] {
  const [consts, init, xs] = splitList(args, [numConsts, numCarry]);
  let carry = init;
  const yAvals = jaxpr.outAvals.slice(numCarry);
  const ySizes = yAvals.map((a) => sizeOf(a.shape));
  const ys = yAvals.map((a, k) => allocate(a.dtype, length * ySizes[k]));
  // a long loop runs the body compiled (once per body); a short one evaluates it, which costs less than compiling
  const run = length >= COMPILE_FROM_LENGTH ? executableFor(jaxpr) : (ins: readonly ConcreteTensor[]) => runJaxpr(jaxpr, ins) as ConcreteTensor[];
  for (let step = 0; step < length; step++) {
    const i = reverse ? length - 1 - step : step;
    const outs = run([...consts, ...carry, ...xs.map((x) => row(x, i))]);
    carry = outs.slice(0, numCarry);
    for (let k = 0; k < ys.length; k++) ys[k].set(outs[numCarry + k].data, i * ySizes[k]);
  }
  return [...carry, ...ys.map((data, k) => new ConcreteTensor(data, [length, ...yAvals[k].shape], yAvals[k].dtype))];
}

/** `closed` with its inputs and outputs reordered (the same variables, so the same computation). */
function rebind(closed: ClosedJaxpr, invars: ClosedJaxpr["jaxpr"]["invars"], outs: ClosedJaxpr["jaxpr"]["outs"]): ClosedJaxpr {
  return new ClosedJaxpr(new Jaxpr(closed.jaxpr.constvars, invars, closed.jaxpr.eqns, outs), closed.consts);
}

/** The scan of the body's jvp; a carry has a tangent when its initial value has one or the body gives it one. */
function scanJvp(primals: readonly Tensor[], tangents: readonly (Tensor | null)[], p: ScanParams): [Tensor[], (Tensor | null)[]] {
  const { jaxpr, numConsts: nc, numCarry: nk } = p;
  const ny = jaxpr.outAvals.length - nk;
  const nonzeros = tangents.map((t, i) => t !== null && isFloat(primals[i].dtype));
  const [constNz, initNz, xsNz] = splitList(nonzeros, [nc, nk]);
  let carryNz = initNz;
  let body: JvpJaxpr;
  for (;;) {
    body = jvpJaxpr(jaxpr, [...constNz, ...carryNz, ...xsNz], [...carryNz, ...new Array<boolean>(ny).fill(false)]);
    const carryOutNz = body.outNonzeros.slice(0, nk);
    if (carryOutNz.every((nz, i) => !nz || carryNz[i])) break;
    carryNz = carryNz.map((nz, i) => nz || carryOutNz[i]);
  }
  const ysNz = body.outNonzeros.slice(nk);
  const count = (flags: readonly boolean[]) => flags.filter(Boolean).length;
  // the jvp jaxpr takes [consts, carry, xs, their tangents] and gives [carry, ys, their tangents]:
  // reorder into the scan's [consts, const tangents, carry, carry tangents, xs, xs tangents]
  const { invars, outs } = body.jaxpr.jaxpr;
  const nPrimals = primals.length;
  const [c, k, x] = splitList(invars.slice(0, nPrimals), [nc, nk]);
  const [cT, kT, xT] = splitList(invars.slice(nPrimals), [count(constNz), count(carryNz)]);
  const [kOut, yOut, kTOut, yTOut] = splitList(outs, [nk, ny, count(carryNz)]);
  const scanBody = rebind(body.jaxpr, [...c, ...cT, ...k, ...kT, ...x, ...xT], [...kOut, ...kTOut, ...yOut, ...yTOut]);
  const [consts, init, xs] = splitList(primals, [nc, nk]);
  const [constT, initT, xsT] = splitList(tangents, [nc, nk]);
  const given = (flags: readonly boolean[], ts: readonly (Tensor | null)[], values: readonly Tensor[]) =>
    partition(flags, ops.orZeros(ts, values))[1];
  const results = bindTyped(scanPrimitive, [
    ...consts, ...given(constNz, constT, consts),
    ...init, ...given(carryNz, initT, init),
    ...xs, ...given(xsNz, xsT, xs),
  ], { ...p, jaxpr: scanBody, numConsts: nc + cT.length, numCarry: nk + kT.length });
  const [carryOut, carryTOut, ysOut, ysTOut] = splitList(results, [nk, kT.length, ny]);
  const none = (n: number) => new Array<Tensor | null>(n).fill(null);
  return [
    [...carryOut, ...ysOut],
    [...merge(carryNz, none(nk - kT.length), carryTOut), ...merge(ysNz, none(ny - yTOut.length), ysTOut)],
  ];
}

/** The `scan` primitive: inputs `[...consts, ...init, ...xs]`, outputs `[...carry, ...ys]`. */
export const scanPrimitive: HigherOrderPrimitive<ScanParams> = {
  name: "scan",
  abstractEval(_args, { jaxpr, numCarry, length }) {
    const outs = jaxpr.outAvals;
    return [...outs.slice(0, numCarry), ...outs.slice(numCarry).map((a) => ({ shape: [length, ...a.shape], dtype: a.dtype }))];
  },
  impl: runScan,
  jvp: scanJvp,
  transpose: (cotangents, args, p) => scanTranspose(scanPrimitive, cotangents, args, p),
  // carries are batched along axis 0, stacked inputs and outputs along axis 1
  batch(axisSize, args, dims, p) {
    const { numConsts: nc, numCarry: nk } = p;
    const [consts, init, xs] = splitList(args, [nc, nk]);
    const [constDims, initDims, xsDims] = splitList(dims, [nc, nk]);
    const [constValues, constFront] = batchedToFront(consts, constDims);
    const carry = init.map((v, i) => batchFirst(v, initDims[i], axisSize));
    const xsMoved = xs.map((v, i) => (xsDims[i] === null ? v : moveAxis(v, xsDims[i]!, 1)));
    const xRowDims = xsDims.map((d) => (d === null ? null : 0));
    const body = batchJaxpr(p.jaxpr, axisSize, [...constFront, ...carry.map(() => 0), ...xRowDims], true).jaxpr;
    const outs = bindTyped(scanPrimitive, [...constValues, ...carry, ...xsMoved], { ...p, jaxpr: body });
    return [outs, outs.map((_, i) => (i < nk ? 0 : 1))];
  },
  partialEval: (pe, args, p) => scanPartialEval(scanPrimitive, pe, args, p),
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
  *
  * @example
  * const [total, running] = lax.scan((carry, x: Tensor) => {
  *   const next = np.add(carry, x);
  *   return [next, next];
  * }, np.array(0), np.array([1, 2, 3]));
  * total; // array(6.)
  * running; // array([1., 3., 6.])
 */
export function scan<C, X, Y>(f: (carry: C, x: X) => [C, Y], init: C, xs: X | null, rawOptions?: ScanOptions): [C, Y] {
  const options = optionsOrThrow<ScanOptions>("scan", rawOptions, ["length", "reverse"]);
  functionOrThrow("scan", f);
  const [weakInit, carryDef] = flattenArgs("scan", init, "init", false);
  // a JS number carry is float64 (bool for booleans), as eagerly: the body's carry out must keep that dtype
  const initLeaves = withoutWeakTypes(weakInit);
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
      const [carryLeaves, xLeaves] = splitAt(ins, nk);
      const result = userOutputOrThrow("scan", f(unflatten<C>(carryDef, carryLeaves), unflatten<X>(xsDef, xLeaves)));
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
  const outs = bindTyped(scanPrimitive, [...staged.consts, ...initLeaves, ...xsLeaves], {
    jaxpr: staged.jaxpr,
    numConsts: staged.consts.length,
    numCarry: nk,
    length,
    reverse: options.reverse ?? false,
  });
  const [carry, ys] = splitAt(outs, nk);
  return [unflatten<C>(carryDef, carry), unflatten<Y>(yDef!, ys)];
}
