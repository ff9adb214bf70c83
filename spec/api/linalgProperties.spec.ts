/**
 * Properties of np.linalg / lax.linalg / the scipy-style helpers on random,
 * well-conditioned stacks (issue 10's "Tests"): reconstruction identities
 * through the public API, checkGrads in both modes on gauge-invariant
 * functions, vmap against a loop and jit against eager on a whole pipeline,
 * float32, and what ill-conditioned and singular inputs give (finite values,
 * or NaN/inf as JAX; never a hang or an exception).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { grad, jit, lax, makeJaxpr, np, scipyLinalg, vmap, type Tensor } from "../../lib/index.ts";
import { checkGrads } from "../../lib/testing/index.ts";
import { rng } from "../primitives/arbitraries.ts";
import { uniformTensor } from "./cases/linalgArgs.ts";

const L = np.linalg;
const RUNS = Math.round(20 * (Number(globalThis.process?.env?.API_RUNS_SCALE ?? 1) || 1));
const swap = (x: Tensor) => np.swapaxes(x, -1, -2);
const eyeLike = (x: Tensor) => np.broadcastTo(np.eye(x.shape[x.ndim - 1], undefined, 0, { dtype: x.dtype }), x.shape);

/** A random stack [...lead, m, n] (lead of 0–2 dims), uniform in [-1, 1). */
const stackArb = (square: boolean) =>
  fc
    .tuple(fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 0x7fffffff }))
    .map(([lead, m, n, seed]) => uniformTensor(rng(seed), [...lead, m, square ? m : n]));

/** x + (n + 1) I: well conditioned. */
const wellConditioned = (x: Tensor) => np.add(x, np.multiply(eyeLike(x), x.shape[x.ndim - 1] + 1));
/** x xᵀ + I: symmetric positive definite. */
const spdOf = (x: Tensor) => np.add(np.matmul(x, swap(x)), eyeLike(x));

describe("reconstruction identities on random stacks", () => {
  it("Q R = A with orthonormal Q and upper-triangular R (reduced and complete)", () => {
    fc.assert(
      fc.property(stackArb(false), fc.boolean(), (a, complete) => {
        const [q, r] = L.qr(a, complete ? "complete" : "reduced") as Tensor[];
        expect(np.matmul(q, r)).toBeAllclose(a, { atol: 1e-13 });
        expect(np.matmul(swap(q), q)).toBeAllclose(np.broadcastTo(np.eye(q.shape[q.ndim - 1]), [...a.shape.slice(0, -2), q.shape[q.ndim - 1], q.shape[q.ndim - 1]]), { atol: 1e-13 });
        const [rows, cols] = r.shape.slice(-2);
        const below = np.multiply(r, np.array(Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (j < i ? 1 : 0)))));
        expect(np.max(np.abs(below)).item()).toBe(0);
      }),
      { numRuns: RUNS },
    );
  });

  it("U diag(s) Vᵀ = A with orthonormal U, V and s descending, ≥ 0", () => {
    fc.assert(
      fc.property(stackArb(false), fc.boolean(), (a, full) => {
        const [u, s, vh] = L.svd(a, { fullMatrices: full }) as Tensor[];
        const k = s.shape[s.ndim - 1];
        const uk = u.slice(...a.shape.slice(0, -2).map(() => null), null, [0, k]);
        const vk = vh.slice(...a.shape.slice(0, -2).map(() => null), [0, k]);
        expect(np.matmul(np.multiply(uk, np.expandDims(s, -2)), vk)).toBeAllclose(a, { atol: 1e-13 });
        expect(np.matmul(swap(u), u)).toBeAllclose(np.broadcastTo(np.eye(u.shape[u.ndim - 1]), [...a.shape.slice(0, -2), u.shape[u.ndim - 1], u.shape[u.ndim - 1]]), { atol: 1e-13 });
        const values = Array.from(s.toTypedArray());
        for (let i = 0; i < values.length; i++) {
          expect(values[i]).toBeGreaterThanOrEqual(0);
          if (i % k !== 0) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("A v = λ v with orthonormal v and λ ascending; L Lᵀ = A; P L U = A; A solve(A, b) = b; A inv(A) = I", () => {
    fc.assert(
      fc.property(stackArb(true), (x) => {
        const sym = np.add(x, swap(x));
        const [w, v] = L.eigh(sym);
        expect(np.matmul(sym, v)).toBeAllclose(np.multiply(v, np.expandDims(w, -2)), { atol: 1e-13 });
        expect(np.matmul(swap(v), v)).toBeAllclose(eyeLike(x), { atol: 1e-13 });
        const spd = spdOf(x);
        const l = L.cholesky(spd);
        expect(np.matmul(l, swap(l))).toBeAllclose(spd, { atol: 1e-13 });
        const [packed, , perm] = lax.linalg.lu(x);
        const n = x.shape[x.ndim - 1];
        const strict = np.array(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j < i ? 1 : 0))));
        const lower = np.add(np.multiply(packed, strict), np.eye(n));
        const upper = np.multiply(packed, np.subtract(1, strict));
        const rows = np.matmul(lower, upper);
        // P A: row i of the product is row perm[i] of A
        const flatPerm = np.add(perm.reshape([-1, n]), np.multiply(np.arange(perm.size / n).reshape([-1, 1]), n));
        expect(rows.reshape([-1, n])).toBeAllclose(np.take(x.reshape([-1, n]), flatPerm.reshape([-1]), 0), { atol: 1e-14 });
        const a = wellConditioned(x);
        const b = np.ones([...x.shape.slice(0, -1), 2]);
        expect(np.matmul(a, L.solve(a, b))).toBeAllclose(b, { atol: 1e-13 });
        expect(np.matmul(a, L.inv(a))).toBeAllclose(eyeLike(a), { atol: 1e-13 });
        // det = Π λ for symmetric matrices, and slogdet agrees with det
        expect(L.det(sym)).toBeAllclose(np.prod(w, -1), { rtol: 1e-10, atol: 1e-12 });
        const [sign, logabs] = L.slogdet(a);
        expect(np.multiply(sign, np.exp(logabs))).toBeAllclose(L.det(a), { rtol: 1e-12 });
      }),
      { numRuns: RUNS },
    );
  });

  it("lstsq satisfies the normal equations; pinv the Penrose conditions; expm(A) expm(-A) = I", () => {
    fc.assert(
      fc.property(stackArb(false), fc.integer({ min: 1, max: 0x7fffffff }), (x, seed) => {
        // rounding errors scale with ‖A⁺‖ (1/s_min, large for an unlucky random matrix)
        const p = L.pinv(x);
        const big = Math.max(1, np.max(np.abs(p)).item());
        if (x.ndim === 2 && x.shape[0] >= x.shape[1]) {
          const b = uniformTensor(rng(seed), [x.shape[0]]);
          const [sol] = L.lstsq(x, b);
          expect(np.matmul(swap(x), np.subtract(np.matmul(x, sol), b))).toBeAllclose(np.zeros([x.shape[1]]), { atol: 1e-13 * big * 10 });
        }
        expect(np.matmul(np.matmul(x, p), x)).toBeAllclose(x, { atol: 1e-13 * big * 10 });
        expect(np.matmul(np.matmul(p, x), p)).toBeAllclose(p, { atol: 1e-13 * big ** 2 * 10 });
        // exp(S) exp(-S) = I for S of norm about 1
        const square = x.shape[x.ndim - 1] === x.shape[x.ndim - 2] ? x : np.matmul(x, swap(x));
        const sq = np.divide(square, square.shape[square.ndim - 1]);
        expect(np.matmul(scipyLinalg.expm(sq), scipyLinalg.expm(np.negative(sq)))).toBeAllclose(eyeLike(sq), { atol: 1e-13 });
      }),
      { numRuns: RUNS },
    );
  });
});

describe("checkGrads on gauge-invariant functions (both modes, order 2)", () => {
  const cases: [string, (x: Tensor) => Tensor][] = [
    ["Σ eigvalsh(A + Aᵀ)²", (x) => np.sum(np.square(L.eigvalsh(np.add(x, swap(x)))))],
    ["‖svd(A).s‖", (x) => L.norm(L.svdvals(x))],
    ["Σ (U diag(s) (U diag(s))ᵀ)·W: U Σ² Uᵀ does not depend on the signs", (x) => {
      const [u, s] = L.svd(x, { fullMatrices: false }) as Tensor[];
      const us = np.multiply(u, np.expandDims(s, -2));
      return np.sum(np.multiply(np.matmul(us, swap(us)), np.arange(x.shape[x.ndim - 2] ** 2).reshape([x.shape[x.ndim - 2], -1])));
    }],
    ["slogdet(A + 4I)", (x) => L.slogdet(wellConditioned(x))[1]],
    ["Σ Q_ij R_jj: each (Q_j, R_j) sign pair cancels", (x) => {
      const [q, r] = L.qr(x) as Tensor[];
      const k = r.shape[r.ndim - 2];
      const diag = np.sum(np.multiply(r.slice(...r.shape.slice(0, -2).map(() => null), null, [0, k]), np.eye(k)), -2);
      return np.sum(np.multiply(q, np.expandDims(diag, -2)));
    }],
    ["Σ solve(A + 4I, B)²", (x) => np.sum(np.square(L.solve(wellConditioned(x), np.ones([...x.shape.slice(0, -1), 2]))))],
    ["Σ inv(A + 4I)", (x) => np.sum(L.inv(wellConditioned(x)))],
    ["Σ expm(A) W", (x) => np.sum(np.multiply(scipyLinalg.expm(x), np.arange(x.shape[x.ndim - 1] ** 2).reshape([x.shape[x.ndim - 1], -1])))],
    ["Σ cholesky(A Aᵀ + I)", (x) => np.sum(L.cholesky(spdOf(x)))],
    ["det(A + 4I)", (x) => np.sum(L.det(wellConditioned(x)))],
  ];
  // diag(1, 2, 3) + a uniform perturbation below 0.2: distinct singular values and eigenvalues of A + Aᵀ (the
  // derivatives of the vectors divide by their gaps), well-conditioned R in QR; otherwise random
  const square3 = fc
    .integer({ min: 1, max: 0x7fffffff })
    .map((seed) => np.add(np.multiply(np.eye(3), np.array([1, 2, 3])), uniformTensor(rng(seed), [3, 3], -0.2, 0.2)));
  for (const [name, f] of cases) {
    it(name, () => {
      fc.assert(fc.property(square3, fc.nat(), (x, seed) => checkGrads(f, [x], { order: 2, seed })), { numRuns: 8 });
    });
  }
});

describe("a Gaussian log-likelihood pipeline (cholesky, triangular solves, slogdet)", () => {
  // -½ (y - μ)ᵀ Σ⁻¹ (y - μ) - ½ log det Σ, Σ = X Xᵀ + I, in two ways
  const viaCholesky = (x: Tensor, y: Tensor) => {
    const l = L.cholesky(spdOf(x));
    const z = scipyLinalg.solveTriangular(l, y, { lower: true });
    return np.subtract(np.multiply(-0.5, np.sum(np.square(z), -1)), np.sum(np.log(np.abs(np.sum(np.multiply(l, np.eye(l.shape[l.ndim - 1])), -1))), -1));
  };
  const viaSolve = (x: Tensor, y: Tensor) => {
    const s = spdOf(x);
    const quad = np.sum(np.multiply(y, L.solve(s, np.expandDims(y, -1)).reshape(y.shape)), -1);
    return np.subtract(np.multiply(-0.5, quad), np.multiply(0.5, L.slogdet(s)[1]));
  };
  const draws = fc.integer({ min: 1, max: 0x7fffffff }).map((seed) => {
    const next = rng(seed);
    return [uniformTensor(next, [3, 4, 4]), uniformTensor(next, [3, 4])] as const;
  });

  it("both ways agree, and so do their gradients", () => {
    fc.assert(
      fc.property(draws, ([x, y]) => {
        expect(viaCholesky(x, y)).toBeAllclose(viaSolve(x, y), { rtol: 1e-12 });
        const g1 = grad((a: Tensor, b: Tensor) => np.sum(viaCholesky(a, b)), { argnums: [0, 1] })(x, y);
        const g2 = grad((a: Tensor, b: Tensor) => np.sum(viaSolve(a, b)), { argnums: [0, 1] })(x, y);
        expect(g1).toBeAllclose(g2, { rtol: 1e-10, atol: 1e-12 });
      }),
      { numRuns: 10 },
    );
  });

  it("vmap(grad) equals a loop of grad, and jit(vmap(grad)) equals it bitwise", () => {
    const perExample = grad((a: Tensor, b: Tensor) => viaSolve(a, b), { argnums: [0, 1] });
    fc.assert(
      fc.property(draws, ([x, y]) => {
        const batched = vmap(perExample)(x, y) as Tensor[];
        const loop = [0, 1, 2].map((i) => perExample(x.slice(i), y.slice(i)) as Tensor[]);
        expect(batched[0]).toBeAllclose(np.stack(loop.map((g) => g[0])), { rtol: 1e-12, atol: 1e-14 });
        expect(batched[1]).toBeAllclose(np.stack(loop.map((g) => g[1])), { rtol: 1e-12, atol: 1e-14 });
        const jitted = jit(vmap(perExample))(x, y) as Tensor[];
        jitted.forEach((g, i) => expect(Array.from(g.toTypedArray())).toEqual(Array.from(batched[i].toTypedArray())));
      }),
      { numRuns: 5 },
    );
  });

  it("the gradient of solve is one LU and solves with its factors (JAX's custom linear solve)", () => {
    const a = np.add(np.eye(4), np.multiply(0.1, np.arange(16).reshape([4, 4])));
    const jaxpr = makeJaxpr(grad((m: Tensor) => np.sum(L.solve(m, np.ones([4])))))(a);
    const names = jaxpr.jaxpr.eqns.map((e) => e.primitive.name);
    expect(names.filter((n) => n === "lu")).toHaveLength(1);
    const solves = jaxpr.jaxpr.eqns.filter((e) => e.primitive.name === "triangular_solve");
    expect(solves.filter((e) => (e.params as { transposeA: boolean }).transposeA)).toHaveLength(2);
  });
});

describe("float32", () => {
  it("decompositions keep float32 and agree with float64 to float32 precision", () => {
    const x = uniformTensor(rng(7), [2, 4, 4]);
    const x32 = x.astype("float32");
    const a = wellConditioned(x);
    const a32 = a.astype("float32");
    const pairs: [Tensor, Tensor][] = [
      [L.solve(a32, np.ones([4], { dtype: "float32" })), L.solve(a, np.ones([4]))],
      [L.eigvalsh(np.add(x32, swap(x32))), L.eigvalsh(np.add(x, swap(x)))],
      [L.svdvals(x32), L.svdvals(x)],
      [L.det(a32), L.det(a)],
      [scipyLinalg.expm(x32), scipyLinalg.expm(x)],
      [L.cholesky(spdOf(x32)), L.cholesky(spdOf(x))],
    ];
    for (const [single, double] of pairs) {
      expect(single.dtype).toBe("float32");
      expect(single).toBeAllclose(double.astype("float32"), { rtol: 1e-4, atol: 1e-5 });
    }
    const g = grad((m: Tensor) => np.sum(L.slogdet(m)[1]))(a32);
    expect(g.dtype).toBe("float32");
    expect(g).toBeAllclose(swap(L.inv(a)).astype("float32"), { rtol: 1e-4, atol: 1e-5 });
  });
});

describe("ill-conditioned and singular inputs: finite, or NaN/inf as JAX, never a hang", () => {
  const hilbert = (n: number) => np.array(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => 1 / (i + j + 1))));

  it("a 12×12 Hilbert matrix (cond ≈ 1.7e16): solve, inv, eigvalsh, svd and slogdet are finite; the residual stays small", () => {
    const h = hilbert(12);
    const b = np.ones([12]);
    const x = L.solve(h, b);
    expect(Array.from(x.toTypedArray()).every(Number.isFinite)).toBe(true);
    // backward stable: ‖H x - b‖ is of the order of ε ‖H‖ ‖x‖ even though x itself is inaccurate
    const residual = L.norm(np.subtract(np.matmul(h, x), b)).item();
    expect(residual).toBeLessThan(1e-14 * L.norm(h).item() * L.norm(x).item() * 100);
    for (const t of [L.inv(h), L.eigvalsh(h), L.svdvals(h), L.slogdet(h)[1]]) expect(Array.from(t.toTypedArray()).every(Number.isFinite)).toBe(true);
    // numpy: 1.75e16 (LAPACK's smallest singular value is rounding noise of 1e-16); the SVD kernel deflates values
    // below ε‖A‖ to exactly 0, so cond is inf here: either way, singular to working precision
    expect(L.cond(h).item()).toBeGreaterThan(1e15);
    expect(L.matrixRank(h).item()).toBe(11); // numpy: 11 (the smallest singular value is below the default cutoff)
  });

  it("singular matrices: solve and inv give inf/NaN, det 0, slogdet (0, -inf), cond inf", () => {
    const s = np.array([[1, 2], [2, 4]]);
    expect(Array.from(L.solve(s, [1, 3]).toTypedArray()).some((v) => !Number.isFinite(v))).toBe(true);
    expect(Array.from(L.inv(np.zeros([3, 3])).toTypedArray()).every((v) => !Number.isFinite(v))).toBe(true);
    expect(L.det(s).item()).toBe(0);
    expect(L.slogdet(s).map((t) => t.item())).toEqual([0, -Infinity]);
    expect(L.cond(s).item()).toBe(Infinity);
    // the derivative of det at a singular matrix is the adjugate (finite); that of slogdet is not finite
    expect(grad((m: Tensor) => L.det(m))(s)).toBeAllclose([[4, -2], [-2, 1]]);
    expect(Array.from(grad((m: Tensor) => L.slogdet(m)[1])(s).toTypedArray()).some((v) => !Number.isFinite(v))).toBe(true);
  });

  it("NaN and infinite entries give NaN factors (eigh, svd, cholesky, qr stays defined), not exceptions", () => {
    const bad = np.array([[1, NaN], [NaN, 2]]);
    expect(Array.from(L.eigvalsh(bad).toTypedArray()).every(Number.isNaN)).toBe(true);
    expect(Array.from(L.svdvals(np.array([[Infinity, 1], [1, 2]])).toTypedArray()).every(Number.isNaN)).toBe(true);
    expect(Array.from(L.cholesky(bad).toTypedArray()).every(Number.isNaN)).toBe(true);
    expect(Array.from(scipyLinalg.expm(bad).toTypedArray()).every(Number.isNaN)).toBe(true);
    expect(Array.from(L.cholesky([[1, 2], [2, 1]]).toTypedArray()).every(Number.isNaN)).toBe(true);
  });

  it("repeated eigenvalues: the eigenvalue gradient is right, the eigenvector tangent is not finite (documented)", () => {
    // Σ λ = tr A: gradient I even at A = I, where every eigenvalue is 1
    expect(grad((m: Tensor) => np.sum(L.eigvalsh(m)))(np.eye(3))).toBeAllclose(np.eye(3));
    const vectorsGrad = grad((m: Tensor) => np.sum(np.multiply(L.eigh(m)[1], np.arange(9).reshape([3, 3]))))(np.eye(3));
    expect(Array.from(vectorsGrad.toTypedArray()).some((v) => !Number.isFinite(v))).toBe(true);
  });

  it("huge and tiny scales stay finite where the answer is", () => {
    const big = np.multiply(np.array([[2, 1], [1, 3]]), 1e150);
    expect(L.slogdet(big)[1].item()).toBeCloseTo(Math.log(5) + 300 * Math.log(10), 8);
    expect(L.eigvalsh(np.multiply(np.array([[2, 1], [1, 2]]), 1e-300))).toBeAllclose([1e-300, 3e-300], { rtol: 1e-12 });
    expect(L.svdvals(np.multiply(np.array([[3, 0], [0, 4]]), 1e200))).toBeAllclose([4e200, 3e200], { rtol: 1e-12 });
  });
});
