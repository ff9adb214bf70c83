/**
 * Shared helpers of the transform property tests (not a spec file): a seeded
 * PRNG for tensor data (fast-check draws shapes, options and one seed, so
 * counterexamples print small), `toBeAllclose` with shape and dtype checks, the loop
 * reference of `vmap`, and dense numerical Jacobians.
 */
import fc from "fast-check";
import { expect } from "vitest";
import { allocate, type DType } from "../../lib/array/dtype.ts";
import { ConcreteTensor, type Tensor } from "../../lib/core/tensor.ts";
import { grad, jvp, np, numericalGrad, numericalJvp, tree } from "../../lib/index.ts";

// random data

/** mulberry32: a small seeded PRNG in [0, 1) (shared with the primitive suite). */
import { rng } from "../primitives/harness.ts";
export { rng };

export const sizeOf = (shape: readonly number[]): number => shape.reduce((n, d) => n * d, 1);

/** A concrete tensor of `shape` whose elements are `elem(next)`. */
export function tensorOf(shape: readonly number[], dtype: DType, elem: (next: () => number) => number, next: () => number): ConcreteTensor {
  const n = sizeOf(shape);
  const data = allocate(dtype, n);
  for (let i = 0; i < n; i++) data[i] = elem(next);
  return new ConcreteTensor(data, shape.slice(), dtype);
}

/** Uniform reals in [lo, hi). */
export const uniform = (lo: number, hi: number) => (next: () => number) => lo + (hi - lo) * next();

/** A float64 tensor uniform in [lo, hi) from `seed`. */
export function randTensor(shape: readonly number[], seed: number, lo = -1, hi = 1, dtype: DType = "float64"): ConcreteTensor {
  return tensorOf(shape, dtype, uniform(lo, hi), rng(seed));
}

/** A shape of rank `minRank..maxRank` with dims `1..maxDim`. */
export function shapeArb(minRank = 0, maxRank = 3, maxDim = 3): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: 1, max: maxDim }), { minLength: minRank, maxLength: maxRank });
}

export const seedArb = fc.integer({ min: 0, max: 0x7fffffff });

// comparisons

/** `f64[2,3]`. */
export function avalStr(x: { readonly shape: readonly number[]; readonly dtype: string }): string {
  const short: Record<string, string> = { float64: "f64", float32: "f32", int32: "i32", bool: "bool" };
  return `${short[x.dtype] ?? x.dtype}[${x.shape.join(",")}]`;
}

function concrete(x: unknown, what: string): ConcreteTensor {
  if (x instanceof ConcreteTensor) return x;
  if (typeof x === "number" || typeof x === "boolean" || Array.isArray(x)) return np.asarray(x as never) as ConcreteTensor;
  throw new Error(`${what}: expected a concrete tensor, got ${String(x)}`);
}

/** The structure of a tree and each leaf's aval (`f64[2,3]`, or just the shape when `dtype` is false). */
function avalTree(x: unknown, dtype: boolean, what: string): unknown {
  const [leaves, def] = tree.flatten(x);
  return { def, leaves: leaves.map((l) => (dtype ? avalStr(concrete(l, what)) : concrete(l, what).shape)) };
}

/**
 * `toBeAllclose` with these tests' default tolerances (rtol = atol = 1e-12),
 * plus what JAX's `assertAllClose` also checks: trees of the same structure,
 * leaves of the same shapes and (unless `dtype: false`) dtypes.
 */
export function expectAllclose(actual: unknown, expected: unknown, opts: { rtol?: number; atol?: number; dtype?: boolean } = {}, what = "value"): void {
  const { rtol = 1e-12, atol = 1e-12, dtype = true } = opts;
  expect(avalTree(actual, dtype, what), `${what}: structure, shapes and dtypes`).toEqual(avalTree(expected, dtype, what));
  expect(actual, what).toBeAllclose(expected, { rtol, atol });
}

// vmap by a loop

/** Element `b` of `x` along `axis`. */
export function indexAxis(x: Tensor, axis: number, b: number): Tensor {
  return x.slice(...(new Array(axis).fill(null) as null[]), b);
}

/**
 * The meaning of `vmap(f, { inAxes, outAxes })(...args)` for flat tensor
 * arguments and a tensor or array-of-tensors output: call `f` on element b
 * of every batched argument, then stack the results along `outAxes`.
 */
export function loopVmap(
  f: (...xs: Tensor[]) => Tensor | Tensor[],
  inAxes: readonly (number | null)[],
  outAxes: number | readonly number[],
  args: readonly Tensor[],
): Tensor | Tensor[] {
  const norm = (a: number, n: number) => (a < 0 ? a + n : a);
  const sizes = args.flatMap((x, i) => (inAxes[i] === null ? [] : [x.shape[norm(inAxes[i]!, x.ndim)]]));
  const size = sizes[0];
  const results: (Tensor | Tensor[])[] = [];
  for (let b = 0; b < size; b++) {
    results.push(f(...args.map((x, i) => (inAxes[i] === null ? x : indexAxis(x, norm(inAxes[i]!, x.ndim), b)))));
  }
  const stackAt = (ys: Tensor[], axis: number) => np.stack(ys, norm(axis, ys[0].ndim + 1));
  if (Array.isArray(results[0])) {
    return (results[0] as Tensor[]).map((_, k) =>
      stackAt(
        results.map((r) => (r as Tensor[])[k]),
        typeof outAxes === "number" ? outAxes : outAxes[k],
      ),
    );
  }
  return stackAt(results as Tensor[], outAxes as number);
}

// Jacobians by central differences

/**
 * The Jacobian of `f` at `args` (w.r.t. the arguments in `argnums`) by
 * `numericalJvp` along every basis direction, as nested JS data: result
 * [outLeaf][inLeaf] is a Float64Array of out.size × in.size, row-major in
 * out.shape ++ in.shape.
 */
export function numericalJacobian(f: (...args: any[]) => unknown, args: readonly unknown[], argnums: readonly number[], eps = 1e-6): Float64Array[][] {
  const inLeaves = argnums.flatMap((a) => tree.leaves(args[a]).map((l) => np.asarray(l as never)));
  const zeroTangents = () => args.map((a) => tree.map((l: unknown) => np.zerosLike(np.asarray(l as never)), a));
  let result: Float64Array[][] | undefined;
  let inIndex = 0;
  for (const a of argnums) {
    const leaves = tree.leaves(args[a]);
    for (let j = 0; j < leaves.length; j++, inIndex++) {
      const x = inLeaves[inIndex];
      for (let k = 0; k < x.size; k++) {
        const ts = zeroTangents();
        const [tl, tdef] = tree.flatten(ts[a]);
        const basis = new Float64Array(x.size);
        basis[k] = 1;
        tl[j] = np.reshape(np.asarray(basis), x.shape);
        ts[a] = tree.unflatten(tdef, tl);
        const [, slopes] = numericalJvp(f, args as unknown[], ts, { eps });
        const outs = tree.leaves(slopes).map((o) => np.asarray(o as never));
        result ??= outs.map((o) => inLeaves.map((l) => new Float64Array(o.size * l.size)));
        outs.forEach((o, oi) => {
          const data = o.toTypedArray();
          for (let r = 0; r < o.size; r++) result![oi][inIndex][r * x.size + k] = data[r];
        });
      }
    }
  }
  return result!;
}

/** Compares a Jacobian tree from jacfwd/jacrev (per output leaf, per input leaf) with `numericalJacobian`'s blocks. */
export function expectJacobianClose(
  jac: unknown,
  numeric: Float64Array[][],
  outShapes: readonly (readonly number[])[],
  inShapes: readonly (readonly number[])[],
  tol: { rtol: number; atol: number },
  what: string,
): void {
  const blocks = tree.leaves(jac).map((b) => concrete(b, what));
  if (blocks.length !== outShapes.length * inShapes.length) throw new Error(`${what}: ${blocks.length} blocks, expected ${outShapes.length}×${inShapes.length}`);
  blocks.forEach((block, n) => {
    const o = Math.floor(n / inShapes.length);
    const i = n % inShapes.length;
    const shape = [...outShapes[o], ...inShapes[i]];
    const expected = new ConcreteTensor(numeric[o][i], shape, "float64");
    expectAllclose(block, expected, tol, `${what} block (out ${o}, in ${i})`);
  });
}

/** Tolerances of derivatives against central differences. */
export const GRAD_TOL = { rtol: 1e-6, atol: 1e-7 };

/** grad (all argnums) and jvp (random tangents) of a scalar `f` match central differences. */
export function checkDerivatives(f: (...xs: Tensor[]) => Tensor, xs: Tensor[], seed: number, what: string): void {
  const argnums = xs.map((_, i) => i);
  expectAllclose(grad(f, { argnums })(...xs), numericalGrad(f, { argnums })(...xs), GRAD_TOL, `grad of ${what}`);
  const ts = xs.map((x, i) => randTensor(x.shape, seed + 17 * i));
  const [y, t] = jvp(f, xs, ts);
  const [y0, t0] = numericalJvp(f, xs, ts);
  expectAllclose(y, y0, {}, `jvp primal of ${what}`);
  expectAllclose(t, t0, GRAD_TOL, `jvp tangent of ${what}`);
}

/** Runs `f` and returns the error it throws (failing if it does not throw). */
export function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error, but the call returned normally");
}
