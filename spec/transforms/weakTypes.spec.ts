/**
 * Weak types (issue 7, item 6): a JS number or boolean given to `jit`,
 * `vmap` (inAxes null), `jvp`, `grad`, `cond`, ... promotes exactly as the
 * number does eagerly (`x_f32 * 2` is float32, `x_i32 * 2` int32,
 * `x_i32 * 0.5` float64), for every op that promotes; the jit cache keys on
 * the weak kind (2 and 3 share a trace, 2.5 and true do not).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DType } from "../../lib/array/dtype.ts";
import type { Tensor } from "../../lib/core/tensor.ts";
import { grad, jit, jvp, lax, makeJaxpr, np, valueAndGrad, vmap, type ArrayLike } from "../../lib/index.ts";
import { argumentTensor } from "../../lib/core/weak.ts";

type Binary = (a: any, b: any) => Tensor;

/** Every promoting op, with the JS scalar in second position (`swap` puts it first). */
const OPS: Record<string, Binary> = {
  add: np.add,
  subtract: np.subtract,
  multiply: np.multiply,
  divide: np.divide,
  power: np.power,
  maximum: np.maximum,
  minimum: np.minimum,
  equal: np.equal,
  notEqual: np.notEqual,
  less: np.less,
  lessEqual: np.lessEqual,
  greater: np.greater,
  greaterEqual: np.greaterEqual,
  "where(x > 0, x, c)": (x, c) => np.where(np.greater(x, 0), x, c),
  "where(x > 0, c, x)": (x, c) => np.where(np.greater(x, 0), c, x),
  "clip(x, c, null)": (x, c) => np.clip(x, c, null),
  "clip(x, null, c)": (x, c) => np.clip(x, null, c),
  dot: np.dot,
  "x.at(1).set(c)": (x, c) => (x as Tensor).at(1).set(c),
  "x.at(0).add(c)": (x, c) => (x as Tensor).at(0).add(c),
};
const SWAPPABLE = ["add", "subtract", "multiply", "divide", "power", "maximum", "minimum", "equal", "less", "greaterEqual", "dot"];

const TENSORS: Record<DType, Tensor> = {
  float32: np.array([1.5, -2.25, 3, 0.1], { dtype: "float32" }),
  float64: np.array([1.5, -2.25, 3, 0.1]),
  int32: np.array([1, -2, 3, 7], { dtype: "int32" }),
  uint32: np.array([1, 4294967294, 3, 7], { dtype: "uint32" }),
  bool: np.array([true, false, true, true]),
};
const SCALARS: (number | boolean)[] = [2, -3, 0, 0.5, -1.25, 1e10, true, false];

/** Dtype and values, NaN-equal, -0 equal to 0 (a pow and an integer_pow may differ in the sign of a zero gradient only). */
function expectSame(actual: Tensor, expected: Tensor, what: string): void {
  expect(actual.dtype, `${what}: dtype`).toBe(expected.dtype);
  expect(actual.shape, `${what}: shape`).toEqual(expected.shape);
  const a = actual.toTypedArray();
  const e = expected.toTypedArray();
  for (let i = 0; i < a.length; i++) {
    const same = a[i] === e[i] || (Number.isNaN(a[i]) && Number.isNaN(e[i]));
    expect(same, `${what}: element ${i}: ${a[i]} vs ${e[i]}`).toBe(true);
  }
}

/** Whether eager mode accepts the call (some scalar/op pairs are refused eagerly, e.g. a negative integer power of an int). */
function eagerOrNull(f: () => Tensor): Tensor | null {
  try {
    return f();
  } catch {
    return null;
  }
}

describe("JS numbers stay weakly typed under jit and vmap (issue 7, item 6)", () => {
  it("the reproductions: x_f32 * 2 is float32, x_i32 * 2 int32, x_i32 * 0.5 float64, under jit and vmap", () => {
    const mul = (a: Tensor, b: number) => np.multiply(a, b);
    const byVmap = vmap(mul, { inAxes: [0, null] });
    expect(jit(mul)(TENSORS.float32, 2).dtype).toBe("float32");
    expect(jit(mul)(TENSORS.int32, 2).dtype).toBe("int32");
    expect(jit(mul)(TENSORS.int32, 0.5).dtype).toBe("float64");
    expect(byVmap(TENSORS.float32, 2).dtype).toBe("float32");
    expect(byVmap(TENSORS.int32, 2).dtype).toBe("int32");
    expect(byVmap(TENSORS.int32, 0.5).dtype).toBe("float64");
    expect(jit(mul)(TENSORS.float32, 2).toArray()).toEqual(mul(TENSORS.float32, 2).toArray());
  });

  for (const [name, op] of Object.entries(OPS)) {
    it(`${name}: jit and vmap equal eager in dtype and value, for every tensor dtype and JS scalar`, () => {
      const orders: [string, Binary][] = [[name, op]];
      if (SWAPPABLE.includes(name)) orders.push([`${name} (scalar first)`, (x, c) => op(c, x)]);
      for (const [label, f] of orders) {
        for (const [dtype, x] of Object.entries(TENSORS)) {
          for (const c of SCALARS) {
            const what = `${label}(${dtype}, ${c})`;
            const expected = eagerOrNull(() => f(x, c));
            if (expected === null) {
              expect(() => jit(f)(x, c), what).toThrow();
              continue;
            }
            expectSame(jit(f)(x, c), expected, `jit ${what}`);
            // vmap over the elements: an elementwise op of one element is that element of the eager result
            if (name.includes("at(")) continue; // indexes x itself: not elementwise
            expectSame(vmap(f, { inAxes: [0, null] })(x, c), expected, `vmap ${what}`);
            expectSame(jit(vmap(f, { inAxes: [0, null] }))(x, c), expected, `jit(vmap) ${what}`);
          }
        }
      }
    });
  }

  it("two JS scalars under jit promote as eagerly (float64, or bool for two booleans)", () => {
    for (const [a, b] of [[2, 3], [2, 0.5], [true, 2], [true, false]] as [number | boolean, number | boolean][]) {
      for (const op of [np.add, np.multiply, np.maximum, np.less]) {
        expectSame(jit(op)(a, b), op(a, b), `${op.name}(${a}, ${b})`);
      }
    }
  });

  it("a number passed to np.asarray (or any conversion) is strong, as eagerly", () => {
    const f = (x: Tensor, c: number) => np.multiply(x, np.asarray(c));
    expectSame(jit(f)(TENSORS.float32, 2), f(TENSORS.float32, 2), "jit asarray");
    expect(jit(f)(TENSORS.float32, 2).dtype).toBe("float64");
    const g = (x: Tensor, c: number) => np.multiply(x, np.reshape(c, []));
    expectSame(jit(g)(TENSORS.int32, 2), g(TENSORS.int32, 2), "jit reshape");
  });

  it("the jaxpr converts the weak input to the tensor's dtype", () => {
    expect(makeJaxpr((x: Tensor, c: number) => np.multiply(x, c))(TENSORS.float32, 2).toString()).toMatchInlineSnapshot(`
      "{ lambda ; a:f32[4] b:f64[]. let
          c:f32[] = convert_element_type[newDtype=float32] b
          d:f32[4] = mul a c
        in (d,) }"
    `);
  });

  it("a traced integer exponent gives integer_pow's values (pow of a negative base included), and its gradient", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -4, max: 4, noNaN: true }), { minLength: 1, maxLength: 5 }), fc.integer({ min: -4, max: 6 }), (xs, p) => {
        const f = (x: Tensor, q: number) => np.power(x, q);
        for (const dtype of ["float64", "float32"] as const) {
          const x = np.array(xs, { dtype });
          expectSame(jit(f)(x, p), f(x, p), `jit power(${dtype}, ${p})`);
          expectSame(vmap(f, { inAxes: [0, null] })(x, p), f(x, p), `vmap power(${dtype}, ${p})`);
          const loss = (v: Tensor, q: number) => np.sum(f(v, q));
          const g = grad(loss)(x, p);
          expectSame(jit(grad(loss))(x, p), g, `jit(grad) power(${dtype}, ${p})`);
          expectSame(grad(jit(loss))(x, p), g, `grad(jit) power(${dtype}, ${p})`);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe("pow's derivative at a zero exponent (what a traced exponent 0 computes)", () => {
  it("is 0 where 1/x overflows (0, subnormals), as integer_pow's, not 0·∞ = NaN", () => {
    const loss = (v: Tensor, q: number) => np.sum(np.power(v, q));
    for (const dtype of ["float64", "float32"] as const) {
      const x = np.array([-5e-324, 0, 1e-40, -2, 3], { dtype });
      const eager = grad(loss)(x, 0);
      expectSame(eager, np.zeros([5], { dtype }), `grad ${dtype}`);
      expectSame(jit(grad(loss))(x, 0), eager, `jit(grad) ${dtype}`);
      expectSame(grad((v: Tensor) => np.sum(np.power(v, np.zeros([], { dtype }))))(x), eager, `grad with a tensor exponent ${dtype}`);
    }
    // the b-dependence at b = 0 stays: ∂²(a^b)/∂a∂b = a^(b-1) (1 + b log a) = 1/a at b = 0
    expect(grad(grad((a: Tensor, b: Tensor) => np.power(a, b), { argnums: 0 }), { argnums: 1 })(2.0, 0.0).item()).toBe(0.5);
  });
});

describe("the jit cache keys on the weak kind", () => {
  it("f(x, 2) and f(x, 3) share a trace; 2.5, true and a tensor trace separately", () => {
    let traces = 0;
    const f = jit((x: Tensor, c: ArrayLike) => {
      traces++;
      return np.multiply(x, c);
    });
    const x = TENSORS.int32;
    expectSame(f(x, 2), np.multiply(x, 2), "f(x, 2)");
    expectSame(f(x, 3), np.multiply(x, 3), "f(x, 3)");
    expect(traces).toBe(1);
    expectSame(f(x, 2.5), np.multiply(x, 2.5), "f(x, 2.5)");
    expectSame(f(x, -0.75), np.multiply(x, -0.75), "f(x, -0.75)");
    expect(traces).toBe(2);
    expectSame(f(x, true), np.multiply(x, true), "f(x, true)");
    expect(traces).toBe(3);
    expectSame(f(x, np.array(2)), np.multiply(x, np.array(2)), "f(x, array(2))");
    expect(f(x, np.array(2)).dtype).toBe("float64");
    expect(traces).toBe(4);
    expectSame(f(x, 7), np.multiply(x, 7), "f(x, 7)");
    expect(traces).toBe(4);
  });

  it("weak kinds of argument leaves", () => {
    expect(argumentTensor(2, "t").weakType).toBe("int");
    expect(argumentTensor(-0, "t").weakType).toBe("int");
    expect(argumentTensor(2.5, "t").weakType).toBe("float");
    expect(argumentTensor(NaN, "t").weakType).toBe("float");
    expect(argumentTensor(Infinity, "t").weakType).toBe("float");
    expect(argumentTensor(true, "t").weakType).toBe("bool");
    expect(argumentTensor(np.ones([2]), "t").weakType).toBeUndefined();
    expect(argumentTensor([1, 2], "t").weakType).toBeUndefined();
  });
});

describe("weak types through the other transforms", () => {
  const x32 = TENSORS.float32;
  const scale = (x: Tensor, c: number) => np.sum(np.multiply(x, c));

  it("grad with argnums excluding the number, through jit too", () => {
    const expected = np.full([4], 2, { dtype: "float32" });
    expectSame(grad(scale)(x32, 2), expected, "grad");
    expectSame(grad(jit(scale))(x32, 2), expected, "grad(jit)");
    expectSame(jit(grad(scale))(x32, 2), expected, "jit(grad)");
    expectSame(vmap(grad(scale), { inAxes: [0, null] })(np.stack([x32, x32]), 2), np.stack([expected, expected]), "vmap(grad)");
  });

  it("grad with respect to the number: the value is eager's, the gradient float64", () => {
    const [value, [gx, gc]] = valueAndGrad(scale, { argnums: [0, 1] })(x32, 2) as [Tensor, Tensor[]];
    expectSame(value, scale(x32, 2), "value");
    expectSame(gx, np.full([4], 2, { dtype: "float32" }), "d/dx");
    expect(gc.dtype).toBe("float64");
    expect(gc.item()).toBe(np.sum(x32).item());
    const [value2] = valueAndGrad(jit(scale), { argnums: [0, 1] })(x32, 2) as [Tensor, Tensor[]];
    expectSame(value2, scale(x32, 2), "value through jit");
  });

  it("jvp with a number primal", () => {
    const t = np.array([1, 0, -1, 2], { dtype: "float32" });
    const f = (x: Tensor, c: number) => np.multiply(x, c);
    const [y, dy] = jvp(f, [x32, 2], [t, 1]);
    expectSame(y, f(x32, 2), "primal");
    // d(x c) = dx c + x dc
    expectSame(dy, np.add(np.multiply(t, 2), x32), "tangent");
    const [yj, dyj] = jvp(jit(f), [x32, 2], [t, 1]);
    expectSame(yj, y, "primal through jit");
    expectSame(dyj, dy, "tangent through jit");
  });

  it("a number closed over by a scan body (a const of the scan) keeps the carry's dtype", () => {
    const xs = np.array([[1, 2], [3, 4], [5, 6]], { dtype: "float32" });
    const f = (v: Tensor, c: number) =>
      lax.scan((carry: Tensor, xi: Tensor) => [np.add(carry, np.multiply(xi, c)), np.multiply(xi, c)], np.zeros([2], { dtype: "float32" }), v);
    const [carry, ys] = jit(f)(xs, 2) as [Tensor, Tensor];
    const [eagerCarry, eagerYs] = f(xs, 2) as [Tensor, Tensor];
    expectSame(carry, eagerCarry, "carry");
    expectSame(ys, eagerYs, "ys");
    const [vCarry] = vmap(f, { inAxes: [0, null] })(np.stack([xs, xs]), 2) as [Tensor, Tensor];
    expectSame(vCarry, np.stack([eagerCarry, eagerCarry]), "vmap carry");
  });

  it("a JS number loop carry stays float64 (the carry type eager gives the number)", () => {
    const xs = np.array([1, 2, 3], { dtype: "float32" });
    const [total] = lax.scan((c: Tensor, x: Tensor) => [np.add(c, x.astype("float64")), null], 0 as unknown as Tensor, xs);
    expect(total.dtype).toBe("float64");
    expect(total.item()).toBe(6);
    const fromOne = lax.foriLoop<Tensor>(0, 3, (_i, c) => np.add(c, 0.5), 1 as unknown as Tensor);
    expect([fromOne.dtype, fromOne.item()]).toEqual(["float64", 2.5]);
    const fromZero = jit((n: number) => lax.foriLoop<Tensor>(0, 3, (_i, c) => np.add(c, n), 0 as unknown as Tensor))(2);
    expect([fromZero.dtype, fromZero.item()]).toEqual(["float64", 6]);
  });

  it("cond operands that are numbers promote weakly in both branches", () => {
    const f = (p: boolean, c: number) => lax.cond(p, (v: Tensor) => np.multiply(x32, v), (v: Tensor) => np.add(x32, v), c);
    expectSame(f(true, 2), np.multiply(x32, 2), "cond true");
    expectSame(jit(f)(false, 2), np.add(x32, 2), "jit cond false");
  });
});
