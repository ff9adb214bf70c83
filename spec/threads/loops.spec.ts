/**
 * Fused loops without sums split among worker threads (lib/kernels/lanes/wasmLoop.ts,
 * `chunk`): every element has the same bits on one thread and on several,
 * eagerly and under jit, for float64, float32 and bool outputs, scalar and
 * column operands, lanes handed back to JavaScript (sin of huge arguments),
 * and lengths that are no whole number of blocks or chunks. Loops with sums
 * (whose order of addition must not change) and repeated-row operands stay
 * on one thread.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config, jit, np, type Tensor } from "../../lib/index.ts";
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

  it("keep loops with sums on one thread (the order of the additions is the result's)", async () => {
    await workersStarted(2);
    const x = values(5000, 5);
    const before = loopTuning.splitRuns;
    const total = jit((v: Tensor) => np.sum(np.exp(np.sin(v))))(x).item();
    expect(loopTuning.splitRuns).toBe(before);
    config.update("threads", 1);
    expect(jit((v: Tensor) => np.sum(np.exp(np.sin(v))))(x).item()).toBe(total);
  });
});
