/**
 * Issue 7, class 12: JavaScript has no operator overloading, so `x * x` on a
 * tensor turns it into a plain number. A function given to a derivative
 * transform that returns a JS number (or booleans, or arrays of them) is an
 * error that says so and names `np.multiply`/`x.mul`, instead of a silent
 * zero gradient; coercing a non-scalar tensor says the same.
 */
import { describe, expect, it } from "vitest";
import * as tg from "../../lib/index.ts";
import { ArgumentError, grad, np, ShapeError, type Tensor } from "../../lib/index.ts";

const square = (x: any) => x * x;

const transforms: [string, (f: any) => unknown][] = [
  ["grad", (f) => grad(f)(3)],
  ["valueAndGrad", (f) => tg.valueAndGrad(f)(3)],
  ["vjp", (f) => tg.vjp(f, 3)],
  ["jvp", (f) => tg.jvp(f, [3], [1])],
  ["linearize", (f) => tg.linearize(f, 3)],
  ["jacfwd", (f) => tg.jacfwd(f)(3)],
  ["jacrev", (f) => tg.jacrev(f)(3)],
  ["hessian", (f) => tg.hessian(f)(3)],
];

describe("JS operators on tensors", () => {
  for (const [name, call] of transforms) {
    it(`${name} of a function that returns a JS number says JS operators do not work on tensors`, () => {
      let error: unknown;
      try {
        call(square);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ArgumentError);
      const message = (error as Error).message;
      // hessian reports as the jacrev inside it
      const op = { hessian: "jacrev" }[name] ?? name;
      expect(message).toMatch(new RegExp(`^${op}: f returned the JS number 9`));
      expect(message).toContain("operator");
      expect(message).toContain("np.multiply");
      expect(message).toContain("x.mul");
    });
  }

  it("also for a JS number inside a tree output, a boolean, and with hasAux", () => {
    expect(() => tg.jvp((x: any) => ({ a: np.sin(x), b: x * 2 }), [1], [1])).toThrow(/JS number 2 in its output/);
    expect(() => tg.jacrev((x: any) => [np.sin(x), x + 1])(1)).toThrow(/JS number 2/);
    expect(() => grad((x: any) => x > 0)(1)).toThrow(/JS boolean true/);
    expect(() => grad((x: any) => [x * x, "aux"], { hasAux: true })(3)).toThrow(/JS number 9/);
  });

  it("the right way gives the derivative", () => {
    expect(grad((x: Tensor) => np.multiply(x, x))(3).item()).toBe(6);
    expect(grad((x: Tensor) => x.mul(x))(3).item()).toBe(6);
  });

  it("coercing a non-scalar tensor names the functions to use", () => {
    const x = np.ones([2]);
    let error: unknown;
    try {
      void ((x as unknown as number) * 2);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ShapeError);
    expect((error as Error).message).toMatch(/shape \[2\] was used as a JS number/);
    expect((error as Error).message).toContain("np.multiply");
    expect((error as Error).message).toContain("x.mul");
    // a size-1 tensor still converts (comparisons such as x > 0 work eagerly)
    expect((np.array([2]) as unknown as number) * 2).toBe(4);
    expect(`${np.array([1, 2])}`).toBe("array([1., 2.])");
  });
});
