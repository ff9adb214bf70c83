/**
 * `makeJaxpr`: traces a function with abstract values into a `ClosedJaxpr`.
 * Every primitive, including work on constants, is staged (the staging trace
 * is the dynamic trace), so the jaxpr is the whole computation.
 *
 * @example
 * makeJaxpr(grad((x) => np.sin(x).mul(x)))(1.0).toString()
 */
import { withMainTrace, type MainTrace } from "../core/trace.ts";
import type { Tensor } from "../core/tensor.ts";
import { unflatten, type TreeDef } from "../core/tree.ts";
import { flattenArgList, flattenArgs } from "../transforms/autodiff.ts";
import { JaxprBuilder, JaxprTrace } from "./build.ts";
import type { ClosedJaxpr } from "./jaxpr.ts";
import { simplify } from "./simplify.ts";
import { functionOrThrow, optionsOrThrow, userOutputOrThrow } from "../core/convert.ts";

/** Options of `makeJaxpr`. */
export interface MakeJaxprOptions {
  /** Run the simplification passes (dead code, `x*1`, `x+0`); default true. */
  readonly simplify?: boolean;
}

/** Traces `f` on the shapes and dtypes of `args` into a flat jaxpr (inputs and outputs are the flattened trees). */
export function traceToJaxpr(f: (...args: any[]) => unknown, args: readonly unknown[], op: string): ClosedJaxpr {
  return traceWithTree(f, args, op)[0];
}

/** `traceToJaxpr`, also giving the structure of the output. */
export function traceWithTree(f: (...args: any[]) => unknown, args: readonly unknown[], op: string): [ClosedJaxpr, TreeDef] {
  const [xs, def] = flattenArgList(op, args, "argument", false);
  const builder = new JaxprBuilder();
  return withMainTrace(
    op,
    (main: MainTrace) => new JaxprTrace(main, builder, false),
    (trace) => {
      const jaxprTrace = trace as JaxprTrace;
      const inputs: Tensor[] = xs.map((x) => jaxprTrace.newArg(x));
      const [outs, outDef] = flattenArgs(op, userOutputOrThrow(op, f(...unflatten<unknown[]>(def, inputs))), "output", false);
      return [builder.build(outs.map((o) => jaxprTrace.atomOf(o))), outDef] as [ClosedJaxpr, TreeDef];
    },
    { dynamic: true },
  );
}

/** `makeJaxpr(f)(...args)`: the traced IR of `f` at the shapes and dtypes of `args`. */
export function makeJaxpr(f: (...args: any[]) => unknown, rawOptions?: MakeJaxprOptions): (...args: unknown[]) => ClosedJaxpr {
  const options = optionsOrThrow<MakeJaxprOptions>("makeJaxpr", rawOptions, ["simplify"]);
  functionOrThrow("makeJaxpr", f);
  return (...args: unknown[]) => {
    const closed = traceToJaxpr(f, args, "makeJaxpr");
    return options.simplify === false ? closed : simplify(closed);
  };
}
