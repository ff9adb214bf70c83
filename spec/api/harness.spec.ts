/**
 * The API harness itself: each of its checks fails on a function that is
 * wrong in the way the check is for (so a green row means something).
 */
import { describe, expect, it } from "vitest";
import { ConcreteTensor } from "../../lib/core/tensor.ts";
import { ArgumentError, np, ShapeError, type Tensor } from "../../lib/index.ts";
import { checkError, checkPin, checkVmap, checkZeroDerivatives, expectIdentical } from "./harness.ts";

describe("the API harness", () => {
  it("a pin fails on a wrong value, shape or dtype, and passes within its tolerance", () => {
    expect(() => checkPin(np.exp, { args: [[0, 1]], out: [1, 2.718281828459045] }, "exp")).not.toThrow();
    expect(() => checkPin(np.exp, { args: [[0, 1]], out: [1, 2.71828182846] }, "exp")).toThrow(/element 1/);
    expect(() => checkPin(np.exp, { args: [[0, 1]], out: [1, 2.71828182846], rtol: 1e-11 }, "exp")).not.toThrow();
    expect(() => checkPin(np.exp, { args: [[0, 1]], out: [[1, 2.718281828459045]] }, "exp")).toThrow(/shape/);
    expect(() => checkPin(np.arange, { args: [3], out: [0, 1, 2] }, "arange")).toThrow(/dtype/);
    expect(() => checkPin(np.arange, { args: [3], out: [0, 1, 2], dtype: "int32" }, "arange")).not.toThrow();
    expect(() => checkPin((x: number) => [x, x], { args: [1], out: [1, 2] }, "list")).toThrow();
    const mixed = () => [np.array([0.5]), np.array([1], { dtype: "int32" })];
    expect(() => checkPin(mixed, { args: [], out: [[0.5], [1]], dtype: ["float64", "int32"] }, "mixed")).not.toThrow();
    expect(() => checkPin(mixed, { args: [], out: [[0.5], [1]] }, "mixed")).toThrow(/dtype/);
  });

  it("an error pin needs a TracegradError of the given class whose message starts with the name", () => {
    const named = () => { throw new ShapeError("flip: bad shape f64[2]"); };
    expect(() => checkError(named, "flip", { args: [], type: ShapeError, match: /bad/ })).not.toThrow();
    expect(() => checkError(named, "np.flip", { args: [] })).not.toThrow();
    expect(() => checkError(() => { throw new ShapeError("linalg.flip: no"); }, "np.linalg.flip", { args: [] })).not.toThrow();
    expect(() => checkError(named, "flip", { args: [], type: ArgumentError })).toThrow();
    expect(() => checkError(named, "roll", { args: [] })).toThrow(/names roll/);
    expect(() => checkError(() => 1, "flip", { args: [] })).toThrow(/TracegradError/);
    expect(() => checkError(() => { throw new TypeError("flip: no"); }, "flip", { args: [] })).toThrow(/TracegradError/);
  });

  it("the zero-derivative check fails for a function with a derivative", () => {
    const x = np.array([0.5, 1.5]);
    expect(() => checkZeroDerivatives((t: Tensor) => np.sign(t), [x], [0])).not.toThrow();
    expect(() => checkZeroDerivatives((t: Tensor) => np.multiply(t, 2), [x], [0])).toThrow(/zero/);
  });

  it("the vmap check fails for a function that differs when batched", () => {
    const honest = (t: Tensor) => np.multiply(t, 2);
    const cheat = (t: Tensor) => (t instanceof ConcreteTensor ? np.multiply(t, 2) : np.multiply(t, 3));
    const draws = [[np.array([1, 2])], [np.array([3, 4])], [np.array([5, 6])]];
    expect(() => checkVmap(honest, draws, [1])).not.toThrow();
    expect(() => checkVmap(cheat, draws, [0])).toThrow(/vmap/);
    // an unbatched argument is the first draw in every iteration of the loop
    const add = (a: Tensor, b: Tensor) => np.add(a, b);
    expect(() => checkVmap(add, draws.map((d) => [d[0], d[0]]), [0, null])).not.toThrow();
  });

  it("the jit comparison is bitwise", () => {
    expect(() => expectIdentical(np.array([0.1 + 0.2]), np.array([0.3]), "jit")).toThrow(/bitwise/);
    expect(() => expectIdentical(np.array([NaN, -0]), np.array([NaN, -0]), "jit")).not.toThrow();
    expect(() => expectIdentical(np.array([0]), np.array([-0]), "jit")).toThrow(/bitwise/);
    expect(() => expectIdentical(np.array([1]), np.array([1], { dtype: "float32" }), "jit")).toThrow(/dtype/);
  });
});
