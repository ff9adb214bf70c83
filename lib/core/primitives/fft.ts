/**
 * `fft`, JAX's `lax.fft`: a discrete Fourier transform over the trailing
 * `fftLengths.length` axes. tracegrad has no complex dtype, so a complex
 * array is two real operands of one shape and dtype (its real and imaginary
 * parts), and the primitive has one or two operands and outputs by kind:
 *
 *   FFT   (re, im) -> (re, im)   X = F x over each transformed axis
 *   IFFT  (re, im) -> (re, im)   x = F⁻¹ X = F^H X / N
 *   RFFT  x        -> (re, im)   the n/2 + 1 non-negative frequencies of the last axis
 *   IRFFT (re, im) -> x          the real inverse of RFFT (last axis of n/2 + 1 bins)
 *
 * with N the product of `fftLengths`. Every kind is linear over the reals,
 * so the jvp applies the primitive to the tangents, and the transposes are,
 * with ⟨a, b⟩ = Σ Re(a)Re(b) + Im(a)Im(b) (the real inner product on (re, im)):
 *
 *   FFT:   Fᵀ = F^H = N·F⁻¹             ct ↦ N·IFFT(ct)
 *   IFFT:  (F⁻¹)ᵀ = F/N                 ct ↦ FFT(ct)/N
 *   RFFT:  x ↦ P F x (P keeps bins 0..n/2): the transpose is Re(F^H Pᵀ ct) =
 *          N·IRFFT(h ⊙ ct) with h = 1 at bin 0 (and at bin n/2 for even n),
 *          1/2 elsewhere: Re(F^H z) for z zero above n/2 is F^H of the
 *          Hermitian z + conj(z reflected), whose half-spectrum is z with
 *          bins 0 and n/2 doubled, and IRFFT divides by N;
 *   IRFFT: x = F⁻¹ H(z) (H the Hermitian extension): ⟨c, x⟩ pairs bins k
 *          and n-k, so the transpose is RFFT(c)/N ⊙ d with d = 2 on the bins
 *          that stand for two (0 < k < n/2), 1 at bin 0 (and n/2 for even n).
 *
 * (JAX's complex transposes differ by a conjugation: JAX treats complex
 * arrays as one complex value, here re and im are two real values.)
 *
 * @example
 * const [re, im] = bind(fft, [x, zeros], { fftType: "FFT", fftLengths: [4] }); // x = [1, 2, 3, 4]: re [10, -2, -2, -2], im [0, 2, 0, -2]
 */
import { fft as fftKernel, irfft as irfftKernel, rfft as rfftKernel, type FloatArray } from "../../kernels/fft.ts";
import type { Shape } from "../../array/shape.ts";
import { isLinear, type LinearArg, type ParamsOf, type Primitive, type Tangent } from "../primitive.ts";
import { ConcreteTensor, type Aval, type Tensor, dataOf } from "../tensor.ts";
import * as ops from "../ops.ts";
import { ArgumentError, ShapeError } from "../errors.ts";
import { avalText, floatOrThrow } from "./check.ts";
import { batchFirst } from "./batching.ts";

/** JAX's `lax.FftType`. */
export type FftType = "FFT" | "IFFT" | "RFFT" | "IRFFT";

type FftParams = ParamsOf["fft"];

const FFT_TYPES: readonly FftType[] = ["FFT", "IFFT", "RFFT", "IRFFT"];

/** The number of operands (and outputs) of each kind: complex values are (re, im) pairs. */
function arity(fftType: FftType): { ins: 1 | 2; outs: 1 | 2 } {
  return fftType === "RFFT" ? { ins: 1, outs: 2 } : fftType === "IRFFT" ? { ins: 2, outs: 1 } : { ins: 2, outs: 2 };
}

function lengthsText(fftLengths: readonly number[]): string {
  return `[${fftLengths.join(", ")}]`;
}

/** The output aval, after checking operands and params. */
function fftAval(args: readonly Aval[], { fftType, fftLengths }: FftParams): Aval {
  const what = `fft[${fftType}, fftLengths=${lengthsText(fftLengths)}](${args.map(avalText).join(", ")})`;
  if (!FFT_TYPES.includes(fftType)) throw new ArgumentError(`fft: unknown fftType ${JSON.stringify(fftType)}; use one of ${FFT_TYPES.join(", ")}.`);
  const { ins } = arity(fftType);
  if (args.length !== ins) throw new ArgumentError(`${what}: ${fftType} takes ${ins} operand${ins === 1 ? "" : "s (re, im)"}, got ${args.length}.`);
  const [x] = args;
  for (const a of args) floatOrThrow("fft", a);
  if (args.length === 2 && (args[1].dtype !== x.dtype || !sameShape(args[1].shape, x.shape))) {
    throw new ShapeError(`${what}: the real and imaginary parts must have one shape and dtype.`);
  }
  const k = fftLengths.length;
  if (k === 0 || !fftLengths.every((n) => Number.isInteger(n) && n >= 1)) {
    throw new ArgumentError(`${what}: fftLengths must be one or more positive integers.`);
  }
  if (k > x.shape.length) throw new ShapeError(`${what}: ${k} transformed axes but the operand has rank ${x.shape.length}.`);
  const lead = x.shape.length - k;
  const trailing = x.shape.slice(lead);
  const expected = fftType === "IRFFT" ? [...fftLengths.slice(0, -1), (fftLengths[k - 1] >> 1) + 1] : fftLengths;
  if (!sameShape(trailing, expected)) {
    throw new ShapeError(`${what}: the trailing dimensions must be [${expected.join(", ")}], got [${trailing.join(", ")}].`);
  }
  const out = fftType === "RFFT" ? [...fftLengths.slice(0, -1), (fftLengths[k - 1] >> 1) + 1] : fftType === "IRFFT" ? fftLengths : trailing;
  return { shape: [...x.shape.slice(0, lead), ...out], dtype: x.dtype };
}

function sameShape(a: Shape, b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** The kernels, one axis at a time: complex passes over the leading transformed axes, the real pass on the last. */
function fftImpl(args: readonly ConcreteTensor[], params: FftParams): ConcreteTensor[] {
  const { fftType, fftLengths } = params;
  const out = fftAval(args, params);
  const rank = args[0].shape.length;
  const first = rank - fftLengths.length;
  const last = rank - 1;
  const complexPass = (re: FloatArray, im: FloatArray, shape: Shape, axes: number[], inverse: boolean) => {
    let planes = { re, im };
    for (const axis of axes) planes = fftKernel(planes.re, planes.im, shape, axis, inverse);
    return planes;
  };
  const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
  const wrap = (data: FloatArray) => new ConcreteTensor(data, out.shape, out.dtype);
  switch (fftType) {
    case "FFT":
    case "IFFT": {
      const planes = complexPass(dataOf(args[0]) as FloatArray, dataOf(args[1]) as FloatArray, out.shape, range(first, rank), fftType === "IFFT");
      return [wrap(planes.re), wrap(planes.im)];
    }
    case "RFFT": {
      const half = rfftKernel(dataOf(args[0]) as FloatArray, args[0].shape, last);
      const planes = complexPass(half.re, half.im, out.shape, range(first, last), false);
      return [wrap(planes.re), wrap(planes.im)];
    }
    case "IRFFT": {
      const planes = complexPass(dataOf(args[0]) as FloatArray, dataOf(args[1]) as FloatArray, args[0].shape, range(first, last), true);
      return [wrap(irfftKernel(planes.re, planes.im, args[0].shape, last, fftLengths[fftLengths.length - 1]))];
    }
  }
}

// rules (written with ops.fftGeneral, so they are differentiable again)

/** The per-bin weights of the real transposes along the last axis, as a [bins] tensor: `inner` for 0 < k < n/2, 1 at bin 0 (and n/2 for even n). */
function binWeights(n: number, inner: number, dtype: Aval["dtype"]): ConcreteTensor {
  const bins = (n >> 1) + 1;
  const w = ops.full([bins], inner, dtype);
  dataOf(w)[0] = 1;
  if (n % 2 === 0) dataOf(w)[bins - 1] = 1;
  return w;
}

function product(xs: readonly number[]): number {
  return xs.reduce((a, b) => a * b, 1);
}

/** The transpose: one cotangent per operand (null for the ones that are not linear). */
function fftTranspose(cts: readonly Tangent[], args: readonly (Tensor | LinearArg)[], { fftType, fftLengths }: FftParams): Tangent[] {
  const n = fftLengths[fftLengths.length - 1];
  const N = product(fftLengths);
  const inAvals = args as readonly Aval[];
  const outAval = fftAval(inAvals, { fftType, fftLengths });
  const keepLinear = (results: readonly Tensor[]): Tangent[] => args.map((a, i) => (isLinear(a) ? results[i] : null));
  switch (fftType) {
    case "FFT": {
      // Fᵀ = F^H = N·F⁻¹
      const [re, im] = ops.fftGeneral(ops.orZeros(cts, [outAval, outAval]), "IFFT", fftLengths);
      return keepLinear([ops.mulScalar(re, N), ops.mulScalar(im, N)]);
    }
    case "IFFT": {
      // (F⁻¹)ᵀ = F/N
      const [re, im] = ops.fftGeneral(ops.orZeros(cts, [outAval, outAval]), "FFT", fftLengths);
      return keepLinear([ops.mulScalar(re, 1 / N), ops.mulScalar(im, 1 / N)]);
    }
    case "RFFT": {
      // ct ↦ N·IRFFT(h ⊙ ct), h = [1, 1/2, ..., 1/2, (1 for even n)]
      const h = binWeights(n, 0.5, outAval.dtype);
      const [re, im] = ops.orZeros(cts, [outAval, outAval]);
      const [x] = ops.fftGeneral([ops.mul(re, h), ops.mul(im, h)], "IRFFT", fftLengths);
      return keepLinear([ops.mulScalar(x, N)]);
    }
    case "IRFFT": {
      // c ↦ RFFT(c)/N ⊙ d, d = [1, 2, ..., 2, (1 for even n)]
      const d = ops.mulScalar(binWeights(n, 2, outAval.dtype), 1 / N);
      const [re, im] = ops.fftGeneral([cts[0]!], "RFFT", fftLengths);
      return keepLinear([ops.mul(re, d), ops.mul(im, d)]);
    }
  }
}

export const fft: Primitive<"fft"> = {
  name: "fft",
  abstractEval(args, params) {
    const out = fftAval(args, params);
    return arity(params.fftType).outs === 2 ? [out, out] : [out];
  },
  impl: fftImpl,
  // linear over the reals: d fft(x) = fft(dx)
  jvp(primals, tangents, { fftType, fftLengths }) {
    const outs = ops.fftGeneral(primals, fftType, fftLengths);
    if (tangents.every((t) => t === null)) return [outs, outs.map(() => null)];
    return [outs, ops.fftGeneral(ops.orZeros(tangents, primals), fftType, fftLengths)];
  },
  transpose: (cts, args, params) => {
    if (cts.every((c) => c === null)) return args.map(() => null);
    return fftTranspose(cts, args, params);
  },
  // the transform acts on trailing axes: put the batch axis first (an unbatched part of (re, im) is broadcast)
  batch(size, args, dims, { fftType, fftLengths }) {
    const front = args.map((x, i) => batchFirst(x, dims[i], size));
    const outs = ops.fftGeneral(front, fftType, fftLengths);
    return [outs, outs.map(() => 0)];
  },
  lower: null,
};
