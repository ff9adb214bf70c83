/**
 * Case builders shared by the elementwise case tables (`elementwise.ts`,
 * `transcendental.ts`): a unary primitive on one random tensor, a binary one
 * on a broadcasting pair (both operands differentiated, or one a closed-over
 * constant), and `atEveryPosition`, which keeps a pair only where a
 * condition on its broadcast elements holds (away from a kink or a jump).
 *
 * @example
 * unaryCase("exp", ops.exp, real(3), Math.exp);
 * binaryCase("max", ops.max, real(3), real(3), Math.max, atEveryPosition((a, b) => Math.abs(a - b) >= 1e-3));
 */
import fc from "fast-check";
import type { PrimName } from "../../../lib/core/primitive.ts";
import { dataOf, type ConcreteTensor, type Tensor } from "../../../lib/core/tensor.ts";
import {
  avalStr,
  broadcastIndex,
  broadcastPairArb,
  broadcastShape,
  draw,
  edgeDraw,
  mapBroadcast,
  mixedShapeArb,
  tensor,
  tensorArb,
  type DiffCase,
  type Draw,
} from "../harness.ts";

/** The edge of a unary rule: values that hit it (zeros among others) and the convention's derivative there. */
export interface UnaryEdge {
  readonly elem: fc.Arbitrary<number>;
  /** d f at x along t, by the rule's convention. */
  readonly jvp: (x: number, t: number) => number;
}

export function unaryCase(
  prim: PrimName,
  bind: (x: Tensor) => Tensor,
  elem: fc.Arbitrary<number>,
  reference: (v: number) => number,
  name: string = prim,
  edge?: UnaryEdge,
): DiffCase {
  const smooth = mixedShapeArb()
    .chain((shape) => tensorArb(shape, elem))
    .map((x) => draw(`${name}(${avalStr(x)})`, bind, [x], () => mapBroadcast([x], x.dtype, reference)));
  if (edge === undefined) return { kind: "diff", prim, name, arb: smooth };
  const atEdge = mixedShapeArb(1)
    .chain((shape) => tensorArb(shape, edge.elem))
    .map((x) =>
      edgeDraw(`${name}(${avalStr(x)})`, bind, [x], () => mapBroadcast([x], x.dtype, reference), ([t]) => mapBroadcast([x, t], x.dtype, edge.jvp)),
    );
  return { kind: "diff", prim, name, arb: fc.oneof({ weight: 3, arbitrary: smooth }, { weight: 1, arbitrary: atEdge }) };
}

export type Mode = "both" | "left" | "right";

/** The edge of a binary rule: operand values that hit it (ties, zeros) and the convention's derivative there. */
export interface BinaryEdge {
  readonly elemA: fc.Arbitrary<number>;
  readonly elemB: fc.Arbitrary<number>;
  /** d f(a, b) along (ta, tb), by the rule's convention. */
  readonly jvp: (a: number, b: number, ta: number, tb: number) => number;
}

/** A binary case: both operands differentiated, or one of them a closed-over constant (the symbolic-zero tangent paths). */
export function binaryCase(
  prim: PrimName,
  bind: (a: Tensor, b: Tensor) => Tensor,
  elemA: fc.Arbitrary<number>,
  elemB: fc.Arbitrary<number>,
  reference: (a: number, b: number) => number,
  accept: (a: ConcreteTensor, b: ConcreteTensor) => boolean = () => true,
  edge?: BinaryEdge,
  // large shapes when every draw passes `accept` (a filter rejects most large draws)
  shapes: fc.Arbitrary<[number[], number[]]> = broadcastPairArb(),
): DiffCase {
  const drawOf = (a: ConcreteTensor, b: ConcreteTensor, mode: Mode, atEdge: boolean): Draw => {
    const desc = `${prim}(${avalStr(a)}${mode === "right" ? " const" : ""}, ${avalStr(b)}${mode === "left" ? " const" : ""})`;
    const expected = () => mapBroadcast([a, b], a.dtype, reference);
    const f = mode === "left" ? (x: Tensor) => bind(x, b) : mode === "right" ? (x: Tensor) => bind(a, x) : bind;
    const xs = mode === "left" ? [a] : mode === "right" ? [b] : [a, b];
    if (!atEdge || edge === undefined) return draw(desc, f, xs, expected);
    // the tangents of the differentiated operands (a constant operand's is zero)
    const tangentsOf = (ts: readonly ConcreteTensor[]): [ConcreteTensor, ConcreteTensor] => {
      const zero = (x: ConcreteTensor) => tensor(new Float64Array(dataOf(x).length), x.shape);
      return mode === "left" ? [ts[0], zero(b)] : mode === "right" ? [zero(a), ts[0]] : [ts[0], ts[1]];
    };
    return edgeDraw(desc, f, xs, expected, (ts) => mapBroadcast([a, b, ...tangentsOf(ts)], a.dtype, edge.jvp));
  };
  const modes = fc.constantFrom<Mode>("both", "left", "right");
  const arb = fc
    .tuple(shapes, modes)
    .chain(([[sa, sb], mode]) => fc.tuple(tensorArb(sa, elemA), tensorArb(sb, elemB), fc.constant(mode)))
    .filter(([a, b]) => accept(a, b))
    .map(([a, b, mode]) => drawOf(a, b, mode, false));
  if (edge === undefined) return { kind: "diff", prim, name: prim, arb };
  const atEdge = fc
    .tuple(broadcastPairArb(), modes)
    .chain(([[sa, sb], mode]) => fc.tuple(tensorArb(sa, edge.elemA), tensorArb(sb, edge.elemB), fc.constant(mode)))
    .map(([a, b, mode]) => drawOf(a, b, mode, true));
  return { kind: "diff", prim, name: prim, arb: fc.oneof({ weight: 3, arbitrary: arb }, { weight: 1, arbitrary: atEdge }) };
}

/** Accepts a pair when `ok` holds for the two elements at every broadcast position. */
export function atEveryPosition(ok: (a: number, b: number) => boolean): (a: ConcreteTensor, b: ConcreteTensor) => boolean {
  return (a, b) => {
    const shape = broadcastShape(a.shape, b.shape);
    const ia = broadcastIndex(a.shape, shape);
    const ib = broadcastIndex(b.shape, shape);
    const n = shape.reduce((p, d) => p * d, 1);
    for (let i = 0; i < n; i++) if (!ok(dataOf(a)[ia(i)], dataOf(b)[ib(i)])) return false;
    return true;
  };
}
