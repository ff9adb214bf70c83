/**
 * The hash of the engine-independence pins (spec/random.spec.ts under Node,
 * spec/deno/random.test.ts under Deno): a 32-bit rolling hash of a tensor's
 * bytes, read big-endian so it does not depend on the host.
 *
 * @example
 * hashBytes(random.permutation(random.key(2024), 3000)); // 4168351744
 */
import type { Tensor } from "../../lib/index.ts";

export function hashBytes(t: Tensor): number {
  const a = t.toTypedArray();
  const view = new DataView(a.buffer, a.byteOffset, a.byteLength);
  let h = 0;
  for (let i = 0; i < a.byteLength / 4; i++) h = (Math.imul(h, 31) + view.getUint32(i * 4)) | 0;
  return h >>> 0;
}
