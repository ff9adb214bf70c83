/**
 * Issue 7, class 1: eager mode validates every primitive call with the
 * primitive's `abstractEval`, as staging under `jit` does, so eager and `jit`
 * accept and reject exactly the same calls with the same errors (eager used
 * to call the kernel directly and return garbage).
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, np, ShapeError, type Tensor } from "../../lib/index.ts";
import * as ops from "../../lib/core/ops.ts";
import { expectEagerAndJitReject, expectEagerEqualsJit } from "./_expect.ts";

describe("the reproductions of issue 7", () => {
  it("at(0).set of 5 values into a row of 3 is a ShapeError (it truncated silently)", () => {
    expectEagerAndJitReject((x: Tensor, v: Tensor) => x.at(0).set(v), [np.zeros([2, 3]), np.arange(5)], ShapeError, /cannot broadcast/);
  });

  it("transpose with a repeated axis is an error (it gave a [3,3] tensor with NaNs)", () => {
    expectEagerAndJitReject((x: Tensor) => np.transpose(x, [1, 1]), [np.ones([3, 3])], ArgumentError, /repeated axis/);
  });

  it("transpose with too few axes is an error (it dropped half the elements)", () => {
    expectEagerAndJitReject((x: Tensor) => x.transpose([1]), [np.ones([2, 3])], ArgumentError, /not a permutation/);
  });

  it("at([0, 3]).set of a value that does not fit the region is an error (it wrote NaN)", () => {
    expectEagerAndJitReject((x: Tensor) => x.at([0, 3]).set(np.arange(2)), [np.zeros([3])], ShapeError);
    // a value that fits is set everywhere in the region, eagerly as under jit
    const out = expectEagerEqualsJit((x: Tensor) => x.at([0, 3]).set(7), [np.zeros([3])]) as Tensor;
    expect(out.toArray()).toEqual([7, 7, 7]);
  });
});

describe("invalid primitive calls are rejected by abstractEval in eager bind, with jit's message", () => {
  const invalid: [string, (x: Tensor) => Tensor][] = [
    ["transpose with a repeated axis", (x) => ops.transpose(x, [1, 1])],
    ["transpose of the wrong rank", (x) => ops.transpose(x, [1, 0, 2])],
    ["broadcast_in_dim to a smaller dim", (x) => ops.broadcastInDim(x, [2, 2], [0, 1])],
    ["broadcast_in_dim with unsorted dims", (x) => ops.broadcastInDim(x, [3, 2, 3], [2, 0])],
    ["reshape to another size", (x) => ops.reshape(x, [7])],
    ["slice past the end", (x) => ops.slice(x, [0, 0], [3, 3])],
    ["slice with a zero stride", (x) => ops.slice(x, [0, 0], [1, 1], [0, 1])],
    ["pad with a negative amount", (x) => ops.pad(x, [-1, 0], [0, 0])],
    ["concatenate along a missing axis", (x) => ops.concatenate([x, x], 5)],
    ["reduce over an axis out of range", (x) => ops.reduceSum(x, [4])],
    ["add of unbroadcastable shapes", (x) => ops.add(x, ops.full([4], 1, "float64"))],
    ["add of different dtypes", (x) => ops.add(x, ops.convert(x, "float32"))],
    ["dot_general with mismatched contraction", (x) => ops.dotGeneral(x, x, [[1], [1]], [[], []]).add(ops.dotGeneral(x, x, [[0], [1]]))],
    ["exp of an int tensor", (x) => ops.exp(ops.convert(x, "int32"))],
  ];
  for (const [name, f] of invalid) {
    it(name, () => {
      const x = np.array([[1, 2, 3], [4, 5, 6]]);
      let eager: unknown;
      try {
        f(x);
      } catch (e) {
        eager = e;
      }
      expect(eager, name).toBeDefined();
      expectEagerAndJitReject(f, [x], (eager as { constructor: new () => never }).constructor as never);
    });
  }

  it("valid calls are unchanged, eagerly and under jit", () => {
    const x = np.array([[1, 2, 3], [4, 5, 6]]);
    expectEagerEqualsJit((t: Tensor) => [ops.transpose(t, [1, 0]), ops.broadcastInDim(t, [4, 2, 3], [1, 2]), ops.slice(t, [0, 1], [2, 3])], [x]);
  });
});
