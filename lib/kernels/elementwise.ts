/**
 * Elementwise kernels: unary maps, broadcasting binary maps, select, casts
 * and fills. Each op's math is its rule in `scalar.ts` (shared with the
 * fused loops of `lib/compile/`). Large arrays of enough work per element
 * run in a WebAssembly SIMD loop (`lanes/wasmLoop.ts`), the rest in a
 * JavaScript loop generated from the same rule, which gives the same bits.
 *
 * Each (op, input kinds, output kind) gets its own compiled JavaScript loop.
 * Binary broadcasting has fast paths for equal sizes and scalar operands;
 * otherwise an odometer walks the collapsed outer axes around a tight inner
 * loop in which each operand advances by 1 or stays put (stride 0).
 */
import { allocate, dtypeOfTypedArray } from "../array/dtype.ts";
import type { DType, TypedArray } from "../array/dtype.ts";
import { sizeOf } from "../array/shape.ts";
import type { Shape } from "../array/shape.ts";
import { broadcastPlan, compileOnce, KINDS, kindCode, kindOf, odometerStep, specialize } from "./compile.ts";
import { cachedWasmLoop, WASM_MIN_ELEMENTS, worthWasm } from "./lanes/dispatch.ts";
import { wasmEnabled } from "../wasm/features.ts";
import { JsLanes, type JsLane } from "./lanes/jsLanes.ts";
import { hasLanes, laneOf, type ElementRule } from "./lanes/lanes.ts";
import { ruleProgram, type Access } from "./lanes/program.ts";
import { BINARY_MATH, isInt32Arithmetic, SELECT_MATH, toStorage, UNARY_MATH, type BinaryOp, type UnaryOp } from "./scalar.ts";

export type { BinaryOp, UnaryOp };

// the body of one element, for the JavaScript templates

/** The JavaScript statements computing one element of `rule` from the named operands, and the name of the result. */
function elementCode(rule: ElementRule, operands: readonly { readonly name: string; readonly dtype: DType }[], out: DType, prefix = "t") {
  const b = new JsLanes(prefix);
  const values: JsLane[] = operands.map(({ name, dtype }) => ({ code: name, type: laneOf(dtype) }));
  const int32 = isInt32Arithmetic(operands[0].dtype, (operands[1] ?? operands[0]).dtype, out);
  const value = hasLanes(rule) ? rule.lanes(b, values, laneOf(out)) : b.define(toStorage(rule.js(values.map((v) => v.code), int32), out), laneOf(out));
  return { lines: b.lines.join(" "), value: value.code, ops: b.work, preamble: b.preamble.join("\n") };
}

/** Runs `rule` in WebAssembly when worth it; false when the JavaScript loop should run. */
function tryWasm(
  key: string,
  rule: ElementRule,
  operands: readonly { data: TypedArray; access: Access }[],
  out: TypedArray,
  outDtype: DType,
  ops: number,
): boolean {
  const n = out.length;
  if (!worthWasm(n, ops, operands.filter((o) => o.access !== "scalar").length + 1)) return false;
  const program = ruleProgram(key, rule, operands.map(({ data, access }) => ({ dtype: dtypeOfTypedArray(data), access })), outDtype);
  if (program === null) return false;
  return cachedWasmLoop(program)(operands.map((o) => o.data), [out], n, EMPTY_SUMS);
}

const EMPTY_SUMS = new Float64Array(0);

const UNARY_INDEX = indexOf(Object.keys(UNARY_MATH) as UnaryOp[]);

type UnaryLoop = ((x: TypedArray, out: TypedArray, n: number) => void) & { ops?: number };

const unaryLoops = new Map<number, { loop: UnaryLoop; ops: number }>();

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
  const { loop, ops } = specialize(unaryLoops, (UNARY_INDEX[op] * KINDS + kindCode(x)) * KINDS + kindCode(out), () => {
    const { lines, value, ops, preamble } = elementCode(UNARY_MATH[op], [{ name: "v", dtype: dtypeOfTypedArray(x) }], outDtype);
    const loop = compileOnce<UnaryLoop>(`unary:${op}:${kindOf(x)}:${kindOf(out)}`, () => {
      return `${preamble}\nreturn function (x, out, n) { for (let i = 0; i < n; i++) { const v = x[i]; ${lines} out[i] = ${value}; } };`;
    });
    return { loop, ops };
  });
  if (n < WASM_MIN_ELEMENTS || !tryWasm(`unary:${op}:${kindOf(x)}:${kindOf(out)}`, UNARY_MATH[op], [{ data: x, access: "index" }], out, outDtype, ops)) {
    loop(x, out, n);
  }
  return out;
}

const BINARY_INDEX = indexOf(Object.keys(BINARY_MATH) as BinaryOp[]);

interface BinaryLoops {
  same(a: TypedArray, b: TypedArray, out: TypedArray, n: number): void;
  scalarA(a: number, b: TypedArray, out: TypedArray, n: number): void;
  scalarB(a: TypedArray, b: number, out: TypedArray, n: number): void;
  general(a: TypedArray, b: TypedArray, out: TypedArray, dims: number[], aStrides: number[], bStrides: number[]): void;
  ops: number;
}

const binaryLoops = new Map<number, BinaryLoops>();

function binaryLoopsSource(lines: string, value: string): string {
  const element = (target: string) => `${lines} ${target} = ${value};`;
  return `
function same(A, B, O, n) { for (let i = 0; i < n; i++) { const a = A[i]; const b = B[i]; ${element("O[i]")} } }
function scalarA(a, B, O, n) { for (let i = 0; i < n; i++) { const b = B[i]; ${element("O[i]")} } }
function scalarB(A, b, O, n) { for (let i = 0; i < n; i++) { const a = A[i]; ${element("O[i]")} } }
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
      for (let i = 0; i < inner; i++) { const a = A[ia + i]; const b = B[ib + i]; ${element("O[io + i]")} }
    } else if (sa === 1) {
      const b = B[ib];
      for (let i = 0; i < inner; i++) { const a = A[ia + i]; ${element("O[io + i]")} }
    } else if (sb === 1) {
      const a = A[ia];
      for (let i = 0; i < inner; i++) { const b = B[ib + i]; ${element("O[io + i]")} }
    } else {
      const a = A[ia]; const b = B[ib]; ${lines} const r = ${value};
      for (let i = 0; i < inner; i++) O[io + i] = r;
    }
    io += inner;
    ${odometerStep(["ia", "ib"], ["as", "bs"])}
  }
}
return { same, scalarA, scalarB, general };`;
}

/** Whether an operand of `shape` is a trailing block of `outShape` (after leading 1s), read at i % size. */
function isSuffix(shape: Shape, outShape: Shape): boolean {
  let k = 0;
  while (k < shape.length && shape[k] === 1) k++;
  const tail = shape.slice(k);
  if (tail.length > outShape.length) return false;
  const offset = outShape.length - tail.length;
  return tail.every((d, i) => d === outShape[offset + i]);
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
    const operands = [{ name: "a", dtype: dtypeOfTypedArray(a) }, { name: "b", dtype: dtypeOfTypedArray(b) }];
    const { lines, value, ops, preamble } = elementCode(BINARY_MATH[op], operands, outDtype);
    const compiled = compileOnce<Omit<BinaryLoops, "ops">>(`binary:${op}:${kindOf(a)}:${kindOf(b)}:${kindOf(out)}`, () => preamble + binaryLoopsSource(lines, value));
    return { ...compiled, ops };
  });
  // Broadcasting never shrinks, so an operand with n elements is laid out exactly like the output.
  if (n >= WASM_MIN_ELEMENTS && wasmEnabled()) {
    const access = (x: TypedArray, shape: Shape): Access | null => (x.length === n ? "index" : x.length === 1 ? "scalar" : isSuffix(shape, outShape) ? "suffix" : null);
    const aAccess = access(a, aShape);
    const bAccess = access(b, bShape);
    if (aAccess !== null && bAccess !== null) {
      const key = `binary:${op}:${kindOf(a)}:${aAccess}:${kindOf(b)}:${bAccess}:${kindOf(out)}`;
      const operands = [{ data: a, access: aAccess }, { data: b, access: bAccess }];
      if (tryWasm(key, BINARY_MATH[op], operands, out, outDtype, loops.ops)) return out;
    }
  }
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
  ops: number;
}

const selectLoops = new Map<number, SelectLoops>();

function selectLoopsSource(lines: string, value: string): string {
  return `
function same(P, T, F, O, n) { for (let i = 0; i < n; i++) { const p = P[i], t = T[i], f = F[i]; ${lines} O[i] = ${value}; } }
function general(P, T, F, O, dims, ps, ts, fs) {
  const rank = dims.length;
  const inner = dims[rank - 1];
  const sp = ps[rank - 1], st = ts[rank - 1], sf = fs[rank - 1];
  let outer = 1;
  for (let d = 0; d < rank - 1; d++) outer *= dims[d];
  const counter = new Int32Array(rank);
  let ip = 0, it = 0, jf = 0, io = 0;
  for (let o = 0; o < outer; o++) {
    let pi = ip, ti = it, fi = jf;
    for (let i = 0; i < inner; i++) {
      const p = P[pi], t = T[ti], f = F[fi];
      ${lines}
      O[io + i] = ${value};
      pi += sp; ti += st; fi += sf;
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
    const operands = [
      { name: "p", dtype: dtypeOfTypedArray(pred) },
      { name: "t", dtype: dtypeOfTypedArray(onTrue) },
      { name: "f", dtype: dtypeOfTypedArray(onFalse) },
    ];
    const { lines, value, ops, preamble } = elementCode(SELECT_MATH, operands, outDtype, "s");
    return { ...compileOnce<Omit<SelectLoops, "ops">>(`select:${kinds}`, () => preamble + selectLoopsSource(lines, value)), ops };
  });
  if (pred.length === n && onTrue.length === n && onFalse.length === n) {
    if (n < WASM_MIN_ELEMENTS || !wasmEnabled()) {
      loops.same(pred, onTrue, onFalse, out, n);
    } else {
      const key = `select:${kindOf(pred)}:${kindOf(onTrue)}:${kindOf(onFalse)}:${kindOf(out)}`;
      const operands = [pred, onTrue, onFalse].map((data) => ({ data, access: "index" as const }));
      if (!tryWasm(key, SELECT_MATH, operands, out, outDtype, loops.ops)) loops.same(pred, onTrue, onFalse, out, n);
    }
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
  if (outDtype === "bool" && kindOf(x) !== "u8") {
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
