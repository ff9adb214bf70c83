/**
 * `jit`: traces `f` once per input shapes/dtypes (and static argument
 * values), caches the simplified jaxpr (the one `makeJaxpr` prints) and runs
 * it as one `jit` primitive. The primitive's `impl` runs the jaxpr compiled
 * by `compile/` into fused loops (`executableFor`). `jvp` and `vmap` of a jit
 * call stage a new jit call of the derived jaxpr; partial evaluation inlines
 * the body, so `grad` of a jit call splits it equation by equation.
 *
 * @example
 * const f = jit((x) => np.sum(np.sin(x)));
 * f(np.ones([3])); // traced once for f64[3], then cached
 */
import { ArgumentError } from "../core/errors.ts";
import type { HigherOrderPrimitive } from "../core/primitive.ts";
import { debugState, Tracer } from "../core/trace.ts";
import { compileJaxpr, type Executable } from "../compile/index.ts";
import type { ConcreteTensor, Tensor } from "../core/tensor.ts";
import * as ops from "../core/ops.ts";
import { numLeaves, treeDefKey, unflatten, unflattenOwn, type TreeDef } from "../core/tree.ts";
import { ClosedJaxpr } from "../ir/jaxpr.ts";
import { formatAval } from "../ir/print.ts";
import { flattenArgList, splitHalf } from "../core/args.ts";
import { batchedToFront, batchJaxpr, bindTyped, inlineCall, jvpJaxprFull, runJaxpr, stageTree, type StagedFunction } from "./stage.ts";
import { functionOrThrow, noArgumentsOrThrow, optionsOrThrow, showValue } from "../core/convert.ts";
import { LruCache, staticArgKey } from "./jitCache.ts";
import { randomSettings } from "../core/randomSettings.ts";
import type { AnyFunction, InputsOf, MapLeaves, OutputOf } from "../core/treeTypes.ts";

/** The params of a `jit` call: the staged jaxpr (const-free) and the name of the function, for printing. */
export type JitParams = {
  readonly jaxpr: ClosedJaxpr;
  readonly name: string;
};

const executables = new WeakMap<ClosedJaxpr, Executable>();

/**
 * The runner of a jaxpr on concrete inputs: compiled to fused loops once per
 * jaxpr. With `debugNans` on, the jaxpr is evaluated primitive by primitive
 * instead, so the check can name the primitive that made the NaN.
 */
export function executableFor(closed: ClosedJaxpr): Executable {
  if (debugState.nans) return (args) => runJaxpr(closed, args) as ConcreteTensor[];
  let run = executables.get(closed);
  if (run === undefined) {
    run = compileJaxpr(closed);
    executables.set(closed, run);
  }
  return run;
}

/** The `jit` primitive: a call of a staged jaxpr. */
export const jitPrimitive: HigherOrderPrimitive<JitParams> = {
  name: "jit",
  abstractEval: (_args, { jaxpr }) => jaxpr.outAvals,
  impl: (args, { jaxpr }) => executableFor(jaxpr)(args),
  // d jit(f)(x) = jit(jvp f)(x, dx)
  jvp(primals, tangents, { jaxpr, name }) {
    const outs = bindTyped(jitPrimitive, [...primals, ...ops.orZeros(tangents, primals)], { jaxpr: jvpJaxprFull(jaxpr), name: `jvp(${name})` });
    return splitHalf(outs);
  },
  transpose: null,
  batch(axisSize, args, dims, { jaxpr, name }) {
    const [values, frontDims] = batchedToFront(args, dims);
    const batched = batchJaxpr(jaxpr, axisSize, frontDims);
    return [bindTyped(jitPrimitive, values, { jaxpr: batched.jaxpr, name: `vmap(${name})` }), batched.outDims];
  },
  partialEval: inlineCall,
};

/** Options of `jit`. */
export interface JitOptions {
  /**
   * Positional arguments that are static: not traced, passed to `f` as they are, and part of the cache key
   * by value (see `jitCache.ts`: primitives, arrays and plain objects by content; functions and class
   * instances by identity; tensors refused).
   */
  readonly staticArgnums?: number | readonly number[];
}

/**
 * A jitted function: `f` compiled once per argument signature, with its
 * cache's controls. It takes `f`'s arguments (array-likes where `f` takes
 * tensors) and returns `f`'s result with every leaf a tensor.
 */
export interface JittedFunction<F extends AnyFunction = AnyFunction> {
  (...args: InputsOf<F>): OutputOf<F>;
  /** Empties this function's cache (JAX's `f.clear_cache()`); the next call traces again. Takes no arguments. */
  clearCache(...none: readonly undefined[]): void;
  /** How many traced programs this function keeps (at most `config.get("jitCacheSize")`). Takes no arguments. */
  cacheSize(...none: readonly undefined[]): number;
}

/** The cache key of a dynamic leaf: its aval, and its weak type (a JS number 2 and 2.5 trace differently, 2 and 3 alike). */
function leafKey(x: Tensor): string {
  return x.weakType === undefined ? formatAval(x) : `${formatAval(x)}~${x.weakType}`;
}

/**
 * Compiles `f` once per input avals (and static values) and caches it (a
 * bounded LRU, see `jitCache.ts`); the result computes what `f` does, bit
 * for bit, and keeps `f`'s signature.
 *
 * @example
 * import { jit, np, type Tensor } from "tracegrad";
 * const f = jit((x: Tensor) => np.sum(np.sin(x)));
 * f(np.ones([3])); // traced once for f64[3], then cached
 * const scaled = jit((x: Tensor, scale: number) => np.multiply(x, scale), { staticArgnums: 1 });
 */
export function jit<F extends AnyFunction>(f: F, rawOptions?: JitOptions): JittedFunction<F>;
export function jit(f: (...args: any[]) => unknown, rawOptions?: JitOptions): JittedFunction {
  const options = optionsOrThrow<JitOptions>("jit", rawOptions, ["staticArgnums"]);
  functionOrThrow("jit", f);
  const staticArgnums: unknown = options.staticArgnums ?? [];
  if (typeof staticArgnums !== "number" && !Array.isArray(staticArgnums)) {
    throw new ArgumentError(`jit: staticArgnums must be an integer or an array of integers, got ${showValue(staticArgnums)}.`);
  }
  const staticSpec: number[] = typeof staticArgnums === "number" ? [staticArgnums] : [...staticArgnums];
  const cache = new LruCache<{ staged: StagedFunction; outDef: TreeDef; outCount: number }>();
  const name = f.name || "f";
  const jitted = (...args: unknown[]) => {
    // negative positions count from the end, as in JAX
    const staticList = staticSpec.map((s) => (Number.isInteger(s) && s < 0 ? s + args.length : s));
    for (const s of staticList) {
      if (!Number.isInteger(s) || s < 0 || s >= args.length) {
        throw new ArgumentError(`jit: staticArgnums ${showValue(options.staticArgnums)} is out of range for ${args.length} argument(s).`);
      }
    }
    const dynamicArgs = args.filter((_, i) => !staticList.includes(i));
    const [leaves, inDef] = flattenArgList("jit", dynamicArgs, "argument", false);
    const key = [
      treeDefKey(inDef),
      leaves.map(leafKey).join(" "),
      staticList.map((s) => staticArgKey(args[s], s)).join(" "),
      // settings that change what tracing records
      randomSettings.threefryPartitionable ? "" : "threefry:original",
    ].join("|");
    let entry = cache.get(key);
    if (entry === undefined) {
      const withStatics = (...dyn: unknown[]) => {
        let k = 0;
        return f(...args.map((a, i) => (staticList.includes(i) ? a : dyn[k++])));
      };
      const { staged, outDef } = stageTree("jit", withStatics, leaves, inDef, { simplify: true });
      entry = { staged, outDef, outCount: numLeaves(outDef) };
      // values closed over from an outer transform are only valid for this call
      if (!staged.consts.some((c) => c instanceof Tracer)) cache.set(key, entry);
    }
    const outs = bindTyped(jitPrimitive, [...entry.staged.consts, ...leaves], { jaxpr: entry.staged.jaxpr, name });
    if (outs.length !== entry.outCount) throw new ArgumentError("jit: internal error: output count changed.");
    return unflattenOwn(entry.outDef, outs);
  };
  return Object.assign(jitted as (...args: any[]) => any, {
    clearCache: (...none: readonly undefined[]) => {
      noArgumentsOrThrow("jit(f).clearCache", none);
      cache.clear();
    },
    cacheSize: (...none: readonly undefined[]) => {
      noArgumentsOrThrow("jit(f).cacheSize", none);
      return cache.size;
    },
  });
}

/** A tensor with shape and dtype but no data: what `evalShape` returns. */
export interface ShapeDtypeStruct {
  readonly shape: readonly number[];
  readonly dtype: Tensor["dtype"];
}

/**
 * Output shapes and dtypes of `f` without computing it: `f`'s result with
 * each leaf a `ShapeDtypeStruct`.
 *
 * @example
 * import { evalShape, np, type Tensor } from "tracegrad";
 * evalShape((x: Tensor) => np.matmul(x, x))(np.ones([3, 3])); // { shape: [3, 3], dtype: "float64" }
 */
export function evalShape<F extends AnyFunction>(f: F): (...args: InputsOf<F>) => MapLeaves<ReturnType<F>, ShapeDtypeStruct>;
export function evalShape(f: (...args: any[]) => unknown): (...args: any[]) => any {
  functionOrThrow("evalShape", f);
  return (...args: unknown[]) => {
    const [leaves, inDef] = flattenArgList("evalShape", args, "argument", false);
    const { staged, outDef } = stageTree("evalShape", f, leaves, inDef);
    const structs: ShapeDtypeStruct[] = staged.jaxpr.outAvals.map((a) => ({ shape: [...a.shape], dtype: a.dtype }));
    return unflatten(outDef, structs);
  };
}
