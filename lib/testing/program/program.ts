/**
 * Programs and their arbitraries: the `Program` class (run with tracegrad
 * ops, printed as code, with deterministic random inputs), `buildProgram`,
 * which resolves raw statement choices through `BUILDERS`, and the
 * fast-check arbitraries `arbProgram` and `arbProgramWithInputs`.
 */
import fc from "fast-check";
import { ArgumentError, np, type ArrayLike, type Tensor } from "../../index.ts";
import { optionsOrThrow, showValue } from "../../core/convert.ts";
import { arbShape } from "../arbitraries.ts";
import { Rng } from "../rng.ts";
import { BUILDERS } from "./builders.ts";
import {
  fits, formatShape, PROGRAM_OPS, ref, sameShape, scaled, sizeOf,
  type Expr, type Limits, type Operand, type ProgramOp, type ProgramOptions, type RawStatement, type Statement,
} from "./expr.ts";

// constructors

/**
 * A random straight-line program over tracegrad ops; see `arbProgram`.
 *
 * @example
 * import { np } from "tracegrad";
 * import { buildProgram } from "tracegrad/testing";
 * const program = buildProgram([[3], [3]], [{ op: 0, refs: [0, 0], p: [] }], { ops: ["multiply"] });
 * program.statements.map((s) => s.code); // ["np.multiply(v1, v0)"]
 * program.inputShapes; // [[3], [3]]
 * program.run(np.array([1, 2, 3]), np.array([4, 5, 6])); // array(32.)
 * program.run(...program.randomInputs(0)).shape; // []
 */
export class Program {
  /** The shapes of the inputs `v0, v1, ...` (float64). */
  readonly inputShapes: readonly (readonly number[])[];
  /** The statements, defining `v<inputs>, v<inputs+1>, ...` in order. */
  readonly statements: readonly Statement[];
  /** The values summed into the output: those no statement reads. */
  readonly outputs: readonly number[];
  /** The op kinds used, in order of appearance. */
  readonly ops: readonly ProgramOp[];
  /**
   * Evaluates the program with tracegrad ops (so any transform applies:
   * `grad(program.run)`, `jit(program.run)`, `vmap(program.run)`); a float64
   * scalar. Throws when an op gives a shape other than the static one.
   */
  readonly run: (...inputs: ArrayLike[]) => Tensor;

  private readonly exprs: readonly Expr[];

  /** Internal: programs come from `arbProgram` or `buildProgram`. */
  constructor(inputShapes: readonly (readonly number[])[], built: readonly { op: ProgramOp; operand: Operand; uses: number[] }[]) {
    this.inputShapes = inputShapes.map((s) => [...s]);
    const n = inputShapes.length;
    const names = Array.from({ length: n + built.length }, (_, i) => `v${i}`);
    this.exprs = built.map((b) => b.operand.expr);
    this.statements = built.map((b) => ({ op: b.op, uses: b.uses, shape: [...b.operand.shape], code: b.operand.expr.code(names) }));
    const used = new Set(built.flatMap((b) => b.uses));
    const unused = built.map((_, i) => n + i).filter((i) => !used.has(i));
    this.outputs = unused.length > 0 ? unused : inputShapes.map((_, i) => i);
    this.ops = [...new Set(built.map((b) => b.op))];
    const shapes = [...this.inputShapes, ...this.statements.map((s) => s.shape)];
    this.run = (...inputs: ArrayLike[]): Tensor => {
      if (inputs.length !== n) throw new ArgumentError(`program: expected ${n} inputs, got ${inputs.length}.\n${this.toString()}`);
      const values: Tensor[] = inputs.map((x) => np.asarray(x));
      values.forEach((v, i) => {
        if (!sameShape(v.shape, shapes[i])) throw new ArgumentError(`program: input v${i} has shape [${v.shape}], expected [${shapes[i]}].`);
      });
      this.exprs.forEach((e, k) => {
        const v = e.run(values) as Tensor;
        if (!sameShape(v.shape, shapes[n + k])) {
          throw new Error(
            `program: v${n + k} = ${this.statements[k].code} has shape [${v.shape}] but should have [${shapes[n + k]}] ` +
              `(a shape rule of tracegrad or of the generator is wrong).\n${this.toString()}`,
          );
        }
        values.push(v);
      });
      return this.outputs.map((i) => np.sum(values[i])).reduce((acc, s) => np.add(acc, s));
    };
  }

  /** The program as TypeScript-like code. */
  toString(): string {
    const n = this.inputShapes.length;
    const params = this.inputShapes.map((_, i) => `v${i}: Tensor`).join(", ");
    const lines = [
      `// inputs: ${this.inputShapes.map((s, i) => `v${i}: ${formatShape(s)}`).join(", ")}`,
      `(${params}): Tensor => {`,
      ...this.statements.map((s, k) => `  const v${n + k} = ${s.code}; // ${formatShape(s.shape)}`),
      `  return ${this.outputs.map((i) => `np.sum(v${i})`).reduce((acc, s) => `np.add(${acc}, ${s})`)};`,
      `}`,
    ];
    return lines.join("\n");
  }

  /** fast-check prints a program as its code. */
  [Symbol.for("fast-check/toStringMethod")](): string {
    return this.toString();
  }

  /**
   * Deterministic random inputs of the right shapes: magnitudes in
   * [0.1, 0.45] ∪ [0.55, 1.5] with random signs (away from the kinks of
   * abs/relu/max at 0 and of clip at ±0.5, so that central differences never
   * straddle one, and no two elements equal), as float64 tensors.
   */
  randomInputs(seed: number): Tensor[] {
    const rng = new Rng(seed);
    return printableInputs(
      this.inputShapes.map((shape) => {
        const magnitude = () => {
          const m = 0.1 + 1.3 * rng.uniform();
          return m < 0.45 ? m : m + 0.1;
        };
        const values = Array.from({ length: sizeOf(shape) }, () => (rng.uniform() < 0.5 ? -1 : 1) * magnitude());
        return np.reshape(np.array(values), shape);
      }),
    );
  }
}

/** An array of tensors that fast-check prints as code (`[np.array([...]), ...]`, full precision). */
function printableInputs(xs: Tensor[]): Tensor[] {
  Object.defineProperty(xs, Symbol.for("fast-check/toStringMethod"), {
    value: () => `[${xs.map((x) => `np.array(${JSON.stringify(x.toArray())})`).join(", ")}]`,
    enumerable: false,
  });
  return xs;
}

/** The keys of `ProgramOptions`. */
const PROGRAM_OPTIONS = ["inputShapes", "minInputs", "maxInputs", "inputShape", "minStatements", "maxStatements", "maxRank", "maxSize", "ops", "exclude"] as const;

/**
 * Resolves raw statement choices into a program over inputs of the given shapes.
 *
 * @example
 * import { np } from "tracegrad";
 * import { buildProgram } from "tracegrad/testing";
 * // one statement: op 0 of the allowed kinds (tanh) applied to the latest value (refs[0] = 0)
 * const program = buildProgram([[2]], [{ op: 0, refs: [0], p: [] }], { ops: ["tanh"] });
 * console.log(program.toString());
 * // // inputs: v0: f64[2]
 * // (v0: Tensor): Tensor => {
 * //   const v1 = np.tanh(v0); // f64[2]
 * //   return np.sum(v1);
 * // }
 * program.run(np.array([0, 1])); // array(0.76159416)
 */
export function buildProgram(inputShapes: readonly (readonly number[])[], raws: readonly RawStatement[], rawOptions?: ProgramOptions): Program {
  const options = optionsOrThrow<ProgramOptions>("arbProgram", rawOptions, PROGRAM_OPTIONS);
  const lim: Limits = { maxRank: options.maxRank ?? 4, maxSize: options.maxSize ?? 36 };
  for (const key of ["ops", "exclude"] as const) {
    if (options[key] !== undefined && !Array.isArray(options[key])) throw new ArgumentError(`arbProgram: ${key} must be an array of op kinds, got ${showValue(options[key])}.`);
  }
  const allowed = (options.ops ?? PROGRAM_OPS).filter((op) => !(options.exclude ?? []).includes(op));
  if (allowed.length === 0) throw new ArgumentError("arbProgram: no op kinds left to draw from (check ops/exclude).");
  for (const op of allowed) if (!(op in BUILDERS)) throw new ArgumentError(`arbProgram: unknown op kind ${showValue(op)}.`);
  const values: Operand[] = inputShapes.map((shape, i) => ({ expr: ref(i), shape: [...shape], bound: 1.5 }));
  const built: { op: ProgramOp; operand: Operand; uses: number[] }[] = [];
  const fallback: ProgramOp = allowed.includes("tanh") ? "tanh" : allowed[0];
  for (const raw of raws) {
    const count = values.length;
    // the first reference counts back from the latest value; the others prefer values other than the first
    const first = count - 1 - (raw.refs[0] % count);
    const others = Array.from({ length: count }, (_, i) => count - 1 - i).filter((i) => i !== first);
    const uses = [first, ...raw.refs.slice(1).map((r) => (others.length === 0 ? first : others[r % others.length]))];
    let result: { op: ProgramOp; operand: Operand } | null = null;
    for (let t = 0; t < allowed.length && result === null; t++) {
      const op = allowed[(raw.op + t) % allowed.length];
      const { arity, build } = BUILDERS[op];
      const args = uses.slice(0, arity).map((i) => values[i]);
      const operand = build(args, raw.p, lim);
      if (operand !== null && fits(operand.shape, lim)) result = { op, operand };
    }
    if (result === null) {
      // only reached with a narrow `ops` list where nothing applies: fall back to an elementwise op
      const operand = BUILDERS[fallback].build([values[uses[0]], values[uses[1]], values[uses[2]]], raw.p, lim);
      if (operand === null) continue;
      result = { op: fallback, operand };
    }
    // keep values in a moderate range: a statement whose bound could pass 8 is scaled by a power of two
    const operand = scaled(result.operand, 8);
    values.push({ expr: ref(values.length), shape: operand.shape, bound: operand.bound });
    const names = values.map((_, i) => `v${i}`);
    const read = [...new Set([...operand.expr.code(names).matchAll(/\bv(\d+)\b/g)].map((m) => Number(m[1])))];
    built.push({ op: result.op, operand, uses: read });
  }
  return new Program(inputShapes, built);
}

// public

const rawStatement: fc.Arbitrary<RawStatement> = fc.record({
  op: fc.nat(),
  refs: fc.tuple(fc.nat(), fc.nat(), fc.nat()),
  p: fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()),
});

/**
 * Random well-typed programs (see `Program`): statements drawn from
 * `PROGRAM_OPS` over 1 to 3 float64 inputs, returning a scalar. A failing
 * property prints the shrunk program as code.
 *
 * @example
 * fc.assert(fc.property(arbProgram({ inputShapes: [[3], [2, 3]] }), (program) => {
 *   const [x, y] = program.randomInputs(0);
 *   return Number.isFinite(program.run(x, y).item());
 * }));
 */
export function arbProgram(rawOptions?: ProgramOptions): fc.Arbitrary<Program> {
  const options = optionsOrThrow<ProgramOptions>("arbProgram", rawOptions, PROGRAM_OPTIONS);
  const { minStatements = 1, maxStatements = 8, minInputs = 1, maxInputs = 3 } = options;
  if (!(Number.isInteger(minStatements) && Number.isInteger(maxStatements) && minStatements >= 0 && minStatements <= maxStatements)) {
    throw new ArgumentError(`arbProgram: need 0 <= minStatements <= maxStatements, got ${showValue(minStatements)} and ${showValue(maxStatements)}.`);
  }
  if (!(Number.isInteger(minInputs) && Number.isInteger(maxInputs) && minInputs >= 1 && minInputs <= maxInputs)) {
    throw new ArgumentError(`arbProgram: need 1 <= minInputs <= maxInputs, got ${showValue(minInputs)} and ${showValue(maxInputs)}.`);
  }
  buildProgram([[]], [], options); // validates ops/exclude now rather than inside fast-check
  const shapes: fc.Arbitrary<readonly (readonly number[])[]> = options.inputShapes
    ? fc.constant(options.inputShapes)
    : fc.array(arbShape({ maxRank: 3, maxDim: 3, ...options.inputShape }), { minLength: minInputs, maxLength: maxInputs });
  return fc
    .tuple(shapes, fc.array(rawStatement, { minLength: minStatements, maxLength: maxStatements }))
    .map(([s, raws]) => buildProgram(s, raws, options));
}

/**
 * A program and matching inputs (`program.randomInputs(seed)`): magnitudes
 * in [0.1, 0.45] ∪ [0.55, 1.5], random signs, no ties, printed at full precision.
 *
 * @example
 * fc.assert(fc.property(arbProgramWithInputs(), ([program, inputs]) => {
 *   const argnums = inputs.map((_, i) => i);
 *   const g = grad(program.run, { argnums })(...inputs);
 *   const n = numericalGrad(program.run, { argnums })(...inputs);
 *   return g.every((gi, i) => np.allclose(gi, n[i], { rtol: 1e-4, atol: 1e-6 }));
 * }));
 */
export function arbProgramWithInputs(options: ProgramOptions = {}): fc.Arbitrary<[Program, Tensor[]]> {
  return fc.tuple(arbProgram(options), fc.nat()).map(([program, seed]): [Program, Tensor[]] => [program, program.randomInputs(seed)]);
}
