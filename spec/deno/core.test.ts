/**
 * Deno runs the same sources as Node: these tests check the core transforms
 * and the error boundary under Deno's runtime.
 */
import { grad, jvp, makeJaxpr, np, nn, numericalGrad, ShapeError, TracegradError, vjp } from "../../lib/index.ts";
import type { ArrayLike, Tensor } from "../../lib/index.ts";
import { assertAllclose } from "../../lib/testing/index.ts";

Deno.test("grad of the DeZero chain at 0.5", () => {
  const f = (x: ArrayLike) => np.square(np.exp(np.square(x)));
  assertAllclose(grad(f)(0.5).item(), 3.297442541400256, { rtol: 0, atol: 0 });
});

Deno.test("second order matches numerical differences of grad", () => {
  const f = (x: ArrayLike) => np.sin(x).mul(np.exp(x));
  const analytic = grad(grad(f))(0.7).item();
  const numeric = numericalGrad(grad(f))(0.7).item();
  assertAllclose(analytic, numeric, { rtol: 1e-7, atol: 1e-7 });
});

Deno.test("jvp and vjp agree (dot-product identity)", () => {
  const f = (w: ArrayLike) => nn.softmax(np.matmul(np.array([[1, 2], [3, 4], [5, 6]]), w));
  const w = np.array([[0.1, -0.2], [0.3, 0.4]]);
  const t = np.array([[1, 0.5], [-1, 2]]);
  const c = np.array([[1, 2], [3, 4], [5, 6]]);
  const [, tangentOut] = jvp(f, [w], [t]);
  const [, back] = vjp(f, w);
  const [ct] = back(c) as Tensor[];
  assertAllclose(np.sum(np.multiply(c, tangentOut)).item(), np.sum(np.multiply(ct, t)).item(), { rtol: 1e-12, atol: 1e-12 });
});

Deno.test("makeJaxpr prints the gradient's IR", () => {
  const text = makeJaxpr(grad((x: ArrayLike) => np.sin(x)))(1.0).toString();
  if (!text.startsWith("{ lambda ; a:f64[]. let") || !text.includes("cos a")) throw new Error(text);
});

Deno.test("bad input throws TracegradError and the next call still works", () => {
  let caught: unknown;
  try {
    np.dot(np.ones([3, 3]), np.ones([2, 2]));
  } catch (e) {
    caught = e;
  }
  if (!(caught instanceof ShapeError) || !(caught instanceof TracegradError)) throw new Error(`wrong error: ${caught}`);
  if (!String((caught as Error).message).includes("[3,3]")) throw new Error((caught as Error).message);
  assertAllclose(grad((x: ArrayLike) => np.square(x))(3).item(), 6, { rtol: 1e-12, atol: 1e-12 });
});
