/**
 * Random programs for fuzzing the transforms: `arbProgram` draws small
 * well-typed straight-line programs over tracegrad's ops (elementwise math,
 * broadcasting arithmetic, reductions over random axes, reshapes, slices,
 * indexed updates, gathers, concatenation, matmul, where, cumsum, ...), with
 * every differentiable primitive of the library reachable. A program is
 * data: a list of statements `vK = op(earlier values)`, run with tracegrad
 * ops by `program.run(...inputs)`, and printed as code by `toString()`:
 *
 *     // inputs: v0: f64[2,3], v1: f64[3]
 *     (v0: Tensor, v1: Tensor): Tensor => {
 *       const v2 = np.multiply(v0, v1); // f64[2,3]
 *       const v3 = np.exp(np.multiply(v2, 0.5)); // f64[2,3]
 *       return np.sum(v3);
 *     }
 *
 * Inputs are kept in each op's domain by construction (`log` of `x² + 1`,
 * `sqrt` of `x² + 1`, division by `1 + x²`, powers of `x² + 1`), and values
 * are kept in a moderate range by scaling with exact powers of two where a
 * static bound says they could grow, so numerical differences stay accurate.
 * Programs return a float64 scalar (the sum of the values nothing else uses),
 * so `grad` applies.
 *
 * The raw draw is a list of statement choices (an op number, reference
 * numbers, parameter numbers); references resolve modulo the values defined
 * so far (counting back from the latest one) and inapplicable choices fall
 * through to the next op, so every draw, and every shrink of a draw, is a
 * valid program: failures shrink to short programs.
 *
 * @example
 * fc.assert(fc.property(arbProgramWithInputs(), ([program, inputs]) => {
 *   const g = grad(program.run, { argnums: inputs.map((_, i) => i) })(...inputs);
 *   return g.length === inputs.length;
 * }));
 */
import fc from "fast-check";
import { nn, np, stopGradient, type ArrayLike, type Tensor } from "../index.ts";
import { arbShape, type ShapeOptions } from "./arbitraries.ts";
import { Rng } from "./rng.ts";

// model

/** The op kinds a program statement can use (see `PROGRAM_OPS`). */
export type ProgramOp = (typeof PROGRAM_OPS)[number];

/** Every op kind `arbProgram` draws from, in draw order (the first ones are what shrinking tends to). */
export const PROGRAM_OPS = [
  // binary arithmetic with numpy broadcasting
  "add", "subtract", "multiply", "divide", "maximum", "minimum", "power",
  // unary math
  "negative", "sin", "cos", "tanh", "arctan", "tan", "exp", "expm1", "log", "log1p", "sqrt", "abs", "square", "cube",
  "sigmoid", "relu", "leakyRelu", "softplus", "logSigmoid", "clip",
  // comparisons, masks, stop_gradient
  "where", "mask", "signStop",
  // reductions
  "sum", "mean", "max", "min", "prod", "var", "logsumexp", "softmax", "logSoftmax", "cumsum", "takeArg",
  // movement
  "reshape", "ravel", "transpose", "swapaxes", "expandDims", "squeeze", "broadcastTo", "slice", "take",
  "concatenate", "stack", "atSet", "atAdd",
  // linear algebra
  "matmul", "dot",
] as const;

/** Options of `arbProgram`. */
export interface ProgramOptions {
  /** Fixed input shapes (default: 1 to 3 inputs with shapes from `inputShape`). */
  readonly inputShapes?: readonly (readonly number[])[];
  /** Fewest inputs when shapes are drawn (default 1). */
  readonly minInputs?: number;
  /** Most inputs when shapes are drawn (default 3). */
  readonly maxInputs?: number;
  /** How input shapes are drawn (default rank 0..3, dims 1..3). */
  readonly inputShape?: ShapeOptions;
  /** Fewest statements (default 1). */
  readonly minStatements?: number;
  /** Most statements (default 8). */
  readonly maxStatements?: number;
  /** Largest rank of an intermediate value (default 4). */
  readonly maxRank?: number;
  /** Most elements of an intermediate value (default 36). */
  readonly maxSize?: number;
  /** Only these op kinds (default: all of `PROGRAM_OPS`). */
  readonly ops?: readonly ProgramOp[];
  /** Never these op kinds. */
  readonly exclude?: readonly ProgramOp[];
}

/** A raw statement choice, as fast-check draws and shrinks it. */
export interface RawStatement {
  readonly op: number;
  readonly refs: readonly number[];
  readonly p: readonly number[];
}

/** A resolved statement: `v<index> = expr`. */
export interface Statement {
  /** The op kind. */
  readonly op: ProgramOp;
  /** The values it reads. */
  readonly uses: readonly number[];
  /** Its static shape. */
  readonly shape: readonly number[];
  /** The code of the right-hand side, with values named `v0, v1, ...`. */
  readonly code: string;
}

/** An expression: its code and its evaluation come from one description, so the printed program is what runs. */
interface Expr {
  readonly code: (names: readonly string[]) => string;
  readonly run: (values: readonly Tensor[]) => any;
}

type Arg = Expr | { readonly lit: unknown } | { readonly list: readonly Expr[] };

/** A value while building: its expression, static shape and a bound on |element|. */
interface Operand {
  readonly expr: Expr;
  readonly shape: readonly number[];
  readonly bound: number;
}

interface Limits {
  readonly maxRank: number;
  readonly maxSize: number;
}

type Builder = (xs: readonly Operand[], p: readonly number[], lim: Limits) => Operand | null;

// utils: expressions

const lit = (v: unknown): { lit: unknown } => ({ lit: v });

function literal(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(literal).join(", ")}]`;
  return String(v);
}

function argCode(a: Arg, names: readonly string[]): string {
  if ("lit" in a) return literal(a.lit);
  if ("list" in a) return `[${a.list.map((e) => e.code(names)).join(", ")}]`;
  return a.code(names);
}

function argRun(a: Arg, values: readonly Tensor[]): unknown {
  if ("lit" in a) return a.lit;
  if ("list" in a) return a.list.map((e) => e.run(values));
  return a.run(values);
}

const ref = (i: number): Expr => ({ code: (n) => n[i], run: (v) => v[i] });

function call(name: string, fn: (...args: any[]) => unknown, args: readonly Arg[]): Expr {
  return {
    code: (n) => `${name}(${args.map((a) => argCode(a, n)).join(", ")})`,
    run: (v) => fn(...args.map((a) => argRun(a, v))),
  };
}

/** `np.<name>(...)`, with the function looked up by the printed name. */
const npc = (name: keyof typeof np, ...args: Arg[]): Expr => call(`np.${name}`, np[name] as (...a: any[]) => unknown, args);
/** `nn.<name>(...)`. */
const nnc = (name: keyof typeof nn, ...args: Arg[]): Expr => call(`nn.${name}`, nn[name] as (...a: any[]) => unknown, args);

function method(target: Expr, name: string, args: readonly Arg[]): Expr {
  return {
    code: (n) => `${target.code(n)}.${name}(${args.map((a) => argCode(a, n)).join(", ")})`,
    run: (v) => {
      const t = target.run(v);
      return t[name](...args.map((a) => argRun(a, v)));
    },
  };
}

// utils: shapes

const sizeOf = (s: readonly number[]) => s.reduce((n, d) => n * d, 1);
const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);
const formatShape = (s: readonly number[]) => `f64[${s.join(",")}]`;

function broadcast(a: readonly number[], b: readonly number[]): number[] | null {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = i < n - a.length ? 1 : a[i - (n - a.length)];
    const y = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (x !== y && x !== 1 && y !== 1) return null;
    out.push(x === 1 ? y : x);
  }
  return out;
}

const fits = (s: readonly number[], lim: Limits) => s.length <= lim.maxRank && sizeOf(s) <= lim.maxSize;

/** Multiplies by a power of two so the bound is at most `limit` (exact, and printed as a short literal). */
function scaled(x: Operand, limit: number): Operand {
  if (!(x.bound > limit)) return x;
  const c = 2 ** -Math.ceil(Math.log2(x.bound / limit));
  return { expr: npc("multiply", x.expr, lit(c)), shape: x.shape, bound: x.bound * c };
}

/** `x` averaged over the axes that keep it from broadcasting to `target`, so that broadcast(result, target) is target. */
function coerceTo(x: Operand, target: readonly number[]): Operand {
  let cur = x;
  if (cur.shape.length > target.length) {
    const lead = Array.from({ length: cur.shape.length - target.length }, (_, i) => i);
    cur = { expr: npc("mean", cur.expr, lit(lead)), shape: cur.shape.slice(lead.length), bound: cur.bound };
  }
  const offset = target.length - cur.shape.length;
  const bad = cur.shape.flatMap((d, i) => (d !== 1 && d !== target[offset + i] ? [i] : []));
  if (bad.length > 0) {
    cur = {
      expr: npc("mean", cur.expr, lit(bad.length === 1 ? bad[0] : bad), lit(true)),
      shape: cur.shape.map((d, i) => (bad.includes(i) ? 1 : d)),
      bound: cur.bound,
    };
  }
  return cur;
}

/** `b` as is when it broadcasts with `a` within the limits, else coerced to `a`'s shape. */
function partner(a: Operand, b: Operand, lim: Limits): [Operand, number[]] {
  const both = broadcast(a.shape, b.shape);
  if (both !== null && fits(both, lim)) return [b, both];
  const c = coerceTo(b, a.shape);
  return [c, broadcast(a.shape, c.shape)!];
}

/** `coerceTo`, then `broadcastTo` when the shape is still not `target`. */
function exactly(x: Operand, target: readonly number[]): Operand {
  const c = coerceTo(x, target);
  return sameShape(c.shape, target) ? c : { expr: npc("broadcastTo", c.expr, lit([...target])), shape: [...target], bound: c.bound };
}

/** Reduction axes from a parameter: all axes (`undefined`), one axis (maybe negative), or a list. */
function axesFrom(ndim: number, p: readonly number[]): { arg: number | number[] | undefined; axes: number[] } {
  if (ndim === 0 || p[0] % 4 === 0) return { arg: undefined, axes: Array.from({ length: ndim }, (_, i) => i) };
  const mask = (p[1] % ((1 << ndim) - 1)) + 1; // a non-empty subset
  const axes = Array.from({ length: ndim }, (_, i) => i).filter((i) => (mask >> i) & 1);
  if (axes.length === 1) return { arg: p[2] % 2 === 0 ? axes[0] : axes[0] - ndim, axes };
  return { arg: axes, axes };
}

function reducedShape(shape: readonly number[], axes: readonly number[], keepdims: boolean): number[] {
  return keepdims ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i));
}

/** A random permutation from a parameter (Lehmer code). */
function permutation(n: number, seed: number): number[] {
  const rest = Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  let k = seed;
  for (let m = n; m > 0; m--) {
    out.push(rest.splice(k % m, 1)[0]);
    k = Math.floor(k / m);
  }
  return out;
}

function primeFactors(n: number): number[] {
  const out: number[] = [];
  for (let f = 2; n > 1; f++) while (n % f === 0) (out.push(f), (n /= f));
  return out;
}

/** Slice specs for `x.slice`/`x.at`: per axis null, an index, or [start, stop, step] (negative steps too); the selected shape. */
function sliceSpecs(shape: readonly number[], seed: number): { specs: unknown[]; selected: number[] } {
  const rng = new Rng(seed);
  const pick = (n: number) => Math.floor(rng.uniform() * n);
  const naxes = shape.length === 0 ? 0 : 1 + pick(shape.length);
  const specs: unknown[] = [];
  const selected: number[] = [];
  for (let axis = 0; axis < naxes; axis++) {
    const n = shape[axis];
    const kind = pick(4);
    if (kind === 0) {
      specs.push(null);
      selected.push(n);
    } else if (kind === 1) {
      const i = pick(2 * n) - n; // negative indices count from the end
      specs.push(i);
    } else {
      const step = [1, 2, -1, -2][pick(4)];
      let start = pick(n);
      let stop = step > 0 ? start + 1 + pick(n - start) : start - 1 - pick(start + 1);
      const count = Math.ceil(Math.abs(stop - start) / Math.abs(step));
      if (step < 0 && stop < 0) stop = -n - 1; // "before the start", written as numpy would need it
      if (pick(3) === 0 && start > 0) start -= n; // a negative start
      specs.push(step === 1 && pick(2) === 0 ? [start, stop] : [start, stop, step]);
      selected.push(count);
    }
  }
  for (let axis = naxes; axis < shape.length; axis++) {
    selected.push(shape[axis]);
  }
  return { specs, selected };
}

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

/** One axis (maybe negative) for ops along an axis; null for scalars. */
function oneAxis(ndim: number, p: number): { arg: number; axis: number } | null {
  if (ndim === 0) return null;
  const axis = p % ndim;
  return { arg: Math.floor(p / ndim) % 2 === 0 ? axis : axis - ndim, axis };
}

const BUILDERS: Record<ProgramOp, { arity: number; build: Builder }> = {
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

  matmul: {
    arity: 2,
    build: ([a, b], p, lim) => matmulOf("matmul", a, b, p, lim),
  },
  dot: {
    arity: 2,
    build: ([a, b], p, lim) => matmulOf("dot", a, b, p, lim),
  },
};

/** numpy's matmul/dot result shape, or null. */
function productShape(name: "matmul" | "dot", a: readonly number[], b: readonly number[]): number[] | null {
  if (name === "dot") {
    if (a.length === 0 || b.length === 0) return broadcast(a, b) === null ? null : a.length === 0 ? [...b] : [...a];
    if (b.length === 1) return a[a.length - 1] === b[0] ? a.slice(0, -1) : null;
    if (a[a.length - 1] !== b[b.length - 2]) return null;
    return [...a.slice(0, -1), ...b.slice(0, -2), b[b.length - 1]];
  }
  if (a.length === 0 || b.length === 0) return null;
  const a2 = a.length === 1 ? [1, a[0]] : a;
  const b2 = b.length === 1 ? [b[0], 1] : b;
  if (a2[a2.length - 1] !== b2[b2.length - 2]) return null;
  const batch = broadcast(a2.slice(0, -2), b2.slice(0, -2));
  if (batch === null) return null;
  return [...batch, ...(a.length === 1 ? [] : [a2[a2.length - 2]]), ...(b.length === 1 ? [] : [b2[b2.length - 1]])];
}

function matmulOf(name: "matmul" | "dot", a: Operand, b: Operand, p: readonly number[], lim: Limits): Operand | null {
  const make = (x: Operand, y: Operand): Operand | null => {
    const shape = productShape(name, x.shape, y.shape);
    if (shape === null || !fits(shape, lim)) return null;
    const k = x.shape.length === 0 || y.shape.length === 0 ? 1 : x.shape[x.shape.length - 1];
    return { expr: npc(name, x.expr, y.expr), shape, bound: x.bound * y.bound * k };
  };
  const direct = p[0] % 2 === 0 ? make(a, b) ?? make(b, a) : make(b, a) ?? make(a, b);
  if (direct !== null) return direct;
  // a Gram product of a with itself: a @ swapaxes(a, -1, -2), or a·a for vectors
  if (a.shape.length === 1) return make(a, a);
  if (a.shape.length >= 2) {
    const t = { expr: npc("swapaxes", a.expr, lit(-1), lit(-2)), shape: [...a.shape.slice(0, -2), a.shape[a.shape.length - 1], a.shape[a.shape.length - 2]], bound: a.bound };
    return make(a, t);
  }
  return null;
}

// constructors

/** A random straight-line program over tracegrad ops; see `arbProgram`. */
export class Program {
  /** The shapes of the inputs `v0, v1, ...` (float64). */
  readonly inputShapes: readonly (readonly number[])[];
  /** The statements, defining `v<inputs>, v<inputs+1>, ...` in order. */
  readonly statements: readonly Statement[];
  /** The values summed into the output: those no statement reads. */
  readonly outputs: readonly number[];
  /** The op kinds used, in order of appearance. */
  readonly ops: readonly ProgramOp[];
  /**
   * Evaluates the program with tracegrad ops (so any transform applies:
   * `grad(program.run)`, `jit(program.run)`, `vmap(program.run)`); a float64
   * scalar. Throws when an op gives a shape other than the static one.
   */
  readonly run: (...inputs: ArrayLike[]) => Tensor;

  private readonly exprs: readonly Expr[];

  /** Internal: programs come from `arbProgram` or `buildProgram`. */
  constructor(inputShapes: readonly (readonly number[])[], built: readonly { op: ProgramOp; operand: Operand; uses: number[] }[]) {
    this.inputShapes = inputShapes.map((s) => [...s]);
    const n = inputShapes.length;
    const names = Array.from({ length: n + built.length }, (_, i) => `v${i}`);
    this.exprs = built.map((b) => b.operand.expr);
    this.statements = built.map((b) => ({ op: b.op, uses: b.uses, shape: [...b.operand.shape], code: b.operand.expr.code(names) }));
    const used = new Set(built.flatMap((b) => b.uses));
    const unused = built.map((_, i) => n + i).filter((i) => !used.has(i));
    this.outputs = unused.length > 0 ? unused : inputShapes.map((_, i) => i);
    this.ops = [...new Set(built.map((b) => b.op))];
    const shapes = [...this.inputShapes, ...this.statements.map((s) => s.shape)];
    this.run = (...inputs: ArrayLike[]): Tensor => {
      if (inputs.length !== n) throw new RangeError(`program: expected ${n} inputs, got ${inputs.length}.\n${this.toString()}`);
      const values: Tensor[] = inputs.map((x) => np.asarray(x));
      values.forEach((v, i) => {
        if (!sameShape(v.shape, shapes[i])) throw new RangeError(`program: input v${i} has shape [${v.shape}], expected [${shapes[i]}].`);
      });
      this.exprs.forEach((e, k) => {
        const v = e.run(values) as Tensor;
        if (!sameShape(v.shape, shapes[n + k])) {
          throw new Error(
            `program: v${n + k} = ${this.statements[k].code} has shape [${v.shape}] but should have [${shapes[n + k]}] ` +
              `(a shape rule of tracegrad or of the generator is wrong).\n${this.toString()}`,
          );
        }
        values.push(v);
      });
      return this.outputs.map((i) => np.sum(values[i])).reduce((acc, s) => np.add(acc, s));
    };
  }

  /** The program as TypeScript-like code. */
  toString(): string {
    const n = this.inputShapes.length;
    const params = this.inputShapes.map((_, i) => `v${i}: Tensor`).join(", ");
    const lines = [
      `// inputs: ${this.inputShapes.map((s, i) => `v${i}: ${formatShape(s)}`).join(", ")}`,
      `(${params}): Tensor => {`,
      ...this.statements.map((s, k) => `  const v${n + k} = ${s.code}; // ${formatShape(s.shape)}`),
      `  return ${this.outputs.map((i) => `np.sum(v${i})`).reduce((acc, s) => `np.add(${acc}, ${s})`)};`,
      `}`,
    ];
    return lines.join("\n");
  }

  /** fast-check prints a program as its code. */
  [Symbol.for("fast-check/toStringMethod")](): string {
    return this.toString();
  }

  /**
   * Deterministic random inputs of the right shapes: magnitudes in
   * [0.1, 1.5] with random signs (away from the kinks of abs/relu/max at 0,
   * and no two elements equal), as float64 tensors.
   */
  randomInputs(seed: number): Tensor[] {
    const rng = new Rng(seed);
    return printableInputs(
      this.inputShapes.map((shape) => {
        const values = Array.from({ length: sizeOf(shape) }, () => (rng.uniform() < 0.5 ? -1 : 1) * (0.1 + 1.4 * rng.uniform()));
        return np.reshape(np.array(values), shape);
      }),
    );
  }
}

/** An array of tensors that fast-check prints as code (`[np.array([...]), ...]`, full precision). */
function printableInputs(xs: Tensor[]): Tensor[] {
  Object.defineProperty(xs, Symbol.for("fast-check/toStringMethod"), {
    value: () => `[${xs.map((x) => `np.array(${JSON.stringify(x.toArray())})`).join(", ")}]`,
    enumerable: false,
  });
  return xs;
}

/** Resolves raw statement choices into a program over inputs of the given shapes. */
export function buildProgram(inputShapes: readonly (readonly number[])[], raws: readonly RawStatement[], options: ProgramOptions = {}): Program {
  const lim: Limits = { maxRank: options.maxRank ?? 4, maxSize: options.maxSize ?? 36 };
  const allowed = (options.ops ?? PROGRAM_OPS).filter((op) => !(options.exclude ?? []).includes(op));
  if (allowed.length === 0) throw new RangeError("arbProgram: no op kinds left to draw from (check ops/exclude).");
  for (const op of allowed) if (!(op in BUILDERS)) throw new RangeError(`arbProgram: unknown op kind ${JSON.stringify(op)}.`);
  const values: Operand[] = inputShapes.map((shape, i) => ({ expr: ref(i), shape: [...shape], bound: 1.5 }));
  const built: { op: ProgramOp; operand: Operand; uses: number[] }[] = [];
  const fallback: ProgramOp = allowed.includes("tanh") ? "tanh" : allowed[0];
  for (const raw of raws) {
    const count = values.length;
    // the first reference counts back from the latest value; the others prefer values other than the first
    const first = count - 1 - (raw.refs[0] % count);
    const others = Array.from({ length: count }, (_, i) => count - 1 - i).filter((i) => i !== first);
    const uses = [first, ...raw.refs.slice(1).map((r) => (others.length === 0 ? first : others[r % others.length]))];
    let result: { op: ProgramOp; operand: Operand } | null = null;
    for (let t = 0; t < allowed.length && result === null; t++) {
      const op = allowed[(raw.op + t) % allowed.length];
      const { arity, build } = BUILDERS[op];
      const args = uses.slice(0, arity).map((i) => values[i]);
      const operand = build(args, raw.p, lim);
      if (operand !== null && fits(operand.shape, lim)) result = { op, operand };
    }
    if (result === null) {
      // only reached with a narrow `ops` list where nothing applies: fall back to an elementwise op
      const operand = BUILDERS[fallback].build([values[uses[0]], values[uses[1]], values[uses[2]]], raw.p, lim);
      if (operand === null) continue;
      result = { op: fallback, operand };
    }
    // keep values in a moderate range: a statement whose bound could pass 8 is scaled by a power of two
    const operand = scaled(result.operand, 8);
    values.push({ expr: ref(values.length), shape: operand.shape, bound: operand.bound });
    const names = values.map((_, i) => `v${i}`);
    const read = [...new Set([...operand.expr.code(names).matchAll(/\bv(\d+)\b/g)].map((m) => Number(m[1])))];
    built.push({ op: result.op, operand, uses: read });
  }
  return new Program(inputShapes, built);
}

// public

const rawStatement: fc.Arbitrary<RawStatement> = fc.record({
  op: fc.nat(),
  refs: fc.tuple(fc.nat(), fc.nat(), fc.nat()),
  p: fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()),
});

/**
 * Random well-typed programs (see `Program`): statements drawn from
 * `PROGRAM_OPS` over 1 to 3 float64 inputs, returning a scalar. A failing
 * property prints the shrunk program as code.
 *
 * @example
 * fc.assert(fc.property(arbProgram({ inputShapes: [[3], [2, 3]] }), (program) => {
 *   const [x, y] = program.randomInputs(0);
 *   return Number.isFinite(program.run(x, y).item());
 * }));
 */
export function arbProgram(options: ProgramOptions = {}): fc.Arbitrary<Program> {
  const { minStatements = 1, maxStatements = 8, minInputs = 1, maxInputs = 3 } = options;
  if (!(Number.isInteger(minStatements) && Number.isInteger(maxStatements) && minStatements >= 0 && minStatements <= maxStatements)) {
    throw new RangeError(`arbProgram: need 0 <= minStatements <= maxStatements, got ${minStatements} and ${maxStatements}.`);
  }
  if (!(Number.isInteger(minInputs) && Number.isInteger(maxInputs) && minInputs >= 1 && minInputs <= maxInputs)) {
    throw new RangeError(`arbProgram: need 1 <= minInputs <= maxInputs, got ${minInputs} and ${maxInputs}.`);
  }
  buildProgram([[]], [], options); // validates ops/exclude now rather than inside fast-check
  const shapes: fc.Arbitrary<readonly (readonly number[])[]> = options.inputShapes
    ? fc.constant(options.inputShapes)
    : fc.array(arbShape({ maxRank: 3, maxDim: 3, ...options.inputShape }), { minLength: minInputs, maxLength: maxInputs });
  return fc
    .tuple(shapes, fc.array(rawStatement, { minLength: minStatements, maxLength: maxStatements }))
    .map(([s, raws]) => buildProgram(s, raws, options));
}

/**
 * A program and matching inputs (`program.randomInputs(seed)`): magnitudes
 * in [0.1, 1.5], random signs, no ties, printed at full precision.
 *
 * @example
 * fc.assert(fc.property(arbProgramWithInputs(), ([program, inputs]) => {
 *   const argnums = inputs.map((_, i) => i);
 *   const g = grad(program.run, { argnums })(...inputs);
 *   const n = numericalGrad(program.run, { argnums })(...inputs);
 *   return g.every((gi, i) => np.allclose(gi, n[i], { rtol: 1e-4, atol: 1e-6 }));
 * }));
 */
export function arbProgramWithInputs(options: ProgramOptions = {}): fc.Arbitrary<[Program, Tensor[]]> {
  return fc.tuple(arbProgram(options), fc.nat()).map(([program, seed]): [Program, Tensor[]] => [program, program.randomInputs(seed)]);
}
