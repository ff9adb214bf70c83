/**
 * The primitive table: every primitive by name, with all of its rules. Its
 * type, `{ [P in PrimName]: Primitive<P> }`, makes a primitive without its
 * rules (abstractEval, impl, jvp, transpose, batch) a compile error. The
 * batching rules are written in `batching.ts` and attached here.
 */
import type { PrimName, Primitive, PrimitiveTable, RulesTable } from "../primitive.ts";
import * as elementwise from "./elementwise.ts";
import * as reductions from "./reduce.ts";
import * as movement from "./movement.ts";
import * as linalg from "./linalg.ts";
import { batchRules } from "./batching.ts";

const rules: RulesTable = {
  ...elementwise,
  ...reductions,
  ...movement,
  ...linalg,
};

/** Every primitive, by name. */
export const primitives: PrimitiveTable = Object.fromEntries(
  (Object.keys(rules) as PrimName[]).map((name) => {
    const record = rules[name] as Primitive;
    // read lazily: batching.ts and this module import each other
    Object.defineProperty(record, "batch", { get: () => batchRules[name], enumerable: true });
    return [name, record];
  }),
) as unknown as PrimitiveTable;
