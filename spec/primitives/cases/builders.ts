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
import type { ConcreteTensor, Tensor } from "../../../lib/core/tensor.ts";
import { avalStr, broadcastIndex, broadcastPairArb, broadcastShape, draw, mapBroadcast, shapeArb, tensorArb, type DiffCase, type Draw } from "../harness.ts";

/** A unary case: `bind` on a random tensor of `elem`s against `reference` elementwise. */
export function unaryCase(prim: PrimName, bind: (x: Tensor) => Tensor, elem: fc.Arbitrary<number>, reference: (v: number) => number, name: string = prim): DiffCase {
  return {
    kind: "diff",
    prim,
    name,
    arb: shapeArb()
      .chain((shape) => tensorArb(shape, elem))
      .map((x) => draw(`${name}(${avalStr(x)})`, bind, [x], () => mapBroadcast([x], x.dtype, reference))),
  };
}

export type Mode = "both" | "left" | "right";

/** A binary case: both operands differentiated, or one of them a closed-over constant (the symbolic-zero tangent paths). */
export function binaryCase(
  prim: PrimName,
  bind: (a: Tensor, b: Tensor) => Tensor,
  elemA: fc.Arbitrary<number>,
  elemB: fc.Arbitrary<number>,
  reference: (a: number, b: number) => number,
  accept: (a: ConcreteTensor, b: ConcreteTensor) => boolean = () => true,
): DiffCase {
  const arb = fc
    .tuple(broadcastPairArb(), fc.constantFrom<Mode>("both", "left", "right"))
    .chain(([[sa, sb], mode]) => fc.tuple(tensorArb(sa, elemA), tensorArb(sb, elemB), fc.constant(mode)))
    .filter(([a, b]) => accept(a, b))
    .map(([a, b, mode]): Draw => {
      const desc = `${prim}(${avalStr(a)}${mode === "right" ? " const" : ""}, ${avalStr(b)}${mode === "left" ? " const" : ""})`;
      const expected = () => mapBroadcast([a, b], a.dtype, reference);
      if (mode === "left") return draw(desc, (x) => bind(x, b), [a], expected);
      if (mode === "right") return draw(desc, (x) => bind(a, x), [b], expected);
      return draw(desc, bind, [a, b], expected);
    });
  return { kind: "diff", prim, name: prim, arb };
}

/** Accepts a pair when `ok` holds for the two elements at every broadcast position. */
export function atEveryPosition(ok: (a: number, b: number) => boolean): (a: ConcreteTensor, b: ConcreteTensor) => boolean {
  return (a, b) => {
    const shape = broadcastShape(a.shape, b.shape);
    const ia = broadcastIndex(a.shape, shape);
    const ib = broadcastIndex(b.shape, shape);
    const n = shape.reduce((p, d) => p * d, 1);
    for (let i = 0; i < n; i++) if (!ok(a.data[ia(i)], b.data[ib(i)])) return false;
    return true;
  };
}
