/**
 * Transcendental and special-function primitives (JAX's `lax.tan`, `asin`,
 * `acos`, `sinh`, `cosh`, `asinh`, `acosh`, `atanh`, `cbrt`, `exp2`,
 * `lgamma`, `digamma`, `polygamma`, `erf_inv`, `atan2`, `rem`, and `log2`,
 * `log10`, which JAX composes from `log` but which are exact at powers here).
 * Each one's scalar math is its entry in `kernels/scalarMath.ts`, shared by
 * `impl` (the eager kernel) and `lower` (the fused loops), so `jit` computes
 * the same bits. Every jvp rule is written with the ops, so it differentiates
 * again: lgamma' = digamma, digamma' = polygamma(1, ·), polygamma(m, ·)' =
 * polygamma(m + 1, ·).
 *
 * @example
 * ops.asinh(x); // binds asinh; jvp: dx / √(x² + 1)
 */
import { binary, unary } from "../../kernels/elementwise.ts";
import { BINARY_MATH, UNARY_MATH } from "../../kernels/scalar.ts";
import type { TRANSCENDENTAL_BINARY_MATH, TRANSCENDENTAL_UNARY_MATH } from "../../kernels/scalarMath.ts";
import type { JvpRule, Primitive, Tangent } from "../primitive.ts";
import { ConcreteTensor, type Tensor, dataOf } from "../tensor.ts";
import * as ops from "../ops.ts";
import { batchBroadcasting, batchUnary } from "./batching.ts";
import { broadcastOrThrow, floatOrThrow, sameDtypeOrThrow } from "./check.ts";

type UnaryName = keyof typeof TRANSCENDENTAL_UNARY_MATH;
type BinaryName = keyof typeof TRANSCENDENTAL_BINARY_MATH;

// combinators

/** A unary primitive on float operands computed by the kernel op of its name; `derivative(x, y)` is dy/dx. */
function unaryFloat<P extends UnaryName>(name: P, bindSelf: (x: Tensor) => Tensor, derivative: (x: Tensor, y: Tensor) => Tensor): Primitive<P> {
  const record: Primitive<P> = {
    name,
    abstractEval([x]) {
      floatOrThrow(name, x);
      return [x];
    },
    impl: ([x]) => [new ConcreteTensor(unary(name, dataOf(x), x.dtype), x.shape, x.dtype)],
    jvp: ([x], [t]) => {
      const y = bindSelf(x);
      return [[y], [ops.mul(t!, derivative(x, y))]];
    },
    transpose: null,
    batch: batchUnary(() => record),
    lower: { kind: "elementwise", rule: () => UNARY_MATH[name] },
  };
  return record;
}

/** A binary primitive with numpy broadcasting and one dtype (float only, unless `anyNumeric`). */
function binaryPrimitive<P extends BinaryName>(name: P, jvp: JvpRule<P>, anyNumeric = false): Primitive<P> {
  const record: Primitive<P> = {
    name,
    abstractEval([a, b]) {
      const dtype = sameDtypeOrThrow(name, a, b);
      if (!anyNumeric) floatOrThrow(name, a);
      return [{ shape: broadcastOrThrow(name, a, b), dtype }];
    },
    impl([a, b]) {
      const shape = a.shape === b.shape ? a.shape : broadcastOrThrow(name, a, b);
      return [new ConcreteTensor(binary(name, dataOf(a), a.shape, dataOf(b), b.shape, shape, a.dtype), shape, a.dtype)];
    },
    jvp,
    transpose: null,
    batch: batchBroadcasting(() => record),
    lower: { kind: "elementwise", rule: () => BINARY_MATH[name] },
  };
  return record;
}

/** Σ of the tangent terms that are present, broadcast to the output's shape (null when none is). */
function sumTerms(out: Tensor, terms: readonly (Tensor | null)[]): Tangent {
  const present = terms.filter((t): t is Tensor => t !== null);
  if (present.length === 0) return null;
  return ops.broadcastTo(present.reduce((a, b) => ops.add(a, b)), out.shape);
}

const one = (x: Tensor) => ops.scalar(1, x.dtype);
/** (1 − x)(1 + x) = 1 − x², without the cancellation of 1 − x² next to |x| = 1. */
const oneMinusSquare = (x: Tensor) => ops.mul(ops.sub(one(x), x), ops.add(one(x), x));

// trigonometric and hyperbolic

// d tan(x) = (1 + tan²x) dx
export const tan = unaryFloat("tan", ops.tan, (x, y) => ops.add(one(x), ops.mul(y, y)));
// d asin(x) = dx / √(1 − x²)
export const asin = unaryFloat("asin", ops.asin, (x) => ops.div(one(x), ops.sqrt(oneMinusSquare(x))));
// d acos(x) = −dx / √(1 − x²)
export const acos = unaryFloat("acos", ops.acos, (x) => ops.div(ops.scalar(-1, x.dtype), ops.sqrt(oneMinusSquare(x))));
// d sinh(x) = cosh(x) dx
export const sinh = unaryFloat("sinh", ops.sinh, (x) => ops.cosh(x));
// d cosh(x) = sinh(x) dx
export const cosh = unaryFloat("cosh", ops.cosh, (x) => ops.sinh(x));
// d asinh(x) = dx / √(x² + 1)
export const asinh = unaryFloat("asinh", ops.asinh, (x) => ops.div(one(x), ops.sqrt(ops.add(ops.mul(x, x), one(x)))));
// d acosh(x) = dx / √((x − 1)(x + 1))
export const acosh = unaryFloat("acosh", ops.acosh, (x) => ops.div(one(x), ops.sqrt(ops.mul(ops.sub(x, one(x)), ops.add(x, one(x))))));
// d atanh(x) = dx / ((1 − x)(1 + x))
export const atanh = unaryFloat("atanh", ops.atanh, (x) => ops.div(one(x), oneMinusSquare(x)));

// roots, powers and logarithms

// d ∛x = dx / (3 ∛x²)
export const cbrt = unaryFloat("cbrt", ops.cbrt, (_x, y) => ops.mulScalar(ops.integerPow(y, -2), 1 / 3));
// d 2ˣ = 2ˣ log 2 dx
export const exp2 = unaryFloat("exp2", ops.exp2, (_x, y) => ops.mulScalar(y, Math.LN2));
// d log₂x = dx / (x log 2)
export const log2 = unaryFloat("log2", ops.log2, (x) => ops.div(one(x), ops.mulScalar(x, Math.LN2)));
// d log₁₀x = dx / (x log 10)
export const log10 = unaryFloat("log10", ops.log10, (x) => ops.div(one(x), ops.mulScalar(x, Math.LN10)));

// special functions

// d log|Γ(x)| = ψ(x) dx
export const lgamma = unaryFloat("lgamma", ops.lgamma, (x) => ops.digamma(x));
// d ψ(x) = ψ⁽¹⁾(x) dx
export const digamma = unaryFloat("digamma", ops.digamma, (x) => ops.polygamma(one(x), x));
/**
 * erf⁻¹, as `lax.erf_inv`: float64 by `erfinv` (a few ulps from the true value), float32 by `erfinv32`,
 * XLA's `ErfInv32` in float32 arithmetic, so `random.normal(key, shape, "float32")` gives JAX's numbers.
 */
const erfInvKernel = (dtype: string) => (dtype === "float32" ? "erfInv32" : "erf_inv");

// d erf⁻¹(x) = (√π/2) exp(erf⁻¹(x)²) dx
export const erf_inv: Primitive<"erf_inv"> = {
  ...unaryFloat("erf_inv", ops.erfInv, (_x, y) => ops.mulScalar(ops.exp(ops.mul(y, y)), Math.sqrt(Math.PI) / 2)),
  impl: ([x]) => [new ConcreteTensor(unary(erfInvKernel(x.dtype), dataOf(x), x.dtype), x.shape, x.dtype)],
  batch: batchUnary(() => erf_inv),
  lower: { kind: "elementwise", rule: (_params, { ins }) => UNARY_MATH[erfInvKernel(ins[0].dtype)] },
};

// binary

// d atan2(y, x) = (x dy − y dx) / (x² + y²)
export const atan2 = binaryPrimitive("atan2", ([y, x], [ty, tx]) => {
  const out = ops.atan2(y, x);
  const norm = ops.add(ops.mul(x, x), ops.mul(y, y));
  const fromY = ty === null ? null : ops.mul(ty, ops.div(x, norm));
  const fromX = tx === null ? null : ops.mul(tx, ops.neg(ops.div(y, norm)));
  return [[out], [sumTerms(out, [fromY, fromX])]];
});

// d rem(a, b) = da − trunc(a/b) db   (rem(a, b) = a − trunc(a/b)·b, the quotient piecewise constant)
export const rem = binaryPrimitive(
  "rem",
  ([a, b], [ta, tb]) => {
    const out = ops.rem(a, b);
    const quotient = () => {
      const q = ops.div(a, b);
      return ops.mul(ops.sign(q), ops.floor(ops.abs(q)));
    };
    return [[out], [sumTerms(out, [ta, tb === null ? null : ops.neg(ops.mul(tb, quotient()))])]];
  },
  true,
);

// d ψ⁽ᵐ⁾(x) = ψ⁽ᵐ⁺¹⁾(x) dx; the order m is integer-valued (no derivative), as JAX's
export const polygamma = binaryPrimitive("polygamma", ([m, x], [, tx]) => {
  const out = ops.polygamma(m, x);
  return [[out], [sumTerms(out, [tx === null ? null : ops.mul(tx, ops.polygamma(ops.add(m, one(m)), x))])]];
});
