/** Specs for the elementwise kernels against per-element references with broadcasting. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { binary, cast, fill, select, unary } from "../../lib/kernels/index.ts";
import type { BinaryOp, UnaryOp } from "../../lib/kernels/index.ts";
import { typedArrayFrom } from "../../lib/array/dtype.ts";
import { erf as specialErf, erfc as specialErfc } from "../../lib/kernels/special.ts";
import { erfinv, erfinv32 } from "../../lib/kernels/erfinv.ts";
import { gammaGrad } from "../../lib/kernels/randomGamma.ts";
import { digamma, lgamma, polygamma } from "../../lib/kernels/gamma.ts";
import type { DType } from "../../lib/array/dtype.ts";
import { sizeOf } from "../../lib/array/shape.ts";
import { allCoords, arrayArb, broadcastRead, broadcastShapesArb, dataArb, dtypeArb, sameValues, storeAll } from "./naive.ts";

/** numpy's round: to the nearest integer, ties to the even one, the sign of zero kept. */
function roundHalfEvenReference(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  const r = d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
  return r === 0 && (v < 0 || Object.is(v, -0)) ? -0 : r;
}

/** Rounding with ties away from zero, the sign of zero kept. */
function roundHalfAwayReference(v: number): number {
  const a = Math.abs(v);
  const f = Math.floor(a);
  const r = a - f >= 0.5 ? f + 1 : f;
  return v < 0 || Object.is(v, -0) ? -r : r;
}

const UNARY_REFERENCE: Record<UnaryOp, (v: number) => number> = {
  // the 32-bit pattern's complement (ToInt32 first, as the kernels read any dtype)
  bitNot: (v) => -(v | 0) - 1,
  logicalNot: (v) => (v | 0) ^ 1,
  // their accuracy is pinned against mpmath in random.spec.ts
  erfInv32: erfinv32,
  neg: (v) => -v,
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  expm1: Math.expm1,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  atan: Math.atan,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sign: (v) => (Number.isNaN(v) ? NaN : v > 0 ? 1 : v < 0 ? -1 : 0),
  logistic: (v) => 1 / (1 + Math.exp(-v)),
  isfinite: (v) => (Number.isFinite(v) ? 1 : 0),
  // the kernel's own scalar functions (their accuracy is pinned against Python's math.erf/erfc in special.spec.ts)
  erf: specialErf,
  erfc: specialErfc,
  floor: Math.floor,
  ceil: Math.ceil,
  roundHalfEven: roundHalfEvenReference,
  roundHalfAway: roundHalfAwayReference,
  // transcendental: V8's Math functions (within 2 ulp, measured against mpmath) and the scalar functions of
  // gamma.ts and erfinv.ts (their accuracy is pinned in gamma.spec.ts and random.spec.ts)
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  sinh: Math.sinh,
  cosh: Math.cosh,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
  cbrt: Math.cbrt,
  exp2: (v) => Math.pow(2, v),
  log2: Math.log2,
  log10: Math.log10,
  lgamma,
  digamma,
  erf_inv: erfinv,
};

const isInteger = (dtype: DType): boolean => dtype === "int32" || dtype === "uint32" || dtype === "bool";

/** a ** b modulo 2^32 as an int32, by BigInt (XLA's integer power; a negative exponent truncates 1 / a^|b|). */
function integerPower(a: number, b: number): number {
  if (b < 0) return a === 1 ? 1 : a === -1 ? (b % 2 === 0 ? 1 : -1) : 0;
  const m = 2n ** 32n;
  let result = 1n, base = BigInt(a >>> 0), e = BigInt(b);
  for (; e > 0n; e >>= 1n, base = (base * base) % m) if (e & 1n) result = (result * base) % m;
  return Number(BigInt.asIntN(32, result));
}

/** XLA's shifts on 32-bit patterns: amounts of 32 or more (as unsigned) give 0, or the sign for the arithmetic right shift. */
function shiftReference(op: "shift_left" | "shift_right_logical" | "shift_right_arithmetic", a: number, b: number): number {
  const amount = b >>> 0;
  if (op === "shift_left") return amount >= 32 ? 0 : Number(BigInt.asIntN(32, BigInt(a >>> 0) * 2n ** BigInt(amount)));
  if (op === "shift_right_logical") return amount >= 32 ? 0 : Math.floor((a >>> 0) / 2 ** amount);
  return Math.floor((a | 0) / 2 ** Math.min(amount, 31));
}

function binaryReference(op: BinaryOp, a: number, b: number, integerMultiply: boolean): number {
  switch (op) {
    case "and": return (a | 0) & (b | 0);
    case "or": return (a | 0) | (b | 0);
    case "xor": return (a | 0) ^ (b | 0);
    case "shift_left":
    case "shift_right_logical":
    case "shift_right_arithmetic":
      return shiftReference(op, a, b);
    case "randomGammaGrad": return gammaGrad(a, b);
    case "add": return a + b;
    case "sub": return a - b;
    case "mul": return integerMultiply ? Math.imul(a, b) : a * b;
    case "div": return a / b;
    case "pow": return integerMultiply ? integerPower(a, b) : Math.pow(a, b);
    case "max": return Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b);
    case "min": return Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b);
    case "eq": return a === b ? 1 : 0;
    case "ne": return a !== b ? 1 : 0;
    case "lt": return a < b ? 1 : 0;
    case "le": return a <= b ? 1 : 0;
    case "gt": return a > b ? 1 : 0;
    case "ge": return a >= b ? 1 : 0;
    case "atan2": return Math.atan2(a, b);
    // C's fmod (x % 0 is NaN, which an int32 store makes 0)
    case "rem": return a % b;
    case "polygamma": return polygamma(a, b);
  }
}

const UNARY_OPS = Object.keys(UNARY_REFERENCE) as UnaryOp[];
const BINARY_OPS: BinaryOp[] = [
  "add", "sub", "mul", "div", "pow", "max", "min", "eq", "ne", "lt", "le", "gt", "ge", "atan2", "rem", "polygamma",
  "and", "or", "xor", "shift_left", "shift_right_logical", "shift_right_arithmetic", "randomGammaGrad",
];

/**
 * The transcendental kernels are the library's own (lib/kernels/lanes/math/, within an ulp or two of the
 * correctly rounded result: README, "Accuracy of the elementwise kernels"), so they match the references
 * (V8's Math.*, within an ulp themselves) to a few ulps of the precision they work in: float32 when the
 * operand and the result are float32, float64 otherwise.
 */
const KERNEL_OPS = new Set<UnaryOp>(["exp", "log", "log1p", "expm1", "sin", "cos", "tanh", "atan", "logistic", "erf", "erfc"]);

function unaryTolerance(op: UnaryOp, inDtype: DType, outDtype: DType): number {
  if (!KERNEL_OPS.has(op)) return 0;
  return inDtype === "float32" || outDtype === "float32" ? 5e-7 : 1e-15;
}

describe("unary", () => {
  it("matches a per-element reference for every op, input and output dtype", () => {
    fc.assert(
      fc.property(fc.constantFrom(...UNARY_OPS), arrayArb(), dtypeArb, (op, x, outDtype) => {
        const got = unary(op, x.data, outDtype);
        const want = storeAll(outDtype, Array.from(x.data, UNARY_REFERENCE[op]));
        expect(got.constructor).toBe(want.constructor);
        expect(sameValues(got, want, unaryTolerance(op, x.dtype, outDtype))).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it("computes logistic without overflow and keeps sign(nan) = nan", () => {
    const x = new Float64Array([-1000, -40, 0, 40, 1000, NaN]);
    const y = unary("logistic", x, "float64");
    const want = [0, Math.exp(-40) / (1 + Math.exp(-40)), 0.5, 1 / (1 + Math.exp(-40)), 1, NaN];
    expect(sameValues(y, want, 1e-15)).toBeNull();
    expect([y[0], y[2], y[4]]).toEqual([0, 0.5, 1]);
    expect(Array.from(unary("sign", new Float64Array([NaN, 0, -3, 2]), "float64"))).toEqual([NaN, 0, -1, 1]);
    expect(Array.from(unary("isfinite", new Float64Array([NaN, Infinity, -Infinity, 1]), "bool"))).toEqual([0, 0, 0, 1]);
  });

  it("never writes to its input", () => {
    const x = new Float64Array([1, 2, 3]);
    const y = unary("abs", x, "float64");
    expect(y).not.toBe(x);
    y[0] = 9;
    expect(x[0]).toBe(1);
  });
});

describe("binary", () => {
  it("matches a broadcasting reference for every op and dtype combination", () => {
    const caseArb = broadcastShapesArb(2).chain(({ out, inputs }) =>
      fc.record({
        op: fc.constantFrom(...BINARY_OPS),
        out: fc.constant(out),
        aShape: fc.constant(inputs[0]),
        bShape: fc.constant(inputs[1]),
        aDtype: dtypeArb,
        bDtype: dtypeArb,
        outDtype: dtypeArb,
      }).chain((c) =>
        fc.tuple(dataArb(c.aDtype, sizeOf(c.aShape)), dataArb(c.bDtype, sizeOf(c.bShape))).map(([a, b]) => ({ ...c, a, b })),
      ),
    );
    fc.assert(
      fc.property(caseArb, (c) => {
        const got = binary(c.op, c.a, c.aShape, c.b, c.bShape, c.out, c.outDtype);
        const integerMultiply = (c.outDtype === "int32" || c.outDtype === "uint32") && isInteger(c.aDtype) && isInteger(c.bDtype);
        const want = storeAll(
          c.outDtype,
          allCoords(c.out).map((coords) =>
            binaryReference(c.op, broadcastRead(c.a, c.aShape, coords), broadcastRead(c.b, c.bShape, coords), integerMultiply),
          ),
        );
        expect(sameValues(got, want)).toBeNull();
      }),
      { numRuns: 400 },
    );
  });

  it("handles row and column broadcasts of larger matrices", () => {
    const a = Float64Array.from({ length: 128 * 256 }, (_, i) => i % 97);
    const row = Float64Array.from({ length: 256 }, (_, i) => i / 4);
    const column = Float64Array.from({ length: 128 }, (_, i) => -i);
    const rows = binary("add", a, [128, 256], row, [256], [128, 256], "float64");
    const columns = binary("mul", a, [128, 256], column, [128, 1], [128, 256], "float64");
    const outer = binary("sub", column, [128, 1], row, [1, 256], [128, 256], "float32");
    for (const i of [0, 1, 77, 127]) {
      for (const j of [0, 3, 128, 255]) {
        expect(rows[i * 256 + j]).toBe(a[i * 256 + j] + row[j]);
        expect(columns[i * 256 + j]).toBe(a[i * 256 + j] * column[i]);
        expect(outer[i * 256 + j]).toBe(Math.fround(column[i] - row[j]));
      }
    }
  });

  it("propagates NaN through max and min and wraps int32 multiplication", () => {
    const a = new Float64Array([NaN, 1, 2]);
    const b = new Float64Array([1, NaN, 3]);
    expect(Array.from(binary("max", a, [3], b, [3], [3], "float64"))).toEqual([NaN, NaN, 3]);
    expect(Array.from(binary("min", a, [3], b, [3], [3], "float64"))).toEqual([NaN, NaN, 2]);
    const big = new Int32Array([65536 * 3 + 7]);
    expect(binary("mul", big, [1], big, [1], [1], "int32")[0]).toBe(Math.imul(big[0], big[0]));
  });
});

describe("select", () => {
  it("matches a broadcasting reference", () => {
    const caseArb = broadcastShapesArb(3).chain(({ out, inputs }) =>
      fc.tuple(dtypeArb, dtypeArb, dtypeArb).chain(([predDtype, valueDtype, outDtype]) =>
        fc
          .tuple(
            dataArb(predDtype, sizeOf(inputs[0])),
            dataArb(valueDtype, sizeOf(inputs[1])),
            dataArb(valueDtype, sizeOf(inputs[2])),
          )
          .map(([pred, onTrue, onFalse]) => ({ out, inputs, pred, onTrue, onFalse, outDtype })),
      ),
    );
    fc.assert(
      fc.property(caseArb, (c) => {
        const [ps, ts, fs] = c.inputs;
        const got = select(c.pred, ps, c.onTrue, ts, c.onFalse, fs, c.out, c.outDtype);
        const want = storeAll(
          c.outDtype,
          allCoords(c.out).map((coords) =>
            broadcastRead(c.pred, ps, coords) !== 0 ? broadcastRead(c.onTrue, ts, coords) : broadcastRead(c.onFalse, fs, coords),
          ),
        );
        expect(sameValues(got, want)).toBeNull();
      }),
      { numRuns: 200 },
    );
  });
});

describe("cast and fill", () => {
  it("converts like numpy astype", () => {
    const x = new Float64Array([1.7, -1.7, 0, -0, NaN, 2.5, -3]);
    expect(Array.from(cast(x, "int32"))).toEqual([1, -1, 0, 0, 0, 2, -3]);
    expect(Array.from(cast(x, "bool"))).toEqual([1, 1, 0, 0, 1, 1, 1]);
    expect(Array.from(cast(new Uint8Array([1, 0]), "float32"))).toEqual([1, 0]);
    expect(cast(x, "float32")).toBeInstanceOf(Float32Array);
  });

  it("matches a per-element reference", () => {
    fc.assert(
      fc.property(arrayArb(), dtypeArb, (x, outDtype) => {
        const got = cast(x.data, outDtype);
        const want = storeAll(outDtype, Array.from(x.data));
        expect(sameValues(got, want)).toBeNull();
        expect(got).not.toBe(x.data);
      }),
    );
  });

  it("fills with the converted value", () => {
    expect(Array.from(fill(2.5, 3, "float64"))).toEqual([2.5, 2.5, 2.5]);
    expect(Array.from(fill(2.5, 2, "int32"))).toEqual([2, 2]);
    expect(Array.from(fill(2.5, 2, "bool"))).toEqual([1, 1]);
    expect(Array.from(fill(NaN, 1, "bool"))).toEqual([1]);
    expect(fill(1, 0, "float32")).toEqual(typedArrayFrom("float32", []));
  });
});
