/**
 * A primitive's record is complete, and the compiler keeps it so. The
 * `@ts-expect-error` lines below are part of the test: `npm test`'s `tsc`
 * fails if any of them stops being an error, that is, if a record could
 * lose one of its rules (abstractEval, impl, jvp, transpose, batch, lower),
 * or the table a primitive, and still compile. The runtime tests check that
 * every record of the table holds each rule as a plain data property (no
 * getters attached from elsewhere). `scripts/check-records.mjs` deletes every
 * rule of every record in the sources, one at a time, and checks that `tsc`
 * rejects each.
 */
import { describe, expect, it } from "vitest";
import type { PrimName, Primitive, PrimitiveTable } from "../../lib/core/primitive.ts";
import { primitives } from "../../lib/core/primitives/table.ts";

// type-level checks (compile time)

/** The keys of `T` that are optional. */
type OptionalKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? K : never }[keyof T];

/** `true` only when `A` and `B` are the same type. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// no rule of a record is optional (a rule that does not apply is an explicit null)
const noOptionalRules: Same<OptionalKeys<Primitive<"exp">>, never> = true;
// and the record has exactly these rules
const ruleNames: Same<keyof Primitive<"exp">, "name" | "abstractEval" | "impl" | "jvp" | "transpose" | "batch" | "lower"> = true;

const { abstractEval, impl, jvp, transpose, batch, lower } = primitives.exp;
const complete: Primitive<"exp"> = { name: "exp", abstractEval, impl, jvp, transpose, batch, lower };
// @ts-expect-error: a record without abstractEval
const withoutAbstractEval: Primitive<"exp"> = { name: "exp", impl, jvp, transpose, batch, lower };
// @ts-expect-error: a record without impl
const withoutImpl: Primitive<"exp"> = { name: "exp", abstractEval, jvp, transpose, batch, lower };
// @ts-expect-error: a record without jvp
const withoutJvp: Primitive<"exp"> = { name: "exp", abstractEval, impl, transpose, batch, lower };
// @ts-expect-error: a record without transpose (a non-linear primitive says `transpose: null`)
const withoutTranspose: Primitive<"exp"> = { name: "exp", abstractEval, impl, jvp, batch, lower };
// @ts-expect-error: a record without its batching rule
const withoutBatch: Primitive<"exp"> = { name: "exp", abstractEval, impl, jvp, transpose, lower };
// @ts-expect-error: a record without its lowering (a primitive that never fuses says `lower: null`)
const withoutLower: Primitive<"exp"> = { name: "exp", abstractEval, impl, jvp, transpose, batch };
// @ts-expect-error: a rule for another primitive's params does not fit (cumsum's batching rule takes { axis, reverse })
const wrongParams: Primitive<"cumsum"> = { ...primitives.cumsum, batch: primitives.reduce_sum.batch };

const { exp: _exp, ...withoutExp } = primitives;
// @ts-expect-error: a table without one of its primitives
const incompleteTable: PrimitiveTable = withoutExp;

// runtime checks

const RULES = ["abstractEval", "impl", "jvp", "transpose", "batch", "lower"] as const;

describe("primitive records", () => {
  it("the type-level checks above compile (and their counterexamples do not)", () => {
    expect([noOptionalRules, ruleNames]).toEqual([true, true]);
    expect(complete.name).toBe("exp");
    expect([withoutAbstractEval, withoutImpl, withoutJvp, withoutTranspose, withoutBatch, withoutLower, wrongParams, incompleteTable]).toHaveLength(8);
  });

  it("hold every rule as a plain data property: a function, or null where it does not apply", () => {
    for (const name of Object.keys(primitives) as PrimName[]) {
      const record = primitives[name] as Primitive;
      expect(record.name).toBe(name);
      for (const rule of RULES) {
        const descriptor = Object.getOwnPropertyDescriptor(record, rule);
        expect(descriptor?.get, `${name}.${rule} is a getter`).toBeUndefined();
        const value = descriptor?.value;
        const ok = rule === "lower" ? value === null || (typeof value === "object" && (value.kind === "elementwise" || value.kind === "sum")) : typeof value === "function" || (rule === "transpose" && value === null);
        expect(ok, `${name}.${rule}`).toBe(true);
      }
    }
  });

  it("have a transpose rule exactly for the linear primitives", () => {
    const linear = (Object.keys(primitives) as PrimName[]).filter((name) => primitives[name].transpose !== null).sort();
    expect(linear).toEqual(
      ["add", "broadcast_in_dim", "concatenate", "convert_element_type", "cumsum", "div", "dot_general", "expm_frechet", "fft", "gather", "mul", "neg", "pad", "reduce_sum", "reshape", "scatter_add", "select", "slice", "sub", "transpose", "triangular_solve"].sort(),
    );
  });
});
