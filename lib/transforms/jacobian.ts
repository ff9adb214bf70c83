/**
 * Jacobians and the Hessian, built on vmap of jvp (`jacfwd`, one pushforward
 * per input basis vector, all at once) and vmap of the vjp (`jacrev`, one
 * pullback per output basis vector). Output shape is `out.shape ++ in.shape`
 * per pair of leaves; trees in and out are allowed, as in JAX.
 *
 * @example
 * hessian((x) => np.sum(np.power(x, 3)))([1, 2]) // array([[6., 0.], [0., 12.]])
 */
import { ArgumentError } from "../core/errors.ts";
import * as ops from "../core/ops.ts";
import { ConcreteTensor, type Tensor } from "../core/tensor.ts";
import { flatten, unflatten, type TreeDef } from "../core/tree.ts";
import { eye } from "../kernels/movement.ts";
import { argnumsList, flattenArgs, flattenDiffArgs, splitAux, unflattenArgs } from "../core/args.ts";
import { lowerFinished } from "./autodiff.ts";
import { jvpFlat } from "./jvp.ts";
import { linearizeFlat } from "./linearize.ts";
import { backwardPass } from "./transpose.ts";
import { vmap } from "./vmap.ts";
import { functionOrThrow, optionsOrThrow, userOutputOrThrow } from "../core/convert.ts";
import type { AnyFunction, HessianFunction, JacobianFunction } from "../core/treeTypes.ts";

/** Options of the Jacobian transforms. */
export interface JacobianOptions {
  /** Which positional argument(s) to differentiate with respect to (default 0). */
  readonly argnums?: number | readonly number[];
  /** `f` returns `[out, aux]`; the result is `[jacobian, aux]`. */
  readonly hasAux?: boolean;
}

interface Problem {
  /** The differentiated input leaves, flat. */
  readonly inputs: Tensor[];
  /** Structures of the differentiated arguments. */
  readonly inDefs: TreeDef[];
  /** `f` as a function of the flat input leaves, returning flat output leaves. */
  readonly flatF: (xs: Tensor[]) => Tensor[];
  /** The output structure, known after `flatF` has run once. */
  outDef(): TreeDef;
  /** The aux value, when `hasAux`. */
  aux(): unknown;
}

function setup(op: string, f: (...args: any[]) => unknown, options: JacobianOptions, args: unknown[]): Problem {
  const { argnums = 0, hasAux = false } = optionsOrThrow<JacobianOptions>(op, options, ["argnums", "hasAux"]);
  functionOrThrow(op, f);
  const list = argnumsList(op, argnums, args.length);
  const { inputs, defs: inDefs, substitute } = flattenDiffArgs(op, args, list);
  let outDef: TreeDef | undefined;
  let aux: unknown;
  const flatF = (xs: Tensor[]): Tensor[] => {
    let out: unknown;
    [out, aux] = splitAux(op, userOutputOrThrow(op, f(...substitute(xs)), "differentiated", hasAux), hasAux);
    const [outs, def] = flattenArgs(op, out, "output", false);
    outDef = def;
    return outs;
  };
  // aux was computed under the (finished) jvp of flatF: give back its primal values, as grad does
  const auxOut = () => {
    const [auxLeaves, auxDef] = flatten(aux);
    return unflatten(auxDef, auxLeaves.map(lowerFinished));
  };
  return { inputs, inDefs, flatF, outDef: () => outDef!, aux: auxOut };
}

/**
 * An identity basis of `n` directions, split into tensors shaped like `avals`, each with a leading axis of size n.
 * Each part has its own leaf's dtype: a tangent (cotangent) must match its primal's (output's) dtype, so with
 * mixed float32/float64 leaves one shared dtype would give blocks of the wrong dtype (e.g. a float32 tangent
 * of a float64 output), as in JAX, where jacfwd's blocks take the output's dtype and jacrev's the input's.
 */
function basis(avals: readonly Tensor[]): Tensor[] {
  const n = avals.reduce((s, a) => s + a.size, 0);
  const identity = new ConcreteTensor(eye("float64", n, n, 0), [n, n], "float64");
  let offset = 0;
  return avals.map((a) => {
    const part = ops.slice(identity, [0, offset], [n, offset + a.size]);
    offset += a.size;
    return ops.convert(ops.reshape(part, [n, ...a.shape]), a.dtype);
  });
}

/** Assembles per-(out, in) blocks into the output tree of input trees. */
function assemble(p: Problem, options: JacobianOptions, block: (outIndex: number, inIndex: number) => Tensor, outCount: number): unknown {
  const perOut = Array.from({ length: outCount }, (_, o) => {
    const perArg = unflattenArgs(p.inDefs, p.inputs.map((_, i) => block(o, i)));
    return typeof (options.argnums ?? 0) === "number" ? perArg[0] : perArg;
  });
  const jac = unflatten(p.outDef(), perOut);
  return options.hasAux ? [jac, p.aux()] : jac;
}

/**
 * Forward-mode Jacobian: `vmap` of `jvp` over the input basis. Each output
 * leaf holds the derivative with respect to the `argnums` argument(s), of
 * shape `out.shape ++ in.shape`.
 *
 * @example
 * import { jacfwd, np, type Tensor } from "tracegrad";
 * jacfwd((x: Tensor) => np.sin(x))(np.array([0, 1])); // [[1, 0], [0, cos 1]]
 */
export function jacfwd<F extends AnyFunction, const O extends JacobianOptions = {}>(f: F, options?: O): JacobianFunction<F, O>;
export function jacfwd(f: (...args: any[]) => unknown, options: JacobianOptions = {}): (...args: any[]) => any {
  return (...args: unknown[]) => {
    const p = setup("jacfwd", f, options, args);
    const directions = basis(p.inputs);
    const pushforward = (...tangents: Tensor[]) => {
      const [outs, outTangents] = jvpFlat(p.flatF, p.inputs, tangents);
      return ops.orZeros(outTangents, outs);
    };
    const columns = vmap(pushforward)(...directions) as Tensor[];
    // columns[o]: [N, ...out.shape]; block (o, i): move the N axis last, keep this input's slice
    let acc = 0;
    const offsets = p.inputs.map((x) => ((acc += x.size), acc - x.size));
    return assemble(
      p,
      options,
      (o, i) => {
        const col = columns[o];
        const x = p.inputs[i];
        const part = ops.slice(col, col.shape.map((_, a) => (a === 0 ? offsets[i] : 0)), col.shape.map((d, a) => (a === 0 ? offsets[i] + x.size : d)));
        const moved = ops.transpose(part, [...col.shape.slice(1).map((_, a) => a + 1), 0]);
        return ops.reshape(moved, [...col.shape.slice(1), ...x.shape]);
      },
      columns.length,
    );
  };
}

/**
 * Reverse-mode Jacobian: `vmap` of the vjp over the output basis (the same
 * result as `jacfwd`, cheaper when outputs are fewer than inputs).
 *
 * @example
 * import { jacrev, np, type Tensor } from "tracegrad";
 * jacrev((x: Tensor) => np.multiply(x, x))(np.array([1, 2])); // [[2, 0], [0, 4]]
 */
export function jacrev<F extends AnyFunction, const O extends JacobianOptions = {}>(f: F, options?: O): JacobianFunction<F, O>;
export function jacrev(f: (...args: any[]) => unknown, options: JacobianOptions = {}): (...args: any[]) => any {
  return (...args: unknown[]) => {
    const p = setup("jacrev", f, options, args);
    const { outs, linear } = linearizeFlat(p.flatF, p.inputs);
    const pullback = (...cts: Tensor[]) =>
      ops.orZeros(backwardPass(linear.jaxpr, linear.consts, cts), p.inputs);
    const rows = vmap(pullback)(...basis(outs)) as Tensor[];
    // rows[i]: [M, ...in.shape]; block (o, i): this output's rows, reshaped to out.shape ++ in.shape
    let acc = 0;
    const offsets = outs.map((y) => ((acc += y.size), acc - y.size));
    return assemble(
      p,
      options,
      (o, i) => {
        const row = rows[i];
        const y = outs[o];
        const part = ops.slice(row, row.shape.map((_, a) => (a === 0 ? offsets[o] : 0)), row.shape.map((d, a) => (a === 0 ? offsets[o] + y.size : d)));
        return ops.reshape(part, [...y.shape, ...row.shape.slice(1)]);
      },
      outs.length,
    );
  };
}

/**
 * The Hessian: `jacfwd(jacrev(f))`, of shape `in.shape ++ in.shape` for a
 * scalar `f`.
 *
 * @example
 * import { hessian, np, type Tensor } from "tracegrad";
 * hessian((v: Tensor) => np.sum(np.power(v, 3)))(np.array([1, 2])); // [[6, 0], [0, 12]]
 */
export function hessian<F extends AnyFunction, const O extends Omit<JacobianOptions, "hasAux"> = {}>(f: F, options?: O): HessianFunction<F, O>;
export function hessian(f: (...args: any[]) => unknown, options: Omit<JacobianOptions, "hasAux"> = {}): (...args: any[]) => any {
  return jacfwd(jacrev(f, options) as (...args: any[]) => any, options);
}
