/**
 * Builders of the linear-algebra program ops (`solve inv det slogdet
 * cholesky qr eigvalsh svdvals expm luSolve`). Each turns its operand into a
 * stack of k×k matrices S (the operand itself when its last two dims are
 * equal, else its Gram product x xᵀ, an outer product for a vector, a 1×1
 * matrix for a scalar), scales S so that every row sums to at most 1/2 in
 * absolute value, and adds a diagonal that keeps the function smooth and
 * well conditioned: I for the solves, LU, Cholesky and QR (cond ≤ 3, fixed
 * pivots and Householder signs), diag(0, 2, 4, …) for eigvalsh and
 * diag(1, 3, 5, …) for svdvals (gaps ≥ 1, singular values ≥ 1/2), so
 * gradients and Hessians of random programs are finite and accurate.
 */
import { np, scipyLinalg } from "../../index.ts";
import { call, exactly, fits, lit, npc, scaled, type Builder, type Expr, type Operand } from "./expr.ts";

/** The linear-algebra op kinds (part of `PROGRAM_OPS`). */
export const LINALG_OPS = ["solve", "inv", "det", "slogdet", "cholesky", "qr", "eigvalsh", "svdvals", "expm", "luSolve"] as const;
export type LinalgOp = (typeof LINALG_OPS)[number];

const linalg = (name: keyof typeof np.linalg, ...args: Parameters<typeof call>[2]): Expr =>
  call(`np.linalg.${name}`, np.linalg[name] as (...a: any[]) => unknown, args);
const scipy = (name: keyof typeof scipyLinalg, ...args: Parameters<typeof call>[2]): Expr =>
  call(`scipyLinalg.${name}`, scipyLinalg[name] as (...a: any[]) => unknown, args);

/** `expr[index]` of an expression that returns a tuple. */
function item(expr: Expr, index: number): Expr {
  return { code: (n) => `${expr.code(n)}[${index}]`, run: (v) => expr.run(v)[index] };
}

/** A stack of square matrices from any operand (see the module comment), with its order k. */
function squareOf(x: Operand): { s: Operand; k: number } {
  const r = x.shape.length;
  if (r >= 2 && x.shape[r - 1] === x.shape[r - 2]) return { s: x, k: x.shape[r - 1] };
  if (r >= 2) {
    const m = x.shape[r - 2];
    const t = npc("swapaxes", x.expr, lit(-1), lit(-2));
    return { s: { expr: npc("matmul", x.expr, t), shape: [...x.shape.slice(0, -1), m], bound: x.bound * x.bound * x.shape[r - 1] }, k: m };
  }
  if (r === 1) {
    const n = x.shape[0];
    return { s: { expr: npc("outer", x.expr, x.expr), shape: [n, n], bound: x.bound * x.bound }, k: n };
  }
  return { s: { expr: npc("reshape", x.expr, lit([1, 1])), shape: [1, 1], bound: x.bound }, k: 1 };
}

/** S scaled to rows of absolute sum ≤ 1/2, plus `diagonal` · (a diagonal matrix with entries d(i)). */
function shiftedSquare(x: Operand, d: (i: number) => number): { m: Operand; small: Operand; k: number } {
  const { s, k } = squareOf(x);
  const small = scaled(s, 0.5 / k);
  const diag = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? d(i) : 0)));
  const m = { expr: npc("add", small.expr, lit(diag)), shape: small.shape, bound: Math.max(...diag.map((row, i) => row[i])) + 0.5 };
  return { m, small, k };
}

const identityShift = (x: Operand) => shiftedSquare(x, () => 1);

/** A result operand, or null when it does not fit the limits. */
const result = (expr: Expr, shape: readonly number[], bound: number, lim: { maxRank: number; maxSize: number }): Operand | null =>
  fits(shape, lim) ? { expr, shape, bound } : null;

const lead = (m: Operand) => m.shape.slice(0, -2);

export const LINALG_BUILDERS: Record<LinalgOp, { arity: number; build: Builder }> = {
  // ‖M⁻¹‖∞ ≤ 2 for M = I + E with ‖E‖∞ ≤ 1/2
  solve: {
    arity: 2,
    build: ([x, b0], _p, lim) => {
      const { m } = identityShift(x);
      const b = exactly(b0, m.shape);
      return result(linalg("solve", m.expr, b.expr), m.shape, 2 * b.bound, lim);
    },
  },
  inv: { arity: 1, build: ([x], _p, lim) => { const { m } = identityShift(x); return result(linalg("inv", m.expr), m.shape, 2, lim); } },
  det: { arity: 1, build: ([x], _p, lim) => { const { m, k } = identityShift(x); return result(linalg("det", m.expr), lead(m), 1.5 ** k, lim); } },
  slogdet: {
    arity: 1,
    build: ([x], _p, lim) => {
      const { m, k } = identityShift(x);
      return result(item(linalg("slogdet", m.expr), 1), lead(m), k * Math.log(2), lim);
    },
  },
  // (M + Mᵀ)/2 ⪰ I/2: positive definite; L's entries ≤ √1.5
  cholesky: { arity: 1, build: ([x], _p, lim) => { const { m } = identityShift(x); return result(linalg("cholesky", m.expr), m.shape, 1.5, lim); } },
  // R of M = I + E: a positive leading entry in every column keeps the Householder signs fixed
  qr: {
    arity: 1,
    build: ([x], p, lim) => {
      const { m, k } = identityShift(x);
      const [q, r] = [item(linalg("qr", m.expr), 0), item(linalg("qr", m.expr), 1)];
      return p[0] % 2 === 0 ? result(r, m.shape, 1.5 * Math.sqrt(k), lim) : result(q, m.shape, 1, lim);
    },
  },
  eigvalsh: {
    arity: 1,
    build: ([x], _p, lim) => {
      const { m, k } = shiftedSquare(x, (i) => 2 * i);
      return result(linalg("eigvalsh", m.expr), [...lead(m), k], 2 * k, lim);
    },
  },
  svdvals: {
    arity: 1,
    build: ([x], _p, lim) => {
      const { m, k } = shiftedSquare(x, (i) => 2 * i + 1);
      return result(linalg("svdvals", m.expr), [...lead(m), k], 2 * k + 1, lim);
    },
  },
  // ‖S‖∞ ≤ 1/2, so |exp(S)| ≤ e^(1/2)
  expm: {
    arity: 1,
    build: ([x], _p, lim) => {
      const { s, k } = squareOf(x);
      const small = scaled(s, 0.5 / k);
      return result(scipy("expm", small.expr), small.shape, Math.exp(0.5), lim);
    },
  },
  // M⁻¹ S through the factor/solve pair (LU's pivots become a permutation)
  luSolve: {
    arity: 1,
    build: ([x], _p, lim) => {
      const { m, small } = identityShift(x);
      return result(scipy("luSolve", scipy("luFactor", m.expr), small.expr), m.shape, 1, lim);
    },
  },
};
