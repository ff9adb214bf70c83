/**
 * Property tests of the dense linear-algebra primitives (see harness.ts for the properties).
 */
import { decompositionCases } from "./cases/decompositions.ts";
import { runCases } from "./harness.ts";

runCases(decompositionCases, 25);
