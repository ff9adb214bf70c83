/**
 * Threaded matrix products equal single-threaded ones bit for bit (each
 * output is summed by one thread in index order, whoever takes its rows),
 * for products split by row blocks and batches split by item, with
 * transposed operands; convolutions (im2col + matmul) likewise.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "../../lib/index.ts";
import { convGeneralDilated } from "../../lib/kernels/conv.ts";
import { matmulStrided } from "../../lib/kernels/matmul.ts";
import { gemmTuning } from "../../lib/kernels/wasm/gemm.ts";
import { startedWorkers, warmPool } from "../../lib/threads/pool.ts";
import { naiveProduct, operand, sameBits, storageLength, valuesFrom, type Layout } from "../kernels/matmulReference.ts";

const initial = { threads: config.get("threads"), ...gemmTuning };

/** Waits (up to 20 s) until the pool's workers have started, so that they take part. */
async function workersStarted(threads: number): Promise<void> {
  config.update("threads", threads);
  warmPool();
  for (let waited = 0; startedWorkers() < threads - 1 && waited < 20_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
  expect(startedWorkers()).toBe(threads - 1);
}

beforeAll(() => workersStarted(2), 30_000);
afterAll(() => {
  config.update("threads", initial.threads);
  gemmTuning.parallelWork = initial.parallelWork;
});

const CASES: [number, number, number, number, Layout, Layout][] = [
  [1, 300, 257, 70, "rows", "rows"],
  [1, 129, 40, 513, "transposed", "rows"],
  [1, 77, 300, 33, "rows", "transposed"],
  [5, 37, 61, 29, "rows", "rows"],
  [4, 20, 30, 40, "batchInner", "transposed"],
];

function product(threads: number, [batch, m, k, n, aLayout, bLayout]: (typeof CASES)[number], arithmetic: "float32" | "float64") {
  config.update("threads", threads);
  const a = operand(valuesFrom(m * 3 + k, storageLength(batch, m, k, aLayout), arithmetic), batch, m, k, aLayout);
  const b = operand(valuesFrom(n * 5 + k, storageLength(batch, k, n, bLayout), arithmetic), batch, k, n, bLayout);
  return { got: matmulStrided(a, b, batch, m, k, n, arithmetic), want: naiveProduct(a, b, batch, m, k, n, arithmetic) };
}

describe("threaded matmul", () => {
  for (const arithmetic of ["float32", "float64"] as const) {
    it(`splits products by row blocks with the same bits as one thread (${arithmetic})`, async () => {
      gemmTuning.parallelWork = 0; // every product is split
      for (const threads of [2, 3]) {
        await workersStarted(threads);
        for (const c of CASES) {
          const { got, want } = product(threads, c, arithmetic);
          expect(sameBits(got, want), `${c}`).toBeNull();
          expect(sameBits(got, product(1, c, arithmetic).got)).toBeNull();
        }
      }
    }, 60_000);

    it(`splits batches by item with the same bits as one thread (${arithmetic})`, async () => {
      await workersStarted(2);
      for (const c of CASES.filter(([batch]) => batch > 1)) {
        const [batch, m, k, n] = c;
        gemmTuning.parallelWork = m * n * k + 1; // each item alone stays on one thread, the batch is split
        expect(batch * m * n * k).toBeGreaterThanOrEqual(gemmTuning.parallelWork);
        const { got, want } = product(2, c, arithmetic);
        expect(sameBits(got, want)).toBeNull();
        expect(sameBits(got, product(1, c, arithmetic).got)).toBeNull();
      }
    }, 60_000);
  }

  it("gives convolutions the same bits on one thread and two", async () => {
    gemmTuning.parallelWork = 0;
    await workersStarted(2);
    const lhs = valuesFrom(7, 2 * 3 * 20 * 20, "float64");
    const rhs = valuesFrom(8, 16 * 3 * 3 * 3, "float64");
    const params = { windowStrides: [1, 1], padding: [[1, 1], [1, 1]] as [number, number][], lhsDilation: [1, 1], rhsDilation: [1, 1], featureGroupCount: 1, batchGroupCount: 1 };
    const two = convGeneralDilated(lhs, [2, 3, 20, 20], rhs, [16, 3, 3, 3], params, "float64");
    config.update("threads", 1);
    const one = convGeneralDilated(lhs, [2, 3, 20, 20], rhs, [16, 3, 3, 3], params, "float64");
    expect(sameBits(two, one)).toBeNull();
  });
});
