/**
 * `np.einsum` against explicit loops written plainly (every assignment of
 * every label, the product of the operands' elements summed into the
 * output), on random subscripts: several operands, repeated labels within
 * one operand (diagonals and traces), labels summed away, size-1 axes that
 * broadcast, an ellipsis with right-aligned broadcasting, implicit and
 * explicit outputs. Every `optimize` gives the same values; the greedy
 * paths equal opt_einsum's; gradients, vmap and jit on random subscripts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jit, makeJaxpr, np, vmap, type Tensor } from "../../lib/index.ts";
import { checkGrads } from "../../lib/testing/index.ts";

const RUNS = 60;

/** A random contraction: internal letter terms (the ellipsis letters X, Y, Z right-aligned), its subscripts string, shapes, and the output letters. */
interface Contraction {
  readonly terms: string[];
  readonly subscripts: string;
  readonly shapes: number[][];
  readonly output: string;
}

const ELLIPSIS = "XYZ";

const contractionArb: fc.Arbitrary<Contraction> = fc
  .record({
    sizes: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 4, maxLength: 4 }),
    ellipsisSizes: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 0, maxLength: 2 }),
    operands: fc.array(
      fc.record({
        labels: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 0, maxLength: 3 }),
        ellipsis: fc.integer({ min: 0, max: 2 }),
        ones: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    explicit: fc.boolean(),
    outputPick: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
  })
  .map(({ sizes, ellipsisSizes, operands, explicit, outputPick }) => {
    const letters = "abcd";
    const counts = operands.map((o) => Math.min(o.ellipsis, ellipsisSizes.length));
    const rank = Math.max(0, ...counts);
    const ell = ELLIPSIS.slice(0, rank);
    const hasEllipsis = rank > 0;
    const terms: string[] = [];
    const shapes: number[][] = [];
    const texts: string[] = [];
    operands.forEach((o, k) => {
      // an operand's ellipsis stands for the trailing letters of the longest one
      const own = ell.slice(rank - counts[k]);
      const named = o.labels.map((i) => letters[i]).join("");
      terms.push(own + named);
      // a size-1 axis broadcasts, except on a label repeated within the operand (a diagonal needs equal sizes)
      shapes.push([
        ...[...own].map((c, i) => (o.ones[i] ? 1 : ellipsisSizes[ell.indexOf(c)])),
        ...[...named].map((c, i) => (o.ones[4 - (i % 3)] && named.indexOf(c) === named.lastIndexOf(c) ? 1 : sizes[letters.indexOf(c)])),
      ]);
      // "..." also where it stands for no axes (numpy allows it)
      texts.push((o.ellipsis > 0 ? "..." : "") + named);
    });
    const used = new Set(terms.join("").replace(/[XYZ]/g, ""));
    let output: string;
    let subscripts = texts.join(",");
    if (explicit) {
      const picked = [...new Set(outputPick.map((i) => letters[i]))].filter((c) => used.has(c)).join("");
      output = ell + picked;
      subscripts += "->" + (hasEllipsis || texts.some((t) => t.startsWith("...")) ? "..." : "") + picked;
    } else {
      const all = terms.join("").replace(/[XYZ]/g, "");
      output = ell + [...used].filter((c) => all.indexOf(c) === all.lastIndexOf(c)).sort().join("");
    }
    return { terms, subscripts, shapes, output };
  });

/** The contraction by explicit loops over every assignment of every label (a size-1 axis reads index 0). */
function loopEinsum(c: Contraction, data: Float64Array[]): { data: Float64Array; shape: number[] } {
  const size = new Map<string, number>();
  c.terms.forEach((t, k) => [...t].forEach((l, i) => size.set(l, Math.max(size.get(l) ?? 1, c.shapes[k][i]))));
  const labels = [...size.keys()];
  const outShape = [...c.output].map((l) => size.get(l)!);
  const out = new Float64Array(outShape.reduce((a, b) => a * b, 1));
  const total = labels.reduce((a, l) => a * size.get(l)!, 1);
  const value = new Map<string, number>();
  for (let flat = 0; flat < total; flat++) {
    let rest = flat;
    for (const l of labels) {
      value.set(l, rest % size.get(l)!);
      rest = Math.floor(rest / size.get(l)!);
    }
    let product = 1;
    c.terms.forEach((t, k) => {
      let index = 0;
      [...t].forEach((l, i) => (index = index * c.shapes[k][i] + (c.shapes[k][i] === 1 ? 0 : value.get(l)!)));
      product *= data[k][index];
    });
    let at = 0;
    [...c.output].forEach((l, i) => (at = at * outShape[i] + value.get(l)!));
    out[at] += product;
  }
  return { data: out, shape: outShape };
}

function operandsOf(c: Contraction, seed: number): [Tensor[], Float64Array[]] {
  let state = seed >>> 0;
  const data = c.shapes.map((s) =>
    Float64Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 2147483648 - 1;
    }),
  );
  return [data.map((d, k) => np.array(Array.from(d)).reshape(c.shapes[k])), data];
}

describe("np.einsum against explicit loops", () => {
  it("random subscripts: diagonals, sums, broadcasting, ellipsis, implicit and explicit output, every optimize", () => {
    fc.assert(
      fc.property(contractionArb, fc.integer(), (c, seed) => {
        const [xs, data] = operandsOf(c, seed);
        const want = loopEinsum(c, data);
        for (const optimize of ["greedy", "optimal", false] as const) {
          const got = np.einsum(c.subscripts, ...xs, { optimize });
          expect(got.shape, `${c.subscripts} optimize ${optimize}`).toEqual(want.shape);
          expect(got).toBeAllclose(np.array(Array.from(want.data)).reshape(want.shape), { rtol: 1e-12, atol: 1e-12 });
        }
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it("lowers to dot_general, transpose, reshape, reduce_sum and gather only", () => {
    fc.assert(
      fc.property(contractionArb, (c) => {
        const [xs] = operandsOf(c, 1);
        const names = new Set(makeJaxpr((...ys: Tensor[]) => np.einsum(c.subscripts, ...ys))(...xs).jaxpr.eqns.map((e) => e.primitive.name));
        for (const name of names) expect(["dot_general", "transpose", "reshape", "reduce_sum", "gather"]).toContain(name);
      }),
      { numRuns: RUNS },
    );
  });

  it("gradients (fwd and rev, order 2), vmap against a loop and jit against eager on random subscripts", () => {
    fc.assert(
      fc.property(contractionArb, fc.integer(), fc.nat(), (c, seed, axisPick) => {
        const [xs] = operandsOf(c, seed);
        const f = (...ys: Tensor[]) => np.einsum(c.subscripts, ...ys);
        checkGrads((...ys: Tensor[]) => np.sum(np.sin(f(...ys))), xs, { order: 2, seed });
        const [others] = operandsOf(c, seed + 1);
        const axes = xs.map((x, k) => (k === 0 ? axisPick % (x.ndim + 1) : null));
        const stacked = np.stack([xs[0], others[0]], axes[0]!);
        const batched = vmap(f, { inAxes: axes })(stacked, ...xs.slice(1));
        expect(batched).toBeAllclose(np.stack([f(...xs), f(others[0], ...xs.slice(1))]), { rtol: 1e-12, atol: 1e-12 });
        expect(Array.from(jit(f)(...xs).toTypedArray())).toEqual(Array.from(f(...xs).toTypedArray()));
      }),
      { numRuns: RUNS / 2 },
    );
  });
});

describe("np.einsumPath", () => {
  // [subscripts, shapes, opt_einsum 3.4's greedy path] for random contractions (seed 7)
  const GREEDY: [string, number[][], number[][]][] = [
  ["ea,bad,da->de", [[6, 3], [5, 3, 2], [2, 3]], [[1, 2], [0, 1]]],
  ["b,b,da,acb,bac,ac->", [[2], [2], [6, 6], [6, 6, 2], [2, 6, 6], [6, 6]], [[0, 1], [1, 2], [1, 3], [0, 2], [0, 1]]],
  ["f,a,ced,fd->af", [[4], [5], [5, 5, 6], [4, 6]], [[2, 3], [0, 2], [0, 1]]],
  ["cd,da,c,ad,cdb->cd", [[2, 2], [2, 5], [2], [5, 2], [2, 2, 5]], [[1, 3], [1, 3], [0, 1], [0, 1]]],
  ["bf,df,b,de->bd", [[3, 2], [2, 2], [3], [2, 5]], [[0, 1], [0, 1], [0, 1]]],
  ["dah,chg,c,fe->e", [[3, 5, 3], [5, 3, 3], [5], [2, 3]], [[0, 1], [0, 2], [0, 1]]],
  ["b,h,b->h", [[5], [5], [5]], [[0, 2], [0, 1]]],
  ["ca,a,bac->", [[6, 6], [6], [3, 6, 6]], [[0, 2], [0, 1]]],
  ["ac,c,cb,ca,acb,c->b", [[5, 5], [5], [5, 5], [5, 5], [5, 5, 5], [5]], [[0, 3], [0, 3], [1, 2], [0, 2], [0, 1]]],
  ["deb,g,dbe,fh,a->h", [[4, 3, 4], [3], [4, 4, 3], [4, 6], [2]], [[0, 2], [0, 2], [1, 2], [0, 1]]],
  ["c,d,eab,cae,d,bda->a", [[3], [2], [3, 4, 2], [3, 4, 3], [2], [2, 2, 4]], [[1, 4], [1, 2], [0, 3], [0, 2], [0, 1]]],
  ["dbf,cbe,a,fab->ace", [[3, 2, 2], [3, 2, 3], [5], [2, 5, 2]], [[0, 3], [0, 2], [0, 1]]],
  ["a,cbd,bca,abd,adc,d->ab", [[6], [4, 4, 6], [4, 4, 6], [6, 4, 6], [6, 6, 4], [6]], [[1, 5], [3, 4], [2, 3], [1, 2], [0, 1]]],
  ["g,e,ea,d,eg->ad", [[3], [2], [2, 6], [6], [2, 3]], [[0, 4], [0, 3], [0, 2], [0, 1]]],
  ["d,d,ca,bda,f,ab->ac", [[4], [4], [6, 6], [3, 4, 6], [3], [6, 3]], [[0, 1], [1, 3], [2, 3], [1, 2], [0, 1]]],
  ["def,db,ca,caf->d", [[5, 3, 3], [5, 2], [5, 3], [5, 3, 3]], [[2, 3], [0, 2], [0, 1]]],
  ];

  it("greedy paths equal opt_einsum's greedy", () => {
    for (const [subscripts, shapes, path] of GREEDY) {
      const [got] = np.einsumPath(subscripts, ...shapes.map((s) => np.ones(s)));
      expect(got, subscripts).toEqual(["einsum_path", ...path]);
    }
  });

  it("optimal never costs more flops than greedy, and einsum follows any path to the same values", () => {
    const flops = (report: string) => Number(/Optimized FLOP count:\s+(\S+)/.exec(report)![1]);
    for (const [subscripts, shapes] of GREEDY) {
      const xs = shapes.map((s, k) => np.add(np.ones(s), np.multiply(np.arange(s.reduce((a, b) => a * b, 1)).reshape(s), 0.01 * (k + 1))));
      const [greedy, greedyReport] = np.einsumPath(subscripts, ...xs);
      const [optimal, optimalReport] = np.einsumPath(subscripts, ...xs, { optimize: "optimal" });
      expect(flops(optimalReport)).toBeLessThanOrEqual(flops(greedyReport));
      const reference = np.einsum(subscripts, ...xs, { optimize: false });
      expect(np.einsum(subscripts, ...xs, { optimize: greedy })).toBeAllclose(reference, { rtol: 1e-12 });
      expect(np.einsum(subscripts, ...xs, { optimize: optimal })).toBeAllclose(reference, { rtol: 1e-12 });
    }
  });
});
