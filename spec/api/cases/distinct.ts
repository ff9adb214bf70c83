/**
 * Arguments for rows of functions with kinks at ties (sort, quantiles, top-k):
 * float64 tensors whose elements are pairwise at least 0.25 apart, so the
 * central differences of checkGrads never cross a tie.
 */
import fc from "fast-check";
import { np } from "../../../lib/index.ts";
import { custom, type ArgSpec } from "../harness.ts";

/** A float64 argument of `shape` with distinct elements (gaps >= 0.25) in about [-n/4, n/4]. */
export function distinctF64(shape: readonly number[]): ArgSpec {
  const n = shape.reduce((a, b) => a * b, 1);
  const arb = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }).map((keys) => {
    const order = keys.map((k, i) => [k, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const data = new Array<number>(n);
    order.forEach(([k, i], rank) => (data[i] = 0.5 * (rank - n / 2) + 0.2 * k));
    return np.array(data).reshape([...shape]);
  });
  return custom(shape, "float64", arb);
}
