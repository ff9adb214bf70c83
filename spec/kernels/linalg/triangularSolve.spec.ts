/** Specs for triangularSolve: op(A) X = B or X op(A) = B for every option combination. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { triangularSolve } from "../../../lib/kernels/linalg/index.ts";
import type { TriangularSolveOptions } from "../../../lib/kernels/linalg/index.ts";
import { ShapeError } from "../../../lib/core/errors.ts";
import { EPS32, batchArb, bound, distance, entriesArb, frobenius, matrixAt, mediumDimArb, naiveMatmul, naiveTranspose } from "./helpers.ts";

/** Every combination of the four real options (conjugateA only rides along). */
const OPTION_SETS: TriangularSolveOptions[] = [];
for (const leftSide of [false, true]) {
  for (const lower of [false, true]) {
    for (const transposeA of [false, true]) {
      for (const unitDiagonal of [false, true]) {
        OPTION_SETS.push({ leftSide, lower, transposeA, unitDiagonal, conjugateA: transposeA });
      }
    }
  }
}

/**
 * A stored matrix whose `lower` (or upper) triangle holds entries in [-1, 1]
 * and a diagonal of magnitude ≥ k (well conditioned), with junk (±1000) in
 * the other triangle, which the kernel must not read.
 */
function storedTriangle(raw: Float64Array, k: number, lower: boolean): Float64Array {
  const a = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const x = raw[i * k + j];
      if (i === j) a[i * k + j] = (x < 0 ? -1 : 1) * (k + Math.abs(x));
      else if (i > j === lower) a[i * k + j] = x;
      else a[i * k + j] = 1000 * (x + 0.5);
    }
  }
  return a;
}

/** op(A) as a dense matrix: the stored triangle only, ones on the diagonal when `unitDiagonal`. */
function effectiveOp(a: Float64Array, k: number, options: TriangularSolveOptions): Float64Array {
  const t = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      if (i === j) t[i * k + j] = options.unitDiagonal ? 1 : a[i * k + j];
      else if (i > j === options.lower) t[i * k + j] = a[i * k + j];
    }
  }
  return options.transposeA ? naiveTranspose(t, k, k) : t;
}

const caseArb = fc
  .record({
    batch: batchArb(3),
    m: fc.integer({ min: 0, max: 7 }),
    n: fc.integer({ min: 0, max: 7 }),
    options: fc.constantFrom(...OPTION_SETS),
  })
  .chain((c) => {
    const k = c.options.leftSide ? c.m : c.n;
    return fc
      .tuple(entriesArb(c.batch * k * k), entriesArb(c.batch * c.m * c.n))
      .map(([rawA, b]) => {
        const a = new Float64Array(c.batch * k * k);
        for (let t = 0; t < c.batch; t++) a.set(storedTriangle(matrixAt(rawA, t, k, k), k, c.options.lower ?? false), t * k * k);
        return { ...c, k, a, b };
      });
  });

function checkSolution(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  x: ArrayLike<number>,
  c: { batch: number; m: number; n: number; k: number; options: TriangularSolveOptions },
  eps: number,
): void {
  const { batch, m, n, k, options } = c;
  for (let t = 0; t < batch; t++) {
    const op = effectiveOp(matrixAt(a, t, k, k), k, options);
    const xt = matrixAt(x, t, m, n);
    const product = options.leftSide ? naiveMatmul(op, xt, m, m, n) : naiveMatmul(xt, op, m, n, n);
    const scale = frobenius(op) * frobenius(xt);
    expect(distance(product, matrixAt(b, t, m, n))).toBeLessThanOrEqual(bound(k, scale, eps));
  }
}

describe("triangularSolve", () => {
  it("solves op(A) X = B and X op(A) = B for all 16 option combinations", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const x = triangularSolve(c.a, c.b, c.batch, c.m, c.n, c.options);
        expect(x.length).toBe(c.batch * c.m * c.n);
        checkSolution(c.a, c.b, x, c, Number.EPSILON);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps float32 storage and float32 accuracy", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const a32 = Float32Array.from(c.a);
        const b32 = Float32Array.from(c.b);
        const x = triangularSolve(a32, b32, c.batch, c.m, c.n, c.options);
        expect(x).toBeInstanceOf(Float32Array);
        checkSolution(a32, b32, x, c, EPS32);
      }),
      { numRuns: 50 },
    );
  });

  it("uses JAX's defaults (right side, upper, no transpose) when options are omitted", () => {
    // X [[2, 1], [0, 4]] = [[2, 5]]  →  X = [[1, 1]]
    const x = triangularSolve(new Float64Array([2, 1, -7, 4]), new Float64Array([2, 5]), 1, 1, 2);
    expect(Array.from(x)).toEqual([1, 1]);
  });

  it("solves medium systems (the blocked path) and a 100×100 one with many right-hand sides", () => {
    fc.assert(
      fc.property(
        fc
          .record({ k: mediumDimArb, cols: fc.integer({ min: 1, max: 12 }), options: fc.constantFrom(...OPTION_SETS) })
          .chain((c) => fc.tuple(entriesArb(c.k * c.k), entriesArb(c.k * c.cols)).map(([raw, b]) => ({ ...c, raw, b }))),
        ({ k, cols, options, raw, b }) => {
          const a = storedTriangle(raw, k, options.lower ?? false);
          const [m, n] = options.leftSide ? [k, cols] : [cols, k];
          checkSolution(a, b, triangularSolve(a, b, 1, m, n, options), { batch: 1, m, n, k, options }, Number.EPSILON);
        },
      ),
      { numRuns: 16 },
    );
    const k = 100;
    const raw = new Float64Array(k * k).map((_, i) => Math.cos(i * 1.3));
    const b = new Float64Array(k * 30).map((_, i) => Math.sin(i));
    for (const options of OPTION_SETS.filter((o) => o.leftSide)) {
      const a = storedTriangle(raw, k, options.lower ?? false);
      checkSolution(a, b, triangularSolve(a, b, 1, k, 30, options), { batch: 1, m: k, n: 30, k, options }, Number.EPSILON);
    }
  });

  it("gives non-finite entries, not an error, for a zero on the diagonal", () => {
    const x = triangularSolve(new Float64Array([1, 0, 1, 0]), new Float64Array([1, 1]), 1, 2, 1, { leftSide: true, lower: true });
    expect(x[0]).toBe(1);
    expect(Number.isFinite(x[1])).toBe(false);
  });

  it("handles empty matrices and batches", () => {
    expect(triangularSolve(new Float64Array(0), new Float64Array(0), 1, 0, 3, { leftSide: true })).toEqual(new Float64Array(0));
    expect(triangularSolve(new Float64Array(4), new Float64Array(0), 1, 0, 2)).toEqual(new Float64Array(0));
    expect(triangularSolve(new Float64Array(0), new Float64Array(0), 0, 2, 2)).toEqual(new Float64Array(0));
  });

  it("rejects mismatched buffers with a ShapeError naming the op", () => {
    expect(() => triangularSolve(new Float64Array(4), new Float64Array(6), 1, 3, 2, { leftSide: true })).toThrow(ShapeError);
    expect(() => triangularSolve(new Float64Array(4), new Float64Array(6), 1, 3, 2, { leftSide: true })).toThrow(
      /triangular_solve: a has 4 elements .*\[1, 3, 3\]/,
    );
  });
});
