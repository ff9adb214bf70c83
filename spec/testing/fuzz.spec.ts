/**
 * Fuzzing the transforms with random programs (`arbProgram`): on each
 * program and random inputs, grad agrees with central differences, jvp with
 * vjp, jit with eager evaluation bit for bit (in float64 and float32), vmap
 * with a loop, the jaxpr of grad typechecks and evaluates to grad, and
 * checkGrads passes to order 2. A
 * failure prints the shrunk program as code, with fast-check's seed and path.
 *
 * `npm test` runs a few hundred programs with a fresh seed each time;
 * `npm run fuzz` (scripts/fuzz.mjs) runs thousands. The environment:
 *   FUZZ_RUNS  programs per property (default: the small counts below)
 *   FUZZ_SEED  fast-check seed (default: random, printed on failure)
 *   FUZZ_PATH  fast-check path, with FUZZ_SEED, to replay one counterexample
 */
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import {
  evalJaxpr, grad, hessian, jacfwd, jacrev, jit, jvp, linearize, makeJaxpr, np, numericalGrad, numericalJvp, tree, typecheck, vjp, vmap,
  type DType, type Tensor,
} from "tracegrad";
import { allcloseProblem, arbProgramWithInputs, checkGradsEither, PROGRAM_OPS } from "tracegrad/testing";
import type { PrimName } from "../../lib/core/primitive.ts";
import { primitives } from "../../lib/core/primitives/table.ts";

// setup

const RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : undefined;
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const PATH = process.env.FUZZ_PATH || undefined;

/** fast-check parameters: `n` runs by default, FUZZ_RUNS (scaled by `share`) when fuzzing. */
function params(n: number, share = 1): fc.Parameters<unknown> {
  const numRuns = RUNS === undefined ? n : Math.max(1, Math.round(RUNS * share));
  return { numRuns, ...(SEED === undefined ? {} : { seed: SEED }), ...(PATH === undefined ? {} : { path: PATH }) };
}

/** A test timeout for `n` default runs: generous per program when fuzzing. */
function timeout(n: number, share = 1): number {
  return RUNS === undefined ? 30_000 : Math.max(60_000, RUNS * share * 500);
}

const programs = arbProgramWithInputs();

/**
 * Primitives that no public function binds yet, so no program can reach them (each is covered by the
 * primitive harness, spec/primitives/cases/). One leaves this list when its function joins PROGRAM_OPS.
 */
const NOT_YET_PUBLIC: readonly PrimName[] = [];
/**
 * Primitives no float program can use as the fuzz properties need: the arithmetic right shift works on
 * int32 only (np.rightShift, random.key of an int32 seed); gamma draws differentiate by implicit
 * reparameterization, not as the function of the parameter at a fixed key that central differences
 * measure (their derivative is checked against the CDF in spec/api/cases/random.ts); poisson draws are integers.
 */
const NOT_IN_PROGRAMS: readonly PrimName[] = ["shift_right_arithmetic", "random_gamma", "random_gamma_grad", "random_poisson"];
const argnumsOf = (xs: readonly unknown[]) => xs.map((_, i) => i);

/** Throws with the first disagreement (leaf, worst element, tolerance) unless `actual` ≈ `expected`. */
function close(what: string, actual: unknown, expected: unknown, rtol: number, atol: number): void {
  const problem = allcloseProblem(actual, expected, { rtol, atol, equalNan: false });
  if (problem !== null) throw new Error(`${what}: ${problem}`);
}

/** Throws unless the two trees have equal structure, dtypes and shapes, and every element is the same double (NaN equals NaN; 0 and -0 differ). */
function identical(what: string, actual: unknown, expected: unknown): void {
  const [as, aDef] = tree.flatten(actual);
  const [es, eDef] = tree.flatten(expected);
  if (JSON.stringify(aDef) !== JSON.stringify(eDef)) throw new Error(`${what}: tree structures differ`);
  as.forEach((a, k) => {
    const [x, y] = [a as Tensor, es[k] as Tensor];
    if (x.dtype !== y.dtype || x.shape.join() !== y.shape.join()) throw new Error(`${what}: leaf ${k} is ${x.dtype}[${x.shape}], expected ${y.dtype}[${y.shape}]`);
    const u = x.toTypedArray();
    const v = y.toTypedArray();
    for (let i = 0; i < u.length; i++) {
      if (!Object.is(u[i], v[i])) throw new Error(`${what}: leaf ${k} element ${i} is ${u[i]}, expected ${v[i]} (difference ${u[i] - v[i]})`);
    }
  });
}

const dotAll = (a: readonly Tensor[], b: readonly Tensor[]) => {
  let sum = 0;
  let abs = 0;
  a.forEach((x, i) => {
    const u = x.toTypedArray();
    const v = b[i].toTypedArray();
    for (let k = 0; k < u.length; k++) {
      sum += u[k] * v[k];
      abs += Math.abs(u[k] * v[k]);
    }
  });
  return { sum, abs };
};

/** A tensor of `shape` that is `d` at flat index `k` and 0 elsewhere (a step along one element). */
function basisStep(shape: readonly number[], k: number, d: number): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return np.reshape(np.array(Array.from({ length: size }, (_, j) => (j === k ? d : 0))), shape);
}

/**
 * Whether `f` (a program: scalar out) has no jump at `xs` that central differences would straddle: along each input
 * element, the forward and backward differences of step `h` agree. A program can be discontinuous at every input:
 * `take(a, argmax(v))` where v's elements are equal by construction (the variances of the columns of x[:, None] + y[None, :])
 * picks its row by rounding, and a difference quotient across the switch is the jump ÷ h (a false failure, not a
 * wrong gradient: there is no derivative there to compare with). Smooth functions pass with a wide margin (the two
 * one-sided differences differ by about h·|f''|).
 */
function jumpFree(f: (...xs: Tensor[]) => Tensor, xs: readonly Tensor[], h = 1e-6): boolean {
  const f0 = f(...xs).item();
  return xs.every((x, i) =>
    Array.from({ length: x.size }, (_, k) => k).every((k) => {
      const at = (d: number) => {
        const step = basisStep(x.shape, k, d);
        return f(...xs.map((y, m) => (m === i ? np.add(y, step) : y))).item();
      };
      const forward = (at(h) - f0) / h;
      const backward = (f0 - at(-h)) / h;
      return Math.abs(forward - backward) <= 1e-3 * (1 + Math.abs(forward) + Math.abs(backward));
    }),
  );
}

/** `x[..., b, ...]` with the index at `axis`. */
const pick = (x: Tensor, axis: number, b: number) => x.slice(...Array.from({ length: axis }, () => null), b);

// properties

describe("fuzz: transforms agree on random programs", () => {
  it("grad equals numericalGrad", () => {
    fc.assert(
      fc.property(programs, ([p, xs]) => {
        fc.pre(jumpFree(p.run, xs));
        const argnums = argnumsOf(xs);
        const g = grad(p.run, { argnums })(...xs);
        const n = numericalGrad(p.run, { argnums })(...xs);
        close("grad vs numericalGrad", g, n, 1e-5, 1e-6);
      }),
      params(120),
    );
  }, timeout(120));

  it("jvp agrees with vjp: ⟨vjp(1), t⟩ = jvp(t), and both give f(x)", () => {
    fc.assert(
      fc.property(programs, fc.nat(), ([p, xs], seed) => {
        const tangents = p.randomInputs(seed + 1);
        const [y1, ty] = jvp(p.run, xs, tangents);
        const [y2, pull] = vjp(p.run, ...xs);
        const y = p.run(...xs);
        close("jvp primal vs f", y1, y, 1e-12, 1e-12);
        close("vjp primal vs f", y2, y, 1e-12, 1e-12);
        const cts = pull(np.array(1)) as Tensor[];
        const { sum, abs } = dotAll(cts, tangents);
        const t = ty.item();
        if (!(Math.abs(sum - t) <= 1e-9 * abs + 1e-12)) {
          throw new Error(`⟨vjp(1), t⟩ = ${sum} but jvp(t) = ${t} (difference ${Math.abs(sum - t)})`);
        }
      }),
      params(120),
    );
  }, timeout(120));

  it("jit(f) and jit(grad f) equal eager f and grad f bit for bit, in float64 and float32", () => {
    fc.assert(
      fc.property(programs, fc.constantFrom<DType>("float64", "float32"), ([p, xs64], dtype) => {
        // the same program over float32 inputs computes in float32 (JS numbers are weakly typed)
        const xs = xs64.map((x) => x.astype(dtype));
        const argnums = argnumsOf(xs);
        identical(`jit(f) vs f (${dtype})`, jit(p.run)(...xs), p.run(...xs));
        identical(`jit(grad f) vs grad f (${dtype})`, jit(grad(p.run, { argnums }))(...xs), grad(p.run, { argnums })(...xs));
      }),
      params(160),
    );
  }, timeout(160));

  it("vmap(f) and vmap(grad f) over a batch equal a loop", () => {
    const batched = fc.tuple(programs, fc.nat(), fc.array(fc.nat({ max: 2 }), { minLength: 3, maxLength: 3 }));
    fc.assert(
      fc.property(batched, ([[p, xs], seed, choices]) => {
        const B = 3;
        const rows = Array.from({ length: B }, (_, b) => p.randomInputs(seed * 31 + b));
        // per input: batched along axis 0, along its last axis, or not batched (null); at least one batched
        const inAxes = xs.map((x, i) => (choices[i] === 2 && i > 0 ? null : choices[i] === 1 ? x.ndim : 0));
        const args = xs.map((_, i) => (inAxes[i] === null ? rows[0][i] : np.stack(rows.map((r) => r[i]), inAxes[i]!)));
        const slice = (b: number) => args.map((a, i) => (inAxes[i] === null ? a : pick(a, inAxes[i]!, b)));
        const argnums = argnumsOf(xs);
        const loopF = np.stack(Array.from({ length: B }, (_, b) => p.run(...slice(b))));
        close(`vmap(f, inAxes ${JSON.stringify(inAxes)}) vs loop`, vmap(p.run, { inAxes })(...args), loopF, 1e-10, 1e-12);
        const loopG = Array.from({ length: B }, (_, b) => grad(p.run, { argnums })(...slice(b)) as Tensor[]);
        const stacked = argnums.map((i) => np.stack(loopG.map((g) => g[i])));
        const vg = vmap(grad(p.run, { argnums }), { inAxes });
        close(`vmap(grad f, inAxes ${JSON.stringify(inAxes)}) vs loop`, vg(...args), stacked, 1e-10, 1e-12);
        close(`jit(vmap(grad f)) vs vmap(grad f)`, jit(vg)(...args), stacked, 1e-10, 1e-12);
      }),
      params(100),
    );
  }, timeout(100));

  it("linearize agrees with jvp, and vmap over tangents of its linear map with a loop", () => {
    fc.assert(
      fc.property(programs, fc.nat(), ([p, xs], seed) => {
        const tangents = Array.from({ length: 3 }, (_, b) => p.randomInputs(seed * 17 + b));
        const [y, fJvp] = linearize(p.run, ...xs);
        close("linearize primal vs f", y, p.run(...xs), 1e-12, 1e-12);
        const each = tangents.map((t) => jvp(p.run, xs, t)[1]);
        tangents.forEach((t, b) => close("linearize's jvp vs jvp", fJvp(...t), each[b], 1e-10, 1e-12));
        const stackedT = xs.map((_, i) => np.stack(tangents.map((t) => t[i])));
        close("vmap(linearized jvp) vs loop", vmap(fJvp)(...stackedT), np.stack(each), 1e-10, 1e-12);
        close("vmap(jvp over tangents) vs loop", vmap((...t: Tensor[]) => jvp(p.run, xs, t)[1])(...stackedT), np.stack(each), 1e-10, 1e-12);
      }),
      params(60),
    );
  }, timeout(60));

  it("hessian equals jacrev(jacfwd f), is symmetric, and matches central differences of grad", () => {
    const small = arbProgramWithInputs({ maxStatements: 6, inputShape: { maxRank: 2, maxDim: 3 } });
    fc.assert(
      fc.property(small, ([p, xs]) => {
        const h = hessian(p.run)(...xs);
        const n = xs[0].size;
        expect(h.shape).toEqual([...xs[0].shape, ...xs[0].shape]);
        close("hessian vs jacrev(jacfwd f)", h, jacrev(jacfwd(p.run))(...xs), 1e-9, 1e-11);
        const square = np.reshape(h, [n, n]);
        close("hessian vs its transpose", square, np.transpose(square), 1e-9, 1e-11);
        // column i: central differences of grad along the i-th basis vector
        const g = (z: Tensor) => grad(p.run)(z, ...xs.slice(1));
        const columns = Array.from({ length: n }, (_, i) => {
          const e = basisStep(xs[0].shape, i, 1);
          return np.reshape(numericalJvp(g, [xs[0]], [e])[1], [n]);
        });
        close("hessian vs central differences of grad", square, n === 0 ? square : np.stack(columns, 1), 1e-5, 1e-6);
      }),
      params(60, 0.5),
    );
  }, timeout(60, 0.5));

  it("makeJaxpr(grad f) typechecks and evalJaxpr of it equals grad f", () => {
    fc.assert(
      fc.property(programs, ([p, xs]) => {
        const argnums = argnumsOf(xs);
        const g = grad(p.run, { argnums });
        const closed = makeJaxpr(g)(...xs);
        const checked = typecheck(closed);
        if (E.isLeft(checked)) throw new Error(`typecheck: ${checked.left.message}\n${closed}`);
        const forward = typecheck(makeJaxpr(p.run)(...xs));
        if (E.isLeft(forward)) throw new Error(`typecheck of f: ${forward.left.message}`);
        close("evalJaxpr(makeJaxpr(grad f)) vs grad f", evalJaxpr(closed, ...xs), tree.leaves(g(...xs)), 1e-10, 1e-12);
      }),
      params(100),
    );
  }, timeout(100));

  it("checkGrads passes to order 2 (fwd and rev)", () => {
    const small = arbProgramWithInputs({ maxStatements: 5 });
    fc.assert(
      fc.property(small, fc.nat(), ([p, xs], seed) => {
        fc.pre(jumpFree(p.run, xs));
        const result = checkGradsEither(p.run, xs, { order: 2, seed });
        if (E.isLeft(result)) throw new Error(result.left.message);
      }),
      params(40, 0.2),
    );
  }, timeout(40, 0.2));
});

describe("jumpFree, the precondition of the central-difference properties", () => {
  // found by FUZZ_SEED=1455068504 FUZZ_RUNS=20000: both variances equal by construction, so argmax picks a row by rounding
  const tied = (v0: Tensor, v1: Tensor): Tensor => {
    const v2 = np.stack([v1, np.mean(v0, [0, 1])], 0);
    const v3 = np.add(v0, v2);
    const v5 = np.negative(np.multiply(np.var(np.multiply(v3, 0.5), 0), 0.5));
    return np.sum(np.add(np.take(v3, np.argmax(v5, 0), 0), v5));
  };
  const inputs = [np.array([[1.0897466111928225], [-1.1973577612312511]]), np.array(0.8828937654616311)];

  it("rejects a program that jumps at its inputs, and central differences there are the jump ÷ the step", () => {
    expect(jumpFree(tied, inputs)).toBe(false);
    const n = numericalGrad(tied, { argnums: [0, 1] })(inputs[0], inputs[1]);
    expect(Math.max(...n.flatMap((t) => Array.from(t.toTypedArray(), Math.abs)))).toBeGreaterThan(1e4);
  });

  it("accepts smooth programs, kinks away from the inputs included", () => {
    expect(jumpFree((x: Tensor, y: Tensor) => np.sum(np.multiply(np.tanh(x), np.exp(y))), inputs)).toBe(true);
    expect(jumpFree((x: Tensor) => np.sum(np.maximum(x, 0)), [np.array([0.3, -0.7, 1.2])])).toBe(true);
  });
});

describe("arbProgram coverage", () => {
  it("reaches every primitive of the table, in f, grad f or the tangent of jvp f", () => {
    const seen = new Set<string>();
    const ops = new Set<string>();
    for (const [p, xs] of fc.sample(programs, { numRuns: 400, seed: 20240611 })) {
      p.ops.forEach((op) => ops.add(op));
      // jvp: where a rule's forward-mode primitive (select_and_gather_add for max pooling) lives; grad transposes it away
      const tangent = (...ys: Tensor[]) => jvp(p.run, ys, ys)[1];
      for (const f of [p.run, grad(p.run, { argnums: argnumsOf(xs) }), tangent]) {
        for (const eqn of makeJaxpr(f)(...xs).jaxpr.eqns) seen.add(eqn.primitive.name);
      }
    }
    const missing = Object.keys(primitives).filter((name) => !seen.has(name) && !NOT_YET_PUBLIC.includes(name as PrimName) && !NOT_IN_PROGRAMS.includes(name as PrimName));
    expect(missing, `primitives no program reaches (add them to PROGRAM_OPS in lib/testing/program/expr.ts and BUILDERS in lib/testing/program/builders.ts): ${missing.join(", ")}`).toEqual([]);
    expect(PROGRAM_OPS.filter((op) => !ops.has(op))).toEqual([]);
    // the list stays true: a listed primitive that programs reach must leave it
    expect(NOT_YET_PUBLIC.filter((name) => seen.has(name) || !(name in primitives))).toEqual([]);
    expect(NOT_IN_PROGRAMS.filter((name) => seen.has(name) || !(name in primitives))).toEqual([]);
  }, 30_000);

  it("prints programs as code that names each statement", () => {
    // a seed whose v2 is an np/nn call (which seed gives which op depends on PROGRAM_OPS: 7 gave a method call once the window ops joined)
    const [[p]] = fc.sample(arbProgramWithInputs({ inputShapes: [[2, 3], [3]], minStatements: 3 }), { numRuns: 1, seed: 8 });
    const text = p.toString();
    expect(text).toContain("// inputs: v0: f64[2,3], v1: f64[3]");
    expect(text).toContain("(v0: Tensor, v1: Tensor): Tensor => {");
    // a call of the library (np.linalg.slogdet, random.permutation, …) or a method of an earlier statement
    expect(text).toMatch(/const v2 = ((np|nn|special|random)(\.\w+)+|v\d+(\.\w+\([^)]*\))*\.\w+)\(/);
    expect(text).toMatch(/return np\.(sum|add)\(/);
    expect(fc.stringify(p)).toBe(text);
  });
});

