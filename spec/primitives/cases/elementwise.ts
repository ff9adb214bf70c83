/**
 * Cases for the elementwise primitives: unary math, binary arithmetic with
 * broadcasting, comparisons, select, rounding, dtype conversion,
 * stop_gradient.
 */
import fc from "fast-check";
import type { PrimName } from "../../../lib/core/primitive.ts";
import * as ops from "../../../lib/core/ops.ts";
import { dataOf, type Tensor } from "../../../lib/core/tensor.ts";
import {
  avalStr,
  awayFromZero,
  broadcastPairArb,
  broadcastShapesArb,
  draw,
  mapBroadcast,
  mixedShapeArb,
  positive,
  real,
  shapeArb,
  tensorArb,
  tieValue,
  type Case,
  type DiffCase,
  type ValueCase,
} from "../harness.ts";
import { atEveryPosition, binaryCase, unaryCase, type Mode } from "./builders.ts";

// unary

const logistic = (v: number) => 1 / (1 + Math.exp(-v));

/** erf by its Maclaurin series 2/√π Σ (−1)ⁿ x²ⁿ⁺¹ / (n! (2n+1)), to about 1e-14 for |x| <= 3 (the terms peak near 170). */
function erfSeries(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

const unaryCases: Case[] = [
  unaryCase("neg", ops.neg, real(3), (v) => -v),
  // |x| <= 3 keeps exp and its derivatives small
  unaryCase("exp", ops.exp, real(3), Math.exp),
  unaryCase("log", ops.log, positive(0.1, 5), Math.log),
  unaryCase("log1p", ops.log1p, positive(-0.9, 3), Math.log1p),
  unaryCase("expm1", ops.expm1, real(3), Math.expm1),
  unaryCase("sin", ops.sin, real(4), Math.sin),
  unaryCase("cos", ops.cos, real(4), Math.cos),
  unaryCase("tanh", ops.tanh, real(3), Math.tanh),
  unaryCase("atan", ops.atan, real(4), Math.atan),
  unaryCase("sqrt", ops.sqrt, positive(0.1, 5), Math.sqrt),
  // away from the kink at 0 (second order is 0 there, and central differences never cross the kink); at an
  // edge, zeros (±0) among other values: JAX's select(x >= 0, t, -t), so d|x| = t at 0 and at -0
  unaryCase("abs", ops.abs, awayFromZero(0.05, 3), Math.abs, "abs", { elem: tieValue, jvp: (x, t) => (x >= 0 ? t : -t) }),
  unaryCase("logistic", ops.logistic, real(6), logistic),
  // |x| <= 3: the series reference's range (the values themselves are pinned over the whole line in kernels/special.spec.ts)
  unaryCase("erf", ops.erf, real(3), erfSeries),
  unaryCase("erfc", ops.erfc, real(3), (v) => 1 - erfSeries(v)),
  ...[-3, -2, -1, 0, 1, 2, 3, 5].map((y) =>
    // negative powers: away from the pole at 0; others draw exact zeros now and then (d x^0 = 0 and d x^2 = 0 there)
    unaryCase("integer_pow", (x) => ops.integerPow(x, y), y < 0 ? awayFromZero(0.3, 2) : fc.oneof({ weight: 4, arbitrary: real(2) }, { weight: 1, arbitrary: fc.constant(0) }), (v) => v ** y, `integer_pow y=${y}`),
  ),
];

// binary

/** d max(a, b) (d min with `wins` reversed): the winner's tangent, half of each at a tie (as JAX). */
const extremumJvp = (wins: (a: number, b: number) => boolean) => (a: number, b: number, ta: number, tb: number) =>
  a === b ? (ta + tb) / 2 : wins(a, b) ? ta : tb;

/** At every broadcast position, |a - b| >= gap (away from the kink of max/min). */
const apart = (gap: number) => atEveryPosition((a, b) => Math.abs(a - b) >= gap);

const binaryDiffCases: DiffCase[] = [
  binaryCase("add", ops.add, real(3), real(3), (a, b) => a + b),
  binaryCase("sub", ops.sub, real(3), real(3), (a, b) => a - b),
  binaryCase("mul", ops.mul, real(3), real(3), (a, b) => a * b),
  // the divisor away from the pole at 0
  binaryCase("div", ops.div, real(3), awayFromZero(0.5, 3), (a, b) => a / b),
  // a positive base (the b·log(a) term), exponents of either sign; at an edge, zero bases with exponents 0..3
  // (JAX's conventions: d/da 0^0 = 0, d/da 0^1 = 1, d/da 0^b = 0 for b >= 2, and d/db 0^b = 0, log 0 replaced)
  binaryCase("pow", ops.pow, positive(0.3, 3), real(2), (a, b) => a ** b, undefined, {
    elemA: fc.oneof(fc.constant(0), positive(0.3, 3)),
    elemB: fc.constantFrom(0, 1, 2, 3),
    jvp: (a, b, ta, tb) => {
      const dA = b === 0 ? 0 : a === 0 ? (b === 1 ? 1 : 0) : b * a ** (b - 1);
      const dB = a === 0 ? 0 : Math.log(a) * a ** b;
      return dA * ta + dB * tb;
    },
  }),
  // operands at least 1e-3 apart away from the edge (small shapes: the filter would reject large ones), where
  // max/min are differentiable; at an edge, ties (and ±0) everywhere: the tangent splits in half (as JAX)
  binaryCase("max", ops.max, real(3), real(3), Math.max, apart(1e-3), { elemA: tieValue, elemB: tieValue, jvp: extremumJvp((a, b) => a > b) }, broadcastPairArb(shapeArb())),
  binaryCase("min", ops.min, real(3), real(3), Math.min, apart(1e-3), { elemA: tieValue, elemB: tieValue, jvp: extremumJvp((a, b) => a < b) }, broadcastPairArb(shapeArb())),
];

// select

const selectCase: DiffCase = {
  kind: "diff",
  prim: "select",
  name: "select",
  arb: fc
    .tuple(broadcastShapesArb(3), fc.constantFrom<Mode>("both", "left", "right"))
    .chain(([[sp, sa, sb], mode]) =>
      fc.tuple(tensorArb(sp, fc.integer({ min: 0, max: 1 }), "bool"), tensorArb(sa, real(3)), tensorArb(sb, real(3)), fc.constant(mode)),
    )
    .map(([p, a, b, mode]) => {
      const desc = `select(${avalStr(p)}, ${avalStr(a)}${mode === "right" ? " const" : ""}, ${avalStr(b)}${mode === "left" ? " const" : ""})`;
      const expected = () => mapBroadcast([p, a, b], "float64", (c, x, y) => (c ? x : y));
      if (mode === "left") return draw(desc, (x) => ops.select(p, x, b), [a], expected);
      if (mode === "right") return draw(desc, (x) => ops.select(p, a, x), [b], expected);
      return draw(desc, (x, y) => ops.select(p, x, y), [a, b], expected);
    }),
};

// conversions

const convertCases: Case[] = [
  {
    kind: "diff",
    prim: "convert_element_type",
    name: "convert_element_type f64->f32",
    arb: mixedShapeArb()
      .chain((s) => tensorArb(s, real(3)))
      .map((x) =>
        draw(`convert(${avalStr(x)}, float32)`, (t) => ops.convert(t, "float32"), [x], () => ({
          shape: x.shape,
          dtype: "float32",
          data: Float32Array.from(dataOf(x)),
        })),
      ),
    // float32 output: a central difference is quantized by the float32 spacing (2.4e-7 at |y| = 3), so the step is
    // 1e-3 and the error up to ~1.2e-4; the dot-product identity holds to float32 rounding of the cotangent
    tol: { eps: 1e-3, rtol: 1e-3, atol: 1e-3, dot: 1e-6 },
  },
  {
    kind: "diff",
    prim: "convert_element_type",
    name: "convert_element_type f32->f64",
    arb: shapeArb()
      .chain((s) => tensorArb(s, real(3), "float32"))
      .map((x) =>
        draw(`convert(${avalStr(x)}, float64)`, (t) => ops.convert(t, "float64"), [x], () => ({
          shape: x.shape,
          dtype: "float64",
          data: Float64Array.from(dataOf(x)),
        })),
      ),
    // float32 input: x ± eps·t is rounded to float32 (same quantization as above)
    tol: { eps: 1e-3, rtol: 1e-3, atol: 1e-3, dot: 1e-6 },
  },
  ...(["int32", "bool"] as const).map(
    (dtype): ValueCase => ({
      kind: "value",
      prim: "convert_element_type",
      name: `convert_element_type f64->${dtype}`,
      arb: mixedShapeArb()
        .chain((s) => tensorArb(s, fc.oneof(real(5), fc.constantFrom(NaN, Infinity, -Infinity, 0, -0, 0.5, -0.5, 1, -1.5, 2.999))))
        .map((x) =>
          draw(`convert(${avalStr(x)}, ${dtype})`, (t) => ops.convert(t, dtype), [x], () =>
            // numpy's astype: truncation toward zero for int32, nonzero for bool
            mapBroadcast([x], dtype, dtype === "int32" ? Math.trunc : (v) => (v !== 0 ? 1 : 0)),
          ),
        ),
    }),
  ),
];

// value-only primitives

function compareCase(prim: PrimName, bind: (a: Tensor, b: Tensor) => Tensor, fn: (a: number, b: number) => boolean): ValueCase {
  // small integers make ties (where eq/le/ge differ from ne/lt/gt) common; NaN compares unequal and unordered
  const elem = fc.oneof({ arbitrary: fc.integer({ min: -2, max: 2 }), weight: 4 }, { arbitrary: real(2), weight: 4 }, { arbitrary: fc.constantFrom(NaN, Infinity, -Infinity), weight: 1 });
  return {
    kind: "value",
    prim,
    name: prim,
    arb: broadcastPairArb()
      .chain(([sa, sb]) => fc.tuple(tensorArb(sa, elem), tensorArb(sb, elem)))
      .map(([a, b]) => draw(`${prim}(${avalStr(a)}, ${avalStr(b)})`, bind, [a, b], () => mapBroadcast([a, b], "bool", (x, y) => (fn(x, y) ? 1 : 0)))),
  };
}

/** numpy's round: ties to the even integer. */
function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  return d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
}

/** Ties away from zero. */
function roundHalfAway(v: number): number {
  const a = Math.abs(v);
  const r = a - Math.floor(a) >= 0.5 ? Math.floor(a) + 1 : Math.floor(a);
  return v < 0 ? -r : r;
}

/** A rounding primitive: a plain-JS reference, with ties (half-integers), integers, zeros and the IEEE specials drawn often. */
function roundingCase(prim: PrimName, name: string, bind: (x: Tensor) => Tensor, reference: (v: number) => number): ValueCase {
  const elem = fc.oneof(
    { arbitrary: real(5), weight: 4 },
    { arbitrary: fc.integer({ min: -10, max: 10 }).map((k) => k / 2), weight: 4 },
    { arbitrary: fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 0.49999999999999994, 2 ** 52 - 0.5, 1e300), weight: 1 },
  );
  return {
    kind: "value",
    prim,
    name,
    arb: shapeArb()
      .chain((s) => tensorArb(s, elem))
      .map((x) => draw(`${name}(${avalStr(x)})`, bind, [x], () => mapBroadcast([x], "float64", reference))),
  };
}

const roundingCases: ValueCase[] = [
  roundingCase("floor", "floor", ops.floor, Math.floor),
  roundingCase("ceil", "ceil", ops.ceil, Math.ceil),
  roundingCase("round", "round toNearestEven", (x) => ops.round(x, "toNearestEven"), roundHalfEven),
  roundingCase("round", "round awayFromZero", (x) => ops.round(x, "awayFromZero"), roundHalfAway),
];

const valueCases: ValueCase[] = [
  compareCase("eq", ops.eq, (a, b) => a === b),
  compareCase("ne", ops.ne, (a, b) => a !== b),
  compareCase("lt", ops.lt, (a, b) => a < b),
  compareCase("le", ops.le, (a, b) => a <= b),
  compareCase("gt", ops.gt, (a, b) => a > b),
  compareCase("ge", ops.ge, (a, b) => a >= b),
  {
    kind: "value",
    prim: "sign",
    name: "sign",
    arb: shapeArb()
      .chain((s) => tensorArb(s, fc.oneof(real(3), fc.constantFrom(0, -0, 1e-300, -1e-300, NaN, Infinity, -Infinity))))
      .map((x) =>
        draw(`sign(${avalStr(x)})`, ops.sign, [x], () => mapBroadcast([x], "float64", (v) => (Number.isNaN(v) ? NaN : v > 0 ? 1 : v < 0 ? -1 : 0))),
      ),
  },
  {
    kind: "value",
    prim: "is_finite",
    name: "is_finite",
    arb: shapeArb()
      .chain((s) => tensorArb(s, fc.oneof(real(3), fc.constantFrom(Infinity, -Infinity, NaN, 1e308, -Number.MAX_VALUE))))
      .map((x) => draw(`is_finite(${avalStr(x)})`, ops.isFinite, [x], () => mapBroadcast([x], "bool", (v) => (Number.isFinite(v) ? 1 : 0)))),
  },
  {
    kind: "value",
    prim: "stop_gradient",
    name: "stop_gradient",
    arb: shapeArb()
      .chain((s) => tensorArb(s, real(3)))
      .map((x) => draw(`stop_gradient(${avalStr(x)})`, ops.stopGradient, [x], () => mapBroadcast([x], "float64", (v) => v))),
  },
];

export const elementwiseCases: Case[] = [...unaryCases, ...binaryDiffCases, selectCase, ...convertCases, ...roundingCases, ...valueCases];
