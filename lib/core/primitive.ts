/**
 * What a primitive is: one typed record of rules. `abstractEval` gives output
 * shapes and dtypes, `impl` computes on concrete data, `jvp` pushes tangents
 * forward, `transpose` (linear primitives only) pulls cotangents back. The
 * table in `primitives/table.ts` has one record per name of `ParamsOf`, so a
 * primitive without a rule does not compile.
 *
 * Rules are written with the ops of `ops.ts`, which bind primitives again, so
 * a rule can itself be traced and differentiated: that is how `grad(grad(f))`
 * works.
 */
import type { DType } from "../array/dtype.ts";
import type { Aval, ConcreteTensor, Tensor } from "./tensor.ts";

/** The parameters of each primitive, by name. */
export interface ParamsOf {
  // elementwise, unary
  neg: {};
  exp: {};
  log: {};
  log1p: {};
  expm1: {};
  sin: {};
  cos: {};
  tanh: {};
  atan: {};
  sqrt: {};
  abs: {};
  sign: {};
  logistic: {};
  is_finite: {};
  integer_pow: { readonly y: number };
  stop_gradient: {};
  convert_element_type: { readonly newDtype: DType };
  // elementwise, binary (numpy broadcasting, equal dtypes)
  add: {};
  sub: {};
  mul: {};
  div: {};
  pow: {};
  max: {};
  min: {};
  eq: {};
  ne: {};
  lt: {};
  le: {};
  gt: {};
  ge: {};
  select: {};
  // reductions
  reduce_sum: { readonly axes: readonly number[] };
  reduce_max: { readonly axes: readonly number[] };
  reduce_min: { readonly axes: readonly number[] };
  argmax: { readonly axis: number };
  argmin: { readonly axis: number };
  cumsum: { readonly axis: number; readonly reverse: boolean };
  // movement
  broadcast_in_dim: { readonly shape: readonly number[]; readonly broadcastDimensions: readonly number[] };
  reshape: { readonly shape: readonly number[] };
  transpose: { readonly permutation: readonly number[] };
  slice: { readonly start: readonly number[]; readonly limit: readonly number[]; readonly strides: readonly number[] };
  pad: { readonly low: readonly number[]; readonly high: readonly number[]; readonly interior: readonly number[] };
  concatenate: { readonly axis: number };
  gather: { readonly axis: number };
  scatter_add: { readonly axis: number; readonly shape: readonly number[] };
  // linear algebra
  dot_general: {
    readonly contracting: readonly [readonly number[], readonly number[]];
    readonly batch: readonly [readonly number[], readonly number[]];
  };
}

/** The name of a primitive. */
export type PrimName = keyof ParamsOf;

/** A tangent: a tensor, or `null` for a symbolic zero. */
export type Tangent = Tensor | null;

/** Marks a linear input in a transpose rule: the value whose cotangent is wanted. */
export class LinearArg implements Aval {
  constructor(
    readonly shape: readonly number[],
    readonly dtype: DType,
  ) {}
}

/** Whether a transpose-rule argument is the linear input. */
export function isLinear(x: unknown): x is LinearArg {
  return x instanceof LinearArg;
}

/** `jvp(primals, tangents, params)` gives `[primalsOut, tangentsOut]`. */
export type JvpRule<P extends PrimName> = (
  primals: readonly Tensor[],
  tangents: readonly Tangent[],
  params: ParamsOf[P],
) => [Tensor[], Tangent[]];

/** `transpose(ct, args, params)`: one cotangent (or null for zero) per arg; args that are `LinearArg` get one. */
export type TransposeRule<P extends PrimName> = (
  cotangent: Tensor,
  args: readonly (Tensor | LinearArg)[],
  params: ParamsOf[P],
) => (Tensor | null)[];

/** The batch axis of a value (null: the value is the same for every batch element). */
export type BatchDim = number | null;

/** `batch(axisSize, args, dims, params)` gives `[outs, outDims]`: the primitive applied to batched operands. */
export type BatchRule<P extends PrimName> = (
  axisSize: number,
  args: readonly Tensor[],
  dims: readonly BatchDim[],
  params: ParamsOf[P],
) => [Tensor[], BatchDim[]];

/** The rules of one primitive, as written next to its definition (batching rules live in `primitives/batching.ts`). */
export interface PrimitiveRules<P extends PrimName = PrimName> {
  readonly name: P;
  /** Output shapes and dtypes; throws a `ShapeError`/`DTypeError` naming the op and avals. */
  abstractEval(args: readonly Aval[], params: ParamsOf[P]): Aval[];
  /** The eager computation on concrete tensors. */
  impl(args: readonly ConcreteTensor[], params: ParamsOf[P]): ConcreteTensor[];
  /** Forward-mode rule. */
  jvp: JvpRule<P>;
  /** Reverse rule for linear primitives; `null` for non-linear ones (they never appear in a linear jaxpr). */
  transpose: TransposeRule<P> | null;
}

/** A primitive's full record: its rules and its batching rule. */
export interface Primitive<P extends PrimName = PrimName> extends PrimitiveRules<P> {
  readonly batch: BatchRule<P>;
}

/** Every primitive, by name: the type makes a missing rule a compile error. */
export type PrimitiveTable = { readonly [P in PrimName]: Primitive<P> };

/** The rule records of every primitive, before batching rules are attached. */
export type RulesTable = { readonly [P in PrimName]: PrimitiveRules<P> };

/** A primitive seen by generic code (interpreters, the IR), whose params are not known statically. */
export interface AnyPrimitive {
  readonly name: string;
  abstractEval(args: readonly Aval[], params: any): Aval[];
  impl(args: readonly ConcreteTensor[], params: any): ConcreteTensor[];
  jvp(primals: readonly Tensor[], tangents: readonly Tangent[], params: any): [Tensor[], Tangent[]];
  readonly transpose: ((cotangent: Tensor, args: readonly (Tensor | LinearArg)[], params: any) => (Tensor | null)[]) | null;
  /** The transpose of a linear multi-output primitive: one cotangent per output (null: zero). */
  readonly transposeMulti?: (cotangents: readonly (Tensor | null)[], args: readonly (Tensor | LinearArg)[], params: any) => (Tensor | null)[];
  /** Higher-order primitives (jit, control flow) carry their own batching rule; first-order ones get theirs from `primitives/batching.ts` in the table. */
  readonly batch?: (axisSize: number, args: readonly Tensor[], dims: readonly (number | null)[], params: any) => [Tensor[], (number | null)[]];
  /**
   * Higher-order primitives: how partial evaluation (`linearize`) splits a call with
   * known and unknown inputs into work done now and equations staged for later
   * (null or absent: the whole call is staged). Called with the params as stored.
   */
  readonly partialEval?: PartialEvalRule<never> | null;
}

// higher-order primitives

/** What a partial-evaluation rule sees of the partial-evaluation trace. */
export interface PartialEvaluator {
  /** The value of `x` when it is known now (a constant or a value of a lower trace), else null. */
  knownValue(x: Tensor): Tensor | null;
  /**
   * Records `prim[params] args` in the program of unknown values and returns its
   * outputs, all unknown; known args enter that program as residuals.
   */
  stage(prim: AnyPrimitive, args: readonly Tensor[], params: Params): Tensor[];
}

/**
 * `partialEval(pe, args, params)` for a call where some args are unknown: does the
 * known part now (binding on known values) and stages the rest with `pe.stage`;
 * returns one value per output, known or unknown.
 */
export type PartialEvalRule<P> = (pe: PartialEvaluator, args: readonly Tensor[], params: P) => Tensor[];

/**
 * A higher-order primitive (jit, cond, while, scan, custom rules, checkpoint):
 * every rule is typed by its params `P`, which hold jaxprs. `transposeMulti`
 * takes one cotangent per output (null: zero) and gives one per input.
 */
export interface HigherOrderPrimitive<P extends Params> {
  readonly name: string;
  abstractEval(args: readonly Aval[], params: P): Aval[];
  impl(args: readonly ConcreteTensor[], params: P): ConcreteTensor[];
  jvp(primals: readonly Tensor[], tangents: readonly Tangent[], params: P): [Tensor[], Tangent[]];
  readonly transpose: null;
  readonly transposeMulti?: (cotangents: readonly (Tensor | null)[], args: readonly (Tensor | LinearArg)[], params: P) => (Tensor | null)[];
  batch(axisSize: number, args: readonly Tensor[], dims: readonly BatchDim[], params: P): [Tensor[], BatchDim[]];
  readonly partialEval: PartialEvalRule<P> | null;
}

/** Parameters as stored in an equation. */
export type Params = Readonly<Record<string, unknown>>;
