/**
 * The random generator's global setting, read when a sampler is traced:
 * which of JAX's Threefry counter layouts keys and draws use (see
 * `kernels/prng.ts`). `config.update("threefryPartitionable", false)` gives
 * the layout of JAX before 0.5. `jit` keys its cache on it, so a function
 * traced under one layout is traced again under the other.
 *
 * @example
 * randomSettings.threefryPartitionable; // true
 */
import type { ThreefryLayout } from "../kernels/prng.ts";

export const randomSettings = {
  /** JAX's `jax_threefry_partitionable` (true since JAX 0.5). */
  threefryPartitionable: true,
};

/** The layout samplers trace with now. */
export function currentLayout(): ThreefryLayout {
  return randomSettings.threefryPartitionable ? "partitionable" : "original";
}
