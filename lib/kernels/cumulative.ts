/**
 * Cumulative products, maxima and minima along one axis (the kernels of the
 * `cumprod`, `cummax`, `cummin` primitives; `cumsum` is in `reduce.ts`).
 * Each output element is the running result rounded as its dtype stores it,
 * and the next step starts from that stored value, as numpy's sequential
 * `multiply.accumulate` does (float32 products round at every step, int32
 * products wrap as `Math.imul`). Maxima and minima propagate NaN, as
 * `np.maximum.accumulate`.
 *
 * @example
 * cumulative("prod", Float64Array.of(1, 2, 3), [3], 0, false, "float64"); // [1, 2, 6]
 */
import { allocate, type DType, type TypedArray } from "../array/dtype.ts";
import { sizeOf, type Shape } from "../array/shape.ts";
import { compileOnce, kindCode, kindOf, specialize } from "./compile.ts";
import { toStorage } from "./scalar.ts";

/** The cumulative operations with a kernel here. */
export type CumulativeOp = "prod" | "max" | "min";

const OPS: readonly CumulativeOp[] = ["prod", "max", "min"];

const IDENTITY: Record<CumulativeOp, string> = { prod: "1", max: "-Infinity", min: "Infinity" };

/** The statement's expression: the running value `r` combined with the element `v`, as stored in `dtype`. */
function stepExpression(op: CumulativeOp, dtype: DType): string {
  switch (op) {
    case "prod":
      // int32 products wrap exactly (a double product of two int32s can lose bits before `| 0`)
      return dtype === "int32" ? "Math.imul(r, v)" : toStorage("r * v", dtype);
    case "max":
      return "Math.max(r, v)";
    case "min":
      return "Math.min(r, v)";
  }
}

type ScanLoop = (x: TypedArray, out: TypedArray, outer: number, length: number, inner: number, reverse: boolean) => void;

const loops = new Map<number, ScanLoop>();

function loopSource(op: CumulativeOp, dtype: DType): string {
  const step = stepExpression(op, dtype);
  return `return function (X, O, outer, length, inner, reverse) {
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      const base = o * length;
      let r = ${IDENTITY[op]};
      if (reverse) {
        for (let j = base + length - 1; j >= base; j--) { const v = X[j]; r = ${step}; O[j] = r; }
      } else {
        for (let j = base; j < base + length; j++) { const v = X[j]; r = ${step}; O[j] = r; }
      }
    }
    return;
  }
  const row = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    row.fill(${IDENTITY[op]});
    const base = o * length * inner;
    for (let s = 0; s < length; s++) {
      const rowBase = base + (reverse ? length - 1 - s : s) * inner;
      for (let k = 0; k < inner; k++) {
        let r = row[k]; const v = X[rowBase + k];
        r = ${step};
        row[k] = r; O[rowBase + k] = r;
      }
    }
  }
};`;
}

/** The inclusive running product, maximum or minimum of `x` along `axis` (from the end when `reverse`), in `x`'s dtype. */
export function cumulative(op: CumulativeOp, x: TypedArray, shape: Shape, axis: number, reverse: boolean, dtype: DType): TypedArray {
  const out = allocate(dtype, sizeOf(shape));
  if (out.length === 0) return out;
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i];
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i];
  const loop = specialize(loops, OPS.indexOf(op) * 4 + kindCode(x), () =>
    compileOnce<ScanLoop>(`cumulative:${op}:${kindOf(x)}`, () => loopSource(op, dtype)),
  );
  loop(x, out, outer, shape[axis], inner, reverse);
  return out;
}
