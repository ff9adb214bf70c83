/**
 * The discrete Fourier transform written out plainly, O(n²) per line, for
 * the specs of the `fft` primitive and `np.fft`: complex arrays as
 * (re, im) planes of row-major data, any axis, any length.
 *
 *   forward: X_k = Σ_j x_j exp(-2πi jk/n)
 *   inverse: x_j = (1/n) Σ_k X_k exp(+2πi jk/n)
 *   real inverse of n/2 + 1 bins Z_k: x_j = (1/n) [Re Z_0 + 2 Σ_{0<k<n/2} Re(Z_k e^{2πijk/n}) + Re Z_{n/2} (-1)^j (n even)]
 *
 * @example
 * dft({ re: [1, 2, 3, 4], im: [0, 0, 0, 0], shape: [4] }, 0, -1).re // [10, -2, -2, -2]
 */

/** A complex array as planes of one shape. */
export interface Planes {
  readonly re: ArrayLike<number>;
  readonly im: ArrayLike<number>;
  readonly shape: readonly number[];
}

function layout(shape: readonly number[], axis: number): { outer: number; n: number; inner: number } {
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  return { outer, n: shape[axis], inner };
}

/** The DFT along `axis` with exp(sign·2πi jk/n), times `scale`; angles from the exact residue jk mod n. */
export function dft(x: Planes, axis: number, sign: 1 | -1, scale = 1): Planes {
  const { outer, n, inner } = layout(x.shape, axis);
  const re = new Float64Array(outer * n * inner);
  const im = new Float64Array(re.length);
  const cos = Array.from({ length: n }, (_, r) => Math.cos((2 * Math.PI * r) / n));
  const sin = Array.from({ length: n }, (_, r) => sign * Math.sin((2 * Math.PI * r) / n));
  for (let o = 0; o < outer; o++) {
    for (let q = 0; q < inner; q++) {
      const at = (t: number) => (o * n + t) * inner + q;
      for (let k = 0; k < n; k++) {
        let sr = 0;
        let si = 0;
        for (let j = 0; j < n; j++) {
          const c = cos[(j * k) % n];
          const s = sin[(j * k) % n];
          sr += x.re[at(j)] * c - x.im[at(j)] * s;
          si += x.re[at(j)] * s + x.im[at(j)] * c;
        }
        re[at(k)] = scale * sr;
        im[at(k)] = scale * si;
      }
    }
  }
  return { re, im, shape: x.shape };
}

/** The first `m` entries along `axis`. */
export function sliceAxis(x: Planes, axis: number, m: number): Planes {
  const { outer, n, inner } = layout(x.shape, axis);
  const re = new Float64Array(outer * m * inner);
  const im = new Float64Array(re.length);
  for (let o = 0; o < outer; o++) {
    for (let t = 0; t < m; t++) {
      for (let q = 0; q < inner; q++) {
        re[(o * m + t) * inner + q] = x.re[(o * n + t) * inner + q];
        im[(o * m + t) * inner + q] = x.im[(o * n + t) * inner + q];
      }
    }
  }
  return { re, im, shape: x.shape.map((d, i) => (i === axis ? m : d)) };
}

/** The real line of length `n` from n/2 + 1 bins along `axis` (imaginary parts of bins 0 and n/2 ignored, as numpy). */
export function realFromHalf(z: Planes, axis: number, n: number): { data: Float64Array; shape: number[] } {
  const { outer, n: bins, inner } = layout(z.shape, axis);
  const data = new Float64Array(outer * n * inner);
  for (let o = 0; o < outer; o++) {
    for (let q = 0; q < inner; q++) {
      const at = (t: number) => (o * bins + t) * inner + q;
      for (let j = 0; j < n; j++) {
        let s = z.re[at(0)];
        for (let k = 1; 2 * k < n; k++) {
          const angle = (2 * Math.PI * ((j * k) % n)) / n;
          s += 2 * (z.re[at(k)] * Math.cos(angle) - z.im[at(k)] * Math.sin(angle));
        }
        if (n % 2 === 0) s += z.re[at(n / 2)] * (j % 2 === 0 ? 1 : -1);
        data[(o * n + j) * inner + q] = s / n;
      }
    }
  }
  return { data, shape: z.shape.map((d, i) => (i === axis ? n : d)) };
}

/**
 * `lax.fft` on plain data: the kind over the trailing `lengths.length` axes
 * (inputs: [re, im], or [x] for RFFT); returns the output planes (RFFT, FFT,
 * IFFT) or one real array (IRFFT).
 */
export function referenceFft(
  kind: "FFT" | "IFFT" | "RFFT" | "IRFFT",
  lengths: readonly number[],
  inputs: readonly { readonly data: ArrayLike<number>; readonly shape: readonly number[] }[],
): Planes | { data: Float64Array; shape: number[] } {
  const shape = inputs[0].shape;
  const rank = shape.length;
  const axes = lengths.map((_, i) => rank - lengths.length + i);
  const zeros = new Float64Array(inputs[0].data.length);
  let x: Planes = { re: inputs[0].data, im: kind === "RFFT" ? zeros : inputs[1].data, shape };
  if (kind === "FFT" || kind === "RFFT") {
    for (const axis of axes) x = dft(x, axis, -1);
    return kind === "RFFT" ? sliceAxis(x, rank - 1, (lengths[lengths.length - 1] >> 1) + 1) : x;
  }
  if (kind === "IFFT") {
    for (const axis of axes) x = dft(x, axis, 1, 1 / x.shape[axis]);
    return x;
  }
  for (const axis of axes.slice(0, -1)) x = dft(x, axis, 1, 1 / x.shape[axis]);
  return realFromHalf(x, rank - 1, lengths[lengths.length - 1]);
}
