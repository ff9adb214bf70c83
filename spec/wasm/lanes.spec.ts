/**
 * The WebAssembly path equals the JavaScript path bit for bit: every
 * elementwise rule with lanes (lib/kernels/scalar.ts), for every dtype of
 * its operands and result, every way of reading an operand (by index, a
 * scalar, a repeated suffix) and lengths that leave a partial last block, on
 * random values with the IEEE specials, subnormals and huge arguments; and
 * loops with sums. (Eager and jit then agree whichever path each takes.)
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { typedArrayFrom, type DType, type TypedArray } from "../../lib/array/dtype.ts";
import { jsLoop } from "../../lib/kernels/lanes/jsLoop.ts";
import { hasLanes, laneOf, type ElementRule } from "../../lib/kernels/lanes/lanes.ts";
import { ruleProgram, sumLayout, type Access, type LoopProgram } from "../../lib/kernels/lanes/program.ts";
import { wasmLoop } from "../../lib/kernels/lanes/wasmLoop.ts";
import { BINARY_MATH, CONVERT_MATH, SELECT_MATH, UNARY_MATH } from "../../lib/kernels/scalar.ts";
import { binary, select, unary } from "../../lib/kernels/elementwise.ts";
import { setWasmEnabled, wasmAvailable } from "../../lib/wasm/index.ts";

const DTYPES: readonly DType[] = ["float64", "float32", "int32", "uint32", "bool"];

/** Values that exercise every kernel's edges: zeros, specials, tiny and huge magnitudes, integers, halves. */
const valueArb = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: -30, max: 30, noNaN: true }) },
  { weight: 3, arbitrary: fc.double({ noNaN: false }) },
  { weight: 2, arbitrary: fc.integer({ min: -5, max: 5 }).map((k) => k / 2) },
  { weight: 1, arbitrary: fc.integer({ min: -2_147_483_648, max: 2_147_483_647 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 5e-324, -2.2e-308, 1e-310, 1.7e308, 709.7, -745.1, 88.7, -103.9, 2 ** 31, -(2 ** 31), 2 ** 32 + 5, 3e9, 1.6e6, 1e22, 0.55, 1.25, 0.84375, 6, 28),
  },
);

const lengthArb = fc.integer({ min: 1, max: 70 });

/** Null when equal element for element (NaN equals NaN, -0 differs from 0), else where not. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): string | null {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i]) && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return `index ${i}: ${a[i]} vs ${b[i]}`;
  return null;
}

function allocate(dtype: DType, n: number): TypedArray {
  return typedArrayFrom(dtype, new Array<number>(n).fill(0));
}

/** Runs a program both ways; returns where they differ, or null. */
function compare(program: LoopProgram, inputs: readonly TypedArray[], n: number): string | null {
  const outJs = program.outputs.map((d) => allocate(d, n));
  const outWasm = program.outputs.map((d) => allocate(d, n));
  const sumsJs = new Float64Array(sumLayout(program.sums).length);
  const sumsWasm = new Float64Array(sumLayout(program.sums).length);
  jsLoop(program)(inputs, outJs, n, sumsJs);
  expect(wasmLoop(program)(inputs, outWasm, n, sumsWasm)).toBe(true);
  for (let k = 0; k < outJs.length; k++) {
    const d = firstDifference(outJs[k], outWasm[k]);
    if (d !== null) return `output ${k} (${program.outputs[k]}): ${d} for inputs ${inputs.map((x) => `[${Array.from(x).join(", ")}]`).join(" ")}`;
  }
  const d = firstDifference(sumsJs, sumsWasm);
  return d === null ? null : `sums: ${d}`;
}

/** An operand of `n` elements read with `access` (a suffix: a block of `suffix` elements repeated, n a multiple of it). */
const operandArb = (dtype: DType, access: Access, length: number) =>
  fc.array(valueArb, { minLength: length, maxLength: length }).map((v) => typedArrayFrom(dtype, v));

function checkRule(name: string, rule: ElementRule, arity: number, runs: number): void {
  if (!hasLanes(rule)) return;
  const caseArb = fc.record({
    dtypes: fc.array(fc.constantFrom(...DTYPES), { minLength: arity, maxLength: arity }),
    out: fc.constantFrom(...DTYPES),
    accesses: fc.array(fc.constantFrom<Access>("index", "index", "scalar", "suffix"), { minLength: arity, maxLength: arity }),
    rows: fc.integer({ min: 1, max: 9 }),
    columns: fc.integer({ min: 1, max: 9 }),
  });
  fc.assert(
    fc.property(
      caseArb.chain((c) => {
        const n = c.rows * c.columns;
        const lengths = c.accesses.map((a) => (a === "index" ? n : a === "scalar" ? 1 : c.columns));
        return fc.tuple(fc.constant(c), fc.tuple(...c.dtypes.map((d, k) => operandArb(d, c.accesses[k], lengths[k]))));
      }),
      ([c, inputs]) => {
        const n = c.rows * c.columns;
        const program = ruleProgram(`${name}`, rule, c.dtypes.map((dtype, k) => ({ dtype, access: c.accesses[k] })), c.out)!;
        const difference = compare({ ...program, key: `${name}:${c.dtypes}:${c.accesses}:${c.out}` }, inputs, n);
        expect(difference, `${name}(${c.dtypes.join(", ")}) -> ${c.out}, ${c.accesses.join("/")}`).toBeNull();
      },
    ),
    { numRuns: runs },
  );
}

describe.runIf(wasmAvailable())("WebAssembly lanes equal JavaScript lanes bit for bit", () => {
  for (const [name, rule] of Object.entries(UNARY_MATH)) {
    it(`unary ${name}`, () => checkRule(name, rule, 1, 40));
  }
  for (const [name, rule] of Object.entries(BINARY_MATH)) {
    it(`binary ${name}`, () => checkRule(name, rule, 2, 40));
  }
  it("select and convert", () => {
    checkRule("select", SELECT_MATH, 3, 60);
    checkRule("convert", CONVERT_MATH, 1, 60);
  });

  it("sin and cos past 2^20·π/2 take Math.sin and Math.cos in both paths", () => {
    const x = new Float64Array([1e7, -3e15, 1e300, 2 ** 21, Infinity, NaN, 0.5, 1647099.3, 1647099.4]);
    for (const op of ["sin", "cos"] as const) {
      const program = ruleProgram(op, UNARY_MATH[op], [{ dtype: "float64", access: "index" }], "float64")!;
      expect(compare(program, [x], x.length)).toBeNull();
      const out = new Float64Array(x.length);
      jsLoop(program)([x], [out], x.length, new Float64Array(0));
      for (const i of [0, 1, 2, 3]) expect(out[i]).toBe(op === "sin" ? Math.sin(x[i]) : Math.cos(x[i]));
    }
  });

  it("sums, over all elements and per cell (columns and rows): the same compensated totals, lanes past n masked, for every dtype", () => {
    const caseArb = fc.record({ rows: fc.integer({ min: 1, max: 9 }), columns: fc.integer({ min: 1, max: 11 }), dtype: fc.constantFrom(...DTYPES) });
    fc.assert(
      fc.property(caseArb.chain((c) => fc.tuple(fc.constant(c), fc.array(valueArb, { minLength: c.rows * c.columns, maxLength: c.rows * c.columns }))), ([{ rows, columns, dtype }, values]) => {
        const n = rows * columns;
        const x = typedArrayFrom(dtype, values);
        const program: LoopProgram = {
          key: `sums:${dtype}:${rows}x${columns}`,
          inputs: [{ dtype, access: "index" }],
          outputs: [dtype],
          sums: [
            { cells: 1, inner: n },
            { cells: columns, inner: 1 },
            { cells: rows, inner: columns },
          ],
          body: {
            kind: "lanes",
            run: (b, [v]) => {
              const e = UNARY_MATH.neg.lanes(b, [v], laneOf(dtype));
              return { outputs: [e], sums: [v, e, v] };
            },
          },
        };
        expect(compare(program, [x], n)).toBeNull();
      }),
      { numRuns: 100 },
    );
  });
});

describe.runIf(wasmAvailable())("the eager kernels give the same bits with WebAssembly on and off", () => {
  it("unary, binary (same shapes, scalars, rows) and select on arrays large enough for WebAssembly", () => {
    const n = 600;
    const values = (seed: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed) * (i % 7 === 0 ? 1e3 : 4));
    for (const dtype of ["float64", "float32"] as const) {
      const x = typedArrayFrom(dtype, values(1));
      const y = typedArrayFrom(dtype, values(2));
      const row = typedArrayFrom(dtype, values(3).slice(0, 30));
      const run = () => [
        ...(Object.keys(UNARY_MATH) as (keyof typeof UNARY_MATH)[]).map((op) => unary(op, x, dtype)),
        ...(Object.keys(BINARY_MATH) as (keyof typeof BINARY_MATH)[]).flatMap((op) => [
          binary(op, x, [20, 30], y, [20, 30], [20, 30], dtype),
          binary(op, x, [20, 30], row, [30], [20, 30], dtype),
          binary(op, y.subarray(0, 1), [], x, [n], [n], dtype),
        ]),
        select(unary("isfinite", x, "bool"), [n], x, [n], y, [n], [n], dtype),
      ];
      const withWasm = run();
      const previous = setWasmEnabled(false);
      try {
        const withoutWasm = run();
        withWasm.forEach((got, k) => expect(firstDifference(got, withoutWasm[k]), `kernel ${k} (${dtype})`).toBeNull());
      } finally {
        setWasmEnabled(previous);
      }
    }
  });
});
