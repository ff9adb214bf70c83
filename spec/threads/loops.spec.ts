/**
 * Fused loops without sums split among worker threads (lib/kernels/lanes/wasmLoop.ts,
 * `chunk`): every element has the same bits on one thread and on several,
 * eagerly and under jit, for float64, float32 and bool outputs, scalar and
 * column operands, lanes handed back to JavaScript (sin of huge arguments),
 * and lengths that are no whole number of blocks or chunks. A loop with full
 * sums is split as its summands program and the sums added afterwards in
 * element order (the same bits); sums over some axes and repeated-row
 * operands stay on one thread.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config, jit, nn, np, valueAndGrad, type Tensor } from "../../lib/index.ts";
import { loopTuning } from "../../lib/kernels/lanes/wasmLoop.ts";
import { startedWorkers, warmPool } from "../../lib/threads/pool.ts";

const initial = { threads: config.get("threads"), parallelElements: loopTuning.parallelElements, chunkElements: loopTuning.chunkElements };

async function workersStarted(threads: number): Promise<void> {
  config.update("threads", threads);
  warmPool();
  for (let waited = 0; startedWorkers() < threads - 1 && waited < 20_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
  expect(startedWorkers()).toBe(threads - 1);
}

beforeAll(async () => {
  await workersStarted(2);
  // split from a few thousand elements on, in chunks of 64, so that small arrays give many chunks
  loopTuning.parallelElements = 2000;
  loopTuning.chunkElements = 64;
}, 30_000);
afterAll(() => {
  config.update("threads", initial.threads);
  loopTuning.parallelElements = initial.parallelElements;
  loopTuning.chunkElements = initial.chunkElements;
});

const bits = (t: Tensor) => Array.from(t.toTypedArray());
const values = (n: number, seed: number) => np.array(Array.from({ length: n }, (_, i) => 3 * Math.sin(0.731 * i + seed) + (i % 97 === 0 ? 1e22 : 0)));

/** f's outputs with `threads` threads, eagerly and under jit. */
function outputs(f: (...xs: Tensor[]) => Tensor[], xs: Tensor[], threads: number): number[][] {
  config.update("threads", threads);
  return [...f(...xs), ...jit(f)(...xs)].map(bits);
}

const programs: [string, (...xs: Tensor[]) => Tensor[], (n: number) => Tensor[]][] = [
  ["float64 math, a scalar operand, huge sin arguments", (x, s) => [np.add(np.multiply(np.tanh(x), np.exp(np.negative(np.square(x)))), np.sin(np.multiply(x, s)))], (n) => [values(n, 1), np.array(7.5)]],
  ["float32 math and a bool output", (x) => [np.log1p(np.abs(x)), np.greater(np.cos(x), 0.25)], (n) => [values(n, 2).astype("float32")]],
  ["a column operand (each value read for a row of elements)", (x, c) => [np.multiply(np.exp(np.sin(x)), c)], (n) => [np.reshape(values(8 * n, 3), [n, 8]), np.reshape(values(n, 4), [n, 1])]],
];

describe("fused loops on several threads", () => {
  for (const [name, f, inputs] of programs) {
    it(`give one thread's bits: ${name}`, async () => {
      for (const n of [2003, 4096, 6001]) {
        await workersStarted(2);
        const xs = inputs(n);
        const before = loopTuning.splitRuns;
        const two = outputs(f, xs, 2);
        expect(loopTuning.splitRuns).toBeGreaterThan(before);
        const one = outputs(f, xs, 1);
        two.forEach((out, k) => expect(out, `n = ${n}, output ${k}`).toEqual(one[k]));
      }
    }, 60_000);
  }

  it("split loops with full sums and add each sum's values in order afterwards: one thread's bits (B2's value and gradient, float64 and float32)", async () => {
    const b2 = (x: Tensor) => np.sum(np.add(np.multiply(np.tanh(x), np.exp(np.negative(np.multiply(x, x)))), nn.sigmoid(x)));
    const twoSums = (x: Tensor) => [np.sum(np.exp(np.sin(x))), np.sum(np.multiply(x, np.cos(x))), np.tanh(x)];
    for (const n of [2003, 6001]) {
      await workersStarted(2);
      for (const dtype of ["float64", "float32"] as const) {
        const x = values(n, 6).astype(dtype);
        const before = loopTuning.splitRuns;
        const two = [...outputs((v) => valueAndGrad(b2)(v), [x], 2), ...outputs(twoSums, [x], 2)];
        expect(loopTuning.splitRuns, `${dtype}, n = ${n}`).toBeGreaterThan(before);
        const one = [...outputs((v) => valueAndGrad(b2)(v), [x], 1), ...outputs(twoSums, [x], 1)];
        two.forEach((out, k) => expect(out, `${dtype}, n = ${n}, output ${k}`).toEqual(one[k]));
      }
    }
  }, 60_000);

  it("keep the compensated sum exact when split: 2·[1e16, 1 (5,000 times), −1e16] sums to 10,000", async () => {
    await workersStarted(2);
    const x = np.array([1e16, ...new Array<number>(5000).fill(1), -1e16]);
    const f = (v: Tensor) => np.sum(np.multiply(np.exp(np.multiply(v, 0)), np.multiply(v, 2)));
    const before = loopTuning.splitRuns;
    expect(jit(f)(x).item()).toBe(10_000);
    expect(loopTuning.splitRuns).toBeGreaterThan(before);
  });

  it("keep sums over some axes (rows, bias gradients) on one thread, with one thread's bits", async () => {
    await workersStarted(2);
    const x = np.reshape(values(6000, 7), [100, 60]);
    // each one loop under jit: a sum over the leading axis (60 cells), over the trailing one (100 rows)
    const f = (v: Tensor) => [np.sum(np.exp(np.sin(v)), 0), np.sum(np.tanh(np.cos(v)), 1)];
    const jf = jit(f);
    jf(x);
    const before = loopTuning.splitRuns;
    jf(x);
    expect(loopTuning.splitRuns).toBe(before);
    const two = outputs(f, [x], 2);
    const one = outputs(f, [x], 1);
    two.forEach((out, k) => expect(out).toEqual(one[k]));
  });
});
