/**
 * What a primitive is: one typed record of rules. `abstractEval` gives output
 * shapes and dtypes, `impl` computes on concrete data, `jvp` pushes tangents
 * forward, `transpose` (linear primitives only) pulls cotangents back, `batch`
 * applies it to batched operands (`vmap`), and `lower` is its expression in
 * a fused loop (`lib/compile/`). The table in `primitives/table.ts` has one
 * record per name of `ParamsOf`, and every field of a record is required, so
 * a primitive without a rule does not compile.
 *
 * Rules are written with the ops of `ops.ts`, which bind primitives again, so
 * a rule can itself be traced and differentiated: that is how `grad(grad(f))`
 * works.
 */
import type { DType } from "../array/dtype.ts";
import type { ConvParams } from "../kernels/conv.ts";
import type { WindowParams, WindowSelect } from "../kernels/window.ts";
import type { ElementRule } from "../kernels/lanes/lanes.ts";
import type { ThreefryLayout } from "../kernels/prng.ts";
import type { Aval, ConcreteTensor, Tensor } from "./tensor.ts";
import type { GatherDimensionNumbers, GatherScatterMode, ScatterDimensionNumbers } from "./primitives/dimensionNumbers.ts";

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
  erf: {};
  erfc: {};
  floor: {};
  ceil: {};
  /** `toNearestEven` is numpy's and `jnp.round`'s; `awayFromZero` is `lax.round`'s default. */
  round: { readonly roundingMethod: RoundingMethod };
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
  // transcendental and special functions (lib/core/primitives/transcendental.ts), elementwise, float operands
  // (rem: any numeric dtype); binary ones broadcast and take one dtype
  tan: {};
  asin: {};
  acos: {};
  sinh: {};
  cosh: {};
  asinh: {};
  acosh: {};
  atanh: {};
  cbrt: {};
  exp2: {};
  log2: {};
  log10: {};
  lgamma: {};
  digamma: {};
  erf_inv: {};
  atan2: {};
  rem: {};
  /** `polygamma(m, x)`: the order first, as JAX's. */
  polygamma: {};
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
  // gather/scatter with dimension numbers, and sort (issue 9: indexing, sorting; primitives/gatherScatter.ts, sort.ts)
  gather: GatherParams;
  scatter: ScatterParams;
  scatter_add: ScatterParams;
  scatter_mul: ScatterParams;
  scatter_min: ScatterParams;
  scatter_max: ScatterParams;
  sort: { readonly dimension: number; readonly isStable: boolean; readonly numKeys: number };
  // bitwise (primitives/bitwise.ts): bool, int32 and uint32 operands (shifts: integers only)
  and: {};
  or: {};
  xor: {};
  not: {};
  shift_left: {};
  shift_right_logical: {};
  shift_right_arithmetic: {};
  // random (primitives/random.ts)
  threefry2x32: {};
  /** Gamma draws (their logs with `logSpace`), split from the key in JAX's counter `layout`. */
  random_gamma: { readonly logSpace: boolean; readonly layout: ThreefryLayout };
  random_gamma_grad: {};
  random_poisson: { readonly layout: ThreefryLayout };
  // linear algebra
  dot_general: {
    readonly contracting: readonly [readonly number[], readonly number[]];
    readonly batch: readonly [readonly number[], readonly number[]];
  };
  // convolution and windowed reductions (primitives/conv.ts, primitives/window.ts)
  conv_general_dilated: ConvGeneralDilatedParams;
  /** Reverses the order of elements along `dimensions` (JAX's `lax.rev`). */
  rev: { readonly dimensions: readonly number[] };
  reduce_window_sum: WindowPrimitiveParams;
  reduce_window_max: WindowPrimitiveParams;
  reduce_window_min: WindowPrimitiveParams;
  select_and_gather_add: WindowSelectParams;
  select_and_scatter_add: WindowSelectParams;
  // cumulative reductions besides cumsum (primitives/cumulative.ts): running product, maximum, minimum
  cumprod: { readonly axis: number; readonly reverse: boolean };
  cummax: { readonly axis: number; readonly reverse: boolean };
  cummin: { readonly axis: number; readonly reverse: boolean };
  // dense linear algebra on stacks [..., m, n] (primitives/triangular.ts, factorizations.ts, spectral.ts, matrixExp.ts)
  /** L with A = L Lᵀ; reads A's lower triangle. */
  cholesky: {};
  /** X with op(A) X = B (`leftSide`) or X op(A) = B; op(A) = Aᵀ when `transposeA`; reads A's `lower` (or upper) triangle. */
  triangular_solve: {
    readonly leftSide: boolean;
    readonly lower: boolean;
    readonly transposeA: boolean;
    readonly unitDiagonal: boolean;
  };
  /** [lu, pivots, permutation] of P A = L U (partial pivoting, LAPACK's packing). */
  lu: {};
  /** The permutation [..., permutationSize] made by applying the row swaps `pivots` [..., k] to 0..size-1. */
  lu_pivots_to_permutation: { readonly permutationSize: number };
  /** [q, r] of A = Q R; Q is [m, m] with `fullMatrices`, else [m, min(m, n)]. */
  qr: { readonly fullMatrices: boolean };
  /** [v, w]: eigenvectors (columns) and ascending eigenvalues of the symmetric matrix in A's `lower` (or upper) triangle. */
  eigh: { readonly lower: boolean };
  /** [s] or [s, u, vt] with A = U diag(s) Vᵀ, s descending. */
  svd: { readonly fullMatrices: boolean; readonly computeUv: boolean };
  /** exp(A) by Padé approximation with scaling and squaring. */
  expm: {};
  /** L(A, E): the Fréchet derivative of exp at A in the direction E (linear in E). */
  expm_frechet: {};
  // Fourier transforms (primitives/fft.ts): complex values are (re, im) operand pairs
  /** JAX's `lax.fft`: the kind, and the lengths of the trailing axes it transforms. */
  fft: { readonly fftType: "FFT" | "IFFT" | "RFFT" | "IRFFT"; readonly fftLengths: readonly number[] };
}

/**
 * Where the batch, feature and spatial axes of a convolution's operands and
 * result are (JAX's `ConvDimensionNumbers`): `[lhsSpec, rhsSpec, outSpec]`,
 * lhsSpec = [batch axis, feature axis, spatial axes...] of lhs, rhsSpec =
 * [output-feature axis, input-feature axis, spatial axes...] of rhs, outSpec
 * as lhsSpec for the result. Spatial axis d of each is the d-th window axis.
 */
export type ConvDimensionNumbers = readonly [readonly number[], readonly number[], readonly number[]];

/** An interface's fields as a type literal (which params need: it has an implicit index signature). */
type Fields<T> = { readonly [K in keyof T]: T[K] };

/** `conv_general_dilated`: the window parameters of the kernel (canonical spatial order) and the dimension numbers. */
export type ConvGeneralDilatedParams = Fields<ConvParams> & { readonly dimensionNumbers: ConvDimensionNumbers };

/** The windowed reductions: one window size, stride, padding pair and dilations per operand axis. */
export type WindowPrimitiveParams = Fields<WindowParams>;

/** The pooling derivatives: a window and which element it selects (the first maximum or minimum). */
export type WindowSelectParams = Fields<WindowParams> & { readonly select: WindowSelect };
/** The params of `gather` (JAX's `lax.gather`); `fillValue` null: the dtype's default (NaN, int32 min, true). */
export type GatherParams = {
  readonly dimensionNumbers: GatherDimensionNumbers;
  readonly sliceSizes: readonly number[];
  readonly mode: GatherScatterMode;
  readonly fillValue: number | null;
};

/** The params of the scatter primitives (JAX's `lax.scatter*`). */
export type ScatterParams = {
  readonly dimensionNumbers: ScatterDimensionNumbers;
  readonly mode: GatherScatterMode;
};

/** How `round` breaks ties (as JAX's `lax.RoundingMethod`). */
export type RoundingMethod = "awayFromZero" | "toNearestEven";

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

/**
 * `transpose(cotangents, args, params)`: given one cotangent per output (null
 * for a zero; called only when at least one is not), one cotangent (or null)
 * per arg; args that are `LinearArg` are the ones that get one.
 */
export type TransposeRule<P extends PrimName> = (
  cotangents: readonly Tangent[],
  args: readonly (Tensor | LinearArg)[],
  params: ParamsOf[P],
) => Tangent[];

/** The batch axis of a value (null: the value is the same for every batch element). */
export type BatchDim = number | null;

/** `batch(axisSize, args, dims, params)` gives `[outs, outDims]`: the primitive applied to batched operands. */
export type BatchRule<P extends PrimName> = (
  axisSize: number,
  args: readonly Tensor[],
  dims: readonly BatchDim[],
  params: ParamsOf[P],
) => [Tensor[], BatchDim[]];

/** The avals an emitted expression works on. */
export interface LoweringAvals {
  readonly ins: readonly Aval[];
  readonly out: Aval;
}

/**
 * How a primitive runs inside a fused loop (`lib/compile/`), one element per
 * iteration:
 * - `elementwise`: `rule(params, avals)` is the element's rule
 *   (`kernels/scalar.ts`): either lanes, which both the JavaScript and the
 *   WebAssembly SIMD loops emit (the same bits either way), or a
 *   JavaScript-only expression with the reason WebAssembly does not run it
 *   (a loop holding one runs as JavaScript). Operands are read with numpy
 *   broadcasting, or as `aligned` says (each operand's shape written in the
 *   output's rank, 1 where it is broadcast: `broadcast_in_dim` maps its
 *   dimensions); the result is in the output dtype as the eager kernel
 *   stores it. `fuses` (default: always) says whether an equation can join
 *   a loop.
 * - `sum`: a sum over `axes`, accumulated across the loop's iterations in
 *   the order (and with the summation) of the eager kernel; the planner
 *   fuses sums over all axes or over a leading or trailing block of them.
 */
export type Lowering<P extends PrimName> =
  | {
      readonly kind: "elementwise";
      readonly rule: (params: ParamsOf[P], avals: LoweringAvals) => ElementRule;
      readonly fuses?: (ins: readonly Aval[], params: ParamsOf[P]) => boolean;
      readonly aligned?: (ins: readonly Aval[], params: ParamsOf[P], out: Aval) => readonly (readonly number[])[];
    }
  | {
      readonly kind: "sum";
      readonly axes: (params: ParamsOf[P]) => readonly number[];
    };

/**
 * A primitive: its one record of rules. Every field is required (a rule that
 * does not apply is an explicit `null`), so a record missing a rule does not
 * compile.
 */
export interface Primitive<P extends PrimName = PrimName> {
  readonly name: P;
  /** Output shapes and dtypes; throws a `ShapeError`/`DTypeError` naming the op and avals. */
  abstractEval(args: readonly Aval[], params: ParamsOf[P]): Aval[];
  /** The eager computation on concrete tensors. */
  impl(args: readonly ConcreteTensor[], params: ParamsOf[P]): ConcreteTensor[];
  /** Forward-mode rule. */
  readonly jvp: JvpRule<P>;
  /** Reverse rule for linear primitives; `null` for non-linear ones (they never appear in a linear jaxpr). */
  readonly transpose: TransposeRule<P> | null;
  /** Batching rule (for `vmap`). */
  readonly batch: BatchRule<P>;
  /** Its expression in a fused loop; `null` for primitives that never fuse (they call their kernel). */
  readonly lower: Lowering<P> | null;
}

/** Every primitive, by name: the type makes a missing primitive or rule a compile error. */
export type PrimitiveTable = { readonly [P in PrimName]: Primitive<P> };

/** A primitive seen by generic code (interpreters, the IR), whose params are not known statically. */
export interface AnyPrimitive {
  readonly name: string;
  abstractEval(args: readonly Aval[], params: any): Aval[];
  impl(args: readonly ConcreteTensor[], params: any): ConcreteTensor[];
  jvp(primals: readonly Tensor[], tangents: readonly Tangent[], params: any): [Tensor[], Tangent[]];
  readonly transpose: ((cotangents: readonly Tangent[], args: readonly (Tensor | LinearArg)[], params: any) => Tangent[]) | null;
  /** Batching rule; higher-order primitives (jit, control flow) defined outside the table carry their own. */
  readonly batch?: (axisSize: number, args: readonly Tensor[], dims: readonly BatchDim[], params: any) => [Tensor[], BatchDim[]];
  /** Fused-loop lowering (first-order primitives; absent: never fuses). */
  readonly lower?: Lowering<any> | null;
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
 * every rule is typed by its params `P`, which hold jaxprs. `transpose` (linear
 * ones only) takes one cotangent per output (null: zero) and gives one per input.
 */
export interface HigherOrderPrimitive<P extends Params> {
  readonly name: string;
  abstractEval(args: readonly Aval[], params: P): Aval[];
  impl(args: readonly ConcreteTensor[], params: P): ConcreteTensor[];
  jvp(primals: readonly Tensor[], tangents: readonly Tangent[], params: P): [Tensor[], Tangent[]];
  readonly transpose: ((cotangents: readonly Tangent[], args: readonly (Tensor | LinearArg)[], params: P) => Tangent[]) | null;
  batch(axisSize: number, args: readonly Tensor[], dims: readonly BatchDim[], params: P): [Tensor[], BatchDim[]];
  readonly partialEval: PartialEvalRule<P> | null;
}

/** Parameters as stored in an equation. */
export type Params = Readonly<Record<string, unknown>>;

// combinators

/** The transpose rule of a single-output primitive, from its one-cotangent form `(ct, args, params)`. */
export function singleOutputTranspose<P extends PrimName>(
  rule: (cotangent: Tensor, args: readonly (Tensor | LinearArg)[], params: ParamsOf[P]) => Tangent[],
): TransposeRule<P> {
  return (cotangents, args, params) => {
    const ct = cotangents[0];
    return ct === null ? args.map(() => null) : rule(ct, args, params);
  };
}
