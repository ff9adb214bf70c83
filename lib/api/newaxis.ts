/**
 * `np.newaxis`: in `x.slice(...)` and `x.at(...)`, inserts an axis of size 1
 * where it stands, as numpy's `x[:, np.newaxis]` (see `advancedIndexing.ts`).
 * numpy spells it `None`, but in tracegrad's index specs `null` already means
 * a whole axis (`:`), so `newaxis` is its own value: a unique symbol.
 *
 * @example
 * np.arange(3).slice(null, np.newaxis).shape // [3, 1]
 * np.arange(3).slice(np.newaxis).shape       // [1, 3]
 */

/** Inserts a size-1 axis in `x.slice(...)` (numpy's `None` index). */
export const newaxis: unique symbol = Symbol("np.newaxis");

/** The type of `np.newaxis`. */
export type Newaxis = typeof newaxis;
