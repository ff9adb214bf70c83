/**
 * The cases of the bad-input property: bad input never hurts: every public function, fed wrong shapes, ragged
 * arrays, NaN/±Infinity, strings, undefined, bad dims, int tensors to grad,
 * mismatched trees, out-of-range argnums/axes, leaked tracers and the hostile
 * values of hostile.ts (Symbols, Proxies, cycles, ...) in random combinations, either
 * works (NaN propagates) or throws a TracegradError naming the op; nothing
 * else escapes, and the next valid call is still correct.
 */
import fc from "fast-check";
import * as tg from "../../lib/index.ts";
import { grad, jit, np, nn, random, lax, tree, Tensor, TracegradError } from "../../lib/index.ts";
import { traceState } from "../../lib/core/trace.ts";
import { showValue } from "../../lib/core/convert.ts";
import { hostileValues } from "./hostile.ts";

// the values we feed

let leaked: Tensor | undefined;
grad((x: Tensor) => {
  leaked = x;
  return np.sum(x);
})(1.0);

const goodValues: (() => unknown)[] = [
  () => 1.5,
  () => np.array([1, 2, 3]),
  () => np.array([[1, 2], [3, 4]]),
  () => np.ones([2, 3]),
  () => [0.5, -1],
  () => np.array(2.0),
];

const badValues: (() => unknown)[] = [
  () => undefined,
  () => null,
  () => "abc",
  () => ({}),
  () => ({ a: np.ones([2]) }),
  () => [[1, 2], [3]],
  () => [1, [2, 3]],
  () => [1, "x"],
  () => NaN,
  () => Infinity,
  () => -Infinity,
  () => -1,
  () => 1.5,
  () => 2.7,
  () => [-1, 2],
  () => [1.5],
  () => np.ones([4]),
  () => np.ones([3, 3]),
  () => np.ones([0]),
  () => np.array([1, 2], { dtype: "int32" }),
  () => np.array([true, false]),
  () => np.array(NaN),
  () => np.array([Infinity, -Infinity]),
  () => leaked,
  () => (x: unknown) => x,
  () => [np.ones([2]), np.ones([3])],
  () => 7,
  () => [0, 5],
  () => -3,
];

// hostile values too, except counts of 10^10 steps (a foriLoop that long is slow by design, not wrong)
const hostile = Object.entries(hostileValues)
  .filter(([name]) => name !== "count past the buffer limit" && name !== "unsafe integer")
  .map(([, make]) => make);

export const arbValue = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(...goodValues) },
  { weight: 3, arbitrary: fc.constantFrom(...badValues) },
  { weight: 2, arbitrary: fc.constantFrom(...hostile) },
);

// the functions we call: every public function, with 1–4 arguments

const f1 = (x: Tensor) => np.sum(np.square(x));
const fTree = (p: unknown) => np.sum(tree.leaves(p)[0] as Tensor);
type Call = (args: unknown[]) => unknown;
const a = (f: (...xs: any[]) => unknown): Call => (args) => f(...args);

export const calls: Record<string, Call> = {
  ...Object.fromEntries(
    Object.entries(np).filter(([, f]) => typeof f === "function").map(([name, f]) => [`np.${name}`, a(f as (...xs: any[]) => unknown)]),
  ),
  ...Object.fromEntries(
    Object.entries(nn).filter(([, f]) => typeof f === "function").map(([name, f]) => [`nn.${name}`, a(f as (...xs: any[]) => unknown)]),
  ),
  // the factories, and the initializers they make called with a key
  ...Object.fromEntries(Object.entries(nn.initializers).map(([name, f]) => [`nn.initializers.${name}`, a(f as (...xs: any[]) => unknown)])),
  ...Object.fromEntries(
    Object.entries(nn.initializers)
      .filter(([name]) => name !== "zeros" && name !== "ones" && name !== "constant" && name !== "varianceScaling")
      .map(([name, f]) => [`nn.initializers.${name}()(key)`, (args: unknown[]) => (f as () => (...xs: unknown[]) => unknown)()(random.key(0), ...args)]),
  ),
  ...Object.fromEntries(
    Object.entries(random).filter(([, f]) => typeof f === "function").map(([name, f]) => [`random.${name}`, a(f as (...xs: any[]) => unknown)]),
  ),
  "random.normal(key)": (args: any[]) => random.normal(random.key(0), args[0] as number[], args[1] as "float64"),
  "random.uniform(key)": (args: any[]) => random.uniform(random.key(0), args[0] as number[], args[1] as object),
  grad: (args: any[]) => (grad(f1, args[1] as object) as (...a: unknown[]) => unknown)(args[0], ...args.slice(2)),
  "grad(tree)": (args: any[]) => grad(fTree)(args[0]),
  "grad(argnums)": (args: any[]) => grad((x: Tensor, y: Tensor) => np.sum(np.multiply(x, y)), { argnums: args[2] as number })(args[0], args[1]),
  valueAndGrad: (args: any[]) => tg.valueAndGrad(f1, { hasAux: args[1] === 7 })(args[0]),
  vjp: (args: any[]) => tg.vjp(np.sin, args[0])[1](args[1]),
  jvp: (args: any[]) => tg.jvp(np.sin, args[0] as never, args[1] as never),
  linearize: (args: any[]) => tg.linearize(np.sin, args[0])[1](args[1]),
  jacfwd: (args: any[]) => tg.jacfwd(np.sin, { argnums: args[1] as number })(args[0]),
  jacrev: (args: any[]) => tg.jacrev(np.tanh, { argnums: args[1] as number })(args[0]),
  hessian: (args: any[]) => tg.hessian(f1)(args[0]),
  vmap: (args: any[]) => tg.vmap(np.sin, { inAxes: args[1], outAxes: args[2] })(args[0]),
  "vmap(binary)": (args: any[]) => tg.vmap(np.add, { inAxes: args[2] })(args[0], args[1]),
  jit: (args: any[]) => jit(f1, { staticArgnums: args[1] as number })(args[0]),
  numericalGrad: (args: any[]) => tg.numericalGrad(f1, { eps: args[1] as number })(args[0]),
  numericalJvp: (args: any[]) => tg.numericalJvp(np.sin, [args[0]], [args[1]]),
  stopGradient: a(tg.stopGradient),
  checkpoint: (args: any[]) => tg.checkpoint(np.sin)(args[0] as Tensor),
  customJvp: (args: any[]) => grad((x: Tensor) => np.sum(tg.customJvp(np.sin, ([p]: Tensor[], [t]: Tensor[]) => [np.sin(p), np.multiply(t, args[1] as number)])(x)))(args[0]),
  customVjp: (args: any[]) =>
    grad((x: Tensor) => np.sum(tg.customVjp(np.sin, { fwd: (p: Tensor) => [np.sin(p), p], bwd: (_r: unknown, ct: Tensor) => [np.multiply(ct, args[1] as number)] })(x)))(args[0]),
  makeJaxpr: (args: any[]) => tg.makeJaxpr(f1)(args[0]).toString(),
  evalJaxpr: (args: any[]) => tg.evalJaxpr(tg.makeJaxpr(np.sin)(np.ones([2])), args[0] as Tensor),
  "evalJaxpr(any)": (args: any[]) => tg.evalJaxpr(args[0] as tg.ClosedJaxpr, args[1] as Tensor),
  toDot: (args: any[]) => tg.toDot(tg.makeJaxpr(np.add)(args[0], args[1])),
  evalShape: (args: any[]) => tg.evalShape(np.matmul)(args[0], args[1]),
  "tree.map": (args: any[]) => tree.map((x: unknown, y: unknown) => np.add(x as number, y as number), args[0], args[1]),
  "tree.unflatten": (args: any[]) => tree.unflatten(tree.structure(args[0]), args[1] as unknown[]),
  ...Object.fromEntries(
    ["reduce", "all", "transpose", "flattenWithPath", "leavesWithPath", "mapWithPath", "keystr", "zerosLike", "onesLike", "fullLike", "add", "sub", "mul", "div", "scale", "vdot", "sum", "norm"].map(
      (name) => [`tree.${name}`, a((tree as Record<string, (...xs: any[]) => unknown>)[name])],
    ),
  ),
  ...Object.fromEntries(["cumsum", "cumprod", "cummax", "cummin"].map((name) => [`lax.${name}`, a((lax as unknown as Record<string, (...xs: any[]) => unknown>)[name])])),
  "vjp(hasAux)": (args: any[]) => tg.vjp({ hasAux: args[2] as true }, (x: Tensor) => [np.sin(x), args[1]] as const, args[0])[1](args[1]),
  "jvp(hasAux)": (args: any[]) => tg.jvp((x: Tensor) => [np.sin(x), x] as const, [args[0]], [args[1]], args[2] as { hasAux: true }),
  "lax.cond": (args: any[]) => lax.cond(args[0] as Tensor, np.sin, np.cos, args[1]),
  // the body always makes progress (a user's loop that never ends, like JAX's, would hang by design)
  "lax.whileLoop": (args: any[]) =>
    lax.whileLoop((c: Tensor) => np.less(c, 3), (c: Tensor) => np.add(np.maximum(c, 0), np.add(np.abs(args[1] as number), 1)), args[0] as Tensor),
  "lax.foriLoop": (args: any[]) => lax.foriLoop(args[0] as number, args[1] as number, (_i: Tensor, v: Tensor) => np.add(v, 1), args[2] as Tensor),
  "lax.scan": (args: any[]) => lax.scan((c: Tensor, x: Tensor) => [np.add(c, x), c], args[0] as Tensor, args[1] as Tensor, args[2] as object),
  "config.update": (args: any[]) => tg.config.update(args[0] as "debugNans", args[1] as boolean),
  "Tensor.slice": (args: any[]) => np.ones([3, 4]).slice(...(args as never[])),
  "Tensor.at.set": (args) => np.ones([3, 4]).at(...(args.slice(1) as never[])).set(args[0] as number),
  "Tensor.reshape": (args) => np.ones([6]).reshape(...(args as number[])),
  "Tensor.astype": (args) => np.ones([2]).astype(args[0] as "float32"),
  "Tensor.item": (args) => (np.asarray(args[0] as number) as Tensor).item(),
  "Tensor.sum": (args) => np.ones([2, 3]).sum(args[0] as number, args[1] as boolean),
  "Tensor.transpose": (args) => np.ones([2, 3]).transpose(args[0] as number[]),
};

export function sane(result: unknown): void {
  for (const leaf of tree.leaves(result)) {
    if (leaf instanceof Tensor) {
      if (!leaf.shape.every((d) => Number.isInteger(d) && d >= 0)) throw new Error(`bad shape ${leaf.shape}`);
      leaf.toArray();
    }
  }
}

export function nextCallStillCorrect(): void {
  const state = traceState();
  if (state.depth !== 0 || state.dynamic) throw new Error(`a transform was left running: ${JSON.stringify(state)}`);
  const g = grad(f1)([1, 2]).toArray() as number[];
  if (g[0] !== 2 || g[1] !== 4) throw new Error(`the next grad call gave ${g}`);
  if (jit((x: Tensor) => np.multiply(x, 3))(2).item() !== 6) throw new Error("the next jit call is wrong");
}

export function describeValue(x: unknown): string {
  return showValue(x);
}
