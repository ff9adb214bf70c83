/**
 * `makeJaxpr`: traces a function with abstract values into a `ClosedJaxpr`.
 * Every primitive, including work on constants, is staged (the staging trace
 * is the dynamic trace), so the jaxpr is the whole computation. `jit` traces
 * with the same `traceArgs` and compiles the simplified jaxpr that
 * `makeJaxpr` prints.
 *
 * @example
 * makeJaxpr(grad((x) => np.sin(x).mul(x)))(1.0).toString()
 */
import { withMainTrace, type MainTrace } from "../core/trace.ts";
import type { Aval, Tensor } from "../core/tensor.ts";
import type { TreeDef } from "../core/tree.ts";
import { flatOutputs, flattenArgList } from "../core/args.ts";
import { JaxprBuilder, JaxprTrace } from "./build.ts";
import type { ClosedJaxpr } from "./jaxpr.ts";
import { simplify } from "./simplify.ts";
import { functionOrThrow, optionsOrThrow } from "../core/convert.ts";

/** Options of `makeJaxpr`. */
export interface MakeJaxprOptions {
  /** Run the simplification passes (dead code, `x*1`, `x+0`); default true. */
  readonly simplify?: boolean;
}

/** Traces a function of flat tensors on abstract inputs of the given avals (every op staged, nothing removed). */
export function traceFlat(fn: (xs: Tensor[]) => Tensor[], inAvals: readonly Aval[], op: string): ClosedJaxpr {
  const builder = new JaxprBuilder();
  return withMainTrace(
    op,
    (main: MainTrace) => new JaxprTrace(main, builder),
    (trace) => {
      const staging = trace as JaxprTrace;
      const outs = fn(inAvals.map((a) => staging.newArg(a)));
      return builder.build(outs.map((o) => staging.atomOf(o)));
    },
    { dynamic: true },
  );
}

/** Traces `f`, a function of an argument list flattened as `inDef`, at the avals of its leaves; also gives the output's structure. */
export function traceArgs(op: string, f: (...args: any[]) => unknown, leaves: readonly Aval[], inDef: TreeDef): [ClosedJaxpr, TreeDef] {
  const { flatF, outDef } = flatOutputs(op, f, inDef);
  const closed = traceFlat(flatF, leaves, op);
  return [closed, outDef()];
}

/** `makeJaxpr(f)(...args)`: the traced IR of `f` at the shapes and dtypes of `args`. */
export function makeJaxpr(f: (...args: any[]) => unknown, rawOptions?: MakeJaxprOptions): (...args: unknown[]) => ClosedJaxpr {
  const options = optionsOrThrow<MakeJaxprOptions>("makeJaxpr", rawOptions, ["simplify"]);
  functionOrThrow("makeJaxpr", f);
  return (...args: unknown[]) => {
    const [leaves, inDef] = flattenArgList("makeJaxpr", args, "argument", false);
    const [closed] = traceArgs("makeJaxpr", f, leaves, inDef);
    return options.simplify === false ? closed : simplify(closed);
  };
}
