/**
 * The builders: `BUILDERS`, one entry per op kind of `PROGRAM_OPS`, each
 * turning operands and parameter numbers into a new operand (expression,
 * static shape, bound) or null when it does not apply; the combinators
 * `unary`, `binary` and `reduction` they are made from. The products and
 * transforms (matmul, dot, einsum, fft), the window ops and the linear
 * algebra have their own files.
 */
import { stopGradient } from "../../index.ts";
import { Rng } from "../rng.ts";
import {
  axesFrom, call, coerceTo, exactly, fits, indexArray, keyOf, laxc, lit, method, nnc, npc, partner, permutation, primeFactors, rdc, reducedShape, sameShape,
  oneAxis, scaled, sizeOf, sliceSpecs, spc,
  type Arg, type Builder, type Expr, type ProgramOp,
} from "./expr.ts";
import { WINDOW_BUILDERS } from "./windowBuilders.ts";
import { LINALG_BUILDERS } from "./linalgBuilders.ts";
import { PRODUCT_BUILDERS } from "./productBuilders.ts";

// builders

function unary(bound: (b: number) => number, limit: number, make: (x: Expr) => Expr): Builder {
  return ([x0]) => {
    const x = scaled(x0, limit);
    return { expr: make(x.expr), shape: x.shape, bound: bound(x.bound) };
  };
}

function binary(bound: (a: number, b: number) => number, make: (a: Expr, b: Expr) => Expr, limitA = Infinity, limitB = Infinity): Builder {
  return ([a0, b0], _p, lim) => {
    const a = scaled(a0, limitA);
    const [b1, shape] = partner(a, b0, lim);
    const b = scaled(b1, limitB);
    return { expr: make(a.expr, b.expr), shape, bound: bound(a.bound, b.bound) };
  };
}

/** x ↦ x² + 1: positive, for log, sqrt, division and powers. */
const onePlusSquare = (x: Expr) => npc("add", npc("square", x), lit(1));

/** x ↦ 0.9·tanh(x): inside (−1, 1), for arcsin, arccos, arctanh and erfinv. */
const inUnitInterval = (x: Expr) => npc("multiply", npc("tanh", x), lit(0.9));

/** One of several unary functions, chosen by the first parameter: [bound of the result, its expression], with the input scaled to `limit`. */
function family(limit: number, choices: readonly ((x: Expr, b: number) => [number, Expr])[]): Builder {
  return ([x0], p) => {
    const x = scaled(x0, limit);
    const [bound, expr] = choices[p[0] % choices.length](x.expr, x.bound);
    return { expr, shape: x.shape, bound };
  };
}

function reduction(name: "sum" | "mean" | "max" | "min" | "var", bound: (b: number, n: number) => number, limit = Infinity): Builder {
  return ([x0], p) => {
    const x = scaled(x0, limit);
    const { arg, axes } = axesFrom(x.shape.length, p);
    const keepdims = p[3] % 2 === 1;
    const args: Arg[] = [x.expr];
    if (arg !== undefined || keepdims) args.push(lit(arg ?? null));
    if (keepdims) args.push(lit(true));
    const count = axes.reduce((n, a) => n * x.shape[a], 1);
    return { expr: npc(name, ...args), shape: reducedShape(x.shape, axes, keepdims), bound: bound(x.bound, count) };
  };
}

export const BUILDERS: Record<ProgramOp, { arity: number; build: Builder }> = {
  add: { arity: 2, build: binary((a, b) => a + b, (a, b) => npc("add", a, b)) },
  subtract: { arity: 2, build: binary((a, b) => a + b, (a, b) => npc("subtract", a, b)) },
  multiply: { arity: 2, build: binary((a, b) => a * b, (a, b) => npc("multiply", a, b)) },
  divide: { arity: 2, build: binary((a) => a, (a, b) => npc("divide", a, onePlusSquare(b)), Infinity, 8) },
  maximum: { arity: 2, build: binary(Math.max, (a, b) => npc("maximum", a, b)) },
  minimum: { arity: 2, build: binary(Math.max, (a, b) => npc("minimum", a, b)) },
  power: { arity: 2, build: binary((a, b) => (1 + a * a) ** b, (a, b) => npc("power", onePlusSquare(a), b), 2, 1.5) },

  negative: { arity: 1, build: unary((b) => b, Infinity, (x) => npc("negative", x)) },
  sin: { arity: 1, build: unary(() => 1, Infinity, (x) => npc("sin", x)) },
  cos: { arity: 1, build: unary(() => 1, Infinity, (x) => npc("cos", x)) },
  tanh: { arity: 1, build: unary(() => 1, Infinity, (x) => npc("tanh", x)) },
  arctan: { arity: 1, build: unary(() => Math.PI / 2, Infinity, (x) => npc("arctan", x)) },
  tan: { arity: 1, build: unary((b) => Math.tan(b), 1, (x) => npc("tan", x)) },
  exp: { arity: 1, build: unary((b) => Math.exp(b), 2, (x) => npc("exp", x)) },
  expm1: { arity: 1, build: unary((b) => Math.exp(b), 2, (x) => npc("expm1", x)) },
  log: { arity: 1, build: unary((b) => Math.log1p(b * b), 8, (x) => npc("log", onePlusSquare(x))) },
  log1p: { arity: 1, build: unary((b) => Math.log1p(b * b), 8, (x) => npc("log1p", npc("square", x))) },
  sqrt: { arity: 1, build: unary((b) => Math.sqrt(1 + b * b), 8, (x) => npc("sqrt", onePlusSquare(x))) },
  abs: { arity: 1, build: unary((b) => b, Infinity, (x) => npc("abs", x)) },
  square: { arity: 1, build: unary((b) => b * b, 4, (x) => npc("square", x)) },
  cube: { arity: 1, build: unary((b) => b ** 3, 2, (x) => npc("power", x, lit(3))) },
  sigmoid: { arity: 1, build: unary(() => 1, Infinity, (x) => nnc("sigmoid", x)) },
  relu: { arity: 1, build: unary((b) => b, Infinity, (x) => nnc("relu", x)) },
  leakyRelu: { arity: 1, build: unary((b) => b, Infinity, (x) => nnc("leakyRelu", x, lit(0.1))) },
  softplus: { arity: 1, build: unary((b) => b + 1, Infinity, (x) => nnc("softplus", x)) },
  logSigmoid: { arity: 1, build: unary((b) => b + 1, Infinity, (x) => nnc("logSigmoid", x)) },
  clip: { arity: 1, build: unary((b) => Math.min(b, 0.5), Infinity, (x) => npc("clip", x, lit(-0.5), lit(0.5))) },

  where: {
    arity: 3,
    build: ([a, b0, c0], p, lim) => {
      const [b, shape] = partner(a, b0, lim);
      const c = coerceTo(c0, shape);
      const conds: (() => Expr)[] = [
        () => npc("greater", c.expr, lit(0)),
        () => npc("less", a.expr, b.expr),
        () => npc("lessEqual", c.expr, lit(0)),
        () => npc("greaterEqual", a.expr, b.expr),
        () => npc("equal", npc("sign", c.expr), lit(1)),
        () => npc("notEqual", npc("sign", c.expr), lit(1)),
        () => npc("isfinite", npc("divide", lit(1), c.expr)),
      ];
      const cond = conds[p[0] % conds.length]();
      return { expr: npc("where", cond, a.expr, b.expr), shape, bound: Math.max(a.bound, b.bound) };
    },
  },
  mask: {
    arity: 2,
    build: binary((a) => a, (a, b) => npc("multiply", a, method(npc("greater", b, lit(0)), "astype", [lit("float64")]))),
  },
  signStop: {
    arity: 2,
    build: binary((a) => a, (a, b) => npc("multiply", a, call("stopGradient", stopGradient, [npc("sign", b)]))),
  },

  hyperbolic: {
    arity: 1,
    build: family(2, [
      (x, b) => [Math.sinh(b), npc("sinh", x)],
      (x, b) => [Math.cosh(b), npc("cosh", x)],
      (x, b) => [Math.asinh(b), npc("arcsinh", x)],
      // 2 + x²: away from acosh's infinite slope at 1
      (x, b) => [Math.acosh(2 + b * b), npc("arccosh", npc("add", npc("square", x), lit(2)))],
      (x) => [Math.atanh(0.9), npc("arctanh", inUnitInterval(x))],
    ]),
  },
  arcTrig: {
    arity: 1,
    build: family(Infinity, [(x) => [Math.PI / 2, npc("arcsin", inUnitInterval(x))], (x) => [Math.PI, npc("arccos", inUnitInterval(x))]]),
  },
  powerLog: {
    arity: 1,
    build: family(3, [
      (x, b) => [Math.cbrt(1 + b * b), npc("cbrt", onePlusSquare(x))],
      (x, b) => [2 ** b, npc("exp2", x)],
      (x, b) => [Math.log2(1 + b * b), npc("log2", onePlusSquare(x))],
      (x, b) => [Math.log10(1 + b * b), npc("log10", onePlusSquare(x))],
    ]),
  },
  arctan2: { arity: 2, build: binary(() => Math.PI / 2, (a, b) => npc("arctan2", a, onePlusSquare(b))) },
  // shifted by 0.3183 so the exact values programs make (0, ±0.5, ±1 from relu, clip, cos, ...) are not where
  // the result jumps (and central differences would see the jump)
  fmod: { arity: 2, build: binary((a) => a + 1, (a, b) => npc("fmod", npc("add", a, lit(0.3183)), onePlusSquare(b))) },
  rounding: {
    arity: 1,
    build: family(Infinity, [
      (x, b) => [b + 2, npc("floor", npc("add", x, lit(0.3183)))],
      (x, b) => [b + 2, npc("ceil", npc("add", x, lit(0.3183)))],
      (x, b) => [b + 2, npc("rint", npc("add", x, lit(0.3183)))],
      (x, b) => [b + 2, npc("trunc", npc("add", x, lit(0.3183)))],
    ]),
  },
  errorFunction: {
    arity: 1,
    build: family(Infinity, [
      (x) => [1, spc("erf", x)],
      (x) => [2, spc("erfc", x)],
      (x) => [1.2, spc("erfinv", inUnitInterval(x))],
    ]),
  },
  gammaFamily: {
    arity: 1,
    build: family(3, [
      (x) => [12.9, spc("gammaln", onePlusSquare(x))],
      (x) => [2.3, spc("digamma", onePlusSquare(x))],
      (x) => [1.7, spc("polygamma", lit(1), onePlusSquare(x))],
    ]),
  },

  sum: { arity: 1, build: reduction("sum", (b, n) => b * n) },
  mean: { arity: 1, build: reduction("mean", (b) => b) },
  max: { arity: 1, build: reduction("max", (b) => b) },
  min: { arity: 1, build: reduction("min", (b) => b) },
  var: { arity: 1, build: reduction("var", (b) => 4 * b * b, 2) },
  prod: {
    arity: 1,
    build: ([x0], p) => {
      const x = scaled(x0, 1.25);
      const ax = oneAxis(x.shape.length, p[0]);
      if (ax === null) return { expr: npc("prod", x.expr), shape: [], bound: x.bound };
      const n = x.shape[ax.axis];
      return { expr: npc("prod", x.expr, lit(ax.arg)), shape: reducedShape(x.shape, [ax.axis], false), bound: x.bound ** n };
    },
  },
  logsumexp: {
    arity: 1,
    build: ([x], p) => {
      const { arg, axes } = axesFrom(x.shape.length, p);
      const count = axes.reduce((n, a) => n * x.shape[a], 1);
      const args: Arg[] = arg === undefined ? [x.expr] : [x.expr, lit(arg)];
      return { expr: nnc("logsumexp", ...args), shape: reducedShape(x.shape, axes, false), bound: x.bound + Math.log(count) };
    },
  },
  softmax: {
    arity: 1,
    build: ([x], p) => {
      const ax = oneAxis(x.shape.length, p[0]);
      if (ax === null) return null;
      const args: Arg[] = p[1] % 3 === 0 ? [x.expr] : [x.expr, lit(ax.arg)];
      return { expr: nnc("softmax", ...args), shape: x.shape, bound: 1 };
    },
  },
  logSoftmax: {
    arity: 1,
    build: ([x], p) => {
      const ax = oneAxis(x.shape.length, p[0]);
      if (ax === null) return null;
      const args: Arg[] = p[1] % 3 === 0 ? [x.expr] : [x.expr, lit(ax.arg)];
      return { expr: nnc("logSoftmax", ...args), shape: x.shape, bound: 2 * x.bound + Math.log(sizeOf(x.shape)) };
    },
  },
  cumsum: {
    arity: 1,
    build: ([x], p) => {
      const ax = oneAxis(x.shape.length, p[0]);
      if (ax === null) return null;
      return { expr: npc("cumsum", x.expr, lit(ax.arg)), shape: x.shape, bound: x.bound * x.shape[ax.axis] };
    },
  },
  cumprod: {
    arity: 1,
    build: ([x0], p) => {
      // running products of factors in [-1, 1] stay in [-1, 1]
      const x = scaled(x0, 1);
      const ax = oneAxis(x.shape.length, p[0]);
      if (ax === null) return null;
      return { expr: npc("cumprod", x.expr, lit(ax.arg)), shape: x.shape, bound: x.bound };
    },
  },
  cummax: {
    arity: 1,
    build: ([x], p) => {
      // lax.cummax or lax.cummin, along a random axis, in either direction
      if (x.shape.length === 0) return null;
      const axis = p[0] % x.shape.length;
      return { expr: laxc(p[1] % 2 === 0 ? "cummax" : "cummin", x.expr, lit(axis), lit(p[2] % 2 === 0)), shape: x.shape, bound: x.bound };
    },
  },
  takeArg: {
    arity: 2,
    build: ([a, b], p, lim) => {
      const which = p[1] % 2 === 0 ? "argmax" : "argmin";
      // an index from b along axis k, taken from a along axis j (needs b.shape[k] <= a.shape[j])
      const pairs: [number, number][] = [];
      for (let j = 0; j < a.shape.length; j++) {
        for (let k = 0; k < b.shape.length; k++) {
          const shape = [...a.shape.slice(0, j), ...b.shape.filter((_, i) => i !== k), ...a.shape.slice(j + 1)];
          if (b.shape[k] <= a.shape[j] && fits(shape, lim)) pairs.push([j, k]);
        }
      }
      if (pairs.length > 0) {
        const [j, k] = pairs[p[0] % pairs.length];
        const shape = [...a.shape.slice(0, j), ...b.shape.filter((_, i) => i !== k), ...a.shape.slice(j + 1)];
        return { expr: npc("take", a.expr, npc(which, b.expr, lit(k)), lit(j)), shape, bound: a.bound };
      }
      if (sizeOf(b.shape) <= sizeOf(a.shape)) return { expr: npc("take", a.expr, npc(which, b.expr)), shape: [], bound: a.bound };
      return null;
    },
  },

  reshape: {
    arity: 1,
    build: ([x], p, lim) => {
      const size = sizeOf(x.shape);
      const rank = 1 + (p[0] % lim.maxRank);
      const dims = Array.from({ length: rank }, () => 1);
      let k = p[1];
      for (const f of primeFactors(size)) {
        dims[k % rank] *= f;
        k = Math.floor(k / rank) + 7 * f;
      }
      const shape = dims;
      const args = shape.slice();
      if (p[2] % 3 === 0) args[p[3] % rank] = -1;
      return { expr: npc("reshape", x.expr, lit(args)), shape, bound: x.bound };
    },
  },
  ravel: { arity: 1, build: ([x]) => ({ expr: npc("ravel", x.expr), shape: [sizeOf(x.shape)], bound: x.bound }) },
  transpose: {
    arity: 1,
    build: ([x], p) => {
      const n = x.shape.length;
      if (n < 2) return null;
      if (p[0] % 4 === 0) return { expr: npc("transpose", x.expr), shape: [...x.shape].reverse(), bound: x.bound };
      const perm = permutation(n, p[1]);
      return { expr: npc("transpose", x.expr, lit(perm)), shape: perm.map((i) => x.shape[i]), bound: x.bound };
    },
  },
  swapaxes: {
    arity: 1,
    build: ([x], p) => {
      const n = x.shape.length;
      if (n < 2) return null;
      const i = p[0] % n;
      const j = (i + 1 + (p[1] % (n - 1))) % n;
      const shape = x.shape.slice();
      [shape[i], shape[j]] = [shape[j], shape[i]];
      return { expr: npc("swapaxes", x.expr, lit(i), lit(p[2] % 2 === 0 ? j : j - n)), shape, bound: x.bound };
    },
  },
  expandDims: {
    arity: 1,
    build: ([x], p, lim) => {
      const n = x.shape.length;
      if (n + 1 > lim.maxRank) return null;
      const axis = p[0] % (n + 1);
      const shape = [...x.shape.slice(0, axis), 1, ...x.shape.slice(axis)];
      return { expr: npc("expandDims", x.expr, lit(axis)), shape, bound: x.bound };
    },
  },
  squeeze: {
    arity: 1,
    build: ([x], p) => {
      const ones = x.shape.flatMap((d, i) => (d === 1 ? [i] : []));
      if (ones.length === 0) return null;
      if (p[0] % 3 === 0) return { expr: npc("squeeze", x.expr), shape: x.shape.filter((d) => d !== 1), bound: x.bound };
      const axis = ones[p[1] % ones.length];
      return { expr: npc("squeeze", x.expr, lit(axis)), shape: x.shape.filter((_, i) => i !== axis), bound: x.bound };
    },
  },
  broadcastTo: {
    arity: 1,
    build: ([x], p, lim) => {
      let shape = x.shape.map((d, i) => (d === 1 && ((p[0] >> i) & 1) === 1 ? 2 + (p[1] % 2) : d));
      if (p[2] % 2 === 0 && shape.length < lim.maxRank) shape = [2 + (p[3] % 2), ...shape];
      if (sameShape(shape, x.shape) || !fits(shape, lim)) return null;
      return { expr: npc("broadcastTo", x.expr, lit(shape)), shape, bound: x.bound };
    },
  },
  slice: {
    arity: 1,
    build: ([x], p) => {
      if (x.shape.length === 0) return null;
      const { specs, selected } = sliceSpecs(x.shape, p[0]);
      return { expr: method(x.expr, "slice", specs.map(lit)), shape: selected, bound: x.bound };
    },
  },
  take: {
    arity: 1,
    build: ([x], p, lim) => {
      if (x.shape.length === 0) return null;
      const rng = new Rng(p[0]);
      const flat = p[1] % 3 === 0;
      const axis = flat ? 0 : p[2] % x.shape.length;
      const n = flat ? sizeOf(x.shape) : x.shape[axis];
      const count = 1 + Math.floor(rng.uniform() * 4);
      const indices = Array.from({ length: count }, () => Math.floor(rng.uniform() * 2 * n) - n);
      const shape = flat ? [count] : [...x.shape.slice(0, axis), count, ...x.shape.slice(axis + 1)];
      if (!fits(shape, lim)) return null;
      const expr = flat ? npc("take", x.expr, lit(indices)) : npc("take", x.expr, lit(indices), lit(axis));
      return { expr, shape, bound: x.bound };
    },
  },
  concatenate: {
    arity: 2,
    build: ([a, b0], p, lim) => {
      const n = a.shape.length;
      if (n === 0) return null;
      const axis = p[0] % n;
      const fitsB = b0.shape.length === n && b0.shape.every((d, i) => i === axis || d === a.shape[i]);
      const b = fitsB ? b0 : exactly(b0, a.shape);
      const shape = a.shape.map((d, i) => (i === axis ? d + b.shape[axis] : d));
      if (!fits(shape, lim)) return null;
      return { expr: npc("concatenate", { list: [a.expr, b.expr] }, lit(p[1] % 2 === 0 ? axis : axis - n)), shape, bound: Math.max(a.bound, b.bound) };
    },
  },
  stack: {
    arity: 2,
    build: ([a, b0], p, lim) => {
      const n = a.shape.length;
      const axis = p[0] % (n + 1);
      const shape = [...a.shape.slice(0, axis), 2, ...a.shape.slice(axis)];
      if (!fits(shape, lim)) return null;
      const b = exactly(b0, a.shape);
      return { expr: npc("stack", { list: [a.expr, b.expr] }, lit(axis)), shape, bound: Math.max(a.bound, b.bound) };
    },
  },
  atSet: {
    arity: 2,
    build: ([x, v0], p) => {
      if (x.shape.length === 0) return null;
      const { specs, selected } = sliceSpecs(x.shape, p[0]);
      const v = coerceTo(v0, selected);
      return { expr: method(method(x.expr, "at", specs.map(lit)), "set", [v.expr]), shape: x.shape, bound: Math.max(x.bound, v.bound) };
    },
  },
  atAdd: {
    arity: 2,
    build: ([x, v0], p) => {
      if (x.shape.length === 0) return null;
      const { specs, selected } = sliceSpecs(x.shape, p[0]);
      const v = coerceTo(v0, selected);
      return { expr: method(method(x.expr, "at", specs.map(lit)), "add", [v.expr]), shape: x.shape, bound: x.bound + v.bound };
    },
  },

  // x[i, j] with integer arrays on the first one or two axes (negatives count from the end), a gather
  pick: {
    arity: 1,
    build: ([x], p, lim) => {
      if (x.shape.length === 0) return null;
      const rng = new Rng(p[0]);
      const count = 1 + Math.floor(rng.uniform() * 4);
      const two = x.shape.length >= 2 && p[1] % 2 === 0;
      const draw = (n: number) => Array.from({ length: count }, () => Math.floor(rng.uniform() * 2 * n) - n);
      const specs = two ? [indexArray(draw(x.shape[0])), indexArray(draw(x.shape[1]))] : p[2] % 2 === 0 || x.shape.length < 2 ? [indexArray(draw(x.shape[0]))] : [lit(null), indexArray(draw(x.shape[1]))];
      const shape = two ? [count, ...x.shape.slice(2)] : specs.length === 1 ? [count, ...x.shape.slice(1)] : [x.shape[0], count, ...x.shape.slice(2)];
      if (!fits(shape, lim)) return null;
      return { expr: method(x.expr, "slice", specs), shape, bound: x.bound };
    },
  },
  // x.at(i).set/add/min/max(v) with repeated indices, multiply at distinct ones: the scatters
  atScatter: {
    arity: 2,
    build: ([x, v0], p) => {
      if (x.shape.length === 0) return null;
      const rng = new Rng(p[0]);
      const n = x.shape[0];
      const kind = (["set", "add", "min", "max", "multiply"] as const)[p[1] % 5];
      const positions = Array.from({ length: n }, (_, i) => i);
      const count = 1 + Math.floor(rng.uniform() * (kind === "multiply" ? n : n + 2));
      const indices = kind === "multiply"
        ? permutation(n, p[2]).slice(0, count).map((i) => (p[3] % 2 === 0 ? i : i - n))
        : Array.from({ length: count }, () => positions[Math.floor(rng.uniform() * n)]);
      const v = kind === "multiply" ? scaled(coerceTo(v0, [count, ...x.shape.slice(1)]), 1.5) : coerceTo(v0, [count, ...x.shape.slice(1)]);
      const bound = kind === "multiply" ? x.bound * v.bound : kind === "add" ? x.bound + count * v.bound : Math.max(x.bound, v.bound);
      return { expr: method(method(x.expr, "at", [indexArray(indices)]), kind, [v.expr]), shape: x.shape, bound };
    },
  },
  sort: {
    arity: 1,
    build: ([x], p) => {
      const ax = oneAxis(x.shape.length, p[0]);
      if (ax === null) return null;
      const args = p[1] % 3 === 0 ? [x.expr, lit(ax.arg), lit({ descending: true })] : [x.expr, lit(ax.arg)];
      return { expr: npc("sort", ...(args as [Expr, ...Arg[]])), shape: x.shape, bound: x.bound };
    },
  },
  // a reordered by the argsort of b along an axis: a sort with an iota, a gather with batching dims
  takeSorted: {
    arity: 2,
    build: ([a, b0], p) => {
      const ax = oneAxis(a.shape.length, p[0]);
      if (ax === null) return null;
      const b = exactly(b0, a.shape);
      return { expr: npc("takeAlongAxis", a.expr, npc("argsort", b.expr, lit(ax.arg)), lit(ax.arg)), shape: a.shape, bound: a.bound };
    },
  },
  quantile: {
    arity: 1,
    build: ([x], p) => {
      if (x.shape.length === 0) return null;
      const { arg, axes } = axesFrom(x.shape.length, p);
      const shape = reducedShape(x.shape, axes, false);
      const q = [0.1, 0.5, 0.75, 1][p[3] % 4];
      const method = (["linear", "midpoint", "hazen", "weibull"] as const)[Math.floor(p[3] / 4) % 4];
      return { expr: npc("quantile", x.expr, lit(q), lit(arg ?? null), lit({ method })), shape, bound: x.bound };
    },
  },

  // inverted dropout: x · keep / 0.75, keep = bernoulli(0.8) and not bernoulli(1/16) from fixed keys (P(keep) = 0.75)
  dropout: {
    arity: 1,
    build: ([x], p) => {
      const keep = npc("logicalAnd", rdc("bernoulli", keyOf(p[0] % 5), lit(0.8), lit(x.shape)), npc("logicalNot", rdc("bernoulli", keyOf(5 + (p[0] % 5)), lit(1 / 16), lit(x.shape))));
      return { expr: npc("multiply", x.expr, npc("divide", method(keep, "astype", [lit("float64")]), lit(0.75))), shape: x.shape, bound: x.bound / 0.75 };
    },
  },
  // x + normal noise / 4 from a fixed key (float64 normals reach |z| < 9)
  noise: {
    arity: 1,
    build: ([x0], p) => {
      const x = x0;
      const seed = p[0] % 5;
      return { expr: npc("add", x.expr, npc("multiply", rdc("normal", keyOf(seed), lit(x.shape)), lit(0.25))), shape: x.shape, bound: x.bound + 2.25 };
    },
  },
  // a random permutation of x along an axis (a fixed key): rounds of a stable sort by random words, then a gather
  shuffle: {
    arity: 1,
    build: ([x], p) => {
      const ax = oneAxis(x.shape.length, p[0]);
      if (ax === null) return null;
      return { expr: rdc("permutation", keyOf(p[1] % 5), x.expr, lit(ax.arg)), shape: x.shape, bound: x.bound };
    },
  },

  ...PRODUCT_BUILDERS,
  ...WINDOW_BUILDERS,
  ...LINALG_BUILDERS,
};
