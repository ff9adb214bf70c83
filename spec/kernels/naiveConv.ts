/**
 * A deliberately plain convolution for the kernel specs: it visits every
 * (output element, input feature, window element) triple one at a time,
 * following XLA's definition, and skips reads of padding and dilation holes.
 * The same walk, run backwards, gives the two cotangents by scattering.
 * Plus random convolution problems covering every parameter.
 */
import fc from "fast-check";
import type { ConvParams } from "../../lib/kernels/conv.ts";
import { coordsOf, flatOf } from "./naive.ts";

/** One multiply-add of the convolution: out[outIndex] += lhs[lhsIndex] * rhs[rhsIndex]. */
type Visit = (outIndex: number, lhsIndex: number, rhsIndex: number) => void;

/** Visits every term of the convolution, in output order then input feature then window element. */
function forEachTerm(lhsShape: number[], rhsShape: number[], outShape: number[], p: ConvParams, visit: Visit): void {
  const [batch, channels, ...inSpatial] = lhsShape;
  const [features, inputs, ...window] = rhsShape;
  const groups = p.featureGroupCount * p.batchGroupCount;
  const windowSize = window.reduce((a, b) => a * b, 1);
  const outSize = outShape.reduce((a, b) => a * b, 1);
  for (let outIndex = 0; outIndex < outSize; outIndex++) {
    const [n, o, ...y] = coordsOf(outIndex, outShape);
    const group = Math.floor(o / (features / groups));
    const image = p.batchGroupCount > 1 ? group * (batch / p.batchGroupCount) + n : n;
    const firstChannel = p.featureGroupCount > 1 ? group * inputs : 0;
    for (let i = 0; i < inputs; i++) {
      for (let w = 0; w < windowSize; w++) {
        const k = coordsOf(w, window);
        const x: number[] = [];
        let inside = true;
        for (let d = 0; d < window.length; d++) {
          const dilated = y[d] * p.windowStrides[d] + k[d] * p.rhsDilation[d] - p.padding[d][0];
          if (dilated < 0 || dilated % p.lhsDilation[d] !== 0 || dilated / p.lhsDilation[d] >= inSpatial[d]) inside = false;
          x.push(dilated / p.lhsDilation[d]);
        }
        if (!inside) continue;
        visit(outIndex, flatOf([image, firstChannel + i, ...x], [batch, channels, ...inSpatial]), flatOf([o, i, ...k], rhsShape));
      }
    }
  }
}

/** The convolution by its definition, summed in float64. */
export function naiveConv(lhs: ArrayLike<number>, lhsShape: number[], rhs: ArrayLike<number>, rhsShape: number[], outShape: number[], p: ConvParams): number[] {
  const out = new Array<number>(outShape.reduce((a, b) => a * b, 1)).fill(0);
  forEachTerm(lhsShape, rhsShape, outShape, p, (o, l, r) => {
    out[o] += lhs[l] * rhs[r];
  });
  return out;
}

/** The cotangents of lhs and rhs for output cotangent g, by scattering every term. */
export function naiveConvCotangents(
  g: ArrayLike<number>,
  lhs: ArrayLike<number>,
  lhsShape: number[],
  rhs: ArrayLike<number>,
  rhsShape: number[],
  outShape: number[],
  p: ConvParams,
): { lhs: number[]; rhs: number[] } {
  const dLhs = new Array<number>(lhs.length).fill(0);
  const dRhs = new Array<number>(rhs.length).fill(0);
  forEachTerm(lhsShape, rhsShape, outShape, p, (o, l, r) => {
    dLhs[l] += g[o] * rhs[r];
    dRhs[r] += g[o] * lhs[l];
  });
  return { lhs: dLhs, rhs: dRhs };
}

/** A random convolution problem: shapes and parameters. */
export interface ConvCase {
  readonly lhsShape: number[];
  readonly rhsShape: number[];
  readonly params: ConvParams;
}

/**
 * Random problems: 0 to 3 spatial axes, sizes from 0 (rarely), window strides and
 * both dilations 1..3, padding -2..3 on each side, feature or batch groups.
 */
export function convCaseArb(options: { maxRank?: number; minSize?: number } = {}): fc.Arbitrary<ConvCase> {
  const maxRank = options.maxRank ?? 3;
  const minSize = options.minSize ?? 0;
  // sizes are rarely 0 (which empties everything) unless minSize says never
  const sized = (max: number) =>
    minSize > 0 ? fc.integer({ min: minSize, max }) : fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 9, arbitrary: fc.integer({ min: 1, max }) });
  return fc.integer({ min: 0, max: maxRank }).chain((rank) => {
    const perAxis = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { minLength: rank, maxLength: rank });
    return fc
      .record({
        grouping: fc.constantFrom("none", "feature", "batch"),
        groupCount: fc.integer({ min: 2, max: 3 }),
        inputs: sized(3),
        groupFeatures: fc.integer({ min: 1, max: 4 }),
        images: sized(3),
        inSpatial: perAxis(sized(8)),
        window: perAxis(sized(3)),
        windowStrides: perAxis(fc.integer({ min: 1, max: 3 })),
        padding: perAxis(fc.tuple(fc.integer({ min: -2, max: 3 }), fc.integer({ min: -2, max: 3 }))),
        lhsDilation: perAxis(fc.integer({ min: 1, max: 3 })),
        rhsDilation: perAxis(fc.integer({ min: 1, max: 3 })),
      })
      .map((c) => {
        const featureGroupCount = c.grouping === "feature" ? c.groupCount : 1;
        const batchGroupCount = c.grouping === "batch" ? c.groupCount : 1;
        const groups = featureGroupCount * batchGroupCount;
        return {
          lhsShape: [c.images * batchGroupCount, c.inputs * featureGroupCount, ...c.inSpatial],
          rhsShape: [c.groupFeatures * groups, c.inputs, ...c.window],
          params: {
            windowStrides: c.windowStrides,
            padding: c.padding,
            lhsDilation: c.lhsDilation,
            rhsDilation: c.rhsDilation,
            featureGroupCount,
            batchGroupCount,
          },
        };
      });
  });
}

/** Small integers, so every sum is exact whatever the order. */
export function integerData(size: number, seed: number): Float64Array {
  const out = new Float64Array(size);
  let state = seed * 7919 + 17;
  for (let i = 0; i < size; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out[i] = (state % 9) - 4;
  }
  return out;
}
