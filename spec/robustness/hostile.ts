/**
 * Hostile values for the bad-input sweep: each is a fresh value (made per
 * case) that a careless library would turn into a raw TypeError/RangeError,
 * a hang, an exhausted heap or an unhandled rejection: Symbols, BigInts,
 * Proxies whose traps throw, throwing getters, null-prototype objects,
 * throwing valueOf/toString, sparse arrays, cycles, nesting 10,000 deep,
 * sizes past the buffer limit, leaked tracers, Promises and friends.
 */
import { grad, np, type Tensor } from "../../lib/index.ts";

/** The error a hostile value's own code throws (a getter, a trap, valueOf). */
export class HostileError extends Error {}

const boom = (): never => {
  throw new HostileError("hostile getter");
};

const throwingTraps: ProxyHandler<object> = {
  get: boom,
  has: boom,
  ownKeys: boom,
  getPrototypeOf: boom,
  getOwnPropertyDescriptor: boom,
  set: boom,
  defineProperty: boom,
  deleteProperty: boom,
  isExtensible: boom,
  apply: boom,
};

function nested(depth: number, leaf: unknown, wrap: (inner: unknown) => unknown): unknown {
  let x = leaf;
  for (let i = 0; i < depth; i++) x = wrap(x);
  return x;
}

let leaked: Tensor | undefined;
grad((x: Tensor) => {
  leaked = x;
  return np.sum(x);
})(1.0);

/** A value of each hostile kind, by name. */
export const hostileValues: Readonly<Record<string, () => unknown>> = {
  symbol: () => Symbol("hostile"),
  bigint: () => 3n,
  "huge bigint": () => 2n ** 70n,
  "proxy array (throwing traps)": () => new Proxy([1, 2], throwingTraps),
  "proxy object (throwing traps)": () => new Proxy({ a: 1 }, throwingTraps),
  "revoked proxy": () => {
    const { proxy, revoke } = Proxy.revocable([1, 2], {});
    revoke();
    return proxy;
  },
  "proxy array (lying length)": () => new Proxy([1, 2], { get: (t, k) => (k === "length" ? 1e12 : Reflect.get(t, k)) }),
  "throwing getters": () => {
    const o: Record<string, unknown> = {};
    for (const k of ["dtype", "axis", "keepdims", "argnums", "hasAux", "inAxes", "outAxes", "length", "then", "shape", "0", "minval", "simplify"]) {
      Object.defineProperty(o, k, { get: boom, enumerable: true });
    }
    return o;
  },
  "array with a throwing element": () => {
    const a = [1, 2];
    Object.defineProperty(a, 0, { get: boom, enumerable: true });
    return a;
  },
  "null-prototype object": () => Object.create(null),
  "null-prototype object with keys": () => Object.assign(Object.create(null), { a: 1, dtype: "float32" }),
  "throwing valueOf and toString": () => ({ valueOf: boom, toString: boom, [Symbol.toPrimitive]: boom }),
  "sparse array": () => [1, , 0], // eslint-disable-line no-sparse-arrays
  "sparse array of tensors": () => [np.ones([2]), , np.ones([2])], // eslint-disable-line no-sparse-arrays
  "cyclic array": () => {
    const c: unknown[] = [];
    c.push(c);
    return c;
  },
  "cyclic array with a number": () => {
    const c: unknown[] = [1];
    c.push(c);
    return c;
  },
  "cyclic object": () => {
    const c: Record<string, unknown> = { a: np.ones([2]) };
    c.self = c;
    return c;
  },
  "array nested 10,000 deep": () => nested(10_000, 1, (x) => [x]),
  "tensor nested 10,000 deep": () => nested(10_000, np.ones([2]), (x) => [x]),
  "object nested 10,000 deep": () => nested(10_000, np.ones([2]), (x) => ({ a: x })),
  "count past the buffer limit": () => 1e10,
  "shape past the buffer limit": () => [1e5, 1e5],
  "array past the buffer limit": () => new Array(1e5).fill(new Array(1e5)),
  NaN: () => NaN,
  "-0": () => -0,
  Infinity: () => Infinity,
  "unsafe integer": () => 2 ** 53 + 2,
  "resolved promise": () => Promise.resolve(np.ones([2])),
  "leaked tracer": () => leaked,
  '"__proto__" key': () => JSON.parse('{"__proto__": 1.5, "b": 2.5}'),
  "frozen array": () => Object.freeze([0, 1]),
  Map: () => new Map([["a", 1]]),
  "BigInt64Array": () => new BigInt64Array(2),
  string: () => "0",
};

/** The same kinds returned by a user function (what transforms receive from `f`), plus async and JS-number results. */
export const hostileFunctions: Readonly<Record<string, () => unknown>> = {
  ...Object.fromEntries(Object.entries(hostileValues).map(([name, make]) => [`f returning ${name}`, () => () => make()])),
  "async f": () => async (x: unknown) => {
    await null;
    return np.sin(x as Tensor);
  },
  "f using JS operators": () => (x: unknown) => (x as number) * (x as number),
  "f returning a rejected promise": () => () => Promise.reject(new HostileError("rejected")),
};
