/**
 * Numerical differentiation by central differences: `numericalGrad` (same
 * return shape as `grad`) and `numericalJvp`. They evaluate `f` at perturbed
 * points, so they check the analytic transforms independently of them.
 *
 * @example
 * numericalGrad((x) => np.sum(np.square(x)))([1, 2]) // ≈ array([2., 4.])
 */
import { allocate, type DType } from "../array/dtype.ts";
import { ArgumentError, ShapeError } from "../core/errors.ts";
import { ConcreteTensor, Tensor, type ArrayLike, dataOf } from "../core/tensor.ts";
import { denseArrayOrThrow, functionOrThrow, toTensor, optionsOrThrow, showValue, userOutputOrThrow } from "../core/convert.ts";
import { flatten, formatTreeDef, treeDefsEqual, unflatten, numLeaves, type TreeDef } from "../core/tree.ts";
import { avalText } from "../core/primitives/check.ts";
import { argnumsList, flattenArgList, flattenArgs } from "../core/args.ts";
import type { GradOptions } from "./autodiff.ts";
import type { AnyFunction, GradFunction, OutputOf, PrimalsOf } from "../core/treeTypes.ts";

/** Options of the numerical transforms. */
export interface NumericalOptions {
  /** The step; default 1e-6 for float64, 1e-3 for float32. */
  readonly eps?: number;
}

function epsOrThrow(op: string, eps: unknown): void {
  if (eps !== undefined && !(typeof eps === "number" && eps > 0 && Number.isFinite(eps))) {
    throw new ArgumentError(`${op}: eps must be a positive finite number, got ${showValue(eps)}.`);
  }
}

function defaultEps(dtype: DType): number {
  return dtype === "float32" ? 1e-3 : 1e-6;
}

function concrete(x: Tensor, op: string): ConcreteTensor {
  return x.toConcrete(op);
}

/** `x + c·t` as a concrete tensor. */
function axpy(x: ConcreteTensor, c: number, t: ConcreteTensor): ConcreteTensor {
  const out = allocate(x.dtype, dataOf(x).length);
  for (let i = 0; i < out.length; i++) out[i] = dataOf(x)[i] + c * dataOf(t)[i];
  return new ConcreteTensor(out, x.shape, x.dtype);
}

function scalarOutput(op: string, out: unknown): number {
  const t = toTensor(out as ArrayLike, op);
  if (t.shape.length !== 0) {
    throw new ShapeError(`${op}: f must return a scalar (shape []), got ${avalText(t)}. Reduce it first (np.sum/np.mean).`);
  }
  return dataOf(concrete(t, op))[0];
}

/**
 * Central-difference gradient of a scalar function, with `grad`'s argnums
 * and return shape (and type).
 *
 * @example
 * import { numericalGrad, np, type Tensor } from "tracegrad";
 * numericalGrad((x: Tensor) => np.sum(np.sin(x)))(np.array([0, 1])); // ≈ [1, cos 1]
 */
export function numericalGrad<F extends AnyFunction, const O extends Omit<GradOptions, "hasAux"> & NumericalOptions = {}>(f: F, options?: O): GradFunction<F, O>;
export function numericalGrad(
  f: (...args: any[]) => unknown,
  options?: Omit<GradOptions, "hasAux"> & NumericalOptions,
): (...args: any[]) => any {
  const { argnums = 0, eps } = optionsOrThrow<NumericalOptions & GradOptions>("numericalGrad", options, ["argnums", "eps"]);
  functionOrThrow("numericalGrad", f);
  epsOrThrow("numericalGrad", eps);
  return (...args: unknown[]) => {
    const list = argnumsList("numericalGrad", argnums, args.length);
    const perArg = list.map((argnum) => {
      const [leaves, def] = flattenArgs("numericalGrad", args[argnum], `argument ${argnum}`, true);
      const xs = leaves.map((l) => concrete(l, "numericalGrad"));
      const call = (replaced: ConcreteTensor[]): number => {
        const callArgs = args.slice();
        callArgs[argnum] = unflatten(def, replaced);
        return scalarOutput("numericalGrad", userOutputOrThrow("numericalGrad", f(...callArgs)));
      };
      const grads = xs.map((x, leaf) => {
        const h = eps ?? defaultEps(x.dtype);
        const g = allocate(x.dtype, dataOf(x).length);
        for (let i = 0; i < dataOf(x).length; i++) {
          const perturbed = (delta: number) => {
            const data = dataOf(x).slice();
            data[i] += delta;
            const copy = xs.slice();
            copy[leaf] = new ConcreteTensor(data, x.shape, x.dtype);
            return call(copy);
          };
          g[i] = (perturbed(h) - perturbed(-h)) / (2 * h);
        }
        return new ConcreteTensor(g, x.shape, x.dtype);
      });
      return unflatten(def, grads);
    });
    return typeof argnums === "number" ? perArg[0] : perArg;
  };
}

/**
 * Central-difference jvp: `[f(primals), (f(p + eps·t) - f(p - eps·t)) / (2 eps)]`.
 *
 * @example
 * import { numericalJvp, np } from "tracegrad";
 * numericalJvp(np.sin, [1.0], [1.0]); // ≈ [sin 1, cos 1]
 */
export function numericalJvp<F extends AnyFunction>(f: F, primals: PrimalsOf<F>, tangents: PrimalsOf<F>, rawOptions?: NumericalOptions): [OutputOf<F>, OutputOf<F>];
export function numericalJvp(
  f: (...args: any[]) => unknown,
  primals: readonly unknown[],
  tangents: readonly unknown[],
  rawOptions?: NumericalOptions,
): [unknown, unknown] {
  const options = optionsOrThrow<NumericalOptions>("numericalJvp", rawOptions, ["eps"]);
  epsOrThrow("numericalJvp", options.eps);
  functionOrThrow("numericalJvp", f);
  const [xs, def] = flattenArgList("numericalJvp", denseArrayOrThrow("numericalJvp", "primals", primals), "primal", true);
  const [ts, tdef] = flattenArgList("numericalJvp", denseArrayOrThrow("numericalJvp", "tangents", tangents), "tangent", false);
  if (!treeDefsEqual(def, tdef)) {
    throw new ShapeError(`numericalJvp: tangents have structure ${formatTreeDef(tdef)} but primals have ${formatTreeDef(def)}.`);
  }
  const cx = xs.map((x) => concrete(x, "numericalJvp"));
  const ct = ts.map((t, i) => {
    const c = concrete(toTensor(t, "numericalJvp", xs[i].dtype), "numericalJvp");
    if (c.shape.length !== cx[i].shape.length || c.shape.some((d, j) => d !== cx[i].shape[j])) {
      throw new ShapeError(`numericalJvp: tangent ${avalText(c)} does not match primal ${avalText(cx[i])}.`);
    }
    return c;
  });
  const h = options.eps ?? defaultEps(cx[0]?.dtype ?? "float64");
  const evaluate = (c: number): [ConcreteTensor[], TreeDef] => {
    const args = unflatten<unknown[]>(def, cx.map((x, i) => (c === 0 ? x : axpy(x, c, ct[i]))));
    const [outs, outDef] = flatten(userOutputOrThrow("numericalJvp", f(...args)), "numericalJvp");
    return [outs.map((o) => concrete(toTensor(o as ArrayLike, "numericalJvp"), "numericalJvp")), outDef];
  };
  const [center, outDef] = evaluate(0);
  const [plus] = evaluate(h);
  const [minus] = evaluate(-h);
  const slopes = center.map((c, k) => {
    const out = allocate(c.dtype === "float32" ? "float32" : "float64", dataOf(c).length);
    for (let i = 0; i < out.length; i++) out[i] = (dataOf(plus[k])[i] - dataOf(minus[k])[i]) / (2 * h);
    return new ConcreteTensor(out, c.shape, c.dtype === "float32" ? "float32" : "float64");
  });
  if (numLeaves(outDef) !== center.length) throw new ArgumentError("numericalJvp: f's output changed structure between calls.");
  return [unflatten(outDef, center), unflatten(outDef, slopes)];
}
