/**
 * Builders for the convolution and window ops of `PROGRAM_OPS`: a 1-D
 * `lax.convGeneralDilated` of an operand (flattened into one image) with
 * a kernel made from another, `np.convolve`/`np.correlate`, `nn.maxPool`,
 * `nn.avgPool` and a `lax.reduceWindow` min over every axis. Together with
 * their gradients (and the jvp of max pooling) they reach
 * conv_general_dilated, rev, reduce_window_sum/max/min, select_and_gather_add
 * and select_and_scatter_add.
 */
import { lax } from "../../index.ts";
import { call, exactly, fits, lit, nnc, npc, sizeOf, type Builder, type Expr, type Operand } from "./expr.ts";

const laxc = (name: "convGeneralDilated" | "reduceWindow", ...args: Parameters<typeof call>[2]): Expr =>
  call(`lax.${name}`, lax[name] as (...a: any[]) => unknown, args);

/** Output positions of a window of `k` over `n` with `stride`: "VALID" or "SAME". */
function positions(n: number, k: number, stride: number, padding: "VALID" | "SAME"): number {
  return padding === "SAME" ? Math.ceil(n / stride) : n < k ? 0 : Math.floor((n - k) / stride) + 1;
}

const PADDINGS = ["VALID", "SAME"] as const;

/** x as channels-last [W, C] for pooling: itself when of rank >= 2, else a column. */
function channelsLast(x: Operand): Operand {
  if (x.shape.length >= 2) return x;
  const n = sizeOf(x.shape);
  return { expr: npc("reshape", x.expr, lit([n, 1])), shape: [n, 1], bound: x.bound };
}

export const WINDOW_BUILDERS: Record<"conv" | "convolve" | "maxPool" | "avgPool" | "reduceWindowMin", { arity: number; build: Builder }> = {
  // the values of a as one [1, 1, n] image, convolved with an [O, 1, k] kernel made from b
  conv: {
    arity: 2,
    build: ([a, b0], p, lim) => {
      const n = sizeOf(a.shape);
      const k = 1 + (p[0] % Math.min(3, n));
      const features = 1 + (p[1] % 2);
      const padding = PADDINGS[p[2] % 2];
      const stride = 1 + (p[3] % 2);
      const width = positions(n, k, stride, padding);
      const shape = [1, features, width];
      if (width === 0 || !fits(shape, lim)) return null;
      const b = exactly(b0, [features, 1, k]);
      const image = npc("reshape", a.expr, lit([1, 1, n]));
      return { expr: laxc("convGeneralDilated", image, b.expr, lit([stride]), lit(padding)), shape, bound: a.bound * b.bound * k };
    },
  },
  convolve: {
    arity: 2,
    build: ([a, b], p, lim) => {
      const n = sizeOf(a.shape);
      const m = sizeOf(b.shape);
      const mode = (["full", "same", "valid"] as const)[p[0] % 3];
      const size = mode === "full" ? n + m - 1 : mode === "same" ? Math.max(n, m) : Math.max(n, m) - Math.min(n, m) + 1;
      if (!fits([size], lim)) return null;
      const name = p[1] % 2 === 0 ? "convolve" : "correlate";
      return { expr: npc(name, npc("ravel", a.expr), npc("ravel", b.expr), lit(mode)), shape: [size], bound: a.bound * b.bound * Math.min(n, m) };
    },
  },
  // pooling along the second-to-last axis (channels last), window 1..3, stride 1..2
  maxPool: { arity: 1, build: (xs, p, lim) => pool("maxPool", xs[0], p, lim) },
  avgPool: { arity: 1, build: (xs, p, lim) => pool("avgPool", xs[0], p, lim) },
  // a min over a window on every axis (size 1..2 each), stride 1
  reduceWindowMin: {
    arity: 1,
    build: ([x], p) => {
      if (x.shape.length === 0) return null;
      const dims = x.shape.map((d, i) => Math.min(d, 1 + ((p[0] >> i) & 1)));
      const padding = PADDINGS[p[1] % 2];
      const shape = x.shape.map((d, i) => positions(d, dims[i], 1, padding));
      const args = [x.expr, lit(Infinity), lit("min"), lit(dims), lit(dims.map(() => 1)), lit(padding)];
      return { expr: laxc("reduceWindow", ...args), shape, bound: x.bound };
    },
  },
};

function pool(name: "maxPool" | "avgPool", x0: Operand, p: readonly number[], lim: { maxRank: number; maxSize: number }): Operand | null {
  const x = channelsLast(x0);
  const axis = x.shape.length - 2;
  const n = x.shape[axis];
  const k = 1 + (p[0] % Math.min(3, n));
  const stride = 1 + (p[1] % 2);
  const padding = PADDINGS[p[2] % 2];
  const shape = x.shape.map((d, i) => (i === axis ? positions(n, k, stride, padding) : d));
  if (!fits(shape, lim)) return null;
  const args = [x.expr, lit([k]), lit([stride]), lit(padding)];
  if (name === "avgPool") args.push(lit(p[3] % 2 === 0));
  return { expr: nnc(name, ...args), shape, bound: x.bound };
}
