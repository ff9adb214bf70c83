/**
 * `jit`: traces `f` once per input shapes/dtypes (and static argument
 * values), caches the jaxpr, and runs it as one `jit` primitive. The
 * primitive's `impl` asks `executableFor` for a runner: today an evaluator of
 * the jaxpr, later the compiler's fused kernels, with no change elsewhere.
 * `jvp` and `vmap` of a jit call stage a new jit call of the derived jaxpr.
 *
 * @example
 * const f = jit((x) => np.sum(np.sin(x)));
 * f(np.ones([3])); // traced once for f64[3], then cached
 */
import { ArgumentError } from "../core/errors.ts";
import type { AnyPrimitive } from "../core/primitive.ts";
import { bind, debugState, Tracer } from "../core/trace.ts";
import { compileJaxpr, type Executable } from "../compile/index.ts";
import type { ConcreteTensor, Tensor } from "../core/tensor.ts";
import * as ops from "../core/ops.ts";
import { numLeaves, unflatten, type TreeDef } from "../core/tree.ts";
import { ClosedJaxpr } from "../ir/jaxpr.ts";
import { formatAval } from "../ir/print.ts";
import { flattenArgList, flattenArgs } from "./autodiff.ts";
import { batchedToFront, batchJaxpr, jvpJaxpr, runJaxpr, stageTree, type StagedFunction } from "./stage.ts";
import { functionOrThrow, optionsOrThrow, showValue } from "../core/convert.ts";

interface JitParams {
  readonly jaxpr: ClosedJaxpr;
  readonly name: string;
}

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
export const jitPrimitive: AnyPrimitive = {
  name: "jit",
  abstractEval: (_args, { jaxpr }: JitParams) => jaxpr.outAvals,
  impl: (args, { jaxpr }: JitParams) => executableFor(jaxpr)(args),
  jvp(primals, tangents, { jaxpr, name }: JitParams) {
    const outs = bind(jitPrimitive, [...primals, ...ops.orZeros(tangents, primals)], {
      jaxpr: jvpJaxpr(jaxpr),
      name: `jvp(${name})`,
    });
    const m = outs.length / 2;
    return [outs.slice(0, m), outs.slice(m)];
  },
  transpose: null,
  batch(axisSize, args, dims, { jaxpr, name }: JitParams) {
    const [values, frontDims] = batchedToFront(args, dims);
    const batched = batchJaxpr(jaxpr, axisSize, frontDims);
    return [bind(jitPrimitive, values, { jaxpr: batched.jaxpr, name: `vmap(${name})` }), batched.outDims];
  },
  inline: (args, { jaxpr }: JitParams) => runJaxpr(jaxpr, args),
};

/** Options of `jit`. */
export interface JitOptions {
  /** Positional arguments that are static: part of the cache key by value, not traced. */
  readonly staticArgnums?: number | readonly number[];
}

const objectIds = new WeakMap<object, number>();
let nextObjectId = 0;

function staticKey(value: unknown): string {
  if ((typeof value === "object" && value !== null) || typeof value === "function") {
    let id = objectIds.get(value as object);
    if (id === undefined) objectIds.set(value as object, (id = nextObjectId++));
    return `#${id}`;
  }
  return `${typeof value}:${String(value)}`;
}

/** Compiles `f` once per input avals (and static values) and caches it. */
export function jit(f: (...args: any[]) => unknown, rawOptions?: JitOptions): (...args: any[]) => any {
  const options = optionsOrThrow<JitOptions>("jit", rawOptions, ["staticArgnums"]);
  functionOrThrow("jit", f);
  const staticArgnums: unknown = options.staticArgnums ?? [];
  if (typeof staticArgnums !== "number" && !Array.isArray(staticArgnums)) {
    throw new ArgumentError(`jit: staticArgnums must be an integer or an array of integers, got ${showValue(staticArgnums)}.`);
  }
  const staticSpec: number[] = typeof staticArgnums === "number" ? [staticArgnums] : [...staticArgnums];
  const cache = new Map<string, { staged: StagedFunction; outDef: TreeDef }>();
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
      JSON.stringify(inDef),
      leaves.map((x) => formatAval(x)).join(" "),
      staticList.map((s) => staticKey(args[s])).join(" "),
    ].join("|");
    let entry = cache.get(key);
    if (entry === undefined) {
      const withStatics = (...dyn: unknown[]) => {
        let k = 0;
        return f(...args.map((a, i) => (staticList.includes(i) ? a : dyn[k++])));
      };
      const { staged, outDef } = stageTree("jit", withStatics, leaves, inDef);
      entry = { staged, outDef };
      // values closed over from an outer transform are only valid for this call
      if (!staged.consts.some((c) => c instanceof Tracer)) cache.set(key, entry);
    }
    const outs = bind(jitPrimitive, [...entry.staged.consts, ...leaves], { jaxpr: entry.staged.jaxpr, name });
    if (outs.length !== numLeaves(entry.outDef)) throw new ArgumentError("jit: internal error: output count changed.");
    return unflatten(entry.outDef, outs);
  };
  return jitted;
}

/** A tensor with shape and dtype but no data: what `evalShape` returns. */
export interface ShapeDtypeStruct {
  readonly shape: readonly number[];
  readonly dtype: Tensor["dtype"];
}

/** Output shapes and dtypes of `f` without computing it. */
export function evalShape(f: (...args: any[]) => unknown): (...args: any[]) => any {
  functionOrThrow("evalShape", f);
  return (...args: unknown[]) => {
    const [leaves, inDef] = flattenArgList("evalShape", args, "argument", false);
    const { staged, outDef } = stageTree("evalShape", f, leaves, inDef);
    const structs: ShapeDtypeStruct[] = staged.jaxpr.outAvals.map((a) => ({ shape: [...a.shape], dtype: a.dtype }));
    return unflatten(outDef, structs);
  };
}
