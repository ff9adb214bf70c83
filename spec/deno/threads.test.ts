/**
 * Worker threads under Deno (node:worker_threads, which Deno builds on Web
 * Workers): the workers start and take chunks, a threaded matmul and a
 * threaded fused loop equal the single-threaded ones bit for bit, and the
 * pool ends cleanly.
 */
import { config, jit, np, type Tensor } from "../../lib/index.ts";
import { gemmTuning } from "../../lib/kernels/wasm/gemm.ts";
import { loopTuning } from "../../lib/kernels/lanes/wasmLoop.ts";
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

Deno.test("a threaded fused loop equals the single-threaded one under Deno", async () => {
  const saved = { threads: config.get("threads"), parallelElements: loopTuning.parallelElements, chunkElements: loopTuning.chunkElements };
  try {
    config.update("threads", 2);
    loopTuning.parallelElements = 1000;
    loopTuning.chunkElements = 64;
    warmPool();
    for (let waited = 0; startedWorkers() < 1 && waited < 20_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    assert(startedWorkers() === 1, "the worker started");
    const f = jit((x: Tensor) => np.multiply(np.tanh(x), np.exp(np.sin(x))));
    for (const dtype of ["float32", "float64"] as const) {
      const x = np.multiply(np.sin(np.arange(0, 5003, 1, { dtype })), 4);
      const before = loopTuning.splitRuns;
      const two = f(x).toTypedArray();
      assert(loopTuning.splitRuns > before, `${dtype}: the loop was split`);
      config.update("threads", 1);
      const one = f(x).toTypedArray();
      config.update("threads", 2);
      assert(two.every((v, i) => Object.is(v, one[i])), `${dtype}: the same bits on one and two threads`);
    }
  } finally {
    loopTuning.parallelElements = saved.parallelElements;
    loopTuning.chunkElements = saved.chunkElements;
    config.update("threads", saved.threads);
    await stopPool();
  }
});
