/**
 * The boundary between what users pass and what the library computes with:
 * `ArrayLike` to tensors (`toTensor`), options objects (`optionsOrThrow`,
 * `dtypeOptionsOrThrow`), axes and integers, what user functions return to
 * transforms (`userOutputOrThrow`), and `showValue`, the one safe formatter
 * for untrusted values in error messages. Every check throws a
 * `TracegradError` subclass naming the op; none lets a raw `TypeError` out,
 * whatever the value (a Symbol, a BigInt, a Proxy, a throwing getter, a
 * null-prototype object, a sparse array).
 *
 * JS numbers are float64 (numpy's Python-float default); nested arrays of
 * numbers are float64 too, of booleans bool; typed arrays keep their
 * element type.
 *
 * @example
 * const { dtype, endpoint } = dtypeOptionsOrThrow<{ dtype?: DType; endpoint?: boolean }>("linspace", options, ["dtype", "endpoint"]);
 */
import * as E from "fp-ts/lib/Either.js";
import { dtypeOfTypedArray, isDType, typedArrayFrom, type DType, type TypedArray } from "../array/dtype.ts";
import { parseNested } from "../array/parse.ts";
import { ArgumentError, DTypeError, ShapeError, TracerLeakError } from "./errors.ts";
import { bufferSizeOrThrow, MAX_NESTING_DEPTH } from "./limits.ts";
import { ConcreteTensor, Tensor, type ArrayLike } from "./tensor.ts";
import { isLive, Tracer } from "./trace.ts";
import { isNumericArray, readUserData } from "./tree.ts";
import { convert, scalar } from "./ops.ts";

// formatting

function showUnsafe(x: unknown, depth: number): string {
  if (x instanceof Tensor) return `${x.dtype}[${x.shape.join(",")}]${x instanceof Tracer ? " (traced)" : " tensor"}`;
  switch (typeof x) {
    case "string":
      return JSON.stringify(x.length > 40 ? x.slice(0, 40) + "…" : x);
    case "function":
      return "a function";
    case "bigint":
      return `${x}n`;
    case "symbol":
      return x.toString();
    case "number":
      return Object.is(x, -0) ? "-0" : String(x);
    case "boolean":
    case "undefined":
      return String(x);
  }
  if (x === null) return "null";
  if (depth > 2) return Array.isArray(x) ? "[…]" : "{…}";
  if (Array.isArray(x)) {
    const n = x.length;
    const items: string[] = [];
    for (let i = 0; i < Math.min(n, 6); i++) items.push(i in x ? showValue(x[i], depth + 1) : "<hole>");
    return `[${items.join(", ")}${n > 6 ? ", …" : ""}]`;
  }
  if (ArrayBuffer.isView(x)) {
    const length = (x as unknown as { length?: unknown }).length;
    return `${x.constructor?.name ?? "TypedArray"}(${typeof length === "number" ? length : "?"})`;
  }
  if (typeof (x as { then?: unknown }).then === "function") return "a Promise";
  const keys = Object.keys(x as object);
  const shown = keys.slice(0, 6).map((k) => `${JSON.stringify(k) === `"${k}"` && /^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${showValue((x as Record<string, unknown>)[k], depth + 1)}`);
  const proto = Object.getPrototypeOf(x);
  const ctor = proto === null || proto === Object.prototype ? "" : (proto as { constructor?: { name?: unknown } }).constructor?.name;
  const name = typeof ctor === "string" && ctor !== "" ? `${ctor} ` : "";
  return `${name}{${shown.join(", ")}${keys.length > 6 ? ", …" : ""}}`;
}

/**
 * A short text for any value in an error message: tensors as `float64[2,3] tensor`, strings quoted,
 * nested values bounded in depth and length. It never throws and never calls user code that could
 * (a Symbol, a null-prototype object, a throwing `toString`/`valueOf`/getter or Proxy trap all print):
 * use it for every untrusted value interpolated into a message, never `${value}` directly.
 */
export function showValue(x: unknown, depth = 0): string {
  try {
    return showUnsafe(x, depth);
  } catch {
    return x !== null && typeof x === "object" ? "an unreadable object (a Proxy?)" : `a ${typeof x}`;
  }
}

function describe(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  let kind: string;
  try {
    kind = Array.isArray(x) ? "an array" : typeof x === "object" ? "an object" : typeof x;
  } catch {
    kind = "an object";
  }
  return `${kind} ${showValue(x)}`;
}

// options

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== "object") return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * The options object of `op`, checked; use it in every function that takes options (new ones too).
 *
 * - `undefined` gives `{}`; anything but a plain object (`{ … }`) is an `ArgumentError`.
 * - A key that is not in `validKeys` is an `ArgumentError` listing the valid ones, so a typo such
 *   as `{ type: "float32" }` is never silently ignored.
 * - The result is a fresh object holding the valid keys whose value is not `undefined`, read once
 *   (a getter or Proxy trap that throws becomes an `ArgumentError`), so later reads see stable values;
 *   arrays and plain objects in values are copied densely too (`argnums`, `inAxes`, `modes`), and a
 *   hole or a cycle in them is an `ArgumentError`.
 *
 * Values are not checked here: check each one where it is used (`dtypeOrThrow`, `intOrThrow`, …).
 *
 * @example
 * const { argnums = 0, hasAux = false } = optionsOrThrow<GradOptions>("grad", options, ["argnums", "hasAux"]);
 */
export function optionsOrThrow<T extends object>(op: string, options: unknown, validKeys: readonly (keyof T & string)[]): Partial<T> {
  if (options === undefined) return {};
  return readUserData(op, "the options", () => {
    if (!isPlainObject(options)) {
      throw new ArgumentError(`${op}: options must be an object like { ${validKeys.join(", ")} }, got ${showValue(options)}.`);
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(options)) {
      if (!validKeys.includes(key as keyof T & string)) {
        const valid = validKeys.length === 0 ? "it takes no options" : `valid options: ${validKeys.join(", ")}`;
        throw new ArgumentError(`${op}: unknown option ${JSON.stringify(key)}; ${valid}.`);
      }
      const value = snapshot(op, `option ${JSON.stringify(key)}`, options[key], 0, new Set());
      if (value !== undefined) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return out as Partial<T>;
  });
}

/**
 * A copy of an option's value in which arrays and plain objects are read once into new dense ones
 * (recursively), so the function reading the option later cannot meet a Proxy trap, a getter, a
 * hole or a cycle; other values (numbers, tensors, functions) are kept as they are.
 */
function snapshot(op: string, what: string, value: unknown, depth: number, path: Set<object>): unknown {
  if (value === null || typeof value !== "object") return value;
  const isArray = Array.isArray(value);
  if (!isArray && !isPlainObject(value)) return value;
  if (depth >= MAX_NESTING_DEPTH || path.has(value)) {
    throw new ArgumentError(`${op}: ${what} is cyclic or nested more than ${MAX_NESTING_DEPTH} levels deep.`);
  }
  path.add(value);
  let copy: unknown;
  if (isArray) {
    const items = denseArrayOrThrow(op, what, value);
    copy = items.map((item) => snapshot(op, what, item, depth + 1, path));
  } else {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      Object.defineProperty(out, key, { value: snapshot(op, what, (value as Record<string, unknown>)[key], depth + 1, path), enumerable: true, writable: true, configurable: true });
    }
    copy = out;
  }
  path.delete(value);
  return copy;
}

/**
 * Options of a function that takes a dtype: a dtype string (`np.zeros([2], "float32")`, the way JAX
 * passes it positionally) or an options object (`{ dtype: "float32", … }`) checked by `optionsOrThrow`.
 * `validKeys` must include `"dtype"`; the dtype, when given, is checked with `dtypeOrThrow`.
 *
 * @example
 * const { dtype = "float64" } = dtypeOptionsOrThrow<{ dtype?: DType }>("zeros", dtypeOrOptions, ["dtype"]);
 */
export function dtypeOptionsOrThrow<T extends { dtype?: DType }>(op: string, dtypeOrOptions: unknown, validKeys: readonly (keyof T & string)[]): Partial<T> {
  if (typeof dtypeOrOptions === "string") return { dtype: dtypeOrThrow(op, dtypeOrOptions) } as Partial<T>;
  const options = optionsOrThrow<T>(op, dtypeOrOptions, validKeys);
  if (options.dtype !== undefined) dtypeOrThrow(op, options.dtype);
  return options;
}

/** A function argument (`grad(f)` needs `f` to be a function). */
export function functionOrThrow(op: string, f: unknown): void {
  if (typeof f !== "function") throw new ArgumentError(`${op}: expected a function to transform, got ${showValue(f)}.`);
}

/**
 * Refuses arguments given to a function that takes none (trailing `undefined`s aside), so that a call
 * such as `f.clearCache(key)` cannot look as if it did something narrower than it does.
 */
export function noArgumentsOrThrow(op: string, args: readonly unknown[]): void {
  if (args.some((a) => a !== undefined)) {
    throw new ArgumentError(`${op}: takes no arguments, got ${args.map((a) => showValue(a)).join(", ")}.`);
  }
}

/** `x` as an instance of `type` (`what` describes it: "a ClosedJaxpr from makeJaxpr"), or an `ArgumentError`. */
export function instanceOrThrow<T>(op: string, x: unknown, type: abstract new (...args: any[]) => T, what: string): T {
  if (!readUserData(op, "an argument", () => x instanceof type)) throw new ArgumentError(`${op}: expected ${what}, got ${showValue(x)}.`);
  return x as T;
}

/** Checks a dtype. */
export function dtypeOrThrow(op: string, dtype: unknown): DType {
  if (!isDType(dtype)) {
    throw new DTypeError(`${op}: unknown dtype ${showValue(dtype)}; use "float64", "float32", "int32", "uint32" or "bool".`);
  }
  return dtype;
}

// numbers, lists and axes

/** The longest JS array accepted as an argument list (axes, shapes, tensors, tree leaves): 2^24 entries. */
export const MAX_ARGUMENT_LENGTH = 2 ** 24;

/**
 * A copy of a JS array given as an argument (`what`: "axes", "shape", "the tensors"), read once and
 * densely: a hole (`[1, , 0]`) is an `ArgumentError`, and so is a getter or Proxy trap that throws.
 */
export function denseArrayOrThrow(op: string, what: string, value: unknown): unknown[] {
  return readUserData(op, what, () => {
    if (!Array.isArray(value)) throw new ArgumentError(`${op}: ${what} must be an array, got ${showValue(value)}.`);
    const n: unknown = value.length;
    if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0 || n > MAX_ARGUMENT_LENGTH) {
      throw new ArgumentError(`${op}: ${what} has length ${showValue(n)}; an argument list holds at most ${MAX_ARGUMENT_LENGTH} entries.`);
    }
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      if (!(i in value)) throw new ArgumentError(`${op}: ${what} ${showValue(value)} is a sparse array with a hole at index ${i}.`);
      out[i] = value[i];
    }
    return out;
  });
}

/** A JS number argument (finite unless `allowInfinite`), or an `ArgumentError` naming it. */
export function numberOrThrow(op: string, what: string, x: unknown, allowInfinite = false): number {
  if (typeof x !== "number" || Number.isNaN(x) || (!allowInfinite && !Number.isFinite(x))) {
    throw new ArgumentError(`${op}: ${what} must be a ${allowInfinite ? "" : "finite "}number, got ${showValue(x)}.`);
  }
  return x;
}

/** A JS integer argument in `[min, max]`, or an `ArgumentError` naming it. */
export function intOrThrow(op: string, what: string, x: unknown, min = -Number.MAX_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof x !== "number" || !Number.isSafeInteger(x) || x < min || x > max) {
    const range = min === 0 && max === Number.MAX_SAFE_INTEGER ? "a non-negative integer" : min === 1 && max === Number.MAX_SAFE_INTEGER ? "a positive integer" : "an integer";
    throw new ArgumentError(`${op}: ${what} must be ${range}, got ${showValue(x)}.`);
  }
  return x;
}

/** An axis argument: an integer, a dense list of integers, or null/undefined (all axes). Lists are copied. */
export function axisArgOrThrow(op: string, axis: unknown): number | number[] | null | undefined {
  if (axis === null || axis === undefined) return axis;
  if (typeof axis === "number" && Number.isInteger(axis)) return axis;
  if (isArrayArg(op, axis)) {
    const list = denseArrayOrThrow(op, "axis", axis);
    if (list.every((a) => typeof a === "number" && Number.isInteger(a))) return list as number[];
  }
  throw new ArgumentError(`${op}: axis must be an integer, an array of integers or null, got ${showValue(axis)}.`);
}

// tensors

/** `Array.isArray(x)` for a user value, where a revoked Proxy is an `ArgumentError` naming `op` instead of a TypeError. */
export function isArrayArg(op: string, x: unknown): x is unknown[] {
  if (x === null || typeof x !== "object") return false;
  try {
    return Array.isArray(x);
  } catch (e) {
    return readUserData(op, "an argument", () => {
      throw e;
    });
  }
}

/** `x instanceof Tensor` for a user value, where a Proxy whose getPrototypeOf trap throws (or a revoked one) is an `ArgumentError`. */
export function isTensorArg(op: string, x: unknown): x is Tensor {
  return isTensor(op, x);
}

/** `x instanceof Tensor`, where a Proxy whose getPrototypeOf trap throws (or a revoked one) is an `ArgumentError`. */
function isTensor(op: string, x: unknown): x is Tensor {
  if (x === null || typeof x !== "object") return false;
  try {
    return x instanceof Tensor;
  } catch (e) {
    return readUserData(op, "an argument", () => {
      throw e;
    });
  }
}

function isThenable(x: unknown): boolean {
  if (x === null || (typeof x !== "object" && typeof x !== "function")) return false;
  try {
    return typeof (x as { then?: unknown }).then === "function";
  } catch {
    return false;
  }
}

/** Marks a thenable's rejection as handled, so an abandoned promise cannot crash the process later. */
function swallowRejection(x: unknown): void {
  try {
    const settled = (x as PromiseLike<unknown>).then(undefined, () => undefined);
    // a PromiseLike whose then returns another thenable: swallow that one's rejection too
    if (settled !== null && typeof settled === "object" && typeof (settled as Promise<unknown>).catch === "function") {
      (settled as Promise<unknown>).catch(() => undefined);
    }
  } catch {
    // a hostile then: nothing to swallow
  }
}

function asyncError(op: string): ArgumentError {
  return new ArgumentError(
    `${op}: got a Promise: async functions cannot be traced (their code after an await would run after the transform ` +
      `has finished). Make the function synchronous, and await outside the transform.`,
  );
}

/** `x` itself, unless it is a tracer of a transform that has already finished (a leaked tracer): a `TracerLeakError`. */
export function liveTensorOrThrow(op: string, x: Tensor): Tensor {
  if (x instanceof Tracer && !isLive(x.trace.main)) {
    throw new TracerLeakError(
      `${op}: got a tracer of ${x.trace.main.kind} that has already finished (a leaked tracer). ` +
        `Do not store values computed inside grad/jvp/jit/vmap/makeJaxpr in outer variables; return them from the function instead.`,
    );
  }
  return x;
}

/** A tensor for `x`, converted to `dtype` when given. */
export function toTensor(x: ArrayLike, op = "array", dtype?: DType): Tensor {
  if (dtype !== undefined) dtypeOrThrow(op, dtype);
  if (isTensor(op, x)) {
    liveTensorOrThrow(op, x);
    // a weakly typed value (a JS number passed to a transform) becomes what eager makes of the number: a strong tensor
    const strong = x.weakType === undefined ? x : x.withoutWeakType();
    return dtype === undefined ? strong : convert(strong, dtype);
  }
  if (typeof x === "number") return scalar(x, dtype ?? "float64");
  if (typeof x === "boolean") return scalar(x ? 1 : 0, dtype ?? "bool");
  if (x instanceof Float64Array || x instanceof Float32Array || x instanceof Int32Array || x instanceof Uint32Array || x instanceof Uint8Array) {
    const own = dtypeOfTypedArray(x);
    const target = dtype ?? own;
    bufferSizeOrThrow(op, [x.length], target);
    return new ConcreteTensor(typedArrayFrom(target, x as TypedArray), [x.length], target);
  }
  if (isThenable(x)) {
    swallowRejection(x);
    throw asyncError(op);
  }
  if (!readUserData(op, "the data", () => Array.isArray(x))) {
    throw new ArgumentError(
      `${op}: expected a tensor, number, boolean, nested array of numbers or a typed array, got ${describe(x)}.`,
    );
  }
  const parsed = readUserData(op, "the data", () => parseNested(x, (shape) => bufferSizeOrThrow(op, shape, dtype ?? "float64")));
  if (E.isLeft(parsed)) throw new ShapeError(`${op}: ${parsed.left}`);
  const { values, shape, kind } = parsed.right;
  const target = dtype ?? (kind === "bool" ? "bool" : "float64");
  return new ConcreteTensor(typedArrayFrom(target, values), shape, target);
}

// what user functions return

/**
 * How a transform uses what a user function returns: `"any"` (staged or batched: jit, vmap, cond,
 * scan, customJvp/customVjp rules, …), `"differentiated"` (a tree of tensors to differentiate: jvp,
 * vjp, linearize, jacfwd, jacrev), `"scalar"` (one float scalar: grad, valueAndGrad).
 */
export type UserOutputKind = "any" | "differentiated" | "scalar";

/**
 * Checks the value a user function returned to transform `op`, before the transform reads it. Every
 * place that calls a user function calls this on its result.
 *
 * - A Promise (an `async` function) is an `ArgumentError` ("async functions cannot be traced"); its
 *   eventual rejection (the tracer it leaked) is swallowed first, so it cannot crash the process later.
 * - For a function being differentiated, a JS number or boolean (or array of them) where a tensor
 *   should be means JS arithmetic operators were used on tensors (`x * x`), which turns them into plain
 *   numbers: an `ArgumentError` naming `np.multiply`/`x.mul`, instead of a silent zero derivative.
 * - For `"scalar"` without `hasAux`, a pair `[out, aux]` is an `ArgumentError` that suggests `hasAux`.
 *
 * With `hasAux`, the differentiated part is `result[0]`. Returns `result` unchanged.
 *
 * @example
 * const result = userOutputOrThrow("grad", f(...args), "scalar", hasAux);
 */
export function userOutputOrThrow(op: string, result: unknown, kind: UserOutputKind = "any", hasAux = false): unknown {
  if (isTensor(op, result)) return result;
  return readUserData(op, "f's output", () => checkUserOutput(op, result, kind, hasAux));
}

function checkUserOutput(op: string, result: unknown, kind: UserOutputKind, hasAux: boolean): unknown {
  if (isThenable(result)) {
    swallowRejection(result);
    throw asyncError(op);
  }
  // a shallow copy of an array, read once here, so the transform's own reads (result[0]) cannot throw
  const copy = Array.isArray(result) ? result.slice() : result;
  if (kind === "any") return copy;
  const isPair = Array.isArray(copy) && copy.length === 2;
  if (hasAux && !isPair) return copy; // the caller reports the missing pair
  const out = hasAux ? (copy as unknown[])[0] : copy;
  if (isThenable(out)) {
    swallowRejection(out);
    throw asyncError(op);
  }
  const jsValue = jsNumberIn(out, kind);
  if (jsValue !== null) {
    throw new ArgumentError(
      `${op}: f returned ${jsValue} instead of a tensor. JavaScript has no operator overloading: arithmetic operators ` +
        `on tensors (x * x, x + 1, x ** 2, -x) turn them into plain numbers, so the result no longer depends on the ` +
        `inputs and its derivative would silently be zero. Use the functions: np.multiply(x, y) or x.mul(y), ` +
        `np.add/x.add, np.subtract/x.sub, np.divide/x.div, np.power/x.pow, np.negative/x.neg.`,
    );
  }
  if (kind === "scalar" && !hasAux && isPair && !isNumericArray(copy)) {
    throw new ArgumentError(
      `${op}: f returned an array of two entries [${showValue((copy as unknown[])[0])}, ${showValue((copy as unknown[])[1])}], ` +
        `not a scalar tensor. If f returns [out, aux], pass { hasAux: true }.`,
    );
  }
  return copy;
}

/** A description of a JS number/boolean where `out` should hold tensors, or null. */
function jsNumberIn(out: unknown, kind: UserOutputKind): string | null {
  const t = typeof out;
  if (t === "number" || t === "boolean") return `the JS ${t} ${showValue(out)}`;
  if (out === null || t !== "object" || out instanceof Tensor) return null;
  if (kind === "scalar") return isNumericArray(out) ? `a JS array of numbers ${showValue(out)}` : null;
  // a tree of outputs: look at its leaves (a bounded walk: huge, deep or cyclic trees are left to the flattening to report)
  const stack: { node: unknown; depth: number }[] = [{ node: out, depth: 0 }];
  let visited = 0;
  while (stack.length > 0 && visited++ < 100_000) {
    const { node, depth } = stack.pop()!;
    const nt = typeof node;
    if (nt === "number" || nt === "boolean") return `a JS ${nt} ${showValue(node)} in its output`;
    if (node === null || nt !== "object" || node instanceof Tensor || depth >= MAX_NESTING_DEPTH) continue;
    const proto = Object.getPrototypeOf(node);
    const children = Array.isArray(node) ? node : proto === Object.prototype || proto === null ? Object.values(node as object) : [];
    if (children.length > 100_000) break;
    for (let i = 0; i < children.length; i++) stack.push({ node: children[i], depth: depth + 1 });
  }
  return null;
}
