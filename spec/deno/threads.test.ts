/**
 * Worker threads under Deno (node:worker_threads, which Deno builds on Web
 * Workers): the workers start and take chunks, a threaded matmul equals the
 * single-threaded one bit for bit, and the pool ends cleanly.
 */
import { config, np } from "../../lib/index.ts";
import { gemmTuning } from "../../lib/kernels/wasm/gemm.ts";
import { startedWorkers, stopPool, threadsAvailable, warmPool } from "../../lib/threads/pool.ts";

function assert(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

Deno.test("threaded matmul equals single-threaded under Deno", async () => {
  assert(threadsAvailable(), "threads are available under Deno");
  const saved = { threads: config.get("threads"), parallelWork: gemmTuning.parallelWork };
  try {
    config.update("threads", 2);
    gemmTuning.parallelWork = 0;
    warmPool();
    for (let waited = 0; startedWorkers() < 1 && waited < 20_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    assert(startedWorkers() === 1, "the worker started");
    for (const dtype of ["float32", "float64"] as const) {
      const a = np.reshape(np.sin(np.arange(0, 150 * 260, 1, { dtype })), [150, 260]);
      const b = np.reshape(np.cos(np.arange(0, 260 * 70, 1, { dtype })), [260, 70]);
      const two = np.matmul(a, b).toTypedArray();
      config.update("threads", 1);
      const one = np.matmul(a, b).toTypedArray();
      config.update("threads", 2);
      assert(two.every((x, i) => Object.is(x, one[i])), `${dtype}: the same bits on one and two threads`);
    }
  } finally {
    gemmTuning.parallelWork = saved.parallelWork;
    config.update("threads", saved.threads);
    await stopPool();
  }
});
