/**
 * Elementwise primitives: unary math, binary arithmetic and comparisons with
 * numpy broadcasting, `select`, dtype conversion and `stop_gradient`. Binary
 * operands share one dtype; the np layer promotes before binding.
 */
import { isFloat, type DType } from "../../array/dtype.ts";
import { binary, cast, select as selectKernel, unary, type BinaryOp, type UnaryOp } from "../../kernels/elementwise.ts";
import { isLinear, type JvpRule, type PrimitiveRules, type Tangent, type TransposeRule } from "../primitive.ts";
import { ConcreteTensor, type Aval, type Tensor } from "../tensor.ts";
import * as ops from "../ops.ts";
import { broadcastOrThrow, floatOrThrow, sameDtypeOrThrow } from "./check.ts";

type UnaryName = "neg" | "exp" | "log" | "log1p" | "expm1" | "sin" | "cos" | "tanh" | "atan" | "sqrt" | "abs" | "sign" | "logistic";
type BinaryName = "add" | "sub" | "mul" | "div" | "pow" | "max" | "min";
type CompareName = "eq" | "ne" | "lt" | "le" | "gt" | "ge";

// combinators

/** A unary primitive over floats (neg/abs/sign also over int32). */
function unaryPrimitive<P extends UnaryName>(
  name: P,
  jvp: JvpRule<P>,
  transpose: TransposeRule<P> | null = null,
  floatOnly = true,
): PrimitiveRules<P> {
  const kernel = name as UnaryOp;
  return {
    name,
    abstractEval([x]) {
      if (floatOnly) floatOrThrow(name, x);
      return [x];
    },
    impl([x]) {
      return [new ConcreteTensor(unary(kernel, x.data, x.dtype), x.shape, x.dtype)];
    },
    jvp,
    transpose,
  };
}

/** `d f(x) = coefficient(x, f(x)) * dx`: the jvp of a unary function. */
function chainRule<P extends UnaryName>(bindSelf: (x: Tensor) => Tensor, coefficient: (x: Tensor, y: Tensor) => Tensor): JvpRule<P> {
  return ([x], [t]) => {
    const y = bindSelf(x);
    return [[y], [ops.mul(t!, coefficient(x, y))]];
  };
}

function binaryImpl(kernel: BinaryOp, outDtype?: DType) {
  return ([a, b]: readonly ConcreteTensor[]): ConcreteTensor[] => {
    const shape = a.shape === b.shape ? a.shape : broadcastOrThrow(kernel, a, b);
    const dtype = outDtype ?? a.dtype;
    return [new ConcreteTensor(binary(kernel, a.data, a.shape, b.data, b.shape, shape, dtype), shape, dtype)];
  };
}

function binaryPrimitive<P extends BinaryName>(name: P, jvp: JvpRule<P>, transpose: TransposeRule<P> | null): PrimitiveRules<P> {
  return {
    name,
    abstractEval([a, b]) {
      const dtype = sameDtypeOrThrow(name, a, b);
      return [{ shape: broadcastOrThrow(name, a, b), dtype }];
    },
    impl: binaryImpl(name),
    jvp,
    transpose,
  };
}

function comparePrimitive<P extends CompareName>(name: P, bindSelf: (a: Tensor, b: Tensor) => Tensor): PrimitiveRules<P> {
  return {
    name,
    abstractEval([a, b]) {
      sameDtypeOrThrow(name, a, b);
      return [{ shape: broadcastOrThrow(name, a, b), dtype: "bool" }];
    },
    impl: binaryImpl(name, "bool"),
    // comparisons are piecewise constant: zero derivative
    jvp: ([a, b]) => [[bindSelf(a, b)], [null]],
    transpose: null,
  };
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

// unary

export const neg = unaryPrimitive(
  "neg",
  ([x], [t]) => [[ops.neg(x)], [ops.neg(t!)]], // d(-x) = -dx
  (ct) => [ops.neg(ct)],
  false,
);
// d exp(x) = exp(x) dx
export const exp = unaryPrimitive("exp", chainRule(ops.exp, (_x, y) => y));
// d log(x) = dx / x
export const log = unaryPrimitive("log", ([x], [t]) => [[ops.log(x)], [ops.div(t!, x)]]);
// d log1p(x) = dx / (1 + x)
export const log1p = unaryPrimitive("log1p", ([x], [t]) => [[ops.log1p(x)], [ops.div(t!, ops.add(x, one(x)))]]);
// d expm1(x) = (expm1(x) + 1) dx
export const expm1 = unaryPrimitive("expm1", chainRule(ops.expm1, (x, y) => ops.add(y, one(x))));
// d sin(x) = cos(x) dx
export const sin = unaryPrimitive("sin", chainRule(ops.sin, (x) => ops.cos(x)));
// d cos(x) = -sin(x) dx
export const cos = unaryPrimitive("cos", chainRule(ops.cos, (x) => ops.neg(ops.sin(x))));
// d tanh(x) = (1 - tanh(x)²) dx
export const tanh = unaryPrimitive("tanh", chainRule(ops.tanh, (x, y) => ops.sub(one(x), ops.mul(y, y))));
// d atan(x) = dx / (1 + x²)
export const atan = unaryPrimitive("atan", ([x], [t]) => [[ops.atan(x)], [ops.div(t!, ops.add(one(x), ops.mul(x, x)))]]);
// d sqrt(x) = dx / (2 sqrt(x))
export const sqrt = unaryPrimitive("sqrt", ([x], [t]) => {
  const y = ops.sqrt(x);
  return [[y], [ops.div(t!, ops.mulScalar(y, 2))]];
});
// d |x| = (x >= 0 ? dx : -dx): 1 at 0, as JAX's select(x >= 0, t, -t)
export const abs = unaryPrimitive("abs", ([x], [t]) => [[ops.abs(x)], [ops.select(ops.ge(x, ops.scalar(0, x.dtype)), t!, ops.neg(t!))]], null, false);
// sign is piecewise constant
export const sign = unaryPrimitive("sign", ([x]) => [[ops.sign(x)], [null]], null, false);
// d σ(x) = σ(x) (1 - σ(x)) dx
export const logistic = unaryPrimitive("logistic", chainRule(ops.logistic, (x, y) => ops.mul(y, ops.sub(one(x), y))));

export const is_finite: PrimitiveRules<"is_finite"> = {
  name: "is_finite",
  abstractEval: ([x]) => [{ shape: x.shape, dtype: "bool" }],
  impl: ([x]) => [new ConcreteTensor(unary("isfinite", x.data, "bool"), x.shape, "bool")],
  jvp: ([x]) => [[ops.isFinite(x)], [null]],
  transpose: null,
};

export const integer_pow: PrimitiveRules<"integer_pow"> = {
  name: "integer_pow",
  abstractEval([x], { y }) {
    if (y < 0) floatOrThrow("integer_pow", x);
    return [x];
  },
  impl([x], { y }) {
    const out =
      y === 2
        ? binary("mul", x.data, x.shape, x.data, x.shape, x.shape, x.dtype)
        : binary("pow", x.data, x.shape, ops.scalar(y, x.dtype).data, [], x.shape, x.dtype);
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
};

export const stop_gradient: PrimitiveRules<"stop_gradient"> = {
  name: "stop_gradient",
  abstractEval: ([x]) => [x],
  impl: ([x]) => [x],
  jvp: ([x]) => [[ops.stopGradient(x)], [null]],
  transpose: null,
};

export const convert_element_type: PrimitiveRules<"convert_element_type"> = {
  name: "convert_element_type",
  abstractEval: ([x], { newDtype }) => [{ shape: x.shape, dtype: newDtype }],
  impl: ([x], { newDtype }) => [new ConcreteTensor(cast(x.data, newDtype), x.shape, newDtype)],
  // linear between float dtypes; a cast to int or bool has zero derivative
  jvp([x], [t], { newDtype }) {
    const out = ops.convert(x, newDtype);
    return [[out], [isFloat(newDtype) && isFloat(x.dtype) ? ops.convert(t!, newDtype) : null]];
  },
  transpose: (ct, [x]) => [ops.convert(ct, x.dtype)],
};

// binary

export const add = binaryPrimitive(
  "add",
  // d(a + b) = da + db
  ([a, b], [ta, tb]) => {
    const out = ops.add(a, b);
    return [[out], [fitTangent(addTangents(ta, tb)!, out)]];
  },
  (ct, [a, b]) => [ops.sumTo(ct, a.shape), ops.sumTo(ct, b.shape)],
);

export const sub = binaryPrimitive(
  "sub",
  // d(a - b) = da - db
  ([a, b], [ta, tb]) => {
    const out = ops.sub(a, b);
    const t = ta === null ? ops.neg(tb!) : tb === null ? ta : ops.sub(ta, tb);
    return [[out], [fitTangent(t, out)]];
  },
  (ct, [a, b]) => [ops.sumTo(ct, a.shape), ops.neg(ops.sumTo(ct, b.shape))],
);

export const mul = binaryPrimitive(
  "mul",
  // d(a b) = da b + a db
  ([a, b], [ta, tb]) => {
    const out = ops.mul(a, b);
    const t = addTangents(ta === null ? null : ops.mul(ta, b), tb === null ? null : ops.mul(a, tb));
    return [[out], [fitTangent(t!, out)]];
  },
  (ct, [a, b]) =>
    isLinear(a)
      ? [ops.sumTo(ops.mul(ct, b as Tensor), a.shape), null]
      : [null, ops.sumTo(ops.mul(a, ct), b.shape)],
);

export const div = binaryPrimitive(
  "div",
  // d(a / b) = da / b - db (a / b) / b
  ([a, b], [ta, tb]) => {
    const out = ops.div(a, b);
    const t = addTangents(ta === null ? null : ops.div(ta, b), tb === null ? null : ops.mul(tb, ops.neg(ops.div(out, b))));
    return [[out], [fitTangent(t!, out)]];
  },
  (ct, [a, b]) => [ops.sumTo(ops.div(ct, b as Tensor), a.shape), null],
);

export const pow = binaryPrimitive(
  "pow",
  // d(a^b) = b a^(b-1) da + log(a) a^b db   (log of 0 replaced by 0, as JAX does)
  // at a = b = 0 the base is replaced by 1, so b a^(b-1) is 0 there (a^0 = 1 is constant in a) instead of
  // 0·0^-1 = NaN; only that point: at b = 0, a != 0 the term keeps its b-dependence (∂/∂b = 1/a, second order)
  ([a, b], [ta, tb]) => {
    const out = ops.pow(a, b);
    const isZero = (x: Tensor) => ops.eq(x, ops.scalar(0, x.dtype));
    const dA = () => {
      const base = ops.select(isZero(b), ops.select(isZero(a), one(a), a), a);
      return ops.mul(b, ops.pow(base, ops.sub(b, one(b))));
    };
    const fromA = ta === null ? null : ops.mul(ta, dA());
    const safeLog = () => ops.log(ops.select(ops.eq(a, ops.scalar(0, a.dtype)), one(a), a));
    const fromB = tb === null ? null : ops.mul(tb, ops.mul(safeLog(), out));
    return [[out], [fitTangent(addTangents(fromA, fromB)!, out)]];
  },
  null,
);

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

export const max = binaryPrimitive("max", extremumJvp(ops.max, ops.gt), null);
export const min = binaryPrimitive("min", extremumJvp(ops.min, ops.lt), null);

export const eq = comparePrimitive("eq", ops.eq);
export const ne = comparePrimitive("ne", ops.ne);
export const lt = comparePrimitive("lt", ops.lt);
export const le = comparePrimitive("le", ops.le);
export const gt = comparePrimitive("gt", ops.gt);
export const ge = comparePrimitive("ge", ops.ge);

export const select: PrimitiveRules<"select"> = {
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
        selectKernel(pred.data, pred.shape, onTrue.data, onTrue.shape, onFalse.data, onFalse.shape, shape, dtype),
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
  transpose(ct, [pred, onTrue, onFalse]) {
    const zero = ops.scalar(0, ct.dtype);
    const p = pred as Tensor;
    return [
      null,
      isLinear(onTrue) ? ops.sumTo(ops.select(p, ct, zero), onTrue.shape) : null,
      isLinear(onFalse) ? ops.sumTo(ops.select(p, zero, ct), onFalse.shape) : null,
    ];
  },
};
