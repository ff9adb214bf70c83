/**
 * The chainable methods of `Tensor` (`x.add(y).sum()`): their types are
 * added to the class by the module augmentation below, and importing this
 * module installs them on `Tensor.prototype`, each a call of the `np`
 * function of the same meaning.
 *
 * @example
 * np.array([1, 2, 3]).mul(2).sum().item(); // 12
 */
import { Tensor, type ArrayLike } from "../core/tensor.ts";
import type { DType } from "../array/dtype.ts";
import { convert } from "../core/ops.ts";
import { dtypeOrThrow, isArrayArg } from "../core/convert.ts";
import * as math from "./math.ts";
import * as linalg from "./linalg.ts";
import * as shape from "./shape.ts";
import * as reductions from "./reductions.ts";
import { IndexUpdate, sliceTensor } from "./indexing.ts";
import type { Index } from "./advancedIndexing.ts";
import type { AxisLike, ReduceOptions } from "./reductions.ts";

declare module "../core/tensor.ts" {
  interface Tensor {
    /** `this + other`. */ add(other: ArrayLike): Tensor;
    /** `this - other`. */ sub(other: ArrayLike): Tensor;
    /** `this * other`. */ mul(other: ArrayLike): Tensor;
    /** `this / other`. */ div(other: ArrayLike): Tensor;
    /** `-this`. */ neg(): Tensor;
    /** `this ** other`. */ pow(other: ArrayLike): Tensor;
    /** `this @ other`. */ matmul(other: ArrayLike): Tensor;
    /** numpy's `dot`. */ dot(other: ArrayLike): Tensor;
    /** `this * this`. */ square(): Tensor;
    /** √this. */ sqrt(): Tensor;
    /** e^this. */ exp(): Tensor;
    /** ln this. */ log(): Tensor;
    /** tanh. */ tanh(): Tensor;
    /** sin. */ sin(): Tensor;
    /** cos. */ cos(): Tensor;
    /** |this|. */ abs(): Tensor;
    /** Sum over `axis` (all by default). */ sum(axis?: AxisLike | ReduceOptions, keepdims?: boolean): Tensor;
    /** Mean over `axis`. */ mean(axis?: AxisLike | ReduceOptions, keepdims?: boolean): Tensor;
    /** Max over `axis`. */ max(axis?: AxisLike | ReduceOptions, keepdims?: boolean): Tensor;
    /** Min over `axis`. */ min(axis?: AxisLike | ReduceOptions, keepdims?: boolean): Tensor;
    /** New shape (`x.reshape(2, 3)` or `x.reshape([2, 3])`). */ reshape(...shape: (number | readonly number[])[]): Tensor;
    /** Permute axes (reverse by default). */ transpose(axes?: readonly number[]): Tensor;
    /** Swap two axes. */ swapaxes(axis1: number, axis2: number): Tensor;
    /** Convert dtype. */ astype(dtype: DType): Tensor;
    /** The transpose (axes reversed). */ readonly T: Tensor;
    /**
     * numpy's `x[index]`: per axis an integer, `[start, stop?, step?]`, null (a whole axis), `np.newaxis`, `"..."`,
     * an integer tensor or Int32Array (integer-array indexing), or a concrete boolean mask.
     * @example x.slice(np.arange(3), labels) // x[arange(3), labels]
     */ slice(...index: Index[]): Tensor;
    /**
     * JAX's `x.at[index]`: `.get()`, `.set(v)`, `.add(v)`, `.subtract(v)`, `.multiply(v)`, `.divide(v)`, `.min(v)`, `.max(v)`.
     * @example x.at(np.array([0, 0])).add(1) // repeated indices accumulate
     */ at(...index: Index[]): IndexUpdate;
  }
}

const methods: Record<string, (this: Tensor, ...args: any[]) => unknown> = {
  add(other: ArrayLike) { return math.add(this, other); },
  sub(other: ArrayLike) { return math.subtract(this, other); },
  mul(other: ArrayLike) { return math.multiply(this, other); },
  div(other: ArrayLike) { return math.divide(this, other); },
  neg() { return math.negative(this); },
  pow(other: ArrayLike) { return math.power(this, other); },
  matmul(other: ArrayLike) { return linalg.matmul(this, other); },
  dot(other: ArrayLike) { return linalg.dot(this, other); },
  square() { return math.square(this); },
  sqrt() { return math.sqrt(this); },
  exp() { return math.exp(this); },
  log() { return math.log(this); },
  tanh() { return math.tanh(this); },
  sin() { return math.sin(this); },
  cos() { return math.cos(this); },
  abs() { return math.abs(this); },
  sum(axis?: AxisLike | ReduceOptions, keepdims?: boolean) { return reductions.sum(this, axis, keepdims); },
  mean(axis?: AxisLike | ReduceOptions, keepdims?: boolean) { return reductions.mean(this, axis, keepdims); },
  max(axis?: AxisLike | ReduceOptions, keepdims?: boolean) { return reductions.max(this, axis, keepdims); },
  min(axis?: AxisLike | ReduceOptions, keepdims?: boolean) { return reductions.min(this, axis, keepdims); },
  reshape(...dims: (number | readonly number[])[]) {
    return shape.reshape(this, dims.length === 1 && isArrayArg("reshape", dims[0]) ? dims[0] : (dims as number[]));
  },
  transpose(axes?: readonly number[]) { return shape.transpose(this, axes); },
  swapaxes(axis1: number, axis2: number) { return shape.swapaxes(this, axis1, axis2); },
  astype(dtype: DType) { return convert(this, dtypeOrThrow("astype", dtype)); },
  slice(...index: Index[]) { return sliceTensor(this, index); },
  at(...index: Index[]) { return new IndexUpdate(this, index); },
};

for (const [name, fn] of Object.entries(methods)) {
  Object.defineProperty(Tensor.prototype, name, { value: fn, writable: true, configurable: true });
}
Object.defineProperty(Tensor.prototype, "T", {
  get(this: Tensor) {
    return shape.transpose(this);
  },
  configurable: true,
});
