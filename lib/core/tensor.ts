/**
 * `Tensor`: the one value type users see. A concrete tensor holds its data in
 * a typed array; a tracer (see `trace.ts`) stands for a value while a
 * transform runs the user's function. Both share the shape, dtype and the
 * chainable numpy-like methods, so user code cannot tell them apart.
 *
 * @example
 * const x = np.array([1, 2, 3]);
 * x.mul(2).sum().item(); // 12
 */
import type { DType, TypedArray, WeakType } from "../array/dtype.ts";
import type { Shape } from "../array/shape.ts";
import { formatShape, sizeOf } from "../array/shape.ts";
import { ShapeError } from "./errors.ts";
import { formatArray } from "../array/format.ts";

/** What an operation needs to know of a value without its data: shape and dtype (and a weak type, see `Tensor.weakType`). */
export interface Aval {
  readonly shape: Shape;
  readonly dtype: DType;
  readonly weakType?: WeakType;
}

/** Anything a function accepting a tensor also accepts. */
export type ArrayLike =
  | Tensor
  | number
  | boolean
  | NestedNumbers
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array;

/** Nested JS arrays of numbers or booleans. */
export type NestedNumbers = readonly (number | boolean | NestedNumbers)[];

/**
 * An index spec for `slice`/`at` (one axis): an integer, `[start, stop?, step?]`, `null` for a whole
 * axis, a boolean (numpy's `x[True]`), or an integer tensor / `Int32Array` / boolean mask (advanced
 * indexing). `np.newaxis` and `"..."` are the np layer's (`Index` in `api/advancedIndexing.ts`).
 */
export type IndexSpec = number | null | boolean | readonly [number | null, (number | null)?, (number | null)?] | Tensor | Int32Array | Uint8Array;

// utils

/** The shape of every 0-d tensor: one frozen empty array, shared (scalars are the hot path). */
const SCALAR_SHAPE: Shape = Object.freeze([]) as Shape;

/**
 * A shape a tensor can keep: frozen, so neither the caller who passed it nor a reader of
 * `x.shape` can change the tensor. Frozen arrays are shared (they cannot change); others are copied.
 */
export function frozenShape(shape: Shape): Shape {
  if (shape.length === 0) return SCALAR_SHAPE;
  return Object.isFrozen(shape) ? shape : Object.freeze(shape.slice());
}

// constructors

/**
 * An immutable n-dimensional array (concrete, or a tracer inside a transform).
 *
 * @example
 * const x = np.array([[1, 2], [3, 4]]);
 * x.shape; // [2, 2]
 * x.dtype; // "float64"
 * x.mul(2).sum(); // array(20.)
 * x.T.toArray(); // [[1, 3], [2, 4]]
 */
export abstract class Tensor implements Aval {
  // `declare`d and set in the constructor: class field initializers (define semantics) made every tensor
  // construction a slow generic property definition once several subclasses shared them
  /** The dimensions, outermost first: a frozen array (writing to it throws in strict mode). */
  declare readonly shape: Shape;
  declare readonly dtype: DType;
  /**
   * Set when this value stands for a JS number or boolean that was passed to
   * a transform (`jit(f)(x, 2)`, `vmap` with `inAxes` null, `jvp`, ...), as
   * JAX's `weak_type`: dtype promotion (`api/promote.ts`) treats it exactly
   * like that JS scalar, so `x_f32 * 2` stays float32 under `jit` as it does
   * eagerly. Tracers wrapping a weak value are weak; primitives' results are
   * not; `toTensor` gives the strong value (as eager turns a number into a
   * float64 tensor). Only weak tensors hold it as an own property (the
   * prototype's is undefined), so ordinary tensors keep their shape in V8.
   */
  declare readonly weakType: WeakType | undefined;

  constructor(shape: Shape, dtype: DType, weakType?: WeakType) {
    this.shape = frozenShape(shape);
    this.dtype = dtype;
    if (weakType !== undefined) this.weakType = weakType;
  }

  /** This value with no weak type: itself when it has none, else the same value strongly typed. */
  abstract withoutWeakType(): Tensor;

  /** Number of axes. */
  get ndim(): number {
    return this.shape.length;
  }

  /** Number of elements. */
  get size(): number {
    return sizeOf(this.shape);
  }

  /** The concrete value behind this tensor, or a `ConcretizationError` when there is none. */
  abstract toConcrete(op: string): ConcreteTensor;

  /** Nested JS arrays (a 0-d tensor gives a number, bool gives booleans). */
  toArray(): unknown {
    return this.toConcrete("toArray").toArray();
  }

  /** The single element of a size-1 tensor. */
  item(): number {
    return this.toConcrete("item").item();
  }

  /** A copy of the data as a flat typed array. */
  toTypedArray(): TypedArray {
    return this.toConcrete("toTypedArray").toTypedArray();
  }

  /**
   * `x > 0` and friends: a size-1 tensor converts to its number. JavaScript has no operator
   * overloading, so `x * 2` or `x + y` on larger tensors is an error that names the functions to use.
   */
  [Symbol.toPrimitive](hint: string): number | string {
    if (hint === "string") return this.toString();
    if (this.size !== 1) {
      throw new ShapeError(
        `a tensor of shape ${formatShape(this.shape)} was used as a JS number: JavaScript arithmetic operators and ` +
          `comparisons (x * 2, x + y, x ** 2, x > 0) do not work on tensors. Use the functions instead: ` +
          `np.multiply(x, 2) or x.mul(2), np.add/x.add, np.subtract/x.sub, np.divide/x.div, np.power/x.pow, np.greater.`,
      );
    }
    return this.item();
  }
}

// console.log(x) and the REPL print numpy's repr, `array([1., 2.])`, as `x.toString()` does. Both
// runtimes look these registered symbols up on the value, so the core needs no import of node:util.
const NODE_INSPECT = Symbol.for("nodejs.util.inspect.custom");
const DENO_INSPECT = Symbol.for("Deno.customInspect");
Object.defineProperty(Tensor.prototype, NODE_INSPECT, {
  value: function inspectTensor(this: Tensor): string {
    return this.toString();
  },
});
Object.defineProperty(Tensor.prototype, DENO_INSPECT, {
  value: function inspectTensor(this: Tensor): string {
    return this.toString();
  },
});

// strong unless a constructor says otherwise (see `weakType`)
(Tensor.prototype as { weakType?: WeakType }).weakType = undefined;

/** A tensor with data: contiguous row-major storage in a typed array. */
export class ConcreteTensor extends Tensor {
  declare readonly data: TypedArray;

  constructor(data: TypedArray, shape: Shape, dtype: DType, weakType?: WeakType) {
    super(shape, dtype, weakType);
    this.data = data;
  }

  toConcrete(): ConcreteTensor {
    return this;
  }

  withoutWeakType(): ConcreteTensor {
    return this.weakType === undefined ? this : new ConcreteTensor(this.data, this.shape, this.dtype);
  }

  override toArray(): unknown {
    const { data, shape, dtype } = this;
    const read = dtype === "bool" ? (i: number) => data[i] !== 0 : (i: number) => data[i];
    if (shape.length === 0) return read(0);
    let offset = 0;
    const build = (axis: number): unknown[] => {
      const n = shape[axis];
      const out = new Array(n);
      if (axis === shape.length - 1) {
        for (let i = 0; i < n; i++) out[i] = read(offset++);
      } else {
        for (let i = 0; i < n; i++) out[i] = build(axis + 1);
      }
      return out;
    };
    return build(0);
  }

  override item(): number {
    if (this.data.length !== 1) {
      throw new ShapeError(
        `item: tensor of shape ${formatShape(this.shape)} has ${this.data.length} elements; ` +
          `item() needs exactly one. Index it first (x.slice(0)) or reduce it (x.sum()).`,
      );
    }
    return this.data[0];
  }

  override toTypedArray(): TypedArray {
    return this.data.slice();
  }

  override toString(): string {
    return formatArray(this.data, this.shape, this.dtype, "repr");
  }

  /** numpy's `str(x)`: what `print(x)` shows in the notebooks. */
  toStr(): string {
    return formatArray(this.data, this.shape, this.dtype, "str");
  }
}


/** Whether a value is a tensor (concrete or traced). */
export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor;
}
