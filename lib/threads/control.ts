/**
 * The layout of the control block that the main thread and the workers
 * share (one `SharedArrayBuffer`, apart from the heap): a generation number
 * the idle workers wait on, the claim word from which every thread takes
 * the next chunk of the current task, a count of finished chunks the main
 * thread waits on, an error flag, and the task's numeric arguments.
 *
 * The claim word is one 64-bit integer, `kernel << 48 | count << 24 | next`:
 * a thread takes chunk `next` with a compare-and-swap of `next + 1`, so a
 * chunk is run exactly once, and a thread that read a finished task's word
 * fails its swap. The kernel's number is in the word so that a worker can
 * see whether it has that kernel before it claims anything.
 *
 * @example
 * const word = claimWord(kernelId, count, 0);
 * Atomics.store(claim, 0, word);
 */

/** Int32 slots of the control block. */
export const SLOT = {
  /** Bumped for every task; idle workers wait on it. */
  generation: 0,
  /** Chunks finished in the current task; the main thread waits on it. */
  done: 1,
  /** Nonzero when a chunk threw (in a worker: 1 + the worker's index). */
  error: 2,
  /** The number of arguments of the current task. */
  argCount: 3,
  /** Workers that have started (and wait for tasks). */
  started: 4,
} as const;

/** Byte offset of the 64-bit claim word (8-aligned). */
export const CLAIM_BYTE = 24;

/** Byte offset of the task's arguments (float64). */
export const ARGS_BYTE = 32;

/** The most arguments a task passes to its kernel (before `chunk, thread`). */
export const MAX_ARGS = 8;

/** Bytes of the control block. */
export const CONTROL_BYTES = ARGS_BYTE + 8 * MAX_ARGS;

/** How many times a thread reads a word it waits on before it blocks (a few tens of microseconds). */
export const SPIN_CHECKS = 20_000;

/** The largest chunk count and kernel number the claim word holds. */
export const MAX_CHUNKS = 2 ** 24 - 1;
export const MAX_KERNELS = 2 ** 15 - 1;

/** The claim word of a task. */
export function claimWord(kernel: number, count: number, next: number): bigint {
  return (BigInt(kernel) << 48n) | (BigInt(count) << 24n) | BigInt(next);
}
