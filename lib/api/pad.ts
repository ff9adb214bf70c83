/**
 * `np.pad` (issue 9, group 3) with numpy's modes `constant` (with
 * `constantValues`), `edge`, `reflect`, `symmetric` and `wrap`.
 *
 * Constant padding is the `pad` primitive (zeros) or a concatenation with
 * filled blocks; the other modes are one `gather` per padded axis whose
 * constant indices say which input element each output element copies, so
 * the gradient is a `scatter_add` that sums the copies back. The index maps
 * are numpy's: `reflect` mirrors about the edge elements (period 2(n-1)),
 * `symmetric` repeats them (period 2n), `wrap` is periodic (period n), and
 * pads wider than the axis keep going the same way.
 *
 * @example
 * np.pad(np.array([1, 2, 3]), 2, "reflect")                 // [3, 2, 1, 2, 3, 2, 1]
 * np.pad(np.array([1, 2]), [1, 2], { constantValues: 9 })   // [9, 1, 2, 9, 9]
 */
import { ArgumentError, ShapeError } from "../core/errors.ts";
import { denseArrayOrThrow, isArrayArg, optionsOrThrow, showValue, toTensor } from "../core/convert.ts";
import * as ops from "../core/ops.ts";
import { avalText } from "../core/primitives/check.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";
import { broadcastShapes } from "../array/shape.ts";
import { bufferSizeOrThrow } from "../core/limits.ts";

/** The padding modes. */
export type PadMode = "constant" | "edge" | "reflect" | "symmetric" | "wrap";

/** Options of `pad`. */
export interface PadOptions {
  /** How to fill the padding (default "constant"). */
  readonly mode?: PadMode;
  /** The fill values of mode "constant": one value, [before, after], or one such pair per axis (default 0). */
  readonly constantValues?: ArrayLike;
}

/** A pad width: one count, [before, after], or one such pair per axis. */
export type PadWidth = number | readonly number[] | readonly (readonly number[])[];

const MODES: readonly PadMode[] = ["constant", "edge", "reflect", "symmetric", "wrap"];

/**
 * A value broadcast to one [before, after] pair per axis, numpy's `broadcast_to(v, (ndim, 2))`. Lists
 * are read once and densely (a hole, a throwing getter or a revoked Proxy is an `ArgumentError`).
 */
function toPairs<T>(op: string, name: string, value: unknown, ndim: number, isLeaf: (v: unknown) => v is T): [T, T][] {
  const bad = () => new ArgumentError(`${op}: ${name} ${showValue(value)} must be one value, [before, after], or one [before, after] pair per axis (${ndim} axes).`);
  const listOf = (v: unknown): unknown[] | null => (isArrayArg(op, v) ? denseArrayOrThrow(op, name, v) : null);
  const row = (r: unknown): [T, T] => {
    if (isLeaf(r)) return [r, r];
    const items = listOf(r);
    if (items === null || (items.length !== 1 && items.length !== 2) || !items.every(isLeaf)) throw bad();
    return [items[0] as T, items[items.length - 1] as T];
  };
  if (isLeaf(value)) return Array.from({ length: ndim }, () => [value, value]);
  const items = listOf(value);
  if (items === null) throw bad();
  if (items.every(isLeaf)) return Array.from({ length: ndim }, () => row(items));
  if (items.length !== 1 && items.length !== ndim) throw bad();
  return Array.from({ length: ndim }, (_, i) => row(items[items.length === 1 ? 0 : i]));
}

const isCount = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

/** The input index each output position copies, for position i in [-before, n + after). */
function sourceIndex(mode: Exclude<PadMode, "constant">, i: number, n: number): number {
  const mod = (v: number, p: number) => ((v % p) + p) % p;
  switch (mode) {
    case "edge":
      return Math.min(Math.max(i, 0), n - 1);
    case "wrap":
      return mod(i, n);
    case "reflect": {
      if (n === 1) return 0;
      const r = mod(i, 2 * (n - 1));
      return r < n ? r : 2 * (n - 1) - r;
    }
    case "symmetric": {
      const r = mod(i, 2 * n);
      return r < n ? r : 2 * n - 1 - r;
    }
  }
}

/**
 * Pads an array. `padWidth` is one count, `[before, after]`, or one pair per
 * axis. The third argument is the mode (`"constant"` by default, `"edge"`,
 * `"reflect"`, `"symmetric"`, `"wrap"`) or `{ mode, constantValues }`.
 * With several constant values, axes are padded in order, so corners take
 * the last axis' values (as numpy).
 *
 * @example
 * np.pad(np.array([[1, 2]]), [[0, 1], [1, 0]])   // [[0, 1, 2], [0, 0, 0]]
 * np.pad(np.array([1, 2, 3]), [2, 1], "wrap")    // [2, 3, 1, 2, 3, 1]
 * np.pad(np.array([1, 2, 3]), 2, "symmetric")    // [2, 1, 1, 2, 3, 3, 2]
 */
export function pad(array: ArrayLike, padWidth: PadWidth, modeOrOptions?: PadMode | PadOptions, moreOptions?: PadOptions): Tensor {
  const x = toTensor(array, "pad");
  const options = typeof modeOrOptions === "string"
    ? { ...optionsOrThrow<PadOptions>("pad", moreOptions, ["constantValues"]), mode: modeOrOptions }
    : optionsOrThrow<PadOptions>("pad", modeOrOptions, ["mode", "constantValues"]);
  const mode = (options.mode ?? "constant") as PadMode;
  if (!MODES.includes(mode)) throw new ArgumentError(`pad: unknown mode ${showValue(mode)}; modes: ${MODES.join(", ")}.`);
  if (mode !== "constant" && options.constantValues !== undefined) {
    throw new ArgumentError(`pad: constantValues only applies to mode "constant", not ${JSON.stringify(mode)}.`);
  }
  const widths = toPairs("pad", "padWidth", padWidth, x.ndim, isCount);
  // the output's size, before any index map of that length is built
  bufferSizeOrThrow("pad", x.shape.map((d, i) => d + widths[i][0] + widths[i][1]), x.dtype);
  if (mode === "constant") return padConstant(x, widths, options.constantValues as ArrayLike | undefined);
  let out = x;
  widths.forEach(([before, after], axis) => {
    if (before === 0 && after === 0) return;
    const n = x.shape[axis];
    if (n === 0) throw new ShapeError(`pad: cannot extend the empty axis ${axis} of ${avalText(x)} with mode "${mode}"; only "constant" can.`);
    const index = Array.from({ length: before + n + after }, (_, k) => sourceIndex(mode, k - before, n));
    out = ops.gather(out, ops.fromInt32(Int32Array.from(index)), axis);
  });
  return out;
}

function padConstant(x: Tensor, widths: [number, number][], constantValues: ArrayLike | undefined): Tensor {
  if (constantValues === undefined || constantValues === 0) {
    return ops.pad(x, widths.map((w) => w[0]), widths.map((w) => w[1]));
  }
  // numpy's broadcast_to(constantValues, (ndim, 2)): one [before, after] pair per axis
  const given = toTensor(constantValues, "pad");
  const table = broadcastShapes(given.shape, [x.ndim, 2]);
  if (table === null || table.length !== 2 || table[0] !== x.ndim || table[1] !== 2) {
    throw new ShapeError(`pad: constantValues ${avalText(given)} must be one value, [before, after], or one [before, after] pair per axis of ${avalText(x)}.`);
  }
  const values = ops.broadcastTo(ops.convert(given, x.dtype), [x.ndim, 2]);
  const value = (axis: number, side: number) => ops.reshape(ops.slice(values, [axis, side], [axis + 1, side + 1]), []);
  // axis by axis: [block of `before` values, x, block of `after` values]
  let out = x;
  widths.forEach(([before, after], axis) => {
    const block = (count: number, side: number) => ops.broadcastTo(value(axis, side), out.shape.map((d, i) => (i === axis ? count : d)));
    const parts = [...(before > 0 ? [block(before, 0)] : []), out, ...(after > 0 ? [block(after, 1)] : [])];
    out = ops.concatenate(parts, axis);
  });
  return out;
}
