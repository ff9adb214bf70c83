import { describe, expect, it } from "vitest";
import {
  ArgumentError,
  ConcretizationError,
  DTypeError,
  grad,
  jit,
  nn,
  np,
  ShapeError,
  TracegradError,
  TracerLeakError,
  vjp,
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
