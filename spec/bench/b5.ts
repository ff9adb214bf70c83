/**
 * B5: small models are cheap per step (issue 12). One training step (value
 * and gradient of the loss, then a gradient-descent update of every
 * parameter) of two small models, as a new user writes it with `jit`, and
 * the same step written by hand in plain JavaScript loops (float64), timed
 * in the same run (`plain JS loops` in the report):
 * - `B5lr`: logistic regression on 300 points in 2-D, loss
 *   mean(softplus(−y·(X w + b))) with labels y = ±1;
 * - `B5mlp`: an MLP 1 → 64 (tanh) → 1 on 256 points fitting sin(3x), loss
 *   mean((tanh(x W1 + b1) W2 + b2 − y)²).
 * Each call takes one step from the current parameters and returns the
 * loss (read back with `item()`), so the parameters keep training; the
 * check reports the first losses of the library and of the baseline,
 * which agree to rounding.
 *
 * @example
 * const u = makeB5Unit("B5mlp", "jit-f64");
 * u.call(); // the loss before the step
 */
import { jit, nn, np, valueAndGrad, type Tensor } from "../../lib/index.ts";

/** `det` of units.ts (a port of the peers' harness), here so that b5.ts does not import units.ts (which imports it). */
function det(n: number, seed: number, scale = 1): Float32Array {
  const a = new Float32Array(n);
  for (let k = 0; k < n; k++) a[k] = scale * Math.sin(0.7 * k + seed);
  return a;
}

export const B5_UNITS = ["B5lr", "B5mlp"] as const;
export type B5Unit = (typeof B5_UNITS)[number];

export const B5_TITLES: Record<B5Unit, string> = {
  B5lr: "B5lr logistic regression training step, 300×2 points: value, grad and SGD update under jit (µs per step)",
  B5mlp: "B5mlp MLP 1→64 (tanh)→1 training step on 256 points: value, grad and SGD update under jit (µs per step)",
};

/** Learning rates of the updates. */
const LR = { B5lr: 0.5, B5mlp: 0.05 } as const;
const LR_N = 300;
const MLP_N = 256;
const HIDDEN = 64;

/** The data: B5lr points X [300, 2] with labels ±1 from a linear rule; B5mlp points x [256, 1] and y = sin(3x). */
export function b5Data(unit: B5Unit): { x: Float64Array; y: Float64Array; params: Record<string, Float64Array> } {
  if (unit === "B5lr") {
    const x = Float64Array.from(det(2 * LR_N, 31, 2));
    const y = new Float64Array(LR_N);
    for (let i = 0; i < LR_N; i++) y[i] = x[2 * i] - 0.5 * x[2 * i + 1] + 0.3 * Math.sin(7 * i) > 0 ? 1 : -1;
    return { x, y, params: { w: new Float64Array(2), b: new Float64Array(1) } };
  }
  const x = Float64Array.from({ length: MLP_N }, (_, i) => -1 + (2 * i) / (MLP_N - 1));
  const y = x.map((v) => Math.sin(3 * v));
  return {
    x,
    y,
    params: {
      W1: Float64Array.from(det(HIDDEN, 32, 1)),
      b1: Float64Array.from(det(HIDDEN, 33, 0.1)),
      W2: Float64Array.from(det(HIDDEN, 34, 1 / Math.sqrt(HIDDEN))),
      b2: new Float64Array(1),
    },
  };
}

type Params = Record<string, Tensor>;

const lrLoss = (p: Params, x: Tensor, y: Tensor) =>
  np.mean(nn.softplus(np.multiply(np.negative(y), np.add(np.matmul(x, p.w), p.b))));

const mlpLoss = (p: Params, x: Tensor, y: Tensor) => {
  const h = np.tanh(np.add(np.matmul(x, p.W1), p.b1));
  return np.mean(np.square(np.subtract(np.add(np.matmul(h, p.W2), p.b2), y)));
};

/** The step as a user writes it: value and grad, then p − lr·g for every parameter. */
function stepOf(loss: (p: Params, x: Tensor, y: Tensor) => Tensor, lr: number) {
  return (p: Params, x: Tensor, y: Tensor): [Params, Tensor] => {
    const [value, g] = valueAndGrad(loss)(p, x, y) as [Tensor, Params];
    const next: Params = {};
    for (const k of Object.keys(p)) next[k] = np.subtract(p[k], np.multiply(lr, g[k]));
    return [next, value];
  };
}

/** One runnable B5 unit (the shape of units.ts's `Unit`). */
export function makeB5Unit(unit: B5Unit, variant: "eager-f64" | "eager-f32" | "jit-f64" | "jit-f32") {
  const dtype: "float64" | "float32" = variant.endsWith("-f32") ? "float32" : "float64";
  const d = b5Data(unit);
  const t = (a: Float64Array, shape: number[]) => np.reshape(np.array(a, { dtype }), shape);
  const x = unit === "B5lr" ? t(d.x, [LR_N, 2]) : t(d.x, [MLP_N, 1]);
  const y = unit === "B5lr" ? t(d.y, [LR_N]) : t(d.y, [MLP_N, 1]);
  let p: Params =
    unit === "B5lr"
      ? { w: t(d.params.w, [2]), b: t(d.params.b, []) }
      : { W1: t(d.params.W1, [1, HIDDEN]), b1: t(d.params.b1, [HIDDEN]), W2: t(d.params.W2, [HIDDEN, 1]), b2: t(d.params.b2, [1]) };
  const raw = stepOf(unit === "B5lr" ? lrLoss : mlpLoss, LR[unit]);
  const step = variant.startsWith("jit") ? jit(raw) : raw;
  const losses: number[] = [];
  return {
    dtype,
    call: () => {
      const [next, value] = step(p, x, y);
      p = next;
      const v = value.item();
      if (losses.length < 3) losses.push(v);
      return v;
    },
    check: () => ({ first_losses: losses }),
  };
}

/** The same step in plain JavaScript loops (float64), written as one would by hand. */
export function makeB5Baseline(unit: B5Unit) {
  const d = b5Data(unit);
  const losses: number[] = [];
  const record = (v: number) => {
    if (losses.length < 3) losses.push(v);
    return v;
  };
  if (unit === "B5lr") {
    const { x, y } = d;
    const w = Float64Array.from(d.params.w);
    let b = d.params.b[0];
    const lr = LR.B5lr;
    return {
      dtype: "float64" as const,
      call: () => {
        // L = mean softplus(−y z), z = x·w + b; dL/dz = −y σ(−y z) / n
        let loss = 0, gw0 = 0, gw1 = 0, gb = 0;
        for (let i = 0; i < LR_N; i++) {
          const m = -y[i] * (x[2 * i] * w[0] + x[2 * i + 1] * w[1] + b);
          loss += m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
          const dz = (-y[i] / (1 + Math.exp(-m))) / LR_N;
          gw0 += dz * x[2 * i];
          gw1 += dz * x[2 * i + 1];
          gb += dz;
        }
        w[0] -= lr * gw0;
        w[1] -= lr * gw1;
        b -= lr * gb;
        return record(loss / LR_N);
      },
      check: () => ({ first_losses: losses }),
    };
  }
  const { x, y } = d;
  const W1 = Float64Array.from(d.params.W1), b1 = Float64Array.from(d.params.b1), W2 = Float64Array.from(d.params.W2);
  let b2 = d.params.b2[0];
  const h = new Float64Array(MLP_N * HIDDEN);
  const gW1 = new Float64Array(HIDDEN), gb1 = new Float64Array(HIDDEN), gW2 = new Float64Array(HIDDEN);
  const lr = LR.B5mlp;
  return {
    dtype: "float64" as const,
    call: () => {
      let loss = 0, gb2 = 0;
      gW1.fill(0);
      gb1.fill(0);
      gW2.fill(0);
      for (let i = 0; i < MLP_N; i++) {
        let out = b2;
        for (let j = 0; j < HIDDEN; j++) {
          const v = Math.tanh(x[i] * W1[j] + b1[j]);
          h[i * HIDDEN + j] = v;
          out += v * W2[j];
        }
        const r = out - y[i];
        loss += r * r;
        const dout = (2 * r) / MLP_N;
        gb2 += dout;
        for (let j = 0; j < HIDDEN; j++) {
          const v = h[i * HIDDEN + j];
          gW2[j] += dout * v;
          const dz = dout * W2[j] * (1 - v * v);
          gW1[j] += dz * x[i];
          gb1[j] += dz;
        }
      }
      for (let j = 0; j < HIDDEN; j++) {
        W1[j] -= lr * gW1[j];
        b1[j] -= lr * gb1[j];
        W2[j] -= lr * gW2[j];
      }
      b2 -= lr * gb2;
      return record(loss / MLP_N);
    },
    check: () => ({ first_losses: losses }),
  };
}
