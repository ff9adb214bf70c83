/**
 * `np.fft` against the O(n²) DFT written out plainly (spec/kernels/
 * dftReference.ts) on random shapes, axes, lengths (cropped and padded,
 * primes past 61 that go to Bluestein) and norms; round trips, Parseval,
 * gradients of real-valued losses against central differences in both
 * modes (and against closed forms), vmap against a loop, jit against eager,
 * float32.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { grad, jit, np, vmap, type Complex, type Tensor } from "../../lib/index.ts";
import { checkGrads } from "../../lib/testing/index.ts";
import { dft, realFromHalf, sliceAxis, type Planes } from "../kernels/dftReference.ts";

const RUNS = 30;

/** Random data of `shape` in [-1, 1) from a seed. */
function randomData(shape: readonly number[], seed: number): Float64Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(n);
  let state = (seed >>> 0) + 1;
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    out[i] = state / 2147483648 - 1;
  }
  return out;
}

const tensorOf = (data: ArrayLike<number>, shape: readonly number[]) => np.array(Array.from(data)).reshape([...shape]);

/** Crop or zero-pad `x` at the end of `axis` to `m` (the reference's version of numpy's n/s). */
function fit(x: Planes, axis: number, m: number): Planes {
  const have = x.shape[axis];
  if (m <= have) return sliceAxis(x, axis, m);
  const shape = x.shape.map((d, i) => (i === axis ? m : d));
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const re = new Float64Array(outer * m * inner);
  const im = new Float64Array(re.length);
  for (let o = 0; o < outer; o++) {
    for (let t = 0; t < have; t++) {
      for (let q = 0; q < inner; q++) {
        re[(o * m + t) * inner + q] = x.re[(o * have + t) * inner + q];
        im[(o * m + t) * inner + q] = x.im[(o * have + t) * inner + q];
      }
    }
  }
  return { re, im, shape };
}

function scale(x: Planes, c: number): Planes {
  return { re: Array.from(x.re, (v) => v * c), im: Array.from(x.im, (v) => v * c), shape: x.shape };
}

function normFactor(norm: string, N: number, inverse: boolean): number {
  if (norm === "backward") return 1;
  if (norm === "ortho") return inverse ? Math.sqrt(N) : 1 / Math.sqrt(N);
  return inverse ? N : 1 / N;
}

function expectPlanes(got: Complex, want: Planes, tol: number, what: string): void {
  expect(got.re.shape, `${what}: shape`).toEqual([...want.shape]);
  const re = got.re.toTypedArray();
  const im = got.im.toTypedArray();
  let err = 0;
  let norm = 0;
  for (let i = 0; i < re.length; i++) {
    err += (re[i] - want.re[i]) ** 2 + (im[i] - want.im[i]) ** 2;
    norm += want.re[i] ** 2 + want.im[i] ** 2;
  }
  expect(Math.sqrt(err / Math.max(norm, 1e-300)), what).toBeLessThan(tol);
}

function expectReal(got: Tensor, want: { data: ArrayLike<number>; shape: readonly number[] }, tol: number, what: string): void {
  expect(got.shape, `${what}: shape`).toEqual([...want.shape]);
  const g = got.toTypedArray();
  let err = 0;
  let norm = 0;
  for (let i = 0; i < g.length; i++) {
    err += (g[i] - want.data[i]) ** 2;
    norm += want.data[i] ** 2;
  }
  expect(Math.sqrt(err / Math.max(norm, 1e-300)), what).toBeLessThan(tol);
}

const normArb = fc.constantFrom("backward", "ortho", "forward");
const lengthArb = fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constantFrom(16, 61, 67, 71));

describe("np.fft against the O(n²) DFT", () => {
  it("fft and ifft: any axis, n cropped or padded, every norm, complex input", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }), fc.nat(), lengthArb, normArb, fc.boolean(), fc.integer(), (shape, axisPick, n, norm, inverse, seed) => {
        const axis = axisPick % shape.length;
        const re = randomData(shape, seed);
        const im = randomData(shape, seed + 1);
        const z = { re: tensorOf(re, shape), im: tensorOf(im, shape) };
        const got = inverse ? np.fft.ifft(z, n, axis, norm) : np.fft.fft(z, n, axis, norm);
        const fitted = fit({ re, im, shape }, axis, n);
        const raw = dft(fitted, axis, inverse ? 1 : -1, inverse ? 1 / n : 1);
        expectPlanes(got, scale(raw, normFactor(norm, n, inverse)), 1e-13, `${inverse ? "ifft" : "fft"} n=${n} axis=${axis} ${norm}`);
      }),
      { numRuns: RUNS },
    );
  });

  it("rfft, irfft, hfft and ihfft", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 2 }), lengthArb, normArb, fc.integer(), (lead, n, norm, seed) => {
        const shape = [...lead, 1 + (seed & 7)];
        const axis = shape.length - 1;
        const x = randomData(shape, seed);
        const zeros = new Float64Array(x.length);
        const bins = (n >> 1) + 1;
        // rfft = the first n/2 + 1 bins of the full transform
        const full = dft(fit({ re: x, im: zeros, shape }, axis, n), axis, -1);
        expectPlanes(np.fft.rfft(tensorOf(x, shape), n, -1, norm), scale(sliceAxis(full, axis, bins), normFactor(norm, n, false)), 1e-13, `rfft n=${n}`);
        // ihfft = conj(rfft)/n (norm direction swapped)
        const ih = scale(sliceAxis(full, axis, bins), normFactor(norm === "backward" ? "forward" : norm === "forward" ? "backward" : "ortho", n, false));
        expectPlanes(np.fft.ihfft(tensorOf(x, shape), n, -1, norm), { ...ih, im: Array.from(ih.im, (v) => -v) }, 1e-13, `ihfft n=${n}`);
        // irfft of any half spectrum (its imaginary parts at bins 0 and n/2 ignored)
        const half = { re: randomData([...lead, bins], seed + 2), im: randomData([...lead, bins], seed + 3), shape: [...lead, bins] };
        const z = { re: tensorOf(half.re, half.shape), im: tensorOf(half.im, half.shape) };
        const real = realFromHalf(half, axis, n);
        const c = normFactor(norm, n, true);
        expectReal(np.fft.irfft(z, n, -1, norm), { data: real.data.map((v) => v * c), shape: real.shape }, 1e-13, `irfft n=${n}`);
        // hfft(a) = irfft(conj(a)) with the direction swapped
        const hc = normFactor(norm === "backward" ? "forward" : norm === "forward" ? "backward" : "ortho", n, true);
        const conjHalf = realFromHalf({ ...half, im: Array.from(half.im, (v) => -v) }, axis, n);
        expectReal(np.fft.hfft(z, n, -1, norm), { data: conjHalf.data.map((v) => v * hc), shape: conjHalf.shape }, 1e-13, `hfft n=${n}`);
      }),
      { numRuns: RUNS },
    );
  });

  it("fftn, ifftn, rfftn and irfftn over random axes in random order with s", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 3 }), fc.integer(), normArb, (shape, seed, norm) => {
        const rank = shape.length;
        const count = 1 + (Math.abs(seed) % rank);
        const axes = [...Array(rank).keys()].sort((a, b) => ((a * 7 + seed) % 5) - ((b * 7 + seed) % 5)).slice(0, count);
        const s = axes.map((a, i) => Math.max(1, shape[a] + ((seed >> i) % 3) - 1));
        const N = s.reduce((a, b) => a * b, 1);
        const x = randomData(shape, seed);
        const y = randomData(shape, seed + 5);
        let z: Planes = { re: x, im: y, shape };
        axes.forEach((a, i) => (z = fit(z, a, s[i])));
        let fwd = z;
        for (const a of axes) fwd = dft(fwd, a, -1);
        let inv = z;
        for (const a of axes) inv = dft(inv, a, 1, 1 / inv.shape[a]);
        const input = { re: tensorOf(x, shape), im: tensorOf(y, shape) };
        expectPlanes(np.fft.fftn(input, s, axes, norm), scale(fwd, normFactor(norm, N, false)), 1e-13, `fftn axes ${axes} s ${s}`);
        expectPlanes(np.fft.ifftn(input, s, axes, norm), scale(inv, normFactor(norm, N, true)), 1e-13, `ifftn axes ${axes} s ${s}`);
        // rfftn: the real input's full transform, its last transformed axis halved
        let real: Planes = { re: x, im: new Float64Array(x.length), shape };
        axes.forEach((a, i) => (real = fit(real, a, s[i])));
        for (const a of axes) real = dft(real, a, -1);
        const last = axes[axes.length - 1];
        const half = sliceAxis(real, last, (s[s.length - 1] >> 1) + 1);
        expectPlanes(np.fft.rfftn(tensorOf(x, shape), s, axes, norm), scale(half, normFactor(norm, N, false)), 1e-13, `rfftn axes ${axes} s ${s}`);
        // irfftn inverts it (rfftn of a real array is Hermitian)
        const back = np.fft.irfftn(np.fft.rfftn(tensorOf(x, shape), s, axes, norm), s, axes, norm);
        let fitted: Planes = { re: x, im: new Float64Array(x.length), shape };
        axes.forEach((a, i) => (fitted = fit(fitted, a, s[i])));
        expectReal(back, { data: fitted.re, shape: fitted.shape }, 1e-12, `irfftn(rfftn) axes ${axes} s ${s}`);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("np.fft identities", () => {
  it("ifft(fft(x)) = x and irfft(rfft(x), n) = x for every norm, any length", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 80 }), normArb, fc.integer(), (n, norm, seed) => {
        const x = tensorOf(randomData([2, n], seed), [2, n]);
        const y = tensorOf(randomData([2, n], seed + 1), [2, n]);
        const back = np.fft.ifft(np.fft.fft({ re: x, im: y }, null, -1, norm), null, -1, norm);
        expect(back.re).toBeAllclose(x, { atol: 1e-13 });
        expect(back.im).toBeAllclose(y, { atol: 1e-13 });
        expect(np.fft.irfft(np.fft.rfft(x, null, -1, norm), n, -1, norm)).toBeAllclose(x, { atol: 1e-13 });
        expect(np.fft.hfft(np.fft.ihfft(x, null, -1, norm), n, -1, norm)).toBeAllclose(x, { atol: 1e-13 });
      }),
      { numRuns: RUNS },
    );
  });

  it("Parseval: Σ|x|² = Σ|X|²/n, and the ortho transform is unitary", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.integer(), (n, seed) => {
        const x = tensorOf(randomData([n], seed), [n]);
        const energy = np.sum(np.square(x)).item();
        const X = np.fft.fft(x);
        expect(np.sum(np.add(np.square(X.re), np.square(X.im))).item() / n).toBeCloseTo(energy, 12);
        const U = np.fft.fft(x, null, -1, "ortho");
        expect(np.sum(np.add(np.square(U.re), np.square(U.im))).item()).toBeCloseTo(energy, 12);
      }),
      { numRuns: RUNS },
    );
  });

  it("fftshift and ifftshift invert each other, and fftshift(fftfreq(n)) is sorted", () => {
    for (const n of [1, 2, 5, 8]) {
      const f = np.fft.fftfreq(n, 0.1);
      expect(np.fft.ifftshift(np.fft.fftshift(f))).toBeAllclose(f, { rtol: 0, atol: 0 });
      const sorted = Array.from(np.fft.fftshift(f).toTypedArray());
      expect(sorted).toEqual([...sorted].sort((a, b) => a - b));
    }
    const z = { re: np.arange(6).reshape([2, 3]), im: np.ones([2, 3]) };
    expect(np.fft.fftshift(z, 1).re).toBeAllclose([[2, 0, 1], [5, 3, 4]]);
  });

  it("float32 in, float32 out, close to float64", () => {
    const x = np.array([0.25, -1, 2, 0.5, 3], { dtype: "float32" });
    const X = np.fft.fft(x);
    expect(X.re.dtype).toBe("float32");
    expect(np.fft.irfft(np.fft.rfft(x), 5).dtype).toBe("float32");
    expect(X.re).toBeAllclose(np.fft.fft(x.astype("float64")).re.astype("float32"), { atol: 1e-5 });
  });
});

describe("np.fft derivatives of real-valued losses", () => {
  const power = (X: Complex) => np.sum(np.add(np.square(X.re), np.square(X.im)));

  it("grad Σ|fft(x)|² = 2n·x and grad Σ|rfft(x)|² has the closed form of the doubled bins", () => {
    const x = np.array([0.5, -1, 2, 3, -2, 1.5, 0.25]);
    expect(grad((v: Tensor) => power(np.fft.fft(v)))(x)).toBeAllclose(np.multiply(x, 14), { rtol: 1e-12 });
    // Σ|rfft(x)|² = (|X_0|² + Σ_all |X_k|²)/2 for odd n, so the gradient is x·n + Σx
    const expected = np.add(np.multiply(x, 7), np.sum(x));
    expect(grad((v: Tensor) => power(np.fft.rfft(v)))(x)).toBeAllclose(expected, { rtol: 1e-12 });
  });

  it("checkGrads (fwd and rev, order 2) on real losses of every transform", () => {
    const losses: [string, (re: Tensor, im: Tensor) => Tensor][] = [
      ["Σ|fft(z)|·w", (re, im) => { const X = np.fft.fft({ re, im }, 7); return np.sum(np.sqrt(np.add(np.add(np.square(X.re), np.square(X.im)), 0.1))); }],
      ["Σ sin(ifftn(z))", (re, im) => { const X = np.fft.ifftn({ re, im }, [3, 4], [1, 0], "ortho"); return np.sum(np.sin(np.add(X.re, np.multiply(X.im, 2)))); }],
      ["Σ rfft2(re)² ", (re) => { const X = np.fft.rfft2(re); return np.sum(np.multiply(np.square(X.re), np.cos(X.im))); }],
      ["Σ irfft(z)³", (re, im) => np.sum(np.power(np.fft.irfft({ re, im }, 5, 0, "forward"), 3))],
      ["Σ tanh(hfft(z))", (re, im) => np.sum(np.tanh(np.fft.hfft({ re, im }, null, 1)))],
      ["Σ ihfft(re)·x", (re) => { const X = np.fft.ihfft(re, 4, 0); return np.sum(np.multiply(X.re, X.im)); }],
      ["Σ irfftn(rfftn(re))²", (re) => np.sum(np.square(np.fft.irfftn(np.fft.rfftn(re, [4, 2]), [4, 2])))],
    ];
    const re = tensorOf(randomData([3, 3], 1), [3, 3]);
    const im = tensorOf(randomData([3, 3], 2), [3, 3]);
    for (const [name, loss] of losses) {
      expect(() => checkGrads(loss, [re, im], { order: 2 }), name).not.toThrow();
    }
  });

  it("vmap equals a loop and jit equals eager, for functions returning { re, im }", () => {
    const f = (re: Tensor, im: Tensor) => np.fft.fft2({ re, im }, [3, 5], [1, 0], "ortho");
    const res = tensorOf(randomData([4, 2, 3], 3), [4, 2, 3]);
    const ims = tensorOf(randomData([2, 3], 4), [2, 3]);
    const batched = vmap(f, { inAxes: [0, null] })(res, ims);
    for (let b = 0; b < 4; b++) {
      const one = f(res.slice(b), ims);
      expect(batched.re.slice(b)).toBeAllclose(one.re, { rtol: 1e-13, atol: 1e-14 });
      expect(batched.im.slice(b)).toBeAllclose(one.im, { rtol: 1e-13, atol: 1e-14 });
    }
    const jitted = jit(f)(res.slice(1), ims);
    const eager = f(res.slice(1), ims);
    expect(Array.from(jitted.re.toTypedArray())).toEqual(Array.from(eager.re.toTypedArray()));
    expect(Array.from(jitted.im.toTypedArray())).toEqual(Array.from(eager.im.toTypedArray()));
  });
});
