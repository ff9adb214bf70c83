/**
 * Givens (plane) rotations G = [[c, s], [-s, c]], as LAPACK's dlartg and
 * drot: build one that zeroes the second entry of a 2-vector, and apply one
 * to two rows of a row-major matrix (the eigen- and singular-vector
 * accumulators keep vectors as rows so every rotation streams contiguously).
 *
 * @example
 * const g = makeRotation(3, 4); // g.c = 0.6, g.s = 0.8, g.r = 5
 */

/** A rotation's cosine c, sine s and the length r it maps (f, g) onto. */
export interface Rotation {
  c: number;
  s: number;
  r: number;
}

/**
 * The rotation with [[c, s], [-s, c]] · [f, g] = [r, 0], r = ±hypot(f, g)
 * (c = 1, s = 0 when g = 0). Writes into `out` (reused to avoid allocation).
 */
export function makeRotation(f: number, g: number, out: Rotation = { c: 1, s: 0, r: 0 }): Rotation {
  if (g === 0) {
    out.c = 1;
    out.s = 0;
    out.r = f;
  } else if (f === 0) {
    out.c = 0;
    out.s = 1;
    out.r = g;
  } else {
    const big = Math.max(Math.abs(f), Math.abs(g));
    if (big >= SMALL && big <= LARGE) {
      const r = Math.sqrt(f * f + g * g); // no overflow or harmful underflow here, and 10× faster than Math.hypot
      out.c = f / r;
      out.s = g / r;
      out.r = r;
    } else {
      // Subnormal or huge entries: c and s from copies scaled by an exact power of two (as dlartg).
      const sigma = 2 ** Math.round(Math.log2(big) || 0);
      const fs = f / sigma;
      const gs = g / sigma;
      const rs = Math.hypot(fs, gs);
      out.c = fs / rs;
      out.s = gs / rs;
      out.r = rs * sigma;
    }
  }
  return out;
}

const SMALL = 1e-150;
const LARGE = 1e150;

/**
 * Rows x = a[xo .. xo+len) and y = a[yo .. yo+len) become
 * x' = c x + s y and y' = c y - s x: 6 len flops on contiguous runs.
 */
export function rotateRows(a: Float64Array, xo: number, yo: number, len: number, c: number, s: number): void {
  let p = 0;
  for (; p + 2 <= len; p += 2) {
    const x0 = a[xo + p], y0 = a[yo + p];
    const x1 = a[xo + p + 1], y1 = a[yo + p + 1];
    a[xo + p] = c * x0 + s * y0;
    a[yo + p] = c * y0 - s * x0;
    a[xo + p + 1] = c * x1 + s * y1;
    a[yo + p + 1] = c * y1 - s * x1;
  }
  if (p < len) {
    const x0 = a[xo + p], y0 = a[yo + p];
    a[xo + p] = c * x0 + s * y0;
    a[yo + p] = c * y0 - s * x0;
  }
}
