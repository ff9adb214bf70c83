import { describe, expect, it } from "vitest";
import {
  ArgumentError,
  ConcretizationError,
  DTypeError,
  grad,
  jit,
  jvp,
  lax,
  nn,
  np,
  ShapeError,
  TracegradError,
  TracerLeakError,
  valueAndGrad,
  vjp,
  vmap,
  type Tensor,
} from "../lib/index.ts";

/** Runs `f`, expecting a TracegradError of class `kind` whose message contains every fragment. */
function expectError(f: () => unknown, kind: new (...args: any[]) => Error, ...fragments: string[]): void {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(TracegradError);
  expect(caught).toBeInstanceOf(kind);
  for (const fragment of fragments) expect((caught as Error).message).toContain(fragment);
}

const square = (x: Tensor) => np.square(x);

describe("bad input gives a clear TracegradError, and the next call still works", () => {
  it("grad of a non-scalar function names grad and the shape", () => {
    expectError(() => grad((x: Tensor) => np.multiply(x, 2))(np.ones([3])), ShapeError, "grad", "f64[3]", "scalar");
    expect(grad((x: Tensor) => np.sum(square(x)))([1, 2, 3]).toArray()).toEqual([2, 4, 6]);
  });

  it("dot of [3,3] with [2,2] names dot and both shapes", () => {
    expectError(() => np.dot(np.ones([3, 3]), np.ones([2, 2])), ShapeError, "dot", "f64[3,3]", "f64[2,2]", "3 and 2");
    expect(np.dot(np.ones([2, 3]), np.ones([3, 2])).toArray()).toEqual([[3, 3], [3, 3]]);
  });

  it("a ragged array names array and the ragged row", () => {
    expectError(() => np.array([[1, 2], [3]]), ShapeError, "array", "ragged");
    expect(np.array([[1, 2], [3, 4]]).shape).toEqual([2, 2]);
  });

  it("non-numeric data names the offending value", () => {
    expectError(() => np.array([1, "a" as unknown as number]), ShapeError, "array");
    expectError(() => np.add(undefined as unknown as number, 1), ArgumentError, "add", "undefined");
  });

  it("broadcasting mismatches name both shapes", () => {
    expectError(() => np.add(np.ones([2, 3]), np.ones([4])), ShapeError, "add", "f64[2,3]", "f64[4]");
  });

  it("grad of an int32 input is a DTypeError", () => {
    expectError(() => grad(square)(np.array([1, 2], { dtype: "int32" })), DTypeError, "grad", "int32");
  });

  it("out-of-range argnums and axes are ArgumentErrors", () => {
    expectError(() => grad(square, { argnums: 2 })(1.0), ArgumentError, "argnums");
    expectError(() => np.sum(np.ones([2, 2]), 5), ArgumentError, "sum", "axis");
    expectError(() => np.ones([2]).slice(3), ArgumentError, "index 3");
  });

  it("bad shapes are ShapeErrors", () => {
    expectError(() => np.zeros([-1]), ShapeError, "zeros", "-1");
    expectError(() => np.zeros([1.5]), ShapeError, "zeros");
    expectError(() => np.reshape(np.ones([6]), [4, 2]), ShapeError, "reshape", "f64[6]");
  });

  it("a leaked tracer is a TracerLeakError", () => {
    let leaked: Tensor | undefined;
    grad((x: Tensor) => {
      leaked = x;
      return np.sum(square(x));
    })(1.0);
    expectError(() => np.add(leaked!, 1), TracerLeakError, "leaked");
    expect(np.add(1, 1).item()).toBe(2);
  });

  it("reading a value under jit is a ConcretizationError pointing to lax.cond", () => {
    expectError(() => jit((x: Tensor) => (x.item() > 0 ? x : np.negative(x)))(1.0), ConcretizationError, "lax.cond");
    expect(jit(square)(3).item()).toBe(9);
  });

  it("define-by-run control flow works under grad", () => {
    const f = (x: Tensor) => (x.item() > 0 ? np.square(x) : np.negative(x));
    expect(grad(f)(3).item()).toBe(6);
    expect(grad(f)(-3).item()).toBe(-1);
  });
});

describe("JAX conventions at the edges", () => {
  it("relu's derivative at 0 is 0", () => {
    expect(grad((x: Tensor) => np.sum(nn.relu(x)))([-1, 0, 2]).toArray()).toEqual([0, 0, 1]);
  });

  it("a vjp cotangent tensor must have the output's dtype; JS numbers take it", () => {
    const x = np.array([1, 2], { dtype: "float32" });
    const [, back] = vjp((v: Tensor) => np.sum(np.square(v)), x);
    expectError(() => back(np.array(1.0)), DTypeError, "vjp", "float32");
    const [g] = back(1.0) as Tensor[];
    expect(g.dtype).toBe("float32");
    expect(g.toArray()).toEqual([2, 4]);
  });
});

/** The message of the error of class `kind` that `f` throws. */
function messageOf(f: () => unknown, kind: new (...args: any[]) => Error): string {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(kind);
  return (caught as Error).message;
}

describe("the main errors carry a hint a user can act on (issue 11, item 8)", () => {
  const sumAux = (x: Tensor) => [np.sum(x), x] as const;

  it("grad of a non-scalar output: reduce it, or use vjp/jacrev; valueAndGrad names itself", () => {
    for (const [op, call] of [
      ["grad", () => grad((x: Tensor) => np.sin(x))(np.ones([3]))],
      ["valueAndGrad", () => valueAndGrad((x: Tensor) => np.sin(x))(np.ones([3]))],
    ] as const) {
      const message = messageOf(call, ShapeError);
      expect(message).toMatch(new RegExp(`^${op}: f must return a float scalar \\(shape \\[\\]\\), got f64\\[3\\]\\.`));
      for (const fix of ["np.sum", "jacrev", "vjp"]) expect(message).toContain(fix);
    }
  });

  it("grad of an integer or boolean scalar output is a DTypeError saying why and what to return", () => {
    for (const [f, aval] of [[(x: Tensor) => np.argmax(x), "i32[]"], [(x: Tensor) => np.all(x), "bool[]"]] as const) {
      const message = messageOf(() => grad(f)(np.ones([3])), DTypeError);
      expect(message).toContain(`got ${aval}`);
      expect(message).toContain("no gradient");
      expect(message).toContain("float");
    }
  });

  it("shape mismatches in add and matmul name both shapes and how to line them up", () => {
    const add = messageOf(() => np.add(np.ones([2, 3]), np.ones([4])), ShapeError);
    expect(add).toMatch(/^add: cannot broadcast f64\[2,3\] with f64\[4\]/);
    expect(add).toContain("np.expandDims");
    const matmul = messageOf(() => np.matmul(np.ones([2, 3]), np.ones([2, 2])), ShapeError);
    expect(matmul).toMatch(/^matmul: f64\[2,3\] @ f64\[2,2\]: inner dimensions 3 and 2 differ/);
    expect(matmul).toContain("transpose one?");
    // the same messages from a jitted call
    expect(messageOf(() => jit(np.add)(np.ones([2, 3]), np.ones([4])), ShapeError)).toBe(add);
    expect(messageOf(() => jit(np.matmul)(np.ones([2, 3]), np.ones([2, 2])), ShapeError)).toBe(matmul);
  });

  it("matmul reports the shapes it was given, reshape the element counts and -1, reductions the valid axes", () => {
    expect(messageOf(() => np.matmul(np.ones([3]), np.ones([4, 2])), ShapeError)).toBe(
      "matmul: f64[3] @ f64[4,2]: inner dimensions 3 and 4 differ. The only axis of the first operand must match the second-to-last axis of the second (transpose one?).",
    );
    expect(messageOf(() => np.reshape(np.ones([6]), [4, 2]), ShapeError)).toBe(
      "reshape: cannot reshape f64[6] (6 elements) to [4,2] (8 elements); the sizes must match. One dimension may be -1, to be inferred.",
    );
    expect(messageOf(() => np.reshape(np.ones([6]), [4, -1]), ShapeError)).toBe("reshape: cannot reshape f64[6] (6 elements) to [4,-1]; the other dimensions do not divide 6.");
    expect(messageOf(() => np.sum(np.ones([2, 3]), 2), ArgumentError)).toBe("sum: axis 2 is out of bounds (or repeated) for f64[2,3]; axes go from -2 to 1, each at most once.");
    expect(messageOf(() => np.mean(np.ones([]), 0), ArgumentError)).toMatch(/a 0-d array has no axes \(use axis null\)/);
    // with -1, and an axis in range, the same calls work
    expect(np.reshape(np.ones([6]), [3, -1]).shape).toEqual([3, 2]);
    expect(np.sum(np.ones([2, 3]), -1).toArray()).toEqual([3, 3]);
  });

  it("wrong dtypes say which dtype is needed and how to convert", () => {
    expect(messageOf(() => grad((x: Tensor) => np.sum(x))(np.arange(3)), DTypeError)).toMatch(/int32.*astype\("float64"\).*argnums/);
    expect(messageOf(() => jvp(np.sin, [np.ones([3])], [np.ones([3], "float32")]), DTypeError)).toMatch(/needs float64; convert it with astype\("float64"\)/);
    expect(messageOf(() => np.bitwiseAnd(np.ones([3]), np.ones([3])), DTypeError)).toMatch(/bool, int32 or uint32.*astype\("int32"\)/);
    expect(messageOf(() => np.zeros([2], "float16" as never), DTypeError)).toMatch(/unknown dtype "float16"; use "float64", "float32"/);
  });

  it("a missing hasAux says to pass it; hasAux without a pair says what f returned and both fixes", () => {
    for (const [op, call] of [
      ["grad", () => grad(sumAux as unknown as (x: Tensor) => Tensor)(np.ones([3]))],
      ["valueAndGrad", () => valueAndGrad(sumAux as unknown as (x: Tensor) => Tensor)(np.ones([3]))],
    ] as const) {
      const message = messageOf(call, ArgumentError);
      expect(message).toMatch(new RegExp(`^${op}: f returned an array of two entries`));
      expect(message).toContain("pass { hasAux: true }");
    }
    const single = messageOf(() => grad((x: Tensor) => np.sum(x), { hasAux: true })(np.ones([3])), ArgumentError);
    expect(single).toMatch(/^grad: with hasAux, f must return a pair \[out, aux\], got float64\[\]/);
    expect(single).toContain("drop { hasAux: true }");
    const triple = messageOf(() => vjp({ hasAux: true }, (x: Tensor) => [np.sum(x), x, x] as never, np.ones([3])), ArgumentError);
    expect(triple).toMatch(/^vjp: with hasAux, f must return a pair \[out, aux\], got an array of 3 entries\. Return \[out, aux\]/);
    // and the corrected call works
    const [g, aux] = grad(sumAux, { hasAux: true })(np.ones([3]));
    expect(g.toArray()).toEqual([1, 1, 1]);
    expect(aux.shape).toEqual([3]);
  });

  it("vmap's out-of-range inAxes and outAxes give the valid range", () => {
    const inAxes = messageOf(() => vmap(np.sin, { inAxes: 2 })(np.ones([3, 2])), ArgumentError);
    expect(inAxes).toBe("vmap: inAxes: axis 2 is out of range for f64[3,2] (rank 2); give an axis from -2 to 1, or null for an argument that is not batched.");
    const outAxes = messageOf(() => vmap((x: Tensor) => np.stack([x, x]), { outAxes: 3 })(np.ones([4, 5])), ArgumentError);
    expect(outAxes).toBe("vmap: outAxes: axis 3 is out of range for an output of rank 3 (f64[2,5] per example, plus the batch axis); give an axis from -3 to 2.");
    // in range, the same call works: the batch axis (4) goes last
    expect(vmap((x: Tensor) => np.stack([x, x]), { outAxes: 2 })(np.ones([4, 5])).shape).toEqual([2, 5, 4]);
  });

  it("cond branches that differ say how to make them match", () => {
    const message = messageOf(() => lax.cond(true, (x: Tensor) => x, (x: Tensor) => np.sum(x), np.ones([3])), ShapeError);
    expect(message).toContain("trueFn gives * (f64[3]), falseFn gives * (f64[])");
    for (const fix of ["np.broadcastTo", "astype", "np.zerosLike"]) expect(message).toContain(fix);
  });
});
