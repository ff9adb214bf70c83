/**
 * The linear-algebra bench units (issue 10): L1 `np.linalg.solve` of a
 * 256×256 system with one right-hand side, L2 `np.linalg.eigh` of a
 * 256×256 symmetric matrix (values and vectors), L3 the gradient of
 * log|det A| (`slogdet`) for a 128×128 A, which is A⁻ᵀ. Inputs are float32
 * values of a 32-bit LCG (exactly reproducible in the peers' scripts,
 * spec/bench/peers/linalg_*.{mjs,py}, which use the same generator) widened
 * for the float64 variants, so every library solves the same problems.
 *
 * @example
 * const u = makeLinalgUnit("L1", "eager-f64");
 * u.call(); // x[0] of the solve
 */
import { grad, jit, np, type Tensor } from "../../lib/index.ts";

/** The linear-algebra units, in the bench's default run. */
export const LINALG_UNITS = ["L1", "L2", "L3"] as const;
export type LinalgUnit = (typeof LINALG_UNITS)[number];

/** Their titles in the report. */
export const LINALG_TITLES: Record<LinalgUnit, string> = {
  L1: "L1 np.linalg.solve, A 256×256 (a uniform matrix + 16·I), one right-hand side (ms)",
  L2: "L2 np.linalg.eigh of a 256×256 symmetric matrix, eigenvalues and eigenvectors (ms)",
  L3: "L3 grad of slogdet(A)[1] for A 128×128 (the gradient is A⁻ᵀ) (ms)",
};

/** float32(u - 0.5) for a 32-bit LCG state u/2³² (Numerical Recipes' constants), seeded; identical in the peers' scripts. */
export function lcg(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 32 - 0.5;
  }
  return out;
}

/** The inputs of a unit: L1 (A, b), L2 (S), L3 (A). */
export function linalgInputs(unit: LinalgUnit): { n: number; a: Float32Array; b?: Float32Array } {
  const n = unit === "L3" ? 128 : 256;
  const r = lcg(n * n, unit === "L1" ? 41 : unit === "L2" ? 43 : 44);
  if (unit === "L2") {
    // S = (R + Rᵀ) / 2, exact in float32
    const s = new Float32Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s[i * n + j] = (r[i * n + j] + r[j * n + i]) / 2;
    return { n, a: s };
  }
  // A = R + √n I: well conditioned
  const shift = Math.fround(Math.sqrt(n));
  for (let i = 0; i < n; i++) r[i * n + i] += shift;
  return { n, a: r, b: unit === "L1" ? lcg(n, 42) : undefined };
}

/** Σ of the elements, in float64. */
function total(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s;
}

/** One runnable linear-algebra unit (the shape of units.ts's `Unit`). */
export function makeLinalgUnit(unit: LinalgUnit, variant: "eager-f64" | "eager-f32" | "jit-f64" | "jit-f32") {
  const dtype: "float64" | "float32" = variant.endsWith("-f32") ? "float32" : "float64";
  const J = <F extends (...args: any[]) => any>(f: F): F => (variant.startsWith("jit") ? (jit(f) as unknown as F) : f);
  const { n, a, b } = linalgInputs(unit);
  const A = np.array(a, { dtype }).reshape([n, n]);
  let check: Record<string, number> = {};
  if (unit === "L1") {
    const B = np.array(b!, { dtype });
    const solve = J((m: Tensor, v: Tensor) => np.linalg.solve(m, v));
    return {
      dtype,
      call: () => {
        const x = solve(A, B).toTypedArray();
        check = { x0: x[0], sum_x: total(x) };
        return x[0];
      },
      check: () => check,
    };
  }
  if (unit === "L2") {
    const eigh = J((m: Tensor) => np.linalg.eigh(m));
    return {
      dtype,
      call: () => {
        const [w, v] = eigh(A);
        const values = w.toTypedArray();
        check = { w_min: values[0], w_max: values[n - 1], sum_w: total(values), v00_abs: Math.abs(v.toTypedArray()[0]) };
        return values[0];
      },
      check: () => check,
    };
  }
  const gradient = J(grad((m: Tensor) => np.linalg.slogdet(m)[1]));
  return {
    dtype,
    call: () => {
      const g = gradient(A).toTypedArray();
      check = { g00: g[0], sum_g: total(g) };
      return g[0];
    },
    check: () => check,
  };
}
