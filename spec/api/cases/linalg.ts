/**
 * Rows for `np.linalg` (issue 10, item 1). Expected values were computed
 * once with numpy 2.4.6 (the call is next to each pin) and pinned with a
 * tolerance of a few ulps: LAPACK and the kernels round differently. Where
 * JAX and numpy differ, the pins follow JAX and say so (singular solves
 * give inf/NaN instead of raising; cholesky of an indefinite matrix is NaN;
 * lstsq always returns the residuals; matrixRank is int32). Eigenvectors and
 * singular vectors are compared up to their signs (`check`), which are
 * arbitrary; the random-input properties use sign-invariant functions of
 * them, on matrices whose spectra are well separated (linalgArgs.ts).
 */
import { expect } from "vitest";
import { ArgumentError, grad, np, ShapeError, type Tensor } from "../../../lib/index.ts";
import { f64, type Row } from "../harness.ts";
import { general, gappedRectangular, gappedSymmetric, shifted, spd } from "./linalgArgs.ts";

const L = np.linalg;
const int32 = "int32" as const;
const close = { rtol: 1e-13, atol: 1e-15 };
const A = [[4, 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 2]];
const S2 = [[[4, 2], [2, 5]], [[9, 3], [3, 5]]];
const X = [[1, 2], [3, 4]];
const T32 = [[1, 2], [3, 4], [5, 7]];
const sq = (t: Tensor) => np.multiply(t, t);

/** |x| elementwise as nested numbers, for comparisons up to sign. */
const absOf = (t: Tensor | number[][]) => np.abs(t).toArray() as number[][];

export const linalgRows: Row[] = [
  {
    name: "np.linalg.cholesky",
    values: [
      { args: [[[4, 2], [2, 5]]], out: [[2, 0], [1, 2]] }, // np.linalg.cholesky([[4., 2], [2, 5]])
      { args: [S2], out: [[[2, 0], [1, 2]], [[3, 0], [1, 2]]] },
      { args: [A], out: [[2, 0, 0], [0.5, 1.6583123951777, 0], [0.25, 0.04522670168666455, 1.391206147720224]], ...close },
      { args: [A, { upper: true }], out: [[2, 0.5, 0.25], [0, 1.6583123951777, 0.04522670168666455], [0, 0, 1.391206147720224]], ...close },
      { args: [np.array([[4, 2], [2, 5]], { dtype: "int32" })], out: [[2, 0], [1, 2]] }, // integers promote to float64
      { args: [[[1, 2], [2, 1]]], out: [[NaN, NaN], [NaN, NaN]] }, // indefinite: NaN, as JAX (numpy raises)
    ],
    errors: [
      { args: [[[1, 2, 3], [4, 5, 6]]], type: ShapeError, match: /square/ },
      { args: [[1, 2]], type: ShapeError, match: /stack of matrices/ },
      { args: [[[1]], { lower: true }], type: ArgumentError, match: /unknown option "lower"/ },
    ],
    f: (a: Tensor) => L.cholesky(a),
    args: [spd([3, 3])],
  },
  { name: "np.linalg.cholesky", label: "upper, a stack", f: (a: Tensor) => L.cholesky(a, { upper: true }), args: [spd([2, 3, 3])] },
  {
    name: "np.linalg.qr",
    values: [
      { args: [[[3, 1], [4, 2]]], out: [[[-0.6000000000000001, -0.8], [-0.8, 0.6]], [[-5, -2.2], [0, 0.3999999999999999]]], ...close }, // np.linalg.qr([[3., 1], [4, 2]])
      {
        args: [T32, "complete"], // np.linalg.qr(..., mode="complete")
        out: [
          [[-0.16903085094570325, 0.9486832980505138, -0.2672612419124247], [-0.50709255283711, -0.31622776601683833, -0.8017837257372731], [-0.8451542547285166, 2.220446049250313e-16, 0.5345224838248488]],
          [[-5.916079783099616, -8.282511696339462], [0, 0.632455532033676], [0, 0]],
        ],
        rtol: 1e-13,
        atol: 1e-14,
      },
      { args: [[[1, 2, 3], [3, 4, 1]], "r"], out: [[-3.1622776601683795, -4.427188724235731, -1.897366596101028], [0, -0.6324555320336751, -2.5298221281347035]], ...close },
    ],
    errors: [
      { args: [X, "raw"], type: ArgumentError, match: /"raw" is not supported/ },
      { args: [[1, 2]], type: ShapeError },
    ],
    f: (a: Tensor) => L.qr(a),
    // well conditioned: R⁻¹ enters the derivative (a random 4×3 can have s_min ≈ 0.02, where second derivatives reach 1e4)
    args: [gappedRectangular([4, 3])],
  },
  { name: "np.linalg.qr", label: "wide, R only", f: (a: Tensor) => L.qr(a, "r"), args: [gappedRectangular([2, 2, 3])] },
  {
    name: "np.linalg.eigh",
    values: [{ args: [[[2, 1], [1, 2]]], out: [[1, 3], [[0.7071067811865475, 0.7071067811865475], [-0.7071067811865475, 0.7071067811865475]]], rtol: 1e-15, atol: 1e-15 }], // w as numpy's [1, 3]; v's signs are ours
    errors: [
      { args: [T32], type: ShapeError, match: /square/ },
      { args: [X, "X"], type: ArgumentError, match: /UPLO/ },
    ],
    check: () => {
      // np.linalg.eigh(A): w, and v up to the signs of its columns
      const [w, v] = L.eigh(A);
      expect(w).toBeAllclose([1.8800869029150529, 2.3983430193369966, 4.72157007774795], { rtol: 1e-14 });
      expect(absOf(v)).toBeAllclose(absOf([[-0.25304236163525456, -0.48194966042618, -0.8388647614682253], [0.053438720828776154, 0.8587971746720289, -0.5095210652088138], [0.9659781914382108, -0.1737582734445472, -0.1915572918876562]]), { rtol: 1e-13 });
      expect(np.matmul(A, v)).toBeAllclose(np.multiply(v, w), { atol: 1e-14 });
      // UPLO without symmetrizing reads one triangle: [[2, 5], [-1, 2]] is [[2, -1], [-1, 2]] from below, [[2, 5], [5, 2]] from above
      expect(L.eigh([[2, 5], [-1, 2]], { symmetrizeInput: false })[0]).toBeAllclose([1, 3]);
      expect(L.eigh([[2, 5], [-1, 2]], { UPLO: "U", symmetrizeInput: false })[0]).toBeAllclose([-3, 7]);
    },
    f: (a: Tensor) => {
      const [w, v] = L.eigh(a);
      return [w, sq(v)];
    },
    args: [gappedSymmetric([3, 3])],
  },
  {
    name: "np.linalg.eigvalsh",
    values: [
      { args: [A], out: [1.8800869029150529, 2.398343019336997, 4.72157007774795], rtol: 1e-14 }, // np.linalg.eigvalsh(A)
      { args: [[[2, 4], [4, 2]]], out: [-2, 6], rtol: 1e-15 },
      { args: [[[2, 5], [-1, 2]], { UPLO: "U", symmetrizeInput: false }], out: [-3, 7], rtol: 1e-15 }, // np.linalg.eigvalsh(..., UPLO="U")
    ],
    errors: [{ args: [[[1, 2]]], type: ShapeError }],
    args: [gappedSymmetric([2, 3, 3])],
  },
  {
    name: "np.linalg.svd",
    values: [{ args: [[[3, 0], [0, -2]], { computeUv: false }], out: [3, 2] }],
    errors: [
      { args: [X, { full_matrices: false }], type: ArgumentError, match: /unknown option/ },
      { args: [[1, 2]], type: ShapeError },
    ],
    check: () => {
      // np.linalg.svd(T32): s, and U, Vh up to the signs of matching singular vectors
      const [u, s, vh] = L.svd(T32) as Tensor[];
      expect(s).toBeAllclose([10.191428257097224, 0.36713768594389934], { rtol: 1e-14 });
      expect(absOf(u)).toBeAllclose(absOf([[-0.21678389566179881, 0.9389228781711109, -0.2672612419124247], [-0.4904541352657366, -0.3414639048912723, -0.8017837257372731], [-0.8440731507295044, -0.042734418251352234, 0.5345224838248488]]), { rtol: 1e-13 });
      expect(absOf(vh)).toBeAllclose(absOf([[-0.5797530930948657, -0.814792213418204], [-0.814792213418204, 0.5797530930948657]]), { rtol: 1e-13 });
      const [ur, sr, vhr] = L.svd(T32, { fullMatrices: false }) as Tensor[];
      expect(np.matmul(np.multiply(ur, sr), vhr)).toBeAllclose(T32, { atol: 1e-14 });
      expect(L.svd(T32, { hermitian: false, computeUv: false })).toBeAllclose(s);
    },
    f: (a: Tensor) => {
      const [u, s, vh] = L.svd(a, { fullMatrices: false }) as Tensor[];
      return [sq(u), s, sq(vh)];
    },
    args: [gappedRectangular([4, 3])],
  },
  {
    name: "np.linalg.svd",
    label: "wide, a stack",
    f: (a: Tensor) => {
      const [u, s, vh] = L.svd(a, { fullMatrices: false }) as Tensor[];
      return [sq(u), s, sq(vh)];
    },
    args: [gappedRectangular([2, 2, 3])],
  },
  {
    name: "np.linalg.svdvals",
    values: [
      { args: [[[1, 2, 3], [4, 5, 6]]], out: [9.508032000695724, 0.7728696356734843], rtol: 1e-14 }, // np.linalg.svdvals
      { args: [S2], out: [[6.56155281280883, 2.43844718719117], [10.60555127546399, 3.3944487245360104]], rtol: 1e-14 },
    ],
    args: [gappedRectangular([3, 4])],
  },
  {
    name: "np.linalg.solve",
    values: [
      { args: [[[2, 1], [1, 3]], [3, 5]], out: [0.8, 1.4], rtol: 1e-15 }, // np.linalg.solve([[2., 1], [1, 3]], [3, 5])
      { args: [A, [[1, 2], [3, 4], [5, 6]]], out: [[-0.29309534992954434, -0.16345702207609203], [0.9323626115547206, 1.193048379520902], [2.4800375763269136, 2.9215594175669324]], ...close },
      { args: [S2, [[1], [2]]], out: [[[0.0625], [0.375]], [[-0.027777777777777776], [0.4166666666666667]]], ...close }, // b broadcasts over the stack
      { args: [S2, [1, 2]], out: [[0.0625, 0.375], [-0.027777777777777776, 0.4166666666666667]], ...close }, // a 1-D b is a vector
      { args: [[[1, 2], [2, 4]], [1, 2]], out: [NaN, NaN] }, // singular: 0/0, as JAX (numpy raises LinAlgError)
    ],
    errors: [
      { args: [X, [1, 2, 3]], type: ShapeError, match: /do not fit/ },
      { args: [[1, 2], [1, 2]], type: ShapeError },
      { args: [[[1, 2], [3, 4], [5, 6]], [1, 2, 3]], type: ShapeError, match: /square/ },
    ],
    f: (a: Tensor, b: Tensor) => L.solve(a, b),
    args: [shifted([3, 3]), f64([3, 2])],
  },
  { name: "np.linalg.solve", label: "a stack and one vector", f: (a: Tensor, b: Tensor) => L.solve(a, b), args: [shifted([2, 3, 3]), f64([3])] },
  {
    name: "np.linalg.inv",
    values: [
      { args: [X], out: [[-1.9999999999999996, 0.9999999999999998], [1.4999999999999998, -0.4999999999999999]], ...close }, // np.linalg.inv([[1., 2], [3, 4]])
      { args: [A], out: [[0.2799436355096289, -0.08924377642085486, -0.06106153123532174], [-0.08924377642085486, 0.36402066697980273, -0.014091122592766557], [-0.06106153123532174, -0.014091122592766559, 0.516674495068107]], ...close },
      { args: [S2], out: [[[0.3125, -0.125], [-0.125, 0.25]], [[0.1388888888888889, -0.08333333333333333], [-0.08333333333333333, 0.25]]], ...close },
    ],
    errors: [{ args: [T32], type: ShapeError, match: /square/ }],
    args: [shifted([3, 3])],
  },
  {
    name: "np.linalg.det",
    values: [
      { args: [X], out: -2.0000000000000004, rtol: 1e-15 }, // np.linalg.det([[1., 2], [3, 4]])
      { args: [A], out: 21.290000000000006, rtol: 1e-14 },
      { args: [S2], out: [15.999999999999998, 36], rtol: 1e-14 },
      { args: [[[1, 2], [2, 4]]], out: 0 }, // singular
      { args: [np.zeros([0, 0])], out: 1 }, // the empty product
    ],
    errors: [{ args: [T32], type: ShapeError, match: /square/ }],
    check: () => {
      // d det A = adj(A)ᵀ: at the rank-2 matrix [[1, 2, 3], [2, 4, 6], [1, 0, 1]] the cofactors (closed form) are
      // [[4, 4, -4], [-2, -2, 2], [0, 0, 0]] (JAX's cofactor solve keeps this right where A⁻¹ does not exist)
      const singular = [[1, 2, 3], [2, 4, 6], [1, 0, 1]];
      expect(grad((a: Tensor) => L.det(a))(np.array(singular))).toBeAllclose([[4, 4, -4], [-2, -2, 2], [0, 0, 0]], { atol: 1e-13 });
      // rank n - 2: the adjugate is zero
      expect(grad((a: Tensor) => L.det(a))(np.zeros([3, 3]))).toBeAllclose(np.zeros([3, 3]));
    },
    args: [shifted([3, 3])],
  },
  { name: "np.linalg.det", label: "4×4 stack", args: [shifted([2, 4, 4])] },
  {
    name: "np.linalg.slogdet",
    values: [
      { args: [X], out: [-1, 0.6931471805599455], rtol: 1e-15 }, // np.linalg.slogdet([[1., 2], [3, 4]])
      { args: [S2], out: [[1, 1], [2.772588722239781, 3.58351893845611]], rtol: 1e-15 },
      { args: [[[1, 2], [2, 4]]], out: [0, -Infinity] }, // singular
    ],
    errors: [{ args: [T32], type: ShapeError, match: /square/ }],
    f: (a: Tensor) => L.slogdet(a),
    args: [shifted([3, 3])],
  },
  {
    name: "np.linalg.lstsq",
    values: [
      // np.linalg.lstsq([[1., 0], [1, 1], [1, 2]], [1., 2, 2]): rank as int32 (numpy's is int64)
      { args: [[[1, 0], [1, 1], [1, 2]], [1, 2, 2]], out: [[1.1666666666666659, 0.5000000000000001], [0.16666666666666677], 2, [2.6762431989952598, 0.9152717300515844]], dtype: ["float64", "float64", int32, "float64"], rtol: 1e-14, atol: 1e-15 },
      { args: [[[1, 0], [1, 1], [1, 2]], [[1, 0], [2, 1], [2, 5]]], out: [[[1.1666666666666659, -0.5000000000000007], [0.5000000000000001, 2.5]], [0.16666666666666677, 1.4999999999999998], 2, [2.6762431989952598, 0.9152717300515844]], dtype: ["float64", "float64", int32, "float64"], rtol: 1e-14, atol: 1e-15 },
      // rank-deficient: numpy returns empty residuals here, JAX (and tracegrad) the residuals
      { args: [[[1, 2], [2, 4]], [1, 2]], out: [[0.2, 0.4], [0], 1, [5, 0]], dtype: ["float64", "float64", int32, "float64"], rtol: 1e-14, atol: 1e-15 },
    ],
    errors: [
      { args: [[1, 2], [1, 2]], type: ShapeError, match: /needs a \[m, n\]/ },
      { args: [X, [1, 2, 3]], type: ShapeError },
      { args: [X, [1, 2], "big"], type: ArgumentError, match: /rcond/ },
    ],
    f: (a: Tensor, b: Tensor) => {
      const [x, resid, , s] = L.lstsq(a, b);
      return [x, resid, s];
    },
    args: [gappedRectangular([4, 3]), f64([4])],
  },
  {
    name: "np.linalg.pinv",
    values: [
      { args: [[[1, 2], [2, 4]]], out: [[0.039999999999999994, 0.07999999999999999], [0.07999999999999999, 0.15999999999999998]], rtol: 1e-14 }, // np.linalg.pinv
      { args: [T32], out: [[-2.0714285714285707, 0.7857142857142864, 0.14285714285714238], [1.4999999999999996, -0.5000000000000006, 3.440945893940855e-16]], rtol: 1e-13, atol: 1e-14 },
      { args: [np.zeros([2, 0])], out: np.zeros([0, 2]) },
    ],
    errors: [{ args: [X, { rcond: 1 }], type: ArgumentError, match: /unknown option/ }],
    args: [gappedRectangular([3, 2])],
  },
  { name: "np.linalg.pinv", label: "hermitian, a stack", f: (a: Tensor) => L.pinv(a, { hermitian: true }), args: [gappedSymmetric([2, 3, 3])] },
  {
    name: "np.linalg.matrixPower",
    values: [
      { args: [[[1, 1], [0, 1]], 3], out: [[1, 3], [0, 1]] }, // np.linalg.matrix_power
      { args: [X, -2], out: [[5.499999999999997, -2.499999999999999], [-3.7499999999999987, 1.7499999999999996]], rtol: 1e-14 },
      { args: [X, 0], out: [[1, 0], [0, 1]] },
      { args: [X, 5], out: [[1069, 1558], [2337, 3406]] },
    ],
    errors: [
      { args: [X, 1.5], type: ArgumentError, match: /integer/ },
      { args: [T32, 2], type: ShapeError, match: /square/ },
    ],
    f: (a: Tensor) => L.matrixPower(a, 3),
    args: [general([2, 3, 3])],
  },
  { name: "np.linalg.matrixPower", label: "n = -2", f: (a: Tensor) => L.matrixPower(a, -2), args: [shifted([3, 3])] },
  {
    name: "np.linalg.matrixRank",
    values: [
      { args: [[[1, 2], [2, 4]]], out: 1, dtype: int32 }, // np.linalg.matrix_rank (int64 there)
      { args: [np.eye(3)], out: 3, dtype: int32 },
      { args: [[1, 0]], out: 1, dtype: int32 },
      { args: [np.zeros([2, 2])], out: 0, dtype: int32 },
      { args: [[[1, 0], [0, 1e-10]], 1e-12], out: 2, dtype: int32 }, // tol=1e-12 (absolute)
      { args: [[[1, 0], [0, 1e-10]], { rtol: 1e-9 }], out: 1, dtype: int32 },
      { args: [np.stack([np.eye(2), np.ones([2, 2])])], out: [2, 1], dtype: int32 },
    ],
    errors: [{ args: [X, { tol: "big" }], type: ArgumentError, match: /tol must be a number/ }],
    args: [general([3, 4])],
    grads: "zero",
  },
  {
    name: "np.linalg.norm",
    values: [
      { args: [[3, 4]], out: 5 }, // np.linalg.norm([3., 4])
      { args: [X], out: 5.477225575051661, rtol: 1e-15 },
      { args: [X, "nuc"], out: 5.8309518948453, rtol: 1e-14 },
      { args: [X, Infinity], out: 7 },
      { args: [X, -Infinity], out: 3 },
      { args: [X, 1], out: 6 },
      { args: [X, -1], out: 4 },
      { args: [X, 2], out: 5.464985704219043, rtol: 1e-14 },
      { args: [X, -2], out: 0.36596619062625746, rtol: 1e-13 },
      { args: [X, "fro"], out: 5.477225575051661, rtol: 1e-15 },
      { args: [[[3, 4], [6, 8]], { axis: 1 }], out: [5, 10] },
      { args: [[[3, 4], [6, 8]], 1, 0], out: [9, 12] }, // ord=1, axis=0
      { args: [[1, -2, 0, 3], 0], out: 3 },
      { args: [[1, -2, 0, 3], 3], out: 3.3019272488946263, rtol: 1e-15 },
      { args: [[1, -2, 0, 3], -Infinity], out: 0 },
      { args: [np.arange(8).reshape([2, 2, 2]), null, [2, 0]], out: [6.48074069840786, 9.899494936611665], rtol: 1e-15 },
      { args: [np.arange(8).reshape([2, 2, 2]), { ord: 1, axis: [0, 2], keepdims: true }], out: [[[6], [10]]] },
    ],
    errors: [
      { args: [X, "nucc"], type: ArgumentError, match: /invalid order/ },
      { args: [[1, 2], "fro"], type: ArgumentError, match: /vector norm/ },
      { args: [np.zeros([2, 2, 2]), 2], type: ShapeError, match: /one axis/ },
      { args: [X, { order: 2 }], type: ArgumentError, match: /unknown option/ },
    ],
    args: [f64([2, 3], 0.5, 2)],
  },
  { name: "np.linalg.norm", label: "nuclear, a stack", f: (x: Tensor) => L.norm(x, { ord: "nuc", axis: [1, 2] }), args: [gappedRectangular([2, 3, 2])] },
  { name: "np.linalg.norm", label: "ord 2 of a matrix", f: (x: Tensor) => L.norm(x, 2), args: [gappedRectangular([3, 3])] },
  { name: "np.linalg.norm", label: "ord 3 over axis 0", f: (x: Tensor) => L.norm(x, 3, 0), args: [f64([3, 2], 0.5, 2)] },
  {
    name: "np.linalg.vectorNorm",
    values: [
      { args: [[[3, 4], [6, 8]], { axis: -1 }], out: [5, 10] }, // np.linalg.vector_norm
      { args: [np.arange(6).reshape([2, 3])], out: 7.416198487095663, rtol: 1e-15 },
      { args: [np.arange(6).reshape([2, 3]), { ord: Infinity, axis: 0, keepdims: true }], out: [[3, 4, 5]] },
      { args: [[1, -2, 3], { ord: 0.5 }], out: 17.191508225450303, rtol: 1e-14 },
    ],
    errors: [{ args: [[1, 2], { ord: "fro" }], type: ArgumentError, match: /vector norm/ }],
    f: (x: Tensor) => L.vectorNorm(x, { axis: [0, 2], ord: 3 }),
    args: [f64([2, 3, 2], 0.5, 2)],
  },
  {
    name: "np.linalg.matrixNorm",
    values: [
      { args: [X, { ord: 1 }], out: 6 }, // np.linalg.matrix_norm
      { args: [np.arange(8).reshape([2, 2, 2])], out: [3.7416573867739413, 11.224972160321824], rtol: 1e-15 },
      { args: [np.arange(8).reshape([2, 2, 2]), { ord: 2, keepdims: true }], out: [[[3.702459173643833]], [[11.223557634089321]]], rtol: 1e-14 },
      { args: [np.arange(8).reshape([2, 2, 2]), { ord: "nuc" }], out: [4.242640687119286, 11.40175425099138], rtol: 1e-14 },
    ],
    errors: [{ args: [[1, 2]], type: ShapeError }],
    f: (x: Tensor) => L.matrixNorm(x, { ord: Infinity }),
    // the max of the row sums has a kink where two tie: uniform entries (fast-check's edge values repeat)
    args: [general([2, 3, 3], 0.5, 2)],
  },
  {
    name: "np.linalg.cond",
    values: [
      { args: [[[1, 2], [2, 1]]], out: 2.9999999999999996, rtol: 1e-14 }, // np.linalg.cond
      { args: [X], out: 14.933034373659268, rtol: 1e-13 },
      { args: [X, 1], out: 20.999999999999993, rtol: 1e-13 },
      { args: [X, Infinity], out: 20.999999999999993, rtol: 1e-13 },
      { args: [X, "fro"], out: 14.999999999999998, rtol: 1e-13 },
      { args: [X, -2], out: 0.06696562634074717, rtol: 1e-13 },
      { args: [T32], out: 27.759144994596202, rtol: 1e-13 },
      { args: [[[1, 2], [0, 0]]], out: Infinity }, // singular: inf, as JAX
      { args: [[[1, 2], [2, 4]], 1], out: Infinity }, // inf/NaN from the singular inverse becomes inf
      { args: [[[NaN, 2], [2, 4]], 1], out: NaN }, // but a NaN input stays NaN
    ],
    errors: [
      { args: [T32, 1], type: ShapeError, match: /square/ },
      { args: [[1, 2]], type: ShapeError },
    ],
    args: [gappedRectangular([3, 3])],
  },
  {
    name: "np.linalg.multiDot",
    values: [
      { args: [[np.arange(1, 7).reshape([3, 2]), X, [1, -1]]], out: [-3, -7, -11], dtype: "float64" }, // np.linalg.multi_dot([B, C, D])
      { args: [[[1, -1], X, np.transpose(X)]], out: [-6, -14] },
      { args: [[np.transpose(np.arange(1, 7).reshape([3, 2])), np.arange(1, 7).reshape([3, 2]), X, X]], out: [[905, 1318], [1148, 1672]] },
      { args: [[np.arange(4).reshape([2, 2]), np.arange(4).reshape([2, 2])]], out: [[2, 3], [6, 11]], dtype: int32 }, // integers stay int32
      { args: [[[1, -1], X, [1, -1]]], out: 0 },
    ],
    errors: [
      { args: [[X]], type: ShapeError, match: /at least two/ },
      { args: [[X, np.ones([3, 2])]], type: ShapeError, match: /do not chain/ },
      { args: [[X, np.ones([2, 2, 2]), X]], type: ShapeError, match: /2-D/ },
    ],
    f: (a: Tensor, b: Tensor, c: Tensor) => L.multiDot([a, b, c]),
    args: [f64([2, 3]), f64([3, 4]), f64([4])],
  },
  {
    name: "np.linalg.tensorsolve",
    values: [
      {
        // T = np.eye(6).reshape(2, 3, 6) * 2 + np.arange(36.).reshape(2, 3, 6) / 36; np.linalg.tensorsolve(T, np.arange(6.).reshape(2, 3))
        args: [np.add(np.multiply(np.eye(6).reshape([2, 3, 6]), 2), np.divide(np.arange(36).reshape([2, 3, 6]), 36)), np.arange(6).reshape([2, 3])],
        out: [-0.16344725111441305, 0.09509658246656756, 0.3536404160475483, 0.6121842496285289, 0.8707280832095099, 1.1292719167904903],
        ...close,
      },
    ],
    errors: [{ args: [np.zeros([2, 3, 5]), np.zeros([2, 3])], type: ShapeError, match: /square system/ }],
    f: (a: Tensor, b: Tensor) => L.tensorsolve(a.reshape([2, 2, 4]), b),
    args: [shifted([4, 4]), f64([2, 2])],
  },
  {
    name: "np.linalg.tensorinv",
    check: () => {
      // T2 = np.eye(6).reshape(6, 2, 3) * 2 + np.arange(36.).reshape(6, 2, 3) / 36; np.linalg.tensorinv(T2, 1), first row
      const t2 = np.add(np.multiply(np.eye(6).reshape([6, 2, 3]), 2), np.divide(np.arange(36).reshape([6, 2, 3]), 36));
      const out = L.tensorinv(t2, 1);
      expect(out.shape).toEqual([2, 3, 6]);
      expect(out.slice(0, 0)).toBeAllclose([0.5136206042595344, 0.006934125804853889, 0.00024764735017335254, -0.006438831104507179, -0.013125309559187715, -0.01981178801386825], { rtol: 1e-13, atol: 1e-15 });
      // ind = 2 on [2, 3, 3, 2]: shape [3, 2, 2, 3], and tensordot with the input is the identity
      const t3 = np.add(np.multiply(np.eye(6), 2), np.divide(np.arange(36).reshape([6, 6]), 36)).reshape([2, 3, 3, 2]);
      const inv3 = L.tensorinv(t3);
      expect(inv3.shape).toEqual([3, 2, 2, 3]);
      expect(np.matmul(t3.reshape([6, 6]), inv3.reshape([6, 6]))).toBeAllclose(np.eye(6), { atol: 1e-14 });
    },
    errors: [
      { args: [np.zeros([2, 3]), 1], type: ShapeError, match: /as many elements/ },
      { args: [np.eye(2), 0], type: ArgumentError, match: /positive integer/ },
    ],
    f: (a: Tensor) => L.tensorinv(a.reshape([4, 2, 2]), 1),
    args: [shifted([4, 4])],
  },
];
