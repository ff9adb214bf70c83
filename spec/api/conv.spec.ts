/**
 * The convolution and window functions through the public API: the rows
 * (cases/conv.ts), then properties on random problems of every parameter
 * (the kernel spec's convCaseArb: 0 to 3 spatial axes, strides, padding
 * that may be negative, both dilations, feature or batch groups; window
 * problems likewise) with each operand laid out by random dimension-number
 * strings: values and both gradients against plain loops over the
 * definition, vmap against a loop, jit against eager evaluation.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { grad, jit, lax, np, vmap, type Tensor } from "../../lib/index.ts";
import { convOutputShape } from "../../lib/kernels/conv.ts";
import { reduceWindowShape } from "../../lib/kernels/window.ts";
import { coordsOf, flatOf } from "../kernels/naive.ts";
import { convCaseArb, integerData, naiveConv, naiveConvCotangents, type ConvCase } from "../kernels/naiveConv.ts";
import { naiveReduceWindow, windowCaseArb } from "../kernels/naiveWindow.ts";
import { runRows } from "./harness.ts";
import { convRows } from "./cases/conv.ts";

runRows(convRows);

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** A problem with its operands laid out by dimension-number strings. */
interface Laid {
  readonly c: ConvCase;
  /** ["NHWC", "HWIO", "NHWC"]-like strings; the window's axes are the spatial letters in the rhs string's order. */
  readonly specs: [string, string, string];
}

/** Random layouts: a random order of N, C (O, I) and the spatial letters in each string. */
const laidArb: fc.Arbitrary<Laid> = convCaseArb({ maxRank: 3 }).chain((c) => {
  const spatial = ["H", "W", "D"].slice(0, c.lhsShape.length - 2);
  const order = (letters: string[]) => fc.shuffledSubarray(letters, { minLength: letters.length, maxLength: letters.length }).map((l) => l.join(""));
  return fc.tuple(order(["N", "C", ...spatial]), order(["O", "I", ...spatial]), order(["N", "C", ...spatial])).map((specs) => ({ c, specs }));
});

/** The canonical axis of each letter of `spec`: batch/out-feature 0, feature/in-feature 1, spatial d at 2 + (its rank in the rhs string). */
function canonicalAxes(spec: string, rhsSpec: string, pair: string): number[] {
  const spatial = rhsSpec.split("").filter((l) => l !== "O" && l !== "I");
  return spec.split("").map((l) => (l === pair[0] ? 0 : l === pair[1] ? 1 : 2 + spatial.indexOf(l)));
}

/** Canonical row-major data (shape `canonical`) laid out as `spec`: result axis j holds canonical axis axes[j]. */
function layOut(data: ArrayLike<number>, canonical: readonly number[], axes: readonly number[]): { data: number[]; shape: number[] } {
  const shape = axes.map((a) => canonical[a]);
  const out = Array.from({ length: size(shape) }, (_, i) => {
    const c = coordsOf(i, shape);
    const src = new Array<number>(canonical.length);
    axes.forEach((a, j) => (src[a] = c[j]));
    return data[flatOf(src, canonical)];
  });
  return { data: out, shape };
}

/** The problem's tensors and the call, through lax.convGeneralDilated with string dimension numbers. */
function setUp({ c, specs }: Laid, seed: number) {
  const [ls, rs, os] = specs;
  const lhsAxes = canonicalAxes(ls, rs, "NC");
  const rhsAxes = canonicalAxes(rs, rs, "OI");
  const outAxes = canonicalAxes(os, rs, "NC");
  const lhsData = integerData(size(c.lhsShape), seed);
  const rhsData = integerData(size(c.rhsShape), seed + 1);
  const lhs = layOut(lhsData, c.lhsShape, lhsAxes);
  const rhs = layOut(rhsData, c.rhsShape, rhsAxes);
  const x = np.array(lhs.data).reshape(lhs.shape);
  const w = np.array(rhs.data).reshape(rhs.shape);
  const p = c.params;
  const f = (a: Tensor, b: Tensor) =>
    lax.convGeneralDilated(a, b, p.windowStrides, p.padding, {
      lhsDilation: p.lhsDilation,
      rhsDilation: p.rhsDilation,
      dimensionNumbers: specs,
      featureGroupCount: p.featureGroupCount,
      batchGroupCount: p.batchGroupCount,
    });
  const outC = convOutputShape(c.lhsShape, c.rhsShape, p);
  return { x, w, f, lhsData, rhsData, lhsAxes, rhsAxes, outAxes, outC };
}

describe("lax.convGeneralDilated on random problems, any layout", () => {
  it("equals the definition (a plain loop) for every parameter", () => {
    fc.assert(
      fc.property(laidArb, fc.nat(1000), (laid, seed) => {
        const s = setUp(laid, seed);
        const expected = layOut(naiveConv(s.lhsData, laid.c.lhsShape, s.rhsData, laid.c.rhsShape, s.outC, laid.c.params), s.outC, s.outAxes);
        const out = s.f(s.x, s.w);
        expect(out.shape).toEqual(expected.shape);
        expect(Array.from(out.toTypedArray())).toEqual(expected.data.map((v) => v + 0)); // small integers: exact
      }),
      { numRuns: 150 },
    );
  });

  it("has gradients equal to the cotangents scattered from the definition", () => {
    fc.assert(
      fc.property(laidArb, fc.nat(1000), (laid, seed) => {
        const s = setUp(laid, seed);
        const gC = integerData(size(s.outC), seed + 2);
        const g = layOut(gC, s.outC, s.outAxes);
        const gt = np.array(g.data).reshape(g.shape);
        const [dx, dw] = grad((a: Tensor, b: Tensor) => np.sum(np.multiply(s.f(a, b), gt)), { argnums: [0, 1] })(s.x, s.w) as Tensor[];
        const want = naiveConvCotangents(gC, s.lhsData, laid.c.lhsShape, s.rhsData, laid.c.rhsShape, s.outC, laid.c.params);
        expect(Array.from(dx.toTypedArray())).toEqual(layOut(want.lhs, laid.c.lhsShape, s.lhsAxes).data.map((v) => v + 0));
        expect(Array.from(dw.toTypedArray())).toEqual(layOut(want.rhs, laid.c.rhsShape, s.rhsAxes).data.map((v) => v + 0));
      }),
      { numRuns: 100 },
    );
  });

  it("vmap equals a loop (lhs, rhs or both batched) and jit equals eager", () => {
    fc.assert(
      fc.property(laidArb, fc.nat(1000), fc.constantFrom("lhs", "rhs", "both"), (laid, seed, which) => {
        const s = setUp(laid, seed);
        const xs = [0, 1].map((k) => np.multiply(s.x, k - 0.5));
        const ws = [0, 1].map((k) => np.add(s.w, k));
        const bx = which === "rhs" ? s.x : np.stack(xs, s.x.ndim);
        const bw = which === "lhs" ? s.w : np.stack(ws, 0);
        const out = vmap(s.f, { inAxes: [which === "rhs" ? null : s.x.ndim, which === "lhs" ? null : 0] })(bx, bw);
        const loop = np.stack([0, 1].map((k) => s.f(which === "rhs" ? s.x : xs[k], which === "lhs" ? s.w : ws[k])));
        expect(out).toBeAllclose(loop, { rtol: 0, atol: 0 });
        const jitted = jit(s.f)(s.x, s.w);
        expect(Array.from(jitted.toTypedArray())).toEqual(Array.from(s.f(s.x, s.w).toTypedArray()));
      }),
      { numRuns: 100 },
    );
  });

  it('gives "SAME" outputs of ceil(L / stride) and "VALID" ones of floor((L - K′) / stride) + 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 2 }), (n, k, stride, rate) => {
        const x = np.ones([1, 1, n]);
        const w = np.ones([1, 1, k]);
        for (const mode of ["SAME", "SAME_LOWER"] as const) {
          expect(lax.convGeneralDilated(x, w, [stride], mode, { rhsDilation: [rate] }).shape[2]).toBe(Math.ceil(n / stride));
        }
        const span = (k - 1) * rate + 1;
        expect(lax.convGeneralDilated(x, w, [stride], "VALID", { rhsDilation: [rate] }).shape[2]).toBe(n < span ? 0 : Math.floor((n - span) / stride) + 1);
      }),
    );
  });
});

describe("lax.reduceWindow on random windows", () => {
  const computations = [["add", "sum", 0], ["max", "max", -Infinity], ["min", "min", Infinity]] as const;
  it("equals the definition for every parameter, and the sum's gradient counts the windows covering each element", () => {
    fc.assert(
      fc.property(windowCaseArb(3), fc.constantFrom(...computations), fc.nat(1000), ({ shape, params }, [name, op, init], seed) => {
        const data = integerData(size(shape), seed);
        const x = np.array(Array.from(data)).reshape(shape);
        const p = params;
        const f = (t: Tensor) => lax.reduceWindow(t, init, name, p.windowDimensions, p.windowStrides, p.padding, p.baseDilation, p.windowDilation);
        const out = f(x);
        expect(out.shape).toEqual(reduceWindowShape(shape, params));
        expect(Array.from(out.toTypedArray())).toEqual(naiveReduceWindow(data, shape, op, params, "float64"));
        expect(Array.from(jit(f)(x).toTypedArray())).toEqual(Array.from(out.toTypedArray()));
        if (op === "sum" && size(shape) > 0) {
          // d Σ out / dx_i = the number of windows that read x_i
          const counts = new Array<number>(size(shape)).fill(0);
          const ones = new Float64Array(size(shape));
          for (let i = 0; i < ones.length; i++) {
            ones.fill(0);
            ones[i] = 1;
            counts[i] = naiveReduceWindow(ones, shape, "sum", params, "float64").reduce((a, b) => a + b, 0);
          }
          expect(Array.from(grad((t: Tensor) => np.sum(f(t)))(x).toTypedArray())).toEqual(counts);
        }
      }),
      { numRuns: 150 },
    );
  });
});
