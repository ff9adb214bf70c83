/**
 * Rows for issue 9's group 2, part 3: statistics (average, cov, corrcoef),
 * differences (diff, ediff1d, trapezoid) and whole-array comparisons
 * (arrayEqual, arrayEquiv, isin). Expected values were computed once with
 * numpy 2.4.6 (the call is next to each pin) and pinned; cov and corrcoef
 * sum in another order than numpy's BLAS dot, so their pins allow a few
 * ulps (rtol 1e-13).
 */
import { ArgumentError, DTypeError, np, ShapeError, type Tensor } from "../../../lib/index.ts";
import { f64, type Row } from "../harness.ts";
import { distinct } from "./reductions.ts";

const i32 = "int32" as const;
const x23 = () => np.arange(6).reshape(2, 3).astype("float64");
/** Three variables (rows), four observations. */
const m34 = [[0.5, 1, 4, 2], [3, 1, 2, -1], [0, 2, 2, 5]];
const d24 = [[1, 4, 9, 16], [2, 3, 5, 8]];
const positive = (x: Tensor) => np.add(np.square(x), 0.5);

export const statisticsRows: Row[] = [
  {
    name: "np.average",
    values: [
      { args: [x23()], out: 2.5 }, // np.average(x23)
      { args: [x23(), 1, [1, 2, 3]], out: [1.3333333333333333, 4.333333333333333] }, // np.average(x23, 1, [1, 2, 3])
      { args: [x23(), 0, [1, 3], true], out: [[2.25, 3.25, 4.25], [4, 4, 4]] }, // np.average(x23, 0, [1, 3], returned=True)
      { args: [x23(), { returned: true }], out: [2.5, 6] }, // np.average(x23, returned=True)
      { args: [x23(), { axis: 1, returned: true }], out: [[1, 4], [3, 3]] }, // np.average(x23, axis=1, returned=True)
      { args: [x23(), { weights: [[1, 0, 0], [0, 0, 1]], returned: true }], out: [2.5, 2] }, // np.average(x23, weights=[[1, 0, 0], [0, 0, 1]], returned=True)
      { args: [x23(), { axis: 1, weights: [1, 2, 3], keepdims: true }], out: [[1.3333333333333333], [4.333333333333333]] }, // np.average(x23, 1, [1, 2, 3], keepdims=True)
      { args: [[1, 2, 3], { weights: [3, 1, 0] }], out: 1.25 }, // np.average([1, 2, 3], weights=[3, 1, 0])
      { args: [np.arange(4)], out: 1.5 }, // np.average(np.arange(4))
      { args: [np.ones([3], { dtype: "float32" }), { weights: np.ones([3], { dtype: "float32" }) }], out: 1, dtype: "float32" }, // float32 in, float32 out
    ],
    errors: [
      { args: [x23(), null, [1, 2, 3]], type: ArgumentError, match: /give one axis/ },
      { args: [x23(), 1, [1, 2]], type: ShapeError, match: /length of axis 1/ },
      { args: [x23(), { weight: [1, 2, 3] }], type: ArgumentError, match: /valid options: axis, weights, returned, keepdims/ },
    ],
    f: (x: Tensor, w: Tensor) => np.average(x, 1, positive(w)),
    args: [f64([2, 3]), f64([3])],
  },
  {
    name: "np.average",
    label: "returned, full-shape weights",
    f: (x: Tensor, w: Tensor) => np.average(x, { axis: 0, weights: positive(w), returned: true, keepdims: true }),
    args: [f64([2, 3]), f64([2, 3])],
  },
  {
    name: "np.cov",
    values: [
      { args: [[[0, 1, 2], [2, 1, 0]]], out: [[1, -1], [-1, 1]], rtol: 1e-13 }, // np.cov([[0, 1, 2], [2, 1, 0]])
      { args: [[1, 2, 4], { bias: true }], out: 1.5555555555555554, rtol: 1e-13 }, // np.cov([1, 2, 4], bias=True)
      { args: [m34], out: [[2.395833333333333, -0.29166666666666663, 1.0416666666666665], [-0.29166666666666663, 2.9166666666666665, -3.4166666666666665], [1.0416666666666665, -3.4166666666666665, 4.25]], rtol: 1e-13 }, // np.cov(m)
      { args: [m34, { rowvar: false }], out: [[2.5833333333333335, -0.5833333333333334, -0.6666666666666667, -4.5], [-0.5833333333333334, 0.3333333333333333, -0.33333333333333337, 1.5], [-0.6666666666666667, -0.33333333333333337, 1.3333333333333333, 0], [-4.5, 1.5, 0, 9]], rtol: 1e-13 }, // np.cov(m, rowvar=False)
      { args: [m34, [1, 0, 1, 0]], out: [[2.395833333333333, -0.29166666666666663, 1.0416666666666665, 0.25], [-0.29166666666666663, 2.9166666666666665, -3.4166666666666665, 0.8333333333333333], [1.0416666666666665, -3.4166666666666665, 4.25, -0.8333333333333333], [0.25, 0.8333333333333333, -0.8333333333333333, 0.3333333333333333]], rtol: 1e-13 }, // np.cov(m, [1, 0, 1, 0])
      { args: [m34, { ddof: 0, fweights: [1, 2, 1, 3] }], out: [[1.1326530612244898, -0.2346938775510204, 0.6428571428571428], [-0.2346938775510204, 2.2448979591836733, -2.714285714285714], [0.6428571428571428, -2.714285714285714, 3.4285714285714284]], rtol: 1e-13 }, // np.cov(m, ddof=0, fweights=[1, 2, 1, 3])
      { args: [m34, { fweights: [1, 2, 1, 3], aweights: [0.5, 1, 2, 0.25] }], out: [[2.690828402366864, 0.5325443786982248, 0.29881656804733725], [0.5325443786982248, 1.6331360946745561, -1.7041420118343191], [0.29881656804733725, -1.7041420118343193, 2.100591715976331]], rtol: 1e-13 }, // np.cov(m, fweights=[1, 2, 1, 3], aweights=[0.5, 1, 2, 0.25])
      { args: [m34, { aweights: [0.5, 1, 2, 0.25] }], out: [[3.760714285714286, 0.4285714285714286, 0.7071428571428573], [0.4285714285714286, 1.4285714285714288, -1.4285714285714288], [0.7071428571428573, -1.4285714285714288, 1.8142857142857145]], rtol: 1e-13 }, // np.cov(m, aweights=[0.5, 1, 2, 0.25])
      { args: [m34, { fweights: [1, 2, 1, 3] }], out: [[1.3214285714285716, -0.2738095238095238, 0.75], [-0.2738095238095238, 2.619047619047619, -3.1666666666666665], [0.75, -3.1666666666666665, 4]], rtol: 1e-13 }, // np.cov(m, fweights=[1, 2, 1, 3])
      { args: [[[1, 2]], { ddof: 2 }], out: Infinity, rtol: 1e-13 }, // np.cov([[1., 2]], ddof=2): no degrees of freedom
    ],
    errors: [
      { args: [np.zeros([2, 2, 2])], type: ShapeError, match: /more than 2 dimensions/ },
      { args: [m34, [1, 2]], type: ShapeError, match: /observations/ },
      { args: [m34, { fweights: [1, 2, 1.5, 1] }], type: DTypeError, match: /integers/ },
      { args: [m34, { aweights: [1, -2, 1, 1] }], type: ArgumentError, match: /negative/ },
      { args: [m34, { aweights: [1, 2] }], type: ShapeError, match: /one entry per observation/ },
      { args: [m34, { rowVar: false }], type: ArgumentError, match: /valid options: rowvar, bias, ddof, fweights, aweights, dtype/ },
    ],
    f: (m: Tensor) => np.cov(m),
    args: [f64([3, 4])],
  },
  {
    name: "np.cov",
    label: "rowvar false, y, weights",
    f: (m: Tensor, y: Tensor, a: Tensor) => np.cov(m, y, { rowvar: false, fweights: [1, 2, 1, 3], aweights: positive(a) }),
    args: [f64([4, 2]), f64([4]), f64([4])],
  },
  {
    name: "np.corrcoef",
    values: [
      { args: [[[0, 1, 2], [2, 1.5, 0]]], out: [[1, -0.9607689228305228], [-0.9607689228305228, 1]], rtol: 1e-13 }, // np.corrcoef([[0, 1, 2], [2, 1.5, 0]])
      { args: [m34], out: [[1, -0.11033545687347408, 0.3264419778098174], [-0.1103354568734741, 1, -0.9704311900788593], [0.32644197780981743, -0.9704311900788594, 1]], rtol: 1e-13 }, // np.corrcoef(m)
      { args: [m34, { rowvar: false }], out: [[1, -0.6286185570937123, -0.3592106040535499, -0.9332565252573827], [-0.6286185570937122, 1, -0.5000000000000001, 0.8660254037844387], [-0.3592106040535498, -0.5000000000000001, 1, 0], [-0.9332565252573827, 0.8660254037844387, 0, 1]], rtol: 1e-13 }, // np.corrcoef(m, rowvar=False)
      { args: [[1, 2, 4], [2, 1, 0]], out: [[1, -0.9819805060619656], [-0.9819805060619656, 1]], rtol: 1e-13 }, // np.corrcoef([1, 2, 4], [2, 1, 0])
      { args: [[1, 2, 4]], out: 1, rtol: 1e-13 }, // np.corrcoef([1, 2, 4]): one variable
      { args: [[3, 3, 3]], out: NaN, rtol: 1e-13 }, // np.corrcoef([3, 3, 3]): constant
    ],
    errors: [{ args: [m34, { bias: true }], type: ArgumentError, match: /valid options: rowvar, dtype/ }],
    f: (m: Tensor) => np.corrcoef(m),
    args: [distinct([3, 4])], // a constant variable has no correlation (0/0)
    grads: { order: 1 }, // the diagonal is clipped at 1 (a kink where r = 1 exactly)
  },
  {
    name: "np.diff",
    values: [
      { args: [[1, 4, 9, 16]], out: [3, 5, 7] }, // np.diff([1., 4, 9, 16])
      { args: [d24], out: [[3, 5, 7], [1, 2, 3]] }, // np.diff(x)
      { args: [d24, 2, 1], out: [[2, 2], [1, 1]] }, // np.diff(x, 2, 1)
      { args: [d24, 1, 0], out: [[1, -1, -4, -8]] }, // np.diff(x, 1, 0)
      { args: [d24, 5], out: np.zeros([2, 0]) }, // np.diff(x, 5): more than the length
      { args: [d24, 0], out: d24 }, // np.diff(x, 0)
      { args: [[1, 2, 4], { prepend: 0, append: [10, 20] }], out: [1, 1, 2, 6, 10] }, // np.diff([1., 2, 4], prepend=0, append=[10, 20])
      { args: [d24, { prepend: [[0], [1]] }], out: [[1, 3, 5, 7], [1, 1, 2, 3]] }, // np.diff(x, prepend=[[0], [1]])
      { args: [[true, false, false, true]], out: [true, false, true], dtype: "bool" }, // np.diff([T, F, F, T]): not_equal
      { args: [np.arange(4), { prepend: 2 }], out: [-2, 1, 1, 1], dtype: i32 }, // np.diff(np.arange(4), prepend=2): stays int
    ],
    errors: [
      { args: [3], type: ShapeError, match: /at least one dimension/ },
      { args: [[1, 2], -1], type: ArgumentError, match: /non-negative integer/ },
      { args: [d24, { prepend: [1, 2, 3] }], type: ShapeError, match: /prepend/ },
      { args: [d24, 1, 2], type: ArgumentError, match: /out of bounds/ },
    ],
    f: (x: Tensor, p: Tensor) => np.diff(x, { n: 2, axis: 0, prepend: p, append: 1 }),
    args: [f64([3, 2]), f64([1, 2])],
  },
  {
    name: "np.ediff1d",
    values: [
      { args: [[1, 2, 4, 7], [100], [-1]], out: [-1, 1, 2, 3, 100] }, // np.ediff1d([1., 2, 4, 7], [100], [-1])
      { args: [d24], out: [3, 5, 7, -14, 1, 2, 3] }, // np.ediff1d(x): flattened
      { args: [5], out: np.zeros([0]) }, // np.ediff1d(np.array(5.))
      { args: [np.arange(3), null, [[7, 8]]], out: [7, 8, 1, 1], dtype: i32 }, // np.ediff1d(np.arange(3), None, [[7, 8]])
    ],
    f: (x: Tensor, b: Tensor) => np.ediff1d(x, [1, 2], b),
    args: [f64([2, 3]), f64([2])],
  },
  {
    name: "np.trapezoid",
    values: [
      { args: [[1, 2, 3]], out: 4 }, // np.trapezoid([1, 2, 3])
      { args: [[1, 2, 3], [4, 6, 8]], out: 8 }, // np.trapezoid([1, 2, 3], [4, 6, 8])
      { args: [[1, 2, 3], { dx: 2 }], out: 8 }, // np.trapezoid([1, 2, 3], dx=2)
      { args: [[1, 2, 3], null, 0.5], out: 2 }, // np.trapezoid([1, 2, 3], None, 0.5)
      { args: [d24, { axis: 0 }], out: [1.5, 3.5, 7, 12] }, // np.trapezoid(x, axis=0)
      { args: [x23(), [0, 1, 3]], out: [3.5, 12.5] }, // np.trapezoid(x23, [0, 1, 3])
      { args: [x23(), [[0, 1, 3], [0, 2, 3]]], out: [3.5, 11.5] }, // np.trapezoid(x23, [[0, 1, 3], [0, 2, 3]])
      { args: [[5]], out: 0 }, // np.trapezoid([5.])
      { args: [np.arange(4)], out: 4.5 }, // np.trapezoid(np.arange(4))
    ],
    errors: [
      { args: [5], type: ShapeError, match: /at least one dimension/ },
      { args: [x23(), [0, 1]], type: ShapeError, match: /3 points/ },
      { args: [[1, 2], { dx: 1, axes: 0 }], type: ArgumentError, match: /valid options: x, dx, axis/ },
    ],
    f: (y: Tensor, x: Tensor) => np.trapezoid(y, x, undefined, 0),
    args: [f64([3, 2]), f64([3])],
  },
  { name: "np.trapezoid", label: "dx", f: (y: Tensor) => np.trapezoid(y, { dx: 0.25 }), args: [f64([2, 4])] },
  {
    name: "np.arrayEqual",
    values: [
      { args: [[1, 2], [1, 2]], out: true, dtype: "bool" }, // np.array_equal([1, 2], [1, 2])
      { args: [[1, 2], [[1, 2]]], out: false, dtype: "bool" }, // np.array_equal([1, 2], [[1, 2]]): shapes differ
      { args: [[1, NaN], [1, NaN]], out: false, dtype: "bool" }, // np.array_equal([1, nan], [1, nan])
      { args: [[1, NaN], [1, NaN], { equalNan: true }], out: true, dtype: "bool" }, // np.array_equal(..., equal_nan=True)
      { args: [np.arange(3), [0, 1, 2]], out: true, dtype: "bool" }, // np.array_equal(np.arange(3), [0., 1, 2])
      { args: [np.zeros([0]), np.zeros([0])], out: true, dtype: "bool" }, // np.array_equal(np.zeros(0), np.zeros(0))
    ],
    errors: [{ args: [[1], [1], { equal_nan: true }], type: ArgumentError, match: /valid options: equalNan/ }],
    f: (a: Tensor, b: Tensor) => np.arrayEqual(a, np.where(np.greater(b, 0), a, b)),
    args: [f64([2, 3]), f64([2, 3])],
    grads: "zero",
  },
  {
    name: "np.arrayEquiv",
    values: [
      { args: [[1, 2], [[1, 2], [1, 2]]], out: true, dtype: "bool" }, // np.array_equiv([1, 2], [[1, 2], [1, 2]])
      { args: [[1, 2], [[1, 2], [1, 3]]], out: false, dtype: "bool" }, // np.array_equiv([1, 2], [[1, 2], [1, 3]])
      { args: [[1, 2], [1, 2, 3]], out: false, dtype: "bool" }, // np.array_equiv([1, 2], [1, 2, 3]): no broadcast
    ],
    f: (a: Tensor, b: Tensor) => np.arrayEquiv(a, np.where(np.greater(b, 0), a, b)),
    args: [f64([3]), f64([2, 3])],
    grads: "zero",
  },
  {
    name: "np.isin",
    values: [
      { args: [[[1, 2], [3, 4]], [2, 3, 9]], out: [[false, true], [true, false]], dtype: "bool" }, // np.isin([[1, 2], [3, 4]], [2, 3, 9])
      { args: [[1, 2, 3], [[2], [3]], { invert: true }], out: [true, false, false], dtype: "bool" }, // np.isin([1, 2, 3], [[2], [3]], invert=True)
      { args: [2, [1, 2]], out: true, dtype: "bool" }, // np.isin(2, [1, 2])
      { args: [[1, NaN], [NaN]], out: [false, false], dtype: "bool" }, // np.isin([1., nan], [nan]): NaN is not equal to itself
      { args: [[1, 2], np.zeros([0])], out: [false, false], dtype: "bool" }, // np.isin([1, 2], [])
    ],
    errors: [{ args: [[1], [1], { inverse: true }], type: ArgumentError, match: /valid options: invert, assumeUnique/ }],
    f: (a: Tensor, b: Tensor) => np.isin(a, np.where(np.greater(b, 0), a, b)),
    args: [f64([2, 3]), f64([2, 3])],
    grads: "zero",
  },
];
