/**
 * The public derivative transforms: broadcasting gradients, argnums, hasAux,
 * pytrees in and out, higher order, define-by-run control flow,
 * stopGradient, valueAndGrad, linearize, vjp, nested transforms
 * (perturbation confusion), JAX's conventions at ties and edge points, the
 * numerical stability of nn, and the printed IR of a few gradients.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  ConcretizationError,
  grad,
  jvp,
  linearize,
  makeJaxpr,
  nn,
  np,
  numericalGrad,
  numericalJvp,
  stopGradient,
  valueAndGrad,
  vjp,
  type Tensor,
} from "../../lib/index.ts";

type T = Tensor;

/** Nested numbers of a tensor (or tree of tensors). */
function values(x: unknown): unknown {
  if (typeof x === "number") return x;
  if (Array.isArray(x)) return x.map(values);
  if (x !== null && typeof x === "object" && !("toArray" in x)) {
    return Object.fromEntries(Object.entries(x as Record<string, unknown>).map(([k, v]) => [k, values(v)]));
  }
  return (x as T).toArray();
}

const vec = (n: number, lim = 2) => fc.array(fc.double({ min: -lim, max: lim, noNaN: true }), { minLength: n, maxLength: n });

describe("broadcasting gradients", () => {
  it("a [3] bias added to a [2,3] matrix gets gradient [2,2,2]", () => {
    const X = np.array([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const g = grad((b: T) => np.sum(np.add(X, b)))(np.array([0.1, 0.2, 0.3]));
    expect(g.shape).toEqual([3]);
    expect(values(g)).toEqual([2, 2, 2]);
  });

  it("sums over stretched axes for [3,1] with [1,4], and over everything for a scalar", () => {
    const [ga, gb] = grad((a: T, b: T) => np.sum(np.multiply(a, b)), { argnums: [0, 1] })(
      np.array([[1], [2], [3]]),
      np.array([[1, 10, 100, 1000]]),
    );
    expect(ga.shape).toEqual([3, 1]);
    expect(values(ga)).toEqual([[1111], [1111], [1111]]);
    expect(values(gb)).toEqual([[6, 6, 6, 6]]);
    const gs = grad((s: T) => np.sum(np.multiply(s, np.ones([2, 3]))))(2.0);
    expect(gs.shape).toEqual([]);
    expect(gs.item()).toBe(6);
  });

  it("matches numerical gradients for random broadcast shapes of a product-and-divide", () => {
    fc.assert(
      fc.property(vec(6), vec(3), vec(2), (a, b, c) => {
        const A = np.reshape(np.array(a), [2, 3]);
        const B = np.array(b);
        const C = np.add(np.reshape(np.array(c.map(Math.abs)), [2, 1]), 1);
        const f = (x: T, y: T, z: T) => np.sum(np.divide(np.multiply(x, np.sin(y)), z));
        const argnums = [0, 1, 2];
        expect(grad(f, { argnums })(A, B, C)).toBeAllclose(numericalGrad(f, { argnums })(A, B, C), { rtol: 1e-6, atol: 1e-8 });
      }),
      { numRuns: 30 },
    );
  });
});

describe("grad options", () => {
  const f = (x: T, y: T) => np.sum(np.multiply(x, np.square(y)));
  const x = np.array([1, 2]);
  const y = np.array([3, -1]);

  it("argnums as a number differentiates that argument only", () => {
    expect(values(grad(f, { argnums: 1 })(x, y))).toEqual([6, -4]); // 2xy
    expect(values(grad(f)(x, y))).toEqual([9, 1]); // y², argnums 0 by default
  });

  it("argnums as an array gives a list in that order", () => {
    expect(values(grad(f, { argnums: [0, 1] })(x, y))).toEqual([
      [9, 1],
      [6, -4],
    ]);
    expect(values(grad(f, { argnums: [1, 0] })(x, y))).toEqual([
      [6, -4],
      [9, 1],
    ]);
    expect(values(grad(f, { argnums: [1] })(x, y))).toEqual([[6, -4]]);
  });

  it("hasAux passes the auxiliary tree through as values", () => {
    const h = (v: T) => [np.sum(np.square(v)), { mean: np.mean(v), raw: [v, 7] }];
    const [g, aux] = grad(h, { hasAux: true })(np.array([1, 2]));
    expect(values(g)).toEqual([2, 4]);
    expect(aux.mean.item()).toBe(1.5);
    expect(values(aux.raw[0])).toEqual([1, 2]);
    expect(aux.raw[1]).toBe(7);
    const [[value, aux2], g2] = valueAndGrad(h, { hasAux: true })(np.array([1, 2]));
    expect(value.item()).toBe(5);
    expect(aux2.mean.item()).toBe(1.5);
    expect(values(g2)).toEqual([2, 4]);
  });

  it("valueAndGrad gives f's value and its gradient", () => {
    const [value, g] = valueAndGrad((v: T) => np.sum(np.exp(v)))(np.array([0, 1]));
    expect(value).toBeAllclose(1 + Math.E, { rtol: 1e-9, atol: 1e-12 });
    expect(g).toBeAllclose([1, Math.E], { rtol: 1e-9, atol: 1e-12 });
  });
});

describe("pytrees", () => {
  const params = {
    w: np.array([
      [0.5, -1],
      [2, 0.25],
      [1, 1],
    ]),
    b: np.array([0.1, -0.2]),
    layers: [np.array(1.5), np.array([0.3, 0.7])],
  };
  const x = np.array([[1, 2, 3]]);
  const loss = (p: typeof params, input: T) => {
    const h = np.tanh(np.add(np.matmul(input, p.w), p.b));
    return np.sum(np.multiply(np.multiply(h, p.layers[0]), p.layers[1]));
  };

  it("grad of a tree argument is a tree of the same structure, matching numerical gradients", () => {
    const g = grad(loss)(params, x);
    expect(Object.keys(g).sort()).toEqual(["b", "layers", "w"]);
    expect(g.w.shape).toEqual([3, 2]);
    expect(g.layers[0].shape).toEqual([]);
    expect(g).toBeAllclose(numericalGrad(loss)(params, x), { rtol: 1e-6, atol: 1e-9 });
  });

  it("grad with argnums over a tree and a tensor", () => {
    const [gp, gx] = grad(loss, { argnums: [0, 1] })(params, x);
    expect([gp, gx]).toBeAllclose(numericalGrad(loss, { argnums: [0, 1] })(params, x), { rtol: 1e-6, atol: 1e-9 });
  });

  it("jvp takes and returns trees", () => {
    const f = (p: { a: T; b: T[] }) => ({ sum: np.add(p.a, p.b[0]), prod: [np.multiply(p.a, p.b[1])] });
    const primal = { a: np.array([1, 2]), b: [np.array([3, 4]), np.array([5, 6])] };
    const tangent = { a: np.array([1, 0]), b: [np.array([0, 1]), np.array([1, 1])] };
    const [out, tout] = jvp(f, [primal], [tangent]);
    expect(values(out)).toEqual({ sum: [4, 6], prod: [[5, 12]] });
    expect(values(tout)).toEqual({ sum: [1, 1], prod: [[6, 2]] }); // da·b1 + a·db1 = [1·5 + 1·1, 0·6 + 2·1]
    const [, nt] = numericalJvp(f, [primal], [tangent]);
    expect(tout).toBeAllclose(nt, { rtol: 1e-6, atol: 1e-9 });
  });

  it("vjp with a tree output takes a cotangent tree", () => {
    const f = (v: T) => ({ a: np.sin(v), b: [np.multiply(v, 2), v] });
    const v = np.array([1, 2]);
    const [out, back] = vjp(f, v);
    expect(values(out.b[1])).toEqual([1, 2]);
    const [ct] = back({ a: np.array([1, 10]), b: [np.array([1, 1]), np.array([0.5, 0.5])] });
    expect(ct).toBeAllclose([Math.cos(1) + 2.5, 10 * Math.cos(2) + 2.5], { rtol: 1e-9, atol: 1e-12 });
    expect(() => back({ a: np.ones([2]) } as never)).toThrow(/structure/);
  });

  it("vjp over several arguments gives one cotangent per argument", () => {
    const [out, back] = vjp((a: T, b: T) => np.matmul(a, b), np.ones([2, 3]), np.ones([3, 4]));
    expect(out.shape).toEqual([2, 4]);
    const [ca, cb] = back(np.ones([2, 4])) as T[];
    expect(values(ca)).toEqual([
      [4, 4, 4],
      [4, 4, 4],
    ]);
    expect(cb.shape).toEqual([3, 4]);
    expect(values(cb)).toEqual(Array.from({ length: 3 }, () => [2, 2, 2, 2]));
  });
});

describe("higher order", () => {
  // f(x) = x⁴ - 3x³ + 2x:  f' = 4x³ - 9x² + 2,  f'' = 12x² - 18x,  f''' = 24x - 18
  const f = (x: T) => np.add(np.subtract(np.power(x, 4), np.multiply(3, np.power(x, 3))), np.multiply(2, x));

  it("grad(grad(grad(f))) of a polynomial is its closed form", () => {
    fc.assert(
      fc.property(fc.double({ min: -3, max: 3, noNaN: true }), (x) => {
        expect(grad(f)(x)).toBeAllclose(4 * x ** 3 - 9 * x ** 2 + 2, { rtol: 1e-12, atol: 1e-12 });
        expect(grad(grad(f))(x)).toBeAllclose(12 * x ** 2 - 18 * x, { rtol: 1e-12, atol: 1e-12 });
        expect(grad(grad(grad(f)))(x)).toBeAllclose(24 * x - 18, { rtol: 1e-12, atol: 1e-12 });
        expect(grad(grad(grad(grad(grad(f)))))(x).item()).toBe(0);
      }),
      { numRuns: 30 },
    );
  });

  it("derivatives of sin cycle, through a tensor exponent too (pow)", () => {
    const d4 = grad(grad(grad(grad((x: T) => np.sin(x)))));
    expect(d4(0.7)).toBeAllclose(Math.sin(0.7), { rtol: 1e-12, atol: 1e-12 });
    // x^y with y a tensor: d²/dx² = y(y-1)x^(y-2)
    const p = (x: T) => np.power(x, np.array(2.5));
    expect(grad(grad(p))(1.3)).toBeAllclose(2.5 * 1.5 * 1.3 ** 0.5, { rtol: 1e-12, atol: 1e-12 });
  });

  it("jvp of grad is a Hessian-vector product", () => {
    // f(x) = Σ x³ + (Σ x)²: H = diag(6x) + 2·11ᵀ, so Hv = 6 x∘v + 2 Σv
    const h = (x: T) => np.add(np.sum(np.power(x, 3)), np.square(np.sum(x)));
    fc.assert(
      fc.property(vec(3), vec(3), (x, v) => {
        const [g, hv] = jvp(grad(h), [np.array(x)], [np.array(v)]);
        const s = x.reduce((a, b) => a + b, 0);
        const sv = v.reduce((a, b) => a + b, 0);
        expect(g).toBeAllclose(x.map((xi) => 3 * xi * xi + 2 * s), { rtol: 1e-12, atol: 1e-12 });
        expect(hv).toBeAllclose(x.map((xi, i) => 6 * xi * v[i] + 2 * sv), { rtol: 1e-12, atol: 1e-12 });
      }),
      { numRuns: 30 },
    );
  });

  it("nested transforms keep their perturbations apart", () => {
    // d/dx [x · d/dy (x + y)] = d/dx [x · 1] = 1 (perturbation confusion would give 2)
    expect(grad((x: T) => np.multiply(x, grad((y: T) => np.add(x, y))(1.0)))(3.0).item()).toBe(1);
    const [, t] = jvp((x: T) => np.multiply(x, jvp((y: T) => np.add(x, y), [1.0], [1.0])[1]), [3.0], [1.0]);
    expect(t.item()).toBe(1);
    // an inner grad closing over the outer variable: d/dx (d/dy x·y) = d/dx x = 1
    expect(grad((x: T) => grad((y: T) => np.multiply(x, y))(2.0))(5.0).item()).toBe(1);
    // d/dx [x² · d/dy (x·y²)|y=x] = d/dx [2x⁴] = 8x³
    const inner = (x: T) => grad((y: T) => np.multiply(x, np.square(y)))(x);
    expect(grad((x: T) => np.multiply(np.square(x), inner(x)))(1.5)).toBeAllclose(8 * 1.5 ** 3, { rtol: 1e-12, atol: 1e-12 });
  });
});

describe("define-by-run", () => {
  it("a JS if on x.item() inside grad takes the branch of the value", () => {
    const f = (x: T) => (x.item() > 0 ? np.multiply(x, x) : np.multiply(x, -3));
    expect(grad(f)(2.0).item()).toBe(4);
    expect(grad(f)(-1.0).item()).toBe(-3);
    expect(grad(grad(f))(2.0).item()).toBe(2);
  });

  it("a JS loop on values inside grad (Newton steps)", () => {
    // y = √a by Newton from 1 until converged: the gradient through the iterations is 1/(2√a)
    const sqrt = (a: T) => {
      let y: T = np.array(1.0);
      for (let i = 0; i < 100 && Math.abs(y.item() * y.item() - a.item()) > 1e-15; i++) y = np.multiply(0.5, np.add(y, np.divide(a, y)));
      return y;
    };
    expect(grad(sqrt)(2.0)).toBeAllclose(1 / (2 * Math.SQRT2), { rtol: 1e-9, atol: 1e-12 });
  });

  it("reading a value under makeJaxpr is a ConcretizationError", () => {
    const f = (x: T) => (x.item() > 0 ? x : np.negative(x));
    expect(() => makeJaxpr(f)(1.0)).toThrow(ConcretizationError);
  });
});

describe("stopGradient", () => {
  it("blocks the gradient along its path only", () => {
    expect(grad((x: T) => np.multiply(x, stopGradient(x)))(3.0).item()).toBe(3);
    expect(grad((x: T) => np.sum(stopGradient(np.square(x))))(np.array([1, 2])).toArray()).toEqual([0, 0]);
    const [, t] = jvp((x: T) => np.add(stopGradient(x), np.multiply(x, 2)), [1.0], [1.0]);
    expect(t.item()).toBe(2);
  });
});

describe("linearize", () => {
  const f = (x: T) => np.sum(np.multiply(np.sin(x), np.exp(x)));

  it("gives f's value and its jvp, as a linear function", () => {
    fc.assert(
      fc.property(vec(3), vec(3), vec(3), fc.double({ min: -2, max: 2, noNaN: true }), (x, t1, t2, a) => {
        const [y, fJvp] = linearize(f, np.array(x));
        expect(y.item()).toBe(f(np.array(x)).item());
        const [, jt] = jvp(f, [np.array(x)], [np.array(t1)]);
        expect(fJvp(np.array(t1))).toBeAllclose(jt, { rtol: 1e-12, atol: 1e-12 });
        const combined = t1.map((v, i) => a * v + t2[i]);
        expect(fJvp(np.array(combined))).toBeAllclose(a * fJvp(np.array(t1)).item() + fJvp(np.array(t2)).item(), { rtol: 1e-9, atol: 1e-9 });
      }),
      { numRuns: 30 },
    );
  });

  it("works with several arguments and tree outputs", () => {
    const [out, fJvp] = linearize((a: T, b: T) => ({ p: np.multiply(a, b), q: [np.sin(a)] }), 2.0, 3.0);
    expect(out.p.item()).toBe(6);
    const t = fJvp(1.0, 0.5);
    expect(t.p).toBeAllclose(3 + 2 * 0.5, { rtol: 1e-9, atol: 1e-12 });
    expect(t.q[0]).toBeAllclose(Math.cos(2), { rtol: 1e-9, atol: 1e-12 });
  });
});

describe("JAX's conventions at ties and edge points", () => {
  it("max/min split the gradient at ties; reduce max averages over the maxima", () => {
    expect(values(grad((a: T, b: T) => np.maximum(a, b), { argnums: [0, 1] })(1.0, 1.0))).toEqual([0.5, 0.5]);
    expect(values(grad((a: T, b: T) => np.minimum(a, b), { argnums: [0, 1] })(2.0, 2.0))).toEqual([0.5, 0.5]);
    expect(values(grad((x: T) => np.max(x))(np.array([1, 3, 3])))).toEqual([0, 0.5, 0.5]);
    expect(values(grad((x: T) => np.min(x))(np.array([[2, 2, 2]])))).toEqual([[1 / 3, 1 / 3, 1 / 3]]);
  });

  it("abs has gradient 1 at 0 (JAX's select(x >= 0, t, -t)); sqrt has an infinite one", () => {
    expect(grad((x: T) => np.abs(x))(0.0).item()).toBe(1);
    expect(grad((x: T) => np.abs(x))(-0.0).item()).toBe(1);
    expect(grad((x: T) => np.abs(x))(-2.0).item()).toBe(-1);
    expect(grad((x: T) => nn.softplus(x))(0.0).item()).toBe(0.5);
    // softplus'' = σ(1 − σ): ¼ at 0 from either side (no kink of max or |·|), σ(1 − σ) elsewhere
    expect(grad(grad((x: T) => nn.softplus(x)))(0.0).item()).toBe(0.25);
    expect(grad(grad((x: T) => nn.softplus(x)))(-0.0).item()).toBe(0.25);
    for (const v of [-3, -0.5, 1e-9, 2]) {
      const s = 1 / (1 + Math.exp(-v));
      expect(grad(grad((x: T) => nn.softplus(x)))(v).item()).toBeCloseTo(s * (1 - s), 14);
      expect(grad((x: T) => nn.softplus(x))(v).item()).toBeCloseTo(s, 15);
    }
    expect(grad((x: T) => np.sqrt(x))(0.0).item()).toBe(Infinity);
  });

  it("pow at a zero base: d/da a^0 = 0, d/da a^2 = 0, d/db 0^b = 0 (log 0 replaced)", () => {
    const da = (b: number) => grad((a: T) => np.power(a, np.array(b)))(0.0).item();
    expect(da(0)).toBe(0);
    expect(da(2)).toBe(0);
    expect(da(1)).toBe(1);
    const db = (b: number) => grad((e: T) => np.power(np.array(0.0), e))(b).item();
    expect(db(2)).toBe(0);
    expect(db(0)).toBe(0);
    // and the fix for a = b = 0 keeps the b-dependence at b = 0: ∂²(a^b)/∂b∂a = a^(b-1)(1 + b log a) = 1/a there
    expect(grad((e: T) => grad((a: T) => np.power(a, e))(2.0))(0.0).item()).toBe(0.5);
    // integer_pow: d/dx x^0 = 0 everywhere
    expect(grad((a: T) => np.power(a, 0))(0.0).item()).toBe(0);
  });
});

describe("nn is stable at extreme inputs", () => {
  const fns: [string, (x: T) => T][] = [
    ["sigmoid", (x) => nn.sigmoid(x)],
    ["softplus", (x) => nn.softplus(x)],
    ["logSigmoid", (x) => nn.logSigmoid(x)],
    ["logsumexp", (x) => nn.logsumexp(x)],
    ["logSoftmax", (x) => nn.logSoftmax(x)],
    ["softmax", (x) => nn.softmax(x)],
  ];
  const weights = np.array([1, -2, 3, 0.5]);

  for (const big of [1000, 1e300]) {
    for (const [name, fn] of fns) {
      it(`${name} at ±${big}: finite values and finite gradients`, () => {
        for (const x of [np.array([big, 0.5, -big, 1]), np.array([-big, -big, big, big]), np.array([big, big, big, big]), np.array([-big, -big, -big, -big])]) {
          const y = fn(x);
          for (const v of y.toTypedArray()) expect(Number.isFinite(v), `${name}(${String(x)}) = ${String(y)}`).toBe(true);
          const g = grad((t: T) => np.sum(np.multiply(fn(t), name === "logsumexp" ? 1 : weights)))(x);
          for (const v of g.toTypedArray()) expect(Number.isFinite(v), `grad ${name} at ${String(x)}: ${String(g)}`).toBe(true);
        }
      });
    }
  }

  it("takes the right limits", () => {
    const x = np.array([1e300, -1e300, 1000, -1000]);
    expect(values(nn.sigmoid(x))).toEqual([1, 0, 1, 0]);
    expect(values(nn.softplus(x))).toEqual([1e300, 0, 1000, 0]);
    expect(values(nn.logSigmoid(x))).toEqual([-0, -1e300, -0, -1000]);
    expect(nn.logsumexp(np.array([1e300, -1e300])).item()).toBe(1e300);
    expect(nn.logsumexp(np.array([1000, 1000]))).toBeAllclose(1000 + Math.LN2, { rtol: 1e-15, atol: 1e-12 });
    expect(values(nn.softmax(np.array([1000, -1000, 1000])))).toEqual([0.5, 0, 0.5]);
    expect(values(nn.logSoftmax(np.array([1e300, 0])))).toEqual([0, -1e300]);
    expect(values(grad((t: T) => np.sum(nn.softplus(t)))(x))).toEqual([1, 0, 1, 0]);
    expect(values(grad((t: T) => nn.logsumexp(t))(np.array([1e300, -1e300])))).toEqual([1, 0]);
  });

  it("matches numerical gradients at moderate inputs", () => {
    fc.assert(
      fc.property(vec(4, 5), (x) => {
        for (const [, fn] of fns) {
          const f = (t: T) => np.sum(np.multiply(fn(t), weights));
          expect(grad(f)(np.array(x))).toBeAllclose(numericalGrad(f)(np.array(x)), { rtol: 1e-6, atol: 1e-8 });
        }
      }),
      { numRuns: 20 },
    );
  });
});

describe("printed IR of gradients", () => {
  it("grad of sin(x)·x", () => {
    expect(makeJaxpr(grad((x: T) => np.multiply(np.sin(x), x)))(1.0).toString()).toMatchInlineSnapshot(`
      "{ lambda ; a:f64[]. let
          b:f64[] = sin a
          c:f64[] = cos a
          d:f64[] = mul a c
          e:f64[] = add b d
        in (e,) }"
    `);
  });

  it("grad of Σ tanh(x) over a vector", () => {
    expect(makeJaxpr(grad((x: T) => np.sum(np.tanh(x))))(np.array([1, 2])).toString()).toMatchInlineSnapshot(`
      "{ lambda ; a:f64[2]. let
          b:f64[2] = tanh a
          c:f64[2] = mul b b
          d:f64[2] = sub 1.0 c
        in (d,) }"
    `);
  });

  // the weight's cotangent is aᵀ·ct with a's contracting axis read in place: no transpose after it
  it("grad of a bias added to a matrix product, in both arguments", () => {
    const f = (w: T, b: T) => np.sum(np.add(np.matmul(np.ones([2, 3]), w), b));
    expect(makeJaxpr(grad(f, { argnums: [0, 1] }))(np.ones([3, 2]), np.ones([2])).toString()).toMatchInlineSnapshot(`
      "{ lambda a:f64[2,3]; b:f64[3,2] c:f64[2]. let
          d:f64[2,2] = broadcast_in_dim[shape=(2, 2) broadcastDimensions=()] 1.0
          e:f64[2] = reduce_sum[axes=(0,)] d
          f:f64[3,2] = dot_general[contracting=((0,), (0,)) batch=((), ())] a d
        in (f, e) }"
    `);
  });
});
