/**
 * Rows for the samplers built on `np.linalg` (issue 9, items 7 and 8):
 * `random.multivariateNormal` (each factoring method), `random.orthogonal`
 * and `nn.initializers.orthogonal`. Values against closed forms at fixed
 * keys (a diagonal covariance scales the normals `random.normal` draws for
 * the same key and shape, as JAX's algorithm does; the Haar-corrected Q is
 * the Gram–Schmidt orthonormalization of the normal matrix drawn for the
 * same key), and distributions on 20,000 draws from fixed keys (so the
 * checks are deterministic): Kolmogorov–Smirnov distances below 2/√n for
 * the Mahalanobis distance (χ² with n degrees of freedom) and for
 * projections of the multivariate normals, and for an entry of Haar
 * matrices (uniform on [-1, 1] for n = 3); frequencies within 4 standard
 * errors. Derivatives in the mean and the covariance by `checkGrads`
 * (the draw at a fixed key is a smooth function of them where the
 * factorization is: a positive definite cov, distinct eigenvalues).
 */
import { expect } from "vitest";
import { ArgumentError, DTypeError, nn, np, random, ShapeError, type Tensor } from "../../../lib/index.ts";
import { ksBound, ksDistance, mean, normalCdf } from "../../random/stats.ts";
import { f64, keyArg, type ErrorPin, type Row } from "../harness.ts";

const N = 20000;
const BOUND = ksBound(N);
const k0 = random.key(0);
const k7 = random.key(7);
const rows = (t: Tensor) => t.toArray() as number[][];

/** A float key and a stack of keys are refused, naming the function; `rest` are the call's other arguments. */
const badKeys = (...rest: unknown[]): ErrorPin[] => [
  { args: [np.zeros([2]), ...rest], type: ArgumentError, match: /uint32\[2\]/ },
  { args: [random.split(k0), ...rest], type: ArgumentError, match: /a stack of keys/ },
];

// multivariate normal

const MU = [1, -2];
const SIGMA = [[2, 0.6], [0.6, 1]];

/** 2×2 helpers: Σ⁻¹ and the quadratic form of a vector. */
function inverse2([[a, b], [c, d]]: number[][]): number[][] {
  const det = a * d - b * c;
  return [[d / det, -b / det], [-c / det, a / det]];
}

/**
 * The draws of N(MU, SIGMA): the Mahalanobis distance d² = (x - μ)ᵀ Σ⁻¹ (x - μ) is χ²(2) (CDF 1 - e^(-d²/2)),
 * and each projection uᵀx is N(uᵀμ, uᵀΣu) (u = (1, 1), (1, -1), (1, 0): a wrong correlation's sign or a
 * transposed factor changes them).
 */
function expectMvn(draws: Tensor): void {
  const xs = rows(draws);
  const inv = inverse2(SIGMA);
  const d2 = xs.map(([x, y]) => {
    const [p, q] = [x - MU[0], y - MU[1]];
    return p * (inv[0][0] * p + inv[0][1] * q) + q * (inv[1][0] * p + inv[1][1] * q);
  });
  expect(ksDistance(d2, (v) => (v <= 0 ? 0 : -Math.expm1(-v / 2)))).toBeLessThan(BOUND);
  for (const [u0, u1] of [[1, 1], [1, -1], [1, 0]]) {
    const m = u0 * MU[0] + u1 * MU[1];
    const s = Math.sqrt(u0 * u0 * SIGMA[0][0] + 2 * u0 * u1 * SIGMA[0][1] + u1 * u1 * SIGMA[1][1]);
    expect(ksDistance(xs.map(([x, y]) => u0 * x + u1 * y), (v) => normalCdf((v - m) / s))).toBeLessThan(BOUND);
  }
}

/** A symmetric positive definite covariance from any 2×2 matrix: A Aᵀ + I. */
const spd = (a: Tensor) => np.add(np.matmul(a, np.swapaxes(a, -1, -2)), np.eye(2));
/**
 * A covariance with eigenvalues near 1 and 4 (at least 1.8 apart), from a 2×2 matrix b with entries in [0.1, 1]: its
 * off-diagonal 0.15·(b₀₁ + b₁₀) stays positive, away from an exactly diagonal cov, where the SVD kernel returns the
 * singular vectors with other signs than at its neighbours (both valid, but the draws jump there).
 */
const separated = (b: Tensor) => np.add(np.array([[1, 0], [0, 4]]), np.multiply(np.add(b, np.swapaxes(b, -1, -2)), 0.15));

const mvnErrors: ErrorPin[] = [
  ...badKeys(MU, SIGMA),
  { args: [k0, 1, [[1]]], type: ShapeError, match: /mean must have at least one axis/ },
  { args: [k0, [0, 0], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]], type: ShapeError, match: /cov must have shape \[\.\.\., 2, 2\]/ },
  { args: [k0, np.zeros([4, 2]), np.eye(2), [3]], type: ShapeError, match: /broadcast to the shape argument/ },
  { args: [k0, np.zeros([4, 2]), np.eye(2), [2, 1]], type: ShapeError, match: /broadcast to the shape argument/ },
  { args: [k0, np.zeros([3, 2]), np.zeros([4, 2, 2])], type: ShapeError, match: /do not broadcast/ },
  { args: [k0, MU, SIGMA, null, { method: "lu" }], type: ArgumentError, match: /method must be "cholesky", "eigh" or "svd"/ },
  { args: [k0, MU, SIGMA, null, { method: "svd" }, "eigh"], type: ArgumentError, match: /method is given twice/ },
  { args: [k0, MU, SIGMA, null, { metod: "svd" }], type: ArgumentError, match: /unknown option "metod"/ },
  { args: [k0, MU, SIGMA, null, "int32"], type: DTypeError },
];

function mvnRows(): Row[] {
  const methods = ["cholesky", "eigh", "svd"] as const;
  return methods.map((method): Row => ({
    name: "random.multivariateNormal",
    label: method,
    // a diagonal covariance diag(4, 9): its Cholesky factor diag(2, 3) scales JAX's normal(key, shape + [n]) column by column
    values:
      method === "cholesky"
        ? [{ args: [random.key(3), [1, -1], [[4, 0], [0, 9]], [3]], out: np.add([1, -1], np.multiply(random.normal(random.key(3), [3, 2]), [2, 3])).toArray() }]
        : undefined,
    errors: method === "cholesky" ? mvnErrors : undefined,
    // cholesky: any positive definite cov; eigh and svd: distinct eigenvalues (the factor's derivative divides by their gaps)
    f:
      method === "cholesky"
        ? (k: Tensor, mu: Tensor, a: Tensor) => random.multivariateNormal(k, mu, spd(a), [3])
        : (k: Tensor, mu: Tensor, b: Tensor) => random.multivariateNormal(k, mu, separated(b), [3], { method }),
    args: [keyArg(), f64([2]), method === "cholesky" ? f64([2, 2], -1, 1) : f64([2, 2], 0.1, 1)],
    check: () => {
      expectMvn(random.multivariateNormal(k7, MU, SIGMA, [N], { method }));
      // positionally, as JAX: (key, mean, cov, shape, dtype, method)
      expect(random.multivariateNormal(k7, MU, SIGMA, [4], "float32", method).dtype).toBe("float32");
      if (method === "cholesky") {
        // shapes: the batch of mean and cov broadcast, or the shape argument; a stack of covariances
        expect(random.multivariateNormal(k0, np.zeros([3, 2]), np.eye(2)).shape).toEqual([3, 2]);
        expect(random.multivariateNormal(k0, [0, 0], np.stack([np.eye(2), np.eye(2)]), [4, 2]).shape).toEqual([4, 2, 2]);
        // each covariance of a stack is its own: draws from [[1, 0], [0, 1]] and from 100·I
        const two = random.multivariateNormal(k7, [0, 0], np.stack([np.eye(2), np.multiply(np.eye(2), 100)]), [N, 2]);
        const sd = (j: number) => Math.sqrt(mean(rows(two.slice(null, j)).map(([x]) => x * x)));
        expect(Math.abs(sd(0) - 1)).toBeLessThan(0.03);
        expect(Math.abs(sd(1) - 10)).toBeLessThan(0.3);
        expect(random.multivariateNormal(k0, np.array([0, 0], { dtype: "float32" }), np.eye(2).astype("float32")).dtype).toBe("float32");
      } else {
        // diag(4, 9): eigh's factor is diag(±2, ±3) (eigenvalues ascending), svd's [[0, ±2], [±3, 0]] (singular values
        // descending), each column's sign the kernel's choice: the same normals, scaled and (for svd) swapped
        const z = rows(random.normal(random.key(3), [3, 2]));
        const x3 = rows(random.multivariateNormal(random.key(3), [1, -1], [[4, 0], [0, 9]], [3], { method }));
        x3.forEach(([a, b], i) => {
          const [za, zb] = method === "eigh" ? [2 * z[i][0], 3 * z[i][1]] : [2 * z[i][1], 3 * z[i][0]];
          expect(Math.abs(Math.abs(a - 1) - Math.abs(za))).toBeLessThan(1e-14);
          expect(Math.abs(Math.abs(b + 1) - Math.abs(zb))).toBeLessThan(1e-14);
        });
        // a singular covariance [[1, 1], [1, 1]]: the two coordinates are one N(0, 1) draw (to √ε with eigh, whose zero
        // eigenvalue comes out as rounding noise ~2e-16, so its square root puts ~1e-8 of the other direction in)
        const x = rows(random.multivariateNormal(k7, [0, 0], [[1, 1], [1, 1]], [N], { method }));
        const tol = method === "eigh" ? 1e-7 : 1e-12;
        expect(x.every(([a, b]) => Math.abs(a - b) < tol * (1 + Math.abs(a)))).toBe(true);
        expect(ksDistance(x.map(([a]) => a), normalCdf)).toBeLessThan(BOUND);
      }
    },
  }));
}

// orthogonal

/** Gram–Schmidt orthonormalization of the columns of a matrix (the Q with a positive diagonal R). */
function gramSchmidt(z: number[][]): number[][] {
  const m = z.length, n = z[0].length;
  const q = z.map((r) => r.slice());
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < m; i++) dot += q[i][k] * q[i][j];
      for (let i = 0; i < m; i++) q[i][j] -= dot * q[i][k];
    }
    const norm = Math.hypot(...q.map((r) => r[j]));
    for (let i = 0; i < m; i++) q[i][j] /= norm;
  }
  return q;
}

/** Every matrix of a stack has orthonormal columns (or rows, with `byRows`) to 1e-14. */
function expectOrthonormal(q: Tensor, byRows = false): void {
  const m = byRows ? q : np.swapaxes(q, -1, -2);
  const gram = np.matmul(m, np.swapaxes(m, -1, -2));
  const k = gram.shape[gram.ndim - 1];
  expect(np.max(np.abs(np.subtract(gram, np.eye(k)))).item()).toBeLessThan(1e-14);
}

function orthogonalRows(): Row[] {
  return [
    {
      name: "random.orthogonal",
      values: [
        // 1×1: the sign of the one normal drawn
        { args: [k7, 1], out: np.sign(random.normal(k7, [1, 1])).toArray() },
        // JAX's method: Q of normal(key, shape + [n, n]) with R's diagonal made positive is Gram–Schmidt of its columns
        { args: [k7, 3], out: gramSchmidt(rows(random.normal(k7, [3, 3]))), rtol: 1e-13, atol: 1e-14 },
        // n < m: the transpose of the tall draw's Q (normal(key, [m, n]))
        { args: [k7, 2, [], "float64", 3], out: np.transpose(np.array(gramSchmidt(rows(random.normal(k7, [3, 2]))))).toArray(), rtol: 1e-13, atol: 1e-14 },
      ],
      errors: [
        ...badKeys(3),
        { args: [k0, -1], type: ArgumentError, match: /n must be a non-negative integer/ },
        { args: [k0, 2.5], type: ArgumentError, match: /n must be a non-negative integer/ },
        { args: [k0, 3, [], "int32"], type: DTypeError },
        { args: [k0, 3, [], { m: 2 }, 4], type: ArgumentError, match: /m is given twice/ },
        { args: [k0, 3, [-1]], type: ShapeError },
      ],
      f: (k: Tensor) => random.orthogonal(k, 3, [2]),
      args: [keyArg()],
      check: () => {
        expectOrthonormal(random.orthogonal(k0, 4, [3]));
        expectOrthonormal(random.orthogonal(k0, 2, [3], { m: 5 }), true);
        expectOrthonormal(random.orthogonal(k0, 5, [], "float64", 2));
        expect(random.orthogonal(k0, 2, [5], "float32", 4).shape).toEqual([5, 2, 4]);
        expect(random.orthogonal(k0, 0).shape).toEqual([0, 0]);
        // uniform on O(3): an entry is uniform on [-1, 1] (its density ∝ (1 - x²)^((n - 3)/2)), det = ±1 equally often;
        // without the sign correction Q[0, 0] = -|z₀₀|/‖z₀‖ would never be positive
        const qs = random.orthogonal(k7, 3, [N]);
        expect(ksDistance(Array.from(qs.slice(null, 0, 0).toTypedArray()), (x) => Math.min(1, Math.max(0, (x + 1) / 2)))).toBeLessThan(BOUND);
        expect(ksDistance(Array.from(qs.slice(null, 2, 1).toTypedArray()), (x) => Math.min(1, Math.max(0, (x + 1) / 2)))).toBeLessThan(BOUND);
        const dets = Array.from(np.linalg.det(qs).toTypedArray());
        expect(dets.every((d) => Math.abs(Math.abs(d) - 1) < 1e-12)).toBe(true);
        expect(Math.abs(dets.filter((d) => d > 0).length / N - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / N));
      },
    },
    {
      name: "nn.initializers.orthogonal",
      errors: [{ args: ["big"], type: ArgumentError, match: /scale/ }, { args: [1, { columnAxs: 0 }], type: ArgumentError, match: /unknown option "columnAxs"/ }],
      f: (k: Tensor) => nn.initializers.orthogonal(2)(k, [4, 3]),
      args: [keyArg()],
      check: () => {
        const init = nn.initializers.orthogonal;
        // JAX's: rows × columns from random.orthogonal, times scale
        expect(init(2)(k7, [5, 3]).toArray()).toEqual(np.multiply(random.orthogonal(k7, 5, [], "float64", 3), 2).toArray());
        expectOrthonormal(init()(k7, [6, 4]));
        expectOrthonormal(init()(k7, [3, 8]), true);
        // columnAxis 0 of [3, 2, 5]: 3 columns, the other axes flattened into 10 rows, moved back
        const w = init(1, 0)(k7, [3, 2, 5]);
        expect(w.shape).toEqual([3, 2, 5]);
        expect(w.toArray()).toEqual(np.moveaxis(random.orthogonal(k7, 10, [], "float64", 3).reshape([2, 5, 3]), -1, 0).toArray());
        expect(init(1, { columnAxis: 0, dtype: "float32" })(k7, [3, 4]).dtype).toBe("float32");
        expect(init()(k7, [0, 3]).toArray()).toEqual([]);
        expect(() => init()(k7, [4])).toThrow(ShapeError);
        expect(() => init(1, 2)(k7, [4, 3])).toThrow(/columnAxis 2 is out of range/);
      },
    },
  ];
}

export const randomMatrixRows: Row[] = [...mvnRows(), ...orthogonalRows()];
