/**
 * `checkGrads`: JAX's `jax.test_util.check_grads` for tracegrad. It compares
 * the analytic derivatives of `f` (forward mode `jvp`, reverse mode `vjp`)
 * with central differences along random directions, one differentiated leaf
 * at a time so a failure names the leaf (`args[1].w`), and, for `order > 1`,
 * does the same for the derivative maps themselves (the JVP of the JVP, the
 * VJP of the VJP, and the mixed ones), as JAX does.
 *
 * `checkGradsEither` is the check as a value (an fp-ts `Either`);
 * `checkGrads` is the boundary that throws its `Left` as a `GradMismatchError`.
 *
 * @example
 * checkGrads((x, p) => np.sum(np.tanh(np.multiply(x, p.w))), [np.ones([3]), { w: np.arange(3) }]);
 */
import * as E from "fp-ts/lib/Either.js";
import {
  ArgumentError,
  DTypeError,
  jvp,
  np,
  numericalJvp,
  TracegradError,
  tree,
  vjp,
  type DType,
  type Tensor,
} from "../index.ts";
import { leafPaths } from "./paths.ts";
import { denseArrayOrThrow, isArrayArg, optionsOrThrow, showValue } from "../core/convert.ts";
import { multiIndex } from "./allclose.ts";
import { Rng } from "./rng.ts";

// model

/** A derivative mode: `"fwd"` checks `jvp`, `"rev"` checks `vjp`. */
export type GradMode = "fwd" | "rev";

/** The highest derivative order `checkGrads` checks (each order costs a multiple of the one below). */
export const MAX_ORDER = 6;

/** Options of `checkGrads` and `checkGradsEither`. */
export interface CheckGradsOptions {
  /** Derivative order to check (1: the first derivatives; 2: also the derivatives of the JVP and VJP maps). Default 1. */
  readonly order?: number;
  /** Which modes to check. Default `["fwd", "rev"]`. */
  readonly modes?: readonly GradMode[];
  /** Central-difference step. Default 1e-5 for float64, 2e-3 for float32 (see `GRAD_TOLERANCES`). */
  readonly eps?: number;
  /** Absolute tolerance. Default 1e-7 for float64, 2e-3 for float32. */
  readonly atol?: number;
  /** Relative tolerance. Default 1e-5 for float64, 2e-3 for float32. */
  readonly rtol?: number;
  /** Which positional arguments to differentiate (default: all of them). The others are passed through unchanged. */
  readonly argnums?: number | readonly number[];
  /** Seed of the random directions (default 0): the same seed checks the same directions. */
  readonly seed?: number;
}

/** What `checkGradsEither` reports when an analytic derivative disagrees with the numerical one. */
export interface GradMismatch {
  /** The differentiated leaf, as an accessor into the argument list: `args[1].w`, `args[0][2]`. */
  readonly path: string;
  /** The mode of the failing check. */
  readonly mode: GradMode;
  /** The derivative order of the failing check (1 + the number of derivative maps in `chain`). */
  readonly order: number;
  /** The derivative maps the check ran on, outermost last: `[]` for `f` itself, `["fwd"]` for the JVP map of `f`. */
  readonly chain: readonly GradMode[];
  /** The analytic value (fwd: the worst element of the JVP; rev: the inner product ⟨vjp(c), t⟩). */
  readonly analytic: number;
  /** The numerical value it is compared with. */
  readonly numeric: number;
  /** `|analytic - numeric|`. */
  readonly difference: number;
  /** The tolerance the difference exceeded. */
  readonly tolerance: number;
  /** fwd: the output leaf and element of the worst disagreement (`out[0] at [1, 2]`); rev: null. */
  readonly output: string | null;
  /** The whole report, as `GradMismatchError` prints it. */
  readonly message: string;
}

/**
 * Thrown by `checkGrads`: an analytic derivative disagrees with central differences.
 *
 * @example
 * import { customJvp, np, type Tensor } from "tracegrad";
 * import { checkGrads, GradMismatchError } from "tracegrad/testing";
 * // sin with a wrong derivative rule: 2·cos(x) instead of cos(x)
 * const badSin = customJvp((x: Tensor) => np.sin(x), ([x]: Tensor[], [t]: Tensor[]) => [
 *   np.sin(x),
 *   np.multiply(t, np.multiply(2, np.cos(x))),
 * ]);
 * try {
 *   checkGrads(badSin, [np.array(0.5)], { modes: ["fwd"] });
 * } catch (e) {
 *   e instanceof GradMismatchError && [e.path, e.mode, e.order]; // ["args[0]", "fwd", 1]
 * }
 */
export class GradMismatchError extends TracegradError {
  /** The report as data. */
  readonly mismatch: GradMismatch;
  /** The differentiated leaf (`args[1].w`). */
  readonly path: string;
  /** The mode of the failing check. */
  readonly mode: GradMode;
  /** The derivative order of the failing check. */
  readonly order: number;

  constructor(mismatch: GradMismatch) {
    super(mismatch.message);
    this.mismatch = mismatch;
    this.path = mismatch.path;
    this.mode = mismatch.mode;
    this.order = mismatch.order;
  }
}

/**
 * The default step and tolerances by precision.
 *
 * float64: central differences err by about eps²·|f'''|/6 (truncation) plus
 * u·|f|/eps (rounding, u = 2.2e-16); the sum is smallest near
 * eps = (3u)^(1/3) ≈ 9e-6, so eps = 1e-5 leaves an error near 1e-10 relative
 * for well-scaled functions. rtol 1e-5 (JAX's float64 gradient tolerance) and
 * atol 1e-7 leave a wide margin for functions with larger values or
 * curvature, and still catch any wrong rule (a missing factor or sign is an
 * O(1) relative error).
 *
 * float32: the same balance with u = 1.2e-7 gives eps ≈ 7e-3; 2e-3 keeps the
 * truncation term small for curved functions while the rounding term stays
 * near 1e-4 relative; rtol = atol = 2e-3, as JAX's float32 tolerance.
 */
export const GRAD_TOLERANCES: Readonly<Record<"float64" | "float32", { eps: number; rtol: number; atol: number }>> = {
  float64: { eps: 1e-5, rtol: 1e-5, atol: 1e-7 },
  float32: { eps: 2e-3, rtol: 2e-3, atol: 2e-3 },
};

// utils

type Fn = (...args: any[]) => unknown;

interface Settings {
  readonly modes: readonly GradMode[];
  readonly eps?: number;
  readonly atol?: number;
  readonly rtol?: number;
  readonly seed: number;
}

const isFloat = (dtype: DType) => dtype === "float64" || dtype === "float32";

const data = (t: Tensor): ArrayLike<number> => t.toTypedArray() as unknown as ArrayLike<number>;

/** A tensor of standard normal numbers with the shape and dtype of `like`. */
function randomLike(rng: Rng, like: Tensor): Tensor {
  const values = rng.normals(like.size);
  return np.reshape(np.array(values, { dtype: like.dtype }), like.shape);
}

/** Random directions for the float leaves of `x` (zeros for the others), in `x`'s tree structure. */
function randomTree(rng: Rng, x: unknown): unknown {
  return tree.map((leaf: unknown) => {
    const t = np.asarray(leaf as Tensor);
    return isFloat(t.dtype) ? randomLike(rng, t) : np.zerosLike(t);
  }, x);
}

const modeName = (m: GradMode) => (m === "fwd" ? "JVP" : "VJP");

/** "the VJP of the JVP of f": the derivative being checked, innermost map first in `chain`. */
function describe(mode: GradMode, chain: readonly GradMode[]): string {
  return [mode, ...[...chain].reverse()].map(modeName).join(" of the ") + " of f";
}

const fmt = (v: number) => (Number.isFinite(v) ? String(Number(v.toPrecision(10))) : String(v));
const fmtSmall = (v: number) => (Number.isFinite(v) ? v.toExponential(2) : String(v));

/** Whether two numbers agree: within the tolerance, or the same non-finite value (NaN with NaN, as numpy's assert_allclose). */
function agrees(a: number, n: number, tolerance: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(n)) return Number.isNaN(a) && Number.isNaN(n);
  if (!Number.isFinite(a) || !Number.isFinite(n)) return a === n;
  return Math.abs(a - n) <= tolerance;
}

interface Found {
  readonly analytic: number;
  readonly numeric: number;
  readonly difference: number;
  readonly tolerance: number;
  readonly output: string | null;
}

const sci = (v: number) => v.toExponential().replace("e+", "e");

/** The text of a mismatch. `g` is `f` itself at order 1, else the derivative map the check ran on. */
function report(path: string, mode: GradMode, chain: readonly GradMode[], found: Found, s: Settings, eps: number, rtol: number, atol: number): GradMismatch {
  const order = chain.length + 1;
  const g = chain.length === 0 ? "f" : "g";
  const where = chain.length === 0 ? "" : ` (g = the ${[...chain].reverse().map(modeName).join(" of the ")} of f, at a fixed random direction)`;
  const fwd = mode === "fwd";
  const lines = [
    `checkGrads: the ${mode}-mode derivative (the ${describe(mode, chain)}, order ${order}) disagrees with central differences ` +
      `for ${path}${fwd ? `, at ${found.output}` : ""}.`,
    `  analytic:   ${fmt(found.analytic)}    ${fwd ? `jvp(${g}, x, t)` : `⟨vjp(${g}, x)(c), t⟩`}`,
    `  numeric:    ${fmt(found.numeric)}    ${fwd ? `(${g}(x + εt) - ${g}(x - εt)) / 2ε` : `⟨c, (${g}(x + εt) - ${g}(x - εt)) / 2ε⟩`}`,
    `  difference: ${fmtSmall(found.difference)} > tolerance ${fmtSmall(found.tolerance)} ` +
      `(${fwd ? "atol + rtol·|numeric|" : "atol·Σ|c| + rtol·Σ|c·numeric|"}, rtol ${sci(rtol)}, atol ${sci(atol)})`,
    `  t: a random direction of ${path}${fwd ? "" : ", c: a random output cotangent"}${where}; seed ${s.seed}, ε = ${sci(eps)}.`,
    `  Other seeds check other directions; { eps, rtol, atol } loosen the check.`,
  ];
  return { path, mode, order, chain, ...found, message: lines.join("\n") };
}

// checks

/** First-order checks of `g` at `xs` in the requested modes, one leaf at a time. */
function checkOnce(g: Fn, xs: unknown[], paths: readonly string[], chain: readonly GradMode[], s: Settings, rng: Rng): E.Either<GradMismatch, void> {
  const [leaves, def] = tree.flatten(xs);
  const tensors = leaves as Tensor[];
  const reference = tree.leaves(g(...xs)).map((o) => np.asarray(o as Tensor));
  const floatOuts = reference.map((o) => isFloat(o.dtype));
  if (!floatOuts.some(Boolean)) return E.right(undefined);
  const anyF32Out = reference.some((o) => o.dtype === "float32");

  // reverse mode: one vjp with a random cotangent, reused for every leaf
  let cotangents: Tensor[] = [];
  let pulled: Tensor[] = [];
  if (s.modes.includes("rev")) {
    const [out, pull] = vjp(g as (...a: unknown[]) => Tensor, ...xs);
    const c = randomTree(rng, out);
    cotangents = tree.leaves(c) as Tensor[];
    pulled = tree.leaves(pull(c as never)) as Tensor[];
  }

  for (let i = 0; i < tensors.length; i++) {
    const leaf = tensors[i];
    const precision = leaf.dtype === "float32" || anyF32Out ? "float32" : "float64";
    const eps = s.eps ?? GRAD_TOLERANCES[precision].eps;
    const rtol = s.rtol ?? GRAD_TOLERANCES[precision].rtol;
    const atol = s.atol ?? GRAD_TOLERANCES[precision].atol;
    const direction = randomLike(rng, leaf);
    const tangents = tree.unflatten<unknown[]>(def, tensors.map((t, j) => (j === i ? direction : np.zerosLike(t))));
    const [, slopeTree] = numericalJvp(g as (...a: unknown[]) => unknown, xs, tangents, { eps });
    const slopes = (tree.leaves(slopeTree) as unknown[]).map((o) => np.asarray(o as Tensor));
    const outPaths = leafPaths(slopeTree, "out");

    if (s.modes.includes("fwd")) {
      const [, tangentOut] = jvp(g as (...a: unknown[]) => unknown, xs, tangents);
      const analytic = tree.leaves(tangentOut).map((o) => np.asarray(o as Tensor));
      let worst: Found | null = null;
      let worstRatio = 1;
      analytic.forEach((a, k) => {
        if (!floatOuts[k]) return;
        const av = data(a);
        const nv = data(slopes[k]);
        for (let e = 0; e < av.length; e++) {
          const tolerance = atol + rtol * Math.abs(nv[e]);
          if (agrees(av[e], nv[e], tolerance)) continue;
          const difference = Math.abs(av[e] - nv[e]);
          const ratio = Number.isFinite(difference) ? difference / tolerance : Infinity;
          if (worst === null || ratio > worstRatio) {
            worstRatio = ratio;
            const at = a.ndim === 0 ? "" : ` at ${multiIndex(e, a.shape)}`;
            worst = { analytic: av[e], numeric: nv[e], difference, tolerance, output: `${outPaths[k]}${at}` };
          }
        }
      });
      if (worst !== null) return E.left(report(paths[i], "fwd", chain, worst, s, eps, rtol, atol));
    }

    if (s.modes.includes("rev")) {
      // ⟨vjp(c), t⟩ against ⟨c, numerical jvp along t⟩; each numerical element may err by
      // atol + rtol·|n|, so the inner product may err by atol·Σ|c| + rtol·Σ|c·n|
      const pv = data(pulled[i]);
      const dv = data(direction);
      let analytic = 0;
      for (let e = 0; e < dv.length; e++) analytic += pv[e] * dv[e];
      let numeric = 0;
      let cAbs = 0;
      let cnAbs = 0;
      slopes.forEach((n, k) => {
        if (!floatOuts[k]) return;
        const nv = data(n);
        const cv = data(cotangents[k]);
        for (let e = 0; e < nv.length; e++) {
          numeric += cv[e] * nv[e];
          cAbs += Math.abs(cv[e]);
          cnAbs += Math.abs(cv[e] * nv[e]);
        }
      });
      const tolerance = atol * cAbs + rtol * cnAbs;
      if (!agrees(analytic, numeric, tolerance)) {
        const found: Found = {
          analytic,
          numeric,
          difference: Math.abs(analytic - numeric),
          tolerance,
          output: null,
        };
        return E.left(report(paths[i], "rev", chain, found, s, eps, rtol, atol));
      }
    }
  }
  return E.right(undefined);
}

/** The derivative map of `g` in `mode`, at a fixed random direction: ys ↦ jvp(g, ys, T)[1] or ys ↦ vjp(g, ...ys)[1](C). */
function derivativeMap(g: Fn, xs: unknown[], mode: GradMode, rng: Rng): Fn {
  if (mode === "fwd") {
    const directions = randomTree(rng, xs) as unknown[];
    return (...ys: unknown[]) => jvp(g as (...a: unknown[]) => unknown, ys, directions)[1];
  }
  const c = randomTree(rng, g(...xs));
  return (...ys: unknown[]) => vjp(g as (...a: unknown[]) => unknown, ...ys)[1](c as never);
}

function checkOrder(g: Fn, xs: unknown[], paths: readonly string[], order: number, chain: readonly GradMode[], s: Settings, rng: Rng): E.Either<GradMismatch, void> {
  const first = checkOnce(g, xs, paths, chain, s, rng);
  if (E.isLeft(first) || order <= 1) return first;
  for (const mode of s.modes) {
    const inner = checkOrder(derivativeMap(g, xs, mode, rng), xs, paths, order - 1, [...chain, mode], s, rng);
    if (E.isLeft(inner)) return inner;
  }
  return E.right(undefined);
}

// public

/**
 * Checks the derivatives of `f` at `args` against central differences and
 * returns the first disagreement as a value: `Left(GradMismatch)` naming the
 * leaf (`args[1].w`), the mode, the order, both values, their difference and
 * the tolerance; `Right(undefined)` when everything agrees. Mistakes in the
 * call itself (bad options, integer leaves) throw a `TracegradError`.
 *
 * Each float leaf of each differentiated argument gets its own random
 * direction t (normal entries; other leaves still). "fwd" compares
 * `jvp(f, args, t)` elementwise with `(f(x+εt) - f(x-εt)) / 2ε`; "rev"
 * compares ⟨vjp(c), t⟩ with ⟨c, that difference⟩ for a random cotangent c.
 * With `order = 2` the same checks run on the JVP map x ↦ jvp(f, x, T) and
 * the VJP map x ↦ vjp(f, x)(C) for fixed random T and C (a VJP map of a
 * scalar f with C = 1 is its gradient), and so on recursively.
 *
 * @example
 * const r = checkGradsEither((x) => np.sum(np.sin(x)), [np.array([0.1, 0.2])], { order: 2 });
 * E.isRight(r); // true
 */
export function checkGradsEither(f: Fn, args: readonly unknown[], rawOptions?: CheckGradsOptions): E.Either<GradMismatch, void> {
  if (typeof f !== "function") throw new ArgumentError("checkGrads: f must be a function.");
  if (!isArrayArg("checkGrads", args)) throw new ArgumentError("checkGrads: args must be an array with one entry per argument of f.");
  args = denseArrayOrThrow("checkGrads", "args", args);
  const options = optionsOrThrow<CheckGradsOptions>("checkGrads", rawOptions, ["order", "modes", "eps", "atol", "rtol", "argnums", "seed"]);
  const { order = 1, modes = ["fwd", "rev"], seed = 0 } = options;
  // each order differentiates the derivative maps of the one below: the cost grows exponentially
  if (!Number.isInteger(order) || order < 1 || order > MAX_ORDER) {
    throw new ArgumentError(`checkGrads: order must be an integer from 1 to ${MAX_ORDER}, got ${showValue(order)}.`);
  }
  if (!Array.isArray(modes) || modes.length === 0 || modes.some((m) => m !== "fwd" && m !== "rev")) {
    throw new ArgumentError(`checkGrads: modes must be a non-empty list of "fwd" and "rev", got ${showValue(modes)}.`);
  }
  if (!Number.isSafeInteger(seed)) throw new ArgumentError(`checkGrads: seed must be an integer, got ${showValue(seed)}.`);
  for (const [name, v] of [["eps", options.eps], ["atol", options.atol], ["rtol", options.rtol]] as const) {
    const ok = v === undefined || (typeof v === "number" && Number.isFinite(v) && (name === "eps" ? v > 0 : v >= 0));
    if (!ok) {
      throw new ArgumentError(`checkGrads: ${name} must be a finite ${name === "eps" ? "positive" : "non-negative"} number, got ${showValue(v)}.`);
    }
  }
  const rawArgnums: unknown[] =
    options.argnums === undefined ? args.map((_, i) => i) : typeof options.argnums === "number" ? [options.argnums] : denseArrayOrThrow("checkGrads", "argnums", options.argnums);
  for (const a of rawArgnums) {
    if (typeof a !== "number" || !Number.isInteger(a) || a < 0 || a >= args.length) {
      throw new ArgumentError(`checkGrads: argnums ${showValue(options.argnums)} is out of range for ${args.length} argument(s).`);
    }
  }
  const argnums = rawArgnums as number[];
  if (new Set(argnums).size !== argnums.length) throw new ArgumentError(`checkGrads: argnums ${showValue(options.argnums)} has duplicates.`);

  const paths: string[] = [];
  const xs = argnums.map((a) => {
    const prefix = `args[${a}]`;
    const converted = tree.map((leaf: unknown) => np.asarray(leaf as Tensor), args[a]);
    const names = leafPaths(converted, prefix);
    (tree.leaves(converted) as Tensor[]).forEach((t, k) => {
      if (!isFloat(t.dtype)) {
        throw new DTypeError(
          `checkGrads: ${names[k]} has dtype ${t.dtype}; only float leaves can be differentiated. ` +
            `Pass floats, or leave the argument out with argnums.`,
        );
      }
    });
    paths.push(...names);
    return converted;
  });
  const g = (...ys: unknown[]) => {
    const call = args.slice();
    argnums.forEach((a, k) => (call[a] = ys[k]));
    return f(...call);
  };
  const settings: Settings = { modes, eps: options.eps, atol: options.atol, rtol: options.rtol, seed };
  return checkOrder(g, xs, paths, order, [], settings, new Rng(seed));
}

/**
 * Checks the derivatives of `f` at `args` against central differences (see
 * `checkGradsEither`) and throws a `GradMismatchError` naming the leaf, mode,
 * order, both values, their difference and the tolerance when they disagree.
 *
 * @example
 * const loss = (x, p) => np.sum(np.square(np.subtract(np.matmul(x, p.w), p.b)));
 * checkGrads(loss, [np.ones([4, 3]), { w: np.ones([3, 2]), b: np.zeros([2]) }], { order: 2, argnums: 1 });
 */
export function checkGrads(f: Fn, args: readonly unknown[], options?: CheckGradsOptions): void {
  const result = checkGradsEither(f, args, options);
  if (E.isLeft(result)) throw new GradMismatchError(result.left);
}
