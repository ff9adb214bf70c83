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
import { ClosedJaxpr } from "./jaxpr.ts";
import { hasTreeArgument, leafNames } from "./argNames.ts";
import type { AnyFunction, InputsOf } from "../core/treeTypes.ts";
import { simplify } from "./simplify.ts";
import { functionOrThrow, optionsOrThrow, showValue } from "../core/convert.ts";
import { ArgumentError } from "../core/errors.ts";

/** Options of `makeJaxpr`. */
export interface MakeJaxprOptions {
  /** Run the simplification passes (dead code, `x*1`, `x+0`); default true. */
  readonly simplify?: boolean;
  /**
   * Print each input with its path in the arguments (`a:f64[3]  # params.b1`), the roots named by `f`'s
   * parameters where they are plain identifiers (else `args[0]`); default: when an argument is an object
   * or an array of tensors.
   */
  readonly argNames?: boolean;
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

/**
 * `makeJaxpr(f)(...args)`: the traced IR of `f` at the shapes and dtypes of
 * `args`. When an argument is a tree (or with `{ argNames: true }`), the
 * printed jaxpr names each input by its path.
 *
 * @example
 * import { makeJaxpr, np, type Tensor } from "tracegrad";
 * const loss = (params: { w: Tensor; b: Tensor }, x: Tensor) => np.sum(np.add(np.matmul(x, params.w), params.b));
 * console.log(makeJaxpr(loss)({ w: np.ones([3, 2]), b: np.zeros([2]) }, np.ones([4, 3])).toString());
 * // { lambda ;
 * //     a:f64[2]    # params.b
 * //     b:f64[3,2]  # params.w
 * //     c:f64[4,3]  # x
 * //   . let
 * //     d:f64[4,2] = dot_general[...] c b
 * //     ...
 */
export function makeJaxpr<F extends AnyFunction>(f: F, rawOptions?: MakeJaxprOptions): (...args: InputsOf<F>) => ClosedJaxpr;
export function makeJaxpr(f: (...args: any[]) => unknown, rawOptions?: MakeJaxprOptions): (...args: unknown[]) => ClosedJaxpr {
  const options = optionsOrThrow<MakeJaxprOptions>("makeJaxpr", rawOptions, ["simplify", "argNames"]);
  for (const key of ["simplify", "argNames"] as const) {
    if (options[key] !== undefined && typeof options[key] !== "boolean") {
      throw new ArgumentError(`makeJaxpr: ${key} must be true or false, got ${showValue(options[key])}; for example makeJaxpr(f, { ${key}: true }).`);
    }
  }
  functionOrThrow("makeJaxpr", f);
  return (...args: unknown[]) => {
    const [leaves, inDef] = flattenArgList("makeJaxpr", args, "argument", false);
    const [traced] = traceArgs("makeJaxpr", f, leaves, inDef);
    const closed = options.simplify === false ? traced : simplify(traced);
    if (!(options.argNames ?? hasTreeArgument(inDef))) return closed;
    return new ClosedJaxpr(closed.jaxpr, closed.consts, leafNames(f, inDef));
  };
}
