/**
 * The one WebAssembly memory every generated module imports (as `env`
 * `memory`). Kernels copy their operands in, run, and copy results out, so
 * nothing lives in it between calls: each call lays its buffers out from
 * offset 0 (`HeapLayout`), growing the memory when a call needs more. One
 * memory for all modules means one set of views, and it is what worker
 * threads share: where the runtime allows (`SHARED_MEMORY`), it is a
 * `SharedArrayBuffer` with a maximum, and every module declares its import shared.
 *
 * @example
 * const layout = new HeapLayout();
 * const x = layout.reserve(n * 8);        // byte offsets, 16-byte aligned
 * const y = layout.reserve(n * 8);
 * const heap = wasmHeap();
 * heap.ensure(layout.bytes);
 * heap.f64().set(input, x / 8);
 */
import { PAGE_BYTES, type MemoryLimits } from "./types.ts";

/** The largest heap: 1 GiB (a call needing more runs its JavaScript path). */
export const MAX_HEAP_BYTES = 2 ** 30;

const MAX_PAGES = MAX_HEAP_BYTES / PAGE_BYTES;

/** Whether this runtime can make a shared WebAssembly memory (Node and Deno can; a browser page only when cross-origin isolated). */
function canShareMemory(): boolean {
  try {
    return typeof SharedArrayBuffer === "function" && typeof Atomics === "object" && new WebAssembly.Memory({ initial: 0, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

/**
 * Whether the heap is a shared memory, so that worker threads (lib/threads)
 * run kernels over it; modules' imports follow it. Copies into a shared
 * memory cost a little more (V8 copies a SharedArrayBuffer with relaxed
 * atomic stores: about 60 µs per 2 MB on Node 20, 40 µs unshared).
 */
export const SHARED_MEMORY = canShareMemory();

/** The limits a module declares for its imported memory (any size of the heap's kind). */
export const HEAP_IMPORT_LIMITS: MemoryLimits = SHARED_MEMORY ? { initial: 0, maximum: MAX_PAGES, shared: true } : { initial: 0, shared: false };

/** The memory and typed views of it, renewed when it grows. */
export class WasmHeap {
  readonly memory: WebAssembly.Memory;
  private buffer: ArrayBufferLike;
  private views: { f64: Float64Array; f32: Float32Array; i32: Int32Array; u32: Uint32Array; u8: Uint8Array };

  constructor() {
    this.memory = SHARED_MEMORY
      ? new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES, shared: true })
      : new WebAssembly.Memory({ initial: 16 });
    this.buffer = this.memory.buffer;
    this.views = viewsOf(this.buffer);
  }

  /** The heap's size in bytes. */
  get bytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** Grows the memory to hold at least `bytes`; false when that is past `MAX_HEAP_BYTES`. */
  ensure(bytes: number): boolean {
    if (bytes > MAX_HEAP_BYTES) return false;
    const have = this.memory.buffer.byteLength;
    if (have < bytes) {
      // grow at least by half again, so that a sequence of growing calls is not quadratic
      const pages = Math.min(MAX_PAGES, Math.max(Math.ceil(bytes / PAGE_BYTES), Math.ceil((have * 1.5) / PAGE_BYTES)));
      this.memory.grow(pages - have / PAGE_BYTES);
    }
    return true;
  }

  f64(): Float64Array {
    return this.fresh().f64;
  }
  f32(): Float32Array {
    return this.fresh().f32;
  }
  i32(): Int32Array {
    return this.fresh().i32;
  }
  u32(): Uint32Array {
    return this.fresh().u32;
  }
  u8(): Uint8Array {
    return this.fresh().u8;
  }

  /** An instance of `module` bound to this heap's memory (as `env.memory`), with any other imports. */
  instantiate(module: WebAssembly.Module, imports: WebAssembly.Imports = {}): WebAssembly.Instance {
    return new WebAssembly.Instance(module, { ...imports, env: { ...(imports.env ?? {}), memory: this.memory } });
  }

  private fresh() {
    // a grown memory has a new buffer (a shared one: a new SharedArrayBuffer object of the new length)
    const buffer = this.memory.buffer;
    if (buffer !== this.buffer || buffer.byteLength !== this.views.u8.length) {
      this.buffer = buffer;
      this.views = viewsOf(buffer);
    }
    return this.views;
  }
}

function viewsOf(buffer: ArrayBufferLike) {
  return { f64: new Float64Array(buffer), f32: new Float32Array(buffer), i32: new Int32Array(buffer), u32: new Uint32Array(buffer), u8: new Uint8Array(buffer) };
}

let heap: WasmHeap | null = null;

/** The process's heap, created on first use. */
export function wasmHeap(): WasmHeap {
  return (heap ??= new WasmHeap());
}

/** Byte offsets for one call's buffers, each aligned to 16 bytes (a v128). */
export class HeapLayout {
  private top = 0;

  /** Reserves `bytes` (rounded up to 16); returns the byte offset. */
  reserve(bytes: number): number {
    const at = this.top;
    this.top += Math.ceil(bytes / 16) * 16;
    return at;
  }

  /** The bytes reserved so far. */
  get bytes(): number {
    return this.top;
  }
}
