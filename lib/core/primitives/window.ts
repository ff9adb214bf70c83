/**
 * Windowed reductions and the pooling derivatives, with JAX's rules
 * (jax/_src/lax/windowed_reductions.py): `reduce_window_sum` (linear; its
 * transpose is a reduce_window_sum of the cotangent dilated by the strides),
 * `reduce_window_max`/`min` (their jvp is `select_and_gather_add`: the
 * tangent at the element each window selects), `select_and_gather_add`
 * (linear in the tangent; its transpose is `select_and_scatter_add`) and
 * `select_and_scatter_add` (linear in the source; its transpose is
 * `select_and_gather_add`). Every window parameter has one entry per
 * operand axis; vmap adds a one-element window on the mapped axis.
 * Kernels: lib/kernels/window.ts.
 *
 * @example
 * // 2×2 max pooling with stride 2 of an NCHW batch
 * ops.reduceWindowMax(x, { windowDimensions: [1, 1, 2, 2], windowStrides: [1, 1, 2, 2],
 *   padding: [[0, 0], [0, 0], [0, 0], [0, 0]], baseDilation: [1, 1, 1, 1], windowDilation: [1, 1, 1, 1] });
 */
import { isFloat } from "../../array/dtype.ts";
import { convLhsTransposePadding } from "../../kernels/convTranspose.ts";
import { reduceWindow, reduceWindowShape, selectAndGatherAdd, selectAndScatterAdd } from "../../kernels/window.ts";
import type { WindowParams, WindowReduction } from "../../kernels/window.ts";
import { isLinear, singleOutputTranspose, type Primitive, type WindowSelectParams } from "../primitive.ts";
import { ConcreteTensor, type Aval, type Tensor, dataOf } from "../tensor.ts";
import * as ops from "../ops.ts";
// Read while the primitive table loads, so taken from their own module (ops.ts re-exports it).
import * as structured from "../opsStructured.ts";
import { DTypeError, ShapeError } from "../errors.ts";
import { avalText } from "./check.ts";
import { batchFirst, type BatchDim } from "./batching.ts";

// utils

/** The window params with a one-element window inserted at `axis` (a mapped axis). */
function withAxis<P extends WindowParams>(params: P, axis: number): P {
  const insert = <T>(list: readonly T[], value: T) => [...list.slice(0, axis), value, ...list.slice(axis)];
  return {
    ...params,
    windowDimensions: insert(params.windowDimensions, 1),
    windowStrides: insert(params.windowStrides, 1),
    padding: insert(params.padding, [0, 0] as const),
    baseDilation: insert(params.baseDilation, 1),
    windowDilation: insert(params.windowDilation, 1),
  };
}

function windowShape(op: string, x: Aval, params: WindowParams): number[] {
  if (params.windowDimensions?.length !== x.shape.length) {
    throw new ShapeError(`${op}: window dimensions (${params.windowDimensions?.join(", ")}) need one entry per axis of ${avalText(x)}.`);
  }
  return reduceWindowShape(x.shape, params);
}

/** The window params alone (without `select`), as the kernels take them. */
const windowOf = (p: WindowParams): WindowParams => ({
  windowDimensions: p.windowDimensions,
  windowStrides: p.windowStrides,
  padding: p.padding,
  baseDilation: p.baseDilation,
  windowDilation: p.windowDilation,
});

// reduce_window_{sum,max,min}

function reduceWindowPrimitive<P extends "reduce_window_sum" | "reduce_window_max" | "reduce_window_min">(
  name: P,
  reduction: WindowReduction,
  bindSelf: (x: Tensor, params: WindowParams) => Tensor,
  rules: Pick<Primitive<P>, "jvp" | "transpose">,
): Primitive<P> {
  const record: Primitive<P> = {
    name,
    abstractEval([x], params) {
      if (reduction === "sum" && x.dtype === "bool") throw new DTypeError(`${name}: a sum of bool ${avalText(x)} is not defined; cast the operand to int32 or a float dtype.`);
      return [{ shape: windowShape(name, x, params), dtype: x.dtype }];
    },
    impl([x], params) {
      const shape = record.abstractEval([x], params)[0].shape;
      return [new ConcreteTensor(reduceWindow(dataOf(x), x.shape, reduction, windowOf(params)), shape, x.dtype)];
    },
    ...rules,
    // the mapped axis stays where it is, with a one-element window
    batch: (_size, [x], [d], params) => [[bindSelf(x, withAxis(params, d!))], [d]],
    lower: null,
  };
  return record;
}

export const reduce_window_sum = reduceWindowPrimitive("reduce_window_sum", "sum", structured.reduceWindowSum, {
  // linear: d Σ_window x = Σ_window dx
  jvp: ([x], [t], params) => [[ops.reduceWindowSum(x, params)], [ops.reduceWindowSum(t!, params)]],
  // Each input element is added into every window that covers it: the cotangent, dilated by the
  // strides and padded as a convolution's lhs cotangent is, summed over the same window with the
  // base dilation as strides (the window is all ones, so flipping it changes nothing).
  transpose: singleOutputTranspose((ct, [x], params) => {
    const padding = convLhsTransposePadding(x.shape, params.windowDimensions, ct.shape, {
      windowStrides: params.windowStrides,
      padding: params.padding,
      lhsDilation: params.baseDilation,
      rhsDilation: params.windowDilation,
    });
    return [
      ops.reduceWindowSum(ct, {
        windowDimensions: params.windowDimensions,
        windowStrides: params.baseDilation,
        padding,
        baseDilation: params.windowStrides,
        windowDilation: params.windowDilation,
      }),
    ];
  }),
});

/** d max_window(x) = dx at the element the window selects (its first maximum), as JAX's select_and_gather_add. */
function chooserJvp(select: "max" | "min", bindSelf: (x: Tensor, params: WindowParams) => Tensor) {
  return ([x]: readonly Tensor[], [t]: readonly (Tensor | null)[], params: WindowParams): [Tensor[], Tensor[]] => [
    [bindSelf(x, params)],
    [ops.selectAndGatherAdd(t!, x, { ...windowOf(params), select })],
  ];
}

export const reduce_window_max = reduceWindowPrimitive("reduce_window_max", "max", structured.reduceWindowMax, {
  jvp: chooserJvp("max", structured.reduceWindowMax),
  transpose: null,
});

export const reduce_window_min = reduceWindowPrimitive("reduce_window_min", "min", structured.reduceWindowMin, {
  jvp: chooserJvp("min", structured.reduceWindowMin),
  transpose: null,
});

// the pooling derivatives

function selectShapes(op: string, first: Aval, operand: Aval, params: WindowSelectParams): number[] {
  if (params.select !== "max" && params.select !== "min") throw new ShapeError(`${op}: select must be "max" or "min", got ${String(params.select)}.`);
  if (!isFloat(first.dtype) || first.dtype !== operand.dtype) {
    throw new DTypeError(`${op}: needs float operands of one dtype, got ${avalText(first)} and ${avalText(operand)}.`);
  }
  return windowShape(op, operand, params);
}

/** vmap of both: the mapped axis goes first on both operands, with a one-element window. */
function selectBatch(bindSelf: (a: Tensor, operand: Tensor, params: WindowSelectParams) => Tensor) {
  return (size: number, [a, operand]: readonly Tensor[], [da, dx]: readonly BatchDim[], params: WindowSelectParams): [Tensor[], BatchDim[]] => [
    [bindSelf(batchFirst(a, da, size), batchFirst(operand, dx, size), withAxis(params, 0))],
    [0],
  ];
}

export const select_and_gather_add: Primitive<"select_and_gather_add"> = {
  name: "select_and_gather_add",
  abstractEval([tangent, operand], params) {
    const op = "select_and_gather_add";
    if (tangent.shape.length !== operand.shape.length || tangent.shape.some((d, i) => d !== operand.shape[i])) {
      throw new ShapeError(`${op}: tangent ${avalText(tangent)} and operand ${avalText(operand)} must have one shape.`);
    }
    return [{ shape: selectShapes(op, tangent, operand, params), dtype: tangent.dtype }];
  },
  impl([tangent, operand], params) {
    const [{ shape }] = select_and_gather_add.abstractEval([tangent, operand], params);
    return [new ConcreteTensor(selectAndGatherAdd(dataOf(tangent), dataOf(operand), operand.shape, params.select, windowOf(params)), shape, tangent.dtype)];
  },
  // linear in the tangent; the selection is piecewise constant in the operand (its tangent contributes nothing)
  jvp: ([tangent, operand], [dt], params) => [
    [ops.selectAndGatherAdd(tangent, operand, params)],
    [dt === null ? null : ops.selectAndGatherAdd(dt, operand, params)],
  ],
  // gathering from the selected element transposes to adding into it
  transpose: singleOutputTranspose((ct, [tangent, operand], params) => {
    if (!isLinear(tangent) || isLinear(operand)) throw new ShapeError("select_and_gather_add: only the tangent operand is linear.");
    return [ops.selectAndScatterAdd(ct, operand, params), null];
  }),
  batch: selectBatch(structured.selectAndGatherAdd),
  lower: null,
};

export const select_and_scatter_add: Primitive<"select_and_scatter_add"> = {
  name: "select_and_scatter_add",
  abstractEval([source, operand], params) {
    const op = "select_and_scatter_add";
    const windows = selectShapes(op, source, operand, params);
    if (source.shape.length !== windows.length || source.shape.some((d, i) => d !== windows[i])) {
      throw new ShapeError(`${op}: source ${avalText(source)} must have the shape [${windows.join(",")}] of the windows of operand ${avalText(operand)}.`);
    }
    return [{ shape: operand.shape, dtype: source.dtype }];
  },
  impl([source, operand], params) {
    select_and_scatter_add.abstractEval([source, operand], params);
    return [new ConcreteTensor(selectAndScatterAdd(dataOf(source), dataOf(operand), operand.shape, params.select, windowOf(params)), operand.shape, source.dtype)];
  },
  // linear in the source
  jvp: ([source, operand], [ds], params) => [
    [ops.selectAndScatterAdd(source, operand, params)],
    [ds === null ? null : ops.selectAndScatterAdd(ds, operand, params)],
  ],
  transpose: singleOutputTranspose((ct, [source, operand], params) => {
    if (!isLinear(source) || isLinear(operand)) throw new ShapeError("select_and_scatter_add: only the source operand is linear.");
    return [ops.selectAndGatherAdd(ct, operand, params), null];
  }),
  batch: selectBatch(structured.selectAndScatterAdd),
  lower: null,
};
