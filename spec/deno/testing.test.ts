/**
 * `tracegrad/testing` under Deno: the package path resolves through
 * deno.json's imports, and the checker both passes and fails as it should.
 */
import { customVjp, jit, np, vmap, type Tensor } from "tracegrad";
import { checkGrads, checkGradsEither, GradMismatchError } from "tracegrad/testing";

Deno.test("checkGrads passes on a correct function, to second order", () => {
  const loss = (p: { w: Tensor; b: Tensor }, x: Tensor) => np.mean(np.square(np.tanh(np.add(np.matmul(x, p.w), p.b))));
  checkGrads(loss, [{ w: np.ones([3, 2]), b: np.zeros([2]) }, np.ones([4, 3])], { argnums: 0, order: 2 });
});

Deno.test("checkGrads names the argument whose derivative is wrong", () => {
  const wrong = customVjp((x: Tensor) => np.sin(x), {
    fwd: (x: Tensor) => [np.sin(x), x],
    bwd: (x: Tensor, ct: Tensor) => [np.multiply(ct, np.multiply(np.cos(x), 2))],
  });
  const f = (a: Tensor, b: Tensor) => np.sum(np.add(wrong(b), a));
  let caught: unknown;
  try {
    checkGrads(f, [np.ones([2]), np.array([0.3, 0.4])], { modes: ["rev"] });
  } catch (e) {
    caught = e;
  }
  if (!(caught instanceof GradMismatchError) || !String((caught as Error).message).includes("args[1]")) {
    throw new Error(`expected a mismatch at args[1], got ${caught}`);
  }
  const either = checkGradsEither(f, [np.ones([2]), np.array([0.3, 0.4])], { modes: ["rev"] });
  if (either._tag !== "Left") throw new Error("checkGradsEither should return Left");
});

Deno.test("the compiled jit and vmap agree with eager under Deno", () => {
  const f = (x: Tensor) => np.sum(np.multiply(np.tanh(x), np.exp(np.negative(np.square(x)))));
  const xs = np.array([[0.1, -0.4, 2], [1.5, 0.3, -2]]);
  const eager = [f(xs.slice(0)).item(), f(xs.slice(1)).item()];
  const batched = jit(vmap(f))(xs).toArray() as number[];
  batched.forEach((v, i) => {
    if (Math.abs(v - eager[i]) > 1e-14) throw new Error(`row ${i}: ${v} vs ${eager[i]}`);
  });
});
