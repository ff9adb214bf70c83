/**
 * Rows for `random` (issue 9, item 8). Values are pinned from JAX where JAX
 * documents them (its tests and jax-js's, which pin JAX's outputs:
 * `random.bits(random.key(0))` is 4070199207, ...); every sampler's
 * distribution is checked on 20,000 draws from a fixed key: a
 * Kolmogorov–Smirnov distance below 2/√n from an independent CDF
 * (spec/random/stats.ts), or moments within about 4 standard errors. The
 * random-input properties run with random keys: `vmap` over a stack of keys
 * equals the loop over them, and `jit` equals eager bit for bit, keys traced.
 * Derivatives in float parameters are checked by `checkGrads` (a draw at a
 * fixed key is a smooth function of them), except for the gamma family,
 * whose implicit-reparameterization derivative is checked against
 * -(∂P/∂a)/(∂P/∂x) instead.
 */
import { expect } from "vitest";
import { ArgumentError, DTypeError, grad, jit, np, random, ShapeError, vmap, type Tensor } from "../../../lib/index.ts";
import { betaI, gammaP, ksBound, ksDistance, lanczosLogGamma, mean, normalCdf, tCdf, variance } from "../../random/stats.ts";
import { f64, keyArg, type ErrorPin, type Row } from "../harness.ts";

const N = 20000;
const BOUND = ksBound(N);
const data = (t: Tensor) => Array.from(t.toTypedArray());
const k0 = random.key(0);
const k7 = random.key(7);
/** The KS distance of N draws of `draw` from `cdf` is below 2/√N. */
const ks = (draws: Tensor, cdf: (x: number) => number) => expect(ksDistance(data(draws), cdf)).toBeLessThan(BOUND);

/** ∂x/∂a of a Gamma(a) draw x holding its CDF fixed: -(∂P/∂a)/(∂P/∂x), the first by the five-point difference. */
function implicitGradient(a: number, x: number): number {
  const h = 1e-3 * a;
  const dPda = (8 * (gammaP(a + h, x) - gammaP(a - h, x)) - (gammaP(a + 2 * h, x) - gammaP(a - 2 * h, x))) / (12 * h);
  return -dPda / Math.exp((a - 1) * Math.log(x) - x - lanczosLogGamma(a));
}

/** A float key and a stack of keys are refused, naming the function; `rest` are the call's other arguments. */
const badKeys = (...rest: unknown[]): ErrorPin[] => [
  { args: [np.zeros([2]), ...rest], type: ArgumentError, match: /uint32\[2\]/ },
  { args: [random.split(k0), ...rest], type: ArgumentError, match: /a stack of keys/ },
];

export const randomRows: Row[] = [
  // keys and words
  {
    name: "random.key",
    values: [
      { args: [0], out: [0, 0], dtype: "uint32" }, // jax.random.key_data(jax.random.key(0))
      { args: [-1], out: [4294967295, 4294967295], dtype: "uint32" }, // with x64: int64 seeds
      { args: [2 ** 32 + 5], out: [1, 5], dtype: "uint32" },
      { args: [np.array(-3, { dtype: "int32" })], out: [4294967295, 4294967293], dtype: "uint32" },
    ],
    errors: [
      { args: [1.5], type: ArgumentError, match: /integer/ },
      { args: [np.array([1, 2], { dtype: "int32" })], type: ArgumentError, match: /0-d/ },
    ],
    check: () => {
      // a traced seed: vmap(random.key) over seeds, as jax-js's test
      const keys = vmap((s: Tensor) => random.key(s))(np.arange(5));
      expect(keys.toArray()).toEqual([[0, 0], [0, 1], [0, 2], [0, 3], [0, 4]]);
      expect(jit((s: Tensor) => random.key(s))(np.array(-3, { dtype: "int32" })).toArray()).toEqual([4294967295, 4294967293]);
    },
  },
  {
    name: "random.split",
    values: [
      // jax.random.split(jax.random.key(1), 3), as jax-js pins it
      { args: [random.key(1), 3], out: [[507451445, 1853169794], [1948878966, 4237131848], [2441914641, 3819641963]], dtype: "uint32" },
    ],
    errors: [...badKeys(), { args: [k0, 1.5], type: ArgumentError, match: /num/ }],
    f: (k: Tensor) => random.split(k, 3),
    args: [keyArg()],
    check: () => {
      // a shape of keys is the same counters laid out in that shape; the keys iterate along axis 0
      expect(random.split(k7, [2, 3]).toArray()).toEqual(random.split(k7, 6).reshape([2, 3, 2]).toArray());
      const [a, b] = random.split(k7);
      expect([a.toArray(), b.toArray()]).toEqual(random.split(k7).toArray());
    },
  },
  {
    name: "random.foldIn",
    values: [{ args: [k0, 4], out: [2285895361, 433833334], dtype: "uint32" }], // jax.random.fold_in(key(0), 4), JAX's testPRNGValues
    errors: [{ args: [k0, 2 ** 32], type: ArgumentError, match: /32 bits/ }, { args: [k0, np.array([1, 2], { dtype: "int32" })], type: ArgumentError, match: /0-d/ }],
    f: (k: Tensor) => random.foldIn(k, 12345),
    args: [keyArg()],
    check: () => {
      // a traced datum: the folds of a scan step counter
      const folded = jit((k: Tensor, i: Tensor) => random.foldIn(k, i))(k0, np.array(4, { dtype: "int32" }));
      expect(folded.toArray()).toEqual([2285895361, 433833334]);
    },
  },
  {
    name: "random.bits",
    values: [
      { args: [k0], out: 4070199207, dtype: "uint32" }, // jax.random.bits(jax.random.key(0))
      { args: [random.key(10), [4]], out: [169096361, 1572511259, 2689743692, 2228103506], dtype: "uint32" }, // jax.random.bits(jax.random.key(10), (4,))
    ],
    errors: [...badKeys([2]), { args: [k0, [2], "int32"], type: DTypeError, match: /uint32/ }, { args: [k0, [-1]], type: ShapeError, match: /non-negative/ }],
    f: (k: Tensor) => random.bits(k, [2, 3]),
    args: [keyArg()],
    check: () => {
      // every bit is a fair coin: the mean of each of the 32 bits over N words is ½ within 4 standard errors
      const words = random.bits(k7, [N]).toTypedArray();
      for (let bit = 0; bit < 32; bit++) {
        let ones = 0;
        for (const w of words) ones += (w >>> bit) & 1;
        expect(Math.abs(ones / N - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / N));
      }
    },
  },
  {
    name: "random.threefry2x32",
    values: [
      { args: [[0, 0], [0, 0]], out: new Uint32Array([0x6b200159, 0x99ba4efe]) }, // Random123's known answers, JAX's testThreefry2x32
      { args: [[0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff]], out: new Uint32Array([0x1cb996fc, 0xbb002be7]) },
      { args: [[0x13198a2e, 0x03707344], [0x243f6a88, 0x85a308d3]], out: new Uint32Array([0xc4923a9c, 0x483df7a0]) },
    ],
    errors: [{ args: [[0], [0, 0]], type: ArgumentError, match: /2 uint32 words/ }],
  },
  // continuous
  {
    name: "random.uniform",
    values: [
      // jax.random.uniform(jax.random.key(51), (4,), float32), as jax-js pins it (6-8 printed digits)
      { args: [random.key(51), [4], "float32"], out: [0.471269, 0.12344253, 0.17550635, 0.5663593], dtype: "float32", rtol: 0, atol: 5e-8 },
    ],
    errors: [...badKeys([2]), { args: [k0, [2], { dtype: "int32" }], type: DTypeError }, { args: [k0, [2], { minval: [0, 1, 2] }], type: ShapeError, match: /broadcast/ }],
    f: (k: Tensor, lo: Tensor, w: Tensor) => random.uniform(k, [4], { minval: lo, maxval: np.add(lo, np.exp(w)) }),
    args: [keyArg(), f64([], -2, 2), f64([4], -1, 1)],
    check: () => {
      ks(random.uniform(k7, [N]), (x) => Math.min(1, Math.max(0, x)));
      ks(random.uniform(k7, [N], { minval: -3, maxval: 5, dtype: "float32" }), (x) => Math.min(1, Math.max(0, (x + 3) / 8)));
    },
  },
  {
    name: "random.normal",
    errors: [...badKeys([2]), { args: [k0, [2], "int32"], type: DTypeError }],
    f: (k: Tensor) => random.normal(k, [2, 2]),
    args: [keyArg()],
    check: () => {
      ks(random.normal(k7, [N]), normalCdf);
      ks(random.normal(k7, [N], { dtype: "float32" }), normalCdf);
    },
  },
  {
    name: "random.truncatedNormal",
    errors: [...badKeys(-1, 1), { args: [k0, [-1, 0], [1, 1, 1]], type: ShapeError }],
    f: (k: Tensor, lo: Tensor, w: Tensor) => random.truncatedNormal(k, lo, np.add(lo, np.add(np.exp(w), 0.2)), [3]),
    args: [keyArg(), f64([], -2, 1), f64([3], -1, 1)],
    check: () => {
      const x = data(random.truncatedNormal(k7, -0.3, 0.3, [N]));
      expect(x.every((v) => v > -0.3 && v < 0.3)).toBe(true);
      const z = normalCdf(0.3) - normalCdf(-0.3);
      expect(ksDistance(x, (v) => (normalCdf(v) - normalCdf(-0.3)) / z)).toBeLessThan(BOUND);
      // one-sided: (-inf, 0]
      ks(random.truncatedNormal(k7, -Infinity, 0, [N]), (v) => Math.min(1, normalCdf(v) / 0.5));
    },
  },
  {
    name: "random.exponential",
    errors: badKeys([2]),
    f: (k: Tensor) => random.exponential(k, [3]),
    args: [keyArg()],
    check: () => ks(random.exponential(k7, [N]), (x) => (x <= 0 ? 0 : -Math.expm1(-x))),
  },
  {
    name: "random.laplace",
    errors: badKeys([2]),
    f: (k: Tensor) => random.laplace(k, [3], "float32"),
    args: [keyArg()],
    check: () => ks(random.laplace(k7, [N]), (x) => (x < 0 ? 0.5 * Math.exp(x) : 1 - 0.5 * Math.exp(-x))),
  },
  {
    name: "random.logistic",
    errors: badKeys([2]),
    f: (k: Tensor) => random.logistic(k, [3]),
    args: [keyArg()],
    check: () => ks(random.logistic(k7, [N]), (x) => 1 / (1 + Math.exp(-x))),
  },
  {
    name: "random.gumbel",
    errors: badKeys([2]),
    f: (k: Tensor) => random.gumbel(k, [3]),
    args: [keyArg()],
    check: () => ks(random.gumbel(k7, [N]), (x) => Math.exp(-Math.exp(-x))),
  },
  {
    name: "random.cauchy",
    errors: badKeys([2]),
    f: (k: Tensor) => random.cauchy(k, [3]),
    args: [keyArg()],
    check: () => ks(random.cauchy(k7, [N]), (x) => 0.5 + Math.atan(x) / Math.PI),
  },
  {
    name: "random.lognormal",
    errors: [...badKeys(), { args: [k0, [0.5, 1], [3]], type: ShapeError }],
    f: (k: Tensor, sigma: Tensor) => random.lognormal(k, sigma, [2, 3]),
    args: [keyArg(), f64([3], 0.2, 1.5)],
    check: () => ks(random.lognormal(k7, 0.5, [N]), (x) => (x <= 0 ? 0 : normalCdf(Math.log(x) / 0.5))),
  },
  {
    name: "random.pareto",
    errors: [...badKeys(2), { args: [k0, [1, 2], [3]], type: ShapeError }],
    f: (k: Tensor, b: Tensor) => random.pareto(k, b, [3]),
    args: [keyArg(), f64([], 0.5, 3)],
    check: () => ks(random.pareto(k7, 3, [N]), (x) => (x < 1 ? 0 : 1 - x ** -3)),
  },
  {
    name: "random.rayleigh",
    errors: badKeys(1),
    f: (k: Tensor, scale: Tensor) => random.rayleigh(k, scale, [3]),
    args: [keyArg(), f64([3], 0.5, 2)],
    check: () => ks(random.rayleigh(k7, 2, [N]), (x) => (x <= 0 ? 0 : 1 - Math.exp(-(x * x) / 8))),
  },
  {
    name: "random.weibullMin",
    errors: badKeys(1, 1),
    f: (k: Tensor, scale: Tensor, c: Tensor) => random.weibullMin(k, scale, c, [2, 3]),
    args: [keyArg(), f64([3], 0.5, 2), f64([], 0.5, 3)],
    check: () => ks(random.weibullMin(k7, 2, 1.5, [N]), (x) => (x <= 0 ? 0 : 1 - Math.exp(-((x / 2) ** 1.5)))),
  },
  {
    name: "random.maxwell",
    errors: badKeys([2]),
    f: (k: Tensor) => random.maxwell(k, [3]),
    args: [keyArg()],
    // the χ distribution with 3 degrees of freedom: erf(x/√2) - √(2/π) x e^(-x²/2)
    check: () => ks(random.maxwell(k7, [N]), (x) => (x <= 0 ? 0 : 2 * normalCdf(x) - 1 - Math.sqrt(2 / Math.PI) * x * Math.exp((-x * x) / 2))),
  },
  {
    name: "random.doubleSidedMaxwell",
    errors: badKeys(0, 1),
    f: (k: Tensor, loc: Tensor, scale: Tensor) => random.doubleSidedMaxwell(k, loc, scale, [2]),
    args: [keyArg(), f64([3], -1, 1), f64([], 0.5, 2)],
    check: () => {
      // the shape argument comes first, then the parameters' shape, as JAX
      expect(random.doubleSidedMaxwell(k0, [0, 1], 2, [3]).shape).toEqual([3, 2]);
      const m = (x: number) => 2 * normalCdf(x) - 1 - Math.sqrt(2 / Math.PI) * x * Math.exp((-x * x) / 2);
      ks(random.doubleSidedMaxwell(k7, 1, 2, [N]), (x) => (x < 1 ? 0.5 * (1 - m((1 - x) / 2)) : 0.5 + 0.5 * m((x - 1) / 2)));
    },
  },
  {
    name: "random.triangular",
    errors: [...badKeys(0, 1, 2), { args: [k0, 0, [1, 2], 3, [3]], type: ShapeError }],
    f: (k: Tensor, l: Tensor, a: Tensor, b: Tensor) => random.triangular(k, l, np.add(l, np.exp(a)), np.add(np.add(l, np.exp(a)), np.exp(b)), [3]),
    args: [keyArg(), f64([], -1, 1), f64([3], -1, 1), f64([], -1, 1)],
    check: () => ks(random.triangular(k7, 0, 1, 3, [N]), (x) => (x <= 0 ? 0 : x <= 1 ? (x * x) / 3 : x < 3 ? 1 - (3 - x) ** 2 / 6 : 1)),
  },
  ...discreteRows(),
  ...gammaRows(),
  ...discreteRows(),
  ...gammaRows(),
];


/** Frequencies of the values 0..k-1 among integer draws (larger values are counted by none). */
function frequencies(draws: Tensor, k: number): number[] {
  const counts = new Array<number>(k).fill(0);
  for (const v of draws.toTypedArray()) if (v < k) counts[v]++;
  return counts.map((c) => c / draws.size);
}

/** Each frequency within 4 standard errors of its probability. */
function expectFrequencies(freq: readonly number[], p: readonly number[], n: number): void {
  freq.forEach((f, i) => expect(Math.abs(f - p[i]), `value ${i}: ${f} vs ${p[i]}`).toBeLessThan(4 * Math.sqrt((p[i] * (1 - p[i])) / n) + 1e-12));
}

function discreteRows(): Row[] {
  return [
    {
      name: "random.randint",
      errors: [
        ...badKeys([2], 0, 5),
        { args: [k0, [2], 0.5, 3], type: ArgumentError, match: /integer/ },
        { args: [k0, [2], 0, 3, "float64"], type: DTypeError },
      ],
      f: (k: Tensor) => random.randint(k, [6], -3, 1000),
      args: [keyArg()],
      grads: "zero",
      check: () => {
        expectFrequencies(frequencies(random.randint(k7, [N], 0, 7), 7), new Array(7).fill(1 / 7), N);
        expect(data(random.randint(k0, [4], 5, 2))).toEqual([5, 5, 5, 5]); // maxval <= minval gives minval (JAX's issue 222)
        const wide = data(random.randint(k0, [1000], -(2 ** 31), 2 ** 31));
        expect(wide.some((v) => v < -(2 ** 30)) && wide.some((v) => v > 2 ** 30)).toBe(true);
        const u = random.randint(k0, [1000], 0, 2 ** 32, "uint32");
        expect(u.dtype).toBe("uint32");
        expect(data(u).some((v) => v > 2 ** 31)).toBe(true);
        // bounds may be arrays (and traced): each column its own range
        const cols = random.randint(k7, [N, 2], np.array([0, 10], { dtype: "int32" }), np.array([3, 12], { dtype: "int32" }));
        const c = cols.toArray() as number[][];
        expect(c.every(([a, b]) => a >= 0 && a < 3 && b >= 10 && b < 12)).toBe(true);
      },
    },
    {
      name: "random.bernoulli",
      errors: [
        ...badKeys(0.5),
        { args: [k0, np.array([1], { dtype: "int32" })], type: DTypeError, match: /float/ },
        { args: [k0, [0.5, 0.5], [3]], type: ShapeError },
      ],
      f: (k: Tensor, p: Tensor) => random.bernoulli(k, p, [2, 3]),
      args: [keyArg(), f64([3], 0, 1)],
      grads: "zero",
      check: () => {
        const rate = mean(data(random.bernoulli(k7, 0.3, [N])));
        expect(Math.abs(rate - 0.3)).toBeLessThan(4 * Math.sqrt(0.21 / N));
        expect(random.bernoulli(k0, np.array([0, 1]), [3, 2]).toArray()).toEqual([[false, true], [false, true], [false, true]]);
      },
    },
    {
      name: "random.rademacher",
      errors: [...badKeys([2]), { args: [k0, [2], "bool"], type: DTypeError }],
      f: (k: Tensor) => random.rademacher(k, [5]),
      args: [keyArg()],
      check: () => {
        const x = data(random.rademacher(k7, [N]));
        expect(x.every((v) => v === 1 || v === -1)).toBe(true);
        expect(Math.abs(mean(x))).toBeLessThan(4 / Math.sqrt(N));
        expect(random.rademacher(k0, [2], "float32").dtype).toBe("float32");
      },
    },
    {
      name: "random.geometric",
      errors: badKeys(0.5),
      f: (k: Tensor, p: Tensor) => random.geometric(k, p, [3]),
      args: [keyArg(), f64([], 0.1, 0.9)],
      grads: "zero",
      check: () => {
        // P(X = k) = (1 - p)^(k-1) p on 1, 2, ...: mean 1/p, variance (1 - p)/p²
        const x = data(random.geometric(k7, 0.25, [N]));
        expect(x.every((v) => Number.isInteger(v) && v >= 1)).toBe(true);
        expectFrequencies(frequencies(random.geometric(k7, 0.25, [N]), 5).slice(1), [0.25, 0.1875, 0.140625, 0.10546875], N);
      },
    },
    {
      name: "random.poisson",
      errors: [...badKeys(2), { args: [k0, [1, 2], [3]], type: ShapeError }],
      f: (k: Tensor, lam: Tensor) => random.poisson(k, lam, [2, 3]),
      args: [keyArg(), f64([3], 0, 30)],
      grads: "zero",
      check: () => {
        for (const lam of [0.7, 4, 25, 300]) {
          const x = data(random.poisson(k7, lam, [N]));
          expect(x.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
          expect(Math.abs(mean(x) - lam)).toBeLessThan(4 * Math.sqrt(lam / N));
          expect(Math.abs(variance(x) / lam - 1)).toBeLessThan(0.05);
        }
        // the pmf at λ = 4 (Knuth's algorithm) and λ = 25 (the rejection), value by value
        const pmf = (lam: number, k: number) => Math.exp(k * Math.log(lam) - lam - lanczosLogGamma(k + 1));
        expectFrequencies(frequencies(random.poisson(k7, 4, [N]), 10), Array.from({ length: 10 }, (_, k) => pmf(4, k)), N);
        const hi = frequencies(random.poisson(k0, 25, [N]), 40).slice(15, 35);
        expectFrequencies(hi, Array.from({ length: 20 }, (_, k) => pmf(25, k + 15)), N);
        expect(data(random.poisson(k0, [0, 0], [2]))).toEqual([0, 0]);
      },
    },
    {
      name: "random.categorical",
      errors: [
        ...badKeys([0, 0]),
        { args: [k0, [[1, 2, 3], [4, 5, 6]], { shape: [10, 5] }], type: ShapeError, match: /batch shape/ },
        { args: [k0, [1, 2, 3], { shape: [5], replace: false }], type: ArgumentError, match: /cannot exceed/ },
      ],
      f: (k: Tensor, logits: Tensor) => random.categorical(k, logits, { shape: [4, 2] }),
      args: [keyArg(), f64([2, 3], -1, 1)],
      grads: "zero",
      check: () => {
        const p = [0.1, 0.2, 0.3, 0.4];
        expectFrequencies(frequencies(random.categorical(k7, np.subtract(np.log(np.array(p)), 42), { shape: [N] }), 4), p, N);
        // axis 0 of [[.5, .1], [.5, .9]]: two distributions, one per column
        const twoCol = random.categorical(k7, np.log(np.array([[0.5, 0.1], [0.5, 0.9]])), { axis: 0, shape: [N, 2] });
        expectFrequencies(frequencies(twoCol.slice(null, 1), 2), [0.1, 0.9], N);
        const unique = data(random.categorical(k0, [1, 2, 3, 4, 5], { shape: [5], replace: false }));
        expect(unique.slice().sort()).toEqual([0, 1, 2, 3, 4]);
      },
    },
    {
      name: "random.choice",
      errors: [
        { args: [k0, 3, [5], { replace: false }], type: ArgumentError, match: /larger sample/ },
        { args: [k0, 3, [2], { p: [0.5, 0.5] }], type: ShapeError, match: /p must be/ },
      ],
      f: (k: Tensor, x: Tensor) => random.choice(k, x, [2, 2]),
      args: [keyArg(), f64([5])],
      check: () => {
        expectFrequencies(frequencies(random.choice(k7, 4, [N]), 4), [0.25, 0.25, 0.25, 0.25], N);
        expectFrequencies(frequencies(random.choice(k7, 4, [N], { p: [0.1, 0.2, 0.3, 0.4] }), 4), [0.1, 0.2, 0.3, 0.4], N);
        for (const p of [undefined, [0.1, 0.2, 0.3, 0.2, 0.2]]) {
          const picks = data(random.choice(k0, 5, [5], { replace: false, p }));
          expect(picks.slice().sort()).toEqual([0, 1, 2, 3, 4]);
        }
        // rows of an array, along an axis; jit equals eager with p traced
        const rows = random.choice(k0, np.arange(12).reshape(4, 3), [2], { axis: 1 });
        expect(rows.shape).toEqual([4, 2]);
        const f = (k: Tensor, p: Tensor) => random.choice(k, 6, [7], { p });
        expect(jit(f)(k7, np.array([1, 2, 3, 4, 5, 6])).toArray()).toEqual(f(k7, np.array([1, 2, 3, 4, 5, 6])).toArray());
      },
    },
    {
      name: "random.permutation",
      errors: [{ args: [k0, -1], type: ArgumentError }, { args: [k0, np.zeros([2, 3]), { axis: 2 }], type: ArgumentError, match: /axis/ }],
      f: (k: Tensor, x: Tensor) => random.permutation(k, x, { axis: 1 }),
      args: [keyArg(), f64([2, 4])],
      check: () => {
        // every position equally likely: each value lands in each of 5 places with frequency 1/5
        const places = new Array(25).fill(0);
        const perms = vmap((k: Tensor) => random.permutation(k, 5))(random.split(k7, 4000));
        const rows = perms.toArray() as number[][];
        for (const r of rows) r.forEach((v, i) => places[v * 5 + i]++);
        expectFrequencies(places.map((c) => c / 4000), new Array(25).fill(0.2), 4000);
        const p = data(random.permutation(k0, 2000));
        expect(p.slice().sort((a, b) => a - b)).toEqual(Array.from({ length: 2000 }, (_, i) => i));
        // independent lanes: each row a permutation of itself
        const lanes = random.permutation(k0, np.arange(12).reshape(3, 4), { axis: 1, independent: true }).toArray() as number[][];
        lanes.forEach((r, i) => expect(r.slice().sort((a, b) => a - b)).toEqual([4 * i, 4 * i + 1, 4 * i + 2, 4 * i + 3]));
      },
    },
    {
      name: "random.shuffle",
      errors: [{ args: [k0, 3], type: ShapeError }],
      f: (k: Tensor, x: Tensor) => random.shuffle(k, x, 0),
      args: [keyArg(), f64([4, 2])],
      check: () => {
        const cols = random.shuffle(k0, np.arange(20).reshape(4, 5), 0).toArray() as number[][];
        for (let j = 0; j < 5; j++) expect(cols.map((r) => r[j]).sort((a, b) => a - b)).toEqual([j, j + 5, j + 10, j + 15]);
      },
    },
  ];
}

function gammaRows(): Row[] {
  /** grad of Σ sample(a) at a = full(100, α) against the implicit formula at the draws. */
  const implicitCheck = (sample: (k: Tensor, a: Tensor) => Tensor, asGamma: (draw: number) => number) => {
    for (const alpha of [0.3, 1, 3.7]) {
      const alphas = np.full([100], alpha);
      const draws = data(sample(k7, alphas)).map(asGamma);
      const g = data(grad((a: Tensor) => np.sum(np.exp(np.log(np.maximum(sample(k7, a), 1e-300)))))(alphas));
      const want = draws.map((x) => implicitGradient(alpha, x));
      g.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThan(1e-6 * Math.abs(want[i]) + 1e-12));
    }
  };
  return [
    {
      name: "random.gamma",
      errors: [...badKeys(2), { args: [k0, [1, 2], [3]], type: ShapeError }],
      f: (k: Tensor, a: Tensor) => random.gamma(k, a, [2, 3]),
      args: [keyArg(), f64([3], 0.2, 5)],
      // implicit reparameterization: not the derivative at a fixed key (rejection sampling), so checked against -(∂P/∂a)/(∂P/∂x) below
      grads: false,
      check: () => {
        for (const a of [0.2, 1, 2.5, 30]) ks(random.gamma(k7, a, [N]), (x) => gammaP(a, x));
        ks(random.gamma(k7, 2.5, [N], "float32"), (x) => gammaP(2.5, x));
        implicitCheck((k, a) => random.gamma(k, a), (x) => x);
      },
    },
    {
      name: "random.loggamma",
      errors: badKeys(2),
      f: (k: Tensor, a: Tensor) => random.loggamma(k, a, [3]),
      args: [keyArg(), f64([], 0.2, 5)],
      grads: false, // implicit reparameterization, as random.gamma
      check: () => {
        // exp(loggamma) is gamma's draw, to rounding
        const a = np.array([0.5, 2, 7]);
        expect(np.exp(random.loggamma(k0, a))).toBeAllclose(random.gamma(k0, a), { rtol: 1e-12 });
        // tiny shapes keep their precision in log space: log Gamma(0.01) ≈ log(U)/0.01 reaches far below the float64 range
        ks(random.loggamma(k7, 0.01, [N]), (y) => gammaP(0.01, Math.exp(y)));
        implicitCheck((k, a) => np.exp(random.loggamma(k, a)), (x) => x);
      },
    },
    {
      name: "random.beta",
      errors: badKeys(2, 3),
      f: (k: Tensor, a: Tensor, b: Tensor) => random.beta(k, a, b, [3]),
      args: [keyArg(), f64([], 0.3, 4), f64([3], 0.3, 4)],
      grads: false, // through gamma draws: implicit reparameterization
      check: () => {
        for (const [a, b] of [[0.2, 0.2], [0.2, 5], [5, 0.2], [5, 5]]) ks(random.beta(k7, a, b, [N]), (x) => betaI(a, b, x));
        // d E[X]/da = b/(a+b)² with E[X] = a/(a+b): the mean of the draws' gradients
        const g = data(grad((a: Tensor) => np.sum(random.beta(k7, a, np.full([N], 3))))(np.full([N], 2)));
        expect(Math.abs(mean(g) - 3 / 25)).toBeLessThan(0.01);
      },
    },
    {
      name: "random.dirichlet",
      errors: [{ args: [k0, 1], type: ShapeError, match: /at least one axis/ }, { args: [k0, [[1, 2], [3, 4]], [3]], type: ShapeError }],
      f: (k: Tensor, alpha: Tensor) => random.dirichlet(k, alpha, [2]),
      args: [keyArg(), f64([3], 0.3, 4)],
      grads: false, // through gamma draws: implicit reparameterization
      check: () => {
        const x = random.dirichlet(k7, [1, 2, 3], [N]);
        expect(x.shape).toEqual([N, 3]);
        expect(np.sum(x, 1)).toBeAllclose(np.ones([N]), { rtol: 1e-14 });
        // each component is Beta(α_i, Σα - α_i)
        ks(x.slice(null, 0), (v) => betaI(1, 5, v));
        ks(x.slice(null, 2), (v) => betaI(3, 3, v));
      },
    },
    {
      name: "random.chisquare",
      errors: badKeys(2),
      f: (k: Tensor, df: Tensor) => random.chisquare(k, df, [3]),
      args: [keyArg(), f64([3], 0.5, 6)],
      grads: false, // through a gamma draw: implicit reparameterization
      check: () => {
        ks(random.chisquare(k7, 3, [N]), (x) => gammaP(1.5, x / 2));
        // d E[X]/d df = 1
        const g = data(grad((df: Tensor) => np.sum(random.chisquare(k7, df)))(np.full([N], 4)));
        expect(Math.abs(mean(g) - 1)).toBeLessThan(0.03);
      },
    },
    {
      name: "random.t",
      errors: badKeys(2),
      f: (k: Tensor, df: Tensor) => random.t(k, df, [3]),
      args: [keyArg(), f64([], 1, 6)],
      grads: false, // through a gamma draw: implicit reparameterization
      check: () => {
        for (const nu of [1, 5]) ks(random.t(k7, nu, [N]), (x) => tCdf(x, nu));
      },
    },
    {
      name: "random.ball",
      errors: [{ args: [k0, -1], type: ArgumentError }, { args: [k0, 3, 0], type: ArgumentError, match: /positive/ }],
      f: (k: Tensor) => random.ball(k, 3, 2, [2]),
      args: [keyArg()],
      check: () => {
        // uniform in the unit d-ball: |x| has CDF r^d, and the directions are symmetric
        for (const [d, p] of [[3, 2], [2, 1]]) {
          const x = random.ball(k7, d, p, [N]);
          const norms = data(np.power(np.sum(np.power(np.abs(x), p), 1), 1 / p));
          expect(ksDistance(norms, (r) => Math.min(1, Math.max(0, r)) ** d)).toBeLessThan(BOUND);
          expect(Math.abs(mean(data(x.slice(null, 0))))).toBeLessThan(4 * Math.sqrt(1 / (d + 2) / N) + 0.01);
        }
      },
    },
  ];
}
