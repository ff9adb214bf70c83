/**
 * A stable sort of keys along one axis, carrying values along (XLA's sort
 * with one key operand, `lax.sort_key_val`): for each lane of the axis, the
 * order of its positions by key, ties in position order, NaN keys last.
 *
 * @example
 * sortKeyVal(new Uint32Array([3, 1, 2]), [3], new Int32Array([0, 1, 2]), 0); // [[1, 2, 3], [1, 2, 0]]
 */
import { allocate, dtypeOfTypedArray, type TypedArray } from "../array/dtype.ts";
import type { Shape } from "../array/shape.ts";

/** Keys sorted along `axis` and values permuted the same way (both of `shape`). */
export function sortKeyVal(keys: TypedArray, shape: Shape, values: TypedArray, axis: number): [TypedArray, TypedArray] {
  const n = shape[axis] ?? 1;
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  const outer = n === 0 ? 0 : keys.length / (n * inner);
  const sortedKeys = allocate(dtypeOfTypedArray(keys), keys.length);
  const sortedValues = allocate(dtypeOfTypedArray(values), values.length);
  const order = new Array<number>(n);
  const lane = new Float64Array(n);
  // NaN after every number, as numpy and XLA's total order for sorting
  const compare = (i: number, j: number) => {
    const a = lane[i], b = lane[j];
    if (a < b) return -1;
    if (a > b) return 1;
    const an = a !== a, bn = b !== b;
    if (an !== bn) return an ? 1 : -1;
    return i - j;
  };
  for (let o = 0; o < outer; o++) {
    for (let r = 0; r < inner; r++) {
      const base = o * n * inner + r;
      for (let i = 0; i < n; i++) {
        order[i] = i;
        lane[i] = keys[base + i * inner];
      }
      order.sort(compare);
      for (let i = 0; i < n; i++) {
        sortedKeys[base + i * inner] = keys[base + order[i] * inner];
        sortedValues[base + i * inner] = values[base + order[i] * inner];
      }
    }
  }
  return [sortedKeys, sortedValues];
}
