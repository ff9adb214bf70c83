/**
 * The program every worker thread runs, as JavaScript source (a worker is
 * started from this text, so it needs no loader for TypeScript and no file
 * path: it works the same under tsx, vitest, Deno and from `dist/`). A
 * worker only runs WebAssembly: it instantiates the kernels the main thread
 * sends over its message port against the shared heap, then loops: claim a
 * chunk of the current task, run `kernel(...args, chunk, thread)`, count it
 * done; when none is left, watch the generation number for a few tens of
 * microseconds, then wait on it. It never returns
 * to its event loop, so it reads new kernels with `receiveMessageOnPort`.
 *
 * @example
 * new Worker(workerSource(), { eval: true, workerData: { memory, control, port, index } });
 */
import { ARGS_BYTE, CLAIM_BYTE, MAX_ARGS, SLOT, SPIN_CHECKS } from "./control.ts";

/** The worker's program. */
export function workerSource(): string {
  return `"use strict";
const wt = globalThis.process.getBuiltinModule("node:worker_threads");
const { memory, control, port, index } = wt.workerData;
const ctrl = new Int32Array(control);
const claim = new BigInt64Array(control, ${CLAIM_BYTE}, 1);
const args = new Float64Array(control, ${ARGS_BYTE}, ${MAX_ARGS});
const kernels = new Map();

// WebAssembly imports: the heap, and JavaScript's Math functions for the rare lanes kernels hand back to it
function importsOf(module) {
  const imports = { env: { memory } };
  for (const i of WebAssembly.Module.imports(module)) {
    if (i.kind !== "function") continue;
    (imports[i.module] ??= {})[i.name] = Math[i.name];
  }
  return imports;
}

function receive() {
  for (let m = wt.receiveMessageOnPort(port); m !== undefined; m = wt.receiveMessageOnPort(port)) {
    for (const { id, module, name } of m.message) {
      try {
        kernels.set(id, new WebAssembly.Instance(module, importsOf(module)).exports[name]);
      } catch {
        kernels.set(id, null);
      }
    }
  }
}

function work() {
  for (;;) {
    const word = Atomics.load(claim, 0);
    const count = Number((word >> 24n) & 0xffffffn);
    const next = Number(word & 0xffffffn);
    if (next >= count) return;
    const id = Number(word >> 48n);
    if (!kernels.has(id)) receive();
    const run = kernels.get(id);
    if (run === undefined || run === null) return;
    if (Atomics.compareExchange(claim, 0, word, word + 1n) !== word) continue;
    try {
      switch (ctrl[${SLOT.argCount}]) {
        case 0: run(next, index); break;
        case 1: run(args[0], next, index); break;
        case 2: run(args[0], args[1], next, index); break;
        case 3: run(args[0], args[1], args[2], next, index); break;
        default: run(...args.subarray(0, ctrl[${SLOT.argCount}]), next, index);
      }
    } catch {
      Atomics.store(ctrl, ${SLOT.error}, index + 1);
    }
    if (Atomics.add(ctrl, ${SLOT.done}, 1) + 1 === count) Atomics.notify(ctrl, ${SLOT.done});
  }
}

receive();
Atomics.add(ctrl, ${SLOT.started}, 1);
for (;;) {
  const seen = Atomics.load(ctrl, ${SLOT.generation});
  work();
  // a task often follows at once (a product packs B, then multiplies): look for it a little before sleeping
  for (let spin = 0; spin < ${SPIN_CHECKS} && Atomics.load(ctrl, ${SLOT.generation}) === seen; spin++);
  Atomics.wait(ctrl, ${SLOT.generation}, seen);
}
`;
}
