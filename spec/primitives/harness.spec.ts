/**
 * The checkers catch wrong rules: each test swaps one rule of the primitive
 * table for a subtly wrong one (restored afterwards; vitest isolates test
 * files, so no other file sees it) and expects the matching property to fail.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { singleOutputTranspose, type AnyPrimitive, type PrimName } from "../../lib/core/primitive.ts";
import { primitives } from "../../lib/core/primitives/table.ts";
import * as ops from "../../lib/core/ops.ts";
import { elementwiseCases } from "./cases/elementwise.ts";
import { movementCases } from "./cases/movement.ts";
import { linalgCases } from "./cases/linalg.ts";
import { checkDotProduct, checkJaxpr, checkJvp, checkSecondOrder, checkVmap, F64, type Case, type Draw } from "./harness.ts";

function withRule<K extends keyof AnyPrimitive>(prim: PrimName, key: K, rule: AnyPrimitive[K], body: () => void): void {
  const record = primitives[prim] as unknown as Record<string, unknown>;
  const saved = record[key];
  record[key] = rule;
  try {
    body();
  } finally {
    record[key] = saved;
  }
}

function caseOf(cases: readonly Case[], name: string): Case {
  const c = cases.find((k) => k.name === name);
  if (c === undefined) throw new Error(`no case ${name}`);
  return c;
}

/** The property fails for some draw. */
function expectCaught(c: Case, check: (d: Draw, seed: number) => void): void {
  // a fixed seed: these tests are about the checkers, so they must not depend on the luck of the draw
  expect(() => fc.assert(fc.property(c.arb, fc.integer(), check), { numRuns: 100, seed: 42 })).toThrow(/Property failed/);
}

describe("the checkers catch wrong rules", () => {
  it("jvp vs central differences: cos with d cos = +sin", () => {
    withRule("cos", "jvp", ([x]: any, [t]: any) => [[ops.cos(x)], [ops.mul(t, ops.sin(x))]], () =>
      expectCaught(caseOf(elementwiseCases, "cos"), (d, s) => checkJvp(d, s, F64)),
    );
  });
  it("dot-product identity: broadcast_in_dim's transpose forgetting the stretched axes", () => {
    withRule(
      "broadcast_in_dim",
      "transpose",
      singleOutputTranspose((ct: any, [x]: any, { shape, broadcastDimensions: dims }: any) => {
        const axes: number[] = [];
        for (let i = 0; i < shape.length; i++) if (!dims.includes(i)) axes.push(i);
        const summed = ops.reduceSum(ct, axes);
        // wrong: takes index 0 of the stretched axes instead of summing them
        const start = summed.shape.map(() => 0);
        return [ops.reshape(ops.slice(summed, start, summed.shape.map((d: number, j: number) => (x.shape[j] === 1 ? 1 : d))), x.shape)];
      }),
      () => expectCaught(caseOf(movementCases, "broadcast_in_dim"), (d, s) => checkDotProduct(d, s, F64)),
    );
  });
  it("dot-product identity: dot_general's lhs transpose with the wrong axis order", () => {
    const right = primitives.dot_general.transpose!;
    withRule(
      "dot_general",
      "transpose",
      (cts: any, args: any, params: any) => {
        const out = right(cts, args, params);
        const a = out[0];
        if (a === null || a.ndim < 2) return out;
        // wrong: the lhs cotangent's elements in the order of its reversed axes (a missed final permutation)
        const reversed = ops.transpose(a, a.shape.map((_: number, i: number) => a.ndim - 1 - i));
        return [ops.reshape(reversed, a.shape), out[1]];
      },
      () => expectCaught(caseOf(linalgCases, "dot_general"), (d, s) => checkDotProduct(d, s, F64)),
    );
  });
  it("second order: tanh's jvp coefficient computed under stop_gradient (first order still right)", () => {
    withRule(
      "tanh",
      "jvp",
      ([x]: any, [t]: any) => {
        const y = ops.tanh(x);
        return [[y], [ops.mul(t, ops.stopGradient(ops.sub(ops.scalar(1, x.dtype), ops.mul(y, y))))]];
      },
      () => {
        const c = caseOf(elementwiseCases, "tanh");
        fc.assert(fc.property(c.arb, fc.integer(), (d, s) => checkJvp(d, s, F64)), { numRuns: 20, seed: 42 });
        expectCaught(c, (d, s) => checkSecondOrder(d, s, F64));
      },
    );
  });
  it("vmap vs a loop: exp's batching rule reporting the batch axis at 0 wherever it is", () => {
    withRule("exp", "batch", (_size: number, [x]: any) => [[ops.exp(x)], [0]], () =>
      expectCaught(caseOf(elementwiseCases, "exp"), (d, s) => checkVmap(d, s)),
    );
  });
  it("jaxpr: an abstractEval that gets the output shape wrong", () => {
    withRule("exp", "abstractEval", ([x]: any) => [{ shape: [...x.shape, 1], dtype: x.dtype }], () =>
      expectCaught(caseOf(elementwiseCases, "exp"), (d, s) => checkJaxpr("exp", d, s, true)),
    );
  });
});
