/**
 * Keys are values: samplers under jit (the key traced), vmap (over a stack
 * of keys), lax.scan (a key carried and split each step) and grad (dropout
 * masks from a traced key), each equal bit for bit to the eager loop.
 */
import { describe, expect, it } from "vitest";
import { config, grad, jit, lax, makeJaxpr, nn, np, random, valueAndGrad, vmap, type Tensor } from "../../lib/index.ts";

const bits = (t: Tensor) => Array.from(t.toTypedArray());
const identical = (a: Tensor, b: Tensor) => {
  expect(a.dtype).toBe(b.dtype);
  expect(a.shape).toEqual(b.shape);
  expect(bits(a)).toEqual(bits(b));
};

/** Every sampler once, from one key. */
function everything(key: Tensor, x: Tensor): Tensor[] {
  const ks = [...random.split(key, 12)];
  return [
    random.normal(ks[0], [3]),
    random.uniform(ks[1], [2], { minval: x, maxval: np.add(x, 2) }),
    random.gamma(ks[2], np.add(np.abs(x), 0.5), [2]),
    random.poisson(ks[3], 3.5, [4]),
    random.permutation(ks[4], 6),
    random.choice(ks[5], 5, [3], { replace: false }),
    random.categorical(ks[6], np.array([0.5, 1, 2]), { shape: [4] }),
    random.randint(ks[7], [3], -5, 5),
    random.beta(ks[8], 2, 3, [2]),
    random.truncatedNormal(ks[9], -1, 1, [2]),
    random.bits(ks[10], [2]),
    random.foldIn(ks[11], 7),
  ];
}

describe("random under transforms", () => {
  it("jit((key, x) => samplers) equals eager bit for bit, traced once for every key", () => {
    const f = jit(everything);
    for (const seed of [0, 1, 2]) {
      const key = random.key(seed);
      const x = np.array(0.25 * seed);
      f(key, x).forEach((t: Tensor, i: number) => identical(t, everything(key, x)[i]));
    }
    expect(f.cacheSize()).toBe(1);
    // the key is an input of the program, not a constant
    expect(makeJaxpr((k: Tensor) => random.normal(k, [2]))(random.key(0)).toString()).toMatch(/threefry2x32/);
  });

  it("vmap(sample)(random.split(key, 8)) equals sampling with each key", () => {
    const keys = random.split(random.key(42), 8);
    const sample = (k: Tensor) => everything(k, np.array(0.5));
    const batched = vmap(sample)(keys);
    const rows = [...keys].map(sample);
    batched.forEach((t: Tensor, i: number) => identical(t, np.stack(rows.map((r) => r[i]))));
  });

  it("a key carried through lax.scan, split each step, draws what the eager loop draws", () => {
    const step = (key: Tensor, x: Tensor): [Tensor, Tensor] => {
      const [next, sub] = random.split(key);
      return [next, np.add(x, random.normal(sub, [2]))];
    };
    const xs = np.arange(10).reshape([5, 2]).astype("float64");
    const [last, ys] = lax.scan(step, random.key(3), xs);
    let key = random.key(3);
    const rows: Tensor[] = [];
    for (const x of xs) {
      const [next, y] = step(key, x);
      key = next;
      rows.push(y);
    }
    identical(last, key);
    identical(ys, np.stack(rows));
    const [lastJit, ysJit] = jit((k: Tensor) => lax.scan(step, k, xs))(random.key(3));
    identical(lastJit, key);
    identical(ysJit, ys);
    // a step counter folded into a fixed key, traced inside the loop
    const folded = lax.foriLoop(0, 4, (i: Tensor, acc: Tensor) => np.add(acc, random.normal(random.foldIn(random.key(9), i), [2])), np.zeros([2]));
    let sum = np.zeros([2]);
    for (let i = 0; i < 4; i++) sum = np.add(sum, random.normal(random.foldIn(random.key(9), i), [2]));
    identical(folded, sum);
  });

  it("dropout from a traced key under jit(valueAndGrad(...)): masked units get no gradient, eager equals jit", () => {
    const p = 0.5;
    const loss = (w: Tensor, key: Tensor, x: Tensor) => {
      const h = nn.relu(np.matmul(x, w));
      const keep = random.bernoulli(key, 1 - p, h.shape);
      const dropped = np.where(keep, np.divide(h, 1 - p), 0);
      return np.mean(np.square(dropped));
    };
    const w = np.multiply(random.normal(random.key(0), [4, 6]), 0.5);
    const x = random.normal(random.key(1), [8, 4]);
    const step = jit(valueAndGrad(loss));
    for (const seed of [10, 11]) {
      const key = random.key(seed);
      const [value, g] = step(w, key, x);
      const [v0, g0] = valueAndGrad(loss)(w, key, x);
      identical(value, v0);
      identical(g, g0);
      // a column of h dropped for every example gives w's column a zero gradient, and the mask depends on the key
      const keep = random.bernoulli(key, 1 - p, [8, 6]);
      const allDropped = (np.sum(keep.astype("int32"), 0).toArray() as number[]).map((c) => c === 0);
      (g.toArray() as number[][]).forEach((row) => row.forEach((v, j) => allDropped[j] && expect(v).toBe(0)));
    }
    expect(step.cacheSize()).toBe(1);
    expect(bits(step(w, random.key(10), x)[0])).not.toEqual(bits(step(w, random.key(11), x)[0]));
  });

  it("differentiates gamma draws in their shape under jit and vmap as eagerly", () => {
    const f = (a: Tensor) => np.sum(random.gamma(random.key(5), a));
    const a = np.array([0.4, 1.3, 6]);
    identical(jit(grad(f))(a), grad(f)(a));
    const keys = random.split(random.key(5), 3);
    const perKey = vmap((k: Tensor) => grad((s: Tensor) => np.sum(random.gamma(k, s)))(a))(keys);
    identical(perKey, np.stack([...keys].map((k) => grad((s: Tensor) => np.sum(random.gamma(k, s)))(a))));
  });

  it("traces again when the layout changes (jit keys its cache on it)", () => {
    const f = jit((k: Tensor) => random.split(k));
    const partitionable = f(random.key(0));
    config.update("threefryPartitionable", false);
    try {
      expect(f(random.key(0)).toArray()).toEqual([[4146024105, 967050713], [2718843009, 1272950319]]);
      expect(f.cacheSize()).toBe(2);
    } finally {
      config.update("threefryPartitionable", true);
    }
    identical(f(random.key(0)), partitionable);
  });
});
