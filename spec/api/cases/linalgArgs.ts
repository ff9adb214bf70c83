/**
 * Random matrix arguments for the linear-algebra rows: each draws a seed
 * and builds a stack from uniform entries (no ties, no fast-check edge
 * values), shaped so that the function is smooth there: shifted by a
 * multiple of I (well conditioned), symmetric positive definite, symmetric
 * with eigenvalues at least 0.4 apart, or with singular values at least
 * 0.2 apart and 0.6 from zero.
 */
import fc from "fast-check";
import { np, type Tensor } from "../../../lib/index.ts";
import { rng } from "../../primitives/arbitraries.ts";
import { custom, type ArgSpec } from "../harness.ts";

const seeds = fc.integer({ min: 1, max: 0x7fffffff });

function seeded(shape: readonly number[], make: (next: () => number) => Tensor): ArgSpec {
  return custom(shape, "float64", seeds.map((seed) => make(rng(seed))));
}

/** Entries uniform in [lo, hi). */
export function uniformTensor(next: () => number, shape: readonly number[], lo = -1, hi = 1): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return np.array(Float64Array.from({ length: size }, () => lo + (hi - lo) * next())).reshape([...shape]);
}

const order = (shape: readonly number[]) => shape[shape.length - 1];
const swap = (x: Tensor) => np.swapaxes(x, -1, -2);

/** Uniform entries in [lo, hi) (default [-1, 1)): no ties, so maxima and sorts are away from their kinks. */
export const general = (shape: readonly number[], lo = -1, hi = 1): ArgSpec => seeded(shape, (next) => uniformTensor(next, shape, lo, hi));

/** Uniform [-1, 1) plus (n + 1)·I: diagonally dominant, so well conditioned. */
export const shifted = (shape: readonly number[]): ArgSpec =>
  seeded(shape, (next) => np.add(uniformTensor(next, shape), np.multiply(np.eye(order(shape)), order(shape) + 1)));

/** B Bᵀ + I: symmetric positive definite. */
export const spd = (shape: readonly number[]): ArgSpec =>
  seeded(shape, (next) => {
    const b = uniformTensor(next, shape);
    return np.add(np.matmul(b, swap(b)), np.eye(order(shape)));
  });

/** diag(1, 2, …, n) + a symmetric perturbation below 0.1 per entry: eigenvalues at least 0.4 apart. */
export const gappedSymmetric = (shape: readonly number[]): ArgSpec =>
  seeded(shape, (next) => {
    const r = uniformTensor(next, shape, -0.05, 0.05);
    const n = order(shape);
    return np.add(np.add(r, swap(r)), np.multiply(np.eye(n), np.arange(1, n + 1)));
  });

/** A rectangular diag(1, 2, …) + 0.1·uniform: singular values at least 0.2 apart and above 0.6. */
export const gappedRectangular = (shape: readonly number[]): ArgSpec =>
  seeded(shape, (next) => {
    const [m, n] = shape.slice(-2);
    const k = Math.min(m, n);
    const d = np.multiply(np.eye(m, n), np.concatenate([np.arange(1, k + 1), np.zeros([n - k])]));
    return np.add(d, uniformTensor(next, shape, -0.1, 0.1));
  });
