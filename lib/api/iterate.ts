/**
 * Tensors iterate along axis 0, as numpy arrays do: `for (const row of x)`,
 * `const [a, b] = x`, `Array.from(x)`, `[...x]`. Each step is a slice, so it
 * works on traced tensors too (the length is static).
 *
 * A 0-d tensor is not iterable, as numpy's 0-d arrays (a `TypeError` there
 * and here): its `Symbol.iterator` is undefined, so `[...x]` throws the
 * runtime's own `TypeError` ("x is not iterable"). It is not a
 * `TracegradError` on purpose: equality helpers such as vitest's `toEqual`
 * ask every object whether it is iterable and walk it if so, and a throwing
 * iterator would make them fail on every tensor; with no iterator, 0-d
 * tensors compare by their fields as before.
 *
 * @example
 * const [k1, k2] = np.array([[1, 2], [3, 4]]); // k1 = [1, 2], k2 = [3, 4]
 */
import * as ops from "../core/ops.ts";
import { Tensor } from "../core/tensor.ts";

declare module "../core/tensor.ts" {
  interface Tensor {
    /** Iterates along axis 0 (each item drops that axis); undefined on a 0-d tensor, which is not iterable. */
    [Symbol.iterator](): IterableIterator<Tensor>;
  }
}

function* rows(x: Tensor): IterableIterator<Tensor> {
  const rest = x.shape.slice(1);
  const n = x.shape[0];
  for (let i = 0; i < n; i++) {
    yield ops.reshape(ops.slice(x, x.shape.map((_, k) => (k === 0 ? i : 0)), x.shape.map((d, k) => (k === 0 ? i + 1 : d))), rest);
  }
}

function iterate(this: Tensor): IterableIterator<Tensor> {
  return rows(this);
}

Object.defineProperty(Tensor.prototype, Symbol.iterator, {
  get(this: Tensor) {
    return this.ndim === 0 ? undefined : iterate;
  },
  configurable: true,
});
