/**
 * Timings of the convolution, reduce_window and FFT kernels on the issue's
 * units (eager kernels only, float64 and float32 inputs): the small CNN's
 * two convolutions on 64 images of 28×28×1 (32 then 64 filters of 3×3,
 * "valid", the second on the first's 26×26×32 output and, as after a 2×2
 * max pool, on 13×13×32), their lhs- and rhs-cotangent convolutions, the
 * 2×2 max pool and its select-and-scatter gradient, and complex FFTs of
 * n = 1024, 4096, 1009 over a batch of 64 lines.
 *
 * usage: npx tsx spec/bench/conv.ts [--reps=N]
 */
import { convGeneralDilated, convOutputShape } from "../../lib/kernels/conv.ts";
import type { ConvParams } from "../../lib/kernels/conv.ts";
import { convTransposeLhs, convTransposeRhs } from "../../lib/kernels/convTranspose.ts";
import { fft, rfft } from "../../lib/kernels/fft.ts";
import { reduceWindow, reduceWindowShape, selectAndScatterAdd } from "../../lib/kernels/window.ts";
import type { WindowParams } from "../../lib/kernels/window.ts";

const repsArg = process.argv.find((a) => a.startsWith("--reps="));
const REPS = repsArg ? Number(repsArg.slice(7)) : 10;

type Floats = Float64Array | Float32Array;

function random(size: number, f32: boolean): Floats {
  const out = f32 ? new Float32Array(size) : new Float64Array(size);
  for (let i = 0; i < size; i++) out[i] = Math.random() - 0.5;
  return out;
}

/** The best and the median of REPS timed calls after two warm-up calls, in milliseconds (the best resists a busy machine). */
function timed(run: () => unknown): { best: number; median: number } {
  run();
  run();
  const times: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { best: times[0], median: times[Math.floor(times.length / 2)] };
}

const ms = (t: { best: number; median: number }) => `${t.best.toFixed(2)} ms (median ${t.median.toFixed(2)})`;

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const valid: ConvParams = { windowStrides: [1, 1], padding: [[0, 0], [0, 0]], lhsDilation: [1, 1], rhsDilation: [1, 1], featureGroupCount: 1, batchGroupCount: 1 };

function convRows(name: string, lhsShape: number[], rhsShape: number[], f32: boolean): string[] {
  const outShape = convOutputShape(lhsShape, rhsShape, valid);
  const lhs = random(size(lhsShape), f32);
  const rhs = random(size(rhsShape), f32);
  const g = random(size(outShape), f32);
  const macs = size(outShape) * rhsShape[1] * rhsShape[2] * rhsShape[3];
  const rate = (t: { best: number }) => `${((2 * macs) / (t.best * 1e6)).toFixed(1)} GFLOP/s at best`;
  const forward = timed(() => convGeneralDilated(lhs, lhsShape, rhs, rhsShape, valid));
  const lhsT = timed(() => convTransposeLhs(g, outShape, rhs, rhsShape, lhsShape, valid));
  const rhsT = timed(() => convTransposeRhs(g, outShape, lhs, lhsShape, rhsShape, valid));
  const dtype = f32 ? "f32" : "f64";
  return [
    `${name} ${dtype} [${lhsShape}] * [${rhsShape}] -> [${outShape}]`,
    `  forward              ${ms(forward)}, ${rate(forward)}`,
    `  lhs-transpose (dlhs) ${ms(lhsT)}, ${rate(lhsT)}`,
    `  rhs-transpose (drhs) ${ms(rhsT)}, ${rate(rhsT)}`,
  ];
}

const lines: string[] = [`conv / reduce_window / fft kernels: best and median of ${REPS} calls`];
for (const f32 of [false, true]) {
  lines.push(...convRows("conv1", [64, 1, 28, 28], [32, 1, 3, 3], f32));
  lines.push(...convRows("conv2", [64, 32, 26, 26], [64, 32, 3, 3], f32));
  lines.push(...convRows("conv2 after pool", [64, 32, 13, 13], [64, 32, 3, 3], f32));
}

const poolShape = [64, 32, 26, 26];
const pool: WindowParams = { windowDimensions: [1, 1, 2, 2], windowStrides: [1, 1, 2, 2], padding: [[0, 0], [0, 0], [0, 0], [0, 0]], baseDilation: [1, 1, 1, 1], windowDilation: [1, 1, 1, 1] };
const poolInput = random(size(poolShape), false);
const pooledShape = reduceWindowShape(poolShape, pool);
const poolCotangent = random(size(pooledShape), false);
lines.push(`maxPool 2x2 [${poolShape}] -> [${pooledShape}]: ${ms(timed(() => reduceWindow(poolInput, poolShape, "max", pool)))}`);
lines.push(`  gradient (select-and-scatter-add): ${ms(timed(() => selectAndScatterAdd(poolCotangent, poolInput, poolShape, "max", pool)))}`);

for (const n of [1024, 4096, 1009]) {
  const re = random(64 * n, false);
  const im = random(64 * n, false);
  const complex = timed(() => fft(re, im, [64, n], 1, false));
  const real = timed(() => rfft(re, [64, n], 1));
  lines.push(`fft n=${n} batch 64: complex ${ms(complex)}; rfft ${ms(real)}`);
}
console.log(lines.join("\n"));
