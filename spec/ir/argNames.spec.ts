/**
 * The printer names a jaxpr's inputs by their paths in the arguments
 * (`a:f64[3]  # params.b1`), by default when an argument is a tree and on
 * request with `{ argNames: true }`; the roots are the function's parameter
 * names where its source has a plain parameter list.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, makeJaxpr, np, type Tensor } from "tracegrad";
import { parameterNames } from "../../lib/ir/argNames.ts";

type Params = { w1: Tensor; b1: Tensor; layers: Tensor[] };
const params: Params = { w1: np.ones([3, 2]), b1: np.zeros([2]), layers: [np.ones([2]), np.ones([2])] };

describe("makeJaxpr's input names", () => {
  it("names the leaves of tree arguments by their paths, in leaf order (object keys sorted)", () => {
    const predict = (params: Params, x: Tensor) =>
      np.sum(np.multiply(np.add(np.matmul(x, params.w1), params.b1), np.add(params.layers[0], params.layers[1])));
    expect(makeJaxpr(predict)(params, np.ones([4, 3])).toString()).toMatchInlineSnapshot(`
      "{ lambda ;
          a:f64[2]    # params.b1
          b:f64[2]    # params.layers[0]
          c:f64[2]    # params.layers[1]
          d:f64[3,2]  # params.w1
          e:f64[4,3]  # x
        . let
          f:f64[4,2] = dot_general[contracting=((1,), (0,)) batch=((), ())] e d
          g:f64[4,2] = add f a
          h:f64[2] = add b c
          i:f64[4,2] = mul g h
          j:f64[] = reduce_sum[axes=(0, 1)] i
        in (j,) }"
    `);
  });

  it("keeps the one-line form for tensor arguments unless asked, and names by position when parameters cannot be read", () => {
    expect(makeJaxpr((x: Tensor) => np.sin(x))(np.ones([2])).toString()).toBe("{ lambda ; a:f64[2]. let\n    b:f64[2] = sin a\n  in (b,) }");
    expect(makeJaxpr((x: Tensor) => np.sin(x), { argNames: true })(np.ones([2])).toString()).toBe(
      "{ lambda ;\n    a:f64[2]  # x\n  . let\n    b:f64[2] = sin a\n  in (b,) }",
    );
    const destructured = ({ w }: { w: Tensor }) => np.sin(w);
    expect(makeJaxpr(destructured)({ w: np.ones([2]) }).toString()).toContain("a:f64[2]  # args[0].w");
    expect(makeJaxpr((p: { w: Tensor }) => np.sin(p.w), { argNames: false })({ w: np.ones([2]) }).toString()).toMatch(/^\{ lambda ; a:f64\[2\]\. let/);
  });

  it("quotes keys that are not identifiers", () => {
    expect(makeJaxpr((p: Record<string, Tensor>) => np.sin(p["first layer"]))({ "first layer": np.ones([1]) }).toString()).toContain('# p["first layer"]');
  });

  it("refuses a non-boolean argNames", () => {
    expect(() => makeJaxpr(np.sin, { argNames: "yes" } as never)).toThrow(ArgumentError);
    expect(() => makeJaxpr(np.sin, { argNames: "yes" } as never)).toThrow(/makeJaxpr: argNames must be true or false, got "yes"; for example makeJaxpr\(f, \{ argNames: true \}\)/);
  });
});

describe("parameterNames", () => {
  it("reads plain parameter lists of arrows, functions and methods", () => {
    expect(parameterNames((params: unknown, x: unknown) => [params, x])).toEqual(["params", "x"]);
    expect(parameterNames(function loss(p: unknown, batch: unknown) { return [p, batch]; })).toEqual(["p", "batch"]);
    expect(parameterNames({ step(state: unknown) { return state; } }.step)).toEqual(["state"]);
    expect(parameterNames(async (x: unknown) => x)).toEqual(["x"]);
    expect(parameterNames(() => 0)).toEqual([]);
  });

  it("gives up on destructuring, defaults, rest parameters and native functions", () => {
    expect(parameterNames(({ w }: { w: unknown }) => w)).toBeNull();
    expect(parameterNames((x: number = 1) => x)).toBeNull();
    expect(parameterNames((...xs: unknown[]) => xs)).toBeNull();
    expect(parameterNames(Math.sin)).toBeNull();
  });
});
