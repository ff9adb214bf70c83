/**
 * Rows for `nn.initializers` (issue 9, item 7): each initializer's values
 * against its definition (JAX's jax/_src/nn/initializers.py: the fans, the
 * variance scale/fan, the truncated normal's correction 0.87962566103423978),
 * its dtype and shape rules, and its distribution on a large draw; the
 * random-input properties run over random keys (vmap over a stack of keys,
 * jit with the key traced).
 */
import { expect } from "vitest";
import { ArgumentError, DTypeError, nn, np, random, ShapeError, type Tensor } from "../../../lib/index.ts";
import { ksBound, ksDistance, mean, normalCdf, variance } from "../../random/stats.ts";
import { keyArg, type Row } from "../harness.ts";

const init = nn.initializers;
const k0 = random.key(0);
const k3 = random.key(3);
const data = (t: Tensor) => Array.from(t.toTypedArray());

/** The variance of `draws` is `v` within 4 standard errors (normal-ish draws: var of s² ≈ 2σ⁴/n). */
function expectVariance(draws: Tensor, v: number): void {
  const n = draws.size;
  expect(Math.abs(variance(data(draws)) - v)).toBeLessThan(4 * v * Math.sqrt(2 / n));
}

export const initializerRows: Row[] = [
  {
    name: "nn.initializers.zeros",
    values: [{ args: [k0, [2, 2]], out: [[0, 0], [0, 0]] }, { args: [k0, [3], "float32"], out: [0, 0, 0], dtype: "float32" }],
    errors: [{ args: [np.zeros([2]), [2]], type: ArgumentError, match: /key/ }],
    f: (k: Tensor) => init.zeros(k, [2]),
    args: [keyArg()],
  },
  {
    name: "nn.initializers.ones",
    values: [{ args: [k0, [3]], out: [1, 1, 1] }],
    errors: [{ args: [k0, [-1]], type: ShapeError }],
    f: (k: Tensor) => init.ones(k, [2, 1]),
    args: [keyArg()],
  },
  {
    name: "nn.initializers.constant",
    errors: [{ args: ["1"], type: ArgumentError, match: /number/ }],
    f: (k: Tensor) => init.constant(-0.25, "float32")(k, [3]),
    args: [keyArg()],
    check: () => {
      expect(init.constant(0.1)(k0, [2]).toArray()).toEqual([0.1, 0.1]);
      expect(init.constant(0.1, "float32")(k0, [1]).dtype).toBe("float32");
      expect(init.constant(0.1, "float32")(k0, [1], "float64").dtype).toBe("float64"); // the call's dtype wins, as JAX
    },
  },
  {
    name: "nn.initializers.uniform",
    errors: [{ args: ["big"], type: ArgumentError, match: /scale/ }],
    f: (k: Tensor) => init.uniform(0.5)(k, [3, 2]),
    args: [keyArg()],
    check: () => {
      // uniform(key, shape) · scale
      expect(init.uniform(0.5)(k3, [4]).toArray()).toEqual(np.multiply(random.uniform(k3, [4]), 0.5).toArray());
      expect(init.uniform()(k3, [2], "float32").dtype).toBe("float32");
    },
  },
  {
    name: "nn.initializers.normal",
    errors: [{ args: [Infinity], type: ArgumentError, match: /stddev/ }],
    f: (k: Tensor) => init.normal(2)(k, [3]),
    args: [keyArg()],
    check: () => {
      expect(init.normal(2)(k3, [4]).toArray()).toEqual(np.multiply(random.normal(k3, [4]), 2).toArray());
      expectVariance(init.normal(0.5)(k3, [20000]), 0.25);
    },
  },
  {
    name: "nn.initializers.truncatedNormal",
    errors: [{ args: [1, { lowr: -1 }], type: ArgumentError, match: /unknown option "lowr"/ }],
    f: (k: Tensor) => init.truncatedNormal(0.1)(k, [2, 2]),
    args: [keyArg()],
    check: () => {
      expect(init.truncatedNormal(0.1)(k3, [4]).toArray()).toEqual(np.multiply(random.truncatedNormal(k3, -2, 2, [4]), 0.1).toArray());
      const x = data(init.truncatedNormal(1, { lower: -1, upper: 0.5 })(k3, [20000]));
      expect(x.every((v) => v > -1 && v < 0.5)).toBe(true);
    },
  },
  {
    name: "nn.initializers.varianceScaling",
    errors: [
      { args: [1, "fan_sum", "normal"], type: ArgumentError, match: /mode/ },
      { args: [1, "fan_in", "cauchy"], type: ArgumentError, match: /distribution/ },
      { args: [1, "fan_in", "normal", { inAxes: 0 }], type: ArgumentError, match: /unknown option "inAxes"/ },
    ],
    f: (k: Tensor) => init.varianceScaling(2, "fan_out", "normal")(k, [3, 4]),
    args: [keyArg()],
    check: () => {
      // fans: a [3, 3, 16, 32] convolution kernel has receptive field 9: fan_in 144, fan_out 288
      expectVariance(init.varianceScaling(1, "fan_in", "normal")(k3, [3, 3, 16, 32]), 1 / 144);
      expectVariance(init.varianceScaling(1, "fan_out", "uniform")(k3, [3, 3, 16, 32]), 1 / 288);
      expectVariance(init.varianceScaling(1, "fan_avg", "truncated_normal")(k3, [3, 3, 16, 32]), 1 / 216);
      // in/out/batch axes: batch axis 0 of [10, 40, 50] leaves fan_in 40, fan_out 50
      expectVariance(init.varianceScaling(1, "fan_in", "normal", { batchAxis: 0, inAxis: 1, outAxis: 2 })(k3, [10, 40, 50]), 1 / 40);
      // the draw itself: normal(key, shape) · sqrt(scale / fan)
      expect(init.varianceScaling(2, "fan_in", "normal")(k3, [4, 5]).toArray()).toEqual(np.multiply(random.normal(k3, [4, 5]), Math.sqrt(2 / 4)).toArray());
      expect(() => init.varianceScaling(1, "fan_in", "normal")(k3, [5])).toThrow(ShapeError);
      expect(init.varianceScaling(1, "fan_in", "normal", "float32")(k3, [4, 4]).dtype).toBe("float32");
      expect(() => init.varianceScaling(1, "fan_in", "normal")(k3, [4, 4], "int32" as never)).toThrow(DTypeError);
    },
  },
  ...(
    [
      ["glorotUniform", 1, "fan_avg", "uniform"],
      ["glorotNormal", 1, "fan_avg", "truncated_normal"],
      ["lecunUniform", 1, "fan_in", "uniform"],
      ["lecunNormal", 1, "fan_in", "truncated_normal"],
      ["heUniform", 2, "fan_in", "uniform"],
      ["heNormal", 2, "fan_in", "truncated_normal"],
    ] as const
  ).map(([name, scale, mode, distribution]): Row => ({
    name: `nn.initializers.${name}`,
    f: (k: Tensor) => init[name]()(k, [4, 3]),
    args: [keyArg()],
    check: () => {
      // the variance_scaling it is, draw for draw
      expect(init[name]()(k3, [30, 20]).toArray()).toEqual(init.varianceScaling(scale, mode, distribution)(k3, [30, 20]).toArray());
      // variance scale / fan for a [200, 100] matrix: fan_in 200, fan_out 100
      const fan = mode === "fan_in" ? 200 : 150;
      const w = init[name]()(k3, [200, 100]);
      expectVariance(w, scale / fan);
      const limit = Math.sqrt((3 * scale) / fan);
      if (distribution === "uniform") {
        expect(ksDistance(data(w), (x) => Math.min(1, Math.max(0, (x + limit) / (2 * limit))))).toBeLessThan(ksBound(w.size));
      } else {
        // a standard normal truncated to (-2, 2), scaled by sqrt(variance) / 0.8796...
        const s = Math.sqrt(scale / fan) / 0.87962566103423978;
        const z = normalCdf(2) - normalCdf(-2);
        expect(ksDistance(data(w), (x) => Math.min(1, Math.max(0, (normalCdf(x / s) - normalCdf(-2)) / z)))).toBeLessThan(ksBound(w.size));
      }
      expect(Math.abs(mean(data(w)))).toBeLessThan(4 * Math.sqrt(scale / fan / w.size));
    },
  })),
];
