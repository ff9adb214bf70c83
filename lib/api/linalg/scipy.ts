/**
 * scipy.linalg-style helpers, as `jax.scipy.linalg` has them: triangular
 * solves, Cholesky and LU factor/solve pairs (factor once, solve many
 * right-hand sides), and the matrix exponential with its Fréchet
 * derivative. All take stacks `[..., n, n]` and differentiate.
 *
 * @example
 * const factors = scipy.linalg.choFactor(a);       // [c, lower]
 * scipy.linalg.choSolve(factors, b);                // A⁻¹ b with two triangular solves
 * scipy.linalg.expm([[0, 1], [0, 0]]);              // [[1, 1], [0, 1]]
 */
import { ArgumentError, ShapeError } from "../../core/errors.ts";
import { denseArrayOrThrow, isArrayArg, isTensorArg, showValue, toTensor } from "../../core/convert.ts";
import * as ops from "../../core/ops.ts";
import { avalText } from "../../core/primitives/check.ts";
import { mT } from "../../core/primitives/matrices.ts";
import { Tensor, type ArrayLike } from "../../core/tensor.ts";
import { booleanArg } from "../options.ts";
import { broadcastStacks, floatPair, luSolveFactored, matrixArg, optionsArg } from "./util.ts";

/**
 * `b` as a stack of right-hand sides [..., n, k] for square `a` [..., n, n] (a vector per matrix when
 * b.ndim = a.ndim - 1, as JAX), both broadcast to common leading dims; `finish` undoes the vector reshape.
 */
function rightHandSides(op: string, a: Tensor, b: Tensor): [Tensor, Tensor, (x: Tensor) => Tensor] {
  const n = a.shape[a.ndim - 1];
  const vector = b.ndim === a.ndim - 1 || b.ndim === 1;
  if (b.ndim === 0 || (vector ? b.shape[b.ndim - 1] : b.shape[b.ndim - 2]) !== n) {
    throw new ShapeError(`${op}: a ${avalText(a)} and b ${avalText(b)} do not fit: b must be [..., ${n}] or [..., ${n}, k].`);
  }
  const stack = vector ? ops.reshape(b, [...b.shape, 1]) : b;
  const [sa, sb] = broadcastStacks(op, a, stack);
  return [sa, sb, (x) => (vector ? ops.reshape(x, x.shape.slice(0, -1)) : x)];
}

/** A factor/solve pair `[factors, flag]` read once and densely, or null when it is not a two-element array. */
function factorsOf(op: string, factors: unknown): unknown[] | null {
  if (!isArrayArg(op, factors)) return null;
  const pair = denseArrayOrThrow(op, "factors", factors);
  return pair.length === 2 ? pair : null;
}

/** Pivots as an int32 tensor: luFactor's, or JS integers (a float value is refused, not truncated). */
function pivotsOf(op: string, value: unknown): Tensor {
  const t = toTensor(value as ArrayLike, op);
  if (t instanceof Tensor && t.dtype === "float64" && !isTensorArg(op, value)) {
    const data = Array.from(t.toTypedArray());
    if (data.every(Number.isInteger)) return ops.convert(t, "int32");
  }
  return t;
}

/** scipy's `trans`: 0/"N" (A x = b), 1/"T" or 2/"C" (Aᵀ x = b; real matrices need no conjugate). */
function transposeFlag(op: string, trans: unknown): boolean {
  if (trans === 0 || trans === "N" || trans === undefined) return false;
  if (trans === 1 || trans === 2 || trans === "T" || trans === "C") return true;
  throw new ArgumentError(`${op}: trans must be 0, 1, 2, "N", "T" or "C", got ${showValue(trans)}.`);
}

/** Options of `solveTriangular` (scipy's defaults). */
export interface SolveTriangularOptions {
  readonly trans?: 0 | 1 | 2 | "N" | "T" | "C";
  readonly lower?: boolean;
  readonly unitDiagonal?: boolean;
}

/**
 * x with A x = b (or Aᵀ x = b, `trans`) for triangular A [..., n, n], reading its `lower` (default upper)
 * triangle; b is [..., n] or [..., n, k]. A zero on the diagonal gives ±inf or NaN.
 *
 * @example
 * scipy.linalg.solveTriangular([[2, 0], [1, 1]], [2, 3], { lower: true }) // [1, 2]
 */
export function solveTriangular(a: ArrayLike, b: ArrayLike, options?: SolveTriangularOptions): Tensor {
  const op = "solveTriangular";
  const o = optionsArg(op, options, ["trans", "lower", "unitDiagonal"]);
  const [x0, y0] = floatPair(op, a, b);
  const [x, y, finish] = rightHandSides(op, matrixArg(op, x0, true), y0);
  return finish(
    ops.triangularSolve(x, y, {
      leftSide: true,
      lower: booleanArg(op, "lower", o.lower, false),
      transposeA: transposeFlag(op, o.trans),
      unitDiagonal: booleanArg(op, "unitDiagonal", o.unitDiagonal, false),
    }),
  );
}

/**
 * The Cholesky factor for `choSolve`: `[c, lower]` with c lower (A = c cᵀ) when `lower`, else upper (A = cᵀ c,
 * scipy's default). Only that triangle of A is read; the other triangle of c is zero (as JAX; scipy leaves
 * A's entries there). NaN where A is not positive definite.
 *
 * @example
 * const [c, lower] = scipy.linalg.choFactor([[4, 2], [2, 5]]); // c = [[2, 1], [0, 2]], lower = false
 */
export function choFactor(a: ArrayLike, options?: { readonly lower?: boolean }): [c: Tensor, lower: boolean] {
  const op = "choFactor";
  const lower = booleanArg(op, "lower", optionsArg(op, options, ["lower"]).lower, false);
  const x = matrixArg(op, a, true);
  return lower ? [ops.cholesky(x), true] : [mT(ops.cholesky(mT(x))), false];
}

/**
 * x with A x = b from `choFactor`'s `[c, lower]`: two triangular solves. b is [..., n] or [..., n, k].
 *
 * @example
 * scipy.linalg.choSolve(scipy.linalg.choFactor([[4, 2], [2, 5]]), [6, 7]) // [1, 1]
 */
export function choSolve(factors: readonly [ArrayLike, boolean], b: ArrayLike): Tensor {
  const op = "choSolve";
  const pair = factorsOf(op, factors);
  if (pair === null || typeof pair[1] !== "boolean") {
    throw new ArgumentError(`${op}: factors must be [c, lower] as choFactor returns, got ${showValue(factors)}.`);
  }
  const [c0, y0] = floatPair(op, pair[0] as ArrayLike, b);
  const lower = pair[1];
  const [c, y, finish] = rightHandSides(op, matrixArg(op, c0, true), y0);
  // A = L Lᵀ: L z = b, then Lᵀ x = z (with U = Lᵀ for the upper factor)
  const z = ops.triangularSolve(c, y, { leftSide: true, lower, transposeA: !lower });
  return finish(ops.triangularSolve(c, z, { leftSide: true, lower, transposeA: lower }));
}

/**
 * The LU factorization for `luSolve`: `[lu, piv]`, L and U packed in `lu` and the pivots (int32, the row
 * swapped with row i at step i), as scipy's `lu_factor` (JAX's: 0-based pivots).
 *
 * @example
 * const [lu, piv] = scipy.linalg.luFactor([[1, 2], [3, 4]]); // piv = [1, 1]
 */
export function luFactor(a: ArrayLike): [lu: Tensor, piv: Tensor] {
  const [packed, pivots] = ops.lu(matrixArg("luFactor", a, true));
  return [packed, pivots];
}

/**
 * x with A x = b (`trans` 0) or Aᵀ x = b (`trans` 1 or 2) from `luFactor`'s `[lu, piv]`. b is [..., n] or
 * [..., n, k].
 *
 * @example
 * scipy.linalg.luSolve(scipy.linalg.luFactor([[2, 1], [1, 3]]), [3, 5]) // [0.8, 1.4]
 */
export function luSolve(factors: readonly [ArrayLike, ArrayLike], b: ArrayLike, options?: { readonly trans?: 0 | 1 | 2 | "N" | "T" | "C" }): Tensor {
  const op = "luSolve";
  const pair = factorsOf(op, factors);
  if (pair === null) throw new ArgumentError(`${op}: factors must be [lu, piv] as luFactor returns, got ${showValue(factors)}.`);
  const transpose = transposeFlag(op, optionsArg(op, options, ["trans"]).trans);
  const [lu0, y0] = floatPair(op, pair[0] as ArrayLike, b);
  const packed = matrixArg(op, lu0, true);
  const pivots = pivotsOf(op, pair[1]);
  const n = packed.shape[packed.ndim - 1];
  if (pivots.dtype !== "int32" || pivots.ndim !== packed.ndim - 1 || pivots.shape[pivots.ndim - 1] !== n) {
    throw new ShapeError(`${op}: piv must be int32 [..., ${n}] as luFactor returns for lu ${avalText(packed)}, got ${avalText(pivots)}.`);
  }
  const permutation = ops.luPivotsToPermutation(pivots, n);
  const [x, y, finish] = rightHandSides(op, packed, y0);
  const perm = ops.broadcastTo(permutation, [...x.shape.slice(0, -2), n]);
  return finish(luSolveFactored(x, perm, y, transpose));
}

/**
 * The matrix exponential of square matrices [..., n, n] (Padé approximation with scaling and squaring). Its
 * derivative is the Fréchet derivative (`expmFrechet`).
 *
 * @example
 * scipy.linalg.expm([[0, 1], [0, 0]]) // [[1, 1], [0, 1]]
 */
export function expm(a: ArrayLike): Tensor {
  return ops.expm(matrixArg("expm", a, true));
}

/**
 * The Fréchet derivative L(A, E) of the matrix exponential at A in the direction E (the upper-right block of
 * exp([[A, E], [0, A]])): `[expm(A), L]`, or L alone with `computeExpm: false`.
 *
 * @example
 * scipy.linalg.expmFrechet(np.zeros([2, 2]), e, { computeExpm: false }) // e
 */
export function expmFrechet(a: ArrayLike, e: ArrayLike, options?: { readonly computeExpm?: boolean }): [expm: Tensor, frechet: Tensor] | Tensor {
  const op = "expmFrechet";
  const computeExpm = booleanArg(op, "computeExpm", optionsArg(op, options, ["computeExpm"]).computeExpm, true);
  const [x0, y0] = floatPair(op, a, e);
  const x = matrixArg(op, x0, true);
  if (y0.ndim !== x.ndim || y0.shape.some((d, i) => d !== x.shape[i])) throw new ShapeError(`${op}: E ${avalText(y0)} must have the shape of A ${avalText(x)}.`);
  const frechet = ops.expmFrechet(x, y0);
  return computeExpm ? [ops.expm(x), frechet] : frechet;
}
