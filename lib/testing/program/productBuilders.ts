/**
 * Builders for the products and transforms of `PROGRAM_OPS`: `np.matmul`
 * and `np.dot` (falling back to a Gram product when the shapes do not
 * meet), `np.einsum` of two operands with shared or batch letters, and a
 * real part of one of `np.fft`'s transforms along one axis. Together with
 * their gradients they reach dot_general, transpose and fft.
 */
import { np } from "../../index.ts";
import { broadcast, call, fits, lit, npc, oneAxis, type Builder, type Expr, type Limits, type Operand } from "./expr.ts";

export const PRODUCT_BUILDERS: Record<"matmul" | "dot" | "einsum" | "fft", { arity: number; build: Builder }> = {
  matmul: {
    arity: 2,
    build: ([a, b], p, lim) => matmulOf("matmul", a, b, p, lim),
  },
  dot: {
    arity: 2,
    build: ([a, b], p, lim) => matmulOf("dot", a, b, p, lim),
  },
  einsum: {
    arity: 2,
    build: ([a, b], p, lim) => einsumOf(a, b, p, lim),
  },
  fft: {
    arity: 1,
    build: ([x], p, lim) => fftOf(x, p, lim),
  },
};

/**
 * `np.einsum` of two operands: a's axes get letters a, b, c, …; each axis of
 * b shares the letter of an unused a axis of its size (when p says so) or
 * gets its own (e, f, …); the output is implicit (the letters seen once) or
 * keeps every letter (shared ones as batch axes).
 */
function einsumOf(a: Operand, b: Operand, p: readonly number[], lim: Limits): Operand | null {
  const la = a.shape.map((_, i) => "abcd"[i]);
  const used = new Set<number>();
  const lb = b.shape.map((d, j) => {
    const k = a.shape.findIndex((e, i) => e === d && !used.has(i) && ((p[0] >> j) & 1) === 1);
    if (k < 0) return "efgh"[j];
    used.add(k);
    return la[k];
  });
  const explicit = p[1] % 3 === 0;
  const letters = [...la, ...lb];
  const out = explicit ? [...new Set(letters)] : [...new Set(letters)].filter((c) => letters.indexOf(c) === letters.lastIndexOf(c)).sort();
  const size = new Map(letters.map((c, i) => [c, [...a.shape, ...b.shape][i]]));
  const shape = out.map((c) => size.get(c)!);
  if (!fits(shape, lim)) return null;
  const contracted = [...new Set(letters)].filter((c) => !out.includes(c)).reduce((n, c) => n * size.get(c)!, 1);
  const subscripts = `${la.join("")},${lb.join("")}${explicit ? `->${out.join("")}` : ""}`;
  return { expr: npc("einsum", lit(subscripts), a.expr, b.expr), shape, bound: a.bound * b.bound * contracted };
}

/** A real part of one of np.fft's transforms along one axis: rfft(x).re, fft(x).im, ifft(x).re, or irfft(x) (x as a half spectrum). */
function fftOf(x: Operand, p: readonly number[], lim: Limits): Operand | null {
  const ax = oneAxis(x.shape.length, p[0]);
  if (ax === null) return null;
  const m = x.shape[ax.axis];
  const variant = p[1] % 4;
  const fftNs = np.fft as unknown as Record<string, (...args: unknown[]) => any>;
  const part = (name: string, field: "re" | "im"): Expr => {
    const inner = call(`np.fft.${name}`, fftNs[name], [x.expr, lit(null), lit(ax.arg)]);
    return { code: (n) => `${inner.code(n)}.${field}`, run: (v) => inner.run(v)[field] };
  };
  if (variant === 0) return { expr: part("rfft", "re"), shape: x.shape.map((d, i) => (i === ax.axis ? (m >> 1) + 1 : d)), bound: x.bound * m };
  if (variant === 1) return { expr: part("fft", "im"), shape: x.shape, bound: x.bound * m };
  if (variant === 2) return { expr: part("ifft", "re"), shape: x.shape, bound: x.bound };
  if (m < 2) return null;
  const shape = x.shape.map((d, i) => (i === ax.axis ? 2 * (m - 1) : d));
  if (!fits(shape, lim)) return null;
  return { expr: call("np.fft.irfft", fftNs.irfft, [x.expr, lit(null), lit(ax.arg)]), shape, bound: 2 * x.bound };
}

/** numpy's matmul/dot result shape, or null. */
function productShape(name: "matmul" | "dot", a: readonly number[], b: readonly number[]): number[] | null {
  if (name === "dot") {
    if (a.length === 0 || b.length === 0) return broadcast(a, b) === null ? null : a.length === 0 ? [...b] : [...a];
    if (b.length === 1) return a[a.length - 1] === b[0] ? a.slice(0, -1) : null;
    if (a[a.length - 1] !== b[b.length - 2]) return null;
    return [...a.slice(0, -1), ...b.slice(0, -2), b[b.length - 1]];
  }
  if (a.length === 0 || b.length === 0) return null;
  const a2 = a.length === 1 ? [1, a[0]] : a;
  const b2 = b.length === 1 ? [b[0], 1] : b;
  if (a2[a2.length - 1] !== b2[b2.length - 2]) return null;
  const batch = broadcast(a2.slice(0, -2), b2.slice(0, -2));
  if (batch === null) return null;
  return [...batch, ...(a.length === 1 ? [] : [a2[a2.length - 2]]), ...(b.length === 1 ? [] : [b2[b2.length - 1]])];
}

function matmulOf(name: "matmul" | "dot", a: Operand, b: Operand, p: readonly number[], lim: Limits): Operand | null {
  const make = (x: Operand, y: Operand): Operand | null => {
    const shape = productShape(name, x.shape, y.shape);
    if (shape === null || !fits(shape, lim)) return null;
    const k = x.shape.length === 0 || y.shape.length === 0 ? 1 : x.shape[x.shape.length - 1];
    return { expr: npc(name, x.expr, y.expr), shape, bound: x.bound * y.bound * k };
  };
  const direct = p[0] % 2 === 0 ? make(a, b) ?? make(b, a) : make(b, a) ?? make(a, b);
  if (direct !== null) return direct;
  // a Gram product of a with itself: a @ swapaxes(a, -1, -2), or a·a for vectors
  if (a.shape.length === 1) return make(a, a);
  if (a.shape.length >= 2) {
    const t = { expr: npc("swapaxes", a.expr, lit(-1), lit(-2)), shape: [...a.shape.slice(0, -2), a.shape[a.shape.length - 1], a.shape[a.shape.length - 2]], bound: a.bound };
    return make(a, t);
  }
  return null;
}
