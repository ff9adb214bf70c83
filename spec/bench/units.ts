/**
 * The four benchmark units (B1 scalar-chain grad, B2 1e6 elementwise
 * forward / value-and-grad, B3 matmul 512 / 1024, B4 MLP step forward /
 * value-and-grad) on tracegrad, with the peers' exact inputs, and our own
 * S1k / S10k (grad through a `lax.scan` of 1,000 / 10,000 steps, run when
 * named: `npm run bench -- --units=S1k,S10k`; its check reports the
 * equation counts of `makeJaxpr(grad(f))` and the process's peak memory);
 * the linear-algebra units L1–L3 of linalgUnits.ts and the small-model
 * training steps B5lr / B5mlp of b5.ts, in the default run;
 * and C1f / C1g (the two convolutions of a small CNN, forward and
 * value-and-grad, run when named: jax-js takes 14–27 s per C1g call; the
 * peers run them with our scripts peers/conv_jaxjs.mjs and peers/conv_tfjs.mjs,
 * see peers.ts). The
 * deterministic generators below are ports of `det`, `b2Input` and
 * `mlpInputs` from ../shared/bench-peers/harness.mjs (float32 values; the
 * float64 variants widen those float32 values, as bench_numpy.py does).
 *
 * Variants: `eager-f64` (the default dtype), `eager-f32`, `jit-f64` and
 * `jit-f32` (`jit` of the same function: lib/compile/'s fused loops, in
 * WebAssembly SIMD where large, f64x2 or f32x4). Each timed `call()` forces its
 * result to a JS number (`item()`), as the peers read their scalar back.
 *
 * @example
 * const u = makeUnit("B1", "eager-f64");
 * u.call(); // 3.297442541400256
 */
import { grad, jit, lax, makeJaxpr, nn, np, valueAndGrad, ClosedJaxpr, type Tensor } from "../../lib/index.ts";
import { LINALG_UNITS, makeLinalgUnit, type LinalgUnit } from "./linalgUnits.ts";
import { B5_UNITS, makeB5Unit, type B5Unit } from "./b5.ts";

/** The units the peers were measured on, in their order: what a run measures by default. */
export const UNITS = ["B1", "B2f", "B2g", "B3_512", "B3_1024", "B4f", "B4g"] as const;
/** Our own units, run when named with --units: grad through a scan of 1,000 and 10,000 steps; the CNN's convolutions. */
export const EXTRA_UNITS = ["S1k", "S10k", "C1f", "C1g"] as const;
/** What a run measures by default: the peers' units, the linear-algebra units (linalgUnits.ts), the small-model steps (b5.ts). */
export const DEFAULT_UNITS = [...UNITS, ...LINALG_UNITS, ...B5_UNITS] as const;
export const ALL_UNITS = [...UNITS, ...LINALG_UNITS, ...B5_UNITS, ...EXTRA_UNITS] as const;
export type UnitName = (typeof ALL_UNITS)[number];

/** Our variants of every unit. */
export const VARIANTS = ["eager-f64", "eager-f32", "jit-f64", "jit-f32"] as const;
export type Variant = (typeof VARIANTS)[number];

/** What the peers print (and numpy float64 gives): our float64 results must match. */
export const EXPECTED = {
  B1: 3.297442541400256,
  B2_L: 500000,
  B2_sumGrad: 150899, // numpy: float(np.sum(g, dtype=float64)), shown to 9 digits
  B4_loss: 2.3428169830022814,
  C1_loss: 0.574999847353654, // numpy float64: sliding_window_view + einsum, mean of the second relu
} as const;

// deterministic inputs (ports of harness.mjs)

/** det(n, seed, scale)[k] = float32(scale · sin(0.7k + seed)). */
export function det(n: number, seed: number, scale = 1): Float32Array {
  const a = new Float32Array(n);
  for (let k = 0; k < n; k++) a[k] = scale * Math.sin(0.7 * k + seed);
  return a;
}

/**
 * C1 units: 64 images of 28×28×1 (NCHW), 32 filters of 3×3 (OIHW), relu, then
 * 64 filters of 3×3 over the 32 channels, relu, mean:
 * L = mean(relu(conv(relu(conv(x, w1)), w2))), "VALID", stride 1. C1g is the
 * value and the gradient with respect to w1 and w2.
 */
export const CNN = { N: 64, H: 28, F1: 32, F2: 64, K: 3 } as const;
export function cnnInputs() {
  const { N, H, F1, F2, K } = CNN;
  return { x: det(N * H * H, 31, 1), w1: det(F1 * K * K, 32, 1 / 3), w2: det(F2 * F1 * K * K, 33, 1 / Math.sqrt(F1 * K * K)) };
}
/** Multiply-adds: each convolution's, and each gradient convolution's (rhs cotangents of both, lhs cotangent of the second). */
const CONV1_MACS = CNN.N * CNN.F1 * 26 * 26 * 9;
const CONV2_MACS = CNN.N * CNN.F2 * 24 * 24 * CNN.F1 * 9;
export const CNN_FWD_FLOP = 2 * (CONV1_MACS + CONV2_MACS);
export const CNN_VG_FLOP = 2 * (2 * CONV1_MACS + 3 * CONV2_MACS);

/** B2 input: x_k = float32(-3 + 6k/(N-1)), N = 1e6. */
export const B2_N = 1_000_000;
export function b2Input(n = B2_N): Float32Array {
  const a = new Float32Array(n);
  for (let k = 0; k < n; k++) a[k] = -3 + (6 * k) / (n - 1);
  return a;
}

/** B4 MLP: batch 128, 784 → 256 (tanh) → 10, one-hot labels y_i = i mod 10. */
export const MLP = { B: 128, D: 784, H: 256, C: 10 } as const;
export function mlpInputs() {
  const { B, D, H, C } = MLP;
  const Y = new Float32Array(B * C);
  for (let i = 0; i < B; i++) Y[i * C + (i % C)] = 1;
  return {
    X: det(B * D, 1, 1.0),
    W1: det(D * H, 2, 1 / Math.sqrt(D)),
    b1: det(H, 3, 0.1),
    W2: det(H * C, 4, 1 / Math.sqrt(H)),
    b2: det(C, 5, 0.1),
    Y,
  };
}

/** FLOPs of the matmuls only (as summarize.mjs): B4 forward, and value-and-grad. */
export const MLP_FWD_FLOP = 2 * MLP.B * MLP.D * MLP.H + 2 * MLP.B * MLP.H * MLP.C;
export const MLP_VG_FLOP = MLP_FWD_FLOP + 2 * MLP.B * MLP.H * MLP.C * 2 + 2 * MLP.B * MLP.D * MLP.H;

// the units

/** One runnable unit: `call` is what is timed, `check` reports correctness after the run. */
export interface Unit {
  readonly call: () => number;
  readonly check: () => Record<string, unknown>;
  readonly dtype: "float64" | "float32";
}

type F = (...args: any[]) => any;

/** A tensor of the float32 values `a` in `dtype`, reshaped. */
function tensor(a: Float32Array, shape: readonly number[], dtype: "float64" | "float32"): Tensor {
  return np.reshape(np.array(a, { dtype }), shape);
}

function sum(t: Tensor): number {
  const d = t.toTypedArray();
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i];
  return s;
}

function sumAbs(t: Tensor): number {
  const d = t.toTypedArray();
  let s = 0;
  for (let i = 0; i < d.length; i++) s += Math.abs(d[i]);
  return s;
}

const relErr = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** B1's function: f(x) = square(exp(square(x))). */
export const b1f = (x: Tensor) => np.square(np.exp(np.square(x)));

/** B2's loss: L = sum(tanh(x)·exp(−x²) + sigmoid(x)). */
export const b2Loss = (x: Tensor) =>
  np.sum(np.add(np.multiply(np.tanh(x), np.exp(np.negative(np.multiply(x, x)))), nn.sigmoid(x)));

interface MlpParams {
  W1: Tensor;
  b1: Tensor;
  W2: Tensor;
  b2: Tensor;
}

/** B4's loss: −mean_i Σ_c Y · logSoftmax(tanh(X W1 + b1) W2 + b2). */
export const b4Loss = (p: MlpParams, X: Tensor, Y: Tensor) => {
  const h = np.tanh(np.add(np.matmul(X, p.W1), p.b1));
  const logits = np.add(np.matmul(h, p.W2), p.b2);
  const lp = nn.logSoftmax(logits, -1);
  return np.divide(np.negative(np.sum(np.multiply(lp, Y))), MLP.B);
};

/** C1's loss (see `CNN`). */
export const cnnLoss = (p: { w1: Tensor; w2: Tensor }, x: Tensor) => {
  const h1 = nn.relu(lax.conv(x, p.w1, [1, 1], "VALID"));
  const h2 = nn.relu(lax.conv(h1, p.w2, [1, 1], "VALID"));
  return np.mean(h2);
};

/** S units: an RNN cell, h' = tanh(W h + x), scanned over xs; loss = Σ h_T + Σ sin(Σ h_t). */
export const SCAN_HIDDEN = 8;
export const scanLoss = (W: Tensor, xs: Tensor) => {
  const [h, ys] = lax.scan(
    (c: Tensor, x: Tensor): [Tensor, Tensor] => {
      const next = np.tanh(np.add(np.matmul(W, c), x));
      return [next, np.sum(next)];
    },
    np.zeros([SCAN_HIDDEN], { dtype: W.dtype }),
    xs,
  );
  return np.add(np.sum(h), np.sum(np.sin(ys)));
};

/** Equations of a jaxpr: `[top level, including every sub-jaxpr]`. */
export function equationCounts(closed: ClosedJaxpr): [number, number] {
  const total = (jaxpr: ClosedJaxpr["jaxpr"]): number =>
    jaxpr.eqns.reduce(
      (n, e) => n + 1 + Object.values(e.params).reduce<number>((m, v) => {
        const subs = Array.isArray(v) ? v : [v];
        return m + subs.reduce<number>((k, sub) => k + (sub instanceof ClosedJaxpr ? total(sub.jaxpr) : 0), 0);
      }, 0),
      0,
    );
  return [closed.jaxpr.eqns.length, total(closed.jaxpr)];
}

/** Builds unit × variant; inputs are created here, outside the timed call. */
export function makeUnit(unit: UnitName, variant: Variant): Unit {
  if ((LINALG_UNITS as readonly string[]).includes(unit)) return makeLinalgUnit(unit as LinalgUnit, variant);
  if ((B5_UNITS as readonly string[]).includes(unit)) return makeB5Unit(unit as B5Unit, variant);
  const dtype = variant.endsWith("-f32") ? "float32" : "float64";
  const J = variant.startsWith("jit") ? (f: F): F => jit(f) : (f: F): F => f;
  const f64 = dtype === "float64";
  let last = NaN;
  const wrap = (call: () => number) => () => (last = call());

  if (unit === "S1k" || unit === "S10k") {
    const steps = unit === "S1k" ? 1000 : 10_000;
    const n = SCAN_HIDDEN;
    const W = tensor(det(n * n, 21, 1 / Math.sqrt(n)), [n, n], dtype);
    const xsOf = (t: number) => tensor(det(t * n, 22, 1), [t, n], dtype);
    const xs = xsOf(steps);
    const df = J(grad(scanLoss));
    const counts = Object.fromEntries([10, 1000, 10_000].map((t) => [t, equationCounts(makeJaxpr(grad(scanLoss))(W, xsOf(t)))]));
    // what the gradient keeps from the forward pass for the backward one: the forward scan's stacked outputs
    const forward = makeJaxpr(grad(scanLoss))(W, xs).jaxpr.eqns.find((e) => e.primitive.name === "scan")!;
    const stored = forward.outs.reduce((b, v) => b + v.aval.shape.reduce((p, d) => p * d, 1) * (v.aval.dtype === "float32" ? 4 : 8), 0);
    return {
      dtype,
      call: wrap(() => sum(df(W, xs) as Tensor)),
      check: () => ({
        steps,
        sum_grad: last,
        eqns_top_and_total_by_length: counts,
        forward_scan_output_bytes: stored,
        peak_rss_MB: Math.round(process.resourceUsage().maxRSS / 1024),
      }),
    };
  }

  if (unit === "C1f" || unit === "C1g") {
    const { N, H, F1, F2, K } = CNN;
    const I = cnnInputs();
    const x = tensor(I.x, [N, 1, H, H], dtype);
    const params = { w1: tensor(I.w1, [F1, 1, K, K], dtype), w2: tensor(I.w2, [F2, F1, K, K], dtype) };
    const lossCheck = () => ({ loss: last, ...(f64 ? { relerr: relErr(last, EXPECTED.C1_loss) } : {}) });
    if (unit === "C1f") {
      const fwd = J(cnnLoss);
      return { dtype, call: wrap(() => fwd(params, x).item()), check: lossCheck };
    }
    const vg = J(valueAndGrad(cnnLoss));
    let gcheck: Record<string, number> | null = null;
    return {
      dtype,
      call: wrap(() => {
        const [v, g] = vg(params, x) as [Tensor, { w1: Tensor; w2: Tensor }];
        if (gcheck === null) gcheck = { w1: sumAbs(g.w1), w2: sumAbs(g.w2) };
        return v.item();
      }),
      check: () => ({ ...lossCheck(), sumabs_grad: gcheck }),
    };
  }

  if (unit === "B1") {
    const df = J(grad(b1f));
    const x = np.array(0.5, { dtype });
    return {
      dtype,
      call: wrap(() => df(x).item()),
      check: () => ({ grad: last, expected: EXPECTED.B1, relerr: relErr(last, EXPECTED.B1) }),
    };
  }
  if (unit === "B2f" || unit === "B2g") {
    const x = np.array(b2Input(), { dtype });
    if (unit === "B2f") {
      const fwd = J(b2Loss);
      return {
        dtype,
        call: wrap(() => fwd(x).item()),
        check: () => ({ L: last, ...(f64 ? { exact: last === EXPECTED.B2_L } : {}) }),
      };
    }
    const vg = J(valueAndGrad(b2Loss));
    let gsum = NaN;
    return {
      dtype,
      call: wrap(() => {
        const [v, g] = vg(x) as [Tensor, Tensor];
        if (Number.isNaN(gsum)) gsum = sum(g); // first call only
        return v.item();
      }),
      check: () => ({ L: last, sum_grad: gsum, ...(f64 ? { exact: last === EXPECTED.B2_L } : {}) }),
    };
  }
  if (unit === "B3_512" || unit === "B3_1024") {
    const n = unit === "B3_512" ? 512 : 1024;
    const A = tensor(det(n * n, 11, 1), [n, n], dtype);
    const B = tensor(det(n * n, 12, 1), [n, n], dtype);
    const mm = J((a: Tensor, b: Tensor) => np.matmul(a, b));
    let csum = NaN;
    return {
      dtype,
      call: wrap(() => {
        const C = mm(A, B) as Tensor; // eager: computed when matmul returns
        if (Number.isNaN(csum)) csum = sum(C);
        return 0;
      }),
      check: () => ({ sum_C: csum }),
    };
  }
  // B4f, B4g
  const { B, D, H, C } = MLP;
  const I = mlpInputs();
  const params: MlpParams = {
    W1: tensor(I.W1, [D, H], dtype),
    b1: tensor(I.b1, [H], dtype),
    W2: tensor(I.W2, [H, C], dtype),
    b2: tensor(I.b2, [C], dtype),
  };
  const X = tensor(I.X, [B, D], dtype);
  const Y = tensor(I.Y, [B, C], dtype);
  const lossCheck = () => ({ loss: last, ...(f64 ? { relerr: relErr(last, EXPECTED.B4_loss) } : {}) });
  if (unit === "B4f") {
    const fwd = J(b4Loss);
    return { dtype, call: wrap(() => fwd(params, X, Y).item()), check: lossCheck };
  }
  const vg = J(valueAndGrad(b4Loss));
  let gcheck: Record<string, number> | null = null;
  return {
    dtype,
    call: wrap(() => {
      const [v, g] = vg(params, X, Y) as [Tensor, MlpParams];
      if (gcheck === null) gcheck = { W1: sumAbs(g.W1), b1: sumAbs(g.b1), W2: sumAbs(g.W2), b2: sumAbs(g.b2) };
      return v.item();
    }),
    check: () => ({ ...lossCheck(), sumabs_grad: gcheck }),
  };
}
