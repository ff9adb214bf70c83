/**
 * Cases for the windowed reductions and the pooling derivatives, drawn by
 * the kernel spec's `windowCaseArb` (ranks 1 to 3, every window parameter:
 * strides, padding that may be negative, base and window dilation). Max and
 * min draws have distinct values (so each window's selected element is
 * unique and at least 0.4 from the others, far beyond the finite-difference
 * step) and no empty window (whose -Infinity has no difference quotient).
 * The pooling derivatives are differentiated in their linear operand and in
 * the operand that selects (whose derivative is zero).
 */
import fc from "fast-check";
import * as ops from "../../../lib/core/ops.ts";
import { dataOf, type ConcreteTensor, type Tensor } from "../../../lib/core/tensor.ts";
import { reduceWindowShape } from "../../../lib/kernels/window.ts";
import type { WindowParams, WindowSelect } from "../../../lib/kernels/window.ts";
import { naiveReduceWindow, naiveSelected, windowCaseArb, windowReads } from "../../kernels/naiveWindow.ts";
import { avalStr, distinctTensorArb, draw, real, tensorArb, type Case } from "../harness.ts";

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Windows over non-empty operands, each window at least one element wide. */
const windows = windowCaseArb(3).filter((c) => c.shape.every((d) => d > 0) && c.params.windowDimensions.every((k) => k > 0));

/** Every window reads at least one operand element. */
function noEmptyWindow(shape: number[], params: WindowParams): boolean {
  const outShape = reduceWindowShape(shape, params);
  for (let i = 0; i < size(outShape); i++) if (windowReads(shape, outShape, params, i).length === 0) return false;
  return true;
}
const fullWindows = windows.filter((c) => noEmptyWindow(c.shape, c.params));

const describeWindow = (p: WindowParams) =>
  `window=${JSON.stringify(p.windowDimensions)} strides=${JSON.stringify(p.windowStrides)} padding=${JSON.stringify(p.padding)} ` +
  `base=${JSON.stringify(p.baseDilation)} dilation=${JSON.stringify(p.windowDilation)}`;

const sumArb = windows
  .chain((c) => fc.tuple(fc.constant(c), tensorArb(c.shape, real(3))))
  .map(([{ shape, params }, x]) =>
    draw(`reduce_window_sum(${avalStr(x)}, ${describeWindow(params)})`, (t) => ops.reduceWindowSum(t, params), [x], () => ({
      shape: reduceWindowShape(shape, params),
      dtype: "float64",
      data: naiveReduceWindow(dataOf(x), shape, "sum", params, "float64"),
    })),
  );

function extremumArb(select: WindowSelect) {
  const bind = select === "max" ? ops.reduceWindowMax : ops.reduceWindowMin;
  return fullWindows
    .chain((c) => fc.tuple(fc.constant(c), distinctTensorArb(c.shape)))
    .map(([{ shape, params }, x]) =>
      draw(`reduce_window_${select}(${avalStr(x)}, ${describeWindow(params)})`, (t) => bind(t, params), [x], () => ({
        shape: reduceWindowShape(shape, params),
        dtype: "float64",
        data: naiveReduceWindow(dataOf(x), shape, select, params, "float64"),
      })),
    );
}

/** select_and_gather_add(t, x): t at each window's selected element of x; select_and_scatter_add(s, x): s added there. */
function selectArb(prim: "select_and_gather_add" | "select_and_scatter_add") {
  return fullWindows
    .chain((c) => {
      const first = prim === "select_and_gather_add" ? c.shape : reduceWindowShape(c.shape, c.params);
      return fc.tuple(fc.constant(c), fc.constantFrom<WindowSelect>("max", "min"), tensorArb(first, real(3)), distinctTensorArb(c.shape), fc.boolean());
    })
    .map(([{ shape, params }, select, a, x, both]) => {
      const p = { ...params, select };
      const bind = (u: Tensor, v: Tensor) => (prim === "select_and_gather_add" ? ops.selectAndGatherAdd(u, v, p) : ops.selectAndScatterAdd(u, v, p));
      const chosen = naiveSelected(dataOf(x), shape, select, params);
      const expected = () => {
        if (prim === "select_and_gather_add") {
          return { shape: reduceWindowShape(shape, params), dtype: "float64" as const, data: chosen.map((at) => (at < 0 ? 0 : dataOf(a)[at])) };
        }
        const data = new Array<number>(size(shape)).fill(0);
        chosen.forEach((at, i) => at >= 0 && (data[at] += dataOf(a)[i]));
        return { shape, dtype: "float64" as const, data };
      };
      const desc = `${prim}(${avalStr(a)}, ${avalStr(x)}${both ? "" : " const"}, select=${select}, ${describeWindow(params)})`;
      return both ? draw(desc, bind, [a, x], expected) : draw(desc, (u) => bind(u, x), [a as ConcreteTensor], expected);
    });
}

export const windowCases: Case[] = [
  { kind: "diff", prim: "reduce_window_sum", name: "reduce_window_sum", arb: sumArb },
  { kind: "diff", prim: "reduce_window_max", name: "reduce_window_max", arb: extremumArb("max") },
  { kind: "diff", prim: "reduce_window_min", name: "reduce_window_min", arb: extremumArb("min") },
  { kind: "diff", prim: "select_and_gather_add", name: "select_and_gather_add", arb: selectArb("select_and_gather_add") },
  { kind: "diff", prim: "select_and_scatter_add", name: "select_and_scatter_add", arb: selectArb("select_and_scatter_add") },
];
