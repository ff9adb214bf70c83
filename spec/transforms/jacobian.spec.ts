/**
 * jacfwd, jacrev and hessian: forward and reverse Jacobians agree with each
 * other and with central differences along every basis vector, for input
 * and output ranks 0–2, trees on both sides and argnums arrays; Hessians are
 * symmetric and match second differences; Rosenbrock's Hessian has its
 * closed form.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Tensor } from "../../lib/core/tensor.ts";
import { DTypeError, hessian, jacfwd, jacrev, np, tree } from "../../lib/index.ts";
import { expectAllclose, expectJacobianClose, numericalJacobian, randTensor, seedArb, shapeArb, sizeOf, thrown } from "./_util.ts";

const RUNS = 20;

// ---------------------------------------------------------------------------
// random smooth functions of trees

type Structure = "leaf" | "pair" | "object";

/** A tree of the given structure over `leaves`. */
function build(structure: Structure, leaves: readonly Tensor[]): unknown {
  if (structure === "leaf") return leaves[0];
  if (structure === "pair") return [leaves[0], leaves[1]];
  return { q: [leaves[1]], p: leaves[0] };
}
const leafCount = (s: Structure) => (s === "leaf" ? 1 : 2);

interface Problem {
  readonly args: [unknown, unknown];
  readonly inShapes: readonly (readonly number[])[][];
  readonly outShapes: readonly (readonly number[])[];
  readonly f: (a: unknown, b: unknown) => unknown;
}

const problemArb = fc
  .record({
    inStructures: fc.tuple(fc.constantFrom<Structure>("leaf", "pair", "object"), fc.constantFrom<Structure>("leaf", "pair")),
    inShapes: fc.array(shapeArb(0, 2, 3), { minLength: 4, maxLength: 4 }),
    outStructure: fc.constantFrom<Structure>("leaf", "pair", "object"),
    outShapes: fc.array(shapeArb(0, 2, 3), { minLength: 2, maxLength: 2 }),
    seed: seedArb,
  })
  .map(({ inStructures, inShapes, outStructure, outShapes, seed }): Problem => {
    const perArg = [inShapes.slice(0, leafCount(inStructures[0])), inShapes.slice(2, 2 + leafCount(inStructures[1]))];
    const args = perArg.map((shapes, a) => build(inStructures[a], shapes.map((s, j) => randTensor(s, seed + 10 * a + j)))) as [unknown, unknown];
    const outs = outShapes.slice(0, leafCount(outStructure));
    const n = perArg.flat().reduce((s, shape) => s + sizeOf(shape), 0);
    const consts = outs.map((s, k) => ({
      A: randTensor([sizeOf(s), n], seed + 100 + k),
      c: randTensor([sizeOf(s)], seed + 200 + k),
      d: randTensor([n], seed + 300 + k),
    }));
    const f = (a: unknown, b: unknown) => {
      const v = np.concatenate([...tree.leaves(a), ...tree.leaves(b)].map((l) => np.ravel(l as Tensor)), 0);
      const ys = outs.map((s, k) => {
        const { A, c, d } = consts[k];
        const y = np.multiply(np.tanh(np.add(np.matmul(A, v), c)), np.add(1.5, np.sin(np.multiply(np.sum(np.multiply(v, d)), np.exp(np.multiply(0.3, v.slice(0)))))));
        return np.reshape(y, s);
      });
      return build(outStructure, ys);
    };
    return { args, inShapes: perArg, outShapes: outs, f };
  });

const argnumsArb = fc.constantFrom<number | number[]>(0, 1, [0, 1], [1, 0]);

/** The input leaf shapes in argnums order. */
function selectedShapes(p: Problem, argnums: number | number[]): (readonly number[])[] {
  return (typeof argnums === "number" ? [argnums] : argnums).flatMap((a) => p.inShapes[a]);
}

/** The tree the Jacobian should have: the output tree with each leaf replaced by the (argnums) input trees. */
function expectedStructure(p: Problem, argnums: number | number[]): string {
  const inTree = typeof argnums === "number" ? tree.structure(p.args[argnums]) : { kind: "array", children: argnums.map((a) => tree.structure(p.args[a])) };
  const out = p.f(...p.args);
  const sub = (d: ReturnType<typeof tree.structure>): unknown =>
    d.kind === "leaf" ? inTree : d.kind === "none" ? d : { ...d, children: d.children.map(sub as never) };
  return JSON.stringify(sub(tree.structure(out)));
}

describe("jacfwd and jacrev", () => {
  it("agree with each other and with central differences, for ranks 0-2, trees and argnums", () => {
    fc.assert(
      fc.property(problemArb, argnumsArb, (p, argnums) => {
        const fwd = jacfwd(p.f, { argnums })(...p.args);
        const rev = jacrev(p.f, { argnums })(...p.args);
        expect(JSON.stringify(tree.structure(fwd))).toBe(expectedStructure(p, argnums));
        expect(JSON.stringify(tree.structure(rev))).toBe(expectedStructure(p, argnums));
        expectAllclose(fwd, rev, { rtol: 1e-10, atol: 1e-12 }, "jacfwd vs jacrev");
        const list = typeof argnums === "number" ? [argnums] : argnums;
        const numeric = numericalJacobian(p.f, p.args, list);
        expectJacobianClose(fwd, numeric, p.outShapes, selectedShapes(p, argnums), { rtol: 1e-6, atol: 1e-8 }, "jacfwd vs numerical");
      }),
      { numRuns: RUNS },
    );
  });

  it("hasAux passes aux through unchanged", () => {
    fc.assert(
      fc.property(shapeArb(0, 2), seedArb, (s, seed) => {
        const x = randTensor(s, seed);
        const f = (v: Tensor): [Tensor, { norm: Tensor; tag: string }] => [np.sin(v), { norm: np.sum(np.square(v)), tag: "aux" }];
        for (const jac of [jacfwd, jacrev]) {
          const [j, aux] = jac(f, { hasAux: true })(x);
          expect(aux.tag).toBe("aux");
          expectAllclose(aux.norm, np.sum(np.square(x)), {}, "aux");
          const diag = np.reshape(np.cos(x), [x.size]);
          const dense = np.multiply(np.eye(x.size), diag);
          expectAllclose(j, np.reshape(dense, [...s, ...s]), { rtol: 1e-14, atol: 1e-15 }, `${jac.name} of sin`);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("blocks take the output's dtype (jacfwd) or the input's dtype (jacrev) with mixed float32/float64, as in JAX", () => {
    const x32 = np.array([1, 2], { dtype: "float32" });
    const x64 = np.array([3, 4, 5]);
    const f = (a: Tensor, b: Tensor) => [np.sum(np.square(a)).astype("float64"), np.multiply(b, np.sum(a).astype("float64"))];
    const fwd = jacfwd(f, { argnums: [0, 1] })(x32, x64) as Tensor[][];
    const rev = jacrev(f, { argnums: [0, 1] })(x32, x64) as Tensor[][];
    expect(fwd.map((row) => row.map((b) => `${b.dtype}[${b.shape}]`))).toEqual([
      ["float64[2]", "float64[3]"],
      ["float64[3,2]", "float64[3,3]"],
    ]);
    expect(rev.map((row) => row.map((b) => `${b.dtype}[${b.shape}]`))).toEqual([
      ["float32[2]", "float64[3]"],
      ["float32[3,2]", "float64[3,3]"],
    ]);
    expectAllclose(fwd, rev, { rtol: 1e-6, atol: 1e-6, dtype: false }, "mixed dtypes");
    expectAllclose(fwd[1][0], [[3, 3], [4, 4], [5, 5]], { dtype: false }, "d(b·Σa)/da");
  });

  it("an int argument is a DTypeError naming the argument", () => {
    const e = thrown(() => jacrev((x: Tensor) => np.sin(x))(np.array([1, 2], { dtype: "int32" })));
    expect(e).toBeInstanceOf(DTypeError);
    expect(e.message).toMatch(/jacrev: argument 0 has dtype int32/);
  });
});

// ---------------------------------------------------------------------------
// Hessians

/** A smooth scalar function of one tensor, with its own random constants. */
function scalarFn(n: number, seed: number): (x: Tensor) => Tensor {
  const A = randTensor([3, n], seed);
  const d = randTensor([n], seed + 1);
  return (x) => {
    const v = np.ravel(x);
    return np.add(np.sum(np.square(np.tanh(np.matmul(A, v)))), np.multiply(np.power(np.sum(np.multiply(v, d)), 3), np.exp(np.multiply(0.2, np.sum(v)))));
  };
}

/** Second differences: (f(x+hei+hej) - f(x+hei-hej) - f(x-hei+hej) + f(x-hei-hej)) / 4h². */
function numericalHessian(f: (x: Tensor) => Tensor, x: Tensor, h = 1e-4): number[][] {
  const base = Array.from(x.toTypedArray());
  const at = (di: number, si: number, dj: number, sj: number) => {
    const v = base.slice();
    v[di] += si * h;
    v[dj] += sj * h;
    return f(np.reshape(np.array(v), x.shape)).item();
  };
  return base.map((_, i) => base.map((_, j) => (at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) / (4 * h * h)));
}

describe("hessian", () => {
  it("is symmetric and matches second differences, for ranks 0-2", () => {
    fc.assert(
      fc.property(shapeArb(0, 2, 3), seedArb, (s, seed) => {
        const x = randTensor(s, seed);
        const f = scalarFn(x.size, seed + 5);
        const H = hessian(f)(x) as Tensor;
        expect(H.shape).toEqual([...s, ...s]);
        const flat = np.reshape(H, [x.size, x.size]);
        expectAllclose(flat, np.transpose(flat), { rtol: 1e-10, atol: 1e-12 }, "symmetry");
        const numeric = numericalHessian(f, x);
        const scale = Math.max(1, ...numeric.flat().map(Math.abs));
        expectAllclose(flat, numeric, { rtol: 1e-5, atol: 1e-5 * scale }, "hessian vs second differences");
      }),
      { numRuns: RUNS },
    );
  });

  it("with argnums [0, 1] gives the block matrix [[H00, H01], [H10, H11]] with H10 = H01ᵀ", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), seedArb, (m, n, seed) => {
        const a = randTensor([m], seed);
        const b = randTensor([n], seed + 1);
        const W = randTensor([m, n], seed + 2);
        const f = (x: Tensor, y: Tensor) => np.sum(np.sin(np.multiply(np.matmul(x, W), y)));
        const H = hessian(f, { argnums: [0, 1] })(a, b) as Tensor[][];
        expect(H.map((row) => row.map((t) => t.shape))).toEqual([
          [[m, m], [m, n]],
          [[n, m], [n, n]],
        ]);
        expectAllclose(H[1][0], np.transpose(H[0][1]), { rtol: 1e-12, atol: 1e-14 }, "H10 = H01ᵀ");
        const joint = (v: Tensor) => f(v.slice([0, m]), v.slice([m, m + n]));
        const full = hessian(joint)(np.concatenate([a, b], 0));
        expectAllclose(np.concatenate([np.concatenate(H[0], 1), np.concatenate(H[1], 1)], 0), full, { rtol: 1e-12, atol: 1e-14 }, "blocks of the joint Hessian");
      }),
      { numRuns: RUNS },
    );
  });

  const rosenbrock = (p: Tensor) => {
    const [x, y] = [p.slice(0), p.slice(1)];
    return np.add(np.multiply(100, np.square(np.subtract(y, np.square(x)))), np.square(np.subtract(1, x)));
  };
  const closedForm = (x: number, y: number) => [
    [1200 * x * x - 400 * y + 2, -400 * x],
    [-400 * x, 200],
  ];

  it("of Rosenbrock at (1.2, 1.0) is [[1200x²−400y+2, −400x], [−400x, 200]] = [[1330, −480], [−480, 200]]", () => {
    const H = hessian(rosenbrock)(np.array([1.2, 1.0]));
    expectAllclose(H, closedForm(1.2, 1.0), { rtol: 1e-14, atol: 1e-12 }, "Rosenbrock Hessian");
    expectAllclose(H, [[1330, -480], [-480, 200]], { rtol: 1e-14, atol: 1e-12 }, "Rosenbrock Hessian, numbers");
  });

  it("of Rosenbrock has the closed form at random points, and jacfwd(jacrev) = jacrev(jacfwd) = hessian", () => {
    fc.assert(
      fc.property(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }), (x, y) => {
        const p = np.array([x, y]);
        const H = hessian(rosenbrock)(p);
        expectAllclose(H, closedForm(x, y), { rtol: 1e-12, atol: 1e-10 }, "closed form");
        expectAllclose(jacfwd(jacrev(rosenbrock))(p), H, { rtol: 1e-12, atol: 1e-10 }, "jacfwd(jacrev)");
        expectAllclose(jacrev(jacfwd(rosenbrock))(p), H, { rtol: 1e-12, atol: 1e-10 }, "jacrev(jacfwd)");
        expectAllclose(jacrev(jacrev(rosenbrock))(p), H, { rtol: 1e-12, atol: 1e-10 }, "jacrev(jacrev)");
        expectAllclose(jacfwd(jacfwd(rosenbrock))(p), H, { rtol: 1e-12, atol: 1e-10 }, "jacfwd(jacfwd)");
      }),
      { numRuns: RUNS },
    );
  });
});
