/**
 * The sweep's signatures of the linear-algebra functions (issue 10): `np.linalg`, `lax.linalg` and the
 * scipy-style helpers, each with one valid call and its options' keys (see signatures.ts).
 */
import { lax, np, scipyLinalg } from "../../lib/index.ts";
import type { Signature } from "./signatures.ts";

const L = np.linalg;
const spd = () => np.array([[4, 1], [1, 3]]);
const vec = () => np.array([1, 2]);
const tall = () => np.array([[1, 2], [3, 4], [5, 7]]);
const lower = () => np.array([[2, 0], [1, 1]]);

const sig = (name: string, call: (...args: any[]) => unknown, good: (() => unknown)[], extra: Partial<Signature> = {}): Signature => ({
  name,
  call: (args) => call(...args),
  good,
  ...extra,
});

export const linalgSignatures: readonly Signature[] = [
  sig("np.linalg.cholesky", L.cholesky, [spd, () => ({ upper: true })], { options: { 1: ["upper"] } }),
  sig("np.linalg.qr", L.qr, [tall, () => "complete"]),
  sig("np.linalg.eigh", L.eigh, [spd, () => "U"]),
  sig("np.linalg.eigh(options)", L.eigh, [spd, () => ({ UPLO: "L", symmetrizeInput: false })], { options: { 1: ["UPLO", "symmetrizeInput"] } }),
  sig("np.linalg.eigvalsh", L.eigvalsh, [spd, () => undefined], { options: { 1: ["UPLO", "symmetrizeInput"] } }),
  sig("np.linalg.svd", L.svd, [tall, () => ({ fullMatrices: false })], { options: { 1: ["fullMatrices", "computeUv", "hermitian"] } }),
  sig("np.linalg.svdvals", L.svdvals, [tall]),
  sig("np.linalg.solve", L.solve, [spd, vec]),
  sig("np.linalg.inv", L.inv, [spd]),
  sig("np.linalg.det", L.det, [spd]),
  sig("np.linalg.slogdet", L.slogdet, [spd]),
  sig("np.linalg.lstsq", L.lstsq, [tall, () => np.array([1, 2, 3]), () => null]),
  sig("np.linalg.pinv", L.pinv, [tall, () => ({ rtol: 1e-10 })], { options: { 1: ["rtol", "hermitian"] } }),
  sig("np.linalg.matrixPower", L.matrixPower, [spd, () => 3]),
  sig("np.linalg.matrixRank", L.matrixRank, [tall, () => ({ rtol: 1e-8 })], { options: { 1: ["tol", "rtol", "hermitian"] } }),
  sig("np.linalg.norm", L.norm, [tall, () => 2, () => [0, 1], () => false]),
  sig("np.linalg.norm(options)", L.norm, [tall, () => ({ ord: 1, axis: 0 })], { options: { 1: ["ord", "axis", "keepdims"] } }),
  sig("np.linalg.vectorNorm", L.vectorNorm, [tall, () => ({ axis: 1, ord: 3 })], { options: { 1: ["axis", "keepdims", "ord"] } }),
  sig("np.linalg.matrixNorm", L.matrixNorm, [tall, () => ({ ord: "nuc" })], { options: { 1: ["keepdims", "ord"] } }),
  sig("np.linalg.cond", L.cond, [spd, () => Infinity]),
  sig("np.linalg.multiDot", L.multiDot, [() => [tall(), spd(), vec()]]),
  sig("np.linalg.tensorsolve", L.tensorsolve, [() => np.eye(4).reshape([2, 2, 4]), () => np.ones([2, 2]), () => null]),
  sig("np.linalg.tensorinv", L.tensorinv, [() => np.eye(4).reshape([4, 2, 2]), () => 1]),
  sig("lax.linalg.cholesky", lax.linalg.cholesky, [spd, () => ({ symmetrizeInput: false })], { options: { 1: ["symmetrizeInput"] } }),
  sig("lax.linalg.triangularSolve", lax.linalg.triangularSolve, [lower, vec, () => ({ leftSide: true, lower: true })], {
    options: { 2: ["leftSide", "lower", "transposeA", "conjugateA", "unitDiagonal"] },
  }),
  sig("lax.linalg.lu", lax.linalg.lu, [tall]),
  sig("lax.linalg.luPivotsToPermutation", lax.linalg.luPivotsToPermutation, [() => np.array([2, 2], "int32"), () => 3]),
  sig("lax.linalg.qr", lax.linalg.qr, [tall, () => ({ fullMatrices: false })], { options: { 1: ["fullMatrices"] } }),
  sig("lax.linalg.eigh", lax.linalg.eigh, [spd, () => ({ lower: false })], { options: { 1: ["lower", "symmetrizeInput"] } }),
  sig("lax.linalg.svd", lax.linalg.svd, [tall, () => ({ computeUv: false })], { options: { 1: ["fullMatrices", "computeUv"] } }),
  sig("scipyLinalg.solveTriangular", scipyLinalg.solveTriangular, [lower, vec, () => ({ lower: true, trans: "T" })], {
    options: { 2: ["trans", "lower", "unitDiagonal"] },
  }),
  sig("scipyLinalg.choFactor", (a, o) => scipyLinalg.choFactor(a, o)[0], [spd, () => ({ lower: true })], { options: { 1: ["lower"] } }),
  sig("scipyLinalg.choSolve", scipyLinalg.choSolve, [() => scipyLinalg.choFactor(spd()), vec]),
  sig("scipyLinalg.luFactor", scipyLinalg.luFactor, [spd]),
  sig("scipyLinalg.luSolve", scipyLinalg.luSolve, [() => scipyLinalg.luFactor(spd()), vec, () => ({ trans: 1 })], { options: { 2: ["trans"] } }),
  sig("scipyLinalg.expm", scipyLinalg.expm, [spd]),
  sig("scipyLinalg.expmFrechet", scipyLinalg.expmFrechet, [spd, spd, () => ({ computeExpm: false })], { options: { 2: ["computeExpm"] } }),
];
