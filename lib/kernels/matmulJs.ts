/**
 * Matrix products in plain JavaScript: the path for small products, for
 * vectors (m = 1 or n = 1), and wherever WebAssembly is unavailable. Each
 * output is summed in index order, s = ((0 + a₀b₀) + a₁b₁) + …, exactly as the
 * WebAssembly kernel sums it, so both give the same bits: in float64, or in
 * float32 with every product and every sum rounded to float32 (`Math.fround`
 * of a float64 product or sum of float32 values is the float32 operation's
 * result, since 53 ≥ 2·24 + 2).
 *
 * Operands are read through element strides (`StridedMatrix`), so a
 * transposed operand needs no copy; the general case gathers A's rows and
 * B's columns into contiguous rows and multiplies 4×4 blocks of C.
 *
 * @example
 * const a = { data, batchStride: m * k, rowStride: 1, colStride: m }; // Aᵀ stored as [k, m]
 * matmulJs(a, b, out, 1, m, k, n, "float64");
 */
import type { TypedArray } from "../array/dtype.ts";

/** A batch of matrices in `data`: element [t, i, j] at t·batchStride + i·rowStride + j·colStride. */
export interface StridedMatrix {
  readonly data: TypedArray;
  readonly batchStride: number;
  readonly rowStride: number;
  readonly colStride: number;
}

/** The contiguous row-major layout of a [batch, rows, cols] block. */
export function contiguous(data: TypedArray, rows: number, cols: number): StridedMatrix {
  return { data, batchStride: rows * cols, rowStride: cols, colStride: 1 };
}

/**
 * out[t·m·n + i·n + j] = Σ_p a[t, i, p] · b[t, p, j], summed in index order in
 * `arithmetic` (float32: rounded to float32 at every step).
 */
export function matmulJs(
  a: StridedMatrix,
  b: StridedMatrix,
  out: TypedArray,
  batch: number,
  m: number,
  k: number,
  n: number,
  arithmetic: "float32" | "float64",
): void {
  const f32 = arithmetic === "float32";
  // results go straight into `out` when it stores the arithmetic's values, else through one buffer
  const direct = f32 ? out instanceof Float32Array : out instanceof Float64Array;
  const c = direct ? (out as Float32Array | Float64Array) : f32 ? new Float32Array(m * n) : new Float64Array(m * n);
  for (let t = 0; t < batch; t++) {
    const cAt = direct ? t * m * n : 0;
    c.fill(0, cAt, cAt + m * n);
    const aAt = t * a.batchStride;
    const bAt = t * b.batchStride;
    if (n === 1) {
      if (f32) matrixVector32(a, aAt, b.data, bAt, b.rowStride, c, cAt, m, k);
      else matrixVector64(a, aAt, b.data, bAt, b.rowStride, c, cAt, m, k);
    } else if (m === 1) {
      if (f32) vectorMatrix32(a.data, aAt, a.colStride, b, bAt, c, cAt, k, n);
      else vectorMatrix64(a.data, aAt, a.colStride, b, bAt, c, cAt, k, n);
    } else {
      // rows of A and columns of B contiguous along k: read in place when they are, else gathered
      const [x, xAt, xStride] = a.colStride === 1 ? [a.data, aAt, a.rowStride] : [gatherRows(a.data, aAt, a.rowStride, a.colStride, m, k, f32), 0, k];
      const [y, yAt, yStride] = b.rowStride === 1 ? [b.data, bAt, b.colStride] : [gatherRows(b.data, bAt, b.colStride, b.rowStride, n, k, f32), 0, k];
      if (f32) blocks32(x, xAt, xStride, y, yAt, yStride, c, cAt, m, k, n);
      else blocks64(x, xAt, xStride, y, yAt, yStride, c, cAt, m, k, n);
    }
    if (!direct) out.set(c, t * m * n);
  }
}

/** x[at + i·across + p·along] for i < count, p < k, as contiguous rows [count, k]. */
function gatherRows(x: TypedArray, at: number, across: number, along: number, count: number, k: number, f32: boolean): Float32Array | Float64Array {
  const rows = f32 ? new Float32Array(count * k) : new Float64Array(count * k);
  for (let i = 0; i < count; i++) {
    let from = at + i * across;
    const to = i * k;
    for (let p = 0; p < k; p++, from += along) rows[to + p] = x[from];
  }
  return rows;
}

/** c[cAt + i·n + j] = Σ_p x[xAt + i·xStride + p] · y[yAt + j·yStride + p] (rows of A, columns of B), 4×4 blocks of C at a time, float64. */
function blocks64(x: TypedArray, xAt: number, xStride: number, y: TypedArray, yAt: number, yStride: number, c: Float32Array | Float64Array, cAt: number, m: number, k: number, n: number): void {
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    const a0 = xAt + i * xStride, a1 = a0 + xStride, a2 = a1 + xStride, a3 = a2 + xStride;
    for (let j = 0; j < n4; j += 4) {
      const b0 = yAt + j * yStride, b1 = b0 + yStride, b2 = b1 + yStride, b3 = b2 + yStride;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      for (let p = 0; p < k; p++) {
        const y0 = y[b0 + p], y1 = y[b1 + p], y2 = y[b2 + p], y3 = y[b3 + p];
        let v = x[a0 + p];
        s00 += v * y0; s01 += v * y1; s02 += v * y2; s03 += v * y3;
        v = x[a1 + p];
        s10 += v * y0; s11 += v * y1; s12 += v * y2; s13 += v * y3;
        v = x[a2 + p];
        s20 += v * y0; s21 += v * y1; s22 += v * y2; s23 += v * y3;
        v = x[a3 + p];
        s30 += v * y0; s31 += v * y1; s32 += v * y2; s33 += v * y3;
      }
      const c0 = cAt + i * n + j, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
      c[c0] = s00; c[c0 + 1] = s01; c[c0 + 2] = s02; c[c0 + 3] = s03;
      c[c1] = s10; c[c1 + 1] = s11; c[c1 + 2] = s12; c[c1 + 3] = s13;
      c[c2] = s20; c[c2 + 1] = s21; c[c2 + 2] = s22; c[c2 + 3] = s23;
      c[c3] = s30; c[c3 + 1] = s31; c[c3 + 2] = s32; c[c3 + 3] = s33;
    }
  }
  // the columns past the last block of 4 (every row), then the rows past it (the blocked columns)
  for (let i = 0; i < m; i++) {
    for (let j = i < m4 ? n4 : 0; j < n; j++) {
      let s = 0;
      for (let p = 0, u = xAt + i * xStride, v = yAt + j * yStride; p < k; p++) s += x[u + p] * y[v + p];
      c[cAt + i * n + j] = s;
    }
  }
}

/** As `blocks64`, with every product and sum rounded to float32. */
function blocks32(x: TypedArray, xAt: number, xStride: number, y: TypedArray, yAt: number, yStride: number, c: Float32Array | Float64Array, cAt: number, m: number, k: number, n: number): void {
  const f = Math.fround;
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    const a0 = xAt + i * xStride, a1 = a0 + xStride, a2 = a1 + xStride, a3 = a2 + xStride;
    for (let j = 0; j < n4; j += 4) {
      const b0 = yAt + j * yStride, b1 = b0 + yStride, b2 = b1 + yStride, b3 = b2 + yStride;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      for (let p = 0; p < k; p++) {
        const y0 = y[b0 + p], y1 = y[b1 + p], y2 = y[b2 + p], y3 = y[b3 + p];
        let v = x[a0 + p];
        s00 = f(s00 + f(v * y0)); s01 = f(s01 + f(v * y1)); s02 = f(s02 + f(v * y2)); s03 = f(s03 + f(v * y3));
        v = x[a1 + p];
        s10 = f(s10 + f(v * y0)); s11 = f(s11 + f(v * y1)); s12 = f(s12 + f(v * y2)); s13 = f(s13 + f(v * y3));
        v = x[a2 + p];
        s20 = f(s20 + f(v * y0)); s21 = f(s21 + f(v * y1)); s22 = f(s22 + f(v * y2)); s23 = f(s23 + f(v * y3));
        v = x[a3 + p];
        s30 = f(s30 + f(v * y0)); s31 = f(s31 + f(v * y1)); s32 = f(s32 + f(v * y2)); s33 = f(s33 + f(v * y3));
      }
      const c0 = cAt + i * n + j, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
      c[c0] = s00; c[c0 + 1] = s01; c[c0 + 2] = s02; c[c0 + 3] = s03;
      c[c1] = s10; c[c1 + 1] = s11; c[c1 + 2] = s12; c[c1 + 3] = s13;
      c[c2] = s20; c[c2 + 1] = s21; c[c2 + 2] = s22; c[c2 + 3] = s23;
      c[c3] = s30; c[c3 + 1] = s31; c[c3 + 2] = s32; c[c3 + 3] = s33;
    }
  }
  for (let i = 0; i < m; i++) {
    for (let j = i < m4 ? n4 : 0; j < n; j++) {
      let s = 0;
      for (let p = 0, u = xAt + i * xStride, v = yAt + j * yStride; p < k; p++) s = f(s + f(x[u + p] * y[v + p]));
      c[cAt + i * n + j] = s;
    }
  }
}

/** c[i] = Σ_p a[t, i, p] · v[at + p·stride] for a matrix times a vector, four rows at a time, float64. */
function matrixVector64(a: StridedMatrix, aAt: number, v: TypedArray, vAt: number, vStride: number, c: Float32Array | Float64Array, cAt: number, m: number, k: number): void {
  const x = a.data;
  const rs = a.rowStride;
  const cs = a.colStride;
  const m4 = m - (m % 4);
  for (let i = 0; i < m4; i += 4) {
    let r0 = aAt + i * rs, r1 = r0 + rs, r2 = r1 + rs, r3 = r2 + rs;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let p = 0, q = vAt; p < k; p++, q += vStride, r0 += cs, r1 += cs, r2 += cs, r3 += cs) {
      const y = v[q];
      s0 += x[r0] * y; s1 += x[r1] * y; s2 += x[r2] * y; s3 += x[r3] * y;
    }
    c[cAt + i] = s0; c[cAt + i + 1] = s1; c[cAt + i + 2] = s2; c[cAt + i + 3] = s3;
  }
  for (let i = m4; i < m; i++) {
    let s = 0;
    for (let p = 0, r = aAt + i * rs, q = vAt; p < k; p++, r += cs, q += vStride) s += x[r] * v[q];
    c[cAt + i] = s;
  }
}

/** As `matrixVector64`, in float32. */
function matrixVector32(a: StridedMatrix, aAt: number, v: TypedArray, vAt: number, vStride: number, c: Float32Array | Float64Array, cAt: number, m: number, k: number): void {
  const f = Math.fround;
  const x = a.data;
  const rs = a.rowStride;
  const cs = a.colStride;
  const m4 = m - (m % 4);
  for (let i = 0; i < m4; i += 4) {
    let r0 = aAt + i * rs, r1 = r0 + rs, r2 = r1 + rs, r3 = r2 + rs;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let p = 0, q = vAt; p < k; p++, q += vStride, r0 += cs, r1 += cs, r2 += cs, r3 += cs) {
      const y = v[q];
      s0 = f(s0 + f(x[r0] * y)); s1 = f(s1 + f(x[r1] * y)); s2 = f(s2 + f(x[r2] * y)); s3 = f(s3 + f(x[r3] * y));
    }
    c[cAt + i] = s0; c[cAt + i + 1] = s1; c[cAt + i + 2] = s2; c[cAt + i + 3] = s3;
  }
  for (let i = m4; i < m; i++) {
    let s = 0;
    for (let p = 0, r = aAt + i * rs, q = vAt; p < k; p++, r += cs, q += vStride) s = f(s + f(x[r] * v[q]));
    c[cAt + i] = s;
  }
}

/** c[j] = Σ_p u[at + p·stride] · b[t, p, j] for a vector times a matrix (each c[j] summed over p in order), float64. */
function vectorMatrix64(u: TypedArray, uAt: number, uStride: number, b: StridedMatrix, bAt: number, c: Float32Array | Float64Array, cAt: number, k: number, n: number): void {
  const y = b.data;
  const rs = b.rowStride;
  const cs = b.colStride;
  for (let p = 0; p < k; p++) {
    const x = u[uAt + p * uStride];
    const row = bAt + p * rs;
    if (cs === 1) for (let j = 0; j < n; j++) c[cAt + j] += x * y[row + j];
    else for (let j = 0, q = row; j < n; j++, q += cs) c[cAt + j] += x * y[q];
  }
}

/** As `vectorMatrix64`, in float32. */
function vectorMatrix32(u: TypedArray, uAt: number, uStride: number, b: StridedMatrix, bAt: number, c: Float32Array | Float64Array, cAt: number, k: number, n: number): void {
  const f = Math.fround;
  const y = b.data;
  const rs = b.rowStride;
  const cs = b.colStride;
  for (let p = 0; p < k; p++) {
    const x = u[uAt + p * uStride];
    const row = bAt + p * rs;
    for (let j = 0, q = row; j < n; j++, q += cs) c[cAt + j] = f(c[cAt + j] + f(x * y[q]));
  }
}
