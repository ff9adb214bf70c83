/**
 * Elementwise closeness of tensors, array-likes and trees of them, with a
 * report of the worst element: the engine of the `toBeAllclose` matcher,
 * usable without vitest (`assertAllclose`).
 *
 * @example
 * assertAllclose(grad((x) => np.sum(np.square(x)))([1, 2]), [2, 4]);
 * allcloseProblem({ w: np.ones([2]) }, { w: [1, 1.1] }); // "value.w: 1 of 2 element(s) differ; ..."
 */
import { np, TracegradError, tree, type Tensor } from "../index.ts";
import { leafPaths } from "./paths.ts";

// model

/** Options of `toBeAllclose`. Defaults are numpy's `allclose`: rtol 1e-5, atol 1e-8; NaNs equal (as `assert_allclose`). */
export interface AllcloseOptions {
  readonly rtol?: number;
  readonly atol?: number;
  /** Whether NaN equals NaN (default true). */
  readonly equalNan?: boolean;
}

// utils

const formatShape = (s: readonly number[]) => `[${s.join(", ")}]`;

/** `[i, j]` for a flat index into `shape`. */
export function multiIndex(flat: number, shape: readonly number[]): string {
  const out: number[] = [];
  for (let k = shape.length - 1; k >= 0; k--) {
    out.unshift(flat % shape[k]);
    flat = Math.floor(flat / shape[k]);
  }
  return `[${out.join(", ")}]`;
}

function asTensor(x: unknown): Tensor | string {
  try {
    return np.asarray(x as Tensor);
  } catch (e) {
    return (e as Error).message;
  }
}

/** The first reason two leaves are not allclose, or null. */
function leafProblem(path: string, received: unknown, expected: unknown, rtol: number, atol: number, equalNan: boolean): string | null {
  const r = asTensor(received);
  const e = asTensor(expected);
  if (typeof r === "string") return `${path}: the received value is not an array-like (${r})`;
  if (typeof e === "string") return `${path}: the expected value is not an array-like (${e})`;
  if (r.dtype === "bool" || e.dtype === "bool") {
    if (r.dtype !== e.dtype) return `${path}: dtype ${r.dtype} vs expected ${e.dtype}`;
  }
  const scalarExpected = e.ndim === 0;
  if (!scalarExpected && (r.ndim !== e.ndim || r.shape.some((d, i) => d !== e.shape[i]))) {
    return `${path}: shape ${formatShape(r.shape)} vs expected ${formatShape(e.shape)}`;
  }
  const rv = r.toTypedArray() as unknown as ArrayLike<number>;
  const ev = e.toTypedArray() as unknown as ArrayLike<number>;
  let bad = 0;
  let worst = -1;
  let worstExcess = -Infinity;
  for (let i = 0; i < rv.length; i++) {
    const a = Number(rv[i]);
    const b = Number(scalarExpected ? ev[0] : ev[i]);
    let ok: boolean;
    if (Number.isNaN(a) || Number.isNaN(b)) ok = equalNan && Number.isNaN(a) && Number.isNaN(b);
    else if (a === b) ok = true;
    else ok = Math.abs(a - b) <= atol + rtol * Math.abs(b);
    if (ok) continue;
    bad++;
    const excess = Number.isFinite(a - b) ? Math.abs(a - b) - (atol + rtol * Math.abs(b)) : Infinity;
    if (worst < 0 || excess > worstExcess) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (bad === 0) return null;
  const a = Number(rv[worst]);
  const b = Number(scalarExpected ? ev[0] : ev[worst]);
  const at = r.ndim === 0 ? "" : ` at ${multiIndex(worst, r.shape)}`;
  return (
    `${path}: ${bad} of ${rv.length} element(s) differ; the worst${at}: ${a} vs expected ${b} ` +
    `(|difference| ${Math.abs(a - b).toExponential(2)} > atol + rtol·|expected| = ${(atol + rtol * Math.abs(b)).toExponential(2)})`
  );
}

/** Whether `x` is a single array-like leaf (a tensor, number, boolean, typed array or numeric nested array). */
function isLeafValue(x: unknown): boolean {
  return tree.structure(x).kind === "leaf";
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== "object" || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

const describeValue = (x: unknown) =>
  Array.isArray(x) ? `an array of ${x.length}` : isPlainObject(x) ? `an object with keys ${Object.keys(x).sort().join(", ")}` : String(x);

/**
 * Walks `received` as a tree and `expected` alongside it, so the expected
 * side may be written with plain nested numbers (`{ b: [3, [4, 5]] }` for
 * `{ b: [tensor, tensor] }`) where tree rules alone would read it as one leaf.
 */
function walk(received: unknown, expected: unknown, path: string, rtol: number, atol: number, equalNan: boolean): string | null {
  if (received === null || received === undefined || expected === null || expected === undefined) {
    return received === expected ? null : `${path}: the trees differ in structure: ${describeValue(received)} vs expected ${describeValue(expected)}`;
  }
  if (isLeafValue(received)) {
    if (!isLeafValue(expected)) return `${path}: the trees differ in structure: a leaf vs expected ${describeValue(expected)}`;
    return leafProblem(path, received, expected, rtol, atol, equalNan);
  }
  if (Array.isArray(received)) {
    if (!Array.isArray(expected) || expected.length !== received.length) {
      return `${path}: the trees differ in structure: ${describeValue(received)} vs expected ${describeValue(expected)}`;
    }
    for (let i = 0; i < received.length; i++) {
      const problem = walk(received[i], expected[i], `${path}[${i}]`, rtol, atol, equalNan);
      if (problem !== null) return problem;
    }
    return null;
  }
  if (isPlainObject(received)) {
    const keys = Object.keys(received).sort();
    if (!isPlainObject(expected) || Object.keys(expected).sort().join("\u0000") !== keys.join("\u0000")) {
      return `${path}: the trees differ in structure: ${describeValue(received)} vs expected ${describeValue(expected)}`;
    }
    for (const key of keys) {
      const problem = walk(received[key], expected[key], `${path}${leafPaths({ [key]: 0 }, "")[0]}`, rtol, atol, equalNan);
      if (problem !== null) return problem;
    }
    return null;
  }
  return leafProblem(path, received, expected, rtol, atol, equalNan);
}

/**
 * The first reason two trees of array-likes are not allclose (a sentence naming the leaf and the worst element), or null.
 *
 * @example
 * import { allcloseProblem } from "tracegrad/testing";
 * allcloseProblem([1, 2], [1, 2 + 1e-9]); // null
 * allcloseProblem({ w: [1, 2] }, { w: [1, 2.5] });
 * // "value.w: 1 of 2 element(s) differ; the worst at [1]: 2 vs expected 2.5 (|difference| 5.00e-1 > atol + rtol·|expected| = 2.50e-5)"
 */
export function allcloseProblem(received: unknown, expected: unknown, options: AllcloseOptions = {}): string | null {
  const { rtol = 1e-5, atol = 1e-8, equalNan = true } = options;
  return walk(received, expected, "value", rtol, atol, equalNan);
}

// public

/**
 * Thrown by `assertAllclose`.
 *
 * @example
 * import { np } from "tracegrad";
 * import { AllcloseError, assertAllclose } from "tracegrad/testing";
 * try {
 *   assertAllclose(np.array([1, 2]), [1, 2.5]);
 * } catch (e) {
 *   e instanceof AllcloseError; // true
 * }
 */
export class AllcloseError extends TracegradError {}

/**
 * Throws an `AllcloseError` naming the leaf, the worst element and the
 * tolerance unless `actual` and `expected` agree elementwise:
 * `|actual - expected| <= atol + rtol·|expected|` (defaults rtol 1e-5,
 * atol 1e-8, NaN equal to NaN, as numpy's `assert_allclose`). Trees must have
 * the same structure; a 0-d `expected` broadcasts, other shapes must match.
 *
 * @example
 * assertAllclose(np.array([1, 2]), [1, 2 + 1e-9]);
 */
export function assertAllclose(actual: unknown, expected: unknown, options: AllcloseOptions = {}): void {
  const problem = allcloseProblem(actual, expected, options);
  if (problem !== null) {
    throw new AllcloseError(`assertAllclose: not allclose (rtol ${options.rtol ?? 1e-5}, atol ${options.atol ?? 1e-8}): ${problem}`);
  }
}
