/**
 * Cases for the transcendental and special-function primitives
 * (lib/core/primitives/transcendental.ts). References: V8's `Math` functions
 * for the ones whose kernel is that function (their accuracy against mpmath
 * is pinned in spec/kernels/gamma.spec.ts's neighbours), and independent
 * plain-JS methods for the gamma family and erf⁻¹ (Lanczos' log Γ, digamma by
 * the recurrence to 30 and its asymptotic series, polygamma by a long direct
 * sum, erf⁻¹ by Newton's method on erf).
 */
import fc from "fast-check";
import type { PrimName } from "../../../lib/core/primitive.ts";
import * as ops from "../../../lib/core/ops.ts";
import type { ConcreteTensor, Tensor } from "../../../lib/core/tensor.ts";
import { erf } from "../../../lib/kernels/special.ts";
import {
  avalStr,
  awayFromZero,
  broadcastIndex,
  broadcastPairArb,
  broadcastShape,
  draw,
  mapBroadcast,
  positive,
  real,
  shapeArb,
  tensorArb,
  tensor,
  type Case,
  type DiffCase,
  type Draw,
} from "../harness.ts";

// references

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log|Γ(x)| by Lanczos' approximation (g = 7), reflected below ½. */
function lgammaReference(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgammaReference(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ψ(x) for x > 0: ψ(x) = ψ(x + n) − Σ 1/(x + k) up to 30, then log x − 1/2x − Σ B₂ₖ/(2k x²ᵏ). */
function digammaReference(x: number): number {
  let shift = 0;
  while (x < 30) {
    shift -= 1 / x;
    x += 1;
  }
  const z = 1 / (x * x);
  return shift + Math.log(x) - 0.5 / x - z * (1 / 12 - z * (1 / 120 - z * (1 / 252 - z * (1 / 240 - z / 132))));
}

/** ψ⁽ᵐ⁾(x) = (−1)ᵐ⁺¹ m! Σₖ (x + k)⁻ᵐ⁻¹: 400 terms, then the integral, half the next term and two Euler–Maclaurin terms. */
function polygammaReference(m: number, x: number): number {
  const s = m + 1;
  let sum = 0;
  for (let k = 0; k < 400; k++) sum += Math.pow(x + k, -s);
  const a = x + 400;
  sum += Math.pow(a, 1 - s) / (s - 1) + Math.pow(a, -s) / 2 + (s * Math.pow(a, -s - 1)) / 12 - (s * (s + 1) * (s + 2) * Math.pow(a, -s - 3)) / 720;
  let factorial = 1;
  for (let j = 2; j <= m; j++) factorial *= j;
  return (m % 2 === 1 ? 1 : -1) * factorial * sum;
}

/** erf⁻¹(y) by Newton's method on erf. */
function erfinvReference(y: number): number {
  let x = 0;
  for (let i = 0; i < 60; i++) x -= (erf(x) - y) / ((2 / Math.sqrt(Math.PI)) * Math.exp(-x * x));
  return x;
}

// cases

function unaryCase(prim: PrimName, bind: (x: Tensor) => Tensor, elem: fc.Arbitrary<number>, reference: (v: number) => number, name: string = prim): DiffCase {
  return {
    kind: "diff",
    prim,
    name,
    arb: shapeArb()
      .chain((shape) => tensorArb(shape, elem))
      .map((x) => draw(`${name}(${avalStr(x)})`, bind, [x], () => mapBroadcast([x], x.dtype, reference))),
  };
}

/** Reals away from the integers by at least `gap` in (lo, hi). */
const awayFromIntegers = (lo: number, hi: number, gap: number) =>
  fc.double({ min: lo, max: hi, noNaN: true }).filter((v) => Math.abs(v - Math.round(v)) >= gap);

const unaryCases: Case[] = [
  // away from the poles at ±π/2
  unaryCase("tan", ops.tan, real(1.2), Math.tan),
  // inside (−1, 1), away from the infinite slopes at ±1
  unaryCase("asin", ops.asin, real(0.9), Math.asin),
  unaryCase("acos", ops.acos, real(0.9), Math.acos),
  unaryCase("sinh", ops.sinh, real(3), Math.sinh),
  unaryCase("cosh", ops.cosh, real(3), Math.cosh),
  unaryCase("asinh", ops.asinh, real(3), Math.asinh),
  unaryCase("acosh", ops.acosh, positive(1.2, 4), Math.acosh),
  unaryCase("atanh", ops.atanh, real(0.9), Math.atanh),
  // away from the infinite slope at 0
  unaryCase("cbrt", ops.cbrt, awayFromZero(0.3, 3), Math.cbrt),
  unaryCase("exp2", ops.exp2, real(3), (v) => Math.pow(2, v)),
  unaryCase("log2", ops.log2, positive(0.1, 5), Math.log2),
  unaryCase("log10", ops.log10, positive(0.1, 5), Math.log10),
  unaryCase("lgamma", ops.lgamma, positive(0.2, 8), lgammaReference),
  // between the poles, where Γ changes sign (log|Γ| is smooth there)
  unaryCase("lgamma", ops.lgamma, awayFromIntegers(-3.9, -0.1, 0.1), lgammaReference, "lgamma (negative x)"),
  unaryCase("digamma", ops.digamma, positive(0.3, 8), digammaReference),
  unaryCase("erf_inv", ops.erfInv, real(0.9), erfinvReference),
];

// binary

type Mode = "both" | "left" | "right";

/** A binary case: both operands differentiated, or one of them a closed-over constant (the symbolic-zero tangent paths). */
function binaryCase(
  prim: PrimName,
  bind: (a: Tensor, b: Tensor) => Tensor,
  elemA: fc.Arbitrary<number>,
  elemB: fc.Arbitrary<number>,
  reference: (a: number, b: number) => number,
  accept: (a: ConcreteTensor, b: ConcreteTensor) => boolean = () => true,
): DiffCase {
  const arb = fc
    .tuple(broadcastPairArb(), fc.constantFrom<Mode>("both", "left", "right"))
    .chain(([[sa, sb], mode]) => fc.tuple(tensorArb(sa, elemA), tensorArb(sb, elemB), fc.constant(mode)))
    .filter(([a, b]) => accept(a, b))
    .map(([a, b, mode]): Draw => {
      const desc = `${prim}(${avalStr(a)}${mode === "right" ? " const" : ""}, ${avalStr(b)}${mode === "left" ? " const" : ""})`;
      const expected = () => mapBroadcast([a, b], a.dtype, reference);
      if (mode === "left") return draw(desc, (x) => bind(x, b), [a], expected);
      if (mode === "right") return draw(desc, (x) => bind(a, x), [b], expected);
      return draw(desc, bind, [a, b], expected);
    });
  return { kind: "diff", prim, name: prim, arb };
}

/** At every broadcast position, a/b is at least `gap` away from an integer (rem jumps where it is one). */
function quotientAwayFromIntegers(gap: number) {
  return (a: ConcreteTensor, b: ConcreteTensor) => {
    const shape = broadcastShape(a.shape, b.shape);
    const ia = broadcastIndex(a.shape, shape);
    const ib = broadcastIndex(b.shape, shape);
    const n = shape.reduce((p, d) => p * d, 1);
    for (let i = 0; i < n; i++) {
      const q = a.data[ia(i)] / b.data[ib(i)];
      if (Math.abs(q - Math.round(q)) < gap) return false;
    }
    return true;
  };
}

/** polygamma(m, x) for a fixed order m (an integer constant: m has no derivative), differentiated in x. */
function polygammaCase(m: number): DiffCase {
  return {
    kind: "diff",
    prim: "polygamma",
    name: `polygamma m=${m}`,
    arb: broadcastPairArb()
      .chain(([sm, sx]) => tensorArb(sx, positive(0.3, 6)).map((x) => [sm, x] as const))
      .map(([sm, x]) => {
        const order = tensor(new Float64Array(sm.reduce((p, d) => p * d, 1)).fill(m), sm);
        return draw(`polygamma(${m}: ${avalStr(order)}, ${avalStr(x)})`, (t) => ops.polygamma(order, t), [x], () =>
          mapBroadcast([order, x], "float64", polygammaReference),
        );
      }),
  };
}

const binaryCases: Case[] = [
  // y away from 0: atan2 jumps by 2π across the negative x axis
  binaryCase("atan2", ops.atan2, awayFromZero(0.2, 3), real(3), Math.atan2),
  binaryCase("rem", ops.rem, real(5), awayFromZero(0.5, 3), (a, b) => a % b, quotientAwayFromIntegers(1e-3)),
  ...[1, 2, 3].map(polygammaCase),
];

export const transcendentalCases: Case[] = [...unaryCases, ...binaryCases];
