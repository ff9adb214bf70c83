/**
 * Cases for the dense linear-algebra primitives: cholesky, triangular_solve
 * (every option, linear in B), lu (with its integer outputs),
 * lu_pivots_to_permutation (value), qr (tall, square, wide), eigh and svd
 * (through sign-invariant functions of the vectors, on matrices whose
 * eigenvalue / singular-value gaps keep the derivatives well defined),
 * expm and expm_frechet (linear in E).
 *
 * Matrices come from a drawn seed (uniform entries, so no ties between
 * pivot candidates), stacked over 0–2 leading dims. Each f maps any matrix
 * of its inputs' range into the primitive's domain (a shift by a multiple of
 * I for the solves, S + x/10 for cholesky), so the rotated inputs of the
 * vmap property stay valid.
 */
import fc from "fast-check";
import * as ops from "../../../lib/core/ops.ts";
import { eye, matmul, mT, symmetricFrom } from "../../../lib/core/primitives/matrices.ts";
import { eigh as eighKernel, svd as svdKernel } from "../../../lib/kernels/linalg/index.ts";
import { dataOf, type ConcreteTensor, type Tensor } from "../../../lib/core/tensor.ts";
import { avalStr, draw, rng, tensor, type Case, type Draw, type Expected } from "../harness.ts";

// data

/** A stack [...lead, m, n] with entries uniform in [lo, hi) from `next`. */
function randomStack(next: () => number, shape: readonly number[], lo = -1, hi = 1): ConcreteTensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tensor(Array.from({ length: size }, () => lo + (hi - lo) * next()), shape);
}

const leadArb = fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 0, maxLength: 2 });
const dimArb = fc.integer({ min: 1, max: 4 });
const seedArb = fc.integer({ min: 1, max: 0x7fffffff });

/** Flattens the last two axes and joins the parts along the last axis: one output for several. */
function joined(parts: readonly Tensor[], lead: number): Tensor {
  return ops.concatenate(parts.map((p) => ops.reshape(p, [...p.shape.slice(0, lead), p.size / p.shape.slice(0, lead).reduce((a, b) => a * b, 1)])), lead);
}

/** `x + c·I` for each matrix of the stack. */
function shifted(x: Tensor, c: number): Tensor {
  return ops.add(x, ops.mulScalar(eye(x.shape[x.ndim - 1], x.dtype), c));
}

/** The smallest gap between sorted values of each row of `values` ([batch, k]), and the smallest value. */
function gaps(values: ArrayLike<number>, k: number): { gap: number; least: number } {
  let gap = Infinity;
  let least = Infinity;
  for (let b = 0; b < values.length / k; b++) {
    const row = Array.from(values).slice(b * k, (b + 1) * k).sort((p, q) => p - q);
    for (let i = 0; i < k; i++) least = Math.min(least, Math.abs(row[i]));
    for (let i = 1; i < k; i++) gap = Math.min(gap, row[i] - row[i - 1]);
  }
  return { gap, least };
}

/** The symmetric matrices a kernel reading the `lower` (or upper) triangle sees, as one Float64Array. */
function symmetricData(x: ConcreteTensor, lower: boolean): Float64Array {
  return dataOf(symmetricFrom(x, lower) as ConcreteTensor) as Float64Array;
}

// cases

const cholesky: Case = {
  kind: "diff",
  prim: "cholesky",
  name: "cholesky of S + x/10 (x read through its lower triangle)",
  arb: fc.tuple(leadArb, dimArb, seedArb).map(([lead, n, seed]) => {
    const next = rng(seed);
    // S = (n + 1) I + a symmetric perturbation: diagonally dominant, so S + x/10 stays positive definite
    const b = randomStack(next, [n, n], -0.5, 0.5);
    const s = shifted(ops.mulScalar(ops.add(b, mT(b)), 0.5), n + 1);
    const x = randomStack(next, [...lead, n, n]);
    return draw(`cholesky(S + ${avalStr(x)}/10)`, (t) => ops.cholesky(ops.add(s, ops.mulScalar(t, 0.1))), [x]);
  }),
};

const choleskyGram: Case = {
  kind: "diff",
  prim: "cholesky",
  name: "cholesky of x xᵀ + I",
  arb: fc.tuple(leadArb, dimArb, seedArb).map(([lead, n, seed]) => {
    const x = randomStack(rng(seed), [...lead, n, n]);
    return draw(`cholesky(x xᵀ + I), x ${avalStr(x)}`, (t) => ops.cholesky(shifted(matmul(t, mT(t)), 1)), [x]);
  }),
};

const triangularSolve: Case = {
  kind: "diff",
  prim: "triangular_solve",
  name: "triangular_solve (every option; A, B or both varying)",
  arb: fc
    .tuple(leadArb, dimArb, dimArb, seedArb, fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(), fc.constantFrom("both", "a", "b"))
    .map(([lead, m, n, seed, leftSide, lower, transposeA, unitDiagonal, mode]) => {
      const next = rng(seed);
      const k = leftSide ? m : n;
      const a = randomStack(next, [...lead, k, k]);
      const b = randomStack(next, [...lead, m, n]);
      const params = { leftSide, lower, transposeA, unitDiagonal };
      // a diagonal of k + 1 ± 1 keeps op(A) well conditioned
      const solve = (x: Tensor, y: Tensor) => ops.triangularSolve(shifted(x, k + 1), y, params);
      const desc = `triangular_solve(${avalStr(a)}, ${avalStr(b)}, ${JSON.stringify(params)}) varying ${mode}`;
      if (mode === "a") return draw(desc, (x) => solve(x, b), [a]);
      if (mode === "b") return draw(desc, (y) => solve(a, y), [b]);
      return draw(desc, solve, [a, b]);
    }),
};

const lu: Case = {
  kind: "diff",
  prim: "lu",
  name: "lu (packed factors and the permutation, tall, square and wide)",
  arb: fc.tuple(leadArb, dimArb, dimArb, seedArb).map(([lead, m, n, seed]) => {
    const x = randomStack(rng(seed), [...lead, m, n]);
    const f = (t: Tensor) => {
      const [packed, , permutation] = ops.lu(t);
      return ops.concatenate([packed, ops.reshape(ops.convert(permutation, t.dtype), [...permutation.shape, 1])], t.ndim - 1);
    };
    return draw(`lu(${avalStr(x)})`, f, [x]);
  }),
};

/** Plain-JS reference: the swaps i ↔ pivots[i] applied in order to 0..size-1. */
function permutationRef(pivots: number[], k: number, size: number, lead: readonly number[]): Expected {
  const count = lead.reduce((a, b) => a * b, 1);
  const data: number[] = [];
  for (let b = 0; b < count; b++) {
    const perm = Array.from({ length: size }, (_, i) => i);
    for (let i = 0; i < k; i++) {
      const j = pivots[b * k + i];
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    data.push(...perm);
  }
  return { shape: [...lead, size], dtype: "int32", data };
}

const pivotsToPermutation: Case = {
  kind: "value",
  prim: "lu_pivots_to_permutation",
  name: "lu_pivots_to_permutation",
  // x in [0, 1) picks pivot i + ⌊x (size - i)⌋ ∈ [i, size), valid for any x in range (rotated ones too)
  arb: fc.tuple(leadArb, fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 2 }), seedArb).map(([lead, k, extra, seed]) => {
    const size = k + extra;
    const x = randomStack(rng(seed), [...lead, k], 0, 0.999);
    const iota = tensor(Array.from({ length: k }, (_, i) => i), [k]);
    const room = tensor(Array.from({ length: k }, (_, i) => size - i), [k]);
    const pivotsOf = (t: Tensor) => ops.convert(ops.add(iota, ops.floor(ops.mul(t, room))), "int32");
    const expected = () => {
      const pivots = Array.from(dataOf(x), (v, i) => (i % k) + Math.floor(v * (size - (i % k))));
      return permutationRef(pivots, k, size, lead);
    };
    return draw(`lu_pivots_to_permutation(${avalStr(x)}, ${size})`, (t) => ops.luPivotsToPermutation(pivotsOf(t), size), [x], expected);
  }),
};

const qr: Case = {
  kind: "diff",
  prim: "qr",
  name: "qr (reduced, and complete where Q is square)",
  arb: fc.tuple(leadArb, dimArb, dimArb, seedArb, fc.boolean()).map(([lead, m, n, seed, complete]) => {
    const x = randomStack(rng(seed), [...lead, m, n]);
    const fullMatrices = complete && m <= n;
    const f = (t: Tensor) => joined(ops.qr(t, fullMatrices), lead.length);
    return draw(`qr(${avalStr(x)}, fullMatrices=${fullMatrices})`, f, [x]);
  }),
};

/** Draws whose spectra keep gaps of at least `minGap` (and, for svd, singular values at least that large). */
function spectralArb(square: boolean, minGap: number): fc.Arbitrary<[number[], number, number, ConcreteTensor, boolean]> {
  return fc
    .tuple(leadArb, dimArb, dimArb, seedArb, fc.boolean())
    .map(([lead, m, n, seed, flag]): [number[], number, number, ConcreteTensor, boolean] => {
      const cols = square ? m : n;
      return [lead, m, cols, randomStack(rng(seed), [...lead, m, cols]), flag];
    })
    .filter(([lead, m, n, x, lower]) => {
      const count = lead.reduce((a, b) => a * b, 1);
      const k = Math.min(m, n);
      if (square) {
        const { values } = eighKernel(symmetricData(x, lower), count, m, { computeVectors: false });
        return gaps(values, k).gap >= minGap;
      }
      const { s } = svdKernel(dataOf(x) as Float64Array, count, m, n, { computeUv: false });
      const { gap, least } = gaps(s, k);
      return gap >= minGap && least >= minGap;
    });
}

const eigh: Case = {
  kind: "diff",
  prim: "eigh",
  name: "eigh (values, and squared vectors: sign-invariant), either triangle",
  arb: spectralArb(true, 0.05).map(([lead, , , x, lower]) => {
    const f = (t: Tensor) => {
      const [v, w] = ops.eigh(t, lower);
      return joined([ops.mul(v, v), w], lead.length);
    };
    return draw(`eigh(${avalStr(x)}, lower=${lower})`, f, [x]);
  }),
};

const svd: Case = {
  kind: "diff",
  prim: "svd",
  name: "svd (values, and squared singular vectors), tall, square and wide",
  arb: spectralArb(false, 0.05).map(([lead, m, n, x, vectors]) => {
    const fullMatrices = vectors && m === n;
    const f = (t: Tensor) => {
      const outs = ops.svd(t, fullMatrices, vectors);
      return joined(outs.map((o, i) => (i === 0 ? o : ops.mul(o, o))), lead.length);
    };
    return draw(`svd(${avalStr(x)}, fullMatrices=${fullMatrices}, computeUv=${vectors})`, f, [x]);
  }),
};

const expm: Case = {
  kind: "diff",
  prim: "expm",
  name: "expm",
  arb: fc.tuple(leadArb, dimArb, seedArb).map(([lead, n, seed]) => {
    const x = randomStack(rng(seed), [...lead, n, n]);
    return draw(`expm(${avalStr(x)})`, (t) => ops.expm(t), [x]);
  }),
};

const expmFrechet: Case = {
  kind: "diff",
  prim: "expm_frechet",
  name: "expm_frechet (A, E or both varying)",
  arb: fc.tuple(leadArb, dimArb, seedArb, fc.constantFrom("both", "a", "e")).map(([lead, n, seed, mode]): Draw => {
    const next = rng(seed);
    const a = randomStack(next, [...lead, n, n]);
    const e = randomStack(next, [...lead, n, n]);
    const desc = `expm_frechet(${avalStr(a)}, ${avalStr(e)}) varying ${mode}`;
    if (mode === "a") return draw(desc, (x) => ops.expmFrechet(x, e), [a]);
    if (mode === "e") return draw(desc, (y) => ops.expmFrechet(a, y), [e]);
    return draw(desc, (x, y) => ops.expmFrechet(x, y), [a, e]);
  }),
};

export const decompositionCases: Case[] = [cholesky, choleskyGram, triangularSolve, lu, pivotsToPermutation, qr, eigh, svd, expm, expmFrechet];
