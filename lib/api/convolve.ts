/**
 * numpy's `convolve` and `correlate` of two 1-D arrays, each one
 * `conv_general_dilated` (as JAX's `jnp.convolve`): the longer operand is
 * the image, the shorter the kernel (flipped for a convolution), and the
 * mode sets the padding: "full" (every overlap, n + m - 1 values), "same"
 * (max(n, m) values, centred as numpy) or "valid" (complete overlaps only,
 * max(n, m) - min(n, m) + 1 values).
 *
 * @example
 * import { np } from "tracegrad";
 * np.convolve([1, 2, 3], [0, 1, 0.5]).toArray();            // [0, 1, 2.5, 4, 1.5]
 * np.correlate([1, 2, 3], [0, 1, 0.5], "full").toArray();   // [0.5, 2, 3.5, 3, 0]
 */
import { ArgumentError, DTypeError, ShapeError } from "../core/errors.ts";
import * as ops from "../core/ops.ts";
import { avalText } from "../core/primitives/check.ts";
import type { ArrayLike, Tensor } from "../core/tensor.ts";
import { showValue } from "../core/convert.ts";
import { operands } from "./promote.ts";

/** The output size of numpy's 1-D convolution modes. */
export type ConvolveMode = "full" | "same" | "valid";

function convolve1d(op: "convolve" | "correlate", a: ArrayLike, v: ArrayLike, mode: unknown): Tensor {
  let [x, y] = operands(op, a, v);
  if (x.ndim !== 1 || y.ndim !== 1) throw new ShapeError(`${op}: needs two 1-D arrays, got ${avalText(x)} and ${avalText(y)}.`);
  if (x.size === 0 || y.size === 0) throw new ShapeError(`${op}: inputs cannot be empty, got ${avalText(x)} and ${avalText(y)}.`);
  if (x.dtype === "bool") throw new DTypeError(`${op}: bool inputs ${avalText(x)}, ${avalText(y)} are not supported; convert them to int32 or a float dtype.`);
  if (mode !== "full" && mode !== "same" && mode !== "valid") throw new ArgumentError(`${op}: mode must be "full", "same" or "valid", got ${showValue(mode)}.`);
  // the longer operand slides under the shorter; correlate then reads its result backwards
  let reversed = false;
  if (x.shape[0] < y.shape[0]) {
    [x, y] = [y, x];
    reversed = op === "correlate";
  }
  if (op === "convolve") y = ops.rev(y, [0]);
  const m = y.shape[0];
  const padding: [number, number] = mode === "valid" ? [0, 0] : mode === "same" ? [Math.floor(m / 2), m - Math.floor(m / 2) - 1] : [m - 1, m - 1];
  const out = ops.convGeneralDilated(ops.reshape(x, [1, 1, x.shape[0]]), ops.reshape(y, [1, 1, m]), {
    windowStrides: [1],
    padding: [padding],
    lhsDilation: [1],
    rhsDilation: [1],
    dimensionNumbers: [[0, 1, 2], [0, 1, 2], [0, 1, 2]],
    featureGroupCount: 1,
    batchGroupCount: 1,
  });
  const flat = ops.reshape(out, [out.shape[2]]);
  return reversed ? ops.rev(flat, [0]) : flat;
}

/**
 * numpy's `convolve(a, v, mode="full")`: the discrete linear convolution
 * (a ∗ v)[k] = Σ_n a[n]·v[k - n] of two 1-D arrays, in their promoted dtype
 * (integers stay integers). Commutative; `mode` is "full", "same" or "valid".
 *
 * @example
 * np.convolve([1, 2, 3], [0, 1, 0.5], "same").toArray(); // [1, 2.5, 4]
 */
export function convolve(a: ArrayLike, v: ArrayLike, mode: ConvolveMode = "full"): Tensor {
  return convolve1d("convolve", a, v, mode);
}

/**
 * numpy's `correlate(a, v, mode="valid")` (note numpy's default mode):
 * c[k] = Σ_n a[n + k]·v[n], the cross-correlation of two 1-D real arrays.
 * With a longer `v`, the result is numpy's: the correlation the other way
 * round, reversed.
 *
 * @example
 * np.correlate([1, 2, 3], [0, 1, 0.5]).toArray(); // [3.5]
 */
export function correlate(a: ArrayLike, v: ArrayLike, mode: ConvolveMode = "valid"): Tensor {
  return convolve1d("correlate", a, v, mode);
}
