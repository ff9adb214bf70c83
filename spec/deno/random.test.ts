/**
 * Deno draws the numbers Node draws: the same keys give the same bits (the
 * pins are those of spec/random.spec.ts, which vitest checks under Node),
 * jitted and vmapped samplers included.
 */
import { jit, random, vmap } from "../../lib/index.ts";
import type { Tensor } from "../../lib/index.ts";

/** A 32-bit rolling hash of a tensor's bytes, read big-endian. */
function hashBytes(t: Tensor): number {
  const a = t.toTypedArray();
  const view = new DataView(a.buffer, a.byteOffset, a.byteLength);
  let h = 0;
  for (let i = 0; i < a.byteLength / 4; i++) h = (Math.imul(h, 31) + view.getUint32(i * 4)) | 0;
  return h >>> 0;
}

function assertEquals(actual: unknown, expected: unknown, what: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error(`${what}: ${JSON.stringify(actual)} !== ${JSON.stringify(expected)}`);
}

Deno.test("JAX's words: random.bits(random.key(0)) is 4070199207", () => {
  assertEquals(random.bits(random.key(0)).item(), 4070199207, "bits");
  assertEquals(random.split(random.key(1), 3).toArray(), [[507451445, 1853169794], [1948878966, 4237131848], [2441914641, 3819641963]], "split");
});

Deno.test("the draws pinned under Node, eager, jitted and vmapped", () => {
  const k = random.key(2024);
  assertEquals(hashBytes(random.normal(k, [20000])), 2334870279, "normal");
  assertEquals(hashBytes(jit((key: Tensor) => random.normal(key, [20000], "float32"))(k)), 411388167, "jit normal float32");
  assertEquals(hashBytes(random.permutation(k, 3000)), 4168351744, "permutation");
  assertEquals(hashBytes(random.randint(k, [5000], -50, 1000)), 3922663478, "randint");
  const keys = random.split(k, 4);
  const batched = vmap((key: Tensor) => random.uniform(key, [5000], { minval: -3, maxval: 7 }))(keys);
  assertEquals(hashBytes(batched.slice(0)), hashBytes(random.uniform(keys.slice(0), [5000], { minval: -3, maxval: 7 })), "vmap row 0");
});
