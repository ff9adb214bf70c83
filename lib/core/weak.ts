/**
 * Weak types at the boundary of a transform. A JS number or boolean passed to
 * `jit`, `vmap`, `jvp`, `grad` (as a differentiated argument), `cond`,
 * `customJvp`, ... becomes a 0-d tensor that remembers it was a JS scalar
 * (`Tensor.weakType`, JAX's `weak_type`), so the function promotes it as
 * eager mode promotes the number itself: `x_f32 * c` stays float32.
 *
 * @example
 * argumentTensor(2, "jit").weakType;   // "int"
 * argumentTensor(0.5, "jit").weakType; // "float"
 */
import { weakTypeOf } from "../array/dtype.ts";
import { isTensorArg, liveTensorOrThrow, toTensor } from "./convert.ts";
import { ConcreteTensor, Tensor, type ArrayLike } from "./tensor.ts";

/**
 * A leaf of a transform's arguments as a tensor: JS scalars weakly typed, tensors as they are (weak ones
 * stay weak; a leaked tracer is a `TracerLeakError`), other array-likes converted.
 */
export function argumentTensor(leaf: unknown, op: string): Tensor {
  if (typeof leaf === "number") return new ConcreteTensor(Float64Array.of(leaf), [], "float64", weakTypeOf(leaf));
  if (typeof leaf === "boolean") return new ConcreteTensor(Uint8Array.of(leaf ? 1 : 0), [], "bool", "bool");
  if (isTensorArg(op, leaf)) return liveTensorOrThrow(op, leaf);
  return toTensor(leaf as ArrayLike, op);
}

/** The values as strong tensors (a loop carry keeps the dtype eager mode gives a JS number: float64, or bool). */
export function withoutWeakTypes(values: readonly Tensor[]): Tensor[] {
  return values.map((v) => v.withoutWeakType());
}
