/**
 * Reference loops for the optimizer specs (not a spec file): optax's update
 * formulas written out per element in plain JS numbers, independent of
 * tracegrad. A reference optimizer maps (step t = 1, 2, ..., gradient g,
 * parameter p) to the parameter's change, keeping its own per-element state.
 */

/** Per-element state and update of one reference optimizer. */
export interface ReferenceOptimizer {
  /** The change added to the parameters at step `t` (1-based) for the flat gradient `g` and parameters `p`. */
  step(t: number, g: readonly number[], p: readonly number[]): number[];
}

const zeros = (n: number): number[] => new Array<number>(n).fill(0);

/** p ← p - lr·g; with momentum μ: b ← g + μ·b, p ← p - lr·b (Nesterov: p ← p - lr·(g + μ·b)). */
export function refSgd(n: number, lr: number, momentum?: number, nesterov = false): ReferenceOptimizer {
  const buf = zeros(n);
  return {
    step(_t, g) {
      if (momentum === undefined) return g.map((gi) => -lr * gi);
      return g.map((gi, i) => {
        buf[i] = gi + momentum * buf[i];
        return -lr * (nesterov ? gi + momentum * buf[i] : buf[i]);
      });
    },
  };
}

/** Adam (Kingma & Ba, optax.scale_by_adam), with optional NAdam, decoupled weight decay λ on a mask, and a learning-rate function of the count. */
export function refAdam(
  n: number,
  lr: number | ((count: number) => number),
  { b1 = 0.9, b2 = 0.999, eps = 1e-8, epsRoot = 0, nesterov = false, weightDecay = 0, decayMask }: {
    b1?: number;
    b2?: number;
    eps?: number;
    epsRoot?: number;
    nesterov?: boolean;
    weightDecay?: number;
    decayMask?: readonly boolean[];
  } = {},
): ReferenceOptimizer {
  const m = zeros(n);
  const v = zeros(n);
  return {
    step(t, g, p) {
      const rate = typeof lr === "number" ? lr : lr(t - 1); // the schedule sees the count before the step
      return g.map((gi, i) => {
        m[i] = b1 * m[i] + (1 - b1) * gi;
        v[i] = b2 * v[i] + (1 - b2) * gi * gi;
        const mHat = nesterov
          ? (b1 * m[i]) / (1 - b1 ** (t + 1)) + ((1 - b1) * gi) / (1 - b1 ** t)
          : m[i] / (1 - b1 ** t);
        const vHat = v[i] / (1 - b2 ** t);
        let u = mHat / (Math.sqrt(vHat + epsRoot) + eps);
        if (decayMask === undefined || decayMask[i]) u += weightDecay * p[i];
        return -rate * u;
      });
    },
  };
}

/** RMSProp: v ← ρ·v + (1 - ρ)·g², u = g/√(v + ε); centered: g/√(v - m² + ε); momentum on -lr·u. */
export function refRmsprop(
  n: number,
  lr: number,
  { decay = 0.9, eps = 1e-8, initialScale = 0, centered = false, momentum }: { decay?: number; eps?: number; initialScale?: number; centered?: boolean; momentum?: number } = {},
): ReferenceOptimizer {
  const v = new Array<number>(n).fill(initialScale);
  const m = zeros(n);
  const buf = zeros(n);
  return {
    step(_t, g) {
      return g.map((gi, i) => {
        v[i] = decay * v[i] + (1 - decay) * gi * gi;
        m[i] = decay * m[i] + (1 - decay) * gi;
        const u = -lr * (gi / Math.sqrt((centered ? v[i] - m[i] * m[i] : v[i]) + eps));
        if (momentum === undefined) return u;
        buf[i] = u + momentum * buf[i];
        return buf[i];
      });
    },
  };
}

/** Adagrad: s ← s + g² (s₀ = 0.1), p ← p - lr·g/√(s + ε). */
export function refAdagrad(n: number, lr: number, { initial = 0.1, eps = 1e-7 } = {}): ReferenceOptimizer {
  const s = new Array<number>(n).fill(initial);
  return {
    step(_t, g) {
      return g.map((gi, i) => {
        s[i] += gi * gi;
        return s[i] > 0 ? (-lr * gi) / Math.sqrt(s[i] + eps) : 0;
      });
    },
  };
}

/** Lion: u = sign((1 - β₁)·g + β₁·m), m ← β₂·m + (1 - β₂)·g, p ← p - lr·(u + λ·p). */
export function refLion(n: number, lr: number, { b1 = 0.9, b2 = 0.99, weightDecay = 1e-3 } = {}): ReferenceOptimizer {
  const m = zeros(n);
  return {
    step(_t, g, p) {
      return g.map((gi, i) => {
        const u = Math.sign((1 - b1) * gi + b1 * m[i]);
        m[i] = b2 * m[i] + (1 - b2) * gi;
        return -lr * (u + weightDecay * p[i]);
      });
    },
  };
}

/** g scaled to global norm `maxNorm` when its norm is at least that. */
export function refClipByGlobalNorm(g: readonly number[], maxNorm: number): number[] {
  const norm = Math.sqrt(g.reduce((s, x) => s + x * x, 0));
  return norm < maxNorm ? g.slice() : g.map((x) => (x / norm) * maxNorm);
}

/**
 * The gradient used in every run: that of an anisotropic quadratic with a
 * step-dependent wobble, so the state's history matters.
 * g_i = (1 + i/2)·(p_i - 1) + 0.3·sin(1.3·i + 0.7·t).
 */
export function gradientAt(t: number, p: readonly number[]): number[] {
  return p.map((pi, i) => (1 + i / 2) * (pi - 1) + 0.3 * Math.sin(1.3 * i + 0.7 * t));
}

/** Runs a reference optimizer for `steps` steps from `p0`; returns the parameters after each step. */
export function runReference(opt: ReferenceOptimizer, p0: readonly number[], steps: number, grad = gradientAt): number[][] {
  let p = p0.slice();
  const history: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    const delta = opt.step(t, grad(t, p), p);
    p = p.map((pi, i) => pi + delta[i]);
    history.push(p);
  }
  return history;
}
