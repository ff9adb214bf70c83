/**
 * Whether this runtime runs WebAssembly with fixed-width SIMD (Node 16.4+,
 * Deno, current browsers do), probed once by validating a one-instruction
 * module, and a switch to turn WebAssembly off so that every kernel takes
 * its JavaScript path (which gives the same bits; the specs compare them).
 *
 * @example
 * if (wasmEnabled()) { ... } // WebAssembly kernels
 * setWasmEnabled(false);     // JavaScript everywhere (tests, or a runtime that refuses to compile)
 */

// (module (func (result v128) v128.const i32x4 0 0 0 0)), written out by hand so that the probe needs nothing else
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section
  0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0b, // code: v128.const 0; end
]);

function probe(): boolean {
  try {
    return typeof WebAssembly === "object" && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

const available = probe();
let enabled = available;

/** Whether the runtime has WebAssembly with SIMD. */
export function wasmAvailable(): boolean {
  return available;
}

/** Whether kernels use WebAssembly now (available and not switched off). */
export function wasmEnabled(): boolean {
  return enabled;
}

/** Switches WebAssembly kernels on (where available) or off; returns the previous setting. */
export function setWasmEnabled(on: boolean): boolean {
  const previous = enabled;
  enabled = on && available;
  return previous;
}
