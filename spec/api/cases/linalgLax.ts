/**
 * Rows for `lax.linalg` and the scipy.linalg-style helpers (issue 10,
 * item 1). Expected values were computed once with numpy 2.4.6 and scipy
 * 1.17.1 (the call is next to each pin). `lax.linalg` returns JAX's output
 * orders (`[v, w]` for eigh, `[u, s, vt]` for svd) and pivots as JAX
 * (0-based, int32).
 */
import { expect } from "vitest";
import { ArgumentError, DTypeError, grad, jit, lax, np, scipyLinalg, ShapeError, vmap, type Tensor } from "../../../lib/index.ts";
import { f64, type Row } from "../harness.ts";
import { general, gappedRectangular, gappedSymmetric, shifted, spd } from "./linalgArgs.ts";

const LL = lax.linalg;
const SL = scipyLinalg;
const int32 = "int32" as const;
const close = { rtol: 1e-13, atol: 1e-15 };
const A = [[4, 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 2]];
const T32 = [[1, 2], [3, 4], [5, 7]];
const sq = (t: Tensor) => np.multiply(t, t);
const m = (x: number[][]) => np.array(x);

export const laxLinalgRows: Row[] = [
  {
    name: "lax.linalg.cholesky",
    values: [
      { args: [m(A)], out: [[2, 0, 0], [0.5, 1.6583123951777, 0], [0.25, 0.04522670168666455, 1.391206147720224]], ...close }, // np.linalg.cholesky(A)
      { args: [m([[4, 7], [2, 5]]), { symmetrizeInput: false }], out: [[2, 0], [1, 2]] }, // only the lower triangle is read
    ],
    errors: [
      { args: [m(T32)], type: ShapeError, match: /square/ },
      { args: [np.array([[4, 2], [2, 5]], { dtype: "int32" })], type: DTypeError, match: /float/ },
    ],
    f: (a: Tensor) => LL.cholesky(a),
    args: [spd([2, 3, 3])],
  },
  {
    name: "lax.linalg.triangularSolve",
    values: [
      { args: [m([[2, 0], [1, 1]]), np.array([2, 3]), { leftSide: true, lower: true }], out: [1, 2] }, // solve_triangular(..., lower=True)
      { args: [m(A), m([[1, 2], [3, 4], [5, 6]]), { leftSide: true }], out: [[-0.2708333333333333, -0.15833333333333333], [0.8333333333333333, 1.1333333333333333], [2.5, 3]], ...close }, // upper
      { args: [m(A), m([[1, 2, 3], [4, 5, 6]])], out: [[0.25, 0.5833333333333333, 1.3791666666666667], [1, 1.3333333333333333, 2.6166666666666667]], ...close }, // X triu(A) = B
      { args: [m(A), np.array([1, 2, 3]), { leftSide: true, lower: true, transposeA: true, unitDiagonal: true }], out: [-1.9, 1.4, 3], ...close }, // trans=1, unit_diagonal
    ],
    errors: [
      { args: [m(A), m([[1, 2]]), { leftSide: true }], type: ShapeError, match: /do not fit/ },
      { args: [m(A), m(A), { left: true }], type: ArgumentError, match: /unknown option "left"/ },
    ],
    f: (a: Tensor, b: Tensor) => LL.triangularSolve(a, b, { leftSide: true, lower: true }),
    args: [shifted([2, 3, 3]), f64([2, 3, 2])],
  },
  {
    name: "lax.linalg.triangularSolve",
    label: "right side, transposed, unit diagonal",
    f: (a: Tensor, b: Tensor) => LL.triangularSolve(a, b, { transposeA: true, unitDiagonal: true }),
    args: [general([3, 3]), f64([2, 3])],
  },
  {
    name: "lax.linalg.lu",
    values: [
      // scipy.linalg.lu_factor(T32) = ([[5, 7], [0.2, 0.6], [0.6, -1/3]], [2, 2]); the permutation is P A's row order
      { args: [m(T32)], out: [[[5, 7], [0.2, 0.5999999999999999], [0.6000000000000001, -0.33333333333333515]], [2, 2], [2, 0, 1]], dtype: ["float64", int32, int32], rtol: 1e-14 },
      { args: [m([[1, 2], [3, 4]])], out: [[[3, 4], [0.3333333333333333, 0.6666666666666667]], [1, 1], [1, 0]], dtype: ["float64", int32, int32], rtol: 1e-15 },
    ],
    errors: [{ args: [np.array([1, 2])], type: ShapeError }],
    check: () => {
      // P A = L U for a random stack
      const a = np.array([[[0.3, -1.2, 0.5], [2.0, 0.1, -0.7]], [[1.5, 0.2, 0.9], [-0.4, 1.1, 0.3]]]);
      const [packed, , perm] = LL.lu(a);
      const l = np.add(np.multiply(packed.slice(null, null, [0, 2]), np.array([[0, 0], [1, 0]])), np.eye(2));
      const u = np.multiply(packed, np.array([[1, 1, 1], [0, 1, 1]]));
      const pa = np.stack([0, 1].map((b) => np.take(a.slice(b), perm.slice(b), 0)));
      expect(np.matmul(l, u)).toBeAllclose(pa, { atol: 1e-15 });
    },
    f: (a: Tensor) => LL.lu(a)[0],
    args: [general([2, 3, 4])],
  },
  {
    name: "lax.linalg.luPivotsToPermutation",
    values: [
      { args: [np.array([2, 2], { dtype: "int32" }), 3], out: [2, 0, 1], dtype: int32 },
      { args: [np.array([[1, 1], [0, 1]], { dtype: "int32" }), 2], out: [[1, 0], [0, 1]], dtype: int32 },
      { args: [np.array([1], { dtype: "int32" }), 3], out: [1, 0, 2], dtype: int32 },
    ],
    errors: [
      { args: [np.array([1.0, 1.0]), 2], type: ShapeError, match: /int32 pivots/ },
      { args: [np.array([0, 1, 2], { dtype: "int32" }), 2], type: ShapeError },
      { args: [np.array([0], { dtype: "int32" }), 1.5], type: ArgumentError, match: /permutationSize/ },
    ],
    check: () => {
      const pivots = np.array([[2, 2, 2], [1, 2, 2]], { dtype: "int32" });
      expect(jit((p: Tensor) => LL.luPivotsToPermutation(p, 3))(pivots).toArray()).toEqual([[2, 0, 1], [1, 2, 0]]);
      expect(vmap((p: Tensor) => LL.luPivotsToPermutation(p, 3))(pivots).toArray()).toEqual([[2, 0, 1], [1, 2, 0]]);
    },
  },
  {
    name: "lax.linalg.qr",
    values: [
      { args: [m([[3, 1], [4, 2]])], out: [[[-0.6, -0.8], [-0.8, 0.6]], [[-5, -2.2], [0, 0.4]]], rtol: 1e-14, atol: 1e-15 }, // np.linalg.qr(..., mode="complete")
      { args: [m(T32), { fullMatrices: false }], out: [[[-0.16903085094570325, 0.9486832980505138], [-0.50709255283711, -0.31622776601683833], [-0.8451542547285166, 2.220446049250313e-16]], [[-5.916079783099616, -8.282511696339462], [0, 0.632455532033676]]], rtol: 1e-13, atol: 1e-14 },
    ],
    errors: [{ args: [m(T32), { mode: "r" }], type: ArgumentError, match: /unknown option/ }],
    check: () => {
      // the complete Q of a tall matrix has no derivative (its last columns are any completion), as in JAX
      expect(() => grad((a: Tensor) => np.sum(LL.qr(a)[0]))(np.array(T32))).toThrow(/not defined/);
    },
    f: (a: Tensor) => LL.qr(a, { fullMatrices: false }),
    args: [gappedRectangular([4, 2])],
  },
  { name: "lax.linalg.qr", label: "wide, complete", f: (a: Tensor) => LL.qr(a), args: [gappedRectangular([2, 4])] },
  {
    name: "lax.linalg.eigh",
    check: () => {
      // np.linalg.eigh(A): JAX's order [v, w]; v up to column signs
      const [v, w] = LL.eigh(np.array(A));
      expect(w).toBeAllclose([1.8800869029150529, 2.3983430193369966, 4.72157007774795], { rtol: 1e-14 });
      expect(np.abs(v)).toBeAllclose(np.abs(np.array([[-0.25304236163525456, -0.48194966042618, -0.8388647614682253], [0.053438720828776154, 0.8587971746720289, -0.5095210652088138], [0.9659781914382108, -0.1737582734445472, -0.1915572918876562]])), { rtol: 1e-13 });
      expect(LL.eigh(np.array([[2, 5], [-1, 2]]), { lower: false, symmetrizeInput: false })[1]).toBeAllclose([-3, 7]);
    },
    errors: [{ args: [m(T32)], type: ShapeError, match: /square/ }],
    f: (a: Tensor) => {
      const [v, w] = LL.eigh(a);
      return [sq(v), w];
    },
    args: [gappedSymmetric([2, 3, 3])],
  },
  {
    name: "lax.linalg.svd",
    values: [{ args: [m([[3, 0], [0, -2]]), { computeUv: false }], out: [3, 2] }],
    check: () => {
      const [u, s, vt] = LL.svd(np.array(T32), { fullMatrices: false }) as Tensor[];
      expect(s).toBeAllclose([10.191428257097224, 0.36713768594389934], { rtol: 1e-14 }); // np.linalg.svd(T32)
      expect(np.matmul(np.multiply(u, s), vt)).toBeAllclose(T32, { atol: 1e-14 });
      // the full U of a non-square matrix has no derivative, as in JAX
      expect(() => grad((a: Tensor) => np.sum((LL.svd(a) as Tensor[])[0]))(np.array(T32))).toThrow(/not defined/);
    },
    errors: [{ args: [np.array([1, 2])], type: ShapeError }],
    f: (a: Tensor) => {
      const [u, s, vt] = LL.svd(a, { fullMatrices: false }) as Tensor[];
      return [sq(u), s, sq(vt)];
    },
    args: [gappedRectangular([3, 2])],
  },
];

export const scipyLinalgRows: Row[] = [
  {
    name: "scipyLinalg.solveTriangular",
    values: [
      { args: [[[2, 0], [1, 1]], [2, 3], { lower: true }], out: [1, 2] }, // scipy.linalg.solve_triangular(..., lower=True)
      { args: [A, [[1, 2], [3, 4], [5, 6]]], out: [[-0.2708333333333333, -0.15833333333333333], [0.8333333333333333, 1.1333333333333333], [2.5, 3]], ...close },
      { args: [A, [1, 2, 3], { lower: true, trans: 1, unitDiagonal: true }], out: [-1.9, 1.4, 3], ...close },
      { args: [A, [1, 2, 3], { lower: true, trans: "T", unitDiagonal: true }], out: [-1.9, 1.4, 3], ...close },
    ],
    errors: [
      { args: [A, [1, 2]], type: ShapeError, match: /do not fit/ },
      { args: [A, [1, 2, 3], { trans: 3 }], type: ArgumentError, match: /trans/ },
    ],
    f: (a: Tensor, b: Tensor) => SL.solveTriangular(a, b, { trans: 1 }),
    args: [shifted([2, 3, 3]), f64([2, 3])],
  },
  {
    name: "scipyLinalg.choFactor",
    check: () => {
      const [upper, isLower] = SL.choFactor([[4, 2], [2, 5]]);
      expect(isLower).toBe(false);
      expect(upper).toBeAllclose([[2, 1], [0, 2]], { rtol: 1e-15 }); // triu(scipy.linalg.cho_factor(...)[0]), False
      const [c, lower] = SL.choFactor(A, { lower: true });
      expect(lower).toBe(true);
      expect(c).toBeAllclose([[2, 0, 0], [0.5, 1.6583123951777, 0], [0.25, 0.04522670168666455, 1.391206147720224]], { rtol: 1e-14 }); // tril(cho_factor(A, lower=True)[0])
    },
    errors: [{ args: [T32], type: ShapeError, match: /square/ }],
    f: (a: Tensor) => SL.choFactor(a)[0],
    args: [spd([3, 3])],
  },
  {
    name: "scipyLinalg.choSolve",
    values: [
      { args: [SL.choFactor([[4, 2], [2, 5]]), [6, 7]], out: [1, 1], rtol: 1e-15 }, // scipy.linalg.cho_solve(cho_factor(...), [6., 7])
      { args: [SL.choFactor(A, { lower: true }), [[1, 0], [0, 1], [1, 1]]], out: [[0.2188821042743072, -0.1503053076561766], [-0.10333489901362142, 0.34992954438703616], [0.45561296383278527, 0.5025833724753405]], ...close },
    ],
    errors: [{ args: [[np.eye(2)], [1, 2]], type: ArgumentError, match: /\[c, lower\]/ }],
    f: (a: Tensor, b: Tensor) => SL.choSolve(SL.choFactor(a), b),
    args: [spd([3, 3]), f64([3, 2])],
  },
  {
    name: "scipyLinalg.luFactor",
    values: [
      { args: [[[1, 2], [3, 4]]], out: [[[3, 4], [0.3333333333333333, 0.6666666666666667]], [1, 1]], dtype: ["float64", int32], rtol: 1e-15 }, // scipy.linalg.lu_factor
      { args: [A], out: [[[4, 1, 0.5], [0.25, 2.75, 0.07500000000000001], [0.125, 0.02727272727272728, 1.9354545454545455]], [0, 1, 2]], dtype: ["float64", int32], rtol: 1e-14 },
    ],
    errors: [{ args: [T32], type: ShapeError, match: /square/ }],
    f: (a: Tensor) => SL.luFactor(a)[0],
    args: [general([3, 3])],
  },
  {
    name: "scipyLinalg.luSolve",
    values: [
      { args: [SL.luFactor([[2, 1], [1, 3]]), [3, 5]], out: [0.8, 1.4], rtol: 1e-15 }, // scipy.linalg.lu_solve(lu_factor(...), [3., 5])
      { args: [SL.luFactor(A), [1, 2, 3], { trans: 1 }], out: [-0.08172851103804601, 0.596524189760451, 1.4607797087834662], ...close },
    ],
    errors: [
      { args: [[np.eye(2)], [1, 2]], type: ArgumentError, match: /\[lu, piv\]/ },
      { args: [[np.eye(2), np.array([0.5, 1])], [1, 2]], type: ShapeError, match: /int32/ },
    ],
    f: (a: Tensor, b: Tensor) => SL.luSolve(SL.luFactor(a), b),
    args: [shifted([3, 3]), f64([3])],
  },
  {
    name: "scipyLinalg.luSolve",
    label: "transposed, a stack",
    f: (a: Tensor, b: Tensor) => SL.luSolve(SL.luFactor(a), b, { trans: "T" }),
    args: [shifted([2, 3, 3]), f64([2, 3, 2])],
  },
  {
    name: "scipyLinalg.expm",
    values: [
      { args: [[[0, 1], [0, 0]]], out: [[1, 1], [0, 1]] }, // scipy.linalg.expm
      { args: [[[1, 2], [-1, 0.5]]], out: [[0.750780136410658, 2.993272682296584], [-1.4966363411482921, 0.0024619658365114816]], rtol: 1e-13, atol: 1e-15 },
      { args: [[[0, Math.PI], [-Math.PI, 0]]], out: [[-0.9999999999999998, 1.5269510447359422e-16], [-1.526951044735943e-16, -0.9999999999999998]], rtol: 1e-14, atol: 1e-15 },
    ],
    errors: [{ args: [T32], type: ShapeError, match: /square/ }],
    args: [general([2, 3, 3])],
  },
  {
    name: "scipyLinalg.expmFrechet",
    values: [
      // scipy.linalg.expm_frechet([[1., 2], [-1, 0.5]], E)
      { args: [[[1, 2], [-1, 0.5]], [[0.3, -0.2], [0.5, 0.1]]], out: [[[0.7507801364106576, 2.9932726822965825], [-1.4966363411482917, 0.0024619658365117787]], [[1.3255411883263128, 1.021917777923017], [0.08769564749780787, 0.6959026585584855]]], rtol: 1e-13, atol: 1e-15 },
    ],
    errors: [{ args: [np.eye(2), np.eye(3)], type: ShapeError, match: /shape of A/ }],
    check: () => {
      // L(0, E) = E; and the derivative of expm is L
      const e = np.array([[0.3, -0.2], [0.5, 0.1]]);
      expect(SL.expmFrechet(np.zeros([2, 2]), e, { computeExpm: false })).toBeAllclose(e, { rtol: 1e-15 });
    },
    f: (a: Tensor, e: Tensor) => SL.expmFrechet(a, e, { computeExpm: false }),
    args: [general([3, 3]), f64([3, 3])],
  },
];
