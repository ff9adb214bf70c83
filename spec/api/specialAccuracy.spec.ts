/**
 * The accuracy of `special` (and nn.log1mexp) against mpmath: points across
 * each function's domain (fixed ones where methods switch or values are
 * delicate, and seeded uniform and log-uniform draws), the expected values
 * computed once with mpmath 1.3 at 60 digits (spec/api/specialAccuracy.data.ts
 * says how), and the largest error in ulps each function may have. The
 * README's accuracy table gives the maxima over thousands of points.
 */
import { describe, expect, it } from "vitest";
import { nn, np, special, type Tensor } from "../../lib/index.ts";
import { ACCURACY_POINTS } from "./specialAccuracy.data.ts";

const view = new DataView(new ArrayBuffer(8));

/** The spacing of doubles at |v|: the distance to the next double away from zero. */
function ulp(v: number): number {
  const a = Math.abs(v);
  view.setFloat64(0, a);
  view.setBigUint64(0, view.getBigUint64(0) + 1n);
  return view.getFloat64(0) - a;
}

/** |actual − expected| in ulps of expected (0 when both are the same non-finite value). */
function ulpError(actual: number, expected: number): number {
  if (!Number.isFinite(expected) || expected === 0) return Object.is(actual, expected) || actual === expected ? 0 : Infinity;
  return Math.abs(actual - expected) / ulp(expected);
}

type Unary = (x: Tensor) => Tensor;
type Binary = (x: Tensor, y: Tensor) => Tensor;

/** Each function, its largest allowed error in ulps, and where that is measured (the rest must be within `absolute`). */
const UNARY: [keyof typeof ACCURACY_POINTS, Unary, number][] = [
  ["erf", special.erf, 1],
  ["erfc", special.erfc, 3],
  ["erfinv", special.erfinv, 4],
  ["gammaln", special.gammaln, 5],
  ["digamma", special.digamma, 4],
  ["ndtr", special.ndtr, 3],
  ["logNdtr", special.logNdtr, 3],
  ["ndtri", special.ndtri, 5],
  ["logit", special.logit, 2],
  ["expit", special.expit, 2],
  ["entr", special.entr, 1],
  ["i0e", special.i0e, 3],
  ["i1e", special.i1e, 4],
  ["log1mexp", nn.log1mexp, 1],
];

const BINARY: [keyof typeof ACCURACY_POINTS, Binary, number][] = [
  ["polygamma", (m, x) => special.polygamma(m.astype("int32"), x), 4],
  // where |betaln| >= 1; next to its zeros the error is absolute (below)
  ["betaln", special.betaln, 7],
  ["xlogy", special.xlogy, 1],
  ["xlog1py", special.xlog1py, 2],
];

describe("accuracy of special against mpmath", () => {
  for (const [name, f, bound] of UNARY) {
    it(`${name} within ${bound} ulp`, () => {
      const rows = ACCURACY_POINTS[name] as readonly (readonly number[])[];
      const got = f(np.array(rows.map((r) => r[0]))).toTypedArray();
      const errors = rows.map((r, k) => [ulpError(got[k], r[1]), r[0]]);
      const worst = errors.reduce((w, e) => (e[0] > w[0] ? e : w));
      expect(worst[0], `${name}: ${worst[0]} ulp at x = ${worst[1]}`).toBeLessThanOrEqual(bound);
    });
  }
  for (const [name, f, bound] of BINARY) {
    it(`${name} within ${bound} ulp`, () => {
      const rows = ACCURACY_POINTS[name] as readonly (readonly number[])[];
      const got = f(np.array(rows.map((r) => r[0])), np.array(rows.map((r) => r[1]))).toTypedArray();
      for (let k = 0; k < rows.length; k++) {
        const [a, b, expected] = rows[k];
        const where = `${name}(${a}, ${b}) = ${got[k]}, expected ${expected}`;
        if (name === "betaln" && Math.abs(expected) < 1) expect(Math.abs(got[k] - expected), where).toBeLessThanOrEqual(1e-15);
        else expect(ulpError(got[k], expected), where).toBeLessThanOrEqual(bound);
      }
    });
  }
});
