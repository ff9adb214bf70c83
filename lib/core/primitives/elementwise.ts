/**
 * Elementwise primitives: unary math, binary arithmetic and comparisons with
 * numpy broadcasting, `select`, rounding, dtype conversion and
 * `stop_gradient`. Binary operands share one dtype; the np layer promotes
 * before binding. Each one's scalar math is its kernel op's entry in
 * `kernels/scalar.ts`, which both `impl` (through the eager kernel) and
 * `lower` (the fused loops) use.
 */
import { isFloat, type DType } from "../../array/dtype.ts";
import { binary, cast, select as selectKernel, unary } from "../../kernels/elementwise.ts";
import { BINARY_MATH, CONVERT_MATH, SELECT_MATH, UNARY_MATH, type BinaryOp, type UnaryOp } from "../../kernels/scalar.ts";
import { jsRule, lanesRule } from "../../kernels/lanes/lanes.ts";
import {
  isLinear,
  singleOutputTranspose,
  type JvpRule,
  type Lowering,
  type ParamsOf,
  type PrimName,
  type Primitive,
  type RoundingMethod,
  type Tangent,
  type TransposeRule,
} from "../primitive.ts";
import { ConcreteTensor, type Aval, type Tensor, dataOf } from "../tensor.ts";
import * as ops from "../ops.ts";
import { batchBroadcasting, batchUnary } from "./batching.ts";
import { broadcastOrThrow, floatOrThrow, sameDtypeOrThrow } from "./check.ts";

/** Unary primitives whose scalar math is the kernel op of the same name. */
type UnaryName = Extract<PrimName, UnaryOp>;
/** Binary arithmetic primitives whose scalar math is the kernel op of the same name. */
type BinaryName = Exclude<Extract<PrimName, BinaryOp>, CompareName>;
type CompareName = "eq" | "ne" | "lt" | "le" | "gt" | "ge";

// combinators

/** The rules a unary primitive supplies itself; the others come from its kernel op. */
interface UnaryRules<P extends PrimName> {
  readonly jvp: JvpRule<P>;
  readonly transpose: TransposeRule<P> | null;
  /** Which operand dtypes it takes: floats only, or any numeric dtype (the result keeps it). */
  readonly operands: "float" | "any";
}

/** A unary elementwise primitive computed by the kernel op of its name. */
function unaryPrimitive<P extends UnaryName>(name: P, rules: UnaryRules<P>): Primitive<P> {
  const record: Primitive<P> = {
    name,
    abstractEval([x]) {
      if (rules.operands === "float") floatOrThrow(name, x);
      return [x];
    },
    impl([x]) {
      return [new ConcreteTensor(unary(name, dataOf(x), x.dtype), x.shape, x.dtype)];
    },
    jvp: rules.jvp,
    transpose: rules.transpose,
    batch: batchUnary(() => record),
    lower: { kind: "elementwise", rule: () => UNARY_MATH[name] },
  };
  return record;
}

/** `d f(x) = coefficient(x, f(x)) * dx`: the jvp of a unary function. */
function chainRule<P extends PrimName>(bindSelf: (x: Tensor) => Tensor, coefficient: (x: Tensor, y: Tensor) => Tensor): JvpRule<P> {
  return ([x], [t]) => {
    const y = bindSelf(x);
    return [[y], [ops.mul(t!, coefficient(x, y))]];
  };
}

/** The jvp of a piecewise-constant function: its value, and a zero tangent. */
function zeroDerivative<P extends PrimName>(bindSelf: (xs: readonly Tensor[], params: ParamsOf[P]) => Tensor): JvpRule<P> {
  return (xs, _tangents, params) => [[bindSelf(xs, params)], [null]];
}

function binaryImpl(kernel: BinaryOp, outDtype?: DType) {
  return ([a, b]: readonly ConcreteTensor[]): ConcreteTensor[] => {
    const shape = a.shape === b.shape ? a.shape : broadcastOrThrow(kernel, a, b);
    const dtype = outDtype ?? a.dtype;
    return [new ConcreteTensor(binary(kernel, dataOf(a), a.shape, dataOf(b), b.shape, shape, dtype), shape, dtype)];
  };
}

/** The lowering of a binary kernel op. */
function binaryLowering<P extends PrimName>(op: BinaryOp): Lowering<P> {
  return { kind: "elementwise", rule: () => BINARY_MATH[op] };
}

/** A binary arithmetic primitive computed by the kernel op of its name (numpy broadcasting, one dtype). */
function binaryPrimitive<P extends BinaryName>(name: P, rules: { readonly jvp: JvpRule<P>; readonly transpose: TransposeRule<P> | null }): Primitive<P> {
  const record: Primitive<P> = {
    name,
    abstractEval([a, b]) {
      const dtype = sameDtypeOrThrow(name, a, b);
      return [{ shape: broadcastOrThrow(name, a, b), dtype }];
    },
    impl: binaryImpl(name),
    jvp: rules.jvp,
    transpose: rules.transpose,
    batch: batchBroadcasting(() => record),
    lower: binaryLowering(name),
  };
  return record;
}

/** A comparison: bool result, zero derivative. */
function comparePrimitive<P extends CompareName>(name: P, bindSelf: (a: Tensor, b: Tensor) => Tensor): Primitive<P> {
  const record: Primitive<P> = {
    name,
    abstractEval([a, b]) {
      sameDtypeOrThrow(name, a, b);
      return [{ shape: broadcastOrThrow(name, a, b), dtype: "bool" }];
    },
    impl: binaryImpl(name, "bool"),
    // comparisons are piecewise constant: zero derivative
    jvp: zeroDerivative(([a, b]) => bindSelf(a, b)),
    transpose: null,
    batch: batchBroadcasting(() => record),
    lower: binaryLowering(name),
  };
  return record;
}

/** A tangent given the shape of the output it belongs to (broadcasting a smaller one). */
function fitTangent(t: Tensor, out: Aval): Tensor {
  return ops.broadcastTo(t, out.shape);
}

/** Adds two optional tangent terms. */
function addTangents(a: Tangent, b: Tangent): Tangent {
  if (a === null) return b;
  if (b === null) return a;
  return ops.add(a, b);
}

function one(x: Aval): ConcreteTensor {
  return ops.scalar(1, x.dtype);
}

/** e^(−x²). */
function gaussian(x: Tensor): Tensor {
  return ops.exp(ops.neg(ops.mul(x, x)));
}

// unary

export const neg = unaryPrimitive("neg", {
  jvp: ([x], [t]) => [[ops.neg(x)], [ops.neg(t!)]], // d(-x) = -dx
  transpose: singleOutputTranspose((ct) => [ops.neg(ct)]),
  operands: "any",
});
// d exp(x) = exp(x) dx
export const exp = unaryPrimitive("exp", { jvp: chainRule(ops.exp, (_x, y) => y), transpose: null, operands: "float" });
// d log(x) = dx / x
export const log = unaryPrimitive("log", { jvp: ([x], [t]) => [[ops.log(x)], [ops.div(t!, x)]], transpose: null, operands: "float" });
// d log1p(x) = dx / (1 + x)
export const log1p = unaryPrimitive("log1p", {
  jvp: ([x], [t]) => [[ops.log1p(x)], [ops.div(t!, ops.add(x, one(x)))]],
  transpose: null,
  operands: "float",
});
// d expm1(x) = (expm1(x) + 1) dx
export const expm1 = unaryPrimitive("expm1", { jvp: chainRule(ops.expm1, (x, y) => ops.add(y, one(x))), transpose: null, operands: "float" });
// d sin(x) = cos(x) dx
export const sin = unaryPrimitive("sin", { jvp: chainRule(ops.sin, (x) => ops.cos(x)), transpose: null, operands: "float" });
// d cos(x) = -sin(x) dx
export const cos = unaryPrimitive("cos", { jvp: chainRule(ops.cos, (x) => ops.neg(ops.sin(x))), transpose: null, operands: "float" });
// d tanh(x) = (1 - tanh(x)²) dx
export const tanh = unaryPrimitive("tanh", { jvp: chainRule(ops.tanh, (x, y) => ops.sub(one(x), ops.mul(y, y))), transpose: null, operands: "float" });
// d atan(x) = dx / (1 + x²)
export const atan = unaryPrimitive("atan", {
  jvp: ([x], [t]) => [[ops.atan(x)], [ops.div(t!, ops.add(one(x), ops.mul(x, x)))]],
  transpose: null,
  operands: "float",
});
// d sqrt(x) = dx / (2 sqrt(x))
export const sqrt = unaryPrimitive("sqrt", {
  jvp: ([x], [t]) => {
    const y = ops.sqrt(x);
    return [[y], [ops.div(t!, ops.mulScalar(y, 2))]];
  },
  transpose: null,
  operands: "float",
});
// d |x| = (x >= 0 ? dx : -dx): 1 at 0, as JAX's select(x >= 0, t, -t)
export const abs = unaryPrimitive("abs", {
  jvp: ([x], [t]) => [[ops.abs(x)], [ops.select(ops.ge(x, ops.scalar(0, x.dtype)), t!, ops.neg(t!))]],
  transpose: null,
  operands: "any",
});
// sign is piecewise constant
export const sign = unaryPrimitive("sign", { jvp: zeroDerivative(([x]) => ops.sign(x)), transpose: null, operands: "any" });
// d σ(x) = σ(x) (1 - σ(x)) dx
export const logistic = unaryPrimitive("logistic", { jvp: chainRule(ops.logistic, (x, y) => ops.mul(y, ops.sub(one(x), y))), transpose: null, operands: "float" });
// d erf(x) = 2/√π e^(−x²) dx
export const erf = unaryPrimitive("erf", { jvp: chainRule(ops.erf, (x) => ops.mulScalar(gaussian(x), 2 / Math.sqrt(Math.PI))), transpose: null, operands: "float" });
// d erfc(x) = −2/√π e^(−x²) dx
export const erfc = unaryPrimitive("erfc", { jvp: chainRule(ops.erfc, (x) => ops.mulScalar(gaussian(x), -2 / Math.sqrt(Math.PI))), transpose: null, operands: "float" });
// floor and ceil are piecewise constant
export const floor = unaryPrimitive("floor", { jvp: zeroDerivative(([x]) => ops.floor(x)), transpose: null, operands: "float" });
export const ceil = unaryPrimitive("ceil", { jvp: zeroDerivative(([x]) => ops.ceil(x)), transpose: null, operands: "float" });

/** The kernel op of each rounding method. */
const ROUNDING_OPS = { toNearestEven: "roundHalfEven", awayFromZero: "roundHalfAway" } as const satisfies Record<RoundingMethod, UnaryOp>;

export const round: Primitive<"round"> = {
  name: "round",
  abstractEval([x]) {
    floatOrThrow("round", x);
    return [x];
  },
  impl: ([x], { roundingMethod }) => [new ConcreteTensor(unary(ROUNDING_OPS[roundingMethod], dataOf(x), x.dtype), x.shape, x.dtype)],
  // piecewise constant
  jvp: zeroDerivative(([x], { roundingMethod }) => ops.round(x, roundingMethod)),
  transpose: null,
  batch: batchUnary(() => round),
  lower: { kind: "elementwise", rule: ({ roundingMethod }) => UNARY_MATH[ROUNDING_OPS[roundingMethod]] },
};

export const is_finite: Primitive<"is_finite"> = {
  name: "is_finite",
  abstractEval: ([x]) => [{ shape: x.shape, dtype: "bool" }],
  impl: ([x]) => [new ConcreteTensor(unary("isfinite", dataOf(x), "bool"), x.shape, "bool")],
  jvp: zeroDerivative(([x]) => ops.isFinite(x)),
  transpose: null,
  batch: batchUnary(() => is_finite),
  lower: { kind: "elementwise", rule: () => UNARY_MATH.isfinite },
};

export const integer_pow: Primitive<"integer_pow"> = {
  name: "integer_pow",
  abstractEval([x], { y }) {
    if (y < 0) floatOrThrow("integer_pow", x);
    return [x];
  },
  impl([x], { y }) {
    const out =
      y === 2
        ? binary("mul", dataOf(x), x.shape, dataOf(x), x.shape, x.shape, x.dtype)
        : binary("pow", dataOf(x), x.shape, dataOf(ops.scalar(y, x.dtype)), [], x.shape, x.dtype);
    return [new ConcreteTensor(out, x.shape, x.dtype)];
  },
  // d x^y = y x^(y-1) dx
  jvp([x], [t], { y }) {
    const out = ops.integerPow(x, y);
    if (y === 0) return [[out], [null]];
    const coefficient = y === 1 ? one(x) : y === 2 ? ops.mulScalar(x, 2) : ops.mulScalar(ops.integerPow(x, y - 1), y);
    return [[out], [ops.mul(t!, coefficient)]];
  },
  transpose: null,
  batch: batchUnary(() => integer_pow),
  // as impl: x·x for y = 2, pow with y stored in x's dtype otherwise (exact modulo 2^32 for integers)
  lower: {
    kind: "elementwise",
    rule: ({ y }, { ins }) => {
      if (y === 2) return lanesRule((b, [x], out) => BINARY_MATH.mul.lanes(b, [x, x], out));
      const exponent = dataOf(ops.scalar(y, ins[0].dtype))[0];
      return jsRule(BINARY_MATH.pow.why, ([x], int32) => BINARY_MATH.pow.js([x, `(${exponent})`], int32));
    },
  },
};

export const stop_gradient: Primitive<"stop_gradient"> = {
  name: "stop_gradient",
  abstractEval: ([x]) => [x],
  impl: ([x]) => [x],
  jvp: zeroDerivative(([x]) => ops.stopGradient(x)),
  transpose: null,
  batch: batchUnary(() => stop_gradient),
  lower: { kind: "elementwise", rule: () => CONVERT_MATH },
};

export const convert_element_type: Primitive<"convert_element_type"> = {
  name: "convert_element_type",
  abstractEval: ([x], { newDtype }) => [{ shape: x.shape, dtype: newDtype }],
  impl: ([x], { newDtype }) => [new ConcreteTensor(cast(dataOf(x), newDtype), x.shape, newDtype)],
  // linear between float dtypes; a cast to int or bool has zero derivative
  jvp([x], [t], { newDtype }) {
    const out = ops.convert(x, newDtype);
    return [[out], [isFloat(newDtype) && isFloat(x.dtype) ? ops.convert(t!, newDtype) : null]];
  },
  transpose: singleOutputTranspose((ct, [x]) => [ops.convert(ct, x.dtype)]),
  batch: batchUnary(() => convert_element_type),
  // the value itself, stored in the new dtype (truncation to int32, nonzero to bool) as `cast` stores it
  lower: { kind: "elementwise", rule: () => CONVERT_MATH },
};

// binary

export const add = binaryPrimitive("add", {
  // d(a + b) = da + db
  jvp: ([a, b], [ta, tb]) => {
    const out = ops.add(a, b);
    return [[out], [fitTangent(addTangents(ta, tb)!, out)]];
  },
  transpose: singleOutputTranspose((ct, [a, b]) => [ops.sumTo(ct, a.shape), ops.sumTo(ct, b.shape)]),
});

export const sub = binaryPrimitive("sub", {
  // d(a - b) = da - db
  jvp: ([a, b], [ta, tb]) => {
    const out = ops.sub(a, b);
    const t = ta === null ? ops.neg(tb!) : tb === null ? ta : ops.sub(ta, tb);
    return [[out], [fitTangent(t, out)]];
  },
  transpose: singleOutputTranspose((ct, [a, b]) => [ops.sumTo(ct, a.shape), ops.neg(ops.sumTo(ct, b.shape))]),
});

export const mul = binaryPrimitive("mul", {
  // d(a b) = da b + a db
  jvp: ([a, b], [ta, tb]) => {
    const out = ops.mul(a, b);
    const t = addTangents(ta === null ? null : ops.mul(ta, b), tb === null ? null : ops.mul(a, tb));
    return [[out], [fitTangent(t!, out)]];
  },
  transpose: singleOutputTranspose((ct, [a, b]) =>
    isLinear(a) ? [ops.sumTo(ops.mul(ct, b as Tensor), a.shape), null] : [null, ops.sumTo(ops.mul(a, ct), b.shape)],
  ),
});

export const div = binaryPrimitive("div", {
  // d(a / b) = da / b - db (a / b) / b
  jvp: ([a, b], [ta, tb]) => {
    const out = ops.div(a, b);
    const t = addTangents(ta === null ? null : ops.div(ta, b), tb === null ? null : ops.mul(tb, ops.neg(ops.div(out, b))));
    return [[out], [fitTangent(t!, out)]];
  },
  // linear in a only
  transpose: singleOutputTranspose((ct, [a, b]) => [ops.sumTo(ops.div(ct, b as Tensor), a.shape), null]),
});

export const pow = binaryPrimitive("pow", {
  // d(a^b) = b a^(b-1) da + log(a) a^b db   (log of 0 replaced by 0, as JAX does)
  // at b = 0 a base whose reciprocal overflows (0, subnormals) is replaced by 1, so b a^(b-1) is 0 there (a^0 = 1
  // is constant in a) instead of 0·∞ = NaN; only those points: at b = 0, other a keep the b-dependence (∂/∂b = 1/a,
  // second order)
  jvp: ([a, b], [ta, tb]) => {
    const out = ops.pow(a, b);
    const isZero = (x: Tensor) => ops.eq(x, ops.scalar(0, x.dtype));
    const dA = () => {
      const base = ops.select(isZero(b), ops.select(ops.isFinite(ops.div(one(a), a)), a, one(a)), a);
      return ops.mul(b, ops.pow(base, ops.sub(b, one(b))));
    };
    const fromA = ta === null ? null : ops.mul(ta, dA());
    const safeLog = () => ops.log(ops.select(ops.eq(a, ops.scalar(0, a.dtype)), one(a), a));
    const fromB = tb === null ? null : ops.mul(tb, ops.mul(safeLog(), out));
    return [[out], [fitTangent(addTangents(fromA, fromB)!, out)]];
  },
  transpose: null,
});

/** d max(a, b): the tangent of the larger one; half of each at ties (as JAX). */
function extremumJvp(bindSelf: (a: Tensor, b: Tensor) => Tensor, wins: (a: Tensor, b: Tensor) => Tensor): JvpRule<"max" | "min"> {
  return ([a, b], [ta, tb]) => {
    const out = bindSelf(a, b);
    const half = ops.mulScalar(ops.convert(ops.eq(a, b), a.dtype), 0.5);
    const weightA = ops.add(ops.convert(wins(a, b), a.dtype), half);
    const fromA = ta === null ? null : ops.mul(ta, weightA);
    const fromB = tb === null ? null : ops.mul(tb, ops.sub(one(a), weightA));
    return [[out], [fitTangent(addTangents(fromA, fromB)!, out)]];
  };
}

export const max = binaryPrimitive("max", { jvp: extremumJvp(ops.max, ops.gt), transpose: null });
export const min = binaryPrimitive("min", { jvp: extremumJvp(ops.min, ops.lt), transpose: null });

export const eq = comparePrimitive("eq", ops.eq);
export const ne = comparePrimitive("ne", ops.ne);
export const lt = comparePrimitive("lt", ops.lt);
export const le = comparePrimitive("le", ops.le);
export const gt = comparePrimitive("gt", ops.gt);
export const ge = comparePrimitive("ge", ops.ge);

export const select: Primitive<"select"> = {
  name: "select",
  abstractEval([pred, onTrue, onFalse]) {
    const dtype = sameDtypeOrThrow("select", onTrue, onFalse);
    const shape = broadcastOrThrow("select", pred, { shape: broadcastOrThrow("select", onTrue, onFalse), dtype });
    return [{ shape, dtype }];
  },
  impl([pred, onTrue, onFalse]) {
    const [{ shape, dtype }] = select.abstractEval([pred, onTrue, onFalse], {});
    return [
      new ConcreteTensor(
        selectKernel(dataOf(pred), pred.shape, dataOf(onTrue), onTrue.shape, dataOf(onFalse), onFalse.shape, shape, dtype),
        shape,
        dtype,
      ),
    ];
  },
  // d select(p, a, b) = select(p, da, db)
  jvp([pred, onTrue, onFalse], [, tTrue, tFalse]) {
    const out = ops.select(pred, onTrue, onFalse);
    const zero = ops.scalar(0, out.dtype);
    const t = ops.select(pred, tTrue ?? zero, tFalse ?? zero);
    return [[out], [fitTangent(t, out)]];
  },
  transpose: singleOutputTranspose((ct, [pred, onTrue, onFalse]) => {
    const zero = ops.scalar(0, ct.dtype);
    const p = pred as Tensor;
    return [
      null,
      isLinear(onTrue) ? ops.sumTo(ops.select(p, ct, zero), onTrue.shape) : null,
      isLinear(onFalse) ? ops.sumTo(ops.select(p, zero, ct), onFalse.shape) : null,
    ];
  }),
  batch: batchBroadcasting(() => select),
  lower: { kind: "elementwise", rule: () => SELECT_MATH },
};
