/**
 * Timings of the dense linear-algebra kernels on float64 n×n matrices
 * (n = 64, 128, 256): wall-clock median and CPU time per call after a
 * warm-up, in milliseconds, and each kernel's backward error at that size
 * in units of n·ε·‖A‖_F (a backward-stable kernel stays near or below 1).
 *
 * With --accuracy=N it instead runs N random trials per kernel (dimensions
 * 1 to 100, tall and wide, every triangular-solve option) and prints the
 * largest residual of each identity in the same units.
 *
 * usage: npx tsx spec/bench/linalg.ts [--sizes=64,128,256] [--runs=9] [--accuracy=200]
 */
import { cholesky, eigh, expm, inv, lu, qr, slogdet, solve, svd, triangularSolve } from "../../lib/kernels/linalg/index.ts";
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

function timings(): void {
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
}

/** ‖QᵀQ - I‖_F / (rows ε) for q [rows, cols]. */
function orthonormality(q: Float64Array, rows: number, cols: number): number {
  const gram = multiply(transpose(q, rows, cols), q, cols, rows, cols);
  for (let i = 0; i < cols; i++) gram[i * cols + i] -= 1;
  return frobenius(gram) / (Math.max(rows, 1) * Number.EPSILON);
}

/** The largest residual of every identity over `trials` random inputs per kernel. */
function accuracySurvey(trials: number): void {
  const worst = new Map<string, number>();
  const note = (name: string, value: number): void => {
    if (!(value <= (worst.get(name) ?? -1))) worst.set(name, value);
  };
  let seed = 12345;
  const dim = (): number => 1 + (random(1, 1, seed++)[0] * 50 + 50 | 0);
  for (let t = 0; t < trials; t++) {
    const [m, n] = [dim(), dim()];
    const k = Math.min(m, n);
    const a = random(m, n, seed++);
    const sq = random(n, n, seed++);
    const sym = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sym[i * n + j] = (sq[i * n + j] + sq[j * n + i]) / 2;
    if (t % 4 === 3) for (let i = 0; i < n * n; i++) sym[i] = Math.round(sym[i]); // repeated eigenvalues
    const normA = frobenius(a) || 1;
    // lu: ‖P A - L U‖
    const factors = lu(a, 1, m, n);
    const l = new Float64Array(m * k);
    const u = new Float64Array(k * n);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const x = factors.lu[i * n + j];
        if (j < i && j < k) l[i * k + j] = x;
        if (i === j && i < k) l[i * k + j] = 1;
        if (j >= i && i < k) u[i * n + j] = x;
      }
    }
    const pa = new Float64Array(m * n);
    for (let i = 0; i < m; i++) pa.set(a.subarray(factors.permutation[i] * n, (factors.permutation[i] + 1) * n), i * n);
    note("lu: ‖PA - LU‖", units(distance(multiply(l, u, m, k, n), pa), Math.max(m, n), normA));
    // qr
    const { q, r } = qr(a, 1, m, n);
    note("qr: ‖QR - A‖", units(distance(multiply(q!, r, m, k, n), a), m, normA));
    note("qr: ‖QᵀQ - I‖", orthonormality(q!, m, k));
    // svd
    const f = svd(a, 1, m, n, { fullMatrices: false });
    const us = f.u!.map((x, i) => x * f.s[i % k]);
    note("svd: ‖USVᵀ - A‖", units(distance(multiply(us, f.vt!, m, k, n), a), Math.max(m, n), normA));
    note("svd: ‖UᵀU - I‖", orthonormality(f.u!, m, k));
    note("svd: ‖VᵀV - I‖", orthonormality(transpose(f.vt!, k, n), n, k));
    // eigh
    const { values, vectors } = eigh(sym, 1, n);
    const vl = vectors!.map((x, i) => x * values[i % n]);
    note("eigh: ‖AV - VΛ‖", units(distance(multiply(sym, vectors!, n, n, n), vl), n, frobenius(sym) || 1));
    note("eigh: ‖VᵀV - I‖", orthonormality(vectors!, n, n));
    // cholesky of S Sᵀ + n I
    const spd = multiply(sq, transpose(sq, n, n), n, n, n);
    for (let i = 0; i < n; i++) spd[i * n + i] += n;
    const chol = cholesky(spd, 1, n);
    note("cholesky: ‖LLᵀ - A‖", units(distance(multiply(chol, transpose(chol, n, n), n, n, n), spd), n, frobenius(spd)));
    // solve, inv (a square matrix with a unit-size spectrum shift), triangular solve
    const square = sq.map((x, i) => x + (i % (n + 1) === 0 ? 2 : 0));
    const rhs = random(n, 3, seed++);
    const x = solve(square, rhs, 1, n, 3);
    note("solve: ‖AX - B‖ (÷‖A‖‖X‖)", units(distance(multiply(square, x, n, n, 3), rhs), n, frobenius(square) * frobenius(x)));
    const ai = inv(square, 1, n);
    const eye = new Float64Array(n * n).map((_, i) => (i % (n + 1) === 0 ? 1 : 0));
    note("inv: ‖A⁻¹A - I‖ (÷‖A‖‖A⁻¹‖)", units(distance(multiply(ai, square, n, n, n), eye), n, frobenius(square) * frobenius(ai)));
    const options = { leftSide: t % 2 === 0, lower: (t >> 1) % 2 === 0, transposeA: (t >> 2) % 2 === 0, unitDiagonal: (t >> 3) % 2 === 0 };
    const side = options.leftSide ? n : 3;
    const tri = random(n, n, seed++).map((v, i) => (options.lower ? (i % n) <= ((i / n) | 0) : (i % n) >= ((i / n) | 0)) ? (i % (n + 1) === 0 ? (options.unitDiagonal ? 1 : n + v) : v) : 0);
    const tb = random(options.leftSide ? n : 3, options.leftSide ? 3 : n, seed++);
    const tx = triangularSolve(tri, tb, 1, side, options.leftSide ? 3 : n, options);
    const op = options.transposeA ? transpose(tri, n, n) : tri;
    const product = options.leftSide ? multiply(op, tx, n, n, 3) : multiply(tx, op, 3, n, n);
    note("triangularSolve: ‖op(A)X - B‖ (÷‖A‖‖X‖)", units(distance(product, tb), n, frobenius(tri) * frobenius(tx)));
    // slogdet of the positive definite matrix against Σ log λ (well conditioned: eigenvalues ≥ n)
    const logs = eigh(spd, 1, n, { computeVectors: false }).values.reduce((acc, v) => acc + Math.log(v), 0);
    note("slogdet: |Δ log det| (÷ n ε |log det|)", Math.abs(slogdet(spd, 1, n).logAbsDet[0] - logs) / (n * Number.EPSILON * Math.abs(logs)));
    // expm of a symmetric matrix against V exp(Λ) Vᵀ, relative
    const scaled = sym.map((v) => (v * 4) / Math.sqrt(n));
    const e = eigh(scaled, 1, n);
    const ve = e.vectors!.map((v, i) => v * Math.exp(e.values[i % n]));
    const reference = multiply(ve, transpose(e.vectors!, n, n), n, n, n);
    note("expm: ‖expm(A) - V e^Λ Vᵀ‖ (÷‖e^A‖)", units(distance(expm(scaled, 1, n), reference), n, frobenius(reference)));
  }
  console.log(`largest residual over ${trials} random trials per kernel (dimensions 1-100), in units of n ε ‖·‖`);
  console.table([...worst.entries()].map(([identity, value]) => ({ identity, worst: value.toFixed(3) })));
}

if (args.has("accuracy")) accuracySurvey(Number(args.get("accuracy") || 200));
else timings();
