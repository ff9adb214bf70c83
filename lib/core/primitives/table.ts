/**
 * The primitive table: every primitive by name. Its type,
 * `{ [P in PrimName]: Primitive<P> }`, makes a primitive without its rules a
 * compile error.
 */
import type { PrimitiveTable } from "../primitive.ts";
import * as elementwise from "./elementwise.ts";
import * as reductions from "./reduce.ts";
import * as movement from "./movement.ts";
import * as linalg from "./linalg.ts";

/** Every primitive, by name. */
export const primitives: PrimitiveTable = {
  ...elementwise,
  ...reductions,
  ...movement,
  ...linalg,
};
