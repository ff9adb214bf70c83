/** Specs for det and slogdet: closed forms, products of eigenvalues, multiplicativity, singular and overflowing cases. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { det, eigh, slogdet } from "../../../lib/kernels/linalg/index.ts";
import { ShapeError } from "../../../lib/core/errors.ts";
import { batchArb, entriesArb, matrixAt, naiveMatmul, symmetric } from "./helpers.ts";

const caseArb = fc
  .record({ batch: batchArb(3), n: fc.integer({ min: 0, max: 7 }) })
  .chain((c) => entriesArb(c.batch * c.n * c.n).map((a) => ({ ...c, a })));

/** The Leibniz formula (sum over permutations): an independent reference for n ≤ 7. */
function leibniz(a: ArrayLike<number>, n: number): number {
  let total = 0;
  const perm = Array.from({ length: n }, (_, i) => i);
  const visit = (depth: number, sign: number): void => {
    if (depth === n) {
      let p = sign;
      for (let i = 0; i < n; i++) p *= a[i * n + perm[i]];
      total += p;
      return;
    }
    for (let i = depth; i < n; i++) {
      [perm[depth], perm[i]] = [perm[i], perm[depth]];
      visit(depth + 1, i === depth ? sign : -sign);
      [perm[depth], perm[i]] = [perm[i], perm[depth]];
    }
  };
  visit(0, 1);
  return total;
}

describe("det", () => {
  it("matches the Leibniz formula on random batches", () => {
    fc.assert(
      fc.property(caseArb, ({ batch, n, a }) => {
        const d = det(a, batch, n);
        expect(d.length).toBe(batch);
        for (let t = 0; t < batch; t++) {
          const reference = leibniz(matrixAt(a, t, n, n), n);
          // |error| ≲ n ε ∏‖rows‖ (Hadamard's bound on |det| for entries in [-1, 1])
          expect(Math.abs(d[t] - reference)).toBeLessThanOrEqual(20 * Math.max(n, 1) * Number.EPSILON * n ** (n / 2));
        }
      }),
      { numRuns: 150 },
    );
  });

  it("equals the product of the eigenvalues of a symmetric matrix", () => {
    fc.assert(
      fc.property(caseArb, ({ batch, n, a }) => {
        for (let t = 0; t < batch; t++) {
          const s = symmetric(matrixAt(a, t, n, n), n);
          const product = eigh(s, 1, n).values.reduce((p, x) => p * x, 1);
          expect(Math.abs(det(s, 1, n)[0] - product)).toBeLessThanOrEqual(100 * Number.EPSILON * Math.max(1, n ** (n / 2)));
        }
      }),
      { numRuns: 50 },
    );
  });

  it("is multiplicative: det(AB) = det(A) det(B)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(fc.constant(n), entriesArb(n * n), entriesArb(n * n))), ([n, a, b]) => {
        const ab = naiveMatmul(a, b, n, n, n);
        const expected = det(a, 1, n)[0] * det(b, 1, n)[0];
        expect(Math.abs(det(ab, 1, n)[0] - expected)).toBeLessThanOrEqual(1e-13 * Math.max(1, n ** n));
      }),
    );
  });

  it("matches closed forms: 2×2, triangular, permutations, singular, 0×0", () => {
    expect(Array.from(det(new Float64Array([1, 2, 3, 4]), 1, 2))).toEqual([-2]);
    expect(Array.from(det(new Float64Array([2, 5, 7, 0, 3, 1, 0, 0, -4]), 1, 3))).toEqual([-24]);
    expect(Array.from(det(new Float64Array([0, 1, 0, 0, 0, 1, 1, 0, 0]), 1, 3))).toEqual([1]); // a 3-cycle is even
    expect(Array.from(det(new Float64Array([0, 1, 1, 0]), 1, 2))).toEqual([-1]);
    expect(Math.abs(det(new Float64Array([1, 2, 2, 4]), 1, 2)[0])).toBe(0);
    expect(Array.from(det(new Float64Array(0), 2, 0))).toEqual([1, 1]);
    expect(det(new Float32Array([2, 0, 0, 3]), 1, 2)).toEqual(new Float32Array([6]));
  });

  it("propagates NaN and rejects mismatched buffers", () => {
    expect(det(new Float64Array([NaN, 0, 0, 1]), 1, 2)[0]).toBeNaN();
    expect(() => det(new Float64Array(3), 1, 2)).toThrow(ShapeError);
  });
});

describe("slogdet", () => {
  it("gives sign · exp(logAbsDet) = det", () => {
    fc.assert(
      fc.property(caseArb, ({ batch, n, a }) => {
        const { sign, logAbsDet } = slogdet(a, batch, n);
        const d = det(a, batch, n);
        for (let t = 0; t < batch; t++) {
          expect([-1, 0, 1]).toContain(sign[t]);
          if (sign[t] === 0) {
            expect(Math.abs(d[t])).toBe(0);
            expect(logAbsDet[t]).toBe(-Infinity);
          } else if (Math.abs(d[t]) > 1e-280) {
            // det's running product stayed normal (|U[i, i]| ≤ 2⁶ here), so it is as accurate as slogdet
            expect(sign[t]).toBe(Math.sign(d[t]));
            expect(Math.abs(logAbsDet[t] - Math.log(Math.abs(d[t])))).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(logAbsDet[t])));
          } else {
            // det underflowed (to a subnormal or zero); slogdet did not
            expect(Number.isFinite(logAbsDet[t])).toBe(true);
            expect(logAbsDet[t]).toBeLessThan(Math.log(1e-280) + 10 * Math.log(2));
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it("stays finite where det overflows or underflows", () => {
    const n = 40;
    for (const scale of [1e10, 1e-10]) {
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) a[i * n + i] = i === 0 ? -scale : scale;
      const d = det(a, 1, n)[0];
      expect(scale > 1 ? d === -Infinity : Object.is(d, -0)).toBe(true);
      const { sign, logAbsDet } = slogdet(a, 1, n);
      expect(sign[0]).toBe(-1);
      expect(logAbsDet[0]).toBeCloseTo(n * Math.log(scale), 10);
    }
  });

  it("gives (0, -Infinity) for singular matrices and (1, 0) for 0×0", () => {
    const singular = slogdet(new Float64Array([1, 2, 2, 4, 0, 0, 0, 0]), 2, 2);
    expect(Array.from(singular.sign)).toEqual([0, 0]);
    expect(Array.from(singular.logAbsDet)).toEqual([-Infinity, -Infinity]);
    const empty = slogdet(new Float64Array(0), 1, 0);
    expect([empty.sign[0], empty.logAbsDet[0]]).toEqual([1, 0]);
    const nan = slogdet(new Float64Array([NaN]), 1, 1);
    expect(nan.sign[0]).toBeNaN();
    expect(nan.logAbsDet[0]).toBeNaN();
  });
});
