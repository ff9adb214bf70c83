/**
 * The worker pool (lib/threads): every chunk runs exactly once, on thread 0
 * (the caller) or a worker; the workers take part once started; a failing
 * chunk throws after the others finish and leaves the pool usable; the
 * `threads` setting sizes the pool (1: none).
 */
import { afterAll, describe, expect, it } from "vitest";
import { config } from "../../lib/index.ts";
import { parallelFor, sharedKernel, stopPool, threadCount, threadsAvailable, type SharedKernel } from "../../lib/threads/pool.ts";
import { ArgumentError } from "../../lib/core/errors.ts";
import { funcType, HEAP_IMPORT_LIMITS, HeapLayout, ModuleBuilder, wasmHeap } from "../../lib/wasm/index.ts";

const initial = config.get("threads");
afterAll(() => config.update("threads", initial));

/**
 * record(counts, threads, chunk, thread): counts[chunk] += 1; threads[chunk] = thread;
 * then spins `spin` iterations (so that chunks overlap in time); chunk `fail` traps.
 */
function recorder(): SharedKernel {
  const m = new ModuleBuilder();
  m.importMemory("env", "memory", HEAP_IMPORT_LIMITS);
  const f = m.function("record", funcType(["i32", "i32", "i32", "i32", "i32", "i32"], []));
  const [counts, threads, spin, fail, chunk, thread] = [0, 1, 2, 3, 4, 5];
  const i = f.local("i32");
  f.get(chunk).get(fail).op("i32.eq").if().i32(1).i32(0).op("i32.div_u").drop().end(); // traps: division by zero
  f.get(counts).get(chunk).i32(4).op("i32.mul").op("i32.add").tee(i).get(i).mem("i32.load").i32(1).op("i32.add").mem("i32.store");
  f.get(threads).get(chunk).i32(4).op("i32.mul").op("i32.add").get(thread).mem("i32.store");
  f.block().loop().get(spin).op("i32.eqz").brIf(1).get(spin).i32(1).op("i32.sub").set(spin).br(0).end().end();
  const module = new WebAssembly.Module(m.finish());
  return sharedKernel(module, "record", wasmHeap().instantiate(module).exports.record as (...args: number[]) => void);
}

const kernel = recorder();

function run(count: number, spin = 0, fail = -1): { counts: number[]; threads: number[] } {
  const layout = new HeapLayout();
  const counts = layout.reserve(4 * count);
  const threads = layout.reserve(4 * count);
  const heap = wasmHeap();
  heap.ensure(layout.bytes);
  heap.i32().fill(0, 0, layout.bytes / 4);
  parallelFor(kernel, count, [counts, threads, spin, fail]);
  const view = heap.i32();
  return { counts: Array.from(view.subarray(counts / 4, counts / 4 + count)), threads: Array.from(view.subarray(threads / 4, threads / 4 + count)) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("parallelFor", () => {
  it("has threads in Node (node:worker_threads over a shared heap)", () => {
    expect(threadsAvailable()).toBe(true);
  });

  it("runs every chunk exactly once, on threads 0 … threads − 1", () => {
    config.update("threads", 3);
    for (const count of [1, 2, 3, 7, 100, 1000]) {
      const { counts, threads } = run(count, 200);
      expect(counts).toEqual(new Array(count).fill(1));
      for (const t of threads) expect(t >= 0 && t < 3).toBe(true);
    }
  });

  it("lets the workers take chunks once they have started", async () => {
    config.update("threads", 2);
    let workers = 0;
    for (let attempt = 0; attempt < 200 && workers === 0; attempt++) {
      const { counts, threads } = run(64, 20000);
      expect(counts).toEqual(new Array(64).fill(1));
      workers = threads.filter((t) => t !== 0).length;
      if (workers === 0) await sleep(50); // the workers start asynchronously
    }
    expect(workers).toBeGreaterThan(0);
  });

  it("throws when a chunk fails (in any thread), after the others finished, and stays usable", () => {
    config.update("threads", 2);
    for (const fail of [0, 5, 31]) {
      expect(() => run(32, 1000, fail)).toThrow();
      expect(run(32, 1000).counts).toEqual(new Array(32).fill(1));
    }
  });

  it("runs everything on the calling thread with threads = 1", () => {
    config.update("threads", 1);
    expect(threadCount()).toBe(1);
    const { counts, threads } = run(50, 100);
    expect(counts).toEqual(new Array(50).fill(1));
    expect(threads).toEqual(new Array(50).fill(0));
  });

  it("is sized by config.update('threads', n), which checks its value", () => {
    config.update("threads", 4);
    expect(config.get("threads")).toBe(4);
    for (const bad of [0, -1, 1.5, NaN, Infinity, 65, "2", null]) {
      let thrown: unknown = null;
      try {
        config.update("threads", bad as number);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(ArgumentError);
    }
    expect(config.get("threads")).toBe(4);
    stopPool();
  });
});
