/**
 * Random straight-line programs over the np API, for fuzzing transforms
 * (not a spec file). A program is a list of instructions over registers:
 * registers 0 and 1 are the inputs x (shape s) and y (a shape broadcasting
 * against s), every instruction appends one register. All ops are smooth
 * where the data lives (|x| <= 1 and bounded growth), so derivatives exist.
 * The program returns a scalar loss, or a tree of its last registers.
 */
import fc from "fast-check";
import type { Tensor } from "../../lib/core/tensor.ts";
import { np, nn } from "../../lib/index.ts";
import { shapeArb } from "./_util.ts";

type Unary = (a: Tensor) => Tensor;
type Binary = (a: Tensor, b: Tensor) => Tensor;

const unaries: readonly [string, Unary][] = [
  ["sin", (a) => np.sin(a)],
  ["tanh", (a) => np.tanh(a)],
  ["exp∘tanh", (a) => np.exp(np.tanh(a))],
  ["square", (a) => np.square(a)],
  ["negative", (a) => np.negative(a)],
  ["sqrt(1+a²)", (a) => np.sqrt(np.add(1, np.square(a)))],
  ["sigmoid", (a) => nn.sigmoid(a)],
  ["log1p(a²)", (a) => np.log1p(np.square(a))],
  ["a·2.5", (a) => np.multiply(a, 2.5)],
  ["sum(-1,keep)", (a) => (a.ndim === 0 ? a : np.sum(a, -1, true))],
  ["mean(0,keep)", (a) => (a.ndim === 0 ? a : np.mean(a, 0, true))],
  ["softmax", (a) => (a.ndim === 0 ? a : nn.softmax(a))],
  ["cumsum", (a) => (a.ndim === 0 ? a : np.cumsum(a, 0))],
  ["transpose∘transpose", (a) => np.transpose(np.transpose(a))],
];

const binaries: readonly [string, Binary][] = [
  ["add", (a, b) => np.add(a, b)],
  ["subtract", (a, b) => np.subtract(a, b)],
  ["multiply", (a, b) => np.multiply(a, b)],
  ["a/(1+b²)", (a, b) => np.divide(a, np.add(1, np.square(b)))],
  ["hypot-ish", (a, b) => np.sqrt(np.add(np.add(np.square(a), np.square(b)), 0.5))],
  ["where(a>b, a·b, a-b)", (a, b) => np.where(np.greater(a, b), np.multiply(a, b), np.subtract(a, b))],
];

/** One instruction: an op and the registers it reads (indices modulo the registers so far). */
export interface Instruction {
  readonly kind: "unary" | "binary";
  readonly op: number;
  readonly a: number;
  readonly b: number;
}

export interface Program {
  readonly xShape: readonly number[];
  readonly yShape: readonly number[];
  readonly code: readonly Instruction[];
  /** Human-readable text, for counterexamples. */
  readonly text: string;
}

const instructionArb: fc.Arbitrary<Instruction> = fc.record({
  kind: fc.constantFrom<"unary" | "binary">("unary", "binary"),
  op: fc.nat(),
  a: fc.nat(),
  b: fc.nat(),
});

/** x's shape, a y shape broadcasting against it (a suffix, maybe with 1s), and 2-7 instructions. */
export const programArb: fc.Arbitrary<Program> = shapeArb(0, 2, 3).chain((xShape) =>
  fc
    .tuple(fc.integer({ min: 0, max: xShape.length }), fc.array(fc.boolean(), { minLength: xShape.length, maxLength: xShape.length }), fc.array(instructionArb, { minLength: 2, maxLength: 7 }))
    .map(([drop, ones, code]) => {
      const yShape = xShape.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d));
      const text = code
        .map((ins, k) => {
          const n = k + 2;
          return ins.kind === "unary"
            ? `r${n} = ${unaries[ins.op % unaries.length][0]}(r${ins.a % n})`
            : `r${n} = ${binaries[ins.op % binaries.length][0]}(r${ins.a % n}, r${ins.b % n})`;
        })
        .join("; ");
      return { xShape, yShape, code, text, toString: () => `x:[${xShape}] y:[${yShape}] ${text}` } as Program;
    }),
);

/** All registers of `p` run on x and y. */
export function runRegisters(p: Program, x: Tensor, y: Tensor): Tensor[] {
  const regs: Tensor[] = [x, y];
  for (const ins of p.code) {
    const n = regs.length;
    regs.push(
      ins.kind === "unary"
        ? unaries[ins.op % unaries.length][1](regs[ins.a % n])
        : binaries[ins.op % binaries.length][1](regs[ins.a % n], regs[ins.b % n]),
    );
  }
  return regs;
}

/** The program as a function returning a tree: `{ last, sums: [Σ r_{n-1}, Σ r_{n-2}] }`. */
export const programTree = (p: Program) => (x: Tensor, y: Tensor) => {
  const regs = runRegisters(p, x, y);
  return { last: regs[regs.length - 1], sums: [np.sum(regs[regs.length - 1]), np.sum(regs[regs.length - 2])] };
};

/** The program as a scalar loss: Σ of the last register plus a small multiple of every register's sum. */
export const programLoss = (p: Program) => (x: Tensor, y: Tensor) => {
  const regs = runRegisters(p, x, y);
  return regs.reduce((acc, r, i) => np.add(acc, np.multiply(np.sum(r), i === regs.length - 1 ? 1 : 0.1)), np.array(0) as Tensor);
};
