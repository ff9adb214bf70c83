/**
 * Issue 7, class 9: a tensor's shape is a frozen copy, taken at construction
 * (one shared frozen empty array for 0-d tensors): the caller's array and a
 * write to `x.shape` cannot change a tensor, nor a cached jaxpr. Its buffer is
 * a private field: nothing public reaches it, what the public surface hands
 * out (toTypedArray, toArray, ...) is a copy, and `np.array(typed)` copies the
 * caller's typed array.
 */
import { describe, expect, it } from "vitest";
import { grad, jit, makeJaxpr, np, vmap, type Tensor } from "../../lib/index.ts";

describe("shapes are frozen copies", () => {
  it("the caller's shape array is not aliased (broadcastTo, zeros, reshape, full)", () => {
    const s = [2, 3];
    const b = np.broadcastTo(np.ones([3]), s);
    const z = np.zeros(s);
    const r = np.reshape(np.arange(6), s);
    const f = np.full(s, 1);
    s[0] = 5;
    for (const t of [b, z, r, f]) {
      expect(t.shape).toEqual([2, 3]);
      expect(t.size).toBe(6);
    }
  });

  it("x.shape cannot be written: the write throws (strict mode) and x is unchanged", () => {
    const x = np.ones([2, 3]);
    expect(Object.isFrozen(x.shape)).toBe(true);
    expect(() => {
      (x.shape as number[])[0] = 1000;
    }).toThrow(TypeError);
    expect(() => (x.shape as number[]).push(1)).toThrow(TypeError);
    expect(x.shape).toEqual([2, 3]);
    expect(x.toArray()).toEqual([[1, 1, 1], [1, 1, 1]]);
  });

  it("x.shape and x.dtype cannot be replaced: the assignment throws (strict mode), for tensors and tracers", () => {
    const x = np.array([1.5, 2.5, 3.5]);
    const open = x as unknown as { shape: number[]; dtype: string };
    expect(() => {
      open.shape = [5];
    }).toThrow(TypeError);
    expect(() => {
      open.dtype = "int32";
    }).toThrow(TypeError);
    expect(x.shape).toEqual([3]);
    expect(x.dtype).toBe("float64");
    expect(np.add(x, 1).toArray()).toEqual([2.5, 3.5, 4.5]);
    const refused: boolean[] = [];
    const f = (t: Tensor) => {
      try {
        (t as unknown as { shape: number[] }).shape = [7];
      } catch (e) {
        refused.push(e instanceof TypeError);
      }
      return np.sum(t);
    };
    expect(grad(f)(x).shape).toEqual([3]);
    expect(jit(f)(x).item()).toBe(7.5);
    expect(refused).toEqual([true, true]);
  });

  it("results of every kind of op, tracers included, have frozen shapes", () => {
    const shapes: (readonly number[])[] = [];
    const f = (x: Tensor) => {
      shapes.push(x.shape, np.sin(x).shape, np.sum(x, 0).shape);
      return np.sum(np.square(x));
    };
    const x = np.ones([2, 3]);
    shapes.push(x.shape, f(x).shape, np.matmul(x, np.ones([3, 2])).shape, np.array(2).shape);
    grad(f)(x);
    jit(f)(x);
    vmap(f)(x);
    expect(shapes.length).toBeGreaterThan(10);
    for (const s of shapes) expect(Object.isFrozen(s)).toBe(true);
  });

  it("0-d tensors share one frozen empty shape", () => {
    expect(np.array(1).shape).toBe(np.array(2).shape);
    expect(np.sum(np.ones([3])).shape).toBe(np.array(2).shape);
  });

  it("a shape array mutated after jit traced does not change the cached program", () => {
    const target = [2, 3];
    const f = jit((x: Tensor) => np.broadcastTo(x, target));
    expect(f(np.ones([3])).shape).toEqual([2, 3]);
    const printed = makeJaxpr((x: Tensor) => np.broadcastTo(x, target))(np.ones([3])).toString();
    target[0] = 4;
    // same avals: the cached program runs, with the shape it was traced with
    expect(f(np.ones([3])).shape).toEqual([2, 3]);
    expect(printed).toContain("f64[2,3]");
  });
});

/** Every property a user can reach on `x` (own and inherited, string and symbol keys), with where it lives. */
function reachableKeys(x: object): { key: string | symbol; owner: object }[] {
  const out: { key: string | symbol; owner: object }[] = [];
  for (let o: object | null = x; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const key of Reflect.ownKeys(o)) out.push({ key, owner: o });
  }
  return out;
}

/** Writes into whatever mutable storage `v` is: a typed array's elements, a JS array's (nested) items. */
function scribble(v: unknown): boolean {
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    (v as unknown as { fill(n: number): void }).fill(7);
    return true;
  }
  if (Array.isArray(v) && !Object.isFrozen(v)) {
    for (let i = 0; i < v.length; i++) if (!scribble(v[i])) v[i] = 7;
    return true;
  }
  return false;
}

describe("the buffer is private", () => {
  it("x.data does not exist: writing through it throws, and x, a reshape of x and a jit constant are unchanged", () => {
    const x = np.array([1, 2, 3]);
    const r = x.reshape([3, 1]);
    const f = jit((y: Tensor) => np.add(y, x));
    expect(f(np.zeros([3])).toArray()).toEqual([1, 2, 3]);
    const open = x as unknown as { data?: Float64Array };
    expect(open.data).toBeUndefined();
    expect(() => {
      (open.data as Float64Array)[0] = 5;
    }).toThrow(TypeError);
    // a user's own `data` property is only theirs: the library never reads it
    open.data = new Float64Array([5, 5, 5]);
    expect(x.toArray()).toEqual([1, 2, 3]);
    expect(np.sum(x).item()).toBe(6);
    expect(r.toArray()).toEqual([[1], [2], [3]]);
    expect(f(np.zeros([3])).toArray()).toEqual([1, 2, 3]);
  });

  it("no own property of a tensor holds its buffer (Object.getOwnPropertyNames, symbols included)", () => {
    for (const x of [np.array([1, 2, 3]), np.array(2), np.ones([2, 2], "float32"), np.array([true, false])]) {
      const names = Object.getOwnPropertyNames(x);
      expect(names).not.toContain("data");
      for (const key of Reflect.ownKeys(x)) {
        const value = (x as unknown as Record<string | symbol, unknown>)[key];
        expect(ArrayBuffer.isView(value), `own property ${String(key)}`).toBe(false);
      }
    }
  });

  it("everything the public surface hands out is a copy: writing to every getter's and zero-argument method's result leaves x, a reshape and a jit constant unchanged", () => {
    const x = np.array([[1, 2, 3], [4, 5, 6]]);
    const r = x.reshape([3, 2]);
    const f = jit((y: Tensor) => np.multiply(y, x));
    const before = f(np.ones([2, 3])).toArray();
    let written = 0;
    for (const { key, owner } of reachableKeys(x)) {
      const d = Object.getOwnPropertyDescriptor(owner, key)!;
      let value: unknown;
      try {
        if (d.get) value = d.get.call(x);
        else if (typeof d.value === "function" && d.value.length === 0 && key !== "constructor") value = d.value.call(x);
        else value = d.value;
      } catch {
        continue; // methods that need arguments (or a size-1 tensor) throw: nothing handed out
      }
      if (scribble(value)) written++;
    }
    // toTypedArray and toArray at least (and the frozen shape is refused above)
    expect(written).toBeGreaterThanOrEqual(2);
    expect(x.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(r.toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(f(np.ones([2, 3])).toArray()).toEqual(before);
    expect(before).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  it("toTypedArray is a fresh copy each time", () => {
    const x = np.array([1, 2, 3], "int32");
    const a = x.toTypedArray();
    const b = x.toTypedArray();
    expect(a).not.toBe(b);
    a[0] = 100;
    expect(x.toTypedArray()[0]).toBe(1);
    expect(Array.from(b)).toEqual([1, 2, 3]);
  });

  it("np.array / np.asarray of a typed array copy it: mutating the caller's array later changes no tensor", () => {
    const typed = new Float64Array([1, 2, 3]);
    const a = np.array(typed);
    const b = np.asarray(typed);
    const c = np.array(typed, "float64");
    const i32 = new Int32Array([0, 2]);
    const picked = np.array([10, 20, 30]).at(i32).get();
    const f = jit((y: Tensor) => np.add(y, a));
    expect(f(np.zeros([3])).toArray()).toEqual([1, 2, 3]);
    typed.fill(9);
    i32.fill(1);
    for (const t of [a, b, c]) expect(t.toArray()).toEqual([1, 2, 3]);
    expect(picked.toArray()).toEqual([10, 30]);
    expect(f(np.zeros([3])).toArray()).toEqual([1, 2, 3]);
  });

  it("toEqual compares tensors by value (the setup's equality tester sees the private buffer)", () => {
    expect(np.array([1, 2])).toEqual(np.array([1, 2]));
    expect(np.array([1, 2])).not.toEqual(np.array([1, 3]));
    expect(np.array([1, 2])).not.toEqual(np.array([1, 2], "float32"));
    expect(np.array([1, 2])).not.toEqual(np.array([[1, 2]]));
    expect({ w: np.array([NaN]) }).toEqual({ w: np.array([NaN]) });
    expect(np.array([1, 2])).not.toEqual([1, 2]);
  });
});
