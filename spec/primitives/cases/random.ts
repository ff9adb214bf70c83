/**
 * Cases for the primitives under `random`: threefry2x32 against an
 * independent Threefry-2x32 written from the Random123 definition in plain
 * arithmetic (no bit operators), erf_inv against Newton's method on erf,
 * sort_key_val against a stable sort, random_gamma's value (the kernel's
 * per-element draws from the split keys: the plumbing; its distribution is
 * tested in random.spec.ts) and its tangent against the implicit derivative
 * -(∂P/∂a)/(∂P/∂x) from an independent regularized incomplete gamma
 * function, random_gamma_grad by the differentiable-case properties, and
 * random_poisson's plumbing.
 */
import fc from "fast-check";
import * as ops from "../../../lib/core/ops.ts";
import type { ConcreteTensor, Tensor } from "../../../lib/core/tensor.ts";
import { erf } from "../../../lib/kernels/special.ts";
import { gammaSample, poissonSample } from "../../../lib/kernels/randomGamma.ts";
import { splitKey, type ThreefryLayout } from "../../../lib/kernels/prng.ts";
import { avalStr, broadcastPairArb, broadcastShapesArb, draw, mapBroadcast, positive, real, shapeArb, tensor, tensorArb, type Case, type Expected } from "../harness.ts";

// threefry2x32, from the definition: 20 rounds of x0 += x1; x1 = rotl(x1, R) ^ x0, a key injection after every 4

const R = [13, 15, 26, 6, 17, 29, 16, 24];
const M = 2 ** 32;
const addMod = (a: number, b: number) => (a + b) % M;
const rotl = (x: number, r: number) => ((x * 2 ** r) % M) + Math.floor(x / 2 ** (32 - r));
/** XOR of two words by their binary digits. */
function xorWords(a: number, b: number): number {
  let out = 0;
  for (let bit = 0, p = 1; bit < 32; bit++, p *= 2) if (Math.floor(a / p) % 2 !== Math.floor(b / p) % 2) out += p;
  return out;
}

function threefryReference(k0: number, k1: number, x0: number, x1: number): [number, number] {
  const ks = [k0, k1, xorWords(xorWords(k0, k1), 0x1bd11bda)];
  let a = addMod(x0, ks[0]);
  let b = addMod(x1, ks[1]);
  for (let round = 0; round < 20; round++) {
    a = addMod(a, b);
    b = xorWords(rotl(b, R[round % 8]), a);
    if (round % 4 === 3) {
      // injection i = 1..5: the key schedule rotated by i, plus i
      const i = (round + 1) / 4;
      a = addMod(a, ks[i % 3]);
      b = addMod(addMod(b, ks[(i + 1) % 3]), i);
    }
  }
  return [a, b];
}

const word = fc.integer({ min: 0, max: M - 1 });

const threefryCases: Case[] = [0, 1].map((output) => ({
  kind: "value",
  prim: "threefry2x32",
  name: `threefry2x32 y${output}`,
  arb: broadcastShapesArb(4)
    .chain((shapes) => fc.tuple(...shapes.map((s) => tensorArb(s, word))))
    .map((xs) =>
      draw(`threefry2x32(${xs.map(avalStr).join(", ")})[${output}]`, (...ts: Tensor[]) => ops.threefry2x32(...(ts.map((t) => ops.convert(t, "uint32")) as [Tensor, Tensor, Tensor, Tensor]))[output], xs, () =>
        mapBroadcast(xs, "uint32", (k0, k1, x0, x1) => threefryReference(k0, k1, x0, x1)[output]),
      ),
    ),
}));

// sort_key_val: the positions of a stable sort (float keys with ties, drawn from a few values)

const sortCase: Case = {
  kind: "value",
  prim: "sort_key_val",
  name: "sort_key_val",
  arb: shapeArb(1, 3)
    .chain((s) => fc.tuple(tensorArb(s, fc.constantFrom(-1, 0, 0.5, 2, NaN)), fc.integer({ min: 0, max: s.length - 1 })))
    .map(([keys, axis]) => {
      const iota = indexAlong(keys, axis);
      return draw(`sort_key_val(${avalStr(keys)}, axis ${axis}).values`, (k) => ops.sortKeyVal(k, iota, axis)[1], [keys], () => stableOrder(keys, iota, axis));
    }),
};

/** Each element's position along `axis`, as int32. */
function indexAlong(x: ConcreteTensor, axis: number): ConcreteTensor {
  const strides = x.shape.map((_, d) => x.shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const data = Int32Array.from({ length: x.data.length }, (_, i) => Math.floor(i / strides[axis]) % x.shape[axis]);
  return tensor(data, x.shape, "int32");
}

/** The positions each lane's stable sort (NaN last) puts at each place. */
function stableOrder(keys: ConcreteTensor, iota: ConcreteTensor, axis: number): Expected {
  const n = keys.shape[axis];
  const inner = keys.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const out = new Int32Array(keys.data.length);
  for (let base = 0; base < keys.data.length; base++) {
    if (Math.floor(base / inner) % n !== 0) continue;
    const lane = Array.from({ length: n }, (_, i) => ({ k: keys.data[base + i * inner], i }));
    const rank = (v: number) => (Number.isNaN(v) ? Infinity : v);
    lane.sort((p, q) => (rank(p.k) === rank(q.k) ? (Number.isNaN(p.k) === Number.isNaN(q.k) ? p.i - q.i : Number.isNaN(p.k) ? 1 : -1) : rank(p.k) - rank(q.k)));
    lane.forEach((e, j) => (out[base + j * inner] = iota.data[base + e.i * inner]));
  }
  return { shape: keys.shape, dtype: "int32", data: out };
}

// random_gamma: values from the kernel per split key; tangents from an independent incomplete gamma function

/** log Γ(x), Lanczos' approximation (g = 7, 9 terms), x > 0. */
function lanczosLogGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lanczosLogGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(a, x), the regularized lower incomplete gamma function: its series below a + 1, 1 - the continued fraction of Q above. */
function gammaP(a: number, x: number): number {
  const front = Math.exp(a * Math.log(x) - x - lanczosLogGamma(a));
  if (x < a + 1) {
    let term = 1 / a, sum = term;
    for (let n = 1; n < 10000 && Math.abs(term) > 1e-17 * sum; n++) sum += (term *= x / (a + n));
    return front * sum;
  }
  let b = x + 1 - a, c = 1e300, d = 1 / b, h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = 1 / (an * d + b);
    c = b + an / c;
    h *= d * c;
    if (Math.abs(d * c - 1) < 1e-16) break;
  }
  return 1 - front * h;
}

/** ∂x/∂a holding P(a, x) fixed: -(∂P/∂a)/(∂P/∂x), ∂P/∂a by the five-point difference (h = 1e-3·a: about 1e-12 relative). */
function implicitGradient(a: number, x: number): number {
  const h = 1e-3 * a;
  const dPda = (8 * (gammaP(a + h, x) - gammaP(a - h, x)) - (gammaP(a + 2 * h, x) - gammaP(a - 2 * h, x))) / (12 * h);
  const density = Math.exp((a - 1) * Math.log(x) - x - lanczosLogGamma(a));
  return -dPda / density;
}

const KEY: readonly [number, number] = [0x2f4a1b3c, 0x91e07d55];
const keyTensor = tensor(new Uint32Array(KEY), [2], "uint32");

function gammaCase(logSpace: boolean, layout: ThreefryLayout): Case {
  return {
    kind: "sampler",
    prim: "random_gamma",
    name: `random_gamma${logSpace ? " logSpace" : ""} ${layout}`,
    // a in [0.6, 4] (both sides of the boost at 1); draws whose CDF is within 1e-6 of 0 or 1 would make the reference's differences imprecise
    arb: shapeArb(0, 2)
      .chain((s) => tensorArb(s, positive(0.6, 4)))
      .map((a) => {
        const keys = splitKey(KEY, a.data.length, layout);
        const expected = (): Expected => ({ shape: a.shape, dtype: "float64", data: Array.from(a.data, (v, i) => gammaSample(keys[i], v, logSpace, false, layout)) });
        return draw(`random_gamma(key, ${avalStr(a)})`, (t) => ops.randomGamma(keyTensor, t, logSpace, layout), [a], expected);
      })
      .filter((d) => Array.from(d.expected!().data, (v, i) => gammaP(d.xs[0].data[i], logSpace ? Math.exp(v) : v)).every((p) => p > 1e-6 && p < 1 - 1e-6)),
    tangent: (d, [ta]) => {
      const samples = d.expected!().data;
      const data = Array.from(d.xs[0].data, (a, i) => {
        const x = logSpace ? Math.exp(samples[i]) : samples[i];
        return ta.data[i] * implicitGradient(a, x) / (logSpace ? x : 1);
      });
      return { shape: d.xs[0].shape, dtype: "float64", data };
    },
    rtol: 1e-6,
  };
}

const gammaGradCase: Case = {
  kind: "diff",
  prim: "random_gamma_grad",
  name: "random_gamma_grad",
  arb: broadcastPairArb()
    .chain(([sa, sx]) => fc.tuple(tensorArb(sa, positive(0.5, 4)), tensorArb(sx, positive(0.3, 6))))
    // no value reference here: the numerical one is good to 1e-11, the harness compares to 1e-12 (the values are pinned against mpmath in spec/random/)
    .map(([a, x]) => draw(`random_gamma_grad(${avalStr(a)}, ${avalStr(x)})`, ops.randomGammaGrad, [a, x])),
  // its own jvp is a five-point difference (relative step 2^-8, good to ~1e-10 against mpmath), so the second-order
  // check differentiates a numerical derivative by central differences: at the default step 1e-6 their rounding
  // noise reached 8e-7 relative (7 of 600 draws failed, e.g. a = 3.04, x = 0.3, where the rule is right to 1e-10);
  // at 1e-4 the reference is good to ~5e-9 (truncation ~eps², noise ~1e-12/eps), 0 of 1000 draws fail
  tol: { rtol: 1e-5, atol: 1e-7, eps: 1e-4 },
};

function poissonCase(layout: ThreefryLayout): Case {
  return {
    kind: "value",
    prim: "random_poisson",
    name: `random_poisson ${layout}`,
    // both algorithms: λ below and above 10, and 0
    arb: shapeArb(0, 2)
      .chain((s) => tensorArb(s, fc.oneof(fc.constant(0), positive(0.1, 9.9), positive(10, 60))))
      .map((lam) =>
        draw(`random_poisson(key, ${avalStr(lam)})`, (t) => ops.randomPoisson(keyTensor, ops.convert(t, "float32"), layout), [lam], () => ({
          shape: lam.shape,
          dtype: "int32",
          data: poissonSample(KEY, Float32Array.from(lam.data), layout),
        })),
      ),
  };
}

export const randomCases: Case[] = [
  ...threefryCases,
  sortCase,
  gammaCase(false, "partitionable"),
  gammaCase(true, "partitionable"),
  gammaCase(false, "original"),
  gammaGradCase,
  poissonCase("partitionable"),
  poissonCase("original"),
];
