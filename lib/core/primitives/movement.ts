/**
 * Movement primitives: broadcasting, reshaping, transposing, slicing,
 * padding and concatenation. All are
 * linear in their data operand; each one's transpose is another of them.
 * Only `broadcast_in_dim` fuses into loops (as a read of its operand).
 */
import { CONVERT_MATH } from "../../kernels/scalar.ts";
import { sizeOf, shapesEqual } from "../../array/shape.ts";
import * as kernels from "../../kernels/movement.ts";
import { isLinear, singleOutputTranspose, type Primitive } from "../primitive.ts";
import { ConcreteTensor, type Aval, type Tensor, dataOf } from "../tensor.ts";
import * as ops from "../ops.ts";
import { ArgumentError, DTypeError, ShapeError } from "../errors.ts";
import { avalText, axisOrThrow } from "./check.ts";
import { batchFirst, batchFront, moveAxis, shiftAxes } from "./batching.ts";

function isCount(n: unknown): n is number {
  return Number.isInteger(n) && (n as number) >= 0;
}

export const broadcast_in_dim: Primitive<"broadcast_in_dim"> = {
  name: "broadcast_in_dim",
  abstractEval([x], { shape, broadcastDimensions: dims }) {
    const ok =
      shape.every(isCount) &&
      dims.length === x.shape.length &&
      dims.every((d, i) => Number.isInteger(d) && d >= 0 && d < shape.length && (i === 0 || dims[i - 1] < d)) &&
      x.shape.every((n, i) => n === 1 || n === shape[dims[i]]);
    if (!ok) {
      throw new ShapeError(
        `broadcast_in_dim: cannot broadcast ${avalText(x)} to [${shape.join(",")}] along dims (${dims.join(", ")}): ` +
          `each operand dim must be 1 or equal the target dim it maps to.`,
      );
    }
    return [{ shape, dtype: x.dtype }];
  },
  impl: ([x], { shape, broadcastDimensions }) => [
    new ConcreteTensor(kernels.broadcastInDim(dataOf(x), x.shape, shape, broadcastDimensions), shape, x.dtype),
  ],
  jvp: ([x], [t], p) => [[ops.broadcastInDim(x, p.shape, p.broadcastDimensions)], [ops.broadcastInDim(t!, p.shape, p.broadcastDimensions)]],
  // sum over the new axes and over the axes that were stretched from 1
  transpose: singleOutputTranspose((ct, [x], { shape, broadcastDimensions: dims }) => {
    const axes: number[] = [];
    for (let i = 0; i < shape.length; i++) {
      const j = dims.indexOf(i);
      if (j < 0 || (x.shape[j] === 1 && shape[i] !== 1)) axes.push(i);
    }
    return [ops.reshape(ops.reduceSum(ct, axes), x.shape)];
  }),
  batch: batchFront(() => broadcast_in_dim, (p, size) => ({ shape: [size, ...p.shape], broadcastDimensions: [0, ...shiftAxes(p.broadcastDimensions)] })),
  // in a loop, the operand read where its dimensions map (1 along the broadcast ones): a scalar, a row, a column
  lower: {
    kind: "elementwise",
    rule: () => CONVERT_MATH,
    aligned: ([x], { shape, broadcastDimensions }) => [shape.map((_, d) => (broadcastDimensions.includes(d) ? x.shape[broadcastDimensions.indexOf(d)] : 1))],
  },
};

export const reshape: Primitive<"reshape"> = {
  name: "reshape",
  abstractEval([x], { shape }) {
    if (!shape.every(isCount) || sizeOf(shape) !== sizeOf(x.shape)) {
      throw new ShapeError(
        `reshape: cannot reshape ${avalText(x)} (${sizeOf(x.shape)} elements) to [${shape.join(",")}]; the sizes must match.`,
      );
    }
    return [{ shape, dtype: x.dtype }];
  },
  // storage is contiguous and immutable, so a reshape shares the data
  impl: ([x], { shape }) => [new ConcreteTensor(dataOf(x), shape, x.dtype)],
  jvp: ([x], [t], { shape }) => [[ops.reshape(x, shape)], [ops.reshape(t!, shape)]],
  transpose: singleOutputTranspose((ct, [x]) => [ops.reshape(ct, x.shape)]),
  batch: batchFront(() => reshape, (p, size) => ({ shape: [size, ...p.shape] })),
  lower: null,
};

export const transpose: Primitive<"transpose"> = {
  name: "transpose",
  abstractEval([x], { permutation }) {
    const n = x.shape.length;
    const seen = new Set(permutation);
    if (permutation.length !== n || seen.size !== n || !permutation.every((p) => Number.isInteger(p) && p >= 0 && p < n)) {
      throw new ArgumentError(`transpose: (${permutation.join(", ")}) is not a permutation of the ${n} axes of ${avalText(x)}.`);
    }
    return [{ shape: permutation.map((p) => x.shape[p]), dtype: x.dtype }];
  },
  impl: ([x], { permutation }) => [
    new ConcreteTensor(kernels.transpose(dataOf(x), x.shape, permutation), permutation.map((p) => x.shape[p]), x.dtype),
  ],
  jvp: ([x], [t], { permutation }) => [[ops.transpose(x, permutation)], [ops.transpose(t!, permutation)]],
  transpose: singleOutputTranspose((ct, _args, { permutation }) => {
    const inverse = new Array<number>(permutation.length);
    permutation.forEach((p, i) => (inverse[p] = i));
    return [ops.transpose(ct, inverse)];
  }),
  batch: batchFront(() => transpose, (p) => ({ permutation: [0, ...shiftAxes(p.permutation)] })),
  lower: null,
};

function sliceShape(start: readonly number[], limit: readonly number[], strides: readonly number[]): number[] {
  return start.map((s, i) => Math.max(0, Math.ceil((limit[i] - s) / strides[i])));
}

export const slice: Primitive<"slice"> = {
  name: "slice",
  abstractEval([x], { start, limit, strides }) {
    const n = x.shape.length;
    const ok =
      start.length === n &&
      limit.length === n &&
      strides.length === n &&
      x.shape.every((d, i) => isCount(start[i]) && Number.isInteger(limit[i]) && start[i] <= limit[i] && limit[i] <= d && strides[i] >= 1);
    if (!ok) {
      throw new ShapeError(
        `slice: start (${start.join(", ")}), limit (${limit.join(", ")}), strides (${strides.join(", ")}) ` +
          `do not fit ${avalText(x)}; need 0 <= start <= limit <= dim and strides >= 1 on every axis.`,
      );
    }
    return [{ shape: sliceShape(start, limit, strides), dtype: x.dtype }];
  },
  impl: ([x], { start, limit, strides }) => [
    new ConcreteTensor(kernels.slice(dataOf(x), x.shape, start, limit, strides), sliceShape(start, limit, strides), x.dtype),
  ],
  jvp: ([x], [t], { start, limit, strides }) => [[ops.slice(x, start, limit, strides)], [ops.slice(t!, start, limit, strides)]],
  // put the cotangent back where the slice came from, zeros elsewhere
  transpose: singleOutputTranspose((ct, [x], { start, strides }) => {
    if (ct.size === 0) return [ops.zerosLike(x)];
    const high = x.shape.map((d, i) => d - (start[i] + (ct.shape[i] - 1) * strides[i] + 1));
    return [ops.pad(ct, start, high, strides.map((s) => s - 1))];
  }),
  batch: batchFront(() => slice, (p, size) => ({ start: [0, ...p.start], limit: [size, ...p.limit], strides: [1, ...p.strides] })),
  lower: null,
};

function paddedShape(shape: readonly number[], low: readonly number[], high: readonly number[], interior: readonly number[]): number[] {
  return shape.map((d, i) => low[i] + high[i] + d + Math.max(d - 1, 0) * interior[i]);
}

export const pad: Primitive<"pad"> = {
  name: "pad",
  abstractEval([x], { low, high, interior }) {
    const n = x.shape.length;
    if (low.length !== n || high.length !== n || interior.length !== n || ![...low, ...high, ...interior].every(isCount)) {
      throw new ShapeError(
        `pad: low (${low.join(", ")}), high (${high.join(", ")}), interior (${interior.join(", ")}) ` +
          `must be non-negative integers, one per axis of ${avalText(x)}.`,
      );
    }
    return [{ shape: paddedShape(x.shape, low, high, interior), dtype: x.dtype }];
  },
  impl: ([x], { low, high, interior }) => [
    new ConcreteTensor(
      kernels.pad(dataOf(x), x.shape, 0, low, high, interior, x.dtype),
      paddedShape(x.shape, low, high, interior),
      x.dtype,
    ),
  ],
  jvp: ([x], [t], { low, high, interior }) => [[ops.pad(x, low, high, interior)], [ops.pad(t!, low, high, interior)]],
  transpose: singleOutputTranspose((ct, [x], { low, interior }) => [
    ops.slice(
      ct,
      low,
      x.shape.map((d, i) => low[i] + d + Math.max(d - 1, 0) * interior[i]),
      interior.map((s) => s + 1),
    ),
  ]),
  batch: batchFront(() => pad, (p) => ({ low: [0, ...p.low], high: [0, ...p.high], interior: [0, ...p.interior] })),
  lower: null,
};

export const concatenate: Primitive<"concatenate"> = {
  name: "concatenate",
  abstractEval(xs, { axis }) {
    if (xs.length === 0) throw new ArgumentError("concatenate: needs at least one array.");
    const first = xs[0];
    axisOrThrow("concatenate", axis, first);
    let total = 0;
    for (const x of xs) {
      const fits = x.shape.length === first.shape.length && x.shape.every((d, i) => i === axis || d === first.shape[i]);
      if (!fits) {
        throw new ShapeError(
          `concatenate: along axis ${axis}, ${avalText(x)} does not match ${avalText(first)}; all other dims must be equal.`,
        );
      }
      if (x.dtype !== first.dtype) throw new DTypeError(`concatenate: dtypes differ (${avalText(first)}, ${avalText(x)}).`);
      total += x.shape[axis];
    }
    const shape = first.shape.slice();
    shape[axis] = total;
    return [{ shape, dtype: first.dtype }];
  },
  impl(xs, params) {
    const [{ shape, dtype }] = concatenate.abstractEval(xs, params);
    return [new ConcreteTensor(kernels.concatenate(xs.map((x) => dataOf(x)), xs.map((x) => x.shape), params.axis, dtype), shape, dtype)];
  },
  jvp(xs, ts, { axis }) {
    return [[ops.concatenate(xs, axis)], [ops.concatenate(ops.orZeros(ts, xs), axis)]];
  },
  transpose: singleOutputTranspose((ct, xs, { axis }) => {
    let offset = 0;
    return xs.map((x) => {
      const start = x.shape.map((_, i) => (i === axis ? offset : 0));
      const limit = x.shape.map((d, i) => (i === axis ? offset + d : ct.shape[i]));
      offset += x.shape[axis];
      return isLinear(x) ? ops.slice(ct, start, limit) : null;
    });
  }),
  batch: (size, xs, dims, { axis }) => [[ops.concatenate(xs.map((x, i) => batchFirst(x, dims[i], size)), axis + 1)], [0]],
  lower: null,
};
