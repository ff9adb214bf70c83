/**
 * Elementwise kernels: unary maps, broadcasting binary maps, select, casts
 * and fills. Each op's math is its entry in `scalar.ts` (shared with the
 * fused loops of `lib/compile/`); it runs in JS doubles and is stored into
 * the output typed array (Float32Array stores round, Int32Array stores wrap
 * and truncate; bool results are written as 0/1).
 *
 * Each (op, input kinds, output kind) gets its own compiled loop. Binary
 * broadcasting has fast paths for equal sizes and scalar operands; otherwise
 * an odometer walks the collapsed outer axes around a tight inner loop in
 * which each operand advances by 1 or stays put (stride 0).
 */
import { allocate, dtypeOfTypedArray } from "../array/dtype.ts";
import type { DType, TypedArray } from "../array/dtype.ts";
import { sizeOf } from "../array/shape.ts";
import type { Shape } from "../array/shape.ts";
import { broadcastPlan, compileOnce, KINDS, kindCode, kindOf, odometerStep, specialize } from "./compile.ts";
import { BINARY_MATH, isInt32Arithmetic, selectMath, toStorage, UNARY_MATH, type BinaryOp, type UnaryOp } from "./scalar.ts";

export type { BinaryOp, UnaryOp };

const UNARY_INDEX = indexOf(Object.keys(UNARY_MATH) as UnaryOp[]);

type UnaryLoop = (x: TypedArray, out: TypedArray, n: number) => void;

const unaryLoops = new Map<number, UnaryLoop>();

/** Position of each name in `names`, for integer specialization codes. */
function indexOf<T extends string>(names: readonly T[]): Record<T, number> {
  const index = {} as Record<T, number>;
  names.forEach((name, i) => (index[name] = i));
  return index;
}

/** Applies `op` to every element of `x`; the result has dtype `outDtype`. */
export function unary(op: UnaryOp, x: TypedArray, outDtype: DType): TypedArray {
  const n = x.length;
  const out = allocate(outDtype, n);
  const loop = specialize(unaryLoops, (UNARY_INDEX[op] * KINDS + kindCode(x)) * KINDS + kindCode(out), () => {
    const value = UNARY_MATH[op]("v");
    // typed-array stores round float32 and wrap int32; only bool needs its 0/1 made explicit
    const store = outDtype === "bool" ? toStorage(value, "bool") : value;
    return compileOnce<UnaryLoop>(`unary:${op}:${kindOf(x)}:${kindOf(out)}`, () => {
      return `return function (x, out, n) { for (let i = 0; i < n; i++) { const v = x[i]; out[i] = ${store}; } };`;
    });
  });
  loop(x, out, n);
  return out;
}

const BINARY_INDEX = indexOf(Object.keys(BINARY_MATH) as BinaryOp[]);

interface BinaryLoops {
  same(a: TypedArray, b: TypedArray, out: TypedArray, n: number): void;
  scalarA(a: number, b: TypedArray, out: TypedArray, n: number): void;
  scalarB(a: TypedArray, b: number, out: TypedArray, n: number): void;
  general(a: TypedArray, b: TypedArray, out: TypedArray, dims: number[], aStrides: number[], bStrides: number[]): void;
}

const binaryLoops = new Map<number, BinaryLoops>();

function binaryExpression(op: BinaryOp, a: TypedArray, b: TypedArray, outDtype: DType): string {
  const int32 = isInt32Arithmetic(dtypeOfTypedArray(a), dtypeOfTypedArray(b), outDtype);
  const value = BINARY_MATH[op]("a", "b", int32);
  return outDtype === "bool" ? toStorage(value, "bool") : value;
}

function binaryLoopsSource(expression: string): string {
  return `
function same(A, B, O, n) { for (let i = 0; i < n; i++) { const a = A[i]; const b = B[i]; O[i] = ${expression}; } }
function scalarA(a, B, O, n) { for (let i = 0; i < n; i++) { const b = B[i]; O[i] = ${expression}; } }
function scalarB(A, b, O, n) { for (let i = 0; i < n; i++) { const a = A[i]; O[i] = ${expression}; } }
function general(A, B, O, dims, as, bs) {
  const rank = dims.length;
  const inner = dims[rank - 1];
  const sa = as[rank - 1];
  const sb = bs[rank - 1];
  let outer = 1;
  for (let d = 0; d < rank - 1; d++) outer *= dims[d];
  const counter = new Int32Array(rank);
  let ia = 0, ib = 0, io = 0;
  for (let o = 0; o < outer; o++) {
    if (sa === 1 && sb === 1) {
      for (let i = 0; i < inner; i++) { const a = A[ia + i]; const b = B[ib + i]; O[io + i] = ${expression}; }
    } else if (sa === 1) {
      const b = B[ib];
      for (let i = 0; i < inner; i++) { const a = A[ia + i]; O[io + i] = ${expression}; }
    } else if (sb === 1) {
      const a = A[ia];
      for (let i = 0; i < inner; i++) { const b = B[ib + i]; O[io + i] = ${expression}; }
    } else {
      const a = A[ia]; const b = B[ib]; const r = ${expression};
      for (let i = 0; i < inner; i++) O[io + i] = r;
    }
    io += inner;
    ${odometerStep(["ia", "ib"], ["as", "bs"])}
  }
}
return { same, scalarA, scalarB, general };`;
}

/** `a op b` with numpy broadcasting into `outShape` (= broadcastShapes(aShape, bShape)), dtype `outDtype`. */
export function binary(
  op: BinaryOp,
  a: TypedArray,
  aShape: Shape,
  b: TypedArray,
  bShape: Shape,
  outShape: Shape,
  outDtype: DType,
): TypedArray {
  const n = sizeOf(outShape);
  const out = allocate(outDtype, n);
  if (n === 0) return out;
  const code = ((BINARY_INDEX[op] * KINDS + kindCode(a)) * KINDS + kindCode(b)) * KINDS + kindCode(out);
  const loops = specialize(binaryLoops, code, () => {
    return compileOnce<BinaryLoops>(`binary:${op}:${kindOf(a)}:${kindOf(b)}:${kindOf(out)}`, () =>
      binaryLoopsSource(binaryExpression(op, a, b, outDtype)),
    );
  });
  // Broadcasting never shrinks, so an operand with n elements is laid out exactly like the output.
  if (a.length === n && b.length === n) loops.same(a, b, out, n);
  else if (b.length === 1 && a.length === n) loops.scalarB(a, b[0], out, n);
  else if (a.length === 1 && b.length === n) loops.scalarA(a[0], b, out, n);
  else {
    const plan = broadcastPlan(outShape, [aShape, bShape]);
    loops.general(a, b, out, plan.dims, plan.strides[0], plan.strides[1]);
  }
  return out;
}

interface SelectLoops {
  same(p: TypedArray, t: TypedArray, f: TypedArray, out: TypedArray, n: number): void;
  general(
    p: TypedArray,
    t: TypedArray,
    f: TypedArray,
    out: TypedArray,
    dims: number[],
    pStrides: number[],
    tStrides: number[],
    fStrides: number[],
  ): void;
}

const selectLoops = new Map<number, SelectLoops>();

function selectLoopsSource(store: string): string {
  return `
function same(P, T, F, O, n) { for (let i = 0; i < n; i++) { const p = P[i], t = T[i], f = F[i]; const v = ${selectMath("p", "t", "f")}; O[i] = ${store}; } }
function general(P, T, F, O, dims, ps, ts, fs) {
  const rank = dims.length;
  const inner = dims[rank - 1];
  const sp = ps[rank - 1], st = ts[rank - 1], sf = fs[rank - 1];
  let outer = 1;
  for (let d = 0; d < rank - 1; d++) outer *= dims[d];
  const counter = new Int32Array(rank);
  let ip = 0, it = 0, jf = 0, io = 0;
  for (let o = 0; o < outer; o++) {
    let p = ip, t = it, f = jf;
    for (let i = 0; i < inner; i++) {
      const pv = P[p], tv = T[t], fv = F[f];
      const v = ${selectMath("pv", "tv", "fv")};
      O[io + i] = ${store};
      p += sp; t += st; f += sf;
    }
    io += inner;
    ${odometerStep(["ip", "it", "jf"], ["ps", "ts", "fs"])}
  }
}
return { same, general };`;
}

/** `pred != 0 ? onTrue : onFalse` elementwise, broadcasting all three into `outShape`. */
export function select(
  pred: TypedArray,
  predShape: Shape,
  onTrue: TypedArray,
  trueShape: Shape,
  onFalse: TypedArray,
  falseShape: Shape,
  outShape: Shape,
  outDtype: DType,
): TypedArray {
  const n = sizeOf(outShape);
  const out = allocate(outDtype, n);
  if (n === 0) return out;
  const code = ((kindCode(pred) * KINDS + kindCode(onTrue)) * KINDS + kindCode(onFalse)) * KINDS + kindCode(out);
  const loops = specialize(selectLoops, code, () => {
    const kinds = `${kindOf(pred)}:${kindOf(onTrue)}:${kindOf(onFalse)}:${kindOf(out)}`;
    return compileOnce<SelectLoops>(`select:${kinds}`, () => selectLoopsSource(outDtype === "bool" ? toStorage("v", "bool") : "v"));
  });
  if (pred.length === n && onTrue.length === n && onFalse.length === n) {
    loops.same(pred, onTrue, onFalse, out, n);
  } else {
    const plan = broadcastPlan(outShape, [predShape, trueShape, falseShape]);
    const [ps, ts, fs] = plan.strides;
    loops.general(pred, onTrue, onFalse, out, plan.dims, ps, ts, fs);
  }
  return out;
}

const castToBoolLoops = new Map<number, UnaryLoop>();

/** `x` converted to `outDtype` like numpy's astype (floats truncate toward zero; bool is x !== 0, NaN -> true). */
export function cast(x: TypedArray, outDtype: DType): TypedArray {
  const out = allocate(outDtype, x.length);
  const inKind = kindCode(x);
  if (outDtype === "bool" && inKind !== 3) {
    const loop = specialize(castToBoolLoops, inKind, () =>
      compileOnce<UnaryLoop>(`cast:bool:${kindOf(x)}`, () => {
        return `return function (x, out, n) { for (let i = 0; i < n; i++) { const v = x[i]; out[i] = ${toStorage("v", "bool")}; } };`;
      }),
    );
    loop(x, out, x.length);
  } else {
    // TypedArray.prototype.set converts element types (ToInt32 truncates toward zero).
    out.set(x);
  }
  return out;
}

/** An array of `size` elements all equal to `value` (bool: value !== 0). */
export function fill(value: number, size: number, dtype: DType): TypedArray {
  const out = allocate(dtype, size);
  out.fill(dtype === "bool" ? (value !== 0 ? 1 : 0) : value);
  return out;
}
