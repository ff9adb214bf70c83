/**
 * 06 · DeZero step 10: unit tests for square, and the gradient check
 * Notebook: 002_25cfe9ddf1240280 (step 10)
 *
 * The notebook's SquareTest checks the forward value, the backward value and
 * that backprop agrees with numerical differentiation at a random point. The
 * same three tests, for pure functions: `grad`/`vjp` against `numericalGrad`.
 * (Its test_backward assigns `excepted` but compares `expected`, so as
 * written it fails with a NameError; here the expected value is 6.)
 */
import { grad, np, numericalGrad, vjp, type Tensor } from "../lib/index.ts";
import { close, show, toStr, verify, type Check } from "./_show.ts";

type Fn = (x: Tensor) => Tensor;
const square: Fn = (x) => np.square(x);
const exp: Fn = (x) => np.exp(x);
const composite: Fn = (x) => square(exp(square(x)));

/**
 * DeZero's backward seeds the output gradient with ones (np.ones_like), which
 * for an elementwise function is the vjp with a cotangent of ones.
 */
function backward(fn: Fn, x: Tensor): Tensor {
  const [y, pullback] = vjp(fn, x);
  return pullback(np.onesLike(y))[0] as Tensor;
}

/** numerical_diff with the notebook's eps = 1e-4, one entry at a time. */
const numericalDiff = (fn: Fn, x: Tensor): Tensor => numericalGrad((v: Tensor) => np.sum(fn(v)), { eps: 1e-4 })(x);

/** test_gradient_check: backprop and numerical diff agree to np.allclose's default tolerances. */
function gradientCheck(name: string, fn: Fn, x: Tensor): Check {
  const [analytic, numeric] = [backward(fn, x), numericalDiff(fn, x)];
  show(`\ntest_gradient_check: ${name}, x = ${toStr(x)}\nbackward (vjp)`, toStr(analytic));
  show("numerical diff (eps = 1e-4)", toStr(numeric));
  return { what: `test_gradient_check(${name})`, ok: np.allclose(analytic, numeric), detail: `${analytic} vs ${numeric}` };
}

// test_forward: square(2.0) == 4.0
const forward = square(np.array(2.0));
show("test_forward: square(2.0), expected 4.0", toStr(forward));
// test_backward: x = 3.0, y = square(x), y.backward(); x.grad == 6.0
const backwardAt3 = grad(square)(np.array(3.0));
show("test_backward: grad of square at 3.0, expected 6.0", toStr(backwardAt3));

// test_gradient_check at np.random.rand(1): fixed here to np.random.seed(0)'s first draw, so runs repeat
const randomX = np.array([0.5488135039273248]);
// and, beyond the notebook, the other functions of steps 1-9 at more points
const points = np.linspace(-1.5, 1.5, 7);

verify([
  close("test_forward", forward, 4.0, 0),
  close("test_backward", backwardAt3, 6.0, 0),
  gradientCheck("square", square, randomX),
  gradientCheck("square", square, points),
  gradientCheck("exp", exp, points),
  gradientCheck("square(exp(square(x)))", composite, points),
]);
