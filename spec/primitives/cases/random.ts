/**
 * Cases for the primitives under `random`: threefry2x32 against an
 * independent Threefry-2x32 written from the Random123 definition in plain
 * arithmetic (no bit operators), erf_inv against Newton's method on erf,
 * sort with one key and int32 positions (as sort_key_val) against a stable sort, random_gamma's value (the kernel's
 * per-element draws from the split keys: the plumbing; its distribution is
 * tested in random.spec.ts) and its tangent against the implicit derivative
 * -(∂P/∂a)/(∂P/∂x) from an independent regularized incomplete gamma
 * function, random_gamma_grad by the differentiable-case properties, and
 * random_poisson's plumbing.
 */
import fc from "fast-check";
import * as ops from "../../../lib/core/ops.ts";
import { dataOf, type ConcreteTensor, type Tensor } from "../../../lib/core/tensor.ts";
import { gammaSample, poissonSample } from "../../../lib/kernels/randomGamma.ts";
import { splitKey, type ThreefryLayout } from "../../../lib/kernels/prng.ts";
import { gammaP, implicitGradient } from "../../random/stats.ts";
import { avalStr, broadcastPairArb, broadcastShapesArb, draw, mapBroadcast, positive, shapeArb, tensor, tensorArb, type Case, type Expected } from "../harness.ts";

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

// sort with one key carrying int32 positions (JAX's sort_key_val, as permutations and Gumbel top-k use it):
// the positions of a stable sort (float keys with ties, drawn from a few values)

const sortCase: Case = {
  kind: "value",
  prim: "sort",
  name: "sort (a key carrying its positions, as sort_key_val)",
  arb: shapeArb(1, 3)
    .chain((s) => fc.tuple(tensorArb(s, fc.constantFrom(-1, 0, 0.5, 2, NaN)), fc.integer({ min: 0, max: s.length - 1 })))
    .map(([keys, axis]) => {
      const iota = indexAlong(keys, axis);
      return draw(`sort([${avalStr(keys)}, positions], axis ${axis})[1]`, (k) => ops.sort([k, iota], axis, 1, true)[1], [keys], () => stableOrder(keys, iota, axis));
    }),
};

/** Each element's position along `axis`, as int32. */
function indexAlong(x: ConcreteTensor, axis: number): ConcreteTensor {
  const strides = x.shape.map((_, d) => x.shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const data = Int32Array.from({ length: dataOf(x).length }, (_, i) => Math.floor(i / strides[axis]) % x.shape[axis]);
  return tensor(data, x.shape, "int32");
}

/** The positions each lane's stable sort (NaN last) puts at each place. */
function stableOrder(keys: ConcreteTensor, iota: ConcreteTensor, axis: number): Expected {
  const n = keys.shape[axis];
  const inner = keys.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const out = new Int32Array(dataOf(keys).length);
  for (let base = 0; base < dataOf(keys).length; base++) {
    if (Math.floor(base / inner) % n !== 0) continue;
    const lane = Array.from({ length: n }, (_, i) => ({ k: dataOf(keys)[base + i * inner], i }));
    const rank = (v: number) => (Number.isNaN(v) ? Infinity : v);
    lane.sort((p, q) => (rank(p.k) === rank(q.k) ? (Number.isNaN(p.k) === Number.isNaN(q.k) ? p.i - q.i : Number.isNaN(p.k) ? 1 : -1) : rank(p.k) - rank(q.k)));
    lane.forEach((e, j) => (out[base + j * inner] = dataOf(iota)[base + e.i * inner]));
  }
  return { shape: keys.shape, dtype: "int32", data: out };
}

// random_gamma: values from the kernel per split key; tangents from an independent incomplete gamma function

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
        const keys = splitKey(KEY, dataOf(a).length, layout);
        const expected = (): Expected => ({ shape: a.shape, dtype: "float64", data: Array.from(dataOf(a), (v, i) => gammaSample(keys[i], v, logSpace, false, layout)) });
        return draw(`random_gamma(key, ${avalStr(a)})`, (t) => ops.randomGamma(keyTensor, t, logSpace, layout), [a], expected);
      })
      .filter((d) => Array.from(d.expected!().data, (v, i) => gammaP(dataOf(d.xs[0])[i], logSpace ? Math.exp(v) : v)).every((p) => p > 1e-6 && p < 1 - 1e-6)),
    tangent: (d, [ta]) => {
      const samples = d.expected!().data;
      const data = Array.from(dataOf(d.xs[0]), (a, i) => {
        const x = logSpace ? Math.exp(samples[i]) : samples[i];
        return dataOf(ta)[i] * implicitGradient(a, x) / (logSpace ? x : 1);
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
          data: poissonSample(KEY, Float32Array.from(dataOf(lam)), layout),
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
