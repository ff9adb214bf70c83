/**
 * The primitive table: every primitive by name, with all of its rules. Its
 * type, `{ [P in PrimName]: Primitive<P> }`, makes a missing primitive, or a
 * record without one of its rules (abstractEval, impl, jvp, transpose,
 * batch, lower), a compile error.
 */
import type { PrimitiveTable } from "../primitive.ts";
import * as elementwise from "./elementwise.ts";
import * as reductions from "./reduce.ts";
import * as movement from "./movement.ts";
import * as linalg from "./linalg.ts";
import * as cumulative from "./cumulative.ts";
import * as bitwise from "./bitwise.ts";
import * as random from "./random.ts";
import * as triangular from "./triangular.ts";
import * as factorizations from "./factorizations.ts";
import * as spectral from "./spectral.ts";
import * as matrixExp from "./matrixExp.ts";
import * as fourier from "./fft.ts";
import * as transcendental from "./transcendental.ts";
import * as gatherScatter from "./gatherScatter.ts";
import * as sorting from "./sort.ts";

/** Every primitive, by name. */
export const primitives: PrimitiveTable = {
  ...elementwise,
  ...reductions,
  ...movement,
  ...linalg,
  ...cumulative,
  ...bitwise,
  ...random,
  ...triangular,
  ...factorizations,
  ...spectral,
  ...matrixExp,
  ...fourier,
  ...transcendental,
  ...gatherScatter,
  ...sorting,
};
