/**
 * Cases for `dot_general`: random numbers of batch, contracting and free
 * axes on each side (outer products and full contractions included), laid
 * out in a random axis order on each operand, so contracting and batch
 * lists come unsorted and in different orders on the two sides.
 */
import fc from "fast-check";
import * as ops from "../../../lib/core/ops.ts";
import { dataOf, type ConcreteTensor, type Tensor } from "../../../lib/core/tensor.ts";
import { avalStr, draw, permutationArb, real, tensorArb, type Case, type Expected } from "../harness.ts";

type Role = { kind: "batch" | "contract" | "free"; index: number };

interface DotLayout {
  readonly shapeA: number[];
  readonly shapeB: number[];
  readonly contracting: [number[], number[]];
  readonly batch: [number[], number[]];
  /** Sizes: batch, contracting, a-free, b-free. */
  readonly sizes: { batch: number[]; contract: number[]; freeA: number[]; freeB: number[] };
}

const dims = (n: number) => fc.array(fc.integer({ min: 1, max: 3 }), { minLength: n, maxLength: n });

const smallSizesArb = fc
  .record({ nb: fc.integer({ min: 0, max: 2 }), nc: fc.integer({ min: 0, max: 2 }), nfa: fc.integer({ min: 0, max: 2 }), nfb: fc.integer({ min: 0, max: 2 }) })
  .filter(({ nb, nc, nfa, nfb }) => nb + nc + nfa <= 4 && nb + nc + nfb <= 4)
  .chain(({ nb, nc, nfa, nfb }) => fc.record({ batch: dims(nb), contract: dims(nc), freeA: dims(nfa), freeB: dims(nfb) }));

/**
 * Sizes past matmul's blocks (one batch, contracting and free axis each):
 * m of 4..5 or 33 (4-row blocks), n of 63..70 or 129 (64-column blocks, 32-wide
 * transpose tiles), k small or 33; products below 32·32·32 multiply-adds take
 * the JavaScript path, larger float ones WebAssembly.
 */
const largeSizesArb = fc
  .record({
    batch: fc.array(fc.integer({ min: 1, max: 2 }), { maxLength: 1 }),
    contract: fc.tuple(fc.oneof(fc.integer({ min: 1, max: 9 }), fc.constant(33))),
    freeA: fc.tuple(fc.oneof(fc.integer({ min: 4, max: 5 }), fc.constant(33))),
    freeB: fc.tuple(fc.oneof(fc.integer({ min: 63, max: 70 }), fc.constant(129))),
  })
  .filter(({ batch, contract, freeA, freeB }) => [...batch, ...freeA, ...freeB].reduce((a, b) => a * b, 1) <= 6000 && contract[0] * freeA[0] * freeB[0] <= 60_000);

const layoutArb: fc.Arbitrary<DotLayout> = fc
  .oneof({ weight: 7, arbitrary: smallSizesArb }, { weight: 1, arbitrary: largeSizesArb })
  .chain((sizes) =>
    fc.record({
      ...Object.fromEntries(Object.entries(sizes).map(([k, v]) => [k, fc.constant(v)])),
      permA: permutationArb(sizes.batch.length + sizes.contract.length + sizes.freeA.length),
      permB: permutationArb(sizes.batch.length + sizes.contract.length + sizes.freeB.length),
    }) as fc.Arbitrary<{ batch: number[]; contract: number[]; freeA: number[]; freeB: number[]; permA: number[]; permB: number[] }>,
  )
  .map(({ batch, contract, freeA, freeB, permA, permB }) => {
    const rolesOf = (free: number[]): Role[] => [
      ...batch.map((_, index): Role => ({ kind: "batch", index })),
      ...contract.map((_, index): Role => ({ kind: "contract", index })),
      ...free.map((_, index): Role => ({ kind: "free", index })),
    ];
    // operand axis k holds role roles[perm[k]]
    const place = (roles: Role[], perm: number[], free: number[]) => {
      const axisRoles = perm.map((p) => roles[p]);
      const shape = axisRoles.map((r) => (r.kind === "batch" ? batch : r.kind === "contract" ? contract : free)[r.index]);
      const axisOf = (kind: Role["kind"], index: number) => axisRoles.findIndex((r) => r.kind === kind && r.index === index);
      return { shape, axisOf };
    };
    const a = place(rolesOf(freeA), permA, freeA);
    const b = place(rolesOf(freeB), permB, freeB);
    return {
      shapeA: a.shape,
      shapeB: b.shape,
      contracting: [contract.map((_, i) => a.axisOf("contract", i)), contract.map((_, i) => b.axisOf("contract", i))],
      batch: [batch.map((_, i) => a.axisOf("batch", i)), batch.map((_, i) => b.axisOf("batch", i))],
      sizes: { batch, contract, freeA, freeB },
    };
  });

/** out[batch..., freeA..., freeB...] = Σ_contract a[...] b[...], with axes found by role. */
function dotRef(a: ConcreteTensor, b: ConcreteTensor, l: DotLayout): Expected {
  const { batch, contract, freeA } = l.sizes;
  const nc = contract.reduce((p, d) => p * d, 1);
  const coords = (flat: number, s: readonly number[]) => {
    const c = new Array<number>(s.length);
    for (let i = s.length - 1; i >= 0; i--) {
      c[i] = flat % s[i];
      flat = Math.floor(flat / s[i]);
    }
    return c;
  };
  const flatOf = (c: readonly number[], s: readonly number[]) => c.reduce((f, ci, i) => f * s[i] + ci, 0);
  const freeAxes = (rank: number, used: readonly number[]) => Array.from({ length: rank }, (_, i) => i).filter((i) => !used.includes(i));
  const fa = freeAxes(a.shape.length, [...l.contracting[0], ...l.batch[0]]);
  const fb = freeAxes(b.shape.length, [...l.contracting[1], ...l.batch[1]]);
  // output axes: batch (in the batch lists' order), then each operand's free axes in its own axis order
  const shape = [...batch, ...fa.map((ax) => a.shape[ax]), ...fb.map((ax) => b.shape[ax])];
  const n = shape.reduce((p, d) => p * d, 1);
  const data = new Float64Array(n);
  for (let o = 0; o < n; o++) {
    const c = coords(o, shape);
    const cb = c.slice(0, batch.length);
    const cfa = c.slice(batch.length, batch.length + freeA.length);
    const cfb = c.slice(batch.length + freeA.length);
    let acc = 0;
    for (let k = 0; k < nc; k++) {
      const ck = coords(k, contract);
      const ia = new Array<number>(a.shape.length);
      const ib = new Array<number>(b.shape.length);
      l.batch[0].forEach((ax, i) => (ia[ax] = cb[i]));
      l.batch[1].forEach((ax, i) => (ib[ax] = cb[i]));
      l.contracting[0].forEach((ax, i) => (ia[ax] = ck[i]));
      l.contracting[1].forEach((ax, i) => (ib[ax] = ck[i]));
      fa.forEach((ax, i) => (ia[ax] = cfa[i]));
      fb.forEach((ax, i) => (ib[ax] = cfb[i]));
      acc += dataOf(a)[flatOf(ia, a.shape)] * dataOf(b)[flatOf(ib, b.shape)];
    }
    data[o] = acc;
  }
  return { shape, dtype: "float64", data };
}

type Mode = "both" | "left" | "right";

const dotArb = fc
  .tuple(layoutArb, fc.constantFrom<Mode>("both", "left", "right"))
  .chain(([l, mode]) => fc.tuple(fc.constant(l), fc.constant(mode), tensorArb(l.shapeA, real(2)), tensorArb(l.shapeB, real(2))))
  .map(([l, mode, a, b]) => {
    const bind = (x: Tensor, y: Tensor) => ops.dotGeneral(x, y, l.contracting, l.batch);
    const desc =
      `dot_general(${avalStr(a)}${mode === "right" ? " const" : ""}, ${avalStr(b)}${mode === "left" ? " const" : ""}, ` +
      `contracting=(${l.contracting[0]})x(${l.contracting[1]}), batch=(${l.batch[0]})x(${l.batch[1]}))`;
    const expected = () => dotRef(a, b, l);
    if (mode === "left") return draw(desc, (x) => bind(x, b), [a], expected);
    if (mode === "right") return draw(desc, (y) => bind(a, y), [b], expected);
    return draw(desc, bind, [a, b], expected);
  });

export const linalgCases: Case[] = [{ kind: "diff", prim: "dot_general", name: "dot_general", arb: dotArb }];
