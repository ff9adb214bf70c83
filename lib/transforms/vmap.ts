/**
 * `vmap`: a `BatchTracer` carries a value and the axis along which it is
 * batched; each primitive's batching rule (its record's `batch`, from `core/primitives/batching.ts`) computes the
 * batched result directly, so the function is vectorized, not looped.
 *
 * @example
 * vmap((x) => np.dot(x, x))(np.ones([5, 3])) // shape [5]
 */
import { ArgumentError, ShapeError, TracegradError } from "../core/errors.ts";
import type { AnyPrimitive, Params } from "../core/primitive.ts";
import { bind, Trace, Tracer, withMainTrace, type MainTrace } from "../core/trace.ts";
import { isTensor, type ConcreteTensor, type Tensor } from "../core/tensor.ts";
import * as ops from "../core/ops.ts";
import { flatten, formatTreeDef, unflatten } from "../core/tree.ts";
import { avalText } from "../core/primitives/check.ts";
import { flattenArgList, flattenArgs } from "../core/args.ts";
import { moveAxis, type BatchDim } from "../core/primitives/batching.ts";
import { functionOrThrow, optionsOrThrow, showValue, userOutputOrThrow } from "../core/convert.ts";
import type { AnyFunction, InputsOf, OutputOf } from "../core/treeTypes.ts";

// tracers

/** A batched value: `value` holds every batch element along axis `dim`. */
export class BatchTracer extends Tracer {
  constructor(
    readonly trace: BatchTrace,
    readonly value: Tensor,
    readonly dim: BatchDim,
  ) {
    super(dim === null ? value.shape : value.shape.filter((_, i) => i !== dim), value.dtype, value.weakType);
  }
  withoutWeakType(): BatchTracer {
    return this.weakType === undefined ? this : new BatchTracer(this.trace, this.value.withoutWeakType(), this.dim);
  }
  override fullLower(): Tensor {
    return this.dim === null ? this.value : this;
  }
  override toConcrete(op: string): ConcreteTensor {
    if (this.dim === null) return this.value.toConcrete(op);
    return super.toConcrete(op);
  }
}

/** Applies batching rules. */
export class BatchTrace extends Trace {
  constructor(
    main: MainTrace,
    readonly axisSize: number,
  ) {
    super(main);
  }

  pure(value: Tensor): Tracer {
    return new BatchTracer(this, value, null);
  }

  processPrimitive(prim: AnyPrimitive, tracers: Tracer[], params: Params): Tensor[] {
    const values = tracers.map((t) => (t as BatchTracer).value);
    const dims = tracers.map((t) => (t as BatchTracer).dim);
    if (dims.every((d) => d === null)) return bind(prim, values, params);
    const rule = prim.batch;
    // a higher-order primitive without a rule is a library error, not a raw "rule is not a function" TypeError
    if (rule === undefined) throw new TracegradError(`vmap: the primitive ${prim.name} has no batching rule; this is a tracegrad bug.`);
    const [outs, outDims] = rule(this.axisSize, values, dims, params as never);
    return outs.map((v, i) => new BatchTracer(this, v, outDims[i]));
  }
}

// transform

/** Options of `vmap`. */
export interface VmapOptions {
  /** The batch axis of each argument: a number, null (not batched), or one per argument (trees allowed). */
  readonly inAxes?: unknown;
  /** Where the batch axis goes in each output (null: the output is not batched). */
  readonly outAxes?: unknown;
}

/** Expands an axis spec that is a prefix of `tree` into one axis per leaf of `tree`. */
function broadcastPrefix(op: string, spec: unknown, tree: unknown, what: string): BatchDim[] {
  if (spec === null || typeof spec === "number") {
    return flatten(tree)[0].map(() => spec as BatchDim);
  }
  if (Array.isArray(spec) && Array.isArray(tree) && spec.length === tree.length) {
    return spec.flatMap((s, i) => broadcastPrefix(op, s, tree[i], what));
  }
  // a tensor is a leaf: never matched key by key against an object spec (its fields are not a tree)
  if (spec !== null && typeof spec === "object" && !Array.isArray(spec) && tree !== null && typeof tree === "object" && !Array.isArray(tree) && !isTensor(tree)) {
    const keys = Object.keys(tree as object).sort();
    const specObj = spec as Record<string, unknown>;
    if (keys.join() === Object.keys(specObj).sort().join()) {
      return keys.flatMap((k) => broadcastPrefix(op, specObj[k], (tree as Record<string, unknown>)[k], what));
    }
  }
  throw new ArgumentError(
    `${op}: ${what} ${showValue(spec)} does not match the structure ${formatTreeDef(flatten(tree)[1])}; ` +
      `give a number, null, or one entry per argument.`,
  );
}

/** `d` as a non-negative axis of an argument (`inAxes`) or of a batched output (`outAxes`, rank `ndim` with the batch axis), or a fix-it error. */
function normalizeDim(
  op: string,
  d: BatchDim,
  x: { readonly ndim: number; readonly shape: readonly number[]; readonly dtype: string },
  which: "inAxes" | "outAxes",
): BatchDim {
  if (d === null) return null;
  const n = x.ndim;
  if (!Number.isInteger(d) || d < -n || d >= n) {
    const range = n === 0 ? "a 0-d value has no axis to map over" : `give an axis from ${-n} to ${n - 1}`;
    throw new ArgumentError(
      which === "inAxes"
        ? `${op}: inAxes: axis ${showValue(d)} is out of range for ${avalText(x as never)} (rank ${n}); ${range}, or null for an argument that is not batched.`
        : `${op}: outAxes: axis ${showValue(d)} is out of range for an output of rank ${n} (${avalText(x as never)} per example, plus the batch axis); ${range}.`,
    );
  }
  return d < 0 ? d + n : d;
}

/**
 * Vectorizes `f` over an axis of its arguments (`inAxes`: a number, null for
 * an unbatched argument, or one per argument, trees allowed), putting the
 * batch axis of each output at `outAxes`. The result keeps `f`'s signature.
 *
 * @example
 * import { np, vmap, type Tensor } from "tracegrad";
 * vmap((x: Tensor) => np.dot(x, x))(np.ones([5, 3])); // shape [5]
 * vmap((w: Tensor, x: Tensor) => np.dot(x, w), { inAxes: [null, 0] })(np.ones([3]), np.ones([5, 3])); // shape [5]
 */
export function vmap<F extends AnyFunction>(f: F, options?: VmapOptions): (...args: InputsOf<F>) => OutputOf<F>;
export function vmap(f: (...args: any[]) => unknown, options?: VmapOptions): (...args: any[]) => any {
  const { inAxes = 0, outAxes = 0 } = optionsOrThrow<VmapOptions>("vmap", options, ["inAxes", "outAxes"]);
  functionOrThrow("vmap", f);
  return (...args: unknown[]) => {
    const [leaves, inDef] = flattenArgList("vmap", args, "argument", false);
    // after flattening, so a cyclic or too deep argument is reported before inAxes is matched against it
    const axesPerLeaf = broadcastPrefix("vmap", Array.isArray(inAxes) ? inAxes : args.map(() => inAxes), args, "inAxes");
    const dims = leaves.map((x, i) => normalizeDim("vmap", axesPerLeaf[i], x, "inAxes"));
    const sizes = leaves.map((x, i) => (dims[i] === null ? null : x.shape[dims[i]!]));
    const mapped = sizes.filter((s): s is number => s !== null);
    if (mapped.length === 0) throw new ArgumentError("vmap: no argument is batched (every in_axis is null); map over at least one.");
    if (mapped.some((s) => s !== mapped[0])) {
      const detail = leaves
        .map((x, i) => (dims[i] === null ? null : `leaf ${i} ${avalText(x)} axis ${dims[i]} has size ${sizes[i]}`))
        .filter(Boolean)
        .join("; ");
      throw new ShapeError(`vmap: mapped axes have different sizes: ${detail}. All batched axes must have the same size.`);
    }
    const axisSize = mapped[0];
    return withMainTrace(
      "vmap",
      (main) => new BatchTrace(main, axisSize),
      (trace) => {
        const inputs = leaves.map((x, i) => new BatchTracer(trace as BatchTrace, x, dims[i]));
        const result = userOutputOrThrow("vmap", f(...unflatten<unknown[]>(inDef, inputs)));
        const [outs, outDef] = flattenArgs("vmap", result, "output", false);
        const outDims = broadcastPrefix("vmap", outAxes, result, "outAxes");
        const finals = outs.map((out, i) => {
          const target = outDims[i];
          const [value, dim] =
            out instanceof BatchTracer && out.trace.main === trace.main ? [out.value, out.dim] : [out, null as BatchDim];
          if (target === null) {
            if (dim !== null) throw new ArgumentError(`vmap: outAxes is null for output ${i}, but it depends on the batched inputs.`);
            return value;
          }
          const perExample = dim === null ? value.shape : value.shape.filter((_, j) => j !== dim);
          const t = normalizeDim("vmap", target, { ndim: perExample.length + 1, shape: perExample, dtype: value.dtype }, "outAxes");
          if (dim === null) {
            const shape = value.shape.slice();
            shape.splice(t!, 0, axisSize);
            return ops.broadcastInDim(value, shape, value.shape.map((_, j) => (j < t! ? j : j + 1)));
          }
          return moveAxis(value, dim, t!);
        });
        return unflatten(outDef, finals);
      },
    );
  };
}
