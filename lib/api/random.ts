/**
 * `random`: counter-based pseudo-random numbers as in `jax.random`. A key
 * is a uint32[2] tensor, a value like any other: samplers never mutate it,
 * the same key always gives the same numbers (on Node and on Deno alike),
 * and keys can be traced (`jit((key, x) => ...)`), batched
 * (`vmap(sample)(random.split(key, 8))`) and carried through `lax.scan`.
 * Every sampler is JAX's algorithm on JAX's Threefry-2x32 words, in the
 * partitionable counter layout of JAX ≥ 0.5 by default
 * (`random.bits(random.key(0))` is 4070199207; the older layout is
 * `config.update("threefryPartitionable", false)`).
 *
 * @example
 * const [k1, k2] = random.split(random.key(0));
 * const x = random.normal(k1, [2, 3]);
 * const keep = random.bernoulli(k2, 0.9, [2, 3]);
 */
export { key, split, foldIn, bits, threefry2x32 } from "./random/keys.ts";
export {
  uniform, normal, truncatedNormal, exponential, laplace, logistic, gumbel, cauchy, lognormal, pareto, rayleigh,
  weibullMin, maxwell, doubleSidedMaxwell, triangular,
} from "./random/floats.ts";
export type { UniformOptions } from "./random/floats.ts";
export { randint, bernoulli, rademacher, geometric, poisson, categorical, choice, permutation, shuffle } from "./random/discrete.ts";
export type { CategoricalOptions, ChoiceOptions } from "./random/discrete.ts";
export { gamma, loggamma, beta, dirichlet, chisquare, t, ball } from "./random/gammas.ts";
