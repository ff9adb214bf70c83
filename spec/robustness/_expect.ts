/**
 * Helpers of the per-class robustness specs: run a call eagerly and under
 * `jit` (its tensor arguments traced) and check both reject it with the same
 * error, or both return the same values.
 */
import { expect } from "vitest";
import { jit, Tensor, TracegradError, tree } from "../../lib/index.ts";

/** What a call threw (or undefined when it returned). */
export function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (e) {
    return e;
  }
  return undefined;
}

/** `f(...args)` and `jit(f)(...args)` both throw a `TracegradError` of class `kind`, with the same message (matching `pattern`). */
export function expectEagerAndJitReject(f: (...args: any[]) => unknown, args: readonly unknown[], kind: new (...a: any[]) => TracegradError, pattern?: RegExp): void {
  const eager = thrown(() => f(...args));
  const staged = thrown(() => jit(f)(...args));
  expect(eager).toBeInstanceOf(kind);
  expect(staged).toBeInstanceOf(kind);
  expect((staged as Error).message).toBe((eager as Error).message);
  if (pattern !== undefined) expect((eager as Error).message).toMatch(pattern);
}

/** `f(...args)` and `jit(f)(...args)` return the same tensors. */
export function expectEagerEqualsJit(f: (...args: any[]) => unknown, args: readonly unknown[]): unknown {
  const eager = f(...args);
  const staged = jit(f)(...args);
  const [a, b] = [tree.leaves(eager) as Tensor[], tree.leaves(staged) as Tensor[]];
  expect(b.length).toBe(a.length);
  a.forEach((x, i) => {
    expect(b[i].dtype).toBe(x.dtype);
    expect(b[i].shape).toEqual(x.shape);
    expect(b[i].toArray()).toEqual(x.toArray());
  });
  return eager;
}
