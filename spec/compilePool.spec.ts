/**
 * Compiled jaxprs give the buffers of their dead intermediates back to a
 * pool (lib/array/pool.ts, lib/compile/recycle.ts) and take them again on
 * the next call: what a call returned must never change afterwards, and
 * every call must compute what eager evaluation does, bit for bit.
 */
import { describe, expect, it } from "vitest";
import { grad, jit, makeJaxpr, nn, np, stopGradient, valueAndGrad, type Tensor } from "../lib/index.ts";
import { emptyPool, giveBuffer, pooledBytes, POOL_MAX_BYTES, takeBuffer } from "../lib/array/pool.ts";
import { allocate } from "../lib/array/dtype.ts";
import { plan } from "../lib/compile/fuse.ts";
import { bufferReuse } from "../lib/compile/index.ts";
import { recyclable } from "../lib/compile/recycle.ts";

const ramp = (n: number, scale: number, shift = 0) => np.array(Array.from({ length: n }, (_, i) => scale * Math.sin(0.37 * i + shift)));
const bits = (t: Tensor) => Array.from(t.toTypedArray());

describe("the buffer pool", () => {
  it("hands an array out once, however often it was given back, and keeps only the sizes it pools", () => {
    emptyPool();
    const a = new Float64Array(512);
    giveBuffer("float64", a);
    giveBuffer("float64", a);
    expect(takeBuffer("float64", 512)).toBe(a);
    expect(takeBuffer("float64", 512)).toBeUndefined();
    giveBuffer("float64", new Float64Array(8));
    expect(takeBuffer("float64", 8)).toBeUndefined();
    // another dtype or length is another array
    giveBuffer("float32", new Float32Array(512));
    expect(takeBuffer("float64", 512)).toBeUndefined();
    expect(takeBuffer("int32", 512)).toBeUndefined();
    expect(takeBuffer("float32", 511)).toBeUndefined();
    expect(takeBuffer("float32", 512)).toBeInstanceOf(Float32Array);
  });

  it("stays within its bound, and allocate zeroes what it takes from it", () => {
    emptyPool();
    for (let k = 0; k < 40; k++) giveBuffer("float64", new Float64Array(2 ** 17));
    expect(pooledBytes()).toBeLessThanOrEqual(POOL_MAX_BYTES);
    const used = new Float64Array(300).fill(7);
    giveBuffer("float64", used);
    const fresh = allocate("float64", 300);
    expect(fresh).toBe(used);
    expect(Array.from(fresh).every((v) => v === 0)).toBe(true);
    emptyPool();
  });
});

describe("recycled intermediates", () => {
  it("are the dead ones: never a returned value, a view of one, or an operand of a call that may keep it", () => {
    const f = (x: Tensor) => {
      const a = np.exp(np.sin(x));
      const b = np.tanh(np.cos(x));
      const c = np.multiply(np.sqrt(np.abs(x)), 3);
      const d = np.add(np.square(x), 1);
      // a returned; b returned through a reshape; c through stop_gradient; d read by a matmul only
      return [a, np.reshape(b, [20, 20]), stopGradient(c), np.matmul(np.reshape(d, [20, 20]), np.ones([20, 3]))];
    };
    const closed = makeJaxpr(f)(ramp(400, 2));
    const steps = plan(closed.jaxpr);
    const groups = recyclable(steps, closed.jaxpr, bufferReuse(steps, closed.jaxpr)).flat();
    const returned = new Set(closed.jaxpr.outs);
    for (const v of groups) expect(returned.has(v)).toBe(false);
    const [outA, outB] = closed.jaxpr.outs;
    const reshapeOfB = closed.jaxpr.eqns.find((e) => e.outs[0] === outB)!;
    expect(groups).not.toContain(reshapeOfB.inputs[0]);
    const stopped = closed.jaxpr.eqns.find((e) => e.primitive.name === "stop_gradient");
    if (stopped !== undefined) expect(groups).not.toContain(stopped.inputs[0]);
    expect(groups).not.toContain(outA);
    // d (and its reshape) is the one the run can recycle
    expect(groups.length).toBeGreaterThan(0);
  });

  it("never change what an earlier call returned, and every call equals eager", () => {
    const f = (x: Tensor) => {
      const a = np.exp(np.sin(x));
      const b = np.tanh(np.cos(x));
      const c = np.multiply(np.sqrt(np.abs(x)), 3);
      const d = np.add(np.square(x), 1);
      return [a, np.reshape(b, [20, 20]), stopGradient(c), np.matmul(np.reshape(d, [20, 20]), np.ones([20, 3])), np.sum(np.multiply(a, d))];
    };
    const jf = jit(f);
    const first = jf(ramp(400, 2)) as Tensor[];
    const kept = first.map(bits);
    for (let k = 1; k <= 4; k++) {
      const x = ramp(400, 2 + k, k);
      const got = jf(x) as Tensor[];
      const want = f(x);
      got.forEach((t, i) => expect(bits(t), `call ${k}, output ${i}`).toEqual(bits(want[i])));
    }
    first.forEach((t, i) => expect(bits(t), `output ${i} of the first call`).toEqual(kept[i]));
  });

  it("leave a training loop under jit equal to the eager loop at every step (logistic regression and an MLP, both dtypes)", () => {
    for (const dtype of ["float64", "float32"] as const) {
      const x = np.reshape(ramp(600, 1).astype(dtype), [300, 2]);
      const y = np.array(Array.from({ length: 300 }, (_, i) => (Math.sin(1.3 * i) > 0 ? 1 : -1)), { dtype });
      const loss = (p: { w: Tensor; b: Tensor }) => np.mean(nn.softplus(np.multiply(np.negative(y), np.add(np.matmul(x, p.w), p.b))));
      const step = (p: { w: Tensor; b: Tensor }) => {
        const [value, g] = valueAndGrad(loss)(p);
        return [{ w: np.subtract(p.w, np.multiply(0.5, g.w)), b: np.subtract(p.b, np.multiply(0.5, g.b)) }, value] as const;
      };
      const jstep = jit(step);
      let pe = { w: np.zeros([2], { dtype }), b: np.zeros([], { dtype }) };
      let pj = pe;
      const history: [Tensor, number[]][] = [];
      for (let k = 0; k < 6; k++) {
        const [ne, ve] = step(pe);
        const [nj, vj] = jstep(pj);
        expect(Object.is(vj.item(), ve.item()), `${dtype} step ${k}`).toBe(true);
        expect(bits(nj.w)).toEqual(bits(ne.w));
        history.push([nj.w, bits(nj.w)]);
        [pe, pj] = [ne, nj];
      }
      for (const [t, b] of history) expect(bits(t)).toEqual(b);

      const xs = np.reshape(ramp(256, 1).astype(dtype), [256, 1]);
      const ys = np.sin(np.multiply(xs, 3));
      const mlp = (p: Tensor[]) => np.mean(np.square(np.subtract(np.add(np.matmul(np.tanh(np.add(np.matmul(xs, p[0]), p[1])), p[2]), p[3]), ys)));
      const params = [np.reshape(ramp(64, 1).astype(dtype), [1, 64]), ramp(64, 0.1, 2).astype(dtype), np.reshape(ramp(64, 0.125, 4).astype(dtype), [64, 1]), np.zeros([1], { dtype })];
      const jgrad = jit(grad(mlp));
      let q = params;
      for (let k = 0; k < 4; k++) {
        const ge = grad(mlp)(q);
        const gj = jgrad(q);
        gj.forEach((t, i) => expect(bits(t), `${dtype} MLP step ${k} grad ${i}`).toEqual(bits(ge[i])));
        q = q.map((p, i) => np.subtract(p, np.multiply(0.05, gj[i])));
      }
    }
  });
});
