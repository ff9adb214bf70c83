/**
 * The types the transforms give their results, so that gradients, Jacobians
 * and jitted outputs come back typed as the trees that went in: `grad(loss)`
 * of `(p: { w: Tensor; b: Tensor }, x: Tensor) => Tensor` returns
 * `{ w: Tensor; b: Tensor }`, with `argnums: [0, 1]` a tuple of the two
 * arguments' trees, and with `hasAux` a pair `[gradient, aux]`.
 *
 * Pytrees at the type level follow the runtime's rule (`core/tree.ts`):
 * tensors, numbers, booleans, typed arrays and arrays of numbers (any depth)
 * are leaves, each becoming a `Tensor` in a transform's result
 * (`TensorTree`); other arrays and plain objects are nodes; `null` and
 * `undefined` are empty. A transformed function accepts an array-like
 * wherever `f` declares a `Tensor` (`TreeInput`), since the transform turns
 * it into a tensor before `f` sees it. `any` stays `any`, so untyped code
 * keeps working.
 *
 * @example
 * import { grad, np, type Tensor } from "tracegrad";
 * const loss = (p: { w: Tensor; b: Tensor }, x: Tensor) => np.sum(np.add(np.matmul(x, p.w), p.b));
 * const g = grad(loss)({ w: np.ones([3, 2]), b: np.zeros([2]) }, [[1, 2, 3]]); // g: { w: Tensor; b: Tensor }
 * const [gw, gx] = grad(loss, { argnums: [0, 1] })({ w: np.ones([3, 2]), b: np.zeros([2]) }, [[1, 2, 3]]);
 */
import type { NestedNumbers, Tensor } from "./tensor.ts";

/** Any function a transform takes. */
export type AnyFunction = (...args: any[]) => any;

/** Whether `T` is `any`. */
export type IsAny<T> = 0 extends 1 & T ? true : false;

/** Leaves that a transform turns into tensors: tensors, JS numbers and booleans, typed arrays, (nested) arrays of numbers. */
export type ArrayLeaf = Tensor | number | boolean | NestedNumbers | Float64Array | Float32Array | Int32Array | Uint32Array;

/** What a tensor argument of a transformed function also accepts. */
export type TensorInput = Tensor | number | boolean | NestedNumbers | Float64Array | Float32Array | Int32Array | Uint32Array;

/**
 * The tree `T` with each of its leaves replaced by `L` (its structure kept:
 * arrays stay arrays of the same length, objects keep their keys).
 */
export type MapLeaves<T, L> =
  IsAny<T> extends true
    ? any
    : T extends ArrayLeaf
      ? L
      : T extends null | undefined
        ? T
        : T extends AnyFunction
          ? T
          : T extends readonly unknown[]
            ? { -readonly [K in keyof T]: MapLeaves<T[K], L> }
            : T extends object
              ? { [K in keyof T]: MapLeaves<T[K], L> }
              : L;

/** The tree `T` with every leaf a `Tensor`: what a transform returns where `T` went in (or came out of `f`). */
export type TensorTree<T> = MapLeaves<T, Tensor>;

/** The tree `T` with every `Tensor` leaf widened to what a transformed function accepts in its place. */
export type TreeInput<T> =
  IsAny<T> extends true
    ? any
    : T extends Tensor
      ? TensorInput
      : T extends ArrayLeaf | null | undefined | AnyFunction
        ? T
        : T extends readonly unknown[]
          ? { [K in keyof T]: TreeInput<T[K]> }
          : T extends object
            ? { [K in keyof T]: TreeInput<T[K]> }
            : T;

/** The argument list a transformed `F` accepts: `F`'s, with array-likes where it takes tensors. */
export type InputsOf<F extends AnyFunction> = TreeInput<Parameters<F>>;

/**
 * The list of primals (or tangents) `jvp` takes for `F`: one entry per
 * argument as `InputsOf`, or any list of tensors (an array built at run
 * time, whose length the type does not know).
 */
export type PrimalsOf<F extends AnyFunction> = Readonly<InputsOf<F>> | readonly TensorInput[];

/** The result of `F` as a transform returns it: every leaf a tensor. */
export type OutputOf<F extends AnyFunction> = TensorTree<ReturnType<F>>;

// differentiation

/** The `argnums` of an options type (0 when absent). */
export type ArgnumsOf<O> = O extends { readonly argnums: infer A } ? (A extends undefined ? 0 : A) : 0;

/** Whether an options type has `hasAux: true` (a plain `boolean` counts as false: say `true` to get the pair). */
export type HasAux<O> = O extends { readonly hasAux: true } ? true : false;

/** The type at position `I` of an argument list (`unknown` past its end). */
type ArgAt<P extends readonly unknown[], I> = I extends keyof P ? P[I] : unknown;

/** The derivative with respect to `argnums`: one argument's tree for a number, a tuple of them for an array. */
export type GradOf<P extends readonly unknown[], A> = A extends number
  ? TensorTree<ArgAt<P, A>>
  : A extends readonly number[]
    ? { -readonly [K in keyof A]: TensorTree<ArgAt<P, A[K]>> }
    : TensorTree<P[number]>;

/**
 * What `f` returns beside its output when it has aux: the second element of
 * a returned pair (return `[out, aux] as const`, or declare the pair type);
 * `any` when `f`'s type does not say (an array type rather than a pair).
 */
export type AuxOf<F extends AnyFunction> = ReturnType<F> extends readonly [unknown, infer A] ? A : any;

/** What `f` returns as its (differentiated) output when it has aux. */
export type MainOutputOf<F extends AnyFunction> = ReturnType<F> extends readonly [infer O, unknown] ? O : any;

/** `grad(f, options)`'s function: the gradient tree (`[gradient, aux]` with `hasAux: true`). */
export type GradFunction<F extends AnyFunction, O> = (
  ...args: InputsOf<F>
) => HasAux<O> extends true ? [GradOf<Parameters<F>, ArgnumsOf<O>>, AuxOf<F>] : GradOf<Parameters<F>, ArgnumsOf<O>>;

/** `valueAndGrad(f, options)`'s function: `[value, gradient]` (`[[value, aux], gradient]` with `hasAux: true`). */
export type ValueAndGradFunction<F extends AnyFunction, O> = (
  ...args: InputsOf<F>
) => HasAux<O> extends true ? [[Tensor, AuxOf<F>], GradOf<Parameters<F>, ArgnumsOf<O>>] : [Tensor, GradOf<Parameters<F>, ArgnumsOf<O>>];

/** Each element of an argument list as a transform returns it (one tensor tree per argument). */
export type TensorTrees<P extends readonly unknown[]> = { -readonly [K in keyof P]: TensorTree<P[K]> };

/** One cotangent tree per argument of `F`: what a `vjp` pullback returns. */
export type CotangentsOf<F extends AnyFunction> = TensorTrees<Parameters<F>>;

/** The Jacobian of an output tree `Out` with respect to `G` (a tree, or a tuple of trees): each output leaf holds a `G`. */
export type JacobianOf<Out, G> = MapLeaves<TensorTree<Out>, G>;

/** `jacfwd`/`jacrev(f, options)`'s function: the Jacobian tree (`[jacobian, aux]` with `hasAux: true`). */
export type JacobianFunction<F extends AnyFunction, O> = (
  ...args: InputsOf<F>
) => HasAux<O> extends true
  ? [JacobianOf<MainOutputOf<F>, GradOf<Parameters<F>, ArgnumsOf<O>>>, AuxOf<F>]
  : JacobianOf<ReturnType<F>, GradOf<Parameters<F>, ArgnumsOf<O>>>;

/** `hessian(f, options)`'s function: the Jacobian of the Jacobian. */
export type HessianFunction<F extends AnyFunction, O> = (
  ...args: InputsOf<F>
) => JacobianOf<JacobianOf<ReturnType<F>, GradOf<Parameters<F>, ArgnumsOf<O>>>, GradOf<Parameters<F>, ArgnumsOf<O>>>;
