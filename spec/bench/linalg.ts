/**
 * Timings of the dense linear-algebra kernels on float64 n×n matrices
 * (n = 64, 128, 256): wall-clock median and CPU time per call after a
 * warm-up, in milliseconds, and each kernel's backward error at that size
 * in units of n·ε·‖A‖_F (a backward-stable kernel stays near or below 1).
 *
 * usage: npx tsx spec/bench/linalg.ts [--sizes=64,128,256] [--runs=9]
 */
import { cholesky, eigh, expm, inv, lu, qr, solve, svd } from "../../lib/kernels/linalg/index.ts";
import { multiply } from "../../lib/kernels/linalg/blas.ts";

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const sizes = (args.get("sizes") ?? "64,128,256").split(",").map(Number);
const runs = Number(args.get("runs") ?? 9);

/** A deterministic pseudo-random matrix with entries in [-1, 1). */
function random(rows: number, cols: number, seed: number): Float64Array {
  let state = seed >>> 0 || 1;
  return new Float64Array(rows * cols).map(() => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 31 - 1;
  });
}

function transpose(a: Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j];
  return t;
}

function frobenius(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

/**
 * Milliseconds per call after a warm-up long enough for V8 to optimize: the
 * median wall time of `runs` calls, and the process CPU time per call over
 * the same calls (user + system; the kernels are single-threaded, so on a
 * quiet machine the two agree, and on a busy one CPU time is the steadier).
 */
function time(f: () => void): { wall: number; cpu: number } {
  const warm = performance.now();
  while (performance.now() - warm < 300) f();
  const samples: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    f();
    samples.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  samples.sort((x, y) => x - y);
  return { wall: samples[Math.floor(samples.length / 2)], cpu: (cpu.user + cpu.system) / 1000 / runs };
}

/** ‖residual‖ / (n ε scale). */
function units(residual: number, n: number, scale: number): number {
  return residual / (n * Number.EPSILON * scale);
}

interface Row {
  kernel: string;
  [size: string]: string;
}

const rows = new Map<string, Row>();
function record(kernel: string, n: number, ms: { wall: number; cpu: number }, backwardError?: number): void {
  const row = rows.get(kernel) ?? { kernel };
  const format = (x: number): string => (x < 10 ? x.toFixed(2) : x.toFixed(1));
  row[`n=${n} wall`] = format(ms.wall);
  row[`n=${n} cpu`] = format(ms.cpu);
  if (backwardError !== undefined) row[`n=${n} err`] = backwardError.toFixed(2);
  rows.set(kernel, row);
}

for (const n of sizes) {
  const a = random(n, n, 7 * n + 1);
  const b = random(n, 1, 11 * n + 3);
  const sym = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sym[i * n + j] = (a[i * n + j] + a[j * n + i]) / 2;
  const spd = multiply(a, transpose(a, n, n), n, n, n);
  for (let i = 0; i < n; i++) spd[i * n + i] += n;

  // solve: ‖A x - b‖ / (n ε ‖A‖ ‖x‖)
  const x = solve(a, b, 1, n, 1);
  record("solve (1 rhs)", n, time(() => solve(a, b, 1, n, 1)), units(distance(multiply(a, x, n, n, 1), b), n, frobenius(a) * frobenius(x)));
  record("lu", n, time(() => lu(a, 1, n, n)));
  const ainv = inv(a, 1, n);
  const identity = new Float64Array(n * n).map((_, i) => (i % (n + 1) === 0 ? 1 : 0));
  record("inv", n, time(() => inv(a, 1, n)), units(distance(multiply(ainv, a, n, n, n), identity), n, frobenius(a) * frobenius(ainv)));

  // cholesky: ‖L Lᵀ - A‖ / (n ε ‖A‖)
  const l = cholesky(spd, 1, n);
  record("cholesky", n, time(() => cholesky(spd, 1, n)), units(distance(multiply(l, transpose(l, n, n), n, n, n), spd), n, frobenius(spd)));

  // qr: ‖Q R - A‖ / (n ε ‖A‖)
  const { q, r } = qr(a, 1, n, n);
  record("qr (reduced)", n, time(() => qr(a, 1, n, n)), units(distance(multiply(q!, r, n, n, n), a), n, frobenius(a)));

  // eigh: ‖A V - V Λ‖ / (n ε ‖A‖)
  const { values, vectors } = eigh(sym, 1, n);
  const vl = vectors!.map((v, i) => v * values[i % n]);
  record("eigh", n, time(() => eigh(sym, 1, n)), units(distance(multiply(sym, vectors!, n, n, n), vl), n, frobenius(sym)));
  record("eigh (values only)", n, time(() => eigh(sym, 1, n, { computeVectors: false })));

  // svd: ‖U S Vᵀ - A‖ / (n ε ‖A‖)
  const { s, u, vt } = svd(a, 1, n, n);
  const us = u!.map((v, i) => v * s[i % n]);
  record("svd", n, time(() => svd(a, 1, n, n)), units(distance(multiply(us, vt!, n, n, n), a), n, frobenius(a)));
  record("svd (values only)", n, time(() => svd(a, 1, n, n, { computeUv: false })));

  const small = a.map((v) => v / Math.sqrt(n));
  record("expm", n, time(() => expm(small, 1, n)));
}

console.log(`float64 n×n: wall = median ms of ${runs} calls, cpu = process CPU ms per call; err = backward error / (n ε ‖A‖_F)`);
console.table([...rows.values()]);
