/**
 * vitest matchers for tracegrad values, installed by `tracegrad/testing`'s
 * `setup.ts` (add it to vitest's `setupFiles`, or import it once):
 *
 * - `expect(x).toBeAllclose(expected, { rtol, atol, equalNan })`: tensors,
 *   array-likes, or trees of them (same structure) agree elementwise,
 *   `|x - expected| <= atol + rtol·|expected|` (numpy's `assert_allclose`).
 * - `expect(f).toHaveGradientsMatchingNumeric(args, options)`: `checkGrads`
 *   passes for `f` at `args` (the message is `checkGrads`'s report).
 *
 * Both work with `.not` and as asymmetric matchers
 * (`expect({ g }).toEqual({ g: expect.toBeAllclose([1, 2]) })`). The setup
 * also teaches `toEqual`/`toStrictEqual` to compare concrete tensors by
 * dtype, shape and every element (`tensorsEqual`): a tensor's buffer is a
 * private field, which vitest's structural equality cannot see. This module
 * imports vitest, so `tracegrad/testing`'s index does not import it.
 *
 * @example
 * // vitest.config.ts: test: { setupFiles: ["tracegrad/testing/setup"] } (or import the setup module once)
 * expect(grad((x) => np.sum(np.square(x)))([1, 2])).toBeAllclose([2, 4]);
 * expect((x) => np.sum(np.sin(x))).toHaveGradientsMatchingNumeric([np.array([0.1, 0.2])], { order: 2 });
 */
import * as E from "fp-ts/lib/Either.js";
import { expect } from "vitest";
import { allcloseProblem, type AllcloseOptions } from "./allclose.ts";
import { checkGradsEither, type CheckGradsOptions } from "./checkGrads.ts";
import { ConcreteTensor, dataOf } from "../core/tensor.ts";

export type { AllcloseOptions } from "./allclose.ts";

// model

/** The matchers, for declaration merging with vitest's `Assertion` and `AsymmetricMatchersContaining`. */
export interface TracegradMatchers<R = unknown> {
  /** Elementwise `|received - expected| <= atol + rtol·|expected|` for tensors, array-likes or trees of them. */
  toBeAllclose(expected: unknown, options?: AllcloseOptions): R;
  /** The received function's derivatives at `args` agree with central differences (`checkGrads`). */
  toHaveGradientsMatchingNumeric(args: readonly unknown[], options?: CheckGradsOptions): R;
}


interface Result {
  pass: boolean;
  message: () => string;
}

// matchers

/** `expect(x).toBeAllclose(expected, { rtol, atol, equalNan })`. */
export function toBeAllclose(this: { isNot?: boolean }, received: unknown, expected: unknown, options: AllcloseOptions = {}): Result {
  const problem = allcloseProblem(received, expected, options);
  const { rtol = 1e-5, atol = 1e-8 } = options;
  return {
    pass: problem === null,
    message: () =>
      problem === null
        ? `expected the values not to be allclose (rtol ${rtol}, atol ${atol}), but they are`
        : `expected the values to be allclose (rtol ${rtol}, atol ${atol}): ${problem}`,
  };
}

/** `expect(f).toHaveGradientsMatchingNumeric(args, options)`: `checkGrads(f, args, options)` passes. */
export function toHaveGradientsMatchingNumeric(
  this: { isNot?: boolean },
  received: unknown,
  args: readonly unknown[],
  options: CheckGradsOptions = {},
): Result {
  if (typeof received !== "function") {
    return { pass: false, message: () => `toHaveGradientsMatchingNumeric: expected a function, got ${typeof received}` };
  }
  const result = checkGradsEither(received as (...a: any[]) => unknown, args, options);
  return {
    pass: E.isRight(result),
    message: () =>
      E.isRight(result)
        ? `expected the gradients not to match central differences, but checkGrads passed (order ${options.order ?? 1})`
        : result.left.message,
  };
}

/** vitest's equality testers, and the context one is called with (its own deep `equals`). */
type EqualityTesters = Parameters<typeof expect.addEqualityTesters>[0];
type EqualityContext = ThisParameterType<EqualityTesters[number]>;

/**
 * vitest equality for concrete tensors: equal when dtype, weak type, shape and every element are
 * (elements as `toEqual` compares numbers: NaN equals NaN, 0 and -0 differ). Without it `toEqual`
 * would compare only the public fields, as the buffer is a private field, and pass for different
 * values. `undefined` (vitest's own equality decides) unless both sides are concrete tensors;
 * a concrete tensor never equals a non-tensor.
 */
export function tensorsEqual(this: EqualityContext, a: unknown, b: unknown, testers: EqualityTesters): boolean | undefined {
  const ca = a instanceof ConcreteTensor;
  const cb = b instanceof ConcreteTensor;
  if (!ca && !cb) return undefined;
  if (!ca || !cb) return false;
  return (
    a.dtype === b.dtype &&
    a.weakType === b.weakType &&
    this.equals(a.shape, b.shape, testers) &&
    this.equals(Array.from(dataOf(a)), Array.from(dataOf(b)), testers)
  );
}

/** Installs the matchers, and `tensorsEqual` for `toEqual`, on vitest's `expect` (what `setup.ts` does). */
export function installMatchers(): void {
  expect.extend({ toBeAllclose, toHaveGradientsMatchingNumeric });
  expect.addEqualityTesters([tensorsEqual]);
}
