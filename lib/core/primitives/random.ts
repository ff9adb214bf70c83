/**
 * The primitives under `random`: `threefry2x32` (the keyed hash every
 * sampler draws from, as JAX's primitive of that name), and the samplers whose kernels loop per
 * element, as JAX's: `random_gamma` (Marsaglia–Tsang, differentiable in the
 * shape parameter by implicit reparameterization through
 * `random_gamma_grad`) and `random_poisson`.
 *
 * Their values are integers or depend on the key only through integers, so
 * only `random_gamma` (in `a`) and `random_gamma_grad` have nonzero
 * derivatives. Normals use `erf_inv` (primitives/transcendental.ts), whose
 * float32 kernel is XLA's, as JAX's float32 normals.
 */
import { sizeOf } from "../../array/shape.ts";
import { binary } from "../../kernels/elementwise.ts";
import { gammaSample, poissonSample } from "../../kernels/randomGamma.ts";
import { splitKey, type KeyWords } from "../../kernels/prng.ts";
import { BINARY_MATH } from "../../kernels/scalar.ts";
import { threefry2x32 as hash } from "../../kernels/threefry.ts";
import { DTypeError, ShapeError } from "../errors.ts";
import type { BatchRule, Primitive } from "../primitive.ts";
import { ConcreteTensor, type Aval, type Tensor, dataOf } from "../tensor.ts";
import * as ops from "../ops.ts";
import { bind } from "../trace.ts";
import { batchBroadcasting, batchFirst, moveAxis } from "./batching.ts";
import { avalText, broadcastOrThrow, floatOrThrow, sameDtypeOrThrow } from "./check.ts";

function uint32OrThrow(op: string, x: Aval): void {
  if (x.dtype !== "uint32") throw new DTypeError(`${op}: needs uint32 operands (key words and counters), got ${avalText(x)}.`);
}

/** Every operand batched along a new first axis (unbatched ones broadcast): for primitives whose operands pair up elementwise. */
function batchAllFirst<P extends "random_gamma" | "random_poisson">(self: () => Primitive<P>): BatchRule<P> {
  return (size, args, dims, params) => {
    const outs = bind(self(), args.map((x, i) => batchFirst(x, dims[i], size)), params);
    return [outs, outs.map(() => 0)];
  };
}

// threefry2x32: (k0, k1, x0, x1) -> (y0, y1), numpy broadcasting of the four

function threefryShape(args: readonly Aval[]): readonly number[] {
  args.forEach((x) => uint32OrThrow("threefry2x32", x));
  return args.reduce((s, x) => broadcastOrThrow("threefry2x32", { shape: s, dtype: "uint32" }, x), args[0].shape);
}

export const threefry2x32: Primitive<"threefry2x32"> = {
  name: "threefry2x32",
  abstractEval(args) {
    const shape = threefryShape(args);
    return [{ shape, dtype: "uint32" }, { shape, dtype: "uint32" }];
  },
  impl(args) {
    const shape = threefryShape(args);
    const [k0, k1, x0, x1] = args.map((x) => dataOf(x) as Uint32Array);
    const [y0, y1] = hash(k0, args[0].shape, k1, args[1].shape, x0, args[2].shape, x1, args[3].shape, shape);
    return [new ConcreteTensor(y0, shape, "uint32"), new ConcreteTensor(y1, shape, "uint32")];
  },
  // integer-valued
  jvp: (args) => [ops.threefry2x32(args[0], args[1], args[2], args[3]), [null, null]],
  transpose: null,
  // as numpy broadcasting: batched operands get the batch axis first and their own axes right-aligned
  batch: (_size, args, dims, params) => {
    const rank = Math.max(...args.map((x, i) => x.ndim - (dims[i] === null ? 0 : 1)));
    const aligned = args.map((x, i) => {
      const d = dims[i];
      if (d === null) return x;
      const front = moveAxis(x, d, 0);
      return ops.reshape(front, [front.shape[0], ...new Array<number>(rank - (front.ndim - 1)).fill(1), ...front.shape.slice(1)]);
    });
    return [bind(threefry2x32, aligned, params), [0, 0]];
  },
  lower: null,
};

// random_gamma: one Gamma(a) draw per element of a; the key's leading axes batch

/** The key words of each leading batch index, and the draws per key. */
function keyBatches(op: string, key: Aval, a: Aval): number {
  uint32OrThrow(op, key);
  const batch = key.shape.slice(0, -1);
  if (key.shape[key.shape.length - 1] !== 2 || batch.some((d, i) => d !== a.shape[i])) {
    throw new ShapeError(`${op}: key ${avalText(key)} must be uint32[...batch, 2] with the batch axes leading ${avalText(a)}.`);
  }
  return sizeOf(batch);
}

function keyAt(key: ConcreteTensor, b: number): KeyWords {
  return [dataOf(key)[2 * b], dataOf(key)[2 * b + 1]];
}

export const random_gamma: Primitive<"random_gamma"> = {
  name: "random_gamma",
  abstractEval([key, a]) {
    floatOrThrow("random_gamma", a);
    keyBatches("random_gamma", key, a);
    return [a];
  },
  impl([key, a], { logSpace, layout }) {
    const batches = keyBatches("random_gamma", key, a);
    const out = a.dtype === "float32" ? new Float32Array(dataOf(a).length) : new Float64Array(dataOf(a).length);
    const per = batches === 0 ? 0 : dataOf(a).length / batches;
    // JAX's _gamma_impl: each batch key split into one key per element of its slice of a
    for (let b = 0; b < batches; b++) {
      const keys = splitKey(keyAt(key, b), per, layout);
      for (let i = 0; i < per; i++) out[b * per + i] = gammaSample(keys[i], dataOf(a)[b * per + i], logSpace, a.dtype === "float32", layout);
    }
    return [new ConcreteTensor(out, a.shape, a.dtype)];
  },
  // implicit reparameterization: dx = (∂x/∂a) da with ∂x/∂a = -(∂P/∂a)/(∂P/∂x), P the CDF; for log x: d log x = dx / x
  jvp([key, a], [, ta], params) {
    const out = ops.randomGamma(key, a, params.logSpace, params.layout);
    if (ta === null) return [[out], [null]];
    let slope: Tensor;
    if (params.logSpace) {
      // exp(log x) may underflow to 0: the smallest normal stands in, as JAX
      const x = ops.exp(out);
      const tiny = ops.scalar(a.dtype === "float32" ? 2 ** -126 : 2 ** -1022, a.dtype);
      const safe = ops.select(ops.eq(x, ops.scalar(0, a.dtype)), ops.broadcastTo(tiny, x.shape), x);
      slope = ops.div(ops.randomGammaGrad(a, safe), safe);
    } else {
      slope = ops.randomGammaGrad(a, out);
    }
    return [[out], [ops.mul(ta, slope)]];
  },
  transpose: null,
  batch: batchAllFirst(() => random_gamma),
  lower: null,
};

// random_gamma_grad: ∂x/∂a of a Gamma(a) sample x

/** The relative step of the differences of the implicit gradient's own derivatives. */
const STEP = 2 ** -8;

export const random_gamma_grad: Primitive<"random_gamma_grad"> = {
  name: "random_gamma_grad",
  abstractEval([a, x]) {
    const dtype = sameDtypeOrThrow("random_gamma_grad", a, x);
    floatOrThrow("random_gamma_grad", a);
    return [{ shape: broadcastOrThrow("random_gamma_grad", a, x), dtype }];
  },
  impl([a, x]) {
    const shape = a.shape === x.shape ? a.shape : broadcastOrThrow("random_gamma_grad", a, x);
    return [new ConcreteTensor(binary("randomGammaGrad", dataOf(a), a.shape, dataOf(x), x.shape, shape, a.dtype), shape, a.dtype)];
  },
  // second derivatives of gamma samples (JAX has none): the five-point difference of g(a, x) = ∂x/∂a in a and in x,
  // g' ≈ (g(-2h) - 8 g(-h) + 8 g(h) - g(2h)) / 12h with h = 2^-8·|·| (truncation ~h⁴, rounding ~u/h: about 1e-10 relative)
  jvp([a, x], [ta, tx]) {
    const g = ops.randomGammaGrad(a, x);
    const fivePoint = (at: (offset: Tensor) => Tensor, center: Tensor) => {
      const h = ops.mulScalar(ops.abs(center), STEP);
      const near = ops.sub(at(h), at(ops.neg(h)));
      const far = ops.sub(at(ops.mulScalar(h, 2)), at(ops.mulScalar(h, -2)));
      return ops.div(ops.sub(ops.mulScalar(near, 8), far), ops.mulScalar(h, 12));
    };
    const terms: Tensor[] = [];
    if (ta !== null) terms.push(ops.mul(ta, fivePoint((h) => ops.randomGammaGrad(ops.add(a, h), x), a)));
    if (tx !== null) terms.push(ops.mul(tx, fivePoint((h) => ops.randomGammaGrad(a, ops.add(x, h)), x)));
    const t = terms.length === 2 ? ops.add(terms[0], terms[1]) : terms[0];
    return [[g], [ops.broadcastTo(t, g.shape)]];
  },
  transpose: null,
  batch: batchBroadcasting(() => random_gamma_grad),
  lower: { kind: "elementwise", rule: () => BINARY_MATH.randomGammaGrad },
};

// random_poisson: int32 Poisson(lam) draws, lam float32; the key's leading axes batch

export const random_poisson: Primitive<"random_poisson"> = {
  name: "random_poisson",
  abstractEval([key, lam]) {
    if (lam.dtype !== "float32") throw new DTypeError(`random_poisson: lam must be float32 (as JAX converts it), got ${avalText(lam)}.`);
    keyBatches("random_poisson", key, lam);
    return [{ shape: lam.shape, dtype: "int32" }];
  },
  impl([key, lam], { layout }) {
    const batches = keyBatches("random_poisson", key, lam);
    const out = new Int32Array(dataOf(lam).length);
    const per = batches === 0 ? 0 : dataOf(lam).length / batches;
    for (let b = 0; b < batches; b++) {
      out.set(poissonSample(keyAt(key, b), (dataOf(lam) as Float32Array).subarray(b * per, (b + 1) * per), layout), b * per);
    }
    return [new ConcreteTensor(out, lam.shape, "int32")];
  },
  // integer-valued
  jvp: ([key, lam], _t, { layout }) => [[ops.randomPoisson(key, lam, layout)], [null]],
  transpose: null,
  batch: batchAllFirst(() => random_poisson),
  lower: null,
};
