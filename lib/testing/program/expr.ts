/**
 * The program model and its expressions: the public types (`PROGRAM_OPS`,
 * `ProgramOp`, `ProgramOptions`, `RawStatement`, `Statement`), the internal
 * `Expr`/`Operand`/`Builder` types, the expression constructors (`lit`,
 * `ref`, `call`, `npc`, `nnc`, `method`) whose code and evaluation come from
 * one description, and the static shape utilities the builders use
 * (broadcasting, coercion, reduction axes, permutations, slice specs).
 */
import { lax, nn, np, random, special, type Tensor } from "../../index.ts";
import type { ShapeOptions } from "../arbitraries.ts";
import { Rng } from "../rng.ts";

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
  // advanced indexing, scatters, sorting
  "pick", "atScatter", "sort", "takeSorted", "quantile",
  // linear algebra
  "matmul", "dot",
  // convolution and windows
  "conv", "convolve", "maxPool", "avgPool", "reduceWindowMin",
  "matmul", "dot", "einsum",
  // Fourier transforms (real parts of np.fft's complex results)
  "fft",
  // random draws from fixed keys (the programs stay deterministic functions of their inputs)
  "dropout", "noise", "shuffle",
  // np.linalg and the scipy-style helpers (linalgBuilders.ts)
  "solve", "inv", "det", "slogdet", "cholesky", "qr", "eigvalsh", "svdvals", "expm", "luSolve", "multivariateNormal",
  // more elementwise math (issue 9): each picks one function of its family by a parameter
  "hyperbolic", "arcTrig", "powerLog", "arctan2", "fmod", "rounding", "errorFunction", "gammaFamily",
  // running products and extrema (np.cumprod, lax.cummax/cummin)
  "cumprod", "cummax",
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
export interface Expr {
  readonly code: (names: readonly string[]) => string;
  readonly run: (values: readonly Tensor[]) => any;
}

export type Arg = Expr | { readonly lit: unknown } | { readonly list: readonly Expr[] };

/** A value while building: its expression, static shape and a bound on |element|. */
export interface Operand {
  readonly expr: Expr;
  readonly shape: readonly number[];
  readonly bound: number;
}

export interface Limits {
  readonly maxRank: number;
  readonly maxSize: number;
}

export type Builder = (xs: readonly Operand[], p: readonly number[], lim: Limits) => Operand | null;

// utils: expressions

export const lit = (v: unknown): { lit: unknown } => ({ lit: v });

function literal(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(literal).join(", ")}]`;
  if (v !== null && typeof v === "object") return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${literal(x)}`).join(", ")} }`;
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

export const ref = (i: number): Expr => ({ code: (n) => n[i], run: (v) => v[i] });

export function call(name: string, fn: (...args: any[]) => unknown, args: readonly Arg[]): Expr {
  return {
    code: (n) => `${name}(${args.map((a) => argCode(a, n)).join(", ")})`,
    run: (v) => fn(...args.map((a) => argRun(a, v))),
  };
}

/** `np.<name>(...)`, with the function looked up by the printed name. */
export const npc = (name: keyof typeof np, ...args: Arg[]): Expr => call(`np.${name}`, np[name] as (...a: any[]) => unknown, args);
/** `random.<name>(...)`. */
export const rdc = (name: keyof typeof random, ...args: Arg[]): Expr => call(`random.${name}`, random[name] as (...a: any[]) => unknown, args);
/** `random.key(seed)`. */
export const keyOf = (seed: number): Expr => rdc("key", lit(seed));
/** `special.<name>(...)`. */
export const spc = (name: keyof typeof special, ...args: Arg[]): Expr =>
  call(`special.${name}`, special[name] as (...a: any[]) => unknown, args);
/** `lax.<name>(...)`. */
export const laxc = (name: keyof typeof lax, ...args: Arg[]): Expr => call(`lax.${name}`, lax[name] as (...a: any[]) => unknown, args);
/** `nn.<name>(...)`. */
export const nnc = (name: keyof typeof nn, ...args: Arg[]): Expr => call(`nn.${name}`, nn[name] as (...a: any[]) => unknown, args);

export function method(target: Expr, name: string, args: readonly Arg[]): Expr {
  return {
    code: (n) => `${target.code(n)}.${name}(${args.map((a) => argCode(a, n)).join(", ")})`,
    run: (v) => {
      const t = target.run(v);
      return t[name](...args.map((a) => argRun(a, v)));
    },
  };
}

/** An int32 index array literal: `np.array([...]).astype("int32")`. */
export const indexArray = (values: readonly number[]): Expr => method(npc("array", lit([...values])), "astype", [lit("int32")]);

// utils: shapes

export const sizeOf = (s: readonly number[]) => s.reduce((n, d) => n * d, 1);
export const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);
export const formatShape = (s: readonly number[]) => `f64[${s.join(",")}]`;

export function broadcast(a: readonly number[], b: readonly number[]): number[] | null {
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

export const fits = (s: readonly number[], lim: Limits) => s.length <= lim.maxRank && sizeOf(s) <= lim.maxSize;

/** Multiplies by a power of two so the bound is at most `limit` (exact, and printed as a short literal). */
export function scaled(x: Operand, limit: number): Operand {
  if (!(x.bound > limit)) return x;
  const c = 2 ** -Math.ceil(Math.log2(x.bound / limit));
  return { expr: npc("multiply", x.expr, lit(c)), shape: x.shape, bound: x.bound * c };
}

/** `x` averaged over the axes that keep it from broadcasting to `target`, so that broadcast(result, target) is target. */
export function coerceTo(x: Operand, target: readonly number[]): Operand {
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
export function partner(a: Operand, b: Operand, lim: Limits): [Operand, number[]] {
  const both = broadcast(a.shape, b.shape);
  if (both !== null && fits(both, lim)) return [b, both];
  const c = coerceTo(b, a.shape);
  return [c, broadcast(a.shape, c.shape)!];
}

/** `coerceTo`, then `broadcastTo` when the shape is still not `target`. */
export function exactly(x: Operand, target: readonly number[]): Operand {
  const c = coerceTo(x, target);
  return sameShape(c.shape, target) ? c : { expr: npc("broadcastTo", c.expr, lit([...target])), shape: [...target], bound: c.bound };
}

/** Reduction axes from a parameter: all axes (`undefined`), one axis (maybe negative), or a list. */
export function axesFrom(ndim: number, p: readonly number[]): { arg: number | number[] | undefined; axes: number[] } {
  if (ndim === 0 || p[0] % 4 === 0) return { arg: undefined, axes: Array.from({ length: ndim }, (_, i) => i) };
  const mask = (p[1] % ((1 << ndim) - 1)) + 1; // a non-empty subset
  const axes = Array.from({ length: ndim }, (_, i) => i).filter((i) => (mask >> i) & 1);
  if (axes.length === 1) return { arg: p[2] % 2 === 0 ? axes[0] : axes[0] - ndim, axes };
  return { arg: axes, axes };
}

export function reducedShape(shape: readonly number[], axes: readonly number[], keepdims: boolean): number[] {
  return keepdims ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i));
}

/** A random permutation from a parameter (Lehmer code). */
export function permutation(n: number, seed: number): number[] {
  const rest = Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  let k = seed;
  for (let m = n; m > 0; m--) {
    out.push(rest.splice(k % m, 1)[0]);
    k = Math.floor(k / m);
  }
  return out;
}

export function primeFactors(n: number): number[] {
  const out: number[] = [];
  for (let f = 2; n > 1; f++) while (n % f === 0) (out.push(f), (n /= f));
  return out;
}

/** Slice specs for `x.slice`/`x.at`: per axis null, an index, or [start, stop, step] (negative steps too); the selected shape. */
export function sliceSpecs(shape: readonly number[], seed: number): { specs: unknown[]; selected: number[] } {
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

/** One axis (maybe negative) for ops along an axis; null for scalars. */
export function oneAxis(ndim: number, p: number): { arg: number; axis: number } | null {
  if (ndim === 0) return null;
  const axis = p % ndim;
  return { arg: Math.floor(p / ndim) % 2 === 0 ? axis : axis - ndim, axis };
}
