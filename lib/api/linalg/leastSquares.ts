/**
 * Least squares and the pseudo-inverse of `np.linalg`, both from the SVD
 * with small singular values cut off: `lstsq` (JAX's, differentiable
 * through the SVD) and `pinv` (JAX's, with its custom derivative from
 * Golub and Pereyra, which needs no distinct singular values).
 *
 * @example
 * const [x, resid, rank, s] = np.linalg.lstsq([[1, 0], [1, 1], [1, 2]], [1, 2, 2]); // x = [7/6, 1/2]
 * np.linalg.pinv([[1, 2], [2, 4]]) // [[0.04, 0.08], [0.08, 0.16]]
 */
import { ArgumentError, ShapeError } from "../../core/errors.ts";
import { showValue } from "../../core/convert.ts";
import * as ops from "../../core/ops.ts";
import { avalText } from "../../core/primitives/check.ts";
import { asColumn, matmul, mT, symmetrize } from "../../core/primitives/matrices.ts";
import { Tensor, type ArrayLike } from "../../core/tensor.ts";
import { booleanArg } from "../options.ts";
import { epsOf, floatArg, floatPair, matrixArg, optionsArg, withCustomJvp } from "./util.ts";

/** A relative cutoff: a JS number or a tensor broadcasting against the leading dims, as a float tensor [..., 1]. */
function cutoffArg(op: string, rtol: unknown, dtype: Tensor["dtype"]): Tensor {
  if (typeof rtol === "number") return ops.scalar(rtol, dtype);
  if (rtol instanceof Tensor) return asColumn(ops.convert(floatArg(op, rtol), dtype));
  throw new ArgumentError(`${op}: rtol must be a number or a tensor, got ${showValue(rtol)}.`);
}

/** A⁺ = V diag(1/s) Uᵀ over the singular values s > rtol · s_max (the others count as zero), as numpy. */
function pinvFromSvd(a: Tensor, rtol: Tensor): Tensor {
  const [s, u, vt] = ops.svd(a, false, true);
  const lead = s.shape.slice(0, -1);
  const largest = ops.slice(s, [...lead.map(() => 0), 0], [...lead, 1]);
  const keep = ops.gt(s, ops.mul(rtol, largest));
  const inverse = ops.select(keep, ops.div(ops.scalar(1, a.dtype), s), ops.scalar(0, a.dtype));
  return matmul(mT(vt), ops.mul(asColumn(inverse), mT(u)));
}

/**
 * The Moore–Penrose pseudo-inverse [..., n, m] of [..., m, n], from the SVD: singular values at most
 * `rtol` times the largest count as zero. `rtol` defaults to JAX's 10 · max(m, n) · ε (numpy's default is
 * 1e-15). `hermitian` symmetrizes the input, as JAX. The derivative is JAX's (Golub–Pereyra), defined at
 * repeated singular values too; `rtol` is not differentiated.
 *
 * @example
 * np.linalg.pinv([[1, 2], [2, 4]]) // [[0.04, 0.08], [0.08, 0.16]]
 */
export function pinv(a: ArrayLike, options?: { readonly rtol?: number | Tensor; readonly hermitian?: boolean }): Tensor {
  const o = optionsArg("linalg.pinv", options, ["rtol", "hermitian"]);
  const hermitian = booleanArg("linalg.pinv", "hermitian", o.hermitian, false);
  let x = matrixArg("linalg.pinv", a, hermitian);
  const [m, n] = [x.shape[x.ndim - 2], x.shape[x.ndim - 1]];
  if (m === 0 || n === 0) return ops.full([...x.shape.slice(0, -2), n, m], 0, x.dtype);
  const rtol = cutoffArg("linalg.pinv", o.rtol ?? 10 * Math.max(m, n) * epsOf(x.dtype), x.dtype);
  if (hermitian) x = symmetrize(x);
  const pseudo = withCustomJvp(
    (y: Tensor): Tensor => pinvFromSvd(y, rtol),
    // Golub & Pereyra: dP = -P dA P + P Pᵀ dAᵀ (I - A P) + (I - P A) dAᵀ Pᵀ P, in JAX's order of products
    ([y], [dy]) => {
      const p = pinvFromSvd(y, rtol);
      const dyt = mT(dy);
      const pt = mT(p);
      let dp: Tensor;
      if (m >= n) {
        const s = matmul(matmul(p, pt), dyt);
        const t = matmul(matmul(dyt, pt), p);
        dp = ops.add(ops.sub(ops.add(ops.sub(s, matmul(matmul(s, y), p)), t), matmul(matmul(p, y), t)), ops.neg(matmul(matmul(p, dy), p)));
      } else {
        const s = matmul(p, matmul(pt, dyt));
        const t = matmul(dyt, matmul(pt, p));
        dp = ops.add(ops.sub(ops.add(ops.sub(s, matmul(s, matmul(y, p))), t), matmul(p, matmul(y, t))), ops.neg(matmul(p, matmul(dy, p))));
      }
      return [p, dp];
    },
  );
  return pseudo(x);
}

/**
 * The least-squares solution of a x = b for a [m, n] and b [m] or [m, k]: `[x, resid, rank, s]` with the
 * squared residual norms Σ (b - a x)² per column ([k], or [1] for a vector b; always computed, as JAX; numpy
 * returns an empty array when rank < n or m ≤ n), the effective rank (int32) and the singular values. Differentiable in a (through the
 * SVD: distinct singular values) and b.
 *
 * @example
 * np.linalg.lstsq([[1, 0], [1, 1], [1, 2]], [1, 2, 2])[0] // [1.1666666666666667, 0.5]
 */
export function lstsq(a: ArrayLike, b: ArrayLike, rcond?: number | null): [x: Tensor, resid: Tensor, rank: Tensor, s: Tensor] {
  let [x, y] = floatPair("linalg.lstsq", a, b);
  if (x.ndim !== 2 || (y.ndim !== 1 && y.ndim !== 2) || x.shape[0] !== y.shape[0]) {
    throw new ShapeError(`linalg.lstsq: needs a [m, n] and b [m] or [m, k] with the same m, got a ${avalText(x)} and b ${avalText(y)}.`);
  }
  if (rcond !== undefined && rcond !== null && typeof rcond !== "number") {
    throw new ArgumentError(`linalg.lstsq: rcond must be a number or null, got ${showValue(rcond)}.`);
  }
  const vector = y.ndim === 1;
  if (vector) y = ops.reshape(y, [y.shape[0], 1]);
  const [m, n] = x.shape;
  const eps = epsOf(x.dtype);
  const cut = rcond === undefined || rcond === null ? eps * Math.max(m, n) : rcond < 0 ? eps : rcond;
  if (m === 0 || n === 0) {
    const sol = ops.full([n, y.shape[1]], 0, x.dtype);
    const resid = ops.reduceSum(ops.mul(y, y), [0]);
    return [vector ? ops.reshape(sol, [n]) : sol, resid, ops.scalar(0, "int32"), ops.full([0], 0, x.dtype)];
  }
  const [s, u, vt] = ops.svd(x, false, true);
  const keep = ops.ge(s, ops.mulScalar(ops.reshape(ops.slice(s, [0], [1]), []), cut));
  const rank = ops.reduceSum(ops.convert(keep, "int32"), [0]);
  const safe = ops.select(keep, s, ops.scalar(1, x.dtype));
  const inverse = ops.select(keep, ops.div(ops.scalar(1, x.dtype), safe), ops.scalar(0, x.dtype));
  const sol = matmul(mT(vt), ops.mul(asColumn(inverse), matmul(mT(u), y)));
  const r = ops.sub(y, matmul(x, sol));
  const resid = ops.reduceSum(ops.mul(r, r), [0]);
  return [vector ? ops.reshape(sol, [n]) : sol, resid, rank, s];
}
