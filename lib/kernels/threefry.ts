/**
 * Threefry-2x32 (Salmon et al., "Parallel random numbers: as easy as 1, 2,
 * 3", SC 2011), 20 rounds, as JAX's `threefry2x32` primitive: a keyed hash
 * of counter pairs (x0, x1) under the key (k0, k1), all uint32. The kernel
 * hashes whole arrays (numpy broadcasting of the four operands); `hashPair`
 * is the same function on one pair, for the samplers that loop per element
 * (gamma's rejection loop).
 *
 * @example
 * hashPair(0, 0, 0, 0); // [0x6b200159, 0x99ba4efe], Random123's known answer
 */
import { sizeOf, stridesOf, type Shape } from "../array/shape.ts";

const ROTATIONS = [13, 15, 26, 6, 17, 29, 16, 24];
const PARITY = 0x1bd11bda;

/** One pair hashed in place of `out` (out[0], out[1] = x0, x1 on entry). */
function hashInto(k0: number, k1: number, out: Uint32Array | number[], i: number, x0: number, x1: number, out1: Uint32Array | number[]): void {
  const ks0 = k0 | 0, ks1 = k1 | 0, ks2 = (k0 ^ k1 ^ PARITY) | 0;
  let a = (x0 + ks0) | 0;
  let b = (x1 + ks1) | 0;
  for (let g = 0; g < 5; g++) {
    const r = (g & 1) << 2;
    for (let j = 0; j < 4; j++) {
      // mix: a += b; b = rotl(b, R) ^ a
      a = (a + b) | 0;
      const rot = ROTATIONS[r + j];
      b = ((b << rot) | (b >>> (32 - rot))) ^ a;
    }
    // key injection g + 1: the schedule (ks0, ks1, ks2) rotated by g + 1, plus the injection count
    const m = g % 3;
    a = (a + (m === 0 ? ks1 : m === 1 ? ks2 : ks0)) | 0;
    b = (b + (m === 0 ? ks2 : m === 1 ? ks0 : ks1) + g + 1) | 0;
  }
  out[i] = a >>> 0;
  out1[i] = b >>> 0;
}

/** Threefry-2x32 of one counter pair: `[y0, y1]`. */
export function hashPair(k0: number, k1: number, x0: number, x1: number): [number, number] {
  const y0 = [0], y1 = [0];
  hashInto(k0, k1, y0, 0, x0, x1, y1);
  return [y0[0], y1[0]];
}

/** An operand read at output index i: its own data laid out like the output, or a scalar. */
function expand(x: Uint32Array, shape: Shape, outShape: Shape): Uint32Array {
  const n = sizeOf(outShape);
  if (x.length === n || x.length === 1) return x;
  // numpy broadcasting: right-aligned axes, stride 0 where the operand has size 1
  const out = new Uint32Array(n);
  const strides = stridesOf(shape);
  const offset = outShape.length - shape.length;
  const outStrides = stridesOf(outShape);
  for (let i = 0; i < n; i++) {
    let j = 0;
    for (let d = 0; d < shape.length; d++) {
      if (shape[d] !== 1) j += (Math.floor(i / outStrides[d + offset]) % outShape[d + offset]) * strides[d];
    }
    out[i] = x[j];
  }
  return out;
}

/** Threefry-2x32 of every counter pair, the four operands broadcast together into `outShape`: `[y0, y1]`. */
export function threefry2x32(
  k0: Uint32Array, k0Shape: Shape,
  k1: Uint32Array, k1Shape: Shape,
  x0: Uint32Array, x0Shape: Shape,
  x1: Uint32Array, x1Shape: Shape,
  outShape: Shape,
): [Uint32Array, Uint32Array] {
  const n = sizeOf(outShape);
  const y0 = new Uint32Array(n), y1 = new Uint32Array(n);
  const a = expand(k0, k0Shape, outShape), b = expand(k1, k1Shape, outShape);
  const c = expand(x0, x0Shape, outShape), d = expand(x1, x1Shape, outShape);
  if (a.length === 1 && b.length === 1) {
    const ka = a[0], kb = b[0];
    for (let i = 0; i < n; i++) hashInto(ka, kb, y0, i, c.length === 1 ? c[0] : c[i], d.length === 1 ? d[0] : d[i], y1);
  } else {
    for (let i = 0; i < n; i++) {
      hashInto(a.length === 1 ? a[0] : a[i], b.length === 1 ? b[0] : b[i], y0, i, c.length === 1 ? c[0] : c[i], d.length === 1 ? d[0] : d[i], y1);
    }
  }
  return [y0, y1];
}
