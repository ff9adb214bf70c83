/**
 * Shared arbitraries and checkers for the primitive property tests.
 *
 * Every primitive of the table gets one or more *cases*. A case draws a
 * `Draw`: a function `f` that binds the primitive (through `lib/core/ops.ts`,
 * where each op binds exactly its primitive), its float inputs `xs`, and a
 * description. Integer operands and params are drawn too, and closed over.
 *
 * - A `DiffCase` is differentiable in its inputs and gets four properties:
 *   1. jvp vs central differences (and linearize's linear map vs jvp);
 *   2. the dot-product identity ⟨c, J t⟩ = ⟨Jᵀ c, t⟩ between jvp and vjp;
 *   3. second order: jvp of grad(Σ f·w + Σ f²·v) vs central differences of
 *      that grad. It runs on the piecewise-linear primitives too (abs,
 *      max/min, reduce_max/min): their draws keep >= 1e-3 from every kink
 *      (the step is 1e-6), where the second derivative is exact;
 *   4. eager vs jaxpr: makeJaxpr(f) holds the primitive, typechecks and
 *      evaluates to f; the gradient's IR typechecks and evaluates to the
 *      eager gradient; grad through evalJaxpr equals grad; linearize's
 *      linear IR typechecks;
 *   5. vmap: vmap(f) over a batch of inputs (random batch axes, some inputs
 *      unbatched, a random output axis) equals f applied in a loop.
 *   Plus, when the draw has one, a plain-JS reference for the value.
 * - A `ValueCase` (comparisons, arg-reductions, is_finite, sign, rounding,
 *   stop_gradient, casts to int/bool) gets a plain-JS reference for its value,
 *   "the jvp tangent and the gradient through it are zero", eager vs jaxpr,
 *   and vmap.
 *
 * - A `SamplerCase` (random_gamma) is a random draw differentiable by
 *   implicit reparameterization: its derivative holds the draw's CDF fixed,
 *   not the key, so central differences at a fixed key do not measure it.
 *   It gets the reference value, its jvp tangent against the case's own
 *   reference tangent (from an independent CDF), the dot-product identity,
 *   eager vs jaxpr (with the gradient IR), and vmap.
 *
 * The cases live in `cases/*.ts` (not spec files) so `coverage.spec.ts` can
 * check that every primitive of the table has one; they draw their data with
 * `arbitraries.ts` (re-exported here).
 */
import fc from "fast-check";
import { describe, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { typedArrayFrom, type DType } from "../../lib/array/dtype.ts";
import { allcloseProblem } from "../../lib/testing/allclose.ts";
import type { PrimName } from "../../lib/core/primitive.ts";
import * as ops from "../../lib/core/ops.ts";
import { ConcreteTensor, type Tensor, dataOf } from "../../lib/core/tensor.ts";
import { evalJaxpr, grad, jvp, linearize, makeJaxpr, np, numericalJvp, typecheck, vjp, vmap, type ClosedJaxpr } from "../../lib/index.ts";
import { linearizeFlat } from "../../lib/transforms/linearize.ts";
import { avalStr, randomLike, rng } from "./arbitraries.ts";

export * from "./arbitraries.ts";

// ---------------------------------------------------------------------------
// model

/** One drawn instance: `f` binds the primitive under test; `xs` are its float inputs. */
export interface Draw {
  readonly f: (...xs: Tensor[]) => Tensor;
  readonly xs: readonly ConcreteTensor[];
  readonly desc: string;
  /** f's value computed in plain JS from the drawn operands and params (required for value cases). */
  readonly expected?: () => Expected;
  /**
   * Set on a draw at an edge of the rule (ties of max/min and of reduce_max,
   * zeros of abs, a zero base of pow), where the derivative is a convention,
   * not a limit: f's tangent along `ts` by that convention, in plain JS. There
   * jvp is checked against it instead of central differences, and the second
   * order check keeps only "grad under jvp equals grad"; the dot-product
   * identity, the jaxpr checks and vmap run as everywhere.
   */
  readonly edgeJvp?: (ts: readonly ConcreteTensor[]) => Expected;
}

/** Tolerances; loosened per case only with a reason written next to it. */
export interface Tolerance {
  /** Relative tolerance of jvp (and second order) vs central differences. */
  readonly rtol: number;
  /** Absolute tolerance, multiplied by max(1, max|output|): the rounding error of a central difference is ~ ε·|f|/eps. */
  readonly atol: number;
  /** Step of the central differences. */
  readonly eps: number;
  /** Relative tolerance of the dot-product identity (relative to Σ|terms|). */
  readonly dot: number;
}

/** float64 defaults. */
export const F64: Tolerance = { rtol: 1e-6, atol: 1e-8, eps: 1e-6, dot: 1e-9 };

/** An expected value computed in plain JS. */
export interface Expected {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly data: ArrayLike<number>;
}

export interface DiffCase {
  readonly kind: "diff";
  readonly prim: PrimName;
  readonly name: string;
  readonly arb: fc.Arbitrary<Draw>;
  readonly tol?: Partial<Tolerance>;
}

export interface ValueCase {
  readonly kind: "value";
  readonly prim: PrimName;
  readonly name: string;
  /** Draws with `expected`: the exact value of f(...xs). */
  readonly arb: fc.Arbitrary<Draw>;
}

export interface SamplerCase {
  readonly kind: "sampler";
  readonly prim: PrimName;
  readonly name: string;
  /** Draws with `expected`: the value of f(...xs). */
  readonly arb: fc.Arbitrary<Draw>;
  /** The tangent of f at the draw along the input tangents `ts`, computed independently of the primitive's jvp rule. */
  readonly tangent: (d: Draw, ts: readonly ConcreteTensor[]) => Expected;
  /** Tolerance of the tangent comparison (the reference is a numerical derivative). */
  readonly rtol: number;
}

export type Case = DiffCase | ValueCase | SamplerCase;

/** Runs per property (overridable per file); `PROPERTY_RUNS_SCALE=10` multiplies them for a deep run. */
export const NUM_RUNS = 40;
const RUNS_SCALE = Number(globalThis.process?.env?.PROPERTY_RUNS_SCALE ?? 1) || 1;

// ---------------------------------------------------------------------------
// comparisons

export class PropertyFailure extends Error {}

function fail(message: string): never {
  throw new PropertyFailure(message);
}

function concreteOf(t: unknown, what: string): ConcreteTensor {
  if (!(t instanceof ConcreteTensor)) fail(`${what}: expected a concrete tensor, got ${String(t)}`);
  return t;
}

function maxAbs(xs: readonly (Tensor | Expected)[]): number {
  let m = 0;
  for (const x of xs) {
    const data = x instanceof ConcreteTensor ? dataOf(x) : (x as Expected).data;
    for (let i = 0; i < data.length; i++) if (Number.isFinite(data[i])) m = Math.max(m, Math.abs(data[i]));
  }
  return m;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** `actual` and `expected` have equal shape and dtype, and are allclose (`allcloseProblem` of tracegrad/testing; NaNs equal). */
export function expectClose(actualT: unknown, expected: Tensor | Expected, rtol: number, atol: number, what: string): void {
  const actual = concreteOf(actualT, what);
  if (!sameShape(actual.shape, expected.shape) || actual.dtype !== expected.dtype) {
    fail(`${what}: got ${avalStr(actual)}, expected ${avalStr(expected)}`);
  }
  const e = expected instanceof ConcreteTensor ? dataOf(expected) : (expected as Expected).data;
  const reference = new ConcreteTensor(typedArrayFrom(expected.dtype, e), expected.shape, expected.dtype);
  const problem = allcloseProblem(actual, reference, { rtol, atol });
  if (problem !== null) fail(`${what}: ${problem}`);
}

/** Bitwise-equal values (NaN equals NaN), equal shape and dtype. */
export function expectSame(actual: unknown, expected: Tensor | Expected, what: string): void {
  expectClose(actual, expected, 0, 0, what);
}

/** Every element is zero. */
export function expectZero(t: unknown, what: string): void {
  const c = concreteOf(t, what);
  for (let i = 0; i < dataOf(c).length; i++) if (dataOf(c)[i] !== 0) fail(`${what}: element ${i} is ${dataOf(c)[i]}, expected 0`);
}

function expectRight(result: E.Either<{ message: string }, ClosedJaxpr>, closed: ClosedJaxpr, what: string): void {
  if (E.isLeft(result)) fail(`${what}: typecheck failed: ${result.left.message}\n${closed.toString()}`);
}

/** Σ x·y over equal-shaped tensors, and Σ |x·y| (the scale of its rounding error). */
function inner(a: ConcreteTensor, b: ConcreteTensor): [number, number] {
  if (!sameShape(a.shape, b.shape)) fail(`inner product of ${avalStr(a)} and ${avalStr(b)}`);
  let s = 0;
  let scale = 0;
  for (let i = 0; i < dataOf(a).length; i++) {
    const p = dataOf(a)[i] * dataOf(b)[i];
    s += p;
    scale += Math.abs(p);
  }
  return [s, scale];
}

// ---------------------------------------------------------------------------
// the properties

/** `x ↦ Σ y·w + Σ y²·v` with y = f(x): the scalar objective of the second-order and gradient-IR checks. */
function objective(f: Draw["f"], w: Tensor, v: Tensor): (...xs: Tensor[]) => Tensor {
  return (...xs) => {
    const y = f(...xs);
    const all = y.shape.map((_, i) => i);
    // the y·w term is the brief's sum(f(x)·w); the y² term makes second order non-trivial for linear primitives,
    // so the jvp rules of their transpose rules (run on traced cotangents) are exercised too
    return ops.reduceSum(ops.add(ops.mul(y, w), ops.mul(ops.mul(y, y), v)), all);
  };
}

/** The gradient of `objective` with respect to every input, as a list. */
function gradAll(f: Draw["f"], w: Tensor, v: Tensor, n: number): (...xs: Tensor[]) => Tensor[] {
  const argnums = Array.from({ length: n }, (_, i) => i);
  return (...xs) => grad(objective(f, w, v), { argnums })(...xs) as Tensor[];
}

/** 1. jvp vs central differences along a random direction (and jvp's primal output is the eager value). */
export function checkJvp(d: Draw, seed: number, tol: Tolerance): void {
  const next = rng(seed);
  const ts = d.xs.map((x) => randomLike(x, next));
  const [y, ty] = jvp(d.f, d.xs, ts);
  if (d.edgeJvp !== undefined) {
    // at a tie or a zero: the rule's convention, not a limit of differences
    const y0 = concreteOf(d.f(...d.xs), "f(xs)");
    expectSame(y, y0, "jvp primal output vs f(xs)");
    const want = d.edgeJvp(ts);
    expectClose(ty, want, 1e-12, 1e-12 * Math.max(1, maxAbs([want])), "jvp tangent vs the rule's convention at the edge");
  } else {
    const [y0, nty] = numericalJvp(d.f, d.xs, ts, { eps: tol.eps });
    expectSame(y, concreteOf(y0, "f(xs)"), "jvp primal output vs f(xs)");
    expectClose(ty, concreteOf(nty, "numerical jvp"), tol.rtol, tol.atol * Math.max(1, maxAbs([y0])), "jvp tangent vs central differences");
  }
  const y0 = concreteOf(y, "jvp primal");
  // linearize's linear map (the staged tangent computation) gives the same tangent
  const [y1, fJvp] = linearize(d.f, ...d.xs);
  expectSame(y1, y0, "linearize primal output vs f(xs)");
  expectClose(fJvp(...ts), concreteOf(ty, "jvp tangent"), 1e-12, 1e-12 * Math.max(1, maxAbs([ty])), "linearize's jvp vs jvp");
}

/** 2. ⟨c, J t⟩ = Σᵢ ⟨(Jᵀ c)ᵢ, tᵢ⟩ with `J t` from jvp and `Jᵀ c` from vjp. */
export function checkDotProduct(d: Draw, seed: number, tol: Tolerance): void {
  const next = rng(seed);
  const ts = d.xs.map((x) => randomLike(x, next));
  const [y, back] = vjp(d.f, ...d.xs);
  const c = randomLike(y, next);
  const cts = back(c) as Tensor[];
  if (!Array.isArray(cts) || cts.length !== d.xs.length) fail(`vjp gave ${String(cts)} for ${d.xs.length} inputs`);
  const [y1, jt] = jvp(d.f, d.xs, ts);
  expectSame(y, concreteOf(y1, "jvp primal"), "vjp primal output vs jvp primal output");
  const [lhs, lhsScale] = inner(c, concreteOf(jt, "jvp tangent"));
  let rhs = 0;
  let rhsScale = 0;
  cts.forEach((ct, i) => {
    const cc = concreteOf(ct, `vjp cotangent ${i}`);
    if (!sameShape(cc.shape, d.xs[i].shape) || cc.dtype !== d.xs[i].dtype) {
      fail(`vjp cotangent ${i} is ${avalStr(cc)} but input ${i} is ${avalStr(d.xs[i])}`);
    }
    const [s, scale] = inner(cc, ts[i]);
    rhs += s;
    rhsScale += scale;
  });
  const bound = tol.dot * Math.max(lhsScale, rhsScale, 1e-300);
  if (!(Math.abs(lhs - rhs) <= bound)) fail(`<c, J t> = ${lhs} but <J^T c, t> = ${rhs} (|diff| ${Math.abs(lhs - rhs)} > ${bound})`);
}

/** 3. jvp of `grad(Σ f(x)·w + Σ f(x)²·v)` vs central differences of that grad. */
export function checkSecondOrder(d: Draw, seed: number, tol: Tolerance): void {
  const next = rng(seed);
  const ts = d.xs.map((x) => randomLike(x, next));
  const y = d.f(...d.xs);
  const w = randomLike(y, next);
  const v = randomLike(y, next);
  const g = gradAll(d.f, w, v, d.xs.length);
  const [gs, tgs] = jvp(g, d.xs, ts);
  // at an edge the gradient jumps (a kink): only its value under jvp is checked
  const [gs0, ntgs] = d.edgeJvp !== undefined ? [g(...d.xs), null] : numericalJvp(g, d.xs, ts, { eps: tol.eps });
  const scale = Math.max(1, maxAbs(gs0 as ConcreteTensor[]));
  (gs0 as Tensor[]).forEach((g0, i) => {
    expectClose((gs as Tensor[])[i], concreteOf(g0, "grad"), 1e-12, 1e-12 * scale, `grad ${i} under jvp vs eager grad`);
    if (ntgs !== null) expectClose((tgs as Tensor[])[i], concreteOf((ntgs as Tensor[])[i], "numerical"), tol.rtol, tol.atol * scale, `jvp of grad ${i} vs central differences`);
  });
}

/** 4. makeJaxpr(f) typechecks, contains the primitive, and evaluates to f's eager value; the gradient's IR typechecks and evaluates to the eager gradient; the linear IR of linearize typechecks. */
export function checkJaxpr(prim: PrimName, d: Draw, seed: number, differentiable: boolean): void {
  const eager = concreteOf(d.f(...d.xs), "f(xs)");
  // unsimplified, the jaxpr must hold the primitive (simplify may drop e.g. `x - 0.0` for a drawn 0)
  const raw = makeJaxpr(d.f, { simplify: false })(...d.xs);
  if (!raw.jaxpr.eqns.some((e) => e.primitive.name === prim)) fail(`makeJaxpr(f) has no ${prim} equation:\n${raw.toString()}`);
  for (const closed of [raw, makeJaxpr(d.f)(...d.xs)]) {
    expectRight(typecheck(closed), closed, "makeJaxpr(f)");
    const outs = evalJaxpr(closed, ...d.xs);
    if (outs.length !== 1) fail(`evalJaxpr gave ${outs.length} outputs`);
    expectSame(outs[0], eager, "evalJaxpr(makeJaxpr(f)) vs f");
  }
  const next = rng(seed);
  const asFloat = (t: Tensor) => (t.dtype === "float64" || t.dtype === "float32" ? t : ops.convert(t, "float64"));
  const fFloat = (...xs: Tensor[]) => asFloat(d.f(...xs));
  const yf = fFloat(...d.xs);
  const w = randomLike(yf, next);
  const v = randomLike(yf, next);
  const g = gradAll(fFloat, w, v, d.xs.length);
  const gClosed = makeJaxpr(g)(...d.xs);
  expectRight(typecheck(gClosed), gClosed, "makeJaxpr(grad(g))");
  const staged = evalJaxpr(gClosed, ...d.xs);
  const direct = g(...d.xs);
  const scale = Math.max(1, maxAbs(direct));
  direct.forEach((gi, i) => expectClose(staged[i], concreteOf(gi, "grad"), 1e-12, 1e-12 * scale, `evalJaxpr(makeJaxpr(grad)) ${i} vs grad`));
  // differentiating the staged function (its equations re-bound with their stored params) gives the same gradient
  const fClosed = makeJaxpr(fFloat)(...d.xs);
  const gStaged = gradAll((...xs) => evalJaxpr(fClosed, ...xs)[0], w, v, d.xs.length)(...d.xs);
  direct.forEach((gi, i) => expectClose(gStaged[i], concreteOf(gi, "grad"), 1e-12, 1e-12 * scale, `grad through evalJaxpr ${i} vs grad`));
  if (differentiable) {
    const { linear } = linearizeFlat((xs) => [d.f(...xs)], d.xs);
    expectRight(typecheck(linear), linear, "linearize's linear jaxpr");
  }
}

/** Value cases: the jvp tangent of f is zero, and so is the gradient of anything computed through it. */
export function checkZeroDerivative(d: Draw, seed: number): void {
  const next = rng(seed);
  const ts = d.xs.map((x) => randomLike(x, next));
  const [y, ty] = jvp(d.f, d.xs, ts);
  expectSame(y, concreteOf(d.f(...d.xs), "f(xs)"), "jvp primal output vs f(xs)");
  const tc = concreteOf(ty, "jvp tangent");
  if (!sameShape(tc.shape, y.shape)) fail(`jvp tangent is ${avalStr(tc)} for output ${avalStr(y)}`);
  expectZero(tc, "jvp tangent");
  const asFloat = (t: Tensor) => (t.dtype === "float64" || t.dtype === "float32" ? t : ops.convert(t, "float64"));
  const fFloat = (...xs: Tensor[]) => asFloat(d.f(...xs));
  const yf = fFloat(...d.xs);
  const w = randomLike(yf, next);
  const v = randomLike(yf, next);
  const gs = gradAll(fFloat, w, v, d.xs.length)(...d.xs);
  gs.forEach((g, i) => expectZero(g, `gradient ${i} through f`));
}

/** `x` with its elements rotated by `k` places in memory order: the same values (so still in f's domain), elsewhere. */
function rotated(x: ConcreteTensor, k: number): ConcreteTensor {
  const n = dataOf(x).length;
  if (n === 0 || k % n === 0) return x;
  const data = dataOf(x).slice();
  for (let i = 0; i < n; i++) data[i] = dataOf(x)[(i + k) % n];
  return new ConcreteTensor(data, x.shape, x.dtype);
}

/** 5. vmap(f) over 2-3 batch elements (each input batched along a random axis, or not at all) equals f in a loop. */
export function checkVmap(d: Draw, seed: number): void {
  const next = rng(seed);
  const size = 2 + Math.floor(next() * 2);
  const axes = d.xs.map((x): number | null => (next() < 0.25 ? null : Math.floor(next() * (x.ndim + 1))));
  if (axes.filter((a) => a !== null).length === 0) axes[0] = 0;
  const element = (i: number, b: number): ConcreteTensor => (axes[i] === null ? d.xs[i] : rotated(d.xs[i], b));
  const batched = d.xs.map((x, i) => {
    const axis = axes[i];
    return axis === null ? x : np.stack(Array.from({ length: size }, (_, b) => element(i, b)), axis);
  });
  const outAxis = Math.floor(next() * (d.f(...d.xs).ndim + 1));
  const got = vmap(d.f, { inAxes: axes, outAxes: outAxis })(...batched);
  const rows = Array.from({ length: size }, (_, b) => d.f(...d.xs.map((_, i) => element(i, b))));
  const want = concreteOf(np.stack(rows, outAxis), "the loop");
  const what = `vmap(f, inAxes ${JSON.stringify(axes)}, outAxes ${outAxis}) vs a loop`;
  // batched kernels may group a float computation differently (matmul blocks), so to rounding
  expectClose(got, want, 1e-12, 1e-12 * Math.max(1, maxAbs([want])), what);
}

function merge(tol: Partial<Tolerance> | undefined): Tolerance {
  return { ...F64, ...tol };
}

/** One describe block per case, one `it` per property. */
export function runCases(cases: readonly Case[], runs = NUM_RUNS): void {
  const numRuns = Math.round(runs * RUNS_SCALE);
  for (const c of cases) {
    describe(c.name, () => {
      const withSeed = fc.tuple(c.arb, fc.integer());
      if (c.kind === "diff") {
        const tol = merge(c.tol);
        it("value matches a plain-JS reference (where the case has one)", () => {
          fc.assert(
            fc.property(c.arb, (d) => {
              // atol: a sum in another order differs by rounding of the order of ε·Σ|x| (cancellation can leave less)
              if (d.expected !== undefined) expectClose(d.f(...d.xs), d.expected(), 1e-12, 1e-12 * Math.max(1, maxAbs(d.xs)), "f(xs) vs reference");
            }),
            { numRuns },
          );
        });
        it("jvp matches central differences (at an edge: the rule's convention)", () => {
          fc.assert(fc.property(withSeed, ([d, seed]) => checkJvp(d, seed, tol)), { numRuns });
        });
        it("vjp and jvp satisfy the dot-product identity", () => {
          fc.assert(fc.property(withSeed, ([d, seed]) => checkDotProduct(d, seed, tol)), { numRuns });
        });
        it("jvp of grad matches central differences of grad", () => {
          fc.assert(fc.property(withSeed, ([d, seed]) => checkSecondOrder(d, seed, tol)), { numRuns });
        });
        it("eager equals evalJaxpr(makeJaxpr(f)); the gradient IR typechecks", () => {
          fc.assert(fc.property(withSeed, ([d, seed]) => checkJaxpr(c.prim, d, seed, true)), { numRuns });
        });
        it("vmap equals a loop", () => {
          fc.assert(fc.property(withSeed, ([d, seed]) => checkVmap(d, seed)), { numRuns });
        });
      } else if (c.kind === "sampler") {
        it("value matches a plain-JS reference", () => {
          fc.assert(fc.property(c.arb, (d) => expectSame(d.f(...d.xs), d.expected!(), "f(xs) vs reference")), { numRuns });
        });
        it("jvp matches the reference tangent (implicit reparameterization)", () => {
          fc.assert(
            fc.property(withSeed, ([d, seed]) => {
              const next = rng(seed);
              const ts = d.xs.map((x) => randomLike(x, next));
              const [, ty] = jvp(d.f, d.xs, ts);
              const want = c.tangent(d, ts);
              expectClose(ty, want, c.rtol, c.rtol * Math.max(1e-300, maxAbs([want])), "jvp tangent vs reference tangent");
            }),
            { numRuns },
          );
        });
        it("vjp and jvp satisfy the dot-product identity", () => {
          fc.assert(fc.property(withSeed, ([d, seed]) => checkDotProduct(d, seed, F64)), { numRuns });
        });
        it("eager equals evalJaxpr(makeJaxpr(f)); the gradient IR typechecks", () => {
          fc.assert(fc.property(withSeed, ([d, seed]) => checkJaxpr(c.prim, d, seed, true)), { numRuns });
        });
        it("vmap equals a loop", () => {
          fc.assert(fc.property(withSeed, ([d, seed]) => checkVmap(d, seed)), { numRuns });
        });
      } else {
        it("value matches a plain-JS reference", () => {
          fc.assert(
            fc.property(c.arb, (d) => {
              if (d.expected === undefined) fail(`value case ${c.name} drew no reference`);
              expectSame(d.f(...d.xs), d.expected(), "f(xs) vs reference");
            }),
            { numRuns },
          );
        });
        it("has a zero jvp tangent and passes a zero gradient", () => {
          fc.assert(fc.property(withSeed, ([d, seed]) => checkZeroDerivative(d, seed)), { numRuns });
        });
        it("eager equals evalJaxpr(makeJaxpr(f)); the gradient IR typechecks", () => {
          fc.assert(fc.property(withSeed, ([d, seed]) => checkJaxpr(c.prim, d, seed, false)), { numRuns });
        });
        it("vmap equals a loop", () => {
          fc.assert(fc.property(withSeed, ([d, seed]) => checkVmap(d, seed)), { numRuns });
        });
      }
    });
  }
}
