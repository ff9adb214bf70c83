/**
 * Worker threads over the shared WebAssembly heap, behind a synchronous
 * `parallelFor`: the calling thread publishes a task (a kernel and its
 * arguments, split into chunks), takes chunks itself like every worker, and
 * waits with `Atomics.wait` until all are done. Chunks are claimed one at a
 * time (whoever is free takes the next), so a busy core slows a task only
 * by the chunk it holds; a kernel must therefore give the same bits however
 * its chunks are spread, which each output computed by one chunk ensures.
 *
 * The pool starts on the first task that has at least two chunks, when
 * `threads` > 1 (`config.update("threads", n)`; the default is the number of
 * cores, at most 8). Workers take no part until they have started (a few
 * tens of milliseconds; the caller does the work meanwhile), are `unref`ed so
 * that they never keep the process alive, and are ended when the setting
 * changes. Threads need `node:worker_threads` (Node ≥ 20.16 and Deno 2,
 * reached with `process.getBuiltinModule`; Deno implements it with Web
 * Workers) and a shared heap; elsewhere every task runs on the calling thread.
 *
 * @example
 * const kernel = sharedKernel(module, "rows", instance.exports.rows as KernelFunction);
 * parallelFor(kernel, chunks, [descriptor]); // calls rows(descriptor, chunk, thread) for every chunk
 */
import { SHARED_MEMORY, wasmHeap } from "../wasm/memory.ts";
import { ARGS_BYTE, CLAIM_BYTE, claimWord, CONTROL_BYTES, MAX_ARGS, MAX_CHUNKS, MAX_KERNELS, SLOT, SPIN_CHECKS } from "./control.ts";
import { workerSource } from "./workerSource.ts";

/** A WebAssembly export called as `f(...args, chunk, thread)`. */
export type KernelFunction = (...args: number[]) => void;

/** A WebAssembly export that every thread can run: the main thread's instance, and the module the workers instantiate. */
export interface SharedKernel {
  readonly module: WebAssembly.Module;
  readonly name: string;
  readonly local: KernelFunction;
}

/** The part of node:worker_threads the pool uses. */
interface WorkerThreads {
  Worker: new (source: string, options: object) => NodeWorker;
  MessageChannel: new () => { port1: Port; port2: Port };
}
interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
  on(event: "error", listener: (e: unknown) => void): void;
}
interface Port {
  postMessage(message: unknown): void;
  unref?(): void;
  close(): void;
}

interface Pool {
  readonly size: number;
  readonly workers: NodeWorker[];
  readonly ports: Port[];
  readonly ctrl: Int32Array;
  readonly claim: BigInt64Array;
  readonly args: Float64Array;
  /** The number each kernel posted to the workers goes by in this pool. */
  readonly ids: Map<SharedKernel, number>;
}

let pool: Pool | null = null;
let requested: number | null = null;
let broken = false;

function builtin<T>(name: string): T | null {
  try {
    const get = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process?.getBuiltinModule;
    return typeof get === "function" ? ((get(name) as T | undefined) ?? null) : null;
  } catch {
    return null;
  }
}

// looked up once: every product and large loop asks for the thread count
let hasWorkerThreads: boolean | null = null;
let cores: number | null = null;

/** Whether this runtime can run worker threads over the heap. */
export function threadsAvailable(): boolean {
  hasWorkerThreads ??= builtin<WorkerThreads>("node:worker_threads") !== null;
  return SHARED_MEMORY && !broken && hasWorkerThreads;
}

/** The default thread count: the cores this process may use, at most 8 (1 where threads are unavailable). */
export function defaultThreads(): number {
  if (!threadsAvailable()) return 1;
  if (cores === null) {
    const os = builtin<{ availableParallelism?: () => number; cpus: () => unknown[] }>("node:os");
    cores = os?.availableParallelism?.() ?? os?.cpus().length ?? 1;
  }
  return Math.max(1, Math.min(8, cores));
}

/** The threads tasks use now (the calling thread included). */
export function threadCount(): number {
  return threadsAvailable() ? (requested ?? defaultThreads()) : 1;
}

/** Sets the thread count (1: everything on the calling thread); ends the workers of a pool of another size. */
export function setThreadCount(n: number): void {
  requested = n;
  if (pool !== null && pool.size !== n) void stopPool();
}

/** How many workers of the pool have started (0 without a pool): they take part in tasks from then on. */
export function startedWorkers(): number {
  return pool === null ? 0 : Atomics.load(pool.ctrl, SLOT.started);
}

/** Starts the pool now, if threads are on (tasks start it when they need it). */
export function warmPool(): void {
  poolFor(2);
}

/** Ends the workers (a later task starts new ones); resolves when they have exited. */
export function stopPool(): Promise<void> {
  if (pool === null) return Promise.resolve();
  const exits = pool.workers.map((w) => w.terminate().then(() => undefined, () => undefined));
  for (const p of pool.ports) p.close();
  pool = null;
  return Promise.all(exits).then(() => undefined);
}

/** A WebAssembly export for every thread: `local` here, and `module`'s export `name` in each worker (instantiated there on first use). */
export function sharedKernel(module: WebAssembly.Module, name: string, local: KernelFunction): SharedKernel {
  return { module, name, local };
}

function startPool(size: number): Pool | null {
  const wt = builtin<WorkerThreads>("node:worker_threads");
  if (wt === null) return null;
  const control = new SharedArrayBuffer(CONTROL_BYTES);
  const memory = wasmHeap().memory;
  const created: Pool = {
    size,
    workers: [],
    ports: [],
    ctrl: new Int32Array(control),
    claim: new BigInt64Array(control, CLAIM_BYTE, 1),
    args: new Float64Array(control, ARGS_BYTE, MAX_ARGS),
    ids: new Map(),
  };
  try {
    const source = workerSource();
    for (let index = 1; index < size; index++) {
      const { port1, port2 } = new wt.MessageChannel();
      const worker = new wt.Worker(source, { eval: true, workerData: { memory, control, port: port2, index }, transferList: [port2] });
      worker.unref();
      port1.unref?.();
      // a worker that fails to start only takes no part
      worker.on("error", () => undefined);
      created.workers.push(worker);
      created.ports.push(port1);
    }
  } catch {
    for (const w of created.workers) void w.terminate().catch(() => undefined);
    broken = true;
    return null;
  }
  return created;
}

/** The kernel's number in this pool, posting it to every worker the first time. */
function kernelId(p: Pool, kernel: SharedKernel): number {
  let id = p.ids.get(kernel);
  if (id === undefined) {
    id = p.ids.size;
    p.ids.set(kernel, id);
    const message = [{ id, module: kernel.module, name: kernel.name }];
    for (const port of p.ports) port.postMessage(message);
  }
  return id;
}

/** The pool for a task of `count` chunks, started if needed; null: run on this thread. */
function poolFor(count: number): Pool | null {
  if (count < 2) return null;
  const size = threadCount();
  if (size < 2) return null;
  // a pool that has numbered all the kernels its claim word can name starts afresh
  if (pool !== null && pool.ids.size >= MAX_KERNELS) void stopPool();
  if (pool === null) pool = startPool(size);
  return pool;
}

/**
 * Runs `kernel.local(...args, chunk, thread)` for every chunk in [0, count),
 * spread over the pool's threads (the caller is thread 0, workers 1…n−1),
 * and returns when all are done. A chunk that throws makes this throw once
 * every chunk has finished.
 */
export function parallelFor(kernel: SharedKernel, count: number, args: readonly number[] = []): void {
  if (count <= 0) return;
  if (args.length > MAX_ARGS) throw new Error(`parallelFor: at most ${MAX_ARGS} arguments`);
  if (count > MAX_CHUNKS) throw new Error(`parallelFor: at most ${MAX_CHUNKS} chunks`);
  const p = poolFor(count);
  if (p === null) {
    for (let chunk = 0; chunk < count; chunk++) kernel.local(...args, chunk, 0);
    return;
  }
  const id = kernelId(p, kernel);
  const { ctrl, claim } = p;
  p.args.set(args);
  ctrl[SLOT.argCount] = args.length;
  ctrl[SLOT.error] = 0;
  Atomics.store(ctrl, SLOT.done, 0);
  Atomics.store(claim, 0, claimWord(id, count, 0));
  Atomics.add(ctrl, SLOT.generation, 1);
  Atomics.notify(ctrl, SLOT.generation, Math.min(count - 1, p.workers.length));
  let failure: unknown = null;
  for (;;) {
    const word = Atomics.load(claim, 0);
    const chunk = Number(word & 0xffffffn);
    if (chunk >= count) break;
    if (Atomics.compareExchange(claim, 0, word, word + 1n) !== word) continue;
    if (failure === null) {
      try {
        kernel.local(...args, chunk, 0);
      } catch (e) {
        failure = e;
      }
    }
    Atomics.add(ctrl, SLOT.done, 1);
  }
  waitUntilDone(ctrl, count);
  if (failure !== null) throw failure;
  const worker = Atomics.load(ctrl, SLOT.error);
  if (worker !== 0) throw new Error(`parallelFor: a chunk of ${kernel.name} failed in worker thread ${worker - 1}`);
}

let canWait = true;

/** Waits until `count` chunks are done: `Atomics.wait` where the thread may block, else a spin. */
function waitUntilDone(ctrl: Int32Array, count: number): void {
  for (let spin = 0; spin < SPIN_CHECKS && Atomics.load(ctrl, SLOT.done) < count; spin++);
  for (let done = Atomics.load(ctrl, SLOT.done); done < count; done = Atomics.load(ctrl, SLOT.done)) {
    if (!canWait) continue;
    try {
      Atomics.wait(ctrl, SLOT.done, done);
    } catch {
      canWait = false; // a browser's main thread may not block
    }
  }
}
