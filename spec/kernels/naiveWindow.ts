/**
 * Plain references for the windowed reductions (shared by the kernel,
 * primitive and API specs): every window element visited one at a time,
 * padding and dilation holes skipped; XLA's select for the pooling
 * derivatives; and random windows covering every parameter.
 */
import fc from "fast-check";
import type { DType } from "../../lib/array/dtype.ts";
import { reduceWindowShape, reductionIdentity } from "../../lib/kernels/window.ts";
import type { WindowParams, WindowReduction } from "../../lib/kernels/window.ts";
import { coordsOf, flatOf } from "./naive.ts";

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** The operand elements window `outIndex` reads, in row-major window order (padding and holes skipped). */
export function windowReads(shape: number[], outShape: number[], p: WindowParams, outIndex: number): number[] {
  const y = coordsOf(outIndex, outShape);
  const reads: number[] = [];
  for (let w = 0; w < size(p.windowDimensions); w++) {
    const k = coordsOf(w, p.windowDimensions);
    const x: number[] = [];
    let inside = true;
    for (let d = 0; d < shape.length; d++) {
      const dilated = y[d] * p.windowStrides[d] + k[d] * p.windowDilation[d] - p.padding[d][0];
      if (dilated < 0 || dilated % p.baseDilation[d] !== 0 || dilated / p.baseDilation[d] >= shape[d]) inside = false;
      x.push(dilated / p.baseDilation[d]);
    }
    if (inside) reads.push(flatOf(x, shape));
  }
  return reads;
}

export function naiveReduceWindow(x: ArrayLike<number>, shape: number[], op: WindowReduction, p: WindowParams, dtype: DType): number[] {
  const outShape = reduceWindowShape(shape, p);
  return Array.from({ length: size(outShape) }, (_, i) => {
    const values = windowReads(shape, outShape, p, i).map((at) => x[at]);
    if (values.length === 0) return reductionIdentity(op, dtype);
    if (op === "sum") return values.reduce((a, b) => a + b, 0);
    if (values.some((v) => Number.isNaN(v))) return NaN;
    return op === "max" ? Math.max(...values) : Math.min(...values);
  });
}

/** XLA's select: visit the window in order, replace the choice unless current >= candidate (<= for min). */
export function naiveSelected(x: ArrayLike<number>, shape: number[], select: "max" | "min", p: WindowParams): number[] {
  const outShape = reduceWindowShape(shape, p);
  return Array.from({ length: size(outShape) }, (_, i) => {
    let chosen = -1;
    for (const at of windowReads(shape, outShape, p, i)) {
      const keep = chosen >= 0 && (select === "max" ? x[chosen] >= x[at] : x[chosen] <= x[at]);
      if (!keep) chosen = at;
    }
    return chosen;
  });
}

export interface WindowCase {
  readonly shape: number[];
  readonly params: WindowParams;
}

export function windowCaseArb(maxRank = 4): fc.Arbitrary<WindowCase> {
  return fc.integer({ min: 1, max: maxRank }).chain((rank) => {
    const perAxis = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { minLength: rank, maxLength: rank });
    return fc
      .record({
        shape: perAxis(fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 9, arbitrary: fc.integer({ min: 1, max: 6 }) })),
        windowDimensions: perAxis(fc.integer({ min: 0, max: 3 })),
        windowStrides: perAxis(fc.integer({ min: 1, max: 3 })),
        padding: perAxis(fc.tuple(fc.integer({ min: -2, max: 2 }), fc.integer({ min: -2, max: 2 }))),
        baseDilation: perAxis(fc.integer({ min: 1, max: 3 })),
        windowDilation: perAxis(fc.integer({ min: 1, max: 3 })),
      })
      .map(({ shape, ...params }) => ({ shape, params }));
  });
}
