/**
 * The table-driven harness for the public API (issue 9's "Tests"): every
 * public function gets one or more *rows*, small object literals in
 * `cases/<group>.ts`, and `runRows` turns each row into these checks:
 *
 * - **values**: `f(...pin.args)` against numbers pinned in the row (computed
 *   once with numpy, or a closed form, and said so next to them): shape,
 *   dtype and every element; non-tensor results (shapes, dtypes, info
 *   objects) are compared with `toEqual`;
 * - **errors**: bad input throws a `TracegradError` (of the given subclass)
 *   whose message starts with the function's name;
 * - on random inputs drawn from `args` (fast-check):
 *   - **grads**: `checkGrads` in both modes, order 2 by default (set
 *     `grads: { order: 1 }` where the function has kinks), or, with
 *     `grads: "zero"` (integer-valued, piecewise-constant), a zero jvp
 *     tangent and a zero gradient through the function;
 *   - **vmap equals a loop**: three draws stacked along a random axis of each
 *     argument (or left unbatched), `vmap(f, { inAxes })` against `f` per draw;
 *   - **jit equals eager**: bitwise (shape, dtype, every bit; NaN equals NaN);
 * - **check**: any other assertion the row needs (metadata under `jit`, ...).
 *
 * A row names the public function (`"np.flip"`) it covers: `coverage.spec.ts`
 * fails while a public function has no row (or explicit exemption).
 *
 * @example
 * // cases/assembly.ts
 * { name: "np.fliplr", values: [{ args: [[[1, 2], [3, 4]]], out: [[2, 1], [4, 3]] }], args: [f64([2, 3])] }
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DType } from "../../lib/array/dtype.ts";
import * as tracegrad from "../../lib/index.ts";
import { grad, jit, jvp, np, Tensor, TracegradError, tree, vmap } from "../../lib/index.ts";
import { checkGrads } from "../../lib/testing/index.ts";

// ---------------------------------------------------------------------------
// model

export type Fn = (...args: any[]) => unknown;

/** One random tensor argument: its shape, dtype and element arbitrary (or a whole-tensor arbitrary of that shape and dtype). */
export interface ArgSpec {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly elem: fc.Arbitrary<number>;
  /** Draws the whole tensor (for constraints across elements: distinct values, sorted, positive definite); it must keep `shape` and `dtype`. */
  readonly tensor?: fc.Arbitrary<Tensor>;
}

/** Fixed inputs and the expected output (numpy's, pinned). */
export interface Pin {
  readonly args: readonly unknown[];
  /** Nested numbers for a tensor (a list of them for a list of tensors, a record of them for a record of tensors such as a complex { re, im }), or any JS value (compared with toEqual). */
  readonly out: unknown;
  /** The dtype of the output tensor(s), or one per output of a list (default float64). */
  readonly dtype?: DType | readonly DType[];
  /** Tolerances of the comparison: |actual - out| <= atol + rtol·|out| (defaults 1e-14, 0). */
  readonly rtol?: number;
  readonly atol?: number;
}

/** Bad input: the call throws a TracegradError (`type`, default any) whose message starts with the op's name and matches `match`. */
export interface ErrorPin {
  readonly args: readonly unknown[];
  readonly match?: RegExp;
  readonly type?: abstract new (...args: never[]) => TracegradError;
}

/** Derivative checks: checkGrads options, or "zero" for integer-valued / piecewise-constant functions, or false (a reason is kept in a comment). */
export type GradSpec = false | "zero" | { readonly order?: 1 | 2; readonly rtol?: number; readonly atol?: number; readonly eps?: number };

/** One row: a public function and what to check about it. */
export interface Row {
  /** The public path of the function this row covers: "np.flip", "nn.relu", "random.split". */
  readonly name: string;
  /** Distinguishes several rows of one function in test names ("mode reflect"). */
  readonly label?: string;
  /** The function of the random-input properties (grads, vmap, jit); default: the public function. Close over options and non-tensor arguments here. Pins always call the public function. */
  readonly f?: Fn;
  readonly values?: readonly Pin[];
  readonly errors?: readonly ErrorPin[];
  /** Random tensor arguments of `f` for the grads, vmap and jit properties (none: those are skipped). */
  readonly args?: readonly ArgSpec[];
  /** Default `{ order: 2 }` on the float arguments. */
  readonly grads?: GradSpec;
  /** Set false only with a reason next to it. */
  readonly vmap?: false;
  /** Set false only with a reason next to it. */
  readonly jit?: false;
  /** Any further assertion, run once. */
  readonly check?: () => void;
}

/** Property runs per row: a few (the harness covers hundreds of functions); `API_RUNS_SCALE=10` for a deep run. */
const SCALE = Number(globalThis.process?.env?.API_RUNS_SCALE ?? 1) || 1;
/** vitest's default of 5 s per test, scaled with the runs (second-order checkGrads of a long composition takes ~0.4 s a run). */
const PROPERTY_TIMEOUT_MS = 5000 * Math.max(1, SCALE);
export const RUNS = { grads: Math.round(4 * SCALE), vmap: Math.round(4 * SCALE), jit: Math.round(3 * SCALE) };

// ---------------------------------------------------------------------------
// arguments

const double = (lo: number, hi: number) => fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });

/** A float64 argument of `shape` with elements in [lo, hi] (or from `elem`). */
export function f64(shape: readonly number[], lo: number | fc.Arbitrary<number> = -2, hi = 2): ArgSpec {
  return { shape, dtype: "float64", elem: typeof lo === "number" ? double(lo, hi) : lo };
}

/** A float32 argument. */
export function f32(shape: readonly number[], lo = -2, hi = 2): ArgSpec {
  return { shape, dtype: "float32", elem: double(lo, hi).map(Math.fround) };
}

/** An int32 argument with elements in [lo, hi]. */
export function i32(shape: readonly number[], lo = -5, hi = 5): ArgSpec {
  return { shape, dtype: "int32", elem: fc.integer({ min: lo, max: hi }) };
}

/** A uint32 argument with elements in [lo, hi]. */
export function u32(shape: readonly number[], lo = 0, hi = 2 ** 32 - 1): ArgSpec {
  return { shape, dtype: "uint32", elem: fc.integer({ min: lo, max: hi }) };
}

/** A random key argument: any two uint32 words (`random.key`'s values are a subset). */
export function keyArg(): ArgSpec {
  return u32([2]);
}

/** A bool argument. */
export function bool(shape: readonly number[]): ArgSpec {
  return { shape, dtype: "bool", elem: fc.boolean().map(Number) };
}

/** Reals with lo <= |x| <= hi (away from a kink or pole at 0). */
export function awayFromZero(lo: number, hi: number): fc.Arbitrary<number> {
  return fc.tuple(fc.boolean(), double(lo, hi)).map(([neg, m]) => (neg ? -m : m));
}

/** An argument drawn by a whole-tensor arbitrary (e.g. distinct elements for sort), of a fixed shape and dtype. */
export function custom(shape: readonly number[], dtype: DType, tensor: fc.Arbitrary<Tensor>): ArgSpec {
  return { shape, dtype, elem: fc.constant(0), tensor };
}

function tensorArb(spec: ArgSpec): fc.Arbitrary<Tensor> {
  if (spec.tensor !== undefined) return spec.tensor;
  const n = spec.shape.reduce((a, b) => a * b, 1);
  return fc.array(spec.elem, { minLength: n, maxLength: n }).map((values) => np.array(values, { dtype: spec.dtype }).reshape([...spec.shape]));
}

function argsArb(specs: readonly ArgSpec[]): fc.Arbitrary<Tensor[]> {
  return fc.tuple(...specs.map(tensorArb));
}

// ---------------------------------------------------------------------------
// comparisons

const isFloatDtype = (d: DType) => d === "float64" || d === "float32";

/** The public value at a path such as "np.flip" (undefined when absent). */
export function resolve(path: string): unknown {
  return path.split(".").reduce<unknown>((obj, key) => (obj !== null && obj !== undefined ? (obj as Record<string, unknown>)[key] : undefined), tracegrad);
}

/** The public function a row names (pins and error pins call it with their arguments). */
function publicFn(row: Row): Fn {
  const value = resolve(row.name);
  if (typeof value !== "function") throw new Error(`row ${row.name}: no public function of that name`);
  return value as Fn;
}

/** The function of the random-input properties: `f`, or the public function itself. */
function fnOf(row: Row): Fn {
  return row.f ?? publicFn(row);
}

function leavesOf(x: unknown): Tensor[] {
  return tree.leaves(x).map((l) => (l instanceof Tensor ? l : np.asarray(l as number)));
}

/** Elementwise closeness with exact shape and dtype; NaN equals NaN, infinities must match. */
function expectTensorClose(actual: Tensor, expected: unknown, dtype: DType, rtol: number, atol: number, what: string): void {
  const e = np.asarray(expected as number[]);
  expect(actual.shape, `${what}: shape`).toEqual(e.shape);
  expect(actual.dtype, `${what}: dtype`).toBe(dtype);
  const a = actual.toTypedArray();
  const b = e.toTypedArray();
  for (let i = 0; i < a.length; i++) {
    const p = a[i];
    const q = b[i];
    if (Object.is(p, q) || (Number.isNaN(p) && Number.isNaN(q)) || p === q) continue;
    if (!(Math.abs(p - q) <= atol + rtol * Math.abs(q))) {
      expect.fail(`${what}: element ${i} is ${p}, expected ${q} (|diff| ${Math.abs(p - q)} > atol ${atol} + rtol ${rtol}·|expected|)`);
    }
  }
}

/** Same tree of tensors, bitwise equal (NaN equals NaN). */
export function expectIdentical(actual: unknown, expected: unknown, what: string): void {
  const a = leavesOf(actual);
  const b = leavesOf(expected);
  expect(a.length, `${what}: number of outputs`).toBe(b.length);
  a.forEach((t, k) => {
    expect(t.shape, `${what}: output ${k} shape`).toEqual(b[k].shape);
    expect(t.dtype, `${what}: output ${k} dtype`).toBe(b[k].dtype);
    const x = t.toTypedArray();
    const y = b[k].toTypedArray();
    for (let i = 0; i < x.length; i++) {
      if (!Object.is(x[i], y[i]) && !(Number.isNaN(x[i]) && Number.isNaN(y[i]))) {
        expect.fail(`${what}: output ${k} element ${i} is ${x[i]}, expected ${y[i]} bitwise`);
      }
    }
  });
}

function expectClose(actual: unknown, expected: unknown, rtol: number, what: string): void {
  const a = leavesOf(actual);
  const b = leavesOf(expected);
  expect(a.length, `${what}: number of outputs`).toBe(b.length);
  a.forEach((t, k) => {
    const scale = Math.max(1, ...Array.from(b[k].toTypedArray(), (v) => (Number.isFinite(v) ? Math.abs(v) : 0)));
    expectTensorClose(t, b[k].toArray(), b[k].dtype, rtol, rtol * scale, `${what}: output ${k}`);
  });
}

// ---------------------------------------------------------------------------
// the checks

/** A plain object whose values are all tensors. */
function isTensorRecord(x: unknown): x is Record<string, Tensor> {
  return x !== null && typeof x === "object" && Object.getPrototypeOf(x) === Object.prototype && Object.values(x).length > 0 && Object.values(x).every((v) => v instanceof Tensor);
}

export function checkPin(f: Fn, pin: Pin, what: string): void {
  const actual = f(...pin.args);
  const { rtol = 1e-14, atol = 0, dtype = "float64" } = pin;
  const dtypeOf = (k: number): DType => (typeof dtype === "string" ? dtype : dtype[k]);
  if (actual instanceof Tensor) return expectTensorClose(actual, pin.out, dtypeOf(0), rtol, atol, what);
  if (Array.isArray(actual) && actual.length > 0 && actual.every((t) => t instanceof Tensor)) {
    const outs = pin.out as unknown[];
    expect(actual.length, `${what}: number of outputs`).toBe(outs.length);
    return actual.forEach((t, k) => expectTensorClose(t as Tensor, outs[k], dtypeOf(k), rtol, atol, `${what}: output ${k}`));
  }
  // a record of tensors (a complex value { re, im }, a named tuple): each field against the pin's field
  if (isTensorRecord(actual) && pin.out !== null && typeof pin.out === "object" && !Array.isArray(pin.out)) {
    const outs = pin.out as Record<string, unknown>;
    expect(Object.keys(actual).sort(), `${what}: fields`).toEqual(Object.keys(outs).sort());
    return Object.keys(outs).forEach((key, k) => expectTensorClose(actual[key], outs[key], dtypeOf(k), rtol, atol, `${what}: .${key}`));
  }
  if (typeof pin.out === "number" && typeof actual === "number") return expect(Object.is(actual, pin.out) || Math.abs(actual - pin.out) <= atol + rtol * Math.abs(pin.out), `${what}: ${actual} vs ${pin.out}`).toBe(true);
  expect(actual, what).toEqual(pin.out);
}

export function checkError(f: Fn, op: string, pin: ErrorPin): void {
  let thrown: unknown = null;
  try {
    f(...pin.args);
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `expected a TracegradError for args ${String(pin.args)}`).toBeInstanceOf(pin.type ?? TracegradError);
  // "norm: …", "linalg.norm: …" or "np.linalg.norm: …" all name np.linalg.norm
  const message = (thrown as Error).message;
  const parts = op.split(".");
  const names = parts.map((_, i) => parts.slice(i).join("."));
  expect(names.some((n) => message.startsWith(`${n}:`) || message.startsWith(`${n} `)), `the message names ${parts[parts.length - 1]}: ${message}`).toBe(true);
  if (pin.match) expect(message).toMatch(pin.match);
}

/** Zero derivatives: the jvp tangent is zero, and so is the gradient of Σ f(x)·w through it (integer arguments, such as random keys, held fixed). */
export function checkZeroDerivatives(f: Fn, xs: Tensor[], floatArgs: number[]): void {
  if (floatArgs.length === 0) return;
  const inFloats = (fs: Tensor[]) => xs.map((x, i) => (floatArgs.includes(i) ? fs[floatArgs.indexOf(i)] : x));
  const [, tout] = jvp((...fs: Tensor[]) => f(...inFloats(fs)), floatArgs.map((i) => xs[i]), floatArgs.map((i) => np.onesLike(xs[i])));
  for (const t of leavesOf(tout)) expect(Array.from(t.toTypedArray()).every((v) => v === 0), "jvp tangent is zero").toBe(true);
  const scalar = (...ys: Tensor[]) => leavesOf(f(...ys)).reduce<Tensor>((s, t) => np.add(s, np.sum(np.multiply(t.astype("float64"), 1.5))), np.array(0));
  const gs = grad(scalar, { argnums: floatArgs })(...xs) as Tensor[];
  for (const g of gs) expect(Array.from(g.toTypedArray()).every((v) => v === 0), "gradient is zero").toBe(true);
}

/** Three draws stacked along `axes[i]` of argument i (null: the first draw, unbatched). */
export function checkVmap(f: Fn, draws: Tensor[][], axes: (number | null)[]): void {
  const batched = draws[0].map((_, i) => (axes[i] === null ? draws[0][i] : np.stack(draws.map((d) => d[i]), axes[i]!)));
  const out = vmap(f, { inAxes: axes })(...batched);
  const loop = draws.map((d) => f(...d.map((x, i) => (axes[i] === null ? draws[0][i] : x))));
  const outLeaves = leavesOf(out);
  const loopLeaves = loop.map(leavesOf);
  expect(outLeaves.length, "vmap: number of outputs").toBe(loopLeaves[0].length);
  outLeaves.forEach((t, k) => expectClose(t, np.stack(loopLeaves.map((l) => l[k])), 1e-12, `vmap output ${k} vs the loop`));
}

/** Runs every row: one describe per row, one it per check. */
export function runRows(rows: readonly Row[]): void {
  for (const row of rows) {
    const title = row.label ? `${row.name} (${row.label})` : row.name;
    describe(title, () => {
      const op = row.name;
      if (row.values?.length) {
        it("values match numpy's", () => row.values!.forEach((pin, k) => checkPin(publicFn(row), pin, `pin ${k}`)));
      }
      if (row.errors?.length) {
        it("bad input throws a TracegradError naming the function", () => row.errors!.forEach((pin) => checkError(publicFn(row), op, pin)));
      }
      if (row.check) it("satisfies its own check", () => row.check!());
      const specs = row.args;
      if (specs === undefined) return;
      const floatArgs = specs.flatMap((s, i) => (isFloatDtype(s.dtype) ? [i] : []));
      const gradSpec = row.grads ?? {};
      if (gradSpec === "zero") {
        it("has zero derivatives (integer-valued or piecewise constant)", () => {
          fc.assert(fc.property(argsArb(specs), (xs) => checkZeroDerivatives(fnOf(row), xs, floatArgs)), { numRuns: RUNS.grads });
        });
      } else if (gradSpec !== false && floatArgs.length > 0) {
        const { order = 2, ...tolerances } = gradSpec;
        it(`checkGrads (fwd and rev, order ${order}) on random inputs`, () => {
          fc.assert(
            fc.property(argsArb(specs), fc.nat(), (xs, seed) => checkGrads(fnOf(row), xs, { order, argnums: floatArgs, seed, ...tolerances })),
            { numRuns: RUNS.grads },
          );
        }, PROPERTY_TIMEOUT_MS);
      }
      if (row.vmap !== false && specs.length > 0) {
        it("vmap equals a loop (random batch axes)", () => {
          const axes = fc.tuple(...specs.map((s) => fc.option(fc.integer({ min: 0, max: s.shape.length }), { nil: null, freq: 3 })));
          fc.assert(
            fc.property(fc.tuple(argsArb(specs), argsArb(specs), argsArb(specs)), axes, (draws, inAxes) => {
              const chosen = inAxes.every((a) => a === null) ? inAxes.map((a, i) => (i === 0 ? 0 : a)) : inAxes;
              checkVmap(fnOf(row), draws, chosen);
            }),
            { numRuns: RUNS.vmap },
          );
        });
      }
      if (row.jit !== false) {
        it("jit equals eager, bitwise", () => {
          const jitted = jit(fnOf(row));
          fc.assert(fc.property(argsArb(specs), (xs) => expectIdentical(jitted(...xs), fnOf(row)(...xs), "jit vs eager")), { numRuns: RUNS.jit });
        });
      }
    });
  }
}
